//! The rules engine's standard-library functions through the public API: `parseURL`,
//! `substring`, host labels, URI encoding, `split`, `parseArn`, virtual-hostable S3 buckets.

use smithy_client_runtime::endpoint::functions::{
    self, Arn, ParsedUrl, is_valid_host_label, is_virtual_hostable_s3_bucket, parse_arn, parse_url,
    substring, uri_encode,
};

fn url(
    scheme: &str,
    authority: &str,
    path: &str,
    normalized: &str,
    is_ip: bool,
) -> Option<ParsedUrl> {
    Some(ParsedUrl {
        scheme: scheme.into(),
        authority: authority.into(),
        path: path.into(),
        normalized_path: normalized.into(),
        is_ip,
    })
}

#[test]
fn parse_url_components() {
    assert_eq!(
        parse_url("https://example.com"),
        url("https", "example.com", "", "/", false)
    );
    assert_eq!(
        parse_url("https://example.com/"),
        url("https", "example.com", "/", "/", false)
    );
    assert_eq!(
        parse_url("http://example.com:80/foo/bar"),
        url("http", "example.com:80", "/foo/bar", "/foo/bar/", false)
    );
    assert_eq!(
        parse_url("HTTPS://Example.com/a/"),
        url("https", "Example.com", "/a/", "/a/", false)
    );
    assert_eq!(
        parse_url("https://127.0.0.1"),
        url("https", "127.0.0.1", "", "/", true)
    );
    assert_eq!(
        parse_url("http://192.168.1.1:1234/foo/"),
        url("http", "192.168.1.1:1234", "/foo/", "/foo/", true)
    );
    assert_eq!(
        parse_url("https://[fe80::1]"),
        url("https", "[fe80::1]", "", "/", true)
    );
    assert_eq!(
        parse_url("https://[2001:db8::7348]:443"),
        url("https", "[2001:db8::7348]:443", "", "/", true),
        "an explicit port is kept as written"
    );
    assert_eq!(
        parse_url("https://999.999.abc.blah"),
        url("https", "999.999.abc.blah", "", "/", false)
    );
    assert_eq!(
        parse_url("http://99_ab-.com"),
        url("http", "99_ab-.com", "", "/", false),
        "labels are not validated"
    );
    assert_eq!(
        parse_url("https://user:pw@example.com/x"),
        url("https", "example.com", "/x", "/x/", false)
    );
}

#[test]
fn parse_url_rejections() {
    for bad in [
        "https://example.com:8443?foo=bar&faz=baz",
        "https://example.com/path?query1=foo",
        "https://example.com/#frag",
        "acbd://example.com",
        "example.com",
        "http://abc.com:a/foo",
        "http://abc.com:/foo",
        "http://abc.com:70000",
        "https://",
        "https:///path",
        "https://exa mple.com",
        "https://[zz::1]",
        "https://[::1]x",
        "",
    ] {
        assert_eq!(parse_url(bad), None, "{bad:?} should not parse");
    }
}

#[test]
fn substring_rules() {
    assert_eq!(substring("abcdefg", 0, 4, false), Some("abcd"));
    assert_eq!(substring("abcdefg", 0, 4, true), Some("defg"));
    assert_eq!(substring("abcdefg", 1, 3, true), Some("ef"));
    assert_eq!(substring("abcd", 0, 4, false), Some("abcd"));
    assert_eq!(substring("abc", 0, 4, false), None, "too short");
    assert_eq!(substring("abcdef", 3, 3, false), None, "empty range");
    assert_eq!(substring("abcdef", 4, 2, false), None, "inverted range");
    assert_eq!(substring("abcdef", -1, 2, false), None, "negative index");
    assert_eq!(
        substring("\u{1F600}abcdef", 0, 4, false),
        None,
        "non-ASCII input"
    );
    assert_eq!(
        substring("abcdef\u{e9}", 0, 2, false),
        None,
        "non-ASCII anywhere"
    );
}

#[test]
fn host_labels() {
    assert!(is_valid_host_label("us-east-1", false));
    assert!(is_valid_host_label("a", false));
    assert!(is_valid_host_label("0abc", false));
    assert!(is_valid_host_label(&"a".repeat(63), false));
    assert!(!is_valid_host_label(&"a".repeat(64), false));
    assert!(!is_valid_host_label("", false));
    assert!(!is_valid_host_label("-abc", false));
    assert!(!is_valid_host_label("a.b", false));
    assert!(!is_valid_host_label("a_b", false));
    assert!(!is_valid_host_label("ab\u{e9}", false));
    assert!(is_valid_host_label("a.b.c", true));
    assert!(!is_valid_host_label("a..b", true));
    assert!(!is_valid_host_label("a.b.", true));
    assert!(!is_valid_host_label(".a", true));
    assert!(!is_valid_host_label("a.-b", true));
}

