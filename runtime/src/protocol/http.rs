//! Text forms of HTTP bindings (Smithy `http-bindings`): URI labels, query strings and headers,
//! in both directions. Generated restJson1 (and later restXml) code calls these and never
//! escapes or splits anything itself, so every encoding rule lives here once.

use std::borrow::Cow;
use std::collections::HashMap;
use std::str::FromStr;

use base64::Engine as _;

use crate::error::{ConstructionError, RawResponse};
use crate::json::DeserializeError;
use crate::primitives::{Blob, DateTime, TimestampFormat};

/// Appends `value` percent-encoded for a URI: every byte but `A-Z a-z 0-9 - . _ ~` becomes
/// `%XX` (UTF-8 first; a space is `%20`). `keep_slash` keeps `/` as is (greedy labels).
fn percent_encode_into(out: &mut String, value: &str, keep_slash: bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~')
            || (keep_slash && b == b'/')
        {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        }
    }
}

/// Appends one `@httpLabel` value to a path. The value must not be empty (the URI would
/// change shape); a greedy label (`{Key+}`) keeps its `/` separators.
pub fn push_label(
    path: &mut String,
    value: &str,
    member: &'static str,
    greedy: bool,
) -> Result<(), ConstructionError> {
    if value.is_empty() || (greedy && value.trim_matches('/').is_empty()) {
        return Err(ConstructionError::new(format!(
            "the URI label `{member}` cannot be empty or unset"
        )));
    }
    percent_encode_into(path, value, greedy);
    Ok(())
}

/// A query string: the constant part of the `@http` URI first, then bound parameters in the
/// order they are pushed.
#[derive(Debug, Default)]
pub struct QueryWriter {
    text: String,
}

impl QueryWriter {
    /// Starts with the literal query of the URI pattern (`foo=bar&hello`, already encoded by
    /// the model author; a key without `=` stays bare).
    pub fn new(literal: &str) -> Self {
        Self {
            text: literal.to_owned(),
        }
    }

    /// Appends `key=value`, both percent-encoded.
    pub fn push(&mut self, key: &str, value: &str) {
        if !self.text.is_empty() {
            self.text.push('&');
        }
        percent_encode_into(&mut self.text, key, false);
        self.text.push('=');
        percent_encode_into(&mut self.text, value, false);
    }

    /// Appends the query to `path` (with `?` when there is one).
    pub fn finish(self, mut path: String) -> String {
        if !self.text.is_empty() {
            path.push('?');
            path.push_str(&self.text);
        }
        path
    }
}

/// The text of a `double` in a label, query or header: `NaN`, `Infinity` and `-Infinity` for
/// the values JSON numbers cannot hold, else the shortest form that reads back the same.
pub fn fmt_f64(value: f64) -> String {
    if value.is_nan() {
        "NaN".into()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        value.to_string()
    }
}

/// [`fmt_f64`] for a `float`, printed from the f32 itself (`1.1`, not `1.100000023841858`).
pub fn fmt_f32(value: f32) -> String {
    if value.is_nan() {
        "NaN".into()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        value.to_string()
    }
}

/// A timestamp in a label, query or header.
pub fn fmt_timestamp(value: &DateTime, format: TimestampFormat) -> String {
    value.fmt(format)
}

/// A `@mediaType` string in a header is sent base64-encoded.
pub fn fmt_media_type(value: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(value)
}

/// One item of a list header: quoted (with `"` and `\` escaped) when it holds a `,` or `"`, or
/// starts or ends with whitespace, so the list splits back into the same items.
pub fn quote_header_item(item: &str) -> Cow<'_, str> {
    let needs = item.contains([',', '"'])
        || item.starts_with(char::is_whitespace)
        || item.ends_with(char::is_whitespace);
    if !needs {
        return Cow::Borrowed(item);
    }
    let mut out = String::with_capacity(item.len() + 2);
    out.push('"');
    for c in item.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    Cow::Owned(out)
}

