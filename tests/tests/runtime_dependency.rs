//! The runtime dependency of a generated crate is the user's choice (`--runtime`): the version
//! form is checked in the emitted `Cargo.toml`; the path and git forms are built for real from
//! a directory the crate was moved to (slow, `#[ignore]`d; CI runs them).

use smithy_codegen::{GeneratedFiles, RuntimeDependency, Settings};
use std::path::{Path, PathBuf};
use std::process::Command;

fn generate(runtime: RuntimeDependency) -> GeneratedFiles {
    let root = tests::workspace_root();
    let label = "tests/fixtures/kitchen-sink.json";
    let sources = smithy_codegen::read_sources(&root.join(label), label).expect("fixture reads");
    let settings = Settings::new("runtime-forms")
        .with_model_label(label)
        .with_runtime(runtime);
    smithy_codegen::generate(&sources, &settings).expect("fixture generates")
}

fn runtime_line(files: &GeneratedFiles) -> String {
    files["Cargo.toml"]
        .lines()
        .find(|l| l.starts_with("smithy-client-runtime = "))
        .expect("a runtime dependency line")
        .to_string()
}

#[test]
fn each_form_is_written_into_cargo_toml() {
    let version = generate(RuntimeDependency::parse("version=0.1").unwrap());
    assert_eq!(
        runtime_line(&version),
        r#"smithy-client-runtime = { version = "0.1", default-features = false }"#
    );
    let git = generate(
        RuntimeDependency::parse("git=https://example.com/smithy-rt.git,rev=0123abc").unwrap(),
    );
    assert_eq!(
        runtime_line(&git),
        r#"smithy-client-runtime = { git = "https://example.com/smithy-rt.git", rev = "0123abc", default-features = false }"#
    );
    let path = generate(RuntimeDependency::parse("path=/opt/smithy/runtime").unwrap());
    assert_eq!(
        runtime_line(&path),
        r#"smithy-client-runtime = { path = "/opt/smithy/runtime", default-features = false }"#
    );
    // The feature forwarding does not depend on where the runtime comes from.
    assert!(version["Cargo.toml"].contains(r#"test-util = ["smithy-client-runtime/test-util"]"#));
}

/// A fresh scratch directory below `target/runtime-forms/`.
fn scratch(name: &str) -> PathBuf {
    let dir = tests::canonical_root()
        .join("target/runtime-forms")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// `cargo check` in `dir` with the workspace's lock file (versions already downloaded) and the
/// target directory shared by generated crates, so only the crate itself is new. No network:
/// `--offline` would also refuse the local `file://` git checkout, so instead every HTTP
/// request of cargo goes to a proxy on a closed local port and would fail the test.
fn cargo_check(dir: &Path) {
    std::fs::copy(
        tests::canonical_root().join("Cargo.lock"),
        dir.join("Cargo.lock"),
    )
    .expect("copy Cargo.lock");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| env!("CARGO").to_string());
    let run = Command::new(cargo)
        .current_dir(dir)
        .args(["check", "--quiet"])
        .env("CARGO_HTTP_PROXY", "http://127.0.0.1:9")
        .env("CARGO_NET_RETRY", "0")
        .env(
            "CARGO_TARGET_DIR",
            tests::canonical_root().join(tests::generated_crate::SHARED_TARGET),
        )
        .output()
        .expect("cargo runs");
    assert!(
        run.status.success(),
        "cargo check in {} failed:\n{}{}",
        dir.display(),
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
#[ignore = "builds a generated crate (slow); CI runs it"]
fn a_moved_crate_builds_with_a_path_runtime() {
    let root = tests::canonical_root();
    let base = scratch("path");
    let first = base.join("first");
    let runtime = root.join("runtime").display().to_string();
    let files = generate(RuntimeDependency::Path(runtime));
    smithy_codegen::output::write(&first, &files).expect("write");
    let moved = base.join("somewhere/else/client");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(&first, &moved).expect("move the crate");
    cargo_check(&moved);
}

fn git(dir: &Path, args: &[&str]) {
    let run = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .expect("git runs");
    assert!(
        run.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
#[ignore = "builds a generated crate (slow); CI runs it"]
fn a_moved_crate_builds_with_a_git_runtime() {
    let Ok(version) = Command::new("git").arg("--version").output() else {
        println!("SKIPPED: no git on this machine");
        return;
    };
    assert!(version.status.success());
    let root = tests::canonical_root();
    let base = scratch("git");
    // A repository holding the runtime the way this workspace does: a root manifest with the
    // shared package settings and dependency versions, and runtime/ (sources and manifest).
    let repo = base.join("runtime-repo");
    copy_dir(&root.join("runtime/src"), &repo.join("runtime/src"));
    std::fs::copy(
        root.join("runtime/Cargo.toml"),
        repo.join("runtime/Cargo.toml"),
    )
    .unwrap();
    std::fs::copy(
        root.join("runtime/README.md"),
        repo.join("runtime/README.md"),
    )
    .unwrap();
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    std::fs::write(repo.join("Cargo.toml"), only_runtime_member(&manifest)).unwrap();
    git(&repo, &["init", "--quiet"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "--quiet", "-m", "runtime"]);
    let url = format!("file://{}", repo.display());

    let first = base.join("first");
    let files = generate(RuntimeDependency::Git { url, rev: None });
    smithy_codegen::output::write(&first, &files).expect("write");
    let moved = base.join("elsewhere/client");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(&first, &moved).expect("move the crate");
    cargo_check(&moved);
}

/// The workspace manifest with `runtime` as its only member.
fn only_runtime_member(manifest: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in manifest.lines() {
        if line.starts_with("members = [") || line.starts_with("default-members = [") {
            let single_line = line.trim_end().ends_with(']');
            if line.starts_with("members") {
                out.push_str("members = [\"runtime\"]\n");
            }
            skipping = !single_line;
            continue;
        }
        if skipping {
            skipping = !line.trim_start().starts_with(']');
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}
