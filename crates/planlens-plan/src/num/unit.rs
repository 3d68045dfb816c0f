//! Units with scales: 亿元 is 10⁸ 元, 万人 is 10⁴ 人.

use super::Dec;

/// A unit split into a scale prefix and a base word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The base word (元, 人, 家, %, …).
    pub base: String,
    /// The power of ten of the prefix: 亿元 has 8.
    pub exp10: u32,
}

/// Prefixes, longest first, so 万亿 wins over 万 and 亿.
const PREFIXES: [(&str, u32); 7] = [
    ("万亿", 12),
    ("千万", 7),
    ("百万", 6),
    ("亿", 8),
    ("万", 4),
    ("千", 3),
    ("百", 2),
];

/// Units that start like a prefix but are not scaled.
const UNSCALED: [&str; 5] = ["%", "‰", "百分点", "个百分点", "千分点"];

impl Unit {
    /// Splits a unit as written into prefix and base. Never fails: an unknown word is
    /// a base of its own.
    pub fn parse(text: &str) -> Unit {
        let text = text.trim();
        if UNSCALED.contains(&text) {
            return Unit {
                base: text.to_string(),
                exp10: 0,
            };
        }
        for (prefix, exp10) in PREFIXES {
            if let Some(rest) = text.strip_prefix(prefix) {
                if !rest.is_empty() && !UNSCALED.contains(&rest) {
                    let inner = Unit::parse(rest);
                    return Unit {
                        base: inner.base,
                        exp10: inner.exp10 + exp10,
                    };
                }
            }
        }
        Unit {
            base: text.to_string(),
            exp10: 0,
        }
    }

    /// Whether figures in the two units can be added after conversion.
    pub fn compatible(&self, other: &Unit) -> bool {
        self.base == other.base
    }

    /// The factor that converts a figure in `self` into `to` (1 万亿元 → 10000 亿元),
    /// or `None` when the bases differ or the factor does not fit.
    pub fn factor_to(&self, to: &Unit) -> Option<Dec> {
        if !self.compatible(to) {
            return None;
        }
        if self.exp10 >= to.exp10 {
            let k = self.exp10 - to.exp10;
            let mut f = Dec::ONE;
            for _ in 0..k {
                f = f.checked_mul(Dec::TEN)?;
            }
            Some(f)
        } else {
            let k = to.exp10 - self.exp10;
            if k > 28 {
                return None;
            }
            Some(Dec::new(1, k))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_and_bases() {
        assert_eq!(
            Unit::parse("亿元"),
            Unit {
                base: "元".into(),
                exp10: 8
            }
        );
        assert_eq!(Unit::parse("万亿元").exp10, 12);
        assert_eq!(
            Unit::parse("万千瓦"),
            Unit {
                base: "瓦".into(),
                exp10: 7
            }
        );
        assert_eq!(Unit::parse("%").base, "%");
        assert_eq!(Unit::parse("百分点").exp10, 0);
        assert_eq!(Unit::parse("万").base, "万");
        assert_eq!(Unit::parse("家").exp10, 0);
    }

    #[test]
    fn conversion_factors() {
        let wanyi = Unit::parse("万亿元");
        let yi = Unit::parse("亿元");
        assert_eq!(wanyi.factor_to(&yi), Some(Dec::from(10000)));
        assert_eq!(yi.factor_to(&wanyi), Some(Dec::new(1, 4)));
        assert_eq!(yi.factor_to(&Unit::parse("家")), None);
        assert!(!Unit::parse("家").compatible(&Unit::parse("个")));
    }
}
