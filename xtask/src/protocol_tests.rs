//! `cargo xtask protocol-tests`: the official Smithy protocol tests of every protocol the
//! generator speaks (awsJson1_0, awsJson1_1, restJson1, restXml, awsQuery, ec2Query from the
//! JSON AST files; rpcv2Cbor and rpcv2Json from their IDL directories), then our own suites in
//! `tests/fixtures/protocol-tests/` (same traits, cases the official models lack, e.g.
//! bigInteger/bigDecimal wider than 64 bits). `--only <stem>` runs one official JSON AST suite
//! and skips the others.
//!
//! For every service of each JSON AST test model (`shared/smithy-protocol-tests/json-ast/`,
//! found beside the workspace or through `SMITHY_PROTOCOL_TESTS`, and ours), generates a crate
//! with `protocol_tests = true` into `target/protocol-tests/`, which is one cargo workspace:
//! one `cargo test --no-run` builds them all (the runtime and dependencies once), then each
//! crate's test binary runs. Prints one line per protocol, `<protocol>: N passed, M failed, K
//! skipped`, and the total last. The restJson1 `smithy.test#eventStreamTests` cases are read
//! from the IDL copy of the suite (the JSON AST one is older) into a crate of their own and
//! reported on their own line, `restJson1 event streams: ...`, which the total includes (see
//! [`event_streams`]). A model may come with a customization file of the same name
//! in `xtask/customizations/` (`apply` entries adding this generator's traits, e.g. the
//! endpoint member of MachineLearning `Predict`). A test service standing in for a real AWS
//! service (restXml's `com.amazonaws.s3#AmazonS3`) gets that service's endpoint rules from the
//! AWS model at run time (`protocol_test_rules`). A skipped case is one the generator left
//! out, with its id and the reason. Exits 1 if anything failed.

mod event_streams;

use smithy_codegen::model::ShapeKind;
use smithy_codegen::plan::Protocol;
use smithy_codegen::{Settings, output};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const MODELS: [&str; 6] = [
    "awsJson1_0.json",
    "awsJson1_1.json",
    "restJson1.json",
    "restXml.json",
    "awsQuery.json",
    "ec2Query.json",
];

/// Protocol test directories that exist only as Smithy IDL (`smithy-protocol-tests/<dir>/`),
/// each loaded with [`IDL_IMPORTS`].
const IDL_SUITES: [&str; 3] = ["rpcv2Cbor", "aws-rpcv2Cbor", "rpcv2Json"];

/// The directories of trait definitions and shared shapes every IDL test directory imports.
const IDL_IMPORTS: [&str; 3] = ["traits", "shared", "smithy-shared"];

#[derive(Default)]
struct Tally {
    passed: Vec<String>,
    failed: Vec<String>,
    skipped: Vec<String>,
}

/// One generated crate: its package name, service, the protocol line its results count in,
/// and the test-name filter that selects its cases.
struct TestCrate {
    name: String,
    service: String,
    protocol: &'static str,
    filter: &'static str,
}

