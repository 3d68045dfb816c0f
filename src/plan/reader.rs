//! Our own reader of `planlens/1` text: a byte cursor over the `&str` and, for each
//! object of the format, the field dispatch `#[derive(Deserialize)]` generates.
//!
//! serde_json's deserializer with the serde visitors of the format was most of the
//! input path's share of the WebAssembly; this reader does the same work in about
//! half the code. It is not a general JSON parser: it reads exactly the
//! shape of [`PlanFile`], and it refuses what the derive path (`load::parse_plan`:
//! `serde_json::from_str::<PlanFile>`) refuses, with the same message at the same line
//! and column. That is why it follows serde_json step by step rather than being written
//! freely: which byte an error points at depends on whether serde_json had consumed the
//! offending byte ("`error`") or only peeked at it ("`peek_error`"), and a data error
//! (an unknown field, a value of the wrong type) gets the place where the deserializer
//! stands when the error passes the innermost `deserialize_*` call that fixes positions
//! ([`Reader::fix`]), after that call has skipped the whitespace and the bracket that
//! close its value ([`Reader::nested`]). The names of the functions follow serde_json's
//! (`parse_integer`, `ignore_value`, `end_seq`, …) so that the two can be read side by
//! side; the tests in `reader/tests.rs` (every kind of value in every slot of the
//! format, the corpora, a proptest of mutated plans) and the fuzz target `reader` hold
//! them to it.
//!
//! Strings without escapes are borrowed from the text. Numbers of figures are read from
//! their text by [`raw::plain_decimal`] and [`raw::read_number`] (exact decimals); the
//! integer fields (`year`, `base_year`) and the messages about numbers of the wrong
//! type go through serde_json's own `u64`/`i64`/`f64` arithmetic ([`Reader::parse_integer`]),
//! because the messages print that value. The nesting of the format is at most five
//! levels deep and values inside a figure are skipped without recursion
//! ([`Reader::ignore_value`]), so hostile nesting cannot exhaust the stack; the depth
//! limit of serde_json (128) is kept anyway.

use super::model::{Kind, PlanIdx};
use super::raw::{
    self, AreaDef, BetterDef, IndicatorDef, MilestoneDef, Num, PlanFile, PlanInfo, Record, ShareOf,
    TaskDef, Tolerance,
};
use super::stream::{Ctx, LocalIds, Parsed, Sink, Stream};
use std::borrow::Cow;

/// serde_json's syntax errors, by their message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Code {
    EofList,
    EofObject,
    EofString,
    EofValue,
    Colon,
    ListCommaOrEnd,
    ObjectCommaOrEnd,
    Ident,
    Value,
    Escape,
    Number,
    OutOfRange,
    ControlChar,
    KeyString,
    LoneSurrogate,
    TrailingComma,
    TrailingChars,
    EndOfHexEscape,
    Recursion,
}

impl Code {
    fn text(self) -> &'static str {
        match self {
            Code::EofList => "EOF while parsing a list",
            Code::EofObject => "EOF while parsing an object",
            Code::EofString => "EOF while parsing a string",
            Code::EofValue => "EOF while parsing a value",
            Code::Colon => "expected `:`",
            Code::ListCommaOrEnd => "expected `,` or `]`",
            Code::ObjectCommaOrEnd => "expected `,` or `}`",
            Code::Ident => "expected ident",
            Code::Value => "expected value",
            Code::Escape => "invalid escape",
            Code::Number => "invalid number",
            Code::OutOfRange => "number out of range",
            Code::ControlChar => "control character (\\u0000-\\u001F) found while parsing a string",
            Code::KeyString => "key must be a string",
            Code::LoneSurrogate => "lone leading surrogate in hex escape",
            Code::TrailingComma => "trailing comma",
            Code::TrailingChars => "trailing characters",
            Code::EndOfHexEscape => "unexpected end of hex escape",
            Code::Recursion => "recursion limit exceeded",
        }
    }
}

/// Where an error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A data error that has not passed a `deserialize_*` call yet.
    Unfixed,
    /// serde_json's `position_of_index`: the line and column of the byte before `i`.
    Index(usize),
    /// A line and column given in the message itself (see [`Error::data`]).
    LineCol(usize, usize),
}

/// A refusal: serde_json's message, whether it is about data (serde_json's
/// `Category::Data`: the place gets a JSON pointer) and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Error {
    pub message: Cow<'static, str>,
    pub data: bool,
    place: Place,
}

impl Error {
    fn syntax(code: Code, index: usize) -> Box<Error> {
        Box::new(Error {
            message: Cow::Borrowed(code.text()),
            data: false,
            place: Place::Index(index),
        })
    }

    /// A data error. Like serde_json's `make_error`, a message that ends in
    /// " at line L column C" is taken to say where it is (with L > 0).
    fn data(mut message: String) -> Box<Error> {
        let place = match split_line_col(&mut message) {
            Some((line, column)) if line > 0 => Place::LineCol(line, column),
            _ => Place::Unfixed,
        };
        Box::new(Error {
            message: Cow::Owned(message),
            data: true,
            place,
        })
    }

    /// An error of the derive path (`load::parse_plan`): serde_json's message without
    /// its place.
    pub(crate) fn from_serde(e: &serde_json::Error) -> Box<Error> {
        let mut message = e.to_string();
        if let Some(at) = message.rfind(" at line ") {
            message.truncate(at);
        }
        Box::new(Error {
            message: Cow::Owned(message),
            data: e.classify() == serde_json::error::Category::Data,
            place: Place::LineCol(e.line(), e.column()),
        })
    }

    /// The 1-based line and the column (serde_json's: bytes) in `text`; line 0 when
    /// unknown.
    pub(crate) fn line_col(&self, text: &str) -> (usize, usize) {
        match self.place {
            Place::Unfixed => (0, 0),
            Place::LineCol(line, column) => (line, column),
            Place::Index(i) => {
                let before = text.as_bytes().get(..i).unwrap_or_default();
                let start = before
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1);
                let line = 1 + before.iter().take(start).filter(|&&b| b == b'\n').count();
                (line, i - start)
            }
        }
    }
}

/// serde_json's `parse_line_col`: takes " at line L column C" off the end of `msg`.
fn split_line_col(msg: &mut String) -> Option<(usize, usize)> {
    let at = msg.rfind(" at line ")?;
    let rest = msg.get(at + " at line ".len()..)?;
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let line_len = digits(rest);
    let (line, rest) = rest.split_at(line_len);
    let column = rest.strip_prefix(" column ")?;
    if digits(column) < column.len() {
        return None;
    }
    let (line, column) = (line.parse().ok()?, column.parse().ok()?);
    msg.truncate(at);
    Some((line, column))
}

/// `invalid type: {unexpected}, expected {expected}`.
fn invalid_type(unexpected: &str, expected: &str) -> Box<Error> {
    Error::data(format!("invalid type: {unexpected}, expected {expected}"))
}

/// Errors are boxed: a small `Result` keeps the many `?` of the reader cheap (in time
/// and in WebAssembly).
pub(crate) type Result<T> = std::result::Result<T, Box<Error>>;

