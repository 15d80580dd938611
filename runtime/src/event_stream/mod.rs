//! The AWS event-stream frame codec (`application/vnd.amazon.eventstream`), which carries the
//! events of streaming operations (Bedrock ConverseStream, Transcribe, Kinesis SubscribeToShard,
//! ...) in both directions.
//!
//! # The format
//! Each message is one self-delimiting binary frame, all integers big-endian:
//!
//! ```text
//! total_len u32 | headers_len u32 | prelude_crc u32 | headers | payload | message_crc u32
//! ```
//!
//! `total_len` counts the whole frame, the 16 framing bytes included. Both CRCs are CRC-32
//! (IEEE, as in zlib): the prelude CRC covers the first 8 bytes, the message CRC everything
//! before it. Each header is `name_len u8 | name | type u8 | value`, with ten value types:
//! true (0) and false (1) with no value bytes, byte (2), int16 (3), int32 (4), int64 (5), byte
//! array (6) and string (7) with a u16 length, timestamp (8, i64 milliseconds since the epoch)
//! and uuid (9, 16 bytes). The payload is opaque here; the protocol decides how to read it from
//! the `:content-type` and `@eventPayload` rules ([`MessageInfo`] reads the protocol headers).
//!
//! # Limits, and why
//! - [`FrameDecoder`] rejects frames over [`DEFAULT_MAX_FRAME_LEN`] (16 MiB, configurable), the
//!   message limit of the AWS CRT's event-stream library, as soon as the 12-byte prelude has
//!   arrived: a lying length never makes us buffer its body. The prelude CRC is checked before
//!   either length is believed, then `total_len >= 16` and `headers_len <= total_len - 16`.
//! - Nothing is reserved for an announced length, so memory follows the bytes received; the
//!   decoder holds at most the unread part of what was pushed.
//! - The encoder keeps to the spec's limits for what a service accepts (headers up to
//!   [`MAX_HEADERS_LEN`], payload up to [`MAX_PAYLOAD_LEN`]) and to the `i16::MAX` value length
//!   the AWS implementations use ([`MAX_HEADER_VALUE_LEN`]).
//!
//! # Why our own codec
//! The smithy-rs project publishes `aws-smithy-eventstream`, and `aws-sigv4`'s
//! `sign-eventstream` feature depends on it, so using it would cost no extra crate once event
//! signing is enabled. It was still not taken: its incremental `MessageFrameDecoder` waits for
//! the whole frame the prelude announces before checking the prelude CRC, with no size limit, so
//! one corrupted or hostile length makes the caller buffer up to 4 GiB; and its 0.x message types
//! (from `aws-smithy-types`) would become part of this crate's API and change with smithy-rs
//! releases. The format is small and fixed; a few hundred lines over `crc32fast` (already in the
//! build through flate2) check the prelude first, cap the frame size and give typed errors for
//! every hostile case. Event signing ([`EventSigner`]) computes the SigV4 chain over `aws-sigv4`'s
//! primitives rather than through its `sign-eventstream` feature, for the same reason.
//!
//! # Streams
//! [`EventReceiver`] reads a response body incrementally into typed events (a generated
//! unmarshaller per event-stream union); [`EventStreamSender`] turns any `Stream` of events into
//! messages (a generated marshaller per union, built with [`event_message`]) and [`frames`]
//! turns those into a request body of (signed) frames, which
//! [`client::invoke_input_stream`](crate::client::invoke_input_stream) sends.

mod decode;
mod encode;
mod event_fields;
mod event_message;
mod info;
mod message;
mod receiver;
mod sender;
mod signer;

pub use decode::{DecodeError, FrameDecoder, decode_frame};
pub use encode::{EncodeError, MAX_HEADER_VALUE_LEN, encode_message, write_message};
pub use event_fields::{
    empty_document, header_blob, header_bool, header_byte, header_integer, header_long,
    header_short, header_string, header_timestamp, payload_blob, payload_document, payload_text,
};
pub use event_message::{
    blob_header, bytes_payload, event_message, exception_message, json_payload, unknown_event,
};
pub use info::{InvalidMessageHeaders, MessageInfo, MessageKind, names};
pub use message::{Header, HeaderValue, Message};
pub use receiver::{
    EventReceiver, EventStreamError, INITIAL_RESPONSE, MessageReceiver, ReceiveError, Unmarshaller,
};
pub use sender::{ErrorMarshaller, EventStreamSender, Marshaller, MessageStream, frames};
pub use signer::{CHUNK_SIGNATURE_HEADER, DATE_HEADER, EventSigner, seed_signature};

/// The media type of an event stream.
pub const CONTENT_TYPE: &str = "application/vnd.amazon.eventstream";

/// Largest frame [`FrameDecoder::new`] accepts: 16 MiB, as in the AWS CRT's event-stream
/// library. Larger frames are treated as corrupt framing, not buffered.
pub const DEFAULT_MAX_FRAME_LEN: u32 = 16 * 1024 * 1024;

/// Largest encoded headers section the encoder writes (the spec's service-side limit, 128 KiB).
pub const MAX_HEADERS_LEN: usize = 128 * 1024;

/// Largest payload the encoder writes (the spec's service-side limit, 24 MiB).
pub const MAX_PAYLOAD_LEN: usize = 24 * 1024 * 1024;

/// Prelude: total length, headers length, prelude CRC.
const PRELUDE_LEN: usize = 12;
/// Trailer: the message CRC.
const TRAILER_LEN: usize = 4;
/// A frame with no headers and no payload.
const MIN_FRAME_LEN: usize = PRELUDE_LEN + TRAILER_LEN;

/// Header value type codes.
mod types {
    pub const TRUE: u8 = 0;
    pub const FALSE: u8 = 1;
    pub const BYTE: u8 = 2;
    pub const INT16: u8 = 3;
    pub const INT32: u8 = 4;
    pub const INT64: u8 = 5;
    pub const BYTE_ARRAY: u8 = 6;
    pub const STRING: u8 = 7;
    pub const TIMESTAMP: u8 = 8;
    pub const UUID: u8 = 9;
}

#[cfg(test)]
mod stream_tests;
#[cfg(test)]
mod tests;
