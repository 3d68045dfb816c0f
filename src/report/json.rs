//! The JSON report contract (see docs/REPORT.md).
//!
//! Every number is written as its exact decimal (`0.3`, never
//! `0.30000000000000004`); an exact interval is a number, any other is
//! `{"min": …, "max": …}` with `null` for an open end.
//!
//! The shapes are written by hand with [`Json`] (`planlens::json_out`), member by
//! member in the order docs/REPORT.md lists them, rather than derived with serde: the
//! derived serializers were a large part of the page's WebAssembly. A member marked
//! *optional* in the contract is left out when it has nothing to say (`None`, `false`,
//! `0`); the others are always written, `null` when they have no value.

use crate::aggregate::Pivot;
use crate::check::{Report, Status};
use crate::json_out::Json;
use crate::plan::{Kind, Model, PlanMeta};
use serde::Serialize;
use std::io::{self, Write};

/// A buffer is handed to the caller's writer when it holds this many bytes.
const FLUSH: usize = 1 << 16;

/// Hands the buffer to `w` when it is full.
fn flush_if_full(j: &mut Json, w: &mut dyn Write) -> io::Result<()> {
    if j.len() >= FLUSH {
        j.flush_to(w)?;
    }
    Ok(())
}

/// `"k": "v"` when there is a `v`.
fn opt_field(j: &mut Json, k: &str, v: Option<&str>) {
    if let Some(v) = v {
        j.key(k).str(v);
    }
}

/// `"k": true` when `b` (a flag is left out when false).
fn flag(j: &mut Json, k: &str, b: bool) {
    if b {
        j.key(k).bool(true);
    }
}

/// A loaded plan as the report, the summary and the page's plan list show it (the
/// page's list is made by `serde_wasm_bindgen` from this struct, the JSON by
/// [`PlanOut::write`]: the same members).
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

impl<'a> PlanOut<'a> {
    fn of(p: &'a PlanMeta) -> PlanOut<'a> {
        PlanOut {
            id: &p.id,
            file: &p.file,
            title: p.title.as_deref(),
            doc_no: p.doc_no.as_deref(),
            issuer: p.issuer.as_deref(),
            issued: p.issued.as_deref(),
        }
    }

    fn write(&self, j: &mut Json) {
        j.begin_object();
        j.key("id").str(self.id);
        j.key("file").str(self.file);
        opt_field(j, "title", self.title);
        opt_field(j, "doc_no", self.doc_no);
        opt_field(j, "issuer", self.issuer);
        opt_field(j, "issued", self.issued);
        j.end_object();
    }
}

/// The loaded plans in report order.
pub fn plans(model: &Model) -> Vec<PlanOut<'_>> {
    model.plans.iter().map(PlanOut::of).collect()
}

/// The loaded plans as a JSON array.
fn write_plans(j: &mut Json, model: &Model) {
    j.begin_array();
    for p in &model.plans {
        j.item();
        PlanOut::of(p).write(j);
    }
    j.end_array();
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Target => "target",
        Kind::Actual => "actual",
    }
}

fn source(model: &Model, fig: Option<u32>) -> Option<&str> {
    fig.and_then(|i| model.text(i as usize))
        .and_then(|t| t.source.as_deref())
}

/// The id of plan `p`.
fn plan_id(model: &Model, p: u16) -> &str {
    model.plans.get(p as usize).map_or("?", |x| x.id.as_str())
}

