//! Auth from the model: which schemes an operation accepts, in the model's order, and applying
//! the first one whose identity the [`Config`] has.
//!
//! Generated code emits one [`OperationAuth`] per operation (the operation's `@auth`, else the
//! service's, else every auth trait of the service in the order Smithy defines) in its
//! [`OperationMeta`](crate::service::OperationMeta), and the client applies it to the built
//! request on every attempt (SigV4 through the client's signer, the others through the same
//! code as [`apply_auth`]):
//!
//! ```
//! use smithy_client_runtime::auth::{ApiKeyLocation, AuthScheme, OperationAuth};
//!
//! static GET_THING_AUTH: OperationAuth = OperationAuth::new(&[
//!     AuthScheme::Bearer,
//!     AuthScheme::ApiKey { name: "X-Api-Key", location: ApiKeyLocation::Header, scheme: None },
//! ]);
//! static PING_AUTH: OperationAuth = OperationAuth::new(&[AuthScheme::Bearer]).optional();
//! ```
//!
//! Selection follows Smithy: the first scheme (in model order) whose identity is configured
//! wins; `smithy.api#noAuth` always can be used; `@optionalAuth` (or an empty `@auth([])`) sends
//! the request anonymously when no identity is configured; otherwise the call fails before
//! sending, with an error naming every scheme tried and how to configure it.
//!
//! # Services outside AWS
//!
//! A service outside AWS needs no region and no AWS credentials: they are only read when the
//! chosen scheme is SigV4, so a `Config` without them is complete. Without endpoint rules (and
//! without `aws.api#service`, which generated code marks with an empty `endpoint_prefix`), the
//! endpoint is the base URL from
//! [`ConfigBuilder::endpoint_url`](crate::config::ConfigBuilder::endpoint_url); a call without
//! one fails before sending, saying so. `Config::from_env()` works too: the AWS settings it
//! reads are simply unused.
//!
//! ```
//! use smithy_client_runtime::config::Config;
//!
//! let config = Config::builder()
//!     .endpoint_url("https://api.example.com/v1")
//!     .bearer_token("my-token") // or .token_provider(..), .api_key(..), .basic_auth(..)
//!     .build();
//! ```

mod identity;
mod presign;
mod sigv4;

pub use identity::{
    ApiKey, Login, ProvideToken, ProvideTokenFn, SharedTokenProvider, Token, TokenError,
    provide_token_fn,
};
pub use presign::{
    MAX_PRESIGNED_EXPIRY, PresignedRequest, PresigningConfig, PresigningConfigError,
};
pub(crate) use presign::{PresignParams, presign};

use base64::Engine as _;
use http::HeaderValue;

use crate::config::Config;
use crate::credentials::ProvideCredentials as _;
use crate::error::ConstructionError;
use crate::transport::HttpRequest;

/// Where an API key goes (`@httpApiKeyAuth` `in`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query string parameter.
    Query,
}

/// One auth scheme of the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthScheme {
    /// `aws.auth#sigv4`: AWS Signature Version 4 with the config's credentials and region.
    SigV4 {
        /// The trait's `name` (the service's signing name); endpoint rules may override it.
        signing_name: &'static str,
    },
    /// `smithy.api#httpBearerAuth`: `Authorization: Bearer <token>`.
    Bearer,
    /// `smithy.api#httpApiKeyAuth`.
    ApiKey {
        /// Header or query parameter name.
        name: &'static str,
        /// Header or query string.
        location: ApiKeyLocation,
        /// For headers, a scheme written before the key (`Authorization: ApiKey <key>`).
        scheme: Option<&'static str>,
    },
    /// `smithy.api#httpBasicAuth`: `Authorization: Basic base64(username:password)`.
    Basic,
    /// `smithy.api#noAuth`: send anonymously.
    NoAuth,
    /// A scheme of the model that this runtime cannot apply (`aws.auth#sigv4a`,
    /// `smithy.api#httpDigestAuth`, a custom one). Never selected; kept so that an operation
    /// with nothing else fails naming it instead of going out anonymously.
    Unsupported {
        /// The scheme's shape id.
        id: &'static str,
    },
}

impl AuthScheme {
    /// The scheme's shape id (`aws.auth#sigv4`, `smithy.api#httpBearerAuth`, ...).
    pub const fn id(&self) -> &'static str {
        match self {
            AuthScheme::SigV4 { .. } => "aws.auth#sigv4",
            AuthScheme::Bearer => "smithy.api#httpBearerAuth",
            AuthScheme::ApiKey { .. } => "smithy.api#httpApiKeyAuth",
            AuthScheme::Basic => "smithy.api#httpBasicAuth",
            AuthScheme::NoAuth => "smithy.api#noAuth",
            AuthScheme::Unsupported { id } => id,
        }
    }

    /// Whether `config` has this scheme's identity; if not, how to configure it.
    fn missing_identity(&self, config: &Config) -> Option<&'static str> {
        match self {
            AuthScheme::SigV4 { .. } => config.credentials_provider().is_none().then_some(
                "no AWS credentials: Config::builder().credentials(..) or Config::from_env()",
            ),
            AuthScheme::Bearer => config
                .token_provider()
                .is_none()
                .then_some("no token: Config::builder().bearer_token(..) or .token_provider(..)"),
            AuthScheme::ApiKey { .. } => config
                .api_key()
                .is_none()
                .then_some("no API key: Config::builder().api_key(..)"),
            AuthScheme::Basic => config
                .login()
                .is_none()
                .then_some("no login: Config::builder().basic_auth(..)"),
            AuthScheme::NoAuth => None,
            AuthScheme::Unsupported { .. } => Some("not supported by this client runtime"),
        }
    }
}

