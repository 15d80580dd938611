//! Endpoint resolution: an interpreter for Smithy endpoint rule sets
//! (`smithy.rules#endpointRuleSet`) including the AWS extensions.
//!
//! A [`RuleSet`] is parsed once from the trait's JSON value: references and assigned
//! variables are resolved to slots, templates are split into pieces, `getAttr` paths are
//! pre-parsed and function names are checked, so [`RuleSet::resolve`] only walks the tree.
//! Supported: every rule type (`endpoint`, `error`, `tree`), every standard-library function
//! (`isSet`, `not`, `booleanEquals`, `stringEquals`, `getAttr`, `parseURL`, `substring`,
//! `isValidHostLabel`, `uriEncode`, `split`, `coalesce`, `ite`) and the AWS functions
//! (`aws.partition`, `aws.parseArn`, `aws.isVirtualHostableS3Bucket`).
//!
//! ```
//! use smithy_client_runtime::endpoint::{Params, RuleSet};
//!
//! let rules = RuleSet::parse(r#"{
//!     "version": "1.0",
//!     "parameters": {
//!         "Region": {"type": "String", "builtIn": "AWS::Region", "required": false, "documentation": "region"}
//!     },
//!     "rules": [
//!         {"type": "endpoint",
//!          "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"}],
//!          "endpoint": {"url": "https://svc.{Region}.{p#dnsSuffix}"}},
//!         {"type": "error", "conditions": [], "error": "Invalid Configuration: Missing Region"}
//!     ]
//! }"#).unwrap();
//!
//! let mut params = Params::new();
//! params.set_string("Region", "eu-west-1");
//! assert_eq!(rules.resolve(&params).unwrap().url, "https://svc.eu-west-1.amazonaws.com");
//!
//! let err = rules.resolve_builtins(None, false, false, None).unwrap_err();
//! assert_eq!(err.to_string(), "Invalid Configuration: Missing Region");
//! ```

mod error;
mod eval;
pub mod functions;
mod parse;
mod partitions;
mod pattern;
mod test_case;
mod value;

use std::collections::BTreeMap;
use std::sync::Arc;

pub use error::{EndpointError, EndpointErrorKind};
pub use partitions::{Partition, PartitionOutputs, Partitions};
pub use test_case::{check_expectation, run_test_case, run_test_case_json};

use value::Value;

/// Built-in name for the configured AWS region.
pub const BUILTIN_REGION: &str = "AWS::Region";
/// Built-in name for the "use FIPS endpoints" flag.
pub const BUILTIN_USE_FIPS: &str = "AWS::UseFIPS";
/// Built-in name for the "use dual-stack endpoints" flag.
pub const BUILTIN_USE_DUAL_STACK: &str = "AWS::UseDualStack";
/// Built-in name for a caller-supplied endpoint URL override.
pub const BUILTIN_ENDPOINT: &str = "SDK::Endpoint";

/// The type a rule-set parameter declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParameterType {
    /// `string`
    String,
    /// `boolean`
    Boolean,
    /// `stringArray`
    StringArray,
}

/// A parameter value (also used for declared defaults).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamValue {
    /// A string value.
    String(String),
    /// A boolean value.
    Bool(bool),
    /// A list of strings.
    StringArray(Vec<String>),
}

impl ParamValue {
    fn to_value(&self) -> Value {
        match self {
            ParamValue::String(s) => Value::str(s),
            ParamValue::Bool(b) => Value::Bool(*b),
            ParamValue::StringArray(items) => {
                Value::Array(items.iter().map(|s| Value::str(s)).collect())
            }
        }
    }

    fn from_value(value: &Value) -> Option<ParamValue> {
        match value {
            Value::Str(s) => Some(ParamValue::String(s.to_string())),
            Value::Bool(b) => Some(ParamValue::Bool(*b)),
            Value::Array(items) => items
                .iter()
                .map(|v| match v {
                    Value::Str(s) => Some(s.to_string()),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()
                .map(ParamValue::StringArray),
            Value::Int(_) | Value::Record(_) => None,
        }
    }

    fn parameter_type(&self) -> ParameterType {
        match self {
            ParamValue::String(_) => ParameterType::String,
            ParamValue::Bool(_) => ParameterType::Boolean,
            ParamValue::StringArray(_) => ParameterType::StringArray,
        }
    }
}

/// A parameter declared by a rule set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parameter {
    name: String,
    param_type: ParameterType,
    built_in: Option<String>,
    required: bool,
    default: Option<ParamValue>,
    documentation: Option<String>,
    deprecated: Option<String>,
}

impl Parameter {
    /// Name used in [`Params`] and in the rules.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Declared type.
    pub fn param_type(&self) -> ParameterType {
        self.param_type
    }

