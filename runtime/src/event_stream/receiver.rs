//! Receiving an event stream: a response body read chunk by chunk through the
//! [`FrameDecoder`], each message turned into a typed event by the generated code.
//!
//! The work is done once, non-generically, in [`MessageReceiver`] (body chunks to messages,
//! with typed errors for every framing problem). [`EventReceiver`] is the generic shell the
//! generated code hands out: it only calls the operation's unmarshaller, a plain `fn`, on each
//! message, so a crate with many event-stream operations does not monomorphise the decoding
//! loop once per operation.

use std::fmt;
use std::future::poll_fn;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::decode::{DecodeError, FrameDecoder};
use super::info::{InvalidMessageHeaders, MessageKind};
use super::message::Message;
use crate::json::DeserializeError;
use crate::transport::{BoxError, SdkBody};

/// Why a stream of messages could not be read: the frames are invalid, or the body failed.
/// Both are final.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReceiveError {
    /// The bytes are not valid frames (a bad CRC, a lying length, a frame over the limit, a
    /// truncated frame, an unknown header type...).
    Frame(DecodeError),
    /// Reading the response body failed (the connection broke, a timeout).
    Body(BoxError),
}

impl fmt::Display for ReceiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReceiveError::Frame(e) => write!(f, "invalid event-stream frame: {e}"),
            ReceiveError::Body(e) => write!(f, "reading the event stream failed: {e}"),
        }
    }
}

impl std::error::Error for ReceiveError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReceiveError::Frame(e) => Some(e),
            ReceiveError::Body(e) => Some(&**e),
        }
    }
}

/// Reads messages from a body stream. Memory is bounded by the decoder's frame limit (16 MiB by
/// default) plus one body chunk: the decoder rejects a larger frame from its prelude.
pub struct MessageReceiver {
    body: SdkBody,
    decoder: FrameDecoder,
    /// The body ended (or an error was returned): every later call returns `Ok(None)`.
    done: bool,
}

impl fmt::Debug for MessageReceiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MessageReceiver")
            .field("buffered", &self.decoder.buffered_len())
            .field("done", &self.done)
            .finish()
    }
}

impl MessageReceiver {
    /// Reads `body` with the default 16 MiB frame limit.
    pub fn new(body: SdkBody) -> Self {
        Self::with_decoder(body, FrameDecoder::new())
    }

    /// Reads `body` with a decoder of your choice (another frame limit).
    pub fn with_decoder(body: SdkBody, decoder: FrameDecoder) -> Self {
        Self {
            body,
            decoder,
            done: false,
        }
    }

    /// The next message; `Ok(None)` at the clean end of the body. After an error, the stream is
    /// over (`Ok(None)` from then on).
    pub fn poll_message(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Result<Option<Message>, ReceiveError>> {
        if self.done {
            return Poll::Ready(Ok(None));
        }
        loop {
            match self.decoder.next_message() {
                Ok(Some(message)) => return Poll::Ready(Ok(Some(message))),
                Ok(None) => {}
                Err(e) => return Poll::Ready(self.fail(ReceiveError::Frame(e))),
            }
            match Pin::new(&mut self.body).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => self.decoder.push(&chunk),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(self.fail(ReceiveError::Body(e))),
                Poll::Ready(None) => {
                    self.done = true;
                    return Poll::Ready(match self.decoder.finish() {
                        Ok(()) => Ok(None),
                        Err(e) => Err(ReceiveError::Frame(e)),
                    });
                }
            }
        }
    }

    /// The next message; `Ok(None)` at the end.
    pub async fn recv(&mut self) -> Result<Option<Message>, ReceiveError> {
        poll_fn(|cx| self.poll_message(cx)).await
    }

    fn fail(&mut self, e: ReceiveError) -> Result<Option<Message>, ReceiveError> {
        self.done = true;
        Err(e)
    }
}

