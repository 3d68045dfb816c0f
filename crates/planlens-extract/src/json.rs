//! Writing a [`Draft`] as a `planlens/1` plan file.

use super::{describe, key, repeats, Candidate, Draft, Index, Options, Value};
use planlens::json_out::Json;
use planlens::num::Dec;

// The file's records. The page carries this code, so they are written by the engine's
// JSON writer (`planlens::json_out`, pretty) rather than by serde (whose pretty printer
// would be the only one in the wasm); a test holds the bytes to serde_json's
// `to_string_pretty` of the same records.

/// An exact decimal written as a JSON number.
#[derive(Clone, Copy)]
struct Num(Dec);

#[cfg_attr(test, derive(serde::Serialize))]
struct File<'a> {
    format: &'static str,
    plan: Plan,
    areas: Vec<Area<'a>>,
    indicators: Vec<Indicator>,
    targets: Vec<Target<'a>>,
}

#[cfg_attr(test, derive(serde::Serialize))]
struct Plan {
    id: String,
    title: String,
    source: String,
    note: String,
}

#[cfg_attr(test, derive(serde::Serialize))]
struct Area<'a> {
    id: String,
    name: &'a str,
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    parent: Option<String>,
}

#[cfg_attr(test, derive(serde::Serialize))]
struct Indicator {
    id: String,
    name: String,
    unit: String,
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    additive: Option<bool>,
}

#[cfg_attr(test, derive(serde::Serialize))]
struct Target<'a> {
    indicator: String,
    area: String,
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    year: Option<i32>,
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    year_text: Option<String>,
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    period: Option<String>,
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    value: Option<Num>,
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    approx: Option<bool>,
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    min: Option<Num>,
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    max: Option<Num>,
    source: &'a str,
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    note: Option<String>,
}

/// The members the file's records have, on the engine's one JSON writer (pretty).
trait Members {
    fn field(&mut self, k: &str, v: &str);
    fn opt(&mut self, k: &str, v: Option<&str>);
    fn num(&mut self, k: &str, v: Option<Num>);
    fn flag(&mut self, k: &str, v: Option<bool>);
}

impl Members for Json {
    fn field(&mut self, k: &str, v: &str) {
        self.key(k).str(v);
    }

    fn opt(&mut self, k: &str, v: Option<&str>) {
        if let Some(v) = v {
            self.field(k, v);
        }
    }

    fn num(&mut self, k: &str, v: Option<Num>) {
        if let Some(Num(d)) = v {
            self.key(k).dec(d);
        }
    }

    fn flag(&mut self, k: &str, v: Option<bool>) {
        if let Some(b) = v {
            self.key(k).bool(b);
        }
    }
}

fn write(f: &File) -> String {
    let mut j = Json::pretty();
    j.begin_object();
    j.field("format", f.format);
    j.key("plan");
    j.begin_object();
    j.field("id", &f.plan.id);
    j.field("title", &f.plan.title);
    j.field("source", &f.plan.source);
    j.field("note", &f.plan.note);
    j.end_object();
    j.key("areas");
    j.begin_array();
    for a in &f.areas {
        j.item();
        j.begin_object();
        j.field("id", &a.id);
        j.field("name", a.name);
        j.opt("parent", a.parent.as_deref());
        j.end_object();
    }
    j.end_array();
    j.key("indicators");
    j.begin_array();
    for i in &f.indicators {
        j.item();
        j.begin_object();
        j.field("id", &i.id);
        j.field("name", &i.name);
        j.field("unit", &i.unit);
        j.flag("additive", i.additive);
        j.end_object();
    }
    j.end_array();
    j.key("targets");
    j.begin_array();
    for t in &f.targets {
        j.item();
        j.begin_object();
        j.field("indicator", &t.indicator);
        j.field("area", &t.area);
        if let Some(y) = t.year {
            j.key("year").int(i64::from(y));
        }
        j.opt("year_text", t.year_text.as_deref());
        j.opt("period", t.period.as_deref());
        j.num("value", t.value);
        j.flag("approx", t.approx);
        j.num("min", t.min);
        j.num("max", t.max);
        j.field("source", t.source);
        j.opt("note", t.note.as_deref());
        j.end_object();
    }
    j.end_array();
    j.end_object();
    j.into_string()
}

