//! Structures: the type, its accessors, its builder, `Debug` (redacting), and JSON (de)serializers.

use super::types::{
    de_value, deprecated_attr, doc_attrs, field_type, inner_type, rt, ser_value, unwrap_or,
};
use crate::naming::ident;
use crate::plan::{MemberPlan, StructPlan, StructRole, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

pub use super::debug::REDACTED;

/// Everything generated for one structure.
pub fn emit(s: &StructPlan) -> TokenStream {
    let rt = rt();
    let name = ident(&s.path.name);
    let builder = ident(&s.builder);
    let docs = doc_attrs(s.docs.as_deref());
    let is_error = matches!(s.role, StructRole::Error(_));
    let is_output = s.role == StructRole::Output;
    let has_sensitive = s.sensitive || s.members.iter().any(|m| m.sensitive);

    // Each member's docs appear on its field, its accessor and its setter: convert them once.
    let member_docs: Vec<TokenStream> = s
        .members
        .iter()
        .map(|m| doc_attrs(m.docs.as_deref()))
        .collect();
    let fields = s.members.iter().zip(&member_docs).map(|(m, docs)| {
        let f = ident(&m.field);
        let ty = field_type(m);
        let dep = deprecated_attr(m.deprecated.as_deref());
        quote!(#docs #dep pub #f: #ty,)
    });
    let extra_field = if is_output {
        Some(quote!(_request_id: ::std::option::Option<::std::string::String>,))
    } else if is_error {
        Some(quote!(pub(crate) meta: #rt::error::ErrorMetadata,))
    } else {
        None
    };
    let derive_eq = (!is_error).then(|| quote!(::std::cmp::PartialEq,));
    let derive_debug = (!has_sensitive).then(|| quote!(::std::fmt::Debug,));

    let accessors = s.members.iter().zip(&member_docs).map(|(m, docs)| {
        match is_error.then(|| message_accessor(m, docs)).flatten() {
            Some(message) => message,
            None => accessor(m, docs),
        }
    });
    let output_impl = is_output.then(|| {
        quote! {
            /// The request id the service returned (`x-amzn-RequestId`), for support cases.
            pub fn request_id(&self) -> ::std::option::Option<&str> {
                self._request_id.as_deref()
            }
        }
    });

    let builder_fields = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let ty = inner_type(m);
        quote!(pub(crate) #f: ::std::option::Option<#ty>,)
    });
    let builder_meta_field = is_error
        .then(|| quote!(pub(crate) meta: ::std::option::Option<#rt::error::ErrorMetadata>,));
    let setters = s
        .members
        .iter()
        .zip(&member_docs)
        .map(|(m, docs)| super::setters::setters(m, docs, super::setters::SetterHost::Builder));
    let meta_setter = is_error.then(|| {
        quote! {
            /// Sets the error metadata (code, message, request id), e.g. to build a mock error.
            pub fn meta(mut self, meta: #rt::error::ErrorMetadata) -> Self {
                self.meta = ::std::option::Option::Some(meta);
                self
            }
        }
    });
    let build = build_fns(s);

    let debug_impls = has_sensitive.then(|| {
        let d1 = debug_impl(&s.path.name, &name, s, false);
        let d2 = debug_impl(&s.builder, &builder, s, true);
        quote!(#d1 #d2)
    });

    let ser = (s.role == StructRole::Input || s.role == StructRole::Plain)
        .then(|| serializer(&name, &s.members));
    let de = (s.role != StructRole::Input)
        .then(|| deserializer(&name, &builder, &s.members, s.sensitive, is_error));
    let error_impls = is_error.then(|| error_impls(s, &name));
    let request_id_impl = is_output.then(|| {
        quote! {
            impl #rt::client::SetRequestId for #name {
                fn set_request_id(&mut self, request_id: ::std::option::Option<::std::string::String>) {
                    self._request_id = request_id;
                }
            }
        }
    });
    let builder_doc = format!(" Builder for [`{}`].", s.path.name);

    quote! {
        #docs
        #[non_exhaustive]
        #[derive(::std::clone::Clone, #derive_eq #derive_debug)]
        pub struct #name {
            #(#fields)*
            #extra_field
        }

        impl #name {
            /// A builder for this type.
            pub fn builder() -> #builder {
                ::std::default::Default::default()
            }
            #(#accessors)*
            #output_impl
        }

        #[doc = #builder_doc]
        #[non_exhaustive]
        #[derive(::std::clone::Clone, ::std::default::Default, #derive_eq #derive_debug)]
        pub struct #builder {
            #(#builder_fields)*
            #builder_meta_field
        }

        impl #builder {
            #(#setters)*
            #meta_setter
            #build
        }

        #debug_impls
        #ser
        #de
        #error_impls
        #request_id_impl
    }
}

