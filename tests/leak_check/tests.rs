//! Unit tests of the leak-test writer on the fixtures.

use super::*;
use std::path::Path;

fn plan_of(path: &Path, label: &str) -> CratePlan {
    let sources = smithy_codegen::read_sources(path, label).unwrap_or_else(|e| panic!("{e}"));
    let loaded = smithy_codegen::load::load(&sources).unwrap_or_else(|e| panic!("{e}"));
    let resolved = smithy_codegen::resolve::resolve(loaded, None).unwrap_or_else(|e| panic!("{e}"));
    smithy_codegen::plan::plan(&resolved).unwrap_or_else(|e| panic!("{e}"))
}

fn fixture(name: &str) -> CratePlan {
    let label = format!("tests/fixtures/{name}.json");
    plan_of(&crate::workspace_root().join(&label), &label)
}

#[test]
fn sensitivity_comes_from_members_and_their_containers() {
    let test = write(&fixture("sensitive"), "vault").expect("the fixture is written");
    let id = |m: &str| format!("example.vault#{m}");
    // A sensitive target, a list of one, and every member of a sensitive structure, union
    // and error message.
    for member in [
        "PutContactInput$Email",
        "PutContactInput$Aliases",
        "PutContactInput$Address",
        "PutContactInput$Tier",
        "Address$Street",
        "ContactMethod$Phone",
        "InvalidContact$Message",
    ] {
        assert!(
            test.reachable.contains(&id(member)),
            "{member}: {:?}",
            test.reachable
        );
    }
    for member in [
        "PutContactInput$Catalog",
        "PutContactOutput$Id",
        "InvalidContact$Field",
    ] {
        assert!(
            !test.reachable.contains(&id(member)),
            "{member} is not sensitive"
        );
    }
    assert_eq!(test.set, test.reachable);
    assert_eq!(test.sensitive_types.len(), 3, "{:?}", test.sensitive_types);
    // `Balance` and the values under `ScoreByEmail`'s sensitive keys, in both rounds.
    assert!(test.malformed >= 2, "{}", test.malformed);
    // Sensitive values get the marker that is searched for, the others a harmless one.
    let body = r#"\"Field\":\"plainvalue8b2f\",\"Message\":\"sensitivemarker4c1d9e\""#;
    assert!(test.source.contains(body), "{}", test.source);
    assert!(test.source.contains(".catalog(PLAIN.to_owned())"));
    assert!(test.source.contains(".email(SENSITIVE.to_owned())"));
}

#[test]
fn every_union_member_is_sent_and_received() {
    let test = write(&fixture("sensitive"), "vault").expect("the fixture is written");
    // The input sets `Contact` once per round; the rounds go through every member.
    let inputs: Vec<&str> = test
        .source
        .split("let builder = ")
        .skip(1)
        .filter_map(|rest| rest.split("let input = ").next())
        .collect();
    assert_eq!(inputs.len(), 2, "one round per member of the union");
    for variant in ["ContactMethod::Email(", "ContactMethod::Phone("] {
        assert!(
            inputs.iter().any(|i| i.contains(variant)),
            "{variant} is never sent"
        );
    }
    // And the responses.
    assert!(
        test.source
            .contains(r#"{\"Email\":\"sensitivemarker4c1d9e\"}"#)
    );
    assert!(
        test.source
            .contains(r#"{\"Phone\":\"sensitivemarker4c1d9e\"}"#)
    );
}

#[test]
fn recursive_and_large_fixtures_are_covered_in_full() {
    for name in ["kitchen-sink", "obstacle-course"] {
        let test = write(&fixture(name), "fixture").unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(test.set, test.reachable, "{name}");
        assert!(test.operations > 0, "{name}");
    }
}

/// Every official model beside the workspace (when present): the writer reaches every
/// sensitive member the plan has, without model-specific help.
#[test]
fn every_aws_model_is_covered_in_full() {
    let dir = std::env::var_os("SMITHY_AWS_MODELS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| crate::workspace_root().join("../shared/models/aws"));
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("SKIPPED: {} is missing", dir.display());
        return;
    };
    let mut models: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    models.sort();
    for model in models
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let label = model.display().to_string();
        // The models of protocols the generator does not speak yet are refused by the
        // planner; `real_models::every_aws_model_generates` lists them and checks that.
        let sources = smithy_codegen::read_sources(model, &label).unwrap_or_else(|e| panic!("{e}"));
        let loaded = smithy_codegen::load::load(&sources).unwrap_or_else(|e| panic!("{e}"));
        let resolved =
            smithy_codegen::resolve::resolve(loaded, None).unwrap_or_else(|e| panic!("{e}"));
        let plan = match smithy_codegen::plan::plan(&resolved) {
            Ok(plan) => plan,
            Err(e) if e.to_string().contains("unsupported protocol") => {
                eprintln!("SKIPPED: {label}: {e}");
                continue;
            }
            Err(e) => panic!("{e}"),
        };
        let test = write(&plan, "model").unwrap_or_else(|e| panic!("{label}: {e}"));
        let missing: Vec<_> = test.reachable.difference(&test.set).collect();
        assert!(missing.is_empty(), "{label}: not set: {missing:?}");
    }
}

#[test]
fn base64_matches_the_standard_alphabet_and_padding() {
    assert_eq!(base64(b""), "");
    assert_eq!(base64(b"f"), "Zg==");
    assert_eq!(base64(b"fo"), "Zm8=");
    assert_eq!(base64(b"foo"), "Zm9v");
    assert_eq!(base64(b"foobar"), "Zm9vYmFy");
}
