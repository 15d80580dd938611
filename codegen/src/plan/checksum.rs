//! The `aws.protocols#httpChecksum` trait of an operation, planned for the runtime's
//! `checksum::HttpChecksum` (flexible checksums: CRC32 by default, CRC32C, CRC64NVME, SHA1,
//! SHA256). Driven by the trait alone, never by the service.

use serde_json::Value;

use super::ir::{Location, MemberPlan, TypeRef};

/// The trait's id.
pub const HTTP_CHECKSUM: &str = "aws.protocols#httpChecksum";

/// Response algorithms the runtime implements, as (model name, runtime variant). Others in
/// `responseAlgorithms` (the spec allows MD5, SHA512, XXHASH...) are left out: a header of an
/// algorithm we cannot check is simply not checked.
const SUPPORTED: [(&str, &str); 5] = [
    ("CRC32", "Crc32"),
    ("CRC32C", "Crc32c"),
    ("CRC64NVME", "Crc64Nvme"),
    ("SHA1", "Sha1"),
    ("SHA256", "Sha256"),
];

/// An input member the trait names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChecksumMember {
    /// The input struct field.
    pub field: String,
    /// The header it is bound to, if an `@httpHeader` member.
    pub header: Option<String>,
    /// It targets an enum (read with `as_str()`), else a string.
    pub is_enum: bool,
}

/// One operation's `@httpChecksum`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpChecksumPlan {
    /// `requestChecksumRequired`.
    pub request_checksum_required: bool,
    /// `requestAlgorithmMember`, resolved to the input member.
    pub request_algorithm_member: Option<ChecksumMember>,
    /// `requestValidationModeMember`, resolved to the input member.
    pub validation_mode_member: Option<ChecksumMember>,
    /// `responseAlgorithms` the runtime implements: runtime `ChecksumAlgorithm` variants, in
    /// model order.
    pub response_algorithms: Vec<&'static str>,
}

fn member(input: &[MemberPlan], name: Option<&str>) -> Option<ChecksumMember> {
    let m = input.iter().find(|m| Some(m.wire_name.as_str()) == name)?;
    let is_enum = match m.ty {
        TypeRef::Enum(_) => true,
        TypeRef::String => false,
        // The trait requires a string or enum member; anything else is not usable.
        _ => return None,
    };
    Some(ChecksumMember {
        field: m.field.clone(),
        header: match &m.location {
            Location::Header(h) => Some(h.to_ascii_lowercase()),
            _ => None,
        },
        is_enum,
    })
}

/// Plans the trait value `value` (the operation's `@httpChecksum`) against its input members.
pub fn plan(value: &Value, input: &[MemberPlan]) -> HttpChecksumPlan {
    let text = |k: &str| value.get(k).and_then(Value::as_str);
    let response_algorithms = value
        .get("responseAlgorithms")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .filter_map(|n| SUPPORTED.iter().find(|(m, _)| m.eq_ignore_ascii_case(n)))
                .map(|(_, v)| *v)
                .collect()
        })
        .unwrap_or_default();
    HttpChecksumPlan {
        request_checksum_required: value
            .get("requestChecksumRequired")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        request_algorithm_member: member(input, text("requestAlgorithmMember")),
        validation_mode_member: member(input, text("requestValidationModeMember")),
        response_algorithms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsupported_algorithms_and_unknown_members_are_left_out() {
        let plan = plan(
            &serde_json::json!({
                "requestChecksumRequired": true,
                "requestAlgorithmMember": "NoSuchMember",
                "responseAlgorithms": ["CRC64NVME", "MD5", "crc32", "XXHASH64"]
            }),
            &[],
        );
        assert!(plan.request_checksum_required);
        assert_eq!(plan.request_algorithm_member, None);
        assert_eq!(plan.response_algorithms, ["Crc64Nvme", "Crc32"]);
    }
}
