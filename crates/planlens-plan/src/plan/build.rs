//! Building the [`Model`] from files: the top of `plan/`.
//!
//! `Model::load` parses each file ([`super::parse`]) with a [`Ctx`] as the sink of its
//! records: a national plan holds hundreds of thousands, so each record is checked as it
//! is read and pushed as a [`Figure`] into one vector for all files (no vector of
//! records, ids borrowed from the text and interned per file in order of first use,
//! [`LocalIds`]). The [`Builder`] then merges the files: it maps the local ids to the
//! model's once per distinct id, refuses cycles, duplicates and contradictions, and
//! sorts the figures into groups. What a record says wrong about itself (a year out of
//! range, value with min, …) is kept as the [`Stop`] of its array and reported in the
//! builder's order, after every syntax error of every file. An error the builder finds
//! names its value by JSON pointer, and gets the line and column of that value.

use super::ahead::ReadAhead;
use super::error::InputError;
use super::format::{self, BetterDef, Kind, PlanFile, Record, YEARS};
use super::model::{
    Area, AreaId, Better, Figure, FigureText, IndId, Indicator, Milestone, Model, PlanIdx,
    PlanMeta, Relation, Task,
};
use super::parse::{parse, place, Source, SourceFile};
use crate::num::{fmt_dec, Interval, Unit};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::ops::Range;

impl Model {
    /// Parses and validates the files together.
    pub fn load(files: &[SourceFile]) -> Result<Model, InputError> {
        let sources: Vec<Source> = files.iter().map(SourceFile::as_source).collect();
        Model::load_with(&sources, None)
    }

    /// [`Model::load`] of files borrowed from wherever their texts are.
    pub fn load_sources(files: &[Source]) -> Result<Model, InputError> {
        Model::load_with(files, None)
    }

    /// `load`, with what was read ahead in one file (see [`super::ahead`]).
    pub(crate) fn load_with<'a>(
        files: &[Source<'a>],
        mut ahead: Option<ReadAhead<'_, 'a>>,
    ) -> Result<Model, InputError> {
        let mut figures = Figures::default();
        // Room for a figure per 64 bytes of text (a generated national plan's records
        // are 68 bytes; a document's, with their sources, longer), so that the figures
        // are not copied again and again as their vector doubles: in the wasm the copies
        // left 233 MB of memory behind for the 40.6 MB national plan, 183 MB without.
        let bytes: usize = files.iter().map(|f| f.text.len()).sum();
        figures.figures.reserve(bytes / 64);
        figures.texts.reserve(bytes / 64);
        let mut parsed = Vec::with_capacity(files.len());
        for (fi, f) in files.iter().enumerate() {
            // Past PlanIdx::MAX the builder refuses the set before looking at figures.
            let plan = PlanIdx::try_from(fi).unwrap_or(PlanIdx::MAX);
            let mut ctx = Ctx::new(plan, &mut figures);
            if let Some(a) = ahead.take() {
                if a.file == fi {
                    ctx.ahead = Some(a);
                } else {
                    ahead = Some(a);
                }
            }
            let file = parse(f.name, f.text, &mut ctx)?;
            let [targets, actuals] = ctx.streams;
            parsed.push(Parsed {
                file,
                inds: ctx.inds,
                areas: ctx.areas,
                targets,
                actuals,
            });
        }
        let names: Vec<&str> = files.iter().map(|f| f.name).collect();
        let mut b = Builder::default();
        b.m.figures = figures.figures;
        b.m.texts = figures.texts;
        b.build(&names, &parsed).map_err(|mut e| {
            if let Some(f) = files.iter().find(|f| f.name == e.file) {
                place(&mut e, f.text);
            }
            e
        })
    }
}

/// The figures of all files as they are read, in file order; `texts` is parallel.
#[derive(Debug, Default)]
pub(crate) struct Figures {
    pub figures: Vec<Figure>,
    pub texts: Vec<Option<Box<FigureText>>>,
}

/// No id: the end of a successor chain in [`LocalIds`].
const NONE: u32 = u32::MAX;

