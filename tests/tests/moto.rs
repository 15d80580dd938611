//! Clients generated from the real S3 model (and STS, IAM, SNS for awsQuery) against an
//! independent server: moto (`moto_server`, Python), started on 127.0.0.1 by the test
//! (`tests/fixtures/moto_s3.rs`, run inside the generated crate). Slow (it builds the S3
//! client), so `#[ignore]`d: `cargo test -p tests --test moto -- --ignored`. Skips with a
//! message when the shared models or moto are missing (`pip install 'moto[server]'`).

use smithy_codegen::Settings;

#[test]
#[ignore = "slow: builds the S3 client and runs it against moto_server"]
fn s3_against_moto() {
    let dir = tests::aws_models_dir();
    let model = dir.join("s3.json");
    if !model.is_file() {
        println!("SKIPPED: {} is missing", model.display());
        return;
    }
    if !moto_available() {
        println!("SKIPPED: moto_server is not installed (pip install 'moto[server]')");
        return;
    }
    let root = tests::canonical_root();
    let out = root.join("target/real-models/s3-moto");
    let runtime = format!(
        "{}runtime",
        "../".repeat(out.strip_prefix(&root).unwrap().components().count())
    );
    let sources = smithy_codegen::read_sources(&model, "shared/models/aws/s3.json")
        .unwrap_or_else(|e| panic!("{e}"));
    let settings = Settings::new("s3")
        .with_runtime_path(runtime)
        .with_model_label("shared/models/aws/s3.json".to_owned());
    let mut files = smithy_codegen::generate(&sources, &settings).unwrap_or_else(|e| panic!("{e}"));
    let test = std::fs::read_to_string(root.join("tests/fixtures/moto_s3.rs")).unwrap();
    files.insert("tests/moto_s3.rs".into(), test);
    // The test also connects and times out with tokio.
    let manifest = files.get_mut("Cargo.toml").expect("a manifest");
    *manifest = manifest.replace(
        r#"features = ["macros", "rt-multi-thread"]"#,
        r#"features = ["macros", "rt-multi-thread", "net", "time"]"#,
    );
    // The presigned URL is fetched with a bare hyper connection, not through the client.
    for line in [
        r#"hyper = { version = "1", default-features = false, features = ["client", "http1"] }"#,
        r#"hyper-util = { version = "0.1", default-features = false, features = ["tokio"] }"#,
        r#"http-body-util = "0.1""#,
        r#"http = "1""#,
        r#"bytes = "1""#,
    ] {
        tests::generated_crate::add_dev_dependency(&mut files, line);
    }
    let text = tests::generated_crate::write_and_test(&root, &out, &files, "moto_s3");
    println!("{text}");
}

/// Whether `moto_server` runs (`--help` exits 0).
fn moto_available() -> bool {
    std::process::Command::new("moto_server")
        .arg("--help")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
