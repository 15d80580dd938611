//! [`ErrorMetadata`]: what every error response says about itself, and the trait that exposes it.

/// Code, message, request id and HTTP status of an error response.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    status: Option<u16>,
}

/// Returned by `meta()` for errors that carry no metadata.
pub(super) static EMPTY_METADATA: ErrorMetadata = ErrorMetadata {
    code: None,
    message: None,
    request_id: None,
    status: None,
};

impl ErrorMetadata {
    /// Starts building metadata (used by generated code and tests).
    pub fn builder() -> ErrorMetadataBuilder {
        ErrorMetadataBuilder::default()
    }

    /// The error code (the error shape name, or the awsQuery code for query-compatible services).
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The human-readable message from the service.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The request id the service assigned (quote it in support cases).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The HTTP status code.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The same metadata without the message (for errors whose message is `@sensitive`).
    pub(crate) fn without_message(self) -> Self {
        Self {
            message: None,
            ..self
        }
    }
}

/// Builder for [`ErrorMetadata`].
#[derive(Clone, Debug, Default)]
pub struct ErrorMetadataBuilder {
    inner: ErrorMetadata,
}

impl ErrorMetadataBuilder {
    /// Sets the error code.
    pub fn code(mut self, code: impl Into<String>) -> Self {
        self.inner.code = Some(code.into());
        self
    }

    /// Sets or clears the error code.
    pub fn set_code(mut self, code: Option<String>) -> Self {
        self.inner.code = code;
        self
    }

    /// Sets the message.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.inner.message = Some(message.into());
        self
    }

    /// Sets or clears the message.
    pub fn set_message(mut self, message: Option<String>) -> Self {
        self.inner.message = message;
        self
    }

    /// Sets the request id.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.inner.request_id = Some(request_id.into());
        self
    }

    /// Sets or clears the request id.
    pub fn set_request_id(mut self, request_id: Option<String>) -> Self {
        self.inner.request_id = request_id;
        self
    }

    /// Sets the HTTP status.
    pub fn status(mut self, status: u16) -> Self {
        self.inner.status = Some(status);
        self
    }

    /// Finishes the metadata.
    pub fn build(self) -> ErrorMetadata {
        self.inner
    }
}

/// Gives uniform access to error code, message and request id (implemented by generated error
/// types, [`Unhandled`](super::Unhandled) and [`SdkError`](super::SdkError)).
pub trait ProvideErrorMetadata {
    /// The metadata of this error.
    fn meta(&self) -> &ErrorMetadata;

    /// The error code, if any.
    fn code(&self) -> Option<&str> {
        self.meta().code()
    }

    /// The message, if any.
    fn message(&self) -> Option<&str> {
        self.meta().message()
    }

    /// The request id, if any.
    fn request_id(&self) -> Option<&str> {
        self.meta().request_id()
    }
}

impl ProvideErrorMetadata for ErrorMetadata {
    fn meta(&self) -> &ErrorMetadata {
        self
    }
}
