//! The reader against the derive path (`load::parse_plan`, serde_json over the types
//! of `raw.rs`): the same refusals with the same message, line, column and pointer,
//! and for accepted files the same plan, ids and figures.

use super::super::load::{parse_into, parse_plan};
use super::super::stream::{Ctx, LocalIds, Sink, Stream};
use super::*;

/// `parse_into` gives what `parse_plan` gives: the same error, or the same file with
/// the derive's records pushed as `Model::load` pushes them.
pub(crate) fn same_as_derive(name: &str, text: &str) {
    let derived = parse_plan(name, text);
    let mut sink = Sink::default();
    let streamed = parse_into(name, text, 0, &mut sink);
    match (derived, streamed) {
        (Err(d), Err(s)) => assert_eq!(s, d, "{name}: {text:.300}"),
        (Ok(mut d), Ok(s)) => {
            let mut expected = Sink::default();
            let mut ctx = Ctx {
                plan: 0,
                sink: &mut expected,
                inds: LocalIds::default(),
                areas: LocalIds::default(),
            };
            let mut streams = Vec::new();
            for (records, kind) in [
                (std::mem::take(&mut d.targets), Kind::Target),
                (std::mem::take(&mut d.actuals), Kind::Actual),
            ] {
                let start = ctx.sink.figures.len();
                let mut stop = None;
                for (i, mut r) in records.into_iter().enumerate() {
                    if stop.is_none() {
                        stop = ctx.push(&mut r, i as u32, kind).err();
                    }
                }
                streams.push(Stream {
                    figures: start..ctx.sink.figures.len(),
                    stop,
                });
            }
            let (inds, areas) = (ctx.inds, ctx.areas);
            // The reader pushes in the order of the text, this in the order targets,
            // actuals: the figures are compared with their ids as names.
            for (got, want) in [(&s.targets, &streams[0]), (&s.actuals, &streams[1])] {
                assert_eq!(
                    resolved(&sink, got, &s.inds, &s.areas),
                    resolved(&expected, want, &inds, &areas),
                    "{name}"
                );
            }
            let sorted = |ids: &LocalIds| {
                let mut v: Vec<String> = ids.names.iter().map(|n| n.to_string()).collect();
                v.sort();
                v
            };
            assert_eq!(sorted(&s.inds), sorted(&inds), "{name}");
            assert_eq!(sorted(&s.areas), sorted(&areas), "{name}");
            assert_eq!(format!("{:?}", s.file), format!("{d:?}"), "{name}");
        }
        (d, s) => panic!(
            "{name}: derive {:?}, reader {:?}: {text:.300}",
            d.map(|_| ()),
            s.map(|_| ())
        ),
    }
}

/// A stream's figures, texts and stop with their ids as names.
fn resolved(sink: &Sink, s: &Stream, inds: &LocalIds, areas: &LocalIds) -> Vec<String> {
    let name = |ids: &LocalIds, i: u32| ids.names[i as usize].to_string();
    let mut out: Vec<String> = s
        .figures
        .clone()
        .map(|i| {
            let f = &sink.figures[i];
            format!(
                "{:?} {:?} {} {} {:?} {:?} {:?} {} {} {:?}",
                f.plan,
                f.kind,
                name(inds, f.ind),
                name(areas, f.area),
                f.year,
                f.base_year,
                f.value,
                f.approx,
                f.rec,
                sink.texts[i]
            )
        })
        .collect();
    if let Some(stop) = &s.stop {
        out.push(format!(
            "stop {} {} {} {} {}",
            stop.rec,
            name(inds, stop.ind),
            name(areas, stop.area),
            stop.key,
            stop.message
        ));
    }
    out
}

const HEAD: &str = r#""format":"planlens/1","plan":{"id":"p"}"#;

/// Values of every kind, valid or not, for every slot of the format.
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

/// The slots: `@` is replaced by a value.
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

/// Compact, and with spaces and CRLF line ends between the tokens of the template
/// (data errors are placed after the whitespace that follows a value).
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
                same_as_derive(&format!("slot{s}-value{v}-layout{l}.json"), text);
                n += 1;
            }
        }
    }
    assert!(n > 10_000);
}

