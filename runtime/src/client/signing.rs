//! SigV4 signing through AWS's own `aws-sigv4` crate.
//!
//! Only a fixed set of headers is signed: `host`, `content-type`, `content-md5`, every
//! `x-amz-*` header the protocol set (`x-amz-target`, S3's `x-amz-acl`, the flexible checksum
//! headers, ...: S3 rejects a request with an unsigned `x-amz-*` header), any headers the
//! endpoint rules added, plus the `x-amz-date` / `x-amz-security-token` the signer adds
//! itself. Hop-by-hop or proxy-rewritten headers (`user-agent`, `content-length` with
//! compression, ...) must stay out of the signature, and an allow-list is the robust way.
//!
//! # S3 (signing names `s3`, `s3-outposts`, `s3express`)
//!
//! AWS's SDKs customise SigV4 for S3 by signing name, and so does this module:
//! - `x-amz-content-sha256` is on every request (S3 requires it): the hex SHA-256 of a body in
//!   memory, `UNSIGNED-PAYLOAD` for a streamed body (S3 accepts it, and a 1 GiB upload is not
//!   read twice to hash it), `STREAMING-UNSIGNED-PAYLOAD-TRAILER` for an aws-chunked body
//!   whose flexible checksum follows in a trailer.
//!
//! # Streamed bodies of other services
//!
//! As aws-sdk-rust does, a streamed body is signed as `UNSIGNED-PAYLOAD` (never hashed by
//! reading it once more), unless an `x-amz-content-sha256` header already holds its hash
//! (Glacier's customization computes it with the tree hash): then that hash is signed. Of the
//! shared models' streaming uploads this leaves only Lambda's deprecated `InvokeAsync`, which
//! is best sent from memory.
//! - The path is signed as sent: no second percent-encoding, no dot-segment removal, so keys
//!   like `a/../b` or `a//b` reach S3 and match the signature.

mod fast;

use std::time::SystemTime;

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use http::{HeaderName, HeaderValue};

use super::target::Target;
use crate::credentials::Credentials;
use crate::error::ConstructionError;
use crate::transport::HttpRequest;

const CONTENT_MD5: HeaderName = HeaderName::from_static("content-md5");

/// The signing names of S3, whose SigV4 differs (see the module docs).
pub(crate) fn is_s3(name: &str) -> bool {
    matches!(name, "s3" | "s3-outposts" | "s3express")
}

/// Signs `request` in place for `name`/`region` at `time`. `added` are headers that
/// interceptors or `customize()` added before signing: signed too.
pub(crate) fn sign_request(
    request: &mut HttpRequest,
    target: &Target,
    added: &[HeaderName],
    credentials: &Credentials,
    name: &str,
    region: &str,
    time: SystemTime,
) -> Result<(), ConstructionError> {
    // The common request shape is signed with a cached signing key (see `fast`); the rest,
    // and the tests' reference results, go through `aws-sigv4`.
    if added.is_empty() && fast::sign(request, target, credentials, name, region, time).is_some() {
        return Ok(());
    }
    sign_with_aws_sigv4(request, target, added, credentials, name, region, time)
}

/// How the body takes part in the signature (see the module docs).
fn signable_body(request: &HttpRequest) -> SignableBody<'_> {
    let announced = request
        .headers()
        .get("x-amz-content-sha256")
        .and_then(|v| v.to_str().ok());
    if announced == Some(crate::checksum::STREAMING_UNSIGNED_PAYLOAD_TRAILER) {
        return SignableBody::StreamingUnsignedPayloadTrailer;
    }
    if let Some(bytes) = request.body().bytes() {
        return SignableBody::Bytes(bytes);
    }
    match announced {
        Some(hash) if hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => {
            SignableBody::Precomputed(hash.to_owned())
        }
        _ => SignableBody::UnsignedPayload,
    }
}

