//! The checks: do the parts add up, do plans agree, were the targets met.
//!
//! Every check produces a [`Finding`] whatever its outcome (ok ones too). The parts of
//! all findings live in one shared vector, so a national-scale report costs a few
//! allocations, not one per finding.

mod compare;
mod relations;
// --- implied / required (issue #16, implied helper) ---
mod implied;
mod required;
pub use implied::{Derivation, DerivationKind, Input, Op, Step};
pub use required::Required;
// --- end implied / required ---
mod wholes;

pub use compare::{compare, Outcome};

use crate::aggregate::rollup::{find_group, groups, groups_in, Scratch};
use crate::num::{Dec, Interval};
use crate::plan::{AreaId, Better, IndId, Kind, Model, PlanIdx, Tolerance};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CheckKind {
    AreaSum,
    IndicatorSum,
    Conflict,
    Progress,
    Share,
    Increment,
    Growth,
    // --- implied / required (issue #16, implied helper) ---
    Implied,
    Required,
    // --- end implied / required ---
    // Parts and wholes (issue #16, `wholes.rs`).
    RatioSum,
    PartOf,
}

impl CheckKind {
    pub fn name(self) -> &'static str {
        match self {
            CheckKind::AreaSum => "area_sum",
            CheckKind::IndicatorSum => "indicator_sum",
            CheckKind::Conflict => "conflict",
            CheckKind::Progress => "progress",
            CheckKind::Share => "share",
            CheckKind::Increment => "increment",
            CheckKind::Growth => "growth",
            // --- implied / required (issue #16, implied helper) ---
            CheckKind::Implied => "implied",
            CheckKind::Required => "required",
            // --- end implied / required ---
            CheckKind::RatioSum => "ratio_sum",
            CheckKind::PartOf => "part_of",
        }
    }
}

/// Ordered as a reader wants them: failures first, information last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Fail,
    Uncertain,
    Incomplete,
    Ok,
    /// A figure nothing else confirms or contradicts: an implied figure no plan states,
    /// or what a target still requires.
    Info,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Ok,
        Status::Fail,
        Status::Uncertain,
        Status::Incomplete,
        Status::Info,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Fail => "fail",
            Status::Uncertain => "uncertain",
            Status::Incomplete => "incomplete",
            Status::Info => "info",
        }
    }
}

/// One part of a sum: a child area (area_sum) or an indicator (indicator_sum: a
/// component; share: numerator and denominator; increment: the stock at the base year
/// and the additions; growth: the level at the base year and the rate).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Part {
    /// An `AreaId` for area_sum, an `IndId` for the others.
    pub id: u32,
    /// `None` when the part has no figure (it is then also listed in `missing`).
    pub value: Option<Interval>,
    pub derived: bool,
    pub approx: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub check: CheckKind,
    pub status: Status,
    pub ind: IndId,
    pub area: AreaId,
    pub year: i32,
    /// The plan of the expected figure, and of the actual one when it comes from a
    /// figure of another plan (conflict, progress).
    pub plans: (PlanIdx, Option<PlanIdx>),
    /// The parent's target, the composite's target, the first plan's figure, or the
    /// target an actual is measured against.
    pub expected: Interval,
    /// The parts' sum, the second plan's figure, or the actual.
    pub actual: Option<Interval>,
    /// `actual − expected` (see `num::gap` for intervals); `None` when it cannot be told.
    pub difference: Option<Dec>,
    /// Figure indices behind expected and actual (for their sources).
    pub expected_figure: Option<u32>,
    pub actual_figure: Option<u32>,
    pub parts: Range<u32>,
    /// Children without a figure beyond the first [`MAX_MISSING`] listed in `parts`
    /// (a city with 200,000 districts must not make a report of billions of parts).
    pub missing_more: u32,
    pub approx: bool,
}

