//! Runtime shared by every client crate that `cargo xtask codegen` generates.
//!
//! Generated crates stay thin: they describe shapes and operations, and this crate does the
//! work once (signing, transport, retries, timeouts, endpoint resolution, error parsing).
//!
//! Map of the crate:
//! - [`primitives`] (re-exported at the root): [`DateTime`], [`Blob`], [`Document`], ...
//! - [`json`]: the request writer and the response readers generated code calls.
//! - `cbor`: the same for rpcv2Cbor bodies (the `cbor` feature).
//! - [`event_stream`]: the `application/vnd.amazon.eventstream` frame codec.
//! - [`protocol`]: how requests and responses are laid out per protocol (awsJson, restJson1),
//!   the traits generated operations implement, and the HTTP binding helpers.
//! - `xml`: the hardened XML parser, readers, protocol envelopes and writer (restXml,
//!   awsQuery, ec2Query); `query`: the awsQuery/ec2Query form-body writer (both with the `xml`
//!   feature).
//! - [`client`]: [`client::ClientHandle`] and [`client::invoke`], the single entry point of
//!   every operation.
//! - [`config`], [`credentials`], [`transport`], [`endpoint`]: what a client is made of.
//! - [`interceptor`]: hooks registered on the config that run inside every attempt; per-call
//!   customisation is [`client::CustomizableOperation`].
//! - [`error`]: [`error::SdkError`] and the traits generated errors implement.
//! - [`paginate`]: page and item streams behind generated paginators.
//! - [`byte_stream`]: [`ByteStream`], the body of `@streaming` blob members (uploads and
//!   downloads without holding them in memory).
//! - [`checksum`]: flexible checksums (`@httpChecksum`): CRC32/CRC32C/CRC64NVME/SHA-1/SHA-256,
//!   request headers and streamed response validation.
//! - [`auth`]: the model's auth schemes (SigV4, bearer, API key, basic) and applying them.
//! - [`time`]: the clock and the sleep, injectable for tests.
//! - [`service`]: the static service/operation tables generated code emits.
//!
//! # Cargo features
//!
//! Every capability that only some models need is a feature, so a client compiles and links
//! only what its model uses. A generated crate depends on this one with
//! `default-features = false` and turns on exactly what its operations need (decided from the
//! model's traits); `default` turns everything on, for direct users.
//!
//! - `default-https-client` (default): `transport::HyperClient` (hyper + rustls/ring),
//!   HTTP/1.1.
//! - `http2` (default): HTTP/2 in that client (offered by ALPN; `HyperClient::http2_only`).
//!   Generated crates with event-stream operations turn it on.
//! - `xml` (default): the restXml, awsQuery and ec2Query protocols (the `xml` and `query`
//!   modules, their `Protocol` variants).
//! - `cbor` (default): the rpcv2Cbor protocol (the `cbor` module).
//! - `request-compression` (default): gzip for `@requestCompression`
//!   (`RequestExtras::compression`).
//! - `flexible-checksums` (default): the CRC32C, CRC64NVME and SHA-1 algorithms of
//!   `@httpChecksum` (CRC32 and SHA-256 are always there).
//! - `md5` (default): `Content-MD5` for `@httpChecksumRequired`
//!   (`protocol::http::set_content_md5`).
//! - `test-util`: in-memory transports in `transport::test_util` and the support code of
//!   generated protocol tests in `protocol_test`.

#![warn(missing_docs)]
#![deny(unsafe_code)]

pub mod auth;
pub mod byte_stream;
#[cfg(feature = "cbor")]
pub mod cbor;
pub mod checksum;
pub mod client;
mod collections;
pub mod config;
pub mod credentials;
pub mod endpoint;
pub mod error;
pub mod event_stream;
pub mod interceptor;
pub mod json;
pub mod paginate;
pub mod primitives;
pub mod protocol;
#[cfg(feature = "test-util")]
pub mod protocol_test;
#[cfg(feature = "xml")]
pub mod query;
pub mod service;
pub mod time;
pub mod transport;
pub mod waiter;
#[cfg(feature = "xml")]
pub mod xml;

pub use byte_stream::ByteStream;
pub use primitives::{
    BigDecimal, BigInteger, BigNumberParseError, Blob, DateTime, DateTimeOutOfRangeError,
    DateTimeParseError, Document, Number, TimestampFormat, UnknownVariantValue,
};
