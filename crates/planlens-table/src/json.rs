//! The tables contract as JSON text (docs/TABLES.md, *Grids and options as JSON*): the
//! grids a reader gives (`Grid[]`) and the import options, as the page hands them to the
//! binding (`Session.importTables`).
//!
//! They are read with the plan reader's cursor (`plan::json`), as the chart spec is: a
//! value of the wrong kind is refused where it stands, named by its JSON pointer under
//! the argument's name (`grids/0/rows/3/1: expected a cell's text (a string), found 3`),
//! a syntax error by its line and column (`grids:1:17: …`); unknown and repeated keys are
//! refused. `null` stands for a key left out, except where a value is required.

use super::{Grid, ImportError, ImportOptions, Merge};
use planlens::plan::format::{Reader, Sink};
use planlens::plan::json::{key_ok, line_col, Cursor, Error, Result};
use std::ops::RangeInclusive;

/// The cursor as the plan reader and the chart spec have it: one copy of its object and
/// array code in the WebAssembly serves all three.
type C<'a, 's> = Reader<'a, 's>;

/// An integer within `range` (`expected` says what it is in a refusal); `null` is
/// refused too.
fn integer(c: &mut C, expected: &str, range: RangeInclusive<i64>) -> Result<i64> {
    c.ws();
    let at = c.pos();
    let n = c.number(expected)?;
    match n.plain {
        Some((v, 0)) if range.contains(&v) => Ok(v),
        _ => Err(Error::value(
            at,
            format!("expected {expected}, found {}", n.text),
        )),
    }
}

/// A non-negative integer that fits `u32` (a row, a column, a count).
fn index(c: &mut C, what: &str) -> Result<u32> {
    let expected = format!("{what} (an integer from 0 to {})", u32::MAX);
    let v = integer(c, &expected, 0..=i64::from(u32::MAX))?;
    // In range, so this is never the default.
    Ok(u32::try_from(v).unwrap_or_default())
}

/// [`index`] as an option: `null` is `None`.
fn count(c: &mut C, what: &str) -> Result<Option<usize>> {
    if c.null() {
        return Ok(None);
    }
    Ok(usize::try_from(index(c, what)?).ok())
}

/// A required value read by `read`, refused as missing (at `start`, the object's first
/// byte) when it was left out or `null`.
fn required<T>(v: Option<T>, start: usize, key: &str, of: &str) -> Result<T> {
    v.ok_or_else(|| Error::value(start, format!("missing key `{key}` in {of}")))
}

fn origin(c: &mut C) -> Result<(u32, u32)> {
    if c.null() {
        return Ok((0, 0));
    }
    c.ws();
    let at = c.pos();
    let mut both: Vec<u32> = Vec::with_capacity(2);
    c.array("an array of two integers [row, column]", &mut |c, i| {
        if i >= 2 {
            return Err(Error::value(c.pos(), "expected two integers [row, column]"));
        }
        both.push(index(c, if i == 0 { "a row" } else { "a column" })?);
        Ok(())
    })?;
    match both.as_slice() {
        &[row, col] => Ok((row, col)),
        _ => Err(Error::value(at, "expected two integers [row, column]")),
    }
}

fn rows(c: &mut C) -> Result<Vec<Vec<String>>> {
    let mut out = Vec::new();
    c.array("an array of rows", &mut |c, _| {
        let mut row = Vec::new();
        c.array("a row (an array of cell texts)", &mut |c, _| {
            row.push(c.string("a cell's text (a string)")?.into_owned());
            Ok(())
        })?;
        out.push(row);
        Ok(())
    })?;
    Ok(out)
}

fn merges(c: &mut C) -> Result<Vec<Merge>> {
    const K: [&str; 4] = ["row", "col", "rows", "cols"];
    let mut out = Vec::new();
    if c.null() {
        return Ok(out);
    }
    c.array("an array of merges", &mut |c, _| {
        c.ws();
        let start = c.pos();
        let (mut row, mut col, mut rows, mut cols) = (None, None, None, None);
        let mut seen = Vec::new();
        c.object("a merge object", &mut |c, key, at| {
            key_ok(&K, &mut seen, key, at)?;
            let what = if key.starts_with('r') {
                "a row"
            } else {
                "a column"
            };
            let n = Some(index(
                c,
                if key.ends_with('s') {
                    "a number of cells"
                } else {
                    what
                },
            )?);
            match key {
                "row" => row = n,
                "col" => col = n,
                "rows" => rows = n,
                _ => cols = n,
            }
            Ok(())
        })?;
        out.push(Merge {
            row: required(row, start, "row", "a merge")?,
            col: required(col, start, "col", "a merge")?,
            rows: required(rows, start, "rows", "a merge")?,
            cols: required(cols, start, "cols", "a merge")?,
        });
        Ok(())
    })?;
    Ok(out)
}

