//! AWS credentials and where they come from.
//!
//! The types are AWS's own (`aws-credential-types`), so any provider written for the official
//! SDK works here too, and `Credentials`' `Debug` already redacts the secret.
//!
//! Built in: [`EnvironmentCredentials`], [`ProfileCredentials`] (static keys from the shared
//! files) and [`DefaultCredentialsChain`] (environment, then profile), which
//! [`Config::from_env`](crate::config::Config::from_env) uses. The other sources of the AWS SDKs
//! (IMDS, ECS/EKS container credentials, SSO, web identity, assume-role, `credential_process`)
//! are `aws-config`'s: its providers implement the same [`ProvideCredentials`], so they plug into
//! [`ConfigBuilder::credentials_provider`](crate::config::ConfigBuilder::credentials_provider)
//! unchanged (the workspace's `examples/aws-config-credentials` shows it, with a test).

use std::fmt;
use std::sync::OnceLock;

/// Implements [`ProvideCredentials`] for a provider whose inherent `credentials()` loads
/// synchronously (environment and files need no I/O runtime), so the adapter is written once.
macro_rules! provide_synchronously {
    ($provider:ty) => {
        impl $crate::credentials::ProvideCredentials for $provider {
            fn provide_credentials<'a>(
                &'a self,
            ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
            where
                Self: 'a,
            {
                aws_credential_types::provider::future::ProvideCredentials::ready(
                    self.credentials(),
                )
            }
        }
    };
}

pub(crate) mod profile;

pub use profile::ProfileCredentials;

pub use aws_credential_types::Credentials;
pub use aws_credential_types::provider::error::CredentialsError;
pub use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};

/// Name reported by credentials that came from the environment.
const ENV_PROVIDER_NAME: &str = "Environment";

/// Loads credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`
/// (the legacy `AWS_ACCESS_KEY` and `AWS_SECRET_KEY` are accepted too).
///
/// The variables are read at the first call, not at construction, so a client can be built
/// before the environment is complete. A successful load is cached: environment credentials do
/// not rotate in-process, and re-reading the environment on every call would cost a lock and
/// three allocations per request.
#[derive(Debug, Default)]
pub struct EnvironmentCredentials {
    cached: OnceLock<Credentials>,
}

impl EnvironmentCredentials {
    /// A provider that reads the process environment.
    pub fn new() -> Self {
        Self::default()
    }

    fn load() -> Result<Credentials, CredentialsError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let access_key = var("AWS_ACCESS_KEY_ID").or_else(|| var("AWS_ACCESS_KEY"));
        let secret_key = var("AWS_SECRET_ACCESS_KEY").or_else(|| var("AWS_SECRET_KEY"));
        match (access_key, secret_key) {
            (Some(access_key), Some(secret_key)) => Ok(Credentials::new(
                access_key.trim(),
                secret_key.trim(),
                var("AWS_SESSION_TOKEN").map(|t| t.trim().to_owned()),
                None,
                ENV_PROVIDER_NAME,
            )),
            (None, _) => Err(CredentialsError::not_loaded(
                "no credentials in the environment: AWS_ACCESS_KEY_ID is not set",
            )),
            (Some(_), None) => Err(CredentialsError::not_loaded(
                "no credentials in the environment: AWS_ACCESS_KEY_ID is set but \
                 AWS_SECRET_ACCESS_KEY is not",
            )),
        }
    }

    /// Reads the credentials now (or returns the cached ones).
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        if let Some(c) = self.cached.get() {
            return Ok(c.clone());
        }
        let creds = Self::load()?;
        Ok(self.cached.get_or_init(|| creds).clone())
    }
}

provide_synchronously!(EnvironmentCredentials);

/// The default credentials chain: [`EnvironmentCredentials`], then [`ProfileCredentials`].
///
/// Tried in that order at every call until one has credentials (each caches its own success).
/// A source that is simply absent (no variables, no profile) passes to the next; a source that
/// is present but broken (a named profile that does not exist, a key without its secret in a
/// profile) stops the chain with its own error, because silently using other credentials would
/// be worse. When nothing is found the error lists every source tried and why it had nothing.
#[derive(Default)]
pub struct DefaultCredentialsChain {
    environment: EnvironmentCredentials,
    profile: ProfileCredentials,
}

impl DefaultCredentialsChain {
    /// The chain reading the process environment and the shared files it points to.
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses `profile` (configured as needed) as the chain's profile source.
    pub fn with_profile_credentials(mut self, profile: ProfileCredentials) -> Self {
        self.profile = profile;
        self
    }

    /// Resolves credentials now.
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let env_reason = match self.environment.credentials() {
            Ok(c) => return Ok(c),
            Err(e @ CredentialsError::CredentialsNotLoaded(_)) => reason(&e),
            Err(other) => return Err(other),
        };
        match self.profile.credentials() {
            Ok(c) => Ok(c),
            Err(e @ CredentialsError::CredentialsNotLoaded(_)) => {
                Err(CredentialsError::not_loaded(format!(
                    "no credentials found; tried the environment ({env_reason}) and the shared \
                     profile files ({}). {NOT_BUILT_IN}",
                    reason(&e)
                )))
            }
            Err(other) => Err(other),
        }
    }
}

/// Said when the chain finds nothing: the sources users expect from the AWS SDKs that this
/// runtime leaves to `aws-config` (see `examples/aws-config-credentials`).
const NOT_BUILT_IN: &str = "Not built in: EC2 instance metadata (IMDS), ECS/EKS container \
     credentials, SSO (IAM Identity Center), web identity tokens, assume-role profiles \
     (`role_arn`) and `credential_process`; use aws-config's credential chain for those \
     (`ConfigBuilder::credentials_provider`)";

/// The message an error carries (its source), without the generic "not enabled" prefix.
fn reason(e: &CredentialsError) -> String {
    use std::error::Error as _;
    e.source()
        .map(ToString::to_string)
        .unwrap_or_else(|| e.to_string())
}

impl fmt::Debug for DefaultCredentialsChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Both parts print no secret (see their `Debug`).
        f.debug_struct("DefaultCredentialsChain")
            .field("environment", &self.environment)
            .field("profile", &self.profile)
            .finish()
    }
}

provide_synchronously!(DefaultCredentialsChain);
