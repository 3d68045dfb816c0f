//! Line drawing shared by the trend chart and the small multiples.

use super::format::{fmt_sig, fmt_value, fmt_value_bare, unit_scale, Bounds, UnitScale};
use super::input::ChartOptions;
use super::input::{Lang, PointKind, TrendSeries, Value};
use super::layout::{Ctx, KeyItem, Swatch, Words};
use super::scale::{nice_ticks, Linear, Ticks};
use super::svg::{render, Anchor, Canvas, Font};
use super::text::text_width;
use super::theme::Rgb;
use super::ChartError;

/// A point with its bounds resolved.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pt {
    pub year: i32,
    pub kind: PointKind,
    pub b: Bounds,
    pub v: Value,
}

/// A series with its points sorted by year.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Series {
    pub label: String,
    pub pts: Vec<Pt>,
    pub color: Option<u8>,
    pub highlight: bool,
    pub group: u32,
}

/// The colour of each series: the accent for highlighted ones and a muted grey for the
/// rest when any is highlighted; else the palette's, by the editor's index or by place.
/// `any` says whether any series of the chart (every panel) is highlighted.
pub(crate) fn colors(series: &[Series], pal: &super::theme::Palette, any: bool) -> Vec<Rgb> {
    series
        .iter()
        .enumerate()
        .map(|(i, s)| match (any, s.highlight) {
            (true, true) => pal.accent,
            (true, false) => pal.neutral,
            _ => pal.series_color(s.color.map_or(i, usize::from)),
        })
        .collect()
}

impl Series {
    /// The last point by year.
    pub fn last(&self) -> Option<&Pt> {
        self.pts.last()
    }
}

/// Checks that every bound is finite.
pub(crate) fn check_value(v: &Value, what: impl FnOnce() -> String) -> Result<(), ChartError> {
    if v.lo.is_some_and(|x| !x.is_finite()) || v.hi.is_some_and(|x| !x.is_finite()) {
        return Err(ChartError::NonFinite(what()));
    }
    Ok(())
}

/// Validates series and sorts their points; points without any bound are dropped.
pub(crate) fn prepare(list: &[TrendSeries]) -> Result<Vec<Series>, ChartError> {
    let mut out = Vec::with_capacity(list.len());
    for s in list {
        let mut pts = Vec::with_capacity(s.points.len());
        for p in &s.points {
            check_value(&p.value, || format!("{} {}", s.label, p.year))?;
            if let Some(b) = Bounds::of(&p.value) {
                pts.push(Pt {
                    year: p.year,
                    kind: p.kind,
                    b,
                    v: p.value,
                });
            }
        }
        planlens::order::sort_by_key(&mut pts, |p| p.year);
        out.push(Series {
            label: s.label.clone(),
            pts,
            color: s.color,
            highlight: s.highlight,
            group: s.group,
        });
    }
    Ok(out)
}

/// What the series contain, for scales, key and footnotes.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Extent {
    pub lo: f64,
    pub hi: f64,
    pub year_min: i32,
    pub year_max: i32,
    pub has_target: bool,
    pub has_actual: bool,
    pub has_range: bool,
    pub has_derived: bool,
    pub has_bound: bool,
    pub points: usize,
}

/// The extent of several series, None when there is no point.
pub(crate) fn extent<'a>(series: impl IntoIterator<Item = &'a Series>) -> Option<Extent> {
    let mut e: Option<Extent> = None;
    for s in series {
        for p in &s.pts {
            let cur = e.get_or_insert(Extent {
                lo: p.b.low(),
                hi: p.b.high(),
                year_min: p.year,
                year_max: p.year,
                ..Extent::default()
            });
            cur.lo = cur.lo.min(p.b.low());
            cur.hi = cur.hi.max(p.b.high());
            cur.year_min = cur.year_min.min(p.year);
            cur.year_max = cur.year_max.max(p.year);
            cur.has_target |= p.kind == PointKind::Target;
            cur.has_actual |= p.kind == PointKind::Actual;
            cur.has_range |= matches!(p.b, Bounds::Range(..));
            cur.has_bound |= matches!(p.b, Bounds::Floor(_) | Bounds::Ceiling(_));
            cur.has_derived |= p.v.derived;
            cur.points += 1;
        }
    }
    e
}

