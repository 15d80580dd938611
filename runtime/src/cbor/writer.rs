//! [`CborWriter`]: the request-body writer generated rpcv2Cbor serializers call.

use minicbor::Encoder;

use super::bignum;
use crate::primitives::{BigDecimal, BigInteger, Blob, DateTime};

/// Tag 1: epoch-based date/time.
const TAG_EPOCH_SECONDS: u64 = 1;
/// Tag 2: unsigned bignum.
const TAG_POSITIVE_BIGNUM: u64 = 2;
/// Tag 3: negative bignum (`-1 - n`).
const TAG_NEGATIVE_BIGNUM: u64 = 3;
/// Tag 4: decimal fraction `[exponent, mantissa]`.
const TAG_DECIMAL_FRACTION: u64 = 4;

/// Writes CBOR into a byte buffer, shaped like [`JsonWriter`](crate::json::JsonWriter).
///
/// Lengths: structures are written with [`begin_map`](Self::begin_map), an indefinite-length
/// map closed by a break byte, because generated code skips unset members and would otherwise
/// need a counting pass; lists and maps, whose length is known, use
/// [`begin_list_with_len`](Self::begin_list_with_len) and
/// [`begin_map_with_len`](Self::begin_map_with_len). Either way the matching `end_*` call closes
/// the container (it writes the break only for indefinite ones), so generated code stays
/// symmetric. Both forms are valid rpcv2Cbor; the spec's tests compare decoded values, not bytes.
///
/// Integers take the smallest encoding; `float` members are written as single and `double`
/// members as double precision (never half precision, which the spec advises against).
#[derive(Debug)]
pub struct CborWriter {
    enc: Encoder<Vec<u8>>,
    /// One entry per open container: true if it was opened with indefinite length.
    open: Vec<bool>,
    /// Set by [`CborWriter::invalid`]: the value cannot be sent (an unknown union member).
    error: Option<String>,
}

impl Default for CborWriter {
    fn default() -> Self {
        Self::new()
    }
}

