use std::time::{Duration, SystemTime};

use super::*;
use crate::credentials::Credentials;
use crate::time::ManualTimeSource;
use crate::transport::SdkBody;

const SIGV4: AuthScheme = AuthScheme::SigV4 {
    signing_name: "svc",
};
const HEADER_KEY: AuthScheme = AuthScheme::ApiKey {
    name: "X-Api-Key",
    location: ApiKeyLocation::Header,
    scheme: None,
};

fn request(uri: &str) -> HttpRequest {
    let mut req = http::Request::new(SdkBody::from("{}"));
    *req.uri_mut() = uri.parse().unwrap();
    req
}

async fn apply(
    auth: &OperationAuth,
    config: &Config,
) -> Result<(Option<&'static AuthScheme>, HttpRequest), ConstructionError> {
    let mut req = request("https://api.example.com/things?a=1");
    let used = apply_auth(auth, config, &mut req, EndpointAuth::default()).await?;
    Ok((used, req))
}

#[tokio::test]
async fn bearer_sets_the_authorization_header() {
    static AUTH: OperationAuth = OperationAuth::new(&[AuthScheme::Bearer]);
    let config = Config::builder().bearer_token("tok").build();
    let (used, req) = apply(&AUTH, &config).await.unwrap();
    assert_eq!(used, Some(&AuthScheme::Bearer));
    assert_eq!(req.headers()["authorization"], "Bearer tok");
    assert!(req.headers()["authorization"].is_sensitive());
}

#[tokio::test]
async fn basic_encodes_username_and_password() {
    static AUTH: OperationAuth = OperationAuth::new(&[AuthScheme::Basic]);
    let config = Config::builder()
        .basic_auth("Aladdin", "open sesame")
        .build();
    let (_, req) = apply(&AUTH, &config).await.unwrap();
    // RFC 7617's example.
    assert_eq!(
        req.headers()["authorization"],
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    );
}

#[tokio::test]
async fn api_key_in_a_header_with_and_without_scheme() {
    static PLAIN: OperationAuth = OperationAuth::new(&[HEADER_KEY]);
    static WITH_SCHEME: OperationAuth = OperationAuth::new(&[AuthScheme::ApiKey {
        name: "Authorization",
        location: ApiKeyLocation::Header,
        scheme: Some("ApiKey"),
    }]);
    let config = Config::builder().api_key("k-1").build();
    let (_, req) = apply(&PLAIN, &config).await.unwrap();
    assert_eq!(req.headers()["x-api-key"], "k-1");
    assert!(req.headers()["x-api-key"].is_sensitive());
    let (_, req) = apply(&WITH_SCHEME, &config).await.unwrap();
    assert_eq!(req.headers()["authorization"], "ApiKey k-1");
}

#[tokio::test]
async fn api_key_in_the_query_is_percent_encoded_and_appended() {
    static AUTH: OperationAuth = OperationAuth::new(&[AuthScheme::ApiKey {
        name: "api key",
        location: ApiKeyLocation::Query,
        scheme: None,
    }]);
    let config = Config::builder().api_key("a/b+c").build();
    let (_, req) = apply(&AUTH, &config).await.unwrap();
    assert_eq!(
        req.uri().to_string(),
        "https://api.example.com/things?a=1&api%20key=a%2Fb%2Bc"
    );
    let mut bare = request("http://127.0.0.1:8080");
    apply_auth(&AUTH, &config, &mut bare, EndpointAuth::default())
        .await
        .unwrap();
    assert_eq!(
        bare.uri().to_string(),
        "http://127.0.0.1:8080/?api%20key=a%2Fb%2Bc"
    );
}

#[tokio::test]
async fn sigv4_signs_with_the_configured_clock_and_endpoint_overrides() {
    static AUTH: OperationAuth = OperationAuth::new(&[SIGV4]);
    let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160); // 2015-08-30T12:36:00Z
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None, None, "test"))
        .time_source(ManualTimeSource::new(start))
        .build();
    let (used, req) = apply(&AUTH, &config).await.unwrap();
    assert_eq!(used, Some(&SIGV4));
    assert_eq!(req.headers()["x-amz-date"], "20150830T123600Z");
    let auth = req.headers()["authorization"].to_str().unwrap();
    assert!(
        auth.starts_with("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/svc/aws4_request"),
        "{auth}"
    );
    let mut req = request("https://api.example.com/");
    let endpoint = EndpointAuth {
        signing_name: Some("other"),
        signing_region: Some("eu-west-1"),
    };
    apply_auth(&AUTH, &config, &mut req, endpoint)
        .await
        .unwrap();
    let auth = req.headers()["authorization"].to_str().unwrap();
    assert!(auth.contains("/eu-west-1/other/aws4_request"), "{auth}");
}

