//! Errors returned by operations.
//!
//! [`SdkError`] says *where* a call failed (building the request, timing out, the transport,
//! an unreadable response, or a service error) and always knows the operation name and how many
//! attempts were made, so its `Display` alone is enough to diagnose a failure in a log line.

/// An interceptor's failure (defined with the interceptors).
pub use crate::interceptor::InterceptorError;
use std::borrow::Cow;
use std::error::Error;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;

use crate::json::DeserializeError;
use crate::transport::TransportError;

/// Code, message, request id and HTTP status of an error response.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    status: Option<u16>,
}

/// Returned by `meta()` for errors that carry no metadata.
static EMPTY_METADATA: ErrorMetadata = ErrorMetadata {
    code: None,
    message: None,
    request_id: None,
    status: None,
};

impl ErrorMetadata {
    /// Starts building metadata (used by generated code and tests).
    pub fn builder() -> ErrorMetadataBuilder {
        ErrorMetadataBuilder::default()
    }

    /// The error code (the error shape name, or the awsQuery code for query-compatible services).
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The human-readable message from the service.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The request id the service assigned (quote it in support cases).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The HTTP status code.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The same metadata without the message (for errors whose message is `@sensitive`).
    pub(crate) fn without_message(self) -> Self {
        Self {
            message: None,
            ..self
        }
    }
}

/// Builder for [`ErrorMetadata`].
#[derive(Clone, Debug, Default)]
pub struct ErrorMetadataBuilder {
    inner: ErrorMetadata,
}

impl ErrorMetadataBuilder {
    /// Sets the error code.
    pub fn code(mut self, code: impl Into<String>) -> Self {
        self.inner.code = Some(code.into());
        self
    }

    /// Sets or clears the error code.
    pub fn set_code(mut self, code: Option<String>) -> Self {
        self.inner.code = code;
        self
    }

    /// Sets the message.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.inner.message = Some(message.into());
        self
    }

    /// Sets or clears the message.
    pub fn set_message(mut self, message: Option<String>) -> Self {
        self.inner.message = message;
        self
    }

    /// Sets the request id.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.inner.request_id = Some(request_id.into());
        self
    }

    /// Sets or clears the request id.
    pub fn set_request_id(mut self, request_id: Option<String>) -> Self {
        self.inner.request_id = request_id;
        self
    }

    /// Sets the HTTP status.
    pub fn status(mut self, status: u16) -> Self {
        self.inner.status = Some(status);
        self
    }

    /// Finishes the metadata.
    pub fn build(self) -> ErrorMetadata {
        self.inner
    }
}

/// Gives uniform access to error code, message and request id (implemented by generated error
/// types, [`Unhandled`] and [`SdkError`]).
pub trait ProvideErrorMetadata {
    /// The metadata of this error.
    fn meta(&self) -> &ErrorMetadata;

    /// The error code, if any.
    fn code(&self) -> Option<&str> {
        self.meta().code()
    }

    /// The message, if any.
    fn message(&self) -> Option<&str> {
        self.meta().message()
    }

    /// The request id, if any.
    fn request_id(&self) -> Option<&str> {
        self.meta().request_id()
    }
}

impl ProvideErrorMetadata for ErrorMetadata {
    fn meta(&self) -> &ErrorMetadata {
        self
    }
}

/// A service error this client has no type for (an error code not in the model, or a body that
/// was not JSON). Opaque on purpose: match on `code()` instead, since a later client version may
/// turn it into a typed variant.
pub struct Unhandled {
    meta: ErrorMetadata,
    source: Option<Box<dyn Error + Send + Sync + 'static>>,
}

impl Unhandled {
    /// For generated code only.
    #[doc(hidden)]
    pub fn new(
        meta: ErrorMetadata,
        source: Option<Box<dyn Error + Send + Sync + 'static>>,
    ) -> Self {
        Self { meta, source }
    }
}

impl fmt::Debug for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Unhandled")
            .field("meta", &self.meta)
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = self.meta.code().map(|c| Bounded(c, MAX_DISPLAY_CODE));
        let message = self.meta.message().map(|m| Bounded(m, MAX_DISPLAY_MESSAGE));
        match (code, message) {
            (Some(code), Some(message)) => write!(f, "{code}: {message}"),
            (Some(code), None) => write!(f, "{code}"),
            (None, Some(message)) => write!(f, "unhandled error: {message}"),
            (None, None) => f.write_str("unhandled error"),
        }
    }
}

