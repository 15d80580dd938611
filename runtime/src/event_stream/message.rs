//! One event-stream message: typed headers and an opaque payload.

use bytes::Bytes;

use crate::primitives::DateTime;

/// A decoded (or to-be-encoded) event-stream message.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Message {
    headers: Vec<Header>,
    payload: Bytes,
}

impl Message {
    /// A message with the given payload and no headers.
    pub fn new(payload: impl Into<Bytes>) -> Self {
        Self {
            headers: Vec::new(),
            payload: payload.into(),
        }
    }

    /// Adds a header (builder style). Names must be unique within a message; the decoder keeps
    /// duplicates it receives and [`header`](Self::header) returns the first.
    pub fn with_header(mut self, name: impl Into<String>, value: HeaderValue) -> Self {
        self.headers.push(Header {
            name: name.into(),
            value,
        });
        self
    }

    /// The headers in wire order.
    pub fn headers(&self) -> &[Header] {
        &self.headers
    }

    /// The value of the first header called `name`.
    pub fn header(&self, name: &str) -> Option<&HeaderValue> {
        self.headers
            .iter()
            .find(|h| h.name == name)
            .map(|h| &h.value)
    }

    /// The payload bytes.
    pub fn payload(&self) -> &Bytes {
        &self.payload
    }

    /// The payload, consuming the message.
    pub fn into_payload(self) -> Bytes {
        self.payload
    }

    pub(crate) fn from_parts(headers: Vec<Header>, payload: Bytes) -> Self {
        Self { headers, payload }
    }
}

/// One header: a name (1 to 255 bytes of UTF-8) and a typed value.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    /// The header's name.
    pub name: String,
    /// The header's value.
    pub value: HeaderValue,
}

/// A header value: the ten types of the format (the two booleans are one variant here).
#[derive(Clone, Debug, PartialEq)]
pub enum HeaderValue {
    /// Types 0 (`true`) and 1 (`false`); no value bytes on the wire.
    Bool(bool),
    /// Type 2: a signed byte.
    Byte(i8),
    /// Type 3: a big-endian 16-bit integer.
    Int16(i16),
    /// Type 4: a big-endian 32-bit integer.
    Int32(i32),
    /// Type 5: a big-endian 64-bit integer.
    Int64(i64),
    /// Type 6: bytes with a 16-bit length.
    ByteArray(Bytes),
    /// Type 7: UTF-8 text with a 16-bit length.
    String(String),
    /// Type 8: milliseconds since the epoch (sub-millisecond parts are dropped when encoding).
    Timestamp(DateTime),
    /// Type 9: a 16-byte UUID.
    Uuid([u8; 16]),
}

impl HeaderValue {
    /// The text, if this is a string header.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            HeaderValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The wire type's name, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            HeaderValue::Bool(_) => "bool",
            HeaderValue::Byte(_) => "byte",
            HeaderValue::Int16(_) => "int16",
            HeaderValue::Int32(_) => "int32",
            HeaderValue::Int64(_) => "int64",
            HeaderValue::ByteArray(_) => "byte array",
            HeaderValue::String(_) => "string",
            HeaderValue::Timestamp(_) => "timestamp",
            HeaderValue::Uuid(_) => "uuid",
        }
    }
}
