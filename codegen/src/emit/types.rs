//! Type tokens, zero and default values shared by every emitter.

use crate::naming::ident;
use crate::plan::{MemberPlan, TypePath, TypeRef};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

/// The runtime crate's path, always fully qualified so model names cannot shadow it.
pub fn rt() -> TokenStream {
    quote!(::smithy_client_runtime)
}

/// `crate::<segments>::Name`.
pub fn path_tokens(segments: &[String], name: &str) -> TokenStream {
    let segs = segments.iter().map(|s| ident(s));
    let name = ident(name);
    quote!(crate #(:: #segs)* :: #name)
}

/// Path of a generated type.
pub fn type_path(p: &TypePath) -> TokenStream {
    path_tokens(&p.home.segments(), &p.name)
}

/// The Rust type of a value (no `Option`, no `Box`).
pub fn rust_type(ty: &TypeRef) -> TokenStream {
    let rt = rt();
    match ty {
        TypeRef::Unit => quote!(()),
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Bool => quote!(bool),
        TypeRef::Byte => quote!(i8),
        TypeRef::Short => quote!(i16),
        TypeRef::Integer => quote!(i32),
        TypeRef::Long => quote!(i64),
        TypeRef::Float => quote!(f32),
        TypeRef::Double => quote!(f64),
        TypeRef::BigInteger => quote!(#rt::BigInteger),
        TypeRef::BigDecimal => quote!(#rt::BigDecimal),
        TypeRef::Timestamp(_) => quote!(#rt::DateTime),
        TypeRef::Blob => quote!(#rt::Blob),
        TypeRef::ByteStream => quote!(#rt::ByteStream),
        TypeRef::Document => quote!(#rt::Document),
        TypeRef::Enum(p) | TypeRef::IntEnum(p) | TypeRef::Struct(p) | TypeRef::Union(p) => {
            type_path(p)
        }
        TypeRef::List { item, sparse } => {
            let item = rust_type(item);
            if *sparse {
                quote!(::std::vec::Vec<::std::option::Option<#item>>)
            } else {
                quote!(::std::vec::Vec<#item>)
            }
        }
        TypeRef::Map { key, value, sparse } => {
            let key = rust_type(key);
            let value = rust_type(value);
            if *sparse {
                quote!(::std::collections::HashMap<#key, ::std::option::Option<#value>>)
            } else {
                quote!(::std::collections::HashMap<#key, #value>)
            }
        }
    }
}

/// The member's value type with its `Box`, without `Option`.
pub fn inner_type(m: &MemberPlan) -> TokenStream {
    let ty = rust_type(&m.ty);
    if m.boxed {
        quote!(::std::boxed::Box<#ty>)
    } else {
        ty
    }
}

/// The member's field type in its struct.
pub fn field_type(m: &MemberPlan) -> TokenStream {
    let ty = inner_type(m);
    if m.optional {
        quote!(::std::option::Option<#ty>)
    } else {
        ty
    }
}

/// The zero value a client fills in when a server leaves out a required member
/// (Smithy "error correction").
pub fn zero_value(ty: &TypeRef) -> TokenStream {
    let rt = rt();
    match ty {
        TypeRef::Unit => quote!(()),
        TypeRef::String => quote!(::std::string::String::new()),
        TypeRef::Bool => quote!(false),
        TypeRef::Byte | TypeRef::Short | TypeRef::Integer | TypeRef::Long => quote!(0),
        TypeRef::Float | TypeRef::Double => quote!(0.0),
        TypeRef::BigInteger => quote!(#rt::BigInteger::zero()),
        TypeRef::BigDecimal => quote!(#rt::BigDecimal::zero()),
        TypeRef::Timestamp(_) => quote!(#rt::DateTime::from_secs(0)),
        TypeRef::Blob => quote!(#rt::Blob::new(::std::vec::Vec::new())),
        TypeRef::ByteStream => quote!(#rt::ByteStream::default()),
        TypeRef::Document => quote!(#rt::Document::Null),
        TypeRef::Enum(p) => {
            let p = type_path(p);
            quote!(<#p>::from(""))
        }
        TypeRef::IntEnum(p) => {
            let p = type_path(p);
            quote!(<#p>::from(0))
        }
        TypeRef::Struct(p) => {
            let b = crate::emit::types::builder_path(p);
            quote!(<#b>::default().build_error_corrected())
        }
        TypeRef::Union(p) => {
            let p = type_path(p);
            quote!(<#p>::Unknown(#rt::UnknownVariantValue::new("")))
        }
        TypeRef::List { .. } => quote!(::std::vec::Vec::new()),
        TypeRef::Map { .. } => quote!(::std::collections::HashMap::new()),
    }
}

/// `opt.unwrap_or…(value)` in the cheapest form clippy accepts: `unwrap_or_default()` when the
/// type's `Default` is the value, `unwrap_or` for literals, else `unwrap_or_else`.
pub fn unwrap_or(
    opt: TokenStream,
    ty: &TypeRef,
    value: Option<&Value>,
    boxed: bool,
) -> TokenStream {
    let is_zero_default = match value {
        None => matches!(
            ty,
            TypeRef::String
                | TypeRef::Bool
                | TypeRef::Byte
                | TypeRef::Short
                | TypeRef::Integer
                | TypeRef::Long
                | TypeRef::Float
                | TypeRef::Double
                | TypeRef::Blob
                | TypeRef::ByteStream
                | TypeRef::Document
                | TypeRef::List { .. }
                | TypeRef::Map { .. }
        ),
        // `[]` is the zero value of a list, but for a document it is an array, not `Null`.
        Some(Value::Array(a)) => a.is_empty() && matches!(ty, TypeRef::List { .. }),
        Some(Value::Object(o)) => o.is_empty() && matches!(ty, TypeRef::Map { .. }),
        Some(_) => false,
    };
    if is_zero_default && !boxed {
        return quote!(#opt.unwrap_or_default());
    }
    let expr = match value {
        Some(v) => default_value(ty, v),
        None => zero_value(ty),
    };
    let literal = matches!(
        (ty, value),
        (
            TypeRef::Bool
                | TypeRef::Byte
                | TypeRef::Short
                | TypeRef::Integer
                | TypeRef::Long
                | TypeRef::Float
                | TypeRef::Double,
            Some(_)
        )
    );
    if boxed {
        quote!(#opt.unwrap_or_else(|| ::std::boxed::Box::new(#expr)))
    } else if literal {
        quote!(#opt.unwrap_or(#expr))
    } else {
        quote!(#opt.unwrap_or_else(|| #expr))
    }
}

/// Path of a structure's builder.
pub fn builder_path(p: &TypePath) -> TokenStream {
    path_tokens(&p.home.builder_segments(), &format!("{}Builder", p.name))
}

/// An expression for a `@default` value (already checked to fit the type while planning).
pub fn default_value(ty: &TypeRef, v: &Value) -> TokenStream {
    let rt = rt();
    match (ty, v) {
        (TypeRef::String, Value::String(s)) => quote!(::std::string::String::from(#s)),
        (TypeRef::Bool, Value::Bool(b)) => quote!(#b),
        (TypeRef::Byte, Value::Number(n)) => lit_int::<i8>(n),
        (TypeRef::Short, Value::Number(n)) => lit_int::<i16>(n),
        (TypeRef::Integer, Value::Number(n)) => lit_int::<i32>(n),
        (TypeRef::Long, Value::Number(n)) => lit_int::<i64>(n),
        (TypeRef::Float, Value::Number(n)) => {
            let f = n.as_f64().unwrap_or_default() as f32;
            quote!(#f)
        }
        (TypeRef::Double, Value::Number(n)) => {
            let f = n.as_f64().unwrap_or_default();
            quote!(#f)
        }
        (TypeRef::BigInteger, Value::Number(n)) => {
            let s = n.to_string();
            quote!(#rt::BigInteger::from_static(#s))
        }
        (TypeRef::BigDecimal, Value::Number(n)) => {
            let s = n.to_string();
            quote!(#rt::BigDecimal::from_static(#s))
        }
        (TypeRef::Timestamp(_), Value::Number(n)) => {
            let f = n.as_f64().unwrap_or_default();
            quote!(#rt::DateTime::from_fractional_secs(#f))
        }
        (TypeRef::Timestamp(_), Value::String(s)) => {
            quote!(#rt::DateTime::parse(#s, #rt::TimestampFormat::DateTime).unwrap_or(#rt::DateTime::from_secs(0)))
        }
        (TypeRef::Blob, Value::String(s)) => {
            quote!(#rt::Blob::from_base64(#s).unwrap_or_default())
        }
        (TypeRef::Document, v) => {
            let text = v.to_string();
            quote!(#rt::Document::from_json_text(#text))
        }
        (TypeRef::Enum(p), Value::String(s)) => {
            let p = type_path(p);
            quote!(<#p>::from(#s))
        }
        (TypeRef::IntEnum(p), Value::Number(n)) => {
            let p = type_path(p);
            let i = lit_int::<i32>(n);
            quote!(<#p>::from(#i))
        }
        (TypeRef::List { .. }, _) => quote!(::std::vec::Vec::new()),
        (TypeRef::Map { .. }, _) => quote!(::std::collections::HashMap::new()),
        _ => zero_value(ty),
    }
}

fn lit_int<T: TryFrom<i64> + quote::ToTokens>(n: &serde_json::Number) -> TokenStream {
    match n.as_i64().and_then(|i| T::try_from(i).ok()) {
        Some(v) => quote!(#v),
        None => quote!(0),
    }
}

/// `#[doc = ...]` attributes, one per line (prettyplease prints them as `///` comments), or
/// inside a [`crate::doc_blocks::scope`] one placeholder for the block, expanded after printing.
pub fn doc_attrs(docs: Option<&str>) -> TokenStream {
    let Some(docs) = docs else {
        return TokenStream::new();
    };
    if docs.lines().next().is_none() {
        return TokenStream::new();
    }
    if let Some(placeholder) = crate::doc_blocks::placeholder(docs) {
        let lit = Literal::string(&placeholder);
        return quote!(#[doc = #lit]);
    }
    let lines = docs.lines().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        let l = doc_lit(&l);
        quote!(#[doc = #l])
    });
    quote!(#(#lines)*)
}

/// Like [`doc_attrs`], but an item the model leaves undocumented gets
/// `#[allow(missing_docs)]` instead of a placeholder sentence. A sentence that only repeats the
/// item's name ("The `Foo` structure.") reads as documentation without saying anything, and
/// would hide from a reviewer that the model has none; the allow is honest about it.
pub fn docs_or_allow(docs: Option<&str>) -> TokenStream {
    match docs {
        Some(_) => doc_attrs(docs),
        None => quote!(#[allow(missing_docs)]),
    }
}

/// The literal of one doc line. A `"..."` literal costs twice per character: `quote` escapes
/// it and `syn` unescapes it again before `prettyplease` prints the `///` line. A raw literal
/// skips both and prints the same line; only lines that `prettyplease` prints as `///`/`//!`
/// comments qualify (one line, no leading `/`, no carriage return, which raw strings reject),
/// the others keep the escaped form, which is what appears in the output for them.
pub fn doc_lit(line: &str) -> Literal {
    if line.contains(['\n', '\r']) || line.starts_with('/') {
        return Literal::string(line);
    }
    // Enough `#`s that no `"` inside the line is followed by as many.
    let hashes = line
        .split('"')
        .skip(1)
        .map(|after| after.len() - after.trim_start_matches('#').len() + 1)
        .max()
        .unwrap_or(0);
    let hashes = "#".repeat(hashes);
    format!("r{hashes}\"{line}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| Literal::string(line))
}

/// `#[deprecated]` when the model deprecates the item.
pub fn deprecated_attr(note: Option<&str>) -> TokenStream {
    match note {
        Some(n) => quote!(#[deprecated(note = #n)]),
        None => TokenStream::new(),
    }
}
