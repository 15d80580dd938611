//! The value expression of one per-call endpoint parameter
//! (`RequestExtras::endpoint_param(name, value)`).

use proc_macro2::TokenStream;
use quote::quote;

use super::types::rt;
use crate::naming::ident;
use crate::plan::endpoint_params::EndpointParamValue;

/// An `Option<ParamValue>` read from `input` or a constant.
pub fn value(value: &EndpointParamValue) -> TokenStream {
    let rt = rt();
    let pv = quote!(#rt::endpoint::ParamValue);
    match value {
        EndpointParamValue::StringMember(f) => {
            let f = ident(f);
            quote!(input.#f.clone().map(#pv::String))
        }
        EndpointParamValue::BoolMember(f) => {
            let f = ident(f);
            quote!(input.#f.map(#pv::Bool))
        }
        EndpointParamValue::String(s) => {
            quote!(::std::option::Option::Some(#pv::String(::std::string::String::from(#s))))
        }
        EndpointParamValue::Bool(b) => quote!(::std::option::Option::Some(#pv::Bool(#b))),
    }
}