/// A number as serde_json's `parse_integer` reads it.
enum Number {
    U64(u64),
    I64(i64),
    F64(f64),
}

impl Number {
    /// serde's `Unexpected` for this number, as serde_json prints it.
    fn unexpected(&self) -> String {
        match self {
            Number::U64(n) => format!("integer `{n}`"),
            Number::I64(n) => format!("integer `{n}`"),
            Number::F64(f) => format!("floating point `{}`", fmt_float(*f)),
        }
    }
}

/// `a * 10 + b` would exceed `max` (serde_json's `overflow!`).
fn overflows<T: Into<u64>>(a: T, b: T, max: u64) -> bool {
    let (a, b) = (a.into(), b.into());
    a >= max / 10 && (a > max / 10 || b > max % 10)
}

/// The reader: the text, the index of the next byte and serde_json's remaining depth.
pub(crate) struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    i: usize,
    depth: u8,
}

/// The keys of [`PlanFile`], in its order (for "unknown field" messages).
const FILE_FIELDS: &[&str] = &[
    "$schema",
    "format",
    "plan",
    "areas",
    "indicators",
    "targets",
    "actuals",
    "tasks",
];
const PLAN_FIELDS: &[&str] = &[
    "id", "title", "issuer", "doc_no", "issued", "source", "note",
];
const AREA_FIELDS: &[&str] = &["id", "name", "parent", "note"];
const INDICATOR_FIELDS: &[&str] = &[
    "id",
    "name",
    "unit",
    "additive",
    "sum_of",
    "tolerance",
    "better",
    "growth_of",
    "increment_of",
    "share_of",
    "note",
];
const SHARE_FIELDS: &[&str] = &["numerator", "denominator"];
const RECORD_FIELDS: &[&str] = &[
    "indicator",
    "area",
    "year",
    "year_text",
    "period",
    "base_year",
    "value",
    "approx",
    "min",
    "max",
    "source",
    "note",
];
const TASK_FIELDS: &[&str] = &[
    "id",
    "title",
    "lead",
    "support",
    "area",
    "due",
    "milestones",
    "indicators",
    "source",
    "note",
];
const MILESTONE_FIELDS: &[&str] = &["due", "text", "source"];
const BETTER_VARIANTS: &[&str] = &["higher", "lower"];

/// A struct of the format: its name (for messages), keys in declaration order and a
/// bit for each field without a default.
struct Shape {
    name: &'static str,
    fields: &'static [&'static str],
    required: u16,
    /// A record: its common keys are compared first (see [`Shape::index`]).
    record: bool,
}

const FILE: Shape = Shape {
    name: "PlanFile",
    fields: FILE_FIELDS,
    required: 0b110,
    record: false,
};
const PLAN: Shape = Shape {
    name: "PlanInfo",
    fields: PLAN_FIELDS,
    required: 0b1,
    record: false,
};
const AREA: Shape = Shape {
    name: "AreaDef",
    fields: AREA_FIELDS,
    required: 0b11,
    record: false,
};
const INDICATOR: Shape = Shape {
    name: "IndicatorDef",
    fields: INDICATOR_FIELDS,
    required: 0b111,
    record: false,
};
const SHARE: Shape = Shape {
    name: "ShareOf",
    fields: SHARE_FIELDS,
    required: 0b11,
    record: false,
};
const RECORD: Shape = Shape {
    name: "Record",
    fields: RECORD_FIELDS,
    required: 0b11,
    record: true,
};
const TASK: Shape = Shape {
    name: "TaskDef",
    fields: TASK_FIELDS,
    required: 0b11,
    record: false,
};
const MILESTONE: Shape = Shape {
    name: "MilestoneDef",
    fields: MILESTONE_FIELDS,
    required: 0b11,
    record: false,
};

impl Shape {
    /// The index of a key: the keys every record has are compared as constants first
    /// (finding them by a search of the list took about 8 % of loading a national plan).
    fn index(&self, key: &str) -> Option<usize> {
        let b = key.as_bytes();
        let common = match b.len() {
            _ if !self.record => None,
            9 if same(b, b"indicator") => Some(0),
            4 if same(b, b"area") => Some(1),
            4 if same(b, b"year") => Some(2),
            5 if same(b, b"value") => Some(6),
            _ => None,
        };
        common.or_else(|| self.fields.iter().position(|f| *f == key))
    }

    fn field(&self, k: usize) -> &'static str {
        self.fields.get(k).copied().unwrap_or_default()
    }
}

/// `b == k`, as arrays of a fixed size: compared inline, without a call to `memcmp`.
fn same<const N: usize>(b: &[u8], k: &[u8; N]) -> bool {
    <[u8; N]>::try_from(b).ok() == Some(*k)
}

/// One plan file (already past the checks of `load::parse_into`): its records go into
/// `sink` as the figures of plan `plan`.
pub(crate) fn read_file<'a>(text: &'a str, plan: PlanIdx, sink: &mut Sink) -> Result<Parsed<'a>> {
    let mut r = Reader::new(text);
    let parsed = r.file(plan, sink)?;
    r.end()?;
    Ok(parsed)
}

/// Whether `text` is one JSON value (serde_json's `from_str::<IgnoredAny>` succeeds).
pub(crate) fn is_value(text: &str) -> bool {
    let mut r = Reader::new(text);
    r.ignore_value().is_ok() && r.end().is_ok()
}

/// The `format` of a text that is one JSON object, read as
/// `#[derive(Deserialize)] struct Head { #[serde(borrow, default)] format: Option<Cow<str>> }`
/// reads it (other keys ignored, but the whole text must be JSON): `None` when that
/// fails or there is no format.
pub(crate) fn head_format(text: &str) -> Option<Cow<'_, str>> {
    let mut r = Reader::new(text);
    let format = r.head().ok()?;
    r.end().ok()?;
    format
}

/// The text of the JSON string `"{raw}"` (serde_json's `from_str::<String>`), `None`
/// when it is not one.
pub(crate) fn unescape(raw: &str) -> Option<String> {
    unquote(&format!("\"{raw}\"")).ok()
}

