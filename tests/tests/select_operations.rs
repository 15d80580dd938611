//! Operation selection (`Settings::operations`, `--operations`): only the chosen operations and
//! the shapes they reach are generated; unknown names fail with the nearest real name.

use smithy_codegen::{GeneratedFiles, Settings};

fn generate(operations: Option<&[&str]>) -> Result<GeneratedFiles, smithy_codegen::Error> {
    let root = tests::workspace_root();
    let sources = smithy_codegen::read_sources(&root.join("model"), "model/")?;
    let settings = Settings {
        operations: operations.map(|o| o.iter().map(|s| s.to_string()).collect()),
        ..smithy_codegen::workspace::settings()
    };
    smithy_codegen::generate(&sources, &settings)
}

fn operation_files(files: &GeneratedFiles) -> Vec<&str> {
    files
        .keys()
        .filter(|p| p.starts_with("src/operation/") && !p.ends_with("mod.rs"))
        .map(String::as_str)
        .collect()
}

#[test]
fn generates_only_the_closure_of_the_selection() {
    let all = generate(None).unwrap_or_else(|e| panic!("{e}"));
    let one = generate(Some(&["GetResourceSnapshotJob"])).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        operation_files(&one),
        ["src/operation/get_resource_snapshot_job.rs"]
    );
    assert!(operation_files(&all).len() > 1);
    let client = &one["src/client.rs"];
    assert!(client.contains("fn get_resource_snapshot_job("));
    assert!(!client.contains("fn list_resource_snapshot_jobs("));
    // Shapes only other operations use are gone; the crate is strictly smaller.
    let lines = |f: &GeneratedFiles| f.values().map(|t| t.lines().count()).sum::<usize>();
    assert!(lines(&one) < lines(&all));
    assert!(one.len() < all.len());
}

#[test]
fn spellings_and_absolute_ids_select_the_same_operation() {
    let a = generate(Some(&["GetResourceSnapshotJob"])).unwrap_or_else(|e| panic!("{e}"));
    let b = generate(Some(&["get_resource_snapshot_job"])).unwrap_or_else(|e| panic!("{e}"));
    let c = generate(Some(&[
        "com.amazonaws.partnercentralselling#GetResourceSnapshotJob",
    ]))
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a, b);
    assert_eq!(a, c);
}

#[test]
fn the_selection_of_everything_is_the_whole_crate() {
    let all = generate(None).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<String> = operation_files(&all)
        .iter()
        .filter_map(|p| p.strip_prefix("src/operation/")?.strip_suffix(".rs"))
        .map(str::to_string)
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    assert_eq!(
        generate(Some(&names)).unwrap_or_else(|e| panic!("{e}")),
        all
    );
}

#[test]
fn unknown_names_suggest_the_nearest() {
    let err = generate(Some(&[
        "GetResourceSnapshotJobs",
        "ListResourceSnapshotJob",
        "GetResourceSnapshotJob",
    ]))
    .expect_err("unknown operations must fail");
    let text = err.to_string();
    assert_eq!(err.diagnostics.len(), 2, "{text}");
    assert!(
        text.contains("operation GetResourceSnapshotJobs is not in the service; did you mean GetResourceSnapshotJob?"),
        "{text}"
    );
    assert!(
        text.contains("did you mean ListResourceSnapshotJobs?"),
        "{text}"
    );
}

#[test]
fn an_empty_selection_is_an_error() {
    let err = generate(Some(&[" "])).expect_err("empty selection");
    assert!(err.to_string().contains("selection is empty"), "{err}");
}
