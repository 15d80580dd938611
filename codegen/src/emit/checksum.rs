//! `@httpChecksum` in an operation module: the trait as a `static` of the runtime's
//! `checksum::HttpChecksum`, and the per-call `RequestChecksum` built from the input.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::rt;
use crate::naming::ident;
use crate::plan::checksum::{ChecksumMember, HttpChecksumPlan};

/// `static HTTP_CHECKSUM: HttpChecksum = ...;`
pub fn http_checksum_static(plan: &HttpChecksumPlan) -> TokenStream {
    let rt = rt();
    let mut value = quote!(#rt::checksum::HttpChecksum::new());
    if plan.request_checksum_required {
        value = quote!(#value.request_checksum_required());
    }
    let header = |m: &ChecksumMember| match &m.header {
        Some(h) => quote!(::std::option::Option::Some(#h)),
        None => quote!(::std::option::Option::None),
    };
    if let Some(m) = &plan.request_algorithm_member {
        let h = header(m);
        value = quote!(#value.request_algorithm_member(#h));
    }
    if let Some(m) = &plan.validation_mode_member {
        let h = header(m);
        value = quote!(#value.request_validation_mode_member(#h));
    }
    if !plan.response_algorithms.is_empty() {
        let algs = plan.response_algorithms.iter().map(|a| {
            let v = ident(a);
            quote!(#rt::checksum::ChecksumAlgorithm::#v)
        });
        value = quote!(#value.response_algorithms(&[#(#algs),*]));
    }
    quote! {
        /// This operation's `@httpChecksum` (flexible checksums).
        static HTTP_CHECKSUM: #rt::checksum::HttpChecksum = #value;
    }
}

/// `RequestChecksum::new(&HTTP_CHECKSUM)` with the caller's algorithm and validation mode.
pub fn request_checksum(plan: &HttpChecksumPlan) -> TokenStream {
    let rt = rt();
    let mut call = quote!(#rt::checksum::RequestChecksum::new(&HTTP_CHECKSUM));
    if let Some(m) = &plan.request_algorithm_member {
        let f = ident(&m.field);
        let read = if m.is_enum {
            quote!(input.#f.as_ref().map(|v| v.as_str()))
        } else {
            quote!(input.#f.as_deref())
        };
        call = quote!(#call.algorithm(#read));
    }
    if let Some(m) = &plan.validation_mode_member {
        let f = ident(&m.field);
        call = quote!(#call.validation_enabled(input.#f.is_some()));
    }
    call
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trait_and_the_call_read_the_input_members() {
        let plan = HttpChecksumPlan {
            request_checksum_required: true,
            request_algorithm_member: Some(ChecksumMember {
                field: "checksum_algorithm".into(),
                header: Some("x-amz-sdk-checksum-algorithm".into()),
                is_enum: true,
            }),
            validation_mode_member: Some(ChecksumMember {
                field: "checksum_mode".into(),
                header: None,
                is_enum: true,
            }),
            response_algorithms: vec!["Crc32", "Crc64Nvme"],
        };
        let text = http_checksum_static(&plan).to_string().replace(' ', "");
        for part in [
            ".request_checksum_required()",
            ".request_algorithm_member(::std::option::Option::Some(\"x-amz-sdk-checksum-algorithm\"))",
            ".request_validation_mode_member(::std::option::Option::None)",
            "ChecksumAlgorithm::Crc32,::smithy_client_runtime::checksum::ChecksumAlgorithm::Crc64Nvme]",
        ] {
            assert!(text.contains(part), "{part} in {text}");
        }
        let call = request_checksum(&plan).to_string().replace(' ', "");
        assert!(
            call.contains(".algorithm(input.checksum_algorithm.as_ref().map(|v|v.as_str()))"),
            "{call}"
        );
        assert!(
            call.contains(".validation_enabled(input.checksum_mode.is_some())"),
            "{call}"
        );
    }
}
