//! XML documents, shared by restXml (both directions) and the query protocols (responses):
//! the writer statements and reader expressions of each value type, and the `ser_xml`/`de_xml`
//! functions of shared structures and unions.
//!
//! Naming follows the spec's order: a member's element is its `@xmlName`, else its name; a
//! list item is the list member's `@xmlName`, else `member`; map entries are `entry` with
//! `key`/`value` children (renamable). `@xmlFlattened` drops the wrapper: items repeat under
//! the member's own name. `@xmlAttribute` members are attributes of the parent element, and
//! `@xmlNamespace` adds `xmlns` (or `xmlns:prefix`) to the element it is on. Timestamps in
//! bodies are date-time unless `@timestampFormat` says otherwise; blobs are base64.

use super::http_bindings::{Place, from_text, to_text};
use super::json_body::serde_path;
use crate::emit::types::{builder_path, rt, type_path};
use crate::naming::ident;
use crate::plan::{
    MemberPlan, StructPlan, TsFormat, TypeRef, UnionPlan, XmlInner, XmlNamespace, XmlPlan,
};
use proc_macro2::TokenStream;
use quote::quote;

/// The runtime's timestamp format; `None` is the XML default, date-time.
fn ts_format(f: Option<TsFormat>) -> TokenStream {
    super::json_body::ts_format(Some(f.unwrap_or(TsFormat::DateTime)))
}

