//! Quality of `planlens extract` measured against a hand-checked gold set.
//!
//! `tests/extract/passages/NAME.txt` are passages copied verbatim from the seed plans
//! (`000_…` is the Shenzhen 2011–2013 innovation-city implementation plan, `001_…` to
//! `004_…` the other seeds). `tests/extract/gold/NAME.json` lists every target of the
//! passage as read by a person, one entry per mention: `indicator`, `year` (null when
//! hidden or not stated, with `year_text` for a hidden year such as `201*`), one of
//! `value` (+ `approx`), `min`/`max` or `ratio`, and `unit` as written.
//!
//! **Matching.** A candidate matches a gold entry when the year (and the hidden year's
//! text) is the same, the value form and its numbers are the same (an approximate value
//! matches only an approximate one), the unit is the same, and the names share a key
//! part: after dropping spaces, punctuation, brackets and quotes, one name contains the
//! other, or both share a run of at least three characters (超亿元企业 matches
//! 互联网产业超亿元企业; 国家级研发平台 matches 启动国家级研发平台). Each candidate
//! matches at most one gold entry, greedily in gold order.
//!
//! Recall is matched gold entries over all gold entries, precision matched candidates
//! over all candidates, per passage, for seed 000 and overall (sums over passages).
//! The test fails when any of them drops below `tests/extract/floors.json`; run with
//! `UPDATE_FLOORS=1` to record the current values (rounded down to the percent) on
//! purpose, and with `--nocapture` to see the table and every miss (`EXTRACT_SHOW=1`
//! also lists the matches).

use planlens::check::{self, CheckKind, Status};
use planlens::num::{parse_decimal, Dec};
use planlens::{Model, SourceFile};
use planlens_extract::{extract, to_plan_json, Candidate, Options, Value};
use serde_json::Value as J;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn dir() -> PathBuf {
    crate::expect::root().join("tests/extract")
}

fn passages() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = std::fs::read_dir(dir().join("passages"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    v.sort();
    assert!(
        v.len() >= 20,
        "expected the passages in tests/extract/passages"
    );
    v
}

#[derive(Debug, Clone, PartialEq)]
enum Form {
    Exact(Dec, bool),
    Range(Dec, Dec),
    Min(Dec),
    Max(Dec),
    Ratio(Vec<Dec>),
}

#[derive(Debug)]
struct Gold {
    indicator: String,
    year: Option<i32>,
    year_text: Option<String>,
    form: Form,
    unit: String,
}

fn dec(v: &J) -> Dec {
    parse_decimal(&v.to_string()).unwrap_or_else(|e| panic!("gold number {v}: {e}"))
}

fn load_gold(name: &str) -> Vec<Gold> {
    let path = dir().join("gold").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (every passage needs its gold file)",
            path.display()
        )
    });
    let doc: J = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    doc["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let form = if let Some(r) = g.get("ratio") {
                Form::Ratio(r.as_array().unwrap().iter().map(dec).collect())
            } else if let Some(v) = g.get("value") {
                Form::Exact(
                    dec(v),
                    g.get("approx").and_then(J::as_bool).unwrap_or(false),
                )
            } else {
                match (g.get("min"), g.get("max")) {
                    (Some(a), Some(b)) => Form::Range(dec(a), dec(b)),
                    (Some(a), None) => Form::Min(dec(a)),
                    (None, Some(b)) => Form::Max(dec(b)),
                    (None, None) => panic!("{name}: gold entry without a value: {g}"),
                }
            };
            Gold {
                indicator: g["indicator"].as_str().unwrap().to_string(),
                year: g["year"].as_i64().map(|y| y as i32),
                year_text: g.get("year_text").and_then(J::as_str).map(str::to_string),
                form,
                unit: g["unit"].as_str().unwrap().to_string(),
            }
        })
        .collect()
}

