//! Writing a [`Draft`] as a `planlens/1` plan file.

use super::{describe, repeats, Candidate, Draft, Options, Value};
use crate::num::{fmt_dec, Dec};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

/// An exact decimal written as a JSON number.
struct Num(Dec);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let raw = RawValue::from_string(fmt_dec(self.0)).map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

#[derive(Serialize)]
struct File<'a> {
    format: &'static str,
    plan: Plan,
    areas: Vec<Area<'a>>,
    indicators: Vec<Indicator>,
    targets: Vec<Target<'a>>,
}

#[derive(Serialize)]
struct Plan {
    id: String,
    title: String,
    source: String,
    note: String,
}

#[derive(Serialize)]
struct Area<'a> {
    id: String,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<String>,
}

#[derive(Serialize)]
struct Indicator {
    id: String,
    name: String,
    unit: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    additive: Option<bool>,
}

#[derive(Serialize)]
struct Target<'a> {
    indicator: String,
    area: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    approx: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<Num>,
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
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
            format!("a{k}")
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
    let later: std::collections::HashSet<usize> = repeats(&draft.targets)
        .into_iter()
        .map(|(_, j)| j)
        .collect();
    let mut indicators: Vec<Indicator> = Vec::new();
    let mut ids: std::collections::HashMap<(String, String), usize> = Default::default();
    let mut targets = Vec::new();
    let mut origins = Vec::new();
    let mut seen: std::collections::HashSet<(String, usize, i32)> = Default::default();
    let source = |c: &Candidate| text.get(c.sentence.0..c.sentence.1).unwrap_or("").trim();
    for (origin, c) in draft.targets.iter().enumerate() {
        if later.contains(&origin) {
            continue; // already in the notes (see extract)
        }
        let parts: Vec<(String, String, Dec)> = match &c.value {
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
                v.iter()
                    .enumerate()
                    .map(|(i, d)| {
                        (
                            format!("{}(第{}项)", c.indicator, i + 1),
                            "%".to_string(),
                            *d,
                        )
                    })
                    .collect()
            }
            _ => vec![(c.indicator.clone(), c.unit.clone(), Dec::ZERO)],
        };
        for (name, unit, part) in parts {
            let name_note = name.clone();
            let next = indicators.len() + 1;
            let k = *ids.entry((name.clone(), unit.clone())).or_insert(next);
            if k == next {
                let additive = if matches!(c.value, Value::Ratio(_)) {
                    Some(false)
                } else {
                    additive(&unit)
                };
                indicators.push(Indicator {
                    id: format!("i{k}"),
                    name,
                    unit,
                    additive,
                });
            }
            let id = format!("i{k}");
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
                if !seen.insert((id.clone(), c.area, y)) {
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
            id: plan_id(opts),
            title: format!("{}(草稿)", plan_id(opts)),
            source: opts.file_name.clone(),
            note: notes.join("\n"),
        },
        areas,
        indicators,
        targets,
    };
    (
        serde_json::to_string_pretty(&file).unwrap_or_default(),
        origins,
    )
}
