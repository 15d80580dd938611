//! Runs one `smithy.rules#endpointTests` case. Generated crates turn every case of their model
//! into a `#[test]` that calls this, and the runtime's own tests use it for whole models.

use super::{Params, ResolvedEndpoint, RuleSet};
use serde_json::{Value, json};

/// Resolves the case's `params` with `rules` and compares the outcome with its `expect`
/// (`endpoint` url, headers and properties, or the exact `error` text). `Err` carries a
/// readable difference.
pub fn run_test_case(rules: &RuleSet, case: &Value) -> Result<(), String> {
    let params = Params::from_json(case.get("params").unwrap_or(&Value::Null))
        .map_err(|e| format!("bad params: {e}"))?;
    check_expectation(
        &rules.resolve(&params),
        case.get("expect").unwrap_or(&Value::Null),
    )
}

/// [`run_test_case`] on JSON text (what generated tests embed).
pub fn run_test_case_json(rules: &str, case: &str) -> Result<(), String> {
    let rules = RuleSet::parse(rules).map_err(|e| format!("rule set: {e}"))?;
    let case: Value = serde_json::from_str(case).map_err(|e| format!("test case: {e}"))?;
    run_test_case(&rules, &case)
}

fn headers_json(endpoint: &ResolvedEndpoint) -> Value {
    Value::Object(
        endpoint
            .headers
            .iter()
            .map(|(name, values)| (name.clone(), json!(values)))
            .collect(),
    )
}

/// Compares a resolution result with an `expect` object.
pub fn check_expectation(
    result: &Result<ResolvedEndpoint, impl std::fmt::Display>,
    expect: &Value,
) -> Result<(), String> {
    match (expect.get("endpoint"), expect.get("error"), result) {
        (Some(want), _, Ok(got)) => {
            let want_url = want.get("url").and_then(Value::as_str).unwrap_or_default();
            if got.url != want_url {
                return Err(format!("url: expected {want_url:?}, got {:?}", got.url));
            }
            let want_headers = want.get("headers").cloned().unwrap_or_else(|| json!({}));
            if headers_json(got) != want_headers {
                return Err(format!(
                    "headers: expected {want_headers}, got {}",
                    headers_json(got)
                ));
            }
            let want_props = want.get("properties").cloned().unwrap_or_else(|| json!({}));
            let got_props = Value::Object(got.properties.clone());
            if got_props != want_props {
                return Err(format!(
                    "properties: expected {want_props}, got {got_props}"
                ));
            }
            Ok(())
        }
        (Some(want), _, Err(e)) => Err(format!(
            "expected endpoint {}, got error `{e}`",
            want.get("url").unwrap_or(&Value::Null)
        )),
        (None, Some(want), Err(e)) => {
            let want = want.as_str().unwrap_or_default();
            if e.to_string() == want {
                Ok(())
            } else {
                Err(format!("error: expected {want:?}, got {:?}", e.to_string()))
            }
        }
        (None, Some(want), Ok(got)) => {
            Err(format!("expected error {want}, got endpoint {:?}", got.url))
        }
        (None, None, _) => {
            Err("test case has neither `endpoint` nor `error` expectation".to_owned())
        }
    }
}
