//! Writes a loaded model back out as Smithy JSON AST (`cargo xtask smithy-to-json`): the prelude
//! left out, `apply` statements merged into the shapes they target, mixins kept as `mixins`
//! references with each shape's own members and traits (as Smithy's own serializer writes them).

use crate::Source;
use crate::error::{Diagnostics, Error};
use crate::load::{self, Loaded};
use crate::model::{Member, Model, Shape, ShapeKind};
use serde_json::{Map, Value, json};
use std::collections::HashSet;

/// Loads `sources` (JSON AST and IDL alike) and returns the merged model as one JSON AST value.
pub fn to_json_ast(sources: &[Source]) -> Result<Value, Error> {
    let Loaded {
        mut model,
        applies,
        sets,
        ..
    } = load::load(sources)?;
    let mut diags = Diagnostics::default();
    for apply in applies {
        let (shape_id, member) = match apply.target.split_once('$') {
            Some((s, m)) => (s.to_string(), Some(m.to_string())),
            None => (apply.target.clone(), None),
        };
        let inherited = member
            .as_deref()
            .and_then(|m| inherited_target(&model, &shape_id, m));
        let Some(shape) = model.shapes.get_mut(&shape_id) else {
            diags.push(
                Some(&apply.file),
                Some(&apply.target),
                "apply targets a shape that is not defined",
            );
            continue;
        };
        let traits = match &member {
            None => &mut shape.traits,
            Some(m) => {
                if shape.member(m).is_none() {
                    match inherited {
                        // A member inherited from a mixin gets a local declaration to carry
                        // the applied traits.
                        Some(target) => shape.members.push(Member {
                            name: m.clone(),
                            target,
                            traits: Default::default(),
                        }),
                        None => {
                            diags.push(
                                Some(&apply.file),
                                Some(&apply.target),
                                "apply targets a member that does not exist",
                            );
                            continue;
                        }
                    }
                }
                match shape.members.iter_mut().find(|x| x.name == *m) {
                    Some(x) => &mut x.traits,
                    None => continue,
                }
            }
        };
        let mut merged = std::mem::take(traits);
        load::merge_traits(
            &mut merged,
            &apply.traits,
            Some(&apply.file),
            &apply.target,
            &mut diags,
        );
        *traits = merged;
    }
    let mut shapes = Map::new();
    for shape in model.shapes.values().filter(|s| s.file.is_some()) {
        let mut value = shape_json(shape);
        if sets.contains(&shape.id) {
            value["type"] = json!("set");
        }
        shapes.insert(shape.id.clone(), value);
    }
    let mut root = Map::new();
    root.insert("smithy".into(), json!("2.0"));
    if !model.metadata.is_empty() {
        let meta: Map<String, Value> = model.metadata.clone().into_iter().collect();
        root.insert("metadata".into(), Value::Object(meta));
    }
    root.insert("shapes".into(), Value::Object(shapes));
    diags.finish(Value::Object(root))
}

/// The target of member `name` that `shape_id` inherits through its mixins (each shape visited
/// once, with an explicit queue).
fn inherited_target(model: &Model, shape_id: &str, name: &str) -> Option<String> {
    let mut queue: Vec<&str> = model
        .shapes
        .get(shape_id)?
        .mixins
        .iter()
        .map(String::as_str)
        .collect();
    let mut seen = HashSet::new();
    while let Some(id) = queue.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Some(s) = model.shapes.get(id) else {
            continue;
        };
        if let Some(m) = s.member(name) {
            return Some(m.target.clone());
        }
        queue.extend(s.mixins.iter().map(String::as_str));
    }
    None
}

fn target(id: &str) -> Value {
    json!({ "target": id })
}

fn targets(ids: &[String]) -> Value {
    Value::Array(ids.iter().map(|i| target(i)).collect())
}

fn member_json(m: &Member) -> Value {
    let mut obj = Map::new();
    obj.insert("target".into(), json!(m.target));
    if !m.traits.is_empty() {
        obj.insert("traits".into(), json!(m.traits));
    }
    Value::Object(obj)
}

fn shape_json(shape: &Shape) -> Value {
    let mut obj = Map::new();
    obj.insert("type".into(), json!(shape.kind.as_str()));
    match shape.kind {
        ShapeKind::List => {
            if let Some(m) = shape.member("member") {
                obj.insert("member".into(), member_json(m));
            }
        }
        ShapeKind::Map => {
            for key in ["key", "value"] {
                if let Some(m) = shape.member(key) {
                    obj.insert(key.into(), member_json(m));
                }
            }
        }
        k if k.has_named_members() => {
            let members: Map<String, Value> = shape
                .members
                .iter()
                .map(|m| (m.name.clone(), member_json(m)))
                .collect();
            obj.insert("members".into(), Value::Object(members));
        }
        _ => {}
    }
    if !shape.mixins.is_empty() {
        obj.insert("mixins".into(), targets(&shape.mixins));
    }
    let r = &shape.refs;
    if let Some(v) = &r.version {
        obj.insert("version".into(), json!(v));
    }
    if shape.kind == ShapeKind::Operation {
        // Smithy's serializer writes the implicit `smithy.api#Unit` input and output too.
        let unit = "smithy.api#Unit";
        obj.insert("input".into(), target(r.input.as_deref().unwrap_or(unit)));
        obj.insert("output".into(), target(r.output.as_deref().unwrap_or(unit)));
    }
    for (key, list) in [
        ("operations", &r.operations),
        ("resources", &r.resources),
        ("errors", &r.errors),
        ("collectionOperations", &r.collection_operations),
    ] {
        if !list.is_empty() {
            // Sorted as Smithy's serializer writes these sets: by shape id ignoring case.
            let mut sorted = list.clone();
            sorted.sort_by_cached_key(|id| (id.to_lowercase(), id.clone()));
            sorted.dedup();
            obj.insert(key.into(), targets(&sorted));
        }
    }
    for (key, map) in [
        ("identifiers", &r.identifiers),
        ("properties", &r.properties),
    ] {
        if !map.is_empty() {
            let m: Map<String, Value> = map.iter().map(|(k, v)| (k.clone(), target(v))).collect();
            obj.insert(key.into(), Value::Object(m));
        }
    }
    for (key, id) in &r.lifecycle {
        obj.insert(key.clone(), target(id));
    }
    if !r.rename.is_empty() {
        obj.insert("rename".into(), json!(r.rename));
    }
    if !shape.traits.is_empty() {
        obj.insert("traits".into(), json!(shape.traits));
    }
    Value::Object(obj)
}
