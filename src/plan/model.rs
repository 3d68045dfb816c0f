//! The validated, interned model of one or several plans.
//!
//! Ids become dense indices (`AreaId`, `IndId`), figures live in one flat vector sorted
//! by (plan, kind, indicator, year, area), and the area forest is stored as
//! parent indices plus a compressed children list, so the checks run on arrays rather
//! than on strings and maps. Building the model is where every semantic rule of the
//! format is enforced (a record's own rules are checked as it is read, see `stream`,
//! and reported here in the same order); what comes out is consistent.

use super::error::InputError;
use super::load::{parse_into, SourceFile};
pub use super::raw::Tolerance;
use super::raw::{self, BetterDef, PlanFile};
use super::stream::{LocalIds, Parsed, Sink, Stream};
use crate::num::{Interval, Unit};
use std::cmp::Ordering;
use std::collections::HashMap;

pub type AreaId = u32;
pub type IndId = u32;
pub type PlanIdx = u16;

/// Years a figure may be for.
pub const YEARS: std::ops::RangeInclusive<i64> = 1900..=2200;

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
    pub note: Option<String>,
}

impl Indicator {
    /// A growth or increment indicator: its figures are for a period (`base_year`).
    fn periodic(&self) -> bool {
        self.relations
            .iter()
            .any(|r| matches!(r, Relation::GrowthOf(_) | Relation::IncrementOf(_)))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Target,
    Actual,
}

impl Kind {
    pub fn key(self) -> &'static str {
        match self {
            Kind::Target => "targets",
            Kind::Actual => "actuals",
        }
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
    child_start: Vec<u32>,
    child_list: Vec<AreaId>,
    /// `known[plan * areas + area]`: the plan defines the area or has a figure for it.
    known: Vec<bool>,
    area_index: HashMap<String, AreaId>,
    ind_index: HashMap<String, IndId>,
}

impl Model {
    /// Parses and validates the files together.
    pub fn load(files: &[SourceFile]) -> Result<Model, InputError> {
        // Every file's records go straight into one vector of figures as they are
        // read; the builder then maps their ids (interned per file) to the model's.
        let mut sink = Sink::default();
        let mut raws = Vec::with_capacity(files.len());
        for (fi, f) in files.iter().enumerate() {
            // Past PlanIdx::MAX the builder refuses the set before looking at figures.
            let plan = PlanIdx::try_from(fi).unwrap_or(PlanIdx::MAX);
            raws.push(parse_into(&f.name, &f.text, plan, &mut sink)?);
        }
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        let mut b = Builder::default();
        b.m.figures = sink.figures;
        b.m.texts = sink.texts;
        b.build(&names, &raws)
    }

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

/// Builds the model. Like the rest of the core it uses checked access only: the ids
/// it looks up are ones it handed out itself while interning, so a miss is a bug and
/// comes back as an "internal error" [`InputError`] (see [`internal`]) rather than a
/// panic.
#[derive(Default)]
struct Builder<'a> {
    m: Model,
    /// Areas each file defines.
    defined: Vec<Vec<AreaId>>,
    /// Where each area and indicator was first defined: (file, index).
    area_at: Vec<(usize, usize)>,
    ind_at: Vec<(usize, usize)>,
    areas_raw: Vec<Vec<&'a raw::AreaDef<'a>>>,
    inds_raw: Vec<Vec<&'a raw::IndicatorDef<'a>>>,
}

/// Reorders `a` and `b` (of equal length) in place so that position `k` holds what was
/// at `perm[k]`, following each cycle of the permutation once; `perm` is used up.
fn permute<A, B>(a: &mut [A], b: &mut [B], perm: &mut [u32]) {
    let n = perm.len().min(a.len()).min(b.len());
    for start in 0..n {
        let mut cur = start;
        while let Some(slot) = perm.get_mut(cur) {
            let next = *slot as usize;
            *slot = cur as u32;
            if next == start || next >= n {
                break;
            }
            a.swap(cur, next);
            b.swap(cur, next);
            cur = next;
        }
    }
}

/// The model's id of each of a file's own ids (`None`: defined nowhere).
fn map_ids(ids: &LocalIds, index: &HashMap<String, u32>) -> Vec<Option<u32>> {
    ids.names
        .iter()
        .map(|n| index.get(n.as_ref()).copied())
        .collect()
}

/// The error for a lookup that can only fail through a bug in the builder (an id it
/// handed out itself, or a vector it sized to the ids, turns out to be missing).
fn internal(file: &str, what: std::fmt::Arguments) -> InputError {
    InputError::whole(file, format!("internal error: {what}"))
}

/// The slot of an id in a vector the builder sized to the ids (a miss is a bug).
fn slot<'v, T>(v: &'v mut [T], id: usize, file: &str) -> Result<&'v mut T, InputError> {
    v.get_mut(id)
        .ok_or_else(|| internal(file, format_args!("id {id} is out of range")))
}

