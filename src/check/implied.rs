//! `implied`: figures the plans' own figures fix without stating them, each with its
//! derivation written out (docs/REPORT.md, *implied*).
//!
//! - `stock_before`: a stock at `year` less the additions since `base_year`
//!   (`increment_of`) is the stock at `base_year`;
//! - `base_from_rise`: the same with a rise in 百分点 on a `%` stock (提高12个百分点 to
//!   60% → 48% at the base);
//! - `whole_from_share`: a part and its share (`share_of`) fix the whole: part × 100 ÷
//!   share, the share taken within its published precision (6.32% covers
//!   6.315–6.325), so the whole is an interval;
//! - `base_from_growth`: a level and the average annual rate it grew at (`growth_of`) fix
//!   the level at `base_year`: level ÷ (1 + rate/100)^years, the rate within its
//!   published precision;
//! - `part_from_share`: a whole and the share of a part in it (`share_of`) fix the part:
//!   whole × share ÷ 100 (1600件以上 with 35%以上 invention patents → 560件 at least);
//! - `rest_of_sum`: a composite of two components (`sum_of`) and one of them fix the
//!   other: composite − component (国家级和省级 42, 其中国家级 3 → 省级 39).
//!
//! Figures of a hidden year (`year_text`) with a `group` are derived within their group
//! only, with the rules that stay within one year (the two share rules and
//! `rest_of_sum`): the figures of one sentence share their year, whatever it is.
//!
//! A relation the relation checks (`share`, `increment`, `growth`) already closed is not
//! derived again: those findings compare the same figures. The implied figure is then
//! compared with a figure some plan states for it (`ok` / `fail` / `uncertain`), else
//! with the first other derivation of the same figure, else it is `info`.

use super::relations::{
    as_published, baseline, grown_level, hidden_year, in_unit_of, is_hidden, other_plan, round_out,
    same_kind, shown_dp, Index,
};
use super::{compare, overflow, tolerance, CheckError, CheckKind, Finding, Options, Part, Report};
use super::{Outcome, Status};
use crate::num::{gap, Dec, Interval};
use crate::plan::{AreaId, Figure, IndId, Model, Relation};

/// Which rule fixed an implied figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DerivationKind {
    StockBefore,
    BaseFromRise,
    WholeFromShare,
    BaseFromGrowth,
    PartFromShare,
    RestOfSum,
}

impl DerivationKind {
    pub fn name(self) -> &'static str {
        match self {
            DerivationKind::StockBefore => "stock_before",
            DerivationKind::BaseFromRise => "base_from_rise",
            DerivationKind::WholeFromShare => "whole_from_share",
            DerivationKind::BaseFromGrowth => "base_from_growth",
            DerivationKind::PartFromShare => "part_from_share",
            DerivationKind::RestOfSum => "rest_of_sum",
        }
    }
}

/// One operation of a derivation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// The interval a published figure `a` stands for (half a unit of its last digit).
    Published,
    /// `a × b`: a unit conversion by the factor `b`.
    Convert,
    /// `a − b`.
    Subtract,
    /// `a × 100 ÷ b`: a whole from a part and its share in %.
    DivideByShare,
    /// `a ÷ (1 + b/100)^years`: a level taken back `years` years at the rate `b`.
    Discount,
    /// `a × b ÷ 100`: a part from its whole and its share in %.
    MultiplyByShare,
}

