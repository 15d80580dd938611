//! Message to frame bytes.

use std::fmt;

use super::message::{HeaderValue, Message};
use super::{MAX_HEADERS_LEN, MAX_PAYLOAD_LEN, PRELUDE_LEN, TRAILER_LEN, types};

/// Longest byte-array or string header value written. The length field holds 16 bits, but the
/// AWS implementations (CRT, Java, Go) cap values at `i16::MAX`, so staying below that keeps every
/// receiver happy.
pub const MAX_HEADER_VALUE_LEN: usize = i16::MAX as usize;

/// Why a message cannot be encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeError {
    /// A header name is empty or longer than 255 bytes.
    InvalidHeaderName {
        /// Length of the name in bytes.
        len: usize,
    },
    /// A byte-array or string header value is longer than [`MAX_HEADER_VALUE_LEN`].
    HeaderValueTooLong {
        /// The header's name.
        name: String,
        /// The value's length in bytes.
        len: usize,
    },
    /// A timestamp header is too far from the epoch for 64-bit milliseconds.
    TimestampOutOfRange {
        /// The header's name.
        name: String,
    },
    /// The encoded headers exceed [`MAX_HEADERS_LEN`].
    HeadersTooLong {
        /// Their encoded length.
        len: usize,
    },
    /// The payload exceeds [`MAX_PAYLOAD_LEN`].
    PayloadTooLong {
        /// Its length.
        len: usize,
    },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::InvalidHeaderName { len } => {
                write!(f, "header name of {len} bytes (must be 1 to 255)")
            }
            EncodeError::HeaderValueTooLong { name, len } => write!(
                f,
                "value of header `{name}` is {len} bytes, more than {MAX_HEADER_VALUE_LEN}"
            ),
            EncodeError::TimestampOutOfRange { name } => {
                write!(f, "timestamp header `{name}` is out of range")
            }
            EncodeError::HeadersTooLong { len } => write!(
                f,
                "headers take {len} bytes, more than the {MAX_HEADERS_LEN} allowed"
            ),
            EncodeError::PayloadTooLong { len } => write!(
                f,
                "payload of {len} bytes exceeds the {MAX_PAYLOAD_LEN} allowed"
            ),
        }
    }
}

impl std::error::Error for EncodeError {}

/// Encodes one message as a complete frame.
pub fn encode_message(message: &Message) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::new();
    write_message(message, &mut out)?;
    Ok(out)
}

/// Appends one message as a complete frame to `out` (left unchanged on error).
pub fn write_message(message: &Message, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    let payload = message.payload();
    if payload.len() > MAX_PAYLOAD_LEN {
        return Err(EncodeError::PayloadTooLong { len: payload.len() });
    }
    let start = out.len();
    // Placeholder prelude, filled in once the headers' length is known.
    out.extend_from_slice(&[0; PRELUDE_LEN]);
    if let Err(e) = write_headers(message, out) {
        out.truncate(start);
        return Err(e);
    }
    let headers_len = out.len() - start - PRELUDE_LEN;
    if headers_len > MAX_HEADERS_LEN {
        out.truncate(start);
        return Err(EncodeError::HeadersTooLong { len: headers_len });
    }
    out.extend_from_slice(payload);
    // Both lengths are bounded above (128 KiB and 24 MiB), so they fit u32.
    let total_len = (out.len() - start + TRAILER_LEN) as u32;
    out[start..start + 4].copy_from_slice(&total_len.to_be_bytes());
    out[start + 4..start + 8].copy_from_slice(&(headers_len as u32).to_be_bytes());
    let prelude_crc = crc32fast::hash(&out[start..start + 8]);
    out[start + 8..start + 12].copy_from_slice(&prelude_crc.to_be_bytes());
    let message_crc = crc32fast::hash(&out[start..]);
    out.extend_from_slice(&message_crc.to_be_bytes());
    Ok(())
}

fn write_headers(message: &Message, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    for header in message.headers() {
        let name = header.name.as_bytes();
        let name_len = u8::try_from(name.len())
            .ok()
            .filter(|n| *n > 0)
            .ok_or(EncodeError::InvalidHeaderName { len: name.len() })?;
        out.push(name_len);
        out.extend_from_slice(name);
        match &header.value {
            HeaderValue::Bool(true) => out.push(types::TRUE),
            HeaderValue::Bool(false) => out.push(types::FALSE),
            HeaderValue::Byte(v) => {
                out.push(types::BYTE);
                out.extend_from_slice(&v.to_be_bytes());
            }
            HeaderValue::Int16(v) => {
                out.push(types::INT16);
                out.extend_from_slice(&v.to_be_bytes());
            }
            HeaderValue::Int32(v) => {
                out.push(types::INT32);
                out.extend_from_slice(&v.to_be_bytes());
            }
            HeaderValue::Int64(v) => {
                out.push(types::INT64);
                out.extend_from_slice(&v.to_be_bytes());
            }
            HeaderValue::ByteArray(bytes) => {
                out.push(types::BYTE_ARRAY);
                write_len_prefixed(&header.name, bytes, out)?;
            }
            HeaderValue::String(text) => {
                out.push(types::STRING);
                write_len_prefixed(&header.name, text.as_bytes(), out)?;
            }
            HeaderValue::Timestamp(t) => {
                let millis = t
                    .secs()
                    .checked_mul(1000)
                    .and_then(|ms| ms.checked_add(i64::from(t.subsec_nanos() / 1_000_000)))
                    .ok_or_else(|| EncodeError::TimestampOutOfRange {
                        name: header.name.clone(),
                    })?;
                out.push(types::TIMESTAMP);
                out.extend_from_slice(&millis.to_be_bytes());
            }
            HeaderValue::Uuid(uuid) => {
                out.push(types::UUID);
                out.extend_from_slice(uuid);
            }
        }
    }
    Ok(())
}

fn write_len_prefixed(name: &str, value: &[u8], out: &mut Vec<u8>) -> Result<(), EncodeError> {
    if value.len() > MAX_HEADER_VALUE_LEN {
        return Err(EncodeError::HeaderValueTooLong {
            name: name.to_owned(),
            len: value.len(),
        });
    }
    out.extend_from_slice(&(value.len() as u16).to_be_bytes());
    out.extend_from_slice(value);
    Ok(())
}