/// The value interval to show: from zero (the default), or fitted to the data.
pub(crate) fn y_domain(e: &Extent, fit: bool) -> (f64, f64) {
    let (mut lo, mut hi) = (e.lo, e.hi);
    if fit {
        let pad = ((hi - lo).abs() * 0.08).max(hi.abs().max(lo.abs()) * 0.01);
        return (lo - pad, hi + pad * 0.75);
    }
    if lo >= 0.0 {
        lo = 0.0;
    }
    if hi <= 0.0 {
        hi = 0.0;
    }
    // Head room for labels above the highest point.
    let span = (hi - lo).abs().max(hi.abs() * 0.1).max(1e-9);
    (lo, hi + span * 0.06)
}

/// Key entries for the kinds of points present.
/// The footnotes under a line chart: the derived-value note when any point is derived.
pub(crate) fn footnotes(e: &Extent, ctx: &Ctx) -> Vec<String> {
    if e.has_derived {
        vec![ctx.words.derived_note.to_string()]
    } else {
        Vec::new()
    }
}

pub(crate) fn key_items(e: &Extent, lang: Lang) -> Vec<KeyItem> {
    let (actual, target, range) = match lang {
        Lang::Zh => ("实际", "目标", "目标区间"),
        Lang::En => ("Actual", "Target", "Target range"),
    };
    let mut out = Vec::new();
    if e.has_actual {
        out.push(KeyItem {
            swatch: Swatch::Actual,
            label: actual.to_string(),
        });
    }
    if e.has_target {
        out.push(KeyItem {
            swatch: Swatch::Target,
            label: target.to_string(),
        });
    }
    if e.has_range {
        out.push(KeyItem {
            swatch: Swatch::Range,
            label: range.to_string(),
        });
    }
    out
}

/// Maps years and values to pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Plot {
    pub x: Linear,
    pub y: Linear,
    /// Left end of the drawing area, for keeping labels inside.
    pub left: f64,
    /// Right end of the drawing area, for keeping labels inside.
    pub right: f64,
}

impl Plot {
    /// Pixel x of a year.
    pub fn xy(&self, year: i32) -> f64 {
        self.x.map(f64::from(year))
    }
}

/// How to draw a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LineStyle {
    pub r: u32,
    pub width: u32,
    pub color: Rgb,
    /// Label every point but the last above its marker.
    pub label_points: bool,
    /// Label the last point above its marker.
    pub label_last: bool,
    pub label_size: f64,
    /// Values are divided by this for labels.
    pub divisor: f64,
    /// The path from the latest actual to a later target is drawn apart (the trend's
    /// "path still needed"), not as the start of the plan's line.
    pub needed_apart: bool,
}

/// The paths still needed: for each series' last target, from the latest actual of its
/// area (any series of its group) before that target's year, unless an actual for that
/// year or later is known already.
pub(crate) fn needed_paths(series: &[Series]) -> Vec<(&Pt, &Pt)> {
    let mut out = Vec::new();
    for s in series {
        let Some(target) = s.pts.iter().rev().find(|p| p.kind == PointKind::Target) else {
            continue;
        };
        let actuals = series
            .iter()
            .filter(|o| o.group == s.group)
            .flat_map(|o| o.pts.iter())
            .filter(|p| p.kind == PointKind::Actual);
        let mut latest: Option<&Pt> = None;
        let mut reached = false;
        for a in actuals {
            if a.year >= target.year {
                reached = true;
            } else if latest.is_none_or(|l| a.year > l.year) {
                latest = Some(a);
            }
        }
        if let (false, Some(a)) = (reached, latest) {
            out.push((a, target));
        }
    }
    out
}

/// The y just above what is drawn for a point, where a label can sit.
fn top_of(p: &Pt, plot: &Plot, r: f64) -> f64 {
    match p.b {
        Bounds::Range(_, hi) => plot.y.map(hi) - 3.0,
        Bounds::Floor(v) => plot.y.map(v) - r - 12.0,
        Bounds::Exact(v) | Bounds::Ceiling(v) => plot.y.map(v) - r - 3.0,
    }
}

