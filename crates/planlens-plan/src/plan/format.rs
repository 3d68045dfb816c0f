//! The format `planlens/1`: what a file may contain, and how each part of it is read.
//!
//! Each object of the format is declared once, by [`object!`]: the Rust type (whose
//! fields borrow from the text), the list of its keys in order, which of them are
//! required, how each value is read, and (with feature `schema`) the JSON Schema that
//! `planlens schema` prints (`schema/planlens-1.schema.json`). The values are read by
//! [`Value`] on the cursor of [`super::json`]; a value of the wrong kind is refused where
//! it stands, as `expected …, found …`, with its JSON pointer. See docs/FORMAT.md.
//!
//! `targets` and `actuals` are not collected: a national plan has hundreds of thousands
//! of records, so each is read into one reused [`Record`] and handed to the [`Sink`]
//! of the file (the model builder, `build.rs`) as soon as it is read.

use super::json::{clip, Cursor, Error, Number, Result, Step};
use crate::num::{fmt_dec, parse_decimal, Dec, NumError};
use std::borrow::Cow;

#[cfg(feature = "schema")]
use schemars::JsonSchema;

pub type Str<'a> = Cow<'a, str>;

/// Years a figure may be for.
pub const YEARS: std::ops::RangeInclusive<i64> = 1900..=2200;

/// The array a record is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Target,
    Actual,
}

impl Kind {
    /// Its key in a file.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Target => "targets",
            Kind::Actual => "actuals",
        }
    }
}

/// Where the records of a file go as they are read. The record is lent: the sink takes
/// what it keeps out of it (the reader reuses it for the next one).
pub trait Sink<'a> {
    fn record(&mut self, kind: Kind, index: u32, record: &mut Record<'a>);

    /// Where the file's later records were read ahead (by another thread): the offset
    /// of a record's `{`, or `usize::MAX` (nowhere, the default). See `super::ahead`.
    fn ahead_at(&self) -> usize {
        usize::MAX
    }

    /// At that offset, the `index`th record of a `kind` array: the records read ahead
    /// from there to the end of the array, taken in as if read here; the offset of the
    /// array's `]`, or the refusal met ahead. `None`: nothing was read ahead, read on.
    fn take_ahead(&mut self, _kind: Kind, _index: u32) -> Option<Result<usize>> {
        None
    }
}

/// A sink that keeps nothing (for reading a file only to see whether it is refused).
impl<'a> Sink<'a> for () {
    fn record(&mut self, _: Kind, _: u32, _: &mut Record<'a>) {}
}

/// The cursor of a file, carrying its sink.
pub type Reader<'a, 's> = Cursor<'a, &'s mut dyn Sink<'a>>;

/// How a value of a type is read, and what it is called in a message.
pub trait Value<'a>: Sized {
    fn read(r: &mut Reader<'a, '_>) -> Result<Self>;
}

/// The keys of an object of the format: in order, with a bit for each required one.
pub struct Shape {
    /// What the object is, for messages: "a record object".
    pub name: &'static str,
    /// An array of them, for messages: "an array of records".
    pub list: &'static str,
    pub fields: &'static [&'static str],
    pub required: u16,
}

impl Shape {
    /// The index of a key.
    #[inline(always)]
    fn index(&self, key: &str) -> Option<usize> {
        let key = key.as_bytes();
        self.fields.iter().position(|f| {
            let f = f.as_bytes();
            f.len() == key.len() && f.iter().zip(key).all(|(a, b)| a == b)
        })
    }

    /// The refusal of an unknown key at byte `at`, with the closest known key if there
    /// is a close one (a typo such as `vaule`).
    fn unknown(&self, key: &str, at: usize) -> Box<Error> {
        let quoted: Vec<String> = self.fields.iter().map(|f| format!("`{f}`")).collect();
        let hint = self
            .fields
            .iter()
            .map(|f| (distance(key, f), *f))
            .filter(|&(d, f)| d <= 2 && d < f.chars().count())
            .min_by_key(|&(d, _)| d)
            .map(|(_, f)| format!(" (did you mean `{f}`?)"))
            .unwrap_or_default();
        Error::value(
            at,
            format!(
                "unknown field `{key}`{hint}: {} has {}",
                self.name,
                quoted.join(", ")
            ),
        )
    }

