//! Load: 10,000 calls with 64 in flight against a loopback server all succeed, and the file
//! descriptors they opened are released once the client is dropped. Prints wall time, calls/s,
//! peak RSS and the descriptor counts. Ignored by default (it takes a few seconds in release
//! and longer in debug builds); CI runs ignored tests.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use partnercentral_selling::Client;
use partnercentral_selling::config::{CallOptions, Config};
use smithy_client_runtime::credentials::Credentials;
use smithy_client_runtime::transport::HyperClient;
use tests::{CannedResponse, TestServer};

const CALLS: usize = 10_000;
const IN_FLIGHT: usize = 64;
/// Descriptors the runtime may legitimately keep after the client is gone (e.g. an epoll or
/// timer fd created lazily by Tokio on first use).
const FD_MARGIN: usize = 4;

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .map(|d| d.count())
        .unwrap_or(0)
}

fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "load test; CI runs ignored tests"]
async fn ten_thousand_calls_64_in_flight_then_descriptors_return() {
    tokio::time::timeout(Duration::from_secs(120), run())
        .await
        .expect("the load test finished within 120 s");
}

async fn run() {
    let server = TestServer::start(vec![CannedResponse::json(
        200,
        r#"{"Catalog":"AWS","Id":"job-1","Status":"Running"}"#,
    )])
    .await;
    let fds_before = open_fds();
    // A transport of its own, so its connection pool is dropped with the client; the default
    // transport is shared process-wide and keeps idle connections for reuse by other clients.
    let client = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "SECRET", None, None, "test"))
            .endpoint_url(server.url())
            .http_client(HyperClient::new())
            .build(),
    );

    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..IN_FLIGHT {
        let client = client.clone();
        let next = next.clone();
        workers.spawn(async move {
            let mut ok = 0usize;
            while next.fetch_add(1, Ordering::Relaxed) < CALLS {
                let out = client
                    .get_resource_snapshot_job()
                    .catalog("AWS")
                    .resource_snapshot_job_identifier("job-1")
                    .options(CallOptions::default().attempt_timeout(Duration::from_secs(10)))
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("call failed: {e}"));
                assert_eq!(out.id(), Some("job-1"));
                ok += 1;
            }
            ok
        });
    }
    let mut succeeded = 0;
    while let Some(joined) = workers.join_next().await {
        succeeded += joined.expect("worker did not panic");
    }
    let wall = started.elapsed();
    let fds_peak = open_fds();
    assert_eq!(succeeded, CALLS);
    assert_eq!(server.requests().len(), CALLS);

    drop(client);
    // Closing is asynchronous (connection tasks see the pool go away, the server sees EOF), so
    // poll briefly instead of sleeping a fixed time.
    let settle = Instant::now();
    let mut fds_after = open_fds();
    while fds_after > fds_before + FD_MARGIN && settle.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(50)).await;
        fds_after = open_fds();
    }
    println!(
        "load: {CALLS} calls, {IN_FLIGHT} in flight, wall {:.2} s, {:.0} calls/s, peak RSS \
         (VmHWM) {} kB, fds before {fds_before}, at end of load {fds_peak}, after drop \
         {fds_after} (settled in {} ms)",
        wall.as_secs_f64(),
        CALLS as f64 / wall.as_secs_f64(),
        status_kb("VmHWM:").unwrap_or(0),
        settle.elapsed().as_millis()
    );
    assert!(
        fds_after <= fds_before + FD_MARGIN,
        "descriptors leaked: {fds_before} before, {fds_after} after dropping the client"
    );
}
