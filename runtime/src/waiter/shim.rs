//! Stand-ins for the runtime's injectable clock and sleep, with the same names and shapes, until
//! the runtime has them; then these become re-exports.

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

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
struct SystemTimeSource;

impl TimeSource for SystemTimeSource {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A shareable [`TimeSource`].
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

/// The future an [`AsyncSleep`] returns.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Waits for a duration without blocking the thread.
pub trait AsyncSleep: Send + Sync + fmt::Debug + 'static {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> Sleep;
}

/// Tokio's timer.
#[derive(Clone, Copy, Debug, Default)]
struct TokioSleep;

impl AsyncSleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A shareable [`AsyncSleep`].
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
