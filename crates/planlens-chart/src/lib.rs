//! SVG charts of plan targets for news articles.
//!
//! Four charts are offered: a trend of one indicator over the years, the
//! allocation of a parent's target among its children, the imbalances of
//! failing checks, and small multiples with one panel per child. Every chart
//! is built from plain data, drawn with plotters using primitive elements only
//! onto our own SVG-writing backend (`svg.rs`), and returned as a string; there is no I/O and no font
//! engine, so the same input gives the same bytes natively and in WebAssembly.

mod allocation;
mod format;
mod imbalance;
mod input;
mod layout;
mod lines;
mod multiples;
mod scale;
mod spec;
mod svg;
mod text;
mod theme;
mod trend;

pub mod from_model;

pub use allocation::allocation;
pub use format::format_number;
pub use from_model::{
    describe, draw, plan_name, ChartMeta, ChartSpec, ChartType, PlanRef, SpecError,
};
pub use imbalance::imbalance;
pub use input::{
    AllocationChart, Callout, ChartOptions, Frame, ImbalanceBar, ImbalanceChart, Lang,
    MultiplesChart, Panel, Part, PointKind, Status, Theme, TrendChart, TrendPoint, TrendSeries,
    Value,
};
pub use multiples::multiples;
pub use spec::{Annotation, ChartText, SeriesStyle, YAxis, PALETTE_SIZE};
pub use text::{text_width, truncate, wrap};
pub use trend::trend;

/// `v` limited to `lo..=hi`: `f64::clamp` without its assertion that `lo <= hi`, which
/// would panic (a panic kills the page) and whose message formats both bounds, bringing
/// the standard library's float printing (about 19 KB) into the WebAssembly. The same
/// value as `clamp` wherever that does not panic; NaN stays NaN. `f64::clamp` is
/// refused in clippy.toml.
pub(crate) fn clamp(v: f64, lo: f64, hi: f64) -> f64 {
    let v = if v < lo { lo } else { v };
    if v > hi {
        hi
    } else {
        v
    }
}

/// Why a chart could not be drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartError {
    /// There is nothing to draw; the text says what is missing.
    Empty(&'static str),
    /// A value is NaN or infinite; the text says where.
    NonFinite(String),
    /// Width or height is outside 200..=4000 px.
    Size {
        /// Requested width in px.
        width: u32,
        /// Requested height in px.
        height: u32,
    },
    /// The SVG backend reported an error.
    Render(String),
}

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChartError::Empty(what) => write!(f, "nothing to draw: {what}"),
            ChartError::NonFinite(at) => write!(f, "value is not a finite number: {at}"),
            ChartError::Size { width, height } => write!(
                f,
                "chart size {width}×{height} px is outside the supported 200 to 4000 px"
            ),
            ChartError::Render(msg) => write!(f, "SVG rendering failed: {msg}"),
        }
    }
}

impl std::error::Error for ChartError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_explain_themselves() {
        assert_eq!(
            ChartError::Empty("the trend chart has no data points").to_string(),
            "nothing to draw: the trend chart has no data points"
        );
        assert_eq!(
            ChartError::NonFinite("深圳市 2011".into()).to_string(),
            "value is not a finite number: 深圳市 2011"
        );
        assert_eq!(
            ChartError::Size {
                width: 100,
                height: 400
            }
            .to_string(),
            "chart size 100×400 px is outside the supported 200 to 4000 px"
        );
        let o = ChartOptions {
            width: 4001,
            ..ChartOptions::default()
        };
        assert!(matches!(
            trend(&TrendChart::default(), &o),
            Err(ChartError::Size { .. })
        ));
    }

    #[test]
    fn defaults_match_the_contract() {
        let o = ChartOptions::default();
        assert_eq!((o.width, o.height, o.theme), (640, 400, Theme::Light));
        assert_eq!(Lang::default(), Lang::Zh);
    }
}
