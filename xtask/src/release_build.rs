//! Whole-corpus generation in a debug build re-runs itself as a release build.
//!
//! `cargo xtask` is a dev-profile build. `syn`, `prettyplease` and `proc-macro2` are optimised
//! even there (root `Cargo.toml`), but their `#[inline]` and generic code (token streams,
//! `quote`) is compiled into `smithy-codegen` at its own opt-level 0, which leaves the generator
//! about three times slower than a release build (19 AWS models: 9.0 s against 3.3 s). For one
//! crate that is noise; for a corpus of hundreds of models it is minutes, against one release
//! build of xtask (a couple of minutes from scratch, well under one after a generator change,
//! nothing when current). Raising `smithy-codegen`'s opt-level in the dev profile instead would
//! slow every `cargo test` rebuild of the generator, the common case, to speed up the rare one.
//!
//! `XTASK_DEBUG_BUILD=1` keeps the debug build (to debug the generator itself); so does a
//! machine where `cargo` cannot be started, with a note.

use std::path::Path;
use std::process::{Command, ExitCode};

/// Set to stay in the debug build; also set for the child, so it can never re-run again.
const STAY: &str = "XTASK_DEBUG_BUILD";

/// In a debug build, runs `xtask codegen <args>` as a release build (`cargo run --release`)
/// and returns its exit code; `None` when this build should do the work itself.
pub fn rerun(args: &[String], root: &Path) -> Option<ExitCode> {
    if !cfg!(debug_assertions) || std::env::var_os(STAY).is_some() {
        return None;
    }
    // `cargo xtask` sets `CARGO` to the cargo that runs us (the pinned toolchain).
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!(
        "whole-corpus generation: running a release build of xtask (about 3x faster than this \
         debug build; {STAY}=1 to stay in it)"
    );
    let status = Command::new(cargo)
        .arg("run")
        .arg("--quiet")
        .arg("--release")
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"))
        .args(["--package", "xtask", "--", "codegen"])
        .args(args)
        .env(STAY, "1")
        .status();
    match status {
        Ok(status) => Some(match status.code() {
            Some(0) => ExitCode::SUCCESS,
            Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
            // Killed by a signal: the child's shell-visible failure is all we can pass on.
            None => ExitCode::from(1),
        }),
        Err(e) => {
            eprintln!("cannot start cargo ({e}); generating with this debug build instead");
            None
        }
    }
}
