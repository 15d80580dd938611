//! Client configuration: region, credentials, endpoint, transport, retries and timeouts.
//!
//! Building a [`Config`] never fails and never panics. Problems (no region, no credentials, a
//! malformed endpoint URL) surface at call time as construction errors that name the operation,
//! which is where users look for them anyway.
//!
//! # Defaults
//!
//! Every limit is on by default, so no call can hang or retry forever:
//!
//! | setting | default | why |
//! |---|---|---|
//! | attempts | [`DEFAULT_MAX_ATTEMPTS`] = 3 | AWS "standard" retry mode; rides out a dropped connection or a throttling burst without tripling the load on a service that is really down (the retry quota stops that too) |
//! | backoff base | [`DEFAULT_INITIAL_BACKOFF`] = 1 s | with full jitter the first retry waits 0.5 s on average: long enough for a throttle or a failover to clear, short for an interactive caller |
//! | backoff cap | [`DEFAULT_MAX_BACKOFF`] = 20 s | AWS standard mode's cap; with 3 attempts it is never reached, and it keeps larger attempt counts inside a bounded wait |
//! | connect timeout | [`DEFAULT_CONNECT_TIMEOUT`] = 3.1 s | the AWS SDKs' standard value: just over the 3 s after which the kernel resends a lost SYN, so one lost packet is recovered before we give up, while an unreachable host fails fast and is retried |
//! | attempt timeout | [`DEFAULT_ATTEMPT_TIMEOUT`] = 30 s | awsJson calls answer in well under a second; 30 s leaves room for a slow large page yet turns a stalled connection into a retry instead of a hang; lifted for calls that stream their request body (a large upload takes longer), unless set to another value |
//! | operation timeout | [`DEFAULT_OPERATION_TIMEOUT`] = 90 s | bounds the whole call, backoff included, at about three full attempts: the caller always gets an answer in 1.5 minutes; lifted like the attempt timeout for streamed uploads |
//! | max response size | [`DEFAULT_MAX_RESPONSE_BYTES`] = 16 MiB | far above any awsJson response (list pages are kilobytes to a few hundred KiB), far below memory trouble if an endpoint misbehaves |
//!
//! Tests and latency-sensitive callers lower them with [`RetryConfig`] and [`TimeoutConfig`]
//! (per client) or [`CallOptions`] (per call).
//!
//! # Environment and profile settings
//!
//! [`Config::from_env`] reads the settings the AWS SDKs share, from the environment and from
//! the active profile of the shared config file (`AWS_PROFILE`, default `default`, in
//! `AWS_CONFIG_FILE`, default `~/.aws/config`). Precedence, highest first: a value set in code
//! on the [`ConfigBuilder`] (after `from_env`), then the environment, then the profile. Values
//! that cannot be read (`AWS_MAX_ATTEMPTS=many`) are ignored with a `tracing` warning.
//!
//! | setting | environment variable | profile key | value |
//! |---|---|---|---|
//! | region | `AWS_REGION`, then `AWS_DEFAULT_REGION` | `region` | `us-east-1` |
//! | endpoint of one service | `AWS_ENDPOINT_URL_<SERVICE>` | `endpoint_url` in the block of the service's key in the `[services <name>]` section that the profile's `services = <name>` names | URL |
//! | endpoint of every service | `AWS_ENDPOINT_URL` | `endpoint_url` | URL |
//! | ignore the two above | `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` | `ignore_configured_endpoint_urls` | `true`/`false` |
//! | attempts per call | `AWS_MAX_ATTEMPTS` | `max_attempts` | positive integer |
//! | retry mode | `AWS_RETRY_MODE` | `retry_mode` | `standard`, `adaptive` (`legacy` reads as `standard`) |
//! | FIPS endpoints | `AWS_USE_FIPS_ENDPOINT` | `use_fips_endpoint` | `true`/`false` |
//! | dual-stack endpoints | `AWS_USE_DUALSTACK_ENDPOINT` | `use_dualstack_endpoint` | `true`/`false` |
//! | request compression off | `AWS_DISABLE_REQUEST_COMPRESSION` | - | `true` |
//! | compression threshold | `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES` | - | bytes |
//! | request checksums | `AWS_REQUEST_CHECKSUM_CALCULATION` | `request_checksum_calculation` | `when_supported`, `when_required` |
//! | response checksums | `AWS_RESPONSE_CHECKSUM_VALIDATION` | `response_checksum_validation` | `when_supported`, `when_required` |
//! | S3: an access point ARN's region wins | `AWS_S3_USE_ARN_REGION` | `s3_use_arn_region` | `true`/`false` |
//! | S3: no Multi-Region Access Points | `AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS` | `s3_disable_multiregion_access_points` | `true`/`false` |
//! | S3: us-east-1 endpoint | `AWS_S3_US_EAST_1_REGIONAL_ENDPOINT` | `s3_us_east_1_regional_endpoint` | `regional`, `legacy` (global endpoint) |
//! | credentials | `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` | `aws_access_key_id`, ... (also in `~/.aws/credentials`) | see [`crate::credentials`] |
//!
//! `<SERVICE>` is the service's `sdkId` upper-cased with spaces and hyphens replaced by
//! underscores (`Secrets Manager` -> `AWS_ENDPOINT_URL_SECRETS_MANAGER`); the `services` section
//! key is the same lower-cased (`secrets_manager`). For endpoints the order is: code, then
//! `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile's service block, the profile's
//! `endpoint_url`; "ignore" drops the four configured ones, never one set in code:
//!
//! ```ini
//! [profile dev]
//! region = eu-west-1
//! services = local
//!
//! [services local]
//! dynamodb =
//!   endpoint_url = http://127.0.0.1:8000
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::credentials::{
    Credentials, DefaultCredentialsChain, ProvideCredentials, SharedCredentialsProvider,
};
use crate::transport::{HttpClient, SharedHttpClient};

