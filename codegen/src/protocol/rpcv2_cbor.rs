//! rpcv2Cbor (`smithy.protocols#rpcv2Cbor`): every operation is
//! `POST /service/{Service}/operation/{Operation}` with `smithy-protocol: rpc-v2-cbor`, the whole
//! input as one CBOR map (no body at all for a `Unit` input), the whole output read from the
//! body, and errors named by the body's `__type`. HTTP binding traits are ignored.

use super::ProtocolGenerator;
use super::cbor_body;
use crate::emit::types::{rt, type_path};
use crate::plan::{CratePlan, OperationPlan, StructPlan, StructRole, UnionPlan};
use proc_macro2::TokenStream;
use quote::quote;

/// The rpcv2Cbor generator.
pub struct RpcV2Cbor;

/// `/service/{Service}/operation/{Operation}`: shape names, never namespaces.
pub fn operation_path(op: &OperationPlan, plan: &CratePlan) -> String {
    format!("/service/{}/operation/{}", plan.service.name, op.name)
}

/// Whether the operation's input is `smithy.api#Unit`: then no body (and no `Content-Type`)
/// is sent, unlike an empty structure, which is sent as an empty map.
pub fn unit_input(op: &OperationPlan) -> bool {
    op.input.shape_id == crate::model::traits::UNIT
}

impl ProtocolGenerator for RpcV2Cbor {
    fn structure(&self, s: &StructPlan) -> TokenStream {
        let rt = rt();
        let codec = cbor_body::structure(s);
        let de_error = matches!(s.role, StructRole::Error(_)).then(|| {
            let ty = type_path(&s.path);
            quote! {
                /// Reads the error from an error response's body (a body that is not a CBOR
                /// map reads as an empty one).
                pub(crate) fn de_error(response: &#rt::error::RawResponse) -> ::std::result::Result<#ty, #rt::cbor::DeserializeError> {
                    de(&#rt::protocol::rpcv2_cbor::error_document(response))
                }
            }
        });
        quote!(#codec #de_error)
    }

    fn union(&self, u: &UnionPlan) -> TokenStream {
        cbor_body::union(u)
    }

    fn request(&self, op: &OperationPlan, plan: &CratePlan) -> TokenStream {
        let rt = rt();
        let input = type_path(&op.input.path);
        let path = operation_path(op, plan);
        let body = if unit_input(op) {
            quote!(let _ = self; ::std::option::Option::None)
        } else {
            let write = cbor_body::ser_object(&quote!(self), op.input.members.iter());
            quote! {
                let mut w = #rt::cbor::CborWriter::new();
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
                    #rt::protocol::rpcv2_cbor::request(&crate::config::SERVICE, #path, body)
                }
            }
        }
    }

    fn response(&self, op: &OperationPlan) -> TokenStream {
        let rt = rt();
        let output = type_path(&op.output.path);
        let builder = crate::emit::types::builder_path(&op.output.path);
        let read = cbor_body::read_object(op.output.members.iter(), op.output.sensitive);
        let mut_builder = (!op.output.members.is_empty()).then(|| quote!(mut));
        quote! {
            impl #rt::protocol::ParseResponse for #output {
                fn parse_response(response: &#rt::error::RawResponse) -> ::std::result::Result<Self, #rt::cbor::DeserializeError> {
                    let value = &#rt::protocol::rpcv2_cbor::body_document(response)?;
                    let #mut_builder builder = <#builder>::default();
                    #read
                    ::std::result::Result::Ok(builder.build_error_corrected())
                }
            }
        }
    }
}
