//! Waiters: every waiter of the shared AWS models plans (paths parse and compile against the
//! typed shapes), bad paths are codegen errors naming the waiter, and the waiters of the
//! `tests/fixtures/waiters.json` model run against replayed responses and a loopback server;
//! the waiters of eks, lambda, glacier, kinesis, iam, s3 and route-53 compile, and EKS's and
//! S3's run against replayed restJson1 and restXml responses (S3's HEAD 404s without a body) (slow, `#[ignore]`d:
//! `cargo test -p tests --test waiters -- --ignored`).

use smithy_codegen::{Settings, Source};
use std::collections::BTreeMap;

const WAITABLE: &str = "smithy.waiters#waitable";

fn settings(name: &str) -> Settings {
    Settings::new(name)
        .with_runtime_path("../runtime")
        .with_model_label(format!("{name}.json"))
}

/// The model's service with its protocol replaced by awsJson1_1, so a model whose protocol the
/// generator does not speak yet still plans: waiter paths depend on the shapes, not the wire.
fn with_json_protocol(text: &str) -> String {
    let mut model: serde_json::Value = serde_json::from_str(text).unwrap();
    if let Some(shapes) = model["shapes"].as_object_mut() {
        for shape in shapes.values_mut() {
            if shape["type"] != "service" {
                continue;
            }
            if let Some(traits) = shape["traits"].as_object_mut() {
                traits.retain(|k, _| !k.starts_with("aws.protocols#"));
                traits.insert("aws.protocols#awsJson1_1".into(), serde_json::json!({}));
            }
        }
    }
    model.to_string()
}

fn plan(
    name: &str,
    text: String,
) -> Result<smithy_codegen::plan::CratePlan, smithy_codegen::Error> {
    let sources = [Source {
        name: format!("{name}.json"),
        text,
    }];
    let loaded = smithy_codegen::load::load(&sources)?;
    let resolved = smithy_codegen::resolve::resolve(loaded, None)?;
    smithy_codegen::plan::plan(&resolved)
}

#[test]
fn every_shared_waiter_plans() {
    let dir = tests::aws_models_dir();
    if !dir.is_dir() {
        println!("SKIPPED: {} is missing", dir.display());
        return;
    }
    let mut counts = BTreeMap::new();
    let mut problems = Vec::new();
    for path in smithy_codegen::json_files(&dir).unwrap() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let model: serde_json::Value = serde_json::from_str(&text).unwrap();
        let in_model: usize = model["shapes"]
            .as_object()
            .into_iter()
            .flat_map(|s| s.values())
            .filter_map(|s| s["traits"][WAITABLE].as_object())
            .map(|w| w.len())
            .sum();
        if in_model == 0 {
            continue;
        }
        match plan(&name, with_json_protocol(&text)) {
            Ok(p) => {
                assert_eq!(p.waiters.len(), in_model, "{name}: waiters planned");
                counts.insert(name, in_model);
            }
            Err(e) => {
                // Only waiter problems count here; other planning gaps belong to other tests.
                let waiter_errors: Vec<String> = e
                    .diagnostics
                    .iter()
                    .filter(|d| d.message.contains("waiter"))
                    .map(|d| d.to_string())
                    .collect();
                problems.extend(waiter_errors);
                println!("{name}: planning reported: {e}");
                counts.insert(name, in_model);
            }
        }
    }
    for (name, n) in &counts {
        println!("{name}: {n} waiters");
    }
    let total: usize = counts.values().sum();
    println!("total: {total} waiters in {} models", counts.len());
    assert!(
        problems.is_empty(),
        "waiter errors:\n{}",
        problems.join("\n")
    );
    assert_eq!(total, 27, "the shared models hold 27 waiters");
}

/// A one-operation model whose waiter uses `path` with `comparator`.
fn model_with_path(path: &str, comparator: &str) -> String {
    serde_json::json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Get"}],
                "traits": {"aws.protocols#awsJson1_0": {}}},
            "ex#Get": {"type": "operation", "input": {"target": "ex#GetInput"}, "output": {"target": "ex#GetOutput"},
                "traits": {WAITABLE: {"Ready": {"acceptors": [
                    {"state": "success", "matcher": {"output": {"path": path, "comparator": comparator, "expected": "x"}}}
                ]}}}},
            "ex#GetInput": {"type": "structure", "members": {}},
            "ex#GetOutput": {"type": "structure", "members": {
                "State": {"target": "smithy.api#String"},
                "Count": {"target": "smithy.api#Integer"},
                "Items": {"target": "ex#Items"}
            }},
            "ex#Items": {"type": "list", "member": {"target": "smithy.api#String"}}
        }
    })
    .to_string()
}

