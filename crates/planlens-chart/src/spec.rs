//! The editor's chart spec: one JSON object read the same way by the CLI
//! (`planlens chart --spec chart.json`), the binding (`Session.chart(spec)`) and the page's
//! share link. docs/CHARTS.md describes every key.
//!
//! The text is read with the plan reader's cursor (`plan::json`), so a refused value is
//! named by its JSON pointer and a syntax error by its line and column; unknown and
//! repeated keys are refused. Whether the names in it (indicator, areas, plans) exist is
//! for [`super::draw`] to say, with the same pointers.

use super::from_model::{ChartSpec, ChartType, SpecError};
use super::input::{Lang, Theme};
use planlens::plan::format::Sink;
use planlens::plan::json::{key_ok, line_col, Cursor, Error, Result};
use planlens::plan::Tolerance;
use std::str::FromStr;

/// Where the value axis starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum YAxis {
    /// From zero (the only choice for bars).
    #[default]
    Zero,
    /// Fitted to the values drawn (trend and small multiples only).
    Fit,
}

super::input::from_names!(YAxis, "zero" => YAxis::Zero, "fit" => YAxis::Fit);

/// The editor's words; each one left out comes from the data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChartText {
    /// The headline (default: the indicator's name).
    pub title: Option<String>,
    /// The line below it (default: what is shown, where and when).
    pub subtitle: Option<String>,
    /// A line above the source.
    pub notes: Option<String>,
    /// The source line (default: 来源：the document numbers of the plans drawn).
    pub source: Option<String>,
    /// Who made the chart (制图：…), after the source.
    pub credit: Option<String>,
    /// The description (`<desc>`, alt text); default: one generated sentence, then the data.
    pub alt: Option<String>,
}

/// How one series (trend, multiples) or bar (allocation) is drawn.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SeriesStyle {
    /// The area id it is about.
    pub area: String,
    /// The plan id (trend lines per plan); None matches every plan of the area.
    pub plan: Option<String>,
    /// An index into the theme's palette.
    pub color: Option<u8>,
    /// Drawn in the accent colour, the others muted.
    pub highlight: bool,
    /// The name drawn instead of the default one.
    pub label: Option<String>,
}

/// A text on one point, drawn with a leader line clear of the data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Annotation {
    /// The area id of the point (default: the first area drawn).
    pub area: Option<String>,
    /// The year of the point (trend and multiples; default: the last year of the series).
    pub year: Option<i32>,
    /// The plan id of the point's series.
    pub plan: Option<String>,
    /// The words.
    pub text: String,
}

/// The number of series colours in each theme's palette (`series[].color` is below it).
pub const PALETTE_SIZE: u8 = 6;

/// The keys of the top-level object, in the order docs/CHARTS.md lists them.
const KEYS: [&str; 16] = [
    "type",
    "indicator",
    "areas",
    "year",
    "plan",
    "theme",
    "lang",
    "width",
    "height",
    "tolerance",
    "y_axis",
    "text",
    "series",
    "annotations",
    "$schema",
    "version",
];

/// The cursor as the plan reader has it (its host a record sink, here one that keeps
/// nothing): one copy of the reader's code in the WebAssembly serves both.
type C<'a, 's> = Cursor<'a, &'s mut dyn Sink<'a>>;

/// A name one of `T`'s choices (`"dark"`), refused with the choices.
fn named<T: FromStr<Err = String>>(c: &mut C) -> Result<Option<T>> {
    c.ws();
    let at = c.pos();
    match c.string_or_null()? {
        None => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|e| Error::value(at, e)),
    }
}

/// An integer within `range`.
fn integer(c: &mut C, range: std::ops::RangeInclusive<i64>) -> Result<Option<i64>> {
    if c.null() {
        return Ok(None);
    }
    c.ws();
    let at = c.pos();
    let what = format!("an integer from {} to {}", range.start(), range.end());
    let n = c.number(&what)?;
    match n.plain {
        Some((v, 0)) if range.contains(&v) => Ok(Some(v)),
        _ => Err(Error::value(
            at,
            format!("expected {what}, found {}", n.text),
        )),
    }
}

fn year(c: &mut C) -> Result<Option<i32>> {
    Ok(integer(c, planlens::plan::format::YEARS)?.and_then(|v| i32::try_from(v).ok()))
}

fn size(c: &mut C) -> Result<Option<u32>> {
    Ok(integer(c, 200..=4000)?.and_then(|v| u32::try_from(v).ok()))
}

fn boolean(c: &mut C) -> Result<bool> {
    if c.null() {
        return Ok(false);
    }
    c.boolean("true or false")
}

