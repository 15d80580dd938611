//! Recursion through lists and maps.
//!
//! Smithy ("Recursive shape definitions"): the member of a list or map may not lead back to the
//! list or map through lists and maps only; a structure or union must stand in the path. Such a
//! type has no finite value in most languages (`Vec<Vec<Vec<…>>>`), and every step of the
//! generator that follows member targets would loop on it.
//!
//! Acyclic nesting is still unbounded in a hostile model, and the generated types, their
//! serializers and the generator's own type walks nest as deep as the model does, so collections
//! nested deeper than [`MAX_COLLECTION_NESTING`] are refused with a clear message.

use super::own_shapes;
use crate::error::Diagnostics;
use crate::model::{Model, ShapeKind};
use std::collections::{BTreeMap, BTreeSet};

/// How deep lists and maps may nest directly inside each other (`Vec<Vec<…>>`). AWS models nest
/// two or three deep; this leaves room while keeping every walk over a type shallow.
pub const MAX_COLLECTION_NESTING: usize = 32;

fn is_collection(model: &Model, id: &str) -> bool {
    model
        .shape(id)
        .is_some_and(|s| matches!(s.kind, ShapeKind::List | ShapeKind::Map))
}

/// The collections a collection's members target directly, sorted, without repeats.
fn collection_targets<'m>(model: &'m Model, id: &str) -> Vec<&'m str> {
    let mut out: Vec<&str> = model
        .shape(id)
        .map(|s| {
            s.members
                .iter()
                .map(|m| m.target.as_str())
                .filter(|t| is_collection(model, t))
                .collect()
        })
        .unwrap_or_default();
    out.sort_unstable();
    out.dedup();
    out
}

/// Reports list/map-only cycles, then (when there are none) collections nested too deep.
pub fn check(model: &Model, diags: &mut Diagnostics) {
    let collections: Vec<&str> = own_shapes(model)
        .filter(|s| matches!(s.kind, ShapeKind::List | ShapeKind::Map))
        .map(|s| s.id.as_str())
        .collect();
    let mut in_reported_cycle: BTreeSet<&str> = BTreeSet::new();
    for &start in &collections {
        if in_reported_cycle.contains(start) {
            continue;
        }
        if let Some(cycle) = cycle_through(model, start) {
            let file = model.shape(start).and_then(|s| s.file.as_deref());
            diags.push(
                file,
                Some(start),
                format!(
                    "recursive through lists and maps only ({} -> {start}); Smithy requires a structure or union in every recursive path",
                    cycle.join(" -> ")
                ),
            );
            in_reported_cycle.extend(cycle);
        }
    }
    if in_reported_cycle.is_empty() {
        check_depth(model, &collections, diags);
    }
}

/// A path `start -> … -> x` such that `x` targets `start`, through collections only.
fn cycle_through<'m>(model: &'m Model, start: &'m str) -> Option<Vec<&'m str>> {
    // Depth-first with an explicit stack of (shape, index of the next target to try).
    let mut path: Vec<(&str, Vec<&str>, usize)> =
        vec![(start, collection_targets(model, start), 0)];
    let mut seen: BTreeSet<&str> = BTreeSet::from([start]);
    while let Some((_, targets, next)) = path.last_mut() {
        let Some(&target) = targets.get(*next) else {
            path.pop();
            continue;
        };
        *next += 1;
        if target == start {
            return Some(path.iter().map(|(id, _, _)| *id).collect());
        }
        if seen.insert(target) {
            path.push((target, collection_targets(model, target), 0));
        }
    }
    None
}

/// Nesting depth of every collection (1 for a list of scalars), computed bottom-up with an
/// explicit stack; the graph is acyclic here. Reports the collections exactly one level over the
/// limit: every chain that is too deep passes through one of them.
fn check_depth(model: &Model, collections: &[&str], diags: &mut Diagnostics) {
    let mut depth: BTreeMap<&str, usize> = BTreeMap::new();
    for &root in collections {
        let mut stack = vec![(root, false)];
        while let Some((id, expanded)) = stack.pop() {
            if depth.contains_key(id) {
                continue;
            }
            let targets = collection_targets(model, id);
            if expanded {
                let below = targets
                    .iter()
                    .filter_map(|t| depth.get(t))
                    .max()
                    .copied()
                    .unwrap_or(0);
                depth.insert(id, below + 1);
            } else {
                stack.push((id, true));
                stack.extend(
                    targets
                        .into_iter()
                        .filter(|t| !depth.contains_key(t))
                        .map(|t| (t, false)),
                );
            }
        }
    }
    for (&id, &d) in &depth {
        if d == MAX_COLLECTION_NESTING + 1 {
            let file = model.shape(id).and_then(|s| s.file.as_deref());
            diags.push(
                file,
                Some(id),
                format!(
                    "lists and maps nest more than {MAX_COLLECTION_NESTING} deep below this shape; the generator supports at most {MAX_COLLECTION_NESTING} levels"
                ),
            );
        }
    }
}
