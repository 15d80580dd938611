//! The planner's decisions, one rule per file, on small models: fixtures in
//! `codegen/tests/fixtures/<rule>/` (IDL) or inline JSON AST. The tests assert on the
//! [`CratePlan`] fields, not on emitted text, so they name the decision that broke.

mod bindings;
mod naming;
mod nullability;
mod recursion;
mod runtime_features;
mod sensitive;

use super::*;
use crate::load::{Source, load};
use crate::resolve::resolve;

/// The plan of `codegen/tests/fixtures/<rule>/`.
fn plan_fixture(rule: &str) -> CratePlan {
    let label = format!("tests/fixtures/{rule}");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(&label);
    let sources = crate::read_sources(&path, &label).unwrap_or_else(|e| panic!("{e}"));
    let loaded = load(&sources).unwrap_or_else(|e| panic!("{e}"));
    plan(&resolve(loaded, None).unwrap_or_else(|e| panic!("{e}"))).unwrap_or_else(|e| panic!("{e}"))
}

/// The plan of an inline JSON AST whose `shapes` object holds `shapes`.
fn plan_json(shapes: &str) -> Result<CratePlan, Error> {
    let text = format!(r#"{{"smithy": "2.0", "shapes": {{ {shapes} }}}}"#);
    let loaded = load(&[Source {
        name: "test.json".into(),
        text,
    }])?;
    plan(&resolve(loaded, None)?)
}

/// The structure named `name` (a shared or error structure).
fn structure<'p>(plan: &'p CratePlan, name: &str) -> &'p StructPlan {
    plan.structs
        .iter()
        .find(|s| s.path.name == name)
        .unwrap_or_else(|| panic!("no structure {name}"))
}

/// The member whose Smithy name is `wire_name`.
fn member<'p>(members: &'p [MemberPlan], wire_name: &str) -> &'p MemberPlan {
    members
        .iter()
        .find(|m| m.wire_name == wire_name)
        .unwrap_or_else(|| panic!("no member {wire_name}"))
}
