//! [`ServiceError`]: the service answered with an error response.

use std::error::Error;
use std::fmt;

use super::bounded::{Bounded, MAX_DISPLAY_CODE, MAX_DISPLAY_MESSAGE};
use super::{ErrorMetadata, RawResponse};

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

    /// Whether the runtime classified the error as retryable.
    pub(super) fn retryable(&self) -> bool {
        self.ctx.retryable
    }

    pub(super) fn map<F>(self, f: impl FnOnce(E) -> F) -> ServiceError<F> {
        ServiceError {
            err: f(self.err),
            ctx: self.ctx,
        }
    }
}

impl<E> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = self.ctx.raw.status();
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
