//! Per-call customisation (`customize()`) and interceptors on `Config`, through the generated
//! Partner Central client: signed extra headers checked by the independent SigV4 verifier of
//! `tests/lib.rs` against a loopback server, per-call overrides that do not leak, and hook
//! order per attempt under retries (replay transport).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use partnercentral_selling::config::interceptors::{
    BeforeSigning, BoxError, Hook, ResponseHead, SignedRequest,
};
use partnercentral_selling::config::{Credentials, Interceptor, RetryConfig};
use partnercentral_selling::error::SdkError;
use partnercentral_selling::test_util::{StaticReplayClient, response};
use partnercentral_selling::{Client, Config};
use tests::{CannedResponse, RecordedRequest, TEST_TIMEOUT, TestServer, verify_sigv4};

const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const JOB: &str = r#"{"Catalog":"AWS","Status":"Running"}"#;
const SIGNING_NAME: &str = "partnercentral-selling";

fn fast_retry(attempts: u32) -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(attempts)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
}

fn base_config() -> partnercentral_selling::config::ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new(AKID, SECRET, None, None, "test"))
        .retry(fast_retry(3))
}

/// Adds `x-tenant` before signing.
#[derive(Debug)]
struct Tenant;

impl Interceptor for Tenant {
    fn name(&self) -> &str {
        "tenant"
    }
    fn modify_before_signing(&self, context: &mut BeforeSigning<'_>) -> Result<(), BoxError> {
        context.set_header("x-tenant", "blue")?;
        Ok(())
    }
}

fn signed_headers(req: &RecordedRequest) -> Vec<String> {
    let auth = req.header("authorization").unwrap_or_default();
    auth.split(',')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("SignedHeaders="))
        .unwrap_or_default()
        .split(';')
        .map(str::to_owned)
        .collect()
}

async fn get_job(client: &Client) -> Result<(), SdkError<impl std::error::Error>> {
    tokio::time::timeout(
        TEST_TIMEOUT,
        client
            .get_resource_snapshot_job()
            .catalog("AWS")
            .resource_snapshot_job_identifier("job-1")
            .send(),
    )
    .await
    .expect("no hang")
    .map(|_| ())
}

#[tokio::test]
async fn customised_and_intercepted_headers_are_signed_and_verified() {
    let server = TestServer::start(vec![CannedResponse::json(200, JOB)]).await;
    let client = Client::new(
        base_config()
            .endpoint_url(server.url())
            .interceptor(Tenant)
            .build(),
    );
    let seen = Arc::new(Mutex::new(None));
    let seen_in_hook = seen.clone();
    let out = tokio::time::timeout(
        TEST_TIMEOUT,
        client
            .get_resource_snapshot_job()
            .catalog("AWS")
            .resource_snapshot_job_identifier("job-1")
            .customize()
            .header("X-Trace-Id", "abc-123")
            .mutate_request(|req| {
                req.headers_mut()
                    .insert("x-test-marker", "m1".parse().expect("valid"));
            })
            .inspect_signed_request(move |req| {
                let auth = req.headers().get("authorization").map(|v| v.is_sensitive());
                *seen_in_hook.lock().expect("lock") = auth;
            })
            .send(),
    )
    .await
    .expect("no hang");
    out.expect("call succeeds");
    assert_eq!(
        *seen.lock().expect("lock"),
        Some(true),
        "the read-only hook saw the signed request (signature marked sensitive)"
    );
    let requests = server.requests();
    let req = &requests[0];
    assert_eq!(req.header("x-trace-id"), Some("abc-123"));
    assert_eq!(req.header("x-tenant"), Some("blue"));
    assert_eq!(req.header("x-test-marker"), Some("m1"));
    let signed = signed_headers(req);
    for name in [
        "x-trace-id",
        "x-tenant",
        "x-test-marker",
        "x-amz-target",
        "host",
    ] {
        assert!(signed.iter().any(|s| s == name), "{name} in {signed:?}");
    }
    assert!(!signed.iter().any(|s| s == "user-agent"), "{signed:?}");
    let scope = verify_sigv4(req, AKID, SECRET, "us-east-1", SIGNING_NAME)
        .expect("the independent verifier accepts the signature");
    assert!(scope.ends_with("/us-east-1/partnercentral-selling/aws4_request"));
}

