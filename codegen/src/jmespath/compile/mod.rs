//! Compiles a JMESPath expression into a Rust expression over the generated types.
//!
//! Every compiled expression evaluates to `Option<R>`, where `None` is JMESPath's `null` and
//! `R` depends on the expression's static type ([`Ty`]): `&str` for strings and string enums
//! (compared by their value), `f64` for every number (the waiters data model), `bool`,
//! `&Struct`/`&Union` for structures and unions, `Vec<R>` for lists and `Vec<(&str, R)>` for
//! maps. Each step is resolved against the plan, so member names and types are checked here,
//! at generation time, and the generated code only reads fields.
//!
//! A multi-select list keeps its `null` items, as the spec says (`[a, b]` is `[null, 1]` when
//! only `b` is set): its items have type [`Ty::Nullable`] (`Option<R>`). A projection over it
//! drops them, as projections drop nulls.
//!
//! Known differences from dynamic JMESPath, all on forms no AWS waiter uses: other lists never
//! hold `null` (a sparse list's nulls, and the null values of a multi-select hash, are left
//! out); a projection or filter over a multi-select list skips its null items before
//! evaluating the right-hand side (dynamically, a right-hand side such as `!@` could turn a
//! null item into a value); operands whose static types differ can meet only where JMESPath needs their truthiness
//! (filters, `!`, and `&&`/`||` inside those), or in `==`/`!=` (equal only when both are null).

mod functions;

use super::ast::{Ast, Cmp};
use crate::naming::ident;
use crate::plan::{CratePlan, MemberPlan, StructPlan, TypePath, TypeRef, UnionPlan};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;
use std::collections::BTreeMap;

/// The static type of a compiled expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    /// Always `null` (the literal, or a step that can never hold a value).
    Null,
    /// `bool`.
    Bool,
    /// `f64`.
    Num,
    /// `&str`.
    Str,
    /// `&Struct`.
    Struct(TypePath),
    /// `&Union`.
    Union(TypePath),
    /// `Vec<R>`.
    List(Box<Ty>),
    /// `Option<R>`: an item of a multi-select list, which may be `null`.
    Nullable(Box<Ty>),
    /// `Vec<(&str, R)>`.
    Map(Box<Ty>),
    /// The `{input, output}` object of an `inputOutput` matcher: `(&Input, &Output)`.
    InputOutput(TypePath, TypePath),
}

impl Ty {
    /// How the type is named in messages.
    pub fn describe(&self) -> String {
        match self {
            Ty::Null => "null".into(),
            Ty::Bool => "a boolean".into(),
            Ty::Num => "a number".into(),
            Ty::Str => "a string".into(),
            Ty::Struct(p) => format!("structure `{}`", p.name),
            Ty::Union(p) => format!("union `{}`", p.name),
            Ty::List(t) => format!("a list of {}", t.describe_plural()),
            Ty::Nullable(t) => format!("{} or null", t.describe()),
            Ty::Map(t) => format!("a map of {}", t.describe_plural()),
            Ty::InputOutput(..) => "the {input, output} object".into(),
        }
    }

    fn describe_plural(&self) -> String {
        match self {
            Ty::Null => "nulls".into(),
            Ty::Bool => "booleans".into(),
            Ty::Num => "numbers".into(),
            Ty::Str => "strings".into(),
            Ty::Struct(p) => format!("`{}` structures", p.name),
            Ty::Union(p) => format!("`{}` unions", p.name),
            Ty::List(t) => format!("lists of {}", t.describe_plural()),
            Ty::Nullable(t) => format!("{} or nulls", t.describe_plural()),
            Ty::Map(t) => format!("maps of {}", t.describe_plural()),
            Ty::InputOutput(..) => "objects".into(),
        }
    }

    /// Whether values of this type can be compared with `==` (structures carry no `PartialEq`
    /// in general, and map order is unspecified).
    fn comparable(&self) -> bool {
        match self {
            Ty::Null | Ty::Bool | Ty::Num | Ty::Str => true,
            Ty::List(t) | Ty::Nullable(t) => t.comparable(),
            _ => false,
        }
    }
}

