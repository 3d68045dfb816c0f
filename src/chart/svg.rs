//! Drawing primitives on plotters' SVG backend and SVG post-processing.
//!
//! Only primitive elements are used (rectangles, paths, circles, polygons and
//! text with an explicit anchor), all at coordinates computed by the charts,
//! so plotters never measures text. The finished string is then touched up:
//! `<title>` and `<desc>` go right after the opening tag, the font list is set
//! once on the root element, font sizes are rounded and vertical text offsets
//! are expressed in em so they do not depend on the font's x-height.

use plotters::coord::Shift;
use plotters::prelude::{
    Circle, DrawingArea, IntoDrawingArea, IntoFont, PathElement, Polygon, RGBAColor, Rectangle,
    SVGBackend, ShapeStyle, Text, TextStyle,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use super::theme::Rgb;
use super::ChartError;

/// The font list set on the root element.
const FONT_FAMILY: &str = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','Helvetica Neue',Arial,sans-serif";

/// plotters divides font sizes by this factor when writing SVG.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

/// Horizontal text alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// x is the left end.
    Start,
    /// x is the centre.
    Middle,
    /// x is the right end.
    End,
}

/// Vertical text alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Baseline {
    /// y is the visual middle of the line.
    Middle,
    /// y is the alphabetic baseline.
    Alphabetic,
}

/// How to draw a piece of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Font {
    /// Size in px.
    pub size: f64,
    /// Bold weight.
    pub bold: bool,
    /// Fill colour.
    pub color: Rgb,
    /// Horizontal alignment.
    pub anchor: Anchor,
    /// Vertical alignment.
    pub baseline: Baseline,
}

impl Font {
    /// Regular text, left-aligned, vertically centred.
    pub fn new(size: f64, color: Rgb) -> Self {
        Font {
            size,
            bold: false,
            color,
            anchor: Anchor::Start,
            baseline: Baseline::Middle,
        }
    }

    /// The same font in bold.
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    /// The same font with another anchor.
    pub fn anchor(mut self, anchor: Anchor) -> Self {
        self.anchor = anchor;
        self
    }

    /// The same font placed by its baseline.
    pub fn on_baseline(mut self) -> Self {
        self.baseline = Baseline::Alphabetic;
        self
    }
}

/// Rounds a pixel coordinate to the backend's integer grid.
fn px(v: f64) -> i32 {
    // Saturating float-to-int conversion; coordinates are finite and small.
    v.round().clamp(-1.0e6, 1.0e6) as i32
}

/// Converts a colour and an opacity to plotters' colour type.
fn rgba(c: Rgb, alpha: f64) -> RGBAColor {
    RGBAColor(c.0, c.1, c.2, alpha.clamp(0.0, 1.0))
}

/// Maps a plotters error to a chart error.
fn draw_err<E: std::fmt::Debug>(e: E) -> ChartError {
    ChartError::Render(format!("{e:?}"))
}

/// A drawing surface with the primitives the charts need.
pub(crate) struct Canvas<'a> {
    area: DrawingArea<SVGBackend<'a>, Shift>,
}

