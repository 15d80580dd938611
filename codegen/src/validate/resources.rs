//! Resources (Smithy's resource rules and `ResourceCycleValidator`): a resource may not be its
//! own ancestor through `resources` bindings, and its identifiers target strings. The closure
//! walk in `resolve` follows these bindings, and generated code would bind a cycle forever.

use super::own_shapes;
use crate::error::Diagnostics;
use crate::model::{Model, ShapeKind};
use std::collections::BTreeSet;

/// Reports resource binding cycles and identifiers that do not target strings.
pub fn check(model: &Model, diags: &mut Diagnostics) {
    let mut reported: BTreeSet<&str> = BTreeSet::new();
    for shape in own_shapes(model).filter(|s| s.kind == ShapeKind::Resource) {
        let file = shape.file.as_deref();
        for (name, target) in &shape.refs.identifiers {
            let ok = model
                .shape(target)
                .is_some_and(|t| matches!(t.kind, ShapeKind::String | ShapeKind::Enum));
            if !ok {
                diags.push(
                    file,
                    Some(&shape.id),
                    format!("resource identifier \"{name}\" targets {target}, which is not a string shape"),
                );
            }
        }
        if reported.contains(shape.id.as_str()) {
            continue;
        }
        if let Some(cycle) = cycle_through(model, &shape.id) {
            diags.push(
                file,
                Some(&shape.id),
                format!(
                    "resources form a cycle through their child bindings: {} -> {}",
                    cycle.join(" -> "),
                    shape.id
                ),
            );
            reported.extend(cycle);
        }
    }
}

/// A path of child bindings from `start` back to `start`, found with an explicit stack.
fn cycle_through<'m>(model: &'m Model, start: &'m str) -> Option<Vec<&'m str>> {
    let children = |id: &str| -> Vec<&'m str> {
        model
            .shape(id)
            .map(|s| s.refs.resources.iter().map(String::as_str).collect())
            .unwrap_or_default()
    };
    let mut path: Vec<(&str, Vec<&str>, usize)> = vec![(start, children(start), 0)];
    let mut seen: BTreeSet<&str> = BTreeSet::from([start]);
    while let Some((_, next_ids, next)) = path.last_mut() {
        let Some(&child) = next_ids.get(*next) else {
            path.pop();
            continue;
        };
        *next += 1;
        if child == start {
            return Some(path.iter().map(|(id, _, _)| *id).collect());
        }
        if seen.insert(child) {
            path.push((child, children(child), 0));
        }
    }
    None
}