fn grid(c: &mut C) -> Result<Grid> {
    const K: [&str; 6] = ["name", "sheet", "caption", "origin", "rows", "merges"];
    c.ws();
    let start = c.pos();
    let mut g = Grid::default();
    let (mut name, mut cells) = (None, None);
    let mut seen = Vec::new();
    c.object("a grid object", &mut |c, key, at| {
        key_ok(&K, &mut seen, key, at)?;
        match key {
            "name" => name = Some(c.string("the grid's name (a string)")?.into_owned()),
            "sheet" => g.sheet = c.string_or_null()?,
            "caption" => g.caption = c.string_or_null()?,
            "origin" => g.origin = origin(c)?,
            "rows" => cells = Some(rows(c)?),
            _ => g.merges = merges(c)?,
        }
        Ok(())
    })?;
    g.name = required(name, start, "name", "a grid")?;
    g.rows = required(cells, start, "rows", "a grid")?;
    Ok(g)
}

fn options(c: &mut C) -> Result<ImportOptions> {
    const K: [&str; 9] = [
        "indicator",
        "unit",
        "year",
        "areaTotal",
        "planId",
        "sheet",
        "areaColumn",
        "headerRows",
        "totalRow",
    ];
    let mut o = ImportOptions::default();
    if c.null() {
        return Ok(o);
    }
    let mut seen = Vec::new();
    c.object("an object of import options", &mut |c, key, at| {
        key_ok(&K, &mut seen, key, at)?;
        match key {
            "indicator" => o.indicator = c.string_or_null()?,
            "unit" => o.unit = c.string_or_null()?,
            "year" => {
                if !c.null() {
                    let range = i64::from(i32::MIN)..=i64::from(i32::MAX);
                    o.year = i32::try_from(integer(c, "a year (an integer)", range)?).ok();
                }
            }
            "areaTotal" => o.area_total = c.string_or_null()?,
            "planId" => o.plan_id = c.string_or_null()?,
            "sheet" => o.sheet = c.string_or_null()?,
            "areaColumn" => o.area_column = count(c, "a 0-based column")?,
            "headerRows" => o.header_rows = count(c, "a number of rows")?,
            _ => o.total_row = count(c, "a 0-based row")?,
        }
        Ok(())
    })?;
    Ok(o)
}

/// Reads the whole of `text` with `read`; a refusal names its place under `what`.
fn whole<T>(
    text: &str,
    what: &str,
    read: impl FnOnce(&mut C) -> Result<T>,
) -> std::result::Result<T, ImportError> {
    let mut nothing = ();
    let mut c: C = Cursor::new(text, &mut nothing as &mut dyn Sink);
    let out = read(&mut c).and_then(|v| {
        c.end(what)?;
        Ok(v)
    });
    out.map_err(|e| {
        let place = match e.pointer() {
            Some(pointer) => format!("{what}{pointer}"),
            None => {
                let (line, column) = line_col(text, e.at);
                format!("{what}:{line}:{column}")
            }
        };
        ImportError::new(place, e.message.into_owned(), None)
    })
}

impl Grid {
    /// Reads grids from the JSON text of a `Grid[]` (docs/TABLES.md). A refusal's place
    /// is `grids` and the JSON pointer of the value (`grids/0/merges/1/rows`), or the
    /// line and column of a syntax error (`grids:1:17`).
    pub fn list_from_json(text: &str) -> std::result::Result<Vec<Grid>, ImportError> {
        whole(text, "grids", |c| {
            let mut out = Vec::new();
            c.array("an array of grids", &mut |c, _| {
                out.push(grid(c)?);
                Ok(())
            })?;
            Ok(out)
        })
    }
}

