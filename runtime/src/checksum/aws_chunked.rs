//! aws-chunked framing with a checksum trailer: how a streamed upload carries its flexible
//! checksum when the checksum cannot be known before the body is sent (a one-shot stream), as
//! the AWS SDKs do for S3 uploads over TLS.
//!
//! ```text
//! 10000\r\n<65536 bytes>\r\n ... <hex len>\r\n<last bytes>\r\n 0\r\n x-amz-checksum-crc32:<b64>\r\n \r\n
//! ```
//!
//! The body is re-cut into fixed 64 KiB chunks (bounded memory: at most one chunk is held) so
//! the encoded length is known before sending and goes out as `Content-Length`, with the raw
//! length in `x-amz-decoded-content-length`; the payload hash is
//! `STREAMING-UNSIGNED-PAYLOAD-TRAILER`. The raw length must be known (S3 requires it).

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;

use super::{Checksum, ChecksumAlgorithm};
use crate::error::ConstructionError;
use crate::transport::{BoxError, SdkBody};

/// Chunk size: the AWS SDKs' default (the minimum S3 accepts is 8 KiB).
pub const AWS_CHUNK_SIZE: usize = 64 * 1024;

/// The `x-amz-content-sha256` value of an unsigned aws-chunked body with trailers.
pub const STREAMING_UNSIGNED_PAYLOAD_TRAILER: &str = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

/// The headers an aws-chunked body needs, as `(name, value)` pairs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsChunkedHeaders {
    /// `Content-Length`: the encoded length.
    pub content_length: u64,
    /// `x-amz-decoded-content-length`: the raw length.
    pub decoded_content_length: u64,
    /// `x-amz-trailer`: the checksum header name.
    pub trailer: &'static str,
}

