//! The parsed form of a response body, and its parser.
//!
//! Why not `serde_json::Value`: it turns every number that does not fit 64 bits into an `f64`,
//! so a `bigInteger` of 30 digits or a `bigDecimal` with 20 significant digits silently loses
//! precision. serde_json only keeps number text behind its `arbitrary_precision` feature, and
//! cargo's feature unification would switch that on for every crate in a user's build (it
//! changes how serde_json numbers behave elsewhere, e.g. in `#[serde(flatten)]`). So responses
//! are parsed here, into a tree that keeps each number's text; the typed readers in
//! [`de`](super::de) convert it to the width the model asks for.
//!
//! The parser follows RFC 8259 strictly (no comments, no trailing commas, no leading zeros),
//! rejects lone UTF-16 surrogates in escapes, and bounds nesting at [`MAX_DEPTH`] so hostile
//! input cannot exhaust the stack.

use std::fmt;

/// Arrays and objects nested deeper than this are rejected (serde_json uses the same limit).
pub const MAX_DEPTH: usize = 128;

/// A parsed JSON value. Read it with the [`de`](super::de) helpers; generated code never matches
/// on it directly.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, kept as its exact text.
    Number(JsonNumber),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object's members in document order (duplicates kept; readers let the last one win).
    Object(Vec<(String, Value)>),
}

/// A JSON number exactly as it was written (`-12`, `3.25e-7`, 40 digits, ...).
#[derive(Clone, PartialEq, Eq)]
pub struct JsonNumber(Box<str>);

impl JsonNumber {
    /// The number's text as it appeared in the document.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the text is an integer literal (no fraction, no exponent).
    pub fn is_integer_literal(&self) -> bool {
        !self.0.bytes().any(|b| matches!(b, b'.' | b'e' | b'E'))
    }

    /// The value as `i64` when the text is an integer literal that fits.
    pub fn as_i64(&self) -> Option<i64> {
        self.0.parse().ok()
    }

    /// The value as `u64` when the text is an integer literal that fits.
    pub fn as_u64(&self) -> Option<u64> {
        self.0.parse().ok()
    }

    /// The nearest `f64` (correctly rounded); `None` when it overflows to infinity.
    pub fn as_f64(&self) -> Option<f64> {
        self.0.parse::<f64>().ok().filter(|f| f.is_finite())
    }
}

impl fmt::Debug for JsonNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for JsonNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Value {
    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The value of an object's member; the last one wins when a key repeats, as in every
    /// mainstream JSON library.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }
}

/// Why a document is not JSON, with the 1-based line and column where parsing stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    message: &'static str,
    line: usize,
    column: usize,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

impl std::error::Error for ParseError {}

/// Parses one JSON document (surrounding whitespace allowed, nothing else after it).
pub fn parse_value(input: &[u8]) -> Result<Value, ParseError> {
    // Validating UTF-8 once up front lets string slices be taken from `text` without
    // validating them again (slicing a `str` only checks that both ends are char boundaries).
    let text = match std::str::from_utf8(input) {
        Ok(text) => text,
        Err(e) => {
            let p = Parser {
                input,
                text: "",
                pos: e.valid_up_to(),
            };
            return Err(p.error("invalid UTF-8"));
        }
    };
    let mut p = Parser {
        input,
        text,
        pos: 0,
    };
    p.skip_whitespace();
    let value = p.value(0)?;
    p.skip_whitespace();
    if p.pos < input.len() {
        return Err(p.error("trailing characters"));
    }
    Ok(value)
}

/// The index of the first byte of `word` (little-endian) that ends a plain string run: `"`,
/// `\\` or a control character (below 0x20). The classic "has zero byte" bit trick: it can
/// flag extra bytes only above a truly flagged one, so the lowest flag is exact.
fn first_special(word: u64) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let quote = zero_byte(word ^ (ONES * u64::from(b'"')));
    let backslash = zero_byte(word ^ (ONES * u64::from(b'\\')));
    // Bytes below 0x20: subtracting 0x20 borrows into the high bit, which `!word` keeps only
    // for ASCII bytes (UTF-8 bytes of 0x80 and up never count).
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    let flags = quote | backslash | control;
    (flags != 0).then(|| flags.trailing_zeros() as usize / 8)
}

