//! From bytes to raw plans, with errors that say where.

use super::error::{pointer_token, InputError};
use super::model::PlanIdx;
use super::raw::PlanFile;
use super::reader::{self, Error};
use super::stream::{Parsed, Sink};
use serde::Deserialize;
use std::borrow::Cow;

/// The format this version reads.
pub const FORMAT: &str = "planlens/1";

/// One input file: a name for messages and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// Decodes a file's bytes: UTF-8 (a byte-order mark is dropped) or UTF-16 with a
/// byte-order mark. Anything else is refused with a message that says what to do.
pub fn decode_text<'a>(name: &str, bytes: &'a [u8]) -> Result<Cow<'a, str>, InputError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(name, rest, 3);
    }
    let utf16 = |rest: &[u8], be: bool| -> Result<Cow<'a, str>, InputError> {
        if rest.len() % 2 != 0 {
            return Err(InputError::whole(
                name,
                "UTF-16 text with an odd number of bytes: the file is cut off",
            ));
        }
        let units = rest.chunks_exact(2).map(|c| match c {
            [a, b] if be => u16::from_be_bytes([*a, *b]),
            [a, b] => u16::from_le_bytes([*a, *b]),
            _ => 0,
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map(Cow::Owned)
            .map_err(|_| InputError::whole(name, "invalid UTF-16 text (an unpaired surrogate)"))
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, false);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, true);
    }
    utf8(name, bytes, 0)
}

fn utf8<'a>(name: &str, bytes: &'a [u8], offset: usize) -> Result<Cow<'a, str>, InputError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => {
            let at = e.valid_up_to();
            let byte = bytes.get(at).copied().unwrap_or(0);
            let nuls = bytes.iter().take(64).filter(|b| **b == 0).count();
            let hint = if nuls > 8 {
                "it looks like UTF-16 without a byte-order mark; save it as UTF-8"
            } else {
                "if it is GBK or GB18030 (common in Chinese offices), save it as UTF-8 first"
            };
            Err(InputError::whole(
                name,
                format!(
                    "not UTF-8 text (byte 0x{byte:02X} at offset {}): {hint}",
                    at + offset
                ),
            ))
        }
    }
}

/// Parses one plan file's text into its raw form.
///
/// Syntax errors carry line and column; errors in values also carry the JSON pointer.
/// This is the derive path (`serde_json` over the types of [`super::raw`]): `Model::load`
/// reads files with the crate's own reader ([`parse_into`]), which the tests hold to
/// the same results and errors as this.
pub fn parse_plan<'a>(name: &str, text: &'a str) -> Result<PlanFile<'a>, InputError> {
    parse_with(
        name,
        text,
        &SERDE,
        |text| serde_json::from_str::<PlanFile>(text).map_err(|e| Error::from_serde(&e)),
        |p| &p.format,
    )
}

/// Parses one plan file like [`parse_plan`] (the same errors), its targets and actuals
/// going straight into `sink` as the figures of plan `plan` (see [`super::stream`]).
pub(crate) fn parse_into<'a>(
    name: &str,
    text: &'a str,
    plan: PlanIdx,
    sink: &mut Sink,
) -> Result<Parsed<'a>, InputError> {
    parse_with(
        name,
        text,
        &READER,
        |text| reader::read_file(text, plan, sink),
        |p| &p.file.format,
    )
}

/// Reads a file as `Model::load` does and drops what it read: only the refusal, if any,
/// which is [`parse_plan`]'s. For the differential fuzz target (`fuzz/fuzz_targets/reader.rs`).
#[doc(hidden)]
pub fn parse_only(name: &str, text: &str) -> Result<(), InputError> {
    parse_into(name, text, 0, &mut Sink::default()).map(|_| ())
}

/// The JSON helpers of the top-level checks and of [`locate`]: the reader's for
/// [`parse_into`], serde_json's for [`parse_plan`], so that the reference the tests
/// compare the reader with shares none of its code.
struct Json {
    /// Whether a text is one JSON value.
    is_value: fn(&str) -> bool,
    /// The `format` of a text read as an object with that one field (others ignored).
    format: for<'t> fn(&'t str) -> Option<Cow<'t, str>>,
    /// The text of the contents of a JSON string.
    unescape: fn(&str) -> Option<String>,
}