    fn field(&self, k: usize) -> &'static str {
        self.fields.get(k).copied().unwrap_or_default()
    }
}

/// Edit distance (insertions, deletions, substitutions, and swaps of neighbours)
/// between two short strings, ignoring ASCII case; 3 for anything long.
fn distance(a: &str, b: &str) -> usize {
    // ASCII case only: Unicode's case tables would cost the page 11 KB, and the keys of
    // the format are ASCII.
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    if a.len() > 32 || b.len() > 32 {
        return 3;
    }
    // d[i][j] for prefixes, kept as three rows.
    let mut before: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut row = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut d = (prev.get(j).copied().unwrap_or(0) + cost)
                .min(prev.get(j + 1).copied().unwrap_or(0) + 1)
                .min(row.get(j).copied().unwrap_or(0) + 1);
            if i > 0 && j > 0 && a.get(i - 1) == Some(cb) && b.get(j - 1) == Some(ca) {
                d = d.min(before.get(j - 1).copied().unwrap_or(0) + 1);
            }
            if let Some(x) = row.get_mut(j + 1) {
                *x = d;
            }
        }
        before = std::mem::replace(&mut prev, row);
    }
    prev.last().copied().unwrap_or(0)
}

/// An object of the format, read key by key into `Self` (see [`object!`]).
pub trait Object<'a>: Default {
    const SHAPE: Shape;
    /// Reads the value of field `k` (an index into `SHAPE.fields`).
    fn field(&mut self, r: &mut Reader<'a, '_>, k: usize) -> Result<()>;

    /// Reads an object into `self` (which is as `Default` made it): every key known,
    /// none twice, the required ones there.
    fn read_into(&mut self, r: &mut Reader<'a, '_>) -> Result<()> {
        read_object(r, &Self::SHAPE, &mut |r, k| self.field(r, k))
    }
}

/// [`Object::read_into`] of every object but records: one copy for all.
fn read_object<'a>(
    r: &mut Reader<'a, '_>,
    shape: &Shape,
    field: &mut dyn FnMut(&mut Reader<'a, '_>, usize) -> Result<()>,
) -> Result<()> {
    r.ws();
    let start = r.pos();
    let mut seen = 0u16;
    r.object(shape.name, &mut |r, key, at| {
        field(r, shape.key(&mut seen, key, at)?)
    })?;
    shape.complete(seen, start)
}

/// A record (hundreds of thousands in a national plan): [`Object::read_into`] with its
/// fields read inline.
#[inline]
fn read_record<'a>(r: &mut Reader<'a, '_>, rec: &mut Record<'a>) -> Result<()> {
    let shape = &Record::SHAPE;
    r.ws();
    let start = r.pos();
    let mut seen = 0u16;
    r.object_with(shape.name, |r, key, at| {
        let k = shape.key(&mut seen, key, at)?;
        rec.field(r, k)
    })?;
    shape.complete(seen, start)
}

impl Shape {
    /// The index of a key of an object at byte `at`; `seen` has a bit for each key met.
    /// Always inlined: with the constant shape of records, the search is unrolled over
    /// their keys (a loop over the list took an eighth of loading a national plan).
    #[inline(always)]
    fn key(&self, seen: &mut u16, key: &str, at: usize) -> Result<usize> {
        let Some(k) = self.index(key) else {
            return Err(self.unknown(key, at));
        };
        let bit = 1u16 << k;
        if *seen & bit != 0 {
            return Err(Error::value(at, format!("duplicate field `{key}`")));
        }
        *seen |= bit;
        Ok(k)
    }

    /// After an object that began at byte `start`: its required keys were all there.
    #[inline]
    fn complete(&self, seen: u16, start: usize) -> Result<()> {
        let missing = self.required & !seen;
        if missing != 0 {
            let k = missing.trailing_zeros() as usize;
            return Err(Error::value(
                start,
                format!("missing field `{}` in {}", self.field(k), self.name),
            ));
        }
        Ok(())
    }
}

/// Whether a field is required: it is unless marked `= default`.
macro_rules! required {
    () => {
        true
    };
    ($default:ident) => {
        false
    };
}

/// The key of a field: its name, unless renamed with `as "key"`.
macro_rules! key {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident, $key:literal) => {
        $key
    };
}

