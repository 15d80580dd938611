//! Interceptors: your code inside every attempt of every call of a client.
//!
//! An [`Interceptor`] registered on the [`Config`](crate::config::Config)
//! ([`ConfigBuilder::interceptor`](crate::config::ConfigBuilder::interceptor)) sees each attempt
//! at three points:
//!
//! | hook | when | access | aws-sdk-rust's `Intercept` hook |
//! |---|---|---|---|
//! | [`modify_before_signing`](Interceptor::modify_before_signing) | the request is complete (endpoint, protocol headers, `User-Agent`) but not signed | `&mut` request | `modify_before_signing` |
//! | [`read_before_transmit`](Interceptor::read_before_transmit) | signed, about to be sent | read-only request | `read_before_transmit` |
//! | [`read_after_transmit`](Interceptor::read_after_transmit) | a response head arrived (any status) | read-only status and headers | `read_after_transmit` |
//!
//! Every hook runs once per attempt (a call retried twice runs each hook three times), with the
//! operation, service and attempt number in its context. Several interceptors run in
//! registration order, then the call's own hooks from
//! [`customize()`](crate::client::CustomizableOperation). A hook that returns an error ends the
//! call at once (it is not retried) with [`SdkError::Interceptor`](crate::error::SdkError::Interceptor),
//! which names the interceptor and the hook.
//!
//! Headers that `modify_before_signing` adds are signed: SigV4 otherwise signs only `host`,
//! `content-type`, `content-md5` and `x-amz-*`, but a header added on purpose before signing
//! (a tracing id that must not be altered in transit, a test marker, a custom auth token) is
//! meant to be covered. Headers that proxies or tracing systems rewrite are never signed, even
//! when added here: `user-agent`, `x-amzn-trace-id` (the AWS SDKs leave it out for X-Ray), and
//! the hop-by-hop and signer-owned ones (see [`is_signable_added_header`]).
//!
//! Presigning (`presigned()`) sends nothing, so it runs no interceptors.
//!
//! The trait is object-safe and non-generic: a client keeps `Arc<dyn Interceptor>`s, and
//! generated code never mentions them, so they cost nothing there.
//!
//! ```
//! use smithy_client_runtime::interceptor::{BeforeSigning, BoxError, Interceptor};
//!
//! /// Stamps every attempt with a trace id (signed, so it cannot be altered in transit).
//! #[derive(Debug)]
//! struct TraceId(String);
//!
//! impl Interceptor for TraceId {
//!     fn name(&self) -> &str {
//!         "trace-id"
//!     }
//!     fn modify_before_signing(&self, context: &mut BeforeSigning<'_>) -> Result<(), BoxError> {
//!         let value = format!("{}-{}-{}", self.0, context.operation_name(), context.attempt());
//!         context.set_header("x-trace-id", &value)?;
//!         Ok(())
//!     }
//! }
//!
//! let config = smithy_client_runtime::config::Config::builder()
//!     .interceptor(TraceId("req-42".into()))
//!     .build();
//! assert_eq!(config.interceptors().len(), 1);
//! ```

use std::error::Error;
use std::fmt;
use std::sync::Arc;

use http::{HeaderMap, HeaderName, HeaderValue};

pub use crate::transport::BoxError;
use crate::transport::HttpRequest;

/// Code that runs inside every attempt of a client's calls; see the [module docs](self).
///
/// Every hook has a default that does nothing, so an interceptor implements only what it needs.
pub trait Interceptor: Send + Sync {
    /// A short name for errors and logs (`"trace-id"`).
    fn name(&self) -> &str;

    /// Before signing: may change the request (headers, URI, body). Headers added here are
    /// signed (see the [module docs](self)).
    fn modify_before_signing(&self, context: &mut BeforeSigning<'_>) -> Result<(), BoxError> {
        let _ = context;
        Ok(())
    }

    /// After signing, just before the request is sent: a read-only view of what goes on the
    /// wire. Read-only because any change to a signed part would invalidate the signature.
    fn read_before_transmit(&self, context: &SignedRequest<'_>) -> Result<(), BoxError> {
        let _ = context;
        Ok(())
    }

