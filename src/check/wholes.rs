//! Parts and wholes (docs/FORMAT.md, `part_of` and `whole`), and the figures of a
//! hidden year checked within their group:
//!
//! - `ratio_sum`: the components of a composite with a `whole` (三次产业比重 3∶42∶55),
//!   or the children areas' figures of an indicator with a `whole` (各区占比), against
//!   that whole, within the precision the parts are published with (each part's half
//!   unit in its last digit, summed: 3 + 42 + 56 = 101 is within the rounding of three
//!   whole numbers, 102 is not);
//! - `part_of`: a part against its whole (same area, year, kind), the figures taken as
//!   stated: `fail` when the part must exceed the whole, `uncertain` when it may, `ok`
//!   when it cannot;
//! - `share` and `indicator_sum` among figures with a hidden year (`year_text`) of one
//!   plan and one `group`: they share that year, whatever it is.
//!
//! Figures meet only within one plan and kind for `ratio_sum` (a ratio is one
//! document's); `part_of` prefers the part's own plan and takes another plan's figure
//! of the same kind and year when its own has none. A figure of a hidden year meets
//! only the figures of its own plan and group.

use super::relations::{as_published, ratio, round_out, shown_difference, shown_dp};
use super::{compare, overflow, tolerance, CheckError, CheckKind, Finding, Options, Part, Report};
use super::{Outcome, Status, MAX_MISSING};
use crate::num::{gap, Dec, Interval};
use crate::plan::{AreaId, Figure, IndId, Kind, Model, PlanIdx, Relation};
use std::collections::{BTreeSet, HashMap};

/// When a figure is for: a year, or the hidden year of one plan's group (its id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum When {
    Year(i32),
    Hidden(u32),
}

impl When {
    /// The year of a finding: 0 for a hidden one (the report writes `null` and the
    /// `year_text`, see [`Finding::hidden_year`]).
    fn year(self) -> i32 {
        match self {
            When::Year(y) => y,
            When::Hidden(_) => 0,
        }
    }
}

/// (indicator, area, when, kind, plan, figure).
type Key = (IndId, AreaId, When, Kind, PlanIdx, u32);

/// The figures the checks of this file look at, sorted for lookup.
struct Index<'m> {
    model: &'m Model,
    keys: Vec<Key>,
}

