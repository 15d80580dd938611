//! Arbitrary bytes as the body of a successful restXml response, read as the output of every
//! operation of clients generated from the official restXml protocol-test model: the RestXml
//! service (wrapped outputs, `@xmlName`/`@xmlAttribute`/`@xmlFlattened`/namespaces, payloads)
//! and the S3 service (`s3UnwrappedXmlOutput`). The first byte picks the status, so 2xx
//! variants and header-less bodies are both reached. Must return values or errors, never panic.
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
        Some((b, rest)) => (200 + u16::from(*b % 8), rest),
        None => (200, data),
    };
    let response = RawResponse::new(
        status,
        Default::default(),
        bytes::Bytes::copy_from_slice(body),
    );
    rest_xml::outputs(&response);
    s3::outputs(&response);
});
