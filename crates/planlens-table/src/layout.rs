//! Which rows of a grid are titles, headers, data and notes.
//!
//! From the top: empty rows and title rows (one text cell in the first column, or a
//! unit statement, or a note) are titles; then come header rows (text and years, no
//! other numbers); the first row with a figure starts the data, which runs to the end
//! or to the first note (说明：…, 注：…). `--header-rows` sets where the data start.

use super::cell::{is_year_only, read, Cell};
use super::grid::{Grid, Merged};
use super::words::{header_word, is_note, unit_statement};
use super::ImportError;

/// A grid with its merges resolved and every cell read once.
pub(crate) struct Table<'g> {
    pub grid: &'g Grid,
    pub merged: Merged,
    cells: Vec<Vec<Cell>>,
    pub width: usize,
}

impl<'g> Table<'g> {
    pub fn new(grid: &'g Grid) -> Result<Table<'g>, ImportError> {
        let merged = Merged::resolve(grid)?;
        let cells = grid
            .rows
            .iter()
            .map(|r| r.iter().map(|s| read(s)).collect())
            .collect();
        Ok(Table {
            grid,
            merged,
            cells,
            width: grid.width(),
        })
    }

    pub fn height(&self) -> usize {
        self.cells.len()
    }

    /// The cells of a row as written (merges not applied).
    pub fn row(&self, row: usize) -> &[Cell] {
        self.cells.get(row).map_or(&[], Vec::as_slice)
    }

    /// The cell's own text.
    pub fn text(&self, row: usize, col: usize) -> &'g str {
        self.grid.cell(row, col)
    }

    /// The text shown in the cell, merges applied.
    pub fn label(&self, row: usize, col: usize) -> &'g str {
        self.merged.label(self.grid, row, col)
    }

    /// The non-empty cells of a row with their columns.
    fn filled(&self, row: usize) -> impl Iterator<Item = (usize, &Cell)> {
        self.cells
            .get(row)
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(_, c)| **c != Cell::Empty)
    }

    fn is_empty_row(&self, row: usize) -> bool {
        self.filled(row).next().is_none()
    }

    /// The row's first non-empty cell's text, when it is a note (说明：…).
    fn is_note_row(&self, row: usize) -> bool {
        self.filled(row)
            .next()
            .is_some_and(|(c, _)| is_note(self.text(row, c)))
    }

    /// The row's only non-empty cell, if it has exactly one.
    fn single(&self, row: usize) -> Option<(usize, &Cell)> {
        let mut it = self.filled(row);
        let first = it.next()?;
        it.next().is_none().then_some(first)
    }

    /// A title row: one text cell that is in the first column or states the unit.
    /// A lone year or a lone header further right is a header (`2011年` over its
    /// columns), not a title.
    fn is_title_row(&self, row: usize) -> bool {
        let Some((c, cell)) = self.single(row) else {
            return false;
        };
        let text = self.text(row, c);
        *cell == Cell::Text
            && !is_year_only(text)
            && (c == 0 || unit_statement(text).is_some() || is_note(text))
    }

    /// A row of unit statements only (`单位：亿元` below the data).
    fn is_unit_row(&self, row: usize) -> bool {
        self.single(row)
            .is_some_and(|(c, _)| unit_statement(self.text(row, c)).is_some())
    }

    /// A header row: text and years only. A row of bare numbers that are all years
    /// (`2011 2012`) is a header unless it starts with a name (`南山区 2000 2100` is data).
    fn is_header_row(&self, row: usize) -> bool {
        let mut years = false;
        let mut any = false;
        for (c, cell) in self.filled(row) {
            any = true;
            match cell {
                Cell::Number(_) if is_year_only(self.text(row, c)) => years = true,
                Cell::Number(_) => return false,
                Cell::NoValue if c > 0 => return false,
                _ => {}
            }
        }
        if years {
            if let Some((c, Cell::Text)) = self.filled(row).next() {
                let t = self.text(row, c);
                if header_word(t).is_none() && !is_year_only(t) {
                    return false;
                }
            }
        }
        any
    }
}

/// The rows of a grid by role, in grid order.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Layout {
    pub titles: Vec<usize>,
    pub header: Vec<usize>,
    /// The rows above the data: `0..top`.
    pub top: usize,
    pub data: Vec<usize>,
    pub notes: Vec<usize>,
}

/// At most this many header rows are recognised without `--header-rows` (and read
/// with it: the lowest ones).
pub(crate) const MAX_HEADER_ROWS: usize = 6;

/// Finds the rows' roles; `header_rows` (the option) puts the data start there.
pub(crate) fn layout(t: &Table, header_rows: Option<usize>) -> Layout {
    let mut l = Layout::default();
    let mut row = 0;
    while row < t.height() {
        if header_rows.is_some_and(|n| row >= n) {
            break;
        }
        if t.is_empty_row(row) {
        } else if t.is_title_row(row) || t.is_note_row(row) {
            l.titles.push(row);
        } else if header_rows.is_some()
            || (t.is_header_row(row) && l.header.len() < MAX_HEADER_ROWS)
        {
            l.header.push(row);
        } else {
            break;
        }
        row += 1;
    }
    l.top = row;
    let mut in_notes = false;
    for r in row..t.height() {
        if t.is_empty_row(r) {
            continue;
        }
        in_notes |= t.is_note_row(r);
        if in_notes || t.is_unit_row(r) {
            l.notes.push(r);
        } else {
            l.data.push(r);
        }
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        super::super::grid::test_grid("t", rows)
    }

    #[test]
    fn titles_headers_data_notes() {
        let g = grid(&[
            &["各区产业发展目标分解表"],
            &["", "", "单位：亿元"],
            &[],
            &["", "2011年", "", "2012年"],
            &["地区", "生物", "互联网", "生物"],
            &["全  市", "700", "540", "900"],
            &["", "", "", ""],
            &["福田区", "28", "—", "30"],
            &["说明：按注册地统计。"],
            &["坪山新区", "1", "2", "3"],
        ]);
        let t = Table::new(&g).unwrap();
        let l = layout(&t, None);
        assert_eq!(l.titles, vec![0, 1]);
        assert_eq!(l.header, vec![3, 4]);
        assert_eq!(l.top, 5);
        assert_eq!(l.data, vec![5, 7]);
        assert_eq!(l.notes, vec![8, 9]);
    }

    #[test]
    fn bare_years_head_a_table_but_names_start_data() {
        let g = grid(&[&["地区", "2011", "2012"], &["南山区", "2000", "2100"]]);
        let t = Table::new(&g).unwrap();
        let l = layout(&t, None);
        assert_eq!((l.header, l.data), (vec![0], vec![1]));
        let g = grid(&[&["南山区", "2000", "2100"], &["福田区", "1", "2"]]);
        let t = Table::new(&g).unwrap();
        assert_eq!(layout(&t, None).data, vec![0, 1]);
    }

    #[test]
    fn the_option_sets_where_the_data_start() {
        let g = grid(&[
            &["标题"],
            &["地区", "甲"],
            &["福田区", "乙"],
            &["南山区", "1"],
        ]);
        let t = Table::new(&g).unwrap();
        let l = layout(&t, Some(3));
        assert_eq!(
            (l.titles, l.header, l.top, l.data),
            (vec![0], vec![1, 2], 3, vec![3])
        );
    }
}
