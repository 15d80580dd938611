//! `rpcv2Json` (Smithy RPC v2 JSON): the RPC v2 envelope of `rpcv2_cbor` with
//! `smithy-protocol: rpc-v2-json` around JSON documents; errors are named by the body's
//! top-level `__type` (an absolute shape id).

use bytes::Bytes;

use super::rpcv2::{envelope, error_details, not_this_protocol, speaks};
use super::{ClientProtocol, ErrorDetails, SerializedRequest};
use crate::error::{ConstructionError, RawResponse};
use crate::json::{DeserializeError, JsonWriter, Value};
use crate::service::ServiceMeta;

/// The value of the `smithy-protocol` header, on requests and responses.
const PROTOCOL: &str = "rpc-v2-json";

/// The rpcv2Json protocol.
#[derive(Debug)]
pub struct RpcV2Json;

/// `smithy.protocols#rpcv2Json`.
pub static RPCV2_JSON: RpcV2Json = RpcV2Json;

impl ClientProtocol for RpcV2Json {
    fn name(&self) -> &'static str {
        "rpcv2Json"
    }

    fn error_details(&self, response: &RawResponse, service: &ServiceMeta) -> ErrorDetails {
        if !speaks(response, PROTOCOL) {
            // Not an rpcv2Json response: the status is all we know.
            return error_details(response, service, None, None);
        }
        let body = super::aws_json::error_document(response);
        let code = body.get("__type").and_then(Value::as_str);
        let message = body.as_object().and_then(|members| {
            members
                .iter()
                .find_map(|(k, v)| v.as_str().filter(|_| k.eq_ignore_ascii_case("message")))
        });
        error_details(response, service, code, message)
    }
}

/// The request of an rpcv2Json operation: `POST <path>`, the protocol headers, and the input
/// document; `None` (a `Unit` input) sends no body and no `Content-Type`.
pub fn request(
    service: &ServiceMeta,
    path: &'static str,
    body: Option<JsonWriter>,
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
    envelope(service, path, PROTOCOL, "application/json", body)
}

/// The document of a response body (an empty body reads as `{}`); a response without
/// `smithy-protocol: rpc-v2-json` is an error.
pub fn body_document(response: &RawResponse) -> Result<Value, DeserializeError> {
    if !speaks(response, PROTOCOL) {
        return Err(not_this_protocol(PROTOCOL));
    }
    super::aws_json::body_document(response)
}
