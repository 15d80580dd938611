//! Calling operations: [`ClientHandle`] and [`invoke`].
//!
//! Compile time is a product goal, so the split is deliberate: [`invoke`] is the only generic
//! function and does three small things (serialize once, call the core, parse the result). The
//! core, `ClientHandle::dispatch`, is an ordinary non-generic `async fn` compiled exactly once:
//! endpoint, headers, signing, transport, timeouts, retries and error classification all live
//! there. It runs one attempt at a time (`attempt`, which ends in an outcome) and asks
//! `retry_decision` what to do after a failed one (a delay, or stop).
//!
//! What a generated operation boils down to (the protocol's part, laying the input out as a
//! request and reading the output, is generated code; see [`crate::protocol`]):
//!
//! ```no_run
//! use smithy_client_runtime::auth::{AuthScheme, OperationAuth};
//! use smithy_client_runtime::client::{ClientHandle, SetRequestId, invoke};
//! use smithy_client_runtime::config::{CallOptions, Config};
//! use smithy_client_runtime::error::{ConstructionError, ErrorMetadata, ParseServiceError, RawResponse, SdkError, Unhandled};
//! use smithy_client_runtime::json::{DeserializeError, JsonWriter, de};
//! use smithy_client_runtime::protocol::{ParseResponse, SerializeRequest, SerializedRequest, aws_json};
//! use smithy_client_runtime::service::{OperationMeta, Protocol, ServiceMeta};
//!
//! static SERVICE: ServiceMeta = ServiceMeta {
//!     service_name: "AWSPartnerCentralSelling",
//!     protocol: Protocol::AwsJson1_0,
//!     signing_name: Some("partnercentral-selling"),
//!     endpoint_prefix: "partnercentral-selling",
//!     sdk_id: "PartnerCentral Selling",
//!     api_version: "2022-07-26",
//!     query_compatible: false,
//!     endpoint_rules: None,
//! };
//! static GET_THING: OperationMeta = OperationMeta {
//!     name: "GetThing", errors: &[],
//!     auth: OperationAuth::new(&[AuthScheme::SigV4 { signing_name: "partnercentral-selling" }]),
//! };
//!
//! struct Input { catalog: Option<String> }
//! impl SerializeRequest for Input {
//!     fn serialize_request(&self) -> Result<SerializedRequest, ConstructionError> {
//!         let mut w = JsonWriter::new();
//!         w.begin_object();
//!         if let Some(v) = &self.catalog { w.key("Catalog"); w.string(v); }
//!         w.end_object();
//!         aws_json::request(&SERVICE, "AWSPartnerCentralSelling.GetThing", w)
//!     }
//! }
//!
//! #[derive(Default)]
//! struct Output { status: Option<String>, request_id: Option<String> }
//! impl ParseResponse for Output {
//!     fn parse_response(response: &RawResponse) -> Result<Self, DeserializeError> {
//!         let mut out = Output::default();
//!         for (k, v) in de::object(&aws_json::body_document(response)?)? {
//!             if k == "Status" { out.status = Some(de::string(v).map_err(|e| e.at("Status"))?); }
//!         }
//!         Ok(out)
//!     }
//! }
//! impl SetRequestId for Output {
//!     fn set_request_id(&mut self, id: Option<String>) { self.request_id = id; }
//! }
//!
//! #[derive(Debug)]
//! enum GetThingError { Unhandled(Unhandled) }
//! impl ParseServiceError for GetThingError {
//!     fn parse_service_error(_code: &str, _response: &RawResponse, meta: ErrorMetadata) -> Self {
//!         GetThingError::Unhandled(Unhandled::new(meta, None))
//!     }
//! }
//!
//! async fn get_thing(client: &ClientHandle, input: &Input) -> Result<Output, SdkError<GetThingError>> {
//!     invoke(client, &GET_THING, input, &CallOptions::default()).await
//! }
//!
//! # async fn demo() {
//! let client = ClientHandle::new(&SERVICE, Config::from_env());
//! let out = get_thing(&client, &Input { catalog: Some("AWS".into()) }).await;
//! # }
//! ```

mod classify;
pub(crate) use classify::jitter as jitter_sample;
mod customize;
mod event_stream;
mod extras;
mod invoke;
mod presign;
mod signing;
mod streaming;
mod target;