// --- implied / required (issue #16, implied helper) ---
/// `{"rule", "value", "nearest"?, "against", "inputs": [{"role", "indicator",
/// "indicator_name", "unit", "plan", "kind", "year", "base_year"?, "value", "approx"?,
/// "source"?}], "steps": [{"op", "a", "b"?, "years"?, "result"}]}`: the stated figures
/// a derivation starts from, with where they are stated, and its steps.
fn write_derivation(j: &mut Json, model: &Model, d: &crate::check::Derivation) {
    j.begin_object();
    j.key("rule").str(d.kind.name());
    j.key("value").interval(d.value);
    if let Some(n) = d.nearest {
        j.key("nearest").dec(n);
    }
    j.key("against").opt_str(
        d.against_stated
            .map(|s| if s { "stated" } else { "implied" }),
    );
    j.key("inputs").begin_array();
    for x in &d.inputs {
        let Some(f) = model.figures.get(x.figure as usize) else {
            continue;
        };
        let Some(ind) = model.indicator(f.ind) else {
            continue;
        };
        j.item().begin_object();
        j.key("role").str(x.role);
        j.key("indicator").str(&ind.id);
        j.key("indicator_name").str(&ind.name);
        j.key("unit").str(&ind.unit_text);
        j.key("plan").str(plan_id(model, f.plan));
        j.key("kind").str(kind_name(f.kind));
        j.key("year").opt_int(f.year.map(i64::from));
        if let Some(y) = f.base_year {
            j.key("base_year").int(i64::from(y));
        }
        j.key("value").interval(f.value);
        flag(j, "approx", f.approx);
        opt_field(j, "source", source(model, Some(x.figure)));
        j.end_object();
    }
    j.end_array();
    j.key("steps").begin_array();
    for s in &d.steps {
        j.item().begin_object();
        j.key("op").str(s.op.name());
        j.key("a").interval(s.a);
        if let Some(b) = s.b {
            j.key("b").interval(b);
        }
        if let Some(y) = s.years {
            j.key("years").int(i64::from(y));
        }
        j.key("result").interval(s.result);
        j.end_object();
    }
    j.end_array();
    j.end_object();
}

/// `{"from_year", "years", "additions", "rate", "so_far": {"from_year", "to_year",
/// "rate"} | null, "planned_rate", "planned_source"?, "met"}`.
fn write_required(j: &mut Json, model: &Model, r: &crate::check::Required) {
    let planned = r.planned.and_then(|i| model.figures.get(i as usize));
    j.begin_object();
    j.key("from_year").int(i64::from(r.from_year));
    j.key("years").int(i64::from(r.years));
    j.key("additions").interval(r.additions);
    j.key("rate").opt_interval(r.rate);
    j.key("so_far");
    match r.so_far {
        Some((from_year, to_year, rate)) => {
            j.begin_object();
            j.key("from_year").int(i64::from(from_year));
            j.key("to_year").int(i64::from(to_year));
            j.key("rate").dec(rate);
            j.end_object();
        }
        None => {
            j.null();
        }
    }
    j.key("planned_rate").opt_interval(planned.map(|f| f.value));
    opt_field(j, "planned_source", source(model, r.planned));
    j.key("met").bool(r.met);
    j.end_object();
}
// --- end implied / required ---

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

/// Writes the check report as JSON.
pub fn write_report_json<W: Write>(w: W, model: &Model, report: &Report) -> io::Result<()> {
    write_report_json_with(w, model, report, Detail::Full)
}

/// Writes the check report as JSON, with or without the parts of each finding.
pub fn write_report_json_with<W: Write>(
    mut w: W,
    model: &Model,
    report: &Report,
    detail: Detail,
) -> io::Result<()> {
    // Findings and their parts are written as they are produced: a national report
    // has tens of thousands of findings and millions of parts.
    let pieces = ReportPieces {
        model,
        report,
        detail,
    };
    let w: &mut dyn Write = &mut w;
    let mut j = Json::with_capacity(FLUSH + FLUSH / 4);
    pieces.write_head(&mut j);
    pieces.write_findings(&mut j, w, 0..report.findings.len(), 0)?;
    j.raw("]}");
    j.flush_to(w)
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
    pub fn head<W: Write>(&self, mut w: W) -> io::Result<()> {
        let mut j = Json::new();
        self.write_head(&mut j);
        j.flush_to(&mut w)
    }

    fn write_head(&self, j: &mut Json) {
        let report = self.report;
        j.begin_object();
        j.key("summary").begin_object();
        j.key("ok").count(report.count(Status::Ok));
        j.key("fail").count(report.count(Status::Fail));
        j.key("uncertain").count(report.count(Status::Uncertain));
        j.key("incomplete").count(report.count(Status::Incomplete));
        j.key("info").count(report.count(Status::Info));
        j.end_object();
        j.key("plans");
        write_plans(j, self.model);
        j.key("findings").begin_array();
    }

    /// The findings of `range`, each preceded by a comma unless it is the first of the
    /// report. A range past the end writes what exists of it.
    pub fn findings<W: Write>(&self, mut w: W, range: std::ops::Range<usize>) -> io::Result<()> {
        let mut j = Json::with_capacity(FLUSH + FLUSH / 4);
        self.write_findings(&mut j, &mut w, range, 0)?;
        j.flush_to(&mut w)
    }

    /// `[…]`: the findings of `range` as an array of their own, each the same bytes as
    /// in the report. The page takes a big report in two parts: the report with its
    /// first findings (`head`, `findings(0..k)`, `tail`) at once, this array of the
    /// others after the first paint.
    pub fn findings_array<W: Write>(
        &self,
        mut w: W,
        range: std::ops::Range<usize>,
    ) -> io::Result<()> {
        let mut j = Json::with_capacity(FLUSH + FLUSH / 4);
        j.raw("[");
        let first = range.start;
        self.write_findings(&mut j, &mut w, range, first)?;
        j.raw("]");
        j.flush_to(&mut w)
    }

    /// The findings of `range`, each after a comma unless it is finding `first`.
    fn write_findings(
        &self,
        j: &mut Json,
        w: &mut dyn Write,
        range: std::ops::Range<usize>,
        first: usize,
    ) -> io::Result<()> {
        let all = &self.report.findings;
        let (start, end) = (range.start.min(all.len()), range.end.min(all.len()));
        for (i, f) in all.get(start..end).unwrap_or(&[]).iter().enumerate() {
            if start + i > first {
                j.raw(",");
            }
            write_finding(j, w, self.model, self.report, f, self.detail)?;
            flush_if_full(j, w)?;
        }
        Ok(())
    }

    /// `]}`
    pub fn tail<W: Write>(&self, mut w: W) -> io::Result<()> {
        w.write_all(b"]}")
    }
}

