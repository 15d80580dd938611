//! Endpoint rules for protocol-test services that stand in for a real AWS service.
//!
//! The restXml suite models part of S3 (`com.amazonaws.s3#AmazonS3`) without its endpoint rule
//! set, yet its addressing cases (virtual-hosted, path style, accelerate, dual-stack) expect the
//! host and path that S3's rules give. AWS SDKs test those cases with the real rule set, so we do
//! the same: the real model's rule set, client context parameters and the operations' and
//! members' context parameters are read from the AWS model at run time
//! (`shared/models/aws/<file>` beside the workspace, or `$SMITHY_AWS_MODELS`) and laid onto the
//! test model as an in-memory `apply` source. Nothing of the AWS model is copied into the
//! repository. A suite that needs a model that is missing fails with a message naming it.

use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

/// Test-model service -> the AWS model file whose endpoint rules it uses.
const STAND_INS: [(&str, &str); 1] = [("com.amazonaws.s3#AmazonS3", "s3.json")];

/// Service-level traits taken from the real service.
const SERVICE_TRAITS: [&str; 2] = [
    "smithy.rules#endpointRuleSet",
    "smithy.rules#clientContextParams",
];

/// Operation-level traits taken from the real operations of the same id.
const OPERATION_TRAITS: [&str; 2] = [
    "smithy.rules#staticContextParams",
    "smithy.rules#operationContextParams",
];

/// Member trait taken from the real input members of the same name.
const MEMBER_TRAIT: &str = "smithy.rules#contextParam";

/// An `apply` source giving every stand-in service of `test_model` (JSON AST text) the rule
/// set of its real model; `None` when the test model has no stand-in service.
pub fn rules_source(
    root: &Path,
    test_model: &str,
    label: &str,
) -> Result<Option<smithy_codegen::Source>, String> {
    let test: Value =
        serde_json::from_str(test_model).map_err(|e| format!("{label}: not JSON: {e}"))?;
    let Some(test_shapes) = test.get("shapes").and_then(Value::as_object) else {
        return Ok(None);
    };
    let mut applied = Map::new();
    let mut from = Vec::new();
    for (service, file) in STAND_INS {
        let Some(service_shape) = test_shapes.get(service) else {
            continue;
        };
        let path = aws_model(root, file)?;
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("reading {}: {e}", path.display()))?;
        let real: Value = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
        let real_shapes = real
            .get("shapes")
            .and_then(Value::as_object)
            .ok_or_else(|| format!("{}: no shapes", path.display()))?;
        let real_service = real_shapes
            .get(service)
            .ok_or_else(|| format!("{}: no service {service}", path.display()))?;
        let traits = pick(real_service, &SERVICE_TRAITS);
        if !traits.contains_key(SERVICE_TRAITS[0]) {
            return Err(format!(
                "{}: {service} has no endpoint rule set",
                path.display()
            ));
        }
        applied.insert(service.to_owned(), apply(traits));
        let operations = service_shape
            .get("operations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|o| o.get("target").and_then(Value::as_str));
        for op in operations {
            let Some(real_op) = real_shapes.get(op) else {
                continue;
            };
            let traits = pick(real_op, &OPERATION_TRAITS);
            if !traits.is_empty() {
                applied.insert(op.to_owned(), apply(traits));
            }
            context_params(test_shapes, real_shapes, op, &mut applied);
        }
        from.push(path.display().to_string());
    }
    if applied.is_empty() {
        return Ok(None);
    }
    let text = serde_json::to_string(&json!({ "smithy": "2.0", "shapes": applied }))
        .map_err(|e| e.to_string())?;
    Ok(Some(smithy_codegen::Source {
        name: format!("endpoint rules for {label} from {}", from.join(", ")),
        text,
    }))
}

/// `@contextParam` of the real input's members, for the members the test input also has.
fn context_params(
    test_shapes: &Map<String, Value>,
    real_shapes: &Map<String, Value>,
    op: &str,
    applied: &mut Map<String, Value>,
) {
    let input = |shapes: &Map<String, Value>| {
        shapes
            .get(op)
            .and_then(|o| o.get("input"))
            .and_then(|i| i.get("target"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let (Some(test_input), Some(real_input)) = (input(test_shapes), input(real_shapes)) else {
        return;
    };
    let members = |shapes: &Map<String, Value>, id: &str| {
        shapes
            .get(id)
            .and_then(|s| s.get("members"))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let test_members = members(test_shapes, &test_input);
    for (name, member) in members(real_shapes, &real_input) {
        if !test_members.contains_key(&name) {
            continue;
        }
        let traits = pick(&member, &[MEMBER_TRAIT]);
        if !traits.is_empty() {
            applied.insert(format!("{test_input}${name}"), apply(traits));
        }
    }
}

fn pick(shape: &Value, names: &[&str]) -> Map<String, Value> {
    let traits = shape.get("traits").and_then(Value::as_object);
    names
        .iter()
        .filter_map(|n| Some(((*n).to_owned(), traits?.get(*n)?.clone())))
        .collect()
}

fn apply(traits: Map<String, Value>) -> Value {
    json!({ "type": "apply", "traits": traits })
}

/// `$SMITHY_AWS_MODELS/<file>`, else `shared/models/aws/<file>` in the nearest ancestor of the
/// workspace that has it.
fn aws_model(root: &Path, file: &str) -> Result<PathBuf, String> {
    let candidates: Vec<PathBuf> = match std::env::var_os("SMITHY_AWS_MODELS") {
        Some(dir) => vec![PathBuf::from(dir).join(file)],
        None => root
            .ancestors()
            .skip(1)
            .map(|a| a.join("shared/models/aws").join(file))
            .collect(),
    };
    candidates.into_iter().find(|p| p.is_file()).ok_or_else(|| {
        format!(
            "the S3 protocol tests need the real endpoint rules of {file}: cannot find \
             shared/models/aws/{file} beside the workspace; set SMITHY_AWS_MODELS to the \
             directory holding it"
        )
    })
}
