//! Event-stream decoding benchmark: Bedrock ConverseStream through the generated client ("ours",
//! `--operations ConverseStream`) and `aws-sdk-bedrockruntime` ("aws"), side by side in one
//! process. Driven by `cargo xtask bench-events` (and the events section of `cargo xtask bench`),
//! which parses the `RESULT` lines.
//!
//! ```text
//! bench-events [--rounds N] [--events N]
//! ```
//!
//! Both sides make the same ConverseStream call against an in-memory transport that answers
//! with the same body: `--events` frames (a `messageStart`, `contentBlockDelta` events with
//! short texts as a model streams them, a `messageStop`), and read the whole stream into typed
//! events, checking the text they carry. Rounds alternate sides. Per round: wall time and this
//! thread's CPU time (`/proc/thread-self/schedstat`, nanoseconds; the runtime is
//! single-threaded, so all decoding happens on this thread).

use std::process::ExitCode;
use std::time::{Duration, Instant};

use bytes::Bytes;
use smithy_client_runtime::event_stream::{HeaderValue, Message, encode_message};

const MODEL_ID: &str = "anthropic.claude-bench";
const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-east-1";
const CONTENT_TYPE: &str = "application/vnd.amazon.eventstream";

fn frame(event_type: &str, json: &str) -> Vec<u8> {
    let message = Message::new(json.as_bytes().to_vec())
        .with_header(":message-type", HeaderValue::String("event".into()))
        .with_header(":event-type", HeaderValue::String(event_type.into()))
        .with_header(
            ":content-type",
            HeaderValue::String("application/json".into()),
        );
    encode_message(&message).unwrap_or_default()
}

/// The response body and the total text length its deltas carry.
fn body(events: usize) -> (Bytes, usize) {
    let mut out = frame("messageStart", r#"{"role":"assistant"}"#);
    let mut text = 0;
    for n in 0..events.saturating_sub(2) {
        let t = format!("token {n} ");
        text += t.len();
        out.extend(frame(
            "contentBlockDelta",
            &format!(r#"{{"contentBlockIndex":0,"delta":{{"text":"{t}"}}}}"#),
        ));
    }
    out.extend(frame("messageStop", r#"{"stopReason":"end_turn"}"#));
    (Bytes::from(out), text)
}

/// CPU time of this thread.
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

enum Side {
    Ours(bedrock_events::Client),
    Aws(aws_sdk_bedrockruntime::Client),
}

impl Side {
    fn label(&self) -> &'static str {
        match self {
            Side::Ours(_) => "ours",
            Side::Aws(_) => "aws",
        }
    }

    /// One call, the whole stream read; returns (events, text bytes).
    async fn converse(&self) -> Result<(usize, usize), String> {
        let (mut events, mut text) = (0usize, 0usize);
        match self {
            Side::Ours(client) => {
                use bedrock_events::types::{ContentBlockDelta, ConverseStreamOutput};
                let (_, mut rx) = client
                    .converse_stream()
                    .model_id(MODEL_ID)
                    .send()
                    .await
                    .map_err(|e| format!("ours: {e}"))?;
                while let Some(event) = rx.recv().await.map_err(|e| format!("ours: {e}"))? {
                    if let ConverseStreamOutput::ContentBlockDelta(d) = &event
                        && let ContentBlockDelta::Text(t) = &d.delta
                    {
                        text += t.len();
                    }
                    std::hint::black_box(&event);
                    events += 1;
                }
            }
            Side::Aws(client) => {
                use aws_sdk_bedrockruntime::types::{ContentBlockDelta, ConverseStreamOutput};
                let mut out = client
                    .converse_stream()
                    .model_id(MODEL_ID)
                    .send()
                    .await
                    .map_err(|e| format!("aws: {e}"))?;
                while let Some(event) = out.stream.recv().await.map_err(|e| format!("aws: {e}"))? {
                    if let ConverseStreamOutput::ContentBlockDelta(d) = &event
                        && let Some(ContentBlockDelta::Text(t)) = d.delta()
                    {
                        text += t.len();
                    }
                    std::hint::black_box(&event);
                    events += 1;
                }
            }
        }
        Ok((events, text))
    }
}

fn clients(body: Bytes) -> [Side; 2] {
    use smithy_client_runtime::transport::test_util::{CaptureClient, response_with_headers};
    let ours = CaptureClient::new(response_with_headers(
        200,
        &[("content-type", CONTENT_TYPE)],
        body.clone(),
    ));
    let aws = aws_smithy_http_client::test_util::infallible_client_fn(move |_request| {
        let mut response = http::Response::new(aws_smithy_types::body::SdkBody::from(body.clone()));
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static(CONTENT_TYPE),
        );
        response
    });
    let ours = bedrock_events::Client::new(
        bedrock_events::Config::builder()
            .region(REGION)
            .credentials(smithy_client_runtime::credentials::Credentials::new(
                AKID, SECRET, None, None, "bench",
            ))
            .http_client(ours)
            .build(),
    );
    let aws = {
        use aws_sdk_bedrockruntime::config::{BehaviorVersion, Credentials, Region};
        aws_sdk_bedrockruntime::Client::from_conf(
            aws_sdk_bedrockruntime::Config::builder()
                .behavior_version(BehaviorVersion::latest())
                .region(Region::new(REGION))
                .credentials_provider(Credentials::new(AKID, SECRET, None, None, "bench"))
                .http_client(aws)
                .build(),
        )
    };
    [Side::Ours(ours), Side::Aws(aws)]
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut rounds = 15usize;
    let mut events = 10_000usize;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let value = it
            .next()
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|v| *v > 2);
        match (arg.as_str(), value) {
            ("--rounds", Some(v)) => rounds = v,
            ("--events", Some(v)) => events = v,
            _ => {
                eprintln!("usage: bench-events [--rounds N] [--events N] (N > 2)");
                return ExitCode::from(2);
            }
        }
    }
    let (body, text) = body(events);
    let bytes = body.len();
    let sides = clients(body);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("tokio runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    // [side] -> per-round events/s and CPU ns per event.
    let mut rates: [Vec<f64>; 2] = Default::default();
    let mut cpu: [Vec<f64>; 2] = Default::default();
    // One warm-up round per side (connection-free, but first-call costs: endpoint, signing key).
    for round in 0..=rounds {
        for (i, side) in sides.iter().enumerate() {
            let cpu_before = thread_cpu();
            let started = Instant::now();
            let result = runtime.block_on(side.converse());
            let wall = started.elapsed();
            let used = thread_cpu().saturating_sub(cpu_before);
            match result {
                Ok((n, t)) if n == events && t == text => {}
                Ok((n, t)) => {
                    eprintln!(
                        "{}: read {n} events / {t} text bytes, expected {events} / {text}",
                        side.label()
                    );
                    return ExitCode::FAILURE;
                }
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::FAILURE;
                }
            }
            if round > 0 {
                rates[i].push(events as f64 / wall.as_secs_f64());
                cpu[i].push(used.as_nanos() as f64 / events as f64);
            }
        }
    }
    for (i, side) in sides.iter().enumerate() {
        println!(
            "RESULT events {} events_per_s={:.0} cpu_ns_per_event={:.0} rounds={rounds} events={events} body_bytes={bytes}",
            side.label(),
            median(&mut rates[i]),
            median(&mut cpu[i]),
        );
    }
    ExitCode::SUCCESS
}
