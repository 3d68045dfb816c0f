//! `required`: what a target still asks of the years left, from the latest actual of
//! the same indicator and area before the target's year (docs/REPORT.md, *required*).
//!
//! The additions still needed are the target (as `progress` reads it: a point target
//! is a floor where more is better, a ceiling where less is) less the latest actual,
//! with interval arithmetic for ranges and bounds. For a level (any unit but a ratio:
//! %, ‰, 百分点) the average annual growth still needed is given too, beside the growth
//! the actuals show so far and the plan's own `growth_of` target. Rates go through
//! `aggregate::cagr` (exact for one year, a root rounded to 0.01 for more): the only
//! binary floating point of the checks.
//!
//! A target that already has an actual of its own year is left to `progress`. The
//! finding is `ok` when the latest actual already meets the target, else `info`.

use super::implied::sub;
use super::relations::other_plan;
use super::Status;
use super::{compare, overflow, tolerance, CheckError, CheckKind, Finding, Options, Part, Report};
use crate::aggregate::cagr;
use crate::num::{gap, Dec, Interval};
use crate::plan::{Better, IndId, Kind, Model, Relation};

/// What a target still asks.
#[derive(Debug, Clone, PartialEq)]
pub struct Required {
    /// The year of the latest actual, and the years from it to the target's.
    pub from_year: i32,
    pub years: u32,
    /// Target − latest actual, in the indicator's unit (negative: a cut).
    pub additions: Interval,
    /// Average annual growth in % still needed (levels only), rounded to 0.01.
    pub rate: Option<Interval>,
    /// The growth the actuals show: (earliest year, latest year, % a year).
    pub so_far: Option<(i32, i32, Dec)>,
    /// The plan's own `growth_of` target for the target's year (its figure index; the
    /// first growth indicator of the level).
    pub planned: Option<u32>,
    /// The latest actual already meets the target.
    pub met: bool,
}

/// Units of ratios: their change is in points, not a growth rate.
fn is_ratio(model: &Model, ind: IndId) -> bool {
    model.indicator(ind).is_none_or(|i| {
        matches!(
            i.unit.base.as_str(),
            "%" | "‰" | "百分点" | "个百分点" | "千分点"
        )
    })
}

/// An indicator whose children's figures make a whole (各区占比).
fn ind_whole(model: &Model, ind: IndId) -> bool {
    model
        .indicator(ind)
        .is_some_and(|i| i.whole.is_some() && i.sum_of.is_empty())
}

/// The target as a goal: a point is a floor (more is better) or a ceiling.
pub(super) fn goal(target: &Interval, better: Better) -> Interval {
    match (target.as_point(), better) {
        (Some(v), Better::Higher) => Interval {
            lo: Some(v),
            hi: None,
        },
        (Some(v), Better::Lower) => Interval {
            lo: None,
            hi: Some(v),
        },
        (None, _) => *target,
    }
}

