//! The client core's streaming paths: a `@streaming` request payload sent as it is read (once
//! per attempt, which decides whether a failed call may be retried), and the entry points of
//! operations whose input or output payload is a [`ByteStream`].
//!
//! Uploads: bytes in memory and files ([`ByteStream::from_path`]) can be sent again, so their
//! calls retry as any other; a one-shot stream ([`ByteStream::from_reader`], any `Stream`) is
//! read by the first attempt, so a call that sent one is never retried. `Content-Length` is
//! sent whenever the length is known; without it the transport uses chunked transfer encoding,
//! which `@requiresLength` operations (and most AWS services) refuse, so those fail before
//! sending. A flexible checksum (`@httpChecksum`) of a stream is computed while it is sent and
//! carried in an aws-chunked trailer, so the body is read once.
//!
//! Downloads: the 2xx body is handed to the output unread (see
//! [`TransportSettings::stream_response`](crate::transport::TransportSettings)), wrapped so its
//! response checksum is checked at its end; error responses are read whole (bounded) and parsed
//! as for any call.

use std::sync::Mutex;

use http::header::CONTENT_LENGTH;
use http::{HeaderMap, HeaderName, HeaderValue, Method};

use super::{ClientHandle, RequestExtras, SetRequestId};
use crate::ByteStream;
use crate::checksum::ChecksumAlgorithm;
use crate::config::CallOptions;
use crate::error::{ConstructionError, ParseServiceError, ResponseError, SdkError};
use crate::protocol::{ParseResponse, SerializeRequest};
use crate::service::OperationMeta;
use crate::transport::SdkBody;

/// The `@streaming` payload of an operation's input, taken out of the input by generated code
/// (a stream is read once, so it cannot stay behind a shared reference).
#[derive(Debug)]
pub struct StreamingPayload {
    body: ByteStream,
    content_type: &'static str,
    requires_length: bool,
}

impl StreamingPayload {
    /// `body`, sent with `content_type` (the payload's `@mediaType`, else
    /// `application/octet-stream`) when it is not empty.
    pub fn new(body: ByteStream, content_type: &'static str) -> Self {
        Self {
            body,
            content_type,
            requires_length: false,
        }
    }

    /// `@requiresLength`: a body whose length is unknown fails before anything is sent.
    pub fn requires_length(mut self, requires: bool) -> Self {
        self.requires_length = requires;
        self
    }
}

