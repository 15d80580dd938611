//! JSON for the awsJson protocols: a compact writer for request bodies, a parser into [`Value`]
//! that keeps numbers exact, and `de` helpers that read typed values out of it.
//!
//! Generated code never matches on [`Value`] variants itself; it only calls the helpers in
//! [`de`]. That keeps the parser swappable and puts every wire rule (NaN as a string, null
//! skipping, base64 blobs, timestamp formats) in one place.

pub mod de;
mod value;

use std::borrow::Cow;
use std::fmt;

use base64::Engine as _;

use crate::primitives::{
    BigDecimal, BigInteger, Blob, DateTime, Document, Number, TimestampFormat,
};

pub use value::{JsonNumber, MAX_DEPTH, ParseError, Value, parse_value};

/// A JSON value did not have the shape the model describes.
///
/// The path is built while the error bubbles up: each level of generated code adds its member
/// name with [`at`](Self::at) or list index with [`at_index`](Self::at_index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeserializeError {
    message: Cow<'static, str>,
    found: Option<&'static str>,
    /// Path segments in reverse order (innermost first), because they are pushed while unwinding.
    path: Vec<PathSegment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum PathSegment {
    Key(Box<str>),
    Index(usize),
}

impl DeserializeError {
    /// An error with a free-form message.
    pub fn new(message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            message: message.into(),
            found: None,
            path: Vec::new(),
        }
    }

    /// The value of sensitive member `key` could not be read. Replaces the reader's own error,
    /// which may quote the value or name a map key on its path, so nothing of the value reaches
    /// error messages or logs; only the member's name is kept.
    pub fn sensitive(key: &str) -> Self {
        Self::new("invalid value (sensitive, not shown)").at(key)
    }

    /// A type mismatch: `expected` describes the wanted JSON type, `found` is taken from `v`.
    pub fn expected(expected: &'static str, v: &Value) -> Self {
        Self {
            message: Cow::Borrowed(expected),
            found: Some(json_type_name(v)),
            path: Vec::new(),
        }
    }

    /// Prepends an object key to the path (call it while the error propagates outwards).
    pub fn at(mut self, key: &str) -> Self {
        // Keys of maps come from the network; keep paths readable and bounded.
        let (key, cut) = truncated(key, 128);
        let key: Box<str> = if cut {
            format!("{key}...").into()
        } else {
            key.into()
        };
        self.path.push(PathSegment::Key(key));
        self
    }

    /// Prepends an array index to the path.
    pub fn at_index(mut self, index: usize) -> Self {
        self.path.push(PathSegment::Index(index));
        self
    }

    /// The message without the path.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The JSON path of the offending value, like `$.Items[3].Name`.
    pub fn path(&self) -> String {
        let mut out = String::from("$");
        for segment in self.path.iter().rev() {
            match segment {
                PathSegment::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                PathSegment::Index(i) => {
                    use fmt::Write as _;
                    let _ = write!(out, "[{i}]");
                }
            }
        }
        out
    }
}

