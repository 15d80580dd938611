//! The client reads the clock and sleeps through the configured components, so tests (and
//! waiters) control time: a fixed signing date, and retries that back off without waiting.

mod common;

use std::time::{Duration, SystemTime};

use common::*;
use smithy_client_runtime::client::{ClientHandle, invoke};
use smithy_client_runtime::config::{CallOptions, Config, RetryConfig};
use smithy_client_runtime::time::{InstantSleep, ManualTimeSource};
use smithy_client_runtime::transport::test_util::{StaticReplayClient, response};

fn input() -> GetThingInput {
    GetThingInput {
        catalog: Some("AWS".into()),
        client_token: None,
    }
}

#[tokio::test]
async fn retries_sleep_through_the_configured_sleep_and_sign_with_the_configured_clock() {
    // 2015-08-30T12:36:00Z
    let clock = ManualTimeSource::new(SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160));
    let sleep = InstantSleep::advancing(clock.clone());
    let http = StaticReplayClient::new([
        response(500, "{}"),
        response(503, "{}"),
        response(200, r#"{"Status":"ok"}"#),
    ]);
    // Backoff of up to a minute: the test still takes no time.
    let retry = RetryConfig::standard()
        .with_initial_backoff(Duration::from_secs(30))
        .with_max_backoff(Duration::from_secs(60));
    let config = Config::builder()
        .region("us-east-1")
        .credentials(test_credentials())
        .retry(retry)
        .time_source(clock.clone())
        .sleep_impl(sleep.clone())
        .http_client(http.clone())
        .build();
    let handle = ClientHandle::new(&SERVICE, config);
    let started = std::time::Instant::now();
    let out: GetThingOutput = invoke::<_, _, GetThingError>(
        &handle,
        &GET_THING,
        &input(),
        &CallOptions::default().operation_timeout(None),
    )
    .await
    .unwrap();
    assert_eq!(out.status.as_deref(), Some("ok"));
    assert!(started.elapsed() < Duration::from_secs(5));
    let sleeps = sleep.logged_sleeps();
    assert_eq!(sleeps.len(), 2, "{sleeps:?}");
    assert!(sleeps.iter().all(|d| *d <= Duration::from_secs(60)));

    let requests = http.requests();
    assert_eq!(
        requests[0].headers()["x-amz-date"],
        "20150830T123600Z",
        "the first attempt is signed at the manual clock's time"
    );
    // Each retry is signed at the clock as advanced by the backoff before it.
    let last = SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160) + sleep.total_duration();
    let expected = smithy_client_runtime::DateTime::from(last)
        .fmt(smithy_client_runtime::TimestampFormat::DateTime);
    // `2015-08-30T12:37:10Z` -> `20150830T123710` (fractions dropped, as SigV4 does).
    let compact: String = expected
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == 'T')
        .take(15)
        .collect();
    assert_eq!(requests[2].headers()["x-amz-date"], format!("{compact}Z"));
}