const READER: Json = Json {
    is_value: reader::is_value,
    format: reader::head_format,
    unescape: reader::unescape,
};

const SERDE: Json = Json {
    is_value: |text| serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok(),
    format: serde_format,
    unescape: |raw| serde_json::from_str::<String>(&format!("\"{raw}\"")).ok(),
};

fn serde_format(text: &str) -> Option<Cow<'_, str>> {
    #[derive(Deserialize)]
    struct Head<'b> {
        #[serde(borrow, default)]
        format: Option<Cow<'b, str>>,
    }
    serde_json::from_str::<Head>(text).ok()?.format
}

/// Drops a byte-order mark, refuses an empty file or a top level that is not an
/// object, reads the rest with `read` and checks the format.
fn parse_with<'a, T>(
    name: &str,
    text: &'a str,
    json: &Json,
    read: impl FnOnce(&'a str) -> reader::Result<T>,
    format: impl Fn(&T) -> &str,
) -> Result<T, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(InputError::whole(name, "the file is empty"));
    }
    let first = text.trim_start().as_bytes().first().copied();
    // Any other JSON value at the top (valid or not: `[[[` unclosed too) is named as
    // what it is; anything else gets the parser's message with its place.
    let other_value = matches!(first, Some(b'[' | b'"' | b'-' | b'0'..=b'9'))
        || (first != Some(b'{') && (json.is_value)(text));
    if other_value {
        let found = super::raw::describe(text.trim());
        return Err(InputError::at(
            name,
            "",
            format!("the top level must be a plan object {{…}}, found {found}"),
        ));
    }
    match read(text) {
        Ok(plan) => {
            let f = format(&plan);
            if f != FORMAT {
                return Err(unknown_format(name, f));
            }
            Ok(plan)
        }
        Err(e) => Err(locate(name, text, json, &e)),
    }
}

fn unknown_format(name: &str, found: &str) -> InputError {
    InputError::at(
        name,
        "/format",
        format!(
            "unknown format {}: this planlens reads \"{FORMAT}\"",
            super::raw::clip(&format!("{found:?}"))
        ),
    )
}

/// Turns a reader's error into an [`InputError`], finding the JSON pointer of data
/// errors by a lexical scan up to the error's position (only on this error path).
fn locate(name: &str, text: &str, json: &Json, e: &Error) -> InputError {
    let (line, column) = e.line_col(text);
    let mut pointer = None;
    if e.data {
        // A file of another format fails on its first unknown field; say the real reason.
        if let Some(f) = (json.format)(text) {
            if f != FORMAT {
                return unknown_format(name, &f);
            }
        }
        pointer = Some(pointer_at(text, offset(text, line, column), json.unescape));
    }
    InputError {
        file: name.to_string(),
        line: (line > 0).then_some(line),
        column: (line > 0).then_some(column),
        pointer,
        message: friendly(&e.message),
    }
}

/// Replaces serde's type names with words a plan author knows.
fn friendly(msg: &str) -> String {
    let mut m = msg.replace("expected struct PlanFile", "expected a plan object");
    for (rust, word) in [
        ("struct PlanInfo", "an object"),
        ("struct AreaDef", "an area object"),
        ("struct IndicatorDef", "an indicator object"),
        ("struct Record", "a record object"),
        ("struct TaskDef", "a task object"),
        ("struct MilestoneDef", "a milestone object"),
        ("struct ShareOf", "an object"),
        ("a borrowed string", "a string"),
    ] {
        m = m.replace(rust, word);
    }
    if m.starts_with("EOF while parsing") {
        m = format!("{m}: the file is cut off");
    }
    m
}

