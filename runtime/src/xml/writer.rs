//! [`XmlWriter`]: builds restXml request bodies.
//!
//! Generated serializers know every element name statically, so the writer keeps no stack and
//! does no validation: it escapes what it is given and appends. Escaping covers the five
//! markup characters and also CR, LF, NEL (U+0085) and LINE SEPARATOR (U+2028) as numeric
//! references: a receiving XML parser normalises those line ends, so written literally a
//! `\r\n` inside a value (an S3 object key, say) would arrive as `\n`.

use std::fmt::Write as _;

use base64::Engine as _;

use crate::primitives::{BigDecimal, BigInteger, Blob, DateTime, TimestampFormat};

/// Writes an XML document into a string.
#[derive(Debug, Default)]
pub struct XmlWriter {
    out: String,
    /// Set by [`XmlWriter::invalid`]: the value cannot be sent (an unknown union member).
    error: Option<String>,
}

impl XmlWriter {
    /// An empty writer (no XML declaration: the protocols do not need one).
    pub fn new() -> Self {
        Self {
            out: String::with_capacity(256),
            error: None,
        }
    }

    /// Marks the value being written as impossible to send, as
    /// [`JsonWriter::invalid`](crate::json::JsonWriter::invalid) does; the first reason
    /// recorded fails the request. Nothing is written.
    pub fn invalid(&mut self, reason: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(reason.into());
        }
    }

    /// The reason recorded by [`XmlWriter::invalid`], if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The document written so far.
    pub fn as_str(&self) -> &str {
        &self.out
    }

    /// The finished document.
    pub fn into_string(self) -> String {
        self.out
    }

    /// The finished document as bytes (a request body).
    pub fn into_bytes(self) -> Vec<u8> {
        self.out.into_bytes()
    }

    /// Opens `<name`; add namespaces and attributes on the returned [`StartTag`], which writes
    /// `>` when finished or dropped.
    pub fn start(&mut self, name: &str) -> StartTag<'_> {
        self.out.push('<');
        self.out.push_str(name);
        StartTag {
            writer: self,
            done: false,
        }
    }

    /// Writes `</name>`.
    pub fn end(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// Writes `<name>text</name>` (text escaped).
    pub fn element(&mut self, name: &str, text: &str) {
        self.start(name).finish();
        self.text(text);
        self.end(name);
    }

    /// Writes escaped character data.
    pub fn text(&mut self, text: &str) {
        escape_into(&mut self.out, text, false);
    }

    /// Writes `true` or `false`.
    pub fn boolean(&mut self, value: bool) {
        self.out.push_str(if value { "true" } else { "false" });
    }

    /// Writes an integer of any width.
    pub fn integer(&mut self, value: i64) {
        let _ = write!(self.out, "{value}");
    }

    /// Writes a `double`; NaN and the infinities as `NaN`, `Infinity`, `-Infinity`.
    pub fn double(&mut self, value: f64) {
        self.out.push_str(&format_double(value));
    }

    /// Writes a `float` with its shortest f32 form (`1.1`, not `1.100000023841858`).
    pub fn float(&mut self, value: f32) {
        self.out.push_str(&format_float(value));
    }

    /// Writes a timestamp (XML bodies use [`TimestampFormat::DateTime`] unless the member has
    /// `@timestampFormat`).
    pub fn timestamp(&mut self, value: &DateTime, format: TimestampFormat) {
        self.out.push_str(&value.fmt(format));
    }

    /// Writes a blob as standard padded base64.
    pub fn blob(&mut self, value: &Blob) {
        base64::engine::general_purpose::STANDARD.encode_string(value.as_ref(), &mut self.out);
    }

    /// Writes a big integer as its digits.
    pub fn big_integer(&mut self, value: &BigInteger) {
        self.out.push_str(value.as_str());
    }

    /// Writes a big decimal as written.
    pub fn big_decimal(&mut self, value: &BigDecimal) {
        self.out.push_str(value.as_str());
    }
}

/// An open start tag; see [`XmlWriter::start`].
#[derive(Debug)]
pub struct StartTag<'w> {
    writer: &'w mut XmlWriter,
    done: bool,
}

impl StartTag<'_> {
    /// Adds `xmlns="uri"`, or `xmlns:prefix="uri"` with a prefix (`@xmlNamespace`).
    pub fn namespace(self, uri: &str, prefix: Option<&str>) -> Self {
        let out = &mut self.writer.out;
        out.push_str(" xmlns");
        if let Some(prefix) = prefix {
            out.push(':');
            out.push_str(prefix);
        }
        out.push_str("=\"");
        escape_into(out, uri, true);
        out.push('"');
        self
    }

    /// Adds `name="value"` (value escaped; `@xmlAttribute` members).
    pub fn attribute(self, name: &str, value: &str) -> Self {
        let out = &mut self.writer.out;
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        escape_into(out, value, true);
        out.push('"');
        self
    }

    /// Closes the start tag with `>`; content and [`XmlWriter::end`] follow.
    pub fn finish(mut self) {
        self.writer.out.push('>');
        self.done = true;
    }

    /// Closes the element at once with `/>` (an element without content).
    pub fn finish_empty(mut self) {
        self.writer.out.push_str("/>");
        self.done = true;
    }
}

