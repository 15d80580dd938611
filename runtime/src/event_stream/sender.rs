//! Sending an event stream: any `Stream` of events becomes the request body, one frame per event,
//! each wrapped and signed by an [`EventSigner`] when the request is signed, then the empty signed
//! frame that ends the stream.
//!
//! The work is split like the receiving side: [`EventStreamSender`] is the generic shell an
//! operation's input holds; [`EventStreamSender::into_messages`] marshals its events with the
//! generated `fn` (the only generic step), and [`frames`] encodes and signs any
//! [`MessageStream`] non-generically, so the framing loop is compiled once.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

use super::encode::{EncodeError, write_message};
use super::message::Message;
use super::signer::EventSigner;
use crate::time::{SharedTimeSource, TimeSource as _};
use crate::transport::{BoxByteStream, BoxError};

/// Turns one event into its message. Generated per event-stream union.
pub type Marshaller<T> = fn(&T) -> Result<Message, BoxError>;

/// Turns an error item of the stream into the exception message to send, when the error is one
/// of the stream's modeled exceptions (the generated error enum of the operation's input stream,
/// found by downcasting); `None` for any other error, which aborts the body. Generated per
/// operation.
pub type ErrorMarshaller = fn(&BoxError) -> Option<Result<Message, BoxError>>;

/// A stream of messages to send (events already marshalled), or the error that ends it.
pub type MessageStream = Pin<Box<dyn Stream<Item = Result<Message, BoxError>> + Send + 'static>>;

type EventStream<T> = Pin<Box<dyn Stream<Item = Result<T, BoxError>> + Send + 'static>>;

/// An input event stream, as an operation's input holds it: any stream of events, encoded when
/// the request is sent.
///
/// Build it from a `Stream` of `Result<Event, E>` with `From`/`into()`, or from a `Stream` of
/// plain events with [`new`](Self::new). An `Err` item that is the operation's generated input
/// stream error (a modeled exception, like smithy-rs' error marshaller) is sent as an
/// `exception` message, and the stream ends after it; any other error ends the request body with
/// that error, which aborts the HTTP request.
pub struct EventStreamSender<T> {
    events: EventStream<T>,
}

impl<T> fmt::Debug for EventStreamSender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventStreamSender")
    }
}

impl<T: Send + 'static> EventStreamSender<T> {
    /// The events of `events`, sent in order as they arrive.
    pub fn new(events: impl Stream<Item = T> + Send + 'static) -> Self {
        Self {
            events: Box::pin(Infallible(Box::pin(events))),
        }
    }

    /// No events: the body is only the end of the stream.
    pub fn empty() -> Self {
        Self::from_iter(Vec::new())
    }

    /// The events as messages, each marshalled by `marshal` when it arrives (every error item
    /// ends the stream with that error).
    pub fn into_messages(self, marshal: Marshaller<T>) -> MessageStream {
        Box::pin(Marshalled {
            events: self.events,
            marshal,
            marshal_error: None,
            ended: false,
        })
    }

    /// The events as messages, like [`into_messages`](Self::into_messages), except that an
    /// error item `marshal_error` recognizes (a modeled exception) is sent as its message,
    /// after which the stream ends.
    pub fn into_messages_with_errors(
        self,
        marshal: Marshaller<T>,
        marshal_error: ErrorMarshaller,
    ) -> MessageStream {
        Box::pin(Marshalled {
            events: self.events,
            marshal,
            marshal_error: Some(marshal_error),
            ended: false,
        })
    }

    /// The frames of the body: each event marshalled, encoded and (with `signer`) wrapped in a
    /// signed frame dated by `time`; after the last event, the signed end frame.
    pub fn into_body(
        self,
        marshal: Marshaller<T>,
        signer: Option<(EventSigner, SharedTimeSource)>,
    ) -> BoxByteStream {
        frames(self.into_messages(marshal), None, signer)
    }
}

/// A fixed list of events (handy in tests and examples): `EventStreamSender::from_iter(events)`.
impl<T: Send + 'static> FromIterator<T> for EventStreamSender<T> {
    fn from_iter<I: IntoIterator<Item = T>>(events: I) -> Self {
        let events: Vec<T> = events.into_iter().collect();
        Self::new(Ready(Box::new(events.into_iter())))
    }
}

impl<T: Send + 'static> EventStreamSender<T> {
    /// A fixed list of items, events or errors (handy in tests): like a `Stream` of them turned
    /// `into()` a sender, so an error that is a modeled exception is sent as one.
    pub fn from_results<E, I>(items: I) -> Self
    where
        E: Into<BoxError> + 'static,
        I: IntoIterator<Item = Result<T, E>>,
    {
        let items: Vec<Result<T, BoxError>> =
            items.into_iter().map(|r| r.map_err(Into::into)).collect();
        Self {
            events: Box::pin(Ready(Box::new(items.into_iter()))),
        }
    }
}

