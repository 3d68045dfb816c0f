//! From a model and a chart request to the renderer's plain inputs.
//!
//! The renderer (the rest of this module) knows nothing of plans; this file picks the
//! figures, roll-ups and check results a chart shows and names every bad argument.

use super::input::NeededPath;
use super::{
    AllocationChart, ChartOptions, Frame, ImbalanceBar, ImbalanceChart, Lang, MultiplesChart,
    Panel, Part, PointKind, Status, TrendChart, TrendPoint, TrendSeries, Value,
};
use planlens::aggregate::{pivot, Cell};
use planlens::check::{self, CheckKind, Finding, Options};
use planlens::num::{Dec, Interval};
use planlens::plan::{AreaId, IndId, Kind, Model, PlanIdx};
use rust_decimal::prelude::ToPrimitive;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartType {
    Trend,
    Allocation,
    Imbalance,
    Multiples,
}

super::input::from_names!(ChartType,
    "trend" => ChartType::Trend,
    "allocation" => ChartType::Allocation,
    "imbalance" => ChartType::Imbalance,
    "multiples" => ChartType::Multiples);

/// What to draw. Ids are plan ids as written in the files.
#[derive(Debug, Clone)]
pub struct ChartSpec {
    pub kind: ChartType,
    pub indicator: Option<String>,
    pub areas: Vec<String>,
    pub year: Option<i32>,
    pub plan: Option<String>,
    pub options: ChartOptions,
    pub lang: Lang,
    pub check: Options,
}

/// A chart request that cannot be drawn; `arg` names the argument at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    pub arg: &'static str,
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.arg, self.message)
    }
}

fn err(arg: &'static str, message: impl Into<String>) -> SpecError {
    SpecError {
        arg,
        message: message.into(),
    }
}

fn f(d: Dec) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

fn value(v: &Interval, approx: bool, derived: bool) -> Value {
    Value {
        lo: v.lo.map(f),
        hi: v.hi.map(f),
        approx,
        derived,
    }
}

fn status(s: check::Status) -> Status {
    match s {
        // An informative finding (implied, required) draws as consistent.
        check::Status::Ok | check::Status::Info => Status::Ok,
        check::Status::Fail => Status::Fail,
        check::Status::Uncertain => Status::Uncertain,
        check::Status::Incomplete => Status::Incomplete,
    }
}

struct Ctx<'m> {
    model: &'m Model,
    spec: &'m ChartSpec,
}

impl<'m> Ctx<'m> {
    fn indicator(&self) -> Result<IndId, SpecError> {
        let id = self
            .spec
            .indicator
            .as_deref()
            .ok_or_else(|| err("indicator", "this chart type needs an indicator"))?;
        self.model
            .ind_id(id)
            .ok_or_else(|| err("indicator", format!("unknown indicator {id:?}")))
    }

    fn areas(&self) -> Result<Vec<AreaId>, SpecError> {
        self.spec
            .areas
            .iter()
            .map(|a| {
                self.model
                    .area_id(a)
                    .ok_or_else(|| err("area", format!("unknown area {a:?}")))
            })
            .collect()
    }

    fn plan(&self) -> Result<Option<PlanIdx>, SpecError> {
        match &self.spec.plan {
            None => Ok(None),
            Some(id) => self
                .model
                .plans
                .iter()
                .position(|p| &p.id == id)
                .map(|i| Some(i as PlanIdx))
                .ok_or_else(|| err("plan", format!("unknown plan {id:?}"))),
        }
    }

    fn area_name(&self, a: AreaId) -> String {
        self.model
            .area(a)
            .map_or_else(String::new, |x| x.name.clone())
    }