impl Error for Unhandled {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}

impl ProvideErrorMetadata for Unhandled {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

/// The HTTP response behind a service or response error, kept for diagnostics.
#[derive(Clone)]
pub struct RawResponse {
    status: u16,
    headers: http::HeaderMap,
    body: Bytes,
}

impl RawResponse {
    /// Wraps response parts (used by the client and by tests).
    #[doc(hidden)]
    pub fn new(status: u16, headers: http::HeaderMap, body: Bytes) -> Self {
        Self {
            status,
            headers,
            body,
        }
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }

    /// The response body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    pub(crate) fn header_str(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The request id from `x-amzn-RequestId` (or the older `x-amz-request-id`).
    pub(crate) fn request_id(&self) -> Option<&str> {
        self.header_str("x-amzn-requestid")
            .or_else(|| self.header_str("x-amz-request-id"))
    }
}

impl fmt::Debug for RawResponse {
    // The body may hold sensitive members of an error shape, so only its size is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

/// Builds an operation's error enum from an error response (implemented by generated code).
pub trait ParseServiceError: Sized {
    /// `code` is the sanitized error shape name (empty when the response had none), `response`
    /// the error response (its body is read with the protocol's rules), `meta` the metadata
    /// the protocol extracted. Unknown codes and unreadable bodies map to an `Unhandled`
    /// variant, never fail.
    fn parse_service_error(code: &str, response: &RawResponse, meta: ErrorMetadata) -> Self;

    /// Whether the modeled error `code` has a `@sensitive` message (or is `@sensitive` as a
    /// whole). The runtime then drops the message it read generically from the body before
    /// building any metadata, so it cannot reach `Display`, `Debug`, `message()` or logs.
    fn message_is_sensitive(code: &str) -> bool {
        let _ = code;
        false
    }
}

/// A builder was asked to build a value whose required member is not set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    shape: &'static str,
    member: &'static str,
}

impl BuildError {
    /// The required member `member` of `shape` is not set.
    pub fn missing(shape: &'static str, member: &'static str) -> Self {
        Self { shape, member }
    }

    /// The type that could not be built.
    pub fn shape(&self) -> &'static str {
        self.shape
    }

    /// The member (as named in the model) that is missing.
    pub fn member(&self) -> &'static str {
        self.member
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot build `{}`: required member `{}` is not set",
            self.shape, self.member
        )
    }
}

impl Error for BuildError {}

impl From<BuildError> for ConstructionError {
    fn from(e: BuildError) -> Self {
        ConstructionError::missing_member(e.member)
    }
}

