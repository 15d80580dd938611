//! Errors read well and clients print briefly: a modeled error's `message()` falls back to the
//! message the protocol read, its `message` member is read under any casing, and `Debug` of a
//! client, a fluent builder or a paginator stays short (no endpoint rule set).

use partnercentral_selling::config::{CallOptions, Credentials};
use partnercentral_selling::operation::get_resource_snapshot_job::GetResourceSnapshotJobError;
use partnercentral_selling::test_util::{StaticReplayClient, response};
use partnercentral_selling::{Client, Config};

fn client_answering(status: u16, body: &str) -> Client {
    let replay = StaticReplayClient::new([response(status, body.to_owned())]);
    Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "SECRET", None, None, "test"))
            .http_client(replay)
            .build(),
    )
}

async fn error_for(body: &str) -> GetResourceSnapshotJobError {
    client_answering(400, body)
        .get_resource_snapshot_job()
        .catalog("AWS")
        .resource_snapshot_job_identifier("job-1")
        .options(CallOptions::default().max_attempts(1))
        .send()
        .await
        .expect_err("the service answers with an error")
        .into_service_error()
        .expect("a service error")
}

#[tokio::test]
async fn the_message_member_is_read_under_any_casing() {
    // The model says `Message`; services also send `message` and other casings.
    for key in ["Message", "message", "MESSAGE"] {
        let body = format!(r#"{{"__type":"AccessDeniedException","{key}":"not allowed"}}"#);
        let GetResourceSnapshotJobError::AccessDeniedException(e) = error_for(&body).await else {
            panic!("{key}: not an AccessDeniedException")
        };
        assert_eq!(e.message.as_deref(), Some("not allowed"), "{key}");
        assert_eq!(e.message(), Some("not allowed"), "{key}");
    }
    // The exact key wins over another casing, whichever comes first.
    let body = r#"{"__type":"AccessDeniedException","message":"loose","Message":"exact"}"#;
    let GetResourceSnapshotJobError::AccessDeniedException(e) = error_for(body).await else {
        panic!("not an AccessDeniedException")
    };
    assert_eq!(e.message(), Some("exact"));
}

#[tokio::test]
async fn message_falls_back_to_the_message_the_protocol_read() {
    // `errorMessage` is not the modeled member, but the protocol reads it as the message.
    let body = r#"{"__type":"AccessDeniedException","errorMessage":"from the envelope"}"#;
    let GetResourceSnapshotJobError::AccessDeniedException(e) = error_for(body).await else {
        panic!("not an AccessDeniedException")
    };
    assert_eq!(e.message, None);
    assert_eq!(e.message(), Some("from the envelope"));
    // A required message member (ValidationException's) falls back when the body left it out.
    let body = r#"{"__type":"ValidationException","Reason":"REQUEST_VALIDATION_FAILED","errorMessage":"bad input"}"#;
    let GetResourceSnapshotJobError::ValidationException(e) = error_for(body).await else {
        panic!("not a ValidationException")
    };
    assert_eq!(e.message(), "bad input");
}

#[test]
fn debug_of_clients_builders_and_paginators_is_short() {
    let client = client_answering(200, "{}");
    let printed = [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{:?}", client.get_resource_snapshot_job().catalog("AWS")),
        format!(
            "{:?}",
            client
                .list_resource_snapshot_jobs()
                .catalog("AWS")
                .into_paginator()
        ),
    ];
    for text in printed {
        assert!(text.len() < 600, "{} bytes: {text}", text.len());
        assert!(!text.contains("rules"), "{text}");
        assert!(!text.contains("SECRET"), "{text}");
    }
    let text = format!("{client:?}");
    assert!(text.contains("AWSPartnerCentralSelling"), "{text}");
    assert!(text.contains("us-east-1"), "{text}");
}
