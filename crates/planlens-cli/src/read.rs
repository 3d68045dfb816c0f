//! The table readers of `planlens import`: bytes to grids of cell text, nothing more.
//! What the cells mean is the core's business (`planlens_table::import`), so the CLI
//! and the page, whose readers are the browser's own APIs, give the same plan.
//!
//! - Spreadsheets (XLSX, XLSM, XLS, XLSB, ODS): calamine, one grid per sheet, with the
//!   merged regions where the format keeps them and the cached value of formula cells.
//!   Before calamine unpacks anything, the zip's directory is read and a workbook that
//!   would unpack past [`MAX_UNPACKED`] is refused (a zip bomb posing as XLSX).
//! - HTML: scraper (html5ever), one grid per `<table>` with its rowspan and colspan
//!   as merges and its `<caption>`.
//! - Everything else is text (CSV, TSV, a table pasted one cell per line): the core's
//!   `grid_from_text` reads it, the same code the page runs.

use calamine::{Data, Dimensions, Reader, Sheets};
use planlens_table::{Grid, Merge};
use std::io::Cursor;

/// What a workbook may unpack to at most.
pub const MAX_UNPACKED: u64 = 256 * 1024 * 1024;
/// The cells a sheet may have at most (rows × columns of its used range).
pub const MAX_CELLS: usize = 20_000_000;

/// The kind of table file, by its first bytes, then by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Workbook,
    Html,
    Text,
}

/// What `bytes` (from a file called `name`) holds.
pub fn sniff(name: &str, bytes: &[u8]) -> Kind {
    let lower = name.to_ascii_lowercase();
    // Zip (XLSX, ODS) and the compound-file format of XLS.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Kind::Workbook;
    }
    let head: String = String::from_utf8_lossy(bytes.get(..512).unwrap_or(bytes))
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    let html_name = lower.ends_with(".html") || lower.ends_with(".htm");
    if html_name
        || head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<table")
    {
        return Kind::Html;
    }
    Kind::Text
}

/// Reads the grids of one file.
pub fn grids(name: &str, bytes: &[u8]) -> Result<Vec<Grid>, String> {
    if let Some(kind) = planlens::magic::binary_kind(bytes) {
        return Err(format!(
            "{name}: {kind}, not a table (planlens import reads CSV, TSV, XLSX, XLS, ODS, HTML tables and tables pasted as text)"
        ));
    }
    match sniff(name, bytes) {
        Kind::Workbook => workbook(name, bytes),
        Kind::Html => Ok(html(name, &text_of(name, bytes)?)),
        Kind::Text => {
            let text = text_of(name, bytes)?;
            planlens_table::grid_from_text(name, &text)
                .map(|g| vec![g])
                .ok_or_else(|| {
                    format!("{name}: no table found (planlens import reads CSV, TSV, XLSX, XLS, ODS, HTML tables and tables pasted as text)")
                })
        }
    }
}

/// A table file's text: UTF-8 or UTF-16 with a BOM as plans are read, else GBK/GB18030,
/// which Excel in a Chinese office saves CSV as (said on stderr, as the page says it).
fn text_of(name: &str, bytes: &[u8]) -> Result<String, String> {
    match planlens::plan::decode_text(name, bytes) {
        Ok(text) => Ok(text.into_owned()),
        Err(e) => {
            let (text, _, bad) = encoding_rs::GB18030.decode(bytes);
            if bad {
                return Err(e.to_string());
            }
            eprintln!("planlens: {name} is not UTF-8; read it as GBK (GB18030)");
            Ok(text.into_owned())
        }
    }
}

