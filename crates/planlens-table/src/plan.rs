//! The plan under construction: areas and indicators merged by name across grids,
//! targets keyed by indicator, area and year, and the `planlens/1` text they become.
//! Everything the model would refuse on load (a second parent, a second unit, a
//! second figure for one key, a cycle, components of different units) is refused
//! here with the place of the cell that caused it.

use super::{Grid, ImportError, ImportOptions};
use planlens::num::{fmt_dec, Dec, Unit};
use std::collections::HashMap;
use std::fmt::Write;

/// One figure for the plan.
#[derive(Debug)]
pub(crate) struct Target {
    pub indicator: String,
    pub area: String,
    pub year: i32,
    pub period: Option<String>,
    pub lo: Option<Dec>,
    pub hi: Option<Dec>,
    pub approx: bool,
    pub source: String,
    /// The cell, for messages.
    pub place: String,
}

struct Area {
    name: String,
    parent: Option<String>,
    /// Where the parent was set, for messages.
    place: String,
}

struct Indicator {
    name: String,
    unit: String,
    sum_of: Vec<String>,
    place: String,
}

/// Collects the plan; [`Builder::finish`] writes it.
pub(crate) struct Builder {
    id: String,
    source: String,
    title: Option<String>,
    areas: Vec<Area>,
    area_at: HashMap<String, usize>,
    indicators: Vec<Indicator>,
    indicator_at: HashMap<String, usize>,
    targets: Vec<Target>,
    target_at: HashMap<(usize, usize, i32), usize>,
}

/// The file name without its extension (`districts.xlsx` → `districts`).
fn stem(name: &str) -> &str {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s,
        _ => base,
    }
}

impl Builder {
    pub fn new(first: &Grid, opts: &ImportOptions, grids: &[&Grid]) -> Builder {
        let id = opts
            .plan_id
            .clone()
            .unwrap_or_else(|| stem(&first.name).to_string());
        let mut names: Vec<String> = Vec::new();
        for g in grids {
            let w = g.whole();
            if !names.contains(&w) {
                names.push(w);
            }
        }
        Builder {
            id: if id.trim().is_empty() {
                "table".into()
            } else {
                id
            },
            source: format!("imported from {}", names.join(", ")),
            title: None,
            areas: Vec::new(),
            area_at: HashMap::new(),
            indicators: Vec::new(),
            indicator_at: HashMap::new(),
            targets: Vec::new(),
            target_at: HashMap::new(),
        }
    }

    /// Sets the plan's title unless an earlier grid set one.
    pub fn title(&mut self, title: String) {
        if self.title.is_none() && !title.is_empty() {
            self.title = Some(title);
        }
    }

