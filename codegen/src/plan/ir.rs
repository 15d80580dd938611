//! The plan's data: every Rust name, type, module and option, decided before emitting.

use serde_json::Value;

/// Everything the emitter needs, fully decided.
#[derive(Debug)]
pub struct CratePlan {
    /// Things the generator decided to leave out or could not honour, each naming its shape
    /// (e.g. a paginator whose input and output tokens differ in type). Generation goes on; callers print them.
    pub warnings: Vec<crate::error::Diagnostic>,
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
    /// `smithy.waiters#waitable` waiters of the operations, sorted by module.
    pub waiters: Vec<crate::waiters::WaiterPlan>,
    /// One cargo feature per operation (`Settings::features_per_operation`); `None`: every
    /// operation is always compiled.
    pub features: Option<super::features::FeaturePlan>,
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
    /// `aws.api#service` endpointPrefix, or the lower-cased sdkId; empty without
    /// `aws.api#service` (a service outside AWS: the base URL comes from the config).
    pub endpoint_prefix: String,
    /// The service `version`.
    pub api_version: String,
    /// `aws.protocols#awsQueryCompatible`.
    pub query_compatible: bool,
    /// The service's `@xmlNamespace`: the namespace of XML request bodies' root element.
    pub xml_namespace: Option<XmlNamespace>,
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
    /// `aws.protocols#restJson1`.
    RestJson1,
    /// `aws.protocols#restXml`.
    RestXml,
    /// `aws.protocols#awsQuery`.
    AwsQuery,
    /// `aws.protocols#ec2Query`.
    Ec2Query,
    /// `smithy.protocols#rpcv2Cbor`.
    RpcV2Cbor,
    /// `smithy.protocols#rpcv2Json`.
    RpcV2Json,
}

impl Protocol {
    /// Every protocol this generator speaks, in the order it picks one when a service
    /// supports several.
    pub const ALL: [Protocol; 8] = [
        Protocol::AwsJson1_0,
        Protocol::AwsJson1_1,
        Protocol::RestJson1,
        Protocol::RestXml,
        Protocol::AwsQuery,
        Protocol::Ec2Query,
        Protocol::RpcV2Cbor,
        Protocol::RpcV2Json,
    ];

    /// Whether members are placed with the HTTP binding traits (`@httpHeader`, `@httpLabel`,
    /// ...). RPC protocols ignore them and put every member in the body.
    pub fn uses_http_bindings(self) -> bool {
        matches!(self, Protocol::RestJson1 | Protocol::RestXml)
    }

    /// Whether bodies are XML documents (restXml, and the responses of the query protocols).
    pub fn is_xml(self) -> bool {
        matches!(
            self,
            Protocol::RestXml | Protocol::AwsQuery | Protocol::Ec2Query
        )
    }

    /// The name as in the Smithy trait (`awsJson1_0`).
    pub fn name(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "awsJson1_0",
            Protocol::AwsJson1_1 => "awsJson1_1",
            Protocol::RestJson1 => "restJson1",
            Protocol::RestXml => "restXml",
            Protocol::AwsQuery => "awsQuery",
            Protocol::Ec2Query => "ec2Query",
            Protocol::RpcV2Cbor => "rpcv2Cbor",
            Protocol::RpcV2Json => "rpcv2Json",
        }
    }

    /// The id of the protocol's trait on the service shape.
    pub fn trait_id(self) -> &'static str {
        use crate::model::traits as t;
        match self {
            Protocol::AwsJson1_0 => t::AWS_JSON_1_0,
            Protocol::AwsJson1_1 => t::AWS_JSON_1_1,
            Protocol::RestJson1 => t::REST_JSON_1,
            Protocol::RestXml => t::REST_XML,
            Protocol::AwsQuery => t::AWS_QUERY,
            Protocol::Ec2Query => t::EC2_QUERY,
            Protocol::RpcV2Cbor => t::RPCV2_CBOR,
            Protocol::RpcV2Json => t::RPCV2_JSON,
        }
    }
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