/// The indicator or area ids of one file's records, numbered in order of first use.
///
/// Records come in runs (one indicator, then the areas in the same order year after
/// year), so before hashing an id is compared with the previous record's and with the
/// one that followed that id last time.
#[derive(Debug, Default)]
pub(crate) struct LocalIds<'a> {
    pub names: Vec<Cow<'a, str>>,
    index: HashMap<String, u32>,
    /// `next[l]`: the id that came after `l` last time.
    next: Vec<u32>,
    last: Option<u32>,
}

impl<'a> LocalIds<'a> {
    pub(crate) fn intern(&mut self, s: Cow<'a, str>) -> u32 {
        let id = self.find(&s).unwrap_or_else(|| {
            let id = self.names.len() as u32;
            self.index.insert(s.to_string(), id);
            self.names.push(s);
            self.next.push(NONE);
            id
        });
        if let Some(last) = self.last {
            if let Some(n) = self.next.get_mut(last as usize) {
                *n = id;
            }
        }
        self.last = Some(id);
        id
    }

    /// Interns the ids of `later` (read after these) in the order of their first use
    /// there, the numbers reading on would have given; the new number of each.
    pub(crate) fn intern_all(&mut self, later: LocalIds<'a>) -> Vec<u32> {
        later.names.into_iter().map(|n| self.intern(n)).collect()
    }

    fn find(&self, s: &str) -> Option<u32> {
        let is = |id: u32| self.names.get(id as usize).is_some_and(|n| n == s);
        let last = self.last?;
        if is(last) {
            return Some(last);
        }
        match self.next.get(last as usize) {
            Some(&n) if n != NONE && is(n) => Some(n),
            _ => self.index.get(s).copied(),
        }
    }
}

/// The first record of an array the builder refuses for what it says itself (a year
/// out of range, value with min, …), with its ids: an unknown id in it, or in an
/// earlier record, is reported first. `key` (`""`: the record) and `message` say what
/// is wrong.
#[derive(Debug)]
pub(crate) struct Stop {
    pub rec: u32,
    pub ind: u32,
    pub area: u32,
    pub key: &'static str,
    pub message: Cow<'static, str>,
}

/// One `targets` or `actuals` array as read: its figures, before any [`Stop`].
#[derive(Debug, Default)]
pub(crate) struct Stream {
    pub figures: Range<usize>,
    pub stop: Option<Stop>,
    /// Whether a record of the array was seen (`figures` starts there).
    pub started: bool,
}

/// A file as read: the plan without its records, which went into the figures.
#[derive(Debug)]
pub(crate) struct Parsed<'a> {
    pub file: PlanFile<'a>,
    pub inds: LocalIds<'a>,
    pub areas: LocalIds<'a>,
    pub targets: Stream,
    pub actuals: Stream,
}

/// The sink of one file's records.
pub(crate) struct Ctx<'s, 'r, 'a> {
    pub plan: PlanIdx,
    pub figures: &'s mut Figures,
    pub inds: LocalIds<'a>,
    pub areas: LocalIds<'a>,
    /// Targets, actuals.
    pub streams: [Stream; 2],
    /// Where the file was read ahead, and how to get what was read.
    pub ahead: Option<ReadAhead<'r, 'a>>,
}

impl<'s, 'a> Ctx<'s, '_, 'a> {
    pub fn new(plan: PlanIdx, figures: &'s mut Figures) -> Self {
        Ctx {
            plan,
            figures,
            inds: LocalIds::default(),
            areas: LocalIds::default(),
            streams: Default::default(),
            ahead: None,
        }
    }
}

