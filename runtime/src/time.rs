//! Time and sleep as injectable components.
//!
//! Everything in the runtime that reads the wall clock (SigV4's `x-amz-date`, token expiry) asks
//! a [`TimeSource`], and everything that waits (retry backoff, waiters) asks an [`AsyncSleep`].
//! The defaults are the system clock and Tokio's timer; tests swap in a `ManualTimeSource` and
//! an `InstantSleep` (feature `test-util`) so a test of a five-minute backoff schedule or a
//! signature at a fixed date runs instantly and deterministically.
//!
//! Configure them with [`ConfigBuilder::time_source`](crate::config::ConfigBuilder::time_source)
//! and [`ConfigBuilder::sleep_impl`](crate::config::ConfigBuilder::sleep_impl).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Reads the current wall-clock time.
pub trait TimeSource: Send + Sync + fmt::Debug + 'static {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The system clock ([`SystemTime::now`]). The default.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemTimeSource;

impl TimeSource for SystemTimeSource {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A shareable, type-erased [`TimeSource`]. Cloning is cheap.
#[derive(Clone, Debug)]
pub struct SharedTimeSource(Arc<dyn TimeSource>);

impl SharedTimeSource {
    /// Wraps a time source.
    pub fn new(source: impl TimeSource) -> Self {
        Self(Arc::new(source))
    }
}

impl Default for SharedTimeSource {
    fn default() -> Self {
        Self::new(SystemTimeSource)
    }
}

impl TimeSource for SharedTimeSource {
    fn now(&self) -> SystemTime {
        self.0.now()
    }
}

/// The future an [`AsyncSleep`] returns: completes once the duration has passed.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Waits for a duration without blocking the thread.
pub trait AsyncSleep: Send + Sync + fmt::Debug + 'static {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> Sleep;
}

/// Sleeps on Tokio's timer ([`tokio::time::sleep`]). The default; needs a Tokio runtime with
/// the timer enabled when the future is polled.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokioSleep;

impl AsyncSleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A shareable, type-erased [`AsyncSleep`]. Cloning is cheap.
#[derive(Clone, Debug)]
pub struct SharedAsyncSleep(Arc<dyn AsyncSleep>);

impl SharedAsyncSleep {
    /// Wraps a sleep implementation.
    pub fn new(sleep: impl AsyncSleep) -> Self {
        Self(Arc::new(sleep))
    }
}

impl Default for SharedAsyncSleep {
    fn default() -> Self {
        Self::new(TokioSleep)
    }
}

impl AsyncSleep for SharedAsyncSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        self.0.sleep(duration)
    }
}

#[cfg(any(test, feature = "test-util"))]
mod test_util {
    use std::sync::{Mutex, MutexGuard};

    use super::*;

    fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
        // A panicking test thread must not poison the clock for the other assertions.
        m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A clock that only moves when told to (feature `test-util`). Clones share the time.
    #[derive(Clone, Debug)]
    pub struct ManualTimeSource {
        now: Arc<Mutex<SystemTime>>,
    }

    impl ManualTimeSource {
        /// A clock standing at `start`.
        pub fn new(start: SystemTime) -> Self {
            Self {
                now: Arc::new(Mutex::new(start)),
            }
        }

        /// Moves the clock forward by `by` (saturating at the platform's maximum).
        pub fn advance(&self, by: Duration) {
            let mut now = lock(&self.now);
            if let Some(later) = now.checked_add(by) {
                *now = later;
            }
        }

        /// Sets the clock to `time`.
        pub fn set(&self, time: SystemTime) {
            *lock(&self.now) = time;
        }
    }

    impl TimeSource for ManualTimeSource {
        fn now(&self) -> SystemTime {
            *lock(&self.now)
        }
    }

    /// A sleep that returns at once and records every requested duration (feature
    /// `test-util`). Linked to a [`ManualTimeSource`] with [`InstantSleep::advancing`], each
    /// sleep also moves that clock forward, so code that sleeps and then reads the time sees
    /// the time it expects. Clones share the record.
    #[derive(Clone, Debug, Default)]
    pub struct InstantSleep {
        log: Arc<Mutex<Vec<Duration>>>,
        clock: Option<ManualTimeSource>,
    }

    impl InstantSleep {
        /// A sleep that only records.
        pub fn new() -> Self {
            Self::default()
        }

        /// A sleep that records and advances `clock` by each requested duration.
        pub fn advancing(clock: ManualTimeSource) -> Self {
            Self {
                log: Arc::default(),
                clock: Some(clock),
            }
        }

        /// Every requested duration, oldest first.
        pub fn logged_sleeps(&self) -> Vec<Duration> {
            lock(&self.log).clone()
        }

        /// The sum of the requested durations.
        pub fn total_duration(&self) -> Duration {
            lock(&self.log).iter().sum()
        }
    }

    impl AsyncSleep for InstantSleep {
        fn sleep(&self, duration: Duration) -> Sleep {
            lock(&self.log).push(duration);
            if let Some(clock) = &self.clock {
                clock.advance(duration);
            }
            Box::pin(std::future::ready(()))
        }
    }
}

#[cfg(any(test, feature = "test-util"))]
pub use test_util::{InstantSleep, ManualTimeSource};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_time_source_follows_the_clock() {
        let before = SystemTime::now();
        let now = SharedTimeSource::default().now();
        assert!(now >= before);
    }

    #[test]
    fn manual_clock_moves_only_when_told() {
        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let clock = ManualTimeSource::new(start);
        let shared = SharedTimeSource::new(clock.clone());
        assert_eq!(shared.now(), start);
        clock.advance(Duration::from_secs(5));
        assert_eq!(shared.now(), start + Duration::from_secs(5));
        clock.set(start);
        assert_eq!(shared.now(), start);
    }

    #[tokio::test]
    async fn instant_sleep_records_and_advances_the_clock() {
        let start = SystemTime::UNIX_EPOCH;
        let clock = ManualTimeSource::new(start);
        let sleep = InstantSleep::advancing(clock.clone());
        let shared = SharedAsyncSleep::new(sleep.clone());
        shared.sleep(Duration::from_secs(3)).await;
        shared.sleep(Duration::from_millis(250)).await;
        assert_eq!(
            sleep.logged_sleeps(),
            [Duration::from_secs(3), Duration::from_millis(250)]
        );
        assert_eq!(sleep.total_duration(), Duration::from_millis(3250));
        assert_eq!(clock.now(), start + Duration::from_millis(3250));
    }

    #[tokio::test]
    async fn tokio_sleep_waits_on_the_tokio_timer() {
        let begin = std::time::Instant::now();
        SharedAsyncSleep::default()
            .sleep(Duration::from_millis(20))
            .await;
        assert!(begin.elapsed() >= Duration::from_millis(20));
    }
}
