//! Enums and intEnums: open by construction (an `Unknown` variant keeps values this client
//! version does not know, and they round-trip on the wire).

use super::structure::REDACTED;
use super::types::{deprecated_attr, doc_attrs, rt};
use crate::naming::ident;
use crate::plan::EnumPlan;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Everything generated for one enum shape.
pub fn emit(e: &EnumPlan) -> TokenStream {
    if e.int { emit_int(e) } else { emit_string(e) }
}

fn variants(e: &EnumPlan) -> Vec<TokenStream> {
    e.variants
        .iter()
        .map(|v| {
            let name = ident(&v.name);
            let docs = doc_attrs(v.docs.as_deref());
            let dep = deprecated_attr(v.deprecated.as_deref());
            // The value is model text: keep it to one safe line (see `docs::sanitize`).
            let value_doc = format!(
                " Wire value `{}`.",
                crate::docs::sanitize(&v.value).replace('\n', " ")
            );
            let sep = v.docs.is_some().then(|| quote!(#[doc = ""]));
            quote!(#docs #sep #[doc = #value_doc] #dep #name,)
        })
        .collect()
}

fn debug(e: &EnumPlan, name: &proc_macro2::Ident) -> (Option<TokenStream>, Option<TokenStream>) {
    if e.sensitive {
        (None, Some(super::debug::fully_redacted(name, &e.path.name)))
    } else {
        (Some(quote!(::std::fmt::Debug,)), None)
    }
}

fn emit_string(e: &EnumPlan) -> TokenStream {
    let rt = rt();
    let name = ident(&e.path.name);
    // No `allow(missing_docs)`: the note on unknown values below documents the enum.
    let docs = doc_attrs(e.docs.as_deref());
    let vars = variants(e);
    let (derive_debug, debug_impl) = debug(e, &name);
    let as_str = e.variants.iter().map(|v| {
        let var = ident(&v.name);
        let value = &v.value;
        quote!(#name::#var => #value,)
    });
    let from = e.variants.iter().map(|v| {
        let var = ident(&v.name);
        let value = &v.value;
        quote!(#value => #name::#var,)
    });
    let values = e.variants.iter().map(|v| &v.value);
    let display = if e.sensitive {
        quote!(f.write_str(#REDACTED))
    } else {
        quote!(f.write_str(self.as_str()))
    };
    quote! {
        #docs
        ///
        /// New values may appear in later versions of the service: match with a wildcard arm,
        /// and use [`Self::as_str`] to see values this client does not know.
        #[non_exhaustive]
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::cmp::PartialOrd, ::std::cmp::Ord, ::std::hash::Hash, #derive_debug)]
        #[allow(deprecated)]
        pub enum #name {
            #(#vars)*
            /// A value this version of the client does not know.
            Unknown(#rt::UnknownVariantValue),
        }

        #[allow(deprecated)]
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    #name::Unknown(v) => v.as_str(),
                }
            }

            /// Every value this client knows.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }

        #[allow(deprecated)]
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from)*
                    other => #name::Unknown(#rt::UnknownVariantValue::new(other)),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #display
            }
        }

        #debug_impl
    }
}

fn emit_int(e: &EnumPlan) -> TokenStream {
    let name = ident(&e.path.name);
    // No `allow(missing_docs)`: the note on unknown values below documents the enum.
    let docs = doc_attrs(e.docs.as_deref());
    let vars = variants(e);
    let (derive_debug, debug_impl) = debug(e, &name);
    let nums: Vec<Literal> = e
        .variants
        .iter()
        .map(|v| Literal::i32_unsuffixed(v.value.parse().unwrap_or_default()))
        .collect();
    let as_i32 = e.variants.iter().zip(&nums).map(|(v, n)| {
        let var = ident(&v.name);
        quote!(#name::#var => #n,)
    });
    let from = e.variants.iter().zip(&nums).map(|(v, n)| {
        let var = ident(&v.name);
        quote!(#n => #name::#var,)
    });
    quote! {
        #docs
        ///
        /// New values may appear in later versions of the service: match with a wildcard arm.
        #[non_exhaustive]
        #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::cmp::PartialOrd, ::std::cmp::Ord, ::std::hash::Hash, #derive_debug)]
        #[allow(deprecated)]
        pub enum #name {
            #(#vars)*
            /// A value this version of the client does not know.
            Unknown(i32),
        }

        #[allow(deprecated)]
        impl #name {
            /// The value as sent on the wire.
            pub fn as_i32(&self) -> i32 {
                match self {
                    #(#as_i32)*
                    #name::Unknown(v) => *v,
                }
            }

            /// Every value this client knows.
            pub const fn values() -> &'static [i32] {
                &[#(#nums),*]
            }
        }

        #[allow(deprecated)]
        impl ::std::convert::From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#from)*
                    other => #name::Unknown(other),
                }
            }
        }

        #debug_impl
    }
}