#[tokio::test]
async fn a_per_call_override_applies_to_that_call_only() {
    let home = TestServer::start(vec![CannedResponse::json(200, JOB)]).await;
    let elsewhere = TestServer::start(vec![CannedResponse::json(200, JOB)]).await;
    let client = Client::new(base_config().endpoint_url(home.url()).build());
    let other_url = elsewhere.url();
    tokio::time::timeout(
        TEST_TIMEOUT,
        client
            .get_resource_snapshot_job()
            .catalog("AWS")
            .resource_snapshot_job_identifier("job-1")
            .customize()
            .config_override(move |c| {
                c.region("eu-west-1")
                    .endpoint_url(other_url.clone())
                    .credentials(Credentials::new(
                        "AKIDOTHER",
                        "other-secret",
                        None,
                        None,
                        "t",
                    ))
                    .retry(fast_retry(1))
            })
            .send(),
    )
    .await
    .expect("no hang")
    .expect("overridden call succeeds");
    get_job(&client).await.expect("plain call succeeds");

    let away = elsewhere.requests();
    assert_eq!(away.len(), 1, "the override sent its call elsewhere");
    verify_sigv4(
        &away[0],
        "AKIDOTHER",
        "other-secret",
        "eu-west-1",
        SIGNING_NAME,
    )
    .expect("signed with the override's region and credentials");
    let back = home.requests();
    assert_eq!(back.len(), 1, "the next call is the client's again");
    verify_sigv4(&back[0], AKID, SECRET, "us-east-1", SIGNING_NAME)
        .expect("signed with the client's own region and credentials");
    assert_eq!(client.config().region(), Some("us-east-1"));
    assert!(client.config().endpoint_url() == Some(home.url().as_str()));
}

/// Records every hook it sees as `name:hook:attempt[:status]`.
struct Recorder {
    name: &'static str,
    log: Arc<Mutex<Vec<String>>>,
}

impl Recorder {
    fn push(&self, entry: String) {
        self.log.lock().expect("lock").push(entry);
    }
}

impl Interceptor for Recorder {
    fn name(&self) -> &str {
        self.name
    }
    fn modify_before_signing(&self, c: &mut BeforeSigning<'_>) -> Result<(), BoxError> {
        assert_eq!(c.operation_name(), "GetResourceSnapshotJob");
        self.push(format!("{}:modify:{}", self.name, c.attempt()));
        Ok(())
    }
    fn read_before_transmit(&self, c: &SignedRequest<'_>) -> Result<(), BoxError> {
        assert!(c.header("authorization").is_some(), "signed by now");
        self.push(format!("{}:signed:{}", self.name, c.attempt()));
        Ok(())
    }
    fn read_after_transmit(&self, c: &ResponseHead<'_>) -> Result<(), BoxError> {
        self.push(format!(
            "{}:response:{}:{}",
            self.name,
            c.attempt(),
            c.status()
        ));
        Ok(())
    }
}

#[tokio::test]
async fn hooks_run_in_order_on_every_attempt() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let replay = StaticReplayClient::new([
        response(500, r#"{"__type":"InternalServerException"}"#),
        response(200, JOB),
    ]);
    let client = Client::new(
        base_config()
            .http_client(replay.clone())
            .interceptor(Recorder {
                name: "a",
                log: log.clone(),
            })
            .interceptor(Recorder {
                name: "b",
                log: log.clone(),
            })
            .build(),
    );
    let call_log = log.clone();
    let inspect_log = log.clone();
    client
        .get_resource_snapshot_job()
        .catalog("AWS")
        .resource_snapshot_job_identifier("job-1")
        .customize()
        .mutate_request(move |_| call_log.lock().expect("lock").push("call:modify".into()))
        .inspect_signed_request(move |_| {
            inspect_log.lock().expect("lock").push("call:signed".into())
        })
        .send()
        .await
        .expect("succeeds on the second attempt");
    let expected: Vec<String> = [
        "a:modify:1",
        "b:modify:1",
        "call:modify",
        "a:signed:1",
        "b:signed:1",
        "call:signed",
        "a:response:1:500",
        "b:response:1:500",
        "a:modify:2",
        "b:modify:2",
        "call:modify",
        "a:signed:2",
        "b:signed:2",
        "call:signed",
        "a:response:2:200",
        "b:response:2:200",
    ]
    .map(String::from)
    .to_vec();
    assert_eq!(*log.lock().expect("lock"), expected);
    assert_eq!(replay.request_count(), 2);

    // The call's hooks were for that call: the next one runs only the client's.
    log.lock().expect("lock").clear();
    let replay_next = StaticReplayClient::new([response(200, JOB)]);
    let next = Client::new(
        client
            .config()
            .to_builder()
            .http_client(replay_next.clone())
            .build(),
    );
    get_job(&next).await.expect("succeeds");
    assert!(
        !log.lock()
            .expect("lock")
            .iter()
            .any(|e| e.starts_with("call:")),
        "{:?}",
        log.lock().expect("lock")
    );
}

