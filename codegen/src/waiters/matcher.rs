//! One acceptor of the model: its state and matcher, with path matchers compiled to Rust.

use super::{AcceptorPlan, Comparator, Matcher, State};
use crate::jmespath::compile::{Compiler, Ty};
use crate::model::shape_name;
use crate::naming;
use crate::plan::OperationPlan;
use quote::quote;
use serde_json::Value;

/// Reads and checks one acceptor; a path is parsed and compiled against `op`'s shapes.
pub fn acceptor(
    a: &Value,
    op: &OperationPlan,
    compiler: &mut Compiler<'_>,
) -> Result<AcceptorPlan, String> {
    let state = match a.get("state").and_then(Value::as_str) {
        Some("success") => State::Success,
        Some("failure") => State::Failure,
        Some("retry") => State::Retry,
        Some(other) => return Err(format!("unknown state `{other}`")),
        None => return Err("missing `state`".into()),
    };
    let Some(m) = a.get("matcher").and_then(Value::as_object) else {
        return Err("missing `matcher`".into());
    };
    if m.len() != 1 {
        return Err(
            "a matcher must set exactly one of output, inputOutput, success, errorType".into(),
        );
    }
    let matcher = if let Some(v) = m.get("success") {
        Matcher::Success(v.as_bool().ok_or("`success` must be a boolean")?)
    } else if let Some(v) = m.get("errorType") {
        let raw = v.as_str().ok_or("`errorType` must be a string")?;
        // An absolute shape id matches on its name part.
        let name = shape_name(raw).to_string();
        let type_name = naming::type_name(&name);
        let variant = op
            .errors
            .iter()
            .find(|e| e.info.code == name || e.path.name == type_name)
            .map(|e| e.variant.clone());
        Matcher::ErrorType { name, variant }
    } else if let Some(v) = m.get("output") {
        path_matcher(v, false, op, compiler)?
    } else if let Some(v) = m.get("inputOutput") {
        path_matcher(v, true, op, compiler)?
    } else {
        let key = m.keys().next().map_or("", String::as_str);
        return Err(format!("unknown matcher `{key}`"));
    };
    let message = match a.get("message") {
        None => None,
        Some(_) if state != State::Failure => {
            return Err("`message` is only valid on a `failure` acceptor".into());
        }
        Some(v) => {
            let path = v.as_str().ok_or("`message` must be a JMESPath string")?;
            let input_output = matches!(
                &matcher,
                Matcher::Path {
                    input_output: true,
                    ..
                }
            );
            Some(
                compile_message(path, input_output, op, compiler)
                    .map_err(|e| format!("message `{path}`: {e}"))?,
            )
        }
    };
    Ok(AcceptorPlan {
        state,
        matcher,
        message,
    })
}

/// The root variable of a compiled path: `output`, or `{input, output}` for `inputOutput`.
fn root(input_output: bool, op: &OperationPlan) -> (proc_macro2::TokenStream, Ty) {
    if input_output {
        (
            quote!(::std::option::Option::Some((input, output))),
            Ty::InputOutput(op.input.path.clone(), op.output.path.clone()),
        )
    } else {
        (
            quote!(::std::option::Option::Some(output)),
            Ty::Struct(op.output.path.clone()),
        )
    }
}

/// The Rust source of an `Option<String>` expression: the text a failure acceptor's `message`
/// path finds (a string, or a list of strings joined with ", "); empty text is no message.
fn compile_message(
    path: &str,
    input_output: bool,
    op: &OperationPlan,
    compiler: &mut Compiler<'_>,
) -> Result<String, String> {
    let ast = crate::jmespath::parse(path).map_err(|e| e.to_string())?;
    let root_var = proc_macro2::Ident::new("root", proc_macro2::Span::call_site());
    let (root_value, root_ty) = root(input_output, op);
    let value = compiler.compile(&ast, &root_var, &root_ty)?;
    let v = value.tokens;
    let text = match &value.ty {
        Ty::Str => quote!(value.map(|s| ::std::string::ToString::to_string(s))),
        Ty::List(item) if **item == Ty::Str => quote!(value.map(|l| l.join(", "))),
        other => {
            return Err(format!(
                "a message must be a string or a list of strings, the path gives {}",
                other.describe()
            ));
        }
    };
    // An empty string (or list) is no message.
    Ok(quote!({
        let #root_var = #root_value;
        let value = #v;
        #text.filter(|m| !m.is_empty())
    })
    .to_string())
}

