//! The XML half of `cargo xtask fuzz-setup`: clients generated from the official restXml,
//! awsQuery and ec2Query protocol-test models (`shared/smithy-protocol-tests/json-ast/`), one
//! per XML response path the fuzz targets drive:
//!
//! | crate | target | path |
//! |---|---|---|
//! | `fuzz-rest-xml` | `xml_rest_output`, `xml_rest_error` | restXml outputs; wrapped `<ErrorResponse><Error>` errors |
//! | `fuzz-rest-xml-s3` | `xml_rest_output`, `xml_rest_error` | S3's unwrapped `<Error>` errors and `s3UnwrappedXmlOutput` |
//! | `fuzz-aws-query` | `xml_query_response` | `<OpResponse><OpResult>` outputs and `<ErrorResponse>` |
//! | `fuzz-ec2-query` | `xml_ec2_response` | `<OpResponse>` outputs and `<Response><Errors><Error>` |
//!
//! Each goes to `fuzz/xml-clients/<crate>/` (git-ignored) with its call list
//! `fuzz/generated/<crate>.rs`, written from the generator's plan: `outputs(response)` reads the
//! response as every operation's output, `errors(response)` reads it as an error response the
//! way the client does (the protocol's error-code rules, then the modeled error of that code)
//! and as every modeled error of every operation.

use smithy_codegen::naming::ident_text;
use smithy_codegen::plan::{CratePlan, TypePath};
use smithy_codegen::{Settings, output};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

/// (test model file, service shape id, crate name, runtime `Protocol` variant).
const CLIENTS: [(&str, &str, &str, &str); 4] = [
    (
        "restXml.json",
        "aws.protocoltests.restxml#RestXml",
        "fuzz-rest-xml",
        "RestXml",
    ),
    (
        "restXml.json",
        "com.amazonaws.s3#AmazonS3",
        "fuzz-rest-xml-s3",
        "RestXml",
    ),
    (
        "awsQuery.json",
        "aws.protocoltests.query#AwsQuery",
        "fuzz-aws-query",
        "AwsQuery",
    ),
    (
        "ec2Query.json",
        "aws.protocoltests.ec2#AwsEc2",
        "fuzz-ec2-query",
        "Ec2Query",
    ),
];

/// Generates the four clients and their call lists into `fuzz/`.
pub fn run(root: &Path) -> Result<(), String> {
    let models = crate::protocol_tests::models_dir(root)?;
    let fuzz = root.join("fuzz");
    let generated = fuzz.join("generated");
    std::fs::create_dir_all(&generated).map_err(|e| format!("{}: {e}", generated.display()))?;
    for (file, service, krate, protocol) in CLIENTS {
        let label = format!("smithy-protocol-tests/json-ast/{file}");
        let sources =
            smithy_codegen::read_sources(&models.join(file), &label).map_err(|e| e.to_string())?;
        let settings = Settings::new(krate)
            // fuzz/xml-clients/<crate> -> runtime/
            .with_runtime_path("../../../runtime")
            .with_service(service.to_owned())
            .with_standalone(false)
            .with_model_label(label.clone());
        let files = smithy_codegen::generate(&sources, &settings).map_err(|e| e.to_string())?;
        let loaded = smithy_codegen::load::load(&sources).map_err(|e| e.to_string())?;
        let resolved =
            smithy_codegen::resolve::resolve(loaded, Some(service)).map_err(|e| e.to_string())?;
        let plan = smithy_codegen::plan::plan(&resolved).map_err(|e| e.to_string())?;
        output::write(&fuzz.join("xml-clients").join(krate), &files).map_err(|e| e.to_string())?;
        let path = generated.join(format!("{}.rs", krate.replace('-', "_")));
        std::fs::write(&path, calls(&plan, krate, protocol, &label))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!(
            "fuzz-setup: {} operations of {service} -> fuzz/xml-clients/{krate} and {}",
            plan.operations.len(),
            path.display()
        );
    }
    Ok(())
}

/// The Rust source of `outputs`, `errors` and `CODES` for one client.
fn calls(plan: &CratePlan, krate: &str, protocol: &str, label: &str) -> String {
    let krate = krate.replace('-', "_");
    let mut out = format!(
        "// Written by `cargo xtask fuzz-setup` from {label} (service {}). DO NOT EDIT.\n\n\
         /// Reads `response` as the output of each of the {} operations.\n\
         pub fn outputs(response: &smithy_client_runtime::error::RawResponse) {{\n\
         \x20   use smithy_client_runtime::protocol::ParseResponse as _;\n",
        plan.service.name,
        plan.operations.len()
    );
    for op in &plan.operations {
        let output = rust_path(&krate, &op.output.path);
        let _ = writeln!(out, "    let _ = {output}::parse_response(response);");
    }
    let _ = write!(
        out,
        "}}\n\n\
         /// Reads `response` as an error response: the protocol's error-code rules, then the\n\
         /// modeled error of that code, and every modeled error of every operation.\n\
         pub fn errors(response: &smithy_client_runtime::error::RawResponse) {{\n\
         \x20   use smithy_client_runtime::error::{{ErrorMetadata, ParseServiceError as _}};\n\
         \x20   let protocol = smithy_client_runtime::service::Protocol::{protocol};\n\
         \x20   let service = smithy_client_runtime::service::ServiceMeta {{\n\
         \x20       service_name: \"fuzz\",\n\
         \x20       protocol,\n\
         \x20       signing_name: None,\n\
         \x20       endpoint_prefix: \"fuzz\",\n\
         \x20       sdk_id: \"Fuzz\",\n\
         \x20       api_version: \"2020-01-01\",\n\
         \x20       query_compatible: false,\n\
         \x20       endpoint_rules: None,\n\
         \x20   }};\n\
         \x20   let details = protocol.client_protocol().error_details(response, &service);\n"
    );
    let mut codes = BTreeSet::new();
    for op in &plan.operations {
        let error = format!(
            "{krate}::operation::{}::{}",
            ident_text(&op.module),
            ident_text(&op.error_name)
        );
        let _ = writeln!(
            out,
            "    let _ = {error}::parse_service_error(&details.shape_code, response, details.meta.clone());"
        );
        if op.errors.is_empty() {
            continue;
        }
        let _ = writeln!(out, "    for code in CODES {{");
        let _ = writeln!(
            out,
            "        let meta = ErrorMetadata::builder().code(*code).status(400).build();"
        );
        let _ = writeln!(
            out,
            "        let _ = {error}::parse_service_error(code, response, meta);"
        );
        let _ = writeln!(out, "    }}");
        codes.extend(op.errors.iter().map(|e| e.info.code.clone()));
    }
    out.push_str("}\n\n/// Every modeled error code, plus one no operation models.\npub const CODES: &[&str] = &[\n");
    for code in codes.iter().map(String::as_str).chain(["NotModeled"]) {
        let _ = writeln!(out, "    {code:?},");
    }
    out.push_str("];\n");
    out
}

fn rust_path(krate: &str, p: &TypePath) -> String {
    let mut out = krate.to_owned();
    for segment in p.home.segments() {
        out.push_str("::");
        out.push_str(&ident_text(&segment));
    }
    out.push_str("::");
    out.push_str(&ident_text(&p.name));
    out
}
