//! Settings that only some services read: flexible checksums (`@httpChecksum` operations) and
//! the service-specific endpoint built-ins of the rule sets (`AWS::S3::ForcePathStyle`, ...).
//!
//! Generic on purpose: a rule-set parameter bound to one of these built-ins is set from the
//! config whatever the service (S3, S3 Control, or a look-alike model), and a service whose
//! rule set does not declare the built-in ignores it.

use super::{Config, ConfigBuilder};
use crate::checksum::{RequestChecksumCalculation, ResponseChecksumValidation};
use crate::endpoint::Params;

/// `AWS::S3::ForcePathStyle`: bucket in the path (`host/bucket/key`) instead of the host.
pub const BUILTIN_S3_FORCE_PATH_STYLE: &str = "AWS::S3::ForcePathStyle";
/// `AWS::S3::Accelerate`: S3 Transfer Acceleration endpoints.
pub const BUILTIN_S3_ACCELERATE: &str = "AWS::S3::Accelerate";
/// `AWS::S3::UseArnRegion`: an access point ARN's region wins over the client's.
pub const BUILTIN_S3_USE_ARN_REGION: &str = "AWS::S3::UseArnRegion";
/// `AWS::S3::DisableMultiRegionAccessPoints`.
pub const BUILTIN_S3_DISABLE_MRAP: &str = "AWS::S3::DisableMultiRegionAccessPoints";
/// `AWS::S3::UseGlobalEndpoint`: `us-east-1` requests go to the global `s3.amazonaws.com`.
pub const BUILTIN_S3_USE_GLOBAL_ENDPOINT: &str = "AWS::S3::UseGlobalEndpoint";
/// `AWS::S3Control::UseArnRegion`: the same for S3 Control.
pub const BUILTIN_S3_CONTROL_USE_ARN_REGION: &str = "AWS::S3Control::UseArnRegion";

/// The settings of this file, one field of [`Config`].
#[derive(Clone, Debug, Default)]
pub(crate) struct ServiceSettings {
    request_checksum_calculation: RequestChecksumCalculation,
    response_checksum_validation: ResponseChecksumValidation,
    force_path_style: Option<bool>,
    accelerate: Option<bool>,
    use_arn_region: Option<bool>,
    disable_multi_region_access_points: Option<bool>,
    use_global_endpoint: Option<bool>,
}

