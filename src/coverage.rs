//! Every plan accounted for: per loaded plan, how many figures were read, how many took
//! part in at least one check, and why each of the others took part in none.
//!
//! A figure *took part* when a finding's expected or actual figure is it, or when one of
//! the finding's parts stands for it. Parts name an area (`area_sum`) or an indicator
//! (the others) and carry no figure index, so [`parts_are`] says, per check kind, where
//! a part's figure is found: a new check kind adds one line there (the match has no
//! wildcard, so the compiler asks for it).
//!
//! The reasons are taken from what the checks require, in this order: a year (every
//! check groups by year, so a figure whose document hides it, `year_text` 20XX, is in
//! none); a unit that converts (a share or an increment across units of different bases
//! is not computed); an additive indicator (rates are not summed over areas, so a rate
//! beside its districts' rates has no sum); and otherwise a counterpart: no parent or
//! child area with a figure of the same plan, indicator and year, no composite or
//! component, no other plan's figure and no actual for the same year, no figure a
//! relation needs.

use crate::check::{CheckKind, Report};
use crate::json_out::Json;
use crate::num::Interval;
use crate::plan::{AreaId, IndId, Kind, Model, PlanIdx, Relation};

/// Why a figure took part in no check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// The document hides the year (`year_text`: 20XX, 201*): no check can place it.
    HiddenYear,
    /// Its indicator meets another in a relation (share, increment) whose unit has a
    /// different base (家 and 个), so the relation is not computed.
    Unit,
    /// Its indicator is not additive, so the figures of its parent or child areas are
    /// not summed.
    NotAdditive,
    /// Nothing to compare it with: no sum it is part of or the total of, no other
    /// plan's figure, no actual or target for the same year, no relation's figures.
    NoCounterpart,
}

impl Reason {
    pub const ALL: [Reason; 4] = [
        Reason::HiddenYear,
        Reason::Unit,
        Reason::NotAdditive,
        Reason::NoCounterpart,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Reason::HiddenYear => "hidden_year",
            Reason::Unit => "unit",
            Reason::NotAdditive => "not_additive",
            Reason::NoCounterpart => "no_counterpart",
        }
    }

    /// One English sentence for the CLI.
    pub fn text(self) -> &'static str {
        match self {
            Reason::HiddenYear => {
                "the document hides the year (year_text), so no check can place it"
            }
            Reason::Unit => {
                "a relation needs it in a unit of a different base, which does not convert"
            }
            Reason::NotAdditive => {
                "the indicator is not additive, so its areas' figures are not summed"
            }
            Reason::NoCounterpart => {
                "no counterpart: no sum, other plan, actual or relation to compare it with"
            }
        }
    }
}

/// Where the figure a part stands for is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartsAre {
    /// The part is a child area: the target of the finding's plan, indicator and year
    /// in that area (or, for a derived part, the figures it was rolled up from).
    ChildAreas,
    /// The part is an indicator: its target of the finding's plan and year in the
    /// finding's area (or, derived, the figures below it).
    ComponentsHere,
    /// The part is an indicator: a figure of it in the finding's area, of any plan, kind
    /// and year, whose value is the part's value (relations take base years and
    /// actuals from wherever they are).
    SameValueHere,
    /// The check records the figure behind each part (`Report::part_figures`).
    Recorded,
}

/// How each check kind's parts are read: the one line a new check kind adds.
pub fn parts_are(kind: CheckKind) -> PartsAre {
    match kind {
        CheckKind::AreaSum => PartsAre::ChildAreas,
        CheckKind::IndicatorSum => PartsAre::ComponentsHere,
        CheckKind::Conflict | CheckKind::Progress => PartsAre::SameValueHere,
        CheckKind::Share | CheckKind::Increment | CheckKind::Growth => PartsAre::SameValueHere,
        CheckKind::Implied | CheckKind::Required => PartsAre::SameValueHere,
        CheckKind::RatioSum | CheckKind::PartOf => PartsAre::Recorded,
    }
}

/// One plan's account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanCoverage {
    pub plan: PlanIdx,
    pub targets: usize,
    pub targets_checked: usize,
    pub actuals: usize,
    pub actuals_checked: usize,
    /// The figures that took part in no check, in file order (targets, then actuals),
    /// with the reason.
    pub left_out: Vec<(u32, Reason)>,
}

