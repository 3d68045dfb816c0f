//! Drafting a plan from its text (issue #8): `planlens extract`.
//!
//! Analysts receive Chinese plan documents as text. [`extract`] reads such a text and
//! proposes one target per numeric commitment, each tied to the sentence it comes from;
//! [`to_plan_json`] writes the proposal as a `planlens/1` file for the analyst to check
//! and complete. Nothing here does I/O.
//!
//! # Approach
//! A single pass over the text, without regular expressions or dictionaries beyond a
//! few short word lists:
//!
//! 1. **Outline.** Every line is a paragraph. Headings are recognised by their numbering
//!    (`一、` level 1, `(一)` level 2, `1.` level 3, `(1)`/`――` level 4). A year in a
//!    heading (`(一)2011年目标`, `四、2008―2010年主要工作`) holds for everything below
//!    it until a heading of the same or a higher level; a year followed by 目标 in a
//!    paragraph (`到201*年具体目标:`) holds until the next level-1 or level-2 heading.
//! 2. **Years inside a paragraph** carry forward from the point where they are written
//!    (`2012年，A，B，C` gives all three 2012) until the next year; an inline `(2)`
//!    item falls back to the heading's year. Hidden years (`20XX`, `201*`) are kept as
//!    written with no year; `十二五末` reads as 2015 with the period kept; a range
//!    `2011—2013年` gives its end year with the range as the period. A bare `年` at the
//!    start of a clause is a year the text lost: its figures get no year. Nothing is
//!    ever guessed.
//! 3. **Quantities.** A number (Arabic, full-width, Chinese, mixed like `1.4万亿元`),
//!    optionally a range (`10―12`, `60%―70%`, `3～4`, `5至10`) or a ratio
//!    (`3∶42∶55`), counts only when a known unit follows (亿元, %, 家, 个, 万平方米,
//!    PB …). Scale characters stay in the unit as written (`3300万元` is 3300 万元).
//!    Markers give the form: 以上/超过/不低于/≥/至少 a minimum, 以内/不超过/≤ a
//!    maximum, 左右/约 an approximate value. Chinese numerals need such a marker or a
//!    verb like 达到 next to them, so 一批, 四个…联络处 and 两区 stay text.
//! 4. **What is not a target.** Ordinals (第五届), model names (8.5代, 12英寸, 4G,
//!    BYD488Q), document numbers (〔2009〕1号, in brackets), anything in brackets or
//!    《》, dates (月/日 are no units), phone numbers (no unit), policy amounts
//!    (资助/奖励/补贴/抵扣 next to the figure), conditions (`2.5%以内的,`), counts of a
//!    list given right there (`A、B、C 3个片区`) or defined elsewhere (`明确的86项`,
//!    `落实141项`), the partners of an agreement (`与11所院校`), and baselines: a year
//!    before the document's own date (a line that is only a date, such as
//!    `二○一一年十二月八日`), 现有/目前/同比/以来 before the figure, or a heading over
//!    the present state (`一、试点基础`, `…成绩显著`, `…完成情况`). Thresholds: in
//!    `超十亿元企业10家` the money amount follows 超 and is followed by a noun and by
//!    another figure, so it becomes part of the indicator name (超十亿元企业) and only
//!    10 家 is a target.
//! 5. **Names.** `X达到N单位` names the figure after its subject X; `N单位(的)Y` names it
//!    after the object Y (with X when Y follows a 的). Years, adverbs (力争, 其中) and
//!    verbs at the edges are trimmed; growth in % becomes …增长率. When the same name
//!    would repeat for the same year from different sentences, the nearest earlier
//!    figure named …规模 (生物产业规模 → 生物产业) is prefixed to tell them apart.
//!
//! 6. **Allocations over areas.** `全市生物产业规模达到900亿元，其中南山区460亿元、宝安区
//!    288亿元` is one indicator (生物产业规模) for three areas. A figure is a part of the
//!    figure before it when the words between name an area below the whole's (by
//!    form: …区, …县, …市, …新区, …镇, …街道, see `area.rs`; or an area the draft
//!    already has, the `--area` included), after 其中, a comma (`…900亿元，南山区460亿元`)
//!    or a previous part, with the same unit and year: 其中 lists separated by 、，；
//!    (also on the lines after a line ending in 其中:), `A、B分别达到x、y` (as many
//!    figures as names), the indicator repeated after the area
//!    (`其中南山区生物产业规模460亿元`), bounds and ranges. The whole's area is named at
//!    the start of its name or clause (全市/全省/全区/全县 or the `--area` are the
//!    plan's own area, as is a figure without any area; the first city named so names
//!    it when `--area` is not given; a district is the whole of its streets); the
//!    parts are its children. An item naming no such area (高新区, 国家级) is a figure of
//!    its own, as before. A leading 全市/全省/全区/全县 is dropped from every name: it
//!    names the plan's area, not the indicator.
//!
//! Tables (numbers in cells without a unit next to them) are not read as prose: a text
//! that holds a table is read by the table module ([`table_in`], the code of
//! `planlens import`). Words around
//! a figure are read at most 120 characters each way, so the work stays linear on
//! any input.
//!
//! # The draft file
//! [`to_plan_json`] writes the plan's own area (`area`) and the areas allocations name
//! (`a1`, `a2`, … with their `parent`), one indicator per distinct name and unit (`i1`,
//! `i2`, …; shares and rates in %, ‰ or 百分点 get `"additive": false`), and the
//! targets: the parts of an allocation share their whole's indicator and year, each
//! with its own area, so that `area_sum` checks them (a 其中 list may name only some
//! of the parts; the whole's note says so). A figure without any year gets
//! `"year_text": "未注明"` (not stated) and a note. A ratio whose parts add up to 100 becomes one share target per part
//! (`三次产业比重(第1项)` …, in %, not additive); other ratios go to the plan's note.
//! When the text repeats an indicator for the same year, the first figure is kept and
//! the later ones are written into the plan's note, so the file always loads.

mod area;
mod json;
mod name;
mod scan;
mod table;

pub use json::{draft_plan, to_plan_json};
pub use table::{table_in, TableInText};

use planlens::num::Dec;
use scan::{is_cjk, is_cn_num, Text};

/// How to read and label the draft.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The plan's own area, the whole the figures are about (default: the city an
    /// allocation names as its whole, else 全市).
    pub area_name: Option<String>,
    /// The plan id (default: the file name without its extension).
    pub plan_id: Option<String>,
    /// The name of the text file, for the plan's `source` and notes.
    pub file_name: String,
}

/// What [`extract`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    /// One candidate per numeric commitment, in text order.
    pub targets: Vec<Candidate>,
    /// Remarks about the whole text: skipped baselines, repeated indicators.
    pub notes: Vec<String>,
    /// The areas the figures are about. `areas[0]` is the plan's own area (`--area`,
    /// else the city an allocation names as its whole, else 全市); the others are the
    /// parts allocations name (南山区 in 其中南山区460亿元), with their parent.
    pub areas: Vec<AreaName>,
}

/// An area of the draft.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaName {
    /// The name as written: 全市, 深圳市, 南山区.
    pub name: String,
    /// Index of the parent in [`Draft::areas`]; `None` for the plan's own area (and for
    /// a whole that is not part of it, such as another city).
    pub parent: Option<usize>,
}