impl TypePath {
    /// The module of `crate::protocol_serde` holding this shared type's (de)serializers:
    /// `shape_<name>` for types, `error_<name>` for modeled errors.
    pub fn serde_module(&self) -> String {
        let stem = crate::naming::type_module(&self.name);
        match self.home {
            Home::Errors => format!("error{stem}"),
            _ => format!("shape{stem}"),
        }
    }
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
    /// Runtime `DateTime`, with the format `@timestampFormat` asks for (`None`: the default
    /// of the protocol and of the place the value is bound to).
    Timestamp(Option<TsFormat>),
    /// Runtime `Blob`.
    Blob,
    /// Runtime `ByteStream`: a `@streaming` blob bound to the HTTP payload of an operation's
    /// input or output, sent and read incrementally instead of held in memory.
    ByteStream,
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
    /// `smithy.api#Unit` as a union member's target: a variant without a value.
    Unit,
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
    /// Builder method that sets or clears the value (`set_<field>`).
    pub setter: String,
    /// Builder method that reads the value set so far (`get_<field>`).
    pub getter: String,
    /// Rust variant name (unions only).
    pub variant: String,
    /// Union helper returning the variant's value (`as_<variant>`; unions only).
    pub as_fn: String,
    /// Union helper testing for the variant (`is_<variant>`; unions only).
    pub is_fn: String,
    /// The value type.
    pub ty: TypeRef,
    /// Where the member goes in an HTTP message (always [`Location::Body`] below the top level
    /// and for protocols without HTTP bindings).
    pub location: Location,
    /// `@jsonName`: the key in JSON documents for protocols that honour it.
    pub json_name: Option<String>,
    /// XML element / query key naming of the member and, for lists and maps, of their items.
    pub xml: XmlPlan,
    /// The target's `@mediaType` (a string or blob with a declared content type).
    pub media_type: Option<String>,
    /// The target is a `@streaming` blob.
    pub streaming: bool,
    /// The target has `@requiresLength`: a stream of unknown length must not be sent.
    pub requires_length: bool,
    /// `@eventHeader`: in an event structure, the member is a header of the event message.
    pub event_header: bool,
    /// `@eventPayload`: in an event structure, the member is the whole payload.
    pub event_payload: bool,
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
    /// The root element name when the structure is a whole XML body (`@xmlName`, else the
    /// shape name).
    pub xml_name: String,
    /// The structure's `@xmlNamespace`.
    pub xml_namespace: Option<XmlNamespace>,
}

/// `@xmlNamespace`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlNamespace {
    /// The namespace URI.
    pub uri: String,
    /// The prefix (`xmlns:prefix=`), if any.
    pub prefix: Option<String>,
}

/// How a member (or a list item, map key or map value) is named in XML and in query forms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlPlan {
    /// The element name: `@xmlName`, else the member name (`member`, `key`, `value` for
    /// list items and map entries).
    pub name: String,
    /// `@xmlAttribute`: an attribute of the parent element.
    pub attribute: bool,
    /// `@xmlFlattened`: list items / map entries repeat in the parent, without a wrapper.
    pub flattened: bool,
    /// The member's `@xmlNamespace`.
    pub namespace: Option<XmlNamespace>,
    /// The ec2Query key: `@ec2QueryName`, else the capitalised `@xmlName`, else the
    /// capitalised member name.
    pub ec2_name: String,
    /// Whether `@xmlName` was given (awsQuery list items keep `member` otherwise).
    pub renamed: bool,
    /// List items or map keys and values.
    pub inner: XmlInner,
}

/// The naming of what a list or map holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum XmlInner {
    /// Not a collection.
    None,
    /// A list's items.
    List(Box<XmlPlan>),
    /// A map's keys and values.
    Map {
        /// The key element.
        key: Box<XmlPlan>,
        /// The value element.
        value: Box<XmlPlan>,
    },
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
    /// The element name when the union is a whole XML body (`@xmlName`, else the shape name).
    pub xml_name: String,
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
    /// The error enum's helper testing for this variant (`is_<variant>`).
    pub is_fn: String,
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
    /// Rust name of the paginator type (`<Op>Paginator`).
    pub name: String,
    /// Input member (field) carrying the token.
    pub input_token: MemberPlan,
    /// Path of output fields leading to the next token.
    pub output_token: Vec<MemberPlan>,
    /// Path of output fields leading to the items, if any.
    pub items: Option<Vec<MemberPlan>>,
    /// Input member carrying the page size, if any.
    pub page_size: Option<MemberPlan>,
    /// When the token is a structure: its members, which decide whether a token is "empty"
    /// (every optional member unset and every required string, list or map empty).
    pub token_members: Vec<MemberPlan>,
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
    /// The HTTP request layout.
    pub http: HttpPlan,
    /// `@httpChecksumRequired`: send `Content-MD5`.
    pub checksum_required: bool,
    /// The effective auth schemes, in order (`NoAuth` for anonymous), with the service
    /// traits' settings.
    pub auth: Vec<AuthPlan>,
    /// `@aws.auth#unsignedPayload`: SigV4 may sign `UNSIGNED-PAYLOAD`.
    pub unsigned_payload: bool,
    /// Headers sent on every request (service customizations).
    pub static_headers: Vec<(String, String)>,
    /// `(label member, value)`: a label sent as `value` when unset or empty (customizations).
    pub label_defaults: Vec<(String, String)>,
    /// Send Glacier's SHA-256 and tree-hash headers for the body (customization).
    pub glacier_checksums: bool,
    /// The output's event stream, taken out of `output.members` (the output struct holds the
    /// initial response; the stream is returned next to it as a receiver).
    pub output_stream: Option<EventStreamPlan>,
    /// The input's event stream, taken out of `input.members` (the input struct holds the
    /// initial request; the fluent builder holds the sender of the events).
    pub input_stream: Option<EventStreamPlan>,
    /// `aws.customizations#s3UnwrappedXmlOutput`: the output's one member is the root element.
    pub s3_unwrapped_output: bool,
    /// `aws.protocols#httpChecksum` (flexible checksums), if the operation has it.
    pub http_checksum: Option<super::checksum::HttpChecksumPlan>,
    /// A 2xx response may carry an error document (customization: S3's CopyObject, ...).
    pub error_in_success_body: bool,
    /// Endpoint rule-set parameters of the call (`@contextParam`, `@staticContextParams`).
    pub endpoint_params: Vec<super::endpoint_params::EndpointParamPlan>,
}

