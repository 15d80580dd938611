//! Support for the Smithy protocol compliance tests the generator emits (feature `test-util`):
//! a fixed test configuration, request assertions in the terms of `smithy.test#httpRequestTests`,
//! and [`ProtocolEq`], the NaN-aware structural comparison used by response tests.
//!
//! Every check collects human-readable differences instead of panicking, so one failing test
//! reports everything that is wrong with a request at once.

pub mod event_stream;

use std::collections::HashMap;
use std::hash::Hash;

use crate::config::{Config, RetryConfig};
use crate::credentials::Credentials;
use crate::json::Value;
use crate::primitives::{
    BigDecimal, BigInteger, Blob, DateTime, Document, Number, UnknownVariantValue,
};
use crate::transport::HttpClient;

/// The idempotency token protocol tests expect a client to fill in.
pub const IDEMPOTENCY_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// A configuration for protocol tests: fixed credentials, region `us-east-1`, a single attempt,
/// the fixed [`IDEMPOTENCY_TOKEN`], and `host` as the endpoint (`https://` is added unless the
/// host already names a scheme; the test traits give bare hosts such as `example.com/custom`).
pub fn config(host: &str, http: impl HttpClient) -> Config {
    let endpoint = if host.contains("://") {
        host.to_owned()
    } else {
        format!("https://{host}")
    };
    base(http)
        .region("us-east-1")
        .endpoint_url(endpoint)
        .build()
}

/// Fixed credentials, one attempt, the fixed idempotency token and `http`.
fn base(http: impl HttpClient) -> crate::config::ConfigBuilder {
    Config::builder()
        .credentials(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "protocol-test",
        ))
        .retry(RetryConfig::disabled())
        .idempotency_token_provider(|| IDEMPOTENCY_TOKEN.to_owned())
        .http_client(http)
}

/// A configuration for protocol tests whose `vendorParams` name a region (`aws.protocoltests.config#AwsConfig`):
/// as [`config`], but in `region` and with no endpoint URL, so the endpoint comes from the
/// service's rule set (the AWS vendor params resolve "the default endpoint" of the region).
pub fn config_in_region(region: &str, http: impl HttpClient) -> Config {
    base(http).region(region).build()
}

/// What an `httpRequestTests` case expects of the request. Empty slices and `None` check nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct ExpectedRequest<'a> {
    /// The HTTP method.
    pub method: &'a str,
    /// The path, without the query string.
    pub uri: &'a str,
    /// `name=value` pairs (or bare names) that must appear in the query string.
    pub query_params: &'a [&'a str],
    /// Query parameter names that must not appear.
    pub forbid_query_params: &'a [&'a str],
    /// Query parameter names that must appear with any value.
    pub require_query_params: &'a [&'a str],
    /// Headers that must appear with exactly this value (names compared ignoring case).
    pub headers: &'a [(&'a str, &'a str)],
    /// Headers that must not appear.
    pub forbid_headers: &'a [&'a str],
    /// Headers that must appear with any value.
    pub require_headers: &'a [&'a str],
    /// The expected body; `Some("")` means an empty body.
    pub body: Option<&'a str>,
    /// The body's media type; `application/json` bodies are compared as JSON values.
    pub body_media_type: Option<&'a str>,
    /// The expected `Host` (host and port).
    pub resolved_host: Option<&'a str>,
}

