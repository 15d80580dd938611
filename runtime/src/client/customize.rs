//! Per-call customisation: `client.get_thing().id("x").customize()…send()`.
//!
//! See [`CustomizableOperation`].

use std::fmt;
use std::future::Future;
use std::sync::{Arc, OnceLock};

use http::{HeaderName, HeaderValue};

use super::{ClientHandle, ClientInner};
use crate::config::ConfigBuilder;
use crate::error::SdkError;
use crate::interceptor::{BeforeSigning, BoxError, Interceptor, SignedRequest};
use crate::transport::HttpRequest;

type MutateRequest = Arc<dyn Fn(&mut HttpRequest) + Send + Sync>;
type InspectRequest = Arc<dyn Fn(&HttpRequest) + Send + Sync>;
type ConfigOverride = Arc<dyn Fn(ConfigBuilder) -> ConfigBuilder + Send + Sync>;

/// Headers set by the client core or the signer: `header()` refuses them, since a value set
/// there would be overwritten, or would break the signature.
const RESERVED_HEADERS: &[&str] = &[
    "host",
    "content-length",
    "transfer-encoding",
    "authorization",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-content-sha256",
];

/// What [`CustomizableOperation`] collected, handed to [`SendCustomized::send_customized`].
#[derive(Clone, Default)]
pub struct Customization {
    hooks: CallHooks,
    config_overrides: Vec<ConfigOverride>,
}

impl fmt::Debug for Customization {
    // Header names only: values may be tokens.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Customization")
            .field(
                "headers",
                &self
                    .hooks
                    .headers
                    .iter()
                    .map(|(n, _)| n)
                    .collect::<Vec<_>>(),
            )
            .field("config_overrides", &self.config_overrides.len())
            .field("mutate_request", &self.hooks.mutate.len())
            .field("inspect_signed_request", &self.hooks.inspect.len())
            .finish()
    }
}

/// The call's own hooks, run as the last interceptor of each attempt.
#[derive(Clone, Default)]
pub(crate) struct CallHooks {
    headers: Vec<(HeaderName, HeaderValue)>,
    mutate: Vec<MutateRequest>,
    inspect: Vec<InspectRequest>,
    /// The first invalid `header()` call, reported when the call is sent.
    invalid_header: Option<String>,
}

impl CallHooks {
    /// Why the call must not be sent, if a `header()` call was invalid.
    pub(crate) fn invalid_header(&self) -> Option<&str> {
        self.invalid_header.as_deref()
    }
}

impl Interceptor for CallHooks {
    fn name(&self) -> &str {
        "customize()"
    }

    fn modify_before_signing(&self, context: &mut BeforeSigning<'_>) -> Result<(), BoxError> {
        let request = context.request_mut();
        for (name, value) in &self.headers {
            request.headers_mut().insert(name.clone(), value.clone());
        }
        for mutate in &self.mutate {
            mutate(request);
        }
        Ok(())
    }

    fn read_before_transmit(&self, context: &SignedRequest<'_>) -> Result<(), BoxError> {
        for inspect in &self.inspect {
            inspect(context.request());
        }
        Ok(())
    }
}

/// Implemented by every generated fluent builder: sends the call with a [`Customization`].
/// You call [`CustomizableOperation::send`], not this.
pub trait SendCustomized: Sized {
    /// What `send()` returns on success.
    type Output;
    /// The operation's error type.
    type Error;

    /// Sends the call with `customization` applied to it alone.
    fn send_customized(
        self,
        customization: Customization,
    ) -> impl Future<Output = Result<Self::Output, SdkError<Self::Error>>> + Send;
}