/// Declares an object of the format once: the struct, its [`Shape`] (keys in order,
/// required ones) and the reading of each field by its type's [`Value`]; with feature
/// `schema`, the JSON Schema of it too. A field marked `= default` may be left out.
macro_rules! object {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident<'a> as $what:literal, $list:literal {
            $(
                $(#[doc = $fdoc:literal])*
                $field:ident $(as $key:literal)? : $ty:ty $(= $default:ident)?,
            )*
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default)]
        #[cfg_attr(feature = "schema", derive(JsonSchema))]
        #[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
        pub struct $name<'a> {
            $(
                $(#[doc = $fdoc])*
                $(#[cfg_attr(feature = "schema", schemars(rename = $key))])?
                $(#[cfg_attr(feature = "schema", schemars($default))])?
                pub $field: $ty,
            )*
        }

        impl<'a> Object<'a> for $name<'a> {
            const SHAPE: Shape = {
                let mut rest: &[bool] = &[$(required!($($default)?)),*];
                let mut required = 0u16;
                let mut k = 0;
                while let [first, tail @ ..] = rest {
                    if *first {
                        required |= 1 << k;
                    }
                    k += 1;
                    rest = tail;
                }
                Shape {
                    name: $what,
                    list: $list,
                    fields: &[$(key!($field $(, $key)?)),*],
                    required,
                }
            };

            #[inline]
            fn field(&mut self, r: &mut Reader<'a, '_>, k: usize) -> Result<()> {
                let mut n = 0usize;
                $(
                    if k == n {
                        self.$field = Value::read(r)?;
                        return Ok(());
                    }
                    n += 1;
                )*
                let _ = n;
                Ok(())
            }
        }

        impl<'a> Value<'a> for $name<'a> {
            fn read(r: &mut Reader<'a, '_>) -> Result<Self> {
                let mut v = Self::default();
                v.read_into(r)?;
                Ok(v)
            }
        }

        impl<'a> Value<'a> for Vec<$name<'a>> {
            fn read(r: &mut Reader<'a, '_>) -> Result<Self> {
                let mut v = Vec::new();
                r.array($list, &mut |r, _| {
                    v.push(Value::read(r)?);
                    Ok(())
                })?;
                Ok(v)
            }
        }
    };
}

object! {
    /// A whole plan file.
    pub struct PlanFile<'a> as "a plan object {…}", "" {
        /// Path or URL of this schema, for editors; ignored by planlens.
        schema as "$schema": Option<Str<'a>> = default,
        /// Always "planlens/1".
        format: Str<'a>,
        plan: PlanInfo<'a>,
        areas: Vec<AreaDef<'a>> = default,
        indicators: Vec<IndicatorDef<'a>> = default,
        /// What the plan promises.
        targets: Targets = default,
        /// What was reported as achieved (results, baselines).
        actuals: Actuals = default,
        tasks: Vec<TaskDef<'a>> = default,
    }
}

object! {
    /// The document.
    pub struct PlanInfo<'a> as "a plan description object", "" {
        id: Str<'a>,
        title: Option<Str<'a>> = default,
        issuer: Option<Str<'a>> = default,
        /// 文号, for example 深府办〔2010〕98号.
        doc_no: Option<Str<'a>> = default,
        /// YYYY-MM-DD, YYYY-MM or YYYY.
        issued: Option<Str<'a>> = default,
        source: Option<Str<'a>> = default,
        note: Option<Str<'a>> = default,
    }
}

object! {
    /// A place: province, city, district, street.
    pub struct AreaDef<'a> as "an area object", "an array of areas" {
        id: Str<'a>,
        name: Str<'a>,
        /// Id of the enclosing area.
        parent: Option<Str<'a>> = default,
        note: Option<Str<'a>> = default,
    }
}

