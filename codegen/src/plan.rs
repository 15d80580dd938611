//! Step 3, plan: decide every Rust name, type, module and option before anything is emitted.
//!
//! The plan is the only place that applies the naming policy and the Smithy 2.0 nullability
//! rules (CLIENT mode, see `docs/ARCHITECTURE.md`). Distinct Smithy names that collapse to one
//! Rust name are numbered by the documented rule in `naming`; any collision left is an error
//! reported here, naming both shape ids.

use crate::docs;
use crate::error::{Diagnostics, Error};
use crate::model::{Member, Model, Shape, ShapeKind, shape_name, traits as t};
use crate::naming;
use crate::resolve::Resolved;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Everything the emitter needs, fully decided.
#[derive(Debug)]
pub struct CratePlan {
    /// Service-level facts.
    pub service: ServicePlan,
    /// Structures in `types` (shared shapes) and `types::error` (modeled errors).
    pub structs: Vec<StructPlan>,
    /// Enum and intEnum shapes.
    pub enums: Vec<EnumPlan>,
    /// Union shapes.
    pub unions: Vec<UnionPlan>,
    /// One per operation, sorted by name.
    pub operations: Vec<OperationPlan>,
}

/// Service-level facts the runtime needs.
#[derive(Debug)]
pub struct ServicePlan {
    /// Service shape name, the prefix of `X-Amz-Target`.
    pub name: String,
    /// Rust type name of the service (used in docs).
    pub title: String,
    /// The wire protocol.
    pub protocol: Protocol,
    /// SigV4 signing name (`None`: requests are sent unsigned).
    pub signing_name: Option<String>,
    /// `aws.api#service` sdkId, or the service name.
    pub sdk_id: String,
    /// `aws.api#service` endpointPrefix, or the lower-cased sdkId.
    pub endpoint_prefix: String,
    /// The service `version`.
    pub api_version: String,
    /// `aws.protocols#awsQueryCompatible`.
    pub query_compatible: bool,
    /// The endpoint rule set as compact JSON, if the model has one.
    pub endpoint_rules: Option<String>,
    /// `smithy.rules#endpointTests` cases as compact JSON (only with a rule set).
    pub endpoint_tests: Vec<String>,
    /// Crate documentation.
    pub docs: Option<String>,
}

/// Supported wire protocols.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`.
    AwsJson1_1,
}

/// Where a generated item lives.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Home {
    /// `crate::types` (one file per shape).
    Types,
    /// `crate::types::error` (modeled errors).
    Errors,
    /// `crate::operation::<module>` (operation inputs and outputs).
    Operation(String),
}

impl Home {
    /// Module path segments below `crate`.
    pub fn segments(&self) -> Vec<String> {
        match self {
            Home::Types => vec!["types".into()],
            Home::Errors => vec!["types".into(), "error".into()],
            Home::Operation(m) => vec!["operation".into(), m.clone()],
        }
    }

    /// Module path segments of the builders for items living here.
    pub fn builder_segments(&self) -> Vec<String> {
        match self {
            Home::Operation(_) => self.segments(),
            _ => {
                let mut s = self.segments();
                s.push("builders".into());
                s
            }
        }
    }
}

/// A named generated type: where it is and what it is called.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TypePath {
    /// Its module.
    pub home: Home,
    /// Its Rust name.
    pub name: String,
}

/// Timestamp wire formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TsFormat {
    /// Seconds since the epoch, as a JSON number.
    EpochSeconds,
    /// RFC 3339.
    DateTime,
    /// IMF-fixdate.
    HttpDate,
}

