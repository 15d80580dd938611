//! [`SdkBody`], the body of every request and response that crosses the transport: bytes in
//! memory, or a stream read chunk by chunk so a large upload or download never sits in memory.

use std::error::Error;
use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

/// The error type of a body stream.
pub type BoxError = Box<dyn Error + Send + Sync + 'static>;

/// A stream of body chunks.
pub type BoxByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send + 'static>>;

/// Makes a fresh stream over the same data (a file is reopened), so a streaming body can be
/// sent again on retry and read once more to compute its payload hash.
type Rebuild = Arc<dyn Fn() -> BoxByteStream + Send + Sync + 'static>;

/// A request or response body: bytes in memory, or a stream.
///
/// A streaming body is one-shot unless it was built with a way to start over
/// ([`SdkBody::retryable_stream`]); [`SdkBody::try_clone`] says which.
pub struct SdkBody {
    inner: Inner,
}

enum Inner {
    Bytes(Bytes),
    Stream {
        /// `None` once the stream finished. In a `Mutex` only to make `SdkBody` `Sync` (so
        /// `&HttpRequest` can be held across an `.await`): it is reached through `get_mut`,
        /// never locked.
        stream: Option<Mutex<BoxByteStream>>,
        rebuild: Option<Rebuild>,
        length: Option<u64>,
    },
}

impl SdkBody {
    /// An empty body.
    pub fn empty() -> Self {
        Self::from(Bytes::new())
    }

    /// A one-shot streaming body. `length` is sent as `Content-Length` when known; without it
    /// the request is sent with chunked transfer encoding, which most AWS services refuse.
    pub fn from_stream(stream: BoxByteStream, length: Option<u64>) -> Self {
        Self {
            inner: Inner::Stream {
                stream: Some(Mutex::new(stream)),
                rebuild: None,
                length,
            },
        }
    }

    /// A streaming body that `rebuild` can restart from the beginning (for retries and
    /// payload hashing), such as a file.
    pub fn retryable_stream(
        rebuild: impl Fn() -> BoxByteStream + Send + Sync + 'static,
        length: Option<u64>,
    ) -> Self {
        let rebuild: Rebuild = Arc::new(rebuild);
        Self {
            inner: Inner::Stream {
                stream: Some(Mutex::new(rebuild())),
                rebuild: Some(rebuild),
                length,
            },
        }
    }

    /// The bytes, when the body is in memory.
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.inner {
            Inner::Bytes(b) => Some(b),
            Inner::Stream { .. } => None,
        }
    }

    /// The body as [`Bytes`] if it is in memory, else the body itself back.
    pub fn into_bytes(self) -> Result<Bytes, Self> {
        match self.inner {
            Inner::Bytes(b) => Ok(b),
            inner => Err(Self { inner }),
        }
    }

    /// Whether the body is a stream (not in memory).
    pub fn is_streaming(&self) -> bool {
        matches!(self.inner, Inner::Stream { .. })
    }

    /// The length in bytes, when known.
    pub fn content_length(&self) -> Option<u64> {
        match &self.inner {
            Inner::Bytes(b) => Some(b.len() as u64),
            Inner::Stream { length, .. } => *length,
        }
    }

    /// A second body with the same content from the start: cheap for bytes, a restarted stream
    /// for a retryable stream, `None` for a one-shot stream.
    pub fn try_clone(&self) -> Option<Self> {
        match &self.inner {
            Inner::Bytes(b) => Some(Self::from(b.clone())),
            Inner::Stream {
                rebuild: Some(rebuild),
                length,
                ..
            } => Some(Self {
                inner: Inner::Stream {
                    stream: Some(Mutex::new(rebuild())),
                    rebuild: Some(rebuild.clone()),
                    length: *length,
                },
            }),
            Inner::Stream { rebuild: None, .. } => None,
        }
    }

    /// Reads the whole body into memory, failing once it exceeds `limit` bytes (the limit is
    /// checked before each chunk is kept, so at most `limit` bytes plus one chunk are held).
    pub async fn collect_limited(self, limit: usize) -> Result<Bytes, CollectError> {
        let mut stream = match self.inner {
            Inner::Bytes(b) if b.len() > limit => return Err(CollectError::TooLarge(limit)),
            Inner::Bytes(b) => return Ok(b),
            Inner::Stream { length, .. } if length.is_some_and(|l| l > limit as u64) => {
                return Err(CollectError::TooLarge(limit));
            }
            Inner::Stream { stream: None, .. } => return Ok(Bytes::new()),
            Inner::Stream {
                stream: Some(s), ..
            } => s
                .into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        };
        let mut first: Option<Bytes> = None;
        let mut all: Vec<u8> = Vec::new();
        while let Some(chunk) = std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
            let chunk = chunk.map_err(CollectError::Read)?;
            let held = first.as_ref().map_or(0, Bytes::len) + all.len();
            if held.saturating_add(chunk.len()) > limit {
                return Err(CollectError::TooLarge(limit));
            }
            // The common single-chunk body is returned without a copy.
            match first.take() {
                None if all.is_empty() => first = Some(chunk),
                None => all.extend_from_slice(&chunk),
                Some(f) => {
                    all.reserve(f.len() + chunk.len());
                    all.extend_from_slice(&f);
                    all.extend_from_slice(&chunk);
                }
            }
        }
        Ok(first.unwrap_or_else(|| Bytes::from(all)))
    }
}

