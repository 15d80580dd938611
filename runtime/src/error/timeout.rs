//! [`TimeoutError`]: a configured timeout elapsed.

use std::error::Error;
use std::fmt;
use std::time::Duration;

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