/// Refuses a zip whose entries would unpack past [`MAX_UNPACKED`], by the sizes its
/// directory declares (the inflater stops at the declared size, so they bound the work).
fn check_zip(name: &str, bytes: &[u8]) -> Result<(), String> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Ok(());
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("{name}: not a readable workbook ({e})"))?;
    if zip.len() > 10_000 {
        return Err(format!(
            "{name}: the workbook holds {} files; planlens reads at most 10,000",
            zip.len()
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        if let Ok(file) = zip.by_index_raw(i) {
            total = total.saturating_add(file.size());
        }
    }
    if total > MAX_UNPACKED {
        return Err(format!(
            "{name}: the workbook unpacks to {} MB, more than the {} MB planlens reads (a zip bomb?)",
            total / (1024 * 1024),
            MAX_UNPACKED / (1024 * 1024)
        ));
    }
    Ok(())
}

fn workbook(name: &str, bytes: &[u8]) -> Result<Vec<Grid>, String> {
    check_zip(name, bytes)?;
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("{name}: not a readable workbook ({e})"))?;
    let mut out = Vec::new();
    for sheet in book.sheet_names() {
        let range = book
            .worksheet_range(&sheet)
            .map_err(|e| format!("{name}[{sheet}]: the sheet cannot be read ({e})"))?;
        let (h, w) = range.get_size();
        if h.saturating_mul(w) > MAX_CELLS {
            return Err(format!(
                "{name}[{sheet}]: the sheet spans {h} rows × {w} columns, more than the {MAX_CELLS} cells planlens reads"
            ));
        }
        let Some(origin) = range.start() else {
            continue; // an empty sheet
        };
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(cell_text).collect())
            .collect();
        let regions: Vec<Dimensions> = match &mut book {
            Sheets::Xlsx(x) => x
                .merge_cells_by_sheet_name(&sheet)
                .map_err(|e| format!("{name}[{sheet}]: the merged cells cannot be read ({e})"))?,
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&sheet).unwrap_or_default(),
            _ => Vec::new(),
        };
        let merges = regions
            .iter()
            .filter_map(|d| {
                Some(Merge {
                    row: d.start.0.checked_sub(origin.0)?,
                    col: d.start.1.checked_sub(origin.1)?,
                    rows: d.end.0.checked_sub(d.start.0)? + 1,
                    cols: d.end.1.checked_sub(d.start.1)? + 1,
                })
            })
            .collect();
        let mut grid = Grid::new(name, rows);
        grid.sheet = Some(sheet);
        grid.origin = origin;
        grid.merges = merges;
        out.push(grid);
    }
    if out.is_empty() {
        return Err(format!("{name}: the workbook has no cells"));
    }
    Ok(out)
}

/// A cell as the text the page's reader gives for it: numbers as their shortest exact
/// decimal form (`0.1`, `1234.5`), error values as written (`#DIV/0!`, which the core
/// reports by address rather than reading as 0).
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(t) => t.as_f64().to_string(),
        Data::Error(e) => e.to_string(),
    }
}