/// The Rust type of a value, recursively.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i8`.
    Byte,
    /// `i16`.
    Short,
    /// `i32`.
    Integer,
    /// `i64`.
    Long,
    /// `f32`.
    Float,
    /// `f64`.
    Double,
    /// Runtime `BigInteger`.
    BigInteger,
    /// Runtime `BigDecimal`.
    BigDecimal,
    /// Runtime `DateTime`, with its wire format.
    Timestamp(TsFormat),
    /// Runtime `Blob`.
    Blob,
    /// Runtime `Document`.
    Document,
    /// A generated string enum.
    Enum(TypePath),
    /// A generated int enum.
    IntEnum(TypePath),
    /// A generated structure.
    Struct(TypePath),
    /// A generated union.
    Union(TypePath),
    /// `Vec<T>` (`Vec<Option<T>>` when sparse).
    List {
        /// Element type.
        item: Box<TypeRef>,
        /// `@sparse`: elements may be null.
        sparse: bool,
    },
    /// `HashMap<K, V>` (`HashMap<K, Option<V>>` when sparse).
    Map {
        /// Key type (String or a string enum).
        key: Box<TypeRef>,
        /// Value type.
        value: Box<TypeRef>,
        /// `@sparse`: values may be null.
        sparse: bool,
    },
}

impl TypeRef {
    /// Whether the Rust type is `Copy`.
    pub fn is_copy(&self) -> bool {
        matches!(
            self,
            TypeRef::Bool
                | TypeRef::Byte
                | TypeRef::Short
                | TypeRef::Integer
                | TypeRef::Long
                | TypeRef::Float
                | TypeRef::Double
                | TypeRef::Timestamp(_)
        )
    }

    /// Whether values may hold floating point numbers (no `Eq`/`Hash`).
    pub fn has_float(&self) -> bool {
        match self {
            TypeRef::Float | TypeRef::Double | TypeRef::Document => true,
            TypeRef::List { item, .. } => item.has_float(),
            TypeRef::Map { value, .. } => value.has_float(),
            _ => false,
        }
    }
}

/// A structure member or union variant.
#[derive(Clone, Debug)]
pub struct MemberPlan {
    /// Name on the wire (the Smithy member name).
    pub wire_name: String,
    /// Rust field / method name (escaping applied when turned into an ident).
    pub field: String,
    /// Rust variant name (unions only).
    pub variant: String,
    /// The value type.
    pub ty: TypeRef,
    /// `Option<T>` in the struct.
    pub optional: bool,
    /// `Box<T>` to break a recursive cycle.
    pub boxed: bool,
    /// `@required` in the model.
    pub required: bool,
    /// The effective `@default` value (not null).
    pub default: Option<Value>,
    /// Redacted in `Debug`.
    pub sensitive: bool,
    /// `@idempotencyToken`.
    pub idempotency_token: bool,
    /// Rustdoc text.
    pub docs: Option<String>,
    /// Deprecation note, if deprecated.
    pub deprecated: Option<String>,
}

/// What kind of structure this is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StructRole {
    /// A plain structure.
    Plain,
    /// An operation input: client nullability, validated at send.
    Input,
    /// An operation output: carries the request id.
    Output,
    /// A modeled error.
    Error(ErrorInfo),
}

/// Facts about a modeled error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorInfo {
    /// The code matched on the wire (the shape name).
    pub code: String,
    /// `client` or `server`.
    pub fault: String,
    /// `@retryable`.
    pub retryable: bool,
    /// `@retryable(throttling: true)`.
    pub throttling: bool,
    /// `@httpError`.
    pub http_status: Option<u16>,
}

/// A structure to generate, with its builder.
#[derive(Clone, Debug)]
pub struct StructPlan {
    /// Model shape id (for messages).
    pub shape_id: String,
    /// Where it is generated and its name.
    pub path: TypePath,
    /// Builder type name (same module family, see [`Home::builder_segments`]).
    pub builder: String,
    /// Input, output, error or plain.
    pub role: StructRole,
    /// Members in model order.
    pub members: Vec<MemberPlan>,
    /// The structure itself is `@sensitive`: `Debug` prints nothing of it.
    pub sensitive: bool,
    /// Rustdoc text.
    pub docs: Option<String>,
    /// File below `src/` for shared types.
    pub file: String,
}

/// One enum variant.
#[derive(Clone, Debug)]
pub struct VariantPlan {
    /// Rust variant name.
    pub name: String,
    /// The wire value: a string for enums, an integer (as text) for intEnums.
    pub value: String,
    /// Rustdoc text.
    pub docs: Option<String>,
    /// Deprecation note.
    pub deprecated: Option<String>,
}

