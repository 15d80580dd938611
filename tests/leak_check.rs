//! Writes, from a crate's plan, a test proving that no `@sensitive` value and no credential
//! leaks from the generated client: every operation's input is built with every member set
//! (through the generated builders, as a user would), sent through a replay transport whose
//! canned responses set every output and error member, and no `Debug` (`{:?}` and `{:#?}`, of
//! values and builders), `Display`, error message, error source or TRACE-level `tracing` output
//! may contain the sensitive marker, the secret key or the session token.
//!
//! Values that are not sensitive get a different marker ([`PLAIN_MARKER`]): they may be printed,
//! so only [`SENSITIVE_MARKER`] is searched for. A value is sensitive when its member is
//! (`MemberPlan::sensitive`: the target is `@sensitive`, or a collection of such), when the
//! structure or union holding it is `@sensitive` (which redacts it whole), or when it sits inside
//! such a value (a list or structure below a sensitive member is printed as one redacted value).
//!
//! The writer works from the plan alone, so it serves any model; `tests/tests/secrets_full_model.rs`
//! runs it on the full Partner Central Selling model.

use serde_json::{Map, Value};
use smithy_codegen::naming::ident_text;
use smithy_codegen::plan::{
    CratePlan, EnumPlan, HostPrefixPart, MemberPlan, OperationPlan, StructPlan, TsFormat, TypePath,
    TypeRef, UnionPlan,
};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Put in every sensitive string, enum, document and blob, and searched for in every output.
/// Lower-case letters and digits only, so it is also a valid host label and URL text.
pub const SENSITIVE_MARKER: &str = "sensitivemarker4c1d9e";
/// Put in every value that is not sensitive (it may legitimately be printed).
pub const PLAIN_MARKER: &str = "plainvalue8b2f";
/// The secret access key of the test credentials.
pub const SECRET_MARKER: &str = "SECRETMARKER6a0e5f1b";
/// The session token of the test credentials.
pub const TOKEN_MARKER: &str = "TOKENMARKER93c7d2a4";

/// Nesting depth of structures and unions after which only required members are set.
const MAX_DEPTH: usize = 16;
/// Structures and unions built for one value after which only required members are set, so a
/// model whose shapes share many sub-shapes cannot make the test explode.
const NODE_BUDGET: usize = 5_000;
/// Calls per operation (or error) made to reach every variant of every union.
const MAX_ROUNDS: usize = 64;
/// The timestamp every timestamp member gets: 2023-11-14T22:13:20Z, a whole second so every
/// wire format round-trips it exactly.
const TIMESTAMP_SECS: i64 = 1_700_000_000;

/// The generated test and what it covers.
#[derive(Debug)]
pub struct LeakTest {
    /// The Rust source of the test (`tests/no_leaks.rs` of the generated crate).
    pub source: String,
    /// Operations with a test function.
    pub operations: usize,
    /// Calls the test makes: successful rounds, one per modeled error (and round), and the
    /// malformed responses.
    pub calls: usize,
    /// Of those, responses made malformed at a sensitive spot (a sensitive number, timestamp,
    /// blob or int enum holding the marker text, or a wrong value under a sensitive map key).
    pub malformed: usize,
    /// Sensitive members (`shape$member`) reachable from any operation's input, output or errors
    /// in the plan.
    pub reachable: BTreeSet<String>,
    /// Sensitive members the test sets (in an input it builds or a response it replays).
    pub set: BTreeSet<String>,
    /// Generated structures, unions and enums that are `@sensitive` themselves and reachable.
    pub sensitive_types: BTreeSet<String>,
}

/// Writes the test for the crate planned as `plan`, whose library is named `crate_ident`
/// (the package name with `-` replaced by `_`).
pub fn write(plan: &CratePlan, crate_ident: &str) -> Result<LeakTest, String> {
    let mut w = Writer {
        krate: crate_ident.to_string(),
        structs: plan.structs.iter().map(|s| (&s.path, s)).collect(),
        unions: plan.unions.iter().map(|u| (&u.path, u)).collect(),
        enums: plan.enums.iter().map(|e| (&e.path, e)).collect(),
        set: BTreeSet::new(),
        malformed: 0,
    };
    let (reachable, sensitive_types) = w.reachable(plan);
    let compress = plan
        .operations
        .iter()
        .any(|op| !op.request_compression.is_empty());
    let mut out = header(crate_ident, compress);
    let mut calls = 0;
    for op in &plan.operations {
        calls += w.operation(op, &mut out)?;
    }
    Ok(LeakTest {
        source: out,
        operations: plan.operations.len(),
        calls,
        malformed: w.malformed,
        reachable,
        set: w.set,
        sensitive_types,
    })
}

/// A value as a Rust expression and as its JSON wire form.
struct Built {
    rust: String,
    json: Value,
}

/// State while building one value.
#[derive(Default)]
struct Ctx {
    /// Structures and unions on the way down (a second visit is a recursion: cut it).
    path: Vec<String>,
    /// Structures and unions built so far for this value.
    nodes: usize,
    /// Unions built with every member available, and the members chosen so far; kept across
    /// the rounds of one operation so the rounds can stop once every member was chosen.
    chosen: BTreeMap<String, (usize, BTreeSet<usize>)>,
    /// The next member to choose, per union (rotates so every member gets its turn).
    turn: BTreeMap<String, usize>,
    /// Where the value being built sits in the JSON document (keys, `0` for list items).
    at: Vec<String>,
    /// Malformed variants of the document: a JSON pointer and a wrong value for a sensitive
    /// spot, which the client must reject without echoing the value or a sensitive map key.
    points: Vec<(String, Value)>,
}

