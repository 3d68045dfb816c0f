//! What each column of a table holds: area names, indicator names, years, units,
//! figures, or nothing of interest; and for each column of figures what its headers
//! say (year, indicator, unit, whether it is a 合计 column).
//!
//! Header words (地区, 指标, 年份, 单位, 序号) name label columns; what the data rows
//! hold decides the rest: mostly figures make a column of figures, whatever its header;
//! mostly text makes a column of names. Headers over a column are read top to bottom;
//! an empty cell in an upper header row takes the text to its left when the row below
//! has a header there (a pasted `2011年` over three columns whose merge was lost).

use super::cell::{is_target_word, is_year_only, year_label, Cell, YearLabel};
use super::layout::{Layout, Table, MAX_HEADER_ROWS};
use super::words::{
    header_word, is_total, is_unit, split_unit, squeeze, unit_statement, HeaderWord,
};
use super::{ImportError, ImportOptions};

/// The role of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Area,
    Indicator,
    Year,
    Unit,
    /// Figures.
    Value,
    /// Not about figures (序号, 备注) or empty.
    Ignore,
}

/// One column as recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Column {
    pub col: usize,
    pub role: Role,
    /// The header texts over the column, top to bottom (trimmed; empty and repeated
    /// ones dropped), as sources quote them.
    pub labels: Vec<String>,
    /// The row of the lowest header text over the column.
    pub head: Option<usize>,
    /// The year the headers name.
    pub year: Option<YearLabel>,
    /// The indicator the headers name.
    pub indicator: Option<String>,
    /// The unit the headers state (maybe one planlens does not know) and its place.
    pub unit: Option<(String, String)>,
    /// A 合计 column: the sum of the other indicators of its year.
    pub total: bool,
}

/// The columns of a table and the label columns among them (one of each role).
#[derive(Debug)]
pub(crate) struct Columns {
    pub all: Vec<Column>,
    pub area: usize,
    pub indicator: Option<usize>,
    pub year: Option<usize>,
    pub unit: Option<usize>,
    /// Units stated in header cells of columns without figures (a corner `单位：亿元`),
    /// with their places.
    pub stated: Vec<(String, String)>,
}

/// How the data rows fill a column.
#[derive(Clone, Default)]
struct Content {
    text: usize,
    figures: usize,
    /// Cells that are not units, and not years.
    not_units: usize,
    not_years: usize,
}

impl Content {
    fn filled(&self) -> usize {
        self.text + self.figures
    }
    fn all_units(&self) -> bool {
        self.filled() > 0 && self.not_units == 0
    }
    /// Most cells are years (a year column; the others are refused cell by cell).
    fn mostly_years(&self) -> bool {
        self.not_years.saturating_mul(2) < self.filled()
    }
}

/// The content of every column, in one pass over the data cells that exist.
fn contents(t: &Table, l: &Layout) -> Vec<Content> {
    let mut out = vec![Content::default(); t.width];
    for &r in &l.data {
        for (col, (cell, n)) in t.row(r).iter().zip(out.iter_mut()).enumerate() {
            match cell {
                Cell::Empty => continue,
                Cell::Text => n.text += 1,
                Cell::Number(_) | Cell::NoValue => n.figures += 1,
            }
            let text = t.text(r, col);
            n.not_units += usize::from(!is_unit(text));
            n.not_years += usize::from(!is_year_only(text));
        }
    }
    out
}

/// The header texts of every column (see the module comment for the fill rule), and
/// for each text the row it came from.
fn header_labels(t: &Table, l: &Layout) -> Vec<Vec<(usize, String)>> {
    let mut out: Vec<Vec<(usize, String)>> = vec![Vec::new(); t.width];
    let last = l.header.last().copied();
    let skip = l.header.len().saturating_sub(MAX_HEADER_ROWS);
    for &h in l.header.iter().skip(skip) {
        let mut carry: Option<&str> = None;
        for (c, labels) in out.iter_mut().enumerate() {
            let mut s = t.label(h, c).trim();
            if s.is_empty() {
                let below = last
                    .filter(|&b| b != h)
                    .map_or("", |b| t.label(b, c).trim());
                match carry {
                    Some(k) if c > 0 && !below.is_empty() => s = k,
                    _ => carry = None,
                }
            } else {
                carry = header_word(s).is_none().then_some(s);
            }
            if !s.is_empty() && labels.last().map(|(_, x)| x.as_str()) != Some(s) {
                labels.push((h, s.to_string()));
            }
        }
    }
    out
}

