//! JSON documents, shared by every JSON protocol (awsJson, restJson1, rpcv2Json): the
//! writer statements and reader expressions of each value type, and the `ser`/`de` functions
//! of shared structures and unions. Protocols differ only in [`JsonSettings`].

use crate::emit::types::{rt, type_path};
use crate::naming::ident;
use crate::plan::{MemberPlan, StructPlan, TsFormat, TypePath, TypeRef, UnionPlan};
use proc_macro2::TokenStream;
use quote::quote;

/// What distinguishes one JSON protocol's documents from another's.
#[derive(Clone, Copy, Debug)]
pub struct JsonSettings {
    /// Keys come from `@jsonName` when present (restJson1), else from the member name.
    pub json_name: bool,
    /// `@timestampFormat` applies (every AWS JSON protocol); rpcv2Json ignores it and always
    /// writes epoch seconds.
    pub timestamp_format: bool,
    /// `bigInteger` and `bigDecimal` are JSON strings (rpcv2Json, so no parser rounds them)
    /// rather than raw numbers.
    pub big_numbers_as_strings: bool,
}

impl JsonSettings {
    /// The format of a timestamp with the given `@timestampFormat`.
    fn ts(self, f: Option<TsFormat>) -> TokenStream {
        ts_format(if self.timestamp_format { f } else { None })
    }
}

/// The key of `m` in a document.
pub fn key(m: &MemberPlan, settings: JsonSettings) -> &str {
    match (&m.json_name, settings.json_name) {
        (Some(name), true) => name,
        _ => &m.wire_name,
    }
}

