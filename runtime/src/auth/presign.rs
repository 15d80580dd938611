//! Presigned requests: SigV4 with the signature in the query string, so anyone holding the
//! URL can make that one request until it expires, without credentials (S3 GET/PUT URLs).
//!
//! What aws-sdk-rust offers, and the same rules:
//! - [`PresigningConfig::expires_in`] refuses zero and anything over seven days
//!   (604,800 s, SigV4's limit for `X-Amz-Expires`).
//! - The payload is `UNSIGNED-PAYLOAD` for S3 (the eventual caller's body is unknown, a PUT
//!   URL takes any body); other services get the hash of the serialized body, which must then
//!   be sent as is ([`PresignedRequest::body`]). No `x-amz-content-sha256` header is added.
//! - Every header left on the request is signed, and so must be sent by whoever uses the URL:
//!   [`PresignedRequest::headers`] lists them. Transport headers (`user-agent`,
//!   `content-length`, ...) are stripped first, and no flexible-checksum header is added
//!   (presigned PUTs broke when SDKs added them: awslabs/aws-sdk-rust#1103).
//! - The session token goes into the signed query (`X-Amz-Security-Token`).

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime};

use aws_sigv4::http_request::{
    SignableBody, SignableRequest, SignatureLocation, SigningSettings, sign,
};
use aws_sigv4::sign::v4;
use http::{HeaderMap, Method};

use crate::credentials::Credentials;
use crate::error::ConstructionError;

/// Seven days: the longest validity SigV4 allows a presigned request.
pub const MAX_PRESIGNED_EXPIRY: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// How long a presigned request is valid, and from when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PresigningConfig {
    expires_in: Duration,
    start_time: Option<SystemTime>,
}

/// A [`PresigningConfig`] that SigV4 cannot express.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresigningConfigError {
    message: String,
}

impl fmt::Display for PresigningConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PresigningConfigError {}

impl PresigningConfig {
    /// Valid for `expires_in` from the moment of signing: more than zero, at most seven days.
    pub fn expires_in(expires_in: Duration) -> Result<Self, PresigningConfigError> {
        if expires_in > MAX_PRESIGNED_EXPIRY {
            return Err(PresigningConfigError {
                message: format!(
                    "presigned requests can be valid for at most 7 days (604800 s), not {} s",
                    expires_in.as_secs()
                ),
            });
        }
        if expires_in.as_secs() == 0 {
            return Err(PresigningConfigError {
                message: "a presigned request must be valid for at least one second".to_owned(),
            });
        }
        Ok(Self {
            expires_in,
            start_time: None,
        })
    }

    /// Signs as of `start_time` instead of the client's clock (the validity starts then).
    pub fn start_time(mut self, start_time: SystemTime) -> Self {
        self.start_time = Some(start_time);
        self
    }

    /// The validity.
    pub fn expiry(&self) -> Duration {
        self.expires_in
    }

    /// The signing time, if fixed.
    pub fn signing_time(&self) -> Option<SystemTime> {
        self.start_time
    }
}

/// A presigned request: send exactly this method, URI and these headers (with any body, for a
/// PUT) to make the call without credentials.
#[derive(Clone)]
pub struct PresignedRequest {
    method: Method,
    uri: String,
    headers: HeaderMap,
    body: bytes::Bytes,
}

impl fmt::Debug for PresignedRequest {
    // The URI is a bearer credential until it expires: never printed whole.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let without_query = self.uri.split('?').next().unwrap_or_default();
        f.debug_struct("PresignedRequest")
            .field("method", &self.method)
            .field("uri", &format_args!("{without_query}?** signed query **"))
            .field("headers", &self.headers)
            .finish()
    }
}

impl PresignedRequest {
    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The full URI, signature included.
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// The headers that were signed (besides `host`), which the request must carry.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body the signature covers, for services other than S3 (empty for S3, whose
    /// presigned requests take any body, and for operations without one).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// An `http::Request` ready to send with `body`.
    pub fn into_http_request<B>(self, body: B) -> Result<http::Request<B>, ConstructionError> {
        let mut request = http::Request::new(body);
        *request.method_mut() = self.method;
        *request.uri_mut() = self
            .uri
            .parse()
            .map_err(|_| ConstructionError::new("the presigned URI is not a valid URI"))?;
        *request.headers_mut() = self.headers;
        Ok(request)
    }
}

