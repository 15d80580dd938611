//! Arbitrary bytes as an event-stream response body, read through `EventReceiver` with an
//! unmarshaller shaped like the generated ones (JSON payloads, `@eventHeader`-style headers,
//! exception events). The first byte picks the body chunk size. Properties: no panic; the
//! receiver ends (at most one error, then `None`); an error is final.
//!
//! The same bytes then go through a GENERATED unmarshaller: bedrock-runtime's ConverseStream
//! client (`fuzz/events-client`, written by `cargo xtask fuzz-setup`) receives them as its
//! response stream, with the same properties.
#![no_main]

use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use futures_core::Stream;
use libfuzzer_sys::fuzz_target;
use smithy_client_runtime::event_stream::{
    EventReceiver, EventStreamError, FrameDecoder, HeaderValue, Message, MessageKind,
    MessageReceiver,
};
use smithy_client_runtime::json::de;
use smithy_client_runtime::transport::{BoxByteStream, BoxError, SdkBody};

#[derive(Debug)]
enum Event {
    Delta {
        index: i32,
        text: String,
        seq: Option<i64>,
    },
    Blob(Bytes),
    Unknown,
}

#[derive(Debug)]
struct Modeled(Option<String>);

fn unmarshal(message: Message) -> Result<Event, EventStreamError<Modeled>> {
    let info = message.info()?;
    match info.kind {
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
            let seq = match message.header("seq") {
                Some(HeaderValue::Int64(n)) => Some(*n),
                _ => None,
            };
            Ok(Event::Delta { index, text, seq })
        }
        MessageKind::Event {
            event_type: "chunk",
        } => Ok(Event::Blob(message.payload().clone())),
        MessageKind::Event { .. } => Ok(Event::Unknown),
        MessageKind::Exception {
            exception_type: "throttlingException",
        } => {
            let v = de::parse(message.payload())?;
            let mut text = None;
            for (k, v) in de::object(&v)? {
                if k == "message" {
                    text = Some(de::string(v)?);
                }
            }
            Err(EventStreamError::Modeled(Modeled(text)))
        }
        _ => Err(EventStreamError::unmodeled(&message)),
    }
}

struct Chunks(std::vec::IntoIter<Result<Bytes, BoxError>>);
impl Stream for Chunks {
    type Item = Result<Bytes, BoxError>;
    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.get_mut().0.next())
    }
}

/// `rest` in `chunk`-sized pieces as the response stream of the generated ConverseStream client.
fn generated_converse_stream(rest: &[u8], chunk: usize) {
    use smithy_client_runtime::transport::test_util::{StaticReplayClient, streaming_response};
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
    else {
        return;
    };
    let chunks: Vec<Bytes> = rest.chunks(chunk).map(Bytes::copy_from_slice).collect();
    let http = StaticReplayClient::new([streaming_response(
        200,
        &[("content-type", "application/vnd.amazon.eventstream")],
        chunks,
    )]);
    let client = bedrock_events_fuzz::Client::new(smithy_client_runtime::protocol_test::config(
        "example.com",
        http,
    ));
    runtime.block_on(async {
        let Ok((_, mut events)) = client.converse_stream().model_id("m").send().await else {
            panic!("the replayed 200 response opens the stream");
        };
        let mut errors = 0;
        for _ in 0..=rest.len() + 1 {
            match events.recv().await {
                Ok(Some(_)) => {}
                Ok(None) => return,
                Err(_) => {
                    errors += 1;
                    assert_eq!(errors, 1, "an error ends the stream");
                }
            }
        }
        panic!("the generated receiver did not end");
    });
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let chunk = usize::from(first).max(1);
    generated_converse_stream(rest, chunk);
    let chunks: Vec<Result<Bytes, BoxError>> = rest
        .chunks(chunk)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    let body: BoxByteStream = Box::pin(Chunks(chunks.into_iter()));
    let messages = MessageReceiver::with_decoder(
        SdkBody::from_stream(body, None),
        FrameDecoder::with_max_frame_len(64 * 1024),
    );
    let mut rx = EventReceiver::new(messages, unmarshal);
    let mut cx = Context::from_waker(Waker::noop());
    let mut errors = 0;
    // Every poll consumes input or ends the stream, so this terminates; the bound is a guard.
    for _ in 0..=rest.len() + 1 {
        match rx.poll_event(&mut cx) {
            Poll::Ready(Ok(Some(_))) => {}
            Poll::Ready(Ok(None)) => return,
            Poll::Ready(Err(_)) => {
                errors += 1;
                assert_eq!(errors, 1, "an error ends the stream");
            }
            Poll::Pending => panic!("an in-memory body never waits"),
        }
    }
    panic!("the receiver did not end");
});
