//! A chart request (the first 16 bytes: type, indicator, areas, year, plan, width and
//! height including 0 and huge, theme, language, tolerance) on a plan read from the
//! remaining bytes, either as file text or, when header byte 15 is odd, through the
//! structured generator → chart::draw; the SVG must be well-formed XML.

#![no_main]

use libfuzzer_sys::fuzz_target;
use planlens::plan::decode_text;
use planlens::SourceFile;
use planlens_fuzz::HEADER;

fuzz_target!(|data: &[u8]| {
    let Some((head, rest)) = data.split_first_chunk::<HEADER>() else {
        return;
    };
    let files = if head[15] & 1 == 1 {
        let mut u = arbitrary::Unstructured::new(rest);
        match planlens_fuzz::plans_from(&mut u) {
            Ok(g) => g.files(),
            Err(_) => return,
        }
    } else {
        match decode_text("chart.json", rest) {
            Ok(t) => vec![SourceFile {
                name: "chart.json".to_string(),
                text: t.into_owned(),
            }],
            Err(_) => return,
        }
    };
    let Ok(model) = planlens::Model::load(&files) else {
        return;
    };
    let spec = planlens_fuzz::spec_from(head, &model);
    match planlens::chart::draw(&model, &spec) {
        Ok(svg) => planlens_fuzz::check_svg(&svg),
        Err(e) => assert!(
            !e.message.is_empty(),
            "an empty chart error for {:?}",
            e.arg
        ),
    }
});
