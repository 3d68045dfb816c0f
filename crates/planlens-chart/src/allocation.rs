//! Allocation chart: a parent's target split among its children.
//!
//! The parent total and the sum of the parts come first, on the same scale,
//! with the difference in the accent colour when the check fails; below them
//! every part is a horizontal bar, sorted descending, labelled with its value
//! and its share of the parent. Missing parts are listed at the end.

use super::format::{fmt_fixed, fmt_sig, fmt_value, fmt_value_bare, unit_scale, Bounds};
use super::input::{AllocationChart, ChartOptions, Lang, Status, Value};
use super::layout::{self, Ctx, Note};
use super::lines::check_value;
use super::scale::Linear;
use super::svg::{render, Anchor, Canvas, Font};
use super::text::{text_width, truncate, wrap};
use super::theme::Rgb;
use super::ChartError;
use crate::clamp;

/// A part with a value.
#[derive(Debug, Clone)]
struct Item {
    label: String,
    b: Bounds,
    v: Value,
    color: Option<u8>,
    highlight: bool,
    /// The editor's annotation on this bar.
    note: Option<String>,
}

/// Everything the drawing needs, computed up front.
#[derive(Debug, Clone)]
struct Prepared {
    parent: Option<(Bounds, Value)>,
    items: Vec<Item>,
    missing: Vec<String>,
    sum_lo: f64,
    sum_mid: f64,
    sum_hi: Option<f64>,
    sum_exact: bool,
    difference: Option<f64>,
}

/// Validates and sorts the parts.
fn prepare(c: &AllocationChart) -> Result<Prepared, ChartError> {
    if c.parts.is_empty() {
        return Err(ChartError::Empty("the allocation chart has no parts"));
    }
    check_value(&c.parent, || c.parent_label.clone())?;
    if c.difference.is_some_and(|d| !d.is_finite()) {
        return Err(ChartError::NonFinite("the difference".to_string()));
    }
    let mut items = Vec::new();
    let mut missing = Vec::new();
    for (i, p) in c.parts.iter().enumerate() {
        match p.value.as_ref() {
            Some(v) => {
                check_value(v, || p.label.clone())?;
                match Bounds::of(v) {
                    Some(b) => items.push(Item {
                        label: p.label.clone(),
                        b,
                        v: *v,
                        color: p.color,
                        highlight: p.highlight,
                        note: c
                            .callouts
                            .iter()
                            .find(|k| k.series == i)
                            .and_then(|k| k.text.clone()),
                    }),
                    None => missing.push(p.label.clone()),
                }
            }
            None => missing.push(p.label.clone()),
        }
    }
    planlens::order::sort_by(&mut items, |a, b| b.b.mid().total_cmp(&a.b.mid()));
    let mut sum_lo = 0.0;
    let mut sum_mid = 0.0;
    let mut sum_hi = Some(0.0);
    let mut sum_exact = true;
    for it in &items {
        sum_mid += it.b.mid();
        sum_lo += match it.b {
            Bounds::Ceiling(_) => 0.0,
            b => b.low(),
        };
        sum_hi = match (sum_hi, it.b) {
            (_, Bounds::Floor(_)) | (None, _) => None,
            (Some(s), b) => Some(s + b.high()),
        };
        sum_exact &= matches!(it.b, Bounds::Exact(_)) && !it.v.approx;
    }
    let parent = Bounds::of(&c.parent).map(|b| (b, c.parent));
    let difference = c.difference.or_else(|| match (c.status, parent) {
        (Status::Fail, Some((pb, _))) => Some(sum_mid - pb.mid()),
        _ => None,
    });
    Ok(Prepared {
        parent,
        items,
        missing,
        sum_lo,
        sum_mid,
        sum_hi,
        sum_exact,
        difference,
    })
}

/// The sum of the parts without unit, e.g. "712", "约700", "700–720", "≥700".
fn sum_text(p: &Prepared, divisor: f64, lang: Lang) -> String {
    let v = if p.sum_exact {
        Value::exact(p.sum_mid)
    } else {
        match p.sum_hi {
            Some(hi) if (hi - p.sum_lo).abs() > 1e-9 => Value::range(p.sum_lo, hi),
            Some(_) => Value::exact(p.sum_mid).approx(),
            None => Value::floor(p.sum_lo),
        }
    };
    fmt_value_bare(&v, divisor, lang)
}

