//! Each auth scheme of the model, applied by the client on a real call (through the capture
//! transport): what reaches the wire, which scheme wins, and the error when no identity is
//! configured. SigV4 itself is covered by `client.rs` (these tests only check that it is still
//! chosen, and not chosen for `smithy.api#noAuth`).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use common::*;
use smithy_client_runtime::auth::{
    ApiKeyLocation, AuthScheme, OperationAuth, Token, TokenError, provide_token_fn,
};
use smithy_client_runtime::client::{ClientHandle, invoke};
use smithy_client_runtime::config::{CallOptions, Config, ConfigBuilder, RetryConfig};
use smithy_client_runtime::error::SdkError;
use smithy_client_runtime::service::{OperationMeta, Protocol, ServiceMeta};
use smithy_client_runtime::transport::test_util::{
    CaptureClient, RecordedRequest, StaticReplayClient, response,
};

/// A service outside AWS: no signing name, no endpoint rules, no `aws.api#service` (so no
/// endpoint prefix), no region needed.
static PETS: ServiceMeta = ServiceMeta {
    service_name: "Pets",
    protocol: Protocol::AwsJson1_0,
    signing_name: None,
    endpoint_prefix: "",
    sdk_id: "Pets",
    api_version: "2024-01-01",
    query_compatible: false,
    endpoint_rules: None,
};

const fn op(auth: OperationAuth) -> OperationMeta {
    OperationMeta {
        name: "GetPet",
        errors: &[],
        auth,
    }
}

const HEADER_KEY: AuthScheme = AuthScheme::ApiKey {
    name: "X-Api-Key",
    location: ApiKeyLocation::Header,
    scheme: None,
};

static BEARER: OperationMeta = op(OperationAuth::new(&[AuthScheme::Bearer]));
static BASIC: OperationMeta = op(OperationAuth::new(&[AuthScheme::Basic]));
static KEY_HEADER_WITH_SCHEME: OperationMeta = op(OperationAuth::new(&[AuthScheme::ApiKey {
    name: "Authorization",
    location: ApiKeyLocation::Header,
    scheme: Some("ApiKey"),
}]));
static KEY_HEADER: OperationMeta = op(OperationAuth::new(&[HEADER_KEY]));
static KEY_QUERY: OperationMeta = op(OperationAuth::new(&[AuthScheme::ApiKey {
    name: "api key",
    location: ApiKeyLocation::Query,
    scheme: None,
}]));
/// `@optionalAuth` on a bearer operation, as codegen emits it (anonymous last).
static OPTIONAL_BEARER: OperationMeta = op(OperationAuth::new(&[
    AuthScheme::Bearer,
    AuthScheme::NoAuth,
]));
/// `@auth([])`, as codegen emits it.
static NO_AUTH: OperationMeta = op(OperationAuth::new(&[AuthScheme::NoAuth]));
/// `@auth([httpApiKeyAuth, httpBearerAuth])`: the first configured one wins.
static KEY_THEN_BEARER: OperationMeta = op(OperationAuth::new(&[HEADER_KEY, AuthScheme::Bearer]));
/// A scheme this runtime cannot apply, alone.
static ONLY_UNSUPPORTED: OperationMeta = op(OperationAuth::new(&[AuthScheme::Unsupported {
    id: "smithy.api#httpDigestAuth",
}]));

async fn call_on(
    service: &'static ServiceMeta,
    op: &'static OperationMeta,
    config: ConfigBuilder,
) -> (Result<(), SdkError<GetThingError>>, CaptureClient) {
    let http = CaptureClient::ok("{}");
    let client = ClientHandle::new(
        service,
        config
            .endpoint_url("http://127.0.0.1:9/v1")
            .http_client(http.clone())
            .build(),
    );
    let input = EmptyInput(service, "Pets.GetPet");
    let result = invoke::<_, (), GetThingError>(&client, op, &input, &CallOptions::default()).await;
    (result, http)
}

