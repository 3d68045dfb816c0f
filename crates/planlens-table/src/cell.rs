//! Reading one cell: a figure (exact, range, bound, approximate, with an optional
//! unit), a mark that there is no figure (`—`, `…`, `/`), a year label, or text.
//!
//! The whole cell must be one figure: `28`, `1,234.5`, `１２３`, `10―12`, `≥100`,
//! `100以上`, `超过100`, `约700`, `700左右`, `28亿元`, `12%`. Anything else is text, which
//! the recognizer refuses in a data position rather than reading part of it.

use super::words::{fold, is_unit};
use planlens::num::{parse_decimal, Dec};

/// A figure read from a cell: the inclusive bounds (equal for an exact value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Figure {
    pub lo: Option<Dec>,
    pub hi: Option<Dec>,
    /// 约 / 左右 (only on exact values).
    pub approx: bool,
    /// A unit written after the number (`28亿元`).
    pub unit: Option<String>,
}

/// What a cell holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cell {
    /// Nothing at all.
    Empty,
    /// A mark that there is no figure: `—`, `-`, `…`, `/`. Never zero.
    NoValue,
    Number(Figure),
    Text,
}

/// Characters that, alone or repeated, say a cell has no figure.
fn is_no_value_mark(c: char) -> bool {
    matches!(
        c,
        '—' | '―' | '–' | '-' | '─' | '…' | '/' | '\\' | '·' | '.' | '×' | '_'
    )
}

/// Reads a cell.
pub(crate) fn read(text: &str) -> Cell {
    let s = fold(text);
    if s.is_empty() {
        return Cell::Empty;
    }
    if s.chars().all(is_no_value_mark) || s.eq_ignore_ascii_case("n/a") {
        return Cell::NoValue;
    }
    figure(&s).map_or(Cell::Text, Cell::Number)
}

/// Range separators between two numbers: 10―12, 10-12, 10~12, 10至12.
const RANGE_SEPS: [char; 8] = ['―', '—', '–', '-', '~', '〜', '至', '到'];
/// Words before a number that make it a floor.
const FLOOR_BEFORE: [&str; 12] = [
    ">=",
    "≥",
    "⩾",
    ">",
    "不低于",
    "不少于",
    "不小于",
    "至少",
    "超过",
    "大于",
    "高于",
    "多于",
];
/// Words before a number that make it a ceiling.
const CEILING_BEFORE: [&str; 10] = [
    "<=",
    "≤",
    "⩽",
    "<",
    "不超过",
    "不高于",
    "不多于",
    "不大于",
    "低于",
    "少于",
];
/// Words after a number (and its unit) that make it a floor or a ceiling.
const FLOOR_AFTER: [&str; 3] = ["及以上", "以上", "+"];
const CEILING_AFTER: [&str; 4] = ["及以下", "以下", "以内", "之内"];

#[derive(Clone, Copy, PartialEq)]
enum Bound {
    Exact,
    Floor,
    Ceiling,
}

/// Strips the first of `words` that `s` starts with.
fn strip_any<'s>(s: &'s str, words: &[&str]) -> Option<&'s str> {
    words.iter().find_map(|w| s.strip_prefix(w))
}

/// Strips the first of `words` that `s` ends with.
fn strip_any_end<'s>(s: &'s str, words: &[&str]) -> Option<&'s str> {
    words.iter().find_map(|w| s.strip_suffix(w))
}

/// Reads a whole folded cell as a figure.
fn figure(s: &str) -> Option<Figure> {
    let mut approx = false;
    let mut rest = s;
    if let Some(r) = strip_any(rest, &["大约", "约"]) {
        approx = true;
        rest = r.trim_start();
    }
    let mut bound = Bound::Exact;
    if let Some(r) = strip_any(rest, &FLOOR_BEFORE) {
        bound = Bound::Floor;
        rest = r.trim_start();
    } else if let Some(r) = strip_any(rest, &CEILING_BEFORE) {
        bound = Bound::Ceiling;
        rest = r.trim_start();
    }
    let (first, after) = number(rest, bound == Bound::Exact)?;
    let mut rest = after.trim_start();
    let mut second = None;
    if let Some(r) = rest.strip_prefix(RANGE_SEPS) {
        if let Some((n, after)) = number(r.trim_start(), false) {
            second = Some(n);
            rest = after.trim_start();
        }
    }
    // What follows: a unit, then 以上 / 以下 / 左右 in any order.
    let mut tail = rest.trim_end();
    loop {
        if let Some(t) = tail.strip_suffix("左右") {
            approx = true;
            tail = t.trim_end();
        } else if let Some(t) = strip_any_end(tail, &FLOOR_AFTER) {
            bound = merge_bound(bound, Bound::Floor)?;
            tail = t.trim_end();
        } else if let Some(t) = strip_any_end(tail, &CEILING_AFTER) {
            bound = merge_bound(bound, Bound::Ceiling)?;
            tail = t.trim_end();
        } else {
            break;
        }
    }
    let unit = match tail {
        "" => None,
        u if is_unit(u) => Some(u.to_string()),
        _ => return None,
    };
    let (lo, hi) = match (second, bound) {
        (Some(b), Bound::Exact) if first <= b => (Some(first), Some(b)),
        (Some(_), _) => return None,
        (None, Bound::Exact) => (Some(first), Some(first)),
        (None, Bound::Floor) => (Some(first), None),
        (None, Bound::Ceiling) => (None, Some(first)),
    };
    // The format allows 约 only on exact values.
    if approx && lo != hi {
        return None;
    }
    Some(Figure {
        lo,
        hi,
        approx,
        unit,
    })
}

