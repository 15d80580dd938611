//! Flexible checksums and S3-style errors in 200 responses through the client core
//! (`RequestExtras::checksum`, `RequestExtras::error_in_success_body`), on the requests and
//! responses of in-memory transports.

mod common;

use std::time::Duration;

use common::*;
use smithy_client_runtime::checksum::{
    ChecksumAlgorithm, HttpChecksum, RequestChecksum, RequestChecksumCalculation,
};
use smithy_client_runtime::client::{ClientHandle, RequestExtras, invoke_with};
use smithy_client_runtime::config::{CallOptions, Config, RetryConfig};
use smithy_client_runtime::error::SdkError;
use smithy_client_runtime::transport::test_util::{
    StaticReplayClient, response, response_with_headers,
};

static PUT: HttpChecksum =
    HttpChecksum::new().request_algorithm_member(Some("x-amz-sdk-checksum-algorithm"));
static GET: HttpChecksum = HttpChecksum::new()
    .request_validation_mode_member(Some("x-amz-checksum-mode"))
    .response_algorithms(&[ChecksumAlgorithm::Crc32, ChecksumAlgorithm::Sha256]);

fn config(
    http: &StaticReplayClient,
    attempts: u32,
) -> smithy_client_runtime::config::ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(test_credentials())
        .endpoint_url("https://example.com")
        .retry(
            RetryConfig::standard()
                .with_max_attempts(attempts)
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(1)),
        )
        .http_client(http.clone())
}

async fn call(
    config: Config,
    extras: RequestExtras,
) -> Result<GetThingOutput, SdkError<GetThingError>> {
    let handle = ClientHandle::new(&SERVICE, config);
    let input = GetThingInput {
        catalog: Some("AWS".to_owned()),
        client_token: None,
    };
    invoke_with(
        &handle,
        &GET_THING,
        &input,
        &CallOptions::default(),
        &extras,
    )
    .await
}

#[tokio::test]
async fn a_crc32_header_is_sent_by_default_and_signed() {
    let http = StaticReplayClient::new([response(200, "{}")]);
    let extras = RequestExtras::new().checksum(RequestChecksum::new(&PUT));
    call(config(&http, 1).build(), extras).await.unwrap();
    let req = http.last_request().unwrap();
    let crc = ChecksumAlgorithm::Crc32.checksum_base64(req.body());
    assert_eq!(req.headers()["x-amz-checksum-crc32"], crc.as_str());
    assert_eq!(req.headers()["x-amz-sdk-checksum-algorithm"], "CRC32");
}

#[tokio::test]
async fn when_required_sends_no_checksum_for_an_optional_one() {
    let http = StaticReplayClient::new([response(200, "{}")]);
    let extras = RequestExtras::new().checksum(RequestChecksum::new(&PUT));
    let config = config(&http, 1)
        .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
        .build();
    call(config, extras).await.unwrap();
    let req = http.last_request().unwrap();
    assert!(
        req.headers()
            .keys()
            .all(|k| !k.as_str().starts_with("x-amz-checksum"))
    );
}

#[tokio::test]
async fn a_response_checksum_is_validated() {
    let good = ChecksumAlgorithm::Crc32.checksum_base64(b"{}");
    let http = StaticReplayClient::new([
        response_with_headers(200, &[("x-amz-checksum-crc32", &good)], "{}"),
        response_with_headers(200, &[("x-amz-checksum-crc32", "AAAAAA==")], "{}"),
    ]);
    let extras = || RequestExtras::new().checksum(RequestChecksum::new(&GET));
    call(config(&http, 1).build(), extras()).await.unwrap();
    assert_eq!(
        http.last_request().unwrap().headers()["x-amz-checksum-mode"],
        "ENABLED"
    );
    let err = call(config(&http, 1).build(), extras()).await.unwrap_err();
    let text = format!("{err} {:?}", std::error::Error::source(&err));
    assert!(text.contains("CRC32 checksum"), "{text}");
}

#[tokio::test]
async fn an_error_document_in_a_200_is_an_error_and_retried() {
    let error = "<Error><Code>InternalError</Code><Message>try again</Message></Error>";
    let http = StaticReplayClient::new([response(200, error), response(200, "{}")]);
    let extras = || RequestExtras::new().error_in_success_body(true);
    call(config(&http, 2).build(), extras()).await.unwrap();
    assert_eq!(http.request_count(), 2, "retried like a 500");

    // Without retries the caller sees a service error; without the flag, a success.
    let http = StaticReplayClient::new([response(200, error), response(200, error)]);
    let err = call(config(&http, 1).build(), extras()).await.unwrap_err();
    assert!(matches!(err, SdkError::Service(_)), "{err:?}");
    let out = call(config(&http, 1).build(), RequestExtras::new()).await;
    assert!(!matches!(out, Err(SdkError::Service(_))), "{out:?}");
}
