//! The protocol headers every message carries, read into a typed summary for generated code.

use std::fmt;

use super::message::{HeaderValue, Message};
use crate::json::preview;

/// What a message is, from its `:message-type` header and the headers that go with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageKind<'a> {
    /// `:message-type: event`; `:event-type` names the union member (an unknown name is a new
    /// event the client does not know yet, to be skipped, not a failure).
    Event {
        /// The `:event-type` header.
        event_type: &'a str,
    },
    /// `:message-type: exception`: a modeled error; `:exception-type` names the member that
    /// targets it. Terminal.
    Exception {
        /// The `:exception-type` header.
        exception_type: &'a str,
    },
    /// `:message-type: error`: an unmodeled error. Terminal.
    Error {
        /// The `:error-code` header, if sent.
        code: Option<&'a str>,
        /// The `:error-message` header, if sent.
        message: Option<&'a str>,
    },
}

/// The protocol headers of one message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageInfo<'a> {
    /// The message's kind and its type headers.
    pub kind: MessageKind<'a>,
    /// The `:content-type` header (absent on messages without a payload).
    pub content_type: Option<&'a str>,
}

/// The protocol headers are missing or malformed; clients must fail the stream.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InvalidMessageHeaders {
    /// A required header is absent.
    Missing(&'static str),
    /// A protocol header is not a string.
    NotAString {
        /// The header.
        name: &'static str,
        /// The type it was sent as.
        found: &'static str,
    },
    /// `:message-type` is not `event`, `exception` or `error`.
    UnknownMessageType(String),
}

impl fmt::Display for InvalidMessageHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvalidMessageHeaders::Missing(name) => {
                write!(f, "event-stream message has no `{name}` header")
            }
            InvalidMessageHeaders::NotAString { name, found } => write!(
                f,
                "event-stream header `{name}` must be a string, found a {found}"
            ),
            InvalidMessageHeaders::UnknownMessageType(value) => {
                write!(f, "unknown event-stream :message-type {value}")
            }
        }
    }
}

impl std::error::Error for InvalidMessageHeaders {}

/// Header names of the protocol.
pub mod names {
    /// `event`, `exception` or `error`.
    pub const MESSAGE_TYPE: &str = ":message-type";
    /// The event's union member name.
    pub const EVENT_TYPE: &str = ":event-type";
    /// The modeled error's member name.
    pub const EXCEPTION_TYPE: &str = ":exception-type";
    /// The payload's media type.
    pub const CONTENT_TYPE: &str = ":content-type";
    /// An unmodeled error's code.
    pub const ERROR_CODE: &str = ":error-code";
    /// An unmodeled error's message.
    pub const ERROR_MESSAGE: &str = ":error-message";
}

fn optional_str<'a>(
    message: &'a Message,
    name: &'static str,
) -> Result<Option<&'a str>, InvalidMessageHeaders> {
    match message.header(name) {
        None => Ok(None),
        Some(HeaderValue::String(s)) => Ok(Some(s)),
        Some(other) => Err(InvalidMessageHeaders::NotAString {
            name,
            found: other.type_name(),
        }),
    }
}

fn required_str<'a>(
    message: &'a Message,
    name: &'static str,
) -> Result<&'a str, InvalidMessageHeaders> {
    optional_str(message, name)?.ok_or(InvalidMessageHeaders::Missing(name))
}

impl Message {
    /// Reads the protocol headers (`:message-type` and the type, content-type and error headers
    /// that go with it).
    pub fn info(&self) -> Result<MessageInfo<'_>, InvalidMessageHeaders> {
        let kind = match required_str(self, names::MESSAGE_TYPE)? {
            "event" => MessageKind::Event {
                event_type: required_str(self, names::EVENT_TYPE)?,
            },
            "exception" => MessageKind::Exception {
                exception_type: required_str(self, names::EXCEPTION_TYPE)?,
            },
            "error" => MessageKind::Error {
                code: optional_str(self, names::ERROR_CODE)?,
                message: optional_str(self, names::ERROR_MESSAGE)?,
            },
            other => return Err(InvalidMessageHeaders::UnknownMessageType(preview(other))),
        };
        Ok(MessageInfo {
            kind,
            content_type: optional_str(self, names::CONTENT_TYPE)?,
        })
    }
}
