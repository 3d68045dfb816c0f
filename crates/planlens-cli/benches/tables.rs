//! Criterion benchmarks of the ways in that are not a planlens/1 file: a table read and
//! imported, and a plan's prose drafted. They hold the sizes the tests only prove right
//! (tests/import.rs, tests/extract.rs): speed belongs here, not in timed tests.
//!
//! - `import_100k_rows`: a 100,000-row TSV read (`grid_from_text`) and imported.
//! - `extract_20k_districts`: one sentence allocating a total among 20,000 districts,
//!   drafted (`extract`) and written as a plan (`to_plan_json`).
//!
//! `cargo bench -p planlens-cli --bench tables`

#![allow(clippy::unwrap_used, clippy::expect_used)]
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use planlens_extract::{extract, to_plan_json, Options};
use planlens_table::{grid_from_text, import, ImportOptions};
use std::time::Duration;

fn rows(n: usize) -> String {
    let mut text = String::from("地区\t2011年\t2012年\n");
    for i in 0..n {
        text.push_str(&format!("区{i}\t{i}\t1,{:03}\n", i % 1000));
    }
    text
}

fn districts(n: u32) -> String {
    let name = |k: u32| -> String {
        let a = char::from_u32(0x4e00 + k / 200).unwrap_or('甲');
        let b = char::from_u32(0x4e00 + 200 + k % 200).unwrap_or('乙');
        format!("{a}{b}区")
    };
    let mut text = String::from("2012年，全市生物产业规模达到20000亿元，其中");
    for k in 0..n {
        text.push_str(&format!("{}1亿元、", name(k)));
    }
    text.push('。');
    text
}

fn tables(c: &mut Criterion) {
    let mut g = c.benchmark_group("tables");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    let text = rows(100_000);
    g.throughput(Throughput::Bytes(text.len() as u64));
    let opts = ImportOptions {
        indicator: Some("x".into()),
        unit: Some("个".into()),
        ..ImportOptions::default()
    };
    g.bench_function("import_100k_rows", |b| {
        b.iter(|| {
            let grid = grid_from_text("big.tsv", black_box(&text)).unwrap();
            import(&[grid], &opts).unwrap()
        })
    });
    let prose = districts(20_000);
    g.throughput(Throughput::Bytes(prose.len() as u64));
    let o = Options::default();
    g.bench_function("extract_20k_districts", |b| {
        b.iter(|| {
            let draft = extract(black_box(&prose), &o);
            to_plan_json(&draft, &prose, &o)
        })
    });
    g.finish();
}

criterion_group!(benches, tables);
criterion_main!(benches);
