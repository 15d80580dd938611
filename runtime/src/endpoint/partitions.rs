//! AWS partition data and the `aws.partition` lookup.
//!
//! The built-in table is compiled into the binary (no file I/O, nothing to fail at runtime).
//! [`Partitions::from_json`] accepts the upstream `partitions.json` layout so that a newer table
//! can be supplied without a new release of this crate.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::EndpointError;
use super::pattern::Pattern;
use super::value::{Record, Value};

/// What `aws.partition` reports about a partition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionOutputs {
    /// Partition name, e.g. `aws-cn`.
    pub name: String,
    /// Default DNS suffix, e.g. `amazonaws.com`.
    pub dns_suffix: String,
    /// DNS suffix for dual-stack (IPv4 + IPv6) endpoints, e.g. `api.aws`.
    pub dual_stack_dns_suffix: String,
    /// Whether FIPS endpoints exist in this partition.
    pub supports_fips: bool,
    /// Whether dual-stack endpoints exist in this partition.
    pub supports_dual_stack: bool,
    /// Region that global (partitional) services sign with.
    pub implicit_global_region: String,
}

/// One partition: its id, how regions are recognised, and its outputs.
#[derive(Clone, Debug)]
pub struct Partition {
    id: String,
    region_regex: Pattern,
    regions: Vec<String>,
    outputs: PartitionOutputs,
    /// The outputs pre-built as a rules value, so a lookup costs one reference-count bump.
    value: Value,
}

impl Partition {
    fn new(
        id: String,
        region_regex: &str,
        regions: Vec<String>,
        outputs: PartitionOutputs,
    ) -> Result<Partition, String> {
        let region_regex = Pattern::new(region_regex)
            .map_err(|e| format!("partition `{id}`: bad regionRegex `{region_regex}`: {e}"))?;
        let mut record = Record::new();
        record.insert("name".to_owned(), Value::str(&outputs.name));
        record.insert("dnsSuffix".to_owned(), Value::str(&outputs.dns_suffix));
        record.insert(
            "dualStackDnsSuffix".to_owned(),
            Value::str(&outputs.dual_stack_dns_suffix),
        );
        record.insert(
            "supportsFIPS".to_owned(),
            Value::Bool(outputs.supports_fips),
        );
        record.insert(
            "supportsDualStack".to_owned(),
            Value::Bool(outputs.supports_dual_stack),
        );
        record.insert(
            "implicitGlobalRegion".to_owned(),
            Value::str(&outputs.implicit_global_region),
        );
        Ok(Partition {
            id,
            region_regex,
            regions,
            outputs,
            value: Value::record(record),
        })
    }

    /// Partition id, e.g. `aws-us-gov`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The regular expression that recognises this partition's region names.
    pub fn region_regex(&self) -> &str {
        self.region_regex.as_str()
    }

    /// Regions listed explicitly for this partition.
    pub fn regions(&self) -> &[String] {
        &self.regions
    }

    /// The values `aws.partition` returns for this partition.
    pub fn outputs(&self) -> &PartitionOutputs {
        &self.outputs
    }

    pub(crate) fn value(&self) -> &Value {
        &self.value
    }
}

/// An ordered set of partitions.
#[derive(Clone, Debug)]
pub struct Partitions {
    partitions: Vec<Partition>,
    by_region: HashMap<String, usize>,
    aws: Option<usize>,
}