/// `crate::protocol_serde::<module>`, where a shared type's functions live.
pub fn serde_path(p: &TypePath) -> TokenStream {
    let m = ident(&p.serde_module());
    quote!(crate::protocol_serde::#m)
}

/// The runtime's timestamp format; `None` (no `@timestampFormat`) is the JSON default, epoch
/// seconds.
pub fn ts_format(f: Option<TsFormat>) -> TokenStream {
    let rt = rt();
    match f.unwrap_or(TsFormat::EpochSeconds) {
        TsFormat::EpochSeconds => quote!(#rt::TimestampFormat::EpochSeconds),
        TsFormat::DateTime => quote!(#rt::TimestampFormat::DateTime),
        TsFormat::HttpDate => quote!(#rt::TimestampFormat::HttpDate),
    }
}

/// Statements writing the value behind the reference expression `v` to the writer `w`.
pub fn ser_value(
    ty: &TypeRef,
    v: &TokenStream,
    boxed: bool,
    settings: JsonSettings,
) -> TokenStream {
    match ty {
        // A unit union member is an empty object.
        TypeRef::Unit => quote!(let _ = #v; w.begin_object(); w.end_object();),
        TypeRef::String => quote!(w.string(#v);),
        TypeRef::Bool => quote!(w.boolean(*#v);),
        TypeRef::Byte | TypeRef::Short | TypeRef::Integer => quote!(w.integer(i64::from(*#v));),
        TypeRef::Long => quote!(w.integer(*#v);),
        TypeRef::Float => quote!(w.float32(*#v);),
        TypeRef::Double => quote!(w.float(*#v);),
        TypeRef::BigInteger | TypeRef::BigDecimal if settings.big_numbers_as_strings => {
            quote!(w.string(#v.as_str());)
        }
        TypeRef::BigInteger => quote!(w.big_integer(#v);),
        TypeRef::BigDecimal => quote!(w.big_decimal(#v);),
        TypeRef::Timestamp(f) => {
            let f = settings.ts(*f);
            quote!(w.timestamp(#v, #f);)
        }
        TypeRef::Blob => quote!(w.blob(#v);),
        // Only an HTTP payload is a byte stream (see the planner): never in a document.
        TypeRef::ByteStream => quote!(let _ = #v;),
        TypeRef::Document => quote!(w.document(#v);),
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
            let item_stmt = ser_value(item, &quote!(item), false, settings);
            let body = if *sparse {
                quote!(match item { ::std::option::Option::Some(item) => { #item_stmt } ::std::option::Option::None => w.null(), })
            } else {
                item_stmt
            };
            quote! {
                w.begin_array();
                for item in #v.iter() { #body }
                w.end_array();
            }
        }
        TypeRef::Map { key, value, sparse } => {
            let key_expr = match **key {
                TypeRef::Enum(_) => quote!(key.as_str()),
                _ => quote!(key),
            };
            let item_stmt = ser_value(value, &quote!(item), false, settings);
            let body = if *sparse {
                quote!(match item { ::std::option::Option::Some(item) => { #item_stmt } ::std::option::Option::None => w.null(), })
            } else {
                item_stmt
            };
            quote! {
                w.begin_object();
                for (key, item) in #v.iter() { w.key(#key_expr); #body }
                w.end_object();
            }
        }
    }
}

/// An expression of type `Result<T, DeserializeError>` reading the `&Value` named `v`.
pub fn de_value(ty: &TypeRef, boxed: bool, settings: JsonSettings) -> TokenStream {
    let rt = rt();
    let de = quote!(#rt::json::de);
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
        TypeRef::Timestamp(f) => {
            let f = settings.ts(*f);
            quote!(#de::timestamp(v, #f))
        }
        TypeRef::Blob => quote!(#de::blob(v)),
        TypeRef::ByteStream => quote!({
            let _ = v;
            ::std::result::Result::Err(#rt::json::DeserializeError::new("a byte stream is never inside a document"))
        }),
        TypeRef::Document => quote!(#de::document(v)),
        TypeRef::Enum(p) => {
            let p = type_path(p);
            quote!(#de::string(v).map(|s| <#p>::from(s.as_str())))
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
            let item = de_value(item, false, settings);
            if *sparse {
                quote!(#de::sparse_list(v, |v| #item))
            } else {
                quote!(#de::list(v, |v| #item))
            }
        }
        TypeRef::Map { key, value, sparse } => {
            let value = de_value(value, false, settings);
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

/// `.map_err(..)` for reading member `wire`: the error gets the member's name in its path. For a
/// sensitive member (or any member of a sensitive structure or union) the reader's error is
/// replaced: it may quote the value it could not read (`found the string "..."`) or name a map
/// key on its path, and error messages end up in logs.
pub fn member_error(wire: &str, sensitive: bool) -> TokenStream {
    let rt = rt();
    if sensitive {
        quote!(map_err(|_| #rt::json::DeserializeError::sensitive(#wire)))
    } else {
        quote!(map_err(|e| e.at(#wire)))
    }
}

/// Statements writing an object of the `members` of `owner` (an expression of the structure
/// type) that are set; `w` is the writer.
pub fn ser_object<'a>(
    owner: &TokenStream,
    members: impl Iterator<Item = &'a MemberPlan>,
    settings: JsonSettings,
) -> TokenStream {
    let stmts = members.map(|m| {
        let f = ident(&m.field);
        let k = key(m, settings);
        let write = ser_value(&m.ty, &quote!(v), m.boxed, settings);
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
        w.begin_object();
        #(#stmts)*
        w.end_object();
    }
}

/// Statements reading the object `value` into `builder` (unknown keys and nulls are skipped,
/// the object must be one). `sensitive`: the owner is `@sensitive`. `error`: the owner is an
/// error structure, whose `message` member is also read under any other casing.
pub fn read_object<'a>(
    members: impl Iterator<Item = &'a MemberPlan>,
    settings: JsonSettings,
    sensitive: bool,
    error: bool,
) -> TokenStream {
    let rt = rt();
    let members: Vec<&MemberPlan> = members.collect();
    let mut arms: Vec<TokenStream> = members
        .iter()
        .map(|m| {
            let f = ident(&m.field);
            let k = key(m, settings);
            let read = de_value(&m.ty, m.boxed, settings);
            let map_err = member_error(&m.wire_name, sensitive || m.sensitive);
            quote! {
                #k => {
                    builder.#f = ::std::option::Option::Some(#read.#map_err?);
                }
            }
        })
        .collect();
    // AWS services spell an error's message key `message`, `Message` or otherwise; the protocol
    // reads it case-insensitively, so the modeled member does too, after the exact key. Only
    // when exactly one member is some casing of `message`.
    let mut message_members = members
        .iter()
        .filter(|m| error && m.wire_name.eq_ignore_ascii_case("message"));
    if let (Some(m), None) = (message_members.next(), message_members.next()) {
        let f = ident(&m.field);
        let read = de_value(&m.ty, m.boxed, settings);
        let map_err = member_error(&m.wire_name, sensitive || m.sensitive);
        arms.push(quote! {
            other if builder.#f.is_none() && other.eq_ignore_ascii_case("message") => {
                builder.#f = ::std::option::Option::Some(#read.#map_err?);
            }
        });
    }
    if arms.is_empty() {
        // Still reject a document that is not an object.
        return quote!(let _ = #rt::json::de::object(value)?;);
    }
    quote! {
        for (key, v) in #rt::json::de::object(value)? {
            match key {
                #(#arms)*
                _ => {}
            }
        }
    }
}

/// `ser` and `de` of a shared structure (or of a modeled error's body).
pub fn structure(s: &StructPlan, settings: JsonSettings) -> TokenStream {
    let rt = rt();
    let ty = type_path(&s.path);
    let builder = crate::emit::types::builder_path(&s.path);
    let write = ser_object(&quote!(value), s.members.iter(), settings);
    let is_error = matches!(s.role, crate::plan::StructRole::Error(_));
    let read = read_object(s.members.iter(), settings, s.sensitive, is_error);
    let mut_builder = (!s.members.is_empty()).then(|| quote!(mut));
    quote! {
        /// Writes the structure as a JSON object.
        pub(crate) fn ser(value: &#ty, w: &mut #rt::json::JsonWriter) {
            #write
        }

        /// Reads the structure from a JSON object.
        pub(crate) fn de(value: &#rt::json::Value) -> ::std::result::Result<#ty, #rt::json::DeserializeError> {
            let #mut_builder builder = <#builder>::default();
            #read
            ::std::result::Result::Ok(builder.build_error_corrected())
        }
    }
}

/// `ser` and `de` of a union: an object with exactly one member.
pub fn union(u: &UnionPlan, settings: JsonSettings) -> TokenStream {
    let rt = rt();
    let name = type_path(&u.path);
    let ser_arms = u.members.iter().map(|m| {
        let v = ident(&m.variant);
        let k = key(m, settings);
        let write = ser_value(&m.ty, &quote!(v), m.boxed, settings);
        quote!(#name::#v(v) => { w.key(#k); #write })
    });
    let de_arms = u.members.iter().map(|m| {
        let v = ident(&m.variant);
        let k = key(m, settings);
        let read = de_value(&m.ty, m.boxed, settings);
        let map_err = member_error(&m.wire_name, u.sensitive || m.sensitive);
        quote!(::std::option::Option::Some((#k, v)) => #read.map(#name::#v).#map_err,)
    });
    quote! {
        /// Writes the union as a JSON object with its one member.
        #[allow(deprecated)]
        pub(crate) fn ser(value: &#name, w: &mut #rt::json::JsonWriter) {
            w.begin_object();
            match value {
                #(#ser_arms)*
                #name::Unknown(member) => w.invalid(::std::format!("cannot send the unknown union member `{}`", member.as_str())),
            }
            w.end_object();
        }

        /// Reads the union from a JSON object with one member set; an unknown member is kept
        /// by name.
        #[allow(deprecated)]
        pub(crate) fn de(v: &#rt::json::Value) -> ::std::result::Result<#name, #rt::json::DeserializeError> {
            match #rt::json::de::union_member(v)? {
                #(#de_arms)*
                ::std::option::Option::Some((other, _)) => ::std::result::Result::Ok(#name::Unknown(#rt::UnknownVariantValue::new(other))),
                ::std::option::Option::None => ::std::result::Result::Err(#rt::json::DeserializeError::new("a union value needs exactly one member set")),
            }
        }
    }
}
