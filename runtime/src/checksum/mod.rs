//! Flexible checksums (`aws.protocols#httpChecksum`): the algorithms, the request side (a
//! checksum header computed over the body) and the response side (a checksum header checked
//! against the body, at the end of a stream for downloads).
//!
//! The pieces:
//! - [`ChecksumAlgorithm`] and [`Checksum`]: CRC32 (the default, as in every AWS SDK since
//!   2025), CRC32C, CRC64NVME, SHA-1 and SHA-256 (the three in the middle need the
//!   `flexible-checksums` feature, which a generated crate turns on when an operation of its
//!   model has `@httpChecksum`), each updated chunk by chunk so a streamed body
//!   is never held whole. Values are base64 of the big-endian digest, sent as
//!   `x-amz-checksum-<algorithm>`.
//! - [`HttpChecksum`]: the trait of one operation, emitted by the generator as a `static`, and
//!   [`RequestChecksum`]: what a call adds from its input (the algorithm the caller chose, and
//!   whether the caller asked for response validation). Both reach the client through
//!   [`RequestExtras`](crate::client::RequestExtras).
//! - [`RequestChecksumCalculation`] / [`ResponseChecksumValidation`]: the client settings
//!   (`when_supported`, the default, or `when_required`), from the config builder, the
//!   environment (`AWS_REQUEST_CHECKSUM_CALCULATION`, `AWS_RESPONSE_CHECKSUM_VALIDATION`) or the
//!   shared config file (`request_checksum_calculation`, `response_checksum_validation`).
//! - [`aws_chunked`]: a streamed upload framed as aws-chunked with the checksum as a trailer
//!   (for one-shot streams, whose checksum is only known at their end).
//! - [`ChecksumValidatingStream`]: wraps a downloaded body; a mismatch at the end of the
//!   stream is a [`ChecksumMismatch`] error from the [`ByteStream`](crate::ByteStream)
//!   ([`ByteStreamError::checksum_mismatch`](crate::byte_stream::ByteStreamError::checksum_mismatch)).
//!
//! Behaviour follows the AWS SDKs' shared specification of the trait:
//! - A checksum header the caller already set is sent as is, and nothing is computed
//!   (aws-sdk-rust once overwrote it: awslabs/aws-sdk-rust#1122).
//! - `when_supported` computes a checksum for every operation with a `requestAlgorithmMember`
//!   or `requestChecksumRequired`; `when_required` only when the operation requires one or the
//!   caller chose an algorithm.
//! - Responses are checked when the operation lists `responseAlgorithms`, validation is on
//!   (`when_supported`, or the caller set the validation-mode member), and the response carries
//!   a checksum of a listed algorithm, picked in the order CRC64NVME, CRC32C, CRC32, SHA-1,
//!   SHA-256. Multipart objects carry a checksum of checksums (`<base64>-<parts>`), which says
//!   nothing about the bytes received and is skipped (awslabs/aws-sdk-rust#764), as are HEAD
//!   and 304 responses (S3 look-alikes send checksums on 304s).

mod aws_chunked;
mod config;
mod hasher;
mod request;
mod response;

pub use aws_chunked::{
    AWS_CHUNK_SIZE, AwsChunkedHeaders, STREAMING_UNSIGNED_PAYLOAD_TRAILER, aws_chunked,
    encoded_length,
};
pub use config::{
    ENV_REQUEST_CHECKSUM_CALCULATION, ENV_RESPONSE_CHECKSUM_VALIDATION,
    PROFILE_REQUEST_CHECKSUM_CALCULATION, PROFILE_RESPONSE_CHECKSUM_VALIDATION,
    ParseChecksumSettingError, RequestChecksumCalculation, ResponseChecksumValidation,
};
pub use hasher::{Checksum, ChecksumAlgorithm, UnknownChecksumAlgorithm};
pub use request::{HttpChecksum, RequestChecksum};
pub use response::{ChecksumMismatch, ChecksumValidatingStream, ExpectedChecksum};

pub(crate) use request::apply_request_checksum;
pub use request::checksum_of_body;
pub(crate) use response::expected_response_checksum;

// The vectors cover every algorithm.
#[cfg(all(test, feature = "flexible-checksums"))]
mod tests;
