//! Table import tests. Every folder in tests/fixtures/import (but `errors`) holds one
//! or more inputs (`*.tsv`, `*.csv`, `*.txt`, imported together in name order, each
//! grid named after its file), optionally `options` (`key = value` lines: indicator,
//! unit, year, area_total, plan_id, area_column, header_rows, total_row) and
//! `expected.json`, the plan; every plan must load. Every input in
//! tests/fixtures/import/errors has a `.err` file with the exact message.
//! `UPDATE_EXPECT=1 cargo test --test import` rewrites expectations on purpose.

use crate::expect::{expect_file, root};
use planlens::check::{self, CheckKind, Options, Status};
use planlens::num::Dec;
use planlens::{Model, SourceFile};
use planlens_table::{grid_from_text, import, Grid, ImportOptions, Merge};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// Inputs the library reads as text (`grid_from_text`).
const INPUTS: [&str; 3] = ["tsv", "csv", "txt"];
/// Inputs only the CLI's readers read (calamine, scraper); their cases run through the binary.
const FILE_INPUTS: [&str; 4] = ["xlsx", "xls", "ods", "html"];

fn dir() -> PathBuf {
    root().join("tests/fixtures/import")
}

fn inputs(dir: &Path) -> Vec<PathBuf> {
    inputs_of(dir, &INPUTS)
}

fn inputs_of(dir: &Path, kinds: &[&str]) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| kinds.iter().any(|x| e == *x)))
        .collect();
    v.sort();
    v
}

/// The options of a case as `planlens import` flags (positions 1-based, as a sheet shows them).
fn flags(path: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (k, v) = line.split_once('=').unwrap();
        let (k, v) = (k.trim(), v.trim());
        let v = match k {
            "area_column" | "total_row" => (v.parse::<usize>().unwrap() + 1).to_string(),
            _ => v.to_string(),
        };
        out.push(format!("--{}", k.replace('_', "-")));
        out.push(v);
    }
    out
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

/// The options of a case: `key = value` lines.
fn options(path: &Path) -> ImportOptions {
    let mut o = ImportOptions::default();
    let Ok(text) = std::fs::read_to_string(path) else {
        return o;
    };
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (k, v) = line.split_once('=').unwrap();
        let v = v.trim().to_string();
        match k.trim() {
            "indicator" => o.indicator = Some(v),
            "unit" => o.unit = Some(v),
            "year" => o.year = Some(v.parse().unwrap()),
            "area_total" => o.area_total = Some(v),
            "plan_id" => o.plan_id = Some(v),
            "sheet" => o.sheet = Some(v),
            "area_column" => o.area_column = Some(v.parse().unwrap()),
            "header_rows" => o.header_rows = Some(v.parse().unwrap()),
            "total_row" => o.total_row = Some(v.parse().unwrap()),
            other => panic!("unknown option {other} in {}", path.display()),
        }
    }
    o
}

/// The grids of some input files, or the message when one holds no table.
fn grids(files: &[PathBuf]) -> Result<Vec<Grid>, String> {
    files
        .iter()
        .map(|p| {
            let name = file_name(p);
            let text = std::fs::read_to_string(p).unwrap();
            grid_from_text(&name, &text).ok_or_else(|| format!("{name}: no table in the text"))
        })
        .collect()
}

fn load(plan: &str) -> Model {
    Model::load(&[SourceFile {
        name: "imported.json".into(),
        text: plan.to_string(),
    }])
    .unwrap_or_else(|e| panic!("the imported plan does not load: {e}\n{plan}"))
}

/// Runs one case: its inputs against its expected plan, which must load.
fn check(case: &Path) {
    let files = inputs(case);
    assert!(!files.is_empty(), "{} has no input", case.display());
    let grids = grids(&files).unwrap_or_else(|e| panic!("{e}"));
    let imported = import(&grids, &options(&case.join("options")))
        .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
    assert_eq!(imported.tables.len(), grids.len());
    load(&imported.plan_json);
    expect_file(&case.join("expected.json"), &imported.plan_json);
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.ends_with("errors"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "the fixtures are missing");
    cases
}

#[test]
fn import_fixtures() {
    for case in cases().iter().filter(|c| !inputs(c).is_empty()) {
        check(case);
    }
}

