//! The response side: which checksum a response is checked against, and checking it, for a
//! buffered body at once and for a streamed one at its end.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use http::HeaderMap;

use super::{ChecksumAlgorithm, RequestChecksum, ResponseChecksumValidation};
use crate::transport::{BoxError, SdkBody};

/// The checksum a response announced, to check its body against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedChecksum {
    algorithm: ChecksumAlgorithm,
    value: String,
}

/// A body did not match its announced checksum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChecksumMismatch {
    algorithm: ChecksumAlgorithm,
    expected: String,
    actual: String,
}

impl ChecksumMismatch {
    /// The algorithm checked.
    pub fn algorithm(&self) -> ChecksumAlgorithm {
        self.algorithm
    }

    /// The value the response announced (base64).
    pub fn expected(&self) -> &str {
        &self.expected
    }

    /// The value computed over the bytes received (base64).
    pub fn actual(&self) -> &str {
        &self.actual
    }
}

impl fmt::Display for ChecksumMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "response body failed its {} checksum: the response announced {}, the bytes \
             received give {} (the data was corrupted in transit or by the server)",
            self.algorithm, self.expected, self.actual
        )
    }
}

impl std::error::Error for ChecksumMismatch {}

impl ExpectedChecksum {
    /// Expects `value` (base64) under `algorithm`.
    pub fn new(algorithm: ChecksumAlgorithm, value: impl Into<String>) -> Self {
        Self {
            algorithm,
            value: value.into(),
        }
    }

    /// The algorithm.
    pub fn algorithm(&self) -> ChecksumAlgorithm {
        self.algorithm
    }

    fn compare(&self, actual: String) -> Result<(), ChecksumMismatch> {
        if actual == self.value {
            Ok(())
        } else {
            Err(ChecksumMismatch {
                algorithm: self.algorithm,
                expected: self.value.clone(),
                actual,
            })
        }
    }

    /// Checks a whole body.
    pub fn validate(&self, body: &[u8]) -> Result<(), ChecksumMismatch> {
        self.compare(self.algorithm.checksum_base64(body))
    }

    /// Wraps a streamed body so it is checked as it is read: the last read fails with a
    /// [`ChecksumMismatch`] instead of ending when the bytes do not match.
    pub fn wrap(self, body: SdkBody) -> SdkBody {
        let length = body.content_length();
        let stream = ChecksumValidatingStream {
            hasher: Some(self.algorithm.hasher()),
            inner: body,
            expected: self,
        };
        SdkBody::from_stream(Box::pin(stream), length)
    }
}

/// Picks the response checksum to check, or `None`: see the [module docs](super) for the
/// rules (operation's `responseAlgorithms`, the setting, HEAD/304, multipart values).
pub(crate) fn expected_response_checksum(
    call: &RequestChecksum,
    setting: ResponseChecksumValidation,
    method: &http::Method,
    status: u16,
    headers: &HeaderMap,
) -> Option<ExpectedChecksum> {
    let spec = call.spec;
    if spec.response_algorithms.is_empty()
        || *method == http::Method::HEAD
        || status == 304
        || !(200..300).contains(&status)
    {
        return None;
    }
    if setting == ResponseChecksumValidation::WhenRequired && !call.validation_enabled {
        return None;
    }
    for &algorithm in ChecksumAlgorithm::VALIDATION_ORDER {
        if !spec.response_algorithms.contains(&algorithm) {
            continue;
        }
        let Some(value) = headers
            .get(algorithm.header_name())
            .and_then(|v| v.to_str().ok())
        else {
            continue;
        };
        let value = value.trim();
        if is_composite(value) {
            // A checksum of part checksums (multipart upload): nothing to check the bytes
            // against, and no other header is more trustworthy.
            tracing::debug!(%algorithm, "skipping the validation of a multipart object checksum");
            return None;
        }
        return Some(ExpectedChecksum::new(algorithm, value));
    }
    None
}

/// `<base64>-<number of parts>`: base64 never contains `-`.
fn is_composite(value: &str) -> bool {
    value
        .rsplit_once('-')
        .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A body checked against its checksum as it is read (see [`ExpectedChecksum::wrap`]).
pub struct ChecksumValidatingStream {
    inner: SdkBody,
    hasher: Option<super::Checksum>,
    expected: ExpectedChecksum,
}

impl fmt::Debug for ChecksumValidatingStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChecksumValidatingStream")
            .field("expected", &self.expected)
            .finish_non_exhaustive()
    }
}

impl Stream for ChecksumValidatingStream {
    type Item = Result<Bytes, BoxError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                if let Some(h) = this.hasher.as_mut() {
                    h.update(&chunk);
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(None) => match this.hasher.take() {
                // Checked once, at the end; later polls just end.
                Some(h) => match this.expected.compare(h.finalize_base64()) {
                    Ok(()) => Poll::Ready(None),
                    Err(mismatch) => Poll::Ready(Some(Err(Box::new(mismatch)))),
                },
                None => Poll::Ready(None),
            },
            other => other,
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}
