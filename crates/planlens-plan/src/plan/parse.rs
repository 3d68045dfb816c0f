//! From a file's bytes to its plan: decoding, the checks of the top level, and errors
//! that say where (line and column, and for a value the JSON pointer).

use super::error::{pointer_tokens, InputError};
use super::format::{Object, PlanFile, Sink};
use super::json::{line_col, Cursor, Error};
use std::borrow::Cow;

/// The format this version reads.
pub const FORMAT: &str = "planlens/1";

/// One input file: a name for messages and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

impl SourceFile {
    pub fn as_source(&self) -> Source<'_> {
        Source {
            name: &self.name,
            text: &self.text,
        }
    }
}

/// One input file as loading reads it, borrowed: the text may live anywhere (the
/// CLI's are its files mapped into memory, never copied into a `String`).
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// The byte-order marks read: UTF-8's, UTF-16 little-endian's, UTF-16 big-endian's.
const BOM_UTF8: &[u8] = &[0xEF, 0xBB, 0xBF];
const BOM_UTF16LE: &[u8] = &[0xFF, 0xFE];
const BOM_UTF16BE: &[u8] = &[0xFE, 0xFF];

/// Decodes a file's bytes: UTF-8 (a byte-order mark is dropped) or UTF-16 with a
/// byte-order mark. Anything else is refused with a message that says what to do.
pub fn decode_text<'a>(name: &str, bytes: &'a [u8]) -> Result<Cow<'a, str>, InputError> {
    if let Some(rest) = bytes.strip_prefix(BOM_UTF8) {
        return utf8(name, rest, 3);
    }
    let utf16 = |rest: &[u8], be: bool| -> Result<Cow<'a, str>, InputError> {
        if rest.len() % 2 != 0 {
            return Err(InputError::whole(
                name,
                "UTF-16 text with an odd number of bytes: the file is cut off",
            )
            .with_code("utf16_cut", vec![]));
        }
        let units = rest.chunks_exact(2).map(|c| match c {
            [a, b] if be => u16::from_be_bytes([*a, *b]),
            [a, b] => u16::from_le_bytes([*a, *b]),
            _ => 0,
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map(Cow::Owned)
            .map_err(|_| {
                InputError::whole(name, "invalid UTF-16 text (an unpaired surrogate)")
                    .with_code("utf16_invalid", vec![])
            })
    };
    if let Some(rest) = bytes.strip_prefix(BOM_UTF16LE) {
        return utf16(rest, false);
    }
    if let Some(rest) = bytes.strip_prefix(BOM_UTF16BE) {
        return utf16(rest, true);
    }
    utf8(name, bytes, 0)
}

/// [`decode_text`] of bytes the caller gives up: UTF-8 without a byte-order mark (the
/// common case) becomes the text in place, so a 40 MB plan is not copied (nor its pages
/// touched twice); a byte-order mark or UTF-16 is decoded as [`decode_text`] does.
pub fn decode_text_owned(name: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    let marked = [BOM_UTF8, BOM_UTF16LE, BOM_UTF16BE]
        .iter()
        .any(|bom| bytes.starts_with(bom));
    if marked {
        return decode_text(name, &bytes).map(Cow::into_owned);
    }
    String::from_utf8(bytes).or_else(|e| utf8(name, e.as_bytes(), 0).map(Cow::into_owned))
}

fn utf8<'a>(name: &str, bytes: &'a [u8], offset: usize) -> Result<Cow<'a, str>, InputError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => {
            // A picture, an archive or a program is named, not called "not UTF-8".
            if let Some(kind) = crate::magic::binary_kind(bytes).or_else(|| binary_data(bytes)) {
                return Err(InputError::whole(
                    name,
                    format!("this is not a plan file: it is {kind}"),
                )
                .with_code("not_text", vec![("kind", kind.to_string())]));
            }
            let at = e.valid_up_to();
            let byte = bytes.get(at).copied().unwrap_or(0);
            let nuls = bytes.iter().take(64).filter(|b| **b == 0).count();
            let (hint, looks) = if nuls > 8 {
                (
                    "it looks like UTF-16 without a byte-order mark; save it as UTF-8",
                    "utf16",
                )
            } else {
                (
                    "if it is GBK or GB18030 (common in Chinese offices), save it as UTF-8 first",
                    "gbk",
                )
            };
            Err(InputError::whole(
                name,
                format!(
                    "not UTF-8 text (byte 0x{byte:02X} at offset {}): {hint}",
                    at + offset
                ),
            )
            .with_code(
                "not_utf8",
                vec![
                    ("byte", format!("0x{byte:02X}")),
                    ("offset", (at + offset).to_string()),
                    ("looks", looks.to_string()),
                ],
            ))
        }
    }
}

