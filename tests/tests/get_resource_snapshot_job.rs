//! The generated client end to end against a real HTTP server on 127.0.0.1: the exact request on
//! the wire (method, path, headers, JSON body, a SigV4 signature verified independently), the
//! parsed response, and every modeled error plus an unmodeled one.

use partnercentral_selling::Client;
use partnercentral_selling::config::{CallOptions, Config};
use partnercentral_selling::error::{ProvideErrorMetadata, SdkError};
use partnercentral_selling::operation::get_resource_snapshot_job::{
    GetResourceSnapshotJobError, GetResourceSnapshotJobInput,
};
use partnercentral_selling::primitives::DateTime;
use partnercentral_selling::types::{ResourceSnapshotJobStatus, ResourceType};
use smithy_client_runtime::credentials::Credentials;
use tests::{CannedResponse, TEST_TIMEOUT, TestServer, verify_sigv4};

const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const JOB: &str = "job-0123456789abc";

fn client(server: &TestServer) -> Client {
    Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new(AKID, SECRET, None, None, "test"))
            .endpoint_url(server.url())
            .build(),
    )
}

const FULL_OUTPUT: &str = r#"{
    "Catalog": "AWS",
    "Arn": "arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/resource-snapshot-job/job-0123456789abc",
    "CreatedAt": "2023-05-01T20:37:46Z",
    "EngagementId": "eng-0123456789abcd",
    "Id": "job-0123456789abc",
    "LastFailure": "snapshot template not found",
    "LastSuccessfulExecutionDate": "2023-05-02T08:15:30.250Z",
    "ResourceArn": "arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/opportunity/O1234567",
    "ResourceId": "O1234567",
    "ResourceSnapshotTemplateName": "Template1",
    "ResourceType": "Opportunity",
    "Status": "Running",
    "AMemberFromTheFuture": {"nested": [1, 2, 3]}
}"#;

#[tokio::test]
async fn request_on_the_wire_is_exact_and_signed() {
    let server = TestServer::start(vec![
        CannedResponse::json(200, FULL_OUTPUT).header("x-amzn-RequestId", "req-1"),
    ])
    .await;
    let out = tokio::time::timeout(
        TEST_TIMEOUT,
        client(&server)
            .get_resource_snapshot_job()
            .catalog("AWS")
            .resource_snapshot_job_identifier(JOB)
            .send(),
    )
    .await
    .expect("no hang")
    .expect("call succeeds");
    assert_eq!(out.request_id(), Some("req-1"));

    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    let req = &reqs[0];
    assert_eq!(req.method, "POST");
    assert_eq!(req.uri, "/");
    assert_eq!(
        req.header("content-type"),
        Some("application/x-amz-json-1.0")
    );
    assert_eq!(
        req.header("x-amz-target"),
        Some("AWSPartnerCentralSelling.GetResourceSnapshotJob")
    );
    assert_eq!(
        req.header("host"),
        Some(server.url().trim_start_matches("http://"))
    );
    assert_eq!(
        req.header("content-length"),
        Some(req.body.len().to_string().as_str())
    );
    assert!(
        req.header("x-amzn-query-mode").is_none(),
        "not a query-compatible service"
    );
    let body: serde_json::Value = serde_json::from_slice(&req.body).expect("JSON body");
    assert_eq!(
        body,
        serde_json::json!({"Catalog": "AWS", "ResourceSnapshotJobIdentifier": JOB})
    );
    let scope = verify_sigv4(req, AKID, SECRET, "us-east-1", "partnercentral-selling")
        .expect("signature verifies");
    assert!(scope.ends_with("/us-east-1/partnercentral-selling/aws4_request"));
    let signed = req.header("authorization").unwrap_or_default();
    for h in ["content-type", "host", "x-amz-date", "x-amz-target"] {
        assert!(signed.contains(h), "{h} must be signed: {signed}");
    }
}

