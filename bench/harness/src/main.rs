//! Runtime benchmarks of the generated Partner Central client ("ours") and
//! `aws-sdk-partnercentralselling` ("aws"), measured side by side in one process so that both
//! see the same machine noise. Driven by `cargo xtask bench`, which parses the `RESULT` lines.
//!
//! ```text
//! bench-harness [--samples N] [--batch N] [--seconds S]   all measures, RESULT lines on stdout
//! bench-harness profile <ours|aws> <calls>                  in-memory calls only (for callgrind)
//! bench-harness profile-loopback <ours|aws|raw|transport> <calls>
//!                                                           loopback calls, 1 in flight (perf stat)
//! ```
//!
//! `transport` in `profile-loopback` sends the raw side's pre-built request through our
//! `HyperClient` alone (no signing, no serialization): what our transport adapter adds over
//! bare hyper is `transport` minus `raw`, the rest of our client is `ours` minus `transport`.
//!
//! Both sides make the same GetResourceSnapshotJob call (same input, region, static
//! credentials, default retry settings) and receive the same canned response; each call's output
//! is checked, so a side that silently fails cannot look fast.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};

const CATALOG: &str = "AWS";
const JOB: &str = "job-0123456789abc";
const REQUEST_ID: &str = "b7c1f0c4-6d7e-4a43-9b8e-6f0a3c2d1e5f";
const CONTENT_TYPE: &str = "application/x-amz-json-1.0";
const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-east-1";

/// The canned GetResourceSnapshotJob response: every output member set.
const BODY: &str = r#"{"Catalog":"AWS","Arn":"arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/resource-snapshot-job/job-0123456789abc","CreatedAt":"2023-05-01T20:37:46Z","EngagementId":"eng-0123456789abcd","Id":"job-0123456789abc","LastFailure":"snapshot template not found","LastSuccessfulExecutionDate":"2023-05-02T08:15:30.250Z","ResourceArn":"arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/opportunity/O1234567","ResourceId":"O1234567","ResourceSnapshotTemplateName":"Template1","ResourceType":"Opportunity","Status":"Running"}"#;

/// A bare hyper client and the request it sends: the limit for any client on this transport.
type RawClient = hyper_util::client::legacy::Client<
    hyper_util::client::legacy::connect::HttpConnector,
    Full<Bytes>,
>;

/// One client of either side; cloning is cheap on both (shared handles). `Raw` is the floor:
/// the same request, built once, sent through a bare hyper client (loopback only).
#[derive(Clone)]
enum Side {
    Ours(partnercentral::Client),
    Aws(aws_sdk_partnercentralselling::Client),
    Raw(RawClient, std::sync::Arc<http::Request<Bytes>>),
}

impl Side {
    fn label(&self) -> &'static str {
        match self {
            Side::Ours(_) => "ours",
            Side::Aws(_) => "aws",
            Side::Raw(..) => "raw hyper",
        }
    }

    /// One GetResourceSnapshotJob call; fails unless the parsed output is the canned one.
    async fn call(&self) -> Result<(), String> {
        let (id, request_id) = match self {
            Side::Ours(client) => {
                let out = client
                    .get_resource_snapshot_job()
                    .catalog(CATALOG)
                    .resource_snapshot_job_identifier(JOB)
                    .send()
                    .await
                    .map_err(|e| format!("ours: {e}"))?;
                let out = std::hint::black_box(out);
                (
                    out.id().map(str::to_owned),
                    out.request_id().map(str::to_owned),
                )
            }
            Side::Aws(client) => {
                use aws_sdk_partnercentralselling::operation::RequestId;
                let out = client
                    .get_resource_snapshot_job()
                    .catalog(CATALOG)
                    .resource_snapshot_job_identifier(JOB)
                    .send()
                    .await
                    .map_err(|e| {
                        format!(
                            "aws: {}",
                            aws_sdk_partnercentralselling::error::DisplayErrorContext(e)
                        )
                    })?;
                let out = std::hint::black_box(out);
                (
                    out.id().map(str::to_owned),
                    out.request_id().map(str::to_owned),
                )
            }
            Side::Raw(client, prebuilt) => return raw_call(client, prebuilt).await,
        };
        if id.as_deref() != Some(JOB) || request_id.as_deref() != Some(REQUEST_ID) {
            return Err(format!(
                "{}: unexpected output: id {id:?}, request id {request_id:?}",
                self.label()
            ));
        }
        Ok(())
    }
}

