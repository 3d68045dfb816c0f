//! Scale correctness (issue #5): a generated national plan (about 3,100 areas) with
//! planted county changes. The failing `area_sum` findings must be exactly the planted
//! ones, with the exact differences; everything else passes. No timing here: speed is
//! measured by `cargo bench` and bench/run.sh.

use planlens::check::{self, CheckKind, Status};
use planlens::{Model, SourceFile};
use planlens_generate::{generate, Options};

#[test]
fn planted_failures_are_found_exactly() {
    let opts = Options {
        seed: 2024,
        indicators: 3,
        years: 3,
        scale: 1,
        perturb: 20,
    };
    let (text, planted) = generate(&opts);
    assert_eq!(planted.len(), 20);
    let model = Model::load(&[SourceFile {
        name: "national.json".into(),
        text,
    }])
    .expect("the generated plan loads");
    let areas = model.areas.len();
    assert!(areas > 2_000, "{areas} areas");
    assert_eq!(model.figures.len(), areas * 3 * 3);

    let report = check::run(&model, &check::Options::default()).expect("checks run");
    let mut failing = Vec::new();
    let mut ok = 0usize;
    for f in &report.findings {
        assert_eq!(
            f.check,
            CheckKind::AreaSum,
            "only area sums expected: {f:?}"
        );
        let ind = &model.indicator(f.ind).expect("indicator").id;
        let area = &model.area(f.area).expect("area").id;
        match f.status {
            Status::Fail => failing.push((ind.clone(), area.clone(), f.year, f.difference)),
            Status::Ok => {
                assert_eq!(f.difference, Some(planlens::num::Dec::ZERO));
                ok += 1;
            }
            other => panic!("unexpected {other:?} for {ind} {area} {}", f.year),
        }
    }
    let want: Vec<_> = planted
        .iter()
        .map(|p| {
            (
                p.indicator.clone(),
                p.area.clone(),
                p.year,
                Some(p.difference),
            )
        })
        .collect();
    // Same set, same order (the report sorts failures by indicator, area, year).
    assert_eq!(failing, want);
    // Every non-county area has one finding per indicator and year.
    let parents = (0..areas as u32)
        .filter(|&a| !model.children(a).is_empty())
        .count();
    assert_eq!(ok + failing.len(), parents * 3 * 3);
}
