//! The IDL rules one at a time, each against the JSON AST the spec says it means.

use crate::Source;
use crate::json_ast::to_json_ast;
use serde_json::{Value, json};

fn ast(text: &str) -> Value {
    ast_files(&[("a.smithy", text)])
}

fn ast_files(files: &[(&str, &str)]) -> Value {
    let sources: Vec<Source> = files
        .iter()
        .map(|(n, t)| Source {
            name: n.to_string(),
            text: t.to_string(),
        })
        .collect();
    to_json_ast(&sources).unwrap_or_else(|e| panic!("{e}"))
}

fn shape(model: &Value, id: &str) -> Value {
    model["shapes"][id].clone()
}

fn error(text: &str) -> String {
    let source = Source {
        name: "a.smithy".into(),
        text: text.into(),
    };
    match to_json_ast(&[source]) {
        Ok(_) => panic!("loaded, but should fail"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn documentation_comments() {
    let m = ast(
        "$version: \"2\"\nnamespace ex\n\n/// First line.\n///   indented\n///\n@deprecated\n/// after the traits: ignored\nstring A\n\nstring B /// not at the start of a line: a comment\n",
    );
    assert_eq!(
        shape(&m, "ex#A")["traits"],
        json!({"smithy.api#documentation": "First line.\n  indented\n", "smithy.api#deprecated": {}})
    );
    assert_eq!(shape(&m, "ex#B"), json!({"type": "string"}));
}

#[test]
fn trait_values_and_syntactic_shape_ids() {
    let m = ast(r#"$version: "2"
namespace ex
use other#Thing

@range(min: 1, max: 10)
@tags(["a", "b",])
@sensitive()
@error(client)
@references([{resource: Thing, ids: {"id": "x"}}])
integer A
"#);
    assert_eq!(
        shape(&m, "ex#A")["traits"],
        json!({
            "smithy.api#range": {"min": 1, "max": 10},
            "smithy.api#tags": ["a", "b"],
            "smithy.api#sensitive": {},
            "smithy.api#error": "ex#client",
            "smithy.api#references": [{"resource": "other#Thing", "ids": {"id": "x"}}],
        })
    );
}

#[test]
fn relative_ids_resolve_use_then_namespace_then_prelude() {
    let m = ast_files(&[
        (
            "a.smithy",
            "$version: \"2\"\nnamespace ex\nuse other#Imported\nstructure S {\n  a: Imported\n  b: Integer\n  c: String\n  d: Local\n}\n",
        ),
        // `String` defined in the namespace (in another file) wins over the prelude's.
        (
            "b.smithy",
            "$version: \"2\"\nnamespace ex\nstring String\nstring Local\n",
        ),
    ]);
    let members = &shape(&m, "ex#S")["members"];
    assert_eq!(members["a"]["target"], "other#Imported");
    assert_eq!(members["b"]["target"], "smithy.api#Integer");
    assert_eq!(members["c"]["target"], "ex#String");
    assert_eq!(members["d"]["target"], "ex#Local");
}

#[test]
fn defaults_enums_and_int_enums() {
    let m = ast(
        "$version: \"2\"\nnamespace ex\nstructure S {\n  on: Boolean = true\n  @required\n  name: String = \"x\"\n}\nenum E {\n  A\n  B = \"b\"\n}\nintEnum I {\n  ONE = 1\n}\n",
    );
    assert_eq!(
        shape(&m, "ex#S")["members"]["on"]["traits"],
        json!({"smithy.api#default": true})
    );
    assert_eq!(
        shape(&m, "ex#S")["members"]["name"]["traits"],
        json!({"smithy.api#default": "x", "smithy.api#required": {}})
    );
    assert_eq!(
        shape(&m, "ex#E")["members"],
        json!({
            "A": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "A"}},
            "B": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "b"}},
        })
    );
    assert_eq!(
        shape(&m, "ex#I")["members"]["ONE"]["traits"],
        json!({"smithy.api#enumValue": 1})
    );
}