struct Parser<'a> {
    input: &'a [u8],
    /// `input` as text (validated once by `parse_value`).
    text: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn error(&self, message: &'static str) -> ParseError {
        let consumed = &self.input[..self.pos.min(self.input.len())];
        let line = 1 + consumed.iter().filter(|&&b| b == b'\n').count();
        let line_start = consumed
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        ParseError {
            message,
            line,
            column: 1 + self.pos.saturating_sub(line_start),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn literal(&mut self, text: &'static [u8], value: Value) -> Result<Value, ParseError> {
        if self.input[self.pos..].starts_with(text) {
            self.pos += text.len();
            Ok(value)
        } else {
            Err(self.error("expected a JSON value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        match self.peek() {
            None => Err(self.error("unexpected end of input")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number().map(Value::Number),
            Some(b't') => self.literal(b"true", Value::Bool(true)),
            Some(b'f') => self.literal(b"false", Value::Bool(false)),
            Some(b'n') => self.literal(b"null", Value::Null),
            Some(_) => Err(self.error("expected a JSON value")),
        }
    }

    fn enter(&self, depth: usize) -> Result<(), ParseError> {
        if depth > MAX_DEPTH {
            Err(self.error("recursion limit exceeded"))
        } else {
            Ok(())
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.enter(depth)?;
        self.pos += 1; // '['
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                None => return Err(self.error("unexpected end of input")),
                Some(_) => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.enter(depth)?;
        self.pos += 1; // '{'
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a string key"));
            }
            let key = self.string()?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.error("expected `:`"));
            }
            self.pos += 1;
            self.skip_whitespace();
            let value = self.value(depth)?;
            members.push((key, value));
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(members));
                }
                None => return Err(self.error("unexpected end of input")),
                Some(_) => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    /// The text between the current `"` and its closing quote, unescaped.
    fn string(&mut self) -> Result<String, ParseError> {
        self.pos += 1; // '"'
        // The common string has no escapes: one allocation of exactly its length.
        let first = self.plain_run();
        if self.peek() == Some(b'"') {
            self.pos += 1;
            return Ok(self.str_slice(first, self.pos - 1).to_owned());
        }
        let mut out = String::with_capacity(self.pos - first + 16);
        out.push_str(self.str_slice(first, self.pos));
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => return Err(self.error("control character in string")),
                None => return Err(self.error("unterminated string")),
            }
            let start = self.plain_run();
            out.push_str(self.str_slice(start, self.pos));
        }
    }

    /// Skips the characters that need no unescaping, up to the next `"`, `\\`, control
    /// character or the end; returns where the run started.
    fn plain_run(&mut self) -> usize {
        let start = self.pos;
        let rest = self.input.get(start..).unwrap_or_default();
        // Eight bytes per step while none of them stops the run (response strings are mostly
        // ids and ARNs of tens of bytes), then byte by byte.
        let mut len = 0;
        for chunk in rest.chunks_exact(8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            match first_special(u64::from_le_bytes(word)) {
                Some(i) => {
                    self.pos += len + i;
                    return start;
                }
                None => len += 8,
            }
        }
        len += rest[len..]
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            .unwrap_or(rest.len() - len);
        self.pos += len;
        start
    }

    fn str_slice(&self, start: usize, end: usize) -> &'a str {
        // Cannot fail: both ends are positions of ASCII bytes (char boundaries).
        self.text.get(start..end).unwrap_or_default()
    }

    fn escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        let Some(b) = self.peek() else {
            return Err(self.error("unterminated string"));
        };
        self.pos += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => self.unicode_escape()?,
            _ => {
                self.pos -= 1;
                return Err(self.error("invalid escape"));
            }
        };
        out.push(c);
        Ok(())
    }

    /// After `\u`: four hex digits, or a surrogate pair written as two escapes.
    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.input[self.pos..].starts_with(b"\\u") {
                    return Err(self.error("lone leading surrogate in \\u escape"));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("invalid trailing surrogate in \\u escape"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.error("lone trailing surrogate in \\u escape")),
            other => other,
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"))
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let Some(digits) = self.input.get(self.pos..self.pos + 4) else {
            return Err(self.error("unterminated \\u escape"));
        };
        let mut code = 0;
        for &d in digits {
            let v = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => return Err(self.error("invalid \\u escape")),
            };
            code = code * 16 + u32::from(v);
        }
        self.pos += 4;
        Ok(code)
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as text.
    fn number(&mut self) -> Result<JsonNumber, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error("leading zero in number"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("expected a digit after `.`"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("expected a digit in the exponent"));
            }
            self.digits();
        }
        Ok(JsonNumber(self.str_slice(start, self.pos).into()))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Value {
        parse_value(text.as_bytes()).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn err(text: &[u8]) -> String {
        parse_value(text).expect_err("must fail").to_string()
    }

    fn num(text: &str) -> Value {
        Value::Number(JsonNumber(text.into()))
    }

    #[test]
    fn scalars_and_containers() {
        assert_eq!(ok("null"), Value::Null);
        assert_eq!(ok(" true "), Value::Bool(true));
        assert_eq!(ok("false"), Value::Bool(false));
        assert_eq!(ok("\"a\""), Value::String("a".into()));
        assert_eq!(ok("[]"), Value::Array(vec![]));
        assert_eq!(ok("{}"), Value::Object(vec![]));
        assert_eq!(
            ok(r#" { "a" : [1, -2.5e3, {"b": null}], "c": "" } "#),
            Value::Object(vec![
                (
                    "a".into(),
                    Value::Array(vec![
                        num("1"),
                        num("-2.5e3"),
                        Value::Object(vec![("b".into(), Value::Null)]),
                    ])
                ),
                ("c".into(), Value::String(String::new())),
            ])
        );
    }

    #[test]
    fn numbers_keep_their_exact_text() {
        let big = "123456789012345678901234567890123456789";
        assert_eq!(ok(big), num(big));
        let precise = "-0.10000000000000000000000000000000000001";
        assert_eq!(ok(precise), num(precise));
        assert_eq!(ok("1E+400"), num("1E+400"));
        let Value::Number(n) = ok("1E+400") else {
            unreachable!()
        };
        assert_eq!(n.as_f64(), None, "overflow is not silently infinity");
        let Value::Number(n) = ok("-9223372036854775808") else {
            unreachable!()
        };
        assert_eq!(n.as_i64(), Some(i64::MIN));
        assert!(n.is_integer_literal());
        for bad in [
            "01", "-", "1.", ".5", "1e", "1e+", "+1", "0x10", "-01", "1.e5",
        ] {
            assert!(
                parse_value(bad.as_bytes()).is_err(),
                "{bad} must be rejected"
            );
        }
    }

    #[test]
    fn strings_unescape_and_validate() {
        assert_eq!(
            ok(r#""a\"b\\c\/d\b\f\n\r\t""#),
            Value::String("a\"b\\c/d\u{8}\u{c}\n\r\t".into())
        );
        assert_eq!(ok(r#""\u00e9\u4e2d""#), Value::String("é中".into()));
        assert_eq!(ok(r#""\ud83d\ude00""#), Value::String("😀".into()));
        assert_eq!(ok("\"é😀\""), Value::String("é😀".into()));
        assert!(err(br#""\ud83d""#).contains("lone leading surrogate"));
        assert!(err(br#""\ude00""#).contains("lone trailing surrogate"));
        assert!(err(br#""\ud83d\u0041""#).contains("invalid trailing surrogate"));
        assert!(err(br#""\x""#).contains("invalid escape"));
        assert!(err(br#""\u12""#).contains("\\u escape"));
        assert!(err(b"\"a\nb\"").contains("control character"));
        assert!(err(b"\"abc").contains("unterminated string"));
        assert!(err(b"\"\xff\"").contains("invalid UTF-8"));
    }

    /// The word-at-a-time scan finds the same stop as a byte loop, at every offset.
    #[test]
    fn first_special_matches_a_byte_scan() {
        let specials = [b'"', b'\\', 0x00, 0x1f, b'\n'];
        let plain = [
            b'a', b' ', 0x7f, 0x80, 0xc3, 0xff, b'!', b'#', b'[', b']', 0x21, 0x5d,
        ];
        for &s in &specials {
            for at in 0..8 {
                for &p in &plain {
                    let mut bytes = [p; 8];
                    bytes[at] = s;
                    if at < 7 {
                        bytes[7] = s; // a later special must not hide the first
                    }
                    assert_eq!(
                        first_special(u64::from_le_bytes(bytes)),
                        Some(at),
                        "{bytes:?}"
                    );
                }
            }
        }
        for &p in &plain {
            assert_eq!(first_special(u64::from_le_bytes([p; 8])), None);
        }
        // Strings longer than a word, with the stop in the word-sized part and in the tail.
        assert_eq!(
            ok(r#""0123456789abcdef\"x""#),
            Value::String("0123456789abcdef\"x".into())
        );
        assert_eq!(
            ok(r#""0123456789abcdefgh""#),
            Value::String("0123456789abcdefgh".into())
        );
        assert!(err(b"\"0123456789\x01abc\"").contains("line 1 column 12"));
    }

    #[test]
    fn malformed_documents_name_the_position() {
        assert_eq!(err(b""), "unexpected end of input at line 1 column 1");
        assert_eq!(
            err(b"{\"a\":1,}"),
            "expected a string key at line 1 column 8"
        );
        assert_eq!(err(b"[1,]"), "expected a JSON value at line 1 column 4");
        assert_eq!(err(b"{\n  \"a\" 1}"), "expected `:` at line 2 column 7");
        assert_eq!(err(b"[1 2]"), "expected `,` or `]` at line 1 column 4");
        assert_eq!(err(b"{} x"), "trailing characters at line 1 column 4");
        assert_eq!(err(b"nul"), "expected a JSON value at line 1 column 1");
        assert_eq!(err(b"[1"), "unexpected end of input at line 1 column 3");
        assert_eq!(err(b"<html>"), "expected a JSON value at line 1 column 1");
    }

    #[test]
    fn nesting_is_bounded_without_recursing_past_the_limit() {
        let ok_depth = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse_value(ok_depth.as_bytes()).is_ok());
        let too_deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(err(too_deep.as_bytes()).contains("recursion limit"));
        let hostile = "{\"a\":".repeat(100_000);
        assert!(err(hostile.as_bytes()).contains("recursion limit"));
    }

    #[test]
    fn get_lets_the_last_duplicate_win() {
        let v = ok(r#"{"a": 1, "b": 2, "a": 3}"#);
        assert_eq!(v.get("a"), Some(&num("3")));
        assert_eq!(v.get("z"), None);
        assert_eq!(ok("[]").get("a"), None);
        assert_eq!(v.as_object().map(<[_]>::len), Some(3));
    }

    #[test]
    fn agrees_with_serde_json_on_valid_documents() {
        // The same documents through both parsers must give the same strings and structure.
        let text = r#"{"s": "x\u0041\n", "a": [true, false, null, {"k": []}], "n": 12}"#;
        let ours = ok(text);
        let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours.get("s").and_then(Value::as_str), theirs["s"].as_str());
        assert_eq!(
            ours.get("a").map(|a| format!("{a:?}")),
            Some("Array([Bool(true), Bool(false), Null, Object([(\"k\", Array([]))])])".to_owned())
        );
    }
}
