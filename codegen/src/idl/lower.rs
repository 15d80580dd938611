//! Lowering: one parsed file -> JSON AST entries with absolute ids. Applies the IDL's sugar:
//! `///` -> `@documentation`, `= value` -> `@default` / `@enumValue`, annotation traits ->
//! `{}` (or `[]` for list traits), elided targets from `for` resources and mixins, and the
//! Smithy 1.0 upgrade of primitive members.

use super::index::{Index, is_v1_primitive};
use super::node::Node;
use super::parser::{Body, IdRef, IdlFile, MemberDef, ShapeDef, TraitApp, Traits};
use super::scope::{PRELUDE_LIST_TRAITS, Scope};
use super::{Lowered, Pos, SyntaxError};
use serde_json::{Map, Value, json};
use std::collections::{HashMap, HashSet};

struct Ctx<'a> {
    scope: Scope<'a>,
    index: &'a Index,
    errors: Vec<SyntaxError>,
    /// A Smithy 1.0 file (primitive members get their defaults).
    v1: bool,
}

/// Pass two: lowers one file. Every problem found is returned.
pub fn lower(file: &IdlFile, index: &Index) -> Result<Lowered, Vec<SyntaxError>> {
    let v1 = match &file.version {
        // Like Smithy's own loader, a file without `$version` is read as 1.0.
        None => true,
        Some((v, pos)) => match check_version(v, *pos) {
            Ok(v1) => v1,
            Err(e) => return Err(vec![e]),
        },
    };
    let scope = match Scope::new(file, &index.known) {
        Ok(s) => s,
        Err(e) => return Err(vec![e]),
    };
    let mut cx = Ctx {
        scope,
        index,
        errors: Vec::new(),
        v1,
    };
    let mut out = Lowered::default();
    let file_scope = std::mem::replace(&mut cx.scope, Scope::for_metadata(&index.known));
    for (key, _, value) in &file.metadata {
        let v = cx.value(value);
        out.metadata.push((key.clone(), v));
    }
    cx.scope = file_scope;
    let mut defined: HashMap<&str, Pos> = HashMap::new();
    for s in &file.shapes {
        if let Some(first) = defined.insert(&s.name, s.pos) {
            cx.errors.push(SyntaxError::other(
                s.pos,
                format!(
                    "shape `{}` is already defined at line {}, column {}",
                    s.name, first.line, first.col
                ),
            ));
            continue;
        }
        if let Some(e) = version_check(s, cx.v1) {
            cx.errors.push(e);
            continue;
        }
        let id = format!("{}#{}", cx.scope.namespace(), s.name);
        let v = cx.shape(s);
        out.shapes.push((id, v));
    }
    for a in &file.applies {
        let target = match cx.scope.target(&a.target) {
            Ok(t) => t,
            Err(e) => {
                cx.errors.push(e);
                continue;
            }
        };
        let traits = cx.traits(
            &Traits {
                doc: None,
                list: a.traits.clone(),
            },
            None,
        );
        out.shapes
            .push((target, json!({"type": "apply", "traits": traits})));
    }
    if cx.errors.is_empty() {
        Ok(out)
    } else {
        Err(cx.errors)
    }
}

/// Features of one IDL version used in a file of the other (Smithy rejects them too): IDL 2
/// syntax in a 1.0 (or version-less) file, and `set` in a 2.0 file.
fn version_check(s: &ShapeDef, v1: bool) -> Option<SyntaxError> {
    let hint = "; add `$version: \"2\"` at the top of the file";
    let needs_v2 = |what: &str, pos: Pos| {
        Some(SyntaxError::other(
            pos,
            format!("{what} need Smithy IDL 2, but this file is read as IDL 1.0{hint}"),
        ))
    };
    if !v1 {
        return (s.kind == "set").then(|| {
            SyntaxError::new(
                s.pos,
                "`list` (IDL 2 has no `set`; use a list with @uniqueItems)",
                "`set`",
            )
        });
    }
    if s.kind == "enum" || s.kind == "intEnum" {
        return needs_v2(&format!("`{}` shapes", s.kind), s.pos);
    }
    if s.inline {
        return needs_v2("inline operation input and output (`:=`)", s.pos);
    }
    if let Some(m) = s.mixins.first() {
        return needs_v2("mixins (`with [...]`)", m.pos);
    }
    if let Some(r) = &s.for_resource {
        return needs_v2("resource-bound structures (`for`)", r.pos);
    }
    if let Body::Members(members) = &s.body {
        for m in members {
            if m.target.is_none() {
                return needs_v2("elided member targets (`$name`)", m.pos);
            }
            if m.value.is_some() {
                return needs_v2("default values (`= value`)", m.pos);
            }
        }
    }
    if let Body::Object(entries) = &s.body
        && let Some((_, pos, _)) = entries.iter().find(|(k, _, _)| k == "properties")
    {
        return needs_v2("resource properties", *pos);
    }
    None
}

