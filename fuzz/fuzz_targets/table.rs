//! Any text through the table reader and recognition (`planlens import`, the page's
//! Tables tab): it must not panic, and whatever it imports must be a plan the engine
//! loads. Some options are chosen from the first byte, so corrections are fuzzed too.

#![no_main]

use libfuzzer_sys::fuzz_target;
use planlens_table::{grid_from_text, import, ImportOptions};
use planlens::{Model, SourceFile};

fuzz_target!(|data: &[u8]| {
    let (flags, rest) = data.split_first().map_or((0, data), |(f, r)| (*f, r));
    let text = String::from_utf8_lossy(rest);
    let Some(grid) = grid_from_text("fuzz.tsv", &text) else {
        return;
    };
    let opts = ImportOptions {
        year: (flags & 1 != 0).then_some(2011),
        unit: (flags & 2 != 0).then(|| "亿元".to_string()),
        indicator: (flags & 4 != 0).then(|| "产值".to_string()),
        area_column: (flags & 8 != 0).then_some(usize::from(flags >> 6)),
        total_row: (flags & 16 != 0).then_some(usize::from(flags >> 5)),
        header_rows: (flags & 32 != 0).then_some(usize::from(flags >> 6)),
        ..ImportOptions::default()
    };
    if let Ok(imported) = import(&[grid], &opts) {
        let files = [SourceFile {
            name: "imported.json".to_string(),
            text: imported.plan_json,
        }];
        if let Err(e) = Model::load(&files) {
            panic!("the imported plan does not load: {e}");
        }
    }
});
