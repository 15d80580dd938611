//! The model validation (`codegen::validate`, run by `resolve`) must not reject anything valid:
//! every official AWS model in `shared/models/aws/` and every protocol-test model in
//! `shared/smithy-protocol-tests/json-ast/` passes load and resolve (which validates the whole
//! model) for each of its services. Some of them use protocols the generator does not emit yet,
//! so this checks validation, not generation. Skipped, with a message, when `shared/` is absent.

use std::path::{Path, PathBuf};

/// The `*.json` models of a directory, or `None` with a message when it is missing.
fn models_in(dir: &Path) -> Option<Vec<PathBuf>> {
    if !dir.is_dir() {
        println!("SKIPPED: {} is missing", dir.display());
        return None;
    }
    Some(smithy_codegen::json_files(dir).unwrap_or_else(|e| panic!("{e}")))
}

/// Loads and resolves `path` once per service it defines; returns the problems found.
fn validate(path: &Path) -> Vec<String> {
    let label = path.display().to_string();
    let sources = smithy_codegen::read_sources(path, &label).unwrap_or_else(|e| panic!("{e}"));
    let services: Vec<String> = match smithy_codegen::load::load(&sources) {
        Err(e) => return vec![e.to_string()],
        Ok(loaded) => loaded
            .model
            .shapes
            .values()
            .filter(|s| s.kind == smithy_codegen::model::ShapeKind::Service)
            .map(|s| s.id.clone())
            .collect(),
    };
    let mut problems = Vec::new();
    for service in services {
        let loaded = smithy_codegen::load::load(&sources).unwrap_or_else(|e| panic!("{e}"));
        if let Err(e) = smithy_codegen::resolve::resolve(loaded, Some(&service)) {
            problems.push(format!("{service}:\n{e}"));
        }
    }
    problems
}

fn check_all(dir: &Path) {
    let Some(models) = models_in(dir) else {
        return;
    };
    assert!(!models.is_empty(), "no models in {}", dir.display());
    let failures: Vec<String> = models.iter().flat_map(|m| validate(m)).collect();
    println!("{} models in {} validated", models.len(), dir.display());
    assert!(
        failures.is_empty(),
        "valid models rejected:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_aws_model_passes_validation() {
    check_all(&tests::aws_models_dir());
}

#[test]
fn every_protocol_test_model_passes_validation() {
    let dir = tests::aws_models_dir().join("../../smithy-protocol-tests/json-ast");
    check_all(&dir);
}
