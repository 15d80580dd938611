//! Planning of data shapes: member types, nullability, structures, enums and unions.

use super::Planner;
use super::ir::*;
use crate::docs;
use crate::model::{Member, Model, Shape, ShapeKind, traits as t};
use crate::naming;
use crate::resolve::Resolved;
use heck::ToSnakeCase as _;
use serde_json::Value;
use std::collections::HashMap;

impl Planner<'_> {
    pub(super) fn type_ref(&mut self, member: &Member, owner: &str) -> TypeRef {
        let Some(target) = self.model.shape(&member.target) else {
            return TypeRef::String;
        };
        let ts_format = |traits: &crate::model::Traits| {
            traits
                .get(t::TIMESTAMP_FORMAT)
                .and_then(Value::as_str)
                .map(|f| match f {
                    "date-time" => TsFormat::DateTime,
                    "http-date" => TsFormat::HttpDate,
                    _ => TsFormat::EpochSeconds,
                })
        };
        if target.id == t::UNIT {
            return TypeRef::Unit;
        }
        match target.kind {
            ShapeKind::String => TypeRef::String,
            ShapeKind::Boolean => TypeRef::Bool,
            ShapeKind::Byte => TypeRef::Byte,
            ShapeKind::Short => TypeRef::Short,
            ShapeKind::Integer => TypeRef::Integer,
            ShapeKind::Long => TypeRef::Long,
            ShapeKind::Float => TypeRef::Float,
            ShapeKind::Double => TypeRef::Double,
            ShapeKind::BigInteger => TypeRef::BigInteger,
            ShapeKind::BigDecimal => TypeRef::BigDecimal,
            ShapeKind::Blob => TypeRef::Blob,
            ShapeKind::Document => TypeRef::Document,
            ShapeKind::Timestamp => {
                TypeRef::Timestamp(ts_format(&member.traits).or_else(|| ts_format(&target.traits)))
            }
            ShapeKind::Enum => TypeRef::Enum(self.type_path(&target.id, Home::Types)),
            ShapeKind::IntEnum => TypeRef::IntEnum(self.type_path(&target.id, Home::Types)),
            ShapeKind::Union => TypeRef::Union(self.type_path(&target.id, Home::Types)),
            ShapeKind::Structure => {
                let home = if target.has_trait(t::ERROR) {
                    Home::Errors
                } else {
                    Home::Types
                };
                TypeRef::Struct(self.type_path(&target.id, home))
            }
            ShapeKind::List => {
                let item = match target.members.first() {
                    Some(m) => self.type_ref(m, &target.id),
                    None => TypeRef::String,
                };
                TypeRef::List {
                    item: Box::new(item),
                    sparse: target.has_trait(t::SPARSE),
                }
            }
            ShapeKind::Map => {
                let key = match target.member("key") {
                    Some(m) => self.type_ref(m, &target.id),
                    None => TypeRef::String,
                };
                let value = match target.member("value") {
                    Some(m) => self.type_ref(m, &target.id),
                    None => TypeRef::String,
                };
                TypeRef::Map {
                    key: Box::new(key),
                    value: Box::new(value),
                    sparse: target.has_trait(t::SPARSE),
                }
            }
            ShapeKind::Service | ShapeKind::Resource | ShapeKind::Operation => {
                self.diags.push(
                    None,
                    Some(owner),
                    format!("member targets non-data shape {}", target.id),
                );
                TypeRef::String
            }
        }
    }

    pub(super) fn member(&mut self, owner: &Shape, m: &Member, role: &StructRole) -> MemberPlan {
        let target = self.model.shape(&m.target);
        let mut ty = self.type_ref(m, &owner.id);
        let required = m.traits.contains_key(t::REQUIRED);
        // The member must repeat a target's default; `@default(null)` removes it.
        let mut default = m.traits.get(t::DEFAULT).filter(|v| !v.is_null()).cloned();
        let client_optional = m.traits.contains_key(t::CLIENT_OPTIONAL);
        let location = self.location(m, role);
        let streaming = target.is_some_and(|s| s.has_trait(t::STREAMING));
        // A `@streaming` blob payload is a byte stream, never `Option`: an unset one is the
        // empty stream (as aws-sdk-rust has it). Elsewhere (an RPC protocol's body, which the
        // spec does not let stream) it stays a buffered blob.
        let byte_stream = streaming
            && ty == TypeRef::Blob
            && location == Location::Payload
            && matches!(role, StructRole::Input | StructRole::Output);
        if byte_stream {
            ty = TypeRef::ByteStream;
            default = None;
        }
        let optional = match role {
            _ if byte_stream => false,
            StructRole::Input => true,
            _ if client_optional => true,
            _ if owner.kind == ShapeKind::Union => false,
            _ => !(required || default.is_some()),
        };
        let boxed = self
            .boxed_edges
            .contains(&(owner.id.clone(), m.target.clone()));
        if let Some(d) = &default
            && !default_fits(&ty, d)
        {
            self.diags.push(
                owner.file.as_deref(),
                Some(&format!("{}${}", owner.id, m.name)),
                format!("@default value {d} does not fit the member's type"),
            );
        }
        let sensitive = target.is_some_and(|s| is_sensitive(self.model, s));
        let field = naming::field_name(&m.name);
        let variant = naming::variant_name(&m.name);
        let accessors = Accessors::of(&field, &variant);
        let media_type = target
            .and_then(|s| s.traits.get(t::MEDIA_TYPE))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let xml = self.xml_plan(m, &m.name);
        MemberPlan {
            xml,
            location,
            json_name: m
                .traits
                .get(t::JSON_NAME)
                .and_then(Value::as_str)
                .map(str::to_owned),
            media_type,
            streaming,
            requires_length: target.is_some_and(|s| s.has_trait(t::REQUIRES_LENGTH)),
            event_header: m.traits.contains_key(t::EVENT_HEADER),
            event_payload: m.traits.contains_key(t::EVENT_PAYLOAD),
            wire_name: m.name.clone(),
            setter: accessors.setter,
            getter: accessors.getter,
            as_fn: accessors.as_fn,
            is_fn: accessors.is_fn,
            field,
            variant,
            ty,
            optional,
            boxed,
            required,
            default,
            sensitive,
            idempotency_token: m.traits.contains_key(t::IDEMPOTENCY_TOKEN),
            // Members often leave the description to their target shape.
            docs: docs_of(&self.docs, &m.traits).or_else(|| {
                target
                    .filter(|t| t.file.is_some())
                    .and_then(|t| docs_of(&self.docs, &t.traits))
            }),
            deprecated: deprecated_of(&m.traits),
        }
    }

    pub(super) fn structure(
        &mut self,
        shape: &Shape,
        path: TypePath,
        role: StructRole,
    ) -> StructPlan {
        let mut members: Vec<MemberPlan> = shape
            .members
            .iter()
            .map(|m| self.member(shape, m, &role))
            .collect();
        unique_member_names(&mut members);
        StructPlan {
            xml_name: shape
                .traits
                .get(t::XML_NAME)
                .and_then(Value::as_str)
                .unwrap_or(shape.name())
                .to_owned(),
            xml_namespace: super::xml::namespace(&shape.traits),
            shape_id: shape.id.clone(),
            builder: format!("{}Builder", path.name),
            file: format!("{}.rs", naming::type_module(&path.name)),
            path,
            role,
            members,
            sensitive: shape.has_trait(t::SENSITIVE),
            // No placeholder when the model has none: a sentence made of the type's own name
            // tells the reader nothing rustdoc does not show; the emitter allows
            // `missing_docs` on such items instead (`emit::types::docs_or_allow`).
            docs: docs_of(&self.docs, &shape.traits),
        }
    }

    pub(super) fn enumeration(&mut self, shape: &Shape) -> EnumPlan {
        let path = self.type_path(&shape.id, Home::Types);
        let int = shape.kind == ShapeKind::IntEnum;
        let names = naming::unique_variants(shape.members.iter().map(|m| m.name.as_str()));
        let variants = shape
            .members
            .iter()
            .zip(names)
            .map(|(m, name)| VariantPlan {
                name,
                value: match m.traits.get(t::ENUM_VALUE) {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Number(n)) => n.to_string(),
                    _ => m.name.clone(),
                },
                docs: docs_of(&self.docs, &m.traits),
                deprecated: deprecated_of(&m.traits),
            })
            .collect();
        EnumPlan {
            shape_id: shape.id.clone(),
            file: format!("{}.rs", naming::type_module(&path.name)),
            path,
            int,
            variants,
            sensitive: shape.has_trait(t::SENSITIVE),
            docs: docs_of(&self.docs, &shape.traits),
        }
    }

    pub(super) fn union(&mut self, shape: &Shape) -> UnionPlan {
        let path = self.type_path(&shape.id, Home::Types);
        let mut members: Vec<MemberPlan> = shape
            .members
            .iter()
            .map(|m| self.member(shape, m, &StructRole::Plain))
            .collect();
        unique_member_names(&mut members);
        UnionPlan {
            xml_name: shape
                .traits
                .get(t::XML_NAME)
                .and_then(Value::as_str)
                .unwrap_or(shape.name())
                .to_owned(),
            shape_id: shape.id.clone(),
            file: format!("{}.rs", naming::type_module(&path.name)),
            path,
            members,
            sensitive: shape.has_trait(t::SENSITIVE),
            docs: docs_of(&self.docs, &shape.traits),
        }
    }
}

