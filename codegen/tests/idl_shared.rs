//! The IDL loader against the official Smithy files in `shared/` beside the workspace: every
//! `.smithy` file parses, every protocol directory loads with the trait files it imports, and
//! for every protocol that also has a JSON AST reference (`json-ast/<protocol>.json`, written by
//! Smithy's own serializer) each reference shape equals the shape read from the IDL, after
//! flattening mixins on both sides. Skipped, saying so, when `shared/` is absent.

use serde_json::{Map, Value};
use smithy_codegen::{Source, json_ast, read_sources};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared"))
        .find(|d| d.join("smithy-protocol-tests/json-ast").is_dir())
}

/// The trait, prelude-adjacent and shared-type directories every protocol directory imports.
const COMMON: &[&str] = &["traits", "shared", "smithy-shared"];

fn idl_sources(tests: &Path, protocol: &str) -> Vec<Source> {
    let mut out = Vec::new();
    for dir in std::iter::once(protocol).chain(COMMON.iter().copied()) {
        let path = tests.join(dir);
        out.extend(read_sources(&path, dir).unwrap_or_else(|e| panic!("{dir}: {e}")));
    }
    out
}

#[test]
fn every_smithy_file_under_shared_parses() {
    let Some(shared) = shared() else {
        eprintln!("shared/ (smithy-protocol-tests) not found beside the workspace; skipping");
        return;
    };
    let files: Vec<PathBuf> = smithy_codegen::model_files(&shared)
        .expect("walk shared/")
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "smithy"))
        .collect();
    assert!(files.len() >= 170, "only {} .smithy files", files.len());
    let mut failures = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("UTF-8");
        let parsed = smithy_codegen::idl::lexer::tokenize(&text)
            .and_then(smithy_codegen::idl::parser::parse);
        if let Err(e) = parsed {
            failures.push(format!(
                "{}:{}:{}: {}",
                f.display(),
                e.pos.line,
                e.pos.col,
                e.message
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    eprintln!("{} .smithy files parsed", files.len());
}

#[test]
fn every_protocol_directory_loads() {
    let Some(shared) = shared() else {
        eprintln!("shared/ not found beside the workspace; skipping");
        return;
    };
    let tests = shared.join("smithy-protocol-tests");
    for protocol in [
        "awsJson1_0",
        "awsJson1_1",
        "restJson1",
        "restXml",
        "restXmlWithNamespace",
        "awsQuery",
        "ec2Query",
        "aws-rpcv2Cbor",
        "rpcv2Cbor",
        "rpcv2Json",
    ] {
        let sources = idl_sources(&tests, protocol);
        if let Err(e) = json_ast::to_json_ast(&sources) {
            panic!("{protocol}:\n{e}");
        }
    }
}

/// `(IDL directories, reference file, shapes allowed to differ)`.
const PAIRS: &[(&[&str], &str, &[&str])] = &[
    (&["awsJson1_0"], "awsJson1_0.json", &[]),
    (&["awsJson1_1"], "awsJson1_1.json", &[]),
    (
        &["restJson1"],
        "restJson1.json",
        // Upstream drift: the IDL is about five weeks newer than the JSON AST dump.
        &[
            "aws.protocoltests.restjson#MyUnion",
            "aws.protocoltests.restjson#NestedUnion",
            "aws.protocoltests.restjson#JsonUnions",
        ],
    ),
    (&["restXml", "restXmlWithNamespace"], "restXml.json", &[]),
    (&["awsQuery"], "awsQuery.json", &[]),
    (&["ec2Query"], "ec2Query.json", &[]),
    (&["aws-rpcv2Cbor"], "aws-rpcv2Cbor.json", &[]),
];

/// Changed upstream between the JSON AST dump and the IDL (its selector gained rpcv2Json).
const QUERY_COMPATIBLE: &str = "aws.protocols#awsQueryCompatible";

#[test]
fn idl_equals_the_json_ast_references() {
    let Some(shared) = shared() else {
        eprintln!("shared/ not found beside the workspace; skipping");
        return;
    };
    let tests = shared.join("smithy-protocol-tests");
    let mut failures = Vec::new();
    let mut compared = 0;
    for (dirs, reference, drift) in PAIRS {
        let mut sources = idl_sources(&tests, dirs[0]);
        for extra in &dirs[1..] {
            sources.extend(read_sources(&tests.join(extra), extra).expect("readable"));
        }
        let from_idl =
            json_ast::to_json_ast(&sources).unwrap_or_else(|e| panic!("{reference}: {e}"));
        let text =
            std::fs::read_to_string(tests.join("json-ast").join(reference)).expect("reference");
        let expected: Value = serde_json::from_str(&text).expect("reference JSON");
        let idl_shapes = flatten(shapes(&from_idl));
        let ref_shapes = flatten(shapes(&expected));
        for (id, want) in &ref_shapes {
            if drift.contains(&id.as_str()) || id == QUERY_COMPATIBLE {
                continue;
            }
            compared += 1;
            match idl_shapes.get(id) {
                None => failures.push(format!("{reference}: {id} missing from the IDL model")),
                Some(got) => {
                    let (got, want) = (normalize(got), normalize(want));
                    if got != want {
                        failures.push(format!("{reference}: {id} differs"));
                        if std::env::var_os("IDL_DIFF").is_some() {
                            eprintln!("{id}\n  idl: {got}\n  ref: {want}");
                        }
                    }
                }
            }
        }
    }
    eprintln!("{compared} reference shapes compared");
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn shapes(model: &Value) -> Map<String, Value> {
    model
        .get("shapes")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// Copies mixin members and (non-local) traits into every shape that uses mixins.
fn flatten(shapes: Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for id in shapes.keys() {
        out.insert(id.clone(), flat(&shapes, id, 0));
    }
    out
}

fn flat(shapes: &Map<String, Value>, id: &str, depth: usize) -> Value {
    let Some(shape) = shapes.get(id).cloned() else {
        return Value::Null;
    };
    let Some(mixins) = shape.get("mixins").and_then(Value::as_array).cloned() else {
        return shape;
    };
    assert!(depth < 32, "mixin chain too deep at {id}");
    let mut members = Map::new();
    let mut traits = Map::new();
    for m in &mixins {
        let mid = m["target"].as_str().unwrap_or_default();
        let mixin = flat(shapes, mid, depth + 1);
        let local: BTreeSet<String> = mixin["traits"]["smithy.api#mixin"]["localTraits"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(t) = mixin.get("traits").and_then(Value::as_object) {
            for (k, v) in t {
                if k != "smithy.api#mixin" && !local.contains(k) {
                    traits.insert(k.clone(), v.clone());
                }
            }
        }
        for key in ["members"] {
            if let Some(ms) = mixin.get(key).and_then(Value::as_object) {
                for (k, v) in ms {
                    members.insert(k.clone(), v.clone());
                }
            }
        }
        for key in ["member", "key", "value"] {
            if let Some(v) = mixin.get(key) {
                members.insert(format!("#{key}"), v.clone());
            }
        }
    }
    let mut shape = shape;
    let obj = shape.as_object_mut().expect("shape object");
    if let Some(own) = obj.get("members").and_then(Value::as_object) {
        for (k, v) in own {
            let merged = merge_member(members.get(k), v);
            members.insert(k.clone(), merged);
        }
    }
    for key in ["member", "key", "value"] {
        let k = format!("#{key}");
        let inherited = members.remove(&k);
        match (inherited, obj.get(key)) {
            (Some(i), Some(own)) => {
                let merged = merge_member(Some(&i), own);
                obj.insert(key.into(), merged);
            }
            (Some(i), None) => {
                obj.insert(key.into(), i);
            }
            _ => {}
        }
    }
    if !members.is_empty() || obj.contains_key("members") {
        obj.insert("members".into(), Value::Object(members));
    }
    if let Some(own) = obj.get("traits").and_then(Value::as_object) {
        for (k, v) in own {
            traits.insert(k.clone(), v.clone());
        }
    }
    if !traits.is_empty() {
        obj.insert("traits".into(), Value::Object(traits));
    }
    obj.remove("mixins");
    shape
}

fn merge_member(inherited: Option<&Value>, own: &Value) -> Value {
    let mut out = inherited.cloned().unwrap_or_else(|| own.clone());
    let mut traits = out
        .get("traits")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    if let Some(t) = own.get("traits").and_then(Value::as_object) {
        for (k, v) in t {
            traits.insert(k.clone(), v.clone());
        }
    }
    out["target"] = own["target"].clone();
    if !traits.is_empty() {
        out["traits"] = Value::Object(traits);
    }
    out
}

/// Comparable form: documentation whitespace collapsed, numbers as f64 text, empty `members`
/// and `Unit` input/output treated like absent ones.
fn normalize(v: &Value) -> Value {
    fn walk(v: &Value, key: Option<&str>) -> Value {
        match v {
            Value::String(s) if key == Some("smithy.api#documentation") => {
                Value::String(s.split_whitespace().collect::<Vec<_>>().join(" "))
            }
            Value::Number(n) => {
                let f: f64 = n.to_string().parse().unwrap_or(f64::NAN);
                Value::String(format!("{f:?}"))
            }
            Value::Array(a) => Value::Array(a.iter().map(|x| walk(x, None)).collect()),
            Value::Object(o) => Value::Object(
                o.iter()
                    .filter(|(k, v)| {
                        !(k.as_str() == "members" && v.as_object().is_some_and(Map::is_empty))
                    })
                    .map(|(k, v)| (k.clone(), walk(v, Some(k))))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
    walk(v, None)
}

/// Load time of the whole `restJson1/` IDL directory (with the trait and shared directories it
/// imports) against its JSON AST reference, files already in memory; median of 9 runs. Run with
/// `cargo test --release -p smithy-codegen --test idl_shared -- --ignored --nocapture load_time`.
#[test]
#[ignore = "a measurement, not a check"]
fn load_time_idl_vs_json_ast() {
    let Some(shared) = shared() else {
        eprintln!("shared/ not found beside the workspace; skipping");
        return;
    };
    let tests = shared.join("smithy-protocol-tests");
    let idl = idl_sources(&tests, "restJson1");
    let json =
        read_sources(&tests.join("json-ast/restJson1.json"), "restJson1.json").expect("reference");
    let median = |sources: &[Source]| {
        let mut times: Vec<f64> = (0..9)
            .map(|_| {
                let start = std::time::Instant::now();
                let loaded = smithy_codegen::load::load(sources).expect("loads");
                std::hint::black_box(loaded.model.shapes.len());
                start.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    };
    let bytes = |s: &[Source]| s.iter().map(|s| s.text.len()).sum::<usize>();
    eprintln!(
        "restJson1 IDL: {} files, {} KiB: {:.1} ms; JSON AST: {} KiB: {:.1} ms",
        idl.len(),
        bytes(&idl) / 1024,
        median(&idl),
        bytes(&json) / 1024,
        median(&json)
    );
}