/// An input or output member targeting a `@streaming` union.
#[derive(Clone, Debug)]
pub struct EventStreamPlan {
    /// The input or output member.
    pub member: MemberPlan,
    /// The union's type.
    pub union: TypePath,
    /// Name of the generated error enum of the stream's modeled exception events.
    pub error_name: String,
    /// Union members that are events (target a non-error structure).
    pub events: Vec<MemberPlan>,
    /// Union members that are modeled exception events (target an `@error` structure).
    pub errors: Vec<MemberPlan>,
    /// The protocol has no HTTP bindings (awsJson, RPC v2): the other members travel as the
    /// stream's first event (`initial-request` / `initial-response`).
    pub initial_message: bool,
}

impl OperationPlan {
    /// The module of `crate::protocol_serde` holding the operation's request serializer and
    /// response parsers: `op_<module>`.
    pub fn serde_module(&self) -> String {
        format!("op_{}", self.module)
    }
}

/// A trait of this generator (not Smithy's) for a string input member whose value, when set,
/// replaces the client's endpoint for that call. AWS SDKs do this for a few operations
/// (MachineLearning `Predict` and its `PredictEndpoint`); models do not say so, so it is added
/// with an `apply` in a customization file next to the model.
pub const ENDPOINT_URL_TRAIT: &str = crate::model::traits::ENDPOINT_URL;

/// A piece of an `@endpoint` `hostPrefix` template.
#[derive(Clone, Debug)]
pub enum HostPrefixPart {
    /// Text copied as is (`foo.`).
    Literal(String),
    /// `{label}`: the value of this `@hostLabel` input member.
    Label(Box<MemberPlan>),
}

/// Where a member of an operation input, output or error goes in the HTTP message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A member of the body document.
    Body,
    /// `@httpLabel`: a `{label}` of the URI (`greedy`: `{label+}`, keeps `/`).
    Label {
        /// The label is greedy.
        greedy: bool,
    },
    /// `@httpQuery("name")`.
    Query(String),
    /// `@httpQueryParams`: a map of further query parameters.
    QueryParams,
    /// `@httpHeader("name")`.
    Header(String),
    /// `@httpPrefixHeaders("prefix")`: a map of headers named prefix + key.
    PrefixHeaders(String),
    /// `@httpPayload`: the member is the whole body.
    Payload,
    /// `@httpResponseCode`: the status code of the response.
    ResponseCode,
}

/// The HTTP request an operation sends: `@http`, or the fixed request of an RPC protocol.
#[derive(Clone, Debug)]
pub struct HttpPlan {
    /// The method (`GET`, `POST`, ...).
    pub method: String,
    /// The path, split into literal text and labels.
    pub path: Vec<UriPart>,
    /// The constant query of the URI pattern (`foo=bar&hello`), as written.
    pub query: String,
    /// The success status code.
    pub code: u16,
}

/// A piece of an `@http` URI path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UriPart {
    /// Text copied verbatim.
    Literal(String),
    /// `{name}` or `{name+}`: the input member `name` (its wire name).
    Label {
        /// The member's wire name.
        member: String,
        /// `{name+}`.
        greedy: bool,
    },
}

/// One auth scheme of an operation, with the service trait's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthPlan {
    /// `aws.auth#sigv4` with its signing name.
    SigV4 {
        /// The trait's `name`.
        signing_name: String,
    },
    /// `smithy.api#httpBearerAuth`.
    Bearer,
    /// `smithy.api#httpApiKeyAuth`.
    ApiKey {
        /// Header or query parameter name.
        name: String,
        /// `in: "query"` (else a header).
        in_query: bool,
        /// Optional scheme written before a header key.
        scheme: Option<String>,
    },
    /// `smithy.api#httpBasicAuth`.
    Basic,
    /// `smithy.api#noAuth`.
    NoAuth,
    /// A scheme the runtime cannot apply (shape id); never chosen at run time, and a
    /// warning at generation time.
    Unsupported(String),
}

impl AuthPlan {
    /// The scheme's shape id (`aws.auth#sigv4`, `smithy.api#httpBearerAuth`, ...).
    pub fn id(&self) -> &str {
        match self {
            AuthPlan::SigV4 { .. } => crate::model::traits::SIGV4,
            AuthPlan::Bearer => crate::model::traits::HTTP_BEARER_AUTH,
            AuthPlan::ApiKey { .. } => crate::model::traits::HTTP_API_KEY_AUTH,
            AuthPlan::Basic => crate::model::traits::HTTP_BASIC_AUTH,
            AuthPlan::NoAuth => crate::model::traits::NO_AUTH,
            AuthPlan::Unsupported(id) => id,
        }
    }

    /// Whether this is SigV4.
    pub fn is_sigv4(&self) -> bool {
        matches!(self, AuthPlan::SigV4 { .. })
    }
}
