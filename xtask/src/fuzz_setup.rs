//! `cargo xtask fuzz-setup`: prepares the `response_deserialize` fuzz target.
//!
//! The target fuzzes the response deserializers of a client generated from the *full* official
//! Partner Central model (every operation's output and every modeled error), not only our
//! committed two-operation crate. That client is 59k lines of generated code, so it is not
//! committed: this command generates it into `fuzz/full-client/` (git-ignored, crate
//! `partnercentral-full`) and writes `fuzz/generated/every_operation.rs`, the list of calls the
//! target makes, from the generator's plan, so the target never goes stale when the model grows.
//! It also generates `fuzz/events-client/`, bedrock-runtime's ConverseStream, for the
//! `event_deserialize` target (a generated event unmarshaller).
//! It then writes the clients of the XML response targets (`fuzz_setup_xml`).

use smithy_codegen::naming::ident_text;
use smithy_codegen::plan::{CratePlan, TypePath};
use smithy_codegen::{Settings, output};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const CRATE: &str = "partnercentral-full";
const MODEL: &str = "partnercentral-selling.json";

pub fn run(args: &[String], root: &Path) -> Result<ExitCode, String> {
    if let Some(arg) = args.first() {
        return Err(format!(
            "cargo xtask fuzz-setup takes no arguments (got {arg})"
        ));
    }
    let model = models_dir(root).join(MODEL);
    if !model.is_file() {
        return Err(format!(
            "{} not found: the fuzz target needs the official model beside the workspace \
             (shared/models/aws/) or in $SMITHY_AWS_MODELS",
            model.display()
        ));
    }
    let label = format!("shared/models/aws/{MODEL}");
    let sources = smithy_codegen::read_sources(&model, &label).map_err(|e| e.to_string())?;
    let settings = Settings::new(CRATE)
        // fuzz/full-client -> runtime/
        .with_runtime_path("../../runtime")
        // A member of the fuzz workspace (a path dependency inside it), so no `[workspace]`.
        .with_standalone(false)
        .with_model_label(label.clone());
    let files = smithy_codegen::generate(&sources, &settings).map_err(|e| e.to_string())?;
    let loaded = smithy_codegen::load::load(&sources).map_err(|e| e.to_string())?;
    let resolved = smithy_codegen::resolve::resolve(loaded, None).map_err(|e| e.to_string())?;
    let plan = smithy_codegen::plan::plan(&resolved).map_err(|e| e.to_string())?;

    let fuzz = root.join("fuzz");
    output::write(&fuzz.join("full-client"), &files).map_err(|e| e.to_string())?;
    let calls = every_operation(&plan, &label);
    let generated = fuzz.join("generated");
    std::fs::create_dir_all(&generated).map_err(|e| format!("{}: {e}", generated.display()))?;
    let path = generated.join("every_operation.rs");
    std::fs::write(&path, calls).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!(
        "fuzz-setup: {} operations of {label} -> fuzz/full-client ({} files) and {}",
        plan.operations.len(),
        files.len(),
        path.display()
    );
    events_client(root, &fuzz)?;
    // The XML response targets' clients, from the official protocol-test models.
    crate::fuzz_setup_xml::run(root)?;
    Ok(ExitCode::SUCCESS)
}

/// `fuzz/events-client` (crate `bedrock-events-fuzz`): bedrock-runtime's ConverseStream, whose
/// generated event unmarshaller the `event_deserialize` target reads arbitrary streams with.
fn events_client(root: &Path, fuzz: &Path) -> Result<(), String> {
    const EVENTS_MODEL: &str = "bedrock-runtime.json";
    let model = models_dir(root).join(EVENTS_MODEL);
    let label = format!("shared/models/aws/{EVENTS_MODEL}");
    let sources = smithy_codegen::read_sources(&model, &label).map_err(|e| e.to_string())?;
    let settings = Settings::new("bedrock-events-fuzz")
        .with_runtime_path("../../runtime")
        .with_standalone(false)
        .with_model_label(label.clone())
        .with_operations(Some(vec!["ConverseStream".into()]));
    let files = smithy_codegen::generate(&sources, &settings).map_err(|e| e.to_string())?;
    output::write(&fuzz.join("events-client"), &files).map_err(|e| e.to_string())?;
    eprintln!("fuzz-setup: ConverseStream of {label} -> fuzz/events-client");
    Ok(())
}

/// `shared/models/aws` beside the workspace, or `$SMITHY_AWS_MODELS`.
fn models_dir(root: &Path) -> PathBuf {
    std::env::var_os("SMITHY_AWS_MODELS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/models/aws"))
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

/// The Rust source of `deserialize_everything` and `CODES` for the plan.
fn every_operation(plan: &CratePlan, label: &str) -> String {
    let krate = CRATE.replace('-', "_");
    let mut codes = BTreeSet::new();
    let mut out = format!(
        "// Written by `cargo xtask fuzz-setup` from {label}. DO NOT EDIT.\n\n\
         /// Reads `response` as the output and as every modeled error of each of the {} operations.\n\
         pub fn deserialize_everything(response: &smithy_client_runtime::error::RawResponse) {{\n\
         \x20   use smithy_client_runtime::error::{{ErrorMetadata, ParseServiceError as _}};\n\
         \x20   use smithy_client_runtime::protocol::ParseResponse as _;\n",
        plan.operations.len()
    );
    for op in &plan.operations {
        let output = rust_path(&krate, &op.output.path);
        let error = format!(
            "{krate}::operation::{}::{}",
            ident_text(&op.module),
            ident_text(&op.error_name)
        );
        let _ = writeln!(out, "    let _ = {output}::parse_response(response);");
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