// Time, sleep and the non-AWS auth identities: accessors and builder methods live there.
mod components;
mod env_settings;
// `Config::interceptors` and the builder methods that add them.
mod interceptors;
pub(crate) mod rate_limiter;

pub use env_settings::{ConfiguredEndpoints, env_service_key, profile_service_key};
// Checksum settings and service-specific endpoint built-ins (S3's path style, ...).
mod service_settings;
pub use service_settings::{
    BUILTIN_S3_ACCELERATE, BUILTIN_S3_CONTROL_USE_ARN_REGION, BUILTIN_S3_DISABLE_MRAP,
    BUILTIN_S3_FORCE_PATH_STYLE, BUILTIN_S3_USE_ARN_REGION, BUILTIN_S3_USE_GLOBAL_ENDPOINT,
};

/// Produces idempotency tokens for members the caller left unset.
pub type IdempotencyTokenProvider = Arc<dyn Fn() -> String + Send + Sync>;

/// Default cap on response bodies: far above any awsJson response, far below memory trouble.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// Default attempts per call, the first included (AWS standard retry mode; see the
/// [module documentation](self#defaults)).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// Default base of the exponential backoff (see the [module documentation](self#defaults)).
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_secs(1);

/// Default cap of one backoff delay (see the [module documentation](self#defaults)).
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(20);

/// Default TCP (and TLS) connect timeout (see the [module documentation](self#defaults)).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

/// Default timeout of one attempt: sending plus reading the whole response (see the
/// [module documentation](self#defaults)).
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

/// Default timeout of a whole call, every attempt and backoff included (see the
/// [module documentation](self#defaults)).
pub const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(90);

/// Default threshold for `@requestCompression`: smaller bodies are sent uncompressed
/// (Smithy's `requestMinCompressionSizeBytes` default).
pub const DEFAULT_MIN_COMPRESSION_SIZE_BYTES: usize = 10_240;

/// Everything a client needs besides the service description. Cheap to clone.
#[derive(Clone)]
pub struct Config {
    region: Option<String>,
    credentials: Option<SharedCredentialsProvider>,
    endpoint_url: Option<String>,
    /// Endpoints from the environment and the profile (below `endpoint_url` in precedence).
    configured_endpoints: Option<Arc<ConfiguredEndpoints>>,
    ignore_configured_endpoints: bool,
    use_fips: bool,
    use_dual_stack: bool,
    http_client: Option<SharedHttpClient>,
    retry: RetryConfig,
    timeouts: TimeoutConfig,
    idempotency_token_provider: Option<IdempotencyTokenProvider>,
    max_response_bytes: usize,
    disable_request_compression: bool,
    min_compression_size_bytes: usize,
    disable_host_prefix: bool,
    /// Clock, sleep and non-AWS identities (see `config/components.rs`).
    components: components::Components,
    /// Checksums and service endpoint built-ins (see `config/service_settings.rs`).
    service_settings: service_settings::ServiceSettings,
    /// Run inside every attempt, in this order (see `crate::interceptor`).
    interceptors: Vec<crate::interceptor::SharedInterceptor>,
}

