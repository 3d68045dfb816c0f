//! Text to a grid: TSV (what Excel and WPS put on the clipboard), CSV (RFC 4180), and
//! the one-cell-per-line text a web page's table pastes as.
//!
//! One cell per line (blank lines ignored): a header block of non-numeric cells, then
//! runs of one label line followed by N figure lines (N the same for every row). The
//! header is rebuilt from its cell count H and the data width W: H = W is one header
//! row; H = k + W with W divisible by k is two rows, the top k cells each over W/k
//! columns; a leading corner cell (地区, 区域, 单位…) may come first. Up to three short
//! lines before the header become title rows (`单位：亿元`), notes after the data
//! (`说明：…`) note rows. Every step is one pass over the lines.

use super::cell::{is_year_only, read, Cell};
use super::grid::{Grid, Merge};
use super::words::{header_word, is_note};

/// Reads a table from text: TSV when the text has tabs, else one cell per line, else
/// CSV. `None` when the text holds no table.
pub fn grid_from_text(name: &str, text: &str) -> Option<Grid> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let grid = |rows: Vec<Vec<String>>, merges: Vec<Merge>| Grid {
        name: name.to_string(),
        rows,
        merges,
        ..Grid::default()
    };
    if text.contains('\t') {
        let rows = records(text, b'\t');
        if is_table(&rows, false) {
            return Some(grid(rows, Vec::new()));
        }
    }
    if let Some((rows, merges)) = one_per_line(text) {
        return Some(grid(rows, merges));
    }
    let rows = records(text, b',');
    is_table(&rows, true).then(|| grid(rows, Vec::new()))
}

/// Reads delimited records with csv-core (quotes per RFC 4180; a quoted cell may hold
/// the delimiter, quotes and line breaks). Trailing empty records are dropped. Linear:
/// the buffers double when full.
fn records(text: &str, delimiter: u8) -> Vec<Vec<String>> {
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut input = text.as_bytes();
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut field = vec![0u8; 1024];
    let mut ends = vec![0usize; 64];
    let (mut used, mut nends) = (0usize, 0usize);
    loop {
        let (result, nin, nout, nend) = reader.read_record(
            input,
            field.get_mut(used..).unwrap_or_default(),
            ends.get_mut(nends..).unwrap_or_default(),
        );
        input = input.get(nin..).unwrap_or_default();
        used += nout;
        nends += nend;
        match result {
            // The next call passes what is left; an empty input tells the reader the
            // text ended, and it gives the last record, then `End`.
            csv_core::ReadRecordResult::InputEmpty => {}
            csv_core::ReadRecordResult::OutputFull => {
                let n = field.len().saturating_mul(2);
                field.resize(n, 0);
            }
            csv_core::ReadRecordResult::OutputEndsFull => {
                let n = ends.len().saturating_mul(2);
                ends.resize(n, 0);
            }
            csv_core::ReadRecordResult::Record => {
                out.push(split(&field, used, &ends, nends));
                used = 0;
                nends = 0;
            }
            csv_core::ReadRecordResult::End => break,
        }
    }
    while out
        .last()
        .is_some_and(|r| r.iter().all(|c| c.trim().is_empty()))
    {
        out.pop();
    }
    out
}

/// The fields of one record from csv-core's output buffer and field ends.
fn split(field: &[u8], used: usize, ends: &[usize], nends: usize) -> Vec<String> {
    let bytes = field.get(..used).unwrap_or_default();
    let mut start = 0;
    ends.iter()
        .take(nends)
        .map(|&end| {
            let s = String::from_utf8_lossy(bytes.get(start..end).unwrap_or_default()).into_owned();
            start = end;
            s
        })
        .collect()
}

/// Whether delimited records look like a table: at least two rows of two or more
/// cells and (for CSV, where prose has commas too) at least one cell that is a figure.
fn is_table(rows: &[Vec<String>], need_figure: bool) -> bool {
    let wide = rows.iter().filter(|r| r.len() >= 2).count();
    let figure = || {
        rows.iter()
            .flatten()
            .any(|c| matches!(read(c), Cell::Number(_)))
    };
    wide >= 2 && (!need_figure || figure())
}

/// A non-blank line: its text (trimmed) and whether it is a figure (or a no-figure mark).
struct Line<'t> {
    text: &'t str,
    figure: bool,
}

/// Cells that may stand in a header block: short, without sentence punctuation.
fn header_like(line: &Line) -> bool {
    let t = line.text;
    (!line.figure || is_year_only(t))
        && t.chars().count() <= 24
        && !t.contains(['。', '，', '：', ':', '；', ';'])
        && !is_note(t)
}

/// Corner cells: 地区, 区域, 单位, 项目/地区 and the other header words.
fn is_corner(t: &str) -> bool {
    header_word(t).is_some()
}