/// Every way `request` differs from `expected` (empty when it matches).
pub fn request_differences<B: AsRef<[u8]>>(
    request: &http::Request<B>,
    expected: &ExpectedRequest<'_>,
) -> Vec<String> {
    let mut diffs = Vec::new();
    if request.method().as_str() != expected.method {
        diffs.push(format!(
            "method: got {}, expected {}",
            request.method(),
            expected.method
        ));
    }
    if request.uri().path() != expected.uri {
        diffs.push(format!(
            "uri: got {}, expected {}",
            request.uri().path(),
            expected.uri
        ));
    }
    let query: Vec<&str> = request
        .uri()
        .query()
        .map(|q| q.split('&').filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    let query_name = |pair: &str| pair.split('=').next().unwrap_or_default().to_owned();
    for param in expected.query_params {
        if !query.contains(param) {
            diffs.push(format!("query: {param} missing (got {query:?})"));
        }
    }
    for name in expected.forbid_query_params {
        if query.iter().any(|p| query_name(p) == *name) {
            diffs.push(format!("query: {name} must not be sent"));
        }
    }
    for name in expected.require_query_params {
        if !query.iter().any(|p| query_name(p) == *name) {
            diffs.push(format!("query: {name} is required"));
        }
    }
    let headers = request.headers();
    for (name, value) in expected.headers {
        let got: Vec<&str> = headers
            .get_all(*name)
            .iter()
            .map(|v| v.to_str().unwrap_or("<not UTF-8>"))
            .collect();
        if got.is_empty() {
            diffs.push(format!("header {name}: missing, expected {value:?}"));
        } else if got.join(", ") != *value {
            diffs.push(format!(
                "header {name}: got {:?}, expected {value:?}",
                got.join(", ")
            ));
        }
    }
    for name in expected.forbid_headers {
        if headers.contains_key(*name) {
            diffs.push(format!("header {name}: must not be sent"));
        }
    }
    for name in expected.require_headers {
        if !headers.contains_key(*name) {
            diffs.push(format!("header {name}: required but missing"));
        }
    }
    if let Some(host) = expected.resolved_host {
        let got = headers
            .get(http::header::HOST)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .or_else(|| request.uri().authority().map(|a| a.to_string()));
        if got.as_deref() != Some(host) {
            diffs.push(format!("host: got {got:?}, expected {host:?}"));
        }
    }
    if let Some(body) = expected.body {
        let got = request.body().as_ref();
        if expected.body_media_type == Some("application/cbor") && !body.is_empty() {
            cbor_body_differences(got, body, &mut diffs);
        } else if expected.body_media_type == Some("application/json") && !body.is_empty() {
            match (
                crate::json::parse_value(got),
                crate::json::parse_value(body.as_bytes()),
            ) {
                (Ok(g), Ok(e)) => {
                    if !json_eq(&g, &e) {
                        diffs.push(format!(
                            "body: got {}, expected {body}",
                            String::from_utf8_lossy(got)
                        ));
                    }
                }
                (Err(err), _) => diffs.push(format!(
                    "body: not JSON ({err}): {}",
                    String::from_utf8_lossy(got)
                )),
                (_, Err(err)) => diffs.push(format!("expected body is not JSON: {err}")),
            }
        } else if expected.body_media_type == Some("application/xml") && !body.is_empty() {
            xml_body_differences(got, body, &mut diffs);
        } else if expected.body_media_type == Some("application/x-www-form-urlencoded") {
            let pairs = |b: &[u8]| {
                let text = String::from_utf8_lossy(b).replace('\n', "");
                let mut v: Vec<String> = text
                    .split('&')
                    .map(|p| p.trim().to_owned())
                    .filter(|p| !p.is_empty())
                    .collect();
                v.sort();
                v
            };
            if pairs(got) != pairs(body.as_bytes()) {
                diffs.push(format!(
                    "body: got {:?}, expected {body:?}",
                    String::from_utf8_lossy(got)
                ));
            }
        } else if got != body.as_bytes() {
            diffs.push(format!(
                "body: got {:?}, expected {body:?}",
                String::from_utf8_lossy(got)
            ));
        }
    }
    diffs
}

/// Compares an XML body with the test's expected one, as canonical trees (see [`canonical_xml`]).
#[cfg(feature = "xml")]
fn xml_body_differences(got: &[u8], body: &str, diffs: &mut Vec<String>) {
    match (crate::xml::parse(got), crate::xml::parse(body.as_bytes())) {
        (Ok(g), Ok(e)) => {
            if canonical_xml(g.root()) != canonical_xml(e.root()) {
                diffs.push(format!(
                    "body: got {}, expected {body}",
                    String::from_utf8_lossy(got)
                ));
            }
        }
        (Err(err), _) => diffs.push(format!(
            "body: not XML ({err}): {}",
            String::from_utf8_lossy(got)
        )),
        (_, Err(err)) => diffs.push(format!("expected body is not XML: {err}")),
    }
}

/// Without the `xml` feature XML bodies cannot be compared as trees.
#[cfg(not(feature = "xml"))]
fn xml_body_differences(_got: &[u8], _body: &str, diffs: &mut Vec<String>) {
    diffs.push("body: comparing XML bodies needs the runtime's `xml` feature".to_owned());
}

/// A canonical text of an element for comparing XML bodies: the name, the sorted attributes
/// (namespace declarations included), then either the sorted canonical children or, for a
/// leaf, its text. Sibling order is ignored (map entries have no order); whitespace between
/// elements is not data. Depth is bounded by the parser's limit.
#[cfg(feature = "xml")]
fn canonical_xml(e: crate::xml::Element<'_>) -> String {
    let mut attrs: Vec<String> = e
        .attributes()
        .map(|a| format!("{}={:?}", a.qualified_name, a.value))
        .collect();
    attrs.sort();
    let inner = if e.has_children() {
        let mut children: Vec<String> = e.children().map(canonical_xml).collect();
        children.sort();
        children.concat()
    } else {
        format!("{:?}", e.text())
    };
    format!("<{} {}>{}</>", e.qualified_name(), attrs.join(" "), inner)
}

/// Compares a CBOR body with the test's expected one (base64 text, as the test traits give
/// binary bodies): both are decoded and compared as values, so definite and indefinite lengths,
/// map order and integer widths do not matter.
#[cfg(feature = "cbor")]
fn cbor_body_differences(got: &[u8], expected_base64: &str, diffs: &mut Vec<String>) {
    let expected = decode_base64(expected_base64);
    match (
        crate::cbor::parse_value(got),
        crate::cbor::parse_value(&expected),
    ) {
        (Ok(g), Ok(e)) => {
            if !cbor_eq(&g, &e) {
                diffs.push(format!("body: got {g:?}, expected {e:?}"));
            }
        }
        (Err(err), _) => diffs.push(format!("body: not CBOR ({err}): {got:02x?}")),
        (_, Err(err)) => diffs.push(format!("expected body is not CBOR: {err}")),
    }
}

/// Without the `cbor` feature CBOR bodies cannot be compared as values.
#[cfg(not(feature = "cbor"))]
fn cbor_body_differences(_got: &[u8], _expected_base64: &str, diffs: &mut Vec<String>) {
    diffs.push("body: comparing CBOR bodies needs the runtime's `cbor` feature".to_owned());
}

/// The bytes of a base64 body from a test trait (standard alphabet; padding optional). Text
/// that is not base64 is returned as its own bytes, so the comparison fails visibly.
pub fn decode_base64(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    let trimmed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(&trimmed)
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(&trimmed))
        .unwrap_or_else(|_| text.as_bytes().to_vec())
}

