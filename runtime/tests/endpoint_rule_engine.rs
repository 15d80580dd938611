//! The rule engine itself on small hand-written rule sets: templates and escapes, `assign`
//! scoping, fallthrough, parameters and built-ins, and errors (parse, type, hostile values).

use serde_json::{Value, json};
use smithy_client_runtime::endpoint::{
    EndpointErrorKind, ParamValue, ParameterType, Params, Partitions, ResolvedEndpoint, RuleSet,
};

fn rule_set(parameters: Value, rules: Value) -> RuleSet {
    let doc = json!({"version": "1.1", "parameters": parameters, "rules": rules});
    RuleSet::parse(&doc.to_string()).unwrap_or_else(|e| panic!("rule set should parse: {e}\n{doc}"))
}

fn string_param() -> Value {
    json!({"type": "string", "documentation": "d"})
}

#[test]
fn templates_escapes_and_attributes() {
    let rules = rule_set(
        json!({"Endpoint": string_param(), "Bucket": string_param()}),
        json!([
            {"type": "endpoint",
             "conditions": [
                 {"fn": "isSet", "argv": [{"ref": "Endpoint"}]},
                 {"fn": "parseURL", "argv": ["{Endpoint}"], "assign": "url"},
                 {"fn": "aws.parseArn", "argv": ["arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap"], "assign": "arn"}
             ],
             "endpoint": {
                 "url": "{url#scheme}://{Bucket}.{url#authority}{url#normalizedPath}{{literal}}/{arn#resourceId[1]}/{arn#resourceId[-2]}",
                 "headers": {"x-ip": ["{url#isIp}"], "x-multi": ["a", "{arn#region}"]},
                 "properties": {
                     "authSchemes": [{"name": "sigv4", "signingName": "s3", "signingRegion": "{arn#region}",
                                      "disableDoubleEncoding": true}],
                     "nested": {"list": ["{url#path}", 7, false], "ref": "not-a-reference"}
                 }
             }}
        ]),
    );
    let mut params = Params::new();
    params
        .set_string("Endpoint", "https://example.com:8443/base")
        .set_string("Bucket", "bkt");
    let ep = rules.resolve(&params).unwrap();
    assert_eq!(
        ep.url,
        "https://bkt.example.com:8443/base/{literal}/my-ap/accesspoint"
    );
    assert_eq!(
        ep.headers,
        vec![
            ("x-ip".to_owned(), vec!["false".to_owned()]),
            (
                "x-multi".to_owned(),
                vec!["a".to_owned(), "us-west-2".to_owned()]
            )
        ]
    );
    assert_eq!(
        Value::Object(ep.properties.clone()),
        json!({
            "authSchemes": [{"name": "sigv4", "signingName": "s3", "signingRegion": "us-west-2", "disableDoubleEncoding": true}],
            "nested": {"list": ["/base", 7, false], "ref": "not-a-reference"}
        })
    );
    assert_eq!(ep.signing_name.as_deref(), Some("s3"));
    assert_eq!(ep.signing_region.as_deref(), Some("us-west-2"));

    // Template using an unset value is an evaluation error, not a panic.
    params.unset("Bucket");
    assert_eq!(
        rules.resolve(&params).unwrap_err().kind(),
        EndpointErrorKind::Evaluation
    );
}

