//! restXml: the HTTP bindings of restJson1 (shared through `rest_json::http_request` and
//! `rest_json::read_bindings`), with XML documents for bodies ([`super::xml_body`]).
//!
//! Request body: the `@httpPayload` member alone (a structure or union is the root element,
//! named by the member's `@xmlName`, else the target's `@xmlName` or shape name), else the
//! members bound to the body inside a root element named after the input structure. The root
//! carries the structure's `@xmlNamespace`, else the service's. Responses mirror this; the root
//! element's name is not checked. Errors are read from `<Error>`, wrapped in `<ErrorResponse>`
//! or not (`noErrorWrapping`): both forms are accepted. `s3UnwrappedXmlOutput` (S3's
//! GetBucketLocation): the output's one body member is the root element itself.

use super::ProtocolGenerator;
use super::json_body::serde_path;
use super::rest_json::{http_request, read_bindings};
use super::xml_body::{self, ns_tokens};
use crate::emit::types::{builder_path, rt, type_path};
use crate::naming::ident;
use crate::plan::{
    CratePlan, Location, MemberPlan, OperationPlan, StructPlan, StructRole, TypeRef, UnionPlan,
    XmlNamespace,
};
use proc_macro2::TokenStream;
use quote::quote;

/// The restXml generator.
pub struct RestXml;

impl ProtocolGenerator for RestXml {
    fn structure(&self, s: &StructPlan) -> TokenStream {
        let rt = rt();
        let codec = xml_body::structure(s, true);
        let de_error = matches!(s.role, StructRole::Error(_)).then(|| {
            let ty = type_path(&s.path);
            let builder = builder_path(&s.path);
            let bindings = read_bindings(&s.members, true);
            let body: Vec<&MemberPlan> = s
                .members
                .iter()
                .filter(|m| m.location == Location::Body)
                .collect();
            let read = xml_body::read_members(&body, s.sensitive);
            quote! {
                /// Reads the error from an error response: bound headers, then the members of
                /// the `<Error>` element.
                pub(crate) fn de_error(response: &#rt::error::RawResponse) -> ::std::result::Result<#ty, #rt::json::DeserializeError> {
                    #[allow(unused_mut)]
                    let mut builder = <#builder>::default();
                    #bindings
                    let doc = #rt::protocol::rest_xml::error_document(response);
                    if let ::std::option::Option::Some(e) = doc.as_ref().and_then(#rt::protocol::rest_xml::error_element) {
                        let _ = e;
                        #read
                    }
                    ::std::result::Result::Ok(builder.build_error_corrected())
                }
            }
        });
        quote!(#codec #de_error)
    }

    fn union(&self, u: &UnionPlan) -> TokenStream {
        xml_body::union(u, true)
    }

    fn request(&self, op: &OperationPlan, plan: &CratePlan) -> TokenStream {
        http_request(op, request_body(op, plan))
    }

    fn response(&self, op: &OperationPlan) -> TokenStream {
        let rt = rt();
        let output = type_path(&op.output.path);
        let builder = builder_path(&op.output.path);
        let bindings = read_bindings(&op.output.members, true);
        let body = response_body(op);
        let unused =
            super::rest_json::reads_nothing(&op.output.members).then(|| quote!(let _ = response;));
        quote! {
            impl #rt::protocol::ParseResponse for #output {
                fn parse_response(response: &#rt::error::RawResponse) -> ::std::result::Result<Self, #rt::json::DeserializeError> {
                    #unused
                    #[allow(unused_mut)]
                    let mut builder = <#builder>::default();
                    #bindings
                    #body
                    ::std::result::Result::Ok(builder.build_error_corrected())
                }
            }
        }
    }
}

fn struct_of<'p>(plan: &'p CratePlan, ty: &TypeRef) -> Option<&'p StructPlan> {
    match ty {
        TypeRef::Struct(p) => plan.structs.iter().find(|s| &s.path == p),
        _ => None,
    }
}

fn union_of<'p>(plan: &'p CratePlan, ty: &TypeRef) -> Option<&'p UnionPlan> {
    match ty {
        TypeRef::Union(p) => plan.unions.iter().find(|u| &u.path == p),
        _ => None,
    }
}

