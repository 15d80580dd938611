//! The generator on real AWS models (read from `shared/models/aws/` next to the workspace; they
//! are test data and never copied into the repository) and on the fixture models: every model
//! generates (fast), and every generated crate passes `cargo check` (slow, `#[ignore]`d; run with
//! `cargo test -p tests --test real_models -- --ignored`).
//!
//! Generated crates go to `target/real-models/<name>/` and share one cargo target directory,
//! `target/real-models/target`, so the runtime is built once for all of them.

use smithy_codegen::{Settings, Source};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::Instant;

/// The AWS models every compile test below covers, by file stem.
const AWS_MODELS: &[&str] = &[
    "api-gateway",
    "b2bi",
    "bedrock-runtime",
    "cognito-identity-provider",
    "eks",
    "glacier",
    "glue",
    "iam",
    "iot-data-plane",
    "kinesis",
    "lambda",
    "partnercentral-selling",
    "route-53",
    "s3",
    "sns",
    "sts",
    "support",
    "transcribe-streaming",
    "verifiedpermissions",
];

/// Models in the directory whose protocol the generator does not speak yet: they must fail
/// with "unsupported protocol", never generate something wrong. Empty: every protocol of the
/// shared models is spoken.
const UNSUPPORTED_MODELS: &[&str] = &[];

/// Cargo locks the shared target directory, so the checks run one at a time even when the test
/// harness runs these tests on several threads.
static CARGO_CHECK: Mutex<()> = Mutex::new(());

/// The model file of an AWS model, or `None` (with a message saying why the test is skipped).
fn aws_model(name: &str) -> Option<PathBuf> {
    let dir = tests::aws_models_dir();
    if !dir.is_dir() {
        println!(
            "SKIPPED: {} is missing, so the real-model tests have nothing to check",
            dir.display()
        );
        return None;
    }
    let path = dir.join(format!("{name}.json"));
    assert!(path.is_file(), "{} is missing", path.display());
    Some(path)
}

fn settings(name: &str, label: &str, runtime_path: String) -> Settings {
    Settings::new(name)
        .with_runtime_path(runtime_path)
        .with_model_label(label)
}

/// `../` once per directory between `from` and the workspace root, then `runtime`.
fn runtime_path_from(from: &Path) -> String {
    let rel = from
        .strip_prefix(tests::canonical_root())
        .unwrap_or_else(|_| panic!("{} is not below the workspace", from.display()));
    format!("{}runtime", "../".repeat(rel.components().count()))
}

fn read(path: &Path, label: &str) -> Vec<Source> {
    smithy_codegen::read_sources(path, label).unwrap_or_else(|e| panic!("{e}"))
}

struct Generated {
    files: smithy_codegen::GeneratedFiles,
    shapes: usize,
    operations: usize,
    lines: usize,
    millis: f64,
}

fn generate(name: &str, sources: &[Source], runtime_path: String) -> Generated {
    let label = sources.first().map(|s| s.name.clone()).unwrap_or_default();
    let started = Instant::now();
    let files = smithy_codegen::generate(sources, &settings(name, &label, runtime_path))
        .unwrap_or_else(|e| panic!("{name}: generation failed:\n{e}"));
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    // The counts come from the same pipeline steps `generate` runs.
    let loaded = smithy_codegen::load::load(sources).unwrap_or_else(|e| panic!("{e}"));
    let resolved = smithy_codegen::resolve::resolve(loaded, None).unwrap_or_else(|e| panic!("{e}"));
    Generated {
        lines: files.values().map(|f| f.lines().count()).sum(),
        files,
        shapes: resolved.shapes.len(),
        operations: resolved.operations.len(),
        millis,
    }
}