/// Bytes that are no text in any encoding: more than one control byte in 16 among
/// the first 4 KiB (text has tabs and line breaks only), and not UTF-16's NUL pattern.
fn binary_data(bytes: &[u8]) -> Option<&'static str> {
    let head = bytes.get(..4096).unwrap_or(bytes);
    let nuls = head.iter().take(64).filter(|b| **b == 0).count();
    let control = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F)
        .count();
    (nuls <= 8 && control * 16 > head.len()).then_some("binary data, not text")
}

/// The text a file's places are counted in: without its byte-order mark.
pub(crate) fn body(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Reads one plan file; its targets and actuals go to `sink` as they are read.
pub(crate) fn parse<'a>(
    name: &str,
    text: &'a str,
    sink: &mut dyn Sink<'a>,
) -> Result<PlanFile<'a>, InputError> {
    let text = body(text);
    if text.trim().is_empty() {
        return Err(InputError::whole(name, "the file is empty"));
    }
    let mut r = Cursor::new(text, sink);
    if r.ws() != Some(b'{') {
        let at = r.pos();
        return Err(match r.found() {
            Ok(found) => at_offset(
                name,
                text,
                at,
                Some(String::new()),
                format!("the top level must be a plan object {{…}}, found {found}"),
            ),
            Err(e) => refusal(name, text, &e),
        });
    }
    let read = PlanFile::read_into_new(&mut r).and_then(|file| {
        r.end("the plan object")?;
        Ok(file)
    });
    match read {
        Ok(file) if file.format == FORMAT => Ok(file),
        Ok(file) => Err(unknown_format(name, text, &file.format)),
        Err(e) => Err(refusal(name, text, &e)),
    }
}

/// Reads a file as `Model::load` does and keeps nothing: only the refusal, if any.
/// For the fuzz target `reader` (`fuzz/fuzz_targets/reader.rs`).
#[doc(hidden)]
pub fn parse_only(name: &str, text: &str) -> Result<(), InputError> {
    parse(name, text, &mut ()).map(|_| ())
}

impl<'a> PlanFile<'a> {
    fn read_into_new(r: &mut super::format::Reader<'a, '_>) -> super::json::Result<Self> {
        let mut file = PlanFile::default();
        file.read_into(r)?;
        Ok(file)
    }
}

fn at_offset(
    name: &str,
    text: &str,
    at: usize,
    pointer: Option<String>,
    message: String,
) -> InputError {
    let (line, column) = line_col(text, at);
    InputError {
        file: name.to_string(),
        line: Some(line),
        column: Some(column),
        pointer,
        message,
        code: None,
    }
}

/// A reader's error as an [`InputError`]. A value refused in a file of another format
/// is reported as that format (a file of `planlens/2` fails on its first new field).
fn refusal(name: &str, text: &str, e: &Error) -> InputError {
    let pointer = e.pointer();
    if pointer.is_some() {
        if let Some(f) = head_format(text) {
            if f != FORMAT {
                return unknown_format(name, text, &f);
            }
        }
    }
    let mut out = at_offset(name, text, e.at, pointer, e.message.to_string());
    out.code = e.code.clone().map(Box::new);
    out
}

fn unknown_format(name: &str, text: &str, found: &str) -> InputError {
    let mut e = InputError::at(
        name,
        "/format",
        format!(
            "unknown format {}: this planlens reads \"{FORMAT}\"",
            super::json::clip(&format!("{found:?}"))
        ),
    );
    place(&mut e, text);
    e
}