impl Ctx {
    fn fresh_value(&mut self) {
        self.path.clear();
        self.nodes = 0;
        self.at.clear();
        self.points.clear();
    }

    /// Notes that the value at the current spot can be replaced by `wrong` to make the
    /// document malformed there.
    fn point(&mut self, wrong: Value) {
        let pointer: String = self
            .at
            .iter()
            .map(|seg| format!("/{}", seg.replace('~', "~0").replace('/', "~1")))
            .collect();
        self.points.push((pointer, wrong));
    }

    /// Builds a child value at `seg` of the current spot.
    fn within<T>(&mut self, seg: &str, f: impl FnOnce(&mut Self) -> T) -> T {
        self.at.push(seg.to_string());
        let out = f(self);
        self.at.pop();
        out
    }

    /// Whether some union seen in full still has members that were never chosen.
    fn pending(&self) -> bool {
        self.chosen.values().any(|(n, seen)| seen.len() < *n)
    }
}

struct Writer<'p> {
    krate: String,
    structs: BTreeMap<&'p TypePath, &'p StructPlan>,
    unions: BTreeMap<&'p TypePath, &'p UnionPlan>,
    enums: BTreeMap<&'p TypePath, &'p EnumPlan>,
    /// Sensitive members set so far.
    set: BTreeSet<String>,
    /// Malformed responses written so far.
    malformed: usize,
}

fn rust_str(text: &str) -> String {
    // `Debug` of a `str` is a valid Rust string literal.
    format!("{text:?}")
}

fn sensitive_member(container_sensitive: bool, container: &str, m: &MemberPlan) -> Option<String> {
    (container_sensitive || m.sensitive).then(|| format!("{container}${}", m.wire_name))
}

impl<'p> Writer<'p> {
    fn path(&self, p: &TypePath) -> String {
        let mut s = self.krate.clone();
        for seg in p.home.segments() {
            s.push_str("::");
            s.push_str(&ident_text(&seg));
        }
        s.push_str("::");
        s.push_str(&ident_text(&p.name));
        s
    }

