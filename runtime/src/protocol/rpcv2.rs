//! The Smithy RPC v2 envelope shared by `rpcv2_json` and, with the `cbor`
//! feature, `rpcv2_cbor`: request headers, the `smithy-protocol` response check and error
//! details.

use bytes::Bytes;
use http::Method;

use super::{ErrorDetails, SerializedRequest, sanitize_error_code};
use crate::error::{ConstructionError, RawResponse};
use crate::json::DeserializeError;
use crate::service::ServiceMeta;

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
    super::aws_json::details_with_query_code(raw, shape_code, message, service.query_compatible)
}
