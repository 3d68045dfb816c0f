//! JSON written by hand: the one writer of every JSON the engine gives out (the report,
//! the summary, the coverage, a chart's texts, the drafted plan and the strings of an
//! imported one); the charts, tables and extractor use it as `planlens::json_out`.
//!
//! serde's derived serializers are generic: each shape, each field type and each
//! sequence is its own copy of code in the WebAssembly, which the page carries. These
//! few functions write the same bytes as `serde_json` (`to_writer`, or
//! `to_writer_pretty` for [`Json::pretty`]) for the shapes the engine writes: strings
//! escaped as serde_json escapes them (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other
//! control characters as `\u00XX` in lowercase hex, everything else, non-ASCII
//! included, as it is), integers in decimal, and exact decimals as their shortest exact
//! form ([`DecBuf`]), never through a float.
//!
//! The writer fills a `Vec<u8>`; the caller hands the bytes on ([`Json::flush_to`]) as
//! often as it likes: the only state is whether the open object or array has a member
//! yet (and, pretty, the depth), so a flush may fall anywhere.

use crate::num::{Dec, DecBuf, Interval};

/// A JSON text being written. Members are separated by commas as they come: write
/// [`Json::key`] before each member of an object and [`Json::item`] before each
/// member of an array; values are written by the other methods.
#[derive(Debug, Default, Clone)]
pub struct Json {
    out: Vec<u8>,
    /// Just after `{` or `[`: the next member takes no comma (and an end, no newline).
    fresh: bool,
    /// serde_json's pretty layout: a member per line, two spaces per level, `": "`.
    pretty: bool,
    depth: usize,
}

impl Json {
    /// A compact writer (serde_json's `to_writer`).
    pub fn new() -> Json {
        Json::default()
    }

    /// A compact writer with room for `n` bytes.
    pub fn with_capacity(n: usize) -> Json {
        Json {
            out: Vec::with_capacity(n),
            ..Json::default()
        }
    }

    /// A pretty writer (serde_json's `to_writer_pretty`).
    pub fn pretty() -> Json {
        Json {
            pretty: true,
            ..Json::default()
        }
    }

    /// The bytes written and not yet flushed.
    pub fn bytes(&self) -> &[u8] {
        &self.out
    }