    fn lookup<T>(map: &BTreeMap<&'p TypePath, &'p T>, p: &TypePath) -> Result<&'p T, String> {
        map.get(p)
            .copied()
            .ok_or_else(|| format!("the plan has no type {p:?}"))
    }

    /// Sensitive members and sensitive types reachable from the operations, walking the types
    /// of the plan (no depth limit: this is what the generated test must cover).
    fn reachable(&self, plan: &'p CratePlan) -> (BTreeSet<String>, BTreeSet<String>) {
        #[derive(Default)]
        struct Found<'p> {
            members: BTreeSet<String>,
            types: BTreeSet<String>,
            seen: BTreeSet<String>,
            stack: Vec<&'p TypeRef>,
        }
        impl<'p> Found<'p> {
            fn container(&mut self, id: &str, sensitive: bool, members: &'p [MemberPlan]) {
                if !self.seen.insert(id.to_string()) {
                    return;
                }
                if sensitive {
                    self.types.insert(id.to_string());
                }
                for m in members {
                    self.members.extend(sensitive_member(sensitive, id, m));
                    self.stack.push(&m.ty);
                }
            }
        }
        let mut f = Found::default();
        for op in &plan.operations {
            f.container(&op.input.shape_id, op.input.sensitive, &op.input.members);
            f.container(&op.output.shape_id, op.output.sensitive, &op.output.members);
            for e in &op.errors {
                if let Some(s) = self.structs.get(&e.path) {
                    f.container(&s.shape_id, s.sensitive, &s.members);
                }
            }
        }
        while let Some(ty) = f.stack.pop() {
            match ty {
                TypeRef::Struct(p) => {
                    if let Some(s) = self.structs.get(p) {
                        f.container(&s.shape_id, s.sensitive, &s.members);
                    }
                }
                TypeRef::Union(p) => {
                    if let Some(u) = self.unions.get(p) {
                        f.container(&u.shape_id, u.sensitive, &u.members);
                    }
                }
                TypeRef::Enum(p) | TypeRef::IntEnum(p) => {
                    if let Some(e) = self.enums.get(p)
                        && e.sensitive
                    {
                        f.types.insert(e.shape_id.clone());
                    }
                }
                TypeRef::List { item, .. } => f.stack.push(item),
                TypeRef::Map { key, value, .. } => {
                    f.stack.push(key);
                    f.stack.push(value);
                }
                _ => {}
            }
        }
        (f.members, f.types)
    }

    /// One `#[tokio::test]` for `op`; returns how many calls it makes.
    fn operation(&mut self, op: &OperationPlan, out: &mut String) -> Result<usize, String> {
        let input_ty = self.path(&op.input.path);
        let output_ty = self.path(&op.output.path);
        let error_ty = format!(
            "{}::operation::{}::{}",
            self.krate,
            ident_text(&op.module),
            ident_text(&op.error_name)
        );
        let method = ident_text(&op.module);
        // Members whose value the request needs in a given form keep a plain, valid value.
        let plain = |text: String| (format!("{}.to_owned()", rust_str(&text)), Value::from(text));
        let mut fixed = BTreeMap::new();
        for part in &op.host_prefix {
            if let HostPrefixPart::Label(m) = part {
                fixed.insert(m.wire_name.clone(), plain(PLAIN_MARKER.to_string()));
            }
        }
        if let Some(m) = &op.endpoint_member {
            fixed.insert(
                m.wire_name.clone(),
                plain(format!("https://{PLAIN_MARKER}.example.com")),
            );
        }

        // Rounds: each builds the input and the output again, choosing the next member of
        // every union, until the input and the output each had every union member once.
        let (mut in_cx, mut out_cx) = (Ctx::default(), Ctx::default());
        let mut rounds: Vec<(Built, Built)> = Vec::new();
        // Responses the client must reject: (status, body).
        let mut malformed: Vec<(u16, Value)> = Vec::new();
        loop {
            in_cx.fresh_value();
            let input = self.builder(&op.input, false, false, &fixed, &mut in_cx)?;
            out_cx.fresh_value();
            let output = self.builder(&op.output, false, false, &BTreeMap::new(), &mut out_cx)?;
            malformed.extend(corrupted(&output.json, &out_cx.points).map(|b| (200, b)));
            rounds.push((input, output));
            if !in_cx.pending() && !out_cx.pending() {
                break;
            }
            if rounds.len() >= MAX_ROUNDS {
                return Err(format!(
                    "{}: union members still unchosen after {MAX_ROUNDS} rounds",
                    op.name
                ));
            }
        }

        // Errors: each modeled error as a 400 response whose body sets every member.
        let mut errors: Vec<(String, Value)> = Vec::new();
        for e in &op.errors {
            let s = Self::lookup(&self.structs, &e.path)?;
            let mut ecx = Ctx::default();
            for round in 1.. {
                ecx.fresh_value();
                let body = self.builder(s, false, false, &BTreeMap::new(), &mut ecx)?;
                let mut json = match body.json {
                    Value::Object(o) => o,
                    _ => Map::new(),
                };
                json.insert("__type".into(), Value::from(e.info.code.clone()));
                let json = Value::Object(json);
                malformed.extend(corrupted(&json, &ecx.points).map(|b| (400, b)));
                errors.push((e.variant.clone(), json));
                if !ecx.pending() {
                    break;
                }
                if round >= MAX_ROUNDS {
                    return Err(format!(
                        "{}: union members of {} still unchosen after {MAX_ROUNDS} rounds",
                        op.name, e.info.code
                    ));
                }
            }
        }

        let fn_name = format!("op_{}", op.module.trim_start_matches("r#"));
        let _ = writeln!(
            out,
            "\n/// `{}`: every member set, every modeled error.",
            op.name
        );
        let _ = writeln!(out, "#[tokio::test]\nasync fn {fn_name}() {{");
        let _ = writeln!(out, "    let h = Harness::new(vec![");
        for (_, output) in &rounds {
            let _ = writeln!(
                out,
                "        (200, {}),",
                rust_str(&output.json.to_string())
            );
        }
        for (_, body) in &errors {
            let _ = writeln!(out, "        (400, {}),", rust_str(&body.to_string()));
        }
        for (status, body) in &malformed {
            let _ = writeln!(out, "        ({status}, {}),", rust_str(&body.to_string()));
        }
        let _ = writeln!(out, "    ]);");
        // Every call goes through the fluent builder, with one attempt so a retryable error
        // does not consume the next canned response.
        let mut setters = String::new();
        for m in &op.input.members {
            let f = ident_text(&m.field);
            let set = ident_text(&format!("set_{}", m.field));
            let _ = write!(setters, "\n            .{set}(input.{f}.clone())");
        }
        let _ = writeln!(
            out,
            "    let fluent = |input: &{input_ty}| {{\n        h.client\n            .{method}(){setters}\n            .options(once())\n    }};"
        );
        for (i, (input, output)) in rounds.iter().enumerate() {
            let what = format!("{} round {i}", op.name);
            let sensitive = json_count(&input.json, SENSITIVE_MARKER);
            let _ = writeln!(
                out,
                "    let builder = checked({:?}, {});",
                format!("{what}: input builder"),
                input.rust
            );
            let _ = writeln!(
                out,
                "    let input = checked({:?}, built::<{input_ty}, _>(builder.build()));",
                format!("{what}: input")
            );
            if i == 0 {
                let _ = writeln!(out, "    let first = input.clone();");
            }
            let _ = writeln!(
                out,
                "    let call = checked({:?}, fluent(&input));",
                format!("{what}: fluent builder")
            );
            let _ = writeln!(
                out,
                "    let output = call.send().await.unwrap_or_else(|e| panic!(\"{{}}: {{e:?}}\", {:?}));",
                what
            );
            let _ = writeln!(
                out,
                "    h.sent({:?}, {sensitive});",
                format!("{what}: request body")
            );
            let _ = writeln!(
                out,
                "    let output = checked({:?}, output);",
                format!("{what}: output")
            );
            let _ = writeln!(
                out,
                "    let expected: {output_ty} = built::<{output_ty}, _>(checked({:?}, {}).build());",
                format!("{what}: expected output builder"),
                output.rust
            );
            let _ = writeln!(
                out,
                "    assert!(output == expected, \"{{}}: the response did not read back as written\", {:?});",
                what
            );
        }
        if errors.is_empty() && malformed.is_empty() {
            let _ = writeln!(out, "    let _ = first;");
        }
        for (i, (variant, _)) in errors.iter().enumerate() {
            let what = format!("{} error {i} ({variant})", op.name);
            let _ = writeln!(
                out,
                "    let error = fluent(&first).send().await.expect_err({:?});",
                format!("{what}: the call fails")
            );
            let _ = writeln!(
                out,
                "    assert!(matches!(error.as_service_error(), Some({error_ty}::{}(_))), \"{{}}: {{error:?}}\", {:?});",
                ident_text(variant),
                what
            );
            let _ = writeln!(out, "    check_error({what:?}, &error);");
        }
        for (i, (status, _)) in malformed.iter().enumerate() {
            let what = format!("{} malformed response {i} (status {status})", op.name);
            let _ = writeln!(
                out,
                "    let error = fluent(&first).send().await.expect_err({:?});",
                format!("{what}: the call fails")
            );
            let _ = writeln!(out, "    check_error({what:?}, &error);");
        }
        let _ = writeln!(out, "    h.finish({:?}, {});\n}}", op.name, !op.unsigned);
        self.malformed += malformed.len();
        Ok(rounds.len() + errors.len() + malformed.len())
    }

    /// The builder expression of a structure with every member set. `inherited`: the value sits
    /// inside a sensitive value (so its markers are sensitive even where its own members are
    /// not). `minimal`: set only required members (a recursion or size cut). `fixed`: values
    /// for members, by wire name, that the request needs in a given form.
    fn builder(
        &mut self,
        s: &StructPlan,
        inherited: bool,
        minimal: bool,
        fixed: &BTreeMap<String, (String, Value)>,
        cx: &mut Ctx,
    ) -> Result<Built, String> {
        let minimal = minimal
            || cx.path.contains(&s.shape_id)
            || cx.path.len() >= MAX_DEPTH
            || cx.nodes >= NODE_BUDGET;
        cx.nodes += 1;
        cx.path.push(s.shape_id.clone());
        let sensitive = inherited || s.sensitive;
        let ty = self.path(&s.path);
        let mut rust = format!("{ty}::builder()");
        let mut json = Map::new();
        // One setter per line, indented by nesting depth, so a failing test is readable.
        let nl = format!("\n{}", "    ".repeat(cx.path.len() + 1));
        for m in &s.members {
            // A cut-off value sets only what `build()` requires.
            if minimal && !m.required {
                continue;
            }
            self.set
                .extend(sensitive_member(s.sensitive, &s.shape_id, m));
            let f = ident_text(&m.field);
            let set = ident_text(&format!("set_{}", m.field));
            if let Some((r, j)) = fixed.get(&m.wire_name) {
                let _ = write!(rust, "{nl}.{f}({r})");
                json.insert(m.wire_name.clone(), j.clone());
                continue;
            }
            let sens = sensitive || m.sensitive;
            match &m.ty {
                TypeRef::List { item, sparse } => {
                    if minimal {
                        let _ = write!(rust, "{nl}.{set}(Some(::std::vec::Vec::new()))");
                        json.insert(m.wire_name.clone(), Value::Array(Vec::new()));
                    } else {
                        // The generated "append one item" setter.
                        let v = cx.within(&m.wire_name, |cx| {
                            cx.within("0", |cx| self.value(item, sens, minimal, cx))
                        })?;
                        let arg = if *sparse {
                            format!("Some({})", v.rust)
                        } else {
                            v.rust
                        };
                        let _ = write!(rust, "{nl}.{f}({arg})");
                        json.insert(m.wire_name.clone(), Value::Array(vec![v.json]));
                    }
                }
                TypeRef::Map { key, value, sparse } => {
                    if minimal {
                        let _ =
                            write!(rust, "{nl}.{set}(Some(::std::collections::HashMap::new()))");
                        json.insert(m.wire_name.clone(), Value::Object(Map::new()));
                    } else {
                        // The generated "insert one entry" setter.
                        let (k, kj) = self.key(key, sens)?;
                        let v = cx.within(&m.wire_name, |cx| {
                            cx.within(&kj, |cx| self.map_value(value, sens, minimal, cx))
                        })?;
                        let arg = if *sparse {
                            format!("Some({})", v.rust)
                        } else {
                            v.rust
                        };
                        let _ = write!(rust, "{nl}.{f}({k}, {arg})");
                        let mut o = Map::new();
                        o.insert(kj, v.json);
                        json.insert(m.wire_name.clone(), Value::Object(o));
                    }
                }
                ty => {
                    let v = cx.within(&m.wire_name, |cx| self.value(ty, sens, minimal, cx))?;
                    let _ = write!(rust, "{nl}.{f}({})", v.rust);
                    json.insert(m.wire_name.clone(), v.json);
                }
            }
        }
        cx.path.pop();
        Ok(Built {
            rust,
            json: Value::Object(json),
        })
    }

    /// A structure built with its builder, its builder and value checked where they must be
    /// clean on their own.
    fn structure(
        &mut self,
        s: &StructPlan,
        inherited: bool,
        minimal: bool,
        cx: &mut Ctx,
    ) -> Result<Built, String> {
        let Built { rust, json } = self.builder(s, inherited, minimal, &BTreeMap::new(), cx)?;
        let ty = self.path(&s.path);
        // On its own, a value is clean unless its markers come from a sensitive container.
        let alone = !inherited || s.sensitive;
        let rust = if alone {
            let name = &s.path.name;
            format!(
                "checked({:?}, built::<{ty}, _>(checked({:?}, {rust}).build()))",
                name,
                format!("{name} builder")
            )
        } else {
            format!("built::<{ty}, _>({rust}.build())")
        };
        Ok(Built { rust, json })
    }

    fn union(
        &mut self,
        u: &UnionPlan,
        inherited: bool,
        minimal: bool,
        cx: &mut Ctx,
    ) -> Result<Built, String> {
        let n = u.members.len();
        if n == 0 {
            return Err(format!(
                "{}: a union without members cannot be built",
                u.shape_id
            ));
        }
        let minimal = minimal
            || cx.path.contains(&u.shape_id)
            || cx.path.len() >= MAX_DEPTH
            || cx.nodes >= NODE_BUDGET;
        let index = if minimal {
            // The first member that needs no further nesting ends a recursion soonest.
            u.members
                .iter()
                .position(|m| {
                    !matches!(
                        m.ty,
                        TypeRef::Struct(_)
                            | TypeRef::Union(_)
                            | TypeRef::List { .. }
                            | TypeRef::Map { .. }
                    )
                })
                .unwrap_or(0)
        } else {
            let turn = cx.turn.entry(u.shape_id.clone()).or_default();
            let index = *turn % n;
            *turn += 1;
            cx.chosen
                .entry(u.shape_id.clone())
                .or_insert_with(|| (n, BTreeSet::new()))
                .1
                .insert(index);
            index
        };
        cx.nodes += 1;
        cx.path.push(u.shape_id.clone());
        let m = &u.members[index];
        self.set
            .extend(sensitive_member(u.sensitive, &u.shape_id, m));
        let sensitive = inherited || u.sensitive || m.sensitive;
        let v = cx.within(&m.wire_name, |cx| self.value(&m.ty, sensitive, minimal, cx))?;
        cx.path.pop();
        let ty = self.path(&u.path);
        let inner = if m.boxed {
            format!("::std::boxed::Box::new({})", v.rust)
        } else {
            v.rust
        };
        let rust = format!("{ty}::{}({inner})", ident_text(&m.variant));
        let rust = if !inherited || u.sensitive {
            format!("checked({:?}, {rust})", u.path.name)
        } else {
            rust
        };
        let mut json = Map::new();
        json.insert(m.wire_name.clone(), v.json);
        Ok(Built {
            rust,
            json: Value::Object(json),
        })
    }

    /// The value of a map entry; in a sensitive map, a wrong value there is an error whose
    /// location names the (sensitive) key.
    fn map_value(
        &mut self,
        value: &TypeRef,
        sensitive: bool,
        minimal: bool,
        cx: &mut Ctx,
    ) -> Result<Built, String> {
        if sensitive {
            match value {
                // A document accepts anything.
                TypeRef::Document => {}
                TypeRef::List { .. } => cx.point(Value::Object(Map::new())),
                _ => cx.point(Value::Array(Vec::new())),
            }
        }
        self.value(value, sensitive, minimal, cx)
    }

    /// A map key: a string, or a string enum.
    fn key(&mut self, key: &TypeRef, sensitive: bool) -> Result<(String, String), String> {
        let v = match key {
            TypeRef::Enum(_) => self.value(key, sensitive, false, &mut Ctx::default())?,
            _ => self.value(&TypeRef::String, sensitive, false, &mut Ctx::default())?,
        };
        let text = v.json.as_str().unwrap_or(PLAIN_MARKER).to_string();
        Ok((v.rust, text))
    }

    fn value(
        &mut self,
        ty: &TypeRef,
        sensitive: bool,
        minimal: bool,
        cx: &mut Ctx,
    ) -> Result<Built, String> {
        let rt = "::smithy_client_runtime";
        let marker = if sensitive {
            SENSITIVE_MARKER
        } else {
            PLAIN_MARKER
        };
        let marker_const = if sensitive { "SENSITIVE" } else { "PLAIN" };
        let b = |rust: String, json: Value| Ok(Built { rust, json });
        if sensitive
            && matches!(
                ty,
                TypeRef::Byte
                    | TypeRef::Short
                    | TypeRef::Integer
                    | TypeRef::Long
                    | TypeRef::Float
                    | TypeRef::Double
                    | TypeRef::BigInteger
                    | TypeRef::BigDecimal
                    | TypeRef::Timestamp(_)
                    | TypeRef::IntEnum(_)
                    | TypeRef::Blob
            )
        {
            // A reader that quotes what it could not read must not quote a sensitive value.
            cx.point(Value::from(format!("{SENSITIVE_MARKER}!")));
        }
        match ty {
            TypeRef::Unit => b("()".into(), Value::Object(Default::default())),
            TypeRef::String => b(format!("{marker_const}.to_owned()"), Value::from(marker)),
            TypeRef::Bool => b("true".into(), Value::Bool(true)),
            TypeRef::Byte | TypeRef::Short | TypeRef::Integer | TypeRef::Long => {
                b("7".into(), Value::from(7))
            }
            TypeRef::Float | TypeRef::Double => b("1.5".into(), Value::from(1.5)),
            TypeRef::BigInteger => b(
                format!("{rt}::BigInteger::from_static(\"7\")"),
                Value::from(7),
            ),
            TypeRef::BigDecimal => b(
                format!("{rt}::BigDecimal::from_static(\"1.5\")"),
                Value::from(1.5),
            ),
            TypeRef::Timestamp(format) => {
                let json = match format.unwrap_or(TsFormat::EpochSeconds) {
                    TsFormat::EpochSeconds => Value::from(TIMESTAMP_SECS),
                    TsFormat::DateTime => Value::from("2023-11-14T22:13:20Z"),
                    TsFormat::HttpDate => Value::from("Tue, 14 Nov 2023 22:13:20 GMT"),
                };
                b(format!("{rt}::DateTime::from_secs({TIMESTAMP_SECS})"), json)
            }
            TypeRef::Blob => b(
                format!("{rt}::Blob::new({marker_const}.as_bytes())"),
                Value::from(base64(marker.as_bytes())),
            ),
            TypeRef::Document => b(
                format!("{rt}::Document::String({marker_const}.to_owned())"),
                Value::from(marker),
            ),
            TypeRef::Enum(p) => {
                let e = Self::lookup(&self.enums, p)?;
                let ty = self.path(p);
                if sensitive || e.sensitive {
                    // An unknown value carries the marker; a sensitive enum must hide it in
                    // `Debug` and `Display` even on its own.
                    let rust = format!("{ty}::from(SENSITIVE)");
                    let rust = if e.sensitive {
                        format!("shown({:?}, {rust})", p.name)
                    } else {
                        rust
                    };
                    b(rust, Value::from(SENSITIVE_MARKER))
                } else {
                    match e.variants.first() {
                        Some(v) => b(
                            format!("{ty}::{}", ident_text(&v.name)),
                            Value::from(v.value.clone()),
                        ),
                        None => b(format!("{ty}::from(PLAIN)"), Value::from(PLAIN_MARKER)),
                    }
                }
            }
            TypeRef::IntEnum(p) => {
                let e = Self::lookup(&self.enums, p)?;
                let ty = self.path(p);
                match e.variants.first() {
                    Some(v) => {
                        let n: i64 = v.value.parse().unwrap_or_default();
                        b(format!("{ty}::{}", ident_text(&v.name)), Value::from(n))
                    }
                    None => b(format!("{ty}::from(7)"), Value::from(7)),
                }
            }
            TypeRef::Struct(p) => {
                let s = Self::lookup(&self.structs, p)?;
                self.structure(s, sensitive, minimal, cx)
            }
            TypeRef::Union(p) => {
                let u = Self::lookup(&self.unions, p)?;
                self.union(u, sensitive, minimal, cx)
            }
            TypeRef::List { item, sparse } => {
                if minimal {
                    return b("::std::vec::Vec::new()".into(), Value::Array(Vec::new()));
                }
                let v = cx.within("0", |cx| self.value(item, sensitive, minimal, cx))?;
                let rust = if *sparse {
                    format!("vec![Some({})]", v.rust)
                } else {
                    format!("vec![{}]", v.rust)
                };
                b(rust, Value::Array(vec![v.json]))
            }
            TypeRef::Map { key, value, sparse } => {
                if minimal {
                    return b(
                        "::std::collections::HashMap::new()".into(),
                        Value::Object(Map::new()),
                    );
                }
                let (k, kj) = self.key(key, sensitive)?;
                let v = cx.within(&kj, |cx| self.map_value(value, sensitive, minimal, cx))?;
                let rust = if *sparse {
                    format!(
                        "::std::collections::HashMap::from([({k}, Some({}))])",
                        v.rust
                    )
                } else {
                    format!("::std::collections::HashMap::from([({k}, {})])", v.rust)
                };
                let mut o = Map::new();
                o.insert(kj, v.json);
                b(rust, Value::Object(o))
            }
        }
    }
}