#[derive(Debug)]
enum ConstructionKind {
    MissingMember(Cow<'static, str>),
    InvalidConfig(Cow<'static, str>),
    Endpoint(Cow<'static, str>),
    Credentials,
    Signing,
    Other(Cow<'static, str>),
}

/// The request could not be built: a missing required member, invalid configuration, a failed
/// endpoint resolution, missing credentials or a signing failure. Never retried.
#[derive(Debug)]
pub struct ConstructionError {
    operation: &'static str,
    kind: ConstructionKind,
    source: Option<Box<dyn Error + Send + Sync + 'static>>,
}

impl ConstructionError {
    fn with_kind(kind: ConstructionKind) -> Self {
        Self {
            operation: "",
            kind,
            source: None,
        }
    }

    /// A required input member was not set.
    pub fn missing_member(member: impl Into<Cow<'static, str>>) -> Self {
        Self::with_kind(ConstructionKind::MissingMember(member.into()))
    }

    /// The client configuration is unusable (no region, bad endpoint URL, ...).
    pub fn invalid_config(message: impl Into<Cow<'static, str>>) -> Self {
        Self::with_kind(ConstructionKind::InvalidConfig(message.into()))
    }

    /// Endpoint resolution failed.
    pub fn endpoint(message: impl Into<Cow<'static, str>>) -> Self {
        Self::with_kind(ConstructionKind::Endpoint(message.into()))
    }

    /// Credentials could not be loaded (the cause is the source).
    pub fn credentials(source: impl Into<Box<dyn Error + Send + Sync + 'static>>) -> Self {
        Self::with_kind(ConstructionKind::Credentials).with_source(source)
    }

    /// The request could not be signed (the cause is the source).
    pub fn signing(source: impl Into<Box<dyn Error + Send + Sync + 'static>>) -> Self {
        Self::with_kind(ConstructionKind::Signing).with_source(source)
    }

    /// Any other reason.
    pub fn new(message: impl Into<Cow<'static, str>>) -> Self {
        Self::with_kind(ConstructionKind::Other(message.into()))
    }

    /// Attaches the underlying cause.
    pub fn with_source(
        mut self,
        source: impl Into<Box<dyn Error + Send + Sync + 'static>>,
    ) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Records which operation was being built (shown in `Display`).
    pub fn for_operation(mut self, operation: &'static str) -> Self {
        self.operation = operation;
        self
    }

    /// The operation name, empty if unknown.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The name of the missing member, for [`missing_member`](Self::missing_member) errors.
    pub fn missing_member_name(&self) -> Option<&str> {
        match &self.kind {
            ConstructionKind::MissingMember(m) => Some(m),
            _ => None,
        }
    }
}

impl fmt::Display for ConstructionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ConstructionKind::MissingMember(m) => write!(f, "missing required member `{m}`")?,
            ConstructionKind::InvalidConfig(m) => write!(f, "invalid configuration: {m}")?,
            ConstructionKind::Endpoint(m) => write!(f, "endpoint resolution failed: {m}")?,
            ConstructionKind::Credentials => f.write_str("could not load credentials")?,
            ConstructionKind::Signing => f.write_str("could not sign the request")?,
            ConstructionKind::Other(m) => f.write_str(m)?,
        }
        // The causes are part of the one-line message because they are usually the actionable
        // part ("AWS_ACCESS_KEY_ID is not set"), and many loggers never walk `source()`.
        // Credential errors in particular keep their detail one level down.
        let mut cause = self.source.as_deref().map(|e| e as &(dyn Error + 'static));
        let mut depth = 0;
        while let Some(e) = cause {
            write!(f, ": {e}")?;
            depth += 1;
            if depth == 4 {
                break;
            }
            cause = e.source();
        }
        Ok(())
    }
}

impl Error for ConstructionError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}

/// Which timeout fired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Establishing the connection (TCP, and TLS where the transport covers it) took too long.
    Connect,
    /// One attempt (send + read the whole response) took too long.
    Attempt,
    /// The whole operation, across all attempts and backoff, took too long.
    Operation,
}

/// A configured timeout elapsed.
#[derive(Debug)]
pub struct TimeoutError {
    operation: &'static str,
    attempts: u32,
    kind: TimeoutKind,
    duration: Duration,
}

impl TimeoutError {
    pub(crate) fn new(
        operation: &'static str,
        attempts: u32,
        kind: TimeoutKind,
        duration: Duration,
    ) -> Self {
        Self {
            operation,
            attempts,
            kind,
            duration,
        }
    }

    /// Which timeout fired.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }

    /// The configured duration of that timeout.
    pub fn duration(&self) -> Duration {
        self.duration
    }

    /// The operation name.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// Attempts made.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TimeoutKind::Connect => "connect timeout",
            TimeoutKind::Attempt => "attempt timeout",
            TimeoutKind::Operation => "operation timeout",
        };
        write!(f, "{what} of {:?} elapsed", self.duration)
    }
}

impl Error for TimeoutError {}

/// The transport failed (connection refused or reset, DNS, TLS, response too large, ...).
#[derive(Debug)]
pub struct DispatchError {
    operation: &'static str,
    attempts: u32,
    error: TransportError,
}

impl DispatchError {
    pub(crate) fn new(operation: &'static str, attempts: u32, error: TransportError) -> Self {
        Self {
            operation,
            attempts,
            error,
        }
    }

    /// The transport error of the last attempt.
    pub fn transport_error(&self) -> &TransportError {
        &self.error
    }

    /// Whether the connection could not be established.
    pub fn is_connect(&self) -> bool {
        self.error.is_connect()
    }

    /// The operation name.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// Attempts made.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl fmt::Display for DispatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl Error for DispatchError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.error.source()
    }
}

/// A response arrived but could not be understood (for example malformed JSON on a 2xx).
#[derive(Debug)]
pub struct ResponseError {
    /// Boxed so `SdkError` stays small on the success path of `Result<O, SdkError<E>>`.
    inner: Box<ResponseErrorInner>,
}

#[derive(Debug)]
struct ResponseErrorInner {
    operation: &'static str,
    attempts: u32,
    raw: RawResponse,
    meta: ErrorMetadata,
    error: DeserializeError,
}