/// Joins list header items with `, `; `quote`: quote items that need it (see
/// [`quote_header_item`]; http-dates are never quoted).
pub fn join_header_list(items: impl IntoIterator<Item = String>, quote: bool) -> String {
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if quote {
            out.push_str(&quote_header_item(&item));
        } else {
            out.push_str(&item);
        }
    }
    out
}

/// A blob in a header or query: base64.
pub fn fmt_blob(value: &Blob) -> String {
    base64::engine::general_purpose::STANDARD.encode(value.as_ref())
}

/// Reads a base64 blob from a header.
pub fn parse_blob(text: &str) -> Result<Blob, DeserializeError> {
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map(Blob::new)
        .map_err(|_| DeserializeError::new("expected base64 text"))
}

/// `@httpChecksumRequired`: `Content-MD5`, the base64 MD5 digest of the body. Needs the `md5`
/// feature.
#[cfg(feature = "md5")]
pub fn set_content_md5(request: &mut super::SerializedRequest) -> Result<(), ConstructionError> {
    use md5::Digest as _;
    let digest = md5::Md5::digest(request.body_bytes());
    let value = base64::engine::general_purpose::STANDARD.encode(digest);
    request.header("content-md5", &value)
}

fn header_error(name: &str, what: &str) -> DeserializeError {
    DeserializeError::new(format!("header {name}: {what}"))
}

/// The value of a response header (several lines are joined with `, `, as HTTP allows).
pub fn header<'a>(
    response: &'a RawResponse,
    name: &str,
) -> Result<Option<Cow<'a, str>>, DeserializeError> {
    let mut values = response.headers().get_all(name).iter();
    let Some(first) = values.next() else {
        return Ok(None);
    };
    let first = first
        .to_str()
        .map_err(|_| header_error(name, "not visible ASCII"))?;
    let mut joined: Option<String> = None;
    for more in values {
        let more = more
            .to_str()
            .map_err(|_| header_error(name, "not visible ASCII"))?;
        let text = joined.get_or_insert_with(|| first.to_owned());
        text.push_str(", ");
        text.push_str(more);
    }
    Ok(Some(match joined {
        Some(text) => Cow::Owned(text),
        None => Cow::Borrowed(first),
    }))
}

/// Splits a list header into items: commas outside quotes separate items, items are trimmed
/// and unquoted. `http_dates`: the items are IMF-fixdates, which contain a comma of their own
/// and are never quoted, so the text is split after each `GMT`.
pub fn split_header_list(text: &str, http_dates: bool) -> Result<Vec<String>, DeserializeError> {
    let mut items = Vec::new();
    if http_dates {
        let mut rest = text;
        while let Some(end) = rest.find("GMT") {
            items.push(
                rest[..end + 3]
                    .trim()
                    .trim_start_matches(',')
                    .trim()
                    .to_owned(),
            );
            rest = &rest[end + 3..];
        }
        if !rest.trim().trim_start_matches(',').trim().is_empty() {
            return Err(DeserializeError::new(
                "a list of http-date values has text after its last date",
            ));
        }
        return Ok(items);
    }
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut item = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            let mut closed = false;
            while let Some(c) = chars.next() {
                match c {
                    '\\' => match chars.next() {
                        Some(escaped) => item.push(escaped),
                        None => break,
                    },
                    '"' => {
                        closed = true;
                        break;
                    }
                    other => item.push(other),
                }
            }
            if !closed {
                return Err(DeserializeError::new("a quoted header item is not closed"));
            }
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            match chars.next() {
                Some(',') | None => {}
                Some(_) => return Err(DeserializeError::new("text after a quoted header item")),
            }
            items.push(item);
        } else {
            for c in chars.by_ref() {
                if c == ',' {
                    break;
                }
                item.push(c);
            }
            items.push(item.trim().to_owned());
        }
        if chars.peek().is_none() {
            break;
        }
    }
    // An empty header is an empty list.
    if text.trim().is_empty() {
        items.clear();
    }
    Ok(items)
}

