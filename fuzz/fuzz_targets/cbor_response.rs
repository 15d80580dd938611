//! Arbitrary bytes as the body of an rpcv2Cbor response, success and error alike, through the
//! protocol layer the generated client calls: the body document, and the error code, message
//! and awsQuery-compatible code of an error response. Never a panic; a body that is not a CBOR
//! map still yields the status.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smithy_client_runtime::error::RawResponse;
use smithy_client_runtime::protocol::ClientProtocol as _;
use smithy_client_runtime::protocol::rpcv2_cbor::{RPCV2_CBOR, body_document, error_document};
use smithy_client_runtime::service::{Protocol, ServiceMeta};

const SERVICE: ServiceMeta = ServiceMeta {
    service_name: "Fuzz",
    protocol: Protocol::RpcV2Cbor,
    signing_name: None,
    endpoint_prefix: "fuzz",
    sdk_id: "Fuzz",
    api_version: "2024-01-01",
    query_compatible: true,
    endpoint_rules: None,
};

fuzz_target!(|data: &[u8]| {
    let mut headers = http::HeaderMap::new();
    headers.insert("x-amzn-query-error", http::HeaderValue::from_static("Code;Sender"));
    let body = bytes::Bytes::copy_from_slice(data);
    let ok = RawResponse::new(200, headers.clone(), body.clone());
    let _ = body_document(&ok);
    let failed = RawResponse::new(400, headers, body);
    let _ = error_document(&failed);
    let details = RPCV2_CBOR.error_details(&failed, &SERVICE);
    assert_eq!(details.meta.status(), Some(400));
});
