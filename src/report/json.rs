//! The JSON report contract (see docs/REPORT.md).
//!
//! Every number is written as its exact decimal (`0.3`, never
//! `0.30000000000000004`); an exact interval is a number, any other is
//! `{"min": …, "max": …}` with `null` for an open end.

use crate::aggregate::Pivot;
use crate::check::{Report, Status};
use crate::num::{Dec, DecBuf, Interval};
use crate::plan::{Kind, Model};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::value::RawValue;

/// An exact decimal written as a JSON number.
struct Num(Dec);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Whole numbers (most figures) go straight to the integer writer.
        let d = self.0;
        if d.fract().is_zero() {
            if let Some(i) = rust_decimal::prelude::ToPrimitive::to_i64(&d) {
                return s.serialize_i64(i);
            }
        }
        // Written into a buffer on the stack and handed over as a borrowed raw value:
        // no allocation per number (a national report has over a million).
        let mut buf = DecBuf::new();
        let raw: &RawValue =
            serde_json::from_str(buf.write(d)).map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

/// A sequence serialized from an iterator as it goes (no vector of the items).
struct Seq<F>(F);

impl<I, F> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// An interval: a number when exact, else `{"min", "max"}`.
pub(crate) struct Iv(pub(crate) Interval);

impl Serialize for Iv {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if let Some(p) = self.0.as_point() {
            return Num(p).serialize(s);
        }
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("min", &self.0.lo.map(Num))?;
        m.serialize_entry("max", &self.0.hi.map(Num))?;
        m.end()
    }
}

#[derive(Serialize)]
struct Summary {
    ok: usize,
    fail: usize,
    uncertain: usize,
    incomplete: usize,
    info: usize,
}

/// A loaded plan as the report, the summary and the page's plan list show it.
#[derive(Serialize)]
pub struct PlanOut<'a> {
    id: &'a str,
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    doc_no: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issuer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued: Option<&'a str>,
}

#[derive(Serialize)]
struct PartOut<'a> {
    id: &'a str,
    name: &'a str,
    value: Option<Iv>,
    #[serde(skip_serializing_if = "is_false")]
    derived: bool,
    #[serde(skip_serializing_if = "is_false")]
    approx: bool,
    /// The sentence or cell behind the part, where the check records its figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(bound(serialize = "Seq<P>: Serialize, Seq<M>: Serialize, Seq<L>: Serialize"))]
struct FindingOut<'a, P, M, L> {
    check: &'static str,
    status: &'static str,
    indicator: &'a str,
    indicator_name: &'a str,
    unit: &'a str,
    area: &'a str,
    area_name: &'a str,
    /// `null` for figures of a hidden year (see `year_text`).
    year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year_text: Option<&'a str>,
    plans: Seq<L>,
    expected: Iv,
    actual: Option<Iv>,
    difference: Option<Num>,
    missing: Seq<M>,
    /// Missing parts beyond those listed (see `check::MAX_MISSING`).
    #[serde(skip_serializing_if = "is_zero")]
    missing_more: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    parts: Option<Seq<P>>,
    /// How many parts a brief report leaves out (see [`Detail`]).
    #[serde(skip_serializing_if = "is_zero_usize")]
    parts_count: usize,
    #[serde(skip_serializing_if = "is_false")]
    approx: bool,
    /// A met progress finding beyond a range target's good end.
    #[serde(skip_serializing_if = "is_false")]
    exceeded: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected_source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    actual_source: Option<&'a str>,
    // --- implied / required (issue #16, implied helper) ---
    #[serde(skip_serializing_if = "Option::is_none")]
    derivation: Option<DerivationOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    required: Option<RequiredOut<'a>>,
    // --- end implied / required ---
}

// --- implied / required (issue #16, implied helper) ---
/// A stated figure a derivation starts from, with where it is stated.
#[derive(Serialize)]
struct InputOut<'a> {
    role: &'static str,
    indicator: &'a str,
    indicator_name: &'a str,
    unit: &'a str,
    plan: &'a str,
    kind: &'static str,
    year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    base_year: Option<i32>,
    value: Iv,
    #[serde(skip_serializing_if = "is_false")]
    approx: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
}

