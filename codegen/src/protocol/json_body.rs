//! JSON documents, shared by every JSON protocol (awsJson, restJson1, rpcv2Json): the
//! writer statements and reader expressions of each value type, and the `ser`/`de` functions
//! of shared structures and unions. Protocols differ only in [`JsonSettings`].

use super::document::{self, Codec};
use crate::emit::types::{rt, type_path};
use crate::plan::{MemberPlan, StructPlan, TsFormat, TypeRef, UnionPlan};
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

pub use super::document::{member_error, serde_path};

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

impl Codec for JsonSettings {
    fn module(self) -> TokenStream {
        let rt = rt();
        quote!(#rt::json)
    }

    fn object_name(self) -> &'static str {
        "JSON object"
    }

    fn writer(self) -> TokenStream {
        let rt = rt();
        quote!(#rt::json::JsonWriter)
    }

    fn key(self, m: &MemberPlan) -> &str {
        key(m, self)
    }

    fn begin_object(self) -> TokenStream {
        quote!(w.begin_object();)
    }

    fn end_object(self) -> TokenStream {
        quote!(w.end_object();)
    }

    fn begin_list(self, _: &TokenStream) -> TokenStream {
        quote!(w.begin_array();)
    }

    fn end_list(self) -> TokenStream {
        quote!(w.end_array();)
    }

    fn begin_map(self, _: &TokenStream) -> TokenStream {
        quote!(w.begin_object();)
    }

    fn ser_scalar(self, ty: &TypeRef, v: &TokenStream) -> TokenStream {
        match ty {
            // A unit union member is an empty object.
            TypeRef::Unit => quote!(let _ = #v; w.begin_object(); w.end_object();),
            TypeRef::BigInteger | TypeRef::BigDecimal if self.big_numbers_as_strings => {
                quote!(w.string(#v.as_str());)
            }
            TypeRef::Timestamp(f) => {
                let f = self.ts(*f);
                quote!(w.timestamp(#v, #f);)
            }
            // Documents (collections, structures and unions never get here).
            _ => document::ser_common_scalar(ty, v).unwrap_or_else(|| quote!(w.document(#v);)),
        }
    }

    fn de_scalar(self, ty: &TypeRef) -> TokenStream {
        let rt = rt();
        let de = quote!(#rt::json::de);
        match ty {
            TypeRef::Timestamp(f) => {
                let f = self.ts(*f);
                quote!(#de::timestamp(v, #f))
            }
            TypeRef::Enum(p) => {
                let p = type_path(p);
                quote!(#de::string_ref(v).map(<#p>::from))
            }
            // Documents (collections, structures and unions never get here).
            _ => document::de_common_scalar(&de, ty).unwrap_or_else(|| quote!(#de::document(v))),
        }
    }

    fn message_in_any_case(self) -> bool {
        true
    }
}

/// Statements writing the value behind the reference expression `v` to the writer `w`.
pub fn ser_value(
    ty: &TypeRef,
    v: &TokenStream,
    boxed: bool,
    settings: JsonSettings,
) -> TokenStream {
    document::ser_value(settings, ty, v, boxed)
}

/// An expression of type `Result<T, DeserializeError>` reading the `&Value` named `v`.
pub fn de_value(ty: &TypeRef, boxed: bool, settings: JsonSettings) -> TokenStream {
    document::de_value(settings, ty, boxed)
}

/// Statements writing an object of the `members` of `owner` (an expression of the structure
/// type) that are set; `w` is the writer.
pub fn ser_object<'a>(
    owner: &TokenStream,
    members: impl Iterator<Item = &'a MemberPlan>,
    settings: JsonSettings,
) -> TokenStream {
    document::ser_object(settings, owner, members)
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
    document::read_object(settings, members, sensitive, error)
}

/// `ser` and `de` of a shared structure (or of a modeled error's body).
pub fn structure(s: &StructPlan, settings: JsonSettings) -> TokenStream {
    document::structure(settings, s)
}

/// `ser` and `de` of a union: an object with exactly one member.
pub fn union(u: &UnionPlan, settings: JsonSettings) -> TokenStream {
    document::union(settings, u)
}