#[test]
fn uri_encoding() {
    assert_eq!(uri_encode("abcXYZ019-_.~"), "abcXYZ019-_.~");
    assert_eq!(uri_encode("a b"), "a%20b");
    assert_eq!(
        uri_encode("/:,?#[]{}|@! $&'()*+;=%<>\"^`\\"),
        "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C"
    );
    assert_eq!(uri_encode("\u{e9}\u{1F600}"), "%C3%A9%F0%9F%98%80");
    assert_eq!(uri_encode(""), "");
}

#[test]
fn split_function() {
    assert_eq!(
        functions::split("a--b--c", "--", 0),
        Some(vec!["a", "b", "c"])
    );
    assert_eq!(
        functions::split("a--b--c", "--", 2),
        Some(vec!["a", "b--c"])
    );
    assert_eq!(functions::split("a--b--c", "--", 1), Some(vec!["a--b--c"]));
    assert_eq!(functions::split("", "--", 0), Some(vec![""]));
    assert_eq!(functions::split("--b--", "--", 0), Some(vec!["", "b", ""]));
    assert_eq!(functions::split("x", "", 0), None);
}

fn arn(
    partition: &str,
    service: &str,
    region: &str,
    account: &str,
    resource: &[&str],
) -> Option<Arn> {
    Some(Arn {
        partition: partition.into(),
        service: service.into(),
        region: region.into(),
        account_id: account.into(),
        resource_id: resource.iter().map(|s| (*s).to_owned()).collect(),
    })
}

#[test]
fn arn_parsing() {
    assert_eq!(
        parse_arn("arn:aws:sns:us-west-2:012345678910:example-sns-topic-name"),
        arn(
            "aws",
            "sns",
            "us-west-2",
            "012345678910",
            &["example-sns-topic-name"]
        )
    );
    assert_eq!(
        parse_arn("arn:aws:ec2:us-east-1:012345678910:vpc/vpc-0e9801d129EXAMPLE"),
        arn(
            "aws",
            "ec2",
            "us-east-1",
            "012345678910",
            &["vpc", "vpc-0e9801d129EXAMPLE"]
        )
    );
    assert_eq!(
        parse_arn("arn:aws:iam::012345678910:user/johndoe"),
        arn("aws", "iam", "", "012345678910", &["user", "johndoe"])
    );
    assert_eq!(
        parse_arn("arn:aws:s3:::bucket_name"),
        arn("aws", "s3", "", "", &["bucket_name"])
    );
    assert_eq!(
        parse_arn("arn:aws:s3:us-west-2:123:accesspoint:my-ap/obj:x"),
        arn(
            "aws",
            "s3",
            "us-west-2",
            "123",
            &["accesspoint", "my-ap", "obj", "x"]
        )
    );
    assert_eq!(
        parse_arn("arn:aws:s3:us-west-2:123:a//b"),
        arn("aws", "s3", "us-west-2", "123", &["a", "", "b"])
    );
    for bad in [
        "11111111-2222-3333-4444-555555555555",
        "arn:aws:s3:us-west-2:123",
        "arn:aws:s3:us-west-2:123:",
        "arn::s3:us-west-2:123:r",
        "arn:aws::us-west-2:123:r",
        "ARN:aws:s3:::b",
        "",
    ] {
        assert_eq!(parse_arn(bad), None, "{bad:?}");
    }
}

#[test]
fn virtual_hostable_buckets() {
    assert!(is_virtual_hostable_s3_bucket("bucket-name", false));
    assert!(is_virtual_hostable_s3_bucket("abc", false));
    assert!(!is_virtual_hostable_s3_bucket("ab", false));
    assert!(!is_virtual_hostable_s3_bucket(&"a".repeat(64), false));
    assert!(!is_virtual_hostable_s3_bucket("Bucket", false));
    assert!(!is_virtual_hostable_s3_bucket("bucket-", false));
    assert!(!is_virtual_hostable_s3_bucket("a.b.c", false));
    assert!(is_virtual_hostable_s3_bucket("a.b.c", true));
    assert!(!is_virtual_hostable_s3_bucket("a..bc", true));
    assert!(!is_virtual_hostable_s3_bucket("ab-.c", true));
    assert!(!is_virtual_hostable_s3_bucket("ab.-c", true));
    assert!(!is_virtual_hostable_s3_bucket("192.168.5.4", true));
    assert!(!is_virtual_hostable_s3_bucket("", true));
}

// ---------------------------------------------------------------------------------------
// Partitions
// ---------------------------------------------------------------------------------------