#[derive(Serialize)]
struct StepOut {
    op: &'static str,
    a: Iv,
    #[serde(skip_serializing_if = "Option::is_none")]
    b: Option<Iv>,
    #[serde(skip_serializing_if = "Option::is_none")]
    years: Option<u32>,
    result: Iv,
}

#[derive(Serialize)]
struct DerivationOut<'a> {
    rule: &'static str,
    value: Iv,
    #[serde(skip_serializing_if = "Option::is_none")]
    nearest: Option<Num>,
    against: Option<&'static str>,
    inputs: Vec<InputOut<'a>>,
    steps: Vec<StepOut>,
}

#[derive(Serialize)]
struct SoFarOut {
    from_year: i32,
    to_year: i32,
    rate: Num,
}

#[derive(Serialize)]
struct RequiredOut<'a> {
    from_year: i32,
    years: u32,
    additions: Iv,
    rate: Option<Iv>,
    so_far: Option<SoFarOut>,
    planned_rate: Option<Iv>,
    #[serde(skip_serializing_if = "Option::is_none")]
    planned_source: Option<&'a str>,
    met: bool,
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Target => "target",
        Kind::Actual => "actual",
    }
}

fn derivation_out<'a>(model: &'a Model, d: &crate::check::Derivation) -> DerivationOut<'a> {
    let inputs = d
        .inputs
        .iter()
        .filter_map(|x| {
            let f = model.figures.get(x.figure as usize)?;
            let ind = model.indicator(f.ind)?;
            Some(InputOut {
                role: x.role,
                indicator: &ind.id,
                indicator_name: &ind.name,
                unit: &ind.unit_text,
                plan: model
                    .plans
                    .get(f.plan as usize)
                    .map_or("?", |p| p.id.as_str()),
                kind: kind_name(f.kind),
                year: f.year,
                base_year: f.base_year,
                value: Iv(f.value),
                approx: f.approx,
                source: source(model, Some(x.figure)),
            })
        })
        .collect();
    DerivationOut {
        rule: d.kind.name(),
        value: Iv(d.value),
        nearest: d.nearest.map(Num),
        against: d
            .against_stated
            .map(|s| if s { "stated" } else { "implied" }),
        inputs,
        steps: d
            .steps
            .iter()
            .map(|s| StepOut {
                op: s.op.name(),
                a: Iv(s.a),
                b: s.b.map(Iv),
                years: s.years,
                result: Iv(s.result),
            })
            .collect(),
    }
}

fn required_out<'a>(model: &'a Model, r: &crate::check::Required) -> RequiredOut<'a> {
    let planned = r.planned.and_then(|i| model.figures.get(i as usize));
    RequiredOut {
        from_year: r.from_year,
        years: r.years,
        additions: Iv(r.additions),
        rate: r.rate.map(Iv),
        so_far: r.so_far.map(|(from_year, to_year, rate)| SoFarOut {
            from_year,
            to_year,
            rate: Num(rate),
        }),
        planned_rate: planned.map(|f| Iv(f.value)),
        planned_source: source(model, r.planned),
        met: r.met,
    }
}
// --- end implied / required ---

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_zero_usize(n: &usize) -> bool {
    *n == 0
}

/// How much of each finding a report holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Everything (the CLI's report).
    Full,
    /// Without the `parts` lists, which are most of a national report's bytes; each
    /// finding says how many it has in `parts_count`. The page asks for one finding's
    /// parts when it shows them ([`write_finding_json`]).
    Brief,
}

/// The loaded plans in report order.
pub fn plans(model: &Model) -> Vec<PlanOut<'_>> {
    model
        .plans
        .iter()
        .map(|p| PlanOut {
            id: &p.id,
            file: &p.file,
            title: p.title.as_deref(),
            doc_no: p.doc_no.as_deref(),
            issuer: p.issuer.as_deref(),
            issued: p.issued.as_deref(),
        })
        .collect()
}

fn source(model: &Model, fig: Option<u32>) -> Option<&str> {
    fig.and_then(|i| model.text(i as usize))
        .and_then(|t| t.source.as_deref())
}