pub use customize::{CustomizableOperation, Customization, SendCustomized};
pub use event_stream::{InputEventStream, invoke_event_stream, invoke_input_stream};
pub use extras::{Compression, RequestExtras};
pub(crate) use invoke::{Dispatched, Failure, ServiceFailure};
pub use invoke::{SetRequestId, invoke, invoke_with};
pub use presign::presign;
pub use streaming::{StreamingPayload, invoke_streaming};

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use http::header::{CONTENT_ENCODING, HOST, USER_AGENT};
use http::{HeaderMap, HeaderValue, Method, Uri};
use tokio::time::Instant;

use crate::config::{CallOptions, Config, RetryConfig, TimeoutConfig};
use crate::error::{ConstructionError, DispatchError, RawResponse, TimeoutError, TimeoutKind};
use crate::interceptor::{CallInfo, Hooks, InterceptorError};
use crate::protocol::SerializedRequest;
use crate::service::{OperationMeta, ServiceMeta};
use crate::time::AsyncSleep as _;
use crate::transport::{
    HttpRequest, SdkBody, SharedHttpClient, TransportError, TransportSettings, buffer_response,
};

use classify::{RetryKind, RetryQuota};
use target::Target;

const USER_AGENT_VALUE: &str = concat!("smithy-client-runtime/", env!("CARGO_PKG_VERSION"));

/// A client for one service: configuration, transport, cached endpoint and retry quota.
/// Cloning is cheap (one `Arc`), and clones share everything.
#[derive(Clone)]
pub struct ClientHandle {
    inner: Arc<ClientInner>,
    /// The hooks of one customised call (`customize()`); `None` on a client's own handle.
    call: Option<Arc<customize::CallHooks>>,
}

impl std::fmt::Debug for ClientHandle {
    // Short on purpose: clients end up in users' `Debug` output (inside their own structs), and
    // the endpoint rule set or the whole configuration would be kilobytes of noise there.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let config = &self.inner.config;
        f.debug_struct("Client")
            .field("service", &self.inner.service.service_name)
            .field("region", &config.region())
            .field("endpoint_url", &config.endpoint_url())
            .finish_non_exhaustive()
    }
}

#[derive(Debug)]
struct ClientInner {
    service: &'static ServiceMeta,
    config: Config,
    http: Option<SharedHttpClient>,
    /// Resolved on first use; the error is kept as text because it is reported on every call.
    target: OnceLock<Result<Arc<Target>, ConstructionErrorText>>,
    /// The parsed rule set, for calls resolved with their own parameters.
    rules: OnceLock<Option<Arc<crate::endpoint::RuleSet>>>,
    /// Shared with the handles of customised calls (`customize()`), like the rate limiter.
    quota: Arc<RetryQuota>,
    /// Adaptive retry mode's client-side rate limiter (idle in standard mode).
    rate_limiter: Arc<crate::config::rate_limiter::ClientRateLimiter>,
}

/// The future of [`ClientHandle::dispatch`].
type DispatchFuture<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Dispatched, Failure>> + Send + 'a>>;

/// A cached endpoint failure, re-materialized as a fresh [`ConstructionError`] per call.
#[derive(Debug, Clone)]
struct ConstructionErrorText(String);

/// Everything one call sends on every attempt, decided once before the first.
struct PreparedCall {
    target: Arc<Target>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
    /// A streamed body, sent instead of `body`.
    stream: Option<streaming::StreamBody>,
    content_encoding: Option<Compression>,
    /// The call's `@httpChecksum` facts, for the response check.
    checksum: Option<crate::checksum::RequestChecksum>,
    /// A 2xx may carry an error document (see [`RequestExtras::error_in_success_body`]).
    error_in_success_body: bool,
    /// The input event stream, taken by the one attempt that sends it.
    input_stream: Option<event_stream::PreparedStream>,
}

/// The limits of one call: retry policy, timeouts and the transport's settings.
struct CallLimits {
    retry: RetryConfig,
    timeouts: TimeoutConfig,
    transport: TransportSettings,
    /// When the operation timeout fires, if there is one.
    deadline: Option<Instant>,
}

