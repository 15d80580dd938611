//! The two client settings of flexible checksums, and where they are read from.

use std::fmt;

/// Environment variable for [`RequestChecksumCalculation`].
pub const ENV_REQUEST_CHECKSUM_CALCULATION: &str = "AWS_REQUEST_CHECKSUM_CALCULATION";
/// Environment variable for [`ResponseChecksumValidation`].
pub const ENV_RESPONSE_CHECKSUM_VALIDATION: &str = "AWS_RESPONSE_CHECKSUM_VALIDATION";
/// Shared config file key for [`RequestChecksumCalculation`].
pub const PROFILE_REQUEST_CHECKSUM_CALCULATION: &str = "request_checksum_calculation";
/// Shared config file key for [`ResponseChecksumValidation`].
pub const PROFILE_RESPONSE_CHECKSUM_VALIDATION: &str = "response_checksum_validation";

/// When to compute a request checksum.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RequestChecksumCalculation {
    /// For every operation that supports one (the default, as in every AWS SDK since 2025).
    #[default]
    WhenSupported,
    /// Only when the operation requires one or the caller chose an algorithm. The setting for
    /// S3 look-alikes that reject checksum headers they do not know
    /// (awslabs/aws-sdk-rust#1240).
    WhenRequired,
}

/// When to check a response checksum.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResponseChecksumValidation {
    /// Whenever the operation supports it and the response carries one (the default).
    #[default]
    WhenSupported,
    /// Only when the caller enabled it on the call (the operation's validation-mode member).
    WhenRequired,
}

/// A setting value that is neither `when_supported` nor `when_required`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseChecksumSettingError {
    value: String,
}

impl fmt::Display for ParseChecksumSettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid checksum setting {:?}: expected `when_supported` or `when_required`",
            self.value
        )
    }
}

impl std::error::Error for ParseChecksumSettingError {}

/// `true` for `when_required`, `false` for `when_supported`, case-insensitively.
fn parse_when(value: &str) -> Result<bool, ParseChecksumSettingError> {
    let v = value.trim();
    if v.eq_ignore_ascii_case("when_required") {
        Ok(true)
    } else if v.eq_ignore_ascii_case("when_supported") {
        Ok(false)
    } else {
        Err(ParseChecksumSettingError {
            value: v.to_owned(),
        })
    }
}

impl std::str::FromStr for RequestChecksumCalculation {
    type Err = ParseChecksumSettingError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(if parse_when(s)? {
            Self::WhenRequired
        } else {
            Self::WhenSupported
        })
    }
}

impl std::str::FromStr for ResponseChecksumValidation {
    type Err = ParseChecksumSettingError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(if parse_when(s)? {
            Self::WhenRequired
        } else {
            Self::WhenSupported
        })
    }
}
