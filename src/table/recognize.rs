//! One grid's records: the table's unit, its total row, each data row's area (with its
//! parent: the total, or for a 其中 row the row above), and each figure with its
//! indicator, year, unit and source. Everything goes into the plan builder.

use super::cell::{is_year_only, year_label, Cell, Figure};
use super::columns::{columns, Column, Columns, Role};
use super::layout::{layout, Layout, Table};
use super::plan::{Builder, Target};
use super::words::{is_note, is_total, is_unit, nested, split_unit, squeeze, unit_statement};
use super::{ColumnRole, Grid, ImportError, ImportOptions, Roles, Shape};

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
        .any(|&r| (0..t.width).any(|c| matches!(t.cell(r, c), Cell::Number(_))));
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
    let shape = if cols
        .all
        .iter()
        .any(|c| matches!(c.role, Role::Year | Role::Indicator))
    {
        Shape::Long
    } else {
        Shape::Wide
    };
    let rows = label_rows(&t, &l, &cols, shape)?;
    let total = total(&t, &cols, &rows, shape, opts)?;
    let names = column_names(&cols);
    let mut r = Recognizer {
        t: &t,
        cols: &cols,
        opts,
        table_unit: table_unit.clone(),
        names: &names,
        plan,
    };
    let data_rows = r.rows(&rows, total.as_ref())?;
    Ok(Roles {
        header_rows: l.top,
        area_column: cols.area,
        total_row: total.as_ref().and_then(|x| x.first_row),
        data_rows,
        columns: cols
            .all
            .iter()
            .zip(&names)
            .filter(|(c, _)| c.role == Role::Value)
            .map(|(c, name)| ColumnRole {
                col: c.col,
                year: c.year.as_ref().map(|y| y.year),
                indicator: name.as_ref().map(|n| n.0.clone()),
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
fn known_unit(unit: &str, place: &str, opts: &ImportOptions) -> Result<String, ImportError> {
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
    for &r in l.titles.iter().chain(&l.notes) {
        for c in 0..t.width {
            let text = t.text(r, c);
            let from_title = l.titles.contains(&r) && !is_note(text);
            let unit =
                unit_statement(text).or_else(|| from_title.then(|| split_unit(text).1).flatten());
            if let Some(u) = unit {
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
        let text = (0..t.width)
            .map(|c| t.text(r, c).trim())
            .find(|s| !s.is_empty())?;
        (unit_statement(text).is_none() && !is_note(text)).then(|| text.to_string())
    })
}

/// A data row with its label cells read (merges applied; in a long table an empty
/// label repeats the one above).
struct LabelRow {
    row: usize,
    /// The label of each column (empty for columns of figures).
    labels: Vec<String>,
}

impl LabelRow {
    fn label(&self, col: usize) -> &str {
        self.labels.get(col).map_or("", String::as_str)
    }
}

fn label_rows(
    t: &Table,
    l: &Layout,
    cols: &Columns,
    shape: Shape,
) -> Result<Vec<LabelRow>, ImportError> {
    let mut out: Vec<LabelRow> = Vec::with_capacity(l.data.len());
    for &row in &l.data {
        let mut labels = Vec::with_capacity(t.width);
        for c in &cols.all {
            let mut s = String::new();
            if !matches!(c.role, Role::Value | Role::Ignore) {
                s = t.label(row, c.col).to_string();
                if s.trim().is_empty() && shape == Shape::Long {
                    s = out
                        .last()
                        .map(|p| p.label(c.col).to_string())
                        .unwrap_or_default();
                }
            }
            labels.push(s);
        }
        let figures = cols
            .all
            .iter()
            .filter(|c| c.role == Role::Value)
            .any(|c| t.cell(row, c.col) != &Cell::Empty);
        let area = labels.get(cols.area).map_or("", |s| s.trim());
        if figures && squeeze(area).is_empty() {
            return Err(ImportError::new(
                t.grid.place(row, cols.area),
                "this row has figures but no area name",
                Some("--area-column"),
            ));
        }
        // A row without figures (a group heading, 其中：) gives no area.
        if figures {
            out.push(LabelRow { row, labels });
        }
    }
    Ok(out)
}

/// The total row's label (squeezed), the name its area gets and its first row.
struct Total {
    label: String,
    name: String,
    first_row: Option<usize>,
}

fn total(
    t: &Table,
    cols: &Columns,
    rows: &[LabelRow],
    shape: Shape,
    opts: &ImportOptions,
) -> Result<Option<Total>, ImportError> {
    let label = |r: &LabelRow| squeeze(r.label(cols.area));
    let place = |r: &LabelRow| t.grid.address(r.row, cols.area);
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
        let mut candidates = rows.iter().filter(|r| is_total(&label(r)));
        let first = candidates.next();
        if let Some(a) = first {
            let second = candidates.find(|b| shape == Shape::Wide || label(b) != label(a));
            if let Some(b) = second {
                return Err(ImportError::new(
                    t.grid.place(b.row, cols.area),
                    format!(
                        "two total rows, {} ({}) and {} ({}): which one is the total?",
                        place(a),
                        label(a),
                        place(b),
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
    // The option names the total's area, or is the total's own label.
    let name = wanted.unwrap_or_else(|| label.clone());
    Ok(Some(Total {
        label,
        name,
        first_row: Some(r.row),
    }))
}

/// For each column, the indicator it names and, for a 合计 column, its components: the
/// other indicators of its year.
fn column_names(cols: &Columns) -> Vec<Option<(String, Vec<String>)>> {
    cols.all
        .iter()
        .map(|c| {
            if c.role != Role::Value {
                return None;
            }
            if !c.total {
                return c.indicator.clone().map(|n| (n, Vec::new()));
            }
            let year = c.year.as_ref().map(|y| y.year);
            let mut parts: Vec<String> = Vec::new();
            for o in &cols.all {
                let same_year = o.year.as_ref().map(|y| y.year) == year;
                if o.role == Role::Value && !o.total && same_year {
                    if let Some(n) = &o.indicator {
                        if !parts.contains(n) {
                            parts.push(n.clone());
                        }
                    }
                }
            }
            (!parts.is_empty()).then(|| (format!("{}合计", parts.join("、")), parts))
        })
        .collect()
}

/// Leading whitespace of a label, an ideographic space counting two.
fn indent(s: &str) -> usize {
    s.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\u{3000}' { 2 } else { 1 })
        .sum()
}

/// The label as sources quote it: trimmed, inner whitespace removed (`全  市` → `全市`).
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

struct Recognizer<'a, 'g> {
    t: &'a Table<'g>,
    cols: &'a Columns,
    opts: &'a ImportOptions,
    table_unit: Option<String>,
    names: &'a [Option<(String, Vec<String>)>],
    plan: &'a mut Builder,
}

impl Recognizer<'_, '_> {
    /// Adds the areas and figures of the rows; returns the rows that gave an area.
    fn rows(
        &mut self,
        rows: &[LabelRow],
        total: Option<&Total>,
    ) -> Result<Vec<usize>, ImportError> {
        let mut data_rows = Vec::with_capacity(rows.len());
        // The last row that is not a 其中 row: its area and indent.
        let mut above: Option<(String, usize)> = None;
        let mut in_group = false;
        for row in rows {
            let written = row.label(self.cols.area);
            let place = self.t.grid.place(row.row, self.cols.area);
            let own = nested(written);
            let deeper = above.as_ref().is_some_and(|(_, i)| indent(written) > *i);
            let is_nested = own.is_some() || (in_group && deeper);
            let name = own.unwrap_or_else(|| squeeze(written));
            if name.is_empty() {
                in_group = true;
                continue;
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
        let mut row_indicator = None;
        let mut row_year = None;
        let mut row_unit = None;
        let mut row_words = vec![compact(row.label(self.cols.area))];
        for c in &self.cols.all {
            let label = row.label(c.col).trim();
            let place = || self.t.grid.place(row.row, c.col);
            match c.role {
                Role::Indicator if !label.is_empty() => row_indicator = Some(label.to_string()),
                Role::Year if !label.is_empty() => match year_label(label) {
                    Some(y) if is_year_only(label) => row_year = Some(y),
                    _ => {
                        return Err(ImportError::new(
                            place(),
                            format!("{label:?} is not a year"),
                            None,
                        ))
                    }
                },
                Role::Unit if !label.is_empty() => {
                    // A unit cell is no header: the source does not quote it.
                    row_unit = Some((label.to_string(), place()));
                    continue;
                }
                _ => continue,
            }
            row_words.push(label.to_string());
        }
        for (c, name) in self.cols.all.iter().zip(self.names) {
            if c.role != Role::Value {
                continue;
            }
            let place = self.t.grid.place(row.row, c.col);
            let figure = match self.t.cell(row.row, c.col) {
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
            let (indicator, sum_of) = match (&row_indicator, name) {
                (Some(a), Some((b, parts))) => (format!("{a}{b}"), parts.clone()),
                (Some(a), None) => (a.clone(), Vec::new()),
                (None, Some((b, parts))) => (b.clone(), parts.clone()),
                (None, None) => match &self.opts.indicator {
                    Some(i) => (i.clone(), Vec::new()),
                    None => {
                        return Err(ImportError::new(
                            self.header_place(c, row.row),
                            "no indicator: the headers over this column name none",
                            Some("--indicator"),
                        ))
                    }
                },
            };
            let unit = self.unit(c, row, row_unit.as_ref(), figure, &indicator)?;
            let mut words = row_words.clone();
            words.extend(c.labels.iter().cloned());
            self.plan.indicator(&indicator, &unit, &sum_of, &place)?;
            self.plan.target(Target {
                indicator,
                area: area.to_string(),
                year: year_value,
                period: year.and_then(|y| y.period.clone()),
                lo: figure.lo,
                hi: figure.hi,
                approx: figure.approx,
                source: format!("{place}: {}", words.join(" ")),
                place,
            })?;
        }
        Ok(())
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
        row: &LabelRow,
        row_unit: Option<&(String, String)>,
        figure: &Figure,
        indicator: &str,
    ) -> Result<String, ImportError> {
        let place = self.t.grid.place(row.row, c.col);
        let stated = match (&c.unit, &self.table_unit, row_unit) {
            (Some((u, at)), _, _) => Some(known_unit(u, at, self.opts)?),
            (None, Some(u), _) => Some(u.clone()),
            (None, None, Some((u, at))) => Some(known_unit(u, at, self.opts)?),
            (None, None, None) => None,
        };
        match (stated, &figure.unit) {
            (Some(s), Some(own)) if squeeze(own) != s => Err(ImportError::new(
                place,
                format!("the cell is in {own} but the table says {s}"),
                None,
            )),
            (Some(s), _) => Ok(s),
            (None, Some(own)) => Ok(squeeze(own)),
            (None, None) => self.opts.unit.clone().ok_or_else(|| {
                ImportError::new(
                    self.header_place(c, row.row),
                    format!("no unit is stated for {indicator}"),
                    Some("--unit"),
                )
            }),
        }
    }
}
