//! The read-ahead the CLI does on a second thread (`plan::Ahead`, `Model::load_ahead`),
//! from any offset of any text: the model (its figures and their texts) and the refusal
//! are `Model::load`'s. The first two bytes pick the offset; the rest is the file.

#![no_main]

use libfuzzer_sys::fuzz_target;
use planlens::plan::{Ahead, Model, ReadAhead, SourceFile};

/// What `load` decided, comparable.
fn outcome(m: Result<Model, planlens::plan::InputError>) -> String {
    match m {
        Ok(m) => format!("{:?}\n{:?}", m.figures, m.texts),
        Err(e) => format!("refused: {e}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let [a, b, rest @ ..] = data else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let at = usize::from(u16::from_le_bytes([*a, *b])) % (text.len() + 1);
    let files = [SourceFile {
        name: "fuzz.json".into(),
        text: text.to_string(),
    }];
    let want = outcome(Model::load(&files));
    let text = &files[0].text;
    let mut get = || Some(Ahead::read(text, 0, at));
    let ahead = ReadAhead {
        file: 0,
        at,
        get: &mut get,
    };
    let got = outcome(Model::load_ahead(&[files[0].as_source()], ahead));
    assert!(
        got == want,
        "read ahead from {at}:\n{got}\ninstead of\n{want}"
    );
});
