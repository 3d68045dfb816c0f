//! The serde types of `planlens/1`: exactly what a file may contain.
//!
//! These types are the format's contract and the source of the JSON Schema
//! (`planlens schema`). They borrow from the input text; numbers are read from their
//! JSON text as exact decimals, never through `f64`. See docs/FORMAT.md.

use crate::num::{parse_decimal, Dec, NumError};
use serde::de::{Deserializer, Error as _};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;

#[cfg(feature = "schema")]
use schemars::JsonSchema;

type Str<'a> = Cow<'a, str>;

/// A whole plan file.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanFile<'a> {
    /// Path or URL of this schema, for editors; ignored by planlens.
    #[serde(rename = "$schema", default, borrow)]
    pub schema: Option<Str<'a>>,
    /// Always "planlens/1".
    #[serde(borrow)]
    pub format: Str<'a>,
    #[serde(borrow)]
    pub plan: PlanInfo<'a>,
    #[serde(default, borrow)]
    pub areas: Vec<AreaDef<'a>>,
    #[serde(default, borrow)]
    pub indicators: Vec<IndicatorDef<'a>>,
    /// What the plan promises.
    #[serde(default, borrow)]
    pub targets: Vec<Record<'a>>,
    /// What was reported as achieved (results, baselines).
    #[serde(default, borrow)]
    pub actuals: Vec<Record<'a>>,
    #[serde(default, borrow)]
    pub tasks: Vec<TaskDef<'a>>,
}

/// The document.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanInfo<'a> {
    #[serde(borrow)]
    pub id: Str<'a>,
    #[serde(default, borrow)]
    pub title: Option<Str<'a>>,
    #[serde(default, borrow)]
    pub issuer: Option<Str<'a>>,
    /// 文号, for example 深府办〔2010〕98号.
    #[serde(default, borrow)]
    pub doc_no: Option<Str<'a>>,
    /// YYYY-MM-DD, YYYY-MM or YYYY.
    #[serde(default, borrow)]
    pub issued: Option<Str<'a>>,
    #[serde(default, borrow)]
    pub source: Option<Str<'a>>,
    #[serde(default, borrow)]
    pub note: Option<Str<'a>>,
}

/// A place: province, city, district, street.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AreaDef<'a> {
    #[serde(borrow)]
    pub id: Str<'a>,
    #[serde(borrow)]
    pub name: Str<'a>,
    /// Id of the enclosing area.
    #[serde(default, borrow)]
    pub parent: Option<Str<'a>>,
    #[serde(default, borrow)]
    pub note: Option<Str<'a>>,
}

/// What is measured.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IndicatorDef<'a> {
    #[serde(borrow)]
    pub id: Str<'a>,
    #[serde(borrow)]
    pub name: Str<'a>,
    /// 亿元, 万人, 家, %, …: a base word with an optional scale prefix.
    #[serde(borrow)]
    pub unit: Str<'a>,
    /// Whether children areas add up to their parent (default true).
    #[serde(default)]
    pub additive: Option<bool>,
    /// Component indicators whose sum this composite equals.
    #[serde(default, borrow)]
    pub sum_of: Option<Vec<Str<'a>>>,
    /// Allowed difference: a number (absolute) or a string "0.5" / "0.5%".
    #[serde(default)]
    pub tolerance: Option<Tolerance>,
    /// Which way an exact target counts as met (default higher).
    #[serde(default)]
    pub better: Option<BetterDef>,
    /// This indicator is the average annual growth rate (%) of that one.
    #[serde(default, borrow)]
    pub growth_of: Option<Str<'a>>,
    /// This indicator counts additions to that stock indicator.
    #[serde(default, borrow)]
    pub increment_of: Option<Str<'a>>,
    /// This indicator is numerator ÷ denominator × 100.
    #[serde(default, borrow)]
    pub share_of: Option<ShareOf<'a>>,
    #[serde(default, borrow)]
    pub note: Option<Str<'a>>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum BetterDef {
    Higher,
    Lower,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ShareOf<'a> {
    #[serde(borrow)]
    pub numerator: Str<'a>,
    #[serde(borrow)]
    pub denominator: Str<'a>,
}

