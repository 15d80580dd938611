//! Credentials from [`aws-config`](https://docs.rs/aws-config)'s default chain in a generated
//! client.
//!
//! The runtime's built-in sources are the environment and static keys in the shared profile
//! files. Everything else the AWS SDKs support (EC2 instance metadata (IMDS), ECS/EKS container
//! credentials, IAM Identity Center (SSO), web identity tokens, `role_arn` assume-role profiles,
//! `credential_process`) is implemented by `aws-config`, and is not written again here: the
//! runtime takes any [`ProvideCredentials`](partnercentral_selling::config::ProvideCredentials),
//! the trait from `aws-credential-types` that `aws-config`'s providers implement. Its
//! [`SharedCredentialsProvider`](partnercentral_selling::config::SharedCredentialsProvider)
//! caches and refreshes the temporary credentials.
//!
//! In a program (with `aws-config`'s default features, which bring the HTTPS client IMDS, the
//! container endpoint, SSO and STS are reached with):
//!
//! ```no_run
//! # async fn example() {
//! use partnercentral_selling::{Client, Config};
//!
//! let client = Client::new(aws_config_credentials::config("us-east-1").await);
//! # let _ = client;
//! # }
//! ```
//!
//! `tests/chain.rs` runs the same wiring with a profile file and a replay transport, and checks
//! that the request was signed with the key `aws-config` loaded.

use aws_config::BehaviorVersion;
use partnercentral_selling::Config;

/// A client configuration for `region` whose credentials come from `aws-config`'s default chain
/// (environment, profile incl. SSO and assume-role, web identity, ECS/EKS container, IMDS).
///
/// The chain is built here, but asked for credentials only when the first call is signed; a
/// machine with no source at all gets `aws-config`'s own error naming each one it tried.
///
/// This crate builds `aws-config` without its default features (so the workspace does not
/// compile a second TLS stack for a test), and `aws-config` then has no HTTP client: build your
/// program with `aws-config`'s default features, or give the loader one with `http_client`
/// as `tests/chain.rs` does.
pub async fn config(region: &str) -> Config {
    let shared = aws_config::defaults(BehaviorVersion::latest())
        .region(aws_config::Region::new(region.to_owned()))
        .load()
        .await;
    with_credentials_of(&shared, Config::builder().region(region)).build()
}

/// Puts the credentials provider of an `aws-config` [`SdkConfig`](aws_config::SdkConfig) (for
/// example one loaded with a custom profile or role) into a client configuration builder.
pub fn with_credentials_of(
    shared: &aws_config::SdkConfig,
    builder: partnercentral_selling::config::ConfigBuilder,
) -> partnercentral_selling::config::ConfigBuilder {
    match shared.credentials_provider() {
        Some(provider) => builder.credentials_provider(provider),
        None => builder,
    }
}
