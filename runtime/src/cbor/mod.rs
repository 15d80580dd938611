//! CBOR (RFC 8949) for the rpcv2Cbor protocol: a writer for request bodies, a parser into
//! [`Value`], and `de` helpers that read typed values out of it.
//!
//! Mirrors [`json`](crate::json): generated code never matches on [`Value`] variants itself; it
//! calls [`CborWriter`] methods and the readers in [`de`], and both protocols share one
//! [`DeserializeError`] (with the member path built by `.at(..)`), so the error layer needs no
//! CBOR-specific case.
//!
//! # Wire rules (Smithy RPC v2 CBOR)
//! Structures, unions and maps are maps with text keys; lists are arrays; blobs byte strings;
//! timestamps tag 1 around epoch seconds (integer or float, `@timestampFormat` ignored);
//! `bigInteger` a plain integer or tag 2/3 bignum; `bigDecimal` tag 4; `undefined` reads as null.
//! Documents are not supported by the protocol.
//!
//! # Hostile input
//! The parser assembles items with an explicit stack, never recursion the input controls, and
//! bounds nesting at [`MAX_DEPTH`]. Declared lengths are checked against the bytes that remain
//! before anything is allocated (a string claiming 2^63 bytes is an error, not an allocation),
//! truncation and bad UTF-8 are typed errors ([`ParseErrorKind`]), and memory stays proportional
//! to the body. Bignums are capped at 4 KiB so decimal conversion stays cheap.
//!
//! minicbor does the item-level reading (see the root `Cargo.toml` for why it was chosen).

mod bignum;
pub mod de;
mod value;
mod writer;

pub use crate::json::DeserializeError;
pub use value::{MAX_DEPTH, ParseError, ParseErrorKind, Value, parse_value};
pub use writer::CborWriter;

/// Writes a shape as CBOR (implemented by generated structures, unions and enums).
pub trait SerializeCbor {
    /// Appends `self` as one CBOR item to `w`.
    fn serialize_cbor(&self, w: &mut CborWriter);
}

/// Reads a shape from a parsed CBOR item (implemented by generated types).
pub trait DeserializeCbor: Sized {
    /// Builds `Self` from `v`, reporting the path of the first mismatch.
    fn deserialize_cbor(v: &Value) -> Result<Self, DeserializeError>;
}

/// Operations without output use `()`: any body is accepted and ignored.
impl DeserializeCbor for () {
    fn deserialize_cbor(_v: &Value) -> Result<Self, DeserializeError> {
        Ok(())
    }
}

/// `()` serializes to an empty map. (An operation whose input is `Unit` sends no body at all;
/// that is the caller's decision, not the writer's.)
impl SerializeCbor for () {
    fn serialize_cbor(&self, w: &mut CborWriter) {
        w.begin_map();
        w.end_map();
    }
}

#[cfg(test)]
mod tests;
