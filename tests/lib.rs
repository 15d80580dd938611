//! Support for the tests in `tests/tests/`: a real HTTP/1.1 server on 127.0.0.1 that records
//! what it receives and answers with canned responses, and an independent SigV4 verifier (written
//! from the AWS specification, not with the `aws-sigv4` crate the client signs with, so a
//! signing bug cannot verify itself).

pub mod generated_crate;
pub mod leak_check;
pub mod sigv4_check;

/// The README's Rust snippets not marked `ignore` (the bookstore example of a service outside
/// AWS) compile as doc tests of this crate, so the README cannot drift from the generated API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

// The user guide's snippets, compiled (and, where they need no network, run) as doc tests of
// this crate, whose dev-dependencies include the generated Partner Central client.
#[cfg(doctest)]
#[doc = include_str!("../docs/USER-GUIDE.md")]
mod user_guide {}

use bytes::Bytes;
use hmac::{Hmac, KeyInit, Mac};
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use sha2::{Digest, Sha256};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The workspace root without `..` (for relative paths computed from it).
pub fn canonical_root() -> PathBuf {
    let root = workspace_root();
    std::fs::canonicalize(&root).unwrap_or(root)
}

/// The official AWS models: `shared/models/aws` beside the workspace (as on the developers'
/// machines and in CI), or `$SMITHY_AWS_MODELS` when set. They are test data, never copied here.
pub fn aws_models_dir() -> PathBuf {
    std::env::var_os("SMITHY_AWS_MODELS")
        .map(PathBuf::from)
        .unwrap_or_else(|| canonical_root().join("../shared/models/aws"))
}

/// A request as the server saw it.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    /// HTTP method.
    pub method: String,
    /// Path and query.
    pub uri: String,
    /// Headers in arrival order, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The value of a header (name compared ignoring case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the server answers.
#[derive(Clone, Debug)]
pub struct CannedResponse {
    /// Status code.
    pub status: u16,
    /// Headers to send.
    pub headers: Vec<(String, String)>,
    /// Body text.
    pub body: String,
}

