//! Calling operations: [`ClientHandle`] and [`invoke`].
//!
//! Compile time is a product goal, so the split is deliberate: [`invoke`] is the only generic
//! function and does three small things (serialize once, call the core, parse the result). The
//! core, `ClientHandle::dispatch`, is an ordinary non-generic `async fn` compiled exactly once:
//! endpoint, headers, signing, transport, timeouts, retries and error classification all live
//! there.
//!
//! What a generated operation boils down to:
//!
//! ```no_run
//! use smithy_client_runtime::client::{ClientHandle, SetRequestId, invoke};
//! use smithy_client_runtime::config::{CallOptions, Config};
//! use smithy_client_runtime::error::{ErrorMetadata, ParseServiceError, SdkError, Unhandled};
//! use smithy_client_runtime::json::{DeserializeError, DeserializeJson, JsonWriter, SerializeJson, Value, de};
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
//! static GET_THING: OperationMeta = OperationMeta { name: "GetThing", errors: &[], unsigned: false };
//!
//! struct Input { catalog: Option<String> }
//! impl SerializeJson for Input {
//!     fn serialize_json(&self, w: &mut JsonWriter) {
//!         w.begin_object();
//!         if let Some(v) = &self.catalog { w.key("Catalog"); w.string(v); }
//!         w.end_object();
//!     }
//! }
//!
//! #[derive(Default)]
//! struct Output { status: Option<String>, request_id: Option<String> }
//! impl DeserializeJson for Output {
//!     fn deserialize_json(v: &Value) -> Result<Self, DeserializeError> {
//!         let mut out = Output::default();
//!         for (k, v) in de::object(v)? {
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
//!     fn parse_service_error(_code: &str, _body: &Value, meta: ErrorMetadata) -> Self {
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
mod extras;
mod signing;
mod target;

pub use extras::{Compression, RequestExtras};

use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, HOST, USER_AGENT};
use http::{HeaderName, HeaderValue, Method};
use tokio::time::Instant;

use crate::config::{CallOptions, Config};
use crate::error::{
    ConstructionError, DispatchError, ParseServiceError, RawResponse, ResponseError, SdkError,
    ServiceError, TimeoutError, TimeoutKind,
};
use crate::json::{DeserializeJson, JsonWriter, SerializeJson, de};
use crate::service::{OperationMeta, ServiceMeta};
use crate::time::AsyncSleep as _;
use crate::transport::{
    HttpRequest, SdkBody, SharedHttpClient, TransportError, TransportSettings, buffer_response,
};

use classify::{ErrorDetails, RetryKind, RetryQuota};
use target::Target;

/// Lets [`invoke`] hand the response's request id to an output structure.
pub trait SetRequestId {
    /// Stores the request id (`x-amzn-RequestId`) of the response this output came from.
    fn set_request_id(&mut self, id: Option<String>);
}

impl SetRequestId for () {
    fn set_request_id(&mut self, _id: Option<String>) {}
}

const X_AMZN_QUERY_MODE: HeaderName = HeaderName::from_static("x-amzn-query-mode");
const USER_AGENT_VALUE: &str = concat!("smithy-client-runtime/", env!("CARGO_PKG_VERSION"));

/// A client for one service: configuration, transport, cached endpoint and retry quota.
/// Cloning is cheap (one `Arc`), and clones share everything.
#[derive(Clone)]
pub struct ClientHandle {
    inner: Arc<ClientInner>,
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
    content_type: HeaderValue,
    /// Resolved on first use; the error is kept as text because it is reported on every call.
    target: OnceLock<Result<Arc<Target>, ConstructionErrorText>>,
    quota: RetryQuota,
    /// Adaptive retry mode's client-side rate limiter (idle in standard mode).
    rate_limiter: crate::config::rate_limiter::ClientRateLimiter,
}

/// A cached endpoint failure, re-materialized as a fresh [`ConstructionError`] per call.
#[derive(Debug, Clone)]
struct ConstructionErrorText(String);