/// The payload hash of a request whose body is an event stream: each frame is signed on its
/// own, chained to this request's signature.
pub(crate) const STREAMING_EVENTS_PAYLOAD: &str = "STREAMING-AWS4-HMAC-SHA256-EVENTS";

/// Signs the request that opens an input event stream (payload hash
/// [`STREAMING_EVENTS_PAYLOAD`], announced in `x-amz-content-sha256`) and returns the signer of
/// its frames, seeded with the request's signature.
pub(crate) fn sign_event_stream_request(
    request: &mut HttpRequest,
    target: &Target,
    added: &[HeaderName],
    credentials: &Credentials,
    name: &str,
    region: &str,
    time: SystemTime,
) -> Result<crate::event_stream::EventSigner, ConstructionError> {
    sign_with_payload(
        request,
        target,
        added,
        credentials,
        name,
        region,
        time,
        Some(STREAMING_EVENTS_PAYLOAD),
    )?;
    let seed = request
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(crate::event_stream::seed_signature)
        .ok_or_else(|| ConstructionError::signing("the signer wrote no request signature"))?
        .to_owned();
    Ok(crate::event_stream::EventSigner::new(
        credentials.secret_access_key(),
        region,
        name,
        seed,
    ))
}

/// Signs `request` through `aws-sigv4` (any URI path, query or header value).
fn sign_with_aws_sigv4(
    request: &mut HttpRequest,
    target: &Target,
    added: &[HeaderName],
    credentials: &Credentials,
    name: &str,
    region: &str,
    time: SystemTime,
) -> Result<(), ConstructionError> {
    sign_with_payload(
        request,
        target,
        added,
        credentials,
        name,
        region,
        time,
        None,
    )
}