    fn frame(&self, title: String, subtitle: String, unit: &str, plans: &[PlanIdx]) -> Frame {
        let zh = self.spec.lang == Lang::Zh;
        let mut seen = Vec::new();
        for &p in plans {
            if !seen.contains(&p) {
                seen.push(p);
            }
        }
        let parts: Vec<String> = seen
            .iter()
            .filter_map(|&p| self.model.plans.get(p as usize))
            .map(|p| {
                let bits: Vec<&str> = [p.doc_no.as_deref(), p.issuer.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect();
                if bits.is_empty() {
                    p.title.clone().unwrap_or_else(|| p.id.clone())
                } else {
                    bits.join(if zh { "，" } else { ", " })
                }
            })
            .collect();
        let source = if parts.is_empty() {
            String::new()
        } else if zh {
            format!("来源：{}", parts.join("；"))
        } else {
            format!("Source: {}", parts.join("; "))
        };
        Frame {
            title,
            subtitle,
            unit: unit.to_string(),
            source,
            lang: self.spec.lang,
        }
    }
}

fn years_text(cells: &[&Cell]) -> String {
    let lo = cells.iter().map(|c| c.year).min();
    let hi = cells.iter().map(|c| c.year).max();
    match (lo, hi) {
        (Some(a), Some(b)) if a == b => format!("{a}"),
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => String::new(),
    }
}

/// Draws the requested chart as an SVG string.
pub fn draw(model: &Model, spec: &ChartSpec) -> Result<String, SpecError> {
    let ctx = Ctx { model, spec };
    // A size out of range names the option at fault.
    let render = |r: Result<String, super::ChartError>| {
        r.map_err(|e| match e {
            super::ChartError::Size { width, .. } if !(200..=4000).contains(&width) => {
                err("width", e.to_string())
            }
            super::ChartError::Size { .. } => err("height", e.to_string()),
            _ => err("chart", e.to_string()),
        })
    };
    match spec.kind {
        ChartType::Trend => render(super::trend(&trend_input(&ctx)?, &spec.options)),
        ChartType::Multiples => render(super::multiples(&multiples_input(&ctx)?, &spec.options)),
        ChartType::Allocation => render(super::allocation(&allocation_input(&ctx)?, &spec.options)),
        ChartType::Imbalance => render(super::imbalance(&imbalance_input(&ctx)?, &spec.options)),
    }
}

/// The series of one area: a line per plan and kind.
fn series_of(ctx: &Ctx, cells: &[&Cell], area: AreaId, label_area: bool) -> Vec<TrendSeries> {
    let zh = ctx.spec.lang == Lang::Zh;
    let mut keys: Vec<(PlanIdx, Kind)> = cells
        .iter()
        .filter(|c| c.area == area)
        .map(|c| (c.plan, c.kind))
        .collect();
    planlens::order::sort_dedup(&mut keys);
    // keys are sorted by plan first.
    let many_plans = keys.first().map(|k| k.0) != keys.last().map(|k| k.0);
    keys.iter()
        .map(|&(p, k)| {
            let mut label = if label_area {
                ctx.area_name(area)
            } else {
                String::new()
            };
            if many_plans || k == Kind::Actual {
                let plan = ctx
                    .model
                    .plans
                    .get(p as usize)
                    .map_or("", |x| x.id.as_str());
                let what = match (k, zh) {
                    (Kind::Actual, true) => "实际".to_string(),
                    (Kind::Actual, false) => "actual".to_string(),
                    _ => plan.to_string(),
                };
                label = if label.is_empty() {
                    what
                } else {
                    format!("{label} {what}")
                };
            }
            let points = cells
                .iter()
                .filter(|c| c.area == area && c.plan == p && c.kind == k)
                .map(|c| TrendPoint {
                    year: c.year,
                    kind: if k == Kind::Actual {
                        PointKind::Actual
                    } else {
                        PointKind::Target
                    },
                    value: value(&c.value, c.approx, c.derived),
                })
                .collect();
            TrendSeries { label, points }
        })
        .collect()
}

fn cells_for<'p>(ctx: &Ctx, pivot: &'p [Cell], ind: IndId) -> Result<Vec<&'p Cell>, SpecError> {
    let plan = ctx.plan()?;
    let cells: Vec<&Cell> = pivot
        .iter()
        .filter(|c| {
            c.ind == ind
                && plan.is_none_or(|p| c.plan == p)
                && ctx.spec.year.is_none_or(|y| c.year <= y)
        })
        .collect();
    if cells.is_empty() {
        return Err(err("indicator", "no figures to draw for this indicator"));
    }
    Ok(cells)
}

/// The top-most areas that have figures: those whose parent has none.
fn top_areas(model: &Model, cells: &[&Cell]) -> Vec<AreaId> {
    let mut with: Vec<AreaId> = cells.iter().map(|c| c.area).collect();
    planlens::order::sort_dedup(&mut with);
    with.iter()
        .copied()
        .filter(|&a| {
            model
                .area(a)
                .and_then(|x| x.parent)
                .is_none_or(|p| with.binary_search(&p).is_err())
        })
        .collect()
}

