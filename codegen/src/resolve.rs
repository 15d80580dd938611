//! Step 2, resolve: apply `apply` entries, flatten mixins, check every reference and the traits
//! the generator reads, then walk the chosen service's closure.

use crate::error::{Diagnostics, Error};
use crate::load::{Apply, Loaded, merge_traits};
use crate::model::{Member, Model, Shape, ShapeKind, Traits, shape_name, traits as t};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// A model checked and narrowed to one service.
pub struct Resolved {
    /// All shapes, after `apply` and mixin flattening.
    pub model: Model,
    /// The service shape id.
    pub service: String,
    /// Operations of the service closure (resources walked recursively), sorted by id.
    pub operations: Vec<String>,
    /// Data shapes the service closure reaches (structures, enums, lists...), sorted by id.
    pub shapes: BTreeSet<String>,
}

/// Resolves a loaded model for `service` (or the model's only service).
pub fn resolve(loaded: Loaded, service: Option<&str>) -> Result<Resolved, Error> {
    resolve_selected(loaded, service, None)
}

/// [`resolve`], narrowed to the `operations` named (shape names or ids; see
/// [`crate::select`]) and what they reach, when given.
pub fn resolve_selected(
    loaded: Loaded,
    service: Option<&str>,
    operations: Option<&[String]>,
) -> Result<Resolved, Error> {
    let Loaded {
        mut model,
        applies,
        files,
        ..
    } = loaded;
    let mut diags = Diagnostics::default();

    // `apply` may target members that only exist after mixins are flattened, so run it before
    // flattening for what exists and again after for the rest.
    let pending = apply_traits(&mut model, applies, false, &mut diags);
    flatten_mixins(&mut model, &mut diags);
    apply_traits(&mut model, pending, true, &mut diags);
    convert_legacy_enums(&mut model, &mut diags);
    validate(&model, &mut diags);
    // The Smithy validation rules proper, once references are known to resolve.
    if diags.is_empty() {
        crate::validate::check(&model, &mut diags);
    }
    if !diags.is_empty() {
        return diags.finish(unreachable_resolved());
    }
    let service = pick_service(&model, &files, service)?;
    let (operations, shapes) = closure(&model, &service, operations, &mut diags)?;
    diags.finish(Resolved {
        model,
        service,
        operations,
        shapes,
    })
}

fn unreachable_resolved() -> Resolved {
    Resolved {
        model: Model::default(),
        service: String::new(),
        operations: Vec::new(),
        shapes: BTreeSet::new(),
    }
}

fn apply_traits(
    model: &mut Model,
    applies: Vec<Apply>,
    last_pass: bool,
    diags: &mut Diagnostics,
) -> Vec<Apply> {
    let mut pending = Vec::new();
    for apply in applies {
        let (shape_id, member) = match apply.target.split_once('$') {
            Some((s, m)) => (s.to_string(), Some(m.to_string())),
            None => (apply.target.clone(), None),
        };
        let Some(shape) = model.shapes.get_mut(&shape_id) else {
            if last_pass {
                diags.push(
                    Some(&apply.file),
                    Some(&apply.target),
                    "apply targets a shape that is not defined",
                );
            } else {
                pending.push(apply);
            }
            continue;
        };
        let traits = match &member {
            None => &mut shape.traits,
            Some(m) => match shape.members.iter_mut().find(|x| &x.name == m) {
                Some(member) => &mut member.traits,
                None if !last_pass && !shape.mixins.is_empty() => {
                    pending.push(apply);
                    continue;
                }
                None => {
                    diags.push(
                        Some(&apply.file),
                        Some(&apply.target),
                        "apply targets a member that does not exist",
                    );
                    continue;
                }
            },
        };
        let mut merged = std::mem::take(traits);
        merge_traits(
            &mut merged,
            &apply.traits,
            Some(&apply.file),
            &apply.target,
            diags,
        );
        *traits = merged;
    }
    pending
}

/// Copies members and traits of mixins into the shapes that use them: inherited members first
/// (mixins in order, depth first), the shape's own traits win, a later mixin beats an earlier one,
/// and a mixin's `localTraits` are not inherited.
fn flatten_mixins(model: &mut Model, diags: &mut Diagnostics) {
    let ids: Vec<String> = model
        .shapes
        .values()
        .filter(|s| !s.mixins.is_empty())
        .map(|s| s.id.clone())
        .collect();
    let mut done: BTreeMap<String, (Vec<Member>, Traits)> = BTreeMap::new();
    for id in ids {
        let mut stack = Vec::new();
        flatten_one(model, &id, &mut done, &mut stack, diags);
    }
    for (id, (members, traits)) in done {
        if let Some(shape) = model.shapes.get_mut(&id) {
            shape.members = members;
            shape.traits = traits;
        }
    }
}