impl<'a> format::Sink<'a> for Ctx<'_, '_, 'a> {
    fn ahead_at(&self) -> usize {
        self.ahead.as_ref().map_or(usize::MAX, |a| a.at)
    }

    fn take_ahead(&mut self, kind: Kind, index: u32) -> Option<super::json::Result<usize>> {
        let read = (self.ahead.take()?.get)()?;
        Some(self.take_over(kind, index, read))
    }

    fn record(&mut self, kind: Kind, rec: u32, r: &mut Record<'a>) {
        let at = self.figures.figures.len();
        let Some(stream) = self.streams.get_mut(kind as usize) else {
            return;
        };
        if !stream.started {
            stream.started = true;
            stream.figures = at..at;
        }
        if stream.stop.is_some() {
            return;
        }
        let checked = check(r);
        let ind = self.inds.intern(std::mem::take(&mut r.indicator));
        let area = self.areas.intern(std::mem::take(&mut r.area));
        let (year, base_year, value) = match checked {
            Ok(c) => c,
            Err((key, message)) => {
                stream.stop = Some(Stop {
                    rec,
                    ind,
                    area,
                    key,
                    message,
                });
                return;
            }
        };
        self.figures.figures.push(Figure {
            plan: self.plan,
            kind,
            ind,
            area,
            year,
            base_year,
            value,
            approx: r.approx == Some(true),
            rec,
        });
        let has_text = r.source.is_some()
            || r.note.is_some()
            || r.period.is_some()
            || r.year_text.is_some()
            || r.group.is_some();
        let s = |o: &mut Option<Cow<str>>| o.take().map(Cow::into_owned);
        self.figures.texts.push(has_text.then(|| {
            Box::new(FigureText {
                source: s(&mut r.source),
                note: s(&mut r.note),
                period: s(&mut r.period),
                year_text: s(&mut r.year_text),
                group: s(&mut r.group),
            })
        }));
        stream.figures.end = at + 1;
    }
}

type Checked = (Option<i32>, Option<i32>, Interval);

/// What a record says for itself: its year, base year and value, or the key at fault
/// (`""` for the record) and why.
fn check(r: &Record) -> Result<Checked, (&'static str, Cow<'static, str>)> {
    let year = match r.year {
        Some(y) if YEARS.contains(&y) => Some(y as i32),
        Some(y) => return Err(("/year", format!("year {y} is outside 1900–2200").into())),
        None if r.year_text.is_some() => None,
        None => {
            return Err((
                "",
                "a year is required (or year_text for a year the document hides)".into(),
            ))
        }
    };
    let base_year = match (r.base_year, year) {
        (Some(b), Some(y)) if YEARS.contains(&b) && i64::from(y) > b => Some(b as i32),
        (Some(b), Some(y)) => {
            return Err((
                "/base_year",
                format!("base_year {b} must be a year before {y}").into(),
            ))
        }
        (Some(b), None) if YEARS.contains(&b) => Some(b as i32),
        (Some(b), None) => {
            return Err((
                "/base_year",
                format!("base_year {b} is outside 1900–2200").into(),
            ))
        }
        (None, _) => None,
    };
    let value = match (r.value, r.min, r.max) {
        (Some(v), None, None) => Interval::point(v.0),
        (Some(_), _, _) => return Err(("", "give either value or min/max, not both".into())),
        (None, None, None) => return Err(("", "a value, min or max is required".into())),
        (None, lo, hi) => {
            if let (Some(lo), Some(hi)) = (lo, hi) {
                if lo.0 > hi.0 {
                    return Err((
                        "/min",
                        format!(
                            "min {} is greater than max {}",
                            fmt_dec(lo.0),
                            fmt_dec(hi.0)
                        )
                        .into(),
                    ));
                }
            }
            Interval {
                lo: lo.map(|n| n.0),
                hi: hi.map(|n| n.0),
            }
        }
    };
    if r.approx == Some(true) && r.value.is_none() {
        return Err(("/approx", "approx goes with value, not with min/max".into()));
    }
    Ok((year, base_year, value))
}

/// Builds the model. Like the rest of the core it uses checked access only: the ids
/// it looks up are ones it handed out itself while interning, so a miss is a bug and
/// comes back as an "internal error" [`InputError`] (see [`internal`]) rather than a
/// panic.
#[derive(Default)]
struct Builder {
    m: Model,
    /// Areas each file defines.
    defined: Vec<Vec<AreaId>>,
    /// Where each area and indicator was first defined: (file, index).
    area_at: Vec<(usize, usize)>,
    ind_at: Vec<(usize, usize)>,
}

