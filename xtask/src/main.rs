//! `cargo xtask codegen [--check]` regenerates (or checks) `generated/` from `model/`;
//! `cargo xtask codegen --model <file-or-dir> --out <dir> [--name <crate>] [--service <id>]`
//! generates a standalone crate for any model; `cargo xtask bench` runs the side-by-side
//! benchmarks in `bench/` (see [`mod@bench`]); `cargo xtask protocol-tests` runs the official Smithy
//! awsJson protocol tests (see [`protocol_tests`]); `cargo xtask fuzz-setup` prepares the
//! response fuzz target (see [`fuzz_setup`]); `cargo xtask smithy-to-json <file-or-dir>... --out
//! <file>` converts IDL (and JSON AST) models to one JSON AST file (see [`smithy_to_json`]).

mod bench;
mod bench_events;
mod bench_glue;
mod config;
mod corpus;
mod fuzz_setup;
mod fuzz_setup_xml;
mod protocol_test_rules;
mod protocol_tests;
mod release_build;
mod smithy_to_json;

use smithy_codegen::{RuntimeDependency, Settings, output};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

// Code generation is allocation-bound (token trees, syntax trees, strings); see the comment on
// the dependency in the workspace Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage:
  cargo xtask codegen [--check]
      regenerate the workspace's crates: generated/ from model/, and examples/bookstore/client/
      from examples/bookstore/model/ (--check: only report stale files, exit 1 if any)
  cargo xtask codegen --model <file-or-dir> --out <dir> [--name <crate-name>] [--service <shape-id>]
                      [--runtime path=<dir> | git=<url>[,rev=<rev>] | version=<semver>] [--protocol-tests] [--check]
      generate a standalone crate for any Smithy 2.0 model: .json (JSON AST) and .smithy (IDL)
      files, directories read recursively; --model may be repeated
      (--runtime: where the crate gets smithy-client-runtime; default: this workspace's runtime/,
      as a path relative to --out; a relative path=<dir> is taken from the current directory)
      (--protocol-tests: also its smithy.test cases as Rust tests, src/protocol_tests.rs)
      [--operations A,B,...]: only these operations and what they use (default: the list in
      <model>.smithy-codegen.toml / <dir>/smithy-codegen.toml beside the model, else all)
      [--features-per-operation]: each operation behind a cargo feature named after it
      (get-job), all on by default (also `features_per_operation = true` in that file)
      A directory where several .json files define a service is a corpus: one crate per file,
      into <out>/<file stem>/, on --jobs N threads (default: cores); --corpus / --one-model
      force either reading
  cargo xtask smithy-to-json <file-or-dir>... --out <file>
      write the merged model (IDL and JSON AST inputs) as one Smithy JSON AST file
  cargo xtask protocol-tests
      generate and run the official Smithy awsJson protocol tests (prints N passed, M failed, K skipped)
  cargo xtask fuzz-setup
      generate the full Partner Central client the response fuzz target uses (fuzz/full-client)
  cargo xtask bench [--help]
      benchmarks side by side with aws-sdk-partnercentralselling; writes docs/BENCHMARKS.md
  cargo xtask bench-events [--rounds N] [--events N]
      the event-stream section alone: ConverseStream decoding against aws-sdk-bedrockruntime";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => match codegen(&args[1..]) {
            Ok(code) => code,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::from(2)
            }
        },
        Some("protocol-tests") => match protocol_tests::run(&args[1..], &workspace_root()) {
            Ok(code) => code,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::from(2)
            }
        },
        Some("smithy-to-json") => match smithy_to_json::run(&args[1..]) {
            Ok(code) => code,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::from(2)
            }
        },
        Some("fuzz-setup") => match fuzz_setup::run(&args[1..], &workspace_root()) {
            Ok(code) => code,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::from(2)
            }
        },
        Some("bench-events") => match bench_events::run(&args[1..]) {
            Ok(code) => code,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::from(2)
            }
        },
        Some("bench") => match bench::run(&args[1..]) {
            Ok(code) => code,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::from(2)
            }
        },
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

