//! Waiters (`smithy.waiters#waitable`): one [`WaiterPlan`] per waiter of every operation, with
//! each acceptor's JMESPath path compiled against the operation's typed input and output
//! ([`crate::jmespath::compile`]). A waiter the generator cannot handle is a planning error
//! naming the waiter, the operation and the path: never a silent skip.
//!
//! [`emit`] writes `src/waiters/<waiter>.rs` per waiter; the polling loop is the runtime's
//! `waiter` module.

pub mod emit;
mod matcher;

use crate::error::Diagnostics;
use crate::model::Model;
use crate::naming;
use crate::plan::{CratePlan, OperationPlan};
use heck::ToSnakeCase;
use serde_json::Value;
use std::collections::BTreeMap;

/// The waitable trait's id.
pub const WAITABLE: &str = "smithy.waiters#waitable";

/// One waiter, fully decided.
#[derive(Clone, Debug)]
pub struct WaiterPlan {
    /// The model's waiter name (`ClusterActive`).
    pub name: String,
    /// The client method, `wait_until_<snake name>`.
    pub method: String,
    /// The module (and file stem) below `waiters`.
    pub module: String,
    /// The builder type, `<Name>Waiter`.
    pub builder: String,
    /// The name of the operation it polls (an [`OperationPlan::name`]).
    pub operation: String,
    /// `minDelay` in seconds (default 2).
    pub min_delay: u64,
    /// `maxDelay` in seconds (default 120).
    pub max_delay: u64,
    /// The waiter's documentation.
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The acceptors, in model order.
    pub acceptors: Vec<AcceptorPlan>,
}

impl WaiterPlan {
    /// Whether any acceptor reads the input (`inputOutput`), so the input is built once up front.
    pub fn reads_input(&self) -> bool {
        self.acceptors.iter().any(|a| {
            matches!(
                &a.matcher,
                Matcher::Path {
                    input_output: true,
                    ..
                }
            )
        })
    }
}

/// Acceptor states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// `success`
    Success,
    /// `failure`
    Failure,
    /// `retry`
    Retry,
}

/// One acceptor.
#[derive(Clone, Debug)]
pub struct AcceptorPlan {
    /// Where the acceptor moves the waiter.
    pub state: State,
    /// When it matches.
    pub matcher: Matcher,
    /// `message` (failure acceptors): Rust source of an `Option<String>` expression over
    /// `output` (and `input` for `inputOutput` matchers), compiled from the message path.
    pub message: Option<String>,
}

/// Path comparators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparator {
    /// The path gives a string equal to `expected`.
    StringEquals,
    /// The path gives a boolean equal to `expected` (`"true"`/`"false"`).
    BooleanEquals,
    /// The path gives a non-empty list whose items all equal `expected`.
    AllStringEquals,
    /// The path gives a list with at least one item equal to `expected`.
    AnyStringEquals,
}

/// Acceptor matchers.
#[derive(Clone, Debug)]
pub enum Matcher {
    /// `output` or `inputOutput`.
    Path {
        /// `inputOutput` (the path starts at `{input, output}`).
        input_output: bool,
        /// The JMESPath expression, as written in the model.
        path: String,
        /// How the path's value is compared.
        comparator: Comparator,
        /// The expected value.
        expected: String,
        /// The compiled test: Rust source of a `bool` expression over `input` (`&Input`) and
        /// `output` (`&Output`). Kept as text because token streams cannot cross threads.
        test: String,
    },
    /// `success: true` (any successful response) or `false` (any error).
    Success(bool),
    /// `errorType`: an error with this code or, when the operation models it, of this variant.
    ErrorType {
        /// The error name (the name part of a shape id).
        name: String,
        /// The operation error enum's variant for it, when modeled.
        variant: Option<String>,
    },
}

/// Plans the waiters of every operation of `plan`; problems go to `diags`, one per waiter
/// problem, each naming the operation shape, the waiter and (for paths) the path.
pub fn plan(model: &Model, plan: &CratePlan, diags: &mut Diagnostics) -> Vec<WaiterPlan> {
    let shapes = crate::jmespath::compile::Shapes::new(plan);
    let mut out = Vec::new();
    // Waiter names must be unique, ignoring case, across the service.
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for op in &plan.operations {
        let Some(shape) = model.shape(&op.shape_id) else {
            continue;
        };
        let Some(trait_value) = shape.traits.get(WAITABLE) else {
            continue;
        };
        let file = shape.file.as_deref();
        let mut report = |message: String| diags.push(file, Some(&op.shape_id), message);
        let Some(waiters) = trait_value.as_object() else {
            report(format!("{WAITABLE} must be an object of waiters"));
            continue;
        };
        for (name, def) in waiters {
            match waiter(name, def, op, &shapes) {
                Ok(w) => {
                    if let Some(other) = seen.insert(name.to_lowercase(), op.name.clone()) {
                        report(format!(
                            "waiter `{name}`: another waiter with the same name (ignoring case) is on `{other}`"
                        ));
                    }
                    if plan.operations.iter().any(|o| o.module == w.method) {
                        report(format!(
                            "waiter `{name}`: its method `{}` collides with an operation's",
                            w.method
                        ));
                    }
                    out.push(w);
                }
                Err(messages) => {
                    for m in messages {
                        report(format!("waiter `{name}` on `{}`: {m}", op.name));
                    }
                }
            }
        }
    }
    out.sort_by(|a, b| a.module.cmp(&b.module));
    out
}

fn waiter(
    name: &str,
    def: &Value,
    op: &OperationPlan,
    shapes: &crate::jmespath::compile::Shapes<'_>,
) -> Result<WaiterPlan, Vec<String>> {
    let mut errors = Vec::new();
    let valid_name = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    if !valid_name {
        errors.push("a waiter name must be UpperCamelCase letters and digits".to_string());
    }
    let delay = |key: &str, default: u64, errors: &mut Vec<String>| match def.get(key) {
        None => default,
        Some(v) => match v.as_u64() {
            Some(n) if n >= 1 => n,
            _ => {
                errors.push(format!(
                    "`{key}` must be an integer of at least 1, found {v}"
                ));
                default
            }
        },
    };
    let min_delay = delay("minDelay", 2, &mut errors);
    let max_delay = delay("maxDelay", 120, &mut errors);
    if min_delay > max_delay {
        errors.push(format!(
            "`minDelay` ({min_delay}) must not exceed `maxDelay` ({max_delay})"
        ));
    }
    let mut acceptors = Vec::new();
    match def.get("acceptors").and_then(Value::as_array) {
        Some(list) if !list.is_empty() => {
            let mut compiler = crate::jmespath::compile::Compiler::new(shapes);
            for (i, a) in list.iter().enumerate() {
                match matcher::acceptor(a, op, &mut compiler) {
                    Ok(a) => acceptors.push(a),
                    Err(e) => errors.push(format!("acceptor {}: {e}", i + 1)),
                }
            }
        }
        _ => errors.push("`acceptors` must be a non-empty list".into()),
    }
    if errors.is_empty() && !acceptors.iter().any(|a| a.state == State::Success) {
        errors.push("no acceptor has the `success` state".into());
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let snake = name.to_snake_case();
    Ok(WaiterPlan {
        name: name.to_string(),
        method: format!("wait_until_{snake}"),
        module: naming::operation_module(&snake),
        builder: format!("{name}Waiter"),
        operation: op.name.clone(),
        min_delay,
        max_delay,
        docs: def
            .get("documentation")
            .and_then(Value::as_str)
            .map(str::to_string),
        deprecated: def.get("deprecated").and_then(Value::as_bool) == Some(true),
        acceptors,
    })
}