/// `document` with each malformed spot in turn.
fn corrupted<'a>(
    document: &'a Value,
    points: &'a [(String, Value)],
) -> impl Iterator<Item = Value> + 'a {
    points.iter().filter_map(|(pointer, wrong)| {
        let mut doc = document.clone();
        *doc.pointer_mut(pointer)? = wrong.clone();
        Some(doc)
    })
}

/// How often `marker` occurs in the JSON text of `value` (what the request body must carry).
fn json_count(value: &Value, marker: &str) -> usize {
    value.to_string().matches(marker).count()
}

/// Standard padded base64, as blobs travel in JSON.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The part of the test that does not depend on the operations.
fn header(krate: &str, compress: bool) -> String {
    let compression = if compress {
        // A large body would be gzipped, and the marker count below could not see into it.
        "\n        .disable_request_compression(true)"
    } else {
        ""
    };
    format!(
        r#"//! Written by `tests::leak_check` from the plan of `{krate}` (see that module): every
//! operation is called with every input member set and answered with every output member and
//! every modeled error set; no `Debug`, `Display`, error message or TRACE-level `tracing` output
//! may contain a sensitive value or a credential.

#![allow(deprecated, dead_code, unused_imports, clippy::all)]

use std::fmt::{{Debug, Display}};
use std::io::Write;
use std::sync::{{Arc, Mutex}};

use smithy_client_runtime::config::CallOptions;
use smithy_client_runtime::credentials::Credentials;
use smithy_client_runtime::error::{{ProvideErrorMetadata as _, SdkError}};
use smithy_client_runtime::transport::test_util::{{StaticReplayClient, response}};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::util::SubscriberInitExt as _;

const SENSITIVE: &str = {sensitive:?};
const PLAIN: &str = {plain:?};
const SECRET: &str = {secret:?};
const TOKEN: &str = {token:?};

/// A sensitive blob holds the marker's bytes: `Debug` would print them as numbers, and the
/// wire (or a log of it) carries them in base64.
const SENSITIVE_BASE64: &str = {sensitive_base64:?};

fn assert_clean(what: &str, text: &str) {{
    for marker in [SENSITIVE, SECRET, TOKEN, SENSITIVE_BASE64] {{
        assert!(!text.contains(marker), "{{what}} leaks {{marker}}:\n{{text}}");
    }}
    // `[115, 101, ...]`, compared without whitespace so `{{:#?}}` is caught too.
    let bytes = format!("{{:?}}", SENSITIVE.as_bytes()).replace(' ', "");
    let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(!squashed.contains(&bytes), "{{what}} leaks the bytes of {{SENSITIVE}}:\n{{text}}");
}}

/// Checks `{{:?}}` and `{{:#?}}` of a value and hands it back.
fn checked<T: Debug>(what: &str, value: T) -> T {{
    assert_clean(what, &format!("{{value:?}}"));
    assert_clean(what, &format!("{{value:#?}}"));
    value
}}

/// Checks `Debug` and `Display` of a value and hands it back.
fn shown<T: Debug + Display>(what: &str, value: T) -> T {{
    assert_clean(what, &value.to_string());
    checked(what, value)
}}

/// `build()` returns the value, or a `Result` when the type has required members.
trait Built<T> {{
    fn built(self) -> T;
}}

impl<T> Built<T> for T {{
    fn built(self) -> T {{
        self
    }}
}}

impl<T, E: Display> Built<T> for Result<T, E> {{
    fn built(self) -> T {{
        self.unwrap_or_else(|e| panic!("every member is set, yet build() failed: {{e}}"))
    }}
}}

fn built<T, B: Built<T>>(b: B) -> T {{
    b.built()
}}

fn once() -> CallOptions {{
    CallOptions::default().max_attempts(1)
}}

fn check_error<E: std::error::Error + 'static>(what: &str, error: &SdkError<E>) {{
    assert_clean(what, &error.to_string());
    checked(what, error);
    assert_clean(what, error.message().unwrap_or_default());
    assert_clean(what, error.code().unwrap_or_default());
    let mut source: Option<&dyn std::error::Error> = Some(error);
    while let Some(e) = source {{
        assert_clean(what, &e.to_string());
        assert_clean(what, &format!("{{e:?}}"));
        source = e.source();
    }}
    if let Some(service) = error.as_service_error() {{
        assert_clean(what, &service.to_string());
        checked(what, service);
    }}
}}

