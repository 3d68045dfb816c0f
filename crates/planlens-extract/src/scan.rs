//! Character-level reading: folded characters with byte offsets, numerals (Arabic,
//! Chinese, mixed), units, years and plan periods.
//!
//! Everything here is index-based on a `Vec<(usize, char)>` and reads with `get`, so no
//! input can make it panic; positions past the end read as `'\0'`.

use planlens::num::Dec;

/// The input as characters (full-width forms folded to ASCII) with their byte offsets.
pub(super) struct Text<'a> {
    pub src: &'a str,
    cs: Vec<(usize, char)>,
}

/// Folds full-width ASCII (`１２３`, `％`, `（`, `，`) and the ideographic space.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{A0}' => ' ',
        '〜' => '~',
        _ => c,
    }
}

impl<'a> Text<'a> {
    pub fn new(src: &'a str) -> Text<'a> {
        Text {
            src,
            cs: src.char_indices().map(|(i, c)| (i, fold(c))).collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.cs.len()
    }

    /// The folded character at `i`, `'\0'` outside the text.
    pub fn ch(&self, i: usize) -> char {
        self.cs.get(i).map_or('\0', |x| x.1)
    }

    /// The character before `i` (`'\0'` at the start).
    pub fn before(&self, i: usize) -> char {
        i.checked_sub(1).map_or('\0', |j| self.ch(j))
    }

    /// Byte offset of character `i` (the text length past the end).
    pub fn byte(&self, i: usize) -> usize {
        self.cs.get(i).map_or(self.src.len(), |x| x.0)
    }

    /// The folded characters `a..b`.
    pub fn folded(&self, a: usize, b: usize) -> String {
        (a..b.min(self.len())).map(|i| self.ch(i)).collect()
    }

    /// Whether the text at `i` starts with `s`.
    pub fn at(&self, i: usize, s: &str) -> bool {
        s.chars().enumerate().all(|(k, c)| self.ch(i + k) == c)
    }

    /// Whether the text just before `end` ends with `s` (and starts at or after `floor`).
    pub fn ends(&self, end: usize, floor: usize, s: &str) -> bool {
        let n = s.chars().count();
        end >= floor + n && self.at(end - n, s)
    }

    /// The first of `words` the text at `i` starts with.
    pub fn word_at<'w>(&self, i: usize, words: &[&'w str]) -> Option<&'w str> {
        words.iter().copied().find(|w| self.at(i, w))
    }
}

pub(super) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Value of a Chinese digit (`〇○零一二两三四五六七八九`).
pub(super) fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' | 'Ｏ' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Whether `c` can be part of a Chinese numeral.
pub(super) fn is_cn_num(c: char) -> bool {
    cn_digit(c).is_some() || matches!(c, '十' | '百' | '千' | '万' | '亿')
}

/// A number read from the text: `value` spans characters `start..end`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Num {
    pub start: usize,
    pub end: usize,
    pub value: Dec,
    pub chinese: bool,
}

/// Reads an Arabic number at `i`: digits, optional thousands commas, optional decimals.
pub(super) fn arabic(t: &Text, i: usize) -> Option<Num> {
    let mut s = String::new();
    let mut j = i;
    while t.ch(j).is_ascii_digit() {
        s.push(t.ch(j));
        j += 1;
        // 10,176.2: a comma followed by exactly three digits groups thousands.
        if t.ch(j) == ','
            && (1..=3).all(|k| t.ch(j + k).is_ascii_digit())
            && !t.ch(j + 4).is_ascii_digit()
        {
            j += 1;
        }
    }
    if s.is_empty() {
        return None;
    }
    if t.ch(j) == '.' && t.ch(j + 1).is_ascii_digit() {
        s.push('.');
        j += 1;
        while t.ch(j).is_ascii_digit() {
            s.push(t.ch(j));
            j += 1;
        }
    }
    let value = Dec::from_str_exact(&s).ok()?;
    Some(Num {
        start: i,
        end: j,
        value,
        chinese: false,
    })
}