#[inline(never)]
pub(super) fn run(model: &Model, opts: &Options, report: &mut Report) -> Result<(), CheckError> {
    // Actuals with a year, by (indicator, area, year, plan, figure).
    let mut actuals: Vec<(IndId, u32, i32, u16, u32)> = model
        .figures
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == Kind::Actual)
        .filter_map(|(i, f)| Some((f.ind, f.area, f.year?, f.plan, i as u32)))
        .collect();
    if actuals.is_empty() {
        return Ok(());
    }
    crate::order::sort_dedup(&mut actuals);
    // The growth indicators of each level.
    let mut growth_of: Vec<Option<IndId>> = vec![None; model.indicators.len()];
    for (g, i) in model.indicators.iter().enumerate() {
        for r in &i.relations {
            if let Relation::GrowthOf(level) = *r {
                if let Some(slot) = growth_of.get_mut(level as usize) {
                    slot.get_or_insert(g as IndId);
                }
            }
        }
    }
    // Parts of a composition (a `whole`: 三次产业比重, 各区占比) have no direction to
    // reach: what they still require is not asked.
    let mut composition = vec![false; model.indicators.len()];
    for i in model.indicators.iter().filter(|i| i.whole.is_some()) {
        for &c in &i.sum_of {
            if let Some(slot) = composition.get_mut(c as usize) {
                *slot = true;
            }
        }
    }
    for (ti, t) in model.figures.iter().enumerate() {
        if ind_whole(model, t.ind) || composition.get(t.ind as usize).copied().unwrap_or(false) {
            continue;
        }
        let (Some(year), Some(ind)) = (t.year, model.indicator(t.ind)) else {
            continue;
        };
        // Growth and increment figures are for a period, not a level to reach.
        let periodic = ind
            .relations
            .iter()
            .any(|r| matches!(r, Relation::GrowthOf(_) | Relation::IncrementOf(_)));
        if t.kind != Kind::Target || periodic {
            continue;
        }
        // The actuals of this indicator and area before the target's year, by year.
        let start = actuals.partition_point(|k| (k.0, k.1) < (t.ind, t.area));
        let end = actuals.partition_point(|k| (k.0, k.1, k.2) < (t.ind, t.area, year));
        let before = actuals.get(start..end).unwrap_or(&[]);
        // An actual of the target's own year: `progress` tells whether it was met.
        if actuals
            .get(end)
            .is_some_and(|k| (k.0, k.1, k.2) == (t.ind, t.area, year))
        {
            continue;
        }
        let (Some(earliest_year), Some(latest_year)) =
            (before.first().map(|k| k.2), before.last().map(|k| k.2))
        else {
            continue;
        };
        // At that year: the target's own plan first, then the first figure.
        let pick = |y: i32| {
            before
                .iter()
                .filter(|k| k.2 == y)
                .min_by_key(|k| (k.3 != t.plan, k.4))
                .map(|k| k.4)
        };
        let Some(li) = pick(latest_year) else {
            continue;
        };
        let Some(latest) = model.figures.get(li as usize) else {
            continue;
        };
        let too_big = || overflow(model, t.ind, t.area, year);
        let years = u32::try_from(year - latest_year).unwrap_or(0);
        let g = goal(&t.value, ind.better);
        let approx = t.approx || latest.approx;
        // Met as `progress` would say it (beyond a range's good end too).
        let met_goal = super::progress_goal(&t.value, ind.better);
        let out = compare(
            &latest.value,
            &met_goal,
            tolerance(model, t.ind, opts),
            approx,
        )
        .ok_or_else(too_big)?;
        let met = out.status == Status::Ok;
        let additions = sub(&g, &latest.value).ok_or_else(too_big)?;
        let level = !is_ratio(model, t.ind);
        let rate = if level && !met {
            let end = |from: Option<Dec>, to: Option<Dec>| match (from, to) {
                (Some(a), Some(b)) => cagr(a, b, year - latest_year),
                _ => None,
            };
            let r = Interval {
                lo: end(latest.value.hi, g.lo),
                hi: end(latest.value.lo, g.hi),
            };
            (r.lo.is_some() || r.hi.is_some()).then_some(r)
        } else {
            None
        };
        // The growth shown so far: from the earliest actual to the latest.
        let earliest = pick(earliest_year).and_then(|i| Some((i, model.figures.get(i as usize)?)));
        let so_far = match earliest {
            Some((_, e)) if level && earliest_year < latest_year => {
                match (e.value.as_point(), latest.value.as_point()) {
                    (Some(a), Some(b)) => cagr(a, b, latest_year - earliest_year)
                        .map(|r| (earliest_year, latest_year, r)),
                    _ => None,
                }
            }
            _ => None,
        };
        // The plan's own average growth target for this level and year.
        // (Figures are sorted by plan, kind, indicator, year, base year, area.)
        let planned = growth_of
            .get(t.ind as usize)
            .copied()
            .flatten()
            .and_then(|g| {
                let key = (t.plan, Kind::Target, g, Some(year));
                let from = model
                    .figures
                    .partition_point(|f| (f.plan, f.kind, f.ind, f.year) < key);
                let run = model.figures.get(from..)?;
                run.iter()
                    .take_while(|f| (f.plan, f.kind, f.ind, f.year) == key)
                    .position(|f| f.area == t.area)
                    .map(|i| (from + i) as u32)
            });
        let parts_start = report.parts.len() as u32;
        // The parts: the earliest actual (when it gives the growth so far), the latest.
        if let (Some((_, e)), Some(_)) = (earliest, so_far) {
            report.parts.push(Part {
                id: e.ind,
                value: Some(e.value),
                derived: false,
                approx: e.approx,
            });
        }
        report.parts.push(Part {
            id: latest.ind,
            value: Some(latest.value),
            derived: false,
            approx: latest.approx,
        });
        report.required.push((
            parts_start,
            Required {
                from_year: latest_year,
                years,
                additions,
                rate,
                so_far,
                planned,
                met,
            },
        ));
        report.findings.push(Finding {
            check: CheckKind::Required,
            status: if met { Status::Ok } else { Status::Info },
            ind: t.ind,
            area: t.area,
            year,
            plans: (t.plan, other_plan(t.plan, &[latest.plan])),
            expected: t.value,
            actual: Some(latest.value),
            difference: gap(&latest.value, &t.value),
            expected_figure: Some(ti as u32),
            actual_figure: Some(li),
            parts: parts_start..report.parts.len() as u32,
            missing_more: 0,
            approx,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(lo: Option<i64>, hi: Option<i64>) -> Interval {
        Interval {
            lo: lo.map(Dec::from),
            hi: hi.map(Dec::from),
        }
    }

    #[test]
    fn additions_from_a_floor_and_a_range() {
        // 955 reached, at least 1000 wanted: at least 45 more.
        let g = goal(&iv(Some(1000), Some(1000)), Better::Higher);
        assert_eq!(sub(&g, &iv(Some(955), Some(955))), Some(iv(Some(45), None)));
        // 8 reached, 10–12 wanted: 2 to 4 more.
        let g = goal(&iv(Some(10), Some(12)), Better::Higher);
        assert_eq!(sub(&g, &iv(Some(8), Some(8))), Some(iv(Some(2), Some(4))));
        // Less is better: at most 5 from 7 is a cut of at least 2.
        let g = goal(&iv(Some(5), Some(5)), Better::Lower);
        assert_eq!(sub(&g, &iv(Some(7), Some(7))), Some(iv(None, Some(-2))));
    }
}