/// Headers that never go into a presigned request: they are the transport's, differ per
/// sender, or would tie the URL to this client (`x-amz-user-agent`, retry and invocation ids).
const DROPPED: [&str; 13] = [
    "authorization",
    "connection",
    "content-length",
    "expect",
    "transfer-encoding",
    "user-agent",
    "x-amz-user-agent",
    "x-amzn-trace-id",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
    "x-amz-checksum-mode",
    "x-amz-content-sha256",
    "x-amz-date",
];

/// What to presign with.
pub(crate) struct PresignParams<'a> {
    pub(crate) credentials: &'a Credentials,
    pub(crate) name: &'a str,
    pub(crate) region: &'a str,
    /// The clock's now, used unless the config fixes a start time.
    pub(crate) now: SystemTime,
    /// The serialized body (signed for services other than S3).
    pub(crate) body: bytes::Bytes,
}

fn encode_query(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        }
    }
}

/// Presigns `method uri` with `headers` (the `host` header is taken from the URI).
pub(crate) fn presign(
    method: &Method,
    uri: &http::Uri,
    headers: &HeaderMap,
    p: &PresignParams<'_>,
    config: &PresigningConfig,
) -> Result<PresignedRequest, ConstructionError> {
    let s3 = matches!(p.name, "s3" | "s3-outposts" | "s3express");
    let mut kept = HeaderMap::new();
    for (name, value) in headers {
        if !DROPPED.contains(&name.as_str())
            && !name.as_str().starts_with("x-amz-checksum-")
            && name != http::header::HOST
        {
            kept.append(name.clone(), value.clone());
        }
    }
    let host = uri
        .authority()
        .map(|a| a.as_str().rsplit('@').next().unwrap_or_default().to_owned())
        .ok_or_else(|| ConstructionError::signing("the request URI has no host"))?;

    let identity = p.credentials.clone().into();
    let mut settings = SigningSettings::default();
    settings.excluded_headers = None;
    settings.signature_location = SignatureLocation::QueryParams;
    settings.expires_in = Some(config.expires_in);
    if s3 {
        settings.percent_encoding_mode = aws_sigv4::http_request::PercentEncodingMode::Single;
        settings.uri_path_normalization_mode =
            aws_sigv4::http_request::UriPathNormalizationMode::Disabled;
    }
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(p.region)
        .name(p.name)
        .time(config.start_time.unwrap_or(p.now))
        .settings(settings)
        .build()
        .map_err(ConstructionError::signing)?
        .into();
    let mut signed: Vec<(&str, &str)> = vec![("host", host.as_str())];
    for (name, value) in &kept {
        let value = value.to_str().map_err(|_| {
            ConstructionError::signing(format!("header {name} is not visible ASCII"))
        })?;
        signed.push((name.as_str(), value));
    }
    let body = if s3 {
        SignableBody::UnsignedPayload
    } else {
        SignableBody::Bytes(&p.body)
    };
    let uri_text = uri.to_string();
    let signable = SignableRequest::new(method.as_str(), &uri_text, signed.into_iter(), body)
        .map_err(ConstructionError::signing)?;
    let (instructions, _signature) = sign(signable, &params)
        .map_err(ConstructionError::signing)?
        .into_parts();
    let (_headers, query): (_, Vec<(&str, Cow<'static, str>)>) = instructions.into_parts();
    let mut out = uri_text;
    for (name, value) in query {
        out.push(if uri.query().is_some() || out.contains('?') {
            '&'
        } else {
            '?'
        });
        encode_query(name, &mut out);
        out.push('=');
        encode_query(&value, &mut out);
    }
    Ok(PresignedRequest {
        method: method.clone(),
        uri: out,
        headers: kept,
        body: if s3 {
            bytes::Bytes::new()
        } else {
            p.body.clone()
        },
    })
}

#[cfg(test)]
#[path = "presign_tests.rs"]
mod tests;