/// Reads a Chinese numeral at `i`: 一千二百七十, 十, 两, 百; a run of bare digits reads
/// positionally (二○一一 is 2011). 万 and 亿 count only when more numerals follow;
/// otherwise they are left to the unit (十亿元 is 10 亿元).
pub(super) fn chinese(t: &Text, i: usize) -> Option<Num> {
    let mut j = i;
    let digits_only = {
        let mut k = i;
        while cn_digit(t.ch(k)).is_some() {
            k += 1;
        }
        k > i + 1 && !is_cn_num(t.ch(k))
    };
    if digits_only {
        let mut v: u64 = 0;
        while let Some(d) = cn_digit(t.ch(j)) {
            v = v.checked_mul(10)?.checked_add(u64::from(d))?;
            j += 1;
        }
        return Some(Num {
            start: i,
            end: j,
            value: Dec::from(v),
            chinese: true,
        });
    }
    let (mut total, mut section, mut cur): (u64, u64, Option<u64>) = (0, 0, None);
    loop {
        let c = t.ch(j);
        if let Some(d) = cn_digit(c) {
            if cur.is_some() {
                break; // 十二五: a second bare digit ends the number
            }
            cur = Some(u64::from(d));
        } else {
            let unit: u64 = match c {
                '十' => 10,
                '百' => 100,
                '千' => 1000,
                '万' | '亿' => {
                    let next = t.ch(j + 1);
                    let more = cn_digit(next).is_some() || matches!(next, '十' | '百' | '千');
                    // 万 ends the number (万元 is a unit) unless numerals follow or a 亿
                    // came before (一亿二千万).
                    if !(more || (c == '万' && total > 0)) {
                        break;
                    }
                    let block = section.checked_add(cur.unwrap_or(0))?;
                    total = if c == '万' {
                        total.checked_add(block.checked_mul(10_000)?)?
                    } else {
                        total.checked_add(block)?.checked_mul(100_000_000)?
                    };
                    section = 0;
                    cur = None;
                    j += 1;
                    continue;
                }
                _ => break,
            };
            section = section.checked_add(cur.unwrap_or(1).checked_mul(unit)?)?;
            cur = None;
        }
        j += 1;
    }
    if j == i {
        return None;
    }
    let v = total.checked_add(section)?.checked_add(cur.unwrap_or(0))?;
    Some(Num {
        start: i,
        end: j,
        value: Dec::from(v),
        chinese: true,
    })
}

/// Scale prefixes that belong to the unit as written (3300万元, 1.4万亿元).
const SCALES: [&str; 5] = ["万亿", "千万", "百万", "万", "亿"];

/// Base units, longer spellings before their prefixes, each with the characters that
/// must not follow it (人口, 名牌, 部门 are words, not units).
const BASES: &[(&str, &str)] = &[
    ("个百分点", ""),
    ("百分点", ""),
    ("%", ""),
    ("‰", ""),
    ("美元", ""),
    ("元", ""),
    ("人次", ""),
    ("人份", ""),
    ("人", "口才员民均数工士们力类大文格事"),
    ("名", "牌称单誉次义额"),
    ("家", "庭电具居乡长属"),
    ("个", "人体性别案"),
    ("项", "目"),
    ("件", "事"),
    ("所", "属有以在得谓"),
    ("只", "是有要能"),
    ("套", "餐"),
    ("辆", ""),
    ("台", "湾阶风"),
    ("片", "区面"),
    ("份", "额"),
    ("块", "钱"),
    ("层", "次面级"),
    ("楼", "宇盘房"),
    ("平方公里", ""),
    ("平方米", ""),
    ("公顷", ""),
    ("万亩", ""),
    ("亩", ""),
    ("公里", ""),
    ("吨标煤", ""),
    ("吨", ""),
    ("千瓦时", ""),
    ("千瓦", ""),
    ("千克", ""),
    ("公斤", ""),
    ("立方米", ""),
    ("户", "籍口型"),
    ("座", "谈"),
    ("条", "例件款"),
    ("处", "理长室于"),
    ("批", "准复示"),
    ("支", "持撑出付"),
    ("种", "子植类"),
    ("篇", "章"),
    ("场", "所地景"),
    ("次", "年"),
    ("期", "间末限刊"),
    ("位", "居于置"),
    ("款", ""),
    ("张", ""),
    ("株", ""),
    ("倍", ""),
    ("PB", ""),
    ("TB", ""),
    ("GB", ""),
    ("KW", ""),
    ("kW", ""),
    ("MW", ""),
    ("GW", ""),
];

/// A unit as written, spanning characters `start..end`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct UnitText {
    pub text: String,
    pub end: usize,
}

/// Reads a unit at `i`: an optional scale prefix, a base and an optional `/月`-style
/// suffix. `None` when no known unit starts there.
pub(super) fn unit(t: &Text, i: usize) -> Option<UnitText> {
    let mut j = i;
    if t.ch(j) == ' ' && t.ch(j + 1) != ' ' {
        j += 1; // "34 个"
    }
    let scale = t.word_at(j, &SCALES).unwrap_or("");
    let k = j + scale.chars().count();
    let (base, forbidden) = BASES.iter().copied().find(|(b, _)| t.at(k, b))?;
    let mut end = k + base.chars().count();
    if forbidden.contains(t.ch(end)) && t.ch(end) != '\0' {
        return None;
    }
    if base.is_ascii() && t.ch(end).is_ascii_alphanumeric() {
        return None;
    }
    let mut text = format!("{scale}{base}");
    // 10万片/月, 2.0吨标煤/万元
    if t.ch(end) == '/' && (is_cjk(t.ch(end + 1)) || t.ch(end + 1).is_ascii_alphabetic()) {
        let mut m = end + 1;
        while m < end + 4 && (is_cjk(t.ch(m)) || t.ch(m).is_ascii_alphabetic()) {
            m += 1;
        }
        text.push_str(&t.folded(end, m));
        end = m;
    }
    Some(UnitText { text, end })
}

