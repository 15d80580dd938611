//! Valid models that look like trouble (`tests/fixtures/valid/`): a UTF-8 byte-order mark,
//! documentation holding bidirectional overrides, carriage returns, `*/` and Rust-looking code
//! fences, members and shapes named after Rust keywords and prelude items, member names that
//! collapse to one Rust name, recursion through structures, defaults at the edges of their
//! types. Each must generate (fast test) and compile (slow, `#[ignore]`d test: all of them in
//! one cargo workspace under `target/valid-models/`, checked with one `cargo check`, documented
//! with one `cargo doc`, both with warnings denied, and with `cargo test --doc` to show that
//! no model text became a doctest).
//!
//! A case is a model file, or a directory of model files forming one model; both go through
//! `smithy_codegen::read_sources`, so IDL files join the suite once the loader reads them.

use smithy_codegen::{GeneratedFiles, Settings};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;

const VALID_DIR: &str = "tests/fixtures/valid";

/// Fewer cases than this means fixtures went missing.
const MIN_CASES: usize = 10;

/// Every case: (crate-friendly name, path relative to the workspace root).
fn cases() -> Vec<(String, String)> {
    let dir = tests::workspace_root().join(VALID_DIR);
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .map(|p| {
            let file = p
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            let stem = p
                .file_stem()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            (stem, format!("{VALID_DIR}/{file}"))
        })
        .collect();
    out.sort();
    out
}

fn settings(name: &str, label: &str, runtime_path: &str) -> Settings {
    Settings::new(format!("valid-{name}"))
        .with_runtime_path(runtime_path)
        .with_standalone(false)
        .with_model_label(label)
}

/// Generates one case; a panic or an error is a failure that names the case.
fn generate(name: &str, label: &str, runtime_path: &str) -> Result<GeneratedFiles, String> {
    let path = tests::workspace_root().join(label);
    let sources = smithy_codegen::read_sources(&path, label).map_err(|e| e.to_string())?;
    let result = catch_unwind(AssertUnwindSafe(|| {
        smithy_codegen::generate(&sources, &settings(name, label, runtime_path))
    }));
    match result {
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(format!("PANIC in the generator: {what}"))
        }
        Ok(result) => result.map_err(|e| e.to_string()),
    }
}

/// A doc comment line that opens a fenced block rustdoc would compile and run: a fence with no
/// info string, or one that only holds rustdoc's own words.
fn opens_doctest(files: &GeneratedFiles) -> Option<String> {
    for (path, text) in files.iter().filter(|(p, _)| p.ends_with(".rs")) {
        // The open fence's character and length: only a like fence closes it.
        let mut open: Option<(char, usize)> = None;
        for line in text.lines() {
            let Some(doc) = line
                .trim_start()
                .strip_prefix("///")
                .or_else(|| line.trim_start().strip_prefix("//!"))
            else {
                continue;
            };
            let doc = doc.trim_start();
            let Some(marker) = doc.chars().next().filter(|c| matches!(c, '`' | '~')) else {
                continue;
            };
            let run = doc.chars().take_while(|&c| c == marker).count();
            if run < 3 {
                continue;
            }
            let info = doc[run..].trim();
            match open {
                None => {
                    if info.is_empty() || info.split(',').all(|w| w.trim() == "rust") {
                        return Some(format!("{path}: {line}"));
                    }
                    open = Some((marker, run));
                }
                Some((m, len)) if m == marker && run >= len && info.is_empty() => open = None,
                Some(_) => {}
            }
        }
    }
    None
}

#[test]
fn every_valid_model_generates() {
    let cases = cases();
    assert!(
        cases.len() >= MIN_CASES,
        "only {} valid models",
        cases.len()
    );
    let mut failures = Vec::new();
    for (name, label) in &cases {
        match generate(name, label, "../runtime") {
            Err(e) => failures.push(format!("{label}:\n{e}")),
            Ok(files) => {
                if let Some(line) = opens_doctest(&files) {
                    failures.push(format!("{label}: a doc comment opens a doctest: {line}"));
                }
                let again = generate(name, label, "../runtime");
                if again.as_ref() != Ok(&files) {
                    failures.push(format!("{label}: a second generation differs"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    println!("{} valid models generated", cases.len());
}

fn run(dir: &Path, args: &[&str], target: &Path) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| env!("CARGO").to_string());
    let out = Command::new(cargo)
        .current_dir(dir)
        .args(args)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo {} in {} failed:\n{}{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
#[ignore = "slow: cargo check, doc and doctests of every valid model's crate"]
fn every_valid_model_compiles() {
    let root = tests::canonical_root();
    let workspace: PathBuf = root.join("target/valid-models");
    // A fresh workspace each run: crates of removed cases must not linger.
    for entry in std::fs::read_dir(&workspace)
        .into_iter()
        .flatten()
        .flatten()
    {
        if entry.path().join("Cargo.toml").is_file() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let mut members = Vec::new();
    for (name, label) in cases() {
        let files =
            generate(&name, &label, "../../../runtime").unwrap_or_else(|e| panic!("{label}:\n{e}"));
        smithy_codegen::output::write(&workspace.join(&name), &files)
            .unwrap_or_else(|e| panic!("{e}"));
        members.push(format!("    \"{name}\","));
    }
    let manifest = format!(
        "# Written by tests/tests/valid_models.rs: every valid fixture's crate, checked at once.\n[workspace]\nresolver = \"3\"\nmembers = [\n{}\n]\n",
        members.join("\n")
    );
    std::fs::write(workspace.join("Cargo.toml"), manifest).expect("workspace manifest");
    // The workspace's lock file pins the dependency versions the runtime is tested with.
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).expect("Cargo.lock");
    let target = workspace.join("target");
    run(
        &workspace,
        &[
            "check",
            "--quiet",
            "--keep-going",
            "--workspace",
            "--all-targets",
        ],
        &target,
    );
    run(
        &workspace,
        &["doc", "--quiet", "--workspace", "--no-deps"],
        &target,
    );
    // Model documentation must never run: any doctest that rustdoc finds fails this.
    run(
        &workspace,
        &["test", "--quiet", "--workspace", "--doc"],
        &target,
    );
    println!(
        "{} valid model crates compile, document and have no doctests that fail",
        members.len()
    );
}
