//! Linear scales and "nice" tick values.

use crate::clamp;

/// Maps a data interval onto a pixel interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Linear {
    d0: f64,
    d1: f64,
    r0: f64,
    r1: f64,
}

impl Linear {
    /// A scale from data `d0..d1` to pixels `r0..r1`.
    pub fn new(d0: f64, d1: f64, r0: f64, r1: f64) -> Self {
        Linear { d0, d1, r0, r1 }
    }

    /// Pixel position of `v`; the middle of the range when the domain is empty.
    pub fn map(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        if span.abs() < f64::EPSILON || !span.is_finite() {
            return (self.r0 + self.r1) / 2.0;
        }
        self.r0 + (v - self.d0) / span * (self.r1 - self.r0)
    }
}

/// Tick values covering a data interval.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ticks {
    /// Lowest tick, the start of the extended domain.
    pub min: f64,
    /// Highest tick, the end of the extended domain.
    pub max: f64,
    /// Tick values from min to max.
    pub values: Vec<f64>,
    /// Digits after the point needed to print a tick.
    pub decimals: usize,
}

/// Rounds a raw step up to 1, 2 or 5 times a power of ten.
fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 2.5 && mag >= 10.0 {
        // 25, 250, … are round enough; 2.5 and 0.25 would add decimals.
        2.5
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// About `target` ticks covering `lo..hi`, the ends rounded outwards to a tick.
///
/// One tick more or fewer is tried too, and the tightest cover wins, so that
/// 0..487 gets 0, 250, 500 rather than 0, 200, 400, 600.
pub(crate) fn nice_ticks(lo: f64, hi: f64, target: usize) -> Ticks {
    let target = target.clamp(2, 12);
    let mut best = ticks_for(lo, hi, target);
    for t in [target.saturating_sub(1).max(2), target + 1] {
        let cand = ticks_for(lo, hi, t);
        if cand.max - cand.min < (best.max - best.min) * (1.0 - 1e-9) {
            best = cand;
        }
    }
    best
}

/// Ticks for exactly one target count.
fn ticks_for(lo: f64, hi: f64, target: usize) -> Ticks {
    let (mut lo, mut hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    if !lo.is_finite() || !hi.is_finite() {
        lo = 0.0;
        hi = 1.0;
    }
    if hi - lo < 1e-12 {
        let pad = if lo.abs() > 1e-12 {
            lo.abs() * 0.1
        } else {
            1.0
        };
        if lo >= 0.0 && lo - pad < 0.0 {
            lo = 0.0;
            hi += pad;
        } else {
            lo -= pad;
            hi += pad;
        }
    }
    let target = target.clamp(2, 12);
    let step = nice_step((hi - lo) / target as f64);
    let first = (lo / step + 1e-9).floor();
    let last = (hi / step - 1e-9).ceil();
    let count = clamp(last - first, 1.0, 60.0);
    let decimals = if step >= 1.0 {
        0
    } else {
        // The step is at least 1e-300 here, so the cast is small and positive.
        clamp(-step.log10().floor(), 0.0, 12.0) as usize
    };
    let round = |v: f64| {
        let p = 10f64.powi(i32::try_from(decimals).unwrap_or(0));
        let r = (v * p).round() / p;
        if r == 0.0 {
            0.0
        } else {
            r
        }
    };
    // The count is clamped to 1..=60, so the cast is exact.
    let n = count as usize;
    let values: Vec<f64> = (0..=n).map(|k| round((first + k as f64) * step)).collect();
    Ticks {
        min: values.first().copied().unwrap_or(lo),
        max: values.last().copied().unwrap_or(hi),
        values,
        decimals,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_numbers() {
        let t = nice_ticks(0.0, 900.0, 5);
        assert_eq!(t.values, vec![0.0, 200.0, 400.0, 600.0, 800.0, 1000.0]);
        assert_eq!(t.decimals, 0);
        let t = nice_ticks(0.0, 12.0, 4);
        assert_eq!(t.values, vec![0.0, 5.0, 10.0, 15.0]);
        let t = nice_ticks(-12.0, 5.0, 4);
        assert_eq!(t.min, -15.0);
        assert_eq!(t.max, 5.0);
        let t = nice_ticks(0.0, 0.3, 3);
        assert_eq!(t.values, vec![0.0, 0.1, 0.2, 0.3]);
        assert_eq!(t.decimals, 1);
        let t = nice_ticks(5.0, 5.0, 4);
        assert!(t.min <= 5.0 && t.max > 5.0);
    }

    #[test]
    fn linear_maps_and_survives_empty_domains() {
        let s = Linear::new(0.0, 10.0, 100.0, 200.0);
        assert_eq!(s.map(5.0), 150.0);
        let e = Linear::new(3.0, 3.0, 0.0, 10.0);
        assert_eq!(e.map(3.0), 5.0);
    }
}