/// The body of a request: the `@httpPayload` member alone, else an XML document of the
/// members bound to the body (sent only when the input has any), else nothing.
fn request_body(op: &OperationPlan, plan: &CratePlan) -> TokenStream {
    let rt = rt();
    let rest_xml = quote!(#rt::protocol::rest_xml);
    let members = &op.input.members;
    let service_ns = plan.service.xml_namespace.as_ref();
    if let Some(m) = members.iter().find(|m| m.location == Location::Payload) {
        let f = ident(&m.field);
        let content_type =
            |default: &str| m.media_type.clone().unwrap_or_else(|| default.to_owned());
        return match &m.ty {
            // Taken out of the input and attached by the runtime (`client::invoke_streaming`).
            TypeRef::ByteStream => quote!(),
            TypeRef::Blob => {
                let ct = content_type("application/octet-stream");
                quote! {
                    if let ::std::option::Option::Some(v) = &input.#f {
                        request.body(::std::vec::Vec::from(::std::convert::AsRef::<[u8]>::as_ref(v)), #ct)?;
                    }
                }
            }
            TypeRef::String => {
                let ct = content_type("text/plain");
                quote! {
                    if let ::std::option::Option::Some(v) = &input.#f {
                        request.body(::std::vec::Vec::from(v.as_bytes()), #ct)?;
                    }
                }
            }
            TypeRef::Enum(_) => {
                let ct = content_type("text/plain");
                quote! {
                    if let ::std::option::Option::Some(v) = &input.#f {
                        request.body(::std::vec::Vec::from(v.as_str().as_bytes()), #ct)?;
                    }
                }
            }
            TypeRef::Struct(p) | TypeRef::Union(p) => {
                let ct = content_type("application/xml");
                let (shape_name, shape_ns) = match (struct_of(plan, &m.ty), union_of(plan, &m.ty)) {
                    (Some(s), _) => (s.xml_name.clone(), s.xml_namespace.clone()),
                    (_, Some(u)) => (u.xml_name.clone(), None),
                    _ => (m.wire_name.clone(), None),
                };
                let tag = if m.xml.renamed {
                    m.xml.name.clone()
                } else {
                    shape_name
                };
                let ns = m.xml.namespace.clone().or(shape_ns).or(service_ns.cloned());
                let ns = ns_tokens(ns.as_ref());
                let module = serde_path(p);
                let v = if m.boxed { quote!(&**v) } else { quote!(v) };
                quote! {
                    if let ::std::option::Option::Some(v) = &input.#f {
                        let mut w = #rt::xml::XmlWriter::new();
                        #module::ser_xml(#v, &mut w, #tag, #ns);
                        #rest_xml::set_xml_body(&mut request, w, #ct)?;
                    }
                }
            }
            _ => quote!(),
        };
    }
    let body: Vec<&MemberPlan> = members
        .iter()
        .filter(|m| m.location == Location::Body)
        .collect();
    if body.is_empty() {
        return quote!();
    }
    let tag = &op.input.xml_name;
    let ns: Option<XmlNamespace> = op.input.xml_namespace.clone().or(service_ns.cloned());
    let ns = ns_tokens(ns.as_ref());
    let write = xml_body::ser_members(&quote!(input), &body, &quote!(#tag), &ns);
    quote! {
        let mut w = #rt::xml::XmlWriter::new();
        {
            let w = &mut w;
            #write
        }
        #rest_xml::set_xml_body(&mut request, w, "application/xml")?;
    }
}

/// Statements reading the body of a successful response into `builder`.
fn response_body(op: &OperationPlan) -> TokenStream {
    let rt = rt();
    let rest_xml = quote!(#rt::protocol::rest_xml);
    let members = &op.output.members;
    if let Some(m) = members.iter().find(|m| m.location == Location::Payload) {
        let f = ident(&m.field);
        let wire = &m.wire_name;
        return match &m.ty {
            // Handed over unread by the runtime and set by the operation (`invoke_streaming`).
            TypeRef::ByteStream => quote!(),
            TypeRef::Blob => quote! {
                if !response.body().is_empty() {
                    builder.#f = ::std::option::Option::Some(#rt::Blob::new(response.body().to_vec()));
                }
            },
            TypeRef::String => quote! {
                if !response.body().is_empty() {
                    builder.#f = ::std::option::Option::Some(#rest_xml::body_text(response).map_err(|e| e.at(#wire))?);
                }
            },
            TypeRef::Enum(p) => {
                let p = type_path(p);
                quote! {
                    if !response.body().is_empty() {
                        builder.#f = ::std::option::Option::Some(<#p>::from(#rest_xml::body_text(response).map_err(|e| e.at(#wire))?.as_str()));
                    }
                }
            }
            ty => {
                let read = xml_body::de_value(ty, &m.xml, m.boxed);
                quote! {
                    if let ::std::option::Option::Some(doc) = #rest_xml::body_document(response)? {
                        let v = doc.root();
                        builder.#f = ::std::option::Option::Some(#read.map_err(|e| e.at(#wire))?);
                    }
                }
            }
        };
    }
    let body: Vec<&MemberPlan> = members
        .iter()
        .filter(|m| m.location == Location::Body)
        .collect();
    if body.is_empty() {
        return quote!();
    }
    if op.s3_unwrapped_output
        && let [m] = body.as_slice()
    {
        let f = ident(&m.field);
        let read = xml_body::de_value(&m.ty, &m.xml, m.boxed);
        let map_err = super::json_body::member_error(&m.wire_name, m.sensitive);
        return quote! {
            if let ::std::option::Option::Some(doc) = #rest_xml::body_document(response)? {
                let v = doc.root();
                builder.#f = ::std::option::Option::Some(#read.#map_err?);
            }
        };
    }
    let read = xml_body::read_members(&body, op.output.sensitive);
    quote! {
        if let ::std::option::Option::Some(doc) = #rest_xml::body_document(response)? {
            let e = doc.root();
            #read
        }
    }
}
