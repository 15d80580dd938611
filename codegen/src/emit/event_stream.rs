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

/// `EventStreamSender<Union>` of an input stream.
pub fn sender_type(stream: &EventStreamPlan) -> TokenStream {
    let rt = rt();
    let union = type_path(&stream.union);
    quote!(#rt::event_stream::EventStreamSender<#union>)
}

/// The fluent builder's setters of an input stream: `x(events)` and `set_x(Option<events>)`.
pub fn fluent_setters(stream: &EventStreamPlan) -> TokenStream {
    let sender = sender_type(stream);
    let m = &stream.member;
    let f = ident(&m.field);
    let set = ident(&m.setter);
    let docs = super::types::doc_attrs(m.docs.as_deref());
    let doc = format!(
        " The `{}` event stream: any `Stream` of `Result<{}, E>` (with `E` convertible to a boxed \
         error; an `Err` ends the request), or an `EventStreamSender::new` of plain events. \
         The events are sent as the stream yields them, while the call is under way.",
        m.wire_name, stream.union.name
    );
    quote! {
        #[doc = #doc]
        #[doc = ""]
        #docs
        pub fn #f(mut self, events: impl ::std::convert::Into<#sender>) -> Self {
            self.events = ::std::option::Option::Some(events.into());
            self
        }

        #[doc = #doc]
        pub fn #set(mut self, events: ::std::option::Option<#sender>) -> Self {
            self.events = events;
            self
        }
    }
}

/// The doc of `send()` for an operation whose input is an event stream (and maybe its output).
pub fn input_send_doc(
    op: &OperationPlan,
    input: &EventStreamPlan,
    output: Option<&EventStreamPlan>,
) -> String {
    let fluent = heck::ToSnakeCase::to_snake_case(op.name.as_str());
    let member = &input.member.field;
    let event = input
        .events
        .first()
        .map(|e| format!("{}::{}(..)", input.union.name, e.variant))
        .unwrap_or_else(|| format!("{}::..", input.union.name));
    let (call, after) = match output {
        Some(out) => (
            "let (output, mut received) = ",
            format!(
                " while let Some(event) = received.recv().await? {{\n     \
                     // one `{union}` per event, received while the input is still being sent\n     \
                     println!(\"{{event:?}}\");\n \
                 }}\n",
                union = out.union.name
            ),
        ),
        None => ("let output = ", " println!(\"{output:?}\");\n".to_owned()),
    };
    let returns = match output {
        Some(out) => format!(
            "the output (the initial response) and a receiver of the `{}` event stream, as soon as \
             the response head arrives, while the events are still being sent",
            out.member.wire_name
        ),
        None => "the output once the service answered (usually after the last event)".to_owned(),
    };
    format!(
        " Sends the request with the `{wire}` event stream as its body, one event-stream \
         message per event (signed with SigV4 when the request is), and returns {returns}. \
         A call with an input stream is not retried.\n\n \
         ```ignore\n \
         // `events`: any `futures_core::Stream` of `Result<{union}, E>`, e.g. `{event}` values\n \
         {call}client.{fluent}().{member}(events).send().await?;\n\
         {after} \
         ```\n\n \
         Without `{member}(..)`, the stream has no events: only its end is sent. (`{op}`)",
        wire = input.member.wire_name,
        union = input.union.name,
        op = op.name,
    )
}
