//! Service customizations: behaviour AWS SDKs add to particular services beyond what their
//! models say, kept in one keyed table so no emitter ever tests a service name. Each entry is
//! covered by the official protocol tests (`restJson1/services/*.smithy`).

use super::ir::*;

/// One customization of a service.
enum Customization {
    /// A header sent on every request (`{version}` stands for the service version).
    StaticHeader(&'static str, &'static str),
    /// A string `@httpLabel` member that defaults to a value when unset or empty.
    LabelDefault(&'static str, &'static str),
    /// Glacier's `X-Amz-Content-Sha256` and `X-Amz-Sha256-Tree-Hash` on request bodies.
    GlacierChecksums,
}

/// Customizations by service shape id.
const TABLE: &[(&str, &[Customization])] = &[
    // API Gateway answers with HTML unless JSON is asked for.
    (
        "com.amazonaws.apigateway#BackplaneControlService",
        &[Customization::StaticHeader("Accept", "application/json")],
    ),
    // Glacier wants its API version on every call, `-` for "the caller's account", and the
    // SHA-256 and tree hash of uploaded bodies.
    (
        "com.amazonaws.glacier#Glacier",
        &[
            Customization::StaticHeader("X-Amz-Glacier-Version", "{version}"),
            Customization::LabelDefault("accountId", "-"),
            Customization::GlacierChecksums,
        ],
    ),
];

/// Applies the customizations of `service_id` to `op`.
pub(super) fn apply(service_id: &str, version: &str, op: &mut OperationPlan) {
    let Some((_, list)) = TABLE.iter().find(|(id, _)| *id == service_id) else {
        return;
    };
    for c in *list {
        match c {
            Customization::StaticHeader(name, value) => op
                .static_headers
                .push(((*name).to_owned(), value.replace("{version}", version))),
            Customization::LabelDefault(member, value) => {
                let is_label = op.input.members.iter().any(|m| {
                    m.wire_name == *member
                        && matches!(m.location, Location::Label { .. })
                        && m.ty == TypeRef::String
                });
                if is_label {
                    op.label_defaults
                        .push(((*member).to_owned(), (*value).to_owned()));
                }
            }
            Customization::GlacierChecksums => {
                op.glacier_checksums = op
                    .input
                    .members
                    .iter()
                    .any(|m| m.location == Location::Payload && m.ty == TypeRef::Blob);
            }
        }
    }
}
