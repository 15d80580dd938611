//! SigV4 for the common request (awsJson's POST to the endpoint root) without re-deriving the signing key on every call.
//!
//! `aws-sigv4` derives the signing key (four HMAC-SHA256s over the secret, date, region and
//! service) for every request and builds its canonical request through several intermediate
//! collections; profiling the in-memory call showed signing as most of our instructions. The key
//! only changes when one of its four inputs does, so it is cached here per (secret, date,
//! region, service), and the canonical request is written into one buffer.
//!
//! Only the common shape of request takes this path: a URI path of unreserved characters with
//! no dot segments and no query, one visible-ASCII value per signed header with no whitespace to
//! normalise. Anything else returns `None` and is signed by `aws-sigv4`, so odd endpoints and
//! header values keep AWS's own canonicalisation. The tests check both paths give the same bytes.
//!
//! The cache holds derived keys, which are as sensitive as the secret for their day, region and
//! service; it lives as long as the process, like the credentials the client already holds.

use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use http::{HeaderName, HeaderValue};
use sha2::{Digest as _, Sha256};

use super::CONTENT_MD5;

/// The awsJson operation header, signed on the fast path.
const X_AMZ_TARGET: http::HeaderName = http::HeaderName::from_static("x-amz-target");
use crate::client::target::Target;
use crate::credentials::Credentials;
use crate::transport::HttpRequest;

/// Enough for a process that talks to a few services in a few regions; beyond that the oldest
/// entry is replaced (a miss costs one key derivation, as without the cache).
const CACHE_ENTRIES: usize = 8;

struct CachedKey {
    secret: String,
    date: [u8; 8],
    region: String,
    service: String,
    key: SigningKey,
}

/// A derived signing key as HMAC-SHA256 wants it: the hash states after the key's inner and
/// outer pad blocks, so each signature costs two SHA-256 block compressions fewer.
#[derive(Clone)]
struct SigningKey {
    inner: Sha256,
    outer: Sha256,
}

impl SigningKey {
    fn new(key: &[u8; 32]) -> Self {
        let mut block = [0u8; 64];
        block[..32].copy_from_slice(key);
        Self {
            inner: Sha256::new_with_prefix(block.map(|b| b ^ 0x36)),
            outer: Sha256::new_with_prefix(block.map(|b| b ^ 0x5c)),
        }
    }

    /// HMAC-SHA256 of `message` under this key.
    fn mac(&self, message: &[u8]) -> [u8; 32] {
        let inner = self.inner.clone().chain_update(message).finalize();
        self.outer.clone().chain_update(inner).finalize().into()
    }
}

static KEYS: Mutex<Vec<CachedKey>> = Mutex::new(Vec::new());

