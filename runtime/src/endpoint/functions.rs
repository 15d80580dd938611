//! The pure string functions of the rules-engine standard library and its AWS extensions.
//!
//! They are public because they are useful outside rule evaluation too (for example, checking
//! that a configured region is a valid host label before it goes into a URL). The rule
//! evaluator calls exactly these, so their behaviour is the behaviour of the rules.

/// The parts of a URL as returned by the `parseURL` rules function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedUrl {
    /// Lower-cased scheme without `://` (`http` or `https`).
    pub scheme: String,
    /// Host and optional port exactly as written (an explicit default port is kept, matching
    /// the reference implementation); any `userinfo@` prefix is removed.
    pub authority: String,
    /// The path as written, `""` when the URL has none.
    pub path: String,
    /// The path with a leading and a trailing `/` guaranteed (`/` for an empty path).
    pub normalized_path: String,
    /// Whether the host is an IPv4 or a bracketed IPv6 address.
    pub is_ip: bool,
}

/// Parses an endpoint URL the way the `parseURL` rules function does.
///
/// Returns `None` for anything that is not an absolute `http`/`https` URL with a non-empty
/// host, for a non-numeric or out-of-range port, and for URLs carrying a query (the
/// specification requires rejecting those). URLs with a `#fragment` are rejected as well:
/// a fragment has no meaning for an endpoint and would otherwise be silently dropped.
pub fn parse_url(input: &str) -> Option<ParsedUrl> {
    let (scheme, rest) = input.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    if rest.contains(['?', '#']) {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    // userinfo is not part of the authority the rules see (spec: "MUST NOT be included").
    let authority = match authority.rfind('@') {
        Some(i) => authority.get(i + 1..)?,
        None => authority,
    };
    let (host, port) = split_host_port(authority)?;
    // Bracketed IPv6 hosts were already validated by `split_host_port`.
    if host.is_empty() || (!host.starts_with('[') && !host.chars().all(is_host_char)) {
        return None;
    }
    if let Some(port) = port
        && (port.is_empty()
            || !port.bytes().all(|b| b.is_ascii_digit())
            || port.parse::<u16>().is_err())
    {
        return None;
    }
    if path.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    Some(ParsedUrl {
        scheme,
        authority: authority.to_owned(),
        path: path.to_owned(),
        normalized_path: normalize_path(path),
        is_ip: is_ip_address(host),
    })
}

/// Splits `host[:port]`, keeping IPv6 brackets on the host.
fn split_host_port(authority: &str) -> Option<(&str, Option<&str>)> {
    if authority.starts_with('[') {
        let close = authority.find(']')?;
        let host = authority.get(..=close)?;
        let inner = host.get(1..close)?;
        if inner.is_empty()
            || !inner.contains(':')
            || !inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return None;
        }
        let after = authority.get(close + 1..)?;
        if after.is_empty() {
            return Some((host, None));
        }
        return Some((host, Some(after.strip_prefix(':')?)));
    }
    match authority.split_once(':') {
        Some((host, port)) => Some((host, Some(port))),
        None => Some((authority, None)),
    }
}

