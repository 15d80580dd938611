//! End-to-end behaviour of `client::invoke` over in-memory transports: request shape, signing,
//! retries, timeouts and error reporting.

mod common;

use std::time::{Duration, Instant};

use common::*;
use smithy_client_runtime::client::{ClientHandle, invoke};
use smithy_client_runtime::config::{CallOptions, Config, RetryConfig, TimeoutConfig};
use smithy_client_runtime::credentials::Credentials;
use smithy_client_runtime::error::{ProvideErrorMetadata, SdkError, TimeoutKind};
use smithy_client_runtime::service::{OperationMeta, ServiceMeta};
use smithy_client_runtime::transport::TransportError;
use smithy_client_runtime::transport::test_util::{
    CaptureClient, NeverClient, StaticReplayClient, response, response_with_headers,
};

/// Tiny backoff so retry tests run in milliseconds.
fn fast_retry() -> RetryConfig {
    RetryConfig::standard()
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
}

fn config() -> smithy_client_runtime::config::ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(test_credentials())
        .retry(fast_retry())
}

fn handle(http: impl smithy_client_runtime::transport::HttpClient) -> ClientHandle {
    ClientHandle::new(&SERVICE, config().http_client(http).build())
}

fn input() -> GetThingInput {
    GetThingInput {
        catalog: Some("AWS".into()),
        client_token: None,
    }
}

async fn call(
    h: &ClientHandle,
    i: &GetThingInput,
) -> Result<GetThingOutput, SdkError<GetThingError>> {
    invoke(h, &GET_THING, i, &CallOptions::default()).await
}

fn header<'a>(req: &'a http::Request<bytes::Bytes>, name: &str) -> &'a str {
    req.headers()
        .get(name)
        .unwrap_or_else(|| panic!("missing header {name}"))
        .to_str()
        .unwrap()
}

#[tokio::test]
async fn success_sends_a_well_formed_signed_awsjson_request() {
    let http = StaticReplayClient::new([response_with_headers(
        200,
        &[("x-amzn-RequestId", "req-42")],
        r#"{"Status":"ok","Count":3,"Unknown":{"x":1},"Null":null}"#,
    )]);
    let h = handle(http.clone());
    let day_before = utc_date();
    let out = call(&h, &input()).await.unwrap();
    let day_after = utc_date();
    assert_eq!(
        out,
        GetThingOutput {
            status: Some("ok".into()),
            count: Some(3),
            request_id: Some("req-42".into())
        }
    );

    let req = http.last_request().unwrap();
    assert_eq!(req.method(), http::Method::POST);
    assert_eq!(
        req.uri().to_string(),
        "https://partnercentral-selling.us-east-1.api.aws/"
    );
    assert_eq!(
        header(&req, "host"),
        "partnercentral-selling.us-east-1.api.aws"
    );
    assert_eq!(header(&req, "content-type"), "application/x-amz-json-1.0");
    assert_eq!(
        header(&req, "x-amz-target"),
        "AWSPartnerCentralSelling.GetThing"
    );
    assert_eq!(header(&req, "content-length"), "17");
    assert_eq!(req.body().as_ref(), br#"{"Catalog":"AWS"}"#);
    assert!(req.headers().get("x-amzn-query-mode").is_none());
    assert!(req.headers().get("x-amz-security-token").is_none());
    let date = header(&req, "x-amz-date");
    assert_eq!(date.len(), 16, "{date}");
    let auth = header(&req, "authorization");
    let scope_day = &date[..8];
    assert!(
        scope_day == day_before || scope_day == day_after,
        "{scope_day}"
    );
    assert!(
        auth.starts_with(&format!(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/{scope_day}/us-east-1/partnercentral-selling/aws4_request, "
        )),
        "{auth}"
    );
    assert!(
        auth.contains(" SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="),
        "{auth}"
    );
}

#[tokio::test]
async fn session_credentials_add_the_security_token() {
    let http = CaptureClient::ok("{}");
    let creds = Credentials::new("AKID", "SECRET", Some("SESSION".into()), None, "test");
    let h = ClientHandle::new(
        &SERVICE,
        config()
            .credentials(creds)
            .http_client(http.clone())
            .build(),
    );
    call(&h, &input()).await.unwrap();
    let req = http.last_request().unwrap();
    assert_eq!(header(&req, "x-amz-security-token"), "SESSION");
    assert!(
        header(&req, "authorization").contains(
            "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,"
        )
    );
}

#[tokio::test]
async fn throttling_then_success_takes_two_attempts_with_identical_bodies() {
    let http = StaticReplayClient::new([
        response(
            429,
            r#"{"__type":"ThrottlingException","message":"slow down"}"#,
        ),
        response(200, r#"{"Status":"ok"}"#),
    ]);
    let h = handle(http.clone());
    // Generated code fills unset idempotency tokens before serializing, exactly once.
    let mut i = input();
    i.client_token = Some(h.idempotency_token());
    let out = call(&h, &i).await.unwrap();
    assert_eq!(out.status.as_deref(), Some("ok"));
    let reqs = http.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].body(), reqs[1].body());
    let body = std::str::from_utf8(reqs[0].body()).unwrap();
    assert!(body.contains(i.client_token.as_deref().unwrap()), "{body}");
    // Each attempt is signed anew.
    assert!(reqs[1].headers().contains_key("authorization"));
}

