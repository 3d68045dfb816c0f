//! Reading and writing exact decimals.

use std::fmt;

pub use rust_decimal::Decimal as Dec;

/// Why a number could not be read exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumError {
    /// The text is not a JSON number.
    NotANumber,
    /// The number has more significant digits, or is larger or smaller, than the exact
    /// decimal type holds (28 digits, about ±7.9e28).
    OutOfRange,
}

impl fmt::Display for NumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumError::NotANumber => f.write_str("not a number"),
            NumError::OutOfRange => {
                f.write_str("out of the exact range (at most 28 significant digits and ±7.9e28)")
            }
        }
    }
}

/// Reads a JSON number (`-12.50`, `1.4e4`) as an exact decimal.
///
/// The text must already be valid JSON number syntax; anything else is `NotANumber`.
/// Nothing is rounded: a number that does not fit exactly is `OutOfRange`.
pub fn parse_decimal(text: &str) -> Result<Dec, NumError> {
    let text = text.trim();
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    if mantissa.is_empty()
        || !mantissa
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return Err(NumError::NotANumber);
    }
    let mut value = Dec::from_str_exact(mantissa).map_err(|_| NumError::OutOfRange)?;
    if let Some(exp) = exponent {
        let exp: i64 = exp
            .trim_start_matches('+')
            .parse()
            .map_err(|_| NumError::OutOfRange)?;
        if value.is_zero() {
            return Ok(Dec::ZERO);
        }
        if exp >= 0 {
            for _ in 0..exp.min(64) {
                value = value.checked_mul(Dec::TEN).ok_or(NumError::OutOfRange)?;
            }
            if exp > 64 {
                return Err(NumError::OutOfRange);
            }
        } else {
            let scale = i64::from(value.scale())
                .checked_sub(exp)
                .ok_or(NumError::OutOfRange)?;
            if scale > 28 {
                // Trailing zeros of the mantissa may still make it fit.
                value = value.normalize();
                let scale = i64::from(value.scale())
                    .checked_sub(exp)
                    .ok_or(NumError::OutOfRange)?;
                if scale > 28 {
                    return Err(NumError::OutOfRange);
                }
                value.rescale(u32::try_from(scale).map_err(|_| NumError::OutOfRange)?);
                return Ok(value);
            }
            let mut v = value;
            v.set_scale(u32::try_from(scale).map_err(|_| NumError::OutOfRange)?)
                .map_err(|_| NumError::OutOfRange)?;
            value = v;
        }
    }
    Ok(value)
}

/// Writes a decimal in its shortest exact form: `0.3`, `700`, `-12.5`; never `0.30`,
/// `700.0`, `-0` or an exponent.
pub fn fmt_dec(d: Dec) -> String {
    let mut buf = DecBuf::new();
    buf.write(d).to_string()
}

/// Room for any decimal's shortest form (sign, "0.", 27 zeros, 29 digits), so that the
/// report writes its numbers without allocating (see [`fmt_dec`]).
pub struct DecBuf([u8; 64]);

impl DecBuf {
    pub fn new() -> Self {
        DecBuf([0; 64])
    }

    /// `d` in its shortest exact form, as [`fmt_dec`] writes it.
    pub fn write(&mut self, d: Dec) -> &str {
        let scale = d.scale() as usize;
        let mut m = d.mantissa().unsigned_abs();
        let mut scale_left = scale;
        // Division by ten: in 64 bits when the mantissa fits (almost every figure), a
        // multiplication, where 128 bits call a division routine.
        let div10 = |m: u128| match u64::try_from(m) {
            Ok(small) => (u128::from(small / 10), small % 10),
            Err(_) => (m / 10, (m % 10) as u64),
        };
        // Trailing zeros after the point go first (they are not written).
        while scale_left > 0 && m != 0 {
            let (q, r) = div10(m);
            if r != 0 {
                break;
            }
            m = q;
            scale_left -= 1;
        }
        let buf = &mut self.0;
        let mut at = buf.len();
        let mut put = |b: u8, at: &mut usize| {
            *at = at.saturating_sub(1);
            if let Some(slot) = buf.get_mut(*at) {
                *slot = b;
            }
        };
        if m == 0 {
            put(b'0', &mut at);
        } else {
            // Fraction digits (scale_left of them, zero-padded), then the integer part.
            let mut written = 0;
            while m > 0 || written <= scale_left {
                if written == scale_left && scale_left > 0 {
                    put(b'.', &mut at);
                }
                let (q, r) = div10(m);
                // `r` is a single digit: the cast cannot truncate.
                put(b'0' + r as u8, &mut at);
                m = q;
                written += 1;
            }
            if d.is_sign_negative() {
                put(b'-', &mut at);
            }
        }
        // Only ASCII digits, '.', '-' were written.
        std::str::from_utf8(self.0.get(at..).unwrap_or_default()).unwrap_or("0")
    }
}

