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

impl ServiceSettings {
    /// From what [`super::env_settings::load`] read out of the given variables and the profile
    /// they locate (never the process environment directly, so `from_env_vars` controls it):
    /// `AWS_REQUEST_CHECKSUM_CALCULATION`, `AWS_RESPONSE_CHECKSUM_VALIDATION`,
    /// `AWS_S3_USE_ARN_REGION`, `AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS`,
    /// `AWS_S3_US_EAST_1_REGIONAL_ENDPOINT` and their profile keys.
    pub(crate) fn from_loaded(loaded: &super::env_settings::Loaded) -> Self {
        Self {
            request_checksum_calculation: loaded.request_checksum_calculation.unwrap_or_default(),
            response_checksum_validation: loaded.response_checksum_validation.unwrap_or_default(),
            force_path_style: None,
            accelerate: None,
            use_arn_region: loaded.s3_use_arn_region,
            disable_multi_region_access_points: loaded.s3_disable_multi_region_access_points,
            use_global_endpoint: loaded.s3_use_global_endpoint,
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
