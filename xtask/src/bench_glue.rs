//! The big-service section of `cargo xtask bench`: Glue (253 operations) for a one-call
//! program (GetJob), four ways: our client generated with `--operations GetJob`, our full
//! client (generated with `--features-per-operation`) with only the `get-job` feature on, the
//! same crate with every operation on, and `aws-sdk-glue`. Per side: the client crate's
//! release build, a clean release build of the whole program, and the stripped binary.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// The Glue model, in the shared models directory.
pub const MODEL: &str = "glue.json";
/// The operation the one-call programs make.
const OPERATION: &str = "GetJob";
/// Operations in the Glue model (for the per-operation cost).
const OPERATIONS: f64 = 253.0;

/// Number of sides.
const N: usize = 4;
/// Index of the anchor in [`SIDES`].
const AWS: usize = 3;

/// (client crate, one-call program) per side, in table order. The two middle programs use
/// the same crate with different features (each program is built alone, in its own target
/// directory, so their features never unify).
const SIDES: [(&str, &str); N] = [
    ("glue-one", "glue-one-ours"),
    ("glue-full", "glue-full-ours"),
    ("glue-full", "glue-all-ours"),
    ("aws-sdk-glue", "glue-aws"),
];

/// What the section measured, by side (see [`SIDES`]).
#[derive(Default)]
pub struct GlueResults {
    crate_s: [f64; N],
    clean_s: [f64; N],
    stripped: [u64; N],
    unstripped: [u64; N],
    reps: usize,
}

/// Generates the two Glue crates of our side into `bench/target-gen/` (the bench workspace
/// names them as path dependencies, so they must exist before cargo reads it): GetJob only,
/// and the whole service with one feature per operation.
pub fn generate(models: &Path, bench: &Path) -> Result<(), String> {
    let model = models.join(MODEL).display().to_string();
    for (krate, ops) in [("glue-one", Some(OPERATION)), ("glue-full", None)] {
        let out = bench.join("target-gen").join(krate);
        let mut args = vec![
            "--model".to_string(),
            model.clone(),
            "--out".into(),
            out.display().to_string(),
        ];
        match ops {
            Some(ops) => args.extend(["--operations".into(), ops.into()]),
            None => args.push("--features-per-operation".into()),
        }
        if crate::codegen(&args)? != std::process::ExitCode::SUCCESS {
            return Err(format!("generating {} failed", out.display()));
        }
    }
    Ok(())
}

/// Builds the three one-call programs clean (the anchor first), strips them, then rebuilds
/// each client crate `reps` times, the sides alternating.
pub fn measure(bench: &Path, target_dir: &Path, reps: usize) -> Result<GlueResults, String> {
    let mut r = GlueResults {
        reps,
        ..GlueResults::default()
    };
    for i in (0..N).rev() {
        let (_, program) = SIDES[i];
        let target = target_dir.join(format!("clean-{program}"));
        super::bench::remove_dir(&target)?;
        let started = Instant::now();
        super::bench::cargo(bench, Some(&target), &["build", "--release", "-p", program])?;
        r.clean_s[i] = started.elapsed().as_secs_f64();
        eprintln!("clean release build of {program}: {:.1} s", r.clean_s[i]);
        let exe = target.join("release").join(program);
        let copy = target_dir.join(format!("{program}.stripped"));
        std::fs::copy(&exe, &copy).map_err(|e| format!("{}: {e}", exe.display()))?;
        let status = Command::new("strip")
            .arg(&copy)
            .status()
            .map_err(|e| format!("strip: {e}"))?;
        if !status.success() {
            return Err(format!("strip {} failed", copy.display()));
        }
        r.unstripped[i] = super::bench::file_len(&exe)?;
        r.stripped[i] = super::bench::file_len(&copy)?;
    }
    // As in the partnercentral section: remove only the client crate's artifacts and rebuild
    // the program, which recompiles the crate and relinks.
    let mut times: [Vec<f64>; N] = Default::default();
    for _ in 0..reps {
        for i in (0..N).rev() {
            let (krate, program) = SIDES[i];
            let target = target_dir.join(format!("clean-{program}"));
            super::bench::cargo(bench, Some(&target), &["clean", "--release", "-p", krate])?;
            let started = Instant::now();
            super::bench::cargo(bench, Some(&target), &["build", "--release", "-p", program])?;
            let t = started.elapsed().as_secs_f64();
            eprintln!("release rebuild of {krate} (and relink of {program}): {t:.1} s");
            times[i].push(t);
        }
    }
    for (i, t) in times.iter_mut().enumerate() {
        r.crate_s[i] = super::bench::median(t);
    }
    Ok(r)
}