    /// How many bytes are written and not yet flushed.
    pub fn len(&self) -> usize {
        self.out.len()
    }

    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    /// The bytes written (and not flushed).
    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }

    /// The text written (and not flushed).
    pub fn into_string(self) -> String {
        // Only whole `str`s and ASCII are ever written: the bytes are UTF-8.
        String::from_utf8(self.out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// Hands the bytes written so far to `w` and forgets them (the writer's state stays).
    pub fn flush_to(&mut self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        w.write_all(&self.out)?;
        self.out.clear();
        Ok(())
    }

    /// Bytes as they are: the caller keeps the text valid JSON.
    pub fn raw(&mut self, s: &str) -> &mut Json {
        self.out.extend_from_slice(s.as_bytes());
        self
    }

    fn newline(&mut self) {
        self.out.push(b'\n');
        for _ in 0..self.depth {
            self.out.extend_from_slice(b"  ");
        }
    }

    fn begin(&mut self, bracket: u8) -> &mut Json {
        self.out.push(bracket);
        self.fresh = true;
        self.depth += 1;
        self
    }

    fn end(&mut self, bracket: u8) -> &mut Json {
        self.depth = self.depth.saturating_sub(1);
        if self.pretty && !self.fresh {
            self.newline();
        }
        self.out.push(bracket);
        self.fresh = false;
        self
    }

    /// `{`
    pub fn begin_object(&mut self) -> &mut Json {
        self.begin(b'{')
    }

    /// `}`
    pub fn end_object(&mut self) -> &mut Json {
        self.end(b'}')
    }

    /// `[`
    pub fn begin_array(&mut self) -> &mut Json {
        self.begin(b'[')
    }

    /// `]`
    pub fn end_array(&mut self) -> &mut Json {
        self.end(b']')
    }

    /// Before a member of an array: the comma after the one before it.
    pub fn item(&mut self) -> &mut Json {
        if !self.fresh {
            self.out.push(b',');
        }
        self.fresh = false;
        if self.pretty {
            self.newline();
        }
        self
    }

    /// `"key":` before a member of an object (after a comma unless it is the first).
    /// Keys are the engine's own names (`indicator_name`), with nothing to escape: they
    /// are written as they are.
    pub fn key(&mut self, k: &str) -> &mut Json {
        debug_assert!(k.bytes().all(plain), "{k:?} needs escaping");
        self.item();
        self.out.push(b'"');
        self.out.extend_from_slice(k.as_bytes());
        self.out.push(b'"');
        self.out
            .extend_from_slice(if self.pretty { b": " } else { b":" });
        self
    }

    /// A string, escaped.
    pub fn str(&mut self, s: &str) -> &mut Json {
        escape(&mut self.out, s);
        self
    }

    /// A string, or `null`.
    pub fn opt_str(&mut self, s: Option<&str>) -> &mut Json {
        match s {
            Some(s) => self.str(s),
            None => self.null(),
        }
    }

    /// An array of strings.
    pub fn strs<'s>(&mut self, items: impl IntoIterator<Item = &'s str>) -> &mut Json {
        self.begin_array();
        for s in items {
            self.item().str(s);
        }
        self.end_array()
    }

    /// An integer.
    pub fn int(&mut self, n: i64) -> &mut Json {
        if n < 0 {
            self.out.push(b'-');
        }
        // Digits from the right, into room for the 20 of the largest u64.
        let mut m = n.unsigned_abs();
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at = at.saturating_sub(1);
            if let Some(d) = digits.get_mut(at) {
                // `m % 10` is a single digit: the cast cannot truncate.
                *d = b'0' + (m % 10) as u8;
            }
            m /= 10;
            if m == 0 {
                break;
            }
        }
        self.out
            .extend_from_slice(digits.get(at..).unwrap_or_default());
        self
    }

    /// A count.
    pub fn count(&mut self, n: usize) -> &mut Json {
        self.int(i64::try_from(n).unwrap_or(i64::MAX))
    }

    /// An integer, or `null`.
    pub fn opt_int(&mut self, n: Option<i64>) -> &mut Json {
        match n {
            Some(n) => self.int(n),
            None => self.null(),
        }
    }

    /// An exact decimal in its shortest form: `0.3`, `700`, `-12.5` (as [`DecBuf`]).
    pub fn dec(&mut self, d: Dec) -> &mut Json {
        // Whole numbers (most figures) go straight to the integer writer.
        if d.scale() == 0 {
            if let Ok(i) = i64::try_from(d.mantissa()) {
                return self.int(i);
            }
        }
        let mut buf = DecBuf::new();
        self.out.extend_from_slice(buf.write(d).as_bytes());
        self
    }

    /// A decimal, or `null`.
    pub fn opt_dec(&mut self, d: Option<Dec>) -> &mut Json {
        match d {
            Some(d) => self.dec(d),
            None => self.null(),
        }
    }

    /// An interval: a number when exact, else `{"min": …, "max": …}` with `null` for an
    /// open end.
    pub fn interval(&mut self, iv: Interval) -> &mut Json {
        if let Some(p) = iv.as_point() {
            return self.dec(p);
        }
        self.begin_object();
        self.key("min").opt_dec(iv.lo);
        self.key("max").opt_dec(iv.hi);
        self.end_object()
    }

    /// An interval, or `null`.
    pub fn opt_interval(&mut self, iv: Option<Interval>) -> &mut Json {
        match iv {
            Some(iv) => self.interval(iv),
            None => self.null(),
        }
    }

    pub fn bool(&mut self, b: bool) -> &mut Json {
        self.raw(if b { "true" } else { "false" })
    }

    pub fn null(&mut self) -> &mut Json {
        self.raw("null")
    }
}

/// A byte that stands for itself in a JSON string.
fn plain(b: u8) -> bool {
    b >= 0x20 && b != b'"' && b != b'\\'
}

/// `s` as a JSON string literal, escaped as serde_json escapes it.
pub fn quote(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len() + 2);
    escape(&mut out, s);
    // Whole `str`s and ASCII escapes: the bytes are UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// Appends `s` as a JSON string literal, escaped as serde_json escapes it: `"` and `\`
