//! How generated code turns an error response into an operation's error enum.

use super::{ErrorMetadata, RawResponse};

/// Builds an operation's error enum from an error response (implemented by generated code).
pub trait ParseServiceError: Sized {
    /// `code` is the sanitized error shape name (empty when the response had none), `response`
    /// the error response (its body is read with the protocol's rules), `meta` the metadata
    /// the protocol extracted. Unknown codes and unreadable bodies map to an `Unhandled`
    /// variant, never fail.
    fn parse_service_error(code: &str, response: &RawResponse, meta: ErrorMetadata) -> Self;

    /// Whether the modeled error `code` has a `@sensitive` message (or is `@sensitive` as a
    /// whole). The runtime then drops the message it read generically from the body before
    /// building any metadata, so it cannot reach `Display`, `Debug`, `message()` or logs.
    fn message_is_sensitive(code: &str) -> bool {
        let _ = code;
        false
    }
}
