//! The receiver and sender: hostile frames through the receiver give typed errors, events are
//! read across arbitrary chunk boundaries, and the signature chain matches an independent HMAC
//! computation.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::{Digest as _, Sha256};

use super::*;
use crate::transport::{BoxByteStream, BoxError, SdkBody};

fn event(event_type: &str, payload: &str) -> Message {
    Message::new(Bytes::from(payload.to_owned()))
        .with_header(":message-type", HeaderValue::String("event".into()))
        .with_header(":event-type", HeaderValue::String(event_type.into()))
}

fn body_of(chunks: Vec<Vec<u8>>) -> SdkBody {
    let items: Vec<Result<Bytes, BoxError>> =
        chunks.into_iter().map(|c| Ok(Bytes::from(c))).collect();
    let stream: BoxByteStream = Box::pin(Iter(items.into_iter()));
    SdkBody::from_stream(stream, None)
}

/// A ready stream over a vector (no `futures` crate needed).
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

#[derive(Debug, PartialEq)]
enum TestEvent {
    Text(String),
    Unknown(String),
}

#[derive(Debug, PartialEq)]
struct Boom(String);
impl std::fmt::Display for Boom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn unmarshal(message: Message) -> Result<TestEvent, EventStreamError<Boom>> {
    let info = message.info()?;
    match info.kind {
        MessageKind::Event { event_type: "text" } => Ok(TestEvent::Text(
            String::from_utf8_lossy(message.payload()).into_owned(),
        )),
        MessageKind::Event { event_type } => Ok(TestEvent::Unknown(event_type.to_owned())),
        MessageKind::Exception {
            exception_type: "boom",
        } => Err(EventStreamError::Modeled(Boom(
            String::from_utf8_lossy(message.payload()).into_owned(),
        ))),
        _ => Err(EventStreamError::unmodeled(&message)),
    }
}

