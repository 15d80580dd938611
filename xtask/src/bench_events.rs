//! The event-stream section of the benchmarks: Bedrock ConverseStream decoding, events/s and CPU
//! per event, of our client (generated from the shared bedrock-runtime model with `--operations
//! ConverseStream`) and `aws-sdk-bedrockruntime`, side by side in one process
//! (`bench/events-harness`, binary `bench-events`).
//!
//! `cargo xtask bench` runs it with its runtime section ([`section`]); `cargo xtask bench-events
//! [--rounds N] [--events N]` runs it alone and prints the Markdown section ([`run`]).

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};

/// The model, in the shared models directory.
const MODEL: &str = "bedrock-runtime.json";
/// Our crate, a path dependency of the bench workspace.
const CRATE: &str = "bedrock-events";
const OPERATION: &str = "ConverseStream";

/// What the harness reported for one side.
#[derive(Clone, Copy, Debug, Default)]
pub struct SideResult {
    events_per_s: f64,
    cpu_ns_per_event: f64,
}

/// Both sides (`[ours, aws]`) and the workload.
#[derive(Debug, Default)]
pub struct EventsResults {
    sides: [SideResult; 2],
    rounds: String,
    events: String,
    body_bytes: String,
}

/// Generates our ConverseStream crate into `bench/target-gen/bedrock-events`.
pub fn generate(models: &Path, bench: &Path) -> Result<(), String> {
    let out = bench.join("target-gen").join(CRATE);
    let args = [
        "--model".to_string(),
        models.join(MODEL).display().to_string(),
        "--out".into(),
        out.display().to_string(),
        "--name".into(),
        CRATE.into(),
        "--operations".into(),
        OPERATION.into(),
    ];
    if crate::codegen(&args)? != ExitCode::SUCCESS {
        return Err(format!("generating {} failed", out.display()));
    }
    Ok(())
}

/// Builds and runs the harness (in the runtime section's target directory, so the shared
/// dependencies are compiled once) and parses its `RESULT` lines.
pub fn measure(bench: &Path, target_dir: &Path, extra: &[String]) -> Result<EventsResults, String> {
    let target = target_dir.join("harness");
    super::bench::cargo(
        bench,
        Some(&target),
        &["build", "--release", "-p", "events-harness"],
    )?;
    let exe = target.join("release").join("bench-events");
    eprintln!("running {} (both sides, interleaved)", exe.display());
    let output = Command::new(&exe)
        .args(extra)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("{}: {e}", exe.display()))?;
    if !output.status.success() {
        return Err("bench-events failed".into());
    }
    let mut r = EventsResults::default();
    let mut seen = [false; 2];
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let mut fields = line.split_whitespace();
        let (Some("RESULT"), Some("events"), Some(side)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let i = match side {
            "ours" => 0,
            "aws" => 1,
            _ => continue,
        };
        for field in fields {
            let Some((key, value)) = field.split_once('=') else {
                continue;
            };
            let number = || {
                value
                    .parse::<f64>()
                    .map_err(|_| format!("bad harness line: {line}"))
            };
            match key {
                "events_per_s" => r.sides[i].events_per_s = number()?,
                "cpu_ns_per_event" => r.sides[i].cpu_ns_per_event = number()?,
                "rounds" => r.rounds = value.to_owned(),
                "events" => r.events = value.to_owned(),
                "body_bytes" => r.body_bytes = value.to_owned(),
                _ => {}
            }
        }
        seen[i] = true;
    }
    if seen != [true, true] {
        return Err("bench-events did not report both sides".into());
    }
    Ok(r)
}

/// The section as Markdown.
pub fn render(r: &EventsResults) -> String {
    let [ours, aws] = r.sides;
    let aws_version = super::bench::locked_version("aws-sdk-bedrockruntime").map_or_else(
        || "aws-sdk-bedrockruntime".to_owned(),
        |v| format!("aws-sdk-bedrockruntime {v}"),
    );
    let mut md = String::new();
    let _ = writeln!(
        md,
        "\n## Event streams: Bedrock ConverseStream decoding\n\n\
         One ConverseStream call per round against an in-memory transport answering {} frames \
         ({} bytes: `messageStart`, short `contentBlockDelta` texts, `messageStop`); the whole \
         stream is read into typed events and their text checked. Medians of {} rounds per side, \
         sides alternating, one thread (CPU from `/proc/thread-self/schedstat`). Ours: generated \
         with `--operations ConverseStream`; anchor: {aws_version}.\n\n\
         | measure | ours | aws | ours / aws |\n|---|---|---|---|",
        r.events, r.body_bytes, r.rounds
    );
    let _ = writeln!(
        md,
        "| events/s | {:.0} | {:.0} | {:.2} |",
        ours.events_per_s,
        aws.events_per_s,
        ours.events_per_s / aws.events_per_s
    );
    let _ = writeln!(
        md,
        "| CPU per event | {:.2} µs | {:.2} µs | {:.2} |",
        ours.cpu_ns_per_event / 1000.0,
        aws.cpu_ns_per_event / 1000.0,
        ours.cpu_ns_per_event / aws.cpu_ns_per_event
    );
    md
}

/// The section for `cargo xtask bench`: generates, measures with the defaults, renders.
pub fn section(models: &Path, bench: &Path, target_dir: &Path) -> Result<String, String> {
    generate(models, bench)?;
    Ok(render(&measure(bench, target_dir, &[])?))
}

/// `cargo xtask bench-events [--rounds N] [--events N]`: this section alone. Every crate the
/// bench workspace names is generated first (cargo reads the whole workspace).
pub fn run(args: &[String]) -> Result<ExitCode, String> {
    let root = crate::workspace_root();
    let bench = root.join("bench");
    // `shared/` beside the workspace, as `cargo xtask bench` assumes, or `$SMITHY_AWS_MODELS`.
    let models = std::env::var_os("SMITHY_AWS_MODELS").map_or_else(
        || root.join("../shared/models/aws"),
        std::path::PathBuf::from,
    );
    let partnercentral = bench.join("target-gen").join("partnercentral");
    let code = crate::codegen(&[
        "--model".into(),
        models
            .join("partnercentral-selling.json")
            .display()
            .to_string(),
        "--out".into(),
        partnercentral.display().to_string(),
    ])?;
    if code != ExitCode::SUCCESS {
        return Err(format!("generating {} failed", partnercentral.display()));
    }
    crate::bench_glue::generate(&models, &bench)?;
    generate(&models, &bench)?;
    super::bench::cargo(&bench, None, &["fetch"])?;
    let results = measure(&bench, &bench.join("target"), args)?;
    println!("{}", render(&results));
    Ok(ExitCode::SUCCESS)
}