// --- implied / required (issue #16, implied helper) ---
/// The entry of a side table keyed by the start of a finding's parts.
fn keyed<'r, T>(table: &'r [(u32, T)], f: &Finding) -> Option<&'r T> {
    if f.parts.is_empty() {
        return None;
    }
    let i = table.binary_search_by_key(&f.parts.start, |e| e.0).ok()?;
    table.get(i).map(|e| &e.1)
}
// --- end implied / required ---
// ---- Parts and wholes, hidden years, over-delivery (issue #16) ----------------------

impl Finding {
    /// Whether the parts are areas (`area_sum`, and `ratio_sum` over the children of an
    /// area) rather than indicators.
    pub fn parts_are_areas(&self, model: &Model) -> bool {
        match self.check {
            CheckKind::AreaSum => true,
            CheckKind::RatioSum => model
                .indicator(self.ind)
                .is_some_and(|i| i.sum_of.is_empty()),
            _ => false,
        }
    }

    /// The year as the document writes it, when the finding is about figures of a
    /// hidden year (their group's); the finding's `year` then means nothing.
    pub fn hidden_year<'m>(&self, model: &'m Model) -> Option<&'m str> {
        [self.expected_figure, self.actual_figure]
            .into_iter()
            .flatten()
            .find(|&i| {
                model
                    .figures
                    .get(i as usize)
                    .is_some_and(|f| f.year.is_none())
            })
            .and_then(|i| model.text(i as usize))
            .and_then(|t| t.year_text.as_deref())
    }

    /// Whether a met `progress` finding went beyond a range target's good end (13
    /// against 新建10―12家 where more is better): met, and said so.
    pub fn exceeded(&self, model: &Model) -> bool {
        let range = self.expected.lo.is_some()
            && self.expected.hi.is_some()
            && self.expected.as_point().is_none();
        let better = model
            .indicator(self.ind)
            .map_or(Better::Higher, |i| i.better);
        let beyond = match (self.difference, better) {
            (Some(d), Better::Higher) => d > Dec::ZERO,
            (Some(d), Better::Lower) => d < Dec::ZERO,
            (None, _) => false,
        };
        self.check == CheckKind::Progress && self.status == Status::Ok && range && beyond
    }
}

/// What an actual must reach to meet a target: an exact target where more is better
/// is met at or above it (at or below where less is); a range is met inside it or
/// beyond its good end (over-delivery is not failure); a single bound as it stands.
fn progress_goal(target: &Interval, better: Better) -> Interval {
    let range = target.lo.is_some() && target.hi.is_some();
    match better {
        Better::Higher if range => Interval {
            lo: target.lo,
            hi: None,
        },
        Better::Lower if range => Interval {
            lo: None,
            hi: target.hi,
        },
        _ => *target,
    }
}

/// At most this many parts without a figure are listed per finding.
pub const MAX_MISSING: usize = 50;

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub parts: Vec<Part>,
    // --- implied / required (issue #16, implied helper) ---
    /// The derivations of `implied` findings, keyed by the start of the finding's
    /// `parts` (every implied finding has parts: its inputs), in increasing order.
    pub derivations: Vec<(u32, Derivation)>,
    /// What `required` findings ask, keyed the same way.
    pub required: Vec<(u32, Required)>,
    // --- end implied / required ---
    /// (part index, figure index): the figure behind a part, where a check records it
    /// (`ratio_sum`, `part_of`, and the checks of hidden years), in part order.
    pub part_figures: Vec<(u32, u32)>,
}

impl Report {
    // --- implied / required (issue #16, implied helper) ---
    /// The derivation of an `implied` finding.
    pub fn derivation(&self, f: &Finding) -> Option<&Derivation> {
        if f.check != CheckKind::Implied {
            return None;
        }
        keyed(&self.derivations, f)
    }

    /// What a `required` finding asks.
    pub fn required(&self, f: &Finding) -> Option<&Required> {
        if f.check != CheckKind::Required {
            return None;
        }
        keyed(&self.required, f)
    }
    // --- end implied / required ---