#[test]
fn assign_scoping_tree_exhaustion_and_fallthrough() {
    let rules = rule_set(
        json!({"Region": string_param(), "Flag": {"type": "boolean", "required": true, "default": false, "documentation": "f"}}),
        json!([
            {"type": "tree",
             "conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]},
                            {"fn": "substring", "argv": [{"ref": "Region"}, 0, 2, false], "assign": "prefix"}],
             "rules": [
                 {"type": "endpoint",
                  "conditions": [{"fn": "stringEquals", "argv": [{"ref": "prefix"}, "us"]},
                                 {"fn": "booleanEquals", "argv": [{"ref": "Flag"}, true]}],
                  "endpoint": {"url": "https://flag.{prefix}.example"}},
                 {"type": "endpoint",
                  "conditions": [{"fn": "stringEquals", "argv": ["{prefix}", "us"]}],
                  "endpoint": {"url": "https://{prefix}.example"}}
             ]},
            {"type": "error", "conditions": [], "error": "Region is too short or missing"}
        ]),
    );
    let resolve = |params: &Params| {
        rules
            .resolve(params)
            .map(|e| e.url)
            .map_err(|e| (e.kind(), e.to_string()))
    };
    let mut params = Params::new();
    params.set_string("Region", "us-east-1");
    assert_eq!(
        resolve(&params),
        Ok("https://us.example".to_owned()),
        "default Flag=false applies"
    );
    params.set_bool("Flag", true);
    assert_eq!(resolve(&params), Ok("https://flag.us.example".to_owned()));
    params.set_string("Region", "x");
    assert_eq!(
        resolve(&params),
        Err((
            EndpointErrorKind::RuleError,
            "Region is too short or missing".to_owned()
        )),
        "substring returned no value, so the tree is skipped"
    );
    params.set_string("Region", "eu-west-1");
    let (kind, _) = resolve(&params).unwrap_err();
    assert_eq!(
        kind,
        EndpointErrorKind::NoMatchingRule,
        "a matched tree does not fall through to its siblings"
    );

    // Variables assigned inside one rule are not visible outside it: a later reference fails to parse.
    let doc = json!({"version": "1.0", "parameters": {"R": string_param()}, "rules": [
        {"type": "tree", "conditions": [{"fn": "isSet", "argv": [{"ref": "R"}], "assign": "inner"}],
         "rules": [{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://a"}}]},
        {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{inner}"}}
    ]});
    let err = RuleSet::parse(&doc.to_string()).unwrap_err();
    assert!(err.to_string().contains("`inner`"), "{err}");
}

#[test]
fn coalesce_ite_not_split_uri_encode_and_host_label_in_rules() {
    let rules = rule_set(
        json!({"A": string_param(), "B": string_param(), "Fips": {"type": "boolean", "documentation": "f"},
               "List": {"type": "stringArray", "required": true, "default": ["x", "y"], "documentation": "l"}}),
        json!([
            {"type": "endpoint",
             "conditions": [
                 {"fn": "coalesce", "argv": [{"ref": "A"}, {"ref": "B"}, "fallback"], "assign": "name"},
                 {"fn": "ite", "argv": [{"fn": "coalesce", "argv": [{"ref": "Fips"}, false]}, "-fips", ""], "assign": "suffix"},
                 {"fn": "not", "argv": [{"fn": "isValidHostLabel", "argv": ["{name}", false]}]},
                 {"fn": "split", "argv": ["{name}", "/", 0], "assign": "parts"},
                 {"fn": "getAttr", "argv": [{"ref": "List"}, "[1]"], "assign": "second"}
             ],
             "endpoint": {"url": "https://{parts#[0]}{suffix}.example/{second}/", "headers": {"enc": [{"fn": "uriEncode", "argv": ["{name}"]}]}}},
            {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://valid.example/{List#[0]}"}}
        ]),
    );
    let mut params = Params::new();
    assert_eq!(
        rules.resolve(&params).unwrap().url,
        "https://valid.example/x",
        "`fallback` is a valid label"
    );
    params.set_string("B", "b/c d");
    let ep = rules.resolve(&params).unwrap();
    assert_eq!(ep.url, "https://b.example/y/");
    assert_eq!(
        ep.headers,
        vec![("enc".to_owned(), vec!["b%2Fc%20d".to_owned()])]
    );
    params
        .set_bool("Fips", true)
        .set_string("A", "a/z")
        .set_string_array("List", vec!["p".into(), "q".into()]);
    assert_eq!(
        rules.resolve(&params).unwrap().url,
        "https://a-fips.example/q/"
    );
}

#[test]
fn parameters_listing_and_builtins() {
    let rules = rule_set(
        json!({
            "Region": {"type": "String", "builtIn": "AWS::Region", "documentation": "r"},
            "UseFIPS": {"type": "Boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false, "documentation": "f"},
            "UseDualStack": {"type": "Boolean", "builtIn": "AWS::UseDualStack", "required": true, "default": false, "documentation": "d"},
            "Endpoint": {"type": "String", "builtIn": "SDK::Endpoint", "documentation": "e"},
            "Custom": {"type": "String", "required": true, "default": "dflt", "documentation": "c",
                       "deprecated": {"message": "old", "since": "2024-01-01"}}
        }),
        json!([
            {"type": "endpoint", "conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
             "endpoint": {"url": "{Endpoint}"}},
            {"type": "endpoint", "conditions": [],
             "endpoint": {"url": "https://{Custom}.{Region}/{UseFIPS}/{UseDualStack}"}}
        ]),
    );
    let custom = rules
        .parameters()
        .iter()
        .find(|p| p.name() == "Custom")
        .unwrap();
    assert_eq!(custom.param_type(), ParameterType::String);
    assert!(custom.is_required());
    assert_eq!(
        custom.default_value(),
        Some(&ParamValue::String("dflt".into()))
    );
    assert_eq!(custom.deprecated(), Some("old (since 2024-01-01)"));
    let fips = rules
        .parameters()
        .iter()
        .find(|p| p.name() == "UseFIPS")
        .unwrap();
    assert_eq!(
        (fips.param_type(), fips.built_in()),
        (ParameterType::Boolean, Some("AWS::UseFIPS"))
    );
    assert_eq!(rules.parameters().len(), 5);

    assert_eq!(
        rules
            .resolve_builtins(Some("eu-west-1"), true, false, None)
            .unwrap()
            .url,
        "https://dflt.eu-west-1/true/false"
    );
    assert_eq!(
        rules
            .resolve_builtins(Some("eu-west-1"), false, true, Some("http://localhost:1"))
            .unwrap()
            .url,
        "http://localhost:1"
    );
    let params = rules.builtin_params(None, false, true, None);
    assert_eq!(params.get("UseDualStack"), Some(ParamValue::Bool(true)));
    assert_eq!(params.get("Region"), None);
}

#[test]
fn parameter_errors() {
    let rules = rule_set(
        json!({"Needed": {"type": "string", "required": true, "documentation": "n"},
               "Flag": {"type": "boolean", "documentation": "f"}}),
        json!([{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{Needed}"}}]),
    );
    let err = rules.resolve(&Params::new()).unwrap_err();
    assert_eq!(err.kind(), EndpointErrorKind::InvalidParameter);
    assert!(err.to_string().contains("Needed"), "{err}");

    let mut params = Params::new();
    params.set_string("Needed", "x").set_string("Flag", "true");
    let err = rules.resolve(&params).unwrap_err();
    assert_eq!(err.kind(), EndpointErrorKind::InvalidParameter, "{err}");

    params
        .set_bool("Flag", true)
        .set_string("Undeclared", "ignored");
    assert_eq!(rules.resolve(&params).unwrap().url, "https://x");

    assert!(Params::from_json(&json!({"A": 1})).is_err());
    assert!(Params::from_json(&json!({"A": [1]})).is_err());
    assert!(Params::from_json(&json!([])).is_err());
    let p = Params::from_json(&json!({"A": "s", "B": true, "C": ["x"], "D": null})).unwrap();
    assert_eq!(p.get("C"), Some(ParamValue::StringArray(vec!["x".into()])));
    assert_eq!(p.get("D"), None);
}

#[test]
fn sigv4a_signing_fallback() {
    let rules = rule_set(
        json!({}),
        json!([{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://x",
        "properties": {"authSchemes": [
            {"name": "sigv4a", "signingName": "s3", "signingRegionSet": ["*", "us-west-2"]},
            {"name": "other"}
        ]}}}]),
    );
    let ep = rules.resolve(&Params::new()).unwrap();
    assert_eq!(
        (ep.signing_name.as_deref(), ep.signing_region.as_deref()),
        (Some("s3"), Some("*"))
    );

    let rules = rule_set(
        json!({}),
        json!([{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://x",
        "properties": {"authSchemes": [
            {"name": "sigv4a", "signingName": "s3a", "signingRegionSet": ["*"]},
            {"name": "sigv4", "signingName": "s3", "signingRegion": "us-east-1"}
        ]}}}]),
    );
    let ep = rules.resolve(&Params::new()).unwrap();
    assert_eq!(
        (ep.signing_name.as_deref(), ep.signing_region.as_deref()),
        (Some("s3"), Some("us-east-1"))
    );

    let rules = rule_set(
        json!({}),
        json!([{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://x"}}]),
    );
    let ep = rules.resolve(&Params::new()).unwrap();
    assert_eq!((ep.signing_name, ep.signing_region), (None, None));
}

#[test]
fn parse_errors_are_reported_not_panicked() {
    let err = RuleSet::parse(
        &json!({"version": "1.0", "parameters": {}, "rules": [
            {"type": "endpoint", "conditions": [{"fn": "aws.frobnicate", "argv": []}], "endpoint": {"url": "https://x"}}
        ]})
        .to_string(),
    )
    .unwrap_err();
    assert_eq!(err.kind(), EndpointErrorKind::InvalidRuleSet);
    assert!(
        err.to_string().contains("aws.frobnicate"),
        "the error names the function: {err}"
    );

    let cases = [
        "",
        "null",
        "[]",
        "{}",
        r#"{"rules": {}}"#,
        r#"{"rules": [1]}"#,
        r#"{"rules": [{"type": "bogus", "conditions": []}]}"#,
        r#"{"rules": [{"type": "endpoint", "conditions": []}]}"#,
        r#"{"rules": [{"type": "error", "conditions": [{"ref": "x"}], "error": "e"}]}"#,
        r#"{"rules": [{"type": "tree", "conditions": []}]}"#,
        r#"{"rules": [{"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "Nope"}]}], "error": "e"}]}"#,
        r#"{"rules": [{"type": "error", "conditions": [{"fn": "isSet", "argv": []}], "error": "e"}]}"#,
        r#"{"rules": [{"type": "error", "conditions": [{"fn": "getAttr", "argv": [{"fn": "aws.partition", "argv": ["x"]}, 3]}], "error": "e"}]}"#,
        r#"{"rules": [{"type": "error", "conditions": [{"fn": "getAttr", "argv": ["x", "a[b]"]}], "error": "e"}]}"#,
        r#"{"rules": [{"type": "error", "conditions": [], "error": "{unclosed"}]}"#,
        r#"{"rules": [{"type": "error", "conditions": [], "error": "stray }"}]}"#,
        r#"{"rules": [{"type": "error", "conditions": [], "error": 1.5}]}"#,
        r#"{"rules": [{"type": "error", "conditions": [], "error": null}]}"#,
        r#"{"parameters": {"P": {"type": "int"}}, "rules": []}"#,
        r#"{"parameters": {"P": {"type": "string", "default": true}}, "rules": []}"#,
        r#"{"parameters": {"1P": {"type": "string"}}, "rules": []}"#,
    ];
    for doc in cases {
        let err = RuleSet::parse(doc).expect_err(doc);
        assert_eq!(
            err.kind(),
            EndpointErrorKind::InvalidRuleSet,
            "{doc}: {err}"
        );
    }

    // Deeply nested input must fail cleanly instead of overflowing the stack.
    let mut expr = json!({"ref": "R"});
    for _ in 0..200 {
        expr = json!({"fn": "not", "argv": [expr]});
    }
    let doc = json!({"parameters": {"R": {"type": "boolean"}}, "rules": [
        {"type": "error", "conditions": [expr], "error": "e"}]});
    assert!(RuleSet::from_json(&doc).is_err());
}

#[test]
fn runtime_type_errors_are_reported() {
    let rules = rule_set(
        json!({"R": string_param()}),
        json!([{"type": "endpoint", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "R"}, true]}],
                "endpoint": {"url": "https://x"}},
               {"type": "error", "conditions": [], "error": "unreachable"}]),
    );
    let mut params = Params::new();
    assert_eq!(
        rules.resolve(&params).unwrap_err().to_string(),
        "unreachable",
        "unset argument: condition is false"
    );
    params.set_string("R", "x");
    assert_eq!(
        rules.resolve(&params).unwrap_err().kind(),
        EndpointErrorKind::Evaluation
    );

    let rules = rule_set(
        json!({}),
        json!([{"type": "endpoint", "conditions": [], "endpoint": {"url": true}}]),
    );
    assert_eq!(
        rules.resolve(&Params::new()).unwrap_err().kind(),
        EndpointErrorKind::Evaluation
    );

    let rules = rule_set(json!({}), json!([]));
    assert_eq!(
        rules.resolve(&Params::new()).unwrap_err().kind(),
        EndpointErrorKind::NoMatchingRule
    );
}

#[test]
fn shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<RuleSet>();
    assert_send_sync::<Params>();
    assert_send_sync::<ResolvedEndpoint>();
    assert_send_sync::<Partitions>();
}
