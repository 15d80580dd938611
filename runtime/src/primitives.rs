//! Value types that Smithy models use beyond Rust's built-in scalars: timestamps, blobs,
//! documents, arbitrary-precision numbers, and the opaque payload of unknown enum values.

mod date_time;

pub use date_time::{DateTime, DateTimeOutOfRangeError, DateTimeParseError, TimestampFormat};

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

/// Binary data (a Smithy `blob`). On the JSON wire it is standard, padded base64.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Blob(Vec<u8>);

impl Blob {
    /// Wraps bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self(bytes.into())
    }

    /// Returns the bytes.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }

    /// Decodes standard, padded base64 (how blobs travel in JSON and model defaults).
    pub fn from_base64(text: &str) -> Option<Self> {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .ok()
            .map(Self)
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

/// A number inside a [`Document`]. Integers keep their exact value; everything else is `f64`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// A non-negative integer.
    PosInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// A floating-point number (may be NaN or infinite, written as strings on the wire).
    Float(f64),
}

impl Number {
    /// The value as `f64` (large integers lose precision).
    pub fn to_f64_lossy(self) -> f64 {
        match self {
            Number::PosInt(v) => v as f64,
            Number::NegInt(v) => v as f64,
            Number::Float(v) => v,
        }
    }
}

/// An untyped JSON-like value (a Smithy `document`), passed through unchanged.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Document {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An ordered list.
    Array(Vec<Document>),
    /// A string-keyed map.
    Object(HashMap<String, Document>),
}

impl Document {
    /// A document from JSON text the generator already validated (model defaults); `Null` if
    /// the text is not JSON.
    #[doc(hidden)]
    pub fn from_json_text(text: &str) -> Self {
        match crate::json::parse_value(text.as_bytes()) {
            Ok(v) => crate::json::de::document(&v).unwrap_or_default(),
            Err(_) => Document::Null,
        }
    }
}

/// A string is not a valid decimal number for [`BigInteger`] or [`BigDecimal`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BigNumberParseError {
    kind: &'static str,
}

impl fmt::Display for BigNumberParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a valid {}", self.kind)
    }
}

impl std::error::Error for BigNumberParseError {}

/// Length of the run of ASCII digits at the start of `b`.
fn digit_run(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_digit()).count()
}

/// Validates `[+-]?digits` and returns the rest.
fn signed_digits(b: &[u8]) -> Option<&[u8]> {
    let b = match b.first() {
        Some(b'+' | b'-') => &b[1..],
        _ => b,
    };
    let n = digit_run(b);
    (n > 0).then(|| &b[n..])
}

/// An arbitrary-precision integer, kept as its decimal text (a Smithy `bigInteger`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BigInteger(String);

impl BigInteger {
    /// Zero.
    pub fn zero() -> Self {
        Self("0".to_string())
    }

    /// A value from a literal the generator already validated (model defaults).
    #[doc(hidden)]
    pub fn from_static(text: &'static str) -> Self {
        Self(text.to_string())
    }

    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for BigInteger {
    type Err = BigNumberParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match signed_digits(s.as_bytes()) {
            Some([]) => Ok(Self(s.to_owned())),
            _ => Err(BigNumberParseError {
                kind: "big integer",
            }),
        }
    }
}

impl fmt::Display for BigInteger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An arbitrary-precision decimal, kept as its decimal text (a Smithy `bigDecimal`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BigDecimal(String);

impl BigDecimal {
    /// Zero.
    pub fn zero() -> Self {
        Self("0".to_string())
    }

    /// A value from a literal the generator already validated (model defaults).
    #[doc(hidden)]
    pub fn from_static(text: &'static str) -> Self {
        Self(text.to_string())
    }

    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for BigDecimal {
    type Err = BigNumberParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = BigNumberParseError {
            kind: "big decimal",
        };
        let mut rest = signed_digits(s.as_bytes()).ok_or(err.clone())?;
        if let Some(after_dot) = rest.strip_prefix(b".") {
            let n = digit_run(after_dot);
            if n == 0 {
                return Err(err);
            }
            rest = &after_dot[n..];
        }
        if let Some(exp) = rest.strip_prefix(b"e").or_else(|| rest.strip_prefix(b"E")) {
            rest = signed_digits(exp).ok_or(err.clone())?;
        }
        if rest.is_empty() {
            Ok(Self(s.to_owned()))
        } else {
            Err(err)
        }
    }
}

impl fmt::Display for BigDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The wire value of an enum variant this client does not know (it was added to the service
/// after the client was generated). It round-trips unchanged but cannot be built by users, so
/// matching on it cannot silently break when a later client learns the value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnknownVariantValue(String);

impl UnknownVariantValue {
    /// For generated code only.
    #[doc(hidden)]
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The raw wire value.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownVariantValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_numbers_validate_syntax() {
        assert!("123".parse::<BigInteger>().is_ok());
        assert!(
            "-123456789012345678901234567890"
                .parse::<BigInteger>()
                .is_ok()
        );
        assert!("1.5".parse::<BigInteger>().is_err());
        assert!("".parse::<BigInteger>().is_err());
        assert!("-".parse::<BigInteger>().is_err());
        for ok in ["1", "-1.25", "1e10", "1.5E-3", "+2"] {
            assert_eq!(ok.parse::<BigDecimal>().unwrap().as_str(), ok);
        }
        for bad in ["", ".5", "1.", "1e", "abc", "1.2.3", "NaN"] {
            assert!(bad.parse::<BigDecimal>().is_err(), "{bad}");
        }
    }

    #[test]
    fn blob_and_unknown_value() {
        let b = Blob::new(b"hi".to_vec());
        assert_eq!(b.as_ref(), b"hi");
        assert_eq!(b.into_inner(), b"hi".to_vec());
        assert_eq!(UnknownVariantValue::new("X").as_str(), "X");
    }
}