#[tokio::test]
async fn response_is_parsed_with_timestamps_and_enums() {
    let server = TestServer::start(vec![CannedResponse::json(200, FULL_OUTPUT)]).await;
    let out = client(&server)
        .get_resource_snapshot_job()
        .catalog("AWS")
        .resource_snapshot_job_identifier(JOB)
        .send()
        .await
        .expect("call succeeds");
    assert_eq!(out.catalog(), "AWS");
    assert_eq!(out.id(), Some(JOB));
    assert_eq!(out.engagement_id(), Some("eng-0123456789abcd"));
    assert_eq!(out.resource_id(), Some("O1234567"));
    assert_eq!(out.resource_snapshot_template_name(), Some("Template1"));
    assert_eq!(out.last_failure(), Some("snapshot template not found"));
    assert!(out.arn().is_some_and(|a| a.ends_with("job-0123456789abc")));
    assert!(out.resource_arn().is_some_and(|a| a.ends_with("O1234567")));
    // 2023-05-01T20:37:46Z
    assert_eq!(out.created_at(), Some(DateTime::from_secs(1_682_973_466)));
    let last = out.last_successful_execution_date().expect("set");
    assert_eq!(last.secs(), 1_683_015_330);
    assert_eq!(last.subsec_nanos(), 250_000_000);
    assert_eq!(out.resource_type(), Some(&ResourceType::Opportunity));
    assert_eq!(out.status(), Some(&ResourceSnapshotJobStatus::Running));
}

#[tokio::test]
async fn unknown_enum_values_are_kept() {
    let body = r#"{"Catalog":"Sandbox","Status":"Paused","ResourceType":"Engagement"}"#;
    let server = TestServer::start(vec![CannedResponse::json(200, body)]).await;
    let out = client(&server)
        .get_resource_snapshot_job()
        .catalog("Sandbox")
        .resource_snapshot_job_identifier(JOB)
        .send()
        .await
        .expect("an unknown enum value is not an error");
    let status = out.status().expect("set");
    assert!(matches!(status, ResourceSnapshotJobStatus::Unknown(_)));
    assert_eq!(status.as_str(), "Paused");
    assert_eq!(out.resource_type().map(|t| t.as_str()), Some("Engagement"));
    assert_eq!(out.created_at(), None);
}

#[tokio::test]
async fn missing_required_output_member_is_error_corrected() {
    let server = TestServer::start(vec![CannedResponse::json(200, "{}")]).await;
    let out = client(&server)
        .get_resource_snapshot_job()
        .catalog("AWS")
        .resource_snapshot_job_identifier(JOB)
        .send()
        .await
        .expect("a server that drops a required member does not fail the call");
    assert_eq!(out.catalog(), "");
}

#[tokio::test]
async fn a_prebuilt_input_can_be_sent() {
    let server = TestServer::start(vec![CannedResponse::json(200, FULL_OUTPUT)]).await;
    let input = GetResourceSnapshotJobInput::builder()
        .catalog("AWS")
        .resource_snapshot_job_identifier(JOB)
        .build()
        .expect("all required members set");
    let out = input
        .send_with(&client(&server))
        .await
        .expect("call succeeds");
    assert_eq!(out.id(), Some(JOB));
}

#[tokio::test]
async fn a_missing_required_member_is_reported_before_sending() {
    let server = TestServer::start(vec![CannedResponse::json(200, FULL_OUTPUT)]).await;
    let err = client(&server)
        .get_resource_snapshot_job()
        .catalog("AWS")
        .send()
        .await
        .expect_err("ResourceSnapshotJobIdentifier is required");
    assert!(matches!(err, SdkError::Construction(_)), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("ResourceSnapshotJobIdentifier"), "{text}");
    assert!(server.requests().is_empty(), "nothing was sent");
}

async fn call_with(response: CannedResponse) -> SdkError<GetResourceSnapshotJobError> {
    let server = TestServer::start(vec![response]).await;
    client(&server)
        .get_resource_snapshot_job()
        .catalog("AWS")
        .resource_snapshot_job_identifier(JOB)
        .options(CallOptions::default().max_attempts(1))
        .send()
        .await
        .expect_err("the server answers with an error")
}

