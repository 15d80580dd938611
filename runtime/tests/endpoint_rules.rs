//! Endpoint rules engine against the models: every `smithy.rules#endpointTests` case of the
//! staged AWS models. Focused tests live beside it: `endpoint_functions.rs` (standard-library
//! functions), `endpoint_partitions.rs` and `endpoint_rule_engine.rs` (templates, scoping,
//! parameters, errors).

use std::path::{Path, PathBuf};

use serde_json::Value;
use smithy_client_runtime::endpoint::{Params, RuleSet, check_expectation};

fn models_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/models/aws"
    ))
}

/// Outcome of one `endpointTests` case.
struct CaseReport {
    passed: usize,
    total: usize,
    failures: Vec<String>,
}

/// Runs every endpoint test case of every service in one model file.
fn run_model(path: &Path) -> CaseReport {
    let text = std::fs::read_to_string(path).expect("model file is readable");
    let model: Value = serde_json::from_str(&text).expect("model is valid JSON");
    let mut report = CaseReport {
        passed: 0,
        total: 0,
        failures: Vec::new(),
    };
    let shapes = model
        .get("shapes")
        .and_then(Value::as_object)
        .expect("model has shapes");
    for (shape_id, shape) in shapes {
        if shape.get("type").and_then(Value::as_str) != Some("service") {
            continue;
        }
        let traits = &shape["traits"];
        let Some(rule_set) = traits.get("smithy.rules#endpointRuleSet") else {
            continue;
        };
        let rules = RuleSet::parse(&rule_set.to_string())
            .unwrap_or_else(|e| panic!("{shape_id}: rule set does not parse: {e}"));
        let cases = traits["smithy.rules#endpointTests"]["testCases"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for (index, case) in cases.iter().enumerate() {
            report.total += 1;
            let label = format!(
                "{shape_id} case {index} ({})",
                case.get("documentation")
                    .and_then(Value::as_str)
                    .unwrap_or("undocumented")
            );
            let params_json = case.get("params").cloned().unwrap_or(Value::Null);
            let outcome = Params::from_json(&params_json)
                .map_err(|e| format!("bad params: {e}"))
                .and_then(|params| check_expectation(&rules.resolve(&params), &case["expect"]))
                .and_then(|()| check_builtins_path(&rules, &params_json, &case["expect"]));
            match outcome {
                Ok(()) => report.passed += 1,
                Err(why) => report.failures.push(format!("{label}: {why}")),
            }
        }
    }
    report
}

/// When a case only sets built-in-bound parameters, `resolve_builtins` must agree with it.
fn check_builtins_path(rules: &RuleSet, params: &Value, expect: &Value) -> Result<(), String> {
    let empty = serde_json::Map::new();
    let given = params.as_object().unwrap_or(&empty);
    let mut region = None;
    let mut endpoint = None;
    let mut fips = false;
    let mut dual_stack = false;
    for (name, value) in given {
        let Some(param) = rules.parameters().iter().find(|p| p.name() == name) else {
            return Ok(());
        };
        match (param.built_in(), value) {
            (Some("AWS::Region"), Value::String(s)) => region = Some(s.as_str()),
            (Some("SDK::Endpoint"), Value::String(s)) => endpoint = Some(s.as_str()),
            (Some("AWS::UseFIPS"), Value::Bool(b)) => fips = *b,
            (Some("AWS::UseDualStack"), Value::Bool(b)) => dual_stack = *b,
            _ => return Ok(()),
        }
    }
    check_expectation(
        &rules.resolve_builtins(region, fips, dual_stack, endpoint),
        expect,
    )
    .map_err(|why| format!("via resolve_builtins: {why}"))
}

#[test]
fn staged_models_pass_all_endpoint_tests() {
    let dir = models_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!(
            "SKIP: model directory {} is missing; no endpoint test cases run",
            dir.display()
        );
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut total = 0;
    for file in &files {
        let report = run_model(file);
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!("{name}: {} cases, {} passed", report.total, report.passed);
        total += report.total;
        failures.extend(report.failures);
    }
    assert!(
        total > 0,
        "no endpoint test cases found under {}",
        dir.display()
    );
    assert!(
        failures.is_empty(),
        "{} endpoint test case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------