impl ResponseError {
    pub(crate) fn new(
        operation: &'static str,
        attempts: u32,
        raw: RawResponse,
        error: DeserializeError,
    ) -> Self {
        let meta = ErrorMetadata {
            status: Some(raw.status()),
            request_id: raw.request_id().map(str::to_owned),
            ..ErrorMetadata::default()
        };
        Self {
            inner: Box::new(ResponseErrorInner {
                operation,
                attempts,
                raw,
                meta,
                error,
            }),
        }
    }

    /// The response that could not be parsed.
    pub fn raw(&self) -> &RawResponse {
        &self.inner.raw
    }

    /// Why it could not be parsed.
    pub fn deserialize_error(&self) -> &DeserializeError {
        &self.inner.error
    }

    /// The operation name.
    pub fn operation(&self) -> &'static str {
        self.inner.operation
    }

    /// Attempts made.
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not parse the response: {}", self.inner.error)
    }
}

impl Error for ResponseError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.inner.error)
    }
}

/// The service answered with an error response.
#[derive(Debug)]
pub struct ServiceError<E> {
    err: E,
    /// Boxed so `SdkError` stays small on the success path of `Result<O, SdkError<E>>`.
    ctx: Box<ServiceErrorContext>,
}

#[derive(Debug)]
struct ServiceErrorContext {
    operation: &'static str,
    attempts: u32,
    retryable: bool,
    raw: RawResponse,
    /// A copy of the metadata so `Display` works for any `E` without extra bounds.
    meta: ErrorMetadata,
}

impl<E> ServiceError<E> {
    /// Builds a service error (used by the client and by tests).
    #[doc(hidden)]
    pub fn new(
        operation: &'static str,
        attempts: u32,
        retryable: bool,
        err: E,
        raw: RawResponse,
        meta: ErrorMetadata,
    ) -> Self {
        Self {
            err,
            ctx: Box::new(ServiceErrorContext {
                operation,
                attempts,
                retryable,
                raw,
                meta,
            }),
        }
    }

    /// The typed error.
    pub fn err(&self) -> &E {
        &self.err
    }

    /// Takes the typed error.
    pub fn into_err(self) -> E {
        self.err
    }

    /// The raw HTTP response.
    pub fn raw(&self) -> &RawResponse {
        &self.ctx.raw
    }

    /// Code, message, request id and status.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.ctx.meta
    }

    /// The operation name.
    pub fn operation(&self) -> &'static str {
        self.ctx.operation
    }

    /// Attempts made.
    pub fn attempts(&self) -> u32 {
        self.ctx.attempts
    }

    fn map<F>(self, f: impl FnOnce(E) -> F) -> ServiceError<F> {
        ServiceError {
            err: f(self.err),
            ctx: self.ctx,
        }
    }
}

/// Longest error code / message shown by `Display` (the accessors return them in full): a
/// hostile or broken server must not be able to produce megabyte-sized log lines.
const MAX_DISPLAY_CODE: usize = 256;
const MAX_DISPLAY_MESSAGE: usize = 2048;

/// Displays network-controlled text, cut at `max` bytes with a marker.
struct Bounded<'a>(&'a str, usize);

impl fmt::Display for Bounded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (head, cut) = crate::json::truncated(self.0, self.1);
        f.write_str(head)?;
        if cut {
            f.write_str("... (truncated)")?;
        }
        Ok(())
    }
}

impl<E> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = self.ctx.raw.status;
        let code = self.ctx.meta.code().map(|c| Bounded(c, MAX_DISPLAY_CODE));
        let message = self
            .ctx
            .meta
            .message()
            .map(|m| Bounded(m, MAX_DISPLAY_MESSAGE));
        match (code, message) {
            (Some(code), Some(message)) => write!(f, "{code}: {message}"),
            (Some(code), None) => write!(f, "{code}"),
            (None, Some(message)) => {
                write!(f, "service returned status {status}: {message}")
            }
            (None, None) => write!(f, "service returned status {status} without an error code"),
        }
    }
}

impl<E: Error + 'static> Error for ServiceError<E> {
    /// `Display` already shows the code and message the typed error would print, so the chain
    /// continues with the typed error's own cause: printing the whole chain (anyhow's `{:#}`)
    /// must not repeat the service's message. The typed error itself is [`ServiceError::err`].
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.err.source()
    }
}