fn tolerance(c: &mut C) -> Result<Option<Tolerance>> {
    if c.null() {
        return Ok(None);
    }
    c.ws();
    let at = c.pos();
    let text = if c.ws() == Some(b'"') {
        c.string("a tolerance")?.into_owned()
    } else {
        c.number("a tolerance such as \"0.5%\" or 0.5")?
            .text
            .to_string()
    };
    if text.trim().is_empty() {
        return Ok(None);
    }
    Tolerance::parse(&text)
        .map(Some)
        .map_err(|e| Error::value(at, e))
}

fn strings(c: &mut C) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if c.null() {
        return Ok(out);
    }
    c.array("an array of area ids", &mut |c, _| {
        out.push(c.string("an area id (a string)")?.into_owned());
        Ok(())
    })?;
    Ok(out)
}

fn text_object(c: &mut C) -> Result<ChartText> {
    const K: [&str; 6] = ["title", "subtitle", "notes", "source", "credit", "alt"];
    let mut t = ChartText::default();
    if c.null() {
        return Ok(t);
    }
    let mut seen = Vec::new();
    c.object("an object of texts", &mut |c, key, at| {
        key_ok(&K, &mut seen, key, at)?;
        let v = c.string_or_null()?;
        match key {
            "title" => t.title = v,
            "subtitle" => t.subtitle = v,
            "notes" => t.notes = v,
            "source" => t.source = v,
            "credit" => t.credit = v,
            _ => t.alt = v,
        }
        Ok(())
    })?;
    Ok(t)
}

fn series_list(c: &mut C) -> Result<Vec<SeriesStyle>> {
    const K: [&str; 5] = ["area", "plan", "color", "highlight", "label"];
    let mut out = Vec::new();
    if c.null() {
        return Ok(out);
    }
    c.array("an array of series", &mut |c, _| {
        c.ws();
        let start = c.pos();
        let mut s = SeriesStyle::default();
        let mut area = None;
        let mut seen = Vec::new();
        c.object("a series object", &mut |c, key, at| {
            key_ok(&K, &mut seen, key, at)?;
            match key {
                "area" => area = c.string_or_null()?,
                "plan" => s.plan = c.string_or_null()?,
                "color" => {
                    s.color = integer(c, 0..=i64::from(PALETTE_SIZE - 1))?
                        .and_then(|v| u8::try_from(v).ok())
                }
                "highlight" => s.highlight = boolean(c)?,
                _ => s.label = c.string_or_null()?,
            }
            Ok(())
        })?;
        s.area = area.ok_or_else(|| Error::value(start, "missing key `area` in a series"))?;
        out.push(s);
        Ok(())
    })?;
    Ok(out)
}

fn annotation_list(c: &mut C) -> Result<Vec<Annotation>> {
    const K: [&str; 4] = ["area", "year", "plan", "text"];
    let mut out = Vec::new();
    if c.null() {
        return Ok(out);
    }
    c.array("an array of annotations", &mut |c, _| {
        c.ws();
        let start = c.pos();
        let mut a = Annotation::default();
        let mut text = None;
        let mut seen = Vec::new();
        c.object("an annotation object", &mut |c, key, at| {
            key_ok(&K, &mut seen, key, at)?;
            match key {
                "area" => a.area = c.string_or_null()?,
                "year" => a.year = year(c)?,
                "plan" => a.plan = c.string_or_null()?,
                _ => text = c.string_or_null()?,
            }
            Ok(())
        })?;
        a.text = text
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| Error::value(start, "missing key `text` in an annotation"))?;
        out.push(a);
        Ok(())
    })?;
    Ok(out)
}

fn read(c: &mut C) -> Result<ChartSpec> {
    let mut s = ChartSpec::default();
    let mut seen = Vec::new();
    c.object("a chart spec object", &mut |c, key, at| {
        key_ok(&KEYS, &mut seen, key, at)?;
        match key {
            "type" => s.kind = named::<ChartType>(c)?.unwrap_or(s.kind),
            "indicator" => s.indicator = c.string_or_null()?,
            "areas" => s.areas = strings(c)?,
            "year" => s.year = year(c)?,
            "plan" => s.plan = c.string_or_null()?,
            "theme" => s.options.theme = named::<Theme>(c)?.unwrap_or(s.options.theme),
            "lang" => s.lang = named::<Lang>(c)?.unwrap_or(s.lang),
            "width" => s.options.width = size(c)?.unwrap_or(s.options.width),
            "height" => s.options.height = size(c)?.unwrap_or(s.options.height),
            "tolerance" => s.check.tolerance = tolerance(c)?,
            "y_axis" => s.y_axis = named::<YAxis>(c)?.unwrap_or(s.y_axis),
            "text" => s.text = text_object(c)?,
            "series" => s.series = series_list(c)?,
            "annotations" => s.annotations = annotation_list(c)?,
            // `$schema` and `version` are for editors and tools; any string is taken.
            _ => {
                c.string_or_null()?;
            }
        }
        Ok(())
    })?;
    c.end("the chart spec")?;
    Ok(s)
}