/// Recognises the columns. `area_column` (the option) picks the area column.
pub(crate) fn columns(t: &Table, l: &Layout, opts: &ImportOptions) -> Result<Columns, ImportError> {
    let labels = header_labels(t, l);
    let contents = contents(t, l);
    let mut all: Vec<Column> = labels
        .iter()
        .zip(&contents)
        .enumerate()
        .map(|(col, (labels, content))| {
            let word = labels
                .iter()
                .filter_map(|(_, s)| header_word(s))
                .min_by_key(|w| *w != HeaderWord::Area);
            Column {
                col,
                role: role(word, content),
                labels: labels.iter().map(|(_, s)| s.clone()).collect(),
                head: labels.last().map(|(r, _)| *r),
                year: None,
                indicator: None,
                unit: None,
                total: false,
            }
        })
        .collect();
    let area = area_column(t, l, &mut all, opts)?;
    let indicator = single(&mut all, Role::Indicator);
    let year = single(&mut all, Role::Year);
    let unit = single(&mut all, Role::Unit);
    let mut stated = Vec::new();
    for (column, labels) in all.iter_mut().zip(&labels) {
        if column.role == Role::Value {
            read_headers(t, column, labels)?;
            continue;
        }
        for (r, s) in labels {
            if let Some(u) = unit_statement(s) {
                stated.push((u, t.grid.place(*r, column.col)));
            }
        }
    }
    Ok(Columns {
        all,
        area,
        indicator,
        year,
        unit,
        stated,
    })
}

fn role(word: Option<HeaderWord>, n: &Content) -> Role {
    match word {
        Some(HeaderWord::Ignore) => return Role::Ignore,
        Some(HeaderWord::Year) if n.mostly_years() => return Role::Year,
        _ => {}
    }
    if n.filled() == 0 {
        return Role::Ignore;
    }
    if n.figures >= n.text {
        return Role::Value;
    }
    if n.all_units() {
        return Role::Unit;
    }
    match word {
        Some(HeaderWord::Area) => Role::Area,
        Some(HeaderWord::Indicator) => Role::Indicator,
        Some(HeaderWord::Value) => Role::Value,
        // A column of names without a header word: the areas, if it is the only one.
        _ => Role::Area,
    }
}

/// Chooses the area column: the option; else the one column of names with an area
/// header word; else the one column of names. Other columns of names without a header
/// word hold text where figures belong, which the records refuse cell by cell.
fn area_column(
    t: &Table,
    l: &Layout,
    all: &mut [Column],
    opts: &ImportOptions,
) -> Result<usize, ImportError> {
    let place = |c: usize| {
        t.grid
            .place(l.header.first().or(l.data.first()).copied().unwrap_or(0), c)
    };
    if let Some(c) = opts.area_column {
        let Some(column) = all.get_mut(c) else {
            return Err(ImportError::new(
                t.grid.whole(),
                format!(
                    "the area column {c} is past the table's {} columns",
                    t.width
                ),
                Some("--area-column"),
            ));
        };
        column.role = Role::Area;
        demote(all, c);
        return Ok(c);
    }
    let named: Vec<usize> = all
        .iter()
        .filter(|c| c.role == Role::Area)
        .filter(|c| {
            c.labels
                .iter()
                .any(|s| header_word(s) == Some(HeaderWord::Area))
        })
        .map(|c| c.col)
        .collect();
    let unnamed: Vec<usize> = all
        .iter()
        .filter(|c| c.role == Role::Area && !named.contains(&c.col))
        .map(|c| c.col)
        .collect();
    let pick = match (named.as_slice(), unnamed.as_slice()) {
        ([one], _) | ([], [one]) => *one,
        ([a, b, ..], _) | ([], [a, b, ..]) => {
            return Err(ImportError::new(
                place(*a),
                format!(
                    "columns {} and {} both hold names: which one holds the areas?",
                    super::column_letters(*a as u64),
                    super::column_letters(*b as u64)
                ),
                Some("--area-column"),
            ))
        }
        ([], []) => {
            return Err(ImportError::new(
                t.grid.whole(),
                "no column holds area names",
                Some("--area-column"),
            ))
        }
    };
    demote(all, pick);
    Ok(pick)
}

/// The first column of a label role; any further one becomes a column of figures, so
/// that its text is refused where figures belong rather than dropped.
fn single(all: &mut [Column], role: Role) -> Option<usize> {
    let first = all.iter().find(|c| c.role == role).map(|c| c.col)?;
    for c in all.iter_mut() {
        if c.role == role && c.col != first {
            c.role = Role::Value;
        }
    }
    Some(first)
}

/// Makes every column of names but the area column a column of figures, so that its
/// text is refused where figures belong.
fn demote(all: &mut [Column], area: usize) {
    for c in all.iter_mut() {
        if c.role == Role::Area && c.col != area {
            c.role = Role::Value;
        }
    }
}

