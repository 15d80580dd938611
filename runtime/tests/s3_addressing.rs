//! S3 addressing through the official S3 rule set: virtual-hosted by default, path-style with
//! `ConfigBuilder::force_path_style`, and the other S3 built-ins bound from the config
//! (`Config::endpoint_params`). Skips, saying so, when the shared models are absent.

use serde_json::Value;
use smithy_client_runtime::config::Config;
use smithy_client_runtime::endpoint::RuleSet;

/// `$SMITHY_AWS_MODELS/s3.json`, else the shared models next to the checkout.
fn s3_model_path() -> std::path::PathBuf {
    std::env::var_os("SMITHY_AWS_MODELS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/models/aws")
        })
        .join("s3.json")
}

fn s3_rules() -> Option<RuleSet> {
    let path = s3_model_path();
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} is absent", path.display());
        return None;
    };
    let model: Value = serde_json::from_str(&text).expect("s3.json is JSON");
    let shapes = model["shapes"].as_object().expect("shapes");
    let service = shapes
        .values()
        .find(|s| s["type"] == "service")
        .expect("a service shape");
    let rules = service["traits"]["smithy.rules#endpointRuleSet"].to_string();
    Some(RuleSet::parse(&rules).expect("the S3 rule set parses"))
}

fn url(rules: &RuleSet, config: &Config, bucket: &str) -> String {
    let mut params = config.endpoint_params(rules, "S3");
    params.set_string("Bucket", bucket);
    rules.resolve(&params).expect("resolves").url
}

#[test]
fn virtual_hosted_by_default_and_path_style_on_request() {
    let Some(rules) = s3_rules() else { return };
    let base = Config::builder().region("us-west-2");
    let config = base.clone().build();
    assert_eq!(
        url(&rules, &config, "my-bucket"),
        "https://my-bucket.s3.us-west-2.amazonaws.com"
    );
    // A dotted bucket cannot be virtual-hosted over TLS (the wildcard certificate).
    assert_eq!(
        url(&rules, &config, "my.bucket"),
        "https://s3.us-west-2.amazonaws.com/my.bucket"
    );
    let path_style = base.clone().force_path_style(true).build();
    assert_eq!(
        url(&rules, &path_style, "my-bucket"),
        "https://s3.us-west-2.amazonaws.com/my-bucket"
    );
    let accelerate = base.clone().accelerate(true).build();
    assert_eq!(
        url(&rules, &accelerate, "my-bucket"),
        "https://my-bucket.s3-accelerate.amazonaws.com"
    );
    // A custom endpoint (an S3 look-alike) with path style keeps the bucket in the path.
    let local = base
        .endpoint_url("http://127.0.0.1:9000")
        .force_path_style(true)
        .build();
    assert_eq!(url(&rules, &local, "b"), "http://127.0.0.1:9000/b");
}

#[test]
fn the_s3_builtins_are_bound_only_when_set() {
    let Some(rules) = s3_rules() else { return };
    let params = Config::builder()
        .region("us-east-1")
        .build()
        .endpoint_params(&rules, "S3");
    assert!(
        params.get("ForcePathStyle").is_none(),
        "the rule set's default applies"
    );
    let params = Config::builder()
        .force_path_style(true)
        .use_arn_region(false)
        .disable_multi_region_access_points(true)
        .use_global_endpoint(true)
        .build()
        .endpoint_params(&rules, "S3");
    for name in [
        "ForcePathStyle",
        "UseArnRegion",
        "DisableMultiRegionAccessPoints",
        "UseGlobalEndpoint",
    ] {
        assert!(params.get(name).is_some(), "{name}");
    }
}

mod per_call {
    //! The same through the client: `RequestExtras::endpoint_param("Bucket", ..)` resolves the
    //! endpoint for the call, and the request goes to the host or path the rules chose.

