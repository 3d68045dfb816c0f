//! One comparison: the parts' interval against the expected one.

use super::Status;
use crate::num::{gap, Dec, Interval};
use crate::plan::Tolerance;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub status: Status,
    pub difference: Option<Dec>,
}

/// The expected interval widened by the tolerance (relative tolerances are a
/// percentage of the expected value's largest bounded end). `None` on overflow.
pub fn widen(expected: &Interval, tol: Option<Tolerance>) -> Option<Interval> {
    let by = match tol {
        None => return Some(*expected),
        Some(Tolerance::Absolute(t)) => t,
        Some(Tolerance::Relative(r)) => expected
            .magnitude()
            .checked_mul(r)?
            .checked_div(Dec::ONE_HUNDRED)?,
    };
    expected.widen(by).ok()
}

/// `ok` when the parts lie inside the (widened) expected interval, `fail` when the two
/// cannot meet, `uncertain` when they overlap without containment. Approximate figures
/// (左右) that fail are `uncertain` instead: they may have been meant to meet.
///
/// The difference is the signed gap `parts − expected` (zero when two intervals
/// meet); it is `None` for an `uncertain` outcome of exact figures, where no single
/// number describes it. `None` overall only on overflow.
pub fn compare(
    parts: &Interval,
    expected: &Interval,
    tol: Option<Tolerance>,
    approx: bool,
) -> Option<Outcome> {
    let widened = widen(expected, tol)?;
    let diff = gap(parts, expected)?;
    let status = if parts.within(&widened) {
        Status::Ok
    } else if !parts.meets(&widened) {
        if approx {
            Status::Uncertain
        } else {
            Status::Fail
        }
    } else {
        Status::Uncertain
    };
    // Overlapping intervals have no single difference; an approximate pair that
    // cannot meet keeps its gap.
    let difference = match status {
        Status::Uncertain if parts.meets(&widened) => None,
        _ => Some(diff),
    };
    Some(Outcome { status, difference })
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
    fn pt(v: i64) -> Interval {
        iv(Some(v), Some(v))
    }

    #[test]
    fn points() {
        let o = compare(&pt(700), &pt(700), None, false);
        assert_eq!(
            o,
            Some(Outcome {
                status: Status::Ok,
                difference: Some(Dec::ZERO)
            })
        );
        let o = compare(&pt(712), &pt(700), None, false);
        assert_eq!(
            o,
            Some(Outcome {
                status: Status::Fail,
                difference: Some(Dec::from(12))
            })
        );
    }

    #[test]
    fn intervals() {
        // Parts 8–10 against 10–12: overlap without containment.
        let o = compare(&iv(Some(8), Some(10)), &iv(Some(10), Some(12)), None, false);
        assert_eq!(
            o,
            Some(Outcome {
                status: Status::Uncertain,
                difference: None
            })
        );
        // Parts 13–15 above 10–12: gap 13 − 12.
        let o = compare(
            &iv(Some(13), Some(15)),
            &iv(Some(10), Some(12)),
            None,
            false,
        );
        assert_eq!(
            o,
            Some(Outcome {
                status: Status::Fail,
                difference: Some(Dec::from(1))
            })
        );
        // A floor inside a floor.
        let o = compare(&iv(Some(1200), None), &iv(Some(1000), None), None, false);
        assert_eq!(o.map(|o| o.status), Some(Status::Ok));
    }

    #[test]
    fn tolerance_and_approximation() {
        let abs = Some(Tolerance::Absolute(Dec::new(5, 1)));
        let o = compare(&pt(1005), &Interval::point(Dec::new(10000, 1)), abs, false);
        assert_eq!(o.map(|o| o.status), Some(Status::Fail));
        let rel = Some(Tolerance::Relative(Dec::new(5, 1))); // 0.5% of 1000 = 5
        let o = compare(&pt(1005), &pt(1000), rel, false);
        assert_eq!(
            o,
            Some(Outcome {
                status: Status::Ok,
                difference: Some(Dec::from(5))
            })
        );
        let o = compare(&pt(26), &pt(25), None, true);
        assert_eq!(
            o,
            Some(Outcome {
                status: Status::Uncertain,
                difference: Some(Dec::ONE)
            })
        );
    }
}
