//! The Smithy IDL loader on arbitrary bytes as one `.smithy` source (decoded as the CLI decodes
//! files, so invalid UTF-8 is exercised too), then the JSON AST writer: both must return a
//! result (almost always an error) and never panic, overflow the stack or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smithy_codegen::Source;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = smithy_codegen::idl::decode("fuzz.smithy", data.to_vec()) else {
        return;
    };
    let source = Source {
        name: "fuzz.smithy".into(),
        text,
    };
    let _ = smithy_codegen::json_ast::to_json_ast(&[source]);
});
