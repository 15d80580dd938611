//! Runtime behaviour seen through the generated client against a real HTTP server on 127.0.0.1:
//! retries, timeouts, idempotency tokens, paginators and where credentials come from.
//!
//! Backoff is kept to milliseconds so the suite stays fast. Tests that change process
//! environment variables take the write side of `ENV`; every other test takes the read side, so
//! no test reads the environment while another one changes it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use partnercentral_selling::Client;
use partnercentral_selling::config::{Config, RetryConfig, TimeoutConfig};
use partnercentral_selling::error::SdkError;
use partnercentral_selling::types::ResourceType;
use serde_json::Value;
use smithy_client_runtime::credentials::Credentials;
use smithy_client_runtime::error::TimeoutKind;
use tests::{CannedResponse, RecordedRequest, TEST_TIMEOUT, TestServer, verify_sigv4};
use tokio::sync::RwLock;

static ENV: RwLock<()> = RwLock::const_new(());

const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

fn fast_retry(attempts: u32) -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(attempts)
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(20))
}

fn client_with(server: &TestServer, retry: RetryConfig, timeouts: TimeoutConfig) -> Client {
    Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new(AKID, SECRET, None, None, "test"))
            .endpoint_url(server.url())
            .retry(retry)
            .timeouts(timeouts)
            .build(),
    )
}

fn client(server: &TestServer) -> Client {
    client_with(server, fast_retry(3), TimeoutConfig::standard())
}

/// Runs `fut` with the suite-wide bound, so a hang fails the test instead of blocking CI.
async fn bounded<F: std::future::Future>(fut: F) -> F::Output {
    tokio::time::timeout(TEST_TIMEOUT, fut)
        .await
        .expect("finished within TEST_TIMEOUT")
}

/// The call most tests make: GetResourceSnapshotJob for job-1 in the AWS catalog.
fn get_job(
    client: &Client,
) -> partnercentral_selling::operation::get_resource_snapshot_job::GetResourceSnapshotJobFluentBuilder
{
    client
        .get_resource_snapshot_job()
        .catalog("AWS")
        .resource_snapshot_job_identifier("job-1")
}

fn body(req: &RecordedRequest) -> Value {
    serde_json::from_slice(&req.body).expect("request body is JSON")
}

const JOB: &str = r#"{"Catalog":"AWS","Id":"job-1","Status":"Running"}"#;

// --- retries ---------------------------------------------------------------------------------

#[tokio::test]
async fn throttled_429_then_200_succeeds_on_the_second_attempt() {
    let _env = ENV.read().await;
    let server = TestServer::start(vec![
        CannedResponse::json(
            429,
            r#"{"__type":"ThrottlingException","message":"slow down"}"#,
        ),
        CannedResponse::json(200, JOB).header("x-amzn-RequestId", "req-2"),
    ])
    .await;
    let out = bounded(get_job(&client(&server)).send())
        .await
        .expect("the retry succeeds");
    assert_eq!(out.id(), Some("job-1"));
    assert_eq!(out.request_id(), Some("req-2"));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].body, reqs[1].body, "a retry resends the same body");
}

#[tokio::test]
async fn three_server_errors_report_three_attempts() {
    let _env = ENV.read().await;
    let server = TestServer::start(vec![CannedResponse::json(
        500,
        r#"{"__type":"InternalServerException","message":"try later"}"#,
    )])
    .await;
    let err = bounded(get_job(&client(&server)).send())
        .await
        .expect_err("every attempt fails");
    assert_eq!(err.attempts(), 3);
    assert_eq!(err.status(), Some(500));
    assert!(
        err.is_retryable(),
        "the last failure was retryable: {err:?}"
    );
    let text = err.to_string();
    assert!(text.contains("GetResourceSnapshotJob"), "{text}");
    assert!(text.contains("3 attempts"), "{text}");
    assert!(text.contains("InternalServerException"), "{text}");
    assert_eq!(server.requests().len(), 3);
}

// --- timeouts --------------------------------------------------------------------------------