/// The account of every loaded plan, in load order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    pub plans: Vec<PlanCoverage>,
}

/// The sort key of the model's figures (see `plan::build`): unique for figures with a
/// year, so a figure is found by binary search, without a hash set.
type Key = (PlanIdx, Kind, IndId, Option<i32>, Option<i32>, AreaId);

fn key(f: &crate::plan::Figure) -> Key {
    (f.plan, f.kind, f.ind, f.year, f.base_year, f.area)
}

/// The index of the figure with this key.
fn find(model: &Model, k: Key) -> Option<usize> {
    let at = model.figures.partition_point(|f| key(f) < k);
    model
        .figures
        .get(at)
        .is_some_and(|f| key(f) == k)
        .then_some(at)
}

/// Accounts for every figure of the model against a report of it.
pub fn account(model: &Model, report: &Report) -> Coverage {
    let taken = took_part(model, report);
    let blocked = unit_blocked(model);
    let mut plans: Vec<PlanCoverage> = (0..model.plans.len())
        .map(|p| PlanCoverage {
            plan: p as PlanIdx,
            targets: 0,
            targets_checked: 0,
            actuals: 0,
            actuals_checked: 0,
            left_out: Vec::new(),
        })
        .collect();
    for (i, f) in model.figures.iter().enumerate() {
        let Some(pc) = plans.get_mut(f.plan as usize) else {
            continue;
        };
        let took = taken.get(i).copied().unwrap_or(false);
        match f.kind {
            Kind::Target => {
                pc.targets += 1;
                pc.targets_checked += usize::from(took);
            }
            Kind::Actual => {
                pc.actuals += 1;
                pc.actuals_checked += usize::from(took);
            }
        }
        if took {
            continue;
        }
        let reason = if f.year.is_none() {
            Reason::HiddenYear
        } else if blocked.get(f.ind as usize).copied().unwrap_or(false) {
            Reason::Unit
        } else {
            let additive = model.indicator(f.ind).is_some_and(|d| d.additive);
            let at = |a: AreaId| find(model, (f.plan, f.kind, f.ind, f.year, f.base_year, a));
            let parent = model.area(f.area).and_then(|a| a.parent);
            let beside = parent.and_then(at).is_some()
                || model.children(f.area).iter().any(|&c| at(c).is_some());
            if !additive && f.kind == Kind::Target && beside {
                Reason::NotAdditive
            } else {
                Reason::NoCounterpart
            }
        };
        pc.left_out.push((i as u32, reason));
    }
    // The model sorts figures by kind, indicator, year: a reader wants the file's order.
    for pc in &mut plans {
        crate::order::sort_by_key(&mut pc.left_out, |&(i, _)| {
            model.figures.get(i as usize).map(|f| (f.kind, f.rec))
        });
    }
    Coverage { plans }
}

/// Whether each figure took part in a finding.
fn took_part(model: &Model, report: &Report) -> Vec<bool> {
    let mut taken = vec![false; model.figures.len()];
    let mark = |taken: &mut Vec<bool>, i: usize| {
        if let Some(t) = taken.get_mut(i) {
            *t = true;
        }
    };
    // (indicator, area, part index) of the parts read by value.
    let mut by_value: Vec<(IndId, AreaId, u32)> = Vec::new();
    let mut stack: Vec<AreaId> = Vec::new();
    // Figures a check recorded behind its parts (any check may, hidden years' always do).
    for &(_, i) in &report.part_figures {
        mark(&mut taken, i as usize);
    }
    for f in &report.findings {
        for i in [f.expected_figure, f.actual_figure].into_iter().flatten() {
            mark(&mut taken, i as usize);
        }
        // The group of the finding's own figure: its plan, kind and base year.
        let Some(own) = f
            .expected_figure
            .and_then(|i| model.figures.get(i as usize))
        else {
            continue;
        };
        let start = f.parts.start;
        for (n, p) in report.parts(f).iter().enumerate() {
            if p.value.is_none() {
                continue;
            }
            let (ind, area) = match parts_are(f.check) {
                PartsAre::ChildAreas => (f.ind, p.id),
                PartsAre::ComponentsHere => (p.id, f.area),
                PartsAre::SameValueHere => {
                    by_value.push((p.id, f.area, start + n as u32));
                    continue;
                }
                PartsAre::Recorded => continue,
            };
            let at = |a: AreaId| {
                find(
                    model,
                    (own.plan, Kind::Target, ind, Some(f.year), own.base_year, a),
                )
            };
            if !p.derived {
                if let Some(i) = at(area) {
                    mark(&mut taken, i);
                }
                continue;
            }
            // A derived part: the figures it was rolled up from, found walking down
            // through the areas without a figure of their own (an explicit stack: the
            // input sets the depth; each area is met by one derived part per group).
            stack.clear();
            stack.push(area);
            while let Some(a) = stack.pop() {
                for &c in model.children(a) {
                    match at(c) {
                        Some(i) => mark(&mut taken, i),
                        None => stack.push(c),
                    }
                }
            }
        }
    }
    if by_value.is_empty() {
        return taken;
    }
    crate::order::sort_dedup(&mut by_value);
    for (i, f) in model.figures.iter().enumerate() {
        if taken.get(i).copied().unwrap_or(true) {
            continue;
        }
        let from = by_value.partition_point(|&(k, a, _)| (k, a) < (f.ind, f.area));
        let hit = by_value
            .get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(|&&(k, a, _)| (k, a) == (f.ind, f.area))
            .any(|&(_, _, n)| report.parts.get(n as usize).and_then(|p| p.value) == Some(f.value));
        if hit {
            mark(&mut taken, i);
        }
    }
    taken
}