#[test]
fn inline_input_output_with_suffixes_mixins_and_for() {
    let m = ast(r#"$version: "2"
$operationOutputSuffix: "Response"
namespace ex

resource User {
    identifiers: { userId: String }
    properties: { age: Integer }
}

@mixin
structure Base { note: String }

operation GetUser {
    input := for User with [Base] {
        @required
        $userId
        $age
        @required
        $note
    }
    output := @sensitive {}
}
"#);
    let input = shape(&m, "ex#GetUserInput");
    assert_eq!(input["traits"], json!({"smithy.api#input": {}}));
    assert_eq!(input["mixins"], json!([{"target": "ex#Base"}]));
    assert_eq!(input["members"]["userId"]["target"], "smithy.api#String");
    assert_eq!(input["members"]["age"]["target"], "smithy.api#Integer");
    assert_eq!(input["members"]["note"]["target"], "smithy.api#String");
    assert_eq!(
        shape(&m, "ex#GetUserResponse")["traits"],
        json!({"smithy.api#output": {}, "smithy.api#sensitive": {}})
    );
    assert_eq!(
        shape(&m, "ex#GetUser")["output"]["target"],
        "ex#GetUserResponse"
    );
}

#[test]
fn apply_single_and_block_and_to_inherited_members() {
    let m = ast(r#"$version: "2"
namespace ex
@mixin
structure Base { id: String }
structure S with [Base] {}
apply S @documentation("doc")
apply S$id {
    @required
    @length(min: 1)
}
"#);
    let s = shape(&m, "ex#S");
    assert_eq!(s["traits"], json!({"smithy.api#documentation": "doc"}));
    assert_eq!(
        s["members"]["id"],
        json!({"target": "smithy.api#String", "traits": {"smithy.api#required": {}, "smithy.api#length": {"min": 1}}})
    );
}

#[test]
fn text_blocks_commas_and_metadata() {
    let m = ast(
        "$version: \"2\"\nmetadata m = [1, 2,]\nmetadata \"quoted key\" = {a: \"\"\"\n    x\n      y\\n\n    \"\"\"}\nnamespace ex\n,,list L { member: String, }\n",
    );
    assert_eq!(m["metadata"]["m"], json!([1, 2]));
    assert_eq!(m["metadata"]["quoted key"], json!({"a": "x\n  y\n\n"}));
    assert_eq!(shape(&m, "ex#L")["member"]["target"], "smithy.api#String");
}

#[test]
fn list_annotation_traits_default_to_an_empty_list() {
    let m = ast(
        "$version: \"2\"\nnamespace ex\n@trait\nlist marks { member: String }\n@marks\nstring A\n",
    );
    assert_eq!(shape(&m, "ex#A")["traits"], json!({"ex#marks": []}));
}

#[test]
fn services_and_resources() {
    let m = ast(r#"$version: "2"
namespace ex
service Svc {
    version: "1"
    operations: [Op, Op]
    resources: [R]
    errors: [Oops]
    rename: { "other#Name": "OtherName" }
}
resource R { identifiers: { id: String }, read: Op, collectionOperations: [Op] }
operation Op {}
@error("client") structure Oops {}
"#);
    let svc = shape(&m, "ex#Svc");
    assert_eq!(svc["operations"], json!([{"target": "ex#Op"}]));
    assert_eq!(svc["rename"], json!({"other#Name": "OtherName"}));
    let r = shape(&m, "ex#R");
    assert_eq!(r["read"], json!({"target": "ex#Op"}));
    assert_eq!(
        r["identifiers"]["id"],
        json!({"target": "smithy.api#String"})
    );
}

#[test]
fn version_one_files_are_upgraded() {
    let m = ast_files(&[
        (
            "a.smithy",
            "$version: \"1.0\"\nnamespace ex\ninteger Count\n@box\ninteger Boxed\nstructure S {\n  a: Count\n  b: Boxed\n  c: PrimitiveBoolean\n  @box\n  d: PrimitiveLong\n  e: Integer\n  f: Zero\n  g: NoZero\n}\n",
        ),
        // 2.0 shapes count as unboxed only with a zero `@default`.
        (
            "b.smithy",
            "$version: \"2\"\nnamespace ex\n@default(0)\nlong Zero\nlong NoZero\n",
        ),
    ]);
    assert_eq!(
        shape(&m, "ex#Count")["traits"],
        json!({"smithy.api#default": 0})
    );
    let members = &shape(&m, "ex#S")["members"];
    assert_eq!(members["a"]["traits"], json!({"smithy.api#default": 0}));
    assert_eq!(members["b"].get("traits"), None);
    assert_eq!(members["c"]["traits"], json!({"smithy.api#default": false}));
    assert_eq!(
        members["d"]["traits"],
        json!({"smithy.api#box": {}, "smithy.api#default": null})
    );
    assert_eq!(members["e"].get("traits"), None);
    assert_eq!(members["f"]["traits"], json!({"smithy.api#default": 0}));
    assert_eq!(members["g"].get("traits"), None);
}

#[test]
fn errors_name_file_line_and_column() {
    assert_eq!(
        error("$version: \"2\"\nnamespace ex\nstructure S {\n  a String\n}\n"),
        "error: a.smithy:4:5: expected `:`, found `String`"
    );
    assert_eq!(
        error("$version: \"2\"\nnamespace ex\n@tags(\"\\x\")\nstring S\n"),
        "error: a.smithy:3:8: expected a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX or an escaped newline), found `\\x`"
    );
    assert!(
        error(&format!(
            "namespace ex\n@tags({})\nstring S\n",
            "[".repeat(100_000)
        ))
        .contains("nested at most 64 deep")
    );
}

#[test]
fn a_file_without_version_is_read_as_one_point_zero() {
    let m = ast("namespace ex\nstructure S {\n  n: PrimitiveLong\n}\n");
    assert_eq!(
        shape(&m, "ex#S")["members"]["n"]["traits"],
        json!({"smithy.api#default": 0})
    );
}

#[test]
fn annotations_of_other_trait_kinds_are_null() {
    let m = ast("$version: \"2\"\nnamespace ex\n@trait\nstring note\n@note\nstring A\n");
    assert_eq!(shape(&m, "ex#A")["traits"], json!({"ex#note": null}));
}

#[test]
fn traits_before_apply_are_an_error() {
    assert_eq!(
        error("$version: \"2\"\nnamespace ex\nstring A\n@sensitive\napply A @deprecated\n"),
        "error: a.smithy:5:1: expected a shape definition after traits, found `apply` (traits cannot be applied to an apply statement)"
    );
}

#[test]
fn metadata_ids_resolve_only_to_the_prelude() {
    let m = ast(
        "$version: \"2\"\nmetadata foo = { String: String, Other: Other, Abs: a.b#C }\nnamespace ex\nstring Other\n",
    );
    assert_eq!(
        m["metadata"]["foo"],
        json!({"String": "smithy.api#String", "Other": "Other", "Abs": "a.b#C"})
    );
}

#[test]
fn smithy_loader_details() {
    let m = ast(r#"$version: "2"
namespace ex
resource R { identifiers: { id: String }, properties: { member: String } }
list Ids for R { $member }
@mixin
enum Base {
    A = "a"
}
enum Mixed with [Base] {
    /// Redeclared: keeps the mixin's value.
    A
}
@tags(["a"])
@tags(["b"])
@sensitive
@sensitive
string Twice
"#);
    assert_eq!(shape(&m, "ex#Ids")["member"]["target"], "smithy.api#String");
    assert_eq!(
        shape(&m, "ex#Mixed")["members"]["A"]["traits"],
        json!({"smithy.api#documentation": "Redeclared: keeps the mixin's value."})
    );
    assert_eq!(
        shape(&m, "ex#Twice")["traits"],
        json!({"smithy.api#tags": ["a", "b"], "smithy.api#sensitive": {}})
    );
}

#[test]
fn sets_are_idl_one_only() {
    let m = ast("$version: \"1.0\"\nnamespace ex\nset Unique {\n  member: String\n}\n");
    assert_eq!(shape(&m, "ex#Unique")["type"], "set");
    assert!(
        error("$version: \"2\"\nnamespace ex\nset Unique {\n  member: String\n}\n")
            .contains("IDL 2 has no `set`")
    );
    assert!(
        error("namespace ex\nenum E {\n  A\n}\n")
            .contains("`enum` shapes need Smithy IDL 2, but this file is read as IDL 1.0")
    );
}