/// CBOR value equality for tests: numbers compare by value whatever their major type or float
/// width (NaN equals NaN), maps ignore pair order, tags compare number and content.
#[cfg(feature = "cbor")]
pub fn cbor_eq(a: &crate::cbor::Value, b: &crate::cbor::Value) -> bool {
    use crate::cbor::Value as V;
    fn number(v: &V) -> Option<f64> {
        match v {
            V::Unsigned(n) => Some(*n as f64),
            V::Negative(n) => Some(-1.0 - *n as f64),
            V::Float(f) => Some(*f),
            _ => None,
        }
    }
    match (a, b) {
        (V::Unsigned(x), V::Unsigned(y)) | (V::Negative(x), V::Negative(y)) => x == y,
        (V::Array(x), V::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| cbor_eq(x, y))
        }
        (V::Map(x), V::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.iter().any(|(k2, v2)| cbor_eq(k, k2) && cbor_eq(v, v2)))
        }
        (V::Tag(t, x), V::Tag(u, y)) => t == u && cbor_eq(x, y),
        _ => match (number(a), number(b)) {
            (Some(x), Some(y)) => x == y || (x.is_nan() && y.is_nan()),
            _ => a == b,
        },
    }
}

/// JSON equality where numbers compare by exact decimal value (`1` equals `1.0` and `10e-1`,
/// and 40-digit numbers are compared digit by digit) and key order is irrelevant.
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            decimal_parts(x.as_str()) == decimal_parts(y.as_str())
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_eq(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| b.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// A JSON number as (negative, significant digits without leading/trailing zeros, exponent of
/// the last digit), so equal values have equal parts whatever their notation.
fn decimal_parts(text: &str) -> (bool, String, i128) {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], text[at + 1..].parse::<i128>().unwrap_or(0)),
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = [whole, fraction].concat();
    let digits = digits.trim_start_matches('0');
    let trimmed = digits.trim_end_matches('0');
    if trimmed.is_empty() {
        return (false, String::new(), 0);
    }
    let exponent = exponent - fraction.len() as i128 + (digits.len() - trimmed.len()) as i128;
    (negative, trimmed.to_owned(), exponent)
}