/// Indicators a relation needs in a unit that does not convert (share: numerator in the
/// denominator's unit; increment: the additions in the stock's unit).
fn unit_blocked(model: &Model) -> Vec<bool> {
    let mut out = vec![false; model.indicators.len()];
    let apart = |a: IndId, b: IndId| match (model.indicator(a), model.indicator(b)) {
        (Some(x), Some(y)) => !x.unit.compatible(&y.unit),
        _ => false,
    };
    for (i, d) in model.indicators.iter().enumerate() {
        for r in &d.relations {
            let pair: Option<[IndId; 3]> = match *r {
                Relation::ShareOf {
                    numerator,
                    denominator,
                } => apart(numerator, denominator).then_some([i as IndId, numerator, denominator]),
                Relation::IncrementOf(stock) => {
                    apart(i as IndId, stock).then_some([i as IndId, stock, stock])
                }
                Relation::GrowthOf(_) => None,
            };
            for k in pair.into_iter().flatten() {
                if let Some(slot) = out.get_mut(k as usize) {
                    *slot = true;
                }
            }
        }
    }
    out
}

/// The name a plan is shown under: its document number, else its title, else its id.
pub fn plan_label(model: &Model, plan: PlanIdx) -> &str {
    model.plans.get(plan as usize).map_or("?", |p| {
        p.doc_no
            .as_deref()
            .or(p.title.as_deref())
            .unwrap_or(p.id.as_str())
    })
}

/// A figure left out, as the JSON and the text show it.
struct FigureOut<'a> {
    kind: &'static str,
    pointer: String,
    indicator: &'a str,
    indicator_name: &'a str,
    unit: &'a str,
    area: &'a str,
    area_name: &'a str,
    year: Option<i32>,
    year_text: Option<&'a str>,
    value: Interval,
    source: Option<&'a str>,
}

/// Writes the account as JSON (docs/REPORT.md, *Coverage*).
pub fn write_coverage_json<W: std::io::Write>(
    mut w: W,
    model: &Model,
    cov: &Coverage,
) -> std::io::Result<()> {
    let mut j = Json::new();
    j.begin_object();
    j.key("plans").begin_array();
    for pc in &cov.plans {
        let meta = model.plans.get(pc.plan as usize);
        j.item().begin_object();
        j.key("id").str(meta.map_or("?", |m| m.id.as_str()));
        j.key("file").str(meta.map_or("?", |m| m.file.as_str()));
        j.key("label").str(plan_label(model, pc.plan));
        j.key("targets").count(pc.targets);
        j.key("targets_checked").count(pc.targets_checked);
        j.key("actuals").count(pc.actuals);
        j.key("actuals_checked").count(pc.actuals_checked);
        j.key("left_out").count(pc.left_out.len());
        j.key("reasons").begin_array();
        for r in Reason::ALL {
            let count = pc.left_out.iter().filter(|(_, why)| *why == r).count();
            if count == 0 {
                continue;
            }
            j.item().begin_object();
            j.key("reason").str(r.name());
            j.key("count").count(count);
            j.key("figures").begin_array();
            for &(i, _) in pc.left_out.iter().filter(|(_, why)| *why == r) {
                let Some(fo) = figure_out(model, i) else {
                    continue;
                };
                j.item().begin_object();
                j.key("kind").str(fo.kind);
                j.key("pointer").str(&fo.pointer);
                j.key("indicator").str(fo.indicator);
                j.key("indicator_name").str(fo.indicator_name);
                j.key("unit").str(fo.unit);
                j.key("area").str(fo.area);
                j.key("area_name").str(fo.area_name);
                j.key("year").opt_int(fo.year.map(i64::from));
                if let Some(t) = fo.year_text {
                    j.key("year_text").str(t);
                }
                j.key("value").interval(fo.value);
                if let Some(s) = fo.source {
                    j.key("source").str(s);
                }
                j.end_object();
            }
            j.end_array();
            j.end_object();
        }
        j.end_array();
        j.end_object();
    }
    j.end_array();
    j.end_object();
    j.flush_to(&mut w)
}

