//! Frame bytes to messages: an incremental decoder fed with arbitrary chunks.

use std::fmt;

use bytes::{Buf, Bytes, BytesMut};

use super::message::{Header, HeaderValue, Message};
use super::{DEFAULT_MAX_FRAME_LEN, MIN_FRAME_LEN, PRELUDE_LEN, TRAILER_LEN, types};
use crate::json::preview;
use crate::primitives::DateTime;

/// Why the bytes of a stream are not valid event-stream frames. Every error is final: the
/// lengths of later frames cannot be trusted once one frame is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The prelude's CRC does not match its first eight bytes.
    PreludeCrcMismatch {
        /// The CRC in the frame.
        expected: u32,
        /// The CRC of the bytes received.
        computed: u32,
    },
    /// The message CRC does not match the frame.
    MessageCrcMismatch {
        /// The CRC in the frame.
        expected: u32,
        /// The CRC of the bytes received.
        computed: u32,
    },
    /// The total length is below the 16 bytes of prelude and trailer.
    FrameTooShort {
        /// The declared total length.
        total_len: u32,
    },
    /// The headers length does not fit inside the declared total length.
    HeadersLengthExceedsFrame {
        /// The declared headers length.
        headers_len: u32,
        /// The declared total length.
        total_len: u32,
    },
    /// The frame is larger than the decoder's limit (checked before its body is buffered).
    FrameTooLarge {
        /// The declared total length.
        total_len: u32,
        /// The limit.
        max: u32,
    },
    /// The stream ended inside a frame.
    TruncatedFrame {
        /// Bytes of the incomplete frame that were received.
        received: usize,
    },
    /// A header has a value type outside 0..=9.
    UnknownHeaderType {
        /// The header's name (shortened if long).
        name: String,
        /// The type byte.
        type_code: u8,
    },
    /// A header is malformed (empty or non-UTF-8 name, a value running past the headers
    /// section, a non-UTF-8 string value).
    InvalidHeader {
        /// What is wrong.
        reason: &'static str,
    },
    /// The decoder already failed; it does not resynchronise.
    Stopped,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::PreludeCrcMismatch { expected, computed } => write!(
                f,
                "event-stream prelude CRC mismatch (frame says {expected:#010x}, computed {computed:#010x})"
            ),
            DecodeError::MessageCrcMismatch { expected, computed } => write!(
                f,
                "event-stream message CRC mismatch (frame says {expected:#010x}, computed {computed:#010x})"
            ),
            DecodeError::FrameTooShort { total_len } => write!(
                f,
                "event-stream frame declares {total_len} bytes, fewer than the minimum of {MIN_FRAME_LEN}"
            ),
            DecodeError::HeadersLengthExceedsFrame {
                headers_len,
                total_len,
            } => write!(
                f,
                "event-stream frame declares {headers_len} header bytes inside a frame of {total_len}"
            ),
            DecodeError::FrameTooLarge { total_len, max } => write!(
                f,
                "event-stream frame of {total_len} bytes exceeds the limit of {max}"
            ),
            DecodeError::TruncatedFrame { received } => write!(
                f,
                "event stream ended inside a frame ({received} bytes of it received)"
            ),
            DecodeError::UnknownHeaderType { name, type_code } => write!(
                f,
                "event-stream header {name} has unknown value type {type_code}"
            ),
            DecodeError::InvalidHeader { reason } => {
                write!(f, "invalid event-stream header: {reason}")
            }
            DecodeError::Stopped => f.write_str("event-stream decoder stopped after an error"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes a byte stream into messages, whatever the chunking.
///
/// Feed bytes with [`push`](Self::push) and take every complete message out with
/// [`next_message`](Self::next_message) until it returns `Ok(None)`; at the end of the stream,
/// [`finish`](Self::finish) reports a frame left incomplete. Memory: the decoder holds at most the
/// unread part of what was pushed, and a frame is validated (prelude CRC, lengths, size limit) as
/// soon as its 12-byte prelude has arrived, so a frame over the limit is rejected before its body
/// is buffered.
#[derive(Debug)]
pub struct FrameDecoder {
    buf: BytesMut,
    max_frame_len: u32,
    /// The validated total length of the frame at the front of `buf`, once its prelude arrived.
    current_len: Option<usize>,
    failed: bool,
}

impl Default for FrameDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl FrameDecoder {
    /// A decoder with the default frame limit, [`DEFAULT_MAX_FRAME_LEN`] (16 MiB).
    pub fn new() -> Self {
        Self::with_max_frame_len(DEFAULT_MAX_FRAME_LEN)
    }

    /// A decoder that rejects frames longer than `max_frame_len` bytes (prelude and CRCs
    /// included).
    pub fn with_max_frame_len(max_frame_len: u32) -> Self {
        Self {
            buf: BytesMut::new(),
            max_frame_len,
            current_len: None,
            failed: false,
        }
    }

    /// Appends bytes received from the stream.
    pub fn push(&mut self, chunk: &[u8]) {
        if !self.failed {
            self.buf.extend_from_slice(chunk);
        }
    }

    /// Bytes received but not yet returned as messages.
    pub fn buffered_len(&self) -> usize {
        self.buf.len()
    }

    /// The next complete message, `Ok(None)` if more bytes are needed.
    pub fn next_message(&mut self) -> Result<Option<Message>, DecodeError> {
        if self.failed {
            return Err(DecodeError::Stopped);
        }
        self.decode_next().inspect_err(|_| {
            self.failed = true;
            self.buf = BytesMut::new();
        })
    }

    /// Call at the end of the stream: an error if part of a frame is left over.
    pub fn finish(&self) -> Result<(), DecodeError> {
        if self.failed {
            return Err(DecodeError::Stopped);
        }
        match self.buf.len() {
            0 => Ok(()),
            received => Err(DecodeError::TruncatedFrame { received }),
        }
    }

    fn decode_next(&mut self) -> Result<Option<Message>, DecodeError> {
        let total_len = match self.current_len {
            Some(len) => len,
            None => {
                let Some(prelude) = self.buf.get(..PRELUDE_LEN) else {
                    return Ok(None);
                };
                let len = check_prelude(prelude, self.max_frame_len)?;
                self.current_len = Some(len);
                len
            }
        };
        if self.buf.len() < total_len {
            // Nothing is reserved for the announced length: memory follows the bytes that
            // actually arrived, so a peer that announces 16 MiB and stalls costs nothing.
            return Ok(None);
        }
        self.current_len = None;
        let frame = self.buf.split_to(total_len).freeze();
        decode_checked_frame(frame).map(Some)
    }
}

/// Decodes exactly one complete frame (for example a golden test vector).
pub fn decode_frame(frame: &[u8]) -> Result<Message, DecodeError> {
    let mut decoder = FrameDecoder::with_max_frame_len(u32::MAX);
    decoder.push(frame);
    match decoder.next_message()? {
        Some(message) => {
            decoder.finish()?;
            Ok(message)
        }
        None => Err(DecodeError::TruncatedFrame {
            received: frame.len(),
        }),
    }
}

fn be_u32(bytes: &[u8]) -> u32 {
    let mut b = [0u8; 4];
    b.copy_from_slice(&bytes[..4]);
    u32::from_be_bytes(b)
}

/// Validates a 12-byte prelude and returns the frame's total length.
fn check_prelude(prelude: &[u8], max_frame_len: u32) -> Result<usize, DecodeError> {
    let total_len = be_u32(&prelude[0..4]);
    let headers_len = be_u32(&prelude[4..8]);
    let expected = be_u32(&prelude[8..12]);
    // The CRC first: if it is wrong, neither length can be trusted.
    let computed = crc32fast::hash(&prelude[..8]);
    if computed != expected {
        return Err(DecodeError::PreludeCrcMismatch { expected, computed });
    }
    if (total_len as usize) < MIN_FRAME_LEN {
        return Err(DecodeError::FrameTooShort { total_len });
    }
    if headers_len > total_len - MIN_FRAME_LEN as u32 {
        return Err(DecodeError::HeadersLengthExceedsFrame {
            headers_len,
            total_len,
        });
    }
    if total_len > max_frame_len {
        return Err(DecodeError::FrameTooLarge {
            total_len,
            max: max_frame_len,
        });
    }
    Ok(total_len as usize)
}

/// Checks the message CRC of a complete frame whose prelude was validated, then splits it.
fn decode_checked_frame(frame: Bytes) -> Result<Message, DecodeError> {
    let crc_at = frame.len() - TRAILER_LEN;
    let expected = be_u32(&frame[crc_at..]);
    let computed = crc32fast::hash(&frame[..crc_at]);
    if computed != expected {
        return Err(DecodeError::MessageCrcMismatch { expected, computed });
    }
    let headers_end = PRELUDE_LEN + be_u32(&frame[4..8]) as usize;
    let headers = decode_headers(frame.slice(PRELUDE_LEN..headers_end))?;
    Ok(Message::from_parts(
        headers,
        frame.slice(headers_end..crc_at),
    ))
}

fn invalid(reason: &'static str) -> DecodeError {
    DecodeError::InvalidHeader { reason }
}

fn take(buf: &mut Bytes, n: usize) -> Result<Bytes, DecodeError> {
    if buf.len() < n {
        return Err(invalid("a header runs past the end of the headers section"));
    }
    Ok(buf.split_to(n))
}

fn take_array<const N: usize>(buf: &mut Bytes) -> Result<[u8; N], DecodeError> {
    let bytes = take(buf, N)?;
    let mut out = [0u8; N];
    out.copy_from_slice(&bytes);
    Ok(out)
}

fn decode_headers(mut buf: Bytes) -> Result<Vec<Header>, DecodeError> {
    let mut headers = Vec::new();
    while buf.has_remaining() {
        let [name_len] = take_array::<1>(&mut buf)?;
        if name_len == 0 {
            return Err(invalid("empty header name"));
        }
        let name = take(&mut buf, usize::from(name_len))?;
        let name = std::str::from_utf8(&name)
            .map_err(|_| invalid("header name is not UTF-8"))?
            .to_owned();
        let [type_code] = take_array::<1>(&mut buf)?;
        let value = match type_code {
            types::TRUE => HeaderValue::Bool(true),
            types::FALSE => HeaderValue::Bool(false),
            types::BYTE => HeaderValue::Byte(i8::from_be_bytes(take_array(&mut buf)?)),
            types::INT16 => HeaderValue::Int16(i16::from_be_bytes(take_array(&mut buf)?)),
            types::INT32 => HeaderValue::Int32(i32::from_be_bytes(take_array(&mut buf)?)),
            types::INT64 => HeaderValue::Int64(i64::from_be_bytes(take_array(&mut buf)?)),
            types::BYTE_ARRAY => HeaderValue::ByteArray(take_len_prefixed(&mut buf)?),
            types::STRING => {
                let bytes = take_len_prefixed(&mut buf)?;
                let text = std::str::from_utf8(&bytes)
                    .map_err(|_| invalid("string header value is not UTF-8"))?;
                HeaderValue::String(text.to_owned())
            }
            types::TIMESTAMP => {
                let millis = i64::from_be_bytes(take_array(&mut buf)?);
                // rem_euclid keeps the sub-second part counting forward, as DateTime requires.
                HeaderValue::Timestamp(DateTime::from_secs_and_nanos(
                    millis.div_euclid(1000),
                    (millis.rem_euclid(1000) as u32) * 1_000_000,
                ))
            }
            types::UUID => HeaderValue::Uuid(take_array(&mut buf)?),
            other => {
                return Err(DecodeError::UnknownHeaderType {
                    name: preview(&name),
                    type_code: other,
                });
            }
        };
        headers.push(Header { name, value });
    }
    Ok(headers)
}

fn take_len_prefixed(buf: &mut Bytes) -> Result<Bytes, DecodeError> {
    let len = u16::from_be_bytes(take_array(buf)?);
    take(buf, usize::from(len))
}