impl Partitions {
    /// The partition table built into this crate (see the module source for its provenance).
    pub fn builtin() -> Arc<Partitions> {
        static BUILTIN: OnceLock<Arc<Partitions>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| Arc::new(Partitions::from_table(BUILTIN_TABLE)))
            .clone()
    }

    fn from_table(rows: &[Row]) -> Partitions {
        let partitions = rows
            .iter()
            .filter_map(|row| {
                let outputs = PartitionOutputs {
                    name: row.id.to_owned(),
                    dns_suffix: row.dns_suffix.to_owned(),
                    dual_stack_dns_suffix: row.dual_stack_dns_suffix.to_owned(),
                    supports_fips: row.supports_fips,
                    supports_dual_stack: row.supports_dual_stack,
                    implicit_global_region: row.implicit_global_region.to_owned(),
                };
                let regions = row.regions.iter().map(|r| (*r).to_owned()).collect();
                // The built-in patterns are covered by unit tests; skipping a row rather than
                // panicking keeps this path infallible even if the table were ever mistyped.
                Partition::new(row.id.to_owned(), row.region_regex, regions, outputs).ok()
            })
            .collect();
        Partitions::index(partitions)
    }

    /// Builds a table from the upstream `partitions.json` layout:
    /// `{"partitions": [{"id", "regionRegex", "regions": {name: {...}}, "outputs": {...}}]}`.
    ///
    /// Per-region overrides inside `regions` are ignored, as the reference implementation
    /// ignores them for `aws.partition`. A partition whose `outputs.name` is missing takes its id.
    pub fn from_json(json: &str) -> Result<Partitions, EndpointError> {
        let bad = |msg: String| {
            EndpointError::invalid_rule_set(format!("invalid partitions document: {msg}"))
        };
        let doc: serde_json::Value = serde_json::from_str(json).map_err(|e| bad(e.to_string()))?;
        let list = doc
            .get("partitions")
            .and_then(|p| p.as_array())
            .ok_or_else(|| bad("missing `partitions` array".into()))?;
        let mut partitions = Vec::with_capacity(list.len());
        for entry in list {
            let id = entry
                .get("id")
                .and_then(|v| v.as_str())
                .ok_or_else(|| bad("partition without `id`".into()))?;
            let regex = entry
                .get("regionRegex")
                .and_then(|v| v.as_str())
                .ok_or_else(|| bad(format!("partition `{id}` has no `regionRegex`")))?;
            let regions = match entry.get("regions") {
                None | Some(serde_json::Value::Null) => Vec::new(),
                Some(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
                Some(_) => {
                    return Err(bad(format!(
                        "partition `{id}`: `regions` must be an object"
                    )));
                }
            };
            let outputs = entry
                .get("outputs")
                .and_then(|v| v.as_object())
                .ok_or_else(|| bad(format!("partition `{id}` has no `outputs`")))?;
            let text = |key: &str| -> Result<String, EndpointError> {
                outputs
                    .get(key)
                    .and_then(|v| v.as_str())
                    .map(str::to_owned)
                    .ok_or_else(|| {
                        bad(format!(
                            "partition `{id}`: `outputs.{key}` must be a string"
                        ))
                    })
            };
            let flag = |key: &str| -> Result<bool, EndpointError> {
                outputs.get(key).and_then(|v| v.as_bool()).ok_or_else(|| {
                    bad(format!(
                        "partition `{id}`: `outputs.{key}` must be a boolean"
                    ))
                })
            };
            let outputs = PartitionOutputs {
                name: outputs
                    .get("name")
                    .and_then(|v| v.as_str())
                    .unwrap_or(id)
                    .to_owned(),
                dns_suffix: text("dnsSuffix")?,
                dual_stack_dns_suffix: text("dualStackDnsSuffix")?,
                supports_fips: flag("supportsFIPS")?,
                supports_dual_stack: flag("supportsDualStack")?,
                implicit_global_region: text("implicitGlobalRegion")?,
            };
            partitions.push(Partition::new(id.to_owned(), regex, regions, outputs).map_err(bad)?);
        }
        Ok(Partitions::index(partitions))
    }

    fn index(partitions: Vec<Partition>) -> Partitions {
        let mut by_region = HashMap::new();
        let mut aws = None;
        for (i, p) in partitions.iter().enumerate() {
            if p.id == "aws" && aws.is_none() {
                aws = Some(i);
            }
            for region in &p.regions {
                // First listing wins, mirroring "explicit list in table order".
                by_region.entry(region.clone()).or_insert(i);
            }
        }
        Partitions {
            partitions,
            by_region,
            aws,
        }
    }

    /// All partitions in lookup order.
    pub fn partitions(&self) -> &[Partition] {
        &self.partitions
    }

    /// The partition for `region`: an explicitly listed region first, then the first
    /// partition whose `regionRegex` matches, and otherwise the `aws` partition (so an unknown
    /// region still gets commercial-partition endpoints, as in the reference implementation).
    /// `None` only when nothing matches and the table has no `aws` partition.
    pub fn find(&self, region: &str) -> Option<&Partition> {
        let index = self
            .by_region
            .get(region)
            .copied()
            .or_else(|| {
                self.partitions
                    .iter()
                    .position(|p| p.region_regex.is_match(region))
            })
            .or(self.aws)?;
        self.partitions.get(index)
    }
}

/// One row of the built-in table.
struct Row {
    id: &'static str,
    region_regex: &'static str,
    regions: &'static [&'static str],
    dns_suffix: &'static str,
    dual_stack_dns_suffix: &'static str,
    supports_fips: bool,
    supports_dual_stack: bool,
    implicit_global_region: &'static str,
}

