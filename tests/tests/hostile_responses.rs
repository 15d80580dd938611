//! The generated client against servers that misbehave: malformed or hostile bodies, oversized
//! and endless responses, slow and broken connections. Every case must end in a typed
//! [`SdkError`] variant, never a panic, a hang or unbounded memory use.
//!
//! Each call makes a single attempt (`max_attempts(1)`) and every await is bounded, so the whole
//! file runs in a few seconds.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use partnercentral_selling::Client;
use partnercentral_selling::config::{CallOptions, Config};
use partnercentral_selling::error::SdkError;
use partnercentral_selling::operation::get_resource_snapshot_job::{
    GetResourceSnapshotJobError, GetResourceSnapshotJobOutput,
};
use smithy_client_runtime::credentials::Credentials;
use smithy_client_runtime::error::TimeoutKind;
use tests::{CannedResponse, RawServer, TEST_TIMEOUT, TestServer, read_raw_request};
use tokio::io::AsyncWriteExt as _;
use tokio::net::TcpStream;

type CallResult = Result<GetResourceSnapshotJobOutput, SdkError<GetResourceSnapshotJobError>>;

fn client_for(url: String, max_response_bytes: Option<usize>) -> Client {
    let mut config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "test",
        ))
        .endpoint_url(url);
    if let Some(max) = max_response_bytes {
        config = config.max_response_bytes(max);
    }
    Client::new(config.build())
}

/// One `GetResourceSnapshotJob` call with a single attempt, bounded by [`TEST_TIMEOUT`].
async fn call_with(client: &Client, options: CallOptions) -> CallResult {
    tokio::time::timeout(
        TEST_TIMEOUT,
        client
            .get_resource_snapshot_job()
            .catalog("AWS")
            .resource_snapshot_job_identifier("job-1")
            .options(options.max_attempts(1))
            .send(),
    )
    .await
    .expect("the call finished within TEST_TIMEOUT")
}

async fn call(url: String) -> CallResult {
    call_with(&client_for(url, None), CallOptions::default()).await
}

/// Calls a [`TestServer`] that answers `status` with `body` and the given content type.
async fn call_canned(status: u16, content_type: &str, body: &str) -> CallResult {
    let mut canned = CannedResponse::json(status, body);
    canned.headers = vec![("content-type".into(), content_type.into())];
    let server = TestServer::start(vec![canned]).await;
    call(server.url()).await
}

/// Asserts a response-parsing error and returns its JSON path and message.
fn expect_response_error(result: CallResult) -> (String, String) {
    match result {
        Err(SdkError::Response(e)) => {
            assert_eq!(e.raw().status(), 200);
            assert_eq!(e.attempts(), 1);
            let de = e.deserialize_error();
            (de.path(), de.message().to_owned())
        }
        other => panic!("expected SdkError::Response, got {other:?}"),
    }
}

/// Writes an HTTP/1.1 response head with the given extra header lines.
async fn write_head(stream: &mut TcpStream, status: &str, headers: &[&str]) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {status}\r\n");
    for h in headers {
        head.push_str(h);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await
}

// --- malformed JSON --------------------------------------------------------------------------

#[tokio::test]
async fn truncated_json_is_a_response_error() {
    let result = call_canned(
        200,
        "application/x-amz-json-1.0",
        r#"{"Catalog":"AWS","Id":"jo"#,
    )
    .await;
    let (path, message) = expect_response_error(result);
    assert_eq!(path, "$");
    assert!(message.contains("invalid JSON"), "{message}");
}