    /// Adds an area (its id is its name) or checks that an existing one agrees about
    /// its parent.
    pub fn area(
        &mut self,
        name: &str,
        parent: Option<&str>,
        place: &str,
    ) -> Result<(), ImportError> {
        if parent == Some(name) {
            return Err(ImportError::new(
                place,
                format!("{name} would be its own parent"),
                None,
            ));
        }
        let Some(&i) = self.area_at.get(name) else {
            self.area_at.insert(name.to_string(), self.areas.len());
            self.areas.push(Area {
                name: name.to_string(),
                parent: parent.map(str::to_string),
                place: place.to_string(),
            });
            return Ok(());
        };
        let Some(area) = self.areas.get_mut(i) else {
            return Ok(());
        };
        match (&area.parent, parent) {
            (Some(had), Some(new)) if had != new => Err(ImportError::new(
                place,
                format!(
                    "{name} is under {had} at {} but under {new} here",
                    area.place
                ),
                None,
            )),
            (None, Some(new)) => {
                area.parent = Some(new.to_string());
                area.place = place.to_string();
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Adds an indicator (its id is its name) or checks that an existing one has the
    /// same unit and, when `sum_of` is given, the same components (`None`: the caller
    /// gave them before).
    pub fn indicator(
        &mut self,
        name: &str,
        unit: &str,
        sum_of: Option<&[String]>,
        place: &str,
    ) -> Result<(), ImportError> {
        let Some(ind) = self
            .indicator_at
            .get(name)
            .and_then(|&i| self.indicators.get(i))
        else {
            self.indicator_at
                .insert(name.to_string(), self.indicators.len());
            self.indicators.push(Indicator {
                name: name.to_string(),
                unit: unit.to_string(),
                sum_of: sum_of.unwrap_or_default().to_vec(),
                place: place.to_string(),
            });
            return Ok(());
        };
        if ind.unit != unit {
            return Err(ImportError::new(
                place,
                format!(
                    "{name} is in {unit} here but in {} at {}",
                    ind.unit, ind.place
                ),
                Some("--unit"),
            ));
        }
        if sum_of.is_some_and(|s| s != ind.sum_of.as_slice()) {
            return Err(ImportError::new(
                place,
                format!("{name} sums other indicators here than at {}", ind.place),
                None,
            ));
        }
        Ok(())
    }

    /// Adds a figure; a second one for the same indicator, area and year is refused.
    pub fn target(&mut self, t: Target) -> Result<(), ImportError> {
        if !(1900..=2200).contains(&t.year) {
            return Err(ImportError::new(
                t.place,
                format!("the year {} is outside 1900–2200", t.year),
                Some("--year"),
            ));
        }
        let (Some(&ind), Some(&area)) = (
            self.indicator_at.get(&t.indicator),
            self.area_at.get(&t.area),
        ) else {
            return Err(ImportError::new(
                t.place,
                "internal error: a figure without its area or indicator",
                None,
            ));
        };
        let key = (ind, area, t.year);
        if let Some(first) = self.target_at.get(&key).and_then(|&i| self.targets.get(i)) {
            return Err(ImportError::new(
                t.place,
                format!(
                    "a second figure for {}, {}, {}; the first is at {}",
                    t.indicator, t.area, t.year, first.place
                ),
                None,
            ));
        }
        self.target_at.insert(key, self.targets.len());
        self.targets.push(t);
        Ok(())
    }

    /// Checks what the model checks across records and writes the plan.
    pub fn finish(self) -> Result<String, ImportError> {
        self.check_components()?;
        self.check_cycles()?;
        Ok(self.write())
    }

    /// A 合计 column's components must be indicators of one unit base with it.
    fn check_components(&self) -> Result<(), ImportError> {
        for ind in &self.indicators {
            let base = Unit::parse(&ind.unit).base;
            for part in &ind.sum_of {
                let unit = self
                    .indicator_at
                    .get(part)
                    .and_then(|&i| self.indicators.get(i))
                    .map(|p| Unit::parse(&p.unit).base);
                if unit.as_ref() != Some(&base) {
                    return Err(ImportError::new(
                        ind.place.clone(),
                        format!(
                            "{} adds up {part}, which is not in a unit of {}",
                            ind.name, ind.unit
                        ),
                        None,
                    ));
                }
            }
        }
        Ok(())
    }

    /// Parents from different grids (or 其中 rows) must not form a cycle. Each area is
    /// walked up once: linear in the number of areas.
    fn check_cycles(&self) -> Result<(), ImportError> {
        let parent = |i: usize| {
            self.areas
                .get(i)
                .and_then(|a| a.parent.as_ref())
                .and_then(|p| self.area_at.get(p).copied())
        };
        // 0: not seen, 1: on the current walk, 2: known to reach a root.
        let mut state = vec![0u8; self.areas.len()];
        for start in 0..self.areas.len() {
            let mut path = Vec::new();
            let mut at = Some(start);
            while let Some(i) = at {
                match state.get(i).copied() {
                    Some(0) => {
                        if let Some(s) = state.get_mut(i) {
                            *s = 1;
                        }
                        path.push(i);
                        at = parent(i);
                    }
                    Some(1) => {
                        let a = self.areas.get(i);
                        return Err(ImportError::new(
                            a.map_or(String::new(), |a| a.place.clone()),
                            format!(
                                "the areas' parents form a cycle through {}",
                                a.map_or("?", |a| a.name.as_str())
                            ),
                            None,
                        ));
                    }
                    _ => break,
                }
            }
            for i in path {
                if let Some(s) = state.get_mut(i) {
                    *s = 2;
                }
            }
        }
        Ok(())
    }

    fn write(&self) -> String {
        let mut out = String::with_capacity(256 + self.targets.len() * 160);
        out.push_str("{\n \"format\": \"planlens/1\",\n \"plan\": {\"id\": ");
        out.push_str(&json(&self.id));
        if let Some(t) = &self.title {
            let _ = write!(out, ", \"title\": {}", json(t));
        }
        let _ = write!(
            out,
            ", \"source\": {}}},\n \"areas\": [",
            json(&self.source)
        );
        for (i, a) in self.areas.iter().enumerate() {
            out.push_str(if i == 0 { "\n  " } else { ",\n  " });
            let _ = write!(out, "{{\"id\": {0}, \"name\": {0}", json(&a.name));
            if let Some(p) = &a.parent {
                let _ = write!(out, ", \"parent\": {}", json(p));
            }
            out.push('}');
        }
        out.push_str("\n ],\n \"indicators\": [");
        for (i, ind) in self.indicators.iter().enumerate() {
            out.push_str(if i == 0 { "\n  " } else { ",\n  " });
            let _ = write!(
                out,
                "{{\"id\": {0}, \"name\": {0}, \"unit\": {1}",
                json(&ind.name),
                json(&ind.unit)
            );
            if is_share(&ind.unit) {
                out.push_str(", \"additive\": false");
            }
            if !ind.sum_of.is_empty() {
                let parts: Vec<String> = ind.sum_of.iter().map(|p| json(p)).collect();
                let _ = write!(out, ", \"sum_of\": [{}]", parts.join(", "));
            }
            out.push('}');
        }
        out.push_str("\n ],\n \"targets\": [");
        for (i, t) in self.targets.iter().enumerate() {
            out.push_str(if i == 0 { "\n  " } else { ",\n  " });
            let _ = write!(
                out,
                "{{\"indicator\": {}, \"area\": {}, \"year\": {}",
                json(&t.indicator),
                json(&t.area),
                t.year
            );
            if let Some(p) = &t.period {
                let _ = write!(out, ", \"period\": {}", json(p));
            }
            match (t.lo, t.hi) {
                (Some(a), Some(b)) if a == b => {
                    let _ = write!(out, ", \"value\": {}", fmt_dec(a));
                    if t.approx {
                        out.push_str(", \"approx\": true");
                    }
                }
                (lo, hi) => {
                    if let Some(a) = lo {
                        let _ = write!(out, ", \"min\": {}", fmt_dec(a));
                    }
                    if let Some(b) = hi {
                        let _ = write!(out, ", \"max\": {}", fmt_dec(b));
                    }
                }
            }
            let _ = write!(out, ", \"source\": {}}}", json(&t.source));
        }
        out.push_str("\n ]\n}\n");
        out
    }
}

/// Shares and rates do not add up over areas.
fn is_share(unit: &str) -> bool {
    ["%", "‰", "百分点", "个百分点", "千分点"].contains(&Unit::parse(unit).base.as_str())
}

/// A JSON string literal (escaped as serde_json escapes it).
fn json(s: &str) -> String {
    planlens::json_out::quote(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builder() -> Builder {
        let g = Grid::new("dir/districts.xlsx", vec![]);
        Builder::new(&g, &ImportOptions::default(), &[&g])
    }

    fn target(ind: &str, area: &str, year: i32, place: &str) -> Target {
        Target {
            indicator: ind.into(),
            area: area.into(),
            year,
            period: None,
            lo: Some(Dec::from(5)),
            hi: None,
            approx: false,
            source: "s".into(),
            place: place.into(),
        }
    }

    #[test]
    fn writes_a_plan() {
        let mut b = builder();
        b.area("全市", None, "A1").unwrap();
        b.area("福田区", Some("全市"), "A2").unwrap();
        b.indicator("比重", "%", Some(&[]), "B1").unwrap();
        b.target(target("比重", "福田区", 2011, "B2")).unwrap();
        let text = b.finish().unwrap();
        assert_eq!(
            text,
            "{\n \"format\": \"planlens/1\",\n \"plan\": {\"id\": \"districts\", \"source\": \"imported from dir/districts.xlsx\"},\n \"areas\": [\n  {\"id\": \"全市\", \"name\": \"全市\"},\n  {\"id\": \"福田区\", \"name\": \"福田区\", \"parent\": \"全市\"}\n ],\n \"indicators\": [\n  {\"id\": \"比重\", \"name\": \"比重\", \"unit\": \"%\", \"additive\": false}\n ],\n \"targets\": [\n  {\"indicator\": \"比重\", \"area\": \"福田区\", \"year\": 2011, \"min\": 5, \"source\": \"s\"}\n ]\n}\n"
        );
    }

    #[test]
    fn refuses_what_the_model_would() {
        let mut b = builder();
        b.area("A", None, "x!A1").unwrap();
        b.area("B", Some("A"), "x!A2").unwrap();
        let e = b.area("B", Some("C"), "y!A2").unwrap_err();
        assert_eq!(e.to_string(), "y!A2: B is under A at x!A2 but under C here");
        b.area("A", Some("B"), "y!A3").unwrap();
        assert!(b.area("A", Some("A"), "z").is_err());
        b.indicator("i", "亿元", None, "x!B1").unwrap();
        let e = b.indicator("i", "万元", None, "y!B1").unwrap_err();
        assert_eq!(
            e.to_string(),
            "y!B1: i is in 万元 here but in 亿元 at x!B1 (use --unit …)"
        );
        b.target(target("i", "A", 2011, "x!B2")).unwrap();
        let e = b.target(target("i", "A", 2011, "y!B2")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "y!B2: a second figure for i, A, 2011; the first is at x!B2"
        );
        assert!(b.target(target("i", "A", 1800, "y!B3")).is_err());
        let e = b.finish().unwrap_err();
        assert_eq!(
            e.to_string(),
            "y!A3: the areas' parents form a cycle through A"
        );
    }

    #[test]
    fn stems() {
        assert_eq!(stem("districts.xlsx"), "districts");
        assert_eq!(stem("a/b.c.csv"), "b.c");
        assert_eq!(stem(".hidden"), ".hidden");
        assert_eq!(stem("pasted"), "pasted");
    }
}
