//! `cargo xtask bench`: the generated client side by side with `aws-sdk-partnercentralselling`.
//!
//! The benchmark crates live in `bench/`, a cargo workspace of its own that the root workspace
//! excludes, so that no ordinary build or test ever downloads the AWS SDK. This module only
//! orchestrates: it generates `bench/target-gen/partnercentral` from the full model, shells out
//! to cargo for every build, times the builds and the generator, runs the `bench-harness` binary
//! for the runtime measures, and writes `docs/BENCHMARKS.md`. It adds no dependencies to xtask.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const USAGE: &str = "usage:
  cargo xtask bench [--target-dir <dir>] [--models <dir>] [--seconds <s>] [--build-reps <n>]
                    [--codegen-reps <n>] [--only <runtime|build|codegen|glue>[,...]]
      build and run the side-by-side benchmarks (bench/) and write docs/BENCHMARKS.md
      (only when every section ran; with --only the table goes to stdout)";

/// The crate name of each side's client and one-call program.
const OURS_CRATE: &str = "partnercentral";
const AWS_CRATE: &str = "aws-sdk-partnercentralselling";
const FULL_MODEL: &str = "partnercentral-selling.json";

struct Options {
    target_dir: PathBuf,
    models: PathBuf,
    seconds: f64,
    build_reps: usize,
    codegen_reps: usize,
    runtime: bool,
    build: bool,
    codegen: bool,
    glue: bool,
}

