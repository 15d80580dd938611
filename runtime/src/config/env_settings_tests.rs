//! `ConfigBuilder::from_env_vars` with injected variables and temporary profile files: every
//! setting of the table in the `config` module documentation, and its precedence. No test here
//! touches the process environment.

use super::*;
use std::path::PathBuf;

/// A config file in a fresh temporary directory, removed on drop.
struct ConfigFile(PathBuf);

impl ConfigFile {
    fn new(tag: &str, text: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("smithy-rt-settings-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config");
        std::fs::write(&path, text).unwrap();
        Self(path)
    }

    fn var(&self) -> (String, String) {
        ("AWS_CONFIG_FILE".into(), self.0.display().to_string())
    }
}

impl Drop for ConfigFile {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn config(vars: &[(&str, &str)], file: Option<&ConfigFile>) -> Config {
    let mut all: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    match file {
        Some(f) => all.push(f.var()),
        // Nowhere: the developer's own ~/.aws/config must not leak in.
        None => all.push((
            "AWS_CONFIG_FILE".into(),
            "/nonexistent/smithy-rt/config".into(),
        )),
    }
    ConfigBuilder::from_env_vars(all).build()
}

const PROFILE: &str = "\
[default]
region = ap-south-1
endpoint_url = http://profile-global
max_attempts = 7
retry_mode = adaptive
use_fips_endpoint = true
use_dualstack_endpoint = true
services = local

[profile other]
region = sa-east-1
ignore_configured_endpoint_urls = true
endpoint_url = http://ignored
services = local

[services local]
dynamodb =
  endpoint_url = http://profile-dynamodb
secrets_manager =
  endpoint_url = http://profile-secrets  # a comment
";

#[test]
fn the_profile_supplies_every_setting() {
    let file = ConfigFile::new("profile", PROFILE);
    let c = config(&[], Some(&file));
    assert_eq!(c.region(), Some("ap-south-1"));
    assert_eq!(c.retry().max_attempts(), 7);
    assert_eq!(c.retry().mode(), RetryMode::Adaptive);
    assert!(c.use_fips());
    assert!(c.use_dual_stack());
    assert_eq!(c.endpoint_url(), Some("http://profile-global"));
    assert_eq!(
        c.endpoint_url_for("DynamoDB"),
        Some("http://profile-dynamodb")
    );
    assert_eq!(
        c.endpoint_url_for("Secrets Manager"),
        Some("http://profile-secrets")
    );
    assert_eq!(c.endpoint_url_for("SQS"), Some("http://profile-global"));
}

#[test]
fn the_environment_wins_over_the_profile() {
    let file = ConfigFile::new("env-wins", PROFILE);
    let c = config(
        &[
            ("AWS_REGION", "eu-west-1"),
            ("AWS_MAX_ATTEMPTS", "2"),
            ("AWS_RETRY_MODE", "standard"),
            ("AWS_USE_FIPS_ENDPOINT", "false"),
            ("AWS_USE_DUALSTACK_ENDPOINT", "FALSE"),
            ("AWS_ENDPOINT_URL", "http://env-global"),
            ("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://env-secrets"),
        ],
        Some(&file),
    );
    assert_eq!(c.region(), Some("eu-west-1"));
    assert_eq!(c.retry().max_attempts(), 2);
    assert_eq!(c.retry().mode(), RetryMode::Standard);
    assert!(!c.use_fips());
    assert!(!c.use_dual_stack());
    // Service env > global env > service profile > global profile.
    assert_eq!(
        c.endpoint_url_for("Secrets Manager"),
        Some("http://env-secrets")
    );
    assert_eq!(c.endpoint_url_for("DynamoDB"), Some("http://env-global"));
    assert_eq!(c.endpoint_url(), Some("http://env-global"));
    // AWS_DEFAULT_REGION is below AWS_REGION but above the profile.
    let c = config(&[("AWS_DEFAULT_REGION", "us-east-2")], Some(&file));
    assert_eq!(c.region(), Some("us-east-2"));
}

#[test]
fn code_wins_over_everything() {
    let file = ConfigFile::new("code-wins", PROFILE);
    let vars = [
        ("AWS_REGION", "eu-west-1"),
        ("AWS_MAX_ATTEMPTS", "2"),
        ("AWS_ENDPOINT_URL_DYNAMODB", "http://env-dynamodb"),
    ];
    let mut all: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    all.push(file.var());
    let c = ConfigBuilder::from_env_vars(all)
        .region("us-west-2")
        .retry(RetryConfig::standard().with_max_attempts(9))
        .endpoint_url("http://code")
        .use_fips(false)
        .build();
    assert_eq!(c.region(), Some("us-west-2"));
    assert_eq!(c.retry().max_attempts(), 9);
    assert_eq!(c.endpoint_url_for("DynamoDB"), Some("http://code"));
    assert!(!c.use_fips());
}

#[test]
fn configured_endpoints_can_be_ignored_but_not_code() {
    let file = ConfigFile::new("ignore", PROFILE);
    // From the environment.
    let c = config(
        &[
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
            ("AWS_ENDPOINT_URL", "http://env-global"),
            ("AWS_ENDPOINT_URL_DYNAMODB", "http://env-dynamodb"),
        ],
        Some(&file),
    );
    assert_eq!(c.endpoint_url(), None);
    assert_eq!(c.endpoint_url_for("DynamoDB"), None);
    // From the profile (`other` sets it), and the environment can turn it back off.
    let c = config(&[("AWS_PROFILE", "other")], Some(&file));
    assert_eq!(c.region(), Some("sa-east-1"));
    assert_eq!(c.endpoint_url_for("DynamoDB"), None);
    let c = config(
        &[
            ("AWS_PROFILE", "other"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false"),
        ],
        Some(&file),
    );
    assert_eq!(
        c.endpoint_url_for("DynamoDB"),
        Some("http://profile-dynamodb")
    );
    // In code; an endpoint set in code still applies.
    let c = ConfigBuilder::from_env_vars([
        (
            "AWS_ENDPOINT_URL".to_owned(),
            "http://env-global".to_owned(),
        ),
        file.var(),
    ])
    .ignore_configured_endpoint_urls(true)
    .build();
    assert_eq!(c.endpoint_url_for("DynamoDB"), None);
    let c = c.to_builder().endpoint_url("http://code").build();
    assert_eq!(c.endpoint_url_for("DynamoDB"), Some("http://code"));
}

#[test]
fn unreadable_values_are_ignored() {
    let file = ConfigFile::new(
        "bad",
        "[default]\nmax_attempts = 0\nretry_mode = turbo\nuse_fips_endpoint = yes\n",
    );
    let c = config(&[("AWS_MAX_ATTEMPTS", "many")], Some(&file));
    assert_eq!(c.retry().max_attempts(), DEFAULT_MAX_ATTEMPTS);
    assert_eq!(c.retry().mode(), RetryMode::Standard);
    assert!(!c.use_fips());
    // A bad environment value falls through to the profile's good one.
    let file = ConfigFile::new("fallthrough", "[default]\nmax_attempts = 4\n");
    let c = config(&[("AWS_MAX_ATTEMPTS", "many")], Some(&file));
    assert_eq!(c.retry().max_attempts(), 4);
    // `legacy` is read as standard.
    let c = config(&[("AWS_RETRY_MODE", "legacy")], None);
    assert_eq!(c.retry().mode(), RetryMode::Standard);
}

#[test]
fn without_a_profile_nothing_is_configured() {
    let c = config(&[], None);
    assert_eq!(c.region(), None);
    assert_eq!(c.endpoint_url(), None);
    assert!(c.configured_endpoints().is_none());
    assert_eq!(c.retry(), &RetryConfig::standard());
}

#[test]
fn s3_and_checksum_settings_come_from_the_injected_variables() {
    use crate::checksum::{RequestChecksumCalculation, ResponseChecksumValidation};
    // Injected variables only: a process environment without them must not matter, and one
    // with them (a developer's shell) must not leak in either.
    let c = config(
        &[
            ("AWS_S3_USE_ARN_REGION", "true"),
            ("AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS", "TRUE"),
            ("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required"),
            ("AWS_RESPONSE_CHECKSUM_VALIDATION", "WHEN_REQUIRED"),
        ],
        None,
    );
    assert_eq!(c.use_arn_region(), Some(true));
    assert_eq!(c.disable_multi_region_access_points(), Some(true));
    assert_eq!(
        c.request_checksum_calculation(),
        RequestChecksumCalculation::WhenRequired
    );
    assert_eq!(
        c.response_checksum_validation(),
        ResponseChecksumValidation::WhenRequired
    );
    let c = config(&[], None);
    assert_eq!(c.use_arn_region(), None);
    assert_eq!(c.disable_multi_region_access_points(), None);
    assert_eq!(
        c.request_checksum_calculation(),
        RequestChecksumCalculation::WhenSupported
    );
    // The profile supplies them too, below the environment.
    let file = ConfigFile::new(
        "s3",
        "[default]\ns3_use_arn_region = true\ns3_disable_multiregion_access_points = false\n\
         request_checksum_calculation = when_required\n",
    );
    let c = config(&[("AWS_S3_USE_ARN_REGION", "false")], Some(&file));
    assert_eq!(c.use_arn_region(), Some(false));
    assert_eq!(c.disable_multi_region_access_points(), Some(false));
    assert_eq!(
        c.request_checksum_calculation(),
        RequestChecksumCalculation::WhenRequired
    );
    // Not `true`/`false`: ignored.
    let c = config(&[("AWS_S3_USE_ARN_REGION", "yes")], None);
    assert_eq!(c.use_arn_region(), None);
}