impl Op {
    pub fn name(self) -> &'static str {
        match self {
            Op::Published => "published",
            Op::Convert => "convert",
            Op::Subtract => "subtract",
            Op::DivideByShare => "divide_by_share",
            Op::Discount => "discount",
            Op::MultiplyByShare => "multiply_by_share",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub op: Op,
    pub a: Interval,
    pub b: Option<Interval>,
    pub years: Option<u32>,
    /// Exact for conversions and subtractions; for divisions rounded outward two
    /// places beyond the published precision of the figure divided.
    pub result: Interval,
}

/// A stated figure a derivation starts from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Input {
    /// `stock`, `additions`, `target`, `rise`, `part`, `share`, `level`, `rate`,
    /// `whole`, `composite`, `component`.
    pub role: &'static str,
    /// Index into `Model::figures` (its plan, kind, year, value and source).
    pub figure: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Derivation {
    pub kind: DerivationKind,
    /// Always two: the level or part first, then the relation's own figure.
    pub inputs: [Input; 2],
    pub steps: Vec<Step>,
    /// The implied figure (the last step's result).
    pub value: Interval,
    /// For a whole from a share: part × 100 ÷ share at the share's stated value,
    /// rounded as the steps are (what a reader would write as "≈").
    pub nearest: Option<Dec>,
    /// What the implied figure was compared with: `Some(true)` a stated figure (the
    /// finding's `actual_figure`), `Some(false)` another derivation of the same figure
    /// (its first input is the finding's `actual_figure`), `None` nothing.
    pub against_stated: Option<bool>,
}

/// A derivation before it is compared.
struct Pending {
    ind: IndId,
    area: AreaId,
    year: i32,
    /// The figure whose relation is derived (increment, share or growth figure).
    primary: u32,
    approx: bool,
    exact: Interval,
    d: Derivation,
}

#[inline(never)]
pub(super) fn run(model: &Model, opts: &Options, report: &mut Report) -> Result<(), CheckError> {
    let pair = |i: &crate::plan::Indicator| i.sum_of.len() == 2 && i.whole.is_none();
    if model
        .indicators
        .iter()
        .all(|i| i.relations.is_empty() && !pair(i))
    {
        return Ok(());
    }
    // Relations a relation check already compared, by the figure that states them.
    let mut closed: Vec<(CheckKind, u32)> = report
        .findings
        .iter()
        .filter_map(|f| match f.check {
            CheckKind::Share | CheckKind::Growth => Some((f.check, f.expected_figure?)),
            CheckKind::Increment => Some((f.check, f.actual_figure?)),
            _ => None,
        })
        .collect();
    crate::order::sort_dedup(&mut closed);
    let is_closed = |k: CheckKind, fi: usize| closed.binary_search(&(k, fi as u32)).is_ok();
    let hidden = super::wholes::hidden_groups(model);
    let mut hidden_ids = hidden.iter().peekable();
    let index = Index::with(model, true, &hidden);
    let mut pending: Vec<Pending> = Vec::new();
    for (fi, f) in model.figures.iter().enumerate() {
        let year = match f.year {
            Some(y) => y,
            None => match hidden_ids.next_if(|h| h.0 == fi as u32) {
                Some(&(_, id)) => hidden_year(id),
                None => continue,
            },
        };
        let Some(ind) = model.indicator(f.ind) else {
            continue;
        };
        // Rules that reach another year (a base year) have none for a hidden one.
        let other_years = !is_hidden(year);
        for r in &ind.relations {
            let p = match *r {
                Relation::IncrementOf(stock)
                    if other_years && !is_closed(CheckKind::Increment, fi) =>
                {
                    stock_before(model, &index, fi, f, year, stock)?
                }
                Relation::ShareOf {
                    numerator,
                    denominator,
                } if !is_closed(CheckKind::Share, fi) => {
                    match whole(model, &index, fi, f, year, numerator, denominator)? {
                        Some(p) => Some(p),
                        None => part(model, &index, fi, f, year, numerator, denominator)?,
                    }
                }
                Relation::GrowthOf(level) if other_years && !is_closed(CheckKind::Growth, fi) => {
                    base_from_growth(model, &index, fi, f, year, level)?
                }
                _ => None,
            };
            pending.extend(p);
        }
        if pair(ind) {
            pending.extend(rest_of_sum(model, &index, fi, f, year, &ind.sum_of)?);
        }
    }
    crate::order::sort_by_key(&mut pending, |p| (p.ind, p.area, p.year, p.primary));
    // The first derivation of the current figure: (key, exact, shown, first input, approx).
    type First = ((IndId, AreaId, i32), Interval, Interval, u32, bool);
    let mut first: Option<First> = None;
    for p in pending {
        let key = (p.ind, p.area, p.year);
        let [x0, x1] = p.d.inputs;
        let earlier = match first {
            Some(g) if g.0 == key => Some(g),
            _ => {
                first = Some((key, p.exact, p.d.value, x0.figure, p.approx));
                None
            }
        };
        let fig = |i: u32| model.figures.get(i as usize);
        let main_plan = fig(p.primary).map_or(0, |f| f.plan);
        // A figure some plan states: the baseline order of the relation checks.
        let stated = index.best(p.ind, p.area, p.year, baseline(main_plan));
        // (exact value compared, value shown, stated?), its figure, approximate?
        let (against, other_fig, approx) = match (stated, earlier) {
            (Some((i, f)), _) => (
                Some((f.value, f.value, true)),
                Some(i),
                p.approx || f.approx,
            ),
            (None, Some((_, exact, shown, i, approx))) => {
                (Some((exact, shown, false)), Some(i), p.approx || approx)
            }
            (None, None) => (None, None, p.approx),
        };
        let tol = tolerance(model, p.ind, opts);
        let too_big = || overflow(model, p.ind, p.area, p.year);
        let (status, actual, difference) = match against {
            Some((v, shown, _)) => {
                let out = consistent(&v, &p.exact, tol, approx).ok_or_else(too_big)?;
                let diff = match out.status {
                    Status::Uncertain if out.difference.is_none() => None,
                    _ => gap(&shown, &p.d.value),
                };
                (out.status, Some(shown), diff)
            }
            None => (Status::Info, None, None),
        };
        let plan_of = |i: Option<u32>| i.and_then(fig).map_or(main_plan, |f| f.plan);
        let plans = [
            plan_of(Some(x0.figure)),
            plan_of(Some(x1.figure)),
            plan_of(other_fig),
        ];
        let start = report.parts.len() as u32;
        for f in [x0, x1].iter().filter_map(|x| fig(x.figure)) {
            report.parts.push(Part {
                id: f.ind,
                value: Some(f.value),
                derived: false,
                approx: f.approx,
            });
        }
        let expected = p.d.value;
        let mut d = p.d;
        d.against_stated = against.map(|(_, _, s)| s);
        report.derivations.push((start, d));
        report.findings.push(Finding {
            check: CheckKind::Implied,
            status,
            ind: p.ind,
            area: p.area,
            // A hidden year is 0 in a finding (the report writes null and the year text).
            year: if is_hidden(p.year) { 0 } else { p.year },
            plans: (main_plan, other_plan(main_plan, &plans)),
            expected,
            actual,
            difference,
            expected_figure: Some(p.primary),
            actual_figure: other_fig,
            parts: start..report.parts.len() as u32,
            missing_more: 0,
            approx,
        });
    }
    Ok(())
}

/// An implied figure against another statement of it: `ok` when one lies within the
/// other (tolerance allowed), `fail` when they cannot meet (`uncertain` when a figure
/// is approximate), `uncertain` when they overlap otherwise.
fn consistent(
    stated: &Interval,
    implied: &Interval,
    tol: Option<crate::plan::Tolerance>,
    approx: bool,
) -> Option<Outcome> {
    let out = compare(stated, implied, tol, approx)?;
    let back = compare(implied, stated, tol, approx)?;
    if back.status == Status::Ok {
        return Some(back);
    }
    Some(out)
}

/// `a − b` of intervals: `[a.lo − b.hi, a.hi − b.lo]` (one copy for both checks: the
/// decimal arithmetic inlined at each call would weigh on the page).
#[inline(never)]
pub(super) fn sub(a: &Interval, b: &Interval) -> Option<Interval> {
    let end = |x: Option<Dec>, y: Option<Dec>| match (x, y) {
        (Some(x), Some(y)) => x.checked_sub(y).map(Some),
        _ => Some(None),
    };
    Some(Interval {
        lo: end(a.lo, b.hi)?,
        hi: end(a.hi, b.lo)?,
    })
}

fn bounded_somewhere(v: &Interval) -> bool {
    v.lo.is_some() || v.hi.is_some()
}

/// The factor from an increment's unit to its stock's (`model::increment_factor`, as
/// the increment check converts), and whether it is a rise in points on a percentage.
fn rise_factor(model: &Model, inc: IndId, stock: IndId) -> Option<(Dec, bool)> {
    let (i, s) = (model.indicator(inc)?, model.indicator(stock)?);
    let factor = crate::plan::model::increment_factor(&i.unit, &s.unit)?;
    Some((factor, i.unit.base != s.unit.base))
}

#[inline(never)]
fn stock_before(
    model: &Model,
    index: &Index,
    fi: usize,
    inc: &Figure,
    year: i32,
    stock: IndId,
) -> Result<Option<Pending>, CheckError> {
    let base = inc.base_year.unwrap_or(year - 1);
    let Some((now_i, now)) = index.best(stock, inc.area, year, same_kind(inc.kind, inc.plan))
    else {
        return Ok(None);
    };
    let Some((factor, rise)) = rise_factor(model, inc.ind, stock) else {
        return Ok(None);
    };
    let too_big = || overflow(model, stock, inc.area, year);
    let mut steps = Vec::new();
    let added = if factor == Dec::ONE {
        inc.value
    } else {
        let v = inc.value.checked_scale(factor).map_err(|_| too_big())?;
        steps.push(Step {
            op: Op::Convert,
            a: inc.value,
            b: Some(Interval::point(factor)),
            years: None,
            result: v,
        });
        v
    };
    let value = sub(&now.value, &added).ok_or_else(too_big)?;
    if !bounded_somewhere(&value) {
        return Ok(None);
    }
    steps.push(Step {
        op: Op::Subtract,
        a: now.value,
        b: Some(added),
        years: None,
        result: value,
    });
    let (kind, roles) = if rise {
        (DerivationKind::BaseFromRise, ["target", "rise"])
    } else {
        (DerivationKind::StockBefore, ["stock", "additions"])
    };
    Ok(Some(Pending {
        ind: stock,
        area: inc.area,
        year: base,
        primary: fi as u32,
        approx: inc.approx || now.approx,
        exact: value,
        d: Derivation {
            kind,
            inputs: [
                Input {
                    role: roles[0],
                    figure: now_i,
                },
                Input {
                    role: roles[1],
                    figure: fi as u32,
                },
            ],
            steps,
            value,
            nearest: None,
            against_stated: None,
        },
    }))
}

/// `a × 100 ÷ b` for one end.
fn by_share(a: Option<Dec>, b: Option<Dec>) -> Option<Option<Dec>> {
    match (a, b) {
        (Some(a), Some(b)) if b > Dec::ZERO => {
            Some(Some(a.checked_mul(Dec::ONE_HUNDRED)?.checked_div(b)?))
        }
        _ => Some(None),
    }
}

#[inline(never)]
fn whole(
    model: &Model,
    index: &Index,
    fi: usize,
    s: &Figure,
    year: i32,
    numerator: IndId,
    denominator: IndId,
) -> Result<Option<Pending>, CheckError> {
    // A stated whole of the same kind means the share check ran: nothing to derive.
    if index
        .best(denominator, s.area, year, same_kind(s.kind, s.plan))
        .is_some()
    {
        return Ok(None);
    }
    let Some((n_i, n)) = index.best(numerator, s.area, year, same_kind(s.kind, s.plan)) else {
        return Ok(None);
    };
    let Some(nv) = in_unit_of(model, numerator, denominator, &n.value) else {
        return Ok(None);
    };
    let too_big = || overflow(model, denominator, s.area, year);
    let nv = nv.map_err(|_| too_big())?;
    if nv.lo.is_none_or(|v| v.is_sign_negative()) || s.value.lo.is_none_or(|v| v <= Dec::ZERO) {
        return Ok(None);
    }
    let published = as_published(&s.value).ok_or_else(too_big)?;
    let exact = Interval {
        lo: by_share(nv.lo, published.hi).ok_or_else(too_big)?,
        hi: by_share(nv.hi, published.lo).ok_or_else(too_big)?,
    };
    if !bounded_somewhere(&exact) {
        return Ok(None);
    }
    let dp = shown_dp(&nv);
    let value = round_out(&exact, dp);
    let nearest = match (nv.as_point(), s.value.as_point()) {
        (Some(a), Some(b)) => by_share(Some(a), Some(b)).flatten().map(|v| v.round_dp(dp)),
        _ => None,
    };
    let mut steps: Vec<Step> = convert_step(model, numerator, denominator, n.value, nv)
        .into_iter()
        .collect();
    steps.push(Step {
        op: Op::Published,
        a: s.value,
        b: None,
        years: None,
        result: published,
    });
    steps.push(Step {
        op: Op::DivideByShare,
        a: nv,
        b: Some(published),
        years: None,
        result: value,
    });
    Ok(Some(Pending {
        ind: denominator,
        area: s.area,
        year,
        primary: fi as u32,
        approx: s.approx || n.approx,
        exact,
        d: Derivation {
            kind: DerivationKind::WholeFromShare,
            inputs: [
                Input {
                    role: "part",
                    figure: n_i,
                },
                Input {
                    role: "share",
                    figure: fi as u32,
                },
            ],
            steps,
            value,
            nearest,
            against_stated: None,
        },
    }))
}

/// A share as a derivation takes it: a stated value within its published precision, a
/// bound (35%以上) as the bound it is. With the published step, when there is one.
fn share_taken(s: &Figure) -> Option<(Interval, Option<Step>)> {
    if s.value.as_point().is_none() {
        return Some((s.value, None));
    }
    let published = as_published(&s.value)?;
    let step = Step {
        op: Op::Published,
        a: s.value,
        b: None,
        years: None,
        result: published,
    };
    Some((published, Some(step)))
}

/// The step that states a figure in another indicator's unit (亿元 as 万元), when the
/// units differ: its factor is one unit of `from` in `to`'s.
fn convert_step(
    model: &Model,
    from: IndId,
    to: IndId,
    stated: Interval,
    converted: Interval,
) -> Option<Step> {
    (converted != stated).then(|| Step {
        op: Op::Convert,
        a: stated,
        b: in_unit_of(model, from, to, &Interval::point(Dec::ONE)).and_then(Result::ok),
        years: None,
        result: converted,
    })
}

/// `a × b ÷ 100` for one end.
fn times_share(a: Option<Dec>, b: Option<Dec>) -> Option<Option<Dec>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(Some(a.checked_mul(b)?.checked_div(Dec::ONE_HUNDRED)?)),
        _ => Some(None),
    }
}

