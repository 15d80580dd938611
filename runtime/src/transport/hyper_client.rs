//! The default transport: hyper 1 (HTTP/1.1, or HTTP/2 when ALPN picks it) over rustls with the ring provider and the
//! webpki root certificates. `http://` works too (tests and local endpoints).

use std::error::Error;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use http_body_util::{BodyExt as _, LengthLimitError, Limited};
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use super::{
    BoxError, BoxFuture, HttpClient, HttpRequest, HttpResponse, SdkBody, TransportError,
    TransportSettings,
};

type Inner = Client<HttpsConnector<HttpConnector>, RequestBody>;

/// An [`SdkBody`] as a hyper request body: streams are sent chunk by chunk as hyper asks for
/// them, so an upload is never held in memory. The exact size hint lets hyper send
/// `Content-Length` instead of chunked encoding when the length is known.
struct RequestBody(SdkBody);

impl Body for RequestBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let body = Pin::new(&mut self.get_mut().0);
        body.poll_next(cx)
            .map(|next| next.map(|chunk| chunk.map(Frame::data)))
    }

    fn is_end_stream(&self) -> bool {
        self.0.content_length() == Some(0)
    }

    fn size_hint(&self) -> SizeHint {
        match self.0.content_length() {
            Some(length) => SizeHint::with_exact(length),
            None => SizeHint::default(),
        }
    }
}

/// A hyper response body as a chunk stream (trailers are skipped: no Smithy protocol reads
/// them outside event streams).
struct ResponseStream(Incoming);

impl Stream for ResponseStream {
    type Item = Result<Bytes, BoxError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let mut incoming = Pin::new(&mut self.get_mut().0);
        loop {
            return match incoming.as_mut().poll_frame(cx) {
                Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                    Ok(data) if data.is_empty() => continue,
                    Ok(data) => Poll::Ready(Some(Ok(data))),
                    Err(_trailers) => continue,
                },
                Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(Box::new(e)))),
                Poll::Ready(None) => Poll::Ready(None),
                Poll::Pending => Poll::Pending,
            };
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, None)
    }
}

/// How long an idle pooled connection is kept. AWS front ends close idle connections after
/// about a minute; dropping ours earlier avoids sending on a connection the server is closing.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(45);

/// At most this many further distinct connect timeouts get their own pool (see `client_for`).
const MAX_POOLS: usize = 4;

/// Pooled HTTP/1.1 and HTTP/2 client for `https://` and `http://` endpoints (HTTP/2 when the
/// server picks it by ALPN, or always with [`HyperClient::http2_only`]).
///
/// Cloning is cheap and clones share the connection pool. Every client without an explicit
/// transport uses one process-wide instance, so connections are reused across clients.
/// Requires a Tokio runtime (connection tasks are spawned on it).
#[derive(Clone, Default)]
pub struct HyperClient {
    shared: Arc<Shared>,
}

#[derive(Default)]
struct Shared {
    /// Speak HTTP/2 only (see [`HyperClient::http2_only`]).
    #[cfg(feature = "http2")]
    http2_only: bool,
    /// Built on first use: loading the root store costs about a millisecond.
    tls: OnceLock<Result<rustls::ClientConfig, String>>,
    /// The pooled client of the first connect timeout asked for: in practice the only one, so
    /// the common call takes it without a lock or a clone.
    first: OnceLock<(Option<Duration>, Inner)>,
    /// The connect timeout is a property of the connector, not of a request, so each distinct
    /// timeout gets its own pooled client. In practice there is exactly one (`first`); these
    /// are the others.
    pools: Mutex<Vec<(Option<Duration>, Inner)>>,
}

impl HyperClient {
    /// A client with its own connection pool.
    pub fn new() -> Self {
        Self::default()
    }

    /// A client with its own connection pool that speaks only HTTP/2: over TLS it offers only
    /// `h2` by ALPN, and on `http://` it speaks h2c with prior knowledge (no upgrade), as a local
    /// HTTP/2 server for bidirectional event streams expects. The default client ([`new`](Self::new))
    /// negotiates h2 by ALPN already, which is what AWS endpoints need. Needs the `http2` feature.
    #[cfg(feature = "http2")]
    pub fn http2_only() -> Self {
        Self {
            shared: Arc::new(Shared {
                http2_only: true,
                ..Shared::default()
            }),
        }
    }

    fn tls_config(&self) -> Result<rustls::ClientConfig, TransportError> {
        self.shared
            .tls
            .get_or_init(|| {
                use hyper_rustls::ConfigBuilderExt as _;
                let provider = Arc::new(rustls::crypto::ring::default_provider());
                rustls::ClientConfig::builder_with_provider(provider)
                    .with_safe_default_protocol_versions()
                    .map(|b| b.with_webpki_roots().with_no_client_auth())
                    .map_err(|e| format!("TLS configuration failed: {e}"))
            })
            .clone()
            .map_err(TransportError::other)
    }

