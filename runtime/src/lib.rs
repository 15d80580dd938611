//! Runtime shared by every client crate that `cargo xtask codegen` generates.
//!
//! Generated crates stay thin: they describe shapes and operations, and this crate does the
//! work once (signing, transport, retries, timeouts, endpoint resolution, error parsing).
//!
//! Map of the crate:
//! - [`primitives`] (re-exported at the root): [`DateTime`], [`Blob`], [`Document`], ...
//! - [`json`]: the request writer and the response readers generated code calls.
//! - [`xml`]: the hardened XML parser, readers, protocol envelopes and writer (restXml,
//!   awsQuery, ec2Query); [`query`]: the awsQuery/ec2Query form-body writer.
//! - [`client`]: [`client::ClientHandle`] and [`client::invoke`], the single entry point of
//!   every operation.
//! - [`config`], [`credentials`], [`transport`], [`endpoint`]: what a client is made of.
//! - [`error`]: [`error::SdkError`] and the traits generated errors implement.
//! - [`paginate`]: page and item streams behind generated paginators.
//! - [`service`]: the static service/operation tables generated code emits.
//!
//! Features: `default-https-client` (default) provides [`transport::HyperClient`] (hyper +
//! rustls/ring); `test-util` provides in-memory transports in `transport::test_util`
//! and the support code of generated protocol tests in `protocol_test`.

#![warn(missing_docs)]
#![deny(unsafe_code)]

pub mod client;
pub mod config;
pub mod credentials;
pub mod endpoint;
pub mod error;
pub mod json;
pub mod paginate;
pub mod primitives;
#[cfg(feature = "test-util")]
pub mod protocol_test;
pub mod query;
pub mod service;
pub mod transport;
pub mod xml;

pub use primitives::{
    BigDecimal, BigInteger, BigNumberParseError, Blob, DateTime, DateTimeOutOfRangeError,
    DateTimeParseError, Document, Number, TimestampFormat, UnknownVariantValue,
};