/// Writes the check report as JSON.
pub fn write_report_json<W: std::io::Write>(
    w: W,
    model: &Model,
    report: &Report,
) -> serde_json::Result<()> {
    write_report_json_with(w, model, report, Detail::Full)
}

/// Writes the check report as JSON, with or without the parts of each finding.
pub fn write_report_json_with<W: std::io::Write>(
    mut w: W,
    model: &Model,
    report: &Report,
    detail: Detail,
) -> serde_json::Result<()> {
    // Findings and their parts are written as they are produced: a national report
    // has tens of thousands of findings and millions of parts.
    let pieces = ReportPieces {
        model,
        report,
        detail,
    };
    pieces.head(&mut w)?;
    pieces.findings(&mut w, 0..report.findings.len())?;
    pieces.tail(&mut w)
}

/// The JSON report in pieces that, written in order, give the bytes of
/// [`write_report_json_with`]: the head (summary and plans), the findings in any
/// consecutive ranges, the tail. The ranges can be written on several threads into
/// buffers of their own (the CLI does, `crates/planlens-cli`): the pieces share nothing
/// mutable.
#[derive(Clone, Copy)]
pub struct ReportPieces<'a> {
    pub model: &'a Model,
    pub report: &'a Report,
    pub detail: Detail,
}

impl ReportPieces<'_> {
    /// `{"summary":…,"plans":[…],"findings":[`
    pub fn head<W: std::io::Write>(&self, mut w: W) -> serde_json::Result<()> {
        let report = self.report;
        let summary = Summary {
            ok: report.count(Status::Ok),
            fail: report.count(Status::Fail),
            uncertain: report.count(Status::Uncertain),
            incomplete: report.count(Status::Incomplete),
            info: report.count(Status::Info),
        };
        w.write_all(b"{\"summary\":")
            .map_err(serde_json::Error::io)?;
        serde_json::to_writer(&mut w, &summary)?;
        w.write_all(b",\"plans\":").map_err(serde_json::Error::io)?;
        serde_json::to_writer(&mut w, &plans(self.model))?;
        w.write_all(b",\"findings\":[")
            .map_err(serde_json::Error::io)
    }

    /// The findings of `range`, each preceded by a comma unless it is the first of the
    /// report. A range past the end writes what exists of it.
    pub fn findings<W: std::io::Write>(
        &self,
        mut w: W,
        range: std::ops::Range<usize>,
    ) -> serde_json::Result<()> {
        let all = &self.report.findings;
        let (start, end) = (range.start.min(all.len()), range.end.min(all.len()));
        for (i, f) in all.get(start..end).unwrap_or(&[]).iter().enumerate() {
            if start + i > 0 {
                w.write_all(b",").map_err(serde_json::Error::io)?;
            }
            let one = FindingRef {
                model: self.model,
                report: self.report,
                f,
                detail: self.detail,
            };
            serde_json::to_writer(&mut w, &one)?;
        }
        Ok(())
    }

    /// `]}`
    pub fn tail<W: std::io::Write>(&self, mut w: W) -> serde_json::Result<()> {
        w.write_all(b"]}").map_err(serde_json::Error::io)
    }
}

/// Writes finding `index` of the report in full, as the report's `findings[index]`;
/// `Ok(false)` when there is no such finding.
pub fn write_finding_json<W: std::io::Write>(
    w: W,
    model: &Model,
    report: &Report,
    index: usize,
) -> serde_json::Result<bool> {
    match report.findings.get(index) {
        Some(f) => {
            let one = FindingRef {
                model,
                report,
                f,
                detail: Detail::Full,
            };
            serde_json::to_writer(w, &one).map(|()| true)
        }
        None => Ok(false),
    }
}

/// `(id, name)` of an area or an indicator.
fn named(model: &Model, by_area: bool, id: u32) -> (&str, &str) {
    let pair = if by_area {
        model.area(id).map(|x| (x.id.as_str(), x.name.as_str()))
    } else {
        model
            .indicator(id)
            .map(|x| (x.id.as_str(), x.name.as_str()))
    };
    pair.unwrap_or(("?", "?"))
}