/// The year a plan period ends in: 十二五 is 2011–2015.
pub(super) fn period_end(name: &str) -> Option<i32> {
    Some(match name {
        "十五" => 2005,
        "十一五" => 2010,
        "十二五" => 2015,
        "十三五" => 2020,
        "十四五" => 2025,
        "十五五" => 2030,
        _ => return None,
    })
}

/// A year as written: `2013`, `二○一一`, or hidden (`20XX`, `201*`).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct YearText {
    pub year: Option<i32>,
    pub text: String,
    pub end: usize,
}

fn is_hidden_digit(c: char) -> bool {
    matches!(c, 'X' | 'x' | '*' | '?' | '×')
}

/// Reads four year characters at `i` (Arabic, Chinese, or with hidden digits).
fn year4(t: &Text, i: usize) -> Option<YearText> {
    let c: Vec<char> = (i..i + 4).map(|k| t.ch(k)).collect();
    let (a, b, y, z) = match c.as_slice() {
        [a, b, y, z] => (*a, *b, *y, *z),
        _ => return None,
    };
    let text: String = c.iter().collect();
    if a.is_ascii_digit() {
        if !((a == '1' && b == '9') || (a == '2' && b == '0')) {
            return None;
        }
        let ok = |d: char| d.is_ascii_digit() || is_hidden_digit(d);
        if !(ok(y) && ok(z)) {
            return None;
        }
        let year = text.parse::<i32>().ok();
        return Some(YearText {
            year,
            text,
            end: i + 4,
        });
    }
    let d: Option<Vec<u32>> = c.iter().map(|&x| cn_digit(x)).collect();
    let d = d?;
    let year = d.iter().try_fold(0i32, |acc, &x| {
        acc.checked_mul(10)?.checked_add(i32::try_from(x).ok()?)
    })?;
    (1900..2200).contains(&year).then_some(YearText {
        year: Some(year),
        text,
        end: i + 4,
    })
}

/// A year token: `2013年`, `2010底`, `20XX年`, a range `2011—2013年` (its end year,
/// with the range as the period), or `二○一一年`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct YearTok {
    pub start: usize,
    /// Just after 年 (or after the digits when 底 follows).
    pub end: usize,
    pub year: Option<i32>,
    /// The year as written when hidden (`201*`).
    pub hidden: Option<String>,
    /// The range as written (`2011—2013年`).
    pub period: Option<String>,
}

pub(super) const RANGE_SEPS: [char; 7] = ['―', '—', '–', '-', '~', '至', '到'];

pub(super) fn year_token(t: &Text, i: usize) -> Option<YearTok> {
    let prev = t.before(i);
    if prev.is_ascii_alphanumeric() || is_cn_num(prev) {
        return None;
    }
    let first = year4(t, i)?;
    let mut j = first.end;
    if t.ch(j) == ' ' {
        j += 1;
    }
    let hidden = |y: &YearText| y.year.is_none().then(|| y.text.clone());
    // A range: 2011—2013年, 20XX-201*年, 2011年—2013年
    let sep_at = if t.ch(j) == '年' && RANGE_SEPS.contains(&t.ch(j + 1)) {
        j + 1
    } else {
        j
    };
    if RANGE_SEPS.contains(&t.ch(sep_at)) {
        if let Some(second) = year4(t, sep_at + 1) {
            let mut k = second.end;
            if t.ch(k) == ' ' {
                k += 1;
            }
            if t.ch(k) == '年' {
                return Some(YearTok {
                    start: i,
                    end: k + 1,
                    year: second.year,
                    hidden: hidden(&second),
                    period: Some(t.folded(i, k + 1)),
                });
            }
        }
    }
    match t.ch(j) {
        '年' => Some(YearTok {
            start: i,
            end: j + 1,
            year: first.year,
            hidden: hidden(&first),
            period: None,
        }),
        '底' if !first.text.chars().any(is_hidden_digit) => Some(YearTok {
            start: i,
            end: j,
            year: first.year,
            hidden: None,
            period: None,
        }),
        _ => None,
    }
}