// Writing into a `Vec` cannot fail (minicbor's error type for it is `Infallible`), so the
// `Result`s of the encoder calls below are ignored with `let _`.
impl CborWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self {
            enc: Encoder::new(Vec::with_capacity(128)),
            open: Vec::new(),
            error: None,
        }
    }

    /// Marks the value being written as impossible to send (serializers are infallible so that
    /// the common path stays cheap; the first reason recorded here fails the request).
    pub fn invalid(&mut self, reason: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(reason.into());
        }
        // Keep the output well formed regardless.
        self.null();
    }

    /// The reason recorded by [`CborWriter::invalid`], if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The CBOR written so far.
    pub fn into_bytes(self) -> Vec<u8> {
        self.enc.into_writer()
    }

    /// The CBOR written so far, borrowed.
    pub fn as_bytes(&self) -> &[u8] {
        self.enc.writer()
    }

    /// Opens a structure or union: an indefinite-length map (`0xBF`).
    pub fn begin_map(&mut self) {
        let _ = self.enc.begin_map();
        self.open.push(true);
    }

    /// Opens a map of `len` pairs (a Smithy map, whose size is known).
    pub fn begin_map_with_len(&mut self, len: usize) {
        let _ = self.enc.map(len as u64);
        self.open.push(false);
    }

    /// Closes the innermost map.
    pub fn end_map(&mut self) {
        self.end();
    }

    /// Opens an indefinite-length array (`0x9F`).
    pub fn begin_list(&mut self) {
        let _ = self.enc.begin_array();
        self.open.push(true);
    }

    /// Opens an array of `len` items (a Smithy list, whose length is known).
    pub fn begin_list_with_len(&mut self, len: usize) {
        let _ = self.enc.array(len as u64);
        self.open.push(false);
    }

    /// Closes the innermost array.
    pub fn end_list(&mut self) {
        self.end();
    }

    fn end(&mut self) {
        if self.open.pop() == Some(true) {
            let _ = self.enc.end();
        }
    }

    /// Writes a map key or structure member name; the next call writes its value.
    pub fn key(&mut self, key: &str) {
        self.string(key);
    }

    /// Writes a text string.
    pub fn string(&mut self, value: &str) {
        let _ = self.enc.str(value);
    }

    /// Writes `true` or `false`.
    pub fn boolean(&mut self, value: bool) {
        let _ = self.enc.bool(value);
    }

    /// Writes an integer (`byte`, `short`, `integer` or `long`) in its smallest encoding.
    pub fn integer(&mut self, value: i64) {
        let _ = self.enc.i64(value);
    }

    /// Writes a `float` as a single-precision float.
    pub fn float32(&mut self, value: f32) {
        let _ = self.enc.f32(value);
    }

    /// Writes a `double` as a double-precision float.
    pub fn float(&mut self, value: f64) {
        let _ = self.enc.f64(value);
    }

    /// Writes `null` (only meaningful inside sparse lists and maps).
    pub fn null(&mut self) {
        let _ = self.enc.null();
    }

    /// Writes a blob as a byte string (major type 2).
    pub fn blob(&mut self, value: &Blob) {
        let _ = self.enc.bytes(value.as_ref());
    }

    /// Writes a timestamp as tag 1 around epoch seconds: an integer for whole seconds, else a
    /// double (the protocol's resolution is milliseconds, which a double holds exactly enough).
    /// `@timestampFormat` does not apply in this protocol.
    pub fn timestamp(&mut self, value: &DateTime) {
        let _ = self.enc.tag(minicbor::data::Tag::new(TAG_EPOCH_SECONDS));
        if value.subsec_nanos() == 0 {
            self.integer(value.secs());
        } else {
            self.float(value.as_secs_f64());
        }
    }

    /// Writes a big integer: a plain integer when it fits 64 bits (preferred serialization),
    /// else tag 2 or 3 around the big-endian magnitude.
    pub fn big_integer(&mut self, value: &BigInteger) {
        let text = value.as_str();
        let (negative, digits) = split_sign(text);
        self.signed_digits(negative, digits);
    }

    /// Writes a big decimal as tag 4: `[exponent, mantissa]` with a base-10 exponent and an
    /// integer (or bignum) mantissa, so every digit survives. A decimal whose exponent does not
    /// fit 64 bits cannot be sent and marks the writer [`invalid`](Self::invalid).
    pub fn big_decimal(&mut self, value: &BigDecimal) {
        let (negative, rest) = split_sign(value.as_str());
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(at) => (&rest[..at], rest[at + 1..].parse::<i64>().ok()),
            None => (rest, Some(0)),
        };
        let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let exponent = exponent.and_then(|e| {
            i64::try_from(frac_part.len())
                .ok()
                .and_then(|f| e.checked_sub(f))
        });
        let Some(exponent) = exponent else {
            self.invalid("big decimal exponent out of range for CBOR");
            return;
        };
        let digits = [int_part, frac_part].concat();
        let _ = self.enc.tag(minicbor::data::Tag::new(TAG_DECIMAL_FRACTION));
        let _ = self.enc.array(2);
        self.integer(exponent);
        self.signed_digits(negative, &digits);
    }

    /// An integer from its sign and decimal digits: plain when it fits major type 0 or 1
    /// (which reaches -2^64), else a bignum.
    fn signed_digits(&mut self, negative: bool, digits: &str) {
        let digits = digits.trim_start_matches('0');
        if let Ok(magnitude) = digits.parse::<u128>() {
            let value = if negative {
                i128::try_from(magnitude).map(|m| -m)
            } else {
                i128::try_from(magnitude)
            };
            if let Some(int) = value
                .ok()
                .and_then(|v| minicbor::data::Int::try_from(v).ok())
            {
                let _ = self.enc.int(int);
                return;
            }
        }
        let magnitude = bignum::digits_to_bytes(digits);
        if negative {
            let _ = self.enc.tag(minicbor::data::Tag::new(TAG_NEGATIVE_BIGNUM));
            let _ = self.enc.bytes(&bignum::decrement(&magnitude));
        } else {
            let _ = self.enc.tag(minicbor::data::Tag::new(TAG_POSITIVE_BIGNUM));
            let _ = self.enc.bytes(&magnitude);
        }
    }
}

fn split_sign(text: &str) -> (bool, &str) {
    match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    }
}