/// `Ok(true)` for a 1.x file (upgraded), `Ok(false)` for 2.x.
fn check_version(v: &str, pos: Pos) -> Result<bool, SyntaxError> {
    let (major, minor) = v.split_once('.').unwrap_or((v, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(major) || !digits(minor) {
        return Err(SyntaxError::new(
            pos,
            "a version such as \"2.0\"",
            format!("\"{v}\""),
        ));
    }
    match major.trim_start_matches('0') {
        "1" => Ok(true),
        "2" => Ok(false),
        _ => Err(SyntaxError::new(
            pos,
            "Smithy IDL version \"2.0\" or \"1.0\"",
            format!("unsupported version \"{v}\""),
        )),
    }
}

impl Ctx<'_> {
    fn target(&mut self, id: &IdRef) -> String {
        match self.scope.target(id) {
            Ok(t) => t,
            Err(e) => {
                self.errors.push(e);
                self.scope.resolve(&id.text).0
            }
        }
    }

    /// `[{"target": ...}]`; a shape listed twice is kept once (these lists are sets).
    fn refs(&mut self, ids: &[IdRef]) -> Value {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for i in ids {
            let t = self.target(i);
            if seen.insert(t.clone()) {
                out.push(json!({ "target": t }));
            }
        }
        Value::Array(out)
    }

    /// A node value as JSON; unquoted shape ids become absolute id strings.
    fn value(&mut self, n: &Node) -> Value {
        match n {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(s) => serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.clone())),
            Node::Str(s) => Value::String(s.clone()),
            Node::ShapeId(s, _) => Value::String(self.scope.resolve(s).0),
            Node::Array(items) => Value::Array(items.iter().map(|i| self.value(i)).collect()),
            Node::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, _, v)| (k.clone(), self.value(v)))
                    .collect(),
            ),
        }
    }

    /// The traits object; `extra` is a `= value` default given after the member.
    fn traits(&mut self, t: &Traits, extra: Option<(&str, Value, Pos)>) -> Map<String, Value> {
        let mut out = Map::new();
        // The same trait twice: equal values are kept once and lists concatenate (as Smithy
        // merges traits); anything else is a conflict.
        let mut add = |cx: &mut Self, id: String, v: Value, pos: Pos| {
            match out.get_mut(&id) {
            None => {
                out.insert(id, v);
            }
            Some(existing) if *existing == v => {}
            Some(Value::Array(items)) if v.is_array() => {
                items.extend(v.as_array().into_iter().flatten().cloned());
            }
            Some(_) => cx.errors.push(SyntaxError::other(
                pos,
                format!("trait `{id}` is applied more than once to the same shape, with different values"),
            )),
        }
        };
        if let Some(doc) = &t.doc {
            let pos = t.list.first().map(|a| a.id.pos).unwrap_or_default();
            add(
                self,
                "smithy.api#documentation".into(),
                Value::String(doc.clone()),
                pos,
            );
        }
        for TraitApp { id, value } in &t.list {
            let abs = self.target(id);
            let v = match value {
                Some(n) => self.value(n),
                None => self.annotation(&abs),
            };
            add(self, abs, v, id.pos);
        }
        if let Some((id, v, pos)) = extra {
            add(self, id.to_string(), v, pos);
        }
        out
    }

    /// The value of a trait written without one, as Smithy coerces it: `[]` for list traits,
    /// `{}` for structure and map traits and for traits not defined in the model, `null` for
    /// any other kind (which validation then rejects).
    fn annotation(&self, trait_id: &str) -> Value {
        let kind = match trait_id.strip_prefix("smithy.api#") {
            Some(name) if PRELUDE_LIST_TRAITS.contains(&name) => Some("list"),
            Some(_) => None,
            None => self.scope.kind_of(trait_id),
        };
        match kind {
            None | Some("structure" | "map") => Value::Object(Map::new()),
            Some("list" | "set") => Value::Array(Vec::new()),
            Some(_) => Value::Null,
        }
    }

    fn shape(&mut self, s: &ShapeDef) -> Value {
        let mut obj = Map::new();
        obj.insert("type".into(), Value::String(s.kind.clone()));
        let mut traits = self.traits(&s.traits, None);
        if self.v1 && is_v1_primitive(&s.kind) && !traits.contains_key("smithy.api#box") {
            traits
                .entry("smithy.api#default")
                .or_insert_with(|| zero(&s.kind));
        }
        if !s.mixins.is_empty() {
            obj.insert("mixins".into(), self.refs(&s.mixins));
        }
        let mixins: Vec<String> = s
            .mixins
            .iter()
            .map(|m| self.scope.resolve(&m.text).0)
            .collect();
        let resource = s.for_resource.as_ref().map(|r| self.target(r));
        match &s.body {
            Body::None => {}
            Body::Members(members) => {
                let mut map = Map::new();
                for m in members {
                    if self.merely_inherited(m, &mixins, resource.as_deref()) {
                        // `$name` alone restates a mixin member: nothing to write (Smithy's
                        // serializer leaves inherited members without local traits out too).
                        continue;
                    }
                    let v = self.member(s, m, &mixins, resource.as_deref());
                    map.insert(m.name.clone(), v);
                }
                match s.kind.as_str() {
                    "list" | "set" => match map.remove("member") {
                        Some(m) => {
                            obj.insert("member".into(), m);
                        }
                        None if !mixins.is_empty() => {}
                        None => self.errors.push(SyntaxError::other(
                            s.pos,
                            format!("list `{}` needs a `member`", s.name),
                        )),
                    },
                    "map" => {
                        for key in ["key", "value"] {
                            match map.remove(key) {
                                Some(m) => {
                                    obj.insert(key.into(), m);
                                }
                                None if !mixins.is_empty() => {}
                                None => self.errors.push(SyntaxError::other(
                                    s.pos,
                                    format!("map `{}` needs a `{key}`", s.name),
                                )),
                            }
                        }
                    }
                    _ => {
                        obj.insert("members".into(), Value::Object(map));
                    }
                }
            }
            Body::Object(entries) => self.properties(s, entries, &mut obj),
            Body::Operation {
                input,
                output,
                errors,
            } => {
                if let Some(i) = input {
                    obj.insert("input".into(), json!({ "target": self.target(i) }));
                }
                if let Some(o) = output {
                    obj.insert("output".into(), json!({ "target": self.target(o) }));
                }
                if let Some(e) = errors {
                    obj.insert("errors".into(), self.refs(e));
                }
            }
        }
        if !traits.is_empty() {
            obj.insert("traits".into(), Value::Object(traits));
        }
        Value::Object(obj)
    }

    fn member(
        &mut self,
        s: &ShapeDef,
        m: &MemberDef,
        mixins: &[String],
        resource: Option<&str>,
    ) -> Value {
        let is_enum = s.kind == "enum" || s.kind == "intEnum";
        let target = if is_enum {
            "smithy.api#Unit".to_string()
        } else {
            match &m.target {
                Some(t) => self.target(t),
                None => self.elided(s, m, mixins, resource),
            }
        };
        let extra = match (&m.value, is_enum) {
            (Some(v), true) => Some(("smithy.api#enumValue", self.value(v), m.pos)),
            (Some(v), false) => Some(("smithy.api#default", self.value(v), m.pos)),
            _ => None,
        };
        let mut traits = self.traits(&m.traits, extra);
        if s.kind == "enum" && self.index.mixin_member(mixins, &m.name).is_none() {
            // An enum member's value defaults to its name (a member redeclared from a mixin
            // keeps the mixin's value).
            traits
                .entry("smithy.api#enumValue")
                .or_insert_with(|| Value::String(m.name.clone()));
        }
        // Smithy 1.0 structure members: those targeting a non-boxed number or boolean were
        // non-null, so they get the zero default; `@box` members get a null default.
        if self.v1 && s.kind == "structure" && !traits.contains_key("smithy.api#default") {
            if traits.contains_key("smithy.api#box") {
                traits.insert("smithy.api#default".into(), Value::Null);
            } else if let Some(kind) = self.unboxed_target(&target) {
                traits.insert("smithy.api#default".into(), zero(&kind));
            }
        }
        let mut obj = Map::new();
        obj.insert("target".into(), Value::String(target));
        if !traits.is_empty() {
            obj.insert("traits".into(), Value::Object(traits));
        }
        Value::Object(obj)
    }

    /// Whether `m` is an elided member with nothing of its own that a mixin already provides.
    fn merely_inherited(&self, m: &MemberDef, mixins: &[String], resource: Option<&str>) -> bool {
        let bare = m.target.is_none()
            && m.value.is_none()
            && m.traits.list.is_empty()
            && m.traits.doc.is_none();
        if !bare {
            return false;
        }
        let from_resource = resource
            .and_then(|r| self.index.info.get(r))
            .and_then(|i| i.resource_ids.iter().find(|(n, _)| *n == m.name))
            .map(|(_, t)| t.as_str());
        match self.index.mixin_member(mixins, &m.name) {
            None => false,
            Some(inherited) => from_resource.is_none_or(|t| t == inherited),
        }
    }

    /// `$name`: a `for` resource's identifier or property first, then a mixin member.
    fn elided(
        &mut self,
        s: &ShapeDef,
        m: &MemberDef,
        mixins: &[String],
        resource: Option<&str>,
    ) -> String {
        let from_resource = resource
            .and_then(|r| self.index.info.get(r))
            .and_then(|i| i.resource_ids.iter().find(|(n, _)| *n == m.name))
            .map(|(_, t)| t.clone());
        if let Some(t) = from_resource.or_else(|| self.index.mixin_member(mixins, &m.name)) {
            return t;
        }
        self.errors.push(SyntaxError::other(
            m.pos,
            format!(
                "cannot elide the target of `${}` in `{}`: no `for` resource identifier or property and no mixin member has that name",
                m.name, s.name
            ),
        ));
        "smithy.api#Unit".into()
    }

    /// The kind of a member's target when it is a non-boxed number or boolean.
    fn unboxed_target(&self, target: &str) -> Option<String> {
        if let Some(name) = target.strip_prefix("smithy.api#Primitive") {
            return Some(name.to_ascii_lowercase());
        }
        if !self.index.unboxed.contains(target) {
            return None;
        }
        self.scope.kind_of(target).map(str::to_string)
    }

    fn properties(
        &mut self,
        s: &ShapeDef,
        entries: &[(String, Pos, Node)],
        obj: &mut Map<String, Value>,
    ) {
        let service = s.kind == "service";
        let allowed: &[&str] = if service {
            &["version", "operations", "resources", "errors", "rename"]
        } else {
            &[
                "identifiers",
                "properties",
                "create",
                "put",
                "read",
                "update",
                "delete",
                "list",
                "operations",
                "collectionOperations",
                "resources",
            ]
        };
        for (key, pos, v) in entries {
            if !allowed.contains(&key.as_str()) {
                self.errors.push(SyntaxError::new(
                    *pos,
                    format!("a {} property ({})", s.kind, allowed.join(", ")),
                    format!("`{key}`"),
                ));
                continue;
            }
            let value = match (key.as_str(), v) {
                ("version", Node::Str(text)) => Value::String(text.clone()),
                (
                    "operations" | "resources" | "errors" | "collectionOperations",
                    Node::Array(items),
                ) => {
                    let ids: Option<Vec<IdRef>> = items.iter().map(|i| id_ref(i, *pos)).collect();
                    match ids {
                        Some(ids) => self.refs(&ids),
                        None => {
                            self.errors.push(SyntaxError::new(
                                *pos,
                                format!("`{key}` to be a list of shape ids"),
                                "other values",
                            ));
                            continue;
                        }
                    }
                }
                ("rename", Node::Object(pairs)) => {
                    let mut map = Map::new();
                    for (k, kpos, v) in pairs {
                        let abs = self.scope.resolve(k).0;
                        match v {
                            Node::Str(name) => {
                                map.insert(abs, Value::String(name.clone()));
                            }
                            _ => self.errors.push(SyntaxError::new(
                                *kpos,
                                "a quoted name",
                                "another value",
                            )),
                        }
                    }
                    Value::Object(map)
                }
                ("identifiers" | "properties", Node::Object(pairs)) => {
                    let mut map = Map::new();
                    for (k, kpos, v) in pairs {
                        match id_ref(v, *kpos) {
                            Some(r) => {
                                map.insert(k.clone(), json!({ "target": self.target(&r) }));
                            }
                            None => self.errors.push(SyntaxError::new(
                                *kpos,
                                "a shape id",
                                "another value",
                            )),
                        }
                    }
                    Value::Object(map)
                }
                ("create" | "put" | "read" | "update" | "delete" | "list", v) => {
                    match id_ref(v, *pos) {
                        Some(r) => json!({ "target": self.target(&r) }),
                        None => {
                            self.errors.push(SyntaxError::new(
                                *pos,
                                format!("a shape id for `{key}`"),
                                "another value",
                            ));
                            continue;
                        }
                    }
                }
                _ => {
                    self.errors.push(SyntaxError::new(
                        *pos,
                        format!("a valid value for `{key}`"),
                        "another kind of value",
                    ));
                    continue;
                }
            };
            obj.insert(key.clone(), value);
        }
    }
}

fn id_ref(n: &Node, pos: Pos) -> Option<IdRef> {
    match n {
        Node::ShapeId(s, p) => Some(IdRef {
            text: s.clone(),
            pos: *p,
        }),
        Node::Str(s) if super::is_shape_id_syntax(s) => Some(IdRef {
            text: s.clone(),
            pos,
        }),
        _ => None,
    }
}

fn zero(kind: &str) -> Value {
    if kind == "boolean" {
        Value::Bool(false)
    } else {
        json!(0)
    }
}
