//! Errors raised before anything is sent: [`BuildError`] (a builder) and [`ConstructionError`]
//! (a request).

use std::borrow::Cow;
use std::error::Error;
use std::fmt;

/// A builder was asked to build a value whose required member is not set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    shape: &'static str,
    member: &'static str,
}

impl BuildError {
    /// The required member `member` of `shape` is not set.
    pub fn missing(shape: &'static str, member: &'static str) -> Self {
        Self { shape, member }
    }

    /// The type that could not be built.
    pub fn shape(&self) -> &'static str {
        self.shape
    }

    /// The member (as named in the model) that is missing.
    pub fn member(&self) -> &'static str {
        self.member
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot build `{}`: required member `{}` is not set",
            self.shape, self.member
        )
    }
}

impl Error for BuildError {}

impl From<BuildError> for ConstructionError {
    fn from(e: BuildError) -> Self {
        ConstructionError::missing_member(e.member)
    }
}

#[derive(Debug)]
enum ConstructionKind {
    MissingMember(Cow<'static, str>),
    InvalidConfig(Cow<'static, str>),
    Endpoint(Cow<'static, str>),
    Credentials,
    Signing,
    Other(Cow<'static, str>),
}

/// The request could not be built: a missing required member, invalid configuration, a failed
/// endpoint resolution, missing credentials or a signing failure. Never retried.
#[derive(Debug)]
pub struct ConstructionError {
    operation: &'static str,
    kind: ConstructionKind,
    source: Option<Box<dyn Error + Send + Sync + 'static>>,
}

impl ConstructionError {
    fn with_kind(kind: ConstructionKind) -> Self {
        Self {
            operation: "",
            kind,
            source: None,
        }
    }

    /// A required input member was not set.
    pub fn missing_member(member: impl Into<Cow<'static, str>>) -> Self {
        Self::with_kind(ConstructionKind::MissingMember(member.into()))
    }

    /// The client configuration is unusable (no region, bad endpoint URL, ...).
    pub fn invalid_config(message: impl Into<Cow<'static, str>>) -> Self {
        Self::with_kind(ConstructionKind::InvalidConfig(message.into()))
    }

    /// Endpoint resolution failed.
    pub fn endpoint(message: impl Into<Cow<'static, str>>) -> Self {
        Self::with_kind(ConstructionKind::Endpoint(message.into()))
    }

    /// Credentials could not be loaded (the cause is the source).
    pub fn credentials(source: impl Into<Box<dyn Error + Send + Sync + 'static>>) -> Self {
        Self::with_kind(ConstructionKind::Credentials).with_source(source)
    }

    /// The request could not be signed (the cause is the source).
    pub fn signing(source: impl Into<Box<dyn Error + Send + Sync + 'static>>) -> Self {
        Self::with_kind(ConstructionKind::Signing).with_source(source)
    }

    /// Any other reason.
    pub fn new(message: impl Into<Cow<'static, str>>) -> Self {
        Self::with_kind(ConstructionKind::Other(message.into()))
    }

    /// Attaches the underlying cause.
    pub fn with_source(
        mut self,
        source: impl Into<Box<dyn Error + Send + Sync + 'static>>,
    ) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Records which operation was being built (shown in `Display`).
    pub fn for_operation(mut self, operation: &'static str) -> Self {
        self.operation = operation;
        self
    }

    /// The operation name, empty if unknown.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The name of the missing member, for [`missing_member`](Self::missing_member) errors.
    pub fn missing_member_name(&self) -> Option<&str> {
        match &self.kind {
            ConstructionKind::MissingMember(m) => Some(m),
            _ => None,
        }
    }
}

impl fmt::Display for ConstructionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ConstructionKind::MissingMember(m) => write!(f, "missing required member `{m}`")?,
            ConstructionKind::InvalidConfig(m) => write!(f, "invalid configuration: {m}")?,
            ConstructionKind::Endpoint(m) => write!(f, "endpoint resolution failed: {m}")?,
            ConstructionKind::Credentials => f.write_str("could not load credentials")?,
            ConstructionKind::Signing => f.write_str("could not sign the request")?,
            ConstructionKind::Other(m) => f.write_str(m)?,
        }
        // The causes are part of the one-line message because they are usually the actionable
        // part ("AWS_ACCESS_KEY_ID is not set"), and many loggers never walk `source()`.
        // Credential errors in particular keep their detail one level down.
        let mut cause = self.source.as_deref().map(|e| e as &(dyn Error + 'static));
        let mut depth = 0;
        while let Some(e) = cause {
            write!(f, ": {e}")?;
            depth += 1;
            if depth == 4 {
                break;
            }
            cause = e.source();
        }
        Ok(())
    }
}

impl Error for ConstructionError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}
