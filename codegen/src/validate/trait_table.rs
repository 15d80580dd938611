//! The traits [`super::traits`] checks: selector (as in the trait definition, and as a Rust
//! predicate), value form, conflicts and structural exclusivity. Written from the prelude
//! (`smithy.api`) and the AWS protocol, auth and service trait definitions; selectors that walk
//! further than a member's target are checked one step deep. As in Smithy's selectors, `string`
//! also matches enums and `integer`/`number` also match intEnums.

use super::traits::Site;
use super::values::{Field, Ty, opt, req};
use crate::model::ShapeKind::{self, *};

/// How a trait is structurally exclusive within a structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exclusive {
    /// Any number of members may use it.
    No,
    /// Only one member may have it.
    Member,
    /// Only one member may target a shape that has it.
    Target,
}

/// One trait's rules.
pub struct Spec {
    /// Absolute trait id.
    pub id: &'static str,
    /// The selector as the trait definition writes it (for messages).
    pub selector: &'static str,
    /// The selector as a predicate.
    pub applies: fn(&Site<'_>) -> bool,
    /// The value's form.
    pub value: Ty,
    /// Traits that may not be applied together with this one.
    pub conflicts: &'static [&'static str],
    /// Structural exclusivity.
    pub exclusive: Exclusive,
    /// An auth scheme trait (`@authDefinition`), usable in `@auth`.
    pub auth_scheme: bool,
}

const NUMBER: &[ShapeKind] = &[
    Byte, Short, Integer, Long, Float, Double, BigInteger, BigDecimal, IntEnum,
];
const STRING: &[ShapeKind] = &[String, Enum];
const SIMPLE: &[ShapeKind] = &[
    Blob, Boolean, String, Byte, Short, Integer, Long, Float, Double, BigInteger, BigDecimal,
    Timestamp, Document, Enum, IntEnum,
];
const SCALAR: &[ShapeKind] = &[
    Boolean, String, Enum, Byte, Short, Integer, Long, Float, Double, BigInteger, BigDecimal,
    IntEnum, Timestamp,
];

fn targets(s: &Site<'_>, kinds: &[ShapeKind]) -> bool {
    s.member.is_some() && s.value_kind().is_some_and(|k| kinds.contains(&k))
}

/// `:test(X, member > X)`.
fn shape_or_member(s: &Site<'_>, kinds: &[ShapeKind]) -> bool {
    s.shape_of(kinds) || targets(s, kinds)
}

fn structure_member(s: &Site<'_>) -> bool {
    s.member_of(&[Structure])
}

fn service(s: &Site<'_>) -> bool {
    s.shape_of(&[Service])
}

fn operation(s: &Site<'_>) -> bool {
    s.shape_of(&[Operation])
}

fn error_structure(s: &Site<'_>) -> bool {
    s.shape_of(&[Structure]) && s.has("smithy.api#error")
}

fn not_member(s: &Site<'_>) -> bool {
    s.member.is_none()
}

const fn spec(
    id: &'static str,
    selector: &'static str,
    applies: fn(&Site<'_>) -> bool,
    value: Ty,
) -> Spec {
    Spec {
        id,
        selector,
        applies,
        value,
        conflicts: &[],
        exclusive: Exclusive::No,
        auth_scheme: false,
    }
}

const fn conflicts(mut s: Spec, with: &'static [&'static str]) -> Spec {
    s.conflicts = with;
    s
}

const fn exclusive(mut s: Spec, how: Exclusive) -> Spec {
    s.exclusive = how;
    s
}

const fn auth_scheme(mut s: Spec) -> Spec {
    s.auth_scheme = true;
    s
}

const PROTOCOL_FIELDS: &[Field] = &[
    opt("http", Ty::List(&Ty::Str)),
    opt("eventStreamHttp", Ty::List(&Ty::Str)),
];
const HTTP_BINDING_CONFLICTS: [&str; 7] = [
    "smithy.api#httpLabel",
    "smithy.api#httpQuery",
    "smithy.api#httpQueryParams",
    "smithy.api#httpHeader",
    "smithy.api#httpPrefixHeaders",
    "smithy.api#httpPayload",
    "smithy.api#httpResponseCode",
];

