//! Typed readers over a parsed [`Value`], used by generated rpcv2Cbor deserializers.
//!
//! Same shape and error type as [`json::de`](crate::json::de), so generated code and the error
//! layer treat both protocols alike. Every function returns a [`DeserializeError`] instead of
//! panicking, whatever the input. The rpcv2Cbor rules live here:
//! - `null` (and `undefined`) means "not set": skipped in structures and dense collections;
//! - integers are accepted from any CBOR width and range-checked against their Smithy width;
//! - floats accept half, single and double precision, and integers (which the spec allows when
//!   no precision is lost);
//! - blobs are byte strings, timestamps tag 1 around integer or float epoch seconds;
//! - `bigInteger` is a plain integer or a bignum (tags 2/3), `bigDecimal` a decimal fraction
//!   (tag 4);
//! - tags the reader does not look for are ignored (RFC 8949 lets decoders do that).
//!
//! Documents are not supported by rpcv2Cbor (the spec says so), so there is no document reader.

use std::collections::HashMap;

use super::bignum::{self, MAX_BIGNUM_BYTES};
use super::{DeserializeError, Value};
use crate::json::preview;
use crate::primitives::{BigDecimal, BigInteger, Blob, DateTime};

/// Parses a response body. An empty body is an empty map, because services may answer a
/// no-output operation with nothing at all.
pub fn parse(body: &[u8]) -> Result<Value, DeserializeError> {
    if body.is_empty() {
        return Ok(Value::Map(Vec::new()));
    }
    super::parse_value(body).map_err(|e| DeserializeError::new(format!("invalid CBOR: {e}")))
}

fn expected(what: &'static str, v: &Value) -> DeserializeError {
    DeserializeError::new(format!("{what}, found {}", v.type_name()))
}

/// The item under any tags the reader does not interpret.
fn untagged(mut v: &Value) -> &Value {
    // Bounded by the parser's depth limit.
    while let Value::Tag(_, inner) = v {
        v = inner;
    }
    v
}

fn pairs(v: &Value) -> Result<&[(Value, Value)], DeserializeError> {
    match untagged(v) {
        Value::Map(pairs) => Ok(pairs),
        _ => Err(expected("expected a map", v)),
    }
}

/// The members of a structure: pairs with a text key and a non-null value, in wire order (a
/// repeated key is seen twice, so the generated code's later assignment wins). Pairs whose key
/// is not text cannot name a member and are skipped like unknown members.
pub fn object(v: &Value) -> Result<impl Iterator<Item = (&str, &Value)>, DeserializeError> {
    Ok(pairs(v)?.iter().filter_map(|(k, v)| match (k, v) {
        (_, Value::Null) => None,
        (Value::Text(k), v) => Some((k.as_str(), v)),
        _ => None,
    }))
}

/// A string.
pub fn string(v: &Value) -> Result<String, DeserializeError> {
    string_ref(v).map(str::to_owned)
}

/// A borrowed string (avoids a copy when the caller only inspects it, e.g. enum matching).
pub fn string_ref(v: &Value) -> Result<&str, DeserializeError> {
    match untagged(v) {
        Value::Text(s) => Ok(s),
        _ => Err(expected("expected a text string", v)),
    }
}

/// A boolean.
pub fn boolean(v: &Value) -> Result<bool, DeserializeError> {
    match untagged(v) {
        Value::Bool(b) => Ok(*b),
        _ => Err(expected("expected a boolean", v)),
    }
}

/// An integer of any CBOR width as i64, or an out-of-range error.
fn integral(v: &Value, what: &'static str) -> Result<i64, DeserializeError> {
    match untagged(v) {
        Value::Unsigned(n) => i64::try_from(*n)
            .map_err(|_| DeserializeError::new(format!("integer {n} out of range"))),
        Value::Negative(n) => i64::try_from(*n).map(|n| -1 - n).map_err(|_| {
            DeserializeError::new(format!("integer -{} out of range", u128::from(*n) + 1))
        }),
        _ => Err(expected(what, v)),
    }
}

fn ranged<T: TryFrom<i64>>(
    v: &Value,
    what: &'static str,
    name: &'static str,
) -> Result<T, DeserializeError> {
    let i = integral(v, what)?;
    T::try_from(i)
        .map_err(|_| DeserializeError::new(format!("integer {i} out of range for {name}")))
}

/// A Smithy `byte` (i8).
pub fn byte(v: &Value) -> Result<i8, DeserializeError> {
    ranged(v, "expected a byte", "byte")
}

