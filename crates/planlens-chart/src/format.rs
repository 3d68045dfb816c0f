//! Number formatting the Chinese way.
//!
//! Numbers get thousands separators, no spurious ".0", at most four
//! significant digits for non-integers, and 万/亿 scaling of the unit where
//! that shortens the number (15310 亿元 becomes 1.531万亿元).

use super::input::{Lang, Value};
use crate::clamp;

/// The minus sign used in labels (U+2212, as typeset in newspapers).
pub(crate) const MINUS: char = '\u{2212}';

/// How values are divided and which unit is shown after scaling.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UnitScale {
    /// Values are divided by this before formatting.
    pub divisor: f64,
    /// The unit that goes with the divided values.
    pub unit: String,
}

/// Picks the 万/亿 scaling for values up to `max_abs` in `unit`.
pub(crate) fn unit_scale(max_abs: f64, unit: &str) -> UnitScale {
    let unit = unit.trim();
    let plain = UnitScale {
        divisor: 1.0,
        unit: unit.to_string(),
    };
    if !max_abs.is_finite() || unit.is_empty() {
        return plain;
    }
    let first = unit.chars().next().unwrap_or(' ');
    if unit.contains('%')
        || unit.contains('‰')
        || unit.contains('％')
        || !super::text::is_wide(first)
    {
        return plain;
    }
    if unit.starts_with("万亿") || first == '千' || first == '百' {
        return plain;
    }
    if let Some(rest) = unit.strip_prefix('亿') {
        if max_abs >= 1e4 {
            return UnitScale {
                divisor: 1e4,
                unit: format!("万亿{rest}"),
            };
        }
        return plain;
    }
    if let Some(rest) = unit.strip_prefix('万') {
        if max_abs >= 1e8 {
            return UnitScale {
                divisor: 1e8,
                unit: format!("万亿{rest}"),
            };
        }
        if max_abs >= 1e4 {
            return UnitScale {
                divisor: 1e4,
                unit: format!("亿{rest}"),
            };
        }
        return plain;
    }
    for (limit, prefix) in [(1e12, "万亿"), (1e8, "亿"), (1e4, "万")] {
        if max_abs >= limit {
            return UnitScale {
                divisor: limit,
                unit: format!("{prefix}{unit}"),
            };
        }
    }
    plain
}

/// Inserts thousands separators into a plain decimal string such as "-15310.5".
fn group_thousands(plain: &str) -> String {
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, plain),
    };
    let (int_part, frac_part) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut out = String::new();
    if sign {
        out.push(MINUS);
    }
    let n = int_part.chars().count();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac_part {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Formats with `decimals` digits after the point (half away from zero, as people
/// expect), trailing zeros removed, thousands grouped.
pub(crate) fn fmt_fixed(v: f64, decimals: usize) -> String {
    let decimals = u32::try_from(decimals).unwrap_or(u32::MAX);
    match planlens::num::fixed(v, decimals) {
        Some(s) => group_thousands(&s),
        None => "–".to_string(),
    }
}

/// Formats with up to four significant digits; integers are never rounded.
pub(crate) fn fmt_sig(v: f64) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return fmt_fixed(v, 0);
    }
    let mag = v.abs().log10().floor();
    let decimals = clamp(3.0 - mag, 0.0, 12.0);
    // The clamp keeps the value in 0..=12, so the cast cannot truncate.
    fmt_fixed(v, decimals as usize)
}

/// Joins a formatted number and a unit for the given language.
pub(crate) fn join_unit(num: &str, unit: &str, lang: Lang) -> String {
    let unit = unit.trim();
    if unit.is_empty() {
        return num.to_string();
    }
    let tight = unit.starts_with('%') || unit.starts_with('‰') || unit.starts_with('％');
    match lang {
        Lang::En if !tight => format!("{num} {unit}"),
        _ => format!("{num}{unit}"),
    }
}

/// Formats `v` in `unit` the Chinese way: "1,200家", "1.531万亿元", "3.5亿元".
pub fn format_number(v: f64, unit: &str, lang: Lang) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    let scale = unit_scale(v.abs(), unit);
    join_unit(&fmt_sig(v / scale.divisor), &scale.unit, lang)
}

/// Formats a difference with an explicit sign: "+12", "−3.5".
pub(crate) fn fmt_signed(v: f64) -> String {
    let s = fmt_sig(v);
    if v > 0.0 {
        format!("+{s}")
    } else {
        s
    }
}

/// The bounds of a value, normalised so that lo <= hi where both exist.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Bounds {
    /// lo == hi.
    Exact(f64),
    /// lo < hi.
    Range(f64, f64),
    /// At least this.
    Floor(f64),
    /// At most this.
    Ceiling(f64),
}

impl Bounds {
    /// The bounds of `v`, None when it has neither bound.
    pub fn of(v: &Value) -> Option<Bounds> {
        match (v.lo, v.hi) {
            (Some(a), Some(b)) if a == b => Some(Bounds::Exact(a)),
            (Some(a), Some(b)) => Some(Bounds::Range(a.min(b), a.max(b))),
            (Some(a), None) => Some(Bounds::Floor(a)),
            (None, Some(b)) => Some(Bounds::Ceiling(b)),
            (None, None) => None,
        }
    }

