//! `src/protocol_tests.rs`: the model's `smithy.test#httpRequestTests` and
//! `smithy.test#httpResponseTests` as Rust tests (only with [`crate::Settings::protocol_tests`]).
//!
//! Test `params` are translated with the plan, which knows every member's type: a request test
//! builds its input with the generated builders and checks what the client sent through the
//! runtime's capture transport; a response test replays the canned response and compares the
//! typed output (or the modeled error) with a value built from `params` the same way, using
//! `ProtocolEq` impls generated here for every structure, union and enum.
//!
//! A case that cannot be translated does not fail generation: it becomes an ignored test whose
//! reason says why, so the harness can report it as skipped.

use super::types::{path_tokens, rt, type_path};
use crate::error::Error;
use crate::model::Model;
use crate::naming::ident;
use crate::plan::{
    CratePlan, EnumPlan, OperationPlan, StructPlan, StructRole, TypePath, TypeRef, UnionPlan,
};
use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

const REQUEST_TESTS: &str = crate::model::traits::HTTP_REQUEST_TESTS;
const RESPONSE_TESTS: &str = crate::model::traits::HTTP_RESPONSE_TESTS;
/// The vendor-params shape of the awsQuery-compatible error tests: `code` is the error code the
/// client must report.
const ERROR_CODE_PARAMS: &str = "aws.protocoltests.config#ErrorCodeParams";

/// The file's tokens.
pub fn emit(plan: &CratePlan, model: &Model) -> Result<TokenStream, Error> {
    let ctx = Ctx::new(plan);
    let protocol = plan.service.protocol.trait_id();
    let mut names = BTreeSet::new();
    let mut tests = Vec::new();
    for op in &plan.operations {
        let Some(shape) = model.shape(&op.shape_id) else {
            continue;
        };
        for case in cases(shape.traits.get(REQUEST_TESTS), protocol) {
            let name = unique_name(&mut names, "request", case);
            tests.push(finish(&name, case, ctx.request_test(op, case)));
        }
        for case in cases(shape.traits.get(RESPONSE_TESTS), protocol) {
            let name = unique_name(&mut names, "response", case);
            tests.push(finish(&name, case, ctx.response_test(op, None, case)));
        }
    }
    for s in plan.structs.iter() {
        let StructRole::Error(_) = s.role else {
            continue;
        };
        let Some(shape) = model.shape(&s.shape_id) else {
            continue;
        };
        for case in cases(shape.traits.get(RESPONSE_TESTS), protocol) {
            let name = unique_name(&mut names, "response", case);
            // The first operation (by name) that can return the error runs the test.
            let op = plan
                .operations
                .iter()
                .find(|op| op.errors.iter().any(|e| e.path == s.path));
            let body = match op {
                Some(op) => ctx.response_test(op, Some(s), case),
                None => Err(format!("no operation returns {}", s.shape_id)),
            };
            tests.push(finish(&name, case, body));
        }
    }
    let eq_impls = ctx.eq_impls(plan);
    Ok(quote! {
        //! Protocol compliance tests generated from the model's `smithy.test` traits.
        #![allow(clippy::all, unused_mut, unused_variables)]

        #(#eq_impls)*
        #(#tests)*
    })
}

/// Cases of one trait value that apply to this protocol and to clients.
pub(super) fn cases<'a>(value: Option<&'a Value>, protocol: &str) -> Vec<&'a Map<String, Value>> {
    let Some(Value::Array(items)) = value else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(Value::as_object)
        .filter(|c| c.get("protocol").and_then(Value::as_str) == Some(protocol))
        .filter(|c| {
            c.get("appliesTo")
                .and_then(Value::as_str)
                .is_none_or(|a| a == "client")
        })
        .collect()
}

pub(super) fn case_id(case: &Map<String, Value>) -> &str {
    case.get("id").and_then(Value::as_str).unwrap_or("unnamed")
}

/// `request_<snake id>` (request and response ids may repeat), made unique with a suffix.
fn unique_name(names: &mut BTreeSet<String>, kind: &str, case: &Map<String, Value>) -> String {
    let base: String = format!("{kind}_{}", case_id(case).to_snake_case())
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let mut name = base.clone();
    let mut n = 2;
    while !names.insert(name.clone()) {
        name = format!("{base}_{n}");
        n += 1;
    }
    name
}