/// An in-memory sink for the TRACE-level subscriber.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {{
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {{
        self.0.lock().unwrap_or_else(|e| e.into_inner()).extend_from_slice(buf);
        Ok(buf.len())
    }}
    fn flush(&mut self) -> std::io::Result<()> {{
        Ok(())
    }}
}}

struct Harness {{
    client: {krate}::Client,
    http: StaticReplayClient,
    captured: Captured,
    // The subscriber's guard (its type lives in `tracing-core`, not a dependency here).
    guard: Box<dyn std::any::Any>,
}}

impl Harness {{
    /// A client with marker credentials whose transport replays `responses` in order. The
    /// subscriber is thread-local: `#[tokio::test]` runs each test on its own thread.
    fn new(responses: Vec<(u16, &'static str)>) -> Self {{
        let captured = Captured::default();
        let sink = captured.clone();
        let guard = tracing_subscriber::fmt()
            .with_max_level(LevelFilter::TRACE)
            .with_writer(move || sink.clone())
            .finish()
            .set_default();
        let http = StaticReplayClient::new(responses.into_iter().map(|(s, b)| response(s, b)));
        let config = {krate}::Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDLEAKCHECK", SECRET, Some(TOKEN.to_owned()), None, "test"))
            .endpoint_url("https://leak-check.example.com")
            .http_client(http.clone()){compression}
            .build();
        let client = checked("client", {krate}::Client::new(config));
        Harness {{ client, http, captured, guard: Box::new(guard) }}
    }}