#[tokio::test]
async fn a_silent_server_hits_the_attempt_timeout_on_every_attempt() {
    let _env = ENV.read().await;
    let server = TestServer::start_silent().await;
    let attempt = Duration::from_millis(300);
    let timeouts = TimeoutConfig::standard()
        .with_attempt_timeout(attempt)
        .with_operation_timeout(None);
    let started = Instant::now();
    let err = bounded(get_job(&client_with(&server, fast_retry(2), timeouts)).send())
        .await
        .expect_err("nothing ever answers");
    let elapsed = started.elapsed();
    let SdkError::Timeout(timeout) = &err else {
        panic!("expected a timeout, got {err:?}");
    };
    assert_eq!(timeout.kind(), TimeoutKind::Attempt);
    assert_eq!(timeout.duration(), attempt);
    assert_eq!(err.attempts(), 2);
    assert!(err.to_string().contains("attempt timeout"), "{err}");
    // Two attempts of 300 ms and at most 20 ms of backoff, plus slack for a loaded machine.
    assert!(elapsed >= attempt * 2, "returned too early: {elapsed:?}");
    assert!(
        elapsed < attempt * 2 + Duration::from_secs(1),
        "{elapsed:?}"
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_silent_server_hits_the_operation_timeout() {
    let _env = ENV.read().await;
    let server = TestServer::start_silent().await;
    let operation = Duration::from_millis(400);
    let timeouts = TimeoutConfig::standard()
        .with_attempt_timeout(None)
        .with_operation_timeout(operation);
    let started = Instant::now();
    let err = bounded(get_job(&client_with(&server, fast_retry(3), timeouts)).send())
        .await
        .expect_err("nothing ever answers");
    let elapsed = started.elapsed();
    let SdkError::Timeout(timeout) = &err else {
        panic!("expected a timeout, got {err:?}");
    };
    assert_eq!(timeout.kind(), TimeoutKind::Operation);
    assert!(!err.is_retryable());
    assert!(elapsed >= operation, "returned too early: {elapsed:?}");
    assert!(elapsed < operation + Duration::from_secs(1), "{elapsed:?}");
    assert_eq!(
        server.requests().len(),
        1,
        "an operation timeout is not retried"
    );
}

// --- idempotency tokens ----------------------------------------------------------------------

/// `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`, lower-case hex.
fn is_uuid_v4(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    let lens: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    lens == [8, 4, 4, 4, 12]
        && groups.iter().all(|g| {
            g.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
        && groups[2].starts_with('4')
        && groups[3].starts_with(['8', '9', 'a', 'b'])
}

fn create_job(client: &Client) -> partnercentral_selling::operation::create_resource_snapshot_job::CreateResourceSnapshotJobFluentBuilder{
    client
        .create_resource_snapshot_job()
        .catalog("AWS")
        .engagement_identifier("eng-1")
        .resource_identifier("O1234567")
        .resource_snapshot_template_identifier("Template1")
        .resource_type(ResourceType::Opportunity)
}

#[tokio::test]
async fn idempotency_token_is_generated_once_and_reused_on_retries() {
    let _env = ENV.read().await;
    let server = TestServer::start(vec![
        CannedResponse::json(503, r#"{"__type":"ServiceUnavailable"}"#),
        CannedResponse::json(200, r#"{"Id":"job-1"}"#),
    ])
    .await;
    let client = client(&server);
    bounded(create_job(&client).send())
        .await
        .expect("retry succeeds");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    let first = body(&reqs[0])["ClientToken"].as_str().map(str::to_owned);
    let token = first.expect("ClientToken was filled");
    assert!(is_uuid_v4(&token), "{token}");
    assert_eq!(body(&reqs[1])["ClientToken"].as_str(), Some(token.as_str()));

    // A second call gets a fresh token.
    bounded(create_job(&client).send()).await.expect("succeeds");
    let third = body(&server.requests()[2]);
    let fresh = third["ClientToken"].as_str().expect("filled");
    assert!(is_uuid_v4(fresh) && fresh != token, "{fresh} vs {token}");
}

#[tokio::test]
async fn a_caller_set_client_token_is_sent_unchanged() {
    let _env = ENV.read().await;
    let server = TestServer::start(vec![
        CannedResponse::json(500, "{}"),
        CannedResponse::json(200, r#"{"Id":"job-1"}"#),
    ])
    .await;
    bounded(
        create_job(&client(&server))
            .client_token("my-own-token")
            .send(),
    )
    .await
    .expect("retry succeeds");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    for req in &reqs {
        assert_eq!(body(req)["ClientToken"], "my-own-token");
    }
}

// --- paginators ------------------------------------------------------------------------------

fn page(ids: &[&str], next: Option<&str>) -> CannedResponse {
    let summaries: Vec<Value> = ids
        .iter()
        .map(|id| serde_json::json!({"Id": id, "Status": "Running"}))
        .collect();
    let mut body = serde_json::json!({ "ResourceSnapshotJobSummaries": summaries });
    if let Some(next) = next {
        body["NextToken"] = Value::from(next);
    }
    CannedResponse::json(200, &body.to_string())
}

/// The `NextToken` each request carried, and its `MaxResults`.
fn tokens_sent(server: &TestServer) -> Vec<(Option<String>, Option<i64>)> {
    server
        .requests()
        .iter()
        .map(|r| {
            let b = body(r);
            (
                b["NextToken"].as_str().map(str::to_owned),
                b["MaxResults"].as_i64(),
            )
        })
        .collect()
}

fn three_pages() -> Vec<CannedResponse> {
    vec![
        page(&["a", "b"], Some("t1")),
        page(&["c", "d"], Some("t2")),
        page(&["e"], None),
        // Only reached if the paginator failed to stop.
        page(&["past-the-end"], None),
    ]
}

#[tokio::test]
async fn paginator_walks_three_pages_and_stops() {
    let _env = ENV.read().await;
    let server = TestServer::start(three_pages()).await;
    let pages = bounded(
        client(&server)
            .list_resource_snapshot_jobs()
            .catalog("AWS")
            .into_paginator()
            .page_size(2)
            .send()
            .collect_all(),
    )
    .await
    .expect("all pages");
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[0].next_token(), Some("t1"));
    assert_eq!(pages[2].next_token(), None);
    assert_eq!(
        tokens_sent(&server),
        [
            (None, Some(2)),
            (Some("t1".into()), Some(2)),
            (Some("t2".into()), Some(2))
        ]
    );
    for req in server.requests() {
        assert_eq!(body(&req)["Catalog"], "AWS");
    }
}

#[tokio::test]
async fn paginator_items_are_flattened_across_pages() {
    let _env = ENV.read().await;
    let server = TestServer::start(three_pages()).await;
    let mut items = client(&server)
        .list_resource_snapshot_jobs()
        .catalog("AWS")
        .into_paginator()
        .items();
    let mut ids = Vec::new();
    while let Some(item) = bounded(items.next()).await {
        ids.push(item.expect("item").id().map(str::to_owned).expect("id"));
    }
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    assert_eq!(server.requests().len(), 3);
    assert!(bounded(items.next()).await.is_none(), "stays finished");
}

#[tokio::test]
async fn paginator_stops_on_a_repeated_or_empty_token() {
    let _env = ENV.read().await;
    let server = TestServer::start(vec![
        page(&["a"], Some("t1")),
        page(&["b"], Some("t1")),
        page(&["past-the-end"], None),
    ])
    .await;
    let items = bounded(
        client(&server)
            .list_resource_snapshot_jobs()
            .catalog("AWS")
            .into_paginator()
            .items()
            .collect_all(),
    )
    .await
    .expect("items");
    let ids: Vec<_> = items.iter().filter_map(|s| s.id()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(
        tokens_sent(&server),
        [(None, None), (Some("t1".into()), None)]
    );

    let server = TestServer::start(vec![
        page(&["a"], Some("t1")),
        page(&["b"], Some("")),
        page(&["past-the-end"], None),
    ])
    .await;
    let pages = bounded(
        client(&server)
            .list_resource_snapshot_jobs()
            .catalog("AWS")
            .into_paginator()
            .send()
            .collect_all(),
    )
    .await
    .expect("pages");
    assert_eq!(pages.len(), 2);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn paginator_retries_each_page_and_ends_on_the_first_error() {
    let _env = ENV.read().await;
    let server = TestServer::start(vec![
        page(&["a"], Some("t1")),
        CannedResponse::json(429, r#"{"__type":"ThrottlingException"}"#),
        page(&["b"], Some("t2")),
        CannedResponse::json(
            400,
            r#"{"__type":"ValidationException","message":"bad token","Reason":"REQUEST_VALIDATION_FAILED"}"#,
        ),
        page(&["past-the-end"], None),
    ])
    .await;
    let mut pages = client(&server)
        .list_resource_snapshot_jobs()
        .catalog("AWS")
        .into_paginator()
        .send();
    assert!(bounded(pages.next()).await.expect("page 1").is_ok());
    let second = bounded(pages.next())
        .await
        .expect("page 2")
        .expect("retried");
    assert_eq!(second.next_token(), Some("t2"));
    let err = bounded(pages.next())
        .await
        .expect("an error item")
        .expect_err("validation error");
    assert!(
        err.as_service_error()
            .is_some_and(|e| e.is_validation_exception()),
        "{err:?}"
    );
    assert!(
        bounded(pages.next()).await.is_none(),
        "the error ends the stream"
    );
    assert_eq!(
        tokens_sent(&server)
            .into_iter()
            .map(|(t, _)| t)
            .collect::<Vec<_>>(),
        [
            None,
            Some("t1".into()),
            Some("t1".into()),
            Some("t2".into())
        ]
    );
}

#[tokio::test]
async fn paginator_reports_a_missing_required_member_without_sending() {
    let _env = ENV.read().await;
    let server = TestServer::start(three_pages()).await;
    let mut pages = client(&server)
        .list_resource_snapshot_jobs()
        .into_paginator()
        .send();
    let err = bounded(pages.next())
        .await
        .expect("one item")
        .expect_err("Catalog is required");
    assert!(err.to_string().contains("Catalog"), "{err}");
    assert!(bounded(pages.next()).await.is_none());
    assert!(server.requests().is_empty());
}

// --- credentials -----------------------------------------------------------------------------

const CREDENTIAL_VARS: [&str; 10] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_ACCESS_KEY",
    "AWS_SECRET_KEY",
    "AWS_PROFILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_CONFIG_FILE",
    "AWS_REGION",
    "AWS_ENDPOINT_URL",
];

/// Sets exactly `vars` among [`CREDENTIAL_VARS`] (the others are removed) and restores the
/// previous values when dropped. Only used while holding `ENV` for writing.
struct EnvGuard(Vec<(&'static str, Option<String>)>);

impl EnvGuard {
    #[allow(unsafe_code)]
    fn set(vars: &[(&str, &str)]) -> EnvGuard {
        let saved = CREDENTIAL_VARS
            .iter()
            .map(|k| (*k, std::env::var(k).ok()))
            .collect();
        // SAFETY: the caller holds `ENV` for writing, so no other test of this binary runs
        // (and reads the environment) meanwhile.
        unsafe {
            for k in CREDENTIAL_VARS {
                std::env::remove_var(k);
            }
            for (k, v) in vars {
                std::env::set_var(k, v);
            }
        }
        EnvGuard(saved)
    }
}

impl Drop for EnvGuard {
    #[allow(unsafe_code)]
    fn drop(&mut self) {
        // SAFETY: as in `set`; the guard is dropped before the `ENV` write lock.
        unsafe {
            for (k, v) in &self.0 {
                match v {
                    Some(v) => std::env::set_var(k, v),
                    None => std::env::remove_var(k),
                }
            }
        }
    }
}

/// A directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("runtime-behaviour-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).expect("write temp file");
        path.to_str().expect("UTF-8 temp path").to_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The access key in the `Credential=` part of the request's `Authorization` header.
fn credential_access_key(req: &RecordedRequest) -> String {
    let auth = req.header("authorization").expect("signed request");
    let credential = auth
        .split(", ")
        .flat_map(|p| p.split(' '))
        .find_map(|p| p.strip_prefix("Credential="))
        .expect("Credential= in Authorization");
    credential.split('/').next().unwrap_or_default().to_owned()
}

/// One `GetResourceSnapshotJob` call with `Config::from_env()` pointed at `server`.
async fn call_from_env(server: &TestServer) -> Result<(), String> {
    let config = Config::from_env()
        .to_builder()
        .endpoint_url(server.url())
        .retry(fast_retry(1))
        .build();
    bounded(get_job(&Client::new(config)).send())
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[tokio::test]
async fn credentials_come_from_the_environment() {
    let _env = ENV.write().await;
    let server = TestServer::start(vec![CannedResponse::json(200, JOB)]).await;
    let dir = TempDir::new("env");
    let profile = dir.write(
        "credentials",
        "[default]\naws_access_key_id = AKIDFROMPROFILE\naws_secret_access_key = p\n",
    );
    let _guard = EnvGuard::set(&[
        ("AWS_REGION", "us-west-2"),
        ("AWS_ACCESS_KEY_ID", "AKIDFROMENV"),
        ("AWS_SECRET_ACCESS_KEY", "env-secret"),
        ("AWS_SESSION_TOKEN", "env-session"),
        // A profile is available too: the environment must win.
        ("AWS_SHARED_CREDENTIALS_FILE", &profile),
        ("AWS_CONFIG_FILE", "/nonexistent/runtime-behaviour/config"),
    ]);
    call_from_env(&server).await.expect("call succeeds");
    let req = &server.requests()[0];
    assert_eq!(credential_access_key(req), "AKIDFROMENV");
    assert_eq!(req.header("x-amz-security-token"), Some("env-session"));
    verify_sigv4(
        req,
        "AKIDFROMENV",
        "env-secret",
        "us-west-2",
        "partnercentral-selling",
    )
    .expect("signed with the environment's secret");

    // Once loaded (and cached inside the chain), the configuration still prints no secret.
    let config = Config::from_env();
    let provider = config.credentials_provider().expect("a provider").clone();
    use smithy_client_runtime::credentials::ProvideCredentials as _;
    let loaded = provider.provide_credentials().await.expect("loaded");
    assert_eq!(loaded.access_key_id(), "AKIDFROMENV");
    let text = format!("{config:?}");
    assert!(
        !text.contains("env-secret") && !text.contains("env-session"),
        "{text}"
    );
}

#[tokio::test]
async fn credentials_come_from_the_profile_files() {
    let _env = ENV.write().await;
    let server = TestServer::start(vec![CannedResponse::json(200, JOB)]).await;
    let dir = TempDir::new("profile");
    let credentials = dir.write(
        "credentials",
        "# shared credentials\n[default]\naws_access_key_id = AKIDDEFAULT\n\
         aws_secret_access_key = default-secret\n\n[ci]   ; the CI profile\n\
         AWS_ACCESS_KEY_ID = AKIDCI\naws_secret_access_key = ci-secret\n\
         aws_session_token = ci-session\n",
    );
    let config = dir.write(
        "config",
        "[profile cfg]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = cfg-secret\n",
    );
    let mut sent = HashMap::new();
    for profile in ["ci", "cfg", ""] {
        let mut vars = vec![
            ("AWS_REGION", "us-east-1"),
            ("AWS_SHARED_CREDENTIALS_FILE", credentials.as_str()),
            ("AWS_CONFIG_FILE", config.as_str()),
        ];
        if !profile.is_empty() {
            vars.push(("AWS_PROFILE", profile));
        }
        let _guard = EnvGuard::set(&vars);
        let before = server.requests().len();
        call_from_env(&server).await.expect("call succeeds");
        let req = server.requests()[before].clone();
        sent.insert(profile, (credential_access_key(&req), req));
    }
    assert_eq!(sent["ci"].0, "AKIDCI");
    assert_eq!(
        sent["ci"].1.header("x-amz-security-token"),
        Some("ci-session")
    );
    verify_sigv4(
        &sent["ci"].1,
        "AKIDCI",
        "ci-secret",
        "us-east-1",
        "partnercentral-selling",
    )
    .expect("signed with the profile's secret");
    assert_eq!(sent["cfg"].0, "AKIDCONFIG");
    assert_eq!(
        sent[""].0, "AKIDDEFAULT",
        "AWS_PROFILE unset means `default`"
    );
    assert_eq!(sent[""].1.header("x-amz-security-token"), None);
}

#[tokio::test]
async fn missing_credentials_name_every_source_tried_and_send_nothing() {
    let _env = ENV.write().await;
    let server = TestServer::start(vec![CannedResponse::json(200, JOB)]).await;
    let _guard = EnvGuard::set(&[
        ("AWS_REGION", "us-east-1"),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/runtime-behaviour/credentials",
        ),
        ("AWS_CONFIG_FILE", "/nonexistent/runtime-behaviour/config"),
    ]);
    let text = call_from_env(&server).await.expect_err("no credentials");
    assert!(text.contains("GetResourceSnapshotJob"), "{text}");
    assert!(text.contains("AWS_ACCESS_KEY_ID is not set"), "{text}");
    assert!(text.contains("profile `default` not found"), "{text}");
    assert!(
        text.contains("/nonexistent/runtime-behaviour/credentials"),
        "{text}"
    );
    assert!(server.requests().is_empty());

    // A profile named explicitly must exist.
    drop(_guard);
    let _guard = EnvGuard::set(&[
        ("AWS_REGION", "us-east-1"),
        ("AWS_PROFILE", "nope"),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/runtime-behaviour/credentials",
        ),
        ("AWS_CONFIG_FILE", "/nonexistent/runtime-behaviour/config"),
    ]);
    let text = call_from_env(&server).await.expect_err("no such profile");
    assert!(text.contains("profile `nope` not found"), "{text}");
    assert!(server.requests().is_empty());
}

#[test]
fn config_debug_never_shows_secrets() {
    let _env = ENV.blocking_read();
    let config = Config::builder()
        .credentials(Credentials::new(
            AKID,
            SECRET,
            Some("session-token-value".into()),
            None,
            "test",
        ))
        .build();
    let text = format!("{config:?}");
    assert!(!text.contains(SECRET), "{text}");
    assert!(!text.contains("session-token-value"), "{text}");
}
