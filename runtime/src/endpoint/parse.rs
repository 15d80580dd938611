//! Compiles the rule-set JSON document into the tree the evaluator walks.
//!
//! Everything that does not depend on parameter values is done here, once: names are
//! resolved to slot numbers (parameters first, then one fresh slot per `assign`), templates
//! are split into literal and variable pieces, `getAttr` paths are parsed, constant
//! sub-expressions are folded into values and function arity is checked. Scoping is static:
//! an assigned name is visible to the later conditions of its rule and, for a tree rule, to
//! all sub-rules; giving every `assign` its own slot means nothing has to be cleared when a
//! rule fails at run time.

use std::sync::Arc;

use serde_json::{Map, Value as Json};

use super::value::{Record, Value};
use super::{EndpointError, ParamValue, Parameter, ParameterType};

/// Nesting limit for rules and expressions. Real rule sets nest a dozen levels; the limit
/// keeps both this compiler and the evaluator from exhausting the stack on hostile input
/// (a `serde_json::Value` built in code is not bound by the JSON parser's recursion limit).
const MAX_DEPTH: usize = 64;

#[derive(Debug)]
pub(crate) struct Program {
    pub(crate) version: String,
    pub(crate) params: Vec<Parameter>,
    /// Default of each parameter, by slot, already converted for evaluation.
    pub(crate) defaults: Vec<Option<Value>>,
    pub(crate) rules: Vec<Rule>,
    pub(crate) slot_count: usize,
}

#[derive(Debug)]
pub(crate) enum Rule {
    Endpoint {
        conditions: Vec<Condition>,
        endpoint: Endpoint,
    },
    Error {
        conditions: Vec<Condition>,
        message: Expr,
    },
    Tree {
        conditions: Vec<Condition>,
        rules: Vec<Rule>,
    },
}

impl Rule {
    pub(crate) fn conditions(&self) -> &[Condition] {
        match self {
            Rule::Endpoint { conditions, .. }
            | Rule::Error { conditions, .. }
            | Rule::Tree { conditions, .. } => conditions,
        }
    }
}

#[derive(Debug)]
pub(crate) struct Condition {
    pub(crate) call: Call,
    pub(crate) assign: Option<usize>,
}

#[derive(Debug)]
pub(crate) struct Endpoint {
    pub(crate) url: Expr,
    pub(crate) headers: Vec<(String, Vec<Expr>)>,
    pub(crate) properties: Vec<(String, Expr)>,
}

#[derive(Debug)]
pub(crate) struct Call {
    pub(crate) func: Func,
    pub(crate) args: Vec<Expr>,
}

#[derive(Debug)]
pub(crate) enum Func {
    IsSet,
    Not,
    BooleanEquals,
    StringEquals,
    /// The path is the (literal) second argument, parsed here; `args` holds only the target.
    GetAttr(Vec<PathPart>),
    ParseUrl,
    Substring,
    IsValidHostLabel,
    UriEncode,
    Split,
    Coalesce,
    Ite,
    AwsPartition,
    AwsParseArn,
    AwsIsVirtualHostableS3Bucket,
}

