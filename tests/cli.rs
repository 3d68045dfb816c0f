//! The command-line contract, through the real binary.

use crate::expect::root;
use assert_cmd::Command;
use std::io::Write;

fn planlens() -> Command {
    Command::cargo_bin("planlens").unwrap()
}

fn fixture(case: &str) -> String {
    root()
        .join("tests/fixtures/check")
        .join(case)
        .join("plan.json")
        .display()
        .to_string()
}

fn stdout(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn default_plan_is_all_ok() {
    let (code, out, _) = stdout(planlens().arg("check"));
    assert_eq!(code, 0);
    assert!(out.contains("深府办〔2010〕98号"));
    assert!(
        out.contains("18 findings: 0 fail, 0 uncertain, 0 incomplete, 18 ok, 0 info"),
        "{out}"
    );
}

#[test]
fn failing_check_exits_1_and_lists_failures_first() {
    let (code, out, _) = stdout(planlens().args(["check", &fixture("fail_leaf")]));
    assert_eq!(code, 1);
    let first_row = out
        .lines()
        .skip_while(|l| !l.starts_with("STATUS"))
        .nth(1)
        .unwrap();
    assert!(
        first_row.starts_with("✗ fail") && first_row.contains("+12"),
        "{first_row}"
    );
}

#[test]
fn json_report_has_exact_numbers_and_intervals() {
    let (code, out, _) =
        stdout(planlens().args(["check", "--format", "json", &fixture("exact_decimals")]));
    assert_eq!(code, 0);
    assert!(
        out.contains(r#""expected":0.3,"actual":0.3,"difference":0"#),
        "{out}"
    );
    let (_, out, _) = stdout(planlens().args(["check", "--format", "json", &fixture("intervals")]));
    assert!(out.contains(r#""expected":{"min":10,"max":12}"#), "{out}");
    assert!(out.contains(r#""actual":{"min":1050,"max":null}"#), "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["fail"], 1);
    assert_eq!(v["findings"][0]["status"], "fail");
    assert_eq!(v["findings"][0]["difference"], 3);
}

#[test]
fn csv_and_markdown() {
    let (_, out, _) = stdout(planlens().args(["check", "--format", "csv", &fixture("fail_leaf")]));
    let mut lines = out.split("\r\n");
    assert_eq!(
        lines.next(),
        Some("status,check,indicator,area,year,unit,expected,actual,difference,missing,plans,exceeded")
    );
    assert_eq!(
        lines.next(),
        // Plans are named as readers name them (doc_no, else title), not by file id.
        Some("fail,area_sum,产业规模,市,2011,亿元,100,112,+12,,测试 p,")
    );
    let (_, out, _) =
        stdout(planlens().args(["check", "--format", "markdown", &fixture("fail_leaf")]));
    assert!(out.starts_with("**1 fail, 0 uncertain, 0 incomplete, 0 ok, 0 info**"));
    assert!(out.contains("| fail | area_sum | 产业规模 | 市 | 2011 |"));
}

#[test]
fn tolerance_absolute_and_relative() {
    assert_eq!(
        stdout(planlens().args(["check", "--tolerance", "12", &fixture("fail_leaf")])).0,
        0
    );
    assert_eq!(
        stdout(planlens().args(["check", "--tolerance", "11.9", &fixture("fail_leaf")])).0,
        1
    );
    assert_eq!(
        stdout(planlens().args(["check", "--tolerance", "12%", &fixture("fail_leaf")])).0,
        0
    );
    assert_eq!(
        stdout(planlens().args(["check", "--tolerance", "11%", &fixture("fail_leaf")])).0,
        1
    );
    let (code, _, err) =
        stdout(planlens().args(["check", "--tolerance", "abc", &fixture("fail_leaf")]));
    assert_eq!(code, 2);
    assert!(err.contains("--tolerance"), "{err}");
}

#[test]
fn bad_input_says_where_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.json");
    std::fs::File::create(&p).unwrap().write_all(r#"{"format":"planlens/1","plan":{"id":"p"},"areas":[{"id":"futian","name":"F"}],"indicators":[{"id":"x","name":"X","unit":"家"}],"targets":[{"indicator":"x","area":"futain","year":2011,"value":1}]}"#.as_bytes()).unwrap();
    let (code, out, err) = stdout(planlens().arg("check").arg(&p));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("bad.json:1:162: /targets/0/area: unknown area \"futain\""),
        "{err}"
    );
    let (code, _, err) = stdout(planlens().args(["check", "/nonexistent/plan.json"]));
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/plan.json"), "{err}");
    let (code, _, err) = stdout(planlens().args(["check", "--format", "yaml"]));
    assert_eq!(code, 2);
    assert!(err.contains("invalid value 'yaml' for '--format"), "{err}");
    let gbk = dir.path().join("gbk.json");
    std::fs::write(&gbk, [0xC9, 0xEE, 0xDB, 0xDA]).unwrap();
    let (code, _, err) = stdout(planlens().arg("check").arg(&gbk));
    assert_eq!(code, 2);
    assert!(err.contains("GBK"), "{err}");
}

#[test]
fn several_files_and_stdin() {
    let dir = root().join("tests/fixtures/check/two_plans");
    let (code, out, _) = stdout(
        planlens()
            .arg("check")
            .arg(dir.join("a.json"))
            .arg(dir.join("b.json")),
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("8 findings: 2 fail, 0 uncertain, 0 incomplete, 6 ok, 0 info"),
        "{out}"
    );
    // 13 laboratories against 新建10―12家: met, and beyond the range.
    let labs = out
        .lines()
        .find(|l| l.contains("progress") && l.contains("实验室") && l.contains("13"))
        .unwrap_or_else(|| panic!("no laboratories row: {out}"));
    assert!(labs.contains("✓ ok, exceeded"), "{labs}");
    // The conflict between the two plans' 2012 targets is a row of its own.
    let conflict = out
        .lines()
        .find(|l| l.contains("conflict") && l.contains("新能源产业规模"))
        .unwrap_or_else(|| panic!("no conflict row: {out}"));
    let cells: Vec<&str> = conflict.split_whitespace().collect();
    assert_eq!(
        cells,
        [
            "✗",
            "fail",
            "conflict",
            "新能源产业规模",
            "深圳市",
            "2012",
            "1100亿元",
            "1000亿元",
            "-100"
        ],
        "{out}"
    );
    let text = std::fs::read_to_string(fixture("exact_decimals")).unwrap();
    let (code, out, _) = stdout(planlens().args(["check", "-"]).write_stdin(text));
    assert_eq!(code, 0, "{out}");
    // The plan read from stdin is the one checked.
    assert!(
        out.contains("1 findings: 0 fail, 0 uncertain, 0 incomplete, 1 ok, 0 info"),
        "{out}"
    );
    assert!(out.contains("0.3亿元"), "{out}");
}

#[test]
fn summary_shows_pivot_shares_and_growth() {
    let (code, out, _) = stdout(planlens().arg("summary"));
    assert_eq!(code, 0);
    assert!(out.contains("目标 生物产业规模（亿元）"), "{out}");
    // 南山区 bio 2011: 360 of 700 = 51.43%; CAGR 2011→2012 for the city: 900/700 − 1.
    assert!(out.contains("360 (51.43%)"), "{out}");
    assert!(out.contains("28.57%"), "{out}");
    let (_, out, _) = stdout(planlens().args(["summary", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // One cell per target of the default plan (88), and every task.
    assert_eq!(v["cells"].as_array().unwrap().len(), 88);
    assert_eq!(v["tasks"].as_array().unwrap().len(), 38);
}

#[test]
fn schema_is_committed_and_current() {
    let (code, out, _) = stdout(planlens().arg("schema"));
    assert_eq!(code, 0);
    let committed = std::fs::read_to_string(root().join("schema/planlens-1.schema.json")).unwrap();
    assert_eq!(out, committed, "schema/planlens-1.schema.json is stale: run `planlens schema > schema/planlens-1.schema.json`");
}

#[test]
fn charts_from_the_cli() {
    let (code, svg, _) = stdout(planlens().args([
        "chart",
        "--type",
        "allocation",
        "--indicator",
        "bio_output",
        "--year",
        "2012",
    ]));
    assert_eq!(code, 0);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert!(doc.root_element().attribute("viewBox").is_some());
    assert!(
        svg.contains("<title>")
            && svg.contains("<desc>")
            && svg.contains("南山区")
            && svg.contains("460")
    );
    // Deterministic: the same request gives the same bytes.
    let (_, again, _) = stdout(planlens().args([
        "chart",
        "--type",
        "allocation",
        "--indicator",
        "bio_output",
        "--year",
        "2012",
    ]));
    assert_eq!(svg, again);
    // A lone series: the description opens with one sentence of what the chart shows,
    // then names the title and the years, with no empty label before the points (it once
    // read "目标：：2011年").
    let (code, svg, _) = stdout(planlens().args([
        "chart",
        "--type",
        "trend",
        "--indicator",
        "bio_output",
        "--area",
        "shenzhen",
    ]));
    assert_eq!(code, 0);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let desc = doc
        .descendants()
        .find(|n| n.has_tag_name("desc"))
        .and_then(|n| n.text());
    assert_eq!(
        desc,
        Some(
            "深圳市生物产业规模从2011年的700亿元增至2012年的900亿元。\
             生物产业规模，2011–2012年目标：2011年 700亿元，2012年 900亿元。"
        )
    );
    for (args, arg) in [
        (
            vec!["--type", "trend", "--indicator", "nope"],
            "--indicator",
        ),
        (
            vec![
                "--type",
                "trend",
                "--indicator",
                "bio_output",
                "--area",
                "futain",
            ],
            "--area",
        ),
        (
            vec![
                "--type",
                "allocation",
                "--indicator",
                "bio_output",
                "--year",
                "1999",
            ],
            "--year",
        ),
        (vec!["--type", "imbalance"], "--type: nothing to draw"),
    ] {
        let (code, _, err) = stdout(planlens().arg("chart").args(&args));
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(arg), "{args:?}: {err}");
    }
}

#[test]
fn extract_drafts_a_plan_that_checks() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("plan.txt");
    std::fs::write(
        &text,
        "2012年，互联网产业规模达到800亿元，超十亿元企业达到8家，超亿元企业达到30家。\n新建、续建50个以上市级研发机构。\n",
    )
    .unwrap();
    let draft = dir.path().join("draft.json");
    let (code, _, err) = stdout(planlens().args([
        "extract",
        text.to_str().unwrap(),
        "--area",
        "深圳市",
        "-o",
        draft.to_str().unwrap(),
    ]));
    assert_eq!(code, 0, "{err}");
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&draft).unwrap()).unwrap();
    let targets = plan["targets"].as_array().unwrap();
    let has = |v: i64, year: i64| {
        targets
            .iter()
            .any(|t| t["year"] == year && (t["value"] == v || t["min"] == v))
    };
    assert!(
        has(800, 2012) && has(8, 2012) && has(30, 2012),
        "{targets:?}"
    );
    // 超十亿元 is a threshold in a name, never a target of 10.
    assert!(!targets.iter().any(|t| t["value"] == 10), "{targets:?}");
    let (code, _, err) = stdout(planlens().args(["check", draft.to_str().unwrap()]));
    assert_eq!(code, 0, "the draft loads and checks: {err}");
}

#[test]
fn generate_plants_failures_that_check_finds() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("nation.json");
    let (code, _, err) = stdout(planlens().args([
        "generate",
        "--indicators",
        "2",
        "--years",
        "2",
        "--perturb",
        "5",
        "-o",
        plan.to_str().unwrap(),
    ]));
    assert_eq!(code, 0, "{err}");
    let planted: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("nation.json.planted.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(planted.as_array().unwrap().len(), 5);
    let (code, out, _) =
        stdout(planlens().args(["check", "--format", "json", plan.to_str().unwrap()]));
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["summary"]["fail"], 5);
}

#[test]
fn markdown_and_terminal_output_carry_no_markup_or_control_characters() {
    let xss = root().join("tests/e2e/fixtures/xss-plan.json");
    let (_, md, _) =
        stdout(planlens().args(["check", "--format", "markdown", xss.to_str().unwrap()]));
    assert!(md.contains("&lt;"), "{md}");
    assert!(
        !md.contains('<'),
        "plan text became HTML in the Markdown report: {md}"
    );
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("esc.json");
    std::fs::write(
        &plan,
        r#"{"format": "planlens/1", "plan": {"id": "p", "title": "T\u001b]0;x\u0007"},
 "areas": [{"id": "c", "name": "市\u001b[31m"}, {"id": "d", "name": "区\u0007", "parent": "c"}],
 "indicators": [{"id": "x", "name": "X\u0000", "unit": "亿元"}],
 "targets": [{"indicator": "x", "area": "c", "year": 2012, "value": 1},
             {"indicator": "x", "area": "d", "year": 2012, "value": 1}]}"#,
    )
    .unwrap();
    let (code, text, err) = stdout(planlens().args(["check", plan.to_str().unwrap()]));
    assert_eq!(code, 0, "{err}");
    // The report is there (an empty output would have no control character either),
    // with the characters replaced.
    assert!(
        text.contains("1 findings: 0 fail, 0 uncertain, 0 incomplete, 1 ok, 0 info"),
        "{text}"
    );
    assert!(text.contains("市\u{FFFD}[31m"), "{text:?}");
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    // Markdown and CSV go to the terminal as well: the same replacement.
    let (code, md, _) =
        stdout(planlens().args(["check", "--format", "markdown", plan.to_str().unwrap()]));
    assert_eq!(code, 0);
    assert!(
        md.contains("| ok | area_sum | X\u{FFFD} | 市\u{FFFD}[31m | 2012 |"),
        "{md:?}"
    );
    assert!(!md.chars().any(|c| c.is_control() && c != '\n'), "{md:?}");
    let (code, csv, _) =
        stdout(planlens().args(["check", "--format", "csv", plan.to_str().unwrap()]));
    assert_eq!(code, 0);
    assert!(
        csv.contains("\r\nok,area_sum,X\u{FFFD},市\u{FFFD}[31m,2012,"),
        "{csv:?}"
    );
    assert!(
        !csv.replace("\r\n", "\n")
            .chars()
            .any(|c| c.is_control() && c != '\n'),
        "{csv:?}"
    );
}

#[test]
fn an_allocation_among_many_areas_groups_the_smallest() {
    let mut areas = vec![r#"{"id": "city", "name": "市"}"#.to_string()];
    let mut targets = Vec::new();
    let mut total = 0;
    for i in 1..=100 {
        areas.push(format!(
            r#"{{"id": "d{i}", "name": "区{i}", "parent": "city"}}"#
        ));
        targets.push(format!(
            r#"{{"indicator": "x", "area": "d{i}", "year": 2012, "value": {i}}}"#
        ));
        total += i;
    }
    targets.push(format!(
        r#"{{"indicator": "x", "area": "city", "year": 2012, "value": {total}}}"#
    ));
    let plan = format!(
        r#"{{"format": "planlens/1", "plan": {{"id": "p"}}, "areas": [{}], "indicators": [{{"id": "x", "name": "X", "unit": "亿元"}}], "targets": [{}]}}"#,
        areas.join(","),
        targets.join(",")
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.json");
    std::fs::write(&path, plan).unwrap();
    let (code, svg, err) = stdout(planlens().args([
        "chart",
        path.to_str().unwrap(),
        "--type",
        "allocation",
        "--indicator",
        "x",
        "--height",
        "900",
    ]));
    assert_eq!(code, 0, "{err}");
    // 29 areas of their own (100 down to 72) and one bar for the 71 smallest (sum 2556).
    assert!(svg.contains("其他71个地区"), "no grouped bar");
    assert!(svg.contains("区100") && svg.contains("区72") && !svg.contains(">区71<"));
    assert!(svg.contains("2,556"), "the group's sum is shown");
}

#[test]
fn chart_specs_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("chart.json");
    std::fs::write(
        &spec,
        r#"{"type": "allocation", "indicator": "bio_output", "year": 2012,
            "text": {"title": "南山区承担过半目标", "credit": "制图：测试"},
            "series": [{"area": "nanshan", "highlight": true}]}"#,
    )
    .unwrap();
    let path = spec.to_str().unwrap();
    let (code, svg, err) = stdout(planlens().args(["chart", "--spec", path]));
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "{err}");
    assert!(svg.contains("<title>南山区承担过半目标</title>"));
    assert!(svg.contains("制图：测试"));
    // The source names the document number, never the file id.
    assert!(svg.contains("来源：深府办〔2010〕98号"), "{svg}");
    assert!(!svg.contains("sz-2010-98"));
    // A flag replaces its key of the spec and says so.
    let (code, dark, err) = stdout(planlens().args(["chart", "--spec", path, "--theme", "dark"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("--theme replaces /theme of"), "{err}");
    assert_ne!(svg, dark);
    // Errors: the file's name the file and the pointer; a flag's, the flag.
    std::fs::write(
        &spec,
        "{\"type\": \"trend\",\n \"series\": [{\"area\": \"x\", \"color\": 9}]}",
    )
    .unwrap();
    let (code, _, err) = stdout(planlens().args(["chart", "--spec", path]));
    assert_eq!(code, 2);
    assert!(
        err.contains("chart.json: 2:36: /series/0/color: expected an integer from 0 to 5, found 9"),
        "{err}"
    );
    std::fs::write(&spec, r#"{"type": "trend", "indicator": "nope"}"#).unwrap();
    let (_, _, err) = stdout(planlens().args(["chart", "--spec", path]));
    assert!(
        err.contains("chart.json: /indicator: unknown indicator \"nope\""),
        "{err}"
    );
    let (_, _, err) = stdout(planlens().args(["chart", "--spec", path, "--indicator", "nada"]));
    assert!(
        err.contains("--indicator: unknown indicator \"nada\""),
        "{err}"
    );
    let (code, _, err) = stdout(planlens().args(["chart", "--indicator", "bio_output"]));
    assert_eq!(code, 2);
    assert!(err.contains("--type: needed without --spec"), "{err}");
}