impl ImportOptions {
    /// Reads import options from JSON text: an object of the page's camelCase keys
    /// (`{"year": 2011, "areaColumn": 1}`, docs/TABLES.md), or `null`; a key left out or
    /// `null` is not set. A refusal's place is `options` and the JSON pointer.
    pub fn from_json(text: &str) -> std::result::Result<ImportOptions, ImportError> {
        whole(text, "options", options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused_grids(text: &str) -> String {
        match Grid::list_from_json(text) {
            Ok(g) => panic!("accepted {text}: {g:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn grids_are_read_with_every_key() {
        let grids = Grid::list_from_json(
            r#"[{"name": "t.xlsx", "sheet": "分解", "caption": null, "origin": [2, 1],
                 "rows": [["地区", "2011年"], [], ["福田区", "1\"2"]],
                 "merges": [{"row": 0, "col": 1, "rows": 1, "cols": 2}]},
                {"name": "p.html", "rows": []}]"#,
        )
        .unwrap();
        let mut first = Grid::new(
            "t.xlsx",
            vec![
                vec!["地区".into(), "2011年".into()],
                vec![],
                vec!["福田区".into(), "1\"2".into()],
            ],
        );
        first.sheet = Some("分解".into());
        first.origin = (2, 1);
        first.merges = vec![Merge {
            row: 0,
            col: 1,
            rows: 1,
            cols: 2,
        }];
        assert_eq!(grids, vec![first, Grid::new("p.html", vec![])]);
        assert_eq!(Grid::list_from_json(" [ ] ").unwrap(), vec![]);
    }

    #[test]
    fn grid_refusals_name_the_pointer() {
        for (text, words) in [
            (r#"{"name": "t"}"#, "grids: expected an array of grids, found an object"),
            (r#"[{"rows": []}]"#, "grids/0: missing key `name` in a grid"),
            (r#"[{"name": "t"}]"#, "grids/0: missing key `rows` in a grid"),
            (r#"[{"name": "t", "rows": null}]"#, "grids/0/rows: expected an array of rows"),
            (
                r#"[{"name": "t", "rows": [["a", 3]]}]"#,
                "grids/0/rows/0/1: expected a cell's text (a string), found 3",
            ),
            (r#"[{"name": "t", "rows": [["a", null]]}]"#, "grids/0/rows/0/1: expected a cell's text"),
            (r#"[{"name": "t", "rows": [], "cells": 1}]"#, "grids/0/cells: unknown key `cells`"),
            (r#"[{"name": "t", "rows": [], "rows": []}]"#, "grids/0/rows: duplicate key"),
            (r#"[{"name": "t", "rows": [], "origin": [1]}]"#, "grids/0/origin: expected two integers"),
            (r#"[{"name": "t", "rows": [], "origin": [1, 2, 3]}]"#, "grids/0/origin/2: expected two integers"),
            (r#"[{"name": "t", "rows": [], "origin": [-1, 0]}]"#, "grids/0/origin/0: expected a row (an integer from 0 to 4294967295), found -1"),
            (
                r#"[{"name": "t", "rows": [], "merges": [{"row": 0, "col": 0, "rows": 1.5, "cols": 1}]}]"#,
                "grids/0/merges/0/rows: expected a number of cells (an integer from 0 to 4294967295), found 1.5",
            ),
            (
                r#"[{"name": "t", "rows": [], "merges": [{"row": 0, "col": 0, "rows": 1}]}]"#,
                "grids/0/merges/0: missing key `cols` in a merge",
            ),
            ("[{\"name\": \"t\", \"rows\": []},]", "grids:1:28: trailing comma before `]`"),
            ("[] []", "grids:1:4: unexpected `[` after grids"),
            ("", "grids:1:1:"),
        ] {
            let msg = refused_grids(text);
            assert!(msg.starts_with(words), "{text}: {msg}");
        }
    }

    #[test]
    fn options_are_read_and_refused_with_the_pointer() {
        let o = ImportOptions::from_json(
            r#"{"indicator": "生物", "unit": "亿元", "year": 2011, "areaTotal": "全市",
                "planId": "p", "sheet": null, "areaColumn": 1, "headerRows": 2, "totalRow": 3}"#,
        )
        .unwrap();
        assert_eq!(
            o,
            ImportOptions {
                indicator: Some("生物".into()),
                unit: Some("亿元".into()),
                year: Some(2011),
                area_total: Some("全市".into()),
                plan_id: Some("p".into()),
                sheet: None,
                area_column: Some(1),
                header_rows: Some(2),
                total_row: Some(3),
            }
        );
        assert_eq!(
            ImportOptions::from_json("{}").unwrap(),
            ImportOptions::default()
        );
        assert_eq!(
            ImportOptions::from_json("null").unwrap(),
            ImportOptions::default()
        );
        for (text, words) in [
            (
                r#"{"year": "2011"}"#,
                "options/year: expected a year (an integer), found string \"2011\"",
            ),
            (r#"{"year": 2011.5}"#, "options/year: expected a year"),
            (
                r#"{"areaColumn": -1}"#,
                "options/areaColumn: expected a 0-based column",
            ),
            (r#"{"area_column": 1}"#, "options/area_column: unknown key"),
            (r#"{"unit": 1}"#, "options/unit: expected a string, found 1"),
            (
                r#"[]"#,
                "options: expected an object of import options, found an array",
            ),
            (r#"{"year": 2011"#, "options:1:14: the file is cut off"),
        ] {
            match ImportOptions::from_json(text) {
                Ok(o) => panic!("accepted {text}: {o:?}"),
                Err(e) => assert!(e.to_string().starts_with(words), "{text}: {e}"),
            }
        }
    }
}