/// A proposed target.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The indicator's name taken from the sentence: 生物产业规模, 市级研发机构, 超亿元企业.
    pub indicator: String,
    /// The year; `None` when hidden (20XX, 201*) or not stated.
    pub year: Option<i32>,
    /// The year as written when it is hidden ("20XX", "201*").
    pub year_text: Option<String>,
    /// The period when the text names one ("十二五末", "2008―2010年"); `year` is its end.
    pub period: Option<String>,
    /// The figure: exact (maybe approximate), a range, a bound or a ratio.
    pub value: Value,
    /// The unit as written: 亿元, 万元, %, 家, 个, 万平方米, PB …
    pub unit: String,
    /// Byte range of the number phrase (with 约/超过/以上/左右) in the input.
    pub span: (usize, usize),
    /// Byte range of the sentence the figure comes from.
    pub sentence: (usize, usize),
    /// Why the year is missing or how it was read, when that needs saying.
    pub note: Option<String>,
    /// The area: an index into [`Draft::areas`] (0, the plan's own area, unless an
    /// allocation names another).
    pub area: usize,
    /// For the figure of a part (南山区460亿元 in 全市…900亿元，其中南山区460亿元): the
    /// index in [`Draft::targets`] of the whole's figure, whose indicator it shares.
    pub part_of: Option<usize>,
}

/// The form of a figure.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An exact figure; `approx` for 左右 / 约.
    Exact { value: Dec, approx: bool },
    /// 10―12家.
    Range { min: Dec, max: Dec },
    /// 以上, 超过, 不低于, ≥, 至少.
    Min(Dec),
    /// 以内, 不超过, ≤.
    Max(Dec),
    /// 3∶42∶55.
    Ratio(Vec<Dec>),
}

/// The year a figure belongs to, as far as the text says.
#[derive(Debug, Clone, Default, PartialEq)]
struct Ctx {
    year: Option<i32>,
    hidden: Option<String>,
    period: Option<String>,
    /// The year lies before the document's own date: figures are baselines.
    past: bool,
    /// A bare 年 where the text lost its year.
    lost: bool,
}

impl Ctx {
    fn is_set(&self) -> bool {
        self.year.is_some() || self.hidden.is_some() || self.lost
    }

    fn note(&self) -> Option<String> {
        if let Some(h) = &self.hidden {
            let p = self.period.as_ref().unwrap_or(h);
            return Some(format!("年份在原文中被隐去({p})，未推断"));
        }
        if self.lost {
            return Some("原文此处年份缺失(只剩“年”)，未推断".to_string());
        }
        match (&self.period, self.year) {
            (Some(p), Some(y)) if p.ends_with('末') => Some(format!("{p}按{y}年计")),
            (Some(p), Some(y)) => Some(format!("期间{p}，按末年{y}年计")),
            (_, None) => Some("原文未注明年份".to_string()),
            _ => None,
        }
    }
}

/// Reads a plan text and proposes its numeric targets.
///
/// Never fails and never panics: text without figures gives an empty draft.
pub fn extract(text: &str, opts: &Options) -> Draft {
    let t = Text::new(text);
    let given = opts
        .area_name
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let mut walk = Walk {
        t: &t,
        issue: issue_year(&t),
        stack: Vec::new(),
        sticky: None,
        out: Vec::new(),
        baseline: 0,
        areas: vec![AreaName {
            name: given.unwrap_or("全市").to_string(),
            parent: None,
        }],
        levels: vec![given.and_then(area::level_of).unwrap_or(2)],
        root_named: given.is_some(),
        known: Default::default(),
        open: None,
        pending: Vec::new(),
        qizhong: false,
        carry: false,
    };
    walk.known.insert(given.unwrap_or("全市").to_string(), 0);
    let mut start = 0;
    while start < t.len() {
        let mut end = start;
        while end < t.len() && !matches!(t.ch(end), '\n' | '\r') {
            end += 1;
        }
        walk.line(start, end);
        start = end + 1;
    }
    let mut draft = Draft {
        targets: walk.out,
        notes: Vec::new(),
        areas: walk.areas,
    };
    if walk.baseline > 0 {
        let date = walk
            .issue
            .map(|y| format!("(成文日期 {y} 年)"))
            .unwrap_or_default();
        draft.notes.push(format!(
            "{} 个数字属于成文日期之前的年份或现状描述{date}，作为基数未列入目标",
            walk.baseline
        ));
    }
    // 全市科技进步贡献率 is the plan area's 科技进步贡献率, as in an allocation
    for c in &mut draft.targets {
        if c.area == 0 {
            if let Some((len, _)) = area::whole(&c.indicator) {
                let rest = c
                    .indicator
                    .get(len..)
                    .unwrap_or("")
                    .trim_start_matches('的');
                if rest.chars().count() >= 2 {
                    c.indicator = rest.to_string();
                }
            }
        }
    }
    name::disambiguate(&mut draft.targets);
    // the parts of an allocation carry the name of their whole, however it was renamed
    for k in 0..draft.targets.len() {
        let whole = draft.targets.get(k).and_then(|c| c.part_of);
        if let Some(name) = whole
            .and_then(|w| draft.targets.get(w))
            .map(|w| w.indicator.clone())
        {
            if let Some(c) = draft.targets.get_mut(k) {
                c.indicator = name;
            }
        }
    }
    for (i, j) in repeats(&draft.targets) {
        if let (Some(a), Some(b)) = (draft.targets.get(i), draft.targets.get(j)) {
            draft.notes.push(format!(
                "“{}”{}年重复出现：保留第一处({})，后一处({})只记入说明",
                b.indicator,
                b.year.unwrap_or_default(),
                describe(a),
                describe(b)
            ));
        }
    }
    draft
}

/// Pairs (first, later) of candidates with the same indicator, unit, area and known
/// year: a plan file may hold only one of them.
pub(crate) fn repeats(c: &[Candidate]) -> Vec<(usize, usize)> {
    let mut first = Index::default();
    let mut out = Vec::new();
    for (j, b) in c.iter().enumerate() {
        if b.year.is_none() || matches!(b.value, Value::Ratio(_)) {
            continue;
        }
        let key = key(
            &[&b.indicator, &b.unit],
            &[Some(b.area as i64), b.year.map(i64::from)],
        );
        match first.get(key.as_str()) {
            Some(&i) => out.push((i as usize, j)),
            None => {
                first.insert(key, j as u32);
            }
        }
    }
    out
}

/// The maps of the extractor: `u32` by a string key (see [`key`]), the map type the
/// plan reader already has, so that the wasm holds one copy of its code (each other
/// key type would add one).
pub(crate) type Index = std::collections::HashMap<String, u32>;

/// A key of [`Index`] from words and numbers (an indicator's name and unit, an area,
/// a year), each ended by U+0001. (A text holding that control character can make two
/// keys meet: then two figures count as repeats, and the draft still loads.)
pub(crate) fn key(words: &[&str], numbers: &[Option<i64>]) -> String {
    let mut k = String::new();
    for w in words {
        k.push_str(w);
        k.push('\u{1}');
    }
    for n in numbers {
        if let Some(n) = n {
            k.push_str(&n.to_string());
        }
        k.push('\u{1}');
    }
    k
}

/// `10―12家`, `≥50家`, `约100亿元`.
pub(crate) fn describe(c: &Candidate) -> String {
    use planlens::num::fmt_dec;
    // pushed rather than formatted: the page carries this code
    let mut s = String::new();
    match &c.value {
        Value::Exact { value, approx } => {
            if *approx {
                s.push('约');
            }
            s.push_str(&fmt_dec(*value));
        }
        Value::Range { min, max } => {
            s.push_str(&fmt_dec(*min));
            s.push('―');
            s.push_str(&fmt_dec(*max));
        }
        Value::Min(v) | Value::Max(v) => {
            s.push(if matches!(c.value, Value::Min(_)) {
                '≥'
            } else {
                '≤'
            });
            s.push_str(&fmt_dec(*v));
        }
        Value::Ratio(v) => {
            for (k, d) in v.iter().enumerate() {
                if k > 0 {
                    s.push('∶');
                }
                s.push_str(&fmt_dec(*d));
            }
            return s;
        }
    }
    s.push_str(&c.unit);
    s
}