/// The auth of one operation, as the model gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperationAuth {
    /// The schemes in priority order. Empty means the operation takes no auth (`@auth([])`).
    pub schemes: &'static [AuthScheme],
    /// `@optionalAuth`: send anonymously when no scheme's identity is configured.
    pub optional: bool,
    /// `@aws.auth#unsignedPayload`: SigV4 may sign `UNSIGNED-PAYLOAD` instead of the body's hash.
    pub unsigned_payload: bool,
}

impl OperationAuth {
    /// Requires one of `schemes`, in this order.
    pub const fn new(schemes: &'static [AuthScheme]) -> Self {
        Self {
            schemes,
            optional: false,
            unsigned_payload: false,
        }
    }

    /// The same, marked `@optionalAuth`.
    pub const fn optional(mut self) -> Self {
        self.optional = true;
        self
    }

    /// The same, marked `@aws.auth#unsignedPayload`.
    pub const fn unsigned_payload(mut self) -> Self {
        self.unsigned_payload = true;
        self
    }

    /// The scheme [`apply_auth`] would use under `config` (`None`: anonymous), or the error it
    /// would return. Reads nothing but the config (no provider is called).
    pub fn select(
        &self,
        config: &Config,
    ) -> Result<Option<&'static AuthScheme>, ConstructionError> {
        self.select_from(config, 0)
            .map(|choice| choice.map(|(_, s)| s))
    }

    /// [`select`](Self::select) among the schemes from index `start` on; the chosen scheme
    /// comes with its index. The client uses it to move past a scheme whose identity turned
    /// out to be unavailable (a credentials chain that finds nothing).
    pub(crate) fn select_from(
        &self,
        config: &Config,
        start: usize,
    ) -> Result<Option<(usize, &'static AuthScheme)>, ConstructionError> {
        let mut tried: Vec<String> = Vec::with_capacity(self.schemes.len());
        for (i, scheme) in self.schemes.iter().enumerate().skip(start) {
            match scheme.missing_identity(config) {
                None if *scheme == AuthScheme::NoAuth => return Ok(None),
                None => return Ok(Some((i, scheme))),
                Some(why) => tried.push(format!("{} ({why})", scheme.id())),
            }
        }
        if self.optional || self.schemes.is_empty() {
            return Ok(None);
        }
        Err(ConstructionError::invalid_config(format!(
            "no identity configured for any auth scheme of this operation; tried {}",
            tried.join(", ")
        )))
    }
}

/// Signing name and region from the resolved endpoint (its `authSchemes` property), which take
/// precedence over the model's signing name and the config's region.
#[derive(Clone, Copy, Debug, Default)]
pub struct EndpointAuth<'a> {
    /// `signingName` from the endpoint.
    pub signing_name: Option<&'a str>,
    /// `signingRegion` from the endpoint.
    pub signing_region: Option<&'a str>,
}

/// Applies the operation's auth to the fully built `request` (call it last, after every header
/// and the final URI are in place, and again on each attempt: signatures carry the time).
/// Returns the scheme used (`None`: sent anonymously).
///
/// The client core does the same selection, but signs SigV4 through its own signer (with a
/// cached signing key and S3's rules); this function is the standalone form, for requests
/// built outside [`ClientHandle`](crate::client::ClientHandle).
pub async fn apply_auth(
    auth: &OperationAuth,
    config: &Config,
    request: &mut HttpRequest,
    endpoint: EndpointAuth<'_>,
) -> Result<Option<&'static AuthScheme>, ConstructionError> {
    let Some(scheme) = auth.select(config)? else {
        return Ok(None);
    };
    match scheme {
        AuthScheme::SigV4 { signing_name } => {
            let region = endpoint
                .signing_region
                .or(config.region())
                .ok_or_else(no_region)?;
            let credentials = sigv4_credentials(config).await?;
            let params = sigv4::SigV4Params {
                credentials: &credentials,
                name: endpoint.signing_name.unwrap_or(signing_name),
                region,
                time: crate::time::TimeSource::now(config.time_source()),
                unsigned_payload: auth.unsigned_payload,
            };
            sigv4::sign_request(request, &params).await?;
        }
        other => apply_identity(other, config, request).await?,
    }
    Ok(Some(scheme))
}

