//! HTTP bindings: where each member of an input, output or error goes, and the request line
//! of each operation. RPC protocols are the degenerate case: a fixed request and every member
//! in the body.

use super::Planner;
use super::ir::*;
use crate::model::{Member, Shape, traits as t};
use serde_json::Value;

impl Planner<'_> {
    /// The member's place in an HTTP message. Binding traits only count on the top-level
    /// structures of an operation (input, output, errors) of a protocol that uses them.
    pub(super) fn location(&self, m: &Member, role: &StructRole) -> Location {
        if !self.protocol.uses_http_bindings() || *role == StructRole::Plain {
            return Location::Body;
        }
        let text = |id: &str| m.traits.get(id).and_then(Value::as_str).map(str::to_owned);
        let input = *role == StructRole::Input;
        if m.traits.contains_key(t::HTTP_PAYLOAD) {
            Location::Payload
        } else if let Some(name) = text(t::HTTP_HEADER) {
            Location::Header(name)
        } else if let Some(prefix) = text(t::HTTP_PREFIX_HEADERS) {
            Location::PrefixHeaders(prefix)
        } else if input && m.traits.contains_key(t::HTTP_LABEL) {
            // `greedy` is filled in from the URI pattern by `http_plan`.
            Location::Label { greedy: false }
        } else if let (true, Some(name)) = (input, text(t::HTTP_QUERY)) {
            Location::Query(name)
        } else if input && m.traits.contains_key(t::HTTP_QUERY_PARAMS) {
            Location::QueryParams
        } else if *role == StructRole::Output && m.traits.contains_key(t::HTTP_RESPONSE_CODE) {
            Location::ResponseCode
        } else {
            Location::Body
        }
    }

    /// The request line of `op`: its `@http` trait for HTTP-binding protocols (labels checked
    /// against the input), else `POST /`. Marks greedy labels on `input`.
    pub(super) fn http_plan(&mut self, op: &Shape, input: &mut StructPlan) -> HttpPlan {
        let rpc = HttpPlan {
            method: "POST".into(),
            path: vec![UriPart::Literal("/".into())],
            query: String::new(),
            code: 200,
        };
        if !self.protocol.uses_http_bindings() {
            return rpc;
        }
        let file = op.file.as_deref();
        let Some(http) = op.traits.get(t::HTTP) else {
            self.diags.push(
                file,
                Some(&op.id),
                format!(
                    "{} needs an @http trait on every operation",
                    self.protocol.name()
                ),
            );
            return rpc;
        };
        let method = http.get("method").and_then(Value::as_str).unwrap_or("");
        let uri = http.get("uri").and_then(Value::as_str).unwrap_or("");
        let code = http
            .get("code")
            .and_then(Value::as_u64)
            .and_then(|c| u16::try_from(c).ok())
            .unwrap_or(200);
        if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
            self.diags.push(
                file,
                Some(&op.id),
                format!("@http method {method:?} is not an HTTP method"),
            );
            return rpc;
        }
        if !uri.starts_with('/') {
            self.diags.push(
                file,
                Some(&op.id),
                format!("@http uri {uri:?} must start with `/`"),
            );
            return rpc;
        }
        let (path_text, query) = uri.split_once('?').unwrap_or((uri, ""));
        let mut path = Vec::new();
        let mut rest = path_text;
        while !rest.is_empty() {
            let Some(open) = rest.find('{') else {
                path.push(UriPart::Literal(rest.to_owned()));
                break;
            };
            if open > 0 {
                path.push(UriPart::Literal(rest[..open].to_owned()));
            }
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                self.diags.push(
                    file,
                    Some(&op.id),
                    format!("@http uri {uri:?} has an unclosed `{{`"),
                );
                return rpc;
            };
            let label = &rest[open + 1..close];
            let (name, greedy) = match label.strip_suffix('+') {
                Some(name) => (name, true),
                None => (label, false),
            };
            match input.members.iter_mut().find(|m| m.wire_name == name) {
                Some(m) if matches!(m.location, Location::Label { .. }) => {
                    m.location = Location::Label { greedy };
                }
                _ => {
                    self.diags.push(
                        file,
                        Some(&op.id),
                        format!(
                            "@http uri label {{{label}}} must name an input member with @httpLabel"
                        ),
                    );
                    return rpc;
                }
            }
            path.push(UriPart::Label {
                member: name.to_owned(),
                greedy,
            });
            rest = &rest[close + 1..];
        }
        for m in &input.members {
            let bound = path
                .iter()
                .any(|p| matches!(p, UriPart::Label { member, .. } if *member == m.wire_name));
            if matches!(m.location, Location::Label { .. }) && !bound {
                self.diags.push(
                    file,
                    Some(&format!("{}${}", input.shape_id, m.wire_name)),
                    format!("@httpLabel member is not a label of the @http uri {uri:?}"),
                );
            }
        }
        HttpPlan {
            method: method.to_owned(),
            path,
            query: query.to_owned(),
            code,
        }
    }

    /// The operation's effective auth schemes, in order: the operation's `@auth`, else the
    /// service's, else every auth trait on the service sorted by shape id; `@auth([])` is
    /// anonymous and `@optionalAuth` adds anonymous as the last choice. Each carries the
    /// settings of the service's trait (signing name, API key location).
    pub(super) fn auth_schemes(&self, op: &Shape, service: &Shape) -> Vec<super::ir::AuthPlan> {
        let listed = |s: &Shape| {
            s.traits.get(t::AUTH).and_then(Value::as_array).map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
        };
        let mut schemes = listed(op).or_else(|| listed(service)).unwrap_or_else(|| {
            // `BTreeMap` keys: already sorted by shape id.
            self.service_auth_traits(service)
        });
        if schemes.is_empty() || op.has_trait(t::OPTIONAL_AUTH) {
            schemes.push(t::NO_AUTH.to_owned());
        }
        schemes.iter().map(|id| auth_plan(id, service)).collect()
    }

    /// The auth traits applied to the service, sorted by shape id.
    pub(super) fn service_auth_traits(&self, service: &Shape) -> Vec<String> {
        service
            .traits
            .keys()
            .filter(|id| {
                self.model
                    .shape(id)
                    .is_some_and(|s| s.has_trait(t::AUTH_DEFINITION))
                    || KNOWN_AUTH_TRAITS.contains(&id.as_str())
            })
            .cloned()
            .collect()
    }
}