/// A target or an actual.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Record<'a> {
    #[serde(borrow)]
    pub indicator: Str<'a>,
    #[serde(borrow)]
    pub area: Str<'a>,
    /// The year the figure is for (1900–2200).
    #[serde(default)]
    pub year: Option<i64>,
    /// The year as written when it cannot be known ("20XX"); no check uses the figure.
    #[serde(default, borrow)]
    pub year_text: Option<Str<'a>>,
    /// The period as written ("十二五末"); `year` holds the year it ends in.
    #[serde(default, borrow)]
    pub period: Option<Str<'a>>,
    /// Start of a growth or increment period (default year − 1).
    #[serde(default)]
    pub base_year: Option<i64>,
    /// An exact figure.
    #[serde(default)]
    pub value: Option<Num>,
    /// 左右 / 约.
    #[serde(default)]
    pub approx: Option<bool>,
    /// Inclusive lower bound (以上, 超过, 不低于).
    #[serde(default)]
    pub min: Option<Num>,
    /// Inclusive upper bound (以内, 不超过).
    #[serde(default)]
    pub max: Option<Num>,
    /// The quoted sentence or table cell.
    #[serde(default, borrow)]
    pub source: Option<Str<'a>>,
    #[serde(default, borrow)]
    pub note: Option<Str<'a>>,
}

/// A work item with responsible units and deadlines.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TaskDef<'a> {
    #[serde(borrow)]
    pub id: Str<'a>,
    #[serde(borrow)]
    pub title: Str<'a>,
    #[serde(default, borrow)]
    pub lead: Vec<Str<'a>>,
    #[serde(default, borrow)]
    pub support: Vec<Str<'a>>,
    #[serde(default, borrow)]
    pub area: Option<Str<'a>>,
    /// YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn.
    #[serde(default, borrow)]
    pub due: Option<Str<'a>>,
    #[serde(default, borrow)]
    pub milestones: Vec<MilestoneDef<'a>>,
    #[serde(default, borrow)]
    pub indicators: Vec<Str<'a>>,
    #[serde(default, borrow)]
    pub source: Option<Str<'a>>,
    #[serde(default, borrow)]
    pub note: Option<Str<'a>>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MilestoneDef<'a> {
    #[serde(borrow)]
    pub due: Str<'a>,
    #[serde(borrow)]
    pub text: Str<'a>,
    #[serde(default, borrow)]
    pub source: Option<Str<'a>>,
}

/// A JSON number read as an exact decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Num(pub Dec);

#[cfg(feature = "schema")]
impl JsonSchema for Num {
    fn schema_name() -> Cow<'static, str> {
        "Number".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "number", "description": "An exact decimal (at most 28 significant digits)."})
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <&RawValue>::deserialize(d)?;
        let text = raw.get();
        match plain_decimal(text) {
            Some(v) => Ok(Num(v)),
            None => read_number(text).map(Num).map_err(D::Error::custom),
        }
    }
}

/// The common case of a figure, `-?DIGITS(.DIGITS)?` with at most 18 digits and not
/// zero, read without the general path: the same decimal (mantissa and scale) as
/// [`parse_decimal`]. `None` for anything else.
pub(crate) fn plain_decimal(text: &str) -> Option<Dec> {
    let (neg, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        all => (false, all),
    };
    let mut mantissa: i64 = 0;
    let mut count = 0;
    let mut point = None;
    for (i, &c) in digits.iter().enumerate() {
        match c {
            b'0'..=b'9' => {
                count += 1;
                if count > 18 {
                    return None;
                }
                mantissa = mantissa * 10 + i64::from(c - b'0');
            }
            b'.' if point.is_none() && i > 0 => point = Some(i),
            _ => return None,
        }
    }
    let scale = match point {
        Some(i) if i + 1 == digits.len() => return None,
        Some(i) => (digits.len() - i - 1) as u32,
        None => 0,
    };
    if mantissa == 0 {
        return None;
    }
    Dec::try_new(if neg { -mantissa } else { mantissa }, scale).ok()
}

pub(crate) fn read_number(text: &str) -> Result<Dec, String> {
    parse_decimal(text).map_err(|e| match e {
        NumError::NotANumber => format!("expected a number, found {}", describe(text)),
        NumError::OutOfRange => format!("the number {} is {e}", clip(text)),
    })
}

/// Allowed difference of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tolerance {
    /// In the indicator's unit.
    Absolute(Dec),
    /// Percent of the expected value.
    Relative(Dec),
}

impl std::str::FromStr for Tolerance {
    type Err = String;
    fn from_str(text: &str) -> Result<Tolerance, String> {
        Tolerance::parse(text)
    }
}

