//! The data rows of one grid: their labels, the total row, each row's area (with its
//! parent: the total, or for a 其中 row the row above), and each figure with its
//! indicator, year, unit and source, added to the plan builder. Every row costs what
//! its own cells cost.

use super::cell::{is_year_only, year_label, Cell, Figure};
use super::columns::{Column, Columns, Role};
use super::layout::{Layout, Table};
use super::plan::{Builder, Target};
use super::recognize::{known_unit, Defs};
use super::words::{is_total, nested, squeeze};
use super::{ImportError, ImportOptions, Shape};
use std::collections::HashSet;

/// A data row with its label cells read (merges applied; in a long table an empty
/// label repeats the one above).
#[derive(Clone, Default)]
pub(crate) struct LabelRow {
    pub row: usize,
    area: String,
    indicator: String,
    year: String,
    unit: String,
    /// The row follows a bare `其中：` row: it is the first of a group.
    opens_group: bool,
}

/// Reads the labels of the data rows that hold figures (or no-figure marks).
pub(crate) fn label_rows(
    t: &Table,
    l: &Layout,
    cols: &Columns,
    shape: Shape,
) -> Result<Vec<LabelRow>, ImportError> {
    let mut out: Vec<LabelRow> = Vec::with_capacity(l.data.len());
    let mut last = LabelRow::default();
    let mut bare_qizhong = false;
    for &row in &l.data {
        let read = |col: Option<usize>, above: &str| {
            let Some(c) = col else {
                return String::new();
            };
            let s = t.label(row, c);
            if s.trim().is_empty() && shape == Shape::Long {
                above.to_string()
            } else {
                s.to_string()
            }
        };
        let labels = LabelRow {
            row,
            area: read(Some(cols.area), &last.area),
            indicator: read(cols.indicator, &last.indicator),
            year: read(cols.year, &last.year),
            unit: read(cols.unit, &last.unit),
            opens_group: bare_qizhong,
        };
        let figures = t
            .row(row)
            .iter()
            .zip(&cols.all)
            .any(|(cell, c)| c.role == Role::Value && *cell != Cell::Empty);
        if figures && squeeze(&labels.area).is_empty() {
            return Err(ImportError::new(
                t.grid.place(row, cols.area),
                "this row has figures but no area name",
                Some("--area-column"),
            ));
        }
        // A row without figures (a group heading, a bare 其中：) gives no area.
        if figures {
            out.push(labels.clone());
            bare_qizhong = false;
        } else if nested(&labels.area).is_some_and(|n| n.is_empty()) {
            bare_qizhong = true;
        }
        last = labels;
    }
    Ok(out)
}

/// The total row's label (squeezed), the name its area gets and its first row.
pub(crate) struct Total {
    label: String,
    name: String,
    pub first_row: usize,
}

/// Finds the total row: `--total-row`; else the row `--area-total` names; else the one
/// row labelled 全市, 合计 and the like. Two of those are a question for the user (in a
/// long table one label may repeat, one row per indicator and year).
pub(crate) fn total(
    t: &Table,
    cols: &Columns,
    rows: &[LabelRow],
    shape: Shape,
    opts: &ImportOptions,
) -> Result<Option<Total>, ImportError> {
    let label = |r: &LabelRow| squeeze(&r.area);
    let address = |r: &LabelRow| t.grid.address(r.row, cols.area);
    let wanted = opts.area_total.as_deref().map(squeeze);
    let found = if let Some(tr) = opts.total_row {
        let Some(r) = rows.iter().find(|r| r.row == tr) else {
            return Err(ImportError::new(
                t.grid.whole(),
                format!("row {} is not a row of figures", tr.saturating_add(1)),
                Some("--total-row"),
            ));
        };
        Some(r)
    } else if let Some(r) = rows.iter().find(|r| Some(label(r)) == wanted) {
        Some(r)
    } else {
        let mut candidates = rows.iter().filter(|r| is_total(&r.area));
        let first = candidates.next();
        if let Some(a) = first {
            let second = candidates.find(|b| shape == Shape::Wide || label(b) != label(a));
            if let Some(b) = second {
                return Err(ImportError::new(
                    t.grid.place(b.row, cols.area),
                    format!(
                        "two total rows, {} ({}) and {} ({}): which one is the total?",
                        address(a),
                        label(a),
                        address(b),
                        label(b)
                    ),
                    Some("--area-total"),
                ));
            }
        }
        first
    };
    let Some(r) = found else {
        return match &wanted {
            Some(name) => Err(ImportError::new(
                t.grid.whole(),
                format!("no row is a total (全市, 合计 …) for the name {name:?}"),
                Some("--total-row"),
            )),
            None => Ok(None),
        };
    };
    let label = label(r);
    Ok(Some(Total {
        // The option names the total's area, or is the total's own label.
        name: wanted.unwrap_or_else(|| label.clone()),
        label,
        first_row: r.row,
    }))
}