pub fn run(args: &[String], root: &Path) -> Result<ExitCode, String> {
    // `--only <model stem>` (e.g. `--only restXml`): one official suite, to iterate fast.
    let only = match args {
        [] => None,
        [flag, stem] if flag == "--only" => Some(format!("{stem}.json")),
        _ => {
            return Err(format!(
                "usage: cargo xtask protocol-tests [--only <suite, e.g. restXml>] (got {args:?})"
            ));
        }
    };
    let started = Instant::now();
    let models = models_dir(root)?;
    let scratch = root.join("target").join("protocol-tests");
    // One target directory for all the crates (and the workspace's by default), so the runtime
    // and its dependencies are compiled once.
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    // The official suites, then our own (cases the official ones do not cover, such as numbers
    // wider than 64 bits), which live in the repository.
    let mut suites: Vec<(PathBuf, String)> = MODELS
        .iter()
        .filter(|file| only.as_deref().is_none_or(|o| o == **file))
        .map(|file| {
            (
                models.join(file),
                format!("smithy-protocol-tests/json-ast/{file}"),
            )
        })
        .collect();
    if only.is_none() {
        suites.extend(own_suites(root)?);
    }
    let mut crates = Vec::new();
    for (path, label) in suites {
        crates.extend(generate_suite(root, &scratch, &path, &label)?);
    }
    for dir in IDL_SUITES
        .iter()
        .filter(|dir| only.as_deref().is_none_or(|o| o == format!("{dir}.json")))
    {
        crates.extend(generate_idl_suite(root, &scratch, &models, dir)?);
    }
    if only
        .as_deref()
        .is_none_or(|o| o == format!("{}.json", event_streams::SUITE))
    {
        crates.extend(event_streams::generate(root, &scratch, &models)?);
    }
    write_workspace(root, &scratch, &crates)?;

    eprintln!("== building {} protocol-test crates", crates.len());
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let build = Command::new(&cargo)
        .args([
            "test",
            "--no-run",
            "--lib",
            "--no-fail-fast",
            "--message-format=json",
        ])
        .arg("--manifest-path")
        .arg(scratch.join("Cargo.toml"))
        .arg("--workspace")
        .env("CARGO_TARGET_DIR", &target_dir)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .map_err(|e| format!("running cargo: {e}"))?;
    let binaries = test_binaries(&String::from_utf8_lossy(&build.stdout));

    let mut per_protocol: Vec<(&'static str, Tally)> = Vec::new();
    let mut broken = Vec::new();
    for krate in &crates {
        let tally = match per_protocol.iter_mut().find(|(p, _)| *p == krate.protocol) {
            Some((_, t)) => t,
            None => {
                per_protocol.push((krate.protocol, Tally::default()));
                &mut per_protocol.last_mut().ok_or("unreachable")?.1
            }
        };
        let Some(binary) = binaries.get(&krate.name.replace('-', "_")) else {
            broken.push(krate.service.clone());
            continue;
        };
        let out = Command::new(binary)
            .arg(krate.filter)
            .env("RUST_BACKTRACE", "0")
            .output()
            .map_err(|e| format!("running {}: {e}", binary.display()))?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let failed_before = tally.failed.len();
        let before = (tally.passed.len(), tally.skipped.len());
        parse(&stdout, &krate.name, tally);
        eprintln!(
            "   {}: {} passed, {} failed, {} skipped",
            krate.service,
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
    }
    if !broken.is_empty() {
        // Show the compiler's messages for the crates that did not build.
        eprintln!(
            "{}",
            compiler_errors(&String::from_utf8_lossy(&build.stdout))
        );
    }
    let mut total = Tally::default();
    for (_, tally) in &per_protocol {
        for name in &tally.failed {
            println!("FAILED {name}");
        }
        for reason in &tally.skipped {
            println!("skipped {reason}");
        }
    }
    for service in &broken {
        println!("FAILED {service}: the generated crate did not build");
    }
    eprintln!(
        "protocol tests took {:.1} s",
        started.elapsed().as_secs_f64()
    );
    for (protocol, tally) in per_protocol {
        println!(
            "{protocol}: {} passed, {} failed, {} skipped",
            tally.passed.len(),
            tally.failed.len(),
            tally.skipped.len()
        );
        total.passed.extend(tally.passed);
        total.failed.extend(tally.failed);
        total.skipped.extend(tally.skipped);
    }
    let failed = total.failed.len() + broken.len();
    println!(
        "{} passed, {} failed, {} skipped",
        total.passed.len(),
        failed,
        total.skipped.len()
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Generates one crate per service of a test model into `scratch`.
fn generate_suite(
    root: &Path,
    scratch: &Path,
    path: &Path,
    label: &str,
) -> Result<Vec<TestCrate>, String> {
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut sources = smithy_codegen::read_sources(path, label).map_err(|e| e.to_string())?;
    // SDK customizations the model cannot express (`apply` of this generator's traits).
    let custom = root.join("xtask/customizations").join(&file);
    if custom.is_file() {
        let custom_label = format!("xtask/customizations/{file}");
        sources.extend(
            smithy_codegen::read_sources(&custom, &custom_label).map_err(|e| e.to_string())?,
        );
    }
    // Services standing in for a real AWS one (S3) get its endpoint rules, read at run time.
    let mut rules = Vec::new();
    for source in &sources {
        rules.extend(crate::protocol_test_rules::rules_source(
            root,
            &source.text,
            &source.name,
        )?);
    }
    sources.extend(rules);
    generate_from_sources(root, scratch, &sources, label)
}

/// Generates one crate per service of an IDL test directory (`smithy-protocol-tests/<dir>/`
/// beside `json_ast`), read together with the directories it imports.
fn generate_idl_suite(
    root: &Path,
    scratch: &Path,
    json_ast: &Path,
    dir: &str,
) -> Result<Vec<TestCrate>, String> {
    let tests = json_ast.parent().unwrap_or(json_ast);
    let mut sources = Vec::new();
    for d in std::iter::once(dir).chain(IDL_IMPORTS) {
        let label = format!("smithy-protocol-tests/{d}");
        sources.extend(
            smithy_codegen::read_sources(&tests.join(d), &label).map_err(|e| e.to_string())?,
        );
    }
    generate_from_sources(
        root,
        scratch,
        &sources,
        &format!("smithy-protocol-tests/{dir}"),
    )
}

/// Generates one crate per service of the loaded `sources` into `scratch`.
fn generate_from_sources(
    root: &Path,
    scratch: &Path,
    sources: &[smithy_codegen::Source],
    label: &str,
) -> Result<Vec<TestCrate>, String> {
    let loaded = smithy_codegen::load::load(sources).map_err(|e| e.to_string())?;
    let services: Vec<(String, &'static str)> = loaded
        .model
        .shapes
        .values()
        .filter(|s| s.kind == ShapeKind::Service)
        .map(|s| {
            let protocol = Protocol::ALL
                .into_iter()
                .find(|p| s.has_trait(p.trait_id()))
                .map_or("other", Protocol::name);
            (s.id.clone(), protocol)
        })
        .collect();
    let mut crates = Vec::new();
    for (service, protocol) in services {
        let name = crate_name(&service);
        let dir = scratch.join(&name);
        let settings = Settings::new(name.clone())
            .with_runtime_path(relative_to_runtime(&dir, root))
            .with_service(service.clone())
            .with_standalone(false)
            .with_model_label(label.to_owned())
            .with_protocol_tests(true);
        let generated = smithy_codegen::generate_with_warnings(sources, &settings)
            .map_err(|e| format!("{service}: {e}"))?;
        for warning in &generated.warnings {
            eprintln!("warning: {warning}");
        }
        output::write(&dir, &generated.files).map_err(|e| e.to_string())?;
        crates.push(TestCrate {
            name,
            service,
            protocol,
            filter: "protocol_tests::",
        });
    }
    Ok(crates)
}

/// `target/protocol-tests/Cargo.toml`: a workspace of the generated crates, starting from the
/// main workspace's lock file so it builds with the versions already compiled.
fn write_workspace(root: &Path, scratch: &Path, crates: &[TestCrate]) -> Result<(), String> {
    let members: Vec<String> = crates
        .iter()
        .map(|c| format!("    {:?},", c.name))
        .collect();
    let manifest = format!(
        "# Written by `cargo xtask protocol-tests`.\n[workspace]\nresolver = \"3\"\nmembers = [\n{}\n]\n",
        members.join("\n")
    );
    std::fs::write(scratch.join("Cargo.toml"), manifest)
        .map_err(|e| format!("writing the protocol-test workspace: {e}"))?;
    let lock = root.join("Cargo.lock");
    if lock.exists() && !scratch.join("Cargo.lock").exists() {
        std::fs::copy(&lock, scratch.join("Cargo.lock"))
            .map_err(|e| format!("copying Cargo.lock: {e}"))?;
    }
    Ok(())
}

/// Test executables by crate name (underscored), from cargo's JSON messages.
fn test_binaries(messages: &str) -> std::collections::BTreeMap<String, PathBuf> {
    let mut out = std::collections::BTreeMap::new();
    for line in messages.lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if msg["reason"] != "compiler-artifact" || msg["profile"]["test"] != true {
            continue;
        }
        if let (Some(name), Some(exe)) =
            (msg["target"]["name"].as_str(), msg["executable"].as_str())
        {
            out.insert(name.to_owned(), PathBuf::from(exe));
        }
    }
    out
}

/// The rendered compiler errors in cargo's JSON messages.
fn compiler_errors(messages: &str) -> String {
    let mut out = String::new();
    for line in messages.lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if msg["reason"] == "compiler-message"
            && msg["message"]["level"] == "error"
            && let Some(text) = msg["message"]["rendered"].as_str()
        {
            out.push_str(text);
        }
    }
    out
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
pub(crate) fn models_dir(root: &Path) -> Result<PathBuf, String> {
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
             SMITHY_PROTOCOL_TESTS to the directory holding awsJson1_0.json, awsJson1_1.json and restJson1.json"
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
