//! Hostile rpcv2Cbor responses through a generated client: `tests/fixtures/hostile_cbor.smithy`
//! is generated into `target/hostile-cbor/` with `tests/fixtures/hostile_cbor_client.rs` as its
//! test (nesting 10,000 deep, declared lengths of 2^63, truncation: each a typed error). The
//! codec's own limits are unit-tested in `runtime/src/cbor/tests.rs`.

use tests::generated_crate::write_and_test;
use tests::workspace_root;

#[test]
#[ignore = "generates and compiles a crate; CI runs ignored tests"]
fn hostile_cbor_responses_are_typed_errors() {
    let root = workspace_root();
    let label = "tests/fixtures/hostile_cbor.smithy";
    let sources = smithy_codegen::read_sources(&root.join(label), label).expect("read the model");
    let dir = root.join("target/hostile-cbor");
    // target/hostile-cbor -> ../../runtime
    let settings = smithy_codegen::Settings::new("hostile-cbor")
        .with_runtime_path("../../runtime")
        .with_model_label(label);
    let mut files = smithy_codegen::generate(&sources, &settings).expect("the fixture generates");
    files.insert(
        "tests/hostile.rs".into(),
        include_str!("../fixtures/hostile_cbor_client.rs").into(),
    );
    write_and_test(&root, &dir, &files, "hostile");
}