impl<'m> Index<'m> {
    /// The figures of the `wanted` indicators with a year, and every figure of a
    /// hidden year that has a group.
    fn new(model: &'m Model, wanted: &[bool]) -> Index<'m> {
        let mut groups: HashMap<(PlanIdx, &str, &str), u32> = HashMap::new();
        let mut keys = Vec::new();
        for (i, f) in model.figures.iter().enumerate() {
            let when = match f.year {
                Some(y) if wanted.get(f.ind as usize).copied().unwrap_or(false) => When::Year(y),
                Some(_) => continue,
                None => {
                    let Some(t) = model.text(i) else { continue };
                    let (Some(g), Some(y)) = (t.group.as_deref(), t.year_text.as_deref()) else {
                        continue;
                    };
                    let next = groups.len() as u32;
                    When::Hidden(*groups.entry((f.plan, g, y)).or_insert(next))
                }
            };
            keys.push((f.ind, f.area, when, f.kind, f.plan, i as u32));
        }
        keys.sort_unstable();
        Index { model, keys }
    }

    /// The figures of an indicator, area and time, of any kind and plan.
    fn all(&self, ind: IndId, area: AreaId, when: When) -> &[Key] {
        let k = (ind, area, when);
        let lo = self.keys.partition_point(|x| (x.0, x.1, x.2) < k);
        let hi = self.keys.partition_point(|x| (x.0, x.1, x.2) <= k);
        self.keys.get(lo..hi).unwrap_or(&[])
    }

    /// The first figure of an indicator, area, time, kind and plan.
    fn find(
        &self,
        ind: IndId,
        area: AreaId,
        when: When,
        kind: Kind,
        plan: PlanIdx,
    ) -> Option<(u32, &'m Figure)> {
        let k = self
            .all(ind, area, when)
            .iter()
            .find(|x| x.3 == kind && x.4 == plan)?;
        Some((k.5, self.model.figures.get(k.5 as usize)?))
    }

    /// A figure of the same kind, the plan's own first; another plan's only for a year
    /// (a hidden year belongs to one plan).
    fn near(
        &self,
        ind: IndId,
        area: AreaId,
        when: When,
        kind: Kind,
        plan: PlanIdx,
    ) -> Option<(u32, &'m Figure)> {
        self.find(ind, area, when, kind, plan).or_else(|| {
            let k = self
                .all(ind, area, when)
                .iter()
                .find(|x| x.3 == kind && matches!(when, When::Year(_)))?;
            Some((k.5, self.model.figures.get(k.5 as usize)?))
        })
    }

    /// The figures of one indicator.
    fn of(&self, ind: IndId) -> &[Key] {
        let lo = self.keys.partition_point(|x| x.0 < ind);
        let hi = self.keys.partition_point(|x| x.0 <= ind);
        self.keys.get(lo..hi).unwrap_or(&[])
    }
}

/// Runs `ratio_sum`, `part_of`, and `share` and `indicator_sum` within hidden years.
pub(super) fn run(model: &Model, opts: &Options, report: &mut Report) -> Result<(), CheckError> {
    let n = model.indicators.len();
    let mut wanted = vec![false; n];
    let mut mark = |i: IndId| {
        if let Some(w) = wanted.get_mut(i as usize) {
            *w = true;
        }
    };
    let mut any = false;
    for (i, ind) in model.indicators.iter().enumerate() {
        if let Some(w) = ind.part_of {
            mark(i as IndId);
            mark(w);
            any = true;
        }
        if ind.whole.is_some() {
            mark(i as IndId);
            ind.sum_of.iter().for_each(|&c| mark(c));
            any = true;
        }
    }
    let hidden = model
        .figures
        .iter()
        .enumerate()
        .any(|(i, f)| f.year.is_none() && model.text(i).is_some_and(|t| t.group.is_some()));
    if !any && !hidden {
        return Ok(());
    }
    let index = Index::new(model, &wanted);
    ratio_sums(model, &index, opts, report)?;
    parts_of(model, &index, opts, report)?;
    if hidden {
        hidden_relations(model, &index, opts, report)?;
    }
    Ok(())
}

/// A part of a `ratio_sum`: its figure, if it has one.
struct Share {
    id: u32,
    figure: Option<(u32, Figure)>,
    /// In the whole's unit.
    value: Option<Interval>,
}

/// `ratio_sum` of every composite with a `whole` (over its components) and of every
/// other indicator with a `whole` (over the children of an area).
fn ratio_sums(
    model: &Model,
    index: &Index,
    opts: &Options,
    report: &mut Report,
) -> Result<(), CheckError> {
    for (i, ind) in model.indicators.iter().enumerate() {
        let Some(whole) = ind.whole else { continue };
        let me = i as IndId;
        // The places where one of the parts has a figure: (plan, kind, when, area).
        let mut slots: BTreeSet<(PlanIdx, Kind, When, AreaId)> = BTreeSet::new();
        let by_area = ind.sum_of.is_empty();
        if by_area {
            for k in index.of(me) {
                if let Some(p) = model.area(k.1).and_then(|a| a.parent) {
                    slots.insert((k.4, k.3, k.2, p));
                }
            }
        } else {
            for &c in &ind.sum_of {
                for k in index.of(c) {
                    slots.insert((k.4, k.3, k.2, k.1));
                }
            }
        }
        for (plan, kind, when, area) in slots {
            let mut shares = Vec::new();
            if by_area {
                for &c in model
                    .children(area)
                    .iter()
                    .filter(|&&c| model.knows(plan, c))
                {
                    let figure = index.find(me, c, when, kind, plan).map(|(i, f)| (i, *f));
                    let value = figure.map(|(_, f)| f.value);
                    shares.push(Share {
                        id: c,
                        figure,
                        value,
                    });
                }
            } else {
                for &c in &ind.sum_of {
                    let figure = index.find(c, area, when, kind, plan).map(|(i, f)| (i, *f));
                    let factor = model
                        .indicator(c)
                        .and_then(|x| x.unit.factor_to(&ind.unit))
                        .unwrap_or(Dec::ONE);
                    let value = match figure {
                        Some((_, f)) => Some(
                            f.value
                                .checked_scale(factor)
                                .map_err(|_| overflow(model, me, area, when.year()))?,
                        ),
                        None => None,
                    };
                    shares.push(Share {
                        id: c,
                        figure,
                        value,
                    });
                }
            }
            let finding = ratio_sum(model, opts, me, area, when, plan, whole, &shares, report)?;
            report.findings.push(finding);
        }
    }
    Ok(())
}

/// The outcome of parts against a whole, within the parts' publication rounding and
/// the tolerance: `fail` when the rounded sum cannot make the whole, `ok` when it can
/// and every part is an exact figure, `uncertain` when a part is a range or bound that
/// may or may not make it (or the figures are approximate and fail).
pub(super) fn against_whole(
    values: &[Interval],
    whole: Dec,
    tol: Option<crate::plan::Tolerance>,
    approx: bool,
) -> Option<(Outcome, Interval)> {
    let mut sum = Interval::ZERO;
    let mut rounded = Interval::ZERO;
    for v in values {
        sum = sum.checked_add(v).ok()?;
        rounded = rounded.checked_add(&as_published(v)?).ok()?;
    }
    let target = compare::widen(&Interval::point(whole), tol)?;
    let difference = gap(&sum, &Interval::point(whole))?;
    let outcome = if !rounded.meets(&target) {
        Outcome {
            status: if approx {
                Status::Uncertain
            } else {
                Status::Fail
            },
            difference: Some(difference),
        }
    } else if sum.as_point().is_some() {
        Outcome {
            status: Status::Ok,
            difference: Some(difference),
        }
    } else {
        Outcome {
            status: Status::Uncertain,
            difference: None,
        }
    };
    Some((outcome, sum))
}

#[allow(clippy::too_many_arguments)]
fn ratio_sum(
    model: &Model,
    opts: &Options,
    ind: IndId,
    area: AreaId,
    when: When,
    plan: PlanIdx,
    whole: Dec,
    shares: &[Share],
    report: &mut Report,
) -> Result<Finding, CheckError> {
    let start = report.parts.len() as u32;
    let mut missing = 0usize;
    let mut present = Vec::new();
    let mut approx = false;
    for s in shares {
        let a = s.figure.is_some_and(|(_, f)| f.approx);
        approx |= a;
        match s.value {
            Some(v) => present.push(v),
            None => missing += 1,
        }
        if s.value.is_some() || missing <= MAX_MISSING {
            report.push_part(
                Part {
                    id: s.id,
                    value: s.value,
                    derived: false,
                    approx: a,
                },
                s.figure.map(|(i, _)| i),
            );
        }
    }
    let too_big = || overflow(model, ind, area, when.year());
    let first = shares.iter().find_map(|s| s.figure.map(|(i, _)| i));
    let (status, actual, difference) = if missing > 0 {
        let mut sum = Interval::ZERO;
        for v in &present {
            sum = sum.checked_add(v).map_err(|_| too_big())?;
        }
        (
            Status::Incomplete,
            (!present.is_empty()).then_some(sum),
            None,
        )
    } else {
        let (out, sum) = against_whole(&present, whole, tolerance(model, ind, opts), approx)
            .ok_or_else(too_big)?;
        (out.status, Some(sum), out.difference)
    };
    Ok(Finding {
        check: CheckKind::RatioSum,
        status,
        ind,
        area,
        year: when.year(),
        plans: (plan, None),
        expected: Interval::point(whole),
        actual,
        difference,
        expected_figure: None,
        actual_figure: first,
        parts: start..report.parts.len() as u32,
        missing_more: missing.saturating_sub(MAX_MISSING) as u32,
        approx,
    })
}

/// Whether a part must exceed, may exceed, or cannot exceed its whole (both in one
/// unit), the whole widened by the tolerance; the difference is by how much the part
/// exceeds (negative: the room left), `None` when it may.
pub(super) fn within_whole(
    part: &Interval,
    whole: &Interval,
    tol: Option<crate::plan::Tolerance>,
    approx: bool,
) -> Option<Outcome> {
    let w = compare::widen(whole, tol)?;
    let must = matches!((part.lo, w.hi), (Some(p), Some(h)) if p > h);
    let cannot = matches!((part.hi, w.lo), (Some(p), Some(l)) if p <= l);
    let difference = gap(part, whole)?;
    Some(if must {
        Outcome {
            status: if approx {
                Status::Uncertain
            } else {
                Status::Fail
            },
            difference: Some(difference),
        }
    } else if cannot {
        Outcome {
            status: Status::Ok,
            difference: Some(difference),
        }
    } else {
        Outcome {
            status: Status::Uncertain,
            difference: None,
        }
    })
}

/// `part_of`: each figure of a part against the figure of its whole, or of the next
/// whole up the chain that has one (五大产业 ≤ 规模以上工业 ≤ 全部工业).
fn parts_of(
    model: &Model,
    index: &Index,
    opts: &Options,
    report: &mut Report,
) -> Result<(), CheckError> {
    for k in &index.keys {
        let (ind, area, when, kind, plan, fi) = *k;
        let Some(mut up) = model.indicator(ind).and_then(|i| i.part_of) else {
            continue;
        };
        let Some(p) = model.figures.get(fi as usize) else {
            continue;
        };
        // Up the chain (acyclic: the loader refuses cycles) to the first whole stated.
        let mut found = None;
        for _ in 0..model.indicators.len() {
            if let Some(w) = index.near(up, area, when, kind, plan) {
                found = Some((up, w));
                break;
            }
            match model.indicator(up).and_then(|i| i.part_of) {
                Some(next) => up = next,
                None => break,
            }
        }
        let Some((whole_ind, (wi, w))) = found else {
            continue;
        };
        let too_big = || overflow(model, ind, area, when.year());
        // The whole in the part's unit.
        let factor = model
            .indicator(whole_ind)
            .zip(model.indicator(ind))
            .and_then(|(a, b)| a.unit.factor_to(&b.unit))
            .unwrap_or(Dec::ONE);
        let whole = w.value.checked_scale(factor).map_err(|_| too_big())?;
        let approx = p.approx || w.approx;
        let out = within_whole(&p.value, &whole, tolerance(model, ind, opts), approx)
            .ok_or_else(too_big)?;
        let start = report.parts.len() as u32;
        report.push_part(
            Part {
                id: ind,
                value: Some(p.value),
                derived: false,
                approx: p.approx,
            },
            Some(fi),
        );
        report.push_part(
            Part {
                id: whole_ind,
                value: Some(w.value),
                derived: false,
                approx: w.approx,
            },
            Some(wi),
        );
        report.findings.push(Finding {
            check: CheckKind::PartOf,
            status: out.status,
            ind,
            area,
            year: when.year(),
            plans: (plan, (w.plan != plan).then_some(w.plan)),
            expected: whole,
            actual: Some(p.value),
            difference: out.difference,
            expected_figure: Some(wi),
            actual_figure: Some(fi),
            parts: start..report.parts.len() as u32,
            missing_more: 0,
            approx,
        });
    }
    Ok(())
}

/// `share` and `indicator_sum` among the figures of one hidden year of one plan's
/// group (the checks over years skip figures without a year).
fn hidden_relations(
    model: &Model,
    index: &Index,
    opts: &Options,
    report: &mut Report,
) -> Result<(), CheckError> {
    for k in &index.keys {
        let (ind, area, when, kind, plan, fi) = *k;
        if !matches!(when, When::Hidden(_)) {
            continue;
        }
        let (Some(def), Some(s)) = (model.indicator(ind), model.figures.get(fi as usize)) else {
            continue;
        };
        let too_big = || overflow(model, ind, area, 0);
        for r in &def.relations {
            let Relation::ShareOf {
                numerator,
                denominator,
            } = *r
            else {
                continue;
            };
            let (Some((ni, n)), Some((di, d))) = (
                index.find(numerator, area, when, kind, plan),
                index.find(denominator, area, when, kind, plan),
            ) else {
                continue;
            };
            let factor = model
                .indicator(numerator)
                .zip(model.indicator(denominator))
                .and_then(|(a, b)| a.unit.factor_to(&b.unit));
            let Some(factor) = factor else { continue };
            let nv = n.value.checked_scale(factor).map_err(|_| too_big())?;
            let approx = s.approx || n.approx || d.approx;
            let dp = shown_dp(&s.value);
            let (status, actual, difference) = match ratio(&nv, &d.value) {
                Some(q) => {
                    let published = as_published(&s.value).ok_or_else(too_big)?;
                    let out = compare(&q, &published, tolerance(model, ind, opts), approx)
                        .ok_or_else(too_big)?;
                    let diff = shown_difference(&out, &q, &s.value, dp);
                    (out.status, Some(round_out(&q, dp)), diff)
                }
                None => (Status::Uncertain, None, None),
            };
            let start = report.parts.len() as u32;
            for (id, i, f) in [(numerator, ni, n), (denominator, di, d)] {
                report.push_part(
                    Part {
                        id,
                        value: Some(f.value),
                        derived: false,
                        approx: f.approx,
                    },
                    Some(i),
                );
            }
            report.findings.push(Finding {
                check: CheckKind::Share,
                status,
                ind,
                area,
                year: 0,
                plans: (plan, None),
                expected: s.value,
                actual,
                difference,
                expected_figure: Some(fi),
                actual_figure: None,
                parts: start..report.parts.len() as u32,
                missing_more: 0,
                approx,
            });
        }
        if kind != Kind::Target || def.sum_of.is_empty() {
            continue;
        }
        // indicator_sum: the composite's target against its components in the group,
        // when the group states at least one of them.
        let start = report.parts.len() as u32;
        let mut sum = Interval::ZERO;
        let (mut complete, mut any, mut approx) = (true, false, s.approx);
        for &c in &def.sum_of {
            let factor = model
                .indicator(c)
                .and_then(|x| x.unit.factor_to(&def.unit))
                .unwrap_or(Dec::ONE);
            match index.find(c, area, when, kind, plan) {
                Some((i, f)) => {
                    let v = f.value.checked_scale(factor).map_err(|_| too_big())?;
                    sum = sum.checked_add(&v).map_err(|_| too_big())?;
                    approx |= f.approx;
                    any = true;
                    report.push_part(
                        Part {
                            id: c,
                            value: Some(v),
                            derived: false,
                            approx: f.approx,
                        },
                        Some(i),
                    );
                }
                None => {
                    complete = false;
                    report.parts.push(Part {
                        id: c,
                        value: None,
                        derived: false,
                        approx: false,
                    });
                }
            }
        }
        if !any {
            report.parts.truncate(start as usize);
            let keep = report.part_figures.partition_point(|p| p.0 < start);
            report.part_figures.truncate(keep);
            continue;
        }
        let out = if complete {
            compare(&sum, &s.value, tolerance(model, ind, opts), approx).ok_or_else(too_big)?
        } else {
            Outcome {
                status: Status::Incomplete,
                difference: None,
            }
        };
        report.findings.push(Finding {
            check: CheckKind::IndicatorSum,
            status: out.status,
            ind,
            area,
            year: 0,
            plans: (plan, None),
            expected: s.value,
            actual: Some(sum),
            difference: out.difference,
            expected_figure: Some(fi),
            actual_figure: None,
            parts: start..report.parts.len() as u32,
            missing_more: 0,
            approx,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::parse_decimal;

    fn d(s: &str) -> Dec {
        parse_decimal(s).unwrap()
    }
    fn pt(s: &str) -> Interval {
        Interval::point(d(s))
    }
    fn iv(lo: Option<&str>, hi: Option<&str>) -> Interval {
        Interval {
            lo: lo.map(d),
            hi: hi.map(d),
        }
    }

    #[test]
    fn ratios_within_their_rounding() {
        let run = |v: &[Interval]| against_whole(v, d("100"), None, false).unwrap();
        // 3 + 42 + 55 = 100.
        let (o, s) = run(&[pt("3"), pt("42"), pt("55")]);
        assert_eq!(
            (o.status, o.difference, s),
            (Status::Ok, Some(d("0")), pt("100"))
        );
        // 101 is within three half units (1.5); 102 is not.
        let (o, _) = run(&[pt("3"), pt("42"), pt("56")]);
        assert_eq!((o.status, o.difference), (Status::Ok, Some(d("1"))));
        let (o, _) = run(&[pt("3"), pt("42"), pt("57")]);
        assert_eq!((o.status, o.difference), (Status::Fail, Some(d("2"))));
        // One decimal place: 0.15 of slack for three parts.
        let (o, _) = run(&[pt("3.1"), pt("41.9"), pt("55.1")]);
        assert_eq!((o.status, o.difference), (Status::Ok, Some(d("0.1"))));
        let (o, _) = run(&[pt("3.1"), pt("42.0"), pt("55.1")]);
        assert_eq!((o.status, o.difference), (Status::Fail, Some(d("0.2"))));
        let (o, _) = run(&[pt("3.1"), pt("42.1"), pt("55.1")]);
        assert_eq!((o.status, o.difference), (Status::Fail, Some(d("0.3"))));
        // A bound that may or may not make the whole.
        let (o, _) = run(&[pt("3"), pt("42"), iv(Some("55"), None)]);
        assert_eq!((o.status, o.difference), (Status::Uncertain, None));
        // A bound that cannot.
        let (o, _) = run(&[pt("3"), pt("42"), iv(Some("60"), None)]);
        assert_eq!((o.status, o.difference), (Status::Fail, Some(d("5"))));
        // Approximate figures that cannot make it are uncertain, their gap kept.
        let (o, _) = against_whole(&[pt("3"), pt("50")], d("100"), None, true).unwrap();
        assert_eq!(
            (o.status, o.difference),
            (Status::Uncertain, Some(d("-47")))
        );
        // A tolerance widens the whole.
        let tol = Some(crate::plan::Tolerance::Absolute(d("1")));
        let (o, _) = against_whole(&[pt("3"), pt("42"), pt("57")], d("100"), tol, false).unwrap();
        assert_eq!(o.status, Status::Ok);
    }

    #[test]
    fn parts_within_wholes() {
        let run = |p: Interval, w: Interval| within_whole(&p, &w, None, false).unwrap();
        let o = run(pt("80"), pt("100"));
        assert_eq!((o.status, o.difference), (Status::Ok, Some(d("-20"))));
        let o = run(pt("100"), pt("100"));
        assert_eq!((o.status, o.difference), (Status::Ok, Some(d("0"))));
        let o = run(pt("103.5"), pt("100"));
        assert_eq!((o.status, o.difference), (Status::Fail, Some(d("3.5"))));
        // A part of at least 5 may exceed 100; one of at most 5 cannot exceed 10–12.
        assert_eq!(
            run(iv(Some("5"), None), pt("100")).status,
            Status::Uncertain
        );
        assert_eq!(
            run(iv(None, Some("5")), iv(Some("10"), Some("12"))).status,
            Status::Ok
        );
        // A whole of at most 100 may be below a part of 80; one of at least 1000 is not.
        assert_eq!(
            run(pt("80"), iv(None, Some("100"))).status,
            Status::Uncertain
        );
        assert_eq!(run(pt("80"), iv(Some("1000"), None)).status, Status::Ok);
        // Must exceed: 13–15 against 10–12.
        let o = run(iv(Some("13"), Some("15")), iv(Some("10"), Some("12")));
        assert_eq!((o.status, o.difference), (Status::Fail, Some(d("1"))));
        let o = within_whole(&pt("101"), &pt("100"), None, true).unwrap();
        assert_eq!(o.status, Status::Uncertain);
    }
}