async fn call(
    op: &'static OperationMeta,
    config: ConfigBuilder,
) -> (Result<(), SdkError<GetThingError>>, CaptureClient) {
    call_on(&PETS, op, config).await
}

fn header(req: &RecordedRequest, name: &str) -> Option<String> {
    req.headers()
        .get(name)
        .map(|v| v.to_str().unwrap_or_default().to_owned())
}

fn sent(http: &CaptureClient) -> RecordedRequest {
    http.last_request().expect("the request was sent")
}

#[tokio::test]
async fn bearer_token_goes_in_the_authorization_header() {
    let (result, http) = call(&BEARER, Config::builder().bearer_token("t0ken")).await;
    result.unwrap();
    let req = sent(&http);
    assert_eq!(
        header(&req, "authorization").as_deref(),
        Some("Bearer t0ken")
    );
    assert!(req.headers()["authorization"].is_sensitive());
    // Nothing AWS about it.
    assert_eq!(header(&req, "x-amz-date"), None);
    assert_eq!(header(&req, "x-amz-security-token"), None);
}

#[tokio::test]
async fn a_refreshing_token_provider_is_asked_before_every_attempt() {
    let calls = Arc::new(AtomicU32::new(0));
    let counter = calls.clone();
    let provider = provide_token_fn(move || {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        async move { Ok(Token::new(format!("token-{n}"), None)) }
    });
    // A 500 then a 200: the retry carries the provider's next token.
    let http = StaticReplayClient::new([response(500, "{}"), response(200, "{}")]);
    let client = ClientHandle::new(
        &PETS,
        Config::builder()
            .endpoint_url("http://127.0.0.1:9")
            .token_provider(provider)
            .retry(
                RetryConfig::standard()
                    .with_initial_backoff(std::time::Duration::from_millis(1))
                    .with_max_backoff(std::time::Duration::from_millis(2)),
            )
            .http_client(http.clone())
            .build(),
    );
    let input = EmptyInput(&PETS, "Pets.GetPet");
    invoke::<_, (), GetThingError>(&client, &BEARER, &input, &CallOptions::default())
        .await
        .unwrap();
    let sent: Vec<_> = http
        .requests()
        .iter()
        .map(|r| header(r, "authorization").unwrap_or_default())
        .collect();
    assert_eq!(sent, ["Bearer token-0", "Bearer token-1"]);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_failing_token_provider_names_the_scheme() {
    let provider =
        provide_token_fn(|| async { Err(TokenError::new("the token endpoint is unreachable")) });
    let (result, http) = call(&BEARER, Config::builder().token_provider(provider)).await;
    let text = result.unwrap_err().to_string();
    assert!(text.contains("smithy.api#httpBearerAuth"), "{text}");
    assert!(text.contains("the token endpoint is unreachable"), "{text}");
    assert!(http.last_request().is_none());
}

#[tokio::test]
async fn basic_auth_encodes_the_login() {
    let (result, http) = call(&BASIC, Config::builder().basic_auth("user", "pass")).await;
    result.unwrap();
    assert_eq!(
        header(&sent(&http), "authorization").as_deref(),
        Some("Basic dXNlcjpwYXNz")
    );
}

#[tokio::test]
async fn api_key_in_a_header_with_and_without_a_scheme() {
    let (result, http) = call(&KEY_HEADER_WITH_SCHEME, Config::builder().api_key("k-1")).await;
    result.unwrap();
    assert_eq!(
        header(&sent(&http), "authorization").as_deref(),
        Some("ApiKey k-1")
    );
    let (result, http) = call(&KEY_HEADER, Config::builder().api_key("k-2")).await;
    result.unwrap();
    let req = sent(&http);
    assert_eq!(header(&req, "x-api-key").as_deref(), Some("k-2"));
    assert!(req.headers()["x-api-key"].is_sensitive());
    assert_eq!(header(&req, "authorization"), None);
}

#[tokio::test]
async fn api_key_in_the_query_is_percent_encoded() {
    let (result, http) = call(&KEY_QUERY, Config::builder().api_key("a/b c")).await;
    result.unwrap();
    let req = sent(&http);
    assert_eq!(
        req.uri().to_string(),
        "http://127.0.0.1:9/v1/?api%20key=a%2Fb%20c"
    );
    assert_eq!(header(&req, "authorization"), None);
}

#[tokio::test]
async fn optional_auth_sends_anonymously_without_a_token_and_uses_one_when_set() {
    let (result, http) = call(&OPTIONAL_BEARER, Config::builder()).await;
    result.unwrap();
    assert_eq!(header(&sent(&http), "authorization"), None);

    let (result, http) = call(&OPTIONAL_BEARER, Config::builder().bearer_token("t")).await;
    result.unwrap();
    assert_eq!(
        header(&sent(&http), "authorization").as_deref(),
        Some("Bearer t")
    );
}

#[tokio::test]
async fn a_no_auth_operation_sends_no_authorization_even_with_identities() {
    let everything = Config::builder()
        .bearer_token("t")
        .api_key("k")
        .basic_auth("u", "p")
        .region("us-east-1")
        .credentials(test_credentials());
    let (result, http) = call(&NO_AUTH, everything).await;
    result.unwrap();
    let req = sent(&http);
    assert_eq!(header(&req, "authorization"), None);
    assert_eq!(header(&req, "x-api-key"), None);
    assert_eq!(header(&req, "x-amz-date"), None);
}

#[tokio::test]
async fn the_first_configured_scheme_in_model_order_wins() {
    let (result, http) = call(&KEY_THEN_BEARER, Config::builder().bearer_token("t")).await;
    result.unwrap();
    let req = sent(&http);
    assert_eq!(header(&req, "authorization").as_deref(), Some("Bearer t"));
    assert_eq!(header(&req, "x-api-key"), None);

    let both = Config::builder().bearer_token("t").api_key("k");
    let (result, http) = call(&KEY_THEN_BEARER, both).await;
    result.unwrap();
    let req = sent(&http);
    assert_eq!(header(&req, "x-api-key").as_deref(), Some("k"));
    assert_eq!(header(&req, "authorization"), None);
}

#[tokio::test]
async fn a_missing_identity_fails_before_sending_and_says_how_to_configure_it() {
    let (result, http) = call(&KEY_THEN_BEARER, Config::builder()).await;
    let err = result.unwrap_err();
    assert!(matches!(err, SdkError::Construction(_)), "{err}");
    let text = err.to_string();
    assert!(text.contains("GetPet"), "{text}");
    assert!(
        text.contains("smithy.api#httpApiKeyAuth (no API key"),
        "{text}"
    );
    assert!(
        text.contains("smithy.api#httpBearerAuth (no token"),
        "{text}"
    );
    assert!(text.contains("bearer_token(..)"), "{text}");
    assert!(http.last_request().is_none());
}

#[tokio::test]
async fn an_unsupported_scheme_alone_is_an_error_naming_it() {
    let (result, http) = call(&ONLY_UNSUPPORTED, Config::builder().bearer_token("t")).await;
    let text = result.unwrap_err().to_string();
    assert!(
        text.contains("smithy.api#httpDigestAuth (not supported"),
        "{text}"
    );
    assert!(http.last_request().is_none());
}

/// `Config::from_env()` on a machine without AWS settings: a bearer-only service works, with
/// no region and no AWS credentials anywhere.
#[tokio::test]
async fn from_env_serves_a_bearer_only_service_without_aws_settings() {
    let empty_env = ConfigBuilder::from_env_vars([(
        "HOME".to_owned(),
        "/nonexistent-home-for-auth-tests".to_owned(),
    )]);
    let (result, http) = call(&BEARER, empty_env.bearer_token("t")).await;
    result.unwrap();
    assert_eq!(
        header(&sent(&http), "authorization").as_deref(),
        Some("Bearer t")
    );
}

/// A SigV4 service whose operations also accept a bearer token (`@auth([sigv4, httpBearerAuth])`):
/// SigV4 when AWS credentials are configured, the token when only it is, and a per-operation
/// `smithy.api#noAuth` stays anonymous.
#[tokio::test]
async fn sigv4_first_then_bearer_on_an_aws_service() {
    static SIGV4_THEN_BEARER: OperationMeta = op(OperationAuth::new(&[
        AuthScheme::SigV4 {
            signing_name: "partnercentral-selling",
        },
        AuthScheme::Bearer,
    ]));
    let aws = Config::builder()
        .region("us-east-1")
        .credentials(test_credentials())
        .bearer_token("t");
    let (result, http) = call_on(&SERVICE, &SIGV4_THEN_BEARER, aws).await;
    result.unwrap();
    let req = sent(&http);
    let auth = header(&req, "authorization").unwrap_or_default();
    assert!(
        auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
            && auth.contains("/us-east-1/partnercentral-selling/aws4_request"),
        "{auth}"
    );
    assert!(header(&req, "x-amz-date").is_some());

    let (result, http) = call_on(
        &SERVICE,
        &SIGV4_THEN_BEARER,
        Config::builder().bearer_token("t"),
    )
    .await;
    result.unwrap();
    let req = sent(&http);
    assert_eq!(header(&req, "authorization").as_deref(), Some("Bearer t"));
    assert_eq!(header(&req, "x-amz-date"), None);

    let signed = Config::builder()
        .region("us-east-1")
        .credentials(test_credentials());
    let (result, http) = call_on(&SERVICE, &UNSIGNED_OP, signed).await;
    result.unwrap();
    let req = sent(&http);
    assert_eq!(header(&req, "authorization"), None);
    assert_eq!(header(&req, "x-amz-date"), None);
}

/// A credentials chain that finds nothing, as `Config::from_env()` has on a machine without
/// AWS settings.
#[derive(Debug)]
struct NoCredentials;

impl smithy_client_runtime::credentials::ProvideCredentials for NoCredentials {
    fn provide_credentials<'a>(
        &'a self,
    ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        aws_credential_types::provider::future::ProvideCredentials::ready(Err(
            smithy_client_runtime::credentials::CredentialsError::not_loaded(
                "no credentials anywhere (test)",
            ),
        ))
    }
}