/// Reads the headers of a column of figures: units (`单位：亿元`, `亿元`, `生物（亿元）`),
/// a year, target words (目标), 合计, and what is left as the indicator's name.
fn read_headers(
    t: &Table,
    column: &mut Column,
    labels: &[(usize, String)],
) -> Result<(), ImportError> {
    let mut parts: Vec<String> = Vec::new();
    for (r, label) in labels {
        let place = t.grid.place(*r, column.col);
        let (name, unit) = split_unit(label);
        if let Some(u) = unit {
            column.unit = Some((u, place.clone()));
        } else if let Some(u) = unit_statement(label) {
            column.unit = Some((u, place));
            continue;
        } else if is_unit(label) {
            column.unit = Some((squeeze(label), place));
            continue;
        }
        let rest = match year_label(&name) {
            Some(y) => {
                if let Some(had) = &column.year {
                    if had.year != y.year {
                        return Err(ImportError::new(
                            place,
                            format!(
                                "the headers of this column name two years, {} and {}",
                                had.year, y.year
                            ),
                            Some("--header-rows"),
                        ));
                    }
                }
                let rest = y.rest.clone();
                column.year = Some(y);
                if is_target_word(&rest) {
                    continue;
                }
                rest
            }
            None => name,
        };
        if rest.is_empty() || header_word(&rest) == Some(HeaderWord::Value) {
            continue;
        }
        if is_total(&rest) || squeeze(&rest) == "小计" {
            column.total = true;
            continue;
        }
        parts.push(rest);
    }
    column.indicator = join(&parts);
    Ok(())
}

/// Joins header parts into one name: CJK parts directly (生物产业 + 规模), ASCII words
/// with a space.
fn join(parts: &[String]) -> Option<String> {
    let mut out = String::new();
    for p in parts {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        let ascii_edge = out.ends_with(|c: char| c.is_ascii_alphanumeric())
            && p.starts_with(|c: char| c.is_ascii_alphanumeric());
        if ascii_edge {
            out.push(' ');
        }
        out.push_str(p);
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::super::grid::Grid;
    use super::super::layout::layout;
    use super::*;

    fn cols(rows: &[&[&str]], opts: &ImportOptions) -> Result<Columns, ImportError> {
        let rows = rows
            .iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect();
        let g = Box::leak(Box::new(Grid::new("t", rows)));
        let t = Table::new(g).unwrap();
        let l = layout(&t, None);
        columns(&t, &l, opts)
    }

    #[test]
    fn pasted_two_row_headers_fill_right() {
        let c = cols(
            &[
                &["", "2011年", "", "2012年", ""],
                &["", "生物（亿元）", "互联网", "生物", "合计"],
                &["全市", "1", "2", "3", "3"],
            ],
            &ImportOptions::default(),
        )
        .unwrap();
        assert_eq!(c.area, 0);
        let show: Vec<_> = c
            .all
            .iter()
            .skip(1)
            .map(|c| {
                (
                    c.year.as_ref().map(|y| y.year),
                    c.indicator.clone(),
                    c.unit.as_ref().map(|u| u.0.clone()),
                    c.total,
                )
            })
            .collect();
        assert_eq!(
            show,
            vec![
                (Some(2011), Some("生物".into()), Some("亿元".into()), false),
                (Some(2011), Some("互联网".into()), None, false),
                (Some(2012), Some("生物".into()), None, false),
                (Some(2012), None, None, true),
            ]
        );
        assert_eq!(c.all.get(1).unwrap().unit.as_ref().unwrap().1, "t!B2");
    }

    #[test]
    fn long_tables_and_label_words() {
        let c = cols(
            &[
                &["序号", "地区", "指标", "年份", "目标值", "单位"],
                &["1", "全市", "生物", "2011", "700", "亿元"],
                &["2", "福田区", "生物", "2011年", "28", "亿元"],
            ],
            &ImportOptions::default(),
        )
        .unwrap();
        let roles: Vec<Role> = c.all.iter().map(|c| c.role).collect();
        assert_eq!(
            roles,
            vec![
                Role::Ignore,
                Role::Area,
                Role::Indicator,
                Role::Year,
                Role::Value,
                Role::Unit
            ]
        );
        assert_eq!(c.area, 1);
        assert_eq!(c.all.get(4).unwrap().indicator, None);
    }

    #[test]
    fn two_columns_of_names_are_a_question() {
        let rows: &[&[&str]] = &[&["福田区", "生物", "28"], &["南山区", "生物", "30"]];
        let e = cols(rows, &ImportOptions::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t!A1: columns A and B both hold names: which one holds the areas? (use --area-column …)"
        );
        let opts = ImportOptions {
            area_column: Some(0),
            ..ImportOptions::default()
        };
        let c = cols(rows, &opts).unwrap();
        assert_eq!(c.all.get(1).unwrap().role, Role::Value);
    }
}
