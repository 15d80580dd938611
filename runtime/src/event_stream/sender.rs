//! Sending an event stream: any `Stream` of events becomes the request body, one frame per event,
//! each wrapped and signed by an [`EventSigner`] when the request is signed, then the empty signed
//! frame that ends the stream.

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

/// An input event stream, as an operation's input holds it: any stream of events, encoded when
/// the request is sent.
pub struct EventStreamSender<T> {
    events: Pin<Box<dyn Stream<Item = T> + Send + 'static>>,
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
            events: Box::pin(events),
        }
    }

    /// The frames of the body: each event marshalled, encoded and (with `signer`) wrapped in a
    /// signed frame dated by `time`; after the last event, the signed end frame.
    pub fn into_body(
        self,
        marshal: Marshaller<T>,
        signer: Option<(EventSigner, SharedTimeSource)>,
    ) -> BoxByteStream {
        Box::pin(FrameStream {
            events: self.events,
            marshal,
            signer,
            ended: false,
        })
    }
}

impl<T, S> From<S> for EventStreamSender<T>
where
    T: Send + 'static,
    S: Stream<Item = T> + Send + 'static,
{
    fn from(events: S) -> Self {
        Self::new(events)
    }
}

struct FrameStream<T> {
    events: Pin<Box<dyn Stream<Item = T> + Send + 'static>>,
    marshal: Marshaller<T>,
    signer: Option<(EventSigner, SharedTimeSource)>,
    ended: bool,
}

impl<T> FrameStream<T> {
    fn frame(&mut self, event: &T) -> Result<Bytes, BoxError> {
        let message = (self.marshal)(event)?;
        let message = match &mut self.signer {
            Some((signer, time)) => signer.sign(&message, time.now())?,
            None => message,
        };
        encode(&message).map_err(Into::into)
    }
}

fn encode(message: &Message) -> Result<Bytes, EncodeError> {
    let mut out = Vec::new();
    write_message(message, &mut out)?;
    Ok(Bytes::from(out))
}

impl<T> Stream for FrameStream<T> {
    type Item = Result<Bytes, BoxError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.ended {
            return Poll::Ready(None);
        }
        match this.events.as_mut().poll_next(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(event)) => {
                let frame = this.frame(&event);
                if frame.is_err() {
                    this.ended = true;
                }
                Poll::Ready(Some(frame))
            }
            Poll::Ready(None) => {
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
