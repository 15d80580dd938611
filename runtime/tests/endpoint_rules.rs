//! Endpoint rules engine tests: every `smithy.rules#endpointTests` case of the staged AWS
//! models, plus focused tests of the standard-library functions, templates, partitions and
//! error handling through the public API.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Value, json};
use smithy_client_runtime::endpoint::functions::{
    self, Arn, ParsedUrl, is_valid_host_label, is_virtual_hostable_s3_bucket, parse_arn, parse_url,
    substring, uri_encode,
};
use smithy_client_runtime::endpoint::{
    EndpointErrorKind, ParamValue, ParameterType, Params, Partitions, ResolvedEndpoint, RuleSet,
    check_expectation,
};

fn models_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/models/aws"
    ))
}

/// Outcome of one `endpointTests` case.
struct CaseReport {
    passed: usize,
    total: usize,
    failures: Vec<String>,
}

/// Runs every endpoint test case of every service in one model file.
fn run_model(path: &Path) -> CaseReport {
    let text = std::fs::read_to_string(path).expect("model file is readable");
    let model: Value = serde_json::from_str(&text).expect("model is valid JSON");
    let mut report = CaseReport {
        passed: 0,
        total: 0,
        failures: Vec::new(),
    };
    let shapes = model
        .get("shapes")
        .and_then(Value::as_object)
        .expect("model has shapes");
    for (shape_id, shape) in shapes {
        if shape.get("type").and_then(Value::as_str) != Some("service") {
            continue;
        }
        let traits = &shape["traits"];
        let Some(rule_set) = traits.get("smithy.rules#endpointRuleSet") else {
            continue;
        };
        let rules = RuleSet::parse(&rule_set.to_string())
            .unwrap_or_else(|e| panic!("{shape_id}: rule set does not parse: {e}"));
        let cases = traits["smithy.rules#endpointTests"]["testCases"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for (index, case) in cases.iter().enumerate() {
            report.total += 1;
            let label = format!(
                "{shape_id} case {index} ({})",
                case.get("documentation")
                    .and_then(Value::as_str)
                    .unwrap_or("undocumented")
            );
            let params_json = case.get("params").cloned().unwrap_or(Value::Null);
            let outcome = Params::from_json(&params_json)
                .map_err(|e| format!("bad params: {e}"))
                .and_then(|params| check_expectation(&rules.resolve(&params), &case["expect"]))
                .and_then(|()| check_builtins_path(&rules, &params_json, &case["expect"]));
            match outcome {
                Ok(()) => report.passed += 1,
                Err(why) => report.failures.push(format!("{label}: {why}")),
            }
        }
    }
    report
}

/// When a case only sets built-in-bound parameters, `resolve_builtins` must agree with it.
fn check_builtins_path(rules: &RuleSet, params: &Value, expect: &Value) -> Result<(), String> {
    let empty = serde_json::Map::new();
    let given = params.as_object().unwrap_or(&empty);
    let mut region = None;
    let mut endpoint = None;
    let mut fips = false;
    let mut dual_stack = false;
    for (name, value) in given {
        let Some(param) = rules.parameters().iter().find(|p| p.name() == name) else {
            return Ok(());
        };
        match (param.built_in(), value) {
            (Some("AWS::Region"), Value::String(s)) => region = Some(s.as_str()),
            (Some("SDK::Endpoint"), Value::String(s)) => endpoint = Some(s.as_str()),
            (Some("AWS::UseFIPS"), Value::Bool(b)) => fips = *b,
            (Some("AWS::UseDualStack"), Value::Bool(b)) => dual_stack = *b,
            _ => return Ok(()),
        }
    }
    check_expectation(
        &rules.resolve_builtins(region, fips, dual_stack, endpoint),
        expect,
    )
    .map_err(|why| format!("via resolve_builtins: {why}"))
}

#[test]
fn staged_models_pass_all_endpoint_tests() {
    let dir = models_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!(
            "SKIP: model directory {} is missing; no endpoint test cases run",
            dir.display()
        );
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut total = 0;
    for file in &files {
        let report = run_model(file);
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!("{name}: {} cases, {} passed", report.total, report.passed);
        total += report.total;
        failures.extend(report.failures);
    }
    assert!(
        total > 0,
        "no endpoint test cases found under {}",
        dir.display()
    );
    assert!(
        failures.is_empty(),
        "{} endpoint test case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------

fn url(
    scheme: &str,
    authority: &str,
    path: &str,
    normalized: &str,
    is_ip: bool,
) -> Option<ParsedUrl> {
    Some(ParsedUrl {
        scheme: scheme.into(),
        authority: authority.into(),
        path: path.into(),
        normalized_path: normalized.into(),
        is_ip,
    })
}

#[test]
fn parse_url_components() {
    assert_eq!(
        parse_url("https://example.com"),
        url("https", "example.com", "", "/", false)
    );
    assert_eq!(
        parse_url("https://example.com/"),
        url("https", "example.com", "/", "/", false)
    );
    assert_eq!(
        parse_url("http://example.com:80/foo/bar"),
        url("http", "example.com:80", "/foo/bar", "/foo/bar/", false)
    );
    assert_eq!(
        parse_url("HTTPS://Example.com/a/"),
        url("https", "Example.com", "/a/", "/a/", false)
    );
    assert_eq!(
        parse_url("https://127.0.0.1"),
        url("https", "127.0.0.1", "", "/", true)
    );
    assert_eq!(
        parse_url("http://192.168.1.1:1234/foo/"),
        url("http", "192.168.1.1:1234", "/foo/", "/foo/", true)
    );
    assert_eq!(
        parse_url("https://[fe80::1]"),
        url("https", "[fe80::1]", "", "/", true)
    );
    assert_eq!(
        parse_url("https://[2001:db8::7348]:443"),
        url("https", "[2001:db8::7348]:443", "", "/", true),
        "an explicit port is kept as written"
    );
    assert_eq!(
        parse_url("https://999.999.abc.blah"),
        url("https", "999.999.abc.blah", "", "/", false)
    );
    assert_eq!(
        parse_url("http://99_ab-.com"),
        url("http", "99_ab-.com", "", "/", false),
        "labels are not validated"
    );
    assert_eq!(
        parse_url("https://user:pw@example.com/x"),
        url("https", "example.com", "/x", "/x/", false)
    );
}

#[test]
fn parse_url_rejections() {
    for bad in [
        "https://example.com:8443?foo=bar&faz=baz",
        "https://example.com/path?query1=foo",
        "https://example.com/#frag",
        "acbd://example.com",
        "example.com",
        "http://abc.com:a/foo",
        "http://abc.com:/foo",
        "http://abc.com:70000",
        "https://",
        "https:///path",
        "https://exa mple.com",
        "https://[zz::1]",
        "https://[::1]x",
        "",
    ] {
        assert_eq!(parse_url(bad), None, "{bad:?} should not parse");
    }
}

#[test]
fn substring_rules() {
    assert_eq!(substring("abcdefg", 0, 4, false), Some("abcd"));
    assert_eq!(substring("abcdefg", 0, 4, true), Some("defg"));
    assert_eq!(substring("abcdefg", 1, 3, true), Some("ef"));
    assert_eq!(substring("abcd", 0, 4, false), Some("abcd"));
    assert_eq!(substring("abc", 0, 4, false), None, "too short");
    assert_eq!(substring("abcdef", 3, 3, false), None, "empty range");
    assert_eq!(substring("abcdef", 4, 2, false), None, "inverted range");
    assert_eq!(substring("abcdef", -1, 2, false), None, "negative index");
    assert_eq!(
        substring("\u{1F600}abcdef", 0, 4, false),
        None,
        "non-ASCII input"
    );
    assert_eq!(
        substring("abcdef\u{e9}", 0, 2, false),
        None,
        "non-ASCII anywhere"
    );
}

#[test]
fn host_labels() {
    assert!(is_valid_host_label("us-east-1", false));
    assert!(is_valid_host_label("a", false));
    assert!(is_valid_host_label("0abc", false));
    assert!(is_valid_host_label(&"a".repeat(63), false));
    assert!(!is_valid_host_label(&"a".repeat(64), false));
    assert!(!is_valid_host_label("", false));
    assert!(!is_valid_host_label("-abc", false));
    assert!(!is_valid_host_label("a.b", false));
    assert!(!is_valid_host_label("a_b", false));
    assert!(!is_valid_host_label("ab\u{e9}", false));
    assert!(is_valid_host_label("a.b.c", true));
    assert!(!is_valid_host_label("a..b", true));
    assert!(!is_valid_host_label("a.b.", true));
    assert!(!is_valid_host_label(".a", true));
    assert!(!is_valid_host_label("a.-b", true));
}

#[test]
fn uri_encoding() {
    assert_eq!(uri_encode("abcXYZ019-_.~"), "abcXYZ019-_.~");
    assert_eq!(uri_encode("a b"), "a%20b");
    assert_eq!(
        uri_encode("/:,?#[]{}|@! $&'()*+;=%<>\"^`\\"),
        "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C"
    );
    assert_eq!(uri_encode("\u{e9}\u{1F600}"), "%C3%A9%F0%9F%98%80");
    assert_eq!(uri_encode(""), "");
}

#[test]
fn split_function() {
    assert_eq!(
        functions::split("a--b--c", "--", 0),
        Some(vec!["a", "b", "c"])
    );
    assert_eq!(
        functions::split("a--b--c", "--", 2),
        Some(vec!["a", "b--c"])
    );
    assert_eq!(functions::split("a--b--c", "--", 1), Some(vec!["a--b--c"]));
    assert_eq!(functions::split("", "--", 0), Some(vec![""]));
    assert_eq!(functions::split("--b--", "--", 0), Some(vec!["", "b", ""]));
    assert_eq!(functions::split("x", "", 0), None);
}

fn arn(
    partition: &str,
    service: &str,
    region: &str,
    account: &str,
    resource: &[&str],
) -> Option<Arn> {
    Some(Arn {
        partition: partition.into(),
        service: service.into(),
        region: region.into(),
        account_id: account.into(),
        resource_id: resource.iter().map(|s| (*s).to_owned()).collect(),
    })
}

#[test]
fn arn_parsing() {
    assert_eq!(
        parse_arn("arn:aws:sns:us-west-2:012345678910:example-sns-topic-name"),
        arn(
            "aws",
            "sns",
            "us-west-2",
            "012345678910",
            &["example-sns-topic-name"]
        )
    );
    assert_eq!(
        parse_arn("arn:aws:ec2:us-east-1:012345678910:vpc/vpc-0e9801d129EXAMPLE"),
        arn(
            "aws",
            "ec2",
            "us-east-1",
            "012345678910",
            &["vpc", "vpc-0e9801d129EXAMPLE"]
        )
    );
    assert_eq!(
        parse_arn("arn:aws:iam::012345678910:user/johndoe"),
        arn("aws", "iam", "", "012345678910", &["user", "johndoe"])
    );
    assert_eq!(
        parse_arn("arn:aws:s3:::bucket_name"),
        arn("aws", "s3", "", "", &["bucket_name"])
    );
    assert_eq!(
        parse_arn("arn:aws:s3:us-west-2:123:accesspoint:my-ap/obj:x"),
        arn(
            "aws",
            "s3",
            "us-west-2",
            "123",
            &["accesspoint", "my-ap", "obj", "x"]
        )
    );
    assert_eq!(
        parse_arn("arn:aws:s3:us-west-2:123:a//b"),
        arn("aws", "s3", "us-west-2", "123", &["a", "", "b"])
    );
    for bad in [
        "11111111-2222-3333-4444-555555555555",
        "arn:aws:s3:us-west-2:123",
        "arn:aws:s3:us-west-2:123:",
        "arn::s3:us-west-2:123:r",
        "arn:aws::us-west-2:123:r",
        "ARN:aws:s3:::b",
        "",
    ] {
        assert_eq!(parse_arn(bad), None, "{bad:?}");
    }
}

#[test]
fn virtual_hostable_buckets() {
    assert!(is_virtual_hostable_s3_bucket("bucket-name", false));
    assert!(is_virtual_hostable_s3_bucket("abc", false));
    assert!(!is_virtual_hostable_s3_bucket("ab", false));
    assert!(!is_virtual_hostable_s3_bucket(&"a".repeat(64), false));
    assert!(!is_virtual_hostable_s3_bucket("Bucket", false));
    assert!(!is_virtual_hostable_s3_bucket("bucket-", false));
    assert!(!is_virtual_hostable_s3_bucket("a.b.c", false));
    assert!(is_virtual_hostable_s3_bucket("a.b.c", true));
    assert!(!is_virtual_hostable_s3_bucket("a..bc", true));
    assert!(!is_virtual_hostable_s3_bucket("ab-.c", true));
    assert!(!is_virtual_hostable_s3_bucket("ab.-c", true));
    assert!(!is_virtual_hostable_s3_bucket("192.168.5.4", true));
    assert!(!is_virtual_hostable_s3_bucket("", true));
}

// ---------------------------------------------------------------------------------------
// Partitions
// ---------------------------------------------------------------------------------------

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

#[test]
fn shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<RuleSet>();
    assert_send_sync::<Params>();
    assert_send_sync::<ResolvedEndpoint>();
    assert_send_sync::<Partitions>();
}
