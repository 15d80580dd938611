//! SigV4 event signing: each message the client sends on an input stream is wrapped in a frame
//! whose `:chunk-signature` chains to the previous one, starting from the signature of the
//! HTTP request that opened the stream; an empty signed frame ends the stream.
//!
//! # Why the chain is computed here
//! `aws-sigv4`'s `sign-eventstream` feature signs `aws-smithy-eventstream` messages, a crate we
//! chose not to depend on (see the module docs of [`super`]). The chain is a few lines over the
//! primitives `aws-sigv4` already exposes ([`v4::generate_signing_key`],
//! [`v4::calculate_signature`]) plus SHA-256, so it is computed here, per the AWS spec
//! ("Signing the event stream", Transcribe streaming developer guide):
//!
//! ```text
//! string to sign = "AWS4-HMAC-SHA256-PAYLOAD" \n
//!                  date (YYYYMMDD'T'HHMMSS'Z') \n
//!                  scope (YYYYMMDD/region/service/aws4_request) \n
//!                  previous signature (hex) \n
//!                  hex(sha256(the encoded `:date` header)) \n
//!                  hex(sha256(payload: the encoded inner message, empty for the last frame))
//! ```
//!
//! The wrapper frame carries `:date` (a timestamp, whole seconds) and `:chunk-signature` (the
//! 32 signature bytes), and the inner message as its payload. The tests check the chain against
//! an independent HMAC computation.

use std::fmt;
use std::time::SystemTime;

use aws_sigv4::sign::v4;
use bytes::Bytes;
use sha2::{Digest as _, Sha256};

use super::encode::{EncodeError, write_message};
use super::message::{HeaderValue, Message};
use crate::primitives::{DateTime, TimestampFormat};

/// The `:date` header of a signed frame.
pub const DATE_HEADER: &str = ":date";
/// The `:chunk-signature` header of a signed frame.
pub const CHUNK_SIGNATURE_HEADER: &str = ":chunk-signature";

/// Signs the frames of one input stream, in order.
pub struct EventSigner {
    secret_access_key: String,
    region: String,
    service: String,
    /// Hex signature of the previous frame (at first, of the initial HTTP request).
    previous: String,
}

impl fmt::Debug for EventSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The secret and the chain stay out of logs.
        f.debug_struct("EventSigner")
            .field("region", &self.region)
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

impl EventSigner {
    /// A signer whose chain starts at `seed_signature`, the hex signature of the request that
    /// opened the stream (from its `Authorization` header).
    pub fn new(
        secret_access_key: impl Into<String>,
        region: impl Into<String>,
        service: impl Into<String>,
        seed_signature: impl Into<String>,
    ) -> Self {
        Self {
            secret_access_key: secret_access_key.into(),
            region: region.into(),
            service: service.into(),
            previous: seed_signature.into(),
        }
    }

    /// The hex signature of the last frame signed (the seed before the first).
    pub fn previous_signature(&self) -> &str {
        &self.previous
    }

    /// Wraps `message` in a signed frame, dated `time`.
    pub fn sign(&mut self, message: &Message, time: SystemTime) -> Result<Message, EncodeError> {
        let mut inner = Vec::new();
        write_message(message, &mut inner)?;
        Ok(self.sign_payload(Bytes::from(inner), time))
    }

    /// The empty signed frame that ends the stream.
    pub fn sign_end(&mut self, time: SystemTime) -> Message {
        self.sign_payload(Bytes::new(), time)
    }

    /// Signs an already-encoded payload (an inner frame, or nothing for the end frame).
    pub fn sign_payload(&mut self, payload: Bytes, time: SystemTime) -> Message {
        // Whole seconds: the date in the string to sign is second-precision, and the header
        // must encode the same instant.
        let date = DateTime::from_secs(DateTime::from(time).secs());
        let date_header = encoded_date_header(date);
        let stamp = amz_date(date);
        let day = stamp.get(..8).unwrap_or_default();
        let scope = format!("{day}/{}/{}/aws4_request", self.region, self.service);
        let string_to_sign = format!(
            "AWS4-HMAC-SHA256-PAYLOAD\n{stamp}\n{scope}\n{}\n{}\n{}",
            self.previous,
            hex(&Sha256::digest(&date_header)),
            hex(&Sha256::digest(&payload)),
        );
        let key =
            v4::generate_signing_key(&self.secret_access_key, time, &self.region, &self.service);
        let signature = v4::calculate_signature(key, string_to_sign.as_bytes());
        let raw = unhex(&signature);
        self.previous = signature;
        Message::new(payload)
            .with_header(DATE_HEADER, HeaderValue::Timestamp(date))
            .with_header(
                CHUNK_SIGNATURE_HEADER,
                HeaderValue::ByteArray(Bytes::from(raw)),
            )
    }
}

/// `:date` as it is encoded in the frame: name length, name, type 8, i64 milliseconds.
fn encoded_date_header(date: DateTime) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 + DATE_HEADER.len() + 8);
    out.push(DATE_HEADER.len() as u8);
    out.extend_from_slice(DATE_HEADER.as_bytes());
    out.push(super::types::TIMESTAMP);
    out.extend_from_slice(&date.secs().saturating_mul(1000).to_be_bytes());
    out
}

/// `YYYYMMDD'T'HHMMSS'Z'` of a whole-second date.
fn amz_date(date: DateTime) -> String {
    date.fmt(TimestampFormat::DateTime)
        .chars()
        .filter(|c| *c != '-' && *c != ':')
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    use fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Hex text to bytes; `calculate_signature` always returns 64 lowercase hex digits.
fn unhex(text: &str) -> Vec<u8> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    };
    text.as_bytes()
        .chunks(2)
        .map(|p| (digit(p[0]) << 4) | p.get(1).map_or(0, |&c| digit(c)))
        .collect()
}

/// The signature in an `Authorization` header value (`..., Signature=<hex>`), the seed of the
/// event chain.
pub fn seed_signature(authorization: &str) -> Option<&str> {
    authorization
        .split(',')
        .filter_map(|part| part.trim().strip_prefix("Signature="))
        .next()
        .filter(|s| !s.is_empty())
}
