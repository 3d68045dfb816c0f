//! One grid's records: what the grid's layout and columns say, the unit stated for
//! the whole table, the plan's title, and the indicators the columns name (a 合计
//! column names the sum of the other indicators of its year). The rows themselves are
//! read in `rows.rs`.

use super::cell::Cell;
use super::columns::{columns, Column, Columns, Role};
use super::layout::{layout, Layout, Table};
use super::plan::Builder;
use super::rows::{label_rows, total, Recognizer};
use super::words::{is_note, is_unit, split_unit, squeeze, unit_statement};
use super::{ColumnRole, Grid, ImportError, ImportOptions, Roles, Shape};
use std::collections::{HashMap, HashSet};

/// Recognises one grid and adds its areas, indicators and targets to `plan`.
pub(crate) fn table(
    grid: &Grid,
    opts: &ImportOptions,
    plan: &mut Builder,
) -> Result<Roles, ImportError> {
    let t = Table::new(grid)?;
    let l = layout(&t, opts.header_rows);
    let has_figures = l
        .data
        .iter()
        .any(|&r| t.row(r).iter().any(|c| matches!(c, Cell::Number(_))));
    if !has_figures {
        return Err(ImportError::new(
            grid.whole(),
            "no numbers in the table",
            None,
        ));
    }
    let cols = columns(&t, &l, opts)?;
    let table_unit = table_unit(&t, &l, &cols, opts)?;
    if let Some(title) = title(&t, &l) {
        plan.title(title);
    }
    let shape = if cols.indicator.is_some() || cols.year.is_some() {
        Shape::Long
    } else {
        Shape::Wide
    };
    let rows = label_rows(&t, &l, &cols, shape)?;
    let total = total(&t, &cols, &rows, shape, opts)?;
    let defs = Defs::new(&cols);
    let mut r = Recognizer::new(&t, &cols, opts, table_unit.clone(), &defs, plan);
    let data_rows = r.rows(&rows, total.as_ref())?;
    Ok(Roles {
        header_rows: l.top,
        area_column: cols.area,
        total_row: total.as_ref().map(|x| x.first_row),
        data_rows,
        columns: cols
            .all
            .iter()
            .filter(|c| c.role == Role::Value)
            .map(|c| ColumnRole {
                col: c.col,
                year: c.year.as_ref().map(|y| y.year),
                indicator: defs.of(c.col).map(|d| d.name.clone()),
                unit: c
                    .unit
                    .as_ref()
                    .map(|u| u.0.clone())
                    .or_else(|| table_unit.clone()),
            })
            .collect(),
        unit: table_unit,
        shape,
    })
}

/// A stated unit as the plan gets it: a known unit as stated; an unknown one replaced
/// by `--unit`, or refused naming its place.
pub(crate) fn known_unit(
    unit: &str,
    place: &str,
    opts: &ImportOptions,
) -> Result<String, ImportError> {
    if is_unit(unit) {
        return Ok(squeeze(unit));
    }
    opts.unit
        .clone()
        .ok_or_else(|| ImportError::new(place, format!("unknown unit {unit:?}"), Some("--unit")))
}

/// The unit stated for the whole table: in the caption, a title row, a note, or a
/// header cell of a column without figures. Two different statements are refused
/// unless `--unit` settles them.
fn table_unit(
    t: &Table,
    l: &Layout,
    cols: &Columns,
    opts: &ImportOptions,
) -> Result<Option<String>, ImportError> {
    let mut stated: Vec<(String, String)> = Vec::new();
    if let Some(caption) = &t.grid.caption {
        if let Some(u) = unit_statement(caption).or_else(|| split_unit(caption).1) {
            stated.push((u, t.grid.whole()));
        }
    }
    let titles = l.titles.iter().map(|&r| (r, true));
    for (r, title) in titles.chain(l.notes.iter().map(|&r| (r, false))) {
        for c in 0..t.row(r).len() {
            let text = t.text(r, c);
            // A title may also bracket the unit: 各区目标（亿元）.
            let bracketed = || {
                (title && !is_note(text))
                    .then(|| split_unit(text).1)
                    .flatten()
            };
            if let Some(u) = unit_statement(text).or_else(bracketed) {
                stated.push((u, t.grid.place(r, c)));
            }
        }
    }
    stated.extend(cols.stated.iter().cloned());
    let Some((unit, place)) = stated.first() else {
        return Ok(opts.unit.clone());
    };
    if let Some((other, at)) = stated.iter().find(|(u, _)| squeeze(u) != squeeze(unit)) {
        return opts.unit.clone().map(Some).ok_or_else(|| {
            ImportError::new(
                at.clone(),
                format!("the table states two units, {unit} at {place} and {other} here"),
                Some("--unit"),
            )
        });
    }
    known_unit(unit, place, opts).map(Some)
}