/// A share of the parent: "51%", "4.3%", "<0.1%".
pub(crate) fn share_text(part: f64, parent: f64) -> Option<String> {
    if parent <= 0.0 || !parent.is_finite() {
        return None;
    }
    let s = part / parent * 100.0;
    Some(if s <= 0.0 {
        "0%".to_string()
    } else if s < 0.1 {
        "<0.1%".to_string()
    } else if s < 10.0 {
        format!("{}%", fmt_fixed(s, 1))
    } else {
        format!("{}%", fmt_fixed(s, 0))
    })
}

/// The label of the difference next to the sum: "超出 12" / "缺口 12" / "gap +12".
fn gap_text(d: f64, divisor: f64, ctx: &Ctx) -> String {
    match ctx.lang {
        Lang::Zh if d >= 0.0 => format!("{} {}", ctx.words.over, fmt_sig(d / divisor)),
        Lang::Zh => format!("{} {}", ctx.words.gap, fmt_sig(-d / divisor)),
        Lang::En => format!(
            "{} {}",
            ctx.words.gap,
            super::format::fmt_signed(d / divisor)
        ),
    }
}

/// The sentence under the subtitle stating the outcome of the check.
fn status_note(c: &AllocationChart, p: &Prepared, ctx: &Ctx) -> Note {
    let parent = &c.parent_label;
    let unit = &c.frame.unit;
    let (text, accent) = match (c.status, ctx.lang) {
        (Status::Fail, Lang::Zh) => match p.difference {
            Some(d) if d >= 0.0 => (
                format!(
                    "分项合计比{parent}目标多{}",
                    fmt_value(&Value::exact(d), unit, ctx.lang)
                ),
                true,
            ),
            Some(d) => (
                format!(
                    "分项合计比{parent}目标少{}",
                    fmt_value(&Value::exact(-d), unit, ctx.lang)
                ),
                true,
            ),
            None => (format!("分项合计与{parent}目标不相符"), true),
        },
        (Status::Fail, Lang::En) => match p.difference {
            Some(d) => (
                format!(
                    "The parts add up to {} {} than the {parent} target",
                    fmt_value(&Value::exact(d.abs()), unit, ctx.lang),
                    if d >= 0.0 { "more" } else { "less" }
                ),
                true,
            ),
            None => (
                format!("The parts do not add up to the {parent} target"),
                true,
            ),
        },
        (Status::Ok, Lang::Zh) => (format!("分项合计等于{parent}目标"), false),
        (Status::Ok, Lang::En) => (format!("The parts add up to the {parent} target"), false),
        (Status::Uncertain, Lang::Zh) => (
            format!(
                "分项合计{}{unit}，{parent}目标{}：含区间或约数，无法判定是否相符",
                sum_text(p, 1.0, ctx.lang),
                p.parent.map_or_else(String::new, |(_, v)| fmt_value(&v, unit, ctx.lang))
            ),
            false,
        ),
        (Status::Uncertain, Lang::En) => (
            format!(
                "The parts add up to {} {unit} against the {parent} target of {}: ranges or approximate values, so it cannot be told whether they match",
                sum_text(p, 1.0, ctx.lang),
                p.parent.map_or_else(String::new, |(_, v)| fmt_value(&v, unit, ctx.lang))
            ),
            false,
        ),
        (Status::Incomplete, Lang::Zh) => (
            format!("缺少{}项数据，无法核对分项合计", p.missing.len()),
            false,
        ),
        (Status::Incomplete, Lang::En) => (
            format!(
                "{} parts missing: the sum cannot be checked",
                p.missing.len()
            ),
            false,
        ),
    };
    Note { text, accent }
}