/// The `format` of a text whose top level is an object, if it has one that is a string
/// (read as far as needed: the rest of the text may be anything). Its cursor is the
/// reader's type (with a sink that keeps nothing), so that the page has one copy of it.
fn head_format(text: &str) -> Option<Cow<'_, str>> {
    let mut nothing = ();
    let mut c = Cursor::new(text, &mut nothing as &mut dyn Sink);
    let mut format = None;
    let _ = c.object("", &mut |c, key, _| {
        if key == "format" {
            format = c.string("").ok();
            // Stop: what follows does not matter.
            return Err(Error::syntax(0, ""));
        }
        c.skip()
    });
    format
}

/// Gives an error that names a value by its pointer only (the builder's) the line and
/// column of that value in `text`, the file's text.
pub(crate) fn place(e: &mut InputError, text: &str) {
    let Some(pointer) = &e.pointer else { return };
    if e.line.is_some() {
        return;
    }
    let text = body(text);
    let mut nothing = ();
    let mut c = Cursor::new(text, &mut nothing as &mut dyn Sink);
    if c.seek(&pointer_tokens(pointer)) {
        let (line, column) = line_col(text, c.pos());
        (e.line, e.column) = (Some(line), Some(column));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_of_the_wrong_kind_has_a_code() {
        let text = r#"{"format": "planlens/1", "plan": {"id": 5}}"#;
        let e = crate::plan::Model::load(&[SourceFile {
            name: "p.json".into(),
            text: text.into(),
        }])
        .unwrap_err();
        // The message is the same as without a code; the code carries its parts.
        assert_eq!(
            e.to_string(),
            "p.json:1:41: /plan/id: expected a string, found 5"
        );
        let code = *e.code.unwrap();
        assert_eq!(code.name, "expected");
        assert_eq!(
            code.params,
            vec![
                ("expected", "a string".to_string()),
                ("found", "5".to_string())
            ]
        );
    }

    #[test]
    fn decoding() {
        assert!(decode_text("a", b"\xEF\xBB\xBF{}").is_ok_and(|t| t == "{}"));
        assert!(decode_text_owned("a", b"\xEF\xBB\xBF{}".to_vec()).is_ok_and(|t| t == "{}"));
        assert!(decode_text_owned("a", b"{}".to_vec()).is_ok_and(|t| t == "{}"));
        // The same refusal as the borrowed reader's, place and all.
        let bad = b"{\"a\": \"\xC4\xE3\"}".to_vec();
        let (owned, borrowed) = (decode_text_owned("a", bad.clone()), decode_text("a", &bad));
        assert_eq!(
            owned.err().map(|e| e.to_string()),
            borrowed.err().map(|e| e.to_string())
        );
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
        let png = decode_text("x.json", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff").unwrap_err();
        assert_eq!(
            png.to_string(),
            "x.json: this is not a plan file: it is a PNG image"
        );
        let noise: Vec<u8> = (0u32..2000)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let e = decode_text("x.json", &noise).unwrap_err().to_string();
        assert!(
            e.ends_with("this is not a plan file: it is binary data, not text"),
            "{e}"
        );
    }

    #[test]
    fn the_format_of_a_file_that_is_refused() {
        assert_eq!(
            head_format(r#"{"a":[1,{"b":2}],"format":"x","c":"#).as_deref(),
            Some("x")
        );
        assert_eq!(head_format(r#"{"format":5}"#), None);
        assert_eq!(head_format(r#"{"a":[1,"#), None);
        assert_eq!(head_format(r#"["format"]"#), None);
    }

    #[test]
    fn builder_errors_get_their_line_and_column() {
        let text = "\u{feff}{\"format\":\"planlens/1\",\n \"plan\":{\"id\":\"p\"},\n \"targets\":[{\"a\":1},\n  {\"b\":2}]}";
        let mut e = InputError::at("f", "/targets/1/b", "m");
        place(&mut e, text);
        assert_eq!((e.line, e.column), (Some(4), Some(8)));
        let mut e = InputError::at("f", "/targets/2", "m");
        place(&mut e, text);
        assert_eq!((e.line, e.column), (None, None));
    }
}