    use smithy_client_runtime::client::{ClientHandle, RequestExtras, invoke_with};
    use smithy_client_runtime::config::{CallOptions, Config, RetryConfig};
    use smithy_client_runtime::credentials::Credentials;
    use smithy_client_runtime::endpoint::ParamValue;
    use smithy_client_runtime::error::{
        ConstructionError, ErrorMetadata, ParseServiceError, RawResponse, SdkError, Unhandled,
    };
    use smithy_client_runtime::protocol::{Method, SerializeRequest, SerializedRequest};
    use smithy_client_runtime::service::{OperationMeta, Protocol, ServiceMeta};
    use smithy_client_runtime::transport::test_util::CaptureClient;

    static GET_OBJECT: OperationMeta = OperationMeta {
        name: "GetObject",
        errors: &[],
        auth: smithy_client_runtime::auth::OperationAuth::new(&[
            smithy_client_runtime::auth::AuthScheme::SigV4 { signing_name: "s3" },
        ]),
    };

    /// GET /{Key+} with the bucket left to the endpoint (as S3 clients strip `/{Bucket}`).
    struct GetObject;

    impl SerializeRequest for GetObject {
        fn serialize_request(&self) -> Result<SerializedRequest, ConstructionError> {
            Ok(SerializedRequest::new(Method::GET, "/photos/cat.jpg"))
        }
    }

    #[derive(Debug)]
    struct GetObjectError(#[allow(dead_code)] Unhandled);

    impl ParseServiceError for GetObjectError {
        fn parse_service_error(_: &str, _: &RawResponse, meta: ErrorMetadata) -> Self {
            GetObjectError(Unhandled::new(meta, None))
        }
    }

    fn service() -> Option<&'static ServiceMeta> {
        let text = std::fs::read_to_string(super::s3_model_path()).ok()?;
        let model: serde_json::Value = serde_json::from_str(&text).ok()?;
        let shapes = model["shapes"].as_object()?;
        let svc = shapes.values().find(|s| s["type"] == "service")?;
        let rules: &'static str = Box::leak(
            svc["traits"]["smithy.rules#endpointRuleSet"]
                .to_string()
                .into_boxed_str(),
        );
        Some(Box::leak(Box::new(ServiceMeta {
            service_name: "AmazonS3",
            protocol: Protocol::RestJson1,
            signing_name: Some("s3"),
            endpoint_prefix: "s3",
            sdk_id: "S3",
            api_version: "2006-03-01",
            query_compatible: false,
            endpoint_rules: Some(rules),
        })))
    }

    async fn sent_to(force_path_style: bool) -> Option<(String, String)> {
        let service = service()?;
        let http = CaptureClient::ok("");
        let config = Config::builder()
            .region("us-west-2")
            .credentials(Credentials::new("AKID", "SECRET", None, None, "test"))
            .retry(RetryConfig::disabled())
            .force_path_style(force_path_style)
            .http_client(http.clone())
            .build();
        let handle = ClientHandle::new(service, config);
        let extras = RequestExtras::new()
            .endpoint_param("Bucket", Some(ParamValue::String("my-bucket".into())))
            .endpoint_param("Key", Some(ParamValue::String("photos/cat.jpg".into())));
        let _: Result<(), SdkError<GetObjectError>> = invoke_with(
            &handle,
            &GET_OBJECT,
            &GetObject,
            &CallOptions::default(),
            &extras,
        )
        .await;
        let req = http.last_request()?;
        let auth = req.headers()["authorization"].to_str().ok()?.to_owned();
        Some((req.uri().to_string(), auth))
    }

    #[tokio::test]
    async fn the_bucket_goes_where_the_rules_say() {
        let Some((uri, auth)) = sent_to(false).await else {
            eprintln!("skipping: the shared S3 model is absent");
            return;
        };
        assert_eq!(
            uri,
            "https://my-bucket.s3.us-west-2.amazonaws.com/photos/cat.jpg"
        );
        assert!(auth.contains("/us-west-2/s3/aws4_request"), "{auth}");
        let (uri, _) = sent_to(true).await.unwrap();
        assert_eq!(
            uri,
            "https://s3.us-west-2.amazonaws.com/my-bucket/photos/cat.jpg"
        );
    }
}