/// The accessible description.
fn describe(c: &AllocationChart, p: &Prepared, ctx: &Ctx) -> String {
    let w = &ctx.words;
    let unit = &c.frame.unit;
    let lang = ctx.lang;
    let mut items = Vec::new();
    if let Some((_, v)) = p.parent {
        items.push(match lang {
            Lang::Zh => format!("{}目标 {}", c.parent_label, fmt_value(&v, unit, lang)),
            Lang::En => format!("{} target {}", c.parent_label, fmt_value(&v, unit, lang)),
        });
    }
    let scale = unit_scale(p.sum_mid.abs(), unit);
    let sum = super::format::join_unit(&sum_text(p, scale.divisor, lang), &scale.unit, lang);
    let status = match c.status {
        Status::Ok => "",
        Status::Fail => w.fail,
        Status::Uncertain => w.uncertain,
        Status::Incomplete => w.incomplete,
    };
    let mut sum_item = format!("{} {}", w.sum, sum);
    if let (Status::Fail, Some(d)) = (c.status, p.difference) {
        let dv = fmt_value(&Value::exact(d.abs()), unit, lang);
        sum_item.push_str(&match (lang, d >= 0.0) {
            (Lang::Zh, true) => format!("，超出 {dv}"),
            (Lang::Zh, false) => format!("，缺口 {dv}"),
            (Lang::En, true) => format!(", {dv} over"),
            (Lang::En, false) => format!(", {dv} short"),
        });
    }
    if !status.is_empty() {
        sum_item.push_str(&match lang {
            Lang::Zh => format!("（{status}）"),
            Lang::En => format!(" ({status})"),
        });
    }
    items.push(sum_item);
    let parent_mid = p.parent.map(|(b, _)| b.mid());
    let parts: Vec<String> = p
        .items
        .iter()
        .take(40)
        .map(|it| {
            let share = parent_mid
                .and_then(|pm| share_text(it.b.mid(), pm))
                .map(|s| match lang {
                    Lang::Zh => format!("（{s}）"),
                    Lang::En => format!(" ({s})"),
                })
                .unwrap_or_default();
            format!("{} {}{}", it.label, fmt_value(&it.v, unit, lang), share)
        })
        .collect();
    if !parts.is_empty() {
        items.push(parts.join(w.list_sep));
    }
    if !p.missing.is_empty() {
        items.push(format!(
            "{}{}{}",
            w.missing,
            w.colon,
            p.missing.join(w.list_sep)
        ));
    }
    layout::sentence(w, &c.frame.title, &items)
}

/// Renders an allocation chart as SVG.
pub fn allocation(c: &AllocationChart, o: &ChartOptions) -> Result<String, ChartError> {
    let ctx = Ctx::new(&c.frame, o)?;
    let p = prepare(c)?;
    let note = status_note(c, &p, &ctx);
    let desc = c.frame.description(describe(c, &p, &ctx));
    let footnotes: Vec<String> = if p.items.iter().any(|i| i.v.derived) {
        vec![ctx.words.derived_note.to_string()]
    } else {
        Vec::new()
    };
    render(o.width, o.height, ctx.pal.bg, &c.frame.title, &desc, |cv| {
        draw(cv, &ctx, c, &p, &note, &footnotes)
    })
}

