//! The JSON layer: a byte cursor over the text of a file, and its errors.
//!
//! This is the bottom of `plan/`: it knows JSON (whitespace, strings and their
//! escapes, numbers as text, literals, objects and arrays), nothing of the format.
//! [`super::format`] reads the objects of `planlens/1` with it, one value at a time:
//! each read says what it expects (`"a string"`, `"an area object"`), so a value of
//! the wrong kind is refused on the spot as `expected …, found …`.
//!
//! An error is a message and the byte offset it is about. Errors in the structure
//! (a missing comma, a bad escape, the end of the file) are *syntax* errors; a value
//! that is not what its place takes (its kind, its form, its range) is a *value* error
//! and collects the path to that value while it unwinds through the objects and arrays
//! that hold it ([`Cursor::object`], [`Cursor::array`]): the JSON pointer costs
//! nothing until something is refused.
//!
//! Nothing here recurses: the format's objects nest a few levels deep, and values are
//! skipped ([`Cursor::skip`]) with a depth counter, so hostile nesting cannot exhaust
//! the stack.

use std::borrow::Cow;

/// One step of the path to a value: a key of an object or an index of an array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(u32),
}

/// A refusal: what is wrong, the byte offset it is about and, for a value error, the
/// path to the value (innermost step first, as collected while unwinding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub message: Cow<'static, str>,
    pub at: usize,
    pub path: Option<Vec<Step>>,
    /// The code of the refusal, where one is given (see `InputError::code`).
    pub code: Option<super::error::Code>,
}

/// Errors are boxed: a small `Result` keeps the many `?` of the reader cheap.
pub type Result<T> = std::result::Result<T, Box<Error>>;

impl Error {
    pub fn syntax(at: usize, message: impl Into<Cow<'static, str>>) -> Box<Error> {
        Box::new(Error {
            message: message.into(),
            at,
            path: None,
            code: None,
        })
    }

    pub fn value(at: usize, message: impl Into<Cow<'static, str>>) -> Box<Error> {
        Box::new(Error {
            message: message.into(),
            at,
            path: Some(Vec::new()),
            code: None,
        })
    }

    pub(crate) fn within(mut self: Box<Self>, step: impl FnOnce() -> Step) -> Box<Self> {
        if let Some(path) = &mut self.path {
            path.push(step());
        }
        self
    }

    /// The error of an array's element read apart (by a reader that started at an
    /// element and counted from 0), numbered as the `first`th element onward: its
    /// outermost index moves up by `first`.
    pub(crate) fn counted_from(mut self: Box<Self>, first: u32) -> Box<Self> {
        if let Some(Step::Index(i)) = self.path.as_mut().and_then(|p| p.last_mut()) {
            *i = i.saturating_add(first);
        }
        self
    }

    /// The JSON pointer of a value error (`/targets/3/value`; `""` for the whole file).
    pub fn pointer(&self) -> Option<String> {
        let path = self.path.as_ref()?;
        let mut out = String::new();
        for step in path.iter().rev() {
            out.push('/');
            match step {
                Step::Key(k) => out.push_str(&super::error::pointer_token(k)),
                Step::Index(i) => out.push_str(&i.to_string()),
            }
        }
        Some(out)
    }
}

/// The 1-based line and column (in characters) of byte `at` of `text`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = text.as_bytes().get(..at).unwrap_or(text.as_bytes());
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    // Continuation bytes of UTF-8 do not start a character.
    let column = 1 + before
        .get(start..)
        .unwrap_or_default()
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count();
    (line, column)
}

/// Shortens a piece of input quoted in a message.
pub fn clip(text: &str) -> String {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()),
    }
}

/// Bytes that end a token: JSON's whitespace and punctuation.
fn delimiter(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b'\n' | b'\r' | b',' | b':' | b'[' | b']' | b'{' | b'}' | b'"'
    )
}