struct Args {
    check: bool,
    model: Vec<PathBuf>,
    out: Option<PathBuf>,
    name: Option<String>,
    service: Option<String>,
    protocol_tests: bool,
    operations: Option<Vec<String>>,
    features_per_operation: bool,
    corpus: Option<bool>,
    jobs: Option<usize>,
    runtime: Option<RuntimeDependency>,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut a = Args {
        check: false,
        model: Vec::new(),
        out: None,
        name: None,
        service: None,
        protocol_tests: false,
        operations: None,
        features_per_operation: false,
        corpus: None,
        jobs: None,
        runtime: None,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--check" => a.check = true,
            "--model" => a.model.push(PathBuf::from(value("--model")?)),
            "--out" => a.out = Some(PathBuf::from(value("--out")?)),
            "--name" => a.name = Some(value("--name")?),
            "--service" => a.service = Some(value("--service")?),
            "--protocol-tests" => a.protocol_tests = true,
            "--operations" => a.operations = Some(config::split_list(&value("--operations")?)),
            "--features-per-operation" => a.features_per_operation = true,
            "--corpus" => a.corpus = Some(true),
            "--one-model" => a.corpus = Some(false),
            "--jobs" => {
                let v = value("--jobs")?;
                a.jobs = Some(v.parse().map_err(|_| format!("--jobs {v}: not a number"))?);
            }
            "--runtime" => a.runtime = Some(RuntimeDependency::parse(&value("--runtime")?)?),
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    if a.runtime.is_some() && a.out.is_none() {
        return Err(format!(
            "--runtime goes with --model/--out (generated/ always uses ../runtime)\n{USAGE}"
        ));
    }
    if a.model.is_empty() == a.out.is_some() {
        return Err(format!("--model and --out go together\n{USAGE}"));
    }
    Ok(a)
}

/// The workspace root, found when xtask runs (not fixed when it was compiled, so a moved or
/// copied checkout works): `cargo xtask` sets `CARGO_MANIFEST_DIR` to `xtask/`; otherwise the
/// nearest directory above the current one (then above the executable) holding `runtime/` and
/// `xtask/`.
fn workspace_root() -> PathBuf {
    let is_root = |dir: &Path| {
        dir.join("runtime/Cargo.toml").is_file() && dir.join("xtask/Cargo.toml").is_file()
    };
    let from_cargo = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .and_then(|xtask| xtask.parent().map(Path::to_path_buf))
        .filter(|dir| is_root(dir));
    let search = |start: Option<PathBuf>| {
        start.and_then(|start| {
            start
                .ancestors()
                .find(|dir| is_root(dir))
                .map(Path::to_path_buf)
        })
    };
    from_cargo
        .or_else(|| search(std::env::current_dir().ok()))
        .or_else(|| search(std::env::current_exe().ok()))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The runtime dependency of a crate generated into `out` (absolute): the user's choice, with a
/// relative `path=` taken from the current directory and written relative to `out`; by default
/// this workspace's `runtime/`, also relative to `out`.
fn runtime_dependency(
    choice: Option<&RuntimeDependency>,
    out: &Path,
    root: &Path,
) -> RuntimeDependency {
    match choice {
        Some(RuntimeDependency::Path(dir)) if Path::new(dir).is_absolute() => {
            RuntimeDependency::Path(dir.clone())
        }
        Some(RuntimeDependency::Path(dir)) => {
            RuntimeDependency::Path(relative_path(out, &absolute(Path::new(dir))))
        }
        Some(other) => other.clone(),
        None => RuntimeDependency::Path(relative_path(out, &root.join("runtime"))),
    }
}

/// Lines of a generated file (each ends with `\n`); counting bytes beats `str::lines` on
/// the 20 million lines of a whole corpus.
fn count_lines(text: &str) -> usize {
    let newlines = text.bytes().filter(|&b| b == b'\n').count();
    newlines + usize::from(!text.is_empty() && !text.ends_with('\n'))
}

fn codegen(raw: &[String]) -> Result<ExitCode, String> {
    let args = parse(raw)?;
    let root = workspace_root();
    let started = Instant::now();
    let (files, out_dir) = match (args.model.as_slice(), &args.out) {
        ([model], Some(out)) if corpus::is_corpus(model, args.corpus)? => {
            if let Some(code) = release_build::rerun(raw, &root) {
                return Ok(code);
            }
            return corpus::run(model, &absolute(out), &root, args.jobs, args.check);
        }
        ([first, rest @ ..], Some(out)) => {
            // The config beside the model applies when there is one model (file or directory).
            let file = match rest {
                [] => config::for_model(first)?,
                _ => config::ModelConfig::default(),
            };
            let operations = args.operations.clone().or(file.operations);
            let mut sources = Vec::new();
            let mut labels = Vec::new();
            for model in &args.model {
                let label = model.display().to_string();
                sources.extend(
                    smithy_codegen::read_sources(model, &label).map_err(|e| e.to_string())?,
                );
                labels.push(label);
            }
            let label = labels.join(" + ");
            let out_abs = absolute(out);
            let name = args
                .name
                .clone()
                .unwrap_or_else(|| default_crate_name(&out_abs));
            let mut settings = Settings::new(name)
                .with_runtime(runtime_dependency(args.runtime.as_ref(), &out_abs, &root))
                .with_model_label(label)
                .with_protocol_tests(args.protocol_tests);
            settings.service = args.service.clone();
            settings.operations = operations;
            settings.features_per_operation =
                args.features_per_operation || file.features_per_operation;
            let generated = smithy_codegen::generate_with_warnings(&sources, &settings)
                .map_err(|e| e.to_string())?;
            for warning in &generated.warnings {
                eprintln!("warning: {warning}");
            }
            (generated.files, out_abs)
        }
        _ => return workspace_codegen(&root, args.check, started),
    };
    let elapsed = started.elapsed();
    let lines: usize = files.values().map(|f| count_lines(f)).sum();
    if args.check {
        let drift = output::check(&out_dir, &files).map_err(|e| e.to_string())?;
        if drift.is_empty() {
            eprintln!(
                "{} is up to date ({} files)",
                out_dir.display(),
                files.len()
            );
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("{} is stale; run `cargo xtask codegen`:", out_dir.display());
        for line in drift.lines() {
            eprintln!("  {line}");
        }
        return Ok(ExitCode::from(1));
    }
    let drift = output::write(&out_dir, &files).map_err(|e| e.to_string())?;
    eprintln!(
        "generated {} files ({lines} lines) in {:.1} ms; {} written, {} deleted, into {}",
        files.len(),
        elapsed.as_secs_f64() * 1000.0,
        drift.changed.len() + drift.missing.len(),
        drift.extra.len(),
        out_dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `cargo xtask codegen` without `--model`: every crate of `codegen::workspace::CRATES`.
fn workspace_codegen(root: &Path, check: bool, started: Instant) -> Result<ExitCode, String> {
    use smithy_codegen::workspace;
    if check {
        let drift = workspace::check(root).map_err(|e| e.to_string())?;
        if drift.is_empty() {
            eprintln!("the workspace's generated crates are up to date");
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("generated code is stale; run `cargo xtask codegen`:");
        for line in drift.lines() {
            eprintln!("  {line}");
        }
        return Ok(ExitCode::from(1));
    }
    for krate in &workspace::CRATES {
        let files = workspace::generate_crate(root, krate).map_err(|e| e.to_string())?;
        let lines: usize = files.values().map(|f| count_lines(f)).sum();
        let out_dir = root.join(krate.out);
        let drift = output::write(&out_dir, &files).map_err(|e| e.to_string())?;
        eprintln!(
            "generated {} files ({lines} lines); {} written, {} deleted, into {}",
            files.len(),
            drift.changed.len() + drift.missing.len(),
            drift.extra.len(),
            out_dir.display()
        );
    }
    eprintln!("in {:.1} ms", started.elapsed().as_secs_f64() * 1000.0);
    Ok(ExitCode::SUCCESS)
}

fn default_crate_name(out: &Path) -> String {
    out.file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase().replace('_', "-"))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "generated-client".into())
}

fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    // Lexical normalisation: the directory may not exist yet, so no canonicalize().
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `to` relative to `from` (both absolute), with `/` separators for Cargo.toml.
fn relative_path(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".into(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_dependency_defaults_to_this_workspace_relative_to_out() {
        let root = Path::new("/ws");
        let out = Path::new("/ws/target/clients/ddb");
        assert_eq!(
            runtime_dependency(None, out, root),
            RuntimeDependency::Path("../../../runtime".into())
        );
        let absolute = RuntimeDependency::Path("/opt/rt".into());
        assert_eq!(runtime_dependency(Some(&absolute), out, root), absolute);
        let version = RuntimeDependency::Version("0.1".into());
        assert_eq!(runtime_dependency(Some(&version), out, root), version);
    }

    #[test]
    fn the_workspace_root_is_found_when_xtask_runs() {
        assert!(workspace_root().join("runtime/Cargo.toml").is_file());
    }
}
