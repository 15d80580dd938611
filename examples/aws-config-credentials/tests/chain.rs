//! aws-config's credential chain signs a generated client's request: a profile file read by
//! aws-config (not by our runtime), a replay transport, and a check of the `Authorization` header.

use aws_config::BehaviorVersion;
use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles};
use aws_smithy_runtime_api::client::http::{
    HttpConnector, HttpConnectorFuture, SharedHttpConnector, http_client_fn,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use partnercentral_selling::test_util as replay;
use partnercentral_selling::{Client, Config};

#[tokio::test]
async fn aws_config_default_chain_signs_our_requests() {
    if std::env::var_os("AWS_ACCESS_KEY_ID").is_some() {
        // The chain puts the environment first; this test is about the profile it reads.
        eprintln!(
            "SKIP: AWS_ACCESS_KEY_ID is set, so aws-config would use it instead of the test profile"
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("aws-config-interop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let credentials = dir.join("credentials");
    std::fs::write(
        &credentials,
        "[interop]\naws_access_key_id = AKIDFROMAWSCONFIG\naws_secret_access_key = secret\n",
    )
    .unwrap();
    let files = EnvConfigFiles::builder()
        .with_file(EnvConfigFileKind::Credentials, &credentials)
        .build();
    let shared = aws_config::defaults(BehaviorVersion::latest())
        // aws-config insists on an HTTP client (IMDS, STS) even when a profile has static
        // keys; this one fails every request, so the test cannot reach the network.
        .http_client(http_client_fn(|_, _| SharedHttpConnector::new(NoNetwork)))
        .region(aws_config::Region::new("us-east-1"))
        .profile_files(files)
        .profile_name("interop")
        .load()
        .await;

    let transport = replay::StaticReplayClient::new([replay::response(
        200,
        r#"{"Catalog":"AWS","Id":"job-1","Status":"Running"}"#,
    )]);
    let config = aws_config_credentials::with_credentials_of(
        &shared,
        Config::builder()
            .region("us-east-1")
            .http_client(transport.clone()),
    )
    .build();
    let client = Client::new(config);
    client
        .get_resource_snapshot_job()
        .catalog("AWS")
        .resource_snapshot_job_identifier("job-1")
        .send()
        .await
        .expect("the call succeeds with aws-config's credentials");

    let requests = transport.requests();
    let authorization = requests[0]
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        authorization.contains("Credential=AKIDFROMAWSCONFIG/"),
        "{authorization}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// An aws-config transport that fails every request.
#[derive(Debug)]
struct NoNetwork;

impl HttpConnector for NoNetwork {
    fn call(&self, _request: HttpRequest) -> HttpConnectorFuture {
        HttpConnectorFuture::ready(Err(ConnectorError::other(
            "this test has no network".into(),
            None,
        )))
    }
}