/// Why an event stream ended in an error. `E` is the operation's modeled event-stream error
/// (the union's error members).
#[derive(Debug)]
#[non_exhaustive]
pub enum EventStreamError<E> {
    /// The service sent a modeled exception event.
    Modeled(E),
    /// The service sent an error it did not model: an `error` message, or an `exception` whose
    /// type the client does not know.
    Unmodeled {
        /// The error code (`:error-code`, or the unknown `:exception-type`).
        code: Option<String>,
        /// The message (`:error-message`, or the exception's `message` when readable).
        message: Option<String>,
    },
    /// The frames could not be read.
    Receive(ReceiveError),
    /// A message's protocol headers are missing or malformed.
    Headers(InvalidMessageHeaders),
    /// An event's payload or headers could not be read as its member.
    Deserialize(DeserializeError),
}

impl<E: fmt::Display> fmt::Display for EventStreamError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventStreamError::Modeled(e) => write!(f, "the service sent an error event: {e}"),
            EventStreamError::Unmodeled { code, message } => write!(
                f,
                "the service sent an error event: {}: {}",
                code.as_deref().unwrap_or("(no code)"),
                message.as_deref().unwrap_or("(no message)")
            ),
            EventStreamError::Receive(e) => e.fmt(f),
            EventStreamError::Headers(e) => write!(f, "invalid event message: {e}"),
            EventStreamError::Deserialize(e) => write!(f, "unreadable event: {e}"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for EventStreamError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EventStreamError::Modeled(e) => Some(e),
            EventStreamError::Unmodeled { .. } => None,
            EventStreamError::Receive(e) => Some(e),
            EventStreamError::Headers(e) => Some(e),
            EventStreamError::Deserialize(e) => Some(e),
        }
    }
}

impl<E> From<ReceiveError> for EventStreamError<E> {
    fn from(e: ReceiveError) -> Self {
        EventStreamError::Receive(e)
    }
}

impl<E> From<InvalidMessageHeaders> for EventStreamError<E> {
    fn from(e: InvalidMessageHeaders) -> Self {
        EventStreamError::Headers(e)
    }
}

impl<E> From<DeserializeError> for EventStreamError<E> {
    fn from(e: DeserializeError) -> Self {
        EventStreamError::Deserialize(e)
    }
}

impl<E> EventStreamError<E> {
    /// The error for an `error` message, or for an `exception` the unmarshaller does not know.
    pub fn unmodeled(message: &Message) -> Self {
        match message.info() {
            Ok(info) => match info.kind {
                MessageKind::Error { code, message } => EventStreamError::Unmodeled {
                    code: code.map(str::to_owned),
                    message: message.map(str::to_owned),
                },
                MessageKind::Exception { exception_type } => EventStreamError::Unmodeled {
                    code: Some(exception_type.to_owned()),
                    message: None,
                },
                MessageKind::Event { event_type } => EventStreamError::Unmodeled {
                    code: Some(event_type.to_owned()),
                    message: None,
                },
            },
            Err(e) => EventStreamError::Headers(e),
        }
    }
}

/// The `:event-type` of awsJson's initial response.
pub const INITIAL_RESPONSE: &str = "initial-response";

/// Turns one message into an event. Generated per event-stream union; an unknown event type
/// yields the union's `Unknown` variant (the stream goes on), an exception yields an error
/// (the stream ends).
pub type Unmarshaller<T, E> = fn(Message) -> Result<T, EventStreamError<E>>;

/// A typed stream of events received from the service.
///
/// Read it with [`recv`](Self::recv) or as a [`Stream`]. The first error ends the stream:
/// afterwards `recv` returns `Ok(None)` and the `Stream` ends.
pub struct EventReceiver<T, E> {
    messages: MessageReceiver,
    unmarshal: Unmarshaller<T, E>,
    /// A message read before the receiver was handed out (awsJson's `initial-response` is
    /// read ahead; an event in its place is kept here).
    pending: Option<Message>,
    /// awsJson: the first message may be the `initial-response` event (the output's other
    /// members), which is not an event of the union.
    initial_response: InitialResponse,
    done: bool,
}

