//! Reading an event's members from its message, for generated unmarshallers: `@eventHeader`
//! members from typed headers, and the payload as a JSON document.

use super::message::{HeaderValue, Message};
use crate::json::{DeserializeError, Value, de};
use crate::primitives::{Blob, DateTime};

/// The payload as a JSON document (an empty payload reads as `{}`).
pub fn payload_document(message: &Message) -> Result<Value, DeserializeError> {
    if message.payload().is_empty() {
        return empty_document();
    }
    de::parse(message.payload())
}

/// `{}`: the document an event whose members are all headers or its payload is read from.
pub fn empty_document() -> Result<Value, DeserializeError> {
    de::parse(b"{}")
}

/// The payload as UTF-8 text (an `@eventPayload` string member).
pub fn payload_text(message: &Message) -> Result<String, DeserializeError> {
    String::from_utf8(message.payload().to_vec())
        .map_err(|_| DeserializeError::new("the event payload is not UTF-8 text"))
}

/// The payload as bytes (an `@eventPayload` blob member).
pub fn payload_blob(message: &Message) -> Blob {
    Blob::new(message.payload().to_vec())
}

fn wrong_type(name: &str, value: &HeaderValue, expected: &str) -> DeserializeError {
    DeserializeError::new(format!(
        "event header `{name}` is a {}, expected {expected}",
        value.type_name()
    ))
}

macro_rules! header_reader {
    ($(#[$doc:meta])* $fn:ident -> $ty:ty, $expected:literal, $($pat:pat => $value:expr),+) => {
        $(#[$doc])*
        pub fn $fn(message: &Message, name: &str) -> Result<Option<$ty>, DeserializeError> {
            match message.header(name) {
                None => Ok(None),
                $(Some($pat) => Ok(Some($value)),)+
                Some(other) => Err(wrong_type(name, other, $expected)),
            }
        }
    };
}

header_reader!(
    /// A string header.
    header_string -> String, "a string", HeaderValue::String(s) => s.clone()
);
header_reader!(
    /// A boolean header.
    header_bool -> bool, "a boolean", HeaderValue::Bool(b) => *b
);
header_reader!(
    /// A byte header.
    header_byte -> i8, "a byte", HeaderValue::Byte(b) => *b
);
header_reader!(
    /// A short header (a byte is widened).
    header_short -> i16, "a short", HeaderValue::Int16(n) => *n, HeaderValue::Byte(n) => i16::from(*n)
);
header_reader!(
    /// An integer header (smaller integers are widened).
    header_integer -> i32, "an integer",
    HeaderValue::Int32(n) => *n, HeaderValue::Int16(n) => i32::from(*n), HeaderValue::Byte(n) => i32::from(*n)
);
header_reader!(
    /// A long header (smaller integers are widened).
    header_long -> i64, "a long",
    HeaderValue::Int64(n) => *n, HeaderValue::Int32(n) => i64::from(*n),
    HeaderValue::Int16(n) => i64::from(*n), HeaderValue::Byte(n) => i64::from(*n)
);
header_reader!(
    /// A blob header.
    header_blob -> Blob, "bytes", HeaderValue::ByteArray(b) => Blob::new(b.to_vec())
);
header_reader!(
    /// A timestamp header.
    header_timestamp -> DateTime, "a timestamp", HeaderValue::Timestamp(t) => *t
);
