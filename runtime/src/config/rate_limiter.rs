//! The client-side rate limiter of the "adaptive" retry mode, as the AWS SDKs specify it: a
//! token bucket whose fill rate follows CUBIC congestion control (the algorithm TCP uses).
//!
//! - Until the first throttling response the bucket is off: requests go out unhindered.
//! - Each attempt takes one token first, waiting for the bucket to refill if it is empty (at
//!   least 0.5 tokens per second, so one wait is at most 2 s).
//! - Every response updates the measured sending rate (requests per half-second bucket, smoothed
//!   with factor 0.8). A throttling response multiplies the allowed rate by 0.7 (β) and turns
//!   the bucket on; other responses let the rate grow back along the cubic curve
//!   `0.4 · (t − K)³ + rate_at_last_throttle` with `K = ∛(rate_at_last_throttle · (1 − β) / 0.4)`,
//!   capped at twice the measured rate.
//!
//! One limiter is shared by all calls of a client (like the retry quota), so one throttled
//! call slows the others down too. The arithmetic is in [`Limiter`], on explicit timestamps,
//! so it is tested without sleeping.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

const SMOOTH: f64 = 0.8;
const BETA: f64 = 0.7;
const SCALE_CONSTANT: f64 = 0.4;
const MIN_FILL_RATE: f64 = 0.5;
const MIN_CAPACITY: f64 = 1.0;

/// The limiter's state; times are seconds since an arbitrary origin.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Limiter {
    fill_rate: f64,
    max_capacity: f64,
    current_capacity: f64,
    last_timestamp: Option<f64>,
    enabled: bool,
    measured_tx_rate: f64,
    last_tx_rate_bucket: f64,
    request_count: u64,
    last_max_rate: f64,
    last_throttle_time: f64,
    time_window: f64,
}

impl Limiter {
    /// A limiter that lets everything through until the first throttling response.
    pub(crate) fn new(now: f64) -> Self {
        Self {
            fill_rate: 0.0,
            max_capacity: 0.0,
            current_capacity: 0.0,
            last_timestamp: None,
            enabled: false,
            measured_tx_rate: 0.0,
            last_tx_rate_bucket: (now * 2.0).floor() / 2.0,
            request_count: 0,
            last_max_rate: 0.0,
            last_throttle_time: now,
            time_window: 0.0,
        }
    }

    /// Takes one token at `now`: `None` when it was there, else how long to wait before
    /// sending (the token is taken now; the caller sleeps, then sends).
    pub(crate) fn acquire(&mut self, now: f64) -> Option<Duration> {
        if !self.enabled {
            return None;
        }
        self.refill(now);
        if self.current_capacity >= 1.0 {
            self.current_capacity -= 1.0;
            return None;
        }
        let wait = (1.0 - self.current_capacity) / self.fill_rate;
        // The token is owed: the bucket goes negative and refills during the wait.
        self.current_capacity -= 1.0;
        Some(Duration::from_secs_f64(
            wait.clamp(0.0, 1.0 / MIN_FILL_RATE),
        ))
    }

    /// Records a response at `now`; `throttled`: the service asked us to slow down.
    pub(crate) fn on_response(&mut self, now: f64, throttled: bool) {
        self.update_measured_rate(now);
        let calculated = if throttled {
            let rate = if self.enabled {
                self.measured_tx_rate.min(self.fill_rate)
            } else {
                self.measured_tx_rate
            };
            self.last_max_rate = rate;
            self.calculate_time_window();
            self.last_throttle_time = now;
            self.enabled = true;
            rate * BETA
        } else {
            self.calculate_time_window();
            self.cubic_success(now)
        };
        let new_rate = calculated.min(2.0 * self.measured_tx_rate);
        self.update_bucket_rate(now, new_rate);
    }

    /// Whether the bucket limits sending (after the first throttling response).
    #[cfg(test)]
    pub(crate) fn enabled(&self) -> bool {
        self.enabled
    }

    /// The current fill rate in requests per second.
    #[cfg(test)]
    pub(crate) fn fill_rate(&self) -> f64 {
        self.fill_rate
    }

    fn refill(&mut self, now: f64) {
        if let Some(last) = self.last_timestamp {
            let fill = (now - last).max(0.0) * self.fill_rate;
            self.current_capacity = (self.current_capacity + fill).min(self.max_capacity);
        }
        self.last_timestamp = Some(now);
    }

    fn update_bucket_rate(&mut self, now: f64, new_rate: f64) {
        self.refill(now);
        self.fill_rate = new_rate.max(MIN_FILL_RATE);
        self.max_capacity = new_rate.max(MIN_CAPACITY);
        self.current_capacity = self.current_capacity.min(self.max_capacity);
    }

    fn update_measured_rate(&mut self, now: f64) {
        let bucket = (now * 2.0).floor() / 2.0;
        self.request_count += 1;
        if bucket > self.last_tx_rate_bucket {
            let rate = self.request_count as f64 / (bucket - self.last_tx_rate_bucket);
            self.measured_tx_rate = rate * SMOOTH + self.measured_tx_rate * (1.0 - SMOOTH);
            self.request_count = 0;
            self.last_tx_rate_bucket = bucket;
        }
    }