/// The error for SigV4 without a region.
pub(crate) fn no_region() -> ConstructionError {
    ConstructionError::invalid_config(
        "aws.auth#sigv4 needs a region to sign with, and none is configured \
         (Config::builder().region(..) or AWS_REGION)",
    )
}

/// The AWS credentials SigV4 signs with, from the config's provider.
pub(crate) async fn sigv4_credentials(
    config: &Config,
) -> Result<crate::credentials::Credentials, ConstructionError> {
    let provider = config.credentials_provider().ok_or_else(|| {
        ConstructionError::invalid_config(
            "aws.auth#sigv4 needs AWS credentials, and none are configured \
             (Config::builder().credentials(..) or Config::from_env())",
        )
    })?;
    provider
        .provide_credentials()
        .await
        .map_err(ConstructionError::credentials)
}

/// Applies a scheme other than SigV4 (bearer token, API key, basic login) to `request`;
/// `NoAuth` leaves it anonymous. The SigV4 signers live in `client/signing.rs` (calls) and
/// `sigv4.rs` ([`apply_auth`], streamed bodies).
pub(crate) async fn apply_identity(
    scheme: &AuthScheme,
    config: &Config,
    request: &mut HttpRequest,
) -> Result<(), ConstructionError> {
    match scheme {
        AuthScheme::Bearer => {
            let provider = config.token_provider().ok_or_else(|| {
                ConstructionError::invalid_config(
                    "smithy.api#httpBearerAuth needs a bearer token, and none is configured \
                     (Config::builder().bearer_token(..) or .token_provider(..))",
                )
            })?;
            let token = provider.provide_token().await.map_err(|e| {
                ConstructionError::new(
                    "smithy.api#httpBearerAuth: the token provider could not provide a token",
                )
                .with_source(e)
            })?;
            if token.token().is_empty() {
                return Err(ConstructionError::invalid_config(
                    "smithy.api#httpBearerAuth: the token provider returned an empty token",
                ));
            }
            let value = secret_header(format!("Bearer {}", token.token()), "bearer token")?;
            request
                .headers_mut()
                .insert(http::header::AUTHORIZATION, value);
        }
        AuthScheme::Basic => {
            let login = config.login().ok_or_else(|| {
                ConstructionError::invalid_config(
                    "smithy.api#httpBasicAuth needs a username and password, and none are \
                     configured (Config::builder().basic_auth(..))",
                )
            })?;
            let pair = format!("{}:{}", login.username(), login.password());
            let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
            let value = secret_header(format!("Basic {encoded}"), "login")?;
            request
                .headers_mut()
                .insert(http::header::AUTHORIZATION, value);
        }
        AuthScheme::ApiKey {
            name,
            location,
            scheme,
        } => {
            let key = config.api_key().ok_or_else(|| {
                ConstructionError::invalid_config(
                    "smithy.api#httpApiKeyAuth needs an API key, and none is configured \
                     (Config::builder().api_key(..))",
                )
            })?;
            match location {
                ApiKeyLocation::Header => {
                    let text = match scheme {
                        Some(scheme) => format!("{scheme} {}", key.key()),
                        None => key.key().to_owned(),
                    };
                    let name = http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                        ConstructionError::new(format!(
                            "smithy.api#httpApiKeyAuth: header name {name:?} is invalid"
                        ))
                    })?;
                    request
                        .headers_mut()
                        .insert(name, secret_header(text, "API key")?);
                }
                ApiKeyLocation::Query => append_query(request, name, key.key())?,
            }
        }
        AuthScheme::NoAuth => {}
        AuthScheme::SigV4 { .. } | AuthScheme::Unsupported { .. } => {
            return Err(ConstructionError::new(format!(
                "{} cannot be applied here",
                scheme.id()
            )));
        }
    }
    Ok(())
}

/// A header value that `Debug` of a `HeaderMap` shows as `Sensitive`.
fn secret_header(text: String, what: &str) -> Result<HeaderValue, ConstructionError> {
    let mut value = HeaderValue::try_from(text).map_err(|_| {
        ConstructionError::invalid_config(format!("the {what} is not a valid header value"))
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn encode_query_component(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        }
    }
}

fn append_query(
    request: &mut HttpRequest,
    name: &str,
    value: &str,
) -> Result<(), ConstructionError> {
    let uri = request.uri();
    let mut text = match uri.path_and_query() {
        Some(pq) => pq.as_str().to_owned(),
        None => "/".to_owned(),
    };
    text.push(if uri.query().is_some() { '&' } else { '?' });
    encode_query_component(name, &mut text);
    text.push('=');
    encode_query_component(value, &mut text);
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = Some(text.parse().map_err(|_| {
        ConstructionError::new("the request URI with the API key is not a valid URI")
    })?);
    *request.uri_mut() = http::Uri::from_parts(parts)
        .map_err(|_| ConstructionError::new("the request URI with the API key is not valid"))?;
    Ok(())
}

#[cfg(test)]
mod tests;