impl Func {
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Func::IsSet => "isSet",
            Func::Not => "not",
            Func::BooleanEquals => "booleanEquals",
            Func::StringEquals => "stringEquals",
            Func::GetAttr(_) => "getAttr",
            Func::ParseUrl => "parseURL",
            Func::Substring => "substring",
            Func::IsValidHostLabel => "isValidHostLabel",
            Func::UriEncode => "uriEncode",
            Func::Split => "split",
            Func::Coalesce => "coalesce",
            Func::Ite => "ite",
            Func::AwsPartition => "aws.partition",
            Func::AwsParseArn => "aws.parseArn",
            Func::AwsIsVirtualHostableS3Bucket => "aws.isVirtualHostableS3Bucket",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum PathPart {
    Key(String),
    Index(i64),
}

#[derive(Debug)]
pub(crate) enum Expr {
    Const(Value),
    Template(Vec<TemplatePart>),
    Ref(usize),
    Call(Box<Call>),
    Array(Vec<Expr>),
    Record(Vec<(String, Expr)>),
}

#[derive(Debug)]
pub(crate) enum TemplatePart {
    Literal(String),
    /// `{name}` or `{name#path}`; `source` is the text between the braces, for messages.
    Var {
        slot: usize,
        path: Vec<PathPart>,
        source: String,
    },
}

pub(crate) fn compile(doc: &Json) -> Result<Program, EndpointError> {
    let root = doc
        .as_object()
        .ok_or_else(|| invalid("the rule set must be a JSON object"))?;
    let version = match root.get("version") {
        None => "1.0".to_owned(),
        Some(Json::String(v)) => v.clone(),
        Some(_) => return Err(invalid("`version` must be a string")),
    };
    let mut compiler = Compiler {
        scope: Vec::new(),
        slot_count: 0,
    };
    let mut params = Vec::new();
    let mut defaults = Vec::new();
    match root.get("parameters") {
        None => {}
        Some(Json::Object(map)) => {
            for (name, def) in map {
                let param = parameter(name, def)?;
                defaults.push(param.default.as_ref().map(ParamValue::to_value));
                compiler.declare(name);
                params.push(param);
            }
        }
        Some(_) => return Err(invalid("`parameters` must be an object")),
    }
    let rules = match root.get("rules") {
        Some(Json::Array(rules)) => compiler.rules(rules, 0)?,
        Some(_) => return Err(invalid("`rules` must be an array")),
        None => return Err(invalid("missing `rules`")),
    };
    Ok(Program {
        version,
        params,
        defaults,
        rules,
        slot_count: compiler.slot_count,
    })
}

fn invalid(message: impl Into<String>) -> EndpointError {
    EndpointError::invalid_rule_set(message)
}

fn parameter(name: &str, def: &Json) -> Result<Parameter, EndpointError> {
    let ctx = |msg: &str| invalid(format!("parameter `{name}`: {msg}"));
    if !is_identifier(name) {
        return Err(ctx(
            "names must be a letter followed by letters, digits or `_`",
        ));
    }
    let def = def.as_object().ok_or_else(|| ctx("must be an object"))?;
    // Type names appear both as `string` (the spec) and `String` (AWS models).
    let param_type = match def
        .get("type")
        .and_then(Json::as_str)
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("string") => ParameterType::String,
        Some("boolean") => ParameterType::Boolean,
        Some("stringarray") => ParameterType::StringArray,
        Some(other) => return Err(ctx(&format!("unsupported type `{other}`"))),
        None => return Err(ctx("missing `type`")),
    };
    let built_in = optional_string(def, "builtIn").map_err(|m| ctx(&m))?;
    let required = match def.get("required") {
        None | Some(Json::Null) => false,
        Some(Json::Bool(b)) => *b,
        Some(_) => return Err(ctx("`required` must be a boolean")),
    };
    let default = match def.get("default") {
        None | Some(Json::Null) => None,
        Some(value) => {
            let parsed = match value {
                Json::String(s) => Some(ParamValue::String(s.clone())),
                Json::Bool(b) => Some(ParamValue::Bool(*b)),
                Json::Array(items) => items
                    .iter()
                    .map(|v| v.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .map(ParamValue::StringArray),
                _ => None,
            };
            match parsed {
                Some(v) if v.parameter_type() == param_type => Some(v),
                _ => return Err(ctx("`default` does not match the declared type")),
            }
        }
    };
    let documentation = optional_string(def, "documentation").map_err(|m| ctx(&m))?;
    let deprecated = match def.get("deprecated") {
        None | Some(Json::Null) => None,
        Some(Json::Object(d)) => {
            let message = d
                .get("message")
                .and_then(Json::as_str)
                .unwrap_or("deprecated");
            Some(match d.get("since").and_then(Json::as_str) {
                Some(since) => format!("{message} (since {since})"),
                None => message.to_owned(),
            })
        }
        Some(_) => return Err(ctx("`deprecated` must be an object")),
    };
    Ok(Parameter {
        name: name.to_owned(),
        param_type,
        built_in,
        required,
        default,
        documentation,
        deprecated,
    })
}

fn optional_string(obj: &Map<String, Json>, key: &str) -> Result<Option<String>, String> {
    match obj.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("`{key}` must be a string")),
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

struct Compiler {
    /// Names currently in scope, innermost last; lookups search from the end so an inner
    /// assignment would shadow an outer one.
    scope: Vec<(String, usize)>,
    slot_count: usize,
}

impl Compiler {
    fn declare(&mut self, name: &str) -> usize {
        let slot = self.slot_count;
        self.slot_count += 1;
        self.scope.push((name.to_owned(), slot));
        slot
    }

