//! `@streaming` blob payloads end to end: a client generated from
//! `tests/fixtures/streaming/streaming.json` (restJson1, a streaming upload and download) runs
//! `tests/fixtures/streaming/stream_loopback.rs` against a loopback hyper server, including
//! 1 GiB each way in a child process whose peak memory is reported; and the plan and the
//! generated code of streaming members are checked directly.

use smithy_codegen::{Settings, Source};

fn fixture() -> Vec<Source> {
    let root = tests::canonical_root();
    smithy_codegen::read_sources(
        &root.join("tests/fixtures/streaming/streaming.json"),
        "tests/fixtures/streaming/streaming.json",
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn settings() -> Settings {
    Settings::new("stream-store").with_runtime_path("../../../runtime")
}

#[test]
fn streaming_payloads_are_byte_streams_without_clone_or_eq() {
    let files = smithy_codegen::generate(&fixture(), &settings()).unwrap_or_else(|e| panic!("{e}"));
    let put = &files["src/operation/put_blob.rs"];
    assert!(
        put.contains("pub body: ::smithy_client_runtime::ByteStream,"),
        "{put}"
    );
    assert!(put.contains("invoke_streaming"), "{put}");
    assert!(
        put.contains("input: impl ::std::convert::Into<::smithy_client_runtime::ByteStream>"),
        "{put}"
    );
    // Neither the input, its builder nor the fluent builder can be cloned or compared (the
    // output, without a stream, still can).
    for item in [
        "pub struct PutBlobInput {",
        "pub struct PutBlobInputBuilder {",
        "pub struct PutBlobFluentBuilder {",
    ] {
        let at = put.find(item).unwrap_or_else(|| panic!("no {item}"));
        let derive = put[..at].rfind("#[derive(").unwrap();
        assert!(!put[derive..at].contains("Clone"), "{}", &put[derive..at]);
        assert!(
            !put[derive..at].contains("PartialEq"),
            "{}",
            &put[derive..at]
        );
    }
    let sized = &files["src/operation/put_sized_blob.rs"];
    assert!(sized.contains(".requires_length(true)"), "{sized}");
    let get = &files["src/operation/get_blob.rs"];
    assert!(get.contains("output.body = body;"), "{get}");
    assert_eq!(
        files,
        smithy_codegen::generate(&fixture(), &settings()).unwrap()
    );
}

#[test]
#[ignore = "slow: builds a generated crate and moves 1 GiB each way"]
fn streams_one_gib_each_way_over_a_loopback_server() {
    let root = tests::canonical_root();
    let dir = root.join("target/real-models/stream-store");
    let mut files =
        smithy_codegen::generate(&fixture(), &settings()).unwrap_or_else(|e| panic!("{e}"));
    for line in LOOPBACK_DEV_DEPENDENCIES {
        tests::generated_crate::add_dev_dependency(&mut files, line);
    }
    if let Some(manifest) = files.get_mut("Cargo.toml") {
        *manifest = manifest.replace(
            "tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n",
            "tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"net\", \"fs\"] }\n",
        );
    }
    let test =
        std::fs::read_to_string(root.join("tests/fixtures/streaming/stream_loopback.rs")).unwrap();
    files.insert("tests/stream_loopback.rs".into(), test);
    files.insert(
        "tests/common/pattern.rs".into(),
        std::fs::read_to_string(root.join("tests/fixtures/streaming/pattern.rs")).unwrap(),
    );
    let results = dir.join("stream-results.txt");
    let _ = std::fs::remove_file(&results);
    let out = tests::generated_crate::write_and_test(&root, &dir, &files, "stream_loopback");
    println!("{out}");
    let results = std::fs::read_to_string(&results).unwrap_or_default();
    println!("{results}");
    assert!(results.contains("STREAM_RESULT mode=upload "), "{results}");
    assert!(
        results.contains("STREAM_RESULT mode=download "),
        "{results}"
    );
}

/// Dev-dependencies of the generated loopback crates: the server, the independent SigV4 check
/// and the checksums it recomputes.
const LOOPBACK_DEV_DEPENDENCIES: [&str; 8] = [
    r#"hyper = { version = "1", features = ["server", "http1", "client"] }"#,
    r#"hyper-util = { version = "0.1", features = ["tokio", "client-legacy", "http1"] }"#,
    r#"http-body-util = "0.1""#,
    r#"bytes = "1""#,
    r#"futures-core = "0.3""#,
    r#"hmac = "0.13""#,
    r#"sha2 = "0.11""#,
    r#"crc32fast = "1""#,
];

#[test]
#[ignore = "slow: builds an S3 client and moves 1 GiB each way"]
fn s3_put_get_multipart_checksums_and_presigning_over_a_loopback_server() {
    let root = tests::canonical_root();
    let model = tests::aws_models_dir().join("s3.json");
    if !model.exists() {
        println!(
            "SKIP: {} is absent (the shared AWS models)",
            model.display()
        );
        return;
    }
    let sources = smithy_codegen::read_sources(&model, "s3.json").unwrap_or_else(|e| panic!("{e}"));
    let operations = [
        "PutObject",
        "GetObject",
        "CreateMultipartUpload",
        "UploadPart",
        "CompleteMultipartUpload",
    ];
    let settings = Settings::new("s3-streaming")
        .with_runtime_path("../../../runtime")
        .with_operations(Some(operations.iter().map(|o| o.to_string()).collect()));
    let mut files = smithy_codegen::generate(&sources, &settings).unwrap_or_else(|e| panic!("{e}"));
    for line in LOOPBACK_DEV_DEPENDENCIES {
        tests::generated_crate::add_dev_dependency(&mut files, line);
    }
    if let Some(manifest) = files.get_mut("Cargo.toml") {
        *manifest = manifest.replace(
            "tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n",
            "tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"net\", \"fs\"] }\n",
        );
    }
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    files.insert(
        "tests/s3_loopback.rs".into(),
        read("tests/fixtures/streaming/s3_loopback.rs"),
    );
    files.insert(
        "tests/common/pattern.rs".into(),
        read("tests/fixtures/streaming/pattern.rs"),
    );
    files.insert("sigv4_check.rs".into(), read("tests/sigv4_check.rs"));
    let dir = root.join("target/real-models/s3-streaming");
    let results = dir.join("stream-results.txt");
    let _ = std::fs::remove_file(&results);
    let out = tests::generated_crate::write_and_test(&root, &dir, &files, "s3_loopback");
    println!("{out}");
    let results = std::fs::read_to_string(&results).unwrap_or_default();
    println!("{results}");
    assert!(results.contains("STREAM_RESULT mode=s3-put "), "{results}");
    assert!(results.contains("STREAM_RESULT mode=s3-get "), "{results}");
}