impl AwsChunkedHeaders {
    /// Every header to set (`content-encoding` is appended to any existing value by the
    /// caller: `gzip, aws-chunked` stays valid).
    pub fn pairs(&self) -> [(&'static str, String); 5] {
        [
            ("content-encoding", "aws-chunked".to_owned()),
            ("content-length", self.content_length.to_string()),
            (
                "x-amz-decoded-content-length",
                self.decoded_content_length.to_string(),
            ),
            ("x-amz-trailer", self.trailer.to_owned()),
            (
                "x-amz-content-sha256",
                STREAMING_UNSIGNED_PAYLOAD_TRAILER.to_owned(),
            ),
        ]
    }
}

fn digest_len(algorithm: ChecksumAlgorithm) -> u64 {
    match algorithm {
        ChecksumAlgorithm::Crc32 => 4,
        #[cfg(feature = "flexible-checksums")]
        ChecksumAlgorithm::Crc32c => 4,
        #[cfg(feature = "flexible-checksums")]
        ChecksumAlgorithm::Crc64Nvme => 8,
        #[cfg(feature = "flexible-checksums")]
        ChecksumAlgorithm::Sha1 => 20,
        ChecksumAlgorithm::Sha256 => 32,
    }
}

fn hex_len(n: u64) -> u64 {
    u64::from((64 - n.leading_zeros()).div_ceil(4).max(1))
}

/// The encoded length of `raw` bytes with `algorithm`'s trailer.
pub fn encoded_length(raw: u64, algorithm: ChecksumAlgorithm) -> u64 {
    let chunk = AWS_CHUNK_SIZE as u64;
    let full = raw / chunk;
    let rest = raw % chunk;
    let frame = |len: u64| hex_len(len) + 2 + len + 2;
    let mut total = full * frame(chunk);
    if rest > 0 {
        total += frame(rest);
    }
    let b64 = digest_len(algorithm).div_ceil(3) * 4;
    // "0\r\n" + "name:value\r\n" + "\r\n"
    total + 3 + algorithm.header_name().len() as u64 + 1 + b64 + 2 + 2
}

/// Frames `body` as aws-chunked with an `algorithm` checksum trailer. Fails when the body's
/// length is unknown.
pub fn aws_chunked(
    body: SdkBody,
    algorithm: ChecksumAlgorithm,
) -> Result<(SdkBody, AwsChunkedHeaders), ConstructionError> {
    let raw = body.content_length().ok_or_else(|| {
        ConstructionError::new(
            "an aws-chunked upload needs the body's length (use ByteStream::from_path, \
             from_reader with a length, or bytes)",
        )
    })?;
    let headers = AwsChunkedHeaders {
        content_length: encoded_length(raw, algorithm),
        decoded_content_length: raw,
        trailer: algorithm.header_name(),
    };
    let stream = AwsChunkedStream {
        inner: body,
        hasher: Some(algorithm.hasher()),
        buffer: BytesMut::new(),
        inner_done: false,
    };
    Ok((
        SdkBody::from_stream(Box::pin(stream), Some(headers.content_length)),
        headers,
    ))
}

struct AwsChunkedStream {
    inner: SdkBody,
    /// `None` once the trailer was written.
    hasher: Option<Checksum>,
    buffer: BytesMut,
    inner_done: bool,
}

fn frame(data: &[u8]) -> Bytes {
    let mut out = BytesMut::with_capacity(data.len() + 12);
    out.extend_from_slice(format!("{:x}\r\n", data.len()).as_bytes());
    out.extend_from_slice(data);
    out.extend_from_slice(b"\r\n");
    out.freeze()
}

impl Stream for AwsChunkedStream {
    type Item = Result<Bytes, BoxError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.buffer.len() >= AWS_CHUNK_SIZE {
                let chunk = this.buffer.split_to(AWS_CHUNK_SIZE);
                return Poll::Ready(Some(Ok(frame(&chunk))));
            }
            if this.inner_done {
                let Some(hasher) = this.hasher.take() else {
                    return Poll::Ready(None);
                };
                let mut out = BytesMut::new();
                if !this.buffer.is_empty() {
                    out.extend_from_slice(&frame(&this.buffer.split()));
                }
                let name = hasher.algorithm().header_name();
                out.extend_from_slice(
                    format!("0\r\n{name}:{}\r\n\r\n", hasher.finalize_base64()).as_bytes(),
                );
                return Poll::Ready(Some(Ok(out.freeze())));
            }
            match Pin::new(&mut this.inner).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(chunk))) => {
                    if let Some(h) = this.hasher.as_mut() {
                        h.update(&chunk);
                    }
                    this.buffer.extend_from_slice(&chunk);
                }
                Poll::Ready(None) => this.inner_done = true,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes the framing: the raw bytes and the trailer lines.
    fn decode(mut encoded: &[u8]) -> (Vec<u8>, Vec<String>) {
        let mut raw = Vec::new();
        loop {
            let line_end = encoded.windows(2).position(|w| w == b"\r\n").unwrap();
            let len = usize::from_str_radix(std::str::from_utf8(&encoded[..line_end]).unwrap(), 16)
                .unwrap();
            encoded = &encoded[line_end + 2..];
            if len == 0 {
                break;
            }
            raw.extend_from_slice(&encoded[..len]);
            assert_eq!(&encoded[len..len + 2], b"\r\n");
            encoded = &encoded[len + 2..];
        }
        let text = std::str::from_utf8(encoded).unwrap();
        assert!(text.ends_with("\r\n\r\n"), "{text:?}");
        let trailers = text.trim_end().split("\r\n").map(str::to_owned).collect();
        (raw, trailers)
    }

    #[tokio::test]
    async fn framing_length_and_trailer_are_exact() {
        for size in [
            0usize,
            1,
            AWS_CHUNK_SIZE - 1,
            AWS_CHUNK_SIZE,
            3 * AWS_CHUNK_SIZE + 17,
        ] {
            for &alg in ChecksumAlgorithm::VALIDATION_ORDER {
                let data: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
                let (body, headers) = aws_chunked(SdkBody::from(data.clone()), alg).unwrap();
                let encoded = crate::ByteStream::new(body)
                    .collect()
                    .await
                    .unwrap()
                    .to_vec();
                assert_eq!(encoded.len() as u64, headers.content_length, "{size} {alg}");
                assert_eq!(headers.decoded_content_length, size as u64);
                let (raw, trailers) = decode(&encoded);
                assert_eq!(raw, data);
                let want = format!("{}:{}", alg.header_name(), alg.checksum_base64(&data));
                assert_eq!(trailers, [want]);
            }
        }
    }

    #[test]
    fn an_unknown_length_is_refused() {
        let stream: crate::transport::BoxByteStream = Box::pin(SdkBody::from("x"));
        let e =
            aws_chunked(SdkBody::from_stream(stream, None), ChecksumAlgorithm::Crc32).unwrap_err();
        assert!(e.to_string().contains("length"), "{e}");
    }
}