    pub fn parts(&self, f: &Finding) -> &[Part] {
        self.parts
            .get(f.parts.start as usize..f.parts.end as usize)
            .unwrap_or(&[])
    }

    /// The parts without a figure.
    pub fn missing<'r>(&'r self, f: &Finding) -> impl Iterator<Item = u32> + 'r {
        self.parts(f)
            .iter()
            .filter(|p| p.value.is_none())
            .map(|p| p.id)
    }

    /// The figure behind part `index` of `parts`, if recorded.
    pub fn part_figure(&self, index: usize) -> Option<u32> {
        let i = self
            .part_figures
            .binary_search_by_key(&(index as u32), |p| p.0)
            .ok()?;
        self.part_figures.get(i).map(|p| p.1)
    }

    /// Appends the findings of `other` (a report of later figures: see [`run`]), with
    /// its parts and what is keyed by them.
    pub fn append(&mut self, other: Report) {
        let base = self.parts.len() as u32;
        let up = |k: u32| k.saturating_add(base);
        self.findings
            .extend(other.findings.into_iter().map(|mut f| {
                f.parts = up(f.parts.start)..up(f.parts.end);
                f
            }));
        self.parts.extend(other.parts);
        let keyed = other.part_figures.into_iter().map(|(p, f)| (up(p), f));
        self.part_figures.extend(keyed);
        let keyed = other.derivations.into_iter().map(|(p, d)| (up(p), d));
        self.derivations.extend(keyed);
        let keyed = other.required.into_iter().map(|(p, r)| (up(p), r));
        self.required.extend(keyed);
    }

    /// Pushes a part with the figure behind it (its sentence is quoted beside the part).
    pub(crate) fn push_part(&mut self, part: Part, figure: Option<u32>) {
        if let Some(f) = figure {
            self.part_figures.push((self.parts.len() as u32, f));
        }
        self.parts.push(part);
    }

    pub fn count(&self, s: Status) -> usize {
        self.findings.iter().filter(|f| f.status == s).count()
    }

    pub fn any_fail(&self) -> bool {
        self.findings.iter().any(|f| f.status == Status::Fail)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Used for indicators that do not set their own tolerance.
    pub tolerance: Option<Tolerance>,
}

/// A check could not be computed exactly (the error type of the aggregation below it).
pub use crate::num::RangeError as CheckError;

fn overflow(model: &Model, ind: IndId, area: AreaId, year: i32) -> CheckError {
    // The place: the first figure of that indicator, area and year (the error path only).
    let place = model
        .figures
        .iter()
        .find(|f| f.ind == ind && f.area == area && f.year == Some(year))
        .and_then(|f| {
            let file = &model.plans.get(f.plan as usize)?.file;
            Some(format!("{file}: {}: ", model.pointer(f)))
        })
        .unwrap_or_default();
    CheckError(format!(
        "{place}the sum for indicator {:?}, area {:?}, year {year} leaves the exact number range (±7.9e28): refusing to report a rounded result",
        model.indicator(ind).map_or("?", |i| i.id.as_str()),
        model.area(area).map_or("?", |a| a.id.as_str()),
    ))
}

/// Runs every check on the model. Findings come sorted: status (failures first), then
/// check, indicator, area, year.
pub fn run(model: &Model, opts: &Options) -> Result<Report, CheckError> {
    let report = area_sums_in(model, opts, 0..model.figures.len())?;
    run_after_area_sums(model, opts, report)
}

/// [`run`] in two steps, for a caller that takes the first on several threads (the CLI;
/// the core has none): the area sums of the groups of figures that start in each of
/// consecutive ranges of `model.figures` ([`area_sums_in`]), their reports joined in
/// order ([`Report::append`]), then the other checks and the order
/// ([`run_after_area_sums`]). The report is `run`'s.
pub fn area_sums_in(
    model: &Model,
    opts: &Options,
    figures: Range<usize>,
) -> Result<Report, CheckError> {
    let mut report = Report::default();
    let mut scratch = Scratch::new(model.areas.len());
    area_sums(model, opts, &mut scratch, &mut report, figures)?;
    Ok(report)
}