    /// The built-in that feeds this parameter (`AWS::Region`, `SDK::Endpoint`, ...), if any.
    pub fn built_in(&self) -> Option<&str> {
        self.built_in.as_deref()
    }

    /// Whether resolution fails when neither a value nor a default is available.
    pub fn is_required(&self) -> bool {
        self.required
    }

    /// The declared default, used when the caller sets no value.
    pub fn default_value(&self) -> Option<&ParamValue> {
        self.default.as_ref()
    }

    /// Declared documentation text.
    pub fn documentation(&self) -> Option<&str> {
        self.documentation.as_deref()
    }

    /// Deprecation note (`message`, then `since` in parentheses) when the parameter is deprecated.
    pub fn deprecated(&self) -> Option<&str> {
        self.deprecated.as_deref()
    }
}

/// Parameter values for one resolution. Unset parameters take the rule set's default.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params {
    values: BTreeMap<String, Value>,
}

impl Params {
    /// No parameters set.
    pub fn new() -> Params {
        Params::default()
    }

    /// Sets a `string` parameter.
    pub fn set_string(&mut self, name: &str, value: impl Into<String>) -> &mut Params {
        let value: String = value.into();
        self.values
            .insert(name.to_owned(), Value::Str(Arc::from(value)));
        self
    }

    /// Sets a `boolean` parameter.
    pub fn set_bool(&mut self, name: &str, value: bool) -> &mut Params {
        self.values.insert(name.to_owned(), Value::Bool(value));
        self
    }

    /// Sets a `stringArray` parameter.
    pub fn set_string_array(&mut self, name: &str, value: Vec<String>) -> &mut Params {
        self.values.insert(
            name.to_owned(),
            Value::Array(
                value
                    .into_iter()
                    .map(|s| Value::Str(Arc::from(s)))
                    .collect(),
            ),
        );
        self
    }

    /// Sets a parameter from a [`ParamValue`].
    pub fn set(&mut self, name: &str, value: &ParamValue) -> &mut Params {
        self.values.insert(name.to_owned(), value.to_value());
        self
    }

    /// Removes a value so the parameter falls back to its default.
    pub fn unset(&mut self, name: &str) -> &mut Params {
        self.values.remove(name);
        self
    }

    /// The value set for `name`, if any (defaults are not applied here).
    pub fn get(&self, name: &str) -> Option<ParamValue> {
        self.values.get(name).and_then(ParamValue::from_value)
    }

    /// Builds parameters from a JSON object such as an `endpointTests` case's `params`:
    /// strings, booleans and arrays of strings are accepted, `null` leaves a parameter unset.
    pub fn from_json(object: &serde_json::Value) -> Result<Params, EndpointError> {
        let mut params = Params::new();
        let map = match object {
            serde_json::Value::Null => return Ok(params),
            serde_json::Value::Object(map) => map,
            other => {
                return Err(EndpointError::invalid_parameter(format!(
                    "parameters must be a JSON object, got {other}"
                )));
            }
        };
        for (name, value) in map {
            match value {
                serde_json::Value::Null => {}
                serde_json::Value::String(s) => {
                    params.set_string(name, s.as_str());
                }
                serde_json::Value::Bool(b) => {
                    params.set_bool(name, *b);
                }
                serde_json::Value::Array(items) => {
                    let strings = items
                        .iter()
                        .map(|v| v.as_str().map(str::to_owned))
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(|| {
                            EndpointError::invalid_parameter(format!(
                                "parameter `{name}`: arrays may only hold strings"
                            ))
                        })?;
                    params.set_string_array(name, strings);
                }
                other => {
                    return Err(EndpointError::invalid_parameter(format!(
                        "parameter `{name}`: unsupported value {other}"
                    )));
                }
            }
        }
        Ok(params)
    }

    fn value(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }
}

/// The endpoint a rule set resolved to.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedEndpoint {
    /// The endpoint URL.
    pub url: String,
    /// Headers to add to the request, in rule-set order.
    pub headers: Vec<(String, Vec<String>)>,
    /// Endpoint properties (`authSchemes` and anything else the rules attach).
    pub properties: serde_json::Map<String, serde_json::Value>,
    /// `signingName` of the first `sigv4` auth scheme (or of the first `sigv4a` one when no
    /// `sigv4` scheme is listed). `None` means "use the modelled signing name".
    pub signing_name: Option<String>,
    /// `signingRegion` of the first `sigv4` auth scheme, or the first `signingRegionSet` entry
    /// of the first `sigv4a` one when no `sigv4` scheme is listed. `None` means "use the
    /// request region".
    pub signing_region: Option<String>,
}