/// The document's own date: the first line that is nothing but a date
/// (`二○一一年十二月八日`, `2014年04月02日`, `发布日期: 2009-02-19`).
fn issue_year(t: &Text) -> Option<i32> {
    let mut start = 0;
    while start < t.len() {
        let mut end = start;
        while end < t.len() && !matches!(t.ch(end), '\n' | '\r') {
            end += 1;
        }
        let line = t.folded(start, end);
        let line = line.trim();
        let line = line
            .strip_prefix("发布日期")
            .map(|r| r.trim_start_matches([':', ' ']))
            .unwrap_or(line);
        if let Some(y) = date_year(line) {
            return Some(y);
        }
        start = end + 1;
    }
    None
}

fn date_year(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    if b.len() == 10
        && b.get(4) == Some(&b'-')
        && b.get(7) == Some(&b'-')
        && b.iter()
            .enumerate()
            .all(|(k, c)| k == 4 || k == 7 || c.is_ascii_digit())
    {
        return s.get(..4).and_then(|y| y.parse().ok());
    }
    let t = Text::new(s);
    let y = scan::year_token(&t, 0)?;
    let year = y.year?;
    if y.period.is_some() {
        return None;
    }
    let rest = t.folded(y.end, t.len());
    let rest = rest.trim();
    let digitish = |c: char| c.is_ascii_digit() || scan::cn_digit(c).is_some() || c == '十';
    let (m, d) = rest.split_once('月')?;
    let ok = !m.is_empty()
        && m.chars().all(digitish)
        && d.strip_suffix('日')
            .is_some_and(|d| !d.is_empty() && d.chars().all(digitish));
    ok.then_some(year)
}

/// State of the walk over the lines.
struct Walk<'t, 'a> {
    t: &'t Text<'a>,
    issue: Option<i32>,
    /// Headings above the current line: (level, the year they set, whether they head
    /// a description of the present state such as 一、试点基础).
    stack: Vec<(u8, Option<Ctx>, bool)>,
    /// A year introduced by 目标 that holds until the next level-1/2 heading.
    sticky: Option<Ctx>,
    out: Vec<Candidate>,
    baseline: usize,
    /// The draft's areas; the first is the plan's own area.
    areas: Vec<AreaName>,
    /// The level of each area.
    levels: Vec<area::Level>,
    /// Whether the plan's own area has its name (`--area`, or a city named as a whole).
    root_named: bool,
    /// The index of each area by its name.
    known: Index,
    /// The last figure, which the next ones may be the parts of (其中南山区…).
    open: Option<Open>,
    /// Areas of the next figures of the sentence (南山区、宝安区分别达到460亿元、288亿元),
    /// the next one last.
    pending: Vec<usize>,
    /// A sentence or line that ends in 其中: introduces the parts of the last figure.
    qizhong: bool,
    /// The allocation may continue on the next line (the line ended in 其中: or, with
    /// parts found, in ；，、).
    carry: bool,
}

/// A figure whose parts may follow, and what is known of its allocation.
#[derive(Debug, Clone)]
struct Open {
    /// Index in `Walk::out` of the whole's figure.
    whole: usize,
    /// Its area and level, once a part was found.
    area: Option<(usize, area::Level)>,
    /// The parts found so far (indices in `Walk::out`).
    parts: Vec<usize>,
    /// Whether the parts were introduced by 其中.
    qizhong: bool,
    /// The figure follows the parts of another (…宝安区288亿元，高新区300亿元): its own
    /// parts need a 其中, a comma is not enough.
    after_list: bool,
    /// The allocation may continue in the next sentence (this one ended in ；).
    continues: bool,
    /// Characters from the start of the whole's sentence to the end of the last part's.
    span: (usize, usize),
    /// The whole's year and its note, which parts on the next lines share.
    ctx: Ctx,
    note: Option<String>,
    /// The words of its clause before the figure (龙岗区建成 in 龙岗区建成5个基地), for
    /// the whole's area when its name has none.
    subject: String,
}

/// The punctuation between the items of a list, and spaces.
fn is_sep(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '、' | '。' | ' ')
}

/// `s` without separators at its start. (Loops rather than `trim_start_matches` with
/// a pattern: each pattern type is another copy of the searcher in the wasm.)
fn skip_seps(s: &str) -> &str {
    for (k, c) in s.char_indices() {
        if !is_sep(c) {
            return s.get(k..).unwrap_or("");
        }
    }
    ""
}

/// `s` without separators at its end.
fn drop_seps(s: &str) -> &str {
    let mut end = s.len();
    for (k, c) in s.char_indices().rev() {
        if !is_sep(c) {
            break;
        }
        end = k;
    }
    s.get(..end).unwrap_or("")
}

/// …其中: or …其中 at the end: the parts follow.
fn ends_in_qizhong(s: &str) -> bool {
    drop_seps(s.trim()).ends_with("其中")
}

/// What the words before a figure say about its area (see `Walk::named`).
struct Named {
    qizhong: bool,
    /// They start after a separator (，；、：), not right after the previous figure.
    separated: bool,
    /// The areas named, one per figure that follows (several with 分别).
    names: Vec<(String, area::Level)>,
}

/// Verbs between a part's area and its figure: 南山区达到460亿元, 南山区、宝安区分别为….
const PART_VERBS: [&str; 15] = [
    "分别达到",
    "分别为",
    "分别是",
    "分别",
    "力争达到",
    "争取达到",
    "达到",
    "达",
    "为",
    "是",
    "约为",
    "力争",
    "争取",
    "实现",
    "完成",
];

/// What `Walk::part` needs of an [`Open`] (without its list of parts).
struct OpenBrief {
    whole: usize,
    area: Option<(usize, area::Level)>,
    started: bool,
    after_list: bool,
    qizhong: bool,
    continues: bool,
    subject: String,
}

/// How the whole of an allocation is named by the start of its indicator name.
enum Whole {
    /// The plan's own area (全市, the `--area`, no area at all), maybe naming it (深圳市).
    Root(area::Level, Option<String>),
    /// An area of the draft.
    Known(usize),
    /// An area not yet in the draft.
    New(String, area::Level),
}

/// A quantity found in a sentence, before it is judged.
#[derive(Debug, Clone)]
struct Quant {
    /// Start of the phrase (with a leading marker such as 约 or 超过).
    lead: usize,
    /// End of the phrase (after 以上/左右).
    end: usize,
    value: Value,
    unit: String,
    /// Preceded by 超/超过 or followed by 以上: may be a threshold inside a name.
    over: bool,
    ctx: Ctx,
}

impl Walk<'_, '_> {
    fn context(&self) -> Ctx {
        let mut ctx = self
            .stack
            .iter()
            .rev()
            .find_map(|(_, c, _)| c.clone())
            .or_else(|| self.sticky.clone())
            .unwrap_or_default();
        ctx.past |= self.in_present();
        ctx
    }

    /// Whether the current line lies under a heading such as 一、试点基础.
    fn in_present(&self) -> bool {
        self.stack.iter().any(|(_, _, b)| *b)
    }