impl Config {
    /// Starts an empty configuration.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// Configuration from the environment; see [`ConfigBuilder::from_env`].
    pub fn from_env() -> Config {
        ConfigBuilder::from_env().build()
    }

    /// A builder pre-filled with this configuration, to derive a variant.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder {
            inner: self.clone(),
        }
    }

    /// The region.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The credentials provider.
    pub fn credentials_provider(&self) -> Option<&SharedCredentialsProvider> {
        self.credentials.as_ref()
    }

    /// The endpoint override for every service: the one set in code, else `AWS_ENDPOINT_URL`,
    /// else the profile's `endpoint_url`. Per-service settings: [`Config::endpoint_url_for`].
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url
            .as_deref()
            .or_else(|| self.configured_endpoints()?.global())
    }

    /// The endpoint override for the service with this `sdkId`: the one set in code, else the
    /// configured ones in the order of the [module documentation](self#environment-and-profile-settings).
    pub fn endpoint_url_for(&self, sdk_id: &str) -> Option<&str> {
        self.endpoint_url
            .as_deref()
            .or_else(|| self.configured_endpoints()?.for_service(sdk_id))
    }

    /// Endpoints configured in the environment or the profile, unless they are ignored.
    pub fn configured_endpoints(&self) -> Option<&ConfiguredEndpoints> {
        if self.ignore_configured_endpoints {
            return None;
        }
        self.configured_endpoints.as_deref()
    }

    /// Whether FIPS endpoints are requested.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    /// Whether dual-stack endpoints are requested.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// The configured transport (`None`: the shared default client).
    pub fn http_client(&self) -> Option<&SharedHttpClient> {
        self.http_client.as_ref()
    }

    /// The retry settings.
    pub fn retry(&self) -> &RetryConfig {
        &self.retry
    }

    /// The timeout settings.
    pub fn timeouts(&self) -> &TimeoutConfig {
        &self.timeouts
    }

    /// The largest response body accepted.
    pub fn max_response_bytes(&self) -> usize {
        self.max_response_bytes
    }

    /// Whether `@requestCompression` is turned off (bodies always go uncompressed).
    pub fn disable_request_compression(&self) -> bool {
        self.disable_request_compression
    }

    /// Whether `@endpoint` host prefixes are left off (e.g. for a local endpoint that has no
    /// such sub-domains).
    pub fn disable_host_prefix(&self) -> bool {
        self.disable_host_prefix
    }

    /// The smallest body that `@requestCompression` operations compress.
    pub fn min_compression_size_bytes(&self) -> usize {
        self.min_compression_size_bytes
    }

    /// A fresh idempotency token (UUID v4 unless a provider was configured).
    pub fn idempotency_token(&self) -> String {
        match &self.idempotency_token_provider {
            Some(provider) => provider(),
            None => uuid::Uuid::new_v4().to_string(),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            region: None,
            credentials: None,
            endpoint_url: None,
            configured_endpoints: None,
            ignore_configured_endpoints: false,
            use_fips: false,
            use_dual_stack: false,
            http_client: None,
            retry: RetryConfig::standard(),
            timeouts: TimeoutConfig::standard(),
            idempotency_token_provider: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            disable_request_compression: false,
            min_compression_size_bytes: DEFAULT_MIN_COMPRESSION_SIZE_BYTES,
            disable_host_prefix: false,
            components: components::Components::default(),
            service_settings: service_settings::ServiceSettings::default(),
            interceptors: Vec::new(),
        }
    }
}

impl fmt::Debug for Config {
    // Written by hand so nothing secret can appear: the credentials provider's own Debug is
    // used (AWS's `Credentials` redacts the secret), the token provider is not printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("endpoint_url", &self.endpoint_url)
            .field("configured_endpoints", &self.configured_endpoints())
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("http_client", &self.http_client)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
            .field(
                "idempotency_token_provider",
                &self.idempotency_token_provider.as_ref().map(|_| "custom"),
            )
            .field("max_response_bytes", &self.max_response_bytes)
            .field(
                "disable_request_compression",
                &self.disable_request_compression,
            )
            .field(
                "min_compression_size_bytes",
                &self.min_compression_size_bytes,
            )
            .field("disable_host_prefix", &self.disable_host_prefix)
            .field("components", &self.components)
            .field("service_settings", &self.service_settings)
            .field(
                "interceptors",
                &interceptors::InterceptorNames(&self.interceptors),
            )
            .finish()
    }
}