    /// After the response head arrived, whatever its status (before it is classified, so also
    /// for attempts that will be retried): status and headers, read-only. Not called for an
    /// attempt that got no response (connection failure, timeout).
    fn read_after_transmit(&self, context: &ResponseHead<'_>) -> Result<(), BoxError> {
        let _ = context;
        Ok(())
    }
}

/// An interceptor as a client holds it.
pub type SharedInterceptor = Arc<dyn Interceptor>;

/// Which call and attempt a hook runs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CallInfo {
    pub(crate) operation: &'static str,
    pub(crate) service: &'static str,
    pub(crate) attempt: u32,
}

macro_rules! call_info_accessors {
    () => {
        /// The operation's Smithy name (`GetResourceSnapshotJob`).
        pub fn operation_name(&self) -> &'static str {
            self.info.operation
        }

        /// The service's Smithy name.
        pub fn service_name(&self) -> &'static str {
            self.info.service
        }

        /// The attempt, from 1.
        pub fn attempt(&self) -> u32 {
            self.info.attempt
        }
    };
}

/// The request before signing, for [`Interceptor::modify_before_signing`].
#[derive(Debug)]
pub struct BeforeSigning<'a> {
    info: CallInfo,
    request: &'a mut HttpRequest,
}

impl BeforeSigning<'_> {
    call_info_accessors!();

    /// The request.
    pub fn request(&self) -> &HttpRequest {
        self.request
    }

    /// The request, to change.
    pub fn request_mut(&mut self) -> &mut HttpRequest {
        self.request
    }

    /// A header's value, if it is set and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_str(self.request.headers(), name)
    }

    /// Sets a header (replacing any value it had). Fails on a name or value HTTP does not
    /// allow (a value with a line break, a name with a space).
    pub fn set_header(&mut self, name: &str, value: &str) -> Result<(), InvalidHeader> {
        let (name, value) = parse_header(name, value)?;
        self.request.headers_mut().insert(name, value);
        Ok(())
    }
}

/// The signed request, for [`Interceptor::read_before_transmit`].
#[derive(Debug)]
pub struct SignedRequest<'a> {
    info: CallInfo,
    request: &'a HttpRequest,
}

impl SignedRequest<'_> {
    call_info_accessors!();

    /// The request as it is sent.
    pub fn request(&self) -> &HttpRequest {
        self.request
    }

    /// A header's value, if it is set and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_str(self.request.headers(), name)
    }
}

/// The response's status and headers, for [`Interceptor::read_after_transmit`].
#[derive(Debug)]
pub struct ResponseHead<'a> {
    info: CallInfo,
    status: u16,
    headers: &'a HeaderMap,
}

impl ResponseHead<'_> {
    call_info_accessors!();

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// A header's value, if it is set and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_str(self.headers, name)
    }
}

fn header_str<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name)?.to_str().ok()
}

/// A header name or value that HTTP does not allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidHeader {
    name: String,
    reason: &'static str,
}

impl InvalidHeader {
    pub(crate) fn new(name: &str, reason: &'static str) -> Self {
        // Bounded: the name may come from anywhere, and it ends up in error messages.
        let name: String = name.chars().take(64).collect();
        Self { name, reason }
    }

    /// The header name as given (at most 64 characters of it).
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for InvalidHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "header {:?}: {}", self.name, self.reason)
    }
}

impl Error for InvalidHeader {}

/// Parses a header name (case-insensitive, stored lower case) and value (visible ASCII,
/// spaces and tabs; no line breaks).
pub(crate) fn parse_header(
    name: &str,
    value: &str,
) -> Result<(HeaderName, HeaderValue), InvalidHeader> {
    let header = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| InvalidHeader::new(name, "not a valid HTTP header name"))?;
    let value = HeaderValue::from_str(value).map_err(|_| {
        InvalidHeader::new(
            name,
            "the value is not valid in HTTP (visible ASCII, spaces and tabs only)",
        )
    })?;
    Ok((header, value))
}

/// Whether a header added before signing is signed: every name except those a proxy, a tracing
/// system or the transport may rewrite, and those the signer writes itself.
pub fn is_signable_added_header(name: &HeaderName) -> bool {
    !matches!(
        name.as_str(),
        "authorization"
            | "user-agent"
            | "x-amzn-trace-id"
            | "content-length"
            | "transfer-encoding"
            | "connection"
            | "keep-alive"
            | "expect"
            | "te"
            | "upgrade"
            | "proxy-authorization"
            | "x-amz-date"
            | "x-amz-security-token"
            | "x-amz-content-sha256"
    )
}

