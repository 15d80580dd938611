//! An operation's own endpoint rule-set parameters: `@smithy.rules#contextParam` input
//! members and `@smithy.rules#staticContextParams` values (S3's `Bucket`, `Key`,
//! `DisableS3ExpressSessionAuth`, ...). Passed per call so the rules can use them (S3 puts the
//! bucket in the host or the path). Driven by the traits alone.

use serde_json::Value;

use super::ir::{MemberPlan, TypeRef};
use crate::model::Shape;

const CONTEXT_PARAM: &str = "smithy.rules#contextParam";
const STATIC_CONTEXT_PARAMS: &str = "smithy.rules#staticContextParams";

/// Where a parameter's value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndpointParamValue {
    /// An input member (its field), a string.
    StringMember(String),
    /// An input member (its field), a boolean.
    BoolMember(String),
    /// A constant string.
    String(String),
    /// A constant boolean.
    Bool(bool),
}

/// One parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointParamPlan {
    /// The rule-set parameter name.
    pub name: String,
    /// Its value.
    pub value: EndpointParamValue,
}

/// The parameters of `op` with input `input_shape` planned as `input`, sorted by name
/// (deterministic output). Members of other types are left out: the rules only take strings,
/// booleans and string lists, and no model binds a list member this way.
pub fn plan(op: &Shape, input_shape: &Shape, input: &[MemberPlan]) -> Vec<EndpointParamPlan> {
    let mut out = Vec::new();
    for m in &input_shape.members {
        let Some(name) = m
            .traits
            .get(CONTEXT_PARAM)
            .and_then(|v| v.get("name"))
            .and_then(Value::as_str)
        else {
            continue;
        };
        let Some(p) = input.iter().find(|p| p.wire_name == m.name) else {
            continue;
        };
        let value = match p.ty {
            TypeRef::String => EndpointParamValue::StringMember(p.field.clone()),
            TypeRef::Bool => EndpointParamValue::BoolMember(p.field.clone()),
            _ => continue,
        };
        out.push(EndpointParamPlan {
            name: name.to_owned(),
            value,
        });
    }
    if let Some(statics) = op
        .traits
        .get(STATIC_CONTEXT_PARAMS)
        .and_then(Value::as_object)
    {
        for (name, v) in statics {
            let value = match v.get("value") {
                Some(Value::String(s)) => EndpointParamValue::String(s.clone()),
                Some(Value::Bool(b)) => EndpointParamValue::Bool(*b),
                _ => continue,
            };
            // A member bound to the same parameter wins (the spec forbids the overlap).
            if !out.iter().any(|p| p.name == *name) {
                out.push(EndpointParamPlan {
                    name: name.clone(),
                    value,
                });
            }
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}
