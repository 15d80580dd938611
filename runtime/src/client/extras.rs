//! Per-call request details that depend on the input or on operation traits beyond
//! [`OperationMeta`](crate::service::OperationMeta): the `@endpoint` host prefix (with its
//! `@hostLabel` values filled in), `@requestCompression`, and an endpoint carried by an input
//! member.

use crate::error::ConstructionError;

/// A compression algorithm from `@requestCompression`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Compression {
    /// `gzip` (RFC 1952).
    Gzip,
}

impl Compression {
    /// The `Content-Encoding` token.
    pub const fn as_str(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
        }
    }

    /// The first encoding of a `@requestCompression` list this runtime supports.
    pub fn pick(encodings: &[&str]) -> Option<Self> {
        encodings
            .iter()
            .find(|e| e.eq_ignore_ascii_case("gzip"))
            .map(|_| Compression::Gzip)
    }

    #[cfg(feature = "request-compression")]
    pub(crate) fn compress(self, body: &[u8]) -> Result<bytes::Bytes, ConstructionError> {
        use std::io::Write as _;
        match self {
            Compression::Gzip => {
                let mut encoder = flate2::write::GzEncoder::new(
                    Vec::with_capacity(body.len() / 2),
                    flate2::Compression::default(),
                );
                encoder
                    .write_all(body)
                    .and_then(|()| encoder.finish())
                    .map(bytes::Bytes::from)
                    .map_err(|e| {
                        ConstructionError::new("compressing the request body failed").with_source(e)
                    })
            }
        }
    }
}

/// What a generated operation passes to [`invoke_with`](super::invoke_with) besides the input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestExtras {
    pub(crate) host_prefix: Option<String>,
    #[cfg(feature = "request-compression")]
    pub(crate) compression: Option<Compression>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) checksum: Option<crate::checksum::RequestChecksum>,
    pub(crate) error_in_success_body: bool,
    pub(crate) endpoint_params: Vec<(String, crate::endpoint::ParamValue)>,
}

impl RequestExtras {
    /// Nothing beyond the operation's static facts.
    pub fn new() -> Self {
        Self::default()
    }

    /// Prepends `prefix` (the `@endpoint` `hostPrefix` with its labels already filled in, e.g.
    /// `foo.bar.`) to the endpoint's host. Checked at send time: it must be dot-separated host
    /// labels.
    pub fn host_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.host_prefix = Some(prefix.into());
        self
    }

    /// Compresses the body with `compression` when it reaches the configured threshold. Needs
    /// the `request-compression` feature.
    #[cfg(feature = "request-compression")]
    pub fn compression(mut self, compression: Option<Compression>) -> Self {
        self.compression = compression;
        self
    }

    /// The operation's `@httpChecksum` trait with the caller's choices (request checksum
    /// header, response validation).
    pub fn checksum(mut self, checksum: crate::checksum::RequestChecksum) -> Self {
        self.checksum = Some(checksum);
        self
    }

    /// The service may answer this operation with a 2xx status and an error document in the
    /// body (S3's CopyObject, UploadPartCopy and CompleteMultipartUpload: the status line is
    /// sent before the work is done). Such a body, or an empty one, is then handled as an
    /// error response and retried like a 500, as S3 asks.
    pub fn error_in_success_body(mut self, possible: bool) -> Self {
        self.error_in_success_body = possible;
        self
    }

    /// An endpoint rule-set parameter of this call (`@contextParam` members such as S3's
    /// `Bucket`, `@staticContextParams`); `None` leaves it unset. With any of these, the
    /// endpoint is resolved for the call instead of once per client, so the bucket can go into
    /// the host (virtual-hosted addressing) or the path, as the rules decide.
    pub fn endpoint_param(
        mut self,
        name: &str,
        value: Option<crate::endpoint::ParamValue>,
    ) -> Self {
        if let Some(value) = value {
            self.endpoint_params.push((name.to_owned(), value));
        }
        self
    }

    /// Sends this call to `url` instead of the client's endpoint (an operation whose input
    /// carries the endpoint to use).
    pub fn endpoint_url(mut self, url: Option<String>) -> Self {
        self.endpoint_url = url;
        self
    }
}

/// Whether a 2xx body is really an error: an `<Error>` root element, or nothing at all (the
/// connection ended before the result was written).
pub(crate) fn is_error_in_success_body(body: &[u8]) -> bool {
    if body.iter().all(u8::is_ascii_whitespace) {
        return true;
    }
    // Only the root matters; a body that is not XML is left to the output parser. Only XML
    // services (S3) send error documents with a 2xx.
    #[cfg(feature = "xml")]
    return crate::xml::parse(body).is_ok_and(|doc| crate::xml::envelope::is_error_document(&doc));
    #[cfg(not(feature = "xml"))]
    false
}

/// Checks a filled-in host prefix: each dot-separated part is a DNS label (letters, digits,
/// hyphens, not starting or ending with a hyphen); a trailing dot separates it from the host.
pub(crate) fn check_host_prefix(prefix: &str) -> Result<(), ConstructionError> {
    let labels = prefix.strip_suffix('.').unwrap_or(prefix);
    let valid = !labels.is_empty()
        && labels.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    if valid {
        Ok(())
    } else {
        Err(ConstructionError::new(format!(
            "host prefix {prefix:?} is not a valid host name part (check the @hostLabel members)"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "request-compression")]
    #[test]
    fn gzip_round_trips() {
        use std::io::Read as _;
        let body = b"{\"data\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}";
        let packed = Compression::Gzip.compress(body).unwrap();
        assert_eq!(&packed[..2], &[0x1f, 0x8b], "gzip magic");
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&packed[..])
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, body);
        assert_eq!(Compression::pick(&["br", "GZIP"]), Some(Compression::Gzip));
        assert_eq!(Compression::pick(&["br"]), None);
    }

    #[cfg(feature = "xml")]
    #[test]
    fn error_documents_and_empty_bodies_in_a_200_are_errors() {
        let error = b"<?xml version=\"1.0\"?>\n<Error><Code>InternalError</Code>\
            <Message>We encountered an internal error.</Message></Error>";
        assert!(is_error_in_success_body(error));
        assert!(is_error_in_success_body(b""));
        assert!(is_error_in_success_body(b" \n"));
        let ok = b"<CopyObjectResult><ETag>\"x\"</ETag></CopyObjectResult>";
        assert!(!is_error_in_success_body(ok));
        assert!(!is_error_in_success_body(b"not xml"));
    }

    #[test]
    fn host_prefixes_must_be_labels() {
        for ok in ["foo.", "foo.bar.", "a-1."] {
            assert!(check_host_prefix(ok).is_ok(), "{ok}");
        }
        for bad in ["", ".", "foo..", "-a.", "a/b.", "evil.com/x.", "a b."] {
            assert!(check_host_prefix(bad).is_err(), "{bad}");
        }
    }
}
