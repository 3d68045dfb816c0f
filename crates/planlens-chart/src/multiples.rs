//! Small multiples: one small line panel per child, all on one value scale.

use super::input::{ChartOptions, Lang, MultiplesChart};
use super::layout::{self, Ctx};
use super::lines::{self, LineStyle, Plot, Series, ValueAxis};
use super::scale::Linear;
use super::svg::{Canvas, Font};
use super::text::truncate;
use super::ChartError;

/// A panel with prepared series.
struct PanelData<'a> {
    label: &'a str,
    series: Vec<Series>,
}

/// Number of columns for a chart `width` px wide with `n` panels.
pub(crate) fn columns(width: f64, n: usize) -> usize {
    let cols = if width <= 480.0 {
        2
    } else {
        // Width is at most 4000, so the quotient fits easily.
        ((width / 160.0).floor() as usize).clamp(3, 6)
    };
    cols.min(n).max(1)
}

/// The accessible description.
fn describe(c: &MultiplesChart, panels: &[PanelData], e: &lines::Extent, ctx: &Ctx) -> String {
    let w = &ctx.words;
    let zh = format!("{}个小图，纵轴相同", panels.len());
    let en = format!("{} small panels on one scale", panels.len());
    let head = lines::describe_head(&c.frame.title, Some((&zh, &en)), e, ctx);
    let mut items = Vec::new();
    for p in panels.iter().take(40) {
        for s in p.series.iter().filter(|s| !s.pts.is_empty()) {
            let mut named = s.clone();
            if named.label.is_empty() || named.label == p.label {
                named.label = p.label.to_string();
            } else {
                named.label = match ctx.lang {
                    Lang::Zh => format!("{}（{}）", p.label, s.label),
                    Lang::En => format!("{} ({})", p.label, s.label),
                };
            }
            items.push(lines::describe_series(
                &named,
                &c.frame.unit,
                e,
                w,
                ctx.lang,
            ));
        }
    }
    layout::sentence(w, &head, &items)
}

/// Renders small multiples as SVG.
pub fn multiples(c: &MultiplesChart, o: &ChartOptions) -> Result<String, ChartError> {
    let ctx = Ctx::new(&c.frame, o)?;
    let mut panels = Vec::with_capacity(c.panels.len());
    for p in &c.panels {
        panels.push(PanelData {
            label: &p.label,
            series: lines::prepare(&p.series)?,
        });
    }
    let Some(e) = lines::extent(panels.iter().flat_map(|p| p.series.iter())) else {
        return Err(ChartError::Empty("the small multiples have no data points"));
    };
    let desc = c.frame.description(describe(c, &panels, &e, &ctx));
    lines::render_lines(o, &ctx, &c.frame.title, &desc, &e, |cv, key, notes| {
        draw(cv, &ctx, &panels, &e, key, notes, c.y_fit)
    })
}

/// Draws the whole grid of panels.
fn draw(
    cv: &Canvas,
    ctx: &Ctx,
    panels: &[PanelData],
    e: &lines::Extent,
    key: &[layout::KeyItem],
    footnotes: &[String],
    fit: bool,
) -> Result<(), ChartError> {
    let t = ctx.typo;
    let top = layout::header(cv, ctx, None, key)?;
    let bottom = layout::footer(cv, ctx, footnotes)?;
    let small_lh = Ctx::lh(t.small);
    let body_lh = Ctx::lh(t.body);

    let n = panels.len().max(1);
    let cols = columns(ctx.w, n);
    let rows = n.div_ceil(cols);
    let (dlo, dhi) = lines::y_domain(e, fit);
    let grid_top = top + small_lh + 8.0;
    let hgap = if ctx.w < 480.0 { 14.0 } else { 20.0 };
    let vgap = 12.0;
    let panel_h = ((bottom - grid_top - vgap * (rows as f64 - 1.0)) / rows as f64).max(40.0);
    let plot_h = (panel_h - body_lh - small_lh - 18.0).max(12.0);
    let n_ticks = if plot_h < 70.0 { 2 } else { 3 };
    let ValueAxis {
        ticks,
        scale,
        labels: tick_labels,
        label_w,
    } = ValueAxis::new(dlo, dhi, n_ticks, &ctx.frame.unit, t.small);
    let gutter = label_w + 8.0;
    let panel_w =
        ((ctx.w - 2.0 * t.pad - gutter - hgap * (cols as f64 - 1.0)) / cols as f64).max(30.0);

    layout::draw_unit(cv, ctx, &scale.unit, t.pad, top + small_lh / 2.0)?;
    let any_highlight = panels.iter().any(|p| p.series.iter().any(|s| s.highlight));
    for (i, p) in panels.iter().enumerate() {
        let (col, row) = (i % cols, i / cols);
        let left = t.pad + gutter + col as f64 * (panel_w + hgap);
        let right = left + panel_w;
        let ptop = grid_top + row as f64 * (panel_h + vgap);
        let label = truncate(p.label, t.body, true, panel_w);
        cv.text(
            left,
            ptop + body_lh / 2.0,
            &label,
            Font::new(t.body, ctx.pal.title).bold(),
        )?;
        let plot_top = ptop + body_lh + 16.0;
        let plot_bottom = plot_top + plot_h;
        let plot = Plot {
            x: Linear::new(
                f64::from(e.year_min),
                f64::from(e.year_max),
                left + 10.0,
                right - 10.0,
            ),
            y: Linear::new(ticks.min, ticks.max, plot_bottom, plot_top),
            left,
            right,
        };
        for (v, l) in ticks.values.iter().zip(&tick_labels) {
            let label = if col == 0 { Some(l.as_str()) } else { None };
            layout::hgrid(cv, ctx, plot.y.map(*v), left, right, label, *v == 0.0)?;
        }
        lines::year_labels(
            cv,
            ctx,
            &plot,
            e,
            plot_bottom + small_lh / 2.0 + 3.0,
            t.small,
            true,
        )?;
        let mut labels = Vec::new();
        let colors = lines::colors(&p.series, &ctx.pal, any_highlight);
        for (k, s) in p.series.iter().enumerate() {
            let style = LineStyle {
                r: 3,
                width: 2,
                color: colors.get(k).copied().unwrap_or(ctx.pal.muted),
                needed_apart: false,
                label_points: p.series.len() == 1 && s.pts.len() <= 3 && panel_w >= 110.0,
                label_last: true,
                label_size: t.small,
                divisor: scale.divisor,
            };
            labels.extend(lines::draw_series(cv, ctx, s, &plot, &style)?);
        }
        lines::place_labels(cv, ctx, &labels, t.small, &plot, &mut Vec::new())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_follow_the_width() {
        assert_eq!(columns(360.0, 8), 2);
        assert_eq!(columns(480.0, 8), 2);
        assert_eq!(columns(640.0, 8), 4);
        assert_eq!(columns(1200.0, 8), 6);
        assert_eq!(columns(1200.0, 2), 2);
        assert_eq!(columns(560.0, 8), 3);
    }
}