    fn line(&mut self, start: usize, end: usize) {
        let t = self.t;
        if (start..end).all(|i| t.ch(i).is_whitespace()) {
            return; // a blank line between 其中: and its list changes nothing
        }
        let (level, content) = heading(t, start, end);
        if level < 5 || !self.carry {
            self.open = None;
            self.qizhong = false;
        } else if let Some(o) = self.open.as_mut() {
            o.continues = true;
        }
        self.pending.clear();
        if level == 0 {
            self.stack.clear();
            self.sticky = None;
            self.carry = false;
            return;
        }
        if level <= 4 {
            self.stack.retain(|(l, _, _)| *l < level);
            if level <= 2 {
                self.sticky = None;
            }
        }
        let base = self.context();
        let set = self.paragraph(content, end, &base);
        let tail = t.folded(content, end);
        let tail = tail.trim_end();
        let started = self.open.as_ref().is_some_and(|o| !o.parts.is_empty());
        self.carry = (self.qizhong && ends_in_qizhong(tail))
            || (started && matches!(tail.chars().next_back(), Some(';' | ',' | '、')));
        if level <= 4 {
            let present = describes_present(&t.folded(content, end));
            self.stack.push((level, set, present));
        }
    }

    /// Reads one paragraph; returns the year it ends with when it set one.
    fn paragraph(&mut self, start: usize, end: usize, base: &Ctx) -> Option<Ctx> {
        let t = self.t;
        let mut base = base.clone();
        let masked = brackets(t, start, end);
        let is_masked = |i: usize| masked.get(i - start).copied().flatten();
        let mut ctx = base.clone();
        let mut set = false;
        let mut sentence = start;
        let mut quants: Vec<Quant> = Vec::new();
        let mut cuts: Vec<usize> = Vec::new();
        let mut i = start;
        while i < end {
            if let Some((close, enumerator)) = is_masked(i) {
                if enumerator {
                    ctx = base.clone(); // an inline (2) item falls back to the heading
                }
                i = close + 1;
                continue;
            }
            let c = t.ch(i);
            if is_sentence_end(t, i) {
                self.sentence(sentence, i + 1, &quants, &cuts);
                quants.clear();
                cuts.clear();
                sentence = i + 1;
                i += 1;
                continue;
            }
            if let Some((period, year, after)) = scan::period_token(t, i) {
                if !preceded_by(t, i, sentence, &["比"]) {
                    ctx = Ctx {
                        year: Some(year),
                        period: Some(period),
                        past: self.in_present(),
                        ..Ctx::default()
                    };
                    set = true;
                    cuts.push(after);
                }
                i = after;
                continue;
            }
            if c.is_ascii_digit() || scan::cn_digit(c).is_some() {
                if let Some(y) = scan::year_token(t, i) {
                    ctx = self.year_ctx(&y, sentence);
                    set = true;
                    if let Some(s) = self.sticky_from(y.end, end, &ctx) {
                        base = s.clone(); // 到201*年具体目标:(1)…(2)…
                        self.sticky = Some(s);
                    }
                    cuts.push(y.end);
                    i = y.end;
                    continue;
                }
            }
            if c == '年' && orphan_year(t, i, start) {
                ctx = Ctx {
                    lost: true,
                    past: self.in_present(),
                    ..Ctx::default()
                };
                set = true;
                cuts.push(i + 1);
                i += 1;
                continue;
            }
            if starts_number(t, i) {
                match quantity(t, i, sentence, &ctx) {
                    Some(q) => {
                        i = q.end.max(i + 1);
                        quants.push(q);
                    }
                    None => i = skip_number(t, i),
                }
                continue;
            }
            i += 1;
        }
        self.sentence(sentence, end, &quants, &cuts);
        (set && ctx.is_set()).then_some(ctx)
    }

    fn year_ctx(&self, y: &scan::YearTok, floor: usize) -> Ctx {
        let t = self.t;
        let future = preceded_by(
            t,
            y.start,
            floor,
            &[
                "到", "至", "力争", "争取", "计划", "预计", "确保", "于", "在",
            ],
        ) || t
            .word_at(
                y.end,
                &["底", "末", "前", "内", "上半年", "下半年", "第", "年底"],
            )
            .is_some()
            || t.ch(y.end) == '底';
        let since = t.at(y.end, "以来");
        let past = since
            || self.in_present()
            || (!future && matches!((y.year, self.issue), (Some(a), Some(b)) if a < b));
        Ctx {
            year: y.year,
            hidden: y.hidden.clone(),
            period: y.period.clone(),
            past,
            lost: false,
        }
    }

    /// A year followed closely by 目标 (`到201*年具体目标:`) holds for the next paragraphs.
    fn sticky_from(&self, after: usize, end: usize, ctx: &Ctx) -> Option<Ctx> {
        let t = self.t;
        (after..(after + 8).min(end))
            .take_while(|&k| !matches!(t.ch(k), ',' | '。' | ';'))
            .any(|k| t.at(k, "目标"))
            .then(|| ctx.clone())
    }

