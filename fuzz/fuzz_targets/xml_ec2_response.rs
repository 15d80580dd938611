//! Arbitrary bytes as an ec2Query response body, through a client generated from the official
//! ec2Query protocol-test model: every operation's output (`<OpResponse>`) and the
//! `<Response><Errors><Error>` error path (the protocol's code rules and every modeled error).
//! Never a panic, unbounded recursion or allocation past the limits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smithy_client_runtime::error::RawResponse;

include!("../generated/fuzz_ec2_query.rs");

fuzz_target!(|data: &[u8]| {
    let body = bytes::Bytes::copy_from_slice(data);
    outputs(&RawResponse::new(200, Default::default(), body.clone()));
    errors(&RawResponse::new(400, Default::default(), body));
});