/// The section as Markdown, with the goals of issue 16 as ratios to aws-sdk-glue.
pub fn render(r: &GlueResults, bench: &Path) -> String {
    let gen_dir = bench.join("target-gen");
    let lines = (
        rust_lines(&gen_dir.join("glue-one")),
        rust_lines(&gen_dir.join("glue-full")),
    );
    let mut md = String::new();
    let _ = writeln!(
        md,
        "\n## Big service: Glue (253 operations), one GetJob call\n\n\
         Ours generated from `glue.json` with `--operations GetJob` ({} lines) and whole with \
         `--features-per-operation` ({} lines), the latter built once with only the `get-job` \
         feature and once with every operation on (`all-operations`, its default); aws is \
         `aws-sdk-glue` {} with default features (plus `aws-config`). Ratio = ours / aws.\n",
        lines.0,
        lines.1,
        super::bench::locked_version("aws-sdk-glue").unwrap_or_else(|| "1".into())
    );
    let _ = writeln!(
        md,
        "| Measure | ours, GetJob only | ours, full, `get-job` | ours, full, all operations | aws-sdk-glue | ratios (same order) | goals |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---:|---|---|");
    let secs = |v: f64| format!("{v:.1} s");
    let mib = |v: f64| format!("{:.2} MiB", v / 1048576.0);
    let row = |md: &mut String,
               measure: String,
               v: [f64; N],
               show: &dyn Fn(f64) -> String,
               goals: String| {
        let _ = writeln!(
            md,
            "| {measure} | {} | {} | {} | {} | {:.3} / {:.3} / {:.3} | {goals} |",
            show(v[0]),
            show(v[1]),
            show(v[2]),
            show(v[AWS]),
            v[0] / v[AWS],
            v[1] / v[AWS],
            v[2] / v[AWS]
        );
    };
    let met = |x: f64, goal: f64| if x <= goal { "met" } else { "**not met**" };
    let c = r.crate_s;
    row(
        &mut md,
        format!(
            "Release build of the client crate, plus relink (median of {}, s)",
            r.reps
        ),
        c,
        &secs,
        format!(
            "GetJob only ≤ 0.05: {}; full with one feature ≤ 0.10: {}; full, all operations ≤ 0.25: {}",
            met(c[0] / c[AWS], 0.05),
            met(c[1] / c[AWS], 0.10),
            met(c[2] / c[AWS], 0.25)
        ),
    );
    row(
        &mut md,
        "Clean release build of the one-call program (s)".into(),
        r.clean_s,
        &secs,
        "—".into(),
    );
    let s = r.stripped.map(|b| b as f64);
    row(
        &mut md,
        "Stripped release binary of the one-call program".into(),
        s,
        &mib,
        format!(
            "≤ 0.25: GetJob only {}, full with `get-job` {}, full {}",
            met(s[0] / s[AWS], 0.25),
            met(s[1] / s[AWS], 0.25),
            met(s[2] / s[AWS], 0.25)
        ),
    );
    let u = r.unstripped.map(|b| b as f64);
    let _ = writeln!(
        md,
        "\nUnstripped: {} / {} / {} / {}.",
        mib(u[0]),
        mib(u[1]),
        mib(u[2]),
        mib(u[AWS])
    );
    // The client crate's cost per operation: what the 252 operations GetJob does not need add
    // to the GetJob-only crate, divided among them.
    let per_op = (c[2] - c[0]) / (OPERATIONS - 1.0);
    let _ = writeln!(
        md,
        "\nCompile cost per operation (release, ours): ({:.1} s − {:.1} s) / 252 = {:.3} s per \
         additional operation; aws-sdk-glue: {:.3} s per operation (its whole crate / 253).",
        c[2],
        c[0],
        per_op,
        c[AWS] / OPERATIONS
    );
    let _ = writeln!(
        md,
        "\nMethod: as for the partnercentral builds; the programs are `bench/glue-one-ours`, \
         `bench/glue-full-ours` (`default-features = false`, features `default-https-client` \
         and `get-job`), `bench/glue-all-ours` (default features) and `bench/glue-aws`, each \
         built alone with its own target directory, so the two full-crate builds never unify \
         their features; clean builds in the order aws, all operations, `get-job`, GetJob-only."
    );
    md
}

/// Lines of the `.rs` files below `dir` (0 for what cannot be read).
fn rust_lines(dir: &Path) -> usize {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                total += std::fs::read_to_string(&p).map_or(0, |t| t.lines().count());
            }
        }
    }
    total
}