/// How deep mixins may build on mixins: flattening recurses once per level, and a hostile model
/// must not be able to overflow the stack (real models use one or two levels).
const MAX_MIXIN_DEPTH: usize = 64;

fn flatten_one(
    model: &Model,
    id: &str,
    done: &mut BTreeMap<String, (Vec<Member>, Traits)>,
    stack: &mut Vec<String>,
    diags: &mut Diagnostics,
) -> Option<(Vec<Member>, Traits)> {
    if let Some(d) = done.get(id) {
        return Some(d.clone());
    }
    let shape = model.shapes.get(id)?;
    if shape.mixins.is_empty() {
        return Some((shape.members.clone(), shape.traits.clone()));
    }
    if let Some(start) = stack.iter().position(|s| s == id) {
        let cycle: Vec<&str> = stack[start..].iter().map(String::as_str).collect();
        diags.push(
            shape.file.as_deref(),
            Some(id),
            format!("mixins form a cycle: {} -> {id}", cycle.join(" -> ")),
        );
        return None;
    }
    if stack.len() >= MAX_MIXIN_DEPTH {
        diags.push(
            shape.file.as_deref(),
            Some(id),
            format!("mixins nest more than {MAX_MIXIN_DEPTH} deep below this shape"),
        );
        return None;
    }
    stack.push(id.to_string());
    let mut members: Vec<Member> = Vec::new();
    let mut inherited = Traits::new();
    for mixin_id in &shape.mixins {
        let Some(mixin) = model.shapes.get(mixin_id) else {
            diags.push(
                shape.file.as_deref(),
                Some(id),
                format!("mixin {mixin_id} is not defined"),
            );
            continue;
        };
        if !mixin.has_trait(t::MIXIN) {
            diags.push(
                shape.file.as_deref(),
                Some(id),
                format!("{mixin_id} is used as a mixin but lacks @mixin"),
            );
            continue;
        }
        if mixin.kind != shape.kind {
            diags.push(
                shape.file.as_deref(),
                Some(id),
                format!(
                    "mixin {mixin_id} is a {} but this shape is a {}",
                    mixin.kind.as_str(),
                    shape.kind.as_str()
                ),
            );
            continue;
        }
        let Some((m_members, m_traits)) = flatten_one(model, mixin_id, done, stack, diags) else {
            continue;
        };
        let local: Vec<String> = mixin
            .traits
            .get(t::MIXIN)
            .and_then(|v| v.get("localTraits"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        for (k, v) in m_traits {
            if k != t::MIXIN && !local.contains(&k) {
                inherited.insert(k, v);
            }
        }
        for m in m_members {
            if let Some(existing) = members.iter_mut().find(|x| x.name == m.name) {
                *existing = m;
            } else {
                members.push(m);
            }
        }
    }
    for own in &shape.members {
        if let Some(existing) = members.iter_mut().find(|x| x.name == own.name) {
            // A member redeclared locally keeps the mixin's traits under its own.
            let mut traits = existing.traits.clone();
            traits.extend(own.traits.clone());
            *existing = Member {
                name: own.name.clone(),
                target: own.target.clone(),
                traits,
            };
        } else {
            members.push(own.clone());
        }
    }
    let mut traits = inherited;
    traits.extend(shape.traits.clone());
    stack.pop();
    done.insert(id.to_string(), (members.clone(), traits.clone()));
    Some((members, traits))
}

/// Smithy 1.0-style `@enum` string shapes become enum shapes, so the rest of the pipeline sees
/// one form.
fn convert_legacy_enums(model: &mut Model, diags: &mut Diagnostics) {
    for shape in model.shapes.values_mut() {
        if shape.kind != ShapeKind::String {
            continue;
        }
        let Some(def) = shape.traits.remove(t::ENUM) else {
            continue;
        };
        let Some(entries) = def.as_array() else {
            diags.push(
                shape.file.as_deref(),
                Some(&shape.id),
                "@enum must be a list of {value, name?}",
            );
            continue;
        };
        let mut members = Vec::new();
        for entry in entries {
            let Some(value) = entry.get("value").and_then(Value::as_str) else {
                diags.push(
                    shape.file.as_deref(),
                    Some(&shape.id),
                    "@enum entry without a string \"value\"",
                );
                continue;
            };
            let name = entry
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| legacy_enum_name(value));
            let mut traits =
                Traits::from([(t::ENUM_VALUE.to_string(), Value::String(value.to_string()))]);
            if let Some(doc) = entry.get("documentation") {
                traits.insert(t::DOCUMENTATION.to_string(), doc.clone());
            }
            members.push(Member {
                name,
                target: t::UNIT.to_string(),
                traits,
            });
        }
        shape.kind = ShapeKind::Enum;
        shape.members = members;
    }
}

fn legacy_enum_name(value: &str) -> String {
    let mut name: String = value
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert(0, 'V');
    }
    name
}