impl Drop for StartTag<'_> {
    /// Keeps the output well formed if a serializer forgets [`StartTag::finish`].
    fn drop(&mut self) {
        if !self.done {
            self.writer.out.push('>');
        }
    }
}

/// Appends `text` escaped for character data, or for a double-quoted attribute value when
/// `attribute` is set (then TAB is escaped too, which attribute normalisation would turn into
/// a space).
pub fn escape_into(out: &mut String, text: &str, attribute: bool) {
    let mut rest = text;
    while let Some(at) = rest.find(|c| needs_escape(c, attribute)) {
        out.push_str(&rest[..at]);
        // `find` returned the start of a char.
        let c = rest[at..].chars().next().unwrap_or('\0');
        out.push_str(match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&apos;",
            '\r' => "&#xD;",
            '\n' => "&#xA;",
            '\t' => "&#x9;",
            '\u{85}' => "&#x85;",
            _ => "&#x2028;",
        });
        rest = &rest[at + c.len_utf8()..];
    }
    out.push_str(rest);
}

fn needs_escape(c: char, attribute: bool) -> bool {
    matches!(
        c,
        '&' | '<' | '>' | '"' | '\'' | '\r' | '\n' | '\u{85}' | '\u{2028}'
    ) || (attribute && c == '\t')
}

/// Text of a `double` for XML and query bodies: shortest round-trip form, `NaN`, `Infinity`,
/// `-Infinity`.
pub(crate) fn format_double(value: f64) -> String {
    match non_finite(value) {
        Some(s) => s.to_owned(),
        // serde_json's shortest round-trip printing (`1e+300`, not 301 digits).
        None => serde_json::to_string(&value).unwrap_or_default(),
    }
}

/// Text of a `float`, printed at f32 precision.
pub(crate) fn format_float(value: f32) -> String {
    match non_finite(f64::from(value)) {
        Some(s) => s.to_owned(),
        None => serde_json::to_string(&value).unwrap_or_default(),
    }
}

fn non_finite(value: f64) -> Option<&'static str> {
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

    #[test]
    fn elements_namespaces_and_attributes() {
        let mut w = XmlWriter::new();
        w.start("Root")
            .namespace("https://example.com", None)
            .namespace("urn:x", Some("x"))
            .attribute("x:id", "a\"b<\t")
            .finish();
        w.element("Name", "Tom & Jerry");
        w.start("Empty").finish_empty();
        drop(w.start("Forgot"));
        w.end("Forgot");
        w.end("Root");
        assert_eq!(w.error(), None);
        w.invalid("first");
        w.invalid("second");
        assert_eq!(w.error(), Some("first"));
        assert_eq!(
            w.into_string(),
            "<Root xmlns=\"https://example.com\" xmlns:x=\"urn:x\" x:id=\"a&quot;b&lt;&#x9;\">\
             <Name>Tom &amp; Jerry</Name><Empty/><Forgot></Forgot></Root>"
        );
    }

    #[test]
    fn text_escapes_markup_and_line_ends() {
        let mut out = String::new();
        escape_into(&mut out, "<a>&'\"\r\n\u{85}\u{2028}\tü", false);
        assert_eq!(out, "&lt;a&gt;&amp;&apos;&quot;&#xD;&#xA;&#x85;&#x2028;\tü");
        // What we write, our parser reads back unchanged (line ends included).
        let mut w = XmlWriter::new();
        w.element("v", "escaped data: &lt;\r\n \u{2028}");
        let doc = crate::xml::parse(w.as_str().as_bytes()).unwrap();
        assert_eq!(doc.root().text(), "escaped data: &lt;\r\n \u{2028}");
    }

    #[test]
    fn scalar_values() {
        let mut w = XmlWriter::new();
        for (value, expected) in [
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (10.8, "10.8"),
            (1e300, "1e+300"),
        ] {
            w.double(value);
            assert!(w.as_str().ends_with(expected), "{}", w.as_str());
        }
        let mut w = XmlWriter::new();
        w.float(1.1);
        w.text("|");
        w.float(f32::NEG_INFINITY);
        w.text("|");
        w.boolean(true);
        w.text("|");
        w.integer(-5);
        w.text("|");
        w.timestamp(
            &DateTime::from_secs(1_422_172_800),
            TimestampFormat::DateTime,
        );
        w.text("|");
        w.timestamp(
            &DateTime::from_secs(1_422_172_800),
            TimestampFormat::EpochSeconds,
        );
        w.text("|");
        w.blob(&Blob::new(b"value".to_vec()));
        w.text("|");
        w.big_integer(&"123".parse().unwrap());
        w.big_decimal(&"1.5".parse().unwrap());
        assert_eq!(
            w.into_string(),
            "1.1|-Infinity|true|-5|2015-01-25T08:00:00Z|1422172800|dmFsdWU=|1231.5"
        );
    }
}