/// The error of every operation call. `E` is the operation's modeled error enum.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The request could not be built.
    Construction(ConstructionError),
    /// A timeout elapsed.
    Timeout(TimeoutError),
    /// The transport failed.
    Dispatch(DispatchError),
    /// A response arrived but could not be understood.
    Response(ResponseError),
    /// The service answered with an error.
    Service(ServiceError<E>),
    /// An interceptor's hook failed (see [`crate::interceptor`]); never retried.
    Interceptor(crate::interceptor::InterceptorError),
}

impl<E> SdkError<E> {
    /// A request for `operation` that could not be built (nothing was sent).
    pub fn construction(operation: &'static str, error: impl Into<ConstructionError>) -> Self {
        SdkError::Construction(error.into().for_operation(operation))
    }

    /// The operation that failed (empty if the error was built outside a call).
    pub fn operation(&self) -> &'static str {
        match self {
            SdkError::Construction(e) => e.operation,
            SdkError::Timeout(e) => e.operation,
            SdkError::Dispatch(e) => e.operation,
            SdkError::Response(e) => e.operation(),
            SdkError::Service(e) => e.operation(),
            SdkError::Interceptor(e) => e.operation,
        }
    }

    /// How many attempts were made (0 if the request was never sent).
    pub fn attempts(&self) -> u32 {
        match self {
            SdkError::Construction(_) => 0,
            SdkError::Timeout(e) => e.attempts,
            SdkError::Dispatch(e) => e.attempts,
            SdkError::Response(e) => e.attempts(),
            SdkError::Service(e) => e.attempts(),
            SdkError::Interceptor(e) => e.attempt,
        }
    }

    /// Whether the (last) failure was retryable by this runtime's classification; `true` on a
    /// returned error means the retries or the retry quota ran out.
    pub fn is_retryable(&self) -> bool {
        match self {
            SdkError::Construction(_) | SdkError::Response(_) | SdkError::Interceptor(_) => false,
            SdkError::Timeout(e) => e.kind != TimeoutKind::Operation,
            SdkError::Dispatch(e) => e.error.is_retryable(),
            SdkError::Service(e) => e.ctx.retryable,
        }
    }

    /// Whether this is a timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, SdkError::Timeout(_))
    }

    /// The service error, if the service answered with one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(e) => Some(&e.err),
            _ => None,
        }
    }

    /// Takes the service error, if the service answered with one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            SdkError::Service(e) => Some(e.err),
            _ => None,
        }
    }

    /// The HTTP response, for service and response errors.
    pub fn raw_response(&self) -> Option<&RawResponse> {
        match self {
            SdkError::Service(e) => Some(e.raw()),
            SdkError::Response(e) => Some(e.raw()),
            _ => None,
        }
    }

    /// The HTTP status, for service and response errors.
    pub fn status(&self) -> Option<u16> {
        self.raw_response().map(RawResponse::status)
    }

    /// The error code, for service errors.
    pub fn code(&self) -> Option<&str> {
        ProvideErrorMetadata::code(self)
    }

    /// The service's message, for service errors.
    pub fn message(&self) -> Option<&str> {
        ProvideErrorMetadata::message(self)
    }

    /// The request id, whenever a response carried one.
    pub fn request_id(&self) -> Option<&str> {
        ProvideErrorMetadata::request_id(self)
    }

    /// Converts the service error type (for example into a service-wide error enum).
    pub fn map_service_error<F>(self, f: impl FnOnce(E) -> F) -> SdkError<F> {
        match self {
            SdkError::Construction(e) => SdkError::Construction(e),
            SdkError::Timeout(e) => SdkError::Timeout(e),
            SdkError::Dispatch(e) => SdkError::Dispatch(e),
            SdkError::Response(e) => SdkError::Response(e),
            SdkError::Interceptor(e) => SdkError::Interceptor(e),
            SdkError::Service(e) => SdkError::Service(e.map(f)),
        }
    }
}

impl<E> ProvideErrorMetadata for SdkError<E> {
    fn meta(&self) -> &ErrorMetadata {
        match self {
            SdkError::Service(e) => &e.ctx.meta,
            SdkError::Response(e) => &e.inner.meta,
            _ => &EMPTY_METADATA,
        }
    }
}

impl<E> From<ConstructionError> for SdkError<E> {
    fn from(e: ConstructionError) -> Self {
        SdkError::Construction(e)
    }
}

