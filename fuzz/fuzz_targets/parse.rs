//! Any bytes as a plan file: decode → parse → load → check → every report.

#![no_main]

use libfuzzer_sys::fuzz_target;
use planlens::check::Options;
use planlens::plan::decode_text;
use planlens::SourceFile;

fuzz_target!(|data: &[u8]| {
    let name = "fuzz.json";
    let text = match decode_text(name, data) {
        Ok(t) => t.into_owned(),
        Err(e) => {
            assert!(e.to_string().starts_with(name), "{e}");
            return;
        }
    };
    let files = [SourceFile {
        name: name.to_string(),
        text,
    }];
    planlens_fuzz::exercise(&files, &Options::default());
});
