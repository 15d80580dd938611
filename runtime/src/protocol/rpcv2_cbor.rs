//! `rpcv2Cbor` (Smithy RPC v2 CBOR): every operation is
//! `POST {endpoint path}/service/{Service}/operation/{Operation}` with `smithy-protocol:
//! rpc-v2-cbor`, the input as one CBOR map, and errors named by the body's `__type`.
//!
//! The envelope helpers here are shared with [`rpcv2_json`](super::rpcv2_json), which differs
//! only in its header value, media type and body format.

use bytes::Bytes;

use super::rpcv2::{envelope, error_details, not_this_protocol, speaks};
use super::{ClientProtocol, ErrorDetails, SerializedRequest};
use crate::cbor::{CborWriter, DeserializeError, Value, de};
use crate::error::{ConstructionError, RawResponse};
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
