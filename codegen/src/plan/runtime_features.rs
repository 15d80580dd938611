//! The cargo features of `smithy-client-runtime` a generated crate turns on.
//!
//! The runtime puts every capability that only some models need behind a feature (see its
//! `Cargo.toml`), and a generated crate depends on it with `default-features = false`, so a
//! client compiles and links only what its operations can reach: a JSON-only client carries no
//! HTTP/2 stack, no gzip and no CRC tables. The choice is made from the model's traits, never
//! from a list of services.

use super::ir::{CratePlan, OperationPlan, Protocol};

/// The runtime features the crate's operations need, sorted and without duplicates.
pub fn runtime_features(plan: &CratePlan) -> Vec<&'static str> {
    let mut features: Vec<&'static str> = plan
        .operations
        .iter()
        .flat_map(operation_features)
        .chain(protocol_feature(plan.service.protocol))
        .collect();
    features.sort_unstable();
    features.dedup();
    features
}

/// The runtime features every build of the crate needs whatever operations are on: the
/// protocol's. With one cargo feature per operation, the rest come with the operations
/// ([`operation_runtime_features`]).
pub fn crate_runtime_features(plan: &CratePlan) -> Vec<&'static str> {
    protocol_feature(plan.service.protocol)
        .into_iter()
        .collect()
}

/// The runtime features one operation needs beyond the protocol's, sorted.
pub fn operation_runtime_features(op: &OperationPlan) -> Vec<&'static str> {
    let mut features: Vec<&'static str> = operation_features(op).collect();
    features.sort_unstable();
    features
}

/// The feature of the service's protocol, if it has one (the JSON protocols are always there:
/// the runtime itself reads JSON, e.g. endpoint rules and credentials).
fn protocol_feature(protocol: Protocol) -> Option<&'static str> {
    match protocol {
        Protocol::RestXml | Protocol::AwsQuery | Protocol::Ec2Query => Some("xml"),
        Protocol::RpcV2Cbor => Some("cbor"),
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RestJson1 | Protocol::RpcV2Json => {
            None
        }
    }
}

/// What one operation needs beyond the protocol.
fn operation_features(op: &OperationPlan) -> impl Iterator<Item = &'static str> {
    [
        // Event streams are long-lived and, when the client sends events, need HTTP/2 at AWS
        // (bidirectional streams); the bundled client then offers h2 by ALPN.
        (op.input_stream.is_some() || op.output_stream.is_some()).then_some("http2"),
        (!op.request_compression.is_empty()).then_some("request-compression"),
        op.http_checksum.is_some().then_some("flexible-checksums"),
        op.checksum_required.then_some("md5"),
    ]
    .into_iter()
    .flatten()
}
