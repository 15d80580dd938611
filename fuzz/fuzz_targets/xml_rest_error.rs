//! Arbitrary bytes as the body of a restXml error response, read the way the client does:
//! the protocol's error-code rules (wrapped `<ErrorResponse><Error>`, unwrapped `<Error>` as S3
//! and `noErrorWrapping` send, an empty body whose code comes from the status), then the
//! modeled error of that code, and every modeled error of every operation of the RestXml and
//! S3 protocol-test clients. The first byte picks the status (4xx/5xx). Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smithy_client_runtime::error::RawResponse;

// Each target uses one half (outputs or errors) of the call lists.
#[allow(dead_code)]
mod rest_xml {
    include!("../generated/fuzz_rest_xml.rs");
}

#[allow(dead_code)]
mod s3 {
    include!("../generated/fuzz_rest_xml_s3.rs");
}

fuzz_target!(|data: &[u8]| {
    let (status, body) = match data.split_first() {
        Some((b, rest)) => (400 + u16::from(*b % 200), rest),
        None => (404, data),
    };
    let response = RawResponse::new(
        status,
        Default::default(),
        bytes::Bytes::copy_from_slice(body),
    );
    rest_xml::errors(&response);
    s3::errors(&response);
});
