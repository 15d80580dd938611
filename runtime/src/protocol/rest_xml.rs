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
    ///
    /// An error response without a body (every response to `HEAD`, such as S3's HeadObject
    /// and HeadBucket 404s) has no code to read, so the code is the status's reason phrase
    /// without spaces (`404` -> `NotFound`, `403` -> `Forbidden`, `301` ->
    /// `MovedPermanently`), as the AWS SDKs do for S3; a modeled error of that name (S3's
    /// `NotFound`) then matches, and waiters can accept it by `errorType`.
    fn error_details(&self, response: &RawResponse, _service: &ServiceMeta) -> ErrorDetails {
        if response.body().iter().all(u8::is_ascii_whitespace) {
            return status_error_details(response);
        }
        let doc = parse(response.body()).ok();
        let info = doc.as_ref().and_then(|d| envelope::rest_xml_error(d).ok());
        xml_error_details(response, info)
    }
}

/// The details of a bodiless error response: the code from the status (see
/// [`RestXml::error_details`]); none for a status without a reason phrase.
fn status_error_details(response: &RawResponse) -> ErrorDetails {
    let code: String = http::StatusCode::from_u16(response.status())
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let meta = ErrorMetadata::builder()
        .set_code((!code.is_empty()).then(|| code.clone()))
        .set_request_id(response.request_id().map(str::to_owned))
        .status(response.status())
        .build();
    ErrorDetails {
        shape_code: code,
        meta,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::aws_query::AWS_QUERY;
    use crate::protocol::ec2_query::EC2_QUERY;
    use crate::service::Protocol;

    fn raw(status: u16, headers: &[(&str, &str)], body: &str) -> RawResponse {
        let mut map = http::HeaderMap::new();
        for (k, v) in headers {
            map.append(
                http::HeaderName::from_bytes(k.as_bytes()).expect("test header name"),
                v.parse().expect("test header value"),
            );
        }
        RawResponse::new(status, map, bytes::Bytes::copy_from_slice(body.as_bytes()))
    }

    fn service(protocol: Protocol) -> ServiceMeta {
        ServiceMeta {
            service_name: "Svc",
            protocol,
            signing_name: None,
            endpoint_prefix: "svc",
            sdk_id: "Svc",
            api_version: "2020-01-01",
            query_compatible: false,
            endpoint_rules: None,
        }
    }

    #[test]
    fn rest_xml_errors_wrapped_unwrapped_and_not_xml() {
        let svc = service(Protocol::RestXml);
        let wrapped = raw(
            400,
            &[],
            "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidGreeting</Code>\
             <Message>Hi</Message></Error><RequestId>foo-id</RequestId></ErrorResponse>",
        );
        let d = REST_XML.error_details(&wrapped, &svc);
        assert_eq!(d.shape_code, "InvalidGreeting");
        assert_eq!(d.meta.message(), Some("Hi"));
        assert_eq!(d.meta.request_id(), Some("foo-id"));

        let unwrapped = raw(
            404,
            &[("x-amz-request-id", "hdr-id")],
            "<Error><Code>NoSuchKey</Code></Error>",
        );
        let d = REST_XML.error_details(&unwrapped, &svc);
        assert_eq!(d.shape_code, "NoSuchKey");
        assert_eq!(d.meta.request_id(), Some("hdr-id"));

        let html = raw(503, &[], "<html><body>busy</body>");
        let d = REST_XML.error_details(&html, &svc);
        assert_eq!(d.shape_code, "");
        assert_eq!(d.meta.code(), None);
        assert_eq!(d.meta.status(), Some(503));
    }

    #[test]
    fn bodiless_errors_take_their_code_from_the_status() {
        let svc = service(Protocol::RestXml);
        for (status, code) in [
            (404, "NotFound"),
            (403, "Forbidden"),
            (301, "MovedPermanently"),
            (412, "PreconditionFailed"),
        ] {
            let head = raw(status, &[("x-amz-request-id", "rid")], "");
            let d = REST_XML.error_details(&head, &svc);
            assert_eq!(d.shape_code, code);
            assert_eq!(d.meta.code(), Some(code));
            assert_eq!(d.meta.status(), Some(status));
            assert_eq!(d.meta.request_id(), Some("rid"));
        }
        // A status without a reason phrase gives no code.
        let d = REST_XML.error_details(&raw(599, &[], " \n"), &svc);
        assert_eq!(d.shape_code, "");
        assert_eq!(d.meta.code(), None);
    }

    /// The six hostile bodies of issue 13 on the restXml response paths: an output body is a
    /// typed error, an error body yields no code (the status still counts), never a panic.
    /// (The parser's own tests are in `xml/hostile_tests.rs`; peak memory in
    /// `runtime/tests/xml_memory.rs`.)
    #[test]
    fn hostile_bodies_on_the_response_paths_are_typed_errors() {
        let svc = service(Protocol::RestXml);
        let laughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\">\
                      <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><Error><Code>&b;</Code></Error>"
            .as_bytes()
            .to_vec();
        let deep = ("<a>".repeat(100_000) + &"</a>".repeat(100_000)).into_bytes();
        let truncated = b"<Error><Code>NoSuchKey</Code><Mess".to_vec();
        let invalid_utf8 = b"<Error><Code>\xff\xfe</Code></Error>".to_vec();
        let mut huge = b"<Error><Message>".to_vec();
        huge.resize(huge.len() + (100 << 20), b'x');
        huge.extend_from_slice(b"</Message></Error>");
        let wrong_root = b"<html><body>Service Unavailable</body></html>".to_vec();
        for (name, body) in [
            ("billion laughs", laughs),
            ("100,000 deep", deep),
            ("truncated", truncated),
            ("invalid UTF-8", invalid_utf8),
            ("100 MB text node", huge),
            ("wrong root", wrong_root),
        ] {
            let ok = RawResponse::new(200, http::HeaderMap::new(), bytes::Bytes::from(body));
            if name != "wrong root" {
                assert!(body_document(&ok).is_err(), "{name}: output body");
            }
            let err = RawResponse::new(
                500,
                http::HeaderMap::new(),
                bytes::Bytes::copy_from_slice(ok.body()),
            );
            let d = REST_XML.error_details(&err, &svc);
            assert_eq!(d.shape_code, "", "{name}");
            assert_eq!(d.meta.status(), Some(500), "{name}");
            assert!(error_document(&err).is_none(), "{name}: error document");
        }
    }

    #[test]
    fn query_errors_use_their_envelopes() {
        let q = raw(
            400,
            &[],
            "<ErrorResponse><Error><Type>Sender</Type><Code>Custom.Code</Code>\
             <Message>m</Message></Error><RequestId>r1</RequestId></ErrorResponse>",
        );
        let d = AWS_QUERY.error_details(&q, &service(Protocol::AwsQuery));
        // `@awsQueryError` codes are matched as sent (a `.` is not a namespace separator).
        assert_eq!(d.shape_code, "Custom.Code");
        assert_eq!(d.meta.request_id(), Some("r1"));

        let e = raw(
            400,
            &[],
            "<Response><Errors><Error><Code>InvalidGreeting</Code><Message>Hi</Message>\
             </Error></Errors><RequestID>r2</RequestID></Response>",
        );
        let d = EC2_QUERY.error_details(&e, &service(Protocol::Ec2Query));
        assert_eq!(d.shape_code, "InvalidGreeting");
        assert_eq!(d.meta.message(), Some("Hi"));
        assert_eq!(d.meta.request_id(), Some("r2"));
        // A restXml document is not an ec2Query error.
        assert_eq!(
            EC2_QUERY
                .error_details(&q, &service(Protocol::Ec2Query))
                .shape_code,
            ""
        );
    }
}
