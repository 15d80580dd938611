//! In-memory transports for tests (feature `test-util`): no sockets, deterministic answers, and
//! every request recorded so tests can assert on exactly what would have gone over the wire.
//!
//! Recorded requests keep their body as [`Bytes`] ([`RecordedRequest`]): a streaming request
//! body is read to the end when the request is "sent", as a real transport would.

use std::collections::VecDeque;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;

use super::{
    BoxFuture, HttpClient, HttpRequest, HttpResponse, SdkBody, TransportError, TransportSettings,
};

/// A request as a test transport recorded it: the body read into memory.
pub type RecordedRequest = http::Request<Bytes>;

/// Reads the request body the way a transport would (in full), for the record.
async fn record(request: HttpRequest) -> Result<RecordedRequest, TransportError> {
    let (parts, body) = request.into_parts();
    let body = body
        .collect_limited(usize::MAX)
        .await
        .map_err(TransportError::io)?;
    Ok(http::Request::from_parts(parts, body))
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking test thread must not poison the transport for the other assertions.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Builds a response with a status and body.
pub fn response(status: u16, body: impl Into<Bytes>) -> HttpResponse {
    response_with_headers(status, &[], body)
}

/// Builds a response with a status, headers and body. Invalid header names or values are
/// skipped (this is test scaffolding; it must not panic either).
pub fn response_with_headers(
    status: u16,
    headers: &[(&str, &str)],
    body: impl Into<Bytes>,
) -> HttpResponse {
    let mut response = http::Response::new(SdkBody::from(body.into()));
    *response.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            http::HeaderValue::from_str(value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    response
}

/// Builds a response whose body is a one-shot stream yielding `chunks` in order (with their
/// total as its length), as the default transport returns for `@streaming` outputs.
pub fn streaming_response(
    status: u16,
    headers: &[(&str, &str)],
    chunks: impl IntoIterator<Item = Bytes>,
) -> HttpResponse {
    struct Chunks(std::vec::IntoIter<Bytes>);
    impl futures_core::Stream for Chunks {
        type Item = Result<Bytes, super::BoxError>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.next().map(Ok))
        }
    }
    let chunks: Vec<Bytes> = chunks.into_iter().collect();
    let length = chunks.iter().map(|c| c.len() as u64).sum();
    let body = SdkBody::from_stream(Box::pin(Chunks(chunks.into_iter())), Some(length));
    let (parts, _) = response_with_headers(status, headers, Bytes::new()).into_parts();
    http::Response::from_parts(parts, body)
}

#[derive(Default)]
struct ReplayState {
    answers: VecDeque<Result<HttpResponse, TransportError>>,
    requests: Vec<RecordedRequest>,
}

/// Answers with canned responses (or transport errors) in order and records every request.
/// When the answers run out it fails with a transport error saying so.
///
/// Clones share state: give one clone to the client config and keep one to inspect requests.
#[derive(Clone, Default)]
pub struct StaticReplayClient {
    state: Arc<Mutex<ReplayState>>,
}

impl StaticReplayClient {
    /// Replays `responses` in order.
    pub fn new(responses: impl IntoIterator<Item = HttpResponse>) -> Self {
        Self::from_results(responses.into_iter().map(Ok))
    }

    /// Replays responses and transport failures in order.
    pub fn from_results(
        results: impl IntoIterator<Item = Result<HttpResponse, TransportError>>,
    ) -> Self {
        Self {
            state: Arc::new(Mutex::new(ReplayState {
                answers: results.into_iter().collect(),
                requests: Vec::new(),
            })),
        }
    }

    /// Copies of all requests received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state).requests.clone()
    }

    /// Removes and returns the requests received so far.
    pub fn take_requests(&self) -> Vec<RecordedRequest> {
        std::mem::take(&mut lock(&self.state).requests)
    }

    /// The most recent request.
    pub fn last_request(&self) -> Option<RecordedRequest> {
        lock(&self.state).requests.last().cloned()
    }

    /// How many requests were received.
    pub fn request_count(&self) -> usize {
        lock(&self.state).requests.len()
    }

    /// How many canned answers are left.
    pub fn remaining(&self) -> usize {
        lock(&self.state).answers.len()
    }
}

impl fmt::Debug for StaticReplayClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = lock(&self.state);
        f.debug_struct("StaticReplayClient")
            .field("remaining", &state.answers.len())
            .field("requests", &state.requests.len())
            .finish()
    }
}

impl HttpClient for StaticReplayClient {
    fn send(
        &self,
        request: HttpRequest,
        _settings: &TransportSettings,
    ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let answer = lock(&self.state).answers.pop_front();
        Box::pin(async move {
            let request = record(request).await?;
            lock(&self.state).requests.push(request);
            answer.unwrap_or_else(|| {
                Err(TransportError::other(
                    "StaticReplayClient: no canned response left",
                ))
            })
        })
    }
}

/// Always answers with the same response and keeps only the latest request, so it can serve
/// millions of calls (benchmarks) in constant memory.
#[derive(Clone)]
pub struct CaptureClient {
    response: Arc<http::Response<Bytes>>,
    last: Arc<Mutex<Option<RecordedRequest>>>,
    count: Arc<AtomicUsize>,
}

impl CaptureClient {
    /// Answers every request with a clone of `response` (a streaming body is replaced by an
    /// empty one: it could be answered only once).
    pub fn new(response: HttpResponse) -> Self {
        Self {
            response: Arc::new(response.map(|body| body.into_bytes().unwrap_or_default())),
            last: Arc::default(),
            count: Arc::default(),
        }
    }

    /// Answers every request with `200` and `body`.
    pub fn ok(body: impl Into<Bytes>) -> Self {
        Self::new(response(200, body))
    }

    /// The most recent request.
    pub fn last_request(&self) -> Option<RecordedRequest> {
        lock(&self.last).clone()
    }

    /// How many requests were received.
    pub fn request_count(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }
}

impl fmt::Debug for CaptureClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaptureClient")
            .field("status", &self.response.status())
            .field("requests", &self.request_count())
            .finish()
    }
}

impl HttpClient for CaptureClient {
    fn send(
        &self,
        request: HttpRequest,
        _settings: &TransportSettings,
    ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.count.fetch_add(1, Ordering::Relaxed);
        let response = (*self.response).clone().map(SdkBody::from);
        Box::pin(async move {
            *lock(&self.last) = Some(record(request).await?);
            Ok(response)
        })
    }
}

/// Accepts requests and never answers: for testing timeouts.
#[derive(Clone, Debug, Default)]
pub struct NeverClient {
    count: Arc<AtomicUsize>,
}

impl NeverClient {
    /// A transport that hangs forever.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many requests were received.
    pub fn request_count(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }
}

impl HttpClient for NeverClient {
    fn send(
        &self,
        _request: HttpRequest,
        _settings: &TransportSettings,
    ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.count.fetch_add(1, Ordering::Relaxed);
        Box::pin(std::future::pending())
    }
}
