//! Reading error responses (code, message, request id) and deciding whether to retry.
//!
//! Kept free of I/O and generics so every rule can be unit-tested directly.

use std::hash::{BuildHasher as _, Hasher as _};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use crate::config::RetryConfig;
use crate::error::{ErrorMetadata, RawResponse};
use crate::json::{Value, de};
use crate::service::ErrorMeta;

/// What an error response said, extracted once and shared by retry classification and by the
/// generated error parser.
#[derive(Debug)]
pub(crate) struct ErrorDetails {
    /// The sanitized error shape name used to pick the modeled error (empty if none).
    pub(crate) shape_code: String,
    /// Metadata exposed to users (code may be the awsQuery code for query-compatible services).
    pub(crate) meta: ErrorMetadata,
    /// The parsed body; an empty object when the body was not a JSON object.
    pub(crate) body: Value,
}

/// Turns a wire error code into the error shape name: cut everything from the first `:`
/// (awsJson 1.0 may append a URL), then keep what follows the last `#` (drop the namespace).
pub(crate) fn sanitize_error_code(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or(code);
    let code = code.rsplit('#').next().unwrap_or(code);
    code.trim()
}

/// Finds the error code: the `X-Amzn-Errortype` header, then the body's `code`, then the
/// body's top-level `__type` (nested `__type` keys are data and never looked at).
fn raw_error_code<'a>(raw: &'a RawResponse, body: &'a Value) -> Option<&'a str> {
    raw.header_str("x-amzn-errortype")
        .filter(|c| !c.trim().is_empty())
        .or_else(|| body.get("code").and_then(Value::as_str))
        .or_else(|| body.get("__type").and_then(Value::as_str))
}

/// The message: a top-level `message` (any case), else `errorMessage` (any case).
fn error_message(body: &Value) -> Option<&str> {
    let obj = body.as_object()?;
    let find = |name: &str| {
        obj.iter()
            .find_map(|(k, v)| v.as_str().filter(|_| k.eq_ignore_ascii_case(name)))
    };
    find("message").or_else(|| find("errormessage"))
}

/// Extracts everything about an error response. Never fails: a body that is not JSON (an HTML
/// 502 page from a proxy) still yields the status and request id.
pub(crate) fn error_details(raw: &RawResponse, query_compatible: bool) -> ErrorDetails {
    let body = de::parse(raw.body())
        .ok()
        .filter(Value::is_object)
        .unwrap_or_else(|| Value::Object(Vec::new()));
    let shape_code = raw_error_code(raw, &body)
        .map(sanitize_error_code)
        .unwrap_or("")
        .to_owned();
    // awsQueryCompatible: `x-amzn-query-error: Code;Fault` carries the legacy code users expect.
    let query_code = if query_compatible {
        raw.header_str("x-amzn-query-error")
            .and_then(|v| v.split(';').next())
            .map(str::trim)
            .filter(|c| !c.is_empty())
    } else {
        None
    };
    let code = query_code
        .map(str::to_owned)
        .or_else(|| (!shape_code.is_empty()).then(|| shape_code.clone()));
    let meta = ErrorMetadata::builder()
        .set_code(code)
        .set_message(error_message(&body).map(str::to_owned))
        .set_request_id(raw.request_id().map(str::to_owned))
        .status(raw.status())
        .build();
    ErrorDetails {
        shape_code,
        meta,
        body,
    }
}

/// Why a failed attempt may be retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RetryKind {
    /// The service asked us to slow down.
    Throttling,
    /// A transient server or network failure.
    Transient,
    /// The attempt timed out (costs more retry quota: the service may be overloaded).
    Timeout,
}

impl RetryKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RetryKind::Throttling => "throttling",
            RetryKind::Transient => "transient error",
            RetryKind::Timeout => "timeout",
        }
    }
}

/// Error codes AWS SDKs treat as throttling.
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes AWS SDKs treat as transient.
const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException", "InternalError"];

