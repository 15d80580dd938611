//! CBOR documents (rpcv2Cbor): the writer statements and reader expressions of each value type,
//! and the `ser`/`de` functions of shared structures and unions. The same layout as
//! [`json_body`](super::json_body), over the runtime's `cbor` module: keys are member names
//! (`@jsonName` does not apply), timestamps are tag 1 whatever their `@timestampFormat`, blobs
//! byte strings, and documents are not supported by the protocol.

use super::document::{self, Codec};
use crate::emit::types::{rt, type_path};
use crate::plan::{MemberPlan, StructPlan, TypeRef, UnionPlan};
use proc_macro2::TokenStream;
use quote::quote;

/// The rpcv2Cbor document codec.
#[derive(Clone, Copy, Debug)]
pub struct Cbor;

impl Codec for Cbor {
    fn module(self) -> TokenStream {
        let rt = rt();
        quote!(#rt::cbor)
    }

    fn object_name(self) -> &'static str {
        "CBOR map"
    }

    fn writer(self) -> TokenStream {
        let rt = rt();
        quote!(#rt::cbor::CborWriter)
    }

    fn key(self, m: &MemberPlan) -> &str {
        &m.wire_name
    }

    fn begin_object(self) -> TokenStream {
        quote!(w.begin_map();)
    }

    fn end_object(self) -> TokenStream {
        quote!(w.end_map();)
    }

    fn begin_list(self, v: &TokenStream) -> TokenStream {
        quote!(w.begin_list_with_len(#v.len());)
    }

    fn end_list(self) -> TokenStream {
        quote!(w.end_list();)
    }

    fn begin_map(self, v: &TokenStream) -> TokenStream {
        quote!(w.begin_map_with_len(#v.len());)
    }

    fn ser_scalar(self, ty: &TypeRef, v: &TokenStream) -> TokenStream {
        match ty {
            // A unit union member is an empty map.
            TypeRef::Unit => quote!(let _ = #v; w.begin_map(); w.end_map();),
            TypeRef::Timestamp(_) => quote!(w.timestamp(#v);),
            // The protocol has no document encoding (its spec says documents are unsupported);
            // collections, structures and unions never get here.
            _ => document::ser_common_scalar(ty, v).unwrap_or_else(
                || quote!(let _ = #v; w.invalid("rpcv2Cbor cannot send documents");),
            ),
        }
    }

    fn de_scalar(self, ty: &TypeRef) -> TokenStream {
        let rt = rt();
        let de = quote!(#rt::cbor::de);
        match ty {
            TypeRef::Timestamp(_) => quote!(#de::timestamp(v)),
            TypeRef::Enum(p) => {
                let p = type_path(p);
                quote!(#de::string_ref(v).map(<#p>::from))
            }
            // Documents (collections, structures and unions never get here).
            _ => document::de_common_scalar(&de, ty).unwrap_or_else(|| {
                quote!({
                    let _ = v;
                    ::std::result::Result::Err(#rt::cbor::DeserializeError::new(
                        "rpcv2Cbor cannot carry documents",
                    ))
                })
            }),
        }
    }

    /// rpcv2Cbor errors are read by their exact keys.
    fn message_in_any_case(self) -> bool {
        false
    }
}

/// Statements writing a map of the `members` of `owner` (an expression of the structure type)
/// that are set; `w` is the writer.
pub fn ser_object<'a>(
    owner: &TokenStream,
    members: impl Iterator<Item = &'a MemberPlan>,
) -> TokenStream {
    document::ser_object(Cbor, owner, members)
}

/// Statements reading the map `value` into `builder` (unknown keys and nulls are skipped; the
/// item must be a map). `sensitive`: the owner is `@sensitive`.
pub fn read_object<'a>(
    members: impl Iterator<Item = &'a MemberPlan>,
    sensitive: bool,
) -> TokenStream {
    document::read_object(Cbor, members, sensitive, false)
}

/// `ser` and `de` of a shared structure (or of a modeled error's body).
pub fn structure(s: &StructPlan) -> TokenStream {
    document::structure(Cbor, s)
}

/// `ser` and `de` of a union: a map with exactly one member.
pub fn union(u: &UnionPlan) -> TokenStream {
    document::union(Cbor, u)
}
