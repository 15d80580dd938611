//! The unmarshaller of an output event stream (restJson1 and awsJson: JSON payloads).
//!
//! One function per operation, `unmarshal_event(Message) -> Result<Union, EventStreamError<E>>`:
//! an `event` message becomes the union member its `:event-type` names (an unknown name becomes
//! `Unknown`, and the stream goes on); the event structure's `@eventHeader` members come from
//! the message headers, its `@eventPayload` member from the whole payload (a blob, text or a
//! JSON document), and otherwise the payload is a JSON object of its other members. An
//! `exception` message becomes the modeled error its `:exception-type` names; anything else is
//! an unmodeled error.

use super::json_body;
use crate::emit::types::{rt, type_path};
use crate::naming::ident;
use crate::plan::{CratePlan, EventStreamPlan, MemberPlan, OperationPlan, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// `unmarshal_event` for `op`'s output stream.
pub fn unmarshaller(op: &OperationPlan, stream: &EventStreamPlan, plan: &CratePlan) -> TokenStream {
    let rt = rt();
    let es = quote!(#rt::event_stream);
    let union = type_path(&stream.union);
    let error = {
        let mut p = stream.union.clone();
        p.home = op.input.path.home.clone();
        p.name = stream.error_name.clone();
        type_path(&p)
    };
    let events = stream.events.iter().filter_map(|m| {
        let TypeRef::Struct(path) = &m.ty else {
            return None;
        };
        let s = plan.structs.iter().find(|s| &s.path == path)?;
        let wire = &m.wire_name;
        let v = ident(&m.variant);
        let serde = json_body::serde_path(path);
        let payload_member = s.members.iter().find(|f| f.event_payload);
        let document = if payload_member.is_some() {
            quote!(#es::empty_document()?)
        } else {
            quote!(#es::payload_document(&message)?)
        };
        let headers = s
            .members
            .iter()
            .filter(|f| f.event_header)
            .filter_map(header);
        let payload = payload_member.map(payload);
        let wrap = if m.boxed {
            quote!(::std::boxed::Box::new(value))
        } else {
            quote!(value)
        };
        Some(quote! {
            #wire => {
                #[allow(unused_mut)]
                let mut value = #serde::de(&#document)?;
                #(#headers)*
                #payload
                ::std::result::Result::Ok(#union::#v(#wrap))
            }
        })
    });
    let errors = stream.errors.iter().filter_map(|m| {
        let TypeRef::Struct(path) = &m.ty else {
            return None;
        };
        let wire = &m.wire_name;
        let v = ident(&m.variant);
        let serde = json_body::serde_path(path);
        Some(quote! {
            #wire => {
                let mut value = #serde::de(&#es::payload_document(&message)?)?;
                value.meta = #rt::error::ErrorMetadata::builder().code(#wire).build();
                ::std::result::Result::Err(#es::EventStreamError::Modeled(#error::#v(value)))
            }
        })
    });
    quote! {
        /// One event-stream message as an event of the union, or the error that ends the stream.
        #[allow(deprecated)]
        pub(crate) fn unmarshal_event(message: #es::Message) -> ::std::result::Result<#union, #es::EventStreamError<#error>> {
            let kind = message.info()?.kind;
            match kind {
                #es::MessageKind::Event { event_type } => match event_type {
                    #(#events)*
                    other => ::std::result::Result::Ok(#union::Unknown(#rt::UnknownVariantValue::new(other))),
                },
                #es::MessageKind::Exception { exception_type } => match exception_type {
                    #(#errors)*
                    _ => ::std::result::Result::Err(#es::EventStreamError::unmodeled(&message)),
                },
                _ => ::std::result::Result::Err(#es::EventStreamError::unmodeled(&message)),
            }
        }
    }
}

/// Sets an `@eventHeader` member of `value` from the message header of the same name.
fn header(m: &MemberPlan) -> Option<TokenStream> {
    let rt = rt();
    let es = quote!(#rt::event_stream);
    let f = ident(&m.field);
    let name = &m.wire_name;
    let (read, map) = match &m.ty {
        TypeRef::String => (quote!(header_string), quote!(v)),
        TypeRef::Enum(p) => {
            let p = type_path(p);
            (quote!(header_string), quote!(<#p>::from(v.as_str())))
        }
        TypeRef::Bool => (quote!(header_bool), quote!(v)),
        TypeRef::Byte => (quote!(header_byte), quote!(v)),
        TypeRef::Short => (quote!(header_short), quote!(v)),
        TypeRef::Integer => (quote!(header_integer), quote!(v)),
        TypeRef::Long => (quote!(header_long), quote!(v)),
        TypeRef::Blob => (quote!(header_blob), quote!(v)),
        TypeRef::Timestamp(_) => (quote!(header_timestamp), quote!(v)),
        _ => return None,
    };
    let set = if m.optional {
        quote!(value.#f = ::std::option::Option::Some(#map);)
    } else {
        quote!(value.#f = #map;)
    };
    Some(quote! {
        if let ::std::option::Option::Some(v) = #es::#read(&message, #name)? {
            #set
        }
    })
}

/// Sets the `@eventPayload` member of `value` from the whole payload.
fn payload(m: &MemberPlan) -> TokenStream {
    let rt = rt();
    let es = quote!(#rt::event_stream);
    let f = ident(&m.field);
    let read = match &m.ty {
        TypeRef::Blob => quote!(#es::payload_blob(&message)),
        TypeRef::String => quote!(#es::payload_text(&message)?),
        TypeRef::Enum(p) => {
            let p = type_path(p);
            quote!(<#p>::from(#es::payload_text(&message)?.as_str()))
        }
        ty => {
            // Event payloads are JSON documents read with the AWS JSON rules (`@timestampFormat`
            // applies); `@jsonName` does not matter here, the value is read whole.
            let de = json_body::de_value(ty, m.boxed, EVENT_JSON);
            quote!({
                let v = &#es::payload_document(&message)?;
                #de?
            })
        }
    };
    if m.optional {
        quote!(value.#f = ::std::option::Option::Some(#read);)
    } else {
        quote!(value.#f = #read;)
    }
}

/// How implicit and structure event payloads are read (the AWS JSON protocols' rules).
const EVENT_JSON: json_body::JsonSettings = json_body::JsonSettings {
    json_name: true,
    timestamp_format: true,
    big_numbers_as_strings: false,
};
