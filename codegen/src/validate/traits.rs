//! Where traits may be applied, what their values look like, which traits conflict, and which
//! may be used by one member of a structure only (Smithy's `TraitTargetValidator`,
//! `TraitValueValidator`, `TraitConflictValidator`, `ExclusiveStructureMemberTraitValidator` and
//! `AuthTraitValidator`), for the prelude traits and the AWS protocol and auth traits a client
//! generator reads. The table is [`super::trait_table::TRAITS`]; traits it does not list are
//! kept opaque, as before.

use super::trait_table::{Exclusive, Spec, TRAITS};
use super::values::{self, brief};
use super::{member_id, own_shapes};
use crate::error::Diagnostics;
use crate::model::{Member, Model, Shape, ShapeKind};
use std::collections::BTreeMap;

/// Where a trait is applied: a shape, or a member of `shape`.
pub struct Site<'m> {
    /// The shape, or the member's container.
    pub shape: &'m Shape,
    /// The member, when the trait is on a member.
    pub member: Option<&'m Member>,
    /// The member's target.
    pub target: Option<&'m Shape>,
}

impl Site<'_> {
    /// The kind of the value: the member's target, or the shape itself.
    pub fn value_kind(&self) -> Option<ShapeKind> {
        match self.member {
            Some(_) => self.target.map(|t| t.kind),
            None => Some(self.shape.kind),
        }
    }

    /// Whether this is a member of a shape of one of `kinds`.
    pub fn member_of(&self, kinds: &[ShapeKind]) -> bool {
        self.member.is_some() && kinds.contains(&self.shape.kind)
    }

    /// Whether this is a shape (not a member) of one of `kinds`.
    pub fn shape_of(&self, kinds: &[ShapeKind]) -> bool {
        self.member.is_none() && kinds.contains(&self.shape.kind)
    }

    /// Whether the member (or shape) has the trait.
    pub fn has(&self, trait_id: &str) -> bool {
        match self.member {
            Some(m) => m.traits.contains_key(trait_id),
            None => self.shape.traits.contains_key(trait_id),
        }
    }
}

/// Checks every trait of every shape and member against the table.
pub fn check(model: &Model, diags: &mut Diagnostics) {
    let table: BTreeMap<&str, &Spec> = TRAITS.iter().map(|s| (s.id, s)).collect();
    for shape in own_shapes(model) {
        let file = shape.file.as_deref();
        let shape_site = Site {
            shape,
            member: None,
            target: None,
        };
        check_site(&table, &shape_site, &shape.id, file, diags);
        for m in &shape.members {
            let site = Site {
                shape,
                member: Some(m),
                target: model.shape(&m.target),
            };
            check_site(&table, &site, &member_id(shape, &m.name), file, diags);
        }
        exclusive(model, &table, shape, diags);
        auth(shape, model, diags);
    }
}

fn check_site(
    table: &BTreeMap<&str, &Spec>,
    site: &Site<'_>,
    id: &str,
    file: Option<&str>,
    diags: &mut Diagnostics,
) {
    let traits = match site.member {
        Some(m) => &m.traits,
        None => &site.shape.traits,
    };
    for (trait_id, value) in traits {
        let Some(spec) = table.get(trait_id.as_str()) else {
            continue;
        };
        if !(spec.applies)(site) {
            diags.push(
                file,
                Some(id),
                format!(
                    "trait {trait_id} cannot be applied here: its selector is `{}`",
                    spec.selector
                ),
            );
            continue;
        }
        if let Err(e) = values::check(&spec.value, value) {
            diags.push(
                file,
                Some(id),
                format!(
                    "trait {trait_id} has an invalid value {}: {e}",
                    brief(value)
                ),
            );
        }
        for other in spec.conflicts {
            // Each pair once: from the trait whose id sorts first, or from a one-sided entry.
            let reverse = table
                .get(other)
                .is_some_and(|o| o.conflicts.contains(&spec.id));
            if traits.contains_key(*other) && (!reverse || spec.id < *other) {
                diags.push(
                    file,
                    Some(id),
                    format!(
                        "traits {trait_id} and {other} conflict and cannot be applied together"
                    ),
                );
            }
        }
    }
}

/// Structurally exclusive traits: at most one member of a structure has the trait (`member`),
/// or targets a shape that has it (`target`).
fn exclusive(model: &Model, table: &BTreeMap<&str, &Spec>, shape: &Shape, diags: &mut Diagnostics) {
    if shape.kind != ShapeKind::Structure {
        return;
    }
    for spec in table.values() {
        let users: Vec<&str> = match spec.exclusive {
            Exclusive::No => continue,
            Exclusive::Member => shape
                .members
                .iter()
                .filter(|m| m.traits.contains_key(spec.id))
                .map(|m| m.name.as_str())
                .collect(),
            Exclusive::Target => shape
                .members
                .iter()
                .filter(|m| model.shape(&m.target).is_some_and(|t| t.has_trait(spec.id)))
                .map(|m| m.name.as_str())
                .collect(),
        };
        if users.len() > 1 {
            let how = match spec.exclusive {
                Exclusive::Target => "target a shape with",
                _ => "have",
            };
            diags.push(
                shape.file.as_deref(),
                Some(&shape.id),
                format!(
                    "members {} all {how} {}, which only one member of a structure may",
                    users.join(", "),
                    spec.id
                ),
            );
        }
    }
}

/// `@auth` on a service names auth schemes that are applied to the service and are auth
/// definitions.
fn auth(shape: &Shape, model: &Model, diags: &mut Diagnostics) {
    if shape.kind != ShapeKind::Service {
        return;
    }
    let Some(list) = shape
        .traits
        .get("smithy.api#auth")
        .and_then(|v| v.as_array())
    else {
        return;
    };
    for scheme in list.iter().filter_map(|v| v.as_str()) {
        let defined = model
            .shape(scheme)
            .is_some_and(|s| s.has_trait("smithy.api#authDefinition"));
        let known = TRAITS.iter().any(|s| s.id == scheme && s.auth_scheme);
        if !shape.has_trait(scheme) || !(defined || known) {
            diags.push(
                shape.file.as_deref(),
                Some(&shape.id),
                format!(
                    "@auth lists {scheme}, which is not an auth scheme trait applied to this service"
                ),
            );
        }
    }
}
