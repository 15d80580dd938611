//! One operation module: input and output structures, the error enum, the operation's metadata
//! for the runtime, and the fluent builder the client returns.

use super::structure;
use super::types::{deprecated_attr, doc_attrs, rt, type_path};
use crate::naming::ident;
use crate::plan::{HostPrefixPart, OperationPlan};
use proc_macro2::TokenStream;
use quote::quote;

/// Everything in `operation/<module>.rs`.
/// `krate`: the crate's Rust name, for doc examples.
pub fn emit(op: &OperationPlan, krate: &str) -> TokenStream {
    let input = structure::emit(&op.input);
    let output = structure::emit(&op.output);
    let error = error_enum(op);
    let meta = operation_meta(op);
    let checksum = op
        .http_checksum
        .as_ref()
        .map(super::checksum::http_checksum_static);
    let fluent = fluent_builder(op, krate);
    let paginator = super::paginator::emit(op);
    let stream_error = op
        .output_stream
        .as_ref()
        .map(|stream| super::event_stream::error_enum(op, stream, false));
    // The input stream's modeled exceptions, which the client may send (only when it has some).
    let input_stream_error = op
        .input_stream
        .as_ref()
        .filter(|stream| !stream.errors.is_empty())
        .map(|stream| super::event_stream::error_enum(op, stream, true));
    quote! {
        #meta
        #checksum
        #input
        #output
        #error
        #stream_error
        #input_stream_error
        #fluent
        #paginator
    }
}

