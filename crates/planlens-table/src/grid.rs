//! The grid readers produce (see /work/contract-tables.md): cell text row by row with
//! merged ranges, A1 addresses, places for messages, and the resolution of merges.

use super::ImportError;
use std::collections::HashMap;

/// A table as a reader found it: a sheet of a workbook, an HTML table, pasted text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    /// The file name (`districts.xlsx`, `pasted`).
    pub name: String,
    /// The sheet name for workbooks.
    pub sheet: Option<String>,
    /// An HTML `<caption>`.
    pub caption: Option<String>,
    /// 0-based (row, column) of `rows[0][0]` in the sheet.
    pub origin: (u32, u32),
    /// Cell text row by row; rows may be ragged; `""` is an empty cell.
    pub rows: Vec<Vec<String>>,
    /// Merged ranges; the text sits in the top-left cell.
    pub merges: Vec<Merge>,
}

/// A merged range, relative to `rows`, 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub row: u32,
    pub col: u32,
    pub rows: u32,
    pub cols: u32,
}

/// Spreadsheet column letters for a 0-based column: A … Z, AA … AZ, BA …
pub fn column_letters(col: u64) -> String {
    let mut n = col.saturating_add(1);
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        // rem < 26, so the cast and the addition stay within ASCII capitals.
        out.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

impl Grid {
    /// A grid named `name` holding `rows`, at the origin, with no sheet, caption or merges.
    pub fn new(name: &str, rows: Vec<Vec<String>>) -> Grid {
        Grid {
            name: name.to_string(),
            rows,
            ..Grid::default()
        }
    }

    /// Whether no cell holds text (an empty sheet).
    pub fn is_blank(&self) -> bool {
        self.rows
            .iter()
            .all(|r| r.iter().all(|c| c.trim().is_empty()))
    }

    /// The text of a cell, `""` outside the grid.
    pub fn cell(&self, row: usize, col: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .map_or("", String::as_str)
    }

    /// The number of columns of the widest row.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The A1 address of a cell, counting from the grid's origin: `B3`.
    pub fn address(&self, row: usize, col: usize) -> String {
        let r = u64::from(self.origin.0).saturating_add(row as u64);
        let c = u64::from(self.origin.1).saturating_add(col as u64);
        format!("{}{}", column_letters(c), r.saturating_add(1))
    }

    /// The grid's name as places start: `name` or `name[sheet]`.
    pub fn whole(&self) -> String {
        match &self.sheet {
            Some(sheet) => format!("{}[{sheet}]", self.name),
            None => self.name.clone(),
        }
    }

    /// A cell as messages and sources name it: `name!B3` or `name[sheet]!B3`.
    pub fn place(&self, row: usize, col: usize) -> String {
        format!("{}!{}", self.whole(), self.address(row, col))
    }
}

/// The grid's merges resolved: for every covered cell but the top-left one, where its
/// text comes from.
#[derive(Debug, Default)]
pub(crate) struct Merged {
    from: HashMap<(usize, usize), (usize, usize)>,
}

/// Covered cells beyond the grid's own cell count plus this are refused, so that a
/// merge of 4 billion cells costs nothing.
const SLACK: usize = 1 << 16;

impl Merged {
    /// Resolves the merges of `grid`. Merges are clipped to the grid (rows and the widest
    /// row); empty ones and ones starting outside are ignored. Two merges covering one
    /// cell are an error, as are merges covering more cells than the grid has.
    pub fn resolve(grid: &Grid) -> Result<Merged, ImportError> {
        let height = grid.rows.len();
        let width = grid.width();
        let cells: usize = grid.rows.iter().map(Vec::len).sum();
        let budget = cells.saturating_mul(2).saturating_add(SLACK);
        let mut from = HashMap::new();
        let mut tops: HashMap<(usize, usize), usize> = HashMap::new();
        for (i, m) in grid.merges.iter().enumerate() {
            let (r0, c0) = (m.row as usize, m.col as usize);
            if r0 >= height || c0 >= width || m.rows == 0 || m.cols == 0 {
                continue;
            }
            let r1 = r0.saturating_add(m.rows as usize).min(height);
            let c1 = c0.saturating_add(m.cols as usize).min(width);
            if from.contains_key(&(r0, c0)) || tops.insert((r0, c0), i).is_some() {
                return Err(overlap(grid, r0, c0));
            }
            for r in r0..r1 {
                for c in c0..c1 {
                    if (r, c) == (r0, c0) {
                        continue;
                    }
                    if tops.contains_key(&(r, c)) || from.insert((r, c), (r0, c0)).is_some() {
                        return Err(overlap(grid, r, c));
                    }
                    if from.len() > budget {
                        return Err(ImportError::new(
                            grid.place(r0, c0),
                            "merged cells cover more cells than the table has",
                            None,
                        ));
                    }
                }
            }
        }
        Ok(Merged { from })
    }

    /// The text shown in a cell: its own, or for an empty cell covered by a merge the
    /// merge's top-left text.
    pub fn label<'g>(&self, grid: &'g Grid, row: usize, col: usize) -> &'g str {
        let own = grid.cell(row, col);
        if !own.trim().is_empty() {
            return own;
        }
        match self.from.get(&(row, col)) {
            Some(&(r, c)) => grid.cell(r, c),
            None => own,
        }
    }
}