    /// The last request carried exactly `sensitive` sensitive markers: the values did reach
    /// the wire, only the diagnostics must hide them.
    fn sent(&self, what: &str, sensitive: usize) {{
        let request = self.http.last_request().expect("a request was sent");
        let body = String::from_utf8_lossy(request.body());
        assert_eq!(body.matches(SENSITIVE).count(), sensitive, "{{what}}:\n{{body}}");
        assert!(!body.contains(SECRET) && !body.contains(TOKEN), "{{what}}:\n{{body}}");
    }}

    /// Checks the TRACE-level output of every call; a signed call always logs (the signer
    /// does), so an empty capture there means the capture is broken.
    fn finish(self, what: &str, signed: bool) {{
        assert_eq!(self.http.remaining(), 0, "{{what}}: canned responses left over");
        drop(self.guard);
        let logs = String::from_utf8_lossy(&self.captured.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned();
        assert!(!signed || !logs.is_empty(), "{{what}}: no tracing output was captured");
        assert_clean(&format!("{{what}}: TRACE-level tracing output"), &logs);
    }}
}}
"#,
        sensitive = SENSITIVE_MARKER,
        sensitive_base64 = base64(SENSITIVE_MARKER.as_bytes()),
        plain = PLAIN_MARKER,
        secret = SECRET_MARKER,
        token = TOKEN_MARKER,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn plan_of(path: &Path, label: &str) -> CratePlan {
        let sources = smithy_codegen::read_sources(path, label).unwrap_or_else(|e| panic!("{e}"));
        let loaded = smithy_codegen::load::load(&sources).unwrap_or_else(|e| panic!("{e}"));
        let resolved =
            smithy_codegen::resolve::resolve(loaded, None).unwrap_or_else(|e| panic!("{e}"));
        smithy_codegen::plan::plan(&resolved).unwrap_or_else(|e| panic!("{e}"))
    }