fn operation_meta(op: &OperationPlan) -> TokenStream {
    let rt = rt();
    let name = &op.name;
    let schemes = op.auth.iter().map(|a| auth_scheme(a, &rt));
    let unsigned_payload = op.unsigned_payload.then(|| quote!(.unsigned_payload()));
    let errors = op.errors.iter().map(|e| {
        let code = &e.info.code;
        let retryable = e.info.retryable;
        let throttling = e.info.throttling;
        quote!(#rt::service::ErrorMeta { name: #code, retryable: #retryable, throttling: #throttling },)
    });
    quote! {
        /// What the runtime needs to know about this operation.
        pub(crate) static OPERATION: #rt::service::OperationMeta = #rt::service::OperationMeta {
            name: #name,
            errors: &[#(#errors)*],
            auth: #rt::auth::OperationAuth::new(&[#(#schemes),*])#unsigned_payload,
        };
    }
}

/// One `AuthScheme` value of the runtime.
fn auth_scheme(auth: &crate::plan::AuthPlan, rt: &TokenStream) -> TokenStream {
    use crate::plan::AuthPlan;
    match auth {
        AuthPlan::SigV4 { signing_name } => {
            quote!(#rt::auth::AuthScheme::SigV4 { signing_name: #signing_name })
        }
        AuthPlan::Bearer => quote!(#rt::auth::AuthScheme::Bearer),
        AuthPlan::ApiKey {
            name,
            in_query,
            scheme,
        } => {
            let location = if *in_query {
                quote!(#rt::auth::ApiKeyLocation::Query)
            } else {
                quote!(#rt::auth::ApiKeyLocation::Header)
            };
            let scheme = match scheme {
                Some(s) => quote!(::std::option::Option::Some(#s)),
                None => quote!(::std::option::Option::None),
            };
            quote!(#rt::auth::AuthScheme::ApiKey { name: #name, location: #location, scheme: #scheme })
        }
        AuthPlan::Basic => quote!(#rt::auth::AuthScheme::Basic),
        AuthPlan::NoAuth => quote!(#rt::auth::AuthScheme::NoAuth),
        AuthPlan::Unsupported(id) => quote!(#rt::auth::AuthScheme::Unsupported { id: #id }),
    }
}

fn error_enum(op: &OperationPlan) -> TokenStream {
    let rt = rt();
    let name = ident(&op.error_name);
    let doc = format!(" Errors the `{}` operation can return.", op.name);
    let variants = op.errors.iter().map(|e| {
        let v = ident(&e.variant);
        let p = type_path(&e.path);
        let docs = doc_attrs(e.docs.as_deref());
        quote!(#docs #v(#p),)
    });
    let is_fns = op.errors.iter().map(|e| {
        let v = ident(&e.variant);
        let f = ident(&e.is_fn);
        let doc = format!(
            " Whether this is {} `{}`.",
            crate::naming::article(&e.info.code),
            e.info.code
        );
        quote! {
            #[doc = #doc]
            pub fn #f(&self) -> bool {
                ::std::matches!(self, #name::#v(_))
            }
        }
    });
    let all: Vec<_> = op.errors.iter().map(|e| ident(&e.variant)).collect();
    quote! {
        #[doc = #doc]
        ///
        /// Match the modeled variants you handle and keep a wildcard arm: use
        /// [`ProvideErrorMetadata::code`](::smithy_client_runtime::error::ProvideErrorMetadata::code)
        /// for the rest, since an error unknown today may get its own variant later.
        #[non_exhaustive]
        #[derive(::std::fmt::Debug)]
        pub enum #name {
            #(#variants)*
            /// An error this client does not model (or could not read).
            Unhandled(#rt::error::Unhandled),
        }

        impl #name {
            #(#is_fns)*
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#name::#all(e) => ::std::fmt::Display::fmt(e, f),)*
                    #name::Unhandled(e) => ::std::fmt::Display::fmt(e, f),
                }
            }
        }

        impl ::std::error::Error for #name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #(#name::#all(e) => ::std::option::Option::Some(e),)*
                    #name::Unhandled(e) => ::std::option::Option::Some(e),
                }
            }
        }

        impl #rt::error::ProvideErrorMetadata for #name {
            fn meta(&self) -> &#rt::error::ErrorMetadata {
                match self {
                    #(#name::#all(e) => #rt::error::ProvideErrorMetadata::meta(e),)*
                    #name::Unhandled(e) => #rt::error::ProvideErrorMetadata::meta(e),
                }
            }
        }

    }
}

fn fluent_builder(op: &OperationPlan, krate: &str) -> TokenStream {
    let rt = rt();
    let fluent = ident(&op.fluent_name);
    let input = ident(&op.input.path.name);
    let input_builder = ident(&op.input.builder);
    let output_struct = ident(&op.output.path.name);
    // An event-stream operation returns the output (its initial response) and the receiver.
    let output = match &op.output_stream {
        Some(stream) => {
            let receiver = super::event_stream::receiver_type(stream);
            quote!((#output_struct, #receiver))
        }
        None => quote!(#output_struct),
    };
    let send_doc = match (&op.input_stream, &op.output_stream) {
        (None, None) => {
            " Sends the request. Required members are checked first, naming any that is missing."
                .to_owned()
        }
        (input, output) => {
            super::event_stream::send_doc(op, input.as_ref(), output.as_ref(), krate)
        }
    };
    let error = ident(&op.error_name);
    // An input event stream is a one-shot `Stream`: the fluent builder that holds it cannot be
    // cloned, and `send_with` takes it next to the prebuilt input.
    let input_stream = op.input_stream.as_ref();
    // An event stream or a byte stream is read once, so a builder holding one cannot be cloned.
    let derive = match (input_stream, stream_payload(&op.input)) {
        (None, None) => quote!(#[derive(::std::clone::Clone, ::std::fmt::Debug)]),
        _ => quote!(#[derive(::std::fmt::Debug)]),
    };
    let sender = input_stream.map(super::event_stream::sender_type);
    let events_field = sender
        .as_ref()
        .map(|t| quote!(events: ::std::option::Option<#t>,));
    let events_init = input_stream.map(|_| quote!(events: ::std::option::Option::None,));
    let events_setters = input_stream.map(super::event_stream::fluent_setters);
    let events_arg = input_stream.map(|_| quote!(, self.events));
    let events_param = sender
        .as_ref()
        .map(|t| quote!(, events: ::std::option::Option<#t>));
    let send_with = match &sender {
        Some(t) => quote! {
            /// Sends this prebuilt input with `client`, and `events` as its event stream.
            pub async fn send_with(self, client: &crate::Client, events: impl ::std::convert::Into<#t>) -> ::std::result::Result<#output, #rt::error::SdkError<#error>> {
                self.send_with_options(client.handle(), &::std::default::Default::default(), ::std::option::Option::Some(events.into())).await
            }
        },
        None => quote! {
            /// Sends this prebuilt input with `client`.
            pub async fn send_with(self, client: &crate::Client) -> ::std::result::Result<#output, #rt::error::SdkError<#error>> {
                self.send_with_options(client.handle(), &::std::default::Default::default()).await
            }
        },
    };
    let op_name = &op.name;
    let docs = doc_attrs(op.docs.as_deref());
    let dep = deprecated_attr(op.deprecated.as_deref());
    let fluent_doc = format!(
        " Builds and sends {} `{op_name}` request: set members, then call [`send`](Self::send).",
        crate::naming::article(op_name)
    );
    let delegates = op.input.members.iter().map(|m| {
        let docs = super::types::docs_or_allow(m.docs.as_deref());
        super::setters::setters(m, &docs, super::setters::SetterHost::Fluent)
    });
    let fills: Vec<TokenStream> = op
        .input
        .members
        .iter()
        .filter(|m| m.idempotency_token)
        .map(|m| {
            let f = ident(&m.field);
            quote! {
                if input.#f.is_none() {
                    input.#f = ::std::option::Option::Some(handle.idempotency_token());
                }
            }
        })
        .collect();
    let build = if op
        .input
        .members
        .iter()
        .any(|m| m.required && !m.idempotency_token)
    {
        quote!(self.inner.build().map_err(|e| #rt::error::SdkError::construction(#op_name, e))?)
    } else {
        quote!(self.inner.build())
    };
    let call = invoke_call(op);
    // A presigned URL cannot carry an event stream.
    let presigned = match input_stream {
        Some(_) => None,
        None => Some(super::presign::presigned_method(
            op,
            &build,
            &fills,
            extras(op),
        )),
    };
    quote! {
        #[doc = #fluent_doc]
        #[doc = ""]
        #docs
        #derive
        pub struct #fluent {
            handle: #rt::client::ClientHandle,
            inner: #input_builder,
            options: #rt::config::CallOptions,
            #events_field
        }

        impl #fluent {
            pub(crate) fn new(handle: #rt::client::ClientHandle) -> Self {
                Self { handle, inner: ::std::default::Default::default(), options: ::std::default::Default::default(), #events_init }
            }

            /// The input built so far.
            pub fn as_input(&self) -> &#input_builder {
                &self.inner
            }

            /// Overrides client settings (timeouts, attempts) for this call only.
            pub fn options(mut self, options: #rt::config::CallOptions) -> Self {
                self.options = options;
                self
            }

            #[doc = #send_doc]
            #dep
            pub async fn send(self) -> ::std::result::Result<#output, #rt::error::SdkError<#error>> {
                let input = #build;
                input.send_with_options(&self.handle, &self.options #events_arg).await
            }

            /// Customises this call: extra headers (signed), a config override, and hooks
            /// before and after signing (aws-sdk-rust's `customize()`); then `send()`.
            pub fn customize(self) -> #rt::client::CustomizableOperation<Self> {
                #rt::client::CustomizableOperation::new(self)
            }

            #presigned

            #events_setters

            #(#delegates)*
        }

        impl #rt::client::SendCustomized for #fluent {
            type Output = #output;
            type Error = #error;

            fn send_customized(
                mut self,
                customization: #rt::client::Customization,
            ) -> impl ::std::future::Future<
                Output = ::std::result::Result<#output, #rt::error::SdkError<#error>>,
            > + ::std::marker::Send {
                self.handle = self.handle.customized(customization);
                self.send()
            }
        }

        impl #input {
            #send_with

            async fn send_with_options(
                self,
                handle: &#rt::client::ClientHandle,
                options: &#rt::config::CallOptions
                #events_param
            ) -> ::std::result::Result<#output, #rt::error::SdkError<#error>> {
                #[allow(unused_mut)]
                let mut input = self;
                #(#fills)*
                #call
            }
        }
    }
}

/// The runtime call: `invoke`, or `invoke_with` and the per-call extras when the operation has
/// a host prefix, request compression or an endpoint member.
fn invoke_call(op: &OperationPlan) -> TokenStream {
    let rt = rt();
    // The input's events, marshalled by the union's generated function; an unset stream sends
    // no events (only the end of the stream).
    let events = op.input_stream.as_ref().map(|stream| {
        let marshal = crate::protocol::json_body::serde_path(&stream.union);
        let initial = stream
            .initial_message
            .then(|| quote!(.with_initial_request()));
        // With modeled exceptions, an error item of the operation's generated enum is sent as
        // an exception message (`marshal_error` in the operation's serde module).
        let into_messages = if stream.errors.is_empty() {
            quote!(into_messages(#marshal::marshal_event))
        } else {
            let serde = ident(&op.serde_module());
            quote!(into_messages_with_errors(#marshal::marshal_event, crate::protocol_serde::#serde::marshal_error))
        };
        quote! {
            #rt::client::InputEventStream::new(
                events
                    .unwrap_or_else(#rt::event_stream::EventStreamSender::empty)
                    .#into_messages,
            ) #initial
        }
    });
    if op.output_stream.is_none()
        && let Some(events) = &events
    {
        let extras = extras(op).unwrap_or_else(|| quote!(#rt::client::RequestExtras::new()));
        return quote! {{
            let extras = #extras;
            #rt::client::invoke_input_stream(handle, &OPERATION, &input, options, &extras, #events).await
        }};
    }
    if op.output_stream.is_some() {
        let extras = extras(op).unwrap_or_else(|| quote!(#rt::client::RequestExtras::new()));
        let serde = ident(&op.serde_module());
        let output = ident(&op.output.path.name);
        let error = ident(&op.error_name);
        let events = match events {
            Some(events) => quote!(::std::option::Option::Some(#events)),
            None => quote!(::std::option::Option::None),
        };
        // awsJson sends the initial response as an `initial-response` event; restJson1 in the
        // HTTP headers. No union member can be named `initial-response` (not an identifier),
        // so expecting it is harmless where it never comes.
        let initial = quote!(.expecting_initial_response());
        return quote! {{
            let extras = #extras;
            let (output, body) = #rt::client::invoke_event_stream::<_, #output, #error>(handle, &OPERATION, &input, options, &extras, #events).await?;
            let events = #rt::event_stream::EventReceiver::from_body(body, crate::protocol_serde::#serde::unmarshal_event) #initial;
            ::std::result::Result::Ok((output, events))
        }};
    }
    let input_stream = stream_payload(&op.input);
    let output_stream = stream_payload(&op.output);
    if input_stream.is_some() || output_stream.is_some() {
        let extras = extras(op).unwrap_or_else(|| quote!(#rt::client::RequestExtras::new()));
        let output = ident(&op.output.path.name);
        let error = ident(&op.error_name);
        let payload = match input_stream {
            Some(m) => {
                let f = ident(&m.field);
                let ct = m
                    .media_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".to_owned());
                let requires_length = m.requires_length;
                quote! {
                    ::std::option::Option::Some(
                        #rt::client::StreamingPayload::new(::std::mem::take(&mut input.#f), #ct)
                            .requires_length(#requires_length),
                    )
                }
            }
            None => quote!(::std::option::Option::None),
        };
        let stream_output = output_stream.is_some();
        let set_body = output_stream.map(|m| {
            let f = ident(&m.field);
            quote!(output.#f = body;)
        });
        return quote! {{
            let extras = #extras;
            let payload = #payload;
            #[allow(unused_mut, unused_variables)]
            let (mut output, body) = #rt::client::invoke_streaming::<_, #output, #error>(
                handle, &OPERATION, &input, payload, #stream_output, options, &extras,
            ).await?;
            #set_body
            ::std::result::Result::Ok(output)
        }};
    }
    let Some(extras) = extras(op) else {
        return quote!(#rt::client::invoke(handle, &OPERATION, &input, options).await);
    };
    quote! {{
        let extras = #extras;
        #rt::client::invoke_with(handle, &OPERATION, &input, options, &extras).await
    }}
}

/// The call's `RequestExtras` from `input`, or `None` when the operation needs none.
fn extras(op: &OperationPlan) -> Option<TokenStream> {
    let rt = rt();
    if op.host_prefix.is_empty()
        && op.request_compression.is_empty()
        && op.endpoint_member.is_none()
        && op.http_checksum.is_none()
        && !op.error_in_success_body
        && op.endpoint_params.is_empty()
    {
        return None;
    }
    let mut extras = quote!(#rt::client::RequestExtras::new());
    if !op.host_prefix.is_empty() {
        let pushes = op.host_prefix.iter().map(|part| match part {
            HostPrefixPart::Literal(text) => {
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    // One character is pushed as a `char` (clippy's `single_char_add_str`).
                    (Some(c), None) => quote!(host_prefix.push(#c);),
                    _ => quote!(host_prefix.push_str(#text);),
                }
            }
            // A missing label leaves an empty one, which the runtime rejects by name.
            HostPrefixPart::Label(m) => {
                let f = ident(&m.field);
                quote!(host_prefix.push_str(input.#f.as_deref().unwrap_or_default());)
            }
        });
        extras = quote! {{
            let mut host_prefix = ::std::string::String::new();
            #(#pushes)*
            #extras.host_prefix(host_prefix)
        }};
    }
    if !op.request_compression.is_empty() {
        let encodings = &op.request_compression;
        extras = quote!(#extras.compression(#rt::client::Compression::pick(&[#(#encodings),*])));
    }
    if let Some(m) = &op.endpoint_member {
        let f = ident(&m.field);
        extras = quote!(#extras.endpoint_url(input.#f.clone()));
    }
    if let Some(checksum) = &op.http_checksum {
        let call = super::checksum::request_checksum(checksum);
        extras = quote!(#extras.checksum(#call));
    }
    if op.error_in_success_body {
        extras = quote!(#extras.error_in_success_body(true));
    }
    for p in &op.endpoint_params {
        let value = super::endpoint_params::value(&p.value);
        let name = &p.name;
        extras = quote!(#extras.endpoint_param(#name, #value));
    }
    Some(extras)
}

/// The member of `s` that is a `@streaming` payload ([`TypeRef::ByteStream`]), if any.
pub(super) fn stream_payload(s: &crate::plan::StructPlan) -> Option<&crate::plan::MemberPlan> {
    s.members
        .iter()
        .find(|m| m.ty == crate::plan::TypeRef::ByteStream)
}