/// The runtime's form of auth scheme `id`, with the service trait's settings. Schemes the
/// runtime cannot apply, and traits without the settings they need (rejected by validation
/// before planning), become `Unsupported`.
pub(super) fn auth_plan(id: &str, service: &Shape) -> super::ir::AuthPlan {
    use super::ir::AuthPlan;
    let text = |key: &str| {
        service
            .traits
            .get(id)
            .and_then(|v| v.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let unsupported = || AuthPlan::Unsupported(id.to_owned());
    match id {
        t::SIGV4 => {
            text("name").map_or_else(unsupported, |signing_name| AuthPlan::SigV4 { signing_name })
        }
        t::HTTP_BEARER_AUTH => AuthPlan::Bearer,
        t::HTTP_API_KEY_AUTH => match (text("name"), text("in")) {
            (Some(name), Some(location)) if location == "header" || location == "query" => {
                AuthPlan::ApiKey {
                    name,
                    in_query: location == "query",
                    scheme: text("scheme"),
                }
            }
            _ => unsupported(),
        },
        t::HTTP_BASIC_AUTH => AuthPlan::Basic,
        t::NO_AUTH => AuthPlan::NoAuth,
        _ => unsupported(),
    }
}

/// Auth traits the prelude may lack a definition of in a model file (so `@authDefinition`
/// cannot be seen on them).
const KNOWN_AUTH_TRAITS: &[&str] = &[
    t::SIGV4,
    t::HTTP_BEARER_AUTH,
    t::HTTP_API_KEY_AUTH,
    t::HTTP_BASIC_AUTH,
    t::HTTP_DIGEST_AUTH,
];