fn frames(messages: &[Message]) -> Vec<u8> {
    let mut out = Vec::new();
    for m in messages {
        write_message(m, &mut out).unwrap();
    }
    out
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

#[test]
fn events_across_every_chunk_boundary_then_unknown_then_modeled_error() {
    let mut exception = Message::new(Bytes::from_static(b"bad"))
        .with_header(":message-type", HeaderValue::String("exception".into()));
    exception = exception.with_header(":exception-type", HeaderValue::String("boom".into()));
    let bytes = frames(&[
        event("text", "a"),
        event("new-kind", "{}"),
        event("text", "b"),
        exception,
    ]);
    for split in 1..bytes.len() {
        let body = body_of(vec![bytes[..split].to_vec(), bytes[split..].to_vec()]);
        let mut rx = EventReceiver::from_body(body, unmarshal);
        rt().block_on(async {
            assert_eq!(rx.recv().await.unwrap(), Some(TestEvent::Text("a".into())));
            assert_eq!(
                rx.recv().await.unwrap(),
                Some(TestEvent::Unknown("new-kind".into()))
            );
            assert_eq!(rx.recv().await.unwrap(), Some(TestEvent::Text("b".into())));
            match rx.recv().await {
                Err(EventStreamError::Modeled(Boom(m))) => assert_eq!(m, "bad"),
                other => panic!("{other:?}"),
            }
            assert!(rx.recv().await.unwrap().is_none());
        });
    }
}

#[test]
fn receiver_is_a_stream() {
    let bytes = frames(&[event("text", "x"), event("text", "y")]);
    let mut rx = EventReceiver::from_body(body_of(vec![bytes]), unmarshal);
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    let mut got = Vec::new();
    while let std::task::Poll::Ready(Some(e)) =
        futures_core::Stream::poll_next(std::pin::Pin::new(&mut rx), &mut cx)
    {
        got.push(e.unwrap());
    }
    assert_eq!(
        got,
        [TestEvent::Text("x".into()), TestEvent::Text("y".into())]
    );
}

#[test]
fn unmodeled_error_message() {
    let err = Message::new(Bytes::new())
        .with_header(":message-type", HeaderValue::String("error".into()))
        .with_header(":error-code", HeaderValue::String("Throttled".into()))
        .with_header(":error-message", HeaderValue::String("slow down".into()));
    let mut rx = EventReceiver::from_body(body_of(vec![frames(&[err])]), unmarshal);
    match rt().block_on(rx.recv()) {
        Err(EventStreamError::Unmodeled { code, message }) => {
            assert_eq!(code.as_deref(), Some("Throttled"));
            assert_eq!(message.as_deref(), Some("slow down"));
        }
        other => panic!("{other:?}"),
    }
}

/// Runs hostile bytes through the receiver and returns the typed frame error.
fn frame_error(bytes: Vec<u8>) -> DecodeError {
    let mut rx = EventReceiver::from_body(body_of(vec![bytes]), unmarshal);
    let result = rt().block_on(async {
        loop {
            match rx.recv().await {
                Ok(Some(_)) => continue,
                Ok(None) => panic!("hostile stream ended cleanly"),
                Err(e) => break e,
            }
        }
    });
    // The stream is over after the error.
    assert!(rt().block_on(rx.recv()).unwrap().is_none());
    match result {
        EventStreamError::Receive(ReceiveError::Frame(e)) => e,
        other => panic!("{other:?}"),
    }
}

#[test]
fn hostile_frames_give_typed_errors() {
    let good = frames(&[event("text", "hello")]);

    let mut bad_prelude = good.clone();
    bad_prelude[8] ^= 1;
    assert!(matches!(
        frame_error(bad_prelude),
        DecodeError::PreludeCrcMismatch { .. }
    ));

    let mut bad_message = good.clone();
    let last = bad_message.len() - 1;
    bad_message[last] ^= 1;
    assert!(matches!(
        frame_error(bad_message),
        DecodeError::MessageCrcMismatch { .. }
    ));

    // A total length that lies (too short for its headers), with a valid prelude CRC.
    let mut lying = Vec::new();
    lying.extend_from_slice(&20u32.to_be_bytes());
    lying.extend_from_slice(&100u32.to_be_bytes());
    let crc = crc32fast::hash(&lying);
    lying.extend_from_slice(&crc.to_be_bytes());
    lying.extend_from_slice(&[0; 8]);
    assert!(matches!(
        frame_error(lying),
        DecodeError::HeadersLengthExceedsFrame { .. }
    ));

    // Over 16 MiB: refused from the prelude, nothing buffered.
    let mut huge = Vec::new();
    huge.extend_from_slice(&(DEFAULT_MAX_FRAME_LEN + 1).to_be_bytes());
    huge.extend_from_slice(&0u32.to_be_bytes());
    let crc = crc32fast::hash(&huge);
    huge.extend_from_slice(&crc.to_be_bytes());
    assert!(matches!(
        frame_error(huge),
        DecodeError::FrameTooLarge { .. }
    ));

    let mut truncated = good.clone();
    truncated.truncate(good.len() - 3);
    assert!(matches!(
        frame_error(truncated),
        DecodeError::TruncatedFrame { .. }
    ));

    // A header of type 42.
    let headers = [&[1u8, b'x', 42][..]].concat();
    let total = (16 + headers.len()) as u32;
    let mut unknown = Vec::new();
    unknown.extend_from_slice(&total.to_be_bytes());
    unknown.extend_from_slice(&(headers.len() as u32).to_be_bytes());
    let crc = crc32fast::hash(&unknown);
    unknown.extend_from_slice(&crc.to_be_bytes());
    unknown.extend_from_slice(&headers);
    let crc = crc32fast::hash(&unknown);
    unknown.extend_from_slice(&crc.to_be_bytes());
    assert!(matches!(
        frame_error(unknown),
        DecodeError::UnknownHeaderType { type_code: 42, .. }
    ));
}

// ---- signing: an independent implementation of the chain ----

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The expected signature of one frame, from the spec, without the signer's code.
fn expected_signature(
    secret: &str,
    previous: &str,
    secs: u64,
    stamp: &str,
    payload: &[u8],
) -> String {
    let day = &stamp[..8];
    let k = hmac(format!("AWS4{secret}").as_bytes(), day.as_bytes());
    let k = hmac(&k, b"us-west-2");
    let k = hmac(&k, b"transcribe");
    let k = hmac(&k, b"aws4_request");
    let mut date_header = vec![5u8];
    date_header.extend_from_slice(b":date");
    date_header.push(8);
    date_header.extend_from_slice(&((secs * 1000) as i64).to_be_bytes());
    let sts = format!(
        "AWS4-HMAC-SHA256-PAYLOAD\n{stamp}\n{day}/us-west-2/transcribe/aws4_request\n{previous}\n{}\n{}",
        hex_of(&Sha256::digest(&date_header)),
        hex_of(&Sha256::digest(payload))
    );
    hex_of(&hmac(&k, sts.as_bytes()))
}

#[test]
fn signature_chain_matches_an_independent_computation() {
    let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    let seed = "a".repeat(64);
    let mut signer = EventSigner::new(secret, "us-west-2", "transcribe", seed.clone());
    // 2020-11-05T00:00:00Z plus a fraction that must be dropped.
    let secs = 1_604_534_400u64;
    let time = UNIX_EPOCH + Duration::from_millis(secs * 1000 + 789);
    let mut previous = seed;
    for (i, text) in ["one", "two", ""].into_iter().enumerate() {
        let signed = if i == 2 {
            signer.sign_end(time)
        } else {
            signer.sign(&event("audio", text), time).unwrap()
        };
        let expected = expected_signature(
            secret,
            &previous,
            secs,
            "20201105T000000Z",
            signed.payload(),
        );
        let Some(HeaderValue::ByteArray(raw)) = signed.header(CHUNK_SIGNATURE_HEADER) else {
            panic!("no signature header");
        };
        assert_eq!(hex_of(raw), expected, "frame {i}");
        assert_eq!(signer.previous_signature(), expected);
        assert_eq!(
            signed.header(DATE_HEADER),
            Some(&HeaderValue::Timestamp(
                crate::primitives::DateTime::from_secs(secs as i64)
            ))
        );
        if i < 2 {
            // The payload is the inner frame, intact.
            let inner = decode_frame(signed.payload()).unwrap();
            assert_eq!(inner.payload().as_ref(), text.as_bytes());
        } else {
            assert!(signed.payload().is_empty());
        }
        previous = expected;
    }
}

#[test]
fn seed_from_authorization_header() {
    let auth = "AWS4-HMAC-SHA256 Credential=AKID/20201105/us-west-2/transcribe/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc123";
    assert_eq!(seed_signature(auth), Some("abc123"));
    assert_eq!(seed_signature("AWS4-HMAC-SHA256 Credential=x"), None);
}

#[test]
fn sender_frames_events_and_ends_with_a_signed_empty_frame() {
    let events = Iter(vec!["p", "q"].into_iter());
    let marshal: Marshaller<&'static str> = |t| Ok(event("text", t));
    let signer = EventSigner::new("secret", "us-west-2", "transcribe", "00".repeat(32));
    let time = crate::time::SharedTimeSource::new(crate::time::ManualTimeSource::new(
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_604_534_400),
    ));
    let body = EventStreamSender::new(events).into_body(marshal, Some((signer, time)));
    let mut rx = MessageReceiver::new(SdkBody::from_stream(body, None));
    let got = rt().block_on(async {
        let mut got = Vec::new();
        while let Some(m) = rx.recv().await.unwrap() {
            got.push(m);
        }
        got
    });
    assert_eq!(got.len(), 3);
    assert_eq!(
        decode_frame(got[1].payload()).unwrap().payload().as_ref(),
        b"q"
    );
    assert!(got[2].payload().is_empty());
    assert!(
        got.iter()
            .all(|m| m.header(CHUNK_SIGNATURE_HEADER).is_some())
    );
}