/// The method names derived from a member's field and variant names: one rule for
/// [`Planner::member`] and [`unique_member_names`].
struct Accessors {
    setter: String,
    getter: String,
    as_fn: String,
    is_fn: String,
}

impl Accessors {
    fn of(field: &str, variant: &str) -> Self {
        let snake = variant.to_snake_case();
        Accessors {
            setter: format!("set_{field}"),
            getter: format!("get_{field}"),
            as_fn: format!("as_{snake}"),
            is_fn: format!("is_{snake}"),
        }
    }
}

/// Members whose Smithy names collapse to one Rust field or variant name get numbered ones
/// (the rule is in `naming`).
fn unique_member_names(members: &mut [MemberPlan]) {
    let fields = naming::unique_fields(members.iter().map(|m| m.wire_name.as_str()));
    let variants = naming::unique_union_variants(members.iter().map(|m| m.wire_name.as_str()));
    for ((m, field), variant) in members.iter_mut().zip(fields).zip(variants) {
        let a = Accessors::of(&field, &variant);
        (m.setter, m.getter, m.as_fn, m.is_fn) = (a.setter, a.getter, a.as_fn, a.is_fn);
        m.field = field;
        m.variant = variant;
    }
}

pub(super) fn error_info(shape: &Shape, protocol: Protocol) -> ErrorInfo {
    let retry = shape.traits.get(t::RETRYABLE);
    // The query protocols send `@awsQueryError`'s code instead of the shape name.
    let query_code = matches!(protocol, Protocol::AwsQuery | Protocol::Ec2Query)
        .then(|| shape.traits.get(t::AWS_QUERY_ERROR))
        .flatten()
        .and_then(|v| v.get("code"))
        .and_then(Value::as_str);
    ErrorInfo {
        code: query_code.unwrap_or(shape.name()).to_string(),
        fault: shape
            .traits
            .get(t::ERROR)
            .and_then(Value::as_str)
            .unwrap_or("client")
            .to_string(),
        retryable: retry.is_some(),
        throttling: retry
            .and_then(|r| r.get("throttling"))
            .and_then(Value::as_bool)
            .unwrap_or(false),
        http_status: shape
            .traits
            .get(t::HTTP_ERROR)
            .and_then(Value::as_u64)
            .and_then(|c| u16::try_from(c).ok()),
    }
}

