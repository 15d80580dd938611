//! Where requests go and how they are signed, resolved once per client.
//!
//! Endpoint parameters (region, FIPS, dual-stack, endpoint override) are fixed per client, so
//! the rules engine runs once and every call reuses the parsed URI, Host header and signing
//! scope instead of re-resolving and re-parsing per request.

use http::{HeaderName, HeaderValue, Uri};

use crate::config::Config;
use crate::endpoint::RuleSet;
use crate::error::ConstructionError;
use crate::service::ServiceMeta;

/// A resolved endpoint in ready-to-use form.
#[derive(Clone, Debug)]
pub(crate) struct Target {
    /// The endpoint URI with its path, ending in `/`: the request URI of operations that post
    /// to the endpoint itself (path `/`); the others join their own path to `uri_text`.
    pub(crate) uri: Uri,
    /// The same URI as text, for the signer.
    pub(crate) uri_text: String,
    /// `Host` header value (authority without user info).
    pub(crate) host: HeaderValue,
    /// Extra headers required by the endpoint rules.
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// SigV4 scope; `None` when the service is unsigned.
    pub(crate) signing: Option<SigningScope>,
}

/// Signing name and region for SigV4.
#[derive(Clone, Debug)]
pub(crate) struct SigningScope {
    pub(crate) name: String,
    /// `None` when neither the endpoint nor the config gives a region (fails at signing time).
    pub(crate) region: Option<String>,
}

/// The pieces of a resolved endpoint this module consumes (decoupled from the engine's type).
struct Resolved {
    url: String,
    headers: Vec<(String, Vec<String>)>,
    signing_name: Option<String>,
    signing_region: Option<String>,
}

impl Resolved {
    fn url_only(url: String) -> Self {
        Self {
            url,
            headers: Vec::new(),
            signing_name: None,
            signing_region: None,
        }
    }
}

/// A region is used as a DNS label in fallback URLs, so it must be one.
fn is_host_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The endpoint when the model has no rule set: the override, else
/// `https://{endpointPrefix}[-fips].{region}.{amazonaws.com | api.aws}`.
/// A service outside AWS (no `aws.api#service`, so an empty endpoint prefix) has no such
/// convention: its base URL must come from the config.
fn fallback(service: &ServiceMeta, config: &Config) -> Result<Resolved, ConstructionError> {
    if let Some(url) = config.endpoint_url_for(service.sdk_id) {
        return Ok(Resolved::url_only(url.to_owned()));
    }
    if service.endpoint_prefix.is_empty() {
        return Err(ConstructionError::invalid_config(format!(
            "service {} has no endpoint rules: set its base URL with \
             Config::builder().endpoint_url(\"https://...\")",
            service.service_name
        )));
    }
    let region = config.region().ok_or_else(|| {
        ConstructionError::invalid_config(
            "no region configured (set it on the config or in AWS_REGION)",
        )
    })?;
    if !is_host_label(region) {
        return Err(ConstructionError::invalid_config(format!(
            "region {region:?} is not a valid host label"
        )));
    }
    let fips = if config.use_fips() { "-fips" } else { "" };
    let suffix = if config.use_dual_stack() {
        "api.aws"
    } else {
        "amazonaws.com"
    };
    Ok(Resolved::url_only(format!(
        "https://{}{fips}.{region}.{suffix}",
        service.endpoint_prefix
    )))
}

fn resolve(
    service: &ServiceMeta,
    config: &Config,
    call: &CallEndpoint<'_>,
) -> Result<Resolved, ConstructionError> {
    let Some(rules) = service.endpoint_rules else {
        return fallback(service, config);
    };
    let parsed;
    let rule_set = match call.rules {
        Some(r) => r,
        None => {
            parsed = RuleSet::parse(rules);
            match &parsed {
                Ok(r) => r,
                Err(_) if config.endpoint_url_for(service.sdk_id).is_some() => {
                    return fallback(service, config);
                }
                Err(e) => {
                    return Err(ConstructionError::endpoint(format!(
                        "the service's endpoint rule set is invalid: {e}"
                    )));
                }
            }
        }
    };
    // Every built-in the rule set declares, S3's (`AWS::S3::ForcePathStyle`, ...) included,
    // then the call's own parameters (`Bucket`, ...).
    let mut params = config.endpoint_params(rule_set, service.sdk_id);
    for (name, value) in call.params {
        params.set(name, value);
    }
    let resolved = rule_set
        .resolve(&params)
        .map_err(|e| ConstructionError::endpoint(e.to_string()))?;
    Ok(Resolved {
        url: resolved.url,
        headers: resolved.headers,
        signing_name: resolved.signing_name,
        signing_region: resolved.signing_region,
    })
}