#[test]
fn initial_response_is_taken_out_of_the_stream() {
    let bytes = frames(&[event("initial-response", "{\"a\":1}"), event("text", "x")]);
    let mut rx =
        EventReceiver::from_body(body_of(vec![bytes]), unmarshal).expecting_initial_response();
    assert!(rx.initial_response().is_none());
    assert_eq!(
        rt().block_on(rx.recv()).unwrap(),
        Some(TestEvent::Text("x".into()))
    );
    assert_eq!(
        rx.initial_response().map(|b| b.as_ref()),
        Some(&b"{\"a\":1}"[..])
    );
    // Without one, the first event is an event.
    let bytes = frames(&[event("text", "y")]);
    let mut rx =
        EventReceiver::from_body(body_of(vec![bytes]), unmarshal).expecting_initial_response();
    assert_eq!(
        rt().block_on(rx.recv()).unwrap(),
        Some(TestEvent::Text("y".into()))
    );
    assert!(rx.initial_response().is_none());
}

#[test]
fn event_header_readers_check_types_and_widen() {
    let m = Message::new(Bytes::from_static(b"{\"k\":\"v\"}"))
        .with_header("s", HeaderValue::String("text".into()))
        .with_header("b", HeaderValue::Byte(-3))
        .with_header("i", HeaderValue::Int32(7))
        .with_header("blob", HeaderValue::ByteArray(Bytes::from_static(b"xy")));
    assert_eq!(header_string(&m, "s").unwrap().as_deref(), Some("text"));
    assert_eq!(header_string(&m, "missing").unwrap(), None);
    assert_eq!(header_long(&m, "b").unwrap(), Some(-3));
    assert_eq!(header_long(&m, "i").unwrap(), Some(7));
    assert!(header_byte(&m, "i").is_err(), "no narrowing");
    assert!(
        header_bool(&m, "s")
            .unwrap_err()
            .to_string()
            .contains("`s`")
    );
    assert_eq!(
        header_blob(&m, "blob")
            .unwrap()
            .map(|b| b.as_ref().to_vec()),
        Some(b"xy".to_vec())
    );
    assert!(payload_document(&m).is_ok());
    assert!(payload_document(&Message::new(Bytes::new())).is_ok());
    assert!(payload_text(&Message::new(Bytes::from_static(&[0xff]))).is_err());
}