/// The y just below what is drawn for a point.
fn bottom_of(p: &Pt, plot: &Plot, r: f64) -> f64 {
    match p.b {
        Bounds::Range(lo, _) => plot.y.map(lo) + 3.0,
        Bounds::Ceiling(v) => plot.y.map(v) + r + 12.0,
        Bounds::Exact(v) | Bounds::Floor(v) => plot.y.map(v) + r + 3.0,
    }
}

/// Draws a point's marker.
fn marker(cv: &Canvas, ctx: &Ctx, p: &Pt, plot: &Plot, st: &LineStyle) -> Result<(), ChartError> {
    let x = plot.xy(p.year);
    let c = st.color;
    let r = f64::from(st.r);
    let target = p.kind == PointKind::Target;
    if let Bounds::Range(lo, hi) = p.b {
        let (y0, y1) = (plot.y.map(hi), plot.y.map(lo));
        let half = r + 1.0;
        let alpha = if p.v.derived { 0.12 } else { 0.25 };
        cv.rect((x - half, y0), (x + half, y1), c, alpha)?;
        let cap_alpha = if p.v.derived { 0.55 } else { 1.0 };
        cv.line((x - half - 1.0, y0), (x + half + 1.0, y0), c, cap_alpha, 2)?;
        cv.line((x - half - 1.0, y1), (x + half + 1.0, y1), c, cap_alpha, 2)?;
        return Ok(());
    }
    let y = plot.y.map(p.b.mid());
    if p.v.derived {
        let d = r + 1.5;
        let pts = [(x, y - d), (x + d, y), (x, y + d), (x - d, y)];
        if target {
            cv.polygon(&pts, ctx.pal.bg, 1.0)?;
            let mut ring = pts.to_vec();
            ring.push((x, y - d));
            cv.polyline(&ring, c, 0.6, 2)?;
        } else {
            cv.polygon(&pts, c, 0.55)?;
        }
    } else if target {
        cv.circle((x, y), st.r, ctx.pal.bg, 1.0, true, 1)?;
        cv.circle((x, y), st.r, c, 1.0, false, 2)?;
    } else {
        cv.circle((x, y), st.r, c, 1.0, true, 1)?;
    }
    match p.b {
        Bounds::Floor(_) => cv.polygon(
            &[
                (x - 4.0, y - r - 4.0),
                (x + 4.0, y - r - 4.0),
                (x, y - r - 10.0),
            ],
            c,
            1.0,
        ),
        Bounds::Ceiling(_) => cv.polygon(
            &[
                (x - 4.0, y + r + 4.0),
                (x + 4.0, y + r + 4.0),
                (x, y + r + 10.0),
            ],
            c,
            1.0,
        ),
        _ => Ok(()),
    }
}

/// A value label that wants to sit above a point, or below it when that is taken.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PointLabel {
    pub x: f64,
    /// Baseline when placed above the point.
    pub above: f64,
    /// Baseline when placed below the point.
    pub below: f64,
    pub text: String,
}

/// An occupied area: left, top, right, bottom.
pub(crate) type Area = (f64, f64, f64, f64);

/// Whether two areas overlap.
fn overlaps(a: &Area, b: &Area) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Draws point labels above or below their points, skipping those that would
/// overlap a label already placed; `taken` collects the areas used.
pub(crate) fn place_labels(
    cv: &Canvas,
    ctx: &Ctx,
    labels: &[PointLabel],
    size: f64,
    plot: &Plot,
    taken: &mut Vec<Area>,
) -> Result<(), ChartError> {
    for l in labels {
        let w = text_width(&l.text, size, false);
        let left = (l.x - w / 2.0).min(plot.right - w).max(plot.left);
        let area_at = |base: f64| {
            (
                left - 2.0,
                base - size * 0.9,
                left + w + 2.0,
                base + size * 0.25,
            )
        };
        let Some(base) = [l.above, l.below]
            .into_iter()
            .find(|b| !taken.iter().any(|t| overlaps(t, &area_at(*b))))
        else {
            continue;
        };
        let a = area_at(base);
        cv.rect((a.0, a.1), (a.2, a.3), ctx.pal.bg, 0.8)?;
        cv.text(
            left,
            base,
            &l.text,
            Font::new(size, ctx.pal.text).on_baseline(),
        )?;
        taken.push(a);
    }
    Ok(())
}