/// A call with per-call customisation, from a fluent builder's `customize()`. The user guide
/// (`docs/USER-GUIDE.md`) has compiled examples through a generated client.
///
/// Every generated fluent builder has `customize()`, which returns a
/// [`CustomizableOperation`]: extra headers, a config override, and request hooks for this one
/// call. It mirrors aws-sdk-rust's `CustomizableOperation`:
///
/// | here | aws-sdk-rust | difference |
/// |---|---|---|
/// | [`header`](CustomizableOperation::header) | (`mutate_request` setting a header) | checked name and value; added before signing and signed |
/// | [`config_override`](CustomizableOperation::config_override) | `config_override(impl Into<config::Builder>)` | a closure over the client's own builder, so you change only what you name |
/// | [`mutate_request`](CustomizableOperation::mutate_request) | `mutate_request` | same timing: before signing, every attempt |
/// | [`inspect_signed_request`](CustomizableOperation::inspect_signed_request) | (an interceptor's `read_before_transmit`) | read-only view of the signed request |
/// | [`interceptor`](CustomizableOperation::interceptor) | `interceptor` | one more interceptor, for this call |
/// | [`send`](CustomizableOperation::send) | `send` | same |
///
/// Why a mutating hook only before signing and a read-only one after: SigV4 covers the method,
/// the URI, the body and the signed headers, so changing any of them after signing makes AWS
/// reject the request. Before signing every change is signed; after signing you may look (log
/// the `Authorization` header's `SignedHeaders`, assert in a test) but not touch.
///
/// The call's hooks run after the client's interceptors (see [`crate::interceptor`]), once per
/// attempt; the headers first, then the `mutate_request` closures in the order given. Nothing
/// here changes the client: the next call runs with the client's own configuration again.
pub struct CustomizableOperation<B> {
    builder: B,
    customization: Customization,
}

impl<B: fmt::Debug> fmt::Debug for CustomizableOperation<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CustomizableOperation")
            .field("builder", &self.builder)
            .field("customization", &self.customization)
            .finish()
    }
}

impl<B> CustomizableOperation<B> {
    /// Wraps a fluent builder (generated `customize()` calls this).
    pub fn new(builder: B) -> Self {
        Self {
            builder,
            customization: Customization::default(),
        }
    }

    /// Sets a header on this call's request (replacing a value the protocol set), before
    /// signing, so SigV4 signs it (except `user-agent` and `x-amzn-trace-id`, which proxies
    /// and tracing rewrite; see [`crate::interceptor`]). An invalid name or value, or a header
    /// the client sets itself (`host`, `content-length`, `authorization`, `x-amz-date`,
    /// `x-amz-security-token`, `x-amz-content-sha256`), fails the call when it is sent, naming
    /// the header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let hooks = &mut self.customization.hooks;
        match crate::interceptor::parse_header(name, value) {
            Ok((name, _)) if RESERVED_HEADERS.contains(&name.as_str()) => {
                hooks.invalid_header.get_or_insert_with(|| {
                    format!(
                        "customize().header({:?}): this header is set by the client or the \
                         signer; use mutate_request for a header the client should not touch",
                        name.as_str()
                    )
                });
            }
            Ok((name, value)) => {
                hooks.headers.retain(|(n, _)| *n != name);
                hooks.headers.push((name, value));
            }
            Err(e) => {
                hooks
                    .invalid_header
                    .get_or_insert_with(|| format!("customize().header(..): {e}"));
            }
        }
        self
    }

    /// Changes the configuration for this call only: `f` gets a builder holding the client's
    /// configuration and returns it changed (region, endpoint URL, retries, timeouts,
    /// credentials, interceptors, ...). Several overrides apply in order. The client itself
    /// is unchanged, and the call shares its connection pool, retry quota and rate limiter.
    pub fn config_override(
        mut self,
        f: impl Fn(ConfigBuilder) -> ConfigBuilder + Send + Sync + 'static,
    ) -> Self {
        self.customization.config_overrides.push(Arc::new(f));
        self
    }

    /// Adds an interceptor for this call only, after the client's (like aws-sdk-rust's
    /// `CustomizableOperation::interceptor`).
    pub fn interceptor(self, interceptor: impl crate::interceptor::Interceptor + 'static) -> Self {
        let shared: crate::interceptor::SharedInterceptor = Arc::new(interceptor);
        self.config_override(move |c| c.shared_interceptor(shared.clone()))
    }

    /// Changes the request before it is signed, on every attempt (like aws-sdk-rust's
    /// `mutate_request`). Headers it adds are signed, as for [`header`](Self::header).
    pub fn mutate_request(mut self, f: impl Fn(&mut HttpRequest) + Send + Sync + 'static) -> Self {
        self.customization.hooks.mutate.push(Arc::new(f));
        self
    }

    /// Sees the signed request just before it is sent, on every attempt. Read-only: a change
    /// after signing would invalidate the signature (see [`CustomizableOperation`]).
    pub fn inspect_signed_request(
        mut self,
        f: impl Fn(&HttpRequest) + Send + Sync + 'static,
    ) -> Self {
        self.customization.hooks.inspect.push(Arc::new(f));
        self
    }

    /// The fluent builder, to read what was set.
    pub fn as_builder(&self) -> &B {
        &self.builder
    }

    /// Sends the call with its customisation.
    pub async fn send(self) -> Result<B::Output, SdkError<B::Error>>
    where
        B: SendCustomized,
    {
        self.builder.send_customized(self.customization).await
    }
}