#[tokio::test]
async fn three_server_errors_report_three_attempts() {
    let http = StaticReplayClient::new([
        response(
            500,
            r#"{"__type":"InternalServerException","message":"boom"}"#,
        ),
        response(503, ""),
        response_with_headers(
            500,
            &[("x-amzn-requestid", "last-req")],
            r#"{"message":"still broken"}"#,
        ),
    ]);
    let h = handle(http.clone());
    let err = call(&h, &input()).await.unwrap_err();
    assert_eq!(http.request_count(), 3);
    assert_eq!(err.attempts(), 3);
    assert!(err.is_retryable());
    assert_eq!(err.request_id(), Some("last-req"));
    assert_eq!(err.status(), Some(500));
    let text = err.to_string();
    assert_eq!(
        text,
        "GetThing failed after 3 attempts: service returned status 500: still broken \
         (status 500, request id last-req)"
    );
    assert!(matches!(
        err.as_service_error(),
        Some(GetThingError::Unhandled(_))
    ));
}

#[tokio::test]
async fn modeled_error_is_parsed_with_code_message_and_request_id() {
    let http = StaticReplayClient::new([response_with_headers(
        404,
        &[("X-Amzn-RequestId", "abc-123")],
        r#"{"__type":"com.amazonaws.partnercentralselling#ResourceNotFoundException:http://internal/","Message":"job not found","Nested":{"__type":"x#Other"}}"#,
    )]);
    let h = handle(http.clone());
    let err = call(&h, &input()).await.unwrap_err();
    assert_eq!(http.request_count(), 1, "404 is not retried");
    assert_eq!(
        err.to_string(),
        "GetThing failed: ResourceNotFoundException: job not found (status 404, request id abc-123, 1 attempt)"
    );
    assert!(!err.is_retryable());
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    assert_eq!(err.message(), Some("job not found"));
    match err.into_service_error() {
        Some(GetThingError::ResourceNotFound(e)) => {
            assert_eq!(e.message.as_deref(), Some("job not found"));
            assert_eq!(e.meta.request_id(), Some("abc-123"));
            assert_eq!(e.meta.status(), Some(404));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn error_code_header_wins_and_unknown_codes_are_unhandled() {
    let http = StaticReplayClient::new([response_with_headers(
        400,
        &[("x-amzn-errortype", "SomethingNew:http://internal")],
        r#"{"__type":"ResourceNotFoundException","message":"m"}"#,
    )]);
    let err = call(&handle(http), &input()).await.unwrap_err();
    assert_eq!(err.code(), Some("SomethingNew"));
    match err.as_service_error() {
        Some(GetThingError::Unhandled(u)) => {
            assert_eq!(u.code(), Some("SomethingNew"));
            assert_eq!(u.to_string(), "SomethingNew: m");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn html_error_page_still_yields_a_service_error() {
    let http = StaticReplayClient::new([response(502, "<html><body>Bad Gateway</body></html>")]);
    let h = ClientHandle::new(
        &SERVICE,
        config()
            .retry(RetryConfig::disabled())
            .http_client(http)
            .build(),
    );
    let err = call(&h, &input()).await.unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert_eq!(err.code(), None);
    assert!(err.is_retryable());
    assert_eq!(
        err.to_string(),
        "GetThing failed: service returned status 502 without an error code (status 502, 1 attempt)"
    );
    assert_eq!(
        err.raw_response().unwrap().body(),
        b"<html><body>Bad Gateway</body></html>"
    );
}

#[tokio::test]
async fn malformed_success_body_is_a_response_error_with_a_path() {
    let http = StaticReplayClient::new([
        response(200, r#"{"Status":5}"#),
        response(200, r#"{"Status":"#),
    ]);
    let h = handle(http);
    let err = call(&h, &input()).await.unwrap_err();
    assert!(matches!(err, SdkError::Response(_)));
    assert_eq!(
        err.to_string(),
        "GetThing failed: could not parse the response: expected a string at `$.Status`, found a number (status 200, 1 attempt)"
    );
    let err = call(&h, &input()).await.unwrap_err();
    assert!(err.to_string().contains("invalid JSON"), "{err}");
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn transport_errors_are_retried() {
    let http = StaticReplayClient::from_results([
        Err(TransportError::io(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "connection reset by peer",
        ))),
        Ok(response(200, "{}")),
    ]);
    let out = call(&handle(http.clone()), &input()).await.unwrap();
    assert_eq!(out.status, None);
    assert_eq!(http.request_count(), 2);

    let http = StaticReplayClient::from_results([
        Err(TransportError::connect(std::io::Error::new(
            std::io::ErrorKind::ConnectionRefused,
            "Connection refused",
        ))),
        Err(TransportError::connect(std::io::Error::new(
            std::io::ErrorKind::ConnectionRefused,
            "Connection refused",
        ))),
    ]);
    let h = ClientHandle::new(
        &SERVICE,
        config()
            .retry(fast_retry().with_max_attempts(2))
            .http_client(http)
            .build(),
    );
    let err = call(&h, &input()).await.unwrap_err();
    match &err {
        SdkError::Dispatch(d) => assert!(d.is_connect()),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "GetThing failed after 2 attempts: connection failed: Connection refused"
    );
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn attempt_timeout_bounds_a_transport_that_never_answers() {
    let http = NeverClient::new();
    let h = ClientHandle::new(
        &SERVICE,
        config()
            .retry(fast_retry().with_max_attempts(2))
            .timeouts(TimeoutConfig::standard().with_attempt_timeout(Duration::from_millis(50)))
            .http_client(http.clone())
            .build(),
    );
    let started = Instant::now();
    let err = call(&h, &input()).await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(100), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert_eq!(http.request_count(), 2);
    match &err {
        SdkError::Timeout(t) => {
            assert_eq!(t.kind(), TimeoutKind::Attempt);
            assert_eq!(t.duration(), Duration::from_millis(50));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "GetThing failed after 2 attempts: attempt timeout of 50ms elapsed"
    );
}

#[tokio::test]
async fn operation_timeout_bounds_all_attempts() {
    let http = NeverClient::new();
    let h = handle(http.clone());
    let options = CallOptions::new()
        .attempt_timeout(Duration::from_secs(10))
        .operation_timeout(Duration::from_millis(80));
    let started = Instant::now();
    let err = invoke::<_, GetThingOutput, GetThingError>(&h, &GET_THING, &input(), &options)
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    match &err {
        SdkError::Timeout(t) => assert_eq!(t.kind(), TimeoutKind::Operation),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(err.attempts(), 1);
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn per_call_max_attempts_override() {
    let http = StaticReplayClient::new([response(500, ""), response(500, ""), response(200, "{}")]);
    let h = handle(http.clone());
    let options = CallOptions::new().max_attempts(1);
    let err = invoke::<_, GetThingOutput, GetThingError>(&h, &GET_THING, &input(), &options)
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 1);
    assert_eq!(http.request_count(), 1);
}

#[tokio::test]
async fn oversized_response_is_rejected_and_not_retried() {
    let http = CaptureClient::ok(vec![b' '; 2048]);
    let h = ClientHandle::new(
        &SERVICE,
        config()
            .max_response_bytes(1024)
            .http_client(http.clone())
            .build(),
    );
    let err = call(&h, &input()).await.unwrap_err();
    match &err {
        SdkError::Dispatch(d) => assert!(d.transport_error().is_body_too_large()),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(http.request_count(), 1);
}

#[tokio::test]
async fn construction_errors_name_the_problem() {
    let h = ClientHandle::new(
        &SERVICE,
        Config::builder()
            .credentials(test_credentials())
            .http_client(CaptureClient::ok("{}"))
            .build(),
    );
    let err = call(&h, &input()).await.unwrap_err();
    assert!(matches!(err, SdkError::Construction(_)));
    assert_eq!(err.attempts(), 0);
    assert_eq!(
        err.to_string(),
        "GetThing failed: endpoint resolution failed: Invalid Configuration: Missing Region"
    );

    let h = ClientHandle::new(
        &SERVICE,
        Config::builder()
            .region("us-east-1")
            .http_client(CaptureClient::ok("{}"))
            .build(),
    );
    let err = call(&h, &input()).await.unwrap_err();
    // The error names the scheme and what is missing.
    let text = err.to_string();
    assert!(
        text.contains("aws.auth#sigv4 (no AWS credentials"),
        "{text}"
    );

    let h = ClientHandle::new(
        &SERVICE,
        config()
            .endpoint_url("https://example.com")
            .use_fips(true)
            .http_client(CaptureClient::ok("{}"))
            .build(),
    );
    let err = call(&h, &input()).await.unwrap_err();
    assert!(
        err.to_string().contains("FIPS and custom endpoint"),
        "{err}"
    );
}

#[tokio::test]
async fn endpoint_url_override_keeps_its_path() {
    let http = CaptureClient::ok("{}");
    let h = ClientHandle::new(
        &SERVICE,
        config()
            .endpoint_url("http://localhost:4566/custom")
            .http_client(http.clone())
            .build(),
    );
    call(&h, &input()).await.unwrap();
    let req = http.last_request().unwrap();
    assert_eq!(req.uri().to_string(), "http://localhost:4566/custom/");
    assert_eq!(header(&req, "host"), "localhost:4566");
}

#[tokio::test]
async fn unsigned_operations_need_no_credentials() {
    let http = CaptureClient::ok("{}");
    let h = ClientHandle::new(
        &SERVICE,
        Config::builder()
            .region("us-east-1")
            .http_client(http.clone())
            .build(),
    );
    invoke::<_, (), GetThingError>(
        &h,
        &UNSIGNED_OP,
        &EmptyInput(&SERVICE, "AWSPartnerCentralSelling.PublicThing"),
        &CallOptions::default(),
    )
    .await
    .unwrap();
    let req = http.last_request().unwrap();
    assert!(req.headers().get("authorization").is_none());
    assert_eq!(req.body().as_ref(), b"{}");
    assert_eq!(
        header(&req, "x-amz-target"),
        "AWSPartnerCentralSelling.PublicThing"
    );
}

static QUERY_SERVICE: ServiceMeta = ServiceMeta {
    service_name: "AwsQueryCompatible",
    protocol: smithy_client_runtime::service::Protocol::AwsJson1_1,
    signing_name: None,
    endpoint_prefix: "querycompatible",
    sdk_id: "Query Compatible",
    api_version: "2020-01-01",
    query_compatible: true,
    endpoint_rules: None,
};

static QUERY_OP: OperationMeta = OperationMeta {
    name: "QueryCompatibleOperation",
    errors: &[],
    // The service has no signing name, so the model gives the operation no auth scheme.
    auth: smithy_client_runtime::auth::OperationAuth::new(&[]),
};

#[tokio::test]
async fn query_compatible_services_send_the_mode_header_and_expose_the_query_code() {
    let http = StaticReplayClient::new([response_with_headers(
        400,
        &[("x-amzn-query-error", "Customized;Sender")],
        r#"{"__type":"aws.protocoltests.json10#CustomCodeError","Message":"Hi"}"#,
    )]);
    let h = ClientHandle::new(
        &QUERY_SERVICE,
        Config::builder()
            .endpoint_url("https://example.com")
            .http_client(http.clone())
            .build(),
    );
    let err = invoke::<_, (), GetThingError>(
        &h,
        &QUERY_OP,
        &EmptyInput(
            &QUERY_SERVICE,
            "AwsQueryCompatible.QueryCompatibleOperation",
        ),
        &CallOptions::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), Some("Customized"));
    assert_eq!(err.message(), Some("Hi"));
    let req = http.last_request().unwrap();
    assert_eq!(header(&req, "x-amzn-query-mode"), "true");
    assert_eq!(header(&req, "content-type"), "application/x-amz-json-1.1");
    assert!(
        req.headers().get("authorization").is_none(),
        "service has no signing name"
    );
}

/// Same rules, but the endpoint overrides the signing scope through `authSchemes`.
const AUTH_SCHEME_RULES: &str = r#"{"version":"1.0","parameters":{"Region":{"builtIn":"AWS::Region","required":false,"documentation":"r","type":"String"}},"rules":[{"conditions":[],"endpoint":{"url":"https://override.example.com","properties":{"authSchemes":[{"name":"sigv4","signingName":"other-name","signingRegion":"us-west-2"}]},"headers":{"x-extra":["a"]}},"type":"endpoint"}]}"#;

static AUTH_SCHEME_SERVICE: ServiceMeta = ServiceMeta {
    endpoint_rules: Some(AUTH_SCHEME_RULES),
    ..SERVICE
};

#[tokio::test]
async fn endpoint_auth_schemes_override_the_signing_scope() {
    let http = CaptureClient::ok("{}");
    let h = ClientHandle::new(
        &AUTH_SCHEME_SERVICE,
        config().http_client(http.clone()).build(),
    );
    call(&h, &input()).await.unwrap();
    let req = http.last_request().unwrap();
    assert_eq!(header(&req, "x-extra"), "a");
    let auth = header(&req, "authorization");
    assert!(
        auth.contains("/us-west-2/other-name/aws4_request"),
        "{auth}"
    );
    assert!(
        auth.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-target;x-extra,"),
        "{auth}"
    );
}

#[test]
fn without_a_tokio_runtime_timeouts_are_an_error_not_a_panic() {
    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        let mut f = std::pin::pin!(f);
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        for _ in 0..1000 {
            if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) {
                return v;
            }
        }
        panic!("future did not complete");
    }
    let h = handle(CaptureClient::ok("{}"));
    let err = block_on(call(&h, &input())).unwrap_err();
    assert!(err.to_string().contains("Tokio runtime"), "{err}");

    // With timers off, the core needs no runtime at all.
    let h = ClientHandle::new(
        &SERVICE,
        config()
            .retry(RetryConfig::disabled())
            .timeouts(TimeoutConfig::disabled())
            .http_client(CaptureClient::ok(r#"{"Status":"x"}"#))
            .build(),
    );
    assert_eq!(
        block_on(call(&h, &input())).unwrap().status.as_deref(),
        Some("x")
    );
}

#[tokio::test]
async fn clients_share_state_across_clones_and_tasks() {
    let http = CaptureClient::ok("{}");
    let h = handle(http.clone());
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let h = h.clone();
        tasks.push(tokio::spawn(
            async move { call(&h, &input()).await.map(|_| ()) },
        ));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(http.request_count(), 8);
    assert_eq!(h.config().region(), Some("us-east-1"));
}

#[cfg(not(feature = "default-https-client"))]
#[tokio::test]
async fn without_the_default_client_a_transport_must_be_configured() {
    let h = ClientHandle::new(&SERVICE, config().build());
    let err = call(&h, &input()).await.unwrap_err();
    assert!(
        err.to_string().contains("no HTTP client configured"),
        "{err}"
    );
}
