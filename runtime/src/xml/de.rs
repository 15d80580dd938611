//! Typed readers over [`Element`]s, used by generated XML deserializers (the XML twin of
//! [`crate::json::de`]).
//!
//! Scalars are read from an element's text. Numbers, booleans and timestamps tolerate
//! surrounding whitespace (pretty-printers add it); strings are kept exactly. Floats accept
//! `NaN`, `Infinity` and `-Infinity`; integers are range-checked against their Smithy width;
//! blobs are base64; timestamps are date-time unless the member says otherwise.
//!
//! Errors are [`DeserializeError`]s, the same type the JSON side uses, so generated code adds
//! the member path with [`DeserializeError::at`] / [`DeserializeError::at_index`] and the
//! client reports both protocols alike. The collection readers here add the index or map key
//! themselves.

use std::collections::HashMap;

use base64::Engine as _;

use super::tree::Element;
use crate::json::{DeserializeError, preview};
use crate::primitives::{BigDecimal, BigInteger, Blob, DateTime, TimestampFormat};

/// The element's text as an owned string, exactly as written (whitespace is data).
pub fn string(e: Element<'_>) -> Result<String, DeserializeError> {
    Ok(e.text().to_owned())
}

/// The element's text, borrowed (for enum matching without a copy).
pub fn string_ref<'a>(e: Element<'a>) -> Result<&'a str, DeserializeError> {
    Ok(e.text())
}

fn trimmed<'a>(e: Element<'a>) -> &'a str {
    e.text().trim_ascii()
}

/// `true` or `false`.
pub fn boolean(e: Element<'_>) -> Result<bool, DeserializeError> {
    match trimmed(e) {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(DeserializeError::new(format!(
            "expected `true` or `false`, found {}",
            preview(other)
        ))),
    }
}

/// An integer of the given width, with a range check. Decimal digits with an optional sign only.
fn ranged<T: std::str::FromStr>(e: Element<'_>, name: &'static str) -> Result<T, DeserializeError> {
    let text = trimmed(e);
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DeserializeError::new(format!(
            "expected {name}, found {}",
            preview(text)
        )));
    }
    text.parse().map_err(|_| {
        DeserializeError::new(format!("integer {} out of range for {name}", preview(text)))
    })
}

/// A Smithy `byte` (i8).
pub fn byte(e: Element<'_>) -> Result<i8, DeserializeError> {
    ranged(e, "a byte")
}

/// A Smithy `short` (i16).
pub fn short(e: Element<'_>) -> Result<i16, DeserializeError> {
    ranged(e, "a short")
}

/// A Smithy `integer` (i32).
pub fn integer(e: Element<'_>) -> Result<i32, DeserializeError> {
    ranged(e, "an integer")
}

/// A Smithy `long` (i64).
pub fn long(e: Element<'_>) -> Result<i64, DeserializeError> {
    ranged(e, "a long")
}

/// Parses a float from wire text: `NaN`, `Infinity`, `-Infinity`, or a decimal number.
/// Rust's own parser also takes `inf`, `nan` and `infinity` in any case, which no AWS
/// protocol allows, so those are rejected here.
pub(crate) fn parse_double(text: &str) -> Option<f64> {
    match text {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ if text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E')) =>
        {
            text.parse::<f64>().ok()
        }
        _ => None,
    }
}

/// A Smithy `double`; accepts `NaN`, `Infinity` and `-Infinity`.
pub fn double(e: Element<'_>) -> Result<f64, DeserializeError> {
    let text = trimmed(e);
    parse_double(text).ok_or_else(|| {
        DeserializeError::new(format!(
            "expected a number or NaN/Infinity/-Infinity, found {}",
            preview(text)
        ))
    })
}

/// A Smithy `float` (f32); same forms as [`double`].
pub fn float(e: Element<'_>) -> Result<f32, DeserializeError> {
    double(e).map(|f| f as f32)
}

/// A timestamp in `format` (XML bodies default to [`TimestampFormat::DateTime`]; members with
/// `@timestampFormat` say otherwise). Epoch seconds may have a fraction.
pub fn timestamp(e: Element<'_>, format: TimestampFormat) -> Result<DateTime, DeserializeError> {
    DateTime::parse(trimmed(e), format).map_err(|err| DeserializeError::new(err.to_string()))
}

/// A blob from standard base64 (padding optional; whitespace such as line breaks that some
/// servers insert in long values is ignored).
pub fn blob(e: Element<'_>) -> Result<Blob, DeserializeError> {
    const ENGINE: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    let text = e.text();
    let result = if text.bytes().any(|b| b.is_ascii_whitespace()) {
        let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        ENGINE.decode(compact)
    } else {
        ENGINE.decode(text)
    };
    result
        .map(Blob::new)
        .map_err(|err| DeserializeError::new(format!("invalid base64: {err}")))
}

/// A big integer, exactly as written.
pub fn big_integer(e: Element<'_>) -> Result<BigInteger, DeserializeError> {
    let text = trimmed(e);
    text.parse()
        .map_err(|_| DeserializeError::new(format!("invalid big integer {}", preview(text))))
}

