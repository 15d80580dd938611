//! What JSON and CBOR documents have in common: both are trees of objects (maps), lists and
//! scalars, read and written by runtime modules (`json`, `cbor`) with the same function names
//! and error type. The code for collections, members, structures and unions is therefore
//! written once here; each codec ([`json_body`](super::json_body),
//! [`cbor_body`](super::cbor_body)) supplies only its scalars, its key rule and the writer
//! calls that differ, through [`Codec`].

use crate::emit::types::type_path;
use crate::naming::ident;
use crate::plan::{MemberPlan, StructPlan, TypePath, TypeRef, UnionPlan};
use proc_macro2::TokenStream;
use quote::quote;

/// One document format, as the generated code sees it.
pub trait Codec: Copy {
    /// The runtime module of the format (`::smithy_client_runtime::json`).
    fn module(self) -> TokenStream;
    /// The format and its object word, for docs ("JSON object", "CBOR map").
    fn object_name(self) -> &'static str;
    /// The writer type (`json::JsonWriter`).
    fn writer(self) -> TokenStream;
    /// The key of member `m` in an object.
    fn key(self, m: &MemberPlan) -> &str;
    /// Statements starting and ending an object of members.
    fn begin_object(self) -> TokenStream;
    /// See [`Codec::begin_object`].
    fn end_object(self) -> TokenStream;
    /// Statements starting and ending a list or a map whose length is `v.len()`.
    fn begin_list(self, v: &TokenStream) -> TokenStream;
    /// See [`Codec::begin_list`].
    fn end_list(self) -> TokenStream;
    /// See [`Codec::begin_list`].
    fn begin_map(self, v: &TokenStream) -> TokenStream;
    /// Statements writing a value that is not a structure, union or collection.
    fn ser_scalar(self, ty: &TypeRef, v: &TokenStream) -> TokenStream;
    /// An expression reading a value that is not a structure, union or collection from `v`.
    fn de_scalar(self, ty: &TypeRef) -> TokenStream;
    /// Whether an error structure's `message` member is also read under another casing of
    /// its key (what AWS JSON services send).
    fn message_in_any_case(self) -> bool;
}

