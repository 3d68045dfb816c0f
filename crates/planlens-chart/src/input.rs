//! Plain input types of the chart renderer.
//!
//! Every type here is plain data, so callers can build it from any source
//! (the checker, JSON, tests) without touching the drawing code.

/// Colour scheme of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Dark text on a white background.
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
}

/// Language of the built-in words (axis words, key, description).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Chinese wording.
    #[default]
    Zh,
    /// English wording.
    En,
}

/// The one parser of a name from the command line or the page: `"dark".parse::<Theme>()`.
/// The error names the choices, for the caller to put behind the argument's name.
macro_rules! from_names {
    ($ty:ty, $($name:literal => $v:expr),+) => {
        impl std::str::FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> std::result::Result<Self, String> {
                match s {
                    $($name => std::result::Result::Ok($v),)+
                    _ => std::result::Result::Err(format!(
                        "unknown value {:?} (one of: {})",
                        s,
                        [$($name),+].join(", ")
                    )),
                }
            }
        }
    };
}
pub(crate) use from_names;

from_names!(Theme, "light" => Theme::Light, "dark" => Theme::Dark);
from_names!(Lang, "zh" => Lang::Zh, "en" => Lang::En);

/// Size and theme of the SVG to produce.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartOptions {
    /// Width in px, 200 to 4000.
    pub width: u32,
    /// Height in px, 200 to 4000.
    pub height: u32,
    /// Colour scheme.
    pub theme: Theme,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            width: 640,
            height: 400,
            theme: Theme::Light,
        }
    }
}

/// Texts around the plot: headline, explanation, unit and source.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Frame {
    /// Headline, drawn bold and large.
    pub title: String,
    /// What is shown and where, drawn below the title.
    pub subtitle: String,
    /// Unit of every value, e.g. "亿元", "家", "%".
    pub unit: String,
    /// Source line drawn at the bottom, e.g. "来源：深府办〔2010〕98号".
    pub source: String,
    /// Language of the built-in words.
    pub lang: Lang,
    /// A line drawn above the source (the editor's notes).
    pub notes: String,
    /// Who made the chart, drawn after the source (制图：…).
    pub credit: String,
    /// One sentence of what the chart shows, put before the data in the description.
    pub lead: String,
    /// The whole description (`<desc>`) when the editor wrote it.
    pub alt: Option<String>,
}

impl Frame {
    /// The description: the editor's, else the lead sentence and then `data`.
    pub(crate) fn description(&self, data: String) -> String {
        self.description_or(String::new, data)
    }

    /// [`Frame::description`], with the chart's own lead sentence where the frame has none.
    pub(crate) fn description_or(&self, lead: impl FnOnce() -> String, data: String) -> String {
        match &self.alt {
            Some(a) => a.clone(),
            None if self.lead.is_empty() => format!("{}{}", lead(), data),
            None => format!("{}{}", self.lead, data),
        }
    }
}

/// Outcome of a consistency check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    /// The parts add up.
    #[default]
    Ok,
    /// The parts do not add up.
    Fail,
    /// Ranges or approximate values make the outcome undecidable.
    Uncertain,
    /// Some parts are missing, so the check cannot be made.
    Incomplete,
}

/// A value: exact (lo == hi), a range (lo < hi), a floor (hi None, "≥"), a ceiling (lo None, "≤").
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Value {
    /// Lower bound, None for a ceiling.
    pub lo: Option<f64>,
    /// Upper bound, None for a floor.
    pub hi: Option<f64>,
    /// The source says "about" (约).
    pub approx: bool,
    /// The value was summed from sub-areas instead of being stated.
    pub derived: bool,
}

impl Value {
    /// An exact value.
    pub fn exact(v: f64) -> Self {
        Value {
            lo: Some(v),
            hi: Some(v),
            ..Value::default()
        }
    }

    /// A range from `lo` to `hi`.
    pub fn range(lo: f64, hi: f64) -> Self {
        Value {
            lo: Some(lo),
            hi: Some(hi),
            ..Value::default()
        }
    }

    /// A floor: at least `lo`.
    pub fn floor(lo: f64) -> Self {
        Value {
            lo: Some(lo),
            hi: None,
            ..Value::default()
        }
    }

