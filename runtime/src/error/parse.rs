//! How generated code turns an error response into an operation's error enum.

use std::error::Error;

use super::{ErrorMetadata, ProvideErrorMetadata, RawResponse, Unhandled};

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

/// A modeled error structure (implemented by generated code): it keeps the metadata the
/// protocol read from the response, which [`parse_modeled`] hands it.
pub trait ModeledError: ProvideErrorMetadata {
    /// Stores the response's metadata (code, message, request id, status).
    fn set_meta(&mut self, meta: ErrorMetadata);
}

/// One arm of a generated [`ParseServiceError`]: the modeled error read from the response
/// (`read`, the protocol's parser of that error's body) becomes the operation error's
/// `modeled` variant with `meta` attached; a body that cannot be read becomes its `unhandled`
/// variant, keeping the reason as the source. Written once here so that each of the
/// generated arms (one per modeled error per operation) is a single call.
pub fn parse_modeled<T, R, E>(
    read: Result<T, R>,
    meta: ErrorMetadata,
    modeled: impl FnOnce(T) -> E,
    unhandled: impl FnOnce(Unhandled) -> E,
) -> E
where
    T: ModeledError,
    R: Error + Send + Sync + 'static,
{
    match read {
        Ok(mut error) => {
            error.set_meta(meta);
            modeled(error)
        }
        Err(source) => unhandled(Unhandled::new(meta, Some(Box::new(source)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::DeserializeError;

    #[derive(Debug)]
    struct NotFound(ErrorMetadata);
    impl ProvideErrorMetadata for NotFound {
        fn meta(&self) -> &ErrorMetadata {
            &self.0
        }
    }
    impl ModeledError for NotFound {
        fn set_meta(&mut self, meta: ErrorMetadata) {
            self.0 = meta;
        }
    }

    #[derive(Debug)]
    enum OpError {
        NotFound(NotFound),
        Unhandled(Unhandled),
    }

    fn meta() -> ErrorMetadata {
        ErrorMetadata::builder()
            .code("NotFound")
            .status(404)
            .build()
    }

    #[test]
    fn a_readable_body_is_the_modeled_variant_with_the_metadata() {
        let read: Result<NotFound, DeserializeError> = Ok(NotFound(ErrorMetadata::default()));
        let e = parse_modeled(read, meta(), OpError::NotFound, OpError::Unhandled);
        let OpError::NotFound(e) = e else {
            panic!("{e:?}")
        };
        assert_eq!(e.code(), Some("NotFound"));
        assert_eq!(e.meta().status(), Some(404));
    }

    #[test]
    fn an_unreadable_body_is_unhandled_with_the_reason_as_source() {
        let read: Result<NotFound, DeserializeError> = Err(DeserializeError::new("bad"));
        let e = parse_modeled(read, meta(), OpError::NotFound, OpError::Unhandled);
        let OpError::Unhandled(u) = e else {
            panic!("{e:?}")
        };
        assert_eq!(u.code(), Some("NotFound"));
        assert!(u.source().is_some_and(|s| s.is::<DeserializeError>()));
    }
}
