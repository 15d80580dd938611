//! The fixed envelopes of the XML protocols: error documents and the awsQuery/ec2Query output
//! wrappers. Pure functions over a parsed [`Document`], so they are easy to test and to fuzz.
//!
//! | protocol | error document | output |
//! |---|---|---|
//! | restXml | `<ErrorResponse><Error>…</Error><RequestId/></ErrorResponse>`, or with `noErrorWrapping` (S3) `<Error>…<RequestId/></Error>` | the output structure is the root |
//! | awsQuery | `<ErrorResponse><Error><Type/><Code/><Message/>…</Error><RequestId/></ErrorResponse>` | `<OpResponse><OpResult>…</OpResult><ResponseMetadata><RequestId/></ResponseMetadata></OpResponse>` |
//! | ec2Query | `<Response><Errors><Error><Code/><Message/>…</Error></Errors><RequestID/></Response>` | `<OpResponse>…<requestId/></OpResponse>` (no Result wrapper) |
//!
//! The readers are lenient in what they accept, as other SDKs are: restXml accepts both error
//! forms whatever the trait says, and request ids are looked up in every place services put them.

use super::error::{XmlError, XmlErrorKind};
use super::tree::{Document, Element};

/// The common parts of an error document. The `error` element also holds the error shape's
/// own members, which generated code deserializes from it.
#[derive(Debug, Clone, Copy)]
pub struct ErrorInfo<'a> {
    /// `<Code>`: the error code, matched against the service's error shapes.
    pub code: Option<&'a str>,
    /// `<Message>`.
    pub message: Option<&'a str>,
    /// The request id (`RequestId` or `RequestID`, inside or beside `<Error>`).
    pub request_id: Option<&'a str>,
    /// `<Type>` (`Sender` or `Receiver`) where the protocol has it.
    pub error_type: Option<&'a str>,
    /// The `<Error>` element.
    pub error: Element<'a>,
}

fn child_text<'a>(e: Element<'a>, name: &str) -> Option<&'a str> {
    e.child(name).map(|c| c.text())
}

fn info<'a>(error: Element<'a>, request_id: Option<&'a str>) -> ErrorInfo<'a> {
    ErrorInfo {
        code: child_text(error, "Code"),
        message: child_text(error, "Message"),
        request_id,
        error_type: child_text(error, "Type"),
        error,
    }
}

fn request_id_of<'a>(e: Element<'a>) -> Option<&'a str> {
    child_text(e, "RequestId").or_else(|| child_text(e, "RequestID"))
}

fn unexpected(expected: &str, found: Element<'_>) -> XmlError {
    XmlError::new(XmlErrorKind::UnexpectedElement).with_detail(format!(
        "expected {expected}, found <{}>",
        crate::json::truncated(found.qualified_name(), 64).0
    ))
}

/// A restXml error, wrapped (`<ErrorResponse><Error>`) or not (`<Error>`, S3 and
/// `noErrorWrapping`). The request id is taken from beside `<Error>` first, then from inside.
pub fn rest_xml_error(doc: &Document) -> Result<ErrorInfo<'_>, XmlError> {
    let root = doc.root();
    if root.is_named("Error") {
        return Ok(info(root, request_id_of(root)));
    }
    if root.is_named("ErrorResponse") {
        let error = root.expect_child("Error")?;
        return Ok(info(
            error,
            request_id_of(root).or_else(|| request_id_of(error)),
        ));
    }
    Err(unexpected("<ErrorResponse> or <Error>", root))
}

/// An awsQuery error: `<ErrorResponse><Error>…</Error><RequestId/></ErrorResponse>`.
pub fn aws_query_error(doc: &Document) -> Result<ErrorInfo<'_>, XmlError> {
    let root = doc.expect_root("ErrorResponse")?;
    let error = root.expect_child("Error")?;
    Ok(info(
        error,
        request_id_of(root).or_else(|| request_id_of(error)),
    ))
}

/// An ec2Query error: `<Response><Errors><Error>…</Error></Errors><RequestID/></Response>`.
/// Only the first `<Error>` is reported (EC2 sends one).
pub fn ec2_query_error(doc: &Document) -> Result<ErrorInfo<'_>, XmlError> {
    let root = doc.expect_root("Response")?;
    let error = root.expect_child("Errors")?.expect_child("Error")?;
    Ok(info(
        error,
        request_id_of(root).or_else(|| request_id_of(error)),
    ))
}

/// True when the document is an S3-style `<Error>` document. S3 answers CopyObject,
/// UploadPartCopy and CompleteMultipartUpload with 200 and such a body when the operation
/// failed after the status line was sent; callers treat it as an error response.
pub fn is_error_document(doc: &Document) -> bool {
    doc.root().is_named("Error")
}

/// The output of an awsQuery operation: checks the `<{operation}Response>` root and returns
/// its `<{operation}Result>` child, or `None` when the response has only `ResponseMetadata`
/// (an operation without output members). The output shape's own `@xmlName` plays no part.
pub fn aws_query_result<'a>(
    doc: &'a Document,
    operation: &str,
) -> Result<Option<Element<'a>>, XmlError> {
    let root = doc.expect_root(&format!("{operation}Response"))?;
    Ok(root.child(&format!("{operation}Result")))
}

/// The request id of an awsQuery response (`ResponseMetadata/RequestId`).
pub fn aws_query_request_id(doc: &Document) -> Option<&str> {
    doc.root()
        .child("ResponseMetadata")
        .and_then(|m| child_text(m, "RequestId"))
}