    fn fixture(name: &str) -> CratePlan {
        let label = format!("tests/fixtures/{name}.json");
        plan_of(&crate::workspace_root().join(&label), &label)
    }

    #[test]
    fn sensitivity_comes_from_members_and_their_containers() {
        let test = write(&fixture("sensitive"), "vault").expect("the fixture is written");
        let id = |m: &str| format!("example.vault#{m}");
        // A sensitive target, a list of one, and every member of a sensitive structure, union
        // and error message.
        for member in [
            "PutContactInput$Email",
            "PutContactInput$Aliases",
            "PutContactInput$Address",
            "PutContactInput$Tier",
            "Address$Street",
            "ContactMethod$Phone",
            "InvalidContact$Message",
        ] {
            assert!(
                test.reachable.contains(&id(member)),
                "{member}: {:?}",
                test.reachable
            );
        }
        for member in [
            "PutContactInput$Catalog",
            "PutContactOutput$Id",
            "InvalidContact$Field",
        ] {
            assert!(
                !test.reachable.contains(&id(member)),
                "{member} is not sensitive"
            );
        }
        assert_eq!(test.set, test.reachable);
        assert_eq!(test.sensitive_types.len(), 3, "{:?}", test.sensitive_types);
        // `Balance` and the values under `ScoreByEmail`'s sensitive keys, in both rounds.
        assert!(test.malformed >= 2, "{}", test.malformed);
        // Sensitive values get the marker that is searched for, the others a harmless one.
        let body = r#"\"Field\":\"plainvalue8b2f\",\"Message\":\"sensitivemarker4c1d9e\""#;
        assert!(test.source.contains(body), "{}", test.source);
        assert!(test.source.contains(".catalog(PLAIN.to_owned())"));
        assert!(test.source.contains(".email(SENSITIVE.to_owned())"));
    }

