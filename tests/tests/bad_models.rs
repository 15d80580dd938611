//! Malformed models in `tests/fixtures/bad/<class>/` must fail generation with a clear message:
//! no panic, the file named, the shape id named when the problem is about a shape, and words that
//! say what is wrong (the expectations are in `tests/fixtures/bad/EXPECTED.txt`). A failed
//! `cargo xtask codegen` must not write anything. Valid-but-tricky models are in
//! `valid_models.rs`.

use smithy_codegen::{Settings, Source};
use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;

const BAD_DIR: &str = "tests/fixtures/bad";

/// The table of cases: `tests/fixtures/bad/EXPECTED.txt` (its header says the format).
const EXPECTED: &str = "tests/fixtures/bad/EXPECTED.txt";

/// Fewer cases than this means fixtures went missing.
const MIN_CASES: usize = 120;

/// Each case of `EXPECTED.txt`: its path below `BAD_DIR` and the texts its error must contain.
fn cases() -> Vec<(String, Vec<String>)> {
    let path = tests::workspace_root().join(EXPECTED);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{EXPECTED}: {e}"));
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut fields = l.split(" | ").map(str::trim);
            let case = fields.next().unwrap_or_default().to_string();
            let wants: Vec<String> = fields.filter(|w| *w != "-").map(str::to_string).collect();
            assert!(!wants.is_empty(), "{EXPECTED}: `{l}` expects nothing");
            (case, wants)
        })
        .collect()
}

fn settings(label: &str) -> Settings {
    Settings::new("bad-model").with_model_label(label)
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
    let cases = cases();
    for (case, expected) in &cases {
        let message = generate_err(case);
        let file = format!("{BAD_DIR}/{case}");
        let missing: Vec<&str> = std::iter::once(file.as_str())
            .chain(expected.iter().map(String::as_str))
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
    println!(
        "{} bad models rejected with the expected message",
        cases.len()
    );
}

/// Every case on disk (each entry of a class folder: a model file, or a directory of files
/// forming one model), as `class/name`.
fn cases_on_disk() -> BTreeSet<String> {
    let dir = tests::workspace_root().join(BAD_DIR);
    let mut out = BTreeSet::new();
    for class in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let class = class.expect("directory entry").path();
        if !class.is_dir() {
            continue;
        }
        let class_name = class.file_name().map(|n| n.to_string_lossy().into_owned());
        for entry in
            std::fs::read_dir(&class).unwrap_or_else(|e| panic!("{}: {e}", class.display()))
        {
            let name = entry.expect("directory entry").file_name();
            out.insert(format!(
                "{}/{}",
                class_name.clone().unwrap_or_default(),
                name.to_string_lossy()
            ));
        }
    }
    out
}

#[test]
fn every_fixture_has_an_expectation() {
    let listed: Vec<String> = cases().into_iter().map(|(c, _)| c).collect();
    let unique: BTreeSet<String> = listed.iter().cloned().collect();
    assert_eq!(unique.len(), listed.len(), "{EXPECTED} lists a case twice");
    assert_eq!(
        cases_on_disk(),
        unique,
        "tests/fixtures/bad/<class>/ and {EXPECTED} disagree"
    );
    assert!(
        unique.len() >= MIN_CASES,
        "only {} bad models",
        unique.len()
    );
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
        .join("references/dangling-member-target.json");
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
        .join("recursion/list-self.json");
    let run = xtask_codegen(&model, &out);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success(), "xtask succeeded on a bad model");
    assert!(
        stderr.contains("example.bad#L") && stderr.contains("lists and maps only"),
        "unexpected stderr:\n{stderr}"
    );

    assert_eq!(
        snapshot(&out),
        before,
        "a failed generation changed the existing crate"
    );
}
