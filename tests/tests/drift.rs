//! `generated/` and `examples/bookstore/client/` must be exactly what `cargo xtask codegen`
//! produces from their models. This runs the same library call as `cargo xtask codegen
//! --check`, so plain `cargo test` catches drift.

#[test]
fn generated_crate_is_current() {
    let root = tests::workspace_root();
    let drift = smithy_codegen::workspace::check(&root).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        drift.is_empty(),
        "generated code is stale; run `cargo xtask codegen`:\n  {}",
        drift.lines().join("\n  ")
    );
}