fn form(v: &Value) -> Form {
    match v {
        Value::Exact { value, approx } => Form::Exact(*value, *approx),
        Value::Range { min, max } => Form::Range(*min, *max),
        Value::Min(d) => Form::Min(*d),
        Value::Max(d) => Form::Max(*d),
        Value::Ratio(v) => Form::Ratio(v.clone()),
    }
}

fn normalise(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The documented name rule: containment or a common run of three characters.
fn names_match(a: &str, b: &str) -> bool {
    let (a, b) = (normalise(a), normalise(b));
    let contains = |x: &[char], y: &[char]| !y.is_empty() && x.windows(y.len()).any(|w| w == y);
    if contains(&a, &b) || contains(&b, &a) {
        return true;
    }
    b.windows(3).any(|w| contains(&a, w))
}

fn matches(g: &Gold, c: &Candidate) -> bool {
    let year = g.year == c.year && (g.year.is_some() || g.year_text == c.year_text);
    year && g.unit == c.unit && g.form == form(&c.value) && names_match(&g.indicator, &c.indicator)
}

#[derive(Default, Clone, Copy)]
struct Score {
    gold: usize,
    found: usize,
    hit: usize,
}

impl Score {
    fn recall(&self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.hit as f64 / self.gold as f64
        }
    }
    fn precision(&self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            self.hit as f64 / self.found as f64
        }
    }
    fn add(&mut self, o: Score) {
        self.gold += o.gold;
        self.found += o.found;
        self.hit += o.hit;
    }
}

fn show(c: &Candidate) -> String {
    format!(
        "{} {:?}{} {:?} {}",
        c.indicator,
        c.year,
        c.year_text
            .as_deref()
            .map(|t| format!("/{t}"))
            .unwrap_or_default(),
        form(&c.value),
        c.unit
    )
}

fn score(name: &str, text: &str, report: &mut String) -> Score {
    let gold = load_gold(name);
    let draft = extract(
        text,
        &Options {
            file_name: format!("{name}.txt"),
            ..Options::default()
        },
    );
    let mut used = vec![false; draft.targets.len()];
    let mut s = Score {
        gold: gold.len(),
        found: draft.targets.len(),
        hit: 0,
    };
    for g in &gold {
        let hit = draft
            .targets
            .iter()
            .enumerate()
            .find(|(k, c)| !used[*k] && matches(g, c));
        match hit {
            Some((k, c)) => {
                used[k] = true;
                s.hit += 1;
                if std::env::var_os("EXTRACT_SHOW").is_some() {
                    report.push_str(&format!(
                        "  found   {name}: {} ~ {}\n",
                        g.indicator,
                        show(c)
                    ));
                }
            }
            None => report.push_str(&format!(
                "  missed  {name}: {} {:?}{} {:?} {}\n",
                g.indicator,
                g.year,
                g.year_text
                    .as_deref()
                    .map(|t| format!("/{t}"))
                    .unwrap_or_default(),
                g.form,
                g.unit
            )),
        }
    }
    for (k, c) in draft.targets.iter().enumerate() {
        if !used[k] {
            report.push_str(&format!("  extra   {name}: {}\n", show(c)));
        }
    }
    s
}

fn floor_of(x: f64) -> f64 {
    (x * 100.0 + 1e-9).floor() / 100.0
}