/// A modeled exception of a test input stream.
#[derive(Debug)]
struct Refused(&'static str);
impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}
impl std::error::Error for Refused {}

/// What a generated `marshal_error` does: a `Refused` becomes an exception message.
fn marshal_refused(e: &BoxError) -> Option<Result<Message, BoxError>> {
    let refused = e.downcast_ref::<Refused>()?;
    Some(Ok(exception_message(
        "refused",
        "application/json",
        Bytes::from(format!("{{\"message\":\"{}\"}}", refused.0)),
    )))
}

fn sent_frames(
    items: Vec<Result<&'static str, BoxError>>,
    signer: Option<EventSigner>,
) -> Vec<Result<Message, String>> {
    let marshal: Marshaller<&'static str> = |t| Ok(event("text", t));
    let time = crate::time::SharedTimeSource::new(crate::time::ManualTimeSource::new(
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_604_534_400),
    ));
    let messages =
        EventStreamSender::from_results(items).into_messages_with_errors(marshal, marshal_refused);
    let mut body = crate::event_stream::frames(messages, None, signer.map(|s| (s, time)));
    rt().block_on(async {
        let mut out = Vec::new();
        while let Some(frame) =
            std::future::poll_fn(|cx| futures_core::Stream::poll_next(body.as_mut(), cx)).await
        {
            out.push(
                frame
                    .map_err(|e| e.to_string())
                    .and_then(|f| decode_frame(&f).map_err(|e| e.to_string())),
            );
        }
        out
    })
}

#[test]
fn a_modeled_exception_is_sent_signed_and_ends_the_stream() {
    let signer = EventSigner::new("secret", "us-west-2", "transcribe", "00".repeat(32));
    let got = sent_frames(
        vec![Ok("p"), Err(Box::new(Refused("no"))), Ok("never sent")],
        Some(signer),
    );
    // The event, the exception, then the signed end frame: nothing after the exception.
    assert_eq!(got.len(), 3, "{got:?}");
    let got: Vec<Message> = got.into_iter().map(Result::unwrap).collect();
    assert!(
        got.iter()
            .all(|m| m.header(CHUNK_SIGNATURE_HEADER).is_some())
    );
    let exception = decode_frame(got[1].payload()).unwrap();
    assert_eq!(
        exception.header(":message-type"),
        Some(&HeaderValue::String("exception".into()))
    );
    assert_eq!(
        exception.header(":exception-type"),
        Some(&HeaderValue::String("refused".into()))
    );
    assert_eq!(exception.payload().as_ref(), b"{\"message\":\"no\"}");
    assert!(got[2].payload().is_empty());
}

#[test]
fn another_error_aborts_the_body() {
    let got = sent_frames(
        vec![Ok("p"), Err("disk on fire".into()), Ok("never sent")],
        None,
    );
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].is_ok());
    assert!(matches!(&got[1], Err(e) if e.contains("disk on fire")));
}
