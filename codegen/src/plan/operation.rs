//! Planning of operations: input/output, errors, auth, pagination, host prefix.

use super::Planner;
use super::ir::*;
use super::shapes::{deprecated_of, docs_of, error_docs, error_info, is_sensitive};
use crate::model::{Shape, ShapeKind, traits as t};
use crate::naming;
use serde_json::Value;
use std::collections::BTreeSet;

impl Planner<'_> {
    /// Splits `@endpoint(hostPrefix)` into literals and labels; each `{label}` must name a
    /// string input member marked `@hostLabel`.
    pub(super) fn host_prefix(
        &mut self,
        op: &Shape,
        input_shape: &Shape,
        input: &StructPlan,
    ) -> Vec<HostPrefixPart> {
        let Some(template) = op
            .traits
            .get(t::ENDPOINT)
            .and_then(|v| v.get("hostPrefix"))
            .and_then(Value::as_str)
        else {
            return Vec::new();
        };
        let mut parts = Vec::new();
        let mut rest = template;
        while !rest.is_empty() {
            let Some(open) = rest.find('{') else {
                parts.push(HostPrefixPart::Literal(rest.to_owned()));
                break;
            };
            if open > 0 {
                parts.push(HostPrefixPart::Literal(rest[..open].to_owned()));
            }
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                self.diags.push(
                    op.file.as_deref(),
                    Some(&op.id),
                    format!("hostPrefix {template:?} has an unclosed `{{`"),
                );
                return Vec::new();
            };
            let label = &rest[open + 1..close];
            let member = input_shape
                .member(label)
                .filter(|m| m.traits.contains_key(t::HOST_LABEL))
                .and_then(|_| input.members.iter().find(|m| m.wire_name == label))
                .filter(|m| m.ty == TypeRef::String);
            match member {
                Some(m) => parts.push(HostPrefixPart::Label(Box::new(m.clone()))),
                None => {
                    self.diags.push(
                        op.file.as_deref(),
                        Some(&op.id),
                        format!(
                            "hostPrefix label {{{label}}} must name a string input member with @hostLabel"
                        ),
                    );
                    return Vec::new();
                }
            }
            rest = &rest[close + 1..];
        }
        parts
    }

    /// Plans one operation; `None` when it is left out (with a warning naming it).
    pub(super) fn operation(&mut self, shape: &Shape, service: &Shape) -> Option<OperationPlan> {
        let mut op = self.operation_without_customizations(shape, service)?;
        super::customize::apply(
            &service.id,
            service.refs.version.as_deref().unwrap_or_default(),
            &mut op,
        );
        Some(op)
    }

    fn operation_without_customizations(
        &mut self,
        shape: &Shape,
        service: &Shape,
    ) -> Option<OperationPlan> {
        // Event payloads are decoded as JSON documents (`protocol::event_stream`); the other
        // protocols' event encodings (S3 SelectObjectContent's XML events, CBOR) are not yet.
        let json_events = matches!(
            self.protocol,
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RestJson1
        );
        for (side, id) in [("input", &shape.refs.input), ("output", &shape.refs.output)] {
            if !json_events && let Some(member) = self.event_stream_member(id.as_deref()) {
                self.warn(
                    &shape.id,
                    format!(
                        "operation left out of the crate: its {side} member `{member}` is an event stream, and {} event streams are not generated yet",
                        self.protocol.name()
                    ),
                );
                return None;
            }
        }
        let name = shape.name().to_string();
        let op_type = naming::type_name(&self.name_of(&shape.id));
        let module = naming::operation_module(&self.name_of(&shape.id));
        let home = Home::Operation(module.clone());
        let unit = Shape {
            id: t::UNIT.to_string(),
            kind: ShapeKind::Structure,
            members: Vec::new(),
            traits: Default::default(),
            mixins: Vec::new(),
            refs: Default::default(),
            file: None,
        };
        let input_shape = shape
            .refs
            .input
            .as_deref()
            .and_then(|i| self.model.shape(i))
            .unwrap_or(&unit)
            .clone();
        let output_shape = shape
            .refs
            .output
            .as_deref()
            .and_then(|i| self.model.shape(i))
            .unwrap_or(&unit)
            .clone();
        let mut input = self.structure(
            &input_shape,
            TypePath {
                home: home.clone(),
                name: format!("{op_type}Input"),
            },
            StructRole::Input,
        );
        let method = client_method_link(&module);
        input.docs = Some(match &input.docs {
            Some(own) => format!("Input of {method}.\n\n{own}"),
            None => format!("Input of {method}."),
        });
        let mut output = self.structure(
            &output_shape,
            TypePath {
                home: home.clone(),
                name: format!("{op_type}Output"),
            },
            StructRole::Output,
        );
        output.docs = Some(match &output.docs {
            Some(own) => format!("Output of {method}.\n\n{own}"),
            None => format!("Output of {method}."),
        });
        let output_stream =
            self.event_stream(&output_shape, &mut output, &format!("{op_type}StreamError"));
        // The input's stream is taken out the same way: the input struct keeps the initial
        // request, and the fluent builder holds the sender.
        let input_stream = self.event_stream(
            &input_shape,
            &mut input,
            &format!("{op_type}InputStreamError"),
        );
        let mut errors = Vec::new();
        let mut seen = BTreeSet::new();
        for e in shape.refs.errors.iter().chain(&service.refs.errors) {
            if !seen.insert(e.clone()) {
                continue;
            }
            let Some(es) = self.model.shape(e) else {
                continue;
            };
            let info = error_info(es, self.protocol);
            let docs = error_docs(&info);
            errors.push(OpErrorPlan {
                is_fn: format!(
                    "is_{}",
                    heck::ToSnakeCase::to_snake_case(naming::type_name(&self.name_of(e)).as_str())
                ),
                variant: naming::error_variant(&self.name_of(e)),
                path: self.type_path(e, Home::Errors),
                info,
                sensitive_message: es.has_trait(t::SENSITIVE)
                    || es.members.iter().any(|m| {
                        m.name.eq_ignore_ascii_case("message")
                            && self
                                .model
                                .shape(&m.target)
                                .is_some_and(|s| is_sensitive(self.model, s))
                    }),
                docs: docs_of(&self.docs, &es.traits).or(Some(docs)),
            });
        }
        let auth_empty = shape
            .traits
            .get(t::AUTH)
            .and_then(Value::as_array)
            .is_some_and(|a| a.is_empty());
        let unsigned = auth_empty || shape.has_trait(t::OPTIONAL_AUTH);
        let http = self.http_plan(shape, &mut input);
        let paginator = self.paginator(shape, service, &input, &output_shape);
        let host_prefix = self.host_prefix(shape, &input_shape, &input);
        let request_compression = crate::model::strings(
            shape
                .traits
                .get(t::REQUEST_COMPRESSION)
                .and_then(|v| v.get("encodings")),
        );
        let endpoint_member = input_shape
            .members
            .iter()
            .find(|m| m.traits.contains_key(ENDPOINT_URL_TRAIT))
            .and_then(|m| input.members.iter().find(|p| p.wire_name == m.name))
            .filter(|m| m.ty == TypeRef::String)
            .cloned();
        let endpoint_params = super::endpoint_params::plan(shape, &input_shape, &input.members);
        let http_checksum = shape
            .traits
            .get(super::checksum::HTTP_CHECKSUM)
            .map(|v| super::checksum::plan(v, &input.members));
        Some(OperationPlan {
            shape_id: shape.id.clone(),
            name,
            module,
            input,
            output,
            error_name: format!("{op_type}Error"),
            fluent_name: format!("{op_type}FluentBuilder"),
            errors,
            unsigned,
            paginator,
            host_prefix,
            request_compression,
            endpoint_member,
            docs: docs_of(&self.docs, &shape.traits),
            deprecated: deprecated_of(&shape.traits),
            http,
            checksum_required: shape.has_trait(t::HTTP_CHECKSUM_REQUIRED),
            auth: self.auth_schemes(shape, service),
            unsigned_payload: shape.has_trait(t::UNSIGNED_PAYLOAD),
            static_headers: Vec::new(),
            label_defaults: Vec::new(),
            glacier_checksums: false,
            output_stream,
            input_stream,
            s3_unwrapped_output: shape.has_trait(t::S3_UNWRAPPED_XML_OUTPUT),
            http_checksum,
            error_in_success_body: false,
            endpoint_params,
        })
    }

    /// The member of structure `id` that is an event stream (targets a `@streaming` union).
    fn event_stream_member(&self, id: Option<&str>) -> Option<String> {
        id.and_then(|id| self.model.shape(id))
            .into_iter()
            .flat_map(|s| s.members.iter())
            .find(|m| {
                self.model
                    .shape(&m.target)
                    .is_some_and(|t| t.kind == ShapeKind::Union && t.has_trait(t::STREAMING))
            })
            .map(|m| m.name.clone())
    }

    /// Takes the event-stream member out of the input or output (the struct keeps the initial
    /// request or response) and plans the stream: its union, events and modeled exception
    /// events (their enum named `error_name`: the input's and the output's of a duplex
    /// operation must differ).
    fn event_stream(
        &mut self,
        output_shape: &Shape,
        output: &mut StructPlan,
        error_name: &str,
    ) -> Option<EventStreamPlan> {
        let name = self.event_stream_member(Some(&output_shape.id))?;
        let at = output.members.iter().position(|m| m.wire_name == name)?;
        let member = output.members.remove(at);
        let TypeRef::Union(union) = member.ty.clone() else {
            return None;
        };
        let target = output_shape
            .members
            .iter()
            .find(|m| m.name == name)
            .and_then(|m| self.model.shape(&m.target))?
            .clone();
        let mut events = Vec::new();
        let mut errors = Vec::new();
        for m in &target.members {
            let plan = self.member(&target, m, &StructRole::Plain);
            let is_error = self
                .model
                .shape(&m.target)
                .is_some_and(|s| s.has_trait(t::ERROR));
            if is_error {
                errors.push(plan);
            } else {
                events.push(plan);
            }
        }
        Some(EventStreamPlan {
            member,
            union,
            error_name: error_name.to_owned(),
            events,
            errors,
            initial_message: !self.protocol.uses_http_bindings(),
        })
    }

    pub(super) fn paginator(
        &mut self,
        op: &Shape,
        service: &Shape,
        input: &StructPlan,
        output_shape: &Shape,
    ) -> Option<PaginatorPlan> {
        let own = op.traits.get(t::PAGINATED)?;
        let svc = service.traits.get(t::PAGINATED);
        let field = |k: &str| {
            own.get(k)
                .and_then(Value::as_str)
                .or_else(|| svc.and_then(|s| s.get(k)).and_then(Value::as_str))
                .map(str::to_string)
        };
        let file = op.file.as_deref();
        let (Some(input_token), Some(output_token)) = (field("inputToken"), field("outputToken"))
        else {
            return None;
        };
        let Some(input_token) = input
            .members
            .iter()
            .find(|m| m.wire_name == input_token)
            .cloned()
        else {
            self.diags.push(
                file,
                Some(&op.id),
                format!("@paginated inputToken {input_token} is not an input member"),
            );
            return None;
        };
        let output_token = self.member_path(output_shape, &output_token, file, &op.id)?;
        let items = match field("items") {
            Some(items) => Some(self.member_path(output_shape, &items, file, &op.id)?),
            None => None,
        };
        let page_size = match field("pageSize") {
            Some(ps) => match input.members.iter().find(|m| m.wire_name == ps) {
                Some(m) => Some(m.clone()),
                None => {
                    self.diags.push(
                        file,
                        Some(&op.id),
                        format!("@paginated pageSize {ps} is not an input member"),
                    );
                    return None;
                }
            },
            None => None,
        };
        // The runtime forwards the output token as the next input token and compares tokens by
        // value, so both ends must have the same Rust type (DynamoDB: the same `Key` map).
        let Some(last) = output_token.last() else {
            self.warn(
                &op.id,
                "no paginator generated: @paginated outputToken is empty",
            );
            return None;
        };
        if input_token.ty != last.ty {
            self.warn(
                &op.id,
                format!(
                    "no paginator generated: @paginated inputToken {} and outputToken {} have \
                     different types",
                    input_token.wire_name,
                    field("outputToken").unwrap_or_default()
                ),
            );
            return None;
        }
        let token_members = match &input_token.ty {
            TypeRef::Struct(_) => {
                let target = op
                    .refs
                    .input
                    .as_ref()
                    .and_then(|id| self.model.shape(id))
                    .and_then(|s| s.member(&input_token.wire_name))
                    .and_then(|m| self.model.shape(&m.target))
                    .cloned();
                match target {
                    Some(t) => t
                        .members
                        .iter()
                        .map(|m| self.member(&t, m, &StructRole::Plain))
                        .collect(),
                    None => Vec::new(),
                }
            }
            _ => Vec::new(),
        };
        Some(PaginatorPlan {
            name: format!("{}Paginator", naming::type_name(&self.name_of(&op.id))),
            input_token,
            output_token,
            items,
            page_size,
            token_members,
        })
    }

    /// Resolves a dotted member path (`result.nextToken`) through output structures.
    pub(super) fn member_path(
        &mut self,
        start: &Shape,
        path: &str,
        file: Option<&str>,
        op: &str,
    ) -> Option<Vec<MemberPlan>> {
        let mut out = Vec::new();
        let mut shape = start.clone();
        for (i, seg) in path.split('.').enumerate() {
            let Some(m) = shape.member(seg).cloned() else {
                self.diags.push(
                    file,
                    Some(op),
                    format!("@paginated path {path}: {} has no member {seg}", shape.id),
                );
                return None;
            };
            let role = if i == 0 {
                StructRole::Output
            } else {
                StructRole::Plain
            };
            out.push(self.member(&shape, &m, &role));
            match self.model.shape(&m.target) {
                Some(next) => shape = next.clone(),
                None => return None,
            }
        }
        Some(out)
    }
}

/// A rustdoc link to the client method of the operation whose module is `module` (the method
/// has the module's name). A raw identifier is written as code only: intra-doc links to
/// `r#` names are not worth the risk of a broken-link warning in every generated crate.
fn client_method_link(module: &str) -> String {
    let method = naming::ident_text(module);
    if method.starts_with("r#") {
        format!("`Client::{method}`")
    } else {
        format!("[`Client::{method}`](crate::Client::{method})")
    }
}