/// Generates `name` into `target/real-models/<name>/` and runs `cargo check` on it.
fn generate_and_check(name: &str, model: &Path, label: &str) {
    let sources = read(model, label);
    let dir = tests::canonical_root()
        .join("target/real-models")
        .join(name);
    let g = generate(name, &sources, runtime_path_from(&dir));
    smithy_codegen::output::write(&dir, &g.files).unwrap_or_else(|e| panic!("{e}"));
    // The workspace's lock file pins the dependency versions the runtime is tested with, and
    // they are already downloaded; cargo drops the entries this crate does not use.
    std::fs::copy(
        tests::canonical_root().join("Cargo.lock"),
        dir.join("Cargo.lock"),
    )
    .unwrap_or_else(|e| panic!("copying Cargo.lock: {e}"));

    let _one_at_a_time = CARGO_CHECK.lock().unwrap_or_else(|e| e.into_inner());
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| env!("CARGO").to_string());
    let started = Instant::now();
    let run = Command::new(cargo)
        .current_dir(&dir)
        .args(["check", "--quiet"])
        .env(
            "CARGO_TARGET_DIR",
            tests::canonical_root().join("target/real-models/target"),
        )
        .output()
        .expect("cargo runs");
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{name}: {} shapes, {} operations, {} files, {} lines, generated in {:.0} ms, cargo check {:.1} s",
        g.shapes,
        g.operations,
        g.files.len(),
        g.lines,
        g.millis,
        secs
    );
    assert!(
        run.status.success(),
        "cargo check of {} failed:\n{}{}",
        dir.display(),
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

fn check_aws(name: &str) {
    if let Some(model) = aws_model(name) {
        generate_and_check(name, &model, &format!("shared/models/aws/{name}.json"));
    }
}

fn check_fixture(name: &str) {
    let label = format!("tests/fixtures/{name}.json");
    generate_and_check(name, &tests::canonical_root().join(&label), &label);
}

#[test]
fn every_aws_model_generates() {
    let dir = tests::aws_models_dir();
    if !dir.is_dir() {
        println!(
            "SKIPPED: {} is missing, so there are no real models to generate",
            dir.display()
        );
        return;
    }
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    on_disk.sort();
    let mut known: Vec<&str> = AWS_MODELS
        .iter()
        .chain(UNSUPPORTED_MODELS)
        .copied()
        .collect();
    known.sort();
    assert_eq!(
        on_disk,
        known,
        "the models in {} and the lists above disagree",
        dir.display()
    );
    for name in UNSUPPORTED_MODELS {
        let label = format!("shared/models/aws/{name}.json");
        let sources = read(&dir.join(format!("{name}.json")), &label);
        let err = smithy_codegen::generate(&sources, &settings(name, &label, "../runtime".into()))
            .expect_err("a protocol the generator does not speak must be refused");
        assert!(
            err.to_string().contains("unsupported protocol"),
            "{name}: {err}"
        );
    }
    for name in AWS_MODELS {
        let label = format!("shared/models/aws/{name}.json");
        let sources = read(&dir.join(format!("{name}.json")), &label);
        let g = generate(name, &sources, "../runtime".into());
        assert!(g.operations > 0, "{name}: no operations generated");
        assert!(
            g.files.contains_key("src/lib.rs") && g.files.contains_key("Cargo.toml"),
            "{name}: no crate root"
        );
        println!(
            "{name}: {} shapes, {} operations, {} lines in {:.0} ms",
            g.shapes, g.operations, g.lines, g.millis
        );
    }
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn api_gateway_compiles() {
    check_aws("api-gateway");
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn bedrock_runtime_compiles() {
    check_aws("bedrock-runtime");
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn eks_compiles() {
    check_aws("eks");
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn glacier_compiles() {
    check_aws("glacier");
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn iot_data_plane_compiles() {
    check_aws("iot-data-plane");
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn kinesis_compiles() {
    check_aws("kinesis");
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn lambda_compiles() {
    check_aws("lambda");
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn transcribe_streaming_compiles() {
    check_aws("transcribe-streaming");
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn b2bi_compiles() {
    check_aws("b2bi");
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn cognito_identity_provider_compiles() {
    check_aws("cognito-identity-provider");
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn glue_compiles() {
    check_aws("glue");
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn partnercentral_selling_compiles() {
    check_aws("partnercentral-selling");
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn support_compiles() {
    check_aws("support");
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn verifiedpermissions_compiles() {
    check_aws("verifiedpermissions");
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn kitchen_sink_compiles() {
    check_fixture("kitchen-sink");
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn obstacle_course_compiles() {
    check_fixture("obstacle-course");
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn iam_compiles() {
    check_aws("iam");
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn route_53_compiles() {
    check_aws("route-53");
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn s3_compiles() {
    check_aws("s3");
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn sns_compiles() {
    check_aws("sns");
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn sts_compiles() {
    check_aws("sts");
}

/// The event-stream operations of the four models that have them are generated (none left out
/// with a warning), each with a compiling `no_run` example on its `send()`.
#[test]
fn event_stream_operations_of_the_aws_models_are_generated() {
    let cases: &[(&str, &[&str])] = &[
        // (This model version has no InvokeModelWithBidirectionalStream.)
        (
            "bedrock-runtime",
            &["converse_stream", "invoke_model_with_response_stream"],
        ),
        ("kinesis", &["subscribe_to_shard"]),
        ("lambda", &["invoke_with_response_stream"]),
        (
            "transcribe-streaming",
            &[
                "start_stream_transcription",
                "start_medical_stream_transcription",
                "start_call_analytics_stream_transcription",
                "start_medical_scribe_stream",
            ],
        ),
    ];
    for (name, operations) in cases {
        let Some(model) = aws_model(name) else {
            return;
        };
        let label = format!("shared/models/aws/{name}.json");
        let sources = read(&model, &label);
        let generated = smithy_codegen::generate_with_warnings(
            &sources,
            &settings(name, &label, "../runtime".into()),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        let left_out: Vec<String> = generated
            .warnings
            .iter()
            .map(ToString::to_string)
            .filter(|w| w.contains("left out"))
            .collect();
        assert!(left_out.is_empty(), "{name}: {left_out:?}");
        for op in *operations {
            let file = format!("src/operation/{op}.rs");
            let text = generated
                .files
                .get(&file)
                .unwrap_or_else(|| panic!("{name}: {file} is missing"));
            assert!(
                text.contains("```no_run") && text.contains("event stream"),
                "{name}: {op} has no event-stream example"
            );
        }
    }
}
