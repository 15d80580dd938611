//! Walks a compiled rule set for one set of parameter values.
//!
//! Semantics worth knowing:
//! - A condition holds when its function returns a value other than `false`; "no value"
//!   (an unset parameter, a failed `parseURL`, a missing attribute) counts as false.
//! - A function whose argument has no value returns no value itself (so the condition fails)
//!   instead of erroring: rule sets guard optional values with `isSet`, and an unguarded use
//!   is best treated as "this rule does not apply". `isSet`, `coalesce` and `ite` are the
//!   exceptions that look at optionality themselves.
//! - An argument of the wrong type is an [`EndpointError`], since it means the rule set is
//!   inconsistent rather than that a rule does not apply.
//! - Once a tree rule's conditions hold, its sub-rules must produce a result; the evaluator
//!   does not fall back to the tree's siblings (the specification calls this a terminal branch).

use std::sync::Arc;

use super::functions;
use super::parse::{Call, Condition, Endpoint, Expr, Func, PathPart, Program, Rule, TemplatePart};
use super::value::{Record, Value};
use super::{EndpointError, ParameterType, Params, Partitions, ResolvedEndpoint};

pub(crate) fn resolve(
    program: &Program,
    partitions: &Partitions,
    params: &Params,
) -> Result<ResolvedEndpoint, EndpointError> {
    let mut slots: Vec<Option<Value>> = vec![None; program.slot_count];
    for (slot, param) in program.params.iter().enumerate() {
        let value = params
            .value(param.name())
            .cloned()
            .or_else(|| program.defaults.get(slot).cloned().flatten());
        match &value {
            Some(v) if !has_type(v, param.param_type()) => {
                return Err(EndpointError::invalid_parameter(format!(
                    "parameter `{}` is declared as {} but was given a {} value",
                    param.name(),
                    type_label(param.param_type()),
                    v.type_name()
                )));
            }
            None if param.is_required() => {
                return Err(EndpointError::invalid_parameter(format!(
                    "required parameter `{}` has no value and no default",
                    param.name()
                )));
            }
            _ => {}
        }
        if let Some(s) = slots.get_mut(slot) {
            *s = value;
        }
    }
    let mut eval = Evaluator { partitions, slots };
    match eval.rules(&program.rules)? {
        Some(endpoint) => Ok(endpoint),
        None => Err(EndpointError::no_match(
            "no rule in the rule set applies to these parameters",
        )),
    }
}

fn has_type(value: &Value, ty: ParameterType) -> bool {
    match (ty, value) {
        (ParameterType::String, Value::Str(_)) | (ParameterType::Boolean, Value::Bool(_)) => true,
        (ParameterType::StringArray, Value::Array(items)) => {
            items.iter().all(|v| matches!(v, Value::Str(_)))
        }
        _ => false,
    }
}

fn type_label(ty: ParameterType) -> &'static str {
    match ty {
        ParameterType::String => "string",
        ParameterType::Boolean => "boolean",
        ParameterType::StringArray => "stringArray",
    }
}

struct Evaluator<'a> {
    partitions: &'a Partitions,
    slots: Vec<Option<Value>>,
}

/// Unwraps an optional argument or makes the enclosing function return "no value".
macro_rules! or_none {
    ($e:expr) => {
        match $e {
            Some(v) => v,
            None => return Ok(None),
        }
    };
}

