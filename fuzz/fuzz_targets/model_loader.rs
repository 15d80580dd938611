//! The whole generator pipeline on arbitrary bytes as one JSON model source: it must return a
//! result (almost always an error) and never panic, overflow the stack or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smithy_codegen::{Settings, Source};

fuzz_target!(|data: &[u8]| {
    let source = Source {
        name: "fuzz.json".into(),
        text: String::from_utf8_lossy(data).into_owned(),
    };
    let settings = Settings::new("fuzzed")
        .with_model_label("fuzz.json")
        .with_protocol_tests(true);
    let _ = smithy_codegen::generate(&[source], &settings);
});
