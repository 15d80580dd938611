//! Every XML body of the official restXml, awsQuery and ec2Query protocol tests (requests and
//! responses) parses with the hardened parser, and every error response yields its code
//! through the protocol's error-document reader. Reads the JSON AST test models from
//! `shared/smithy-protocol-tests/json-ast` beside the workspace (or `SMITHY_PROTOCOL_TESTS`);
//! skips with a message when they are absent.

use std::path::PathBuf;

use serde_json::Value;
use smithy_client_runtime::xml::{self, envelope};

fn models_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SMITHY_PROTOCOL_TESTS") {
        return Some(PathBuf::from(dir));
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared/smithy-protocol-tests/json-ast"))
        .find(|d| d.join("restXml.json").is_file())
}

#[test]
fn official_xml_bodies_parse_and_errors_have_codes() {
    let Some(dir) = models_dir() else {
        eprintln!("SKIP: shared/smithy-protocol-tests/json-ast not found beside the workspace");
        return;
    };
    let (mut parsed, mut errors) = (0, 0);
    for file in ["restXml.json", "awsQuery.json", "ec2Query.json"] {
        let text = std::fs::read_to_string(dir.join(file)).expect("readable test model");
        let model: Value = serde_json::from_str(&text).expect("JSON AST");
        let shapes = model["shapes"].as_object().expect("shapes");
        for (shape_id, shape) in shapes {
            let traits = &shape["traits"];
            let is_error = traits.get("smithy.api#error").is_some();
            for kind in [
                "smithy.test#httpRequestTests",
                "smithy.test#httpResponseTests",
            ] {
                let Some(cases) = traits[kind].as_array() else {
                    continue;
                };
                for case in cases {
                    let body = case["body"].as_str().unwrap_or_default();
                    if case["bodyMediaType"] != "application/xml" || body.trim().is_empty() {
                        continue;
                    }
                    let id = case["id"].as_str().unwrap_or_default();
                    let doc = xml::parse(body.as_bytes())
                        .unwrap_or_else(|e| panic!("{file} {id}: {e}\n{body}"));
                    parsed += 1;
                    if !is_error || kind != "smithy.test#httpResponseTests" {
                        continue;
                    }
                    let info = match file {
                        "restXml.json" => envelope::rest_xml_error(&doc),
                        "awsQuery.json" => envelope::aws_query_error(&doc),
                        _ => envelope::ec2_query_error(&doc),
                    }
                    .unwrap_or_else(|e| panic!("{file} {id}: {e}"));
                    let code = info.code.unwrap_or_else(|| panic!("{file} {id}: no code"));
                    // The code is the shape name, or an `awsQueryError` code.
                    let name = shape_id.rsplit('#').next().unwrap_or_default();
                    let custom = traits["aws.protocols#awsQueryError"]["code"].as_str();
                    assert!(code == name || Some(code) == custom, "{file} {id}: {code}");
                    errors += 1;
                }
            }
        }
    }
    println!("{parsed} XML bodies parsed, {errors} error documents read");
    assert!(parsed > 150 && errors > 5, "{parsed} {errors}");
}
