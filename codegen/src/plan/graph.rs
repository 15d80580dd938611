//! Recursion analysis: which members need a `Box` to break a cycle.

use crate::model::{Model, ShapeKind};
use std::collections::BTreeSet;

/// Edges (shape, member target) that close a cycle through structures and unions only: those
/// members need a `Box`. Lists and maps already allocate, so a cycle through them needs none.
pub(super) fn recursive_edges(
    model: &Model,
    shapes: &BTreeSet<String>,
) -> BTreeSet<(String, String)> {
    let inline = |id: &str| {
        model
            .shape(id)
            .is_some_and(|s| matches!(s.kind, ShapeKind::Structure | ShapeKind::Union))
    };
    let mut edges = BTreeSet::new();
    for id in shapes.iter().filter(|id| inline(id)) {
        for m in &model.shapes[id].members {
            if inline(&m.target) && reaches(model, &m.target, id, &inline) {
                edges.insert((id.clone(), m.target.clone()));
            }
        }
    }
    edges
}

fn reaches(model: &Model, from: &str, to: &str, inline: &dyn Fn(&str) -> bool) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if !seen.insert(id.clone()) {
            continue;
        }
        if let Some(s) = model.shape(&id) {
            stack.extend(
                s.members
                    .iter()
                    .map(|m| m.target.clone())
                    .filter(|t| inline(t)),
            );
        }
    }
    false
}