#[tokio::test]
async fn sigv4_without_region_says_so() {
    static AUTH: OperationAuth = OperationAuth::new(&[SIGV4]);
    let config = Config::builder()
        .credentials(Credentials::new("AKID", "SECRET", None, None, "test"))
        .build();
    let err = apply(&AUTH, &config).await.unwrap_err().to_string();
    assert!(err.contains("aws.auth#sigv4 needs a region"), "{err}");
}

#[tokio::test]
async fn the_first_scheme_with_an_identity_wins_in_model_order() {
    static BEARER_FIRST: OperationAuth = OperationAuth::new(&[AuthScheme::Bearer, HEADER_KEY]);
    static KEY_FIRST: OperationAuth = OperationAuth::new(&[HEADER_KEY, AuthScheme::Bearer]);
    let both = Config::builder().bearer_token("t").api_key("k").build();
    assert_eq!(
        apply(&BEARER_FIRST, &both).await.unwrap().0,
        Some(&AuthScheme::Bearer)
    );
    assert_eq!(apply(&KEY_FIRST, &both).await.unwrap().0, Some(&HEADER_KEY));
    // A scheme without identity is skipped.
    let key_only = Config::builder().api_key("k").build();
    let (used, req) = apply(&BEARER_FIRST, &key_only).await.unwrap();
    assert_eq!(used, Some(&HEADER_KEY));
    assert!(!req.headers().contains_key("authorization"));
}

#[tokio::test]
async fn no_identity_is_an_error_naming_every_scheme_tried() {
    static AUTH: OperationAuth = OperationAuth::new(&[SIGV4, AuthScheme::Bearer]);
    let err = apply(&AUTH, &Config::builder().build())
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("aws.auth#sigv4 (no AWS credentials"), "{err}");
    assert!(err.contains("smithy.api#httpBearerAuth (no token"), "{err}");
}

#[tokio::test]
async fn optional_auth_and_no_auth_send_anonymously() {
    static OPTIONAL: OperationAuth = OperationAuth::new(&[AuthScheme::Bearer]).optional();
    static NO_AUTH_LAST: OperationAuth =
        OperationAuth::new(&[AuthScheme::Bearer, AuthScheme::NoAuth]);
    static NONE: OperationAuth = OperationAuth::new(&[]);
    let empty = Config::builder().build();
    for auth in [&OPTIONAL, &NO_AUTH_LAST, &NONE] {
        let (used, req) = apply(auth, &empty).await.unwrap();
        assert_eq!(used, None);
        assert!(!req.headers().contains_key("authorization"));
    }
    // With an identity, optional auth still uses it.
    let with_token = Config::builder().bearer_token("t").build();
    assert_eq!(
        apply(&OPTIONAL, &with_token).await.unwrap().0,
        Some(&AuthScheme::Bearer)
    );
}

#[derive(Debug)]
struct FailingTokens;

impl ProvideToken for FailingTokens {
    fn provide_token(&self) -> crate::transport::BoxFuture<'_, Result<Token, TokenError>> {
        Box::pin(async { Err(TokenError::new("token endpoint unreachable")) })
    }
}

#[tokio::test]
async fn a_failing_token_provider_is_reported() {
    static AUTH: OperationAuth = OperationAuth::new(&[AuthScheme::Bearer]);
    let config = Config::builder().token_provider(FailingTokens).build();
    let err = apply(&AUTH, &config).await.unwrap_err().to_string();
    assert!(err.contains("token endpoint unreachable"), "{err}");
}

#[test]
fn apply_auth_is_send() {
    fn is_send<T: Send>(_: &T) {}
    static AUTH: OperationAuth = OperationAuth::new(&[SIGV4]);
    let config = Config::builder().build();
    let mut req = request("https://x/");
    let fut = apply_auth(&AUTH, &config, &mut req, EndpointAuth::default());
    is_send(&fut);
}