/// What one call adds to endpoint resolution: its context parameters, and the client's parsed
/// rule set (parsed once per client, not per call).
#[derive(Default)]
pub(crate) struct CallEndpoint<'a> {
    pub(crate) rules: Option<&'a RuleSet>,
    pub(crate) params: &'a [(String, crate::endpoint::ParamValue)],
}

/// Resolves and validates the endpoint for `service` under `config`.
pub(crate) fn build_target(
    service: &ServiceMeta,
    config: &Config,
) -> Result<Target, ConstructionError> {
    build_call_target(service, config, &CallEndpoint::default())
}

/// [`build_target`] with one call's endpoint parameters.
pub(crate) fn build_call_target(
    service: &ServiceMeta,
    config: &Config,
    call: &CallEndpoint<'_>,
) -> Result<Target, ConstructionError> {
    let resolved = resolve(service, config, call)?;
    let bad_url = |why: &str| {
        ConstructionError::invalid_config(format!("endpoint URL {:?} {why}", resolved.url))
    };
    let parsed: Uri = resolved
        .url
        .parse()
        .map_err(|_| bad_url("is not a valid URL"))?;
    let scheme = match parsed.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("https") => "https",
        Some(s) if s.eq_ignore_ascii_case("http") => "http",
        _ => return Err(bad_url("must start with http:// or https://")),
    };
    let authority = parsed
        .authority()
        .ok_or_else(|| bad_url("has no host"))?
        .as_str();
    // User info never belongs in the Host header (and is not sent by this client).
    let host = authority.rsplit('@').next().unwrap_or(authority);
    if host.is_empty() {
        return Err(bad_url("has no host"));
    }
    // awsJson posts to the endpoint's path with a trailing slash (`/custom` -> `/custom/`);
    // any query string of the endpoint is dropped because awsJson requests have none.
    let path = parsed.path();
    let path = if path.is_empty() || path == "/" {
        "/".to_owned()
    } else if path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    };
    let uri_text = format!("{scheme}://{host}{path}");
    let uri: Uri = uri_text
        .parse()
        .map_err(|_| bad_url("is not a valid URL"))?;
    let host = HeaderValue::from_str(host).map_err(|_| bad_url("has an invalid host"))?;

    let mut headers = Vec::new();
    for (name, values) in &resolved.headers {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            ConstructionError::endpoint(format!("endpoint header name {name:?} is invalid"))
        })?;
        for value in values {
            let value = HeaderValue::from_str(value).map_err(|_| {
                ConstructionError::endpoint(format!("endpoint header {name} has an invalid value"))
            })?;
            headers.push((name.clone(), value));
        }
    }

    let signing = service.signing_name.map(|default_name| SigningScope {
        name: resolved
            .signing_name
            .unwrap_or_else(|| default_name.to_owned()),
        region: resolved
            .signing_region
            .or_else(|| config.region().map(str::to_owned)),
    });

    Ok(Target {
        uri,
        uri_text,
        host,
        headers,
        signing,
    })
}

