//! `aws.protocols#restJson1`: HTTP bindings (`@http`, `@httpLabel`, `@httpQuery`,
//! `@httpHeader`, `@httpPayload`, ...) with a JSON document for the members bound to the body.
//!
//! Generated code lays requests out with [`super::http`] and [`crate::json`]; this module
//! holds what is left: the error rules and the body conventions.

use super::{ClientProtocol, ErrorDetails, SerializedRequest};
use crate::error::{ConstructionError, RawResponse};
use crate::json::{DeserializeError, JsonWriter, Value, de};
use crate::service::ServiceMeta;

pub use super::aws_json::{body_document, error_document};

/// The restJson1 protocol.
#[derive(Debug)]
pub struct RestJson1;

/// `aws.protocols#restJson1`.
pub static REST_JSON_1: RestJson1 = RestJson1;

impl ClientProtocol for RestJson1 {
    fn name(&self) -> &'static str {
        "restJson1"
    }

    /// The code comes from `X-Amzn-Errortype`, then the body's `code`, then its top-level
    /// `__type`, sanitized like awsJson's (`:` suffix and namespace dropped).
    fn error_details(&self, response: &RawResponse, service: &ServiceMeta) -> ErrorDetails {
        super::aws_json::json_error_details(response, service.query_compatible)
    }
}

/// The `Content-Type` of JSON documents.
pub const JSON_CONTENT_TYPE: &str = "application/json";

/// Sets a JSON document as the body, with `content_type` unless a header already set one.
pub fn set_json_body(
    request: &mut SerializedRequest,
    body: JsonWriter,
    content_type: &str,
) -> Result<(), ConstructionError> {
    if let Some(reason) = body.error() {
        return Err(ConstructionError::new(reason.to_string()));
    }
    request.body(body.into_bytes(), content_type)
}

/// The document of an `@httpPayload` structure, union or document: `None` for an empty body
/// (the member is unset).
pub fn payload_document(response: &RawResponse) -> Result<Option<Value>, DeserializeError> {
    if response.body().iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    de::parse(response.body()).map(Some)
}

/// The body as text, for an `@httpPayload` string.
pub fn body_text(response: &RawResponse) -> Result<String, DeserializeError> {
    String::from_utf8(response.body().to_vec())
        .map_err(|_| DeserializeError::new("the body is not UTF-8 text"))
}