/// Classifies an error response: the modeled `@retryable` trait first, then well-known codes
/// (the shape code or the awsQuery code), then the status.
pub(crate) fn classify_error(
    status: u16,
    details: &ErrorDetails,
    errors: &[ErrorMeta],
) -> Option<RetryKind> {
    let shape = details.shape_code.as_str();
    if let Some(e) = errors.iter().find(|e| e.name == shape)
        && e.retryable
    {
        return Some(if e.throttling {
            RetryKind::Throttling
        } else {
            RetryKind::Transient
        });
    }
    let codes = [Some(shape), details.meta.code()];
    let is = |list: &[&str]| codes.iter().flatten().any(|c| list.contains(c));
    if is(THROTTLING_CODES) || status == 429 {
        Some(RetryKind::Throttling)
    } else if is(TRANSIENT_CODES) || matches!(status, 500 | 502 | 503 | 504) {
        Some(RetryKind::Transient)
    } else {
        None
    }
}

/// A uniformly distributed number in `[0, 1)`. Jitter needs no cryptographic quality, so this
/// uses std's randomly keyed SipHash instead of pulling in a RNG crate: each `RandomState`
/// gets fresh keys, and the hashed counter decorrelates consecutive calls.
pub(crate) fn jitter() -> f64 {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(COUNTER.fetch_add(1, Ordering::Relaxed));
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Full-jitter exponential backoff before retry number `retry` (1-based):
/// `rand * min(max_backoff, initial_backoff * 2^(retry-1))`.
pub(crate) fn backoff(config: &RetryConfig, retry: u32, rand: f64) -> Duration {
    let factor = 1u32 << retry.saturating_sub(1).min(31);
    let ceiling = config
        .initial_backoff()
        .saturating_mul(factor)
        .min(config.max_backoff());
    // `try_from` because f64 rounding near `Duration::MAX` could otherwise overflow (panic).
    Duration::try_from_secs_f64(ceiling.as_secs_f64() * rand.clamp(0.0, 1.0))
        .map_or(ceiling, |d| d.min(ceiling))
}

/// The server's `Retry-After` in seconds (the HTTP-date form is ignored), capped at `max`.
pub(crate) fn retry_after(raw: &RawResponse, max: Duration) -> Option<Duration> {
    let secs: f64 = raw.header_str("retry-after")?.trim().parse().ok()?;
    if secs.is_nan() || secs < 0.0 {
        return None;
    }
    Some(Duration::try_from_secs_f64(secs).map_or(max, |d| d.min(max)))
}

/// Client-wide retry budget (AWS standard mode): retries spend tokens, successes earn a few
/// back, so a fleet of clients stops hammering a failing service.
#[derive(Debug)]
pub(crate) struct RetryQuota {
    available: AtomicU32,
}

const QUOTA_CAPACITY: u32 = 500;
const RETRY_COST: u32 = 5;
const TIMEOUT_RETRY_COST: u32 = 10;
const SUCCESS_REFUND: u32 = 1;

impl RetryQuota {
    pub(crate) fn new() -> Self {
        Self {
            available: AtomicU32::new(QUOTA_CAPACITY),
        }
    }

    pub(crate) fn cost(kind: RetryKind) -> u32 {
        match kind {
            RetryKind::Timeout => TIMEOUT_RETRY_COST,
            _ => RETRY_COST,
        }
    }

    /// Takes `cost` tokens if available.
    pub(crate) fn try_acquire(&self, cost: u32) -> bool {
        self.available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |a| a.checked_sub(cost))
            .is_ok()
    }

    /// Returns tokens after a success: the cost of the retry that succeeded, or a small
    /// increment for a first-attempt success. A full bucket costs one relaxed load.
    pub(crate) fn on_success(&self, last_retry_cost: u32) {
        if self.available.load(Ordering::Relaxed) >= QUOTA_CAPACITY {
            return;
        }
        let refund = if last_retry_cost > 0 {
            last_retry_cost
        } else {
            SUCCESS_REFUND
        };
        let _ = self
            .available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |a| {
                Some(a.saturating_add(refund).min(QUOTA_CAPACITY))
            });
    }

    #[cfg(test)]
    pub(crate) fn available(&self) -> u32 {
        self.available.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn raw(status: u16, headers: &[(&str, &str)], body: &str) -> RawResponse {
        let mut map = http::HeaderMap::new();
        for (k, v) in headers {
            map.append(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        RawResponse::new(status, map, Bytes::copy_from_slice(body.as_bytes()))
    }

    #[test]
    fn sanitizes_every_code_form() {
        for (input, want) in [
            ("FooError", "FooError"),
            ("aws.protocoltests.json10#FooError", "FooError"),
            (
                "aws.protocoltests.json10#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
                "FooError",
            ),
            (
                "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
                "FooError",
            ),
            ("aws.different.namespace#FooError", "FooError"),
            ("  FooError ", "FooError"),
            ("", ""),
        ] {
            assert_eq!(sanitize_error_code(input), want, "{input}");
        }
    }

    #[test]
    fn code_order_is_header_then_code_then_type() {
        let body = r#"{"code":"FromCode","__type":"ns#FromType"}"#;
        let d = error_details(
            &raw(400, &[("X-Amzn-Errortype", "ns#FromHeader:http://x")], body),
            false,
        );
        assert_eq!(d.shape_code, "FromHeader");
        let d = error_details(&raw(400, &[], body), false);
        assert_eq!(d.shape_code, "FromCode");
        let d = error_details(
            &raw(
                400,
                &[],
                r#"{"__type":"aws.protocoltests.json10#FooError"}"#,
            ),
            false,
        );
        assert_eq!(d.shape_code, "FooError");
        assert_eq!(d.meta.code(), Some("FooError"));
        // An empty header does not hide the body's code.
        let d = error_details(&raw(400, &[("x-amzn-errortype", "")], body), false);
        assert_eq!(d.shape_code, "FromCode");
    }

    #[test]
    fn nested_type_is_ignored() {
        let body = r#"{"Nested":{"__type":"ns#Inner"},"message":"m"}"#;
        let d = error_details(&raw(400, &[], body), false);
        assert_eq!(d.shape_code, "");
        assert_eq!(d.meta.code(), None);
        assert_eq!(d.meta.message(), Some("m"));
    }

    #[test]
    fn message_is_case_insensitive_and_falls_back_to_error_message() {
        for (body, want) in [
            (r#"{"message":"a"}"#, Some("a")),
            (r#"{"Message":"b"}"#, Some("b")),
            (r#"{"MESSAGE":"c"}"#, Some("c")),
            (r#"{"errorMessage":"d"}"#, Some("d")),
            (r#"{"Message":5}"#, None),
            (r#"{}"#, None),
        ] {
            assert_eq!(
                error_details(&raw(400, &[], body), false).meta.message(),
                want,
                "{body}"
            );
        }
    }

    #[test]
    fn request_id_and_status_and_non_json_bodies() {
        let d = error_details(
            &raw(
                502,
                &[("X-Amzn-RequestId", "req-1")],
                "<html><body>Bad Gateway</body></html>",
            ),
            false,
        );
        assert_eq!(d.meta.request_id(), Some("req-1"));
        assert_eq!(d.meta.status(), Some(502));
        assert_eq!(d.meta.code(), None);
        assert!(d.body.as_object().is_some_and(|o| o.is_empty()));
        let d = error_details(&raw(500, &[("x-amz-request-id", "old")], "[1,2]"), false);
        assert_eq!(d.meta.request_id(), Some("old"));
    }

    #[test]
    fn query_compatible_code_comes_from_header() {
        let r = raw(
            400,
            &[("x-amzn-query-error", "Customized;Sender")],
            r#"{"__type":"aws.protocoltests.json10#CustomCodeError","message":"Hi"}"#,
        );
        let d = error_details(&r, true);
        assert_eq!(d.shape_code, "CustomCodeError");
        assert_eq!(d.meta.code(), Some("Customized"));
        let d = error_details(&r, false);
        assert_eq!(d.meta.code(), Some("CustomCodeError"));
    }

    fn kind(status: u16, code: &str, errors: &[ErrorMeta]) -> Option<RetryKind> {
        let body = format!(r#"{{"__type":"{code}"}}"#);
        classify_error(
            status,
            &error_details(&raw(status, &[], &body), false),
            errors,
        )
    }

    #[test]
    fn retry_classification() {
        assert_eq!(
            kind(400, "ThrottlingException", &[]),
            Some(RetryKind::Throttling)
        );
        assert_eq!(
            kind(400, "ns#TooManyRequestsException", &[]),
            Some(RetryKind::Throttling)
        );
        assert_eq!(kind(429, "Whatever", &[]), Some(RetryKind::Throttling));
        assert_eq!(kind(400, "RequestTimeout", &[]), Some(RetryKind::Transient));
        for s in [500, 502, 503, 504] {
            assert_eq!(kind(s, "", &[]), Some(RetryKind::Transient), "{s}");
        }
        assert_eq!(kind(501, "", &[]), None);
        assert_eq!(kind(400, "ValidationException", &[]), None);
        assert_eq!(kind(404, "ResourceNotFoundException", &[]), None);
        let modeled = [
            ErrorMeta {
                name: "Busy",
                retryable: true,
                throttling: false,
            },
            ErrorMeta {
                name: "SlowPlease",
                retryable: true,
                throttling: true,
            },
            ErrorMeta {
                name: "Plain",
                retryable: false,
                throttling: false,
            },
        ];
        assert_eq!(kind(400, "ns#Busy", &modeled), Some(RetryKind::Transient));
        assert_eq!(
            kind(400, "SlowPlease", &modeled),
            Some(RetryKind::Throttling)
        );
        assert_eq!(kind(400, "Plain", &modeled), None);
    }

    #[test]
    fn backoff_is_bounded_and_exponential() {
        let c = RetryConfig::standard();
        assert_eq!(backoff(&c, 1, 1.0), Duration::from_secs(1));
        assert_eq!(backoff(&c, 2, 1.0), Duration::from_secs(2));
        assert_eq!(backoff(&c, 5, 1.0), Duration::from_secs(16));
        assert_eq!(backoff(&c, 6, 1.0), Duration::from_secs(20));
        assert_eq!(backoff(&c, 1000, 1.0), Duration::from_secs(20));
        assert_eq!(backoff(&c, 3, 0.0), Duration::ZERO);
        assert_eq!(backoff(&c, 3, 0.5), Duration::from_secs(2));
        for retry in 1..40 {
            let r = jitter();
            assert!((0.0..1.0).contains(&r));
            assert!(backoff(&c, retry, r) <= Duration::from_secs(20));
        }
        // Jitter actually varies.
        let samples: Vec<f64> = (0..16).map(|_| jitter()).collect();
        assert!(samples.windows(2).any(|w| w[0] != w[1]));
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let max = Duration::from_secs(20);
        assert_eq!(
            retry_after(&raw(429, &[("retry-after", "3")], ""), max),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            retry_after(&raw(429, &[("retry-after", "0.5")], ""), max),
            Some(Duration::from_millis(500))
        );
        assert_eq!(
            retry_after(&raw(429, &[("retry-after", "9999")], ""), max),
            Some(max)
        );
        assert_eq!(
            retry_after(&raw(429, &[("retry-after", "-1")], ""), max),
            None
        );
        assert_eq!(
            retry_after(
                &raw(429, &[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")], ""),
                max
            ),
            None
        );
        assert_eq!(retry_after(&raw(429, &[], ""), max), None);
    }

    #[test]
    fn quota_spends_and_refunds() {
        let q = RetryQuota::new();
        assert_eq!(q.available(), 500);
        q.on_success(0);
        assert_eq!(q.available(), 500);
        let mut n = 0;
        while q.try_acquire(RetryQuota::cost(RetryKind::Timeout)) {
            n += 1;
        }
        assert_eq!(n, 50);
        assert!(!q.try_acquire(5));
        q.on_success(5);
        assert_eq!(q.available(), 5);
        q.on_success(0);
        assert_eq!(q.available(), 6);
    }
}
