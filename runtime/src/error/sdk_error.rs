//! [`SdkError`]: the error of every operation call.

use std::error::Error;
use std::fmt;

use super::bounded::{Bounded, MAX_DISPLAY_CODE};
use super::metadata::EMPTY_METADATA;
use super::{
    ConstructionError, DispatchError, ErrorMetadata, ProvideErrorMetadata, RawResponse,
    ResponseError, ServiceError, TimeoutError, TimeoutKind,
};

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
            SdkError::Construction(e) => e.operation(),
            SdkError::Timeout(e) => e.operation(),
            SdkError::Dispatch(e) => e.operation(),
            SdkError::Response(e) => e.operation(),
            SdkError::Service(e) => e.operation(),
            SdkError::Interceptor(e) => e.operation(),
        }
    }

    /// How many attempts were made (0 if the request was never sent).
    pub fn attempts(&self) -> u32 {
        match self {
            SdkError::Construction(_) => 0,
            SdkError::Timeout(e) => e.attempts(),
            SdkError::Dispatch(e) => e.attempts(),
            SdkError::Response(e) => e.attempts(),
            SdkError::Service(e) => e.attempts(),
            SdkError::Interceptor(e) => e.attempt(),
        }
    }

    /// Whether the (last) failure was retryable by this runtime's classification; `true` on a
    /// returned error means the retries or the retry quota ran out.
    pub fn is_retryable(&self) -> bool {
        match self {
            SdkError::Construction(_) | SdkError::Response(_) | SdkError::Interceptor(_) => false,
            SdkError::Timeout(e) => e.kind() != TimeoutKind::Operation,
            SdkError::Dispatch(e) => e.transport_error().is_retryable(),
            SdkError::Service(e) => e.retryable(),
        }
    }

    /// Whether this is a timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, SdkError::Timeout(_))
    }

    /// The service error, if the service answered with one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(e) => Some(e.err()),
            _ => None,
        }
    }

    /// Takes the service error, if the service answered with one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            SdkError::Service(e) => Some(e.into_err()),
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
            SdkError::Service(e) => e.meta(),
            SdkError::Response(e) => e.meta(),
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
            SdkError::Response(e) => Some(e.deserialize_error()),
            // Not `&e.err`: its text is already in our `Display` (see `ServiceError::source`).
            SdkError::Service(e) => e.source(),
            SdkError::Interceptor(e) => e.source(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ConstructionError, TimeoutError, Unhandled};
    use crate::json::DeserializeError;
    use bytes::Bytes;
    use std::time::Duration;

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
}
