//! Building an event's message, for generated marshallers: the protocol headers, then the
//! `@eventHeader` members as typed headers, and the payload.

use bytes::Bytes;

use super::info::names;
use super::message::{HeaderValue, Message};
use crate::json::JsonWriter;
use crate::transport::BoxError;

/// The message of an event of type `event_type` (the union member's name) with `payload`:
/// `:message-type: event`, `:event-type` and, when the event has a payload, its
/// `:content-type`, in that order (the order of the official protocol tests' frames).
pub fn event_message(event_type: &str, content_type: Option<&str>, payload: Bytes) -> Message {
    let message = Message::new(payload)
        .with_header(names::MESSAGE_TYPE, HeaderValue::String("event".to_owned()))
        .with_header(
            names::EVENT_TYPE,
            HeaderValue::String(event_type.to_owned()),
        );
    match content_type {
        Some(content_type) => message.with_header(
            names::CONTENT_TYPE,
            HeaderValue::String(content_type.to_owned()),
        ),
        None => message,
    }
}

/// The message of a modeled exception the client sends on its input stream (the union member
/// `exception_type`, an `@error` structure): `:message-type: exception`, `:exception-type` and
/// `:content-type`, then the error structure as `payload` (the order of the official protocol
/// tests' frames).
pub fn exception_message(exception_type: &str, content_type: &str, payload: Bytes) -> Message {
    Message::new(payload)
        .with_header(
            names::MESSAGE_TYPE,
            HeaderValue::String("exception".to_owned()),
        )
        .with_header(
            names::EXCEPTION_TYPE,
            HeaderValue::String(exception_type.to_owned()),
        )
        .with_header(
            names::CONTENT_TYPE,
            HeaderValue::String(content_type.to_owned()),
        )
}

/// A byte-array header value (an `@eventHeader` blob).
pub fn blob_header(bytes: &[u8]) -> HeaderValue {
    HeaderValue::ByteArray(Bytes::copy_from_slice(bytes))
}

/// Bytes as a payload (an `@eventPayload` blob or string).
pub fn bytes_payload(bytes: &[u8]) -> Bytes {
    Bytes::copy_from_slice(bytes)
}

/// A written JSON document as a payload, or the reason it could not be written (an unknown
/// union member, a non-finite number where JSON has none...).
pub fn json_payload(w: JsonWriter) -> Result<Bytes, BoxError> {
    if let Some(reason) = w.error() {
        return Err(format!("the event cannot be written: {reason}").into());
    }
    Ok(Bytes::from(w.into_bytes()))
}

/// The error for an `Unknown` union value, which has nothing to send.
pub fn unknown_event(name: &str) -> BoxError {
    format!("cannot send the unknown event `{name}`").into()
}
