//! Event streams end to end through the default hyper transport and a loopback server
//! (127.0.0.1 only, bounded):
//! - a Bedrock ConverseStream-shaped stream of 10,000 events ending in a modeled exception
//!   event (and its decoding rate);
//! - a Kinesis SubscribeToShard-shaped stream (awsJson `initial-response` first);
//! - an input stream whose signature chain the server checks with its own HMAC code;
//! - 1 GiB of events with the memory high-water mark measured in a child process.
//!
//! The unmarshallers here are hand-written in the shape the generator is meant to emit.

#![cfg(feature = "default-https-client")]

use std::io;
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::{Digest as _, Sha256};
use smithy_client_runtime::event_stream::{
    CHUNK_SIGNATURE_HEADER, EventReceiver, EventSigner, EventStreamError, EventStreamSender,
    HeaderValue, Marshaller, Message, MessageKind, MessageReceiver, decode_frame, encode_message,
};
use smithy_client_runtime::json::de;
use smithy_client_runtime::time::{ManualTimeSource, SharedTimeSource};
use smithy_client_runtime::transport::{HttpClient, HyperClient, SdkBody, TransportSettings};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const CHILD_ENV: &str = "EVENT_STREAM_LOOPBACK_CHILD";
const GIB: u64 = 1 << 30;
/// Far below the 1 GiB streamed (the decoder holds at most one frame plus one read).
const MAX_HWM_KIB: u64 = 64 * 1024;

fn event(event_type: &str, payload: impl Into<Bytes>) -> Message {
    Message::new(payload)
        .with_header(":message-type", HeaderValue::String("event".into()))
        .with_header(":event-type", HeaderValue::String(event_type.into()))
        .with_header(
            ":content-type",
            HeaderValue::String("application/json".into()),
        )
}

fn exception(exception_type: &str, payload: &str) -> Message {
    Message::new(Bytes::from(payload.to_owned()))
        .with_header(":message-type", HeaderValue::String("exception".into()))
        .with_header(
            ":exception-type",
            HeaderValue::String(exception_type.into()),
        )
        .with_header(
            ":content-type",
            HeaderValue::String("application/json".into()),
        )
}

/// Reads a request head (bounded); returns it and the body bytes read past it.
async fn read_head(stream: &mut TcpStream) -> io::Result<(String, Vec<u8>)> {
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_string();
            return Ok((head, buf[end + 4..].to_vec()));
        }
        if buf.len() > 16 * 1024 {
            return Err(io::Error::other("request head too large"));
        }
    }
}

/// Answers one connection with `head_extra` headers and the frames from `frames`, sent with
/// chunked encoding as they are produced.
async fn serve_frames(
    listener: TcpListener,
    head_extra: &'static str,
    mut frames: impl FnMut() -> Option<Vec<u8>> + Send,
) {
    let Ok((mut stream, _)) = listener.accept().await else {
        return;
    };
    if read_head(&mut stream).await.is_err() {
        return;
    }
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/vnd.amazon.eventstream\r\n{head_extra}\
         transfer-encoding: chunked\r\nconnection: close\r\n\r\n"
    );
    if stream.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    // Several frames per chunk, and chunks that do not end on a frame boundary.
    let mut pending = Vec::new();
    loop {
        let next = frames();
        let done = next.is_none();
        if let Some(f) = next {
            pending.extend_from_slice(&f);
        }
        while pending.len() >= 48 * 1024 || (done && !pending.is_empty()) {
            let n = pending.len().min(48 * 1024 + 7);
            let chunk: Vec<u8> = pending.drain(..n).collect();
            let mut out = format!("{:x}\r\n", chunk.len()).into_bytes();
            out.extend_from_slice(&chunk);
            out.extend_from_slice(b"\r\n");
            if stream.write_all(&out).await.is_err() {
                return;
            }
        }
        if done {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let _ = stream.shutdown().await;
}

async fn open_stream(addr: std::net::SocketAddr) -> http::Response<SdkBody> {
    let http = HyperClient::new();
    let mut request = http::Request::new(SdkBody::empty());
    *request.method_mut() = http::Method::POST;
    *request.uri_mut() = format!("http://{addr}/model/m/converse-stream")
        .parse()
        .expect("uri");
    let settings =
        TransportSettings::new(Some(Duration::from_secs(5)), 1024).with_streaming_response(true);
    http.send(request, &settings).await.expect("response head")
}

// ---- ConverseStream-shaped ----

#[derive(Debug, PartialEq)]
enum ConverseEvent {
    MessageStart { role: String },
    ContentBlockDelta { index: i32, text: String },
    Unknown(String),
}

#[derive(Debug)]
struct ThrottlingException {
    message: Option<String>,
}

impl std::fmt::Display for ThrottlingException {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ThrottlingException: {:?}", self.message)
    }
}

