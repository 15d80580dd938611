//! Relative shape-id resolution, as the spec orders it: a `use` import, then a shape of the
//! file's namespace, then a prelude shape; failing all three, the file's namespace.

use super::parser::{IdRef, IdlFile};
use super::{Pos, SyntaxError};
use std::collections::HashMap;

/// The names of the `smithy.api` prelude shapes (Smithy 2.0), which relative ids may refer to.
pub const PRELUDE: &[&str] = &[
    "String",
    "Blob",
    "BigInteger",
    "BigDecimal",
    "Timestamp",
    "Document",
    "Boolean",
    "Byte",
    "Short",
    "Integer",
    "Long",
    "Float",
    "Double",
    "PrimitiveBoolean",
    "PrimitiveByte",
    "PrimitiveShort",
    "PrimitiveInteger",
    "PrimitiveLong",
    "PrimitiveFloat",
    "PrimitiveDouble",
    "Unit",
    "trait",
    "TraitDiffRules",
    "TraitDiffRule",
    "TraitChangeType",
    "Severity",
    "StructurallyExclusive",
    "deprecated",
    "box",
    "documentation",
    "externalDocumentation",
    "auth",
    "AuthTraitReference",
    "protocolDefinition",
    "TraitShapeIdList",
    "TraitShapeId",
    "authDefinition",
    "httpBasicAuth",
    "httpDigestAuth",
    "httpBearerAuth",
    "httpApiKeyAuth",
    "traitValidators",
    "TraitValidator",
    "metadata",
    "ShapeClosures",
    "ShapeClosure",
    "ClosureId",
    "Namespaces",
    "Renames",
    "CommonMark",
    "Identifier",
    "default",
    "addedDefault",
    "clientOptional",
    "HttpApiKeyLocations",
    "optionalAuth",
    "examples",
    "Example",
    "ExampleError",
    "error",
    "retryable",
    "readonly",
    "idempotent",
    "IdempotentErrors",
    "idempotencyToken",
    "internal",
    "jsonName",
    "xmlAttribute",
    "xmlFlattened",
    "xmlName",
    "xmlNamespace",
    "NonEmptyString",
    "noReplace",
    "mediaType",
    "references",
    "Reference",
    "NonEmptyStringMap",
    "resourceIdentifier",
    "private",
    "sensitive",
    "since",
    "streaming",
    "requiresLength",
    "longPoll",
    "tags",
    "title",
    "enum",
    "EnumDefinition",
    "EnumConstantBodyName",
    "enumValue",
    "length",
    "range",
    "pattern",
    "required",
    "property",
    "notProperty",
    "nestedProperties",
    "recommended",
    "sparse",
    "uniqueItems",
    "unstable",
    "paginated",
    "http",
    "httpLabel",
    "httpQuery",
    "httpQueryParams",
    "httpHeader",
    "httpPrefixHeaders",
    "httpPayload",
    "httpError",
    "httpResponseCode",
    "cors",
    "NonEmptyStringList",
    "eventPayload",
    "eventHeader",
    "idRef",
    "timestampFormat",
    "endpoint",
    "hostLabel",
    "suppress",
    "httpChecksumRequired",
    "input",
    "output",
    "unitType",
    "mixin",
    "LocalMixinTraitList",
    "LocalMixinTrait",
    "RequestCompressionEncodingsList",
    "requestCompression",
];

/// The prelude traits whose value is a list (an annotation of these means `[]`).
pub const PRELUDE_LIST_TRAITS: &[&str] =
    &["tags", "enum", "examples", "auth", "suppress", "references"];

/// What one file's relative ids resolve against.
pub struct Scope<'a> {
    namespace: &'a str,
    uses: HashMap<&'a str, &'a str>,
    /// Every shape id defined anywhere in the model (IDL and JSON) with its type.
    known: &'a HashMap<String, String>,
}

impl<'a> Scope<'a> {
    /// The scope of `file`; reports conflicting `use` statements.
    pub fn new(file: &'a IdlFile, known: &'a HashMap<String, String>) -> Result<Self, SyntaxError> {
        let namespace = file.namespace.as_deref().unwrap_or("");
        let mut uses: HashMap<&str, &str> = HashMap::new();
        for u in &file.uses {
            let name = u.text.rsplit('#').next().unwrap_or(&u.text);
            if let Some(other) = uses.insert(name, &u.text)
                && other != u.text
            {
                return Err(SyntaxError::other(
                    u.pos,
                    format!("`use {}` conflicts with `use {other}`", u.text),
                ));
            }
            if let Some(def) = file.shapes.iter().find(|s| s.name == name) {
                return Err(SyntaxError::other(
                    def.pos,
                    format!(
                        "shape `{name}` conflicts with `use {}` (line {})",
                        u.text, u.pos.line
                    ),
                ));
            }
        }
        Ok(Scope {
            namespace,
            uses,
            known,
        })
    }

    /// The scope of metadata values: they come before `namespace` and `use`, so (as in Smithy's
    /// loader) only absolute ids and prelude names resolve; other ids stay as written.
    pub fn for_metadata(known: &'a HashMap<String, String>) -> Self {
        Scope {
            namespace: "",
            uses: HashMap::new(),
            known,
        }
    }

    /// The file's namespace.
    pub fn namespace(&self) -> &str {
        self.namespace
    }

    /// The absolute id for `text`, and whether it names a shape this model can see (absolute
    /// ids and imports are taken on trust: trait definitions often live outside the model).
    pub fn resolve(&self, text: &str) -> (String, bool) {
        let (root, member) = match text.split_once('$') {
            Some((r, m)) => (r, Some(m)),
            None => (text, None),
        };
        let with_member = |id: String| match member {
            Some(m) => format!("{id}${m}"),
            None => id,
        };
        if root.contains('#') {
            return (with_member(root.to_string()), true);
        }
        if let Some(imported) = self.uses.get(root) {
            return (with_member(imported.to_string()), true);
        }
        let local = format!("{}#{root}", self.namespace);
        if self.known.contains_key(&local) {
            return (with_member(local), true);
        }
        if PRELUDE.contains(&root) {
            return (with_member(format!("smithy.api#{root}")), true);
        }
        if self.namespace.is_empty() {
            // A file without a namespace (metadata only): nothing to resolve against.
            return (text.to_string(), false);
        }
        (with_member(local), false)
    }

    /// Resolves a reference that must name a shape: an unresolvable relative id is an error.
    pub fn target(&self, id: &IdRef) -> Result<String, SyntaxError> {
        let (abs, found) = self.resolve(&id.text);
        if found {
            Ok(abs)
        } else {
            Err(unresolved(id.pos, &id.text, self.namespace))
        }
    }

    /// The type of a known shape.
    pub fn kind_of(&self, id: &str) -> Option<&str> {
        self.known.get(id).map(String::as_str)
    }
}

fn unresolved(pos: Pos, text: &str, namespace: &str) -> SyntaxError {
    SyntaxError::other(
        pos,
        format!(
            "cannot resolve shape id `{text}`: no `use` imports it, namespace {namespace} does not define it, and it is not a prelude shape"
        ),
    )
}
