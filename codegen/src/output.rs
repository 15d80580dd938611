//! Step 6, write (rust-analyzer's `ensure_file_contents`, for a whole crate): bring a directory
//! in line with the generated files, or, in check mode, report how it differs.
//!
//! The generator owns `Cargo.toml` and everything under `src/`; other files (examples, README)
//! are left alone. Nothing is written until every file has been generated in memory, and each
//! write goes through a temporary file and a rename, so a failure never leaves a half-written
//! file behind.

use crate::error::Error;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// How the directory differs from the generated files.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Files whose contents differ.
    pub changed: Vec<String>,
    /// Files that are generated but missing on disk.
    pub missing: Vec<String>,
    /// Files on disk under `src/` that are no longer generated.
    pub extra: Vec<String>,
}

impl Drift {
    /// Whether the directory is up to date.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }

    /// Every stale path, with what is wrong with it.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        out.extend(self.changed.iter().map(|p| format!("changed: {p}")));
        out.extend(self.missing.iter().map(|p| format!("missing: {p}")));
        out.extend(
            self.extra
                .iter()
                .map(|p| format!("no longer generated: {p}")),
        );
        out
    }
}

/// Compares `dir` with `files` (relative path -> contents) without writing anything.
pub fn check(dir: &Path, files: &BTreeMap<String, String>) -> Result<Drift, Error> {
    let mut drift = Drift::default();
    for (rel, contents) in files {
        match fs::read(dir.join(rel)) {
            Ok(existing) if same_text(&existing, contents.as_bytes()) => {}
            Ok(_) => drift.changed.push(rel.clone()),
            Err(_) => drift.missing.push(rel.clone()),
        }
    }
    for rel in existing_sources(dir)? {
        if !files.contains_key(&rel) {
            drift.extra.push(rel);
        }
    }
    Ok(drift)
}

/// Writes the files that changed and deletes generated files no longer produced.
/// Returns what was different before the write.
pub fn write(dir: &Path, files: &BTreeMap<String, String>) -> Result<Drift, Error> {
    let drift = check(dir, files)?;
    // Each directory once, not once per file: `create_dir_all` makes syscalls (`mkdir`, then
    // `stat` on `EEXIST`) even when the directory is already there.
    let mut made = std::collections::BTreeSet::new();
    for rel in drift.changed.iter().chain(&drift.missing) {
        let path = dir.join(rel);
        if let Some(parent) = path.parent()
            && made.insert(parent.to_path_buf())
        {
            fs::create_dir_all(parent)
                .map_err(|e| Error::msg(format!("cannot create {}: {e}", parent.display())))?;
        }
        let tmp = path.with_extension("codegen-tmp");
        fs::write(&tmp, &files[rel])
            .and_then(|()| fs::rename(&tmp, &path))
            .map_err(|e| Error::msg(format!("cannot write {}: {e}", path.display())))?;
    }
    for rel in &drift.extra {
        let path = dir.join(rel);
        fs::remove_file(&path)
            .map_err(|e| Error::msg(format!("cannot delete {}: {e}", path.display())))?;
    }
    remove_empty_dirs(&dir.join("src"));
    Ok(drift)
}

/// Git may check files out with CRLF line endings on some systems; compare without them.
/// Byte-equal files (the usual case) are settled by one `memcmp`, without copying either side.
fn same_text(a: &[u8], b: &[u8]) -> bool {
    let no_cr = |bytes: &[u8]| {
        bytes
            .iter()
            .copied()
            .filter(|&b| b != b'\r')
            .collect::<Vec<u8>>()
    };
    a == b || no_cr(a) == no_cr(b)
}

/// Relative paths of the `.rs` files under `dir/src`.
fn existing_sources(dir: &Path) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    let src = dir.join("src");
    if !src.exists() {
        return Ok(out);
    }
    let mut stack: Vec<PathBuf> = vec![src];
    while let Some(d) = stack.pop() {
        let entries = fs::read_dir(&d)
            .map_err(|e| Error::msg(format!("cannot read {}: {e}", d.display())))?;
        for entry in entries {
            let entry =
                entry.map_err(|e| Error::msg(format!("cannot read {}: {e}", d.display())))?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && let Ok(rel) = path.strip_prefix(dir)
            {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

fn remove_empty_dirs(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            remove_empty_dirs(&path);
            // Only succeeds when empty, which is exactly the intent.
            let _ = fs::remove_dir(&path);
        }
    }
}