/// Structural equality for response tests: floats compare NaN-aware, and every difference is
/// recorded with its path so a failure names the member that differs.
pub trait ProtocolEq {
    /// Appends to `diffs` each way `self` (the actual value) differs from `expected`.
    fn protocol_eq(&self, expected: &Self, path: &str, diffs: &mut Vec<String>);
}

/// Records a difference unless `equal`.
fn note<T: std::fmt::Debug + ?Sized>(
    equal: bool,
    got: &T,
    expected: &T,
    path: &str,
    diffs: &mut Vec<String>,
) {
    if !equal {
        diffs.push(format!("{path}: got {got:?}, expected {expected:?}"));
    }
}

macro_rules! protocol_eq_by_partial_eq {
    ($($t:ty),*) => {$(
        impl ProtocolEq for $t {
            fn protocol_eq(&self, expected: &Self, path: &str, diffs: &mut Vec<String>) {
                note(self == expected, self, expected, path, diffs);
            }
        }
    )*};
}

protocol_eq_by_partial_eq!(
    String,
    bool,
    i8,
    i16,
    i32,
    i64,
    BigInteger,
    BigDecimal,
    DateTime,
    Blob,
    UnknownVariantValue,
    ()
);

macro_rules! protocol_eq_float {
    ($($t:ty),*) => {$(
        impl ProtocolEq for $t {
            fn protocol_eq(&self, expected: &Self, path: &str, diffs: &mut Vec<String>) {
                let equal = (self.is_nan() && expected.is_nan()) || self == expected;
                note(equal, self, expected, path, diffs);
            }
        }
    )*};
}

protocol_eq_float!(f32, f64);

impl ProtocolEq for Document {
    fn protocol_eq(&self, expected: &Self, path: &str, diffs: &mut Vec<String>) {
        note(document_eq(self, expected), self, expected, path, diffs);
    }
}

/// Byte streams compare by their bytes, which a test transport holds in memory (an empty
/// stream and an unset payload are the same). A real stream cannot be compared without reading
/// it, so it is reported as a difference rather than consumed.
impl ProtocolEq for crate::ByteStream {
    fn protocol_eq(&self, expected: &Self, path: &str, diffs: &mut Vec<String>) {
        fn bytes(s: &crate::ByteStream) -> Option<&[u8]> {
            match s.content_length() {
                Some(0) => Some(&[]),
                _ => s.bytes(),
            }
        }
        match (bytes(self), bytes(expected)) {
            (Some(a), Some(b)) if a == b => {}
            (Some(a), Some(b)) => diffs.push(format!(
                "{path}: got {:?}, expected {:?}",
                String::from_utf8_lossy(a),
                String::from_utf8_lossy(b)
            )),
            _ => diffs.push(format!(
                "{path}: a byte stream not in memory cannot be compared"
            )),
        }
    }
}

fn document_eq(a: &Document, b: &Document) -> bool {
    match (a, b) {
        (Document::Number(x), Document::Number(y)) => number_eq(*x, *y),
        (Document::Array(x), Document::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| document_eq(x, y))
        }
        (Document::Object(x), Document::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| document_eq(v, w)))
        }
        _ => a == b,
    }
}

fn number_eq(a: Number, b: Number) -> bool {
    let (x, y) = (a.to_f64_lossy(), b.to_f64_lossy());
    (x.is_nan() && y.is_nan()) || x == y
}

impl<T: ProtocolEq + std::fmt::Debug> ProtocolEq for Option<T> {
    fn protocol_eq(&self, expected: &Self, path: &str, diffs: &mut Vec<String>) {
        match (self, expected) {
            (Some(a), Some(b)) => a.protocol_eq(b, path, diffs),
            (None, None) => {}
            _ => note(false, self, expected, path, diffs),
        }
    }
}

