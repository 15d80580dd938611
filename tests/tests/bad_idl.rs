//! Malformed Smithy IDL: every fixture in `tests/fixtures/bad-idl/` fails to load with exactly
//! the message listed here (`file:line:column: problem`), and never panics.

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};

const BAD_DIR: &str = "tests/fixtures/bad-idl";

/// `(fixture, the message after the file name)`.
const CASES: &[(&str, &str)] = &[
    (
        "bad-escape.smithy",
        ":4:19: expected a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX or an escaped newline), found `\\q`",
    ),
    (
        "conflicting-use.smithy",
        ":5:5: `use third.ns#Name` conflicts with `use other.ns#Name`",
    ),
    (
        "control-statement-too-late.smithy",
        ":6:1: expected a shape definition or `apply`, found `$version`",
    ),
    (
        "deep-nesting.smithy",
        ":4:71: expected node values nested at most 64 deep, found deeper nesting",
    ),
    (
        "duplicate-member.smithy",
        ":6:5: expected unique member names, found a second member `name`",
    ),
    (
        "duplicate-object-key.smithy",
        ":4:14: expected unique object keys, found a second \"a\"",
    ),
    (
        "duplicate-shape.smithy",
        ":6:9: shape `Name` is already defined at line 4, column 8",
    ),
    (
        "duplicate-trait.smithy",
        ":5:2: trait `smithy.api#documentation` is applied more than once to the same shape, with different values",
    ),
    (
        "elided-target-not-found.smithy",
        ":5:5: cannot elide the target of `$id` in `Thing`: no `for` resource identifier or property and no mixin member has that name",
    ),
    (
        "extra-map-member.smithy",
        ":7:5: expected key or value member, found `extra`",
    ),
    (
        "invalid-utf8.smithy",
        ":4:20: expected UTF-8 text, found the invalid byte 0xE9",
    ),
    (
        "leading-zero-number.smithy",
        ":4:13: expected a number, found a number with a leading zero",
    ),
    (
        "list-without-member.smithy",
        ":4:6: list `Names` needs a `member`",
    ),
    (
        "lone-surrogate.smithy",
        ":4:16: expected a string with valid \\u escapes, found a UTF-16 surrogate without its pair",
    ),
    (
        "malformed-version.smithy",
        ":1:1: expected a version such as \"2.0\", found \"two\"",
    ),
    (
        "shape-before-namespace.smithy",
        ":3:1: expected `namespace`, `metadata` or the end of the file, found `string`",
    ),
    (
        "stray-token.smithy",
        ":4:13: expected a line break after the statement, found `]`",
    ),
    (
        "text-block-without-newline.smithy",
        ":4:19: expected a new line after the opening `\"\"\"` of a text block, found `o`",
    ),
    (
        "two-statements-on-one-line.smithy",
        ":4:13: expected a line break after the statement, found `string`",
    ),
    (
        "unclosed-brace.smithy",
        ":6:1: expected a member name or `}`, found the end of the file",
    ),
    (
        "unclosed-trait-parenthesis.smithy",
        ":5:1: expected `)` or `key: value`, found `string`",
    ),
    (
        "unknown-operation-property.smithy",
        ":6:5: expected `input`, `output` or `errors`, found `outputs`",
    ),
    (
        "unknown-service-property.smithy",
        ":6:5: expected a service property (version, operations, resources, errors, rename), found `operation`",
    ),
    (
        "unknown-shape-type.smithy",
        ":4:1: expected a shape type (structure, string, list, ...), found unknown shape type `strng`",
    ),
    (
        "unresolvable-relative-id.smithy",
        ":5:11: cannot resolve shape id `Strin`: no `use` imports it, namespace example.bad does not define it, and it is not a prelude shape",
    ),
    (
        "unsupported-version.smithy",
        ":1:1: expected Smithy IDL version \"2.0\" or \"1.0\", found unsupported version \"3.0\"",
    ),
    (
        "unterminated-string.smithy",
        ":4:16: expected a closing `\"` for this string, found the end of the file",
    ),
    (
        "unterminated-text-block.smithy",
        ":4:16: expected a closing `\"\"\"` for this text block, found the end of the file",
    ),
    (
        "idl2-syntax-in-versionless-file.smithy",
        ":3:6: `enum` shapes need Smithy IDL 2, but this file is read as IDL 1.0; add `$version: \"2\"` at the top of the file",
    ),
    (
        "set-in-idl-2.smithy",
        ":4:5: expected `list` (IDL 2 has no `set`; use a list with @uniqueItems), found `set`",
    ),
    (
        "namespace-on-next-line.smithy",
        ":3:5: expected the namespace on the same line, found `example.bad`",
    ),
    (
        "empty-mixin-list.smithy",
        ":7:23: expected at least one mixin shape id, found `]`",
    ),
];

fn load_error(case: &str) -> String {
    let label = format!("{BAD_DIR}/{case}");
    let path = tests::workspace_root().join(&label);
    let result = catch_unwind(AssertUnwindSafe(|| {
        smithy_codegen::read_sources(&path, &label)
            .and_then(|sources| smithy_codegen::load::load(&sources).map(|_| ()))
    }));
    match result {
        Err(_) => panic!("PANIC in the IDL loader on {label}"),
        Ok(Ok(())) => panic!("{label}: loaded, but the model is malformed"),
        Ok(Err(e)) => e.to_string(),
    }
}

#[test]
fn every_bad_idl_file_fails_with_its_exact_message() {
    let mut failures = Vec::new();
    for (case, expected) in CASES {
        let message = load_error(case);
        let want = format!("error: {BAD_DIR}/{case}{expected}");
        if message != want {
            failures.push(format!("{case}:\n  got:  {message}\n  want: {want}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_bad_idl_fixture_has_an_expectation() {
    let dir = tests::workspace_root().join(BAD_DIR);
    let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let listed: BTreeSet<String> = CASES.iter().map(|(c, _)| c.to_string()).collect();
    assert_eq!(on_disk, listed, "{BAD_DIR} and the CASES table disagree");
    assert!(listed.len() >= 15, "only {} bad IDL files", listed.len());
}