/// A bound written twice must agree (`≥100以上`); opposite ones are no figure.
fn merge_bound(had: Bound, new: Bound) -> Option<Bound> {
    (had == Bound::Exact || had == new).then_some(new)
}

/// Reads a decimal at the start of `s`: an optional sign (when `signed`), digits with
/// optional thousands commas (`1,234`), optional decimals. Returns it and the rest.
fn number(s: &str, signed: bool) -> Option<(Dec, &str)> {
    let mut text = String::new();
    let mut rest = s;
    if signed {
        if let Some(r) = rest.strip_prefix(['-', '+']) {
            if s.starts_with('-') {
                text.push('-');
            }
            rest = r;
        }
    }
    let digits = |r: &str| r.bytes().take_while(u8::is_ascii_digit).count();
    let n = digits(rest);
    if n == 0 {
        return None;
    }
    text.push_str(rest.get(..n)?);
    rest = rest.get(n..)?;
    // 10,176.2: a comma followed by exactly three digits groups thousands.
    while let Some(r) = rest.strip_prefix(',') {
        if digits(r) != 3 {
            break;
        }
        text.push_str(r.get(..3)?);
        rest = r.get(3..)?;
    }
    if let Some(r) = rest.strip_prefix('.') {
        let n = digits(r);
        if n > 0 {
            text.push('.');
            text.push_str(r.get(..n)?);
            rest = r.get(n..)?;
        }
    }
    let value = parse_decimal(&text).ok()?;
    Some((value, rest))
}

/// A year as a header or a year column writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YearLabel {
    pub year: i32,
    /// The period as written when the label is a span (`2011—2013年`); `year` is its end.
    pub period: Option<String>,
    /// What follows the year (`目标`, `生物`), folded and trimmed.
    pub rest: String,
}

/// Reads a year at the start of a label: `2011年`, `2011`, `2011年度`, `2011年目标`,
/// `2011—2013年`. Years are 1900–2200; `2011.5` or `20110` are no years.
pub(crate) fn year_label(label: &str) -> Option<YearLabel> {
    let s = fold(label);
    let (year, rest) = year4(&s)?;
    let mut rest = rest.trim_start();
    let mut period = None;
    let mut end = year;
    // A span: 2011—2013年, 2011年—2013年.
    let after_first = rest.strip_prefix('年').unwrap_or(rest).trim_start();
    if let Some(r) = after_first.strip_prefix(RANGE_SEPS) {
        if let Some((y2, r2)) = year4(r.trim_start()) {
            if y2 > year {
                end = y2;
                rest = r2.trim_start();
                let written = s.len().saturating_sub(rest.len());
                period = s.get(..written).map(|p| {
                    let p = p.trim_end();
                    if p.ends_with('年') {
                        p.to_string()
                    } else {
                        format!("{p}年")
                    }
                });
            }
        }
    }
    let rest = strip_any(rest, &["年度", "年"]).unwrap_or(rest).trim();
    Some(YearLabel {
        year: end,
        period,
        rest: rest.to_string(),
    })
}

/// Four digits of a year (1900–2200) at the start of `s`, not followed by another digit
/// or a decimal point.
fn year4(s: &str) -> Option<(i32, &str)> {
    let head = s.get(..4)?;
    let rest = s.get(4..)?;
    if !head.bytes().all(|b| b.is_ascii_digit())
        || rest.starts_with(|c: char| c.is_ascii_digit() || c == '.')
    {
        return None;
    }
    let year: i32 = head.parse().ok()?;
    (1900..=2200).contains(&year).then_some((year, rest))
}

