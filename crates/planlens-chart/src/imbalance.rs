//! Imbalance chart: every failing or uncertain check as a diverging bar.
//!
//! Bars grow left or right from a zero line by the difference between the
//! parts and the expected total; failures are solid in the accent colour,
//! uncertain checks are hatched neutral intervals. Bars are sorted by
//! magnitude. On narrow charts the labels sit above the bars.

use super::format::{fmt_sig, fmt_signed, join_unit, unit_scale};
use super::input::{ChartOptions, ImbalanceBar, ImbalanceChart, Lang, Status};
use super::layout::{self, Ctx, KeyItem, Swatch};
use super::scale::{nice_ticks, Linear};
use super::svg::{render, Anchor, Canvas, Font};
use super::text::{text_width, truncate};
use super::ChartError;
use crate::clamp;

/// A bar with normalised ends.
#[derive(Debug, Clone)]
struct Bar<'a> {
    label: &'a str,
    status: Status,
    lo: f64,
    hi: f64,
}

impl Bar<'_> {
    /// Largest distance from zero of the finite ends.
    fn magnitude(&self) -> f64 {
        finite(self.lo).abs().max(finite(self.hi).abs())
    }

    /// Whether the value label goes to the right of the bar. An interval open to the
    /// right (≥) runs to the plot's edge, so its label goes to the left.
    fn label_right(&self) -> bool {
        if self.hi == f64::INFINITY {
            false
        } else if self.lo == f64::NEG_INFINITY {
            true
        } else {
            self.hi > 0.0 || (self.hi == 0.0 && self.lo == 0.0)
        }
    }

    /// Whether the bar is drawn as an interval rather than a value.
    fn is_interval(&self) -> bool {
        !matches!(self.status, Status::Fail | Status::Ok) || self.hi > self.lo
    }
}

/// Validates and sorts the bars.
fn prepare(bars: &[ImbalanceBar]) -> Result<Vec<Bar<'_>>, ChartError> {
    if bars.is_empty() {
        return Err(ChartError::Empty("the imbalance chart has no bars"));
    }
    let mut out = Vec::with_capacity(bars.len());
    for b in bars {
        // One end may be open (a bound with nothing on the other side); not both.
        if b.diff_lo.is_nan()
            || b.diff_hi.is_nan()
            || (!b.diff_lo.is_finite() && !b.diff_hi.is_finite())
        {
            return Err(ChartError::NonFinite(b.label.clone()));
        }
        out.push(Bar {
            label: &b.label,
            status: b.status,
            lo: b.diff_lo.min(b.diff_hi),
            hi: b.diff_lo.max(b.diff_hi),
        });
    }
    planlens::order::sort_by(&mut out, |a, b| b.magnitude().total_cmp(&a.magnitude()));
    Ok(out)
}

