use std::process::{Command, Stdio};

use super::*;
use crate::{DateTime, TimestampFormat};

fn time(text: &str) -> SystemTime {
    SystemTime::try_from(DateTime::parse(text, TimestampFormat::DateTime).unwrap()).unwrap()
}

fn creds(token: Option<&str>) -> Credentials {
    Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        token.map(str::to_owned),
        None,
        "test",
    )
}

type Headers = &'static [(&'static str, &'static str)];

fn query_param<'a>(uri: &'a str, name: &str) -> Option<&'a str> {
    uri.split_once('?')?
        .1
        .split('&')
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
}

fn ours(
    c: Credentials,
    method: Method,
    url: &str,
    headers: &[(&'static str, &'static str)],
    service: &str,
    expires: u64,
) -> PresignedRequest {
    let mut map = HeaderMap::new();
    for (k, v) in headers {
        map.insert(*k, v.parse().unwrap());
    }
    let p = PresignParams {
        credentials: &c,
        name: service,
        region: "us-east-1",
        now: time("2013-05-24T00:00:00Z"),
        body: bytes::Bytes::new(),
    };
    let config = PresigningConfig::expires_in(Duration::from_secs(expires)).unwrap();
    presign(&method, &url.parse().unwrap(), &map, &p, &config).unwrap()
}

/// AWS's published S3 example ("Authenticating Requests: Using Query Parameters"): GET
/// /test.txt of examplebucket, 86400 s, at 20130524T000000Z.
#[test]
fn matches_the_s3_documentation_example() {
    let c = Credentials::new(
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        None,
        None,
        "test",
    );
    let req = ours(
        c,
        Method::GET,
        "https://examplebucket.s3.amazonaws.com/test.txt",
        &[("user-agent", "dropped")],
        "s3",
        86400,
    );
    assert_eq!(
        query_param(req.uri(), "X-Amz-Signature"),
        Some("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    );
    assert_eq!(query_param(req.uri(), "X-Amz-SignedHeaders"), Some("host"));
    assert!(req.headers().is_empty(), "{:?}", req.headers());
    assert!(!format!("{req:?}").contains("Signature"), "{req:?}");
}

#[test]
fn the_expiry_is_bounded_to_seven_days() {
    assert!(PresigningConfig::expires_in(MAX_PRESIGNED_EXPIRY).is_ok());
    let e =
        PresigningConfig::expires_in(MAX_PRESIGNED_EXPIRY + Duration::from_secs(1)).unwrap_err();
    assert!(e.to_string().contains("7 days"), "{e}");
    assert!(PresigningConfig::expires_in(Duration::ZERO).is_err());
}

/// botocore's signature for the same request, when python3 with botocore is installed.
fn botocore(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    service: &str,
    token: Option<&str>,
    expires: u64,
) -> Option<String> {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/support/botocore_presign.py"
    );
    let headers: serde_json::Map<String, serde_json::Value> = headers
        .iter()
        .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v)))
        .collect();
    let input = serde_json::json!({
        "method": method, "url": url, "headers": headers,
        "access_key": "AKIDEXAMPLE", "secret_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "token": token, "service": service, "region": "us-east-1", "expires": expires,
        "timestamp": "20130524T000000Z",
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
        let mut stdin = child.stdin.take()?;
        stdin.write_all(input.to_string().as_bytes()).ok()?;
    }
    let out = child.wait_with_output().ok()?;
    if !out.status.success() {
        eprintln!(
            "skipping the botocore cross-check: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    Some(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

#[test]
fn botocore_computes_the_same_signatures() {
    type Case = (
        Method,
        &'static str,
        Headers,
        &'static str,
        Option<&'static str>,
    );
    let cases: [Case; 4] = [
        (
            Method::GET,
            "https://bucket.s3.amazonaws.com/a/..%2F../b%20c",
            &[],
            "s3",
            None,
        ),
        (
            Method::PUT,
            "https://s3.us-east-1.amazonaws.com/bucket/photos/2024/cat.jpg?x-id=PutObject",
            &[("content-type", "image/jpeg")],
            "s3",
            Some("SESSIONTOKEN/with+chars="),
        ),
        (
            Method::GET,
            "https://bucket.s3.amazonaws.com/key+with+plus",
            &[],
            "s3",
            None,
        ),
        (
            Method::GET,
            "https://polly.us-east-1.amazonaws.com/v1/speech?Text=hi&VoiceId=Joanna",
            &[],
            "polly",
            None,
        ),
    ];
    for (method, url, headers, service, token) in cases {
        let ours = ours(creds(token), method.clone(), url, headers, service, 900);
        let Some(theirs) = botocore(method.as_str(), url, headers, service, token, 900) else {
            return;
        };
        eprintln!("botocore agrees: {method} {url}");
        assert_eq!(
            query_param(ours.uri(), "X-Amz-Signature"),
            query_param(&theirs, "X-Amz-Signature"),
            "{method} {url}\nours:   {}\ntheirs: {theirs}",
            ours.uri()
        );
        assert_eq!(ours.headers().len(), headers.len());
    }
}