object! {
    /// What is measured.
    pub struct IndicatorDef<'a> as "an indicator object", "an array of indicators" {
        id: Str<'a>,
        name: Str<'a>,
        /// 亿元, 万人, 家, %, …: a base word with an optional scale prefix.
        unit: Str<'a>,
        /// Whether children areas add up to their parent (default true).
        additive: Option<bool> = default,
        /// Component indicators whose sum this composite equals.
        sum_of: Option<Vec<Str<'a>>> = default,
        /// Allowed difference: a number (absolute) or a string "0.5" / "0.5%".
        tolerance: Option<Tolerance> = default,
        /// Which way an exact target counts as met (default higher).
        better: Option<BetterDef> = default,
        /// This indicator is the average annual growth rate (%) of that one.
        growth_of: Option<Str<'a>> = default,
        /// This indicator counts additions to that stock indicator.
        increment_of: Option<Str<'a>> = default,
        /// This indicator is numerator ÷ denominator × 100.
        share_of: Option<ShareOf<'a>> = default,
        /// This indicator's figure is a part of that indicator's figure (same area and year), the parts not being exhaustive.
        part_of: Option<Str<'a>> = default,
        /// The total this composite's components make (100 for shares); without `sum_of`, the total of the children areas' figures.
        whole: Option<Num> = default,
        note: Option<Str<'a>> = default,
    }
}

object! {
    // `share_of`: numerator ÷ denominator × 100 (no doc comment: it would enter the schema).
    pub struct ShareOf<'a> as "a share_of object", "" {
        numerator: Str<'a>,
        denominator: Str<'a>,
    }
}

object! {
    /// A target or an actual.
    pub struct Record<'a> as "a record object", "an array of records" {
        indicator: Str<'a>,
        area: Str<'a>,
        /// The year the figure is for (1900–2200).
        year: Option<i64> = default,
        /// The year as written when it cannot be known ("20XX"); no check uses the figure.
        year_text: Option<Str<'a>> = default,
        /// The period as written ("十二五末"); `year` holds the year it ends in.
        period: Option<Str<'a>> = default,
        /// Start of a growth or increment period (default year − 1).
        base_year: Option<i64> = default,
        /// An exact figure.
        value: Option<Num> = default,
        /// 左右 / 约.
        approx: Option<bool> = default,
        /// Inclusive lower bound (以上, 超过, 不低于).
        min: Option<Num> = default,
        /// Inclusive upper bound (以内, 不超过).
        max: Option<Num> = default,
        /// The quoted sentence or table cell.
        source: Option<Str<'a>> = default,
        /// The sentence or table the figure comes from ("s12"): figures of one plan with the same group and year_text share that hidden year.
        group: Option<Str<'a>> = default,
        note: Option<Str<'a>> = default,
    }
}

object! {
    /// A work item with responsible units and deadlines.
    pub struct TaskDef<'a> as "a task object", "an array of tasks" {
        id: Str<'a>,
        title: Str<'a>,
        lead: Vec<Str<'a>> = default,
        support: Vec<Str<'a>> = default,
        area: Option<Str<'a>> = default,
        /// YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn.
        due: Option<Str<'a>> = default,
        milestones: Vec<MilestoneDef<'a>> = default,
        indicators: Vec<Str<'a>> = default,
        source: Option<Str<'a>> = default,
        note: Option<Str<'a>> = default,
    }
}

object! {
    // A dated step of a task (no doc comment: it would enter the schema).
    pub struct MilestoneDef<'a> as "a milestone object", "an array of milestones" {
        due: Str<'a>,
        text: Str<'a>,
        source: Option<Str<'a>> = default,
    }
}

// ---- The values ------------------------------------------------------------------

impl<'a, T: Value<'a>> Value<'a> for Option<T> {
    #[inline]
    fn read(r: &mut Reader<'a, '_>) -> Result<Self> {
        if r.null() {
            return Ok(None);
        }
        T::read(r).map(Some)
    }
}

impl<'a> Value<'a> for Str<'a> {
    #[inline]
    fn read(r: &mut Reader<'a, '_>) -> Result<Self> {
        r.string("a string")
    }
}

impl<'a> Value<'a> for Vec<Str<'a>> {
    fn read(r: &mut Reader<'a, '_>) -> Result<Self> {
        let mut v = Vec::new();
        r.array("an array of strings", &mut |r, _| {
            v.push(r.string("a string")?);
            Ok(())
        })?;
        Ok(v)
    }
}

impl<'a> Value<'a> for bool {
    fn read(r: &mut Reader<'a, '_>) -> Result<Self> {
        r.boolean("true or false")
    }
}