fn parse(args: &[String], root: &Path) -> Result<Options, String> {
    let mut o = Options {
        target_dir: root.join("bench").join("target"),
        // `shared/` sits beside the workspace (as on the CI and development machines).
        models: crate::workspace_root().join("../shared/models/aws"),
        seconds: 3.0,
        build_reps: 3,
        codegen_reps: 5,
        runtime: true,
        build: true,
        codegen: true,
        glue: true,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        let number = |flag: &str, v: String| {
            v.parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n > 0.0)
                .ok_or_else(|| format!("{flag} needs a positive number, not {v}"))
        };
        match arg.as_str() {
            "--target-dir" => o.target_dir = crate::absolute(Path::new(&value(arg)?)),
            "--models" => o.models = crate::absolute(Path::new(&value(arg)?)),
            "--seconds" => o.seconds = number(arg, value(arg)?)?,
            "--build-reps" => o.build_reps = number(arg, value(arg)?)?.ceil() as usize,
            "--codegen-reps" => o.codegen_reps = number(arg, value(arg)?)?.ceil() as usize,
            "--only" => {
                let list = value(arg)?;
                (o.runtime, o.build, o.codegen, o.glue) = (false, false, false, false);
                for section in list.split(',') {
                    match section {
                        "runtime" => o.runtime = true,
                        "build" => o.build = true,
                        "codegen" => o.codegen = true,
                        "glue" => o.glue = true,
                        other => return Err(format!("unknown section {other}\n{USAGE}")),
                    }
                }
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok(o)
}

/// Runs `cargo xtask bench`.
pub fn run(args: &[String]) -> Result<ExitCode, String> {
    let root = crate::workspace_root();
    let options = parse(args, &root)?;
    let bench = root.join("bench");
    let started_at = SystemTime::now();
    let load_before = read_trimmed("/proc/loadavg");
    let mut results = Results::default();

    // Our client crate is generated now from the full official model (never committed).
    let model = options.models.join(FULL_MODEL);
    let generated = bench.join("target-gen").join(OURS_CRATE);
    let code = crate::codegen(&[
        "--model".into(),
        model.display().to_string(),
        "--out".into(),
        generated.display().to_string(),
    ])?;
    if code != ExitCode::SUCCESS {
        return Err(format!("generating {} failed", generated.display()));
    }
    crate::bench_glue::generate(&options.models, &bench)?;
    crate::bench_events::generate(&options.models, &bench)?;
    // Downloads happen here, outside every timed step.
    cargo(&bench, None, &["fetch"])?;

    if options.codegen {
        codegen_section(&root, &options, &mut results)?;
    }
    if options.runtime {
        runtime_section(&bench, &options, &mut results)?;
    }
    if options.build {
        build_section(&bench, &options, &mut results)?;
    }

    let glue = if options.glue {
        Some(crate::bench_glue::measure(
            &bench,
            &options.target_dir,
            options.build_reps,
        )?)
    } else {
        None
    };
    let mut report = render(&options, &results, started_at, &load_before, args);
    if let Some(glue) = &glue {
        report.push_str(&crate::bench_glue::render(glue, &bench));
    }
    if options.runtime {
        report.push_str(&crate::bench_events::section(
            &options.models,
            &bench,
            &options.target_dir,
        )?);
    }
    if options.runtime && options.build && options.codegen && options.glue {
        let path = root.join("docs").join("BENCHMARKS.md");
        std::fs::write(&path, &report).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

/// Everything measured, by side: `[ours, aws]`.
#[derive(Default)]
struct Results {
    inmem_ns: Option<[f64; 2]>,
    loopback_1: Option<[f64; 2]>,
    loopback_16: Option<[f64; 2]>,
    /// Raw hyper calls/s with 1 and 16 in flight (the floor of our transport).
    raw_1: Option<f64>,
    raw_16: Option<f64>,
    crate_build_s: Option<[f64; 2]>,
    clean_build_s: Option<[f64; 2]>,
    stripped_bytes: Option<[u64; 2]>,
    unstripped_bytes: Option<[u64; 2]>,
    /// Per model: (process wall ms, in-process generation ms), medians.
    codegen_ms: BTreeMap<String, (f64, Option<f64>)>,
}

fn codegen_section(root: &Path, options: &Options, results: &mut Results) -> Result<(), String> {
    // The release build of our generator: the xtask binary itself, built with --release.
    let target = options.target_dir.join("xtask-release");
    cargo(root, Some(&target), &["build", "--release", "-p", "xtask"])?;
    let exe = target.join("release").join("xtask");
    let mut models: Vec<PathBuf> = std::fs::read_dir(&options.models)
        .map_err(|e| format!("{}: {e}", options.models.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    models.sort();
    if !models.iter().any(|m| m.ends_with(FULL_MODEL)) {
        return Err(format!(
            "{FULL_MODEL} not found in {}",
            options.models.display()
        ));
    }
    let out_root = options.target_dir.join("codegen-out");
    for model in &models {
        let stem = model
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let out = out_root.join(&stem);
        let mut wall = Vec::new();
        let mut inner = Vec::new();
        for _ in 0..options.codegen_reps {
            // A fresh output directory each time: every run writes every file.
            remove_dir(&out)?;
            let started = Instant::now();
            let output = Command::new(&exe)
                .arg("codegen")
                .arg("--model")
                .arg(model)
                .arg("--out")
                .arg(&out)
                .stdin(Stdio::null())
                .output()
                .map_err(|e| format!("{}: {e}", exe.display()))?;
            wall.push(ms(started.elapsed()));
            let stderr = String::from_utf8_lossy(&output.stderr);
            if !output.status.success() {
                return Err(format!("codegen of {} failed:\n{stderr}", model.display()));
            }
            if let Some(t) = generation_ms(&stderr) {
                inner.push(t);
            }
        }
        let inner = (inner.len() == wall.len()).then(|| median(&mut inner));
        let wall = median(&mut wall);
        eprintln!("codegen {stem}: {wall:.1} ms wall, {inner:?} ms in process");
        results.codegen_ms.insert(stem, (wall, inner));
    }
    Ok(())
}

/// The generator's own timing line: "generated N files (M lines) in X ms; ...".
fn generation_ms(stderr: &str) -> Option<f64> {
    let rest = stderr.split(" in ").nth(1)?;
    rest.split(" ms").next()?.trim().parse().ok()
}

fn runtime_section(bench: &Path, options: &Options, results: &mut Results) -> Result<(), String> {
    let target = options.target_dir.join("harness");
    cargo(
        bench,
        Some(&target),
        &["build", "--release", "-p", "harness"],
    )?;
    let exe = target.join("release").join("bench-harness");
    eprintln!("running {} (both sides, interleaved)", exe.display());
    let output = Command::new(&exe)
        .arg("--seconds")
        .arg(options.seconds.to_string())
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("{}: {e}", exe.display()))?;
    if !output.status.success() {
        return Err("bench-harness failed".into());
    }
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let ["RESULT", key, ours, aws] = fields.as_slice() else {
            continue;
        };
        let (Ok(ours), Ok(aws)) = (ours.parse::<f64>(), aws.parse::<f64>()) else {
            return Err(format!("bad harness line: {line}"));
        };
        let slot = match *key {
            "inmem_ns" => &mut results.inmem_ns,
            "loopback_1" => &mut results.loopback_1,
            "loopback_16" => &mut results.loopback_16,
            "raw_1" => {
                results.raw_1 = Some(ours);
                continue;
            }
            "raw_16" => {
                results.raw_16 = Some(ours);
                continue;
            }
            _ => continue,
        };
        *slot = Some([ours, aws]);
    }
    if results.inmem_ns.is_none() || results.loopback_1.is_none() || results.loopback_16.is_none() {
        return Err("bench-harness did not report every measure".into());
    }
    Ok(())
}

fn build_section(bench: &Path, options: &Options, results: &mut Results) -> Result<(), String> {
    let sides = [("ours", OURS_CRATE), ("aws", AWS_CRATE)];
    let mut clean = [0.0; 2];
    let mut stripped = [0u64; 2];
    let mut unstripped = [0u64; 2];
    // The anchor first: if anything is cached by the OS, it favours the anchor, not us.
    for i in [1, 0] {
        let (side, _) = sides[i];
        let target = options.target_dir.join(format!("clean-{side}"));
        remove_dir(&target)?;
        let program = format!("oneshot-{side}");
        let started = Instant::now();
        cargo(
            bench,
            Some(&target),
            &["build", "--release", "-p", &program],
        )?;
        clean[i] = started.elapsed().as_secs_f64();
        eprintln!("clean release build of {program}: {:.1} s", clean[i]);
        let exe = target.join("release").join(&program);
        let copy = options.target_dir.join(format!("{program}.stripped"));
        std::fs::copy(&exe, &copy).map_err(|e| format!("{}: {e}", exe.display()))?;
        let status = Command::new("strip")
            .arg(&copy)
            .status()
            .map_err(|e| format!("strip: {e}"))?;
        if !status.success() {
            return Err(format!("strip {} failed", copy.display()));
        }
        unstripped[i] = file_len(&exe)?;
        stripped[i] = file_len(&copy)?;
    }
    // The client crate alone, everything else already built by the clean build: remove only
    // the crate's artifacts and rebuild the one-call program, which recompiles the crate (and
    // relinks the program). Building `-p <crate>` instead would select different features for
    // shared dependencies and rebuild them too. `cargo clean -p` works the same for a registry
    // crate and a path crate (touching the anchor's lib.rs in the registry would not make cargo
    // rebuild it).
    let mut crate_times: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    for _ in 0..options.build_reps {
        for i in [1, 0] {
            let (side, krate) = sides[i];
            let target = options.target_dir.join(format!("clean-{side}"));
            let program = format!("oneshot-{side}");
            cargo(bench, Some(&target), &["clean", "--release", "-p", krate])?;
            let started = Instant::now();
            cargo(
                bench,
                Some(&target),
                &["build", "--release", "-p", &program],
            )?;
            let t = started.elapsed().as_secs_f64();
            eprintln!("release rebuild of {krate} (and relink of {program}): {t:.1} s");
            crate_times[i].push(t);
        }
    }
    let [o, a] = &mut crate_times;
    results.crate_build_s = Some([median(o), median(a)]);
    results.clean_build_s = Some(clean);
    results.stripped_bytes = Some(stripped);
    results.unstripped_bytes = Some(unstripped);
    Ok(())
}

/// Runs cargo (the one running us, if known) in `dir`, quietly, failing with its output.
pub(crate) fn cargo(dir: &Path, target_dir: Option<&Path>, args: &[&str]) -> Result<(), String> {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(program);
    command
        .args(args)
        .arg("--quiet")
        .current_dir(dir)
        .stdin(Stdio::null());
    if let Some(target_dir) = target_dir {
        command.env("CARGO_TARGET_DIR", target_dir);
    }
    let output = command
        .output()
        .map_err(|e| format!("cargo {}: {e}", args.join(" ")))?;
    if !output.status.success() {
        return Err(format!(
            "`cargo {}` in {} failed:\n{}",
            args.join(" "),
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(())
}

pub(crate) fn remove_dir(dir: &Path) -> Result<(), String> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("{}: {e}", dir.display()))
        }
        _ => Ok(()),
    }
}

pub(crate) fn file_len(path: &Path) -> Result<u64, String> {
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub(crate) fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn read_trimmed(path: &str) -> String {
    std::fs::read_to_string(path)
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// One table row: `goal` checks the ratio ours/aws (or, without an anchor value, our value).
struct Row {
    measure: String,
    ours: String,
    aws: String,
    ratio: Option<f64>,
    goal: &'static str,
    met: Option<bool>,
}

fn render(
    options: &Options,
    r: &Results,
    started_at: SystemTime,
    load_before: &str,
    args: &[String],
) -> String {
    let mut rows = Vec::new();
    let mut pair = |measure: String,
                    values: Option<[f64; 2]>,
                    show: &dyn Fn(f64) -> String,
                    goal: &'static str,
                    check: &dyn Fn(f64) -> bool| {
        let (ours, aws, ratio) = match values {
            Some([o, a]) => (show(o), show(a), Some(o / a)),
            None => ("not measured".into(), "not measured".into(), None),
        };
        rows.push(Row {
            measure,
            ours,
            aws,
            ratio,
            goal,
            // A row without a goal has nothing to meet.
            met: if goal == "—" {
                None
            } else {
                ratio.map(check)
            },
        });
    };
    let secs = options.seconds;
    pair(
        "Client overhead per call, in-memory transport, 1-thread tokio (median ns/call; lower is better)".into(),
        r.inmem_ns,
        &|v| format!("{v:.0} ns"),
        "≤ 0.125",
        &|x| x <= 0.125,
    );
    pair(
        format!("Calls/s, loopback HTTP server, 1 in flight ({secs} s per side; higher is better)"),
        r.loopback_1,
        &|v| format!("{v:.0}/s"),
        "≥ 2.5",
        &|x| x >= 2.5,
    );
    pair(
        "Calls/s, loopback, 1 in flight: ours against **raw hyper** (in the aws column: the same \
         pre-built request bytes through a bare hyper client, the limit for our stack)"
            .into(),
        r.loopback_1.zip(r.raw_1).map(|([o, _], r)| [o, r]),
        &|v| format!("{v:.0}/s"),
        "≥ 0.9",
        &|x| x >= 0.9,
    );
    pair(
        format!(
            "Calls/s, loopback HTTP server, 16 in flight ({secs} s per side; higher is better)"
        ),
        r.loopback_16,
        &|v| format!("{v:.0}/s"),
        "≥ 1.5",
        &|x| x >= 1.5,
    );
    pair(
        "Calls/s, loopback, 16 in flight: ours against **raw hyper** (aws column: raw hyper)"
            .into(),
        r.loopback_16.zip(r.raw_16).map(|([o, _], r)| [o, r]),
        &|v| format!("{v:.0}/s"),
        "—",
        &|_| true,
    );
    pair(
        format!(
            "Release rebuild of the client crate alone, plus relink (median of {}, s)",
            options.build_reps
        ),
        r.crate_build_s,
        &|v| format!("{v:.1} s"),
        "≤ 0.25",
        &|x| x <= 0.25,
    );
    pair(
        "Clean release build of the one-call program, all dependencies (s)".into(),
        r.clean_build_s,
        &|v| format!("{v:.1} s"),
        "≤ 0.33",
        &|x| x <= 1.0 / 3.0,
    );
    pair(
        "Stripped release binary of the one-call program".into(),
        r.stripped_bytes.map(|[o, a]| [o as f64, a as f64]),
        &|v| format!("{:.2} MiB", v / (1024.0 * 1024.0)),
        "≤ 0.5",
        &|x| x <= 0.5,
    );
    if let Some(&(wall, inner)) = r.codegen_ms.get(FULL_MODEL.trim_end_matches(".json")) {
        let inner = inner.map_or(String::new(), |t| format!(" ({t:.1} ms in process)"));
        rows.push(Row {
            measure: format!(
                "Codegen, full partnercentral-selling model (release generator, median of {}, wall)",
                options.codegen_reps
            ),
            ours: format!("{wall:.1} ms{inner}"),
            aws: "n/a (smithy-rs needs a JVM/Gradle build)".into(),
            ratio: None,
            goal: "< 50 ms",
            met: Some(wall < 50.0),
        });
    }
    if !r.codegen_ms.is_empty() {
        let total: f64 = r.codegen_ms.values().map(|(wall, _)| wall).sum();
        rows.push(Row {
            measure: format!(
                "Codegen, all {} shared models (sum of per-model medians, wall)",
                r.codegen_ms.len()
            ),
            ours: format!("{total:.1} ms"),
            aws: "n/a".into(),
            ratio: None,
            goal: "—",
            met: None,
        });
    }

    let mut md = String::new();
    let command = reproduce_command(args);
    let _ = writeln!(
        md,
        "# Benchmarks: generated client vs aws-sdk-partnercentralselling\n"
    );
    let _ = writeln!(
        md,
        "Written by `cargo xtask bench` (see `bench/` and `xtask/src/bench.rs`). Reproduce from \
         the workspace root with:\n\n```sh\n{command}\n```\n\n\
         Needs network access once (crates.io, for the AWS SDK side) and the AWS models in \
         `shared/models/aws` beside the workspace (or `--models <dir>`). Setting \
         `CARGO_TARGET_DIR` (and `--target-dir`) to a directory outside the tree keeps the large \
         build caches out of it. Run it on a quiet machine: every build and timing shares the \
         cores with whatever else runs.\n"
    );
    let _ = writeln!(
        md,
        "\"ours\" is the crate generated from the full official model \
         (`partnercentral-selling.json`, 38 operations) into `bench/target-gen/partnercentral`; \
         \"aws\" is `aws-sdk-partnercentralselling` {} with default features \
         (plus `aws-config` for the one-call program). Ratio = ours / aws.\n",
        anchor_version().unwrap_or_else(|| "1.84".into())
    );
    let _ = writeln!(md, "| Measure | ours | aws | ratio | goal | met |");
    let _ = writeln!(md, "|---|---:|---:|---:|---:|:---:|");
    for row in &rows {
        let ratio = row.ratio.map_or("—".to_string(), |x| format!("{x:.3}"));
        let met = match row.met {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "—",
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {ratio} | {} | {met} |",
            row.measure, row.ours, row.aws, row.goal
        );
    }
    if let Some([o, a]) = r.unstripped_bytes {
        let _ = writeln!(
            md,
            "\nUnstripped sizes: ours {:.2} MiB, aws {:.2} MiB.",
            o as f64 / 1048576.0,
            a as f64 / 1048576.0
        );
    }
    if !r.codegen_ms.is_empty() {
        let _ = writeln!(
            md,
            "\nCodegen per model (median of {}):\n",
            options.codegen_reps
        );
        let _ = writeln!(md, "| Model | wall (process) | generation in process |");
        let _ = writeln!(md, "|---|---:|---:|");
        for (model, (wall, inner)) in &r.codegen_ms {
            let inner = inner.map_or("—".to_string(), |t| format!("{t:.1} ms"));
            let _ = writeln!(md, "| {model} | {wall:.1} ms | {inner} |");
        }
    }
    let _ = writeln!(md, "\n## Method\n");
    let _ = writeln!(
        md,
        "- Per-call overhead: one GetResourceSnapshotJob call with the same input, region, static \
         credentials and canned 200 response (every output member set); ours through \
         `CaptureClient` (runtime feature `test-util`), aws through `aws-smithy-http-client`'s \
         `infallible_client_fn`. Both sign with SigV4, resolve the endpoint from the rules and \
         parse the body; every output is checked. Current-thread tokio runtime; samples of 64 \
         calls, the sides alternating sample by sample; median of 301 samples per side.\n\
         - Throughput: both sides' default HTTP clients against one hyper HTTP/1.1 server on \
         127.0.0.1 (its own thread and runtime) answering the same canned response; callers on a \
         current-thread runtime; half-second slices alternating between the sides after a warm-up; \
         median calls/s of the slices.\n\
         - Client crate build: after the clean build, `cargo clean --release -p <crate>` removes \
         only the client crate, then `cargo build --release -p oneshot-<side>` recompiles it and \
         relinks the program (the anchor is a registry crate, so touching its lib.rs would not \
         rebuild it); the sides alternate.\n\
         - Clean build: `cargo build --release -p oneshot-<side>` in an empty target directory, \
         crates already downloaded; the one-call programs are `bench/oneshot-ours` and \
         `bench/oneshot-aws`. Size: the same binaries after `strip`.\n\
         - Codegen: the xtask built with `--release`, run as a process per model \
         (`xtask codegen --model <m> --out <empty dir>`), wall time including writing every file."
    );
    let _ = writeln!(md, "\n## Machine and run\n");
    let _ = writeln!(md, "- Date: {} (UTC, start of run)", utc(started_at));
    let _ = writeln!(md, "- {}", machine());
    let _ = writeln!(md, "- Toolchain: {}", rustc_version());
    let _ = writeln!(
        md,
        "- Load average (1/5/15 min) at start: {}; at end: {}",
        first_three(load_before),
        first_three(&read_trimmed("/proc/loadavg"))
    );
    let _ = writeln!(
        md,
        "- Measured with {} cores: absolute numbers vary from run to run with what else \
         runs (see the load averages); the ratios are more meaningful because both sides were \
         measured in the same run, interleaved where the measure allows (runtime measures, \
         client crate builds).",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    md
}

/// The command that reran this benchmark, with every path replaced by a placeholder: the report
/// is committed, and one machine's directories mean nothing on another.
fn reproduce_command(args: &[String]) -> String {
    let mut command = String::from("cargo xtask bench");
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        command.push(' ');
        command.push_str(arg);
        let placeholder = match arg.as_str() {
            "--target-dir" => Some("<dir for the bench crates' builds>"),
            "--models" => Some("<dir of the AWS JSON models>"),
            _ => None,
        };
        if let Some(placeholder) = placeholder {
            it.next();
            command.push(' ');
            command.push_str(placeholder);
        }
    }
    command
}

/// The anchor version cargo resolved, read from bench/Cargo.lock.
fn anchor_version() -> Option<String> {
    locked_version(AWS_CRATE)
}

/// The version of `krate` cargo resolved, read from bench/Cargo.lock.
pub(crate) fn locked_version(krate: &str) -> Option<String> {
    let lock = crate::workspace_root().join("bench").join("Cargo.lock");
    let text = std::fs::read_to_string(lock).ok()?;
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{krate}\"") {
            let version = lines.next()?;
            return Some(
                version
                    .trim_start_matches("version = ")
                    .trim_matches('"')
                    .to_string(),
            );
        }
    }
    None
}

fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown CPU".to_string(), |(_, m)| m.trim().to_string());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_gib = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or("unknown".to_string(), |kb| {
            format!("{:.1} GiB", kb / 1024.0 / 1024.0)
        });
    format!("Machine: nproc {cpus}, memory {mem_gib}, CPU {model}")
}

fn rustc_version() -> String {
    Command::new("rustc")
        .arg("-V")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

fn first_three(loadavg: &str) -> String {
    loadavg
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `YYYY-MM-DD HH:MM` in UTC, without a date crate (days-to-civil conversion).
fn utc(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}",
        rem / 3600,
        (rem % 3600) / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_formats_known_instants() {
        assert_eq!(utc(UNIX_EPOCH), "1970-01-01 00:00");
        // 2024-02-29 12:34:00 UTC, a leap day.
        assert_eq!(
            utc(UNIX_EPOCH + Duration::from_secs(1_709_210_040)),
            "2024-02-29 12:34"
        );
    }

    #[test]
    fn reads_the_generators_timing_line() {
        let line =
            "generated 160 files (61662 lines) in 41.5 ms; 160 written, 0 deleted, into /x\n";
        assert_eq!(generation_ms(line), Some(41.5));
        assert_eq!(generation_ms("error: no such file"), None);
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(&mut []).is_nan());
    }
}
