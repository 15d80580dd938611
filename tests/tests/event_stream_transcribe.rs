//! An input event stream end to end through a generated client: StartStreamTranscription of a
//! client generated from the shared Transcribe Streaming model (read from
//! `shared/models/aws/`, or `SMITHY_AWS_MODELS`; skipped with a message when absent, never
//! copied into the repository) against a loopback HTTP/2 (h2c) server that verifies the whole
//! signature chain with its own HMAC code and streams transcripts back while the audio is still
//! being sent. The test itself is `tests/fixtures/transcribe_h2c_client.rs`, run inside the
//! generated crate (`target/transcribe-h2c/`).

use tests::generated_crate::{add_dev_dependency, write_and_test};
use tests::workspace_root;

#[test]
#[ignore = "generates and compiles a crate; CI runs ignored tests"]
fn transcribe_input_stream_over_h2c_with_a_verified_signature_chain() {
    let models = tests::aws_models_dir();
    let model = models.join("transcribe-streaming.json");
    if !model.is_file() {
        println!(
            "SKIPPED: {} is missing, so there is no Transcribe Streaming model to generate",
            model.display()
        );
        return;
    }
    let root = workspace_root();
    let label = "shared/models/aws/transcribe-streaming.json";
    let sources = smithy_codegen::read_sources(&model, label).expect("read the model");
    let dir = root.join("target/transcribe-h2c");
    // Only the operation under test: a smaller crate to build.
    let settings = smithy_codegen::Settings::new("transcribe-streaming")
        .with_runtime_path("../../runtime")
        .with_model_label(label)
        .with_operations(Some(vec!["StartStreamTranscription".to_owned()]));
    let mut files = smithy_codegen::generate(&sources, &settings).expect("the model generates");
    // The test's server needs more of tokio than the generated crate's own dev-dependency.
    if let Some(manifest) = files.get_mut("Cargo.toml") {
        *manifest = manifest
            .lines()
            .filter(|l| !l.starts_with("tokio = "))
            .map(|l| format!("{l}\n"))
            .collect();
    }
    for line in [
        r#"smithy-client-runtime = { path = "../../runtime", features = ["default-https-client"] }"#,
        r#"tokio = { version = "1", features = ["rt-multi-thread", "macros", "net", "sync", "time"] }"#,
        r#"h2 = "0.4""#,
        r#"http = "1""#,
        r#"bytes = "1""#,
        r#"futures-core = "0.3""#,
        r#"hmac = "0.13""#,
        r#"sha2 = "0.11""#,
    ] {
        add_dev_dependency(&mut files, line);
    }
    files.insert(
        "tests/transcribe_h2c.rs".into(),
        include_str!("../fixtures/transcribe_h2c_client.rs").into(),
    );
    let out = write_and_test(&root, &dir, &files, "transcribe_h2c");
    assert!(out.contains("1 passed"), "{out}");
}
