//! Generates Rust client crates from Smithy 2.0 models: JSON AST and IDL (`.smithy`) files.
//!
//! The pipeline, one module per step: [`load`] (files -> merged model) -> [`resolve`] (apply,
//! mixins, references, the Smithy rules of [`validate`], service closure) -> [`plan`] (every Rust name and type decided, collisions
//! are errors) -> [`emit`] (tokens per file) -> [`render`] (formatted text). [`generate`] runs
//! all of it in memory, emitting and rendering files on several threads; [`output`] writes or
//! checks a directory afterwards.

pub mod doc_blocks;
pub mod docs;
pub mod emit;
pub mod error;
pub mod idl;
pub mod jmespath;
pub mod json_ast;
pub mod load;
pub mod model;
pub mod naming;
pub mod output;
pub mod plan;
pub mod prelude;
pub mod protocol;
pub mod render;
pub mod resolve;
pub mod runtime_dependency;
pub mod select;
pub mod tidy;
pub mod validate;
pub mod waiters;

pub use error::{Diagnostic, Error};
pub use load::Source;
pub use runtime_dependency::RuntimeDependency;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The package name of the generated crate.
    pub crate_name: String,
    /// Where the generated `Cargo.toml` gets the runtime crate from.
    pub runtime: RuntimeDependency,
    /// The service shape to generate (id or name) when the model has several.
    pub service: Option<String>,
    /// Add an empty `[workspace]` so the crate builds on its own inside another workspace's tree.
    pub standalone: bool,
    /// How the model is named in the generated header, e.g. `model/`.
    pub model_label: String,
    /// Turn the model's `smithy.test#httpRequestTests`/`httpResponseTests` into Rust tests
    /// (`src/protocol_tests.rs`, test builds only); see [`emit::protocol_tests`].
    pub protocol_tests: bool,
    /// With [`protocol_tests`](Self::protocol_tests), also turn the model's
    /// `smithy.test#eventStreamTests` into Rust tests (`src/event_stream_tests.rs`); see
    /// [`emit::event_stream_tests`]. Off by default: `cargo xtask protocol-tests` reads them
    /// from the newer IDL copy of the suite, not from every crate that happens to hold them.
    pub event_stream_tests: bool,
    /// Generate only these operations (Smithy shape names such as `GetJob`, or absolute ids)
    /// and the shapes they reach; `None` generates the whole service. See [`select`].
    pub operations: Option<Vec<String>>,
    /// Put every operation, and the types only some operations use, behind a cargo feature
    /// named after the operation (`get-job`); `default` turns them all on. See
    /// [`plan::features`].
    pub features_per_operation: bool,
    /// Threads to emit and render files on; `None`: one per core. A caller that already runs
    /// several generations side by side (whole-corpus generation) passes `Some(1)`, so the
    /// machine is not oversubscribed and no helper threads are started per crate.
    pub threads: Option<usize>,
}

impl Settings {
    /// Settings for a crate named `crate_name` with the defaults: the runtime at `../runtime`
    /// (a sibling directory), the model's only service, standalone (an empty `[workspace]`),
    /// labelled `model.json` in the generated header, no protocol tests. Adjust with the `with_`
    /// methods, so adding a setting later does not touch every caller.
    pub fn new(crate_name: impl Into<String>) -> Self {
        Self {
            crate_name: crate_name.into(),
            runtime: RuntimeDependency::Path("../runtime".into()),
            service: None,
            standalone: true,
            model_label: "model.json".into(),
            protocol_tests: false,
            event_stream_tests: false,
            operations: None,
            features_per_operation: false,
            threads: None,
        }
    }

    /// Threads to emit and render on (see [`Settings::threads`]).
    pub fn with_threads(mut self, threads: Option<usize>) -> Self {
        self.threads = threads;
        self
    }

    /// One cargo feature per operation (see [`Settings::features_per_operation`]).
    pub fn with_features_per_operation(mut self, on: bool) -> Self {
        self.features_per_operation = on;
        self
    }

    /// Generate only these operations and what they reach (see [`select`]); `None` for all.
    pub fn with_operations(mut self, operations: Option<Vec<String>>) -> Self {
        self.operations = operations;
        self
    }

    /// The runtime crate's path as written into the generated `Cargo.toml`.
    pub fn with_runtime_path(self, path: impl Into<String>) -> Self {
        self.with_runtime(RuntimeDependency::Path(path.into()))
    }

    /// Where the generated crate gets the runtime from (path, git or registry version).
    pub fn with_runtime(mut self, runtime: RuntimeDependency) -> Self {
        self.runtime = runtime;
        self
    }

    /// The service shape to generate (id or name), for models with several.
    pub fn with_service(mut self, service: impl Into<String>) -> Self {
        self.service = Some(service.into());
        self
    }