/// Headers a body's framing needs (`(name, value)`; empty when the body is sent as is).
pub(super) type FramingHeaders = Vec<(&'static str, String)>;

/// A streamed request body, as the attempts of one call see it.
pub(super) struct StreamBody {
    /// The body the caller gave. A replayable body stays here and each attempt sends a fresh
    /// copy; a one-shot body is taken by the first attempt.
    body: Mutex<Option<SdkBody>>,
    replayable: bool,
    length: Option<u64>,
    /// The flexible checksum to compute while sending, carried in an aws-chunked trailer.
    pub(super) trailer_checksum: Option<ChecksumAlgorithm>,
}

impl StreamBody {
    pub(super) fn new(body: SdkBody) -> Self {
        Self {
            replayable: body.try_clone().is_some(),
            length: body.content_length(),
            body: Mutex::new(Some(body)),
            trailer_checksum: None,
        }
    }

    /// Whether a failed attempt may be followed by another (the body can be sent again).
    pub(super) fn replayable(&self) -> bool {
        self.replayable
    }

    /// A copy of the body from its start (to hash it before sending), `None` for a one-shot
    /// stream.
    pub(super) fn try_copy(&self) -> Option<SdkBody> {
        let slot = self
            .body
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        slot.as_ref().and_then(SdkBody::try_clone)
    }

    /// The body's length, when known (sent as `Content-Length`).
    pub(super) fn length(&self) -> Option<u64> {
        self.length
    }

    /// The body one attempt sends, framed as aws-chunked when a trailer checksum is due, and
    /// the headers that framing needs.
    pub(super) fn for_attempt(&self) -> Result<(SdkBody, FramingHeaders), ConstructionError> {
        let mut slot = self
            .body
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let body = if self.replayable {
            slot.as_ref().and_then(SdkBody::try_clone)
        } else {
            slot.take()
        };
        let body = body.ok_or_else(|| {
            ConstructionError::new(
                "the request body is a one-shot stream that an earlier attempt already sent",
            )
        })?;
        match self.trailer_checksum {
            None => Ok((body, Vec::new())),
            Some(algorithm) => {
                let (body, headers) = crate::checksum::aws_chunked(body, algorithm)?;
                Ok((body, headers.pairs().to_vec()))
            }
        }
    }
}

/// The body of one attempt, and its length headers: a body-less GET sends no
/// `Content-Length`; anything with a body (or a method that expects one) states its length; a
/// stream of unknown length goes out chunked; an aws-chunked stream states its framing.
pub(super) fn attempt_body(
    call: &super::PreparedCall,
    headers: &mut HeaderMap,
) -> Result<SdkBody, ConstructionError> {
    let Some(stream) = &call.stream else {
        if !call.body.is_empty() || !matches!(call.method, Method::GET | Method::HEAD) {
            headers.insert(CONTENT_LENGTH, HeaderValue::from(call.body.len()));
        }
        return Ok(SdkBody::from(call.body.clone()));
    };
    if let Some(length) = stream.length() {
        headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
    }
    let (body, framing) = stream.for_attempt()?;
    apply_framing_headers(headers, framing)?;
    Ok(body)
}

/// Sets the aws-chunked headers on an attempt's request: `content-encoding` is appended to an
/// existing value (`gzip, aws-chunked`), the others replace any value.
fn apply_framing_headers(
    headers: &mut HeaderMap,
    pairs: FramingHeaders,
) -> Result<(), ConstructionError> {
    for (name, value) in pairs {
        let name = HeaderName::from_static(name);
        if name == http::header::CONTENT_ENCODING
            && let Some(existing) = headers
                .get(&name)
                .and_then(|v| v.to_str().ok())
                .filter(|v| !v.is_empty())
        {
            let joined = format!("{existing}, {value}");
            let joined = HeaderValue::from_str(&joined)
                .map_err(|_| ConstructionError::new("invalid Content-Encoding"))?;
            headers.insert(name, joined);
            continue;
        }
        let value = HeaderValue::from_str(&value)
            .map_err(|_| ConstructionError::new(format!("invalid {name} header")))?;
        headers.insert(name, value);
    }
    Ok(())
}

/// Calls an operation whose input or output payload is a `@streaming` blob: `payload` (taken
/// from the input by generated code) is attached to the serialized request, and with
/// `stream_output` the 2xx body is returned unread for the output's [`ByteStream`] (status and
/// header bindings are parsed into `O` as usual; error responses are read whole and parsed as
/// errors). Without `stream_output` the returned body is empty.
///
/// A call that sent a one-shot stream is not retried (the stream is gone). The attempt timeout
/// covers the upload and the wait for the response head, not the reading of a streamed
/// response body.
pub async fn invoke_streaming<I, O, E>(
    handle: &ClientHandle,
    op: &'static OperationMeta,
    input: &I,
    payload: Option<StreamingPayload>,
    stream_output: bool,
    options: &CallOptions,
    extras: &RequestExtras,
) -> Result<(O, ByteStream), SdkError<E>>
where
    I: SerializeRequest + ?Sized,
    O: ParseResponse + SetRequestId,
    E: ParseServiceError,
{
    let construction = |e: ConstructionError| SdkError::Construction(e.for_operation(op.name));
    let mut request = input.serialize_request().map_err(construction)?;
    if let Some(payload) = payload {
        if payload.requires_length && payload.body.content_length().is_none() {
            return Err(construction(ConstructionError::new(
                "the operation requires the length of its streaming body (@requiresLength), \
                 and this body's length is unknown: use ByteStream::from_path, from_reader \
                 with its length, or bytes in memory",
            )));
        }
        request
            .stream_body(payload.body, payload.content_type)
            .map_err(construction)?;
    }
    let ok = match handle
        .dispatch(op, request, options, extras, stream_output, None)
        .await
    {
        Ok(ok) => ok,
        Err(failure) => return Err(failure.into_sdk_error(op)),
    };
    let body = ByteStream::new(ok.stream.unwrap_or_default());
    match O::parse_response(&ok.raw) {
        Ok(mut output) => {
            output.set_request_id(ok.raw.request_id().map(str::to_owned));
            Ok((output, body))
        }
        Err(e) => Err(SdkError::Response(ResponseError::new(
            op.name, ok.attempt, ok.raw, e,
        ))),
    }
}