impl ClientHandle {
    /// A client for `service` with `config`. Cheap and infallible: the endpoint is resolved at
    /// the first call, and configuration problems are reported there.
    pub fn new(service: &'static ServiceMeta, config: Config) -> Self {
        let http = config.http_client().cloned().or_else(default_http_client);
        Self {
            inner: Arc::new(ClientInner {
                service,
                http,
                content_type: HeaderValue::from_static(service.protocol.content_type()),
                config,
                target: OnceLock::new(),
                quota: RetryQuota::new(),
                rate_limiter: crate::config::rate_limiter::ClientRateLimiter::new(),
            }),
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

    /// The client's endpoint, or this call's: another endpoint URL from the input, then the
    /// `@endpoint` host prefix in front of the host.
    fn call_target(&self, extras: &RequestExtras) -> Result<Arc<Target>, ConstructionError> {
        let mut target = match &extras.endpoint_url {
            Some(url) => {
                let config = self
                    .inner
                    .config
                    .to_builder()
                    .endpoint_url(url.clone())
                    .build();
                Arc::new(target::build_target(self.inner.service, &config)?)
            }
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

    /// Builds one attempt's request: headers, then the signature over the final request.
    async fn build_request(
        &self,
        op: &'static OperationMeta,
        target: &Target,
        body: &Bytes,
        amz_target: &HeaderValue,
        content_encoding: Option<Compression>,
    ) -> Result<HttpRequest, ConstructionError> {
        let inner = &*self.inner;
        let mut request = http::Request::new(SdkBody::from(body.clone()));
        *request.method_mut() = Method::POST;
        *request.uri_mut() = target.uri.clone();
        let headers = request.headers_mut();
        headers.reserve(8 + target.headers.len());
        headers.insert(HOST, target.host.clone());
        headers.insert(CONTENT_TYPE, inner.content_type.clone());
        headers.insert(signing::X_AMZ_TARGET, amz_target.clone());
        headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
        if inner.service.query_compatible {
            headers.insert(X_AMZN_QUERY_MODE, HeaderValue::from_static("true"));
        }
        if let Some(encoding) = content_encoding {
            headers.insert(
                CONTENT_ENCODING,
                HeaderValue::from_static(encoding.as_str()),
            );
        }
        for (name, value) in &target.headers {
            headers.append(name.clone(), value.clone());
        }
        headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));

        if let (false, Some(scope)) = (op.unsigned, &target.signing) {
            let region = scope.region.as_deref().ok_or_else(|| {
                ConstructionError::invalid_config(
                    "no region configured to sign with (set it on the config or in AWS_REGION)",
                )
            })?;
            let provider = inner.config.credentials_provider().ok_or_else(|| {
                ConstructionError::invalid_config(
                    "no credentials configured (use Config::builder().credentials(..) or \
                     Config::from_env())",
                )
            })?;
            use crate::credentials::ProvideCredentials as _;
            let credentials = provider
                .provide_credentials()
                .await
                .map_err(ConstructionError::credentials)?;
            signing::sign_request(
                &mut request,
                target,
                &credentials,
                &scope.name,
                region,
                crate::time::TimeSource::now(inner.config.time_source()),
            )?;
        }
        Ok(request)
    }

    /// The non-generic core of every call: sends `body` for `op` with retries and timeouts and
    /// returns the successful (2xx) response or a classified failure.
    pub(crate) async fn dispatch(
        &self,
        op: &'static OperationMeta,
        body: Bytes,
        options: &CallOptions,
        extras: &RequestExtras,
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
        let target = self.call_target(extras).map_err(construction)?;
        // Compressed once, before signing, so every attempt sends (and signs) the same bytes.
        let encoding = extras.compression.filter(|_| {
            !config.disable_request_compression()
                && body.len() >= config.min_compression_size_bytes()
        });
        let body = match encoding {
            Some(compression) => compression.compress(&body).map_err(construction)?,
            None => body,
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
        let amz_target = {
            let mut value =
                String::with_capacity(inner.service.service_name.len() + 1 + op.name.len());
            value.push_str(inner.service.service_name);
            value.push('.');
            value.push_str(op.name);
            HeaderValue::try_from(value).map_err(|_| {
                construction(ConstructionError::new(
                    "service or operation name is not a valid header value",
                ))
            })?
        };
        let settings = TransportSettings::new(timeouts.connect(), config.max_response_bytes());
        let deadline = timeouts
            .operation()
            .and_then(|d| Instant::now().checked_add(d));

        let mut attempt = 0u32;
        let mut last_retry_cost = 0u32;
        let adaptive = retry.mode() == crate::config::RetryMode::Adaptive;
        loop {
            attempt += 1;
            if adaptive && let Some(wait) = inner.rate_limiter.acquire() {
                config.sleep_impl().sleep(wait).await;
            }
            // The attempt budget is the attempt timeout, shortened to what is left of the
            // operation timeout; whichever is shorter is reported if it fires.
            let remaining = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            let limit = match (timeouts.attempt(), remaining) {
                (Some(a), Some(r)) if r < a => Some((r, TimeoutKind::Operation)),
                (Some(a), _) => Some((a, TimeoutKind::Attempt)),
                (None, Some(r)) => Some((r, TimeoutKind::Operation)),
                (None, None) => None,
            };
            let send = async {
                let request = self
                    .build_request(op, &target, &body, &amz_target, encoding)
                    .await
                    .map_err(AttemptError::Construction)?;
                let response = http.send(request, &settings).await;
                // In the attempt (and its timeout): a custom transport may hand back a stream.
                let response = response.map_err(AttemptError::Transport)?;
                buffer_response(response, settings.max_response_bytes)
                    .await
                    .map_err(AttemptError::Transport)
            };
            let result = match limit {
                Some((limit, kind)) => match tokio::time::timeout(limit, send).await {
                    Ok(r) => r,
                    Err(_) => Err(AttemptError::Timeout(kind)),
                },
                None => send.await,
            };

            let (failure, retry_kind) = match result {
                Ok(response) => {
                    let (parts, body) = response.into_parts();
                    if body.len() > config.max_response_bytes() {
                        // A custom transport ignored the limit; enforce it here too.
                        let e = TransportError::body_too_large(config.max_response_bytes());
                        return Err(Failure::Dispatch(DispatchError::new(op.name, attempt, e)));
                    }
                    let raw = RawResponse::new(parts.status.as_u16(), parts.headers, body);
                    if adaptive && parts.status.is_success() {
                        inner.rate_limiter.on_response(false);
                    }
                    if parts.status.is_success() {
                        if retry.retry_quota() {
                            inner.quota.on_success(last_retry_cost);
                        }
                        return Ok(Dispatched { raw, attempt });
                    }
                    let details = classify::error_details(&raw, inner.service.query_compatible);
                    let kind = classify::classify_error(raw.status(), &details, op.errors);
                    if adaptive {
                        inner
                            .rate_limiter
                            .on_response(kind == Some(RetryKind::Throttling));
                    }
                    let failure = Failure::Service(Box::new(ServiceFailure {
                        raw,
                        details,
                        attempts: attempt,
                        retryable: kind.is_some(),
                    }));
                    (failure, kind)
                }
                Err(AttemptError::Construction(e)) => return Err(construction(e)),
                Err(AttemptError::Timeout(kind)) => {
                    let duration = match kind {
                        TimeoutKind::Operation => timeouts.operation(),
                        _ => timeouts.attempt(),
                    }
                    .unwrap_or_default();
                    let retry_kind = (kind == TimeoutKind::Attempt).then_some(RetryKind::Timeout);
                    let e = TimeoutError::new(op.name, attempt, kind, duration);
                    (Failure::Timeout(e), retry_kind)
                }
                Err(AttemptError::Transport(e)) if e.is_connect() && e.is_timeout() => {
                    let duration = timeouts.connect().unwrap_or_default();
                    let e = TimeoutError::new(op.name, attempt, TimeoutKind::Connect, duration);
                    (Failure::Timeout(e), Some(RetryKind::Timeout))
                }
                Err(AttemptError::Transport(e)) => {
                    let kind = e.is_retryable().then_some(RetryKind::Transient);
                    (
                        Failure::Dispatch(DispatchError::new(op.name, attempt, e)),
                        kind,
                    )
                }
            };

            let Some(kind) = retry_kind else {
                return Err(failure);
            };
            if attempt >= retry.max_attempts() {
                return Err(failure);
            }
            let cost = RetryQuota::cost(kind);
            if retry.retry_quota() && !inner.quota.try_acquire(cost) {
                tracing::debug!(
                    operation = op.name,
                    attempt,
                    reason = kind.as_str(),
                    "not retrying: retry quota exhausted"
                );
                return Err(failure);
            }
            last_retry_cost = if retry.retry_quota() { cost } else { 0 };
            let server_delay = match &failure {
                Failure::Service(s) => classify::retry_after(&s.raw, retry.max_backoff()),
                _ => None,
            };
            let delay = server_delay
                .unwrap_or_else(|| classify::backoff(&retry, attempt, classify::jitter()));
            if let Some(deadline) = deadline
                && Instant::now()
                    .checked_add(delay)
                    .is_none_or(|end| end >= deadline)
            {
                // Sleeping would outlast the operation timeout: the real error is more useful
                // than a timeout that we know in advance would fire.
                return Err(failure);
            }
            tracing::debug!(
                operation = op.name,
                attempt,
                reason = kind.as_str(),
                error = %failure.summary(),
                delay_ms = delay.as_millis() as u64,
                "retrying"
            );
            config.sleep_impl().sleep(delay).await;
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
    Transport(TransportError),
    Timeout(TimeoutKind),
}

/// A successful (2xx) response and the number of attempts it took.
pub(crate) struct Dispatched {
    raw: RawResponse,
    attempt: u32,
}

/// Why [`ClientHandle::dispatch`] failed; converted into `SdkError<E>` by the generic layer.
pub(crate) enum Failure {
    Construction(ConstructionError),
    Timeout(TimeoutError),
    Dispatch(DispatchError),
    /// Boxed: error responses are the rare path and this keeps `Failure` small.
    Service(Box<ServiceFailure>),
}

pub(crate) struct ServiceFailure {
    raw: RawResponse,
    details: ErrorDetails,
    attempts: u32,
    retryable: bool,
}

impl Failure {
    /// One-line description for retry logs.
    fn summary(&self) -> String {
        match self {
            Failure::Construction(e) => e.to_string(),
            Failure::Timeout(e) => e.to_string(),
            Failure::Dispatch(e) => e.to_string(),
            Failure::Service(s) => format!(
                "status {} {}",
                s.raw.status(),
                s.details.meta.code().unwrap_or("(no error code)")
            ),
        }
    }

    /// The only generic step of error handling: the service arm asks `E` to parse itself.
    fn into_sdk_error<E: ParseServiceError>(self, op: &'static OperationMeta) -> SdkError<E> {
        match self {
            Failure::Construction(e) => SdkError::Construction(e),
            Failure::Timeout(e) => SdkError::Timeout(e),
            Failure::Dispatch(e) => SdkError::Dispatch(e),
            Failure::Service(s) => {
                let ServiceFailure {
                    raw,
                    mut details,
                    attempts,
                    retryable,
                } = *s;
                if E::message_is_sensitive(&details.shape_code) {
                    details.meta = details.meta.without_message();
                }
                let err = E::parse_service_error(
                    &details.shape_code,
                    &details.body,
                    details.meta.clone(),
                );
                SdkError::Service(ServiceError::new(
                    op.name,
                    attempts,
                    retryable,
                    err,
                    raw,
                    details.meta,
                ))
            }
        }
    }
}

/// Non-generic half of output parsing.
fn parse_success<E>(
    op: &'static OperationMeta,
    ok: &Dispatched,
) -> Result<crate::json::Value, SdkError<E>> {
    de::parse(ok.raw.body())
        .map_err(|e| SdkError::Response(ResponseError::new(op.name, ok.attempt, ok.raw.clone(), e)))
}

fn serialize_input<I: SerializeJson + ?Sized>(input: &I) -> Result<Bytes, ConstructionError> {
    let mut w = JsonWriter::new();
    input.serialize_json(&mut w);
    if let Some(reason) = w.error() {
        return Err(ConstructionError::new(reason.to_string()));
    }
    let bytes = w.into_bytes();
    // awsJson never sends an empty body; `{}` stands for "no members".
    if bytes.is_empty() {
        Ok(Bytes::from_static(b"{}"))
    } else {
        Ok(Bytes::from(bytes))
    }
}

/// Calls one operation: serializes `input` once (so the body and any idempotency token are
/// identical on every retry), runs the non-generic core, then parses the output or the error.
pub async fn invoke<I, O, E>(
    handle: &ClientHandle,
    op: &'static OperationMeta,
    input: &I,
    options: &CallOptions,
) -> Result<O, SdkError<E>>
where
    I: SerializeJson + ?Sized,
    O: DeserializeJson + SetRequestId,
    E: ParseServiceError,
{
    invoke_with(handle, op, input, options, &RequestExtras::default()).await
}

/// [`invoke`] for operations with per-call request details: a host prefix, request
/// compression, or an endpoint taken from the input.
pub async fn invoke_with<I, O, E>(
    handle: &ClientHandle,
    op: &'static OperationMeta,
    input: &I,
    options: &CallOptions,
    extras: &RequestExtras,
) -> Result<O, SdkError<E>>
where
    I: SerializeJson + ?Sized,
    O: DeserializeJson + SetRequestId,
    E: ParseServiceError,
{
    let body =
        serialize_input(input).map_err(|e| SdkError::Construction(e.for_operation(op.name)))?;
    let ok = match handle.dispatch(op, body, options, extras).await {
        Ok(ok) => ok,
        Err(failure) => return Err(failure.into_sdk_error(op)),
    };
    let value = parse_success(op, &ok)?;
    match O::deserialize_json(&value) {
        Ok(mut output) => {
            output.set_request_id(ok.raw.request_id().map(str::to_owned));
            Ok(output)
        }
        Err(e) => Err(SdkError::Response(ResponseError::new(
            op.name, ok.attempt, ok.raw, e,
        ))),
    }
}