/// The test function, or an ignored one saying why the case could not be generated.
pub(super) fn finish(
    name: &str,
    case: &Map<String, Value>,
    body: Result<TokenStream, String>,
) -> TokenStream {
    let f = ident(name);
    let doc = format!(" `{}`", case_id(case));
    match body {
        Ok(body) => quote! {
            #[doc = #doc]
            #[::tokio::test]
            async fn #f() {
                #body
            }
        },
        Err(reason) => {
            let reason = format!("skipped: {}: {reason}", case_id(case));
            quote! {
                #[doc = #doc]
                #[test]
                #[ignore = #reason]
                fn #f() {}
            }
        }
    }
}

pub(super) fn str_field<'a>(case: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    case.get(key).and_then(Value::as_str)
}

fn str_list(case: &Map<String, Value>, key: &str) -> Vec<String> {
    crate::model::strings(case.get(key))
}

fn header_pairs(case: &Map<String, Value>) -> Vec<TokenStream> {
    case.get("headers")
        .and_then(Value::as_object)
        .map(|h| {
            h.iter()
                .map(|(k, v)| {
                    let v = v.as_str().unwrap_or_default();
                    quote!((#k, #v))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Lookup tables from type paths to their plans.
pub(super) struct Ctx<'a> {
    pub(super) structs: BTreeMap<&'a TypePath, &'a StructPlan>,
    unions: BTreeMap<&'a TypePath, &'a UnionPlan>,
    /// The protocol's bodies are CBOR (base64 in the test traits).
    cbor: bool,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(plan: &'a CratePlan) -> Self {
        let mut structs: BTreeMap<&TypePath, &StructPlan> =
            plan.structs.iter().map(|s| (&s.path, s)).collect();
        for op in &plan.operations {
            structs.insert(&op.input.path, &op.input);
            structs.insert(&op.output.path, &op.output);
        }
        let unions = plan.unions.iter().map(|u| (&u.path, u)).collect();
        let cbor = plan.service.protocol == crate::plan::Protocol::RpcV2Cbor;
        Self {
            structs,
            unions,
            cbor,
        }
    }

    fn request_test(
        &self,
        op: &OperationPlan,
        case: &Map<String, Value>,
    ) -> Result<TokenStream, String> {
        let rt = rt();
        let input = self.struct_value(&op.input, case.get("params").unwrap_or(&Value::Null))?;
        let host = str_field(case, "host").unwrap_or("example.com");
        let method = str_field(case, "method").unwrap_or("POST");
        let uri = str_field(case, "uri").unwrap_or("/");
        let headers = header_pairs(case);
        let list = |key: &str| {
            let items = str_list(case, key);
            quote!(&[#(#items),*])
        };
        let query_params = list("queryParams");
        let forbid_query = list("forbidQueryParams");
        let require_query = list("requireQueryParams");
        let forbid_headers = list("forbidHeaders");
        let require_headers = list("requireHeaders");
        let opt = |key: &str| match str_field(case, key) {
            Some(v) => quote!(::std::option::Option::Some(#v)),
            None => quote!(::std::option::Option::None),
        };
        let body = opt("body");
        let media = match (str_field(case, "bodyMediaType"), self.cbor) {
            (Some(m), _) => quote!(::std::option::Option::Some(#m)),
            // rpcv2Cbor bodies are base64 CBOR whether or not the case says so.
            (None, true) => quote!(::std::option::Option::Some("application/cbor")),
            (None, false) => quote!(::std::option::Option::None),
        };
        let resolved_host = opt("resolvedHost");
        let config = super::protocol_test_vendor::config(case, &quote!(http.clone()))?
            .unwrap_or_else(|| quote!(#rt::protocol_test::config(#host, http.clone())));
        Ok(quote! {
            let http = #rt::transport::test_util::CaptureClient::ok("{}");
            let client = crate::Client::new(#config);
            let input = #input;
            let result = input.send_with(&client).await;
            let request = match http.last_request() {
                ::std::option::Option::Some(request) => request,
                ::std::option::Option::None => ::std::panic!("no request was sent: {result:?}"),
            };
            let expected = #rt::protocol_test::ExpectedRequest {
                method: #method,
                uri: #uri,
                query_params: #query_params,
                forbid_query_params: #forbid_query,
                require_query_params: #require_query,
                headers: &[#(#headers),*],
                forbid_headers: #forbid_headers,
                require_headers: #require_headers,
                body: #body,
                body_media_type: #media,
                resolved_host: #resolved_host,
            };
            let diffs = #rt::protocol_test::request_differences(&request, &expected);
            ::std::assert!(diffs.is_empty(), "request differs:\n{}", diffs.join("\n"));
        })
    }

    fn response_test(
        &self,
        op: &OperationPlan,
        error: Option<&StructPlan>,
        case: &Map<String, Value>,
    ) -> Result<TokenStream, String> {
        let rt = rt();
        // The request only has to be sendable: a response case says nothing about the input,
        // so required string labels (S3's `Bucket`) get a placeholder.
        let labels: Map<String, Value> = op
            .input
            .members
            .iter()
            .filter(|m| {
                matches!(m.location, crate::plan::Location::Label { .. }) && m.ty == TypeRef::String
            })
            .map(|m| (m.wire_name.clone(), Value::String("placeholder".into())))
            .collect();
        let input = self.struct_value(&op.input, &Value::Object(labels))?;
        let code = case
            .get("code")
            .and_then(Value::as_u64)
            .and_then(|c| u16::try_from(c).ok())
            .unwrap_or(200);
        let headers = header_pairs(case);
        let body = str_field(case, "body").unwrap_or("");
        // Binary (CBOR) bodies are given as base64 text.
        let body = if self.cbor || str_field(case, "bodyMediaType") == Some("application/cbor") {
            quote!(#rt::protocol_test::decode_base64(#body))
        } else {
            quote!(#body)
        };
        let params = case.get("params").unwrap_or(&Value::Null);
        let call = quote! {
            let http = #rt::transport::test_util::StaticReplayClient::new([
                #rt::transport::test_util::response_with_headers(#code, &[#(#headers),*], #body),
            ]);
            let client = crate::Client::new(#rt::protocol_test::config("example.com", http));
            let input = #input;
            let result = input.send_with(&client).await;
            let mut diffs = ::std::vec::Vec::new();
        };
        let check = match error {
            None => {
                let expected = self.struct_value(&op.output, params)?;
                quote! {
                    let actual = match result {
                        ::std::result::Result::Ok(output) => output,
                        ::std::result::Result::Err(e) => ::std::panic!("the call failed: {e:?}"),
                    };
                    let expected = #expected;
                    #rt::protocol_test::ProtocolEq::protocol_eq(&actual, &expected, "output", &mut diffs);
                }
            }
            Some(s) => {
                let expected = self.struct_value(s, params)?;
                let variant = op
                    .errors
                    .iter()
                    .find(|e| e.path == s.path)
                    .map(|e| ident(&e.variant))
                    .ok_or_else(|| format!("{} does not return {}", op.name, s.shape_id))?;
                let module = ident(&op.module);
                let error_enum = ident(&op.error_name);
                let code_check = if str_field(case, "vendorParamsShape") == Some(ERROR_CODE_PARAMS)
                {
                    case.get("vendorParams")
                        .and_then(|v| v.get("code"))
                        .and_then(Value::as_str)
                        .map(|expected_code| {
                            quote! {
                                if error.code() != ::std::option::Option::Some(#expected_code) {
                                    diffs.push(::std::format!("error code: got {:?}, expected {:?}", error.code(), #expected_code));
                                }
                            }
                        })
                } else {
                    None
                };
                quote! {
                    let error = match result {
                        ::std::result::Result::Ok(output) => ::std::panic!("expected an error, got {output:?}"),
                        ::std::result::Result::Err(e) => e,
                    };
                    #code_check
                    match error.as_service_error() {
                        ::std::option::Option::Some(crate::operation::#module::#error_enum::#variant(actual)) => {
                            let expected = #expected;
                            #rt::protocol_test::ProtocolEq::protocol_eq(actual, &expected, "error", &mut diffs);
                        }
                        _ => ::std::panic!("expected the modeled error, got {error:?}"),
                    }
                }
            }
        };
        Ok(quote! {
            #call
            #check
            ::std::assert!(diffs.is_empty(), "response differs:\n{}", diffs.join("\n"));
        })
    }

    /// An expression building structure `s` from trait JSON (`null` means no members).
    pub(super) fn struct_value(&self, s: &StructPlan, v: &Value) -> Result<TokenStream, String> {
        let empty = Map::new();
        let obj = match v {
            Value::Null => &empty,
            Value::Object(o) => o,
            other => return Err(format!("{}: expected an object, got {other}", s.shape_id)),
        };
        let mut sets = Vec::new();
        for (key, value) in obj {
            let m = s
                .members
                .iter()
                .find(|m| &m.wire_name == key)
                .ok_or_else(|| format!("{} has no member {key}", s.shape_id))?;
            if value.is_null() {
                continue;
            }
            let mut e = self.value(&m.ty, value)?;
            if m.boxed {
                e = quote!(::std::boxed::Box::new(#e));
            }
            let set = ident(&format!("set_{}", m.field));
            sets.push(quote!(.#set(::std::option::Option::Some(#e))));
        }
        let is_input = s.role == StructRole::Input;
        // Mirrors `structure::build_fns`: inputs with required members have `build_unchecked`
        // (test params may leave them out), every other structure `build_error_corrected`.
        let fallible = s.members.iter().any(|m| {
            m.required && !m.idempotency_token && (is_input || (!m.optional && m.default.is_none()))
        });
        let build = match (is_input, fallible) {
            (true, true) => quote!(build_unchecked()),
            (true, false) => quote!(build()),
            (false, _) => quote!(build_error_corrected()),
        };
        let builder = path_tokens(&s.path.home.builder_segments(), &s.builder);
        Ok(quote!(<#builder>::default() #(#sets)* .#build))
    }

    /// An expression of type `ty` for a trait JSON value.
    pub(super) fn value(&self, ty: &TypeRef, v: &Value) -> Result<TokenStream, String> {
        let rt = rt();
        let mismatch = || format!("value {v} does not fit {ty:?}");
        Ok(match ty {
            TypeRef::Unit => quote!(()),
            TypeRef::String => {
                let s = v.as_str().ok_or_else(mismatch)?;
                quote!(::std::string::String::from(#s))
            }
            TypeRef::Bool => {
                let b = v.as_bool().ok_or_else(mismatch)?;
                quote!(#b)
            }
            TypeRef::Byte => int::<i8>(v).ok_or_else(mismatch)?,
            TypeRef::Short => int::<i16>(v).ok_or_else(mismatch)?,
            TypeRef::Integer => int::<i32>(v).ok_or_else(mismatch)?,
            TypeRef::Long => int::<i64>(v).ok_or_else(mismatch)?,
            TypeRef::Float => float(v, quote!(f32)).ok_or_else(mismatch)?,
            TypeRef::Double => float(v, quote!(f64)).ok_or_else(mismatch)?,
            TypeRef::BigInteger => {
                let text = number_text(v).ok_or_else(mismatch)?;
                quote!(#rt::BigInteger::from_static(#text))
            }
            TypeRef::BigDecimal => {
                let text = number_text(v).ok_or_else(mismatch)?;
                quote!(#rt::BigDecimal::from_static(#text))
            }
            TypeRef::Timestamp(_) => match v {
                Value::Number(n) => match exact_epoch(&n.to_string()) {
                    Some((secs, 0)) => quote!(#rt::DateTime::from_secs(#secs)),
                    Some((secs, nanos)) => {
                        quote!(#rt::DateTime::from_secs_and_nanos(#secs, #nanos))
                    }
                    None => {
                        let secs = v.as_f64().ok_or_else(mismatch)?;
                        quote!(#rt::DateTime::from_fractional_secs(#secs))
                    }
                },
                // Event-stream cases give timestamps as RFC 3339 text.
                Value::String(text) => quote!(
                    match #rt::DateTime::parse(#text, #rt::TimestampFormat::DateTime) {
                        ::std::result::Result::Ok(t) => t,
                        ::std::result::Result::Err(e) => ::std::panic!("test timestamp {}: {e}", #text),
                    }
                ),
                _ => return Err(mismatch()),
            },
            TypeRef::Blob => {
                // Test params give blobs as their plain text.
                let s = v.as_str().ok_or_else(mismatch)?;
                quote!(#rt::Blob::new(#s.as_bytes().to_vec()))
            }
            TypeRef::ByteStream => {
                let s = v.as_str().ok_or_else(mismatch)?;
                quote!(#rt::ByteStream::from(#s.as_bytes().to_vec()))
            }
            TypeRef::Document => {
                let text = v.to_string();
                quote!(#rt::Document::from_json_text(#text))
            }
            TypeRef::Enum(p) => {
                let s = v.as_str().ok_or_else(mismatch)?;
                let p = type_path(p);
                quote!(<#p>::from(#s))
            }
            TypeRef::IntEnum(p) => {
                let i = v
                    .as_i64()
                    .and_then(|i| i32::try_from(i).ok())
                    .ok_or_else(mismatch)?;
                let p = type_path(p);
                quote!(<#p>::from(#i))
            }
            TypeRef::Struct(p) => {
                let s = self
                    .structs
                    .get(p)
                    .ok_or_else(|| format!("no plan for structure {}", p.name))?;
                self.struct_value(s, v)?
            }
            TypeRef::Union(p) => {
                let u = self
                    .unions
                    .get(p)
                    .ok_or_else(|| format!("no plan for union {}", p.name))?;
                let obj = v.as_object().ok_or_else(mismatch)?;
                let mut set = obj.iter().filter(|(_, v)| !v.is_null());
                let (Some((key, value)), None) = (set.next(), set.next()) else {
                    return Err(format!(
                        "union {} needs exactly one member: {v}",
                        u.shape_id
                    ));
                };
                let m = u
                    .members
                    .iter()
                    .find(|m| &m.wire_name == key)
                    .ok_or_else(|| format!("{} has no member {key}", u.shape_id))?;
                let mut e = self.value(&m.ty, value)?;
                if m.boxed {
                    e = quote!(::std::boxed::Box::new(#e));
                }
                let path = type_path(p);
                let variant = ident(&m.variant);
                quote!(#path::#variant(#e))
            }
            TypeRef::List { item, sparse } => {
                let items = v.as_array().ok_or_else(mismatch)?;
                let items = items
                    .iter()
                    .map(|i| self.maybe_sparse(item, i, *sparse))
                    .collect::<Result<Vec<_>, _>>()?;
                quote!(::std::vec![#(#items),*])
            }
            TypeRef::Map { key, value, sparse } => {
                let obj = v.as_object().ok_or_else(mismatch)?;
                let inserts = obj
                    .iter()
                    .map(|(k, val)| {
                        let k = self.value(key, &Value::String(k.clone()))?;
                        let val = self.maybe_sparse(value, val, *sparse)?;
                        Ok(quote!(map.insert(#k, #val);))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                quote!({
                    let mut map = ::std::collections::HashMap::new();
                    #(#inserts)*
                    map
                })
            }
        })
    }

    /// A collection element: `Option`-wrapped when the collection is `@sparse`.
    fn maybe_sparse(&self, ty: &TypeRef, v: &Value, sparse: bool) -> Result<TokenStream, String> {
        if !sparse {
            return self.value(ty, v);
        }
        if v.is_null() {
            return Ok(quote!(::std::option::Option::None));
        }
        let e = self.value(ty, v)?;
        Ok(quote!(::std::option::Option::Some(#e)))
    }

    /// `ProtocolEq` for every generated structure, union and enum.
    fn eq_impls(&self, plan: &CratePlan) -> Vec<TokenStream> {
        let mut out: Vec<TokenStream> = self
            .structs
            .values()
            .filter(|s| s.role != StructRole::Input)
            .map(|s| struct_eq(s))
            .collect();
        out.extend(plan.unions.iter().map(union_eq));
        out.extend(plan.enums.iter().map(enum_eq));
        out
    }
}

fn int<T: TryFrom<i64> + quote::ToTokens>(v: &Value) -> Option<TokenStream> {
    let i = v.as_i64().or_else(|| {
        // `1.0` for an integer member is still the integer 1.
        v.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
            .map(|f| f as i64)
    })?;
    let t = T::try_from(i).ok()?;
    Some(quote!(#t))
}

/// A float literal; the strings `NaN`, `Infinity` and `-Infinity` stand for the special values.
fn float(v: &Value, ty: TokenStream) -> Option<TokenStream> {
    match v {
        Value::Number(n) => {
            let f = n.as_f64()?;
            let text = format!("{f:?}");
            let lit: TokenStream = format!("{text}_{ty}").parse().ok()?;
            Some(lit)
        }
        Value::String(s) => match s.as_str() {
            "NaN" => Some(quote!(#ty::NAN)),
            "Infinity" => Some(quote!(#ty::INFINITY)),
            "-Infinity" => Some(quote!(#ty::NEG_INFINITY)),
            _ => None,
        },
        _ => None,
    }
}

/// Whole seconds (rounded down) and nanoseconds of a plain decimal like `1700000000.123456789`,
/// read digit by digit so no precision is lost; `None` for exponent forms or out-of-range values.
fn exact_epoch(text: &str) -> Option<(i64, u32)> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    // Digits beyond nanoseconds are cut (timestamps have nanosecond resolution).
    let nanos: u32 = format!("{:0<9}", &fraction[..fraction.len().min(9)])
        .parse()
        .ok()?;
    Some(match (negative, nanos) {
        (false, _) => (whole, nanos),
        (true, 0) => (-whole, 0),
        (true, _) => (-whole - 1, 1_000_000_000 - nanos),
    })
}

fn number_text(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

fn struct_eq(s: &StructPlan) -> TokenStream {
    let rt = rt();
    let path = type_path(&s.path);
    let checks = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let label = format!("{{path}}.{}", m.wire_name);
        quote! {
            #rt::protocol_test::ProtocolEq::protocol_eq(&self.#f, &expected.#f, &::std::format!(#label), diffs);
        }
    });
    quote! {
        impl #rt::protocol_test::ProtocolEq for #path {
            fn protocol_eq(&self, expected: &Self, path: &str, diffs: &mut ::std::vec::Vec<::std::string::String>) {
                #(#checks)*
            }
        }
    }
}

fn union_eq(u: &UnionPlan) -> TokenStream {
    let rt = rt();
    let path = type_path(&u.path);
    let arms = u.members.iter().map(|m| {
        let v = ident(&m.variant);
        let label = format!("{{path}}.{}", m.wire_name);
        quote! {
            (#path::#v(a), #path::#v(b)) => #rt::protocol_test::ProtocolEq::protocol_eq(a, b, &::std::format!(#label), diffs),
        }
    });
    quote! {
        impl #rt::protocol_test::ProtocolEq for #path {
            fn protocol_eq(&self, expected: &Self, path: &str, diffs: &mut ::std::vec::Vec<::std::string::String>) {
                match (self, expected) {
                    #(#arms)*
                    (#path::Unknown(a), #path::Unknown(b)) => #rt::protocol_test::ProtocolEq::protocol_eq(a, b, path, diffs),
                    _ => diffs.push(::std::format!("{path}: got {self:?}, expected {expected:?}")),
                }
            }
        }
    }
}

fn enum_eq(e: &EnumPlan) -> TokenStream {
    let rt = rt();
    let path = type_path(&e.path);
    quote! {
        impl #rt::protocol_test::ProtocolEq for #path {
            fn protocol_eq(&self, expected: &Self, path: &str, diffs: &mut ::std::vec::Vec<::std::string::String>) {
                if self != expected {
                    diffs.push(::std::format!("{path}: got {self:?}, expected {expected:?}"));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::exact_epoch;

    #[test]
    fn epoch_params_are_read_exactly() {
        assert_eq!(
            exact_epoch("1700000000.123456789"),
            Some((1_700_000_000, 123_456_789))
        );
        assert_eq!(exact_epoch("12"), Some((12, 0)));
        assert_eq!(exact_epoch("1.5"), Some((1, 500_000_000)));
        assert_eq!(exact_epoch("-1.5"), Some((-2, 500_000_000)));
        assert_eq!(exact_epoch("-3"), Some((-3, 0)));
        assert_eq!(exact_epoch("1.0000000009"), Some((1, 0)));
        assert_eq!(exact_epoch("1e3"), None);
        assert_eq!(exact_epoch("99999999999999999999"), None);
    }
}
