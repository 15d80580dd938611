//! S3's SigV4 flavour, cross-checked against botocore (skipped when python3 with botocore is
//! not installed).

use std::process::{Command, Stdio};

use super::*;
use crate::DateTime;
use crate::TimestampFormat;

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

fn botocore(method: &str, url: &str, headers: &[(&str, &str)], body: &str) -> Option<Vec<String>> {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/support/botocore_sign.py"
    );
    let headers: serde_json::Map<String, serde_json::Value> = headers
        .iter()
        .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v)))
        .collect();
    let input = serde_json::json!({
        "method": method, "url": url, "headers": headers, "body": body,
        "service": "s3", "region": "us-east-1", "timestamp": "20240229T235959Z",
    });
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    {
        use std::io::Write as _;
        child
            .stdin
            .take()?
            .write_all(input.to_string().as_bytes())
            .ok()?;
    }
    let out = child.wait_with_output().ok()?;
    if !out.status.success() {
        eprintln!(
            "skipping the botocore cross-check: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_owned)
            .collect(),
    )
}

/// Keys with `..`, `//`, `+` (as `%2B`) and spaces are signed exactly as sent, with the
/// payload hash in `x-amz-content-sha256`, and every `x-amz-*` header signed.
#[test]
fn s3_requests_match_botocore_and_keep_dot_segments() {
    let creds = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
        None,
        "test",
    );
    let time = SystemTime::try_from(
        DateTime::parse("2024-02-29T23:59:59Z", TimestampFormat::DateTime).unwrap(),
    )
    .unwrap();
    type Case = (
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
        &'static str,
    );
    let cases: [Case; 3] = [
        (
            "GET",
            "http://bucket.s3.amazonaws.com/a/../b//c%2Bd%20e",
            &[],
            "",
        ),
        (
            "PUT",
            "http://s3.us-east-1.amazonaws.com/bucket/../key?x-id=PutObject",
            &[("content-type", "text/plain"), ("x-amz-acl", "private")],
            "hello",
        ),
        ("DELETE", "http://bucket.s3.amazonaws.com/%2E%2E/x", &[], ""),
    ];
    for (method, url, headers, body) in cases {
        let t = target(url);
        let mut req = http::Request::new(crate::transport::SdkBody::from(body));
        *req.method_mut() = method.parse().unwrap();
        *req.uri_mut() = t.uri.clone();
        assert_eq!(
            req.uri().path(),
            url.split_once(".com").unwrap().1.split('?').next().unwrap()
        );
        req.headers_mut().insert(http::header::HOST, t.host.clone());
        for (k, v) in headers {
            req.headers_mut().insert(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        sign_request(&mut req, &t, &[], &creds, "s3", "us-east-1", time).unwrap();
        let hash = req.headers()["x-amz-content-sha256"]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(hash.len(), 64, "the payload hash, not UNSIGNED-PAYLOAD");
        let auth = req.headers()["authorization"].to_str().unwrap().to_owned();
        assert!(auth.contains("x-amz-content-sha256"), "{auth}");
        if !headers.is_empty() {
            assert!(auth.contains("x-amz-acl"), "{auth}");
        }
        let Some(theirs) = botocore(method, url, headers, body) else {
            return;
        };
        assert_eq!(auth, theirs[0], "{method} {url}");
        assert_eq!(hash, theirs[1]);
    }
}
