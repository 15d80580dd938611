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

/// The whole crate as one reviewable text.
fn combined(files: &GeneratedFiles) -> String {
    files
        .iter()
        .map(|(path, text)| format!("==> {path} <==\n{text}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn kitchen_sink() {
    insta::assert_snapshot!(combined(&generate("kitchen-sink")));
}

#[test]
fn obstacle_course() {
    insta::assert_snapshot!(combined(&generate("obstacle-course")));
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
