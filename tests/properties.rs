//! Property tests of the checks on random hierarchies.

use planlens::check::{self, CheckKind, Options, Status};
use planlens::num::Dec;
use planlens::{Model, SourceFile};
use proptest::prelude::*;

/// A random forest (parent of area i is some area < i, or none) with leaf values;
/// every area with children gets the exact sum of its children as its own target.
fn plan_json(
    parents: &[Option<usize>],
    leaves: &[i64],
    scale: u32,
    perturb: Option<(usize, i64)>,
) -> (String, Vec<Option<Dec>>) {
    let n = parents.len();
    let mut children = vec![Vec::new(); n];
    for (i, p) in parents.iter().enumerate() {
        if let Some(p) = p {
            children[*p].push(i);
        }
    }
    let mut value = vec![Dec::ZERO; n];
    for i in (0..n).rev() {
        value[i] = if children[i].is_empty() {
            Dec::new(leaves[i % leaves.len()], scale)
        } else {
            children[i].iter().map(|&c| value[c]).sum()
        };
    }
    let mut stated: Vec<Option<Dec>> = value.iter().copied().map(Some).collect();
    if let Some((leaf, d)) = perturb {
        stated[leaf] = Some(value[leaf] + Dec::new(d, scale));
    }
    let areas: Vec<String> = (0..n)
        .map(|i| match parents[i] {
            Some(p) => format!(r#"{{"id":"a{i}","name":"区{i}","parent":"a{p}"}}"#),
            None => format!(r#"{{"id":"a{i}","name":"区{i}"}}"#),
        })
        .collect();
    let targets: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"indicator":"x","area":"a{i}","year":2020,"value":{}}}"#,
                stated[i].unwrap()
            )
        })
        .collect();
    let text = format!(
        r#"{{"format":"planlens/1","plan":{{"id":"p"}},"areas":[{}],"indicators":[{{"id":"x","name":"X","unit":"亿元"}}],"targets":[{}]}}"#,
        areas.join(","),
        targets.join(",")
    );
    (text, stated)
}

fn forest() -> impl Strategy<Value = (Vec<Option<usize>>, Vec<i64>, u32)> {
    (2usize..40).prop_flat_map(|n| {
        let parents = (0..n)
            .map(|i| {
                if i == 0 {
                    Just(None).boxed()
                } else {
                    prop_oneof![1 => Just(None), 6 => (0..i).prop_map(Some)].boxed()
                }
            })
            .collect::<Vec<_>>();
        (
            parents,
            prop::collection::vec(-1_000_000i64..1_000_000, 1..10),
            0u32..4,
        )
    })
}

fn run(text: String) -> check::Report {
    let model = Model::load(&[SourceFile {
        name: "p.json".into(),
        text,
    }])
    .unwrap();
    check::run(&model, &Options::default()).unwrap()
}

proptest! {
    #[test]
    fn exact_sums_check_ok((parents, leaves, scale) in forest()) {
        let (text, _) = plan_json(&parents, &leaves, scale, None);
        let report = run(text);
        let parents_with_kids = (0..parents.len()).filter(|i| parents.contains(&Some(*i))).count();
        prop_assert_eq!(report.findings.len(), parents_with_kids);
        prop_assert!(report.findings.iter().all(|f| f.status == Status::Ok && f.difference == Some(Dec::ZERO)));
    }

    #[test]
    fn a_perturbed_leaf_fails_exactly_its_parent((parents, leaves, scale) in forest(), d in prop_oneof![-5000i64..-1, 1i64..5000], pick in any::<prop::sample::Index>()) {
        let leaves_idx: Vec<usize> = (0..parents.len()).filter(|i| parents[*i].is_some() && !parents.contains(&Some(*i))).collect();
        prop_assume!(!leaves_idx.is_empty());
        let leaf = leaves_idx[pick.index(leaves_idx.len())];
        let parent = parents[leaf].unwrap();
        let (text, _) = plan_json(&parents, &leaves, scale, Some((leaf, d)));
        let report = run(text);
        let failing: Vec<_> = report.findings.iter().filter(|f| f.status != Status::Ok).collect();
        prop_assert_eq!(failing.len(), 1);
        let f = failing[0];
        prop_assert_eq!(f.check, CheckKind::AreaSum);
        prop_assert_eq!(f.status, Status::Fail);
        prop_assert_eq!(f.area as usize, parent);
        prop_assert_eq!(f.difference, Some(Dec::new(d, scale)));
    }
}

// --- implied / required (issue #16, implied helper) ---