impl Default for DecBuf {
    fn default() -> Self {
        DecBuf::new()
    }
}

/// Rounds half to even at `dp` decimal places (for shares and growth rates, which are
/// quotients and cannot be exact).
pub fn round_dp(d: Dec, dp: u32) -> Dec {
    d.round_dp(dp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> String {
        parse_decimal(s)
            .map(fmt_dec)
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn reads_json_numbers_exactly() {
        assert_eq!(p("0.1"), "0.1");
        assert_eq!(p("700"), "700");
        assert_eq!(p("-12.50"), "-12.5");
        assert_eq!(p("1.4e4"), "14000");
        assert_eq!(p("1.4E+4"), "14000");
        assert_eq!(p("25e-2"), "0.25");
        assert_eq!(p("-0"), "0");
        assert_eq!(p("0e999999"), "0");
    }

    #[test]
    fn refuses_what_does_not_fit() {
        assert_eq!(parse_decimal("1e400"), Err(NumError::OutOfRange));
        assert_eq!(parse_decimal("1e-400"), Err(NumError::OutOfRange));
        assert_eq!(
            parse_decimal("123456789012345678901234567890"),
            Err(NumError::OutOfRange)
        );
        assert_eq!(parse_decimal("\"12\""), Err(NumError::NotANumber));
        assert_eq!(parse_decimal("true"), Err(NumError::NotANumber));
        assert_eq!(
            parse_decimal("1e99999999999999999999"),
            Err(NumError::OutOfRange)
        );
    }

    #[test]
    fn writes_the_shortest_exact_form() {
        for (m, s, want) in [
            (0i64, 0u32, "0"),
            (0, 5, "0"),
            (7, 0, "7"),
            (700, 0, "700"),
            (-1250, 2, "-12.5"),
            (3280910, 2, "32809.1"),
            (5, 3, "0.005"),
            (-5, 3, "-0.005"),
            (1, 28, "0.0000000000000000000000000001"),
            (1000, 3, "1"),
        ] {
            assert_eq!(fmt_dec(Dec::new(m, s)), want, "{m}e-{s}");
        }
        assert_eq!(fmt_dec(Dec::MAX), "79228162514264337593543950335");
        assert_eq!(fmt_dec(Dec::MIN), "-79228162514264337593543950335");
    }

    // proptest is a native dev-dependency; the wasm test build skips this.
    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// The same text as rust_decimal's own printing of the normalized value.
            #[test]
            fn agrees_with_rust_decimal(lo in any::<u32>(), mid in any::<u32>(), hi in any::<u32>(),
                                        neg in any::<bool>(), scale in 0u32..=28) {
                let d = Dec::from_parts(lo, mid, hi, neg, scale);
                let want = if d.is_zero() { "0".to_string() } else { d.normalize().to_string() };
                prop_assert_eq!(fmt_dec(d), want);
            }
        }
    }

    #[test]
    fn sums_are_exact() {
        let a = parse_decimal("0.1").unwrap_or_default();
        let b = parse_decimal("0.2").unwrap_or_default();
        assert_eq!(fmt_dec(a + b), "0.3");
    }
}
