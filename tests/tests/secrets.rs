//! Secrets never leak: the credentials of the committed client (access key, secret key, session
//! token) are set to marker strings, and neither the `tracing` output at TRACE level of a full
//! call, nor the Display/Debug of a failed call, nor the `Config` Debug may contain the secret or
//! the token. (The access key id is not secret: it is in every `Authorization` header.)
//!
//! The generated-code side (`@sensitive` members in Debug, Display and errors) is checked by
//! `sensitive_fixture_*` below, which generates and compiles a crate and is therefore ignored by
//! default (CI runs ignored tests).

use std::io::Write;
use std::sync::{Arc, Mutex};

use partnercentral_selling::Client;
use partnercentral_selling::config::{CallOptions, Config};
use partnercentral_selling::error::SdkError;
use smithy_client_runtime::credentials::Credentials;
use tests::generated_crate::{TRACING_SUBSCRIBER, add_dev_dependency, write_and_test};
use tests::{CannedResponse, TEST_TIMEOUT, TestServer, workspace_root};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::util::SubscriberInitExt as _;

const ACCESS_KEY: &str = "AKIDMARKERACCESSKEY";
const SECRET_MARKER: &str = "SECRETMARKERd41d8cd98f00b204e9800998ecf8427e";
const TOKEN_MARKER: &str = "TOKENMARKER0cc175b9c0f1b6a831c399e269772661";

/// An in-memory sink for the fmt subscriber.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn client(server: &TestServer) -> Client {
    Client::new(config(server.url()))
}

fn config(url: String) -> Config {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new(
            ACCESS_KEY,
            SECRET_MARKER,
            Some(TOKEN_MARKER.to_owned()),
            None,
            "test",
        ))
        .endpoint_url(url)
        .build()
}

fn assert_no_secret(what: &str, text: &str) {
    for marker in [SECRET_MARKER, TOKEN_MARKER] {
        assert!(!text.contains(marker), "{what} contains {marker}:\n{text}");
    }
}

// The tests run on the current-thread runtime of `#[tokio::test]`, so the thread-local subscriber
// installed by `set_default` sees every event, including those of hyper's connection tasks.
#[tokio::test]
async fn credentials_never_appear_in_trace_output_errors_or_config() {
    let captured = Captured::default();
    let sink = captured.clone();
    let _guard = tracing_subscriber::fmt()
        .with_max_level(LevelFilter::TRACE)
        .with_writer(move || sink.clone())
        .finish()
        .set_default();

    let server = TestServer::start(vec![
        CannedResponse::json(200, r#"{"Catalog":"AWS","Id":"job-1","Status":"Running"}"#),
        CannedResponse::json(
            403,
            r#"{"__type":"AccessDeniedException","message":"no access"}"#,
        )
        .header("x-amzn-RequestId", "req-403"),
    ])
    .await;
    let client = client(&server);

    let out = tokio::time::timeout(
        TEST_TIMEOUT,
        client
            .get_resource_snapshot_job()
            .catalog("AWS")
            .resource_snapshot_job_identifier("job-1")
            .send(),
    )
    .await
    .expect("finished")
    .expect("the first call succeeds");
    assert_eq!(out.id(), Some("job-1"));
    assert_no_secret("output Debug", &format!("{out:?}"));

    // A failing call: the canned list ends with a modeled 403.
    let err = tokio::time::timeout(
        TEST_TIMEOUT,
        client
            .get_resource_snapshot_job()
            .catalog("AWS")
            .resource_snapshot_job_identifier("job-1")
            .options(CallOptions::default().max_attempts(1))
            .send(),
    )
    .await
    .expect("finished")
    .expect_err("the second call fails");
    assert!(matches!(err, SdkError::Service(_)), "{err:?}");
    assert_no_secret("error Display", &err.to_string());
    assert_no_secret("error Debug", &format!("{err:?}"));
    assert_no_secret("error alternate Debug", &format!("{err:#?}"));

    // The request did carry the token: the markers are real, only the logs must not show them.
    let requests = server.requests();
    assert_eq!(
        requests[0].header("x-amz-security-token"),
        Some(TOKEN_MARKER)
    );

    let config_debug = format!("{:?}", config(server.url()));
    assert!(config_debug.contains("us-east-1"), "{config_debug}");
    assert_no_secret("Config Debug", &config_debug);
    assert_no_secret("Client Debug", &format!("{client:?}"));

    drop(_guard);
    let logs = captured.text();
    // The capture worked: the signer and the HTTP stack log at TRACE/DEBUG during a call.
    assert!(!logs.is_empty(), "no tracing output was captured");
    assert_no_secret("TRACE-level tracing output", &logs);
}

// --- generated code with @sensitive members -----------------------------------------------------

/// Generates `tests/fixtures/sensitive.json` into `target/sensitive-fixture/`, adds
/// `tests/fixtures/sensitive_no_leaks.rs` as its test, and runs that with `cargo test` (the
/// target dir is shared with `real_models`, so the runtime is compiled once for both). The same
/// check over a whole real model, written from the plan, is in `secrets_full_model.rs`.
#[test]
#[ignore = "generates and compiles a crate; CI runs ignored tests"]
fn sensitive_fixture_members_never_leak() {
    let root = workspace_root();
    let label = "tests/fixtures/sensitive.json";
    let sources = smithy_codegen::read_sources(&root.join(label), label).expect("read the model");
    let dir = root.join("target/sensitive-fixture");
    let settings = smithy_codegen::Settings::new("sensitive-fixture")
        // target/sensitive-fixture -> ../../runtime
        .with_runtime_path("../../runtime")
        .with_model_label(label);
    let mut files = smithy_codegen::generate(&sources, &settings).expect("the fixture generates");
    // The test below needs a subscriber to capture `tracing` output.
    add_dev_dependency(&mut files, TRACING_SUBSCRIBER);
    files.insert(
        "tests/no_leaks.rs".into(),
        include_str!("../fixtures/sensitive_no_leaks.rs").into(),
    );
    write_and_test(&root, &dir, &files, "no_leaks");
}