/// The output of an ec2Query operation: the `<{operation}Response>` root itself, whose
/// children are the output members (EC2 has no Result wrapper).
pub fn ec2_query_output<'a>(doc: &'a Document, operation: &str) -> Result<Element<'a>, XmlError> {
    doc.expect_root(&format!("{operation}Response"))
}

/// The request id of an ec2Query response (`requestId` beside the output members).
pub fn ec2_query_request_id(doc: &Document) -> Option<&str> {
    child_text(doc.root(), "requestId")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::parse;

    fn doc(text: &str) -> Document {
        parse(text.as_bytes()).expect("valid XML")
    }

    #[test]
    fn rest_xml_wrapped_and_unwrapped() {
        let d = doc(
            "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidGreeting</Code>\
             <Message>Hi</Message><Foo>bar</Foo></Error><RequestId>foo-id</RequestId></ErrorResponse>",
        );
        let e = rest_xml_error(&d).unwrap();
        assert_eq!(
            (e.code, e.message, e.request_id, e.error_type),
            (
                Some("InvalidGreeting"),
                Some("Hi"),
                Some("foo-id"),
                Some("Sender")
            )
        );
        assert_eq!(e.error.child("Foo").unwrap().text(), "bar");
        assert!(!is_error_document(&d));

        let d = doc("<Error><Code>NoSuchKey</Code><Message>gone</Message>\
             <Key>k</Key><RequestId>r1</RequestId><HostId>h</HostId></Error>");
        let e = rest_xml_error(&d).unwrap();
        assert_eq!(
            (e.code, e.message, e.request_id, e.error_type),
            (Some("NoSuchKey"), Some("gone"), Some("r1"), None)
        );
        assert!(is_error_document(&d));

        // Wrapped, request id only inside <Error>.
        let d = doc(
            "<ErrorResponse><Error><Code>C</Code><RequestId>in</RequestId></Error></ErrorResponse>",
        );
        assert_eq!(rest_xml_error(&d).unwrap().request_id, Some("in"));
        let d = doc("<ErrorResponse><Nope/></ErrorResponse>");
        assert_eq!(
            rest_xml_error(&d).unwrap_err().kind(),
            XmlErrorKind::UnexpectedElement
        );
        let d = doc("<Html/>");
        assert_eq!(
            rest_xml_error(&d).unwrap_err().to_string(),
            "unexpected XML element: expected <ErrorResponse> or <Error>, found <Html>"
        );
    }

    #[test]
    fn aws_query_errors_and_output() {
        let d = doc(
            "<ErrorResponse>\n <Error>\n  <Type>Sender</Type>\n  <Code>Customized</Code>\n\
             <Message>Hi</Message>\n </Error>\n <RequestId>foo-id</RequestId>\n</ErrorResponse>",
        );
        let e = aws_query_error(&d).unwrap();
        assert_eq!(
            (e.code, e.message, e.request_id, e.error_type),
            (
                Some("Customized"),
                Some("Hi"),
                Some("foo-id"),
                Some("Sender")
            )
        );
        assert!(aws_query_error(&doc("<Error/>")).is_err());

        let d = doc(
            "<GreetingWithErrorsResponse xmlns=\"https://example.com/\">\
             <GreetingWithErrorsResult><greeting>Hello</greeting></GreetingWithErrorsResult>\
             <ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata>\
             </GreetingWithErrorsResponse>",
        );
        let result = aws_query_result(&d, "GreetingWithErrors").unwrap().unwrap();
        assert_eq!(result.child("greeting").unwrap().text(), "Hello");
        assert_eq!(result.namespace(), Some("https://example.com/"));
        assert_eq!(aws_query_request_id(&d), Some("rid"));
        assert_eq!(
            aws_query_result(&d, "Other").unwrap_err().to_string(),
            "unexpected XML element: expected the root element <OtherResponse>, \
             found <GreetingWithErrorsResponse>"
        );
        let d = doc(
            "<NoOutputResponse><ResponseMetadata><RequestId>r</RequestId>\
             </ResponseMetadata></NoOutputResponse>",
        );
        assert!(aws_query_result(&d, "NoOutput").unwrap().is_none());
    }

    #[test]
    fn ec2_query_errors_and_output() {
        let d = doc(
            "<Response><Errors><Error><Code>InvalidGreeting</Code><Message>Hi</Message>\
             </Error></Errors><RequestID>foo-id</RequestID></Response>",
        );
        let e = ec2_query_error(&d).unwrap();
        assert_eq!(
            (e.code, e.message, e.request_id, e.error_type),
            (Some("InvalidGreeting"), Some("Hi"), Some("foo-id"), None)
        );
        assert!(ec2_query_error(&doc("<Response><Errors/></Response>")).is_err());
        assert!(ec2_query_error(&doc("<ErrorResponse/>")).is_err());

        let d = doc(
            "<GreetingWithErrorsResponse xmlns=\"https://example.com/\">\
             <greeting>Hello</greeting><requestId>requestid</requestId>\
             </GreetingWithErrorsResponse>",
        );
        let out = ec2_query_output(&d, "GreetingWithErrors").unwrap();
        assert_eq!(out.child("greeting").unwrap().text(), "Hello");
        assert_eq!(ec2_query_request_id(&d), Some("requestid"));
        assert!(ec2_query_output(&d, "Greeting").is_err());
    }
}
