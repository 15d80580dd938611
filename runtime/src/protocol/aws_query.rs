//! `aws.protocols#awsQuery`: every operation is `POST /` with a form body
//! (`Action=Op&Version=...&...`, see [`crate::query`]); outputs are XML wrapped in
//! `<OpResponse><OpResult>`, errors are `<ErrorResponse><Error>` documents.

use http::Method;

use super::{ClientProtocol, ErrorDetails, SerializedRequest};
use crate::error::{ConstructionError, RawResponse};
use crate::json::DeserializeError;
use crate::query::QueryWriter;
use crate::service::ServiceMeta;
use crate::xml::{Document, Element, envelope, parse};

/// The awsQuery protocol.
#[derive(Debug)]
pub struct AwsQuery;

/// `aws.protocols#awsQuery`.
pub static AWS_QUERY: AwsQuery = AwsQuery;

/// The `Content-Type` of query request bodies.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

impl ClientProtocol for AwsQuery {
    fn name(&self) -> &'static str {
        "awsQuery"
    }

    /// Code, message and request id from `<ErrorResponse><Error>`; the code is the
    /// `@awsQueryError` code of the error shape, matched as sent.
    fn error_details(&self, response: &RawResponse, _service: &ServiceMeta) -> ErrorDetails {
        let doc = parse(response.body()).ok();
        let info = doc.as_ref().and_then(|d| envelope::aws_query_error(d).ok());
        super::rest_xml::xml_error_details(response, info)
    }
}

/// The request of a query-protocol operation: `POST /` with the form `body`.
pub fn request(body: QueryWriter) -> Result<SerializedRequest, ConstructionError> {
    if let Some(reason) = body.error() {
        return Err(ConstructionError::new(reason.to_string()));
    }
    let mut request = SerializedRequest::new(Method::POST, "/");
    request.body(body.into_bytes(), FORM_CONTENT_TYPE)?;
    Ok(request)
}

/// The parsed body of a successful response.
pub fn body_document(response: &RawResponse) -> Result<Document, DeserializeError> {
    Ok(parse(response.body())?)
}

/// The `<{operation}Result>` element of a parsed awsQuery response, or `None` when there is
/// none (an output without members).
pub fn result_element<'a>(
    doc: &'a Document,
    operation: &str,
) -> Result<Option<Element<'a>>, DeserializeError> {
    Ok(envelope::aws_query_result(doc, operation)?)
}

/// The document of an error response, if it is an `<ErrorResponse>`.
pub fn error_document(response: &RawResponse) -> Option<Document> {
    parse(response.body())
        .ok()
        .filter(|d| envelope::aws_query_error(d).is_ok())
}

/// The `<Error>` element of a document accepted by [`error_document`].
pub fn error_element(doc: &Document) -> Option<Element<'_>> {
    envelope::aws_query_error(doc).ok().map(|i| i.error)
}
