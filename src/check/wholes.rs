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

use super::relations::{as_published, share_of};
use super::{compare, overflow, tolerance, CheckError, CheckKind, Finding, Options, Part, Report};
use super::{Outcome, Status, MAX_MISSING};
use crate::num::{gap, Dec, Interval};
use crate::plan::{AreaId, Figure, IndId, Kind, Model, PlanIdx, Relation};
use std::collections::HashMap;

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
    #[inline(never)]
    fn new(model: &'m Model, wanted: &[bool]) -> Index<'m> {
        let hidden = hidden_groups(model);
        let mut hidden_ids = hidden.iter().peekable();
        let mut keys = Vec::new();
        for (i, f) in model.figures.iter().enumerate() {
            let when = match f.year {
                Some(y) if wanted.get(f.ind as usize).copied().unwrap_or(false) => When::Year(y),
                Some(_) => continue,
                None => match hidden_ids.next_if(|h| h.0 == i as u32) {
                    Some(&(_, id)) => When::Hidden(id),
                    None => continue,
                },
            };
            keys.push((f.ind, f.area, when, f.kind, f.plan, i as u32));
        }
        crate::order::sort_dedup(&mut keys);
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

/// The figures of a hidden year (`year_text`) that have a `group`, in figure order, each
/// with the id of its plan's group and year text: figures with one id share their year,
/// whatever it is (also read by `implied`).
#[inline(never)]
pub(super) fn hidden_groups(model: &Model) -> Vec<(u32, u32)> {
    // Keyed by text, with the map type the model's ids use (one copy in the wasm).
    let mut groups: HashMap<String, u32> = HashMap::new();
    let mut out = Vec::new();
    for (i, f) in model.figures.iter().enumerate() {
        if f.year.is_some() {
            continue;
        }
        let Some(t) = model.text(i) else { continue };
        let (Some(g), Some(y)) = (t.group.as_deref(), t.year_text.as_deref()) else {
            continue;
        };
        let key = format!("{}\u{0}{g}\u{0}{y}", f.plan);
        let id = match groups.get(key.as_str()) {
            Some(&id) => id,
            None => {
                let id = groups.len() as u32;
                groups.insert(key, id);
                id
            }
        };
        out.push((i as u32, id));
    }
    out
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

/// `a + b`, not inlined: one copy of the decimal arithmetic for this file's sums.
#[inline(never)]
fn add(a: &Interval, b: &Interval) -> Option<Interval> {
    a.checked_add(b).ok()
}

/// `v × k`, not inlined (see [`add`]).
#[inline(never)]
fn scale(v: &Interval, k: Dec) -> Option<Interval> {
    v.checked_scale(k).ok()
}

/// A part of a `ratio_sum` or a hidden year's `indicator_sum`: its figure, if any.
struct Share {
    id: u32,
    figure: Option<(u32, Figure)>,
    /// In the whole's unit.
    value: Option<Interval>,
}

/// What parts are measured against: a `whole` (`ratio_sum`, within the parts'
/// rounding) or a composite's target of a hidden year (figure, `indicator_sum`).
#[derive(Clone, Copy)]
enum Against {
    Whole(Dec),
    Target(u32, Interval),
}

/// The parts of `ind` in one place: its components (`sum_of`, in its unit), or with
/// `by_area` its figures for the children of `area` the plan knows.
#[allow(clippy::too_many_arguments)]
fn shares(
    model: &Model,
    index: &Index,
    ind: IndId,
    by_area: bool,
    (plan, kind, when, area): (PlanIdx, Kind, When, AreaId),
) -> Result<Vec<Share>, CheckError> {
    let Some(def) = model.indicator(ind) else {
        return Ok(Vec::new());
    };
    let ids: &[u32] = if by_area {
        model.children(area)
    } else {
        &def.sum_of
    };
    let mut out = Vec::new();
    for &c in ids {
        if by_area && !model.knows(plan, c) {
            continue;
        }
        let (k, at) = if by_area { (ind, c) } else { (c, area) };
        let figure = index.find(k, at, when, kind, plan).map(|(i, f)| (i, *f));
        let factor = model
            .indicator(k)
            .and_then(|x| x.unit.factor_to(&def.unit))
            .unwrap_or(Dec::ONE);
        let value = match figure {
            Some((_, f)) => {
                Some(scale(&f.value, factor).ok_or_else(|| overflow(model, ind, area, 0))?)
            }
            None => None,
        };
        out.push(Share {
            id: c,
            figure,
            value,
        });
    }
    Ok(out)
}

/// `ratio_sum` of every composite with a `whole` (over its components) and of every
/// other indicator with a `whole` (over the children of an area); `indicator_sum` of a
/// composite's targets of a hidden year, over the components in their group.
#[inline(never)]
fn ratio_sums(
    model: &Model,
    index: &Index,
    opts: &Options,
    report: &mut Report,
) -> Result<(), CheckError> {
    for (i, ind) in model.indicators.iter().enumerate() {
        let me = i as IndId;
        let by_area = ind.sum_of.is_empty();
        if let Some(whole) = ind.whole {
            // The places where one of the parts has a figure: (plan, kind, when, area).
            let mut slots: Vec<(PlanIdx, Kind, When, AreaId)> = Vec::new();
            let own = [me];
            for &c in if by_area { &own[..] } else { &ind.sum_of } {
                for k in index.of(c) {
                    let at = if by_area {
                        model.area(k.1).and_then(|a| a.parent)
                    } else {
                        Some(k.1)
                    };
                    slots.extend(at.map(|a| (k.4, k.3, k.2, a)));
                }
            }
            crate::order::sort_dedup(&mut slots);
            for slot in slots {
                let parts = shares(model, index, me, by_area, slot)?;
                let f = ratio_sum(model, opts, me, slot, Against::Whole(whole), &parts, report)?;
                report.findings.extend(f);
            }
        }
        if by_area {
            continue;
        }
        for k in index.of(me) {
            if let (When::Hidden(_), Kind::Target) = (k.2, k.3) {
                let slot = (k.4, k.3, k.2, k.1);
                let parts = shares(model, index, me, false, slot)?;
                let target = index.model.figures.get(k.5 as usize).map(|f| f.value);
                let Some(target) = target else { continue };
                let f = ratio_sum(
                    model,
                    opts,
                    me,
                    slot,
                    Against::Target(k.5, target),
                    &parts,
                    report,
                )?;
                report.findings.extend(f);
            }
        }
    }
    Ok(())
}

/// The outcome of parts against a whole, within the parts' publication rounding and
/// the tolerance: `fail` when the rounded sum cannot make the whole, `ok` when it can
/// and every part is an exact figure, `uncertain` when a part is a range or bound that
/// may or may not make it (or the figures are approximate and fail).
#[inline(never)]
pub(super) fn against_whole(
    values: &[Interval],
    whole: Dec,
    tol: Option<crate::plan::Tolerance>,
    approx: bool,
) -> Option<Outcome> {
    let mut sum = Interval::ZERO;
    let mut rounded = Interval::ZERO;
    for v in values {
        sum = add(&sum, v)?;
        rounded = add(&rounded, &as_published(v)?)?;
    }
    let target = compare::widen(&Interval::point(whole), tol)?;
    let difference = gap(&sum, &Interval::point(whole))?;
    Some(verdict(
        !rounded.meets(&target),
        sum.as_point().is_some(),
        approx,
        difference,
    ))
}

/// The outcome of the two checks of this file: `fail` (`uncertain` for approximate
/// figures, the gap kept) when the figures cannot hold, else `ok` when they must, else
/// `uncertain` without a difference.
fn verdict(cannot: bool, must: bool, approx: bool, difference: Dec) -> Outcome {
    let (status, difference) = match (cannot, must) {
        (true, _) if approx => (Status::Uncertain, Some(difference)),
        (true, _) => (Status::Fail, Some(difference)),
        (false, true) => (Status::Ok, Some(difference)),
        (false, false) => (Status::Uncertain, None),
    };
    Outcome { status, difference }
}

/// The finding of parts against what they should make; `None` for a hidden year's
/// composite target none of whose components its group states.
#[inline(never)]
fn ratio_sum(
    model: &Model,
    opts: &Options,
    ind: IndId,
    (plan, _, when, area): (PlanIdx, Kind, When, AreaId),
    against: Against,
    shares: &[Share],
    report: &mut Report,
) -> Result<Option<Finding>, CheckError> {
    let present: Vec<Interval> = shares.iter().filter_map(|s| s.value).collect();
    let (check, expected, expected_figure) = match against {
        Against::Whole(w) => (CheckKind::RatioSum, Interval::point(w), None),
        Against::Target(fi, v) if !present.is_empty() => (CheckKind::IndicatorSum, v, Some(fi)),
        Against::Target(..) => return Ok(None),
    };
    let start = report.parts.len() as u32;
    let mut missing = 0usize;
    let mut approx = expected_figure
        .and_then(|i| model.figures.get(i as usize))
        .is_some_and(|f| f.approx);
    for s in shares {
        let a = s.figure.is_some_and(|(_, f)| f.approx);
        approx |= a;
        missing += usize::from(s.value.is_none());
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
    let mut sum = Interval::ZERO;
    for v in &present {
        sum = add(&sum, v).ok_or_else(too_big)?;
    }
    let tol = tolerance(model, ind, opts);
    let out = match against {
        _ if missing > 0 => Outcome {
            status: Status::Incomplete,
            difference: None,
        },
        Against::Whole(w) => against_whole(&present, w, tol, approx).ok_or_else(too_big)?,
        Against::Target(_, v) => compare(&sum, &v, tol, approx).ok_or_else(too_big)?,
    };
    Ok(Some(Finding {
        check,
        status: out.status,
        ind,
        area,
        year: when.year(),
        plans: (plan, None),
        expected,
        actual: (!present.is_empty()).then_some(sum),
        difference: out.difference,
        expected_figure,
        actual_figure: shares.iter().find_map(|s| s.figure.map(|(i, _)| i)),
        parts: start..report.parts.len() as u32,
        missing_more: missing.saturating_sub(MAX_MISSING) as u32,
        approx,
    }))
}

/// Whether a part must exceed, may exceed, or cannot exceed its whole (both in one
/// unit), the whole widened by the tolerance; the difference is by how much the part
/// exceeds (negative: the room left), `None` when it may.
#[inline(never)]
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
    Some(verdict(must, cannot, approx, difference))
}

/// `part_of`: each figure of a part against the figure of its whole, or of the next
/// whole up the chain that has one (五大产业 ≤ 规模以上工业 ≤ 全部工业).
#[inline(never)]
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
        let whole = scale(&w.value, factor).ok_or_else(too_big)?;
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

/// `share` among the figures of one hidden year of one plan's group (the checks over
/// years skip figures without a year; `indicator_sum` of a hidden year is in
/// [`ratio_sums`]).
#[inline(never)]
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
            let found = share_of(
                model,
                opts,
                fi as usize,
                s,
                0,
                (numerator, n),
                (denominator, d),
            )?;
            if let Some((finding, [pn, pd])) = found {
                let start = report.parts.len() as u32;
                report.push_part(pn, Some(ni));
                report.push_part(pd, Some(di));
                report.findings.push(Finding {
                    parts: start..report.parts.len() as u32,
                    ..finding
                });
            }
        }
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
        let o = run(&[pt("3"), pt("42"), pt("55")]);
        assert_eq!((o.status, o.difference), (Status::Ok, Some(d("0"))));
        // 101 is within three half units (1.5); 102 is not.
        let o = run(&[pt("3"), pt("42"), pt("56")]);
        assert_eq!((o.status, o.difference), (Status::Ok, Some(d("1"))));
        let o = run(&[pt("3"), pt("42"), pt("57")]);
        assert_eq!((o.status, o.difference), (Status::Fail, Some(d("2"))));
        // One decimal place: 0.15 of slack for three parts.
        let o = run(&[pt("3.1"), pt("41.9"), pt("55.1")]);
        assert_eq!((o.status, o.difference), (Status::Ok, Some(d("0.1"))));
        let o = run(&[pt("3.1"), pt("42.0"), pt("55.1")]);
        assert_eq!((o.status, o.difference), (Status::Fail, Some(d("0.2"))));
        let o = run(&[pt("3.1"), pt("42.1"), pt("55.1")]);
        assert_eq!((o.status, o.difference), (Status::Fail, Some(d("0.3"))));
        // A bound that may or may not make the whole.
        let o = run(&[pt("3"), pt("42"), iv(Some("55"), None)]);
        assert_eq!((o.status, o.difference), (Status::Uncertain, None));
        // A bound that cannot.
        let o = run(&[pt("3"), pt("42"), iv(Some("60"), None)]);
        assert_eq!((o.status, o.difference), (Status::Fail, Some(d("5"))));
        // Approximate figures that cannot make it are uncertain, their gap kept.
        let o = against_whole(&[pt("3"), pt("50")], d("100"), None, true).unwrap();
        assert_eq!(
            (o.status, o.difference),
            (Status::Uncertain, Some(d("-47")))
        );
        // A tolerance widens the whole.
        let tol = Some(crate::plan::Tolerance::Absolute(d("1")));
        let o = against_whole(&[pt("3"), pt("42"), pt("57")], d("100"), tol, false).unwrap();
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
