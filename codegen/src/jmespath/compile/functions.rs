//! The JMESPath built-in functions, compiled by argument type. Functions whose result would be
//! a newly built string (`join`, `to_string` of a non-string) are not supported: compiled values
//! borrow from the response.

use super::{Compiled, Compiler, Result, Ty, some};
use crate::jmespath::ast::Ast;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

fn arity(name: &str, args: &[Ast], n: usize) -> Result<()> {
    if args.len() == n {
        Ok(())
    } else {
        Err(format!(
            "{name}() takes {n} argument{}, found {}",
            if n == 1 { "" } else { "s" },
            args.len()
        ))
    }
}

fn bad(name: &str, ty: &Ty) -> String {
    format!("{name}() does not accept {}", ty.describe())
}

impl Compiler<'_> {
    pub(super) fn function(
        &mut self,
        name: &str,
        args: &[Ast],
        cur: &Ident,
        cur_ty: &Ty,
    ) -> Result<Compiled> {
        // `sort_by`/`min_by`/`max_by`/`map` take an expression reference, compiled per item.
        if let Some(result) = self.by_function(name, args, cur, cur_ty) {
            return result;
        }
        let mut a = Vec::new();
        for arg in args {
            a.push(self.compile(arg, cur, cur_ty)?);
        }
        let one = |n: &str| -> Result<&Compiled> {
            arity(n, args, 1)?;
            Ok(&a[0])
        };
        match name {
            "length" => {
                let x = one(name)?;
                let t = &x.tokens;
                Ok(Compiled::new(
                    match &x.ty {
                        Ty::Str => quote!(#t.map(|s| s.chars().count() as f64)),
                        Ty::List(_) | Ty::Map(_) => quote!(#t.map(|l| l.len() as f64)),
                        // An object's length is its number of keys (members present).
                        Ty::Struct(p) => {
                            let keys = self.present_members(p)?;
                            quote!(#t.map(#keys).map(|k| k.len() as f64))
                        }
                        other => return Err(bad(name, other)),
                    },
                    Ty::Num,
                ))
            }
            "contains" => {
                arity(name, args, 2)?;
                let (subject, search) = (&a[0], &a[1]);
                let (s, x) = (&subject.tokens, &search.tokens);
                let tokens = match (&subject.ty, &search.ty) {
                    (Ty::Str, Ty::Str) => quote! {
                        match (#s, #x) {
                            (::std::option::Option::Some(s), ::std::option::Option::Some(x)) => ::std::option::Option::Some(s.contains(x)),
                            (::std::option::Option::Some(_), ::std::option::Option::None) => ::std::option::Option::Some(false),
                            _ => ::std::option::Option::None,
                        }
                    },
                    (Ty::List(item), search_ty) if **item == *search_ty && item.comparable() => {
                        quote! {
                            #s.map(|l| { let x = #x; x.is_some_and(|x| l.contains(&x)) })
                        }
                    }
                    // A multi-select list's items are `Option<R>`: a null search finds a
                    // null item, as in JMESPath.
                    (Ty::List(item), search_ty) if matches!(&**item, Ty::Nullable(i) if **i == *search_ty && i.comparable()) =>
                    {
                        quote! {
                            #s.map(|l| { let x = #x; l.contains(&x) })
                        }
                    }
                    // A value of another type (or null: lists hold no nulls) is never an item.
                    (Ty::List(item), _) if item.comparable() => quote!(#s.map(|_| false)),
                    (Ty::Str, _) => quote!(#s.map(|_| false)),
                    (other, _) => return Err(bad(name, other)),
                };
                Ok(Compiled::new(tokens, Ty::Bool))
            }
            "keys" | "values" => {
                let x = one(name)?;
                let t = &x.tokens;
                match &x.ty {
                    Ty::Map(_) if name == "keys" => Ok(Compiled::new(
                        quote!(#t.map(|m| m.into_iter().map(|(k, _)| k).collect::<::std::vec::Vec<_>>())),
                        Ty::List(Box::new(Ty::Str)),
                    )),
                    Ty::Map(item) => Ok(Compiled::new(
                        quote!(#t.map(|m| m.into_iter().map(|(_, v)| v).collect::<::std::vec::Vec<_>>())),
                        Ty::List(item.clone()),
                    )),
                    Ty::Struct(p) if name == "keys" => {
                        let keys = self.present_members(p)?;
                        Ok(Compiled::new(
                            quote!(#t.map(#keys)),
                            Ty::List(Box::new(Ty::Str)),
                        ))
                    }
                    // A structure's values, when its members have one type.
                    Ty::Struct(_) => {
                        let (values, item) = self.values_of(x.clone())?;
                        Ok(Compiled::new(
                            values,
                            Ty::List(Box::new(item.unwrap_or(Ty::Null))),
                        ))
                    }
                    other => Err(bad(name, other)),
                }
            }
            "max" | "min" => {
                let x = one(name)?;
                let t = &x.tokens;
                let pick = if name == "max" {
                    quote!(max)
                } else {
                    quote!(min)
                };
                match &x.ty {
                    Ty::List(item) if **item == Ty::Num => Ok(Compiled::new(
                        quote!(#t.and_then(|l| l.into_iter().reduce(f64::#pick))),
                        Ty::Num,
                    )),
                    Ty::List(item) if **item == Ty::Str => Ok(Compiled::new(
                        quote!(#t.and_then(|l| l.into_iter().#pick())),
                        Ty::Str,
                    )),
                    other => Err(bad(name, other)),
                }
            }
            "sum" | "avg" => {
                let x = one(name)?;
                let t = &x.tokens;
                if x.ty != Ty::List(Box::new(Ty::Num)) {
                    return Err(bad(name, &x.ty));
                }
                let tokens = if name == "sum" {
                    quote!(#t.map(|l| l.into_iter().sum::<f64>()))
                } else {
                    quote!(#t.and_then(|l| if l.is_empty() { ::std::option::Option::None } else { ::std::option::Option::Some(l.iter().sum::<f64>() / l.len() as f64) }))
                };
                Ok(Compiled::new(tokens, Ty::Num))
            }
            "abs" | "ceil" | "floor" => {
                let x = one(name)?;
                if x.ty != Ty::Num {
                    return Err(bad(name, &x.ty));
                }
                let t = &x.tokens;
                let f = proc_macro2::Ident::new(name, proc_macro2::Span::call_site());
                Ok(Compiled::new(quote!(#t.map(f64::#f)), Ty::Num))
            }
            "starts_with" | "ends_with" => {
                arity(name, args, 2)?;
                if a[0].ty != Ty::Str || a[1].ty != Ty::Str {
                    return Err(format!("{name}() takes two strings"));
                }
                let (s, p) = (&a[0].tokens, &a[1].tokens);
                let f = proc_macro2::Ident::new(name, proc_macro2::Span::call_site());
                Ok(Compiled::new(
                    quote! {
                        match (#s, #p) {
                            (::std::option::Option::Some(s), ::std::option::Option::Some(p)) => ::std::option::Option::Some(s.#f(p)),
                            _ => ::std::option::Option::None,
                        }
                    },
                    Ty::Bool,
                ))
            }
            "not_null" => {
                if a.is_empty() {
                    return Err("not_null() takes at least one argument".into());
                }
                let ty = super::same_type(&a, "the arguments of not_null()")?;
                let mut parts = a.iter().map(|c| super::untyped_null(c, &ty));
                let first = parts.next().unwrap_or_default();
                Ok(Compiled::new(quote!(#first #(.or(#parts))*), ty))
            }
            "type" => {
                let x = one(name)?;
                let t = &x.tokens;
                let kind = match &x.ty {
                    Ty::Null => "null",
                    Ty::Bool => "boolean",
                    Ty::Num => "number",
                    Ty::Str => "string",
                    Ty::List(_) => "array",
                    _ => "object",
                };
                Ok(Compiled::new(
                    some(quote!(if #t.is_some() { #kind } else { "null" })),
                    Ty::Str,
                ))
            }
            "to_number" => {
                let x = one(name)?;
                let t = &x.tokens;
                match &x.ty {
                    Ty::Num => Ok(x.clone()),
                    Ty::Str => Ok(Compiled::new(
                        quote!(#t.and_then(|s| s.parse::<f64>().ok().filter(|n| n.is_finite()))),
                        Ty::Num,
                    )),
                    _ => Ok(Compiled::new(
                        quote!(::std::option::Option::None::<f64>),
                        Ty::Num,
                    )),
                }
            }
            "to_string" => {
                let x = one(name)?;
                match &x.ty {
                    Ty::Str => Ok(x.clone()),
                    other => Err(format!(
                        "to_string() of {} is not supported in waiter paths",
                        other.describe()
                    )),
                }
            }
            "to_array" => {
                let x = one(name)?;
                let t = &x.tokens;
                match &x.ty {
                    Ty::List(_) => Ok(x.clone()),
                    Ty::Null => Ok(x.clone()),
                    other => Ok(Compiled::new(
                        quote!(#t.map(|v| ::std::vec![v])),
                        Ty::List(Box::new(other.clone())),
                    )),
                }
            }
            "reverse" | "sort" => {
                let x = one(name)?;
                let t = &x.tokens;
                let body = match (&x.ty, name) {
                    (Ty::List(_), "reverse") => quote!(l.reverse()),
                    (Ty::List(item), _) if **item == Ty::Num => {
                        quote!(l.sort_by(|a, b| a.total_cmp(b)))
                    }
                    (Ty::List(item), _) if **item == Ty::Str => quote!(l.sort()),
                    (other, _) => return Err(bad(name, other)),
                };
                Ok(Compiled::new(
                    quote!(#t.map(|mut l| { #body; l })),
                    x.ty.clone(),
                ))
            }
            _ => Err(format!("function `{name}` is not supported")),
        }
    }

    /// A closure from `&Struct` to the member names present (set, or always there), the keys
    /// of the structure as a JSON object.
    pub(super) fn present_members(&mut self, p: &crate::plan::TypePath) -> Result<TokenStream> {
        let s = self.struct_plan(p)?;
        let v = self.var();
        let pushes = s.members.iter().map(|m| {
            let f = crate::naming::ident(&m.field);
            let name = &m.wire_name;
            if m.optional {
                quote!(if #v.#f.is_some() { keys.push(#name); })
            } else {
                quote!(keys.push(#name);)
            }
        });
        Ok(quote!(|#v| {
            #[allow(unused_mut)]
            let mut keys: ::std::vec::Vec<&str> = ::std::vec::Vec::new();
            #(#pushes)*
            keys
        }))
    }

    /// The key of the item behind the reference `x`, as `Option<R>` tokens.
    fn key(&mut self, expr: &Ast, item: &Ty, x: TokenStream) -> Result<TokenStream> {
        let c = self.var();
        let e = self.compile(expr, &c, item)?;
        let et = e.tokens;
        Ok(quote!({ let #c = ::std::option::Option::Some(::std::clone::Clone::clone(#x)); #et }))
    }

    /// `sort_by(list, &key)`, `min_by`, `max_by` and `map(&expr, list)`; `None` for other names.
    fn by_function(
        &mut self,
        name: &str,
        args: &[Ast],
        cur: &Ident,
        cur_ty: &Ty,
    ) -> Option<Result<Compiled>> {
        let (list_arg, expr_arg) = match (name, args) {
            ("sort_by" | "min_by" | "max_by", [list, Ast::ExpRef(e)]) => (list, e),
            ("map", [Ast::ExpRef(e), list]) => (list, e),
            ("sort_by" | "min_by" | "max_by" | "map", _) => {
                return Some(Err(format!(
                    "{name}() takes a list and an expression reference `&expr`"
                )));
            }
            _ => return None,
        };
        Some((|| {
            let list = self.compile(list_arg, cur, cur_ty)?;
            let Ty::List(item) = &list.ty else {
                return Err(bad(name, &list.ty));
            };
            let item = (**item).clone();
            let c = self.var();
            let e = self.compile(expr_arg, &c, &item)?;
            let lt = &list.tokens;
            if name == "map" {
                let et = &e.tokens;
                return Ok(Compiled::new(
                    quote!(#lt.map(|l| l.into_iter().filter_map(|x| { let #c = ::std::option::Option::Some(x); #et }).collect::<::std::vec::Vec<_>>())),
                    Ty::List(Box::new(e.ty)),
                ));
            }
            let key_cmp = match &e.ty {
                Ty::Num => quote!(ka.partial_cmp(&kb).unwrap_or(::std::cmp::Ordering::Equal)),
                Ty::Str => quote!(ka.cmp(&kb)),
                other => {
                    return Err(format!(
                        "{name}() needs a key that is a number or a string, found {}",
                        other.describe()
                    ));
                }
            };
            // The key expression is compiled once per side, inside the comparator, where the
            // item type is known to the Rust compiler.
            let ka = self.key(expr_arg, &item, quote!(a))?;
            let kb = self.key(expr_arg, &item, quote!(b))?;
            let compare = quote!(|a, b| { let ka = #ka; let kb = #kb; #key_cmp });
            let tokens = match name {
                "sort_by" => quote!(#lt.map(|mut l| { l.sort_by(#compare); l })),
                "min_by" => quote!(#lt.and_then(|l| l.into_iter().min_by(#compare))),
                _ => quote!(#lt.and_then(|l| l.into_iter().max_by(#compare))),
            };
            let ty = if name == "sort_by" {
                list.ty.clone()
            } else {
                item
            };
            Ok(Compiled::new(tokens, ty))
        })())
    }
}