/// How one attempt ended.
enum Outcome {
    /// A 2xx response.
    Success(Dispatched),
    /// A failure, and why it may be retried (`None`: it may not).
    Failed(Failure, Option<RetryKind>),
    /// A failure that ends the call at once (configuration, signing).
    Fatal(Failure),
}

impl ClientHandle {
    /// A client for `service` with `config`. Cheap and infallible: the endpoint is resolved at
    /// the first call, and configuration problems are reported there.
    pub fn new(service: &'static ServiceMeta, config: Config) -> Self {
        let http = config.http_client().cloned().or_else(default_http_client);
        Self {
            inner: Arc::new(ClientInner {
                service,
                http,
                config,
                target: OnceLock::new(),
                rules: OnceLock::new(),
                quota: Arc::new(RetryQuota::new()),
                rate_limiter: Arc::new(crate::config::rate_limiter::ClientRateLimiter::new()),
            }),
            call: None,
        }
    }

    /// The client's configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The service description.
    pub fn service(&self) -> &'static ServiceMeta {
        self.inner.service
    }

    /// A fresh idempotency token for an unset `@idempotencyToken` member.
    pub fn idempotency_token(&self) -> String {
        self.inner.config.idempotency_token()
    }

    /// The interceptors of a call through this handle: the config's, then the call's own.
    fn hooks(&self) -> Hooks<'_> {
        Hooks {
            config: self.inner.config.interceptors(),
            call: self
                .call
                .as_deref()
                .map(|c| c as &dyn crate::interceptor::Interceptor),
        }
    }

    fn target(&self) -> Result<Arc<Target>, ConstructionError> {
        self.inner
            .target
            .get_or_init(|| {
                target::build_target(self.inner.service, &self.inner.config)
                    .map(Arc::new)
                    .map_err(|e| ConstructionErrorText(e.to_string()))
            })
            .clone()
            .map_err(|ConstructionErrorText(text)| ConstructionError::new(text))
    }

    /// The service's rule set, parsed once (`None`: no rules, or rules this runtime cannot
    /// read, reported by resolution itself).
    fn rules(&self) -> Option<Arc<crate::endpoint::RuleSet>> {
        self.inner
            .rules
            .get_or_init(|| {
                let text = self.inner.service.endpoint_rules?;
                crate::endpoint::RuleSet::parse(text).ok().map(Arc::new)
            })
            .clone()
    }

    /// The client's endpoint, or this call's: another endpoint URL from the input, then the
    /// `@endpoint` host prefix in front of the host.
    fn call_target(&self, extras: &RequestExtras) -> Result<Arc<Target>, ConstructionError> {
        let rules = if extras.endpoint_params.is_empty() {
            None
        } else {
            self.rules()
        };
        let call = target::CallEndpoint {
            rules: rules.as_deref(),
            params: &extras.endpoint_params,
        };
        let mut target = match &extras.endpoint_url {
            Some(url) => {
                let config = self
                    .inner
                    .config
                    .to_builder()
                    .endpoint_url(url.clone())
                    .build();
                Arc::new(target::build_call_target(
                    self.inner.service,
                    &config,
                    &call,
                )?)
            }
            None if !extras.endpoint_params.is_empty() => Arc::new(target::build_call_target(
                self.inner.service,
                &self.inner.config,
                &call,
            )?),
            None => self.target()?,
        };
        if let Some(prefix) = &extras.host_prefix
            && !self.inner.config.disable_host_prefix()
        {
            extras::check_host_prefix(prefix)?;
            target = Arc::new(target.with_host_prefix(prefix)?);
        }
        Ok(target)
    }

    /// Joins the protocol's request to the endpoint and compresses its body, once per call,
    /// so every attempt sends (and signs) the same bytes.
    async fn prepare(
        &self,
        request: SerializedRequest,
        extras: &RequestExtras,
    ) -> Result<PreparedCall, ConstructionError> {
        let config = &self.inner.config;
        let target = self.call_target(extras)?;
        let crate::protocol::RequestParts {
            method,
            path_and_query,
            mut headers,
            body,
            stream,
            tree_hash_headers,
        } = request.into_parts();
        let uri: Uri = if path_and_query == "/" {
            // awsJson and the query protocols post to the endpoint itself (`uri_text` ends in
            // `/`, so joining changes nothing): its parsed URI serves, no parse per call.
            target.uri.clone()
        } else {
            let text = join_endpoint(&target.uri_text, &path_and_query);
            text.parse().map_err(|_| {
                ConstructionError::new("the request path and query do not form a valid URI")
            })?
        };
        // A stream is sent as it is read, never compressed (its size is not known up front).
        #[cfg(feature = "request-compression")]
        let content_encoding = extras.compression.filter(|_| {
            !config.disable_request_compression()
                && stream.is_none()
                && !body.is_empty()
                && body.len() >= config.min_compression_size_bytes()
        });
        #[cfg(feature = "request-compression")]
        let body = match content_encoding {
            Some(compression) => compression.compress(&body)?,
            None => body,
        };
        // Without the feature no operation of the crate has `@requestCompression`.
        #[cfg(not(feature = "request-compression"))]
        let content_encoding = None;
        let mut stream = stream.map(streaming::StreamBody::new);
        if tree_hash_headers {
            let copy = match &stream {
                Some(s) => s.try_copy(),
                None => Some(SdkBody::from(body.clone())),
            };
            crate::protocol::customize::add_tree_hash_headers(&mut headers, copy).await?;
        }
        // Over the bytes sent (after compression), before signing; a stream's is computed as
        // it is sent and goes in an aws-chunked trailer.
        if let Some(checksum) = &extras.checksum {
            let algorithm = crate::checksum::apply_request_checksum(
                checksum,
                config.request_checksum_calculation(),
                config.response_checksum_validation(),
                &mut headers,
                stream.is_none().then_some(&body[..]),
            )?;
            if let Some(s) = stream.as_mut() {
                s.trailer_checksum = algorithm;
            }
        }
        Ok(PreparedCall {
            target,
            method,
            uri,
            headers,
            body,
            stream,
            content_encoding,
            checksum: extras.checksum.clone(),
            error_in_success_body: extras.error_in_success_body,
            input_stream: None,
        })
    }

    /// Builds one attempt's request: the protocol's headers, the transport's, the
    /// interceptors' changes, then the signature over the final request.
    async fn build_request(
        &self,
        op: &'static OperationMeta,
        call: &PreparedCall,
        attempt: u32,
    ) -> Result<HttpRequest, AttemptError> {
        let inner = &*self.inner;
        let target = &call.target;
        let mut request = http::Request::new(SdkBody::empty());
        *request.method_mut() = call.method.clone();
        *request.uri_mut() = call.uri.clone();
        let headers = request.headers_mut();
        headers.reserve(6 + call.headers.len() + target.headers.len());
        headers.insert(HOST, target.host.clone());
        for (name, value) in &call.headers {
            headers.append(name.clone(), value.clone());
        }
        // An event stream's length is unknown: no Content-Length (chunked on HTTP/1.1); its
        // body is attached after signing (below).
        let body = match call.input_stream {
            Some(_) => SdkBody::empty(),
            None => streaming::attempt_body(call, headers).map_err(AttemptError::Construction)?,
        };
        if let Some(encoding) = call.content_encoding {
            headers.append(
                CONTENT_ENCODING,
                HeaderValue::from_static(encoding.as_str()),
            );
        }
        for (name, value) in &target.headers {
            headers.append(name.clone(), value.clone());
        }
        headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
        *request.body_mut() = body;

        let hooks = self.hooks();
        let info = CallInfo {
            operation: op.name,
            service: inner.service.service_name,
            attempt,
        };
        // Headers the interceptors add are signed (see `crate::interceptor`).
        let added = hooks
            .modify_before_signing(info, &mut request)
            .map_err(AttemptError::Interceptor)?;
        let signer = self
            .authorize(
                op,
                target,
                &added,
                &mut request,
                call.input_stream.is_some(),
            )
            .await
            .map_err(AttemptError::Construction)?;
        if let Some(stream) = &call.input_stream {
            // SigV4 signs each frame, chained to the request's signature; other schemes send
            // the frames as they are.
            let signer = signer.map(|s| (s, inner.config.time_source().clone()));
            *request.body_mut() = stream.body(signer).map_err(AttemptError::Construction)?;
        }
        hooks
            .read_before_transmit(info, &request)
            .map_err(AttemptError::Interceptor)?;
        Ok(request)
    }

    /// Applies the operation's auth scheme (the first in model order whose identity the config
    /// has; anonymous for `smithy.api#noAuth`, `@optionalAuth` without identity and `@auth([])`)
    /// to the finished request. SigV4 goes through `signing.rs` (cached signing key, S3's
    /// payload hash); bearer tokens, API keys and basic logins through [`crate::auth`].
    /// `added` are headers the interceptors added before signing: SigV4 signs them too.
    ///
    /// A credentials provider is configured whenever the config comes from the environment, so
    /// "SigV4 has an identity" is only known once the provider answers: when it finds no
    /// credentials and a later scheme (or anonymous, for `@optionalAuth`) can be used, the call
    /// goes on with that one, as it would have without a provider.
    ///
    /// `event_stream`: the body is an input event stream; SigV4 then signs the payload hash
    /// `STREAMING-AWS4-HMAC-SHA256-EVENTS` and returns the signer of the frames.
    async fn authorize(
        &self,
        op: &'static OperationMeta,
        target: &Target,
        added: &[http::HeaderName],
        request: &mut HttpRequest,
        event_stream: bool,
    ) -> Result<Option<crate::event_stream::EventSigner>, ConstructionError> {
        let config = &self.inner.config;
        let mut start = 0;
        loop {
            let Some((index, scheme)) = op.auth.select_from(config, start)? else {
                return Ok(None);
            };
            let crate::auth::AuthScheme::SigV4 { signing_name } = scheme else {
                return crate::auth::apply_identity(scheme, config, request)
                    .await
                    .map(|()| None);
            };
            // The endpoint rules' `authSchemes` (signing name and region) override the
            // model's signing name and the config's region.
            let name = target
                .signing
                .as_ref()
                .map_or(*signing_name, |scope| scope.name.as_str());
            let region = match &target.signing {
                Some(scope) => scope.region.as_deref(),
                None => config.region(),
            }
            .ok_or_else(crate::auth::no_region)?;
            let credentials = match crate::auth::sigv4_credentials(config).await {
                Ok(credentials) => credentials,
                Err(e) if op.auth.select_from(config, index + 1).is_ok() => {
                    tracing::debug!(
                        operation = op.name,
                        error = %e,
                        "no AWS credentials for aws.auth#sigv4; using the next auth scheme"
                    );
                    start = index + 1;
                    continue;
                }
                Err(e) => return Err(e),
            };
            let time = crate::time::TimeSource::now(config.time_source());
            if event_stream {
                return signing::sign_event_stream_request(
                    request,
                    target,
                    added,
                    &credentials,
                    name,
                    region,
                    time,
                )
                .map(Some);
            }
            return signing::sign_request(request, target, added, &credentials, name, region, time)
                .map(|()| None);
        }
    }

    /// One attempt: build, sign and send the request within `limit`, and classify the result.
    async fn attempt(
        &self,
        op: &'static OperationMeta,
        call: &PreparedCall,
        http: &SharedHttpClient,
        limits: &CallLimits,
        limit: Option<(Duration, TimeoutKind)>,
        attempt: u32,
    ) -> Outcome {
        let inner = &*self.inner;
        // Names only: the URI and headers may hold sensitive input.
        tracing::trace!(operation = op.name, attempt, "sending request");
        let send = async {
            let request = self.build_request(op, call, attempt).await?;
            let response = http.send(request, &limits.transport).await;
            // In the attempt (and its timeout): a custom transport may hand back a stream.
            let response = response.map_err(AttemptError::Transport)?;
            if limits.transport.stream_response && response.status().is_success() {
                // An event stream: the body is handed to the caller unread; only error
                // responses (below) are read whole.
                let (parts, body) = response.into_parts();
                return Ok((http::Response::from_parts(parts, Bytes::new()), Some(body)));
            }
            buffer_response(response, limits.transport.max_response_bytes)
                .await
                .map(|r| (r, None))
                .map_err(AttemptError::Transport)
        };
        let result = match limit {
            Some((limit, kind)) => match tokio::time::timeout(limit, send).await {
                Ok(r) => r,
                Err(_) => Err(AttemptError::Timeout(kind)),
            },
            None => send.await,
        };
        match result {
            Ok((response, mut stream)) => {
                let (parts, body) = response.into_parts();
                let max = inner.config.max_response_bytes();
                if body.len() > max {
                    // A custom transport ignored the limit; enforce it here too.
                    let e = TransportError::body_too_large(max);
                    return Outcome::Fatal(Failure::Dispatch(DispatchError::new(
                        op.name, attempt, e,
                    )));
                }
                let info = CallInfo {
                    operation: op.name,
                    service: inner.service.service_name,
                    attempt,
                };
                if let Err(e) =
                    self.hooks()
                        .read_after_transmit(info, parts.status.as_u16(), &parts.headers)
                {
                    return Outcome::Fatal(Failure::Interceptor(Box::new(e)));
                }
                let raw = RawResponse::new(parts.status.as_u16(), parts.headers, body);
                // A streamed body is the payload itself, never an error document.
                let error_in_body = call.error_in_success_body
                    && stream.is_none()
                    && extras::is_error_in_success_body(raw.body());
                if parts.status.is_success() && !error_in_body {
                    if let Some(expected) = call.checksum.as_ref().and_then(|c| {
                        crate::checksum::expected_response_checksum(
                            c,
                            inner.config.response_checksum_validation(),
                            &call.method,
                            raw.status(),
                            raw.headers(),
                        )
                    }) {
                        // A streamed body is checked as it is read, with the error at its end.
                        match stream.take() {
                            Some(body) => stream = Some(expected.wrap(body)),
                            None => {
                                if let Err(mismatch) = expected.validate(raw.body()) {
                                    let e = TransportError::io(mismatch);
                                    return Outcome::Fatal(Failure::Dispatch(DispatchError::new(
                                        op.name, attempt, e,
                                    )));
                                }
                            }
                        }
                    }
                    return Outcome::Success(Dispatched {
                        raw,
                        attempt,
                        stream,
                    });
                }
                let details = inner
                    .service
                    .protocol
                    .client_protocol()
                    .error_details(&raw, inner.service);
                // A 2xx with an error document is retried as S3 asks: like a 500.
                let status = if error_in_body { 500 } else { raw.status() };
                let kind = classify::classify_error(status, &details, op.errors);
                let failure = Failure::Service(Box::new(ServiceFailure {
                    raw,
                    details,
                    attempts: attempt,
                    retryable: kind.is_some(),
                }));
                Outcome::Failed(failure, kind)
            }
            Err(AttemptError::Construction(e)) => {
                Outcome::Fatal(Failure::Construction(e.for_operation(op.name)))
            }
            Err(AttemptError::Interceptor(e)) => Outcome::Fatal(Failure::Interceptor(Box::new(e))),
            Err(AttemptError::Timeout(kind)) => {
                let duration = match kind {
                    TimeoutKind::Operation => limits.timeouts.operation(),
                    _ => limits.timeouts.attempt(),
                }
                .unwrap_or_default();
                let retry_kind = (kind == TimeoutKind::Attempt).then_some(RetryKind::Timeout);
                let e = TimeoutError::new(op.name, attempt, kind, duration);
                Outcome::Failed(Failure::Timeout(e), retry_kind)
            }
            Err(AttemptError::Transport(e)) if e.is_connect() && e.is_timeout() => {
                let duration = limits.timeouts.connect().unwrap_or_default();
                let e = TimeoutError::new(op.name, attempt, TimeoutKind::Connect, duration);
                Outcome::Failed(Failure::Timeout(e), Some(RetryKind::Timeout))
            }
            Err(AttemptError::Transport(e)) => {
                let kind = e.is_retryable().then_some(RetryKind::Transient);
                Outcome::Failed(
                    Failure::Dispatch(DispatchError::new(op.name, attempt, e)),
                    kind,
                )
            }
        }
    }

    /// After failed attempt number `attempt`: how long to wait before the next, or `None` to
    /// stop and report `failure`. Spends retry quota when it says to retry.
    fn retry_decision(
        &self,
        op: &'static OperationMeta,
        limits: &CallLimits,
        attempt: u32,
        failure: &Failure,
        kind: Option<RetryKind>,
        last_retry_cost: &mut u32,
    ) -> Option<Duration> {
        let retry = &limits.retry;
        let kind = kind?;
        if attempt >= retry.max_attempts() {
            return None;
        }
        let cost = RetryQuota::cost(kind);
        if retry.retry_quota() && !self.inner.quota.try_acquire(cost) {
            tracing::debug!(
                operation = op.name,
                attempt,
                reason = kind.as_str(),
                "not retrying: retry quota exhausted"
            );
            return None;
        }
        *last_retry_cost = if retry.retry_quota() { cost } else { 0 };
        let server_delay = match failure {
            Failure::Service(s) => classify::retry_after(&s.raw, retry.max_backoff()),
            _ => None,
        };
        let delay =
            server_delay.unwrap_or_else(|| classify::backoff(retry, attempt, classify::jitter()));
        if let Some(deadline) = limits.deadline
            && Instant::now()
                .checked_add(delay)
                .is_none_or(|end| end >= deadline)
        {
            // Sleeping would outlast the operation timeout: the real error is more useful
            // than a timeout that we know in advance would fire.
            return None;
        }
        tracing::debug!(
            operation = op.name,
            attempt,
            reason = kind.as_str(),
            error = %failure.summary(),
            delay_ms = delay.as_millis() as u64,
            "retrying"
        );
        Some(delay)
    }

    /// The non-generic core of every call: sends `request` for `op` with retries and timeouts
    /// and returns the successful (2xx) response or a classified failure.
    ///
    /// Boxed on purpose. The state machine of an `async fn` is not exported by the crate that
    /// defines it, so every crate awaiting [`dispatch_unboxed`](Self::dispatch_unboxed) from a
    /// generic function (a generated crate's operations) compiled its own copies of the whole
    /// retry loop, one per codegen unit (about 150 KB of a one-call program). Behind a
    /// `dyn Future` it is compiled once, here; the cost is one allocation per call.
    #[inline(never)]
    pub(crate) fn dispatch<'a>(
        &'a self,
        op: &'static OperationMeta,
        request: SerializedRequest,
        options: &'a CallOptions,
        extras: &'a RequestExtras,
        stream_response: bool,
        input_stream: Option<InputEventStream>,
    ) -> DispatchFuture<'a> {
        Box::pin(self.dispatch_unboxed(op, request, options, extras, stream_response, input_stream))
    }

    /// [`dispatch`](Self::dispatch) itself.
    async fn dispatch_unboxed(
        &self,
        op: &'static OperationMeta,
        request: SerializedRequest,
        options: &CallOptions,
        extras: &RequestExtras,
        stream_response: bool,
        input_stream: Option<InputEventStream>,
    ) -> Result<Dispatched, Failure> {
        let construction = |e: ConstructionError| Failure::Construction(e.for_operation(op.name));
        let inner = &*self.inner;
        let config = &inner.config;
        let retry = options.effective_retry(config);
        let timeouts = options.effective_timeouts(config);
        let http = inner.http.as_ref().ok_or_else(|| {
            construction(ConstructionError::invalid_config(
                "no HTTP client configured (enable the `default-https-client` feature or set \
                 one with ConfigBuilder::http_client)",
            ))
        })?;
        if let Some(reason) = self.call.as_deref().and_then(|c| c.invalid_header()) {
            return Err(construction(ConstructionError::new(reason.to_owned())));
        }
        let mut call = self.prepare(request, extras).await.map_err(construction)?;
        if let Some(stream) = input_stream {
            event_stream::prepare(&mut call, stream).map_err(construction)?;
        }
        let timeouts = match call.stream {
            Some(_) => timeouts.for_streamed_upload(),
            None => timeouts,
        };
        let uses_timers = timeouts.attempt().is_some()
            || timeouts.operation().is_some()
            || retry.max_attempts() > 1;
        if uses_timers && tokio::runtime::Handle::try_current().is_err() {
            return Err(construction(ConstructionError::new(
                "timeouts and retries need a Tokio runtime; call from within one \
                 (or disable both)",
            )));
        }
        let limits = CallLimits {
            transport: TransportSettings::new(timeouts.connect(), config.max_response_bytes())
                .with_streaming_response(stream_response),
            deadline: timeouts
                .operation()
                .and_then(|d| Instant::now().checked_add(d)),
            retry,
            timeouts,
        };

        let mut attempt = 0u32;
        let mut last_retry_cost = 0u32;
        let adaptive = limits.retry.mode() == crate::config::RetryMode::Adaptive;
        loop {
            attempt += 1;
            if adaptive && let Some(wait) = inner.rate_limiter.acquire() {
                inner.config.sleep_impl().sleep(wait).await;
            }
            // The attempt budget is the attempt timeout, shortened to what is left of the
            // operation timeout; whichever is shorter is reported if it fires.
            let remaining = limits
                .deadline
                .map(|d| d.saturating_duration_since(Instant::now()));
            let limit = match (limits.timeouts.attempt(), remaining) {
                (Some(a), Some(r)) if r < a => Some((r, TimeoutKind::Operation)),
                (Some(a), _) => Some((a, TimeoutKind::Attempt)),
                (None, Some(r)) => Some((r, TimeoutKind::Operation)),
                (None, None) => None,
            };
            let outcome = self.attempt(op, &call, http, &limits, limit, attempt).await;
            if adaptive {
                // The adaptive rate limiter learns from every response the service gave.
                match &outcome {
                    Outcome::Success(_) => inner.rate_limiter.on_response(false),
                    Outcome::Failed(Failure::Service(_), kind) => inner
                        .rate_limiter
                        .on_response(*kind == Some(RetryKind::Throttling)),
                    _ => {}
                }
            }
            let (failure, kind) = match outcome {
                Outcome::Success(ok) => {
                    if limits.retry.retry_quota() {
                        inner.quota.on_success(last_retry_cost);
                    }
                    return Ok(ok);
                }
                Outcome::Fatal(failure) => return Err(failure),
                // The input event stream was handed to that attempt: there is no second copy.
                Outcome::Failed(failure, _) if call.input_stream.is_some() => return Err(failure),
                // A one-shot stream went with the attempt: nothing is left to send again.
                Outcome::Failed(failure, _)
                    if call.stream.as_ref().is_some_and(|s| !s.replayable()) =>
                {
                    tracing::debug!(
                        operation = op.name,
                        attempt,
                        "not retrying: the request body was a one-shot stream"
                    );
                    return Err(failure);
                }
                Outcome::Failed(failure, kind) => (failure, kind),
            };
            match self.retry_decision(op, &limits, attempt, &failure, kind, &mut last_retry_cost) {
                Some(delay) => inner.config.sleep_impl().sleep(delay).await,
                None => return Err(failure),
            }
        }
    }
}

