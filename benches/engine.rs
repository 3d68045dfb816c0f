//! Criterion benchmarks of the engine on a generated national plan (issue #5).
//!
//! The plan comes from `planlens_generate` (seed 1): about 3,100 areas × scale,
//! `PLANLENS_BENCH_INDICATORS` (default 10) × `PLANLENS_BENCH_YEARS` (default 5), with 50
//! planted failures. `PLANLENS_BENCH_SCALE` (default 1; 4 and 16 are the sizes of
//! bench/run.sh) multiplies the number of areas. The defaults (≈155,000 targets,
//! ≈10 MB) keep `cargo bench` to a few minutes on two cores.
//!
//! Benchmarks: `load` (parse + validate, `Model::load`), `check` (`check::run`),
//! `report_json` (`report::write_report_json` into a `Vec`), `pivot`
//! (`aggregate::pivot`) and `chart_trend` (`chart::draw`, a trend of three provinces:
//! it builds the whole pivot first).

// A benchmark may stop at the first surprise: the workspace lints are for library code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use planlens::{aggregate, check, report, Model, SourceFile};
use planlens_chart::{draw, ChartOptions, ChartSpec, ChartType, Lang};
use planlens_generate::{generate, Options};
use std::time::Duration;

fn env_u32(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn plan() -> (Vec<SourceFile>, usize) {
    let opts = Options {
        seed: 1,
        indicators: env_u32("PLANLENS_BENCH_INDICATORS", 10),
        years: env_u32("PLANLENS_BENCH_YEARS", 5),
        scale: env_u32("PLANLENS_BENCH_SCALE", 1),
        perturb: 50,
    };
    let (text, planted) = generate(&opts);
    let bytes = text.len();
    eprintln!(
        "bench plan: scale {}, {} indicators × {} years, {:.1} MB, {} planted failures",
        opts.scale,
        opts.indicators,
        opts.years,
        bytes as f64 / 1e6,
        planted.len()
    );
    let files = vec![SourceFile {
        name: "national.json".into(),
        text,
    }];
    (files, bytes)
}

fn engine(c: &mut Criterion) {
    let (files, bytes) = plan();
    let model = Model::load(&files).expect("the generated plan loads");
    let opts = check::Options::default();
    let checked = check::run(&model, &opts).expect("checks run");
    eprintln!(
        "bench model: {} areas, {} figures, {} findings ({} fail)",
        model.areas.len(),
        model.figures.len(),
        checked.findings.len(),
        checked.count(check::Status::Fail)
    );
    let spec = ChartSpec {
        kind: ChartType::Trend,
        indicator: Some("gdp".into()),
        areas: vec!["11".into(), "44".into(), "51".into()],
        year: None,
        plan: None,
        options: ChartOptions::default(),
        lang: Lang::Zh,
        check: check::Options::default(),
        ..ChartSpec::default()
    };

    let mut g = c.benchmark_group("engine");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));

    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("load", |b| {
        b.iter(|| Model::load(black_box(&files)).expect("loads"))
    });

    g.throughput(Throughput::Elements(model.figures.len() as u64));
    g.bench_function("check", |b| {
        b.iter(|| check::run(black_box(&model), &opts).expect("checks"))
    });
    g.bench_function("report_json", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(64 << 20);
            report::write_report_json(&mut out, &model, black_box(&checked)).expect("writes");
            out.len()
        })
    });
    g.bench_function("pivot", |b| {
        b.iter(|| aggregate::pivot(black_box(&model)).expect("pivot"))
    });
    g.throughput(Throughput::Elements(1));
    g.bench_function("chart_trend", |b| {
        b.iter(|| draw(black_box(&model), &spec).expect("draws"))
    });
    g.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
