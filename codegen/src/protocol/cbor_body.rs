//! CBOR documents (rpcv2Cbor): the writer statements and reader expressions of each value type,
//! and the `ser`/`de` functions of shared structures and unions. The same layout as
//! [`json_body`](super::json_body), over the runtime's `cbor` module: keys are member names
//! (`@jsonName` does not apply), timestamps are tag 1 whatever their `@timestampFormat`, blobs
//! byte strings, and documents are not supported by the protocol.

use super::json_body::{member_error, serde_path};
use crate::emit::types::{rt, type_path};
use crate::naming::ident;
use crate::plan::{MemberPlan, StructPlan, TypeRef, UnionPlan};
use proc_macro2::TokenStream;
use quote::quote;

/// Statements writing the value behind the reference expression `v` to the writer `w`.
pub fn ser_value(ty: &TypeRef, v: &TokenStream, boxed: bool) -> TokenStream {
    match ty {
        // A unit union member is an empty map.
        TypeRef::Unit => quote!(let _ = #v; w.begin_map(); w.end_map();),
        TypeRef::String => quote!(w.string(#v);),
        TypeRef::Bool => quote!(w.boolean(*#v);),
        TypeRef::Byte | TypeRef::Short | TypeRef::Integer => quote!(w.integer(i64::from(*#v));),
        TypeRef::Long => quote!(w.integer(*#v);),
        TypeRef::Float => quote!(w.float32(*#v);),
        TypeRef::Double => quote!(w.float(*#v);),
        TypeRef::BigInteger => quote!(w.big_integer(#v);),
        TypeRef::BigDecimal => quote!(w.big_decimal(#v);),
        TypeRef::Timestamp(_) => quote!(w.timestamp(#v);),
        TypeRef::Blob => quote!(w.blob(#v);),
        // Only an HTTP payload is a byte stream (see the planner): never in a document.
        TypeRef::ByteStream => quote!(let _ = #v;),
        // The protocol has no document encoding (its spec says documents are unsupported).
        TypeRef::Document => {
            quote!(let _ = #v; w.invalid("rpcv2Cbor cannot send documents");)
        }
        TypeRef::Enum(_) => quote!(w.string(#v.as_str());),
        TypeRef::IntEnum(_) => quote!(w.integer(i64::from(#v.as_i32()));),
        TypeRef::Struct(p) | TypeRef::Union(p) => {
            let m = serde_path(p);
            if boxed {
                quote!(#m::ser(&**#v, w);)
            } else {
                quote!(#m::ser(#v, w);)
            }
        }
        TypeRef::List { item, sparse } => {
            let item_stmt = ser_value(item, &quote!(item), false);
            let body = if *sparse {
                quote!(match item { ::std::option::Option::Some(item) => { #item_stmt } ::std::option::Option::None => w.null(), })
            } else {
                item_stmt
            };
            quote! {
                w.begin_list_with_len(#v.len());
                for item in #v.iter() { #body }
                w.end_list();
            }
        }
        TypeRef::Map { key, value, sparse } => {
            let key_expr = match **key {
                TypeRef::Enum(_) => quote!(key.as_str()),
                _ => quote!(key),
            };
            let item_stmt = ser_value(value, &quote!(item), false);
            let body = if *sparse {
                quote!(match item { ::std::option::Option::Some(item) => { #item_stmt } ::std::option::Option::None => w.null(), })
            } else {
                item_stmt
            };
            quote! {
                w.begin_map_with_len(#v.len());
                for (key, item) in #v.iter() { w.key(#key_expr); #body }
                w.end_map();
            }
        }
    }
}

/// An expression of type `Result<T, DeserializeError>` reading the `&cbor::Value` named `v`.
pub fn de_value(ty: &TypeRef, boxed: bool) -> TokenStream {
    let rt = rt();
    let de = quote!(#rt::cbor::de);
    let expr = match ty {
        TypeRef::Unit => quote!(#de::object(v).map(|_| ())),
        TypeRef::String => quote!(#de::string(v)),
        TypeRef::Bool => quote!(#de::boolean(v)),
        TypeRef::Byte => quote!(#de::byte(v)),
        TypeRef::Short => quote!(#de::short(v)),
        TypeRef::Integer => quote!(#de::integer(v)),
        TypeRef::Long => quote!(#de::long(v)),
        TypeRef::Float => quote!(#de::float(v)),
        TypeRef::Double => quote!(#de::double(v)),
        TypeRef::BigInteger => quote!(#de::big_integer(v)),
        TypeRef::BigDecimal => quote!(#de::big_decimal(v)),
        TypeRef::Timestamp(_) => quote!(#de::timestamp(v)),
        TypeRef::Blob => quote!(#de::blob(v)),
        TypeRef::ByteStream => quote!({
            let _ = v;
            ::std::result::Result::Err(#rt::cbor::DeserializeError::new("a byte stream is never inside a document"))
        }),
        TypeRef::Document => quote!({
            let _ = v;
            ::std::result::Result::Err(#rt::cbor::DeserializeError::new(
                "rpcv2Cbor cannot carry documents",
            ))
        }),
        TypeRef::Enum(p) => {
            let p = type_path(p);
            quote!(#de::string_ref(v).map(<#p>::from))
        }
        TypeRef::IntEnum(p) => {
            let p = type_path(p);
            quote!(#de::integer(v).map(<#p>::from))
        }
        TypeRef::Struct(p) | TypeRef::Union(p) => {
            let m = serde_path(p);
            quote!(#m::de(v))
        }
        TypeRef::List { item, sparse } => {
            let item = de_value(item, false);
            if *sparse {
                quote!(#de::sparse_list(v, |v| #item))
            } else {
                quote!(#de::list(v, |v| #item))
            }
        }
        TypeRef::Map { key, value, sparse } => {
            let value = de_value(value, false);
            let read = if *sparse {
                quote!(#de::sparse_map(v, |v| #value))
            } else {
                quote!(#de::map(v, |v| #value))
            };
            match &**key {
                TypeRef::Enum(p) => {
                    let p = type_path(p);
                    quote!(#read.map(|m| m.into_iter().map(|(k, v)| (<#p>::from(k.as_str()), v)).collect()))
                }
                _ => read,
            }
        }
    };
    if boxed {
        quote!(#expr.map(::std::boxed::Box::new))
    } else {
        expr
    }
}

/// Statements writing a map of the `members` of `owner` (an expression of the structure type)
/// that are set; `w` is the writer.
pub fn ser_object<'a>(
    owner: &TokenStream,
    members: impl Iterator<Item = &'a MemberPlan>,
) -> TokenStream {
    let stmts = members.map(|m| {
        let f = ident(&m.field);
        let k = &m.wire_name;
        let write = ser_value(&m.ty, &quote!(v), m.boxed);
        if m.optional {
            quote! {
                if let ::std::option::Option::Some(v) = &#owner.#f {
                    w.key(#k);
                    #write
                }
            }
        } else {
            quote! {
                {
                    let v = &#owner.#f;
                    w.key(#k);
                    #write
                }
            }
        }
    });
    quote! {
        w.begin_map();
        #(#stmts)*
        w.end_map();
    }
}

/// Statements reading the map `value` into `builder` (unknown keys and nulls are skipped; the
/// item must be a map). `sensitive`: the owner is `@sensitive`.
pub fn read_object<'a>(
    members: impl Iterator<Item = &'a MemberPlan>,
    sensitive: bool,
) -> TokenStream {
    let rt = rt();
    let arms: Vec<TokenStream> = members
        .map(|m| {
            let f = ident(&m.field);
            let k = &m.wire_name;
            let read = de_value(&m.ty, m.boxed);
            let map_err = member_error(&m.wire_name, sensitive || m.sensitive);
            quote! {
                #k => {
                    builder.#f = ::std::option::Option::Some(#read.#map_err?);
                }
            }
        })
        .collect();
    if arms.is_empty() {
        return quote!(let _ = #rt::cbor::de::object(value)?;);
    }
    quote! {
        for (key, v) in #rt::cbor::de::object(value)? {
            match key {
                #(#arms)*
                _ => {}
            }
        }
    }
}

/// `ser` and `de` of a shared structure (or of a modeled error's body).
pub fn structure(s: &StructPlan) -> TokenStream {
    let rt = rt();
    let ty = type_path(&s.path);
    let builder = crate::emit::types::builder_path(&s.path);
    let write = ser_object(&quote!(value), s.members.iter());
    let read = read_object(s.members.iter(), s.sensitive);
    let mut_builder = (!s.members.is_empty()).then(|| quote!(mut));
    quote! {
        /// Writes the structure as a CBOR map.
        pub(crate) fn ser(value: &#ty, w: &mut #rt::cbor::CborWriter) {
            #write
        }

        /// Reads the structure from a CBOR map.
        pub(crate) fn de(value: &#rt::cbor::Value) -> ::std::result::Result<#ty, #rt::cbor::DeserializeError> {
            let #mut_builder builder = <#builder>::default();
            #read
            ::std::result::Result::Ok(builder.build_error_corrected())
        }
    }
}

/// `ser` and `de` of a union: a map with exactly one member.
pub fn union(u: &UnionPlan) -> TokenStream {
    let rt = rt();
    let name = type_path(&u.path);
    let ser_arms = u.members.iter().map(|m| {
        let v = ident(&m.variant);
        let k = &m.wire_name;
        let write = ser_value(&m.ty, &quote!(v), m.boxed);
        quote!(#name::#v(v) => { w.key(#k); #write })
    });
    let de_arms = u.members.iter().map(|m| {
        let v = ident(&m.variant);
        let k = &m.wire_name;
        let read = de_value(&m.ty, m.boxed);
        let map_err = member_error(&m.wire_name, u.sensitive || m.sensitive);
        quote!(::std::option::Option::Some((#k, v)) => #read.map(#name::#v).#map_err,)
    });
    quote! {
        /// Writes the union as a CBOR map with its one member.
        #[allow(deprecated)]
        pub(crate) fn ser(value: &#name, w: &mut #rt::cbor::CborWriter) {
            w.begin_map();
            match value {
                #(#ser_arms)*
                #name::Unknown(member) => w.invalid(::std::format!("cannot send the unknown union member `{}`", member.as_str())),
            }
            w.end_map();
        }

        /// Reads the union from a CBOR map with one member set; an unknown member is kept by
        /// name.
        #[allow(deprecated)]
        pub(crate) fn de(v: &#rt::cbor::Value) -> ::std::result::Result<#name, #rt::cbor::DeserializeError> {
            match #rt::cbor::de::union_member(v)? {
                #(#de_arms)*
                ::std::option::Option::Some((other, _)) => ::std::result::Result::Ok(#name::Unknown(#rt::UnknownVariantValue::new(other))),
                ::std::option::Option::None => ::std::result::Result::Err(#rt::cbor::DeserializeError::new("a union value needs exactly one member set")),
            }
        }
    }
}
