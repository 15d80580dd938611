//! Deciding whether to retry a failed attempt, and how long to wait.
//!
//! Kept free of I/O and generics so every rule can be unit-tested directly.

use std::hash::{BuildHasher as _, Hasher as _};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use crate::config::RetryConfig;
use crate::error::RawResponse;
use crate::protocol::ErrorDetails;
use crate::service::ErrorMeta;

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

    fn kind(status: u16, code: &str, errors: &[ErrorMeta]) -> Option<RetryKind> {
        let body = format!(r#"{{"__type":"{code}"}}"#);
        classify_error(
            status,
            &crate::protocol::aws_json::json_error_details(&raw(status, &[], &body), false),
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
