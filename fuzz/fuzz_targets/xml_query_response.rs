//! Arbitrary bytes as an awsQuery response body, through a client generated from the official
//! awsQuery protocol-test model: every operation's output (`<OpResponse><OpResult>`) and the
//! `<ErrorResponse><Error>` error path (the protocol's code rules, `@awsQueryError` codes, every
//! modeled error). Never a panic, unbounded recursion or allocation past the limits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smithy_client_runtime::error::RawResponse;

include!("../generated/fuzz_aws_query.rs");

fuzz_target!(|data: &[u8]| {
    let body = bytes::Bytes::copy_from_slice(data);
    outputs(&RawResponse::new(200, Default::default(), body.clone()));
    errors(&RawResponse::new(400, Default::default(), body));
});
