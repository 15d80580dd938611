//! Structures and unions that can never be built.
//!
//! Smithy ("Recursive shape definitions"): a recursive path from a structure back to itself may
//! not be made only of `@required` members, and a recursive union needs at least one member
//! that is not recursive (or that steps through a list, a map or an optional member). Otherwise
//! no finite value exists and no builder can ever succeed.
//!
//! Checked as a least fixpoint over a work list (no recursion): scalars, lists, maps and enums
//! can always be built; a structure can once every `@required` member without a `@default` can;
//! a union can once one of its members can. Whatever is left cannot be built.

use super::own_shapes;
use crate::error::Diagnostics;
use crate::model::{Member, Model, Shape, ShapeKind, traits as t};
use std::collections::{BTreeMap, BTreeSet};

fn is_aggregate(model: &Model, id: &str) -> bool {
    model
        .shape(id)
        .is_some_and(|s| matches!(s.kind, ShapeKind::Structure | ShapeKind::Union))
}

/// The members a value of `shape` cannot do without (structures: `@required` without a
/// default; unions: any one of them), restricted to those targeting structures or unions.
fn needed<'m>(model: &Model, shape: &'m Shape) -> Vec<&'m Member> {
    shape
        .members
        .iter()
        .filter(|m| {
            shape.kind == ShapeKind::Union
                || (m.traits.contains_key(t::REQUIRED)
                    && m.traits.get(t::DEFAULT).is_none_or(|d| d.is_null()))
        })
        .filter(|m| is_aggregate(model, &m.target))
        .collect()
}

/// Reports every structure and union defined in the model that has no finite value.
pub fn check(model: &Model, diags: &mut Diagnostics) {
    let aggregates: Vec<&Shape> = model
        .shapes
        .values()
        .filter(|s| matches!(s.kind, ShapeKind::Structure | ShapeKind::Union))
        .collect();
    let mut buildable: BTreeSet<&str> = BTreeSet::new();
    // Structures: how many needed members still wait. Unions: waiting (1) until one member can.
    let mut waiting: BTreeMap<&str, usize> = BTreeMap::new();
    // Target -> the aggregates that wait on it (once per member).
    let mut waiters: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut ready: Vec<&str> = Vec::new();
    for shape in &aggregates {
        let needs = needed(model, shape);
        let free_union_member = shape.kind == ShapeKind::Union
            && (shape.members.len() > needs.len() || shape.members.is_empty());
        if needs.is_empty() || free_union_member {
            ready.push(&shape.id);
            continue;
        }
        let count = if shape.kind == ShapeKind::Union {
            1
        } else {
            needs.len()
        };
        waiting.insert(&shape.id, count);
        for m in needs {
            waiters
                .entry(m.target.as_str())
                .or_default()
                .push(&shape.id);
        }
    }
    while let Some(id) = ready.pop() {
        if !buildable.insert(id) {
            continue;
        }
        for &owner in waiters.get(id).into_iter().flatten() {
            if let Some(count) = waiting.get_mut(owner)
                && *count > 0
            {
                *count -= 1;
                if *count == 0 {
                    ready.push(owner);
                }
            }
        }
    }
    for shape in own_shapes(model) {
        if !matches!(shape.kind, ShapeKind::Structure | ShapeKind::Union)
            || buildable.contains(shape.id.as_str())
            || shape.has_trait(t::MIXIN)
        {
            continue;
        }
        let blocked: Vec<String> = needed(model, shape)
            .into_iter()
            .filter(|m| !buildable.contains(m.target.as_str()))
            .map(|m| format!("{} -> {}", m.name, m.target))
            .collect();
        let message = if shape.kind == ShapeKind::Union {
            format!(
                "this union can never be built: every member leads back to it through @required members ({})",
                blocked.join(", ")
            )
        } else {
            format!(
                "this structure can never be built: its @required members without a default lead back to it ({})",
                blocked.join(", ")
            )
        };
        diags.push(shape.file.as_deref(), Some(&shape.id), message);
    }
}