    fn calculate_time_window(&mut self) {
        self.time_window = (self.last_max_rate * (1.0 - BETA) / SCALE_CONSTANT).cbrt();
    }

    fn cubic_success(&self, now: f64) -> f64 {
        let dt = now - self.last_throttle_time;
        SCALE_CONSTANT * (dt - self.time_window).powi(3) + self.last_max_rate
    }
}

/// A [`Limiter`] shared by a client's calls. It measures sending rates on tokio's monotonic
/// clock; the waits it asks for are slept by the caller.
#[derive(Debug)]
pub(crate) struct ClientRateLimiter {
    origin: Instant,
    state: Mutex<Limiter>,
}

impl ClientRateLimiter {
    pub(crate) fn new() -> Self {
        Self {
            origin: Instant::now(),
            state: Mutex::new(Limiter::new(0.0)),
        }
    }

    fn now(&self) -> f64 {
        self.origin.elapsed().as_secs_f64()
    }

    fn with<R>(&self, f: impl FnOnce(&mut Limiter) -> R) -> R {
        // The state is plain numbers: a panic elsewhere cannot leave it inconsistent.
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut state)
    }

    /// Takes a token for one more attempt: how long to wait first, if at all. The caller
    /// sleeps with the client's sleep implementation (so injected sleeps see it too).
    pub(crate) fn acquire(&self) -> Option<Duration> {
        let now = self.now();
        let wait = self.with(|l| l.acquire(now));
        if let Some(wait) = wait {
            tracing::debug!(
                wait_ms = wait.as_millis() as u64,
                "adaptive retry: waiting for the client-side rate limiter"
            );
        }
        wait
    }

    /// Records a response (`throttled`: a throttling error).
    pub(crate) fn on_response(&self, throttled: bool) {
        let now = self.now();
        self.with(|l| l.on_response(now, throttled));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_until_the_first_throttle() {
        let mut l = Limiter::new(0.0);
        for i in 0..100 {
            let t = f64::from(i) * 0.01;
            assert_eq!(l.acquire(t), None);
            l.on_response(t, false);
        }
        assert!(!l.enabled());
    }

    #[test]
    fn a_throttle_cuts_the_rate_by_beta_and_waits_follow() {
        let mut l = Limiter::new(0.0);
        // 10 requests per second for 2 s: the measured rate converges towards 10.
        let mut t = 0.0;
        for _ in 0..20 {
            l.on_response(t, false);
            t += 0.1;
        }
        let measured = l.measured_tx_rate;
        assert!((8.0..=12.0).contains(&measured), "{measured}");
        l.on_response(t, true);
        assert!(l.enabled());
        let rate = l.fill_rate();
        assert!((rate - l.measured_tx_rate * BETA).abs() < 1e-9, "{rate}");
        // The bucket holds at most about one second of tokens: a burst at one instant drains
        // it, then every further attempt waits, longer and longer, never beyond 2 s.
        let mut free = 0;
        let first_wait = loop {
            match l.acquire(t) {
                None => free += 1,
                Some(wait) => break wait.as_secs_f64(),
            }
            assert!(free <= 100, "the bucket never empties");
        };
        assert!(
            f64::from(free) <= rate.max(MIN_CAPACITY) + 1.0,
            "{free} free at {rate}/s"
        );
        assert!(
            first_wait > 0.0 && first_wait <= 1.0 / rate + 1e-9,
            "{first_wait}"
        );
        let second = l.acquire(t).expect("a wait").as_secs_f64();
        assert!(second > first_wait && second <= 2.0, "{second}");
    }

    #[test]
    fn the_rate_grows_back_along_the_cubic_after_successes() {
        let mut l = Limiter::new(0.0);
        let mut t = 0.0;
        for _ in 0..40 {
            l.on_response(t, false);
            t += 0.05;
        }
        l.on_response(t, true);
        let after_throttle = l.fill_rate();
        // Keep sending at the same 20 requests per second, all successful.
        let mut rates = Vec::new();
        for _ in 0..200 {
            t += 0.05;
            l.on_response(t, false);
            rates.push(l.fill_rate());
        }
        let last = rates.last().copied().unwrap_or_default();
        assert!(last > after_throttle, "{after_throttle} -> {rates:?}");
        // Never above twice the measured rate, never below the floor.
        assert!(last <= 2.0 * l.measured_tx_rate + 1e-9, "{last}");
        assert!(rates.iter().all(|r| *r >= MIN_FILL_RATE), "{rates:?}");
    }

    #[test]
    fn cubic_matches_the_specified_formula() {
        let mut l = Limiter::new(0.0);
        l.last_max_rate = 10.0;
        l.last_throttle_time = 5.0;
        l.calculate_time_window();
        let k = (10.0_f64 * (1.0 - BETA) / SCALE_CONSTANT).cbrt();
        assert!((l.time_window - k).abs() < 1e-12);
        // At t = last throttle + K the curve is back at the old maximum.
        assert!((l.cubic_success(5.0 + k) - 10.0).abs() < 1e-9);
        // Before that it is below, after it above.
        assert!(l.cubic_success(5.0) < 10.0);
        assert!(l.cubic_success(5.0 + 2.0 * k) > 10.0);
    }
}