/// A compiled expression: tokens evaluating to `Option<R>` and the static type `R` stands for.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// A Rust expression of type `Option<R>`.
    pub tokens: TokenStream,
    /// What `R` is.
    pub ty: Ty,
}

impl Compiled {
    fn new(tokens: TokenStream, ty: Ty) -> Self {
        Self { tokens, ty }
    }

    fn null() -> Self {
        Self::new(quote!(::std::option::Option::None::<()>), Ty::Null)
    }
}

/// The structures and unions of a crate, by Rust path, for resolving member names.
pub struct Shapes<'a> {
    structs: BTreeMap<&'a TypePath, &'a StructPlan>,
    unions: BTreeMap<&'a TypePath, &'a UnionPlan>,
}

impl<'a> Shapes<'a> {
    /// Indexes every structure (operation inputs and outputs too) and union of `plan`.
    pub fn new(plan: &'a CratePlan) -> Self {
        let mut structs = BTreeMap::new();
        for s in &plan.structs {
            structs.insert(&s.path, s);
        }
        for op in &plan.operations {
            structs.insert(&op.input.path, &op.input);
            structs.insert(&op.output.path, &op.output);
        }
        let unions = plan.unions.iter().map(|u| (&u.path, u)).collect();
        Self { structs, unions }
    }
}

/// Compiles expressions; holds the counter that keeps generated variable names distinct.
pub struct Compiler<'a> {
    shapes: &'a Shapes<'a>,
    next_var: usize,
}

type Result<T> = std::result::Result<T, String>;

