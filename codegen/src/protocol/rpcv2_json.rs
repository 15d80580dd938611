//! rpcv2Json (`smithy.protocols#rpcv2Json`): the rpcv2Cbor envelope
//! (`POST /service/{Service}/operation/{Operation}`, `smithy-protocol: rpc-v2-json`, errors from
//! `__type`) around JSON documents. Keys are member names (`@jsonName` does not apply),
//! timestamps are epoch seconds whatever their `@timestampFormat`, and `bigInteger` and
//! `bigDecimal` are JSON strings so that no parser rounds them.

use super::ProtocolGenerator;
use super::json_body::{self, JsonSettings};
use super::rpcv2_cbor::{operation_path, unit_input};
use crate::emit::types::{rt, type_path};
use crate::plan::{CratePlan, OperationPlan, StructPlan, StructRole, UnionPlan};
use proc_macro2::TokenStream;
use quote::quote;

const SETTINGS: JsonSettings = JsonSettings {
    json_name: false,
    timestamp_format: false,
    big_numbers_as_strings: true,
};

/// The rpcv2Json generator.
pub struct RpcV2Json;

impl ProtocolGenerator for RpcV2Json {
    fn structure(&self, s: &StructPlan) -> TokenStream {
        let rt = rt();
        let codec = json_body::structure(s, SETTINGS);
        let de_error = matches!(s.role, StructRole::Error(_)).then(|| {
            let ty = type_path(&s.path);
            quote! {
                /// Reads the error from an error response's body (a body that is not a JSON
                /// object reads as `{}`).
                pub(crate) fn de_error(response: &#rt::error::RawResponse) -> ::std::result::Result<#ty, #rt::json::DeserializeError> {
                    de(&#rt::protocol::aws_json::error_document(response))
                }
            }
        });
        quote!(#codec #de_error)
    }

    fn union(&self, u: &UnionPlan) -> TokenStream {
        json_body::union(u, SETTINGS)
    }

    fn request(&self, op: &OperationPlan, plan: &CratePlan) -> TokenStream {
        let rt = rt();
        let input = type_path(&op.input.path);
        let path = operation_path(op, plan);
        let body = if unit_input(op) {
            quote!(let _ = self; ::std::option::Option::None)
        } else {
            let write = json_body::ser_object(&quote!(self), op.input.members.iter(), SETTINGS);
            quote! {
                let mut w = #rt::json::JsonWriter::new();
                {
                    let w = &mut w;
                    #write
                }
                ::std::option::Option::Some(w)
            }
        };
        quote! {
            impl #rt::protocol::SerializeRequest for #input {
                fn serialize_request(&self) -> ::std::result::Result<#rt::protocol::SerializedRequest, #rt::error::ConstructionError> {
                    let body = { #body };
                    #rt::protocol::rpcv2_json::request(&crate::config::SERVICE, #path, body)
                }
            }
        }
    }

    fn response(&self, op: &OperationPlan) -> TokenStream {
        let rt = rt();
        let output = type_path(&op.output.path);
        let builder = crate::emit::types::builder_path(&op.output.path);
        let read = json_body::read_object(
            op.output.members.iter(),
            SETTINGS,
            op.output.sensitive,
            false,
        );
        let mut_builder = (!op.output.members.is_empty()).then(|| quote!(mut));
        quote! {
            impl #rt::protocol::ParseResponse for #output {
                fn parse_response(response: &#rt::error::RawResponse) -> ::std::result::Result<Self, #rt::json::DeserializeError> {
                    let value = &#rt::protocol::rpcv2_json::body_document(response)?;
                    let #mut_builder builder = <#builder>::default();
                    #read
                    ::std::result::Result::Ok(builder.build_error_corrected())
                }
            }
        }
    }
}
