//! The generator side of `cargo xtask protocol-tests` (which compiles and runs the generated
//! tests): `Settings::protocol_tests` gates the module and the test-only dependency, every
//! client case of the official awsJson suites becomes a test, and `@endpoint` host prefixes are
//! checked against the input's `@hostLabel` members.

use smithy_codegen::{GeneratedFiles, Settings, Source};

fn settings(protocol_tests: bool, service: &str) -> Settings {
    Settings::new("protocol-test")
        .with_service(service)
        .with_protocol_tests(protocol_tests)
}

fn generate(text: &str, settings: &Settings) -> Result<GeneratedFiles, String> {
    let source = Source {
        name: "model.json".into(),
        text: text.into(),
    };
    smithy_codegen::generate(&[source], settings).map_err(|e| e.to_string())
}

const SMALL: &str = r#"{
  "smithy": "2.0",
  "shapes": {
    "ex#Svc": {
      "type": "service", "version": "1",
      "operations": [{"target": "ex#Put"}],
      "traits": {"aws.protocols#awsJson1_0": {}}
    },
    "ex#Put": {
      "type": "operation",
      "input": {"target": "ex#PutInput"},
      "traits": {
        "smithy.api#endpoint": {"hostPrefix": "data.{Bucket}."},
        "smithy.test#httpRequestTests": [
          {"id": "PutSendsPrefix", "protocol": "aws.protocols#awsJson1_0", "method": "POST",
           "uri": "/", "params": {"Bucket": "b1"}, "resolvedHost": "data.b1.example.com"},
          {"id": "OtherProtocol", "protocol": "aws.protocols#awsJson1_1", "method": "POST",
           "uri": "/", "params": {}},
          {"id": "ServerOnly", "protocol": "aws.protocols#awsJson1_0", "method": "POST",
           "uri": "/", "params": {}, "appliesTo": "server"},
          {"id": "BadParams", "protocol": "aws.protocols#awsJson1_0", "method": "POST",
           "uri": "/", "params": {"NoSuchMember": 1}}
        ]
      }
    },
    "ex#PutInput": {
      "type": "structure",
      "members": {"Bucket": {"target": "smithy.api#String",
                             "traits": {"smithy.api#required": {}, "smithy.api#hostLabel": {}}}},
      "traits": {"smithy.api#input": {}}
    }
  }
}"#;

#[test]
fn protocol_tests_only_when_asked() {
    let off = generate(SMALL, &settings(false, "ex#Svc")).unwrap();
    assert!(!off.contains_key("src/protocol_tests.rs"));
    assert!(!off["src/lib.rs"].contains("protocol_tests"));
    assert!(!off["Cargo.toml"].contains("test-util\"] }"));

    let on = generate(SMALL, &settings(true, "ex#Svc")).unwrap();
    assert!(on["src/lib.rs"].contains("#[cfg(test)]\nmod protocol_tests;"));
    assert!(on["Cargo.toml"].contains(
        "smithy-client-runtime = { path = \"../runtime\", default-features = false, features = [\"test-util\"] }"
    ));
    let tests = &on["src/protocol_tests.rs"];
    // Only the client case of this protocol runs; a case whose params do not fit the input is
    // kept as an ignored test that names it, so the harness reports it as skipped.
    assert!(
        tests.contains("async fn request_put_sends_prefix()"),
        "{tests}"
    );
    assert!(tests.contains("resolved_host: ::std::option::Option::Some(\"data.b1.example.com\")"));
    assert!(!tests.contains("other_protocol") && !tests.contains("server_only"));
    assert!(tests.contains("fn request_bad_params()"));
    assert!(tests.contains("skipped: BadParams: ex#PutInput has no member NoSuchMember"));
    // The operation fills the host prefix from the label member.
    let op = &on["src/operation/put.rs"];
    assert!(op.contains("host_prefix.push_str(\"data.\")"), "{op}");
    assert!(op.contains("invoke_with"));
}

#[test]
fn host_prefix_labels_must_be_host_label_members() {
    let bad = SMALL.replace(
        "\"smithy.api#hostLabel\": {}",
        "\"smithy.api#documentation\": \"not a host label\"",
    );
    let err = generate(&bad, &settings(false, "ex#Svc")).unwrap_err();
    assert!(err.contains("hostPrefix label {Bucket}"), "{err}");
}

/// Every client case of the official suites is generated as a runnable test (the staged copy
/// lives in `shared/` beside the workspace; without it there is nothing to check).
#[test]
fn official_suites_generate_every_client_case() {
    let Some(dir) = tests::workspace_root()
        .ancestors()
        .map(|a| a.join("shared/smithy-protocol-tests/json-ast"))
        .find(|d| d.join("awsJson1_0.json").is_file())
    else {
        eprintln!("shared/smithy-protocol-tests not found; skipping");
        return;
    };
    let services: &[(&str, &[&str])] = &[
        (
            "awsJson1_0.json",
            &[
                "aws.protocoltests.json10#JsonRpc10",
                "aws.protocoltests.json10#QueryCompatibleJsonRpc10",
            ],
        ),
        (
            "awsJson1_1.json",
            &[
                "aws.protocoltests.json#JsonProtocol",
                "com.amazonaws.machinelearning#AmazonML_20141212",
            ],
        ),
    ];
    let (mut requests, mut responses) = (0, 0);
    for (file, ids) in services {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        for id in *ids {
            let files = generate(&text, &settings(true, id)).unwrap();
            let tests = &files["src/protocol_tests.rs"];
            assert!(!tests.contains("#[ignore"), "{id} has skipped cases");
            requests += tests.matches("async fn request_").count();
            responses += tests.matches("async fn response_").count();
        }
    }
    // SOURCES.md: 29 + 41 (awsJson1_0) and 57 + 62 (awsJson1_1) client cases.
    assert_eq!((requests, responses), (29 + 57, 41 + 62));
}
