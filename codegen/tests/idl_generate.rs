//! A model written only in Smithy IDL generates a crate, and the very same crate as its JSON AST
//! form (`tests/fixtures/idl/weather.smithy` and `weather.json`, an awsJson1_0 service using
//! inline input/output, mixins, defaults, enums, unions, maps, pagination and `apply`).

use smithy_codegen::{Settings, Source, generate, read_sources};
use std::path::Path;

fn fixture(name: &str) -> Vec<Source> {
    let label = format!("tests/fixtures/idl/{name}");
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(&label);
    read_sources(&path, &label).unwrap_or_else(|e| panic!("{e}"))
}

fn settings() -> Settings {
    // The same label for both, so the generated headers agree.
    Settings::new("weather").with_model_label("tests/fixtures/idl/weather")
}

#[test]
fn idl_model_generates_the_same_crate_as_its_json_ast() {
    let from_idl =
        generate(&fixture("weather.smithy"), &settings()).unwrap_or_else(|e| panic!("{e}"));
    let from_json =
        generate(&fixture("weather.json"), &settings()).unwrap_or_else(|e| panic!("{e}"));
    assert!(from_idl.contains_key("src/lib.rs"), "{:?}", from_idl.keys());
    assert_eq!(
        from_idl.keys().collect::<Vec<_>>(),
        from_json.keys().collect::<Vec<_>>()
    );
    for (path, text) in &from_idl {
        assert!(
            from_json[path] == *text,
            "{path} differs between IDL and JSON AST"
        );
    }
}

#[test]
fn idl_and_json_files_load_side_by_side() {
    // The IDL file's shapes plus a JSON file that refers to them: one model.
    let mut sources = fixture("weather.smithy");
    sources.push(Source {
        name: "extra.json".into(),
        text: r#"{"smithy": "2.0", "shapes": {
            "example.weather#CityList": {"type": "list", "member": {"target": "example.weather#CityId"}}
        }}"#
        .into(),
    });
    let loaded = smithy_codegen::load::load(&sources).unwrap_or_else(|e| panic!("{e}"));
    assert!(loaded.model.shapes.contains_key("example.weather#CityList"));
    assert!(
        loaded
            .model
            .shapes
            .contains_key("example.weather#GetForecastInput")
    );
}