/// Sends the pre-built request (headers cloned, body shared) and reads the whole response;
/// no signing, no serialization, no parsing: what is left is hyper and the socket.
async fn raw_call(client: &RawClient, prebuilt: &http::Request<Bytes>) -> Result<(), String> {
    let mut request = http::Request::new(Full::new(prebuilt.body().clone()));
    *request.method_mut() = prebuilt.method().clone();
    *request.uri_mut() = prebuilt.uri().clone();
    *request.headers_mut() = prebuilt.headers().clone();
    let response = client
        .request(request)
        .await
        .map_err(|e| format!("raw hyper: {e}"))?;
    if response.status() != http::StatusCode::OK {
        return Err(format!("raw hyper: status {}", response.status()));
    }
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| format!("raw hyper: {e}"))?
        .to_bytes();
    if body.len() != BODY.len() {
        return Err("raw hyper: unexpected body".into());
    }
    std::hint::black_box(body);
    Ok(())
}

/// The raw side: the request our client sends (as captured in memory, signature included),
/// pointed at `url`, sent through hyper's pooled client with plain HTTP.
fn raw_side(url: &str) -> Result<Side, String> {
    use smithy_client_runtime::transport::test_util::{CaptureClient, response_with_headers};
    let capture = CaptureClient::new(response_with_headers(
        200,
        &[
            ("content-type", CONTENT_TYPE),
            ("x-amzn-requestid", REQUEST_ID),
        ],
        BODY,
    ));
    let client = partnercentral::Client::new(ours_config().http_client(capture.clone()).build());
    let rt = runtime()?;
    rt.block_on(Side::Ours(client).call())?;
    let captured = capture
        .last_request()
        .ok_or("raw hyper: no request captured")?;
    let uri: http::Uri = url.parse().map_err(|e| format!("{url}: {e}"))?;
    let authority = uri.authority().map(|a| a.as_str()).unwrap_or_default();
    let mut request = http::Request::new(captured.body().clone());
    *request.method_mut() = http::Method::POST;
    *request.uri_mut() = format!("{url}/")
        .parse()
        .map_err(|e| format!("{url}: {e}"))?;
    for (name, value) in captured.headers() {
        request.headers_mut().append(name.clone(), value.clone());
    }
    request.headers_mut().insert(
        http::header::HOST,
        http::HeaderValue::from_str(authority).map_err(|e| e.to_string())?,
    );
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http();
    Ok(Side::Raw(client, std::sync::Arc::new(request)))
}

fn ours_config() -> partnercentral::config::ConfigBuilder {
    partnercentral::Config::builder()
        .region(REGION)
        .credentials(smithy_client_runtime::credentials::Credentials::new(
            AKID, SECRET, None, None, "bench",
        ))
}

fn aws_config() -> aws_sdk_partnercentralselling::config::Builder {
    use aws_sdk_partnercentralselling::config::{BehaviorVersion, Credentials, Region};
    aws_sdk_partnercentralselling::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .credentials_provider(Credentials::new(AKID, SECRET, None, None, "bench"))
}

/// Both sides with an in-memory transport that answers every request with the canned response.
fn in_memory_clients() -> (Side, Side) {
    use smithy_client_runtime::transport::test_util::{CaptureClient, response_with_headers};
    let ours = CaptureClient::new(response_with_headers(
        200,
        &[
            ("content-type", CONTENT_TYPE),
            ("x-amzn-requestid", REQUEST_ID),
        ],
        BODY,
    ));
    let aws = aws_smithy_http_client::test_util::infallible_client_fn(|_request| {
        let mut response = http::Response::new(aws_smithy_types::body::SdkBody::from(
            Bytes::from_static(BODY.as_bytes()),
        ));
        canned_headers(response.headers_mut());
        response
    });
    (
        Side::Ours(partnercentral::Client::new(
            ours_config().http_client(ours).build(),
        )),
        Side::Aws(aws_sdk_partnercentralselling::Client::from_conf(
            aws_config().http_client(aws).build(),
        )),
    )
}

/// Both sides with their default HTTP client, pointed at the loopback server.
fn loopback_clients(url: &str) -> (Side, Side) {
    (
        Side::Ours(partnercentral::Client::new(
            ours_config().endpoint_url(url).build(),
        )),
        Side::Aws(aws_sdk_partnercentralselling::Client::from_conf(
            aws_config().endpoint_url(url).build(),
        )),
    )
}

