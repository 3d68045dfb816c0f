//! Roll-ups: the value of an area from its own figure or, failing that, from the sum
//! of its children's, to any depth.
//!
//! A [`Scratch`] holds one group of figures (one plan, kind, indicator and year) as
//! arrays indexed by area, stamped with a generation number so that loading the next
//! group costs only its own figures, never a pass over every area. Roll-ups walk the
//! tree with an explicit stack (the input sets the depth) and are memoised.

use crate::num::{Interval, Overflow};
use crate::plan::{AreaId, Figure, Model};

/// The value an area has in the loaded group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Val {
    pub value: Interval,
    /// Summed from children rather than stated.
    pub derived: bool,
    /// Involves a figure marked 左右 / 约.
    pub approx: bool,
    /// Index into `Model::figures` of the stated figure (none when derived).
    pub figure: Option<u32>,
}

#[derive(Default)]
pub struct Scratch {
    gen: u32,
    own_gen: Vec<u32>,
    own: Vec<u32>,
    below_gen: Vec<u32>,
    roll_gen: Vec<u32>,
    roll: Vec<Option<Val>>,
    stack: Vec<(AreaId, u32, Interval, bool, bool)>,
    /// The plan of the loaded group: only the areas it knows count as children.
    plan: u16,
    /// Areas without a figure of their own that have one below them (set by `load`).
    pub above: Vec<AreaId>,
}

impl Scratch {
    pub fn new(areas: usize) -> Scratch {
        Scratch {
            gen: 0,
            own_gen: vec![0; areas],
            own: vec![0; areas],
            below_gen: vec![0; areas],
            roll_gen: vec![0; areas],
            roll: vec![None; areas],
            stack: Vec::new(),
            above: Vec::new(),
            plan: 0,
        }
    }

    /// Loads the figures `model.figures[range]` (one group) and marks the ancestors of
    /// every area that has a figure.
    pub fn load(&mut self, model: &Model, range: std::ops::Range<usize>) {
        self.plan = model.figures.get(range.start).map_or(0, |f| f.plan);
        self.gen = self.gen.wrapping_add(1);
        if self.gen == 0 {
            // After 2³² groups the stamps wrap: start clean.
            for v in [&mut self.own_gen, &mut self.below_gen, &mut self.roll_gen] {
                v.iter_mut().for_each(|x| *x = 0);
            }
            self.gen = 1;
        }
        let gen = self.gen;
        self.above.clear();
        let figs = model.figures.get(range.clone()).unwrap_or(&[]);
        for (k, f) in figs.iter().enumerate() {
            let a = f.area as usize;
            if let (Some(g), Some(o)) = (self.own_gen.get_mut(a), self.own.get_mut(a)) {
                *g = gen;
                *o = (range.start + k) as u32;
            }
        }
        for f in figs {
            let mut cur = model.area(f.area).and_then(|a| a.parent);
            while let Some(p) = cur {
                match self.below_gen.get_mut(p as usize) {
                    Some(g) if *g != gen => *g = gen,
                    _ => break,
                }
                if self.own_gen.get(p as usize) != Some(&gen) {
                    self.above.push(p);
                }
                cur = model.area(p).and_then(|a| a.parent);
            }
        }
    }