/// What the generator emits for ConverseStream's output union (implicit JSON payloads).
fn unmarshal_converse(
    message: Message,
) -> Result<ConverseEvent, EventStreamError<ThrottlingException>> {
    let info = message.info()?;
    match info.kind {
        MessageKind::Event {
            event_type: "messageStart",
        } => {
            let v = de::parse(message.payload())?;
            let mut role = String::new();
            for (k, v) in de::object(&v)? {
                if k == "role" {
                    role = de::string(v)?;
                }
            }
            Ok(ConverseEvent::MessageStart { role })
        }
        MessageKind::Event {
            event_type: "contentBlockDelta",
        } => {
            let v = de::parse(message.payload())?;
            let (mut index, mut text) = (0, String::new());
            for (k, v) in de::object(&v)? {
                match k {
                    "contentBlockIndex" => index = de::integer(v)?,
                    "delta" => {
                        for (k, v) in de::object(v)? {
                            if k == "text" {
                                text = de::string(v)?;
                            }
                        }
                    }
                    _ => {}
                }
            }
            Ok(ConverseEvent::ContentBlockDelta { index, text })
        }
        MessageKind::Event { event_type } => Ok(ConverseEvent::Unknown(event_type.to_owned())),
        MessageKind::Exception {
            exception_type: "throttlingException",
        } => {
            let v = de::parse(message.payload())?;
            let mut message = None;
            for (k, v) in de::object(&v)? {
                if k == "message" {
                    message = Some(de::string(v)?);
                }
            }
            Err(EventStreamError::Modeled(ThrottlingException { message }))
        }
        _ => Err(EventStreamError::unmodeled(&message)),
    }
}

const CONVERSE_EVENTS: usize = 10_000;

