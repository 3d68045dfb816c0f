//! The parts every chart shares: header, key, footer, unit label and wording.

use super::input::{ChartOptions, Frame, Lang};
use super::svg::{Anchor, Canvas, Font};
use super::text::{text_width, truncate, wrap};
use super::theme::{Palette, Rgb, Typo};
use super::ChartError;
use crate::clamp;

/// Built-in words in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Words {
    pub unit: &'static str,
    pub target: &'static str,
    pub actual: &'static str,
    pub target_range: &'static str,
    pub derived_note: &'static str,
    pub missing: &'static str,
    pub gap: &'static str,
    pub over: &'static str,
    pub sum: &'static str,
    pub fail: &'static str,
    pub uncertain: &'static str,
    pub incomplete: &'static str,
    pub interval: &'static str,
    pub year_suffix: &'static str,
    pub list_sep: &'static str,
    pub series_sep: &'static str,
    pub colon: &'static str,
    pub stop: &'static str,
    pub credit_sep: &'static str,
    pub needed: &'static str,
}

impl Words {
    /// The words of a language.
    pub fn of(lang: Lang) -> Self {
        match lang {
            Lang::Zh => Words {
                unit: "单位：",
                target: "目标",
                actual: "实际",
                target_range: "目标区间",
                derived_note: "◇ 由下级加总",
                missing: "缺",
                gap: "缺口",
                over: "超出",
                sum: "分项合计",
                fail: "不相符",
                uncertain: "无法判定",
                incomplete: "数据不全",
                interval: "可能的差额区间",
                year_suffix: "年",
                list_sep: "，",
                series_sep: "；",
                colon: "：",
                stop: "。",
                credit_sep: "　",
                needed: "尚需达到的路径（自最新实际值）",
            },
            Lang::En => Words {
                unit: "Unit: ",
                target: "target",
                actual: "actual",
                target_range: "target range",
                derived_note: "◇ summed from sub-areas",
                missing: "missing",
                gap: "gap",
                over: "over",
                sum: "Sum of parts",
                fail: "does not add up",
                uncertain: "uncertain",
                incomplete: "incomplete",
                interval: "possible difference",
                year_suffix: "",
                list_sep: ", ",
                series_sep: "; ",
                colon: ": ",
                stop: ".",
                credit_sep: " · ",
                needed: "path still needed (from the latest actual)",
            },
        }
    }
}

/// Everything a chart needs to know about its page.
#[derive(Debug, Clone)]
pub(crate) struct Ctx<'a> {
    pub w: f64,
    pub h: f64,
    pub typo: Typo,
    pub pal: Palette,
    pub lang: Lang,
    pub words: Words,
    pub frame: &'a Frame,
}

impl<'a> Ctx<'a> {
    /// Checks the size and builds the context.
    pub fn new(frame: &'a Frame, o: &ChartOptions) -> Result<Self, ChartError> {
        for v in [o.width, o.height] {
            if !(200..=4000).contains(&v) {
                return Err(ChartError::Size {
                    width: o.width,
                    height: o.height,
                });
            }
        }
        Ok(Ctx {
            w: f64::from(o.width),
            h: f64::from(o.height),
            typo: Typo::for_width(o.width),
            pal: Palette::of(o.theme),
            lang: frame.lang,
            words: Words::of(frame.lang),
            frame,
        })
    }

    /// Line height for text of `size` px.
    pub fn lh(size: f64) -> f64 {
        (size * 1.3).round()
    }
}

/// The little picture in front of a key entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Swatch {
    /// Solid line with a filled dot.
    Actual,
    /// Dashed line with a hollow dot.
    Target,
    /// A vertical band with caps.
    Range,
    /// A filled block in the accent colour.
    Fail,
    /// A hatched block.
    Hatched,
    /// A dotted line: the path still needed from the latest actual to a target.
    Needed,
    /// A solid line in a series' colour (the legend when labels do not fit).
    Line(Rgb),
}

