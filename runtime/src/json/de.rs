//! Typed readers over a parsed [`Value`], used by generated deserializers.
//!
//! Every function returns a [`DeserializeError`] instead of panicking, whatever the input. The
//! awsJson rules live here: `null` means "not set" (skipped in objects and dense collections),
//! floats accept `"NaN"`/`"Infinity"`/`"-Infinity"`, blobs are base64, and integers are
//! range-checked against their Smithy width.

use std::collections::HashMap;

use base64::Engine as _;

use super::{DeserializeError, JsonNumber, Value, json_type_name, preview};
use crate::primitives::{
    BigDecimal, BigInteger, Blob, DateTime, Document, Number, TimestampFormat,
};

/// Parses a response body. An empty or all-whitespace body is an empty object, because services
/// may answer a no-output operation with nothing at all.
///
/// Numbers keep their exact text (see [`Value`]), and nesting depth is bounded by
/// [`MAX_DEPTH`](super::MAX_DEPTH), so hostile input returns an error instead of overflowing the
/// stack.
pub fn parse(body: &[u8]) -> Result<Value, DeserializeError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Vec::new()));
    }
    super::parse_value(body).map_err(|e| DeserializeError::new(format!("invalid JSON: {e}")))
}

/// The fields of an object, skipping fields whose value is `null` (awsJson: null means unset).
pub fn object(v: &Value) -> Result<impl Iterator<Item = (&str, &Value)>, DeserializeError> {
    match v {
        // Members come in document order, so when a key repeats the generated code's later
        // assignment wins, matching `Value::get`.
        Value::Object(members) => Ok(members
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.as_str(), v))),
        other => Err(DeserializeError::expected("expected an object", other)),
    }
}

/// A string.
pub fn string(v: &Value) -> Result<String, DeserializeError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        other => Err(DeserializeError::expected("expected a string", other)),
    }
}

/// A borrowed string (avoids a copy when the caller only inspects it, e.g. enum matching).
pub fn string_ref(v: &Value) -> Result<&str, DeserializeError> {
    match v {
        Value::String(s) => Ok(s),
        other => Err(DeserializeError::expected("expected a string", other)),
    }
}

/// A boolean.
pub fn boolean(v: &Value) -> Result<bool, DeserializeError> {
    match v {
        Value::Bool(b) => Ok(*b),
        other => Err(DeserializeError::expected("expected a boolean", other)),
    }
}

