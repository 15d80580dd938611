//! Smithy IDL 2.0 (`.smithy` files) read into the same shapes the JSON AST loader reads.
//!
//! Each file is tokenized ([`lexer`]), parsed into statements ([`parser`], [`node`]), and then
//! lowered ([`lower`]) to JSON AST entries with absolute shape ids ([`scope`]), using facts about
//! every shape of the model gathered first ([`index`]). Lowering needs
//! every shape of the model, IDL and JSON alike, because relative ids resolve against the whole
//! namespace and elided member targets come from other shapes; so it runs in two passes.
//! [`crate::load`] then loads the entries exactly like a JSON AST file's.

pub mod index;
pub mod lexer;
pub mod lower;
pub mod node;
pub mod parser;
pub mod scope;
pub mod text;

#[cfg(test)]
mod tests;

use crate::error::{Diagnostics, Error};
use serde_json::{Map, Value};
use std::fmt;

/// A 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Pos {
    /// Line, from 1.
    pub line: u32,
    /// Column, from 1.
    pub col: u32,
}

/// A problem at a place in an IDL file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Where.
    pub pos: Pos,
    /// What is wrong (`expected X, found Y`, or a sentence).
    pub message: String,
}

impl SyntaxError {
    /// `expected <expected>, found <found>`.
    pub fn new(pos: Pos, expected: impl fmt::Display, found: impl fmt::Display) -> Self {
        SyntaxError {
            pos,
            message: format!("expected {expected}, found {found}"),
        }
    }

    /// Any other problem.
    pub fn other(pos: Pos, message: impl Into<String>) -> Self {
        SyntaxError {
            pos,
            message: message.into(),
        }
    }
}

/// One IDL file as JSON AST pieces: metadata entries and shape/apply entries, in file order.
#[derive(Clone, Debug, Default)]
pub struct Lowered {
    /// `metadata` statements.
    pub metadata: Vec<(String, Value)>,
    /// `(absolute id, JSON AST shape)`; `apply` statements are `{"type": "apply", ...}` entries.
    pub shapes: Vec<(String, Value)>,
}

/// Whether `s` is a Smithy identifier (`_*[A-Za-z][A-Za-z0-9_]*`).
pub fn is_identifier(s: &str) -> bool {
    let rest = s.trim_start_matches('_');
    let mut chars = rest.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `s` is a namespace (identifiers joined by `.`).
pub fn is_namespace(s: &str) -> bool {
    s.split('.').all(is_identifier)
}

/// Whether `s` is a shape id, absolute or relative, with an optional `$member`.
pub fn is_shape_id_syntax(s: &str) -> bool {
    let (root, member) = match s.split_once('$') {
        Some((r, m)) => (r, Some(m)),
        None => (s, None),
    };
    let root_ok = match root.split_once('#') {
        Some((ns, name)) => is_namespace(ns) && is_identifier(name),
        None => is_identifier(root),
    };
    root_ok && member.is_none_or(is_identifier)
}

/// Bytes of a `.smithy` file as text: invalid UTF-8 is an error at its line and column.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<String, Error> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let bytes = e.as_bytes();
            let good = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&bytes[..good]);
            let line = prefix.matches('\n').count() + 1;
            let col = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(Error::at(
                Some(&format!("{name}:{line}:{col}")),
                None,
                format!(
                    "expected UTF-8 text, found the invalid byte 0x{:02X}",
                    bytes.get(good).copied().unwrap_or(0)
                ),
            ))
        }
    }
}

/// Lowers every IDL file. `json_shapes` are the shapes of the model's JSON AST files, which IDL
/// files may refer to. The result has one entry per file, in order.
pub fn lower_all(
    files: &[(&str, &str)],
    json_shapes: &[&Map<String, Value>],
    diags: &mut Diagnostics,
) -> Vec<Lowered> {
    let mut parsed = Vec::new();
    for (name, text) in files {
        let result = lexer::tokenize(text).and_then(parser::parse);
        match result {
            Ok(file) => parsed.push(Some(file)),
            Err(e) => {
                push(diags, name, &e);
                parsed.push(None);
            }
        }
    }
    let index = index::Index::build(&parsed, json_shapes);
    files
        .iter()
        .zip(&parsed)
        .map(|((name, _), file)| match file {
            None => Lowered::default(),
            Some(file) => match lower::lower(file, &index) {
                Ok(l) => l,
                Err(errors) => {
                    for e in errors {
                        push(diags, name, &e);
                    }
                    Lowered::default()
                }
            },
        })
        .collect()
}

fn push(diags: &mut Diagnostics, name: &str, e: &SyntaxError) {
    diags.push(
        Some(&format!("{name}:{}:{}", e.pos.line, e.pos.col)),
        None,
        e.message.clone(),
    );
}
