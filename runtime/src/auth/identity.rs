//! Identities for the non-AWS auth schemes: bearer tokens (static or from a provider), API
//! keys and username/password logins. AWS credentials live in [`crate::credentials`].
//!
//! Every type here redacts its secret in `Debug`, so a logged `Config` never shows one.

use std::error::Error;
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use crate::transport::BoxFuture;

/// A bearer token (`Authorization: Bearer <token>`, Smithy's `@httpBearerAuth`).
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    token: String,
    expiration: Option<SystemTime>,
}

impl Token {
    /// A token, with the time it stops being valid if known.
    pub fn new(token: impl Into<String>, expiration: Option<SystemTime>) -> Self {
        Self {
            token: token.into(),
            expiration,
        }
    }

    /// The token text.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// When the token expires, if known.
    pub fn expiration(&self) -> Option<SystemTime> {
        self.expiration
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("token", &"** redacted **")
            .field("expiration", &self.expiration)
            .finish()
    }
}

/// Why a [`ProvideToken`] could not produce a token.
#[derive(Debug)]
pub struct TokenError {
    message: String,
    source: Option<Box<dyn Error + Send + Sync + 'static>>,
}

impl TokenError {
    /// A failure described by `message`.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    /// Keeps the underlying error as `source()`.
    pub fn with_source(
        mut self,
        source: impl Into<Box<dyn Error + Send + Sync + 'static>>,
    ) -> Self {
        self.source = Some(source.into());
        self
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error for TokenError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}

/// Produces bearer tokens; called before every attempt (cache inside it if fetching is costly),
/// the bearer counterpart of [`ProvideCredentials`](crate::credentials::ProvideCredentials).
pub trait ProvideToken: Send + Sync + fmt::Debug + 'static {
    /// The token to send now.
    fn provide_token(&self) -> BoxFuture<'_, Result<Token, TokenError>>;
}

/// A fixed token is its own provider.
impl ProvideToken for Token {
    fn provide_token(&self) -> BoxFuture<'_, Result<Token, TokenError>> {
        let token = self.clone();
        Box::pin(std::future::ready(Ok(token)))
    }
}

/// A [`ProvideToken`] made from an async closure, for tokens that are fetched or refreshed
/// (from an OAuth endpoint, a file, a secret store). Made by [`provide_token_fn`].
pub struct ProvideTokenFn<F>(F);

impl<F> fmt::Debug for ProvideTokenFn<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ProvideTokenFn")
    }
}

/// A token provider that calls `f` before every attempt. `f` decides when to fetch a new
/// token (cache it inside, and refresh it before [`Token::expiration`]):
///
/// ```
/// use smithy_client_runtime::auth::{Token, provide_token_fn};
/// use smithy_client_runtime::config::Config;
///
/// let config = Config::builder()
///     .endpoint_url("https://api.example.com")
///     .token_provider(provide_token_fn(|| async {
///         // Fetch or refresh here.
///         Ok(Token::new("fresh-token", None))
///     }))
///     .build();
/// ```
pub fn provide_token_fn<F, Fut>(f: F) -> ProvideTokenFn<F>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<Token, TokenError>> + Send + 'static,
{
    ProvideTokenFn(f)
}

impl<F, Fut> ProvideToken for ProvideTokenFn<F>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<Token, TokenError>> + Send + 'static,
{
    fn provide_token(&self) -> BoxFuture<'_, Result<Token, TokenError>> {
        Box::pin((self.0)())
    }
}

/// A shareable, type-erased [`ProvideToken`]. Cloning is cheap.
#[derive(Clone, Debug)]
pub struct SharedTokenProvider(Arc<dyn ProvideToken>);

impl SharedTokenProvider {
    /// Wraps a token provider.
    pub fn new(provider: impl ProvideToken) -> Self {
        Self(Arc::new(provider))
    }
}

impl ProvideToken for SharedTokenProvider {
    fn provide_token(&self) -> BoxFuture<'_, Result<Token, TokenError>> {
        self.0.provide_token()
    }
}

/// An API key (Smithy's `@httpApiKeyAuth`), sent in the header or query parameter the model
/// names.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key.
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The key text.
    pub fn key(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(** redacted **)")
    }
}

/// A username and password (Smithy's `@httpBasicAuth`).
#[derive(Clone, PartialEq, Eq)]
pub struct Login {
    username: String,
    password: String,
}

impl Login {
    /// A login.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            password: password.into(),
        }
    }

    /// The username.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The password.
    pub fn password(&self) -> &str {
        &self.password
    }
}

impl fmt::Debug for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Login")
            .field("username", &self.username)
            .field("password", &"** redacted **")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_in_debug() {
        let t = format!("{:?}", Token::new("tok-secret", None));
        let k = format!("{:?}", ApiKey::new("key-secret"));
        let l = format!("{:?}", Login::new("alice", "pw-secret"));
        for text in [&t, &k, &l] {
            assert!(!text.contains("secret"), "{text}");
        }
        assert!(l.contains("alice"));
    }

    #[tokio::test]
    async fn a_closure_is_called_for_every_token() {
        use std::sync::atomic::{AtomicU32, Ordering};
        let calls = Arc::new(AtomicU32::new(0));
        let counter = calls.clone();
        let p = SharedTokenProvider::new(provide_token_fn(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            async move { Ok(Token::new(format!("tok-{n}"), None)) }
        }));
        assert_eq!(p.provide_token().await.unwrap().token(), "tok-0");
        assert_eq!(p.provide_token().await.unwrap().token(), "tok-1");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_static_token_provides_itself() {
        let p = SharedTokenProvider::new(Token::new("abc", None));
        assert_eq!(p.provide_token().await.unwrap().token(), "abc");
    }
}
