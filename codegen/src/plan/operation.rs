//! Planning of operations: input/output, errors, auth, pagination, host prefix.

use super::Planner;
use super::ir::*;
use super::shapes::{deprecated_of, docs_of, error_info, is_sensitive};
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
        if let Some(member) = self.event_stream_member(shape) {
            self.warn(
                &shape.id,
                format!(
                    "operation left out of the crate: its member `{member}` is an event stream, which this generator does not support yet"
                ),
            );
            return None;
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
        input.docs = Some(match &input.docs {
            Some(own) => format!("Input of the `{name}` operation.\n\n{own}"),
            None => format!("Input of the `{name}` operation."),
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
            Some(own) => format!("Output of the `{name}` operation.\n\n{own}"),
            None => format!("Output of the `{name}` operation."),
        });
        let mut errors = Vec::new();
        let mut seen = BTreeSet::new();
        for e in shape.refs.errors.iter().chain(&service.refs.errors) {
            if !seen.insert(e.clone()) {
                continue;
            }
            let Some(es) = self.model.shape(e) else {
                continue;
            };
            errors.push(OpErrorPlan {
                is_fn: format!(
                    "is_{}",
                    heck::ToSnakeCase::to_snake_case(naming::type_name(&self.name_of(e)).as_str())
                ),
                variant: naming::error_variant(&self.name_of(e)),
                path: self.type_path(e, Home::Errors),
                info: error_info(es),
                sensitive_message: es.has_trait(t::SENSITIVE)
                    || es.members.iter().any(|m| {
                        m.name.eq_ignore_ascii_case("message")
                            && self
                                .model
                                .shape(&m.target)
                                .is_some_and(|s| is_sensitive(self.model, s))
                    }),
                docs: docs_of(&self.docs, &es.traits)
                    .or_else(|| Some(format!("The `{}` error.", es.name()))),
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
            static_headers: Vec::new(),
            label_defaults: Vec::new(),
            glacier_checksums: false,
        })
    }

    /// Whether an input or output member of `op` is an event stream (targets a `@streaming`
    /// union). Such operations are left out until event streams are supported.
    fn event_stream_member(&self, op: &Shape) -> Option<String> {
        [&op.refs.input, &op.refs.output]
            .into_iter()
            .flatten()
            .filter_map(|id| self.model.shape(id))
            .flat_map(|s| s.members.iter())
            .find(|m| {
                self.model
                    .shape(&m.target)
                    .is_some_and(|t| t.kind == ShapeKind::Union && t.has_trait(t::STREAMING))
            })
            .map(|m| m.name.clone())
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
        // The runtime compares and forwards tokens as text; Smithy requires string tokens for
        // the common case, so another token type gets no paginator rather than a wrong one.
        let last_token_is_string = output_token.last().is_some_and(|m| m.ty == TypeRef::String);
        if input_token.ty != TypeRef::String || !last_token_is_string {
            self.warn(
                &op.id,
                "no paginator generated: @paginated tokens must be strings",
            );
            return None;
        }
        Some(PaginatorPlan {
            name: format!("{}Paginator", naming::type_name(&self.name_of(&op.id))),
            input_token,
            output_token,
            items,
            page_size,
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