/// What a modeled error without documentation says about itself: only facts the model states
/// (wire code, HTTP status, fault, retryability), so the sentence is true and tells the reader
/// when to expect it.
pub(super) fn error_docs(info: &ErrorInfo) -> String {
    let fault = if info.fault == "server" {
        "a server error"
    } else {
        "a client error"
    };
    let status = info
        .http_status
        .map(|s| format!(", HTTP {s}"))
        .unwrap_or_default();
    let retry = if info.throttling {
        " Retryable: the service is throttling requests."
    } else if info.retryable {
        " Retryable."
    } else {
        ""
    };
    format!(
        "The service returned `{}` ({fault}{status}).{retry}",
        crate::docs::sanitize(&info.code)
    )
}

/// The rustdoc of a shape's or member's documentation, from the texts converted up front.
pub(super) fn docs_of(
    converted: &HashMap<&str, String>,
    traits: &crate::model::Traits,
) -> Option<String> {
    traits
        .get(t::DOCUMENTATION)
        .and_then(Value::as_str)
        .map(|text| match converted.get(text) {
            Some(done) => done.clone(),
            None => docs::to_rustdoc(text),
        })
        .filter(|d| !d.trim().is_empty())
}

/// The documentation texts of the service, its operations and the shapes they reach, members
/// included: what [`docs_of`] will be asked for.
pub(super) fn closure_docs<'m>(
    model: &'m Model,
    resolved: &'m Resolved,
) -> impl Iterator<Item = &'m str> {
    std::iter::once(&resolved.service)
        .chain(&resolved.operations)
        .chain(&resolved.shapes)
        .filter_map(|id| model.shape(id))
        .flat_map(|s| std::iter::once(&s.traits).chain(s.members.iter().map(|m| &m.traits)))
        .filter_map(|traits| traits.get(t::DOCUMENTATION).and_then(Value::as_str))
}