/// One finding as the report writes it.
struct FindingRef<'a> {
    model: &'a Model,
    report: &'a Report,
    f: &'a crate::check::Finding,
    detail: Detail,
}

impl Serialize for FindingRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (model, report, f) = (self.model, self.report, self.f);
        let plan = move |p: u16| model.plans.get(p as usize).map_or("?", |x| x.id.as_str());
        let by_area = f.parts_are_areas(model);
        let year_text = f.hidden_year(model);
        let (ind_id, ind_name) = named(model, false, f.ind);
        let (area_id, area_name) = named(model, true, f.area);
        let parts = report.parts(f);
        let full = self.detail == Detail::Full;
        FindingOut {
            check: f.check.name(),
            status: f.status.name(),
            indicator: ind_id,
            indicator_name: ind_name,
            unit: model.indicator(f.ind).map_or("", |i| i.unit_text.as_str()),
            area: area_id,
            area_name,
            year: if year_text.is_some() {
                None
            } else {
                Some(f.year)
            },
            year_text,
            plans: Seq(move || std::iter::once(plan(f.plans.0)).chain(f.plans.1.map(plan))),
            expected: Iv(f.expected),
            actual: f.actual.map(Iv),
            difference: f.difference.map(Num),
            missing: Seq(move || report.missing(f).map(move |id| named(model, by_area, id).0)),
            missing_more: f.missing_more,
            parts: (full && !parts.is_empty()).then_some(Seq(move || {
                let first = f.parts.start as usize;
                parts.iter().enumerate().map(move |(k, p)| {
                    let (id, name) = named(model, by_area, p.id);
                    PartOut {
                        id,
                        name,
                        value: p.value.map(Iv),
                        derived: p.derived,
                        approx: p.approx,
                        source: source(model, report.part_figure(first + k)),
                    }
                })
            })),
            parts_count: if full { 0 } else { parts.len() },
            approx: f.approx,
            exceeded: f.exceeded(model),
            expected_source: source(model, f.expected_figure),
            actual_source: source(model, f.actual_figure),
            derivation: report.derivation(f).map(|d| derivation_out(model, d)),
            required: report.required(f).map(|r| required_out(model, r)),
        }
        .serialize(s)
    }
}

#[derive(Serialize)]
struct CellOut<'a> {
    plan: &'a str,
    kind: &'static str,
    indicator: &'a str,
    area: &'a str,
    year: i32,
    value: Iv,
    #[serde(skip_serializing_if = "is_false")]
    approx: bool,
    #[serde(skip_serializing_if = "is_false")]
    derived: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    share: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    growth: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
}

#[derive(Serialize)]
struct NamedOut<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
}

#[derive(Serialize)]
struct TaskOut<'a> {
    plan: &'a str,
    id: &'a str,
    title: &'a str,
    lead: &'a [String],
    support: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    due: Option<&'a str>,
    milestones: Vec<(&'a str, &'a str)>,
}

#[derive(Serialize)]
struct SummaryOut<'a> {
    plans: Vec<PlanOut<'a>>,
    areas: Vec<NamedOut<'a>>,
    indicators: Vec<NamedOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cells: Option<CellsRef<'a>>,
    tasks: Vec<TaskOut<'a>>,
}

/// The pivot's cells, written as they are produced.
struct CellsRef<'a> {
    model: &'a Model,
    pivot: &'a Pivot,
}

impl Serialize for CellsRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let model = self.model;
        let plan = |p: u16| model.plans.get(p as usize).map_or("?", |x| x.id.as_str());
        s.collect_seq(self.pivot.cells.iter().map(|c| CellOut {
            plan: plan(c.plan),
            kind: kind_name(c.kind),
            indicator: model.indicator(c.ind).map_or("?", |i| i.id.as_str()),
            area: model.area(c.area).map_or("?", |a| a.id.as_str()),
            year: c.year,
            value: Iv(c.value),
            approx: c.approx,
            derived: c.derived,
            share: c.share.map(Num),
            growth: c.growth.map(Num),
            source: source(model, c.figure),
        }))
    }
}

