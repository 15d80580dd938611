//! `invoke_input_stream` / `invoke_event_stream` with an input stream, checked on the request a
//! recording transport receives: the event-stream headers, no `Content-Length`, the SigV4
//! payload hash, awsJson's `initial-request` event first, each frame signed in a chain seeded by
//! the request's signature (checked here with the runtime's own decoder and an HMAC computed in
//! the test), unsigned frames for an unsigned operation, and no retry.

mod common;

use bytes::Bytes;
use common::*;
use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::{Digest as _, Sha256};
use smithy_client_runtime::client::{
    ClientHandle, InputEventStream, RequestExtras, invoke_event_stream, invoke_input_stream,
};
use smithy_client_runtime::config::{CallOptions, Config, RetryConfig};
use smithy_client_runtime::event_stream::{
    EventStreamSender, FrameDecoder, HeaderValue, Message, decode_frame,
};
use smithy_client_runtime::transport::test_util::{StaticReplayClient, response};

fn text_event(text: &&'static str) -> Result<Message, smithy_client_runtime::transport::BoxError> {
    Ok(smithy_client_runtime::event_stream::event_message(
        "Text",
        Some("text/plain"),
        Bytes::from_static(text.as_bytes()),
    ))
}

fn messages(texts: Vec<&'static str>) -> InputEventStream {
    InputEventStream::new(EventStreamSender::from_iter(texts).into_messages(text_event))
}