#[test]
fn top_levels_and_whole_files() {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let deep_obj = |n: usize| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
    let cases = [
        "\u{feff}{\"format\":\"planlens/1\",\"plan\":{\"id\":\"p\"}}".to_string(),
        "\u{feff}".to_string(),
        "\u{feff}[]".to_string(),
        "{\"format\":\"planlens/1\",\r\n\"plan\":{\"id\":\"p\"},\r\n\"targets\":[{\"indicator\":\"x\",\"area\":\"a\",\"year\":2011,\"value\":\"1\"}\r\n]}\r\n".to_string(),
        "{\r\n\"format\":\"planlens/1\",\r\n\"plan\":{\"id\":\"p\"},\r\n\"oops\"\r\n:1}".to_string(),
        format!("{{{HEAD},\"targets\":{}}}", deep(300)),
        format!("{{{HEAD},\"targets\":[{{\"indicator\":\"x\",\"area\":\"a\",\"value\":{}}}]}}", deep(5000)),
        format!("{{{HEAD},\"targets\":[{{\"indicator\":\"x\",\"area\":\"a\",\"value\":{}}}]}}", deep_obj(5000)),
        format!("{{{HEAD},\"x\":{}}}", deep(5000)),
        format!("{{\"format\":\"planlens/2\",\"plan\":{{\"id\":\"p\"}},\"x\":{}}}", deep(5000)),
        deep(5000),
        format!("{{{}", deep(200)),
        format!("{{\"a\":{}", deep_obj(200)),
        "true".to_string(),
        "true x".to_string(),
        "null".to_string(),
        "nul".to_string(),
        "x".to_string(),
        " \t\r\n{".to_string(),
        "{\"format\":\"planlens/1\"".to_string(),
        "{\"\u{4e2d}\":1,\"format\":\"planlens/1\",\"plan\":{\"id\":\"p\"}}".to_string(),
        "{\"format\":\"planlens/1\",\"plan\":{\"id\":\"p\"},\"targets\":[{\"indicator\":\"x\",\"area\":\"a\",\"year\":2011,\"v\u{e4}lue\":1}]}".to_string(),
        "{\"format\":\"planlens/1\",\"plan\":{\"id\":\"p\"},\"targets\":[{\"a/b~c\":1}]}".to_string(),
        "{\"format\":\"planlens/1\",\"plan\":{\"id\":\"p\"},\"targets\":[{\"a\\/b\\u007ec\":1}]}".to_string(),
        "{\"format\":\"planlens/1\",\"plan\":{\"id\":\"p\"},\"t\\u0061rgets\":[{\"\\ud800\":1}]}".to_string(),
        "{\"format\":\"planlens/1\",\"plan\":{\"id\":\"p\"},\"indicators\":[{\"id\":\"i\",\"name\":\"n\",\"unit\":\"u\",\"tolerance\":\"\\ud800\"}]}".to_string(),
        "{\"format\":\"planlens/1\",\n\"plan\":{\"id\":\"p\"},\n\"indicators\":[{\"id\":\"i\",\"name\":\"n\",\"unit\":\"u\",\"tolerance\":\"\\u0031\\udc00\"}]}".to_string(),
        "{\"format\":\"planlens/1\",\"format\":\"planlens/1\",\"plan\":{\"id\":\"p\"}}".to_string(),
        "{\"format\":\"planlens/2\",\"format\":\"planlens/1\",\"plan\":{\"id\":\"p\"},\"x\":1}".to_string(),
        "{\"format\":null,\"plan\":{\"id\":\"p\"},\"x\":1}".to_string(),
        "{\"format\":\"planlens/2\",\"plan\":{\"id\":\"p\"},\"x\":1} x".to_string(),
        "{\"format\":\"planlens/2\",\"plan\":{\"id\":\"p\"},\"x\":1,\"y\":\"\\ud800\"}".to_string(),
        "{\"format\":\"planlens/2\",\"plan\":{\"id\":\"p\"},\"\\ud800\":1}".to_string(),
    ];
    for (i, text) in cases.iter().enumerate() {
        same_as_derive(&format!("top{i}.json"), text);
    }
}

/// The same on every file of the test corpora.
#[test]
fn corpora() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    // Every folder is there and gives files: a moved corpus fails instead of thinning
    // the test out.
    for (dir, at_least) in [
        ("tests/hostile", 60),
        ("tests/fixtures/errors", 20),
        ("tests/fixtures", 2),
        ("plans", 8),
        ("fuzz/regressions/parse", 1),
    ] {
        let entries = std::fs::read_dir(root.join(dir)).unwrap_or_else(|e| panic!("{dir}: {e}"));
        let mut here = 0;
        for e in entries.flatten().filter(|e| e.path().is_file()) {
            let bytes = std::fs::read(e.path()).unwrap();
            if let Ok(text) = std::str::from_utf8(&bytes) {
                same_as_derive(&e.path().display().to_string(), text);
                here += 1;
            }
        }
        assert!(here >= at_least, "{dir}: {here} files");
        n += here;
    }
    assert!(n > 90, "{n}");
}

#[test]
fn powers_of_ten_are_correctly_rounded() {
    for k in 0..=308 {
        let expected: f64 = format!("1e{k}").parse().unwrap();
        assert_eq!(pow10(k), Some(expected), "1e{k}");
    }
    assert_eq!(pow10(309), None);
}