impl<E> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let op = self.operation();
        if let SdkError::Construction(e) = self {
            return if op.is_empty() {
                write!(f, "request could not be built: {e}")
            } else {
                write!(f, "{op} failed: {e}")
            };
        }
        let attempts = self.attempts();
        if op.is_empty() {
            f.write_str("request failed")?;
        } else {
            write!(f, "{op} failed")?;
        }
        if attempts > 1 {
            write!(f, " after {attempts} attempts")?;
        }
        f.write_str(": ")?;
        match self {
            SdkError::Construction(_) => {}
            SdkError::Timeout(e) => fmt::Display::fmt(e, f)?,
            SdkError::Dispatch(e) => fmt::Display::fmt(e, f)?,
            SdkError::Response(e) => fmt::Display::fmt(e, f)?,
            SdkError::Service(e) => fmt::Display::fmt(e, f)?,
            SdkError::Interceptor(e) => fmt::Display::fmt(e, f)?,
        }
        // Context in parentheses: status, request id, and the attempt count when the head did
        // not already say it.
        let mut parts: Vec<String> = Vec::with_capacity(3);
        if let Some(status) = self.status() {
            parts.push(format!("status {status}"));
        }
        if let Some(id) = self.request_id() {
            parts.push(format!("request id {}", Bounded(id, MAX_DISPLAY_CODE)));
        }
        if attempts == 1 {
            parts.push("1 attempt".to_owned());
        }
        if !parts.is_empty() {
            write!(f, " ({})", parts.join(", "))?;
        }
        Ok(())
    }
}