/// One entry of the key.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct KeyItem {
    pub swatch: Swatch,
    pub label: String,
}

/// A sentence below the subtitle, in the accent colour when it reports a failure.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Note {
    pub text: String,
    pub accent: bool,
}

/// Draws one key swatch 18 px wide centred on `y`.
fn draw_swatch(cv: &Canvas, x: f64, y: f64, s: Swatch, ctx: &Ctx) -> Result<(), ChartError> {
    let c = ctx.pal.muted;
    match s {
        Swatch::Actual => {
            cv.line((x, y), (x + 18.0, y), c, 1.0, 2)?;
            cv.circle((x + 9.0, y), 3, c, 1.0, true, 1)
        }
        Swatch::Target => {
            cv.dashed(&[(x, y), (x + 18.0, y)], c, 1.0, 2, 4.0, 3.0)?;
            cv.circle((x + 9.0, y), 3, ctx.pal.bg, 1.0, true, 1)?;
            cv.circle((x + 9.0, y), 3, c, 1.0, false, 2)
        }
        Swatch::Range => {
            cv.rect((x + 5.0, y - 6.0), (x + 13.0, y + 6.0), c, 0.3)?;
            cv.line((x + 4.0, y - 6.0), (x + 14.0, y - 6.0), c, 1.0, 2)?;
            cv.line((x + 4.0, y + 6.0), (x + 14.0, y + 6.0), c, 1.0, 2)
        }
        Swatch::Fail => cv.rect((x + 2.0, y - 5.0), (x + 16.0, y + 5.0), ctx.pal.accent, 1.0),
        Swatch::Needed => cv.dashed(&[(x, y), (x + 18.0, y)], c, 1.0, 2, 2.0, 3.0),
        Swatch::Line(rgb) => {
            cv.line((x, y), (x + 18.0, y), rgb, 1.0, 3)?;
            cv.circle((x + 9.0, y), 3, rgb, 1.0, true, 1)
        }
        Swatch::Hatched => cv.hatch(
            (x + 2.0, y - 5.0),
            (x + 16.0, y + 5.0),
            ctx.pal.neutral,
            4.0,
        ),
    }
}

/// Draws title, subtitle, note and key from the top; returns the y below them.
pub(crate) fn header(
    cv: &Canvas,
    ctx: &Ctx,
    note: Option<&Note>,
    key: &[KeyItem],
) -> Result<f64, ChartError> {
    let t = ctx.typo;
    let max_w = ctx.w - 2.0 * t.pad;
    let mut y = t.pad;
    let title_lh = Ctx::lh(t.title);
    for line in wrap(&ctx.frame.title, t.title, true, max_w, 3) {
        cv.text(
            t.pad,
            y + title_lh / 2.0,
            &line,
            Font::new(t.title, ctx.pal.title).bold(),
        )?;
        y += title_lh;
    }
    if !ctx.frame.subtitle.trim().is_empty() {
        y += 2.0;
        let lh = Ctx::lh(t.subtitle);
        for line in wrap(&ctx.frame.subtitle, t.subtitle, false, max_w, 3) {
            cv.text(
                t.pad,
                y + lh / 2.0,
                &line,
                Font::new(t.subtitle, ctx.pal.muted),
            )?;
            y += lh;
        }
    }
    if let Some(n) = note {
        y += 4.0;
        let lh = Ctx::lh(t.body);
        let (color, bold) = if n.accent {
            (ctx.pal.accent, true)
        } else {
            (ctx.pal.text, false)
        };
        for line in wrap(&n.text, t.body, bold, max_w, 2) {
            let mut f = Font::new(t.body, color);
            f.bold = bold;
            cv.text(t.pad, y + lh / 2.0, &line, f)?;
            y += lh;
        }
    }
    if !key.is_empty() {
        y += 6.0;
        let lh = Ctx::lh(t.small).max(16.0);
        let mut x = t.pad;
        let mut row_started = false;
        for item in key {
            let w = 18.0 + 5.0 + text_width(&item.label, t.small, false);
            if row_started && x + w > ctx.w - t.pad {
                x = t.pad;
                y += lh;
            }
            let cy = y + lh / 2.0;
            draw_swatch(cv, x, cy, item.swatch, ctx)?;
            let label = truncate(&item.label, t.small, false, ctx.w - t.pad - x - 23.0);
            cv.text(x + 23.0, cy, &label, Font::new(t.small, ctx.pal.muted))?;
            x += w + 14.0;
            row_started = true;
        }
        y += lh;
    }
    Ok(y + 10.0)
}