/// An integral number as i64. Floats with no fractional part (`3.0`, `1e3`) are accepted, since
/// some serializers write every number as a float.
fn integral(v: &Value, what: &'static str) -> Result<i64, DeserializeError> {
    let Value::Number(n) = v else {
        return Err(DeserializeError::expected(what, v));
    };
    if let Some(i) = n.as_i64() {
        return Ok(i);
    }
    if n.is_integer_literal() {
        return Err(DeserializeError::new(format!(
            "integer {} out of range",
            preview(n.as_str())
        )));
    }
    match n.as_f64() {
        Some(f)
            if f.fract() == 0.0
                && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) =>
        {
            Ok(f as i64)
        }
        Some(f) if f.fract() == 0.0 => Err(DeserializeError::new("integer out of range")),
        _ => Err(DeserializeError::expected(what, v)),
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

/// A Smithy `double`; accepts the strings `"NaN"`, `"Infinity"` and `"-Infinity"`.
pub fn double(v: &Value) -> Result<f64, DeserializeError> {
    match v {
        Value::Number(n) => n.as_f64().ok_or_else(|| {
            DeserializeError::new(format!("number {} out of range", preview(n.as_str())))
        }),
        Value::String(s) => match s.as_str() {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(DeserializeError::new(format!(
                "expected a number or \"NaN\"/\"Infinity\"/\"-Infinity\", found the string {}",
                preview(s)
            ))),
        },
        other => Err(DeserializeError::expected("expected a number", other)),
    }
}

/// A Smithy `float` (f32); same string forms as [`double`].
pub fn float(v: &Value) -> Result<f32, DeserializeError> {
    double(v).map(|f| f as f32)
}

/// A timestamp in the given format. Epoch seconds accept integers and fractional numbers;
/// date-time and http-date are strings.
pub fn timestamp(v: &Value, format: TimestampFormat) -> Result<DateTime, DeserializeError> {
    match (format, v) {
        (TimestampFormat::EpochSeconds, Value::Number(n)) => {
            if let Some(i) = n.as_i64() {
                return Ok(DateTime::from_secs(i));
            }
            // Plain decimals are read digit by digit, so `1515531081.123` is exactly 123 ms
            // rather than the nearest f64; exponent forms go through f64.
            if !n.as_str().contains(['e', 'E']) {
                return DateTime::parse(n.as_str(), TimestampFormat::EpochSeconds)
                    .map_err(|_| DeserializeError::new("timestamp out of range"));
            }
            match n.as_f64() {
                Some(f) if f.abs() < 9.0e18 => Ok(DateTime::from_fractional_secs(f)),
                _ => Err(DeserializeError::new("timestamp out of range")),
            }
        }
        (TimestampFormat::EpochSeconds, other) => Err(DeserializeError::expected(
            "expected an epoch-seconds number",
            other,
        )),
        (_, Value::String(s)) => {
            DateTime::parse(s, format).map_err(|e| DeserializeError::new(e.to_string()))
        }
        (TimestampFormat::DateTime, other) => Err(DeserializeError::expected(
            "expected a date-time string",
            other,
        )),
        (TimestampFormat::HttpDate, other) => Err(DeserializeError::expected(
            "expected an http-date string",
            other,
        )),
    }
}

/// A blob from standard base64 (padding optional, since some servers omit it).
pub fn blob(v: &Value) -> Result<Blob, DeserializeError> {
    const ENGINE: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    let s = string_ref(v).map_err(|_| DeserializeError::expected("expected a base64 string", v))?;
    ENGINE
        .decode(s)
        .map(Blob::new)
        .map_err(|e| DeserializeError::new(format!("invalid base64: {e}")))
}

/// A document: any JSON value, converted without interpretation.
pub fn document(v: &Value) -> Result<Document, DeserializeError> {
    Ok(to_document(v))
}

fn to_document(v: &Value) -> Document {
    // Recursion is bounded by the parser's depth limit.
    match v {
        Value::Null => Document::Null,
        Value::Bool(b) => Document::Bool(*b),
        // A document number has no big variant (as in the other AWS SDKs): integers beyond
        // 64 bits and decimals become the nearest f64.
        Value::Number(n) => Document::Number(if let Some(u) = n.as_u64() {
            Number::PosInt(u)
        } else if let Some(i) = n.as_i64() {
            Number::NegInt(i)
        } else {
            let f: f64 = n.as_str().parse().unwrap_or(f64::NAN);
            Number::Float(f)
        }),
        Value::String(s) => Document::String(s.clone()),
        Value::Array(items) => Document::Array(items.iter().map(to_document).collect()),
        Value::Object(members) => Document::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), to_document(v)))
                .collect(),
        ),
    }
}

/// Longest exponent a big integer written in exponent form may expand to, in digits. Stops a
/// ten-byte `1e999999999` from allocating a gigabyte.
const MAX_EXPANDED_DIGITS: i64 = 10_000;

/// A big integer, exactly: integer literals of any length as written; exponent or fraction forms
/// (`1e30`, `1.5e3`, `3.0`) when they denote a whole number, expanded to plain digits. A string
/// holding a valid integer is accepted too.
pub fn big_integer(v: &Value) -> Result<BigInteger, DeserializeError> {
    let text = match v {
        Value::Number(n) if n.is_integer_literal() => n.as_str().to_owned(),
        Value::Number(n) => whole_number_digits(n).ok_or_else(|| {
            DeserializeError::new(format!(
                "{} is not a whole number within range for a big integer",
                preview(n.as_str())
            ))
        })?,
        Value::String(s) => s.clone(),
        other => return Err(DeserializeError::expected("expected a big integer", other)),
    };
    text.parse()
        .map_err(|_| DeserializeError::new(format!("invalid big integer {}", preview(&text))))
}

/// The plain digits of a number in fraction/exponent form, or `None` when it is not whole or
/// would expand beyond [`MAX_EXPANDED_DIGITS`].
fn whole_number_digits(n: &JsonNumber) -> Option<String> {
    let text = n.as_str();
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], text[at + 1..].parse::<i64>().ok()?),
        None => (text, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: String = [int_part, frac_part].concat();
    // The decimal point sits after `point` digits of `digits`.
    let point = i64::try_from(int_part.len()).ok()?.checked_add(exponent)?;
    let significant = digits.trim_end_matches('0');
    let significant_len = i64::try_from(significant.len()).ok()?;
    if significant.trim_start_matches('0').is_empty() {
        return Some("0".to_owned());
    }
    if significant_len > point {
        return None; // a non-zero digit after the decimal point
    }
    if point > MAX_EXPANDED_DIGITS {
        return None;
    }
    let mut out = String::with_capacity(usize::try_from(point).ok()? + 1);
    if negative {
        out.push('-');
    }
    out.push_str(significant);
    out.extend(std::iter::repeat_n(
        '0',
        usize::try_from(point - significant_len).ok()?,
    ));
    // Leading zeros from the mantissa (`0.5e1` -> "05") are not valid in the result.
    let body_start = usize::from(negative);
    let trimmed = out[body_start..].trim_start_matches('0').to_owned();
    out.truncate(body_start);
    out.push_str(&trimmed);
    Some(out)
}