impl ChartSpec {
    /// Reads a chart spec from its JSON text (docs/CHARTS.md). A refusal names the
    /// value by JSON pointer and gives the line and column where it stands.
    pub fn from_json(text: &str) -> std::result::Result<ChartSpec, SpecError> {
        let mut nothing = ();
        let mut c: C = Cursor::new(text, &mut nothing as &mut dyn Sink);
        read(&mut c).map_err(|e| SpecError {
            pointer: e.pointer().unwrap_or_default(),
            message: e.message.into_owned(),
            at: Some(line_col(text, e.at)),
            code: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> (String, String) {
        match ChartSpec::from_json(text) {
            Ok(s) => panic!("accepted {text}: {s:?}"),
            Err(e) => (e.pointer.clone(), e.to_string()),
        }
    }

    #[test]
    fn a_full_spec_is_read() {
        let s = ChartSpec::from_json(
            r#"{"type": "allocation", "indicator": "bio_output", "areas": ["shenzhen"],
                "year": 2012, "plan": "sz-2010-98", "theme": "dark", "lang": "en",
                "width": 360, "height": 480, "tolerance": "0.5%", "y_axis": "zero",
                "text": {"title": "南山区承担过半目标", "credit": "制图：某报"},
                "series": [{"area": "nanshan", "color": 3, "highlight": true, "label": "南山"}],
                "annotations": [{"area": "nanshan", "text": "最多"}]}"#,
        )
        .unwrap();
        assert_eq!(s.kind, ChartType::Allocation);
        assert_eq!(s.areas, vec!["shenzhen".to_string()]);
        assert_eq!((s.options.width, s.options.height), (360, 480));
        assert_eq!(s.options.theme, Theme::Dark);
        assert_eq!(s.lang, Lang::En);
        assert!(s.check.tolerance.is_some());
        assert_eq!(s.text.title.as_deref(), Some("南山区承担过半目标"));
        assert_eq!(s.text.subtitle, None);
        assert_eq!(
            s.series.first().map(|x| (x.color, x.highlight)),
            Some((Some(3), true))
        );
        assert_eq!(s.annotations.first().map(|a| a.text.as_str()), Some("最多"));
        // Nothing but the type: every default.
        let s = ChartSpec::from_json(r#"{"type": "trend", "text": null}"#).unwrap();
        assert_eq!((s.options.width, s.options.height), (640, 400));
        assert_eq!(s.y_axis, YAxis::Zero);
    }

    #[test]
    fn refusals_name_the_pointer() {
        for (text, pointer, words) in [
            (r#"{"type": "pie"}"#, "/type", "unknown value \"pie\""),
            (r#"{"colour": 1}"#, "/colour", "unknown key `colour`"),
            (
                r#"{"type": "trend", "type": "trend"}"#,
                "/type",
                "duplicate key",
            ),
            (r#"{"width": 100}"#, "/width", "from 200 to 4000"),
            (r#"{"year": 2011.5}"#, "/year", "found 2011.5"),
            (r#"{"areas": ["a", 3]}"#, "/areas/1", "an area id"),
            (
                r#"{"text": {"headline": "x"}}"#,
                "/text/headline",
                "unknown key",
            ),
            (
                r#"{"series": [{"area": "a"}, {"color": 1}]}"#,
                "/series/1",
                "missing key `area`",
            ),
            (
                r#"{"series": [{"area": "a", "color": 6}]}"#,
                "/series/0/color",
                "from 0 to 5",
            ),
            (
                r#"{"series": [{"area": "a", "highlight": "yes"}]}"#,
                "/series/0/highlight",
                "true or false",
            ),
            (
                r#"{"annotations": [{"year": 2012}]}"#,
                "/annotations/0",
                "missing key `text`",
            ),
            (r#"{"tolerance": "-1"}"#, "/tolerance", "negative"),
            (r#"{"y_axis": "log"}"#, "/y_axis", "zero, fit"),
            (r#"[1]"#, "", "expected a chart spec object"),
        ] {
            let (p, msg) = refused(text);
            assert_eq!(p, pointer, "{text}: {msg}");
            assert!(msg.contains(words), "{text}: {msg}");
        }
        // A syntax error has no pointer but a line and column.
        let (p, msg) = refused("{\n  \"type\": \"trend\",\n}");
        assert_eq!(p, "");
        assert!(msg.starts_with("3:1: "), "{msg}");
    }
}
