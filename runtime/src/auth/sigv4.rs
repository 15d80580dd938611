//! SigV4 for any HTTP request (method, path, query and headers as built), through AWS's own
//! `aws-sigv4` crate. The awsJson path in `client/signing.rs` signs a fixed POST; this one
//! serves the HTTP-binding protocols, whose requests vary in all of these.
//!
//! # The payload hash
//!
//! SigV4 puts the SHA-256 of the body into the signature, and services recompute it; only
//! services that opt in accept the literal `UNSIGNED-PAYLOAD` instead (S3, and operations with
//! `@aws.auth#unsignedPayload`), announced in `x-amz-content-sha256`. So:
//! - bytes in memory are hashed directly;
//! - an operation that allows it (or S3, for streams) signs `UNSIGNED-PAYLOAD`;
//! - a re-readable stream (a file) is read once to hash it, in chunks (bounded memory), then
//!   sent from a fresh read;
//! - a one-shot stream (`ByteStream::from_reader`) cannot be hashed without holding it whole,
//!   so signing fails with an error saying to use a file or bytes instead.
//!
//! aws-sdk-rust differs here: it signs every body that is not in memory with
//! `UNSIGNED-PAYLOAD`, which a service that recomputes the hash (Glacier, for one) rejects with
//! `SignatureDoesNotMatch` only after the upload; hashing a file first works everywhere, and
//! an error before sending is the more useful failure for a one-shot stream. Of the shared
//! models' streaming uploads, Glacier's two and Lambda's deprecated `InvokeAsync` are affected;
//! S3's are covered by the S3 rule.
//!
//! An `x-amz-content-sha256` header set before signing (Glacier's customization) is signed
//! like any other header, unless the signer writes it itself (S3, unsigned payloads).

use std::time::SystemTime;

use aws_sigv4::http_request::{
    PayloadChecksumKind, SignableBody, SignableRequest, SigningSettings, sign,
};
use aws_sigv4::sign::v4;
use bytes::Bytes;
use futures_core::Stream;
use http::{HeaderName, HeaderValue};
use sha2::{Digest as _, Sha256};

use crate::credentials::Credentials;
use crate::error::ConstructionError;
use crate::transport::{HttpRequest, SdkBody};

/// Headers that are never signed: hop-by-hop headers and headers that proxies and the
/// transport rewrite (`content-length` after compression, `user-agent`, tracing ids).
const UNSIGNED_HEADERS: [&str; 12] = [
    "authorization",
    "connection",
    "content-length",
    "expect",
    "keep-alive",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
];

const X_AMZ_CONTENT_SHA256: HeaderName = HeaderName::from_static("x-amz-content-sha256");

/// What to sign and with which identity.
pub(crate) struct SigV4Params<'a> {
    pub(crate) credentials: &'a Credentials,
    pub(crate) name: &'a str,
    pub(crate) region: &'a str,
    pub(crate) time: SystemTime,
    /// The operation has `@aws.auth#unsignedPayload`.
    pub(crate) unsigned_payload: bool,
}

/// How the body takes part in the signature.
enum Payload {
    InMemory,
    Hash(String),
    Unsigned,
    /// An aws-chunked body with a checksum trailer (`checksum::aws_chunked`), announced by
    /// `x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER`.
    StreamingTrailer,
}

