//! `rpcv2Cbor` (Smithy RPC v2 CBOR): every operation is
//! `POST {endpoint path}/service/{Service}/operation/{Operation}` with `smithy-protocol:
//! rpc-v2-cbor`, the input as one CBOR map, and errors named by the body's `__type`.
//!
//! The envelope helpers here are shared with [`rpcv2_json`](super::rpcv2_json), which differs
//! only in its header value, media type and body format.

use bytes::Bytes;
use http::Method;

use super::{ClientProtocol, ErrorDetails, SerializedRequest, sanitize_error_code};
use crate::cbor::{CborWriter, DeserializeError, Value, de};
use crate::error::{ConstructionError, ErrorMetadata, RawResponse};
use crate::service::ServiceMeta;

/// The rpcv2Cbor protocol.
#[derive(Debug)]
pub struct RpcV2Cbor;

/// `smithy.protocols#rpcv2Cbor`.
pub static RPCV2_CBOR: RpcV2Cbor = RpcV2Cbor;

const MEDIA_TYPE: &str = "application/cbor";
/// The value of the `smithy-protocol` header, on requests and responses.
const PROTOCOL: &str = "rpc-v2-cbor";

impl ClientProtocol for RpcV2Cbor {
    fn name(&self) -> &'static str {
        "rpcv2Cbor"
    }

    fn error_details(&self, response: &RawResponse, service: &ServiceMeta) -> ErrorDetails {
        if !speaks(response, PROTOCOL) {
            // Not an rpcv2Cbor response (a proxy, a load balancer): the status is all we know.
            return error_details(response, service, None, None);
        }
        let body = error_document(response);
        let code = body.get("__type").and_then(Value::as_str);
        let message = message_of(&body);
        error_details(response, service, code, message)
    }
}

/// The message of a CBOR error body: a top-level text `message` (any case).
fn message_of(body: &Value) -> Option<&str> {
    let Value::Map(pairs) = body else {
        return None;
    };
    pairs.iter().find_map(|(k, v)| match (k, v) {
        (Value::Text(k), Value::Text(v)) if k.eq_ignore_ascii_case("message") => Some(v.as_str()),
        _ => None,
    })
}

/// The request of an rpcv2Cbor operation: `POST <path>`, the protocol headers, and the input
/// map; `None` (a `Unit` input) sends no body and no `Content-Type`.
pub fn request(
    service: &ServiceMeta,
    path: &'static str,
    body: Option<CborWriter>,
) -> Result<SerializedRequest, ConstructionError> {
    let body = match body {
        Some(w) => {
            if let Some(reason) = w.error() {
                return Err(ConstructionError::new(reason.to_string()));
            }
            Some(Bytes::from(w.into_bytes()))
        }
        None => None,
    };
    envelope(service, path, PROTOCOL, MEDIA_TYPE, body)
}

/// The RPC v2 envelope shared by rpcv2Cbor and rpcv2Json: `POST <path>` with `smithy-protocol`,
/// `Accept` set to the media type, `Content-Type` only when there is a body, and
/// `x-amzn-query-mode: true` for awsQuery-compatible services. Never `X-Amz-Target`.
pub(crate) fn envelope(
    service: &ServiceMeta,
    path: &'static str,
    protocol: &'static str,
    media_type: &'static str,
    body: Option<Bytes>,
) -> Result<SerializedRequest, ConstructionError> {
    let mut request = SerializedRequest::new(Method::POST, path);
    request.static_header("smithy-protocol", protocol);
    request.static_header("accept", media_type);
    if service.query_compatible {
        request.static_header("x-amzn-query-mode", "true");
    }
    if let Some(body) = body {
        request.body(body, media_type)?;
    }
    Ok(request)
}

/// Whether the response says it speaks `protocol` (its `smithy-protocol` header). The spec
/// makes the header mandatory on responses, so a response without it did not come from the
/// service (a proxy's page, a misrouted request) and its body is not read as the protocol's.
pub(crate) fn speaks(response: &RawResponse, protocol: &str) -> bool {
    response
        .header_str("smithy-protocol")
        .is_some_and(|v| v.trim() == protocol)
}

/// The error of a successful response without the protocol's `smithy-protocol` header.
pub(crate) fn not_this_protocol(protocol: &str) -> DeserializeError {
    DeserializeError::new(format!(
        "the response has no `smithy-protocol: {protocol}` header, so it is not an RPC v2 response"
    ))
}

/// The document of a response body; an empty body reads as an empty map (an output without
/// members may come with no body at all). A response without `smithy-protocol: rpc-v2-cbor`
/// is an error.
pub fn body_document(response: &RawResponse) -> Result<Value, DeserializeError> {
    if !speaks(response, PROTOCOL) {
        return Err(not_this_protocol(PROTOCOL));
    }
    de::parse(response.body())
}

/// The document of an error response's body; anything but a CBOR map (an HTML page from a
/// proxy, an empty or truncated body) reads as an empty map, so the status still tells.
pub fn error_document(response: &RawResponse) -> Value {
    de::parse(response.body())
        .ok()
        .filter(|v| matches!(v, Value::Map(_)))
        .unwrap_or_else(|| Value::Map(Vec::new()))
}