/// One area, a stock with a target at 2015 and additions since 2010 (targets), and
/// optionally actuals of the stock.
fn stock_plan(stock: Dec, added: Dec, actuals: &[(i32, Dec)]) -> String {
    let actuals: Vec<String> = actuals
        .iter()
        .map(|(y, v)| format!(r#"{{"indicator":"s","area":"a","year":{y},"value":{v}}}"#))
        .collect();
    format!(
        r#"{{"format":"planlens/1","plan":{{"id":"p"}},"areas":[{{"id":"a","name":"甲"}}],
        "indicators":[{{"id":"s","name":"存量","unit":"家"}},{{"id":"n","name":"新增","unit":"家","increment_of":"s"}}],
        "targets":[{{"indicator":"s","area":"a","year":2015,"value":{stock}}},{{"indicator":"n","area":"a","year":2015,"base_year":2010,"value":{added}}}],
        "actuals":[{}]}}"#,
        actuals.join(",")
    )
}

proptest! {
    /// The implied stock before the additions plus the additions is the stock; stated,
    /// that base is the increment check's business and nothing is implied.
    #[test]
    fn implied_stock_round_trips(s in -1_000_000i64..1_000_000, m in -1_000_000i64..1_000_000, scale in 0u32..4) {
        let (stock, added) = (Dec::new(s, scale), Dec::new(m, scale));
        let report = run(stock_plan(stock, added, &[]));
        let implied: Vec<_> = report.findings.iter().filter(|f| f.check == CheckKind::Implied).collect();
        prop_assert_eq!(implied.len(), 1);
        let f = implied[0];
        prop_assert_eq!(f.status, Status::Info);
        prop_assert_eq!(f.year, 2010);
        let base = report.derivation(f).and_then(|d| d.value.as_point()).unwrap();
        prop_assert_eq!(base + added, stock);
        let report = run(stock_plan(stock, added, &[(2010, base)]));
        prop_assert!(report.findings.iter().all(|f| f.check != CheckKind::Implied));
        let inc: Vec<_> = report.findings.iter().filter(|f| f.check == CheckKind::Increment).collect();
        prop_assert_eq!(inc.len(), 1);
        prop_assert_eq!(inc[0].status, Status::Ok);
    }

    /// The additions a target still requires, added to the latest actual, reach the
    /// target exactly; a target the latest actual already meets is `ok`.
    #[test]
    fn required_additions_reach_the_target(t in 0i64..1_000_000, l in 0i64..1_000_000, scale in 0u32..4, year in 2011i32..2015) {
        let (target, latest) = (Dec::new(t, scale), Dec::new(l, scale));
        let report = run(stock_plan(target, Dec::ZERO, &[(2008, Dec::ONE), (year, latest)]));
        let req: Vec<_> = report.findings.iter().filter(|f| f.check == CheckKind::Required).collect();
        prop_assert_eq!(req.len(), 1);
        let f = req[0];
        let r = report.required(f).unwrap();
        prop_assert_eq!(r.from_year, year);
        prop_assert_eq!(r.years, (2015 - year) as u32);
        prop_assert_eq!(r.additions.lo.unwrap() + latest, target);
        prop_assert_eq!(r.additions.hi, None);
        prop_assert_eq!(f.status == Status::Ok, latest >= target);
        prop_assert_eq!(r.met, latest >= target);
    }
}
// --- end implied / required ---

// ---- Parts and wholes (issue #16) --------------------------------------------------

/// A plan with a part (万元) of a whole (万元) in one year; each figure a value, or a
/// range when given two ends.
fn part_of_plan(part: (Dec, Option<Dec>), whole: Dec) -> String {
    let fig = |ind: &str, (lo, hi): (Dec, Option<Dec>)| match hi {
        Some(hi) => {
            format!(r#"{{"indicator":"{ind}","area":"a","year":2020,"min":{lo},"max":{hi}}}"#)
        }
        None => format!(r#"{{"indicator":"{ind}","area":"a","year":2020,"value":{lo}}}"#),
    };
    format!(
        r#"{{"format":"planlens/1","plan":{{"id":"p"}},"areas":[{{"id":"a","name":"A"}}],
        "indicators":[{{"id":"w","name":"整体","unit":"万元"}},{{"id":"x","name":"其中","unit":"万元","part_of":"w"}}],
        "targets":[{},{}]}}"#,
        fig("x", part),
        fig("w", (whole, None))
    )
}

