//! The test writer: builds every value from the plan, as Rust and as JSON.

use super::*;

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
    pub(super) fn reachable(&self, plan: &'p CratePlan) -> (BTreeSet<String>, BTreeSet<String>) {
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
    pub(super) fn operation(
        &mut self,
        op: &OperationPlan,
        out: &mut String,
    ) -> Result<usize, String> {
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
            TypeRef::ByteStream => b(
                format!("{rt}::ByteStream::from({marker_const}.as_bytes().to_vec())"),
                Value::from(marker),
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
