//! The HTTP transport abstraction.
//!
//! The client hands a complete, signed request to an [`HttpClient`] and gets the response back.
//! Bodies are [`SdkBody`]: bytes in memory, or a stream. Request streams are sent as they are
//! read (with `Content-Length` when known). Responses are read whole, bounded by
//! [`TransportSettings::max_response_bytes`], unless the caller asked for a streaming response
//! ([`TransportSettings::with_streaming_response`], for `@streaming` outputs); then the body is
//! handed over unread and the caller reads it incrementally.

mod body;
#[cfg(feature = "default-https-client")]
mod hyper_client;
#[cfg(feature = "test-util")]
pub mod test_util;

pub use body::{BoxByteStream, BoxError, CollectError, SdkBody};
#[cfg(feature = "default-https-client")]
pub use hyper_client::HyperClient;
#[cfg(feature = "default-https-client")]
pub(crate) use hyper_client::default_client;

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;

/// A request ready to send.
pub type HttpRequest = http::Request<SdkBody>;
/// A response; its body is in memory unless a streaming response was requested.
pub type HttpResponse = http::Response<SdkBody>;
/// A boxed, `Send` future (object-safe async in traits).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Reads a response body into memory, at most `limit` bytes (a streaming body from a transport
/// that ignored the limit is still bounded here).
pub async fn buffer_response(
    response: HttpResponse,
    limit: usize,
) -> Result<http::Response<Bytes>, TransportError> {
    let (parts, body) = response.into_parts();
    let body = body.collect_limited(limit).await.map_err(|e| match e {
        CollectError::TooLarge(limit) => TransportError::body_too_large(limit),
        CollectError::Read(e) => TransportError::io(e),
    })?;
    Ok(http::Response::from_parts(parts, body))
}

/// Per-request limits the transport must honour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TransportSettings {
    /// Bound on establishing a connection (`None`: no bound of its own; the attempt timeout
    /// still applies).
    pub connect_timeout: Option<Duration>,
    /// The largest response body to accept; larger bodies fail with
    /// [`TransportError::body_too_large`]. Does not apply to streaming responses.
    pub max_response_bytes: usize,
    /// Hand the response body over as a stream instead of reading it (for `@streaming`
    /// outputs). Off by default.
    pub stream_response: bool,
}

impl TransportSettings {
    /// Settings with the given limits.
    pub fn new(connect_timeout: Option<Duration>, max_response_bytes: usize) -> Self {
        Self {
            connect_timeout,
            max_response_bytes,
            stream_response: false,
        }
    }

    /// The same settings, with the response body streamed (`true`) or read whole (`false`).
    pub fn with_streaming_response(mut self, stream: bool) -> Self {
        self.stream_response = stream;
        self
    }
}

/// Sends HTTP requests. Implement it to plug in another HTTP stack or a mock.
pub trait HttpClient: Send + Sync + fmt::Debug + 'static {
    /// Sends `request` (streaming its body if it is a stream) and returns the response: its
    /// body read whole (at most `settings.max_response_bytes`), or unread as a stream when
    /// `settings.stream_response` is set. Non-2xx statuses are *responses*, not errors.
    fn send(
        &self,
        request: HttpRequest,
        settings: &TransportSettings,
    ) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;
}

impl<T: HttpClient + ?Sized> HttpClient for Arc<T> {
    fn send(
        &self,
        request: HttpRequest,
        settings: &TransportSettings,
    ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        (**self).send(request, settings)
    }
}

/// A shareable, type-erased [`HttpClient`].
pub type SharedHttpClient = Arc<dyn HttpClient>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TransportErrorKind {
    Connect,
    Timeout,
    ConnectTimeout,
    BodyTooLarge,
    Io,
    Other,
}

/// Why the transport could not produce a response. Keeps the underlying error as `source()`.
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    source: Option<Box<dyn Error + Send + Sync + 'static>>,
}

impl TransportError {
    fn build(
        kind: TransportErrorKind,
        message: impl Into<String>,
        source: Option<Box<dyn Error + Send + Sync + 'static>>,
    ) -> Self {
        Self {
            kind,
            message: message.into(),
            source,
        }
    }

    /// The connection could not be established (refused, DNS failure, TLS handshake, ...).
    pub fn connect(source: impl Into<Box<dyn Error + Send + Sync + 'static>>) -> Self {
        Self::build(
            TransportErrorKind::Connect,
            "connection failed",
            Some(source.into()),
        )
    }

    /// Establishing the connection took longer than the connect timeout.
    pub fn connect_timeout(source: Option<Box<dyn Error + Send + Sync + 'static>>) -> Self {
        Self::build(
            TransportErrorKind::ConnectTimeout,
            "connect timeout",
            source,
        )
    }

    /// The transport's own timeout fired while the request was in flight.
    pub fn timeout(source: Option<Box<dyn Error + Send + Sync + 'static>>) -> Self {
        Self::build(TransportErrorKind::Timeout, "timed out", source)
    }

    /// The response body exceeded the configured limit.
    pub fn body_too_large(limit: usize) -> Self {
        Self::build(
            TransportErrorKind::BodyTooLarge,
            format!("response body larger than the limit of {limit} bytes"),
            None,
        )
    }

    /// An I/O error on an established connection (reset, closed early, malformed HTTP, ...).
    pub fn io(source: impl Into<Box<dyn Error + Send + Sync + 'static>>) -> Self {
        Self::build(
            TransportErrorKind::Io,
            "connection error",
            Some(source.into()),
        )
    }

    /// Any other failure, described by `message`.
    pub fn other(message: impl Into<String>) -> Self {
        Self::build(TransportErrorKind::Other, message, None)
    }

    /// Whether the connection could not be established (including connect timeouts).
    pub fn is_connect(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Connect | TransportErrorKind::ConnectTimeout
        )
    }

    /// Whether a timeout fired.
    pub fn is_timeout(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Timeout | TransportErrorKind::ConnectTimeout
        )
    }

    /// Whether the response was larger than allowed.
    pub fn is_body_too_large(&self) -> bool {
        self.kind == TransportErrorKind::BodyTooLarge
    }

    /// Whether sending again may succeed. Everything but an oversized body is transient.
    pub fn is_retryable(&self) -> bool {
        self.kind != TransportErrorKind::BodyTooLarge
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("kind", &self.kind)
            .field("message", &self.message)
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        // The innermost cause ("Connection refused (os error 111)") is what users need; wrapper
        // layers like hyper's "client error (Connect)" add nothing, so print the deepest one.
        if let Some(source) = &self.source {
            let mut deepest: &(dyn Error + 'static) = source.as_ref();
            while let Some(next) = deepest.source() {
                deepest = next;
            }
            write!(f, ": {deepest}")?;
        }
        Ok(())
    }
}

impl Error for TransportError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transport_error_display_shows_the_root_cause() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "Connection refused");
        let e = TransportError::connect(io);
        assert_eq!(e.to_string(), "connection failed: Connection refused");
        assert!(e.is_connect());
        assert!(!e.is_timeout());
        assert!(e.is_retryable());
        assert!(e.source().is_some());
        let t = TransportError::connect_timeout(None);
        assert!(t.is_connect() && t.is_timeout());
        let big = TransportError::body_too_large(10);
        assert!(big.is_body_too_large() && !big.is_retryable());
        assert_eq!(
            big.to_string(),
            "response body larger than the limit of 10 bytes"
        );
    }
}
