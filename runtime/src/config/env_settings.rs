//! Settings read from the environment and the shared config file, for
//! [`ConfigBuilder::from_env`](super::ConfigBuilder::from_env). Precedence, as in the AWS SDKs:
//! a value set in code wins over the environment, which wins over the profile (the table is in
//! the [module documentation](super#environment-and-profile-settings)).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use super::RetryMode;
use crate::credentials::profile::{FileKind, parse, sub_properties};

/// Endpoint URLs configured outside code: `AWS_ENDPOINT_URL[_<SERVICE>]` and the profile's
/// `endpoint_url` (global, or per service in its `services` section).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfiguredEndpoints {
    env_global: Option<String>,
    /// By the variable's suffix (`DYNAMODB`, `SECRETS_MANAGER`).
    env_services: BTreeMap<String, String>,
    profile_global: Option<String>,
    /// By the `services` section's key (`dynamodb`, `secrets_manager`).
    profile_services: BTreeMap<String, String>,
}

impl ConfiguredEndpoints {
    /// The endpoint for every service: `AWS_ENDPOINT_URL`, else the profile's `endpoint_url`.
    pub fn global(&self) -> Option<&str> {
        self.env_global
            .as_deref()
            .or(self.profile_global.as_deref())
    }

    /// The endpoint for the service with this `sdkId`, most specific source first:
    /// `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile's `services` section,
    /// the profile's `endpoint_url`.
    pub fn for_service(&self, sdk_id: &str) -> Option<&str> {
        self.env_services
            .get(&env_service_key(sdk_id))
            .map(String::as_str)
            .or(self.env_global.as_deref())
            .or_else(|| {
                self.profile_services
                    .get(&profile_service_key(sdk_id))
                    .map(String::as_str)
            })
            .or(self.profile_global.as_deref())
    }

    fn is_empty(&self) -> bool {
        self.global().is_none() && self.env_services.is_empty() && self.profile_services.is_empty()
    }
}

/// The suffix of a service's `AWS_ENDPOINT_URL_<SERVICE>` variable: the `sdkId` upper-cased,
/// spaces and hyphens replaced by underscores (`Secrets Manager` -> `SECRETS_MANAGER`).
pub fn env_service_key(sdk_id: &str) -> String {
    service_key(sdk_id).to_ascii_uppercase()
}

/// A service's key in a profile `services` section: the `sdkId` lower-cased, spaces and hyphens
/// replaced by underscores (`Secrets Manager` -> `secrets_manager`).
pub fn profile_service_key(sdk_id: &str) -> String {
    service_key(sdk_id).to_ascii_lowercase()
}

fn service_key(sdk_id: &str) -> String {
    sdk_id
        .trim()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

/// What the environment and the profile say, each already resolved by precedence.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    pub(crate) region: Option<String>,
    /// `None` when configured endpoints are ignored or there are none.
    pub(crate) endpoints: Option<ConfiguredEndpoints>,
    pub(crate) max_attempts: Option<u32>,
    pub(crate) retry_mode: Option<RetryMode>,
    pub(crate) use_fips: Option<bool>,
    pub(crate) use_dual_stack: Option<bool>,
    /// `AWS_REQUEST_CHECKSUM_CALCULATION` / `request_checksum_calculation`.
    pub(crate) request_checksum_calculation: Option<crate::checksum::RequestChecksumCalculation>,
    /// `AWS_RESPONSE_CHECKSUM_VALIDATION` / `response_checksum_validation`.
    pub(crate) response_checksum_validation: Option<crate::checksum::ResponseChecksumValidation>,
    /// `AWS_S3_USE_ARN_REGION` / `s3_use_arn_region`.
    pub(crate) s3_use_arn_region: Option<bool>,
    /// `AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS` / `s3_disable_multiregion_access_points`.
    pub(crate) s3_disable_multi_region_access_points: Option<bool>,
    /// `AWS_S3_US_EAST_1_REGIONAL_ENDPOINT` / `s3_us_east_1_regional_endpoint`: `true` for
    /// `legacy` (us-east-1 on the global endpoint), `false` for `regional`.
    pub(crate) s3_use_global_endpoint: Option<bool>,
}