/// Builder for [`Config`].
#[derive(Clone, Debug, Default)]
pub struct ConfigBuilder {
    inner: Config,
}

impl ConfigBuilder {
    /// A builder filled from the environment and the active profile of the shared config file,
    /// with the precedence and names of the
    /// [module documentation](self#environment-and-profile-settings). Credentials come from the
    /// [`DefaultCredentialsChain`] (environment variables, then the `AWS_PROFILE` profile of the
    /// shared files), resolved at call time, so a missing source is reported by the call, naming
    /// every source tried.
    pub fn from_env() -> Self {
        Self::from_env_vars(std::env::vars())
    }

    /// As [`ConfigBuilder::from_env`], with these variables instead of the process environment
    /// (they also locate the profile: `AWS_CONFIG_FILE`, `AWS_PROFILE`, `HOME`). For tests and
    /// for programs that keep their settings elsewhere. Credentials still follow the process
    /// environment at call time; set them with [`ConfigBuilder::credentials`] to fix them.
    pub fn from_env_vars(vars: impl IntoIterator<Item = (String, String)>) -> Self {
        let vars = env_settings::vars(vars);
        let loaded = env_settings::load(&vars);
        let mut b = Self::default();
        b.inner.service_settings = service_settings::ServiceSettings::from_loaded(&loaded);
        b.inner.region = loaded.region;
        b.inner.credentials = Some(SharedCredentialsProvider::new(
            DefaultCredentialsChain::new(),
        ));
        b.inner.configured_endpoints = loaded.endpoints.map(Arc::new);
        b.inner.use_fips = loaded.use_fips.unwrap_or(false);
        b.inner.use_dual_stack = loaded.use_dual_stack.unwrap_or(false);
        if let Some(n) = loaded.max_attempts {
            b.inner.retry = b.inner.retry.with_max_attempts(n);
        }
        if let Some(mode) = loaded.retry_mode {
            b.inner.retry = b.inner.retry.with_mode(mode);
        }
        b.inner.disable_request_compression = vars
            .get("AWS_DISABLE_REQUEST_COMPRESSION")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        if let Some(n) = vars
            .get("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES")
            .and_then(|v| v.parse::<usize>().ok())
        {
            b = b.min_compression_size_bytes(n);
        }
        b
    }

    /// Sets the region (`us-east-1`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.inner.region = Some(region.into());
        self
    }

    /// Uses fixed credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.inner.credentials = Some(SharedCredentialsProvider::new(credentials));
        self
    }

    /// Uses a credentials provider (called before every attempt; cache inside it if needed).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.inner.credentials = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// Sends every request to this URL instead of the resolved endpoint (`http://127.0.0.1:8080`).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.inner.endpoint_url = Some(url.into());
        self
    }

    /// Ignores endpoints configured in the environment or the profile
    /// (`AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`); one set with [`ConfigBuilder::endpoint_url`]
    /// still applies.
    pub fn ignore_configured_endpoint_urls(mut self, ignore: bool) -> Self {
        self.inner.ignore_configured_endpoints = ignore;
        self
    }

    /// Requests FIPS endpoints.
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.inner.use_fips = use_fips;
        self
    }

    /// Requests dual-stack (IPv6) endpoints.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.inner.use_dual_stack = use_dual_stack;
        self
    }

    /// Uses this transport instead of the shared default HTTPS client.
    pub fn http_client(mut self, client: impl HttpClient) -> Self {
        self.inner.http_client = Some(Arc::new(client));
        self
    }

    /// Uses an already shared transport.
    pub fn shared_http_client(mut self, client: SharedHttpClient) -> Self {
        self.inner.http_client = Some(client);
        self
    }

    /// Sets the retry behaviour.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.inner.retry = retry;
        self
    }

    /// Sets the timeouts.
    pub fn timeouts(mut self, timeouts: TimeoutConfig) -> Self {
        self.inner.timeouts = timeouts;
        self
    }

    /// Generates idempotency tokens with `provider` (tests inject a fixed value).
    pub fn idempotency_token_provider(
        mut self,
        provider: impl Fn() -> String + Send + Sync + 'static,
    ) -> Self {
        self.inner.idempotency_token_provider = Some(Arc::new(provider));
        self
    }

    /// Generates idempotency tokens with an already shared provider.
    pub fn shared_idempotency_token_provider(mut self, provider: IdempotencyTokenProvider) -> Self {
        self.inner.idempotency_token_provider = Some(provider);
        self
    }

    /// Caps response bodies (default 16 MiB); larger responses fail without being buffered.
    pub fn max_response_bytes(mut self, max: usize) -> Self {
        self.inner.max_response_bytes = max;
        self
    }

    /// Leaves `@endpoint` host prefixes off the endpoint's host (default: prefixes are added).
    pub fn disable_host_prefix(mut self, disable: bool) -> Self {
        self.inner.disable_host_prefix = disable;
        self
    }

    /// Turns `@requestCompression` off: bodies are sent uncompressed (default: on).
    pub fn disable_request_compression(mut self, disable: bool) -> Self {
        self.inner.disable_request_compression = disable;
        self
    }

    /// Compresses `@requestCompression` bodies only from this size on (default 10240 bytes;
    /// Smithy allows 0 to 10485760, larger values are capped there).
    pub fn min_compression_size_bytes(mut self, bytes: usize) -> Self {
        self.inner.min_compression_size_bytes = bytes.min(10_485_760);
        self
    }

    /// Finishes the configuration (infallible).
    pub fn build(self) -> Config {
        self.inner
    }
}