impl ResolvedEndpoint {
    fn new(
        url: String,
        headers: Vec<(String, Vec<String>)>,
        properties: serde_json::Map<String, serde_json::Value>,
    ) -> ResolvedEndpoint {
        let schemes = properties
            .get("authSchemes")
            .and_then(|v| v.as_array())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let named = |wanted: &str| {
            schemes
                .iter()
                .find(|s| s.get("name").and_then(|n| n.as_str()) == Some(wanted))
        };
        let text = |scheme: &serde_json::Value, key: &str| {
            scheme.get(key).and_then(|v| v.as_str()).map(str::to_owned)
        };
        let (signing_name, signing_region) = if let Some(v4) = named("sigv4") {
            (text(v4, "signingName"), text(v4, "signingRegion"))
        } else if let Some(v4a) = named("sigv4a") {
            let region = v4a
                .get("signingRegionSet")
                .and_then(|v| v.as_array())
                .and_then(|set| set.first())
                .and_then(|v| v.as_str())
                .map(str::to_owned);
            (text(v4a, "signingName"), region)
        } else {
            (None, None)
        };
        ResolvedEndpoint {
            url,
            headers,
            properties,
            signing_name,
            signing_region,
        }
    }
}

/// A parsed endpoint rule set, ready to resolve endpoints. Cheap to clone and shareable
/// across threads.
#[derive(Clone, Debug)]
pub struct RuleSet {
    program: Arc<parse::Program>,
    partitions: Arc<Partitions>,
}

impl RuleSet {
    /// Parses the value of a `smithy.rules#endpointRuleSet` trait given as JSON text.
    ///
    /// Fails on malformed documents, unknown functions (the error names the function), wrong
    /// argument counts, references to undeclared names and malformed templates.
    pub fn parse(json: &str) -> Result<RuleSet, EndpointError> {
        let doc: serde_json::Value = serde_json::from_str(json)
            .map_err(|e| EndpointError::invalid_rule_set(format!("not valid JSON: {e}")))?;
        RuleSet::from_json(&doc)
    }

    /// Like [`RuleSet::parse`] for an already-parsed JSON value.
    pub fn from_json(doc: &serde_json::Value) -> Result<RuleSet, EndpointError> {
        Ok(RuleSet {
            program: Arc::new(parse::compile(doc)?),
            partitions: Partitions::builtin(),
        })
    }

    /// Uses `partitions` instead of the built-in table for `aws.partition`.
    pub fn with_partitions(mut self, partitions: Arc<Partitions>) -> RuleSet {
        self.partitions = partitions;
        self
    }

    /// The rule set's declared `version`.
    pub fn version(&self) -> &str {
        &self.program.version
    }

    /// Declared parameters.
    pub fn parameters(&self) -> &[Parameter] {
        &self.program.params
    }

    /// Resolves an endpoint. Parameters not set in `params` take their declared default;
    /// values for names the rule set does not declare are ignored.
    pub fn resolve(&self, params: &Params) -> Result<ResolvedEndpoint, EndpointError> {
        eval::resolve(&self.program, &self.partitions, params)
    }

    /// Parameters with every built-in-bound parameter set from client configuration:
    /// `AWS::Region` and `SDK::Endpoint` from the options (`None` leaves them unset) and
    /// `AWS::UseFIPS` / `AWS::UseDualStack` from the flags. Add operation or client context
    /// parameters to the result before calling [`RuleSet::resolve`].
    pub fn builtin_params(
        &self,
        region: Option<&str>,
        use_fips: bool,
        use_dual_stack: bool,
        endpoint: Option<&str>,
    ) -> Params {
        let mut params = Params::new();
        for p in self.parameters() {
            match p.built_in() {
                Some(BUILTIN_REGION) => {
                    if let Some(region) = region {
                        params.set_string(&p.name, region);
                    }
                }
                Some(BUILTIN_ENDPOINT) => {
                    if let Some(endpoint) = endpoint {
                        params.set_string(&p.name, endpoint);
                    }
                }
                Some(BUILTIN_USE_FIPS) => {
                    params.set_bool(&p.name, use_fips);
                }
                Some(BUILTIN_USE_DUAL_STACK) => {
                    params.set_bool(&p.name, use_dual_stack);
                }
                _ => {}
            }
        }
        params
    }

    /// Resolves with only built-in parameters bound (see [`RuleSet::builtin_params`]); every
    /// other parameter takes its default.
    pub fn resolve_builtins(
        &self,
        region: Option<&str>,
        use_fips: bool,
        use_dual_stack: bool,
        endpoint: Option<&str>,
    ) -> Result<ResolvedEndpoint, EndpointError> {
        self.resolve(&self.builtin_params(region, use_fips, use_dual_stack, endpoint))
    }
}