/// [`sign_with_aws_sigv4`], with the payload hash given instead of computed from the body.
#[allow(clippy::too_many_arguments)] // the signing inputs, as `sign_request` takes them
fn sign_with_payload(
    request: &mut HttpRequest,
    target: &Target,
    added: &[HeaderName],
    credentials: &Credentials,
    name: &str,
    region: &str,
    time: SystemTime,
    payload: Option<&'static str>,
) -> Result<(), ConstructionError> {
    let identity = credentials.clone().into();
    let mut settings = SigningSettings::default();
    // We hand the signer an explicit header list, so its exclusion list is redundant.
    settings.excluded_headers = None;
    let body = match payload {
        Some(hash) => SignableBody::Precomputed(hash.to_owned()),
        None => signable_body(request),
    };
    let announced =
        payload.is_some() || matches!(body, SignableBody::StreamingUnsignedPayloadTrailer);
    if is_s3(name) || announced {
        // The service must be told what the signature used in place of the body's hash.
        settings.payload_checksum_kind = aws_sigv4::http_request::PayloadChecksumKind::XAmzSha256;
    }
    if is_s3(name) {
        settings.percent_encoding_mode = aws_sigv4::http_request::PercentEncodingMode::Single;
        settings.uri_path_normalization_mode =
            aws_sigv4::http_request::UriPathNormalizationMode::Disabled;
    }
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(name)
        .time(time)
        .settings(settings)
        .build()
        .map_err(ConstructionError::signing)?
        .into();

    let headers = request.headers();
    let mut signed: Vec<(&str, &str)> = Vec::with_capacity(3 + target.headers.len());
    let always = [http::header::HOST, http::header::CONTENT_TYPE, CONTENT_MD5];
    let amz = headers.keys().filter(|n| {
        n.as_str().starts_with("x-amz-")
            // The signer writes these itself.
            && !matches!(n.as_str(), "x-amz-date" | "x-amz-security-token" | "x-amz-content-sha256")
    });
    let mut names: Vec<&HeaderName> = always.iter().chain(amz).collect();
    for n in target.headers.iter().map(|(n, _)| n).chain(added) {
        if !names.contains(&n) {
            names.push(n);
        }
    }
    for name in names {
        for value in headers.get_all(name) {
            let value = value.to_str().map_err(|_| {
                ConstructionError::signing(format!("header {name} is not visible ASCII"))
            })?;
            signed.push((name.as_str(), value));
        }
    }
    // The request's own method and full URI (endpoint path, operation path and query).
    let uri = request.uri().to_string();
    let signable = SignableRequest::new(
        request.method().as_str(),
        uri.as_str(),
        signed.into_iter(),
        body,
    )
    .map_err(ConstructionError::signing)?;
    let (instructions, _signature) = sign(signable, &params)
        .map_err(ConstructionError::signing)?
        .into_parts();
    let (new_headers, _query) = instructions.into_parts();
    for header in new_headers {
        // Applied by hand (not `apply_to_request_http1x`, which unwraps) so a malformed
        // session token becomes an error instead of a panic.
        let name =
            HeaderName::from_bytes(header.name().as_bytes()).map_err(ConstructionError::signing)?;
        let mut value = HeaderValue::from_str(header.value()).map_err(|_| {
            ConstructionError::signing(format!("signer produced an invalid {name} header"))
        })?;
        // Mark the signature and the session token sensitive so a logged `HeaderMap` shows
        // `Sensitive` instead of the value.
        value.set_sensitive(
            header.sensitive()
                || name == http::header::AUTHORIZATION
                || name.as_str() == "x-amz-security-token",
        );
        request.headers_mut().insert(name, value);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DateTime, TimestampFormat};

    fn target(url: &str) -> Target {
        let uri: http::Uri = url.parse().unwrap();
        Target {
            host: HeaderValue::from_str(uri.authority().unwrap().as_str()).unwrap(),
            uri,
            uri_text: url.to_owned(),
            headers: Vec::new(),
            signing: None,
        }
    }

    fn request(target: &Target, headers: &[(&str, &str)], body: &'static str) -> HttpRequest {
        let mut req = http::Request::new(crate::transport::SdkBody::from(body));
        *req.method_mut() = http::Method::POST;
        *req.uri_mut() = target.uri.clone();
        req.headers_mut()
            .insert(http::header::HOST, target.host.clone());
        for (k, v) in headers {
            req.headers_mut().insert(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        req
    }

    fn time(text: &str) -> SystemTime {
        SystemTime::try_from(DateTime::parse(text, TimestampFormat::DateTime).unwrap()).unwrap()
    }

    /// AWS's published SigV4 test-suite case `post-x-www-form-urlencoded` (the body takes part
    /// in the signature through its hash).
    #[test]
    fn matches_the_aws_test_suite_vector() {
        let t = target("https://example.amazonaws.com/");
        let mut req = request(
            &t,
            &[("content-type", "application/x-www-form-urlencoded")],
            "Param1=value1",
        );
        let creds = Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "test",
        );
        sign_request(
            &mut req,
            &t,
            &[],
            &creds,
            "service",
            "us-east-1",
            time("2015-08-30T12:36:00Z"),
        )
        .unwrap();
        assert_eq!(req.headers()["x-amz-date"], "20150830T123600Z");
        assert_eq!(
            req.headers()["authorization"],
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date, \
             Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"
        );
        assert!(req.headers()["authorization"].is_sensitive());
    }

    #[test]
    fn signs_only_the_allow_listed_headers_and_the_session_token() {
        let t = target("https://svc.us-east-1.api.aws/");
        let mut req = request(
            &t,
            &[
                ("content-type", "application/x-amz-json-1.0"),
                ("x-amz-target", "Svc.Op"),
                ("content-length", "2"),
                ("user-agent", "ua"),
                ("x-amzn-query-mode", "true"),
            ],
            "{}",
        );
        let creds = Credentials::new("AKID", "SECRET", Some("TOKEN".into()), None, "test");
        sign_request(
            &mut req,
            &t,
            &[],
            &creds,
            "svc-name",
            "eu-west-1",
            time("2024-02-29T23:59:59Z"),
        )
        .unwrap();
        let auth = req.headers()["authorization"].to_str().unwrap();
        assert!(
            auth.starts_with(
                "AWS4-HMAC-SHA256 Credential=AKID/20240229/eu-west-1/svc-name/aws4_request, "
            ),
            "{auth}"
        );
        assert!(
            auth.contains(
                "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,"
            ),
            "{auth}"
        );
        assert_eq!(req.headers()["x-amz-security-token"], "TOKEN");
        assert!(req.headers()["x-amz-security-token"].is_sensitive());
        assert!(!format!("{:?}", req.headers()).contains("TOKEN"));
        assert!(!auth.contains("SECRET"));
    }

    #[test]
    fn headers_added_before_signing_are_signed_through_the_general_path() {
        let t = target("https://svc.us-east-1.api.aws/");
        let headers = [
            ("content-type", "application/x-amz-json-1.0"),
            ("x-amz-target", "Svc.Op"),
            ("x-trace-id", "abc"),
        ];
        let mut req = request(&t, &headers, "{}");
        let creds = Credentials::new("AKID", "SECRET", None, None, "test");
        let added = [HeaderName::from_static("x-trace-id")];
        let now = time("2024-02-29T23:59:59Z");
        sign_request(&mut req, &t, &added, &creds, "svc", "us-east-1", now).unwrap();
        let auth = req.headers()["authorization"].to_str().unwrap();
        assert!(
            auth.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-target;x-trace-id,"),
            "{auth}"
        );
        // Without it in `added`, the same header stays unsigned (and the fast path signs).
        let mut plain = request(&t, &headers, "{}");
        sign_request(&mut plain, &t, &[], &creds, "svc", "us-east-1", now).unwrap();
        let auth = plain.headers()["authorization"].to_str().unwrap();
        assert!(!auth.contains("x-trace-id"), "{auth}");
    }

    /// The cached-key signer and `aws-sigv4` give the same headers, byte for byte, for the
    /// request shapes the fast path takes (and the fast path declines the others).
    #[test]
    fn fast_path_matches_aws_sigv4() {
        let mut with_rule_header = target("https://svc.eu-west-1.api.aws/prefix/v1/");
        with_rule_header.headers.push((
            HeaderName::from_static("x-amz-rule"),
            HeaderValue::from_static("on"),
        ));
        let targets = [target("https://example.amazonaws.com/"), with_rule_header];
        let creds = [
            Credentials::new(
                "AKID",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                None,
                None,
                "t",
            ),
            Credentials::new("AKID2", "SECRET", Some("TOKEN/x=".into()), None, "t"),
        ];
        let headers: [&[(&str, &str)]; 2] = [
            &[("content-type", "application/x-amz-json-1.1")],
            &[
                ("content-type", "application/x-amz-json-1.0"),
                ("x-amz-target", "Svc.Op"),
                ("x-amz-rule", "on"),
                ("user-agent", "ua"),
            ],
        ];
        let times = ["2015-08-30T12:36:00Z", "2024-02-29T23:59:59Z"];
        for t in &targets {
            for c in &creds {
                for h in headers {
                    for at in times {
                        // Twice: the second call uses the cached key.
                        for _ in 0..2 {
                            let mut fast = request(t, h, "{\"a\":1}");
                            let mut slow = request(t, h, "{\"a\":1}");
                            let now = time(at);
                            // An `x-amz-*` header the endpoint rules did not add must be signed
                            // as well, which only the general path does: the fast path declines.
                            let unlisted_amz = h.iter().any(|(n, _)| {
                                n.starts_with("x-amz-")
                                    && *n != "x-amz-target"
                                    && !t.headers.iter().any(|(th, _)| th.as_str() == *n)
                            });
                            let took = fast::sign(&mut fast, t, c, "svc", "eu-west-1", now);
                            assert_eq!(took.is_some(), !unlisted_amz, "{} {h:?}", t.uri_text);
                            if unlisted_amz {
                                continue;
                            }
                            sign_with_aws_sigv4(&mut slow, t, &[], c, "svc", "eu-west-1", now)
                                .unwrap();
                            assert_eq!(fast.headers(), slow.headers(), "{} {at}", t.uri_text);
                            assert!(fast.headers()["authorization"].is_sensitive());
                        }
                    }
                }
            }
        }
        // Different region or service: a different key, so a different signature.
        let sig = |region: &str, service: &str| {
            let mut r = request(&targets[0], headers[0], "{}");
            sign_request(
                &mut r,
                &targets[0],
                &[],
                &creds[0],
                service,
                region,
                time(times[0]),
            )
            .unwrap();
            r.headers()["authorization"].clone()
        };
        assert_ne!(sig("us-east-1", "svc"), sig("us-west-2", "svc"));
        assert_ne!(sig("us-east-1", "svc"), sig("us-east-1", "other"));
        // Another method and an operation path below the endpoint (HTTP-binding protocols).
        let rest = target("https://svc.eu-west-1.api.aws/2024-01-01/jobs/job-1");
        let (mut fast_req, mut slow_req) = (
            request(&rest, headers[0], ""),
            request(&rest, headers[0], ""),
        );
        *fast_req.method_mut() = http::Method::PUT;
        *slow_req.method_mut() = http::Method::PUT;
        let now = time(times[1]);
        assert!(fast::sign(&mut fast_req, &rest, &creds[1], "svc", "eu-west-1", now).is_some());
        sign_with_aws_sigv4(
            &mut slow_req,
            &rest,
            &[],
            &creds[1],
            "svc",
            "eu-west-1",
            now,
        )
        .unwrap();
        assert_eq!(fast_req.headers(), slow_req.headers());
        // An odd value is left to aws-sigv4.
        let mut odd = request(&targets[0], &[("content-type", "a  b")], "{}");
        assert!(fast::sign(&mut odd, &targets[0], &creds[0], "svc", "r", time(times[0])).is_none());
        assert!(!odd.headers().contains_key("authorization"));
    }

    /// Signing cost, for profilers: `SIGN_PATH=fast|aws SIGN_CALLS=n cargo test --release
    /// -p smithy-client-runtime --lib sign_cost -- --ignored`, under
    /// `valgrind --tool=callgrind` for instruction counts that do not depend on machine load.
    #[test]
    #[ignore = "a measurement, not a check"]
    fn sign_cost() {
        let t = target("https://partnercentral-selling.us-east-1.api.aws/");
        let creds = Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "t",
        );
        let headers = [
            ("content-type", "application/x-amz-json-1.0"),
            (
                "x-amz-target",
                "AWSPartnerCentralSelling.GetResourceSnapshotJob",
            ),
        ];
        let fast_path = std::env::var("SIGN_PATH").map_or(true, |p| p != "aws");
        let calls: u32 = std::env::var("SIGN_CALLS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(10_000);
        let now = SystemTime::now();
        let started = std::time::Instant::now();
        for _ in 0..calls {
            let mut req = request(
                &t,
                &headers,
                "{\"Catalog\":\"AWS\",\"ResourceSnapshotJobIdentifier\":\"job-0123456789abc\"}",
            );
            if fast_path {
                assert!(
                    fast::sign(&mut req, &t, &creds, "partnercentral", "us-east-1", now).is_some()
                );
            } else {
                sign_with_aws_sigv4(
                    &mut req,
                    &t,
                    &[],
                    &creds,
                    "partnercentral",
                    "us-east-1",
                    now,
                )
                .unwrap();
            }
            std::hint::black_box(req);
        }
        let per = started.elapsed().as_nanos() / u128::from(calls.max(1));
        println!(
            "{} path: {per} ns per signature",
            if fast_path { "fast" } else { "aws-sigv4" }
        );
    }
}

#[cfg(test)]
#[path = "signing_s3_tests.rs"]
mod s3_tests;