    fn lookup(&self, name: &str) -> Result<usize, EndpointError> {
        self.scope
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, slot)| *slot)
            .ok_or_else(|| {
                invalid(format!(
                    "reference to `{name}`, which is neither a parameter nor a variable in scope"
                ))
            })
    }

    fn rules(&mut self, rules: &[Json], depth: usize) -> Result<Vec<Rule>, EndpointError> {
        if depth > MAX_DEPTH {
            return Err(invalid(format!(
                "rules nested more than {MAX_DEPTH} levels deep"
            )));
        }
        rules.iter().map(|r| self.rule(r, depth)).collect()
    }

    fn rule(&mut self, json: &Json, depth: usize) -> Result<Rule, EndpointError> {
        let obj = json
            .as_object()
            .ok_or_else(|| invalid("each rule must be an object"))?;
        let kind = obj
            .get("type")
            .and_then(Json::as_str)
            .ok_or_else(|| invalid("rule without a string `type`"))?;
        let mark = self.scope.len();
        let conditions = match obj.get("conditions") {
            None | Some(Json::Null) => Vec::new(),
            Some(Json::Array(list)) => list
                .iter()
                .map(|c| self.condition(c, depth))
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(invalid("`conditions` must be an array")),
        };
        let rule = match kind {
            "endpoint" => {
                let ep = obj
                    .get("endpoint")
                    .ok_or_else(|| invalid("endpoint rule without `endpoint`"))?;
                Rule::Endpoint {
                    conditions,
                    endpoint: self.endpoint(ep, depth)?,
                }
            }
            "error" => {
                let message = obj
                    .get("error")
                    .ok_or_else(|| invalid("error rule without `error`"))?;
                Rule::Error {
                    conditions,
                    message: self.expr(message, depth + 1)?,
                }
            }
            "tree" => match obj.get("rules") {
                Some(Json::Array(rules)) => Rule::Tree {
                    conditions,
                    rules: self.rules(rules, depth + 1)?,
                },
                _ => return Err(invalid("tree rule without a `rules` array")),
            },
            other => return Err(invalid(format!("unknown rule type `{other}`"))),
        };
        // Variables assigned by this rule's conditions go out of scope with the rule.
        self.scope.truncate(mark);
        Ok(rule)
    }

    fn condition(&mut self, json: &Json, depth: usize) -> Result<Condition, EndpointError> {
        let obj = json
            .as_object()
            .filter(|o| o.contains_key("fn"))
            .ok_or_else(|| invalid("each condition must be a function object with `fn`"))?;
        let call = self.call(obj, depth + 1)?;
        let assign = match obj.get("assign") {
            None | Some(Json::Null) => None,
            Some(Json::String(name)) if is_identifier(name) => Some(self.declare(name)),
            Some(_) => return Err(invalid("`assign` must be an identifier string")),
        };
        Ok(Condition { call, assign })
    }

    fn endpoint(&mut self, json: &Json, depth: usize) -> Result<Endpoint, EndpointError> {
        let obj = json
            .as_object()
            .ok_or_else(|| invalid("`endpoint` must be an object"))?;
        let url = self.expr(
            obj.get("url")
                .ok_or_else(|| invalid("endpoint without `url`"))?,
            depth + 1,
        )?;
        let headers = match obj.get("headers") {
            None | Some(Json::Null) => Vec::new(),
            Some(Json::Object(map)) => map
                .iter()
                .map(|(name, values)| {
                    let values = values
                        .as_array()
                        .ok_or_else(|| invalid(format!("header `{name}` must be an array")))?;
                    let values = values
                        .iter()
                        .map(|v| self.expr(v, depth + 1))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok((name.clone(), values))
                })
                .collect::<Result<_, EndpointError>>()?,
            Some(_) => return Err(invalid("`headers` must be an object")),
        };
        let properties = match obj.get("properties") {
            None | Some(Json::Null) => Vec::new(),
            Some(Json::Object(map)) => map
                .iter()
                .map(|(k, v)| Ok((k.clone(), self.literal(v, depth + 1)?)))
                .collect::<Result<_, EndpointError>>()?,
            Some(_) => return Err(invalid("`properties` must be an object")),
        };
        Ok(Endpoint {
            url,
            headers,
            properties,
        })
    }

    fn call(&mut self, obj: &Map<String, Json>, depth: usize) -> Result<Call, EndpointError> {
        if depth > MAX_DEPTH {
            return Err(invalid(format!(
                "expressions nested more than {MAX_DEPTH} levels deep"
            )));
        }
        let name = obj
            .get("fn")
            .and_then(Json::as_str)
            .ok_or_else(|| invalid("`fn` must be a string"))?;
        let argv = match obj.get("argv") {
            Some(Json::Array(argv)) => argv.as_slice(),
            _ => return Err(invalid(format!("call to `{name}` without an `argv` array"))),
        };
        let arity = |expected: usize| -> Result<(), EndpointError> {
            if argv.len() == expected {
                Ok(())
            } else {
                Err(invalid(format!(
                    "`{name}` takes {expected} argument(s), got {}",
                    argv.len()
                )))
            }
        };
        let func = match name {
            "isSet" => arity(1).map(|_| Func::IsSet),
            "not" => arity(1).map(|_| Func::Not),
            "booleanEquals" => arity(2).map(|_| Func::BooleanEquals),
            "stringEquals" => arity(2).map(|_| Func::StringEquals),
            "getAttr" => {
                arity(2)?;
                let path = argv
                    .get(1)
                    .and_then(Json::as_str)
                    .ok_or_else(|| invalid("`getAttr` path must be a string literal"))?;
                let target = argv
                    .first()
                    .ok_or_else(|| invalid("`getAttr` needs a target"))?;
                let target = self.expr(target, depth + 1)?;
                return Ok(Call {
                    func: Func::GetAttr(parse_path(path)?),
                    args: vec![target],
                });
            }
            "parseURL" => arity(1).map(|_| Func::ParseUrl),
            "substring" => arity(4).map(|_| Func::Substring),
            "isValidHostLabel" => arity(2).map(|_| Func::IsValidHostLabel),
            "uriEncode" => arity(1).map(|_| Func::UriEncode),
            "split" => arity(3).map(|_| Func::Split),
            "coalesce" => {
                if argv.len() < 2 {
                    Err(invalid(format!(
                        "`coalesce` takes at least 2 arguments, got {}",
                        argv.len()
                    )))
                } else {
                    Ok(Func::Coalesce)
                }
            }
            "ite" => arity(3).map(|_| Func::Ite),
            "aws.partition" => arity(1).map(|_| Func::AwsPartition),
            "aws.parseArn" => arity(1).map(|_| Func::AwsParseArn),
            "aws.isVirtualHostableS3Bucket" => arity(2).map(|_| Func::AwsIsVirtualHostableS3Bucket),
            other => Err(invalid(format!("unknown function `{other}`"))),
        }?;
        let args = argv
            .iter()
            .map(|a| self.expr(a, depth + 1))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Call { func, args })
    }

    /// An expression position (`argv` entries, `url`, header values, `error`): strings are
    /// templates, `{"ref"}` and `{"fn"}` objects are references and calls, other objects and
    /// arrays are literals whose members are again expressions.
    fn expr(&mut self, json: &Json, depth: usize) -> Result<Expr, EndpointError> {
        if depth > MAX_DEPTH {
            return Err(invalid(format!(
                "expressions nested more than {MAX_DEPTH} levels deep"
            )));
        }
        match json {
            Json::Object(obj) if obj.contains_key("ref") => {
                let name = obj
                    .get("ref")
                    .and_then(Json::as_str)
                    .ok_or_else(|| invalid("`ref` must be a string"))?;
                Ok(Expr::Ref(self.lookup(name)?))
            }
            Json::Object(obj) if obj.contains_key("fn") => {
                Ok(Expr::Call(Box::new(self.call(obj, depth + 1)?)))
            }
            Json::Object(obj) => {
                let fields = obj
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), self.expr(v, depth + 1)?)))
                    .collect::<Result<Vec<_>, EndpointError>>()?;
                Ok(fold_record(fields))
            }
            Json::Array(items) => {
                let items = items
                    .iter()
                    .map(|v| self.expr(v, depth + 1))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(fold_array(items))
            }
            other => self.scalar(other),
        }
    }

    /// A literal position (endpoint `properties`): like [`Compiler::expr`], except that
    /// objects are always plain records. The specification forbids references and calls in
    /// properties, so an object with a `ref` key there is data, not a reference.
    fn literal(&mut self, json: &Json, depth: usize) -> Result<Expr, EndpointError> {
        if depth > MAX_DEPTH {
            return Err(invalid(format!(
                "properties nested more than {MAX_DEPTH} levels deep"
            )));
        }
        match json {
            Json::Object(obj) => {
                let fields = obj
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), self.literal(v, depth + 1)?)))
                    .collect::<Result<Vec<_>, EndpointError>>()?;
                Ok(fold_record(fields))
            }
            Json::Array(items) => {
                let items = items
                    .iter()
                    .map(|v| self.literal(v, depth + 1))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(fold_array(items))
            }
            other => self.scalar(other),
        }
    }

    fn scalar(&mut self, json: &Json) -> Result<Expr, EndpointError> {
        match json {
            Json::String(s) => self.template(s),
            Json::Bool(b) => Ok(Expr::Const(Value::Bool(*b))),
            Json::Number(n) => n
                .as_i64()
                .map(|i| Expr::Const(Value::Int(i)))
                .ok_or_else(|| invalid(format!("only integer numbers are supported, got {n}"))),
            Json::Null => Err(invalid("`null` is not a valid rules value")),
            Json::Object(_) | Json::Array(_) => Err(invalid("expected a scalar value")),
        }
    }

    /// Splits a template string. `{{` and `}}` are literal braces; `{name}` and
    /// `{name#path}` insert a value. A string without placeholders becomes a constant.
    fn template(&mut self, text: &str) -> Result<Expr, EndpointError> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(i) = rest.find(['{', '}']) {
            let (before, tail) = rest.split_at(i);
            literal.push_str(before);
            if let Some(after) = tail.strip_prefix("{{") {
                literal.push('{');
                rest = after;
            } else if let Some(after) = tail.strip_prefix("}}") {
                literal.push('}');
                rest = after;
            } else if let Some(after) = tail.strip_prefix('{') {
                let close = after
                    .find('}')
                    .ok_or_else(|| invalid(format!("unclosed `{{` in template `{text}`")))?;
                let (inner, after_close) = after.split_at(close);
                if !literal.is_empty() {
                    parts.push(TemplatePart::Literal(std::mem::take(&mut literal)));
                }
                parts.push(self.placeholder(inner, text)?);
                rest = after_close.get(1..).unwrap_or("");
            } else {
                return Err(invalid(format!("unmatched `}}` in template `{text}`")));
            }
        }
        literal.push_str(rest);
        if parts.is_empty() {
            return Ok(Expr::Const(Value::Str(Arc::from(literal))));
        }
        if !literal.is_empty() {
            parts.push(TemplatePart::Literal(literal));
        }
        Ok(Expr::Template(parts))
    }

    fn placeholder(&mut self, inner: &str, text: &str) -> Result<TemplatePart, EndpointError> {
        let (name, path) = match inner.split_once('#') {
            Some((name, path)) => (name, parse_path(path)?),
            None => (inner, Vec::new()),
        };
        if name.is_empty() || name.contains('{') {
            return Err(invalid(format!(
                "malformed placeholder `{{{inner}}}` in template `{text}`"
            )));
        }
        Ok(TemplatePart::Var {
            slot: self.lookup(name)?,
            path,
            source: inner.to_owned(),
        })
    }
}

