//! AWS credentials and where they come from.
//!
//! The types are AWS's own (`aws-credential-types`), so any provider written for the official
//! SDK works here too, and `Credentials`' `Debug` already redacts the secret. A provider chain
//! (profile files, IMDS, ...) can be added later as another [`ProvideCredentials`] implementor.

use std::sync::OnceLock;

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

impl ProvideCredentials for EnvironmentCredentials {
    fn provide_credentials<'a>(
        &'a self,
    ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        aws_credential_types::provider::future::ProvideCredentials::ready(self.credentials())
    }
}
