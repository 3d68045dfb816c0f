//! Trend chart: one indicator across years for one or several series.

use super::format::{fmt_sig, fmt_value_bare, unit_scale, Bounds};
use super::input::{ChartOptions, Lang, NeededPath, TrendChart};
use super::layout::{self, Ctx};
use super::lines::{self, LineStyle, Plot, Series};
use super::scale::{nice_ticks, Linear};
use super::svg::{Canvas, Font};
use super::text::{text_width, truncate};
use super::ChartError;

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
    let mut desc = describe(c, &series, &e, &ctx);
    let needed = (!c.needed.is_empty()).then(|| {
        let (label, sentence) = match ctx.lang {
            Lang::Zh => ("尚需达到的路径", "点线：自最新实际值到目标尚需达到的路径。"),
            Lang::En => (
                "path still needed",
                " Dotted: the path still needed from the latest actual to the target.",
            ),
        };
        desc.push_str(sentence);
        layout::KeyItem {
            swatch: layout::Swatch::Needed,
            label: label.to_string(),
        }
    });
    lines::render_lines(
        o,
        &ctx,
        &c.frame.title,
        &desc,
        &e,
        needed,
        |cv, key, notes| draw(cv, &ctx, &series, &c.needed, &e, key, notes),
    )
}

/// Draws the whole trend chart.
fn draw(
    cv: &Canvas,
    ctx: &Ctx,
    series: &[Series],
    needed: &[NeededPath],
    e: &lines::Extent,
    key: &[layout::KeyItem],
    footnotes: &[String],
) -> Result<(), ChartError> {
    let t = ctx.typo;
    let top = layout::header(cv, ctx, None, key)?;
    let bottom = layout::footer(cv, ctx, footnotes)?;
    let small_lh = Ctx::lh(t.small);
    let plot_top = top + small_lh + 8.0;
    let plot_bottom = (bottom - small_lh - 6.0).max(plot_top + 20.0);

    let (dlo, dhi) = lines::y_domain(e);
    let n_ticks = ((plot_bottom - plot_top) / 50.0).round().clamp(2.0, 6.0) as usize;
    let ticks = nice_ticks(dlo, dhi, n_ticks);
    let scale = unit_scale(ticks.min.abs().max(ticks.max.abs()), &ctx.frame.unit);
    let tick_labels: Vec<String> = ticks
        .values
        .iter()
        .map(|v| fmt_sig(v / scale.divisor))
        .collect();
    let tick_w = tick_labels
        .iter()
        .map(|l| text_width(l, t.small, false))
        .fold(0.0, f64::max);
    let plot_left = t.pad + tick_w + 8.0;

    // Right-end labels: series name in its colour, then the last value.
    let max_right = (ctx.w * 0.34).max(60.0);
    let mut wanted_right: f64 = 0.0;
    let mut ends: Vec<EndLabel> = Vec::new();
    for (i, s) in series.iter().enumerate() {
        let Some(last) = s.last() else { continue };
        let value = fmt_value_bare(&last.v, scale.divisor, ctx.lang);
        let vw = text_width(&value, t.body, false);
        let name_room = (max_right - vw - 14.0).max(t.body * 2.0);
        let name = truncate(&s.label, t.body, true, name_room);
        let nw = text_width(&name, t.body, true);
        let gap = if name.is_empty() { 0.0 } else { 5.0 };
        wanted_right = wanted_right.max(nw + gap + vw + 10.0);
        ends.push(EndLabel {
            name,
            value,
            want: 0.0,
            x: 0.0,
            color: ctx.pal.series_color(i),
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

    // The paths still needed, under the plan's own lines: dotted and muted.
    for n in needed {
        let (Some(a), Some(b)) = (Bounds::of(&n.from), Bounds::of(&n.to)) else {
            continue;
        };
        let from = (plot.xy(n.from_year), plot.y.map(a.mid()));
        let to = (plot.xy(n.to_year), plot.y.map(b.mid()));
        cv.dashed(&[from, to], ctx.pal.muted, 1.0, 2, 2.0, 3.0)?;
    }

    let single = series.iter().filter(|s| !s.pts.is_empty()).count() == 1;
    let mut point_labels = Vec::new();
    for (i, s) in series.iter().enumerate() {
        let style = LineStyle {
            r: if ctx.w < 480.0 { 3 } else { 4 },
            width: 2,
            color: ctx.pal.series_color(i),
            label_points: single && s.pts.len() <= 8,
            label_last: false,
            label_size: t.small,
            divisor: scale.divisor,
        };
        point_labels.extend(lines::draw_series(cv, ctx, s, &plot, &style)?);
    }

    // Place the end labels, nudged apart vertically.
    let mut k = 0;
    for s in series.iter() {
        let Some(last) = s.last() else { continue };
        if let Some(end) = ends.get_mut(k) {
            end.want = plot.y.map(last.b.mid());
            end.x = plot.xy(last.year) + 10.0;
        }
        k += 1;
    }
    // When not all labels fit the plot height, the highest lines keep theirs.
    let gap = Ctx::lh(t.body);
    let capacity = ((plot_bottom - plot_top + t.body) / gap).floor().max(1.0) as usize;
    if ends.len() > capacity {
        planlens::order::sort_by(&mut ends, |a, b| a.want.total_cmp(&b.want));
        ends.truncate(capacity);
    }
    let wants: Vec<f64> = ends.iter().map(|l| l.want).collect();
    let placed = layout::spread(&wants, gap, plot_top - t.body * 0.5, plot_bottom);
    let mut taken: Vec<lines::Area> = Vec::new();
    for (end, y) in ends.iter().zip(placed) {
        let gap = if end.name.is_empty() { 0.0 } else { 5.0 };
        let nw = text_width(&end.name, t.body, true);
        let w = nw + gap + text_width(&end.value, t.body, false);
        taken.push((
            end.x - 2.0,
            y - t.body * 0.7,
            end.x + w + 2.0,
            y + t.body * 0.7,
        ));
        if end.x < plot_right {
            // Inside the plot the label gets a backing so lines do not run through it.
            cv.rect(
                (end.x - 2.0, y - t.body * 0.7),
                (end.x + w + 2.0, y + t.body * 0.7),
                ctx.pal.bg,
                0.85,
            )?;
        }
        cv.text(end.x, y, &end.name, Font::new(t.body, end.color).bold())?;
        let vx = end.x + nw + gap;
        cv.text(vx, y, &end.value, Font::new(t.body, ctx.pal.text))?;
    }
    lines::place_labels(cv, ctx, &point_labels, t.small, &plot, &mut taken)?;
    Ok(())
}
