//! Paginators: every `@paginated` operation of the shared AWS models that generates gets one
//! (counted per model), and `tests/fixtures/paged-scan.json` (a DynamoDB-like Scan with a map
//! token, and a structure token behind a nested output path) generates paginators that page
//! against a loopback server (slow, `#[ignore]`d:
//! `cargo test -p tests --test paginators -- --ignored`).

use smithy_codegen::{Settings, Source};
use std::collections::BTreeMap;

const PAGINATED: &str = "smithy.api#paginated";

fn settings(name: &str) -> Settings {
    Settings::new(name)
        .with_runtime_path("../runtime")
        .with_model_label(format!("{name}.json"))
}

fn plan(sources: &[Source]) -> Result<smithy_codegen::plan::CratePlan, smithy_codegen::Error> {
    let loaded = smithy_codegen::load::load(sources)?;
    let resolved = smithy_codegen::resolve::resolve(loaded, None)?;
    smithy_codegen::plan::plan(&resolved)
}

#[test]
fn every_shared_paginated_operation_has_a_paginator() {
    let dir = tests::aws_models_dir();
    if !dir.is_dir() {
        println!("SKIPPED: {} is missing", dir.display());
        return;
    }
    let mut counts = BTreeMap::new();
    let mut missing = Vec::new();
    for path in smithy_codegen::json_files(&dir).unwrap() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let model: serde_json::Value = serde_json::from_str(&text).unwrap();
        let sources = [Source {
            name: format!("{name}.json"),
            text,
        }];
        let plan = match plan(&sources) {
            Ok(p) => p,
            // Protocols the generator does not speak are `real_models`' business.
            Err(e) if e.to_string().contains("unsupported protocol") => continue,
            Err(e) => panic!("{name}: {e}"),
        };
        let (mut paginated, mut with_paginator) = (0, 0);
        for op in &plan.operations {
            if model["shapes"][&op.shape_id]["traits"][PAGINATED].is_null() {
                continue;
            }
            paginated += 1;
            if op.paginator.is_some() {
                with_paginator += 1;
            } else {
                missing.push(format!("{name}: {}", op.shape_id));
            }
        }
        counts.insert(name, (paginated, with_paginator));
    }
    for (name, (paginated, with)) in &counts {
        println!("{name}: {with} of {paginated} @paginated operations have a paginator");
    }
    let total: usize = counts.values().map(|c| c.1).sum();
    println!("total: {total} paginators");
    assert!(missing.is_empty(), "no paginator: {missing:#?}");
    assert!(total > 0, "the shared models have paginated operations");
}

fn fixture() -> Vec<Source> {
    let root = tests::canonical_root();
    smithy_codegen::read_sources(
        &root.join("tests/fixtures/paged-scan.json"),
        "tests/fixtures/paged-scan.json",
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn map_and_structure_tokens_get_paginators() {
    let plan = plan(&fixture()).unwrap_or_else(|e| panic!("{e}"));
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    let files =
        smithy_codegen::generate(&fixture(), &settings("items")).unwrap_or_else(|e| panic!("{e}"));
    let scan = &files["src/operation/scan.rs"];
    assert!(scan.contains("pub fn into_paginator(self)"), "{scan}");
    assert!(scan.contains("fn token_is_empty"), "{scan}");
    let list = &files["src/operation/list_things.rs"];
    assert!(list.contains("pub fn into_paginator(self)"), "{list}");
    // Generating twice gives the same bytes.
    assert_eq!(
        files,
        smithy_codegen::generate(&fixture(), &settings("items")).unwrap()
    );
}

#[test]
fn tokens_of_different_types_are_a_warning_naming_the_operation() {
    let mut model: serde_json::Value = serde_json::from_str(&fixture()[0].text).unwrap();
    model["shapes"]["example.paged#ScanOutput"]["members"]["LastEvaluatedKey"]["target"] =
        "smithy.api#String".into();
    let plan = plan(&[Source {
        name: "paged-scan.json".into(),
        text: model.to_string(),
    }])
    .unwrap_or_else(|e| panic!("{e}"));
    let scan = plan
        .operations
        .iter()
        .find(|o| o.name == "Scan")
        .expect("Scan planned");
    assert!(scan.paginator.is_none());
    let warning = plan
        .warnings
        .iter()
        .map(|w| format!("{w:?}"))
        .find(|w| w.contains("example.paged#Scan"))
        .expect("a warning naming Scan");
    assert!(warning.contains("different types"), "{warning}");
}

#[test]
#[ignore = "slow: builds and tests a generated crate"]
fn fixture_paginators_page_over_a_loopback_server() {
    let root = tests::canonical_root();
    let dir = root.join("target/real-models/items");
    let mut files =
        smithy_codegen::generate(&fixture(), &settings("items")).unwrap_or_else(|e| panic!("{e}"));
    let runtime = format!(
        "{}runtime",
        "../".repeat(dir.strip_prefix(&root).unwrap().components().count())
    );
    for f in files.values_mut() {
        *f = f.replace("path = \"../runtime\"", &format!("path = \"{runtime}\""));
    }
    let test = std::fs::read_to_string(root.join("tests/fixtures/paged_loopback.rs")).unwrap();
    files.insert("tests/paged_loopback.rs".into(), test);
    let out = tests::generated_crate::write_and_test(&root, &dir, &files, "paged_loopback");
    println!("{out}");
}