#[test]
fn quality_against_gold() {
    let mut table = String::from("passage                    gold found  hit  recall precision\n");
    let mut misses = String::new();
    let mut per: BTreeMap<String, Score> = BTreeMap::new();
    let (mut all, mut seed0) = (Score::default(), Score::default());
    for (name, text) in passages() {
        let s = score(&name, &text, &mut misses);
        table.push_str(&format!(
            "{name:<26} {:>4} {:>5} {:>4}  {:>6.3} {:>9.3}\n",
            s.gold,
            s.found,
            s.hit,
            s.recall(),
            s.precision()
        ));
        all.add(s);
        if name.starts_with("000_") {
            seed0.add(s);
        }
        per.insert(name, s);
    }
    for (label, s) in [("seed 000", seed0), ("overall", all)] {
        table.push_str(&format!(
            "{label:<26} {:>4} {:>5} {:>4}  {:>6.3} {:>9.3}\n",
            s.gold,
            s.found,
            s.hit,
            s.recall(),
            s.precision()
        ));
    }
    println!("{table}\n{misses}");

    let floors_path = dir().join("floors.json");
    if std::env::var_os("UPDATE_FLOORS").is_some() {
        let entry = |s: &Score| serde_json::json!({"recall": floor_of(s.recall()), "precision": floor_of(s.precision())});
        let passages: serde_json::Map<String, J> =
            per.iter().map(|(k, s)| (k.clone(), entry(s))).collect();
        let doc = serde_json::json!({
            "overall": entry(&all),
            "seed_000": entry(&seed0),
            "passages": passages,
        });
        std::fs::write(
            &floors_path,
            serde_json::to_string_pretty(&doc).unwrap() + "\n",
        )
        .unwrap();
        return;
    }
    let floors: J = serde_json::from_str(&std::fs::read_to_string(&floors_path).unwrap()).unwrap();
    let mut failures = Vec::new();
    let mut check = |label: &str, s: &Score, f: &J| {
        for (what, got) in [("recall", s.recall()), ("precision", s.precision())] {
            let min = f[what]
                .as_f64()
                .unwrap_or_else(|| panic!("floors.json: {label} {what}"));
            if got + 1e-9 < min {
                failures.push(format!(
                    "{label}: {what} {got:.3} is below its floor {min:.2}"
                ));
            }
        }
    };
    check("overall", &all, &floors["overall"]);
    check("seed 000", &seed0, &floors["seed_000"]);
    for (name, s) in &per {
        let f = &floors["passages"][name];
        assert!(
            !f.is_null(),
            "floors.json has no entry for passage {name} (UPDATE_FLOORS=1)"
        );
        check(name, s, f);
    }
    assert!(
        failures.is_empty(),
        "{}\n{table}\n{misses}",
        failures.join("\n")
    );
}

fn load(name: &str, json: &str) {
    let file = SourceFile {
        name: name.to_string(),
        text: json.to_string(),
    };
    if let Err(e) = Model::load(&[file]) {
        panic!("the draft of {name} does not load: {e}\n{json}");
    }
}

#[test]
fn every_draft_loads() {
    let mut everything = String::new();
    for (name, text) in passages() {
        let opts = Options {
            file_name: format!("{name}.txt"),
            ..Options::default()
        };
        let draft = extract(&text, &opts);
        load(&name, &to_plan_json(&draft, &text, &opts));
        everything.push_str(&text);
    }
    // All passages as one document: many repeated indicator-years, still one valid file.
    let opts = Options {
        area_name: Some("深圳市".into()),
        plan_id: Some("all".into()),
        file_name: "all.txt".into(),
    };
    let draft = extract(&everything, &opts);
    let json = to_plan_json(&draft, &everything, &opts);
    load("all", &json);
    assert!(json.contains("\"name\": \"深圳市\""));
}

