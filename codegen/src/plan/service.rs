//! Planning of the service: protocol, signing, endpoint rules.

use super::Planner;
use super::ir::*;
use super::shapes::docs_of;
use crate::model::{Shape, traits as t};
use crate::naming;
use serde_json::Value;

impl Planner<'_> {
    pub(super) fn service(&mut self, shape: &Shape) -> ServicePlan {
        let file = shape.file.as_deref();
        let protocol = match Protocol::ALL
            .into_iter()
            .find(|p| shape.has_trait(p.trait_id()))
        {
            Some(p) => p,
            None => {
                let found: Vec<&str> = shape
                    .traits
                    .keys()
                    .filter(|k| {
                        self.model
                            .shape(k)
                            .is_some_and(|s| s.has_trait(t::PROTOCOL_DEFINITION))
                            || k.starts_with("aws.protocols#")
                            || k.contains("rpcv2")
                    })
                    .map(String::as_str)
                    .collect();
                let supported: Vec<&str> = Protocol::ALL.iter().map(|p| p.trait_id()).collect();
                self.diags.push(
                    file,
                    Some(&shape.id),
                    format!(
                        "unsupported protocol: the service needs one of {} (found: {})",
                        supported.join(", "),
                        if found.is_empty() {
                            "none".to_string()
                        } else {
                            found.join(", ")
                        }
                    ),
                );
                Protocol::AwsJson1_0
            }
        };
        let aws = shape.traits.get(t::AWS_SERVICE);
        let sdk_id = aws
            .and_then(|v| v.get("sdkId"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| shape.name().to_string());
        // `aws.api#service` says `endpointPrefix` defaults to the lower-cased sdkId; a service
        // outside AWS has no such convention (its host is not `{prefix}.{region}.amazonaws.com`),
        // so it gets none, and the runtime asks for a base URL instead.
        let endpoint_prefix = match aws {
            Some(v) => v
                .get("endpointPrefix")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| sdk_id.to_ascii_lowercase().replace(' ', "-")),
            None => String::new(),
        };
        for id in self.service_auth_traits(shape) {
            if let AuthPlan::Unsupported(id) = super::http::auth_plan(&id, shape) {
                self.warn(
                    &shape.id,
                    format!(
                        "auth scheme {id} is not supported by the client runtime: operations \
                         skip it and use the next scheme of their list (one with no other \
                         scheme fails at call time, naming it)"
                    ),
                );
            }
        }
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
        let endpoint_tests = match (&endpoint_rules, shape.traits.get(t::ENDPOINT_TESTS)) {
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
            xml_namespace: super::xml::namespace(&shape.traits),
            endpoint_rules,
            endpoint_tests,
            docs: docs_of(&self.docs, &shape.traits),
        }
    }
}