/// The error details of an RPC v2 error response whose body gave `code` (`__type`, an absolute
/// shape id) and `message`. Headers such as `X-Amzn-ErrorType` are not consulted: the protocol
/// names errors only in the body. For awsQuery-compatible services the code shown to users
/// comes from `x-amzn-query-error: Code;Fault`.
pub(crate) fn error_details(
    raw: &RawResponse,
    service: &ServiceMeta,
    code: Option<&str>,
    message: Option<&str>,
) -> ErrorDetails {
    let shape_code = code.map(sanitize_error_code).unwrap_or("").to_owned();
    let query_code = if service.query_compatible {
        raw.header_str("x-amzn-query-error")
            .and_then(|v| v.split(';').next())
            .map(str::trim)
            .filter(|c| !c.is_empty())
    } else {
        None
    };
    let code = query_code
        .map(str::to_owned)
        .or_else(|| (!shape_code.is_empty()).then(|| shape_code.clone()));
    let meta = ErrorMetadata::builder()
        .set_code(code)
        .set_message(message.map(str::to_owned))
        .set_request_id(raw.request_id().map(str::to_owned))
        .status(raw.status())
        .build();
    ErrorDetails { shape_code, meta }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::Protocol;

    fn service(query_compatible: bool) -> ServiceMeta {
        ServiceMeta {
            service_name: "Svc",
            protocol: Protocol::RpcV2Cbor,
            signing_name: None,
            endpoint_prefix: "svc",
            sdk_id: "Svc",
            api_version: "2020-01-01",
            query_compatible,
            endpoint_rules: None,
        }
    }

    fn raw(status: u16, headers: &[(&str, &str)], body: Vec<u8>) -> RawResponse {
        let mut map = http::HeaderMap::new();
        map.insert("smithy-protocol", http::HeaderValue::from_static(PROTOCOL));
        for (k, v) in headers {
            map.append(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        RawResponse::new(status, map, Bytes::from(body))
    }

    fn error_body(ty: &str, message: &str) -> Vec<u8> {
        let mut w = CborWriter::new();
        w.begin_map();
        w.key("__type");
        w.string(ty);
        w.key("message");
        w.string(message);
        w.end_map();
        w.into_bytes()
    }

    #[test]
    fn unit_input_has_no_body_and_no_content_type() {
        let r = request(&service(true), "/service/Svc/operation/Op", None).unwrap();
        assert_eq!(r.path_and_query(), "/service/Svc/operation/Op");
        assert_eq!(r.headers()["smithy-protocol"], "rpc-v2-cbor");
        assert_eq!(r.headers()["accept"], "application/cbor");
        assert_eq!(r.headers()["x-amzn-query-mode"], "true");
        assert!(r.headers().get("content-type").is_none());
        assert!(r.body_bytes().is_empty());
    }

    #[test]
    fn empty_input_is_an_empty_map() {
        let mut w = CborWriter::new();
        w.begin_map();
        w.end_map();
        let r = request(&service(false), "/service/Svc/operation/Op", Some(w)).unwrap();
        assert_eq!(r.headers()["content-type"], "application/cbor");
        assert!(r.headers().get("x-amzn-query-mode").is_none());
        assert_eq!(r.body_bytes().as_ref(), [0xbf, 0xff]);
    }

    #[test]
    fn error_code_comes_from_type_and_query_header() {
        let body = error_body("smithy.example#FooError", "Hi");
        let d = RPCV2_CBOR.error_details(
            &raw(400, &[("x-amzn-errortype", "Other")], body.clone()),
            &service(false),
        );
        assert_eq!(d.shape_code, "FooError");
        assert_eq!(d.meta.code(), Some("FooError"));
        assert_eq!(d.meta.message(), Some("Hi"));
        let d = RPCV2_CBOR.error_details(
            &raw(400, &[("x-amzn-query-error", "Customized;Sender")], body),
            &service(true),
        );
        assert_eq!(d.shape_code, "FooError");
        assert_eq!(d.meta.code(), Some("Customized"));
    }

    #[test]
    fn responses_without_the_protocol_header_are_not_read() {
        let body = error_body("smithy.example#FooError", "Hi");
        let stranger = RawResponse::new(400, http::HeaderMap::new(), Bytes::from(body.clone()));
        let d = RPCV2_CBOR.error_details(&stranger, &service(false));
        assert_eq!(d.shape_code, "");
        assert_eq!(d.meta.status(), Some(400));
        let ok = RawResponse::new(200, http::HeaderMap::new(), Bytes::from(body.clone()));
        assert!(body_document(&ok).is_err());
        assert!(body_document(&raw(200, &[], body)).is_ok());
    }

    #[test]
    fn garbage_error_bodies_keep_the_status() {
        for body in [
            b"<html>".to_vec(),
            vec![0xbf],
            Vec::new(),
            vec![0x9f; 20_000],
        ] {
            let d = RPCV2_CBOR.error_details(&raw(503, &[], body), &service(false));
            assert_eq!(d.shape_code, "");
            assert_eq!(d.meta.status(), Some(503));
        }
    }
}