impl fmt::Display for DeserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at `{}`", self.message, self.path())?;
        if let Some(found) = self.found {
            write!(f, ", found {found}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DeserializeError {}

/// Returns `s` cut to at most `max` bytes (on a char boundary) and whether it was cut. Used
/// wherever network-controlled text ends up in an error message, so a hostile response cannot
/// produce multi-megabyte log lines.
pub(crate) fn truncated(s: &str, max: usize) -> (&str, bool) {
    if s.len() <= max {
        return (s, false);
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    (&s[..end], true)
}

/// A short, quoted preview of network-controlled text for error messages.
pub(crate) fn preview(s: &str) -> String {
    let (head, cut) = truncated(s, 64);
    if cut {
        format!("{head:?}...")
    } else {
        format!("{head:?}")
    }
}

pub(crate) fn json_type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Writes compact JSON into a byte buffer.
///
/// The writer tracks whether a separator is due, so callers never write commas: `key` and every
/// value method insert one when needed. It does not validate nesting; generated code is trusted
/// to balance `begin_*`/`end_*`.
#[derive(Debug, Default)]
pub struct JsonWriter {
    buf: Vec<u8>,
    /// True right after a complete value, i.e. the next key or array element needs a comma.
    need_comma: bool,
    /// Set by [`JsonWriter::invalid`]: the value cannot be sent (an unknown union member).
    error: Option<String>,
}

impl JsonWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self {
            buf: Vec::with_capacity(128),
            need_comma: false,
            error: None,
        }
    }

    /// Marks the value being written as impossible to send (serializers are infallible so
    /// that the common path stays cheap; the first reason recorded here fails the request).
    pub fn invalid(&mut self, reason: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(reason.into());
        }
        // Keep the output well formed regardless.
        self.null();
    }

    /// The reason recorded by [`JsonWriter::invalid`], if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The JSON text written so far.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// The JSON text written so far, borrowed.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }

    #[inline]
    fn separator(&mut self) {
        if self.need_comma {
            self.buf.push(b',');
        }
    }

    /// Opens an object (`{`).
    pub fn begin_object(&mut self) {
        self.separator();
        self.buf.push(b'{');
        self.need_comma = false;
    }

    /// Closes an object (`}`).
    pub fn end_object(&mut self) {
        self.buf.push(b'}');
        self.need_comma = true;
    }

    /// Opens an array (`[`).
    pub fn begin_array(&mut self) {
        self.separator();
        self.buf.push(b'[');
        self.need_comma = false;
    }

    /// Closes an array (`]`).
    pub fn end_array(&mut self) {
        self.buf.push(b']');
        self.need_comma = true;
    }

    /// Writes an object key; the next call writes its value.
    pub fn key(&mut self, key: &str) {
        self.separator();
        self.write_escaped(key);
        self.buf.push(b':');
        self.need_comma = false;
    }

    fn write_escaped(&mut self, s: &str) {
        // serde_json's escaper is well tested and fast; writing into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut self.buf, s);
    }

    /// Writes a string value.
    pub fn string(&mut self, value: &str) {
        self.separator();
        self.write_escaped(value);
        self.need_comma = true;
    }

    /// Writes `true` or `false`.
    pub fn boolean(&mut self, value: bool) {
        self.raw(if value { "true" } else { "false" });
    }

    /// Writes an integer.
    pub fn integer(&mut self, value: i64) {
        self.separator();
        let _ = serde_json::to_writer(&mut self.buf, &value);
        self.need_comma = true;
    }

    /// Writes a `double`. NaN and the infinities become the strings `"NaN"`, `"Infinity"` and
    /// `"-Infinity"`, as awsJson requires.
    pub fn float(&mut self, value: f64) {
        if let Some(s) = non_finite_str(value) {
            self.string(s);
        } else {
            self.separator();
            let _ = serde_json::to_writer(&mut self.buf, &value);
            self.need_comma = true;
        }
    }

    /// Writes a `float` (f32) with its shortest f32 representation, so `1.1f32` is written as
    /// `1.1` rather than the `1.100000023841858` that widening to f64 would print.
    pub fn float32(&mut self, value: f32) {
        if let Some(s) = non_finite_str(f64::from(value)) {
            self.string(s);
        } else {
            self.separator();
            let _ = serde_json::to_writer(&mut self.buf, &value);
            self.need_comma = true;
        }
    }

    /// Writes `null` (only meaningful inside sparse lists and maps).
    pub fn null(&mut self) {
        self.raw("null");
    }

    fn raw(&mut self, text: &str) {
        self.separator();
        self.buf.extend_from_slice(text.as_bytes());
        self.need_comma = true;
    }

    /// Writes a timestamp: epoch seconds as a number (no fraction for whole seconds), the other
    /// formats as strings.
    pub fn timestamp(&mut self, value: &DateTime, format: TimestampFormat) {
        let mut text = String::with_capacity(32);
        match format {
            TimestampFormat::EpochSeconds => {
                // Exact decimal text: going through f64 would garble nanoseconds.
                value.write_epoch_seconds(&mut text);
                self.raw(&text);
            }
            TimestampFormat::DateTime => {
                value.write_rfc3339(&mut text);
                self.string(&text);
            }
            TimestampFormat::HttpDate => {
                value.write_http_date(&mut text);
                self.string(&text);
            }
        }
    }

    /// Writes a blob as standard padded base64.
    pub fn blob(&mut self, value: &Blob) {
        self.separator();
        self.buf.push(b'"');
        // Encode straight into the buffer: base64 output never needs JSON escaping.
        let bytes = value.as_ref();
        if let Some(len) = base64::encoded_len(bytes.len(), true) {
            let start = self.buf.len();
            self.buf.resize(start + len, 0);
            let written = base64::engine::general_purpose::STANDARD
                .encode_slice(bytes, &mut self.buf[start..])
                .unwrap_or(0);
            self.buf.truncate(start + written);
        }
        self.buf.push(b'"');
        self.need_comma = true;
    }

    /// Writes a document value unchanged (non-finite floats as their string forms).
    pub fn document(&mut self, value: &Document) {
        match value {
            Document::Null => self.null(),
            Document::Bool(b) => self.boolean(*b),
            Document::Number(Number::PosInt(n)) => {
                self.separator();
                let _ = serde_json::to_writer(&mut self.buf, n);
                self.need_comma = true;
            }
            Document::Number(Number::NegInt(n)) => self.integer(*n),
            Document::Number(Number::Float(f)) => self.float(*f),
            Document::String(s) => self.string(s),
            Document::Array(items) => {
                self.begin_array();
                for item in items {
                    self.document(item);
                }
                self.end_array();
            }
            Document::Object(map) => {
                self.begin_object();
                for (k, v) in map {
                    self.key(k);
                    self.document(v);
                }
                self.end_object();
            }
        }
    }

    /// Writes a big integer as a raw JSON number.
    pub fn big_integer(&mut self, value: &BigInteger) {
        self.raw(value.as_str());
    }

    /// Writes a big decimal as a raw JSON number.
    pub fn big_decimal(&mut self, value: &BigDecimal) {
        self.raw(value.as_str());
    }
}

