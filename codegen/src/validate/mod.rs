//! Step 2b, validate: the Smithy validation rules a client generator depends on, checked on the
//! whole model (after `apply` and mixin flattening, before a service is chosen), so a model
//! Smithy itself rejects never reaches planning or emitting.
//!
//! One module per rule family; each reports every problem it finds with the file, the shape (or
//! member) id and the rule, and none of them recurses over the model graph: walks use explicit
//! stacks or work lists, so the depth of the model cannot overflow the generator's stack.
//!
//! | module | rules |
//! |---|---|
//! | `recursion` | lists and maps may not recurse without a structure or union between; collection nesting is bounded |
//! | `required_cycles` | every structure and union can be built (no `@required` loop back to itself) |
//! | `constraints` | `@length`/`@range` bounds, `@default` values that fit their target |
//! | `traits` | trait selectors (where a trait may be applied), value types, conflicts, structurally exclusive traits, `@auth` |
//! | `resources` | resource bindings form no cycle; identifiers target strings |
//! | `shapes` | unions have members; only union members target `smithy.api#Unit`; operation input/output roles |

mod constraints;
mod recursion;
mod required_cycles;
mod resources;
mod shapes;
mod trait_table;
mod traits;
mod values;

pub use recursion::MAX_COLLECTION_NESTING;

use crate::error::Diagnostics;
use crate::model::{Model, Shape};

/// Runs every rule family over the model's own shapes (the prelude is trusted).
pub fn check(model: &Model, diags: &mut Diagnostics) {
    recursion::check(model, diags);
    required_cycles::check(model, diags);
    constraints::check(model, diags);
    traits::check(model, diags);
    resources::check(model, diags);
    shapes::check(model, diags);
}

/// The shapes defined by model files, in id order.
fn own_shapes(model: &Model) -> impl Iterator<Item = &Shape> {
    model.shapes.values().filter(|s| s.file.is_some())
}

/// `ns#Shape$member`.
fn member_id(shape: &Shape, member: &str) -> String {
    format!("{}${member}", shape.id)
}