/// serde_json's `from_str::<String>(text)`, the error with its place in `text`.
fn unquote(text: &str) -> Result<String> {
    let mut r = Reader::new(text);
    let s = r.string()?;
    r.end()?;
    Ok(s.into_owned())
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Reader<'a> {
        Reader {
            text,
            bytes: text.as_bytes(),
            i: 0,
            depth: 128,
        }
    }

    // ---- The cursor -------------------------------------------------------------

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.i).copied()
    }

    fn peek_or_null(&self) -> u8 {
        self.peek().unwrap_or(0)
    }

    fn eat(&mut self) {
        self.i += 1;
    }

    fn next(&mut self) -> Option<u8> {
        let c = self.peek();
        if c.is_some() {
            self.i += 1;
        }
        c
    }

    /// Skips whitespace; the next byte.
    fn ws(&mut self) -> Option<u8> {
        loop {
            match self.peek() {
                Some(b' ' | b'\n' | b'\t' | b'\r') => self.i += 1,
                other => return other,
            }
        }
    }

    /// An error about the byte just consumed.
    fn error(&self, code: Code) -> Box<Error> {
        Error::syntax(code, self.i)
    }

    /// An error about the byte peeked at.
    fn peek_error(&self, code: Code) -> Box<Error> {
        Error::syntax(code, (self.i + 1).min(self.bytes.len()))
    }

    /// serde_json's `fix_position`: a data error is placed where the reader stands.
    fn fix(&self, mut e: Box<Error>) -> Box<Error> {
        if e.place == Place::Unfixed {
            e.place = Place::Index(self.i);
        }
        e
    }

    fn parse_ident(&mut self, ident: &[u8]) -> Result<()> {
        for &expected in ident {
            match self.next() {
                None => return Err(self.error(Code::EofValue)),
                Some(c) if c != expected => return Err(self.error(Code::Ident)),
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// After the top-level value: only whitespace may follow.
    fn end(&mut self) -> Result<()> {
        match self.ws() {
            Some(_) => Err(self.peek_error(Code::TrailingChars)),
            None => Ok(()),
        }
    }

    // ---- Strings ----------------------------------------------------------------

    /// Moves to the next `"`, `\\` or control character (or the end), eight bytes at a
    /// time as serde_json does: a string is most of what the reader reads.
    fn skip_to_escape(&mut self) {
        const ONES: u64 = u64::MAX / 255;
        let rest = self.bytes.get(self.i..).unwrap_or_default();
        for chunk in rest.chunks_exact(8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let x = u64::from_le_bytes(word);
            let ctrl = x.wrapping_sub(ONES * 0x20) & !x;
            let quote = x ^ (ONES * u64::from(b'"'));
            let quote = quote.wrapping_sub(ONES) & !quote;
            let slash = x ^ (ONES * u64::from(b'\\'));
            let slash = slash.wrapping_sub(ONES) & !slash;
            let found = (ctrl | quote | slash) & (ONES << 7);
            if found != 0 {
                self.i += found.trailing_zeros() as usize / 8;
                return;
            }
            self.i += 8;
        }
        while let Some(&c) = self.bytes.get(self.i) {
            if c == b'"' || c == b'\\' || c < 0x20 {
                return;
            }
            self.i += 1;
        }
    }

    /// The rest of a string whose opening quote was consumed (serde_json's `parse_str`
    /// of a `StrRead`): borrowed when it has no escapes.
    fn str_body(&mut self) -> Result<Cow<'a, str>> {
        let mut owned: Option<String> = None;
        let mut start = self.i;
        loop {
            self.skip_to_escape();
            let chunk = self.text.get(start..self.i).unwrap_or_default();
            match self.peek() {
                None => return Err(self.error(Code::EofString)),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(chunk),
                        Some(mut s) => {
                            s.push_str(chunk);
                            Cow::Owned(s)
                        }
                    });
                }
                Some(b'\\') => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(chunk);
                    self.i += 1;
                    self.parse_escape(s)?;
                    start = self.i;
                }
                Some(_) => {
                    self.i += 1;
                    return Err(self.error(Code::ControlChar));
                }
            }
        }
    }

    /// One escape after its backslash.
    fn parse_escape(&mut self, out: &mut String) -> Result<()> {
        let c = match self.next() {
            Some(c) => c,
            None => return Err(self.error(Code::EofString)),
        };
        let ch = match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.parse_unicode_escape(out),
            _ => return Err(self.error(Code::Escape)),
        };
        out.push(ch);
        Ok(())
    }

    /// `\uXXXX` after its `\u`, a surrogate pair as two escapes.
    fn parse_unicode_escape(&mut self, out: &mut String) -> Result<()> {
        let n = self.decode_hex_escape()?;
        let code = match n {
            0xDC00..=0xDFFF => return Err(self.error(Code::LoneSurrogate)),
            0xD800..=0xDBFF => {
                for expected in [b'\\', b'u'] {
                    match self.peek() {
                        None => return Err(self.error(Code::EofString)),
                        Some(c) => {
                            self.eat();
                            if c != expected {
                                return Err(self.error(Code::EndOfHexEscape));
                            }
                        }
                    }
                }
                let n2 = self.decode_hex_escape()?;
                if !(0xDC00..=0xDFFF).contains(&n2) {
                    return Err(self.error(Code::LoneSurrogate));
                }
                (((u32::from(n) - 0xD800) << 10) | (u32::from(n2) - 0xDC00)) + 0x1_0000
            }
            _ => u32::from(n),
        };
        out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
        Ok(())
    }

    fn decode_hex_escape(&mut self) -> Result<u16> {
        let Some(hex) = self.bytes.get(self.i..self.i + 4) else {
            self.i = self.bytes.len();
            return Err(self.error(Code::EofString));
        };
        self.i += 4;
        let mut n: u16 = 0;
        for &c in hex {
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => return Err(self.error(Code::Escape)),
            };
            n = n << 4 | u16::from(d);
        }
        Ok(n)
    }

    /// The rest of a string skipped inside a value (serde_json's `ignore_str`: escapes
    /// are checked, surrogates are not).
    fn ignore_str(&mut self) -> Result<()> {
        loop {
            self.skip_to_escape();
            match self.peek() {
                None => return Err(self.error(Code::EofString)),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.i += 1;
                    match self.next() {
                        None => return Err(self.error(Code::EofString)),
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {}
                        Some(b'u') => {
                            self.decode_hex_escape()?;
                        }
                        Some(_) => return Err(self.error(Code::Escape)),
                    }
                }
                Some(_) => return Err(self.error(Code::ControlChar)),
            }
        }
    }

    // ---- Values skipped or taken as text ----------------------------------------

    /// Skips one value without recursion (serde_json's `ignore_value`; it has no depth
    /// limit either): `stack` holds the brackets of the enclosing values.
    fn ignore_value(&mut self) -> Result<()> {
        let mut stack: Vec<u8> = Vec::new();
        let mut enclosing: Option<u8> = None;
        loop {
            let frame = match self.ws() {
                None => return Err(self.peek_error(Code::EofValue)),
                Some(b'n') => {
                    self.eat();
                    self.parse_ident(b"ull")?;
                    None
                }
                Some(b't') => {
                    self.eat();
                    self.parse_ident(b"rue")?;
                    None
                }
                Some(b'f') => {
                    self.eat();
                    self.parse_ident(b"alse")?;
                    None
                }
                Some(b'-') => {
                    self.eat();
                    self.ignore_integer()?;
                    None
                }
                Some(b'0'..=b'9') => {
                    self.ignore_integer()?;
                    None
                }
                Some(b'"') => {
                    self.eat();
                    self.ignore_str()?;
                    None
                }
                Some(frame @ (b'[' | b'{')) => {
                    stack.extend(enclosing.take());
                    self.eat();
                    Some(frame)
                }
                Some(_) => return Err(self.peek_error(Code::Value)),
            };
            let (mut accept_comma, mut frame) = match frame {
                Some(frame) => (false, frame),
                None => match enclosing.take().or_else(|| stack.pop()) {
                    Some(frame) => (true, frame),
                    None => return Ok(()),
                },
            };
            loop {
                match self.ws() {
                    Some(b',') if accept_comma => {
                        self.eat();
                        break;
                    }
                    Some(b']') if frame == b'[' => {}
                    Some(b'}') if frame == b'{' => {}
                    Some(_) if accept_comma => {
                        return Err(self.peek_error(if frame == b'[' {
                            Code::ListCommaOrEnd
                        } else {
                            Code::ObjectCommaOrEnd
                        }))
                    }
                    Some(_) => break,
                    None => {
                        return Err(self.peek_error(if frame == b'[' {
                            Code::EofList
                        } else {
                            Code::EofObject
                        }))
                    }
                }
                self.eat();
                frame = match stack.pop() {
                    Some(frame) => frame,
                    None => return Ok(()),
                };
                accept_comma = true;
            }
            if frame == b'{' {
                match self.ws() {
                    Some(b'"') => self.eat(),
                    Some(_) => return Err(self.peek_error(Code::KeyString)),
                    None => return Err(self.peek_error(Code::EofObject)),
                }
                self.ignore_str()?;
                match self.ws() {
                    Some(b':') => self.eat(),
                    Some(_) => return Err(self.peek_error(Code::Colon)),
                    None => return Err(self.peek_error(Code::EofObject)),
                }
            }
            enclosing = Some(frame);
        }
    }

    fn ignore_integer(&mut self) -> Result<()> {
        match self.next().unwrap_or(0) {
            b'0' => {
                if self.peek_or_null().is_ascii_digit() {
                    return Err(self.peek_error(Code::Number));
                }
            }
            b'1'..=b'9' => self.skip_digits(),
            _ => return Err(self.error(Code::Number)),
        }
        match self.peek_or_null() {
            b'.' => {
                self.eat();
                if !self.peek_or_null().is_ascii_digit() {
                    return Err(self.peek_error(Code::Number));
                }
                self.skip_digits();
                match self.peek_or_null() {
                    b'e' | b'E' => self.ignore_exponent(),
                    _ => Ok(()),
                }
            }
            b'e' | b'E' => self.ignore_exponent(),
            _ => Ok(()),
        }
    }

    fn ignore_exponent(&mut self) -> Result<()> {
        self.eat();
        if let b'+' | b'-' = self.peek_or_null() {
            self.eat();
        }
        match self.peek() {
            Some(b'0'..=b'9') => self.eat(),
            Some(_) => {
                self.eat();
                return Err(self.error(Code::Number));
            }
            None => return Err(self.error(Code::Number)),
        }
        self.skip_digits();
        Ok(())
    }

    fn skip_digits(&mut self) {
        while self.peek_or_null().is_ascii_digit() {
            self.eat();
        }
    }

    /// The text of one value (serde_json's `RawValue`).
    fn raw(&mut self) -> Result<&'a str> {
        self.ws();
        let start = self.i;
        self.ignore_value()?;
        Ok(self.text.get(start..self.i).unwrap_or_default())
    }

    // ---- Numbers as serde_json reads them ---------------------------------------

    /// An integer, or a float where it has a point, an exponent or too many digits
    /// (serde_json without `float_roundtrip`, whose `f64` the messages print).
    fn parse_integer(&mut self, positive: bool) -> Result<Number> {
        let first = match self.next() {
            Some(c) => c,
            None => return Err(self.error(Code::EofValue)),
        };
        match first {
            b'0' => {
                if self.peek_or_null().is_ascii_digit() {
                    return Err(self.peek_error(Code::Number));
                }
                self.parse_number(positive, 0)
            }
            b'1'..=b'9' => {
                let mut significand = u64::from(first - b'0');
                loop {
                    let c = self.peek_or_null();
                    if !c.is_ascii_digit() {
                        return self.parse_number(positive, significand);
                    }
                    let digit = u64::from(c - b'0');
                    if overflows(significand, digit, u64::MAX) {
                        return self
                            .parse_long_integer(positive, significand)
                            .map(Number::F64);
                    }
                    self.eat();
                    significand = significand * 10 + digit;
                }
            }
            _ => Err(self.error(Code::Number)),
        }
    }

    fn parse_number(&mut self, positive: bool, significand: u64) -> Result<Number> {
        Ok(match self.peek_or_null() {
            b'.' => Number::F64(self.parse_decimal(positive, significand, 0)?),
            b'e' | b'E' => Number::F64(self.parse_exponent(positive, significand, 0)?),
            _ if positive => Number::U64(significand),
            _ => {
                let neg = (significand as i64).wrapping_neg();
                // A float on underflow, or on `-0`.
                if neg >= 0 {
                    Number::F64(-(significand as f64))
                } else {
                    Number::I64(neg)
                }
            }
        })
    }

    fn parse_decimal(&mut self, positive: bool, mut significand: u64, before: i32) -> Result<f64> {
        self.eat();
        let mut after = 0i32;
        while let c @ b'0'..=b'9' = self.peek_or_null() {
            let digit = u64::from(c - b'0');
            if overflows(significand, digit, u64::MAX) {
                // Further digits are ignored.
                self.skip_digits();
                return match self.peek_or_null() {
                    b'e' | b'E' => self.parse_exponent(positive, significand, before + after),
                    _ => self.f64_from_parts(positive, significand, before + after),
                };
            }
            self.eat();
            significand = significand * 10 + digit;
            after -= 1;
        }
        if after == 0 {
            return Err(match self.peek() {
                Some(_) => self.peek_error(Code::Number),
                None => self.peek_error(Code::EofValue),
            });
        }
        match self.peek_or_null() {
            b'e' | b'E' => self.parse_exponent(positive, significand, before + after),
            _ => self.f64_from_parts(positive, significand, before + after),
        }
    }

    fn parse_exponent(&mut self, positive: bool, significand: u64, start: i32) -> Result<f64> {
        self.eat();
        let positive_exp = match self.peek_or_null() {
            b'+' => {
                self.eat();
                true
            }
            b'-' => {
                self.eat();
                false
            }
            _ => true,
        };
        let mut exp = match self.next() {
            Some(c @ b'0'..=b'9') => i32::from(c - b'0'),
            Some(_) => return Err(self.error(Code::Number)),
            None => return Err(self.error(Code::EofValue)),
        };
        while let c @ b'0'..=b'9' = self.peek_or_null() {
            self.eat();
            let digit = i32::from(c - b'0');
            if overflows(exp as u32, digit as u32, i32::MAX as u64) {
                // Zero, or an error instead of an infinity.
                if significand != 0 && positive_exp {
                    return Err(self.error(Code::OutOfRange));
                }
                self.skip_digits();
                return Ok(if positive { 0.0 } else { -0.0 });
            }
            exp = exp * 10 + digit;
        }
        let exp = if positive_exp {
            start.saturating_add(exp)
        } else {
            start.saturating_sub(exp)
        };
        self.f64_from_parts(positive, significand, exp)
    }

    /// An integer of more than 20 digits: the digits past `u64` only count.
    fn parse_long_integer(&mut self, positive: bool, significand: u64) -> Result<f64> {
        let mut exponent = 0;
        loop {
            match self.peek_or_null() {
                b'0'..=b'9' => {
                    self.eat();
                    exponent += 1;
                }
                b'.' => return self.parse_decimal(positive, significand, exponent),
                b'e' | b'E' => return self.parse_exponent(positive, significand, exponent),
                _ => return self.f64_from_parts(positive, significand, exponent),
            }
        }
    }

    fn f64_from_parts(&self, positive: bool, significand: u64, mut exponent: i32) -> Result<f64> {
        let mut f = significand as f64;
        loop {
            match pow10(exponent.unsigned_abs()) {
                Some(pow) => {
                    if exponent >= 0 {
                        f *= pow;
                        if f.is_infinite() {
                            return Err(self.error(Code::OutOfRange));
                        }
                    } else {
                        f /= pow;
                    }
                    break;
                }
                None => {
                    if f == 0.0 {
                        break;
                    }
                    if exponent >= 0 {
                        return Err(self.error(Code::OutOfRange));
                    }
                    f /= 1e308;
                    exponent += 308;
                }
            }
        }
        Ok(if positive { f } else { -f })
    }

    // ---- Values of a type, each like the `deserialize_*` call serde makes ------

    /// serde_json's `peek_invalid_type`: reads the value that is not `expected` to
    /// name it in the message.
    fn invalid_type(&mut self, expected: &str) -> Box<Error> {
        let unexpected = match self.peek_or_null() {
            b'n' => {
                self.eat();
                if let Err(e) = self.parse_ident(b"ull") {
                    return e;
                }
                "null".to_string()
            }
            b't' => {
                self.eat();
                if let Err(e) = self.parse_ident(b"rue") {
                    return e;
                }
                "boolean `true`".to_string()
            }
            b'f' => {
                self.eat();
                if let Err(e) = self.parse_ident(b"alse") {
                    return e;
                }
                "boolean `false`".to_string()
            }
            c @ (b'-' | b'0'..=b'9') => {
                if c == b'-' {
                    self.eat();
                }
                match self.parse_integer(c != b'-') {
                    Ok(n) => n.unexpected(),
                    Err(e) => return e,
                }
            }
            b'"' => {
                self.eat();
                match self.str_body() {
                    Ok(s) => format!("string {s:?}"),
                    Err(e) => return e,
                }
            }
            b'[' => "sequence".to_string(),
            b'{' => "map".to_string(),
            _ => return self.peek_error(Code::Value),
        };
        self.fix(invalid_type(&unexpected, expected))
    }

    /// `null` for an `Option` (serde_json's `deserialize_option`).
    fn null(&mut self) -> Result<bool> {
        if self.ws() != Some(b'n') {
            return Ok(false);
        }
        self.eat();
        self.parse_ident(b"ull")?;
        Ok(true)
    }

    /// A string (`deserialize_str` with a visitor that takes any string).
    fn string(&mut self) -> Result<Cow<'a, str>> {
        match self.ws() {
            None => Err(self.peek_error(Code::EofValue)),
            Some(b'"') => {
                self.eat();
                self.str_body()
            }
            Some(_) => Err(self.invalid_type("a string")),
        }
    }

    fn opt_string(&mut self) -> Result<Option<Cow<'a, str>>> {
        if self.null()? {
            return Ok(None);
        }
        self.string().map(Some)
    }

    fn opt_int(&mut self) -> Result<Option<i64>> {
        if self.null()? {
            return Ok(None);
        }
        let n = match self.ws() {
            None => return Err(self.peek_error(Code::EofValue)),
            Some(b'-') => {
                self.eat();
                self.parse_integer(false)?
            }
            Some(b'0'..=b'9') => self.parse_integer(true)?,
            Some(_) => return Err(self.invalid_type("i64")),
        };
        match n {
            Number::I64(n) => Ok(Some(n)),
            Number::U64(n) => match i64::try_from(n) {
                Ok(n) => Ok(Some(n)),
                Err(_) => Err(self.fix(Error::data(format!(
                    "invalid value: integer `{n}`, expected i64"
                )))),
            },
            Number::F64(_) => Err(self.fix(invalid_type(&n.unexpected(), "i64"))),
        }
    }

    fn opt_bool(&mut self) -> Result<Option<bool>> {
        if self.null()? {
            return Ok(None);
        }
        let (value, rest): (bool, &[u8]) = match self.ws() {
            None => return Err(self.peek_error(Code::EofValue)),
            Some(b't') => (true, b"rue"),
            Some(b'f') => (false, b"alse"),
            Some(_) => return Err(self.invalid_type("a boolean")),
        };
        self.eat();
        self.parse_ident(rest)?;
        Ok(Some(value))
    }

    /// A figure: any JSON value, taken as text and read as an exact decimal.
    fn opt_num(&mut self) -> Result<Option<Num>> {
        if self.null()? {
            return Ok(None);
        }
        let raw = self.raw()?;
        match raw::plain_decimal(raw) {
            Some(v) => Ok(Some(Num(v))),
            None => raw::read_number(raw)
                .map(|v| Some(Num(v)))
                .map_err(Error::data),
        }
    }

    /// A tolerance: a number or a string, as `Tolerance`'s `Deserialize` reads it.
    fn opt_tolerance(&mut self) -> Result<Option<Tolerance>> {
        if self.null()? {
            return Ok(None);
        }
        let raw = self.raw()?;
        let text = if raw.starts_with('"') {
            // The derive path reads the string with `serde_json::from_str`, and passes
            // on its errors with their place in `raw`.
            unquote(raw).map_err(|e| {
                let (line, column) = e.line_col(raw);
                Error::data(format!("{} at line {line} column {column}", e.message))
            })?
        } else {
            let v = raw::read_number(raw).map_err(Error::data)?;
            crate::num::fmt_dec(v)
        };
        Tolerance::parse(&text).map(Some).map_err(Error::data)
    }

    /// `higher` or `lower`, as serde_json reads a unit variant: a string or
    /// `{"higher": null}`.
    fn opt_better(&mut self) -> Result<Option<BetterDef>> {
        if self.null()? {
            return Ok(None);
        }
        let variant = |key: &str| match key {
            "higher" => Ok(BetterDef::Higher),
            "lower" => Ok(BetterDef::Lower),
            _ => Err(Error::data(format!(
                "unknown variant `{key}`, expected {}",
                one_of(BETTER_VARIANTS)
            ))),
        };
        match self.ws() {
            Some(b'"') => {
                self.eat();
                let key = self.str_body()?;
                variant(&key).map(Some).map_err(|e| self.fix(e))
            }
            Some(b'{') => {
                self.descend()?;
                match self.ws() {
                    Some(b'"') => {}
                    Some(b'}') => return Err(self.peek_error(Code::Value)),
                    Some(_) => return Err(self.peek_error(Code::KeyString)),
                    None => return Err(self.peek_error(Code::EofObject)),
                }
                self.eat();
                let key = self.str_body()?;
                let v = variant(&key).map_err(|e| self.fix(e))?;
                self.colon()?;
                self.unit()?;
                self.depth += 1;
                match self.ws() {
                    Some(b'}') => {
                        self.eat();
                        Ok(Some(v))
                    }
                    Some(_) => Err(self.error(Code::Value)),
                    None => Err(self.error(Code::EofObject)),
                }
            }
            Some(_) => Err(self.peek_error(Code::Value)),
            None => Err(self.peek_error(Code::EofValue)),
        }
    }

    /// `null` as `()` (`deserialize_unit`).
    fn unit(&mut self) -> Result<()> {
        match self.ws() {
            None => Err(self.peek_error(Code::EofValue)),
            Some(b'n') => {
                self.eat();
                self.parse_ident(b"ull")
            }
            Some(_) => Err(self.invalid_type("unit")),
        }
    }

    // ---- Arrays and objects -----------------------------------------------------

    /// Enters the array or object at the cursor (serde_json's `check_recursion`).
    fn descend(&mut self) -> Result<()> {
        self.depth -= 1;
        if self.depth == 0 {
            return Err(self.peek_error(Code::Recursion));
        }
        self.eat();
        Ok(())
    }

    /// Reads the array (`close` = `]`) or object (`}`) at the cursor with `visit`,
    /// then its end. A data error from inside is placed after the end is skipped
    /// (serde_json runs `end_seq`/`end_map` before `fix_position`, whatever `visit`
    /// returned).
    ///
    /// The visitors of this reader are trait objects rather than generic closures: one
    /// copy of the reading code serves every object of the format (with generic
    /// closures each object had its own, about 13 KB more of WebAssembly).
    fn nested(&mut self, close: u8, visit: &mut dyn FnMut(&mut Self) -> Result<()>) -> Result<()> {
        self.descend()?;
        let value = visit(self);
        let end = if close == b']' {
            self.end_seq()
        } else {
            self.end_map()
        };
        self.depth += 1;
        match value {
            Ok(()) => end,
            Err(e) => Err(self.fix(e)),
        }
    }

    fn end_seq(&mut self) -> Result<()> {
        match self.ws() {
            Some(b']') => {
                self.eat();
                Ok(())
            }
            Some(b',') => {
                self.eat();
                match self.ws() {
                    Some(b']') => Err(self.peek_error(Code::TrailingComma)),
                    _ => Err(self.peek_error(Code::TrailingChars)),
                }
            }
            Some(_) => Err(self.peek_error(Code::TrailingChars)),
            None => Err(self.peek_error(Code::EofList)),
        }
    }

    fn end_map(&mut self) -> Result<()> {
        match self.ws() {
            Some(b'}') => {
                self.eat();
                Ok(())
            }
            Some(b',') => Err(self.peek_error(Code::TrailingComma)),
            Some(_) => Err(self.peek_error(Code::TrailingChars)),
            None => Err(self.peek_error(Code::EofObject)),
        }
    }

    /// Whether another element follows (serde_json's `has_next_element`).
    fn next_element(&mut self, first: &mut bool) -> Result<bool> {
        match self.ws() {
            None => Err(self.peek_error(Code::EofList)),
            Some(b']') => Ok(false),
            Some(_) if *first => {
                *first = false;
                Ok(true)
            }
            Some(b',') => {
                self.eat();
                match self.ws() {
                    Some(b']') => Err(self.peek_error(Code::TrailingComma)),
                    Some(_) => Ok(true),
                    None => Err(self.peek_error(Code::EofValue)),
                }
            }
            Some(_) => Err(self.peek_error(Code::ListCommaOrEnd)),
        }
    }

    /// The next key of an object, `None` at its end (serde_json's `next_key_seed`).
    fn next_key(&mut self, first: &mut bool) -> Result<Option<Cow<'a, str>>> {
        match self.ws() {
            None => return Err(self.peek_error(Code::EofObject)),
            Some(b'}') => return Ok(None),
            Some(c) if *first => {
                *first = false;
                if c != b'"' {
                    return Err(self.peek_error(Code::KeyString));
                }
            }
            Some(b',') => {
                self.eat();
                match self.ws() {
                    Some(b'"') => {}
                    Some(b'}') => return Err(self.peek_error(Code::TrailingComma)),
                    Some(_) => return Err(self.peek_error(Code::KeyString)),
                    None => return Err(self.peek_error(Code::EofValue)),
                }
            }
            Some(_) => return Err(self.peek_error(Code::ObjectCommaOrEnd)),
        }
        self.eat();
        self.str_body().map(Some)
    }

    fn colon(&mut self) -> Result<()> {
        match self.ws() {
            Some(b':') => {
                self.eat();
                Ok(())
            }
            Some(_) => Err(self.peek_error(Code::Colon)),
            None => Err(self.peek_error(Code::EofObject)),
        }
    }

    /// Each element of an array (`deserialize_seq` of a `Vec`).
    fn each(&mut self, element: &mut dyn FnMut(&mut Self) -> Result<()>) -> Result<()> {
        match self.ws() {
            None => Err(self.peek_error(Code::EofValue)),
            Some(b'[') => self.nested(b']', &mut |r| {
                let mut first = true;
                while r.next_element(&mut first)? {
                    element(r)?;
                }
                Ok(())
            }),
            Some(_) => Err(self.invalid_type("a sequence")),
        }
    }

    fn vec<T>(&mut self, mut element: impl FnMut(&mut Self) -> Result<T>) -> Result<Vec<T>> {
        let mut v = Vec::new();
        self.each(&mut |r| {
            v.push(element(r)?);
            Ok(())
        })?;
        Ok(v)
    }

    fn strings(&mut self) -> Result<Vec<Cow<'a, str>>> {
        self.vec(Self::string)
    }

    /// A struct of `shape` as `#[derive(Deserialize)]` with `deny_unknown_fields`
    /// reads it: an object of known keys, each once, or an array of the values in
    /// declaration order. `value(r, k)` reads the value of field `k`.
    ///
    /// The objects of the format share one copy of this (`value` a trait object);
    /// records, hundreds of thousands in a national plan, have their own, with their
    /// fields read inline.
    fn structure<V>(&mut self, shape: &Shape, value: &mut V) -> Result<()>
    where
        V: FnMut(&mut Self, usize) -> Result<()> + ?Sized,
    {
        match self.ws() {
            None => Err(self.peek_error(Code::EofValue)),
            Some(b'{') => self.nested(b'}', &mut |r| r.fields(shape, value)),
            Some(b'[') => self.nested(b']', &mut |r| r.positional(shape, value)),
            Some(_) => Err(self.invalid_type(&format!("struct {}", shape.name))),
        }
    }

    /// [`Reader::structure`] for every object but records.
    fn object(
        &mut self,
        shape: &Shape,
        value: &mut dyn FnMut(&mut Self, usize) -> Result<()>,
    ) -> Result<()> {
        self.structure(shape, value)
    }

    fn fields<V>(&mut self, shape: &Shape, value: &mut V) -> Result<()>
    where
        V: FnMut(&mut Self, usize) -> Result<()> + ?Sized,
    {
        let mut first = true;
        let mut seen = 0u16;
        while let Some(key) = self.next_key(&mut first)? {
            let Some(k) = shape.index(&key) else {
                return Err(Error::data(format!(
                    "unknown field `{key}`, expected {}",
                    one_of(shape.fields)
                )));
            };
            let bit = 1u16 << k;
            if seen & bit != 0 {
                return Err(Error::data(format!("duplicate field `{}`", shape.field(k))));
            }
            seen |= bit;
            self.colon()?;
            value(self, k)?;
        }
        let missing = shape.required & !seen;
        if missing != 0 {
            let k = missing.trailing_zeros() as usize;
            return Err(Error::data(format!("missing field `{}`", shape.field(k))));
        }
        Ok(())
    }

    fn positional<V>(&mut self, shape: &Shape, value: &mut V) -> Result<()>
    where
        V: FnMut(&mut Self, usize) -> Result<()> + ?Sized,
    {
        let mut first = true;
        for k in 0..shape.fields.len() {
            if self.next_element(&mut first)? {
                value(self, k)?;
            } else if shape.required & (1 << k) != 0 {
                return Err(Error::data(format!(
                    "invalid length {k}, expected struct {} with {} elements",
                    shape.name,
                    shape.fields.len()
                )));
            }
        }
        Ok(())
    }

    // ---- The objects of the format ----------------------------------------------

    fn file(&mut self, plan: PlanIdx, sink: &mut Sink) -> Result<Parsed<'a>> {
        let mut ctx = Ctx {
            plan,
            sink,
            inds: LocalIds::default(),
            areas: LocalIds::default(),
        };
        let mut file = PlanFile {
            schema: None,
            format: Cow::Borrowed(""),
            plan: empty_plan_info(),
            areas: Vec::new(),
            indicators: Vec::new(),
            targets: Vec::new(),
            actuals: Vec::new(),
            tasks: Vec::new(),
        };
        let mut targets = Stream::default();
        let mut actuals = Stream::default();
        self.object(&FILE, &mut |r, k| {
            match k {
                0 => file.schema = r.opt_string()?,
                1 => file.format = r.string()?,
                2 => file.plan = r.plan_info()?,
                3 => file.areas = r.vec(Self::area)?,
                4 => file.indicators = r.vec(Self::indicator)?,
                5 => targets = r.records(&mut ctx, Kind::Target)?,
                6 => actuals = r.records(&mut ctx, Kind::Actual)?,
                _ => file.tasks = r.vec(Self::task)?,
            }
            Ok(())
        })?;
        Ok(Parsed {
            file,
            inds: ctx.inds,
            areas: ctx.areas,
            targets,
            actuals,
        })
    }

    fn plan_info(&mut self) -> Result<PlanInfo<'a>> {
        let mut p = empty_plan_info();
        self.object(&PLAN, &mut |r, k| {
            let field = match k {
                0 => {
                    p.id = r.string()?;
                    return Ok(());
                }
                1 => &mut p.title,
                2 => &mut p.issuer,
                3 => &mut p.doc_no,
                4 => &mut p.issued,
                5 => &mut p.source,
                _ => &mut p.note,
            };
            *field = r.opt_string()?;
            Ok(())
        })?;
        Ok(p)
    }

    fn area(&mut self) -> Result<AreaDef<'a>> {
        let mut a = AreaDef {
            id: Cow::Borrowed(""),
            name: Cow::Borrowed(""),
            parent: None,
            note: None,
        };
        self.object(&AREA, &mut |r, k| {
            match k {
                0 => a.id = r.string()?,
                1 => a.name = r.string()?,
                2 => a.parent = r.opt_string()?,
                _ => a.note = r.opt_string()?,
            }
            Ok(())
        })?;
        Ok(a)
    }

    fn indicator(&mut self) -> Result<IndicatorDef<'a>> {
        let mut d = IndicatorDef {
            id: Cow::Borrowed(""),
            name: Cow::Borrowed(""),
            unit: Cow::Borrowed(""),
            additive: None,
            sum_of: None,
            tolerance: None,
            better: None,
            growth_of: None,
            increment_of: None,
            share_of: None,
            note: None,
        };
        self.object(&INDICATOR, &mut |r, k| {
            match k {
                0 => d.id = r.string()?,
                1 => d.name = r.string()?,
                2 => d.unit = r.string()?,
                3 => d.additive = r.opt_bool()?,
                4 => d.sum_of = if r.null()? { None } else { Some(r.strings()?) },
                5 => d.tolerance = r.opt_tolerance()?,
                6 => d.better = r.opt_better()?,
                7 => d.growth_of = r.opt_string()?,
                8 => d.increment_of = r.opt_string()?,
                9 => d.share_of = if r.null()? { None } else { Some(r.share_of()?) },
                _ => d.note = r.opt_string()?,
            }
            Ok(())
        })?;
        Ok(d)
    }

    fn share_of(&mut self) -> Result<ShareOf<'a>> {
        let mut s = ShareOf {
            numerator: Cow::Borrowed(""),
            denominator: Cow::Borrowed(""),
        };
        self.object(&SHARE, &mut |r, k| {
            match k {
                0 => s.numerator = r.string()?,
                _ => s.denominator = r.string()?,
            }
            Ok(())
        })?;
        Ok(s)
    }

    /// A `targets` or `actuals` array: each record is checked and pushed into the sink
    /// as it is read; the first the builder refuses is kept as the array's stop.
    fn records(&mut self, ctx: &mut Ctx<'_, 'a>, kind: Kind) -> Result<Stream> {
        let start = ctx.sink.figures.len();
        let mut stop = None;
        let mut i: u32 = 0;
        // One record, read into and emptied again for each: moving a record (240
        // bytes) from reader to sink took a tenth of loading a national plan.
        let mut rec = empty_record();
        self.each(&mut |r| {
            r.record(&mut rec)?;
            if stop.is_none() {
                stop = ctx.push(&mut rec, i, kind).err();
            }
            i = i.saturating_add(1);
            Ok(())
        })?;
        Ok(Stream {
            figures: start..ctx.sink.figures.len(),
            stop,
        })
    }

    fn record(&mut self, rec: &mut Record<'a>) -> Result<()> {
        *rec = empty_record();
        self.structure(&RECORD, &mut |r, k| {
            match k {
                0 => rec.indicator = r.string()?,
                1 => rec.area = r.string()?,
                2 => rec.year = r.opt_int()?,
                3 => rec.year_text = r.opt_string()?,
                4 => rec.period = r.opt_string()?,
                5 => rec.base_year = r.opt_int()?,
                6 => rec.value = r.opt_num()?,
                7 => rec.approx = r.opt_bool()?,
                8 => rec.min = r.opt_num()?,
                9 => rec.max = r.opt_num()?,
                10 => rec.source = r.opt_string()?,
                _ => rec.note = r.opt_string()?,
            }
            Ok(())
        })
    }

    fn task(&mut self) -> Result<TaskDef<'a>> {
        let mut t = TaskDef {
            id: Cow::Borrowed(""),
            title: Cow::Borrowed(""),
            lead: Vec::new(),
            support: Vec::new(),
            area: None,
            due: None,
            milestones: Vec::new(),
            indicators: Vec::new(),
            source: None,
            note: None,
        };
        self.object(&TASK, &mut |r, k| {
            match k {
                0 => t.id = r.string()?,
                1 => t.title = r.string()?,
                2 => t.lead = r.strings()?,
                3 => t.support = r.strings()?,
                4 => t.area = r.opt_string()?,
                5 => t.due = r.opt_string()?,
                6 => t.milestones = r.vec(Self::milestone)?,
                7 => t.indicators = r.strings()?,
                8 => t.source = r.opt_string()?,
                _ => t.note = r.opt_string()?,
            }
            Ok(())
        })?;
        Ok(t)
    }

    fn milestone(&mut self) -> Result<MilestoneDef<'a>> {
        let mut m = MilestoneDef {
            due: Cow::Borrowed(""),
            text: Cow::Borrowed(""),
            source: None,
        };
        self.object(&MILESTONE, &mut |r, k| {
            match k {
                0 => m.due = r.string()?,
                1 => m.text = r.string()?,
                _ => m.source = r.opt_string()?,
            }
            Ok(())
        })?;
        Ok(m)
    }

    /// The probe of [`head_format`]: `format` once, any other keys skipped.
    fn head(&mut self) -> Result<Option<Cow<'a, str>>> {
        let mut format = None;
        match self.ws() {
            Some(b'{') => self.nested(b'}', &mut |r| {
                let mut first = true;
                let mut seen = false;
                while let Some(key) = r.next_key(&mut first)? {
                    if key == "format" {
                        if seen {
                            return Err(Error::data("duplicate field `format`".to_string()));
                        }
                        seen = true;
                        r.colon()?;
                        format = r.opt_string()?;
                    } else {
                        r.colon()?;
                        r.ignore_value()?;
                    }
                }
                Ok(())
            })?,
            Some(b'[') => self.nested(b']', &mut |r| {
                let mut first = true;
                if r.next_element(&mut first)? {
                    format = r.opt_string()?;
                }
                Ok(())
            })?,
            _ => return Err(self.peek_error(Code::Value)),
        }
        Ok(format)
    }
}

