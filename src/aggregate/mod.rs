//! Aggregation: roll-ups of every area, shares of the parent, growth between years,
//! and the pivot (indicator × area × year) that the CLI and the page show.

pub mod rollup;

use crate::num::RangeError;
use crate::num::{round_dp, Dec, Interval};
use crate::plan::{AreaId, IndId, Kind, Model, PlanIdx};
use rollup::{groups, Scratch};
use rust_decimal::prelude::ToPrimitive;

/// One cell of the pivot: a stated figure or a derived roll-up.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub plan: PlanIdx,
    pub kind: Kind,
    pub ind: IndId,
    pub area: AreaId,
    pub year: i32,
    pub value: Interval,
    pub approx: bool,
    /// Summed from the children (no figure of its own).
    pub derived: bool,
    /// The stated figure (index into `Model::figures`).
    pub figure: Option<u32>,
    /// Percent of the parent area's value in the same plan, kind and year (exact values
    /// only; rounded half-even to 0.01).
    pub share: Option<Dec>,
    /// Average annual growth in percent since the previous year of the same series
    /// (plan, kind, indicator, area), rounded to 0.01.
    pub growth: Option<Dec>,
}

/// Every stated and derived value, sorted by plan, kind, indicator, area and year.
#[derive(Debug, Clone, Default)]
pub struct Pivot {
    pub cells: Vec<Cell>,
}

impl Pivot {
    /// The cells of one series (plan, kind, indicator, area), in year order.
    pub fn series(&self, plan: PlanIdx, kind: Kind, ind: IndId, area: AreaId) -> &[Cell] {
        let key = (plan, kind, ind, area);
        let k = |c: &Cell| (c.plan, c.kind, c.ind, c.area);
        let lo = self.cells.partition_point(|c| k(c) < key);
        let hi = self.cells.partition_point(|c| k(c) <= key);
        self.cells.get(lo..hi).unwrap_or(&[])
    }
}

/// Builds the pivot of the whole model.
pub fn pivot(model: &Model) -> Result<Pivot, RangeError> {
    let mut cells = Vec::with_capacity(model.figures.len());
    let mut scratch = Scratch::new(model.areas.len());
    for range in groups(model) {
        let Some(first) = model.figures.get(range.start).copied() else {
            continue;
        };
        let year = first.year.unwrap_or_default();
        scratch.load(model, range.clone());
        let start = cells.len();
        for idx in range {
            let Some(f) = model.figures.get(idx) else {
                continue;
            };
            cells.push(Cell {
                plan: f.plan,
                kind: f.kind,
                ind: f.ind,
                area: f.area,
                year,
                value: f.value,
                approx: f.approx,
                derived: false,
                figure: Some(idx as u32),
                share: None,
                growth: None,
            });
        }
        let additive = model.indicator(first.ind).is_some_and(|i| i.additive);
        if additive {
            let above = std::mem::take(&mut scratch.above);
            for &a in &above {
                let v = scratch.value(model, a).map_err(|_| {
                    RangeError(format!(
                        "a roll-up of {:?} leaves the exact number range",
                        model.indicator(first.ind).map_or("?", |i| i.id.as_str())
                    ))
                })?;
                if let Some(v) = v {
                    cells.push(Cell {
                        plan: first.plan,
                        kind: first.kind,
                        ind: first.ind,
                        area: a,
                        year,
                        value: v.value,
                        approx: v.approx,
                        derived: true,
                        figure: None,
                        share: None,
                        growth: None,
                    });
                }
            }
            scratch.above = above;
            // Shares of the parent, from the parent's stated or derived value.
            for c in cells.iter_mut().skip(start) {
                let Some(p) = model.area(c.area).and_then(|a| a.parent) else {
                    continue;
                };
                let (Some(v), Ok(Some(pv))) = (c.value.as_point(), scratch.value(model, p)) else {
                    continue;
                };
                c.share = pv.value.as_point().and_then(|pv| percent(v, pv));
            }
        }
    }
    crate::order::sort_by_key(&mut cells, |c| (c.plan, c.kind, c.ind, c.area, c.year));
    // Growth since the previous year of the same series.
    for i in 1..cells.len() {
        let (Some(prev), Some(cur)) = (cells.get(i - 1), cells.get(i)) else {
            continue;
        };
        if (prev.plan, prev.kind, prev.ind, prev.area) != (cur.plan, cur.kind, cur.ind, cur.area) {
            continue;
        }
        let g = match (prev.value.as_point(), cur.value.as_point()) {
            (Some(a), Some(b)) => cagr(a, b, cur.year - prev.year),
            _ => None,
        };
        if let Some(c) = cells.get_mut(i) {
            c.growth = g;
        }
    }
    Ok(Pivot { cells })
}

/// `part ÷ whole × 100`, rounded to 0.01; `None` when the whole is zero.
pub fn percent(part: Dec, whole: Dec) -> Option<Dec> {
    if whole.is_zero() {
        return None;
    }
    part.checked_mul(Dec::ONE_HUNDRED)?
        .checked_div(whole)
        .map(|p| round_dp(p, 2))
}

/// Average annual growth in percent from `from` to `to` over `years` years, rounded to
/// 0.01: exact for one year, through a root (binary floating point, then rounded) for
/// more. `None` when it is undefined (non-positive values or years).
pub fn cagr(from: Dec, to: Dec, years: i32) -> Option<Dec> {
    if years <= 0 || from <= Dec::ZERO || to < Dec::ZERO {
        return None;
    }
    if years == 1 {
        return percent(to.checked_sub(from)?, from);
    }
    let ratio = to.checked_div(from)?.to_f64()?;
    let g = (ratio.powf(1.0 / f64::from(years)) - 1.0) * 100.0;
    let s = crate::num::fixed(g, 6)?;
    crate::num::parse_decimal(&s).ok().map(|d| round_dp(d, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_rates() {
        assert_eq!(
            cagr(Dec::from(700), Dec::from(900), 1),
            Some(Dec::new(2857, 2))
        );
        assert_eq!(cagr(Dec::from(100), Dec::from(121), 2), Some(Dec::from(10)));
        assert_eq!(cagr(Dec::ZERO, Dec::from(5), 1), None);
        assert_eq!(percent(Dec::from(28), Dec::from(700)), Some(Dec::from(4)));
    }
}
