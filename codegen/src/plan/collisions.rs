//! Name collisions: two things that would get the same Rust name are an error naming both.

use super::ir::*;
use crate::error::Diagnostics;
use crate::naming;
use std::collections::{BTreeMap, BTreeSet};

/// Two things that would get the same Rust name are an error naming both shape ids.
pub(super) fn check_collisions(plan: &CratePlan, diags: &mut Diagnostics) {
    // Generated type names per module path.
    let mut names: BTreeMap<(Vec<String>, String), String> = BTreeMap::new();
    let mut add = |segments: Vec<String>, name: String, id: &str, diags: &mut Diagnostics| {
        match names.get(&(segments.clone(), name.clone())) {
            Some(other) if other != id => diags.push(
                None,
                Some(id),
                format!(
                    "would be generated as `crate::{}::{name}`, which {other} also becomes; give one of them another name with the service's `rename`",
                    segments.join("::")
                ),
            ),
            _ => {
                names.insert((segments, name), id.to_string());
            }
        }
    };
    for s in &plan.structs {
        add(
            s.path.home.segments(),
            s.path.name.clone(),
            &s.shape_id,
            diags,
        );
        add(
            s.path.home.builder_segments(),
            s.builder.clone(),
            &s.shape_id,
            diags,
        );
    }
    for e in &plan.enums {
        add(
            e.path.home.segments(),
            e.path.name.clone(),
            &e.shape_id,
            diags,
        );
    }
    for u in &plan.unions {
        add(
            u.path.home.segments(),
            u.path.name.clone(),
            &u.shape_id,
            diags,
        );
    }
    // Shared type files: one file per type, so their module names must differ too.
    let mut file_owner: BTreeMap<(bool, String), String> = BTreeMap::new();
    let all_files = plan
        .structs
        .iter()
        .map(|s| {
            (
                s.path.home == Home::Errors,
                s.file.clone(),
                s.shape_id.clone(),
            )
        })
        .chain(
            plan.enums
                .iter()
                .map(|e| (false, e.file.clone(), e.shape_id.clone())),
        )
        .chain(
            plan.unions
                .iter()
                .map(|u| (false, u.file.clone(), u.shape_id.clone())),
        );
    for (is_err, file, id) in all_files {
        let key = (is_err, file.clone());
        match file_owner.get(&key) {
            Some(other) if *other != id => diags.push(
                None,
                Some(&id),
                format!("its module file `{file}` collides with {other}'s; rename one of them"),
            ),
            _ => {
                file_owner.insert(key, id);
            }
        }
    }
    let mut modules: BTreeMap<String, String> = BTreeMap::new();
    for op in &plan.operations {
        // The operation module holds the input, output, error, fluent builder and paginator.
        let in_module = [
            Some(op.input.path.name.as_str()),
            Some(op.input.builder.as_str()),
            Some(op.output.path.name.as_str()),
            Some(op.output.builder.as_str()),
            Some(op.error_name.as_str()),
            Some(op.fluent_name.as_str()),
            op.paginator.as_ref().map(|p| p.name.as_str()),
        ];
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for name in in_module.into_iter().flatten() {
            if !seen.insert(name) {
                diags.push(
                    None,
                    Some(&op.shape_id),
                    format!(
                        "`{name}` is generated twice in module `operation::{}`",
                        op.module
                    ),
                );
            }
        }
        if let Some(other) = modules.insert(op.module.clone(), op.shape_id.clone()) {
            diags.push(
                None,
                Some(&op.shape_id),
                format!(
                    "operation module/method `{}` collides with {other}",
                    op.module
                ),
            );
        }
        for s in [&op.input, &op.output] {
            check_fields(s, diags);
        }
        let mut variants: BTreeMap<String, String> = BTreeMap::new();
        variants.insert(
            naming::UNHANDLED_VARIANT.to_string(),
            "the generated catch-all".into(),
        );
        let mut helpers: BTreeMap<&str, &str> = BTreeMap::new();
        for e in &op.errors {
            if let Some(other) = helpers.insert(&e.is_fn, &e.info.code) {
                diags.push(
                    None,
                    Some(&op.shape_id),
                    format!(
                        "error helper `{}` is generated for both {other} and {}",
                        e.is_fn, e.info.code
                    ),
                );
            }
            if let Some(other) = variants.insert(e.variant.clone(), e.path.name.clone()) {
                diags.push(
                    None,
                    Some(&op.shape_id),
                    format!("error variant `{}` collides with {other}", e.variant),
                );
            }
        }
    }
    for s in &plan.structs {
        check_fields(s, diags);
    }
    for e in &plan.enums {
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for v in &e.variants {
            if let Some(other) = seen.insert(v.name.clone(), &v.value) {
                diags.push(
                    None,
                    Some(&e.shape_id),
                    format!(
                        "enum members for values \"{other}\" and \"{}\" both become variant `{}`",
                        v.value, v.name
                    ),
                );
            }
        }
    }
    for u in &plan.unions {
        let mut helpers: BTreeMap<String, &str> = BTreeMap::new();
        helpers.insert("is_unknown".into(), "the generated `is_unknown`");
        for m in &u.members {
            for h in [m.as_fn.clone(), m.is_fn.clone()] {
                if let Some(other) = helpers.insert(h.clone(), &m.wire_name) {
                    diags.push(
                        None,
                        Some(&format!("{}${}", u.shape_id, m.wire_name)),
                        format!("its helper `{h}` is also generated for {other}"),
                    );
                }
            }
        }
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for m in &u.members {
            if let Some(other) = seen.insert(m.variant.clone(), &m.wire_name) {
                diags.push(
                    None,
                    Some(&format!("{}${}", u.shape_id, m.wire_name)),
                    format!("becomes variant `{}`, as does member {other}", m.variant),
                );
            }
        }
    }
}

/// Fields, and the builder methods derived from them (`x`, `set_x`, `get_x`), must be unique.
fn check_fields(s: &StructPlan, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for m in &s.members {
        for method in [m.field.clone(), m.setter.clone(), m.getter.clone()] {
            let ident = naming::ident_text(&method);
            if let Some(other) = seen.insert(ident.clone(), &m.wire_name) {
                diags.push(
                    None,
                    Some(&format!("{}${}", s.shape_id, m.wire_name)),
                    format!(
                        "its Rust name `{ident}` is also used for member {}${other}",
                        s.shape_id
                    ),
                );
                // `x`, `set_x` and `get_x` collide together; one message per member is enough.
                break;
            }
        }
    }
}
