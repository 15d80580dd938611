//! Per-operation cargo features (`Settings::features_per_operation`): which operations need
//! each shared type, so that the emitters can put every operation, and the types only some
//! operations use, behind the features of those operations.
//!
//! A type's users are the operations whose input, output, errors or output event stream reach
//! it through members. A type reached by every operation gets no gate (it is needed whatever is
//! on); any other type is compiled when any of its users is on. Serializers follow their types:
//! `shape_x` calls only the serializers of types `x` reaches, whose users include `x`'s users.

use super::ir::{CratePlan, OperationPlan, TypePath, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The feature that turns every operation on (and is in `default`).
pub const ALL_OPERATIONS: &str = "all-operations";

/// Features the generated `Cargo.toml` always declares: an operation must not take their names.
const RESERVED: [&str; 4] = [
    "default",
    "default-https-client",
    "test-util",
    ALL_OPERATIONS,
];

/// The features of a crate generated with one feature per operation.
#[derive(Debug, Clone)]
pub struct FeaturePlan {
    /// Operation name -> its feature (kebab-case of the operation, `GetJob` -> `get-job`).
    by_operation: BTreeMap<String, String>,
    /// Every type some operations need -> the features of those operations. A type every
    /// operation needs is absent (no gate); a type no operation needs maps to an empty set.
    users: BTreeMap<TypePath, BTreeSet<String>>,
}

impl FeaturePlan {
    /// Every operation's feature, in operation order (the plan sorts operations by name).
    pub fn operation_features(&self) -> impl Iterator<Item = (&str, &str)> {
        self.by_operation
            .iter()
            .map(|(op, f)| (op.as_str(), f.as_str()))
    }

    /// The feature of the operation named `name` (an [`OperationPlan::name`]).
    pub fn feature_of(&self, name: &str) -> Option<&str> {
        self.by_operation.get(name).map(String::as_str)
    }

    /// `#[cfg(feature = "…")]` for an item of the operation named `name` (nothing if unknown).
    pub fn operation_cfg(&self, name: &str) -> TokenStream {
        match self.feature_of(name) {
            Some(f) => quote!(#[cfg(feature = #f)]),
            None => TokenStream::new(),
        }
    }

    /// `#[cfg(any(feature = "a", …))]` for the items of the type at `path`: nothing when every
    /// operation needs it, `#[cfg(any())]` (never compiled) when none does.
    pub fn type_cfg(&self, path: &TypePath) -> TokenStream {
        match self.users.get(path) {
            None => TokenStream::new(),
            Some(features) if features.len() == 1 => {
                let f = features.iter().next().map(String::as_str).unwrap_or("");
                quote!(#[cfg(feature = #f)])
            }
            Some(features) => {
                let fs = features.iter();
                quote!(#[cfg(any(#(feature = #fs),*))])
            }
        }
    }
}

/// Decides the features of `plan`: one per operation, and each type's users.
pub fn plan(plan: &CratePlan) -> FeaturePlan {
    let by_operation = feature_names(
        plan.operations
            .iter()
            .map(|op| (op.name.as_str(), op.module.as_str())),
    );
    // Members of every named type, to follow a type's nesting without recursion.
    let mut members: BTreeMap<&TypePath, Vec<&TypeRef>> = BTreeMap::new();
    for s in &plan.structs {
        members.insert(&s.path, s.members.iter().map(|m| &m.ty).collect());
    }
    for u in &plan.unions {
        members.insert(&u.path, u.members.iter().map(|m| &m.ty).collect());
    }
    for e in &plan.enums {
        members.insert(&e.path, Vec::new());
    }
    let mut users: BTreeMap<TypePath, BTreeSet<String>> = members
        .keys()
        .map(|p| ((*p).clone(), BTreeSet::new()))
        .collect();
    for op in &plan.operations {
        let Some(feature) = by_operation.get(&op.name) else {
            continue;
        };
        for path in reached(op, &members) {
            users.entry(path).or_default().insert(feature.clone());
        }
    }
    let every = by_operation.len();
    users.retain(|_, features| features.len() < every || every == 0);
    FeaturePlan {
        by_operation,
        users,
    }
}

/// The named types `op` reaches through its input, output, errors and event stream.
fn reached(op: &OperationPlan, members: &BTreeMap<&TypePath, Vec<&TypeRef>>) -> BTreeSet<TypePath> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&TypeRef> = Vec::new();
    // Inputs and outputs live in the operation's module; only their members are shared.
    stack.extend(op.input.members.iter().map(|m| &m.ty));
    stack.extend(op.output.members.iter().map(|m| &m.ty));
    let mut roots: Vec<&TypePath> = op.errors.iter().map(|e| &e.path).collect();
    if let Some(stream) = &op.output_stream {
        roots.push(&stream.union);
        stack.push(&stream.member.ty);
        stack.extend(stream.events.iter().chain(&stream.errors).map(|m| &m.ty));
    }
    let mut paths: Vec<&TypePath> = roots;
    loop {
        // Types to paths; paths to their members' types.
        while let Some(ty) = stack.pop() {
            match ty {
                TypeRef::Enum(p) | TypeRef::IntEnum(p) | TypeRef::Struct(p) | TypeRef::Union(p) => {
                    paths.push(p)
                }
                TypeRef::List { item, .. } => stack.push(item),
                TypeRef::Map { key, value, .. } => {
                    stack.push(key);
                    stack.push(value);
                }
                _ => {}
            }
        }
        let Some(path) = paths.pop() else { break };
        if seen.contains(path) {
            continue;
        }
        seen.insert(path.clone());
        if let Some(ms) = members.get(path) {
            stack.extend(ms.iter().copied());
        }
    }
    seen
}

/// Operation name -> feature: the kebab-case of its module name (`get_job` -> `get-job`). A
/// name that would clash with a feature the crate always declares (an operation `TestUtil`) or
/// with an earlier operation's gets `-operation` appended (then a number), so every operation
/// has a feature of its own.
fn feature_names<'a>(
    operations: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> BTreeMap<String, String> {
    let mut taken: BTreeSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    let mut out = BTreeMap::new();
    for (op, module) in operations {
        let base: String = module
            .trim_start_matches("r#")
            .trim_matches('_')
            .replace('_', "-");
        let mut name = base.clone();
        if taken.contains(&name) {
            name = format!("{base}-operation");
        }
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}-operation-{n}");
            n += 1;
        }
        taken.insert(name.clone());
        out.insert(op.to_string(), name);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_case_and_reserved_names() {
        let names = feature_names([
            ("GetJob", "get_job"),
            ("TestUtil", "test_util"),
            ("Default", "default_"),
            ("ListJobs", "list_jobs"),
        ]);
        let got: Vec<&str> = ["GetJob", "TestUtil", "Default", "ListJobs"]
            .iter()
            .map(|op| names[*op].as_str())
            .collect();
        assert_eq!(
            got,
            [
                "get-job",
                "test-util-operation",
                "default-operation",
                "list-jobs"
            ]
        );
    }
}
