//! The runtime features a generated crate turns on follow its protocol and its operations'
//! traits.

use super::*;
use crate::plan::runtime_features::{
    crate_runtime_features, operation_runtime_features, runtime_features,
};

fn service(protocol: &str, operations: &str) -> String {
    format!(
        r#""ex#Svc": {{"type": "service", "version": "1", "operations": [{operations}],
            "traits": {{"{protocol}": {{}}}}}},"#
    )
}

#[test]
fn a_json_service_without_special_traits_needs_no_runtime_feature() {
    let plan = plan_json(&format!(
        r#"{}
        "ex#Get": {{"type": "operation"}}"#,
        service("aws.protocols#awsJson1_0", r#"{"target": "ex#Get"}"#)
    ))
    .unwrap();
    assert!(runtime_features(&plan).is_empty());
}

#[test]
fn the_protocol_and_each_operation_trait_add_their_feature_once() {
    let plan = plan_json(&format!(
        r#"{}
        "ex#Put": {{"type": "operation", "traits": {{
            "smithy.api#http": {{"method": "PUT", "uri": "/p"}},
            "smithy.api#requestCompression": {{"encodings": ["gzip"]}},
            "smithy.api#httpChecksumRequired": {{}}}}}},
        "ex#Post": {{"type": "operation", "traits": {{
            "smithy.api#http": {{"method": "POST", "uri": "/q"}},
            "smithy.api#requestCompression": {{"encodings": ["gzip"]}}}}}}"#,
        service(
            "aws.protocols#restXml",
            r#"{"target": "ex#Put"}, {"target": "ex#Post"}"#
        )
    ))
    .unwrap();
    assert_eq!(
        runtime_features(&plan),
        ["md5", "request-compression", "xml"]
    );
    // With a feature per operation, the protocol's is the crate's and the rest are each
    // operation's own.
    assert_eq!(crate_runtime_features(&plan), ["xml"]);
    let of = |name: &str| {
        let op = plan.operations.iter().find(|o| o.name == name).unwrap();
        operation_runtime_features(op)
    };
    assert_eq!(of("Put"), ["md5", "request-compression"]);
    assert_eq!(of("Post"), ["request-compression"]);
}

#[test]
fn rpcv2_cbor_needs_cbor() {
    let plan = plan_json(&format!(
        r#"{}
        "ex#Get": {{"type": "operation"}}"#,
        service("smithy.protocols#rpcv2Cbor", r#"{"target": "ex#Get"}"#)
    ))
    .unwrap();
    assert_eq!(runtime_features(&plan), ["cbor"]);
}