#[tokio::test]
async fn wrong_json_types_are_response_errors_naming_the_member() {
    for (body, member, expected) in [
        (
            r#"{"Catalog":"AWS","CreatedAt":5}"#,
            "CreatedAt",
            "date-time",
        ),
        (r#"{"Catalog":"AWS","Status":3}"#, "Status", "string"),
        (r#"{"Catalog":{}}"#, "Catalog", "string"),
        (r#"["not", "an", "object"]"#, "", "object"),
    ] {
        let result = call_canned(200, "application/x-amz-json-1.0", body).await;
        let (path, message) = expect_response_error(result);
        let want = if member.is_empty() {
            "$".to_owned()
        } else {
            format!("$.{member}")
        };
        assert_eq!(path, want, "{body}");
        assert!(message.contains(expected), "{body}: {message}");
    }
}

#[tokio::test]
async fn hundred_thousand_levels_of_nesting_do_not_overflow_the_stack() {
    let deep = "[".repeat(100_000);
    let result = call_canned(200, "application/x-amz-json-1.0", &deep).await;
    let (_, message) = expect_response_error(result);
    assert!(message.contains("invalid JSON"), "{message}");

    // The same body on an error status goes through error-code extraction instead.
    let deep_object = r#"{"a":"#.repeat(100_000);
    match call_canned(400, "application/x-amz-json-1.0", &deep_object).await {
        Err(SdkError::Service(e)) => {
            assert_eq!(e.raw().status(), 400);
            assert!(
                matches!(e.err(), GetResourceSnapshotJobError::Unhandled(_)),
                "{:?}",
                e.err()
            );
            assert_eq!(e.meta().code(), None);
        }
        other => panic!("expected SdkError::Service, got {other:?}"),
    }
}

#[tokio::test]
async fn invalid_utf8_in_a_string_is_a_response_error() {
    let server = RawServer::start(|mut s: TcpStream| async move {
        if read_raw_request(&mut s).await.is_err() {
            return;
        }
        let body: &[u8] = b"{\"Catalog\":\"AWS\",\"Id\":\"job-\xff\xfe\"}";
        let len = format!("content-length: {}", body.len());
        let _ = write_head(
            &mut s,
            "200 OK",
            &["content-type: application/x-amz-json-1.0", &len],
        )
        .await;
        let _ = s.write_all(body).await;
        let _ = s.flush().await;
    })
    .await;
    let (path, message) = expect_response_error(call(server.url()).await);
    assert_eq!(path, "$");
    assert!(message.contains("invalid JSON"), "{message}");
}

// --- bodies that are not what awsJson promises -------------------------------------------------

#[tokio::test]
async fn html_502_page_is_an_unhandled_service_error() {
    let page = "<html><head><title>502 Bad Gateway</title></head>\
                <body><h1>502 Bad Gateway</h1></body></html>";
    match call_canned(502, "text/html", page).await {
        Err(e @ SdkError::Service(_)) => {
            assert_eq!(e.status(), Some(502));
            assert_eq!(e.code(), None);
            assert!(matches!(
                e.as_service_error(),
                Some(GetResourceSnapshotJobError::Unhandled(_))
            ));
            // 502 is transient: the error says so even though no retry was allowed here.
            assert!(e.is_retryable());
            assert_eq!(e.attempts(), 1);
            assert_eq!(e.raw_response().unwrap().body(), page.as_bytes());
        }
        other => panic!("expected SdkError::Service, got {other:?}"),
    }
}

#[tokio::test]
async fn valid_json_with_a_wrong_content_type_still_parses() {
    let out = call_canned(
        200,
        "text/plain; charset=iso-8859-1",
        r#"{"Catalog":"AWS","Id":"job-1","Status":"Running"}"#,
    )
    .await
    .expect("the body is valid JSON whatever the header says");
    assert_eq!(out.catalog(), "AWS");
    assert_eq!(out.id(), Some("job-1"));
}

#[tokio::test]
async fn empty_200_body_is_an_empty_object_with_required_members_error_corrected() {
    let out = call_canned(200, "application/x-amz-json-1.0", "")
        .await
        .expect("an empty body means `{}`");
    // `Catalog` is required: error correction fills the zero value instead of failing.
    assert_eq!(out.catalog(), "");
    assert_eq!(out.id(), None);
    assert_eq!(out.status(), None);
    assert_eq!(out.created_at(), None);
}

// --- oversized responses -----------------------------------------------------------------------

const HUNDRED_MB: usize = 100 * 1024 * 1024;
const LIMIT: usize = 1024 * 1024;

#[tokio::test]
async fn endless_chunked_body_stops_at_max_response_bytes() {
    let written = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let (w, d) = (written.clone(), done.clone());
    let server = RawServer::start(move |mut s: TcpStream| {
        let (written, done) = (w.clone(), d.clone());
        async move {
            if read_raw_request(&mut s).await.is_ok()
                && write_head(
                    &mut s,
                    "200 OK",
                    &[
                        "content-type: application/x-amz-json-1.0",
                        "transfer-encoding: chunked",
                    ],
                )
                .await
                .is_ok()
            {
                // 100 MB in 64 KiB chunks, stopping as soon as the client hangs up.
                let data = vec![b' '; 64 * 1024];
                let chunk = [format!("{:x}\r\n", data.len()).as_bytes(), &data, b"\r\n"].concat();
                while written.load(Ordering::SeqCst) < HUNDRED_MB {
                    if s.write_all(&chunk).await.is_err() {
                        break;
                    }
                    written.fetch_add(data.len(), Ordering::SeqCst);
                }
            }
            done.store(true, Ordering::SeqCst);
        }
    })
    .await;
    let client = client_for(server.url(), Some(LIMIT));
    match call_with(&client, CallOptions::default()).await {
        Err(SdkError::Dispatch(e)) => {
            assert!(e.transport_error().is_body_too_large(), "{e:?}");
            assert!(!SdkError::<GetResourceSnapshotJobError>::Dispatch(e).is_retryable());
        }
        other => panic!("expected SdkError::Dispatch, got {other:?}"),
    }
    // The client must have hung up: the server's writes start failing once the socket buffers
    // fill, long before 100 MB.
    let settle = Instant::now();
    while !done.load(Ordering::SeqCst) && settle.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(done.load(Ordering::SeqCst), "the server was never cut off");
    let sent = written.load(Ordering::SeqCst);
    assert!(
        sent < HUNDRED_MB / 4,
        "server wrote {sent} bytes; the client kept reading past the limit"
    );
}

#[tokio::test]
async fn declared_hundred_mb_content_length_is_refused_before_reading() {
    let server = RawServer::start(|mut s: TcpStream| async move {
        if read_raw_request(&mut s).await.is_err() {
            return;
        }
        let len = format!("content-length: {HUNDRED_MB}");
        let _ = write_head(
            &mut s,
            "200 OK",
            &["content-type: application/x-amz-json-1.0", &len],
        )
        .await;
        // Send a little and then hold the connection: the client must not wait for the rest.
        let _ = s.write_all(&[b' '; 1024]).await;
        tokio::time::sleep(TEST_TIMEOUT).await;
    })
    .await;
    let client = client_for(server.url(), Some(LIMIT));
    let started = Instant::now();
    match call_with(&client, CallOptions::default()).await {
        Err(SdkError::Dispatch(e)) => assert!(e.transport_error().is_body_too_large(), "{e:?}"),
        other => panic!("expected SdkError::Dispatch, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(5));
}

// --- slow and broken connections ---------------------------------------------------------------

#[tokio::test]
async fn trickled_body_hits_the_attempt_timeout() {
    let server = RawServer::start(|mut s: TcpStream| async move {
        if read_raw_request(&mut s).await.is_err() {
            return;
        }
        let body = br#"{"Catalog":"AWS","Id":"job-1","Status":"Running"}"#;
        let len = format!("content-length: {}", body.len());
        if write_head(
            &mut s,
            "200 OK",
            &["content-type: application/x-amz-json-1.0", &len],
        )
        .await
        .is_err()
        {
            return;
        }
        // One byte every 100 ms: the whole body would take about 5 s.
        for b in body {
            if s.write_all(&[*b]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    let client = client_for(server.url(), None);
    let started = Instant::now();
    let result = call_with(
        &client,
        CallOptions::default().attempt_timeout(Duration::from_millis(300)),
    )
    .await;
    let elapsed = started.elapsed();
    match result {
        Err(SdkError::Timeout(e)) => {
            assert_eq!(e.kind(), TimeoutKind::Attempt);
            assert_eq!(e.duration(), Duration::from_millis(300));
            assert_eq!(e.attempts(), 1);
        }
        other => panic!("expected SdkError::Timeout, got {other:?}"),
    }
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
}

/// A server that promises a body, sends half of it and then closes the connection: with a FIN,
/// or with a TCP RST when `reset` (a zero linger turns the close into a reset).
async fn half_body_server(reset: bool) -> RawServer {
    RawServer::start(move |mut s: TcpStream| async move {
        if read_raw_request(&mut s).await.is_err() {
            return;
        }
        let body = br#"{"Catalog":"AWS","Id":"job-1","Status":"Running"}"#;
        let len = format!("content-length: {}", body.len());
        let _ = write_head(
            &mut s,
            "200 OK",
            &["content-type: application/x-amz-json-1.0", &len],
        )
        .await;
        let _ = s.write_all(&body[..body.len() / 2]).await;
        let _ = s.flush().await;
        if reset {
            let _ = s.set_zero_linger();
        }
    })
    .await
}

#[tokio::test]
async fn connection_closed_mid_body_is_a_dispatch_error() {
    let server = half_body_server(false).await;
    match call(server.url()).await {
        Err(SdkError::Dispatch(e)) => {
            let t = e.transport_error();
            assert!(
                !t.is_connect() && !t.is_timeout() && !t.is_body_too_large(),
                "{t:?}"
            );
            assert!(t.is_retryable());
        }
        other => panic!("expected SdkError::Dispatch, got {other:?}"),
    }
}

#[tokio::test]
async fn connection_reset_mid_body_is_a_dispatch_error() {
    let server = half_body_server(true).await;
    match call(server.url()).await {
        Err(SdkError::Dispatch(e)) => {
            let t = e.transport_error();
            assert!(
                !t.is_connect() && !t.is_timeout() && !t.is_body_too_large(),
                "{t:?}"
            );
        }
        other => panic!("expected SdkError::Dispatch, got {other:?}"),
    }
}

#[tokio::test]
async fn a_reply_that_is_not_http_is_a_dispatch_error() {
    let server = RawServer::start(|mut s: TcpStream| async move {
        if read_raw_request(&mut s).await.is_err() {
            return;
        }
        let _ = s.write_all(b"SSH-2.0-OpenSSH_9.6\r\n\r\n").await;
        let _ = s.flush().await;
    })
    .await;
    match call(server.url()).await {
        Err(SdkError::Dispatch(e)) => assert!(!e.transport_error().is_connect(), "{e:?}"),
        other => panic!("expected SdkError::Dispatch, got {other:?}"),
    }
}