    #[test]
    fn every_union_member_is_sent_and_received() {
        let test = write(&fixture("sensitive"), "vault").expect("the fixture is written");
        // The input sets `Contact` once per round; the rounds go through every member.
        let inputs: Vec<&str> = test
            .source
            .split("let builder = ")
            .skip(1)
            .filter_map(|rest| rest.split("let input = ").next())
            .collect();
        assert_eq!(inputs.len(), 2, "one round per member of the union");
        for variant in ["ContactMethod::Email(", "ContactMethod::Phone("] {
            assert!(
                inputs.iter().any(|i| i.contains(variant)),
                "{variant} is never sent"
            );
        }
        // And the responses.
        assert!(
            test.source
                .contains(r#"{\"Email\":\"sensitivemarker4c1d9e\"}"#)
        );
        assert!(
            test.source
                .contains(r#"{\"Phone\":\"sensitivemarker4c1d9e\"}"#)
        );
    }

    #[test]
    fn recursive_and_large_fixtures_are_covered_in_full() {
        for name in ["kitchen-sink", "obstacle-course"] {
            let test = write(&fixture(name), "fixture").unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(test.set, test.reachable, "{name}");
            assert!(test.operations > 0, "{name}");
        }
    }

    /// Every official model beside the workspace (when present): the writer reaches every
    /// sensitive member the plan has, without model-specific help.
    #[test]
    fn every_aws_model_is_covered_in_full() {
        let dir = std::env::var_os("SMITHY_AWS_MODELS")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| crate::workspace_root().join("../shared/models/aws"));
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("SKIPPED: {} is missing", dir.display());
            return;
        };
        let mut models: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        models.sort();
        for model in models
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
        {
            let label = model.display().to_string();
            // The models of protocols the generator does not speak yet are refused by the
            // planner; `real_models::every_aws_model_generates` lists them and checks that.
            let sources =
                smithy_codegen::read_sources(model, &label).unwrap_or_else(|e| panic!("{e}"));
            let loaded = smithy_codegen::load::load(&sources).unwrap_or_else(|e| panic!("{e}"));
            let resolved =
                smithy_codegen::resolve::resolve(loaded, None).unwrap_or_else(|e| panic!("{e}"));
            let plan = match smithy_codegen::plan::plan(&resolved) {
                Ok(plan) => plan,
                Err(e) if e.to_string().contains("unsupported protocol") => {
                    eprintln!("SKIPPED: {label}: {e}");
                    continue;
                }
                Err(e) => panic!("{e}"),
            };
            let test = write(&plan, "model").unwrap_or_else(|e| panic!("{label}: {e}"));
            let missing: Vec<_> = test.reachable.difference(&test.set).collect();
            assert!(missing.is_empty(), "{label}: not set: {missing:?}");
        }
    }

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
