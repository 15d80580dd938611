//! `client::presign`: an operation's request presigned, not sent.

mod common;

use std::time::Duration;

use common::*;
use smithy_client_runtime::auth::PresigningConfig;
use smithy_client_runtime::client::{ClientHandle, RequestExtras, presign};
use smithy_client_runtime::config::Config;
use smithy_client_runtime::error::SdkError;
use smithy_client_runtime::transport::test_util::NeverClient;

fn handle(http: &NeverClient) -> ClientHandle {
    let config = Config::builder()
        .region("eu-west-1")
        .credentials(test_credentials())
        .endpoint_url("https://example.com/base")
        .http_client(http.clone())
        .build();
    ClientHandle::new(&SERVICE, config)
}

#[tokio::test]
async fn a_presigned_request_carries_the_signature_in_its_query_and_sends_nothing() {
    let http = NeverClient::new();
    let input = GetThingInput {
        catalog: Some("AWS".to_owned()),
        client_token: Some("t".to_owned()),
    };
    let config = PresigningConfig::expires_in(Duration::from_secs(600)).unwrap();
    let extras = RequestExtras::new();
    let req = presign::<_, GetThingError>(&handle(&http), &GET_THING, &input, &extras, &config)
        .await
        .unwrap();
    assert_eq!(req.method(), "POST");
    assert!(
        req.uri()
            .starts_with("https://example.com/base/?X-Amz-Algorithm=AWS4-HMAC-SHA256&")
    );
    for part in [
        "X-Amz-Credential=",
        "%2Feu-west-1%2Fpartnercentral-selling%2Faws4_request",
        "X-Amz-Expires=600",
        "X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-target",
        "X-Amz-Signature=",
    ] {
        assert!(req.uri().contains(part), "{part} in {}", req.uri());
    }
    assert!(req.headers().contains_key("x-amz-target"));
    assert!(!req.headers().contains_key("user-agent"));
    assert!(!req.headers().contains_key("content-length"));
    assert!(
        req.body().starts_with(b"{"),
        "the signed awsJson body comes along"
    );
    assert_eq!(http.request_count(), 0, "presigning sends nothing");
}

#[tokio::test]
async fn an_unsigned_operation_cannot_be_presigned() {
    let http = NeverClient::new();
    let config = PresigningConfig::expires_in(Duration::from_secs(60)).unwrap();
    let input = GetThingInput {
        catalog: None,
        client_token: Some("t".to_owned()),
    };
    let err = presign::<_, GetThingError>(
        &handle(&http),
        &UNSIGNED_OP,
        &input,
        &RequestExtras::new(),
        &config,
    )
    .await
    .unwrap_err();
    assert!(matches!(err, SdkError::Construction(_)), "{err:?}");
    assert!(err.to_string().contains("presigned") || format!("{err:?}").contains("presigned"));
}