/// A big decimal, exactly as written.
pub fn big_decimal(e: Element<'_>) -> Result<BigDecimal, DeserializeError> {
    let text = trimmed(e);
    text.parse()
        .map_err(|_| DeserializeError::new(format!("invalid big decimal {}", preview(text))))
}

/// The value of attribute `name` (an `@xmlAttribute` member), if present.
pub fn attribute<'a>(e: Element<'a>, name: &str) -> Option<&'a str> {
    e.attr(name)
}

/// A wrapped list: the children of `e` named `member` (`member` unless the list member has an
/// `@xmlName`), each read with `f`. Other children are ignored. Errors carry the item index.
pub fn list<'a, T>(
    e: Element<'a>,
    member: &str,
    f: impl FnMut(Element<'a>) -> Result<T, DeserializeError>,
) -> Result<Vec<T>, DeserializeError> {
    collect_items(e.children_named(member), f)
}

/// A flattened list: the children of `parent` named `name` (the structure member's name),
/// which appear directly among the structure's other members.
pub fn flattened_list<'a, T>(
    parent: Element<'a>,
    name: &str,
    f: impl FnMut(Element<'a>) -> Result<T, DeserializeError>,
) -> Result<Vec<T>, DeserializeError> {
    collect_items(parent.children_named(name), f)
}

fn collect_items<'a, T>(
    items: impl Iterator<Item = Element<'a>>,
    mut f: impl FnMut(Element<'a>) -> Result<T, DeserializeError>,
) -> Result<Vec<T>, DeserializeError> {
    let mut out = Vec::new();
    for (i, item) in items.enumerate() {
        out.push(f(item).map_err(|err| err.at_index(i))?);
    }
    Ok(out)
}

/// Names of the key and value elements of a map entry (`key`/`value` unless renamed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapNames<'n> {
    /// The key element's name.
    pub key: &'n str,
    /// The value element's name.
    pub value: &'n str,
}

impl MapNames<'static> {
    /// `key` and `value`.
    pub const DEFAULT: Self = Self {
        key: "key",
        value: "value",
    };
}

/// A wrapped map: `<entry><key>k</key><value>v</value></entry>` children of `e`. A later
/// duplicate key replaces an earlier one. An entry without a key is an error; an entry without
/// a value is skipped (there is nothing to read). Errors carry the key.
pub fn map<'a, T>(
    e: Element<'a>,
    names: MapNames<'_>,
    f: impl FnMut(Element<'a>) -> Result<T, DeserializeError>,
) -> Result<HashMap<String, T>, DeserializeError> {
    collect_entries(e.children_named("entry"), names, f)
}

/// A flattened map: each child of `parent` named `name` is one entry with key/value children.
pub fn flattened_map<'a, T>(
    parent: Element<'a>,
    name: &str,
    names: MapNames<'_>,
    f: impl FnMut(Element<'a>) -> Result<T, DeserializeError>,
) -> Result<HashMap<String, T>, DeserializeError> {
    collect_entries(parent.children_named(name), names, f)
}

