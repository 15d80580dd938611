//! Whole-corpus generation: `cargo xtask codegen --model <dir> --out <dir>` over a directory of
//! model files generates one crate per model, in parallel.
//!
//! Which directories are a corpus: one where at least two `*.json` files each define a service
//! shape (an AWS models checkout, `shared/models/aws`). A directory with at most one such file
//! is one model split over files, as before. `--corpus` / `--one-model` override the guess.
//! In a corpus every `*.json` file is a model of its own: `<dir>/glue.json` becomes the crate
//! `glue` in `<out>/glue/`, with the selection of `glue.smithy-codegen.toml` if present.
//!
//! Models run on `--jobs` threads (default: the cores), the largest file first so the longest
//! model does not start last. One model's failure (bad model, unsupported protocol, even a
//! generator panic) is recorded and the others go on; failures are listed one by one at the end
//! and the exit code is 1 if there was any.

use crate::config;
use smithy_codegen::{Settings, output};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Whether `model` is to be read as a corpus (see the module docs); `forced` is the flag.
pub fn is_corpus(model: &Path, forced: Option<bool>) -> Result<bool, String> {
    if forced == Some(true) && !model.is_dir() {
        return Err(format!("--corpus: {} is not a directory", model.display()));
    }
    if let Some(f) = forced {
        return Ok(f);
    }
    if !model.is_dir() {
        return Ok(false);
    }
    let files = smithy_codegen::json_files(model).map_err(|e| e.to_string())?;
    let mut services = 0;
    for f in &files {
        // Unreadable files are left to the generation step, which names them.
        if std::fs::read(f).is_ok_and(|bytes| defines_service(&bytes)) {
            services += 1;
            if services >= 2 {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// A cheap scan for `"type": "service"` (any whitespace around the colon); parsing every file
/// twice would double the cost of a corpus run for a yes/no answer.
fn defines_service(text: &[u8]) -> bool {
    let key = b"\"type\"";
    let mut rest = text;
    while let Some(i) = find(rest, key) {
        let after = &rest[i + key.len()..];
        let after = trim_start(after);
        if let Some(after) = after.strip_prefix(b":")
            && trim_start(after).starts_with(b"\"service\"")
        {
            return true;
        }
        rest = &rest[i + key.len()..];
    }
    false
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

/// What became of one model.
struct Outcome {
    name: String,
    elapsed: Duration,
    result: Result<Done, String>,
}

struct Done {
    files: usize,
    lines: usize,
    warnings: usize,
    stale: usize,
}

/// Generates (or with `check`, checks) every model of `dir` into `out/<stem>/`.
pub fn run(
    dir: &Path,
    out: &Path,
    root: &Path,
    jobs: Option<usize>,
    check: bool,
) -> Result<ExitCode, String> {
    let started = Instant::now();
    let mut models = smithy_codegen::json_files(dir).map_err(|e| e.to_string())?;
    if models.is_empty() {
        return Err(format!("{}: no .json model files", dir.display()));
    }
    // Largest first: with a few big models (glue, ec2) a small one should fill the gaps, not
    // the other way round.
    models.sort_by_key(|p| std::cmp::Reverse(std::fs::metadata(p).map_or(0, |m| m.len())));
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = jobs.unwrap_or(cores).clamp(1, models.len());
    // Models side by side use the cores; only a corpus smaller than the machine leaves some
    // for rendering each model's files in parallel.
    let render_threads = (cores / threads).max(1);
    let tty = std::io::stderr().is_terminal();
    let next = AtomicUsize::new(0);
    let outcomes = Mutex::new(Vec::with_capacity(models.len()));
    let total = models.len();
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(model) = models.get(i) else { break };
            let outcome = one(model, out, root, check, render_threads);
            let mut all = outcomes.lock().unwrap_or_else(|p| p.into_inner());
            all.push(outcome);
            if tty {
                let failed = all.iter().filter(|o| o.result.is_err()).count();
                let last = all.last().map_or("", |o| o.name.as_str());
                eprint!(
                    "\r\x1b[K[{}/{total}] {:.1} s, {failed} failed, last: {last}",
                    all.len(),
                    started.elapsed().as_secs_f64()
                );
                let _ = std::io::stderr().flush();
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            // Parsing and printing recurse: give helpers a main thread's stack.
            let _ = std::thread::Builder::new()
                .stack_size(8 << 20)
                .spawn_scoped(scope, work);
        }
        work();
    });
    if tty {
        eprintln!();
    }
    let mut outcomes = outcomes.into_inner().unwrap_or_else(|p| p.into_inner());
    outcomes.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(report(&outcomes, started.elapsed(), threads, out, check))
}

fn one(model: &Path, out: &Path, root: &Path, check: bool, render_threads: usize) -> Outcome {
    let started = Instant::now();
    let name = model
        .file_stem()
        .map(|s| s.to_string_lossy().to_ascii_lowercase().replace('_', "-"))
        .unwrap_or_default();
    let dir = out.join(&name);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        generate_one(model, &name, &dir, root, check, render_threads)
    }))
    .unwrap_or_else(|_| Err("the generator panicked (a bug; the message is above)".into()));
    Outcome {
        name,
        elapsed: started.elapsed(),
        result,
    }
}