impl Tolerance {
    /// Reads `0.5` (absolute) or `0.5%` (relative); negative values are refused.
    pub fn parse(text: &str) -> Result<Tolerance, String> {
        let t = text.trim();
        let (num, rel) = match t.strip_suffix('%') {
            Some(n) => (n.trim(), true),
            None => (t, false),
        };
        let v = parse_decimal(num).map_err(|_| {
            format!(
                "tolerance must be a number or a percentage such as \"0.5%\", found {}",
                clip(text)
            )
        })?;
        if v.is_sign_negative() && !v.is_zero() {
            return Err(format!(
                "tolerance must not be negative, found {}",
                clip(text)
            ));
        }
        Ok(if rel {
            Tolerance::Relative(v)
        } else {
            Tolerance::Absolute(v)
        })
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for Tolerance {
    fn schema_name() -> Cow<'static, str> {
        "Tolerance".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A number (absolute, in the indicator's unit) or a string such as \"0.5\" or \"0.5%\" (relative).",
            "anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": "^\\s*[0-9.eE+-]+\\s*%?\\s*$"}]
        })
    }
}

impl<'de> Deserialize<'de> for Tolerance {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <&RawValue>::deserialize(d)?;
        let text = raw.get();
        if text.starts_with('"') {
            let s: String = serde_json::from_str(text).map_err(D::Error::custom)?;
            Tolerance::parse(&s).map_err(D::Error::custom)
        } else {
            let v = read_number(text).map_err(D::Error::custom)?;
            Tolerance::parse(&crate::num::fmt_dec(v)).map_err(D::Error::custom)
        }
    }
}

/// Names the kind of a JSON value for messages: `string "abc"`, `true`, `an object`.
pub(crate) fn describe(text: &str) -> String {
    match text.as_bytes().first() {
        Some(b'"') => format!("string {}", clip(text)),
        Some(b'{') => "an object".to_string(),
        Some(b'[') => "an array".to_string(),
        _ => clip(text),
    }
}

/// Shortens a quoted piece of input for a message.
pub(crate) fn clip(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let head: String = text.chars().take(MAX).collect();
        format!("{head}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_read_as_parse_decimal_does() {
        let mut cases: Vec<String> = [
            "0",
            "-0",
            "0.0",
            "-0.00",
            "1",
            "-1",
            "7",
            "10",
            "100.00",
            "0.1",
            "-0.001",
            "21582.65",
            "32809.10",
            "1032205.92",
            "999999999999999999",
            "-999999999999999999",
            "1000000000000000000",
            "99999999999999999.9",
            "0.000000000000000001",
            "0.0000000000000000001",
            "1.",
            ".5",
            "-",
            "",
            "1e5",
            "1.5E-3",
            "--1",
            "1.2.3",
            "1-2",
            " 1",
            "1 ",
            "+1",
            "12a",
            "0x10",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every split of digit strings into integer and fraction parts.
        for digits in [
            "1",
            "12",
            "1234567",
            "100000000000000000",
            "123456789012345678",
        ] {
            for point in 0..=digits.len() {
                let (a, b) = digits.split_at(point);
                for sign in ["", "-"] {
                    cases.push(format!("{sign}{a}.{b}"));
                    cases.push(format!("{sign}0{a}.{b}0"));
                }
            }
        }
        // Which texts the fast path takes, as its documentation says: `-?D+(.D+)?`, at
        // most 18 digits, not zero. The rest go the general way.
        let takes = |c: &str| {
            let body = c.strip_prefix('-').unwrap_or(c);
            let (int, frac) = body.split_once('.').unwrap_or((body, "1"));
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            digits(int)
                && digits(frac)
                && body.bytes().filter(u8::is_ascii_digit).count() <= 18
                && body.bytes().any(|b| (b'1'..=b'9').contains(&b))
        };
        let mut taken = 0;
        for c in &cases {
            let fast = plain_decimal(c);
            assert_eq!(fast.is_some(), takes(c), "{c}: {fast:?}");
            let slow = parse_decimal(c).ok();
            if let Some(f) = fast {
                taken += 1;
                assert_eq!(
                    Some(f.serialize()),
                    slow.map(|s| s.serialize()),
                    "{c}: {f:?} against {slow:?}"
                );
                assert_eq!(Some(f.to_string()), slow.map(|s| s.to_string()), "{c}");
            }
        }
        assert!(
            taken > 100,
            "{taken} of {} cases took the fast path",
            cases.len()
        );
        assert!(plain_decimal("21582.65").is_some());
        assert!(plain_decimal("-12.50").is_some());
        assert!(plain_decimal("2011").is_some());
    }
}
