//! Partition data: lookup by region and region pattern, and a custom partitions document.

use std::sync::Arc;

use serde_json::json;
use smithy_client_runtime::endpoint::functions::{
    is_valid_host_label, parse_arn, parse_url, substring,
};
use smithy_client_runtime::endpoint::{Params, Partitions, RuleSet};

#[test]
fn partition_lookup() {
    let p = Partitions::builtin();
    let get = |region: &str| {
        p.find(region)
            .map(|p| p.outputs().clone())
            .expect("some partition")
    };
    let aws = get("us-east-1");
    assert_eq!(
        (
            aws.name.as_str(),
            aws.dns_suffix.as_str(),
            aws.dual_stack_dns_suffix.as_str()
        ),
        ("aws", "amazonaws.com", "api.aws")
    );
    assert_eq!(aws.implicit_global_region, "us-east-1");
    assert!(aws.supports_fips && aws.supports_dual_stack);
    let cn = get("cn-northwest-1");
    assert_eq!(
        (cn.name.as_str(), cn.dns_suffix.as_str()),
        ("aws-cn", "amazonaws.com.cn")
    );
    assert_eq!(cn.dual_stack_dns_suffix, "api.amazonwebservices.com.cn");
    assert_eq!(get("aws-us-gov-global").name, "aws-us-gov");
    assert_eq!(get("us-gov-east-1").implicit_global_region, "us-gov-west-1");
    assert_eq!(get("us-iso-west-1").dns_suffix, "c2s.ic.gov");
    assert_eq!(get("us-isob-east-1").dns_suffix, "sc2s.sgov.gov");
    assert_eq!(
        get("eu-isoe-west-1").name,
        "aws-iso-e",
        "matched by regex, not listed"
    );
    assert_eq!(get("us-isof-south-1").dns_suffix, "csp.hci.ic.gov");
    assert_eq!(get("eusc-de-east-1").dns_suffix, "amazonaws.eu");
    assert_eq!(get("ap-southeast-42").name, "aws", "regex");
    assert_eq!(get("not-a-region").name, "aws", "fallback to aws");
    let ids: Vec<&str> = p.partitions().iter().map(|p| p.id()).collect();
    for id in [
        "aws",
        "aws-cn",
        "aws-us-gov",
        "aws-iso",
        "aws-iso-b",
        "aws-iso-e",
        "aws-iso-f",
        "aws-eusc",
    ] {
        assert!(ids.contains(&id), "{id} missing");
    }
}

#[test]
fn custom_partitions_document() {
    let doc = r#"{"version": "1.1", "partitions": [
        {"id": "moon", "regionRegex": "^moon\\-\\w+\\-\\d+$", "regions": {"moon-base-1": {}},
         "outputs": {"name": "moon", "dnsSuffix": "moon.example", "dualStackDnsSuffix": "ds.moon.example",
                     "supportsFIPS": false, "supportsDualStack": true, "implicitGlobalRegion": "moon-base-1"}}
    ]}"#;
    let partitions = Arc::new(Partitions::from_json(doc).expect("valid partitions document"));
    assert_eq!(
        partitions.find("moon-crater-7").map(|p| p.id()),
        Some("moon")
    );
    assert!(
        partitions.find("us-east-1").is_none(),
        "no aws partition to fall back to"
    );
    let rules = RuleSet::parse(&partition_rules())
        .unwrap()
        .with_partitions(partitions);
    let mut params = Params::new();
    params.set_string("Region", "moon-base-1");
    assert_eq!(
        rules.resolve(&params).unwrap().url,
        "https://svc.moon-base-1.moon.example/moon/false"
    );
    params.set_string("Region", "us-east-1");
    assert_eq!(
        rules.resolve(&params).unwrap_err().to_string(),
        "no partition"
    );

    for bad in [
        "{}",
        "[]",
        r#"{"partitions": [{"id": "x"}]}"#,
        r#"{"partitions": [{"id": "x", "regionRegex": "(", "outputs": {}}]}"#,
    ] {
        assert!(Partitions::from_json(bad).is_err(), "{bad}");
    }
}

fn partition_rules() -> String {
    json!({
        "version": "1.0",
        "parameters": {"Region": {"type": "string", "required": true, "documentation": "r"}},
        "rules": [
            {"type": "endpoint",
             "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"}],
             "endpoint": {"url": "https://svc.{Region}.{p#dnsSuffix}/{p#name}/{p#supportsFIPS}"}},
            {"type": "error", "conditions": [], "error": "no partition"}
        ]
    })
    .to_string()
}

// ---------------------------------------------------------------------------------------
// Rule-set semantics
// ---------------------------------------------------------------------------------------

#[test]
fn hostile_parameter_values_do_not_panic() {
    let rules = RuleSet::parse(&partition_rules()).unwrap();
    for region in [
        "",
        "\u{0}",
        "us-east-1\u{1F600}",
        &"a-".repeat(50_000),
        "}{",
        "{Region}",
        "us-east-1/../x",
    ] {
        let mut params = Params::new();
        params.set_string("Region", region);
        let _ = rules.resolve(&params);
    }
    let long = "x".repeat(100_000);
    assert_eq!(parse_url(&long), None);
    let _ = parse_arn(&format!("arn:{long}"));
    assert!(!is_valid_host_label(&long, true));
    assert_eq!(substring(&long, 0, i64::MAX, true), None);
    assert_eq!(substring(&long, i64::MIN, 3, true), None);
}