#[test]
fn odd_inputs_give_loadable_drafts() {
    let long_digits = "9".repeat(400);
    // Large texts without punctuation: the work per figure is bounded.
    let run_on = "2013年超十亿元企业达到5家和".repeat(5_000);
    let digits_and_units = "1家2个3项".repeat(8_000);
    let brackets = "(".repeat(5000) + "2013年达到5家" + &")".repeat(10);
    let inputs = [
        "",
        "\n\n\n",
        "年",
        "年,每年认定22家以上",
        "2013年",
        "约",
        "超过",
        "10―",
        "―12家",
        "3∶",
        "3∶42∶",
        "十二五末",
        "二○一一年十二月八日",
        "一千二百七十亿元以上以上左右",
        "九千九百亿九千九百亿九千九百亿元",
        long_digits.as_str(),
        &format!("2013年达到{long_digits}亿元"),
        brackets.as_str(),
        run_on.as_str(),
        digits_and_units.as_str(),
        "《《《2013年100家",
        "\u{feff}2013年，生物产业规模达到700亿元。",
        "１２３４５６７８９０％２０１３年",
        "\u{0}\u{1}\u{7f}\u{ffff}",
        "2013年1.1.1.1.1家",
        "2013年10―12―14家，3～4～5个，1:2:3:4:5:6，60%―70%―80%",
        "超十亿元企业超十亿元企业超十亿元企业10家",
    ];
    for (k, text) in inputs.iter().enumerate() {
        let opts = Options {
            file_name: format!("odd{k}.txt"),
            ..Options::default()
        };
        let draft = extract(text, &opts);
        for c in &draft.targets {
            assert!(
                c.span.0 <= c.span.1 && c.span.1 <= text.len(),
                "{text:?}: {c:?}"
            );
            assert!(text.get(c.span.0..c.span.1).is_some(), "{text:?}: {c:?}");
            assert!(
                text.get(c.sentence.0..c.sentence.1).is_some(),
                "{text:?}: {c:?}"
            );
        }
        load(&format!("odd{k}"), &to_plan_json(&draft, text, &opts));
    }
}

/// The draft of an allocation text, loaded and checked: the status of the `area_sum`
/// finding of the plan's own area, and the number of areas.
fn allocation(text: &str, opts: &Options) -> (Option<Status>, usize) {
    let draft = extract(text, opts);
    let json = to_plan_json(&draft, text, opts);
    let file = SourceFile {
        name: "allocation.json".to_string(),
        text: json.clone(),
    };
    let model = Model::load(&[file]).unwrap_or_else(|e| panic!("{e}\n{json}"));
    let report = check::run(&model, &check::Options::default()).unwrap();
    let root = model.area_id("area");
    let status = report
        .findings
        .iter()
        .find(|f| f.check == CheckKind::AreaSum && Some(f.area) == root)
        .map(|f| f.status);
    (status, draft.areas.len())
}

#[test]
fn allocation_sentences_are_checked_as_area_sums() {
    let opts = Options {
        area_name: Some("深圳市".into()),
        ..Options::default()
    };
    // 460 + 288 + 30 = 778 against 900: the three districts named are all the draft
    // knows of the city
    let named =
        "到2012年，全市生物产业规模达到900亿元，其中南山区460亿元、宝安区288亿元、福田区30亿元。";
    assert_eq!(allocation(named, &opts), (Some(Status::Fail), 4));
    let exact =
        "到2012年，全市生物产业规模达到900亿元，其中南山区460亿元、宝安区288亿元、福田区152亿元。";
    assert_eq!(allocation(exact, &opts), (Some(Status::Ok), 4));
    let zipped =
        "到2012年，深圳市生物产业规模达到900亿元，南山区、宝安区分别达到460亿元、440亿元。";
    assert_eq!(
        allocation(zipped, &Options::default()),
        (Some(Status::Ok), 3)
    );
    // a 其中 list that names no areas gives no area_sum
    let kinds = "2012年，新增企业技术中心50家，其中：国家级10家，省级20家。";
    assert_eq!(allocation(kinds, &opts), (None, 1));
}

/// A sentence of 20,000 districts is drafted and checked as one allocation. How long it
/// takes is the benchmark's business (`cargo bench -p planlens-cli --bench tables`).
#[test]
fn long_allocations_are_drafted_whole() {
    // 20,000 districts named 甲乙…区 in one list
    let name = |k: u32| -> String {
        let a = char::from_u32(0x4e00 + k / 200).unwrap();
        let b = char::from_u32(0x4e00 + 200 + k % 200).unwrap();
        format!("{a}{b}区")
    };
    let mut text = String::from("2012年，全市生物产业规模达到20000亿元，其中");
    for k in 0..20_000 {
        text.push_str(&format!("{}1亿元、", name(k)));
    }
    text.push('。');
    let (status, areas) = allocation(&text, &Options::default());
    assert!(areas > 1000, "{areas}");
    assert!(status.is_some());
}
