//! Protocol generators: everything that depends on the wire protocol is generated here, into
//! the crate's private `protocol_serde` module, and nowhere else. Shape type files stay
//! protocol-neutral.
//!
//! A protocol implements [`ProtocolGenerator`]: the functions of shared shapes (one module per
//! structure, union and modeled error) and, per operation, the request serializer
//! (`SerializeRequest`) and the output parser (`ParseResponse`). How a modeled error is picked
//! from an error response (`ParseServiceError`) is the same for every protocol and lives here;
//! each protocol only says how to read an error structure (`de_error`).
//!
//! Adding a protocol: a variant of `plan::Protocol`, a module here implementing the trait (with
//! its body codec, e.g. `json_body` for JSON), an arm in [`generator`], and its runtime half in
//! `smithy_client_runtime::protocol`.

pub mod aws_json;
pub mod aws_query;
pub mod cbor_body;
pub mod document;
pub mod ec2_query;
pub mod event_marshal;
pub mod event_stream;
pub mod http_bindings;
pub mod json_body;
pub mod query_body;
pub mod rest_json;
pub mod rest_xml;
pub mod rpcv2_cbor;
pub mod rpcv2_json;
pub mod xml_body;

use crate::emit::types::{rt, type_path};
use crate::naming::ident;
use crate::plan::{CratePlan, OperationPlan, Protocol, StructPlan, UnionPlan};
use proc_macro2::TokenStream;
use quote::quote;

/// The generated half of a protocol.
pub trait ProtocolGenerator: Sync {
    /// The module of a shared structure: its body codec and, for a modeled error, `de_error`
    /// (reads the error from a `RawResponse`).
    fn structure(&self, s: &StructPlan) -> TokenStream;
    /// The module of a union: its body codec.
    fn union(&self, u: &UnionPlan) -> TokenStream;
    /// `impl SerializeRequest` for the operation's input.
    fn request(&self, op: &OperationPlan, plan: &CratePlan) -> TokenStream;
    /// `impl ParseResponse` for the operation's output.
    fn response(&self, op: &OperationPlan) -> TokenStream;
}

/// The generator of `protocol`.
pub fn generator(protocol: Protocol) -> &'static dyn ProtocolGenerator {
    match protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => &aws_json::AwsJson,
        Protocol::RestJson1 => &rest_json::RestJson,
        Protocol::RestXml => &rest_xml::RestXml,
        Protocol::AwsQuery => &aws_query::AWS_QUERY,
        Protocol::Ec2Query => &ec2_query::EC2_QUERY,
        Protocol::RpcV2Cbor => &rpcv2_cbor::RpcV2Cbor,
        Protocol::RpcV2Json => &rpcv2_json::RpcV2Json,
    }
}

/// `protocol_serde/op_<module>.rs`.
pub fn operation_file(op: &OperationPlan, plan: &CratePlan) -> TokenStream {
    let g = generator(plan.service.protocol);
    let request = g.request(op, plan);
    let response = g.response(op);
    let errors = error_parser(op);
    let events = op
        .output_stream
        .as_ref()
        .map(|stream| event_stream::unmarshaller(op, stream, plan));
    let error_marshaller = op
        .input_stream
        .as_ref()
        .and_then(|stream| event_marshal::error_marshaller(op, stream, plan));
    let doc = format!(" The `{}` operation on the wire.", op.name);
    quote! {
        #![doc = #doc]
        #request
        #response
        #errors
        #events
        #error_marshaller
    }
}

/// `protocol_serde/mod.rs`.
pub fn index(modules: &[(String, TokenStream)]) -> TokenStream {
    let mods = modules.iter().map(|(m, cfg)| {
        let m = ident(m);
        quote!(#cfg pub(crate) mod #m;)
    });
    quote! {
        //! Serializers and parsers for the service's protocol, one module per operation
        //! (`op_*`), shared structure and union (`shape_*`) and modeled error (`error_*`).
        // A shared shape gets both directions; a shape only ever sent, or only received,
        // leaves one of them unused.
        #![allow(dead_code)]
        #(#mods)*
    }
}

/// `ParseServiceError` for the operation's error enum: the sanitized code picks the modeled
/// error, which the protocol reads from the response; anything else is `Unhandled`.
fn error_parser(op: &OperationPlan) -> TokenStream {
    let rt = rt();
    let name = type_path(&crate::plan::TypePath {
        home: op.input.path.home.clone(),
        name: op.error_name.clone(),
    });
    // One call per modeled error: what an arm does is written once, in the runtime.
    let arms = op.errors.iter().map(|e| {
        let v = ident(&e.variant);
        let m = json_body::serde_path(&e.path);
        let code = &e.info.code;
        quote! {
            #code => #rt::error::parse_modeled(#m::de_error(response), meta, Self::#v, Self::Unhandled),
        }
    });
    // Only emitted when needed: the trait's default says no message is sensitive.
    let sensitive_codes: Vec<&str> = op
        .errors
        .iter()
        .filter(|e| e.sensitive_message)
        .map(|e| e.info.code.as_str())
        .collect();
    let sensitive_fn = (!sensitive_codes.is_empty()).then(|| {
        quote! {
            fn message_is_sensitive(code: &str) -> bool {
                ::std::matches!(code, #(#sensitive_codes)|*)
            }
        }
    });
    let unhandled =
        quote!(Self::Unhandled(#rt::error::Unhandled::new(meta, ::std::option::Option::None)));
    let body = if op.errors.is_empty() {
        quote!(let _ = (code, response); #unhandled)
    } else {
        quote! {
            match code {
                #(#arms)*
                _ => #unhandled,
            }
        }
    };
    quote! {
        impl #rt::error::ParseServiceError for #name {
            fn parse_service_error(code: &str, response: &#rt::error::RawResponse, meta: #rt::error::ErrorMetadata) -> Self {
                #body
            }
            #sensitive_fn
        }
    }
}