/// Shares, rates and ratios do not add up over areas.
fn additive(unit: &str) -> Option<bool> {
    matches!(unit, "%" | "‰" | "百分点" | "个百分点").then_some(false)
}

/// The plan id: given, or the file name without its extension, or `draft`.
fn plan_id(opts: &Options) -> String {
    if let Some(id) = opts
        .plan_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        return id.to_string();
    }
    let name = opts
        .file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(&opts.file_name);
    let stem = match name.rfind('.') {
        Some(k) if k > 0 => name.get(..k).unwrap_or(name),
        _ => name,
    };
    if stem.trim().is_empty() {
        "draft".to_string()
    } else {
        stem.trim().to_string()
    }
}

/// Writes the draft as a pretty `planlens/1` file that [`crate::Model::load`] accepts:
/// the plan's own area (`area`, named after `opts.area_name`, else as
/// [`Draft::areas`] names it, else 全市) and the areas allocations name (`a1`, `a2`, …
/// with their `parent`), one indicator per distinct name and unit (`i1`, `i2`, … in
/// order of appearance), one target per candidate with its sentence as `source`. A figure without any year gets
/// `"year_text": "未注明"`; repeated indicator-years after the first, and ratios whose
/// parts do not add up to 100, go to the plan's `note`.
pub fn to_plan_json(draft: &Draft, text: &str, opts: &Options) -> String {
    draft_plan(draft, text, opts).0
}

/// [`to_plan_json`], and for every target of the file the index of the candidate in
/// `draft.targets` it comes from (the page highlights the figure in its sentence).
pub fn draft_plan(draft: &Draft, text: &str, opts: &Options) -> (String, Vec<usize>) {
    let (file, origins) = build(draft, text, opts);
    (write(&file), origins)
}