fn fold_array(items: Vec<Expr>) -> Expr {
    if items.iter().all(|e| matches!(e, Expr::Const(_))) {
        let values: Vec<Value> = items
            .into_iter()
            .filter_map(|e| match e {
                Expr::Const(v) => Some(v),
                _ => None,
            })
            .collect();
        Expr::Const(Value::Array(values.into()))
    } else {
        Expr::Array(items)
    }
}

fn fold_record(fields: Vec<(String, Expr)>) -> Expr {
    if fields.iter().all(|(_, e)| matches!(e, Expr::Const(_))) {
        let record: Record = fields
            .into_iter()
            .filter_map(|(k, e)| match e {
                Expr::Const(v) => Some((k, v)),
                _ => None,
            })
            .collect();
        Expr::Const(Value::record(record))
    } else {
        Expr::Record(fields)
    }
}

/// Parses a `getAttr` path such as `a.b[2]` or `resourceId[-1]`. Each dot-separated part is a
/// key, optionally followed by one `[index]`; negative indexes count from the end.
pub(crate) fn parse_path(path: &str) -> Result<Vec<PathPart>, EndpointError> {
    let bad = |why: &str| invalid(format!("invalid getAttr path `{path}`: {why}"));
    let mut parts = Vec::new();
    for component in path.split('.') {
        match component.split_once('[') {
            Some((key, index)) => {
                let digits = index
                    .strip_suffix(']')
                    .ok_or_else(|| bad("`[` must be closed by a final `]`"))?;
                let index: i64 = digits.parse().map_err(|_| bad("index is not an integer"))?;
                if !key.is_empty() {
                    parts.push(PathPart::Key(key.to_owned()));
                }
                parts.push(PathPart::Index(index));
            }
            None if component.is_empty() => return Err(bad("empty path segment")),
            None => parts.push(PathPart::Key(component.to_owned())),
        }
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(parse_path("a").unwrap(), vec![PathPart::Key("a".into())]);
        assert_eq!(
            parse_path("a.b[2]").unwrap(),
            vec![
                PathPart::Key("a".into()),
                PathPart::Key("b".into()),
                PathPart::Index(2)
            ]
        );
        assert_eq!(parse_path("[-1]").unwrap(), vec![PathPart::Index(-1)]);
        for bad in ["", "a..b", "a[1", "a[x]", "a[1]b", "a[1][2]"] {
            assert!(parse_path(bad).is_err(), "{bad}");
        }
    }

    fn compile_template(text: &str) -> Result<Expr, EndpointError> {
        let mut c = Compiler {
            scope: Vec::new(),
            slot_count: 0,
        };
        c.declare("Region");
        c.declare("p");
        c.template(text)
    }

    #[test]
    fn templates() {
        assert!(
            matches!(compile_template("plain").unwrap(), Expr::Const(Value::Str(s)) if &*s == "plain")
        );
        assert!(
            matches!(compile_template("{{x}}").unwrap(), Expr::Const(Value::Str(s)) if &*s == "{x}")
        );
        match compile_template("https://{Region}.{p#a.b[0]}/{{}}").unwrap() {
            Expr::Template(parts) => {
                assert_eq!(parts.len(), 5);
                assert!(matches!(&parts[0], TemplatePart::Literal(l) if l == "https://"));
                assert!(
                    matches!(&parts[1], TemplatePart::Var { slot: 0, path, .. } if path.is_empty())
                );
                assert!(
                    matches!(&parts[3], TemplatePart::Var { slot: 1, path, .. } if path.len() == 3)
                );
                assert!(matches!(&parts[4], TemplatePart::Literal(l) if l == "/{}"));
            }
            other => panic!("unexpected {other:?}"),
        }
        for bad in [
            "{Region",
            "Region}",
            "{}",
            "{Nope}",
            "{Region#}",
            "{p#a..b}",
        ] {
            assert!(compile_template(bad).is_err(), "{bad}");
        }
    }
}
