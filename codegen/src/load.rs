//! Step 1, load: JSON AST files -> one merged [`Model`], with the prelude added.
//!
//! Follows the Smithy "merging model files" rules: the same shape may be defined in several files
//! only if the definitions agree; their traits merge like `apply`; metadata arrays concatenate.
//! `apply` entries are returned separately because they may target members that only exist once
//! mixins are flattened (see `resolve`).

use crate::error::{Diagnostics, Error};
use crate::model::{Member, Model, Shape, ShapeKind, ShapeRefs, Traits, is_valid_shape_id};
use crate::prelude;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One model file: a display name (used in every message) and its text.
#[derive(Clone, Debug)]
pub struct Source {
    /// How the file is named in messages, e.g. `model/service.json`.
    pub name: String,
    /// The JSON text.
    pub text: String,
}

/// An `apply` entry: traits for a shape or member defined elsewhere.
#[derive(Clone, Debug)]
pub struct Apply {
    /// `ns#Shape` or `ns#Shape$member`.
    pub target: String,
    /// The traits to add.
    pub traits: Traits,
    /// The file it came from.
    pub file: String,
}

/// The result of loading: merged shapes plus pending `apply` entries.
pub struct Loaded {
    /// The merged model, prelude included.
    pub model: Model,
    /// `apply` entries in file order.
    pub applies: Vec<Apply>,
    /// The names of the files loaded, in order, for messages about the model as a whole.
    pub files: Vec<String>,
    /// Shapes written as the Smithy 1 `set` type (loaded as lists; kept for writing them back).
    pub sets: BTreeSet<String>,
}

/// Parses and merges `sources`. Every problem found is reported, not only the first.
pub fn load(sources: &[Source]) -> Result<Loaded, Error> {
    let mut diags = Diagnostics::default();
    let mut model = Model::default();
    for shape in prelude::shapes() {
        model.shapes.insert(shape.id.clone(), shape);
    }
    let mut applies = Vec::new();
    let mut sets = BTreeSet::new();
    if sources.is_empty() {
        diags.push(None, None, "no model files given");
    }
    // JSON files first: IDL files may refer to their shapes (relative ids, elided targets).
    let roots: Vec<Option<Map<String, Value>>> = sources
        .iter()
        .map(|s| {
            (!is_idl(&s.name))
                .then(|| parse_json(s, &mut diags))
                .flatten()
        })
        .collect();
    let json_shapes: Vec<&Map<String, Value>> = roots
        .iter()
        .flatten()
        .filter_map(|r| r.get("shapes").and_then(Value::as_object))
        .collect();
    let idl_files: Vec<(&str, &str)> = sources
        .iter()
        .filter(|s| is_idl(&s.name))
        .map(|s| (s.name.as_str(), s.text.as_str()))
        .collect();
    let mut lowered = crate::idl::lower_all(&idl_files, &json_shapes, &mut diags).into_iter();
    for (source, root) in sources.iter().zip(&roots) {
        let file = source.name.as_str();
        if is_idl(file) {
            let l = lowered.next().unwrap_or_default();
            let metadata = l.metadata.iter().map(|(k, v)| (k, v));
            merge_metadata(file, metadata, &mut model, &mut diags);
            let shapes = l.shapes.iter().map(|(k, v)| (k, v));
            load_shapes(
                file,
                shapes,
                &mut model,
                &mut applies,
                &mut diags,
                &mut sets,
            );
        } else if let Some(root) = root {
            load_json(file, root, &mut model, &mut applies, &mut diags, &mut sets);
        }
    }
    check_case_conflicts(&model, &mut diags);
    let files = sources.iter().map(|s| s.name.clone()).collect();
    diags.finish(Loaded {
        model,
        applies,
        files,
        sets,
    })
}

/// Whether a source is Smithy IDL (by its extension); everything else is read as JSON AST.
pub fn is_idl(name: &str) -> bool {
    name.ends_with(".smithy")
}

