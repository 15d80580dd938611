//! `invoke_with` and `RequestExtras`: request compression (threshold and off switch), host
//! prefixes, and a per-call endpoint, checked on the request the transport receives.

mod common;

use std::io::Read as _;

use common::*;
use smithy_client_runtime::client::{ClientHandle, Compression, RequestExtras, invoke_with};
use smithy_client_runtime::config::{CallOptions, Config, ConfigBuilder, RetryConfig};
use smithy_client_runtime::error::SdkError;
use smithy_client_runtime::transport::test_util::CaptureClient;
use smithy_client_runtime::transport::test_util::RecordedRequest;

fn builder(http: &CaptureClient) -> ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(test_credentials())
        .endpoint_url("https://example.com")
        .retry(RetryConfig::disabled())
        .http_client(http.clone())
}

async fn send(
    config: Config,
    http: &CaptureClient,
    catalog: &str,
    extras: RequestExtras,
) -> (
    Result<GetThingOutput, SdkError<GetThingError>>,
    RecordedRequest,
) {
    let handle = ClientHandle::new(&SERVICE, config);
    let input = GetThingInput {
        catalog: Some(catalog.to_owned()),
        client_token: None,
    };
    let result = invoke_with(
        &handle,
        &GET_THING,
        &input,
        &CallOptions::default(),
        &extras,
    )
    .await;
    let request = http.last_request().expect("a request was sent");
    (result, request)
}

fn gunzip(body: &[u8]) -> String {
    let mut out = String::new();
    flate2::read::GzDecoder::new(body)
        .read_to_string(&mut out)
        .expect("a gzip body");
    out
}

#[tokio::test]
async fn compression_respects_threshold_and_switch() {
    let gzip = || RequestExtras::new().compression(Compression::pick(&["gzip"]));
    let big = "x".repeat(200);
    let http = CaptureClient::ok("{}");

    // At or above the threshold: gzip, with the header, signed over the compressed bytes.
    let config = builder(&http).min_compression_size_bytes(100).build();
    let (result, request) = send(config, &http, &big, gzip()).await;
    result.expect("call succeeds");
    assert_eq!(request.headers()["content-encoding"], "gzip");
    assert_eq!(
        request.headers()["content-length"],
        request.body().len().to_string().as_str()
    );
    assert_eq!(gunzip(request.body()), format!(r#"{{"Catalog":"{big}"}}"#));

    // Below the threshold (default 10240 bytes): sent as is.
    let (_, request) = send(builder(&http).build(), &http, &big, gzip()).await;
    assert!(request.headers().get("content-encoding").is_none());
    assert!(request.body().starts_with(b"{"));

    // Switched off.
    let config = builder(&http)
        .min_compression_size_bytes(0)
        .disable_request_compression(true)
        .build();
    let (_, request) = send(config, &http, &big, gzip()).await;
    assert!(request.headers().get("content-encoding").is_none());

    // An operation without `@requestCompression`.
    let config = builder(&http).min_compression_size_bytes(0).build();
    let (_, request) = send(config, &http, &big, RequestExtras::new()).await;
    assert!(request.headers().get("content-encoding").is_none());
}

#[tokio::test]
async fn host_prefix_and_endpoint_member() {
    let http = CaptureClient::ok("{}");
    let extras = RequestExtras::new().host_prefix("foo.bar.");
    let (result, request) = send(builder(&http).build(), &http, "AWS", extras).await;
    result.expect("call succeeds");
    assert_eq!(request.headers()["host"], "foo.bar.example.com");
    assert_eq!(request.uri().host(), Some("foo.bar.example.com"));

    // Switched off: the endpoint's host as configured.
    let extras = RequestExtras::new().host_prefix("foo.bar.");
    let config = builder(&http).disable_host_prefix(true).build();
    let (_, request) = send(config, &http, "AWS", extras).await;
    assert_eq!(request.headers()["host"], "example.com");

    // A label value that is not a host label fails before anything is sent.
    let before = http.request_count();
    let handle = ClientHandle::new(&SERVICE, builder(&http).build());
    let input = GetThingInput::default();
    let extras = RequestExtras::new().host_prefix("foo.evil.com/x.");
    let result: Result<GetThingOutput, SdkError<GetThingError>> = invoke_with(
        &handle,
        &GET_THING,
        &input,
        &CallOptions::default(),
        &extras,
    )
    .await;
    let err = result.expect_err("invalid host prefix");
    assert!(err.to_string().contains("host prefix"), "{err}");
    assert_eq!(http.request_count(), before);

    // An endpoint from the input replaces the client's, and the prefix still applies.
    let extras = RequestExtras::new()
        .endpoint_url(Some("https://custom.example.net/v1".into()))
        .host_prefix("foo.");
    let (_, request) = send(builder(&http).build(), &http, "AWS", extras).await;
    assert_eq!(request.headers()["host"], "foo.custom.example.net");
    assert_eq!(request.uri().path(), "/v1/");
}
