//! Closed intervals of decimals, possibly unbounded on either side.

use super::Dec;
use std::cmp::Ordering;

/// A sum left the exact range of the decimal type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

/// A computation over a plan's figures (a check, a roll-up) left the exact number range;
/// the text names the figures and, where known, the file and JSON pointer. Never a
/// rounded result instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeError(pub String);

impl std::fmt::Display for RangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RangeError {}

/// `[lo, hi]`, where a missing end is unbounded: an exact value is `[v, v]`, 超过1000 is
/// `[1000, ∞)`, 10―12 is `[10, 12]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub lo: Option<Dec>,
    pub hi: Option<Dec>,
}

impl Interval {
    pub const ZERO: Interval = Interval {
        lo: Some(Dec::ZERO),
        hi: Some(Dec::ZERO),
    };

    pub fn point(v: Dec) -> Interval {
        Interval {
            lo: Some(v),
            hi: Some(v),
        }
    }

    /// The exact value, when the interval is a single point.
    pub fn as_point(&self) -> Option<Dec> {
        match (self.lo, self.hi) {
            // The same bits first: an exact figure is read as one decimal stored twice,
            // and comparing decimals of different scales is the slow way round.
            (Some(a), Some(b)) if a.serialize() == b.serialize() || a == b => Some(a),
            _ => None,
        }
    }

    /// The sum of two intervals: `[a.lo + b.lo, a.hi + b.hi]`.
    pub fn checked_add(&self, other: &Interval) -> Result<Interval, Overflow> {
        Ok(Interval {
            lo: add_end(self.lo, other.lo)?,
            hi: add_end(self.hi, other.hi)?,
        })
    }

    /// Every end multiplied by a positive factor (a unit conversion).
    pub fn checked_scale(&self, factor: Dec) -> Result<Interval, Overflow> {
        // A factor of one keeps the figures as written: the product would drop the
        // scale of a zero (0.0 × 1 is 0), and with it the precision it was published at.
        if factor == Dec::ONE {
            return Ok(*self);
        }
        let mul = |v: Option<Dec>| v.map(|v| v.checked_mul(factor).ok_or(Overflow)).transpose();
        Ok(Interval {
            lo: mul(self.lo)?,
            hi: mul(self.hi)?,
        })
    }

    /// Widens the interval by `by` on both bounded ends.
    pub fn widen(&self, by: Dec) -> Result<Interval, Overflow> {
        Ok(Interval {
            lo: self
                .lo
                .map(|v| v.checked_sub(by).ok_or(Overflow))
                .transpose()?,
            hi: self
                .hi
                .map(|v| v.checked_add(by).ok_or(Overflow))
                .transpose()?,
        })
    }

    /// Whether every point of `self` lies in `outer`.
    pub fn within(&self, outer: &Interval) -> bool {
        let lo_ok = match (outer.lo, self.lo) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(o), Some(s)) => s >= o,
        };
        let hi_ok = match (outer.hi, self.hi) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(o), Some(s)) => s <= o,
        };
        lo_ok && hi_ok
    }

    /// Whether the two intervals share at least one point.
    pub fn meets(&self, other: &Interval) -> bool {
        !matches!(gap(self, other), Some(g) if !g.is_zero())
    }

    /// The largest magnitude of a bounded end (the base of a relative tolerance).
    pub fn magnitude(&self) -> Dec {
        let a = self.lo.map(|v| v.abs()).unwrap_or(Dec::ZERO);
        let b = self.hi.map(|v| v.abs()).unwrap_or(Dec::ZERO);
        a.max(b)
    }

    /// Orders intervals by their ends for sorting (unbounded ends outermost).
    pub fn sort_key_cmp(&self, other: &Interval) -> Ordering {
        let lo = |i: &Interval| i.lo.map_or((0, Dec::ZERO), |v| (1, v));
        let hi = |i: &Interval| i.hi.map_or((1, Dec::ZERO), |v| (0, v));
        lo(self).cmp(&lo(other)).then(hi(self).cmp(&hi(other)))
    }
}

/// Writes an interval for people: `700`, `10–12`, `≥1000`, `≤5`, `约25` (approx).
pub fn fmt_interval(v: &Interval, approx: bool) -> String {
    use super::fmt_dec;
    let body = match (v.lo, v.hi) {
        (Some(a), Some(b)) if a == b => fmt_dec(a),
        (Some(a), Some(b)) => format!("{}–{}", fmt_dec(a), fmt_dec(b)),
        (Some(a), None) => format!("≥{}", fmt_dec(a)),
        (None, Some(b)) => format!("≤{}", fmt_dec(b)),
        (None, None) => "any".to_string(),
    };
    if approx {
        format!("约{body}")
    } else {
        body
    }
}

fn add_end(a: Option<Dec>, b: Option<Dec>) -> Result<Option<Dec>, Overflow> {
    match (a, b) {
        (Some(a), Some(b)) => a.checked_add(b).map(Some).ok_or(Overflow),
        _ => Ok(None),
    }
}

/// The signed distance from `expected` to `parts`: zero when they meet, `parts.lo −
/// expected.hi` when the parts lie above, `parts.hi − expected.lo` when below. For two
/// points it is `parts − expected`. `None` only on overflow.
pub fn gap(parts: &Interval, expected: &Interval) -> Option<Dec> {
    if let (Some(s), Some(p)) = (parts.lo, expected.hi) {
        if s > p {
            return s.checked_sub(p);
        }
    }
    if let (Some(s), Some(p)) = (parts.hi, expected.lo) {
        if s < p {
            return s.checked_sub(p);
        }
    }
    Some(Dec::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(v: i64) -> Dec {
        Dec::from(v)
    }
    fn iv(lo: Option<i64>, hi: Option<i64>) -> Interval {
        Interval {
            lo: lo.map(d),
            hi: hi.map(d),
        }
    }

    /// Scaling by one keeps a zero's published precision (0.0 stays at one decimal:
    /// a ratio_sum allows half a unit of each part's last digit).
    #[test]
    fn scaling_by_one_keeps_the_scale() {
        let zero = Interval::point(Dec::new(0, 1));
        let kept = zero.checked_scale(Dec::ONE).unwrap();
        assert_eq!(kept.lo.map(|v| v.scale()), Some(1));
        let ten = zero.checked_scale(Dec::TEN).unwrap();
        assert_eq!(ten.lo, Some(Dec::ZERO));
    }

    #[test]
    fn sums_of_ranges_and_bounds() {
        let s = iv(Some(10), Some(12))
            .checked_add(&iv(Some(1), None))
            .unwrap_or(Interval::ZERO);
        assert_eq!(s, iv(Some(11), None));
    }

    #[test]
    fn containment_and_gaps() {
        assert!(iv(Some(11), Some(12)).within(&iv(Some(10), Some(12))));
        assert!(!iv(Some(11), Some(13)).within(&iv(Some(10), Some(12))));
        assert!(iv(Some(1000), None).within(&iv(Some(900), None)));
        assert_eq!(
            gap(&iv(Some(15), Some(20)), &iv(Some(10), Some(12))),
            Some(d(3))
        );
        assert_eq!(
            gap(&iv(Some(1), Some(2)), &iv(Some(10), Some(12))),
            Some(d(-8))
        );
        assert_eq!(
            gap(&iv(Some(11), None), &iv(Some(10), Some(12))),
            Some(d(0))
        );
        assert!(!iv(Some(1), Some(2)).meets(&iv(Some(3), None)));
    }

    #[test]
    fn overflow_is_reported() {
        let big = Interval::point(Dec::MAX);
        assert_eq!(big.checked_add(&big), Err(Overflow));
    }
}