fn converse_frames() -> impl FnMut() -> Option<Vec<u8>> + Send {
    let mut i = 0usize;
    move || {
        let frame = match i {
            0 => event("messageStart", r#"{"role":"assistant","p":"abcdefgh"}"#),
            n if n < CONVERSE_EVENTS - 1 && n % 1000 == 500 => event("brandNewEvent", "{}"),
            n if n < CONVERSE_EVENTS => event(
                "contentBlockDelta",
                format!(r#"{{"contentBlockIndex":0,"delta":{{"text":"token {n} "}},"p":"ab"}}"#),
            ),
            n if n == CONVERSE_EVENTS => exception(
                "throttlingException",
                r#"{"message":"Too many tokens, slow down"}"#,
            ),
            _ => return None,
        };
        i += 1;
        Some(encode_message(&frame).expect("encode"))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn converse_stream_ten_thousand_events_then_a_modeled_exception() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let server = tokio::spawn(serve_frames(listener, "", converse_frames()));
    let response = open_stream(addr).await;
    assert_eq!(response.status(), 200);
    let mut rx = EventReceiver::from_body(response.into_body(), unmarshal_converse);
    let started = Instant::now();
    let (mut deltas, mut unknown, mut start) = (0usize, 0usize, 0usize);
    let error = loop {
        match tokio::time::timeout(Duration::from_secs(30), rx.recv()).await {
            Err(_) => panic!("stream stalled"),
            Ok(Ok(Some(ConverseEvent::MessageStart { role }))) => {
                assert_eq!(role, "assistant");
                start += 1;
            }
            Ok(Ok(Some(ConverseEvent::ContentBlockDelta { index, text }))) => {
                assert_eq!(index, 0);
                assert!(text.starts_with("token "), "{text}");
                deltas += 1;
            }
            Ok(Ok(Some(ConverseEvent::Unknown(name)))) => {
                assert_eq!(name, "brandNewEvent");
                unknown += 1;
            }
            Ok(Ok(None)) => panic!("the stream must end in the exception"),
            Ok(Err(e)) => break e,
        }
    };
    let elapsed = started.elapsed();
    match error {
        EventStreamError::Modeled(ThrottlingException { message }) => {
            assert_eq!(message.as_deref(), Some("Too many tokens, slow down"));
        }
        other => panic!("{other:?}"),
    }
    assert!(rx.recv().await.expect("after the error").is_none());
    assert_eq!(start + deltas + unknown, CONVERSE_EVENTS);
    assert_eq!(unknown, 10);
    eprintln!(
        "ConverseStream-shaped over loopback: {CONVERSE_EVENTS} events in {elapsed:?} ({:.0} events/s, this build's profile)",
        CONVERSE_EVENTS as f64 / elapsed.as_secs_f64()
    );
    server.await.expect("server");
}

/// Decoding alone (in memory, no socket): events/s and CPU per event. Run with
/// `cargo test --release -p smithy-client-runtime --test event_stream_loopback decode_rate -- --nocapture`.
#[test]
fn decode_rate() {
    let mut frames = converse_frames();
    let mut bytes = Vec::new();
    while let Some(f) = frames() {
        bytes.extend_from_slice(&f);
    }
    // Enough to time in release; a quick smoke run in debug builds (CI).
    let rounds = if cfg!(debug_assertions) { 2 } else { 20 };
    let cpu_before = cpu_time();
    let started = Instant::now();
    let mut events = 0usize;
    for _ in 0..rounds {
        let body = SdkBody::from(bytes.clone());
        let mut rx = EventReceiver::from_body(body, unmarshal_converse);
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        rt.block_on(async {
            while let Ok(Some(_)) = rx.recv().await {
                events += 1;
            }
        });
    }
    let wall = started.elapsed();
    let cpu = cpu_time().zip(cpu_before).map(|(a, b)| a.saturating_sub(b));
    eprintln!(
        "ConverseStream-shaped decoding: {events} events in {wall:?} wall = {:.0} events/s; CPU {}",
        events as f64 / wall.as_secs_f64(),
        cpu.map_or("unknown".to_owned(), |c| format!(
            "{c:?} = {:.2} us/event",
            c.as_secs_f64() * 1e6 / events as f64
        ))
    );
    assert_eq!(events, rounds * CONVERSE_EVENTS);
}

/// User + system CPU of this process (Linux `/proc/self/stat`, 100 Hz ticks).
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

// ---- Kinesis SubscribeToShard-shaped (awsJson initial-response) ----

#[derive(Debug, PartialEq)]
enum ShardEvent {
    SubscribeToShardEvent { continuation: String },
    Unknown(String),
}

fn unmarshal_shard(message: Message) -> Result<ShardEvent, EventStreamError<ThrottlingException>> {
    match message.info()?.kind {
        MessageKind::Event {
            event_type: "SubscribeToShardEvent",
        } => {
            let v = de::parse(message.payload())?;
            let mut continuation = String::new();
            for (k, v) in de::object(&v)? {
                if k == "ContinuationSequenceNumber" {
                    continuation = de::string(v)?;
                }
            }
            Ok(ShardEvent::SubscribeToShardEvent { continuation })
        }
        MessageKind::Event { event_type } => Ok(ShardEvent::Unknown(event_type.to_owned())),
        _ => Err(EventStreamError::unmodeled(&message)),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscribe_to_shard_initial_response_then_events() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let mut i = 0;
    let frames = move || {
        let m = match i {
            0 => event("initial-response", "{}"),
            1..=5 => event(
                "SubscribeToShardEvent",
                format!(
                    r#"{{"ContinuationSequenceNumber":"{i}","MillisBehindLatest":0,"Records":[]}}"#
                ),
            ),
            _ => return None,
        };
        i += 1;
        Some(encode_message(&m).expect("encode"))
    };
    let server = tokio::spawn(serve_frames(listener, "x-amzn-requestid: r1\r\n", frames));
    let response = open_stream(addr).await;
    // What generated code does: the `initial-response` event is taken out of the stream.
    let mut rx = EventReceiver::from_body(response.into_body(), unmarshal_shard)
        .expecting_initial_response();
    let mut seen = Vec::new();
    while let Some(e) = rx.recv().await.expect("event") {
        seen.push(e);
    }
    assert_eq!(seen.len(), 5);
    let initial = rx
        .initial_response()
        .expect("the initial response was read");
    assert_eq!(initial.as_ref(), b"{}");
    assert_eq!(
        seen[4],
        ShardEvent::SubscribeToShardEvent {
            continuation: "5".into()
        }
    );
    server.await.expect("server");
}

// ---- input stream: the server checks the signature chain independently ----

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Verifies every signed frame of `body` against the spec; returns the inner messages.
fn verify_chain(body: &[u8], secret: &str, seed: &str) -> Vec<Message> {
    let mut decoder = smithy_client_runtime::event_stream::FrameDecoder::new();
    decoder.push(body);
    let mut previous = seed.to_owned();
    let mut inner = Vec::new();
    let mut ended = false;
    while let Some(frame) = decoder.next_message().expect("valid frame") {
        assert!(!ended, "nothing may follow the end frame");
        let Some(HeaderValue::Timestamp(date)) = frame.header(":date") else {
            panic!("no :date");
        };
        let secs = date.secs();
        let stamp = date
            .fmt(smithy_client_runtime::primitives::TimestampFormat::DateTime)
            .replace(['-', ':'], "");
        let day = &stamp[..8];
        let k = hmac(format!("AWS4{secret}").as_bytes(), day.as_bytes());
        let k = hmac(
            &hmac(&hmac(&k, b"us-east-1"), b"transcribe"),
            b"aws4_request",
        );
        let mut date_header = vec![5u8];
        date_header.extend_from_slice(b":date");
        date_header.push(8);
        date_header.extend_from_slice(&(secs * 1000).to_be_bytes());
        let sts = format!(
            "AWS4-HMAC-SHA256-PAYLOAD\n{stamp}\n{day}/us-east-1/transcribe/aws4_request\n{previous}\n{}\n{}",
            hex_of(&Sha256::digest(&date_header)),
            hex_of(&Sha256::digest(frame.payload()))
        );
        let expected = hmac(&k, sts.as_bytes());
        let Some(HeaderValue::ByteArray(got)) = frame.header(CHUNK_SIGNATURE_HEADER) else {
            panic!("no :chunk-signature");
        };
        assert_eq!(got.as_ref(), expected.as_slice(), "frame {}", inner.len());
        previous = hex_of(&expected);
        if frame.payload().is_empty() {
            ended = true;
        } else {
            inner.push(decode_frame(frame.payload()).expect("inner frame"));
        }
    }
    decoder.finish().expect("no partial frame");
    assert!(ended, "the stream must end with the empty signed frame");
    inner
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn input_stream_signature_chain_verified_by_the_server() {
    let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    let seed = "5f2bb1f1a1c1f6d0c5b2a4f0e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4";
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.expect("accept");
        let (head, mut body) = read_head(&mut stream).await.expect("head");
        assert!(
            head.to_ascii_lowercase()
                .contains("transfer-encoding: chunked"),
            "{head}"
        );
        // Read the chunked body to its end (bounded: 1 MiB).
        let mut buf = [0u8; 8192];
        while !body.ends_with(b"0\r\n\r\n") && body.len() < (1 << 20) {
            let n = stream.read(&mut buf).await.expect("read");
            if n == 0 {
                break;
            }
            body.extend_from_slice(&buf[..n]);
        }
        let mut data = Vec::new();
        let mut rest = body.as_slice();
        loop {
            let line_end = rest
                .windows(2)
                .position(|w| w == b"\r\n")
                .expect("chunk size");
            let size =
                usize::from_str_radix(std::str::from_utf8(&rest[..line_end]).expect("utf8"), 16)
                    .expect("hex size");
            rest = &rest[line_end + 2..];
            if size == 0 {
                break;
            }
            data.extend_from_slice(&rest[..size]);
            rest = &rest[size + 2..];
        }
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            .await;
        data
    });

    let audio: Vec<Vec<u8>> = (0..50u8).map(|i| vec![i; 3200]).collect();
    let expected_audio = audio.clone();
    let marshal: Marshaller<Vec<u8>> = |chunk| {
        Ok(Message::new(Bytes::from(chunk.clone()))
            .with_header(":message-type", HeaderValue::String("event".into()))
            .with_header(":event-type", HeaderValue::String("AudioEvent".into()))
            .with_header(
                ":content-type",
                HeaderValue::String("application/octet-stream".into()),
            ))
    };
    let clock = ManualTimeSource::new(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000));
    let signer = EventSigner::new(secret, "us-east-1", "transcribe", seed);
    let events = Iter(audio.into_iter());
    let body = EventStreamSender::new(events)
        .into_body(marshal, Some((signer, SharedTimeSource::new(clock))));
    let mut request = http::Request::new(SdkBody::from_stream(body, None));
    *request.method_mut() = http::Method::POST;
    *request.uri_mut() = format!("http://{addr}/stream-transcription")
        .parse()
        .expect("uri");
    let response = HyperClient::new()
        .send(
            request,
            &TransportSettings::new(Some(Duration::from_secs(5)), 1024),
        )
        .await
        .expect("send");
    assert_eq!(response.status(), 200);
    let data = server.await.expect("server");
    let inner = verify_chain(&data, secret, seed);
    assert_eq!(inner.len(), expected_audio.len());
    for (m, a) in inner.iter().zip(&expected_audio) {
        assert_eq!(m.payload().as_ref(), a.as_slice());
    }
}

/// A ready stream over an iterator.
struct Iter<I>(I);
impl<I: Iterator + Unpin> futures_core::Stream for Iter<I> {
    type Item = I::Item;
    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<I::Item>> {
        std::task::Poll::Ready(self.get_mut().0.next())
    }
}

// ---- 1 GiB of events with flat memory ----

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

async fn one_gib() -> String {
    const PAYLOAD: usize = 256 * 1024;
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let payload = Bytes::from(vec![b'x'; PAYLOAD]);
    let count = GIB as usize / PAYLOAD;
    let mut i = 0;
    let frames = move || {
        (i < count).then(|| {
            i += 1;
            let m = Message::new(payload.clone())
                .with_header(":message-type", HeaderValue::String("event".into()))
                .with_header(":event-type", HeaderValue::String("chunk".into()));
            encode_message(&m).expect("encode")
        })
    };
    let server = tokio::spawn(serve_frames(listener, "", frames));
    let response = open_stream(addr).await;
    let mut messages = MessageReceiver::new(response.into_body());
    let (mut n, mut bytes) = (0usize, 0u64);
    let started = Instant::now();
    while let Some(m) = messages.recv().await.expect("frame") {
        n += 1;
        bytes += m.payload().len() as u64;
    }
    server.await.expect("server");
    assert_eq!(n, count);
    assert_eq!(bytes, GIB);
    format!(
        "HWM_KIB={} MS={}",
        vm_hwm_kib().unwrap_or(0),
        started.elapsed().as_millis()
    )
}

/// The 1 GiB stream itself; does nothing unless started by the test below as its child.
#[test]
fn child_one_gib() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    println!("{}", runtime.block_on(one_gib()));
}

#[test]
fn one_gib_event_stream_with_flat_memory() {
    if !std::path::Path::new("/proc/self/status").exists() {
        eprintln!("skipped: no /proc/self/status to read the memory high-water mark from");
        return;
    }
    let exe = std::env::current_exe().expect("test binary");
    let output = Command::new(exe)
        .args([
            "child_one_gib",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, "1")
        .output()
        .expect("child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "child failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The harness may print `test child_one_gib ... ` on the same line.
    let line = stdout
        .lines()
        .find_map(|l| l.find("HWM_KIB=").map(|at| &l[at..]))
        .expect("report line");
    eprintln!("1 GiB event stream: {line}");
    let hwm: u64 = line
        .split_whitespace()
        .next()
        .and_then(|f| f.strip_prefix("HWM_KIB="))
        .and_then(|v| v.parse().ok())
        .expect("HWM");
    assert!(
        hwm < MAX_HWM_KIB,
        "memory high-water mark {hwm} KiB over {MAX_HWM_KIB} KiB"
    );
}
