//! The default hyper transport against tiny HTTP/1.1 servers on 127.0.0.1: plain `http://`
//! works, connections are reused, and failures are classified and bounded.
#![cfg(feature = "default-https-client")]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::*;
use smithy_client_runtime::client::{ClientHandle, invoke};
use smithy_client_runtime::config::{CallOptions, Config, RetryConfig, TimeoutConfig};
use smithy_client_runtime::error::{SdkError, TimeoutKind};
use smithy_client_runtime::transport::HyperClient;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Upper bound for every test here, so a bug can never hang CI.
const TEST_LIMIT: Duration = Duration::from_secs(20);

#[derive(Default)]
struct Stats {
    connections: AtomicUsize,
    requests: AtomicUsize,
    last_head: std::sync::Mutex<String>,
}

/// Reads one request (head + Content-Length body). `None` on EOF, error or 5 s of silence.
async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<(String, Vec<u8>)> {
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            let len = head
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            while buf.len() < end + 4 + len {
                let mut chunk = [0u8; 4096];
                let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut chunk))
                    .await
                    .ok()?
                    .ok()?;
                if n == 0 {
                    return None;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            let body = buf[end + 4..end + 4 + len].to_vec();
            buf.drain(..end + 4 + len);
            return Some((head, body));
        }
        if buf.len() > 64 * 1024 {
            return None;
        }
        let mut chunk = [0u8; 4096];
        let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut chunk))
            .await
            .ok()?
            .ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Serves at most `max_connections` connections, answering every request with `response`.