fn frames(body: &[u8]) -> Vec<Message> {
    let mut decoder = FrameDecoder::new();
    decoder.push(body);
    let mut out = Vec::new();
    while let Some(m) = decoder.next_message().expect("valid frames") {
        out.push(m);
    }
    decoder.finish().expect("no partial frame");
    out
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks the chain from `seed`; returns the inner messages (the end frame excluded).
fn check_chain(signed: &[Message], secret: &str, seed: &str) -> Vec<Message> {
    let mut previous = seed.to_owned();
    let mut inner = Vec::new();
    for (i, frame) in signed.iter().enumerate() {
        let Some(HeaderValue::Timestamp(date)) = frame.header(":date") else {
            panic!("frame {i} has no :date");
        };
        let stamp = date
            .fmt(smithy_client_runtime::primitives::TimestampFormat::DateTime)
            .replace(['-', ':'], "");
        let day = &stamp[..8];
        let key = hmac(format!("AWS4{secret}").as_bytes(), day.as_bytes());
        let key = hmac(
            &hmac(&hmac(&key, b"us-east-1"), b"partnercentral-selling"),
            b"aws4_request",
        );
        let mut date_header = vec![5u8];
        date_header.extend_from_slice(b":date");
        date_header.push(8);
        date_header.extend_from_slice(&(date.secs() * 1000).to_be_bytes());
        let sts = format!(
            "AWS4-HMAC-SHA256-PAYLOAD\n{stamp}\n{day}/us-east-1/partnercentral-selling/aws4_request\n{previous}\n{}\n{}",
            hex(&Sha256::digest(&date_header)),
            hex(&Sha256::digest(frame.payload()))
        );
        let expected = hmac(&key, sts.as_bytes());
        assert_eq!(
            frame.header(":chunk-signature"),
            Some(&HeaderValue::ByteArray(Bytes::from(expected.clone()))),
            "frame {i}"
        );
        previous = hex(&expected);
        let last = i + 1 == signed.len();
        assert_eq!(
            frame.payload().is_empty(),
            last,
            "only the last frame is empty"
        );
        if !last {
            inner.push(decode_frame(frame.payload()).expect("inner frame"));
        }
    }
    inner
}

fn config(http: &StaticReplayClient) -> Config {
    Config::builder()
        .region("us-east-1")
        .credentials(test_credentials())
        .endpoint_url("https://example.com")
        .retry(
            RetryConfig::standard()
                .with_initial_backoff(std::time::Duration::from_millis(1))
                .with_max_backoff(std::time::Duration::from_millis(5)),
        )
        .http_client(http.clone())
        .build()
}

#[tokio::test]
async fn signed_input_stream_with_initial_request() {
    let http = StaticReplayClient::new([response(200, r#"{"Status":"done"}"#)]);
    let handle = ClientHandle::new(&SERVICE, config(&http));
    let input = GetThingInput {
        catalog: Some("AWS".into()),
        client_token: None,
    };
    let out: GetThingOutput = invoke_input_stream::<_, _, GetThingError>(
        &handle,
        &GET_THING,
        &input,
        &CallOptions::default(),
        &RequestExtras::new(),
        messages(vec!["a", "b"]).with_initial_request(),
    )
    .await
    .expect("the call succeeds");
    assert_eq!(out.status.as_deref(), Some("done"));

    let request = http.last_request().expect("sent");
    let headers = request.headers();
    assert_eq!(
        headers["content-type"],
        "application/vnd.amazon.eventstream"
    );
    assert_eq!(
        headers["x-amz-content-sha256"],
        "STREAMING-AWS4-HMAC-SHA256-EVENTS"
    );
    assert!(headers.get("content-length").is_none());
    let auth = headers["authorization"].to_str().unwrap();
    assert!(auth.contains("x-amz-content-sha256"), "{auth}");
    let seed = auth.rsplit("Signature=").next().unwrap();
    let inner = check_chain(
        &frames(request.body()),
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        seed,
    );
    assert_eq!(inner.len(), 3);
    assert_eq!(
        inner[0].header(":event-type"),
        Some(&HeaderValue::String("initial-request".into()))
    );
    assert_eq!(
        inner[0].header(":content-type"),
        Some(&HeaderValue::String("application/x-amz-json-1.0".into()))
    );
    assert_eq!(inner[0].payload().as_ref(), br#"{"Catalog":"AWS"}"#);
    assert_eq!(inner[1].payload().as_ref(), b"a");
    assert_eq!(inner[2].payload().as_ref(), b"b");
    assert_eq!(
        inner[2].header(":event-type"),
        Some(&HeaderValue::String("Text".into()))
    );
}

#[tokio::test]
async fn unsigned_operation_sends_plain_frames() {
    let http = StaticReplayClient::new([response(200, "")]);
    let handle = ClientHandle::new(&SERVICE, config(&http));
    let (_out, _body): (GetThingOutput, _) = invoke_event_stream::<_, _, GetThingError>(
        &handle,
        &UNSIGNED_OP,
        &GetThingInput::default(),
        &CallOptions::default(),
        &RequestExtras::new(),
        Some(messages(vec!["x"])),
    )
    .await
    .expect("the call succeeds");
    let request = http.last_request().expect("sent");
    assert!(request.headers().get("authorization").is_none());
    let sent = frames(request.body());
    assert_eq!(sent.len(), 1, "one event, no end frame without signing");
    assert!(sent[0].header(":chunk-signature").is_none());
    assert_eq!(sent[0].payload().as_ref(), b"x");
}

#[tokio::test]
async fn an_input_stream_is_never_retried() {
    let http = StaticReplayClient::new([response(500, "{}"), response(200, "{}")]);
    let handle = ClientHandle::new(&SERVICE, config(&http));
    let result = invoke_input_stream::<_, GetThingOutput, GetThingError>(
        &handle,
        &GET_THING,
        &GetThingInput::default(),
        &CallOptions::default(),
        &RequestExtras::new(),
        messages(vec!["a"]),
    )
    .await;
    assert!(result.is_err());
    assert_eq!(http.request_count(), 1, "a 500 is not retried");
}

#[tokio::test]
async fn an_error_item_aborts_the_body() {
    let http = StaticReplayClient::new([response(200, "{}")]);
    let handle = ClientHandle::new(&SERVICE, config(&http));
    let events: Vec<Result<&'static str, std::io::Error>> =
        vec![Ok("a"), Err(std::io::Error::other("microphone unplugged"))];
    let sender = EventStreamSender::from(Iter(events.into_iter()));
    let result = invoke_input_stream::<_, GetThingOutput, GetThingError>(
        &handle,
        &GET_THING,
        &GetThingInput::default(),
        &CallOptions::default(),
        &RequestExtras::new(),
        InputEventStream::new(sender.into_messages(text_event)),
    )
    .await;
    let err = result.expect_err("the body failed");
    let text = format!("{err:?}");
    assert!(text.contains("microphone unplugged"), "{text}");
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
