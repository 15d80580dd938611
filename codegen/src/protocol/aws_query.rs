//! awsQuery: `POST /` with a form body (`Action`, `Version`, then the input members, see
//! [`super::query_body`]); the output is read from `<OpResponse><OpResult>` and errors from
//! `<ErrorResponse><Error>`, both XML ([`super::xml_body`]). ec2Query ([`super::ec2_query`])
//! differs only in key naming, lists and envelopes, so both are this generator.

use super::ProtocolGenerator;
use super::query_body::{self, Dialect};
use super::xml_body;
use crate::emit::types::{builder_path, rt, type_path};
use crate::plan::{CratePlan, MemberPlan, OperationPlan, StructPlan, StructRole, UnionPlan};
use proc_macro2::TokenStream;
use quote::quote;

/// The query-protocol generator of one dialect.
pub struct QueryProtocol {
    /// awsQuery or ec2Query.
    pub dialect: Dialect,
}

/// The awsQuery generator.
pub static AWS_QUERY: QueryProtocol = QueryProtocol {
    dialect: Dialect::AwsQuery,
};

impl QueryProtocol {
    fn runtime(&self) -> TokenStream {
        let rt = rt();
        match self.dialect {
            Dialect::AwsQuery => quote!(#rt::protocol::aws_query),
            Dialect::Ec2Query => quote!(#rt::protocol::ec2_query),
        }
    }
}

impl ProtocolGenerator for QueryProtocol {
    fn structure(&self, s: &StructPlan) -> TokenStream {
        let rt = rt();
        let ty = type_path(&s.path);
        let de = xml_body::structure(s, false);
        let ser = query_body::structure(&ty, &s.members, self.dialect);
        let runtime = self.runtime();
        let de_error = matches!(s.role, StructRole::Error(_)).then(|| {
            let builder = builder_path(&s.path);
            let members: Vec<&MemberPlan> = s.members.iter().collect();
            let read = xml_body::read_members(&members, s.sensitive);
            quote! {
                /// Reads the error from the `<Error>` element of an error response.
                pub(crate) fn de_error(response: &#rt::error::RawResponse) -> ::std::result::Result<#ty, #rt::json::DeserializeError> {
                    #[allow(unused_mut)]
                    let mut builder = <#builder>::default();
                    let doc = #runtime::error_document(response);
                    if let ::std::option::Option::Some(e) = doc.as_ref().and_then(#runtime::error_element) {
                        let _ = e;
                        #read
                    }
                    ::std::result::Result::Ok(builder.build_error_corrected())
                }
            }
        });
        quote!(#de #ser #de_error)
    }

    fn union(&self, u: &UnionPlan) -> TokenStream {
        let de = xml_body::union(u, false);
        let ser = query_body::union(u, self.dialect);
        quote!(#de #ser)
    }

    fn request(&self, op: &OperationPlan, plan: &CratePlan) -> TokenStream {
        let rt = rt();
        let input = type_path(&op.input.path);
        let write =
            query_body::ser_members(&quote!(self), op.input.members.iter(), self.dialect, true);
        let action = &op.name;
        let version = &plan.service.api_version;
        let runtime = self.runtime();
        quote! {
            impl #rt::protocol::SerializeRequest for #input {
                fn serialize_request(&self) -> ::std::result::Result<#rt::protocol::SerializedRequest, #rt::error::ConstructionError> {
                    let mut w = #rt::query::QueryWriter::new(#action, #version);
                    {
                        #[allow(unused_variables)]
                        let w = &mut w;
                        #write
                    }
                    #runtime::request(w)
                }
            }
        }
    }

    fn response(&self, op: &OperationPlan) -> TokenStream {
        let rt = rt();
        let output = type_path(&op.output.path);
        let builder = builder_path(&op.output.path);
        let members: Vec<&MemberPlan> = op.output.members.iter().collect();
        let runtime = self.runtime();
        let name = &op.name;
        let body = if members.is_empty() {
            quote!(let _ = response;)
        } else {
            let read = xml_body::read_members(&members, op.output.sensitive);
            match self.dialect {
                Dialect::AwsQuery => quote! {
                    let doc = #runtime::body_document(response)?;
                    if let ::std::option::Option::Some(e) = #runtime::result_element(&doc, #name)? {
                        #read
                    }
                },
                Dialect::Ec2Query => quote! {
                    let doc = #runtime::body_document(response)?;
                    let e = #runtime::output_element(&doc, #name);
                    #read
                },
            }
        };
        quote! {
            impl #rt::protocol::ParseResponse for #output {
                fn parse_response(response: &#rt::error::RawResponse) -> ::std::result::Result<Self, #rt::json::DeserializeError> {
                    #[allow(unused_mut)]
                    let mut builder = <#builder>::default();
                    #body
                    ::std::result::Result::Ok(builder.build_error_corrected())
                }
            }
        }
    }
}
