//! Runtime values flowing through rule evaluation.
//!
//! Strings, arrays and records sit behind `Arc` so that reading a parameter or an assigned
//! variable (which happens on nearly every condition) is a reference-count bump rather than
//! a deep copy, while the rule set itself stays `Send + Sync`.

use std::collections::BTreeMap;
use std::sync::Arc;

/// A record (object) value, e.g. the result of `parseURL` or `aws.partition`.
pub(crate) type Record = BTreeMap<String, Value>;

/// A value produced by an expression. "No value" (an unset parameter, a failed `parseURL`)
/// is represented as `Option::None` around this type, never as a variant, so that the
/// optional-vs-present distinction the rules language relies on is checked by the compiler.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Bool(bool),
    Int(i64),
    Str(Arc<str>),
    Array(Arc<[Value]>),
    Record(Arc<Record>),
}

impl Value {
    pub(crate) fn str(s: &str) -> Value {
        Value::Str(Arc::from(s))
    }

    pub(crate) fn record(map: Record) -> Value {
        Value::Record(Arc::new(map))
    }

    /// Short type name for error messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Str(_) => "string",
            Value::Array(_) => "array",
            Value::Record(_) => "object",
        }
    }

    /// Converts to JSON for endpoint properties.
    pub(crate) fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Str(s) => serde_json::Value::String(s.to_string()),
            Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_json).collect())
            }
            Value::Record(map) => serde_json::Value::Object(
                map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect(),
            ),
        }
    }
}