impl CannedResponse {
    /// A response with a JSON body and the awsJson 1.0 content type.
    pub fn json(status: u16, body: &str) -> Self {
        CannedResponse {
            status,
            headers: vec![("content-type".into(), "application/x-amz-json-1.0".into())],
            body: body.to_string(),
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

/// An HTTP server on 127.0.0.1 that answers requests with the given responses in order (the last
/// one repeats). It stops when dropped.
pub struct TestServer {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<RecordedRequest>>>,
    task: tokio::task::JoinHandle<()>,
}

impl TestServer {
    /// Starts the server on an ephemeral port.
    pub async fn start(responses: Vec<CannedResponse>) -> TestServer {
        Self::spawn(responses, true).await
    }

    /// Starts a server that accepts connections and records each request, then never answers
    /// (until dropped): for timeout tests.
    pub async fn start_silent() -> TestServer {
        Self::spawn(Vec::new(), false).await
    }

    async fn spawn(responses: Vec<CannedResponse>, answer: bool) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let responses = Arc::new(responses);
        let recorded = requests.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let recorded = recorded.clone();
                let responses = responses.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                        let recorded = recorded.clone();
                        let responses = responses.clone();
                        async move {
                            let (parts, body) = req.into_parts();
                            let body = body
                                .collect()
                                .await
                                .map(|b| b.to_bytes())
                                .unwrap_or_default();
                            let index = {
                                let mut list = recorded.lock().expect("lock");
                                list.push(RecordedRequest {
                                    method: parts.method.to_string(),
                                    uri: parts.uri.to_string(),
                                    headers: parts
                                        .headers
                                        .iter()
                                        .map(|(n, v)| {
                                            (
                                                n.as_str().to_string(),
                                                String::from_utf8_lossy(v.as_bytes()).into_owned(),
                                            )
                                        })
                                        .collect(),
                                    body: body.to_vec(),
                                });
                                list.len() - 1
                            };
                            if !answer {
                                // Hold the connection open without a response; the task is
                                // dropped with the test's runtime.
                                std::future::pending::<()>().await;
                            }
                            let canned = responses
                                .get(index)
                                .or_else(|| responses.last())
                                .cloned()
                                .unwrap_or_else(|| CannedResponse::json(500, "{}"));
                            let mut resp = hyper::Response::builder().status(canned.status);
                            for (n, v) in &canned.headers {
                                resp = resp.header(n, v);
                            }
                            Ok::<_, std::convert::Infallible>(
                                resp.body(Full::new(Bytes::from(canned.body)))
                                    .expect("valid canned response"),
                            )
                        }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        TestServer {
            addr,
            requests,
            task,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Requests received so far.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.requests.lock().expect("lock").clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A bound for every await in tests, so a hang fails instead of blocking CI.
pub const TEST_TIMEOUT: Duration = Duration::from_secs(20);

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length works");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Recomputes the SigV4 signature of `req` from its headers and body and compares it with the
/// one in its `Authorization` header. Returns the credential scope on success.
pub fn verify_sigv4(
    req: &RecordedRequest,
    access_key: &str,
    secret: &str,
    region: &str,
    service: &str,
) -> Result<String, String> {
    let auth = req
        .header("authorization")
        .ok_or("no Authorization header")?;
    let rest = auth
        .strip_prefix("AWS4-HMAC-SHA256 ")
        .ok_or("Authorization is not AWS4-HMAC-SHA256")?;
    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(',').map(str::trim) {
        if let Some(v) = part.strip_prefix("Credential=") {
            credential = Some(v);
        } else if let Some(v) = part.strip_prefix("SignedHeaders=") {
            signed_headers = Some(v);
        } else if let Some(v) = part.strip_prefix("Signature=") {
            signature = Some(v);
        }
    }
    let (credential, signed_headers, signature) = match (credential, signed_headers, signature) {
        (Some(c), Some(s), Some(g)) => (c, s, g),
        _ => return Err(format!("malformed Authorization: {auth}")),
    };
    let amz_date = req.header("x-amz-date").ok_or("no X-Amz-Date")?;
    let date = amz_date.get(..8).ok_or("bad X-Amz-Date")?;
    let scope = format!("{date}/{region}/{service}/aws4_request");
    if credential != format!("{access_key}/{scope}") {
        return Err(format!(
            "credential {credential} does not match {access_key}/{scope}"
        ));
    }
    let mut canonical_headers = String::new();
    for name in signed_headers.split(';') {
        let values: Vec<&str> = req
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect();
        if values.is_empty() {
            return Err(format!("signed header {name} was not sent"));
        }
        let value = values
            .iter()
            .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join(",");
        canonical_headers.push_str(&format!("{name}:{value}\n"));
    }
    let (path, query) = req.uri.split_once('?').unwrap_or((&req.uri, ""));
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        path,
        query,
        canonical_headers,
        signed_headers,
        hex(&Sha256::digest(&req.body))
    );
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );
    let mut key = hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    for part in [region, service, "aws4_request"] {
        key = hmac(&key, part.as_bytes());
    }
    let expected = hex(&hmac(&key, string_to_sign.as_bytes()));
    if expected == signature {
        Ok(scope)
    } else {
        Err(format!(
            "signature mismatch: expected {expected}, got {signature}\ncanonical request:\n{canonical_request}"
        ))
    }
}

/// A TCP server on 127.0.0.1 that hands each accepted connection to `handler` as a raw socket,
/// for misbehaviour a well-formed HTTP server cannot produce (bodies cut short, bytes trickled,
/// invalid UTF-8, endless streams). It stops accepting when dropped; handlers already running
/// end with the test's runtime.
pub struct RawServer {
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    /// Starts the server on an ephemeral port.
    pub async fn start<F, Fut>(handler: F) -> RawServer
    where
        F: Fn(tokio::net::TcpStream) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let handler = Arc::new(handler);
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                tokio::spawn(handler(stream));
            }
        });
        RawServer { addr, task }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads one HTTP/1.1 request (head, then a `Content-Length` body) from `stream`, so a raw
/// handler answers only after the client has finished sending. The client under test always
/// sends a `Content-Length`; a request head larger than 1 MiB is refused.
pub async fn read_raw_request(stream: &mut tokio::net::TcpStream) -> std::io::Result<Vec<u8>> {
    use tokio::io::AsyncReadExt as _;
    const MAX_HEAD: usize = 1 << 20;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
        if buf.len() > MAX_HEAD {
            return Err(std::io::Error::other("request head too large"));
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(buf)
}
