//! The request side: which checksum a call sends, and computing it.

use bytes::Bytes;
use futures_core::Stream;
use http::{HeaderMap, HeaderName, HeaderValue};

use super::{ChecksumAlgorithm, RequestChecksumCalculation, ResponseChecksumValidation};
use crate::error::ConstructionError;
use crate::transport::SdkBody;

/// The `aws.protocols#httpChecksum` trait of one operation, as the generator emits it.
///
/// ```
/// use smithy_client_runtime::checksum::{ChecksumAlgorithm, HttpChecksum};
///
/// static PUT_OBJECT: HttpChecksum = HttpChecksum::new()
///     .request_algorithm_member(Some("x-amz-sdk-checksum-algorithm"));
/// static GET_OBJECT: HttpChecksum = HttpChecksum::new()
///     .request_validation_mode_member(Some("x-amz-checksum-mode"))
///     .response_algorithms(&[ChecksumAlgorithm::Crc32, ChecksumAlgorithm::Sha256]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpChecksum {
    /// `requestChecksumRequired`.
    pub request_checksum_required: bool,
    /// The operation has a `requestAlgorithmMember`.
    pub has_request_algorithm_member: bool,
    /// The header that member is bound to (S3: `x-amz-sdk-checksum-algorithm`): the algorithm
    /// picked by default is announced there too, as the AWS SDKs do.
    pub request_algorithm_header: Option<&'static str>,
    /// The operation has a `requestValidationModeMember`.
    pub has_validation_mode_member: bool,
    /// The header that member is bound to (S3: `x-amz-checksum-mode`): `ENABLED` is sent
    /// there under `when_supported`, since S3 only returns checksums when asked.
    pub validation_mode_header: Option<&'static str>,
    /// `responseAlgorithms` this runtime implements (others are left out by the generator).
    pub response_algorithms: &'static [ChecksumAlgorithm],
}

impl HttpChecksum {
    /// A trait with nothing set.
    pub const fn new() -> Self {
        Self {
            request_checksum_required: false,
            has_request_algorithm_member: false,
            request_algorithm_header: None,
            has_validation_mode_member: false,
            validation_mode_header: None,
            response_algorithms: &[],
        }
    }

    /// `requestChecksumRequired: true`.
    pub const fn request_checksum_required(mut self) -> Self {
        self.request_checksum_required = true;
        self
    }

    /// A `requestAlgorithmMember`, bound to `header` if it is an `@httpHeader` member.
    pub const fn request_algorithm_member(mut self, header: Option<&'static str>) -> Self {
        self.has_request_algorithm_member = true;
        self.request_algorithm_header = header;
        self
    }

    /// A `requestValidationModeMember`, bound to `header` if it is an `@httpHeader` member.
    pub const fn request_validation_mode_member(mut self, header: Option<&'static str>) -> Self {
        self.has_validation_mode_member = true;
        self.validation_mode_header = header;
        self
    }

    /// `responseAlgorithms`.
    pub const fn response_algorithms(mut self, algorithms: &'static [ChecksumAlgorithm]) -> Self {
        self.response_algorithms = algorithms;
        self
    }
}

impl Default for HttpChecksum {
    fn default() -> Self {
        Self::new()
    }
}

/// One call's checksum facts: the operation's trait plus what the caller set on the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestChecksum {
    pub(crate) spec: &'static HttpChecksum,
    pub(crate) algorithm: Option<String>,
    pub(crate) validation_enabled: bool,
}

impl RequestChecksum {
    /// For an operation with `spec`, nothing set by the caller.
    pub fn new(spec: &'static HttpChecksum) -> Self {
        Self {
            spec,
            algorithm: None,
            validation_enabled: false,
        }
    }

    /// The value of the `requestAlgorithmMember` (`CRC32C`, ...), if the caller set it.
    pub fn algorithm(mut self, algorithm: Option<&str>) -> Self {
        self.algorithm = algorithm.map(str::to_owned);
        self
    }

    /// Whether the caller set the `requestValidationModeMember` (to `ENABLED`).
    pub fn validation_enabled(mut self, enabled: bool) -> Self {
        self.validation_enabled = enabled;
        self
    }