/// Where the receiver is with awsJson's `initial-response` event.
#[derive(Debug)]
enum InitialResponse {
    /// Not expected (restJson1 sends the initial response in HTTP headers).
    NotExpected,
    /// Expected as the first message, not read yet.
    Expected,
    /// Read: its payload (the JSON of the output's non-stream members), or `None` when the
    /// first message was already an event.
    Read(Option<bytes::Bytes>),
}

impl<T, E> fmt::Debug for EventReceiver<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventReceiver")
            .field("messages", &self.messages)
            .field("done", &self.done)
            .finish()
    }
}

impl<T, E> EventReceiver<T, E> {
    /// A receiver of the messages of `messages`, each turned into an event by `unmarshal`.
    pub fn new(messages: MessageReceiver, unmarshal: Unmarshaller<T, E>) -> Self {
        Self {
            messages,
            unmarshal,
            pending: None,
            initial_response: InitialResponse::NotExpected,
            done: false,
        }
    }

    /// Expects awsJson's `initial-response` event first: it is taken out of the stream (see
    /// [`initial_response`](Self::initial_response)) instead of being returned as an event.
    pub fn expecting_initial_response(mut self) -> Self {
        self.initial_response = InitialResponse::Expected;
        self
    }

    /// The payload of the `initial-response` event once it was read (a JSON document of the
    /// output's non-stream members); `None` before the first event or when none was sent.
    pub fn initial_response(&self) -> Option<&bytes::Bytes> {
        match &self.initial_response {
            InitialResponse::Read(payload) => payload.as_ref(),
            _ => None,
        }
    }

    /// A receiver over a response body (16 MiB frame limit).
    pub fn from_body(body: SdkBody, unmarshal: Unmarshaller<T, E>) -> Self {
        Self::new(MessageReceiver::new(body), unmarshal)
    }

    /// Puts back a message that was read ahead; it is the next one returned.
    pub fn with_pending(mut self, message: Message) -> Self {
        self.pending = Some(message);
        self
    }

    /// The next event; `Ok(None)` when the service ended the stream.
    pub async fn recv(&mut self) -> Result<Option<T>, EventStreamError<E>> {
        poll_fn(|cx| self.poll_event(cx)).await
    }

    /// The next event, polled.
    pub fn poll_event(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Result<Option<T>, EventStreamError<E>>> {
        if self.done {
            return Poll::Ready(Ok(None));
        }
        let message = loop {
            let message = match self.pending.take() {
                Some(m) => m,
                None => match self.messages.poll_message(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Ok(Some(m))) => m,
                    Poll::Ready(Ok(None)) => {
                        self.done = true;
                        return Poll::Ready(Ok(None));
                    }
                    Poll::Ready(Err(e)) => {
                        self.done = true;
                        return Poll::Ready(Err(e.into()));
                    }
                },
            };
            if matches!(self.initial_response, InitialResponse::Expected) {
                let initial = matches!(
                    message.info().map(|i| i.kind),
                    Ok(MessageKind::Event {
                        event_type: INITIAL_RESPONSE
                    })
                );
                if initial {
                    self.initial_response = InitialResponse::Read(Some(message.into_payload()));
                    continue;
                }
                self.initial_response = InitialResponse::Read(None);
            }
            break message;
        };
        let event = (self.unmarshal)(message);
        if event.is_err() {
            self.done = true;
        }
        Poll::Ready(event.map(Some))
    }

    /// The message-level receiver underneath (for reading ahead an initial response).
    pub fn messages_mut(&mut self) -> &mut MessageReceiver {
        &mut self.messages
    }
}

impl<T, E> Stream for EventReceiver<T, E> {
    type Item = Result<T, EventStreamError<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        // `EventReceiver` is `Unpin`: every field is.
        let this = self.get_mut();
        this.poll_event(cx).map(Result::transpose)
    }
}
