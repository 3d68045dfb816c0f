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
