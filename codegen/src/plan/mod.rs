//! Step 3, plan: decide every Rust name, type, module and option before anything is emitted.
//!
//! The plan is the only place that applies the naming policy and the Smithy 2.0 nullability
//! rules (CLIENT mode, see `docs/ARCHITECTURE.md`). Distinct Smithy names that collapse to one
//! Rust name are numbered by the documented rule in `naming`; any collision left is an error
//! reported here, naming both shape ids.
//!
//! One job per file: [`ir`] holds the types the emitters read, `service`, `shapes` and
//! `operation` plan those parts of the model, `graph` finds recursive members and
//! `collisions` checks the names decided here.

pub mod checksum;
mod collisions;
mod customize;
pub mod endpoint_params;
pub mod features;
mod graph;
mod http;
pub mod ir;
mod operation;
pub mod runtime_features;
mod service;
mod shapes;
mod xml;

pub use ir::*;

use crate::docs;
use crate::error::{Diagnostic, Diagnostics, Error};
use crate::model::{Model, ShapeKind, shape_name};
use crate::naming;
use crate::resolve::Resolved;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub(crate) struct Planner<'a> {
    model: &'a Model,
    rename: &'a BTreeMap<String, String>,
    diags: Diagnostics,
    /// Problems that do not stop generation (see [`CratePlan::warnings`]).
    warnings: Vec<Diagnostic>,
    /// The service's protocol (decides whether HTTP binding traits apply).
    protocol: Protocol,
    /// (shape, member target) edges that need a `Box` to break a recursive cycle.
    boxed_edges: BTreeSet<(String, String)>,
    /// Rustdoc of every documentation text of the closure, converted up front ([`docs_of`]).
    docs: HashMap<&'a str, String>,
}

/// Plans the crate for a resolved model.
pub fn plan(resolved: &Resolved) -> Result<CratePlan, Error> {
    let model = &resolved.model;
    let service_shape = &model.shapes[&resolved.service];
    let mut p = Planner {
        model,
        rename: &type_renames(model, resolved, &service_shape.refs.rename),
        diags: Diagnostics::default(),
        warnings: Vec::new(),
        protocol: Protocol::AwsJson1_0,
        boxed_edges: graph::recursive_edges(model, &resolved.shapes),
        docs: docs::convert_all(shapes::closure_docs(model, resolved)),
    };
    let service = p.service(service_shape);
    p.protocol = service.protocol;

    // Shapes reachable as member targets or errors go to `types`; operation inputs and outputs
    // are generated in their operation's module.
    let mut targets = BTreeSet::new();
    for id in &resolved.shapes {
        if let Some(s) = model.shape(id) {
            targets.extend(s.members.iter().map(|m| m.target.clone()));
        }
    }
    let mut error_ids = BTreeSet::new();
    error_ids.extend(service_shape.refs.errors.iter().cloned());
    for op in &resolved.operations {
        error_ids.extend(model.shapes[op].refs.errors.iter().cloned());
    }
    // The exception events of an event stream are modeled errors too (with error metadata).
    for id in &resolved.shapes {
        if let Some(s) = model.shape(id)
            && s.kind == ShapeKind::Union
            && s.has_trait(crate::model::traits::STREAMING)
        {
            error_ids.extend(
                s.members
                    .iter()
                    .filter(|m| {
                        model
                            .shape(&m.target)
                            .is_some_and(|t| t.has_trait(crate::model::traits::ERROR))
                    })
                    .map(|m| m.target.clone()),
            );
        }
    }

    let mut structs = Vec::new();
    let mut enums = Vec::new();
    let mut unions = Vec::new();
    for id in &resolved.shapes {
        let shape = &model.shapes[id];
        if shape.file.is_none() && id.starts_with("smithy.api#") && !shape.kind.has_named_members()
        {
            continue;
        }
        match shape.kind {
            ShapeKind::Structure if error_ids.contains(id) => {
                let info = shapes::error_info(shape, p.protocol);
                let docs = shapes::error_docs(&info);
                let mut sp = p.structure(
                    shape,
                    p.type_path(id, Home::Errors),
                    StructRole::Error(info),
                );
                sp.docs.get_or_insert(docs);
                structs.push(sp);
            }
            ShapeKind::Structure if targets.contains(id) => {
                let sp = p.structure(shape, p.type_path(id, Home::Types), StructRole::Plain);
                structs.push(sp);
            }
            ShapeKind::Enum | ShapeKind::IntEnum => enums.push(p.enumeration(shape)),
            ShapeKind::Union => {
                let mut u = p.union(shape);
                if shape.has_trait(crate::model::traits::STREAMING) {
                    // An event stream's exception events are errors of the stream (the
                    // operation's `<Op>StreamError`), not events of the union.
                    u.members.retain(|m| {
                        !shape.members.iter().any(|sm| {
                            sm.name == m.wire_name
                                && model
                                    .shape(&sm.target)
                                    .is_some_and(|t| t.has_trait(crate::model::traits::ERROR))
                        })
                    });
                }
                unions.push(u)
            }
            _ => {}
        }
    }
    let mut operations: Vec<OperationPlan> = resolved
        .operations
        .iter()
        .filter_map(|id| p.operation(&model.shapes[id], service_shape))
        .collect();
    operations.sort_by(|a, b| a.name.cmp(&b.name));

    let mut plan = CratePlan {
        warnings: std::mem::take(&mut p.warnings),
        service,
        structs,
        enums,
        unions,
        operations,
        waiters: Vec::new(),
        features: None,
    };
    collisions::check_collisions(&plan, &mut p.diags);
    plan.waiters = crate::waiters::plan(model, &plan, &mut p.diags);
    p.diags.finish(plan).map_err(|e| with_files(model, e))
}

