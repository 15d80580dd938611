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
//! | attempt timeout | [`DEFAULT_ATTEMPT_TIMEOUT`] = 30 s | awsJson calls answer in well under a second; 30 s leaves room for a slow large page yet turns a stalled connection into a retry instead of a hang |
//! | operation timeout | [`DEFAULT_OPERATION_TIMEOUT`] = 90 s | bounds the whole call, backoff included, at about three full attempts: the caller always gets an answer in 1.5 minutes |
//! | max response size | [`DEFAULT_MAX_RESPONSE_BYTES`] = 16 MiB | far above any awsJson response (list pages are kilobytes to a few hundred KiB), far below memory trouble if an endpoint misbehaves |
//!
//! Tests and latency-sensitive callers lower them with [`RetryConfig`] and [`TimeoutConfig`]
//! (per client) or [`CallOptions`] (per call).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::credentials::{
    Credentials, DefaultCredentialsChain, ProvideCredentials, SharedCredentialsProvider,
};
use crate::transport::{HttpClient, SharedHttpClient};

// Time, sleep and the non-AWS auth identities: accessors and builder methods live there.
mod components;
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

    /// The endpoint override.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
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
            .finish()
    }
}

/// Builder for [`Config`].
#[derive(Clone, Debug, Default)]
pub struct ConfigBuilder {
    inner: Config,
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn env_flag(name: &str) -> bool {
    env_var(name).is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

impl ConfigBuilder {
    /// A builder filled from the environment:
    /// region from `AWS_REGION`, else `AWS_DEFAULT_REGION`; credentials from the
    /// [`DefaultCredentialsChain`] (environment variables, then the `AWS_PROFILE` profile of the
    /// shared files; resolved at call time, so a missing source is reported by the call, naming
    /// every source tried); endpoint from `AWS_ENDPOINT_URL`;
    /// `AWS_USE_FIPS_ENDPOINT` / `AWS_USE_DUALSTACK_ENDPOINT` (`true`); `AWS_MAX_ATTEMPTS`
    /// (ignored unless a positive integer); `AWS_DISABLE_REQUEST_COMPRESSION` (`true`) and
    /// `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES` (ignored unless an integer).
    pub fn from_env() -> Self {
        let mut b = Self::default();
        b.inner.region = env_var("AWS_REGION").or_else(|| env_var("AWS_DEFAULT_REGION"));
        b.inner.credentials = Some(SharedCredentialsProvider::new(
            DefaultCredentialsChain::new(),
        ));
        b.inner.endpoint_url = env_var("AWS_ENDPOINT_URL");
        b.inner.use_fips = env_flag("AWS_USE_FIPS_ENDPOINT");
        b.inner.use_dual_stack = env_flag("AWS_USE_DUALSTACK_ENDPOINT");
        if let Some(n) = env_var("AWS_MAX_ATTEMPTS").and_then(|v| v.parse::<u32>().ok())
            && n > 0
        {
            b.inner.retry = b.inner.retry.with_max_attempts(n);
        }
        b.inner.disable_request_compression = env_flag("AWS_DISABLE_REQUEST_COMPRESSION");
        b.inner.service_settings = service_settings::ServiceSettings::from_env();
        if let Some(n) =
            env_var("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES").and_then(|v| v.parse::<usize>().ok())
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

/// Retry behaviour: AWS "standard" mode.
///
/// Delay before retry `n` (1-based) is `rand(0..1) * min(max_backoff, initial_backoff * 2^(n-1))`
/// (full jitter), or the server's `Retry-After` (capped at `max_backoff`) when present. A
/// client-wide retry quota (500 tokens; a retry costs 5, a retry after a timeout 10; a success
/// refunds) stops retry storms when a service is down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryConfig {
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
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            initial_backoff: DEFAULT_INITIAL_BACKOFF,
            max_backoff: DEFAULT_MAX_BACKOFF,
            retry_quota: true,
        }
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
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Serializes tests that touch process environment variables.
    static ENV_LOCK: Mutex<()> = Mutex::new(());

    const VARS: [&str; 14] = [
        "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_CONFIG_FILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ENDPOINT_URL",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_ACCESS_KEY",
        "AWS_SECRET_KEY",
        "AWS_USE_FIPS_ENDPOINT",
        "AWS_USE_DUALSTACK_ENDPOINT",
        "AWS_MAX_ATTEMPTS",
        "AWS_PROFILE",
    ];

    #[allow(unsafe_code)]
    fn with_env<R>(vars: &[(&str, &str)], f: impl FnOnce() -> R) -> R {
        let _guard = ENV_LOCK
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let saved: Vec<_> = VARS.iter().map(|k| (*k, std::env::var(k).ok())).collect();
        // SAFETY: ENV_LOCK serializes every test in this binary that reads or writes these
        // variables, and no other thread reads them while the lock is held.
        unsafe {
            for k in VARS {
                std::env::remove_var(k);
            }
            for (k, v) in vars {
                std::env::set_var(k, v);
            }
        }
        let result = f();
        // SAFETY: as above.
        unsafe {
            for (k, v) in saved {
                match v {
                    Some(v) => std::env::set_var(k, v),
                    None => std::env::remove_var(k),
                }
            }
        }
        result
    }

    fn creds_of(config: &Config) -> Result<Credentials, crate::credentials::CredentialsError> {
        let provider = config.credentials_provider().expect("provider").clone();
        let fut = provider.provide_credentials();
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
            .block_on(fut)
    }

    #[test]
    fn from_env_reads_region_endpoint_and_credentials() {
        with_env(
            &[
                ("AWS_REGION", "eu-west-1"),
                ("AWS_DEFAULT_REGION", "us-east-2"),
                ("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"),
                ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
                (
                    "AWS_SECRET_ACCESS_KEY",
                    "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                ),
                ("AWS_SESSION_TOKEN", "token"),
                ("AWS_USE_FIPS_ENDPOINT", "true"),
                ("AWS_MAX_ATTEMPTS", "5"),
            ],
            || {
                let config = Config::from_env();
                assert_eq!(config.region(), Some("eu-west-1"));
                assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:4566"));
                assert!(config.use_fips());
                assert!(!config.use_dual_stack());
                assert_eq!(config.retry().max_attempts(), 5);
                let creds = creds_of(&config).unwrap();
                assert_eq!(creds.access_key_id(), "AKIDEXAMPLE");
                assert_eq!(creds.session_token(), Some("token"));
                let dbg = format!("{config:?}");
                assert!(!dbg.contains("wJalrXUtnFEMI"), "{dbg}");
                assert!(!dbg.contains("token\""), "{dbg}");
            },
        );
    }

    #[test]
    fn from_env_falls_back_to_default_region_and_legacy_keys() {
        with_env(
            &[
                ("AWS_DEFAULT_REGION", "us-east-2"),
                ("AWS_ACCESS_KEY", "AKID2"),
                ("AWS_SECRET_KEY", "secret2"),
                ("AWS_MAX_ATTEMPTS", "zero"),
            ],
            || {
                let config = Config::from_env();
                assert_eq!(config.region(), Some("us-east-2"));
                assert_eq!(config.endpoint_url(), None);
                assert_eq!(config.retry().max_attempts(), 3);
                let creds = creds_of(&config).unwrap();
                assert_eq!(creds.access_key_id(), "AKID2");
                assert_eq!(creds.session_token(), None);
            },
        );
    }

    /// Shared-file variables pointing nowhere, so the developer's own `~/.aws` cannot leak in.
    const NO_FILES: [(&str, &str); 2] = [
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/smithy-rt/credentials",
        ),
        ("AWS_CONFIG_FILE", "/nonexistent/smithy-rt/config"),
    ];

    #[test]
    fn from_env_falls_back_to_the_profile_files() {
        let dir = std::env::temp_dir().join(format!("smithy-rt-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let creds = dir.join("credentials");
        let cfg = dir.join("config");
        std::fs::write(&creds, "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s1\n[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = s2\naws_session_token = t2\n").unwrap();
        std::fs::write(
            &cfg,
            "[profile cfg]\naws_access_key_id = AKIDCFG\naws_secret_access_key = s3\n",
        )
        .unwrap();
        let (c, f) = (creds.to_str().unwrap(), cfg.to_str().unwrap());
        let files = [("AWS_SHARED_CREDENTIALS_FILE", c), ("AWS_CONFIG_FILE", f)];
        let key_with = |extra: &[(&str, &str)]| {
            let vars: Vec<_> = files.iter().chain(extra).copied().collect();
            with_env(&vars, || {
                creds_of(&Config::from_env()).map(|c| c.access_key_id().to_owned())
            })
        };
        assert_eq!(key_with(&[]).unwrap(), "AKIDDEFAULT");
        assert_eq!(key_with(&[("AWS_PROFILE", "ci")]).unwrap(), "AKIDCI");
        assert_eq!(key_with(&[("AWS_PROFILE", "cfg")]).unwrap(), "AKIDCFG");
        // The environment comes first.
        let env = [
            ("AWS_PROFILE", "ci"),
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "s"),
        ];
        assert_eq!(key_with(&env).unwrap(), "AKIDENV");
        // A profile asked for by name must exist, and the error says where it was looked for.
        let err = key_with(&[("AWS_PROFILE", "nope")]).unwrap_err();
        let text = format!("{}", crate::error::ConstructionError::credentials(err));
        assert!(text.contains("profile `nope` not found"), "{text}");
        assert!(text.contains(c), "{text}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn from_env_without_credentials_is_a_clear_error_at_call_time() {
        with_env(
            &[("AWS_ACCESS_KEY_ID", "AKID"), NO_FILES[0], NO_FILES[1]],
            || {
                let config = Config::from_env();
                assert_eq!(config.region(), None);
                let err = creds_of(&config).unwrap_err();
                let text = format!("{}", crate::error::ConstructionError::credentials(err));
                assert!(text.contains("AWS_SECRET_ACCESS_KEY"), "{text}");
            },
        );
        with_env(&NO_FILES, || {
            let err = creds_of(&Config::from_env()).unwrap_err();
            let text = format!("{}", crate::error::ConstructionError::credentials(err));
            assert!(text.contains("AWS_ACCESS_KEY_ID is not set"), "{text}");
            // Every source tried is named, with why it had nothing.
            assert!(text.contains("profile `default` not found"), "{text}");
            assert!(
                text.contains("/nonexistent/smithy-rt/credentials (not found)"),
                "{text}"
            );
            assert!(
                text.contains("/nonexistent/smithy-rt/config (not found)"),
                "{text}"
            );
        });
    }

    #[test]
    fn credentials_debug_redacts_secret() {
        let creds = Credentials::new(
            "AKIDEXAMPLE",
            "super-secret-key",
            Some("sess-token".into()),
            None,
            "test",
        );
        let dbg = format!("{creds:?}");
        assert!(!dbg.contains("super-secret-key"), "{dbg}");
        assert!(!dbg.contains("sess-token"), "{dbg}");
        let config = Config::builder()
            .credentials(creds)
            .region("us-east-1")
            .build();
        let dbg = format!("{config:?}");
        assert!(!dbg.contains("super-secret-key"), "{dbg}");
        assert!(!dbg.contains("sess-token"), "{dbg}");
        assert!(dbg.contains("us-east-1"));
    }

    #[test]
    fn defaults_are_bounded() {
        let c = Config::builder().build();
        assert_eq!(c.max_response_bytes(), 16 * 1024 * 1024);
        let t = c.timeouts();
        assert_eq!(t.connect(), Some(Duration::from_millis(3100)));
        assert_eq!(t.attempt(), Some(Duration::from_secs(30)));
        assert_eq!(t.operation(), Some(Duration::from_secs(90)));
        let r = c.retry();
        assert_eq!(r.max_attempts(), 3);
        assert_eq!(r.initial_backoff(), Duration::from_secs(1));
        assert_eq!(r.max_backoff(), Duration::from_secs(20));
        assert_eq!(RetryConfig::disabled().max_attempts(), 1);
        assert_eq!(
            RetryConfig::standard().with_max_attempts(0).max_attempts(),
            1
        );
        assert_eq!(TimeoutConfig::disabled().attempt(), None);
        assert_eq!(
            uuid::Uuid::parse_str(&c.idempotency_token())
                .unwrap()
                .get_version_num(),
            4
        );
        let fixed = Config::builder()
            .idempotency_token_provider(|| "00000000-0000-4000-8000-000000000000".to_owned())
            .build();
        assert_eq!(
            fixed.idempotency_token(),
            "00000000-0000-4000-8000-000000000000"
        );
    }

    #[test]
    fn call_options_override_selectively() {
        let config = Config::builder()
            .timeouts(TimeoutConfig::standard().with_connect_timeout(Duration::from_secs(1)))
            .build();
        let o = CallOptions::new()
            .attempt_timeout(Duration::from_millis(5))
            .max_attempts(7);
        let t = o.effective_timeouts(&config);
        assert_eq!(t.attempt(), Some(Duration::from_millis(5)));
        assert_eq!(t.operation(), Some(Duration::from_secs(90)));
        assert_eq!(t.connect(), Some(Duration::from_secs(1)));
        assert_eq!(o.effective_retry(&config).max_attempts(), 7);
        let none = CallOptions::default().operation_timeout(None);
        assert_eq!(none.effective_timeouts(&config).operation(), None);
        assert_eq!(
            CallOptions::default().effective_retry(&config),
            RetryConfig::standard()
        );
    }
}