fn non_finite_str(value: f64) -> Option<&'static str> {
    if value.is_nan() {
        Some("NaN")
    } else if value == f64::INFINITY {
        Some("Infinity")
    } else if value == f64::NEG_INFINITY {
        Some("-Infinity")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn text(w: JsonWriter) -> String {
        String::from_utf8(w.into_bytes()).unwrap()
    }

    #[test]
    fn writer_handles_commas_and_nesting() {
        let mut w = JsonWriter::new();
        w.begin_object();
        w.key("a");
        w.integer(1);
        w.key("b");
        w.begin_array();
        w.string("x");
        w.boolean(true);
        w.null();
        w.begin_object();
        w.end_object();
        w.begin_array();
        w.end_array();
        w.end_array();
        w.key("c\"q");
        w.string("line\nbreak \u{1} é");
        w.end_object();
        assert_eq!(
            text(w),
            r#"{"a":1,"b":["x",true,null,{},[]],"c\"q":"line\nbreak \u0001 é"}"#
        );
    }

    #[test]
    fn writer_non_finite_floats_become_strings() {
        let mut w = JsonWriter::new();
        w.begin_array();
        w.float(f64::NAN);
        w.float(f64::INFINITY);
        w.float(f64::NEG_INFINITY);
        w.float(1.5);
        w.float(1.0);
        w.float32(1.1);
        w.float32(f32::NAN);
        w.integer(-7);
        w.end_array();
        assert_eq!(
            text(w),
            r#"["NaN","Infinity","-Infinity",1.5,1.0,1.1,"NaN",-7]"#
        );
    }

    #[test]
    fn writer_timestamps_blobs_documents_big_numbers() {
        let mut w = JsonWriter::new();
        w.begin_array();
        w.timestamp(
            &DateTime::from_secs(1_515_531_081),
            TimestampFormat::EpochSeconds,
        );
        w.timestamp(
            &DateTime::from_secs_and_nanos(1_515_531_081, 123_000_000),
            TimestampFormat::EpochSeconds,
        );
        w.timestamp(
            &DateTime::from_secs(1_682_973_466),
            TimestampFormat::DateTime,
        );
        w.timestamp(
            &DateTime::from_secs(1_398_796_238),
            TimestampFormat::HttpDate,
        );
        w.blob(&Blob::new(b"hello".to_vec()));
        w.blob(&Blob::new(Vec::new()));
        w.big_integer(&"123456789012345678901234567890".parse().unwrap());
        w.big_decimal(&"1.5e300".parse().unwrap());
        w.document(&Document::Object(HashMap::from([(
            "k".to_owned(),
            Document::Array(vec![
                Document::Number(Number::PosInt(u64::MAX)),
                Document::Number(Number::NegInt(-1)),
                Document::Number(Number::Float(0.5)),
                Document::String("s".into()),
                Document::Null,
                Document::Bool(false),
            ]),
        )])));
        w.end_array();
        assert_eq!(
            text(w),
            concat!(
                r#"[1515531081,1515531081.123,"2023-05-01T20:37:46Z","Tue, 29 Apr 2014 18:30:38 GMT","#,
                r#""aGVsbG8=","",123456789012345678901234567890,1.5e300,"#,
                r#"{"k":[18446744073709551615,-1,0.5,"s",null,false]}]"#
            )
        );
    }

    #[test]
    fn deserialize_error_display_has_path() {
        let e = DeserializeError::expected("expected a string", &Value::Bool(true))
            .at("Status")
            .at_index(2)
            .at("Items");
        assert_eq!(
            e.to_string(),
            "expected a string at `$.Items[2].Status`, found a boolean"
        );
        assert_eq!(e.path(), "$.Items[2].Status");
        assert_eq!(DeserializeError::new("boom").to_string(), "boom at `$`");
        assert_eq!(
            DeserializeError::sensitive("Email")
                .at("Contact")
                .to_string(),
            "invalid value (sensitive, not shown) at `$.Contact.Email`"
        );
    }
}
