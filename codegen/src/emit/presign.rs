//! `presigned()` on the fluent builder of every SigV4-signed operation, as aws-sdk-rust offers
//! it: the request laid out as `send()` would, signed in its query string, not sent.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::rt;
use crate::naming::ident;
use crate::plan::OperationPlan;

/// The method, or nothing for an operation that is never SigV4-signed.
pub fn presigned_method(
    op: &OperationPlan,
    build: &TokenStream,
    fills: &[TokenStream],
    extras: Option<TokenStream>,
) -> TokenStream {
    if op.unsigned || !op.auth.iter().any(crate::plan::AuthPlan::is_sigv4) {
        return TokenStream::new();
    }
    let rt = rt();
    let error = ident(&op.error_name);
    let extras = extras.unwrap_or_else(|| quote!(#rt::client::RequestExtras::new()));
    quote! {
        /// Presigns this request instead of sending it: a URL (with headers to send along)
        /// that makes this call without credentials until `config`'s expiry (at most 7 days).
        /// Nothing is sent; no checksum headers are added.
        pub async fn presigned(
            self,
            config: #rt::auth::PresigningConfig,
        ) -> ::std::result::Result<#rt::auth::PresignedRequest, #rt::error::SdkError<#error>> {
            let handle = &self.handle;
            #[allow(unused_mut)]
            let mut input = #build;
            #(#fills)*
            let extras = #extras;
            #rt::client::presign(handle, &OPERATION, &input, &extras, &config).await
        }
    }
}
