//! Tests that run inside a crate generated into the workspace's `target/`: the crate is written
//! next to the workspace's own lock file, and every such crate builds in one shared cargo target
//! directory ([`SHARED_TARGET`], also used by `tests/tests/real_models.rs`), so the runtime and
//! the dependencies are compiled once for all of them.

use smithy_codegen::GeneratedFiles;
use std::path::Path;
use std::process::Command;

/// The cargo target directory shared by generated crates, relative to the workspace root.
pub const SHARED_TARGET: &str = "target/real-models/target";

/// The dev-dependency that lets a generated crate's test capture `tracing` output.
pub const TRACING_SUBSCRIBER: &str = r#"tracing-subscriber = { version = "0.3", default-features = false, features = ["fmt", "std"] }"#;

/// Adds `line` to the `[dev-dependencies]` of a generated `Cargo.toml`.
pub fn add_dev_dependency(files: &mut GeneratedFiles, line: &str) {
    let Some(manifest) = files.get_mut("Cargo.toml") else {
        panic!("the generated crate has no Cargo.toml");
    };
    let line = format!("{line}\n");
    match manifest.find("[dev-dependencies]\n") {
        Some(at) => manifest.insert_str(at + "[dev-dependencies]\n".len(), &line),
        None => {
            manifest.push_str("\n[dev-dependencies]\n");
            manifest.push_str(&line);
        }
    }
}

/// Writes `files` to `dir` (below the workspace root `root`) and runs
/// `cargo test --features test-util --test <test>` there; panics with cargo's output when that
/// fails, else returns it (stdout, then stderr).
pub fn write_and_test(root: &Path, dir: &Path, files: &GeneratedFiles, test: &str) -> String {
    write_and_test_with(root, dir, files, test, &[])
}

/// [`write_and_test`] with `extra` arguments after the cargo ones (e.g. `["--", "--nocapture"]`
/// to see what the tests print).
pub fn write_and_test_with(
    root: &Path,
    dir: &Path,
    files: &GeneratedFiles,
    test: &str,
    extra: &[&str],
) -> String {
    smithy_codegen::output::write(dir, files)
        .unwrap_or_else(|e| panic!("writing {}: {e}", dir.display()));
    // The workspace lock pins the versions the runtime is tested with, already downloaded;
    // cargo drops the entries this crate does not use.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .unwrap_or_else(|e| panic!("copying Cargo.lock: {e}"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| env!("CARGO").to_string());
    let run = Command::new(cargo)
        .current_dir(dir)
        .args(["test", "--features", "test-util", "--test", test])
        .args(extra)
        .env("CARGO_TARGET_DIR", root.join(SHARED_TARGET))
        .output()
        .expect("cargo runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        run.status.success(),
        "`cargo test --test {test}` in {} failed:\n{text}",
        dir.display()
    );
    text
}
