//! The wasm binding in a real browser (headless Chromium): `make test-wasm`.
#![cfg(target_arch = "wasm32")]

use planlens_wasm::Session;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn message(e: impl Into<JsValue>) -> String {
    let v: JsValue = e.into();
    js_sys::Error::from(v).message().into()
}

/// A property of a thrown error, as a string (`""` when absent).
fn prop(e: &JsValue, path: &[&str]) -> String {
    let mut v = e.clone();
    for k in path {
        v = js_sys::Reflect::get(&v, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    }
    v.as_string()
        .or_else(|| v.as_f64().map(|n| n.to_string()))
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn default_plan_checks_ok() {
    let mut s = Session::new();
    s.add(&Session::default_plan_name(), &Session::default_plan())
        .unwrap();
    let report = s.check(None).unwrap();
    assert!(
        report
            .starts_with(r#"{"summary":{"ok":18,"fail":0,"uncertain":0,"incomplete":0,"info":0}"#),
        "{report}"
    );
}

#[wasm_bindgen_test]
fn brief_report_and_one_finding_in_full() {
    let mut s = Session::new();
    let e = s.finding(0).err().map(message).unwrap_or_default();
    assert!(e.contains("no report yet"), "{e}");
    s.add("a.json", &Session::default_plan()).unwrap();
    let e = s.findings_brief(0).err().map(message).unwrap_or_default();
    assert!(e.contains("no report yet"), "{e}");
    let brief = s.check_brief(None, None).unwrap();
    assert!(brief.contains(r#""parts_count":8"#), "{brief}");
    // In two parts: the first 5 findings with the counts of all 18, then the other 13.
    let first = s.check_brief(None, Some(5)).unwrap();
    let rest = s.findings_brief(5).unwrap();
    assert!(first.starts_with(r#"{"summary":{"ok":18,"#), "{first}");
    assert!(rest.starts_with("[{") && rest.ends_with("}]"), "{rest}");
    let cut = first.len() - 2;
    assert_eq!(
        format!("{},{}]}}", &first[..cut], &rest[1..rest.len() - 1]),
        brief,
        "the two parts are the report"
    );
    assert_eq!(s.findings_brief(18).unwrap(), "[]");
    assert!(!brief.contains(r#""parts":"#), "{brief}");
    let full = s.check(None).unwrap();
    let one = s.finding(0).unwrap();
    assert!(one.contains(r#""parts":[{"id":"#), "{one}");
    assert!(
        full.contains(&one),
        "the full report holds finding 0 as written"
    );
    let e = s.finding(18).err().map(message).unwrap_or_default();
    assert!(e.contains("no finding 18 (the report has 18)"), "{e}");
    // A change of plans drops the report the indices refer to.
    s.clear();
    assert!(s.finding(0).is_err());
}

#[wasm_bindgen_test]
fn errors_are_js_errors_that_name_the_place_and_keep_state() {
    let mut s = Session::new();
    s.add("a.json", &Session::default_plan()).unwrap();
    let e = s
        .add("broken.json", "{\n \"format\": \"planlens/1\",\n oops\n}")
        .err()
        .map(message)
        .unwrap_or_default();
    assert!(e.starts_with("broken.json:3:2: "), "{e}");
    assert!(s.check(None).unwrap().contains(r#""ok":18"#));
    let e = s
        .add_bytes("gbk.json", vec![0xC9, 0xEE, 0xDB, 0xDA])
        .err()
        .map(message)
        .unwrap_or_default();
    assert!(e.contains("not UTF-8") && e.contains("GBK"), "{e}");
    // The page words refusals itself: code, parameters and place come with the message.
    let e = s
        .add_bytes("gbk.json", vec![0xC9, 0xEE, 0xDB, 0xDA])
        .unwrap_err();
    assert_eq!(prop(&e, &["code"]), "not_utf8");
    assert_eq!(prop(&e, &["params", "looks"]), "gbk");
    assert_eq!(prop(&e, &["file"]), "gbk.json");
    let e = s
        .add("p.json", r#"{"format": "planlens/1", "plan": {"id": 5}}"#)
        .unwrap_err();
    assert_eq!(prop(&e, &["code"]), "expected");
    assert_eq!(prop(&e, &["params", "expected"]), "a string");
    assert_eq!(prop(&e, &["pointer"]), "/plan/id");
    assert_eq!(prop(&e, &["line"]), "1");
}

#[wasm_bindgen_test]
fn replacing_or_removing_a_file_that_breaks_the_set_keeps_the_set() {
    let mut s = Session::new();
    s.add("a.json", &Session::default_plan()).unwrap();
    // Same name, broken text: refused, and the old text stays.
    assert!(s.add("a.json", "{").is_err());
    assert!(s.check(None).unwrap().contains(r#""ok":18"#));
    // A plan that needs a.json's areas: removing a.json is refused and a.json stays.
    let child = r#"{"format": "planlens/1", "plan": {"id": "child"},
        "targets": [{"indicator": "bio_output", "area": "futian", "year": 2011, "value": 1}]}"#;
    s.add("child.json", child).unwrap();
    assert!(s.remove("a.json").is_err());
    let files: Vec<String> = serde_wasm_bindgen::from_value(s.plans().unwrap())
        .map(|v: Vec<serde_json::Value>| {
            v.iter()
                .map(|p| p["file"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap();
    assert_eq!(files, ["a.json", "child.json"]);
    s.remove("child.json").unwrap();
    s.remove("a.json").unwrap();
    assert!(s.check(None).unwrap().contains(r#""ok":0"#));
}

/// Tables through the binding: text to a grid, grids (as the page's readers give them)
/// to the same plan the CLI writes, and what a table does not say as an `Error`.
#[wasm_bindgen_test]
fn tables_import_into_the_plan_the_cli_writes() {
    let text = include_str!("../../../tests/fixtures/import/seed001-text/seed001.txt");
    let expected = include_str!("../../../tests/fixtures/import/seed001-text/expected.json");
    let grid = Session::grid_from_text("seed001.txt", text).unwrap();
    assert!(!grid.is_null());
    let grids = js_sys::Array::of1(&grid);
    let imported = Session::import_tables(grids.into(), JsValue::UNDEFINED).unwrap();
    let plan = js_sys::Reflect::get(&imported, &"plan".into()).unwrap();
    assert_eq!(plan.as_string().unwrap().trim_end(), expected.trim_end());
    let tables = js_sys::Reflect::get(&imported, &"tables".into()).unwrap();
    let first = js_sys::Reflect::get(&tables, &0.into()).unwrap();
    let area = js_sys::Reflect::get(&first, &"areaColumn".into()).unwrap();
    assert_eq!(area.as_f64(), Some(0.0));
    let mut s = Session::new();
    s.add("seed001.txt.json", &plan.as_string().unwrap())
        .unwrap();
    let report = s.check(None).unwrap();
    assert!(
        report.starts_with(r#"{"summary":{"ok":6,"fail":0,"uncertain":0,"incomplete":0,"info":0}"#),
        "{report}"
    );
    // Prose is no table; a grid without a year asks for one, naming the cell.
    assert!(Session::grid_from_text("p.txt", "今年全市经济运行平稳。")
        .unwrap()
        .is_null());
    let no_year: JsValue = js_sys::JSON::parse(
        r#"[{"name":"t.tsv","rows":[["地区","生物（亿元）"],["全市","3"],["福田区","3"]]}]"#,
    )
    .unwrap();
    let e = Session::import_tables(no_year.clone(), JsValue::UNDEFINED)
        .err()
        .map(message)
        .unwrap_or_default();
    assert_eq!(
        e,
        "t.tsv!B1: no year: neither the headers nor a year column name one (use --year …)"
    );
    let with_year: JsValue = js_sys::JSON::parse(r#"{"year": 2011}"#).unwrap();
    assert!(Session::import_tables(no_year, with_year).is_ok());
    // The page passes both as JSON text; a refused value is named by its pointer.
    let grids =
        r#"[{"name":"t.tsv","rows":[["地区","生物（亿元）"],["全市","3"],["福田区","3"]]}]"#;
    assert!(Session::import_tables(grids.into(), r#"{"year": 2011}"#.into()).is_ok());
    for (grids, options, refusal) in [
        (
            r#"[{"name":"t.tsv","rows":[["地区", 3]]}]"#,
            "{}",
            "grids/0/rows/0/1: expected a cell's text (a string), found 3",
        ),
        (
            grids,
            r#"{"year": "2011"}"#,
            "options/year: expected a year (an integer), found string \"2011\"",
        ),
        (
            grids,
            r#"{"colour": 1}"#,
            "options/colour: unknown key `colour`",
        ),
        (
            "[",
            "{}",
            "grids:1:2: the file is cut off: it ends where a value should be",
        ),
    ] {
        let e = Session::import_tables(grids.into(), options.into())
            .err()
            .map(message)
            .unwrap_or_default();
        assert!(e.starts_with(refusal), "{grids} {options}: {e}");
    }
}

#[wasm_bindgen_test]
fn extract_takes_its_options_as_arguments() {
    let s = Session::new();
    let text = "到2015年，全市生物产业规模达到2000亿元。";
    let out = s
        .extract(
            text,
            Some("深圳市".into()),
            Some("p".into()),
            Some("plan.txt".into()),
        )
        .unwrap();
    // The plan's title is its id and 草稿; the area is named as given.
    assert!(out.contains("p(草稿)"), "{out}");
    assert!(out.contains("深圳市"), "{out}");
    assert!(s.extract(text, None, None, None).is_ok());
}

#[wasm_bindgen_test]
fn tolerance_option_and_exports() {
    let mut s = Session::new();
    s.add("a.json", &Session::default_plan()).unwrap();
    let e = s
        .check(Some("bad".into()))
        .err()
        .map(message)
        .unwrap_or_default();
    assert!(e.starts_with("tolerance:"), "{e}");
    // Blank is no tolerance; 10% turns a failure within it into ok.
    assert_eq!(s.check(Some(" ".into())).unwrap(), s.check(None).unwrap());
    assert!(s.check(Some("10%".into())).is_ok());
    assert!(s
        .report_csv(None)
        .unwrap()
        .starts_with("status,check,indicator"));
    let summary = s.summary().unwrap();
    assert!(summary.contains(r#""cells":["#));
    // The brief summary leaves the cells out; `cells` gives them, the same array.
    let brief = s.summary_brief().unwrap();
    assert!(!brief.contains(r#""cells""#), "{brief}");
    let cells = s.cells().unwrap();
    assert!(cells.starts_with('[') && summary.contains(&format!(r#""cells":{cells}"#)));
}

/// The hostile corpus (tests/hostile/, see tests/hostile.rs) through the binding: every
/// case is checked or refused with its phrase, as the library part of tests/hostile.rs
/// pinned it in tests/hostile/expected/NAME.txt (the refusal word for word; the report's
/// size and summary), and nothing panics (a panic would abort the module and fail every
/// later test). tests/hostile.rs checks this list is complete.
macro_rules! corpus {
    ($($name:literal),* $(,)?) => {
        [$((
            $name,
            include_bytes!(concat!("../../../tests/hostile/", $name)) as &[u8],
            include_str!(concat!("../../../tests/hostile/expected/", $name, ".txt")),
        )),*]
    };
}

/// Text as tests/hostile.rs pins it: control characters (and the bidirectional
/// controls) written as `\u{…}`.
fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\n'
            || !(c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    out
}

const HOSTILE: &[(&str, &[u8], &str)] = &corpus![
    "approx_with_range.json",
    "base_year_not_before.json",
    "base_year_out_of_range.json",
    "bidi_overrides_in_ids.json",
    "bom_only.bin",
    "bom_then_whitespace.bin",
    "control_characters_in_names.json",
    "duplicate_key_format.json",
    "duplicate_key_parent.json",
    "duplicate_key_value.json",
    "empty.bin",
    "empty_area_id.json",
    "empty_area_reference.json",
    "empty_indicator_id.json",
    "empty_names_and_unit.json",
    "empty_plan_id.json",
    "gb18030_bom.bin",
    "gbk.bin",
    "growth_and_share.json",
    "growth_of_tiny_to_huge.json",
    "growth_of_unknown.json",
    "ids_with_pointer_characters.json",
    "imbalance_difference_overflow.json",
    "invalid_escape.json",
    "invalid_utf8_after_bom.bin",
    "invalid_utf8_cut_char.bin",
    "invalid_utf8_ff.bin",
    "invalid_utf8_overlong.bin",
    "invalid_utf8_surrogate.bin",
    "lone_surrogate_escape.json",
    "min_above_max_by_1e_minus_28.json",
    "min_above_max_negative.json",
    "noncharacters_in_names.json",
    "nul_bytes.bin",
    "number_1e29.json",
    "number_1e400_as_min.json",
    "number_1e_minus_400.json",
    "number_28_decimals.json",
    "number_29_decimals.json",
    "number_30_digits.json",
    "number_as_string.json",
    "number_decimal_max.json",
    "number_decimal_max_plus_one.json",
    "number_exponent_beyond_i64.json",
    "number_exponent_i64_min.json",
    "number_hex.json",
    "number_infinity.json",
    "number_leading_plus.json",
    "number_minus_1e400_as_max.json",
    "number_minus_infinity.json",
    "number_nan_as_min.json",
    "number_negative_zero.json",
    "parent_cycle_with_tail.json",
    "parent_two_cycle.json",
    "raw_control_character.bin",
    "relative_tolerance_overflow.json",
    "self_parent_at_end_of_chain.json",
    "share_of_unknown_denominator.json",
    "sum_cancels_at_the_limit.json",
    "sum_exact_tiny.json",
    "sum_of_diamond.json",
    "sum_of_self.json",
    "sum_of_three_cycle.json",
    "sum_of_unknown.json",
    "sum_overflow_of_ranges.json",
    "sum_overflow_two_children.json",
    "task_due_bad_quarter.json",
    "task_due_fullwidth_digits.json",
    "tolerance_exponent_i64_min.json",
    "tolerance_negative.json",
    "tolerance_not_a_number.json",
    "tolerance_overflow.json",
    "top_level_empty_object.json",
    "top_level_null.json",
    "top_level_number.json",
    "top_level_string.json",
    "top_level_trailing_comma.json",
    "top_level_true.json",
    "top_level_two_objects.json",
    "truncated_after_key.json",
    "truncated_in_number.json",
    "truncated_in_string.json",
    "unit_conversion_overflow.json",
    "unknown_area_in_target.json",
    "unknown_area_in_task.json",
    "unknown_indicator_in_actual.json",
    "unknown_key_in_plan.json",
    "unknown_key_in_share_of.json",
    "unknown_key_top_level.json",
    "unknown_parent.json",
    "utf16be_bom.bin",
    "utf16le_bom.bin",
    "utf16le_no_bom.bin",
    "utf16le_odd_length.bin",
    "utf16le_unpaired_surrogate.bin",
    "utf32le_bom.bin",
    "utf8_bom.bin",
    "utf8_double_bom.bin",
    "value_and_max.json",
    "whitespace_only.json",
    "year_1899.json",
    "year_2201.json",
    "year_beyond_u64.json",
    "year_exponent.json",
    "year_float.json",
    "year_i64_max.json",
    "year_missing.json",
    "year_negative.json",
    "year_string.json",
    "year_text_only.json"
];

#[wasm_bindgen_test]
fn hostile_corpus_is_checked_or_refused_never_a_crash() {
    let expected: serde_json::Value =
        serde_json::from_str(include_str!("../../../tests/hostile/expected.json")).unwrap();
    for (name, bytes, pinned) in HOSTILE {
        let want = &expected[*name];
        let mut s = Session::new();
        let got = s
            .add_bytes(name, bytes.to_vec())
            .map_err(message)
            .and_then(|_| s.check(None).map_err(message));
        match (want["outcome"].as_str(), got) {
            (Some("checked"), Ok(report)) => {
                // The same report as the library's: its size and its summary.
                let size = format!("\n@@ report.json ({} bytes)\n", report.len());
                assert!(
                    pinned.contains(&size),
                    "{name}: a report of another size: {report:.300}"
                );
                let v: serde_json::Value = serde_json::from_str(&report).unwrap();
                let n = |k: &str| v["summary"][k].as_u64().unwrap_or(u64::MAX);
                let summary = format!(
                    "\nsummary: {} findings: {} fail, {} uncertain, {} incomplete, {} ok, {} info\n",
                    n("fail") + n("uncertain") + n("incomplete") + n("ok") + n("info"),
                    n("fail"),
                    n("uncertain"),
                    n("incomplete"),
                    n("ok"),
                    n("info")
                );
                assert!(
                    pinned.contains(&summary),
                    "{name}: {summary:?} is not pinned"
                );
            }
            (Some("refused"), Err(m)) => {
                let phrase = want["contains"].as_str().unwrap_or_default();
                assert!(m.contains(phrase), "{name}: {m:?} lacks {phrase:?}");
                let block = format!("@@ message ({} bytes)\n{}\n", m.len(), visible(&m));
                assert!(
                    pinned.contains(&block),
                    "{name}: {m:?} is not the pinned message"
                );
            }
            (w, g) => panic!("{name}: expected {w:?}, got {g:?}"),
        }
    }
}

#[wasm_bindgen_test]
fn a_chart_spec_gives_the_clis_bytes() {
    let mut s = Session::new();
    s.add(&Session::default_plan_name(), &Session::default_plan())
        .unwrap();
    let spec = include_str!("../../../tests/golden/specs/editor_allocation.json");
    // The CLI drew this golden from the same spec and plan (tests/golden.rs).
    let golden = include_str!("../../../tests/golden/spec_editor_allocation.svg");
    let svg = s.chart(JsValue::from_str(spec)).unwrap();
    assert_eq!(svg, golden, "the binding's bytes differ from the CLI's");
    // The object the page passes draws the same.
    let object = js_sys::JSON::parse(spec).unwrap();
    assert_eq!(s.chart(object.clone()).unwrap(), golden);
    let meta = s.chart_meta(object).unwrap();
    assert!(meta.contains(r#""title":"南山区承担过半目标""#), "{meta}");
    assert!(
        meta.contains(r#""source":"来源：深府办〔2010〕98号""#),
        "{meta}"
    );
    let e = s
        .chart(JsValue::from_str(r#"{"type": "pie"}"#))
        .err()
        .map(message)
        .unwrap_or_default();
    assert!(e.starts_with("1:10: /type: unknown value"), "{e}");
}

#[wasm_bindgen_test]
fn sources_stay_in_the_engine_past_their_limit_in_utf16_units() {
    let mut s = Session::new();
    let text = Session::default_plan();
    s.add("a.json", &text).unwrap();
    let units = text.encode_utf16().count() as f64;
    // The default plan is Chinese: fewer UTF-16 units than UTF-8 bytes, and the limit
    // is in units, as JavaScript's `length` counts.
    assert!(units < text.len() as f64);
    assert!(s.sources(Some(units - 1.0)).unwrap().is_null());
    // Far past the limit the bytes alone tell.
    assert!(s
        .sources(Some(text.len() as f64 / 3.0 - 1.0))
        .unwrap()
        .is_null());
    let list = s.sources(Some(units)).unwrap();
    assert!(js_sys::Array::is_array(&list), "{list:?}");
    assert!(js_sys::Array::is_array(&s.sources(None).unwrap()));
}
