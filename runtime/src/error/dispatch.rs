//! [`DispatchError`]: the transport failed.

use std::error::Error;
use std::fmt;

use crate::transport::TransportError;

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