/// Parses a JSON AST file and checks its version; `None` (with a diagnostic) when unusable.
fn parse_json(source: &Source, diags: &mut Diagnostics) -> Option<Map<String, Value>> {
    let file = source.name.as_str();
    // A byte-order mark is not JSON, but editors on Windows write one; Smithy accepts it.
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            diags.push(Some(file), None, format!("not valid JSON: {e}"));
            return None;
        }
    };
    let Value::Object(root) = root else {
        diags.push(
            Some(file),
            None,
            "a Smithy JSON AST file must be a JSON object",
        );
        return None;
    };
    match root.get("smithy") {
        Some(Value::String(v)) if v == "2.0" || v == "2" => {}
        Some(Value::String(v)) => {
            diags.push(
                Some(file),
                None,
                format!(
                    "unsupported Smithy version \"{v}\": only \"2.0\" (or \"2\") JSON AST models are accepted; convert 1.0 models with the Smithy CLI first"
                ),
            );
            return None;
        }
        Some(_) => {
            diags.push(
                Some(file),
                None,
                "\"smithy\" must be a version string such as \"2.0\"",
            );
            return None;
        }
        None => {
            diags.push(
                Some(file),
                None,
                "missing the \"smithy\" version key (expected \"2.0\")",
            );
            return None;
        }
    }
    Some(root)
}

fn load_json(
    file: &str,
    root: &Map<String, Value>,
    model: &mut Model,
    applies: &mut Vec<Apply>,
    diags: &mut Diagnostics,
    sets: &mut BTreeSet<String>,
) {
    if let Some(meta) = root.get("metadata") {
        match meta.as_object() {
            Some(meta) => merge_metadata(file, meta.iter(), model, diags),
            None => diags.push(Some(file), None, "\"metadata\" must be an object"),
        }
    }
    let shapes = match root.get("shapes") {
        None => return,
        Some(Value::Object(shapes)) => shapes,
        Some(_) => {
            diags.push(
                Some(file),
                None,
                "\"shapes\" must be an object keyed by shape id",
            );
            return;
        }
    };
    load_shapes(file, shapes.iter(), model, applies, diags, sets);
}

/// Loads `(id, JSON AST shape)` entries of one file, `apply` entries included.
fn load_shapes<'a>(
    file: &str,
    shapes: impl Iterator<Item = (&'a String, &'a Value)>,
    model: &mut Model,
    applies: &mut Vec<Apply>,
    diags: &mut Diagnostics,
    sets: &mut BTreeSet<String>,
) {
    for (id, value) in shapes {
        // `apply` may target a member: `namespace#Shape$member`.
        let is_apply = value.get("type").and_then(Value::as_str) == Some("apply");
        let valid = match id.split_once('$') {
            Some((shape, member)) if is_apply => {
                is_valid_shape_id(shape) && crate::model::is_identifier(member)
            }
            _ => is_valid_shape_id(id),
        };
        if !valid {
            diags.push(
                Some(file),
                Some(id),
                "not a valid absolute shape id (expected `namespace#Name`)",
            );
            continue;
        }
        let Some(obj) = value.as_object() else {
            diags.push(Some(file), Some(id), "a shape must be a JSON object");
            continue;
        };
        let Some(kind) = obj.get("type").and_then(Value::as_str) else {
            diags.push(Some(file), Some(id), "missing string property \"type\"");
            continue;
        };
        if kind == "apply" {
            match parse_traits(file, id, obj.get("traits"), diags) {
                Some(traits) => applies.push(Apply {
                    target: id.clone(),
                    traits,
                    file: file.to_string(),
                }),
                None => continue,
            }
            continue;
        }
        if kind == "set" {
            sets.insert(id.clone());
        }
        let Some(kind) = ShapeKind::parse(kind) else {
            diags.push(
                Some(file),
                Some(id),
                format!("unknown shape type \"{kind}\""),
            );
            continue;
        };
        if id.starts_with("smithy.api#") && model.shapes.get(id).is_some_and(|s| s.file.is_none()) {
            diags.push(
                Some(file),
                Some(id),
                "redefines a prelude shape; the smithy.api namespace is reserved",
            );
            continue;
        }
        if let Some(shape) = parse_shape(file, id, kind, obj, diags) {
            merge_shape(shape, model, diags);
        }
    }
}