fn figure_out(model: &Model, i: u32) -> Option<FigureOut<'_>> {
    let f = model.figures.get(i as usize)?;
    let ind = model.indicator(f.ind)?;
    let area = model.area(f.area)?;
    let text = model.text(i as usize);
    Some(FigureOut {
        kind: match f.kind {
            Kind::Target => "target",
            Kind::Actual => "actual",
        },
        pointer: model.pointer(f),
        indicator: &ind.id,
        indicator_name: &ind.name,
        unit: &ind.unit_text,
        area: &area.id,
        area_name: &area.name,
        year: f.year,
        year_text: text.and_then(|t| t.year_text.as_deref()),
        value: f.value,
        source: text.and_then(|t| t.source.as_deref()),
    })
}

/// The account as text for the terminal: a line per plan, then the figures left out,
/// grouped by reason.
pub fn coverage_text(model: &Model, cov: &Coverage) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for pc in &cov.plans {
        let file = model
            .plans
            .get(pc.plan as usize)
            .map_or("?", |m| m.file.as_str());
        let _ = writeln!(
            out,
            "{} ({file}): {} targets read, {} checked; {} actuals read, {} checked; {} left out",
            plan_label(model, pc.plan),
            pc.targets,
            pc.targets_checked,
            pc.actuals,
            pc.actuals_checked,
            pc.left_out.len()
        );
        for r in Reason::ALL {
            let n = pc.left_out.iter().filter(|(_, why)| *why == r).count();
            if n == 0 {
                continue;
            }
            let _ = writeln!(out, "  {} {}: {}", n, r.name(), r.text());
            for &(i, _) in pc.left_out.iter().filter(|(_, why)| *why == r) {
                let Some(fo) = figure_out(model, i) else {
                    continue;
                };
                let year = match (fo.year, fo.year_text) {
                    (_, Some(t)) => t.to_string(),
                    (Some(y), None) => y.to_string(),
                    (None, None) => "?".to_string(),
                };
                let _ = writeln!(
                    out,
                    "    {} {}, {}, {year}{}",
                    fo.pointer,
                    fo.indicator_name,
                    fo.area_name,
                    fo.source.map(|s| format!(": {s}")).unwrap_or_default()
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::SourceFile;

    fn model(text: &str) -> Model {
        Model::load(&[SourceFile {
            name: "t.json".into(),
            text: text.into(),
        }])
        .unwrap()
    }

    fn reasons(m: &Model) -> (usize, Vec<(String, Reason)>) {
        let report = crate::check::run(m, &Default::default()).unwrap();
        let cov = account(m, &report);
        let pc = &cov.plans[0];
        let left = pc
            .left_out
            .iter()
            .map(|&(i, r)| {
                let f = &m.figures[i as usize];
                (
                    format!(
                        "{}@{}",
                        m.indicator(f.ind).unwrap().id,
                        m.area(f.area).unwrap().id
                    ),
                    r,
                )
            })
            .collect();
        (pc.targets_checked, left)
    }

    const HEAD: &str = r#"{"format": "planlens/1", "plan": {"id": "p"},
      "areas": [{"id": "c", "name": "市"}, {"id": "a", "name": "甲区", "parent": "c"},
                {"id": "b", "name": "乙区", "parent": "c"}, {"id": "a1", "name": "甲街", "parent": "a"}],"#;

    #[test]
    fn sums_take_their_parts_and_hidden_years_are_left_out() {
        let m = model(&format!(
            r#"{HEAD} "indicators": [{{"id": "x", "name": "产值", "unit": "亿元"}},
              {{"id": "r", "name": "比重", "unit": "%", "additive": false}},
              {{"id": "lone", "name": "专利", "unit": "件"}}],
              "targets": [
                {{"indicator": "x", "area": "c", "year": 2015, "value": 10}},
                {{"indicator": "x", "area": "a", "year": 2015, "value": 4}},
                {{"indicator": "x", "area": "b", "year": 2015, "value": 6}},
                {{"indicator": "x", "area": "c", "year_text": "20XX", "value": 20}},
                {{"indicator": "r", "area": "c", "year": 2015, "value": 3}},
                {{"indicator": "r", "area": "a", "year": 2015, "value": 2}},
                {{"indicator": "lone", "area": "c", "year": 2015, "value": 5}}]}}"#
        ));
        let (checked, left) = reasons(&m);
        assert_eq!(checked, 3);
        assert_eq!(
            left,
            vec![
                ("x@c".to_string(), Reason::HiddenYear),
                ("r@c".to_string(), Reason::NotAdditive),
                ("r@a".to_string(), Reason::NotAdditive),
                ("lone@c".to_string(), Reason::NoCounterpart),
            ]
        );
    }

    #[test]
    fn a_derived_part_takes_the_figures_it_was_rolled_up_from() {
        // 甲区 has no figure: its part is 甲街's, rolled up; 甲街 took part.
        let m = model(&format!(
            r#"{HEAD} "indicators": [{{"id": "x", "name": "产值", "unit": "亿元"}}],
              "targets": [
                {{"indicator": "x", "area": "c", "year": 2015, "value": 10}},
                {{"indicator": "x", "area": "a1", "year": 2015, "value": 4}},
                {{"indicator": "x", "area": "b", "year": 2015, "value": 6}}]}}"#
        ));
        let (checked, left) = reasons(&m);
        assert_eq!((checked, left), (3, vec![]));
    }

    #[test]
    fn components_and_relations_take_part_and_units_that_do_not_convert_are_named() {
        let m = model(&format!(
            r#"{HEAD} "indicators": [
                {{"id": "t", "name": "总量", "unit": "亿元", "sum_of": ["u", "v"]}},
                {{"id": "u", "name": "甲", "unit": "亿元"}},
                {{"id": "v", "name": "乙", "unit": "万元"}},
                {{"id": "n", "name": "企业", "unit": "家"}},
                {{"id": "d", "name": "项目", "unit": "个"}},
                {{"id": "s", "name": "占比", "unit": "%", "additive": false,
                  "share_of": {{"numerator": "n", "denominator": "d"}}}},
                {{"id": "g", "name": "增速", "unit": "%", "additive": false, "growth_of": "u"}}],
              "targets": [
                {{"indicator": "t", "area": "c", "year": 2015, "value": 3}},
                {{"indicator": "u", "area": "c", "year": 2015, "value": 2}},
                {{"indicator": "v", "area": "c", "year": 2015, "value": 10000}},
                {{"indicator": "u", "area": "c", "year": 2017, "value": 2.42}},
                {{"indicator": "g", "area": "c", "year": 2017, "base_year": 2015, "value": 10}},
                {{"indicator": "n", "area": "c", "year": 2015, "value": 1}},
                {{"indicator": "d", "area": "c", "year": 2015, "value": 4}},
                {{"indicator": "s", "area": "c", "year": 2015, "value": 25}}]}}"#
        ));
        let (checked, left) = reasons(&m);
        assert_eq!(checked, 5, "{left:?}");
        assert_eq!(
            left,
            vec![
                ("n@c".to_string(), Reason::Unit),
                ("d@c".to_string(), Reason::Unit),
                ("s@c".to_string(), Reason::Unit),
            ]
        );
    }

    #[test]
    fn every_check_kind_says_where_its_parts_are() {
        // A new kind without a line in `parts_are` does not compile; this pins the
        // sums' two readings.
        assert_eq!(parts_are(CheckKind::AreaSum), PartsAre::ChildAreas);
        assert_eq!(parts_are(CheckKind::IndicatorSum), PartsAre::ComponentsHere);
        assert_eq!(parts_are(CheckKind::Growth), PartsAre::SameValueHere);
    }
}