impl Canvas<'_> {
    /// Draws text at (x, y).
    pub fn text(&self, x: f64, y: f64, s: &str, f: Font) -> Result<(), ChartError> {
        if s.is_empty() {
            return Ok(());
        }
        // Line breaks and control characters would break the one-line text element.
        let s: String = s
            .chars()
            .map(|c| if c.is_control() || not_xml(c) { ' ' } else { c })
            .collect();
        let h = match f.anchor {
            Anchor::Start => HPos::Left,
            Anchor::Middle => HPos::Center,
            Anchor::End => HPos::Right,
        };
        let v = match f.baseline {
            Baseline::Middle => VPos::Center,
            Baseline::Alphabetic => VPos::Bottom,
        };
        let style = if f.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        let font = ("sans-serif", f.size * PLOTTERS_FONT_SCALE)
            .into_font()
            .style(style);
        let color = rgba(f.color, 1.0);
        let ts = TextStyle::from(font).color(&color).pos(Pos::new(h, v));
        self.area
            .draw(&Text::new(s.to_string(), (px(x), px(y)), ts))
            .map_err(draw_err)
    }

    /// Draws a straight line.
    pub fn line(
        &self,
        a: (f64, f64),
        b: (f64, f64),
        color: Rgb,
        alpha: f64,
        width: u32,
    ) -> Result<(), ChartError> {
        self.polyline(&[a, b], color, alpha, width)
    }

    /// Draws an open polyline.
    pub fn polyline(
        &self,
        pts: &[(f64, f64)],
        color: Rgb,
        alpha: f64,
        width: u32,
    ) -> Result<(), ChartError> {
        if pts.len() < 2 {
            return Ok(());
        }
        let style = ShapeStyle {
            color: rgba(color, alpha),
            filled: false,
            stroke_width: width,
        };
        let pts: Vec<(i32, i32)> = pts.iter().map(|&(x, y)| (px(x), px(y))).collect();
        self.area
            .draw(&PathElement::new(pts, style))
            .map_err(draw_err)
    }

    /// Draws a dashed polyline as separate segments, the dash pattern running on across corners.
    pub fn dashed(
        &self,
        pts: &[(f64, f64)],
        color: Rgb,
        alpha: f64,
        width: u32,
        dash: f64,
        gap: f64,
    ) -> Result<(), ChartError> {
        for (a, b) in dash_segments(pts, dash, gap) {
            self.line(a, b, color, alpha, width)?;
        }
        Ok(())
    }

    /// Fills a rectangle given two corners.
    pub fn rect(
        &self,
        a: (f64, f64),
        b: (f64, f64),
        color: Rgb,
        alpha: f64,
    ) -> Result<(), ChartError> {
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        let style = ShapeStyle {
            color: rgba(color, alpha),
            filled: true,
            stroke_width: 0,
        };
        self.area
            .draw(&Rectangle::new([(px(x0), px(y0)), (px(x1), px(y1))], style))
            .map_err(draw_err)
    }

    /// Outlines a rectangle given two corners.
    pub fn rect_outline(
        &self,
        a: (f64, f64),
        b: (f64, f64),
        color: Rgb,
        alpha: f64,
        width: u32,
    ) -> Result<(), ChartError> {
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        self.polyline(
            &[(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)],
            color,
            alpha,
            width,
        )
    }

    /// Draws a circle, filled or as an outline of `width` px.
    pub fn circle(
        &self,
        c: (f64, f64),
        r: u32,
        color: Rgb,
        alpha: f64,
        filled: bool,
        width: u32,
    ) -> Result<(), ChartError> {
        let style = ShapeStyle {
            color: rgba(color, alpha),
            filled,
            stroke_width: width,
        };
        self.area
            .draw(&Circle::new((px(c.0), px(c.1)), r, style))
            .map_err(draw_err)
    }

    /// Fills a polygon.
    pub fn polygon(&self, pts: &[(f64, f64)], color: Rgb, alpha: f64) -> Result<(), ChartError> {
        if pts.len() < 3 {
            return Ok(());
        }
        let style = ShapeStyle {
            color: rgba(color, alpha),
            filled: true,
            stroke_width: 0,
        };
        let pts: Vec<(i32, i32)> = pts.iter().map(|&(x, y)| (px(x), px(y))).collect();
        self.area.draw(&Polygon::new(pts, style)).map_err(draw_err)
    }

    /// Fills a rectangle with diagonal hatching (for uncertain intervals).
    pub fn hatch(
        &self,
        a: (f64, f64),
        b: (f64, f64),
        color: Rgb,
        spacing: f64,
    ) -> Result<(), ChartError> {
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        self.rect((x0, y0), (x1, y1), color, 0.18)?;
        let h = y1 - y0;
        let spacing = spacing.max(2.0);
        // Lines x - (y1 - y) = c for c stepping across the rectangle, clipped to it.
        let steps = ((x1 - x0 + h) / spacing).ceil().clamp(0.0, 2000.0) as usize;
        for k in 0..=steps {
            let c = x0 - h + k as f64 * spacing;
            // Each line runs from the bottom edge up to the right and is clipped to the sides.
            let (mut sx, mut sy) = (c, y1);
            let (mut ex, mut ey) = (c + h, y0);
            if sx < x0 {
                sy -= x0 - sx;
                sx = x0;
            }
            if ex > x1 {
                ey += ex - x1;
                ex = x1;
            }
            if ex - sx >= 1.0 {
                self.line((sx, sy), (ex, ey), color, 0.8, 1)?;
            }
        }
        self.rect_outline((x0, y0), (x1, y1), color, 0.9, 1)
    }
}

/// Splits a polyline into dash segments.
pub(crate) fn dash_segments(
    pts: &[(f64, f64)],
    dash: f64,
    gap: f64,
) -> Vec<((f64, f64), (f64, f64))> {
    let mut out = Vec::new();
    let dash = dash.max(1.0);
    let gap = gap.max(1.0);
    let period = dash + gap;
    // Position within the pattern, carried across corners.
    let mut phase = 0.0_f64;
    for w in pts.windows(2) {
        let (Some(&a), Some(&b)) = (w.first(), w.get(1)) else {
            continue;
        };
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        if len <= 0.0 || !len.is_finite() {
            continue;
        }
        let at = |t: f64| (a.0 + (b.0 - a.0) * t / len, a.1 + (b.1 - a.1) * t / len);
        let mut t = 0.0;
        let max_steps = 2 * (len / period).ceil().clamp(0.0, 10_000.0) as usize + 4;
        for _ in 0..max_steps {
            if t >= len {
                break;
            }
            if phase < dash {
                let seg = (dash - phase).min(len - t);
                out.push((at(t), at(t + seg)));
                t += seg;
                phase += seg;
            } else {
                let seg = (period - phase).min(len - t);
                t += seg;
                phase += seg;
            }
            if phase >= period - 1e-9 {
                phase = 0.0;
            }
        }
    }
    out
}

