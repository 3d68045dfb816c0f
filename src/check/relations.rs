//! Checks of indicators defined from others (docs/FORMAT.md, *indicators*):
//!
//! - `share`: a stated share (`share_of`, %) against its numerator ÷ denominator × 100,
//!   within the precision the share is published with (4% covers 3.5–4.5, 3.64% covers
//!   3.635–3.645);
//! - `increment`: a stock at `year` against the stock at `base_year` plus the stated
//!   additions (`increment_of`, 新增), units converted;
//! - `growth`: a level at `year` against the level at `base_year` grown at the stated
//!   average annual rate (`growth_of`, 年均增长) for `year − base_year` years, the rate
//!   taken within its published precision. An actual measured against a growth target
//!   is met at or above the path (at or below it for `better: "lower"`).
//!
//! A relation is checked where the figures it needs exist: the other figures come from
//! the same plan and kind when it has them, otherwise from another plan (a base year is
//! preferably an actual, the baseline a plan starts from). Quotients and powers are
//! computed with the decimal type's 28 significant digits, far below any published
//! precision; what the report shows of them is rounded two places beyond it.

use super::{compare, overflow, tolerance, CheckError, CheckKind, Finding, Options, Part, Report};
use super::{Outcome, Status};
use crate::num::{gap, Dec, Interval};
use crate::plan::{AreaId, Better, Figure, IndId, Kind, Model, PlanIdx, Relation};
use rust_decimal::RoundingStrategy;

/// Runs the three relation checks.
pub(super) fn run(model: &Model, opts: &Options, report: &mut Report) -> Result<(), CheckError> {
    if model.indicators.iter().all(|i| i.relations.is_empty()) {
        return Ok(());
    }
    let index = Index::new(model);
    for (fi, f) in model.figures.iter().enumerate() {
        let (Some(year), Some(ind)) = (f.year, model.indicator(f.ind)) else {
            continue;
        };
        for r in &ind.relations {
            let found = match *r {
                Relation::ShareOf {
                    numerator,
                    denominator,
                } => share(model, &index, opts, fi, f, year, numerator, denominator)?,
                Relation::IncrementOf(stock) => increment(model, &index, opts, fi, f, year, stock)?,
                Relation::GrowthOf(level) => growth(model, &index, opts, fi, f, year, level)?,
            };
            if let Some((finding, parts)) = found {
                let start = report.parts.len() as u32;
                report.parts.extend_from_slice(&parts);
                report.findings.push(Finding {
                    parts: start..report.parts.len() as u32,
                    ..finding
                });
            }
        }
    }
    Ok(())
}

pub(super) type Found = Option<(Finding, [Part; 2])>;

/// The figures of indicators that a relation names, sorted by (indicator, area, year).
pub(super) struct Index<'m> {
    model: &'m Model,
    keys: Vec<(IndId, AreaId, i32, u32)>,
}

impl<'m> Index<'m> {
    pub(super) fn new(model: &'m Model) -> Index<'m> {
        Index::with(model, false, &[])
    }

    /// The index of [`Index::new`], with the composites of two components and their
    /// components when `pairs`, and the figures of `hidden` (figure, group id from
    /// `wholes::hidden_groups`) under the year [`hidden_year`] of their group.
    pub(super) fn with(model: &'m Model, pairs: bool, hidden: &[(u32, u32)]) -> Index<'m> {
        let mut named = vec![false; model.indicators.len()];
        let mut mark = |i: IndId| {
            if let Some(slot) = named.get_mut(i as usize) {
                *slot = true;
            }
        };
        for r in model.indicators.iter().flat_map(|i| &i.relations) {
            match *r {
                Relation::GrowthOf(x) | Relation::IncrementOf(x) => mark(x),
                Relation::ShareOf {
                    numerator,
                    denominator,
                } => {
                    mark(numerator);
                    mark(denominator);
                }
            }
        }
        if pairs {
            for (i, ind) in model.indicators.iter().enumerate() {
                if let [a, b] = ind.sum_of[..] {
                    mark(i as IndId);
                    mark(a);
                    mark(b);
                }
            }
        }
        let mut hidden = hidden.iter().peekable();
        let mut keys: Vec<(IndId, AreaId, i32, u32)> = model
            .figures
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let year = match f.year {
                    Some(y) => y,
                    None => hidden_year(hidden.next_if(|h| h.0 == i as u32)?.1),
                };
                named
                    .get(f.ind as usize)
                    .copied()
                    .unwrap_or(false)
                    .then_some((f.ind, f.area, year, i as u32))
            })
            .collect();
        crate::order::sort_dedup(&mut keys);
        Index { model, keys }
    }