/// Checked access for the builder by ids it interned: a miss is a bug.
impl Model {
    fn interned_area(&self, a: AreaId, file: &str) -> Result<&Area, InputError> {
        self.areas
            .get(a as usize)
            .ok_or_else(|| internal(file, format_args!("no area {a}")))
    }

    fn interned_area_mut(&mut self, a: AreaId, file: &str) -> Result<&mut Area, InputError> {
        self.areas
            .get_mut(a as usize)
            .ok_or_else(|| internal(file, format_args!("no area {a}")))
    }

    fn interned_ind(&self, i: IndId, file: &str) -> Result<&Indicator, InputError> {
        self.indicators
            .get(i as usize)
            .ok_or_else(|| internal(file, format_args!("no indicator {i}")))
    }

    fn interned_ind_mut(&mut self, i: IndId, file: &str) -> Result<&mut Indicator, InputError> {
        self.indicators
            .get_mut(i as usize)
            .ok_or_else(|| internal(file, format_args!("no indicator {i}")))
    }
}

impl<'a> Builder<'a> {
    /// `raws` are the files as read; their figures are already in `self.m.figures`,
    /// with ids local to each file.
    fn build(mut self, names: &[&str], raws: &'a [Parsed<'a>]) -> Result<Model, InputError> {
        if raws.len() > usize::from(PlanIdx::MAX) {
            return Err(InputError::whole(
                names.first().copied().unwrap_or(""),
                "too many plan files at once",
            ));
        }
        for (fi, (name, p)) in names.iter().zip(raws.iter().map(|r| &r.file)).enumerate() {
            if let Some(prev) = self.m.plans.iter().find(|q| q.id == p.plan.id) {
                return Err(InputError::at(
                    name,
                    "/plan/id",
                    format!("plan id {:?} is already used by {}", p.plan.id, prev.file),
                ));
            }
            let s = |o: &Option<std::borrow::Cow<str>>| o.as_deref().map(str::to_string);
            self.m.plans.push(PlanMeta {
                file: name.to_string(),
                id: p.plan.id.to_string(),
                title: s(&p.plan.title),
                issuer: s(&p.plan.issuer),
                doc_no: s(&p.plan.doc_no),
                issued: s(&p.plan.issued),
                source: s(&p.plan.source),
                note: s(&p.plan.note),
            });
            self.areas_raw.push(p.areas.iter().collect());
            self.inds_raw.push(p.indicators.iter().collect());
            self.intern_areas(fi, name, p)?;
            self.intern_indicators(fi, name, p)?;
        }
        self.resolve_parents(names, raws)?;
        self.resolve_indicators(names, raws)?;
        self.m.known = vec![false; self.m.areas.len() * self.m.plans.len()];
        for (fi, (name, p)) in names.iter().zip(raws).enumerate() {
            let plan = fi as PlanIdx;
            let ids = [
                map_ids(&p.inds, &self.m.ind_index),
                map_ids(&p.areas, &self.m.area_index),
            ];
            for (s, kind) in [(&p.targets, Kind::Target), (&p.actuals, Kind::Actual)] {
                self.records(name, p, &ids, s, kind)?;
            }
            self.tasks(plan, name, &p.file)?;
        }
        self.sort_and_find_duplicates(names)?;
        self.build_children(names.first().copied().unwrap_or(""))?;
        self.build_known();
        Ok(self.m)
    }

    fn intern_areas(&mut self, fi: usize, name: &str, p: &PlanFile) -> Result<(), InputError> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut defined = Vec::with_capacity(p.areas.len());
        for (i, a) in p.areas.iter().enumerate() {
            let ptr = format!("/areas/{i}/id");
            if a.id.is_empty() {
                return Err(InputError::at(name, ptr, "an area id must not be empty"));
            }
            if let Some(j) = seen.insert(&a.id, i) {
                return Err(InputError::at(
                    name,
                    ptr,
                    format!("duplicate area id {:?} (also at /areas/{j})", a.id),
                ));
            }
            if !self.m.area_index.contains_key(a.id.as_ref()) {
                let id = self.m.areas.len() as AreaId;
                self.m.area_index.insert(a.id.to_string(), id);
                self.m.areas.push(Area {
                    id: a.id.to_string(),
                    name: a.name.to_string(),
                    parent: None,
                    note: a.note.as_deref().map(str::to_string),
                });
                self.area_at.push((fi, i));
            }
            defined.extend(self.m.area_id(&a.id));
        }
        self.defined.push(defined);
        Ok(())
    }

    fn intern_indicators(&mut self, fi: usize, name: &str, p: &PlanFile) -> Result<(), InputError> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, d) in p.indicators.iter().enumerate() {
            let ptr = format!("/indicators/{i}/id");
            if d.id.is_empty() {
                return Err(InputError::at(
                    name,
                    ptr,
                    "an indicator id must not be empty",
                ));
            }
            if let Some(j) = seen.insert(&d.id, i) {
                return Err(InputError::at(
                    name,
                    ptr,
                    format!(
                        "duplicate indicator id {:?} (also at /indicators/{j})",
                        d.id
                    ),
                ));
            }
            if !self.m.ind_index.contains_key(d.id.as_ref()) {
                let id = self.m.indicators.len() as IndId;
                self.m.ind_index.insert(d.id.to_string(), id);
                self.m.indicators.push(Indicator {
                    id: d.id.to_string(),
                    name: d.name.to_string(),
                    unit_text: d.unit.trim().to_string(),
                    unit: Unit::parse(&d.unit),
                    additive: d.additive.unwrap_or(true),
                    sum_of: Vec::new(),
                    tolerance: d.tolerance,
                    better: match d.better {
                        Some(BetterDef::Lower) => Better::Lower,
                        _ => Better::Higher,
                    },
                    relations: Vec::new(),
                    note: d.note.as_deref().map(str::to_string),
                });
                self.ind_at.push((fi, i));
            }
        }
        Ok(())
    }

    /// Sets parents (all definitions of an area must agree where they say something)
    /// and refuses unknown parents and cycles.
    fn resolve_parents(&mut self, names: &[&str], raws: &[Parsed]) -> Result<(), InputError> {
        let mut parent_at: Vec<Option<(usize, usize)>> = vec![None; self.m.areas.len()];
        for (fi, p) in raws.iter().map(|r| &r.file).enumerate() {
            let name = names.get(fi).copied().unwrap_or("");
            for (i, a) in p.areas.iter().enumerate() {
                let Some(parent) = &a.parent else { continue };
                let ptr = format!("/areas/{i}/parent");
                let Some(pid) = self.m.area_id(parent) else {
                    return Err(InputError::at(
                        name,
                        ptr,
                        format!("unknown area {parent:?}"),
                    ));
                };
                let Some(aid) = self.m.area_id(&a.id) else {
                    continue;
                };
                if pid == aid {
                    return Err(InputError::at(
                        name,
                        ptr,
                        format!("area {:?} is its own parent", a.id),
                    ));
                }
                let area = self.m.interned_area_mut(aid, name)?;
                match area.parent {
                    Some(old) if old != pid => {
                        let (ofi, oi) = parent_at
                            .get(aid as usize)
                            .copied()
                            .flatten()
                            .unwrap_or((0, 0));
                        return Err(InputError::at(
                            name,
                            ptr,
                            format!(
                                "area {:?} has parent {:?} here but {:?} in {} at /areas/{oi}/parent",
                                a.id,
                                parent,
                                self.m.interned_area(old, name)?.id,
                                names.get(ofi).copied().unwrap_or("")
                            ),
                        ));
                    }
                    _ => {
                        area.parent = Some(pid);
                        *slot(&mut parent_at, aid as usize, name)? = Some((fi, i));
                    }
                }
            }
        }
        // Cycles: walk up from every area, colouring as we go (iterative, any depth).
        let first = names.first().copied().unwrap_or("");
        let n = self.m.areas.len();
        let mut state = vec![0u8; n]; // 0 new, 1 on the current walk, 2 known acyclic
        let mut walk = Vec::new();
        for start in 0..n {
            walk.clear();
            let mut cur = Some(start as AreaId);
            while let Some(a) = cur {
                let st = slot(&mut state, a as usize, first)?;
                match *st {
                    2 => break,
                    1 => {
                        let from = walk.iter().position(|&x| x == a).unwrap_or(0);
                        let ids = walk
                            .get(from..)
                            .unwrap_or_default()
                            .iter()
                            .chain([&a])
                            .map(|&x| Ok(self.m.interned_area(x, first)?.id.as_str()))
                            .collect::<Result<Vec<&str>, InputError>>()?;
                        let (fi, i) = parent_at
                            .get(a as usize)
                            .copied()
                            .flatten()
                            .unwrap_or((0, 0));
                        return Err(InputError::at(
                            names.get(fi).copied().unwrap_or(""),
                            format!("/areas/{i}/parent"),
                            format!("the parents form a cycle: {}", ids.join(" → ")),
                        ));
                    }
                    _ => {
                        *st = 1;
                        walk.push(a);
                        cur = self.m.interned_area(a, first)?.parent;
                    }
                }
            }
            for &a in &walk {
                *slot(&mut state, a as usize, first)? = 2;
            }
        }
        Ok(())
    }

    fn resolve_indicators(&mut self, names: &[&str], raws: &[Parsed]) -> Result<(), InputError> {
        let mut set: Vec<bool> = vec![false; self.m.indicators.len()];
        for (fi, p) in raws.iter().map(|r| &r.file).enumerate() {
            let name = names.get(fi).copied().unwrap_or("");
            for (i, d) in p.indicators.iter().enumerate() {
                let Some(me) = self.m.ind_id(&d.id) else {
                    continue;
                };
                let look = |key: &str, id: &str| {
                    self.m.ind_id(id).ok_or_else(|| {
                        InputError::at(
                            name,
                            format!("/indicators/{i}/{key}"),
                            format!("unknown indicator {id:?}"),
                        )
                    })
                };
                let mut sum_of = Vec::new();
                if let Some(list) = &d.sum_of {
                    for (k, c) in list.iter().enumerate() {
                        let cid = look(&format!("sum_of/{k}"), c)?;
                        if cid == me {
                            return Err(InputError::at(
                                name,
                                format!("/indicators/{i}/sum_of/{k}"),
                                format!("indicator {:?} cannot be a component of itself", d.id),
                            ));
                        }
                        sum_of.push(cid);
                    }
                }
                let mut relations = Vec::new();
                if let Some(g) = &d.growth_of {
                    relations.push(Relation::GrowthOf(look("growth_of", g)?));
                }
                if let Some(g) = &d.increment_of {
                    relations.push(Relation::IncrementOf(look("increment_of", g)?));
                }
                if let Some(s) = &d.share_of {
                    relations.push(Relation::ShareOf {
                        numerator: look("share_of/numerator", &s.numerator)?,
                        denominator: look("share_of/denominator", &s.denominator)?,
                    });
                }
                let ind = self.m.interned_ind(me, name)?;
                let first = self.ind_at.get(me as usize).copied().unwrap_or((0, 0));
                let disagree = |what: &str| {
                    InputError::at(
                        name,
                        format!("/indicators/{i}"),
                        format!(
                            "indicator {:?} is defined with a different {what} in {} at /indicators/{}",
                            d.id,
                            names.get(first.0).copied().unwrap_or(""),
                            first.1
                        ),
                    )
                };
                if Unit::parse(&d.unit) != ind.unit {
                    return Err(disagree("unit"));
                }
                if d.additive.unwrap_or(true) != ind.additive {
                    return Err(disagree("additive"));
                }
                let ind = self.m.interned_ind_mut(me, name)?;
                let was_set = slot(&mut set, me as usize, name)?;
                if d.sum_of.is_some() {
                    if *was_set && !ind.sum_of.is_empty() && ind.sum_of != sum_of {
                        return Err(disagree("sum_of"));
                    }
                    ind.sum_of = sum_of;
                }
                for r in relations {
                    let same_kind = ind
                        .relations
                        .iter()
                        .find(|x| std::mem::discriminant(*x) == std::mem::discriminant(&r));
                    match same_kind {
                        Some(x) if *x != r => {
                            return Err(disagree("relation (growth_of, increment_of or share_of)"))
                        }
                        Some(_) => {}
                        None => ind.relations.push(r),
                    }
                }
                *was_set = true;
            }
        }
        // Units of composites, and cycles of sum_of (iterative depth-first search).
        let first = names.first().copied().unwrap_or("");
        for (me, ind) in self.m.indicators.iter().enumerate() {
            for &c in &ind.sum_of {
                let comp = self.m.interned_ind(c, first)?;
                if !comp.unit.compatible(&ind.unit) {
                    let (fi, i) = self.ind_at.get(me).copied().unwrap_or((0, 0));
                    return Err(InputError::at(
                        names.get(fi).copied().unwrap_or(""),
                        format!("/indicators/{i}/sum_of"),
                        format!(
                            "component {:?} is in {} and cannot add up to {:?} in {}",
                            comp.id, comp.unit_text, ind.id, ind.unit_text
                        ),
                    ));
                }
            }
        }
        // 0 new, 1 on the stack, 2 done.
        let mut state = vec![0u8; self.m.indicators.len()];
        for start in 0..state.len() {
            let st = slot(&mut state, start, first)?;
            if *st != 0 {
                continue;
            }
            *st = 1;
            let mut stack: Vec<(IndId, usize)> = vec![(start as IndId, 0)];
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                let comps = &self.m.interned_ind(node, first)?.sum_of;
                if let Some(&c) = comps.get(*next) {
                    *next += 1;
                    let st = slot(&mut state, c as usize, first)?;
                    if *st == 1 {
                        let from = stack.iter().position(|&(x, _)| x == c).unwrap_or(0);
                        let ids = stack
                            .get(from..)
                            .unwrap_or_default()
                            .iter()
                            .map(|&(x, _)| x)
                            .chain([c])
                            .map(|x| Ok(self.m.interned_ind(x, first)?.id.as_str()))
                            .collect::<Result<Vec<&str>, InputError>>()?;
                        let (fi, i) = self.ind_at.get(node as usize).copied().unwrap_or((0, 0));
                        return Err(InputError::at(
                            names.get(fi).copied().unwrap_or(""),
                            format!("/indicators/{i}/sum_of"),
                            format!("sum_of forms a cycle: {}", ids.join(" → ")),
                        ));
                    }
                    if *st == 0 {
                        *st = 1;
                        stack.push((c, 0));
                    }
                } else {
                    *slot(&mut state, node as usize, first)? = 2;
                    stack.pop();
                }
            }
        }
        Ok(())
    }

    /// Gives one array's figures the model's ids (`ids`: for indicators and areas, by
    /// the file's own ids), refusing the first record (in file order) with an unknown
    /// indicator or area, or else the record the reader stopped at (see
    /// [`Stop`](super::stream::Stop)). On the way, growth and increment figures without
    /// a stated base year get the year before (they are for a period; other figures
    /// keep what they say), and the plan comes to know the figures' areas.
    fn records(
        &mut self,
        name: &str,
        p: &Parsed,
        [inds, areas]: &[Vec<Option<u32>>; 2],
        s: &Stream,
        kind: Kind,
    ) -> Result<(), InputError> {
        let look = |v: &[Option<u32>], local: u32| v.get(local as usize).copied().flatten();
        let error = |rec: u32, key: &str, message: String| {
            InputError::at(name, format!("/{}/{rec}{key}", kind.key()), message)
        };
        // The first of a record's ids that is defined nowhere.
        let unknown = |rec: u32, ind: u32, area: u32| {
            let (what, ids, local) = match look(inds, ind) {
                None => ("indicator", &p.inds, ind),
                Some(_) => ("area", &p.areas, area),
            };
            let id = ids.names.get(local as usize).map(|n| format!("{n:?}"));
            error(
                rec,
                &format!("/{what}"),
                format!("unknown {what} {}", id.unwrap_or_default()),
            )
        };
        let n = self.m.areas.len();
        let m = &mut self.m;
        let figures = m
            .figures
            .get_mut(s.figures.clone())
            .ok_or_else(|| internal(name, format_args!("no figures at {}", s.figures.start)))?;
        for f in figures {
            let (Some(ind), Some(area)) = (look(inds, f.ind), look(areas, f.area)) else {
                return Err(unknown(f.rec, f.ind, f.area));
            };
            (f.ind, f.area) = (ind, area);
            if f.base_year.is_none()
                && m.indicators
                    .get(ind as usize)
                    .is_some_and(Indicator::periodic)
            {
                f.base_year = f.year.map(|y| y - 1);
            }
            *slot(&mut m.known, f.plan as usize * n + area as usize, name)? = true;
        }
        match &s.stop {
            Some(stop) => Err(match (look(inds, stop.ind), look(areas, stop.area)) {
                (Some(_), Some(_)) => error(stop.rec, stop.key, stop.message.to_string()),
                _ => unknown(stop.rec, stop.ind, stop.area),
            }),
            None => Ok(()),
        }
    }

    fn tasks(&mut self, plan: PlanIdx, name: &str, p: &PlanFile) -> Result<(), InputError> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, t) in p.tasks.iter().enumerate() {
            if let Some(j) = seen.insert(&t.id, i) {
                return Err(InputError::at(
                    name,
                    format!("/tasks/{i}/id"),
                    format!("duplicate task id {:?} (also at /tasks/{j})", t.id),
                ));
            }
            let area = match &t.area {
                Some(a) => Some(self.m.area_id(a).ok_or_else(|| {
                    InputError::at(
                        name,
                        format!("/tasks/{i}/area"),
                        format!("unknown area {a:?}"),
                    )
                })?),
                None => None,
            };
            let mut indicators = Vec::new();
            for (k, id) in t.indicators.iter().enumerate() {
                indicators.push(self.m.ind_id(id).ok_or_else(|| {
                    InputError::at(
                        name,
                        format!("/tasks/{i}/indicators/{k}"),
                        format!("unknown indicator {id:?}"),
                    )
                })?);
            }
            if let Some(d) = &t.due {
                check_due(d).map_err(|m| InputError::at(name, format!("/tasks/{i}/due"), m))?;
            }
            let mut milestones = Vec::new();
            for (k, ms) in t.milestones.iter().enumerate() {
                check_due(&ms.due).map_err(|m| {
                    InputError::at(name, format!("/tasks/{i}/milestones/{k}/due"), m)
                })?;
                milestones.push(Milestone {
                    due: ms.due.to_string(),
                    text: ms.text.to_string(),
                    source: ms.source.as_deref().map(str::to_string),
                });
            }
            let list = |v: &[std::borrow::Cow<str>]| v.iter().map(|s| s.to_string()).collect();
            self.m.tasks.push(Task {
                plan,
                id: t.id.to_string(),
                title: t.title.to_string(),
                lead: list(&t.lead),
                support: list(&t.support),
                area,
                due: t.due.as_deref().map(str::to_string),
                milestones,
                indicators,
                source: t.source.as_deref().map(str::to_string),
                note: t.note.as_deref().map(str::to_string),
            });
        }
        Ok(())
    }

    /// Sorts the figures into their groups and refuses a second figure for the same
    /// indicator, area and year in one file (per kind).
    fn sort_and_find_duplicates(&mut self, names: &[&str]) -> Result<(), InputError> {
        let m = &mut self.m;
        if m.texts.len() != m.figures.len() {
            return Err(internal(
                names.first().copied().unwrap_or(""),
                format_args!("figures and texts differ in number"),
            ));
        }
        // The order is found on indices and applied to figures and texts in place, so a
        // national plan's figures are never copied ((key, rec) is unique: a total order).
        let key = |f: &Figure| (f.plan, f.kind, f.ind, f.year, f.base_year, f.area);
        // Plans written as tables (and generated ones) often come in this order already:
        // one pass finds that, and the first duplicate on the way.
        let mut first_dup = None;
        let mut sorted = true;
        for (k, w) in m.figures.windows(2).enumerate() {
            let [a, b] = w else { continue };
            match key(a).cmp(&key(b)) {
                Ordering::Less => {}
                Ordering::Equal if a.rec < b.rec => {
                    if first_dup.is_none() && a.year.is_some() {
                        first_dup = Some(k);
                    }
                }
                _ => {
                    sorted = false;
                    break;
                }
            }
        }
        if !sorted {
            let figs = &m.figures;
            let mut perm: Vec<u32> = (0..figs.len() as u32).collect();
            perm.sort_unstable_by_key(|&i| figs.get(i as usize).map(|f| (key(f), f.rec)));
            permute(&mut m.figures, &mut m.texts, &mut perm);
            first_dup = m
                .figures
                .windows(2)
                .position(|w| matches!(w, [a, b] if a.year.is_some() && key(a) == key(b)));
        }
        if let Some([a, b]) = first_dup.and_then(|k| m.figures.get(k..k + 2)) {
            let name = names.get(a.plan as usize).copied().unwrap_or("");
            return Err(InputError::at(
                name,
                m.pointer(b),
                format!(
                    "duplicate {} for indicator {:?}, area {:?}, year {} (first at {})",
                    if a.kind == Kind::Target {
                        "target"
                    } else {
                        "actual"
                    },
                    m.interned_ind(a.ind, name)?.id,
                    m.interned_area(a.area, name)?.id,
                    a.year.unwrap_or_default(),
                    m.pointer(a)
                ),
            ));
        }
        Ok(())
    }

    /// Adds the areas each plan defines to those it has figures for (`records`).
    fn build_known(&mut self) {
        let n = self.m.areas.len();
        for (p, list) in self.defined.iter().enumerate() {
            for &a in list {
                if let Some(k) = self.m.known.get_mut(p * n + a as usize) {
                    *k = true;
                }
            }
        }
    }

    /// `file` is named by an internal error.
    fn build_children(&mut self, file: &str) -> Result<(), InputError> {
        let n = self.m.areas.len();
        // count[p + 1] children of p, then running sums: p's run starts at count[p].
        let mut count = vec![0u32; n + 1];
        for a in &self.m.areas {
            if let Some(p) = a.parent {
                *slot(&mut count, p as usize + 1, file)? += 1;
            }
        }
        let mut total = 0;
        for c in &mut count {
            total += *c;
            *c = total;
        }
        let mut fill = count.clone();
        let mut list = vec![0; self.m.areas.iter().filter(|a| a.parent.is_some()).count()];
        for (i, a) in self.m.areas.iter().enumerate() {
            if let Some(p) = a.parent {
                let next = slot(&mut fill, p as usize, file)?;
                if let Some(x) = list.get_mut(*next as usize) {
                    *x = i as AreaId;
                }
                *next += 1;
            }
        }
        self.m.child_start = count;
        self.m.child_list = list;
        Ok(())
    }
}

