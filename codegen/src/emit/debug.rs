//! `Debug` for values that hold sensitive data.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The text printed in place of sensitive values.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// A `Debug` that prints only the type's name and the redaction marker: for `@sensitive`
/// structures (and their builders), unions and enums, whose every part is secret.
pub fn fully_redacted(ty: &Ident, label: &str) -> TokenStream {
    let text = format!("{label} {{ {REDACTED} }}");
    quote! {
        impl ::std::fmt::Debug for #ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#text)
            }
        }
    }
}
