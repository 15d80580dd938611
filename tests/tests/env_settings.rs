//! Environment and profile settings reach the generated client: a per-service endpoint
//! variable routes its requests, and adaptive retry mode slows a client down after a throttle.
//! Variables are injected (`ConfigBuilder::from_env_vars`); the process environment is not
//! touched.

use partnercentral_selling::config::{
    CallOptions, ConfigBuilder, Credentials, RetryConfig, env_service_key,
};
use partnercentral_selling::test_util::{StaticReplayClient, response};
use partnercentral_selling::{Client, Config};
use std::time::{Duration, Instant};

fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .chain([(
            "AWS_CONFIG_FILE".to_owned(),
            "/nonexistent/smithy-tests/config".to_owned(),
        )])
        .collect()
}

async fn call(client: &Client) -> bool {
    client
        .get_resource_snapshot_job()
        .catalog("AWS")
        .resource_snapshot_job_identifier("job-1")
        .options(CallOptions::default().max_attempts(1))
        .send()
        .await
        .is_ok()
}

#[tokio::test]
async fn a_per_service_endpoint_variable_routes_this_client() {
    // The service's sdkId is `PartnerCentral Selling`.
    let var = format!(
        "AWS_ENDPOINT_URL_{}",
        env_service_key("PartnerCentral Selling")
    );
    assert_eq!(var, "AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING");
    let replay = StaticReplayClient::new([response(200, "{}"), response(200, "{}")]);
    let config = ConfigBuilder::from_env_vars(vars(&[
        ("AWS_REGION", "us-east-1"),
        ("AWS_ENDPOINT_URL", "http://global.example:1"),
        (&var, "http://selling.example:2"),
        ("AWS_ENDPOINT_URL_DYNAMODB", "http://dynamodb.example:3"),
    ]))
    .credentials(Credentials::new("AKID", "SECRET", None, None, "test"))
    .http_client(replay.clone())
    .build();
    assert!(call(&Client::new(config.clone())).await);
    let ignoring = config
        .to_builder()
        .ignore_configured_endpoint_urls(true)
        .build();
    assert!(call(&Client::new(ignoring)).await);
    let sent = replay.requests();
    assert_eq!(sent[0].uri().host(), Some("selling.example"));
    assert_eq!(sent[0].uri().port_u16(), Some(2));
    // Ignored: back to the endpoint the rules resolve for the region.
    assert_eq!(
        sent[1].uri().host(),
        Some("partnercentral-selling.us-east-1.api.aws")
    );
}

fn client_with(retry: RetryConfig, replay: &StaticReplayClient) -> Client {
    Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "SECRET", None, None, "test"))
            .retry(retry)
            .http_client(replay.clone())
            .build(),
    )
}

/// One throttled call, then `n` successful ones; the time the successful ones took.
async fn after_a_throttle(retry: RetryConfig, n: usize) -> Duration {
    let throttle = response(
        400,
        r#"{"__type":"ThrottlingException","Message":"slow down"}"#,
    );
    let replay = StaticReplayClient::new(
        std::iter::once(throttle).chain((0..n).map(|_| response(200, "{}"))),
    );
    let client = client_with(retry, &replay);
    assert!(!call(&client).await);
    let started = Instant::now();
    for _ in 0..n {
        assert!(call(&client).await);
    }
    started.elapsed()
}

#[tokio::test]
async fn adaptive_mode_slows_the_client_down_after_a_throttle() {
    // Standard mode: no pacing between calls.
    let standard = after_a_throttle(RetryConfig::standard(), 3).await;
    // Adaptive: the bucket turned on at a rate near its 0.5/s floor (one request measured), so
    // three calls wait for tokens: well over a second.
    let adaptive = after_a_throttle(RetryConfig::adaptive(), 3).await;
    assert!(
        adaptive >= Duration::from_millis(1500),
        "adaptive {adaptive:?}, standard {standard:?}"
    );
    assert!(
        adaptive > standard,
        "adaptive {adaptive:?}, standard {standard:?}"
    );
    // Before any throttle adaptive behaves like standard.
    let replay = StaticReplayClient::new((0..5).map(|_| response(200, "{}")));
    let client = client_with(RetryConfig::adaptive(), &replay);
    let started = Instant::now();
    for _ in 0..5 {
        assert!(call(&client).await);
    }
    assert!(started.elapsed() < Duration::from_secs(1));
}
