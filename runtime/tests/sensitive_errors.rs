//! An error whose modeled message is `@sensitive` (`ParseServiceError::message_is_sensitive`):
//! the message read generically from the body must reach neither the metadata handed to the
//! typed error nor the `SdkError`'s own metadata, `Display` or `Debug`.

mod common;

use std::error::Error;
use std::fmt;

use common::*;
use smithy_client_runtime::client::{ClientHandle, invoke};
use smithy_client_runtime::config::{CallOptions, Config};
use smithy_client_runtime::error::{ErrorMetadata, ParseServiceError, RawResponse, SdkError};
use smithy_client_runtime::transport::test_util::{StaticReplayClient, response};

const MARKER: &str = "PIIMARKER41c0";

/// Keeps the metadata it is given, like generated error types do.
#[derive(Debug)]
struct SecretError {
    meta: ErrorMetadata,
    sensitive: bool,
}

impl fmt::Display for SecretError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.meta.code().unwrap_or("error"))
    }
}

impl Error for SecretError {}

impl ParseServiceError for SecretError {
    fn parse_service_error(code: &str, _response: &RawResponse, meta: ErrorMetadata) -> Self {
        SecretError {
            meta,
            sensitive: Self::message_is_sensitive(code),
        }
    }

    fn message_is_sensitive(code: &str) -> bool {
        code == "ResourceNotFoundException"
    }
}

async fn fail_with(code: &str) -> SdkError<SecretError> {
    let body = format!(r#"{{"__type":"{code}","message":"{MARKER}"}}"#);
    let http = StaticReplayClient::new([response(400, body)]);
    let handle = ClientHandle::new(
        &SERVICE,
        Config::builder()
            .region("us-east-1")
            .credentials(test_credentials())
            .http_client(http)
            .build(),
    );
    invoke::<_, GetThingOutput, SecretError>(
        &handle,
        &GET_THING,
        &GetThingInput {
            catalog: Some("AWS".into()),
            client_token: None,
        },
        &CallOptions::default().max_attempts(1),
    )
    .await
    .expect_err("a 400 is an error")
}

#[tokio::test]
async fn a_sensitive_message_is_dropped_from_every_diagnostic() {
    let err = fail_with("ResourceNotFoundException").await;
    let typed = err.as_service_error().expect("a service error");
    assert!(typed.sensitive);
    assert_eq!(typed.meta.message(), None);
    assert_eq!(err.message(), None);
    assert_eq!(
        err.code(),
        Some("ResourceNotFoundException"),
        "the code is kept"
    );
    for text in [err.to_string(), format!("{err:?}"), format!("{err:#?}")] {
        assert!(!text.contains(MARKER), "{text}");
    }
}

#[tokio::test]
async fn other_messages_are_kept() {
    let err = fail_with("ThrottlingException").await;
    assert!(!err.as_service_error().expect("a service error").sensitive);
    assert_eq!(err.message(), Some(MARKER));
    assert!(err.to_string().contains(MARKER));
}