    /// Judges the quantities of one sentence and turns the targets into candidates.
    fn sentence(&mut self, start: usize, end: usize, quants: &[Quant], cuts: &[usize]) {
        let t = self.t;
        self.pending.clear();
        if quants.is_empty() {
            let text = t.folded(start, end);
            let text = drop_seps(text.trim());
            if text.ends_with("其中") {
                self.qizhong = true; // 其中: the parts follow in the next sentence or line
            } else if !text.is_empty() {
                self.open = None;
                self.qizhong = false;
            }
            return;
        }
        let threshold: Vec<bool> = quants
            .iter()
            .enumerate()
            .map(|(k, q)| is_threshold(t, q, quants.get(k + 1..).unwrap_or(&[])))
            .collect();
        let (s0, s1) = trim_span(t, start, end);
        let mut names: Vec<String> = Vec::new();
        // the end of the previous figure (not a threshold) and of the last year before
        // the current figure: where its name may start
        let mut prev_end = start;
        let mut cut = start;
        let mut cuts = cuts.iter().copied().peekable();
        for (k, q) in quants.iter().enumerate() {
            while let Some(c) = cuts.next_if(|&c| c <= q.lead) {
                cut = cut.max(c);
            }
            if threshold.get(k).copied().unwrap_or(false) {
                continue;
            }
            let gap = (prev_end, q.lead);
            let floor = prev_end.max(cut);
            prev_end = q.end;
            if q.ctx.past || baseline_marker(t, start, q.lead) || !self.acceptable(q, start, end) {
                if q.ctx.past || baseline_marker(t, start, q.lead) {
                    self.baseline += 1;
                }
                self.open = None;
                self.pending.clear();
                continue;
            }
            // a very long "sentence" (a table flattened into one line) is quoted around
            // the figure only
            let (a, b) = (
                s0.max(q.lead.saturating_sub(REACH)),
                s1.min(q.end + REACH).max(q.end),
            );
            let part = if cut > gap.0 {
                None // a year between: a figure of its own
            } else if self.pending.is_empty() {
                self.part(q, gap, gap.0 == start, (k, quants, &threshold))
            } else {
                self.pending.pop()
            };
            let index = self.out.len();
            let mut cand = Candidate {
                indicator: String::new(),
                year: q.ctx.year,
                year_text: q.ctx.hidden.clone(),
                period: q.ctx.period.clone(),
                value: q.value.clone(),
                unit: q.unit.clone(),
                span: (t.byte(q.lead), t.byte(q.end)),
                sentence: (t.byte(a), t.byte(b)),
                note: q.ctx.note(),
                area: 0,
                part_of: None,
            };
            if let (Some(area), Some(open)) = (part, self.open.as_mut()) {
                let whole = self.out.get(open.whole);
                cand.indicator = whole.map(|w| w.indicator.clone()).unwrap_or_default();
                cand.area = area;
                cand.part_of = Some(open.whole);
                if !q.ctx.is_set() {
                    cand.year = open.ctx.year;
                    cand.year_text = open.ctx.hidden.clone();
                    cand.period = open.ctx.period.clone();
                    cand.note = open.note.clone();
                }
                names.push(cand.indicator.clone());
                open.parts.push(index);
                // a list split into sentences by ；: one source for all its figures
                let span = (open.span.0.min(a), open.span.1.max(b));
                if (a, b) != open.span && span.1 - span.0 <= 3 * REACH {
                    open.span = span;
                    let bytes = (t.byte(span.0), t.byte(span.1));
                    cand.sentence = bytes;
                    for i in std::iter::once(open.whole).chain(open.parts.iter().copied()) {
                        if let Some(c) = self.out.get_mut(i) {
                            c.sentence = bytes;
                        }
                    }
                }
                self.out.push(cand);
                self.qizhong = false;
                continue;
            }
            self.pending.clear();
            let next = quants.get(k + 1).map(|n| n.lead);
            let mut indicator = name::name(t, floor, q.lead, q.end, next, end, &q.unit);
            if indicator.is_empty() {
                indicator = names.last().map(|n| name::subject(n)).unwrap_or_default();
            }
            if indicator.is_empty() {
                indicator = "未命名指标".to_string();
            }
            names.push(indicator.clone());
            cand.indicator = indicator;
            self.out.push(cand);
            // 其中南山区460亿元、高新区300亿元、宝安区288亿元: an item that names no area
            // below the whole leaves the list open for the next ones
            let in_list = self.open.as_ref().is_some_and(|o| {
                !o.parts.is_empty()
                    && o.ctx.year == q.ctx.year
                    && o.ctx.hidden == q.ctx.hidden
                    && self.out.get(o.whole).is_some_and(|w| w.unit == q.unit)
            });
            let joined = t.folded(gap.0, q.lead);
            if in_list && joined.starts_with('、') && joined.chars().count() <= 12 {
                self.qizhong = false;
                continue;
            }
            self.open = Some(Open {
                after_list: in_list,
                whole: index,
                area: None,
                parts: Vec::new(),
                qizhong: false,
                continues: false,
                span: (a, b),
                ctx: q.ctx.clone(),
                note: self.out.last().and_then(|c| c.note.clone()),
                subject: {
                    let words = t.folded(floor, q.lead);
                    let mut from = 0;
                    for (k, c) in words.char_indices() {
                        if is_sep(c) {
                            from = k + c.len_utf8();
                        }
                    }
                    words.get(from..).unwrap_or("").trim().to_string()
                },
            });
            self.qizhong = false;
        }
        self.pending.clear();
        if let Some(o) = self.open.as_mut() {
            o.continues = t.ch(end.saturating_sub(1)) == ';';
        }
        // …达到900亿元，其中: at the end of a line, the parts follow on the next lines
        self.qizhong = self.open.is_some() && ends_in_qizhong(&t.folded(prev_end, end));
    }

    /// Whether the figure `q` is a part of the open figure: the words before it (`gap`,
    /// from the previous figure or the sentence start) name an area below the whole's,
    /// after 其中, a comma or a previous part; with the same unit and year. Returns the
    /// part's area, and queues the areas of the next figures for 分别 lists.
    fn part(
        &mut self,
        q: &Quant,
        gap: (usize, usize),
        first: bool,
        (k, quants, threshold): (usize, &[Quant], &[bool]),
    ) -> Option<usize> {
        let t = self.t;
        let open = self.open.as_ref().map(|o| OpenBrief {
            whole: o.whole,
            area: o.area,
            started: !o.parts.is_empty(),
            after_list: o.after_list,
            qizhong: o.qizhong,
            continues: o.continues,
            subject: if o.area.is_none() {
                o.subject.clone()
            } else {
                String::new()
            },
        })?;
        let whole = self.out.get(open.whole)?;
        // the same year, or none of its own (on the lines after 其中:)
        let year = (whole.year == q.ctx.year && whole.year_text == q.ctx.hidden) || !q.ctx.is_set();
        if whole.unit != q.unit
            || !year
            || matches!(q.value, Value::Ratio(_))
            || gap.1.saturating_sub(gap.0) > 40
        {
            return None;
        }
        let indicator = whole.indicator.clone();
        let named = self.named(&t.folded(gap.0, gap.1), &indicator)?;
        let qizhong = named.qizhong || (first && self.qizhong);
        let placed = if open.started {
            !first || open.continues
        } else {
            qizhong || (!first && named.separated && !open.after_list)
        };
        if !placed {
            return None;
        }
        let (whole_area, strip) = match open.area {
            Some((i, _)) => (Whole::Known(i), 0),
            None => match self.whole_of(&indicator) {
                // 龙岗区建成5个基地: the area before the figure, the name after it
                (_, 0) => match self.whole_of(&open.subject) {
                    (w, n) if n > 0 => (w, 0),
                    _ => self.whole_of(&indicator),
                },
                w => w,
            },
        };
        let (whole_name, level) = match &whole_area {
            Whole::Root(l, name) => (
                name.clone()
                    .or_else(|| self.areas.first().map(|a| a.name.clone()))
                    .unwrap_or_default(),
                *l,
            ),
            Whole::New(name, l) => (name.clone(), *l),
            Whole::Known(i) => (
                self.areas
                    .get(*i)
                    .map(|a| a.name.clone())
                    .unwrap_or_default(),
                self.levels.get(*i).copied().unwrap_or_default(),
            ),
        };
        let county_cities = qizhong || open.qizhong;
        let below = |l: area::Level| l > level || (l == 2 && level == 2 && county_cities);
        let root = self.areas.first().map(|a| a.name.as_str());
        if !named
            .names
            .iter()
            .all(|(n, l)| below(*l) && *n != whole_name && Some(n.as_str()) != root)
        {
            return None;
        }
        // 分别: as many figures as names, each after only a separator
        let m = named.names.len();
        if m > 1 {
            let separated = |j: usize| {
                let (Some(p), Some(n)) = (quants.get(j.wrapping_sub(1)), quants.get(j)) else {
                    return false;
                };
                n.unit == q.unit
                    && !threshold.get(j).copied().unwrap_or(true)
                    && t.folded(p.end, n.lead)
                        .chars()
                        .all(|c| matches!(c, '、' | ',' | '和' | '及' | ' '))
            };
            if !(k + 1..k + m).all(separated) || separated(k + m) {
                return None;
            }
        }
        // commit: the whole's area, then the parts'
        let wa = match whole_area {
            Whole::Known(i) => i,
            Whole::Root(_, name) => {
                if let (Some(name), Some(root)) = (name, self.areas.first_mut()) {
                    self.known.insert(name.clone(), 0);
                    root.name = name;
                    self.root_named = true;
                }
                0
            }
            Whole::New(name, l) => {
                let root_level = self.levels.first().copied().unwrap_or(2);
                self.add_area(name, (l > root_level).then_some(0), l)
            }
        };
        if open.area.is_none() {
            if let Some(w) = self.out.get_mut(open.whole) {
                let rest = indicator
                    .get(strip..)
                    .unwrap_or("")
                    .trim_start_matches('的');
                if !rest.is_empty() {
                    w.indicator = rest.to_string();
                }
                w.area = wa;
                if qizhong {
                    let note = "其中所列地区若非全部，分区合计会小于此数";
                    w.note = Some(match w.note.take() {
                        Some(n) => n + "；" + note,
                        None => note.to_string(),
                    });
                }
            }
        }
        let mut ids = Vec::with_capacity(m);
        for (name, l) in named.names {
            let id = match self.known.get(name.as_str()) {
                Some(&i) => i as usize,
                None => self.add_area(name, Some(wa), l),
            };
            ids.push(id);
        }
        if let Some(o) = self.open.as_mut() {
            o.area = Some((wa, level));
            o.qizhong |= qizhong;
        }
        // the areas of the next figures, the next one last
        ids.reverse();
        let this = ids.pop()?;
        self.pending = ids;
        Some(this)
    }

