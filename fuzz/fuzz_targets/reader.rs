//! The crate's own reader (`Model::load`'s, `src/plan/reader.rs`) against the derive
//! path (`parse_plan`: serde_json over the types of `src/plan/raw.rs`): for any text,
//! the same refusal (message, line, column, JSON pointer) or none from both.

#![no_main]

use libfuzzer_sys::fuzz_target;
use planlens::plan::{parse_only, parse_plan};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let derived = parse_plan("fuzz.json", text).map(|_| ());
    let read = parse_only("fuzz.json", text);
    assert_eq!(read, derived, "{text:?}");
});