/// A part from its whole and its share, when no figure of the part is stated (a stated
/// part and whole are the share check's).
#[inline(never)]
fn part(
    model: &Model,
    index: &Index,
    fi: usize,
    s: &Figure,
    year: i32,
    numerator: IndId,
    denominator: IndId,
) -> Result<Option<Pending>, CheckError> {
    if index.all(numerator, s.area, year).next().is_some() {
        return Ok(None);
    }
    let Some((d_i, d)) = index.best(denominator, s.area, year, same_kind(s.kind, s.plan)) else {
        return Ok(None);
    };
    let too_big = || overflow(model, numerator, s.area, year);
    // The whole in the part's unit.
    let Some(dv) = in_unit_of(model, denominator, numerator, &d.value) else {
        return Ok(None);
    };
    let dv = dv.map_err(|_| too_big())?;
    if dv.lo.is_none_or(|v| v.is_sign_negative()) || s.value.lo.is_none_or(|v| v.is_sign_negative())
    {
        return Ok(None);
    }
    let (share, published) = share_taken(s).ok_or_else(too_big)?;
    let exact = Interval {
        lo: times_share(dv.lo, share.lo).ok_or_else(too_big)?,
        hi: times_share(dv.hi, share.hi).ok_or_else(too_big)?,
    };
    if !bounded_somewhere(&exact) {
        return Ok(None);
    }
    let dp = shown_dp(&dv);
    let value = round_out(&exact, dp);
    let nearest = match (dv.as_point(), s.value.as_point()) {
        (Some(a), Some(b)) => times_share(Some(a), Some(b))
            .flatten()
            .map(|v| v.round_dp(dp)),
        _ => None,
    };
    let mut steps: Vec<Step> = convert_step(model, denominator, numerator, d.value, dv)
        .into_iter()
        .collect();
    steps.extend(published);
    steps.push(Step {
        op: Op::MultiplyByShare,
        a: dv,
        b: Some(share),
        years: None,
        result: value,
    });
    Ok(Some(Pending {
        ind: numerator,
        area: s.area,
        year,
        primary: fi as u32,
        approx: s.approx || d.approx,
        exact,
        d: Derivation {
            kind: DerivationKind::PartFromShare,
            inputs: [
                Input {
                    role: "whole",
                    figure: d_i,
                },
                Input {
                    role: "share",
                    figure: fi as u32,
                },
            ],
            steps,
            value,
            nearest,
            against_stated: None,
        },
    }))
}