/// The second step of [`run`], after [`area_sums_in`].
pub fn run_after_area_sums(
    model: &Model,
    opts: &Options,
    mut report: Report,
) -> Result<Report, CheckError> {
    let mut scratch = Scratch::new(model.areas.len());
    indicator_sums(model, opts, &mut scratch, &mut report)?;
    across_plans(model, opts, &mut report)?;
    met_early(model, opts, &mut report)?;
    relations::run(model, opts, &mut report)?;
    // --- implied / required (issue #16, implied helper): after the relation checks,
    // whose findings tell which relations are already closed ---
    implied::run(model, opts, &mut report)?;
    required::run(model, opts, &mut report)?;
    // --- end implied / required ---
    wholes::run(model, opts, &mut report)?;
    // The shared merge sort (stable, like the standard library's) rather than another
    // instantiation of `sort_by` for the findings (crate::order explains why), on keys
    // made once: comparing findings in place chased 74,200 of them through memory.
    crate::order::sort_by_cached_key(&mut report.findings, |f| {
        (f.status, f.check, f.ind, f.area, f.year, f.plans)
    });
    Ok(report)
}

fn tolerance(model: &Model, ind: IndId, opts: &Options) -> Option<Tolerance> {
    model
        .indicator(ind)
        .and_then(|i| i.tolerance)
        .or(opts.tolerance)
}

fn area_sums(
    model: &Model,
    opts: &Options,
    scratch: &mut Scratch,
    report: &mut Report,
    figures: Range<usize>,
) -> Result<(), CheckError> {
    for range in groups_in(model, figures) {
        let Some(first) = model.figures.get(range.start) else {
            continue;
        };
        if first.kind != Kind::Target || !model.indicator(first.ind).is_some_and(|i| i.additive) {
            continue;
        }
        let (ind, year, plan) = (first.ind, first.year.unwrap_or_default(), first.plan);
        scratch.load(model, range.clone());
        let tol = tolerance(model, ind, opts);
        for idx in range {
            let Some(f) = model.figures.get(idx) else {
                continue;
            };
            // A target not split at all below its area is not an allocation.
            if !scratch.has_below(f.area) {
                continue;
            }
            let start = report.parts.len() as u32;
            let mut sum = Interval::ZERO;
            let mut complete = true;
            let mut missing = 0usize;
            let mut any_part = false;
            let mut approx = f.approx;
            for &c in model
                .children(f.area)
                .iter()
                .filter(|&&c| model.knows(plan, c))
            {
                let v = scratch
                    .value(model, c)
                    .map_err(|_| overflow(model, ind, c, year))?;
                match v {
                    Some(v) => {
                        sum = sum
                            .checked_add(&v.value)
                            .map_err(|_| overflow(model, ind, f.area, year))?;
                        approx |= v.approx;
                        any_part = true;
                        report.push_part(
                            Part {
                                id: c,
                                value: Some(v.value),
                                derived: v.derived,
                                approx: v.approx,
                            },
                            quoted(model, v.figure),
                        );
                    }
                    None => {
                        complete = false;
                        if missing < MAX_MISSING {
                            report.parts.push(Part {
                                id: c,
                                value: None,
                                derived: false,
                                approx: false,
                            });
                        }
                        missing += 1;
                    }
                }
            }
            let out = if complete {
                compare(&sum, &f.value, tol, approx)
                    .ok_or_else(|| overflow(model, ind, f.area, year))?
            } else {
                Outcome {
                    status: Status::Incomplete,
                    difference: None,
                }
            };
            report.findings.push(Finding {
                check: CheckKind::AreaSum,
                status: out.status,
                ind,
                area: f.area,
                year,
                plans: (plan, None),
                expected: f.value,
                actual: any_part.then_some(sum),
                difference: out.difference,
                expected_figure: Some(idx as u32),
                actual_figure: None,
                parts: start..report.parts.len() as u32,
                missing_more: missing.saturating_sub(MAX_MISSING) as u32,
                approx,
            });
        }
    }
    Ok(())
}

