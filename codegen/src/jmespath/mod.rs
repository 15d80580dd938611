//! JMESPath, the path language of Smithy waiters: a parser ([`parse`]) and a compiler
//! ([`compile`]) that turns a parsed path into Rust code over the generated, typed structures.
//!
//! Paths are compiled at generation time, as smithy-rs does: the generated client never parses
//! a path, and a path that does not fit the shapes (a member that does not exist, a projection
//! over something that is not a list, a comparison the waiter cannot use) fails generation with
//! a message naming the waiter and the path.

pub mod ast;
pub mod compile;
pub mod lexer;
pub mod parser;

pub use ast::{Ast, Cmp};
pub use parser::parse;

use std::fmt;

/// An expression that is not valid JMESPath.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset in the expression.
    pub at: usize,
    /// What is wrong.
    pub message: String,
}

impl ParseError {
    /// An error at byte `at`.
    pub fn new(at: usize, message: impl Into<String>) -> Self {
        Self {
            at,
            message: message.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at column {}: {}", self.at + 1, self.message)
    }
}

impl std::error::Error for ParseError {}

#[cfg(test)]
mod tests {
    use super::ast::Ast::*;
    use super::*;
    use serde_json::json;

    fn b(a: Ast) -> Box<Ast> {
        Box::new(a)
    }
    fn f(n: &str) -> Ast {
        Field(n.into())
    }

    #[test]
    fn fields_and_subexpressions() {
        assert_eq!(parse("a").unwrap(), f("a"));
        assert_eq!(parse("a.b").unwrap(), Subexpr(b(f("a")), b(f("b"))));
        assert_eq!(parse("\"a b\".c").unwrap(), Subexpr(b(f("a b")), b(f("c"))));
        assert_eq!(parse("a[0]").unwrap(), Subexpr(b(f("a")), b(Index(0))));
        assert_eq!(parse("@").unwrap(), Identity);
    }

    #[test]
    fn projections() {
        assert_eq!(parse("a[*].b").unwrap(), Projection(b(f("a")), b(f("b"))));
        assert_eq!(
            parse("a[].b").unwrap(),
            Projection(b(Flatten(b(f("a")))), b(f("b")))
        );
        assert_eq!(
            parse("a.*.b").unwrap(),
            ValueProjection(b(f("a")), b(f("b")))
        );
        assert_eq!(
            parse("a[1:3]").unwrap(),
            Projection(
                b(Subexpr(b(f("a")), b(Slice(Some(1), Some(3), None)))),
                b(Identity)
            )
        );
        // `[]` binds below the projection stop: the second flatten applies to the result of
        // the first projection (`a[].b` flattened once more), as JMESPath specifies.
        assert_eq!(
            parse("a[].b[].c").unwrap(),
            Projection(
                b(Flatten(b(Projection(b(Flatten(b(f("a")))), b(f("b")))))),
                b(f("c"))
            )
        );
        // A projection's right-hand side keeps projecting through `.` and `[n]`.
        assert_eq!(
            parse("a[*].b[0]").unwrap(),
            Projection(b(f("a")), b(Subexpr(b(f("b")), b(Index(0)))))
        );
        assert_eq!(
            parse("a[*] | [0]").unwrap(),
            Pipe(
                b(Projection(b(f("a")), b(Identity))),
                b(Subexpr(b(Identity), b(Index(0))))
            )
        );
    }

    #[test]
    fn filters_comparisons_and_booleans() {
        assert_eq!(
            parse("a[?s == 'x'].n").unwrap(),
            FilterProjection(
                b(f("a")),
                b(Comparison(Cmp::Eq, b(f("s")), b(Literal(json!("x"))))),
                b(f("n"))
            )
        );
        assert_eq!(
            parse("!a && b || c").unwrap(),
            Or(b(And(b(Not(b(f("a")))), b(f("b")))), b(f("c")))
        );
        assert_eq!(
            parse("length(a[?x > `1`]) >= `2`").unwrap(),
            Comparison(
                Cmp::Ge,
                b(Function(
                    "length".into(),
                    vec![FilterProjection(
                        b(f("a")),
                        b(Comparison(Cmp::Gt, b(f("x")), b(Literal(json!(1))))),
                        b(Identity)
                    )]
                )),
                b(Literal(json!(2)))
            )
        );
    }

    #[test]
    fn multi_selects_and_literals() {
        assert_eq!(
            parse("a.[b, c]").unwrap(),
            Subexpr(b(f("a")), b(MultiList(vec![f("b"), f("c")])))
        );
        assert_eq!(
            parse("{x: a, y: b}").unwrap(),
            MultiHash(vec![("x".into(), f("a")), ("y".into(), f("b"))])
        );
        assert_eq!(parse("`[1, \"a\"]`").unwrap(), Literal(json!([1, "a"])));
        assert_eq!(parse("'it\\'s'").unwrap(), Literal(json!("it's")));
        assert_eq!(
            parse("sort_by(a, &b)").unwrap(),
            Function("sort_by".into(), vec![f("a"), ExpRef(b(f("b")))])
        );
    }

    #[test]
    fn errors_say_where() {
        for (bad, col) in [
            ("a.", 3),
            ("a[", 3),
            ("a = b", 3),
            ("`{`", 1),
            ("\"a\"()", 1),
            ("a[?b", 5),
            ("[1:2:0]", 8),
            ("a b", 3),
        ] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.at + 1, col, "{bad}: {e}");
        }
    }

    #[test]
    fn spec_forms_parse() {
        for ok in [
            "foo",
            "\"with space\"",
            "\"\\u00e9t\\u00e9\"",
            "foo.bar.baz",
            "foo[0]",
            "foo[-1].bar",
            "[0]",
            "foo[0:2]",
            "foo[::2]",
            "foo[::-1]",
            "foo[:]",
            "foo[*].bar",
            "foo[].bar[].baz",
            "foo.*.bar",
            "*",
            "*.foo",
            "[*]",
            "[]",
            "foo[?bar > `10`].baz",
            "foo[?bar == 'x' && baz != `null`]",
            "foo[?!(a || b)]",
            "foo[?a <= b][0]",
            "foo | bar | [0]",
            "foo.[a, b]",
            "foo.{a: a, \"b c\": b}",
            "[a, b][]",
            "`{\"a\": [1, 2]}`",
            "`\"tick\\`\"`",
            "'raw'",
            "@",
            "@.foo",
            "length(foo) >= `1`",
            "contains(foo[].bar, 'x')",
            "sort_by(foo, &bar)[-1].baz",
            "max_by(foo, &to_number(bar))",
            "map(&[a, b], foo)",
            "not_null(a, b, `\"c\"`)",
            "(a || b).c",
            "a[?b]|[0]",
            "a[?b.c[?d == `1`]]",
        ] {
            if let Err(e) = parse(ok) {
                panic!("{ok}: {e}");
            }
        }
        for bad in [
            "",
            "foo.",
            ".foo",
            "foo[",
            "foo]",
            "foo[?]",
            "{}",
            "foo.[]",
            "a ||",
            "f(",
            "`[1,`",
            "foo[1:2:3:4]",
            "@@",
        ] {
            assert!(parse(bad).is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn hostile_input_is_bounded() {
        let deep = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(parse(&deep).is_err());
        let long = vec!["a"; 10_000].join(".");
        assert!(parse(&long).unwrap_err().message.contains("tokens"));
        let nots = format!("{}a", "!".repeat(200));
        assert!(parse(&nots).is_err());
    }
}