/// The hook an interceptor failed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Hook {
    /// [`Interceptor::modify_before_signing`].
    ModifyBeforeSigning,
    /// [`Interceptor::read_before_transmit`].
    ReadBeforeTransmit,
    /// [`Interceptor::read_after_transmit`].
    ReadAfterTransmit,
}

impl Hook {
    /// The method's name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Hook::ModifyBeforeSigning => "modify_before_signing",
            Hook::ReadBeforeTransmit => "read_before_transmit",
            Hook::ReadAfterTransmit => "read_after_transmit",
        }
    }
}

/// An interceptor's hook failed, which ends the call (never retried).
#[derive(Debug)]
pub struct InterceptorError {
    interceptor: String,
    hook: Hook,
    pub(crate) operation: &'static str,
    pub(crate) attempt: u32,
    source: BoxError,
}

impl InterceptorError {
    fn new(interceptor: &str, hook: Hook, info: CallInfo, source: BoxError) -> Self {
        Self {
            interceptor: interceptor.chars().take(128).collect(),
            hook,
            operation: info.operation,
            attempt: info.attempt,
            source,
        }
    }

    /// The failing interceptor's [`name`](Interceptor::name).
    pub fn interceptor(&self) -> &str {
        &self.interceptor
    }

    /// The hook that failed.
    pub fn hook(&self) -> Hook {
        self.hook
    }

    /// The operation that was called.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The attempt the hook failed in (from 1).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }
}

impl fmt::Display for InterceptorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "interceptor `{}` failed in {}: {}",
            self.interceptor,
            self.hook.as_str(),
            self.source
        )
    }
}

impl Error for InterceptorError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&*self.source)
    }
}

/// The interceptors of one call: the client's, in registration order, then the call's own.
#[derive(Clone, Copy)]
pub(crate) struct Hooks<'a> {
    pub(crate) config: &'a [SharedInterceptor],
    pub(crate) call: Option<&'a dyn Interceptor>,
}

