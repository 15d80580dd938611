//! Malformed models in `tests/fixtures/bad/` must fail generation with a clear message: no panic,
//! the file named, the shape id named when the problem is about a shape, and words that say what
//! is wrong. A failed `cargo xtask codegen` must not write anything.

use smithy_codegen::{Settings, Source};
use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;

const BAD_DIR: &str = "tests/fixtures/bad";

/// Fixture (a file, or a directory whose `*.json` files form one model) -> substrings the error
/// message must contain besides the fixture's path: the shape id(s) and a problem-specific word.
const CASES: &[(&str, &[&str])] = &[
    // The file itself.
    ("invalid-json.json", &["not valid JSON"]),
    ("non-object-root.json", &["must be a JSON object"]),
    ("missing-version.json", &["missing the \"smithy\" version"]),
    ("version-1-0.json", &["unsupported Smithy version \"1.0\""]),
    (
        "version-number.json",
        &["\"smithy\" must be a version string"],
    ),
    ("shapes-not-object.json", &["\"shapes\" must be an object"]),
    // Shape syntax.
    (
        "unknown-shape-type.json",
        &["example.bad#Thing", "unknown shape type \"struct\""],
    ),
    (
        "invalid-shape-id.json",
        &["example.bad/Thing", "not a valid absolute shape id"],
    ),
    (
        "relative-member-target.json",
        &["example.bad#Thing$name", "\"MyString\"", "not an absolute"],
    ),
    (
        "relative-trait-id.json",
        &[
            "example.bad#Thing",
            "trait id \"documentation\"",
            "not an absolute",
        ],
    ),
    (
        "list-without-member.json",
        &["example.bad#Things", "needs a \"member\""],
    ),
    // References.
    (
        "dangling-member-target.json",
        &[
            "example.bad#Thing$name",
            "example.bad#Missing",
            "not defined",
        ],
    ),
    (
        "dangling-operation-input.json",
        &[
            "example.bad#DoThing",
            "input example.bad#MissingInput",
            "not defined",
        ],
    ),
    (
        "dangling-operation-output.json",
        &[
            "example.bad#DoThing",
            "output example.bad#MissingOutput",
            "not defined",
        ],
    ),
    (
        "dangling-operation-error.json",
        &[
            "example.bad#DoThing",
            "error example.bad#MissingError",
            "not defined",
        ],
    ),
    (
        "dangling-service-operation.json",
        &[
            "example.bad#Svc",
            "operation example.bad#Ghost",
            "not defined",
        ],
    ),
    (
        "error-without-error-trait.json",
        &[
            "example.bad#DoThing",
            "example.bad#Oops",
            "lacks the @error trait",
        ],
    ),
    (
        "service-non-operation.json",
        &[
            "example.bad#Svc",
            "example.bad#NotAnOp",
            "must be an operation but is a structure",
        ],
    ),
    (
        "member-targets-operation.json",
        &[
            "example.bad#DoThingInput$op",
            "example.bad#DoThing",
            "not a data shape",
        ],
    ),
    // Values of the traits the generator reads.
    (
        "documentation-not-string.json",
        &[
            "example.bad#Thing",
            "smithy.api#documentation",
            "expected a string",
        ],
    ),
    (
        "required-not-object.json",
        &[
            "example.bad#Thing$name",
            "smithy.api#required",
            "expected an object",
        ],
    ),
    (
        "http-error-not-int.json",
        &[
            "example.bad#Oops",
            "smithy.api#httpError",
            "\"404\"",
            "status code",
        ],
    ),
    (
        "error-trait-bad-value.json",
        &[
            "example.bad#Oops",
            "smithy.api#error",
            "\"user\"",
            "\"client\" or \"server\"",
        ],
    ),
    (
        "timestamp-format-unknown.json",
        &[
            "example.bad#When",
            "smithy.api#timestampFormat",
            "\"unix-millis\"",
            "epoch-seconds",
        ],
    ),
    (
        "paginated-non-string.json",
        &[
            "example.bad#DoThing",
            "smithy.api#paginated",
            "pageSize",
            "50",
        ],
    ),
    (
        "enum-value-wrong-type.json",
        &["example.bad#Color$RED", "@enumValue", "non-empty string"],
    ),
    (
        "int-enum-value-wrong-type.json",
        &["example.bad#Level$LOW", "integer @enumValue"],
    ),
    (
        "int-enum-without-value.json",
        &["example.bad#Level$HIGH", "integer @enumValue"],
    ),
    (
        "enum-member-not-unit.json",
        &["example.bad#Color$RED", "must target smithy.api#Unit"],
    ),
    (
        "enum-duplicate-values.json",
        &["example.bad#Color$", "CRIMSON", "RED", "same value \"red\""],
    ),
    // Case rules.
    (
        "members-differ-in-case.json",
        &[
            "example.bad#Thing",
            "\"Name\"",
            "\"name\"",
            "differ only in case",
        ],
    ),
    (
        "shape-ids-differ-in-case.json",
        &[
            "example.bad#Thing",
            "example.bad#thing",
            "differ ignoring case",
        ],
    ),
    (
        "redefine-prelude.json",
        &["smithy.api#String", "prelude", "reserved"],
    ),
    // The same shape in two files.
    (
        "conflicting-merge",
        &[
            "tests/fixtures/bad/conflicting-merge/b.json",
            "tests/fixtures/bad/conflicting-merge/a.json",
            "example.bad#Thing",
            "conflicting definitions",
        ],
    ),
    (
        "conflicting-traits",
        &[
            "tests/fixtures/bad/conflicting-traits/b.json",
            "example.bad#Thing",
            "smithy.api#documentation",
            "different values",
        ],
    ),
    // `apply`.
    (
        "apply-missing-shape.json",
        &["example.bad#Ghost", "apply", "shape that is not defined"],
    ),
    (
        "apply-missing-member.json",
        &[
            "example.bad#Thing$ghost",
            "apply",
            "member that does not exist",
        ],
    ),
    // Mixins.
    (
        "mixin-cycle.json",
        &[
            "example.bad#A -> example.bad#B -> example.bad#A",
            "mixins form a cycle",
        ],
    ),
    (
        "mixin-without-trait.json",
        &["example.bad#Thing", "example.bad#Base", "lacks @mixin"],
    ),
    (
        "mixin-kind-mismatch.json",
        &["example.bad#Thing", "example.bad#Base", "is a string"],
    ),
    (
        "map-key-not-string.json",
        &["example.bad#Counts$key", "map keys must target a string"],
    ),
    // Services.
    (
        "two-services.json",
        &[
            "example.bad#Svc",
            "example.bad#OtherSvc",
            "several services",
            "--service",
        ],
    ),
    ("no-service.json", &["no service shape"]),
    (
        "unsupported-protocol.json",
        &[
            "example.bad#Svc",
            "unsupported protocol",
            "aws.protocols#restJson1",
        ],
    ),
    (
        "closure-name-conflict.json",
        &["example.bad#Thing", "example.other#Thing", "rename"],
    ),
    // Rust names that collide, found while planning.
    (
        "collision-type-names.json",
        &["example.bad#FooBar", "example.bad#Foo_Bar", "FooBar"],
    ),
    (
        "collision-member-fields.json",
        &[
            "example.bad#DoThingOutput$",
            "fooBar",
            "foo_bar",
            "Rust name",
        ],
    ),
    (
        "collision-setter.json",
        &["example.bad#DoThingInput$", "set_x", "Rust name"],
    ),
    (
        "collision-enum-variants.json",
        &[
            "example.bad#Color",
            "dark-red",
            "darkred",
            "variant `DarkRed`",
        ],
    ),
    (
        "default-wrong-type.json",
        &[
            "example.bad#DoThingOutput$count",
            "@default",
            "\"five\"",
            "does not fit",
        ],
    ),
    (
        "paginated-token-not-member.json",
        &[
            "example.bad#DoThing",
            "@paginated inputToken nextToken",
            "not an input member",
        ],
    ),
];