// Provenance: partition ids, region regexes, region lists and outputs as published in the
// Smithy `partitions.json` (smithy 1.73.0), with one deliberate exception. For the four
// isolated partitions (aws-iso, aws-iso-b, aws-iso-e, aws-iso-f) upstream switched on
// dual-stack in September 2025 (`supportsDualStack: true`, suffixes such as `api.aws.ic.gov`).
// The service models this project ships were generated, and their `endpointTests` written,
// against the earlier published values: no dual-stack support and a dual-stack suffix equal to
// the normal suffix. Those tests assert exactly that (e.g. `us-iso-east-1` + dual-stack is an
// error, and a dual-stack-only service resolves to `*.c2s.ic.gov`), so the table keeps the
// earlier values for those two fields to stay consistent with the models it serves. Load the
// newer upstream file with `Partitions::from_json` and `RuleSet::with_partitions` if needed.
static BUILTIN_TABLE: &[Row] = &[
    Row {
        id: "aws",
        region_regex: r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$",
        regions: &[
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "aws-global",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "mx-central-1",
            "sa-east-1",
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
        ],
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-east-1",
    },
    Row {
        id: "aws-us-gov",
        region_regex: r"^us\-gov\-\w+\-\d+$",
        regions: &["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"],
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-gov-west-1",
    },
    Row {
        id: "aws-cn",
        region_regex: r"^cn\-\w+\-\d+$",
        regions: &["aws-cn-global", "cn-north-1", "cn-northwest-1"],
        dns_suffix: "amazonaws.com.cn",
        dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "cn-northwest-1",
    },
    Row {
        id: "aws-iso",
        region_regex: r"^us\-iso\-\w+\-\d+$",
        regions: &["aws-iso-global", "us-iso-east-1", "us-iso-west-1"],
        dns_suffix: "c2s.ic.gov",
        dual_stack_dns_suffix: "c2s.ic.gov",
        supports_fips: true,
        supports_dual_stack: false,
        implicit_global_region: "us-iso-east-1",
    },
    Row {
        id: "aws-iso-b",
        region_regex: r"^us\-isob\-\w+\-\d+$",
        regions: &["aws-iso-b-global", "us-isob-east-1"],
        dns_suffix: "sc2s.sgov.gov",
        dual_stack_dns_suffix: "sc2s.sgov.gov",
        supports_fips: true,
        supports_dual_stack: false,
        implicit_global_region: "us-isob-east-1",
    },
    Row {
        id: "aws-iso-e",
        region_regex: r"^eu\-isoe\-\w+\-\d+$",
        regions: &[],
        dns_suffix: "cloud.adc-e.uk",
        dual_stack_dns_suffix: "cloud.adc-e.uk",
        supports_fips: true,
        supports_dual_stack: false,
        implicit_global_region: "eu-isoe-west-1",
    },
    Row {
        id: "aws-iso-f",
        region_regex: r"^us\-isof\-\w+\-\d+$",
        regions: &["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
        dns_suffix: "csp.hci.ic.gov",
        dual_stack_dns_suffix: "csp.hci.ic.gov",
        supports_fips: true,
        supports_dual_stack: false,
        implicit_global_region: "us-isof-south-1",
    },
    Row {
        id: "aws-eusc",
        region_regex: r"^eusc\-(de)\-\w+\-\d+$",
        regions: &["eusc-de-east-1"],
        dns_suffix: "amazonaws.eu",
        dual_stack_dns_suffix: "api.amazonwebservices.eu",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "eusc-de-east-1",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_row_compiles() {
        let p = Partitions::builtin();
        assert_eq!(p.partitions().len(), BUILTIN_TABLE.len());
        let ids: Vec<&str> = p.partitions().iter().map(Partition::id).collect();
        assert_eq!(
            ids,
            [
                "aws",
                "aws-us-gov",
                "aws-cn",
                "aws-iso",
                "aws-iso-b",
                "aws-iso-e",
                "aws-iso-f",
                "aws-eusc"
            ]
        );
    }

    #[test]
    fn lookup_order() {
        let p = Partitions::builtin();
        let id = |r: &str| p.find(r).map(|p| p.id().to_owned());
        assert_eq!(id("us-east-1").as_deref(), Some("aws"));
        assert_eq!(id("aws-global").as_deref(), Some("aws"));
        assert_eq!(id("us-gov-west-1").as_deref(), Some("aws-us-gov"));
        assert_eq!(
            id("us-gov-central-7").as_deref(),
            Some("aws-us-gov"),
            "regex match"
        );
        assert_eq!(id("cn-south-9").as_deref(), Some("aws-cn"));
        assert_eq!(id("aws-iso-b-global").as_deref(), Some("aws-iso-b"));
        assert_eq!(id("eu-isoe-west-1").as_deref(), Some("aws-iso-e"));
        assert_eq!(id("us-isof-north-3").as_deref(), Some("aws-iso-f"));
        assert_eq!(id("eusc-de-east-1").as_deref(), Some("aws-eusc"));
        assert_eq!(id("mars-east-1").as_deref(), Some("aws"), "fallback");
        assert_eq!(id("").as_deref(), Some("aws"));
    }
}