    /// The figure of `ind` in `area` and `year` that `rank` likes best (lowest rank;
    /// `None` refuses a figure).
    pub(super) fn best(
        &self,
        ind: IndId,
        area: AreaId,
        year: i32,
        rank: impl Fn(&Figure) -> Option<u8>,
    ) -> Option<(u32, &'m Figure)> {
        self.all(ind, area, year)
            .filter_map(|(i, f)| rank(f).map(|r| (r, i, f)))
            .min_by_key(|(r, _, _)| *r)
            .map(|(_, i, f)| (i, f))
    }

    /// Every figure of `ind` in `area` and `year`, with its index.
    pub(super) fn all(
        &self,
        ind: IndId,
        area: AreaId,
        year: i32,
    ) -> impl Iterator<Item = (u32, &'m Figure)> + '_ {
        let start = self
            .keys
            .partition_point(|k| (k.0, k.1, k.2) < (ind, area, year));
        self.keys
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .take_while(move |k| (k.0, k.1, k.2) == (ind, area, year))
            .filter_map(|k| Some((k.3, self.model.figures.get(k.3 as usize)?)))
    }
}

/// The key under which the figures of hidden-year group `id` are indexed: far below any
/// year, so that no arithmetic on years reaches it from a real one.
pub(super) fn hidden_year(id: u32) -> i32 {
    i32::MIN.saturating_add_unsigned(id.min(1 << 30))
}

/// Whether an indexed year is a hidden group's key.
pub(super) fn is_hidden(year: i32) -> bool {
    year < i32::MIN / 2
}

/// Same kind, same plan first.
pub(super) fn same_kind(kind: Kind, plan: PlanIdx) -> impl Fn(&Figure) -> Option<u8> {
    move |f| (f.kind == kind).then_some(u8::from(f.plan != plan))
}

/// A base-year figure: the plan's own baseline (an actual) first, then its target,
/// then other plans' actuals and targets.
pub(super) fn baseline(plan: PlanIdx) -> impl Fn(&Figure) -> Option<u8> {
    move |f| Some(u8::from(f.plan != plan) * 2 + u8::from(f.kind == Kind::Target))
}

/// Half a unit of the last published digit: 4 → 0.5, 3.64 → 0.005.
fn half_unit(v: Dec) -> Dec {
    Dec::try_new(5, v.scale() + 1).unwrap_or(Dec::ZERO)
}

/// The interval a published figure stands for, given its rounding.
pub(super) fn as_published(v: &Interval) -> Option<Interval> {
    Some(Interval {
        lo: match v.lo {
            Some(a) => Some(a.checked_sub(half_unit(a))?),
            None => None,
        },
        hi: match v.hi {
            Some(b) => Some(b.checked_add(half_unit(b))?),
            None => None,
        },
    })
}

/// Decimal places shown for a computed figure compared with `v`: two beyond its own.
pub(super) fn shown_dp(v: &Interval) -> u32 {
    let scale = |d: Option<Dec>| d.map_or(0, |d| d.normalize().scale());
    (scale(v.lo).max(scale(v.hi)) + 2).min(28)
}

/// Rounds an interval outward to `dp` places, for showing (a point to the nearest).
pub(super) fn round_out(v: &Interval, dp: u32) -> Interval {
    if let Some(p) = v.as_point() {
        return Interval::point(p.round_dp(dp));
    }
    Interval {
        lo: v
            .lo
            .map(|a| a.round_dp_with_strategy(dp, RoundingStrategy::ToNegativeInfinity)),
        hi: v
            .hi
            .map(|b| b.round_dp_with_strategy(dp, RoundingStrategy::ToPositiveInfinity)),
    }
}

/// The shown difference of an outcome: rounded, and only where one number tells it.
pub(super) fn shown_difference(
    out: &Outcome,
    actual: &Interval,
    expected: &Interval,
    dp: u32,
) -> Option<Dec> {
    match out.status {
        Status::Uncertain => out.difference.map(|d| d.round_dp(dp)),
        _ => gap(actual, expected).map(|d| d.round_dp(dp)),
    }
}

/// The other plan involved, if any.
pub(super) fn other_plan(main: PlanIdx, others: &[PlanIdx]) -> Option<PlanIdx> {
    others.iter().copied().find(|&p| p != main)
}

fn part(id: IndId, f: &Figure, value: Interval) -> Part {
    Part {
        id,
        value: Some(value),
        derived: false,
        approx: f.approx,
    }
}

/// A figure of indicator `from` in the unit of `to`; `None` when the units do not
/// convert (家 and 个 count different things).
pub(super) fn in_unit_of(
    model: &Model,
    from: IndId,
    to: IndId,
    v: &Interval,
) -> Option<Result<Interval, crate::num::Overflow>> {
    let factor = model
        .indicator(from)?
        .unit
        .factor_to(&model.indicator(to)?.unit)?;
    Some(v.checked_scale(factor))
}

/// `n ÷ d × 100` for positive bounded figures; `None` when it cannot be told.
pub(super) fn ratio(n: &Interval, d: &Interval) -> Option<Interval> {
    let (nlo, nhi, dlo, dhi) = (n.lo?, n.hi?, d.lo?, d.hi?);
    if nlo.is_sign_negative() || dlo <= Dec::ZERO {
        return None;
    }
    let q = |a: Dec, b: Dec| a.checked_mul(Dec::ONE_HUNDRED)?.checked_div(b);
    Some(Interval {
        lo: Some(q(nlo, dhi)?),
        hi: Some(q(nhi, dlo)?),
    })
}

#[allow(clippy::too_many_arguments)]
fn share(
    model: &Model,
    index: &Index,
    opts: &Options,
    fi: usize,
    s: &Figure,
    year: i32,
    numerator: IndId,
    denominator: IndId,
) -> Result<Found, CheckError> {
    let pick = |k| index.best(k, s.area, year, same_kind(s.kind, s.plan));
    let (Some((_, n)), Some((_, d))) = (pick(numerator), pick(denominator)) else {
        return Ok(None);
    };
    share_of(model, opts, fi, s, year, (numerator, n), (denominator, d))
}

/// `share` of a stated share `s` (figure `fi`) given its numerator's and denominator's
/// figures (also for the figures of a hidden year, `wholes.rs`).
#[allow(clippy::too_many_arguments)]
pub(super) fn share_of(
    model: &Model,
    opts: &Options,
    fi: usize,
    s: &Figure,
    year: i32,
    (numerator, n): (IndId, &Figure),
    (denominator, d): (IndId, &Figure),
) -> Result<Found, CheckError> {
    // A share of 亿元 in 万亿元: the numerator in the denominator's unit.
    let Some(nv) = in_unit_of(model, numerator, denominator, &n.value) else {
        return Ok(None);
    };
    let nv = nv.map_err(|_| overflow(model, s.ind, s.area, year))?;
    let approx = s.approx || n.approx || d.approx;
    let dp = shown_dp(&s.value);
    let (status, actual, difference) = match ratio(&nv, &d.value) {
        Some(r) => {
            let published =
                as_published(&s.value).ok_or_else(|| overflow(model, s.ind, s.area, year))?;
            let out = compare(&r, &published, tolerance(model, s.ind, opts), approx)
                .ok_or_else(|| overflow(model, s.ind, s.area, year))?;
            let diff = shown_difference(&out, &r, &s.value, dp);
            (out.status, Some(round_out(&r, dp)), diff)
        }
        None => (Status::Uncertain, None, None),
    };
    let finding = Finding {
        check: CheckKind::Share,
        status,
        ind: s.ind,
        area: s.area,
        year,
        plans: (s.plan, other_plan(s.plan, &[n.plan, d.plan])),
        expected: s.value,
        actual,
        difference,
        expected_figure: Some(fi as u32),
        actual_figure: None,
        parts: 0..0,
        missing_more: 0,
        approx,
    };
    Ok(Some((
        finding,
        [part(numerator, n, n.value), part(denominator, d, d.value)],
    )))
}

fn increment(
    model: &Model,
    index: &Index,
    opts: &Options,
    fi: usize,
    inc: &Figure,
    year: i32,
    stock: IndId,
) -> Result<Found, CheckError> {
    let base = inc.base_year.unwrap_or(year - 1);
    let Some((now_i, now)) = index.best(stock, inc.area, year, same_kind(inc.kind, inc.plan))
    else {
        return Ok(None);
    };
    let Some((_, before)) = index.best(stock, inc.area, base, baseline(inc.plan)) else {
        return Ok(None);
    };
    // Additions in the stock's unit (百分点 add to a stock in %).
    let factor = match (model.indicator(inc.ind), model.indicator(stock)) {
        (Some(i), Some(s)) => crate::plan::model::increment_factor(&i.unit, &s.unit),
        _ => None,
    };
    let Some(added) = factor.map(|k| inc.value.checked_scale(k)) else {
        return Ok(None);
    };
    let added = added.map_err(|_| overflow(model, stock, inc.area, year))?;
    let sum = before
        .value
        .checked_add(&added)
        .map_err(|_| overflow(model, stock, inc.area, year))?;
    let approx = inc.approx || now.approx || before.approx;
    let out = compare(&sum, &now.value, tolerance(model, stock, opts), approx)
        .ok_or_else(|| overflow(model, stock, inc.area, year))?;
    let finding = Finding {
        check: CheckKind::Increment,
        status: out.status,
        ind: stock,
        area: inc.area,
        year,
        plans: (now.plan, other_plan(now.plan, &[inc.plan, before.plan])),
        expected: now.value,
        actual: Some(sum),
        difference: out.difference,
        expected_figure: Some(now_i),
        actual_figure: Some(fi as u32),
        parts: 0..0,
        missing_more: 0,
        approx,
    };
    Ok(Some((
        finding,
        [
            part(stock, before, before.value),
            part(inc.ind, inc, inc.value),
        ],
    )))
}

/// `base × (1 + rate/100)^years` for one end; `None` when the factor is negative.
fn grow(base: Dec, rate: Dec, years: u32) -> Result<Option<Dec>, ()> {
    let step = Dec::ONE
        .checked_add(rate.checked_div(Dec::ONE_HUNDRED).ok_or(())?)
        .ok_or(())?;
    if step.is_sign_negative() {
        return Ok(None);
    }
    let mut v = base;
    for _ in 0..years {
        v = v.checked_mul(step).ok_or(())?;
    }
    Ok(Some(v))
}

/// The level a growth rate leads to, as the growth check and `implied` both choose it:
/// the plan's own figure of the rate's kind, else (for a growth target) an actual
/// reported by any plan.
pub(super) fn grown_level<'m>(
    index: &Index<'m>,
    g: &Figure,
    year: i32,
    level: IndId,
) -> Option<(u32, &'m Figure)> {
    index
        .best(level, g.area, year, same_kind(g.kind, g.plan))
        .or_else(|| {
            (g.kind == Kind::Target)
                .then(|| index.best(level, g.area, year, same_kind(Kind::Actual, g.plan)))
                .flatten()
        })
}