impl Evaluator<'_> {
    fn rules(&mut self, rules: &[Rule]) -> Result<Option<ResolvedEndpoint>, EndpointError> {
        for rule in rules {
            if !self.conditions(rule.conditions())? {
                continue;
            }
            return match rule {
                Rule::Endpoint { endpoint, .. } => self.endpoint(endpoint).map(Some),
                Rule::Error { message, .. } => {
                    Err(EndpointError::rule(self.string(message, "error message")?))
                }
                Rule::Tree { rules, .. } => match self.rules(rules)? {
                    Some(endpoint) => Ok(Some(endpoint)),
                    None => Err(EndpointError::no_match(
                        "a tree rule's conditions held but none of its sub-rules applied",
                    )),
                },
            };
        }
        Ok(None)
    }

    fn conditions(&mut self, conditions: &[Condition]) -> Result<bool, EndpointError> {
        for condition in conditions {
            let value = self.call(&condition.call)?;
            let holds = match &value {
                None | Some(Value::Bool(false)) => false,
                Some(_) => true,
            };
            if !holds {
                return Ok(false);
            }
            if let (Some(slot), Some(value)) = (condition.assign, value)
                && let Some(target) = self.slots.get_mut(slot)
            {
                *target = Some(value);
            }
        }
        Ok(true)
    }

    fn endpoint(&mut self, endpoint: &Endpoint) -> Result<ResolvedEndpoint, EndpointError> {
        let url = self.string(&endpoint.url, "endpoint url")?;
        let mut headers = Vec::with_capacity(endpoint.headers.len());
        for (name, values) in &endpoint.headers {
            let values = values
                .iter()
                .map(|v| self.string(v, "header value"))
                .collect::<Result<Vec<_>, _>>()?;
            headers.push((name.clone(), values));
        }
        let mut properties = serde_json::Map::new();
        for (key, expr) in &endpoint.properties {
            let value = self.expr(expr)?.ok_or_else(|| {
                EndpointError::evaluation(format!("endpoint property `{key}` has no value"))
            })?;
            properties.insert(key.clone(), value.to_json());
        }
        Ok(ResolvedEndpoint::new(url, headers, properties))
    }

    /// Evaluates an expression that must produce a string (URL, header value, error text).
    fn string(&mut self, expr: &Expr, what: &str) -> Result<String, EndpointError> {
        match self.expr(expr)? {
            Some(Value::Str(s)) => Ok(s.to_string()),
            Some(other) => Err(EndpointError::evaluation(format!(
                "{what} must be a string, got {}",
                other.type_name()
            ))),
            None => Err(EndpointError::evaluation(format!("{what} has no value"))),
        }
    }

    fn expr(&mut self, expr: &Expr) -> Result<Option<Value>, EndpointError> {
        match expr {
            Expr::Const(v) => Ok(Some(v.clone())),
            Expr::Ref(slot) => Ok(self.slots.get(*slot).cloned().flatten()),
            Expr::Template(parts) => Ok(Some(Value::Str(Arc::from(self.template(parts)?)))),
            Expr::Call(call) => self.call(call),
            Expr::Array(items) => {
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    values.push(
                        self.expr(item)?.ok_or_else(|| {
                            EndpointError::evaluation("array element has no value")
                        })?,
                    );
                }
                Ok(Some(Value::Array(values.into())))
            }
            Expr::Record(fields) => {
                let mut record = Record::new();
                for (key, item) in fields {
                    let value = self.expr(item)?.ok_or_else(|| {
                        EndpointError::evaluation(format!("object field `{key}` has no value"))
                    })?;
                    record.insert(key.clone(), value);
                }
                Ok(Some(Value::record(record)))
            }
        }
    }

    fn template(&self, parts: &[TemplatePart]) -> Result<String, EndpointError> {
        let mut out = String::new();
        for part in parts {
            match part {
                TemplatePart::Literal(text) => out.push_str(text),
                TemplatePart::Var { slot, path, source } => {
                    let value = self
                        .slots
                        .get(*slot)
                        .and_then(Option::as_ref)
                        .and_then(|v| get_attr(v, path));
                    match value {
                        Some(Value::Str(s)) => out.push_str(s),
                        Some(Value::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
                        Some(Value::Int(i)) => out.push_str(&i.to_string()),
                        Some(other) => {
                            return Err(EndpointError::evaluation(format!(
                                "template placeholder `{{{source}}}` is a {}, not a string",
                                other.type_name()
                            )));
                        }
                        None => {
                            return Err(EndpointError::evaluation(format!(
                                "template placeholder `{{{source}}}` has no value"
                            )));
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    fn call(&mut self, call: &Call) -> Result<Option<Value>, EndpointError> {
        let name = call.func.name();
        let args = call.args.as_slice();
        let arity = || EndpointError::evaluation(format!("wrong number of arguments for `{name}`"));
        match &call.func {
            Func::IsSet => {
                let [value] = args else { return Err(arity()) };
                Ok(Some(Value::Bool(self.expr(value)?.is_some())))
            }
            Func::Coalesce => {
                let mut result = None;
                for arg in args {
                    result = self.expr(arg)?;
                    if result.is_some() {
                        break;
                    }
                }
                Ok(result)
            }
            Func::Ite => {
                let [cond, then, otherwise] = args else {
                    return Err(arity());
                };
                let cond = or_none!(self.bool_arg(cond, name)?);
                self.expr(if cond { then } else { otherwise })
            }
            Func::GetAttr(path) => {
                let [target] = args else { return Err(arity()) };
                let target = or_none!(self.expr(target)?);
                Ok(get_attr(&target, path).cloned())
            }
            Func::Not => {
                let [value] = args else { return Err(arity()) };
                Ok(Some(Value::Bool(!or_none!(self.bool_arg(value, name)?))))
            }
            Func::BooleanEquals => {
                let [a, b] = args else { return Err(arity()) };
                let a = or_none!(self.bool_arg(a, name)?);
                let b = or_none!(self.bool_arg(b, name)?);
                Ok(Some(Value::Bool(a == b)))
            }
            Func::StringEquals => {
                let [a, b] = args else { return Err(arity()) };
                let a = or_none!(self.str_arg(a, name)?);
                let b = or_none!(self.str_arg(b, name)?);
                Ok(Some(Value::Bool(a == b)))
            }
            Func::ParseUrl => {
                let [url] = args else { return Err(arity()) };
                let url = or_none!(self.str_arg(url, name)?);
                Ok(functions::parse_url(&url).map(|u| {
                    let mut record = Record::new();
                    record.insert("scheme".to_owned(), Value::Str(u.scheme.into()));
                    record.insert("authority".to_owned(), Value::Str(u.authority.into()));
                    record.insert("path".to_owned(), Value::Str(u.path.into()));
                    record.insert(
                        "normalizedPath".to_owned(),
                        Value::Str(u.normalized_path.into()),
                    );
                    record.insert("isIp".to_owned(), Value::Bool(u.is_ip));
                    Value::record(record)
                }))
            }
            Func::Substring => {
                let [input, start, stop, reverse] = args else {
                    return Err(arity());
                };
                let input = or_none!(self.str_arg(input, name)?);
                let start = or_none!(self.int_arg(start, name)?);
                let stop = or_none!(self.int_arg(stop, name)?);
                let reverse = or_none!(self.bool_arg(reverse, name)?);
                Ok(functions::substring(&input, start, stop, reverse).map(Value::str))
            }
            Func::IsValidHostLabel => {
                let [value, subdomains] = args else {
                    return Err(arity());
                };
                let value = or_none!(self.str_arg(value, name)?);
                let subdomains = or_none!(self.bool_arg(subdomains, name)?);
                Ok(Some(Value::Bool(functions::is_valid_host_label(
                    &value, subdomains,
                ))))
            }
            Func::UriEncode => {
                let [value] = args else { return Err(arity()) };
                let value = or_none!(self.str_arg(value, name)?);
                Ok(Some(Value::Str(functions::uri_encode(&value).into())))
            }
            Func::Split => {
                let [value, delimiter, limit] = args else {
                    return Err(arity());
                };
                let value = or_none!(self.str_arg(value, name)?);
                let delimiter = or_none!(self.str_arg(delimiter, name)?);
                let limit = or_none!(self.int_arg(limit, name)?);
                let limit = usize::try_from(limit).map_err(|_| {
                    EndpointError::evaluation(format!(
                        "`split` limit must not be negative, got {limit}"
                    ))
                })?;
                let parts = functions::split(&value, &delimiter, limit).ok_or_else(|| {
                    EndpointError::evaluation("`split` delimiter must not be empty")
                })?;
                Ok(Some(Value::Array(
                    parts.into_iter().map(Value::str).collect(),
                )))
            }
            Func::AwsPartition => {
                let [region] = args else { return Err(arity()) };
                let region = or_none!(self.str_arg(region, name)?);
                Ok(self.partitions.find(&region).map(|p| p.value().clone()))
            }
            Func::AwsParseArn => {
                let [arn] = args else { return Err(arity()) };
                let arn = or_none!(self.str_arg(arn, name)?);
                Ok(functions::parse_arn(&arn).map(|arn| {
                    let mut record = Record::new();
                    record.insert("partition".to_owned(), Value::Str(arn.partition.into()));
                    record.insert("service".to_owned(), Value::Str(arn.service.into()));
                    record.insert("region".to_owned(), Value::Str(arn.region.into()));
                    record.insert("accountId".to_owned(), Value::Str(arn.account_id.into()));
                    let ids: Vec<Value> = arn
                        .resource_id
                        .into_iter()
                        .map(|s| Value::Str(s.into()))
                        .collect();
                    record.insert("resourceId".to_owned(), Value::Array(ids.into()));
                    Value::record(record)
                }))
            }
            Func::AwsIsVirtualHostableS3Bucket => {
                let [value, subdomains] = args else {
                    return Err(arity());
                };
                let value = or_none!(self.str_arg(value, name)?);
                let subdomains = or_none!(self.bool_arg(subdomains, name)?);
                Ok(Some(Value::Bool(functions::is_virtual_hostable_s3_bucket(
                    &value, subdomains,
                ))))
            }
        }
    }

    fn str_arg(&mut self, expr: &Expr, func: &str) -> Result<Option<Arc<str>>, EndpointError> {
        match self.expr(expr)? {
            None => Ok(None),
            Some(Value::Str(s)) => Ok(Some(s)),
            Some(other) => Err(type_error(func, "string", &other)),
        }
    }

    fn bool_arg(&mut self, expr: &Expr, func: &str) -> Result<Option<bool>, EndpointError> {
        match self.expr(expr)? {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(other) => Err(type_error(func, "boolean", &other)),
        }
    }

    fn int_arg(&mut self, expr: &Expr, func: &str) -> Result<Option<i64>, EndpointError> {
        match self.expr(expr)? {
            None => Ok(None),
            Some(Value::Int(i)) => Ok(Some(i)),
            Some(other) => Err(type_error(func, "integer", &other)),
        }
    }
}

fn type_error(func: &str, expected: &str, got: &Value) -> EndpointError {
    EndpointError::evaluation(format!(
        "`{func}` expected a {expected} argument, got a {}",
        got.type_name()
    ))
}

/// Follows a `getAttr` path; any missing key, out-of-range index or type mismatch gives `None`.
fn get_attr<'v>(value: &'v Value, path: &[PathPart]) -> Option<&'v Value> {
    let mut current = value;
    for part in path {
        current = match (part, current) {
            (PathPart::Key(key), Value::Record(record)) => record.get(key)?,
            (PathPart::Index(index), Value::Array(items)) => {
                let len = i64::try_from(items.len()).ok()?;
                let position = if *index < 0 {
                    len.checked_add(*index)?
                } else {
                    *index
                };
                items.get(usize::try_from(position).ok()?)?
            }
            _ => return None,
        };
    }
    Some(current)
}
