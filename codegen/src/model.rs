//! The in-memory Smithy model: shapes keyed by absolute shape id, traits kept as raw JSON.

use serde_json::Value;
use std::collections::BTreeMap;

/// Trait id (absolute, e.g. `smithy.api#required`) to its JSON value.
pub type Traits = BTreeMap<String, Value>;

/// The kinds of shape the JSON AST knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum ShapeKind {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
    Enum,
    IntEnum,
    List,
    Map,
    Structure,
    Union,
    Service,
    Resource,
    Operation,
}

impl ShapeKind {
    const ALL: [(ShapeKind, &'static str); 22] = [
        (ShapeKind::Blob, "blob"),
        (ShapeKind::Boolean, "boolean"),
        (ShapeKind::String, "string"),
        (ShapeKind::Byte, "byte"),
        (ShapeKind::Short, "short"),
        (ShapeKind::Integer, "integer"),
        (ShapeKind::Long, "long"),
        (ShapeKind::Float, "float"),
        (ShapeKind::Double, "double"),
        (ShapeKind::BigInteger, "bigInteger"),
        (ShapeKind::BigDecimal, "bigDecimal"),
        (ShapeKind::Timestamp, "timestamp"),
        (ShapeKind::Document, "document"),
        (ShapeKind::Enum, "enum"),
        (ShapeKind::IntEnum, "intEnum"),
        (ShapeKind::List, "list"),
        (ShapeKind::Map, "map"),
        (ShapeKind::Structure, "structure"),
        (ShapeKind::Union, "union"),
        (ShapeKind::Service, "service"),
        (ShapeKind::Resource, "resource"),
        (ShapeKind::Operation, "operation"),
    ];

    /// Parses the JSON AST `type` value (`"set"` is the Smithy 1 alias of `"list"`).
    pub fn parse(s: &str) -> Option<ShapeKind> {
        if s == "set" {
            return Some(ShapeKind::List);
        }
        Self::ALL.iter().find(|(_, n)| *n == s).map(|(k, _)| *k)
    }

    /// The JSON AST spelling.
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map(|(_, n)| *n)
            .unwrap_or("?")
    }

    /// Whether members of this kind are named children (`members` in the AST).
    pub fn has_named_members(self) -> bool {
        matches!(
            self,
            ShapeKind::Structure | ShapeKind::Union | ShapeKind::Enum | ShapeKind::IntEnum
        )
    }

    /// Shapes that are values on the wire (not service, resource or operation).
    pub fn is_data(self) -> bool {
        !matches!(
            self,
            ShapeKind::Service | ShapeKind::Resource | ShapeKind::Operation
        )
    }
}

/// A member of an aggregate shape (for a list `member`, for a map `key` and `value`).
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The member name as written in the model.
    pub name: String,
    /// Absolute id of the shape it targets.
    pub target: String,
    /// Traits applied to the member itself.
    pub traits: Traits,
}

/// References held by service, resource and operation shapes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ShapeRefs {
    /// Service `version`.
    pub version: Option<String>,
    /// Service/resource `operations`.
    pub operations: Vec<String>,
    /// Service/resource `resources`.
    pub resources: Vec<String>,
    /// Service or operation `errors`.
    pub errors: Vec<String>,
    /// Service `rename`: shape id to the name used in this service.
    pub rename: BTreeMap<String, String>,
    /// Operation `input`.
    pub input: Option<String>,
    /// Operation `output`.
    pub output: Option<String>,
    /// Resource `identifiers`.
    pub identifiers: BTreeMap<String, String>,
    /// Resource `properties`.
    pub properties: BTreeMap<String, String>,
    /// Resource lifecycle operations (`create`, `put`, `read`, `update`, `delete`, `list`).
    pub lifecycle: BTreeMap<String, String>,
    /// Resource `collectionOperations`.
    pub collection_operations: Vec<String>,
}

/// One shape of the model.
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    /// Absolute shape id, `namespace#Name`.
    pub id: String,
    /// The shape's kind.
    pub kind: ShapeKind,
    /// Members in model order.
    pub members: Vec<Member>,
    /// Traits applied to the shape.
    pub traits: Traits,
    /// Mixins (absolute ids), in order.
    pub mixins: Vec<String>,
    /// Service, resource and operation references.
    pub refs: ShapeRefs,
    /// The file that defined the shape (`None` for the prelude).
    pub file: Option<String>,
}

impl Shape {
    /// The shape name, without namespace.
    pub fn name(&self) -> &str {
        shape_name(&self.id)
    }

    /// A member by name.
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }

    /// Whether the shape has the trait.
    pub fn has_trait(&self, id: &str) -> bool {
        self.traits.contains_key(id)
    }
}

/// A loaded, merged model.
#[derive(Clone, Debug, Default)]
pub struct Model {
    /// Every shape by absolute id, prelude included.
    pub shapes: BTreeMap<String, Shape>,
    /// Merged `metadata`.
    pub metadata: BTreeMap<String, Value>,
}

impl Model {
    /// A shape by id.
    pub fn shape(&self, id: &str) -> Option<&Shape> {
        self.shapes.get(id)
    }
}

/// The strings of a JSON array (a trait value such as `encodings` or `tags`); non-strings are
/// skipped and anything but an array is empty.
pub fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The name part of `ns#Name` (or of `ns#Name$member`, the shape name).
pub fn shape_name(id: &str) -> &str {
    let rest = id.split_once('#').map(|(_, r)| r).unwrap_or(id);
    rest.split_once('$').map(|(n, _)| n).unwrap_or(rest)
}

/// The namespace part of `ns#Name`.
pub fn namespace(id: &str) -> &str {
    id.split_once('#').map(|(ns, _)| ns).unwrap_or("")
}