/// Draws one series (lines and markers) and returns the value labels it wants.
pub(crate) fn draw_series(
    cv: &Canvas,
    ctx: &Ctx,
    s: &Series,
    plot: &Plot,
    st: &LineStyle,
) -> Result<Vec<PointLabel>, ChartError> {
    let at = |p: &Pt| (plot.xy(p.year), plot.y.map(p.b.mid()));
    let actual: Vec<&Pt> = s
        .pts
        .iter()
        .filter(|p| p.kind == PointKind::Actual)
        .collect();
    let targets: Vec<&Pt> = s
        .pts
        .iter()
        .filter(|p| p.kind == PointKind::Target)
        .collect();
    let actual_path: Vec<(f64, f64)> = actual.iter().map(|p| at(p)).collect();
    cv.polyline(&actual_path, st.color, 1.0, st.width)?;
    let mut target_path: Vec<(f64, f64)> = Vec::new();
    if let Some(first) = targets.first() {
        // The plan starts from the last actual value before it, if any (unless that
        // path is drawn apart as the path still needed).
        if let Some(base) = actual.iter().rev().find(|p| p.year < first.year) {
            if !st.needed_apart {
                target_path.push(at(base));
            }
        }
    }
    target_path.extend(targets.iter().map(|p| at(p)));
    cv.dashed(&target_path, st.color, 1.0, st.width, 6.0, 4.0)?;
    for p in &s.pts {
        marker(cv, ctx, p, plot, st)?;
    }
    let n = s.pts.len();
    let r = f64::from(st.r);
    let mut labels = Vec::new();
    for (i, p) in s.pts.iter().enumerate() {
        let is_last = i + 1 == n;
        // Ranges, floors and ceilings are always labelled: the sign carries meaning.
        let bound = !matches!(p.b, Bounds::Exact(_));
        if (is_last && st.label_last) || (!is_last && (st.label_points || bound)) {
            labels.push(PointLabel {
                x: plot.xy(p.year),
                above: top_of(p, plot, r) - 3.0,
                below: bottom_of(p, plot, r) + st.label_size * 0.9 + 3.0,
                text: fmt_value_bare(&p.v, st.divisor, ctx.lang),
            });
        }
    }
    Ok(labels)
}

/// Draws year labels below the plot, thinned out to fit.
pub(crate) fn year_labels(
    cv: &Canvas,
    ctx: &Ctx,
    plot: &Plot,
    e: &Extent,
    y: f64,
    size: f64,
    only_ends: bool,
) -> Result<(), ChartError> {
    let font = Font::new(size, ctx.pal.muted).anchor(Anchor::Middle);
    let span = i64::from(e.year_max) - i64::from(e.year_min);
    if only_ends || span == 0 {
        cv.text(plot.xy(e.year_min), y, &e.year_min.to_string(), font)?;
        if span != 0 {
            cv.text(plot.xy(e.year_max), y, &e.year_max.to_string(), font)?;
        }
        return Ok(());
    }
    let label_w = text_width("2000", size, false) + 14.0;
    let avail = (plot.xy(e.year_max) - plot.xy(e.year_min)).abs() + label_w;
    let fit = (avail / label_w).floor().max(2.0);
    let mut step: i64 = 1;
    for s in [1_i64, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000] {
        step = s;
        if (span / s + 1) as f64 <= fit {
            break;
        }
    }
    let count = (span / step.max(1)).clamp(0, 1000);
    for k in 0..=count {
        let year = i64::from(e.year_min) + k * step;
        let Ok(year) = i32::try_from(year) else {
            continue;
        };
        cv.text(plot.xy(year), y, &year.to_string(), font)?;
    }
    Ok(())
}

/// Words for the kinds present, e.g. "目标" or "targets and actual values".
pub(crate) fn kinds_word(e: &Extent, lang: Lang) -> &'static str {
    match (lang, e.has_target, e.has_actual) {
        (Lang::Zh, true, true) => "目标与实际",
        (Lang::Zh, false, true) => "实际",
        (Lang::Zh, _, _) => "目标",
        (Lang::En, true, true) => "targets and actual values",
        (Lang::En, false, true) => "actual values",
        (Lang::En, _, _) => "targets",
    }
}