/// Why [`SdkBody::collect_limited`] failed.
#[derive(Debug)]
pub enum CollectError {
    /// The body is larger than the limit (in bytes).
    TooLarge(usize),
    /// Reading the stream failed.
    Read(BoxError),
}

impl fmt::Display for CollectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CollectError::TooLarge(limit) => {
                write!(f, "body larger than the limit of {limit} bytes")
            }
            CollectError::Read(e) => write!(f, "reading the body failed: {e}"),
        }
    }
}

impl Error for CollectError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            CollectError::TooLarge(_) => None,
            CollectError::Read(e) => Some(e.as_ref()),
        }
    }
}

impl Stream for SdkBody {
    type Item = Result<Bytes, BoxError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        match &mut this.inner {
            Inner::Bytes(b) => {
                if b.is_empty() {
                    Poll::Ready(None)
                } else {
                    Poll::Ready(Some(Ok(std::mem::take(b))))
                }
            }
            Inner::Stream { stream, .. } => {
                let Some(s) = stream else {
                    return Poll::Ready(None);
                };
                let s = s
                    .get_mut()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let next = s.as_mut().poll_next(cx);
                if matches!(next, Poll::Ready(None)) {
                    // Drop the finished stream (an open file, a connection) right away.
                    *stream = None;
                }
                next
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.inner {
            Inner::Bytes(b) => (usize::from(!b.is_empty()), Some(usize::from(!b.is_empty()))),
            Inner::Stream { stream: None, .. } => (0, Some(0)),
            // The hint is advisory; a lock held elsewhere (never, in practice) just hides it.
            Inner::Stream {
                stream: Some(s), ..
            } => s.try_lock().map_or((0, None), |s| s.size_hint()),
        }
    }
}

impl Default for SdkBody {
    fn default() -> Self {
        Self::empty()
    }
}

impl fmt::Debug for SdkBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Bodies may hold sensitive members, so only their shape is shown.
        match &self.inner {
            Inner::Bytes(b) => write!(f, "SdkBody(<{} bytes>)", b.len()),
            Inner::Stream {
                length, rebuild, ..
            } => f
                .debug_struct("SdkBody")
                .field("streaming", &true)
                .field("length", length)
                .field("retryable", &rebuild.is_some())
                .finish(),
        }
    }
}

impl From<Bytes> for SdkBody {
    fn from(bytes: Bytes) -> Self {
        Self {
            inner: Inner::Bytes(bytes),
        }
    }
}

impl From<Vec<u8>> for SdkBody {
    fn from(bytes: Vec<u8>) -> Self {
        Self::from(Bytes::from(bytes))
    }
}

impl From<String> for SdkBody {
    fn from(text: String) -> Self {
        Self::from(Bytes::from(text))
    }
}

impl From<&'static str> for SdkBody {
    fn from(text: &'static str) -> Self {
        Self::from(Bytes::from_static(text.as_bytes()))
    }
}

impl From<&'static [u8]> for SdkBody {
    fn from(bytes: &'static [u8]) -> Self {
        Self::from(Bytes::from_static(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(parts: &'static [&'static str]) -> BoxByteStream {
        struct Parts(std::slice::Iter<'static, &'static str>);
        impl Stream for Parts {
            type Item = Result<Bytes, BoxError>;
            fn poll_next(
                mut self: Pin<&mut Self>,
                _: &mut Context<'_>,
            ) -> Poll<Option<Self::Item>> {
                Poll::Ready(self.0.next().map(|p| Ok(Bytes::from_static(p.as_bytes()))))
            }
        }
        Box::pin(Parts(parts.iter()))
    }

    #[tokio::test]
    async fn bytes_bodies_clone_and_collect_without_copy() {
        let body = SdkBody::from("hello");
        assert_eq!(body.bytes(), Some(&b"hello"[..]));
        assert_eq!(body.content_length(), Some(5));
        let clone = body.try_clone().unwrap();
        assert_eq!(clone.collect_limited(5).await.unwrap(), "hello");
        assert!(matches!(
            body.collect_limited(4).await,
            Err(CollectError::TooLarge(4))
        ));
    }

    #[tokio::test]
    async fn streams_collect_within_the_limit_only() {
        let body = SdkBody::from_stream(chunks(&["ab", "cd", "e"]), None);
        assert!(body.try_clone().is_none());
        assert!(body.is_streaming());
        assert_eq!(body.collect_limited(5).await.unwrap(), "abcde");
        let body = SdkBody::from_stream(chunks(&["ab", "cd", "e"]), None);
        assert!(matches!(
            body.collect_limited(4).await,
            Err(CollectError::TooLarge(4))
        ));
        // A declared length over the limit fails before reading.
        let body = SdkBody::from_stream(chunks(&["ab"]), Some(100));
        assert!(body.collect_limited(10).await.is_err());
    }

    #[tokio::test]
    async fn retryable_streams_restart() {
        let body = SdkBody::retryable_stream(|| chunks(&["x", "y"]), Some(2));
        let again = body.try_clone().unwrap();
        assert!(format!("{again:?}").contains("retryable: true"));
        assert_eq!(body.collect_limited(10).await.unwrap(), "xy");
        assert_eq!(again.collect_limited(10).await.unwrap(), "xy");
    }
}
