//! Calling operations with event streams: [`invoke_event_stream`] (the output holds a stream,
//! and the input may too: bidirectional) and [`invoke_input_stream`] (only the input does).
//!
//! # The request of an input stream
//! The protocol serializes the input's other members as for any call (restJson1: labels, query
//! and headers, the initial request; awsJson: a JSON document, which becomes the payload of the
//! first event, `initial-request`). The body is then the stream of frames:
//! `Content-Type: application/vnd.amazon.eventstream`, no `Content-Length` (chunked on
//! HTTP/1.1, plain DATA frames on HTTP/2). Under SigV4 the request is signed with the payload
//! hash `STREAMING-AWS4-HMAC-SHA256-EVENTS` (also sent as `x-amz-content-sha256`, as the AWS
//! SDKs for Java, JavaScript and Go do), and its signature seeds the chain of frame signatures
//! ([`EventSigner`]); other auth schemes send the frames unsigned.
//!
//! # One attempt
//! The events are a one-shot stream handed to the first attempt, so a call with an input
//! stream is never retried: a failure is returned as it happened.
//!
//! # Bidirectional streams
//! `send()` returns as soon as the response head arrives, while the transport keeps sending the
//! input frames (HTTP/2 does both at once; Transcribe streaming requires it). The attempt
//! timeout covers only the wait for that head.

use std::sync::Mutex;

use bytes::Bytes;
use http::HeaderValue;

use super::{ClientHandle, PreparedCall, RequestExtras, SetRequestId};
use crate::config::CallOptions;
use crate::error::{ConstructionError, ParseServiceError, SdkError};
use crate::event_stream::{
    EventSigner, HeaderValue as FrameHeader, Message, MessageStream, frames, names,
};
use crate::protocol::{ParseResponse, SerializeRequest};
use crate::service::OperationMeta;
use crate::time::SharedTimeSource;
use crate::transport::SdkBody;

/// The `:event-type` of the RPC protocols' first input event, which carries the input's other
/// members.
pub const INITIAL_REQUEST: &str = "initial-request";

/// An operation's input event stream, as generated code hands it to the client: the events
/// already marshalled into messages.
pub struct InputEventStream {
    messages: MessageStream,
    initial_request: bool,
}

impl std::fmt::Debug for InputEventStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InputEventStream")
            .field("initial_request", &self.initial_request)
            .finish_non_exhaustive()
    }
}

impl InputEventStream {
    /// The messages to send, in order.
    pub fn new(messages: MessageStream) -> Self {
        Self {
            messages,
            initial_request: false,
        }
    }

    /// Sends the serialized input document first, as the `initial-request` event (awsJson and
    /// the other RPC protocols, which have no HTTP bindings for the input's other members).
    pub fn with_initial_request(mut self) -> Self {
        self.initial_request = true;
        self
    }
}

/// The stream of a prepared call, until the attempt that sends it takes it.
pub(super) struct PreparedStream {
    parts: Mutex<Option<(MessageStream, Option<Message>)>>,
}

impl PreparedStream {
    /// The request body: the frames, signed by `signer` when given. Once only.
    pub(super) fn body(
        &self,
        signer: Option<(EventSigner, SharedTimeSource)>,
    ) -> Result<SdkBody, ConstructionError> {
        let taken = self
            .parts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        let (messages, initial) = taken
            .ok_or_else(|| ConstructionError::new("an input event stream can be sent only once"))?;
        Ok(SdkBody::from_stream(
            frames(messages, initial, signer),
            None,
        ))
    }
}

/// Turns a prepared call into one whose body is `stream`: the serialized body becomes the
/// `initial-request` event (or is dropped: HTTP-binding protocols have none beside the stream),
/// and the request says it carries an event stream.
pub(super) fn prepare(
    call: &mut PreparedCall,
    stream: InputEventStream,
) -> Result<(), ConstructionError> {
    let body = std::mem::take(&mut call.body);
    let initial = stream
        .initial_request
        .then(|| initial_request(&call.headers, body));
    call.content_encoding = None;
    call.checksum = None;
    call.headers.insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static(crate::event_stream::CONTENT_TYPE),
    );
    call.input_stream = Some(PreparedStream {
        parts: Mutex::new(Some((stream.messages, initial))),
    });
    Ok(())
}

/// The `initial-request` event: the protocol's document of the input's other members.
fn initial_request(headers: &http::HeaderMap, body: Bytes) -> Message {
    let content_type = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json")
        .to_owned();
    // An input with no other members still sends `{}`: the event announces the stream.
    let body = if body.is_empty() {
        Bytes::from_static(b"{}")
    } else {
        body
    };
    Message::new(body)
        .with_header(names::MESSAGE_TYPE, FrameHeader::String("event".into()))
        .with_header(
            names::EVENT_TYPE,
            FrameHeader::String(INITIAL_REQUEST.into()),
        )
        .with_header(names::CONTENT_TYPE, FrameHeader::String(content_type))
}

/// Calls an operation whose output holds an event stream: like
/// [`invoke_with`](super::invoke_with), but a 2xx response body is not read. The output is
/// parsed from the status and headers (restJson1's initial response), and the body is returned
/// for an [`EventReceiver`](crate::event_stream::EventReceiver). Error responses are read whole
/// and parsed as for any call. With `input_stream`, the request body is that stream
/// (bidirectional), and the call returns once the response head arrived, while the input is
/// still being sent.
///
/// The attempt timeout covers only the wait for the response head: the stream itself may
/// last as long as the service keeps it open.
pub async fn invoke_event_stream<I, O, E>(
    handle: &ClientHandle,
    op: &'static OperationMeta,
    input: &I,
    options: &CallOptions,
    extras: &RequestExtras,
    input_stream: Option<InputEventStream>,
) -> Result<(O, SdkBody), SdkError<E>>
where
    I: SerializeRequest + ?Sized,
    O: ParseResponse + SetRequestId,
    E: ParseServiceError,
{
    let (output, body) =
        super::invoke::call(handle, op, input, options, extras, true, input_stream).await?;
    Ok((output, body.unwrap_or_default()))
}

/// Calls an operation whose input (only) holds an event stream: the request body is
/// `input_stream`, and the response is read whole once the service sent it (usually after the
/// input stream ended) and parsed as for any call. An attempt timeout, if configured, covers
/// this whole exchange (the events included).
pub async fn invoke_input_stream<I, O, E>(
    handle: &ClientHandle,
    op: &'static OperationMeta,
    input: &I,
    options: &CallOptions,
    extras: &RequestExtras,
    input_stream: InputEventStream,
) -> Result<O, SdkError<E>>
where
    I: SerializeRequest + ?Sized,
    O: ParseResponse + SetRequestId,
    E: ParseServiceError,
{
    super::invoke::call(
        handle,
        op,
        input,
        options,
        extras,
        false,
        Some(input_stream),
    )
    .await
    .map(|(output, _)| output)
}
