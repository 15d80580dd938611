//! S3 addressing through the official S3 rule set: virtual-hosted by default, path-style with
//! `ConfigBuilder::force_path_style`, and the other S3 built-ins bound from the config
//! (`Config::endpoint_params`). Skips, saying so, when the shared models are absent.

use serde_json::Value;
use smithy_client_runtime::config::Config;
use smithy_client_runtime::endpoint::RuleSet;

fn s3_rules() -> Option<RuleSet> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/models/aws/s3.json"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipping: {path} is absent");
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
    let mut params = config.endpoint_params(rules);
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
        .endpoint_params(&rules);
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
        .endpoint_params(&rules);
    for name in [
        "ForcePathStyle",
        "UseArnRegion",
        "DisableMultiRegionAccessPoints",
        "UseGlobalEndpoint",
    ] {
        assert!(params.get(name).is_some(), "{name}");
    }
}