fn trend_input(ctx: &Ctx) -> Result<TrendChart, SpecError> {
    let ind = ctx.indicator()?;
    let pv = pivot(ctx.model).map_err(|e| err("indicator", e.to_string()))?;
    let cells = cells_for(ctx, &pv.cells, ind)?;
    let mut areas = ctx.areas()?;
    if areas.is_empty() {
        areas = top_areas(ctx.model, &cells);
        areas.truncate(6);
    }
    let series: Vec<TrendSeries> = areas
        .iter()
        .flat_map(|&a| series_of(ctx, &cells, a, areas.len() > 1))
        .filter(|s| !s.points.is_empty())
        .collect();
    if series.is_empty() {
        return Err(err(
            "area",
            "none of these areas has figures for this indicator",
        ));
    }
    let i = ctx
        .model
        .indicator(ind)
        .ok_or_else(|| err("indicator", "unknown"))?;
    let names: Vec<String> = areas.iter().map(|&a| ctx.area_name(a)).collect();
    let zh = ctx.spec.lang == Lang::Zh;
    let used: Vec<&Cell> = cells
        .iter()
        .copied()
        .filter(|c| areas.contains(&c.area))
        .collect();
    let subtitle = if zh {
        format!("{}，{}年", names.join("、"), years_text(&used))
    } else {
        format!("{}, {}", names.join(", "), years_text(&used))
    };
    let plans: Vec<PlanIdx> = used.iter().map(|c| c.plan).collect();
    Ok(TrendChart {
        frame: ctx.frame(i.name.clone(), subtitle, &i.unit_text, &plans),
        series,
        needed: needed_paths(&used, &areas),
    })
}

/// What the targets still require (the `required` check's figures): in each area, from
/// its latest actual to every target of a later year.
fn needed_paths(cells: &[&Cell], areas: &[AreaId]) -> Vec<NeededPath> {
    let mut out = Vec::new();
    for &a in areas {
        let latest = cells
            .iter()
            .filter(|c| c.area == a && c.kind == Kind::Actual)
            .max_by_key(|c| c.year);
        let Some(latest) = latest else { continue };
        for t in cells
            .iter()
            .filter(|c| c.area == a && c.kind == Kind::Target && c.year > latest.year)
        {
            out.push(NeededPath {
                from_year: latest.year,
                from: value(&latest.value, latest.approx, latest.derived),
                to_year: t.year,
                to: value(&t.value, t.approx, t.derived),
            });
        }
    }
    out
}

/// At most this many small multiples are drawn.
const MAX_PANELS: usize = 40;

fn multiples_input(ctx: &Ctx) -> Result<MultiplesChart, SpecError> {
    let ind = ctx.indicator()?;
    let pv = pivot(ctx.model).map_err(|e| err("indicator", e.to_string()))?;
    let cells = cells_for(ctx, &pv.cells, ind)?;
    let parent = match ctx.areas()?.first() {
        Some(&a) => a,
        None => *top_areas(ctx.model, &cells)
            .first()
            .ok_or_else(|| err("area", "no area has figures"))?,
    };
    // Children with figures, in definition order; at most MAX_PANELS of them are drawn.
    // Cells are narrowed to the drawn children first, so the cost does not grow with
    // children × cells (200,000 districts would otherwise take hours).
    let mut with: Vec<AreaId> = cells.iter().map(|c| c.area).collect();
    planlens::order::sort_dedup(&mut with);
    let kids: Vec<AreaId> = ctx
        .model
        .children(parent)
        .iter()
        .copied()
        .filter(|c| with.binary_search(c).is_ok())
        .collect();
    let omitted = kids.len().saturating_sub(MAX_PANELS);
    let mut kept: Vec<AreaId> = kids.iter().copied().take(MAX_PANELS).collect();
    let order = kept.clone();
    planlens::order::sort_dedup(&mut kept);
    let near: Vec<&Cell> = cells
        .iter()
        .copied()
        .filter(|c| kept.binary_search(&c.area).is_ok())
        .collect();
    let panels: Vec<Panel> = order
        .iter()
        .map(|&c| Panel {
            label: ctx.area_name(c),
            series: series_of(ctx, &near, c, false),
        })
        .filter(|p| p.series.iter().any(|s| !s.points.is_empty()))
        .collect();
    if panels.is_empty() {
        return Err(err(
            "area",
            format!(
                "no area below {:?} has figures for this indicator",
                ctx.area_name(parent)
            ),
        ));
    }
    let i = ctx
        .model
        .indicator(ind)
        .ok_or_else(|| err("indicator", "unknown"))?;
    let zh = ctx.spec.lang == Lang::Zh;
    let mut subtitle = if zh {
        format!("{}各下级区域", ctx.area_name(parent))
    } else {
        format!("Areas of {}", ctx.area_name(parent))
    };
    if omitted > 0 {
        subtitle.push_str(&if zh {
            format!("（另有{omitted}个未画出）")
        } else {
            format!(" ({omitted} more not shown)")
        });
    }
    // Only the plans behind the drawn panels: other cities' plans may share the indicator.
    let plans: Vec<PlanIdx> = near.iter().map(|c| c.plan).collect();
    Ok(MultiplesChart {
        frame: ctx.frame(i.name.clone(), subtitle, &i.unit_text, &plans),
        panels,
    })
}