    /// The pooled client for `connect_timeout` (see `Shared::first`).
    fn client_for(
        &self,
        connect_timeout: Option<Duration>,
    ) -> Result<std::borrow::Cow<'_, Inner>, TransportError> {
        if let Some((timeout, client)) = self.shared.first.get() {
            if *timeout == connect_timeout {
                return Ok(std::borrow::Cow::Borrowed(client));
            }
        } else {
            let client = self.build_client(connect_timeout)?;
            let (timeout, client) = self.shared.first.get_or_init(|| (connect_timeout, client));
            if *timeout == connect_timeout {
                return Ok(std::borrow::Cow::Borrowed(client));
            }
        }
        let mut pools = self
            .shared
            .pools
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, client)) = pools.iter().find(|(t, _)| *t == connect_timeout) {
            return Ok(std::borrow::Cow::Owned(client.clone()));
        }
        let client = self.build_client(connect_timeout)?;
        if pools.len() >= MAX_POOLS {
            pools.remove(0);
        }
        pools.push((connect_timeout, client.clone()));
        Ok(std::borrow::Cow::Owned(client))
    }

    /// A new pooled client whose connector gives up after `connect_timeout`.
    fn build_client(&self, connect_timeout: Option<Duration>) -> Result<Inner, TransportError> {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(connect_timeout);
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(self.tls_config()?)
            .https_or_http();
        #[cfg(feature = "http2")]
        let https = if self.shared.http2_only {
            https.enable_http2().wrap_connector(http)
        } else {
            // ALPN offers h2 and http/1.1; hyper-util's client then speaks whichever the server
            // picked (h2 is required by Transcribe streaming's bidirectional event streams).
            https.enable_all_versions().wrap_connector(http)
        };
        // Without the `http2` feature (a model that never needs it) only HTTP/1.1 is offered,
        // and hyper's HTTP/2 stack (the `h2` crate) is neither compiled nor linked.
        #[cfg(not(feature = "http2"))]
        let https = https.enable_http1().wrap_connector(http);
        let mut builder = Client::builder(TokioExecutor::new());
        builder
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(POOL_IDLE_TIMEOUT);
        #[cfg(feature = "http2")]
        builder.http2_only(self.shared.http2_only);
        let client = builder.build(https);
        Ok(client)
    }
}

impl fmt::Debug for HyperClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperClient").finish_non_exhaustive()
    }
}

/// Maps hyper-util's error onto ours, recognising connect failures and connect timeouts.
fn classify(error: hyper_util::client::legacy::Error) -> TransportError {
    if error.is_connect() {
        let mut cause: Option<&(dyn Error + 'static)> = error.source();
        while let Some(e) = cause {
            if let Some(io) = e.downcast_ref::<std::io::Error>()
                && io.kind() == std::io::ErrorKind::TimedOut
            {
                return TransportError::connect_timeout(Some(Box::new(error)));
            }
            cause = e.source();
        }
        TransportError::connect(error)
    } else {
        TransportError::io(error)
    }
}

impl HttpClient for HyperClient {
    fn send(
        &self,
        request: HttpRequest,
        settings: &TransportSettings,
    ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let settings = *settings;
        Box::pin(async move {
            // hyper spawns connection tasks; without a runtime that would panic.
            if tokio::runtime::Handle::try_current().is_err() {
                return Err(TransportError::other(
                    "the default HTTP client must run inside a Tokio runtime",
                ));
            }
            let client = self.client_for(settings.connect_timeout)?;
            let response = client
                .request(request.map(RequestBody))
                .await
                .map_err(classify)?;
            let (parts, body) = response.into_parts();
            let declared = parts
                .headers
                .get(http::header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok());
            if settings.stream_response {
                let stream = SdkBody::from_stream(Box::pin(ResponseStream(body)), declared);
                return Ok(http::Response::from_parts(parts, stream));
            }
            let limit = settings.max_response_bytes;
            if declared.is_some_and(|len| len > limit as u64) {
                return Err(TransportError::body_too_large(limit));
            }
            let body = Limited::new(body, limit).collect().await.map_err(|e| {
                if e.is::<LengthLimitError>() {
                    TransportError::body_too_large(limit)
                } else {
                    TransportError::io(e)
                }
            })?;
            Ok(http::Response::from_parts(
                parts,
                SdkBody::from(body.to_bytes()),
            ))
        })
    }
}

/// The process-wide default client (shared pool, TLS config built once).
pub(crate) fn default_client() -> super::SharedHttpClient {
    static DEFAULT: OnceLock<super::SharedHttpClient> = OnceLock::new();
    DEFAULT.get_or_init(|| Arc::new(HyperClient::new())).clone()
}