/// Every case through the real binary, run in the case's folder so that sources name
/// the files as the page names them: the same plan as the library gives, and for
/// workbooks and web pages, which only the CLI's readers read, the plan they expect.
#[test]
fn import_fixtures_through_the_binary() {
    let mut readers = 0;
    for case in cases() {
        let mut files = inputs(&case);
        let only_cli = inputs_of(&case, &FILE_INPUTS);
        readers += only_cli.len();
        files.extend(only_cli);
        let out = assert_cmd::Command::cargo_bin("planlens")
            .unwrap()
            .current_dir(&case)
            .arg("import")
            .args(files.iter().map(|f| file_name(f)))
            .args(flags(&case.join("options")))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{}: {stderr}", case.display());
        let expected = std::fs::read_to_string(case.join("expected.json")).unwrap();
        let plan = String::from_utf8(out.stdout).unwrap();
        assert_eq!(plan.trim_end(), expected.trim_end(), "{}", case.display());
        assert!(
            stderr.contains("table; areas in column"),
            "{}: {stderr}",
            case.display()
        );
    }
    assert!(readers >= 2, "the workbook and HTML cases are missing");
}

#[test]
fn error_fixtures() {
    let cases = inputs(&dir().join("errors"));
    assert!(cases.len() >= 8, "the error fixtures are missing");
    for case in cases {
        let message = grids(std::slice::from_ref(&case))
            .and_then(|g| match import(&g, &ImportOptions::default()) {
                Ok(i) => Err(format!("imported:\n{}", i.plan_json)),
                Err(e) => Ok(e.to_string()),
            })
            .unwrap_or_else(|e| e);
        expect_file(&case.with_extension("err"), &format!("{message}\n"));
    }
}

/// Runs the checks on a plan; the area_sum findings.
fn area_sums(plan: &str) -> Vec<check::Finding> {
    let model = load(plan);
    let report = check::run(&model, &Options::default()).unwrap();
    report
        .findings
        .into_iter()
        .filter(|f| f.check == CheckKind::AreaSum)
        .collect()
}

#[test]
fn seed_001_adds_up() {
    let case = dir().join("seed001-text");
    let grids = grids(&inputs(&case)).unwrap();
    let imported = import(&grids, &ImportOptions::default()).unwrap();
    let roles = imported.tables.first().unwrap();
    assert_eq!(roles.columns.len(), 6);
    assert_eq!(roles.unit.as_deref(), Some("亿元"));
    let sums = area_sums(&imported.plan_json);
    assert_eq!(sums.len(), 6);
    assert!(sums
        .iter()
        .all(|f| f.status == Status::Ok && f.difference == Some(Dec::ZERO)));
    // 28 + 5 + 360 + 19 + 226 + 20 + 14 + 28 = 700
    assert!(sums
        .iter()
        .any(|f| f.expected.lo == Some(Dec::from(700)) && f.year == 2011));
}

/// A wide table: a header row of indicators, a total row and districts.
fn wide_tsv(values: &[Vec<i64>], scale: u32, total_at_bottom: bool) -> String {
    let width = values.first().map_or(0, Vec::len);
    let mut header = vec!["地区".to_string()];
    header.extend((0..width).map(|c| format!("指标{c}")));
    let total: Vec<i64> = (0..width)
        .map(|c| values.iter().map(|r| r[c]).sum())
        .collect();
    let fmt = |v: i64| Dec::new(v, scale).to_string();
    let row = |name: &str, r: &[i64]| {
        std::iter::once(name.to_string())
            .chain(r.iter().map(|&v| fmt(v)))
            .collect::<Vec<_>>()
            .join("\t")
    };
    let mut lines = vec!["单位：万元".to_string(), header.join("\t")];
    if !total_at_bottom {
        lines.push(row("全  市", &total));
    }
    for (i, r) in values.iter().enumerate() {
        lines.push(row(&format!("区{i}"), r));
    }
    if total_at_bottom {
        lines.push(row("合计", &total));
    }
    lines.join("\n")
}

