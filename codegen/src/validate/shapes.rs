//! Shape-level rules a client generator depends on: a union needs a member (its Rust enum would
//! hold only the unknown variant and no value could be sent); only union members (and enum
//! members) target `smithy.api#Unit`; operation input and output structures play their role
//! (Smithy's `OperationValidator`: an `@input` structure is no output, an `@output` structure
//! no input, an `@error` structure neither).

use super::{member_id, own_shapes};
use crate::error::Diagnostics;
use crate::model::{Model, ShapeKind, traits as t};

/// Reports empty unions, misplaced `Unit` targets and misused input/output structures.
pub fn check(model: &Model, diags: &mut Diagnostics) {
    for shape in own_shapes(model) {
        let file = shape.file.as_deref();
        if shape.kind == ShapeKind::Union && shape.members.is_empty() && !shape.has_trait(t::MIXIN)
        {
            diags.push(file, Some(&shape.id), "a union needs at least one member");
        }
        if matches!(
            shape.kind,
            ShapeKind::Structure | ShapeKind::List | ShapeKind::Map
        ) {
            for m in &shape.members {
                if m.target == t::UNIT {
                    diags.push(
                        file,
                        Some(&member_id(shape, &m.name)),
                        format!(
                            "targets smithy.api#Unit, which only union members may target (not members of a {})",
                            shape.kind.as_str()
                        ),
                    );
                }
            }
        }
        if shape.kind == ShapeKind::Operation {
            for (role, target, wrong) in [
                ("input", &shape.refs.input, t::OUTPUT),
                ("output", &shape.refs.output, t::INPUT),
            ] {
                let Some(target) = target.as_deref().and_then(|id| model.shape(id)) else {
                    continue;
                };
                for bad in [wrong, t::ERROR] {
                    if target.has_trait(bad) {
                        diags.push(
                            file,
                            Some(&shape.id),
                            format!("its {role} {} has the {bad} trait", target.id),
                        );
                    }
                }
            }
        }
    }
}
