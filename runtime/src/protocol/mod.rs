//! Protocols: how an operation's input is laid out on HTTP, and how a response is read.
//!
//! The work is split in two so the generic surface stays small (compile time) and a new
//! protocol only adds code, never changes the client core:
//!
//! - **Generated code** knows the shapes. Per operation it implements [`SerializeRequest`] on
//!   the input (method, path and query, headers, body: a [`SerializedRequest`]),
//!   [`ParseResponse`] on the output, and [`ParseServiceError`](crate::error::ParseServiceError)
//!   on the error enum. It calls the format helpers of this module ([`http`] for HTTP bindings,
//!   [`crate::json`] for JSON bodies) and never encodes anything itself.
//! - **The runtime** knows the transport. The client core joins the request to the endpoint,
//!   adds `Host`, `User-Agent` and `Content-Length`, signs, sends and retries without knowing
//!   the protocol; the one protocol-specific step left on the response path, reading the error
//!   code and message of a failed response, is a [`ClientProtocol`] implementation chosen from
//!   the service's [`Protocol`](crate::service::Protocol).
//!
//! A new protocol (restXml, awsQuery, rpcv2Cbor, ...) adds a module here with its
//! [`ClientProtocol`] and request helpers, a variant of `service::Protocol`, and a generator
//! module in the code generator.

pub mod aws_json;
#[cfg(feature = "xml")]
pub mod aws_query;
pub mod customize;
#[cfg(feature = "xml")]
pub mod ec2_query;
pub mod http;
pub mod rest_json;
#[cfg(feature = "xml")]
pub mod rest_xml;
mod rpcv2;
#[cfg(feature = "cbor")]
pub mod rpcv2_cbor;
pub mod rpcv2_json;

use std::fmt;

use bytes::Bytes;
use http_crate::{HeaderMap, HeaderName, HeaderValue};

use crate::error::{ConstructionError, ErrorMetadata, RawResponse};
pub use crate::json::DeserializeError;
use crate::service::ServiceMeta;
use crate::transport::SdkBody;

// `http` is also the name of this module's binding helpers.
use ::http as http_crate;

/// The HTTP method type generated requests are built with.
pub use ::http::Method;

/// One operation's request as the protocol lays it out, before the client adds the endpoint,
/// transport headers and signature.
#[derive(Debug)]
pub struct SerializedRequest {
    method: Method,
    path_and_query: String,
    headers: HeaderMap,
    body: Bytes,
    /// A `@streaming` payload, sent as it is read instead of `body`.
    stream: Option<SdkBody>,
    /// Glacier's payload and tree hashes are still to be computed over the final body.
    tree_hash_headers: bool,
}

impl SerializedRequest {
    /// A request with `method` to `path_and_query` (starting with `/`, relative to the
    /// endpoint's own path; or empty, or only a query, when the endpoint's path is the whole
    /// path, as for S3's `/{Bucket}` whose bucket the endpoint rules place), without headers
    /// or body.
    pub fn new(method: Method, path_and_query: impl Into<String>) -> Self {
        Self {
            method,
            path_and_query: path_and_query.into(),
            headers: HeaderMap::new(),
            body: Bytes::new(),
            stream: None,
            tree_hash_headers: false,
        }
    }

    /// Sets a header from a static value.
    pub fn static_header(&mut self, name: &'static str, value: &'static str) {
        self.headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }

    /// Appends a header; a name or value that HTTP cannot carry is an error naming the header
    /// (values are never quoted in the message: they may be secrets).
    pub fn header(&mut self, name: &str, value: &str) -> Result<(), ConstructionError> {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            ConstructionError::new(format!("{name:?} is not a valid HTTP header name"))
        })?;
        let value = HeaderValue::from_str(value).map_err(|_| {
            ConstructionError::new(format!(
                "the value of header {name} has characters HTTP headers cannot carry"
            ))
        })?;
        self.headers.append(name, value);
        Ok(())
    }

    /// Whether a header is already set (a bound header wins over prefix headers and defaults).
    pub fn has_header(&self, name: &str) -> bool {
        self.headers.contains_key(name)
    }

    /// Sets the body and, unless already set, its `Content-Type`.
    pub fn body(
        &mut self,
        body: impl Into<Bytes>,
        content_type: &str,
    ) -> Result<(), ConstructionError> {
        self.body = body.into();
        if !self.headers.contains_key(http_crate::header::CONTENT_TYPE) {
            self.header("content-type", content_type)?;
        }
        Ok(())
    }

    /// Sets a `@streaming` payload, sent as it is read (with `Content-Length` when its length
    /// is known), and, unless already set, its `Content-Type`. An empty body sends nothing and
    /// no `Content-Type`, like an unset payload.
    pub fn stream_body(
        &mut self,
        body: crate::ByteStream,
        content_type: &str,
    ) -> Result<(), ConstructionError> {
        let body = body.into_inner();
        if body.content_length() == Some(0) {
            return Ok(());
        }
        match body.into_bytes() {
            // Bytes in memory stay bytes: signed, checksummed and retried like any body.
            Ok(bytes) => self.body = bytes,
            Err(stream) => {
                self.body = Bytes::new();
                self.stream = Some(stream);
            }
        }
        if !self.headers.contains_key(http_crate::header::CONTENT_TYPE) {
            self.header("content-type", content_type)?;
        }
        Ok(())
    }

    /// Asks the client to add Glacier's `x-amz-content-sha256` and `x-amz-sha256-tree-hash`
    /// over the body it sends (read once more for a file; see
    /// [`customize::glacier_checksums`]).
    pub(crate) fn request_tree_hash_headers(&mut self) {
        self.tree_hash_headers = true;
    }

    /// Whether the body is a stream (a `@streaming` payload not held in memory).
    pub fn is_streaming(&self) -> bool {
        self.stream.is_some()
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Path and query, relative to the endpoint's path.
    pub fn path_and_query(&self) -> &str {
        &self.path_and_query
    }

    /// The protocol's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The protocol's headers, to add more.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.headers
    }

    /// The body (empty: none is sent).
    pub fn body_bytes(&self) -> &Bytes {
        &self.body
    }

    pub(crate) fn into_parts(self) -> RequestParts {
        RequestParts {
            method: self.method,
            path_and_query: self.path_and_query,
            headers: self.headers,
            body: self.body,
            stream: self.stream,
            tree_hash_headers: self.tree_hash_headers,
        }
    }
}

/// A [`SerializedRequest`] taken apart by the client core.
pub(crate) struct RequestParts {
    pub(crate) method: Method,
    pub(crate) path_and_query: String,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) stream: Option<SdkBody>,
    pub(crate) tree_hash_headers: bool,
}

/// Lays an operation input out as an HTTP request (implemented by generated code).
pub trait SerializeRequest {
    /// The request for this input; fails for values the protocol cannot carry (an empty
    /// label, an unknown union member, a header value with control characters).
    fn serialize_request(&self) -> Result<SerializedRequest, ConstructionError>;
}

/// Reads an operation output from a successful response (implemented by generated code).
pub trait ParseResponse: Sized {
    /// The output, or the first value that does not match the model.
    fn parse_response(response: &RawResponse) -> Result<Self, DeserializeError>;
}

/// Operations without output: any body is accepted and ignored.
impl ParseResponse for () {
    fn parse_response(_response: &RawResponse) -> Result<Self, DeserializeError> {
        Ok(())
    }
}

/// What an error response says about itself, read the same way for every operation of a
/// protocol.
#[derive(Debug)]
pub struct ErrorDetails {
    /// The sanitized error shape name that picks the modeled error (empty if none).
    pub shape_code: String,
    /// Metadata shown to users (the code may differ from `shape_code`, e.g. the awsQuery code
    /// of an awsQuery-compatible service).
    pub meta: ErrorMetadata,
}

/// The runtime half of a protocol: reading error responses. Everything else a protocol
/// decides is done by generated code through [`SerializeRequest`] and [`ParseResponse`].
pub trait ClientProtocol: Send + Sync + fmt::Debug {
    /// The protocol's name as in its Smithy trait (`awsJson1_0`, `restJson1`).
    fn name(&self) -> &'static str;

    /// The error code, message and request id of a failed response. Never fails: a body that
    /// is not what the protocol expects (an HTML page from a proxy) still yields the status.
    fn error_details(&self, response: &RawResponse, service: &ServiceMeta) -> ErrorDetails;
}

/// Turns a wire error code into the error shape name: cut everything from the first `:`
/// (a URL may follow), then keep what follows the last `#` (drop the namespace).
pub fn sanitize_error_code(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or(code);
    let code = code.rsplit('#').next().unwrap_or(code);
    code.trim()
}
