//! The marshaller of an input event stream (restJson1 and awsJson: JSON payloads), one per
//! union an operation's input streams, in the union's `protocol_serde` module:
//! `marshal_event(&Union) -> Result<Message, BoxError>`; and, for an input stream with
//! modeled exceptions, one per operation in its `op_` module: `marshal_error`, which sends an
//! error item of the operation's input-stream error enum as an `exception` message.
//!
//! Per the event-stream spec, each event is a message with `:message-type: event`,
//! `:event-type` = the union member's name and, when it has a payload, `:content-type`; the
//! event structure's `@eventHeader` members become typed headers (in member order, after the
//! protocol headers); its `@eventPayload` member is the whole payload (a blob as
//! `application/octet-stream`, a string as `text/plain`, a structure, union or document as
//! JSON); without one, the other members form a JSON object (an event with no such members has
//! no payload and no `:content-type`).

use super::json_body::{self, JsonSettings};
use crate::emit::types::{rt, type_path};
use crate::naming::ident;
use crate::plan::{CratePlan, EventStreamPlan, MemberPlan, OperationPlan, TypeRef, UnionPlan};
use proc_macro2::TokenStream;
use quote::quote;

/// How event payloads are written: the AWS JSON protocols' rules (`@jsonName`,
/// `@timestampFormat`), as the unmarshaller reads them.
const EVENT_JSON: JsonSettings = JsonSettings {
    json_name: true,
    timestamp_format: true,
    big_numbers_as_strings: false,
};

/// The media type of JSON payloads.
const JSON: &str = "application/json";

