//! 1 GiB up and 1 GiB down through the default hyper transport and a loopback server, with
//! bounded memory: the upload comes from a generating reader through `ByteStream::from_reader`,
//! the download is read chunk by chunk with `ByteStream::next`.
//!
//! The transfer runs in a child process (this test binary re-executed with
//! `STREAMING_TRANSFER_CHILD=1`) so its memory high-water mark (`VmHWM`) belongs to the
//! transfer alone, not to whatever other tests ran in this process.

#![cfg(feature = "default-https-client")]

use std::io;
use std::pin::Pin;
use std::process::Command;
use std::task::{Context, Poll};
use std::time::Instant;

use smithy_client_runtime::ByteStream;
use smithy_client_runtime::transport::{HttpClient, HyperClient, SdkBody, TransportSettings};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

const TOTAL: u64 = 1 << 30;
const CHILD_ENV: &str = "STREAMING_TRANSFER_CHILD";
/// The bound the transfer must stay under: far below the 1 GiB moved each way (measured: about
/// 9 MiB, most of it the test binary itself).
const MAX_HWM_KIB: u64 = 64 * 1024;

/// The byte at `offset`: constant over 4 KiB blocks, so generating is a `fill` per block and
/// a reordered, lost or duplicated block shows at a chunk's ends.
fn byte_at(offset: u64) -> u8 {
    ((offset >> 12) % 251) as u8
}

fn fill(buf: &mut [u8], mut offset: u64) {
    let mut rest = buf;
    while !rest.is_empty() {
        let block_end = (offset | 0xfff) + 1;
        let n = usize::try_from(block_end - offset)
            .unwrap_or(usize::MAX)
            .min(rest.len());
        let (head, tail) = rest.split_at_mut(n);
        head.fill(byte_at(offset));
        offset += n as u64;
        rest = tail;
    }
}

/// Checks a received chunk at its first, middle and last byte.
fn sample_ok(chunk: &[u8], offset: u64) -> bool {
    let len = chunk.len() as u64;
    [0, len / 2, len.saturating_sub(1)]
        .into_iter()
        .all(|i| i >= len || chunk[i as usize] == byte_at(offset + i))
}

/// An `AsyncRead` producing `remaining` bytes of the pattern.
struct Generator {
    offset: u64,
    remaining: u64,
}

impl AsyncRead for Generator {
    fn poll_read(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let n = usize::try_from(this.remaining)
            .unwrap_or(usize::MAX)
            .min(buf.remaining());
        let dst = buf.initialize_unfilled_to(n);
        fill(dst, this.offset);
        buf.advance(n);
        this.offset += n as u64;
        this.remaining -= n as u64;
        Poll::Ready(Ok(()))
    }
}

/// Reads a request head (bounded); returns the request line, the Content-Length and any body
/// bytes read past the head.
async fn read_head(stream: &mut TcpStream) -> io::Result<(String, u64, Vec<u8>)> {
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
            let rest = buf[end + 4..].to_vec();
            let line = head.lines().next().unwrap_or_default().to_owned();
            let length = head
                .lines()
                .filter_map(|l| l.split_once(':'))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.trim().parse().ok())
                .unwrap_or(0);
            return Ok((line, length, rest));
        }
        if buf.len() > 16 * 1024 {
            return Err(io::Error::other("request head too large"));
        }
    }
}

/// Serves exactly `connections` connections with one request each: `PUT /upload` reads and
/// checks the body and answers with the byte count; `GET /download` streams `TOTAL` bytes.
async fn serve(listener: TcpListener, connections: usize) {
    for _ in 0..connections {
        let Ok((mut stream, _)) = listener.accept().await else {
            return;
        };
        let Ok((line, length, early)) = read_head(&mut stream).await else {
            return;
        };
        if line.starts_with("PUT /upload") {
            let mut received = 0u64;
            let mut intact = sample_ok(&early, 0);
            received += early.len() as u64;
            let mut buf = vec![0u8; 64 * 1024];
            while received < length {
                let Ok(n) = stream.read(&mut buf).await else {
                    break;
                };
                if n == 0 {
                    break;
                }
                intact &= sample_ok(&buf[..n], received);
                received += n as u64;
            }
            let body = format!("{received} {intact}");
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(body.as_bytes()).await;
        } else {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-length: {TOTAL}\r\ncontent-type: \
                 application/octet-stream\r\nconnection: close\r\n\r\n"
            );
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let mut buf = vec![0u8; 256 * 1024];
            let mut sent = 0u64;
            while sent < TOTAL {
                let n = usize::try_from(TOTAL - sent)
                    .unwrap_or(usize::MAX)
                    .min(buf.len());
                fill(&mut buf[..n], sent);
                if stream.write_all(&buf[..n]).await.is_err() {
                    return;
                }
                sent += n as u64;
            }
        }
        let _ = stream.shutdown().await;
    }
}

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