/// An enum or intEnum shape.
#[derive(Clone, Debug)]
pub struct EnumPlan {
    /// Shape id.
    pub shape_id: String,
    /// Name and module.
    pub path: TypePath,
    /// `true` for intEnum.
    pub int: bool,
    /// Variants in model order.
    pub variants: Vec<VariantPlan>,
    /// `@sensitive`.
    pub sensitive: bool,
    /// Rustdoc text.
    pub docs: Option<String>,
    /// File below `src/`.
    pub file: String,
}

/// A union shape.
#[derive(Clone, Debug)]
pub struct UnionPlan {
    /// Shape id.
    pub shape_id: String,
    /// Name and module.
    pub path: TypePath,
    /// Variants (each a member plan with `variant` set).
    pub members: Vec<MemberPlan>,
    /// `@sensitive`.
    pub sensitive: bool,
    /// Rustdoc text.
    pub docs: Option<String>,
    /// File below `src/`.
    pub file: String,
}

/// A modeled error of an operation.
#[derive(Clone, Debug)]
pub struct OpErrorPlan {
    /// Variant name in the operation error enum.
    pub variant: String,
    /// The error structure.
    pub path: TypePath,
    /// Error facts.
    pub info: ErrorInfo,
    /// The error structure, or its `message` member, is `@sensitive`: the runtime must keep
    /// the message it reads generically from the body out of the error metadata.
    pub sensitive_message: bool,
    /// Rustdoc text.
    pub docs: Option<String>,
}

/// `@paginated`, resolved against the service's defaults.
#[derive(Clone, Debug)]
pub struct PaginatorPlan {
    /// Input member (field) carrying the token.
    pub input_token: MemberPlan,
    /// Path of output fields leading to the next token.
    pub output_token: Vec<MemberPlan>,
    /// Path of output fields leading to the items, if any.
    pub items: Option<Vec<MemberPlan>>,
    /// Input member carrying the page size, if any.
    pub page_size: Option<MemberPlan>,
}

/// An operation.
#[derive(Clone, Debug)]
pub struct OperationPlan {
    /// Shape id.
    pub shape_id: String,
    /// Operation name on the wire (shape name).
    pub name: String,
    /// Module below `crate::operation`, and client method name.
    pub module: String,
    /// Input struct (lives in the operation module).
    pub input: StructPlan,
    /// Output struct (lives in the operation module).
    pub output: StructPlan,
    /// Error enum name.
    pub error_name: String,
    /// Fluent builder name.
    pub fluent_name: String,
    /// Modeled errors: the operation's, then the service's.
    pub errors: Vec<OpErrorPlan>,
    /// Send without signing (`@auth([])` or `@optionalAuth`).
    pub unsigned: bool,
    /// Pagination, if `@paginated`.
    pub paginator: Option<PaginatorPlan>,
    /// `@endpoint` host prefix, split into literal text and `@hostLabel` input members
    /// (empty: the host is used as resolved).
    pub host_prefix: Vec<HostPrefixPart>,
    /// `@requestCompression` encodings in model order (empty: never compressed).
    pub request_compression: Vec<String>,
    /// The input member marked [`ENDPOINT_URL_TRAIT`]: when set, the call goes to that URL.
    pub endpoint_member: Option<MemberPlan>,
    /// Rustdoc text.
    pub docs: Option<String>,
    /// Deprecation note.
    pub deprecated: Option<String>,
}

/// A trait of this generator (not Smithy's) for a string input member whose value, when set,
/// replaces the client's endpoint for that call. AWS SDKs do this for a few operations
/// (MachineLearning `Predict` and its `PredictEndpoint`); models do not say so, so it is added
/// with an `apply` in a customization file next to the model.
pub const ENDPOINT_URL_TRAIT: &str = "smithy.rust.client#endpointUrl";

/// A piece of an `@endpoint` `hostPrefix` template.
#[derive(Clone, Debug)]
pub enum HostPrefixPart {
    /// Text copied as is (`foo.`).
    Literal(String),
    /// `{label}`: the value of this `@hostLabel` input member.
    Label(MemberPlan),
}