impl Hooks<'_> {
    fn all(&self) -> impl Iterator<Item = &dyn Interceptor> {
        self.config.iter().map(|i| &**i).chain(self.call)
    }

    fn is_empty(&self) -> bool {
        self.config.is_empty() && self.call.is_none()
    }

    /// Runs every `modify_before_signing`; returns the signable header names they added.
    pub(crate) fn modify_before_signing(
        &self,
        info: CallInfo,
        request: &mut HttpRequest,
    ) -> Result<Vec<HeaderName>, InterceptorError> {
        if self.is_empty() {
            return Ok(Vec::new());
        }
        let before: Vec<HeaderName> = request.headers().keys().cloned().collect();
        let mut context = BeforeSigning { info, request };
        for i in self.all() {
            i.modify_before_signing(&mut context)
                .map_err(|e| InterceptorError::new(i.name(), Hook::ModifyBeforeSigning, info, e))?;
        }
        Ok(request
            .headers()
            .keys()
            .filter(|n| !before.contains(n) && is_signable_added_header(n))
            .cloned()
            .collect())
    }

    /// Runs every `read_before_transmit`.
    pub(crate) fn read_before_transmit(
        &self,
        info: CallInfo,
        request: &HttpRequest,
    ) -> Result<(), InterceptorError> {
        let context = SignedRequest { info, request };
        for i in self.all() {
            i.read_before_transmit(&context)
                .map_err(|e| InterceptorError::new(i.name(), Hook::ReadBeforeTransmit, info, e))?;
        }
        Ok(())
    }

    /// Runs every `read_after_transmit`.
    pub(crate) fn read_after_transmit(
        &self,
        info: CallInfo,
        status: u16,
        headers: &HeaderMap,
    ) -> Result<(), InterceptorError> {
        let context = ResponseHead {
            info,
            status,
            headers,
        };
        for i in self.all() {
            i.read_after_transmit(&context)
                .map_err(|e| InterceptorError::new(i.name(), Hook::ReadAfterTransmit, info, e))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::SdkBody;
    use std::sync::Mutex;

    struct Recorder {
        name: &'static str,
        log: Arc<Mutex<Vec<String>>>,
        fail_in: Option<Hook>,
    }

    impl Recorder {
        fn record(&self, hook: Hook, attempt: u32) -> Result<(), BoxError> {
            self.log
                .lock()
                .unwrap()
                .push(format!("{}:{}:{attempt}", self.name, hook.as_str()));
            if self.fail_in == Some(hook) {
                return Err("refused".into());
            }
            Ok(())
        }
    }

    impl Interceptor for Recorder {
        fn name(&self) -> &str {
            self.name
        }
        fn modify_before_signing(&self, c: &mut BeforeSigning<'_>) -> Result<(), BoxError> {
            c.set_header(&format!("x-{}", self.name), "1")?;
            c.set_header("user-agent", "changed")?;
            self.record(Hook::ModifyBeforeSigning, c.attempt())
        }
        fn read_before_transmit(&self, c: &SignedRequest<'_>) -> Result<(), BoxError> {
            self.record(Hook::ReadBeforeTransmit, c.attempt())
        }
        fn read_after_transmit(&self, c: &ResponseHead<'_>) -> Result<(), BoxError> {
            assert_eq!(c.status(), 200);
            self.record(Hook::ReadAfterTransmit, c.attempt())
        }
    }

    fn info(attempt: u32) -> CallInfo {
        CallInfo {
            operation: "GetThing",
            service: "Things",
            attempt,
        }
    }

    #[test]
    fn hooks_run_in_order_and_report_added_headers() {
        let log = Arc::new(Mutex::new(Vec::new()));
        let make = |name, fail_in| -> SharedInterceptor {
            Arc::new(Recorder {
                name,
                log: log.clone(),
                fail_in,
            })
        };
        let list = [make("a", None), make("b", None)];
        let hooks = Hooks {
            config: &list,
            call: None,
        };
        let mut request = http::Request::new(SdkBody::from("{}"));
        request
            .headers_mut()
            .insert("user-agent", HeaderValue::from_static("client"));
        let added = hooks.modify_before_signing(info(2), &mut request).unwrap();
        // `user-agent` existed already and is never signed; the new names are reported.
        assert_eq!(added, ["x-a", "x-b"]);
        hooks.read_before_transmit(info(2), &request).unwrap();
        hooks
            .read_after_transmit(info(2), 200, &HeaderMap::new())
            .unwrap();
        assert_eq!(
            *log.lock().unwrap(),
            [
                "a:modify_before_signing:2",
                "b:modify_before_signing:2",
                "a:read_before_transmit:2",
                "b:read_before_transmit:2",
                "a:read_after_transmit:2",
                "b:read_after_transmit:2",
            ]
        );
    }

    #[test]
    fn a_failing_hook_is_named_and_stops_the_rest() {
        let log = Arc::new(Mutex::new(Vec::new()));
        let list: [SharedInterceptor; 2] = [
            Arc::new(Recorder {
                name: "gate",
                log: log.clone(),
                fail_in: Some(Hook::ReadBeforeTransmit),
            }),
            Arc::new(Recorder {
                name: "after",
                log: log.clone(),
                fail_in: None,
            }),
        ];
        let hooks = Hooks {
            config: &list,
            call: None,
        };
        let request = http::Request::new(SdkBody::from("{}"));
        let e = hooks.read_before_transmit(info(1), &request).unwrap_err();
        assert_eq!(e.interceptor(), "gate");
        assert_eq!(e.hook(), Hook::ReadBeforeTransmit);
        assert_eq!(e.operation(), "GetThing");
        assert_eq!(
            e.to_string(),
            "interceptor `gate` failed in read_before_transmit: refused"
        );
        assert_eq!(*log.lock().unwrap(), ["gate:read_before_transmit:1"]);
    }

    #[test]
    fn headers_are_checked() {
        assert!(parse_header("x-ok", "v 1").is_ok());
        let e = parse_header("bad name", "v").unwrap_err();
        assert_eq!(e.name(), "bad name");
        assert!(
            e.to_string().contains("not a valid HTTP header name"),
            "{e}"
        );
        assert!(parse_header("x-ok", "line\r\nbreak").is_err());
        assert!(!is_signable_added_header(&HeaderName::from_static(
            "x-amzn-trace-id"
        )));
        assert!(is_signable_added_header(&HeaderName::from_static(
            "x-trace-id"
        )));
    }
}
