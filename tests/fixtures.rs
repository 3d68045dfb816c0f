//! Data-driven tests: every folder in tests/fixtures/check holds plan files (loaded
//! together in name order), optionally a `tolerance` file, and `expected.json`, the
//! report. Every file in tests/fixtures/errors is a bad plan whose `.err` file holds
//! the exact message. `UPDATE_EXPECT=1 cargo test` rewrites expectations on purpose.

use crate::expect::{expect_file, pretty_json, root};
use planlens::check::{self, Options};
use planlens::plan::Tolerance;
use planlens::report::write_report_json;
use planlens::{Model, SourceFile};
use std::path::Path;

fn files_in(dir: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == ext)
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("expected"))
        })
        .collect();
    v.sort();
    v
}

fn report_json(files: &[SourceFile], opts: &Options) -> String {
    let model = Model::load(files).unwrap_or_else(|e| panic!("{e}"));
    let report = check::run(&model, opts).unwrap();
    let mut out = Vec::new();
    write_report_json(&mut out, &model, &report).unwrap();
    pretty_json(&String::from_utf8(out).unwrap())
}

fn source(path: &Path) -> SourceFile {
    SourceFile {
        name: path.file_name().unwrap().to_string_lossy().into_owned(),
        text: std::fs::read_to_string(path).unwrap(),
    }
}

/// Runs one check case: its plans against its expected report.
fn check_case(dir: &Path) {
    let files: Vec<SourceFile> = files_in(dir, "json").iter().map(|p| source(p)).collect();
    assert!(!files.is_empty(), "{} has no plan files", dir.display());
    let tolerance = std::fs::read_to_string(dir.join("tolerance"))
        .ok()
        .map(|t| Tolerance::parse(&t).unwrap());
    expect_file(
        &dir.join("expected.json"),
        &report_json(&files, &Options { tolerance }),
    );
}

#[test]
fn check_fixtures() {
    let mut dirs: Vec<_> = std::fs::read_dir(root().join("tests/fixtures/check"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 10, "the fixtures are missing");
    for d in dirs {
        check_case(&d);
    }
}

#[test]
fn error_fixtures() {
    let dir = root().join("tests/fixtures/errors");
    let cases = files_in(&dir, "json");
    assert!(cases.len() >= 20);
    for case in cases {
        let err = match Model::load(&[source(&case)]) {
            Ok(_) => panic!("{} was accepted", case.display()),
            Err(e) => e.to_string(),
        };
        expect_file(&case.with_extension("err"), &format!("{err}\n"));
    }
}

#[test]
fn default_plan_report() {
    let files = [SourceFile {
        name: planlens::DEFAULT_PLAN_NAME.into(),
        text: planlens::DEFAULT_PLAN.into(),
    }];
    expect_file(
        &root().join("tests/fixtures/default.expected.json"),
        &report_json(&files, &Options::default()),
    );
}

/// The pinned report of every transcribed plan, checked together: a change in the data
/// or the engine that alters a finding shows here.
#[test]
fn seed_plans_report() {
    let files: Vec<SourceFile> = files_in(&root().join("plans"), "json")
        .iter()
        .map(|p| SourceFile {
            name: format!("plans/{}", p.file_name().unwrap().to_string_lossy()),
            text: std::fs::read_to_string(p).unwrap(),
        })
        .collect();
    assert!(files.len() >= 8);
    expect_file(
        &root().join("tests/fixtures/seeds.expected.json"),
        &report_json(&files, &Options::default()),
    );
}