fn merge_metadata<'a>(
    file: &str,
    meta: impl Iterator<Item = (&'a String, &'a Value)>,
    model: &mut Model,
    diags: &mut Diagnostics,
) {
    for (key, value) in meta {
        match model.metadata.get_mut(key) {
            None => {
                model.metadata.insert(key.clone(), value.clone());
            }
            Some(Value::Array(existing)) if value.is_array() => {
                existing.extend(value.as_array().into_iter().flatten().cloned());
            }
            Some(existing) if existing == value => {}
            Some(_) => diags.push(
                Some(file),
                None,
                format!("metadata key \"{key}\" conflicts with a different value in another file"),
            ),
        }
    }
}

fn parse_shape(
    file: &str,
    id: &str,
    kind: ShapeKind,
    obj: &Map<String, Value>,
    diags: &mut Diagnostics,
) -> Option<Shape> {
    let before = diags_len(diags);
    let traits = parse_traits(file, id, obj.get("traits"), diags).unwrap_or_default();
    let mut members = Vec::new();
    match kind {
        // With mixins, a list's or map's members may all be inherited.
        ShapeKind::List => match obj.get("member") {
            Some(m) => members.extend(parse_member(file, id, "member", m, diags)),
            None if obj.contains_key("mixins") => {}
            None => diags.push(Some(file), Some(id), "a list needs a \"member\""),
        },
        ShapeKind::Map => {
            for name in ["key", "value"] {
                match obj.get(name) {
                    Some(m) => members.extend(parse_member(file, id, name, m, diags)),
                    None if obj.contains_key("mixins") => {}
                    None => diags.push(Some(file), Some(id), format!("a map needs a \"{name}\"")),
                }
            }
        }
        k if k.has_named_members() => match obj.get("members") {
            None => {}
            Some(Value::Object(ms)) => {
                let mut seen: HashMap<String, &str> = HashMap::new();
                for (name, m) in ms {
                    if !crate::model::is_identifier(name) {
                        diags.push(
                            Some(file),
                            Some(&format!("{id}${name}")),
                            "member name is not a valid identifier",
                        );
                        continue;
                    }
                    if let Some(other) = seen.insert(name.to_ascii_lowercase(), name) {
                        diags.push(
                            Some(file),
                            Some(id),
                            format!("members \"{other}\" and \"{name}\" differ only in case"),
                        );
                    }
                    members.extend(parse_member(file, id, name, m, diags));
                }
            }
            Some(_) => diags.push(Some(file), Some(id), "\"members\" must be an object"),
        },
        _ => {}
    }
    let mixins = match obj.get("mixins") {
        None => Vec::new(),
        Some(v) => ref_list(file, id, "mixins", v, diags),
    };
    let mut refs = ShapeRefs::default();
    match kind {
        ShapeKind::Service => {
            refs.version = match obj.get("version") {
                None => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(_) => {
                    diags.push(Some(file), Some(id), "service \"version\" must be a string");
                    None
                }
            };
            refs.operations = opt_ref_list(file, id, "operations", obj, diags);
            refs.resources = opt_ref_list(file, id, "resources", obj, diags);
            refs.errors = opt_ref_list(file, id, "errors", obj, diags);
            if let Some(rename) = obj.get("rename") {
                match rename.as_object() {
                    Some(map) => {
                        for (k, v) in map {
                            match v.as_str() {
                                Some(s)
                                    if is_valid_shape_id(k) && crate::model::is_identifier(s) =>
                                {
                                    refs.rename.insert(k.clone(), s.to_string());
                                }
                                _ => diags.push(
                                    Some(file),
                                    Some(id),
                                    format!("invalid \"rename\" entry \"{k}\""),
                                ),
                            }
                        }
                    }
                    None => diags.push(Some(file), Some(id), "\"rename\" must be an object"),
                }
            }
        }
        ShapeKind::Operation => {
            refs.input = opt_ref(file, id, "input", obj, diags);
            refs.output = opt_ref(file, id, "output", obj, diags);
            refs.errors = opt_ref_list(file, id, "errors", obj, diags);
        }
        ShapeKind::Resource => {
            for key in ["create", "put", "read", "update", "delete", "list"] {
                if let Some(r) = opt_ref(file, id, key, obj, diags) {
                    refs.lifecycle.insert(key.to_string(), r);
                }
            }
            refs.operations = opt_ref_list(file, id, "operations", obj, diags);
            refs.collection_operations = opt_ref_list(file, id, "collectionOperations", obj, diags);
            refs.resources = opt_ref_list(file, id, "resources", obj, diags);
            refs.identifiers = ref_map(file, id, "identifiers", obj, diags);
            refs.properties = ref_map(file, id, "properties", obj, diags);
        }
        _ => {}
    }
    if diags_len(diags) != before {
        return None;
    }
    Some(Shape {
        id: id.to_string(),
        kind,
        members,
        traits,
        mixins,
        refs,
        file: Some(file.to_string()),
    })
}