    /// The value a line passes through: the middle of a range, the bound otherwise.
    pub fn mid(self) -> f64 {
        match self {
            Bounds::Exact(v) | Bounds::Floor(v) | Bounds::Ceiling(v) => v,
            Bounds::Range(a, b) => (a + b) / 2.0,
        }
    }

    /// Smallest drawn number.
    pub fn low(self) -> f64 {
        match self {
            Bounds::Exact(v) | Bounds::Floor(v) | Bounds::Ceiling(v) => v,
            Bounds::Range(a, _) => a,
        }
    }

    /// Largest drawn number.
    pub fn high(self) -> f64 {
        match self {
            Bounds::Exact(v) | Bounds::Floor(v) | Bounds::Ceiling(v) => v,
            Bounds::Range(_, b) => b,
        }
    }

    /// Largest absolute drawn number, used to pick the unit scaling.
    pub fn max_abs(self) -> f64 {
        self.low().abs().max(self.high().abs())
    }
}

/// Formats a value without its unit, divided by `divisor`: "约700", "10–12", "≥1,000".
pub(crate) fn fmt_value_bare(v: &Value, divisor: f64, lang: Lang) -> String {
    let Some(b) = Bounds::of(v) else {
        return "–".to_string();
    };
    let body = match b {
        Bounds::Exact(x) => fmt_sig(x / divisor),
        Bounds::Range(a, c) => format!("{}–{}", fmt_sig(a / divisor), fmt_sig(c / divisor)),
        Bounds::Floor(x) => format!("≥{}", fmt_sig(x / divisor)),
        Bounds::Ceiling(x) => format!("≤{}", fmt_sig(x / divisor)),
    };
    if v.approx {
        match lang {
            Lang::Zh => format!("约{body}"),
            Lang::En => format!("~{body}"),
        }
    } else {
        body
    }
}

/// Formats a value with its unit, scaled on its own: "约700亿元", "10–12%".
pub(crate) fn fmt_value(v: &Value, unit: &str, lang: Lang) -> String {
    let Some(b) = Bounds::of(v) else {
        return "–".to_string();
    };
    let scale = unit_scale(b.max_abs(), unit);
    join_unit(&fmt_value_bare(v, scale.divisor, lang), &scale.unit, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_number_formatting() {
        assert_eq!(format_number(1100.0, "亿元", Lang::Zh), "1,100亿元");
        assert_eq!(format_number(15310.0, "亿元", Lang::Zh), "1.531万亿元");
        assert_eq!(format_number(35000.0, "万元", Lang::Zh), "3.5亿元");
        assert_eq!(format_number(1200.0, "家", Lang::Zh), "1,200家");
        assert_eq!(format_number(700.0, "亿元", Lang::Zh), "700亿元");
        assert_eq!(format_number(9999.0, "亿元", Lang::Zh), "9,999亿元");
        assert_eq!(format_number(1234.5, "", Lang::Zh), "1,235");
        assert_eq!(format_number(10.5, "%", Lang::Zh), "10.5%");
        assert_eq!(format_number(0.012345, "", Lang::Zh), "0.01235");
        assert_eq!(format_number(-12.0, "亿元", Lang::Zh), "−12亿元");
        assert_eq!(format_number(0.0, "亿元", Lang::Zh), "0亿元");
        assert_eq!(format_number(-0.0, "", Lang::Zh), "0");
        assert_eq!(format_number(150_000.0, "元", Lang::Zh), "15万元");
        assert_eq!(format_number(320_000_000.0, "元", Lang::Zh), "3.2亿元");
        assert_eq!(format_number(12_000_000.0, "%", Lang::Zh), "12,000,000%");
        assert_eq!(format_number(25000.0, "km", Lang::En), "25,000 km");
        assert_eq!(format_number(f64::NAN, "亿元", Lang::Zh), "–");
    }

    #[test]
    fn english_puts_a_space_before_the_unit() {
        assert_eq!(format_number(700.0, "亿元", Lang::En), "700 亿元");
        assert_eq!(format_number(15310.0, "亿元", Lang::En), "1.531 万亿元");
        assert_eq!(format_number(12.0, "%", Lang::En), "12%");
    }

    #[test]
    fn values_show_their_kind() {
        assert_eq!(
            fmt_value(&Value::range(10.0, 12.0), "%", Lang::Zh),
            "10–12%"
        );
        assert_eq!(fmt_value(&Value::floor(1000.0), "家", Lang::Zh), "≥1,000家");
        assert_eq!(fmt_value(&Value::ceiling(5.0), "%", Lang::En), "≤5%");
        assert_eq!(
            fmt_value(&Value::exact(700.0).approx(), "亿元", Lang::Zh),
            "约700亿元"
        );
        assert_eq!(
            fmt_value(&Value::exact(700.0).approx(), "亿元", Lang::En),
            "~700 亿元"
        );
        assert_eq!(fmt_value(&Value::default(), "亿元", Lang::Zh), "–");
        assert_eq!(fmt_signed(12.0), "+12");
        assert_eq!(fmt_signed(-3.5), "−3.5");
        assert_eq!(fmt_fixed(2500.0, 0), "2,500");
        assert_eq!(fmt_fixed(0.5, 1), "0.5");
    }
}