fn indicator_sums(
    model: &Model,
    opts: &Options,
    scratch: &mut Scratch,
    report: &mut Report,
) -> Result<(), CheckError> {
    // Per composite group: the components' values, area by area, in the composite's unit:
    // (figure, sum, complete, approx) per area, and each part with the figure whose
    // sentence it quotes (see `quoted`).
    let mut acc: Vec<(u32, Interval, bool, bool)> = Vec::new();
    let mut parts: Vec<Vec<(Part, Option<u32>)>> = Vec::new();
    for range in groups(model) {
        let Some(first) = model.figures.get(range.clone()).and_then(|r| r.first()) else {
            continue;
        };
        let Some(comp) = model.indicator(first.ind) else {
            continue;
        };
        if first.kind != Kind::Target || comp.sum_of.is_empty() {
            continue;
        }
        let (ind, year, plan) = (first.ind, first.year.unwrap_or_default(), first.plan);
        acc.clear();
        acc.extend(
            range
                .clone()
                .map(|i| (i as u32, Interval::ZERO, true, false)),
        );
        parts.clear();
        parts.resize(acc.len(), Vec::new());
        for &k in &comp.sum_of {
            let Some(kd) = model.indicator(k) else {
                continue;
            };
            let factor = kd.unit.factor_to(&comp.unit).unwrap_or(Dec::ONE);
            let group = find_group(model, plan, Kind::Target, k, year, first.base_year);
            if let Some(g) = group.clone() {
                scratch.load(model, g);
            }
            for (slot, p) in acc.iter_mut().zip(parts.iter_mut()) {
                let Some(f) = model.figures.get(slot.0 as usize) else {
                    continue;
                };
                let v = if group.is_some() {
                    scratch
                        .value(model, f.area)
                        .map_err(|_| overflow(model, k, f.area, year))?
                } else {
                    None
                };
                match v {
                    Some(v) => {
                        let conv = v
                            .value
                            .checked_scale(factor)
                            .map_err(|_| overflow(model, ind, f.area, year))?;
                        slot.1 = slot
                            .1
                            .checked_add(&conv)
                            .map_err(|_| overflow(model, ind, f.area, year))?;
                        slot.3 |= v.approx;
                        p.push((
                            Part {
                                id: k,
                                value: Some(conv),
                                derived: v.derived,
                                approx: v.approx,
                            },
                            quoted(model, v.figure),
                        ));
                    }
                    None => {
                        slot.2 = false;
                        p.push((
                            Part {
                                id: k,
                                value: None,
                                derived: false,
                                approx: false,
                            },
                            None,
                        ));
                    }
                }
            }
        }
        let tol = tolerance(model, ind, opts);
        for ((fig, sum, complete, approx), p) in acc.iter().zip(parts.iter()) {
            let Some(f) = model.figures.get(*fig as usize) else {
                continue;
            };
            let approx = *approx || f.approx;
            let out = if *complete {
                compare(sum, &f.value, tol, approx)
                    .ok_or_else(|| overflow(model, ind, f.area, year))?
            } else {
                Outcome {
                    status: Status::Incomplete,
                    difference: None,
                }
            };
            let start = report.parts.len() as u32;
            for &(part, figure) in p {
                report.push_part(part, figure);
            }
            report.findings.push(Finding {
                check: CheckKind::IndicatorSum,
                status: out.status,
                ind,
                area: f.area,
                year,
                plans: (plan, None),
                expected: f.value,
                actual: p.iter().any(|p| p.0.value.is_some()).then_some(*sum),
                difference: out.difference,
                expected_figure: Some(*fig),
                actual_figure: None,
                parts: start..report.parts.len() as u32,
                missing_more: 0,
                approx,
            });
        }
    }
    Ok(())
}

