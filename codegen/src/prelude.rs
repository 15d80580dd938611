//! The `smithy.api` prelude shapes a JSON AST file refers to but never defines.

use crate::model::{Shape, ShapeKind, ShapeRefs, Traits};
use serde_json::{Value, json};

/// The prelude's simple shapes and `Unit`.
pub fn shapes() -> Vec<Shape> {
    let simple = [
        ("String", ShapeKind::String),
        ("Blob", ShapeKind::Blob),
        ("BigInteger", ShapeKind::BigInteger),
        ("BigDecimal", ShapeKind::BigDecimal),
        ("Timestamp", ShapeKind::Timestamp),
        ("Document", ShapeKind::Document),
        ("Boolean", ShapeKind::Boolean),
        ("Byte", ShapeKind::Byte),
        ("Short", ShapeKind::Short),
        ("Integer", ShapeKind::Integer),
        ("Long", ShapeKind::Long),
        ("Float", ShapeKind::Float),
        ("Double", ShapeKind::Double),
    ];
    let primitives = [
        ("PrimitiveBoolean", ShapeKind::Boolean, json!(false)),
        ("PrimitiveByte", ShapeKind::Byte, json!(0)),
        ("PrimitiveShort", ShapeKind::Short, json!(0)),
        ("PrimitiveInteger", ShapeKind::Integer, json!(0)),
        ("PrimitiveLong", ShapeKind::Long, json!(0)),
        ("PrimitiveFloat", ShapeKind::Float, json!(0)),
        ("PrimitiveDouble", ShapeKind::Double, json!(0)),
    ];
    let mut out: Vec<Shape> = simple
        .into_iter()
        .map(|(name, kind)| shape(name, kind, Traits::new()))
        .collect();
    out.extend(primitives.into_iter().map(|(name, kind, default)| {
        shape(
            name,
            kind,
            Traits::from([("smithy.api#default".to_string(), default)]),
        )
    }));
    out.push(shape(
        "Unit",
        ShapeKind::Structure,
        Traits::from([(
            "smithy.api#unitType".to_string(),
            Value::Object(Default::default()),
        )]),
    ));
    out
}

fn shape(name: &str, kind: ShapeKind, traits: Traits) -> Shape {
    Shape {
        id: format!("smithy.api#{name}"),
        kind,
        members: Vec::new(),
        traits,
        mixins: Vec::new(),
        refs: ShapeRefs::default(),
        file: None,
    }
}