/// The headers of the canned response, the same for the in-memory and the loopback server.
fn canned_headers(headers: &mut http::HeaderMap) {
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static(CONTENT_TYPE),
    );
    headers.insert(
        "x-amzn-requestid",
        http::HeaderValue::from_static(REQUEST_ID),
    );
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// Median ns per call of `batch` sequential calls, `samples` times per side, the sides
/// alternating (and alternating which goes first) so that noise hits both alike.
async fn in_memory(sides: &[Side; 2], samples: usize, batch: usize) -> Result<[f64; 2], String> {
    for side in sides {
        for _ in 0..2_000 {
            side.call().await?;
        }
    }
    let mut per_call: [Vec<f64>; 2] = [Vec::with_capacity(samples), Vec::with_capacity(samples)];
    for sample in 0..samples {
        for k in 0..2 {
            let i = (sample + k) % 2;
            let started = Instant::now();
            for _ in 0..batch {
                sides[i].call().await?;
            }
            per_call[i].push(started.elapsed().as_nanos() as f64 / batch as f64);
        }
    }
    let [a, b] = &mut per_call;
    Ok([median(a), median(b)])
}

/// Calls completed in `duration` with `in_flight` callers looping concurrently.
async fn calls_in(side: &Side, in_flight: usize, duration: Duration) -> Result<f64, String> {
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..in_flight {
        let side = side.clone();
        tasks.spawn(async move {
            let mut calls = 0u64;
            while Instant::now() < deadline {
                side.call().await?;
                calls += 1;
            }
            Ok::<u64, String>(calls)
        });
    }
    let mut calls = 0;
    while let Some(joined) = tasks.join_next().await {
        calls += joined.map_err(|e| format!("caller task failed: {e}"))??;
    }
    Ok(calls as f64 / started.elapsed().as_secs_f64())
}

/// Median calls per second over slices of `slice` each, alternating the sides slice by slice.
async fn throughput(
    sides: &[Side],
    in_flight: usize,
    slices: usize,
    slice: Duration,
) -> Result<Vec<f64>, String> {
    // Warm-up: open the connections and fill both pools.
    for side in sides {
        calls_in(side, in_flight, Duration::from_millis(300)).await?;
    }
    let n = sides.len();
    let mut rates: Vec<Vec<f64>> = vec![Vec::new(); n];
    for s in 0..slices {
        for k in 0..n {
            let i = (s + k) % n;
            rates[i].push(calls_in(&sides[i], in_flight, slice).await?);
        }
    }
    Ok(rates.iter_mut().map(|r| median(r)).collect())
}

/// A minimal HTTP/1.1 server on 127.0.0.1 answering every request with the canned response,
/// on a thread (and single-threaded runtime) of its own so that it does not share the callers'.
fn start_server() -> Result<SocketAddr, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    std::thread::spawn(move || {
        runtime.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                return;
            };
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(
                        |request: http::Request<hyper::body::Incoming>| async move {
                            // Read the whole request, as a real server must before answering.
                            let _ = request.into_body().collect().await;
                            let mut response =
                                http::Response::new(Full::new(Bytes::from_static(BODY.as_bytes())));
                            canned_headers(response.headers_mut());
                            Ok::<_, Infallible>(response)
                        },
                    );
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
        });
    });
    Ok(addr)
}

struct Options {
    samples: usize,
    batch: usize,
    seconds: f64,
}

fn flag<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> Result<T, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(default),
        Some(i) => args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("{name} needs a numeric value")),
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
}