fn allocation_input(ctx: &Ctx) -> Result<AllocationChart, SpecError> {
    let ind = ctx.indicator()?;
    let report =
        check::run(ctx.model, &ctx.spec.check).map_err(|e| err("indicator", e.to_string()))?;
    let plan = ctx.plan()?;
    let areas = ctx.areas()?;
    let candidates: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|x| {
            x.check == CheckKind::AreaSum
                && x.ind == ind
                && plan.is_none_or(|p| x.plans.0 == p)
                && areas.first().is_none_or(|a| x.area == *a)
        })
        .collect();
    if candidates.is_empty() {
        return Err(err(
            "indicator",
            "no allocation (area_sum check) for this indicator and area",
        ));
    }
    let found = match ctx.spec.year {
        Some(y) => candidates
            .iter()
            .find(|x| x.year == y)
            .ok_or_else(|| err("year", format!("no allocation in {y}")))?,
        None => candidates
            .iter()
            .min_by_key(|x| (x.status, x.year))
            .ok_or_else(|| err("year", "no allocation"))?,
    };
    let i = ctx
        .model
        .indicator(ind)
        .ok_or_else(|| err("indicator", "unknown"))?;
    let zh = ctx.spec.lang == Lang::Zh;
    let parts = allocation_parts(ctx, report.parts(found), zh);
    let subtitle = if zh {
        format!(
            "{}{}年目标分解到各下级区域",
            ctx.area_name(found.area),
            found.year
        )
    } else {
        format!(
            "{} {} target split among its areas",
            ctx.area_name(found.area),
            found.year
        )
    };
    Ok(AllocationChart {
        frame: ctx.frame(i.name.clone(), subtitle, &i.unit_text, &[found.plans.0]),
        parent_label: ctx.area_name(found.area),
        parent: value(&found.expected, false, false),
        parts,
        status: status(found.status),
        difference: found.difference.map(f),
    })
}

/// At most this many bars in an allocation chart; the smallest parts beyond it are
/// drawn as one bar of their sum (a city of 200,000 districts stays a readable chart).
const MAX_BARS: usize = 30;

fn allocation_parts(ctx: &Ctx, parts: &[check::Part], zh: bool) -> Vec<Part> {
    let bar = |p: &check::Part| Part {
        label: ctx.area_name(p.id),
        value: p.value.map(|v| value(&v, p.approx, p.derived)),
    };
    if parts.len() <= MAX_BARS {
        return parts.iter().map(bar).collect();
    }
    // The largest parts (by their upper end) keep their own bar.
    let mut order: Vec<&check::Part> = parts.iter().collect();
    let size = |p: &check::Part| p.value.and_then(|v| v.hi.or(v.lo));
    planlens::order::sort_by_key(&mut order, |p| std::cmp::Reverse(size(p)));
    let (own, rest) = order.split_at(MAX_BARS - 1);
    let mut out: Vec<Part> = own.iter().map(|p| bar(p)).collect();
    let mut sum = Some(Interval::ZERO);
    let mut approx = false;
    let mut missing = 0usize;
    for p in rest {
        match p.value {
            Some(v) => {
                sum = sum.and_then(|s| s.checked_add(&v).ok());
                approx |= p.approx;
            }
            None => missing += 1,
        }
    }
    let n = rest.len();
    let label = match (zh, missing) {
        (true, 0) => format!("其他{n}个地区"),
        (true, m) => format!("其他{n}个地区（{m}个缺数）"),
        (false, 0) => format!("{n} other areas"),
        (false, m) => format!("{n} other areas ({m} without a figure)"),
    };
    out.push(Part {
        label,
        value: sum.map(|v| value(&v, approx, false)),
    });
    out
}

