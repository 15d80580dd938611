//! Per-operation cargo features (`Settings::features_per_operation`,
//! `--features-per-operation`): every operation and the types only it needs sit behind a
//! feature named after it, `default` turns them all on.
//!
//! The fast tests read the generated files; the slow one (`#[ignore]`d; run with
//! `cargo test -p tests --test operation_features -- --ignored`) generates Glue (253
//! operations) into `target/operation-features/glue/`, builds it with one feature (in the shared generated-crate target), checks it
//! with all of them, and shows that an unrelated operation is absent with only `get-job` on.

use smithy_codegen::{GeneratedFiles, Settings};
use std::path::Path;
use std::process::{Command, Output};

fn partnercentral(features: bool) -> GeneratedFiles {
    let root = tests::workspace_root();
    let sources = smithy_codegen::read_sources(&root.join("model"), "model/")
        .unwrap_or_else(|e| panic!("{e}"));
    let settings = smithy_codegen::workspace::settings().with_features_per_operation(features);
    smithy_codegen::generate(&sources, &settings).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_operation_has_a_feature_and_default_turns_all_on() {
    let files = partnercentral(true);
    let toml = &files["Cargo.toml"];
    assert!(
        toml.contains("default = [\"default-https-client\", \"all-operations\"]"),
        "{toml}"
    );
    for feature in [
        "get-resource-snapshot-job",
        "list-resource-snapshot-jobs",
        "start-resource-snapshot-job",
    ] {
        assert!(toml.contains(&format!("\n{feature} = []")), "{toml}");
        assert!(toml.contains(&format!("    \"{feature}\",\n")), "{toml}");
    }
    let client = &files["src/client.rs"];
    assert!(
        client.contains(
            "#[cfg(feature = \"get-resource-snapshot-job\")]\n    pub fn get_resource_snapshot_job("
        ),
        "{client}"
    );
    let ops = &files["src/operation/mod.rs"];
    assert!(
        ops.contains("#[cfg(feature = \"list-resource-snapshot-jobs\")]\npub mod list_resource_snapshot_jobs;"),
        "{ops}"
    );
    let serde = &files["src/protocol_serde/mod.rs"];
    assert!(
        serde.contains("#[cfg(feature = \"list-resource-snapshot-jobs\")]\npub(crate) mod op_list_resource_snapshot_jobs;"),
        "{serde}"
    );
    let lib = &files["src/lib.rs"];
    assert!(lib.contains("# Cargo features"), "{lib}");
}

#[test]
fn shared_types_follow_every_operation_that_uses_them() {
    let files = partnercentral(true);
    let types = &files["src/types/mod.rs"];
    // The job summary is only listed; the sort object only sorts that list.
    assert!(
        types.contains(
            "#[cfg(feature = \"list-resource-snapshot-jobs\")]\nmod _resource_snapshot_job_summary;"
        ),
        "{types}"
    );
    // Job statuses are read by several operations: any of them compiles the type.
    let status = types
        .split("mod _resource_snapshot_job_status;")
        .next()
        .and_then(|before| before.rsplit("#[cfg(").next())
        .unwrap_or_default();
    assert!(status.starts_with("\n    any("), "{status}");
    assert!(
        status.contains("feature = \"get-resource-snapshot-job\""),
        "{status}"
    );
    assert!(
        status.contains("feature = \"list-resource-snapshot-jobs\""),
        "{status}"
    );
    assert!(
        !status.contains("feature = \"delete-resource-snapshot-job\""),
        "{status}"
    );
}

#[test]
fn without_the_setting_nothing_is_gated() {
    let files = partnercentral(false);
    assert!(!files["Cargo.toml"].contains("all-operations"));
    assert!(
        files
            .values()
            .all(|text| !text.contains("feature = \"get-"))
    );
}

fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| env!("CARGO").to_string());
    Command::new(cargo)
        .current_dir(dir)
        .args(args)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("cargo runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
#[ignore = "slow: builds the Glue client with one feature and checks it with all"]
fn glue_builds_with_one_feature_and_leaves_the_others_out() {
    let model = tests::aws_models_dir().join("glue.json");
    if !model.is_file() {
        println!("SKIPPED: {} is missing", model.display());
        return;
    }
    let root = tests::canonical_root();
    let dir = root.join("target/operation-features/glue");
    // The target the other generated-crate tests use, so the runtime and its dependencies are
    // built once per test run.
    let target = root.join(tests::generated_crate::SHARED_TARGET);
    let sources = smithy_codegen::read_sources(&model, "shared/models/aws/glue.json")
        .unwrap_or_else(|e| panic!("{e}"));
    let settings = Settings::new("glue")
        .with_runtime_path("../../../runtime")
        .with_features_per_operation(true);
    let mut files = smithy_codegen::generate(&sources, &settings).unwrap_or_else(|e| panic!("{e}"));
    // A program calling an operation GetJob does not reach: it must not compile with only
    // `get-job` on, and must with every operation on (so the probe itself is sound).
    files.insert(
        "examples/other_operation.rs".into(),
        "fn main() {\n    let _ = glue::Client::from_env().start_crawler();\n}\n".into(),
    );
    smithy_codegen::output::write(&dir, &files).unwrap_or_else(|e| panic!("{e}"));
    // The workspace's lock file pins versions that are already downloaded.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .unwrap_or_else(|e| panic!("copying Cargo.lock: {e}"));

    let one = ["--no-default-features", "--features", "get-job"];
    let built = cargo(
        &dir,
        &target,
        &[&["build", "--quiet", "--lib"], &one[..]].concat(),
    );
    assert!(built.status.success(), "{}", text(&built));
    assert!(
        !text(&built).contains("warning"),
        "one feature builds without warnings:\n{}",
        text(&built)
    );
    let probe = cargo(
        &dir,
        &target,
        &[
            &["check", "--quiet", "--example", "other_operation"],
            &one[..],
        ]
        .concat(),
    );
    assert!(
        !probe.status.success(),
        "start_crawler exists with only get-job on"
    );
    assert!(
        text(&probe).contains("start_crawler"),
        "the probe failed for another reason:\n{}",
        text(&probe)
    );
    let all = cargo(
        &dir,
        &target,
        &["check", "--quiet", "--example", "other_operation"],
    );
    assert!(all.status.success(), "{}", text(&all));
}