/// Draws the source line and footnotes from the bottom; returns the y above them.
pub(crate) fn footer(cv: &Canvas, ctx: &Ctx, footnotes: &[String]) -> Result<f64, ChartError> {
    let t = ctx.typo;
    let max_w = ctx.w - 2.0 * t.pad;
    let lh = Ctx::lh(t.small);
    let mut lines: Vec<String> = Vec::new();
    for n in footnotes {
        lines.extend(wrap(n, t.small, false, max_w, 2));
    }
    if !ctx.frame.notes.trim().is_empty() {
        lines.extend(wrap(&ctx.frame.notes, t.small, false, max_w, 2));
    }
    // The credit follows the source on its line (wrapped when it does not fit).
    let source = match (ctx.frame.source.trim(), ctx.frame.credit.trim()) {
        ("", c) => c.to_string(),
        (s, "") => s.to_string(),
        (s, c) => format!("{s}{}{c}", ctx.words.credit_sep),
    };
    lines.extend(wrap(&source, t.small, false, max_w, 2));
    let mut y = ctx.h - t.pad - lh * lines.len() as f64;
    let top = y;
    for line in &lines {
        cv.text(t.pad, y + lh / 2.0, line, Font::new(t.small, ctx.pal.muted))?;
        y += lh;
    }
    Ok(if lines.is_empty() { top } else { top - 8.0 })
}

/// The unit label ("单位：亿元"), or None when there is no unit.
pub(crate) fn unit_label(ctx: &Ctx, unit: &str) -> Option<String> {
    let unit = unit.trim();
    if unit.is_empty() {
        None
    } else {
        Some(format!("{}{}", ctx.words.unit, unit))
    }
}

/// Draws the unit label left-aligned at `x` with its middle at `y`.
pub(crate) fn draw_unit(
    cv: &Canvas,
    ctx: &Ctx,
    unit: &str,
    x: f64,
    y: f64,
) -> Result<(), ChartError> {
    if let Some(u) = unit_label(ctx, unit) {
        let u = truncate(&u, ctx.typo.small, false, ctx.w - x - ctx.typo.pad);
        cv.text(x, y, &u, Font::new(ctx.typo.small, ctx.pal.muted))?;
    }
    Ok(())
}

/// Draws the label of a horizontal gridline and the line itself.
pub(crate) fn hgrid(
    cv: &Canvas,
    ctx: &Ctx,
    y: f64,
    x0: f64,
    x1: f64,
    label: Option<&str>,
    zero: bool,
) -> Result<(), ChartError> {
    let (c, a): (Rgb, f64) = if zero {
        (ctx.pal.axis, 1.0)
    } else {
        (ctx.pal.grid, 1.0)
    };
    cv.line((x0, y), (x1, y), c, a, 1)?;
    if let Some(l) = label {
        cv.text(
            x0 - 6.0,
            y,
            l,
            Font::new(ctx.typo.small, ctx.pal.muted).anchor(Anchor::End),
        )?;
    }
    Ok(())
}