fn validate(model: &Model, diags: &mut Diagnostics) {
    for shape in model.shapes.values() {
        let file = shape.file.as_deref();
        if shape.file.is_none() {
            continue;
        }
        check_traits(file, &shape.id, shape.kind, &shape.traits, diags);
        for m in &shape.members {
            let mid = format!("{}${}", shape.id, m.name);
            check_traits(file, &mid, shape.kind, &m.traits, diags);
            let Some(target) = model.shapes.get(&m.target) else {
                diags.push(
                    file,
                    Some(&mid),
                    format!("targets {}, which is not defined", m.target),
                );
                continue;
            };
            match shape.kind {
                ShapeKind::Enum | ShapeKind::IntEnum if m.target != t::UNIT => {
                    diags.push(file, Some(&mid), "enum members must target smithy.api#Unit");
                }
                ShapeKind::Enum | ShapeKind::IntEnum => {}
                _ if !target.kind.is_data() => diags.push(
                    file,
                    Some(&mid),
                    format!(
                        "targets {} which is {}, not a data shape",
                        m.target,
                        with_article(target.kind.as_str())
                    ),
                ),
                _ if target.has_trait(t::MIXIN) => {
                    diags.push(file, Some(&mid), format!("targets the mixin {}", m.target))
                }
                ShapeKind::Map
                    if m.name == "key"
                        && !matches!(target.kind, ShapeKind::String | ShapeKind::Enum) =>
                {
                    diags.push(
                        file,
                        Some(&mid),
                        "map keys must target a string or enum shape",
                    )
                }
                _ => {}
            }
        }
        match shape.kind {
            ShapeKind::Enum | ShapeKind::IntEnum => check_enum(shape, diags),
            ShapeKind::Operation => {
                for (what, r) in [("input", &shape.refs.input), ("output", &shape.refs.output)] {
                    if let Some(r) = r {
                        expect_kind(model, file, &shape.id, what, r, ShapeKind::Structure, diags);
                    }
                }
                for e in &shape.refs.errors {
                    if expect_kind(
                        model,
                        file,
                        &shape.id,
                        "error",
                        e,
                        ShapeKind::Structure,
                        diags,
                    ) && !model.shapes[e].has_trait(t::ERROR)
                    {
                        diags.push(
                            file,
                            Some(&shape.id),
                            format!("error {e} lacks the @error trait"),
                        );
                    }
                }
            }
            ShapeKind::Service => {
                for o in &shape.refs.operations {
                    expect_kind(
                        model,
                        file,
                        &shape.id,
                        "operation",
                        o,
                        ShapeKind::Operation,
                        diags,
                    );
                }
                for r in &shape.refs.resources {
                    expect_kind(
                        model,
                        file,
                        &shape.id,
                        "resource",
                        r,
                        ShapeKind::Resource,
                        diags,
                    );
                }
                for e in &shape.refs.errors {
                    expect_kind(
                        model,
                        file,
                        &shape.id,
                        "error",
                        e,
                        ShapeKind::Structure,
                        diags,
                    );
                }
            }
            ShapeKind::Resource => {
                for o in shape
                    .refs
                    .lifecycle
                    .values()
                    .chain(&shape.refs.operations)
                    .chain(&shape.refs.collection_operations)
                {
                    expect_kind(
                        model,
                        file,
                        &shape.id,
                        "operation",
                        o,
                        ShapeKind::Operation,
                        diags,
                    );
                }
                for r in &shape.refs.resources {
                    expect_kind(
                        model,
                        file,
                        &shape.id,
                        "resource",
                        r,
                        ShapeKind::Resource,
                        diags,
                    );
                }
                for target in shape
                    .refs
                    .identifiers
                    .values()
                    .chain(shape.refs.properties.values())
                {
                    if !model.shapes.contains_key(target) {
                        diags.push(
                            file,
                            Some(&shape.id),
                            format!("references {target}, which is not defined"),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

fn expect_kind(
    model: &Model,
    file: Option<&str>,
    id: &str,
    what: &str,
    target: &str,
    kind: ShapeKind,
    diags: &mut Diagnostics,
) -> bool {
    match model.shapes.get(target) {
        None => {
            diags.push(file, Some(id), format!("{what} {target} is not defined"));
            false
        }
        Some(s) if s.kind != kind => {
            diags.push(
                file,
                Some(id),
                format!(
                    "{what} {target} must be {} but is {}",
                    with_article(kind.as_str()),
                    with_article(s.kind.as_str())
                ),
            );
            false
        }
        Some(_) => true,
    }
}

/// `a structure`, `an operation`: shape kind names in messages read as English.
fn with_article(kind: &str) -> String {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {kind}")
    } else {
        format!("a {kind}")
    }
}

fn check_enum(shape: &Shape, diags: &mut Diagnostics) {
    let file = shape.file.as_deref();
    if shape.members.is_empty() {
        diags.push(file, Some(&shape.id), "an enum needs at least one member");
    }
    let mut values = BTreeMap::new();
    for m in &shape.members {
        let mid = format!("{}${}", shape.id, m.name);
        let value = match (shape.kind, m.traits.get(t::ENUM_VALUE)) {
            (ShapeKind::Enum, None) => m.name.clone(),
            (ShapeKind::Enum, Some(Value::String(s))) if !s.is_empty() => s.clone(),
            (ShapeKind::Enum, Some(_)) => {
                diags.push(
                    file,
                    Some(&mid),
                    "@enumValue of an enum member must be a non-empty string",
                );
                continue;
            }
            (_, Some(Value::Number(n))) if n.as_i64().is_some_and(|v| i32::try_from(v).is_ok()) => {
                n.to_string()
            }
            _ => {
                diags.push(
                    file,
                    Some(&mid),
                    "intEnum members need an integer @enumValue (32-bit)",
                );
                continue;
            }
        };
        if let Some(other) = values.insert(value.clone(), m.name.clone()) {
            diags.push(
                file,
                Some(&mid),
                format!("has the same value \"{value}\" as member {other}"),
            );
        }
    }
}

/// Checks the JSON type of every trait the generator reads, so bad values are reported here
/// with their location instead of surprising a later step.
fn check_traits(
    file: Option<&str>,
    id: &str,
    owner: ShapeKind,
    traits: &Traits,
    diags: &mut Diagnostics,
) {
    let _ = owner;
    for (k, v) in traits {
        // (whether the value is usable, what a usable value looks like)
        let (ok, expected) = match k.as_str() {
            t::DOCUMENTATION => (v.is_string(), "a string"),
            t::REQUIRED
            | t::CLIENT_OPTIONAL
            | t::INPUT
            | t::OUTPUT
            | t::SENSITIVE
            | t::SPARSE
            | t::IDEMPOTENCY_TOKEN
            | t::UNIT_TYPE
            | t::MIXIN
            | t::DEPRECATED => (v.is_object(), "an object such as {}"),
            t::ERROR => (
                matches!(v.as_str(), Some("client" | "server")),
                "\"client\" or \"server\"",
            ),
            t::HTTP_ERROR => (
                v.as_u64().is_some_and(|c| (100..=599).contains(&c)),
                "an integer HTTP status code from 100 to 599",
            ),
            t::TIMESTAMP_FORMAT => (
                matches!(
                    v.as_str(),
                    Some("date-time" | "epoch-seconds" | "http-date")
                ),
                "one of \"date-time\", \"epoch-seconds\", \"http-date\"",
            ),
            t::RETRYABLE => (
                v.is_object() && v.get("throttling").is_none_or(Value::is_boolean),
                "an object whose \"throttling\" is a boolean",
            ),
            t::PAGINATED => (
                v.as_object().is_some_and(|o| {
                    ["inputToken", "outputToken", "items", "pageSize"]
                        .iter()
                        .all(|f| o.get(*f).is_none_or(Value::is_string))
                }),
                "an object whose inputToken, outputToken, items and pageSize are member names (strings)",
            ),
            t::ENUM_VALUE => (v.is_string() || v.is_i64(), "a string or an integer"),
            _ => (true, ""),
        };
        if !ok {
            diags.push(
                file,
                Some(id),
                format!("trait {k} has an invalid value {v}: expected {expected}"),
            );
        }
    }
}

fn pick_service(model: &Model, files: &[String], wanted: Option<&str>) -> Result<String, Error> {
    let services: Vec<&Shape> = model
        .shapes
        .values()
        .filter(|s| s.kind == ShapeKind::Service)
        .collect();
    // These messages are about the model as a whole: name the files that define the services,
    // or every file when there is none.
    let mut where_: Vec<&str> = services.iter().filter_map(|s| s.file.as_deref()).collect();
    where_.sort_unstable();
    where_.dedup();
    if where_.is_empty() {
        where_ = files.iter().map(String::as_str).collect();
    }
    let where_ = (!where_.is_empty()).then(|| where_.join(", "));
    let at = |message: String| Error::at(where_.as_deref(), None, message);
    match wanted {
        Some(w) => {
            let found = services.iter().find(|s| s.id == w || s.name() == w);
            found.map(|s| s.id.clone()).ok_or_else(|| {
                at(format!(
                    "service {w} is not in the model (services: {})",
                    services
                        .iter()
                        .map(|s| s.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })
        }
        None => match services.as_slice() {
            [one] => Ok(one.id.clone()),
            [] => Err(at(
                "the model defines no service shape, so there is nothing to generate".into(),
            )),
            many => Err(at(format!(
                "the model defines several services ({}); choose one with --service",
                many.iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        },
    }
}

type Closure = (Vec<String>, BTreeSet<String>);

fn closure(
    model: &Model,
    service: &str,
    selected: Option<&[String]>,
    diags: &mut Diagnostics,
) -> Result<Closure, Error> {
    let svc = &model.shapes[service];
    let mut ops = BTreeSet::new();
    let mut resources_seen = BTreeSet::new();
    let mut stack_res: Vec<String> = svc.refs.resources.clone();
    ops.extend(svc.refs.operations.iter().cloned());
    while let Some(r) = stack_res.pop() {
        if !resources_seen.insert(r.clone()) {
            continue;
        }
        let Some(res) = model.shapes.get(&r) else {
            continue;
        };
        ops.extend(res.refs.lifecycle.values().cloned());
        ops.extend(res.refs.operations.iter().cloned());
        ops.extend(res.refs.collection_operations.iter().cloned());
        stack_res.extend(res.refs.resources.iter().cloned());
    }
    // Selection happens here, before the shape walk, so everything downstream (plan, emit)
    // sees a smaller service and needs no knowledge of it.
    if let Some(wanted) = selected {
        ops = crate::select::select(model, service, &ops, wanted)?;
    }
    let mut shapes = BTreeSet::new();
    let mut stack: Vec<String> = svc.refs.errors.clone();
    for op in &ops {
        let Some(o) = model.shapes.get(op) else {
            continue;
        };
        stack.extend(o.refs.input.iter().cloned());
        stack.extend(o.refs.output.iter().cloned());
        stack.extend(o.refs.errors.iter().cloned());
    }
    while let Some(id) = stack.pop() {
        if !shapes.insert(id.clone()) {
            continue;
        }
        if let Some(s) = model.shapes.get(&id) {
            stack.extend(s.members.iter().map(|m| m.target.clone()));
        }
    }
    shapes.remove(t::UNIT);
    // Shape names must be unique within the closure once `rename` is applied.
    let mut names: BTreeMap<String, &str> = BTreeMap::new();
    for id in shapes.iter().chain(ops.iter()) {
        let name = svc
            .refs
            .rename
            .get(id)
            .map(String::as_str)
            .unwrap_or(shape_name(id));
        if id.starts_with("smithy.api#") {
            continue;
        }
        if let Some(other) = names.insert(name.to_ascii_lowercase(), id) {
            diags.push(
                model.shapes.get(id).and_then(|s| s.file.as_deref()),
                Some(id),
                format!("shape name conflicts with {other} in the service closure; add a `rename` to the service"),
            );
        }
    }
    Ok((ops.into_iter().collect(), shapes))
}
