//! The pluggable parts of a [`Config`] beyond AWS's: the clock, the sleep, and the identities
//! of the non-AWS auth schemes (bearer token, API key, basic login).
//!
//! Kept in their own file and in one field of `Config`, so they grow without touching the
//! environment and endpoint settings next door.

use std::fmt;

use super::{Config, ConfigBuilder};
use crate::auth::{ApiKey, Login, ProvideToken, SharedTokenProvider, Token};
use crate::time::{AsyncSleep, SharedAsyncSleep, SharedTimeSource, TimeSource};

/// Time, sleep and auth identities of a [`Config`].
#[derive(Clone, Default)]
pub(crate) struct Components {
    time_source: SharedTimeSource,
    sleep: SharedAsyncSleep,
    token_provider: Option<SharedTokenProvider>,
    api_key: Option<ApiKey>,
    login: Option<Login>,
}

impl fmt::Debug for Components {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The identity types redact their secrets themselves.
        f.debug_struct("Components")
            .field("time_source", &self.time_source)
            .field("sleep", &self.sleep)
            .field("token_provider", &self.token_provider)
            .field("api_key", &self.api_key)
            .field("login", &self.login)
            .finish()
    }
}

impl Config {
    /// The clock used for signing and expiry checks (default: the system clock).
    pub fn time_source(&self) -> &SharedTimeSource {
        &self.components.time_source
    }

    /// The sleep used between retries and by waiters (default: Tokio's timer).
    pub fn sleep_impl(&self) -> &SharedAsyncSleep {
        &self.components.sleep
    }

    /// The bearer token provider, for `@httpBearerAuth` services.
    pub fn token_provider(&self) -> Option<&SharedTokenProvider> {
        self.components.token_provider.as_ref()
    }

    /// The API key, for `@httpApiKeyAuth` services.
    pub fn api_key(&self) -> Option<&ApiKey> {
        self.components.api_key.as_ref()
    }

    /// The username and password, for `@httpBasicAuth` services.
    pub fn login(&self) -> Option<&Login> {
        self.components.login.as_ref()
    }
}

impl ConfigBuilder {
    /// Reads the wall clock from `source` (tests pin it; see [`crate::time`]).
    pub fn time_source(mut self, source: impl TimeSource) -> Self {
        self.inner.components.time_source = SharedTimeSource::new(source);
        self
    }

    /// Waits between retries (and in waiters) with `sleep` (tests make it instant; see
    /// [`crate::time`]).
    pub fn sleep_impl(mut self, sleep: impl AsyncSleep) -> Self {
        self.inner.components.sleep = SharedAsyncSleep::new(sleep);
        self
    }

    /// Sends this fixed bearer token to `@httpBearerAuth` services.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.inner.components.token_provider =
            Some(SharedTokenProvider::new(Token::new(token, None)));
        self
    }

    /// Gets bearer tokens from `provider` (called before every attempt).
    pub fn token_provider(mut self, provider: impl ProvideToken) -> Self {
        self.inner.components.token_provider = Some(SharedTokenProvider::new(provider));
        self
    }

    /// Sends this API key to `@httpApiKeyAuth` services, where the model says.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.inner.components.api_key = Some(ApiKey::new(key));
        self
    }

    /// Sends this username and password to `@httpBasicAuth` services.
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.inner.components.login = Some(Login::new(username, password));
        self
    }
}
