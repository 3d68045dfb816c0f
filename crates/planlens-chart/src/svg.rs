//! Drawing primitives on plotters, and the plotters backend that writes our SVG.
//!
//! Only primitive elements are used (rectangles, paths, circles, polygons and
//! text with an explicit anchor), all at coordinates computed by the charts,
//! so plotters never measures text. [`SvgWriter`] is the backend: it writes each
//! element as compact SVG (`<title>` and `<desc>` first, the font list once on the
//! root element, font sizes rounded, vertical text offsets in em so they do not
//! depend on the font's x-height) and prints numbers without the standard
//! library's float formatting (see `num::fixed`), which keeps the wasm small.

use crate::clamp;
use plotters::coord::Shift;
use plotters::prelude::{
    Circle, DrawingArea, FontDesc, IntoDrawingArea, PathElement, Polygon, RGBAColor, Rectangle,
    ShapeStyle, Text, TextStyle,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontFamily, FontStyle};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use std::fmt::Write as _;

use super::theme::Rgb;
use super::ChartError;

/// The font list set on the root element.
const FONT_FAMILY: &str = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','Helvetica Neue',Arial,sans-serif";

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
    clamp(v.round(), -1.0e6, 1.0e6) as i32
}

/// Converts a colour and an opacity to plotters' colour type.
fn rgba(c: Rgb, alpha: f64) -> RGBAColor {
    RGBAColor(c.0, c.1, c.2, clamp(alpha, 0.0, 1.0))
}

/// Maps a plotters error to a chart error.
fn draw_err<E: std::fmt::Debug>(e: E) -> ChartError {
    ChartError::Render(format!("{e:?}"))
}

/// A drawing surface with the primitives the charts need.
pub(crate) struct Canvas<'a> {
    area: DrawingArea<SvgWriter<'a>, Shift>,
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
        // FontDesc::new, not ("sans-serif", size).into_font(): the latter lower-cases the
        // family name, which links Unicode case tables (about 11 KB of wasm).
        let font = FontDesc::new(FontFamily::SansSerif, f.size, style);
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
        let steps = clamp(((x1 - x0 + h) / spacing).ceil(), 0.0, 2000.0) as usize;
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
        let max_steps = 2 * clamp((len / period).ceil(), 0.0, 10_000.0) as usize + 4;
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

/// Renders a chart: the root element with its title and description, the background,
/// then the drawing callback.
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
    let mut out = String::with_capacity(4096 + title.len() + desc.len());
    let _ = write!(
        out,
        "<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
         xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" font-family=\"{FONT_FAMILY}\">\n\
         <title>{}</title>\n<desc>{}</desc>\n",
        escape(title),
        escape(desc)
    );
    {
        let writer = SvgWriter {
            out: &mut out,
            size: (width, height),
        };
        let canvas = Canvas {
            area: writer.into_drawing_area(),
        };
        canvas.area.fill(&rgba(bg, 1.0)).map_err(draw_err)?;
        draw(&canvas)?;
    }
    out.push_str("</svg>\n");
    Ok(out)
}

/// The plotters backend that writes SVG text (see the module documentation).
pub(crate) struct SvgWriter<'a> {
    out: &'a mut String,
    size: (u32, u32),
}

type Drawn = Result<(), DrawingErrorKind<std::fmt::Error>>;

/// `#RRGGBB`.
fn hex(c: BackendColor) -> String {
    let (r, g, b) = c.rgb;
    format!("#{r:02X}{g:02X}{b:02X}")
}

impl SvgWriter<'_> {
    /// Writes ` opacity="…"` unless the colour is opaque.
    fn opacity(&mut self, c: BackendColor) {
        if c.alpha != 1.0 {
            let a = planlens::num::fixed(clamp(c.alpha, 0.0, 1.0), 6).unwrap_or_default();
            let _ = write!(self.out, " opacity=\"{a}\"");
        }
    }

    /// Writes ` opacity fill stroke` of a shape that is either filled or outlined.
    fn fill_or_stroke(&mut self, c: BackendColor, fill: bool) {
        self.opacity(c);
        let (f, s) = if fill {
            (hex(c), "none".to_string())
        } else {
            ("none".to_string(), hex(c))
        };
        let _ = write!(self.out, " fill=\"{f}\" stroke=\"{s}\"");
    }

    fn points<I: IntoIterator<Item = BackendCoord>>(&mut self, path: I) {
        self.out.push_str(" points=\"");
        for (x, y) in path {
            let _ = write!(self.out, "{x},{y} ");
        }
        self.out.push_str("\"/>\n");
    }
}

impl DrawingBackend for SvgWriter<'_> {
    type ErrorType = std::fmt::Error;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        Ok(())
    }

    fn draw_pixel(&mut self, p: BackendCoord, color: BackendColor) -> Drawn {
        self.draw_rect(p, (p.0 + 1, p.1 + 1), &color, true)
    }

    fn draw_line<S: BackendStyle>(&mut self, a: BackendCoord, b: BackendCoord, s: &S) -> Drawn {
        self.draw_path([a, b], s)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        let _ = write!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
            a.0,
            a.1,
            b.0 - a.0,
            b.1 - a.1
        );
        self.fill_or_stroke(c, fill);
        self.out.push_str("/>\n");
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        self.out.push_str("<polyline fill=\"none\"");
        self.opacity(c);
        let _ = write!(
            self.out,
            " stroke=\"{}\" stroke-width=\"{}\"",
            hex(c),
            style.stroke_width()
        );
        self.points(path);
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        self.out.push_str("<polygon");
        self.opacity(c);
        let _ = write!(self.out, " fill=\"{}\"", hex(c));
        self.points(path);
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        let _ = write!(
            self.out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{radius}\"",
            center.0, center.1
        );
        self.fill_or_stroke(c, fill);
        let _ = writeln!(self.out, " stroke-width=\"{}\"/>", style.stroke_width());
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Drawn {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        let anchor = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "middle",
        };
        // Centred text is moved down by about half its x-height, in em so that it does
        // not depend on the font; text on its baseline needs nothing.
        let dy = match style.anchor().v_pos {
            VPos::Center => " dy=\"0.35em\"",
            VPos::Top => " dy=\"0.76em\"",
            VPos::Bottom => "",
        };
        let size = planlens::num::fixed(style.size(), 2).unwrap_or_default();
        let _ = write!(
            self.out,
            "<text x=\"{}\" y=\"{}\"{dy} text-anchor=\"{anchor}\" font-size=\"{size}\"",
            pos.0, pos.1
        );
        self.opacity(c);
        let _ = write!(self.out, " fill=\"{}\"", hex(c));
        if matches!(style.style(), FontStyle::Bold) {
            self.out.push_str(" font-weight=\"bold\"");
        }
        self.out.push('>');
        self.out.push_str(&escape(text));
        self.out.push_str("</text>\n");
        Ok(())
    }
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