fn collect_entries<'a, T>(
    entries: impl Iterator<Item = Element<'a>>,
    names: MapNames<'_>,
    mut f: impl FnMut(Element<'a>) -> Result<T, DeserializeError>,
) -> Result<HashMap<String, T>, DeserializeError> {
    let mut out = HashMap::new();
    for (i, entry) in entries.enumerate() {
        let key = entry.child(names.key).ok_or_else(|| {
            DeserializeError::new(format!("map entry has no <{}>", names.key)).at_index(i)
        })?;
        let key = key.text();
        if let Some(value) = entry.child(names.value) {
            out.insert(key.to_owned(), f(value).map_err(|err| err.at(key))?);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::parse;

    fn doc(text: &str) -> crate::xml::Document {
        parse(text.as_bytes()).expect("valid XML")
    }

    #[test]
    fn strings_keep_whitespace_and_entities() {
        let d = doc("<a><s>  </s><e/><f></f><x>escaped data: &amp;lt;&#xD;&#10;</x></a>");
        let r = d.root();
        assert_eq!(string(r.child("s").unwrap()).unwrap(), "  ");
        assert_eq!(string(r.child("e").unwrap()).unwrap(), "");
        assert_eq!(string_ref(r.child("f").unwrap()).unwrap(), "");
        assert_eq!(
            string(r.child("x").unwrap()).unwrap(),
            "escaped data: &lt;\r\n"
        );
    }

    #[test]
    fn booleans_and_integer_widths() {
        let d = doc("<a><t> true </t><f>false</f><bad>True</bad>\
             <b1>-128</b1><b2>128</b2><s1>32767</s1><s2>-32769</s2>\
             <i1>2147483647</i1><i2>2147483648</i2><l1>-9223372036854775808</l1>\
             <l2>9223372036854775808</l2><frac>3.0</frac><empty/><plus>+5</plus></a>");
        let c = |n: &str| d.root().child(n).unwrap();
        assert!(boolean(c("t")).unwrap());
        assert!(!boolean(c("f")).unwrap());
        assert!(boolean(c("bad")).is_err());
        assert_eq!(byte(c("b1")).unwrap(), -128);
        assert_eq!(
            byte(c("b2")).unwrap_err().at("B").to_string(),
            "integer \"128\" out of range for a byte at `$.B`"
        );
        assert_eq!(short(c("s1")).unwrap(), i16::MAX);
        assert!(short(c("s2")).is_err());
        assert_eq!(integer(c("i1")).unwrap(), i32::MAX);
        assert!(integer(c("i2")).is_err());
        assert_eq!(long(c("l1")).unwrap(), i64::MIN);
        assert!(long(c("l2")).is_err());
        assert!(integer(c("frac")).is_err());
        assert!(integer(c("empty")).is_err());
        assert_eq!(integer(c("plus")).unwrap(), 5);
    }

    #[test]
    fn floats_accept_non_finite_forms_only_as_spelled() {
        let d = doc(
            "<a><n>NaN</n><i>Infinity</i><m>-Infinity</m><x>1.5</x><e>1e3</e>\
             <l>nan</l><inf>inf</inf><w>abc</w></a>",
        );
        let c = |n: &str| d.root().child(n).unwrap();
        assert!(double(c("n")).unwrap().is_nan());
        assert_eq!(double(c("i")).unwrap(), f64::INFINITY);
        assert_eq!(double(c("m")).unwrap(), f64::NEG_INFINITY);
        assert_eq!(double(c("x")).unwrap(), 1.5);
        assert_eq!(float(c("e")).unwrap(), 1000.0);
        for bad in ["l", "inf", "w"] {
            assert!(double(c(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn timestamps_blobs_and_big_numbers() {
        let d = doc(
            "<a><d>2014-04-29T18:30:38Z</d><o>2019-12-16T23:48:18.52+01:00</o>\
             <s>1398796238.5</s><h>Tue, 29 Apr 2014 18:30:38 GMT</h>\
             <b>aGVs\n bG8=</b><bi>123456789012345678901234567890</bi><bd>1.25e-3</bd></a>",
        );
        let c = |n: &str| d.root().child(n).unwrap();
        assert_eq!(
            timestamp(c("d"), TimestampFormat::DateTime).unwrap(),
            DateTime::from_secs(1_398_796_238)
        );
        assert_eq!(
            timestamp(c("o"), TimestampFormat::DateTime).unwrap(),
            DateTime::from_secs_and_nanos(1_576_536_498, 520_000_000)
        );
        assert_eq!(
            timestamp(c("s"), TimestampFormat::EpochSeconds).unwrap(),
            DateTime::from_secs_and_nanos(1_398_796_238, 500_000_000)
        );
        assert_eq!(
            timestamp(c("h"), TimestampFormat::HttpDate).unwrap(),
            DateTime::from_secs(1_398_796_238)
        );
        assert!(timestamp(c("h"), TimestampFormat::DateTime).is_err());
        assert_eq!(blob(c("b")).unwrap().as_ref(), b"hello");
        assert!(blob(c("d")).is_err());
        assert_eq!(
            big_integer(c("bi")).unwrap().as_str(),
            "123456789012345678901234567890"
        );
        assert!(big_integer(c("bd")).is_err());
        assert_eq!(big_decimal(c("bd")).unwrap().as_str(), "1.25e-3");
    }

    #[test]
    fn wrapped_flattened_and_renamed_lists() {
        let d = doc("<r><L><member>a</member><member>b</member></L>\
             <R><item>1</item><item>x</item></R>\
             <F>p</F><other/><F>q</F></r>");
        let r = d.root();
        assert_eq!(
            list(r.child("L").unwrap(), "member", string).unwrap(),
            ["a", "b"]
        );
        let err = list(r.child("R").unwrap(), "item", integer)
            .unwrap_err()
            .at("R");
        assert_eq!(
            err.to_string(),
            "expected an integer, found \"x\" at `$.R[1]`"
        );
        assert_eq!(flattened_list(r, "F", string).unwrap(), ["p", "q"]);
        assert!(flattened_list(r, "none", string).unwrap().is_empty());
    }

    #[test]
    fn wrapped_flattened_and_renamed_maps() {
        let d = doc("<r><M><entry><key>a</key><value>1</value></entry>\
             <entry><key>b</key><value>2</value></entry></M>\
             <K><entry><K>x</K><V>bad</V></entry></K>\
             <F><key>f</key><value>3</value></F><F><key>g</key></F>\
             <N><entry><value>1</value></entry></N></r>");
        let r = d.root();
        let m = map(r.child("M").unwrap(), MapNames::DEFAULT, integer).unwrap();
        assert_eq!((m["a"], m["b"], m.len()), (1, 2, 2));
        let names = MapNames {
            key: "K",
            value: "V",
        };
        let err = map(r.child("K").unwrap(), names, integer).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected an integer, found \"bad\" at `$.x`"
        );
        let f = flattened_map(r, "F", MapNames::DEFAULT, integer).unwrap();
        assert_eq!((f["f"], f.len()), (3, 1));
        assert!(map(r.child("N").unwrap(), MapNames::DEFAULT, integer).is_err());
        assert_eq!(attribute(r, "nope"), None);
    }
}