/// Leading whitespace of a label, an ideographic space counting two.
fn indent(s: &str) -> usize {
    s.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\u{3000}' { 2 } else { 1 })
        .sum()
}

/// A label as sources quote it: trimmed, inner whitespace removed (`全  市` → `全市`).
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Turns rows into areas and targets.
pub(crate) struct Recognizer<'a, 'g> {
    t: &'a Table<'g>,
    cols: &'a Columns,
    opts: &'a ImportOptions,
    table_unit: Option<String>,
    defs: &'a Defs,
    plan: &'a mut Builder,
    /// The indicators (row indicator, column indicator) already given to the plan
    /// with their components: later figures only check their unit.
    defined: HashSet<(String, Option<usize>)>,
}

impl<'a, 'g> Recognizer<'a, 'g> {
    pub fn new(
        t: &'a Table<'g>,
        cols: &'a Columns,
        opts: &'a ImportOptions,
        table_unit: Option<String>,
        defs: &'a Defs,
        plan: &'a mut Builder,
    ) -> Recognizer<'a, 'g> {
        Recognizer {
            t,
            cols,
            opts,
            table_unit,
            defs,
            plan,
            defined: HashSet::new(),
        }
    }

    /// Adds the areas and figures of the rows; returns the rows that gave an area. A
    /// row is a 其中 row (its area's parent is the row above the group) when its label
    /// starts with 其中, when it follows a bare `其中：` row, or when it follows a 其中
    /// row and is indented deeper than the row above the group.
    pub fn rows(
        &mut self,
        rows: &[LabelRow],
        total: Option<&Total>,
    ) -> Result<Vec<usize>, ImportError> {
        let mut data_rows = Vec::with_capacity(rows.len());
        // The last row that is not a 其中 row: its area and indent.
        let mut above: Option<(String, usize)> = None;
        let mut in_group = false;
        for row in rows {
            let written = row.area.as_str();
            let place = self.t.grid.place(row.row, self.cols.area);
            let own = nested(written);
            let deeper = above.as_ref().is_some_and(|(_, i)| indent(written) > *i);
            let is_nested = own.is_some() || row.opens_group || (in_group && deeper);
            let name = own.unwrap_or_else(|| squeeze(written));
            if name.is_empty() {
                return Err(ImportError::new(
                    place,
                    "a 其中 row with figures but no name",
                    None,
                ));
            }
            let is_total = !is_nested && total.is_some_and(|x| x.label == squeeze(written));
            let (area, parent) = if is_total {
                (total.map_or(name.clone(), |x| x.name.clone()), None)
            } else if is_nested {
                let Some((up, _)) = &above else {
                    return Err(ImportError::new(
                        place,
                        "a 其中 row with no row above it",
                        None,
                    ));
                };
                (name, Some(up.clone()))
            } else {
                (name, total.map(|x| x.name.clone()))
            };
            self.plan.area(&area, parent.as_deref(), &place)?;
            if is_nested {
                in_group = true;
            } else {
                above = Some((area.clone(), indent(written)));
                in_group = false;
            }
            data_rows.push(row.row);
            self.figures(row, &area)?;
        }
        Ok(data_rows)
    }

