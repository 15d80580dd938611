//! Operation selection: narrow a service to the operations a program calls (`--operations`,
//! `smithy-codegen.toml`), so a user compiles only what they use.
//!
//! [`crate::resolve`] calls [`select`] on the service's operation set before it walks the shape
//! closure, so the plan and the emitters never know a selection happened: a selected crate is
//! simply the crate of a smaller service. Service-level errors stay (every operation can return
//! them).

use crate::error::{Diagnostic, Error};
use crate::model::{Model, shape_name};
use std::collections::BTreeSet;

/// The operation ids of `all` (the service's operations) that `wanted` names.
///
/// A name is an absolute shape id (`com.amazonaws.glue#GetJob`) or a shape name, compared
/// without case, `_` or `-` (`GetJob`, `get_job` and `get-job` are the same operation); the
/// service's `rename` map is honoured. Every name that matches nothing is reported, each with
/// the nearest real name (edit distance), in one error.
pub fn select(
    model: &Model,
    service: &str,
    all: &BTreeSet<String>,
    wanted: &[String],
) -> Result<BTreeSet<String>, Error> {
    let svc = model.shapes.get(service);
    let file = svc.and_then(|s| s.file.as_deref());
    let at = |message: String| Diagnostic {
        file: file.map(str::to_string),
        shape: Some(service.to_string()),
        message,
    };
    let wanted: Vec<&str> = wanted
        .iter()
        .map(|w| w.trim())
        .filter(|w| !w.is_empty())
        .collect();
    if wanted.is_empty() {
        return Err(
            at("the operation selection is empty: name at least one operation".into()).into(),
        );
    }
    // (normalized name, display name, id) of every operation of the service.
    let names: Vec<(String, &str, &str)> = all
        .iter()
        .map(|id| {
            let name = svc
                .and_then(|s| s.refs.rename.get(id))
                .map_or(shape_name(id), String::as_str);
            (normalize(name), name, id.as_str())
        })
        .collect();
    let mut chosen = BTreeSet::new();
    let mut problems = Vec::new();
    for w in wanted {
        let hits: Vec<&str> = if w.contains('#') {
            names.iter().filter(|n| n.2 == w).map(|n| n.2).collect()
        } else {
            let key = normalize(w);
            names.iter().filter(|n| n.0 == key).map(|n| n.2).collect()
        };
        match hits.as_slice() {
            [] => problems.push(at(unknown(w, &names))),
            [one] => {
                chosen.insert((*one).to_string());
            }
            many => problems.push(at(format!(
                "operation {w} is ambiguous: it names {}; use the absolute shape id",
                many.join(", ")
            ))),
        }
    }
    if problems.is_empty() {
        Ok(chosen)
    } else {
        Err(Error {
            diagnostics: problems,
        })
    }
}

fn unknown(w: &str, names: &[(String, &str, &str)]) -> String {
    let key = normalize(w.rsplit('#').next().unwrap_or(w));
    let nearest = names
        .iter()
        .min_by_key(|n| (edit_distance(&key, &n.0), n.1))
        .map(|n| n.1);
    match nearest {
        Some(n) => format!(
            "operation {w} is not in the service; did you mean {n}? ({} operations in all)",
            names.len()
        ),
        None => format!("operation {w} is not in the service: it has no operations"),
    }
}

/// Lower case without `_` and `-`, so Smithy, Rust and feature spellings compare equal.
fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Levenshtein distance over chars, two rows of memory.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != *cb);
            row[j + 1] = substitute.min(prev[j + 1] + 1).min(row[j] + 1);
        }
        std::mem::swap(&mut prev, &mut row);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("getjob", "getjobs"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("abc", ""), 3);
    }

    #[test]
    fn spellings_compare_equal() {
        assert_eq!(normalize("GetJob"), normalize("get_job"));
        assert_eq!(normalize("GetJob"), normalize("get-job"));
    }
}
