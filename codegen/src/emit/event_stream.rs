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

/// The enum of the stream's modeled exception events: received on an output stream, or sent
/// on an input stream (`input`) as an `Err` item of the events.
pub fn error_enum(op: &OperationPlan, stream: &EventStreamPlan, input: bool) -> TokenStream {
    let name = ident(&stream.error_name);
    let doc = if input {
        format!(
            " A modeled exception the client may send on the `{}` operation's input event \
             stream: yield it as the `Err` item of the events, and it is sent as an exception \
             message, after which the stream ends.",
            op.name
        )
    } else {
        format!(
            " A modeled exception event of the `{}` operation's event stream (the stream ends after it).",
            op.name
        )
    };
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
    let mut doc = format!(
        " The `{}` event stream: any `Stream` of `Result<{}, E>` (with `E` convertible to a boxed \
         error; an `Err` ends the request), or an `EventStreamSender::new` of plain events. \
         The events are sent as the stream yields them, while the call is under way.",
        m.wire_name, stream.union.name
    );
    if !stream.errors.is_empty() {
        doc.push_str(&format!(
            " An `Err` of `{}` (a modeled exception) is sent as an exception message, and the \
             stream ends normally after it.",
            stream.error_name
        ));
    }
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

/// The doc of `send()` for an operation with an input or output event stream (or both), with
/// an example that compiles (`no_run`) in the crate `krate` (its Rust name).
pub fn send_doc(
    op: &OperationPlan,
    input: Option<&EventStreamPlan>,
    output: Option<&EventStreamPlan>,
    krate: &str,
) -> String {
    let fluent = heck::ToSnakeCase::to_snake_case(op.name.as_str());
    let mut text = String::from(" Sends the request");
    match (input, output) {
        (Some(i), Some(o)) => text.push_str(&format!(
            " with the `{}` event stream as its body, and returns the output (the initial \
             response) and a receiver of the `{}` event stream as soon as the response head \
             arrives, while the events are still being sent (bidirectional).",
            i.member.wire_name, o.member.wire_name
        )),
        (Some(i), None) => text.push_str(&format!(
            " with the `{}` event stream as its body, and returns the output once the service \
             answered (usually after the last event).",
            i.member.wire_name
        )),
        (None, Some(o)) => text.push_str(&format!(
            "; the result is the output (the stream's initial response) and a receiver of the \
             `{}` event stream.",
            o.member.wire_name
        )),
        (None, None) => text.push('.'),
    }
    if let Some(i) = input {
        text.push_str(&format!(
            "\n\n Each event is one event-stream message, signed with SigV4 (chained to the \
             request's signature) when the request is. A call with an input stream is not \
             retried: the events are a one-shot stream. Without `{}(..)`, the stream has no \
             events, only its end.",
            i.member.field
        ));
    }
    if let Some(o) = output {
        text.push_str(&format!(
            "\n\n The receiver's `recv()` gives one `{union}` per event and `Ok(None)` at the \
             end; it is also a `futures_core::Stream`. Unknown event types arrive as \
             `{union}::Unknown` and the stream goes on; a modeled exception event ends it as \
             an error.",
            union = o.union.name
        ));
    }
    let mut example = vec![
        "```no_run".to_owned(),
        format!(
            "# async fn example(client: &{krate}::Client) -> Result<(), Box<dyn std::error::Error>> {{"
        ),
    ];
    if let Some(i) = input {
        example.push(format!(
            "// Any `futures_core::Stream` of `Result<{u}, E>` will do; here a fixed list.",
            u = i.union.name
        ));
        example.push(format!(
            "let events: Vec<{krate}::types::{u}> = Vec::new();",
            u = i.union.name
        ));
    }
    let binding = if output.is_some() {
        "let (output, mut received) = "
    } else {
        "let output = "
    };
    example.push(format!("{binding}client"));
    example.push(format!("    .{fluent}()"));
    example.push("    // set the other input members here".to_owned());
    if let Some(i) = input {
        example.push(format!(
            "    .{}({krate}::event_stream::EventStreamSender::from_iter(events))",
            i.member.field
        ));
    }
    example.push("    .send()".to_owned());
    example.push("    .await?;".to_owned());
    example.push("println!(\"{output:?}\");".to_owned());
    if output.is_some() {
        example.push("while let Some(event) = received.recv().await? {".to_owned());
        example.push("    println!(\"{event:?}\");".to_owned());
        example.push("}".to_owned());
    }
    example.push("# Ok(())".to_owned());
    example.push("# }".to_owned());
    example.push("```".to_owned());
    text.push_str("\n\n");
    for line in example {
        text.push_str(&format!(" {line}\n"));
    }
    text.push_str(&format!("\n (`{}`)", op.name));
    text
}
