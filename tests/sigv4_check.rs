//! An independent SigV4 check for S3-style requests, written from the AWS specification
//! ("Authenticating requests: Signature Version 4", header and query-string forms), not with
//! the `aws-sigv4` crate the client signs with, so a signing bug cannot verify itself.
//!
//! S3 rules: the path is signed as sent (no second encoding, no normalization) and the payload
//! hash is whatever `x-amz-content-sha256` announces (the body's hex SHA-256,
//! `UNSIGNED-PAYLOAD`, `STREAMING-UNSIGNED-PAYLOAD-TRAILER`); the server checks the body
//! against that hash separately. Presigned URLs sign `UNSIGNED-PAYLOAD`.
//!
//! Also compiled into generated test crates (`#[path]`), so it depends only on `hmac`/`sha2`.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// The parts of a received request the signature covers.
pub struct SignedRequest<'a> {
    /// `GET`, `PUT`, ...
    pub method: &'a str,
    /// The path as received (still percent-encoded).
    pub path: &'a str,
    /// The query string as received (without `?`).
    pub query: &'a str,
    /// Every header as received (any case).
    pub headers: &'a [(String, String)],
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length works");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

fn header<'a>(req: &'a SignedRequest<'_>, name: &str) -> Vec<&'a str> {
    req.headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .collect()
}

fn canonical_headers(req: &SignedRequest<'_>, signed: &str) -> Result<String, String> {
    let mut out = String::new();
    for name in signed.split(';') {
        let values = header(req, name);
        if values.is_empty() {
            return Err(format!("signed header {name} was not sent"));
        }
        let value = values
            .iter()
            .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join(",");
        out.push_str(&format!("{name}:{value}\n"));
    }
    Ok(out)
}

/// Query pairs sorted by name then value, as sent (already encoded), leaving `skip` out.
fn canonical_query(query: &str, skip: Option<&str>) -> String {
    let mut pairs: Vec<(&str, &str)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .filter(|(k, _)| Some(*k) != skip)
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

fn signature(
    secret: &str,
    date: &str,
    region: &str,
    service: &str,
    amz_date: &str,
    canonical_request: &str,
) -> String {
    let scope = format!("{date}/{region}/{service}/aws4_request");
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        sha256_hex(canonical_request.as_bytes())
    );
    let mut key = hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    for part in [region, service, "aws4_request"] {
        key = hmac(&key, part.as_bytes());
    }
    hex(&hmac(&key, string_to_sign.as_bytes()))
}

/// Checks an `Authorization: AWS4-HMAC-SHA256 ...` request; returns the payload hash it
/// signed (from `x-amz-content-sha256`, which S3 requires).
pub fn verify_header_auth(
    req: &SignedRequest<'_>,
    access_key: &str,
    secret: &str,
    region: &str,
    service: &str,
) -> Result<String, String> {
    let auth = header(req, "authorization");
    let auth = auth.first().ok_or("no Authorization header")?;
    let rest = auth
        .strip_prefix("AWS4-HMAC-SHA256 ")
        .ok_or("Authorization is not AWS4-HMAC-SHA256")?;
    let field = |name: &str| {
        rest.split(',')
            .map(str::trim)
            .find_map(|p| p.strip_prefix(name))
            .ok_or(format!("no {name} in Authorization"))
    };
    let (credential, signed, given) = (
        field("Credential=")?,
        field("SignedHeaders=")?,
        field("Signature=")?,
    );
    let amz_date = *header(req, "x-amz-date").first().ok_or("no x-amz-date")?;
    let date = amz_date.get(..8).ok_or("bad x-amz-date")?;
    if credential != format!("{access_key}/{date}/{region}/{service}/aws4_request") {
        return Err(format!("unexpected credential {credential}"));
    }
    let payload = header(req, "x-amz-content-sha256")
        .first()
        .map(|v| v.to_string())
        .ok_or("no x-amz-content-sha256")?;
    if !signed.split(';').any(|h| h == "x-amz-content-sha256") {
        return Err("x-amz-content-sha256 is not signed".into());
    }
    let canonical = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        req.path,
        canonical_query(req.query, None),
        canonical_headers(req, signed)?,
        signed,
        payload
    );
    let expected = signature(secret, date, region, service, amz_date, &canonical);
    if expected == given {
        Ok(payload)
    } else {
        Err(format!(
            "signature mismatch: expected {expected}, got {given}\ncanonical request:\n{canonical}"
        ))
    }
}

/// Checks a presigned request (`X-Amz-Signature` in the query), its expiry against `now`
/// (`YYYYMMDDTHHMMSSZ`, compared as text within one day) being the caller's concern.
pub fn verify_query_auth(
    req: &SignedRequest<'_>,
    access_key: &str,
    secret: &str,
    region: &str,
    service: &str,
) -> Result<(), String> {
    let param = |name: &str| {
        req.query
            .split('&')
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_owned())
            .ok_or(format!("no {name} in the query"))
    };
    if param("X-Amz-Algorithm")? != "AWS4-HMAC-SHA256" {
        return Err("X-Amz-Algorithm is not AWS4-HMAC-SHA256".into());
    }
    let credential = param("X-Amz-Credential")?.replace("%2F", "/");
    let amz_date = param("X-Amz-Date")?;
    let date = amz_date.get(..8).ok_or("bad X-Amz-Date")?.to_owned();
    if credential != format!("{access_key}/{date}/{region}/{service}/aws4_request") {
        return Err(format!("unexpected credential {credential}"));
    }
    let expires: u64 = param("X-Amz-Expires")?
        .parse()
        .map_err(|_| "X-Amz-Expires is not a number")?;
    if expires == 0 || expires > 604_800 {
        return Err(format!("X-Amz-Expires {expires} out of range"));
    }
    let signed = param("X-Amz-SignedHeaders")?.replace("%3B", ";");
    let given = param("X-Amz-Signature")?;
    let canonical = format!(
        "{}\n{}\n{}\n{}\n{}\nUNSIGNED-PAYLOAD",
        req.method,
        req.path,
        canonical_query(req.query, Some("X-Amz-Signature")),
        canonical_headers(req, &signed)?,
        signed,
    );
    let expected = signature(secret, &date, region, service, &amz_date, &canonical);
    if expected == given {
        Ok(())
    } else {
        Err(format!(
            "presigned signature mismatch: expected {expected}, got {given}\ncanonical request:\n{canonical}"
        ))
    }
}