/// Every checked trait. Values of `@documentation`, `@required`, `@error`, `@httpError`,
/// `@retryable`, `@timestampFormat`, `@paginated`, `@enumValue` and the other annotations the
/// generator reads are also checked by `resolve` (their value forms are `Any` here so a bad
/// value is reported once), and `@length`/`@range`/`@default` values by `constraints`.
pub static TRAITS: &[Spec] = &[
    // Type refinement.
    spec(
        "smithy.api#required",
        "structure > member",
        structure_member,
        Ty::Any,
    ),
    spec(
        "smithy.api#clientOptional",
        "structure > member",
        structure_member,
        Ty::Any,
    ),
    spec(
        "smithy.api#default",
        ":is(simpleType, list, map, structure > member :test(> :is(simpleType, list, map)))",
        |s| match s.member {
            None => s.shape_of(SIMPLE) || s.shape_of(&[List, Map]),
            Some(_) => {
                s.member_of(&[Structure])
                    && s.value_kind()
                        .is_some_and(|k| SIMPLE.contains(&k) || matches!(k, List | Map))
            }
        },
        Ty::Any,
    ),
    spec(
        "smithy.api#addedDefault",
        "structure > member [trait|default]",
        |s| structure_member(s) && s.has("smithy.api#default"),
        Ty::Object,
    ),
    conflicts(
        spec(
            "smithy.api#input",
            "structure",
            |s| s.shape_of(&[Structure]),
            Ty::Any,
        ),
        &["smithy.api#output", "smithy.api#error"],
    ),
    conflicts(
        spec(
            "smithy.api#output",
            "structure",
            |s| s.shape_of(&[Structure]),
            Ty::Any,
        ),
        &["smithy.api#input", "smithy.api#error"],
    ),
    conflicts(
        spec(
            "smithy.api#error",
            "structure",
            |s| s.shape_of(&[Structure]),
            Ty::Any,
        ),
        &["smithy.api#trait"],
    ),
    spec(
        "smithy.api#httpError",
        "structure[trait|error]",
        error_structure,
        Ty::Any,
    ),
    spec(
        "smithy.api#retryable",
        "structure[trait|error]",
        error_structure,
        Ty::Any,
    ),
    spec(
        "smithy.api#sparse",
        ":is(list, map)",
        |s| s.shape_of(&[List, Map]),
        Ty::Any,
    ),
    spec(
        "smithy.api#enumValue",
        ":is(enum, intEnum) > member",
        |s| s.member_of(&[Enum, IntEnum]),
        Ty::Any,
    ),
    spec(
        "smithy.api#mixin",
        ":not(member)",
        not_member,
        Ty::Fields(&[opt("localTraits", Ty::List(&Ty::ShapeId))]),
    ),
    spec(
        "smithy.api#unitType",
        "[id=smithy.api#Unit]",
        |_| false,
        Ty::Object,
    ),
    // Constraints.
    spec(
        "smithy.api#length",
        ":test(list, map, string, blob, member > :is(list, map, string, blob))",
        |s| shape_or_member(s, &[List, Map, String, Enum, Blob]),
        Ty::Any,
    ),
    spec(
        "smithy.api#range",
        ":test(number, member > number)",
        |s| shape_or_member(s, NUMBER),
        Ty::Any,
    ),
    spec(
        "smithy.api#pattern",
        ":test(string, member > string)",
        |s| shape_or_member(s, STRING),
        Ty::Str,
    ),
    conflicts(
        spec(
            "smithy.api#uniqueItems",
            "list :not(> member ~> :is(float, double, document))",
            |s| s.shape_of(&[List]) && !s.shape.members.is_empty(),
            Ty::Object,
        ),
        &["smithy.api#sparse"],
    ),
    spec(
        "smithy.api#idRef",
        ":test(string, member > string)",
        |s| shape_or_member(s, STRING),
        Ty::Any,
    ),
    // Behaviour.
    exclusive(
        spec(
            "smithy.api#idempotencyToken",
            "structure > :test(member > string)",
            |s| structure_member(s) && targets(s, STRING),
            Ty::Any,
        ),
        Exclusive::Member,
    ),
    conflicts(
        spec("smithy.api#readonly", "operation", operation, Ty::Object),
        &["smithy.api#idempotent"],
    ),
    conflicts(
        spec("smithy.api#idempotent", "operation", operation, Ty::Object),
        &["smithy.api#readonly"],
    ),
    spec(
        "smithy.api#paginated",
        ":is(service, operation)",
        |s| s.shape_of(&[Service, Operation]),
        Ty::Any,
    ),
    spec(
        "smithy.api#requestCompression",
        "operation",
        operation,
        Ty::Fields(&[req("encodings", Ty::List(&Ty::Str))]),
    ),
    spec(
        "smithy.api#httpChecksumRequired",
        "operation",
        operation,
        Ty::Object,
    ),
    spec(
        "smithy.api#optionalAuth",
        "operation",
        operation,
        Ty::Object,
    ),
    spec(
        "smithy.api#auth",
        ":is(service, operation)",
        |s| s.shape_of(&[Service, Operation]),
        Ty::List(&Ty::ShapeId),
    ),
    spec(
        "smithy.api#examples",
        "operation",
        operation,
        Ty::List(&Ty::Object),
    ),
    // Documentation.
    spec("smithy.api#documentation", "*", |_| true, Ty::Any),
    spec(
        "smithy.api#deprecated",
        "*",
        |_| true,
        Ty::Fields(&[opt("message", Ty::Str), opt("since", Ty::Str)]),
    ),
    spec("smithy.api#title", "*", |_| true, Ty::Str),
    spec("smithy.api#since", "*", |_| true, Ty::Str),
    spec("smithy.api#tags", "*", |_| true, Ty::List(&Ty::Str)),
    spec(
        "smithy.api#externalDocumentation",
        "*",
        |_| true,
        Ty::StrMap,
    ),
    spec("smithy.api#internal", "*", |_| true, Ty::Object),
    spec("smithy.api#unstable", "*", |_| true, Ty::Object),
    spec("smithy.api#suppress", "*", |_| true, Ty::List(&Ty::Str)),
    spec(
        "smithy.api#sensitive",
        ":not(:test(service, operation, resource, member))",
        |s| s.member.is_none() && !s.shape_of(&[Service, Operation, Resource]),
        Ty::Any,
    ),
    conflicts(
        spec(
            "smithy.api#recommended",
            "structure > member",
            structure_member,
            Ty::Fields(&[opt("reason", Ty::Str)]),
        ),
        &["smithy.api#required"],
    ),
    // Streaming.
    exclusive(
        spec(
            "smithy.api#streaming",
            ":is(blob, union)",
            |s| s.shape_of(&[Blob, Union]),
            Ty::Object,
        ),
        Exclusive::Target,
    ),
    spec(
        "smithy.api#requiresLength",
        "blob[trait|streaming]",
        |s| s.shape_of(&[Blob]) && s.has("smithy.api#streaming"),
        Ty::Object,
    ),
    // Serialization.
    spec(
        "smithy.api#jsonName",
        ":is(structure, union) > member",
        |s| s.member_of(&[Structure, Union]),
        Ty::Str,
    ),
    spec(
        "smithy.api#timestampFormat",
        ":test(timestamp, member > timestamp)",
        |s| shape_or_member(s, &[Timestamp]),
        Ty::Any,
    ),
    spec(
        "smithy.api#mediaType",
        ":is(blob, string)",
        |s| s.shape_of(&[Blob, String, Enum]),
        Ty::Str,
    ),
    conflicts(
        spec(
            "smithy.api#xmlAttribute",
            "structure > :test(member > :test(boolean, number, string, timestamp))",
            |s| structure_member(s) && targets(s, SCALAR),
            Ty::Object,
        ),
        &["smithy.api#xmlNamespace"],
    ),
    spec(
        "smithy.api#xmlFlattened",
        ":is(structure, union) > :test(member > :test(list, map))",
        |s| s.member_of(&[Structure, Union]) && targets(s, &[List, Map]),
        Ty::Object,
    ),
    spec(
        "smithy.api#xmlName",
        ":is(structure, union, member)",
        |s| s.member.is_some() || s.shape_of(&[Structure, Union]),
        Ty::NonEmptyStr,
    ),
    conflicts(
        spec(
            "smithy.api#xmlNamespace",
            ":is(service, member, simpleType, list, map, structure, union)",
            |s| s.member.is_some() || !s.shape_of(&[Operation, Resource]),
            Ty::Fields(&[req("uri", Ty::NonEmptyStr), opt("prefix", Ty::NonEmptyStr)]),
        ),
        &["smithy.api#xmlAttribute"],
    ),
    // HTTP bindings.
    spec(
        "smithy.api#http",
        "operation",
        operation,
        Ty::Fields(&[
            req("method", Ty::NonEmptyStr),
            req("uri", Ty::NonEmptyStr),
            opt("code", Ty::Int(100, 999)),
        ]),
    ),
    conflicts(
        spec(
            "smithy.api#httpLabel",
            "structure > member[trait|required] :test(> :test(string, number, boolean, timestamp))",
            |s| structure_member(s) && s.has("smithy.api#required") && targets(s, SCALAR),
            Ty::Object,
        ),
        &HTTP_BINDING_CONFLICTS,
    ),
    conflicts(
        spec(
            "smithy.api#httpQuery",
            "structure > :test(member > :test(simpleType, list :test(> member > simpleType)))",
            |s| {
                structure_member(s)
                    && targets(
                        s,
                        &[
                            Blob, Boolean, String, Byte, Short, Integer, Long, Float, Double,
                            BigInteger, BigDecimal, Timestamp, Document, Enum, IntEnum, List,
                        ],
                    )
            },
            Ty::NonEmptyStr,
        ),
        &HTTP_BINDING_CONFLICTS,
    ),
    exclusive(
        conflicts(
            spec(
                "smithy.api#httpQueryParams",
                "structure > member :test(> map)",
                |s| structure_member(s) && targets(s, &[Map]),
                Ty::Object,
            ),
            &HTTP_BINDING_CONFLICTS,
        ),
        Exclusive::Member,
    ),
    conflicts(
        spec(
            "smithy.api#httpHeader",
            "structure > :test(member > :test(boolean, number, string, timestamp, list > member > :test(boolean, number, string, timestamp)))",
            |s| {
                structure_member(s)
                    && targets(
                        s,
                        &[
                            Boolean, String, Enum, Byte, Short, Integer, Long, Float, Double,
                            BigInteger, BigDecimal, IntEnum, Timestamp, List,
                        ],
                    )
            },
            Ty::NonEmptyStr,
        ),
        &HTTP_BINDING_CONFLICTS,
    ),
    exclusive(
        conflicts(
            spec(
                "smithy.api#httpPrefixHeaders",
                "structure > member :test(> map > member[id|member=value] > string)",
                |s| structure_member(s) && targets(s, &[Map]),
                Ty::Str,
            ),
            &HTTP_BINDING_CONFLICTS,
        ),
        Exclusive::Member,
    ),
    exclusive(
        conflicts(
            spec(
                "smithy.api#httpPayload",
                "structure > member",
                structure_member,
                Ty::Object,
            ),
            &HTTP_BINDING_CONFLICTS,
        ),
        Exclusive::Member,
    ),
    exclusive(
        conflicts(
            spec(
                "smithy.api#httpResponseCode",
                "structure :not([trait|input]) > member :test(> integer)",
                |s| {
                    structure_member(s)
                        && !s.shape.has_trait("smithy.api#input")
                        && targets(s, &[Integer, IntEnum])
                },
                Ty::Object,
            ),
            &HTTP_BINDING_CONFLICTS,
        ),
        Exclusive::Member,
    ),
    spec(
        "smithy.api#hostLabel",
        "structure > :test(member[trait|required] > string)",
        |s| structure_member(s) && s.has("smithy.api#required") && targets(s, STRING),
        Ty::Object,
    ),
    spec(
        "smithy.api#endpoint",
        "operation",
        operation,
        Ty::Fields(&[req("hostPrefix", Ty::NonEmptyStr)]),
    ),
    spec("smithy.api#cors", "service", service, Ty::Object),
    exclusive(
        conflicts(
            spec(
                "smithy.api#eventPayload",
                "structure > :test(member > :test(blob, string, structure, union))",
                |s| structure_member(s) && targets(s, &[Blob, String, Enum, Structure, Union]),
                Ty::Object,
            ),
            &["smithy.api#eventHeader"],
        ),
        Exclusive::Member,
    ),
    // Auth schemes (prelude).
    auth_scheme(spec(
        "smithy.api#httpBasicAuth",
        "service",
        service,
        Ty::Object,
    )),
    auth_scheme(spec(
        "smithy.api#httpDigestAuth",
        "service",
        service,
        Ty::Object,
    )),
    auth_scheme(spec(
        "smithy.api#httpBearerAuth",
        "service",
        service,
        Ty::Object,
    )),
    auth_scheme(spec(
        "smithy.api#httpApiKeyAuth",
        "service",
        service,
        Ty::Fields(&[
            req("name", Ty::NonEmptyStr),
            req("in", Ty::OneOf(&["header", "query"])),
            opt("scheme", Ty::NonEmptyStr),
        ]),
    )),
    // Resources.
    spec(
        "smithy.api#noReplace",
        "resource:test(-[put]->)",
        |s| s.shape_of(&[Resource]) && s.shape.refs.lifecycle.contains_key("put"),
        Ty::Object,
    ),
    conflicts(
        spec(
            "smithy.api#resourceIdentifier",
            "structure > :test(member[trait|required] > string)",
            |s| structure_member(s) && s.has("smithy.api#required") && targets(s, STRING),
            Ty::NonEmptyStr,
        ),
        &["smithy.api#property"],
    ),
    // AWS protocols.
    spec(
        "aws.protocols#awsJson1_0",
        "service",
        service,
        Ty::Fields(PROTOCOL_FIELDS),
    ),
    spec(
        "aws.protocols#awsJson1_1",
        "service",
        service,
        Ty::Fields(PROTOCOL_FIELDS),
    ),
    spec(
        "aws.protocols#restJson1",
        "service",
        service,
        Ty::Fields(PROTOCOL_FIELDS),
    ),
    spec(
        "aws.protocols#restXml",
        "service",
        service,
        Ty::Fields(&[
            opt("http", Ty::List(&Ty::Str)),
            opt("eventStreamHttp", Ty::List(&Ty::Str)),
            opt("noErrorWrapping", Ty::Bool),
        ]),
    ),
    spec("aws.protocols#awsQuery", "service", service, Ty::Object),
    spec("aws.protocols#ec2Query", "service", service, Ty::Object),
    spec(
        "aws.protocols#awsQueryCompatible",
        "service",
        service,
        Ty::Object,
    ),
    spec(
        "aws.protocols#awsQueryError",
        "structure[trait|error]",
        error_structure,
        Ty::Fields(&[
            req("code", Ty::NonEmptyStr),
            req("httpResponseCode", Ty::Int(100, 599)),
        ]),
    ),
    spec(
        "smithy.protocols#rpcv2Cbor",
        "service",
        service,
        Ty::Fields(PROTOCOL_FIELDS),
    ),
    // AWS auth and service metadata.
    auth_scheme(spec(
        "aws.auth#sigv4",
        "service",
        service,
        Ty::Fields(&[req("name", Ty::NonEmptyStr)]),
    )),
    auth_scheme(spec(
        "aws.auth#sigv4a",
        "service",
        service,
        Ty::Fields(&[req("name", Ty::NonEmptyStr)]),
    )),
    spec(
        "aws.auth#unsignedPayload",
        "operation",
        operation,
        Ty::Object,
    ),
    spec(
        "aws.api#service",
        "service",
        service,
        Ty::Fields(&[
            req("sdkId", Ty::NonEmptyStr),
            opt("arnNamespace", Ty::Str),
            opt("cloudFormationName", Ty::Str),
            opt("cloudTrailEventSource", Ty::Str),
            opt("endpointPrefix", Ty::Str),
            opt("docId", Ty::Str),
        ]),
    ),
    spec(
        "smithy.rules#endpointRuleSet",
        "service",
        service,
        Ty::Object,
    ),
    spec("smithy.rules#endpointTests", "service", service, Ty::Object),
    spec(
        "smithy.rules#clientContextParams",
        "service",
        service,
        Ty::Object,
    ),
    spec(
        "smithy.rules#staticContextParams",
        "operation",
        operation,
        Ty::Object,
    ),
    spec(
        "smithy.rules#contextParam",
        "structure > member",
        structure_member,
        Ty::Fields(&[req("name", Ty::NonEmptyStr)]),
    ),
];