fn some(t: TokenStream) -> TokenStream {
    quote!(::std::option::Option::Some(#t))
}

impl<'a> Compiler<'a> {
    /// A compiler over these shapes.
    pub fn new(shapes: &'a Shapes<'a>) -> Self {
        Self {
            shapes,
            next_var: 0,
        }
    }

    fn var(&mut self) -> Ident {
        self.next_var += 1;
        format_ident!("v{}", self.next_var)
    }

    /// Compiles `ast` against the current node `cur`, a variable holding an `Option<R>` of type
    /// `cur_ty` (it is only ever cloned, so it can be used many times).
    pub fn compile(&mut self, ast: &Ast, cur: &Ident, cur_ty: &Ty) -> Result<Compiled> {
        match ast {
            Ast::Identity => Ok(Compiled::new(quote!(#cur.clone()), cur_ty.clone())),
            Ast::Field(name) => self.field(name, cur, cur_ty),
            Ast::Subexpr(left, right) | Ast::Pipe(left, right) => {
                let l = self.compile(left, cur, cur_ty)?;
                self.then(l, right)
            }
            Ast::Index(i) => self.index(*i, cur, cur_ty),
            Ast::Slice(start, stop, step) => match cur_ty {
                Ty::Null => Ok(Compiled::null()),
                Ty::List(_) => {
                    let opt = |v: &Option<i64>| match v {
                        Some(n) => quote!(::std::option::Option::Some(#n)),
                        None => quote!(::std::option::Option::None),
                    };
                    let (a, b, c) = (opt(start), opt(stop), opt(step));
                    Ok(Compiled::new(
                        quote!(#cur.clone().map(|l| ::smithy_client_runtime::waiter::slice(l, #a, #b, #c))),
                        cur_ty.clone(),
                    ))
                }
                other => Err(format!("a slice needs a list, found {}", other.describe())),
            },
            Ast::Projection(left, right) => {
                let l = self.compile(left, cur, cur_ty)?;
                let item = match &l.ty {
                    Ty::Null => return Ok(Compiled::null()),
                    Ty::List(item) => (**item).clone(),
                    other => {
                        return Err(format!(
                            "`[*]`/`[]` projects a list, found {}",
                            other.describe()
                        ));
                    }
                };
                self.project(l.tokens, &item, None, right)
            }
            Ast::Flatten(inner) => {
                let l = self.compile(inner, cur, cur_ty)?;
                Ok(match l.ty {
                    Ty::Null => Compiled::null(),
                    Ty::List(item) => match *item {
                        // Null items are not lists: flattening drops them with the others'
                        // brackets (the projection `[]` belongs to would drop them anyway).
                        Ty::Nullable(nullable) if matches!(*nullable, Ty::List(_)) => {
                            let Ty::List(inner_item) = *nullable else {
                                unreachable!("matched above")
                            };
                            let t = l.tokens;
                            Compiled::new(
                                quote!(#t.map(|l| l.into_iter().flatten().flatten().collect::<::std::vec::Vec<_>>())),
                                Ty::List(inner_item),
                            )
                        }
                        Ty::List(inner_item) => {
                            let t = l.tokens;
                            Compiled::new(
                                quote!(#t.map(|l| l.into_iter().flatten().collect::<::std::vec::Vec<_>>())),
                                Ty::List(inner_item),
                            )
                        }
                        item => Compiled::new(l.tokens, Ty::List(Box::new(item))),
                    },
                    other => return Err(format!("`[]` flattens a list, found {}", other.describe())),
                })
            }
            Ast::ValueProjection(left, right) => {
                let l = self.compile(left, cur, cur_ty)?;
                let (values, item) = self.values_of(l)?;
                match item {
                    Some(item) => self.project(values, &item, None, right),
                    None => Ok(Compiled::null()),
                }
            }
            Ast::FilterProjection(left, cond, right) => {
                let l = self.compile(left, cur, cur_ty)?;
                let item = match &l.ty {
                    Ty::Null => return Ok(Compiled::null()),
                    Ty::List(item) => (**item).clone(),
                    other => {
                        return Err(format!("a filter `[?...]` needs a list, found {}", other.describe()));
                    }
                };
                self.project(l.tokens, &item, Some(cond), right)
            }
            Ast::Comparison(op, left, right) => {
                let l = self.compile(left, cur, cur_ty)?;
                let r = self.compile(right, cur, cur_ty)?;
                self.comparison(*op, l, r)
            }
            Ast::And(left, right) | Ast::Or(left, right) => {
                let and = matches!(ast, Ast::And(..));
                let l = self.compile(left, cur, cur_ty)?;
                let r = self.compile(right, cur, cur_ty)?;
                self.and_or(and, l, r)
            }
            Ast::Not(inner) => {
                let t = self.truthy_of(inner, cur, cur_ty)?;
                Ok(Compiled::new(some(quote!(!#t)), Ty::Bool))
            }
            Ast::Literal(v) => literal(v),
            Ast::MultiList(items) => {
                let parts = items
                    .iter()
                    .map(|a| self.compile(a, cur, cur_ty))
                    .collect::<Result<Vec<_>>>()?;
                let ty = same_type(&parts, "the items of a multi-select list `[a, b]`")?;
                let tokens = parts.iter().map(|p| untyped_null(p, &ty));
                // Null items stay (`[a, b]` is `[null, 1]`); the list is null only when the
                // current node is.
                Ok(Compiled::new(
                    quote! {
                        if #cur.is_some() {
                            ::std::option::Option::Some(::std::vec![#(#tokens),*])
                        } else {
                            ::std::option::Option::None
                        }
                    },
                    Ty::List(Box::new(Ty::Nullable(Box::new(ty)))),
                ))
            }
            Ast::MultiHash(pairs) => {
                let parts = pairs
                    .iter()
                    .map(|(_, a)| self.compile(a, cur, cur_ty))
                    .collect::<Result<Vec<_>>>()?;
                let ty = same_type(&parts, "the values of a multi-select hash `{k: a}`")?;
                let entries = pairs.iter().zip(&parts).map(|((k, _), p)| {
                    let t = untyped_null(p, &ty);
                    quote!(#t.map(|v| (#k, v)))
                });
                Ok(Compiled::new(
                    quote! {
                        if #cur.is_some() {
                            ::std::option::Option::Some(::std::vec![#(#entries),*].into_iter().flatten().collect::<::std::vec::Vec<(&str, _)>>())
                        } else {
                            ::std::option::Option::None
                        }
                    },
                    Ty::Map(Box::new(ty)),
                ))
            }
            Ast::Function(name, args) => self.function(name, args, cur, cur_ty),
            Ast::ExpRef(_) => Err(
                "an expression reference `&expr` is only valid as an argument of sort_by, min_by, max_by or map".into(),
            ),
        }
    }

    /// Evaluates `right` against the value of `l`.
    fn then(&mut self, l: Compiled, right: &Ast) -> Result<Compiled> {
        let v = self.var();
        let t = l.tokens;
        let r = self.compile(right, &v, &l.ty)?;
        let rt = r.tokens;
        Ok(Compiled::new(quote!({ let #v = #t; #rt }), r.ty))
    }

    /// A list projection of `list` (tokens of `Option<Vec<R>>`, items of type `item`): keeps
    /// the items for which `cond` is truthy, evaluates `right` on each, drops nulls.
    fn project(
        &mut self,
        list: TokenStream,
        item: &Ty,
        cond: Option<&Ast>,
        right: &Ast,
    ) -> Result<Compiled> {
        // A projection drops nulls: the null items of a multi-select list go first.
        let (list, item) = match item {
            Ty::Nullable(inner) => (
                quote!(#list.map(|l| l.into_iter().flatten().collect::<::std::vec::Vec<_>>())),
                &**inner,
            ),
            item => (list, item),
        };
        let filter = match cond {
            Some(cond) => {
                let c = self.var();
                let t = self.truthy_of(cond, &c, item)?;
                quote!(.filter(|x| { let #c = ::std::option::Option::Some(::std::clone::Clone::clone(x)); #t }))
            }
            None => TokenStream::new(),
        };
        let c = self.var();
        let r = self.compile(right, &c, item)?;
        let rt = r.tokens;
        Ok(Compiled::new(
            quote! {
                #list.map(|l| l.into_iter() #filter .filter_map(|x| { let #c = ::std::option::Option::Some(x); #rt }).collect::<::std::vec::Vec<_>>())
            },
            Ty::List(Box::new(r.ty)),
        ))
    }

    /// The values of an object (a map, or a structure whose members all have one type), as
    /// tokens of `Option<Vec<R>>` and the item type; `None` when `l` is always null.
    pub(super) fn values_of(&mut self, l: Compiled) -> Result<(TokenStream, Option<Ty>)> {
        let t = l.tokens;
        match l.ty {
            Ty::Null => Ok((t, None)),
            Ty::Map(item) => Ok((
                quote!(#t.map(|m| m.into_iter().map(|(_, v)| v).collect::<::std::vec::Vec<_>>())),
                Some(*item),
            )),
            Ty::Struct(p) => {
                let s = self.struct_plan(&p)?;
                let v = self.var();
                let mut parts = Vec::new();
                for m in &s.members {
                    parts.push(self.member(m, &v)?);
                }
                let ty = same_type(&parts, &format!("the members of `{}` (for `*`)", p.name))?;
                let tokens = parts.iter().map(|p| untyped_null(p, &ty));
                Ok((
                    quote!(#t.map(|#v| ::std::vec![#(#tokens),*].into_iter().flatten().collect::<::std::vec::Vec<_>>())),
                    Some(ty),
                ))
            }
            other => Err(format!(
                "`*` projects the values of an object, found {}",
                other.describe()
            )),
        }
    }

    pub(super) fn struct_plan(&self, p: &TypePath) -> Result<&'a StructPlan> {
        self.shapes
            .structs
            .get(p)
            .copied()
            .ok_or_else(|| format!("structure `{}` is not in the plan", p.name))
    }

    /// `name` on the current node.
    fn field(&mut self, name: &str, cur: &Ident, cur_ty: &Ty) -> Result<Compiled> {
        match cur_ty {
            Ty::Null => Ok(Compiled::null()),
            Ty::Struct(p) => {
                let s = self.struct_plan(p)?;
                let Some(m) = s.members.iter().find(|m| m.wire_name == name) else {
                    return Err(format!(
                        "structure `{}` has no member `{name}` (members: {})",
                        p.name,
                        member_list(&s.members)
                    ));
                };
                let v = self.var();
                let access = self.member(m, &v)?;
                let t = access.tokens;
                Ok(Compiled::new(
                    quote!(#cur.clone().and_then(|#v| #t)),
                    access.ty,
                ))
            }
            Ty::Union(p) => {
                let Some(u) = self.shapes.unions.get(p).copied() else {
                    return Err(format!("union `{}` is not in the plan", p.name));
                };
                let Some(m) = u.members.iter().find(|m| m.wire_name == name) else {
                    return Err(format!(
                        "union `{}` has no member `{name}` (members: {})",
                        p.name,
                        member_list(&u.members)
                    ));
                };
                let ty = crate::emit::types::type_path(p);
                let variant = ident(&m.variant);
                let x = self.var();
                let place = if m.boxed { quote!(&**#x) } else { quote!(#x) };
                let (r, rty) = self.lift(place, &m.ty)?;
                Ok(Compiled::new(
                    quote! {
                        #cur.clone().and_then(|u| match u {
                            #ty::#variant(#x) => ::std::option::Option::Some(#r),
                            #[allow(unreachable_patterns)]
                            _ => ::std::option::Option::None,
                        })
                    },
                    rty,
                ))
            }
            Ty::Map(item) => Ok(Compiled::new(
                quote!(#cur.clone().and_then(|m| m.into_iter().find(|(k, _)| *k == #name).map(|(_, v)| v))),
                (**item).clone(),
            )),
            Ty::InputOutput(input, output) => match name {
                "input" => Ok(Compiled::new(
                    quote!(#cur.map(|r| r.0)),
                    Ty::Struct(input.clone()),
                )),
                "output" => Ok(Compiled::new(
                    quote!(#cur.map(|r| r.1)),
                    Ty::Struct(output.clone()),
                )),
                other => Err(format!(
                    "an inputOutput path starts with `input` or `output`, not `{other}`"
                )),
            },
            other => Err(format!(
                "`{name}` is a member name, but the value here is {}",
                other.describe()
            )),
        }
    }

    /// `Option<R>` of member `m` of the structure reference in variable `s`.
    fn member(&mut self, m: &MemberPlan, s: &Ident) -> Result<Compiled> {
        let f = ident(&m.field);
        let x = self.var();
        let (place, wrap): (
            TokenStream,
            fn(TokenStream, TokenStream, TokenStream) -> TokenStream,
        ) = match (m.optional, m.boxed) {
            (false, false) => (quote!(&#s.#f), |_, _, r| some(r)),
            (false, true) => (quote!(&*#s.#f), |_, _, r| some(r)),
            (true, false) => (quote!(#x), |s, x, r| quote!(#s.as_ref().map(|#x| #r))),
            (true, true) => (quote!(#x), |s, x, r| quote!(#s.as_deref().map(|#x| #r))),
        };
        let (r, ty) = self.lift(place, &m.ty)?;
        let tokens = wrap(quote!(#s.#f), quote!(#x), r);
        Ok(Compiled::new(tokens, ty))
    }

    /// `R` from `place`, an expression of type `&T` for a value of type `ty`.
    fn lift(&mut self, place: TokenStream, ty: &TypeRef) -> Result<(TokenStream, Ty)> {
        Ok(match ty {
            TypeRef::String | TypeRef::Enum(_) => (quote!((#place).as_str()), Ty::Str),
            TypeRef::IntEnum(_) => (quote!((#place).as_i32() as f64), Ty::Num),
            TypeRef::Bool => (quote!(*(#place)), Ty::Bool),
            TypeRef::Byte
            | TypeRef::Short
            | TypeRef::Integer
            | TypeRef::Long
            | TypeRef::Float
            | TypeRef::Double => (quote!(*(#place) as f64), Ty::Num),
            // The waiters data model: timestamps are epoch seconds.
            TypeRef::Timestamp(_) => (quote!((#place).as_secs_f64()), Ty::Num),
            // Numbers are f64 in the waiters data model; the text is exact and always parses.
            TypeRef::BigInteger | TypeRef::BigDecimal => (
                quote!((#place).as_str().parse::<f64>().unwrap_or(f64::NAN)),
                Ty::Num,
            ),
            TypeRef::Blob | TypeRef::ByteStream => {
                return Err("blob members cannot be used in a waiter path".into());
            }
            TypeRef::Unit => {
                return Err(
                    "a union member without a value cannot be used in a waiter path".into(),
                );
            }
            TypeRef::Document => {
                return Err("document members cannot be used in a waiter path".into());
            }
            TypeRef::Struct(p) => (place, Ty::Struct(p.clone())),
            TypeRef::Union(p) => (place, Ty::Union(p.clone())),
            TypeRef::List { item, sparse } => {
                let x = self.var();
                let (r, ity) = self.lift(quote!(#x), item)?;
                let tokens = if *sparse {
                    quote!((#place).iter().filter_map(|#x| #x.as_ref()).map(|#x| #r).collect::<::std::vec::Vec<_>>())
                } else {
                    quote!((#place).iter().map(|#x| #r).collect::<::std::vec::Vec<_>>())
                };
                (tokens, Ty::List(Box::new(ity)))
            }
            TypeRef::Map { value, sparse, .. } => {
                let x = self.var();
                let (r, vty) = self.lift(quote!(#x), value)?;
                let tokens = if *sparse {
                    quote!((#place).iter().filter_map(|(k, #x)| #x.as_ref().map(|#x| (k.as_str(), #r))).collect::<::std::vec::Vec<_>>())
                } else {
                    quote!((#place).iter().map(|(k, #x)| (k.as_str(), #r)).collect::<::std::vec::Vec<_>>())
                };
                (tokens, Ty::Map(Box::new(vty)))
            }
        })
    }

    fn index(&mut self, i: i64, cur: &Ident, cur_ty: &Ty) -> Result<Compiled> {
        let item = match cur_ty {
            Ty::Null => return Ok(Compiled::null()),
            Ty::List(item) => (**item).clone(),
            other => {
                return Err(format!(
                    "`[{i}]` indexes a list, found {}",
                    other.describe()
                ));
            }
        };
        let tokens = if i >= 0 {
            let i = usize::try_from(i).map_err(|_| format!("index {i} is too large"))?;
            quote!(#cur.clone().and_then(|l| l.into_iter().nth(#i)))
        } else {
            let back =
                usize::try_from(i.unsigned_abs()).map_err(|_| format!("index {i} is too large"))?;
            quote!(#cur.clone().and_then(|l| l.len().checked_sub(#back).and_then(|j| l.into_iter().nth(j))))
        };
        // A null item of a multi-select list indexes to null.
        Ok(match item {
            Ty::Nullable(inner) => Compiled::new(quote!(#tokens.flatten()), *inner),
            item => Compiled::new(tokens, item),
        })
    }

    fn comparison(&mut self, op: Cmp, l: Compiled, r: Compiled) -> Result<Compiled> {
        if matches!(op, Cmp::Eq | Cmp::Ne) {
            let not = if op == Cmp::Ne { quote!(!) } else { quote!() };
            let (l_ty, r_ty) = (l.ty.clone(), r.ty.clone());
            let (l, r) = (nullable_items(l, &r_ty), nullable_items(r, &l_ty));
            let (lt, rt) = (&l.tokens, &r.tokens);
            let eq = if l.ty == r.ty {
                if !l.ty.comparable() {
                    return Err(format!("cannot compare {} with `==`/`!=`", l.ty.describe()));
                }
                quote!(#lt == #rt)
            } else if l.ty == Ty::Null {
                quote!(#rt.is_none())
            } else if r.ty == Ty::Null {
                quote!(#lt.is_none())
            } else if is_empty_list(&l.ty) || is_empty_list(&r.ty) {
                // `[]` literal against a list: equal when both are empty lists.
                quote!(
                    ::std::matches!((#lt.map(|l| l.len()), #rt.map(|l| l.len())), (::std::option::Option::Some(0), ::std::option::Option::Some(0)))
                )
            } else {
                // Values of different types are never equal; two nulls are.
                quote!((#lt.is_none() && #rt.is_none()))
            };
            return Ok(Compiled::new(some(quote!(#not (#eq))), Ty::Bool));
        }
        let (lt, rt) = (&l.tokens, &r.tokens);
        // Ordering is defined on numbers only; anything else is null.
        if l.ty != Ty::Num || r.ty != Ty::Num {
            return Ok(Compiled::new(
                quote!(::std::option::Option::None::<bool>),
                Ty::Bool,
            ));
        }
        let cmp = match op {
            Cmp::Lt => quote!(a < b),
            Cmp::Le => quote!(a <= b),
            Cmp::Gt => quote!(a > b),
            _ => quote!(a >= b),
        };
        Ok(Compiled::new(
            quote! {
                match (#lt, #rt) {
                    (::std::option::Option::Some(a), ::std::option::Option::Some(b)) => ::std::option::Option::Some(#cmp),
                    _ => ::std::option::Option::None,
                }
            },
            Ty::Bool,
        ))
    }

    fn and_or(&mut self, and: bool, l: Compiled, r: Compiled) -> Result<Compiled> {
        let v = self.var();
        let test = self.truthy(&quote!(#v), &l.ty)?;
        let (lt, rt) = (&l.tokens, &r.tokens);
        let ty = if l.ty == r.ty || r.ty == Ty::Null {
            l.ty.clone()
        } else if l.ty == Ty::Null {
            r.ty.clone()
        } else {
            return Err(format!(
                "`{}` between {} and {} gives a value of either type; it is supported only as a condition (filters, `!`)",
                if and { "&&" } else { "||" },
                l.ty.describe(),
                r.ty.describe()
            ));
        };
        // A `null`-typed side is `None` of the other side's `R`.
        let lt = if l.ty == Ty::Null && ty != Ty::Null {
            quote!(::std::option::Option::None)
        } else {
            quote!(#lt)
        };
        let rt = if r.ty == Ty::Null && ty != Ty::Null {
            quote!(::std::option::Option::None)
        } else {
            quote!(#rt)
        };
        let tokens = if and {
            quote!({ let #v = #lt; if #test { #rt } else { #v } })
        } else {
            quote!({ let #v = #lt; if #test { #v } else { #rt } })
        };
        Ok(Compiled::new(tokens, ty))
    }

    /// Whether the `Option<R>` in `v` is truthy: not null, not false, not an empty string, list
    /// or object (a structure with no member present is an empty object; a union always has
    /// one).
    fn truthy(&mut self, v: &TokenStream, ty: &Ty) -> Result<TokenStream> {
        Ok(match ty {
            Ty::Null => quote!({ let _ = &#v; false }),
            Ty::Bool => quote!((#v == ::std::option::Option::Some(true))),
            Ty::Str => quote!(#v.as_ref().is_some_and(|s| !s.is_empty())),
            Ty::List(_) | Ty::Map(_) => quote!(#v.as_ref().is_some_and(|l| !l.is_empty())),
            // A multi-select list item (`Option<Option<R>>`): null is falsy.
            Ty::Nullable(inner) => {
                let flat = quote!((#v.flatten()));
                self.truthy(&flat, inner)?
            }
            Ty::Struct(p) => {
                let keys = self.present_members(p)?;
                quote!(#v.map(#keys).is_some_and(|k| !k.is_empty()))
            }
            Ty::Num | Ty::Union(_) | Ty::InputOutput(..) => quote!(#v.is_some()),
        })
    }

    /// A `bool` expression: whether `ast` is truthy. `&&`, `||` and `!` are evaluated on
    /// truthiness directly, so their operands may have different types.
    pub fn truthy_of(&mut self, ast: &Ast, cur: &Ident, cur_ty: &Ty) -> Result<TokenStream> {
        match ast {
            Ast::And(l, r) => {
                let (l, r) = (
                    self.truthy_of(l, cur, cur_ty)?,
                    self.truthy_of(r, cur, cur_ty)?,
                );
                Ok(quote!((#l && #r)))
            }
            Ast::Or(l, r) => {
                let (l, r) = (
                    self.truthy_of(l, cur, cur_ty)?,
                    self.truthy_of(r, cur, cur_ty)?,
                );
                Ok(quote!((#l || #r)))
            }
            Ast::Not(inner) => {
                let t = self.truthy_of(inner, cur, cur_ty)?;
                Ok(quote!((!#t)))
            }
            other => {
                let c = self.compile(other, cur, cur_ty)?;
                let v = self.var();
                let t = c.tokens;
                let test = self.truthy(&quote!(#v), &c.ty)?;
                Ok(quote!({ let #v = #t; #test }))
            }
        }
    }
}

/// `c` with its list items made nullable when `other` is a list of nullable items of the same
/// type (`[a, b] == ['x', 'y']`), so the two sides have one type; otherwise `c` unchanged.
fn nullable_items(c: Compiled, other: &Ty) -> Compiled {
    match (&c.ty, other) {
        (Ty::List(item), Ty::List(other_item)) if matches!(&**other_item, Ty::Nullable(inner) if **inner == **item) =>
        {
            let t = c.tokens;
            Compiled::new(
                quote!(#t.map(|l| l.into_iter().map(::std::option::Option::Some).collect::<::std::vec::Vec<_>>())),
                other.clone(),
            )
        }
        _ => c,
    }
}

/// The tokens of `p`, or an untyped `None` when `p` is always null and sits among values of
/// type `ty` (so the `None` takes their type).
fn untyped_null(p: &Compiled, ty: &Ty) -> TokenStream {
    if p.ty == Ty::Null && *ty != Ty::Null {
        quote!(::std::option::Option::None)
    } else {
        p.tokens.clone()
    }
}

fn is_empty_list(t: &Ty) -> bool {
    *t == Ty::List(Box::new(Ty::Null))
}

fn member_list(members: &[MemberPlan]) -> String {
    let names: Vec<&str> = members.iter().map(|m| m.wire_name.as_str()).collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

/// The one type of `parts` (null parts fit any type), or an error naming `what`.
fn same_type(parts: &[Compiled], what: &str) -> Result<Ty> {
    let mut ty = Ty::Null;
    for p in parts {
        if p.ty == Ty::Null {
            continue;
        }
        if ty == Ty::Null {
            ty = p.ty.clone();
        } else if ty != p.ty {
            return Err(format!(
                "{what} must have one type, found {} and {}",
                ty.describe(),
                p.ty.describe()
            ));
        }
    }
    Ok(ty)
}

/// A literal value: `Some(R)`.
fn literal(v: &Value) -> Result<Compiled> {
    if v.is_null() {
        return Ok(Compiled::null());
    }
    let (r, ty) = literal_r(v)?;
    Ok(Compiled::new(some(r), ty))
}

fn literal_r(v: &Value) -> Result<(TokenStream, Ty)> {
    Ok(match v {
        Value::Bool(b) => (quote!(#b), Ty::Bool),
        Value::Number(n) => {
            let f = n
                .as_f64()
                .ok_or_else(|| format!("literal number {n} does not fit an f64"))?;
            let lit = Literal::f64_suffixed(f);
            (quote!(#lit), Ty::Num)
        }
        Value::String(s) => (quote!(#s), Ty::Str),
        Value::Array(items) if items.is_empty() => (
            quote!(::std::vec::Vec::<()>::new()),
            Ty::List(Box::new(Ty::Null)),
        ),
        Value::Array(items) => {
            let mut parts = Vec::new();
            let mut ty = Ty::Null;
            for item in items {
                let (r, t) = literal_r(item)?;
                if ty != Ty::Null && t != ty {
                    return Err("a list literal must hold values of one type".into());
                }
                ty = t;
                parts.push(r);
            }
            (quote!(::std::vec![#(#parts),*]), Ty::List(Box::new(ty)))
        }
        Value::Null => return Err("a list literal cannot hold null".into()),
        Value::Object(_) => return Err("object literals are not supported in waiter paths".into()),
    })
}
