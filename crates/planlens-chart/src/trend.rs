//! Trend chart: one indicator across years for one or several series.

use super::format::fmt_value_bare;
use super::input::{Callout, ChartOptions, TrendChart};
use super::layout::{self, Ctx};
use super::lines::{self, LineStyle, Plot, Series, ValueAxis};
use super::scale::Linear;
use super::svg::render;
use super::svg::{Canvas, Font};
use super::text::{text_width, truncate};
use super::ChartError;
use crate::clamp;

/// The accessible description of a trend chart.
fn describe(c: &TrendChart, series: &[Series], e: &lines::Extent, ctx: &Ctx) -> String {
    let w = &ctx.words;
    let head = lines::describe_head(&c.frame.title, None, e, ctx);
    let items: Vec<String> = series
        .iter()
        .filter(|s| !s.pts.is_empty())
        .take(30)
        .map(|s| lines::describe_series(s, &c.frame.unit, e, w, ctx.lang))
        .collect();
    layout::sentence(w, &head, &items)
}

/// A right-end label of a series.
struct EndLabel {
    name: String,
    value: String,
    want: f64,
    x: f64,
    color: super::theme::Rgb,
}

/// Renders a trend chart as SVG.
pub fn trend(c: &TrendChart, o: &ChartOptions) -> Result<String, ChartError> {
    let ctx = Ctx::new(&c.frame, o)?;
    let series = lines::prepare(&c.series)?;
    let Some(e) = lines::extent(&series) else {
        return Err(ChartError::Empty("the trend chart has no data points"));
    };
    let desc = c.frame.description(describe(c, &series, &e, &ctx));
    let needed = c.needed_path && !lines::needed_paths(&series).is_empty();
    let mut key = lines::key_items(&e, ctx.lang);
    if needed {
        key.push(layout::KeyItem {
            swatch: layout::Swatch::Needed,
            label: ctx.words.needed.to_string(),
        });
    }
    let footnotes = lines::footnotes(&e, &ctx);
    // The end labels need this many rows; beyond what the plot holds, a legend names the
    // lines instead (decided before drawing: the legend is part of the header).
    let colors = lines::colors(&series, &ctx.pal, series.iter().any(|s| s.highlight));
    let legend = legend_needed(&ctx, &series, o);
    if legend {
        for (s, color) in series.iter().zip(&colors) {
            if !s.pts.is_empty() && !s.label.is_empty() {
                key.push(layout::KeyItem {
                    swatch: layout::Swatch::Line(*color),
                    label: s.label.clone(),
                });
            }
        }
    }
    render(o.width, o.height, ctx.pal.bg, &c.frame.title, &desc, |cv| {
        let look = Look {
            colors: &colors,
            legend,
            needed,
            fit: c.y_fit,
        };
        draw(cv, &ctx, &series, &e, &key, &footnotes, &look, &c.callouts)
    })
}

/// How the series are drawn: colours, legend or end labels, the path still needed.
struct Look<'a> {
    colors: &'a [super::theme::Rgb],
    legend: bool,
    needed: bool,
    fit: bool,
}

/// The height of one end label's row.
fn end_gap(body: f64) -> f64 {
    (body * 1.4).ceil() + 2.0
}

/// Whether the end labels would not fit beside the plot (too many lines for its height,
/// or names too long for the room at the right): then a legend names the lines.
fn legend_needed(ctx: &Ctx, series: &[Series], o: &ChartOptions) -> bool {
    let t = ctx.typo;
    let named: Vec<&Series> = series
        .iter()
        .filter(|s| !s.pts.is_empty() && !s.label.is_empty())
        .collect();
    if named.len() <= 1 {
        return false;
    }
    // A rough plot height: the chart less its header and footer.
    let plot_h = f64::from(o.height) * 0.55;
    let rows = (plot_h / end_gap(t.body)).floor() as usize;
    let room = (ctx.w * 0.34).max(60.0);
    named.len() > rows
        || named
            .iter()
            .any(|s| text_width(&s.label, t.body, true) + text_width("0,000", t.body, false) > room)
}