    /// The operation's trait.
    pub fn spec(&self) -> &'static HttpChecksum {
        self.spec
    }

    /// The checksum a response must match under `setting`, or `None` when it is not checked
    /// (see the [module docs](super)). For a streamed body, wrap it with
    /// [`ExpectedChecksum::wrap`](super::ExpectedChecksum::wrap) so a mismatch ends the stream
    /// with a [`ChecksumMismatch`](super::ChecksumMismatch).
    pub fn expected_response_checksum(
        &self,
        setting: ResponseChecksumValidation,
        method: &http::Method,
        status: u16,
        headers: &HeaderMap,
    ) -> Option<super::ExpectedChecksum> {
        super::response::expected_response_checksum(self, setting, method, status, headers)
    }

    /// The algorithm to send under `setting`, or `None` for no request checksum.
    pub fn request_algorithm(
        &self,
        setting: RequestChecksumCalculation,
    ) -> Result<Option<ChecksumAlgorithm>, ConstructionError> {
        if let Some(name) = &self.algorithm {
            return ChecksumAlgorithm::from_name(name)
                .map(Some)
                .map_err(|e| ConstructionError::new(e.to_string()));
        }
        let spec = self.spec;
        let supported = spec.has_request_algorithm_member || spec.request_checksum_required;
        let wanted = match setting {
            RequestChecksumCalculation::WhenSupported => supported,
            RequestChecksumCalculation::WhenRequired => spec.request_checksum_required,
        };
        Ok(wanted.then_some(ChecksumAlgorithm::Crc32))
    }
}

fn has_checksum_header(headers: &HeaderMap) -> bool {
    headers
        .keys()
        .any(|k| k.as_str().starts_with("x-amz-checksum-") && k != "x-amz-checksum-mode")
}

fn header_name(name: &str) -> Result<HeaderName, ConstructionError> {
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| ConstructionError::new(format!("{name:?} is not a valid HTTP header name")))
}

/// Adds the call's checksum headers to `headers` for the in-memory `body` (after compression,
/// before signing): `x-amz-checksum-<alg>`, the defaulted algorithm in the algorithm member's
/// header, and `ENABLED` in the validation-mode header under `when_supported`. A checksum the
/// caller already set is left alone and nothing is computed. Returns the algorithm used.
///
/// `body` is `None` for a streamed body: the checksum header is then left to the caller (an
/// aws-chunked trailer, computed as the stream is sent), and the algorithm returned says which.
pub(crate) fn apply_request_checksum(
    call: &RequestChecksum,
    calculation: RequestChecksumCalculation,
    validation: ResponseChecksumValidation,
    headers: &mut HeaderMap,
    body: Option<&[u8]>,
) -> Result<Option<ChecksumAlgorithm>, ConstructionError> {
    let spec = call.spec;
    if validation == ResponseChecksumValidation::WhenSupported
        && let Some(mode) = spec.validation_mode_header
        && !spec.response_algorithms.is_empty()
        && !headers.contains_key(mode)
    {
        headers.insert(header_name(mode)?, HeaderValue::from_static("ENABLED"));
    }
    if has_checksum_header(headers) {
        return Ok(None);
    }
    let Some(algorithm) = call.request_algorithm(calculation)? else {
        return Ok(None);
    };
    if let Some(name) = spec.request_algorithm_header
        && !headers.contains_key(name)
    {
        headers.insert(
            header_name(name)?,
            HeaderValue::from_static(algorithm.as_str()),
        );
    }
    let Some(body) = body else {
        return Ok(Some(algorithm));
    };
    let value = algorithm.checksum_base64(body);
    let value = HeaderValue::from_str(&value)
        .map_err(|_| ConstructionError::new("checksum is not a header value"))?;
    headers.insert(HeaderName::from_static(algorithm.header_name()), value);
    Ok(Some(algorithm))
}

/// The base64 checksum of any body: in memory directly; a re-readable stream (a file) read
/// once in chunks, in bounded memory. A one-shot stream cannot be read twice: an error saying
/// so (for it the checksum belongs in an aws-chunked trailer).
pub async fn checksum_of_body(
    algorithm: ChecksumAlgorithm,
    body: &SdkBody,
) -> Result<String, ConstructionError> {
    if let Some(bytes) = body.bytes() {
        return Ok(algorithm.checksum_base64(bytes));
    }
    let copy = body.try_clone().ok_or_else(|| {
        ConstructionError::new(format!(
            "the request body is a one-shot stream, so its {algorithm} checksum cannot be \
             computed before sending; send a file (ByteStream::from_path) or bytes in memory"
        ))
    })?;
    let mut copy = std::pin::pin!(copy);
    let mut hasher = algorithm.hasher();
    while let Some(chunk) = std::future::poll_fn(|cx| copy.as_mut().poll_next(cx)).await {
        let chunk: Bytes = chunk.map_err(|e| {
            ConstructionError::new(format!("reading the body for its checksum failed: {e}"))
        })?;
        hasher.update(&chunk);
    }
    Ok(hasher.finalize_base64())
}
