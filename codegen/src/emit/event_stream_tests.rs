//! `src/event_stream_tests.rs`: the model's `smithy.test#eventStreamTests` as Rust tests (only
//! with [`crate::Settings::event_stream_tests`]).
//!
//! A case is a *response* case when its events are `response` events or it describes an initial
//! response, else a *request* case.
//! - Response cases replay an HTTP response (the case's `initialResponse`, default 200) whose body
//!   is the events' frames (`bytes` when given, else encoded from the headers and body), call the
//!   operation, and read the whole stream. Success compares the output with
//!   `initialResponseParams` and each event with its `params` (the plan's `ProtocolEq`); a failure
//!   with an `errorId` must be that operation error (from the initial response) or that modeled
//!   exception event; a failure without one must be some error, from the call or the stream.
//! - Request cases (input streams) build the input from `initialRequestParams` and the events
//!   from their `params`, capture the request, check its line and headers against
//!   `initialRequest`, decode the body's frames (signed envelopes opened) and compare each with
//!   its event: headers as typed values, the payload as JSON for JSON media types.
//!
//! Cases of operations the generator left out, or that cannot be translated, become ignored
//! tests whose reason says why (reported as skipped).

use super::protocol_tests::{Ctx, case_id, cases, finish, str_field};
use super::types::rt;
use crate::model::Model;
use crate::model::traits::EVENT_STREAM_TESTS;
use crate::naming::ident;
use crate::plan::{CratePlan, EventStreamPlan, OperationPlan, TypeRef};
use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// The file's tokens.
pub fn emit(plan: &CratePlan, model: &Model) -> TokenStream {
    let ctx = Ctx::new(plan);
    let protocol = plan.service.protocol.trait_id();
    // Operations of the crate, and those the generator left out (named by a warning), so every
    // case is reported: run, or skipped with the reason.
    let mut ids: BTreeSet<&str> = plan
        .operations
        .iter()
        .map(|o| o.shape_id.as_str())
        .collect();
    ids.extend(plan.warnings.iter().filter_map(|w| w.shape.as_deref()));
    let mut names = BTreeSet::new();
    let mut tests = Vec::new();
    for id in ids {
        let Some(shape) = model.shape(id) else {
            continue;
        };
        let op = plan.operations.iter().find(|o| o.shape_id == id);
        for case in cases(shape.traits.get(EVENT_STREAM_TESTS), protocol) {
            let name = unique_name(&mut names, case);
            let body = match op {
                None => Err(format!("the generator left out {id}")),
                Some(op) if is_request_case(case) => request_test(&ctx, op, case),
                Some(op) => response_test(&ctx, op, case),
            };
            tests.push(finish(&name, case, body));
        }
    }
    quote! {
        //! Event-stream protocol tests generated from the model's `smithy.test#eventStreamTests`.
        #![allow(clippy::all, unused_mut, unused_variables)]

        #(#tests)*
    }
}