/// Refuses to let a request out.
struct Gate;

impl Interceptor for Gate {
    fn name(&self) -> &str {
        "gate"
    }
    fn read_before_transmit(&self, _: &SignedRequest<'_>) -> Result<(), BoxError> {
        Err("requests to this account are frozen".into())
    }
}

#[tokio::test]
async fn an_interceptor_error_fails_the_call_by_name_without_retrying() {
    let replay = StaticReplayClient::new([response(200, JOB)]);
    let client = Client::new(
        base_config()
            .http_client(replay.clone())
            .interceptor(Gate)
            .build(),
    );
    let err = get_job(&client).await.expect_err("the gate refuses");
    let SdkError::Interceptor(e) = &err else {
        panic!("expected an interceptor error, got {err:?}");
    };
    assert_eq!(e.interceptor(), "gate");
    assert_eq!(e.hook(), Hook::ReadBeforeTransmit);
    assert_eq!(err.attempts(), 1);
    assert!(!err.is_retryable());
    assert_eq!(
        err.to_string(),
        "GetResourceSnapshotJob failed: interceptor `gate` failed in read_before_transmit: \
         requests to this account are frozen (1 attempt)"
    );
    assert_eq!(replay.request_count(), 0, "nothing was sent");

    // A per-call override can drop the client's interceptors for one call.
    client
        .get_resource_snapshot_job()
        .catalog("AWS")
        .resource_snapshot_job_identifier("job-1")
        .customize()
        .config_override(|c| c.clear_interceptors())
        .send()
        .await
        .expect("sent without the gate");
    assert_eq!(replay.request_count(), 1);

    // And add one for one call: it fails that call, by name, and not the next.
    let err = client
        .get_resource_snapshot_job()
        .catalog("AWS")
        .resource_snapshot_job_identifier("job-1")
        .customize()
        .config_override(|c| c.clear_interceptors())
        .interceptor(Gate)
        .send()
        .await
        .expect_err("the call's own gate refuses");
    assert!(
        matches!(&err, SdkError::Interceptor(e) if e.interceptor() == "gate"),
        "{err:?}"
    );
    assert_eq!(replay.request_count(), 1);
}

#[tokio::test]
async fn invalid_or_reserved_headers_fail_before_sending() {
    let replay = StaticReplayClient::new([response(200, JOB)]);
    let client = Client::new(base_config().http_client(replay.clone()).build());
    for (name, value, expect) in [
        ("bad name", "v", "not a valid HTTP header name"),
        ("x-ok", "line\nbreak", "not valid in HTTP"),
        (
            "Authorization",
            "Bearer x",
            "set by the client or the signer",
        ),
    ] {
        let err = client
            .get_resource_snapshot_job()
            .catalog("AWS")
            .resource_snapshot_job_identifier("job-1")
            .customize()
            .header(name, value)
            .send()
            .await
            .expect_err("refused");
        assert!(matches!(err, SdkError::Construction(_)), "{err:?}");
        let text = err.to_string();
        assert!(text.contains(expect), "{text}");
        assert!(text.contains("customize().header"), "{text}");
    }
    assert_eq!(replay.request_count(), 0);
}
