//! Event streams end to end through clients GENERATED from the shared AWS models (read from
//! `shared/models/aws/`, never copied into the repository), over the default hyper transport
//! and a 127.0.0.1 server:
//! - bedrock-runtime ConverseStream: 10,000 events ending in a modeled exception event, and
//!   1 GiB of events with flat memory (`tests/fixtures/event_streams_bedrock.rs`);
//! - kinesis SubscribeToShard with its awsJson `initial-response` event
//!   (`tests/fixtures/event_streams_kinesis.rs`).
//!
//! Each model becomes one crate narrowed to its event-stream operation (operation selection
//! keeps the build small), written to `target/real-models/<name>/` and tested there in the
//! shared target directory (`tests::generated_crate`). Slow, so `#[ignore]`d:
//! `cargo test -p tests --test event_streams_generated -- --ignored`.

use smithy_codegen::Settings;
use std::path::PathBuf;
use tests::generated_crate::write_and_test_with;

const COMMON: &str = "tests/fixtures/event_streams_common.rs";

/// The shared model file, or `None` with a message saying why the test is skipped.
fn model_path(name: &str) -> Option<PathBuf> {
    let path = tests::aws_models_dir().join(format!("{name}.json"));
    if !path.is_file() {
        println!(
            "SKIPPED: {} is missing, so the generated event-stream clients cannot be tested",
            path.display()
        );
        return None;
    }
    Some(path)
}

/// Generates `crate_name` from `model` with only `operation`, adds the fixture test `fixture` as
/// `tests/<test>.rs` (with the shared helpers as `tests/common/mod.rs`), and runs it.
fn generate_and_run(model: &str, crate_name: &str, operation: &str, fixture: &str, test: &str) {
    let Some(path) = model_path(model) else {
        return;
    };
    let root = tests::canonical_root();
    let dir = root.join("target/real-models").join(crate_name);
    let runtime = format!(
        "{}runtime",
        "../".repeat(
            dir.strip_prefix(&root)
                .map_or(2, |p| p.components().count())
        )
    );
    let label = format!("shared/models/aws/{model}.json");
    let sources = smithy_codegen::read_sources(&path, &label).unwrap_or_else(|e| panic!("{e}"));
    let settings = Settings::new(crate_name)
        .with_runtime_path(runtime)
        .with_model_label(label)
        .with_operations(Some(vec![operation.to_owned()]));
    let mut files = smithy_codegen::generate(&sources, &settings).unwrap_or_else(|e| panic!("{e}"));
    let read = |p: &str| {
        std::fs::read_to_string(root.join(p)).unwrap_or_else(|e| panic!("reading {p}: {e}"))
    };
    files.insert("tests/common/mod.rs".into(), read(COMMON));
    files.insert(format!("tests/{test}.rs"), read(fixture));
    let out = write_and_test_with(&root, &dir, &files, test, &["--", "--nocapture"]);
    // The fixtures print their measurements (events/s, memory high-water mark).
    for line in out.lines().filter(|l| l.contains("generated ")) {
        println!("{line}");
    }
}

#[test]
#[ignore = "slow: builds and tests a crate generated from bedrock-runtime"]
fn bedrock_converse_stream_over_loopback() {
    generate_and_run(
        "bedrock-runtime",
        "bedrock-runtime-events",
        "ConverseStream",
        "tests/fixtures/event_streams_bedrock.rs",
        "converse_stream",
    );
}

#[test]
#[ignore = "slow: builds and tests a crate generated from kinesis"]
fn kinesis_subscribe_to_shard_over_loopback() {
    generate_and_run(
        "kinesis",
        "kinesis-events",
        "SubscribeToShard",
        "tests/fixtures/event_streams_kinesis.rs",
        "subscribe_to_shard",
    );
}