/// Reads one-cell-per-line text into rows and merges, or `None` without at least two
/// rows of a label and the same number of figures.
fn one_per_line(text: &str) -> Option<(Vec<Vec<String>>, Vec<Merge>)> {
    let lines: Vec<Line> = text
        .lines()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| Line {
            text: t,
            figure: matches!(read(t), Cell::Number(_) | Cell::NoValue),
        })
        .collect();
    let (start, rows, width) = longest_run(&lines)?;
    let header_end = start;
    // The header block: header-like lines just before the first label, at most 2W + 1.
    let limit = width.saturating_mul(2).saturating_add(1);
    let mut h = 0;
    while h < limit && header_end > h && lines.get(header_end - h - 1).is_some_and(header_like) {
        h += 1;
    }
    let block: Vec<&str> = lines
        .get(header_end - h..header_end)
        .unwrap_or_default()
        .iter()
        .map(|l| l.text)
        .collect();
    let (used, header) = fit_header(&block, width);
    let header_start = header_end - used;
    let mut out: Vec<Vec<String>> = Vec::new();
    // Up to three short lines before the header are titles.
    let mut t0 = header_start;
    while t0 > 0
        && header_start - t0 < 3
        && lines
            .get(t0 - 1)
            .is_some_and(|l| !l.figure && l.text.chars().count() <= 60)
    {
        t0 -= 1;
    }
    for l in lines.get(t0..header_start).unwrap_or_default() {
        out.push(vec![l.text.to_string()]);
    }
    let merges = header.place(&mut out, width);
    let data_end = start + rows * (width + 1);
    for r in 0..rows {
        let at = start + r * (width + 1);
        let row: Vec<String> = lines
            .get(at..at + width + 1)
            .unwrap_or_default()
            .iter()
            .map(|l| l.text.to_string())
            .collect();
        out.push(row);
    }
    for l in lines.get(data_end..).unwrap_or_default().iter().take(3) {
        if !is_note(l.text) {
            break;
        }
        out.push(vec![l.text.to_string()]);
    }
    Some((out, merges))
}

/// The longest run of rows (a label line and N figure lines, N ≥ 1 the same for all),
/// at least two rows: its first line, its row count and N.
fn longest_run(lines: &[Line]) -> Option<(usize, usize, usize)> {
    let mut best: Option<(usize, usize, usize)> = None;
    let mut i = 0;
    while i < lines.len() {
        // A run starts at a label line.
        if lines.get(i).is_none_or(|l| l.figure) {
            i += 1;
            continue;
        }
        let n = lines
            .get(i + 1..)
            .unwrap_or_default()
            .iter()
            .take_while(|l| l.figure)
            .count();
        if n == 0 {
            i += 1;
            continue;
        }
        let start = i;
        let mut rows = 0;
        while lines.get(i).is_some_and(|l| !l.figure)
            && lines
                .get(i + 1..)
                .unwrap_or_default()
                .iter()
                .take_while(|l| l.figure)
                .take(n + 1)
                .count()
                == n
        {
            rows += 1;
            i += n + 1;
        }
        if rows >= 2 && best.is_none_or(|(_, r, _)| rows > r) {
            best = Some((start, rows, n));
        }
        if rows == 0 {
            i += 1;
        }
    }
    best
}

/// A rebuilt header.
#[derive(Debug, PartialEq)]
struct Header<'t> {
    corner: Option<&'t str>,
    /// The top row's cells, each over `width / top.len()` columns (empty: one row).
    top: Vec<&'t str>,
    /// One cell per column of figures.
    bottom: Vec<&'t str>,
}

impl Header<'_> {
    /// Appends the header rows to `out`; returns their merges.
    fn place(&self, out: &mut Vec<Vec<String>>, width: usize) -> Vec<Merge> {
        let mut merges = Vec::new();
        if self.bottom.is_empty() {
            return merges;
        }
        let row = u32::try_from(out.len()).unwrap_or(u32::MAX);
        let corner = self.corner.unwrap_or("").to_string();
        if !self.top.is_empty() {
            let span = width / self.top.len().max(1);
            let mut top = vec![corner.clone()];
            for (k, cell) in self.top.iter().enumerate() {
                top.push(cell.to_string());
                top.extend(std::iter::repeat_n(String::new(), span.saturating_sub(1)));
                merges.push(Merge {
                    row,
                    col: u32::try_from(1 + k * span).unwrap_or(u32::MAX),
                    rows: 1,
                    cols: u32::try_from(span).unwrap_or(u32::MAX),
                });
            }
            out.push(top);
            if self.corner.is_some() {
                merges.push(Merge {
                    row,
                    col: 0,
                    rows: 2,
                    cols: 1,
                });
            }
        }
        let mut bottom = vec![if self.top.is_empty() {
            corner
        } else {
            String::new()
        }];
        bottom.extend(self.bottom.iter().map(|s| s.to_string()));
        out.push(bottom);
        merges
    }
}