struct Planner<'a> {
    model: &'a Model,
    rename: &'a BTreeMap<String, String>,
    diags: Diagnostics,
    /// (shape, member target) edges that need a `Box` to break a recursive cycle.
    boxed_edges: BTreeSet<(String, String)>,
    /// Rustdoc of every documentation text of the closure, converted up front ([`docs_of`]).
    docs: HashMap<&'a str, String>,
}

/// Plans the crate for a resolved model.
pub fn plan(resolved: &Resolved) -> Result<CratePlan, Error> {
    let model = &resolved.model;
    let service_shape = &model.shapes[&resolved.service];
    let mut p = Planner {
        model,
        rename: &type_renames(model, resolved, &service_shape.refs.rename),
        diags: Diagnostics::default(),
        boxed_edges: recursive_edges(model, &resolved.shapes),
        docs: docs::convert_all(closure_docs(model, resolved)),
    };
    let service = p.service(service_shape);

    // Shapes reachable as member targets or errors go to `types`; operation inputs and outputs
    // are generated in their operation's module.
    let mut targets = BTreeSet::new();
    for id in &resolved.shapes {
        if let Some(s) = model.shape(id) {
            targets.extend(s.members.iter().map(|m| m.target.clone()));
        }
    }
    let mut error_ids = BTreeSet::new();
    error_ids.extend(service_shape.refs.errors.iter().cloned());
    for op in &resolved.operations {
        error_ids.extend(model.shapes[op].refs.errors.iter().cloned());
    }

    let mut structs = Vec::new();
    let mut enums = Vec::new();
    let mut unions = Vec::new();
    for id in &resolved.shapes {
        let shape = &model.shapes[id];
        if shape.file.is_none() && id.starts_with("smithy.api#") && !shape.kind.has_named_members()
        {
            continue;
        }
        match shape.kind {
            ShapeKind::Structure if error_ids.contains(id) => {
                let info = error_info(shape);
                let sp = p.structure(
                    shape,
                    p.type_path(id, Home::Errors),
                    StructRole::Error(info),
                );
                structs.push(sp);
            }
            ShapeKind::Structure if targets.contains(id) => {
                let sp = p.structure(shape, p.type_path(id, Home::Types), StructRole::Plain);
                structs.push(sp);
            }
            ShapeKind::Enum | ShapeKind::IntEnum => enums.push(p.enumeration(shape)),
            ShapeKind::Union => unions.push(p.union(shape)),
            _ => {}
        }
    }
    let mut operations: Vec<OperationPlan> = resolved
        .operations
        .iter()
        .map(|id| p.operation(&model.shapes[id], service_shape))
        .collect();
    operations.sort_by(|a, b| a.name.cmp(&b.name));

    let plan = CratePlan {
        service,
        structs,
        enums,
        unions,
        operations,
    };
    check_collisions(&plan, &mut p.diags);
    p.diags.finish(plan).map_err(|e| with_files(model, e))
}

/// Planning diagnostics are found on plan items, which carry shape ids but not files; name the
/// file that defines the shape (or the member's shape) so every message says where to look.
fn with_files(model: &Model, mut error: Error) -> Error {
    for d in &mut error.diagnostics {
        if d.file.is_none()
            && let Some(id) = &d.shape
        {
            let shape_id = id.split_once('$').map_or(id.as_str(), |(s, _)| s);
            d.file = model.shape(shape_id).and_then(|s| s.file.clone());
        }
    }
    error
}