async fn serve(response: &'static str, max_connections: usize) -> (String, Arc<Stats>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let stats = Arc::new(Stats::default());
    let s = stats.clone();
    tokio::spawn(async move {
        for _ in 0..max_connections {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            s.connections.fetch_add(1, Ordering::SeqCst);
            let s = s.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                for _ in 0..100 {
                    let Some((head, _body)) = read_request(&mut stream, &mut buf).await else {
                        return;
                    };
                    *s.last_head.lock().unwrap() = head;
                    s.requests.fetch_add(1, Ordering::SeqCst);
                    if stream.write_all(response.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (format!("http://{addr}"), stats)
}

fn client(endpoint: &str, retry: RetryConfig, timeouts: TimeoutConfig) -> ClientHandle {
    ClientHandle::new(
        &SERVICE,
        Config::builder()
            .region("us-east-1")
            .credentials(test_credentials())
            .endpoint_url(endpoint)
            .retry(retry.with_initial_backoff(Duration::from_millis(1)))
            .timeouts(timeouts)
            .http_client(HyperClient::new())
            .build(),
    )
}

async fn call(h: &ClientHandle) -> Result<GetThingOutput, SdkError<GetThingError>> {
    let input = GetThingInput {
        catalog: Some("AWS".into()),
        client_token: None,
    };
    invoke(h, &GET_THING, &input, &CallOptions::default()).await
}

#[tokio::test]
async fn plain_http_works_and_connections_are_reused() {
    tokio::time::timeout(TEST_LIMIT, async {
        let (url, stats) = serve(
            "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\n\
             x-amzn-RequestId: req-7\r\nContent-Length: 17\r\n\r\n{\"Status\":\"done\"}",
            4,
        )
        .await;
        let h = client(&url, RetryConfig::standard(), TimeoutConfig::standard());
        for _ in 0..3 {
            let out = call(&h).await.unwrap();
            assert_eq!(out.status.as_deref(), Some("done"));
            assert_eq!(out.request_id.as_deref(), Some("req-7"));
        }
        assert_eq!(stats.requests.load(Ordering::SeqCst), 3);
        assert_eq!(
            stats.connections.load(Ordering::SeqCst),
            1,
            "the pooled connection is reused"
        );
        let head = stats.last_head.lock().unwrap().clone();
        assert!(head.starts_with("POST / HTTP/1.1\r\n"), "{head}");
        let lower = head.to_ascii_lowercase();
        assert!(lower.contains("\r\nhost: 127.0.0.1:"), "{head}");
        assert!(
            lower.contains("\r\nx-amz-target: awspartnercentralselling.getthing"),
            "{head}"
        );
        assert!(
            lower.contains("\r\nauthorization: aws4-hmac-sha256 credential="),
            "{head}"
        );
        assert!(lower.contains("\r\ncontent-length: 17"), "{head}");
    })
    .await
    .expect("test exceeded its time limit");
}

#[tokio::test]
async fn error_statuses_come_back_as_service_errors() {
    tokio::time::timeout(TEST_LIMIT, async {
        let (url, stats) = serve(
            "HTTP/1.1 400 Bad Request\r\nx-amzn-RequestId: r-9\r\nContent-Length: 64\r\n\r\n\
             {\"__type\":\"ResourceNotFoundException\",\"Message\":\"no such thing\"}",
            2,
        )
        .await;
        let h = client(&url, RetryConfig::standard(), TimeoutConfig::standard());
        let err = call(&h).await.unwrap_err();
        assert_eq!(
            err.to_string(),
            "GetThing failed: ResourceNotFoundException: no such thing (status 400, request id r-9, 1 attempt)"
        );
        assert_eq!(stats.requests.load(Ordering::SeqCst), 1);
    })
    .await
    .expect("test exceeded its time limit");
}

#[tokio::test]
async fn connection_refused_is_a_connect_dispatch_error() {
    tokio::time::timeout(TEST_LIMIT, async {
        // Bind then drop to get a port nobody listens on.
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let h = client(
            &format!("http://127.0.0.1:{port}"),
            RetryConfig::standard().with_max_attempts(2),
            TimeoutConfig::standard(),
        );
        let err = call(&h).await.unwrap_err();
        match &err {
            SdkError::Dispatch(d) => assert!(d.is_connect(), "{err}"),
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(err.attempts(), 2);
        let text = err.to_string();
        assert!(
            text.starts_with("GetThing failed after 2 attempts: connection failed: "),
            "{text}"
        );
        assert!(text.to_ascii_lowercase().contains("refused"), "{text}");
    })
    .await
    .expect("test exceeded its time limit");
}

#[tokio::test]
async fn a_server_that_never_answers_hits_the_attempt_timeout() {
    tokio::time::timeout(TEST_LIMIT, async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        // Accept and read, never respond; bounded by the test's own lifetime.
        tokio::spawn(async move {
            let mut held = Vec::new();
            for _ in 0..4 {
                match tokio::time::timeout(Duration::from_secs(10), listener.accept()).await {
                    Ok(Ok((stream, _))) => held.push(stream),
                    _ => return,
                }
            }
        });
        let h = client(
            &url,
            RetryConfig::disabled(),
            TimeoutConfig::standard().with_attempt_timeout(Duration::from_millis(200)),
        );
        let started = std::time::Instant::now();
        let err = call(&h).await.unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5));
        match &err {
            SdkError::Timeout(t) => assert_eq!(t.kind(), TimeoutKind::Attempt),
            other => panic!("unexpected {other:?}"),
        }
    })
    .await
    .expect("test exceeded its time limit");
}

#[tokio::test]
async fn declared_oversized_bodies_are_refused() {
    tokio::time::timeout(TEST_LIMIT, async {
        let (url, _stats) =
            serve("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n{}", 2).await;
        let h = ClientHandle::new(
            &SERVICE,
            Config::builder()
                .region("us-east-1")
                .credentials(test_credentials())
                .endpoint_url(url)
                .max_response_bytes(1024)
                .http_client(HyperClient::new())
                .build(),
        );
        let err = call(&h).await.unwrap_err();
        match &err {
            SdkError::Dispatch(d) => assert!(d.transport_error().is_body_too_large(), "{err}"),
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(err.attempts(), 1, "not retried");
    })
    .await
    .expect("test exceeded its time limit");
}

#[tokio::test]
async fn chunked_bodies_over_the_limit_are_cut_off() {
    tokio::time::timeout(TEST_LIMIT, async {
        let (url, _stats) = serve(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
             800\r\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            2,
        )
        .await;
        let h = ClientHandle::new(
            &SERVICE,
            Config::builder()
                .region("us-east-1")
                .credentials(test_credentials())
                .endpoint_url(url)
                .max_response_bytes(100)
                .retry(RetryConfig::disabled())
                .timeouts(TimeoutConfig::standard().with_attempt_timeout(Duration::from_secs(3)))
                .http_client(HyperClient::new())
                .build(),
        );
        let err = call(&h).await.unwrap_err();
        match &err {
            SdkError::Dispatch(d) => assert!(d.transport_error().is_body_too_large(), "{err}"),
            other => panic!("unexpected {other:?}"),
        }
    })
    .await
    .expect("test exceeded its time limit");
}

#[tokio::test]
async fn https_to_a_plain_server_fails_as_a_connect_error() {
    tokio::time::timeout(TEST_LIMIT, async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        // Answers the TLS ClientHello with plain HTTP, which no TLS client accepts.
        tokio::spawn(async move {
            for _ in 0..2 {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let _ = stream
                    .write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                    .await;
            }
        });
        let h = client(
            &format!("https://127.0.0.1:{port}"),
            RetryConfig::disabled(),
            TimeoutConfig::standard().with_attempt_timeout(Duration::from_secs(5)),
        );
        let err = call(&h).await.unwrap_err();
        match &err {
            SdkError::Dispatch(d) => assert!(d.is_connect(), "{err}"),
            other => panic!("unexpected {other:?}"),
        }
    })
    .await
    .expect("test exceeded its time limit");
}

#[test]
fn public_types_are_thread_safe() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<ClientHandle>();
    assert_send_sync::<HyperClient>();
    assert_send_sync::<SdkError<smithy_client_runtime::error::Unhandled>>();
    assert_send_sync::<Config>();
}