/// Signs `request` like `aws-sigv4` would, or returns `None` (request untouched) when it is not
/// of the common shape described in the module docs.
pub(super) fn sign(
    request: &mut HttpRequest,
    target: &Target,
    credentials: &Credentials,
    service: &str,
    region: &str,
    time: SystemTime,
) -> Option<()> {
    // The request's own method and URI (endpoint path plus operation path), as the general
    // path signs them.
    let uri = request.uri();
    if uri.query().is_some_and(|q| !q.is_empty()) || !simple_path(uri.path()) {
        return None;
    }
    // S3 (payload hash header) and requests carrying other `x-amz-*` or `content-md5` headers,
    // which must be signed too (see the parent module), take the general path.
    let extra_signed = request.headers().keys().any(|n| {
        let amz = n.as_str().starts_with("x-amz-")
            && *n != X_AMZ_TARGET
            && !target.headers.iter().any(|(t, _)| t == n);
        amz || *n == CONTENT_MD5
    });
    // A streamed body is signed without its hash (see the parent module): general path.
    if super::is_s3(service) || extra_signed || request.body().is_streaming() {
        return None;
    }
    let path = if uri.path().is_empty() {
        "/"
    } else {
        uri.path()
    };
    let method = request.method().as_str();
    let (amz_date, date) = amz_date(time)?;
    let token = credentials.session_token();

    // (name, value) of every signed header, sorted by name; names are lower case already.
    let headers = request.headers();
    let mut signed: Vec<(&str, &str)> = Vec::with_capacity(6 + target.headers.len());
    let always = [http::header::HOST, http::header::CONTENT_TYPE, X_AMZ_TARGET];
    for name in always.iter().chain(target.headers.iter().map(|(n, _)| n)) {
        let mut values = headers.get_all(name).iter();
        let Some(value) = values.next() else { continue };
        if values.next().is_some() {
            return None;
        }
        signed.push((name.as_str(), plain_value(value)?));
    }
    signed.push(("x-amz-date", amz_str(&amz_date)));
    if let Some(token) = token {
        if !plain(token) {
            return None;
        }
        signed.push(("x-amz-security-token", token));
    }
    signed.sort_unstable_by(|a, b| a.0.cmp(b.0));
    if signed.windows(2).any(|w| w[0].0 == w[1].0) {
        return None;
    }

    let body = request.body().bytes().unwrap_or_default();
    let mut canonical = String::with_capacity(256 + signed.len() * 48);
    canonical.push_str(method);
    canonical.push('\n');
    canonical.push_str(path);
    canonical.push_str("\n\n");
    for (name, value) in &signed {
        canonical.push_str(name);
        canonical.push(':');
        canonical.push_str(value);
        canonical.push('\n');
    }
    canonical.push('\n');
    let signed_names_start = canonical.len();
    for (i, (name, _)) in signed.iter().enumerate() {
        if i > 0 {
            canonical.push(';');
        }
        canonical.push_str(name);
    }
    let signed_names_end = canonical.len();
    canonical.push('\n');
    push_hex(&mut canonical, &Sha256::digest(body).into());

    let date_str = amz_str(&date);
    let mut to_sign = String::with_capacity(160);
    to_sign.push_str("AWS4-HMAC-SHA256\n");
    to_sign.push_str(amz_str(&amz_date));
    to_sign.push('\n');
    let scope_start = to_sign.len();
    for (i, part) in [date_str, region, service, "aws4_request"]
        .iter()
        .enumerate()
    {
        if i > 0 {
            to_sign.push('/');
        }
        to_sign.push_str(part);
    }
    let scope_end = to_sign.len();
    to_sign.push('\n');
    push_hex(&mut to_sign, &Sha256::digest(canonical.as_bytes()).into());

    let key = signing_key(credentials.secret_access_key(), date, region, service);
    let signature = key.mac(to_sign.as_bytes());

    let mut auth = String::with_capacity(200);
    auth.push_str("AWS4-HMAC-SHA256 Credential=");
    auth.push_str(credentials.access_key_id());
    auth.push('/');
    auth.push_str(&to_sign[scope_start..scope_end]);
    auth.push_str(", SignedHeaders=");
    auth.push_str(&canonical[signed_names_start..signed_names_end]);
    auth.push_str(", Signature=");
    push_hex(&mut auth, &signature);

    // Every value was checked to be visible ASCII above, so these conversions cannot fail;
    // they are still handled, by falling back, rather than unwrapped.
    let auth = sensitive(HeaderValue::from_str(&auth).ok()?);
    let date_value = HeaderValue::from_bytes(&amz_date).ok()?;
    let token_value = match token {
        Some(t) => Some(sensitive(HeaderValue::from_str(t).ok()?)),
        None => None,
    };
    let headers = request.headers_mut();
    headers.insert(HeaderName::from_static("x-amz-date"), date_value);
    if let Some(t) = token_value {
        headers.insert(HeaderName::from_static("x-amz-security-token"), t);
    }
    headers.insert(http::header::AUTHORIZATION, auth);
    Some(())
}

fn sensitive(mut value: HeaderValue) -> HeaderValue {
    value.set_sensitive(true);
    value
}

/// Unreserved characters and `/` only, no empty or dot segments: both encoding passes and
/// path normalisation leave such a path as it is.
fn simple_path(path: &str) -> bool {
    path.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/'))
        && !path.contains("//")
        && !path.split('/').any(|s| s == "." || s == "..")
}

fn plain_value(value: &HeaderValue) -> Option<&str> {
    value.to_str().ok().filter(|v| plain(v))
}

/// Visible ASCII and single inner spaces, no leading or trailing space: nothing for SigV4's
/// value normalisation to change.
fn plain(v: &str) -> bool {
    v.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
        && !v.starts_with(' ')
        && !v.ends_with(' ')
        && !v.contains("  ")
}

fn amz_str(bytes: &[u8]) -> &str {
    // Only ever digits, `T` and `Z` (built by `amz_date`).
    std::str::from_utf8(bytes).unwrap_or_default()
}

