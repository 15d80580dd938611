//! Pass one of lowering: every shape of the model (IDL and JSON AST files alike) with the facts
//! that resolving another file needs: its type, its members' targets and mixins (for elided
//! targets), resource identifiers and properties (for `for` elision), and whether a number or
//! boolean shape is unboxed (for the Smithy 1.0 upgrade).

use super::node::Node;
use super::parser::{Body, IdRef, IdlFile};
use super::scope::Scope;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// What elided members need to know about a shape defined anywhere in the model.
#[derive(Default)]
pub(super) struct Info {
    /// Member name -> absolute target (`None` when itself elided).
    pub(super) members: Vec<(String, Option<String>)>,
    pub(super) mixins: Vec<String>,
    /// Resource identifiers, then properties.
    pub(super) resource_ids: Vec<(String, String)>,
}

/// Every shape of the model: its type, and the facts target elision needs.
pub struct Index {
    pub(super) known: HashMap<String, String>,
    pub(super) info: HashMap<String, Info>,
    /// Number and boolean shapes that are not boxed (a 1.0 root shape without `@box`, or any
    /// shape whose `@default` is the zero value): Smithy 1.0 members targeting them get a default.
    pub(super) unboxed: HashSet<String>,
}

impl Index {
    /// Pass one: collects every shape of the IDL files (`parsed`, `None` where a file failed)
    /// and of the JSON AST files.
    pub fn build(parsed: &[Option<IdlFile>], json_shapes: &[&Map<String, Value>]) -> Index {
        let mut known = HashMap::new();
        let mut info = HashMap::new();
        let mut unboxed = HashSet::new();
        for shapes in json_shapes {
            for (id, v) in shapes.iter() {
                let Some(kind) = v.get("type").and_then(Value::as_str) else {
                    continue;
                };
                if kind == "apply" {
                    continue;
                }
                known.insert(id.clone(), kind.to_string());
                info.insert(id.clone(), json_info(v));
                let default = v.get("traits").and_then(|t| t.get("smithy.api#default"));
                if is_v1_primitive(kind) && default.is_some_and(is_zero) {
                    unboxed.insert(id.clone());
                }
            }
        }
        for file in parsed.iter().flatten() {
            let ns = file.namespace.as_deref().unwrap_or("");
            let v1 = is_v1_file(file);
            for s in &file.shapes {
                let id = format!("{ns}#{}", s.name);
                if is_v1_primitive(&s.kind) {
                    let has = |name: &str| {
                        s.traits
                            .list
                            .iter()
                            .find(|t| is_prelude_trait(&t.id.text, name))
                    };
                    let zero_default = has("default")
                        .and_then(|t| t.value.as_ref())
                        .is_some_and(is_zero_node);
                    if (v1 && has("box").is_none()) || zero_default {
                        unboxed.insert(id.clone());
                    }
                }
                known.insert(id, s.kind.clone());
            }
        }
        for file in parsed.iter().flatten() {
            let Ok(scope) = Scope::new(file, &known) else {
                continue;
            };
            for s in &file.shapes {
                let resolve = |r: &IdRef| scope.resolve(&r.text).0;
                let mut i = Info {
                    mixins: s.mixins.iter().map(resolve).collect(),
                    ..Info::default()
                };
                if let Body::Members(ms) = &s.body {
                    let is_enum = s.kind == "enum" || s.kind == "intEnum";
                    i.members = ms
                        .iter()
                        .map(|m| {
                            let target = match &m.target {
                                _ if is_enum => Some("smithy.api#Unit".to_string()),
                                Some(t) => Some(resolve(t)),
                                None => None,
                            };
                            (m.name.clone(), target)
                        })
                        .collect();
                }
                if let Body::Object(entries) = &s.body {
                    for key in ["identifiers", "properties"] {
                        for (_, _, v) in entries.iter().filter(|(k, _, _)| k == key) {
                            if let Node::Object(pairs) = v {
                                for (name, _, t) in pairs {
                                    if let Some(t) = node_id(t) {
                                        i.resource_ids.push((name.clone(), scope.resolve(t).0));
                                    }
                                }
                            }
                        }
                    }
                }
                info.insert(format!("{}#{}", scope.namespace(), s.name), i);
            }
        }
        Index {
            known,
            info,
            unboxed,
        }
    }

    /// The target of member `name` inherited from `mixins` (searched breadth first, each shape
    /// once, so mixin cycles cannot loop).
    pub(super) fn mixin_member(&self, mixins: &[String], name: &str) -> Option<String> {
        let mut queue: std::collections::VecDeque<&str> =
            mixins.iter().map(String::as_str).collect();
        let mut seen = HashSet::new();
        while let Some(id) = queue.pop_front() {
            if !seen.insert(id) {
                continue;
            }
            let Some(info) = self.info.get(id) else {
                continue;
            };
            if let Some((_, Some(t))) = info.members.iter().find(|(n, _)| n == name) {
                return Some(t.clone());
            }
            queue.extend(info.mixins.iter().map(String::as_str));
        }
        None
    }
}

fn json_info(v: &Value) -> Info {
    let target = |m: &Value| m.get("target").and_then(Value::as_str).map(str::to_string);
    let mut i = Info::default();
    if let Some(ms) = v.get("members").and_then(Value::as_object) {
        i.members = ms.iter().map(|(k, m)| (k.clone(), target(m))).collect();
    }
    for key in ["member", "key", "value"] {
        if let Some(m) = v.get(key) {
            i.members.push((key.to_string(), target(m)));
        }
    }
    if let Some(list) = v.get("mixins").and_then(Value::as_array) {
        i.mixins = list.iter().filter_map(target).collect();
    }
    for key in ["identifiers", "properties"] {
        if let Some(map) = v.get(key).and_then(Value::as_object) {
            for (k, t) in map {
                if let Some(t) = target(t) {
                    i.resource_ids.push((k.clone(), t));
                }
            }
        }
    }
    i
}

fn node_id(n: &Node) -> Option<&str> {
    match n {
        Node::ShapeId(s, _) | Node::Str(s) => Some(s),
        _ => None,
    }
}

/// The shape types that had a zero value in Smithy 1.0.
pub(super) fn is_v1_primitive(kind: &str) -> bool {
    matches!(
        kind,
        "boolean" | "byte" | "short" | "integer" | "long" | "float" | "double" | "intEnum"
    )
}

/// Whether a file is read with Smithy 1.0 semantics (`$version` 1.x, or none at all).
fn is_v1_file(file: &IdlFile) -> bool {
    match &file.version {
        None => true,
        Some((v, _)) => v == "1" || v.starts_with("1."),
    }
}

/// Whether `written` names the prelude trait `name` (relative or absolute).
fn is_prelude_trait(written: &str, name: &str) -> bool {
    written == name || written.strip_prefix("smithy.api#") == Some(name)
}

fn is_zero(v: &Value) -> bool {
    v == &Value::Bool(false) || v.as_f64() == Some(0.0)
}

fn is_zero_node(n: &Node) -> bool {
    match n {
        Node::Bool(b) => !b,
        Node::Number(s) => s.parse::<f64>().is_ok_and(|f| f == 0.0),
        _ => false,
    }
}