fn overlap(grid: &Grid, row: usize, col: usize) -> ImportError {
    ImportError::new(grid.place(row, col), "merged cells overlap here", None)
}

/// A grid from string slices, for the unit tests of the table modules.
#[cfg(test)]
pub(crate) fn test_grid(name: &str, rows: &[&[&str]]) -> Grid {
    let rows = rows
        .iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect();
    Grid::new(name, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        test_grid("t.xlsx", rows)
    }

    #[test]
    fn letters_and_addresses() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(51), "AZ");
        assert_eq!(column_letters(52), "BA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(column_letters(u64::MAX), column_letters(u64::MAX));
        let mut g = grid(&[&["a"]]);
        assert_eq!(g.address(2, 1), "B3");
        assert_eq!(g.place(2, 1), "t.xlsx!B3");
        g.origin = (4, 26);
        g.sheet = Some("Sheet1".into());
        assert_eq!(g.address(0, 0), "AA5");
        assert_eq!(g.place(1, 1), "t.xlsx[Sheet1]!AB6");
        g.origin = (u32::MAX, u32::MAX);
        assert_eq!(
            g.address(usize::MAX, usize::MAX),
            g.address(usize::MAX, usize::MAX)
        );
    }

    #[test]
    fn merges_resolve_to_the_top_left_text() {
        let mut g = grid(&[
            &["", "2011年", "", ""],
            &["地区", "生物", "互联网", "新能源"],
        ]);
        g.merges = vec![Merge {
            row: 0,
            col: 1,
            rows: 1,
            cols: 3,
        }];
        let m = Merged::resolve(&g).unwrap();
        assert_eq!(m.label(&g, 0, 3), "2011年");
        assert_eq!(m.label(&g, 0, 0), "");
        assert_eq!(m.label(&g, 1, 2), "互联网");
        assert_eq!(m.label(&g, 1, 0), "地区");
    }

    #[test]
    fn odd_merges_are_clipped_ignored_or_refused() {
        let mut g = grid(&[&["a", "b"], &["c"]]);
        g.merges = vec![
            Merge {
                row: 0,
                col: 0,
                rows: u32::MAX,
                cols: u32::MAX,
            },
            Merge {
                row: 9,
                col: 9,
                rows: 2,
                cols: 2,
            },
            Merge {
                row: 1,
                col: 1,
                rows: 0,
                cols: 5,
            },
        ];
        let m = Merged::resolve(&g).unwrap();
        assert_eq!(m.label(&g, 1, 1), "a");
        g.merges.push(Merge {
            row: 1,
            col: 0,
            rows: 1,
            cols: 1,
        });
        let e = Merged::resolve(&g).unwrap_err();
        assert_eq!(e.to_string(), "t.xlsx!A2: merged cells overlap here");
        g.merges = vec![
            Merge {
                row: 0,
                col: 1,
                rows: 2,
                cols: 1,
            },
            Merge {
                row: 0,
                col: 0,
                rows: 2,
                cols: 2,
            },
        ];
        assert!(Merged::resolve(&g).is_err());
    }
}