/// Whether a label is only a year (with 年, 年度, or a target word such as 目标 or 底):
/// such a cell is a column header, not a figure.
pub(crate) fn is_year_only(label: &str) -> bool {
    year_label(label).is_some_and(|y| is_target_word(&y.rest))
}

/// Whether what follows a year says only that the figure is a target for it
/// (`2011年目标`, `2012年底`), or nothing.
pub(crate) fn is_target_word(rest: &str) -> bool {
    rest.is_empty()
        || [
            "目标",
            "目标值",
            "预期",
            "预期目标",
            "计划",
            "规划",
            "底",
            "末",
            "年底",
            "年末",
        ]
        .contains(&rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> String {
        match read(s) {
            Cell::Empty => "empty".into(),
            Cell::NoValue => "none".into(),
            Cell::Text => "text".into(),
            Cell::Number(f) => {
                let end = |d: Option<Dec>| d.map_or("_".to_string(), |d| d.normalize().to_string());
                let mut out = format!("{}..{}", end(f.lo), end(f.hi));
                if f.approx {
                    out.push_str(" approx");
                }
                if let Some(u) = f.unit {
                    out.push(' ');
                    out.push_str(&u);
                }
                out
            }
        }
    }

    #[test]
    fn exact_values() {
        assert_eq!(show("28"), "28..28");
        assert_eq!(show(" 1,234 "), "1234..1234");
        assert_eq!(show("10,176.25"), "10176.25..10176.25");
        assert_eq!(show("１２３．５"), "123.5..123.5");
        assert_eq!(show("-5"), "-5..-5");
        assert_eq!(show("28亿元"), "28..28 亿元");
        assert_eq!(show("12%"), "12..12 %");
        assert_eq!(show("12％"), "12..12 %");
    }

    #[test]
    fn ranges_bounds_and_approximations() {
        assert_eq!(show("10―12"), "10..12");
        assert_eq!(show("10-12"), "10..12");
        assert_eq!(show("10~12"), "10..12");
        assert_eq!(show("10 至 12 家"), "10..12 家");
        assert_eq!(show("≥100"), "100.._");
        assert_eq!(show("100以上"), "100.._");
        assert_eq!(show("超过100"), "100.._");
        assert_eq!(show("不低于100亿元"), "100.._ 亿元");
        assert_eq!(show("100亿元以上"), "100.._ 亿元");
        assert_eq!(show("≤5"), "_..5");
        assert_eq!(show("5%以内"), "_..5 %");
        assert_eq!(show("约700"), "700..700 approx");
        assert_eq!(show("700左右"), "700..700 approx");
        assert_eq!(show("12-10"), "text");
        assert_eq!(show("约10-12"), "text");
        assert_eq!(show("≥100以下"), "text");
    }

    #[test]
    fn blanks_marks_and_text() {
        assert_eq!(show(""), "empty");
        assert_eq!(show("　"), "empty");
        for m in ["—", "-", "——", "…", "……", "/", "－", "N/A"] {
            assert_eq!(show(m), "none", "{m}");
        }
        for t in [
            "待定",
            "700*",
            "2011年",
            "1,2345",
            "12.3.4",
            "abc",
            "100万斤",
        ] {
            assert_eq!(show(t), "text", "{t}");
        }
    }

    #[test]
    fn years() {
        let y = |s: &str| year_label(s).map(|y| (y.year, y.period, y.rest));
        assert_eq!(y("2011年"), Some((2011, None, String::new())));
        assert_eq!(y("２０１２"), Some((2012, None, String::new())));
        assert_eq!(y("2011年度"), Some((2011, None, String::new())));
        assert_eq!(y("2011年目标"), Some((2011, None, "目标".into())));
        assert_eq!(y("2011年 生物"), Some((2011, None, "生物".into())));
        assert_eq!(
            y("2011—2013年"),
            Some((2013, Some("2011—2013年".into()), String::new()))
        );
        assert_eq!(
            y("2011年-2013年累计"),
            Some((2013, Some("2011年-2013年".into()), "累计".into()))
        );
        assert_eq!(y("20110"), None);
        assert_eq!(y("2011.5"), None);
        assert_eq!(y("1800年"), None);
        assert_eq!(y("700"), None);
        assert!(is_year_only("2011年目标"));
        assert!(is_year_only("2015"));
        assert!(!is_year_only("2011年生物"));
    }
}
