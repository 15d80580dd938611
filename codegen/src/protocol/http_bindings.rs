//! Values in HTTP bindings (labels, query strings, headers) as text, both ways: the expressions
//! generated code uses to turn a member into the text of its binding and back. The escaping
//! and splitting themselves are runtime functions (`smithy_client_runtime::protocol::http`).

use crate::emit::types::{rt, type_path};
use crate::plan::{MemberPlan, TsFormat, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// Where a value is bound: decides the default timestamp format and header-only encodings.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A URI label or a query parameter: timestamps default to date-time.
    Uri,
    /// A header: timestamps default to http-date, `@mediaType` strings are base64.
    Header,
}

fn ts_tokens(f: Option<TsFormat>, place: Place) -> TokenStream {
    let rt = rt();
    let default = match place {
        Place::Uri => TsFormat::DateTime,
        Place::Header => TsFormat::HttpDate,
    };
    match f.unwrap_or(default) {
        TsFormat::EpochSeconds => quote!(#rt::TimestampFormat::EpochSeconds),
        TsFormat::DateTime => quote!(#rt::TimestampFormat::DateTime),
        TsFormat::HttpDate => quote!(#rt::TimestampFormat::HttpDate),
    }
}

/// An expression of type `String`: the text of the value behind the reference `v`.
pub fn to_text(ty: &TypeRef, v: &TokenStream, place: Place, media_type: bool) -> TokenStream {
    let rt = rt();
    let http = quote!(#rt::protocol::http);
    match ty {
        TypeRef::String if media_type && place == Place::Header => {
            quote!(#http::fmt_media_type(#v))
        }
        TypeRef::String => quote!(::std::string::ToString::to_string(#v)),
        TypeRef::Enum(_) => quote!(::std::string::ToString::to_string(#v.as_str())),
        TypeRef::IntEnum(_) => quote!(::std::string::ToString::to_string(&#v.as_i32())),
        TypeRef::Bool | TypeRef::Byte | TypeRef::Short | TypeRef::Integer | TypeRef::Long => {
            quote!(::std::string::ToString::to_string(#v))
        }
        TypeRef::Float => quote!(#http::fmt_f32(*#v)),
        TypeRef::Double => quote!(#http::fmt_f64(*#v)),
        TypeRef::BigInteger | TypeRef::BigDecimal => {
            quote!(::std::string::ToString::to_string(#v.as_str()))
        }
        TypeRef::Timestamp(f) => {
            let f = ts_tokens(*f, place);
            quote!(#http::fmt_timestamp(#v, #f))
        }
        TypeRef::Blob => quote!(#http::fmt_blob(#v)),
        // Not bindable (the plan's targets for labels, queries and headers are scalars or
        // lists of them); a document or aggregate is sent as its JSON text.
        _ => quote!(::std::string::String::new()),
    }
}

/// An expression of type `Result<T, DeserializeError>` reading the `&str` named `text`.
pub fn from_text(ty: &TypeRef, place: Place, media_type: bool) -> TokenStream {
    let rt = rt();
    let http = quote!(#rt::protocol::http);
    match ty {
        TypeRef::String if media_type && place == Place::Header => {
            quote!(#http::parse_media_type(text))
        }
        TypeRef::String => quote!(::std::result::Result::<_, #rt::json::DeserializeError>::Ok(
            ::std::string::ToString::to_string(text)
        )),
        TypeRef::Enum(p) => {
            let p = type_path(p);
            quote!(::std::result::Result::<_, #rt::json::DeserializeError>::Ok(<#p>::from(text.trim())))
        }
        TypeRef::IntEnum(p) => {
            let p = type_path(p);
            quote!(#http::parse_int::<i32>(text).map(<#p>::from))
        }
        TypeRef::Bool => quote!(#http::parse_bool(text)),
        TypeRef::Byte => quote!(#http::parse_int::<i8>(text)),
        TypeRef::Short => quote!(#http::parse_int::<i16>(text)),
        TypeRef::Integer => quote!(#http::parse_int::<i32>(text)),
        TypeRef::Long => quote!(#http::parse_int::<i64>(text)),
        TypeRef::Float => quote!(#http::parse_f32(text)),
        TypeRef::Double => quote!(#http::parse_f64(text)),
        TypeRef::BigInteger => quote!(#http::parse_int::<#rt::BigInteger>(text)),
        TypeRef::BigDecimal => quote!(#http::parse_int::<#rt::BigDecimal>(text)),
        TypeRef::Timestamp(f) => {
            let f = ts_tokens(*f, place);
            quote!(#http::parse_timestamp(text, #f))
        }
        TypeRef::Blob => quote!(#http::parse_blob(text)),
        _ => quote!(::std::result::Result::Err(#rt::json::DeserializeError::new(
            "this type cannot be read from a header"
        ))),
    }
}

/// Whether list items of this type are http-dates in a header (never quoted, split after
/// `GMT`).
pub fn is_http_date(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::Timestamp(None) | TypeRef::Timestamp(Some(TsFormat::HttpDate))
    )
}

/// Statements adding header `name` for member `m` of `input` to `request`, when set.
pub fn write_header(m: &MemberPlan, name: &str) -> TokenStream {
    let rt = rt();
    let f = crate::naming::ident(&m.field);
    let media = m.media_type.is_some();
    let value = match &m.ty {
        TypeRef::List { item, .. } => {
            let text = to_text(item, &quote!(item), Place::Header, media);
            let quote_items = !is_http_date(item);
            quote!(#rt::protocol::http::join_header_list(v.iter().map(|item| #text), #quote_items))
        }
        ty => to_text(ty, &quote!(v), Place::Header, media),
    };
    quote! {
        if let ::std::option::Option::Some(v) = &input.#f {
            request.header(#name, &#value)?;
        }
    }
}

/// Statements setting member `m` of `builder` from response header `name`, when present.
pub fn read_header(m: &MemberPlan, name: &str) -> TokenStream {
    let rt = rt();
    let http = quote!(#rt::protocol::http);
    let f = crate::naming::ident(&m.field);
    let wire = &m.wire_name;
    let media = m.media_type.is_some();
    let read = match &m.ty {
        TypeRef::List { item, .. } => {
            let one = from_text(item, Place::Header, media);
            let dates = is_http_date(item);
            quote! {
                #http::split_header_list(&text, #dates).and_then(|items| {
                    items.iter().map(|text| { let text = text.as_str(); #one }).collect::<::std::result::Result<::std::vec::Vec<_>, _>>()
                })
            }
        }
        ty => {
            let one = from_text(ty, Place::Header, media);
            quote!({ let text: &str = &text; #one })
        }
    };
    let wrap = if m.boxed {
        quote!(.map(::std::boxed::Box::new))
    } else {
        quote!()
    };
    quote! {
        if let ::std::option::Option::Some(text) = #http::header(response, #name)? {
            builder.#f = ::std::option::Option::Some(#read #wrap .map_err(|e| e.at(#wire))?);
        }
    }
}
