//! `aws.protocols#ec2Query`: requests as awsQuery's (a form body, see [`crate::query`]) with
//! EC2's naming; outputs are the children of `<OpResponse>` (no Result wrapper), errors are
//! `<Response><Errors><Error>` documents.

use super::{ClientProtocol, ErrorDetails};
use crate::error::RawResponse;
use crate::json::DeserializeError;
use crate::service::ServiceMeta;
use crate::xml::{Document, Element, envelope, parse};

pub use super::aws_query::request;

/// The ec2Query protocol.
#[derive(Debug)]
pub struct Ec2Query;

/// `aws.protocols#ec2Query`.
pub static EC2_QUERY: Ec2Query = Ec2Query;

impl ClientProtocol for Ec2Query {
    fn name(&self) -> &'static str {
        "ec2Query"
    }

    /// Code, message and request id from the first `<Response><Errors><Error>`.
    fn error_details(&self, response: &RawResponse, _service: &ServiceMeta) -> ErrorDetails {
        let doc = parse(response.body()).ok();
        let info = doc.as_ref().and_then(|d| envelope::ec2_query_error(d).ok());
        super::rest_xml::xml_error_details(response, info)
    }
}

/// The parsed body of a successful response.
pub fn body_document(response: &RawResponse) -> Result<Document, DeserializeError> {
    Ok(parse(response.body())?)
}

/// The `<{operation}Response>` root of a parsed ec2Query response, whose children are the
/// output members. EC2 sends any root name in practice, so only the document is required.
pub fn output_element<'a>(doc: &'a Document, _operation: &str) -> Element<'a> {
    doc.root()
}

/// The document of an error response, if it is a `<Response><Errors>` document.
pub fn error_document(response: &RawResponse) -> Option<Document> {
    parse(response.body())
        .ok()
        .filter(|d| envelope::ec2_query_error(d).is_ok())
}

/// The `<Error>` element of a document accepted by [`error_document`].
pub fn error_element(doc: &Document) -> Option<Element<'_>> {
    envelope::ec2_query_error(doc).ok().map(|i| i.error)
}
