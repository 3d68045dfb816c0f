//! Importing tables: grids of cell text (from a workbook, an HTML page, pasted text)
//! become a `planlens/1` plan.
//!
//! Readers outside the core turn bytes into [`Grid`]s; CSV, TSV and the one-cell-per-
//! line text that web pages paste as become grids here ([`grid_from_text`]). [`import`]
//! recognises the roles in each grid (titles, header rows, the area column, the total
//! row, years, indicators and units across or down) and writes one plan. What a table
//! does not say itself is never guessed: the [`ImportError`] names the place and the
//! option that settles it. The interface is shared with the CLI and the page; see
//! /work/contract-tables.md.
//!
//! - `grid.rs`: the grid, A1 addresses, places, merged cells.
//! - `json.rs`: grids and import options as JSON text (the page's, through the binding).
//! - `text.rs`: CSV, TSV and one-cell-per-line text to a grid.
//! - `cell.rs`: one cell as a figure, a no-figure mark, a year or text.
//! - `words.rs`: total rows, header words, notes, 其中, units.
//! - `layout.rs`: which rows are titles, headers, data and notes.
//! - `columns.rs`: what each column is (areas, indicators, years, units, figures).
//! - `recognize.rs`: one grid: the table's unit, title and the indicators its columns
//!   name (合计 columns as sums).
//! - `rows.rs`: the data rows: the total row, areas with parents (其中 nesting),
//!   figures with years, units and sources.
//! - `plan.rs`: the records of all grids merged and written as a plan.

mod cell;
mod columns;
mod grid;
mod json;
mod layout;
mod plan;
mod recognize;
mod rows;
mod text;
mod words;

pub use grid::{column_letters, Grid, Merge};
pub use text::grid_from_text;

use std::fmt;

/// What the user settles that a table does not say. `Default` is all `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The name of the one indicator when the table names none across or down.
    pub indicator: Option<String>,
    /// The unit when the table states none (or states one planlens does not know).
    pub unit: Option<String>,
    /// The year when the table states none.
    pub year: Option<i32>,
    /// Which row is the total (its label, `合计`), or else the name the total row's area
    /// gets (`全市` → `深圳市`).
    pub area_total: Option<String>,
    /// `plan.id` (default: the first grid's file name without extension).
    pub plan_id: Option<String>,
    /// Import only grids of this sheet.
    pub sheet: Option<String>,
    /// The 0-based grid column that holds the areas.
    pub area_column: Option<usize>,
    /// How many rows at the top are titles and headers (the data start below them).
    pub header_rows: Option<usize>,
    /// The 0-based grid row of the total.
    pub total_row: Option<usize>,
}

/// The plan and, for each grid imported, what was recognised in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The `planlens/1` plan.
    pub plan_json: String,
    /// One entry per grid imported, in order.
    pub tables: Vec<Roles>,
}

/// The roles recognised in one grid, for the page to show and correct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roles {
    /// The rows above the data (titles and headers): rows `0..header_rows`.
    pub header_rows: usize,
    /// The grid column holding the areas.
    pub area_column: usize,
    /// The grid row of the total (the first one in a long table).
    pub total_row: Option<usize>,
    /// The grid rows that gave areas and figures.
    pub data_rows: Vec<usize>,
    /// The columns holding figures.
    pub columns: Vec<ColumnRole>,
    /// The unit stated for the whole table (caption, title, note or corner cell), or
    /// `--unit`.
    pub unit: Option<String>,
    pub shape: Shape,
}

/// What one column of figures holds, as its headers say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnRole {
    pub col: usize,
    pub year: Option<i32>,
    pub indicator: Option<String>,
    pub unit: Option<String>,
}

/// How a table lays its figures out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One row per area; years and indicators across.
    Wide,
    /// One row per area, indicator and year, with the figure in a value column.
    Long,
}

/// Why a table could not be imported: the place (`name!B3`, or the grid's name), what
/// is wrong, and the option that settles it, if one does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub place: String,
    pub message: String,
    /// The command-line option (`--year`); the page offers the matching control.
    pub option: Option<&'static str>,
}

impl ImportError {
    pub(crate) fn new(
        place: impl Into<String>,
        message: impl Into<String>,
        option: Option<&'static str>,
    ) -> ImportError {
        ImportError {
            place: place.into(),
            message: message.into(),
            option,
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)?;
        if let Some(option) = self.option {
            write!(f, " (use {option} …)")?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportError {}

/// Imports grids into one plan: areas and indicators of several grids are merged by
/// name. Fails on the first thing a grid does not say and no option settles.
///
/// Sheets without a cell of text (a workbook's empty second sheet) are passed over
/// when another grid has cells; `Imported::tables` follows the grids imported.
pub fn import(grids: &[Grid], opts: &ImportOptions) -> Result<Imported, ImportError> {
    let mut chosen: Vec<&Grid> = grids
        .iter()
        .filter(|g| match (&opts.sheet, &g.sheet) {
            (Some(want), Some(have)) => want == have,
            _ => true,
        })
        .collect();
    if chosen.iter().any(|g| !g.is_blank()) {
        chosen.retain(|g| !g.is_blank());
    }
    let Some(first) = chosen.first() else {
        return Err(match &opts.sheet {
            Some(sheet) if !grids.is_empty() => ImportError::new(
                grids.first().map(|g| g.name.clone()).unwrap_or_default(),
                format!("no sheet is named {sheet:?}"),
                Some("--sheet"),
            ),
            _ => ImportError::new("import", "no table was given", None),
        });
    };
    let mut builder = plan::Builder::new(first, opts, &chosen);
    let mut tables = Vec::with_capacity(chosen.len());
    for grid in chosen {
        tables.push(recognize::table(grid, opts, &mut builder)?);
    }
    Ok(Imported {
        plan_json: builder.finish()?,
        tables,
    })
}