fn settings(label: &str) -> Settings {
    Settings {
        crate_name: "bad-model".into(),
        runtime_path: "../runtime".into(),
        service: None,
        standalone: true,
        model_label: label.into(),
        protocol_tests: false,
        operations: None,
    }
}

fn sources(case: &str) -> (String, Vec<Source>) {
    let label = format!("{BAD_DIR}/{case}");
    let path = tests::workspace_root().join(&label);
    let sources =
        smithy_codegen::read_sources(&path, &label).unwrap_or_else(|e| panic!("{label}: {e}"));
    (label, sources)
}

/// Runs the generator, turning a panic into a test failure that says which fixture caused it.
fn generate_err(case: &str) -> String {
    let (label, sources) = sources(case);
    let result = catch_unwind(AssertUnwindSafe(|| {
        smithy_codegen::generate(&sources, &settings(&label))
    }));
    match result {
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("PANIC in the generator on {label}: {what}")
        }
        Ok(Ok(files)) => panic!(
            "{label}: generation succeeded ({} files) but the model is malformed",
            files.len()
        ),
        Ok(Err(e)) => e.to_string(),
    }
}

#[test]
fn every_bad_model_fails_with_a_clear_message() {
    let mut failures = Vec::new();
    for (case, expected) in CASES {
        let message = generate_err(case);
        let file = format!("{BAD_DIR}/{case}");
        let missing: Vec<&str> = std::iter::once(file.as_str())
            .chain(expected.iter().copied())
            .filter(|want| !message.contains(want))
            .collect();
        if !missing.is_empty() {
            failures.push(format!(
                "{case}: message lacks {missing:?}\n--- message ---\n{message}\n"
            ));
        }
        // Each diagnostic line names its file, not only the first one.
        for line in message.lines() {
            if !line.contains(BAD_DIR) {
                failures.push(format!("{case}: a line names no file: {line}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_fixture_has_an_expectation() {
    let dir = tests::workspace_root().join(BAD_DIR);
    let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let listed: BTreeSet<String> = CASES.iter().map(|(c, _)| c.to_string()).collect();
    assert_eq!(
        on_disk, listed,
        "tests/fixtures/bad and the CASES table disagree"
    );
    assert!(listed.len() >= 30, "only {} bad models", listed.len());
}

/// A temporary directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let path = std::env::temp_dir().join(format!(
            "smithy-bad-models-{tag}-{}-{nanos}",
            std::process::id()
        ));
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Every file below `dir` with its bytes, keyed by relative path.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("readable file");
                out.push((
                    path.strip_prefix(dir).expect("below dir").to_path_buf(),
                    bytes,
                ));
            }
        }
    }
    out.sort();
    out
}