    fn add_area(&mut self, name: String, parent: Option<usize>, level: area::Level) -> usize {
        let id = self.areas.len();
        self.known.insert(name.clone(), id as u32);
        self.areas.push(AreaName { name, parent });
        self.levels.push(level);
        id
    }

    /// The longest name of an area of the draft at the start of `s`: its index and
    /// length in bytes. Looks at prefixes of up to 16 characters, so the work does not
    /// grow with the number of areas.
    fn known_at(&self, s: &str) -> Option<(usize, usize)> {
        let mut found = None;
        for (n, (k, c)) in s.char_indices().enumerate() {
            if n == 16 {
                break;
            }
            let len = k + c.len_utf8();
            if let Some(&i) = s.get(..len).and_then(|p| self.known.get(p)) {
                found = Some((i as usize, len));
            }
        }
        found
    }

    /// The area at the start of `s`: one of the draft's (the longest), or one by its form.
    fn area_at(&self, s: &str) -> Option<(usize, area::Level)> {
        let known = self
            .known_at(s)
            .and_then(|(i, len)| Some((len, *self.levels.get(i)?)));
        known.or_else(|| area::by_form(s))
    }

    /// The whole of an allocation by the start of its figure's name (全市生物产业规模,
    /// 深圳市生物产业规模, 南山区生物产业规模, 生物产业规模), and how many bytes of the
    /// name that is.
    fn whole_of(&self, name: &str) -> (Whole, usize) {
        let root_level = self.levels.first().copied().unwrap_or(2);
        if let Some((len, level)) = area::whole(name) {
            let level = if self.root_named { root_level } else { level };
            return (Whole::Root(level, None), len);
        }
        if let Some((i, len)) = self.known_at(name) {
            let w = if i == 0 {
                Whole::Root(root_level, None)
            } else {
                Whole::Known(i)
            };
            return (w, len);
        }
        match area::by_form(name) {
            Some((len, 2)) if !self.root_named => {
                (Whole::Root(2, name.get(..len).map(str::to_string)), len)
            }
            Some((len, level)) => (
                Whole::New(name.get(..len).unwrap_or("").to_string(), level),
                len,
            ),
            None => (Whole::Root(root_level, None), 0),
        }
    }

    /// The areas the words before a figure name: 其中南山区, 、宝安区, ,南山区达到,
    /// 南山区、宝安区分别达到, 其中:南山区生物产业规模. `None` when they name something else.
    fn named(&self, raw: &str, indicator: &str) -> Option<Named> {
        // 建成10个产业基地，其中…: the words after the previous figure end its clause
        let starts = |s: &str| matches!(s.chars().next(), Some(',' | ';' | '、' | ':'));
        let mut raw = raw;
        if !starts(raw) && !raw.starts_with('其') {
            for (k, c) in raw.char_indices() {
                if matches!(c, ',' | ';') {
                    raw = raw.get(k..)?;
                    break;
                }
            }
        }
        let separated = starts(raw);
        let mut s = skip_seps(raw);
        let qizhong = match s.strip_prefix("其中") {
            Some(r) => {
                s = skip_seps(r);
                true
            }
            None => false,
        };
        let mut fenbie = false;
        loop {
            let before = s.len();
            if let Some(w) = PART_VERBS.iter().find(|w| s.ends_with(**w)) {
                fenbie |= w.starts_with("分别");
                s = s.get(..s.len() - w.len()).unwrap_or("").trim_end();
            }
            if s.len() == before {
                break;
            }
        }
        if s.is_empty() {
            return None;
        }
        let same = |rest: &str| {
            let rest = rest.trim_start_matches('的');
            rest.chars().count() >= 2 && (indicator.contains(rest) || rest.contains(indicator))
        };
        let mut names = Vec::new();
        let pieces: Vec<&str> = if fenbie {
            s.split('、').collect()
        } else {
            vec![s]
        };
        let count = pieces.len();
        for (i, piece) in pieces.into_iter().enumerate() {
            let last = i + 1 == count;
            let mut p = piece;
            loop {
                let (len, level) = self.area_at(p)?;
                names.push((p.get(..len)?.to_string(), level));
                let rest = p.get(len..)?;
                if rest.is_empty() || (last && same(rest)) {
                    break;
                }
                // 宝安区和福田区分别…
                match ["和", "及", "与"].iter().find_map(|w| rest.strip_prefix(w)) {
                    Some(r) if fenbie && last => p = r,
                    _ => return None,
                }
            }
        }
        Some(Named {
            qizhong,
            separated,
            names,
        })
    }
    /// Rules that keep a quantity out although it has a number and a unit.
    fn acceptable(&self, q: &Quant, start: usize, end: usize) -> bool {
        let t = self.t;
        // 与11所院校的协议: the partners of an agreement.
        if matches!(t.before(q.lead), '与' | '同') {
            return false;
        }
        // 及其6个配套文件: the parts of an existing document.
        if t.ends(q.lead, start, "及其") {
            return false;
        }
        // 坪山中心区、光明新区门户区、龙华大浪片区3个片区: counts a list given right
        // there (without 等, which would announce a summary: A、B、C等3家).
        let (c0, c1) = clause(t, q.lead, q.end, start, end);
        if let Value::Exact { value, .. } = &q.value {
            let before = t.folded(c0, q.lead);
            let items = before.matches('、').count() + 1;
            // (not 南山区、宝安区分别达到2个、3个, where each name has its figure)
            if items >= 2
                && *value == Dec::from(items)
                && !before.ends_with('等')
                && !before.contains("分别")
            {
                return false;
            }
        }
        // 工作意见明确的86项工作任务, 落实141项指标要求: a set defined elsewhere;
        // 全市5个县市区: the existing districts.
        let count = !matches!(q.unit.as_str(), "%" | "‰" | "百分点" | "个百分点");
        if count
            && ["明确的", "确定的", "规定的", "落实"]
                .iter()
                .any(|w| preceded_by(t, q.lead, start, &[w]))
        {
            return false;
        }
        if preceded_by(t, q.lead, start, &["全市", "全省", "全区"])
            && t.word_at(
                q.end,
                &["县市区", "县区", "区县", "县", "区", "镇", "乡", "街道"],
            )
            .is_some()
        {
            return false;
        }
        // 在计税工资总额2.5%以内的,…: a condition, not a target.
        if t.ch(q.end) == '的' && matches!(t.ch(q.end + 1), ',' | ';' | '。') {
            return false;
        }
        // Policy amounts: 资助20万元, 给予一次性奖励30万元, 安排20万元进行奖励,
        // 安排15万元,对…进行奖励.
        let near = t.folded(q.lead.saturating_sub(6).max(start), q.lead);
        let mut rest = t.folded(q.end, c1);
        let next = t.folded((c1 + 1).min(end), end.min(c1 + 1 + REACH));
        if next.starts_with('对') || next.starts_with("用于") {
            rest.push_str(next.split([',', ';', '。']).next().unwrap_or(""));
        }
        !["资助", "奖励", "补助", "补贴", "抵扣", "扣除"]
            .iter()
            .any(|w| near.contains(w) || rest.contains(w))
    }
}