    /// Whether the crate gets an empty `[workspace]` table (`false` for a workspace member).
    pub fn with_standalone(mut self, standalone: bool) -> Self {
        self.standalone = standalone;
        self
    }

    /// How the model is named in the generated header.
    pub fn with_model_label(mut self, label: impl Into<String>) -> Self {
        self.model_label = label.into();
        self
    }

    /// Whether the model's protocol tests become Rust tests.
    pub fn with_protocol_tests(mut self, protocol_tests: bool) -> Self {
        self.protocol_tests = protocol_tests;
        self
    }

    /// Whether the model's event-stream tests become Rust tests too (needs
    /// [`with_protocol_tests`](Self::with_protocol_tests)).
    pub fn with_event_stream_tests(mut self, event_stream_tests: bool) -> Self {
        self.event_stream_tests = event_stream_tests;
        self
    }
}

/// The generated crate: relative path (`Cargo.toml`, `src/lib.rs`, ...) to contents.
pub type GeneratedFiles = BTreeMap<String, String>;

/// A generated crate and what the generator wants its user to know about it.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The crate's files.
    pub files: GeneratedFiles,
    /// Things left out or not honoured (each names its shape); print them as warnings.
    pub warnings: Vec<Diagnostic>,
}

/// Runs the whole pipeline in memory. Nothing touches the disk. Warnings are dropped; use
/// [`generate_with_warnings`] to show them.
pub fn generate(sources: &[Source], settings: &Settings) -> Result<GeneratedFiles, Error> {
    generate_with_warnings(sources, settings).map(|g| g.files)
}

/// [`generate`], also returning the plan's warnings.
pub fn generate_with_warnings(sources: &[Source], settings: &Settings) -> Result<Generated, Error> {
    let loaded = load::load(sources)?;
    let resolved = resolve::resolve_selected(
        loaded,
        settings.service.as_deref(),
        settings.operations.as_deref(),
    )?;
    let mut plan = plan::plan(&resolved)?;
    if settings.features_per_operation {
        plan.features = Some(plan::features::plan(&plan));
    }
    let model = settings.protocol_tests.then_some(&resolved.model);
    let emit::Files { rust, mut text } = emit::files(&plan, settings, model);
    for ((path, _), rendered) in rust.iter().zip(emit_and_render(&rust, &plan, settings)) {
        text.insert(path.clone(), rendered?);
    }
    // Waiter files are emitted together, then rendered: one doc-block scope for all of them.
    let _doc_blocks = doc_blocks::scope();
    for (path, tokens) in waiters::emit::files(&plan, &settings.crate_name)? {
        let rendered = render::render(&path, tokens, &settings.model_label)?;
        text.insert(path, rendered);
    }
    Ok(Generated {
        files: text,
        warnings: plan.warnings,
    })
}

