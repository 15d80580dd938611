//! Secrets over a whole real model: `tests::leak_check` writes, from the plan of the official
//! Partner Central Selling model, a test that calls every operation with every input member set
//! (sensitive values to one marker, the rest to another), answers with every output member and
//! every modeled error set, and asserts that no `Debug`, `Display`, error message or TRACE-level
//! `tracing` output shows a sensitive value or a credential. The test is added to the generated
//! crate (`target/secrets-full/`) and run there with `cargo test`, so it is ignored by default
//! (CI runs ignored tests). The model is test data beside the workspace
//! (`shared/models/aws/`, or `$SMITHY_AWS_MODELS`), never copied into the repository.

use std::path::{Path, PathBuf};
use std::time::Instant;

use tests::generated_crate::{TRACING_SUBSCRIBER, add_dev_dependency, write_and_test};
use tests::leak_check::{self, LeakTest};

/// Generates the crate for `model` into `target/<dir>`, writes the leak test from its plan,
/// runs it, and returns what it covered.
fn generate_and_run(model: &Path, label: &str, crate_name: &str, dir: &str) -> LeakTest {
    let started = Instant::now();
    let sources = smithy_codegen::read_sources(model, label).unwrap_or_else(|e| panic!("{e}"));
    let settings = smithy_codegen::Settings::new(crate_name)
        // target/<dir> -> ../../runtime
        .with_runtime_path("../../runtime")
        .with_model_label(label);
    let mut files = smithy_codegen::generate(&sources, &settings).unwrap_or_else(|e| panic!("{e}"));
    // The same steps `generate` runs, stopped at the plan the test is written from.
    let loaded = smithy_codegen::load::load(&sources).unwrap_or_else(|e| panic!("{e}"));
    let resolved = smithy_codegen::resolve::resolve(loaded, None).unwrap_or_else(|e| panic!("{e}"));
    let plan = smithy_codegen::plan::plan(&resolved).unwrap_or_else(|e| panic!("{e}"));
    let test = leak_check::write(&plan, &crate_name.replace('-', "_"))
        .unwrap_or_else(|e| panic!("{label}: {e}"));

    let missing: Vec<&String> = test.reachable.difference(&test.set).collect();
    assert!(
        missing.is_empty(),
        "{label}: sensitive members the test does not set: {missing:?}"
    );
    assert_eq!(
        test.set, test.reachable,
        "{label}: the test sets exactly what is reachable"
    );
    assert!(
        !test.set.is_empty(),
        "{label}: no sensitive member to check"
    );

    add_dev_dependency(&mut files, TRACING_SUBSCRIBER);
    files.insert("tests/no_leaks.rs".into(), test.source.clone());
    let output = write_and_test(
        &tests::canonical_root(),
        &tests::canonical_root().join("target").join(dir),
        &files,
        "no_leaks",
    );
    let passed = output
        .lines()
        .find(|l| l.starts_with("test result:"))
        .unwrap_or("no test result line")
        .to_string();
    println!(
        "{label}: {} operations, {} calls ({} with a malformed response), {} sensitive members \
         set (of {} reachable), {} sensitive types ({}), {} lines of test; {passed}; {:.1} s",
        test.operations,
        test.calls,
        test.malformed,
        test.set.len(),
        test.reachable.len(),
        test.sensitive_types.len(),
        test.sensitive_types
            .iter()
            .map(|t| t.rsplit('#').next().unwrap_or(t))
            .collect::<Vec<_>>()
            .join(", "),
        test.source.lines().count(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        passed.contains(&format!("{} passed", test.operations)),
        "{label}: expected one passing test per operation:\n{output}"
    );
    test
}

#[test]
#[ignore = "generates and compiles a crate; CI runs ignored tests"]
fn partnercentral_sensitive_members_never_leak() {
    let model = tests::aws_models_dir().join("partnercentral-selling.json");
    if !model.is_file() {
        eprintln!(
            "SKIPPED: {} is missing, so there is no full model to check for leaks",
            model.display()
        );
        return;
    }
    let test = generate_and_run(
        &model,
        "shared/models/aws/partnercentral-selling.json",
        "partnercentral-selling-secrets",
        "secrets-full",
    );
    assert_eq!(
        test.operations, 38,
        "every operation of the model has a test"
    );
}

/// The writer knows nothing of Partner Central: the same check, written from the plan of the
/// hand-written fixture with sensitive structures, unions, enums and lists.
#[test]
#[ignore = "generates and compiles a crate; CI runs ignored tests"]
fn sensitive_fixture_plan_written_test_passes() {
    let label = "tests/fixtures/sensitive.json";
    generate_and_run(
        &tests::canonical_root().join(label),
        label,
        "sensitive-fixture-plan",
        "secrets-fixture",
    );
}

/// Any model, for checking the writer on other services by hand:
/// `LEAK_CHECK_MODEL=path/to/model.json cargo test -p tests --test secrets_full_model -- --ignored`.
#[test]
#[ignore = "generates and compiles a crate; CI runs ignored tests"]
fn model_from_env_never_leaks() {
    let Some(model) = std::env::var_os("LEAK_CHECK_MODEL").map(PathBuf::from) else {
        eprintln!("SKIPPED: set LEAK_CHECK_MODEL to a model file to check it for leaks");
        return;
    };
    let label = model.display().to_string();
    generate_and_run(&model, &label, "leak-check-model", "secrets-env");
}