/// A Smithy `short` (i16).
pub fn short(v: &Value) -> Result<i16, DeserializeError> {
    ranged(v, "expected a short", "short")
}

/// A Smithy `integer` (i32).
pub fn integer(v: &Value) -> Result<i32, DeserializeError> {
    ranged(v, "expected an integer", "integer")
}

/// A Smithy `long` (i64).
pub fn long(v: &Value) -> Result<i64, DeserializeError> {
    integral(v, "expected a long")
}

/// A Smithy `double`: any float width (NaN and the infinities included), or an integer.
pub fn double(v: &Value) -> Result<f64, DeserializeError> {
    match untagged(v) {
        Value::Float(f) => Ok(*f),
        Value::Unsigned(n) => Ok(*n as f64),
        Value::Negative(n) => Ok(-1.0 - *n as f64),
        _ => Err(expected("expected a number", v)),
    }
}

/// A Smithy `float` (f32): as [`double`], narrowed (exact for values sent as f16 or f32).
pub fn float(v: &Value) -> Result<f32, DeserializeError> {
    double(v).map(|f| f as f32)
}

/// A timestamp: tag 1 around integer or float epoch seconds. An untagged number is accepted
/// too; `@timestampFormat` does not apply in this protocol.
pub fn timestamp(v: &Value) -> Result<DateTime, DeserializeError> {
    let inner = match v {
        Value::Tag(1, inner) => inner.as_ref(),
        other => other,
    };
    match inner {
        Value::Unsigned(_) | Value::Negative(_) => integral(inner, "expected epoch seconds")
            .map(DateTime::from_secs)
            .map_err(|_| DeserializeError::new("timestamp out of range")),
        Value::Float(f) if f.is_finite() && f.abs() < 9.0e18 => {
            Ok(DateTime::from_fractional_secs(*f))
        }
        Value::Float(_) => Err(DeserializeError::new("timestamp out of range")),
        _ => Err(expected("expected a tag-1 epoch-seconds timestamp", v)),
    }
}

/// A blob from a byte string.
pub fn blob(v: &Value) -> Result<Blob, DeserializeError> {
    match untagged(v) {
        Value::Bytes(b) => Ok(Blob::new(b.clone())),
        _ => Err(expected("expected a byte string", v)),
    }
}

/// Signed decimal digits of an integer or bignum item, or `None` if `v` is neither.
fn integer_digits(v: &Value) -> Result<Option<String>, DeserializeError> {
    let bignum = |bytes: &[u8]| {
        if bytes.len() > MAX_BIGNUM_BYTES {
            Err(DeserializeError::new(format!(
                "bignum of {} bytes exceeds the limit of {MAX_BIGNUM_BYTES}",
                bytes.len()
            )))
        } else {
            Ok(())
        }
    };
    Ok(Some(match v {
        Value::Unsigned(n) => n.to_string(),
        Value::Negative(n) => format!("-{}", u128::from(*n) + 1),
        Value::Tag(2, inner) => match inner.as_ref() {
            Value::Bytes(b) => {
                bignum(b)?;
                bignum::bytes_to_digits(b)
            }
            _ => return Err(expected("expected a byte string in tag 2", inner)),
        },
        Value::Tag(3, inner) => match inner.as_ref() {
            Value::Bytes(b) => {
                bignum(b)?;
                format!("-{}", bignum::bytes_to_digits(&bignum::increment(b)))
            }
            _ => return Err(expected("expected a byte string in tag 3", inner)),
        },
        _ => return Ok(None),
    }))
}

/// A big integer, exactly: a plain integer of any width or a bignum (tag 2 or 3).
pub fn big_integer(v: &Value) -> Result<BigInteger, DeserializeError> {
    let digits =
        integer_digits(v)?.ok_or_else(|| expected("expected an integer or a bignum", v))?;
    digits
        .parse()
        .map_err(|_| DeserializeError::new(format!("invalid big integer {}", preview(&digits))))
}

/// Exponents beyond this are kept in exponent form rather than written out as a decimal point
/// with that many zeros.
const MAX_PLAIN_FRACTION_DIGITS: u64 = 1000;

/// A big decimal, exactly: a decimal fraction (tag 4, `[exponent, mantissa]` with an integer or
/// bignum mantissa). Integers and floats are accepted too.
pub fn big_decimal(v: &Value) -> Result<BigDecimal, DeserializeError> {
    let text = match v {
        Value::Tag(4, inner) => decimal_fraction(inner)?,
        Value::Float(f) if f.is_finite() => format!("{f:?}"),
        other => integer_digits(other)?
            .ok_or_else(|| expected("expected a decimal fraction (tag 4)", v))?,
    };
    text.parse()
        .map_err(|_| DeserializeError::new(format!("invalid big decimal {}", preview(&text))))
}

