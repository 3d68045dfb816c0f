//! The reader's contract (`json.rs`, `format.rs`, `parse.rs`), on its own terms: the
//! messages, pinned case by case; and on any text (every kind of value in every slot
//! of the format, the corpora, mutated plans) the rules every answer keeps, with
//! serde_json as the referee of what JSON is: only valid JSON is accepted, and read
//! into what serde_json reads it into; every refusal names a line and a column; a
//! syntax error is never given to valid JSON; a value error's pointer exists in the
//! text and names the very place its line and column point at.

use super::error::InputError;
use super::format::{Kind, PlanFile, Record, Sink};
use super::parse::{parse, place};
use crate::num::Dec;
use serde_json::Value as Json;

/// The records of a file as they were read.
#[derive(Default)]
struct Collect(Vec<(Kind, u32, Rec)>);

/// A record's fields as plain values.
#[derive(Debug, PartialEq)]
struct Rec {
    strings: [Option<String>; 6],
    years: [Option<i64>; 2],
    numbers: [Option<f64>; 3],
    approx: Option<bool>,
}

impl<'a> Sink<'a> for Collect {
    fn record(&mut self, kind: Kind, index: u32, r: &mut Record<'a>) {
        let s = |o: &Option<std::borrow::Cow<str>>| o.as_ref().map(|s| s.to_string());
        let n = |o: &Option<super::format::Num>| o.map(|n| f(n.0));
        self.0.push((
            kind,
            index,
            Rec {
                strings: [
                    Some(r.indicator.to_string()),
                    Some(r.area.to_string()),
                    s(&r.year_text),
                    s(&r.period),
                    s(&r.source),
                    s(&r.note),
                ],
                years: [r.year, r.base_year],
                numbers: [n(&r.value), n(&r.min), n(&r.max)],
                approx: r.approx,
            },
        ));
    }
}

fn f(d: Dec) -> f64 {
    d.to_string().parse().unwrap()
}

/// A record as serde_json reads it (`null` is no value, as in the format).
fn json_rec(j: &Json) -> Rec {
    let s = |k: &str| j.get(k).and_then(Json::as_str).map(str::to_string);
    // `-0` is an integer to the format, a float to serde_json.
    let i = |k: &str| {
        let v = j.get(k)?;
        v.as_i64()
            .or_else(|| (v.as_f64() == Some(0.0)).then_some(0))
    };
    let n = |k: &str| j.get(k).and_then(Json::as_f64);
    Rec {
        strings: [
            s("indicator"),
            s("area"),
            s("year_text"),
            s("period"),
            s("source"),
            s("note"),
        ],
        years: [i("year"), i("base_year")],
        numbers: [n("value"), n("min"), n("max")],
        approx: j.get("approx").and_then(Json::as_bool),
    }
}

/// Whether two readings of one number agree (serde_json's may be a last bit off).
fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs()),
        (a, b) => a == b,
    }
}