/// A heading over a description of the present state (一、试点基础, (一)经济社会发展
/// 成绩显著, 二、2013年度工作任务目标完成情况): its figures are baselines.
fn describes_present(heading: &str) -> bool {
    let h = heading.trim().trim_end_matches(['。', '.', ' ']);
    h.chars().count() <= 30
        && (["基础", "现状", "成绩显著", "进展", "成效", "回顾"]
            .iter()
            .any(|w| h.ends_with(w))
            || ["现状", "完成情况", "发展成就"]
                .iter()
                .any(|w| h.contains(w)))
}

/// Sentence ends: 。！？； and a full stop between a figure and the next word (3∶42∶55.现代…).
fn is_sentence_end(t: &Text, i: usize) -> bool {
    match t.ch(i) {
        '。' | '!' | ';' => true,
        '?' => !(t.before(i).is_ascii_digit() && t.ch(i + 1).is_ascii_digit()),
        '.' => !t.ch(i + 1).is_ascii_digit() && !t.ch(i + 1).is_ascii_alphabetic(),
        _ => false,
    }
}

/// The sentence without surrounding spaces.
fn trim_span(t: &Text, mut a: usize, mut b: usize) -> (usize, usize) {
    while a < b && t.ch(a).is_whitespace() {
        a += 1;
    }
    while b > a && t.ch(b - 1).is_whitespace() {
        b -= 1;
    }
    (a, b)
}

/// The clause around a quantity: between the nearest `,;:` (or the sentence edges).
/// Looks at most [`REACH`] characters each way.
fn clause(t: &Text, a: usize, b: usize, start: usize, end: usize) -> (usize, usize) {
    let stop = |c: char| matches!(c, ',' | ';' | ':' | '。');
    let floor = start.max(a.saturating_sub(REACH));
    let ceil = end.min(b + REACH);
    let mut c0 = a;
    while c0 > floor && !stop(t.ch(c0 - 1)) {
        c0 -= 1;
    }
    let mut c1 = b;
    while c1 < ceil && !stop(t.ch(c1)) {
        c1 += 1;
    }
    (c0, c1)
}

/// How far the words around a figure are read: keeps the work per figure bounded on
/// text without punctuation.
const REACH: usize = 120;

/// Whether one of `words` ends just before `i` (skipping spaces and an opening quote),
/// not reaching back past `floor`.
fn preceded_by(t: &Text, i: usize, floor: usize, words: &[&str]) -> bool {
    let mut j = i;
    while j > floor && matches!(t.before(j), ' ' | '“' | '"') {
        j -= 1;
    }
    words.iter().any(|w| t.ends(j, floor, w))
}

/// Markers of a baseline before the figure in its sentence (在现有…基础上 is none).
fn baseline_marker(t: &Text, start: usize, lead: usize) -> bool {
    let before = t.folded(start.max(lead.saturating_sub(2 * REACH)), lead);
    before
        .split([',', ';', ':'])
        .filter(|clause| !clause.contains("基础"))
        .any(|clause| {
            [
                "现有",
                "目前",
                "已有",
                "已经",
                "共有",
                "同比",
                "比上年",
                "连续",
                "以来",
                "截至",
                "截止",
            ]
            .iter()
            .any(|w| clause.contains(w))
        })
}

/// A bare 年 at the start of a clause: the year was lost (年,每年认定…). 年产值, 年均,
/// 年内, 年底 … are words of their own.
fn orphan_year(t: &Text, i: usize, floor: usize) -> bool {
    let mut j = i;
    while j > floor && t.before(j) == ' ' {
        j -= 1;
    }
    let boundary = j == floor || matches!(t.before(j), ',' | '。' | ';' | ':' | '、');
    boundary
        && !"产均内底末度初中终销营技研专利增收平龄轻代份薪报鉴会限息货票历华级"
            .contains(t.ch(i + 1))
}

fn starts_number(t: &Text, i: usize) -> bool {
    let c = t.ch(i);
    let p = t.before(i);
    if c.is_ascii_digit() {
        // not inside another number or a code such as BYD488Q or GM-R-03
        return !(p.is_ascii_alphanumeric()
            || p == '.'
            || (p == '-' && t.before(i - 1).is_ascii_alphanumeric()));
    }
    is_cn_num(c) && !matches!(c, '万' | '亿') && !is_cn_num(p)
}

fn skip_number(t: &Text, i: usize) -> usize {
    let mut j = i + 1;
    while t.ch(j).is_ascii_digit() || (t.ch(i).is_ascii_digit() && t.ch(j) == '.') {
        j += 1;
    }
    if is_cn_num(t.ch(i)) {
        while is_cn_num(t.ch(j)) {
            j += 1;
        }
    }
    j
}

fn number(t: &Text, i: usize) -> Option<scan::Num> {
    if t.ch(i).is_ascii_digit() {
        scan::arabic(t, i)
    } else {
        scan::chinese(t, i)
    }
}

const MIN_BEFORE: [&str; 9] = [
    "超过",
    "不低于",
    "不少于",
    "不小于",
    "至少",
    "多于",
    "突破",
    "≥",
    ">=",
];
const MAX_BEFORE: [&str; 6] = ["不超过", "不高于", "不多于", "最多", "≤", "<="];
const VERBS_BEFORE: [&str; 9] = [
    "达到", "达", "为", "增长", "提高", "增加", "新增", "共", "占",
];

