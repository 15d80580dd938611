//! Errors returned by operations.
//!
//! [`SdkError`] says *where* a call failed (building the request, timing out, the transport,
//! an unreadable response, or a service error) and always knows the operation name and how many
//! attempts were made, so its `Display` alone is enough to diagnose a failure in a log line.
//!
//! One file per concern: the metadata every error response carries (`metadata`), the raw
//! response (`raw_response`), how generated code parses an error response (`parse`), the
//! untyped service error (`unhandled`), and one file per [`SdkError`] variant.

mod bounded;
mod construction;
mod dispatch;
mod metadata;
mod parse;
mod raw_response;
mod response;
mod sdk_error;
mod service_error;
mod timeout;
mod unhandled;

/// An interceptor's failure (defined with the interceptors).
pub use crate::interceptor::InterceptorError;
pub use construction::{BuildError, ConstructionError};
pub use dispatch::DispatchError;
pub use metadata::{ErrorMetadata, ErrorMetadataBuilder, ProvideErrorMetadata};
pub use parse::{ModeledError, ParseServiceError, parse_modeled};
pub use raw_response::RawResponse;
pub use response::ResponseError;
pub use sdk_error::SdkError;
pub use service_error::ServiceError;
pub use timeout::{TimeoutError, TimeoutKind};
pub use unhandled::Unhandled;