/// How retries are paced, as the AWS SDKs' `retry_mode` setting names them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryMode {
    /// Exponential backoff with full jitter and the retry quota (the default).
    #[default]
    Standard,
    /// Standard, plus a client-side rate limiter: after the first throttling response every
    /// attempt of the client (the first one too) waits for a token from a bucket whose rate
    /// follows CUBIC congestion control, cut by 30 % per throttle and growing back along a
    /// cubic curve while calls succeed (capped at twice the measured sending rate, at least
    /// 0.5 requests per second, so one wait is at most 2 s). The limiter is shared by all calls
    /// of a client and starts off: until a throttle, adaptive behaves like standard.
    Adaptive,
}

/// Retry behaviour: AWS "standard" mode, or "adaptive" ([`RetryMode`]).
///
/// Delay before retry `n` (1-based) is `rand(0..1) * min(max_backoff, initial_backoff * 2^(n-1))`
/// (full jitter), or the server's `Retry-After` (capped at `max_backoff`) when present. A
/// client-wide retry quota (500 tokens; a retry costs 5, a retry after a timeout 10; a success
/// refunds) stops retry storms when a service is down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    mode: RetryMode,
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    retry_quota: bool,
}

impl RetryConfig {
    /// 3 attempts, 1 s initial backoff, 20 s maximum, retry quota on (reasons in the
    /// [module documentation](self#defaults)).
    pub const fn standard() -> Self {
        Self {
            mode: RetryMode::Standard,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            initial_backoff: DEFAULT_INITIAL_BACKOFF,
            max_backoff: DEFAULT_MAX_BACKOFF,
            retry_quota: true,
        }
    }

    /// Standard settings in adaptive mode (see [`RetryMode::Adaptive`]).
    pub const fn adaptive() -> Self {
        Self::standard().with_mode(RetryMode::Adaptive)
    }

    /// Sets the retry mode.
    pub const fn with_mode(mut self, mode: RetryMode) -> Self {
        self.mode = mode;
        self
    }

    /// The retry mode.
    pub const fn mode(&self) -> RetryMode {
        self.mode
    }

    /// A single attempt, no retries.
    pub const fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::standard()
        }
    }

    /// Total attempts including the first (0 is treated as 1).
    pub const fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = if max_attempts == 0 { 1 } else { max_attempts };
        self
    }

    /// Base of the exponential backoff.
    pub const fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Upper bound of a single backoff delay.
    pub const fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Turns the client-wide retry quota on or off.
    pub const fn with_retry_quota(mut self, enabled: bool) -> Self {
        self.retry_quota = enabled;
        self
    }

    /// Total attempts including the first.
    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Base of the exponential backoff.
    pub const fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// Upper bound of a single backoff delay.
    pub const fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// Whether the retry quota is enforced.
    pub const fn retry_quota(&self) -> bool {
        self.retry_quota
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

/// Timeouts. All are on by default so no call can hang forever.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeoutConfig {
    connect: Option<Duration>,
    attempt: Option<Duration>,
    operation: Option<Duration>,
}

