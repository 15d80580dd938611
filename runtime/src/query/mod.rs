//! The form body of awsQuery and ec2Query requests:
//! `Action=Op&Version=2020-01-08&Name=value&List.member.1=a&Map.entry.1.key=k&...`.
//!
//! [`QueryWriter`] writes the `Action`/`Version` pair; generated serializers then take a
//! [`QueryValue`] per member and write a scalar, descend into a structure with
//! [`QueryValue::field`], or open a [`QueryList`] / [`QueryMap`]. Each handle carries its key
//! prefix, so nesting of any depth needs no bookkeeping in generated code.
//!
//! Protocol rules that stay with the caller, because they are decided at generation time:
//! - names: awsQuery uses the member's `@xmlName` or name; ec2Query uses `@ec2QueryName`, else
//!   the capitalised `@xmlName`, else the capitalised member name;
//! - lists: awsQuery wraps items in `member` (or the list member's `@xmlName`) unless
//!   `@xmlFlattened`; ec2Query never wraps ([`QueryValue::list`] with `None`);
//! - empty lists: awsQuery sends `Name=` ([`QueryValue::empty`]); ec2Query sends nothing;
//! - maps: pass entries in a deterministic order ([`sorted`]); an empty map sends nothing.
//!
//! Keys and values are percent-encoded as RFC 3986 requires: everything but the unreserved
//! `A-Z a-z 0-9 - . _ ~` becomes `%XX`, so a space is `%20` (not `+`) and base64 `=` is `%3D`.

use std::collections::HashMap;
use std::fmt::Write as _;

use base64::Engine as _;

use crate::primitives::{BigDecimal, BigInteger, Blob, DateTime, TimestampFormat};
use crate::xml::writer::{format_double, format_float};

/// Writes an awsQuery/ec2Query request body.
#[derive(Debug)]
pub struct QueryWriter {
    out: String,
    /// Set by [`QueryWriter::invalid`]: the input cannot be sent (an unknown union member).
    error: Option<String>,
}

impl QueryWriter {
    /// Starts a body with `Action={action}&Version={version}`.
    pub fn new(action: &str, version: &str) -> Self {
        let mut out = String::with_capacity(128);
        out.push_str("Action=");
        encode_into(&mut out, action);
        out.push_str("&Version=");
        encode_into(&mut out, version);
        Self { out, error: None }
    }

    /// Marks the input as impossible to send (as
    /// [`JsonWriter::invalid`](crate::json::JsonWriter::invalid)); the first reason recorded
    /// fails the request.
    pub fn invalid(&mut self, reason: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(reason.into());
        }
    }

    /// The reason recorded by [`QueryWriter::invalid`], if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The value of top-level input member `name` (its wire name).
    pub fn key(&mut self, name: &str) -> QueryValue<'_> {
        QueryValue {
            writer: self,
            prefix: name.to_owned(),
        }
    }

    /// The body written so far.
    pub fn as_str(&self) -> &str {
        &self.out
    }

    /// The finished body.
    pub fn into_string(self) -> String {
        self.out
    }

    /// The finished body as bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

/// The place of one value in the body: its full key (`Nested.List.member.2.Name`).
#[derive(Debug)]
pub struct QueryValue<'w> {
    writer: &'w mut QueryWriter,
    prefix: String,
}

impl<'w> QueryValue<'w> {
    fn pair(self, value: &str) {
        let out = &mut self.writer.out;
        out.push('&');
        encode_into(out, &self.prefix);
        out.push('=');
        encode_into(out, value);
    }

    /// Marks the input as impossible to send (see [`QueryWriter::invalid`]); writes nothing.
    pub fn invalid(self, reason: impl Into<String>) {
        self.writer.invalid(reason);
    }

    /// The full key of this value (mostly for tests and error messages).
    pub fn key(&self) -> &str {
        &self.prefix
    }

    /// `Key=` with an empty value: how awsQuery sends an empty list.
    pub fn empty(self) {
        self.pair("");
    }

    /// A string (also enums, by their value).
    pub fn string(self, value: &str) {
        self.pair(value);
    }

    /// `true` or `false`.
    pub fn boolean(self, value: bool) {
        self.pair(if value { "true" } else { "false" });
    }

    /// An integer of any width (also intEnums).
    pub fn integer(self, value: i64) {
        let mut text = String::new();
        let _ = write!(text, "{value}");
        self.pair(&text);
    }