/// The other component of a composite of two, from the composite and one component,
/// when nothing states the other for that area and year.
#[inline(never)]
fn rest_of_sum(
    model: &Model,
    index: &Index,
    fi: usize,
    c: &Figure,
    year: i32,
    components: &[IndId],
) -> Result<Option<Pending>, CheckError> {
    let &[a, b] = components else {
        return Ok(None);
    };
    let stated = |x: IndId| index.best(x, c.area, year, same_kind(c.kind, c.plan));
    let (known, known_fig, rest) = match (stated(a), stated(b)) {
        (Some(k), None) => (a, k, b),
        (None, Some(k)) => (b, k, a),
        _ => return Ok(None),
    };
    if index.all(rest, c.area, year).next().is_some() {
        return Ok(None);
    }
    let (k_i, k) = known_fig;
    let too_big = || overflow(model, rest, c.area, year);
    // Both in the composite's unit, the result in the other component's.
    let (Some(kv), Some(back)) = (
        in_unit_of(model, known, c.ind, &k.value),
        in_unit_of(model, c.ind, rest, &Interval::point(Dec::ONE)),
    ) else {
        return Ok(None);
    };
    let kv = kv.map_err(|_| too_big())?;
    let back = back.map_err(|_| too_big())?;
    let in_composite = sub(&c.value, &kv).ok_or_else(too_big)?;
    let value = match back.as_point() {
        Some(f) if f == Dec::ONE => in_composite,
        Some(f) => in_composite.checked_scale(f).map_err(|_| too_big())?,
        None => return Ok(None),
    };
    if !bounded_somewhere(&value) {
        return Ok(None);
    }
    let mut steps: Vec<Step> = convert_step(model, known, c.ind, k.value, kv)
        .into_iter()
        .collect();
    steps.push(Step {
        op: Op::Subtract,
        a: c.value,
        b: Some(kv),
        years: None,
        result: in_composite,
    });
    if value != in_composite {
        steps.push(Step {
            op: Op::Convert,
            a: in_composite,
            b: Some(back),
            years: None,
            result: value,
        });
    }
    Ok(Some(Pending {
        ind: rest,
        area: c.area,
        year,
        primary: fi as u32,
        approx: c.approx || k.approx,
        exact: value,
        d: Derivation {
            kind: DerivationKind::RestOfSum,
            inputs: [
                Input {
                    role: "composite",
                    figure: fi as u32,
                },
                Input {
                    role: "component",
                    figure: k_i,
                },
            ],
            steps,
            value,
            nearest: None,
            against_stated: None,
        },
    }))
}

