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
    /// Operations (by name) that may answer 200 with an error document in the body.
    ErrorInSuccessBody(&'static [&'static str]),
    /// Drops the `{Bucket}` label from every `@http` path: the endpoint rules put the bucket
    /// in the host (virtual-hosted) or in the endpoint's path (path-style), from the
    /// `Bucket` endpoint parameter the call passes (`@contextParam`).
    StripBucketFromPath,
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
    // S3 sends the 200 status line of these before their work is done, and reports a late
    // failure as an `<Error>` body (retried like a 500, as S3 documents).
    (
        "com.amazonaws.s3#AmazonS3",
        &[
            Customization::ErrorInSuccessBody(&[
                "CompleteMultipartUpload",
                "CopyObject",
                "UploadPartCopy",
            ]),
            Customization::StripBucketFromPath,
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
            Customization::StripBucketFromPath => strip_label(&mut op.http.path, "Bucket"),
            Customization::ErrorInSuccessBody(ops) => {
                op.error_in_success_body |= ops.contains(&op.name.as_str());
            }
            Customization::GlacierChecksums => {
                op.glacier_checksums = op.input.members.iter().any(|m| {
                    m.location == Location::Payload
                        && matches!(m.ty, TypeRef::Blob | TypeRef::ByteStream)
                });
            }
        }
    }
}

/// Removes the label `member` from `path` without leaving a doubled `/` behind
/// (`/{Bucket}/{Key+}` becomes `/{Key+}`). A label that ends the path takes its `/` with it, so
/// `/{Bucket}` becomes the empty path: the endpoint's own path is then the whole path, which
/// is S3's modeled `/{Bucket}` in path style (`https://s3.region.amazonaws.com/bucket`, no
/// trailing `/`) and `/` in virtual-hosted style (the client joins an empty path so).
fn strip_label(path: &mut Vec<UriPart>, member: &str) {
    let Some(i) = path
        .iter()
        .position(|p| matches!(p, UriPart::Label { member: m, .. } if m == member))
    else {
        return;
    };
    path.remove(i);
    let before_slash = i > 0 && matches!(&path[i - 1], UriPart::Literal(t) if t.ends_with('/'));
    if !before_slash {
        return;
    }
    match path.get_mut(i) {
        Some(UriPart::Literal(next)) => {
            if let Some(rest) = next.strip_prefix('/') {
                *next = rest.to_owned();
            }
            if next.is_empty() {
                path.remove(i);
            }
        }
        Some(_) => {}
        None => {
            if let Some(UriPart::Literal(prev)) = path.get_mut(i - 1) {
                prev.pop();
                if prev.is_empty() {
                    path.remove(i - 1);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(t: &str) -> UriPart {
        UriPart::Literal(t.to_owned())
    }

    fn label(m: &str, greedy: bool) -> UriPart {
        UriPart::Label {
            member: m.to_owned(),
            greedy,
        }
    }

    #[test]
    fn the_bucket_label_leaves_an_absolute_or_empty_path() {
        let mut p = vec![lit("/"), label("Bucket", false)];
        strip_label(&mut p, "Bucket");
        assert_eq!(p, []);
        let mut p = vec![
            lit("/"),
            label("Bucket", false),
            lit("/"),
            label("Key", true),
        ];
        strip_label(&mut p, "Bucket");
        assert_eq!(p, [lit("/"), label("Key", true)]);
        let mut p = vec![
            lit("/"),
            label("Bucket", false),
            lit("/x/"),
            label("Key", true),
        ];
        strip_label(&mut p, "Bucket");
        assert_eq!(p, [lit("/"), lit("x/"), label("Key", true)]);
        let mut p = vec![lit("/v1/"), label("Other", false)];
        strip_label(&mut p, "Bucket");
        assert_eq!(p, [lit("/v1/"), label("Other", false)]);
    }
}