impl Target {
    /// The same endpoint with `prefix` (an `@endpoint` host prefix such as `foo.bar.`, already
    /// checked to be host labels) in front of the host.
    pub(crate) fn with_host_prefix(&self, prefix: &str) -> Result<Target, ConstructionError> {
        let host = self
            .host
            .to_str()
            .map_err(|_| ConstructionError::endpoint("the endpoint host is not visible ASCII"))?;
        let prefixed = format!("{prefix}{host}");
        // `uri_text` is `{scheme}://{host}{path}` (see `build_target`).
        let uri_text = match self.uri_text.split_once("://") {
            Some((scheme, rest)) => format!("{scheme}://{prefix}{rest}"),
            None => {
                return Err(ConstructionError::endpoint(
                    "the endpoint URL has no scheme",
                ));
            }
        };
        let uri: Uri = uri_text.parse().map_err(|_| {
            ConstructionError::endpoint(format!("host prefix {prefix:?} makes an invalid URL"))
        })?;
        let host = HeaderValue::from_str(&prefixed).map_err(|_| {
            ConstructionError::endpoint(format!("host prefix {prefix:?} makes an invalid host"))
        })?;
        Ok(Target {
            uri,
            uri_text,
            host,
            headers: self.headers.clone(),
            signing: self.signing.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::Protocol;

    const SERVICE: ServiceMeta = ServiceMeta {
        service_name: "TestService",
        protocol: Protocol::AwsJson1_0,
        signing_name: Some("test-svc"),
        endpoint_prefix: "testsvc",
        sdk_id: "Test",
        api_version: "2020-01-01",
        query_compatible: false,
        endpoint_rules: None,
    };

    fn target(config: Config) -> Result<Target, ConstructionError> {
        build_target(&SERVICE, &config)
    }

    #[test]
    fn fallback_endpoint_from_region() {
        let t = target(Config::builder().region("us-west-2").build()).unwrap();
        assert_eq!(t.uri_text, "https://testsvc.us-west-2.amazonaws.com/");
        assert_eq!(t.host, "testsvc.us-west-2.amazonaws.com");
        let s = t.signing.unwrap();
        assert_eq!(s.name, "test-svc");
        assert_eq!(s.region.as_deref(), Some("us-west-2"));
        let fips = target(
            Config::builder()
                .region("us-east-1")
                .use_fips(true)
                .use_dual_stack(true)
                .build(),
        )
        .unwrap();
        assert_eq!(fips.uri_text, "https://testsvc-fips.us-east-1.api.aws/");
    }

    #[test]
    fn fallback_rejects_missing_or_bad_region() {
        let e = target(Config::builder().build()).unwrap_err();
        assert!(e.to_string().contains("no region"), "{e}");
        let e = target(Config::builder().region("evil.com/x").build()).unwrap_err();
        assert!(e.to_string().contains("not a valid host label"), "{e}");
    }

    #[test]
    fn endpoint_override_paths_and_hosts() {
        let t = target(
            Config::builder()
                .endpoint_url("http://127.0.0.1:8080")
                .build(),
        )
        .unwrap();
        assert_eq!(t.uri_text, "http://127.0.0.1:8080/");
        assert_eq!(t.host, "127.0.0.1:8080");
        assert!(t.signing.unwrap().region.is_none());
        let t = target(
            Config::builder()
                .endpoint_url("https://example.com/custom")
                .build(),
        )
        .unwrap();
        assert_eq!(t.uri.path(), "/custom/");
        assert_eq!(t.host, "example.com");
        let t = target(
            Config::builder()
                .endpoint_url("https://user:pw@example.com/a/?q=1")
                .build(),
        )
        .unwrap();
        assert_eq!(t.uri_text, "https://example.com/a/");
        let t = target(Config::builder().endpoint_url("http://[::1]:9000").build()).unwrap();
        assert_eq!(t.host, "[::1]:9000");
        for bad in ["example.com", "ftp://example.com", "http://", "not a url"] {
            assert!(
                target(Config::builder().endpoint_url(bad).build()).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn host_prefix_goes_in_front_of_the_host() {
        let t = target(
            Config::builder()
                .endpoint_url("https://example.com:8443/custom")
                .build(),
        )
        .unwrap();
        let p = t.with_host_prefix("foo.bar.").unwrap();
        assert_eq!(p.uri_text, "https://foo.bar.example.com:8443/custom/");
        assert_eq!(p.host, "foo.bar.example.com:8443");
        assert_eq!(p.uri.host(), Some("foo.bar.example.com"));
    }

    #[test]
    fn a_service_outside_aws_needs_a_base_url_and_nothing_else() {
        let service = ServiceMeta {
            signing_name: None,
            endpoint_prefix: "",
            ..SERVICE
        };
        let e = build_target(&service, &Config::builder().region("us-east-1").build())
            .unwrap_err()
            .to_string();
        assert!(e.contains("has no endpoint rules"), "{e}");
        assert!(e.contains("endpoint_url"), "{e}");
        // No region needed.
        let config = Config::builder()
            .endpoint_url("https://api.example.com/v1")
            .build();
        let t = build_target(&service, &config).unwrap();
        assert_eq!(t.uri_text, "https://api.example.com/v1/");
        assert!(t.signing.is_none());
    }

    #[test]
    fn unsigned_services_have_no_scope() {
        let service = ServiceMeta {
            signing_name: None,
            ..SERVICE
        };
        let t = build_target(&service, &Config::builder().region("us-east-1").build()).unwrap();
        assert!(t.signing.is_none());
    }
}