/// Places labels wanting the vertical centres `want` at least `gap` apart within `lo..hi`.
///
/// Labels are kept in their order; overlapping ones are pushed down, then the
/// whole stack is pushed up when it runs past `hi`.
pub(crate) fn spread(want: &[f64], gap: f64, lo: f64, hi: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..want.len()).collect();
    planlens::order::sort_by(&mut order, |a, b| {
        let va = want.get(*a).copied().unwrap_or(0.0);
        let vb = want.get(*b).copied().unwrap_or(0.0);
        va.total_cmp(&vb).then(a.cmp(b))
    });
    let mut placed: Vec<f64> = order
        .iter()
        .map(|&i| clamp(want.get(i).copied().unwrap_or(0.0), lo, hi.max(lo)))
        .collect();
    let mut prev: Option<f64> = None;
    for y in placed.iter_mut() {
        let floor = prev.map_or(f64::NEG_INFINITY, |p| p + gap);
        if *y < floor {
            *y = floor;
        }
        prev = Some(*y);
    }
    let mut next: Option<f64> = None;
    for y in placed.iter_mut().rev() {
        let limit = next.map_or(hi, |n| n - gap);
        if *y > limit {
            *y = limit;
        }
        next = Some(*y);
    }
    let mut out = vec![0.0; want.len()];
    for (k, &i) in order.iter().enumerate() {
        if let (Some(slot), Some(&v)) = (out.get_mut(i), placed.get(k)) {
            *slot = v;
        }
    }
    out
}

/// A box: left, top, right, bottom.
pub(crate) type Box2 = (f64, f64, f64, f64);

/// Whether two boxes overlap (touching edges do not).
pub(crate) fn overlap(a: &Box2, b: &Box2) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Whether `inner` lies wholly inside `outer`.
pub(crate) fn inside(inner: &Box2, outer: &Box2) -> bool {
    inner.0 >= outer.0 && inner.2 <= outer.2 && inner.1 >= outer.1 && inner.3 <= outer.3
}

/// Places a label box `w` × `h` near `anchor`: the first of the candidate places, at
/// growing distances in eight directions, that lies inside `frame`, overlaps nothing in
/// `taken` and covers none of the data points `avoid` (with a margin). None when there is
/// no such place; the caller then falls back (a note, a legend).
pub(crate) fn place_box(
    anchor: (f64, f64),
    w: f64,
    h: f64,
    frame: &Box2,
    taken: &[Box2],
    avoid: &[(f64, f64)],
) -> Option<Box2> {
    let (ax, ay) = anchor;
    const DIRS: [(f64, f64); 8] = [
        (1.0, -1.0),
        (-1.0, -1.0),
        (0.0, -1.0),
        (1.0, 1.0),
        (-1.0, 1.0),
        (0.0, 1.0),
        (1.0, 0.0),
        (-1.0, 0.0),
    ];
    for d in [14.0, 24.0, 38.0, 56.0, 80.0, 110.0] {
        for (dx, dy) in DIRS {
            // The box's near corner (or edge middle) sits `d` from the anchor.
            let left = match dx {
                x if x > 0.0 => ax + d * 0.7,
                x if x < 0.0 => ax - d * 0.7 - w,
                _ => ax - w / 2.0,
            };
            let top = match dy {
                y if y > 0.0 => ay + d * 0.7,
                y if y < 0.0 => ay - d * 0.7 - h,
                _ => ay - h / 2.0,
            };
            let b = (left, top, left + w, top + h);
            let margin = (b.0 - 4.0, b.1 - 4.0, b.2 + 4.0, b.3 + 4.0);
            let covers = avoid
                .iter()
                .any(|&(x, y)| x > margin.0 && x < margin.2 && y > margin.1 && y < margin.3);
            // The leader from the anchor to the box must not run along the data either.
            let end = nearest_on(&b, anchor);
            let crosses = avoid.iter().any(|&p| {
                let near_anchor = (p.0 - ax).hypot(p.1 - ay) < 9.0;
                !near_anchor && distance_to_segment(p, anchor, end) < 3.0
            });
            if inside(&b, frame) && !covers && !crosses && !taken.iter().any(|t| overlap(t, &b)) {
                return Some(b);
            }
        }
    }
    None
}

