//! The restJson1 `smithy.test#eventStreamTests` cases (`restJson1/event-stream.smithy`): read from
//! the IDL directory, not the JSON AST copy the other restJson1 cases come from (that copy is an
//! older version of the suite). The IDL service is narrowed to the operations that carry event
//! stream tests, so the crate holds only those cases (its `protocol_tests.rs` stays empty of
//! cases: those operations have no HTTP tests) and nothing is counted twice. The cases are
//! written to `src/event_stream_tests.rs` and counted on their own line, `restJson1 event
//! streams: N passed, M failed, K skipped`, which the total includes.

use super::{IDL_IMPORTS, TestCrate, relative_to_runtime};
use smithy_codegen::model::ShapeKind;
use smithy_codegen::{Settings, output};
use std::path::Path;

/// `--only` name of this suite, and the protocol line its results count in.
pub(super) const SUITE: &str = "restJson1EventStreams";
const LINE: &str = "restJson1 event streams";
const SERVICE: &str = "aws.protocoltests.restjson#RestJson";
const CRATE: &str = "protocol-test-rest-json-event-streams";
const EVENT_STREAM_TESTS: &str = "smithy.test#eventStreamTests";

/// Generates the event-stream test crate from `<json_ast>/../restJson1/`.
pub(super) fn generate(
    root: &Path,
    scratch: &Path,
    json_ast: &Path,
) -> Result<Vec<TestCrate>, String> {
    let tests = json_ast.parent().unwrap_or(json_ast);
    let mut sources = Vec::new();
    for d in std::iter::once("restJson1").chain(IDL_IMPORTS) {
        let label = format!("smithy-protocol-tests/{d}");
        sources.extend(
            smithy_codegen::read_sources(&tests.join(d), &label).map_err(|e| e.to_string())?,
        );
    }
    let loaded = smithy_codegen::load::load(&sources).map_err(|e| e.to_string())?;
    // Operations of the model with event-stream cases; the service lists them all.
    let operations: Vec<String> = loaded
        .model
        .shapes
        .values()
        .filter(|s| s.kind == ShapeKind::Operation && s.has_trait(EVENT_STREAM_TESTS))
        .map(|s| s.id.clone())
        .collect();
    if operations.is_empty() {
        return Err(format!(
            "{}: no operation with {EVENT_STREAM_TESTS}",
            tests.join("restJson1").display()
        ));
    }
    let dir = scratch.join(CRATE);
    let settings = Settings::new(CRATE)
        .with_runtime_path(relative_to_runtime(&dir, root))
        .with_service(SERVICE)
        .with_standalone(false)
        .with_model_label("smithy-protocol-tests/restJson1 (event-stream operations)")
        .with_protocol_tests(true)
        .with_event_stream_tests(true)
        .with_operations(Some(operations));
    let generated = smithy_codegen::generate_with_warnings(&sources, &settings)
        .map_err(|e| format!("{SERVICE} (event streams): {e}"))?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    output::write(&dir, &generated.files).map_err(|e| e.to_string())?;
    Ok(vec![TestCrate {
        name: CRATE.to_owned(),
        service: format!("{SERVICE} (event streams)"),
        protocol: LINE,
        filter: "event_stream_tests::",
    }])
}