/// A piece of input for a message, its control characters escaped (`\0`, `\u{1}`).
fn visible(t: &str) -> String {
    t.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A number as read: its text and, when it is plain (`-?DIGITS(.DIGITS)?`, at most 18
/// digits, no exponent), its digits as one integer and how many of them follow the
/// point (`-12.50`: -1250 and 2), so that the common figure needs no second look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number<'a> {
    pub text: &'a str,
    pub plain: Option<(i64, u32)>,
}

/// The cursor: the text, the offset of the next byte and whatever the reader above
/// needs to carry along (`host`: where the records of a file go).
pub struct Cursor<'a, H> {
    text: &'a str,
    bytes: &'a [u8],
    i: usize,
    pub host: H,
}

/// Refuses an object's key that is not in `keys`, or one met before (`seen`), at `at`:
/// the small JSON inputs (the chart spec, grids and import options) take no key they do
/// not know and none twice.
pub fn key_ok(keys: &[&str], seen: &mut Vec<String>, key: &str, at: usize) -> Result<()> {
    if !keys.contains(&key) {
        return Err(Error::value(
            at,
            format!("unknown key `{key}` (known: {})", keys.join(", ")),
        ));
    }
    if seen.iter().any(|k| k == key) {
        return Err(Error::value(at, format!("duplicate key `{key}`")));
    }
    seen.push(key.to_string());
    Ok(())
}

impl<'a, H> Cursor<'a, H> {
    pub fn new(text: &'a str, host: H) -> Self {
        Cursor {
            text,
            bytes: text.as_bytes(),
            i: 0,
            host,
        }
    }

    /// The offset of the next byte.
    pub fn pos(&self) -> usize {
        self.i
    }

    /// Skips whitespace; the next byte.
    #[inline]
    pub fn ws(&mut self) -> Option<u8> {
        loop {
            match self.bytes.get(self.i) {
                Some(b' ' | b'\n' | b'\t' | b'\r') => self.i += 1,
                other => return other.copied(),
            }
        }
    }

    /// After the top-level value (`what`): only whitespace may follow.
    pub fn end(&mut self, what: &str) -> Result<()> {
        match self.ws() {
            None => Ok(()),
            Some(_) => Err(Error::syntax(
                self.i,
                format!("unexpected {} after {what}", self.token(self.i)),
            )),
        }
    }

    fn eof(&self, inside: &str) -> Box<Error> {
        Error::syntax(
            self.bytes.len(),
            format!("the file is cut off: it ends {inside}"),
        )
    }

    /// The end of the token at `at` (at least one byte).
    fn token_end(&self, at: usize) -> usize {
        let rest = self.bytes.get(at + 1..).unwrap_or_default();
        at + 1 + rest.iter().take_while(|&&b| !delimiter(b)).count()
    }

    /// The token at `at` for a message: `` `x` ``, `` `}` ``, or "the end of the file".
    fn token(&self, at: usize) -> String {
        if at >= self.bytes.len() {
            return "the end of the file".to_string();
        }
        let end = match self.bytes.get(at) {
            // A string: up to its closing quote (for a message, escapes do not matter).
            Some(b'"') => {
                let rest = self.bytes.get(at + 1..).unwrap_or_default();
                rest.iter()
                    .position(|&b| b == b'"')
                    .map_or(at + 1, |p| at + p + 2)
            }
            Some(&b) if delimiter(b) => at + 1,
            _ => self.token_end(at),
        };
        // A token may end inside a character: widen to the character's end.
        let mut end = end.min(self.bytes.len());
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        let t = self.text.get(at..end).unwrap_or_default();
        format!("`{}`", clip(&visible(t)))
    }

