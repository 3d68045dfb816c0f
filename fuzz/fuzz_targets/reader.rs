//! The reader of `planlens/1` (`src/plan/json.rs`, `format.rs`, `parse.rs`) on any text:
//! it never panics, accepts only valid JSON (serde_json is the referee), and every
//! refusal names its place: line and column (all but "the file is empty"), and a JSON
//! pointer that exists in the text when the text is valid JSON.

#![no_main]

use libfuzzer_sys::fuzz_target;
use planlens::plan::parse_only;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let json: Option<serde_json::Value> =
        serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(text)).ok();
    match parse_only("fuzz.json", text) {
        Ok(()) => assert!(json.is_some(), "accepted text that is not JSON: {text:?}"),
        Err(e) => {
            if e.message != "the file is empty" {
                assert!(e.line.is_some() && e.column.is_some(), "{e}: {text:?}");
            }
            if let (Some(json), Some(p)) = (&json, &e.pointer) {
                // A missing field names its object; other value errors the value (or
                // the unknown or repeated key, whose value serde_json keeps).
                assert!(json.pointer(p).is_some(), "{e}: no {p} in {text:?}");
            }
        }
    }
});
