//! From a model and a chart request to the renderer's plain inputs.
//!
//! The renderer (the rest of this module) knows nothing of plans; this file picks the
//! figures, roll-ups and check results a chart shows and names every bad argument.

use super::spec::{Annotation, ChartText, SeriesStyle, YAxis};
use super::{
    AllocationChart, Callout, ChartOptions, Frame, ImbalanceBar, ImbalanceChart, Lang,
    MultiplesChart, Panel, Part, PointKind, Status, TrendChart, TrendPoint, TrendSeries, Value,
};
use planlens::aggregate::{pivot, Cell};
use planlens::check::{self, CheckKind, Finding, Options};
use planlens::num::{Dec, Interval};
use planlens::plan::{AreaId, Code, IndId, Kind, Model, PlanIdx, PlanMeta};
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

/// What to draw: the editor's chart spec (docs/CHARTS.md), read from JSON by
/// [`ChartSpec::from_json`] or built by a caller. Ids are ids as written in the files.
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
    /// Where the value axis starts; `Fit` only for trend and multiples.
    pub y_axis: YAxis,
    /// The editor's words.
    pub text: ChartText,
    /// Per series (or bar) colour, highlight and label.
    pub series: Vec<SeriesStyle>,
    /// Texts on points.
    pub annotations: Vec<Annotation>,
}

impl Default for ChartSpec {
    fn default() -> Self {
        ChartSpec {
            kind: ChartType::Trend,
            indicator: None,
            areas: Vec::new(),
            year: None,
            plan: None,
            options: ChartOptions::default(),
            lang: Lang::Zh,
            check: Options::default(),
            y_axis: YAxis::Zero,
            text: ChartText::default(),
            series: Vec::new(),
            annotations: Vec::new(),
        }
    }
}

/// A chart spec that cannot be read or drawn: the JSON pointer of the value at fault
/// (`/areas/1`, `/series/0/color`; `""` for the whole spec) and, when read from text,
/// the line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    pub pointer: String,
    pub message: String,
    pub at: Option<(usize, usize)>,
    /// For a chart the data cannot give (rather than a malformed spec), a code with its
    /// parameters that the page words in the reader's language: `no_figures`,
    /// `no_allocation` (`year` when one was asked for), `no_area_figures`.
    pub code: Option<Box<Code>>,
}

