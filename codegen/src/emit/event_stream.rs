//! Operations whose output holds an event stream: the error enum of the stream's modeled
//! exception events, and the receiver type `send()` returns next to the output.

use super::types::{rt, type_path};
use crate::naming::ident;
use crate::plan::{EventStreamPlan, OperationPlan, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// `EventReceiver<Union, StreamError>` of `stream`.
pub fn receiver_type(stream: &EventStreamPlan) -> TokenStream {
    let rt = rt();
    let union = type_path(&stream.union);
    let error = ident(&stream.error_name);
    quote!(#rt::event_stream::EventReceiver<#union, #error>)
}

/// The enum of the stream's modeled exception events.
pub fn error_enum(op: &OperationPlan, stream: &EventStreamPlan) -> TokenStream {
    let name = ident(&stream.error_name);
    let doc = format!(
        " A modeled exception event of the `{}` operation's event stream (the stream ends after it).",
        op.name
    );
    let variants: Vec<(proc_macro2::Ident, TokenStream, String)> = stream
        .errors
        .iter()
        .filter_map(|m| match &m.ty {
            TypeRef::Struct(p) => Some((ident(&m.variant), type_path(p), m.wire_name.clone())),
            _ => None,
        })
        .collect();
    let defs = variants.iter().map(|(v, ty, wire)| {
        let doc = format!(" The `{wire}` exception event.");
        quote!(#[doc = #doc] #v(#ty),)
    });
    let display = variants
        .iter()
        .map(|(v, _, wire)| quote!(#name::#v(_) => f.write_str(#wire),));
    let sources = variants
        .iter()
        .map(|(v, _, _)| quote!(#name::#v(e) => ::std::option::Option::Some(e),));
    let empty = variants
        .is_empty()
        .then(|| quote!(_ => ::std::option::Option::None,));
    let display_empty = variants
        .is_empty()
        .then(|| quote!(_ => f.write_str("(no modeled exception)"),));
    quote! {
        #[doc = #doc]
        #[non_exhaustive]
        #[derive(::std::fmt::Debug)]
        pub enum #name {
            #(#defs)*
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #[allow(unreachable_patterns)]
                match self {
                    #(#display)*
                    #display_empty
                }
            }
        }

        impl ::std::error::Error for #name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                #[allow(unreachable_patterns)]
                match self {
                    #(#sources)*
                    #empty
                }
            }
        }
    }
}

/// The doc example of `send()` for a stream operation.
pub fn send_doc(op: &OperationPlan, stream: &EventStreamPlan) -> String {
    format!(
        " Sends the request; the result is the output (the stream's initial response) and a\n \
         receiver of the `{member}` event stream.\n\n \
         ```ignore\n \
         let (output, mut events) = client.{fluent}().send().await?;\n \
         while let Some(event) = events.recv().await? {{\n     \
             // one `{union}` per event; a modeled exception event ends the stream as an error\n     \
             println!(\"{{event:?}}\");\n \
         }}\n \
         ```\n\n \
         The receiver is also a `futures_core::Stream` of `Result<{union}, _>`. Unknown event \
         types arrive as `{union}::Unknown`; the stream goes on. (`{op}`)",
        member = stream.member.wire_name,
        fluent = heck::ToSnakeCase::to_snake_case(op.name.as_str()),
        union = stream.union.name,
        op = op.name,
    )
}