    /// Adds the figures of one row.
    fn figures(&mut self, row: &LabelRow, area: &str) -> Result<(), ImportError> {
        let grid = self.t.grid;
        let row_indicator = Some(row.indicator.trim()).filter(|s| !s.is_empty());
        let row_unit = Some(row.unit.trim()).filter(|s| !s.is_empty());
        let row_year = match (
            Some(row.year.trim()).filter(|s| !s.is_empty()),
            self.cols.year,
        ) {
            (Some(y), Some(c)) => match year_label(y) {
                Some(label) if is_year_only(y) => Some(label),
                _ => {
                    return Err(ImportError::new(
                        grid.place(row.row, c),
                        format!("{y:?} is not a year"),
                        None,
                    ))
                }
            },
            _ => None,
        };
        // The row's headers as sources quote them (a unit cell is no header).
        let mut words = vec![compact(&row.area)];
        words.extend(row_indicator.map(str::to_string));
        words.extend(row_year.is_some().then(|| row.year.trim().to_string()));
        let cells = self.t.row(row.row).iter().zip(&self.cols.all);
        for (cell, c) in cells.filter(|(_, c)| c.role == Role::Value) {
            let place = grid.place(row.row, c.col);
            let figure = match cell {
                Cell::Empty | Cell::NoValue => continue,
                Cell::Text => {
                    let text = self.t.text(row.row, c.col).trim();
                    return Err(ImportError::new(
                        place,
                        format!("{text:?} is not a number"),
                        None,
                    ));
                }
                Cell::Number(f) => f,
            };
            let year = c.year.as_ref().or(row_year.as_ref());
            let year_value = match (year, self.opts.year) {
                (Some(y), _) => y.year,
                (None, Some(y)) => y,
                (None, None) => {
                    return Err(ImportError::new(
                        self.header_place(c, row.row),
                        "no year: neither the headers nor a year column name one",
                        Some("--year"),
                    ))
                }
            };
            let def = self.defs.index(c.col);
            let (indicator, sum_of) = self.indicator(row_indicator, c, row.row)?;
            let unit = self.unit(c, row.row, row_unit, figure, &indicator)?;
            let key = (row_indicator.unwrap_or("").to_string(), def);
            let first = !self.defined.contains(&key);
            self.plan.indicator(
                &indicator,
                &unit,
                first.then_some(sum_of.as_slice()),
                &place,
            )?;
            if first {
                self.defined.insert(key);
            }
            let mut source = words.clone();
            source.extend(c.labels.iter().cloned());
            self.plan.target(Target {
                indicator,
                area: area.to_string(),
                year: year_value,
                period: year.and_then(|y| y.period.clone()),
                lo: figure.lo,
                hi: figure.hi,
                approx: figure.approx,
                source: format!("{place}: {}", source.join(" ")),
                place,
            })?;
        }
        Ok(())
    }

    /// The indicator of a figure (the row's and the column's names together) and its
    /// components; `--indicator` when neither names one.
    fn indicator(
        &self,
        row_indicator: Option<&str>,
        c: &Column,
        row: usize,
    ) -> Result<(String, Vec<String>), ImportError> {
        let prefixed =
            |a: &str, parts: &[String]| parts.iter().map(|p| format!("{a}{p}")).collect();
        Ok(match (row_indicator, self.defs.of(c.col)) {
            (Some(a), Some(d)) => (format!("{a}{}", d.name), prefixed(a, &d.sum_of)),
            (Some(a), None) => (a.to_string(), Vec::new()),
            (None, Some(d)) => (d.name.clone(), d.sum_of.clone()),
            (None, None) => match &self.opts.indicator {
                Some(i) => (i.clone(), Vec::new()),
                None => {
                    return Err(ImportError::new(
                        self.header_place(c, row),
                        "no indicator: the headers over this column name none",
                        Some("--indicator"),
                    ))
                }
            },
        })
    }

    /// The place naming a column's headers (its lowest header cell), or else the cell.
    fn header_place(&self, c: &Column, row: usize) -> String {
        self.t.grid.place(c.head.unwrap_or(row), c.col)
    }

