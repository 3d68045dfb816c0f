//! Any text through the extractor (`planlens extract`, the page's "Draft from text"):
//! it must not panic, and its draft must always be a plan the engine loads.

#![no_main]

use libfuzzer_sys::fuzz_target;
use planlens_extract::{draft_plan, extract, Options};
use planlens::{Model, SourceFile};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let opts = Options {
        area_name: Some("深圳市".to_string()),
        plan_id: None,
        file_name: "fuzz.txt".to_string(),
    };
    let draft = extract(&text, &opts);
    let (plan, origins) = draft_plan(&draft, &text, &opts);
    assert!(origins.iter().all(|&i| i < draft.targets.len()));
    for c in &draft.targets {
        assert!(text.get(c.span.0..c.span.1).is_some(), "span inside the text");
        assert!(text.get(c.sentence.0..c.sentence.1).is_some(), "sentence inside the text");
    }
    let files = [SourceFile {
        name: "draft.json".to_string(),
        text: plan,
    }];
    if let Err(e) = Model::load(&files) {
        panic!("the draft does not load: {e}");
    }
});