impl SpecError {
    /// The top-level key the error is about (`areas` for `/areas/1`), `""` for the whole spec.
    pub fn key(&self) -> &str {
        self.pointer
            .strip_prefix('/')
            .and_then(|p| p.split('/').next())
            .unwrap_or("")
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((line, column)) = self.at {
            write!(f, "{line}:{column}: ")?;
        }
        if !self.pointer.is_empty() {
            write!(f, "{}: ", self.pointer)?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for SpecError {}

pub(crate) fn err(pointer: impl Into<String>, message: impl Into<String>) -> SpecError {
    SpecError {
        pointer: pointer.into(),
        message: message.into(),
        at: None,
        code: None,
    }
}

/// A chart the data cannot give: [`err`] with a code (see [`SpecError::code`]).
fn nothing_to_draw(
    pointer: &str,
    message: impl Into<String>,
    name: &'static str,
    params: Vec<(&'static str, String)>,
) -> SpecError {
    SpecError {
        code: Some(Box::new(Code { name, params })),
        ..err(pointer, message)
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
            .ok_or_else(|| err("/indicator", "this chart type needs an indicator"))?;
        self.model
            .ind_id(id)
            .ok_or_else(|| err("/indicator", format!("unknown indicator {id:?}")))
    }

    fn areas(&self) -> Result<Vec<AreaId>, SpecError> {
        self.spec
            .areas
            .iter()
            .enumerate()
            .map(|(i, a)| {
                self.model
                    .area_id(a)
                    .ok_or_else(|| err(format!("/areas/{i}"), format!("unknown area {a:?}")))
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
                .ok_or_else(|| err("/plan", format!("unknown plan {id:?}"))),
        }
    }

    /// A plan id of a series or annotation (`at` is its pointer), None when not given.
    fn plan_id(&self, id: Option<&str>, at: &str) -> Result<Option<PlanIdx>, SpecError> {
        match id {
            None => Ok(None),
            Some(id) => self
                .model
                .plans
                .iter()
                .position(|p| p.id == id)
                .map(|i| Some(i as PlanIdx))
                .ok_or_else(|| err(at, format!("unknown plan {id:?}"))),
        }
    }

    fn area_name(&self, a: AreaId) -> String {
        self.model
            .area(a)
            .map_or_else(String::new, |x| x.name.clone())
    }

    /// The texts around the plot: the defaults from the data, replaced by the editor's.
    fn frame(&self, title: String, subtitle: String, unit: &str, plans: &[PlanIdx]) -> Frame {
        let t = &self.spec.text;
        let pick = |editor: &Option<String>, default: String| match editor {
            Some(e) => e.clone(),
            None => default,
        };
        Frame {
            title: pick(&t.title, title),
            subtitle: pick(&t.subtitle, subtitle),
            unit: unit.to_string(),
            source: pick(&t.source, source_line(self.model, plans, self.spec.lang)),
            lang: self.spec.lang,
            notes: t.notes.clone().unwrap_or_default(),
            credit: t.credit.clone().unwrap_or_default(),
            lead: String::new(),
            alt: t.alt.clone().filter(|a| !a.trim().is_empty()),
        }
    }
}

/// How a chart names a plan: its document number, else its title, never its file id
/// (unless it has neither).
pub fn plan_name(p: &PlanMeta) -> String {
    p.display_name().to_string()
}

/// The plans in first-seen order, each once.
fn distinct(plans: &[PlanIdx]) -> Vec<PlanIdx> {
    let mut seen = Vec::new();
    for &p in plans {
        if !seen.contains(&p) {
            seen.push(p);
        }
    }
    seen
}

/// The default source line: 「来源：深府办〔2010〕98号、深府〔2009〕9号」 or
/// "Source: …, …", naming only the plans drawn.
fn source_line(model: &Model, plans: &[PlanIdx], lang: Lang) -> String {
    let names: Vec<String> = distinct(plans)
        .iter()
        .filter_map(|&p| model.plans.get(p as usize))
        .map(plan_name)
        .collect();
    match (names.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::Zh) => format!("来源：{}", names.join("、")),
        (false, Lang::En) => format!("Source: {}", names.join(", ")),
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

/// The renderer's input for a spec, and the plans it draws from.
enum Input {
    Trend(TrendChart),
    Allocation(AllocationChart),
    Imbalance(ImbalanceChart),
    Multiples(MultiplesChart),
}

impl Input {
    fn frame(&self) -> &Frame {
        match self {
            Input::Trend(c) => &c.frame,
            Input::Allocation(c) => &c.frame,
            Input::Imbalance(c) => &c.frame,
            Input::Multiples(c) => &c.frame,
        }
    }
}

/// A renderer's error as a spec error: a size out of range names the key at fault.
fn render_err(e: super::ChartError) -> SpecError {
    match e {
        super::ChartError::Size { width, .. } if !(200..=4000).contains(&width) => {
            err("/width", e.to_string())
        }
        super::ChartError::Size { .. } => err("/height", e.to_string()),
        _ => err("", e.to_string()),
    }
}

fn build(ctx: &Ctx) -> Result<(Input, Vec<PlanIdx>), SpecError> {
    if ctx.spec.y_axis == YAxis::Fit
        && matches!(ctx.spec.kind, ChartType::Allocation | ChartType::Imbalance)
    {
        return Err(err(
            "/y_axis",
            "bars start at zero: \"fit\" is for the trend and multiples charts",
        ));
    }
    // Nothing the editor asks for is dropped silently.
    if !ctx.spec.annotations.is_empty()
        && matches!(ctx.spec.kind, ChartType::Multiples | ChartType::Imbalance)
    {
        return Err(err(
            "/annotations",
            "annotations are drawn on the trend and allocation charts only",
        ));
    }
    if !ctx.spec.series.is_empty() && ctx.spec.kind == ChartType::Imbalance {
        return Err(err(
            "/series",
            "the imbalance chart has no series to style (its bars are checks)",
        ));
    }
    Ok(match ctx.spec.kind {
        ChartType::Trend => {
            let (c, p) = trend_input(ctx)?;
            (Input::Trend(c), p)
        }
        ChartType::Multiples => {
            let (c, p) = multiples_input(ctx)?;
            (Input::Multiples(c), p)
        }
        ChartType::Allocation => {
            let (c, p) = allocation_input(ctx)?;
            (Input::Allocation(c), p)
        }
        ChartType::Imbalance => {
            let (c, p) = imbalance_input(ctx)?;
            (Input::Imbalance(c), p)
        }
    })
}

/// Draws the requested chart as an SVG string.
pub fn draw(model: &Model, spec: &ChartSpec) -> Result<String, SpecError> {
    let ctx = Ctx { model, spec };
    let (input, _) = build(&ctx)?;
    render(&input, &spec.options)
}

fn render(input: &Input, o: &ChartOptions) -> Result<String, SpecError> {
    match input {
        Input::Trend(c) => super::trend(c, o),
        Input::Multiples(c) => super::multiples(c, o),
        Input::Allocation(c) => super::allocation(c, o),
        Input::Imbalance(c) => super::imbalance(c, o),
    }
    .map_err(render_err)
}

/// The text of the `<desc>` of a chart drawn by [`render`], unescaped.
fn desc_of(svg: &str) -> String {
    let text = svg
        .split_once("<desc>")
        .and_then(|(_, rest)| rest.split_once("</desc>"))
        .map_or("", |(d, _)| d);
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// A plan a chart draws from, as the chart names it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PlanRef {
    /// The plan's id in its file.
    pub id: String,
    /// Its document number, when it has one.
    pub doc_no: Option<String>,
    /// Its title, when it has one.
    pub title: Option<String>,
    /// The name the chart uses ([`plan_name`]).
    pub name: String,
}

/// What a chart says, without drawing it: for a caption, a share card or the alt text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChartMeta {
    pub title: String,
    pub subtitle: String,
    pub notes: String,
    pub source: String,
    pub credit: String,
    /// The description: the editor's, else one generated sentence and then the data.
    pub alt: String,
    /// The plans drawn, in the order the source line names them.
    pub plans: Vec<PlanRef>,
}

impl ChartMeta {
    /// As JSON (`Session.chartMeta`): serde_json's bytes for the derived `Serialize`,
    /// written by the engine's one JSON writer (no serde code in the page for it).
    pub fn to_json(&self) -> String {
        let mut j = planlens::json_out::Json::new();
        j.begin_object();
        j.key("title").str(&self.title);
        j.key("subtitle").str(&self.subtitle);
        j.key("notes").str(&self.notes);
        j.key("source").str(&self.source);
        j.key("credit").str(&self.credit);
        j.key("alt").str(&self.alt);
        j.key("plans").begin_array();
        for p in &self.plans {
            j.item().begin_object();
            j.key("id").str(&p.id);
            j.key("doc_no").opt_str(p.doc_no.as_deref());
            j.key("title").opt_str(p.title.as_deref());
            j.key("name").str(&p.name);
            j.end_object();
        }
        j.end_array();
        j.end_object();
        j.into_string()
    }
}

/// The texts of the chart a spec asks for, and the plans it draws, without drawing it.
pub fn describe(model: &Model, spec: &ChartSpec) -> Result<ChartMeta, SpecError> {
    let ctx = Ctx { model, spec };
    let (input, plans) = build(&ctx)?;
    // The description as drawn: one copy of the words, the renderers' (drawing costs
    // less than a second copy of their code in the WebAssembly).
    let alt = desc_of(&render(&input, &spec.options)?);
    let f = input.frame();
    Ok(ChartMeta {
        title: f.title.clone(),
        subtitle: f.subtitle.clone(),
        notes: f.notes.clone(),
        source: f.source.clone(),
        credit: f.credit.clone(),
        alt,
        plans: distinct(&plans)
            .iter()
            .filter_map(|&p| model.plans.get(p as usize))
            .map(|p| PlanRef {
                id: p.id.clone(),
                doc_no: p.doc_no.clone(),
                title: p.title.clone(),
                name: plan_name(p),
            })
            .collect(),
    })
}

/// What a drawn series is: its area, plan and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    area: AreaId,
    plan: PlanIdx,
    kind: Kind,
}

/// The series of one area: a line per plan and kind.
fn series_of(
    ctx: &Ctx,
    cells: &[&Cell],
    area: AreaId,
    label_area: bool,
) -> Vec<(TrendSeries, Key)> {
    let zh = ctx.spec.lang == Lang::Zh;
    // Actual values are facts whichever plan reports them: one line of them per area,
    // under the first plan that has any (a year reported twice keeps the first value).
    let first_actual = cells
        .iter()
        .filter(|c| c.area == area && c.kind == Kind::Actual)
        .map(|c| c.plan)
        .min();
    let mut keys: Vec<(PlanIdx, Kind)> = cells
        .iter()
        .filter(|c| c.area == area)
        .map(|c| match c.kind {
            Kind::Actual => (first_actual.unwrap_or(c.plan), c.kind),
            Kind::Target => (c.plan, c.kind),
        })
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
                    .map_or_else(String::new, plan_short);
                let what = match (k, zh) {
                    (Kind::Actual, true) => "实际".to_string(),
                    (Kind::Actual, false) => "actual".to_string(),
                    _ => plan,
                };
                label = if label.is_empty() {
                    what
                } else {
                    format!("{label} {what}")
                };
            }
            let mut years: Vec<i32> = Vec::new();
            let points = cells
                .iter()
                .filter(|c| {
                    let keep = c.area == area
                        && c.kind == k
                        && (k == Kind::Actual || c.plan == p)
                        && !years.contains(&c.year);
                    if keep {
                        years.push(c.year);
                    }
                    keep
                })
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
            let s = TrendSeries {
                label,
                points,
                group: area,
                ..TrendSeries::default()
            };
            (
                s,
                Key {
                    area,
                    plan: p,
                    kind: k,
                },
            )
        })
        .collect()
}

/// A name for a chart label: the document number, else a short form of the title (the
/// words before a bracketed period and the period: 「实施方案(2011—2013年)」).
pub(crate) fn plan_short(p: &PlanMeta) -> String {
    let full = plan_name(p);
    if p.doc_no.as_deref().is_some_and(|d| !d.trim().is_empty()) || full.chars().count() <= 14 {
        return full;
    }
    let open = full.rfind(['(', '（']);
    if let Some(at) = open {
        let (head, period) = full.split_at(at);
        if period.chars().any(|c| c.is_ascii_digit()) {
            let chars: Vec<char> = head.chars().collect();
            let tail: String = chars
                .get(chars.len().saturating_sub(4)..)
                .unwrap_or_default()
                .iter()
                .collect();
            return format!("{tail}{period}");
        }
    }
    full
}

/// Applies the editor's series styles (`/series/i`) to the drawn series.
fn apply_styles(ctx: &Ctx, drawn: &mut [(TrendSeries, Key)]) -> Result<(), SpecError> {
    for (i, st) in ctx.spec.series.iter().enumerate() {
        let area = ctx.model.area_id(&st.area).ok_or_else(|| {
            err(
                format!("/series/{i}/area"),
                format!("unknown area {:?}", st.area),
            )
        })?;
        let plan = ctx.plan_id(st.plan.as_deref(), &format!("/series/{i}/plan"))?;
        let mut hit = false;
        for (s, k) in drawn.iter_mut() {
            if k.area == area && plan.is_none_or(|p| p == k.plan) {
                hit = true;
                s.color = st.color.or(s.color);
                s.highlight |= st.highlight;
                if let Some(l) = &st.label {
                    s.label = l.clone();
                }
            }
        }
        if !hit {
            return Err(err(
                format!("/series/{i}"),
                format!("no line of area {:?} is drawn", st.area),
            ));
        }
    }
    Ok(())
}

/// The editor's annotations (`/annotations/i`) as callouts on the drawn series.
fn annotations(ctx: &Ctx, drawn: &[(TrendSeries, Key)]) -> Result<Vec<Callout>, SpecError> {
    let mut out = Vec::new();
    for (i, a) in ctx.spec.annotations.iter().enumerate() {
        let area = match &a.area {
            Some(id) => Some(ctx.model.area_id(id).ok_or_else(|| {
                err(
                    format!("/annotations/{i}/area"),
                    format!("unknown area {id:?}"),
                )
            })?),
            None => None,
        };
        let plan = ctx.plan_id(a.plan.as_deref(), &format!("/annotations/{i}/plan"))?;
        let candidates = drawn.iter().enumerate().filter(|(_, (_, k))| {
            area.is_none_or(|x| x == k.area) && plan.is_none_or(|p| p == k.plan)
        });
        let mut found = None;
        for (n, (s, _)) in candidates {
            let year = a.year.or_else(|| s.points.iter().map(|p| p.year).max());
            if let Some(y) = year {
                if s.points.iter().any(|p| p.year == y) {
                    found = Some((n, y));
                    break;
                }
            }
        }
        let (series, year) = found.ok_or_else(|| {
            let at = if a.year.is_some() { "year" } else { "area" };
            err(
                format!("/annotations/{i}/{at}"),
                "no point drawn there: the annotation needs a point of the chart",
            )
        })?;
        out.push(Callout {
            series,
            year,
            text: Some(a.text.clone()),
            accent: false,
        });
    }
    Ok(out)
}

/// The conflicts among drawn target lines: the same area and year with different
/// values in two plans. Both points are labelled; the later plan's value is the change.
fn conflicts(model: &Model, drawn: &[(TrendSeries, Key)]) -> Vec<(usize, usize, i32)> {
    let issued = |p: PlanIdx| model.plans.get(p as usize).and_then(|m| m.issued.clone());
    let mut out = Vec::new();
    for (a, (sa, ka)) in drawn.iter().enumerate() {
        for (b, (sb, kb)) in drawn.iter().enumerate().skip(a + 1) {
            if ka.area != kb.area || ka.kind != Kind::Target || kb.kind != Kind::Target {
                continue;
            }
            for pa in &sa.points {
                let Some(pb) = sb.points.iter().find(|p| p.year == pa.year) else {
                    continue;
                };
                if pa.value.lo != pb.value.lo || pa.value.hi != pb.value.hi {
                    // The change is the later plan's (by issue date, else file order).
                    let later_b = (issued(kb.plan), kb.plan) >= (issued(ka.plan), ka.plan);
                    let (old, new) = if later_b { (a, b) } else { (b, a) };
                    out.push((old, new, pa.year));
                }
            }
        }
    }
    out
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
        return Err(nothing_to_draw(
            "/indicator",
            "no figures to draw for this indicator",
            "no_figures",
            Vec::new(),
        ));
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

fn trend_input(ctx: &Ctx) -> Result<(TrendChart, Vec<PlanIdx>), SpecError> {
    let ind = ctx.indicator()?;
    let pv = pivot(ctx.model).map_err(|e| err("/indicator", e.to_string()))?;
    let cells = cells_for(ctx, &pv.cells, ind)?;
    let mut areas = ctx.areas()?;
    if areas.is_empty() {
        areas = top_areas(ctx.model, &cells);
        areas.truncate(6);
    }
    let mut drawn: Vec<(TrendSeries, Key)> = areas
        .iter()
        .flat_map(|&a| series_of(ctx, &cells, a, areas.len() > 1))
        .filter(|(s, _)| !s.points.is_empty())
        .collect();
    if drawn.is_empty() {
        return Err(err(
            "/areas",
            "none of these areas has figures for this indicator",
        ));
    }
    apply_styles(ctx, &mut drawn)?;
    let i = ctx
        .model
        .indicator(ind)
        .ok_or_else(|| err("/indicator", "unknown"))?;
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
    // The story: conflicting values labelled, the change in the accent colour.
    let mut callouts = Vec::new();
    let clashes = conflicts(ctx.model, &drawn);
    for &(old, new, year) in &clashes {
        for (series, accent) in [(old, false), (new, true)] {
            callouts.push(Callout {
                series,
                year,
                text: None,
                accent,
            });
        }
    }
    callouts.extend(annotations(ctx, &drawn)?);
    let mut frame = ctx.frame(i.name.clone(), subtitle, &i.unit_text, &plans);
    frame.lead = trend_lead(ctx, &drawn, &clashes, &i.name, &i.unit_text);
    let chart = TrendChart {
        frame,
        series: drawn.into_iter().map(|(s, _)| s).collect(),
        callouts,
        y_fit: ctx.spec.y_axis == YAxis::Fit,
        needed_path: true,
    };
    Ok((chart, plans))
}

/// The value of a series in a year, in words with its unit.
fn value_at(s: &TrendSeries, year: i32, unit: &str, lang: Lang) -> Option<String> {
    s.points
        .iter()
        .find(|p| p.year == year)
        .map(|p| super::format::fmt_value(&p.value, unit, lang))
}

/// The first sentence of a trend's description: the conflict, else how the first
/// line goes from its first to its last year.
fn trend_lead(
    ctx: &Ctx,
    drawn: &[(TrendSeries, Key)],
    clashes: &[(usize, usize, i32)],
    name: &str,
    unit: &str,
) -> String {
    let lang = ctx.spec.lang;
    let plan = |k: &Key| {
        ctx.model
            .plans
            .get(k.plan as usize)
            .map_or_else(String::new, plan_name)
    };
    if let Some(&(old, new, year)) = clashes.first() {
        let (Some((so, ko)), Some((sn, kn))) = (drawn.get(old), drawn.get(new)) else {
            return String::new();
        };
        let (Some(vo), Some(vn)) = (
            value_at(so, year, unit, lang),
            value_at(sn, year, unit, lang),
        ) else {
            return String::new();
        };
        let area = ctx.area_name(ko.area);
        return match lang {
            Lang::Zh => format!(
                "{area}{year}年{name}目标在{}中为{vo}，在{}中改为{vn}。",
                plan(ko),
                plan(kn)
            ),
            Lang::En => format!(
                "The {year} target for {name} in {area} is {vo} in {} and {vn} in {}. ",
                plan(ko),
                plan(kn)
            ),
        };
    }
    let Some((s, k)) = drawn.iter().find(|(s, _)| s.points.len() >= 2) else {
        return String::new();
    };
    let (Some(first), Some(last)) = (
        s.points.iter().min_by_key(|p| p.year),
        s.points.iter().max_by_key(|p| p.year),
    ) else {
        return String::new();
    };
    let (lo, hi) = (
        first.value.lo.or(first.value.hi),
        last.value.lo.or(last.value.hi),
    );
    let up = matches!((lo, hi), (Some(a), Some(b)) if b > a);
    let down = matches!((lo, hi), (Some(a), Some(b)) if b < a);
    let v0 = super::format::fmt_value(&first.value, unit, lang);
    let v1 = super::format::fmt_value(&last.value, unit, lang);
    let area = ctx.area_name(k.area);
    match lang {
        Lang::Zh => {
            let verb = if up {
                "增至"
            } else if down {
                "降至"
            } else {
                "保持"
            };
            format!(
                "{area}{name}从{}年的{v0}{verb}{}年的{v1}。",
                first.year, last.year
            )
        }
        Lang::En => {
            let verb = if up {
                "rises to"
            } else if down {
                "falls to"
            } else {
                "stays at"
            };
            format!(
                "{name} in {area} goes from {v0} in {} and {verb} {v1} in {}. ",
                first.year, last.year
            )
        }
    }
}

/// At most this many small multiples are drawn.
const MAX_PANELS: usize = 40;

fn multiples_input(ctx: &Ctx) -> Result<(MultiplesChart, Vec<PlanIdx>), SpecError> {
    let ind = ctx.indicator()?;
    let pv = pivot(ctx.model).map_err(|e| err("/indicator", e.to_string()))?;
    let cells = cells_for(ctx, &pv.cells, ind)?;
    let parent = match ctx.areas()?.first() {
        Some(&a) => a,
        None => *top_areas(ctx.model, &cells).first().ok_or_else(|| {
            nothing_to_draw(
                "/areas",
                "no area has figures",
                "no_area_figures",
                Vec::new(),
            )
        })?,
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
    // Every panel's lines in one list for the editor's styles, then back into panels.
    let mut drawn: Vec<(TrendSeries, Key)> = Vec::new();
    let mut ranges = Vec::new();
    for &c in &order {
        let from = drawn.len();
        drawn.extend(series_of(ctx, &near, c, false));
        ranges.push((c, from, drawn.len()));
    }
    apply_styles(ctx, &mut drawn)?;
    let panels: Vec<Panel> = ranges
        .iter()
        .map(|&(c, from, to)| Panel {
            label: ctx.area_name(c),
            series: drawn
                .get(from..to)
                .unwrap_or_default()
                .iter()
                .map(|(s, _)| s.clone())
                .collect(),
        })
        .filter(|p| p.series.iter().any(|s| !s.points.is_empty()))
        .collect();
    if panels.is_empty() {
        return Err(err(
            "/areas",
            format!(
                "no area below {:?} has figures for this indicator",
                ctx.area_name(parent)
            ),
        ));
    }
    let i = ctx
        .model
        .indicator(ind)
        .ok_or_else(|| err("/indicator", "unknown"))?;
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
    let mut frame = ctx.frame(i.name.clone(), subtitle, &i.unit_text, &plans);
    frame.lead = match ctx.spec.lang {
        Lang::Zh => format!(
            "{}个下级区域的{}目标，各占一格，刻度相同。",
            panels.len(),
            i.name
        ),
        Lang::En => format!(
            "{} targets of {} areas, one panel each on a shared scale. ",
            i.name,
            panels.len()
        ),
    };
    let chart = MultiplesChart {
        frame,
        panels,
        y_fit: ctx.spec.y_axis == YAxis::Fit,
    };
    Ok((chart, plans))
}

fn allocation_input(ctx: &Ctx) -> Result<(AllocationChart, Vec<PlanIdx>), SpecError> {
    let ind = ctx.indicator()?;
    let report =
        check::run(ctx.model, &ctx.spec.check).map_err(|e| err("/indicator", e.to_string()))?;
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
        return Err(nothing_to_draw(
            "/indicator",
            "no allocation (area_sum check) for this indicator and area",
            "no_allocation",
            Vec::new(),
        ));
    }
    let found = match ctx.spec.year {
        Some(y) => candidates.iter().find(|x| x.year == y).ok_or_else(|| {
            nothing_to_draw(
                "/year",
                format!("no allocation in {y}"),
                "no_allocation",
                vec![("year", y.to_string())],
            )
        })?,
        None => candidates
            .iter()
            .min_by_key(|x| (x.status, x.year))
            .ok_or_else(|| err("/year", "no allocation"))?,
    };
    let i = ctx
        .model
        .indicator(ind)
        .ok_or_else(|| err("/indicator", "unknown"))?;
    let zh = ctx.spec.lang == Lang::Zh;
    let mut drawn = allocation_parts(ctx, report.parts(found), zh);
    for (i, st) in ctx.spec.series.iter().enumerate() {
        let area = ctx.model.area_id(&st.area);
        let (part, _) = drawn
            .iter_mut()
            .find(|(_, a)| area.is_some() && *a == area)
            .ok_or_else(|| {
                err(
                    format!("/series/{i}/area"),
                    format!("no bar of area {:?} is drawn", st.area),
                )
            })?;
        part.color = st.color.or(part.color);
        part.highlight |= st.highlight;
        if let Some(l) = &st.label {
            part.label = l.clone();
        }
    }
    let mut callouts = Vec::new();
    for (i, a) in ctx.spec.annotations.iter().enumerate() {
        let area = a.area.as_deref().and_then(|id| ctx.model.area_id(id));
        let n = drawn
            .iter()
            .position(|(_, x)| area.is_some() && *x == area)
            .ok_or_else(|| {
                err(
                    format!("/annotations/{i}/area"),
                    "no bar of this area is drawn (an annotation of an allocation names a part's area)",
                )
            })?;
        callouts.push(Callout {
            series: n,
            year: found.year,
            text: Some(a.text.clone()),
            accent: false,
        });
    }
    let parts: Vec<Part> = drawn.into_iter().map(|(p, _)| p).collect();
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
    let mut frame = ctx.frame(i.name.clone(), subtitle, &i.unit_text, &[found.plans.0]);
    frame.lead = allocation_lead(ctx, found, report.parts(found));
    let chart = AllocationChart {
        frame,
        parent_label: ctx.area_name(found.area),
        parent: value(&found.expected, false, false),
        parts,
        status: status(found.status),
        difference: found.difference.map(f),
        callouts,
    };
    Ok((chart, vec![found.plans.0]))
}

/// At most this many bars in an allocation chart; the smallest parts beyond it are
/// drawn as one bar of their sum (a city of 200,000 districts stays a readable chart).
const MAX_BARS: usize = 30;

/// One sentence of what an allocation shows, before its data in the description: the
/// parent's target split among its areas, and the area with the largest part and its
/// share (taken from every child, not from the drawn bars, which fold the smallest).
fn allocation_lead(ctx: &Ctx, found: &Finding, parts: &[check::Part]) -> String {
    let mid = |v: &Interval| match (v.lo, v.hi) {
        (Some(a), Some(b)) => Some((f(a) + f(b)) / 2.0),
        (Some(a), None) | (None, Some(a)) => Some(f(a)),
        (None, None) => None,
    };
    let top = parts
        .iter()
        .filter_map(|p| Some((p.id, mid(&p.value?)?)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let most = top.and_then(|(id, v)| {
        let share = super::allocation::share_text(v, mid(&found.expected)?)?;
        Some((ctx.area_name(id), share))
    });
    let parent = ctx.area_name(found.area);
    let n = parts.len() + found.missing_more as usize;
    match (ctx.spec.lang, most) {
        (Lang::Zh, Some((top, share))) => {
            format!("{parent}的目标分解到{n}个下级区域，{top}最多（{share}）。")
        }
        (Lang::Zh, None) => format!("{parent}的目标分解到{n}个下级区域。"),
        (Lang::En, Some((top, share))) => {
            format!(
                "{parent}'s target split among {n} areas; {top} has the largest part ({share}). "
            )
        }
        (Lang::En, None) => format!("{parent}'s target split among {n} areas. "),
    }
}

fn allocation_parts(ctx: &Ctx, parts: &[check::Part], zh: bool) -> Vec<(Part, Option<AreaId>)> {
    let bar = |p: &check::Part| {
        let part = Part {
            label: ctx.area_name(p.id),
            value: p.value.map(|v| value(&v, p.approx, p.derived)),
            ..Part::default()
        };
        (part, Some(p.id))
    };
    if parts.len() <= MAX_BARS {
        return parts.iter().map(bar).collect();
    }
    // The largest parts (by their upper end) keep their own bar.
    let mut order: Vec<&check::Part> = parts.iter().collect();
    let size = |p: &check::Part| p.value.and_then(|v| v.hi.or(v.lo));
    planlens::order::sort_by_key(&mut order, |p| std::cmp::Reverse(size(p)));
    let (own, rest) = order.split_at(MAX_BARS - 1);
    let mut out: Vec<(Part, Option<AreaId>)> = own.iter().map(|p| bar(p)).collect();
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
    let other = Part {
        label,
        value: sum.map(|v| value(&v, approx, false)),
        ..Part::default()
    };
    out.push((other, None));
    out
}

fn imbalance_input(ctx: &Ctx) -> Result<(ImbalanceChart, Vec<PlanIdx>), SpecError> {
    let report = check::run(ctx.model, &ctx.spec.check).map_err(|e| err("", e.to_string()))?;
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
            "/type",
            "nothing to draw: no check fails or is uncertain",
        ));
    }
    let title = if zh {
        "未能加总的目标".to_string()
    } else {
        "Targets that do not add up".to_string()
    };
    let mut subtitle = if zh {
        format!(
            "{}项检查未通过或无法确定：分项合计或实际减去应为",
            bars.len()
        )
    } else {
        format!(
            "{} checks failing or uncertain: the parts' sum or the actual minus the expected",
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
    let chart = ImbalanceChart {
        frame: ctx.frame(title, subtitle, "", &plans),
        bars,
    };
    Ok((chart, plans))
}

#[cfg(test)]
mod tests {
    use super::*;
    use planlens::plan::SourceFile;

    fn seeds(with_jinan: bool) -> Model {
        let mut files = vec![
            SourceFile {
                name: "sz-2010-98.json".into(),
                text: planlens::DEFAULT_PLAN.into(),
            },
            SourceFile {
                name: "sz-2011-2013.json".into(),
                text: include_str!("../../../plans/sz-2011-2013-innovation-city.json").into(),
            },
        ];
        if with_jinan {
            files.push(SourceFile {
                name: "jinan.json".into(),
                text: include_str!("../../../plans/jinan-innovation-city.json").into(),
            });
        }
        Model::load(&files).unwrap()
    }

    fn spec(json: &str) -> ChartSpec {
        ChartSpec::from_json(json).unwrap()
    }

    #[test]
    fn metadata_names_only_the_plans_drawn_in_the_chart_language() {
        let m = seeds(true);
        let zh = describe(
            &m,
            &spec(r#"{"type": "trend", "indicator": "new_energy_output", "areas": ["shenzhen"]}"#),
        )
        .unwrap();
        assert_eq!(zh.title, "新能源产业规模");
        assert_eq!(
            zh.source,
            "来源：深府办〔2010〕98号、深圳国家创新型城市总体规划实施方案(2011—2013年)"
        );
        let ids: Vec<&str> = zh.plans.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            ["sz-2010-98", "sz-2011-2013"],
            "济南 is loaded but not drawn"
        );
        assert_eq!(zh.to_json(), serde_json::to_string(&zh).unwrap());
        assert_eq!(
            zh.plans.first().and_then(|p| p.doc_no.as_deref()),
            Some("深府办〔2010〕98号")
        );
        assert!(
            zh.alt
                .starts_with("深圳市2012年新能源产业规模目标在深府办〔2010〕98号中为1,100亿元，"),
            "{}",
            zh.alt
        );
        assert!(!zh.alt.contains("sz-20"), "{}", zh.alt);
        let en = describe(&m, &spec(r#"{"type": "trend", "indicator": "new_energy_output", "areas": ["shenzhen"], "lang": "en"}"#)).unwrap();
        assert_eq!(
            en.source,
            "Source: 深府办〔2010〕98号, 深圳国家创新型城市总体规划实施方案(2011—2013年)"
        );
        // The editor's words replace the defaults, the alt text included.
        let ed = describe(&m, &spec(r#"{"type": "allocation", "indicator": "bio_output", "year": 2012,
            "text": {"title": "南山区承担过半目标", "source": "来源：市政府", "alt": "南山区460亿元。", "credit": "制图：X"}}"#)).unwrap();
        assert_eq!(
            (
                ed.title.as_str(),
                ed.source.as_str(),
                ed.alt.as_str(),
                ed.credit.as_str()
            ),
            (
                "南山区承担过半目标",
                "来源：市政府",
                "南山区460亿元。",
                "制图：X"
            )
        );
        assert!(ed
            .to_json()
            .starts_with(r#"{"title":"南山区承担过半目标","#));
        // The hand-written JSON is serde_json's, with and without plans, ids and titles.
        let mut meta = ed.clone();
        assert_eq!(meta.to_json(), serde_json::to_string(&meta).unwrap());
        meta.plans = vec![
            PlanRef {
                id: "p\"1".into(),
                doc_no: None,
                title: Some("题\n".into()),
                name: "名".into(),
            },
            PlanRef {
                id: "p2".into(),
                doc_no: Some("深府〔2010〕98号".into()),
                title: None,
                name: "".into(),
            },
        ];
        assert_eq!(meta.to_json(), serde_json::to_string(&meta).unwrap());
        meta.plans.clear();
        assert_eq!(meta.to_json(), serde_json::to_string(&meta).unwrap());
    }

    #[test]
    fn names_in_series_and_annotations_are_checked_with_their_pointer() {
        let m = seeds(false);
        for (json, pointer) in [
            (
                r#"{"type": "trend", "indicator": "bio_output", "areas": ["shenzhen", "nope"]}"#,
                "/areas/1",
            ),
            (
                r#"{"type": "trend", "indicator": "bio_output", "series": [{"area": "nope"}]}"#,
                "/series/0/area",
            ),
            (
                r#"{"type": "trend", "indicator": "bio_output", "areas": ["shenzhen"], "series": [{"area": "nanshan"}]}"#,
                "/series/0",
            ),
            (
                r#"{"type": "trend", "indicator": "bio_output", "series": [{"area": "shenzhen", "plan": "x"}]}"#,
                "/series/0/plan",
            ),
            (
                r#"{"type": "trend", "indicator": "bio_output", "areas": ["shenzhen"], "annotations": [{"year": 1999, "text": "x"}]}"#,
                "/annotations/0/year",
            ),
            (
                r#"{"type": "allocation", "indicator": "bio_output", "annotations": [{"area": "nope", "text": "x"}]}"#,
                "/annotations/0/area",
            ),
            (
                r#"{"type": "allocation", "indicator": "bio_output", "y_axis": "fit"}"#,
                "/y_axis",
            ),
        ] {
            let e = draw(&m, &spec(json)).unwrap_err();
            assert_eq!(e.pointer, pointer, "{json}: {e}");
        }
    }

    #[test]
    fn a_short_title_keeps_the_period() {
        let p = PlanMeta {
            file: String::new(),
            id: "sz-2011-2013".into(),
            title: Some("深圳国家创新型城市总体规划实施方案(2011—2013年)".into()),
            issuer: None,
            doc_no: None,
            issued: None,
            source: None,
            note: None,
        };
        assert_eq!(plan_short(&p), "实施方案(2011—2013年)");
        assert_eq!(
            plan_name(&p),
            "深圳国家创新型城市总体规划实施方案(2011—2013年)"
        );
    }
}