    /// What the value at the cursor is, for a message: `string "abc"`, `an object`,
    /// `2011.5`, `null`, `` `NaN` ``. Errs only when the file ends or a string is broken.
    pub fn found(&mut self) -> Result<String> {
        let at = self.i;
        Ok(match self.ws() {
            None => return Err(self.eof("where a value should be")),
            Some(b'"') => {
                self.i += 1;
                self.skip_str()?;
                format!(
                    "string {}",
                    clip(self.text.get(at..self.i).unwrap_or_default())
                )
            }
            Some(b'{') => "an object".to_string(),
            Some(b'[') => "an array".to_string(),
            Some(c) if delimiter(c) => self.token(at),
            Some(_) => {
                let end = self.token_end(at);
                let t = self.bytes.get(at..end).unwrap_or_default();
                let valid = matches!(t, b"true" | b"false" | b"null")
                    || self.scan_number(at).is_some_and(|(e, _)| e == end);
                if valid {
                    clip(self.text.get(at..end).unwrap_or_default())
                } else {
                    self.token(at)
                }
            }
        })
    }

    /// The value at the cursor is not `expected`: `expected …, found …` (a value error
    /// about the value's first byte).
    pub fn mismatch(&mut self, expected: &str) -> Box<Error> {
        self.ws();
        let at = self.i;
        match self.found() {
            Ok(found) => {
                let mut e = Error::value(at, format!("expected {expected}, found {found}"));
                e.code = Some(super::error::Code {
                    name: "expected",
                    params: vec![("expected", expected.to_string()), ("found", found)],
                });
                e
            }
            Err(e) => e,
        }
    }

    /// Reads `null` if it is next.
    #[inline]
    pub fn null(&mut self) -> bool {
        if self.ws() == Some(b'n') && self.token_is(b"null") {
            self.i += 4;
            return true;
        }
        false
    }

    /// Whether the token at the cursor is exactly `word`.
    fn token_is(&self, word: &[u8]) -> bool {
        let end = self.i + word.len();
        self.bytes.get(self.i..end) == Some(word)
            && self.bytes.get(end).copied().is_none_or(delimiter)
    }

    /// `true` or `false`.
    pub fn boolean(&mut self, expected: &str) -> Result<bool> {
        match self.ws() {
            Some(b't') if self.token_is(b"true") => {
                self.i += 4;
                Ok(true)
            }
            Some(b'f') if self.token_is(b"false") => {
                self.i += 5;
                Ok(false)
            }
            _ => Err(self.mismatch(expected)),
        }
    }