/// Emits and renders every Rust file, on as many threads as the machine offers: these two steps
/// are nearly all of the generator's time and every file is independent of the others. Results
/// come back in the order of `units` (path order), so the output and the first error reported
/// do not depend on scheduling.
fn emit_and_render(
    units: &[(String, emit::SourceFile<'_>)],
    plan: &plan::CratePlan,
    settings: &Settings,
) -> Vec<Result<String, Error>> {
    let one = |(path, unit): &(String, emit::SourceFile<'_>)| {
        let _doc_blocks = doc_blocks::scope();
        unit.emit(plan, settings)
            .and_then(|tokens| render::render(path, tokens, &settings.model_label))
    };
    let threads = settings
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .min(units.len());
    if threads <= 1 {
        return units.iter().map(one).collect();
    }
    // Work stealing through one shared index: file sizes vary by two orders of magnitude, so a
    // fixed split would leave a thread idle while another renders `client.rs`.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut out = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(unit) = units.get(i) else { break };
            out.push((i, one(unit)));
        }
        out
    };
    let mut done: Vec<(usize, Result<String, Error>)> = std::thread::scope(|scope| {
        // The calling thread works too. Helpers get a main thread's stack (parsing and printing
        // recurse), and one that cannot be started is no loss: the others take its share.
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(8 << 20)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut done = work();
        for helper in helpers {
            match helper.join() {
                Ok(out) => done.extend(out),
                // A panic in a helper is a generator bug; re-raise it on the calling thread.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        done
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Reads a model file, or every `*.json` and `*.smithy` file below a directory (subdirectories
/// included, sorted by path so the result does not depend on directory order). Names in
/// messages are `label` joined with the path below the directory.
pub fn read_sources(path: &Path, label: &str) -> Result<Vec<Source>, Error> {
    let read = |p: &Path, name: String| {
        let bytes = std::fs::read(p)
            .map_err(|e| Error::at(Some(&name), None, format!("cannot read: {e}")))?;
        let text = if load::is_idl(&name) {
            idl::decode(&name, bytes)?
        } else {
            String::from_utf8(bytes)
                .map_err(|_| Error::at(Some(&name), None, "cannot read: not valid UTF-8"))?
        };
        Ok(Source { name, text })
    };
    if path.is_dir() {
        let files = model_files(path)?;
        if files.is_empty() {
            return Err(Error::msg(format!(
                "{label}: no .json or .smithy model files in this directory"
            )));
        }
        files
            .iter()
            .map(|p| {
                let below = p.strip_prefix(path).unwrap_or(p);
                let below = below
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                read(p, format!("{}/{below}", label.trim_end_matches('/')))
            })
            .collect()
    } else {
        Ok(vec![read(path, label.to_string())?])
    }
}

/// The `*.json` files directly in `dir`, sorted by path (so results never depend on directory
/// order).
pub fn json_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::msg(format!("cannot read {}: {e}", dir.display())))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    Ok(files)
}

/// Every `*.json` and `*.smithy` file below `dir`, subdirectories included (hidden ones
/// skipped), sorted by path. Walks with an explicit stack; symbolic links to directories are not
/// followed, so a link cycle cannot loop.
pub fn model_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d)
            .map_err(|e| Error::msg(format!("cannot read {}: {e}", d.display())))?;
        for entry in entries.filter_map(Result::ok) {
            let p = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() && !hidden {
                stack.push(p);
            } else if (kind.is_file() || kind.is_symlink() && p.is_file())
                && p.extension().is_some_and(|e| e == "json" || e == "smithy")
            {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The workspace's own crates, as `cargo xtask codegen` generates them: `model/` ->
/// `generated/` (Partner Central Selling) and `examples/bookstore/model/` ->
/// `examples/bookstore/client/` (the example of a service outside AWS).
pub mod workspace {
    use super::*;

    /// One crate the workspace generates; paths are relative to the workspace root.
    #[derive(Clone, Copy, Debug)]
    pub struct WorkspaceCrate {
        /// The model directory (`.json` and `.smithy` files).
        pub model: &'static str,
        /// The crate directory written.
        pub out: &'static str,
        /// The crate's settings.
        pub settings: fn() -> Settings,
    }

    /// Every crate `cargo xtask codegen` regenerates, in the order it does.
    pub const CRATES: [WorkspaceCrate; 2] = [
        WorkspaceCrate {
            model: "model",
            out: "generated",
            settings,
        },
        WorkspaceCrate {
            model: "examples/bookstore/model",
            out: "examples/bookstore/client",
            settings: bookstore_settings,
        },
    ];

    /// Settings for the committed `generated/` crate.
    pub fn settings() -> Settings {
        Settings::new("partnercentral-selling")
            .with_standalone(false)
            .with_model_label("model/")
    }

    /// Settings for the committed example crate `examples/bookstore/client/` (the runtime is
    /// two directories further up than for `generated/`).
    pub fn bookstore_settings() -> Settings {
        Settings::new("bookstore")
            .with_standalone(false)
            .with_model_label("examples/bookstore/model/")
            .with_runtime_path("../../../runtime")
    }

    /// Generates `generated/` from `model/` below the workspace root `root`.
    pub fn generate(root: &Path) -> Result<GeneratedFiles, Error> {
        generate_crate(root, &CRATES[0])
    }

    /// Generates one of the workspace's crates.
    pub fn generate_crate(root: &Path, krate: &WorkspaceCrate) -> Result<GeneratedFiles, Error> {
        let label = format!("{}/", krate.model);
        let sources = read_sources(&root.join(krate.model), &label)?;
        super::generate(&sources, &(krate.settings)())
    }

    /// Whether every workspace crate is current; the drift test and `cargo xtask codegen
    /// --check` both call this, so they cannot disagree. Paths in the drift start with the
    /// crate's directory (`examples/bookstore/client/src/lib.rs`).
    pub fn check(root: &Path) -> Result<output::Drift, Error> {
        let mut all = output::Drift::default();
        for krate in &CRATES {
            let files = generate_crate(root, krate)?;
            let drift = output::check(&root.join(krate.out), &files)?;
            let prefixed = |paths: Vec<String>| {
                paths
                    .into_iter()
                    .map(|p| format!("{}/{p}", krate.out))
                    .collect::<Vec<_>>()
            };
            all.changed.extend(prefixed(drift.changed));
            all.missing.extend(prefixed(drift.missing));
            all.extra.extend(prefixed(drift.extra));
        }
        Ok(all)
    }
}
