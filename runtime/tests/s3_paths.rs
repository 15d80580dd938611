//! S3-style requests end to end through the client core: a greedy key label with `..`, `//`
//! and `+` reaches the transport unchanged (no dot-segment removal anywhere), is signed with
//! the payload hash in `x-amz-content-sha256`, and presigns to the URL botocore computes.

use std::time::Duration;

use smithy_client_runtime::auth::PresigningConfig;
use smithy_client_runtime::client::{ClientHandle, RequestExtras, invoke, presign};
use smithy_client_runtime::config::{CallOptions, Config, RetryConfig};
use smithy_client_runtime::credentials::Credentials;
use smithy_client_runtime::error::{
    ConstructionError, ErrorMetadata, ParseServiceError, RawResponse, SdkError, Unhandled,
};
use smithy_client_runtime::protocol::http::push_label;
use smithy_client_runtime::protocol::{Method, SerializeRequest, SerializedRequest};
use smithy_client_runtime::service::{OperationMeta, Protocol, ServiceMeta};
use smithy_client_runtime::transport::test_util::CaptureClient;

static S3: ServiceMeta = ServiceMeta {
    service_name: "AmazonS3",
    protocol: Protocol::RestJson1,
    signing_name: Some("s3"),
    endpoint_prefix: "s3",
    sdk_id: "S3",
    api_version: "2006-03-01",
    query_compatible: false,
    endpoint_rules: None,
};

static PUT_OBJECT: OperationMeta = OperationMeta {
    name: "PutObject",
    errors: &[],
    auth: smithy_client_runtime::auth::OperationAuth::new(&[
        smithy_client_runtime::auth::AuthScheme::SigV4 { signing_name: "s3" },
    ]),
};

struct PutObject {
    key: &'static str,
}

impl SerializeRequest for PutObject {
    fn serialize_request(&self) -> Result<SerializedRequest, ConstructionError> {
        let mut path = String::from("/bucket/");
        push_label(&mut path, self.key, "Key", true)?;
        let mut req = SerializedRequest::new(Method::PUT, path);
        req.body("hi", "application/octet-stream")?;
        Ok(req)
    }
}

#[derive(Debug)]
struct PutObjectError(#[allow(dead_code)] Unhandled);

impl ParseServiceError for PutObjectError {
    fn parse_service_error(_: &str, _: &RawResponse, meta: ErrorMetadata) -> Self {
        PutObjectError(Unhandled::new(meta, None))
    }
}

const KEY: &str = "a/../b//c+d e";
const PATH: &str = "/bucket/a/../b//c%2Bd%20e";

fn handle(http: &CaptureClient) -> ClientHandle {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "test",
        ))
        .endpoint_url("http://127.0.0.1:9000")
        .retry(RetryConfig::disabled())
        .http_client(http.clone())
        .build();
    ClientHandle::new(&S3, config)
}

#[tokio::test]
async fn dot_segments_survive_and_the_payload_hash_is_sent() {
    let http = CaptureClient::ok("");
    let out: Result<(), SdkError<PutObjectError>> = invoke(
        &handle(&http),
        &PUT_OBJECT,
        &PutObject { key: KEY },
        &CallOptions::default(),
    )
    .await;
    // The empty 200 body is not JSON; only the request matters here.
    drop(out);
    let req = http.last_request().expect("sent");
    assert_eq!(req.uri().path(), PATH);
    assert_eq!(
        req.headers()["x-amz-content-sha256"],
        // SHA-256 of "hi".
        "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"
    );
    let auth = req.headers()["authorization"].to_str().unwrap();
    assert!(
        auth.contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date"),
        "{auth}"
    );
}

#[tokio::test]
async fn the_presigned_url_keeps_the_key_and_matches_botocore() {
    let http = CaptureClient::ok("");
    let start = std::time::UNIX_EPOCH + Duration::from_secs(1_369_353_600); // 2013-05-24
    let config = PresigningConfig::expires_in(Duration::from_secs(3600))
        .unwrap()
        .start_time(start);
    let req = presign::<_, PutObjectError>(
        &handle(&http),
        &PUT_OBJECT,
        &PutObject { key: KEY },
        &RequestExtras::new(),
        &config,
    )
    .await
    .unwrap();
    let url = format!("http://127.0.0.1:9000{PATH}");
    assert!(req.uri().starts_with(&format!("{url}?")), "{}", req.uri());
    assert_eq!(http.request_count(), 0);

    // botocore, when installed, signs the same request to the same signature.
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/support/botocore_presign.py"
    );
    let input = serde_json::json!({
        "method": "PUT", "url": url, "headers": {"content-type": "application/octet-stream"},
        "access_key": "AKIDEXAMPLE", "secret_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "token": null, "service": "s3", "region": "us-east-1", "expires": 3600,
        "timestamp": "20130524T000000Z",
    });
    let Ok(mut child) = std::process::Command::new("python3")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    else {
        eprintln!("skipping the botocore cross-check: no python3");
        return;
    };
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.to_string().as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    if !out.status.success() {
        eprintln!(
            "skipping the botocore cross-check: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    let theirs = String::from_utf8_lossy(&out.stdout);
    let sig = |u: &str| {
        u.split("X-Amz-Signature=")
            .nth(1)
            .map(|s| s.trim().to_owned())
    };
    assert_eq!(
        sig(req.uri()),
        sig(&theirs),
        "ours {}\ntheirs {theirs}",
        req.uri()
    );
    assert_eq!(req.headers()["content-type"], "application/octet-stream");
}