fn accessor(m: &MemberPlan, docs: &TokenStream) -> TokenStream {
    let f = ident(&m.field);
    let dep = deprecated_attr(m.deprecated.as_deref());
    let inner = super::types::rust_type(&m.ty);
    let (ret, body) = match (&m.ty, m.optional) {
        (TypeRef::String, true) => (
            quote!(::std::option::Option<&str>),
            quote!(self.#f.as_deref()),
        ),
        (TypeRef::String, false) => (quote!(&str), quote!(self.#f.as_str())),
        (TypeRef::List { item, sparse }, opt) => {
            let item = super::types::rust_type(item);
            let item = if *sparse {
                quote!(::std::option::Option<#item>)
            } else {
                item
            };
            let body = if opt {
                quote!(self.#f.as_deref().unwrap_or_default())
            } else {
                quote!(self.#f.as_slice())
            };
            (quote!(&[#item]), body)
        }
        (ty, true) if ty.is_copy() => (quote!(::std::option::Option<#inner>), quote!(self.#f)),
        (ty, false) if ty.is_copy() => (inner.clone(), quote!(self.#f)),
        (_, true) if m.boxed => (
            quote!(::std::option::Option<&#inner>),
            quote!(self.#f.as_deref()),
        ),
        (_, true) => (
            quote!(::std::option::Option<&#inner>),
            quote!(self.#f.as_ref()),
        ),
        (_, false) => (quote!(&#inner), quote!(&self.#f)),
    };
    quote! {
        #docs #dep
        pub fn #f(&self) -> #ret {
            #body
        }
    }
}

/// `build()` (checked), plus `build_unchecked()` for inputs and `build_error_corrected()` for
/// values read from the wire.
fn build_fns(s: &StructPlan) -> TokenStream {
    let rt = rt();
    let name = ident(&s.path.name);
    let shape = &s.path.name;
    let is_input = s.role == StructRole::Input;
    let extra = match s.role {
        StructRole::Output => quote!(_request_id: ::std::option::Option::None,),
        StructRole::Error(_) => quote!(meta: self.meta.unwrap_or_default(),),
        _ => TokenStream::new(),
    };
    // Members the checked build must refuse to leave unset.
    let must_check = |m: &MemberPlan| {
        m.required && !m.idempotency_token && (is_input || (!m.optional && m.default.is_none()))
    };
    let fallible = s.members.iter().any(must_check);

    let checked_fields = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let wire = &m.wire_name;
        if m.optional {
            quote!(#f: self.#f,)
        } else if let Some(d) = &m.default {
            let value = unwrap_or(quote!(self.#f), &m.ty, Some(d), m.boxed);
            quote!(#f: #value,)
        } else {
            quote!(#f: self.#f.ok_or_else(|| #rt::error::BuildError::missing(#shape, #wire))?,)
        }
    });
    let input_checks = s.members.iter().filter(|m| is_input && must_check(m)).map(|m| {
        let f = ident(&m.field);
        let wire = &m.wire_name;
        quote! {
            if self.#f.is_none() {
                return ::std::result::Result::Err(#rt::error::BuildError::missing(#shape, #wire));
            }
        }
    });
    let build_doc = if fallible {
        " Builds the value; fails naming the first required member that is not set."
    } else {
        " Builds the value."
    };
    let checked = if fallible {
        quote! {
            #[doc = #build_doc]
            pub fn build(self) -> ::std::result::Result<#name, #rt::error::BuildError> {
                #(#input_checks)*
                ::std::result::Result::Ok(#name { #(#checked_fields)* #extra })
            }
        }
    } else {
        quote! {
            #[doc = #build_doc]
            pub fn build(self) -> #name {
                #name { #(#checked_fields)* #extra }
            }
        }
    };
    let lenient_fields: Vec<TokenStream> = s
        .members
        .iter()
        .map(|m| {
            let f = ident(&m.field);
            if m.optional {
                quote!(#f: self.#f,)
            } else {
                let value = unwrap_or(quote!(self.#f), &m.ty, m.default.as_ref(), m.boxed);
                quote!(#f: #value,)
            }
        })
        .collect();
    let unchecked = (is_input && fallible).then(|| {
        quote! {
            /// Builds the input without checking required members, e.g. to test how the service
            /// validates requests. Prefer [`Self::build`].
            pub fn build_unchecked(self) -> #name {
                #name { #(#lenient_fields)* #extra }
            }
        }
    });
    let corrected = (!is_input).then(|| {
        quote! {
            /// Builds the value, filling required members the server left out with zero values
            /// (Smithy's client error correction) instead of failing.
            #[doc(hidden)]
            pub fn build_error_corrected(self) -> #name {
                #name { #(#lenient_fields)* #extra }
            }
        }
    });
    quote!(#checked #unchecked #corrected)
}

fn debug_impl(
    label: &str,
    ty: &proc_macro2::Ident,
    s: &StructPlan,
    is_builder: bool,
) -> TokenStream {
    if s.sensitive {
        return super::debug::fully_redacted(ty, label);
    }
    let fields = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let label = &m.field;
        if m.sensitive {
            quote!(d.field(#label, &#REDACTED);)
        } else {
            quote!(d.field(#label, &self.#f);)
        }
    });
    let extra = if s.role == StructRole::Output && !is_builder {
        Some(quote!(d.field("_request_id", &self._request_id);))
    } else if matches!(s.role, StructRole::Error(_)) {
        Some(quote!(d.field("meta", &self.meta);))
    } else {
        None
    };
    quote! {
        impl ::std::fmt::Debug for #ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let mut d = f.debug_struct(#label);
                #(#fields)*
                #extra
                d.finish()
            }
        }
    }
}

/// `SerializeJson`: an object of the members that are set, keyed by member name.
pub fn serializer(name: &proc_macro2::Ident, members: &[MemberPlan]) -> TokenStream {
    let rt = rt();
    let stmts = members.iter().map(|m| {
        let f = ident(&m.field);
        let wire = &m.wire_name;
        let v = quote!(v);
        let write = ser_value(&m.ty, &v, m.boxed);
        if m.optional {
            quote! {
                if let ::std::option::Option::Some(v) = &self.#f {
                    w.key(#wire);
                    #write
                }
            }
        } else {
            quote! {
                {
                    let v = &self.#f;
                    w.key(#wire);
                    #write
                }
            }
        }
    });
    quote! {
        impl #rt::json::SerializeJson for #name {
            fn serialize_json(&self, w: &mut #rt::json::JsonWriter) {
                w.begin_object();
                #(#stmts)*
                w.end_object();
            }
        }
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

/// `DeserializeJson`: unknown keys and nulls are skipped, missing required members corrected.
/// `sensitive`: the structure is `@sensitive`, so no error may show what its members hold.
/// `error`: an error structure, whose `message` member is also read under any other casing.
pub fn deserializer(
    name: &proc_macro2::Ident,
    builder: &proc_macro2::Ident,
    members: &[MemberPlan],
    sensitive: bool,
    error: bool,
) -> TokenStream {
    let rt = rt();
    let arms = members.iter().map(|m| {
        let f = ident(&m.field);
        let wire = &m.wire_name;
        let read = de_value(&m.ty, m.boxed);
        let map_err = member_error(wire, sensitive || m.sensitive);
        quote! {
            #wire => {
                builder.#f = ::std::option::Option::Some(#read.#map_err?);
            }
        }
    });
    // AWS services spell an error's message key `message`, `Message` or otherwise; the protocol
    // reads it case-insensitively (`client::classify`), so the modeled member does too, after
    // the exact key. Only when exactly one member is some casing of `message`.
    let mut message_members = members
        .iter()
        .filter(|m| error && m.wire_name.eq_ignore_ascii_case("message"));
    let loose_message = match (message_members.next(), message_members.next()) {
        (Some(m), None) => {
            let f = ident(&m.field);
            let read = de_value(&m.ty, m.boxed);
            let map_err = member_error(&m.wire_name, sensitive || m.sensitive);
            quote! {
                other if builder.#f.is_none() && other.eq_ignore_ascii_case("message") => {
                    builder.#f = ::std::option::Option::Some(#read.#map_err?);
                }
            }
        }
        _ => TokenStream::new(),
    };
    let body = if members.is_empty() {
        quote! {
            // Still reject a body that is not an object.
            let _ = #rt::json::de::object(value)?;
            let builder = #builder::default();
        }
    } else {
        quote! {
            let mut builder = #builder::default();
            for (key, v) in #rt::json::de::object(value)? {
                match key {
                    #(#arms)*
                    #loose_message
                    _ => {}
                }
            }
        }
    };
    quote! {
        impl #rt::json::DeserializeJson for #name {
            fn deserialize_json(value: &#rt::json::Value) -> ::std::result::Result<Self, #rt::json::DeserializeError> {
                #body
                ::std::result::Result::Ok(builder.build_error_corrected())
            }
        }
    }
}

/// An error's `message` member (any casing, a string, not sensitive): its accessor falls back to
/// the generic message the protocol read from the response (`ErrorMetadata::message`), so
/// `message()` answers even when the service used a key or shape the model did not foresee.
fn message_accessor(m: &MemberPlan, docs: &TokenStream) -> Option<TokenStream> {
    if !m.wire_name.eq_ignore_ascii_case("message") || m.ty != TypeRef::String || m.sensitive {
        return None;
    }
    let f = ident(&m.field);
    let dep = deprecated_attr(m.deprecated.as_deref());
    Some(if m.optional {
        quote! {
            #docs #dep
            /// Falls back to the message read from the response by the protocol.
            pub fn #f(&self) -> ::std::option::Option<&str> {
                self.#f.as_deref().or_else(|| self.meta.message())
            }
        }
    } else {
        quote! {
            #docs #dep
            /// Falls back to the message read from the response by the protocol when empty.
            pub fn #f(&self) -> &str {
                if self.#f.is_empty() {
                    self.meta.message().unwrap_or_default()
                } else {
                    self.#f.as_str()
                }
            }
        }
    })
}

fn error_impls(s: &StructPlan, name: &proc_macro2::Ident) -> TokenStream {
    let rt = rt();
    let code = &s.path.name;
    let message_field = s
        .members
        .iter()
        .find(|m| m.wire_name.eq_ignore_ascii_case("message") && m.ty == TypeRef::String);
    let message = match message_field {
        // A sensitive message must not reach `Display`, logs or error chains.
        Some(m) if m.sensitive => quote!(::std::option::Option::None),
        Some(m) if m.optional => {
            let f = ident(&m.field);
            quote!(self.#f.as_deref().or_else(|| self.meta.message()))
        }
        Some(m) => {
            let f = ident(&m.field);
            quote!(::std::option::Option::Some(self.#f.as_str()).filter(|m| !m.is_empty()).or_else(|| self.meta.message()))
        }
        None => quote!(self.meta.message()),
    };
    quote! {
        impl #name {
            /// The error message, from the body or the metadata.
            pub fn error_message(&self) -> ::std::option::Option<&str> {
                #message
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#code)?;
                if let ::std::option::Option::Some(message) = self.error_message() {
                    ::std::write!(f, ": {message}")?;
                }
                ::std::result::Result::Ok(())
            }
        }

        impl ::std::error::Error for #name {}

        impl #rt::error::ProvideErrorMetadata for #name {
            fn meta(&self) -> &#rt::error::ErrorMetadata {
                &self.meta
            }
        }
    }
}