/// Reads a quantity at `i`: number(s), unit, markers. `None` when it is no figure.
fn quantity(t: &Text, i: usize, floor: usize, ctx: &Ctx) -> Option<Quant> {
    if t.before(i) == '第' {
        return None;
    }
    let first = number(t, i)?;
    let mut j = first.end;
    // ratio 3∶42∶55
    if matches!(t.ch(j), '∶' | ':') && t.ch(j + 1).is_ascii_digit() && !first.chinese {
        let ratio_sep = t.ch(j);
        let mut parts = vec![first.value];
        while t.ch(j) == ratio_sep {
            let n = scan::arabic(t, j + 1)?;
            parts.push(n.value);
            j = n.end;
        }
        // 01:55:07 is a time of day, not a ratio
        let padded = (i..j).any(|k| {
            t.ch(k) == '0' && !t.before(k).is_ascii_digit() && t.ch(k + 1).is_ascii_digit()
        });
        if ratio_sep == ':' && (parts.len() < 3 || padded) {
            return None;
        }
        return Some(Quant {
            lead: i,
            end: j,
            value: Value::Ratio(parts),
            unit: String::new(),
            over: false,
            ctx: ctx.clone(),
        });
    }
    let mut more = false;
    if matches!(t.ch(j), '多' | '余') {
        more = true;
        j += 1;
    }
    let u1 = scan::unit(t, j);
    if let Some(u) = &u1 {
        j = u.end;
    }
    let mut second = None;
    if scan::RANGE_SEPS.contains(&t.ch(j)) || (t.ch(j) == '?' && t.ch(j + 1).is_ascii_digit()) {
        let k = j + 1;
        let ok_start = t.ch(k).is_ascii_digit() || (first.chinese && is_cn_num(t.ch(k)));
        if ok_start {
            if let Some(n) = number(t, k) {
                let mut m = n.end;
                if matches!(t.ch(m), '多' | '余') {
                    m += 1;
                }
                let u2 = scan::unit(t, m);
                let same = match (&u1, &u2) {
                    (Some(a), Some(b)) => a.text == b.text,
                    (None, Some(_)) => true,
                    (Some(_), None) => true,
                    (None, None) => false,
                };
                if same {
                    second = Some((n, u2.clone()));
                    j = u2.map_or(m, |u| u.end);
                }
            }
        }
    }
    let unit = match &second {
        Some((_, Some(u2))) => u2.text.clone(),
        _ => u1.map(|u| u.text)?,
    };
    if matches!(t.ch(j), '#' | '号') || t.ch(j).is_ascii_alphanumeric() && unit.is_ascii() {
        return None;
    }
    // markers after the unit
    let mut end = j;
    let after = t.word_at(end, &["及以上", "以上", "以下", "以内", "左右", "上下"]);
    if let Some(w) = after {
        end += w.chars().count();
    }
    // markers before the number
    let mut lead = i;
    let mut min_before = false;
    let mut max_before = false;
    let mut approx = matches!(after, Some("左右" | "上下"));
    let mut verb = false;
    for w in MAX_BEFORE {
        if t.ends(i, floor, w) {
            max_before = true;
            lead = i - w.chars().count();
        }
    }
    if !max_before {
        for w in MIN_BEFORE {
            if t.ends(i, floor, w) {
                min_before = true;
                lead = i - w.chars().count();
                break;
            }
        }
        if !min_before && t.before(i) == '超' {
            min_before = true;
            lead = i - 1;
        }
        // 至少建成3个: a two-character marker a few characters back in the clause
        if !min_before {
            let window = t.folded(i.saturating_sub(6).max(floor), i);
            let window = window.rsplit([',', ';', ':', '、']).next().unwrap_or("");
            min_before = ["至少", "不少于", "不低于"]
                .iter()
                .any(|w| window.contains(w));
        }
    }
    for w in ["约为", "大约", "约", "近"] {
        if t.ends(lead, floor, w) {
            approx = true;
            lead -= w.chars().count();
            break;
        }
    }
    for w in VERBS_BEFORE {
        if t.ends(lead, floor, w) {
            verb = true;
        }
    }
    let marked = verb || min_before || max_before || approx || after.is_some() || more;
    // Chinese numerals count only next to a marker: 一批, 四个联络处, 三次产业 stay text.
    if first.chinese && (!marked || first.value == Dec::ONE) {
        return None;
    }
    let over = t.before(i) == '超' || t.ends(i, floor, "超过") || matches!(after, Some("以上"));
    let value = match second {
        Some((n, _)) => {
            let (a, b) = if first.value <= n.value {
                (first.value, n.value)
            } else {
                (n.value, first.value)
            };
            if a == b {
                Value::Exact {
                    value: a,
                    approx: false,
                }
            } else {
                Value::Range { min: a, max: b }
            }
        }
        None => {
            let min_after = matches!(after, Some("以上" | "及以上")) || more;
            let max_after = matches!(after, Some("以下" | "以内"));
            if min_before || min_after {
                Value::Min(first.value)
            } else if max_before || max_after {
                Value::Max(first.value)
            } else {
                Value::Exact {
                    value: first.value,
                    approx,
                }
            }
        }
    };
    Some(Quant {
        lead,
        end,
        value,
        unit,
        over,
        ctx: ctx.clone(),
    })
}

/// 超十亿元企业10家: an amount of money after 超 (or before 以上), followed by a noun and
/// by another figure in the same clause, is part of the next figure's name.
fn is_threshold(t: &Text, q: &Quant, later: &[Quant]) -> bool {
    if !q.over || !q.unit.ends_with('元') {
        return false;
    }
    let c = t.ch(q.end);
    let noun = is_cjk(c) && !matches!(c, '的' | '和' | '及' | '与' | '或' | '、' | '以' | '等');
    let mut k = q.end;
    let next_in_clause = loop {
        match later.first() {
            Some(n) if k >= n.lead => break true,
            _ => {}
        }
        if matches!(t.ch(k), ',' | ';' | '。' | ':' | '\0' | '\n') || k > q.end + REACH {
            break false;
        }
        k += 1;
    };
    noun && next_in_clause
}

/// Numbering at the start of a line: its level (1 `一、`, 2 `(一)`, 3 `1.`, 4 `(1)` or
/// `――`, 5 body text, 0 a new article `篇二:`) and where the content starts.
fn heading(t: &Text, start: usize, end: usize) -> (u8, usize) {
    let mut i = start;
    while i < end && matches!(t.ch(i), ' ' | '\t' | '&' | '\u{feff}') {
        i += 1;
    }
    let cn_run = |k: usize| {
        let mut m = k;
        while m < end
            && matches!(
                t.ch(m),
                '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
            )
        {
            m += 1;
        }
        m
    };
    let digit_run = |k: usize| {
        let mut m = k;
        while m < end && t.ch(m).is_ascii_digit() {
            m += 1;
        }
        m
    };
    if t.ch(i) == '篇' {
        let m = cn_run(i + 1);
        if m > i + 1 && t.ch(m) == ':' {
            return (0, m + 1);
        }
    }
    let m = cn_run(i);
    if m > i && m <= i + 3 && matches!(t.ch(m), '、' | '.') {
        return (1, m + 1);
    }
    if t.ch(i) == '(' {
        let m = cn_run(i + 1);
        if m > i + 1 && t.ch(m) == ')' {
            return (2, m + 1);
        }
        let m = digit_run(i + 1);
        if m > i + 1 && m <= i + 3 && t.ch(m) == ')' {
            return (4, m + 1);
        }
    }
    let m = digit_run(i);
    if m > i && m <= i + 2 && (t.ch(m) == '、' || (t.ch(m) == '.' && !t.ch(m + 1).is_ascii_digit()))
    {
        return (3, m + 1);
    }
    if ('\u{2460}'..='\u{2473}').contains(&t.ch(i)) {
        return (4, i + 1);
    }
    let mut k = i;
    while k < end && matches!(t.ch(k), '―' | '—' | '-') {
        k += 1;
    }
    if k >= i + 2 {
        return (4, k);
    }
    (5, i)
}

/// Bracketed stretches of a line (`()`, `[]`, `〔〕`, `【】`, `《》`): for each character
/// inside one, the index of its closing bracket and whether the bracket holds only an
/// item number (an inline `(2)`).
fn brackets(t: &Text, start: usize, end: usize) -> Vec<Option<(usize, bool)>> {
    let mut mask = vec![None; end.saturating_sub(start)];
    let mut stack: Vec<(char, usize)> = Vec::new();
    for i in start..end {
        let c = t.ch(i);
        let close = match c {
            '(' | '[' | '〔' | '【' | '《' => {
                if stack.len() < 64 {
                    stack.push((c, i));
                }
                continue;
            }
            ')' => '(',
            ']' => '[',
            '〕' => '〔',
            '】' => '【',
            '》' => '《',
            _ => continue,
        };
        if let Some(pos) = stack.iter().rposition(|(o, _)| *o == close) {
            let open = stack.get(pos).map_or(i, |x| x.1);
            stack.truncate(pos);
            let inner = t.folded(open + 1, i);
            let enumerator = !inner.is_empty()
                && inner.chars().count() <= 3
                && inner
                    .chars()
                    .all(|c| c.is_ascii_digit() || scan::cn_digit(c).is_some() || c == '十');
            for k in open..=i {
                if let Some(m) = mask.get_mut(k - start) {
                    *m = Some((i, enumerator && k == open));
                }
            }
        }
    }
    mask
}

#[cfg(test)]
mod tests;
