//! The error type shared by rule-set parsing and endpoint resolution.

use std::fmt;

/// Broad category of an [`EndpointError`], for callers that react differently to a bad
/// rule set, bad input, or a modelled "unsupported configuration" error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EndpointErrorKind {
    /// The rule-set (or partitions) document is malformed or uses something unsupported,
    /// such as an unknown function. Reported by parsing, never by resolution.
    InvalidRuleSet,
    /// A parameter value has the wrong type, or a required parameter has no value.
    InvalidParameter,
    /// An `error` rule matched. The message is the rule's evaluated text.
    RuleError,
    /// No rule matched: the rule list, or the sub-rules of a matched tree rule, ran out.
    NoMatchingRule,
    /// Evaluation failed, e.g. a template referred to an unset value or a function received
    /// an argument of the wrong type.
    Evaluation,
}

/// Failure to parse a rule set or to resolve an endpoint.
///
/// `Display` of an error produced by an `error` rule is exactly the rule's message, so it can
/// be shown to users (and compared with `endpointTests` expectations) unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointError {
    kind: EndpointErrorKind,
    message: String,
}

impl EndpointError {
    fn new(kind: EndpointErrorKind, message: impl Into<String>) -> EndpointError {
        EndpointError {
            kind,
            message: message.into(),
        }
    }

    pub(crate) fn invalid_rule_set(message: impl Into<String>) -> EndpointError {
        EndpointError::new(EndpointErrorKind::InvalidRuleSet, message)
    }

    pub(crate) fn invalid_parameter(message: impl Into<String>) -> EndpointError {
        EndpointError::new(EndpointErrorKind::InvalidParameter, message)
    }

    pub(crate) fn rule(message: impl Into<String>) -> EndpointError {
        EndpointError::new(EndpointErrorKind::RuleError, message)
    }

    pub(crate) fn no_match(message: impl Into<String>) -> EndpointError {
        EndpointError::new(EndpointErrorKind::NoMatchingRule, message)
    }

    pub(crate) fn evaluation(message: impl Into<String>) -> EndpointError {
        EndpointError::new(EndpointErrorKind::Evaluation, message)
    }

    /// The category of this error.
    pub fn kind(&self) -> EndpointErrorKind {
        self.kind
    }

    /// The message without any category prefix (for `RuleError`, the rule's text).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            EndpointErrorKind::RuleError => f.write_str(&self.message),
            EndpointErrorKind::InvalidRuleSet => {
                write!(f, "invalid endpoint rule set: {}", self.message)
            }
            EndpointErrorKind::InvalidParameter => {
                write!(f, "invalid endpoint parameters: {}", self.message)
            }
            EndpointErrorKind::NoMatchingRule => {
                write!(f, "no endpoint rule matched: {}", self.message)
            }
            EndpointErrorKind::Evaluation => {
                write!(f, "endpoint rule evaluation failed: {}", self.message)
            }
        }
    }
}

impl std::error::Error for EndpointError {}
