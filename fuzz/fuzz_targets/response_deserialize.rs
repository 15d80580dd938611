//! Arbitrary bytes as a response body of a client generated from the full official Partner
//! Central model: the JSON parser, the output deserializer of every operation and the parsing
//! of every modeled error must return errors, never panic. The list of calls is written from the
//! generator's plan by `cargo xtask fuzz-setup`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smithy_client_runtime::error::RawResponse;

include!("../generated/every_operation.rs");

fuzz_target!(|data: &[u8]| {
    let response = RawResponse::new(
        200,
        Default::default(),
        bytes::Bytes::copy_from_slice(data),
    );
    deserialize_everything(&response);
});