/// A big decimal, exactly as written (any number of digits, any exponent). A string holding a
/// valid decimal is accepted too.
pub fn big_decimal(v: &Value) -> Result<BigDecimal, DeserializeError> {
    let text = match v {
        Value::Number(n) => n.as_str(),
        Value::String(s) => s.as_str(),
        other => return Err(DeserializeError::expected("expected a big decimal", other)),
    };
    text.parse()
        .map_err(|_| DeserializeError::new(format!("invalid big decimal {}", preview(text))))
}

fn array(v: &Value) -> Result<&[Value], DeserializeError> {
    match v {
        Value::Array(items) => Ok(items),
        other => Err(DeserializeError::expected("expected an array", other)),
    }
}

fn map_obj(v: &Value) -> Result<&[(String, Value)], DeserializeError> {
    match v {
        Value::Object(members) => Ok(members),
        other => Err(DeserializeError::expected("expected an object", other)),
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

/// The members of an object as map entries.
fn entries(
    v: &Value,
) -> Result<impl ExactSizeIterator<Item = Result<(&str, &Value), DeserializeError>>, DeserializeError>
{
    Ok(map_obj(v)?.iter().map(|(k, v)| Ok((k.as_str(), v))))
}

/// The one set member of a union object. A `__type` key and `null` members are ignored;
/// `Ok(None)` when no member is set; an error when more than one is.
pub fn union_member(v: &Value) -> Result<Option<(&str, &Value)>, DeserializeError> {
    let obj = map_obj(v)?;
    let mut found: Option<(&str, &Value)> = None;
    for (k, item) in obj {
        if item.is_null() || k == "__type" {
            continue;
        }
        if let Some((first, _)) = found {
            return Err(DeserializeError::new(format!(
                "a union must have exactly one member set, found {} and {}",
                preview(first),
                preview(k)
            )));
        }
        found = Some((k.as_str(), item));
    }
    Ok(found)
}

/// Describes the JSON type of `v` (`"a string"`, `"null"`, ...) for custom error messages.
pub fn type_name(v: &Value) -> &'static str {
    json_type_name(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `serde_json::json!` syntax, parsed by our parser (so tests read like JSON literals).
    macro_rules! json {
        ($($t:tt)+) => {
            parse(serde_json::json!($($t)+).to_string().as_bytes()).expect("valid JSON")
        };
    }

    /// A document parsed from its text (for numbers serde_json would round).
    fn text(t: &str) -> Value {
        parse(t.as_bytes()).expect("valid JSON")
    }

    #[test]
    fn parse_empty_and_whitespace_bodies_are_empty_objects() {
        assert_eq!(parse(b"").unwrap(), json!({}));
        assert_eq!(parse(b" \n\t ").unwrap(), json!({}));
        assert_eq!(parse(br#"{"a":1}"#).unwrap(), json!({"a": 1}));
        assert!(parse(b"<html>").is_err());
        assert!(parse(b"{\"a\":").is_err());
    }

    #[test]
    fn parse_depth_is_bounded() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        let err = parse(deep.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("recursion limit"), "{err}");
        let ok = "[".repeat(100) + &"]".repeat(100);
        assert!(parse(ok.as_bytes()).is_ok());
    }

    #[test]
    fn object_skips_nulls() {
        let v = json!({"a": 1, "b": null, "c": "x"});
        let mut keys: Vec<&str> = object(&v).unwrap().map(|(k, _)| k).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["a", "c"]);
        assert_eq!(
            object(&json!([])).err().unwrap().to_string(),
            "expected an object at `$`, found an array"
        );
    }

    #[test]
    fn scalars_and_ranges() {
        assert_eq!(string(&json!("s")).unwrap(), "s");
        assert_eq!(string_ref(&json!("s")).unwrap(), "s");
        assert!(string(&json!(1)).is_err());
        assert!(boolean(&json!(true)).unwrap());
        assert!(boolean(&json!("true")).is_err());
        assert_eq!(byte(&json!(-128)).unwrap(), -128);
        assert!(byte(&json!(128)).is_err());
        assert_eq!(short(&json!(32767)).unwrap(), 32767);
        assert!(short(&json!(-32769)).is_err());
        assert_eq!(integer(&json!(2_147_483_647)).unwrap(), i32::MAX);
        assert!(integer(&json!(2_147_483_648i64)).is_err());
        assert_eq!(integer(&json!(3.0)).unwrap(), 3);
        assert!(integer(&json!(3.5)).is_err());
        assert_eq!(long(&json!(i64::MIN)).unwrap(), i64::MIN);
        assert!(long(&json!(u64::MAX)).is_err());
        assert!(long(&json!(1e300)).is_err());
        assert!(long(&json!("1")).is_err());
        let e = integer(&json!(2_147_483_648i64)).unwrap_err().at("Count");
        assert_eq!(
            e.to_string(),
            "integer 2147483648 out of range for integer at `$.Count`"
        );
    }

    #[test]
    fn floats_accept_non_finite_strings() {
        assert!(double(&json!("NaN")).unwrap().is_nan());
        assert_eq!(double(&json!("Infinity")).unwrap(), f64::INFINITY);
        assert_eq!(double(&json!("-Infinity")).unwrap(), f64::NEG_INFINITY);
        assert_eq!(double(&json!(1.5)).unwrap(), 1.5);
        assert_eq!(double(&json!(2)).unwrap(), 2.0);
        assert!(double(&json!("nan")).is_err());
        let huge = "x".repeat(1 << 20);
        let msg = double(&json!(huge)).unwrap_err().at(&huge).to_string();
        assert!(msg.len() < 512, "{}", msg.len());
        assert!(double(&json!(null)).is_err());
        assert!(float(&json!("NaN")).unwrap().is_nan());
        assert_eq!(float(&json!(-1.25)).unwrap(), -1.25f32);
    }

    #[test]
    fn timestamps_in_all_formats() {
        use TimestampFormat::*;
        assert_eq!(
            timestamp(&json!(1_515_531_081), EpochSeconds).unwrap(),
            crate::DateTime::from_secs(1_515_531_081)
        );
        assert_eq!(
            timestamp(&json!(1_515_531_081.123), EpochSeconds).unwrap(),
            crate::DateTime::from_secs_and_nanos(1_515_531_081, 123_000_000)
        );
        assert_eq!(
            timestamp(&json!(1.5), EpochSeconds).unwrap(),
            crate::DateTime::from_secs_and_nanos(1, 500_000_000)
        );
        assert!(timestamp(&json!("1"), EpochSeconds).is_err());
        assert!(timestamp(&json!(1e300), EpochSeconds).is_err());
        assert_eq!(
            timestamp(&json!("2019-12-16T23:48:18.52+01:00"), DateTime).unwrap(),
            crate::DateTime::from_secs_and_nanos(1_576_536_498, 520_000_000)
        );
        assert!(timestamp(&json!(1), DateTime).is_err());
        let e = timestamp(&json!("not a date"), DateTime)
            .unwrap_err()
            .at("At");
        assert!(
            e.to_string().starts_with("invalid date-time timestamp"),
            "{e}"
        );
        assert_eq!(
            timestamp(&json!("Tue, 29 Apr 2014 18:30:38 GMT"), HttpDate).unwrap(),
            crate::DateTime::from_secs(1_398_796_238)
        );
    }

    #[test]
    fn blobs_are_base64() {
        assert_eq!(blob(&json!("aGVsbG8=")).unwrap().as_ref(), b"hello");
        assert_eq!(blob(&json!("aGVsbG8")).unwrap().as_ref(), b"hello");
        assert_eq!(blob(&json!("")).unwrap().as_ref(), b"");
        assert!(blob(&json!("!!!")).is_err());
        assert!(blob(&json!(5)).is_err());
    }

    #[test]
    fn documents_and_big_numbers() {
        let d = document(&json!({"a": [1, -2, 0.5, "s", null, true]})).unwrap();
        let Document::Object(map) = d else { panic!() };
        assert_eq!(
            map["a"],
            Document::Array(vec![
                Document::Number(Number::PosInt(1)),
                Document::Number(Number::NegInt(-2)),
                Document::Number(Number::Float(0.5)),
                Document::String("s".into()),
                Document::Null,
                Document::Bool(true),
            ])
        );
        assert_eq!(big_integer(&json!(12345)).unwrap().as_str(), "12345");
        assert!(big_integer(&json!(1.5)).is_err());
        assert_eq!(big_decimal(&json!(1.5)).unwrap().as_str(), "1.5");
        assert_eq!(big_decimal(&json!("1.25")).unwrap().as_str(), "1.25");
        assert!(big_decimal(&json!("x")).is_err());
        assert!(big_decimal(&json!(true)).is_err());
    }

    #[test]
    fn big_numbers_are_lossless() {
        // Far beyond u64 and f64: every digit survives.
        let int = "-123456789012345678901234567890123456789012345678901234567890";
        let v = text(&format!(r#"{{"n": {int}}}"#));
        let n = object(&v).unwrap().next().unwrap().1;
        assert_eq!(big_integer(n).unwrap().as_str(), int);
        let dec = "3.14159265358979323846264338327950288419716939937510582097494459";
        assert_eq!(big_decimal(&text(dec)).unwrap().as_str(), dec);
        assert_eq!(big_decimal(&text("1E+400")).unwrap().as_str(), "1E+400");
        assert_eq!(
            big_decimal(&text("-0.1e-999")).unwrap().as_str(),
            "-0.1e-999"
        );
        // Whole numbers in exponent or fraction form expand exactly (not via f64).
        for (json, digits) in [
            ("1e30", "1000000000000000000000000000000"),
            ("1.5e3", "1500"),
            ("-2.50E+2", "-250"),
            ("3.0", "3"),
            ("0.001e3", "1"),
            ("12000e-3", "12"),
            ("0e10", "0"),
            (
                "123456789012345678901234567890.000",
                "123456789012345678901234567890",
            ),
        ] {
            assert_eq!(big_integer(&text(json)).unwrap().as_str(), digits, "{json}");
        }
        for not_whole in [
            "1.5",
            "1e-1",
            "12345e-3",
            "1e99999",
            "1e99999999999999999999",
        ] {
            assert!(big_integer(&text(not_whole)).is_err(), "{not_whole}");
        }
        // The same text as a fixed-width number is range-checked, not wrapped or rounded.
        assert!(
            long(&text("9223372036854775808"))
                .unwrap_err()
                .to_string()
                .contains("out of range")
        );
        assert!(
            double(&text("1e400"))
                .unwrap_err()
                .to_string()
                .contains("out of range")
        );
        assert_eq!(long(&text("1e3")).unwrap(), 1000);
        // Documents have no big variant: the nearest f64.
        assert_eq!(
            document(&text("123456789012345678901234567890")).unwrap(),
            Document::Number(Number::Float(1.2345678901234568e29))
        );
    }

    #[test]
    fn epoch_seconds_fractions_are_exact() {
        use TimestampFormat::EpochSeconds;
        assert_eq!(
            timestamp(&text("1515531081.123456789"), EpochSeconds).unwrap(),
            crate::DateTime::from_secs_and_nanos(1_515_531_081, 123_456_789)
        );
        assert_eq!(
            timestamp(&text("-1.5"), EpochSeconds).unwrap(),
            crate::DateTime::from_secs_and_nanos(-2, 500_000_000)
        );
        assert_eq!(
            timestamp(&text("1.5e3"), EpochSeconds).unwrap(),
            crate::DateTime::from_secs(1500)
        );
        assert!(timestamp(&text("99999999999999999999"), EpochSeconds).is_err());
    }

    #[test]
    fn dense_and_sparse_collections() {
        let v = json!(["a", null, "b"]);
        assert_eq!(list(&v, string).unwrap(), ["a", "b"]);
        assert_eq!(
            sparse_list(&v, string).unwrap(),
            [Some("a".to_owned()), None, Some("b".to_owned())]
        );
        let e = list(&json!(["a", 1]), string).unwrap_err().at("Names");
        assert_eq!(
            e.to_string(),
            "expected a string at `$.Names[1]`, found a number"
        );

        let m = json!({"x": 1, "y": null});
        let dense = map(&m, integer).unwrap();
        assert_eq!(dense.len(), 1);
        assert_eq!(dense["x"], 1);
        let sparse = sparse_map(&m, integer).unwrap();
        assert_eq!(sparse.len(), 2);
        assert_eq!(sparse["y"], None);
        let e = map(&json!({"k": "v"}), integer).unwrap_err();
        assert_eq!(
            e.to_string(),
            "expected an integer at `$.k`, found a string"
        );
        assert!(list(&json!({}), string).is_err());
        assert!(map(&json!([]), string).is_err());
    }

    #[test]
    fn union_member_rules() {
        let v = json!({"__type": "ns#U", "a": null, "b": 1});
        let (k, val) = union_member(&v).unwrap().unwrap();
        assert_eq!((k, val), ("b", &json!(1)));
        assert_eq!(union_member(&json!({"a": null})).unwrap(), None);
        assert_eq!(union_member(&json!({})).unwrap(), None);
        assert!(union_member(&json!({"a": 1, "b": 2})).is_err());
        assert!(union_member(&json!("a")).is_err());
    }
}