/// A composite of `parts.len()` shares with `"whole": 100`, one year.
fn ratio_plan(parts: &[Dec]) -> String {
    let inds: Vec<String> = (0..parts.len())
        .map(|i| format!(r#"{{"id":"s{i}","name":"比重{i}","unit":"%","additive":false}}"#))
        .collect();
    let ids: Vec<String> = (0..parts.len()).map(|i| format!(r#""s{i}""#)).collect();
    let targets: Vec<String> = parts
        .iter()
        .enumerate()
        .map(|(i, v)| format!(r#"{{"indicator":"s{i}","area":"a","year":2020,"value":{v}}}"#))
        .collect();
    format!(
        r#"{{"format":"planlens/1","plan":{{"id":"p"}},"areas":[{{"id":"a","name":"A"}}],
        "indicators":[{},{{"id":"mix","name":"结构","unit":"%","additive":false,"sum_of":[{}],"whole":100}}],
        "targets":[{}]}}"#,
        inds.join(","),
        ids.join(","),
        targets.join(",")
    )
}

/// `n` shares at `scale` decimal places that sum to exactly 100 + `k` units of the last
/// place (the last share takes up the rest).
fn shares(raw: &[i64], scale: u32, k: i64) -> Vec<Dec> {
    let unit = Dec::new(1, scale);
    let mut v: Vec<Dec> = raw.iter().map(|&r| Dec::new(r, scale)).collect();
    let rest = Dec::ONE_HUNDRED - v.iter().copied().sum::<Dec>() + unit * Dec::from(k);
    v.push(rest);
    v
}

fn only(report: &check::Report, kind: CheckKind) -> Vec<&check::Finding> {
    report.findings.iter().filter(|f| f.check == kind).collect()
}

proptest! {
    #[test]
    fn a_part_within_its_whole_is_ok(whole in 1i64..10_000_000, below in 0i64..10_000_000, width in 0i64..1000, scale in 0u32..4) {
        let w = Dec::new(whole, scale);
        let hi = w - Dec::new(below.min(whole), scale);
        let lo = hi - Dec::new(width, scale);
        let range = (width > 0).then_some(hi);
        let report = run(part_of_plan((if width > 0 { lo } else { hi }, range), w));
        let f = only(&report, CheckKind::PartOf);
        prop_assert_eq!(f.len(), 1);
        prop_assert_eq!(f[0].status, Status::Ok);
        // By how much the part exceeds the whole: never, it is below (or at) it.
        prop_assert_eq!(f[0].difference, Some(hi - w));
    }

    #[test]
    fn a_part_past_its_whole_fails_by_the_excess(whole in 0i64..10_000_000, d in 1i64..10_000_000, width in 0i64..1000, scale in 0u32..4) {
        let w = Dec::new(whole, scale);
        let lo = w + Dec::new(d, scale);
        let range = (width > 0).then(|| lo + Dec::new(width, scale));
        let report = run(part_of_plan((lo, range), w));
        let f = only(&report, CheckKind::PartOf);
        prop_assert_eq!(f.len(), 1);
        prop_assert_eq!(f[0].status, Status::Fail);
        prop_assert_eq!(f[0].difference, Some(Dec::new(d, scale)));
    }

    #[test]
    fn a_part_that_may_pass_its_whole_is_uncertain(whole in 1i64..10_000_000, below in 1i64..1000, above in 1i64..1000) {
        // A range straddling the whole.
        let w = Dec::from(whole);
        let report = run(part_of_plan((w - Dec::from(below), Some(w + Dec::from(above))), w));
        let f = only(&report, CheckKind::PartOf);
        prop_assert_eq!(f.len(), 1);
        prop_assert_eq!(f[0].status, Status::Uncertain);
        prop_assert_eq!(f[0].difference, None);
    }

    #[test]
    fn shares_that_make_100_at_their_precision_are_ok(raw in prop::collection::vec(1i64..1500, 1..8), scale in 0u32..3, pick in any::<prop::sample::Index>()) {
        let raw: Vec<i64> = raw.iter().map(|r| r * 10i64.pow(scale) / 100).collect();
        let n = raw.len() as i64 + 1;
        // Within the rounding: at most half a unit per share.
        let k = pick.index((n / 2 * 2 + 1) as usize) as i64 - n / 2;
        let parts = shares(&raw, scale, k);
        let report = run(ratio_plan(&parts));
        let f = only(&report, CheckKind::RatioSum);
        prop_assert_eq!(f.len(), 1);
        prop_assert_eq!(f[0].status, Status::Ok);
        prop_assert_eq!(f[0].difference, Some(Dec::new(k, scale)));
    }

    #[test]
    fn shares_off_by_more_than_their_precision_fail(raw in prop::collection::vec(1i64..1500, 1..8), scale in 0u32..3, extra in 1i64..500, sign in any::<bool>()) {
        let raw: Vec<i64> = raw.iter().map(|r| r * 10i64.pow(scale) / 100).collect();
        let n = raw.len() as i64 + 1;
        // Beyond n half units: more than n / 2 units of the last place.
        let k = (n / 2 + extra) * if sign { 1 } else { -1 };
        let parts = shares(&raw, scale, k);
        let report = run(ratio_plan(&parts));
        let f = only(&report, CheckKind::RatioSum);
        prop_assert_eq!(f.len(), 1);
        prop_assert_eq!(f[0].status, Status::Fail);
        prop_assert_eq!(f[0].difference, Some(Dec::new(k, scale)));
    }
}
