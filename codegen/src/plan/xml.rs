//! XML and query naming of members: `@xmlName`, `@xmlAttribute`, `@xmlFlattened`,
//! `@xmlNamespace` and `@ec2QueryName`, on the member and down through list and map members.

use super::Planner;
use super::ir::*;
use crate::model::{Member, ShapeKind, Traits, traits as t};
use serde_json::Value;

/// Lists of lists of ... deeper than this keep default names below (the model's nesting is
/// finite, but a bound keeps a hostile model from recursing without end).
const MAX_NESTING: usize = 32;

/// `@xmlNamespace` of a shape or member.
pub(super) fn namespace(traits: &Traits) -> Option<XmlNamespace> {
    let v = traits.get(t::XML_NAMESPACE)?;
    Some(XmlNamespace {
        uri: v.get("uri").and_then(Value::as_str)?.to_owned(),
        prefix: v.get("prefix").and_then(Value::as_str).map(str::to_owned),
    })
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

impl Planner<'_> {
    /// The XML naming of member `m`; `default` is its element name without `@xmlName`.
    pub(super) fn xml_plan(&self, m: &Member, default: &str) -> XmlPlan {
        self.xml_plan_at(m, default, 0)
    }

    fn xml_plan_at(&self, m: &Member, default: &str, depth: usize) -> XmlPlan {
        let xml_name = m.traits.get(t::XML_NAME).and_then(Value::as_str);
        let name = xml_name.unwrap_or(default).to_owned();
        let ec2_name = m
            .traits
            .get(t::EC2_QUERY_NAME)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| capitalize(&name));
        let target = self.model.shape(&m.target);
        let inner = match target {
            Some(s) if depth < MAX_NESTING && s.kind == ShapeKind::List => {
                match s.members.first() {
                    Some(item) => {
                        XmlInner::List(Box::new(self.xml_plan_at(item, "member", depth + 1)))
                    }
                    None => XmlInner::None,
                }
            }
            Some(s) if depth < MAX_NESTING && s.kind == ShapeKind::Map => {
                match (s.member("key"), s.member("value")) {
                    (Some(k), Some(v)) => XmlInner::Map {
                        key: Box::new(self.xml_plan_at(k, "key", depth + 1)),
                        value: Box::new(self.xml_plan_at(v, "value", depth + 1)),
                    },
                    _ => XmlInner::None,
                }
            }
            _ => XmlInner::None,
        };
        XmlPlan {
            name,
            attribute: m.traits.contains_key(t::XML_ATTRIBUTE),
            flattened: m.traits.contains_key(t::XML_FLATTENED),
            namespace: namespace(&m.traits),
            ec2_name,
            renamed: xml_name.is_some(),
            inner,
        }
    }
}
