//! Binary floating point to decimal text, for chart labels and the few derived figures
//! that go through `f64` (growth rates).
//!
//! `format!("{v:.2}")` would do, but it links the standard library's float printing
//! (Grisu and Dragon4 with their tables, about 20 KB of WebAssembly). Every figure
//! here is first rounded to a fixed number of decimals, so an integer is all that
//! has to be printed: the digits of `round(v × 10^d)` with the point put back in.

/// `v` with `decimals` digits after the point, rounded half away from zero, trailing
/// zeros removed: `fixed(1234.5, 0)` is "1235", `fixed(-0.125, 2)` is "-0.13",
/// `fixed(2.0, 3)` is "2". Not-a-number and infinities give `None`.
///
/// For values below 2^53 × 10^−d (every figure of a plan) the text is the decimal the
/// rounded value stands for; above, fewer decimals are printed (down to the exact
/// digits of the `f64` itself).
pub fn fixed(v: f64, decimals: u32) -> Option<String> {
    if !v.is_finite() {
        return None;
    }
    // Digits beyond 2^53 would be those of the rounding error of v × 10^d, not of v:
    // fewer decimals are printed instead (they are noise in the f64 itself).
    let mut decimals = decimals.min(12);
    while decimals > 0 && v.abs() * pow10(decimals) >= 9.007_199_254_740_992e15 {
        decimals -= 1;
    }
    let scaled = (v * pow10(decimals)).round();
    let (neg, digits, decimals) = if scaled.is_finite() && scaled.abs() < 1.0e36 {
        // |scaled| < 1e36 < 2^127: the conversion is exact (scaled is an integer).
        let n = scaled as i128;
        (n < 0, n.unsigned_abs().to_string(), decimals as usize)
    } else {
        // Far beyond any plan's figure: the f64 is an integer; print all its digits.
        (v < 0.0, integer_digits(v.abs()), 0)
    };
    let (int, frac) = if digits.len() > decimals {
        digits.split_at(digits.len() - decimals)
    } else {
        ("0", digits.as_str())
    };
    let frac = frac.trim_end_matches('0');
    let lead = decimals.saturating_sub(digits.len());
    let zero = int.bytes().all(|b| b == b'0') && frac.is_empty();
    let mut out = String::with_capacity(digits.len() + 3);
    if neg && !zero {
        out.push('-');
    }
    out.push_str(int);
    if !frac.is_empty() {
        out.push('.');
        out.extend(std::iter::repeat_n('0', lead));
        out.push_str(frac);
    }
    Some(out)
}

/// 10^n, exact in f64 for n <= 22.
fn pow10(n: u32) -> f64 {
    (0..n).fold(1.0_f64, |acc, _| acc * 10.0)
}

/// The decimal digits of a finite, non-negative, integral `f64` (any size), exactly.
fn integer_digits(v: f64) -> String {
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    if exp == 0 {
        // Zero or subnormal: no integer part.
        return "0".to_string();
    }
    let mantissa = frac | (1 << 52);
    let shift = exp - 1075;
    if shift <= 0 {
        let n = mantissa >> shift.unsigned_abs().min(63);
        return n.to_string();
    }
    // mantissa × 2^shift in base-10^9 limbs, least significant first.
    const BASE: u64 = 1_000_000_000;
    let mut limbs = vec![
        mantissa % BASE,
        (mantissa / BASE) % BASE,
        mantissa / BASE / BASE,
    ];
    for _ in 0..shift {
        let mut carry = 0;
        for limb in limbs.iter_mut() {
            let x = *limb * 2 + carry;
            *limb = x % BASE;
            carry = x / BASE;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    while limbs.len() > 1 && limbs.last() == Some(&0) {
        limbs.pop();
    }
    let mut out = String::new();
    for (i, limb) in limbs.iter().rev().enumerate() {
        let s = limb.to_string();
        if i > 0 {
            out.extend(std::iter::repeat_n('0', 9 - s.len()));
        }
        out.push_str(&s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_away_from_zero_and_trims() {
        assert_eq!(fixed(1234.5, 0).as_deref(), Some("1235"));
        assert_eq!(fixed(-1234.5, 0).as_deref(), Some("-1235"));
        assert_eq!(fixed(2.0, 3).as_deref(), Some("2"));
        assert_eq!(fixed(0.05, 2).as_deref(), Some("0.05"));
        assert_eq!(fixed(0.18, 6).as_deref(), Some("0.18"));
        assert_eq!(fixed(-0.001, 2).as_deref(), Some("0"));
        assert_eq!(fixed(12.999, 2).as_deref(), Some("13"));
        assert_eq!(fixed(f64::NAN, 2), None);
        assert_eq!(fixed(f64::INFINITY, 2), None);
    }

    #[test]
    fn huge_values_print_every_digit() {
        assert_eq!(
            fixed(1e40, 2).as_deref(),
            Some(format!("{:.0}", 1e40).as_str())
        );
        assert_eq!(
            fixed(-2e300, 0).as_deref(),
            Some(format!("{:.0}", -2e300).as_str())
        );
        assert_eq!(
            fixed(1e35, 0).as_deref(),
            Some(format!("{:.0}", 1e35).as_str())
        );
        assert_eq!(integer_digits(9007199254740993.0), "9007199254740992");
    }

    // proptest is a native dev-dependency; the wasm test build skips these.
    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Agrees with the standard library's printing of the rounded value.
            #[test]
            fn agrees_with_std(v in -1.0e12_f64..1.0e12, d in 0u32..=6) {
                let p = 10f64.powi(d as i32);
                prop_assume!(v.abs() * p < 4.0e15);
                let rounded = (v * p).round() / p;
                let mut want = format!("{rounded:.prec$}", prec = d as usize);
                if want.contains('.') {
                    want = want.trim_end_matches('0').trim_end_matches('.').to_string();
                }
                if want == "-0" {
                    want = "0".to_string();
                }
                prop_assert_eq!(fixed(v, d), Some(want));
            }
        }
    }
}