/// Characters accepted in a registered host name. Host labels are intentionally not
/// validated here (`http://99_ab-.com` parses, per the conformance tests); only characters
/// that can never appear in a URL authority are refused.
fn is_host_char(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`' | '[' | ']'
        ))
}

/// Ensures a path starts and ends with `/`; an empty or blank path becomes `/`.
pub fn normalize_path(path: &str) -> String {
    if path.trim().is_empty() {
        return "/".to_owned();
    }
    let mut out = String::with_capacity(path.len() + 2);
    if !path.starts_with('/') {
        out.push('/');
    }
    out.push_str(path);
    if !path.ends_with('/') {
        out.push('/');
    }
    out
}

/// True for a bracketed IPv6 literal or a dotted-quad IPv4 address.
///
/// IPv4 needs exactly four decimal parts of one to three digits each, without leading zeros,
/// each at most 255; `999.999.abc.blah` and `1.2.3.4.5` are host names, not addresses.
pub fn is_ip_address(host: &str) -> bool {
    if host.len() >= 2 && host.starts_with('[') && host.ends_with(']') {
        return true;
    }
    let mut parts = 0;
    for part in host.split('.') {
        parts += 1;
        let valid = (1..=3).contains(&part.len())
            && part.bytes().all(|b| b.is_ascii_digit())
            && !(part.len() > 1 && part.starts_with('0'))
            && part.parse::<u16>().is_ok_and(|n| n <= 255);
        if !valid || parts > 4 {
            return false;
        }
    }
    parts == 4
}

/// The `substring` rules function: characters `[start, stop)` of `input`, counted from the
/// end instead when `reverse` is true.
///
/// Returns `None` when the range is empty or inverted, negative, longer than the input, or
/// when the input is not pure ASCII (so that byte and character positions agree).
pub fn substring(input: &str, start: i64, stop: i64, reverse: bool) -> Option<&str> {
    if !input.is_ascii() {
        return None;
    }
    let start = usize::try_from(start).ok()?;
    let stop = usize::try_from(stop).ok()?;
    let len = input.len();
    if start >= stop || stop > len {
        return None;
    }
    if reverse {
        input.get(len - stop..len - start)
    } else {
        input.get(start..stop)
    }
}

/// The `isValidHostLabel` rules function: an RFC 1123 label (ASCII letters, digits and
/// hyphens, 1 to 63 characters, not starting with a hyphen), or with `allow_subdomains`
/// several such labels joined by single dots.
pub fn is_valid_host_label(value: &str, allow_subdomains: bool) -> bool {
    if allow_subdomains {
        value.split('.').all(is_single_host_label)
    } else {
        is_single_host_label(value)
    }
}

fn is_single_host_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    match bytes.split_first() {
        Some((first, rest)) => {
            bytes.len() <= 63
                && first.is_ascii_alphanumeric()
                && rest.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        }
        None => false,
    }
}

/// The `uriEncode` rules function: RFC 3986 percent-encoding of every byte of the UTF-8 input
/// except the unreserved set `A-Z a-z 0-9 - _ . ~`, with upper-case hex digits.
pub fn uri_encode(value: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            // Writing into a String cannot fail.
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The `split` rules function.
///
/// `limit == 0` splits at every delimiter, `limit == 1` returns the input unsplit and
/// `limit > 1` returns at most `limit` parts (the last one keeps the remaining delimiters).
/// An empty input yields `[""]`. Returns `None` for an empty delimiter, which the
/// specification forbids.
pub fn split<'a>(value: &'a str, delimiter: &str, limit: usize) -> Option<Vec<&'a str>> {
    if delimiter.is_empty() {
        return None;
    }
    Some(if limit == 0 {
        value.split(delimiter).collect()
    } else {
        value.splitn(limit, delimiter).collect()
    })
}

/// An ARN as returned by the `aws.parseArn` rules function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arn {
    /// Partition, e.g. `aws`.
    pub partition: String,
    /// Service namespace, e.g. `s3`.
    pub service: String,
    /// Region; empty for resources that are not regional.
    pub region: String,
    /// Account id; empty for resources without one.
    pub account_id: String,
    /// The resource part split on every `:` and `/`.
    pub resource_id: Vec<String>,
}

/// Parses `arn:partition:service:region:account-id:resource`.
///
/// Partition, service and resource must be non-empty; region and account may be empty.
/// Everything after the fifth `:` is the resource, which is then split on `:` and `/`.
pub fn parse_arn(input: &str) -> Option<Arn> {
    let mut fields = input.splitn(6, ':');
    if fields.next()? != "arn" {
        return None;
    }
    let partition = fields.next()?;
    let service = fields.next()?;
    let region = fields.next()?;
    let account_id = fields.next()?;
    let resource = fields.next()?;
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition: partition.to_owned(),
        service: service.to_owned(),
        region: region.to_owned(),
        account_id: account_id.to_owned(),
        resource_id: resource.split([':', '/']).map(str::to_owned).collect(),
    })
}

/// The `aws.isVirtualHostableS3Bucket` rules function: whether a bucket name can be used as
/// a DNS label in front of an S3 host.
///
/// The name must be 3 to 63 characters of lower-case letters, digits and hyphens, starting and
/// ending with a letter or digit. With `allow_subdomains`, dots are also allowed, but not
/// next to another dot or a hyphen, and the name must not look like an IPv4 address.
pub fn is_virtual_hostable_s3_bucket(value: &str, allow_subdomains: bool) -> bool {
    let bytes = value.as_bytes();
    let lower_alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    if !(3..=63).contains(&bytes.len()) || !lower_alnum(first) || !lower_alnum(last) {
        return false;
    }
    if !allow_subdomains {
        return bytes.iter().all(|&b| lower_alnum(b) || b == b'-');
    }
    let mut previous = first;
    for &b in bytes.iter().skip(1) {
        let ok = match b {
            b'.' => previous != b'.' && previous != b'-',
            b'-' => previous != b'.',
            other => lower_alnum(other),
        };
        if !ok {
            return false;
        }
        previous = b;
    }
    !is_ip_address(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_matches_specification_table() {
        let cases: &[(&str, &str, usize, &[&str])] = &[
            ("a--b--c", "--", 0, &["a", "b", "c"]),
            ("a--b--c", "--", 2, &["a", "b--c"]),
            ("a--b--c", "--", 1, &["a--b--c"]),
            ("", "--", 0, &[""]),
            ("--", "--", 0, &["", ""]),
            ("----", "--", 0, &["", "", ""]),
            ("--b--", "--", 0, &["", "b", ""]),
            ("--x-s3--azid--suffix", "--", 2, &["", "x-s3--azid--suffix"]),
            ("abc", "x", 0, &["abc"]),
        ];
        for (input, delim, limit, want) in cases {
            assert_eq!(
                split(input, delim, *limit).as_deref(),
                Some(*want),
                "{input:?} {limit}"
            );
        }
        assert_eq!(split("abc", "", 0), None);
    }

    #[test]
    fn ipv4_heuristics() {
        assert!(is_ip_address("127.0.0.1"));
        assert!(is_ip_address("[::1]"));
        assert!(!is_ip_address("1.2.3"));
        assert!(!is_ip_address("1.2.3.4.5"));
        assert!(!is_ip_address("999.1.1.1"));
        assert!(!is_ip_address("01.1.1.1"));
        assert!(!is_ip_address("a.b.c.d"));
        assert!(!is_ip_address(""));
    }
}