/// The figure of a sum's part when it carries a sentence to quote: only those are
/// recorded, so a plan without sentences (a national table) costs nothing more.
fn quoted(model: &Model, figure: Option<u32>) -> Option<u32> {
    figure.filter(|&i| model.text(i as usize).is_some_and(|t| t.source.is_some()))
}

/// `conflict` and `progress`: figures of the same indicator, area and year.
fn across_plans(model: &Model, opts: &Options, report: &mut Report) -> Result<(), CheckError> {
    // Nothing can meet: one plan's targets alone have neither conflicts nor progress.
    if model.plans.len() < 2 && model.figures.iter().all(|f| f.kind == Kind::Target) {
        return Ok(());
    }
    let mut order: Vec<u32> = (0..model.figures.len() as u32)
        .filter(|&i| {
            model
                .figures
                .get(i as usize)
                .is_some_and(|f| f.year.is_some())
        })
        .collect();
    // Growth and increment figures meet only when their periods are the same.
    let key = |i: &u32| {
        model
            .figures
            .get(*i as usize)
            .map(|f| (f.ind, f.area, f.year, f.base_year, f.kind, f.plan))
    };
    order.sort_unstable_by_key(key);
    let mut rest: &[u32] = &order;
    while let Some(first) = rest.first() {
        let k0 = key(first).map(|k| (k.0, k.1, k.2, k.3));
        let len = rest
            .iter()
            .take_while(|i| key(i).map(|k| (k.0, k.1, k.2, k.3)) == k0)
            .count()
            .max(1);
        let (run, tail) = rest.split_at(len.min(rest.len()));
        rest = tail;
        if run.len() < 2 {
            continue;
        }
        let fig = |i: u32| model.figures.get(i as usize);
        let targets: Vec<u32> = run
            .iter()
            .copied()
            .filter(|&i| fig(i).is_some_and(|f| f.kind == Kind::Target))
            .collect();
        let actuals: Vec<u32> = run
            .iter()
            .copied()
            .filter(|&i| fig(i).is_some_and(|f| f.kind == Kind::Actual))
            .collect();
        for (n, &a) in targets.iter().enumerate() {
            for &b in targets.get(n + 1..).unwrap_or(&[]) {
                let (Some(fa), Some(fb)) = (fig(a), fig(b)) else {
                    continue;
                };
                if fa.plan == fb.plan {
                    continue;
                }
                let tol = tolerance(model, fa.ind, opts);
                let approx = fa.approx || fb.approx;
                let widened = compare::widen(&fa.value, tol)
                    .ok_or_else(|| overflow(model, fa.ind, fa.area, fa.year.unwrap_or_default()))?;
                let difference = crate::num::gap(&fb.value, &fa.value);
                let status = if fb.value.meets(&widened) {
                    Status::Ok
                } else if approx {
                    Status::Uncertain
                } else {
                    Status::Fail
                };
                report.findings.push(pair(
                    CheckKind::Conflict,
                    status,
                    fa,
                    fb,
                    a,
                    b,
                    difference,
                    approx,
                ));
            }
        }
        for &t in &targets {
            for &a in &actuals {
                report.findings.extend(progress(model, opts, t, a)?);
            }
        }
    }
    Ok(())
}

/// `progress` of actual `a` against target `t` (figure indices).
#[inline(never)]
fn progress(model: &Model, opts: &Options, t: u32, a: u32) -> Result<Option<Finding>, CheckError> {
    let (Some(ft), Some(fa)) = (model.figures.get(t as usize), model.figures.get(a as usize))
    else {
        return Ok(None);
    };
    let better = model.indicator(ft.ind).map_or(Better::Higher, |i| i.better);
    let goal = progress_goal(&ft.value, better);
    let tol = tolerance(model, ft.ind, opts);
    let approx = ft.approx || fa.approx;
    let out = compare(&fa.value, &goal, tol, approx)
        .ok_or_else(|| overflow(model, ft.ind, ft.area, ft.year.unwrap_or_default()))?;
    let difference = match out.status {
        Status::Uncertain if !approx => None,
        _ => crate::num::gap(&fa.value, &ft.value),
    };
    Ok(Some(pair(
        CheckKind::Progress,
        out.status,
        ft,
        fa,
        t,
        a,
        difference,
        approx,
    )))
}