/// The distance from `p` to the segment `a`–`b`.
fn distance_to_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let k = if len2 > 0.0 {
        clamp(((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2, 0.0, 1.0)
    } else {
        0.0
    };
    (p.0 - a.0 - k * dx).hypot(p.1 - a.1 - k * dy)
}

/// The point of box `b` nearest to `p` (where a leader line from `p` ends).
pub(crate) fn nearest_on(b: &Box2, p: (f64, f64)) -> (f64, f64) {
    (clamp(p.0, b.0, b.2), clamp(p.1, b.1, b.3))
}

/// Joins description pieces and ends the sentence.
pub(crate) fn sentence(words: &Words, head: &str, items: &[String]) -> String {
    let mut s = head.to_string();
    if !items.is_empty() {
        s.push_str(words.colon);
        s.push_str(&items.join(words.series_sep));
    }
    s.push_str(words.stop);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    proptest! {
        /// Labels placed one after another never overlap each other or what was there
        /// before, and never cross the frame.
        #[test]
        fn placed_boxes_never_collide(
            anchors in proptest::collection::vec((0.0f64..600.0, 0.0f64..380.0, 10.0f64..160.0), 1..12),
            fixed in proptest::collection::vec((0.0f64..600.0, 0.0f64..380.0), 0..6),
            data in proptest::collection::vec((0.0f64..640.0, 0.0f64..400.0), 0..40),
        ) {
            let frame = (40.0, 20.0, 600.0, 380.0);
            let mut taken: Vec<Box2> = Vec::new();
            for (x, y) in fixed {
                let b = (x, y, x + 40.0, y + 16.0);
                if !taken.iter().any(|t| overlap(t, &b)) {
                    taken.push(b);
                }
            }
            let before = taken.len();
            for (x, y, w) in anchors {
                if let Some(b) = place_box((x, y), w, 16.0, &frame, &taken, &data) {
                    prop_assert!(inside(&b, &frame), "{b:?} crosses the frame");
                    prop_assert!(!taken.iter().any(|t| overlap(t, &b)), "{b:?} overlaps");
                    prop_assert!(!data.iter().any(|&(px, py)| px > b.0 && px < b.2 && py > b.1 && py < b.3));
                    taken.push(b);
                }
            }
            prop_assert!(taken.len() >= before);
        }

        /// End labels spread apart keep their gap and stay within their range.
        #[test]
        fn spread_labels_keep_apart(
            want in proptest::collection::vec(0.0f64..300.0, 1..10),
        ) {
            let gap = 20.0;
            let (lo, hi) = (10.0, 10.0 + gap * 12.0);
            let ys = spread(&want, gap, lo, hi);
            let mut sorted = ys.clone();
            sorted.sort_by(f64::total_cmp);
            for pair in sorted.windows(2) {
                prop_assert!(pair[1] - pair[0] >= gap - 1e-9, "{sorted:?}");
            }
            prop_assert!(ys.iter().all(|&y| y >= lo - 1e-9 && y <= hi + 1e-9), "{ys:?}");
        }
    }

    #[test]
    fn a_label_finds_room_beside_a_crowded_point() {
        let frame = (0.0, 0.0, 200.0, 200.0);
        // Above-right is taken: the label goes elsewhere, clear of it.
        let taken = [(100.0, 60.0, 200.0, 96.0)];
        let b = place_box((100.0, 100.0), 60.0, 16.0, &frame, &taken, &[]).unwrap();
        assert!(!overlap(&b, &taken[0]) && inside(&b, &frame));
        // No room anywhere: None, for the caller's fallback.
        assert_eq!(place_box((10.0, 10.0), 300.0, 16.0, &frame, &[], &[]), None);
    }

    #[test]
    fn spread_separates_close_labels() {
        let ys = spread(&[100.0, 102.0, 50.0], 14.0, 0.0, 200.0);
        assert_eq!(ys, vec![100.0, 114.0, 50.0]);
        let ys = spread(&[195.0, 196.0], 14.0, 0.0, 200.0);
        assert_eq!(ys, vec![186.0, 200.0]);
    }
}