/// Writes finding `index` of the report in full, as the report's `findings[index]`;
/// `Ok(false)` when there is no such finding.
pub fn write_finding_json<W: Write>(
    mut w: W,
    model: &Model,
    report: &Report,
    index: usize,
) -> io::Result<bool> {
    let Some(f) = report.findings.get(index) else {
        return Ok(false);
    };
    let mut j = Json::with_capacity(FLUSH + FLUSH / 4);
    write_finding(&mut j, &mut w, model, report, f, Detail::Full)?;
    j.flush_to(&mut w)?;
    Ok(true)
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

/// One finding as the report writes it (docs/REPORT.md): its parts may be many, so the
/// buffer is handed to `w` as it fills.
fn write_finding(
    j: &mut Json,
    w: &mut dyn Write,
    model: &Model,
    report: &Report,
    f: &crate::check::Finding,
    detail: Detail,
) -> io::Result<()> {
    let by_area = f.parts_are_areas(model);
    let year_text = f.hidden_year(model);
    let (ind_id, ind_name) = named(model, false, f.ind);
    let (area_id, area_name) = named(model, true, f.area);
    let parts = report.parts(f);
    let full = detail == Detail::Full;
    j.begin_object();
    j.key("check").str(f.check.name());
    j.key("status").str(f.status.name());
    // A brief report names each area and indicator once, in the summary (the page's
    // summaryBrief), not in each of a national report's seventy thousand findings.
    j.key("indicator").str(ind_id);
    if full {
        j.key("indicator_name").str(ind_name);
        j.key("unit")
            .str(model.indicator(f.ind).map_or("", |i| i.unit_text.as_str()));
    }
    j.key("area").str(area_id);
    if full {
        j.key("area_name").str(area_name);
    }
    // `null` for figures of a hidden year (see `year_text`).
    j.key("year")
        .opt_int(year_text.is_none().then_some(i64::from(f.year)));
    opt_field(j, "year_text", year_text);
    j.key("plans").begin_array();
    j.item().str(plan_id(model, f.plans.0));
    if let Some(p) = f.plans.1 {
        j.item().str(plan_id(model, p));
    }
    j.end_array();
    j.key("expected").interval(f.expected);
    j.key("actual").opt_interval(f.actual);
    j.key("difference").opt_dec(f.difference);
    // A brief report leaves out an empty list.
    if full || report.missing(f).next().is_some() {
        j.key("missing")
            .strs(report.missing(f).map(|id| named(model, by_area, id).0));
    }
    // Missing parts beyond those listed (see `check::MAX_MISSING`).
    if f.missing_more != 0 {
        j.key("missing_more").int(i64::from(f.missing_more));
    }
    if full && !parts.is_empty() {
        let first = f.parts.start as usize;
        j.key("parts").begin_array();
        for (k, p) in parts.iter().enumerate() {
            let (id, name) = named(model, by_area, p.id);
            j.item().begin_object();
            j.key("id").str(id);
            j.key("name").str(name);
            j.key("value").opt_interval(p.value);
            flag(j, "derived", p.derived);
            flag(j, "approx", p.approx);
            // The sentence or cell behind the part, where the check records its figure.
            opt_field(j, "source", source(model, report.part_figure(first + k)));
            j.end_object();
            flush_if_full(j, w)?;
        }
        j.end_array();
    }
    // How many parts a brief report leaves out (see [`Detail`]).
    if !full && !parts.is_empty() {
        j.key("parts_count").count(parts.len());
    }
    flag(j, "approx", f.approx);
    // A met progress finding beyond a range target's good end.
    flag(j, "exceeded", f.exceeded(model));
    opt_field(j, "expected_source", source(model, f.expected_figure));
    opt_field(j, "actual_source", source(model, f.actual_figure));
    if let Some(d) = report.derivation(f) {
        j.key("derivation");
        write_derivation(j, model, d);
    }
    if let Some(r) = report.required(f) {
        j.key("required");
        write_required(j, model, r);
    }
    j.end_object();
    Ok(())
}

/// The pivot's cells as a JSON array, handed to `w` as the buffer fills: `{"plan",
/// "kind", "indicator", "area", "year", "value", "approx"?, "derived"?, "share"?,
/// "growth"?, "source"?}` each.
fn write_cells(j: &mut Json, w: &mut dyn Write, model: &Model, pivot: &Pivot) -> io::Result<()> {
    j.begin_array();
    for c in &pivot.cells {
        j.item().begin_object();
        j.key("plan").str(plan_id(model, c.plan));
        j.key("kind").str(kind_name(c.kind));
        j.key("indicator")
            .str(model.indicator(c.ind).map_or("?", |i| i.id.as_str()));
        j.key("area")
            .str(model.area(c.area).map_or("?", |a| a.id.as_str()));
        j.key("year").int(i64::from(c.year));
        j.key("value").interval(c.value);
        flag(j, "approx", c.approx);
        flag(j, "derived", c.derived);
        if let Some(s) = c.share {
            j.key("share").dec(s);
        }
        if let Some(g) = c.growth {
            j.key("growth").dec(g);
        }
        opt_field(j, "source", source(model, c.figure));
        j.end_object();
        flush_if_full(j, w)?;
    }
    j.end_array();
    Ok(())
}

/// Writes the pivot, the areas, indicators and tasks as JSON.
pub fn write_summary_json<W: Write>(w: W, model: &Model, pivot: &Pivot) -> io::Result<()> {
    write_summary_json_with(w, model, Some(pivot))
}

/// Writes the summary; without a pivot, without `cells` (the page's brief summary: a
/// national plan's cells are tens of megabytes, asked for when a view needs them,
/// see [`write_cells_json`]).
pub fn write_summary_json_with<W: Write>(
    mut w: W,
    model: &Model,
    pivot: Option<&Pivot>,
) -> io::Result<()> {
    let w: &mut dyn Write = &mut w;
    let mut j = Json::with_capacity(FLUSH + FLUSH / 4);
    j.begin_object();
    j.key("plans");
    write_plans(&mut j, model);
    j.key("areas").begin_array();
    for a in &model.areas {
        j.item().begin_object();
        j.key("id").str(&a.id);
        j.key("name").str(&a.name);
        opt_field(
            &mut j,
            "parent",
            a.parent.and_then(|p| model.area(p)).map(|p| p.id.as_str()),
        );
        j.end_object();
    }
    j.end_array();
    j.key("indicators").begin_array();
    for i in &model.indicators {
        j.item().begin_object();
        j.key("id").str(&i.id);
        j.key("name").str(&i.name);
        j.key("unit").str(&i.unit_text);
        j.end_object();
    }
    j.end_array();
    if let Some(pivot) = pivot {
        j.key("cells");
        write_cells(&mut j, w, model, pivot)?;
    }
    j.key("tasks").begin_array();
    for t in &model.tasks {
        j.item().begin_object();
        j.key("plan").str(plan_id(model, t.plan));
        j.key("id").str(&t.id);
        j.key("title").str(&t.title);
        j.key("lead").strs(t.lead.iter().map(String::as_str));
        j.key("support").strs(t.support.iter().map(String::as_str));
        opt_field(&mut j, "due", t.due.as_deref());
        j.key("milestones").begin_array();
        for m in &t.milestones {
            j.item().strs([m.due.as_str(), m.text.as_str()]);
        }
        j.end_array();
        j.end_object();
    }
    j.end_array();
    j.end_object();
    j.flush_to(w)
}

/// Writes the pivot's cells as a JSON array: the summary's `cells`.
pub fn write_cells_json<W: Write>(mut w: W, model: &Model, pivot: &Pivot) -> io::Result<()> {
    let w: &mut dyn Write = &mut w;
    let mut j = Json::with_capacity(FLUSH + FLUSH / 4);
    write_cells(&mut j, w, model, pivot)?;
    j.flush_to(w)
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

    /// The entry of `list` ("areas", "indicators") in a summary whose id is `id`.
    fn summary_entry<'a>(summary: &'a Value, list: &str, id: &Value) -> &'a Value {
        summary[list]
            .as_array()
            .and_then(|l| l.iter().find(|e| &e["id"] == id))
            .unwrap_or(&Value::Null)
    }

    fn json(write: impl FnOnce(&mut Vec<u8>)) -> Value {
        let mut out = Vec::new();
        write(&mut out);
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn brief_report_is_the_full_one_without_parts_names_and_empty_lists() {
        let (model, report) = default_report();
        let full = json(|w| write_report_json(w, &model, &report).unwrap());
        let brief = json(|w| write_report_json_with(w, &model, &report, Detail::Brief).unwrap());
        let (Value::Array(full_f), Value::Array(brief_f)) = (&full["findings"], &brief["findings"])
        else {
            panic!("findings are arrays");
        };
        assert_eq!(full_f.len(), brief_f.len());
        assert!(full_f.iter().any(|f| f.get("parts").is_some()));
        // The page's summary, which names them.
        let full_summary = json(|w| write_summary_json_with(w, &model, None).unwrap());
        for (i, (f, b)) in full_f.iter().zip(brief_f).enumerate() {
            let mut f = f.clone();
            let n = f
                .as_object_mut()
                .and_then(|o| o.remove("parts"))
                .map_or(0, |p| p.as_array().map_or(0, Vec::len));
            // The names are the summary's (each area and indicator once).
            if let Some(o) = f.as_object_mut() {
                for (key, list, id) in [
                    ("indicator_name", "indicators", "indicator"),
                    ("area_name", "areas", "area"),
                ] {
                    let named = summary_entry(&full_summary, list, &o[id]);
                    assert_eq!(
                        o.remove(key).as_ref(),
                        named.get("name"),
                        "finding {i}: {key}"
                    );
                }
                let ind = summary_entry(&full_summary, "indicators", &o["indicator"]);
                assert_eq!(
                    o.remove("unit").as_ref(),
                    ind.get("unit"),
                    "finding {i}: unit"
                );
                if o.get("missing")
                    .is_some_and(|m| m.as_array().is_some_and(Vec::is_empty))
                {
                    o.remove("missing");
                }
            }
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

    /// The page's two parts of a report, cut anywhere: the report with its first `k`
    /// findings, then the others as an array, are the report's bytes.
    #[test]
    fn two_parts_make_the_report() {
        let (model, report) = default_report();
        let n = report.findings.len();
        assert!(n > 2, "{n} findings");
        for detail in [Detail::Brief, Detail::Full] {
            let mut whole = Vec::new();
            write_report_json_with(&mut whole, &model, &report, detail).unwrap();
            let pieces = ReportPieces {
                model: &model,
                report: &report,
                detail,
            };
            for k in 0..=n + 1 {
                let mut first = Vec::new();
                pieces.head(&mut first).unwrap();
                pieces.findings(&mut first, 0..k).unwrap();
                pieces.tail(&mut first).unwrap();
                let mut rest = Vec::new();
                pieces.findings_array(&mut rest, k..n).unwrap();
                // The array's items put in place of the first part's tail: the bytes
                // of the report.
                let mut joined = first[..first.len() - 2].to_vec();
                if (1..n).contains(&k) {
                    joined.push(b',');
                }
                joined.extend_from_slice(&rest[1..rest.len() - 1]);
                joined.extend_from_slice(b"]}");
                assert!(joined == whole, "k = {k}: the bytes differ");
                let first: Value = serde_json::from_slice(&first).unwrap();
                let rest: Value = serde_json::from_slice(&rest).unwrap();
                assert_eq!(first["findings"].as_array().map(Vec::len), Some(k.min(n)));
                assert_eq!(rest.as_array().map(Vec::len), Some(n.saturating_sub(k)));
            }
        }
    }
}