fn import_text(text: &str, opts: &ImportOptions) -> String {
    let grid = grid_from_text("t.tsv", text).unwrap();
    import(&[grid], opts).unwrap().plan_json
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn exact_totals_check_ok(values in prop::collection::vec(prop::collection::vec(-100_000i64..100_000, 1..5), 1..12)
        .prop_filter("rectangular", |v| v.iter().all(|r| r.len() == v[0].len())),
        scale in 0u32..3, bottom in any::<bool>()) {
        let plan = import_text(&wide_tsv(&values, scale, bottom), &ImportOptions { year: Some(2015), ..ImportOptions::default() });
        let sums = area_sums(&plan);
        prop_assert_eq!(sums.len(), values[0].len());
        prop_assert!(sums.iter().all(|f| f.status == Status::Ok && f.difference == Some(Dec::ZERO)));
    }

    #[test]
    fn a_changed_district_fails_by_exactly_the_change(values in prop::collection::vec(prop::collection::vec(-100_000i64..100_000, 1..5), 1..12)
        .prop_filter("rectangular", |v| v.iter().all(|r| r.len() == v[0].len())),
        scale in 0u32..3, d in prop_oneof![-5000i64..-1, 1i64..5000], pick in any::<prop::sample::Index>(), col in any::<prop::sample::Index>()) {
        let text = wide_tsv(&values, scale, false);
        let (r, c) = (pick.index(values.len()), col.index(values[0].len()));
        let mut changed = values.clone();
        changed[r][c] += d;
        // The total row keeps the old sums: rebuild the text with the old total.
        let old_total = text.lines().nth(2).unwrap().to_string();
        let mut lines: Vec<String> = wide_tsv(&changed, scale, false).lines().map(String::from).collect();
        lines[2] = old_total;
        let plan = import_text(&lines.join("\n"), &ImportOptions { year: Some(2015), ..ImportOptions::default() });
        let sums = area_sums(&plan);
        let failing: Vec<_> = sums.iter().filter(|f| f.status != Status::Ok).collect();
        prop_assert_eq!(failing.len(), 1);
        prop_assert_eq!(failing[0].status, Status::Fail);
        prop_assert_eq!(failing[0].difference, Some(Dec::new(d, scale)));
    }
}

/// 100,000 rows import, every row kept, in both layouts. How long it takes is the
/// benchmark's business (`cargo bench -p planlens-cli --bench tables`), not a test's.
#[test]
fn a_hundred_thousand_rows_import_every_row() {
    let n = 100_000;
    let mut text = String::from("地区\t2011年\t2012年\n");
    for i in 0..n {
        text.push_str(&format!("区{i}\t{i}\t1,{:03}\n", i % 1000));
    }
    let grid = grid_from_text("big.tsv", &text).unwrap();
    let opts = ImportOptions {
        indicator: Some("x".into()),
        unit: Some("个".into()),
        ..ImportOptions::default()
    };
    let imported = import(&[grid], &opts).unwrap();
    assert_eq!(imported.tables.first().unwrap().data_rows.len(), n);
    // One cell per line, the same rows.
    let mut text = String::from("地区\n生物\n互联网\n");
    for i in 0..n {
        text.push_str(&format!("区{i}\n{i}\n—\n"));
    }
    let grid = grid_from_text("big.txt", &text).unwrap();
    assert_eq!(grid.rows.len(), n + 1);
    let opts = ImportOptions {
        year: Some(2011),
        ..opts
    };
    let imported = import(&[grid], &opts).unwrap();
    assert_eq!(imported.tables.first().unwrap().data_rows.len(), n);
}

