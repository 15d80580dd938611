//! `aws.protocols#restXml`: the HTTP bindings of restJson1 with XML documents for bodies.
//!
//! Generated code lays requests out with [`super::http`] and [`crate::xml::XmlWriter`]; this
//! module holds the error rules and the body conventions.

use super::{ClientProtocol, ErrorDetails, SerializedRequest, sanitize_error_code};
use crate::error::{ConstructionError, ErrorMetadata, RawResponse};
use crate::json::DeserializeError;
use crate::service::ServiceMeta;
use crate::xml::{Document, XmlWriter, envelope, parse};

/// The restXml protocol.
#[derive(Debug)]
pub struct RestXml;

/// `aws.protocols#restXml`.
pub static REST_XML: RestXml = RestXml;

/// The `Content-Type` of XML documents.
pub const XML_CONTENT_TYPE: &str = "application/xml";

impl ClientProtocol for RestXml {
    fn name(&self) -> &'static str {
        "restXml"
    }

    /// The code and message come from `<Error>`, wrapped in `<ErrorResponse>` or not (S3 and
    /// `noErrorWrapping`, both accepted whatever the model says); the request id from the
    /// document, else the `x-amz-request-id` header.
    fn error_details(&self, response: &RawResponse, _service: &ServiceMeta) -> ErrorDetails {
        let doc = parse(response.body()).ok();
        let info = doc.as_ref().and_then(|d| envelope::rest_xml_error(d).ok());
        xml_error_details(response, info)
    }
}

/// The details of an error response from its parsed envelope (`None`: the body was not an
/// error document; the status still counts).
pub(crate) fn xml_error_details(
    response: &RawResponse,
    info: Option<envelope::ErrorInfo<'_>>,
) -> ErrorDetails {
    let code = info.and_then(|i| i.code).map(str::trim).unwrap_or("");
    let shape_code = sanitize_error_code(code).to_owned();
    let request_id = info
        .and_then(|i| i.request_id)
        .map(str::to_owned)
        .or_else(|| response.request_id().map(str::to_owned));
    let meta = ErrorMetadata::builder()
        .set_code((!code.is_empty()).then(|| code.to_owned()))
        .set_message(info.and_then(|i| i.message).map(str::to_owned))
        .set_request_id(request_id)
        .status(response.status())
        .build();
    ErrorDetails { shape_code, meta }
}

/// Sets an XML document as the body, with `content_type` unless a header already set one.
pub fn set_xml_body(
    request: &mut SerializedRequest,
    body: XmlWriter,
    content_type: &str,
) -> Result<(), ConstructionError> {
    if let Some(reason) = body.error() {
        return Err(ConstructionError::new(reason.to_string()));
    }
    request.body(body.into_bytes(), content_type)
}

/// The document of a response body: `None` for an empty body (no body members are set).
pub fn body_document(response: &RawResponse) -> Result<Option<Document>, DeserializeError> {
    if response.body().iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    Ok(Some(parse(response.body())?))
}

/// The document of an error response, if its body is an error document; generated code reads
/// the modeled error's members from [`error_element`].
pub fn error_document(response: &RawResponse) -> Option<Document> {
    parse(response.body())
        .ok()
        .filter(|d| envelope::rest_xml_error(d).is_ok())
}

/// The `<Error>` element of a document accepted by [`error_document`].
pub fn error_element(doc: &Document) -> Option<crate::xml::Element<'_>> {
    envelope::rest_xml_error(doc).ok().map(|i| i.error)
}

/// The body as text, for an `@httpPayload` string.
pub fn body_text(response: &RawResponse) -> Result<String, DeserializeError> {
    String::from_utf8(response.body().to_vec())
        .map_err(|_| DeserializeError::new("the body is not UTF-8 text"))
}