/// Whether `id` is a syntactically valid absolute shape id (no member part).
pub fn is_valid_shape_id(id: &str) -> bool {
    let Some((ns, name)) = id.split_once('#') else {
        return false;
    };
    !ns.is_empty() && ns.split('.').all(is_identifier) && is_identifier(name)
}

/// Whether `s` is a Smithy identifier (`[A-Za-z_][A-Za-z0-9_]*`, not only underscores).
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && s.chars().any(|c| c != '_')
}

/// Well-known trait ids.
pub mod traits {
    #![allow(missing_docs)]
    pub const DOCUMENTATION: &str = "smithy.api#documentation";
    pub const REQUIRED: &str = "smithy.api#required";
    pub const DEFAULT: &str = "smithy.api#default";
    pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
    pub const INPUT: &str = "smithy.api#input";
    pub const OUTPUT: &str = "smithy.api#output";
    pub const ERROR: &str = "smithy.api#error";
    pub const HTTP_ERROR: &str = "smithy.api#httpError";
    pub const RETRYABLE: &str = "smithy.api#retryable";
    pub const SENSITIVE: &str = "smithy.api#sensitive";
    pub const SPARSE: &str = "smithy.api#sparse";
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    pub const ENUM: &str = "smithy.api#enum";
    pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    pub const PAGINATED: &str = "smithy.api#paginated";
    pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
    pub const MIXIN: &str = "smithy.api#mixin";
    pub const UNIT_TYPE: &str = "smithy.api#unitType";
    pub const DEPRECATED: &str = "smithy.api#deprecated";
    pub const AUTH: &str = "smithy.api#auth";
    pub const OPTIONAL_AUTH: &str = "smithy.api#optionalAuth";
    pub const TITLE: &str = "smithy.api#title";
    pub const AWS_JSON_1_0: &str = "aws.protocols#awsJson1_0";
    pub const AWS_JSON_1_1: &str = "aws.protocols#awsJson1_1";
    pub const RPCV2_CBOR: &str = "smithy.protocols#rpcv2Cbor";
    pub const RPCV2_JSON: &str = "smithy.protocols#rpcv2Json";
    pub const AWS_QUERY_COMPATIBLE: &str = "aws.protocols#awsQueryCompatible";
    pub const SIGV4: &str = "aws.auth#sigv4";
    pub const AWS_SERVICE: &str = "aws.api#service";
    pub const ENDPOINT_RULE_SET: &str = "smithy.rules#endpointRuleSet";
    pub const UNIT: &str = "smithy.api#Unit";
    pub const ENDPOINT: &str = "smithy.api#endpoint";
    pub const HOST_LABEL: &str = "smithy.api#hostLabel";
    pub const REQUEST_COMPRESSION: &str = "smithy.api#requestCompression";
    pub const ENDPOINT_TESTS: &str = "smithy.rules#endpointTests";
    pub const HTTP_REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
    pub const EVENT_STREAM_TESTS: &str = "smithy.test#eventStreamTests";
    pub const HTTP_RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";
    pub const NO_AUTH: &str = "smithy.api#noAuth";
    pub const HTTP_BEARER_AUTH: &str = "smithy.api#httpBearerAuth";
    pub const HTTP_API_KEY_AUTH: &str = "smithy.api#httpApiKeyAuth";
    pub const HTTP_BASIC_AUTH: &str = "smithy.api#httpBasicAuth";
    pub const HTTP_DIGEST_AUTH: &str = "smithy.api#httpDigestAuth";
    pub const AUTH_DEFINITION: &str = "smithy.api#authDefinition";
    pub const UNSIGNED_PAYLOAD: &str = "aws.auth#unsignedPayload";
    pub const PROTOCOL_DEFINITION: &str = "smithy.api#protocolDefinition";
    pub const REST_JSON_1: &str = "aws.protocols#restJson1";
    pub const HTTP: &str = "smithy.api#http";
    pub const HTTP_LABEL: &str = "smithy.api#httpLabel";
    pub const HTTP_QUERY: &str = "smithy.api#httpQuery";
    pub const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
    pub const HTTP_HEADER: &str = "smithy.api#httpHeader";
    pub const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
    pub const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
    pub const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
    pub const HTTP_CHECKSUM_REQUIRED: &str = "smithy.api#httpChecksumRequired";
    pub const JSON_NAME: &str = "smithy.api#jsonName";
    pub const MEDIA_TYPE: &str = "smithy.api#mediaType";
    pub const STREAMING: &str = "smithy.api#streaming";
    pub const REQUIRES_LENGTH: &str = "smithy.api#requiresLength";
    pub const EVENT_HEADER: &str = "smithy.api#eventHeader";
    pub const EVENT_PAYLOAD: &str = "smithy.api#eventPayload";
    /// This generator's own trait: see `plan::ENDPOINT_URL_TRAIT`.
    pub const ENDPOINT_URL: &str = "smithy.rust.client#endpointUrl";
    pub const REST_XML: &str = "aws.protocols#restXml";
    pub const AWS_QUERY: &str = "aws.protocols#awsQuery";
    pub const EC2_QUERY: &str = "aws.protocols#ec2Query";
    pub const AWS_QUERY_ERROR: &str = "aws.protocols#awsQueryError";
    pub const EC2_QUERY_NAME: &str = "aws.protocols#ec2QueryName";
    pub const XML_NAME: &str = "smithy.api#xmlName";
    pub const XML_NAMESPACE: &str = "smithy.api#xmlNamespace";
    pub const XML_ATTRIBUTE: &str = "smithy.api#xmlAttribute";
    pub const XML_FLATTENED: &str = "smithy.api#xmlFlattened";
    pub const S3_UNWRAPPED_XML_OUTPUT: &str = "aws.customizations#s3UnwrappedXmlOutput";
}