fn growth(
    model: &Model,
    index: &Index,
    opts: &Options,
    fi: usize,
    g: &Figure,
    year: i32,
    level: IndId,
) -> Result<Found, CheckError> {
    let base = g.base_year.unwrap_or(year - 1);
    let Ok(years) = u32::try_from(year - base) else {
        return Ok(None);
    };
    let Some((_, before)) = index.best(level, g.area, base, baseline(g.plan)) else {
        return Ok(None);
    };
    let Some((now_i, now)) = grown_level(index, g, year, level) else {
        return Ok(None);
    };
    let too_big = || overflow(model, level, g.area, year);
    let rate = as_published(&g.value).ok_or_else(too_big)?;
    let end = |b: Option<Dec>, r: Option<Dec>| -> Result<Option<Dec>, CheckError> {
        match (b, r) {
            (Some(b), Some(r)) => grow(b, r, years).map_err(|_| too_big()),
            _ => Ok(None),
        }
    };
    let path = Interval {
        lo: end(before.value.lo, rate.lo)?,
        hi: end(before.value.hi, rate.hi)?,
    };
    let better = model.indicator(level).map_or(Better::Higher, |i| i.better);
    let expected = match (g.kind, now.kind, better) {
        (Kind::Target, Kind::Actual, Better::Higher) => Interval {
            lo: path.lo,
            hi: None,
        },
        (Kind::Target, Kind::Actual, Better::Lower) => Interval {
            lo: None,
            hi: path.hi,
        },
        _ => path,
    };
    let approx = g.approx || now.approx || before.approx;
    let dp = shown_dp(&now.value);
    let out = compare(&now.value, &expected, tolerance(model, level, opts), approx)
        .ok_or_else(too_big)?;
    let difference = shown_difference(&out, &now.value, &expected, dp);
    let finding = Finding {
        check: CheckKind::Growth,
        status: out.status,
        ind: level,
        area: g.area,
        year,
        plans: (g.plan, other_plan(g.plan, &[now.plan, before.plan])),
        expected: round_out(&expected, dp),
        actual: Some(now.value),
        difference,
        expected_figure: Some(fi as u32),
        actual_figure: Some(now_i),
        parts: 0..0,
        missing_more: 0,
        approx,
    };
    Ok(Some((
        finding,
        [part(level, before, before.value), part(g.ind, g, g.value)],
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::parse_decimal;

    fn d(s: &str) -> Dec {
        parse_decimal(s).unwrap()
    }

    #[test]
    fn published_precision() {
        assert_eq!(half_unit(d("4")), d("0.5"));
        assert_eq!(half_unit(d("3.64")), d("0.005"));
        let p = as_published(&Interval::point(d("33.6"))).unwrap();
        assert_eq!((p.lo, p.hi), (Some(d("33.55")), Some(d("33.65"))));
    }

    #[test]
    fn growth_path() {
        // 100 grown at 20% for two years is 144.
        assert_eq!(grow(d("100"), d("20"), 2), Ok(Some(d("144"))));
        assert_eq!(grow(d("100"), d("-200"), 1), Ok(None));
        assert!(grow(d("7e28"), d("100"), 2).is_err());
    }

    #[test]
    fn ratios_of_bounded_positive_figures() {
        let r = ratio(&Interval::point(d("364")), &Interval::point(d("10000"))).unwrap();
        assert_eq!(r, Interval::point(d("3.64")));
        assert_eq!(
            ratio(&Interval::point(d("1")), &Interval::point(d("0"))),
            None
        );
    }
}