    /// A `double`; NaN and the infinities as `NaN`, `Infinity`, `-Infinity`.
    pub fn double(self, value: f64) {
        self.pair(&format_double(value));
    }

    /// A `float`, printed at f32 precision.
    pub fn float(self, value: f32) {
        self.pair(&format_float(value));
    }

    /// A timestamp; the query protocols use [`TimestampFormat::DateTime`] unless the member
    /// has `@timestampFormat`.
    pub fn timestamp(self, value: &DateTime, format: TimestampFormat) {
        self.pair(&value.fmt(format));
    }

    /// A blob as standard padded base64.
    pub fn blob(self, value: &Blob) {
        self.pair(&base64::engine::general_purpose::STANDARD.encode(value.as_ref()));
    }

    /// A big integer.
    pub fn big_integer(self, value: &BigInteger) {
        self.pair(value.as_str());
    }

    /// A big decimal.
    pub fn big_decimal(self, value: &BigDecimal) {
        self.pair(value.as_str());
    }

    /// Member `name` of the structure at this key (`Prefix.name`).
    pub fn field(&mut self, name: &str) -> QueryValue<'_> {
        QueryValue {
            writer: self.writer,
            prefix: format!("{}.{name}", self.prefix),
        }
    }

    /// A list at this key. `member` is the wrapping element name (`Some("member")`, or the list
    /// member's `@xmlName`) giving `Key.member.N`; `None` gives `Key.N` (flattened lists and
    /// every ec2Query list). Writes nothing until items are added.
    pub fn list(self, member: Option<&str>) -> QueryList<'w> {
        let prefix = match member {
            Some(member) => format!("{}.{member}", self.prefix),
            None => self.prefix,
        };
        QueryList {
            writer: self.writer,
            prefix,
            count: 0,
        }
    }

    /// A map at this key: `Key.entry.N.{key}` / `Key.entry.N.{value}`, or without `entry`
    /// when `flattened`. `key` and `value` are the entry's element names (`"key"`/`"value"`
    /// unless renamed with `@xmlName`).
    pub fn map(self, flattened: bool, key: &str, value: &str) -> QueryMap<'w> {
        let prefix = if flattened {
            self.prefix
        } else {
            format!("{}.entry", self.prefix)
        };
        QueryMap {
            writer: self.writer,
            prefix,
            key_name: key.to_owned(),
            value_name: value.to_owned(),
            count: 0,
        }
    }
}

/// A list being written; see [`QueryValue::list`].
#[derive(Debug)]
pub struct QueryList<'w> {
    writer: &'w mut QueryWriter,
    prefix: String,
    count: usize,
}

impl QueryList<'_> {
    /// The next item (numbered from 1).
    pub fn item(&mut self) -> QueryValue<'_> {
        self.count += 1;
        QueryValue {
            writer: self.writer,
            prefix: format!("{}.{}", self.prefix, self.count),
        }
    }
}

/// A map being written; see [`QueryValue::map`].
#[derive(Debug)]
pub struct QueryMap<'w> {
    writer: &'w mut QueryWriter,
    prefix: String,
    key_name: String,
    value_name: String,
    count: usize,
}

impl QueryMap<'_> {
    /// Writes the next entry's key (numbered from 1) and returns the place of its value.
    pub fn entry(&mut self, key: &str) -> QueryValue<'_> {
        self.count += 1;
        let entry = format!("{}.{}", self.prefix, self.count);
        QueryValue {
            writer: &mut *self.writer,
            prefix: format!("{entry}.{}", self.key_name),
        }
        .string(key);
        QueryValue {
            writer: self.writer,
            prefix: format!("{entry}.{}", self.value_name),
        }
    }
}

/// The entries of `map` sorted by key, so that bodies (and their signatures) are the same
/// on every run; `HashMap` iteration order is random.
pub fn sorted<K: Ord, V>(map: &HashMap<K, V>) -> Vec<(&K, &V)> {
    let mut entries: Vec<(&K, &V)> = map.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    entries
}

/// Appends `text` percent-encoded per RFC 3986: unreserved characters as they are, every
/// other byte of the UTF-8 encoding as `%XX` (upper-case hex, as SigV4 canonicalisation
/// expects).
pub fn encode_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
}

#[cfg(test)]
mod tests;