/// One row of the chart.
enum Row<'a> {
    Parent,
    Sum,
    Spacer,
    Part(&'a Item),
    Missing(&'a str),
    More(usize),
}

/// Draws a bar from `a` to `b` in data units, lighter beyond `solid_to`.
#[allow(clippy::too_many_arguments)]
fn bar(
    cv: &Canvas,
    x: &Linear,
    a: f64,
    solid_to: f64,
    b: f64,
    y: f64,
    thick: f64,
    color: Rgb,
) -> Result<(), ChartError> {
    let (y0, y1) = (y - thick / 2.0, y + thick / 2.0);
    cv.rect((x.map(a), y0), (x.map(solid_to), y1), color, 1.0)?;
    if b > solid_to {
        cv.rect((x.map(solid_to), y0), (x.map(b), y1), color, 0.35)?;
    }
    Ok(())
}

/// Draws the whole allocation chart.
fn draw(
    cv: &Canvas,
    ctx: &Ctx,
    c: &AllocationChart,
    p: &Prepared,
    note: &Note,
    footnotes: &[String],
) -> Result<(), ChartError> {
    let t = ctx.typo;
    let top = layout::header(cv, ctx, Some(note), &[])?;
    let bottom = layout::footer(cv, ctx, footnotes)?;
    let small_lh = Ctx::lh(t.small);

    // The scale and the unit come from the largest value drawn.
    let mut max_v: f64 = p.sum_hi.unwrap_or(p.sum_lo).max(p.sum_mid);
    let mut min_v: f64 = 0.0;
    if let Some((b, _)) = p.parent {
        max_v = max_v.max(b.high());
        min_v = min_v.min(b.low());
    }
    for it in &p.items {
        max_v = max_v.max(it.b.high());
        min_v = min_v.min(it.b.low());
    }
    if max_v <= min_v {
        max_v = min_v + 1.0;
    }
    let scale = unit_scale(max_v.abs().max(min_v.abs()), &c.frame.unit);
    let div = scale.divisor;
    let parent_mid = p.parent.map(|(b, _)| b.mid());

    // Rows are cut to what fits the height.
    let mut rows: Vec<Row> = Vec::new();
    if p.parent.is_some() {
        rows.push(Row::Parent);
    }
    if !p.items.is_empty() {
        rows.push(Row::Sum);
    }
    rows.push(Row::Spacer);
    let avail = (bottom - top - small_lh - 4.0).max(20.0);
    let min_row = t.body + 5.0;
    let fixed = rows.len();
    let n_parts = p.items.len() + p.missing.len();
    // Spacer rows count half.
    let fit = ((avail / min_row) - fixed as f64 + 0.5).floor().max(1.0) as usize;
    let shown = if n_parts > fit {
        fit.saturating_sub(1)
    } else {
        n_parts
    };
    for it in p.items.iter().take(shown) {
        rows.push(Row::Part(it));
    }
    for m in p.missing.iter().take(shown.saturating_sub(p.items.len())) {
        rows.push(Row::Missing(m));
    }
    if shown < n_parts {
        rows.push(Row::More(n_parts - shown));
    }
    let units: f64 = rows
        .iter()
        .map(|r| if matches!(r, Row::Spacer) { 0.5 } else { 1.0 })
        .sum();
    let row_h = clamp(avail / units, min_row, t.body * 2.5);
    let thick = clamp(row_h * 0.62, 6.0, 22.0);

    // The label column is as wide as the widest label, within limits.
    let label_max = (ctx.w * 0.3).max(60.0);
    let label_w = rows
        .iter()
        .map(|r| match r {
            Row::Parent => text_width(&c.parent_label, t.body, true),
            Row::Sum => text_width(ctx.words.sum, t.body, true),
            Row::Part(it) => text_width(&it.label, t.body, false),
            Row::Missing(m) => text_width(m, t.body, false),
            Row::Spacer | Row::More(_) => 0.0,
        })
        .fold(0.0, f64::max)
        .min(label_max);
    let bar_left = t.pad + label_w + 10.0;

    // The value column fits the widest label drawn after a bar.
    let value_texts: Vec<String> = p
        .items
        .iter()
        .map(|it| {
            let share = parent_mid
                .and_then(|pm| share_text(it.b.mid(), pm))
                .unwrap_or_default();
            format!("{}  {}", fmt_value_bare(&it.v, div, ctx.lang), share)
        })
        .collect();
    let sum_label = sum_text(p, div, ctx.lang);
    let gap_label = match (c.status, p.difference) {
        (Status::Fail, Some(d)) => Some(gap_text(d, div, ctx)),
        _ => None,
    };
    let status_word = match c.status {
        Status::Uncertain => Some(ctx.words.uncertain),
        Status::Incomplete => Some(ctx.words.incomplete),
        _ => None,
    };
    let mut value_w = value_texts
        .iter()
        .map(|s| text_width(s, t.body, false))
        .fold(0.0, f64::max);
    let sum_extra = gap_label
        .as_deref()
        .map(|g| text_width(g, t.body, true) + 8.0)
        .or(status_word.map(|s| text_width(s, t.small, false) + 8.0))
        .unwrap_or(0.0);
    value_w = value_w.max(text_width(&sum_label, t.body, true) + sum_extra);
    if let Some((_, pv)) = p.parent {
        value_w = value_w.max(text_width(
            &fmt_value_bare(&pv, div, ctx.lang),
            t.body,
            true,
        ));
    }
    // A bar with an annotation keeps room after its labels for the words (wrapped).
    for (it, v) in p.items.iter().zip(&value_texts) {
        if let Some(n) = &it.note {
            let note_w = text_width(n, t.small, false).min(ctx.w * 0.22) + 16.0;
            value_w = value_w.max(text_width(v, t.body, true) + 9.0 + note_w);
        }
    }
    let value_w = (value_w + 8.0).min(ctx.w * 0.5);
    let bar_right = (ctx.w - t.pad - value_w).max(bar_left + 40.0);
    let x = Linear::new(min_v, max_v, bar_left, bar_right);

    layout::draw_unit(cv, ctx, &scale.unit, t.pad, top + small_lh / 2.0)?;
    let mut y = top + small_lh + 4.0;
    let mut sum_center = None;
    let mut parent_center = None;
    let label_font = Font::new(t.body, ctx.pal.text).anchor(Anchor::End);
    let value_font = Font::new(t.body, ctx.pal.text);
    let series_color = ctx.pal.series_color(0);
    let any_highlight = p.items.iter().any(|i| i.highlight);
    for row in &rows {
        let h = if matches!(row, Row::Spacer) {
            row_h / 2.0
        } else {
            row_h
        };
        let cy = y + h / 2.0;
        let label_x = bar_left - 10.0;
        match row {
            Row::Spacer => {}
            Row::Parent => {
                let Some((b, v)) = p.parent else { continue };
                let name = truncate(&c.parent_label, t.body, true, label_w);
                cv.text(label_x, cy, &name, label_font.bold())?;
                let solid = match b {
                    Bounds::Range(lo, _) => lo,
                    other => other.mid(),
                };
                bar(cv, &x, 0.0, solid, b.high(), cy, thick, ctx.pal.neutral)?;
                let vx = x.map(b.high().max(0.0)) + 6.0;
                cv.text(
                    vx,
                    cy,
                    &fmt_value_bare(&v, div, ctx.lang),
                    value_font.bold(),
                )?;
                parent_center = Some(cy);
            }
            Row::Sum => {
                let name = truncate(ctx.words.sum, t.body, true, label_w);
                cv.text(label_x, cy, &name, label_font.bold())?;
                // Stacked segments, one per part, with thin gaps between them.
                let mut acc = 0.0;
                let (y0, y1) = (cy - thick / 2.0, cy + thick / 2.0);
                for it in &p.items {
                    let v = it.b.mid();
                    let (a, b) = (x.map(acc), x.map(acc + v));
                    cv.rect((a, y0), (b, y1), series_color, 0.8)?;
                    if b - a >= 3.0 {
                        cv.line((b, y0), (b, y1), ctx.pal.bg, 1.0, 1)?;
                    }
                    acc += v;
                }
                if let Some(hi) = p.sum_hi.filter(|h| *h > p.sum_mid) {
                    cv.rect((x.map(p.sum_mid), y0), (x.map(hi), y1), series_color, 0.3)?;
                }
                let mut end = p.sum_hi.unwrap_or(p.sum_mid).max(p.sum_mid);
                if let (Status::Fail, Some(d)) = (c.status, p.difference) {
                    let reference = p.sum_mid - d;
                    if d > 0.0 {
                        cv.rect(
                            (x.map(reference), y0),
                            (x.map(p.sum_mid), y1),
                            ctx.pal.accent,
                            1.0,
                        )?;
                    } else if d < 0.0 {
                        let (a, b) = (x.map(p.sum_mid), x.map(reference));
                        cv.rect((a, y0), (b, y1), ctx.pal.accent, 0.15)?;
                        cv.rect_outline((a, y0), (b, y1), ctx.pal.accent, 1.0, 2)?;
                        end = end.max(reference);
                    }
                }
                // Keep the label clear of the reference line.
                let end = end.max(parent_mid.unwrap_or(end));
                let vx = x.map(end.max(0.0)) + 6.0;
                cv.text(vx, cy, &sum_label, value_font.bold())?;
                let after = vx + text_width(&sum_label, t.body, true) + 8.0;
                if let Some(g) = gap_label.as_deref() {
                    cv.text(after, cy, g, Font::new(t.body, ctx.pal.accent).bold())?;
                } else if let Some(s) = status_word {
                    cv.text(after, cy, s, Font::new(t.small, ctx.pal.muted))?;
                }
                sum_center = Some(cy);
            }
            Row::Part(it) => {
                let name = truncate(&it.label, t.body, it.highlight, label_w);
                let mut f = label_font;
                f.bold = it.highlight;
                cv.text(label_x, cy, &name, f)?;
                let solid = match it.b {
                    Bounds::Range(lo, _) => lo,
                    other => other.mid(),
                };
                let alpha_color = match (any_highlight, it.highlight, it.color) {
                    (true, true, _) => ctx.pal.accent,
                    (true, false, _) => ctx.pal.neutral,
                    (false, _, Some(k)) => ctx.pal.series_color(usize::from(k)),
                    _ if it.v.derived => ctx.pal.series_color(3),
                    _ => series_color,
                };
                bar(cv, &x, 0.0, solid, it.b.high(), cy, thick, alpha_color)?;
                let mut vx = x.map(it.b.high().max(0.0)) + 6.0;
                let mut value = fmt_value_bare(&it.v, div, ctx.lang);
                if it.v.derived {
                    value.push_str(" ◇");
                }
                let mut vf = value_font;
                vf.bold = it.highlight;
                cv.text(vx, cy, &value, vf)?;
                vx += text_width(&value, t.body, it.highlight) + 9.0;
                if let Some(s) = parent_mid.and_then(|pm| share_text(it.b.mid(), pm)) {
                    cv.text(vx, cy, &s, Font::new(t.body, ctx.pal.muted))?;
                    vx += text_width(&s, t.body, false) + 9.0;
                }
                if let Some(n) = &it.note {
                    // The annotation: a short leader from the labels, then the words,
                    // wrapped to the room left (two lines at most) so nothing is cut.
                    let room = ctx.w - t.pad - vx - 16.0;
                    let lines = wrap(n, t.small, false, room.max(t.small * 4.0), 2);
                    cv.line((vx, cy), (vx + 10.0, cy), ctx.pal.muted, 1.0, 1)?;
                    let lh = Ctx::lh(t.small);
                    let first = cy - lh * (lines.len() as f64 - 1.0) / 2.0;
                    for (k, l) in lines.iter().enumerate() {
                        cv.text(
                            vx + 14.0,
                            first + lh * k as f64,
                            l,
                            Font::new(t.small, ctx.pal.text),
                        )?;
                    }
                }
            }
            Row::Missing(m) => {
                let name = truncate(m, t.body, false, label_w);
                cv.text(
                    label_x,
                    cy,
                    &name,
                    Font::new(t.body, ctx.pal.muted).anchor(Anchor::End),
                )?;
                cv.text(
                    bar_left + 6.0,
                    cy,
                    ctx.words.missing,
                    Font::new(t.body, ctx.pal.muted),
                )?;
            }
            Row::More(n) => {
                let s = match ctx.lang {
                    Lang::Zh => format!("另有{n}项"),
                    Lang::En => format!("{n} more"),
                };
                cv.text(
                    label_x,
                    cy,
                    &s,
                    Font::new(t.small, ctx.pal.muted).anchor(Anchor::End),
                )?;
            }
        }
        y += h;
    }
    // The parent total as a reference line through the two summary rows.
    if let (Some(pm), Some(pc)) = (parent_mid, parent_center) {
        let sc = sum_center.unwrap_or(pc);
        let xr = x.map(pm);
        cv.dashed(
            &[(xr, pc - thick / 2.0 - 3.0), (xr, sc + thick / 2.0 + 3.0)],
            ctx.pal.text,
            0.8,
            1,
            3.0,
            2.0,
        )?;
    }
    // A faint zero line along the bars.
    let x0 = x.map(0.0);
    cv.line((x0, top + small_lh + 4.0), (x0, y), ctx.pal.axis, 1.0, 1)?;
    Ok(())
}