/// Parses a header value as a boolean (`true`/`false`).
pub fn parse_bool(text: &str) -> Result<bool, DeserializeError> {
    match text.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(DeserializeError::new("expected `true` or `false`")),
    }
}

/// Parses an integer of any width from a header, query or label text.
pub fn parse_int<T: FromStr>(text: &str) -> Result<T, DeserializeError> {
    text.trim()
        .parse()
        .map_err(|_| DeserializeError::new("expected an integer in range"))
}

/// Parses a `double` (also `NaN`, `Infinity`, `-Infinity`).
pub fn parse_f64(text: &str) -> Result<f64, DeserializeError> {
    match text.trim() {
        "NaN" => Ok(f64::NAN),
        "Infinity" => Ok(f64::INFINITY),
        "-Infinity" => Ok(f64::NEG_INFINITY),
        t => t
            .parse()
            .map_err(|_| DeserializeError::new("expected a number")),
    }
}

/// Parses a `float` (also `NaN`, `Infinity`, `-Infinity`).
pub fn parse_f32(text: &str) -> Result<f32, DeserializeError> {
    match text.trim() {
        "NaN" => Ok(f32::NAN),
        "Infinity" => Ok(f32::INFINITY),
        "-Infinity" => Ok(f32::NEG_INFINITY),
        t => t
            .parse()
            .map_err(|_| DeserializeError::new("expected a number")),
    }
}

/// Parses a timestamp in `format`.
pub fn parse_timestamp(text: &str, format: TimestampFormat) -> Result<DateTime, DeserializeError> {
    DateTime::parse(text.trim(), format).map_err(|_| DeserializeError::new("expected a timestamp"))
}

/// Decodes a base64 `@mediaType` string header.
pub fn parse_media_type(text: &str) -> Result<String, DeserializeError> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|_| DeserializeError::new("expected base64 text"))?;
    String::from_utf8(bytes).map_err(|_| DeserializeError::new("expected base64 of UTF-8 text"))
}

/// Every response header whose name starts with `prefix` (case-insensitively), keyed by the
/// rest of the name; an empty prefix collects every header.
pub fn prefix_headers(
    response: &RawResponse,
    prefix: &str,
) -> Result<HashMap<String, String>, DeserializeError> {
    let prefix = prefix.to_ascii_lowercase();
    let mut out = HashMap::new();
    for name in response.headers().keys() {
        if let Some(rest) = name.as_str().strip_prefix(prefix.as_str())
            && let Some(value) = header(response, name.as_str())?
        {
            out.insert(rest.to_owned(), value.into_owned());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_encode_everything_but_unreserved() {
        let mut p = String::new();
        push_label(&mut p, "a b/c%?", "L", false).unwrap();
        assert_eq!(p, "a%20b%2Fc%25%3F");
        let mut p = String::new();
        push_label(&mut p, "a/b c", "L", true).unwrap();
        assert_eq!(p, "a/b%20c");
        assert!(push_label(&mut String::new(), "", "L", false).is_err());
    }

    #[test]
    fn header_lists_round_trip() {
        let items = ["a", "b,c", "\"q\"", " s "];
        let text = join_header_list(items.iter().map(|i| i.to_string()), true);
        assert_eq!(split_header_list(&text, false).unwrap(), items);
        assert_eq!(
            split_header_list(
                "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT",
                true
            )
            .unwrap()
            .len(),
            2
        );
        assert_eq!(split_header_list("a, b", false).unwrap(), ["a", "b"]);
    }

    #[test]
    fn query_starts_with_the_literal() {
        let mut q = QueryWriter::new("foo=bar&hello");
        q.push("k", "a b");
        assert_eq!(q.finish("/p".into()), "/p?foo=bar&hello&k=a%20b");
    }
}
