//! `awsJson1_0` and `awsJson1_1`: every operation is `POST /` with the operation named in
//! `X-Amz-Target` and the whole input as a JSON document.

use bytes::Bytes;
use http::Method;

use super::{ClientProtocol, ErrorDetails, SerializedRequest, sanitize_error_code};
use crate::error::{ConstructionError, ErrorMetadata, RawResponse};
use crate::json::{JsonWriter, Value, de};
use crate::service::{Protocol, ServiceMeta};

/// The awsJson protocols (1.0 and 1.1 differ only in their `Content-Type`).
#[derive(Debug)]
pub struct AwsJson {
    name: &'static str,
}

/// `aws.protocols#awsJson1_0`.
pub static AWS_JSON_1_0: AwsJson = AwsJson { name: "awsJson1_0" };
/// `aws.protocols#awsJson1_1`.
pub static AWS_JSON_1_1: AwsJson = AwsJson { name: "awsJson1_1" };

impl ClientProtocol for AwsJson {
    fn name(&self) -> &'static str {
        self.name
    }

    fn error_details(&self, response: &RawResponse, service: &ServiceMeta) -> ErrorDetails {
        json_error_details(response, service.query_compatible)
    }
}

/// The request of an awsJson operation: `POST /`, `X-Amz-Target: <target>` (the service shape
/// name, a dot, the operation name) and the input document, `{}` when it has no members.
pub fn request(
    service: &ServiceMeta,
    target: &'static str,
    body: JsonWriter,
) -> Result<SerializedRequest, ConstructionError> {
    if let Some(reason) = body.error() {
        return Err(ConstructionError::new(reason.to_string()));
    }
    let content_type = match service.protocol {
        Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
        _ => "application/x-amz-json-1.0",
    };
    let mut request = SerializedRequest::new(Method::POST, "/");
    request.static_header("x-amz-target", target);
    if service.query_compatible {
        request.static_header("x-amzn-query-mode", "true");
    }
    let bytes = body.into_bytes();
    let bytes = if bytes.is_empty() {
        Bytes::from_static(b"{}")
    } else {
        Bytes::from(bytes)
    };
    request.body(bytes, content_type)?;
    Ok(request)
}

/// The document of a JSON response body: an empty body reads as `{}` (a service may send none
/// for an output without members).
pub fn body_document(response: &RawResponse) -> Result<Value, crate::json::DeserializeError> {
    if response.body().iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Vec::new()));
    }
    de::parse(response.body())
}

/// The document of an error response's body; anything but a JSON object (an HTML page from a
/// proxy, an empty body) reads as `{}`, so a modeled error is still recognised by its code.
pub fn error_document(response: &RawResponse) -> Value {
    de::parse(response.body())
        .ok()
        .filter(Value::is_object)
        .unwrap_or_else(|| Value::Object(Vec::new()))
}

/// Finds the error code: the `X-Amzn-Errortype` header, then the body's `code`, then the
/// body's top-level `__type` (nested `__type` keys are data and never looked at).
fn raw_error_code<'a>(raw: &'a RawResponse, body: &'a Value) -> Option<&'a str> {
    raw.header_str("x-amzn-errortype")
        .filter(|c| !c.trim().is_empty())
        .or_else(|| body.get("code").and_then(Value::as_str))
        .or_else(|| body.get("__type").and_then(Value::as_str))
}

/// The message: a top-level `message` (any case), else `errorMessage` (any case).
fn error_message(body: &Value) -> Option<&str> {
    let obj = body.as_object()?;
    let find = |name: &str| {
        obj.iter()
            .find_map(|(k, v)| v.as_str().filter(|_| k.eq_ignore_ascii_case(name)))
    };
    find("message").or_else(|| find("errormessage"))
}

/// The error rules the AWS JSON protocols (awsJson and restJson1) share.
pub(crate) fn json_error_details(raw: &RawResponse, query_compatible: bool) -> ErrorDetails {
    let body = de::parse(raw.body())
        .ok()
        .filter(Value::is_object)
        .unwrap_or_else(|| Value::Object(Vec::new()));
    let shape_code = raw_error_code(raw, &body)
        .map(sanitize_error_code)
        .unwrap_or("")
        .to_owned();
    details_with_query_code(raw, shape_code, error_message(&body), query_compatible)
}

