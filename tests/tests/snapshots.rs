//! Insta snapshots of the generator's output for the small fixture models in `tests/fixtures/`,
//! and determinism: the same input, however ordered or split, gives identical bytes.

use smithy_codegen::{GeneratedFiles, Settings, Source};
use std::path::Path;

fn settings(name: &str) -> Settings {
    Settings::new(name).with_model_label(format!("tests/fixtures/{name}.json"))
}

fn fixture(name: &str) -> Source {
    let path = tests::workspace_root().join(format!("tests/fixtures/{name}.json"));
    Source {
        name: format!("tests/fixtures/{name}.json"),
        text: std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    }
}

fn generate(name: &str) -> GeneratedFiles {
    smithy_codegen::generate(&[fixture(name)], &settings(name)).unwrap_or_else(|e| panic!("{e}"))
}

/// One insta snapshot per generated file, named `<fixture>@<path>` (`/` written `__`), so a
/// diff shows what changed where; plus the list of files, so a file that stops being generated
/// fails too instead of leaving an unreferenced snapshot behind. Every file is compared before
/// failing, so one run shows every changed file.
fn assert_file_snapshots(fixture: &str) {
    let files = generate(fixture);
    let listing: String = files.keys().map(|path| format!("{path}\n")).collect();
    let mut failed = Vec::new();
    let mut check = |name: String, text: &str| {
        let ok = std::panic::catch_unwind(|| insta::assert_snapshot!(name.as_str(), text));
        if ok.is_err() {
            failed.push(name);
        }
    };
    check(format!("{fixture}@files"), &listing);
    for (path, text) in files.iter() {
        check(format!("{fixture}@{}", path.replace('/', "__")), text);
    }
    assert!(failed.is_empty(), "snapshots that differ: {failed:?}");
}

#[test]
fn kitchen_sink() {
    assert_file_snapshots("kitchen-sink");
}

#[test]
fn obstacle_course() {
    assert_file_snapshots("obstacle-course");
}

#[test]
fn generation_is_deterministic_whatever_the_input_order() {
    let once = generate("kitchen-sink");
    let twice = generate("kitchen-sink");
    assert_eq!(once, twice);

    // Re-serialise the model with its shapes in reverse order and split over two files.
    let text = fixture("kitchen-sink").text;
    let model: serde_json::Value = serde_json::from_str(&text).expect("fixture is JSON");
    let shapes = model["shapes"].as_object().expect("shapes");
    let mut entries: Vec<(&String, &serde_json::Value)> = shapes.iter().collect();
    entries.reverse();
    let (a, b) = entries.split_at(entries.len() / 2);
    let file = |part: &[(&String, &serde_json::Value)]| {
        let body: Vec<String> = part
            .iter()
            .map(|(k, v)| format!("{}: {}", serde_json::to_string(k).unwrap_or_default(), v))
            .collect();
        format!(
            "{{\"smithy\": \"2.0\", \"shapes\": {{{}}}}}",
            body.join(",\n")
        )
    };
    let sources = vec![
        Source {
            name: "tests/fixtures/kitchen-sink.json".into(),
            text: file(b),
        },
        Source {
            name: "tests/fixtures/kitchen-sink-part2.json".into(),
            text: file(a),
        },
    ];
    let shuffled = smithy_codegen::generate(&sources, &settings("kitchen-sink"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        once, shuffled,
        "shape order or file split changed the output"
    );
}

#[test]
fn the_workspace_model_generates_identically_twice() {
    let root = tests::workspace_root();
    let a = smithy_codegen::workspace::generate(&root).unwrap_or_else(|e| panic!("{e}"));
    let b = smithy_codegen::workspace::generate(&root).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a, b);
    assert!(Path::new(&root.join("generated/Cargo.toml")).exists());
}