fn path_matcher(
    v: &Value,
    input_output: bool,
    op: &OperationPlan,
    compiler: &mut Compiler<'_>,
) -> Result<Matcher, String> {
    let field = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("the path matcher needs a string `{k}`"))
    };
    let path = field("path")?;
    let expected = field("expected")?;
    let comparator = match field("comparator")? {
        "stringEquals" => Comparator::StringEquals,
        "booleanEquals" => Comparator::BooleanEquals,
        "allStringEquals" => Comparator::AllStringEquals,
        "anyStringEquals" => Comparator::AnyStringEquals,
        other => return Err(format!("unknown comparator `{other}`")),
    };
    let test = compile_test(path, input_output, comparator, expected, op, compiler)
        .map_err(|e| format!("path `{path}`: {e}"))?;
    Ok(Matcher::Path {
        input_output,
        path: path.to_string(),
        comparator,
        expected: expected.to_string(),
        test,
    })
}

/// The Rust source of a `bool` expression over `input`/`output`: whether the path's value
/// satisfies the comparator.
pub fn compile_test(
    path: &str,
    input_output: bool,
    comparator: Comparator,
    expected: &str,
    op: &OperationPlan,
    compiler: &mut Compiler<'_>,
) -> Result<String, String> {
    let ast = crate::jmespath::parse(path).map_err(|e| e.to_string())?;
    let root = proc_macro2::Ident::new("root", proc_macro2::Span::call_site());
    let (root_value, root_ty) = self::root(input_output, op);
    let value = compiler.compile(&ast, &root, &root_ty)?;
    let got = value.ty.describe();
    let v = value.tokens;
    let check = match comparator {
        Comparator::StringEquals => {
            if value.ty != Ty::Str {
                return Err(format!("stringEquals needs a string, the path gives {got}"));
            }
            quote!(value == ::std::option::Option::Some(#expected))
        }
        Comparator::BooleanEquals => {
            let b = match expected {
                "true" => true,
                "false" => false,
                other => {
                    return Err(format!(
                        "booleanEquals expects \"true\" or \"false\", found {other:?}"
                    ));
                }
            };
            if value.ty != Ty::Bool {
                return Err(format!(
                    "booleanEquals needs a boolean, the path gives {got}"
                ));
            }
            quote!(value == ::std::option::Option::Some(#b))
        }
        Comparator::AllStringEquals | Comparator::AnyStringEquals => {
            // A multi-select list (`[a, b]`) holds `Option<&str>` items; a null item is not
            // equal to the expected string.
            let nullable = value.ty == Ty::List(Box::new(Ty::Nullable(Box::new(Ty::Str))));
            if value.ty != Ty::List(Box::new(Ty::Str)) && !nullable {
                return Err(format!(
                    "{} needs a list of strings, the path gives {got}",
                    if comparator == Comparator::AllStringEquals {
                        "allStringEquals"
                    } else {
                        "anyStringEquals"
                    }
                ));
            }
            let item = if nullable {
                quote!(::std::option::Option::Some(#expected))
            } else {
                quote!(#expected)
            };
            if comparator == Comparator::AllStringEquals {
                // An empty list does not match: "all of nothing" is not a state.
                quote!(value.is_some_and(|l| !l.is_empty() && l.iter().all(|v| *v == #item)))
            } else {
                quote!(value.is_some_and(|l| l.iter().any(|v| *v == #item)))
            }
        }
    };
    Ok(quote!({
        let #root = #root_value;
        let value = #v;
        #check
    })
    .to_string())
}
