//! The paginator of a `@paginated` operation: `into_paginator()` on its fluent builder and a
//! thin `<Op>Paginator` that hands three functions to the runtime's page and item streams
//! (`smithy_client_runtime::paginate`), which do the actual work.

use super::types::{inner_type, rt, rust_type};
use crate::naming::ident;
use crate::plan::{MemberPlan, OperationPlan, PaginatorPlan, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The paginator items of `op`'s module, or nothing when it is not paginated.
///
/// Tokens may be of any type the input and output share (string, map, structure, ...); the
/// plan drops paginators whose two ends differ (a plan warning).
pub fn emit(op: &OperationPlan) -> Option<TokenStream> {
    let p = op.paginator.as_ref()?;
    let rt = rt();
    let paginator = ident(&p.name);
    let fluent = ident(&op.fluent_name);
    let input_builder = ident(&op.input.builder);
    let output = ident(&op.output.path.name);
    let error = ident(&op.error_name);
    let op_name = &op.name;

    let token_field = ident(&p.input_token.field);
    let token_ty = rust_type(&p.input_token.ty);
    let boxed = p.input_token.boxed;
    let (first_token, set_token) = match (p.input_token.optional, boxed) {
        (true, false) => (
            quote!(input.#token_field.clone()),
            quote!(input.#token_field = token;),
        ),
        (true, true) => (
            quote!(input.#token_field.clone().map(|t| *t)),
            quote!(input.#token_field = token.map(::std::boxed::Box::new);),
        ),
        // A required token member keeps its value when there is no token to send.
        (false, false) => (
            quote!(::std::option::Option::Some(input.#token_field.clone())),
            quote!(if let ::std::option::Option::Some(token) = token { input.#token_field = token; }),
        ),
        (false, true) => (
            quote!(::std::option::Option::Some((*input.#token_field).clone())),
            quote!(if let ::std::option::Option::Some(token) = token { input.#token_field = ::std::boxed::Box::new(token); }),
        ),
    };
    let next_token_body = token_accessor(&p.output_token);
    let is_empty_body = token_is_empty(p);

    let build = if op
        .input
        .members
        .iter()
        .any(|m| m.required && !m.idempotency_token)
    {
        quote! {
            match self.inner.build() {
                ::std::result::Result::Ok(input) => input,
                ::std::result::Result::Err(e) => {
                    return #rt::paginate::PageStream::failed(#rt::error::SdkError::construction(#op_name, e));
                }
            }
        }
    } else {
        quote!(self.inner.build())
    };

    let page_size = p.page_size.as_ref().map(page_size_setter);
    let items = items(p, &output, &error, &token_ty);
    let doc = format!(
        " Pages through `{op_name}`: [`send`](Self::send) streams whole pages{}. Each page is an \
         ordinary call (retries, timeouts and idempotency tokens apply per page); the stream ends \
         when the service returns no next token, an empty one, or the token it was just given.",
        if p.items.is_some() {
            ", [`items`](Self::items) the items of every page"
        } else {
            ""
        }
    );
    let into_doc = format!(" Turns this request into a paginator over every page of `{op_name}`.");

    Some(quote! {
        impl #fluent {
            #[doc = #into_doc]
            pub fn into_paginator(self) -> #paginator {
                #paginator { handle: self.handle, inner: self.inner, options: self.options }
            }
        }

        #[doc = #doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #paginator {
            handle: #rt::client::ClientHandle,
            inner: #input_builder,
            options: #rt::config::CallOptions,
        }

        impl #paginator {
            #page_size

            /// A stream of pages; nothing is sent until it is polled.
            pub fn send(self) -> #rt::paginate::PageStream<#output, #error, #token_ty> {
                let input = #build;
                let first = #first_token;
                let handle = self.handle;
                let options = self.options;
                #rt::paginate::PageStream::new(first, next_page_token, token_is_empty, move |token| {
                    let mut input = input.clone();
                    #set_token
                    let handle = handle.clone();
                    ::std::boxed::Box::pin(async move { input.send_with_options(&handle, &options).await })
                })
            }

            #items
        }

        /// The next-page token of a page.
        fn next_page_token(output: &#output) -> ::std::option::Option<&#token_ty> {
            #next_token_body
        }

        /// Whether a token means "no more pages". It takes `&Token` (not `&str`) because the
        /// runtime calls it through `fn(&Token) -> bool`.
        #[allow(unused_variables, clippy::ptr_arg)]
        fn token_is_empty(token: &#token_ty) -> bool {
            #is_empty_body
        }
    })
}

/// `page_size(n)`, setting the operation's page-size member.
fn page_size_setter(m: &MemberPlan) -> TokenStream {
    let set = ident(&m.setter);
    let ty = inner_type(m);
    let doc = format!(
        " Asks for at most `n` results per page (sets `{}`).",
        m.wire_name
    );
    quote! {
        #[doc = #doc]
        pub fn page_size(mut self, n: #ty) -> Self {
            self.inner = self.inner.#set(::std::option::Option::Some(n));
            self
        }
    }
}

/// `items()` and the function taking the items out of a page, when the operation names its
/// items and they are a list or a map.
fn items(
    p: &PaginatorPlan,
    output: &proc_macro2::Ident,
    error: &proc_macro2::Ident,
    token_ty: &TokenStream,
) -> TokenStream {
    let rt = rt();
    let Some(path) = &p.items else {
        return TokenStream::new();
    };
    let Some(last) = path.last() else {
        return TokenStream::new();
    };
    let (collection, what) = match &last.ty {
        TypeRef::List { .. } => (rust_type(&last.ty), "item"),
        TypeRef::Map { .. } => (rust_type(&last.ty), "`(key, value)` entry"),
        _ => return TokenStream::new(),
    };
    let doc = format!(
        " A stream of every {what} of `{}` on every page, flattened; nothing is sent until it is polled.",
        path.iter()
            .map(|m| m.wire_name.as_str())
            .collect::<Vec<_>>()
            .join(".")
    );
    let body = items_accessor(path);
    quote! {
        #[doc = #doc]
        pub fn items(self) -> #rt::paginate::ItemStream<#output, #error, #collection, #token_ty> {
            /// Takes the items out of a page (missing collections count as empty).
            fn page_items(output: #output) -> #collection {
                #body
            }
            #rt::paginate::ItemStream::new(self.send(), page_items)
        }
    }
}

/// A place expression, or an `Option` of what the path reached so far.
enum Chain {
    Place(TokenStream),
    Opt(TokenStream),
}

/// Body of `fn(&Output) -> Option<&Token>` following `path` by reference through optional and
/// plain (possibly boxed: auto-deref reaches through `Box`) fields.
fn token_accessor(path: &[MemberPlan]) -> TokenStream {
    let mut chain = Chain::Place(quote!(output));
    let Some((last, steps)) = path.split_last() else {
        return quote!(::std::option::Option::None);
    };
    for m in steps {
        let f = ident(&m.field);
        chain = match (chain, m.optional) {
            (Chain::Place(e), false) => Chain::Place(quote!(#e.#f)),
            (Chain::Place(e), true) => Chain::Opt(quote!(#e.#f.as_ref())),
            (Chain::Opt(e), false) => Chain::Opt(quote!(#e.map(|v| &v.#f))),
            (Chain::Opt(e), true) => Chain::Opt(quote!(#e.and_then(|v| v.#f.as_ref()))),
        };
    }
    let f = ident(&last.field);
    // A boxed token is reached through its `Box` (`&*`, `as_deref`), an unboxed one directly.
    match (chain, last.optional, last.boxed) {
        (Chain::Place(e), false, false) => quote!(::std::option::Option::Some(&#e.#f)),
        (Chain::Place(e), false, true) => quote!(::std::option::Option::Some(&*#e.#f)),
        (Chain::Place(e), true, false) => quote!(#e.#f.as_ref()),
        (Chain::Place(e), true, true) => quote!(#e.#f.as_deref()),
        (Chain::Opt(e), false, false) => quote!(#e.map(|v| &v.#f)),
        (Chain::Opt(e), false, true) => quote!(#e.map(|v| &*v.#f)),
        (Chain::Opt(e), true, false) => quote!(#e.and_then(|v| v.#f.as_ref())),
        (Chain::Opt(e), true, true) => quote!(#e.and_then(|v| v.#f.as_deref())),
    }
}

/// Body of `fn(&Token) -> bool`: an empty string, list or map; a structure whose optional
/// members are all unset and whose required strings, lists and maps are all empty (a required
/// member of another type counts as set). Any other token type is never empty: only its
/// absence, or a repeat of the token just sent, ends the stream.
fn token_is_empty(p: &PaginatorPlan) -> TokenStream {
    fn collection(ty: &TypeRef) -> bool {
        matches!(
            ty,
            TypeRef::String | TypeRef::List { .. } | TypeRef::Map { .. }
        )
    }
    match &p.input_token.ty {
        ty if collection(ty) => quote!(token.is_empty()),
        TypeRef::Struct(_) => {
            let checks = p.token_members.iter().map(|m| {
                let f = ident(&m.field);
                if m.optional {
                    quote!(token.#f.is_none())
                } else if collection(&m.ty) {
                    quote!(token.#f.is_empty())
                } else {
                    quote!(false)
                }
            });
            let checks: Vec<TokenStream> = checks.collect();
            if checks.is_empty() {
                quote!(true)
            } else {
                quote!(#(#checks)&&*)
            }
        }
        _ => quote!(false),
    }
}

/// Body of `fn(Output) -> Collection` moving the collection out along `path`; a missing
/// optional step gives an empty collection.
fn items_accessor(path: &[MemberPlan]) -> TokenStream {
    let mut chain = Chain::Place(quote!(output));
    for m in path {
        let f = ident(&m.field);
        // Moving out of a `Box` needs an explicit deref; reading through one does not.
        let unbox = |e: TokenStream| if m.boxed { quote!((*#e)) } else { e };
        chain = match (chain, m.optional) {
            (Chain::Place(e), false) => Chain::Place(unbox(quote!(#e.#f))),
            (Chain::Place(e), true) if m.boxed => Chain::Opt(quote!(#e.#f.map(|v| *v))),
            (Chain::Place(e), true) => Chain::Opt(quote!(#e.#f)),
            (Chain::Opt(e), false) if m.boxed => Chain::Opt(quote!(#e.map(|v| *v.#f))),
            (Chain::Opt(e), false) => Chain::Opt(quote!(#e.map(|v| v.#f))),
            (Chain::Opt(e), true) if m.boxed => {
                Chain::Opt(quote!(#e.and_then(|v| v.#f).map(|v| *v)))
            }
            (Chain::Opt(e), true) => Chain::Opt(quote!(#e.and_then(|v| v.#f))),
        };
    }
    match chain {
        Chain::Place(e) => e,
        Chain::Opt(e) => quote!(#e.unwrap_or_default()),
    }
}