fn empty_plan_info<'a>() -> PlanInfo<'a> {
    PlanInfo {
        id: Cow::Borrowed(""),
        title: None,
        issuer: None,
        doc_no: None,
        issued: None,
        source: None,
        note: None,
    }
}

fn empty_record<'a>() -> Record<'a> {
    Record {
        indicator: Cow::Borrowed(""),
        area: Cow::Borrowed(""),
        year: None,
        year_text: None,
        period: None,
        base_year: None,
        value: None,
        approx: None,
        min: None,
        max: None,
        source: None,
        note: None,
    }
}

/// serde's list of expected names: "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
fn one_of(names: &[&str]) -> String {
    match names {
        [a] => format!("`{a}`"),
        [a, b] => format!("`{a}` or `{b}`"),
        _ => {
            let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            format!("one of {}", quoted.join(", "))
        }
    }
}

/// 10^k correctly rounded, for k ≤ 308 (serde_json's table `POW10`), computed from the
/// exact 5^k on the (rare) error path instead of a 2.5 KB table.
fn pow10(k: u32) -> Option<f64> {
    if k > 308 {
        return None;
    }
    if k <= 22 {
        // Exact in an f64.
        return Some((0..k).fold(1.0, |p, _| p * 10.0));
    }
    // 5^k in 32-bit limbs, least significant first.
    let mut limbs: Vec<u32> = vec![1];
    for _ in 0..k {
        let mut carry = 0u64;
        for l in limbs.iter_mut() {
            let v = u64::from(*l) * 5 + carry;
            *l = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            limbs.push(carry as u32);
        }
    }
    let top = limbs.last().copied().unwrap_or(1);
    let bits = (limbs.len() as u32 - 1) * 32 + (32 - top.leading_zeros());
    let bit = |i: u32| {
        limbs
            .get((i / 32) as usize)
            .is_some_and(|l| l >> (i % 32) & 1 == 1)
    };
    // The 53 leading bits, then round half to even on the rest.
    let mut mantissa: u64 = 0;
    for i in (bits - 53..bits).rev() {
        mantissa = mantissa << 1 | u64::from(bit(i));
    }
    let half = bit(bits - 54);
    let sticky = (0..bits - 54).any(bit);
    let mut exponent = bits - 1 + k;
    if half && (sticky || mantissa & 1 == 1) {
        mantissa += 1;
        if mantissa == 1 << 53 {
            mantissa >>= 1;
            exponent += 1;
        }
    }
    let biased = u64::from(exponent + 1023);
    Some(f64::from_bits(biased << 52 | (mantissa & ((1 << 52) - 1))))
}

