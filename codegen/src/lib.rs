//! Generates Rust client crates from Smithy 2.0 JSON AST models.
//!
//! The pipeline, one module per step: [`load`] (files -> merged model) -> [`resolve`] (apply,
//! mixins, validation, service closure) -> [`plan`] (every Rust name and type decided, collisions
//! are errors) -> [`emit`] (tokens per file) -> [`render`] (formatted text). [`generate`] runs
//! all of it in memory; [`output`] writes or checks a directory afterwards.

pub mod docs;
pub mod emit;
pub mod error;
pub mod load;
pub mod model;
pub mod naming;
pub mod output;
pub mod plan;
pub mod prelude;
pub mod render;
pub mod resolve;

pub use error::{Diagnostic, Error};
pub use load::Source;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The package name of the generated crate.
    pub crate_name: String,
    /// The runtime crate's path as written into the generated `Cargo.toml`.
    pub runtime_path: String,
    /// The service shape to generate (id or name) when the model has several.
    pub service: Option<String>,
    /// Add an empty `[workspace]` so the crate builds on its own inside another workspace's tree.
    pub standalone: bool,
    /// How the model is named in the generated header, e.g. `model/`.
    pub model_label: String,
    /// Turn the model's `smithy.test#httpRequestTests`/`httpResponseTests` into Rust tests
    /// (`src/protocol_tests.rs`, test builds only); see [`emit::protocol_tests`].
    pub protocol_tests: bool,
}

/// The generated crate: relative path (`Cargo.toml`, `src/lib.rs`, ...) to contents.
pub type GeneratedFiles = BTreeMap<String, String>;

/// Runs the whole pipeline in memory. Nothing touches the disk.
pub fn generate(sources: &[Source], settings: &Settings) -> Result<GeneratedFiles, Error> {
    let loaded = load::load(sources)?;
    let resolved = resolve::resolve(loaded, settings.service.as_deref())?;
    let plan = plan::plan(&resolved)?;
    let mut emitted = emit::emit(&plan, settings);
    if settings.protocol_tests {
        let tests = emit::protocol_tests::emit(&plan, &resolved.model)?;
        emitted.rust.insert("src/protocol_tests.rs".into(), tests);
    }
    let mut files = emitted.text;
    for (path, tokens) in emitted.rust {
        let text = render::render(&path, tokens, &settings.model_label)?;
        files.insert(path, text);
    }
    Ok(files)
}

/// Reads a model file, or every `*.json` file of a directory (sorted, so the result does not
/// depend on directory order). Names in messages are `label` joined with the file name.
pub fn read_sources(path: &Path, label: &str) -> Result<Vec<Source>, Error> {
    let read = |p: &Path, name: String| {
        std::fs::read_to_string(p)
            .map(|text| Source {
                name: name.clone(),
                text,
            })
            .map_err(|e| Error::at(Some(&name), None, format!("cannot read: {e}")))
    };
    if path.is_dir() {
        let entries = std::fs::read_dir(path)
            .map_err(|e| Error::msg(format!("cannot read {}: {e}", path.display())))?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(Error::msg(format!(
                "{label}: no .json model files in this directory"
            )));
        }
        files
            .iter()
            .map(|p| {
                let file = p
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default();
                read(p, format!("{}/{file}", label.trim_end_matches('/')))
            })
            .collect()
    } else {
        Ok(vec![read(path, label.to_string())?])
    }
}

/// The workspace's own crate: `model/` -> `generated/`, as `cargo xtask codegen` does it.
pub mod workspace {
    use super::*;

    /// Settings for the committed `generated/` crate.
    pub fn settings() -> Settings {
        Settings {
            crate_name: "partnercentral-selling".into(),
            runtime_path: "../runtime".into(),
            service: None,
            standalone: false,
            model_label: "model/".into(),
            protocol_tests: false,
        }
    }

    /// Generates `generated/` from `model/` below the workspace root `root`.
    pub fn generate(root: &Path) -> Result<GeneratedFiles, Error> {
        let sources = read_sources(&root.join("model"), "model/")?;
        super::generate(&sources, &settings())
    }

    /// Whether `generated/` is current; the drift test and `cargo xtask codegen --check` both
    /// call this, so they cannot disagree.
    pub fn check(root: &Path) -> Result<output::Drift, Error> {
        let files = generate(root)?;
        output::check(&root.join("generated"), &files)
    }
}