/// `YYYYMMDDTHHMMSSZ` and `YYYYMMDD` in UTC; `None` before 1970 or after 9999.
fn amz_date(time: SystemTime) -> Option<([u8; 16], [u8; 8])> {
    let secs = time.duration_since(UNIX_EPOCH).ok()?.as_secs();
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(i64::try_from(days).ok()?);
    if !(1970..=9999).contains(&y) {
        return None;
    }
    let mut out = *b"00000000T000000Z";
    let mut put = |at: usize, width: usize, mut n: u64| {
        for i in (at..at + width).rev() {
            out[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
    };
    put(0, 4, y as u64);
    put(4, 2, m as u64);
    put(6, 2, d as u64);
    put(9, 2, rem / 3600);
    put(11, 2, rem / 60 % 60);
    put(13, 2, rem % 60);
    let mut date = [0u8; 8];
    date.copy_from_slice(&out[..8]);
    Some((out, date))
}

/// Proleptic Gregorian (year, month, day) of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The SigV4 signing key, from the cache or derived and cached.
fn signing_key(secret: &str, date: [u8; 8], region: &str, service: &str) -> SigningKey {
    let mut cache = KEYS.lock().unwrap_or_else(|p| p.into_inner());
    let hit = cache.iter().find(|k| {
        k.date == date && k.region == region && k.service == service && k.secret == secret
    });
    if let Some(hit) = hit {
        return hit.key.clone();
    }
    let mut k_secret = Vec::with_capacity(4 + secret.len());
    k_secret.extend_from_slice(b"AWS4");
    k_secret.extend_from_slice(secret.as_bytes());
    let k_date = hmac(&k_secret, &[&date]);
    let k_region = hmac(&k_date, &[region.as_bytes()]);
    let k_service = hmac(&k_region, &[service.as_bytes()]);
    let key = SigningKey::new(&hmac(&k_service, &[b"aws4_request"]));
    if cache.len() >= CACHE_ENTRIES {
        cache.remove(0);
    }
    cache.push(CachedKey {
        secret: secret.to_owned(),
        date,
        region: region.to_owned(),
        service: service.to_owned(),
        key: key.clone(),
    });
    key
}

/// HMAC-SHA256 (RFC 2104) of the concatenated `parts`.
fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    for p in parts {
        inner.update(p);
    }
    let inner = inner.finalize();
    let mut outer = Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner);
    outer.finalize().into()
}

/// Appends the lower-case hex of a 32-byte digest (written into a buffer first: one
/// `push_str` instead of 64 `push`es).
fn push_hex(out: &mut String, bytes: &[u8; 32]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut buf = [0u8; 64];
    for (pair, b) in buf.chunks_exact_mut(2).zip(bytes) {
        pair[0] = HEX[usize::from(b >> 4)];
        pair[1] = HEX[usize::from(b & 15)];
    }
    // Only ever hex digits.
    out.push_str(std::str::from_utf8(&buf).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let t = UNIX_EPOCH + std::time::Duration::from_secs(1_709_251_199); // 2024-02-29T23:59:59Z
        let (full, day) = amz_date(t).unwrap();
        assert_eq!(&full, b"20240229T235959Z");
        assert_eq!(&day, b"20240229");
        assert_eq!(&amz_date(UNIX_EPOCH).unwrap().0, b"19700101T000000Z");
    }

    /// RFC 4231 test case 2.
    #[test]
    fn hmac_vector() {
        let mac = hmac(b"Jefe", &[b"what do ya want ", b"for nothing?"]);
        let mut hex = String::new();
        push_hex(&mut hex, &mac);
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    /// The precomputed pad states give the same MAC as the plain HMAC.
    #[test]
    fn cached_key_macs_like_hmac() {
        let key = hmac(b"secret", &[b"derive"]);
        let message = b"AWS4-HMAC-SHA256\n20240229T235959Z\nscope\nhash".repeat(3);
        assert_eq!(SigningKey::new(&key).mac(&message), hmac(&key, &[&message]));
        assert_eq!(SigningKey::new(&key).mac(b""), hmac(&key, &[]));
    }

    #[test]
    fn odd_paths_and_values_take_the_general_path() {
        assert!(simple_path("/"));
        assert!(simple_path("/prefix/v1/"));
        assert!(!simple_path("/a//b"));
        assert!(!simple_path("/a/../b"));
        assert!(!simple_path("/a%20b"));
        assert!(plain("application/x-amz-json-1.0"));
        assert!(!plain(" a"));
        assert!(!plain("a  b"));
        assert!(!plain("a\tb"));
    }
}
