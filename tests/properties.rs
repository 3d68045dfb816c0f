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