fn run_all(options: &Options) -> Result<(), String> {
    let rt = runtime()?;
    let (ours, aws) = rt.block_on(async { in_memory_clients() });
    let sides = [ours, aws];
    let [o, a] = rt.block_on(in_memory(&sides, options.samples, options.batch))?;
    eprintln!("in-memory: ours {o:.0} ns/call, aws {a:.0} ns/call");
    println!("RESULT\tinmem_ns\t{o:.1}\t{a:.1}");

    let addr = start_server()?;
    let url = format!("http://{addr}");
    let (ours, aws) = rt.block_on(async { loopback_clients(&url) });
    let raw = raw_side(&url)?;
    let sides = [ours, aws, raw];
    // Each side gets `seconds` in total per measure, in half-second slices.
    let slice = Duration::from_millis(500);
    let slices = ((options.seconds / slice.as_secs_f64()).round() as usize).max(1);
    for in_flight in [1usize, 16] {
        let rates = rt.block_on(throughput(&sides, in_flight, slices, slice))?;
        let [o, a, r] = rates[..] else {
            return Err("three sides, three rates".into());
        };
        eprintln!(
            "loopback, {in_flight} in flight: ours {o:.0} calls/s, aws {a:.0} calls/s, raw hyper {r:.0} calls/s"
        );
        println!("RESULT\tloopback_{in_flight}\t{o:.1}\t{a:.1}");
        println!("RESULT\traw_{in_flight}\t{r:.1}\t{r:.1}");
    }
    Ok(())
}

/// Loopback calls of one side only, one in flight, for `perf stat` (the server thread is
/// the same for every side, so differences in instructions are the client's).
fn profile_loopback(side: &str, calls: usize) -> Result<(), String> {
    let addr = start_server()?;
    let url = format!("http://{addr}");
    let rt = runtime()?;
    let (ours, aws) = rt.block_on(async { loopback_clients(&url) });
    let side = match side {
        "ours" => ours,
        "aws" => aws,
        "raw" => raw_side(&url)?,
        "transport" => {
            let Side::Raw(_, prebuilt) = raw_side(&url)? else {
                return Err("raw_side builds a raw side".into());
            };
            let client = smithy_client_runtime::transport::HyperClient::new();
            return rt.block_on(async {
                for _ in 0..calls {
                    transport_call(&client, &prebuilt).await?;
                }
                Ok(())
            });
        }
        other => {
            return Err(format!(
                "unknown side {other}; use ours, aws, raw or transport"
            ));
        }
    };
    rt.block_on(async {
        for _ in 0..calls {
            side.call().await?;
        }
        Ok(())
    })
}

/// The pre-built request through our transport alone (see `profile_loopback`).
async fn transport_call(
    client: &smithy_client_runtime::transport::HyperClient,
    prebuilt: &http::Request<Bytes>,
) -> Result<(), String> {
    use smithy_client_runtime::transport::{HttpClient as _, SdkBody, TransportSettings};
    let mut request = http::Request::new(SdkBody::from(prebuilt.body().clone()));
    *request.method_mut() = prebuilt.method().clone();
    *request.uri_mut() = prebuilt.uri().clone();
    *request.headers_mut() = prebuilt.headers().clone();
    let settings = TransportSettings::new(Some(Duration::from_millis(3100)), 16 << 20);
    let response = client
        .send(request, &settings)
        .await
        .map_err(|e| format!("transport: {e}"))?;
    if response.status() != http::StatusCode::OK
        || response.body().bytes().map(<[u8]>::len) != Some(BODY.len())
    {
        return Err("transport: unexpected response".into());
    }
    Ok(())
}

/// In-memory calls of one side only, for profilers (`valgrind --tool=callgrind`).
fn profile(side: &str, calls: usize) -> Result<(), String> {
    let rt = runtime()?;
    let (ours, aws) = rt.block_on(async { in_memory_clients() });
    let side = match side {
        "ours" => ours,
        "aws" => aws,
        other => return Err(format!("unknown side {other}; use ours or aws")),
    };
    rt.block_on(async {
        for _ in 0..calls {
            side.call().await?;
        }
        Ok(())
    })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = if args.first().map(String::as_str) == Some("profile-loopback") {
        match (args.get(1), args.get(2).and_then(|n| n.parse().ok())) {
            (Some(side), Some(calls)) => profile_loopback(side, calls),
            _ => {
                Err("usage: bench-harness profile-loopback <ours|aws|raw|transport> <calls>".into())
            }
        }
    } else if args.first().map(String::as_str) == Some("profile") {
        match (args.get(1), args.get(2).and_then(|n| n.parse().ok())) {
            (Some(side), Some(calls)) => profile(side, calls),
            _ => Err("usage: bench-harness profile <ours|aws> <calls>".into()),
        }
    } else {
        (|| {
            let options = Options {
                samples: flag(&args, "--samples", 301)?,
                batch: flag(&args, "--batch", 64)?,
                seconds: flag(&args, "--seconds", 3.0)?,
            };
            run_all(&options)
        })()
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench-harness: {message}");
            ExitCode::FAILURE
        }
    }
}
