//! `cargo xtask protocol-tests`: the official Smithy awsJson1_0/awsJson1_1 protocol tests, then
//! our own suites in `tests/fixtures/protocol-tests/` (same traits, cases the official models
//! lack, e.g. bigInteger/bigDecimal wider than 64 bits).
//!
//! For every service of each JSON AST test model (`shared/smithy-protocol-tests/json-ast/`,
//! found beside the workspace or through `SMITHY_PROTOCOL_TESTS`, and ours), generates a standalone crate
//! with `protocol_tests = true` into `target/protocol-tests/`, runs its `cargo test` (one shared
//! target directory), and closes with `N passed, M failed, K skipped`. A model may come with
//! a customization file of the same name in `xtask/customizations/` (`apply` entries adding
//! this generator's traits, e.g. the endpoint member of MachineLearning `Predict`). A skipped case is one the
//! generator left out, with its id and the reason. Exits 1 if anything failed.

use smithy_codegen::model::ShapeKind;
use smithy_codegen::{Settings, output};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const MODELS: [&str; 2] = ["awsJson1_0.json", "awsJson1_1.json"];

#[derive(Default)]
struct Tally {
    passed: Vec<String>,
    failed: Vec<String>,
    skipped: Vec<String>,
}

pub fn run(args: &[String], root: &Path) -> Result<ExitCode, String> {
    if let Some(arg) = args.first() {
        return Err(format!(
            "cargo xtask protocol-tests takes no arguments (got {arg})"
        ));
    }
    let started = Instant::now();
    let models = models_dir(root)?;
    let scratch = root.join("target").join("protocol-tests");
    // One target directory for all the crates (and the workspace's by default), so the runtime
    // and its dependencies are compiled once.
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let mut tally = Tally::default();
    let mut broken = Vec::new();
    // The official suites, then our own (cases the official ones do not cover, such as numbers
    // wider than 64 bits), which live in the repository.
    let mut suites: Vec<(PathBuf, String)> = MODELS
        .iter()
        .map(|file| {
            (
                models.join(file),
                format!("smithy-protocol-tests/json-ast/{file}"),
            )
        })
        .collect();
    suites.extend(own_suites(root)?);
    for (path, label) in suites {
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut sources = smithy_codegen::read_sources(&path, &label).map_err(|e| e.to_string())?;
        // SDK customizations the model cannot express (`apply` of this generator's traits).
        let custom = root.join("xtask/customizations").join(&file);
        if custom.is_file() {
            let custom_label = format!("xtask/customizations/{file}");
            sources.extend(
                smithy_codegen::read_sources(&custom, &custom_label).map_err(|e| e.to_string())?,
            );
        }
        let loaded = smithy_codegen::load::load(&sources).map_err(|e| e.to_string())?;
        let services: Vec<String> = loaded
            .model
            .shapes
            .values()
            .filter(|s| s.kind == ShapeKind::Service)
            .map(|s| s.id.clone())
            .collect();
        for service in services {
            let name = crate_name(&service);
            let dir = scratch.join(&name);
            let settings = Settings {
                crate_name: name.clone(),
                runtime_path: relative_to_runtime(&dir, root),
                service: Some(service.clone()),
                standalone: true,
                model_label: label.clone(),
                protocol_tests: true,
                operations: None,
            };
            let generated = smithy_codegen::generate_with_warnings(&sources, &settings)
                .map_err(|e| format!("{service}: {e}"))?;
            for warning in &generated.warnings {
                eprintln!("warning: {warning}");
            }
            let files = generated.files;
            output::write(&dir, &files).map_err(|e| e.to_string())?;
            // Start from the workspace's lock file so the crate builds with the versions the
            // workspace already compiled (cargo trims what the crate does not use).
            let lock = root.join("Cargo.lock");
            if lock.exists() && !dir.join("Cargo.lock").exists() {
                std::fs::copy(&lock, dir.join("Cargo.lock"))
                    .map_err(|e| format!("copying Cargo.lock: {e}"))?;
            }
            eprintln!("== {service}: cargo test in {}", dir.display());
            let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
                .arg("test")
                .arg("--manifest-path")
                .arg(dir.join("Cargo.toml"))
                .arg("--lib")
                .arg("--")
                .arg("protocol_tests::")
                .env("CARGO_TARGET_DIR", &target_dir)
                .env("CARGO_TERM_COLOR", "never")
                .env("RUST_BACKTRACE", "0")
                .output()
                .map_err(|e| format!("running cargo: {e}"))?;
            let stdout = String::from_utf8_lossy(&out.stdout);
            let failed_before = tally.failed.len();
            let before = (tally.passed.len(), tally.skipped.len());
            let counted = parse(&stdout, &name, &mut tally);
            eprintln!(
                "   {service}: {} passed, {} failed, {} skipped",
                tally.passed.len() - before.0,
                tally.failed.len() - failed_before,
                tally.skipped.len() - before.1
            );
            if tally.failed.len() > failed_before {
                // libtest's failure section: each failing test's panic message.
                if let Some(start) = stdout.find("\nfailures:\n") {
                    let section = &stdout[start..];
                    let end = section[1..]
                        .find("\nfailures:\n")
                        .map_or(section.len(), |e| e + 1);
                    println!("{}", section[..end].trim());
                }
            }
            if !out.status.success() && counted == 0 {
                // Nothing ran: the crate did not build. Show why.
                eprintln!("{}", String::from_utf8_lossy(&out.stderr));
                broken.push(service.clone());
            }
        }
    }
    for name in &tally.failed {
        println!("FAILED {name}");
    }
    for reason in &tally.skipped {
        println!("skipped {reason}");
    }
    for service in &broken {
        println!("FAILED {service}: the generated crate did not build");
    }
    eprintln!(
        "protocol tests took {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let failed = tally.failed.len() + broken.len();
    println!(
        "{} passed, {} failed, {} skipped",
        tally.passed.len(),
        failed,
        tally.skipped.len()
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Our own protocol test models, `tests/fixtures/protocol-tests/*.json`, sorted by name.
fn own_suites(root: &Path) -> Result<Vec<(PathBuf, String)>, String> {
    let dir = root.join("tests/fixtures/protocol-tests");
    let files = smithy_codegen::json_files(&dir).map_err(|e| e.to_string())?;
    Ok(files
        .into_iter()
        .map(|p| {
            let name = p
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            (p, format!("tests/fixtures/protocol-tests/{name}"))
        })
        .collect())
}

/// The test models: `SMITHY_PROTOCOL_TESTS` or `shared/smithy-protocol-tests/json-ast` next to
/// the workspace (CI lays `shared/` beside the clone).
fn models_dir(root: &Path) -> Result<PathBuf, String> {
    let candidates: Vec<PathBuf> = match std::env::var_os("SMITHY_PROTOCOL_TESTS") {
        Some(dir) => vec![PathBuf::from(dir)],
        None => root
            .ancestors()
            .skip(1)
            .map(|a| a.join("shared/smithy-protocol-tests/json-ast"))
            .collect(),
    };
    candidates
        .into_iter()
        .find(|d| MODELS.iter().all(|m| d.join(m).is_file()))
        .ok_or_else(|| {
            "cannot find shared/smithy-protocol-tests/json-ast beside the workspace; set \
             SMITHY_PROTOCOL_TESTS to the directory holding awsJson1_0.json and awsJson1_1.json"
                .to_string()
        })
}

/// `aws.protocoltests.json10#JsonRpc10` -> `protocol-test-json-rpc10`.
fn crate_name(service: &str) -> String {
    let name = service.rsplit('#').next().unwrap_or(service);
    let mut out = String::from("protocol-test-");
    let mut prev = '-';
    for c in name.chars() {
        // A word starts at an upper-case letter after a lower-case one or a digit.
        if c.is_ascii_uppercase() && (prev.is_ascii_lowercase() || prev.is_ascii_digit()) {
            out.push('-');
        }
        prev = c;
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out
}

fn relative_to_runtime(dir: &Path, root: &Path) -> String {
    // The scratch crates sit at target/protocol-tests/<name>, three levels below the root.
    let depth = dir
        .strip_prefix(root)
        .map(|p| p.components().count())
        .unwrap_or(3);
    let mut path = "../".repeat(depth);
    path.push_str("runtime");
    path
}

/// Counts libtest's `test <name> ... <result>` lines; returns how many it saw.
fn parse(stdout: &str, krate: &str, tally: &mut Tally) -> usize {
    let mut seen = 0;
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        let Some((name, result)) = rest.split_once(" ... ") else {
            continue;
        };
        let name = format!("{krate}::{}", name.trim());
        seen += 1;
        if result == "ok" {
            tally.passed.push(name);
        } else if let Some(reason) = result.strip_prefix("ignored, skipped: ") {
            tally.skipped.push(reason.to_string());
        } else if result.starts_with("ignored") {
            tally.skipped.push(format!("{name}: {result}"));
        } else {
            tally.failed.push(name);
        }
    }
    seen
}