/// `Option<(&str, Option<&str>)>` of a namespace.
pub fn ns_tokens(ns: Option<&XmlNamespace>) -> TokenStream {
    match ns {
        None => quote!(::std::option::Option::None),
        Some(XmlNamespace { uri, prefix: None }) => {
            quote!(::std::option::Option::Some((#uri, ::std::option::Option::None)))
        }
        Some(XmlNamespace {
            uri,
            prefix: Some(p),
        }) => quote!(::std::option::Option::Some((#uri, ::std::option::Option::Some(#p)))),
    }
}

/// Statements opening `<tag ns>` (tag and ns are expressions) and finishing the start tag.
fn open(tag: &TokenStream, ns: &TokenStream) -> TokenStream {
    quote! {
        {
            let start = w.start(#tag);
            match #ns {
                ::std::option::Option::Some((uri, prefix)) => start.namespace(uri, prefix).finish(),
                ::std::option::Option::None => start.finish(),
            }
        }
    }
}

/// Statements writing the text of a scalar behind the reference `v`.
fn ser_text(ty: &TypeRef, v: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(w.text(#v);),
        TypeRef::Bool => quote!(w.boolean(*#v);),
        TypeRef::Byte | TypeRef::Short | TypeRef::Integer => quote!(w.integer(i64::from(*#v));),
        TypeRef::Long => quote!(w.integer(*#v);),
        TypeRef::Float => quote!(w.float(*#v);),
        TypeRef::Double => quote!(w.double(*#v);),
        TypeRef::BigInteger => quote!(w.big_integer(#v);),
        TypeRef::BigDecimal => quote!(w.big_decimal(#v);),
        TypeRef::Timestamp(f) => {
            let f = ts_format(*f);
            quote!(w.timestamp(#v, #f);)
        }
        TypeRef::Blob => quote!(w.blob(#v);),
        TypeRef::Enum(_) => quote!(w.text(#v.as_str());),
        TypeRef::IntEnum(_) => quote!(w.integer(i64::from(#v.as_i32()));),
        TypeRef::Unit => quote!(let _ = #v;),
        TypeRef::Document => {
            quote!(let _ = #v; w.invalid("documents cannot be sent in XML");)
        }
        _ => quote!(),
    }
}

/// Statements writing the element `xml` for the value behind reference `v`.
pub fn ser_element(ty: &TypeRef, xml: &XmlPlan, v: &TokenStream, boxed: bool) -> TokenStream {
    let name = &xml.name;
    let ns = ns_tokens(xml.namespace.as_ref());
    match ty {
        TypeRef::Struct(p) | TypeRef::Union(p) => {
            let m = serde_path(p);
            let v = if boxed { quote!(&**#v) } else { quote!(#v) };
            quote!(#m::ser_xml(#v, w, #name, #ns);)
        }
        TypeRef::List { item, sparse } => {
            let XmlInner::List(item_xml) = &xml.inner else {
                return quote!();
            };
            if xml.flattened {
                let mut each = (**item_xml).clone();
                each.name = xml.name.clone();
                if xml.namespace.is_some() {
                    each.namespace = xml.namespace.clone();
                }
                let stmt = ser_element(item, &each, &quote!(item), false);
                let stmt = if *sparse {
                    quote!(if let ::std::option::Option::Some(item) = item { #stmt })
                } else {
                    stmt
                };
                quote!(for item in #v.iter() { #stmt })
            } else {
                let stmt = ser_element(item, item_xml, &quote!(item), false);
                let stmt = if *sparse {
                    quote!(if let ::std::option::Option::Some(item) = item { #stmt })
                } else {
                    stmt
                };
                let open = open(&quote!(#name), &ns);
                quote! {
                    #open
                    for item in #v.iter() { #stmt }
                    w.end(#name);
                }
            }
        }
        TypeRef::Map { key, value, sparse } => {
            let XmlInner::Map {
                key: key_xml,
                value: value_xml,
            } = &xml.inner
            else {
                return quote!();
            };
            let key_expr = match **key {
                TypeRef::Enum(_) => quote!(key.as_str()),
                _ => quote!(key.as_str()),
            };
            let key_stmt = {
                let kname = &key_xml.name;
                let kns = ns_tokens(key_xml.namespace.as_ref());
                let open = open(&quote!(#kname), &kns);
                quote!(#open w.text(#key_expr); w.end(#kname);)
            };
            let value_stmt = ser_element(value, value_xml, &quote!(item), false);
            let value_stmt = if *sparse {
                quote!(if let ::std::option::Option::Some(item) = item { #value_stmt })
            } else {
                value_stmt
            };
            let entries = quote! {
                let mut entries: ::std::vec::Vec<_> = #v.iter().collect();
                entries.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
            };
            let open_outer = open(&quote!(#name), &ns);
            if xml.flattened {
                quote! {
                    #entries
                    for (key, item) in entries {
                        #open_outer
                        #key_stmt
                        #value_stmt
                        w.end(#name);
                    }
                }
            } else {
                quote! {
                    #entries
                    #open_outer
                    for (key, item) in entries {
                        w.start("entry").finish();
                        #key_stmt
                        #value_stmt
                        w.end("entry");
                    }
                    w.end(#name);
                }
            }
        }
        scalar => {
            let text = ser_text(scalar, v);
            let open = open(&quote!(#name), &ns);
            quote! {
                #open
                #text
                w.end(#name);
            }
        }
    }
}

/// Statements writing element `tag` (expression) with namespace `ns` (expression) for the
/// members of `owner`: attributes on the start tag, then each set member as an element.
pub fn ser_members(
    owner: &TokenStream,
    members: &[&MemberPlan],
    tag: &TokenStream,
    ns: &TokenStream,
) -> TokenStream {
    let attrs = members.iter().filter(|m| m.xml.attribute).map(|m| {
        let f = ident(&m.field);
        let name = &m.xml.name;
        let text = to_text(&m.ty, &quote!(v), Place::Uri, false);
        let text = match &m.ty {
            TypeRef::Timestamp(f) => {
                let f = ts_format(*f);
                let rt = rt();
                quote!(#rt::protocol::http::fmt_timestamp(v, #f))
            }
            _ => text,
        };
        if m.optional {
            quote! {
                if let ::std::option::Option::Some(v) = &#owner.#f {
                    start = start.attribute(#name, &#text);
                }
            }
        } else {
            quote!({ let v = &#owner.#f; start = start.attribute(#name, &#text); })
        }
    });
    let elements = members.iter().filter(|m| !m.xml.attribute).map(|m| {
        let f = ident(&m.field);
        let write = ser_element(&m.ty, &m.xml, &quote!(v), m.boxed);
        if m.optional {
            quote!(if let ::std::option::Option::Some(v) = &#owner.#f { #write })
        } else {
            quote!({ let v = &#owner.#f; #write })
        }
    });
    quote! {
        {
            #[allow(unused_mut)]
            let mut start = w.start(#tag);
            if let ::std::option::Option::Some((uri, prefix)) = #ns {
                start = start.namespace(uri, prefix);
            }
            #(#attrs)*
            start.finish();
        }
        #(#elements)*
        w.end(#tag);
    }
}

/// An expression of type `Result<T, DeserializeError>` reading the `Element` named `v`.
pub fn de_value(ty: &TypeRef, xml: &XmlPlan, boxed: bool) -> TokenStream {
    let rt = rt();
    let de = quote!(#rt::xml::de);
    let expr = match ty {
        TypeRef::Unit => {
            quote!({ let _ = v; ::std::result::Result::<(), #rt::json::DeserializeError>::Ok(()) })
        }
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
            let f = ts_format(*f);
            quote!(#de::timestamp(v, #f))
        }
        TypeRef::Blob => quote!(#de::blob(v)),
        TypeRef::ByteStream => quote!({
            let _ = v;
            ::std::result::Result::Err(#rt::json::DeserializeError::new("a byte stream is never inside a document"))
        }),
        TypeRef::Document => quote!({
            let _ = v;
            ::std::result::Result::Err(#rt::json::DeserializeError::new("documents cannot be read from XML"))
        }),
        TypeRef::Enum(p) => {
            let p = type_path(p);
            quote!(#de::string_ref(v).map(|s| <#p>::from(s)))
        }
        TypeRef::IntEnum(p) => {
            let p = type_path(p);
            quote!(#de::integer(v).map(<#p>::from))
        }
        TypeRef::Struct(p) | TypeRef::Union(p) => {
            let m = serde_path(p);
            quote!(#m::de_xml(v))
        }
        TypeRef::List { item, sparse } => {
            let XmlInner::List(item_xml) = &xml.inner else {
                return quote!(::std::result::Result::Ok(::std::vec::Vec::new()));
            };
            let read = de_value(item, item_xml, false);
            let read = if *sparse {
                quote!(#read.map(::std::option::Option::Some))
            } else {
                read
            };
            let name = &item_xml.name;
            quote!(#de::list(v, #name, |v| #read))
        }
        TypeRef::Map { key, value, sparse } => {
            let XmlInner::Map {
                key: key_xml,
                value: value_xml,
            } = &xml.inner
            else {
                return quote!(::std::result::Result::Ok(::std::collections::HashMap::new()));
            };
            let read = de_value(value, value_xml, false);
            let read = if *sparse {
                quote!(#read.map(::std::option::Option::Some))
            } else {
                read
            };
            let (kn, vn) = (&key_xml.name, &value_xml.name);
            let map = quote!(#de::map(v, #de::MapNames { key: #kn, value: #vn }, |v| #read));
            match &**key {
                TypeRef::Enum(p) => {
                    let p = type_path(p);
                    quote!(#map.map(|m| m.into_iter().map(|(k, v)| (<#p>::from(k.as_str()), v)).collect()))
                }
                _ => map,
            }
        }
    };
    if boxed {
        quote!(#expr.map(::std::boxed::Box::new))
    } else {
        expr
    }
}

/// `.map_err(..)` adding the member to the error path (replacing the error of a sensitive
/// member, which may quote the value).
fn member_error(wire: &str, sensitive: bool) -> TokenStream {
    super::json_body::member_error(wire, sensitive)
}

/// Statements reading the `members` of element `e` into `builder`: attributes, then a loop
/// over the children matching element names (flattened lists and maps collect every
/// occurrence). Unknown children are skipped.
pub fn read_members(members: &[&MemberPlan], sensitive: bool) -> TokenStream {
    let rt = rt();
    let de = quote!(#rt::xml::de);
    let attrs = members.iter().filter(|m| m.xml.attribute).map(|m| {
        let f = ident(&m.field);
        let name = &m.xml.name;
        let map_err = member_error(&m.wire_name, sensitive || m.sensitive);
        let read = match &m.ty {
            TypeRef::Timestamp(f) => {
                let f = ts_format(*f);
                quote!(#rt::protocol::http::parse_timestamp(text, #f))
            }
            ty => from_text(ty, Place::Uri, false),
        };
        quote! {
            if let ::std::option::Option::Some(text) = #de::attribute(e, #name) {
                builder.#f = ::std::option::Option::Some(#read.#map_err?);
            }
        }
    });
    let arms: Vec<TokenStream> = members
        .iter()
        .filter(|m| !m.xml.attribute)
        .map(|m| {
            let f = ident(&m.field);
            let name = &m.xml.name;
            let map_err = member_error(&m.wire_name, sensitive || m.sensitive);
            match (&m.ty, &m.xml.inner, m.xml.flattened) {
                (TypeRef::List { item, sparse }, XmlInner::List(item_xml), true) => {
                    let read = de_value(item, item_xml, false);
                    let read = if *sparse {
                        quote!(#read.map(::std::option::Option::Some))
                    } else {
                        read
                    };
                    quote! {
                        #name => {
                            let item = #read.#map_err?;
                            builder.#f.get_or_insert_with(::std::vec::Vec::new).push(item);
                        }
                    }
                }
                (
                    TypeRef::Map { key, value, sparse },
                    XmlInner::Map {
                        key: key_xml,
                        value: value_xml,
                    },
                    true,
                ) => {
                    let read = de_value(value, value_xml, false);
                    let read = if *sparse {
                        quote!(#read.map(::std::option::Option::Some))
                    } else {
                        read
                    };
                    let (kn, vn) = (&key_xml.name, &value_xml.name);
                    let key_conv = match &**key {
                        TypeRef::Enum(p) => {
                            let p = type_path(p);
                            quote!(<#p>::from(k.as_str()))
                        }
                        _ => quote!(k),
                    };
                    quote! {
                        #name => {
                            if let ::std::option::Option::Some((k, item)) = #de::map_entry(v, #de::MapNames { key: #kn, value: #vn }, |v| #read).#map_err? {
                                builder.#f.get_or_insert_with(::std::collections::HashMap::new).insert(#key_conv, item);
                            }
                        }
                    }
                }
                _ => {
                    let read = de_value(&m.ty, &m.xml, m.boxed);
                    quote! {
                        #name => {
                            builder.#f = ::std::option::Option::Some(#read.#map_err?);
                        }
                    }
                }
            }
        })
        .collect();
    let lp = (!arms.is_empty()).then(|| {
        quote! {
            for v in e.children() {
                match v.name() {
                    #(#arms)*
                    _ => {}
                }
            }
        }
    });
    quote! {
        #(#attrs)*
        #lp
    }
}

/// `ser_xml` and `de_xml` of a shared structure (or a modeled error's body).
pub fn structure(s: &StructPlan, with_ser: bool) -> TokenStream {
    let rt = rt();
    let ty = type_path(&s.path);
    let builder = builder_path(&s.path);
    let members: Vec<&MemberPlan> = s.members.iter().collect();
    let read = read_members(&members, s.sensitive);
    // A structure without members never reads its value or element: the parameters get a
    // leading underscore so the generated crate compiles without unused-variable warnings.
    let (value, element) = if members.is_empty() {
        (quote!(_value), quote!(_e))
    } else {
        (quote!(value), quote!(e))
    };
    let ser = with_ser.then(|| {
        let write = ser_members(&quote!(value), &members, &quote!(tag), &quote!(ns));
        quote! {
            /// Writes the structure as element `tag` (with namespace `ns`).
            pub(crate) fn ser_xml(#value: &#ty, w: &mut #rt::xml::XmlWriter, tag: &str, ns: ::std::option::Option<(&str, ::std::option::Option<&str>)>) {
                #write
            }
        }
    });
    quote! {
        #ser

        /// Reads the structure from an element.
        pub(crate) fn de_xml(#element: #rt::xml::Element<'_>) -> ::std::result::Result<#ty, #rt::json::DeserializeError> {
            #[allow(unused_mut)]
            let mut builder = <#builder>::default();
            #read
            ::std::result::Result::Ok(builder.build_error_corrected())
        }
    }
}

/// `ser_xml` and `de_xml` of a union: an element with exactly one member element.
pub fn union(u: &UnionPlan, with_ser: bool) -> TokenStream {
    let rt = rt();
    let name = type_path(&u.path);
    let ser = with_ser.then(|| {
        let arms = u.members.iter().map(|m| {
            let v = ident(&m.variant);
            let write = ser_element(&m.ty, &m.xml, &quote!(v), m.boxed);
            quote!(#name::#v(v) => { #write })
        });
        let open = open(&quote!(tag), &quote!(ns));
        quote! {
            /// Writes the union as element `tag` holding its one member.
            #[allow(deprecated)]
            pub(crate) fn ser_xml(value: &#name, w: &mut #rt::xml::XmlWriter, tag: &str, ns: ::std::option::Option<(&str, ::std::option::Option<&str>)>) {
                #open
                match value {
                    #(#arms)*
                    #name::Unknown(member) => w.invalid(::std::format!("cannot send the unknown union member `{}`", member.as_str())),
                }
                w.end(tag);
            }
        }
    });
    let de_arms = u.members.iter().map(|m| {
        let v = ident(&m.variant);
        let el = &m.xml.name;
        let read = de_value(&m.ty, &m.xml, m.boxed);
        let map_err = member_error(&m.wire_name, u.sensitive || m.sensitive);
        quote!(#el => #read.map(#name::#v).#map_err,)
    });
    quote! {
        #ser

        /// Reads the union from an element with one member element; an unknown member is kept
        /// by name.
        #[allow(deprecated)]
        pub(crate) fn de_xml(e: #rt::xml::Element<'_>) -> ::std::result::Result<#name, #rt::json::DeserializeError> {
            match e.children().next() {
                ::std::option::Option::Some(v) => match v.name() {
                    #(#de_arms)*
                    other => ::std::result::Result::Ok(#name::Unknown(#rt::UnknownVariantValue::new(other))),
                },
                ::std::option::Option::None => ::std::result::Result::Err(#rt::json::DeserializeError::new("a union value needs exactly one member set")),
            }
        }
    }
}