/// `v ÷ (1 + rate/100)^years` for one end; `None` inside when it cannot be told.
fn discount(v: Option<Dec>, rate: Option<Dec>, years: u32) -> Option<Option<Dec>> {
    let (Some(v), Some(rate)) = (v, rate) else {
        return Some(None);
    };
    let step = Dec::ONE.checked_add(rate.checked_div(Dec::ONE_HUNDRED)?)?;
    if step <= Dec::ZERO {
        return Some(None);
    }
    let mut factor = Dec::ONE;
    for _ in 0..years {
        factor = factor.checked_mul(step)?;
    }
    Some(Some(v.checked_div(factor)?))
}

#[inline(never)]
fn base_from_growth(
    model: &Model,
    index: &Index,
    fi: usize,
    g: &Figure,
    year: i32,
    level: IndId,
) -> Result<Option<Pending>, CheckError> {
    let base = g.base_year.unwrap_or(year - 1);
    let Ok(years) = u32::try_from(year - base) else {
        return Ok(None);
    };
    if years == 0 {
        return Ok(None);
    }
    let Some((now_i, now)) = grown_level(index, g, year, level) else {
        return Ok(None);
    };
    // Only a level grown at a rate from a level: a target level and a target rate, or
    // both actuals (an actual above a growth target fixes no base).
    if now.kind != g.kind {
        return Ok(None);
    }
    let too_big = || overflow(model, level, g.area, year);
    let rate = as_published(&g.value).ok_or_else(too_big)?;
    let exact = Interval {
        lo: discount(now.value.lo, rate.hi, years).ok_or_else(too_big)?,
        hi: discount(now.value.hi, rate.lo, years).ok_or_else(too_big)?,
    };
    if !bounded_somewhere(&exact) {
        return Ok(None);
    }
    let value = round_out(&exact, shown_dp(&now.value));
    Ok(Some(Pending {
        ind: level,
        area: g.area,
        year: base,
        primary: fi as u32,
        approx: g.approx || now.approx,
        exact,
        d: Derivation {
            kind: DerivationKind::BaseFromGrowth,
            inputs: [
                Input {
                    role: "level",
                    figure: now_i,
                },
                Input {
                    role: "rate",
                    figure: fi as u32,
                },
            ],
            steps: vec![
                Step {
                    op: Op::Published,
                    a: g.value,
                    b: None,
                    years: None,
                    result: rate,
                },
                Step {
                    op: Op::Discount,
                    a: now.value,
                    b: Some(rate),
                    years: Some(years),
                    result: value,
                },
            ],
            value,
            nearest: None,
            against_stated: None,
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::parse_decimal;
    use crate::plan::Kind;

    fn d(s: &str) -> Dec {
        parse_decimal(s).unwrap()
    }

    #[test]
    fn interval_subtraction() {
        let a = Interval::point(d("955"));
        let b = Interval {
            lo: Some(d("300")),
            hi: None,
        };
        // 955 less at least 300 is at most 655.
        assert_eq!(
            sub(&a, &b),
            Some(Interval {
                lo: None,
                hi: Some(d("655"))
            })
        );
        assert_eq!(
            sub(&Interval::point(d("60")), &Interval::point(d("12"))),
            Some(Interval::point(d("48")))
        );
    }

    #[test]
    fn whole_from_a_share() {
        // 17.4 = 6.32% of X: X between 17.4 ÷ 6.325% and 17.4 ÷ 6.315%.
        let lo = by_share(Some(d("17.4")), Some(d("6.325")))
            .unwrap()
            .unwrap();
        let hi = by_share(Some(d("17.4")), Some(d("6.315")))
            .unwrap()
            .unwrap();
        assert_eq!(lo.round_dp(3), d("275.099"));
        assert_eq!(hi.round_dp(3), d("275.534"));
        assert_eq!(by_share(Some(d("1")), Some(d("0"))), Some(None));
    }

    #[test]
    fn part_from_a_share() {
        // At least 1600 applications, at least 35% of them inventions: at least 560.
        assert_eq!(
            times_share(Some(d("1600")), Some(d("35"))),
            Some(Some(d("560")))
        );
        assert_eq!(times_share(None, Some(d("35"))), Some(None));
        // A stated share is taken within its precision, a bound as it stands.
        let fig = |v: Interval| Figure {
            plan: 0,
            kind: Kind::Target,
            ind: 0,
            area: 0,
            year: None,
            base_year: None,
            value: v,
            approx: false,
            rec: 0,
        };
        let (v, step) = share_taken(&fig(Interval::point(d("3")))).unwrap();
        assert_eq!(
            (v.lo, v.hi, step.is_some()),
            (Some(d("2.5")), Some(d("3.5")), true)
        );
        let bound = Interval {
            lo: Some(d("35")),
            hi: None,
        };
        let (v, step) = share_taken(&fig(bound)).unwrap();
        assert_eq!((v, step.is_none()), (bound, true));
    }

    #[test]
    fn base_from_a_rate() {
        // 144 reached at 20% a year for two years started from 100.
        assert_eq!(
            discount(Some(d("144")), Some(d("20")), 2),
            Some(Some(d("100")))
        );
        assert_eq!(discount(Some(d("1")), Some(d("-100")), 1), Some(None));
    }

    #[test]
    fn consistency_either_way() {
        let implied = Interval {
            lo: Some(d("275.099")),
            hi: Some(d("275.535")),
        };
        let ok = consistent(&Interval::point(d("275.3")), &implied, None, false).unwrap();
        assert_eq!(ok.status, Status::Ok);
        let fail = consistent(&Interval::point(d("280")), &implied, None, false).unwrap();
        assert_eq!(fail.status, Status::Fail);
        // A stated range holding the implied point is consistent too.
        let range = Interval {
            lo: Some(d("40")),
            hi: Some(d("50")),
        };
        let ok = consistent(&range, &Interval::point(d("48")), None, false).unwrap();
        assert_eq!(ok.status, Status::Ok);
    }
}
