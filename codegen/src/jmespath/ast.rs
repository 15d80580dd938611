//! The JMESPath syntax tree.

use serde_json::Value;

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// One node of a parsed expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Ast {
    /// `@`, and the implicit right-hand side of a projection.
    Identity,
    /// `foo` or `"foo"`.
    Field(String),
    /// `left.right`: `right` evaluated against the value of `left`.
    Subexpr(Box<Ast>, Box<Ast>),
    /// `[n]` on the current value (negative counts from the end).
    Index(i64),
    /// `[start:stop:step]` on the current value.
    Slice(Option<i64>, Option<i64>, Option<i64>),
    /// A list projection: `right` applied to each element of the list `left`, nulls dropped.
    Projection(Box<Ast>, Box<Ast>),
    /// `left.*`: `right` applied to each value of the object `left`.
    ValueProjection(Box<Ast>, Box<Ast>),
    /// `left[?cond]right`: the elements of `left` for which `cond` is truthy, projected.
    FilterProjection(Box<Ast>, Box<Ast>, Box<Ast>),
    /// `left[]` (before projecting): one level of nested lists merged.
    Flatten(Box<Ast>),
    /// `left <op> right`.
    Comparison(Cmp, Box<Ast>, Box<Ast>),
    /// `left && right`.
    And(Box<Ast>, Box<Ast>),
    /// `left || right`.
    Or(Box<Ast>, Box<Ast>),
    /// `!expr`.
    Not(Box<Ast>),
    /// A `` `json` `` literal or a `'raw string'`.
    Literal(Value),
    /// `[a, b]`.
    MultiList(Vec<Ast>),
    /// `{k: a, j: b}`.
    MultiHash(Vec<(String, Ast)>),
    /// `left | right`: stops a projection.
    Pipe(Box<Ast>, Box<Ast>),
    /// `name(args...)`.
    Function(String, Vec<Ast>),
    /// `&expr`, an argument of `sort_by`, `map`, ...
    ExpRef(Box<Ast>),
}