/// Accepts YYYY, YYYY-MM, YYYY-MM-DD and YYYY-Qn.
fn check_due(s: &str) -> Result<(), String> {
    let bad = || format!("due date {s:?} is not YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn");
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize, lo: u32, hi: u32| {
        p.len() == len && p.parse::<u32>().is_ok_and(|v| (lo..=hi).contains(&v))
    };
    let ok = match parts.as_slice() {
        [y] => num(y, 4, 1900, 2200),
        [y, q] if q.starts_with('Q') => num(y, 4, 1900, 2200) && num(&q[1..], 1, 1, 4),
        [y, m] => num(y, 4, 1900, 2200) && num(m, 2, 1, 12),
        [y, m, d] => num(y, 4, 1900, 2200) && num(m, 2, 1, 12) && num(d, 2, 1, 31),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(bad())
    }
}

#[cfg(test)]
mod permute_tests {
    use super::permute;

    #[test]
    fn applies_a_permutation_in_place() {
        // position k receives what was at perm[k]
        let mut a = vec!['a', 'b', 'c', 'd', 'e', 'f'];
        let mut b = vec![0, 1, 2, 3, 4, 5];
        let mut perm = vec![2, 0, 1, 3, 5, 4];
        permute(&mut a, &mut b, &mut perm);
        assert_eq!(a, vec!['c', 'a', 'b', 'd', 'f', 'e']);
        assert_eq!(b, vec![2, 0, 1, 3, 5, 4]);
    }
}
