//! Exact numbers: decimals, units with scales, and intervals for ranges and bounds.
//!
//! Every figure of a plan is a [`Dec`] (a 96-bit decimal with up to 28 significant
//! digits, from `rust_decimal`), so `0.1 + 0.2` is exactly `0.3`. A figure that is a
//! range or a bound is an [`Interval`]; arithmetic on intervals is what lets the checks
//! say `uncertain` honestly instead of guessing.

mod decimal;
mod float;
mod interval;
mod unit;

pub use decimal::{fmt_dec, parse_decimal, round_dp, Dec, DecBuf, NumError};
pub use float::fixed;
pub use interval::{fmt_interval, gap, Interval, Overflow, RangeError};
pub use unit::Unit;
