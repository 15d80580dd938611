//! `client::invoke_streaming` on in-memory transports: which streamed uploads are retried, the
//! length and aws-chunked headers they carry, how they are signed, and a streamed download
//! whose checksum is checked at its end.

mod common;

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use common::*;
use smithy_client_runtime::ByteStream;
use smithy_client_runtime::checksum::{ChecksumAlgorithm, HttpChecksum, RequestChecksum};
use smithy_client_runtime::client::{
    ClientHandle, RequestExtras, StreamingPayload, invoke_streaming,
};
use smithy_client_runtime::config::{CallOptions, Config, RetryConfig};
use smithy_client_runtime::error::{ConstructionError, SdkError};
use smithy_client_runtime::protocol::{Method, SerializeRequest, SerializedRequest};
use smithy_client_runtime::transport::BoxError;
use smithy_client_runtime::transport::test_util::{
    StaticReplayClient, response, streaming_response,
};

static PUT: HttpChecksum =
    HttpChecksum::new().request_algorithm_member(Some("x-amz-sdk-checksum-algorithm"));
static GET: HttpChecksum = HttpChecksum::new()
    .request_validation_mode_member(Some("x-amz-checksum-mode"))
    .response_algorithms(&[ChecksumAlgorithm::Crc32]);

fn handle(http: &StaticReplayClient, attempts: u32) -> ClientHandle {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(test_credentials())
        .endpoint_url("https://example.com")
        .retry(
            RetryConfig::standard()
                .with_max_attempts(attempts)
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(1)),
        )
        .http_client(http.clone())
        .build();
    ClientHandle::new(&SERVICE, config)
}

/// A one-shot stream of `parts`, with or without its length.
fn one_shot(parts: &'static [&'static str], known_length: bool) -> ByteStream {
    struct Parts(std::slice::Iter<'static, &'static str>);
    impl futures_core::Stream for Parts {
        type Item = Result<Bytes, BoxError>;
        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            Poll::Ready(self.0.next().map(|p| Ok(Bytes::from_static(p.as_bytes()))))
        }
    }
    let length = parts.iter().map(|p| p.len() as u64).sum();
    let length = known_length.then_some(length);
    ByteStream::from_stream(Parts(parts.iter()), length)
}

/// A REST-style input whose payload is the stream (laid out by the runtime).
struct PutInput;

impl SerializeRequest for PutInput {
    fn serialize_request(&self) -> Result<SerializedRequest, ConstructionError> {
        Ok(SerializedRequest::new(Method::PUT, "/things/1"))
    }
}

async fn put(
    handle: &ClientHandle,
    body: ByteStream,
    extras: RequestExtras,
) -> Result<((), ByteStream), SdkError<GetThingError>> {
    let input = PutInput;
    let payload = StreamingPayload::new(body, "application/octet-stream");
    invoke_streaming(
        handle,
        &GET_THING,
        &input,
        Some(payload),
        false,
        &CallOptions::default(),
        &extras,
    )
    .await
}

#[tokio::test]
async fn a_one_shot_stream_is_sent_once_and_not_retried() {
    let http = StaticReplayClient::new([response(500, "{}"), response(200, "{}")]);
    let e = put(
        &handle(&http, 3),
        one_shot(&["ab", "cd"], true),
        RequestExtras::new(),
    )
    .await
    .unwrap_err();
    assert!(matches!(e, SdkError::Service(_)), "{e:?}");
    assert_eq!(http.request_count(), 1);
    let req = http.last_request().unwrap();
    assert_eq!(req.body().as_ref(), b"abcd");
    assert_eq!(req.headers()["content-length"], "4");
    assert_eq!(req.headers()["content-type"], "application/octet-stream");
    // Signed without reading the stream twice.
    let auth = req.headers()["authorization"].to_str().unwrap();
    assert!(auth.starts_with("AWS4-HMAC-SHA256 "), "{auth}");
}

#[tokio::test]
async fn bytes_in_memory_are_retried() {
    let http = StaticReplayClient::new([response(500, "{}"), response(200, "{}")]);
    put(
        &handle(&http, 3),
        ByteStream::from("abcd"),
        RequestExtras::new(),
    )
    .await
    .unwrap();
    assert_eq!(http.request_count(), 2);
    assert!(http.requests().iter().all(|r| r.body().as_ref() == b"abcd"));
}

#[tokio::test]
async fn an_unknown_length_sends_no_content_length() {
    let http = StaticReplayClient::new([response(200, "{}")]);
    put(
        &handle(&http, 1),
        one_shot(&["x", "y"], false),
        RequestExtras::new(),
    )
    .await
    .unwrap();
    let req = http.last_request().unwrap();
    assert!(req.headers().get("content-length").is_none());
    assert_eq!(req.body().as_ref(), b"xy");
}

#[tokio::test]
async fn a_streamed_checksum_goes_in_an_aws_chunked_trailer() {
    let http = StaticReplayClient::new([response(200, "{}")]);
    let extras = RequestExtras::new().checksum(RequestChecksum::new(&PUT));
    put(
        &handle(&http, 1),
        one_shot(&["hello ", "world"], true),
        extras,
    )
    .await
    .unwrap();
    let req = http.last_request().unwrap();
    let h = |n: &str| req.headers()[n].to_str().unwrap().to_owned();
    assert_eq!(h("content-encoding"), "aws-chunked");
    assert_eq!(h("x-amz-decoded-content-length"), "11");
    assert_eq!(h("x-amz-trailer"), "x-amz-checksum-crc32");
    assert_eq!(
        h("x-amz-content-sha256"),
        "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
    );
    assert_eq!(h("content-length"), req.body().len().to_string());
    assert!(req.headers().get("x-amz-checksum-crc32").is_none());
    let crc = ChecksumAlgorithm::Crc32.checksum_base64(b"hello world");
    let body = String::from_utf8(req.body().to_vec()).unwrap();
    assert!(body.starts_with("b\r\nhello world\r\n0\r\n"), "{body:?}");
    assert!(
        body.ends_with(&format!("x-amz-checksum-crc32:{crc}\r\n\r\n")),
        "{body:?}"
    );
    assert!(
        h("authorization").contains("x-amz-trailer"),
        "the trailer header is signed"
    );
}

#[tokio::test]
async fn a_streamed_download_is_checked_at_its_end() {
    let good = ChecksumAlgorithm::Crc32.checksum_base64(b"payload");
    let http = StaticReplayClient::new([
        streaming_response(
            200,
            &[("x-amz-checksum-crc32", &good)],
            [Bytes::from("pay"), Bytes::from("load")],
        ),
        streaming_response(
            200,
            &[("x-amz-checksum-crc32", "AAAAAA==")],
            [Bytes::from("pay"), Bytes::from("load")],
        ),
    ]);
    let handle = handle(&http, 1);
    let get = || async {
        let input = EmptyInput(&SERVICE, "AWSPartnerCentralSelling.GetThing");
        let extras = RequestExtras::new().checksum(RequestChecksum::new(&GET));
        invoke_streaming::<_, (), GetThingError>(
            &handle,
            &GET_THING,
            &input,
            None,
            true,
            &CallOptions::default(),
            &extras,
        )
        .await
        .unwrap()
        .1
    };
    let body = get().await.collect().await.unwrap().into_bytes();
    assert_eq!(body.as_ref(), b"payload");
    let e = get().await.collect().await.unwrap_err();
    assert_eq!(e.checksum_mismatch().unwrap().expected(), "AAAAAA==");
}