#[test]
fn paths_that_do_not_fit_are_codegen_errors_naming_the_waiter() {
    let cases = [
        (
            "Stat",
            "stringEquals",
            "has no member `Stat` (members: Count, Items, State)",
        ),
        (
            "Count",
            "stringEquals",
            "stringEquals needs a string, the path gives a number",
        ),
        ("State[0]", "stringEquals", "indexes a list, found a string"),
        ("Items", "stringEquals", "the path gives a list of strings"),
        (
            "State",
            "allStringEquals",
            "allStringEquals needs a list of strings",
        ),
        ("State ==", "booleanEquals", "at column 9"),
        (
            "Items[?State == 'x'",
            "anyStringEquals",
            "`]` closing the filter",
        ),
        (
            "frobnicate(State)",
            "stringEquals",
            "function `frobnicate` is not supported",
        ),
        (
            "State.*",
            "stringEquals",
            "`*` projects the values of an object, found a string",
        ),
    ];
    for (path, comparator, want) in cases {
        let err = plan("bad", model_with_path(path, comparator))
            .unwrap_err()
            .to_string();
        assert!(err.contains("ex#Get"), "{err}");
        assert!(err.contains("waiter `Ready` on `Get`"), "{err}");
        assert!(err.contains(&format!("path `{path}`")), "{err}");
        assert!(err.contains(want), "{path}: want {want:?} in:\n{err}");
    }
    // And a good one plans.
    assert!(
        plan(
            "good",
            model_with_path("Items[?@ == 'a'] | [0]", "stringEquals")
        )
        .is_ok()
    );
}

