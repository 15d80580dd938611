//! Unions: one variant per member plus `Unknown`, which keeps the name of a member this client
//! version does not know (so logs can say what arrived).

use super::structure::REDACTED;
use super::types::{deprecated_attr, docs_or_allow, inner_type, rt};
use crate::naming::ident;
use crate::plan::UnionPlan;
use proc_macro2::TokenStream;
use quote::quote;

/// Everything generated for one union.
pub fn emit(u: &UnionPlan) -> TokenStream {
    let rt = rt();
    let name = ident(&u.path.name);
    let docs = docs_or_allow(u.docs.as_deref());
    let has_sensitive = u.sensitive || u.members.iter().any(|m| m.sensitive);
    let derive_debug = if has_sensitive {
        quote!()
    } else {
        quote!(::std::fmt::Debug,)
    };
    let variants = u.members.iter().map(|m| {
        let v = ident(&m.variant);
        let ty = inner_type(m);
        let docs = docs_or_allow(m.docs.as_deref());
        let dep = deprecated_attr(m.deprecated.as_deref());
        quote!(#docs #dep #v(#ty),)
    });
    let helpers = u.members.iter().map(|m| {
        let v = ident(&m.variant);
        let ty = inner_type(m);
        let as_fn = ident(&m.as_fn);
        let is_fn = ident(&m.is_fn);
        let as_doc = format!(" The `{}` value, or `Err(self)` if another member is set.", m.wire_name);
        let is_doc = format!(" Whether the `{}` member is set.", m.wire_name);
        quote! {
            #[doc = #as_doc]
            pub fn #as_fn(&self) -> ::std::result::Result<&#ty, &Self> {
                if let #name::#v(value) = self { ::std::result::Result::Ok(value) } else { ::std::result::Result::Err(self) }
            }
            #[doc = #is_doc]
            pub fn #is_fn(&self) -> bool {
                self.#as_fn().is_ok()
            }
        }
    });
    let debug_impl = if has_sensitive {
        let label = &u.path.name;
        let arms = u.members.iter().map(|m| {
            let v = ident(&m.variant);
            let vname = &m.variant;
            if u.sensitive || m.sensitive {
                quote!(#name::#v(_) => f.debug_tuple(#vname).field(&#REDACTED).finish(),)
            } else {
                quote!(#name::#v(value) => f.debug_tuple(#vname).field(value).finish(),)
            }
        });
        if u.sensitive {
            Some(super::debug::fully_redacted(&name, label))
        } else {
            Some(quote! {
                impl ::std::fmt::Debug for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        match self {
                            #(#arms)*
                            #name::Unknown(value) => f.debug_tuple("Unknown").field(value).finish(),
                        }
                    }
                }
            })
        }
    } else {
        None
    };
    quote! {
        #docs
        #[non_exhaustive]
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, #derive_debug)]
        #[allow(deprecated)]
        pub enum #name {
            #(#variants)*
            /// A member this version of the client does not know; holds the member's name.
            /// It cannot be sent: serializing it fails the request.
            Unknown(#rt::UnknownVariantValue),
        }

        #[allow(deprecated)]
        impl #name {
            #(#helpers)*
            /// Whether the value is a member this client does not know.
            pub fn is_unknown(&self) -> bool {
                ::std::matches!(self, #name::Unknown(_))
            }
        }

        #debug_impl
    }
}