/// The environment as a map of non-empty, trimmed values.
pub(crate) type Vars = HashMap<String, String>;

pub(crate) fn vars(all: impl IntoIterator<Item = (String, String)>) -> Vars {
    all.into_iter()
        .map(|(k, v)| (k, v.trim().to_owned()))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

/// The active profile of the config file and the `services` section it names.
#[derive(Default)]
struct Profile {
    props: HashMap<String, String>,
    services: HashMap<String, String>,
}

impl Profile {
    fn read(vars: &Vars) -> Self {
        let Some(path) = config_file(vars) else {
            return Self::default();
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                if e.kind() != std::io::ErrorKind::NotFound {
                    tracing::warn!(file = %path.display(), error = %e, "cannot read the AWS config file; its settings are ignored");
                }
                return Self::default();
            }
        };
        let name = vars.get("AWS_PROFILE").map_or("default", String::as_str);
        let props = parse(&text, FileKind::Config)
            .remove(name)
            .unwrap_or_default();
        // `services = name` refers to a `[services name]` section; each of its properties is a
        // service key with an indented block of settings.
        let services = props
            .get("services")
            .and_then(|section| parse(&text, FileKind::Services).remove(section.trim()))
            .map(|section| {
                section
                    .into_iter()
                    .filter_map(|(service, block)| {
                        sub_properties(&block)
                            .remove("endpoint_url")
                            .filter(|url| !url.is_empty())
                            .map(|url| (service, url))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self { props, services }
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.props
            .get(key)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }
}

/// `AWS_CONFIG_FILE` (with `~` expanded), else `~/.aws/config`; `None` without a home directory.
fn config_file(vars: &Vars) -> Option<PathBuf> {
    let home = vars
        .get("HOME")
        .or_else(|| vars.get("USERPROFILE"))
        .map(PathBuf::from);
    match vars.get("AWS_CONFIG_FILE") {
        Some(path) => match path.strip_prefix("~/").or_else(|| path.strip_prefix("~\\")) {
            Some(rest) => home.map(|h| h.join(rest)),
            None => Some(PathBuf::from(path)),
        },
        None => home.map(|h| h.join(".aws").join("config")),
    }
}

/// A boolean setting: `true`/`false` in any case; anything else is ignored with a warning.
fn boolean(source: &str, value: &str) -> Option<bool> {
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        tracing::warn!(source, value, "not `true` or `false`; ignored");
        None
    }
}

/// A checksum setting (`when_supported`/`when_required`); anything else is ignored with a
/// warning (a typo should not make every call fail).
fn checksum_setting<T: std::str::FromStr<Err = crate::checksum::ParseChecksumSettingError>>(
    source: &str,
    value: &str,
) -> Option<T> {
    match value.parse() {
        Ok(v) => Some(v),
        Err(e) => {
            tracing::warn!(source, error = %e, "ignoring checksum setting");
            None
        }
    }
}

/// `legacy` -> `true` (global endpoint), `regional` -> `false`; else ignored with a warning.
fn us_east_1_endpoint(source: &str, value: &str) -> Option<bool> {
    if value.eq_ignore_ascii_case("legacy") {
        Some(true)
    } else if value.eq_ignore_ascii_case("regional") {
        Some(false)
    } else {
        tracing::warn!(source, value, "not `legacy` or `regional`; ignored");
        None
    }
}

fn attempts(source: &str, value: &str) -> Option<u32> {
    match value.parse::<u32>() {
        Ok(n) if n > 0 => Some(n),
        _ => {
            tracing::warn!(source, value, "not a positive integer; ignored");
            None
        }
    }
}

fn retry_mode(source: &str, value: &str) -> Option<RetryMode> {
    match value.to_ascii_lowercase().as_str() {
        "standard" => Some(RetryMode::Standard),
        "adaptive" => Some(RetryMode::Adaptive),
        // The SDKs' pre-standard mode; standard is its documented successor.
        "legacy" => Some(RetryMode::Standard),
        _ => {
            tracing::warn!(source, value, "not `standard` or `adaptive`; ignored");
            None
        }
    }
}

/// Environment first, then the profile, for one setting read with `read`.
fn either<T>(
    vars: &Vars,
    profile: &Profile,
    env: &str,
    key: &str,
    read: impl Fn(&str, &str) -> Option<T>,
) -> Option<T> {
    vars.get(env)
        .and_then(|v| read(env, v))
        .or_else(|| profile.get(key).and_then(|v| read(key, v)))
}

pub(crate) fn load(vars: &Vars) -> Loaded {
    let profile = Profile::read(vars);
    let ignore_endpoints = either(
        vars,
        &profile,
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
        "ignore_configured_endpoint_urls",
        boolean,
    )
    .unwrap_or(false);
    let endpoints = ConfiguredEndpoints {
        env_global: vars.get("AWS_ENDPOINT_URL").cloned(),
        env_services: vars
            .iter()
            .filter_map(|(k, v)| {
                let service = k.strip_prefix("AWS_ENDPOINT_URL_")?;
                (!service.is_empty()).then(|| (service.to_owned(), v.clone()))
            })
            .collect(),
        profile_global: profile.get("endpoint_url").map(str::to_owned),
        profile_services: profile
            .services
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
            .collect(),
    };
    Loaded {
        region: vars
            .get("AWS_REGION")
            .or_else(|| vars.get("AWS_DEFAULT_REGION"))
            .cloned()
            .or_else(|| profile.get("region").map(str::to_owned)),
        endpoints: (!ignore_endpoints && !endpoints.is_empty()).then_some(endpoints),
        max_attempts: either(vars, &profile, "AWS_MAX_ATTEMPTS", "max_attempts", attempts),
        retry_mode: either(vars, &profile, "AWS_RETRY_MODE", "retry_mode", retry_mode),
        use_fips: either(
            vars,
            &profile,
            "AWS_USE_FIPS_ENDPOINT",
            "use_fips_endpoint",
            boolean,
        ),
        use_dual_stack: either(
            vars,
            &profile,
            "AWS_USE_DUALSTACK_ENDPOINT",
            "use_dualstack_endpoint",
            boolean,
        ),
        request_checksum_calculation: either(
            vars,
            &profile,
            crate::checksum::ENV_REQUEST_CHECKSUM_CALCULATION,
            crate::checksum::PROFILE_REQUEST_CHECKSUM_CALCULATION,
            checksum_setting,
        ),
        response_checksum_validation: either(
            vars,
            &profile,
            crate::checksum::ENV_RESPONSE_CHECKSUM_VALIDATION,
            crate::checksum::PROFILE_RESPONSE_CHECKSUM_VALIDATION,
            checksum_setting,
        ),
        s3_use_arn_region: either(
            vars,
            &profile,
            "AWS_S3_USE_ARN_REGION",
            "s3_use_arn_region",
            boolean,
        ),
        s3_disable_multi_region_access_points: either(
            vars,
            &profile,
            "AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS",
            "s3_disable_multiregion_access_points",
            boolean,
        ),
        s3_use_global_endpoint: either(
            vars,
            &profile,
            "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT",
            "s3_us_east_1_regional_endpoint",
            us_east_1_endpoint,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_keys_follow_the_sdk_rules() {
        assert_eq!(env_service_key("Secrets Manager"), "SECRETS_MANAGER");
        assert_eq!(env_service_key("DynamoDB"), "DYNAMODB");
        assert_eq!(
            env_service_key("PartnerCentral Selling"),
            "PARTNERCENTRAL_SELLING"
        );
        assert_eq!(
            env_service_key("connect-contact-lens"),
            "CONNECT_CONTACT_LENS"
        );
        assert_eq!(profile_service_key("Secrets Manager"), "secrets_manager");
        assert_eq!(profile_service_key("IoT Data Plane"), "iot_data_plane");
    }
}