/// Planning diagnostics are found on plan items, which carry shape ids but not files; name the
/// file that defines the shape (or the member's shape) so every message says where to look.
fn with_files(model: &Model, mut error: Error) -> Error {
    for d in &mut error.diagnostics {
        if d.file.is_none()
            && let Some(id) = &d.shape
        {
            let shape_id = id.split_once('$').map_or(id.as_str(), |(s, _)| s);
            d.file = model.shape(shape_id).and_then(|s| s.file.clone());
        }
    }
    error
}

impl Planner<'_> {
    /// Records a problem that does not stop generation.
    fn warn(&mut self, shape: &str, message: impl Into<String>) {
        let file = self.model.shape(shape).and_then(|s| s.file.clone());
        self.warnings.push(Diagnostic {
            file,
            shape: Some(shape.to_string()),
            message: message.into(),
        });
    }

    pub(super) fn name_of(&self, id: &str) -> String {
        self.rename
            .get(id)
            .cloned()
            .unwrap_or_else(|| shape_name(id).to_string())
    }

    pub(super) fn type_path(&self, id: &str, home: Home) -> TypePath {
        TypePath {
            home,
            name: naming::type_name(&self.name_of(id)),
        }
    }
}

/// The service's `rename`s plus those that keep collapsing shape names apart (`naming`).
fn type_renames(
    model: &Model,
    resolved: &Resolved,
    service: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let generated = resolved
        .shapes
        .iter()
        .chain(&resolved.operations)
        .filter(|id| !id.starts_with("smithy.api#"))
        .filter_map(|id| {
            let shape = model.shape(id)?;
            let home = match shape.kind {
                ShapeKind::Operation => "operation",
                ShapeKind::Structure if shape.has_trait(crate::model::traits::ERROR) => {
                    "types::error"
                }
                ShapeKind::Structure | ShapeKind::Union | ShapeKind::Enum | ShapeKind::IntEnum => {
                    "types"
                }
                _ => return None,
            };
            let name = service.get(id).cloned();
            Some((
                id.as_str(),
                home,
                name.unwrap_or_else(|| shape_name(id).to_string()),
            ))
        });
    let mut renames = service.clone();
    renames.extend(naming::unique_type_renames(generated));
    renames
}

#[cfg(test)]
mod tests;