fn generate_one(
    model: &Path,
    name: &str,
    dir: &Path,
    root: &Path,
    check: bool,
    render_threads: usize,
) -> Result<Done, String> {
    let label = model.display().to_string();
    let sources = smithy_codegen::read_sources(model, &label).map_err(|e| e.to_string())?;
    let config = config::for_model(model)?;
    let settings = Settings::new(name)
        .with_runtime_path(crate::relative_path(dir, &root.join("runtime")))
        .with_model_label(label)
        .with_operations(config.operations)
        .with_features_per_operation(config.features_per_operation)
        .with_threads(Some(render_threads));
    let generated =
        smithy_codegen::generate_with_warnings(&sources, &settings).map_err(|e| e.to_string())?;
    let files = &generated.files;
    let lines = files.values().map(|f| crate::count_lines(f)).sum();
    let stale = if check {
        let drift = output::check(dir, files).map_err(|e| e.to_string())?;
        drift.changed.len() + drift.missing.len() + drift.extra.len()
    } else {
        output::write(dir, files).map_err(|e| e.to_string())?;
        0
    };
    Ok(Done {
        files: files.len(),
        lines,
        warnings: generated.warnings.len(),
        stale,
    })
}

fn report(
    outcomes: &[Outcome],
    wall: Duration,
    threads: usize,
    out: &Path,
    check: bool,
) -> ExitCode {
    let mut ok = 0;
    let (mut files, mut lines, mut stale) = (0, 0, 0);
    println!("model\tstatus\tfiles\tlines\tms");
    for o in outcomes {
        let ms = o.elapsed.as_secs_f64() * 1000.0;
        match &o.result {
            Ok(d) => {
                ok += 1;
                files += d.files;
                lines += d.lines;
                stale += d.stale;
                let status = match (d.stale, d.warnings) {
                    (0, 0) => "ok".to_string(),
                    (0, w) => format!("ok ({w} warnings)"),
                    (s, _) => format!("stale ({s} files)"),
                };
                println!("{}\t{status}\t{}\t{}\t{ms:.0}", o.name, d.files, d.lines);
            }
            Err(_) => println!("{}\tFAILED\t-\t-\t{ms:.0}", o.name),
        }
    }
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| o.result.is_err()).collect();
    println!(
        "{} models: {ok} generated, {} failed; {files} files, {lines} lines, {:.2} s wall on {threads} threads, into {}",
        outcomes.len(),
        failed.len(),
        wall.as_secs_f64(),
        out.display()
    );
    for o in &failed {
        if let Err(message) = &o.result {
            // A bad model can have hundreds of diagnostics: show the first few.
            let all: Vec<&str> = message.lines().collect();
            eprintln!("FAILED {}:", o.name);
            for line in all.iter().take(5) {
                eprintln!("    {line}");
            }
            if all.len() > 5 {
                eprintln!("    ... and {} more", all.len() - 5);
            }
        }
    }
    if !failed.is_empty() || (check && stale > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_service_shapes() {
        assert!(defines_service(
            br#"{"shapes":{"a#S":{"type" : "service"}}}"#
        ));
        assert!(defines_service(b"{\"type\":\n\"service\"}"));
        assert!(!defines_service(br#"{"type": "structure", "service": 1}"#));
        assert!(!defines_service(b""));
    }

    #[test]
    fn a_corpus_needs_two_services() {
        let dir = std::env::temp_dir().join(format!("xtask-corpus-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let svc = r#"{"smithy":"2.0","shapes":{"a#S":{"type":"service"}}}"#;
        std::fs::write(dir.join("a.json"), svc).unwrap();
        std::fs::write(dir.join("shapes.json"), r#"{"smithy":"2.0"}"#).unwrap();
        assert!(!is_corpus(&dir, None).unwrap());
        std::fs::write(dir.join("b.json"), svc).unwrap();
        assert!(is_corpus(&dir, None).unwrap());
        assert!(!is_corpus(&dir, Some(false)).unwrap());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