/// Hex SHA-256 of a re-readable body, read in chunks.
async fn stream_sha256(body: SdkBody) -> Result<String, ConstructionError> {
    let mut body = std::pin::pin!(body);
    let mut hasher = Sha256::new();
    while let Some(chunk) = std::future::poll_fn(|cx| body.as_mut().poll_next(cx)).await {
        let chunk: Bytes = chunk.map_err(|e| {
            ConstructionError::signing(format!("reading the body to hash it failed: {e}"))
        })?;
        hasher.update(&chunk);
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

async fn payload(request: &HttpRequest, p: &SigV4Params<'_>) -> Result<Payload, ConstructionError> {
    let body = request.body();
    let s3 = p.name == "s3" || p.name == "s3-outposts" || p.name == "s3express";
    if request
        .headers()
        .get(X_AMZ_CONTENT_SHA256)
        .is_some_and(|v| v == crate::checksum::STREAMING_UNSIGNED_PAYLOAD_TRAILER)
    {
        return Ok(Payload::StreamingTrailer);
    }
    if p.unsigned_payload || (s3 && body.is_streaming()) {
        return Ok(Payload::Unsigned);
    }
    if !body.is_streaming() {
        return Ok(Payload::InMemory);
    }
    match body.try_clone() {
        Some(copy) => Ok(Payload::Hash(stream_sha256(copy).await?)),
        None => Err(ConstructionError::signing(format!(
            "the request body is a one-shot stream, and `{}` requires its SHA-256 in the \
             SigV4 signature (it does not accept UNSIGNED-PAYLOAD); send a file \
             (ByteStream::from_path) or bytes in memory instead",
            p.name
        ))),
    }
}

/// Signs `request` in place: adds `x-amz-date`, `authorization`, the session token and, where
/// the payload needs announcing, `x-amz-content-sha256`.
pub(crate) async fn sign_request(
    request: &mut HttpRequest,
    p: &SigV4Params<'_>,
) -> Result<(), ConstructionError> {
    if !request.headers().contains_key(http::header::HOST)
        && let Some(authority) = request.uri().authority()
    {
        let host = authority.as_str().rsplit('@').next().unwrap_or_default();
        let host = HeaderValue::from_str(host)
            .map_err(|_| ConstructionError::signing("the request URI has an invalid host"))?;
        request.headers_mut().insert(http::header::HOST, host);
    }
    let payload = payload(request, p).await?;
    let s3 = p.name == "s3" || p.name == "s3-outposts" || p.name == "s3express";

    let identity = p.credentials.clone().into();
    let mut settings = SigningSettings::default();
    // The header list handed to the signer is already filtered.
    settings.excluded_headers = None;
    let signer_writes_sha256 =
        s3 || matches!(payload, Payload::Unsigned | Payload::StreamingTrailer);
    if signer_writes_sha256 {
        // The service must be told what the signature used in place of the body's hash.
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    if s3 {
        // S3 keys are signed as sent, without re-encoding or path normalization.
        settings.percent_encoding_mode = aws_sigv4::http_request::PercentEncodingMode::Single;
        settings.uri_path_normalization_mode =
            aws_sigv4::http_request::UriPathNormalizationMode::Disabled;
    }
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(p.region)
        .name(p.name)
        .time(p.time)
        .settings(settings)
        .build()
        .map_err(ConstructionError::signing)?
        .into();

    let mut headers: Vec<(&str, &str)> = Vec::with_capacity(request.headers().len());
    for (name, value) in request.headers() {
        if UNSIGNED_HEADERS.contains(&name.as_str())
            || (signer_writes_sha256 && name == X_AMZ_CONTENT_SHA256)
        {
            continue;
        }
        let value = value.to_str().map_err(|_| {
            ConstructionError::signing(format!("header {name} is not visible ASCII"))
        })?;
        headers.push((name.as_str(), value));
    }
    let body = match &payload {
        Payload::InMemory => SignableBody::Bytes(request.body().bytes().unwrap_or_default()),
        Payload::Hash(hash) => SignableBody::Precomputed(hash.clone()),
        Payload::Unsigned => SignableBody::UnsignedPayload,
        Payload::StreamingTrailer => SignableBody::StreamingUnsignedPayloadTrailer,
    };
    let uri = request.uri().to_string();
    let signable = SignableRequest::new(request.method().as_str(), &uri, headers.into_iter(), body)
        .map_err(ConstructionError::signing)?;
    let (instructions, _signature) = sign(signable, &params)
        .map_err(ConstructionError::signing)?
        .into_parts();
    let (new_headers, _query) = instructions.into_parts();
    let mut signed = Vec::with_capacity(new_headers.len());
    for header in new_headers {
        // Applied by hand (not `apply_to_request_http1x`, which unwraps) so a malformed
        // session token becomes an error instead of a panic.
        let name =
            HeaderName::from_bytes(header.name().as_bytes()).map_err(ConstructionError::signing)?;
        let mut value = HeaderValue::from_str(header.value()).map_err(|_| {
            ConstructionError::signing(format!("signer produced an invalid {name} header"))
        })?;
        value.set_sensitive(
            header.sensitive()
                || name == http::header::AUTHORIZATION
                || name.as_str() == "x-amz-security-token",
        );
        signed.push((name, value));
    }
    for (name, value) in signed {
        request.headers_mut().insert(name, value);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::BoxByteStream;
    use crate::{DateTime, TimestampFormat};

    fn time(text: &str) -> SystemTime {
        SystemTime::try_from(DateTime::parse(text, TimestampFormat::DateTime).unwrap()).unwrap()
    }

    fn creds() -> Credentials {
        Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "test",
        )
    }

    fn params<'a>(c: &'a Credentials, unsigned_payload: bool) -> SigV4Params<'a> {
        SigV4Params {
            credentials: c,
            name: "service",
            region: "us-east-1",
            time: time("2015-08-30T12:36:00Z"),
            unsigned_payload,
        }
    }

    fn post(body: SdkBody) -> HttpRequest {
        let mut req = http::Request::new(body);
        *req.method_mut() = http::Method::POST;
        *req.uri_mut() = "https://example.amazonaws.com/".parse().unwrap();
        req.headers_mut().insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        req
    }

    const SUITE_SIGNATURE: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/\
        service/aws4_request, SignedHeaders=content-type;host;x-amz-date, \
        Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a";

    /// AWS's SigV4 test-suite case `post-x-www-form-urlencoded`, with the Host header taken
    /// from the URI.
    #[tokio::test]
    async fn matches_the_aws_test_suite_vector() {
        let c = creds();
        let mut req = post(SdkBody::from("Param1=value1"));
        sign_request(&mut req, &params(&c, false)).await.unwrap();
        assert_eq!(req.headers()["authorization"], SUITE_SIGNATURE);
        assert!(!req.headers().contains_key("x-amz-content-sha256"));
    }

    fn one_chunk() -> BoxByteStream {
        struct Once(Option<Bytes>);
        impl Stream for Once {
            type Item = Result<Bytes, crate::transport::BoxError>;
            fn poll_next(
                mut self: std::pin::Pin<&mut Self>,
                _: &mut std::task::Context<'_>,
            ) -> std::task::Poll<Option<Self::Item>> {
                std::task::Poll::Ready(self.0.take().map(Ok))
            }
        }
        Box::pin(Once(Some(Bytes::from_static(b"Param1=value1"))))
    }

    #[tokio::test]
    async fn a_re_readable_stream_is_hashed_like_the_same_bytes() {
        let c = creds();
        let mut req = post(SdkBody::retryable_stream(one_chunk, Some(13)));
        sign_request(&mut req, &params(&c, false)).await.unwrap();
        assert_eq!(req.headers()["authorization"], SUITE_SIGNATURE);
    }

    #[tokio::test]
    async fn a_one_shot_stream_needs_unsigned_payload() {
        let c = creds();
        let mut req = post(SdkBody::from_stream(one_chunk(), Some(13)));
        let err = sign_request(&mut req, &params(&c, false))
            .await
            .unwrap_err()
            .to_string();
        assert!(err.contains("one-shot stream"), "{err}");
        let mut req = post(SdkBody::from_stream(one_chunk(), Some(13)));
        sign_request(&mut req, &params(&c, true)).await.unwrap();
        assert_eq!(req.headers()["x-amz-content-sha256"], "UNSIGNED-PAYLOAD");
        let auth = req.headers()["authorization"].to_str().unwrap();
        assert!(auth.contains("x-amz-content-sha256"), "{auth}");
    }

    #[tokio::test]
    async fn an_aws_chunked_body_is_signed_as_a_streaming_trailer() {
        let c = creds();
        let (body, headers) = crate::checksum::aws_chunked(
            SdkBody::from("hello"),
            crate::checksum::ChecksumAlgorithm::Crc32,
        )
        .unwrap();
        let mut req = post(body);
        for (name, value) in headers.pairs() {
            req.headers_mut()
                .insert(name, HeaderValue::from_str(&value).unwrap());
        }
        let mut p = params(&c, false);
        p.name = "s3";
        sign_request(&mut req, &p).await.unwrap();
        assert_eq!(
            req.headers()["x-amz-content-sha256"],
            "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
        );
        let auth = req.headers()["authorization"].to_str().unwrap();
        for signed in [
            "x-amz-decoded-content-length",
            "x-amz-trailer",
            "content-encoding",
        ] {
            assert!(auth.contains(signed), "{signed} in {auth}");
        }
    }

    #[tokio::test]
    async fn a_content_sha256_set_by_the_caller_is_signed() {
        let c = creds();
        let mut req = post(SdkBody::from("Param1=value1"));
        req.headers_mut().insert(
            X_AMZ_CONTENT_SHA256,
            HeaderValue::from_static("0123456789abcdef"),
        );
        sign_request(&mut req, &params(&c, false)).await.unwrap();
        let auth = req.headers()["authorization"].to_str().unwrap();
        assert!(
            auth.contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,"),
            "{auth}"
        );
        assert_eq!(req.headers()["x-amz-content-sha256"], "0123456789abcdef");
    }

    #[tokio::test]
    async fn method_path_query_and_custom_headers_are_signed() {
        let c = creds();
        let mut req = http::Request::new(SdkBody::empty());
        *req.method_mut() = http::Method::GET;
        *req.uri_mut() = "https://example.amazonaws.com/things/a%20b?x=1&y=2"
            .parse()
            .unwrap();
        req.headers_mut()
            .insert("x-custom", HeaderValue::from_static("v"));
        req.headers_mut()
            .insert("user-agent", HeaderValue::from_static("ua"));
        sign_request(&mut req, &params(&c, false)).await.unwrap();
        let auth = req.headers()["authorization"].to_str().unwrap();
        assert!(
            auth.contains("SignedHeaders=host;x-amz-date;x-custom,"),
            "{auth}"
        );
        assert!(req.headers()["authorization"].is_sensitive());
    }
}