/// with a backslash, the control characters with a short escape where JSON has one and
/// as `\u00XX` otherwise; DEL and everything beyond ASCII as they are.
pub fn escape(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.push(b'"');
    // Most strings have nothing to escape: natively, one pass without a branch per byte
    // (which the compiler vectorises) finds that out, and they are copied whole (a
    // twelfth off a national report's time). The page does without: the loop below
    // gives the same bytes, and there the code's size counts more.
    #[cfg(not(target_arch = "wasm32"))]
    if bytes.iter().fold(true, |all, &b| all & plain(b)) {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            0x08 => b'b',
            0x0c => b'f',
            0..=0x1f => b'u',
            _ => continue,
        };
        out.extend_from_slice(bytes.get(start..i).unwrap_or_default());
        start = i + 1;
        out.push(b'\\');
        out.push(short);
        if short == b'u' {
            let hex = |n: u8| HEX.get(usize::from(n)).copied().unwrap_or(b'0');
            out.extend_from_slice(&[b'0', b'0', hex(b >> 4), hex(b & 15)]);
        }
    }
    out.extend_from_slice(bytes.get(start..).unwrap_or_default());
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::parse_decimal;

    fn compact(f: impl FnOnce(&mut Json)) -> String {
        let mut j = Json::new();
        f(&mut j);
        j.into_string()
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut all = String::new();
        for c in (0u32..0x300).chain([0x2028, 0x2029, 0xfeff, 0xfffd, 0x1f600]) {
            let Some(c) = char::from_u32(c) else { continue };
            let s = format!("a{c}b{c}");
            assert_eq!(quote(&s), serde_json::to_string(&s).unwrap(), "{c:?}");
            all.push(c);
        }
        for s in [
            "",
            "\"",
            "\\",
            "\u{7f}",
            "深圳市",
            "\"x\"\n\\",
            "\u{0}\u{1f}",
        ] {
            assert_eq!(quote(s), serde_json::to_string(s).unwrap(), "{s:?}");
        }
        assert_eq!(quote(&all), serde_json::to_string(&all).unwrap());
    }

    #[test]
    fn numbers_are_written_exactly() {
        for (text, out) in [
            ("0", "0"),
            ("-0", "0"),
            ("0.0", "0"),
            ("700", "700"),
            ("700.00", "700"),
            ("0.3", "0.3"),
            ("-12.50", "-12.5"),
            (
                "0.0000000000000000000000000001",
                "0.0000000000000000000000000001",
            ),
            (
                "79228162514264337593543950335",
                "79228162514264337593543950335",
            ),
            (
                "-79228162514264337593543950335",
                "-79228162514264337593543950335",
            ),
            ("9223372036854775807", "9223372036854775807"),
            ("9223372036854775808", "9223372036854775808"),
            ("-9223372036854775808", "-9223372036854775808"),
            ("1.4e4", "14000"),
        ] {
            let d = parse_decimal(text).unwrap();
            assert_eq!(
                compact(|j| {
                    j.dec(d);
                }),
                out,
                "{text}"
            );
        }
        assert_eq!(
            compact(|j| {
                j.int(i64::MIN);
            }),
            i64::MIN.to_string()
        );
        assert_eq!(
            compact(|j| {
                j.count(usize::MAX);
            }),
            i64::MAX.to_string()
        );
    }

    // proptest is a native dev-dependency; the wasm test build skips this.
    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use crate::num::fmt_dec;
        use proptest::prelude::*;

        fn dec_text(d: Dec) -> String {
            let mut j = Json::new();
            j.dec(d);
            j.into_string()
        }

        proptest! {
            /// Decimals of 64-bit mantissas (the integer shortcut, and `DecBuf`'s 64-bit
            /// digits) are rust_decimal's own printing of the normalized value.
            #[test]
            fn decimals_agree_with_decbuf(m in prop_oneof![any::<i64>(), -100_000i64..100_000,
                                                           (0u32..19).prop_map(|k| 10i64.pow(k))],
                                          scale in 0u32..=28) {
                let d = Dec::from_i128_with_scale(i128::from(m), scale);
                let want = if d.is_zero() { "0".to_string() } else { d.normalize().to_string() };
                prop_assert_eq!(fmt_dec(d), want.clone());
                prop_assert_eq!(dec_text(d), want);
            }

            #[test]
            fn wide_decimals_agree_with_decbuf(lo in any::<u32>(), mid in any::<u32>(),
                                               hi in any::<u32>(), neg in any::<bool>(),
                                               scale in 0u32..=28) {
                let d = Dec::from_parts(lo, mid, hi, neg, scale);
                prop_assert_eq!(dec_text(d), fmt_dec(d));
            }

            #[test]
            fn strings_agree_with_serde_json(s in ".*", b in proptest::collection::vec(0u8..0x80, 0..40)) {
                let ascii = String::from_utf8(b).unwrap();
                prop_assert_eq!(quote(&s), serde_json::to_string(&s).unwrap());
                prop_assert_eq!(quote(&ascii), serde_json::to_string(&ascii).unwrap());
            }
        }
    }

    #[test]
    fn intervals_are_numbers_when_exact() {
        let d = |s: &str| parse_decimal(s).unwrap();
        let iv = |lo: Option<&str>, hi: Option<&str>| Interval {
            lo: lo.map(d),
            hi: hi.map(d),
        };
        let cases = [
            (iv(Some("1.50"), Some("1.5")), "1.5"),
            (iv(Some("1"), Some("2")), r#"{"min":1,"max":2}"#),
            (iv(None, Some("2.25")), r#"{"min":null,"max":2.25}"#),
            (iv(Some("-3"), None), r#"{"min":-3,"max":null}"#),
            (iv(None, None), r#"{"min":null,"max":null}"#),
        ];
        for (v, out) in cases {
            assert_eq!(
                compact(|j| {
                    j.interval(v);
                }),
                out
            );
        }
    }

    /// The same shape through serde_json and through the writer, compact and pretty.
    #[test]
    fn layout_is_serde_jsons() {
        #[derive(serde::Serialize)]
        struct Inner {
            a: Vec<u32>,
            b: Vec<u32>,
            c: Option<&'static str>,
            d: (bool, &'static str),
        }
        #[derive(serde::Serialize)]
        struct Outer {
            name: &'static str,
            empty: Vec<Inner>,
            list: Vec<Inner>,
            nothing: std::collections::BTreeMap<String, u32>,
        }
        let inner = || Inner {
            a: vec![],
            b: vec![1, 2],
            c: None,
            d: (true, "x\ty"),
        };
        let value = Outer {
            name: "名",
            empty: vec![],
            list: vec![inner(), inner()],
            nothing: Default::default(),
        };
        let write = |j: &mut Json| {
            j.begin_object();
            j.key("name").str("名");
            j.key("empty").begin_array().end_array();
            j.key("list").begin_array();
            for _ in 0..2 {
                j.item().begin_object();
                j.key("a").begin_array().end_array();
                j.key("b").begin_array();
                j.item().int(1);
                j.item().int(2);
                j.end_array();
                j.key("c").opt_str(None);
                j.key("d").begin_array();
                j.item().bool(true);
                j.item().str("x\ty");
                j.end_array();
                j.end_object();
            }
            j.end_array();
            j.key("nothing").begin_object().end_object();
            j.end_object();
        };
        let mut j = Json::new();
        write(&mut j);
        assert_eq!(j.into_string(), serde_json::to_string(&value).unwrap());
        let mut j = Json::pretty();
        write(&mut j);
        assert_eq!(
            j.into_string(),
            serde_json::to_string_pretty(&value).unwrap()
        );
    }

    #[test]
    fn a_flush_may_fall_anywhere() {
        let mut out = Vec::new();
        let mut j = Json::new();
        j.begin_array();
        j.flush_to(&mut out).unwrap();
        j.item().int(1);
        j.flush_to(&mut out).unwrap();
        j.item().strs(["a", "b"]);
        j.end_array();
        j.flush_to(&mut out).unwrap();
        assert!(j.is_empty());
        assert_eq!(out, br#"[1,["a","b"]]"#);
    }
}