/// Writes the pivot, the areas, indicators and tasks as JSON.
pub fn write_summary_json<W: std::io::Write>(
    w: W,
    model: &Model,
    pivot: &Pivot,
) -> serde_json::Result<()> {
    write_summary_json_with(w, model, Some(pivot))
}

/// Writes the summary; without a pivot, without `cells` (the page's brief summary: a
/// national plan's cells are tens of megabytes, asked for when a view needs them,
/// see [`write_cells_json`]).
pub fn write_summary_json_with<W: std::io::Write>(
    w: W,
    model: &Model,
    pivot: Option<&Pivot>,
) -> serde_json::Result<()> {
    let plan = |p: u16| model.plans.get(p as usize).map_or("?", |x| x.id.as_str());
    let out = SummaryOut {
        plans: plans(model),
        areas: model
            .areas
            .iter()
            .map(|a| NamedOut {
                id: &a.id,
                name: &a.name,
                parent: a.parent.and_then(|p| model.area(p)).map(|p| p.id.as_str()),
                unit: None,
            })
            .collect(),
        indicators: model
            .indicators
            .iter()
            .map(|i| NamedOut {
                id: &i.id,
                name: &i.name,
                parent: None,
                unit: Some(&i.unit_text),
            })
            .collect(),
        cells: pivot.map(|pivot| CellsRef { model, pivot }),
        tasks: model
            .tasks
            .iter()
            .map(|t| TaskOut {
                plan: plan(t.plan),
                id: &t.id,
                title: &t.title,
                lead: &t.lead,
                support: &t.support,
                due: t.due.as_deref(),
                milestones: t
                    .milestones
                    .iter()
                    .map(|m| (m.due.as_str(), m.text.as_str()))
                    .collect(),
            })
            .collect(),
    };
    serde_json::to_writer(w, &out)
}

/// Writes the pivot's cells as a JSON array: the summary's `cells`.
pub fn write_cells_json<W: std::io::Write>(
    w: W,
    model: &Model,
    pivot: &Pivot,
) -> serde_json::Result<()> {
    serde_json::to_writer(w, &CellsRef { model, pivot })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{run, Options};
    use crate::plan::SourceFile;
    use serde_json::Value;

    fn default_report() -> (Model, Report) {
        let files = [SourceFile {
            name: crate::DEFAULT_PLAN_NAME.into(),
            text: crate::DEFAULT_PLAN.into(),
        }];
        let model = Model::load(&files).unwrap();
        let report = run(&model, &Options::default()).unwrap();
        (model, report)
    }

    fn json(write: impl FnOnce(&mut Vec<u8>)) -> Value {
        let mut out = Vec::new();
        write(&mut out);
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn brief_report_is_the_full_one_without_parts() {
        let (model, report) = default_report();
        let full = json(|w| write_report_json(w, &model, &report).unwrap());
        let brief = json(|w| write_report_json_with(w, &model, &report, Detail::Brief).unwrap());
        let (Value::Array(full_f), Value::Array(brief_f)) = (&full["findings"], &brief["findings"])
        else {
            panic!("findings are arrays");
        };
        assert_eq!(full_f.len(), brief_f.len());
        assert!(full_f.iter().any(|f| f.get("parts").is_some()));
        for (i, (f, b)) in full_f.iter().zip(brief_f).enumerate() {
            let mut f = f.clone();
            let n = f
                .as_object_mut()
                .and_then(|o| o.remove("parts"))
                .map_or(0, |p| p.as_array().map_or(0, Vec::len));
            let mut b = b.clone();
            let count = b
                .as_object_mut()
                .and_then(|o| o.remove("parts_count"))
                .map_or(0, |c| c.as_u64().unwrap_or(0) as usize);
            assert_eq!(count, n, "finding {i}");
            assert_eq!(f, b, "finding {i}");
            // One finding in full is the full report's finding.
            let one = json(|w| assert!(write_finding_json(w, &model, &report, i).unwrap()));
            assert_eq!(&one, &full_f[i]);
        }
        assert_eq!(full["summary"], brief["summary"]);
        let mut sink = Vec::new();
        assert!(!write_finding_json(&mut sink, &model, &report, full_f.len()).unwrap());
    }
}