/// `progress` of a cumulative count (an actual of an `increment_of` indicator with a
/// `base_year`, 累计) reported before the end of the period of a target counted from
/// the same base year: reported, under the count's year, when it already meets the
/// target (met early); a count
/// that does not yet is no finding, the period not being over. Counts for the
/// target's own year meet it in [`across_plans`].
#[inline(never)]
fn met_early(model: &Model, opts: &Options, report: &mut Report) -> Result<(), CheckError> {
    let increments = |i: IndId| {
        model.indicator(i).is_some_and(|x| {
            x.relations
                .iter()
                .any(|r| matches!(r, crate::plan::Relation::IncrementOf(_)))
        })
    };
    // (indicator, area, base year, kind, year, figure) of increments with both years.
    let mut keys: Vec<(IndId, AreaId, i32, Kind, i32, u32)> = model
        .figures
        .iter()
        .enumerate()
        .filter(|(_, f)| increments(f.ind))
        .filter_map(|(i, f)| Some((f.ind, f.area, f.base_year?, f.kind, f.year?, i as u32)))
        .collect();
    if keys.is_empty() {
        return Ok(());
    }
    crate::order::sort_dedup(&mut keys);
    let mut rest: &[_] = &keys;
    while let Some(first) = rest.first() {
        let len = rest
            .iter()
            .take_while(|k| (k.0, k.1, k.2) == (first.0, first.1, first.2))
            .count()
            .max(1);
        let (run, tail) = rest.split_at(len.min(rest.len()));
        rest = tail;
        for t in run.iter().filter(|k| k.3 == Kind::Target) {
            for a in run.iter().filter(|k| k.3 == Kind::Actual && k.4 < t.4) {
                // Under the year of the count: where the target stood then.
                if let Some(f) = progress(model, opts, t.5, a.5)?.filter(|f| f.status == Status::Ok)
                {
                    report.findings.push(Finding { year: a.4, ..f });
                }
            }
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn pair(
    check: CheckKind,
    status: Status,
    e: &crate::plan::Figure,
    a: &crate::plan::Figure,
    ei: u32,
    ai: u32,
    difference: Option<Dec>,
    approx: bool,
) -> Finding {
    Finding {
        check,
        status,
        ind: e.ind,
        area: e.area,
        year: e.year.unwrap_or_default(),
        plans: (e.plan, Some(a.plan)),
        expected: e.value,
        actual: Some(a.value),
        difference,
        expected_figure: Some(ei),
        actual_figure: Some(ai),
        parts: 0..0,
        missing_more: 0,
        approx,
    }
}

#[cfg(test)]
mod goal_tests {
    use super::*;

    fn iv(lo: Option<i64>, hi: Option<i64>) -> Interval {
        Interval {
            lo: lo.map(Dec::from),
            hi: hi.map(Dec::from),
        }
    }

    #[test]
    fn ranges_open_at_their_good_end_bounds_stand() {
        let range = iv(Some(10), Some(12));
        assert_eq!(progress_goal(&range, Better::Higher), iv(Some(10), None));
        assert_eq!(progress_goal(&range, Better::Lower), iv(None, Some(12)));
        let point = iv(Some(5), Some(5));
        assert_eq!(progress_goal(&point, Better::Higher), iv(Some(5), None));
        assert_eq!(progress_goal(&point, Better::Lower), iv(None, Some(5)));
        // 以内 with the default `better`: the bound as written, never opened to anything.
        let at_most = iv(None, Some(100));
        assert_eq!(progress_goal(&at_most, Better::Higher), at_most);
        let at_least = iv(Some(100), None);
        assert_eq!(progress_goal(&at_least, Better::Lower), at_least);
    }
}