impl<E: Error + 'static> Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            SdkError::Construction(e) => e.source(),
            SdkError::Timeout(_) => None,
            SdkError::Dispatch(e) => e.source(),
            SdkError::Response(e) => Some(&e.inner.error),
            // Not `&e.err`: its text is already in our `Display` (see `ServiceError::source`).
            SdkError::Service(e) => e.source(),
            SdkError::Interceptor(e) => e.source(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct NotFound(ErrorMetadata);
    impl fmt::Display for NotFound {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("not found")
        }
    }
    impl Error for NotFound {}

    fn raw(status: u16) -> RawResponse {
        let mut headers = http::HeaderMap::new();
        headers.insert("x-amzn-requestid", "abc-123".parse().unwrap());
        RawResponse::new(status, headers, Bytes::from_static(b"{}"))
    }

    #[test]
    fn service_error_display_is_informative() {
        let meta = ErrorMetadata::builder()
            .code("ResourceNotFoundException")
            .message("job not found")
            .request_id("abc-123")
            .status(404)
            .build();
        let err: SdkError<NotFound> = SdkError::Service(ServiceError::new(
            "GetResourceSnapshotJob",
            1,
            false,
            NotFound(meta.clone()),
            raw(404),
            meta,
        ));
        assert_eq!(
            err.to_string(),
            "GetResourceSnapshotJob failed: ResourceNotFoundException: job not found \
             (status 404, request id abc-123, 1 attempt)"
        );
        assert_eq!(err.code(), Some("ResourceNotFoundException"));
        assert_eq!(err.message(), Some("job not found"));
        assert_eq!(err.request_id(), Some("abc-123"));
        assert_eq!(err.status(), Some(404));
        assert_eq!(err.attempts(), 1);
        assert!(!err.is_retryable());
        assert!(err.as_service_error().is_some());
        // The typed error's text is in `Display` already; it has no cause of its own.
        assert!(err.source().is_none());
        let mapped = err.map_service_error(|e| e.0);
        assert_eq!(
            mapped.into_service_error().unwrap().code(),
            Some("ResourceNotFoundException")
        );
    }

    /// What anyhow's `{:#}` prints: the error, then every cause after `: `.
    fn full_chain(e: &dyn Error) -> String {
        let mut out = e.to_string();
        let mut cause = e.source();
        while let Some(c) = cause {
            out.push_str(": ");
            out.push_str(&c.to_string());
            cause = c.source();
        }
        out
    }

    #[test]
    fn service_message_is_printed_once_in_the_full_chain() {
        let meta = ErrorMetadata::builder()
            .code("ValidationException")
            .message("name is too long")
            .status(400)
            .build();
        let io = std::io::Error::other("body was not JSON");
        let unhandled = Unhandled::new(meta.clone(), Some(Box::new(io)));
        let err: SdkError<Unhandled> = SdkError::Service(ServiceError::new(
            "PutThing",
            1,
            false,
            unhandled,
            raw(400),
            meta,
        ));
        let chain = full_chain(&err);
        assert_eq!(chain.matches("name is too long").count(), 1, "{chain}");
        // A cause of the typed error is still reachable and printed.
        assert!(chain.ends_with(": body was not JSON"), "{chain}");
        let SdkError::Service(service) = &err else {
            unreachable!()
        };
        assert_eq!(full_chain(service).matches("name is too long").count(), 1);
    }

    #[test]
    fn service_error_without_code_mentions_status_and_attempts() {
        let meta = ErrorMetadata::builder().status(500).request_id("r").build();
        let err: SdkError<Unhandled> = SdkError::Service(ServiceError::new(
            "GetResourceSnapshotJob",
            3,
            true,
            Unhandled::new(meta.clone(), None),
            raw(500),
            meta,
        ));
        assert_eq!(
            err.to_string(),
            "GetResourceSnapshotJob failed after 3 attempts: service returned status 500 \
             without an error code (status 500, request id r)"
        );
        assert!(err.is_retryable());
    }

    #[test]
    fn construction_and_timeout_display() {
        let err: SdkError<Unhandled> = ConstructionError::missing_member("Catalog")
            .for_operation("ListOpportunities")
            .into();
        assert_eq!(
            err.to_string(),
            "ListOpportunities failed: missing required member `Catalog`"
        );
        assert_eq!(err.attempts(), 0);
        let bare: SdkError<Unhandled> = ConstructionError::invalid_config("no region").into();
        assert_eq!(
            bare.to_string(),
            "request could not be built: invalid configuration: no region"
        );
        let t: SdkError<Unhandled> = SdkError::Timeout(TimeoutError::new(
            "Op",
            2,
            TimeoutKind::Attempt,
            Duration::from_millis(50),
        ));
        assert_eq!(
            t.to_string(),
            "Op failed after 2 attempts: attempt timeout of 50ms elapsed"
        );
        assert!(t.is_retryable());
        assert!(t.is_timeout());
        assert_eq!(t.code(), None);
    }

    #[test]
    fn response_error_keeps_source_and_request_id() {
        let e: SdkError<Unhandled> = SdkError::Response(ResponseError::new(
            "Op",
            1,
            raw(200),
            DeserializeError::new("bad").at("X"),
        ));
        assert_eq!(
            e.to_string(),
            "Op failed: could not parse the response: bad at `$.X` (status 200, request id abc-123, 1 attempt)"
        );
        assert_eq!(e.request_id(), Some("abc-123"));
        assert!(e.source().unwrap().is::<DeserializeError>());
    }

    #[test]
    fn unhandled_display() {
        let m = |c: Option<&str>, msg: Option<&str>| {
            Unhandled::new(
                ErrorMetadata::builder()
                    .set_code(c.map(Into::into))
                    .set_message(msg.map(Into::into))
                    .build(),
                None,
            )
            .to_string()
        };
        assert_eq!(m(Some("C"), Some("m")), "C: m");
        assert_eq!(m(Some("C"), None), "C");
        assert_eq!(m(None, Some("m")), "unhandled error: m");
        assert_eq!(m(None, None), "unhandled error");
    }

    #[test]
    fn display_bounds_network_text() {
        let huge = "é".repeat(100_000);
        let meta = ErrorMetadata::builder()
            .code(huge.clone())
            .message(huge.clone())
            .request_id(huge.clone())
            .build();
        let err: SdkError<Unhandled> = SdkError::Service(ServiceError::new(
            "Op",
            1,
            false,
            Unhandled::new(meta.clone(), None),
            raw(400),
            meta,
        ));
        let text = err.to_string();
        assert!(text.len() < 4096, "{}", text.len());
        assert!(text.contains("(truncated)"));
        assert_eq!(
            err.message().map(str::len),
            Some(huge.len()),
            "accessors are not cut"
        );
        assert!(err.as_service_error().unwrap().to_string().len() < 4096);
    }

    #[test]
    fn raw_response_debug_hides_body() {
        let r = RawResponse::new(200, http::HeaderMap::new(), Bytes::from_static(b"secret"));
        let dbg = format!("{r:?}");
        assert!(!dbg.contains("secret"), "{dbg}");
        assert!(dbg.contains("<6 bytes>"));
    }
}