/// The year span in words: "2011–2012年" or "2011".
pub(crate) fn years_word(e: &Extent, w: &Words) -> String {
    if e.year_min == e.year_max {
        format!("{}{}", e.year_min, w.year_suffix)
    } else {
        format!("{}–{}{}", e.year_min, e.year_max, w.year_suffix)
    }
}

/// One series in words: "深圳市：2011年 700亿元，2012年 900亿元".
pub(crate) fn describe_series(s: &Series, unit: &str, e: &Extent, w: &Words, lang: Lang) -> String {
    let mixed = e.has_target && e.has_actual;
    let pts: Vec<String> = s
        .pts
        .iter()
        .take(40)
        .map(|p| {
            let kind = if !mixed {
                ""
            } else if p.kind == PointKind::Target {
                w.target
            } else {
                w.actual
            };
            let derived = match (p.v.derived, lang) {
                (false, _) => "",
                (true, Lang::Zh) => "（由下级加总）",
                (true, Lang::En) => " (summed from sub-areas)",
            };
            let value = fmt_value(&p.v, unit, lang);
            match lang {
                Lang::Zh => format!("{}年{} {}{}", p.year, kind, value, derived),
                Lang::En if kind.is_empty() => format!("{} {}{}", p.year, value, derived),
                Lang::En => format!("{} {} {}{}", p.year, kind, value, derived),
            }
        })
        .collect();
    // A lone series has no label (the title names it): no "：" before its points then.
    let mut out = if s.label.is_empty() {
        pts.join(w.list_sep)
    } else {
        format!("{}{}{}", s.label, w.colon, pts.join(w.list_sep))
    };
    if s.pts.len() > 40 {
        out.push('…');
    }
    out
}

/// The first clause of a line chart's description: the title, then `middle` (the trend
/// has none; small multiples say how many panels), then the years and kinds of figures.
pub(super) fn describe_head(
    title: &str,
    middle: Option<(&str, &str)>,
    e: &Extent,
    ctx: &Ctx,
) -> String {
    let years = years_word(e, &ctx.words);
    let kinds = kinds_word(e, ctx.lang);
    match (ctx.lang, middle) {
        (Lang::Zh, None) => format!("{title}，{years}{kinds}"),
        (Lang::Zh, Some((zh, _))) => format!("{title}，{zh}，{years}{kinds}"),
        (Lang::En, None) => format!("{title}, {years} {kinds}"),
        (Lang::En, Some((_, en))) => format!("{title}, {en}, {years} {kinds}"),
    }
}

/// Renders a line chart (trend or small multiples): the key and footnotes both have,
/// then `draw` with them onto the canvas.
pub(super) fn render_lines<F>(
    o: &ChartOptions,
    ctx: &Ctx,
    title: &str,
    desc: &str,
    e: &Extent,
    draw: F,
) -> Result<String, ChartError>
where
    F: FnOnce(&Canvas, &[KeyItem], &[String]) -> Result<(), ChartError>,
{
    let key = key_items(e, ctx.lang);
    let footnotes = footnotes(e, ctx);
    render(o.width, o.height, ctx.pal.bg, title, desc, |cv| {
        draw(cv, &key, &footnotes)
    })
}

/// The value axis of a line chart: nice ticks over the domain, the unit scaled to them
/// (亿 → 万亿), each tick's label and the widest label's width at `font_size`.
pub(super) struct ValueAxis {
    pub ticks: Ticks,
    pub scale: UnitScale,
    pub labels: Vec<String>,
    pub label_w: f64,
}

impl ValueAxis {
    pub fn new(lo: f64, hi: f64, n_ticks: usize, unit: &str, font_size: f64) -> ValueAxis {
        let ticks = nice_ticks(lo, hi, n_ticks);
        let scale = unit_scale(ticks.min.abs().max(ticks.max.abs()), unit);
        let labels: Vec<String> = ticks
            .values
            .iter()
            .map(|v| fmt_sig(v / scale.divisor))
            .collect();
        let label_w = labels
            .iter()
            .map(|l| text_width(l, font_size, false))
            .fold(0.0, f64::max);
        ValueAxis {
            ticks,
            scale,
            labels,
            label_w,
        }
    }
}