#[tokio::test]
async fn access_denied_from_the_error_type_header() {
    let err = call_with(
        CannedResponse::json(403, r#"{"Message":"not allowed"}"#)
            .header(
                "X-Amzn-Errortype",
                "AccessDeniedException:http://internal.example.com/",
            )
            .header("x-amzn-RequestId", "req-403"),
    )
    .await;
    let text = err.to_string();
    assert!(text.contains("GetResourceSnapshotJob"), "{text}");
    assert!(text.contains("AccessDeniedException"), "{text}");
    assert!(text.contains("not allowed"), "{text}");
    assert!(text.contains("req-403"), "{text}");
    assert_eq!(err.raw_response().map(|r| r.status()), Some(403));
    let service = err.into_service_error().expect("a service error");
    assert!(service.is_access_denied_exception(), "{service:?}");
    assert_eq!(service.code(), Some("AccessDeniedException"));
    assert_eq!(service.request_id(), Some("req-403"));
    let GetResourceSnapshotJobError::AccessDeniedException(e) = service else {
        unreachable!()
    };
    assert_eq!(e.message(), Some("not allowed"));
}

#[tokio::test]
async fn resource_not_found_from_a_namespaced_type() {
    let err = call_with(CannedResponse::json(
        404,
        r#"{"__type":"com.amazonaws.partnercentralselling#ResourceNotFoundException","Message":"no such job"}"#,
    ))
    .await;
    let service = err.into_service_error().expect("a service error");
    assert!(service.is_resource_not_found_exception(), "{service:?}");
    assert_eq!(service.message(), Some("no such job"));
}

#[tokio::test]
async fn throttling_from_the_code_field() {
    let err = call_with(CannedResponse::json(
        429,
        r#"{"code":"ThrottlingException","Message":"slow down"}"#,
    ))
    .await;
    assert!(err.is_retryable(), "throttling is retryable");
    let service = err.into_service_error().expect("a service error");
    assert!(service.is_throttling_exception(), "{service:?}");
}

#[tokio::test]
async fn validation_with_its_modeled_fields() {
    let err = call_with(CannedResponse::json(
        400,
        r#"{"__type":"ValidationException","Message":"bad input","Reason":"REQUEST_VALIDATION_FAILED",
            "ErrorList":[{"FieldName":"Catalog","Message":"unknown catalog","Code":"INVALID_ENUM_VALUE"}]}"#,
    ))
    .await;
    let service = err.into_service_error().expect("a service error");
    let GetResourceSnapshotJobError::ValidationException(e) = &service else {
        panic!("expected ValidationException, got {service:?}");
    };
    assert_eq!(e.message, "bad input");
    assert_eq!(e.reason.as_str(), "REQUEST_VALIDATION_FAILED");
    let first = &e.error_list()[0];
    assert_eq!(first.field_name(), Some("Catalog"));
    assert_eq!(first.code.as_str(), "INVALID_ENUM_VALUE");
}

#[tokio::test]
async fn an_unmodeled_error_keeps_code_message_and_status() {
    let err = call_with(
        CannedResponse::json(
            400,
            r#"{"__type":"aws.example#BrandNewException","message":"new"}"#,
        )
        .header("x-amzn-RequestId", "req-new"),
    )
    .await;
    let text = err.to_string();
    assert!(
        text.contains("BrandNewException") && text.contains("new"),
        "{text}"
    );
    assert_eq!(err.raw_response().map(|r| r.status()), Some(400));
    let service = err.into_service_error().expect("a service error");
    assert!(matches!(service, GetResourceSnapshotJobError::Unhandled(_)));
    assert_eq!(service.code(), Some("BrandNewException"));
    assert_eq!(service.message(), Some("new"));
    assert_eq!(service.request_id(), Some("req-new"));
}