/// The tables of an HTML page, each laid out as a browser lays out a table: a cell
/// with rowspan or colspan takes its slots, and later cells move past them.
pub fn html(name: &str, text: &str) -> Vec<Grid> {
    let doc = scraper::Html::parse_document(text);
    let (Ok(tables), Ok(rows_sel), Ok(cells_sel), Ok(caption_sel)) = (
        scraper::Selector::parse("table"),
        scraper::Selector::parse("tr"),
        scraper::Selector::parse("td, th"),
        scraper::Selector::parse("caption"),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (n, table) in doc.select(&tables).enumerate() {
        // Rows and cells of this table only, not of a table nested in one of its cells.
        let own = |el: &scraper::ElementRef| {
            el.ancestors()
                .filter_map(scraper::ElementRef::wrap)
                .find(|a| a.value().name() == "table")
                .is_some_and(|t| t.id() == table.id())
        };
        let mut grid: Vec<Vec<Option<String>>> = Vec::new();
        let mut merges = Vec::new();
        for (r, tr) in table.select(&rows_sel).filter(|e| own(e)).enumerate() {
            for td in tr.select(&cells_sel).filter(|e| own(e)) {
                let span = |attr: &str, max: usize| {
                    td.value()
                        .attr(attr)
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(1)
                        .clamp(1, max)
                };
                let (rs, cs) = (span("rowspan", 1000), span("colspan", 1000));
                while grid.len() < r + rs {
                    grid.push(Vec::new());
                }
                let row = grid.get(r).map_or(0, Vec::len);
                let c = (0..)
                    .find(|&c| {
                        grid.get(r)
                            .and_then(|row| row.get(c))
                            .is_none_or(Option::is_none)
                    })
                    .unwrap_or(row);
                let text = collapse(&td.text().collect::<String>());
                for (dr, slots) in grid.iter_mut().skip(r).take(rs).enumerate() {
                    if slots.len() < c + cs {
                        slots.resize(c + cs, None);
                    }
                    for (dc, slot) in slots.iter_mut().skip(c).take(cs).enumerate() {
                        *slot = Some(if dr == 0 && dc == 0 {
                            text.clone()
                        } else {
                            String::new()
                        });
                    }
                }
                if rs > 1 || cs > 1 {
                    merges.push(Merge {
                        row: r as u32,
                        col: c as u32,
                        rows: rs as u32,
                        cols: cs as u32,
                    });
                }
            }
        }
        let rows: Vec<Vec<String>> = grid
            .into_iter()
            .map(|r| r.into_iter().map(Option::unwrap_or_default).collect())
            .collect();
        if rows.iter().all(|r| r.iter().all(String::is_empty)) {
            continue;
        }
        let mut g = Grid::new(name, rows);
        g.caption = table
            .select(&caption_sel)
            .find(|e| own(e))
            .map(|c| collapse(&c.text().collect::<String>()))
            .filter(|c| !c.is_empty());
        if n > 0 {
            g.sheet = Some(format!("table {}", n + 1));
        }
        g.merges = merges;
        out.push(g);
    }
    out
}

/// Cell text with runs of white space (line breaks from `<br>`, indentation) as one
/// space; the core folds what is left (`全  市` → `全市`).
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_spans_take_their_slots() {
        let page = "<table><caption>单位：亿元</caption>\
            <tr><th rowspan=2>地区</th><th colspan=2>2011年</th></tr>\
            <tr><th>生物</th><th>互联网</th></tr>\
            <tr><td>全  市</td><td>700</td><td>540</td></tr></table>";
        let g = html("t.html", page);
        assert_eq!(g.len(), 1);
        let g = &g[0];
        assert_eq!(g.caption.as_deref(), Some("单位：亿元"));
        assert_eq!(g.rows[0], ["地区", "2011年", ""]);
        assert_eq!(g.rows[1], ["", "生物", "互联网"]);
        assert_eq!(g.rows[2], ["全 市", "700", "540"]);
        assert_eq!(g.merges.len(), 2);
        assert_eq!((g.merges[0].rows, g.merges[0].cols), (2, 1));
        assert_eq!(
            (g.merges[1].row, g.merges[1].col, g.merges[1].cols),
            (0, 1, 2)
        );
    }

    #[test]
    fn nested_tables_are_tables_of_their_own() {
        let page = "<table><tr><td>a<table><tr><td>1</td></tr></table></td><td>b</td></tr></table>";
        let g = html("t.html", page);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].rows[0].len(), 2);
        assert_eq!(g[1].rows, [["1"]]);
    }

    #[test]
    fn sniffing_reads_first_bytes_before_names() {
        assert_eq!(sniff("a.csv", b"PK\x03\x04rest"), Kind::Workbook);
        assert_eq!(sniff("a.txt", b"  <!DOCTYPE html><table>"), Kind::Html);
        assert_eq!(sniff("a.htm", b"plain"), Kind::Html);
        assert_eq!(sniff("a.csv", "地区,2011\n".as_bytes()), Kind::Text);
    }

    #[test]
    fn a_zip_that_is_not_a_workbook_is_named() {
        let e = grids("x.xlsx", b"PK\x03\x04garbage").unwrap_err();
        assert!(e.starts_with("x.xlsx: not a readable workbook"), "{e}");
    }
}
