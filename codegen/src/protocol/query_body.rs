//! Form bodies of awsQuery and ec2Query requests (`Name=value&List.member.1=a&...`, written
//! with `smithy_client_runtime::query`), and the `ser_query` functions of shared structures
//! and unions.
//!
//! awsQuery keys are `@xmlName`, else the member name; lists wrap items in `member` (or the
//! list member's `@xmlName`) unless `@xmlFlattened`, and an empty list is sent as `Name=`.
//! ec2Query keys are `@ec2QueryName`, else the capitalised `@xmlName` or member name; lists
//! are always flattened and an empty list sends nothing.

use super::json_body::serde_path;
use crate::emit::types::rt;
use crate::naming::ident;
use crate::plan::{MemberPlan, TsFormat, TypeRef, UnionPlan, XmlInner, XmlPlan};
use proc_macro2::TokenStream;
use quote::quote;

/// Which query dialect.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// awsQuery.
    AwsQuery,
    /// ec2Query.
    Ec2Query,
}

/// The key of a member.
pub fn key(xml: &XmlPlan, dialect: Dialect) -> &str {
    match dialect {
        Dialect::AwsQuery => &xml.name,
        Dialect::Ec2Query => &xml.ec2_name,
    }
}

fn ts_format(f: Option<TsFormat>) -> TokenStream {
    super::json_body::ts_format(Some(f.unwrap_or(TsFormat::DateTime)))
}

/// Statements writing the value behind reference `v` to the `QueryValue` named `q`.
pub fn ser_value(
    ty: &TypeRef,
    xml: &XmlPlan,
    v: &TokenStream,
    boxed: bool,
    dialect: Dialect,
) -> TokenStream {
    match ty {
        TypeRef::String => quote!(q.string(#v);),
        TypeRef::Bool => quote!(q.boolean(*#v);),
        TypeRef::Byte | TypeRef::Short | TypeRef::Integer => quote!(q.integer(i64::from(*#v));),
        TypeRef::Long => quote!(q.integer(*#v);),
        TypeRef::Float => quote!(q.float(*#v);),
        TypeRef::Double => quote!(q.double(*#v);),
        TypeRef::BigInteger => quote!(q.big_integer(#v);),
        TypeRef::BigDecimal => quote!(q.big_decimal(#v);),
        TypeRef::Timestamp(f) => {
            let f = ts_format(*f);
            quote!(q.timestamp(#v, #f);)
        }
        TypeRef::Blob => quote!(q.blob(#v);),
        // Only an HTTP payload is a byte stream (see the planner): never in a form body.
        TypeRef::ByteStream => quote!(let _ = #v;),
        TypeRef::Enum(_) => quote!(q.string(#v.as_str());),
        TypeRef::IntEnum(_) => quote!(q.integer(i64::from(#v.as_i32()));),
        TypeRef::Unit => quote!(let _ = #v; q.empty();),
        TypeRef::Document => quote!(let _ = #v; q.invalid("documents cannot be sent in a query");),
        TypeRef::Struct(p) | TypeRef::Union(p) => {
            let m = serde_path(p);
            let v = if boxed { quote!(&**#v) } else { quote!(#v) };
            quote!(#m::ser_query(#v, q);)
        }
        TypeRef::List { item, sparse } => {
            let XmlInner::List(item_xml) = &xml.inner else {
                return quote!();
            };
            let item_stmt = ser_value(item, item_xml, &quote!(item), false, dialect);
            let item_stmt = if *sparse {
                quote!(match item { ::std::option::Option::Some(item) => { #item_stmt } ::std::option::Option::None => q.empty(), })
            } else {
                item_stmt
            };
            let wrapper = match dialect {
                Dialect::Ec2Query => quote!(::std::option::Option::None),
                Dialect::AwsQuery if xml.flattened => quote!(::std::option::Option::None),
                Dialect::AwsQuery => {
                    let n = &item_xml.name;
                    quote!(::std::option::Option::Some(#n))
                }
            };
            let empty = match dialect {
                Dialect::AwsQuery => quote!(q.empty();),
                Dialect::Ec2Query => quote!(let _ = q;),
            };
            quote! {
                if #v.is_empty() {
                    #empty
                } else {
                    let mut list = q.list(#wrapper);
                    for item in #v.iter() {
                        let q = list.item();
                        #item_stmt
                    }
                }
            }
        }
        TypeRef::Map { value, sparse, .. } => {
            let XmlInner::Map {
                key: key_xml,
                value: value_xml,
            } = &xml.inner
            else {
                return quote!();
            };
            let (kn, vn) = (&key_xml.name, &value_xml.name);
            let flattened = xml.flattened;
            let value_stmt = ser_value(value, value_xml, &quote!(item), false, dialect);
            let value_stmt = if *sparse {
                quote!(match item { ::std::option::Option::Some(item) => { #value_stmt } ::std::option::Option::None => q.empty(), })
            } else {
                value_stmt
            };
            quote! {
                let mut entries: ::std::vec::Vec<_> = #v.iter().collect();
                entries.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
                let mut map = q.map(#flattened, #kn, #vn);
                for (key, item) in entries {
                    let q = map.entry(key.as_str());
                    #value_stmt
                }
            }
        }
    }
}

/// Statements writing the set `members` of `owner`, each at `field(key)` of the
/// `QueryValue` named `q` (`top`: at `key(key)` of the `QueryWriter` named `w`).
pub fn ser_members<'a>(
    owner: &TokenStream,
    members: impl Iterator<Item = &'a MemberPlan>,
    dialect: Dialect,
    top: bool,
) -> TokenStream {
    let stmts = members.map(|m| {
        let f = ident(&m.field);
        let k = key(&m.xml, dialect);
        let write = ser_value(&m.ty, &m.xml, &quote!(v), m.boxed, dialect);
        let at = if top {
            quote!(let q = w.key(#k);)
        } else {
            quote!(let q = q.field(#k);)
        };
        if m.optional {
            quote!(if let ::std::option::Option::Some(v) = &#owner.#f { #at #write })
        } else {
            quote!({ let v = &#owner.#f; #at #write })
        }
    });
    quote!(#(#stmts)*)
}

/// `ser_query` of a shared structure.
pub fn structure(ty: &TokenStream, members: &[MemberPlan], dialect: Dialect) -> TokenStream {
    let rt = rt();
    let write = ser_members(&quote!(value), members.iter(), dialect, false);
    quote! {
        /// Writes the structure's members below the key of `q`.
        #[allow(unused_mut, unused_variables)]
        pub(crate) fn ser_query(value: &#ty, mut q: #rt::query::QueryValue<'_>) {
            #write
        }
    }
}

/// `ser_query` of a union: its one member below the key of `q`.
pub fn union(u: &UnionPlan, dialect: Dialect) -> TokenStream {
    let rt = rt();
    let name = crate::emit::types::type_path(&u.path);
    let arms = u.members.iter().map(|m| {
        let v = ident(&m.variant);
        let k = key(&m.xml, dialect);
        let write = ser_value(&m.ty, &m.xml, &quote!(v), m.boxed, dialect);
        quote!(#name::#v(v) => { let q = q.field(#k); #write })
    });
    quote! {
        /// Writes the union's member below the key of `q`.
        #[allow(deprecated, unused_mut)]
        pub(crate) fn ser_query(value: &#name, mut q: #rt::query::QueryValue<'_>) {
            match value {
                #(#arms)*
                #name::Unknown(member) => q.invalid(::std::format!("cannot send the unknown union member `{}`", member.as_str())),
            }
        }
    }
}