/// The plan's title: the caption, or the last title row that is neither a unit
/// statement nor a note.
fn title(t: &Table, l: &Layout) -> Option<String> {
    if let Some(c) = &t.grid.caption {
        return Some(c.trim().to_string());
    }
    l.titles.iter().rev().find_map(|&r| {
        let text = (0..t.row(r).len())
            .map(|c| t.text(r, c).trim())
            .find(|s| !s.is_empty())?;
        (unit_statement(text).is_none() && !is_note(text)).then(|| text.to_string())
    })
}

/// An indicator named by columns: its name and, for a 合计 column, its components.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Def {
    pub name: String,
    pub sum_of: Vec<String>,
}

/// The indicators the columns name, each once, and which column names which.
pub(crate) struct Defs {
    defs: Vec<Def>,
    of_column: Vec<Option<usize>>,
}

fn year_of(c: &Column) -> Option<i32> {
    c.year.as_ref().map(|y| y.year)
}

impl Defs {
    /// Names every column of figures. A 合计 column is the sum of the other indicators
    /// of its year (`生物、互联网合计`); one with no others names nothing. Linear in the
    /// columns: the components are gathered once per year.
    pub fn new(cols: &Columns) -> Defs {
        let mut d = Defs {
            defs: Vec::new(),
            of_column: vec![None; cols.all.len()],
        };
        let mut by_name: HashMap<String, usize> = HashMap::new();
        let mut parts: HashMap<Option<i32>, (Vec<String>, HashSet<String>)> = HashMap::new();
        let values = || cols.all.iter().filter(|c| c.role == Role::Value);
        for c in values().filter(|c| !c.total) {
            let Some(name) = &c.indicator else { continue };
            let i = match by_name.get(name) {
                Some(&i) => i,
                None => d.push(name.clone(), Vec::new()),
            };
            by_name.insert(name.clone(), i);
            d.name(c.col, i);
            let (list, seen) = parts.entry(year_of(c)).or_default();
            if seen.insert(name.clone()) {
                list.push(name.clone());
            }
        }
        let mut totals: HashMap<Option<i32>, usize> = HashMap::new();
        for c in values().filter(|c| c.total) {
            let Some((list, _)) = parts.get(&year_of(c)) else {
                continue;
            };
            let i = match totals.get(&year_of(c)) {
                Some(&i) => i,
                None => d.push(format!("{}合计", list.join("、")), list.clone()),
            };
            totals.insert(year_of(c), i);
            d.name(c.col, i);
        }
        d
    }

    fn push(&mut self, name: String, sum_of: Vec<String>) -> usize {
        self.defs.push(Def { name, sum_of });
        self.defs.len() - 1
    }

    fn name(&mut self, col: usize, def: usize) {
        if let Some(slot) = self.of_column.get_mut(col) {
            *slot = Some(def);
        }
    }

    /// The indicator a column names, if any.
    pub fn of(&self, col: usize) -> Option<&Def> {
        self.index(col).and_then(|i| self.defs.get(i))
    }

    /// Its index, the same for every column naming it.
    pub fn index(&self, col: usize) -> Option<usize> {
        self.of_column.get(col).copied().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{import, Grid, ImportOptions, Shape};

    fn grid(rows: &[&[&str]]) -> Grid {
        super::super::grid::test_grid("t", rows)
    }

    const TABLE: &[&[&str]] = &[
        &["各区目标（亿元）"],
        &[
            "地区",
            "2011年生物",
            "2011年互联网",
            "2011年小计",
            "2012年生物",
        ],
        &["全市", "3", "4", "7", "5"],
        &["福田区", "3", "4", "7", "5"],
        &["单位：亿元"],
    ];

    #[test]
    fn units_titles_and_sums_of_columns() {
        let i = import(&[grid(TABLE)], &ImportOptions::default()).unwrap();
        let p = &i.plan_json;
        assert!(p.contains(r#""title": "各区目标（亿元）""#), "{p}");
        assert!(p.contains(r#"{"id": "生物、互联网合计", "name": "生物、互联网合计", "unit": "亿元", "sum_of": ["生物", "互联网"]}"#), "{p}");
        let roles = i.tables.first().unwrap();
        assert_eq!(
            (roles.header_rows, roles.shape, roles.unit.as_deref()),
            (2, Shape::Wide, Some("亿元"))
        );
        let names: Vec<_> = roles
            .columns
            .iter()
            .map(|c| c.indicator.clone().unwrap_or_default())
            .collect();
        assert_eq!(names, ["生物", "互联网", "生物、互联网合计", "生物"]);
    }

    #[test]
    fn two_stated_units_are_a_question() {
        let mut rows = TABLE.to_vec();
        rows.push(&["注：单位为万元"]);
        let e = import(&[grid(&rows)], &ImportOptions::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t!A6: the table states two units, 亿元 at t!A1 and 万元 here (use --unit …)"
        );
        let opts = ImportOptions {
            unit: Some("亿元".into()),
            ..ImportOptions::default()
        };
        assert!(import(&[grid(&rows)], &opts).is_ok());
    }
}