/// A float as serde_json prints it in messages (`zmij`, like `ryu`): the shortest
/// digits that read back, in plain notation from 1e-5 up to below 1e16 (with ".0" for
/// integers), otherwise as `1.5e+300` or `1e-7`. The digits are those of the standard
/// library's `Display` (shortest too, and already linked), except that where two
/// shortest candidates are equally near (`149724588280914.125`) zmij takes the even
/// one: that case is recognised on the exact expansion.
fn fmt_float(f: f64) -> String {
    let (mut digits, mut exp) = decimal_digits(&format!("{}", f.abs()));
    let (exact, exact_exp) = decimal_digits(&format!("{:.1100}", f.abs()));
    if exact.len() == digits.len() + 1 && exact.ends_with('5') {
        let down = exact.get(..digits.len()).unwrap_or_default();
        if down.bytes().last().is_some_and(|d| d % 2 == 0) {
            digits = down.trim_end_matches('0').to_string();
            exp = exact_exp;
        }
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if digits.is_empty() {
        return format!("{sign}0.0");
    }
    let out = if (-5..16).contains(&exp) {
        if exp < 0 {
            format!("0.{}{digits}", "0".repeat((-exp - 1) as usize))
        } else {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                format!("{digits}{}.0", "0".repeat(int_len - digits.len()))
            } else {
                let (a, b) = digits.split_at(int_len);
                format!("{a}.{b}")
            }
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let dot = if rest.is_empty() { "" } else { "." };
        let esign = if exp < 0 { "-" } else { "+" };
        format!("{first}{dot}{rest}e{esign}{}", exp.unsigned_abs())
    };
    format!("{sign}{out}")
}

/// The significant digits of a plain decimal ("0.00120" → "12") and the power of ten
/// of the first (-3).
fn decimal_digits(plain: &str) -> (String, i64) {
    let point = plain.find('.').unwrap_or(plain.len());
    let all: String = plain.chars().filter(|c| *c != '.').collect();
    let lead = all.bytes().take_while(|&b| b == b'0').count();
    let digits = all.get(lead..).unwrap_or_default().trim_end_matches('0');
    (digits.to_string(), point as i64 - 1 - lead as i64)
}

#[cfg(test)]
mod tests;