    /// The unit of a figure: its column's headers, else the table's, else the row's unit
    /// column, else the cell's own; `--unit` when none says. A cell's unit that differs
    /// from the stated one is refused.
    fn unit(
        &self,
        c: &Column,
        row: usize,
        row_unit: Option<&str>,
        figure: &Figure,
        indicator: &str,
    ) -> Result<String, ImportError> {
        let stated = match (&c.unit, &self.table_unit, row_unit, self.cols.unit) {
            (Some((u, at)), _, _, _) => Some(known_unit(u, at, self.opts)?),
            (None, Some(u), _, _) => Some(u.clone()),
            (None, None, Some(u), Some(uc)) => {
                Some(known_unit(u, &self.t.grid.place(row, uc), self.opts)?)
            }
            _ => None,
        };
        match (stated, &figure.unit) {
            (Some(s), Some(own)) if squeeze(own) != s => Err(ImportError::new(
                self.t.grid.place(row, c.col),
                format!("the cell is in {own} but the table says {s}"),
                None,
            )),
            (Some(s), _) => Ok(s),
            (None, Some(own)) => Ok(squeeze(own)),
            (None, None) => self.opts.unit.clone().ok_or_else(|| {
                ImportError::new(
                    self.header_place(c, row),
                    format!("no unit is stated for {indicator}"),
                    Some("--unit"),
                )
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{import, Grid, ImportOptions};

    fn plan(rows: &[&[&str]], opts: &ImportOptions) -> Result<String, String> {
        let rows = rows
            .iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect();
        import(&[Grid::new("t", rows)], opts)
            .map(|i| i.plan_json)
            .map_err(|e| e.to_string())
    }

    const LONG: &[&[&str]] = &[
        &["地区", "年份", "数值"],
        &["全市", "2011", "5"],
        &["", "2012", "6"],
        &["福田区", "2011", "5"],
        &["", "2012", "6"],
    ];

    fn opts() -> ImportOptions {
        ImportOptions {
            indicator: Some("x".into()),
            unit: Some("个".into()),
            ..ImportOptions::default()
        }
    }

    #[test]
    fn a_long_table_repeats_its_total_label() {
        let p = plan(LONG, &opts()).unwrap();
        assert!(
            p.contains(r#"{"id": "福田区", "name": "福田区", "parent": "全市"}"#),
            "{p}"
        );
        assert!(
            p.contains(r#""area": "福田区", "year": 2012, "value": 6"#),
            "{p}"
        );
    }

    #[test]
    fn the_options_choose_and_name_the_total() {
        let rows: &[&[&str]] = &[
            &["地区", "2011年"],
            &["全市", "5"],
            &["福田区", "2"],
            &["南山区", "3"],
            &["合计", "5"],
        ];
        let e = plan(rows, &opts()).unwrap_err();
        assert!(e.contains("two total rows, A2 (全市) and A5 (合计)"), "{e}");
        let pick = |area_total: Option<&str>, total_row: Option<usize>| {
            let o = ImportOptions {
                area_total: area_total.map(str::to_string),
                total_row,
                ..opts()
            };
            plan(rows, &o)
        };
        // --area-total names the row; the other 全市 row is then an area like the rest.
        let p = pick(Some("合计"), None).unwrap();
        assert!(
            p.contains(r#"{"id": "全市", "name": "全市", "parent": "合计"}"#),
            "{p}"
        );
        // --total-row picks it, --area-total names its area.
        let p = pick(Some("深圳市"), Some(1)).unwrap();
        assert!(
            p.contains(r#"{"id": "合计", "name": "合计", "parent": "深圳市"}"#),
            "{p}"
        );
        let e = pick(None, Some(0)).unwrap_err();
        assert_eq!(e, "t: row 1 is not a row of figures (use --total-row …)");
        let e = plan(
            &rows[..4],
            &ImportOptions {
                area_total: Some("x".into()),
                ..opts()
            },
        );
        assert!(e.is_ok());
        let e = plan(
            &[&["地区", "2011年"], &["福田区", "2"]],
            &ImportOptions {
                area_total: Some("深圳市".into()),
                ..opts()
            },
        );
        assert_eq!(
            e.unwrap_err(),
            "t: no row is a total (全市, 合计 …) for the name \"深圳市\" (use --total-row …)"
        );
    }

    #[test]
    fn a_year_column_holds_years() {
        let mut rows = LONG.to_vec();
        rows.push(&["南山区", "明年", "1"]);
        assert_eq!(
            plan(&rows, &opts()).unwrap_err(),
            "t!B6: \"明年\" is not a year"
        );
    }
}