impl<T: ProtocolEq + ?Sized> ProtocolEq for Box<T> {
    fn protocol_eq(&self, expected: &Self, path: &str, diffs: &mut Vec<String>) {
        (**self).protocol_eq(&**expected, path, diffs);
    }
}

impl<T: ProtocolEq> ProtocolEq for Vec<T> {
    fn protocol_eq(&self, expected: &Self, path: &str, diffs: &mut Vec<String>) {
        if self.len() != expected.len() {
            diffs.push(format!(
                "{path}: got {} items, expected {}",
                self.len(),
                expected.len()
            ));
            return;
        }
        for (i, (a, b)) in self.iter().zip(expected).enumerate() {
            a.protocol_eq(b, &format!("{path}[{i}]"), diffs);
        }
    }
}

impl<K, V> ProtocolEq for HashMap<K, V>
where
    K: Eq + Hash + std::fmt::Debug,
    V: ProtocolEq,
{
    fn protocol_eq(&self, expected: &Self, path: &str, diffs: &mut Vec<String>) {
        for (k, b) in expected {
            match self.get(k) {
                Some(a) => a.protocol_eq(b, &format!("{path}[{k:?}]"), diffs),
                None => diffs.push(format!("{path}[{k:?}]: missing")),
            }
        }
        for k in self.keys().filter(|k| !expected.contains_key(*k)) {
            diffs.push(format!("{path}[{k:?}]: not expected"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_numbers_compare_by_value_and_keys_by_set() {
        let parse = |t: &str| crate::json::parse_value(t.as_bytes()).unwrap();
        let a = parse(r#"{"a": 1, "b": [1.0, 2]}"#);
        let b = parse(r#"{"b": [1, 2.0], "a": 1.0}"#);
        assert!(json_eq(&a, &b));
        let c = parse(r#"{"b": [1, 2.5], "a": 1.0}"#);
        assert!(!json_eq(&a, &c));
        // Exact: these differ only in the 40th digit, which an f64 comparison would miss.
        let wide = parse("1234567890123456789012345678901234567890");
        let wide_plus_one = parse("1234567890123456789012345678901234567891");
        assert!(!json_eq(&wide, &wide_plus_one));
        assert!(json_eq(
            &wide,
            &parse("1.234567890123456789012345678901234567890e39")
        ));
        assert!(json_eq(&parse("10e-1"), &parse("1")));
        assert!(json_eq(&parse("0"), &parse("-0.0")));
        assert!(!json_eq(&parse("-1"), &parse("1")));
        assert!(json_eq(&parse("0.00120"), &parse("12E-4")));
    }

    #[test]
    fn floats_compare_nan_aware() {
        let mut diffs = Vec::new();
        f64::NAN.protocol_eq(&f64::NAN, "x", &mut diffs);
        Some(1.5f32).protocol_eq(&Some(1.5), "y", &mut diffs);
        assert!(diffs.is_empty());
        Some(1.0f64).protocol_eq(&Some(f64::NAN), "z", &mut diffs);
        vec![1i32].protocol_eq(&vec![1, 2], "w", &mut diffs);
        assert_eq!(diffs.len(), 2, "{diffs:?}");
        assert!(diffs[0].starts_with("z: "));
    }

    #[test]
    fn request_differences_name_each_mismatch() {
        let request = http::Request::builder()
            .method("POST")
            .uri("https://example.com/?a=1")
            .header("Host", "example.com")
            .header("Content-Type", "application/x-amz-json-1.0")
            .body(bytes::Bytes::from_static(br#"{"x": 1}"#))
            .unwrap();
        let ok = ExpectedRequest {
            method: "POST",
            uri: "/",
            query_params: &["a=1"],
            headers: &[("content-type", "application/x-amz-json-1.0")],
            require_headers: &["Host"],
            body: Some(r#"{"x": 1.0}"#),
            body_media_type: Some("application/json"),
            resolved_host: Some("example.com"),
            ..Default::default()
        };
        assert_eq!(request_differences(&request, &ok), Vec::<String>::new());
        let bad = ExpectedRequest {
            method: "GET",
            forbid_query_params: &["a"],
            forbid_headers: &["host"],
            body: Some("{}"),
            resolved_host: Some("foo.example.com"),
            ..ok
        };
        assert_eq!(request_differences(&request, &bad).len(), 5);
    }
}