/// `cargo run -p xtask -- codegen ...` from the workspace root, with the cargo running this test.
fn xtask_codegen(model: &Path, out: &Path) -> std::process::Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| env!("CARGO").to_string());
    Command::new(cargo)
        .current_dir(tests::workspace_root())
        .args(["run", "-q", "-p", "xtask", "--", "codegen", "--model"])
        .arg(model)
        .arg("--out")
        .arg(out)
        .output()
        .expect("cargo runs")
}

#[test]
fn xtask_fails_on_a_bad_model_and_writes_nothing() {
    let tmp = TempDir::new("xtask");
    let out = tmp.0.join("crate");
    let model = tests::workspace_root()
        .join(BAD_DIR)
        .join("dangling-member-target.json");
    let run = xtask_codegen(&model, &out);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        !run.status.success(),
        "xtask succeeded on a bad model; stderr:\n{stderr}"
    );
    for want in [
        "dangling-member-target.json",
        "example.bad#Thing$name",
        "example.bad#Missing",
        "not defined",
    ] {
        assert!(stderr.contains(want), "stderr lacks {want:?}:\n{stderr}");
    }
    assert!(
        !out.exists() && !tmp.0.exists(),
        "a failed generation created {}",
        out.display()
    );
}

#[test]
fn a_failed_generation_leaves_an_existing_crate_untouched() {
    let tmp = TempDir::new("untouched");
    let out = tmp.0.join("crate");
    // A real generated crate first, written the way xtask writes it.
    let good = tests::workspace_root().join("tests/fixtures/kitchen-sink.json");
    let good_sources = smithy_codegen::read_sources(&good, "tests/fixtures/kitchen-sink.json")
        .expect("kitchen-sink is readable");
    let files =
        smithy_codegen::generate(&good_sources, &settings("tests/fixtures/kitchen-sink.json"))
            .unwrap_or_else(|e| panic!("{e}"));
    smithy_codegen::output::write(&out, &files).unwrap_or_else(|e| panic!("{e}"));
    let before = snapshot(&out);
    assert!(
        before.len() > 3,
        "the good crate has only {} files",
        before.len()
    );

    // Then a bad model into the same directory, through the real binary.
    let model = tests::workspace_root()
        .join(BAD_DIR)
        .join("collision-setter.json");
    let run = xtask_codegen(&model, &out);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success(), "xtask succeeded on a bad model");
    assert!(stderr.contains("set_x"), "unexpected stderr:\n{stderr}");

    assert_eq!(
        snapshot(&out),
        before,
        "a failed generation changed the existing crate"
    );
}
