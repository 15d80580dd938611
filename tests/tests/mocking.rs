//! The mocking recipe from the README, kept compiling and passing: test code that uses a
//! generated client without a network, through its `test-util` feature. Everything comes from
//! the generated crate: a user needs no direct dependency on the runtime.

use partnercentral_selling::config::Credentials;
use partnercentral_selling::test_util::{StaticReplayClient, response};
use partnercentral_selling::types::ResourceSnapshotJobStatus;
use partnercentral_selling::{Client, Config};

/// Code under test: something a user writes on top of the client.
async fn is_running(client: &Client, job: &str) -> bool {
    let out = client
        .get_resource_snapshot_job()
        .catalog("AWS")
        .resource_snapshot_job_identifier(job)
        .send()
        .await;
    matches!(
        out.as_ref().map(|o| o.status()),
        Ok(Some(ResourceSnapshotJobStatus::Running))
    )
}

#[tokio::test]
async fn a_replay_client_stands_in_for_the_service() {
    let replay = StaticReplayClient::new([
        response(200, r#"{"Catalog":"AWS","Status":"Running"}"#),
        response(
            404,
            r#"{"__type":"ResourceNotFoundException","Message":"gone"}"#,
        ),
    ]);
    let client = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "SECRET", None, None, "test"))
            .http_client(replay.clone())
            .build(),
    );
    assert!(is_running(&client, "job-0123456789abc").await);
    assert!(!is_running(&client, "job-0123456789abd").await);

    let sent = replay.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(
        sent[0].headers()["x-amz-target"],
        "AWSPartnerCentralSelling.GetResourceSnapshotJob"
    );
    assert_eq!(
        sent[0].uri().host(),
        Some("partnercentral-selling.us-east-1.api.aws")
    );
}