/// A year: an integer.
impl<'a> Value<'a> for i64 {
    #[inline]
    fn read(r: &mut Reader<'a, '_>) -> Result<Self> {
        r.ws();
        let at = r.pos();
        let n = r.number("an integer year")?;
        match n.plain {
            Some((year, 0)) => Ok(year),
            _ if n.text.contains(['.', 'e', 'E']) => Err(Error::value(
                at,
                format!("expected an integer year, found {}", clip(n.text)),
            )),
            // More than 18 digits.
            _ => Err(Error::value(
                at,
                format!("year {} is outside 1900–2200", clip(n.text)),
            )),
        }
    }
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

impl<'a> Value<'a> for Num {
    #[inline]
    fn read(r: &mut Reader<'a, '_>) -> Result<Self> {
        r.ws();
        let at = r.pos();
        exact(r.number("a number")?)
            .map(Num)
            .map_err(|m| Error::value(at, m))
    }
}

/// A number as an exact decimal: the common figure from its plain reading, the rest
/// (exponents, zeros, more than 18 digits) by [`parse_decimal`], which gives the
/// same decimal (mantissa and scale) where both apply.
#[inline]
pub fn exact(n: Number) -> std::result::Result<Dec, String> {
    match n.plain {
        Some((m, scale)) if m != 0 => Dec::try_new(m, scale).or_else(|_| read_number(n.text)),
        _ => read_number(n.text),
    }
}

/// A number's text (JSON syntax) as an exact decimal, or why not.
pub fn read_number(text: &str) -> std::result::Result<Dec, String> {
    parse_decimal(text).map_err(|e| match e {
        NumError::NotANumber => format!("expected a number, found {}", clip(text)),
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
    fn from_str(text: &str) -> std::result::Result<Tolerance, String> {
        Tolerance::parse(text)
    }
}

impl Tolerance {
    /// Reads `0.5` (absolute) or `0.5%` (relative); negative values are refused.
    pub fn parse(text: &str) -> std::result::Result<Tolerance, String> {
        let clip = super::json::clip;
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

/// A number or a string.
impl<'a> Value<'a> for Tolerance {
    fn read(r: &mut Reader<'a, '_>) -> Result<Self> {
        const WHAT: &str = "a tolerance (a number, or a string such as \"0.5%\")";
        r.ws();
        let at = r.pos();
        let text = if r.ws() == Some(b'"') {
            r.string(WHAT)?.into_owned()
        } else {
            let n = r.number(WHAT)?;
            fmt_dec(read_number(n.text).map_err(|m| Error::value(at, m))?)
        };
        Tolerance::parse(&text).map_err(|m| Error::value(at, m))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename_all = "lowercase"))]
pub enum BetterDef {
    Higher,
    Lower,
}

impl<'a> Value<'a> for BetterDef {
    fn read(r: &mut Reader<'a, '_>) -> Result<Self> {
        const WHAT: &str = "\"higher\" or \"lower\"";
        r.ws();
        let at = r.pos();
        match r.string(WHAT)?.as_ref() {
            "higher" => Ok(BetterDef::Higher),
            "lower" => Ok(BetterDef::Lower),
            other => Err(Error::value(
                at,
                format!("expected {WHAT}, found string {:?}", clip(other)),
            )),
        }
    }
}

/// `targets`: each record goes to the file's [`Sink`] as it is read.
#[derive(Debug, Default)]
pub struct Targets;

/// `actuals`, likewise.
#[derive(Debug, Default)]
pub struct Actuals;

/// Reads a `targets` or `actuals` array into the sink, one reused record at a time.
fn records<'a>(r: &mut Reader<'a, '_>, kind: Kind) -> Result<()> {
    if r.array_open(Record::SHAPE.list)? {
        let ahead = r.host.ahead_at();
        run(r, kind, ahead)?;
    }
    Ok(())
}

/// The records of an array from the cursor (at one) through the array's `]`, numbered
/// from 0. At offset `ahead` the sink may hand over the rest, read ahead.
#[inline]
fn run<'a>(r: &mut Reader<'a, '_>, kind: Kind, ahead: usize) -> Result<()> {
    let mut index: u32 = 0;
    loop {
        let taken = if r.pos() == ahead {
            r.host.take_ahead(kind, index)
        } else {
            None
        };
        match taken {
            Some(end) => r.jump(end?),
            None => {
                let mut rec = Record::default();
                read_record(r, &mut rec).map_err(|e| e.within(|| Step::Index(index)))?;
                r.host.record(kind, index, &mut rec);
            }
        }
        index = index.saturating_add(1);
        if !r.array_next()? {
            return Ok(());
        }
    }
}

/// Reads ahead: the records from offset `at` of `text` (a record's `{`) to the end of
/// their array into `sink`, numbered from 0, as [`records`] would read them there
/// (the sink is told `Kind::Target`; the reader that takes them over knows better).
/// The offset of the array's `]`.
pub(crate) fn records_ahead<'a>(
    text: &'a str,
    at: usize,
    sink: &mut dyn Sink<'a>,
) -> Result<usize> {
    let mut r = Cursor::new(text, sink);
    r.jump(at);
    run(&mut r, Kind::Target, usize::MAX)?;
    Ok(r.pos().saturating_sub(1))
}

impl<'a> Value<'a> for Targets {
    fn read(r: &mut Reader<'a, '_>) -> Result<Self> {
        records(r, Kind::Target).map(|()| Targets)
    }
}

impl<'a> Value<'a> for Actuals {
    fn read(r: &mut Reader<'a, '_>) -> Result<Self> {
        records(r, Kind::Actual).map(|()| Actuals)
    }
}

/// In the schema, `targets` and `actuals` are what they are in a file: arrays of records.
#[cfg(feature = "schema")]
macro_rules! records_schema {
    ($t:ty) => {
        impl JsonSchema for $t {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> Cow<'static, str> {
                "Records".into()
            }
            fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
                <Vec<Record<'static>>>::json_schema(g)
            }
        }
    };
}
#[cfg(feature = "schema")]
records_schema!(Targets);
#[cfg(feature = "schema")]
records_schema!(Actuals);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(
            PlanFile::SHAPE.fields,
            [
                "$schema",
                "format",
                "plan",
                "areas",
                "indicators",
                "targets",
                "actuals",
                "tasks"
            ]
        );
        assert_eq!(PlanFile::SHAPE.required, 0b110);
        assert_eq!(Record::SHAPE.required, 0b11);
        assert_eq!(IndicatorDef::SHAPE.required, 0b111);
        assert_eq!(PlanInfo::SHAPE.required, 0b1);
        assert_eq!(Record::SHAPE.index("value"), Some(6));
        assert_eq!(Record::SHAPE.index("valu"), None);
    }

    #[test]
    fn typos_are_named() {
        assert_eq!(distance("vaule", "value"), 1);
        assert_eq!(distance("Value", "value"), 0);
        assert_eq!(distance("areaz", "areas"), 1);
        assert_eq!(distance("indicatr", "indicator"), 1);
        assert_eq!(distance("x", "max"), 2);
        assert_eq!(distance("", "id"), 2);
        let e = Record::SHAPE.unknown("vaule", 0);
        assert!(
            e.message.starts_with("unknown field `vaule` (did you mean `value`?): a record object has `indicator`, `area`, `year`,"),
            "{}",
            e.message
        );
        let e = Record::SHAPE.unknown("extra", 0);
        assert!(
            e.message.starts_with("unknown field `extra`: a record"),
            "{}",
            e.message
        );
        // `x` is one letter from nothing: no hint from a field it shares one letter with.
        let e = AreaDef::SHAPE.unknown("x", 0);
        assert!(
            e.message.starts_with("unknown field `x`: "),
            "{}",
            e.message
        );
    }

    #[test]
    fn plain_numbers_read_as_parse_decimal_reads_them() {
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
        let mut plain = 0;
        for c in &cases {
            let mut r = Cursor::new(c.as_str(), ());
            let Ok(n) = r.number("") else { continue };
            if n.text != c.as_str() {
                continue;
            }
            plain += usize::from(n.plain.is_some_and(|(m, _)| m != 0));
            let slow = parse_decimal(c).map_err(|_| ());
            let fast = exact(n).map_err(|_| ());
            assert_eq!(
                fast.map(|f| f.serialize()),
                slow.map(|s| s.serialize()),
                "{c}: {fast:?} against {slow:?}"
            );
            assert_eq!(
                fast.map(|f| f.to_string()),
                slow.map(|s| s.to_string()),
                "{c}"
            );
        }
        assert!(plain > 50, "{plain}");
    }
}
