//! [`ResponseError`]: a response arrived but could not be read.

use std::error::Error;
use std::fmt;

use super::{ErrorMetadata, RawResponse};
use crate::json::DeserializeError;

/// A response arrived but could not be understood (for example malformed JSON on a 2xx).
#[derive(Debug)]
pub struct ResponseError {
    /// Boxed so `SdkError` stays small on the success path of `Result<O, SdkError<E>>`.
    inner: Box<ResponseErrorInner>,
}

#[derive(Debug)]
struct ResponseErrorInner {
    operation: &'static str,
    attempts: u32,
    raw: RawResponse,
    meta: ErrorMetadata,
    error: DeserializeError,
}

impl ResponseError {
    pub(crate) fn new(
        operation: &'static str,
        attempts: u32,
        raw: RawResponse,
        error: DeserializeError,
    ) -> Self {
        let meta = ErrorMetadata::builder()
            .status(raw.status())
            .set_request_id(raw.request_id().map(str::to_owned))
            .build();
        Self {
            inner: Box::new(ResponseErrorInner {
                operation,
                attempts,
                raw,
                meta,
                error,
            }),
        }
    }

    /// The response that could not be parsed.
    pub fn raw(&self) -> &RawResponse {
        &self.inner.raw
    }

    /// The status and request id of the response.
    pub(super) fn meta(&self) -> &ErrorMetadata {
        &self.inner.meta
    }

    /// Why it could not be parsed.
    pub fn deserialize_error(&self) -> &DeserializeError {
        &self.inner.error
    }

    /// The operation name.
    pub fn operation(&self) -> &'static str {
        self.inner.operation
    }

    /// Attempts made.
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not parse the response: {}", self.inner.error)
    }
}

impl Error for ResponseError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.inner.error)
    }
}