fn diags_len(diags: &Diagnostics) -> usize {
    diags.len()
}

fn parse_member(
    file: &str,
    id: &str,
    name: &str,
    value: &Value,
    diags: &mut Diagnostics,
) -> Option<Member> {
    let member_id = format!("{id}${name}");
    let Some(obj) = value.as_object() else {
        diags.push(
            Some(file),
            Some(&member_id),
            "a member must be an object with a \"target\"",
        );
        return None;
    };
    let target = match obj.get("target") {
        Some(Value::String(t)) if is_valid_shape_id(t) => t.clone(),
        Some(Value::String(t)) => {
            diags.push(
                Some(file),
                Some(&member_id),
                format!(
                    "target \"{t}\" is not an absolute shape id (JSON AST ids are never relative)"
                ),
            );
            return None;
        }
        _ => {
            diags.push(
                Some(file),
                Some(&member_id),
                "missing string property \"target\"",
            );
            return None;
        }
    };
    let traits = parse_traits(file, &member_id, obj.get("traits"), diags)?;
    Some(Member {
        name: name.to_string(),
        target,
        traits,
    })
}

fn parse_traits(
    file: &str,
    id: &str,
    value: Option<&Value>,
    diags: &mut Diagnostics,
) -> Option<Traits> {
    let mut traits = Traits::new();
    match value {
        None => {}
        Some(Value::Object(map)) => {
            for (k, v) in map {
                if !is_valid_shape_id(k) {
                    diags.push(
                        Some(file),
                        Some(id),
                        format!("trait id \"{k}\" is not an absolute shape id"),
                    );
                    return None;
                }
                traits.insert(k.clone(), v.clone());
            }
        }
        Some(_) => {
            diags.push(Some(file), Some(id), "\"traits\" must be an object");
            return None;
        }
    }
    Some(traits)
}

fn parse_ref(
    file: &str,
    id: &str,
    key: &str,
    v: &Value,
    diags: &mut Diagnostics,
) -> Option<String> {
    match v.get("target") {
        Some(Value::String(t)) if is_valid_shape_id(t) => Some(t.clone()),
        _ => {
            diags.push(
                Some(file),
                Some(id),
                format!("\"{key}\" must be {{\"target\": \"namespace#Name\"}}"),
            );
            None
        }
    }
}

fn opt_ref(
    file: &str,
    id: &str,
    key: &str,
    obj: &Map<String, Value>,
    diags: &mut Diagnostics,
) -> Option<String> {
    obj.get(key)
        .and_then(|v| parse_ref(file, id, key, v, diags))
}