/// A stream whose items are all ready (boxed: `Unpin` whatever the item type).
struct Ready<T>(Box<dyn Iterator<Item = T> + Send>);

impl<T> Stream for Ready<T> {
    type Item = T;
    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<T>> {
        Poll::Ready(self.get_mut().0.next())
    }
}

impl<T, E, S> From<S> for EventStreamSender<T>
where
    T: Send + 'static,
    E: Into<BoxError> + 'static,
    S: Stream<Item = Result<T, E>> + Send + 'static,
{
    fn from(events: S) -> Self {
        Self {
            events: Box::pin(IntoBoxError(Box::pin(events))),
        }
    }
}

/// The request body of `messages`: `initial` first (awsJson's `initial-request` event), then
/// each message; every frame signed when `signer` is given, ending with the signed empty frame.
/// The first error (a message that cannot be encoded, or an error item) ends the body with it.
pub fn frames(
    messages: MessageStream,
    initial: Option<Message>,
    signer: Option<(EventSigner, SharedTimeSource)>,
) -> BoxByteStream {
    Box::pin(FrameStream {
        messages,
        initial,
        signer,
        ended: false,
    })
}

/// Plain events as `Ok` items.
struct Infallible<T>(Pin<Box<dyn Stream<Item = T> + Send + 'static>>);

impl<T> Stream for Infallible<T> {
    type Item = Result<T, BoxError>;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().0.as_mut().poll_next(cx).map(|e| e.map(Ok))
    }
}

/// A user's error type boxed.
struct IntoBoxError<T, E>(Pin<Box<dyn Stream<Item = Result<T, E>> + Send + 'static>>);

impl<T, E: Into<BoxError>> Stream for IntoBoxError<T, E> {
    type Item = Result<T, BoxError>;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut()
            .0
            .as_mut()
            .poll_next(cx)
            .map(|e| e.map(|r| r.map_err(Into::into)))
    }
}

struct Marshalled<T> {
    events: EventStream<T>,
    marshal: Marshaller<T>,
    marshal_error: Option<ErrorMarshaller>,
    /// A modeled exception was sent: nothing may follow it.
    ended: bool,
}

impl<T> Stream for Marshalled<T> {
    type Item = Result<Message, BoxError>;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.ended {
            return Poll::Ready(None);
        }
        let next = match this.events.as_mut().poll_next(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(next) => next,
        };
        Poll::Ready(match next {
            None => None,
            Some(Ok(event)) => Some((this.marshal)(&event)),
            Some(Err(e)) => match this.marshal_error.and_then(|m| m(&e)) {
                // The exception ends the stream normally: the end frame follows it.
                Some(exception) => {
                    this.ended = true;
                    Some(exception)
                }
                None => Some(Err(e)),
            },
        })
    }
}

struct FrameStream {
    messages: MessageStream,
    initial: Option<Message>,
    signer: Option<(EventSigner, SharedTimeSource)>,
    ended: bool,
}

impl FrameStream {
    fn frame(&mut self, message: &Message) -> Result<Bytes, BoxError> {
        let signed;
        let message = match &mut self.signer {
            Some((signer, time)) => {
                signed = signer.sign(message, time.now())?;
                &signed
            }
            None => message,
        };
        encode(message).map_err(Into::into)
    }
}

fn encode(message: &Message) -> Result<Bytes, EncodeError> {
    let mut out = Vec::new();
    write_message(message, &mut out)?;
    Ok(Bytes::from(out))
}

impl Stream for FrameStream {
    type Item = Result<Bytes, BoxError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.ended {
            return Poll::Ready(None);
        }
        let next = match this.initial.take() {
            Some(initial) => Some(Ok(initial)),
            None => match this.messages.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(next) => next,
            },
        };
        match next {
            Some(Ok(message)) => {
                let frame = this.frame(&message);
                if frame.is_err() {
                    this.ended = true;
                }
                Poll::Ready(Some(frame))
            }
            Some(Err(e)) => {
                this.ended = true;
                Poll::Ready(Some(Err(e)))
            }
            None => {
                this.ended = true;
                match &mut this.signer {
                    Some((signer, time)) => {
                        let end = signer.sign_end(time.now());
                        Poll::Ready(Some(encode(&end).map_err(Into::into)))
                    }
                    None => Poll::Ready(None),
                }
            }
        }
    }
}