pub(super) fn deprecated_of(traits: &crate::model::Traits) -> Option<String> {
    let d = traits.get(t::DEPRECATED)?;
    let msg = d
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("deprecated in the model");
    Some(match d.get("since").and_then(Value::as_str) {
        Some(since) => format!("{msg} (since {since})"),
        None => msg.to_string(),
    })
}

/// A member is sensitive when its target is, or when it is a collection of sensitive values.
pub(super) fn is_sensitive(model: &Model, shape: &Shape) -> bool {
    if shape.has_trait(t::SENSITIVE) {
        return true;
    }
    match shape.kind {
        ShapeKind::List | ShapeKind::Map => shape
            .members
            .iter()
            .filter_map(|m| model.shape(&m.target))
            .any(|s| s.id != shape.id && is_sensitive(model, s)),
        _ => false,
    }
}

pub(super) fn default_fits(ty: &TypeRef, v: &Value) -> bool {
    match ty {
        TypeRef::Unit => false,
        TypeRef::String | TypeRef::Enum(_) | TypeRef::Blob | TypeRef::ByteStream => v.is_string(),
        TypeRef::Bool => v.is_boolean(),
        TypeRef::Byte | TypeRef::Short | TypeRef::Integer | TypeRef::Long | TypeRef::IntEnum(_) => {
            v.is_i64()
        }
        TypeRef::Float | TypeRef::Double | TypeRef::BigInteger | TypeRef::BigDecimal => {
            v.is_number()
        }
        TypeRef::Timestamp(_) => v.is_number() || v.is_string(),
        TypeRef::Document => true,
        TypeRef::List { .. } => v.as_array().is_some_and(Vec::is_empty),
        TypeRef::Map { .. } => v.as_object().is_some_and(|o| o.is_empty()),
        TypeRef::Struct(_) | TypeRef::Union(_) => false,
    }
}