    /// The stated figure of an area in the loaded group.
    pub fn own<'m>(&self, model: &'m Model, a: AreaId) -> Option<(u32, &'m Figure)> {
        let i = a as usize;
        if self.own_gen.get(i) != Some(&self.gen) {
            return None;
        }
        let idx = *self.own.get(i)?;
        model.figures.get(idx as usize).map(|f| (idx, f))
    }

    /// Whether some area below `a` has a figure in the loaded group.
    pub fn has_below(&self, a: AreaId) -> bool {
        self.below_gen.get(a as usize) == Some(&self.gen)
    }

    /// The value of `a`: its own figure, or the complete roll-up of its children
    /// (derived), or `None` when neither exists.
    pub fn value(&mut self, model: &Model, a: AreaId) -> Result<Option<Val>, Overflow> {
        if let Some((idx, f)) = self.own(model, a) {
            return Ok(Some(Val {
                value: f.value,
                derived: false,
                approx: f.approx,
                figure: Some(idx),
            }));
        }
        if !self.has_below(a) {
            return Ok(None);
        }
        self.rollup(model, a)
    }

    fn memo(&self, a: AreaId) -> Option<Option<Val>> {
        let i = a as usize;
        (self.roll_gen.get(i) == Some(&self.gen)).then(|| self.roll.get(i).copied().flatten())
    }

    fn set_memo(&mut self, a: AreaId, v: Option<Val>) {
        let i = a as usize;
        if let (Some(g), Some(r)) = (self.roll_gen.get_mut(i), self.roll.get_mut(i)) {
            *g = self.gen;
            *r = v;
        }
    }

    /// Sums the children of `a` bottom-up without recursion. A child counts with its
    /// own figure, else its own complete roll-up; any child with neither makes the
    /// roll-up incomplete (`None`).
    fn rollup(&mut self, model: &Model, a: AreaId) -> Result<Option<Val>, Overflow> {
        if let Some(m) = self.memo(a) {
            return Ok(m);
        }
        let mut stack = std::mem::take(&mut self.stack);
        stack.clear();
        stack.push((a, 0, Interval::ZERO, true, false));
        let mut result = None;
        while let Some(top) = stack.last_mut() {
            let (node, cursor, acc, complete, approx) = *top;
            let kids = model.children(node);
            if let Some(&c) = kids.get(cursor as usize) {
                top.1 += 1;
                if !complete || !model.knows(self.plan, c) {
                    continue;
                }
                let child = if let Some((_, f)) = self.own(model, c) {
                    Some(Some((f.value, f.approx)))
                } else if !self.has_below(c) {
                    Some(None)
                } else {
                    self.memo(c).map(|m| m.map(|v| (v.value, v.approx)))
                };
                match child {
                    Some(Some((v, ap))) => {
                        let sum = acc.checked_add(&v);
                        if let Some(top) = stack.last_mut() {
                            match sum {
                                Ok(s) => {
                                    top.2 = s;
                                    top.4 |= ap;
                                }
                                Err(e) => {
                                    self.stack = stack;
                                    return Err(e);
                                }
                            }
                        }
                    }
                    Some(None) => {
                        if let Some(top) = stack.last_mut() {
                            top.3 = false;
                        }
                    }
                    None => stack.push((c, 0, Interval::ZERO, true, false)),
                }
            } else {
                stack.pop();
                let val = complete.then_some(Val {
                    value: acc,
                    derived: true,
                    approx,
                    figure: None,
                });
                self.set_memo(node, val);
                match stack.last_mut() {
                    Some(parent) => match val {
                        Some(v) => match parent.2.checked_add(&v.value) {
                            Ok(s) => {
                                parent.2 = s;
                                parent.4 |= v.approx;
                            }
                            Err(e) => {
                                self.stack = stack;
                                return Err(e);
                            }
                        },
                        None => parent.3 = false,
                    },
                    None => result = val,
                }
            }
        }
        self.stack = stack;
        Ok(result)
    }
}

/// The ranges of `model.figures` that form groups (same plan, kind, indicator, year
/// and base year), skipping figures whose year is unknown.
pub fn groups(model: &Model) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    groups_in(model, 0..model.figures.len())
}

/// The [`groups`] that start in `figures` (a range of `model.figures`): the groups of
/// consecutive ranges are those of the whole, each once.
pub fn groups_in(
    model: &Model,
    figures: std::ops::Range<usize>,
) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let figs = &model.figures;
    let key = |f: &crate::plan::Figure| (f.plan, f.kind, f.ind, f.year, f.base_year);
    // A range that starts inside a group starts after it: the group is the previous
    // range's.
    let mut start = figures.start;
    if let Some(before) = start.checked_sub(1).and_then(|b| figs.get(b)) {
        let tail = figs.get(start..).unwrap_or_default();
        start += tail.iter().take_while(|g| key(g) == key(before)).count();
    }
    let end = figures.end.min(figs.len());
    std::iter::from_fn(move || {
        while start < end {
            let s = start;
            let f = figs.get(s)?;
            let len = figs
                .get(s..)?
                .iter()
                .take_while(|g| key(g) == key(f))
                .count();
            start = s + len.max(1);
            if f.year.is_some() {
                return Some(s..s + len);
            }
        }
        None
    })
}

/// The range of the group with this key, if it has figures.
pub fn find_group(
    model: &Model,
    plan: u16,
    kind: crate::plan::Kind,
    ind: u32,
    year: i32,
    base_year: Option<i32>,
) -> Option<std::ops::Range<usize>> {
    let figs = &model.figures;
    let key = (plan, kind, ind, Some(year), base_year);
    let lo = figs.partition_point(|f| (f.plan, f.kind, f.ind, f.year, f.base_year) < key);
    let hi = figs.partition_point(|f| (f.plan, f.kind, f.ind, f.year, f.base_year) <= key);
    (lo < hi).then_some(lo..hi)
}