/// A multi-select list keeps its nulls (`[a, b]` is `[null, "x"]` when only `b` is set), so
/// its items are `Option<&str>`: every form that consumes such a list plans, and string
/// matchers compare with `Some(expected)` (a null item never equals the expected string). That
/// the nulls stay at run time is checked by the `Everything` waiter of the replayed fixture
/// (acceptor `'43'`).
#[test]
fn multi_select_lists_keep_null_items() {
    for (path, comparator) in [
        ("[State, Items[0]]", "allStringEquals"),
        ("[State, Items[0]]", "anyStringEquals"),
        ("[State, Items[0]][0]", "stringEquals"),
        ("[State, Items[0]][*]", "allStringEquals"),
        ("[State, Items[0]][]", "anyStringEquals"),
        ("length([State, Items[0]]) == `2`", "booleanEquals"),
        ("contains([State, Items[0]], `null`)", "booleanEquals"),
        ("[State, Items[0]] == ['x', 'y']", "booleanEquals"),
        ("[[State], [Items[0]]][]", "anyStringEquals"),
    ] {
        let mut model = model_with_path(path, comparator);
        if comparator == "booleanEquals" {
            model = model.replace(r#""expected":"x""#, r#""expected":"true""#);
        }
        let plan = plan("multi", model).unwrap_or_else(|e| panic!("{path}: {e}"));
        let smithy_codegen::waiters::Matcher::Path { test, .. } =
            &plan.waiters[0].acceptors[0].matcher
        else {
            panic!("{path}: not a path matcher");
        };
        if path == "[State, Items[0]]" {
            assert!(
                test.contains("Some (\"x\")") || test.contains("Some(\"x\")"),
                "{path}: {test}"
            );
        }
    }
}

#[test]
fn invalid_waiter_definitions_are_reported() {
    let text = model_with_path("State", "stringEquals")
        .replace(r#""acceptors""#, r#""minDelay":5,"maxDelay":3,"acceptors""#)
        .replace(r#""state":"success""#, r#""state":"retry""#);
    let err = plan("bad", text).unwrap_err().to_string();
    assert!(
        err.contains("`minDelay` (5) must not exceed `maxDelay` (3)"),
        "{err}"
    );
    assert!(
        err.contains("no acceptor has the `success` state") || err.contains("minDelay"),
        "{err}"
    );
}

#[test]
fn a_message_belongs_to_a_failure_acceptor_and_must_be_text() {
    let with_message = |state: &str, message: &str| {
        model_with_path("State", "stringEquals").replace(
            r#""state":"success""#,
            &format!(r#""state":"{state}","message":"{message}""#),
        )
    };
    let err = plan("bad", with_message("success", "State"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("`message` is only valid on a `failure` acceptor"),
        "{err}"
    );
    let err = plan("bad", with_message("failure", "Count"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("message `Count`: a message must be a string or a list of strings, the path gives a number"), "{err}");
}

fn fixture() -> Vec<Source> {
    let root = tests::canonical_root();
    smithy_codegen::read_sources(
        &root.join("tests/fixtures/waiters.json"),
        "tests/fixtures/waiters.json",
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn fixture_waiters_generate() {
    let files =
        smithy_codegen::generate(&fixture(), &settings("tables")).unwrap_or_else(|e| panic!("{e}"));
    for w in [
        "all_tables_active",
        "everything",
        "named_as_asked",
        "replicas_active",
        "table_exists",
        "table_gone",
        "table_not_exists",
    ] {
        assert!(files.contains_key(&format!("src/waiters/{w}.rs")), "{w}");
    }
    let lib = &files["src/lib.rs"];
    assert!(lib.contains("pub mod waiters;"), "{lib}");
    let exists = &files["src/waiters/table_exists.rs"];
    assert!(exists.contains("pub fn wait_until_table_exists(&self)"));
    assert!(exists.contains("Delays::from_secs(20u64, 60u64)"));
    assert!(exists.contains("/// ```no_run"), "a documented example");
    // Generating twice gives the same bytes.
    let again = smithy_codegen::generate(&fixture(), &settings("tables")).unwrap();
    assert_eq!(files, again);
}

#[test]
#[ignore = "slow: builds and tests a generated crate"]
fn fixture_waiters_run_against_replayed_and_loopback_servers() {
    let root = tests::canonical_root();
    let dir = root.join("target/real-models/tables");
    let mut files =
        smithy_codegen::generate(&fixture(), &settings("tables")).unwrap_or_else(|e| panic!("{e}"));
    let runtime = format!(
        "{}runtime",
        "../".repeat(dir.strip_prefix(&root).unwrap().components().count())
    );
    for f in files.values_mut() {
        *f = f.replace("path = \"../runtime\"", &format!("path = \"{runtime}\""));
    }
    let test = std::fs::read_to_string(root.join("tests/fixtures/waiters_replay.rs")).unwrap();
    files.insert("tests/waiters_replay.rs".into(), test);
    let out = tests::generated_crate::write_and_test(&root, &dir, &files, "waiters_replay");
    println!("{out}");
}

/// Generates a shared AWS model and runs `cargo check` on it, so its waiters compile; with
/// `test`, runs that test file of `tests/fixtures/` inside the crate instead.
fn check_shared_model_waiters(name: &str, waiters: usize, test: Option<&str>) {
    let dir = tests::aws_models_dir();
    if !dir.is_dir() {
        println!("SKIPPED: {} is missing", dir.display());
        return;
    }
    let label = format!("shared/models/aws/{name}.json");
    let sources = smithy_codegen::read_sources(&dir.join(format!("{name}.json")), &label)
        .unwrap_or_else(|e| panic!("{e}"));
    let root = tests::canonical_root();
    let out = root
        .join("target/real-models")
        .join(format!("{name}-waiters"));
    let s = settings(name).with_runtime_path(format!(
        "{}runtime",
        "../".repeat(out.strip_prefix(&root).unwrap().components().count())
    ));
    // A model whose protocol the generator does not accept yet is checked with its protocol
    // replaced by awsJson1_1: the waiters depend on the shapes, not on the wire.
    let files = match smithy_codegen::generate(&sources, &s) {
        Ok(files) => files,
        Err(e) if e.to_string().contains("unsupported protocol") => {
            println!("{name}: protocol not generated yet, checking with awsJson1_1 instead");
            let patched: Vec<Source> = sources
                .iter()
                .map(|src| Source {
                    name: src.name.clone(),
                    text: with_json_protocol(&src.text),
                })
                .collect();
            smithy_codegen::generate(&patched, &s).unwrap_or_else(|e| panic!("{name}: {e}"))
        }
        Err(e) => panic!("{name}: {e}"),
    };
    let generated = files
        .keys()
        .filter(|p| p.starts_with("src/waiters/") && !p.ends_with("mod.rs"))
        .count();
    assert_eq!(generated, waiters, "{name}: waiter files");
    if let Some(test) = test {
        // Run the model's own waiter tests (`tests/fixtures/<test>.rs`) in the crate.
        let mut files = files;
        let text = std::fs::read_to_string(root.join(format!("tests/fixtures/{test}.rs")))
            .unwrap_or_else(|e| panic!("{test}: {e}"));
        files.insert(format!("tests/{test}.rs"), text);
        let out_text = tests::generated_crate::write_and_test(&root, &out, &files, test);
        println!("{out_text}");
        println!("{name}: {waiters} waiters compile and pass {test}");
        return;
    }
    smithy_codegen::output::write(&out, &files).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| env!("CARGO").to_string());
    let run = std::process::Command::new(cargo)
        .current_dir(&out)
        .args(["check", "--quiet"])
        .env(
            "CARGO_TARGET_DIR",
            root.join(tests::generated_crate::SHARED_TARGET),
        )
        .output()
        .expect("cargo runs");
    assert!(
        run.status.success(),
        "cargo check of {} failed:\n{}",
        out.display(),
        String::from_utf8_lossy(&run.stderr)
    );
    println!("{name}: {waiters} waiters compile");
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn kinesis_waiters_compile() {
    check_shared_model_waiters("kinesis", 2, None);
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn eks_waiters_compile() {
    check_shared_model_waiters("eks", 8, Some("eks_waiters"));
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn lambda_waiters_compile() {
    check_shared_model_waiters("lambda", 6, None);
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn glacier_waiters_compile() {
    check_shared_model_waiters("glacier", 2, None);
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn iam_waiters_compile() {
    check_shared_model_waiters("iam", 4, None);
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn s3_waiters_compile() {
    check_shared_model_waiters("s3", 4, Some("s3_waiters"));
}

#[test]
#[ignore = "slow: cargo check of a generated crate"]
fn route_53_waiters_compile() {
    check_shared_model_waiters("route-53", 1, None);
}