/// Chooses how many of the block's last cells form the header (as many as fit) and
/// how. The top cells of a two-row header must be all years or all not years, and
/// each must span two columns or more. Only the sizes a header can have are tried
/// (W + k and W + k + 1 for the divisors k ≤ W/2 of W), so the cost stays linear.
fn fit_header<'t>(block: &[&'t str], width: usize) -> (usize, Header<'t>) {
    let mut last = None;
    for k in (0..=width / 2).rev().filter(|&k| k == 0 || width % k == 0) {
        for used in [width + k + 1, width + k] {
            if used > block.len() || last == Some(used) {
                continue;
            }
            last = Some(used);
            let cells = block.get(block.len() - used..).unwrap_or_default();
            if let Some(h) = fit(cells, width) {
                return (used, h);
            }
        }
    }
    (
        0,
        Header {
            corner: None,
            top: Vec::new(),
            bottom: Vec::new(),
        },
    )
}

fn fit<'t>(cells: &[&'t str], width: usize) -> Option<Header<'t>> {
    let (corner, rest) = match cells.split_first() {
        Some((c, rest)) if is_corner(c) && rest.len() >= width => (Some(*c), rest),
        _ => (None, cells),
    };
    let k = rest.len().checked_sub(width)?;
    let (top, bottom) = rest.split_at(k);
    let uniform = top.iter().all(|c| is_year_only(c)) || top.iter().all(|c| !is_year_only(c));
    // Each top cell spans at least two columns.
    if k > 0 && (width % k != 0 || width / k < 2 || !uniform) {
        return None;
    }
    Some(Header {
        corner,
        top: top.to_vec(),
        bottom: bottom.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_with_quotes_and_ragged_rows() {
        let g = grid_from_text(
            "p",
            "地区\t2011年\n全市\t\"1,234\"\n福田区\t\"a\tb\"\t9\n\n",
        )
        .unwrap();
        assert_eq!(
            g.rows,
            vec![
                vec!["地区", "2011年"],
                vec!["全市", "1,234"],
                vec!["福田区", "a\tb", "9"]
            ]
        );
    }

    #[test]
    fn csv_per_rfc_4180() {
        let g = grid_from_text(
            "p",
            "地区,\"生物\"\"产业\"\"\",互联网\r\n全市,\"1,234\",5\r\n福田区,\"多\n行\",6",
        )
        .unwrap();
        assert_eq!(
            g.rows,
            vec![
                vec!["地区", "生物\"产业\"", "互联网"],
                vec!["全市", "1,234", "5"],
                vec!["福田区", "多\n行", "6"]
            ]
        );
    }

    #[test]
    fn prose_is_no_table() {
        assert_eq!(grid_from_text("p", ""), None);
        assert_eq!(
            grid_from_text("p", "这是一段文字。\n没有表格，只有句子。\n"),
            None
        );
        assert_eq!(
            grid_from_text("p", "In 2011, we did things.\nThen, more.\n"),
            None
        );
        assert_eq!(grid_from_text("p", "福田区\n28\n"), None);
    }

    #[test]
    fn one_cell_per_line_with_two_header_rows() {
        let text = "说明前的文字。\n单位：亿元\n \n2011年\n\n2012年\n生物\n互联网\n生物\n互联网\n全  市\n700\n540\n900\n800\n福田区\n28\n—\n30\n250\n　　说明：按产值发生地统计。\n其后的正文。";
        let g = grid_from_text("p", text).unwrap();
        let rows: Vec<Vec<&str>> = g
            .rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            rows,
            vec![
                vec!["说明前的文字。"],
                vec!["单位：亿元"],
                vec!["", "2011年", "", "2012年", ""],
                vec!["", "生物", "互联网", "生物", "互联网"],
                vec!["全  市", "700", "540", "900", "800"],
                vec!["福田区", "28", "—", "30", "250"],
                vec!["说明：按产值发生地统计。"],
            ]
        );
        assert_eq!(
            g.merges,
            vec![
                Merge {
                    row: 2,
                    col: 1,
                    rows: 1,
                    cols: 2
                },
                Merge {
                    row: 2,
                    col: 3,
                    rows: 1,
                    cols: 2
                }
            ]
        );
    }

    #[test]
    fn one_cell_per_line_with_a_corner() {
        let g = grid_from_text("p", "地区\n生物\n互联网\n全市\n1\n2\n福田区\n3\n4\n").unwrap();
        assert_eq!(g.rows.first().unwrap(), &vec!["地区", "生物", "互联网"]);
        let g = grid_from_text(
            "p",
            "地区\n2011年\n生物\n互联网\n全市\n1\n2\n福田区\n3\n4\n",
        )
        .unwrap();
        assert_eq!(g.rows.first().unwrap(), &vec!["地区", "2011年", ""]);
        assert_eq!(g.merges.len(), 2);
        // Bare years after the corner are the first row's figures: the header row.
        let g = grid_from_text("p", "地区\n2011\n2012\n全市\n1\n2\n福田区\n3\n4\n").unwrap();
        assert_eq!(g.rows.len(), 3);
    }

    #[test]
    fn header_fits() {
        let f = |cells: &[&str], w| fit_header(cells, w).0;
        assert_eq!(
            f(
                &["各区目标分解表", "2011年", "2012年", "a", "b", "c", "d"],
                4
            ),
            6
        );
        assert_eq!(f(&["x", "a", "b", "c"], 2), 3);
        assert_eq!(f(&["a"], 2), 0);
    }
}