/// serde_json's printing of a float in messages.
fn zmij(x: f64) -> String {
    use serde::de::Error as _;
    let e = serde_json::Error::invalid_type(serde::de::Unexpected::Float(x), &"x").to_string();
    e.trim_start_matches("invalid type: floating point `")
        .trim_end_matches("`, expected x")
        .to_string()
}

#[test]
fn floats_print_as_serde_json_prints_them() {
    let mut cases = vec![
        0.0,
        -0.0,
        1.0,
        2011.5,
        1e15,
        1e16,
        9.999_999_999_999_998e15,
        1e-5,
        1e-6,
        1.5e300,
        5e-324,
        f64::MAX,
        f64::MIN_POSITIVE,
        123_456_789_012_345_680.0,
        0.1 + 0.2,
    ];
    for k in -330..=308 {
        cases.push(format!("1e{k}").parse().unwrap());
        cases.push(format!("-1.25e{k}").parse().unwrap());
    }
    for x in cases {
        assert_eq!(fmt_float(x), zmij(x), "{x:e}");
    }
}

#[test]
fn messages_with_a_place_in_them() {
    let mut m = "abc at line 3 column 14".to_string();
    assert_eq!(split_line_col(&mut m), Some((3, 14)));
    assert_eq!(m, "abc");
    for s in [
        "abc at line 3 column 14x",
        "abc at line  column 1",
        "abc at line 3 column ",
        "abc at line 3",
        "abc at line 99999999999999999999999 column 1",
    ] {
        let mut m = s.to_string();
        assert_eq!(split_line_col(&mut m), None, "{s}");
        assert_eq!(m, s);
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod mutations {
    use super::*;
    use proptest::prelude::*;

    /// Valid plans to mutate: small crafted ones and the example plans.
    fn seeds() -> Vec<String> {
        let mut v: Vec<String> = vec![
            format!(
                r#"{{{HEAD},"areas":[{{"id":"a","name":"A","parent":"cn"}}],"indicators":[{{"id":"x","name":"X","unit":"亿元","tolerance":"0.5%","better":"lower","sum_of":["y"],"share_of":{{"numerator":"y","denominator":"z"}}}}],"targets":[{{"indicator":"x","area":"a","year":2011,"value":1.5,"approx":true}},["x","a",2012,null,"十二五",2010,null,null,1,2e1,"s","n"]],"actuals":[{{"indicator":"x","area":"a","year":2011,"min":-0.25}}],"tasks":[{{"id":"t","title":"T","lead":["u"],"milestones":[{{"due":"2020","text":"m"}}],"indicators":["x"]}}]}}"#
            ),
            "{\r\n \"format\" : \"planlens/1\" ,\r\n \"plan\" : { \"id\" : \"p\\u4e2d\" , \"title\" : \"\\\"t\\\"\" } ,\r\n \"targets\" : [ { \"indicator\" : \"x\" , \"area\" : \"a\" , \"year\" : 2011 , \"value\" : 10 } ]\r\n}\r\n".to_string(),
        ];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in ["plans", "tests/fixtures"] {
            for e in std::fs::read_dir(root.join(dir))
                .into_iter()
                .flatten()
                .flatten()
            {
                if let Ok(text) = std::fs::read_to_string(e.path()) {
                    if text.len() < 20_000 && parse_plan("seed", &text).is_ok() {
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
        fn mutated_plans_read_as_the_derive_reads_them(
            seed in any::<prop::sample::Index>(),
            edits in prop::collection::vec(edit(), 1..4),
        ) {
            let seeds = seeds();
            let text = apply(&seeds[seed.index(seeds.len())], &edits);
            same_as_derive("mutated.json", &text);
            // The probes of `load` agree with serde_json's on the same text.
            prop_assert_eq!(
                is_value(&text),
                serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok()
            );
            #[derive(serde::Deserialize)]
            struct Head<'b> {
                #[serde(borrow, default)]
                format: Option<Cow<'b, str>>,
            }
            let serde_head = serde_json::from_str::<Head>(&text).ok().and_then(|h| h.format);
            prop_assert_eq!(head_format(&text), serde_head);
        }

        #[test]
        fn strings_unescape_as_serde_json_does(
            edits in prop::collection::vec(edit(), 0..6),
        ) {
            let raw = apply(r#"a\"b\\c\/\u00e9\ud83d\ude00\n"#, &edits);
            prop_assert_eq!(
                unescape(&raw),
                serde_json::from_str::<String>(&format!("\"{raw}\"")).ok()
            );
        }

        #[test]
        fn any_float_prints_as_serde_json_prints_it(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            if x.is_finite() {
                prop_assert_eq!(fmt_float(x), zmij(x));
            }
        }
    }
}