/// The snake-case id, made unique with a suffix.
fn unique_name(names: &mut BTreeSet<String>, case: &Map<String, Value>) -> String {
    let base: String = case_id(case)
        .to_snake_case()
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

fn events(case: &Map<String, Value>) -> impl Iterator<Item = &Map<String, Value>> {
    case.get("events")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

fn is_request_case(case: &Map<String, Value>) -> bool {
    let request_event = events(case).any(|e| str_field(e, "type") == Some("request"));
    request_event
        || case.contains_key("initialRequest")
        || case.contains_key("initialRequestParams")
}

/// What a case expects: success, or a failure (of a named error shape, when given).
enum Expectation<'a> {
    Success,
    Failure(Option<&'a str>),
}

fn expectation(case: &Map<String, Value>) -> Expectation<'_> {
    match case.get("expectation").and_then(|e| e.get("failure")) {
        Some(failure) => Expectation::Failure(failure.get("errorId").and_then(Value::as_str)),
        None => Expectation::Success,
    }
}

/// `#rt::protocol_test::event_stream::TestEvent { ... }` for one event of a case.
fn test_event(event: &Map<String, Value>) -> Result<TokenStream, String> {
    let rt = rt();
    let headers = event
        .get("headers")
        .and_then(Value::as_object)
        .map(|h| {
            h.iter()
                .map(|(name, v)| {
                    let value = header_value(name, v)?;
                    Ok(quote!((#name, #value)))
                })
                .collect::<Result<Vec<_>, String>>()
        })
        .transpose()?
        .unwrap_or_default();
    let list = |key: &str| {
        let items = crate::model::strings(event.get(key));
        quote!(&[#(#items),*])
    };
    let forbid = list("forbidHeaders");
    let require = list("requireHeaders");
    let opt = |key: &str| match str_field(event, key) {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    };
    let body = opt("body");
    let media = opt("bodyMediaType");
    let bytes = opt("bytes");
    Ok(quote! {
        #rt::protocol_test::event_stream::TestEvent {
            headers: ::std::vec![#(#headers),*],
            forbid_headers: #forbid,
            require_headers: #require,
            body: #body,
            body_media_type: #media,
            bytes: #bytes,
        }
    })
}

/// A typed header value of the test trait (`{ "string": "event" }`) as a `HeaderValue`.
fn header_value(name: &str, v: &Value) -> Result<TokenStream, String> {
    let rt = rt();
    let hv = quote!(#rt::event_stream::HeaderValue);
    let bad = || format!("header `{name}`: unsupported value {v}");
    let (kind, value) = v
        .as_object()
        .and_then(|o| o.iter().next())
        .ok_or_else(bad)?;
    let int = |min: i64, max: i64| {
        value
            .as_i64()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(bad)
    };
    Ok(match kind.as_str() {
        "boolean" => {
            let b = value.as_bool().ok_or_else(bad)?;
            quote!(#hv::Bool(#b))
        }
        "byte" => {
            let n = i8::try_from(int(-128, 127)?).map_err(|_| bad())?;
            quote!(#hv::Byte(#n))
        }
        "short" => {
            let n = i16::try_from(int(i16::MIN.into(), i16::MAX.into())?).map_err(|_| bad())?;
            quote!(#hv::Int16(#n))
        }
        "integer" => {
            let n = i32::try_from(int(i32::MIN.into(), i32::MAX.into())?).map_err(|_| bad())?;
            quote!(#hv::Int32(#n))
        }
        "long" => {
            let n = int(i64::MIN, i64::MAX)?;
            quote!(#hv::Int64(#n))
        }
        "blob" => {
            let b = value.as_str().ok_or_else(bad)?;
            quote!(#hv::ByteArray(#rt::protocol_test::decode_base64(#b).into()))
        }
        "string" => {
            let s = value.as_str().ok_or_else(bad)?;
            quote!(#hv::String(::std::string::String::from(#s)))
        }
        "timestamp" => match value {
            Value::String(text) => quote!(#hv::Timestamp(
                match #rt::DateTime::parse(#text, #rt::TimestampFormat::DateTime) {
                    ::std::result::Result::Ok(t) => t,
                    ::std::result::Result::Err(e) => ::std::panic!("test timestamp {}: {e}", #text),
                }
            )),
            Value::Number(_) => {
                let secs = value.as_f64().ok_or_else(bad)?;
                quote!(#hv::Timestamp(#rt::DateTime::from_fractional_secs(#secs)))
            }
            _ => return Err(bad()),
        },
        _ => return Err(bad()),
    })
}

/// The input for a call: `params` (the case's initial request params), and a placeholder for
/// every required string member they leave out, so the call gets as far as the wire.
fn input_value(
    ctx: &Ctx<'_>,
    op: &OperationPlan,
    params: Option<&Value>,
) -> Result<TokenStream, String> {
    let mut obj = params
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for m in &op.input.members {
        if m.required && m.ty == TypeRef::String && !obj.contains_key(&m.wire_name) {
            obj.insert(m.wire_name.clone(), Value::String("placeholder".into()));
        }
    }
    ctx.struct_value(&op.input, &Value::Object(obj))
}

fn response_test(
    ctx: &Ctx<'_>,
    op: &OperationPlan,
    case: &Map<String, Value>,
) -> Result<TokenStream, String> {
    let rt = rt();
    let stream = op
        .output_stream
        .as_ref()
        .ok_or_else(|| format!("{} has no output event stream", op.name))?;
    let initial = case.get("initialResponse").and_then(Value::as_object);
    let code = initial
        .and_then(|i| i.get("code"))
        .and_then(Value::as_u64)
        .and_then(|c| u16::try_from(c).ok())
        .unwrap_or(200);
    let mut headers: Vec<(String, String)> = initial
        .and_then(|i| i.get("headers"))
        .and_then(Value::as_object)
        .map(|h| {
            h.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let has_content_type = headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-type"));
    if (200..300).contains(&code) && !has_content_type {
        // What a service sends with a stream; the cases leave it out.
        headers.push((
            "Content-Type".into(),
            "application/vnd.amazon.eventstream".into(),
        ));
    }
    let headers = headers.iter().map(|(k, v)| quote!((#k, #v)));
    let response_events: Vec<&Map<String, Value>> = events(case)
        .filter(|e| str_field(e, "type") == Some("response"))
        .collect();
    let frames = response_events
        .iter()
        .map(|e| test_event(e))
        .collect::<Result<Vec<_>, _>>()?;
    let body = match initial.and_then(|i| str_field(i, "body")) {
        Some(text) if frames.is_empty() => quote!(#text.as_bytes().to_vec()),
        _ => quote!(#rt::protocol_test::event_stream::response_body(&[#(#frames),*])),
    };
    let input = input_value(ctx, op, case.get("initialRequestParams"))?;
    // A duplex operation sends an empty input stream: the case is about what it receives.
    let events = op.input_stream.as_ref().map(|s| {
        let union = super::types::type_path(&s.union);
        quote!(, #rt::event_stream::EventStreamSender::<#union>::empty())
    });
    let call = quote! {
        let http = #rt::transport::test_util::StaticReplayClient::new([
            #rt::transport::test_util::response_with_headers(#code, &[#(#headers),*], #body),
        ]);
        let client = crate::Client::new(#rt::protocol_test::config("example.com", http));
        let input = #input;
        let result = input.send_with(&client #events).await;
        let mut diffs: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();
    };
    let check = match expectation(case) {
        Expectation::Success => success_check(ctx, op, stream, case, &response_events)?,
        Expectation::Failure(None) => quote! {
            if let ::std::result::Result::Ok((_, mut events)) = result {
                loop {
                    match events.recv().await {
                        ::std::result::Result::Ok(::std::option::Option::Some(_)) => {}
                        ::std::result::Result::Ok(::std::option::Option::None) => {
                            ::std::panic!("expected a failure; the call and the stream succeeded")
                        }
                        ::std::result::Result::Err(_) => break,
                    }
                }
            }
        },
        Expectation::Failure(Some(error_id)) => {
            failure_check(ctx, op, stream, error_id, &response_events)?
        }
    };
    Ok(quote! {
        #call
        #check
        ::std::assert!(diffs.is_empty(), "response differs:\n{}", diffs.join("\n"));
    })
}

/// The call succeeds, its output matches `initialResponseParams` (when given), and the stream
/// yields exactly the events' `params`, then ends.
fn success_check(
    ctx: &Ctx<'_>,
    op: &OperationPlan,
    stream: &EventStreamPlan,
    case: &Map<String, Value>,
    response_events: &[&Map<String, Value>],
) -> Result<TokenStream, String> {
    let rt = rt();
    let output_check = match case.get("initialResponseParams") {
        Some(params) => {
            let expected = ctx.struct_value(&op.output, params)?;
            quote! {
                let expected_output = #expected;
                #rt::protocol_test::ProtocolEq::protocol_eq(&output, &expected_output, "output", &mut diffs);
            }
        }
        None => quote!(),
    };
    let union = TypeRef::Union(stream.union.clone());
    let expected = response_events
        .iter()
        .map(|e| {
            let params = e
                .get("params")
                .ok_or("an event without params cannot be a success")?;
            ctx.value(&union, params)
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(quote! {
        let (output, mut events) = match result {
            ::std::result::Result::Ok(r) => r,
            ::std::result::Result::Err(e) => ::std::panic!("the call failed: {e:?}"),
        };
        #output_check
        let expected = ::std::vec![#(#expected),*];
        let mut actual = ::std::vec::Vec::new();
        loop {
            match events.recv().await {
                ::std::result::Result::Ok(::std::option::Option::Some(event)) => actual.push(event),
                ::std::result::Result::Ok(::std::option::Option::None) => break,
                ::std::result::Result::Err(e) => ::std::panic!("the stream failed after {} events: {e:?}", actual.len()),
            }
        }
        if actual.len() != expected.len() {
            diffs.push(::std::format!("got {} events, expected {}: {actual:?}", actual.len(), expected.len()));
        }
        for (i, (a, e)) in actual.iter().zip(&expected).enumerate() {
            #rt::protocol_test::ProtocolEq::protocol_eq(a, e, &::std::format!("event[{i}]"), &mut diffs);
        }
    })
}

/// The failure names `error_id`: an operation error (the initial response) or a modeled
/// exception event of the stream, compared with the event's params.
fn failure_check(
    ctx: &Ctx<'_>,
    op: &OperationPlan,
    stream: &EventStreamPlan,
    error_id: &str,
    response_events: &[&Map<String, Value>],
) -> Result<TokenStream, String> {
    let rt = rt();
    let module = ident(&op.module);
    let struct_id = |ty: &TypeRef| match ty {
        TypeRef::Struct(p) => ctx.structs.get(p).map(|s| s.shape_id.as_str()),
        _ => None,
    };
    let same = |id: &str| id == error_id || id.rsplit('#').next() == Some(error_id);
    if let Some(e) = op.errors.iter().find(|e| {
        ctx.structs
            .get(&e.path)
            .is_some_and(|s| same(s.shape_id.as_str()))
    }) {
        let error_enum = ident(&op.error_name);
        let variant = ident(&e.variant);
        return Ok(quote! {
            match result {
                ::std::result::Result::Ok(_) => ::std::panic!("expected the error {}, the call succeeded", #error_id),
                ::std::result::Result::Err(e) => match e.as_service_error() {
                    ::std::option::Option::Some(crate::operation::#module::#error_enum::#variant(_)) => {}
                    _ => ::std::panic!("expected the modeled error {}, got {e:?}", #error_id),
                },
            }
        });
    }
    let member = stream
        .errors
        .iter()
        .find(|m| struct_id(&m.ty).is_some_and(same))
        .ok_or_else(|| {
            format!(
                "{error_id} is neither an error of {} nor of its stream",
                op.name
            )
        })?;
    let TypeRef::Struct(path) = &member.ty else {
        return Err(format!("{error_id} is not a structure"));
    };
    let plan = ctx
        .structs
        .get(path)
        .ok_or_else(|| format!("no plan for {error_id}"))?;
    // The exception event's params: `{ <member>: { ...members } }`.
    let params = response_events
        .iter()
        .filter_map(|e| e.get("params")?.get(&member.wire_name))
        .next_back()
        .cloned()
        .unwrap_or(Value::Null);
    let expected = ctx.struct_value(plan, &params)?;
    let stream_error = ident(&stream.error_name);
    let variant = ident(&member.variant);
    Ok(quote! {
        let (_, mut events) = match result {
            ::std::result::Result::Ok(r) => r,
            ::std::result::Result::Err(e) => ::std::panic!("the call failed: {e:?}"),
        };
        let error = loop {
            match events.recv().await {
                ::std::result::Result::Ok(::std::option::Option::Some(_)) => {}
                ::std::result::Result::Ok(::std::option::Option::None) => {
                    ::std::panic!("the stream ended without the error {}", #error_id)
                }
                ::std::result::Result::Err(e) => break e,
            }
        };
        match error {
            #rt::event_stream::EventStreamError::Modeled(crate::operation::#module::#stream_error::#variant(actual)) => {
                let expected = #expected;
                #rt::protocol_test::ProtocolEq::protocol_eq(&actual, &expected, "error", &mut diffs);
            }
            other => ::std::panic!("expected the exception event {}, got {other:?}", #error_id),
        }
    })
}

/// One item the client sends: `Ok` of the union's event, or `Err` of the operation's
/// input-stream error (boxed) when `params` names a modeled exception member.
fn request_item(
    ctx: &Ctx<'_>,
    stream: &EventStreamPlan,
    error_path: &TokenStream,
    params: &Value,
) -> Result<TokenStream, String> {
    let exception = params.as_object().and_then(|o| {
        let (key, value) = o.iter().next().filter(|_| o.len() == 1)?;
        let m = stream.errors.iter().find(|m| &m.wire_name == key)?;
        Some((m, value))
    });
    let Some((m, value)) = exception else {
        let event = ctx.value(&TypeRef::Union(stream.union.clone()), params)?;
        return Ok(quote!(::std::result::Result::Ok(#event)));
    };
    let error = ctx.value(&m.ty, value)?;
    let v = ident(&m.variant);
    Ok(quote! {
        ::std::result::Result::Err(::std::convert::Into::into(#error_path::#v(#error)))
    })
}

fn request_test(
    ctx: &Ctx<'_>,
    op: &OperationPlan,
    case: &Map<String, Value>,
) -> Result<TokenStream, String> {
    let rt = rt();
    let stream = op
        .input_stream
        .as_ref()
        .ok_or_else(|| format!("{} has no input event stream", op.name))?;
    if !matches!(expectation(case), Expectation::Success) {
        return Err("a request case expecting a failure has no client behaviour to check".into());
    }
    let request_events: Vec<&Map<String, Value>> = events(case)
        .filter(|e| str_field(e, "type") == Some("request"))
        .collect();
    let union_path = super::types::type_path(&stream.union);
    let error_path = {
        let mut p = stream.union.clone();
        p.home = op.input.path.home.clone();
        p.name = stream.error_name.clone();
        super::types::type_path(&p)
    };
    let values = request_events
        .iter()
        .map(|e| {
            let params = e
                .get("params")
                .ok_or("an event without params cannot be sent by a client")?;
            request_item(ctx, stream, &error_path, params)
        })
        .collect::<Result<Vec<_>, String>>()?;
    let expected_events = request_events
        .iter()
        .map(|e| test_event(e))
        .collect::<Result<Vec<_>, _>>()?;
    let input = input_value(ctx, op, case.get("initialRequestParams"))?;
    // The initial request (HTTP request line and headers here), when the case gives it.
    let initial_check = match case.get("initialRequest").and_then(Value::as_object) {
        Some(initial) => {
            let method = str_field(initial, "method").unwrap_or("POST");
            let uri = str_field(initial, "uri").unwrap_or("/");
            let headers = initial
                .get("headers")
                .and_then(Value::as_object)
                .map(|h| {
                    h.iter()
                        .map(|(k, v)| {
                            let v = v.as_str().unwrap_or_default();
                            quote!((#k, #v))
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            let list = |key: &str| {
                let items = crate::model::strings(initial.get(key));
                quote!(&[#(#items),*])
            };
            let query = list("queryParams");
            let forbid_headers = list("forbidHeaders");
            let require_headers = list("requireHeaders");
            quote! {
                let expected = #rt::protocol_test::ExpectedRequest {
                    method: #method,
                    uri: #uri,
                    query_params: #query,
                    headers: &[#(#headers),*],
                    forbid_headers: #forbid_headers,
                    require_headers: #require_headers,
                    ..::std::default::Default::default()
                };
                diffs.extend(#rt::protocol_test::request_differences(&request, &expected));
            }
        }
        None => quote!(),
    };
    // The service answers with an empty stream (and a placeholder for each required header of
    // a duplex operation's initial response): the case is about what the client sends.
    let required_headers = op
        .output
        .members
        .iter()
        .filter(|m| m.required && m.ty == TypeRef::String)
        .filter_map(|m| match &m.location {
            crate::plan::Location::Header(name) => Some(quote!((#name, "placeholder"),)),
            _ => None,
        });
    Ok(quote! {
        let http = #rt::transport::test_util::CaptureClient::new(
            #rt::transport::test_util::response_with_headers(
                200,
                &[("content-type", "application/vnd.amazon.eventstream"), #(#required_headers)*],
                "",
            ),
        );
        let client = crate::Client::new(#rt::protocol_test::config("example.com", http.clone()));
        let input = #input;
        let events: ::std::vec::Vec<::std::result::Result<#union_path, #rt::transport::BoxError>> = ::std::vec![#(#values),*];
        let result = input
            .send_with(&client, #rt::event_stream::EventStreamSender::<#union_path>::from_results(events))
            .await;
        let request = match http.last_request() {
            ::std::option::Option::Some(request) => request,
            ::std::option::Option::None => ::std::panic!("no request was sent: {result:?}"),
        };
        if let ::std::result::Result::Err(e) = &result {
            ::std::panic!("the call failed: {e:?}");
        }
        let mut diffs: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();
        #initial_check
        let sent = match #rt::protocol_test::event_stream::sent_messages(request.body()) {
            ::std::result::Result::Ok(sent) => sent,
            ::std::result::Result::Err(e) => ::std::panic!("{e}"),
        };
        let expected_events = [#(#expected_events),*];
        if sent.len() != expected_events.len() {
            diffs.push(::std::format!("sent {} events, expected {}: {sent:?}", sent.len(), expected_events.len()));
        }
        for (i, (actual, expected)) in sent.iter().zip(&expected_events).enumerate() {
            diffs.extend(#rt::protocol_test::event_stream::event_differences(i, actual, expected));
        }
        ::std::assert!(diffs.is_empty(), "request differs:\n{}", diffs.join("\n"));
    })
}
