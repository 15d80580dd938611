//! Arbitrary bytes as an event stream. The first byte picks the chunk size the rest is fed in,
//! so frames split at every position. Properties: no panic; the same messages come out whatever
//! the chunking; every decoded message re-encodes to a frame that decodes to it again; reading
//! the protocol headers never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smithy_client_runtime::event_stream::{
    DecodeError, FrameDecoder, Message, decode_frame, encode_message,
};

/// A small limit so the fuzzer can reach it.
const MAX_FRAME: u32 = 64 * 1024;

fn decode_in_chunks(data: &[u8], chunk: usize) -> (Vec<Message>, Option<DecodeError>) {
    let mut decoder = FrameDecoder::with_max_frame_len(MAX_FRAME);
    let mut messages = Vec::new();
    for piece in data.chunks(chunk) {
        decoder.push(piece);
        loop {
            match decoder.next_message() {
                Ok(Some(m)) => messages.push(m),
                Ok(None) => break,
                Err(e) => return (messages, Some(e)),
            }
        }
        assert!(decoder.buffered_len() <= MAX_FRAME as usize + chunk);
    }
    (messages, decoder.finish().err())
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let chunk = usize::from(first).max(1);
    let (chunked, chunked_err) = decode_in_chunks(rest, chunk);
    let (whole, whole_err) = decode_in_chunks(rest, rest.len().max(1));
    assert_eq!(chunked, whole);
    assert_eq!(chunked_err.is_some(), whole_err.is_some());
    for message in &whole {
        let _ = message.info();
        // The encoder may refuse what the decoder accepts (it keeps to stricter limits).
        if let Ok(bytes) = encode_message(message) {
            assert_eq!(decode_frame(&bytes).as_ref(), Ok(message));
        }
    }
});
