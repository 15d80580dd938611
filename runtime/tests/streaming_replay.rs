//! Streaming bodies through the in-memory transports: what tests of `@streaming` operations
//! build on.

use bytes::Bytes;
use smithy_client_runtime::ByteStream;
use smithy_client_runtime::transport::test_util::{StaticReplayClient, streaming_response};
use smithy_client_runtime::transport::{HttpClient, SdkBody, TransportSettings, buffer_response};

fn chunks() -> Vec<Bytes> {
    ["one ", "two ", "three"]
        .map(|s| Bytes::from_static(s.as_bytes()))
        .to_vec()
}

#[tokio::test]
async fn a_replayed_streaming_response_is_read_chunk_by_chunk() {
    let http = StaticReplayClient::new([streaming_response(200, &[("x-a", "1")], chunks())]);
    let settings = TransportSettings::new(None, 4).with_streaming_response(true);
    let upload = ByteStream::from_reader(std::io::Cursor::new(b"up".to_vec()), 2);
    let response = http
        .send(http::Request::new(upload.into_inner()), &settings)
        .await
        .unwrap();
    assert_eq!(response.headers()["x-a"], "1");
    let mut body = ByteStream::new(response.into_body());
    assert_eq!(body.content_length(), Some(13));
    let mut got = Vec::new();
    while let Some(chunk) = body.next().await {
        got.push(chunk.unwrap());
    }
    assert_eq!(got, chunks());
    // The streamed request body was read and recorded.
    assert_eq!(http.last_request().unwrap().body().as_ref(), b"up");
}

#[tokio::test]
async fn buffering_a_streamed_response_honours_the_limit() {
    let ok = buffer_response(streaming_response(200, &[], chunks()), 13)
        .await
        .unwrap();
    assert_eq!(ok.body().as_ref(), b"one two three");
    let err = buffer_response(streaming_response(200, &[], chunks()), 12)
        .await
        .unwrap_err();
    assert!(err.is_body_too_large(), "{err}");
    let small = http::Response::new(SdkBody::from("abc"));
    assert_eq!(
        buffer_response(small, 3).await.unwrap().body().as_ref(),
        b"abc"
    );
}