async fn transfer() -> String {
    let before = vm_hwm_kib();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let server = tokio::spawn(serve(listener, 2));
    let http = HyperClient::new();

    // Upload: a one-shot reader of known length, streamed as hyper asks for chunks.
    let started = Instant::now();
    let body = ByteStream::from_reader(
        Generator {
            offset: 0,
            remaining: TOTAL,
        },
        TOTAL,
    );
    let mut request = http::Request::new(body.into_inner());
    *request.method_mut() = http::Method::PUT;
    *request.uri_mut() = format!("http://{addr}/upload").parse().expect("uri");
    request
        .headers_mut()
        .insert(http::header::CONTENT_LENGTH, TOTAL.into());
    let settings = TransportSettings::new(None, 1024);
    let response = http.send(request, &settings).await.expect("upload");
    let answer = response.into_body().bytes().map(<[u8]>::to_vec);
    assert_eq!(
        answer.as_deref(),
        Some(format!("{TOTAL} true").as_bytes()),
        "the server must receive every byte intact"
    );
    let upload = started.elapsed();

    // Download: the response body handed over unread, read chunk by chunk.
    let started = Instant::now();
    let mut request = http::Request::new(SdkBody::empty());
    *request.uri_mut() = format!("http://{addr}/download").parse().expect("uri");
    let settings = TransportSettings::new(None, 1024).with_streaming_response(true);
    let response = http.send(request, &settings).await.expect("download");
    let mut stream = ByteStream::new(response.into_body());
    assert_eq!(stream.content_length(), Some(TOTAL));
    let mut received = 0u64;
    let mut chunks = 0u64;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.expect("download chunk");
        assert!(sample_ok(&chunk, received), "corrupt chunk at {received}");
        received += chunk.len() as u64;
        chunks += 1;
    }
    assert_eq!(received, TOTAL);
    let download = started.elapsed();
    server.await.expect("server");

    format!(
        "HWM_BEFORE_KIB={} HWM_AFTER_KIB={} UPLOAD_MS={} DOWNLOAD_MS={} DOWNLOAD_CHUNKS={chunks}",
        before.unwrap_or(0),
        vm_hwm_kib().unwrap_or(0),
        upload.as_millis(),
        download.as_millis()
    )
}

/// The transfer itself; does nothing unless started by the test below as its child.
#[test]
fn child_transfer() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let report = runtime.block_on(transfer());
    println!("{report}");
}

#[test]
fn one_gib_each_way_with_bounded_memory() {
    if !std::path::Path::new("/proc/self/status").exists() {
        eprintln!("skipped: no /proc/self/status to read the memory high-water mark from");
        return;
    }
    let exe = std::env::current_exe().expect("test binary");
    let output = Command::new(exe)
        .args([
            "child_transfer",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, "1")
        .output()
        .expect("run the child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "child failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // libtest may print the test name on the same line before the report.
    let report = stdout
        .lines()
        .find_map(|l| l.find("HWM_BEFORE_KIB=").map(|i| &l[i..]))
        .expect("child report");
    eprintln!("streaming transfer: {report}");
    let field = |name: &str| -> u64 {
        report
            .split_whitespace()
            .find_map(|kv| kv.strip_prefix(name))
            .and_then(|v| v.parse().ok())
            .unwrap_or(u64::MAX)
    };
    let hwm = field("HWM_AFTER_KIB=");
    assert!(
        hwm < MAX_HWM_KIB,
        "memory high-water mark {hwm} KiB for 1 GiB each way (limit {MAX_HWM_KIB} KiB)"
    );
}

/// Accepts one connection, returns its request head and the body bytes it received (small
/// requests only), answering `200` with an empty body.
async fn capture_one(listener: TcpListener) -> (String, Vec<u8>) {
    let (mut stream, _) = listener.accept().await.expect("accept");
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).await.expect("read");
        assert!(n > 0, "connection closed before the head ended");
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let chunked = head.contains("transfer-encoding: chunked");
    // Read until the body is complete: by length, or up to the chunked terminator.
    loop {
        let body = &buf[head_end..];
        let done = if chunked {
            body.ends_with(b"0\r\n\r\n")
        } else {
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length: "))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            body.len() >= length
        };
        if done {
            break;
        }
        let n = stream.read(&mut chunk).await.expect("read");
        assert!(n > 0, "connection closed before the body ended");
        buf.extend_from_slice(&chunk[..n]);
    }
    let _ = stream
        .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
        .await;
    (head, buf[head_end..].to_vec())
}

async fn send_body(body: SdkBody) -> (String, Vec<u8>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let server = tokio::spawn(capture_one(listener));
    let mut request = http::Request::new(body);
    *request.method_mut() = http::Method::PUT;
    *request.uri_mut() = format!("http://{addr}/x").parse().expect("uri");
    let settings = TransportSettings::new(None, 1024);
    let response = HyperClient::new()
        .send(request, &settings)
        .await
        .expect("send");
    assert_eq!(response.status(), 200);
    server.await.expect("server")
}

/// A known length goes out as `Content-Length` even when the caller did not set the header
/// (hyper takes it from the body's exact size hint); an unknown one as chunked encoding.
#[tokio::test]
async fn streamed_request_bodies_carry_their_length() {
    let known = ByteStream::from_reader(std::io::Cursor::new(vec![b'a'; 100_000]), 100_000);
    let (head, body) = send_body(known.into_inner()).await;
    assert!(head.contains("content-length: 100000"), "{head}");
    assert!(!head.contains("transfer-encoding"), "{head}");
    assert_eq!(body.len(), 100_000);

    let reader = ByteStream::from_reader(std::io::Cursor::new(b"hello".to_vec()), 5);
    let unknown = SdkBody::from_stream(Box::pin(reader.into_inner()), None);
    let (head, body) = send_body(unknown).await;
    assert!(head.contains("transfer-encoding: chunked"), "{head}");
    assert!(body.ends_with(b"0\r\n\r\n"));

    let (head, body) = send_body(SdkBody::from("in memory")).await;
    assert!(head.contains("content-length: 9"), "{head}");
    assert_eq!(body, b"in memory");
}

#[test]
fn streaming_types_are_thread_safe() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<ByteStream>();
    assert_send_sync::<SdkBody>();
    assert_send_sync::<smithy_client_runtime::transport::HttpRequest>();
    assert_send_sync::<smithy_client_runtime::transport::HttpResponse>();
    assert_send_sync::<smithy_client_runtime::byte_stream::ByteStreamError>();
}