fn env_bool(name: &str) -> Option<bool> {
    let v = std::env::var(name).ok()?;
    let v = v.trim();
    if v.eq_ignore_ascii_case("true") {
        Some(true)
    } else if v.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

impl ServiceSettings {
    /// From the environment and the shared config file: `AWS_REQUEST_CHECKSUM_CALCULATION`,
    /// `AWS_RESPONSE_CHECKSUM_VALIDATION` (or the profile keys `request_checksum_calculation`,
    /// `response_checksum_validation`), `AWS_S3_USE_ARN_REGION`,
    /// `AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS` (`true`/`false`).
    pub(crate) fn from_env() -> Self {
        use crate::checksum::config_from_env_or_profile as from;
        use crate::checksum::{
            ENV_REQUEST_CHECKSUM_CALCULATION, ENV_RESPONSE_CHECKSUM_VALIDATION,
            PROFILE_REQUEST_CHECKSUM_CALCULATION, PROFILE_RESPONSE_CHECKSUM_VALIDATION,
        };
        Self {
            request_checksum_calculation: from(
                ENV_REQUEST_CHECKSUM_CALCULATION,
                PROFILE_REQUEST_CHECKSUM_CALCULATION,
            )
            .unwrap_or_default(),
            response_checksum_validation: from(
                ENV_RESPONSE_CHECKSUM_VALIDATION,
                PROFILE_RESPONSE_CHECKSUM_VALIDATION,
            )
            .unwrap_or_default(),
            force_path_style: None,
            accelerate: None,
            use_arn_region: env_bool("AWS_S3_USE_ARN_REGION"),
            disable_multi_region_access_points: env_bool(
                "AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS",
            ),
            // `legacy` keeps us-east-1 on the global endpoint, `regional` (the default) does not.
            use_global_endpoint: std::env::var("AWS_S3_US_EAST_1_REGIONAL_ENDPOINT")
                .ok()
                .map(|v| v.trim().eq_ignore_ascii_case("legacy")),
        }
    }

    /// Sets every declared parameter bound to one of this file's built-ins that the config
    /// sets; the rule set's defaults apply to the others.
    pub(crate) fn bind_builtins(&self, rules: &crate::endpoint::RuleSet, params: &mut Params) {
        for p in rules.parameters() {
            let value = match p.built_in() {
                Some(BUILTIN_S3_FORCE_PATH_STYLE) => self.force_path_style,
                Some(BUILTIN_S3_ACCELERATE) => self.accelerate,
                Some(BUILTIN_S3_USE_ARN_REGION | BUILTIN_S3_CONTROL_USE_ARN_REGION) => {
                    self.use_arn_region
                }
                Some(BUILTIN_S3_DISABLE_MRAP) => self.disable_multi_region_access_points,
                Some(BUILTIN_S3_USE_GLOBAL_ENDPOINT) => self.use_global_endpoint,
                _ => None,
            };
            if let Some(v) = value {
                params.set_bool(p.name(), v);
            }
        }
    }
}

impl Config {
    /// When request checksums are computed (default `when_supported`).
    pub fn request_checksum_calculation(&self) -> RequestChecksumCalculation {
        self.service_settings.request_checksum_calculation
    }

    /// When response checksums are checked (default `when_supported`).
    pub fn response_checksum_validation(&self) -> ResponseChecksumValidation {
        self.service_settings.response_checksum_validation
    }

    /// `AWS::S3::ForcePathStyle`, if set.
    pub fn force_path_style(&self) -> Option<bool> {
        self.service_settings.force_path_style
    }

    /// `AWS::S3::Accelerate`, if set.
    pub fn accelerate(&self) -> Option<bool> {
        self.service_settings.accelerate
    }

    /// `AWS::S3::UseArnRegion` / `AWS::S3Control::UseArnRegion`, if set.
    pub fn use_arn_region(&self) -> Option<bool> {
        self.service_settings.use_arn_region
    }

    /// `AWS::S3::DisableMultiRegionAccessPoints`, if set.
    pub fn disable_multi_region_access_points(&self) -> Option<bool> {
        self.service_settings.disable_multi_region_access_points
    }

    /// The endpoint parameters this configuration sets for `rules`: every declared parameter
    /// bound to a built-in (`AWS::Region`, `SDK::Endpoint`, `AWS::UseFIPS`,
    /// `AWS::UseDualStack`, and the S3 ones of this module) gets the config's value. Add the
    /// operation's context parameters (`Bucket`, ...) before resolving.
    pub fn endpoint_params(&self, rules: &crate::endpoint::RuleSet, sdk_id: &str) -> Params {
        let mut params = rules.builtin_params(
            self.region(),
            self.use_fips(),
            self.use_dual_stack(),
            self.endpoint_url_for(sdk_id),
        );
        self.service_settings.bind_builtins(rules, &mut params);
        params
    }
}

impl ConfigBuilder {
    /// When to compute request checksums (`@httpChecksum` operations).
    pub fn request_checksum_calculation(mut self, when: RequestChecksumCalculation) -> Self {
        self.inner.service_settings.request_checksum_calculation = when;
        self
    }

    /// When to check response checksums (`@httpChecksum` operations with `responseAlgorithms`).
    pub fn response_checksum_validation(mut self, when: ResponseChecksumValidation) -> Self {
        self.inner.service_settings.response_checksum_validation = when;
        self
    }

    /// Path-style addressing (`https://s3.region.amazonaws.com/bucket/key`) instead of
    /// virtual-hosted (`https://bucket.s3.region.amazonaws.com/key`): for S3 look-alikes and
    /// bucket names that are not DNS labels. Feeds the rule-set built-in
    /// `AWS::S3::ForcePathStyle`.
    pub fn force_path_style(mut self, force: bool) -> Self {
        self.inner.service_settings.force_path_style = Some(force);
        self
    }

    /// S3 Transfer Acceleration endpoints (`AWS::S3::Accelerate`).
    pub fn accelerate(mut self, accelerate: bool) -> Self {
        self.inner.service_settings.accelerate = Some(accelerate);
        self
    }

    /// Lets an access point ARN's region override the client's (`AWS::S3::UseArnRegion`).
    pub fn use_arn_region(mut self, use_arn_region: bool) -> Self {
        self.inner.service_settings.use_arn_region = Some(use_arn_region);
        self
    }

    /// Sends `us-east-1` requests to the global endpoint (`AWS::S3::UseGlobalEndpoint`).
    pub fn use_global_endpoint(mut self, global: bool) -> Self {
        self.inner.service_settings.use_global_endpoint = Some(global);
        self
    }

    /// Refuses Multi-Region Access Point ARNs (`AWS::S3::DisableMultiRegionAccessPoints`).
    pub fn disable_multi_region_access_points(mut self, disable: bool) -> Self {
        self.inner
            .service_settings
            .disable_multi_region_access_points = Some(disable);
        self
    }
}