    /// A number (JSON's syntax: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`,
    /// followed by a delimiter).
    #[inline]
    pub fn number(&mut self, expected: &str) -> Result<Number<'a>> {
        self.ws();
        let start = self.i;
        match self.scan_number(start) {
            Some((end, plain)) => {
                self.i = end;
                Ok(Number {
                    text: self.text.get(start..end).unwrap_or_default(),
                    plain,
                })
            }
            None => Err(self.mismatch(expected)),
        }
    }

    /// The end of the number at `start` and its plain reading ([`Number`]); `None` when
    /// there is no number there.
    #[inline]
    fn scan_number(&self, start: usize) -> Option<(usize, Option<(i64, u32)>)> {
        let b = self.bytes;
        let mut j = start;
        let neg = b.get(j) == Some(&b'-');
        if neg {
            j += 1;
        }
        let mut mantissa: u64 = 0;
        let mut count = 0u32;
        let mut digits = |j: &mut usize| {
            let from = *j;
            while let Some(&c) = b.get(*j) {
                if !c.is_ascii_digit() {
                    break;
                }
                mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
                count += 1;
                *j += 1;
            }
            *j - from
        };
        let int = digits(&mut j);
        if int == 0 || (int > 1 && b.get(j - int) == Some(&b'0')) {
            return None;
        }
        let mut scale = 0;
        if b.get(j) == Some(&b'.') {
            j += 1;
            scale = digits(&mut j);
            if scale == 0 {
                return None;
            }
        }
        let mut plain = count <= 18;
        if let Some(b'e' | b'E') = b.get(j) {
            plain = false;
            j += 1;
            if let Some(b'+' | b'-') = b.get(j) {
                j += 1;
            }
            let from = j;
            while b.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
            if j == from {
                return None;
            }
        }
        if b.get(j).is_some_and(|&c| !delimiter(c)) {
            return None;
        }
        let plain = plain.then(|| {
            let m = mantissa as i64;
            (if neg { -m } else { m }, scale as u32)
        });
        Some((j, plain))
    }

    /// A string, owned, or `None` for `null` (a key left out): how the readers of
    /// small JSON inputs (the chart spec, grids and import options) take a text.
    pub fn string_or_null(&mut self) -> Result<Option<String>> {
        if self.null() {
            return Ok(None);
        }
        Ok(Some(self.string("a string")?.into_owned()))
    }

    /// A string, borrowed from the text unless it has escapes.
    #[inline]
    pub fn string(&mut self, expected: &str) -> Result<Cow<'a, str>> {
        if self.ws() != Some(b'"') {
            return Err(self.mismatch(expected));
        }
        self.i += 1;
        self.str_body()
    }

    /// Moves to the next `"`, `\` or control character (or the end), eight bytes at a
    /// time: strings are most of what a plan is.
    #[inline]
    fn skip_to_escape(&mut self) {
        const ONES: u64 = u64::MAX / 255;
        while let Some(chunk) = self.bytes.get(self.i..self.i + 8) {
            let Ok(word) = <[u8; 8]>::try_from(chunk) else {
                break;
            };
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

    /// The rest of a string whose opening quote was read. The common string, without
    /// escapes, is found inline; the rest is [`Cursor::escaped`]'s.
    #[inline]
    fn str_body(&mut self) -> Result<Cow<'a, str>> {
        let start = self.i;
        self.skip_to_escape();
        if self.bytes.get(self.i) == Some(&b'"') {
            let s = self.text.get(start..self.i).unwrap_or_default();
            self.i += 1;
            return Ok(Cow::Borrowed(s));
        }
        self.escaped(start)
    }

    /// The rest of a string from `start`, which has an escape (or is broken) at the
    /// cursor.
    #[cold]
    #[inline(never)]
    fn escaped(&mut self, start: usize) -> Result<Cow<'a, str>> {
        let mut owned = String::new();
        let mut start = start;
        loop {
            let chunk = self.text.get(start..self.i).unwrap_or_default();
            match self.bytes.get(self.i) {
                None => return Err(self.eof("inside a string")),
                Some(b'"') => {
                    self.i += 1;
                    owned.push_str(chunk);
                    return Ok(Cow::Owned(owned));
                }
                Some(b'\\') => {
                    owned.push_str(chunk);
                    let c = self.escape()?;
                    owned.push(c);
                    start = self.i;
                }
                Some(&c) => return Err(self.control(c)),
            }
            self.skip_to_escape();
        }
    }

    fn control(&self, c: u8) -> Box<Error> {
        Error::syntax(
            self.i,
            format!("a control character (U+{c:04X}) inside a string: write it as \\u{c:04x}"),
        )
    }

    /// The rest of a string, skipped (escapes checked as [`Cursor::str_body`] does).
    fn skip_str(&mut self) -> Result<()> {
        loop {
            self.skip_to_escape();
            match self.bytes.get(self.i) {
                None => return Err(self.eof("inside a string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.escape()?;
                }
                Some(&c) => return Err(self.control(c)),
            }
        }
    }

    /// The escape at the cursor (its backslash included).
    fn escape(&mut self) -> Result<char> {
        let at = self.i;
        let bad = |this: &Self, end: usize| {
            let end = end.min(this.bytes.len());
            let mut end = end;
            while !this.text.is_char_boundary(end) {
                end += 1;
            }
            let t = this.text.get(at..end).unwrap_or_default();
            Error::syntax(at, format!("invalid escape `{}` in a string", visible(t)))
        };
        let c = match self.bytes.get(at + 1) {
            None => return Err(self.eof("inside a string")),
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let hex = |i: usize| -> Option<u32> {
                    let h = self.text.get(i..i + 4)?;
                    if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
                        return None;
                    }
                    u32::from_str_radix(h, 16).ok()
                };
                let Some(n) = hex(at + 2) else {
                    if self.bytes.len() < at + 6 {
                        return Err(self.eof("inside a string"));
                    }
                    return Err(bad(self, at + 6));
                };
                let unpaired = || {
                    Error::syntax(
                        at,
                        format!("`\\u{n:04x}` is half of a surrogate pair without its other half"),
                    )
                };
                let code = match n {
                    0xDC00..=0xDFFF => return Err(unpaired()),
                    0xD800..=0xDBFF => {
                        let low = match self.bytes.get(at + 6..at + 8) {
                            Some(b"\\u") => hex(at + 8),
                            _ => None,
                        };
                        match low {
                            Some(lo @ 0xDC00..=0xDFFF) => {
                                self.i = at + 12;
                                0x1_0000 + ((n - 0xD800) << 10) + (lo - 0xDC00)
                            }
                            _ => return Err(unpaired()),
                        }
                    }
                    _ => {
                        self.i = at + 6;
                        n
                    }
                };
                return Ok(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            Some(_) => return Err(bad(self, at + 2)),
        };
        self.i = at + 2;
        Ok(c)
    }

    /// The object at the cursor: `field(cursor, key, offset of the key)` reads the value
    /// of each key in turn. A value error from `field` gets the key as its step.
    ///
    /// One copy serves every object (`field` a trait object: the WebAssembly pays for
    /// each copy); the hot records have their own, [`Cursor::object_with`].
    pub fn object(
        &mut self,
        expected: &str,
        field: &mut dyn FnMut(&mut Self, &str, usize) -> Result<()>,
    ) -> Result<()> {
        self.object_with(expected, field)
    }

    /// [`Cursor::object`] with `field` inlined.
    #[inline]
    pub fn object_with(
        &mut self,
        expected: &str,
        mut field: impl FnMut(&mut Self, &str, usize) -> Result<()>,
    ) -> Result<()> {
        if self.ws() != Some(b'{') {
            return Err(self.mismatch(expected));
        }
        self.i += 1;
        if self.ws() == Some(b'}') {
            self.i += 1;
            return Ok(());
        }
        loop {
            let at = self.i;
            match self.bytes.get(at) {
                Some(b'"') => {}
                None => return Err(self.eof("inside an object")),
                Some(_) => {
                    return Err(Error::syntax(
                        at,
                        format!("expected a key in double quotes, found {}", self.token(at)),
                    ))
                }
            }
            self.i += 1;
            let key = self.str_body()?;
            match self.ws() {
                Some(b':') => self.i += 1,
                None => return Err(self.eof("inside an object")),
                Some(_) => {
                    return Err(Error::syntax(
                        self.i,
                        format!("expected `:` after the key, found {}", self.token(self.i)),
                    ))
                }
            }
            if let Err(e) = field(self, &key, at) {
                return Err(e.within(|| Step::Key(key.into_owned())));
            }
            match self.ws() {
                Some(b',') => {
                    self.i += 1;
                    if self.ws() == Some(b'}') {
                        return Err(Error::syntax(self.i, "trailing comma before `}`"));
                    }
                }
                Some(b'}') => {
                    self.i += 1;
                    return Ok(());
                }
                None => return Err(self.eof("inside an object")),
                Some(_) => {
                    return Err(Error::syntax(
                        self.i,
                        format!("expected `,` or `}}`, found {}", self.token(self.i)),
                    ))
                }
            }
        }
    }

    /// The array at the cursor: `element(cursor, index)` reads each element. A value
    /// error from `element` gets the index as its step. One copy, as for objects.
    pub fn array(
        &mut self,
        expected: &str,
        element: &mut dyn FnMut(&mut Self, u32) -> Result<()>,
    ) -> Result<()> {
        self.array_with(expected, element)
    }

    /// [`Cursor::array`] with `element` inlined.
    #[inline]
    pub fn array_with(
        &mut self,
        expected: &str,
        mut element: impl FnMut(&mut Self, u32) -> Result<()>,
    ) -> Result<()> {
        if !self.array_open(expected)? {
            return Ok(());
        }
        let mut index: u32 = 0;
        loop {
            if let Err(e) = element(self, index) {
                return Err(e.within(|| Step::Index(index)));
            }
            index = index.saturating_add(1);
            if !self.array_next()? {
                return Ok(());
            }
        }
    }

    /// The `[` of an array: whether an element follows (`false`: the array was empty,
    /// its `]` is read too).
    #[inline]
    pub fn array_open(&mut self, expected: &str) -> Result<bool> {
        if self.ws() != Some(b'[') {
            return Err(self.mismatch(expected));
        }
        self.i += 1;
        if self.ws() == Some(b']') {
            self.i += 1;
            return Ok(false);
        }
        Ok(true)
    }

    /// After an element: the `,` before the next one (`true`), or the array's `]`.
    #[inline(always)]
    pub fn array_next(&mut self) -> Result<bool> {
        match self.ws() {
            Some(b',') => {
                self.i += 1;
                if self.ws() == Some(b']') {
                    return Err(Error::syntax(self.i, "trailing comma before `]`"));
                }
                Ok(true)
            }
            Some(b']') => {
                self.i += 1;
                Ok(false)
            }
            None => Err(self.eof("inside an array")),
            Some(_) => Err(Error::syntax(
                self.i,
                format!("expected `,` or `]`, found {}", self.token(self.i)),
            )),
        }
    }

    /// Moves the cursor to byte `at` of the text: to where a reader of the same text
    /// (another thread's, reading ahead) stopped.
    pub fn jump(&mut self, at: usize) {
        self.i = at;
    }

    /// Skips one value of any kind, without recursion. Lenient (it is for finding a
    /// place in a text, not for judging it): brackets are counted, not matched.
    pub fn skip(&mut self) -> Result<()> {
        let mut depth = 0usize;
        loop {
            match self.ws() {
                None => return Err(self.eof("where a value should be")),
                Some(b'"') => {
                    self.i += 1;
                    self.skip_str()?;
                }
                Some(b'{' | b'[') => {
                    depth += 1;
                    self.i += 1;
                    continue;
                }
                Some(b'}' | b']') if depth > 0 => {
                    depth -= 1;
                    self.i += 1;
                }
                Some(b',' | b':') if depth > 0 => {
                    self.i += 1;
                    continue;
                }
                Some(c) if delimiter(c) => {
                    return Err(Error::syntax(
                        self.i,
                        format!("expected a value, found {}", self.token(self.i)),
                    ))
                }
                Some(_) => self.i = self.token_end(self.i),
            }
            if depth == 0 {
                return Ok(());
            }
        }
    }

    /// Moves to the value at the end of `path` (unescaped pointer tokens) from the value
    /// at the cursor; `false` when there is none. For placing errors found after
    /// reading (the builder's), on texts that were read without error.
    pub fn seek(&mut self, path: &[String]) -> bool {
        for token in path {
            let found = match self.ws() {
                Some(b'{') => {
                    let mut hit = false;
                    let mut done = false;
                    let r = self.object("", &mut |c, key, _| {
                        if !done && key == token {
                            hit = true;
                            done = true;
                            // Stop here: an error that carries no path.
                            return Err(Error::syntax(c.i, ""));
                        }
                        c.skip()
                    });
                    hit && r.is_err()
                }
                Some(b'[') => {
                    let Ok(n) = token.parse::<u32>() else {
                        return false;
                    };
                    let mut hit = false;
                    let r = self.array("", &mut |c, i| {
                        if i == n {
                            hit = true;
                            return Err(Error::syntax(c.i, ""));
                        }
                        c.skip()
                    });
                    hit && r.is_err()
                }
                _ => false,
            };
            if !found {
                return false;
            }
        }
        self.ws();
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(text: &str) -> Cursor<'_, ()> {
        Cursor::new(text, ())
    }

    #[test]
    fn numbers() {
        fn read(t: &str) -> Option<(&str, Option<(i64, u32)>)> {
            let n = Cursor::new(t, ()).number("a number").ok()?;
            Some((n.text, n.plain))
        }
        for (text, plain) in [
            ("0", Some((0, 0))),
            ("-0", Some((0, 0))),
            ("1", Some((1, 0))),
            ("-12.50", Some((-1250, 2))),
            ("0.001", Some((1, 3))),
            ("2011", Some((2011, 0))),
            ("999999999999999999", Some((999_999_999_999_999_999, 0))),
            ("-99999999999999999.9", Some((-999_999_999_999_999_999, 1))),
            ("1000000000000000000", None),
            ("1e5", None),
            ("1E+5", None),
            ("1.5e-3", None),
        ] {
            assert_eq!(read(text), Some((text, plain)), "{text}");
            assert_eq!(read(&format!(" {text},")), Some((text, plain)), "{text}");
        }
        for bad in [
            "", "-", "01", "-01", "1.", ".5", "1e", "1e+", "+1", "1.e5", "0x10", "1-2", "NaN",
            "1.2.3", "12a",
        ] {
            assert_eq!(read(bad), None, "{bad}");
        }
        let mut c = cursor(" -12.5e3,");
        assert_eq!(c.number("a number").unwrap().text, "-12.5e3");
        assert_eq!(c.pos(), 8);
        let e = cursor(" 01").number("a number").unwrap_err();
        assert_eq!((&*e.message, e.at), ("expected a number, found `01`", 1));
        let e = cursor("\"12\"").number("a number").unwrap_err();
        assert_eq!(e.message, "expected a number, found string \"12\"");
        let e = cursor("NaN}").number("a number").unwrap_err();
        assert_eq!(e.message, "expected a number, found `NaN`");
        let e = cursor("1.}").number("a number").unwrap_err();
        assert_eq!(e.message, "expected a number, found `1.`");
    }

    #[test]
    fn strings_and_escapes() {
        let s = |t: &str| cursor(t).string("a string").map(|s| s.into_owned());
        assert_eq!(s(r#""abc""#).unwrap(), "abc");
        assert!(matches!(
            cursor(r#""abc""#).string("a string"),
            Ok(Cow::Borrowed(_))
        ));
        assert_eq!(
            s(r#""a\"b\\c\/\b\f\n\r\t\u00e9\u4e2d\ud83d\ude00""#).unwrap(),
            "a\"b\\c/\u{8}\u{c}\n\r\t\u{e9}中😀"
        );
        assert_eq!(
            s(r#""a long string, longer than eight bytes""#)
                .unwrap()
                .len(),
            38
        );
        let err = |t: &str| {
            let e = s(t).unwrap_err();
            format!("{}@{}", e.message, e.at)
        };
        assert_eq!(err(r#""a\x""#), "invalid escape `\\x` in a string@2");
        assert_eq!(err(r#""\u12G4""#), "invalid escape `\\u12G4` in a string@1");
        assert_eq!(
            err(r#""\ud800x""#),
            "`\\ud800` is half of a surrogate pair without its other half@1"
        );
        assert_eq!(
            err(r#""\udc00""#),
            "`\\udc00` is half of a surrogate pair without its other half@1"
        );
        assert_eq!(
            err("\"a\u{1}\""),
            "a control character (U+0001) inside a string: write it as \\u0001@2"
        );
        assert_eq!(
            err("\"abc"),
            "the file is cut off: it ends inside a string@4"
        );
        assert_eq!(
            err("\"\\u12"),
            "the file is cut off: it ends inside a string@5"
        );
        assert_eq!(err("5"), "expected a string, found 5@0");
        assert_eq!(err("[1]"), "expected a string, found an array@0");
        assert_eq!(err("nul,"), "expected a string, found `nul`@0");
        assert_eq!(
            err("  "),
            "the file is cut off: it ends where a value should be@2"
        );
    }

    #[test]
    fn literals() {
        assert!(cursor(" null").null());
        assert!(!cursor("nullx").null());
        assert!(!cursor("\"null\"").null());
        assert_eq!(cursor("true]").boolean("true or false").ok(), Some(true));
        assert_eq!(cursor("false").boolean("true or false").ok(), Some(false));
        let e = cursor("1").boolean("true or false").unwrap_err();
        assert_eq!(e.message, "expected true or false, found 1");
        let e = cursor("truex").boolean("true or false").unwrap_err();
        assert_eq!(e.message, "expected true or false, found `truex`");
    }

    fn keys(text: &str) -> std::result::Result<Vec<String>, String> {
        let mut c = cursor(text);
        let mut out = Vec::new();
        let r = c.object("an object", &mut |c, k, _| {
            out.push(k.to_string());
            c.array("an array", &mut |c, _| c.number("a number").map(|_| ()))
        });
        match r.and_then(|()| c.end("the object")) {
            Ok(()) => Ok(out),
            Err(e) => Err(format!("{}@{} {:?}", e.message, e.at, e.pointer())),
        }
    }

    #[test]
    fn objects_and_arrays() {
        assert_eq!(
            keys(r#" { "a" : [ 1 , 2 ] , "b~/" : [ ] } "#).unwrap(),
            ["a", "b~/"]
        );
        assert_eq!(keys("{}").unwrap(), Vec::<String>::new());
        let cases = [
            (r#"{"a":[1,]}"#, "trailing comma before `]`@8 None"),
            (r#"{"a":[],}"#, "trailing comma before `}`@8 None"),
            (
                r#"{"a":[] "b":[]}"#,
                "expected `,` or `}`, found `\"b\"`@8 None",
            ),
            (r#"{"a":[1 2]}"#, "expected `,` or `]`, found `2`@8 None"),
            (
                r#"{"a" []}"#,
                "expected `:` after the key, found `[`@5 None",
            ),
            (
                r#"{a:[]}"#,
                "expected a key in double quotes, found `a`@1 None",
            ),
            (
                r#"{"a":[1,"x"]}"#,
                "expected a number, found string \"x\"@8 Some(\"/a/1\")",
            ),
            (
                r#"{"b~/":{}}"#,
                "expected an array, found an object@7 Some(\"/b~0~1\")",
            ),
            (
                r#"{"a":[1"#,
                "the file is cut off: it ends inside an array@7 None",
            ),
            (
                r#"{"a":[1]"#,
                "the file is cut off: it ends inside an object@8 None",
            ),
            (
                r#"{"a""#,
                "the file is cut off: it ends inside an object@4 None",
            ),
            (r#"{"a":[]} x"#, "unexpected `x` after the object@9 None"),
            (r#"{"a":[]}}"#, "unexpected `}` after the object@8 None"),
            (r#"[]"#, "expected an object, found an array@0 Some(\"\")"),
        ];
        for (text, want) in cases {
            assert_eq!(keys(text).unwrap_err(), want, "{text}");
        }
    }

    #[test]
    fn skipping_and_seeking() {
        let text = r#"{"a":{"x":[1,{"y":"\"]"}],"z":true},"b~/":[10,20,[30]],"c":"s"}"#;
        let mut c = cursor(text);
        c.skip().unwrap();
        assert_eq!(c.pos(), text.len());
        let at = |path: &[&str]| {
            let mut c = cursor(text);
            let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
            c.seek(&path).then(|| c.pos())
        };
        assert_eq!(at(&[]), Some(0));
        assert_eq!(at(&["a", "z"]), text.find("true"));
        assert_eq!(at(&["a", "x", "1", "y"]), text.find(r#""\"]""#));
        assert_eq!(at(&["b~/", "2"]), text.find("[30]"));
        assert_eq!(at(&["c"]), text.find(r#""s""#));
        assert_eq!(at(&["d"]), None);
        assert_eq!(at(&["b~/", "3"]), None);
        assert_eq!(at(&["c", "0"]), None);
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let mut c = cursor(&deep);
        assert!(c.skip().is_ok());
    }

    #[test]
    fn places() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("中文x", "中文".len()), (1, 3));
        assert_eq!(line_col("a\r\nb", 3), (2, 1));
        assert_eq!(line_col("ab", 99), (1, 3));
        assert_eq!(clip(&"中".repeat(41)), format!("{}…", "中".repeat(40)));
    }
}