#[cfg(feature = "default-https-client")]
fn default_http_client() -> Option<SharedHttpClient> {
    Some(crate::transport::default_client())
}

#[cfg(not(feature = "default-https-client"))]
fn default_http_client() -> Option<SharedHttpClient> {
    None
}

enum AttemptError {
    Construction(ConstructionError),
    Interceptor(InterceptorError),
    Transport(TransportError),
    Timeout(TimeoutKind),
}

/// The request URI: the endpoint (`scheme://host/path/`, its path ending in `/`) joined with
/// the operation's path and query. The operation's path starts with `/`, or is empty when
/// the endpoint's path is the whole path (S3's `/{Bucket}` with the bucket moved into the
/// endpoint): then a non-root endpoint path loses its trailing `/` (path style:
/// `https://s3.us-west-2.amazonaws.com/bucket?list-type=2`) and a root one keeps it.
fn join_endpoint(endpoint: &str, path_and_query: &str) -> String {
    if let Some(rest) = path_and_query.strip_prefix('/') {
        return format!("{endpoint}{rest}");
    }
    let authority_end = endpoint.split_once("://").map_or(0, |(scheme, rest)| {
        scheme.len() + 3 + rest.find('/').unwrap_or(rest.len())
    });
    let root = endpoint.len() <= authority_end + 1;
    match endpoint.strip_suffix('/') {
        Some(trimmed) if !root => format!("{trimmed}{path_and_query}"),
        _ => format!("{endpoint}{path_and_query}"),
    }
}

#[cfg(test)]
mod join_tests;