fn decimal_fraction(v: &Value) -> Result<String, DeserializeError> {
    let Value::Array(items) = v else {
        return Err(expected("expected [exponent, mantissa] in tag 4", v));
    };
    let [exponent, mantissa] = items.as_slice() else {
        return Err(DeserializeError::new(
            "expected [exponent, mantissa] in tag 4, found another number of items",
        ));
    };
    let exponent = integral(exponent, "expected an integer exponent in tag 4")?;
    let mantissa = integer_digits(mantissa)?
        .ok_or_else(|| expected("expected an integer mantissa in tag 4", mantissa))?;
    if exponent == 0 {
        return Ok(mantissa);
    }
    let places = exponent.unsigned_abs();
    if exponent > 0 || places > MAX_PLAIN_FRACTION_DIGITS {
        return Ok(format!("{mantissa}E{exponent}"));
    }
    // A negative exponent within bounds: place the decimal point (`[-2, 125]` is "1.25").
    let (sign, digits) = match mantissa.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", mantissa.as_str()),
    };
    let places = places as usize; // at most MAX_PLAIN_FRACTION_DIGITS
    Ok(if digits.len() > places {
        let (int, frac) = digits.split_at(digits.len() - places);
        format!("{sign}{int}.{frac}")
    } else {
        format!("{sign}0.{}{digits}", "0".repeat(places - digits.len()))
    })
}

fn array(v: &Value) -> Result<&[Value], DeserializeError> {
    match untagged(v) {
        Value::Array(items) => Ok(items),
        _ => Err(expected("expected an array", v)),
    }
}

/// A map key, which must be text in every Smithy map.
fn map_key(k: &Value) -> Result<&str, DeserializeError> {
    match untagged(k) {
        Value::Text(s) => Ok(s),
        _ => Err(expected("expected a text map key", k)),
    }
}

/// A dense list: `null` items are skipped; errors carry the item's index.
///
/// The item reader is a function pointer, not a closure type, in this function and the
/// three below: the reader is compiled once per item type instead of once per call site,
/// which keeps the release build of a generated crate with thousands of members small.
pub fn list<T>(
    v: &Value,
    f: fn(&Value) -> Result<T, DeserializeError>,
) -> Result<Vec<T>, DeserializeError> {
    crate::collections::list(array(v)?, f)
}

/// A sparse list: `null` items are kept as `None`.
pub fn sparse_list<T>(
    v: &Value,
    f: fn(&Value) -> Result<T, DeserializeError>,
) -> Result<Vec<Option<T>>, DeserializeError> {
    crate::collections::sparse_list(array(v)?, f)
}

/// A dense map: entries with `null` values are skipped; errors carry the key.
pub fn map<T>(
    v: &Value,
    f: fn(&Value) -> Result<T, DeserializeError>,
) -> Result<HashMap<String, T>, DeserializeError> {
    crate::collections::map(entries(v)?, f)
}

/// A sparse map: `null` values are kept as `None`.
pub fn sparse_map<T>(
    v: &Value,
    f: fn(&Value) -> Result<T, DeserializeError>,
) -> Result<HashMap<String, Option<T>>, DeserializeError> {
    crate::collections::sparse_map(entries(v)?, f)
}

/// The pairs of a map as entries with text keys (a key of another type is an error).
fn entries(
    v: &Value,
) -> Result<impl ExactSizeIterator<Item = Result<(&str, &Value), DeserializeError>>, DeserializeError>
{
    Ok(pairs(v)?.iter().map(|(k, v)| Ok((map_key(k)?, v))))
}

/// The one set member of a union map. A `__type` key (which the spec says to ignore) and
/// `null` members are skipped; `Ok(None)` when no member is set; an error when more than one is.
pub fn union_member(v: &Value) -> Result<Option<(&str, &Value)>, DeserializeError> {
    let mut found: Option<(&str, &Value)> = None;
    for (k, item) in object(v)? {
        if k == "__type" {
            continue;
        }
        if let Some((first, _)) = found {
            return Err(DeserializeError::new(format!(
                "a union must have exactly one member set, found {} and {}",
                preview(first),
                preview(k)
            )));
        }
        found = Some((k, item));
    }
    Ok(found)
}