impl TimeoutConfig {
    /// Connect 3.1 s, attempt 30 s, operation (all attempts and backoff) 90 s (reasons in the
    /// [module documentation](self#defaults)).
    pub const fn standard() -> Self {
        Self {
            connect: Some(DEFAULT_CONNECT_TIMEOUT),
            attempt: Some(DEFAULT_ATTEMPT_TIMEOUT),
            operation: Some(DEFAULT_OPERATION_TIMEOUT),
        }
    }

    /// No timeouts at all. Calls can then hang forever on a stalled connection; prefer raising
    /// the individual limits.
    pub const fn disabled() -> Self {
        Self {
            connect: None,
            attempt: None,
            operation: None,
        }
    }

    /// For a call that streams its request body: the default attempt and operation timeouts
    /// are sized for RPC bodies and would cut any large upload short (1 GiB at 30 MB/s takes
    /// 35 s), so they are lifted; values set to anything else still apply. A stalled
    /// connection is still caught by the connect timeout and the server's own limits.
    pub(crate) fn for_streamed_upload(self) -> Self {
        Self {
            connect: self.connect,
            attempt: self.attempt.filter(|t| *t != DEFAULT_ATTEMPT_TIMEOUT),
            operation: self.operation.filter(|t| *t != DEFAULT_OPERATION_TIMEOUT),
        }
    }

    /// Sets (or with `None` removes) the connect timeout.
    pub fn with_connect_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.connect = timeout.into();
        self
    }

    /// Sets (or removes) the per-attempt timeout.
    pub fn with_attempt_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.attempt = timeout.into();
        self
    }

    /// Sets (or removes) the whole-operation timeout.
    pub fn with_operation_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.operation = timeout.into();
        self
    }

    /// The connect timeout.
    pub const fn connect(&self) -> Option<Duration> {
        self.connect
    }

    /// The per-attempt timeout (sending plus reading the whole response).
    pub const fn attempt(&self) -> Option<Duration> {
        self.attempt
    }

    /// The whole-operation timeout.
    pub const fn operation(&self) -> Option<Duration> {
        self.operation
    }
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        Self::standard()
    }
}

/// Per-call overrides of the client configuration. `CallOptions::default()` changes nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CallOptions {
    retry: Option<RetryConfig>,
    max_attempts: Option<u32>,
    timeouts: Option<TimeoutConfig>,
    attempt_timeout: Option<Option<Duration>>,
    operation_timeout: Option<Option<Duration>>,
}

impl CallOptions {
    /// No overrides.
    pub const fn new() -> Self {
        Self {
            retry: None,
            max_attempts: None,
            timeouts: None,
            attempt_timeout: None,
            operation_timeout: None,
        }
    }

    /// Replaces the retry settings for this call.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Overrides only the attempt count for this call.
    pub fn max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = Some(max_attempts.max(1));
        self
    }

    /// Replaces the timeouts for this call. The connect timeout is a property of the
    /// transport's connection pool and keeps following the client configuration.
    pub fn timeouts(mut self, timeouts: TimeoutConfig) -> Self {
        self.timeouts = Some(timeouts);
        self
    }

    /// Overrides only the per-attempt timeout for this call.
    pub fn attempt_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.attempt_timeout = Some(timeout.into());
        self
    }

    /// Overrides only the whole-operation timeout for this call.
    pub fn operation_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.operation_timeout = Some(timeout.into());
        self
    }

    /// The retry settings in effect for a call under `config`.
    pub fn effective_retry(&self, config: &Config) -> RetryConfig {
        let retry = self.retry.unwrap_or(config.retry);
        match self.max_attempts {
            Some(n) => retry.with_max_attempts(n),
            None => retry,
        }
    }

    /// The timeouts in effect for a call under `config`.
    pub fn effective_timeouts(&self, config: &Config) -> TimeoutConfig {
        let mut t = self.timeouts.unwrap_or(config.timeouts);
        t.connect = config.timeouts.connect;
        if let Some(a) = self.attempt_timeout {
            t.attempt = a;
        }
        if let Some(o) = self.operation_timeout {
            t.operation = o;
        }
        t
    }
}

#[cfg(test)]
mod env_settings_tests;

#[cfg(test)]
mod tests;