/// The details of an error named `shape_code` (sanitized; empty when the response names none):
/// for awsQueryCompatible services the user-facing code is the legacy one from
/// `x-amzn-query-error: Code;Fault`, else the shape code. Shared by the AWS JSON protocols and
/// RPC v2.
pub(crate) fn details_with_query_code(
    raw: &RawResponse,
    shape_code: String,
    message: Option<&str>,
    query_compatible: bool,
) -> ErrorDetails {
    let query_code = if query_compatible {
        raw.header_str("x-amzn-query-error")
            .and_then(|v| v.split(';').next())
            .map(str::trim)
            .filter(|c| !c.is_empty())
    } else {
        None
    };
    let code = query_code
        .map(str::to_owned)
        .or_else(|| (!shape_code.is_empty()).then(|| shape_code.clone()));
    let meta = ErrorMetadata::builder()
        .set_code(code)
        .set_message(message.map(str::to_owned))
        .set_request_id(raw.request_id().map(str::to_owned))
        .status(raw.status())
        .build();
    ErrorDetails { shape_code, meta }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: u16, headers: &[(&str, &str)], body: &str) -> RawResponse {
        let mut map = http::HeaderMap::new();
        for (k, v) in headers {
            map.append(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        RawResponse::new(status, map, bytes::Bytes::copy_from_slice(body.as_bytes()))
    }

    #[test]
    fn sanitizes_every_code_form() {
        for (input, want) in [
            ("FooError", "FooError"),
            ("aws.protocoltests.json10#FooError", "FooError"),
            (
                "aws.protocoltests.json10#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
                "FooError",
            ),
            (
                "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
                "FooError",
            ),
            ("aws.different.namespace#FooError", "FooError"),
            ("  FooError ", "FooError"),
            ("", ""),
        ] {
            assert_eq!(sanitize_error_code(input), want, "{input}");
        }
    }

    #[test]
    fn code_order_is_header_then_code_then_type() {
        let body = r#"{"code":"FromCode","__type":"ns#FromType"}"#;
        let d = json_error_details(
            &raw(400, &[("X-Amzn-Errortype", "ns#FromHeader:http://x")], body),
            false,
        );
        assert_eq!(d.shape_code, "FromHeader");
        let d = json_error_details(&raw(400, &[], body), false);
        assert_eq!(d.shape_code, "FromCode");
        let d = json_error_details(
            &raw(
                400,
                &[],
                r#"{"__type":"aws.protocoltests.json10#FooError"}"#,
            ),
            false,
        );
        assert_eq!(d.shape_code, "FooError");
        assert_eq!(d.meta.code(), Some("FooError"));
        // An empty header does not hide the body's code.
        let d = json_error_details(&raw(400, &[("x-amzn-errortype", "")], body), false);
        assert_eq!(d.shape_code, "FromCode");
    }

    #[test]
    fn nested_type_is_ignored() {
        let body = r#"{"Nested":{"__type":"ns#Inner"},"message":"m"}"#;
        let d = json_error_details(&raw(400, &[], body), false);
        assert_eq!(d.shape_code, "");
        assert_eq!(d.meta.code(), None);
        assert_eq!(d.meta.message(), Some("m"));
    }

    #[test]
    fn message_is_case_insensitive_and_falls_back_to_error_message() {
        for (body, want) in [
            (r#"{"message":"a"}"#, Some("a")),
            (r#"{"Message":"b"}"#, Some("b")),
            (r#"{"MESSAGE":"c"}"#, Some("c")),
            (r#"{"errorMessage":"d"}"#, Some("d")),
            (r#"{"Message":5}"#, None),
            (r#"{}"#, None),
        ] {
            assert_eq!(
                json_error_details(&raw(400, &[], body), false)
                    .meta
                    .message(),
                want,
                "{body}"
            );
        }
    }

    #[test]
    fn request_id_and_status_and_non_json_bodies() {
        let d = json_error_details(
            &raw(
                502,
                &[("X-Amzn-RequestId", "req-1")],
                "<html><body>Bad Gateway</body></html>",
            ),
            false,
        );
        assert_eq!(d.meta.request_id(), Some("req-1"));
        assert_eq!(d.meta.status(), Some(502));
        assert_eq!(d.meta.code(), None);
        let d = json_error_details(&raw(500, &[("x-amz-request-id", "old")], "[1,2]"), false);
        assert_eq!(d.meta.request_id(), Some("old"));
    }

    #[test]
    fn query_compatible_code_comes_from_header() {
        let r = raw(
            400,
            &[("x-amzn-query-error", "Customized;Sender")],
            r#"{"__type":"aws.protocoltests.json10#CustomCodeError","message":"Hi"}"#,
        );
        let d = json_error_details(&r, true);
        assert_eq!(d.shape_code, "CustomCodeError");
        assert_eq!(d.meta.code(), Some("Customized"));
        let d = json_error_details(&r, false);
        assert_eq!(d.meta.code(), Some("CustomCodeError"));
    }
}
