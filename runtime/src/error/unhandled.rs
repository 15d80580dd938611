//! [`Unhandled`]: a service error the model has no type for.

use std::error::Error;
use std::fmt;

use super::bounded::{Bounded, MAX_DISPLAY_CODE, MAX_DISPLAY_MESSAGE};
use super::{ErrorMetadata, ProvideErrorMetadata};

/// A service error this client has no type for (an error code not in the model, or a body that
/// was not JSON). Opaque on purpose: match on `code()` instead, since a later client version may
/// turn it into a typed variant.
pub struct Unhandled {
    meta: ErrorMetadata,
    source: Option<Box<dyn Error + Send + Sync + 'static>>,
}

impl Unhandled {
    /// For generated code only.
    #[doc(hidden)]
    pub fn new(
        meta: ErrorMetadata,
        source: Option<Box<dyn Error + Send + Sync + 'static>>,
    ) -> Self {
        Self { meta, source }
    }
}

impl fmt::Debug for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Unhandled")
            .field("meta", &self.meta)
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = self.meta.code().map(|c| Bounded(c, MAX_DISPLAY_CODE));
        let message = self.meta.message().map(|m| Bounded(m, MAX_DISPLAY_MESSAGE));
        match (code, message) {
            (Some(code), Some(message)) => write!(f, "{code}: {message}"),
            (Some(code), None) => write!(f, "{code}"),
            (None, Some(message)) => write!(f, "unhandled error: {message}"),
            (None, None) => f.write_str("unhandled error"),
        }
    }
}

impl Error for Unhandled {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}

impl ProvideErrorMetadata for Unhandled {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unhandled_display() {
        let m = |c: Option<&str>, msg: Option<&str>| {
            Unhandled::new(
                ErrorMetadata::builder()
                    .set_code(c.map(Into::into))
                    .set_message(msg.map(Into::into))
                    .build(),
                None,
            )
            .to_string()
        };
        assert_eq!(m(Some("C"), Some("m")), "C: m");
        assert_eq!(m(Some("C"), None), "C");
        assert_eq!(m(None, Some("m")), "unhandled error: m");
        assert_eq!(m(None, None), "unhandled error");
    }
}
