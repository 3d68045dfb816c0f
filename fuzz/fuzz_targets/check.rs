//! Structured plans (one to three files sharing ids; trees, sum_of graphs, ranges and
//! edge-of-range decimals) → load → check with an exact-sum oracle → reports, and the
//! same report twice must give the same bytes.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = arbitrary::Unstructured::new(data);
    let Ok(gen) = planlens_fuzz::plans_from(&mut u) else {
        return;
    };
    let files = gen.files();
    let opts = gen.options();
    if let Some(model) = planlens_fuzz::exercise(&files, &opts) {
        let a = planlens_fuzz::report_bytes(&model, &opts);
        let b = planlens_fuzz::report_bytes(&model, &opts);
        assert_eq!(a, b, "the same model gave two reports");
    }
});