/// Reorders `a` and `b` (of equal length) in place so that position `k` holds what was
/// at `perm[k]`; `perm` is used up.
fn permute<A, B>(a: &mut [A], b: &mut [B], perm: &mut [u32]) {
    let n = perm.len().min(a.len()).min(b.len());
    let perm = perm.get_mut(..n).unwrap_or_default();
    crate::order::follow_cycles(perm, |i, j| {
        a.swap(i, j);
        b.swap(i, j);
    });
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

impl Builder {
    /// `raws` are the files as read; their figures are already in `self.m.figures`,
    /// with ids local to each file.
    fn build(mut self, names: &[&str], raws: &[Parsed]) -> Result<Model, InputError> {
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
                )
                .with_code(
                    "plan_id_used",
                    vec![("id", p.plan.id.to_string()), ("file", prev.file.clone())],
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
                return Err(InputError::duplicate_id(
                    name,
                    ptr,
                    "area",
                    &a.id,
                    &format!("/areas/{j}"),
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
                return Err(InputError::duplicate_id(
                    name,
                    ptr,
                    "indicator",
                    &d.id,
                    &format!("/indicators/{j}"),
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
                    part_of: None,
                    whole: d.whole.map(|w| w.0),
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
                    return Err(InputError::unknown(name, ptr, "area", parent));
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
                        return Err(InputError::cycle(
                            names.get(fi).copied().unwrap_or(""),
                            format!("/areas/{i}/parent"),
                            "parent",
                            "the parents form a cycle",
                            ids.join(" → "),
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
                        InputError::unknown(name, format!("/indicators/{i}/{key}"), "indicator", id)
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
                let part_of = match &d.part_of {
                    Some(w) => {
                        let id = look("part_of", w)?;
                        if id == me {
                            return Err(InputError::at(
                                name,
                                format!("/indicators/{i}/part_of"),
                                format!("indicator {:?} cannot be a part of itself", d.id),
                            ));
                        }
                        Some(id)
                    }
                    None => None,
                };
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
                match (ind.part_of, part_of) {
                    (Some(a), Some(b)) if a != b => return Err(disagree("part_of")),
                    (None, Some(b)) => ind.part_of = Some(b),
                    _ => {}
                }
                match (ind.whole, d.whole) {
                    (Some(a), Some(b)) if a != b.0 => return Err(disagree("whole")),
                    (None, Some(b)) => ind.whole = Some(b.0),
                    _ => {}
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
        self.check_part_of(names)?;
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
                        return Err(InputError::cycle(
                            names.get(fi).copied().unwrap_or(""),
                            format!("/indicators/{i}/sum_of"),
                            "sum_of",
                            "sum_of forms a cycle",
                            ids.join(" → "),
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

    /// Refuses a `part_of` whose whole is in a unit of another base, and chains of
    /// `part_of` that come back to where they started (each indicator names at most
    /// one whole, so the chain from each is walked with a colouring, any depth).
    fn check_part_of(&self, names: &[&str]) -> Result<(), InputError> {
        let first = names.first().copied().unwrap_or("");
        let at = |me: usize| {
            let (fi, i) = self.ind_at.get(me).copied().unwrap_or((0, 0));
            (
                names.get(fi).copied().unwrap_or(""),
                format!("/indicators/{i}/part_of"),
            )
        };
        for (me, ind) in self.m.indicators.iter().enumerate() {
            let Some(w) = ind.part_of else { continue };
            let whole = self.m.interned_ind(w, first)?;
            if !ind.unit.compatible(&whole.unit) {
                let (file, ptr) = at(me);
                return Err(InputError::at(
                    file,
                    ptr,
                    format!(
                        "part {:?} is in {} and cannot be compared with its whole {:?} in {}",
                        ind.id, ind.unit_text, whole.id, whole.unit_text
                    ),
                ));
            }
        }
        // 0 new, 1 on the current walk, 2 known to end.
        let inds = &self.m.indicators;
        let up = |x: usize| inds.get(x).and_then(|i| i.part_of).map(|w| w as usize);
        let mut state = vec![0u8; inds.len()];
        for start in 0..inds.len() {
            let mut cur = Some(start);
            while let Some(x) = cur {
                match state.get(x).copied() {
                    Some(0) => {
                        *slot(&mut state, x, first)? = 1;
                        cur = up(x);
                    }
                    // Back on this walk: `x` is on a cycle; name it from `x` round to `x`.
                    Some(1) => {
                        let id = |y: usize| inds.get(y).map_or("?", |i| i.id.as_str());
                        let mut text = id(x).to_string();
                        let mut y = up(x);
                        while let Some(z) = y {
                            text.push_str(" → ");
                            text.push_str(id(z));
                            y = if z == x { None } else { up(z) };
                        }
                        let (file, ptr) = at(x);
                        return Err(InputError::cycle(
                            file,
                            ptr,
                            "part_of",
                            "part_of forms a cycle",
                            text,
                        ));
                    }
                    _ => break,
                }
            }
            // Everything this walk met ends: mark it done.
            let mut cur = Some(start);
            while let Some(x) = cur {
                match state.get_mut(x) {
                    Some(st) if *st == 1 => {
                        *st = 2;
                        cur = up(x);
                    }
                    _ => break,
                }
            }
        }
        Ok(())
    }

    /// Gives one array's figures the model's ids (`ids`: for indicators and areas, by
    /// the file's own ids), refusing the first record (in file order) with an unknown
    /// indicator or area, or else the record the reader stopped at (see
    /// [`Stop`]). On the way, growth and increment figures without
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
            let id = ids.names.get(local as usize).map_or("", |n| n.as_ref());
            InputError::unknown(name, format!("/{}/{rec}/{what}", kind.key()), what, id)
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
                return Err(InputError::duplicate_id(
                    name,
                    format!("/tasks/{i}/id"),
                    "task",
                    &t.id,
                    &format!("/tasks/{j}"),
                ));
            }
            let area = match &t.area {
                Some(a) => Some(self.m.area_id(a).ok_or_else(|| {
                    InputError::unknown(name, format!("/tasks/{i}/area"), "area", a)
                })?),
                None => None,
            };
            let mut indicators = Vec::new();
            for (k, id) in t.indicators.iter().enumerate() {
                indicators.push(self.m.ind_id(id).ok_or_else(|| {
                    InputError::unknown(name, format!("/tasks/{i}/indicators/{k}"), "indicator", id)
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
            let kind = if a.kind == Kind::Target {
                "target"
            } else {
                "actual"
            };
            let ind = m.interned_ind(a.ind, name)?.id.as_str();
            let area = m.interned_area(a.area, name)?.id.as_str();
            let year = a.year.unwrap_or_default().to_string();
            let first = m.pointer(a);
            return Err(InputError::at(
                name,
                m.pointer(b),
                format!(
                    "duplicate {kind} for indicator {ind:?}, area {area:?}, year {year} (first at {first})"
                ),
            )
            .with_code(
                "duplicate_figure",
                vec![
                    ("kind", kind.to_string()),
                    ("indicator", ind.to_string()),
                    ("area", area.to_string()),
                    ("year", year),
                    ("first", first),
                ],
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

#[cfg(test)]
mod link_tests {
    use super::super::model::increment_factor;
    use super::*;
    use crate::num::Dec;

    fn load(texts: &[&str]) -> Result<Model, InputError> {
        let files: Vec<SourceFile> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| SourceFile {
                name: format!("{i}.json"),
                text: t.to_string(),
            })
            .collect();
        Model::load(&files)
    }

    const A: &str = r#"{"format":"planlens/1","plan":{"id":"a"},"areas":[{"id":"x","name":"X"}],
      "indicators":[{"id":"all","name":"规模以上工业增加值","unit":"亿元"},
                    {"id":"five","name":"五大产业增加值","unit":"万亿元","part_of":"all"},
                    {"id":"p1","name":"第一产业","unit":"%"},
                    {"id":"mix","name":"三次产业比重","unit":"%","sum_of":["p1"],"whole":100},
                    {"id":"stock","name":"比重","unit":"%"},
                    {"id":"rise","name":"提高","unit":"个百分点","increment_of":"stock"}],
      "targets":[{"indicator":"p1","area":"x","year_text":"20XX","value":3,"group":"s12"}]}"#;

    #[test]
    fn part_of_whole_and_group_are_read() {
        let m = load(&[A]).unwrap();
        let five = m.indicator(m.ind_id("five").unwrap()).unwrap();
        assert_eq!(five.part_of, m.ind_id("all"));
        let mix = m.indicator(m.ind_id("mix").unwrap()).unwrap();
        assert_eq!(mix.whole, Some(Dec::ONE_HUNDRED));
        assert_eq!(mix.part_of, None);
        assert_eq!(m.text(0).and_then(|t| t.group.as_deref()), Some("s12"));
        assert_eq!(m.figures.first().map(|f| f.year), Some(None));
    }

    #[test]
    fn percentage_points_add_to_a_percentage() {
        let u = |s: &str| Unit::parse(s);
        assert_eq!(increment_factor(&u("个百分点"), &u("%")), Some(Dec::ONE));
        assert_eq!(increment_factor(&u("百分点"), &u("%")), Some(Dec::ONE));
        assert_eq!(increment_factor(&u("百分点"), &u("亿元")), None);
        assert_eq!(
            increment_factor(&u("万亿元"), &u("亿元")),
            Some(Dec::from(10000))
        );
        assert_eq!(increment_factor(&u("%"), &u("百分点")), None);
    }

    #[test]
    fn definitions_across_plans_agree() {
        let b = |ind: &str| {
            format!(r#"{{"format":"planlens/1","plan":{{"id":"b"}},"indicators":[{ind}]}}"#)
        };
        // Saying the same again, or nothing, is fine.
        let same = b(
            r#"{"id":"five","name":"五大产业","unit":"万亿元","part_of":"all"},
                         {"id":"mix","name":"比重","unit":"%","whole":100.0}"#,
        );
        assert!(load(&[A, &same]).is_ok());
        let silent = b(r#"{"id":"five","name":"五大产业","unit":"万亿元"}"#);
        assert!(load(&[A, &silent]).is_ok());
        let other = b(r#"{"id":"five","name":"五大产业","unit":"万亿元","part_of":"p1"}"#);
        let e = load(&[A, &other]).unwrap_err().to_string();
        assert!(
            e.contains("/indicators/0: indicator \"five\" is defined with a different part_of in 0.json at /indicators/1"),
            "{e}"
        );
        let other = b(r#"{"id":"mix","name":"比重","unit":"%","whole":1}"#);
        let e = load(&[A, &other]).unwrap_err().to_string();
        assert!(e.contains("different whole"), "{e}");
        // A part_of stated only in the later plan still forms a cycle with the first.
        let back = b(r#"{"id":"all","name":"工业","unit":"亿元","part_of":"five"}"#);
        let e = load(&[A, &back]).unwrap_err().to_string();
        assert!(e.contains("part_of forms a cycle: all → five → all"), "{e}");
    }

    /// The refusals a reader can mend carry a code and its parameters (for the page's
    /// wording), beside the unchanged English text.
    #[test]
    fn refusals_carry_codes() {
        let code = |texts: &[&str]| {
            let e = load(texts).unwrap_err();
            let c = e.code.clone().unwrap_or_else(|| panic!("no code: {e}"));
            let params: Vec<String> = c.params.iter().map(|(k, v)| format!("{k}={v}")).collect();
            (e.pointer.unwrap_or_default(), c.name, params.join(" "))
        };
        let plan = |body: &str| format!(r#"{{"format":"planlens/1","plan":{{"id":"p"}},{body}}}"#);
        assert_eq!(
            code(&[&plan(
                r#""areas":[{"id":"x","name":"X"},{"id":"x","name":"Y"}]"#
            )]),
            (
                "/areas/1/id".into(),
                "duplicate_id",
                "what=area id=x first=/areas/0".into()
            )
        );
        assert_eq!(
            code(&[&plan(
                r#""areas":[{"id":"x","name":"X"}],"indicators":[{"id":"i","name":"I","unit":"家"}],
                   "targets":[{"indicator":"i","area":"y","year":2020,"value":1}]"#
            )]),
            ("/targets/0/area".into(), "unknown", "what=area id=y".into())
        );
        assert_eq!(
            code(&[&plan(
                r#""areas":[{"id":"x","name":"X","parent":"y"},{"id":"y","name":"Y","parent":"x"}]"#
            )])
            .1,
            "cycle"
        );
        let (_, name, params) = code(&[&plan(
            r#""areas":[{"id":"x","name":"X"}],"indicators":[{"id":"i","name":"I","unit":"家"}],
               "targets":[{"indicator":"i","area":"x","year":2020,"value":1},
                          {"indicator":"i","area":"x","year":2020,"value":2}]"#,
        )]);
        assert_eq!(name, "duplicate_figure");
        assert_eq!(
            params,
            "kind=target indicator=i area=x year=2020 first=/targets/0"
        );
        assert_eq!(code(&[A, A]).1, "plan_id_used");
    }
}
