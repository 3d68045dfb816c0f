//! What the core offers the CLI's threads changes nothing: a file's records read ahead
//! from any offset and taken over give `Model::load`'s model or refusal, the area sums
//! found for any cut of the figures and joined give `check::run`'s report, and the CLI
//! (which reads, loads and checks a big plan on two threads) prints the library's bytes.
//! The cuts are tried everywhere on the corpora (every byte of small files, every
//! record's start of big ones), not only where the CLI would make them.

use crate::expect::root;
use assert_cmd::Command;
use planlens::check::{self, Options, Report};
use planlens::plan::{decode_text, Ahead, Figure, FigureText, Model, ReadAhead, SourceFile};
use planlens::report::write_report_json;
use std::path::Path;

/// Every plan of the corpora, as a one-file set: the hostile corpus, the error and
/// check fixtures, the transcribed plans, the default plan.
fn corpus() -> Vec<SourceFile> {
    let mut out = vec![SourceFile {
        name: "default.json".into(),
        text: planlens::DEFAULT_PLAN.to_string(),
    }];
    let mut add_dir = |dir: &Path| {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                continue;
            }
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with("expected") || name.ends_with(".err") {
                continue;
            }
            let bytes = std::fs::read(&p).unwrap();
            if let Ok(text) = decode_text(&name, &bytes) {
                out.push(SourceFile {
                    name,
                    text: text.into_owned(),
                });
            }
        }
    };
    add_dir(&root().join("tests/hostile"));
    add_dir(&root().join("tests/fixtures/errors"));
    add_dir(&root().join("plans"));
    for dir in std::fs::read_dir(root().join("tests/fixtures/check")).unwrap() {
        add_dir(&dir.unwrap().path());
    }
    assert!(out.len() > 150, "{} files", out.len());
    out
}

/// What `load` decided: the figures and their texts (what reading ahead makes), the
/// rest as text; or the refusal.
#[derive(Debug, PartialEq)]
enum Loaded {
    Model(Vec<Figure>, Vec<Option<Box<FigureText>>>, String),
    Refused(String),
}

fn loaded(m: Result<Model, planlens::plan::InputError>) -> Loaded {
    match m {
        Ok(m) => {
            let rest = format!(
                "{:?} {:?} {:?} {:?}",
                m.plans, m.areas, m.indicators, m.tasks
            );
            Loaded::Model(m.figures, m.texts, rest)
        }
        Err(e) => Loaded::Refused(e.to_string()),
    }
}

/// The offsets a file is cut at: every byte of a small file; of a big one, about a
/// hundred records' starts (a `{` after `},`) and a hundred other bytes, spread over it.
fn cuts(text: &str) -> Vec<usize> {
    if text.len() <= 4096 {
        return (0..=text.len()).collect();
    }
    let b = text.as_bytes();
    let after_record = |i: usize| {
        let before = b[..i].iter().rev().filter(|c| !c.is_ascii_whitespace());
        before.take(2).eq([b',', b'}'].iter())
    };
    let starts: Vec<usize> = (0..b.len())
        .filter(|&i| b[i] == b'{' && after_record(i))
        .collect();
    let mut out: Vec<usize> = starts
        .iter()
        .step_by(starts.len() / 100 + 1)
        .copied()
        .collect();
    out.extend((0..b.len()).step_by(b.len() / 100 + 1));
    out
}

#[test]
fn records_read_ahead_from_anywhere_load_as_read_in_place() {
    let mut taken_over = 0usize;
    let mut refused = 0usize;
    for file in corpus() {
        let files = std::slice::from_ref(&file);
        let want = loaded(Model::load(files));
        let sources = [file.as_source()];
        for at in cuts(&file.text) {
            let mut asked = false;
            let mut get = || {
                asked = true;
                Some(Ahead::read(&file.text, 0, at))
            };
            let ahead = ReadAhead {
                file: 0,
                at,
                get: &mut get,
            };
            let got = loaded(Model::load_ahead(&sources, ahead));
            if got != want {
                let (g, w) = (format!("{got:?}"), format!("{want:?}"));
                let diff = g.split(", ").zip(w.split(", ")).find(|(g, w)| g != w);
                panic!("{} read ahead from byte {at}: {diff:?}", file.name);
            }
            if asked {
                taken_over += 1;
                refused += usize::from(matches!(want, Loaded::Refused(_)));
            }
        }
    }
    // The cuts at records' starts were taken over, of good files and bad ones.
    assert!(taken_over > 500, "{taken_over} cuts taken over");
    assert!(refused > 50, "{refused} of them in refused files");
}

/// A report as its JSON.
fn report_bytes(model: &Model, report: &Report) -> Vec<u8> {
    let mut out = Vec::new();
    write_report_json(&mut out, model, report).unwrap();
    out
}

#[test]
fn area_sums_cut_anywhere_and_joined_are_the_run() {
    let mut tried = 0usize;
    for file in corpus() {
        let Ok(model) = Model::load(std::slice::from_ref(&file)) else {
            continue;
        };
        let opts = Options::default();
        let Ok(whole) = check::run(&model, &opts) else {
            continue;
        };
        let want = report_bytes(&model, &whole);
        let n = model.figures.len();
        for cut in 0..=n {
            let mut joined = check::area_sums_in(&model, &opts, 0..cut).unwrap();
            joined.append(check::area_sums_in(&model, &opts, cut..n).unwrap());
            let got = check::run_after_area_sums(&model, &opts, joined).unwrap();
            assert!(
                report_bytes(&model, &got) == want,
                "{}: the area sums cut at figure {cut} of {n} give another report",
                file.name
            );
            tried += 1;
        }
    }
    assert!(tried > 500, "{tried} cuts");
}

/// A generated plan big enough for the CLI's threads (over a megabyte, over 16,384
/// figures), with planted failures.
fn big_plan() -> String {
    let (text, _) = planlens_generate::generate(&planlens_generate::Options {
        seed: 11,
        indicators: 4,
        years: 3,
        scale: 1,
        perturb: 30,
    });
    assert!(text.len() > 2 << 20, "{} bytes", text.len());
    text
}

/// `planlens check --format json` on `text` in a file: the file as the library reads
/// it (named by its path, as the CLI names it), and what the CLI did.
fn cli_check(text: String) -> (SourceFile, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("national.json");
    std::fs::write(&path, &text).unwrap();
    let out = Command::cargo_bin("planlens")
        .unwrap()
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let name = path.display().to_string();
    (SourceFile { name, text }, out)
}

#[test]
fn the_cli_on_two_threads_prints_the_librarys_report() {
    let (file, out) = cli_check(big_plan());
    let model = Model::load(&[file]).unwrap();
    assert!(model.figures.len() > 1 << 14);
    let report = check::run(&model, &Options::default()).unwrap();
    let mut want = report_bytes(&model, &report);
    want.push(b'\n');
    assert_eq!(
        out.status.code(),
        Some(1),
        "planted failures fail the check"
    );
    assert!(
        out.stdout == want,
        "the CLI's report differs from the library's"
    );
}

#[test]
fn the_cli_on_two_threads_refuses_as_the_library_does() {
    let text = big_plan();
    // A broken value three quarters in, where the second thread reads.
    let at = text.len() * 3 / 4;
    let value = at + text[at..].find(r#""value":"#).unwrap() + 8;
    let broken = format!("{}1x{}", &text[..value], &text[value + 1..]);
    let (file, out) = cli_check(broken);
    let want = Model::load(&[file]).unwrap_err().to_string();
    assert!(want.contains("/targets/"), "{want}");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(&want), "{stderr}\ninstead of\n{want}");
}