/// An open end counts as zero where a magnitude or an axis end is needed.
fn finite(v: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

/// The axis's ends: every finite end and zero, and room past them for an interval open
/// to one side, so that "≥−100" visibly runs past zero to the edge instead of stopping
/// at zero as if it were "−100 to 0".
fn axis_range(bars: &[Bar]) -> (f64, f64) {
    let ends = || bars.iter().flat_map(|b| [finite(b.lo), finite(b.hi)]);
    let mut lo = ends().fold(0.0, f64::min);
    let mut hi = ends().fold(0.0, f64::max);
    let room = if hi > lo { (hi - lo) * 0.25 } else { 1.0 };
    for b in bars {
        if b.hi == f64::INFINITY {
            hi = hi.max(finite(b.lo).max(0.0) + room);
        }
        if b.lo == f64::NEG_INFINITY {
            lo = lo.min(finite(b.hi).min(0.0) - room);
        }
    }
    (lo, hi)
}

/// The value label of a bar: "+12", "−8 至 +6", "≥−0.6" or "≤+3".
fn value_text(b: &Bar, divisor: f64, lang: Lang) -> String {
    if b.hi == f64::INFINITY {
        format!("≥{}", fmt_signed(b.lo / divisor))
    } else if b.lo == f64::NEG_INFINITY {
        format!("≤{}", fmt_signed(b.hi / divisor))
    } else if b.is_interval() && b.hi > b.lo {
        let sep = match lang {
            Lang::Zh => " 至 ",
            Lang::En => " to ",
        };
        format!(
            "{}{}{}",
            fmt_signed(b.lo / divisor),
            sep,
            fmt_signed(b.hi / divisor)
        )
    } else {
        fmt_signed(b.lo / divisor)
    }
}

/// The accessible description.
fn describe(c: &ImbalanceChart, bars: &[Bar], ctx: &Ctx) -> String {
    let w = &ctx.words;
    let lang = ctx.lang;
    let fails = bars.iter().filter(|b| b.status == Status::Fail).count();
    let others = bars.len() - fails;
    let counts = match lang {
        Lang::Zh => format!("{fails}项{}，{others}项{}", w.fail, w.uncertain),
        Lang::En => format!("{fails} {}, {others} {}", w.fail, w.uncertain),
    };
    let max = bars.iter().map(Bar::magnitude).fold(0.0, f64::max);
    let scale = unit_scale(max, &c.frame.unit);
    let mut items = vec![counts];
    items.extend(bars.iter().take(40).map(|b| {
        let v = join_unit(&value_text(b, scale.divisor, lang), &scale.unit, lang);
        let status = match b.status {
            Status::Fail => w.fail,
            Status::Ok => "",
            Status::Uncertain => w.uncertain,
            Status::Incomplete => w.incomplete,
        };
        match lang {
            Lang::Zh => format!("{} 差额 {}（{}）", b.label, v, status),
            Lang::En => format!("{}: difference {} ({})", b.label, v, status),
        }
    }));
    layout::sentence(w, &c.frame.title, &items)
}

/// Renders an imbalance chart as SVG.
pub fn imbalance(c: &ImbalanceChart, o: &ChartOptions) -> Result<String, ChartError> {
    let ctx = Ctx::new(&c.frame, o)?;
    let bars = prepare(&c.bars)?;
    let lead = || {
        match ctx.lang {
        Lang::Zh => format!(
            "{}项核查的差额：分项合计或实际减去应为，正为超出，负为缺口。",
            bars.len()
        ),
        Lang::En => format!(
            "The differences of {} checks: the parts' sum or the actual minus the expected, above zero over, below zero short. ",
            bars.len()
        ),
    }
    };
    let desc = c.frame.description_or(lead, describe(c, &bars, &ctx));
    let mut key = Vec::new();
    if bars.iter().any(|b| b.status == Status::Fail) {
        key.push(KeyItem {
            swatch: Swatch::Fail,
            label: ctx.words.fail.to_string(),
        });
    }
    if bars.iter().any(|b| b.status != Status::Fail) {
        let label = match ctx.lang {
            Lang::Zh => format!("{}：{}", ctx.words.uncertain, ctx.words.interval),
            Lang::En => format!("{}: {}", ctx.words.uncertain, ctx.words.interval),
        };
        key.push(KeyItem {
            swatch: Swatch::Hatched,
            label,
        });
    }
    render(o.width, o.height, ctx.pal.bg, &c.frame.title, &desc, |cv| {
        draw(cv, &ctx, c, &bars, &key)
    })
}

/// Draws the whole imbalance chart.
fn draw(
    cv: &Canvas,
    ctx: &Ctx,
    c: &ImbalanceChart,
    bars: &[Bar],
    key: &[KeyItem],
) -> Result<(), ChartError> {
    let t = ctx.typo;
    let top = layout::header(cv, ctx, None, key)?;
    let bottom = layout::footer(cv, ctx, &[])?;
    let small_lh = Ctx::lh(t.small);
    let body_lh = Ctx::lh(t.body);
    let narrow = ctx.w < 480.0;

    let (lo, hi) = axis_range(bars);
    let n_ticks = if narrow { 3 } else { 5 };
    let ticks = nice_ticks(lo, hi, n_ticks);
    let scale = unit_scale(ticks.min.abs().max(ticks.max.abs()), &c.frame.unit);
    let div = scale.divisor;

    // Only the rows that fit the height are drawn.
    let rows_top = top + small_lh + 6.0;
    let rows_bottom = bottom - small_lh - 8.0;
    let avail = (rows_bottom - rows_top).max(20.0);
    let min_row = if narrow { body_lh + 14.0 } else { t.body + 6.0 };
    let fit = ((avail / min_row).floor() as usize).max(1);
    let shown = if bars.len() > fit {
        fit.saturating_sub(1).max(1)
    } else {
        bars.len()
    };
    let more = bars.len() - shown.min(bars.len());
    let n_rows = shown + usize::from(more > 0);
    let max_row = if narrow { body_lh + 26.0 } else { t.body * 2.6 };
    let row_h = clamp(avail / n_rows as f64, min_row, max_row);
    let thick = if narrow {
        clamp(row_h - body_lh - 6.0, 6.0, 18.0)
    } else {
        clamp(row_h * 0.6, 6.0, 20.0)
    };

    // Labels go on the left unless the chart is narrow; value labels get room on both sides.
    let label_w = if narrow {
        0.0
    } else {
        bars.iter()
            .take(shown)
            .map(|b| text_width(b.label, t.body, false))
            .fold(0.0, f64::max)
            .min(ctx.w * 0.36)
    };
    let plot_left = if narrow {
        t.pad
    } else {
        t.pad + label_w + 12.0
    };
    let plot_right = ctx.w - t.pad;
    let texts: Vec<String> = bars.iter().map(|b| value_text(b, div, ctx.lang)).collect();
    let mut left_need: f64 = 0.0;
    let mut right_need: f64 = 0.0;
    for (b, s) in bars.iter().zip(&texts) {
        let w = text_width(s, t.body, b.status == Status::Fail) + 8.0;
        if b.label_right() {
            right_need = right_need.max(w);
        } else {
            left_need = left_need.max(w);
        }
    }
    let x = Linear::new(
        ticks.min,
        ticks.max,
        plot_left + left_need,
        (plot_right - right_need).max(plot_left + left_need + 40.0),
    );

    layout::draw_unit(cv, ctx, &scale.unit, t.pad, top + small_lh / 2.0)?;
    let rows_end = rows_top + row_h * n_rows as f64;
    // Vertical gridlines get their tick labels below the rows.
    let tick_font = Font::new(t.small, ctx.pal.muted).anchor(Anchor::Middle);
    for v in &ticks.values {
        let gx = x.map(*v);
        if *v != 0.0 {
            cv.line((gx, rows_top), (gx, rows_end), ctx.pal.grid, 1.0, 1)?;
        }
        cv.text(
            gx,
            rows_end + small_lh / 2.0 + 4.0,
            &fmt_sig(v / div),
            tick_font,
        )?;
    }

    let x0 = x.map(0.0);
    for (i, (b, s)) in bars.iter().zip(&texts).take(shown).enumerate() {
        let y = rows_top + row_h * i as f64;
        let cy = if narrow {
            y + body_lh + 2.0 + thick / 2.0
        } else {
            y + row_h / 2.0
        };
        if narrow {
            let label = truncate(b.label, t.body, false, plot_right - plot_left);
            cv.text(
                plot_left,
                y + body_lh / 2.0 + 1.0,
                &label,
                Font::new(t.body, ctx.pal.text),
            )?;
        } else {
            let label = truncate(b.label, t.body, false, label_w);
            cv.text(
                plot_left - 12.0,
                cy,
                &label,
                Font::new(t.body, ctx.pal.text).anchor(Anchor::End),
            )?;
        }
        let (y0, y1) = (cy - thick / 2.0, cy + thick / 2.0);
        let (a, mut e) = if b.is_interval() {
            // Open ends run to the edge of the axis.
            let (first, last) = (x.map(ticks.min), x.map(ticks.max));
            (
                clamp(x.map(b.lo), first, last),
                clamp(x.map(b.hi), first, last),
            )
        } else {
            (x0, x.map(b.lo))
        };
        if (e - a).abs() < 2.0 {
            e = if b.lo < 0.0 { a - 2.0 } else { a + 2.0 };
        }
        match b.status {
            Status::Fail => cv.rect((a, y0), (e, y1), ctx.pal.accent, 1.0)?,
            Status::Ok => cv.rect((a, y0), (e, y1), ctx.pal.neutral, 1.0)?,
            Status::Uncertain | Status::Incomplete => {
                cv.hatch((a, y0), (e, y1), ctx.pal.neutral, 5.0)?;
            }
        }
        let (left_end, right_end) = (a.min(e), a.max(e));
        let bold = b.status == Status::Fail;
        let mut f = Font::new(t.body, if bold { ctx.pal.accent } else { ctx.pal.text });
        f.bold = bold;
        if b.label_right() {
            cv.text(right_end + 6.0, cy, s, f)?;
        } else {
            cv.text(left_end - 6.0, cy, s, f.anchor(Anchor::End))?;
        }
    }
    if more > 0 {
        let y = rows_top + row_h * shown as f64 + row_h / 2.0;
        let s = match ctx.lang {
            Lang::Zh => format!("另有{more}项"),
            Lang::En => format!("{more} more"),
        };
        cv.text(plot_left, y, &s, Font::new(t.small, ctx.pal.muted))?;
    }
    // The zero line on top of the gridlines.
    cv.line((x0, rows_top - 4.0), (x0, rows_end), ctx.pal.axis, 1.0, 1)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(lo: f64, hi: f64) -> Bar<'static> {
        Bar {
            label: "",
            status: Status::Uncertain,
            lo,
            hi,
        }
    }

    #[test]
    fn an_interval_open_upward_runs_past_zero() {
        let (lo, hi) = axis_range(&[bar(-100.0, f64::INFINITY)]);
        assert_eq!(lo, -100.0);
        assert!(hi >= 25.0, "{hi}");
        let (lo, hi) = axis_range(&[bar(f64::NEG_INFINITY, 40.0)]);
        assert!(lo <= -10.0 && hi == 40.0, "{lo} {hi}");
        // Closed bars keep their own ends.
        assert_eq!(axis_range(&[bar(-8.0, 6.0)]), (-8.0, 6.0));
        // An open bar from zero still gets room.
        assert!(axis_range(&[bar(0.0, f64::INFINITY)]).1 > 0.0);
    }
}