/// The byte offset of a 1-based line and column (serde_json counts columns in bytes).
fn offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// The JSON pointer of the innermost value that contains byte `at`, found by a lexical
/// scan of the text before it (objects push their current key, arrays their index).
/// The scan only runs on the error path; it allocates one small stack.
fn pointer_at(text: &str, at: usize, unescape: fn(&str) -> Option<String>) -> String {
    enum Frame {
        Object(Option<String>),
        Array(usize),
    }
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    let mut last_string: Option<(usize, usize)> = None;
    while i < at.min(bytes.len()) {
        match bytes.get(i) {
            Some(b'"') => {
                let start = i + 1;
                i += 1;
                while let Some(&b) = bytes.get(i) {
                    match b {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
                last_string = Some((start, i.min(bytes.len())));
            }
            Some(b'{') => stack.push(Frame::Object(None)),
            Some(b'[') => stack.push(Frame::Array(0)),
            Some(b'}') | Some(b']') => {
                stack.pop();
            }
            Some(b':') => {
                if let (Some(Frame::Object(key)), Some((s, e))) = (stack.last_mut(), last_string) {
                    let raw = text.get(s..e).unwrap_or("");
                    *key = Some(unescape(raw).unwrap_or_else(|| raw.to_string()));
                }
            }
            Some(b',') => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object(key)) => *key = None,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    // Stopped right after a key (an unknown field): that key is the place.
    if let (Some(Frame::Object(key @ None)), Some((s, e))) = (stack.last_mut(), last_string) {
        let raw = text.get(s..e).unwrap_or("");
        let after_open = text
            .get(..s.saturating_sub(1))
            .map(|t| t.trim_end().ends_with(['{', ',']))
            .unwrap_or(false);
        if after_open {
            *key = Some(raw.to_string());
        }
    }
    let mut out = String::new();
    for f in &stack {
        match f {
            Frame::Object(Some(k)) => {
                out.push('/');
                out.push_str(&pointer_token(k));
            }
            Frame::Object(None) => {}
            Frame::Array(n) => {
                out.push('/');
                out.push_str(&n.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        match parse_plan("t.json", text) {
            Ok(_) => "ok".to_string(),
            Err(e) => e.to_string(),
        }
    }

    const HEAD: &str = r#"{"format":"planlens/1","plan":{"id":"p"},"#;

    #[test]
    fn syntax_errors_have_line_and_column() {
        let e = err("{\n  \"format\": \"planlens/1\",\n  oops\n}");
        assert!(e.starts_with("t.json:3:3: "), "{e}");
    }

    #[test]
    fn value_errors_have_a_pointer() {
        let e = err(&format!(
            r#"{HEAD}"targets":[{{"indicator":"a","area":"b","year":2011,"value":"abc"}}]}}"#
        ));
        assert!(
            e.contains("/targets/0/value: expected a number, found string \"abc\""),
            "{e}"
        );
        let e = err(&format!(
            r#"{HEAD}"targets":[{{"indicator":"a","area":"b","year":2011,"value":1e400}}]}}"#
        ));
        assert!(
            e.contains("/targets/0/value: the number 1e400 is out of the exact range"),
            "{e}"
        );
    }

    #[test]
    fn unknown_format_and_fields() {
        assert!(err(r#"{"format":"planlens/2","plan":{"id":"p"},"new":1}"#)
            .contains("/format: unknown format \"planlens/2\""));
        let e = err(&format!(
            r#"{HEAD}"targets":[{{"indicator":"a","area":"b","year":2011,"vaule":1}}]}}"#
        ));
        assert!(e.contains("/targets/0/vaule: unknown field `vaule`"), "{e}");
    }

    #[test]
    fn empty_truncated_and_wrong_top_level() {
        assert_eq!(err("  \n"), "t.json: the file is empty");
        assert!(err(r#"{"format":"planlens/1","plan":{"#).contains("cut off"));
        assert!(
            err("[1,2]").contains("the top level must be a plan object {…}, found an array"),
            "{}",
            err("[1,2]")
        );
        assert!(err("5").contains("found 5"));
        assert!(err(&format!("\u{feff}{HEAD}\"areas\":[]}}")) == "ok");
    }

    #[test]
    fn decoding() {
        assert!(decode_text("a", b"\xEF\xBB\xBF{}").is_ok_and(|t| t == "{}"));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("{}".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert!(decode_text("a", &utf16).is_ok_and(|t| t == "{}"));
        let gbk = [0xC9, 0xEE, 0xDB, 0xDA]; // 深圳 in GBK
        let e = decode_text("a.json", &gbk)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("not UTF-8") && e.contains("GBK"), "{e}");
    }
}
