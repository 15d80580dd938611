//! The setters of one member, written once for both places that have them: the structure's
//! builder (which stores the value) and the operation's fluent builder (which forwards to the
//! input builder it wraps). Both get the same methods, names and docs.

use super::types::{deprecated_attr, doc_attrs, inner_type, rust_type};
use crate::naming::ident;
use crate::plan::{MemberPlan, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// Which builder the setters are written for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SetterHost {
    /// A structure builder: the member is a field `Option<T>` of `self`.
    Builder,
    /// A fluent builder: the member lives in `self.inner`, an input builder.
    Fluent,
}

/// `x(..)` (appending for lists, inserting for maps), `set_x(Option<T>)` and `get_x()`.
pub fn setters(m: &MemberPlan, docs: &TokenStream, host: SetterHost) -> TokenStream {
    let f = ident(&m.field);
    let set = ident(&m.setter);
    let get = ident(&m.getter);
    let dep = deprecated_attr(m.deprecated.as_deref());
    let ty = inner_type(m);
    let required = (m.required && host == SetterHost::Builder)
        .then(|| quote!(#[doc = ""] #[doc = " Required."]));
    let main = match &m.ty {
        TypeRef::List { item, sparse } if !m.boxed => {
            let item = rust_type(item);
            let (item_ty, push) = if *sparse {
                (quote!(::std::option::Option<#item>), quote!(item))
            } else {
                (
                    quote!(impl ::std::convert::Into<#item>),
                    quote!(item.into()),
                )
            };
            let body = match host {
                SetterHost::Builder => {
                    quote!(self.#f.get_or_insert_with(::std::vec::Vec::new).push(#push);)
                }
                SetterHost::Fluent => quote!(self.inner = self.inner.#f(item);),
            };
            let doc = format!(" Appends one item to `{}`.", m.field);
            quote! {
                #[doc = #doc]
                #required
                #dep
                pub fn #f(mut self, item: #item_ty) -> Self {
                    #body
                    self
                }
            }
        }
        TypeRef::Map { key, value, sparse } if !m.boxed => {
            let key = rust_type(key);
            let value = rust_type(value);
            let (value_ty, put) = if *sparse {
                (quote!(::std::option::Option<#value>), quote!(value))
            } else {
                (
                    quote!(impl ::std::convert::Into<#value>),
                    quote!(value.into()),
                )
            };
            let body = match host {
                SetterHost::Builder => quote!(
                    self.#f.get_or_insert_with(::std::collections::HashMap::new).insert(key.into(), #put);
                ),
                SetterHost::Fluent => quote!(self.inner = self.inner.#f(key, value);),
            };
            let doc = format!(" Inserts one entry into `{}`.", m.field);
            quote! {
                #[doc = #doc]
                #required
                #dep
                pub fn #f(mut self, key: impl ::std::convert::Into<#key>, value: #value_ty) -> Self {
                    #body
                    self
                }
            }
        }
        _ => {
            let inner = rust_type(&m.ty);
            let body = match host {
                SetterHost::Builder if m.boxed => quote!(
                    self.#f = ::std::option::Option::Some(::std::boxed::Box::new(input.into()));
                ),
                SetterHost::Builder => {
                    quote!(self.#f = ::std::option::Option::Some(input.into());)
                }
                SetterHost::Fluent => quote!(self.inner = self.inner.#f(input);),
            };
            quote! {
                #docs
                #required
                #dep
                pub fn #f(mut self, input: impl ::std::convert::Into<#inner>) -> Self {
                    #body
                    self
                }
            }
        }
    };
    let (set_body, get_body) = match host {
        SetterHost::Builder => (quote!(self.#f = input;), quote!(&self.#f)),
        SetterHost::Fluent => (
            quote!(self.inner = self.inner.#set(input);),
            quote!(self.inner.#get()),
        ),
    };
    // Through `doc_attrs` (not `#[doc = "..."]`): two lines per member, so a good share of all
    // doc lines, and it lets render insert them as text (`crate::doc_blocks`).
    let set_doc = doc_attrs(Some(&format!("Sets or clears `{}`.", m.field)));
    let get_doc = doc_attrs(Some(&format!("The value of `{}` set so far.", m.field)));
    // `#[inline]`: a non-generic public function is compiled into the client crate whether or
    // not anything calls it; inline ones only where they are used. A full service has thousands
    // of these, nearly all unused by any one program.
    quote! {
        #main
        #set_doc
        #dep
        #[inline]
        pub fn #set(mut self, input: ::std::option::Option<#ty>) -> Self {
            #set_body
            self
        }
        #get_doc
        #dep
        #[inline]
        pub fn #get(&self) -> &::std::option::Option<#ty> {
            #get_body
        }
    }
}