fn imbalance_input(ctx: &Ctx) -> Result<ImbalanceChart, SpecError> {
    let report = check::run(ctx.model, &ctx.spec.check).map_err(|e| err("chart", e.to_string()))?;
    let plan = ctx.plan()?;
    let ind = match ctx.spec.indicator {
        Some(_) => Some(ctx.indicator()?),
        None => None,
    };
    let mut plans = Vec::new();
    let mut unbounded = 0usize;
    let zh = ctx.spec.lang == Lang::Zh;
    let bars: Vec<ImbalanceBar> = report
        .findings
        .iter()
        .filter(|x| matches!(x.status, check::Status::Fail | check::Status::Uncertain))
        .filter(|x| plan.is_none_or(|p| x.plans.0 == p) && ind.is_none_or(|i| x.ind == i))
        .filter_map(|x| {
            let actual = x.actual?;
            // The interval of possible differences: parts − expected; an end is open
            // when a bound has nothing on the other side (≥33 against 33.6).
            let end = |a: Option<Dec>, b: Option<Dec>, open: f64| match (a, b) {
                (Some(a), Some(b)) => a.checked_sub(b).map_or(open, f),
                _ => open,
            };
            let (lo, hi) = match x.difference {
                Some(d) => (f(d), f(d)),
                None => (
                    end(actual.lo, x.expected.hi, f64::NEG_INFINITY),
                    end(actual.hi, x.expected.lo, f64::INFINITY),
                ),
            };
            if lo == f64::NEG_INFINITY && hi == f64::INFINITY {
                unbounded += 1;
                return None;
            }
            plans.push(x.plans.0);
            plans.extend(x.plans.1);
            let name = ctx.model.indicator(x.ind).map_or("", |i| i.name.as_str());
            let unit = ctx
                .model
                .indicator(x.ind)
                .map_or("", |i| i.unit_text.as_str());
            let label = if zh {
                format!("{name}·{}·{}年（{unit}）", ctx.area_name(x.area), x.year)
            } else {
                format!("{name} · {} · {} ({unit})", ctx.area_name(x.area), x.year)
            };
            Some(ImbalanceBar {
                label,
                status: status(x.status),
                diff_lo: lo,
                diff_hi: hi,
            })
        })
        .collect();
    if bars.is_empty() {
        return Err(err(
            "chart",
            "nothing to draw: no check fails or is uncertain",
        ));
    }
    let title = if zh {
        "未能加总的目标".to_string()
    } else {
        "Targets that do not add up".to_string()
    };
    let mut subtitle = if zh {
        format!("{}项检查未通过或无法确定：各部分之和减去总目标", bars.len())
    } else {
        format!(
            "{} checks failing or uncertain: parts minus the expected total",
            bars.len()
        )
    };
    if unbounded > 0 {
        subtitle.push_str(&if zh {
            format!("（另有{unbounded}项差额无界，未画出）")
        } else {
            format!(" ({unbounded} more with an unbounded difference, not drawn)")
        });
    }
    Ok(ImbalanceChart {
        frame: ctx.frame(title, subtitle, "", &plans),
        bars,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use planlens::SourceFile;

    fn trend_of(text: &str, indicator: &str, lang: Lang) -> String {
        let model = Model::load(&[SourceFile {
            name: "p.json".into(),
            text: text.into(),
        }])
        .unwrap();
        let spec = ChartSpec {
            kind: ChartType::Trend,
            indicator: Some(indicator.into()),
            areas: Vec::new(),
            year: None,
            plan: None,
            options: ChartOptions::default(),
            lang,
            check: Options::default(),
        };
        draw(&model, &spec).unwrap()
    }

    /// What a target still requires (issue #16): a dotted path from the latest actual
    /// (955 carriers in 2013) to the later target (≥1000 in 2014), named in the key and
    /// in the description; none where no actual precedes a target.
    #[test]
    fn the_path_still_needed() {
        let white_paper = include_str!("../../../plans/sz-2014-stic-white-paper.json");
        let needed = trend_of(white_paper, "sz_innovation_carriers", Lang::Zh);
        assert!(needed.contains("尚需达到的路径"), "{needed}");
        assert!(needed.contains("点线：自最新实际值到目标尚需达到的路径。"));
        let en = trend_of(white_paper, "sz_innovation_carriers", Lang::En);
        assert!(en.contains("path still needed"));
        let plain = trend_of(planlens::DEFAULT_PLAN, "bio_output", Lang::Zh);
        assert!(!plain.contains("尚需达到的路径"));
        let model = Model::load(&[SourceFile {
            name: "p.json".into(),
            text: white_paper.into(),
        }])
        .unwrap();
        let pv = pivot(&model).unwrap();
        let ind = model.ind_id("sz_innovation_carriers").unwrap();
        let cells: Vec<&Cell> = pv.cells.iter().filter(|c| c.ind == ind).collect();
        let areas: Vec<AreaId> = cells.iter().map(|c| c.area).take(1).collect();
        let paths = needed_paths(&cells, &areas);
        assert_eq!(paths.len(), 1);
        let p = &paths[0];
        assert_eq!((p.from_year, p.to_year), (2013, 2014));
        assert_eq!(
            (p.from.lo, p.to.lo, p.to.hi),
            (Some(955.0), Some(1000.0), None)
        );
    }
}