/// The records of the draft file, and the origin of each target (see [`draft_plan`]).
fn build<'a>(draft: &'a Draft, text: &'a str, opts: &'a Options) -> (File<'a>, Vec<usize>) {
    let area_name = opts
        .area_name
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .or_else(|| draft.areas.first().map(|a| a.name.trim()))
        .filter(|s| !s.is_empty())
        .unwrap_or("全市");
    let area_id = |k: usize| {
        if k == 0 || k >= draft.areas.len() {
            "area".to_string()
        } else {
            ["a", &k.to_string()].concat()
        }
    };
    let mut areas = vec![Area {
        id: area_id(0),
        name: area_name,
        parent: None,
    }];
    for (k, a) in draft.areas.iter().enumerate().skip(1) {
        areas.push(Area {
            id: area_id(k),
            name: &a.name,
            // a parent must come first: the areas are listed in the order found
            parent: a.parent.filter(|&p| p < k).map(area_id),
        });
    }
    let mut notes: Vec<String> = vec![format!(
        "由 planlens extract 从 {} 自动起草：每个数字都须对照原文核实。",
        if opts.file_name.is_empty() {
            "文本"
        } else {
            &opts.file_name
        }
    )];
    notes.extend(draft.notes.iter().cloned());
    let mut later = vec![false; draft.targets.len()];
    for (_, j) in repeats(&draft.targets) {
        if let Some(x) = later.get_mut(j) {
            *x = true;
        }
    }
    let mut indicators: Vec<Indicator> = Vec::new();
    let mut ids = Index::default();
    let mut targets = Vec::new();
    let mut origins = Vec::new();
    let mut seen = Index::default();
    let source = |c: &Candidate| text.get(c.sentence.0..c.sentence.1).unwrap_or("").trim();
    for (origin, c) in draft.targets.iter().enumerate() {
        if later.get(origin).copied().unwrap_or(false) {
            continue; // already in the notes (see extract)
        }
        // a ratio whose parts add up to 100 gives one share per part
        let ratio = match &c.value {
            Value::Ratio(v) => {
                let sum = v.iter().try_fold(Dec::ZERO, |a, b| a.checked_add(*b));
                if sum != Some(Dec::from(100)) {
                    notes.push(format!(
                        "比例“{}” {}：{}",
                        c.indicator,
                        describe(c),
                        source(c)
                    ));
                    continue;
                }
                Some(v)
            }
            _ => None,
        };
        for p in 0..ratio.map_or(1, Vec::len) {
            let (name, unit, part) = match ratio {
                Some(v) => (
                    format!("{}(第{}项)", c.indicator, p + 1),
                    "%".to_string(),
                    v.get(p).copied().unwrap_or_default(),
                ),
                None => (c.indicator.clone(), c.unit.clone(), Dec::ZERO),
            };
            let name_note = name.clone();
            let next = indicators.len() + 1;
            let k = match ids.get(key(&[&name, &unit], &[]).as_str()) {
                Some(&k) => k as usize,
                None => {
                    ids.insert(key(&[&name, &unit], &[]), next as u32);
                    next
                }
            };
            if k == next {
                let additive = if matches!(c.value, Value::Ratio(_)) {
                    Some(false)
                } else {
                    additive(&unit)
                };
                indicators.push(Indicator {
                    id: ["i", &k.to_string()].concat(),
                    name,
                    unit,
                    additive,
                });
            }
            let id = ["i", &k.to_string()].concat();
            let (value, approx, min, max) = match &c.value {
                Value::Exact { value, approx } => {
                    (Some(Num(*value)), approx.then_some(true), None, None)
                }
                Value::Range { min, max } => (None, None, Some(Num(*min)), Some(Num(*max))),
                Value::Min(v) => (None, None, Some(Num(*v)), None),
                Value::Max(v) => (None, None, None, Some(Num(*v))),
                Value::Ratio(_) => (Some(Num(part)), None, None, None),
            };
            if let Some(y) = c.year {
                let figure = key(&[&id], &[Some(c.area as i64), Some(i64::from(y))]);
                if seen.insert(figure, 0).is_some() {
                    notes.push(format!(
                        "重复：{name_note} {y}年 {}：{}",
                        describe(c),
                        source(c)
                    ));
                    continue;
                }
            }
            let year_text = match (c.year, &c.year_text) {
                (Some(_), _) => None,
                (None, Some(t)) => Some(t.clone()),
                (None, None) => Some("未注明".to_string()),
            };
            origins.push(origin);
            targets.push(Target {
                indicator: id,
                area: area_id(c.area),
                year: c.year,
                year_text,
                period: c.period.clone(),
                value,
                approx,
                min,
                max,
                source: source(c),
                note: c.note.clone(),
            });
        }
    }
    let file = File {
        format: "planlens/1",
        plan: Plan {
            title: plan_id(opts) + "(草稿)",
            id: plan_id(opts),
            source: opts.file_name.clone(),
            note: notes.join("\n"),
        },
        areas,
        indicators,
        targets,
    };
    (file, origins)
}

#[cfg(test)]
impl serde::Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let raw = serde_json::value::RawValue::from_string(planlens::num::fmt_dec(self.0))
            .map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract;

    /// The writer gives serde_json's pretty bytes for the same records.
    fn same(text: &str, opts: &Options) {
        let draft = extract(text, opts);
        let (file, _) = build(&draft, text, opts);
        assert_eq!(
            write(&file),
            serde_json::to_string_pretty(&file).unwrap(),
            "{text:?}"
        );
    }

    #[test]
    fn the_writer_writes_what_serde_json_writes() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/extract/passages");
        let mut all = String::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            same(&text, &Options::default());
            all.push_str(&text);
        }
        let opts = Options {
            area_name: Some("深圳\"市\\\u{1}\u{8}\u{c}\t".into()),
            plan_id: Some("id \"q\"\n".into()),
            file_name: "a/b\\c\u{7f}.txt".into(),
        };
        same(&all, &opts);
        for text in [
            "",
            "2013年，\"生物\\产业\"规模达到700亿元\u{1}\u{1f}。",
            "到2012年，全市生物产业规模达到900亿元以上，其中南山区460亿元以上、宝安区250―300亿元、福田区约30亿元。",
            "201*年三次产业比重调整为3∶42∶55，比例为1∶2∶3。十二五末产值达到1.25亿元。",
            "2013年引进8家企业。2013年引进10家企业。",
        ] {
            same(text, &Options::default());
            same(text, &opts);
        }
    }
}