/// An accepted file holds what serde_json reads in it.
fn same_as_json(name: &str, file: &PlanFile, records: &Collect, json: &Json) {
    let strs = |v: &Json, k: &str| -> Vec<String> {
        v.get(k)
            .and_then(Json::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let list = |k: &str| {
        json.get(k)
            .and_then(Json::as_array)
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(
        Some(file.format.as_ref()),
        json["format"].as_str(),
        "{name}"
    );
    assert_eq!(
        Some(file.plan.id.as_ref()),
        json["plan"]["id"].as_str(),
        "{name}"
    );
    assert_eq!(
        file.plan.title.as_deref(),
        json["plan"]["title"].as_str(),
        "{name}"
    );
    let areas: Vec<_> = file
        .areas
        .iter()
        .map(|a| {
            (
                a.id.to_string(),
                a.name.to_string(),
                a.parent.as_deref().map(str::to_string),
            )
        })
        .collect();
    let want: Vec<_> = list("areas")
        .iter()
        .map(|a| {
            let s = |k: &str| a.get(k).and_then(Json::as_str).map(str::to_string);
            (s("id").unwrap(), s("name").unwrap(), s("parent"))
        })
        .collect();
    assert_eq!(areas, want, "{name}");
    let inds: Vec<_> = file
        .indicators
        .iter()
        .map(|d| {
            let sum_of = d
                .sum_of
                .as_ref()
                .map(|v| v.iter().map(|s| s.to_string()).collect());
            (d.id.to_string(), d.unit.to_string(), d.additive, sum_of)
        })
        .collect();
    let want: Vec<_> = list("indicators")
        .iter()
        .map(|d| {
            let sum_of = d
                .get("sum_of")
                .filter(|v| !v.is_null())
                .map(|_| strs(d, "sum_of"));
            (
                d["id"].as_str().unwrap().to_string(),
                d["unit"].as_str().unwrap().to_string(),
                d.get("additive").and_then(Json::as_bool),
                sum_of,
            )
        })
        .collect();
    assert_eq!(inds, want, "{name}");
    let tasks: Vec<_> = file
        .tasks
        .iter()
        .map(|t| {
            let lead: Vec<String> = t.lead.iter().map(|s| s.to_string()).collect();
            (t.id.to_string(), lead, t.milestones.len())
        })
        .collect();
    let want: Vec<_> = list("tasks")
        .iter()
        .map(|t| {
            let ms = t
                .get("milestones")
                .and_then(Json::as_array)
                .map_or(0, Vec::len);
            (t["id"].as_str().unwrap().to_string(), strs(t, "lead"), ms)
        })
        .collect();
    assert_eq!(tasks, want, "{name}");
    for kind in [Kind::Target, Kind::Actual] {
        let got: Vec<&Rec> = records
            .0
            .iter()
            .filter(|r| r.0 == kind)
            .map(|r| &r.2)
            .collect();
        let want: Vec<Rec> = list(kind.key()).iter().map(json_rec).collect();
        assert_eq!(got.len(), want.len(), "{name}: {}", kind.key());
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(
                (&g.strings, g.years, g.approx),
                (&w.strings, w.years, w.approx),
                "{name}"
            );
            for (a, b) in g.numbers.iter().zip(&w.numbers) {
                assert!(close(*a, *b), "{name}: {a:?} against {b:?}");
            }
        }
        let indices: Vec<u32> = records
            .0
            .iter()
            .filter(|r| r.0 == kind)
            .map(|r| r.1)
            .collect();
        assert_eq!(
            indices,
            (0..want.len() as u32).collect::<Vec<_>>(),
            "{name}"
        );
    }
}

/// The rules every answer keeps, for any text.
pub(super) fn keeps_the_contract(name: &str, text: &str) {
    let mut records = Collect::default();
    let got = parse(name, text, &mut records);
    let json: Option<Json> =
        serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(text)).ok();
    let e = match got {
        Ok(file) => {
            let Some(json) = &json else {
                panic!("{name}: accepted text that is not JSON: {text:.300}")
            };
            same_as_json(name, &file, &records, json);
            return;
        }
        Err(e) => e,
    };
    assert_eq!(e.file, name);
    if e.message == "the file is empty" {
        assert!(
            text.trim_start_matches('\u{feff}').trim().is_empty(),
            "{name}"
        );
        return;
    }
    assert!(
        e.line.is_some() && e.column.is_some(),
        "{name}: {e}: {text:.300}"
    );
    let Some(json) = &json else { return };
    let Some(pointer) = &e.pointer else {
        panic!("{name}: a syntax error in valid JSON: {e}: {text:.300}")
    };
    assert!(
        json.pointer(pointer).is_some(),
        "{name}: {e}: no such value: {text:.300}"
    );
    // The line and column are those of the value the pointer names (an unknown or
    // repeated key is named by its key, which comes before its value).
    if !e.message.starts_with("unknown field") && !e.message.starts_with("duplicate field") {
        let mut by_pointer = InputError::at(name, pointer.clone(), "");
        place(&mut by_pointer, text);
        assert_eq!(
            (by_pointer.line, by_pointer.column),
            (e.line, e.column),
            "{name}: {e}: {text:.300}"
        );
    }
}

/// The message of `text`, or "ok".
fn message(text: &str) -> String {
    match parse("t.json", text, &mut ()) {
        Ok(_) => "ok".to_string(),
        Err(e) => e.to_string(),
    }
}

const HEAD: &str = r#""format":"planlens/1","plan":{"id":"p"}"#;

/// The messages, each pinned: the reader's contract with the people who write plans.
#[test]
fn messages() {
    let rec =
        |body: &str| format!(r#"{{{HEAD},"targets":[{{"indicator":"x","area":"a",{body}}}]}}"#);
    let cases: Vec<(String, &str)> = vec![
        (format!("{{{HEAD}}}"), "ok"),
        ("\u{feff}  \n".to_string(), "t.json: the file is empty"),
        // The top level.
        ("[1,2]".into(), "t.json:1:1: the top level must be a plan object {…}, found an array"),
        ("\n 5".into(), "t.json:2:2: the top level must be a plan object {…}, found 5"),
        ("\"plan\"".into(), "t.json:1:1: the top level must be a plan object {…}, found string \"plan\""),
        ("nul".into(), "t.json:1:1: the top level must be a plan object {…}, found `nul`"),
        (format!("{{{HEAD}}} {{}}"), "t.json:1:43: unexpected `{` after the plan object"),
        ("{}".into(), "t.json:1:1: missing field `format` in a plan object {…}"),
        (r#"{"format":"planlens/1"}"#.into(), "t.json:1:1: missing field `plan` in a plan object {…}"),
        (r#"{"format":"planlens/2","plan":{"id":"p"}}"#.into(), "t.json:1:11: /format: unknown format \"planlens/2\": this planlens reads \"planlens/1\""),
        (r#"{"plan":{"id":"p"},"areas":[{"x":1}],"format":"planlens/2"}"#.into(), "t.json:1:47: /format: unknown format \"planlens/2\": this planlens reads \"planlens/1\""),
        (format!("{{{HEAD},\"areaz\":[]}}"), "t.json:1:42: /areaz: unknown field `areaz` (did you mean `areas`?): a plan object {…} has `$schema`, `format`, `plan`, `areas`, `indicators`, `targets`, `actuals`, `tasks`"),
        (format!("{{{HEAD},\"plan\":{{}}}}"), "t.json:1:42: /plan: duplicate field `plan`"),
        // Syntax.
        ("{\n  \"format\": \"planlens/1\"\n  \"plan\": {}\n}".into(), "t.json:3:3: expected `,` or `}`, found `\"plan\"`"),
        (r#"{"format" "planlens/1"}"#.into(), "t.json:1:11: expected `:` after the key, found `\"planlens/1\"`"),
        (r#"{format:1}"#.into(), "t.json:1:2: expected a key in double quotes, found `format`"),
        (format!("{{{HEAD},}}"), "t.json:1:42: trailing comma before `}`"),
        (format!("{{{HEAD},\"areas\":[{{\"id\":\"a\",\"name\":\"A\"}},]}}"), "t.json:1:73: trailing comma before `]`"),
        (format!("{{{HEAD},\"areas\":[{{\"id\":\"a\",\"name\":\"A\"}} 1]}}"), "t.json:1:73: expected `,` or `]`, found `1`"),
        (r#"{"format":"planlens/1","plan":{"id":"p"#.into(), "t.json:1:39: the file is cut off: it ends inside a string"),
        (r#"{"format":"planlens/1","plan":{"id":"p""#.into(), "t.json:1:40: the file is cut off: it ends inside an object"),
        (r#"{"format":"planlens/1","plan":"#.into(), "t.json:1:31: the file is cut off: it ends where a value should be"),
        (r#"{"format":"planlens/1","areas":[{"id":"a","name":"A"}"#.into(), "t.json:1:54: the file is cut off: it ends inside an array"),
        (r#"{"format":"plan\x"}"#.into(), "t.json:1:16: invalid escape `\\x` in a string"),
        (r#"{"format":"\u00e9\ud800"}"#.into(), "t.json:1:18: `\\ud800` is half of a surrogate pair without its other half"),
        ("{\"format\":\"a\tb\"}".into(), "t.json:1:13: a control character (U+0009) inside a string: write it as \\u0009"),
        // Values of the wrong kind, where they stand.
        (r#"{"format":5}"#.into(), "t.json:1:11: /format: expected a string, found 5"),
        (r#"{"format":"planlens/1","plan":[]}"#.into(), "t.json:1:31: /plan: expected a plan description object, found an array"),
        (r#"{"format":"planlens/1","plan":{"id":null}}"#.into(), "t.json:1:37: /plan/id: expected a string, found null"),
        (format!("{{{HEAD},\"areas\":{{}}}}"), "t.json:1:50: /areas: expected an array of areas, found an object"),
        (format!("{{{HEAD},\"areas\":[\"a\"]}}"), "t.json:1:51: /areas/0: expected an area object, found string \"a\""),
        (format!("{{{HEAD},\"areas\":[{{\"id\":\"a\"}}]}}"), "t.json:1:51: /areas/0: missing field `name` in an area object"),
        (format!("{{{HEAD},\"indicators\":[{{\"id\":\"i\",\"name\":\"n\",\"unit\":\"u\",\"additive\":1}}]}}"), "t.json:1:99: /indicators/0/additive: expected true or false, found 1"),
        (format!("{{{HEAD},\"indicators\":[{{\"id\":\"i\",\"name\":\"n\",\"unit\":\"u\",\"sum_of\":[\"a\",2]}}]}}"), "t.json:1:102: /indicators/0/sum_of/1: expected a string, found 2"),
        (format!("{{{HEAD},\"indicators\":[{{\"id\":\"i\",\"name\":\"n\",\"unit\":\"u\",\"better\":\"more\"}}]}}"), "t.json:1:97: /indicators/0/better: expected \"higher\" or \"lower\", found string \"more\""),
        (format!("{{{HEAD},\"indicators\":[{{\"id\":\"i\",\"name\":\"n\",\"unit\":\"u\",\"tolerance\":true}}]}}"), "t.json:1:100: /indicators/0/tolerance: expected a tolerance (a number, or a string such as \"0.5%\"), found true"),
        (format!("{{{HEAD},\"indicators\":[{{\"id\":\"i\",\"name\":\"n\",\"unit\":\"u\",\"tolerance\":\"-1%\"}}]}}"), "t.json:1:100: /indicators/0/tolerance: tolerance must not be negative, found -1%"),
        (format!("{{{HEAD},\"indicators\":[{{\"id\":\"i\",\"name\":\"n\",\"unit\":\"u\",\"share_of\":{{\"numerator\":\"a\",\"times\":1}}}}]}}"), "t.json:1:116: /indicators/0/share_of/times: unknown field `times`: a share_of object has `numerator`, `denominator`"),
        (format!("{{{HEAD},\"tasks\":[{{\"id\":\"t\",\"title\":\"T\",\"milestones\":[{{\"due\":\"2020\"}}]}}]}}"), "t.json:1:87: /tasks/0/milestones/0: missing field `text` in a milestone object"),
        // Records.
        (rec(r#""vaule":1"#), "t.json:1:81: /targets/0/vaule: unknown field `vaule` (did you mean `value`?): a record object has `indicator`, `area`, `year`, `year_text`, `period`, `base_year`, `value`, `approx`, `min`, `max`, `source`, `group`, `note`"),
        (rec(r#""value":1,"value":2"#), "t.json:1:91: /targets/0/value: duplicate field `value`"),
        (format!(r#"{{{HEAD},"targets":[{{"area":"a"}}]}}"#), "t.json:1:53: /targets/0: missing field `indicator` in a record object"),
        (format!(r#"{{{HEAD},"targets":[["x","a",2011]]}}"#), "t.json:1:53: /targets/0: expected a record object, found an array"),
        (rec(r#""value":"12""#), "t.json:1:89: /targets/0/value: expected a number, found string \"12\""),
        (rec(r#""value":NaN"#), "t.json:1:89: /targets/0/value: expected a number, found `NaN`"),
        (rec(r#""value":01"#), "t.json:1:89: /targets/0/value: expected a number, found `01`"),
        (rec(r#""value":1.}"#), "t.json:1:89: /targets/0/value: expected a number, found `1.`"),
        (rec(r#""value":,"#), "t.json:1:89: /targets/0/value: expected a number, found `,`"),
        (rec(r#""value":1e400"#), "t.json:1:89: /targets/0/value: the number 1e400 is out of the exact range (at most 28 significant digits and ±7.9e28)"),
        (rec(r#""year":2011.5"#), "t.json:1:88: /targets/0/year: expected an integer year, found 2011.5"),
        (rec(r#""year":"2011""#), "t.json:1:88: /targets/0/year: expected an integer year, found string \"2011\""),
        (rec(r#""year":99999999999999999999"#), "t.json:1:88: /targets/0/year: year 99999999999999999999 is outside 1900–2200"),
        (rec(r#""approx":"yes""#), "t.json:1:90: /targets/0/approx: expected true or false, found string \"yes\""),
        (rec(r#""source":["a"]"#), "t.json:1:90: /targets/0/source: expected a string, found an array"),
        (format!(r#"{{{HEAD},"actuals":[{{"indicator":"x","area":"a","year":2011,"value":{{"a":1}}}}]}}"#), "t.json:1:101: /actuals/0/value: expected a number, found an object"),
        (format!(r#"{{{HEAD},"targets":null}}"#), "t.json:1:52: /targets: expected an array of records, found null"),
        // Places are counted in characters, on lines.
        (format!("{{{HEAD},\n\"areas\":[{{\"id\":\"中文\",\"name\":\"名\",\"parent\":5}}]}}"), "t.json:2:41: /areas/0/parent: expected a string, found 5"),
        ("{\"format\":\"planlens/1\",\r\n\"plan\":{\"id\":\"p\"},\r\n\"x\":1}".into(), "t.json:3:1: /x: unknown field `x`: a plan object {…} has `$schema`, `format`, `plan`, `areas`, `indicators`, `targets`, `actuals`, `tasks`"),
    ];
    let mut wrong = Vec::new();
    for (text, want) in &cases {
        let got = message(text);
        if got != *want {
            wrong.push(format!("{text}\n  want {want}\n  got  {got}"));
        }
        keeps_the_contract("t.json", text);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

const VALUES: &[&str] = &[
    "null",
    "true",
    "false",
    "nul",
    "tru",
    "falsy",
    "nulll",
    "x",
    "",
    "0",
    "1",
    "-1",
    "-0",
    "01",
    "-01",
    "-",
    "1.",
    "1.e5",
    "1e",
    "1e+",
    "1e-",
    "1ex",
    "1.5",
    "2011",
    "2011.5",
    "2011.0",
    "1e5",
    "1E+400",
    "1e-400",
    "-1e-400",
    "0e999999999999",
    "1e999999999999",
    "1e-999999999999",
    "0.1e-3",
    "1e308",
    "2e308",
    "1.7976931348623157e308",
    "-1.7976931348623157e308",
    "5e-324",
    "2.5e-324",
    "1e-330",
    "18446744073709551615",
    "18446744073709551616",
    "184467440737095516150",
    "18446744073709551615.5",
    "1844674407370955161.5",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "123456789012345678901234567890",
    "123456789012345678901234567890.5e-3",
    "0.123456789012345678901234567890",
    "0.1234567890123456789012345678901234567890e10",
    "12345678901234567.89",
    "0.30000000000000004",
    "1e22",
    "1e23",
    "9007199254740993",
    "149724588280914.125",
    "-1737470848118124.25",
    "1e21",
    "\"\"",
    "\"s\"",
    "\"2011\"",
    "\"\\u0041\\u00e9\\u4e2d\"",
    "\"\\ud83d\\ude00\"",
    "\"\\ud800\"",
    "\"\\udc00\"",
    "\"\\ud800\\u0041\"",
    "\"\\ud800\\ud800\"",
    "\"\\ud800x\"",
    "\"\\ud800\\x\"",
    "\"\\ud800\\",
    "\"\\ud800",
    "\"\\x\"",
    "\"\\u12G4\"",
    "\"\\u12",
    "\"\\u12\"",
    "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
    "\"a\tb\"",
    "\"a\nb\"",
    "\"a\u{1}\"",
    "\"a",
    "\"a\\",
    "\"中文\"",
    "\"x at line 3 column 4\"",
    "\"0 at line 0 column 4\"",
    "\"0.5 at line 2 column 9\"",
    "\"0.5%\"",
    "\" 0.5 % \"",
    "\"-1\"",
    "\"-0\"",
    "\"1e400\"",
    "\"abc\"",
    "\"higher\"",
    "\"lower\"",
    "\"middle\"",
    "[]",
    "[1]",
    "[\"a\"]",
    "[\"a\",\"b\"]",
    "[\"a\",]",
    "[\"a\" \"b\"]",
    "[1,]",
    "[1 2]",
    "[",
    "[1",
    "[1,",
    "[null]",
    "[[1]]",
    "{}",
    "{\"a\":1}",
    "{\"a\":1,}",
    "{\"a\" 1}",
    "{\"a\":}",
    "{1:2}",
    "{\"a\":1 \"b\":2}",
    "{\"a\"",
    "{\"a\":",
    "{",
    "{\"higher\":null}",
    "{\"lower\":null}",
    "{\"lower\" : null }",
    "{\"higher\":null,\"x\":1}",
    "{\"higher\":1}",
    "{\"higher\":\"x\"}",
    "{\"higher\"}",
    "{\"higher\":nul}",
    "{\"middle\":null}",
    "{\"id\":\"q\"}",
    "{\"numerator\":\"a\",\"denominator\":\"b\"}",
    "{\"numerator\":\"a\"}",
    "[\"a\",\"b\",\"c\"]",
    "{\"due\":\"2020\",\"text\":\"t\"}",
    "[\"2020\",\"t\"]",
    "[\"2020\"]",
    "{\"a\":[1,{\"b\":[true,false,null,\"\\u0000\"]}]}",
    "{\"a\":[1,{\"b\":[true,false,null,\"\\ud800\"]}]}",
    "}",
    "]",
    ",",
    ":",
];

const SLOTS: &[&str] = &[
    // The file.
    r#"{"$schema":@,HEAD}"#,
    r#"{"format":@,"plan":{"id":"p"}}"#,
    r#"{"format":"planlens/1","plan":@}"#,
    r#"{HEAD,"areas":@}"#,
    r#"{HEAD,"indicators":@}"#,
    r#"{HEAD,"targets":@}"#,
    r#"{HEAD,"actuals":@}"#,
    r#"{HEAD,"tasks":@}"#,
    r#"{HEAD,"areas":[],"areas":@}"#,
    r#"{HEAD,"vaule":@}"#,
    r#"{HEAD,@:1}"#,
    r#"{HEAD @}"#,
    r#"{HEAD,"areas":[]}@"#,
    r#"{"format":"planlens/2","plan":{"id":"p"},"x":@}"#,
    r#"{"plan":{"id":"p"},"targets":[{"indicator":@}],"format":"planlens/3"}"#,
    // The plan.
    r#"{"format":"planlens/1","plan":{"id":@}}"#,
    r#"{"format":"planlens/1","plan":{"id":"p","title":@}}"#,
    r#"{"format":"planlens/1","plan":{"id":"p","note":@}}"#,
    r#"{"format":"planlens/1","plan":{"title":@}}"#,
    r#"{"format":"planlens/1","plan":{"id":"p","id":@}}"#,
    r#"{"format":"planlens/1","plan":{"id":"p","ttle":@}}"#,
    r#"{"format":"planlens/1","plan":[@]}"#,
    r#"{"format":"planlens/1","plan":["p",@]}"#,
    r#"{"format":"planlens/1","plan":["p","t","i","d","2020","s","n",@]}"#,
    // Areas.
    r#"{HEAD,"areas":[{"id":@,"name":"n"}]}"#,
    r#"{HEAD,"areas":[{"id":"a","name":@}]}"#,
    r#"{HEAD,"areas":[{"id":"a","name":"n","parent":@}]}"#,
    r#"{HEAD,"areas":[{"id":"a","parent":@}]}"#,
    r#"{HEAD,"areas":[{"id":"a","name":"n"},@]}"#,
    r#"{HEAD,"areas":[["a",@]]}"#,
    // Indicators.
    r#"{HEAD,"indicators":[{"id":@,"name":"n","unit":"u"}]}"#,
    r#"{HEAD,"indicators":[{"id":"i","name":"n","unit":@}]}"#,
    r#"{HEAD,"indicators":[{"id":"i","name":"n","unit":"u","additive":@}]}"#,
    r#"{HEAD,"indicators":[{"id":"i","name":"n","unit":"u","sum_of":@}]}"#,
    r#"{HEAD,"indicators":[{"id":"i","name":"n","unit":"u","sum_of":["a",@]}]}"#,
    r#"{HEAD,"indicators":[{"id":"i","name":"n","unit":"u","tolerance":@}]}"#,
    r#"{HEAD,"indicators":[{"id":"i","name":"n","unit":"u","tolerance":@,"note":"x"}]}"#,
    r#"{HEAD,"indicators":[{"id":"i","name":"n","unit":"u","better":@}]}"#,
    r#"{HEAD,"indicators":[{"id":"i","name":"n","unit":"u","better":@,"note":"x"}]}"#,
    r#"{HEAD,"indicators":[{"id":"i","name":"n","unit":"u","growth_of":@}]}"#,
    r#"{HEAD,"indicators":[{"id":"i","name":"n","unit":"u","share_of":@}]}"#,
    r#"{HEAD,"indicators":[{"id":"i","name":"n","unit":"u","share_of":{"numerator":@,"denominator":"d"}}]}"#,
    r#"{HEAD,"indicators":[{"id":"i","name":"n","unit":"u","share_of":{"numerator":"a","denominator":"d","x":@}}]}"#,
    r#"{HEAD,"indicators":[{"id":"i","name":"n","unit":"u","share_of":["a",@]}]}"#,
    r#"{HEAD,"indicators":[{"id":"i","name":"n","unit":"u","unit":@}]}"#,
    r#"{HEAD,"indicators":[{"id":"i","name":"n"},@]}"#,
    r#"{HEAD,"indicators":[["i","n","u",@]]}"#,
    r#"{HEAD,"indicators":[["i","n","u",null,null,@,"lower"]]}"#,
    // Targets as objects and as arrays; actuals.
    r#"{HEAD,"targets":[{"indicator":@,"area":"a","year":2011,"value":1}]}"#,
    r#"{HEAD,"targets":[{"indicator":"x","area":@,"year":2011,"value":1}]}"#,
    r#"{HEAD,"targets":[{"indicator":"x","area":"a","year":@,"value":1}]}"#,
    r#"{HEAD,"targets":[{"indicator":"x","area":"a","year":2011,"value":@}]}"#,
    r#"{HEAD,"targets":[{"indicator":"x","area":"a","year":2011,"value":@},{"indicator":"x","area":"a","year":2012,"value":2}]}"#,
    r#"{HEAD,"targets":[{"indicator":"x","area":"a","year":2011,"min":@,"max":5}]}"#,
    r#"{HEAD,"targets":[{"indicator":"x","area":"a","year":2011,"max":@}]}"#,
    r#"{HEAD,"targets":[{"indicator":"x","area":"a","year":2011,"value":1,"approx":@}]}"#,
    r#"{HEAD,"targets":[{"indicator":"x","area":"a","year_text":@,"value":1}]}"#,
    r#"{HEAD,"targets":[{"indicator":"x","area":"a","year":2015,"base_year":@,"value":1}]}"#,
    r#"{HEAD,"targets":[{"indicator":"x","area":"a","year":2011,"value":1,"period":@,"source":@,"note":@}]}"#,
    r#"{HEAD,"targets":[{"indicator":"x","area":"a","year":2011,"value":1,"vaule":@}]}"#,
    r#"{HEAD,"targets":[{"indicator":"x","area":"a","year":2011,"value":1,"year":@}]}"#,
    r#"{HEAD,"targets":[{"area":"a","year":2011,"value":@}]}"#,
    r#"{HEAD,"targets":[{"indicator":"x","area":"a","value":1},@]}"#,
    r#"{HEAD,"targets":[["x","a",@,null,null,null,5]]}"#,
    r#"{HEAD,"targets":[["x","a",2011,null,null,null,@]]}"#,
    r#"{HEAD,"targets":[["x",@]]}"#,
    r#"{HEAD,"targets":[[@]]}"#,
    r#"{HEAD,"targets":[["x","a",2011,null,null,null,5,null,null,null,null,null,@]]}"#,
    r#"{HEAD,"targets":[["x","a",2011,null,"p",null,null,null,1,2,"s",@]]}"#,
    r#"{HEAD,"actuals":[{"indicator":"x","area":"a","year":@,"value":1}]}"#,
    r#"{HEAD,"actuals":[{"indicator":"x","area":"a","year":2011,"value":@}]}"#,
    r#"{HEAD,"actuals":[["x","a",2011,null,null,null,@]]}"#,
    r#"{HEAD,"targets":[{"indicator":"x","area":"a","year":2011,"value":1}],"actuals":[{"indicator":"y","area":@,"year":2011,"value":1}]}"#,
    // Tasks and milestones.
    r#"{HEAD,"tasks":[{"id":@,"title":"t"}]}"#,
    r#"{HEAD,"tasks":[{"id":"t","title":@}]}"#,
    r#"{HEAD,"tasks":[{"id":"t","title":"t","lead":@}]}"#,
    r#"{HEAD,"tasks":[{"id":"t","title":"t","lead":["a",@]}]}"#,
    r#"{HEAD,"tasks":[{"id":"t","title":"t","support":@}]}"#,
    r#"{HEAD,"tasks":[{"id":"t","title":"t","area":@,"due":@}]}"#,
    r#"{HEAD,"tasks":[{"id":"t","title":"t","milestones":@}]}"#,
    r#"{HEAD,"tasks":[{"id":"t","title":"t","milestones":[{"due":@,"text":"x"}]}]}"#,
    r#"{HEAD,"tasks":[{"id":"t","title":"t","milestones":[{"due":"2020","text":"x","source":@}]}]}"#,
    r#"{HEAD,"tasks":[{"id":"t","title":"t","milestones":[{"due":"2020","txt":@}]}]}"#,
    r#"{HEAD,"tasks":[{"id":"t","title":"t","milestones":[["2020",@]]}]}"#,
    r#"{HEAD,"tasks":[{"id":"t","title":"t","indicators":@}]}"#,
    r#"{HEAD,"tasks":[{"id":"t","title":"t","note":@}]}"#,
    r#"{HEAD,"tasks":[{"id":"t","title":"t","lead":[],"lead":@}]}"#,
    r#"{HEAD,"tasks":[{"title":"t","id":@}]}"#,
    r#"{HEAD,"tasks":[["t",@]]}"#,
];

/// Compact, and with spaces and CRLF line ends between the tokens of the template.
fn layouts(slot: &str, value: &str) -> [String; 3] {
    let filled = slot.replace("HEAD", HEAD).replace('@', value);
    let mut spaced = String::new();
    let mut in_string = false;
    let mut prev = ' ';
    let template = slot.replace("HEAD", HEAD);
    for c in template.chars() {
        if c == '@' {
            spaced.push_str(value);
            continue;
        }
        if c == '"' && prev != '\\' {
            in_string = !in_string;
        }
        spaced.push(c);
        if !in_string && matches!(c, ',' | ':' | '{' | '[') {
            spaced.push_str(" \r\n  ");
        }
        prev = c;
    }
    let trailing = filled.replace("}]", "}\n ]").replace(",\"", " ,\t\"");
    [filled, spaced, trailing]
}

#[test]
fn every_value_in_every_slot() {
    let mut n = 0;
    for (s, slot) in SLOTS.iter().enumerate() {
        for (v, value) in VALUES.iter().enumerate() {
            for (l, text) in layouts(slot, value).iter().enumerate() {
                keeps_the_contract(&format!("slot{s}-value{v}-layout{l}.json"), text);
                n += 1;
            }
        }
    }
    assert!(n > 10_000);
}

#[test]
fn deep_and_odd_files() {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let deep_obj = |n: usize| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
    let cases = [
        "\u{feff}{\"format\":\"planlens/1\",\"plan\":{\"id\":\"p\"}}".to_string(),
        "\u{feff}".to_string(),
        "\u{feff}[]".to_string(),
        format!("{{{HEAD},\"targets\":{}}}", deep(300)),
        format!("{{{HEAD},\"targets\":[{{\"indicator\":\"x\",\"area\":\"a\",\"value\":{}}}]}}", deep(5000)),
        format!("{{{HEAD},\"targets\":[{{\"indicator\":\"x\",\"area\":\"a\",\"value\":{}}}]}}", deep_obj(5000)),
        format!("{{{HEAD},\"x\":{}}}", deep(5000)),
        format!("{{\"format\":\"planlens/2\",\"plan\":{{\"id\":\"p\"}},\"x\":{}}}", deep(5000)),
        deep(100_000),
        format!("{{{}", deep(200)),
        "{\"\u{4e2d}\":1,\"format\":\"planlens/1\",\"plan\":{\"id\":\"p\"}}".to_string(),
        "{\"format\":\"planlens/1\",\"plan\":{\"id\":\"p\"},\"targets\":[{\"a/b~c\":1}]}".to_string(),
        "{\"format\":\"planlens/1\",\"plan\":{\"id\":\"p\"},\"targets\":[{\"a\\/b\\u007ec\":1}]}".to_string(),
        "{\"format\":\"planlens/1\",\"plan\":{\"id\":\"p\"},\"t\\u0061rgets\":[{\"\\u0069ndicator\":\"x\",\"area\":\"a\",\"year\":2011,\"value\":1}]}".to_string(),
        "{\"format\":\"planlens/2\",\"format\":\"planlens/1\",\"plan\":{\"id\":\"p\"},\"x\":1}".to_string(),
        "{\"format\":null,\"plan\":{\"id\":\"p\"},\"x\":1}".to_string(),
        "{\"format\":\"planlens/2\",\"plan\":{\"id\":\"p\"},\"\\ud800\":1}".to_string(),
    ];
    for (i, text) in cases.iter().enumerate() {
        keeps_the_contract(&format!("odd{i}.json"), text);
    }
    // Escaped keys and pointers with `/` and `~` in them.
    assert_eq!(
        message(&cases[11]),
        "t.json:1:54: /targets/0/a~1b~0c: unknown field `a/b~c`: a record object has `indicator`, `area`, `year`, `year_text`, `period`, `base_year`, `value`, `approx`, `min`, `max`, `source`, `group`, `note`"
    );
    assert_eq!(message(&cases[12]), message(&cases[11]));
    assert_eq!(message(&cases[13]), "ok");
}

/// The same on every file of the test corpora.
#[test]
fn corpora() {
    let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let mut n = 0;
    for dir in [
        "tests/hostile",
        "tests/fixtures/errors",
        "tests/fixtures",
        "plans",
        "fuzz/regressions/parse",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            if let Ok(text) = std::str::from_utf8(&bytes) {
                keeps_the_contract(&e.path().display().to_string(), text);
                n += 1;
            }
        }
    }
    assert!(n > 50, "{n}");
}

#[cfg(not(target_arch = "wasm32"))]
mod mutations {
    use super::*;
    use proptest::prelude::*;

    /// Valid plans to mutate: small crafted ones and the example plans.
    fn seeds() -> Vec<String> {
        let mut v: Vec<String> = vec![
            format!(
                r#"{{{HEAD},"areas":[{{"id":"a","name":"A","parent":"cn"}}],"indicators":[{{"id":"x","name":"X","unit":"亿元","tolerance":"0.5%","better":"lower","sum_of":["y"],"share_of":{{"numerator":"y","denominator":"z"}}}}],"targets":[{{"indicator":"x","area":"a","year":2011,"value":1.5,"approx":true}},{{"indicator":"x","area":"a","year":2012,"period":"十二五","base_year":2010,"min":1,"max":2e1,"source":"s","note":"n"}}],"actuals":[{{"indicator":"x","area":"a","year":2011,"min":-0.25}}],"tasks":[{{"id":"t","title":"T","lead":["u"],"milestones":[{{"due":"2020","text":"m"}}],"indicators":["x"]}}]}}"#
            ),
            "{\r\n \"format\" : \"planlens/1\" ,\r\n \"plan\" : { \"id\" : \"p\\u4e2d\" , \"title\" : \"\\\"t\\\"\" } ,\r\n \"targets\" : [ { \"indicator\" : \"x\" , \"area\" : \"a\" , \"year\" : 2011 , \"value\" : 10 } ]\r\n}\r\n".to_string(),
        ];
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
        for dir in ["plans", "tests/fixtures"] {
            for e in std::fs::read_dir(root.join(dir))
                .into_iter()
                .flatten()
                .flatten()
            {
                if let Ok(text) = std::fs::read_to_string(e.path()) {
                    if text.len() < 20_000 && parse("seed", &text, &mut ()).is_ok() {
                        v.push(text);
                    }
                }
            }
        }
        v
    }

    /// Bytes that make JSON go wrong in interesting ways.
    const ALPHABET: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\\",
        "\\u",
        "\\ud800",
        "\\udc00",
        "u",
        "0",
        "1",
        "9",
        "-",
        "+",
        ".",
        "e",
        "E",
        "n",
        "null",
        "t",
        "true",
        "f",
        " ",
        "\n",
        "\r\n",
        "\t",
        "\u{1}",
        "x",
        "中",
        "1e400",
        "18446744073709551616",
        "2011.5",
        "-0",
        "\"year\"",
        "\"value\"",
        "\"indicator\"",
        "\"areas\"",
        "\"format\"",
        "\"planlens/2\"",
    ];

    #[derive(Debug, Clone)]
    enum Edit {
        Delete(usize, usize),
        Insert(usize, usize),
        Replace(usize, usize, usize),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            (any::<usize>(), 1usize..4).prop_map(|(a, n)| Edit::Delete(a, n)),
            (any::<usize>(), 0..ALPHABET.len()).prop_map(|(a, s)| Edit::Insert(a, s)),
            (any::<usize>(), 1usize..3, 0..ALPHABET.len())
                .prop_map(|(a, n, s)| Edit::Replace(a, n, s)),
        ]
    }

    fn apply(text: &str, edits: &[Edit]) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        for e in edits {
            let len = chars.len().max(1);
            match *e {
                Edit::Delete(a, n) => {
                    let a = a % len;
                    let b = (a + n).min(chars.len());
                    chars.drain(a.min(b)..b);
                }
                Edit::Insert(a, s) => {
                    let at = a % (chars.len() + 1);
                    let ins: Vec<char> = ALPHABET[s].chars().collect();
                    chars.splice(at..at, ins);
                }
                Edit::Replace(a, n, s) => {
                    let a = a % len;
                    let b = (a + n).min(chars.len());
                    let ins: Vec<char> = ALPHABET[s].chars().collect();
                    chars.splice(a.min(b)..b, ins);
                }
            }
        }
        chars.into_iter().collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        #[test]
        fn mutated_plans_keep_the_contract(
            seed in any::<prop::sample::Index>(),
            edits in prop::collection::vec(edit(), 1..4),
        ) {
            let seeds = seeds();
            let text = apply(&seeds[seed.index(seeds.len())], &edits);
            keeps_the_contract("mutated.json", &text);
        }
    }
}
