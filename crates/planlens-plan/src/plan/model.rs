//! The validated, interned model of one or several plans: what the checks and the
//! aggregation run on.
//!
//! Ids become dense indices (`AreaId`, `IndId`), figures live in one flat vector sorted
//! by (plan, kind, indicator, year, area), and the area forest is stored as
//! parent indices plus a compressed children list, so the checks run on arrays rather
//! than on strings and maps. These are only the types: `Model::load` and every rule a
//! model is held to are in [`super::build`]; what comes out of it is consistent.

pub use super::format::{Kind, Tolerance};
use crate::num::{Dec, Interval, Unit};
use std::collections::HashMap;

pub type AreaId = u32;
pub type IndId = u32;
pub type PlanIdx = u16;

#[derive(Debug, Clone, Default)]
pub struct PlanMeta {
    pub file: String,
    pub id: String,
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub doc_no: Option<String>,
    pub issued: Option<String>,
    pub source: Option<String>,
    pub note: Option<String>,
}

impl PlanMeta {
    /// The plan as readers name it: its document number (深府办〔2010〕98号), else its
    /// title, and its file id only when it has neither.
    pub fn display_name(&self) -> &str {
        fn some(s: &Option<String>) -> Option<&str> {
            s.as_deref().map(str::trim).filter(|s| !s.is_empty())
        }
        some(&self.doc_no)
            .or_else(|| some(&self.title))
            .unwrap_or(self.id.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Area {
    pub id: String,
    pub name: String,
    pub parent: Option<AreaId>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
}

/// How an indicator is defined from others, besides `sum_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    GrowthOf(IndId),
    IncrementOf(IndId),
    ShareOf {
        numerator: IndId,
        denominator: IndId,
    },
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    pub unit_text: String,
    pub unit: Unit,
    pub additive: bool,
    pub sum_of: Vec<IndId>,
    pub tolerance: Option<Tolerance>,
    pub better: Better,
    pub relations: Vec<Relation>,
    /// `part_of`: the indicator whose figure (same area and year) this one's is a part of.
    pub part_of: Option<IndId>,
    /// `whole`: the total the components (`sum_of`) make, or without `sum_of` the total
    /// of the children areas' figures.
    pub whole: Option<Dec>,
    pub note: Option<String>,
}

/// The factor that turns additions in unit `inc` into the stock's unit `stock`: scales
/// of one base convert, and 百分点 (个百分点) add to a stock in `%` (提高12个百分点 to
/// 60%). `None` when they do not add up.
pub fn increment_factor(inc: &Unit, stock: &Unit) -> Option<Dec> {
    let points = ["百分点", "个百分点"].contains(&inc.base.as_str());
    if points && stock.base == "%" && inc.exp10 == 0 && stock.exp10 == 0 {
        return Some(Dec::ONE);
    }
    inc.factor_to(stock)
}

impl Indicator {
    /// A growth or increment indicator: its figures are for a period (`base_year`).
    pub(super) fn periodic(&self) -> bool {
        self.relations
            .iter()
            .any(|r| matches!(r, Relation::GrowthOf(_) | Relation::IncrementOf(_)))
    }
}

/// One target or actual.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    pub plan: PlanIdx,
    pub kind: Kind,
    pub ind: IndId,
    pub area: AreaId,
    /// `None` when the document hides the year (`year_text`).
    pub year: Option<i32>,
    pub base_year: Option<i32>,
    pub value: Interval,
    pub approx: bool,
    /// Index of the record in its file's `targets` or `actuals` array.
    pub rec: u32,
}

/// The text that goes with a figure (kept apart: the checks never read it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FigureText {
    pub source: Option<String>,
    pub note: Option<String>,
    pub period: Option<String>,
    pub year_text: Option<String>,
    /// The sentence or table the figure comes from (`group`): with `year_text`, the
    /// hidden year it shares with the other figures of its plan and group.
    pub group: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Milestone {
    pub due: String,
    pub text: String,
    pub source: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Task {
    pub plan: PlanIdx,
    pub id: String,
    pub title: String,
    pub lead: Vec<String>,
    pub support: Vec<String>,
    pub area: Option<AreaId>,
    pub due: Option<String>,
    pub milestones: Vec<Milestone>,
    pub indicators: Vec<IndId>,
    pub source: Option<String>,
    pub note: Option<String>,
}

/// Plans loaded together.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub plans: Vec<PlanMeta>,
    pub areas: Vec<Area>,
    pub indicators: Vec<Indicator>,
    /// Sorted by (plan, kind, indicator, year, base_year, area); unknown years first
    /// in their run.
    pub figures: Vec<Figure>,
    /// Parallel to `figures`.
    pub texts: Vec<Option<Box<FigureText>>>,
    pub tasks: Vec<Task>,
    pub(super) child_start: Vec<u32>,
    pub(super) child_list: Vec<AreaId>,
    /// `known[plan * areas + area]`: the plan defines the area or has a figure for it.
    pub(super) known: Vec<bool>,
    pub(super) area_index: HashMap<String, AreaId>,
    pub(super) ind_index: HashMap<String, IndId>,
}

impl Model {
    pub fn area_id(&self, id: &str) -> Option<AreaId> {
        self.area_index.get(id).copied()
    }

    pub fn ind_id(&self, id: &str) -> Option<IndId> {
        self.ind_index.get(id).copied()
    }

    pub fn area(&self, a: AreaId) -> Option<&Area> {
        self.areas.get(a as usize)
    }

    pub fn indicator(&self, i: IndId) -> Option<&Indicator> {
        self.indicators.get(i as usize)
    }

    /// The children of an area, in definition order.
    pub fn children(&self, a: AreaId) -> &[AreaId] {
        let i = a as usize;
        match (self.child_start.get(i), self.child_start.get(i + 1)) {
            (Some(&s), Some(&e)) => self.child_list.get(s as usize..e as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Whether a plan defines the area or has a figure for it: a plan's own sums count
    /// only the children it knows (a district created later is not part of an earlier
    /// allocation).
    pub fn knows(&self, plan: PlanIdx, area: AreaId) -> bool {
        let i = plan as usize * self.areas.len() + area as usize;
        self.known.get(i).copied().unwrap_or(false)
    }

    pub fn text(&self, figure: usize) -> Option<&FigureText> {
        self.texts.get(figure).and_then(|t| t.as_deref())
    }

    /// The JSON pointer of a figure in its file.
    pub fn pointer(&self, f: &Figure) -> String {
        format!("/{}/{}", f.kind.key(), f.rec)
    }
}
