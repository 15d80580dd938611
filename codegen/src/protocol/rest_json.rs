//! restJson1: the HTTP binding traits place members in the URI, query, headers and status;
//! what is left (or the `@httpPayload` member) is the body, a JSON document whose keys honour
//! `@jsonName`.

use super::ProtocolGenerator;
use super::http_bindings::{Place, read_header, to_text, write_header};
use super::json_body::{self, JsonSettings};
use crate::emit::types::{builder_path, rt, type_path};
use crate::naming::ident;
use crate::plan::{
    CratePlan, Location, MemberPlan, OperationPlan, StructPlan, StructRole, TypeRef, UnionPlan,
    UriPart,
};
use proc_macro2::TokenStream;
use quote::quote;

const SETTINGS: JsonSettings = JsonSettings {
    json_name: true,
    timestamp_format: true,
    big_numbers_as_strings: false,
};

/// The restJson1 generator.
pub struct RestJson;

impl ProtocolGenerator for RestJson {
    fn structure(&self, s: &StructPlan) -> TokenStream {
        let rt = rt();
        let codec = json_body::structure(s, SETTINGS);
        let de_error = matches!(s.role, StructRole::Error(_)).then(|| {
            let ty = type_path(&s.path);
            let builder = builder_path(&s.path);
            let read = read_response(&s.members, s.sensitive, true);
            quote! {
                /// Reads the error from an error response: bound headers, then the body (a body
                /// that is not a JSON object reads as `{}`).
                pub(crate) fn de_error(response: &#rt::error::RawResponse) -> ::std::result::Result<#ty, #rt::json::DeserializeError> {
                    #[allow(unused_mut)]
                    let mut builder = <#builder>::default();
                    #read
                    ::std::result::Result::Ok(builder.build_error_corrected())
                }
            }
        });
        quote!(#codec #de_error)
    }

    fn union(&self, u: &UnionPlan) -> TokenStream {
        json_body::union(u, SETTINGS)
    }

    fn request(&self, op: &OperationPlan, _plan: &CratePlan) -> TokenStream {
        http_request(op, request_body(&op.input.members))
    }

    fn response(&self, op: &OperationPlan) -> TokenStream {
        let rt = rt();
        let output = type_path(&op.output.path);
        let builder = builder_path(&op.output.path);
        let read = read_response(&op.output.members, op.output.sensitive, false);
        // The initial response of an event stream (its HTTP headers here) that lacks a required
        // member is refused rather than error-corrected: the stream would start from an output
        // the service did not mean (Smithy's `MissingRequiredInitialResponseOutput` case).
        let must_have = |m: &crate::plan::MemberPlan| {
            m.required && !m.optional && m.default.is_none() && !m.idempotency_token
        };
        // No members (an event stream's empty initial response too), or only a streamed
        // payload: nothing is read from the response.
        let unused = reads_nothing(&op.output.members).then(|| quote!(let _ = response;));
        let build = if op.output_stream.is_some() && op.output.members.iter().any(must_have) {
            quote!(builder.build().map_err(|e| #rt::json::DeserializeError::new(::std::format!("the initial response: {e}"))))
        } else {
            quote!(::std::result::Result::Ok(builder.build_error_corrected()))
        };
        quote! {
            impl #rt::protocol::ParseResponse for #output {
                fn parse_response(response: &#rt::error::RawResponse) -> ::std::result::Result<Self, #rt::json::DeserializeError> {
                    #unused
                    #[allow(unused_mut)]
                    let mut builder = <#builder>::default();
                    #read
                    #build
                }
            }
        }
    }
}

/// `impl SerializeRequest` of an HTTP-binding protocol (restJson1, restXml): the request line,
/// labels, query, headers from the bindings, then `body` (statements setting the body).
pub(super) fn http_request(op: &OperationPlan, body: TokenStream) -> TokenStream {
    {
        let rt = rt();
        let http = quote!(#rt::protocol::http);
        let input_ty = type_path(&op.input.path);
        let members = &op.input.members;
        let by_wire = |name: &str| members.iter().find(|m| m.wire_name == name);

        let path = op.http.path.iter().map(|part| match part {
            UriPart::Literal(text) => quote!(path.push_str(#text);),
            UriPart::Label { member, greedy } => {
                let Some(m) = by_wire(member) else {
                    return quote!();
                };
                let f = ident(&m.field);
                let wire = &m.wire_name;
                if let Some((_, default)) = op.label_defaults.iter().find(|(l, _)| l == member) {
                    return quote! {
                        let v = input.#f.as_deref().filter(|v| !v.is_empty()).unwrap_or(#default);
                        #http::push_label(&mut path, v, #wire, #greedy)?;
                    };
                }
                let text = to_text(&m.ty, &quote!(v), Place::Uri, false);
                // An unset label is refused by `push_label` like an empty one (same message).
                quote! {
                    let v = input.#f.as_ref().map(|v| #text);
                    #http::push_label(&mut path, v.as_deref().unwrap_or_default(), #wire, #greedy)?;
                }
            }
        });
        let literal_query = &op.http.query;
        let query_names: Vec<&str> = members
            .iter()
            .filter_map(|m| match &m.location {
                Location::Query(name) => Some(name.as_str()),
                _ => None,
            })
            .collect();
        let queries = members.iter().filter_map(|m| {
            let f = ident(&m.field);
            match &m.location {
                Location::Query(name) => Some(match &m.ty {
                    TypeRef::List { item, sparse } => {
                        let text = to_text(item, &quote!(item), Place::Uri, false);
                        let each = if *sparse {
                            quote!(for item in v.iter().flatten() { query.push(#name, &#text); })
                        } else {
                            quote!(for item in v.iter() { query.push(#name, &#text); })
                        };
                        quote!(if let ::std::option::Option::Some(v) = &input.#f { #each })
                    }
                    ty => {
                        let text = to_text(ty, &quote!(v), Place::Uri, false);
                        quote!(if let ::std::option::Option::Some(v) = &input.#f { query.push(#name, &#text); })
                    }
                }),
                _ => None,
            }
        });
        // `@httpQueryParams` come after, and never override an `@httpQuery` parameter.
        let query_params = members
            .iter()
            .filter(|m| m.location == Location::QueryParams)
            .map(|m| {
                let f = ident(&m.field);
                let push = match &m.ty {
                    TypeRef::Map { value, .. } => match &**value {
                        TypeRef::List { .. } => quote!(for item in value.iter() {
                            query.push(key, item);
                        }),
                        _ => quote!(query.push(key, value);),
                    },
                    _ => quote!(),
                };
                let key_str = match &m.ty {
                    TypeRef::Map { key, .. } if matches!(**key, TypeRef::Enum(_)) => {
                        quote!(key.as_str())
                    }
                    _ => quote!(key.as_str()),
                };
                quote! {
                    if let ::std::option::Option::Some(map) = &input.#f {
                        // Sorted, so the request does not depend on the map's iteration order.
                        let mut entries: ::std::vec::Vec<_> = map.iter().collect();
                        entries.sort_by(|a, b| a.0.cmp(b.0));
                        for (key, value) in entries {
                            let key: &str = #key_str;
                            if ![#(#query_names),*].contains(&key) {
                                #push
                            }
                        }
                    }
                }
            });
        let method = method_tokens(&op.http.method);
        let headers = members.iter().filter_map(|m| match &m.location {
            Location::Header(name) => Some(write_header(m, name)),
            _ => None,
        });
        let prefix_headers = members.iter().filter_map(|m| match &m.location {
            Location::PrefixHeaders(prefix) => {
                let f = ident(&m.field);
                Some(quote! {
                    if let ::std::option::Option::Some(map) = &input.#f {
                        let mut entries: ::std::vec::Vec<_> = map.iter().collect();
                        entries.sort_by(|a, b| a.0.cmp(b.0));
                        for (key, value) in entries {
                            let name = ::std::format!("{}{}", #prefix, key);
                            // An explicitly bound header wins over the prefix map.
                            if !request.has_header(&name) {
                                request.header(&name, value)?;
                            }
                        }
                    }
                })
            }
            _ => None,
        });
        let static_headers = op
            .static_headers
            .iter()
            .map(|(name, value)| quote!(request.header(#name, #value)?;));
        let glacier = op
            .glacier_checksums
            .then(|| quote!(#rt::protocol::customize::glacier_checksums(&mut request)?;));
        let md5 = op
            .checksum_required
            .then(|| quote!(#http::set_content_md5(&mut request)?;));
        let mut_query = (!query_names.is_empty()
            || members.iter().any(|m| m.location == Location::QueryParams))
        .then(|| quote!(mut));
        // An input without members is never read (a body-less GET such as a health check).
        let unused_input = members
            .is_empty()
            .then(|| quote!(#[allow(unused_variables)]));
        quote! {
            impl #rt::protocol::SerializeRequest for #input_ty {
                fn serialize_request(&self) -> ::std::result::Result<#rt::protocol::SerializedRequest, #rt::error::ConstructionError> {
                    #unused_input
                    let input = self;
                    let mut path = ::std::string::String::new();
                    #(#path)*
                    let #mut_query query = #http::QueryWriter::new(#literal_query);
                    #(#queries)*
                    #(#query_params)*
                    #[allow(unused_mut)]
                    let mut request = #rt::protocol::SerializedRequest::new(#method, query.finish(path));
                    #(#headers)*
                    #(#prefix_headers)*
                    #(#static_headers)*
                    #body
                    #md5
                    #glacier
                    ::std::result::Result::Ok(request)
                }
            }
        }
    }
}

pub(super) fn method_tokens(method: &str) -> TokenStream {
    let rt = rt();
    let m = quote!(#rt::protocol::Method);
    match method {
        "GET" => quote!(#m::GET),
        "PUT" => quote!(#m::PUT),
        "POST" => quote!(#m::POST),
        "DELETE" => quote!(#m::DELETE),
        "PATCH" => quote!(#m::PATCH),
        "HEAD" => quote!(#m::HEAD),
        "OPTIONS" => quote!(#m::OPTIONS),
        other => {
            let bytes = proc_macro2::Literal::byte_string(other.as_bytes());
            quote!(#m::from_bytes(#bytes).map_err(|_| #rt::error::ConstructionError::new("invalid HTTP method"))?)
        }
    }
}

/// The body of a request: the `@httpPayload` member alone, else a JSON object of the members
/// bound to the body (`{}` when none is set), else nothing.
fn request_body(members: &[MemberPlan]) -> TokenStream {
    let rt = rt();
    let rest_json = quote!(#rt::protocol::rest_json);
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
            TypeRef::Struct(p) => {
                let ct = content_type("application/json");
                let m_path = json_body::serde_path(p);
                let v = if m.boxed { quote!(&**v) } else { quote!(v) };
                quote! {
                    let mut w = #rt::json::JsonWriter::new();
                    match &input.#f {
                        ::std::option::Option::Some(v) => #m_path::ser(#v, &mut w),
                        // An unset structure payload is sent as an empty object.
                        ::std::option::Option::None => { w.begin_object(); w.end_object(); }
                    }
                    #rest_json::set_json_body(&mut request, w, #ct)?;
                }
            }
            ty => {
                let ct = content_type("application/json");
                let write = json_body::ser_value(ty, &quote!(v), m.boxed, SETTINGS);
                quote! {
                    if let ::std::option::Option::Some(v) = &input.#f {
                        let mut w = #rt::json::JsonWriter::new();
                        {
                            let w = &mut w;
                            #write
                        }
                        #rest_json::set_json_body(&mut request, w, #ct)?;
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
    let write = json_body::ser_object(&quote!(input), body.into_iter(), SETTINGS);
    quote! {
        let mut w = #rt::json::JsonWriter::new();
        {
            let w = &mut w;
            #write
        }
        #rest_json::set_json_body(&mut request, w, "application/json")?;
    }
}

/// Statements reading an output or error from `response` into `builder`: headers, prefix
/// headers, status code, then the payload member or the body document.
/// `error`: reading a modeled error, whose body may be anything (a body that is not a JSON
/// object reads as `{}`).
fn read_response(members: &[MemberPlan], sensitive: bool, error: bool) -> TokenStream {
    let rt = rt();
    let rest_json = quote!(#rt::protocol::rest_json);
    let bindings = read_bindings(members, false);
    let body = read_body(members, sensitive, error, &rest_json);
    quote! {
        #bindings
        #body
    }
}

/// Statements reading the members bound to headers, prefix headers and the status code.
/// `keep_empty_prefix_map`: a prefix-headers member is set (to an empty map) even when no
/// header has the prefix, as restXml's protocol tests expect.
pub(super) fn read_bindings(members: &[MemberPlan], keep_empty_prefix_map: bool) -> TokenStream {
    let rt = rt();
    let http = quote!(#rt::protocol::http);
    let bindings = members.iter().filter_map(|m| {
        let f = ident(&m.field);
        match &m.location {
            Location::Header(name) => Some(read_header(m, name)),
            Location::PrefixHeaders(prefix) if keep_empty_prefix_map => Some(quote! {
                builder.#f = ::std::option::Option::Some(#http::prefix_headers(response, #prefix)?);
            }),
            Location::PrefixHeaders(prefix) => Some(quote! {
                let map = #http::prefix_headers(response, #prefix)?;
                if !map.is_empty() {
                    builder.#f = ::std::option::Option::Some(map);
                }
            }),
            Location::ResponseCode => Some(quote! {
                builder.#f = ::std::option::Option::Some(i32::from(response.status()));
            }),
            _ => None,
        }
    });
    quote!(#(#bindings)*)
}

fn read_body(
    members: &[MemberPlan],
    sensitive: bool,
    error: bool,
    rest_json: &TokenStream,
) -> TokenStream {
    let rt = rt();
    if let Some(m) = members.iter().find(|m| m.location == Location::Payload) {
        let f = ident(&m.field);
        let wire = &m.wire_name;
        let wrap = if m.boxed {
            quote!(.map(::std::boxed::Box::new))
        } else {
            quote!()
        };
        match &m.ty {
            // Handed over unread by the runtime and set by the operation (`invoke_streaming`).
            TypeRef::ByteStream => quote!(),
            TypeRef::Blob => quote! {
                if !response.body().is_empty() {
                    builder.#f = ::std::option::Option::Some(#rt::Blob::new(response.body().to_vec()));
                }
            },
            TypeRef::String => quote! {
                if !response.body().is_empty() {
                    builder.#f = ::std::option::Option::Some(#rest_json::body_text(response).map_err(|e| e.at(#wire))?);
                }
            },
            TypeRef::Enum(p) => {
                let p = type_path(p);
                quote! {
                    if !response.body().is_empty() {
                        builder.#f = ::std::option::Option::Some(<#p>::from(#rest_json::body_text(response).map_err(|e| e.at(#wire))?.as_str()));
                    }
                }
            }
            ty => {
                let read = json_body::de_value(ty, false, SETTINGS);
                quote! {
                    if let ::std::option::Option::Some(v) = #rest_json::payload_document(response)? {
                        let v = &v;
                        builder.#f = ::std::option::Option::Some(#read #wrap .map_err(|e| e.at(#wire))?);
                    }
                }
            }
        }
    } else {
        let body: Vec<&MemberPlan> = members
            .iter()
            .filter(|m| m.location == Location::Body)
            .collect();
        if body.is_empty() {
            quote!()
        } else {
            let read = json_body::read_object(body.into_iter(), SETTINGS, sensitive, error);
            let document = if error {
                quote!(#rest_json::error_document(response))
            } else {
                quote!(#rest_json::body_document(response)?)
            };
            quote! {
                let value = &#document;
                #read
            }
        }
    }
}

/// Whether an output reads nothing from the response: no members, or only a streamed payload
/// (which the runtime hands over unread), so `response` would be unused.
pub(super) fn reads_nothing(members: &[MemberPlan]) -> bool {
    members.iter().all(|m| m.ty == TypeRef::ByteStream)
}