/// `crate::protocol_serde::<module>`, where a shared type's functions live.
pub fn serde_path(p: &TypePath) -> TokenStream {
    let m = ident(&p.serde_module());
    quote!(crate::protocol_serde::#m)
}

/// Statements writing the value behind the reference expression `v` to the writer `w`.
pub fn ser_value(c: impl Codec, ty: &TypeRef, v: &TokenStream, boxed: bool) -> TokenStream {
    let sparse_item = |item_stmt: TokenStream, sparse: bool| {
        if sparse {
            quote!(match item { ::std::option::Option::Some(item) => { #item_stmt } ::std::option::Option::None => w.null(), })
        } else {
            item_stmt
        }
    };
    match ty {
        TypeRef::Struct(p) | TypeRef::Union(p) => {
            let m = serde_path(p);
            if boxed {
                quote!(#m::ser(&**#v, w);)
            } else {
                quote!(#m::ser(#v, w);)
            }
        }
        TypeRef::List { item, sparse } => {
            let body = sparse_item(ser_value(c, item, &quote!(item), false), *sparse);
            let (begin, end) = (c.begin_list(v), c.end_list());
            quote! {
                #begin
                for item in #v.iter() { #body }
                #end
            }
        }
        TypeRef::Map { key, value, sparse } => {
            let key_expr = match **key {
                TypeRef::Enum(_) => quote!(key.as_str()),
                _ => quote!(key),
            };
            let body = sparse_item(ser_value(c, value, &quote!(item), false), *sparse);
            let (begin, end) = (c.begin_map(v), c.end_object());
            quote! {
                #begin
                for (key, item) in #v.iter() { w.key(#key_expr); #body }
                #end
            }
        }
        _ => c.ser_scalar(ty, v),
    }
}

/// An expression of type `Result<T, DeserializeError>` reading the `&Value` named `v`.
pub fn de_value(c: impl Codec, ty: &TypeRef, boxed: bool) -> TokenStream {
    let module = c.module();
    let de = quote!(#module::de);
    let expr = match ty {
        TypeRef::Struct(p) | TypeRef::Union(p) => {
            let m = serde_path(p);
            quote!(#m::de(v))
        }
        TypeRef::List { item, sparse } => {
            let item = de_value(c, item, false);
            if *sparse {
                quote!(#de::sparse_list(v, |v| #item))
            } else {
                quote!(#de::list(v, |v| #item))
            }
        }
        TypeRef::Map { key, value, sparse } => {
            let value = de_value(c, value, false);
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
        _ => c.de_scalar(ty),
    };
    if boxed {
        quote!(#expr.map(::std::boxed::Box::new))
    } else {
        expr
    }
}

/// Statements writing a scalar both formats write alike (`None` for the others: unit,
/// timestamps, documents, and the values that are not scalars).
pub fn ser_common_scalar(ty: &TypeRef, v: &TokenStream) -> Option<TokenStream> {
    Some(match ty {
        TypeRef::String => quote!(w.string(#v);),
        TypeRef::Bool => quote!(w.boolean(*#v);),
        TypeRef::Byte | TypeRef::Short | TypeRef::Integer => quote!(w.integer(i64::from(*#v));),
        TypeRef::Long => quote!(w.integer(*#v);),
        TypeRef::Float => quote!(w.float32(*#v);),
        TypeRef::Double => quote!(w.float(*#v);),
        TypeRef::BigInteger => quote!(w.big_integer(#v);),
        TypeRef::BigDecimal => quote!(w.big_decimal(#v);),
        TypeRef::Blob => quote!(w.blob(#v);),
        // Only an HTTP payload is a byte stream (see the planner): never in a document.
        TypeRef::ByteStream => quote!(let _ = #v;),
        TypeRef::Enum(_) => quote!(w.string(#v.as_str());),
        TypeRef::IntEnum(_) => quote!(w.integer(i64::from(#v.as_i32()));),
        _ => return None,
    })
}

/// An expression reading a scalar both formats read alike with the reader module `de`
/// (`None` for the others: timestamps, string enums, documents, and the values that are not
/// scalars).
pub fn de_common_scalar(de: &TokenStream, ty: &TypeRef) -> Option<TokenStream> {
    Some(match ty {
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
        TypeRef::Blob => quote!(#de::blob(v)),
        TypeRef::ByteStream => {
            let rt = crate::emit::types::rt();
            quote!({
                let _ = v;
                ::std::result::Result::Err(#rt::json::DeserializeError::new("a byte stream is never inside a document"))
            })
        }
        TypeRef::IntEnum(p) => {
            let p = type_path(p);
            quote!(#de::integer(v).map(<#p>::from))
        }
        _ => return None,
    })
}

/// `.map_err(..)` for reading member `wire`: the error gets the member's name in its path. For a
/// sensitive member (or any member of a sensitive structure or union) the reader's error is
/// replaced: it may quote the value it could not read (`found the string "..."`) or name a map
/// key on its path, and error messages end up in logs.
pub fn member_error(wire: &str, sensitive: bool) -> TokenStream {
    let rt = crate::emit::types::rt();
    if sensitive {
        quote!(map_err(|_| #rt::json::DeserializeError::sensitive(#wire)))
    } else {
        quote!(map_err(|e| e.at(#wire)))
    }
}

/// Statements writing an object of the `members` of `owner` (an expression of the structure
/// type) that are set; `w` is the writer.
pub fn ser_object<'a>(
    c: impl Codec,
    owner: &TokenStream,
    members: impl Iterator<Item = &'a MemberPlan>,
) -> TokenStream {
    let stmts = members.map(|m| {
        let f = ident(&m.field);
        let k = c.key(m);
        let write = ser_value(c, &m.ty, &quote!(v), m.boxed);
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
    let (begin, end) = (c.begin_object(), c.end_object());
    quote! {
        #begin
        #(#stmts)*
        #end
    }
}

/// Statements reading the object `value` into `builder` (unknown keys and nulls are skipped,
/// the object must be one). `sensitive`: the owner is `@sensitive`. `error`: the owner is an
/// error structure (see [`Codec::message_in_any_case`]).
pub fn read_object<'a>(
    c: impl Codec,
    members: impl Iterator<Item = &'a MemberPlan>,
    sensitive: bool,
    error: bool,
) -> TokenStream {
    let module = c.module();
    let members: Vec<&MemberPlan> = members.collect();
    let mut arms: Vec<TokenStream> = members
        .iter()
        .map(|m| {
            let f = ident(&m.field);
            let k = c.key(m);
            let read = de_value(c, &m.ty, m.boxed);
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
    let mut message_members = members.iter().filter(|m| {
        error && c.message_in_any_case() && m.wire_name.eq_ignore_ascii_case("message")
    });
    if let (Some(m), None) = (message_members.next(), message_members.next()) {
        let f = ident(&m.field);
        let read = de_value(c, &m.ty, m.boxed);
        let map_err = member_error(&m.wire_name, sensitive || m.sensitive);
        arms.push(quote! {
            other if builder.#f.is_none() && other.eq_ignore_ascii_case("message") => {
                builder.#f = ::std::option::Option::Some(#read.#map_err?);
            }
        });
    }
    if arms.is_empty() {
        // Still reject a document that is not an object.
        return quote!(let _ = #module::de::object(value)?;);
    }
    quote! {
        for (key, v) in #module::de::object(value)? {
            match key {
                #(#arms)*
                _ => {}
            }
        }
    }
}

/// `ser` and `de` of a shared structure (or of a modeled error's body).
pub fn structure(c: impl Codec, s: &StructPlan) -> TokenStream {
    let module = c.module();
    let ty = type_path(&s.path);
    let builder = crate::emit::types::builder_path(&s.path);
    let write = ser_object(c, &quote!(value), s.members.iter());
    let is_error = matches!(s.role, crate::plan::StructRole::Error(_));
    let read = read_object(c, s.members.iter(), s.sensitive, is_error);
    let mut_builder = (!s.members.is_empty()).then(|| quote!(mut));
    let ser_doc = format!(" Writes the structure as a {}.", c.object_name());
    let de_doc = format!(" Reads the structure from a {}.", c.object_name());
    let writer = c.writer();
    // A structure without members never reads the value it writes: the parameter gets a
    // leading underscore so the generated crate compiles without unused-variable warnings.
    let value = if s.members.is_empty() {
        quote!(_value)
    } else {
        quote!(value)
    };
    quote! {
        #[doc = #ser_doc]
        pub(crate) fn ser(#value: &#ty, w: &mut #writer) {
            #write
        }

        #[doc = #de_doc]
        pub(crate) fn de(value: &#module::Value) -> ::std::result::Result<#ty, #module::DeserializeError> {
            let #mut_builder builder = <#builder>::default();
            #read
            ::std::result::Result::Ok(builder.build_error_corrected())
        }
    }
}

/// `ser` and `de` of a union: an object with exactly one member.
pub fn union(c: impl Codec, u: &UnionPlan) -> TokenStream {
    let module = c.module();
    let rt = crate::emit::types::rt();
    let name = type_path(&u.path);
    let ser_arms = u.members.iter().map(|m| {
        let v = ident(&m.variant);
        let k = c.key(m);
        let write = ser_value(c, &m.ty, &quote!(v), m.boxed);
        quote!(#name::#v(v) => { w.key(#k); #write })
    });
    let de_arms = u.members.iter().map(|m| {
        let v = ident(&m.variant);
        let k = c.key(m);
        let read = de_value(c, &m.ty, m.boxed);
        let map_err = member_error(&m.wire_name, u.sensitive || m.sensitive);
        quote!(::std::option::Option::Some((#k, v)) => #read.map(#name::#v).#map_err,)
    });
    let ser_doc = format!(
        " Writes the union as a {} with its one member.",
        c.object_name()
    );
    let de_doc = format!(
        " Reads the union from a {} with one member set; an unknown member is kept by name.",
        c.object_name()
    );
    let (begin, end) = (c.begin_object(), c.end_object());
    let writer = c.writer();
    quote! {
        #[doc = #ser_doc]
        #[allow(deprecated)]
        pub(crate) fn ser(value: &#name, w: &mut #writer) {
            #begin
            match value {
                #(#ser_arms)*
                #name::Unknown(member) => w.invalid(::std::format!("cannot send the unknown union member `{}`", member.as_str())),
            }
            #end
        }

        #[doc = #de_doc]
        #[allow(deprecated)]
        pub(crate) fn de(v: &#module::Value) -> ::std::result::Result<#name, #module::DeserializeError> {
            match #module::de::union_member(v)? {
                #(#de_arms)*
                ::std::option::Option::Some((other, _)) => ::std::result::Result::Ok(#name::Unknown(#rt::UnknownVariantValue::new(other))),
                ::std::option::Option::None => ::std::result::Result::Err(#module::DeserializeError::new("a union value needs exactly one member set")),
            }
        }
    }
}