/// `@optionalAuth` on a SigV4 operation: signed with credentials, anonymous when the
/// configured chain finds none; an operation that requires SigV4 reports the chain's error.
#[tokio::test]
async fn optional_sigv4_goes_anonymous_when_the_credentials_chain_finds_nothing() {
    static OPTIONAL_SIGV4: OperationMeta = op(OperationAuth::new(&[
        AuthScheme::SigV4 {
            signing_name: "partnercentral-selling",
        },
        AuthScheme::NoAuth,
    ]));
    static SIGV4_ONLY: OperationMeta = op(OperationAuth::new(&[AuthScheme::SigV4 {
        signing_name: "partnercentral-selling",
    }]));
    let chain = || {
        Config::builder()
            .region("us-east-1")
            .credentials_provider(NoCredentials)
    };
    let (result, http) = call_on(&SERVICE, &OPTIONAL_SIGV4, chain()).await;
    result.unwrap();
    let req = sent(&http);
    assert_eq!(header(&req, "authorization"), None);
    assert_eq!(header(&req, "x-amz-date"), None);

    let (result, http) = call_on(&SERVICE, &SIGV4_ONLY, chain()).await;
    let text = result.unwrap_err().to_string();
    assert!(text.contains("no credentials anywhere (test)"), "{text}");
    assert!(http.last_request().is_none());

    let signed = chain().credentials(test_credentials());
    let (result, http) = call_on(&SERVICE, &OPTIONAL_SIGV4, signed).await;
    result.unwrap();
    assert!(
        header(&sent(&http), "authorization").is_some_and(|a| a.starts_with("AWS4-HMAC-SHA256"))
    );
}