    /// A ceiling: at most `hi`.
    pub fn ceiling(hi: f64) -> Self {
        Value {
            lo: None,
            hi: Some(hi),
            ..Value::default()
        }
    }

    /// The same value marked as approximate.
    pub fn approx(mut self) -> Self {
        self.approx = true;
        self
    }

    /// The same value marked as summed from sub-areas.
    pub fn derived(mut self) -> Self {
        self.derived = true;
        self
    }
}

/// Whether a point is a plan or a measurement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PointKind {
    /// A planned target.
    #[default]
    Target,
    /// A measured or reported actual value.
    Actual,
}

/// One value of a series in one year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrendPoint {
    /// Calendar year.
    pub year: i32,
    /// Target or actual.
    pub kind: PointKind,
    /// The value.
    pub value: Value,
}

/// One line: one area's values over the years.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrendSeries {
    /// Name drawn at the right end of the line.
    pub label: String,
    /// Points in any order; they are sorted by year.
    pub points: Vec<TrendPoint>,
    /// An index into the palette's series colours (default: the series' place).
    pub color: Option<u8>,
    /// Drawn in the accent colour; every series not highlighted is muted.
    pub highlight: bool,
    /// Series of the same area share a group (the path still needed runs from one's
    /// actual values to another's targets).
    pub group: u32,
}

/// A point singled out: its value labelled, in the accent colour when `accent`, and the
/// editor's `text` (if any) placed clear of the data with a leader line to the point.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Callout {
    /// The series (trend) or part (allocation) it is on, by index.
    pub series: usize,
    /// The year of the point (trend); ignored for a bar.
    pub year: i32,
    /// The words, or None for the value label alone.
    pub text: Option<String>,
    /// Marker and label in the accent colour.
    pub accent: bool,
}

/// One indicator across years for one or several series.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrendChart {
    /// Texts around the plot.
    pub frame: Frame,
    /// The lines.
    pub series: Vec<TrendSeries>,
    /// Points singled out (story defaults and the editor's annotations).
    pub callouts: Vec<Callout>,
    /// The value axis fitted to the data instead of starting at zero.
    pub y_fit: bool,
    /// Draw the path still needed: from the latest actual to each later target.
    pub needed_path: bool,
}

/// One child of an allocation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Part {
    /// Name of the child, e.g. "福田区".
    pub label: String,
    /// Its value, None when missing.
    pub value: Option<Value>,
    /// An index into the palette's series colours.
    pub color: Option<u8>,
    /// Drawn in the accent colour; the parts not highlighted are muted.
    pub highlight: bool,
}

/// A parent's target split among its children.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AllocationChart {
    /// Texts around the plot.
    pub frame: Frame,
    /// Name of the parent, e.g. "深圳市".
    pub parent_label: String,
    /// The parent's value.
    pub parent: Value,
    /// The children.
    pub parts: Vec<Part>,
    /// Outcome of the check.
    pub status: Status,
    /// Parts minus parent (+ means over-allocated), when known.
    pub difference: Option<f64>,
    /// Texts on bars (`series` is the index into `parts`).
    pub callouts: Vec<Callout>,
}

/// One check drawn as a diverging bar.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImbalanceBar {
    /// Name of the check.
    pub label: String,
    /// Outcome of the check.
    pub status: Status,
    /// Lower end of the difference (parts − expected).
    pub diff_lo: f64,
    /// Upper end of the difference; equal to `diff_lo` for a fail.
    pub diff_hi: f64,
}

/// Every failing or uncertain check as a diverging bar.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImbalanceChart {
    /// Texts around the plot.
    pub frame: Frame,
    /// The checks.
    pub bars: Vec<ImbalanceBar>,
}

/// One small panel of a small-multiples chart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Panel {
    /// Name drawn on top of the panel.
    pub label: String,
    /// The lines of the panel.
    pub series: Vec<TrendSeries>,
}

/// One small panel per child with a shared value scale.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MultiplesChart {
    /// Texts around the plot.
    pub frame: Frame,
    /// The panels, drawn left to right, top to bottom.
    pub panels: Vec<Panel>,
    /// The shared value axis fitted to the data instead of starting at zero.
    pub y_fit: bool,
}