/// Draws the whole trend chart.
#[allow(clippy::too_many_arguments)]
fn draw(
    cv: &Canvas,
    ctx: &Ctx,
    series: &[Series],
    e: &lines::Extent,
    key: &[layout::KeyItem],
    footnotes: &[String],
    look: &Look,
    callouts: &[Callout],
) -> Result<(), ChartError> {
    let t = ctx.typo;
    let top = layout::header(cv, ctx, None, key)?;
    let bottom = layout::footer(cv, ctx, footnotes)?;
    let small_lh = Ctx::lh(t.small);
    let plot_top = top + small_lh + 8.0;
    let plot_bottom = (bottom - small_lh - 6.0).max(plot_top + 20.0);

    let (dlo, dhi) = lines::y_domain(e, look.fit);
    let n_ticks = clamp(((plot_bottom - plot_top) / 50.0).round(), 2.0, 6.0) as usize;
    let ValueAxis {
        ticks,
        scale,
        labels: tick_labels,
        label_w: tick_w,
    } = ValueAxis::new(dlo, dhi, n_ticks, &ctx.frame.unit, t.small);
    let plot_left = t.pad + tick_w + 8.0;
    let color_of = |i: usize| look.colors.get(i).copied().unwrap_or(ctx.pal.muted);

    // Right-end labels: series name in its colour, then the last value (only the value
    // when a legend names the lines).
    let max_right = (ctx.w * 0.34).max(60.0);
    let mut wanted_right: f64 = 0.0;
    let mut ends: Vec<EndLabel> = Vec::new();
    for (i, s) in series.iter().enumerate() {
        let Some(last) = s.last() else { continue };
        let value = fmt_value_bare(&last.v, scale.divisor, ctx.lang);
        let vw = text_width(&value, t.body, false);
        let name_room = (max_right - vw - 14.0).max(t.body * 2.0);
        let name = if look.legend {
            String::new()
        } else {
            truncate(&s.label, t.body, true, name_room)
        };
        let nw = text_width(&name, t.body, true);
        let gap = if name.is_empty() { 0.0 } else { 5.0 };
        wanted_right = wanted_right.max(nw + gap + vw + 10.0);
        ends.push(EndLabel {
            name,
            value,
            want: 0.0,
            x: 0.0,
            color: color_of(i),
        });
    }
    let right_w = wanted_right.min(max_right);
    let plot_right = (ctx.w - t.pad - right_w).max(plot_left + 40.0);
    let inset = 12.0;
    let plot = Plot {
        x: Linear::new(
            f64::from(e.year_min),
            f64::from(e.year_max),
            plot_left + inset,
            plot_right - inset,
        ),
        y: Linear::new(ticks.min, ticks.max, plot_bottom, plot_top),
        left: plot_left,
        right: plot_right,
    };

    layout::draw_unit(cv, ctx, &scale.unit, t.pad, top + small_lh / 2.0)?;
    for (v, label) in ticks.values.iter().zip(tick_labels.iter()) {
        layout::hgrid(
            cv,
            ctx,
            plot.y.map(*v),
            plot_left,
            plot_right,
            Some(label),
            *v == 0.0,
        )?;
    }
    lines::year_labels(
        cv,
        ctx,
        &plot,
        e,
        plot_bottom + small_lh / 2.0 + 6.0,
        t.small,
        false,
    )?;

    // The path still needed: dotted, muted, under the plan's own lines.
    if look.needed {
        for (a, b) in lines::needed_paths(series) {
            let pa = (plot.xy(a.year), plot.y.map(a.b.mid()));
            let pb = (plot.xy(b.year), plot.y.map(b.b.mid()));
            cv.dashed(&[pa, pb], ctx.pal.muted, 1.0, 2, 2.0, 3.0)?;
        }
    }

    let single = series.iter().filter(|s| !s.pts.is_empty()).count() == 1;
    let r_px = if ctx.w < 480.0 { 3 } else { 4 };
    let mut point_labels = Vec::new();
    for (i, s) in series.iter().enumerate() {
        let style = LineStyle {
            r: r_px,
            width: 2,
            color: color_of(i),
            label_points: single && s.pts.len() <= 8,
            label_last: false,
            label_size: t.small,
            divisor: scale.divisor,
            needed_apart: look.needed,
        };
        point_labels.extend(lines::draw_series(cv, ctx, s, &plot, &style)?);
    }
    // Highlighted lines are drawn again on top of the muted ones.
    for (i, s) in series.iter().enumerate().filter(|(_, s)| s.highlight) {
        let style = LineStyle {
            r: r_px,
            width: 2,
            color: color_of(i),
            label_points: false,
            label_last: false,
            label_size: t.small,
            divisor: scale.divisor,
            needed_apart: look.needed,
        };
        lines::draw_series(cv, ctx, s, &plot, &style)?;
    }

    // Place the end labels apart (no two boxes overlap) and clear of the x axis, with a
    // leader line to the point when a label had to move.
    let mut k = 0;
    for s in series.iter() {
        let Some(last) = s.last() else { continue };
        if let Some(end) = ends.get_mut(k) {
            end.want = plot.y.map(last.b.mid());
            end.x = plot.xy(last.year) + 10.0;
        }
        k += 1;
    }
    let gap = end_gap(t.body);
    let half = gap / 2.0;
    let (lo, hi) = (plot_top - t.body * 0.5 + half, plot_bottom - half - 2.0);
    let capacity = ((hi - lo) / gap).floor().max(0.0) as usize + 1;
    if ends.len() > capacity {
        planlens::order::sort_by(&mut ends, |a, b| a.want.total_cmp(&b.want));
        ends.truncate(capacity);
    }
    // Labels compete for room only with those in the same column (lines ending in the
    // same year); each column is spread apart on its own.
    let mut placed = vec![0.0; ends.len()];
    let mut columns: Vec<f64> = ends.iter().map(|l| l.x).collect();
    planlens::order::sort_by(&mut columns, |a, b| a.total_cmp(b));
    columns.dedup();
    for col in columns {
        let idx: Vec<usize> = (0..ends.len())
            .filter(|&i| ends.get(i).is_some_and(|l| l.x == col))
            .collect();
        let wants: Vec<f64> = idx
            .iter()
            .filter_map(|&i| ends.get(i).map(|l| l.want))
            .collect();
        for (&i, y) in idx.iter().zip(layout::spread(&wants, gap, lo, hi.max(lo))) {
            if let Some(slot) = placed.get_mut(i) {
                *slot = y;
            }
        }
    }
    let mut taken: Vec<lines::Area> = Vec::new();
    for (end, y) in ends.iter().zip(placed) {
        let gap = if end.name.is_empty() { 0.0 } else { 5.0 };
        let nw = text_width(&end.name, t.body, true);
        let w = nw + gap + text_width(&end.value, t.body, false);
        let (x, y) = if (y - end.want).abs() > 3.0 {
            // Moved: a leader from the point to the label, which steps right to make room.
            let x = end.x + 8.0;
            cv.line(
                (end.x - 10.0 + f64::from(r_px) + 2.0, end.want),
                (x - 2.0, y),
                end.color,
                0.8,
                1,
            )?;
            (x, y)
        } else {
            (end.x, y)
        };
        let b = (x - 2.0, y - half + 1.0, x + w + 2.0, y + half - 1.0);
        taken.push(b);
        if x < plot_right {
            // Inside the plot the label gets a backing so lines do not run through it.
            cv.rect((b.0, b.1), (b.2, b.3), ctx.pal.bg, 0.85)?;
        }
        cv.text(x, y, &end.name, Font::new(t.body, end.color).bold())?;
        let vx = x + nw + gap;
        cv.text(vx, y, &end.value, Font::new(t.body, ctx.pal.text))?;
    }

    // The points singled out: value labels (accent on a changed value) and the editor's
    // annotations, each placed clear of the data and of every other label.
    let frame = (plot_left, plot_top - t.body, ctx.w - t.pad, plot_bottom);
    let avoid = data_points(series, &plot);
    let mut notes_below: Vec<String> = Vec::new();
    let mut marked: Vec<(usize, i32)> = Vec::new();
    // An annotation on a point with a value label takes its place (and its accent).
    let worded: Vec<(usize, i32)> = callouts
        .iter()
        .filter(|c| c.text.is_some())
        .map(|c| (c.series, c.year))
        .collect();
    let accented: Vec<(usize, i32)> = callouts
        .iter()
        .filter(|c| c.accent)
        .map(|c| (c.series, c.year))
        .collect();
    for c in callouts {
        if c.text.is_none() && worded.contains(&(c.series, c.year)) {
            marked.push((c.series, c.year));
        }
        let accent = c.accent || (c.text.is_some() && accented.contains(&(c.series, c.year)));
        let c = &Callout {
            accent,
            ..c.clone()
        };
        let Some(s) = series.get(c.series) else {
            continue;
        };
        let Some(p) = s.pts.iter().find(|p| p.year == c.year) else {
            continue;
        };
        let anchor = (plot.xy(p.year), plot.y.map(p.b.mid()));
        let color = if c.accent {
            ctx.pal.accent
        } else {
            color_of(c.series)
        };
        if c.accent {
            cv.circle(anchor, r_px + 2, color, 1.0, false, 2)?;
        }
        let value = fmt_value_bare(&p.v, scale.divisor, ctx.lang);
        if marked.contains(&(c.series, c.year)) && c.text.is_none() {
            continue;
        }
        let (text, bold, size) = match &c.text {
            Some(words) => (words.clone(), false, t.small),
            // The last point's value is in its end label already.
            None if marked.contains(&(c.series, c.year))
                || s.last().is_some_and(|l| l.year == c.year) =>
            {
                continue
            }
            None => (value, true, t.body),
        };
        marked.push((c.series, c.year));
        let w = text_width(&text, size, bold) + 6.0;
        let h = (size * 1.4).ceil();
        match layout::place_box(anchor, w, h, &frame, &taken, &avoid) {
            Some(b) => {
                let end = layout::nearest_on(&b, anchor);
                let dx = end.0 - anchor.0;
                let dy = end.1 - anchor.1;
                let len = (dx * dx + dy * dy).sqrt();
                if len > f64::from(r_px) + 6.0 {
                    let k = (f64::from(r_px) + 2.0) / len;
                    cv.line(
                        (anchor.0 + dx * k, anchor.1 + dy * k),
                        end,
                        ctx.pal.muted,
                        1.0,
                        1,
                    )?;
                }
                cv.rect((b.0, b.1), (b.2, b.3), ctx.pal.bg, 0.9)?;
                let mut f = Font::new(
                    size,
                    if c.accent {
                        ctx.pal.accent
                    } else {
                        ctx.pal.text
                    },
                );
                f.bold = bold || c.accent;
                cv.text(b.0 + 3.0, (b.1 + b.3) / 2.0, &text, f)?;
                taken.push(b);
            }
            // No room on the plot: the words go below it, numbered at the point.
            None => {
                let n = notes_below.len() + 1;
                let mark = format!("{}", n);
                cv.text(
                    anchor.0 + 6.0,
                    anchor.1 - 8.0,
                    &mark,
                    Font::new(t.small, color).bold(),
                )?;
                notes_below.push(format!("{n} {text}"));
            }
        }
    }
    lines::place_labels(cv, ctx, &point_labels, t.small, &plot, &mut taken)?;
    for (i, n) in notes_below.iter().enumerate() {
        let y = plot_bottom + small_lh * (1.5 + i as f64) + 6.0;
        cv.text(plot_left, y, n, Font::new(t.small, ctx.pal.text))?;
    }
    Ok(())
}

/// Points along every drawn line (every few px) and the markers: what a label must not cover.
fn data_points(series: &[Series], plot: &Plot) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    for s in series {
        let pts: Vec<(f64, f64)> = s
            .pts
            .iter()
            .map(|p| (plot.xy(p.year), plot.y.map(p.b.mid())))
            .collect();
        for pair in pts.windows(2) {
            if let [a, b] = pair {
                let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
                let n = clamp((len / 6.0).ceil(), 1.0, 400.0) as usize;
                for k in 0..=n {
                    let f = k as f64 / n as f64;
                    out.push((a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f));
                }
            }
        }
        out.extend(pts);
        for p in &s.pts {
            if let super::format::Bounds::Range(lo, hi) = p.b {
                let x = plot.xy(p.year);
                out.push((x, plot.y.map(lo)));
                out.push((x, plot.y.map(hi)));
            }
        }
    }
    out
}