impl ClientHandle {
    /// This client for one customised call: the overridden configuration (sharing the
    /// transport, retry quota and rate limiter) and the call's hooks. Generated
    /// [`SendCustomized`] implementations call this; the original handle is unchanged.
    pub fn customized(&self, customization: Customization) -> ClientHandle {
        let Customization {
            hooks,
            config_overrides,
        } = customization;
        let inner = if config_overrides.is_empty() {
            self.inner.clone()
        } else {
            let parent = &*self.inner;
            let mut builder = parent.config.to_builder();
            for f in &config_overrides {
                builder = f(builder);
            }
            let config = builder.build();
            let http = config
                .http_client()
                .cloned()
                .or_else(|| parent.http.clone());
            // The endpoint depends on the configuration: resolved again for this call. The
            // parsed rule set does not, so it is reused when the client has it already.
            let rules = OnceLock::new();
            if let Some(parsed) = parent.rules.get() {
                let _ = rules.set(parsed.clone());
            }
            Arc::new(ClientInner {
                service: parent.service,
                config,
                http,
                target: OnceLock::new(),
                rules,
                quota: parent.quota.clone(),
                rate_limiter: parent.rate_limiter.clone(),
            })
        };
        ClientHandle {
            inner,
            call: Some(Arc::new(hooks)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::service::{Protocol, ServiceMeta};

    static SERVICE: ServiceMeta = ServiceMeta {
        service_name: "Things",
        protocol: Protocol::AwsJson1_0,
        signing_name: Some("things"),
        endpoint_prefix: "things",
        sdk_id: "Things",
        api_version: "2024-01-01",
        query_compatible: false,
        endpoint_rules: None,
    };

    #[derive(Debug)]
    struct Builder;

    #[test]
    fn headers_are_checked_and_their_values_never_printed() {
        let op = CustomizableOperation::new(Builder)
            .header("X-Token", "secret-value")
            .header("x-token", "newer-secret");
        let hooks = &op.customization.hooks;
        assert_eq!(hooks.headers.len(), 1, "one value per name, the last one");
        assert_eq!(hooks.headers[0].1, "newer-secret");
        assert!(hooks.invalid_header().is_none());
        let text = format!("{op:?}");
        assert!(
            text.contains("x-token") && !text.contains("secret"),
            "{text}"
        );

        let reserved = CustomizableOperation::new(Builder).header("Host", "evil.example");
        let why = reserved.customization.hooks.invalid_header().unwrap();
        assert!(
            why.contains("\"host\"") && why.contains("set by the client"),
            "{why}"
        );
        let bad = CustomizableOperation::new(Builder)
            .header("x-a", "line\nbreak")
            .header("bad name", "v");
        let why = bad.customization.hooks.invalid_header().unwrap();
        assert!(why.contains("x-a"), "the first problem is kept: {why}");
    }

    #[test]
    fn an_override_derives_a_handle_and_leaves_the_client_alone() {
        let client = ClientHandle::new(&SERVICE, Config::builder().region("us-east-1").build());
        let plain = client.customized(Customization::default());
        assert!(
            Arc::ptr_eq(&plain.inner, &client.inner),
            "no override: same client"
        );
        assert!(plain.call.is_some() && client.call.is_none());

        let op = CustomizableOperation::new(Builder)
            .config_override(|c| c.region("eu-west-1"))
            .config_override(|c| c.disable_host_prefix(true));
        let call = client.customized(op.customization);
        assert_eq!(call.config().region(), Some("eu-west-1"));
        assert!(call.config().disable_host_prefix());
        assert_eq!(client.config().region(), Some("us-east-1"));
        assert!(!client.config().disable_host_prefix());
        assert!(Arc::ptr_eq(&call.inner.quota, &client.inner.quota));
        assert!(Arc::ptr_eq(
            &call.inner.rate_limiter,
            &client.inner.rate_limiter
        ));
    }
}