/// `marshal_event` for `u`, when some operation's input streams it.
pub fn marshaller(u: &UnionPlan, plan: &CratePlan) -> Option<TokenStream> {
    let streamed = plan
        .operations
        .iter()
        .any(|op| op.input_stream.as_ref().is_some_and(|s| s.union == u.path));
    if !streamed {
        return None;
    }
    let rt = rt();
    let es = quote!(#rt::event_stream);
    let union = type_path(&u.path);
    let arms = u.members.iter().map(|m| {
        let v = ident(&m.variant);
        let wire = &m.wire_name;
        let body = match &m.ty {
            TypeRef::Struct(path) => match plan.structs.iter().find(|s| &s.path == path) {
                Some(s) => event_body(wire, &s.members),
                None => quote!(::std::result::Result::Ok(#es::event_message(#wire, ::std::option::Option::None, ::std::default::Default::default()))),
            },
            // Event members target structures; anything else is sent as an empty event.
            _ => quote! {
                let _ = v;
                ::std::result::Result::Ok(#es::event_message(#wire, ::std::option::Option::None, ::std::default::Default::default()))
            },
        };
        quote!(#union::#v(v) => { #body })
    });
    Some(quote! {
        /// One event of the input stream as its event-stream message.
        #[allow(deprecated)]
        pub(crate) fn marshal_event(value: &#union) -> ::std::result::Result<#es::Message, #rt::transport::BoxError> {
            match value {
                #(#arms)*
                #union::Unknown(member) => ::std::result::Result::Err(#es::unknown_event(member.as_str())),
            }
        }
    })
}

/// Statements building the message of the event structure `v` (a reference) whose members are
/// `members`; the value of the block is `Result<Message, BoxError>`.
fn event_body(wire: &str, members: &[MemberPlan]) -> TokenStream {
    let rt = rt();
    let es = quote!(#rt::event_stream);
    let headers: Vec<TokenStream> = members
        .iter()
        .filter(|m| m.event_header)
        .filter_map(header)
        .collect();
    let (content_type, payload) = match members.iter().find(|m| m.event_payload) {
        Some(p) => explicit_payload(p),
        None => {
            let rest: Vec<&MemberPlan> = members
                .iter()
                .filter(|m| !m.event_header && !m.event_payload)
                .collect();
            if rest.is_empty() {
                (None, quote!(::std::default::Default::default()))
            } else {
                let write = json_body::ser_object(&quote!(v), rest.into_iter(), EVENT_JSON);
                (
                    Some(JSON),
                    quote!({
                        let mut w = #rt::json::JsonWriter::new();
                        {
                            let w = &mut w;
                            #write
                        }
                        #es::json_payload(w)?
                    }),
                )
            }
        }
    };
    let content_type = match content_type {
        Some(ct) => quote!(::std::option::Option::Some(#ct)),
        None => quote!(::std::option::Option::None),
    };
    let mut_message = (!headers.is_empty()).then(|| quote!(mut));
    quote! {
        let _ = v;
        let payload = #payload;
        let #mut_message message = #es::event_message(#wire, #content_type, payload);
        #(#headers)*
        ::std::result::Result::Ok(message)
    }
}

/// The `:content-type` and the payload expression of an `@eventPayload` member.
fn explicit_payload(p: &MemberPlan) -> (Option<&'static str>, TokenStream) {
    let rt = rt();
    let es = quote!(#rt::event_stream);
    let f = ident(&p.field);
    let (content_type, bytes) = match &p.ty {
        TypeRef::Blob => (
            "application/octet-stream",
            quote!(#es::bytes_payload(::std::convert::AsRef::<[u8]>::as_ref(x))),
        ),
        TypeRef::String => ("text/plain", quote!(#es::bytes_payload(x.as_bytes()))),
        TypeRef::Enum(_) => (
            "text/plain",
            quote!(#es::bytes_payload(x.as_str().as_bytes())),
        ),
        ty => {
            let write = json_body::ser_value(ty, &quote!(x), p.boxed, EVENT_JSON);
            (
                JSON,
                quote!({
                    let mut w = #rt::json::JsonWriter::new();
                    {
                        let w = &mut w;
                        #write
                    }
                    #es::json_payload(w)?
                }),
            )
        }
    };
    let payload = if p.optional {
        quote! {
            match &v.#f {
                ::std::option::Option::Some(x) => #bytes,
                ::std::option::Option::None => ::std::default::Default::default(),
            }
        }
    } else {
        quote!({
            let x = &v.#f;
            #bytes
        })
    };
    (Some(content_type), payload)
}

/// Adds an `@eventHeader` member to `message` when it is set.
fn header(m: &MemberPlan) -> Option<TokenStream> {
    let rt = rt();
    let es = quote!(#rt::event_stream);
    let hv = quote!(#es::HeaderValue);
    let f = ident(&m.field);
    let name = &m.wire_name;
    let value = match &m.ty {
        TypeRef::String => quote!(#hv::String(::std::clone::Clone::clone(x))),
        TypeRef::Enum(_) => quote!(#hv::String(::std::borrow::ToOwned::to_owned(x.as_str()))),
        TypeRef::IntEnum(_) => quote!(#hv::Int32(x.as_i32())),
        TypeRef::Bool => quote!(#hv::Bool(*x)),
        TypeRef::Byte => quote!(#hv::Byte(*x)),
        TypeRef::Short => quote!(#hv::Int16(*x)),
        TypeRef::Integer => quote!(#hv::Int32(*x)),
        TypeRef::Long => quote!(#hv::Int64(*x)),
        TypeRef::Blob => quote!(#es::blob_header(::std::convert::AsRef::<[u8]>::as_ref(x))),
        TypeRef::Timestamp(_) => quote!(#hv::Timestamp(*x)),
        _ => return None,
    };
    Some(if m.optional {
        quote! {
            if let ::std::option::Option::Some(x) = &v.#f {
                message = message.with_header(#name, #value);
            }
        }
    } else {
        quote! {
            {
                let x = &v.#f;
                message = message.with_header(#name, #value);
            }
        }
    })
}

/// `marshal_error` for `op`'s input stream, when the stream has modeled exceptions: an error
/// item of the sender that is the operation's generated input-stream error enum becomes an
/// `exception` message (`:exception-type` = the union member's name, the error structure as a
/// JSON payload, the way the service sends its exceptions); any other error is not one.
pub fn error_marshaller(
    op: &OperationPlan,
    stream: &EventStreamPlan,
    plan: &CratePlan,
) -> Option<TokenStream> {
    if stream.errors.is_empty() {
        return None;
    }
    let rt = rt();
    let es = quote!(#rt::event_stream);
    let error = {
        let mut p = stream.union.clone();
        p.home = op.input.path.home.clone();
        p.name = stream.error_name.clone();
        type_path(&p)
    };
    let arms = stream.errors.iter().filter_map(|m| {
        let TypeRef::Struct(path) = &m.ty else {
            return None;
        };
        let members = plan
            .structs
            .iter()
            .find(|s| &s.path == path)
            .map(|s| s.members.as_slice())
            .unwrap_or_default();
        let v = ident(&m.variant);
        let wire = &m.wire_name;
        let write = json_body::ser_object(&quote!(v), members.iter(), EVENT_JSON);
        Some(quote! {
            #error::#v(v) => {
                let _ = v;
                let mut w = #rt::json::JsonWriter::new();
                {
                    let w = &mut w;
                    #write
                }
                #es::json_payload(w).map(|payload| #es::exception_message(#wire, #JSON, payload))
            }
        })
    });
    Some(quote! {
        /// A modeled exception the client sends on the input stream as its message; `None`
        /// when `error` is not one (it then aborts the request body).
        #[allow(deprecated)]
        pub(crate) fn marshal_error(error: &#rt::transport::BoxError) -> ::std::option::Option<::std::result::Result<#es::Message, #rt::transport::BoxError>> {
            let error = error.downcast_ref::<#error>()?;
            ::std::option::Option::Some(match error {
                #(#arms)*
            })
        }
    })
}