/// A plan period at `i` (十二五末, “十二五”末, 十二五期末): its name, end year and the
/// character after it. `i` may point at an opening quote.
pub(super) fn period_token(t: &Text, i: usize) -> Option<(String, i32, usize)> {
    let mut j = i;
    if matches!(t.ch(j), '“' | '"' | '‘') {
        j += 1;
    }
    if t.ch(j) != '十' || is_cn_num(t.before(i)) || t.before(i) == '第' {
        return None;
    }
    let name = ["十一五", "十二五", "十三五", "十四五", "十五五", "十五"]
        .into_iter()
        .find(|n| t.at(j, n))?;
    let year = period_end(name)?;
    let mut k = j + name.chars().count();
    if matches!(t.ch(k), '”' | '"' | '’') {
        k += 1;
    }
    let tail = t.word_at(k, &["期末", "时期末", "末"])?;
    Some((format!("{name}末"), year, k + tail.chars().count()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cn(s: &str) -> Option<(String, usize)> {
        let t = Text::new(s);
        chinese(&t, 0).map(|n| (n.value.to_string(), n.end))
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(cn("一千二百七十亿元"), Some(("1270".into(), 6)));
        assert_eq!(cn("十"), Some(("10".into(), 1)));
        assert_eq!(cn("两"), Some(("2".into(), 1)));
        assert_eq!(cn("百人"), Some(("100".into(), 1)));
        assert_eq!(cn("十亿元"), Some(("10".into(), 1)));
        assert_eq!(cn("二十五"), Some(("25".into(), 3)));
        assert_eq!(cn("一万二千人"), Some(("12000".into(), 4)));
        assert_eq!(cn("二○一一年"), Some(("2011".into(), 4)));
        assert_eq!(cn("十二五"), Some(("12".into(), 2)));
        assert_eq!(cn("一亿二千万元"), Some(("120000000".into(), 5)));
        assert_eq!(cn("九千九百亿九千九百亿九千九百亿"), None);
        assert_eq!(cn("年"), None);
    }

    #[test]
    fn arabic_and_full_width() {
        let t = Text::new("１２３．５亿元");
        let n = arabic(&t, 0).map(|n| (n.value.to_string(), n.end));
        assert_eq!(n, Some(("123.5".into(), 5)));
        assert_eq!(unit(&t, 5).map(|u| u.text), Some("亿元".into()));
        let t = Text::new("10,176.2亿元");
        assert_eq!(
            arabic(&t, 0).map(|n| n.value.to_string()),
            Some("10176.2".into())
        );
        let t = Text::new("99999999999999999999999999999999");
        assert_eq!(arabic(&t, 0), None);
    }

    #[test]
    fn units() {
        let u = |s: &str| unit(&Text::new(s), 0).map(|u| u.text);
        assert_eq!(u("万平方米的"), Some("万平方米".into()));
        assert_eq!(u("万片/月。"), Some("万片/月".into()));
        assert_eq!(u("吨标煤/万元,"), Some("吨标煤/万元".into()));
        assert_eq!(u("个百分点"), Some("个百分点".into()));
        assert_eq!(u("人口"), None);
        assert_eq!(u("代液晶"), None);
        assert_eq!(u("英寸"), None);
        assert_eq!(u("PBX"), None);
        assert_eq!(u(" 家"), Some("家".into()));
    }

    #[test]
    fn years_and_periods() {
        let y = |s: &str| year_token(&Text::new(s), 0).map(|y| (y.year, y.hidden, y.period, y.end));
        assert_eq!(y("2013年底"), Some((Some(2013), None, None, 5)));
        assert_eq!(y("2010底"), Some((Some(2010), None, None, 4)));
        assert_eq!(y("201*年"), Some((None, Some("201*".into()), None, 5)));
        assert_eq!(y("20XX 年"), Some((None, Some("20XX".into()), None, 6)));
        assert_eq!(
            y("2011—2013年"),
            Some((Some(2013), None, Some("2011—2013年".into()), 10))
        );
        assert_eq!(
            y("20XX-201*年"),
            Some((None, Some("201*".into()), Some("20XX-201*年".into()), 10))
        );
        assert_eq!(y("二○一一年十二月"), Some((Some(2011), None, None, 5)));
        assert_eq!(y("2000万元"), None);
        assert_eq!(y("1000万份"), None);
        let p = |s: &str| period_token(&Text::new(s), 0).map(|(n, y, _)| (n, y));
        assert_eq!(p("“十二五”末"), Some(("十二五末".into(), 2015)));
        assert_eq!(p("十三五期末"), Some(("十三五末".into(), 2020)));
        assert_eq!(p("“十二五”时期"), None);
    }
}
