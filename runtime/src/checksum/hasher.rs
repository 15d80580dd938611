//! The algorithms and their incremental hashers.

use std::fmt;

use base64::Engine as _;
use sha2::Digest as _;

/// A flexible-checksum algorithm (the values of S3's `ChecksumAlgorithm` enum).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChecksumAlgorithm {
    /// CRC-32 (IEEE, as zlib): the default.
    Crc32,
    /// CRC-32C (Castagnoli, iSCSI). Needs the `flexible-checksums` feature.
    #[cfg(feature = "flexible-checksums")]
    Crc32c,
    /// CRC-64/NVME. Needs the `flexible-checksums` feature.
    #[cfg(feature = "flexible-checksums")]
    Crc64Nvme,
    /// SHA-1. Needs the `flexible-checksums` feature.
    #[cfg(feature = "flexible-checksums")]
    Sha1,
    /// SHA-256.
    Sha256,
}

/// A checksum algorithm name this runtime does not implement (CRC32C, CRC64NVME and SHA-1 need
/// the `flexible-checksums` feature).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownChecksumAlgorithm(pub String);

impl fmt::Display for UnknownChecksumAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unsupported checksum algorithm {:?} (supported: {SUPPORTED})",
            self.0
        )
    }
}

impl std::error::Error for UnknownChecksumAlgorithm {}

#[cfg(feature = "flexible-checksums")]
const SUPPORTED: &str = "CRC32, CRC32C, CRC64NVME, SHA1, SHA256";
#[cfg(not(feature = "flexible-checksums"))]
const SUPPORTED: &str =
    "CRC32, SHA256; CRC32C, CRC64NVME and SHA1 need the runtime's `flexible-checksums` feature";

impl ChecksumAlgorithm {
    /// Every algorithm this build has, in the order responses are checked (fastest and
    /// strongest CRC first).
    pub const VALIDATION_ORDER: &'static [ChecksumAlgorithm] = &[
        #[cfg(feature = "flexible-checksums")]
        ChecksumAlgorithm::Crc64Nvme,
        #[cfg(feature = "flexible-checksums")]
        ChecksumAlgorithm::Crc32c,
        ChecksumAlgorithm::Crc32,
        #[cfg(feature = "flexible-checksums")]
        ChecksumAlgorithm::Sha1,
        ChecksumAlgorithm::Sha256,
    ];

    /// Parses a model/wire name, case-insensitively (`CRC32`, `crc64nvme`, ...).
    pub fn from_name(name: &str) -> Result<Self, UnknownChecksumAlgorithm> {
        let n = name.trim();
        Self::VALIDATION_ORDER
            .iter()
            .copied()
            .find(|alg| n.eq_ignore_ascii_case(alg.as_str()))
            .ok_or_else(|| UnknownChecksumAlgorithm(n.to_owned()))
    }

    /// The model name (`CRC32`, ...), as sent in `x-amz-sdk-checksum-algorithm`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Crc32 => "CRC32",
            #[cfg(feature = "flexible-checksums")]
            Self::Crc32c => "CRC32C",
            #[cfg(feature = "flexible-checksums")]
            Self::Crc64Nvme => "CRC64NVME",
            #[cfg(feature = "flexible-checksums")]
            Self::Sha1 => "SHA1",
            Self::Sha256 => "SHA256",
        }
    }

    /// The header (or trailer) carrying the value: `x-amz-checksum-crc32`, ...
    pub const fn header_name(self) -> &'static str {
        match self {
            Self::Crc32 => "x-amz-checksum-crc32",
            #[cfg(feature = "flexible-checksums")]
            Self::Crc32c => "x-amz-checksum-crc32c",
            #[cfg(feature = "flexible-checksums")]
            Self::Crc64Nvme => "x-amz-checksum-crc64nvme",
            #[cfg(feature = "flexible-checksums")]
            Self::Sha1 => "x-amz-checksum-sha1",
            Self::Sha256 => "x-amz-checksum-sha256",
        }
    }

    /// A fresh incremental hasher.
    pub fn hasher(self) -> Checksum {
        let state = match self {
            Self::Crc32 => State::Crc32(crc32fast::Hasher::new()),
            #[cfg(feature = "flexible-checksums")]
            Self::Crc32c => State::Crc(crc_fast::Digest::new(crc_fast::CrcAlgorithm::Crc32Iscsi)),
            #[cfg(feature = "flexible-checksums")]
            Self::Crc64Nvme => State::Crc(crc_fast::Digest::new(crc_fast::CrcAlgorithm::Crc64Nvme)),
            #[cfg(feature = "flexible-checksums")]
            Self::Sha1 => State::Sha1(sha1::Sha1::new()),
            Self::Sha256 => State::Sha256(sha2::Sha256::new()),
        };
        Checksum {
            algorithm: self,
            state,
        }
    }

    /// The base64 checksum of `bytes` in one go.
    pub fn checksum_base64(self, bytes: &[u8]) -> String {
        let mut h = self.hasher();
        h.update(bytes);
        h.finalize_base64()
    }
}

impl fmt::Display for ChecksumAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An incremental checksum: feed it chunks as they flow, read the value at the end.
pub struct Checksum {
    algorithm: ChecksumAlgorithm,
    state: State,
}

enum State {
    Crc32(crc32fast::Hasher),
    #[cfg(feature = "flexible-checksums")]
    /// CRC32C and CRC64NVME (the width is the algorithm's).
    Crc(crc_fast::Digest),
    #[cfg(feature = "flexible-checksums")]
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
}

impl fmt::Debug for Checksum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Checksum")
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

impl Checksum {
    /// The algorithm.
    pub fn algorithm(&self) -> ChecksumAlgorithm {
        self.algorithm
    }

    /// Adds `bytes`.
    pub fn update(&mut self, bytes: &[u8]) {
        match &mut self.state {
            State::Crc32(h) => h.update(bytes),
            #[cfg(feature = "flexible-checksums")]
            State::Crc(h) => h.update(bytes),
            #[cfg(feature = "flexible-checksums")]
            State::Sha1(h) => h.update(bytes),
            State::Sha256(h) => h.update(bytes),
        }
    }

    /// The big-endian digest bytes.
    pub fn finalize(self) -> Vec<u8> {
        match self.state {
            State::Crc32(h) => h.finalize().to_be_bytes().to_vec(),
            #[cfg(feature = "flexible-checksums")]
            State::Crc(h) => {
                let value = h.finalize();
                if self.algorithm == ChecksumAlgorithm::Crc64Nvme {
                    value.to_be_bytes().to_vec()
                } else {
                    // A 32-bit CRC in a u64: the low four bytes.
                    (value as u32).to_be_bytes().to_vec()
                }
            }
            #[cfg(feature = "flexible-checksums")]
            State::Sha1(h) => h.finalize().to_vec(),
            State::Sha256(h) => h.finalize().to_vec(),
        }
    }

    /// The digest as the header value: base64 of the big-endian bytes.
    pub fn finalize_base64(self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.finalize())
    }
}