/// Merges in odd places give a plan or an error, never a panic.
#[test]
fn odd_merges_never_panic() {
    let base = grid_from_text(
        "m.tsv",
        "地区\t生物\t互联网\n全市\t3\t4\n福田区\t1\t2\n南山区\t2\t2\n",
    )
    .unwrap();
    let opts = ImportOptions {
        year: Some(2011),
        unit: Some("亿元".into()),
        ..ImportOptions::default()
    };
    let big = u32::MAX;
    let cases: Vec<Vec<Merge>> = vec![
        vec![Merge {
            row: 0,
            col: 0,
            rows: big,
            cols: big,
        }],
        vec![
            Merge {
                row: 0,
                col: 1,
                rows: 2,
                cols: 2,
            },
            Merge {
                row: 1,
                col: 2,
                rows: 2,
                cols: 2,
            },
        ],
        vec![
            Merge {
                row: 1,
                col: 1,
                rows: 1,
                cols: 1,
            },
            Merge {
                row: 1,
                col: 1,
                rows: 1,
                cols: 1,
            },
        ],
        vec![Merge {
            row: 9,
            col: 9,
            rows: 9,
            cols: 9,
        }],
        vec![Merge {
            row: 0,
            col: 0,
            rows: 0,
            cols: 0,
        }],
        vec![Merge {
            row: 2,
            col: 0,
            rows: 2,
            cols: 1,
        }],
        vec![Merge {
            row: 1,
            col: 1,
            rows: big,
            cols: 1,
        }],
        vec![Merge {
            row: 0,
            col: 2,
            rows: 1,
            cols: big,
        }],
        (0..1000)
            .map(|i| Merge {
                row: i % 4,
                col: i % 3,
                rows: big - i,
                cols: 3,
            })
            .collect(),
    ];
    for merges in cases {
        let mut g = base.clone();
        g.merges = merges;
        match import(&[g], &opts) {
            Ok(i) => {
                load(&i.plan_json);
            }
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
    // Merges far wider than the grid cost what the grid has, not what they say.
    let mut g = base.clone();
    g.rows.push(vec![String::new(); 1]);
    g.merges = vec![Merge {
        row: 0,
        col: 0,
        rows: big,
        cols: 1_000_000,
    }];
    // (A pass over what the merges say would not end: the suite would stop here.)
    match import(&[g], &opts) {
        Ok(i) => {
            load(&i.plan_json);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// The roles of the seed as TSV, for the page.
#[test]
fn roles_of_a_two_row_header() {
    let case = dir().join("seed001-tsv");
    let grids = grids(&inputs(&case)).unwrap();
    let imported = import(&grids, &ImportOptions::default()).unwrap();
    let roles = imported.tables.first().unwrap();
    assert_eq!(roles.area_column, 0);
    assert_eq!(roles.shape, planlens_table::Shape::Wide);
    let first = roles.columns.first().unwrap();
    assert_eq!(
        (first.col, first.year, first.indicator.as_deref()),
        (1, Some(2011), Some("生物"))
    );
    assert_eq!(roles.data_rows.len(), 9);
    assert_eq!(roles.total_row, roles.data_rows.first().copied());
}

/// A grid as the page's readers give it (the contract's example): a sheet, a caption
/// with the unit, merged years, an origin.
#[test]
fn a_workbook_grid_with_merges() {
    let rows: Vec<Vec<String>> = [
        &["", "2011年", "", ""][..],
        &["", "生物", "互联网", "新能源"],
        &["全  市", "700", "540", "750"],
        &["福田区", "300", "240", "350"],
        &["南山区", "400", "300", "400"],
    ]
    .iter()
    .map(|r| r.iter().map(|s| s.to_string()).collect())
    .collect();
    let grid = Grid {
        name: "x.xlsx".into(),
        sheet: Some("Sheet1".into()),
        caption: Some("各区产业发展目标（单位：亿元）".into()),
        origin: (1, 0),
        rows,
        merges: vec![Merge {
            row: 0,
            col: 1,
            rows: 1,
            cols: 3,
        }],
    };
    let other = Grid {
        sheet: Some("Sheet2".into()),
        ..grid.clone()
    };
    let opts = ImportOptions {
        sheet: Some("Sheet1".into()),
        ..ImportOptions::default()
    };
    let imported = import(&[grid, other], &opts).unwrap();
    assert_eq!(imported.tables.len(), 1);
    let plan = &imported.plan_json;
    assert!(plan.contains(r#""plan": {"id": "x", "title": "各区产业发展目标（单位：亿元）", "source": "imported from x.xlsx[Sheet1]"}"#), "{plan}");
    assert!(plan.contains(r#"{"indicator": "新能源", "area": "全市", "year": 2011, "value": 750, "source": "x.xlsx[Sheet1]!D4: 全市 2011年 新能源"}"#), "{plan}");
    assert!(area_sums(plan).iter().all(|f| f.status == Status::Ok));
    let e = import(&[], &opts).unwrap_err();
    assert_eq!(e.to_string(), "import: no table was given");
}

/// Ragged and very wide inputs cost what their cells cost, not rows × widest row.
/// Ragged and wide inputs give a plan or a message (a pass quadratic in their width would
/// not end: the suite stops here; `cargo bench -p planlens-cli --bench tables` times the
/// 100,000-row import).
#[test]
fn ragged_and_wide_inputs_import_or_say_why() {
    let n = 100_000;
    let mut rows: Vec<Vec<String>> = vec![std::iter::once("地区".to_string())
        .chain((0..n).map(|i| format!("合计{i}")))
        .collect()];
    rows.extend((0..n).map(|i| vec![format!("区{i}"), "1".to_string()]));
    let grid = Grid::new("ragged", rows);
    let opts = ImportOptions {
        year: Some(2011),
        unit: Some("个".into()),
        indicator: Some("x".into()),
        ..ImportOptions::default()
    };
    match import(&[grid], &opts) {
        Ok(i) => {
            load(&i.plan_json);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
    // One cell per line: a header block as long as the rows are wide.
    let w = 30_000;
    let mut text = "生物\n".repeat(w + 7);
    for r in ["全市", "福田区"] {
        text.push_str(r);
        text.push('\n');
        text.push_str(&"1\n".repeat(w));
    }
    let grid = grid_from_text("wide.txt", &text).unwrap();
    assert_eq!(grid.rows.last().map(Vec::len), Some(w + 1));
}

/// Cells a table may hold, good and bad: headers, area names, figures.
const HEADERS: &[&str] = &[
    "",
    "2011年",
    "2012",
    "2011—2013年",
    "生物",
    "互联网（亿元）",
    "合计",
    "单位：亿元",
    "单位：箩筐",
    "亿元",
    "%",
    "目标值",
    "序号",
    "年份",
    "指标",
    "说明：按注册地统计",
    "2011年生物",
];
const AREAS: &[&str] = &[
    "全  市",
    "合计",
    "福田区",
    "南山区",
    "罗湖区",
    "盐田区",
    "宝安区",
    "龙岗区",
    "光明新区",
    "坪山新区",
    "其中：蛇口",
    "　　前海",
    "",
    "地区",
    "2011",
];
const FIGURES: &[&str] = &[
    "28",
    "1,234",
    "１２",
    "10-12",
    "≥5",
    "100以上",
    "约3",
    "—",
    "/",
    "",
    "12%",
    "5万元",
    "-3",
    "0",
    "待定",
    "99999999999999999999999999999",
    "2011",
];

fn pick(words: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(words).prop_map(str::to_string)
}

/// A table-like grid: an optional title, one or two header rows, rows of an area name
/// and figures; any cell may be odd.
fn table_rows() -> impl Strategy<Value = Vec<Vec<String>>> {
    (1usize..5, 1usize..3, 1usize..8).prop_flat_map(|(width, headers, data)| {
        let header = prop::collection::vec(pick(HEADERS), width + 1);
        let row =
            (pick(AREAS), prop::collection::vec(pick(FIGURES), width)).prop_map(|(a, mut f)| {
                f.insert(0, a);
                f
            });
        (
            prop::option::of(pick(HEADERS).prop_map(|t| vec![t])),
            prop::collection::vec(header, headers),
            prop::collection::vec(row, data),
        )
            .prop_map(|(title, headers, data)| {
                title.into_iter().chain(headers).chain(data).collect()
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any text gives a grid or none, and any grid a plan that loads or an error.
    #[test]
    fn any_text_reads_or_refuses(text in "[\\PC\t\n,\"　—0-9０-９年地区全市合计其中：单位亿元%.~-]{0,300}") {
        if let Some(g) = grid_from_text("p.txt", &text) {
            if let Ok(i) = import(&[g], &ImportOptions::default()) {
                load(&i.plan_json);
            }
        }
    }

    /// Any table-like grid, with any merges, gives a plan that loads or an error; as
    /// TSV text it gives the same.
    #[test]
    fn any_grid_imports_or_refuses(
        rows in table_rows(),
        merges in prop::collection::vec((0u32..8, 0u32..7, 0u32..4, 0u32..4), 0..3),
        year in prop::option::weighted(0.8, Just(2015)),
        unit in prop::option::weighted(0.8, Just("亿元".to_string())),
        indicator in prop::option::weighted(0.8, Just("x".to_string())),
    ) {
        let tsv: String = rows.iter().map(|r| r.join("\t")).collect::<Vec<_>>().join("\n");
        let mut grid = Grid::new("g.tsv", rows);
        let opts = ImportOptions { year, unit, indicator, ..ImportOptions::default() };
        let plain = import(std::slice::from_ref(&grid), &opts);
        if let Some(g) = grid_from_text("g.tsv", &tsv) {
            if g.rows == grid.rows {
                prop_assert_eq!(import(&[g], &opts).map(|i| i.plan_json), plain.clone().map(|i| i.plan_json));
            }
        }
        grid.merges = merges.into_iter().map(|(row, col, rows, cols)| Merge { row, col, rows, cols }).collect();
        let result = import(&[grid], &opts);
        for r in [plain, result].into_iter().flatten() {
            load(&r.plan_json);
        }
    }
}

/// 其中 groups (marked, bare and indented) nest under the row above them and add up.
#[test]
fn nested_groups_add_up() {
    let case = dir().join("nested");
    let grids = grids(&inputs(&case)).unwrap();
    let imported = import(&grids, &options(&case.join("options"))).unwrap();
    let sums = area_sums(&imported.plan_json);
    assert_eq!(sums.len(), 3);
    assert!(sums.iter().all(|f| f.status == Status::Ok));
}

/// Rewrites the sizes an entry declares, in its local header and in the directory.
fn declare_size(zip: &mut [u8], entry: &str, size: u32) {
    let name = entry.as_bytes();
    for i in 0..zip.len().saturating_sub(46) {
        let sig = &zip[i..i + 4];
        if sig == b"PK\x03\x04" {
            let n = u16::from_le_bytes([zip[i + 26], zip[i + 27]]) as usize;
            if zip.get(i + 30..i + 30 + n) == Some(name) {
                zip[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
            }
        } else if sig == b"PK\x01\x02" {
            let n = u16::from_le_bytes([zip[i + 28], zip[i + 29]]) as usize;
            if zip.get(i + 46..i + 46 + n) == Some(name) {
                zip[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
            }
        }
    }
}

/// A copy of the seed workbook whose sheet is `sheet`.
fn workbook_with_sheet(sheet: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let seed = std::fs::read(dir().join("xlsx-seed001/districts.xlsx")).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(seed)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.start_file(name.as_str(), opts).unwrap();
        out.write_all(if name == "xl/worksheets/sheet1.xml" {
            sheet
        } else {
            &data
        })
        .unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn import_bytes(name: &str, bytes: &[u8]) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let out = assert_cmd::Command::cargo_bin("planlens")
        .unwrap()
        .current_dir(dir.path())
        .args(["import", name])
        .output()
        .unwrap();
    let code = out.status.code();
    assert!(matches!(code, Some(0) | Some(2)), "{name}: exit {code:?}");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Hostile workbooks through the binary: each refused with a message naming the file,
/// none unpacked past its limit.
#[test]
fn hostile_workbooks_are_refused_with_a_message() {
    let sheet = |inner: &str| {
        format!("<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{inner}</sheetData></worksheet>")
    };
    // A zip bomb that declares what it unpacks to: refused before unpacking.
    let mut bomb = workbook_with_sheet(sheet("").as_bytes());
    declare_size(&mut bomb, "xl/worksheets/sheet1.xml", 1 << 31);
    let (ok, msg) = import_bytes("bomb.xlsx", &bomb);
    assert!(
        !ok && msg.contains("bomb.xlsx: the workbook unpacks to 2048 MB"),
        "{msg}"
    );
    // One that lies about it: the unpacking stops at the declared size.
    let padding = " ".repeat(200_000);
    let mut liar = workbook_with_sheet(
        sheet(&format!(
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>{padding}</t></is></c></row>"
        ))
        .as_bytes(),
    );
    declare_size(&mut liar, "xl/worksheets/sheet1.xml", 1000);
    let (ok, msg) = import_bytes("liar.xlsx", &liar);
    assert!(
        !ok && msg.contains("liar.xlsx[分解目标]: the sheet cannot be read"),
        "{msg}"
    );
    // Cut in half, a PNG named .xlsx, a sheet of words and no numbers.
    let seed = std::fs::read(dir().join("xlsx-seed001/districts.xlsx")).unwrap();
    let (ok, msg) = import_bytes("cut.xlsx", &seed[..seed.len() / 2]);
    assert!(
        !ok && msg.contains("cut.xlsx: not a readable workbook"),
        "{msg}"
    );
    let (ok, msg) = import_bytes("picture.xlsx", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    assert!(
        !ok && msg.contains("picture.xlsx: a PNG image, not a table"),
        "{msg}"
    );
    let words = workbook_with_sheet(sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>地区</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>说明</t></is></c></row>").as_bytes());
    let (ok, msg) = import_bytes("words.xlsx", &words);
    assert!(
        !ok && msg.contains("words.xlsx[分解目标]: no numbers in the table"),
        "{msg}"
    );
    // An error cell (#DIV/0!) where a figure stands is reported by its address.
    let rows: String = std::iter::once("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>地区</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>2011年生物（亿元）</t></is></c></row>".to_string())
        .chain(["全市", "福田区", "罗湖区"].iter().enumerate().map(|(i, a)| {
            let v = if i == 2 { "<c r=\"B4\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>".to_string() } else { format!("<c r=\"B{}\"><v>{}</v></c>", i + 2, 10 - i) };
            format!("<row r=\"{}\"><c r=\"A{}\" t=\"inlineStr\"><is><t>{a}</t></is></c>{v}</row>", i + 2, i + 2)
        }))
        .collect();
    let (ok, msg) = import_bytes("div0.xlsx", &workbook_with_sheet(sheet(&rows).as_bytes()));
    assert!(!ok && msg.contains("div0.xlsx[分解目标]!B4"), "{msg}");
}

/// A sheet of 100,000 rows reads and imports (linear; BENCHMARKS.md has the time).
#[test]
fn a_hundred_thousand_row_workbook_imports() {
    let mut rows = String::from("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>地区</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>2011年（亿元）</t></is></c></row>");
    for r in 2..100_002 {
        rows.push_str(&format!("<row r=\"{r}\"><c r=\"A{r}\" t=\"inlineStr\"><is><t>区{r}</t></is></c><c r=\"B{r}\"><v>{}</v></c></row>", r % 97));
    }
    let sheet = format!("<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{rows}</sheetData></worksheet>");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("big.xlsx"),
        workbook_with_sheet(sheet.as_bytes()),
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("planlens")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "import",
            "big.xlsx",
            "--indicator",
            "产值",
            "-o",
            "big.json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan = std::fs::read_to_string(dir.path().join("big.json")).unwrap();
    assert_eq!(plan.matches("\"indicator\": \"产值\"").count(), 100_000);
}

/// Seed 001's table as its web page pasted it, through `planlens extract`: read as a
/// table, by the code of `planlens import`, into the same plan; a text that also holds
/// prose is drafted as prose, with a pointer to import.
#[test]
fn extract_reads_a_pasted_table_as_import_does() {
    let case = dir().join("seed001-text");
    let out = assert_cmd::Command::cargo_bin("planlens")
        .unwrap()
        .current_dir(&case)
        .args(["extract", "seed001.txt"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let expected = std::fs::read_to_string(case.join("expected.json")).unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim_end(),
        expected.trim_end()
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("seed001.txt holds a table; read it as one"),
        "{stderr}"
    );
    let dir = tempfile::tempdir().unwrap();
    let mixed = format!(
        "到2012年，全市生物产业规模达到900亿元。\n{}",
        std::fs::read_to_string(case.join("seed001.txt")).unwrap()
    );
    std::fs::write(dir.path().join("mixed.txt"), mixed).unwrap();
    let out = assert_cmd::Command::cargo_bin("planlens")
        .unwrap()
        .current_dir(dir.path())
        .args(["extract", "mixed.txt"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("mixed.txt also holds a table: planlens import mixed.txt reads it"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("生物产业规模"));
}

/// A CSV saved by Excel in a Chinese office is GBK: read as GBK, said so, the same plan
/// as the UTF-8 file gives.
#[test]
fn a_gbk_table_reads_as_its_utf8_twin() {
    let dir = tempfile::tempdir().unwrap();
    let text = "地区,2011年生物（亿元）\n全市,10\n福田区,4\n罗湖区,6\n";
    let gbk: Vec<u8> = {
        let (bytes, _, bad) = encoding_rs::GBK.encode(text);
        assert!(!bad);
        bytes.into_owned()
    };
    std::fs::write(dir.path().join("t.csv"), &gbk).unwrap();
    let run = |args: &[&str]| {
        assert_cmd::Command::cargo_bin("planlens")
            .unwrap()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    let from_gbk = run(&["import", "t.csv"]);
    assert!(from_gbk.status.success());
    assert!(
        String::from_utf8_lossy(&from_gbk.stderr).contains("t.csv is not UTF-8; read it as GBK")
    );
    std::fs::write(dir.path().join("t.csv"), text).unwrap();
    let from_utf8 = run(&["import", "t.csv"]);
    assert_eq!(from_gbk.stdout, from_utf8.stdout);
}
