//! Support for generated `smithy.test#eventStreamTests` cases: the frames a case describes, the
//! messages a client sent (signed envelopes opened), and each sent message checked against the
//! case's expected headers and body.

use crate::event_stream::{
    CHUNK_SIGNATURE_HEADER, FrameDecoder, HeaderValue, Message, encode_message,
};
use crate::json::de;

use super::{decode_base64, json_eq};

/// One event of a case, in the terms of `smithy.test#Event`.
#[derive(Clone, Debug, Default)]
pub struct TestEvent<'a> {
    /// Headers that must appear with exactly this typed value (all of them, for a frame that
    /// is built from the case rather than taken from `bytes`).
    pub headers: Vec<(&'a str, HeaderValue)>,
    /// Header names that must not appear.
    pub forbid_headers: &'a [&'a str],
    /// Header names that must appear with any value.
    pub require_headers: &'a [&'a str],
    /// The expected payload as text; `None` checks nothing.
    pub body: Option<&'a str>,
    /// How to compare the payload (`application/json` compares as JSON values).
    pub body_media_type: Option<&'a str>,
    /// The whole frame, base64, when the case gives it.
    pub bytes: Option<&'a str>,
}

impl TestEvent<'_> {
    /// The frame a service sends for this event: `bytes` when given (the spec says to prefer
    /// it for receiving), else a frame encoded from the headers and body.
    pub fn frame(&self) -> Vec<u8> {
        if let Some(bytes) = self.bytes {
            return decode_base64(bytes);
        }
        let mut message = Message::new(self.body.unwrap_or_default().as_bytes().to_vec());
        for (name, value) in &self.headers {
            message = message.with_header(*name, value.clone());
        }
        // Test data that cannot be encoded gives an empty frame, which the client reports as a
        // truncated stream: the test fails visibly without a panic here.
        encode_message(&message).unwrap_or_default()
    }
}

/// The response body carrying `events`, one frame after another.
pub fn response_body(events: &[TestEvent<'_>]) -> Vec<u8> {
    events.iter().flat_map(|e| e.frame()).collect()
}

/// The event messages in a request body. A signed stream wraps each message in an envelope
/// whose payload is the encoded message and ends with an empty signed frame: envelopes are
/// opened and that end frame dropped, so the result is what the service would read.
pub fn sent_messages(body: &[u8]) -> Result<Vec<Message>, String> {
    let mut decoder = FrameDecoder::new();
    decoder.push(body);
    let mut out = Vec::new();
    loop {
        match decoder.next_message() {
            Ok(Some(message)) => {
                if message.header(CHUNK_SIGNATURE_HEADER).is_none() {
                    out.push(message);
                } else if !message.payload().is_empty() {
                    let mut inner = FrameDecoder::new();
                    inner.push(message.payload());
                    match inner.next_message() {
                        Ok(Some(m)) => out.push(m),
                        Ok(None) => return Err("a signed envelope holds no whole frame".into()),
                        Err(e) => return Err(format!("a signed envelope's frame: {e}")),
                    }
                }
            }
            Ok(None) => break,
            Err(e) => return Err(format!("the request body is not event-stream frames: {e}")),
        }
    }
    decoder
        .finish()
        .map_err(|e| format!("the request body ends inside a frame: {e}"))?;
    Ok(out)
}

/// Each way `actual` (the `index`th message sent) differs from `expected`.
pub fn event_differences(index: usize, actual: &Message, expected: &TestEvent<'_>) -> Vec<String> {
    let mut diffs = Vec::new();
    for (name, value) in &expected.headers {
        match actual.header(name) {
            Some(got) if got == value => {}
            Some(got) => diffs.push(format!(
                "event {index}: header `{name}`: got {got:?}, expected {value:?}"
            )),
            None => diffs.push(format!("event {index}: header `{name}` is missing")),
        }
    }
    for name in expected.forbid_headers {
        if actual.header(name).is_some() {
            diffs.push(format!("event {index}: header `{name}` must not be sent"));
        }
    }
    for name in expected.require_headers {
        if actual.header(name).is_none() {
            diffs.push(format!("event {index}: header `{name}` is missing"));
        }
    }
    if let Some(body) = expected.body {
        let got = actual.payload();
        let is_json = expected
            .body_media_type
            .is_some_and(|m| m == "application/json" || m.ends_with("+json"));
        let equal = if is_json {
            match (de::parse(got), de::parse(body.as_bytes())) {
                (Ok(a), Ok(b)) => json_eq(&a, &b),
                _ => false,
            }
        } else {
            got.as_ref() == body.as_bytes()
        };
        if !equal {
            diffs.push(format!(
                "event {index}: payload: got {:?}, expected {body:?}",
                String::from_utf8_lossy(got)
            ));
        }
    }
    diffs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_built_from_headers_when_no_bytes_are_given_and_read_back() {
        let event = TestEvent {
            headers: vec![
                (":message-type", HeaderValue::String("event".into())),
                ("flag", HeaderValue::Bool(true)),
            ],
            body: Some(r#"{"a": 1}"#),
            body_media_type: Some("application/json"),
            ..TestEvent::default()
        };
        let body = response_body(&[event.clone(), event.clone()]);
        let sent = sent_messages(&body).unwrap_or_default();
        assert_eq!(sent.len(), 2);
        assert!(event_differences(0, &sent[0], &event).is_empty());
        let other = TestEvent {
            body: Some(r#"{"a": 2}"#),
            ..event
        };
        assert_eq!(event_differences(1, &sent[1], &other).len(), 1);
    }

    #[test]
    fn truncated_bodies_are_reported() {
        let frame = TestEvent::default().frame();
        assert!(sent_messages(&frame[..frame.len() - 1]).is_err());
    }
}