fn ref_list(file: &str, id: &str, key: &str, v: &Value, diags: &mut Diagnostics) -> Vec<String> {
    match v.as_array() {
        Some(items) => items
            .iter()
            .filter_map(|item| parse_ref(file, id, key, item, diags))
            .collect(),
        None => {
            diags.push(Some(file), Some(id), format!("\"{key}\" must be an array"));
            Vec::new()
        }
    }
}

fn opt_ref_list(
    file: &str,
    id: &str,
    key: &str,
    obj: &Map<String, Value>,
    diags: &mut Diagnostics,
) -> Vec<String> {
    obj.get(key)
        .map(|v| ref_list(file, id, key, v, diags))
        .unwrap_or_default()
}

fn ref_map(
    file: &str,
    id: &str,
    key: &str,
    obj: &Map<String, Value>,
    diags: &mut Diagnostics,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    match obj.get(key) {
        None => {}
        Some(Value::Object(map)) => {
            for (name, v) in map {
                if let Some(t) = parse_ref(file, id, key, v, diags) {
                    out.insert(name.clone(), t);
                }
            }
        }
        Some(_) => diags.push(Some(file), Some(id), format!("\"{key}\" must be an object")),
    }
    out
}

/// Merges one parsed shape into the model (the "same shape in several files" rule).
fn merge_shape(shape: Shape, model: &mut Model, diags: &mut Diagnostics) {
    let Some(existing) = model.shapes.get_mut(&shape.id) else {
        model.shapes.insert(shape.id.clone(), shape);
        return;
    };
    let file = shape.file.as_deref();
    let where_else = existing
        .file
        .clone()
        .unwrap_or_else(|| "the prelude".into());
    if existing.kind != shape.kind {
        diags.push(
            file,
            Some(&shape.id),
            format!(
                "defined as a {} here but as a {} in {where_else}",
                shape.kind.as_str(),
                existing.kind.as_str()
            ),
        );
        return;
    }
    let same_members = existing.members.len() == shape.members.len()
        && existing
            .members
            .iter()
            .zip(&shape.members)
            .all(|(a, b)| a.name == b.name && a.target == b.target);
    if !same_members || existing.refs != shape.refs || existing.mixins != shape.mixins {
        diags.push(
            file,
            Some(&shape.id),
            format!("conflicting definitions: the members or references differ from {where_else}"),
        );
        return;
    }
    let mut traits = std::mem::take(&mut existing.traits);
    merge_traits(&mut traits, &shape.traits, file, &shape.id, diags);
    existing.traits = traits;
    for (a, b) in existing.members.iter_mut().zip(&shape.members) {
        let mut traits = std::mem::take(&mut a.traits);
        merge_traits(
            &mut traits,
            &b.traits,
            file,
            &format!("{}${}", shape.id, b.name),
            diags,
        );
        a.traits = traits;
    }
}

/// Adds `new` traits to `into`: equal values are kept once, two arrays concatenate, anything
/// else is a conflict.
pub fn merge_traits(
    into: &mut Traits,
    new: &Traits,
    file: Option<&str>,
    id: &str,
    diags: &mut Diagnostics,
) {
    for (k, v) in new {
        match into.get_mut(k) {
            None => {
                into.insert(k.clone(), v.clone());
            }
            Some(existing) if existing == v => {}
            Some(Value::Array(existing)) if v.is_array() => {
                existing.extend(v.as_array().into_iter().flatten().cloned());
            }
            Some(_) => diags.push(
                file,
                Some(id),
                format!("trait {k} is applied twice with different values"),
            ),
        }
    }
}

fn check_case_conflicts(model: &Model, diags: &mut Diagnostics) {
    let mut seen: HashMap<String, &str> = HashMap::new();
    for id in model.shapes.keys() {
        if let Some(other) = seen.insert(id.to_ascii_lowercase(), id) {
            let file = model.shapes[id.as_str()].file.as_deref();
            diags.push(
                file,
                Some(id),
                format!("conflicts with {other}: shape ids must differ ignoring case"),
            );
        }
    }
}