/// U+FFFE and U+FFFF are not XML 1.0 characters (the `Char` production): a document
/// holding one is not well-formed, even escaped as a character reference.
fn not_xml(c: char) -> bool {
    matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Escapes text for XML content and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and newline are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => out.push(' '),
            c if not_xml(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Removes the line breaks plotters writes around the content of each text element.
fn tighten_text(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some((head, tail)) = rest.split_once("<text ") {
        out.push_str(head);
        out.push_str("<text ");
        let Some((open, after)) = tail.split_once(">\n") else {
            rest = tail;
            break;
        };
        out.push_str(open);
        out.push('>');
        let Some((content, after)) = after.split_once("\n</text>") else {
            rest = after;
            continue;
        };
        out.push_str(content);
        out.push_str("</text>");
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Rounds every `font-size="…"` value to at most two decimals.
fn round_font_sizes(svg: &str) -> String {
    const KEY: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some((head, tail)) = rest.split_once(KEY) {
        out.push_str(head);
        out.push_str(KEY);
        let Some((num, after)) = tail.split_once('"') else {
            rest = tail;
            break;
        };
        match num.parse::<f64>() {
            Ok(v) => out.push_str(&super::format::fmt_fixed(v, 2)),
            Err(_) => out.push_str(num),
        }
        out.push('"');
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Renders a chart: background, drawing callback, then post-processing.
pub(crate) fn render<F>(
    width: u32,
    height: u32,
    bg: Rgb,
    title: &str,
    desc: &str,
    draw: F,
) -> Result<String, ChartError>
where
    F: FnOnce(&Canvas) -> Result<(), ChartError>,
{
    let mut buf = String::new();
    {
        let area = SVGBackend::with_string(&mut buf, (width, height)).into_drawing_area();
        area.fill(&rgba(bg, 1.0)).map_err(draw_err)?;
        let canvas = Canvas { area };
        draw(&canvas)?;
        canvas.area.present().map_err(draw_err)?;
    }
    let body = buf
        .replace(" font-family=\"sans-serif\"", "")
        .replace(" dy=\"-0.5ex\"", "")
        .replace(" dy=\"0.5ex\"", " dy=\"0.35em\"")
        .replace(" opacity=\"1\"", "");
    let body = tighten_text(&round_font_sizes(&body));
    let Some((open, rest)) = body.split_once(">\n") else {
        return Err(ChartError::Render(
            "the SVG backend wrote no root element".into(),
        ));
    };
    let mut out = String::with_capacity(body.len() + title.len() + desc.len() + 256);
    out.push_str(open);
    out.push_str(" role=\"img\" font-family=\"");
    out.push_str(FONT_FAMILY);
    out.push_str("\">\n<title>");
    out.push_str(&escape(title));
    out.push_str("</title>\n<desc>");
    out.push_str(&escape(desc));
    out.push_str("</desc>\n");
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_characters() {
        assert_eq!(
            escape("<script>alert(1)</script>&\"'"),
            "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&apos;"
        );
        assert_eq!(escape("a\u{1}b"), "a b");
    }

    #[test]
    fn dashes_cover_the_path_with_gaps() {
        let segs = dash_segments(&[(0.0, 0.0), (20.0, 0.0)], 6.0, 4.0);
        assert_eq!(segs.len(), 2);
        assert_eq!(segs.first().map(|s| s.1 .0), Some(6.0));
        assert_eq!(segs.get(1).map(|s| s.0 .0), Some(10.0));
        assert!(dash_segments(&[(0.0, 0.0)], 6.0, 4.0).is_empty());
    }

    #[test]
    fn text_content_is_tightened() {
        assert_eq!(
            tighten_text("<svg>\n<text x=\"1\">\nab\n</text>\n<rect/>\n"),
            "<svg>\n<text x=\"1\">ab</text>\n<rect/>\n"
        );
    }

    #[test]
    fn font_sizes_are_rounded() {
        assert_eq!(
            round_font_sizes("<text font-size=\"13.000000000000002\">"),
            "<text font-size=\"13\">"
        );
    }

    #[test]
    fn render_inserts_title_and_desc() {
        let svg = render(300, 200, Rgb(255, 255, 255), "T<", "D&", |c| {
            c.text(10.0, 10.0, "<b>", Font::new(12.0, Rgb(0, 0, 0)))
        });
        let svg = svg.unwrap_or_default();
        assert!(svg.contains("<title>T&lt;</title>\n<desc>D&amp;</desc>"));
        assert!(svg.contains("&lt;b&gt;"));
        assert!(svg.contains("viewBox=\"0 0 300 200\""));
        assert!(svg.contains("font-size=\"12\""));
    }
}