impl Planner<'_> {
    fn name_of(&self, id: &str) -> String {
        self.rename
            .get(id)
            .cloned()
            .unwrap_or_else(|| shape_name(id).to_string())
    }

    fn type_path(&self, id: &str, home: Home) -> TypePath {
        TypePath {
            home,
            name: naming::type_name(&self.name_of(id)),
        }
    }

    fn service(&mut self, shape: &Shape) -> ServicePlan {
        let file = shape.file.as_deref();
        let protocol = if shape.has_trait(t::AWS_JSON_1_0) {
            Protocol::AwsJson1_0
        } else if shape.has_trait(t::AWS_JSON_1_1) {
            Protocol::AwsJson1_1
        } else {
            let found: Vec<&str> = shape
                .traits
                .keys()
                .filter(|k| {
                    k.starts_with("aws.protocols#")
                        || k.contains("#restJson")
                        || k.contains("rpcv2")
                })
                .map(String::as_str)
                .collect();
            self.diags.push(
                file,
                Some(&shape.id),
                format!(
                    "unsupported protocol: the service needs aws.protocols#awsJson1_0 or awsJson1_1 (found: {})",
                    if found.is_empty() { "none".to_string() } else { found.join(", ") }
                ),
            );
            Protocol::AwsJson1_0
        };
        let aws = shape.traits.get(t::AWS_SERVICE);
        let sdk_id = aws
            .and_then(|v| v.get("sdkId"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| shape.name().to_string());
        let endpoint_prefix = aws
            .and_then(|v| v.get("endpointPrefix"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| sdk_id.to_ascii_lowercase().replace(' ', "-"));
        let signing_name = match shape.traits.get(t::SIGV4) {
            Some(v) => match v.get("name").and_then(Value::as_str) {
                Some(n) => Some(n.to_string()),
                None => {
                    self.diags.push(
                        file,
                        Some(&shape.id),
                        "aws.auth#sigv4 needs a string \"name\"",
                    );
                    None
                }
            },
            None => None,
        };
        let endpoint_rules = shape
            .traits
            .get(t::ENDPOINT_RULE_SET)
            .map(|v| serde_json::to_string(v).unwrap_or_default());
        let endpoint_tests = match (
            &endpoint_rules,
            shape.traits.get("smithy.rules#endpointTests"),
        ) {
            (Some(_), Some(tests)) => tests
                .get("testCases")
                .and_then(Value::as_array)
                .map(|cases| cases.iter().map(Value::to_string).collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        ServicePlan {
            name: shape.name().to_string(),
            title: naming::type_name(shape.name()),
            protocol,
            signing_name,
            sdk_id,
            endpoint_prefix,
            api_version: shape.refs.version.clone().unwrap_or_default(),
            query_compatible: shape.has_trait(t::AWS_QUERY_COMPATIBLE),
            endpoint_rules,
            endpoint_tests,
            docs: docs_of(&self.docs, &shape.traits),
        }
    }

    fn type_ref(&mut self, member: &Member, owner: &str) -> TypeRef {
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
            ShapeKind::Timestamp => TypeRef::Timestamp(
                ts_format(&member.traits)
                    .or_else(|| ts_format(&target.traits))
                    .unwrap_or(TsFormat::EpochSeconds),
            ),
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

    fn member(&mut self, owner: &Shape, m: &Member, role: &StructRole) -> MemberPlan {
        let target = self.model.shape(&m.target);
        let ty = self.type_ref(m, &owner.id);
        let required = m.traits.contains_key(t::REQUIRED);
        // The member must repeat a target's default; `@default(null)` removes it.
        let default = m.traits.get(t::DEFAULT).filter(|v| !v.is_null()).cloned();
        let client_optional = m.traits.contains_key(t::CLIENT_OPTIONAL);
        let optional = match role {
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
        MemberPlan {
            wire_name: m.name.clone(),
            field: naming::field_name(&m.name),
            variant: naming::variant_name(&m.name),
            ty,
            optional,
            boxed,
            required,
            default,
            sensitive,
            idempotency_token: m.traits.contains_key(t::IDEMPOTENCY_TOKEN),
            // Members often leave the description to their target shape.
            docs: docs_of(&self.docs, &m.traits)
                .or_else(|| {
                    target
                        .filter(|t| t.file.is_some())
                        .and_then(|t| docs_of(&self.docs, &t.traits))
                })
                .or_else(|| Some(format!("The `{}` member.", m.name))),
            deprecated: deprecated_of(&m.traits),
        }
    }

    fn structure(&mut self, shape: &Shape, path: TypePath, role: StructRole) -> StructPlan {
        let mut members: Vec<MemberPlan> = shape
            .members
            .iter()
            .map(|m| self.member(shape, m, &role))
            .collect();
        unique_member_names(&mut members);
        StructPlan {
            shape_id: shape.id.clone(),
            builder: format!("{}Builder", path.name),
            file: format!("{}.rs", naming::type_module(&path.name)),
            path,
            role,
            members,
            sensitive: shape.has_trait(t::SENSITIVE),
            docs: docs_of(&self.docs, &shape.traits)
                .or_else(|| Some(format!("The `{}` structure.", shape.name()))),
        }
    }

    fn enumeration(&mut self, shape: &Shape) -> EnumPlan {
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
            docs: docs_of(&self.docs, &shape.traits)
                .or_else(|| Some(format!("The `{}` enumeration.", shape.name()))),
        }
    }

    fn union(&mut self, shape: &Shape) -> UnionPlan {
        let path = self.type_path(&shape.id, Home::Types);
        let mut members: Vec<MemberPlan> = shape
            .members
            .iter()
            .map(|m| self.member(shape, m, &StructRole::Plain))
            .collect();
        unique_member_names(&mut members);
        UnionPlan {
            shape_id: shape.id.clone(),
            file: format!("{}.rs", naming::type_module(&path.name)),
            path,
            members,
            sensitive: shape.has_trait(t::SENSITIVE),
            docs: docs_of(&self.docs, &shape.traits)
                .or_else(|| Some(format!("The `{}` union.", shape.name()))),
        }
    }

    /// Splits `@endpoint(hostPrefix)` into literals and labels; each `{label}` must name a
    /// string input member marked `@hostLabel`.
    fn host_prefix(
        &mut self,
        op: &Shape,
        input_shape: &Shape,
        input: &StructPlan,
    ) -> Vec<HostPrefixPart> {
        let Some(template) = op
            .traits
            .get("smithy.api#endpoint")
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
                .filter(|m| m.traits.contains_key("smithy.api#hostLabel"))
                .and_then(|_| input.members.iter().find(|m| m.wire_name == label))
                .filter(|m| m.ty == TypeRef::String);
            match member {
                Some(m) => parts.push(HostPrefixPart::Label(m.clone())),
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

    fn operation(&mut self, shape: &Shape, service: &Shape) -> OperationPlan {
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
        let paginator = self.paginator(shape, service, &input, &output_shape);
        let host_prefix = self.host_prefix(shape, &input_shape, &input);
        let request_compression = crate::model::strings(
            shape
                .traits
                .get("smithy.api#requestCompression")
                .and_then(|v| v.get("encodings")),
        );
        let endpoint_member = input_shape
            .members
            .iter()
            .find(|m| m.traits.contains_key(ENDPOINT_URL_TRAIT))
            .and_then(|m| input.members.iter().find(|p| p.wire_name == m.name))
            .filter(|m| m.ty == TypeRef::String)
            .cloned();
        OperationPlan {
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
        }
    }

    fn paginator(
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
        Some(PaginatorPlan {
            input_token,
            output_token,
            items,
            page_size,
        })
    }

    /// Resolves a dotted member path (`result.nextToken`) through output structures.
    fn member_path(
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

fn error_info(shape: &Shape) -> ErrorInfo {
    let retry = shape.traits.get(t::RETRYABLE);
    ErrorInfo {
        code: shape.name().to_string(),
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

/// The rustdoc of a shape's or member's documentation, from the texts converted up front.
fn docs_of(converted: &HashMap<&str, String>, traits: &crate::model::Traits) -> Option<String> {
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
fn closure_docs<'m>(model: &'m Model, resolved: &'m Resolved) -> impl Iterator<Item = &'m str> {
    std::iter::once(&resolved.service)
        .chain(&resolved.operations)
        .chain(&resolved.shapes)
        .filter_map(|id| model.shape(id))
        .flat_map(|s| std::iter::once(&s.traits).chain(s.members.iter().map(|m| &m.traits)))
        .filter_map(|traits| traits.get(t::DOCUMENTATION).and_then(Value::as_str))
}

fn deprecated_of(traits: &crate::model::Traits) -> Option<String> {
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

/// The service's `rename`s plus those that keep collapsing shape names apart (`naming`).
fn type_renames(
    model: &Model,
    resolved: &Resolved,
    service: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let generated = resolved
        .shapes
        .iter()
        .chain(&resolved.operations)
        .filter(|id| !id.starts_with("smithy.api#"))
        .filter_map(|id| {
            let shape = model.shape(id)?;
            let home = match shape.kind {
                ShapeKind::Operation => "operation",
                ShapeKind::Structure if shape.has_trait(t::ERROR) => "types::error",
                ShapeKind::Structure | ShapeKind::Union | ShapeKind::Enum | ShapeKind::IntEnum => {
                    "types"
                }
                _ => return None,
            };
            let name = service.get(id).cloned();
            Some((
                id.as_str(),
                home,
                name.unwrap_or_else(|| shape_name(id).to_string()),
            ))
        });
    let mut renames = service.clone();
    renames.extend(naming::unique_type_renames(generated));
    renames
}

/// Members whose Smithy names collapse to one Rust field or variant name get numbered ones
/// (the rule is in `naming`).
fn unique_member_names(members: &mut [MemberPlan]) {
    let fields = naming::unique_fields(members.iter().map(|m| m.wire_name.as_str()));
    let variants = naming::unique_union_variants(members.iter().map(|m| m.wire_name.as_str()));
    for ((m, field), variant) in members.iter_mut().zip(fields).zip(variants) {
        m.field = field;
        m.variant = variant;
    }
}

/// A member is sensitive when its target is, or when it is a collection of sensitive values.
fn is_sensitive(model: &Model, shape: &Shape) -> bool {
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

fn default_fits(ty: &TypeRef, v: &Value) -> bool {
    match ty {
        TypeRef::String | TypeRef::Enum(_) | TypeRef::Blob => v.is_string(),
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

/// Edges (shape, member target) that close a cycle through structures and unions only: those
/// members need a `Box`. Lists and maps already allocate, so a cycle through them needs none.
fn recursive_edges(model: &Model, shapes: &BTreeSet<String>) -> BTreeSet<(String, String)> {
    let inline = |id: &str| {
        model
            .shape(id)
            .is_some_and(|s| matches!(s.kind, ShapeKind::Structure | ShapeKind::Union))
    };
    let mut edges = BTreeSet::new();
    for id in shapes.iter().filter(|id| inline(id)) {
        for m in &model.shapes[id].members {
            if inline(&m.target) && reaches(model, &m.target, id, &inline) {
                edges.insert((id.clone(), m.target.clone()));
            }
        }
    }
    edges
}

fn reaches(model: &Model, from: &str, to: &str, inline: &dyn Fn(&str) -> bool) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if !seen.insert(id.clone()) {
            continue;
        }
        if let Some(s) = model.shape(&id) {
            stack.extend(
                s.members
                    .iter()
                    .map(|m| m.target.clone())
                    .filter(|t| inline(t)),
            );
        }
    }
    false
}

/// Two things that would get the same Rust name are an error naming both shape ids.
fn check_collisions(plan: &CratePlan, diags: &mut Diagnostics) {
    // Generated type names per module path.
    let mut names: BTreeMap<(Vec<String>, String), String> = BTreeMap::new();
    let mut add = |segments: Vec<String>, name: String, id: &str, diags: &mut Diagnostics| {
        match names.get(&(segments.clone(), name.clone())) {
            Some(other) if other != id => diags.push(
                None,
                Some(id),
                format!(
                    "would be generated as `crate::{}::{name}`, which {other} also becomes; give one of them another name with the service's `rename`",
                    segments.join("::")
                ),
            ),
            _ => {
                names.insert((segments, name), id.to_string());
            }
        }
    };
    for s in &plan.structs {
        add(
            s.path.home.segments(),
            s.path.name.clone(),
            &s.shape_id,
            diags,
        );
        add(
            s.path.home.builder_segments(),
            s.builder.clone(),
            &s.shape_id,
            diags,
        );
    }
    for e in &plan.enums {
        add(
            e.path.home.segments(),
            e.path.name.clone(),
            &e.shape_id,
            diags,
        );
    }
    for u in &plan.unions {
        add(
            u.path.home.segments(),
            u.path.name.clone(),
            &u.shape_id,
            diags,
        );
    }
    // Shared type files: one file per type, so their module names must differ too.
    let mut file_owner: BTreeMap<(bool, String), String> = BTreeMap::new();
    let all_files = plan
        .structs
        .iter()
        .map(|s| {
            (
                s.path.home == Home::Errors,
                s.file.clone(),
                s.shape_id.clone(),
            )
        })
        .chain(
            plan.enums
                .iter()
                .map(|e| (false, e.file.clone(), e.shape_id.clone())),
        )
        .chain(
            plan.unions
                .iter()
                .map(|u| (false, u.file.clone(), u.shape_id.clone())),
        );
    for (is_err, file, id) in all_files {
        let key = (is_err, file.clone());
        match file_owner.get(&key) {
            Some(other) if *other != id => diags.push(
                None,
                Some(&id),
                format!("its module file `{file}` collides with {other}'s; rename one of them"),
            ),
            _ => {
                file_owner.insert(key, id);
            }
        }
    }
    let mut modules: BTreeMap<String, String> = BTreeMap::new();
    for op in &plan.operations {
        if let Some(other) = modules.insert(op.module.clone(), op.shape_id.clone()) {
            diags.push(
                None,
                Some(&op.shape_id),
                format!(
                    "operation module/method `{}` collides with {other}",
                    op.module
                ),
            );
        }
        for s in [&op.input, &op.output] {
            check_fields(s, diags);
        }
        let mut variants: BTreeMap<String, String> = BTreeMap::new();
        variants.insert(
            naming::UNHANDLED_VARIANT.to_string(),
            "the generated catch-all".into(),
        );
        for e in &op.errors {
            if let Some(other) = variants.insert(e.variant.clone(), e.path.name.clone()) {
                diags.push(
                    None,
                    Some(&op.shape_id),
                    format!("error variant `{}` collides with {other}", e.variant),
                );
            }
        }
    }
    for s in &plan.structs {
        check_fields(s, diags);
    }
    for e in &plan.enums {
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for v in &e.variants {
            if let Some(other) = seen.insert(v.name.clone(), &v.value) {
                diags.push(
                    None,
                    Some(&e.shape_id),
                    format!(
                        "enum members for values \"{other}\" and \"{}\" both become variant `{}`",
                        v.value, v.name
                    ),
                );
            }
        }
    }
    for u in &plan.unions {
        let mut helpers: BTreeMap<String, &str> = BTreeMap::new();
        helpers.insert("is_unknown".into(), "the generated `is_unknown`");
        for m in &u.members {
            let snake = heck::ToSnakeCase::to_snake_case(m.variant.as_str());
            for h in [format!("as_{snake}"), format!("is_{snake}")] {
                if let Some(other) = helpers.insert(h.clone(), &m.wire_name) {
                    diags.push(
                        None,
                        Some(&format!("{}${}", u.shape_id, m.wire_name)),
                        format!("its helper `{h}` is also generated for {other}"),
                    );
                }
            }
        }
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for m in &u.members {
            if let Some(other) = seen.insert(m.variant.clone(), &m.wire_name) {
                diags.push(
                    None,
                    Some(&format!("{}${}", u.shape_id, m.wire_name)),
                    format!("becomes variant `{}`, as does member {other}", m.variant),
                );
            }
        }
    }
}

/// Fields, and the builder methods derived from them (`x`, `set_x`, `get_x`), must be unique.
fn check_fields(s: &StructPlan, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for m in &s.members {
        for method in [
            m.field.clone(),
            format!("set_{}", m.field),
            format!("get_{}", m.field),
        ] {
            let ident = naming::ident_text(&method);
            if let Some(other) = seen.insert(ident.clone(), &m.wire_name) {
                diags.push(
                    None,
                    Some(&format!("{}${}", s.shape_id, m.wire_name)),
                    format!(
                        "its Rust name `{ident}` is also used for member {}${other}",
                        s.shape_id
                    ),
                );
                // `x`, `set_x` and `get_x` collide together; one message per member is enough.
                break;
            }
        }
    }
}
