//! Constraint traits and defaults (Smithy's `LengthTraitValidator`, `RangeTraitValidator` and
//! `DefaultTraitValidator`): bounds must be well formed (min <= max, lengths not negative), and a
//! `@default` must be a value of its target (the generator writes it into Rust code as a
//! literal, so a value that does not fit would not compile or would be silently changed).

use super::values::brief;
use super::{member_id, own_shapes};
use crate::error::Diagnostics;
use crate::model::{Model, Shape, ShapeKind, Traits, traits as t};
use serde_json::Value;

const LENGTH: &str = "smithy.api#length";
const RANGE: &str = "smithy.api#range";

/// Checks `@length`, `@range` and `@default` on every shape and member.
pub fn check(model: &Model, diags: &mut Diagnostics) {
    for shape in own_shapes(model) {
        let file = shape.file.as_deref();
        bounds(&shape.traits, &mut |m| diags.push(file, Some(&shape.id), m));
        if let Some(d) = shape.traits.get(t::DEFAULT) {
            if d.is_null() {
                diags.push(
                    file,
                    Some(&shape.id),
                    "@default(null) is only allowed on a member, to remove the target's default",
                );
            } else if let Err(e) = fits(model, shape, d) {
                diags.push(file, Some(&shape.id), default_message(d, shape, &e));
            }
        }
        for m in &shape.members {
            let mid = member_id(shape, &m.name);
            bounds(&m.traits, &mut |msg| diags.push(file, Some(&mid), msg));
            let (Some(d), Some(target)) = (m.traits.get(t::DEFAULT), model.shape(&m.target)) else {
                continue;
            };
            if d.is_null() {
                continue;
            }
            if let Err(e) = fits(model, target, d) {
                diags.push(file, Some(&mid), default_message(d, target, &e));
            }
        }
    }
}

fn default_message(d: &Value, target: &Shape, problem: &str) -> String {
    format!(
        "@default value {} does not fit its target {} ({}): {problem}",
        brief(d),
        target.id,
        target.kind.as_str()
    )
}

/// `@length` and `@range`: numbers where numbers belong, at least one bound, min <= max.
fn bounds(traits: &Traits, report: &mut dyn FnMut(String)) {
    for (trait_id, name, lengths) in [(LENGTH, "@length", true), (RANGE, "@range", false)] {
        let Some(v) = traits.get(trait_id) else {
            continue;
        };
        let Some(obj) = v.as_object() else {
            report(format!(
                "{name} must be an object with min and/or max, found {}",
                brief(v)
            ));
            continue;
        };
        let mut read = |key: &str| -> Option<f64> {
            let value = obj.get(key)?;
            let number = if lengths {
                value.as_i64().filter(|n| *n >= 0).map(|n| n as f64)
            } else {
                value.as_f64()
            };
            if number.is_none() {
                let expected = if lengths {
                    "a non-negative integer"
                } else {
                    "a number"
                };
                report(format!(
                    "{name} {key} must be {expected}, found {}",
                    brief(value)
                ));
            }
            number
        };
        let (min, max) = (read("min"), read("max"));
        if !obj.contains_key("min") && !obj.contains_key("max") {
            report(format!("{name} needs a min or a max"));
        }
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            report(format!(
                "{name} min ({}) is greater than max ({})",
                obj["min"], obj["max"]
            ));
        }
    }
}

/// Whether `v` is a value of `target` (the shape a default belongs to).
fn fits(model: &Model, target: &Shape, v: &Value) -> Result<(), String> {
    let int = |lo: i64, hi: i64, what: &str| match v.as_i64() {
        Some(n) if (lo..=hi).contains(&n) => Ok(()),
        Some(n) => Err(format!("{n} is out of range for {what} ({lo} to {hi})")),
        None if v.is_number() => Err(format!("{what} needs an integer")),
        None => Err(format!("expected an integer, found {}", brief(v))),
    };
    let float = |max: f64| match v {
        Value::Number(n) => match n.as_f64() {
            Some(x) if x.is_finite() && x.abs() <= max => Ok(()),
            _ => Err(format!(
                "{n} is out of range for a {}",
                target.kind.as_str()
            )),
        },
        Value::String(s) if matches!(s.as_str(), "NaN" | "Infinity" | "-Infinity") => Ok(()),
        _ => Err(format!("expected a number, found {}", brief(v))),
    };
    match target.kind {
        ShapeKind::String => expect(v.is_string(), "a string", v),
        ShapeKind::Boolean => expect(v.is_boolean(), "a boolean", v),
        ShapeKind::Byte => int(i8::MIN.into(), i8::MAX.into(), "a byte"),
        ShapeKind::Short => int(i16::MIN.into(), i16::MAX.into(), "a short"),
        ShapeKind::Integer => int(i32::MIN.into(), i32::MAX.into(), "an integer"),
        ShapeKind::Long => int(i64::MIN, i64::MAX, "a long"),
        ShapeKind::Float => float(f32::MAX.into()),
        ShapeKind::Double => float(f64::MAX),
        ShapeKind::BigInteger => match v {
            Value::Number(n) if is_integer_text(&n.to_string()) => Ok(()),
            _ => Err(format!("expected an integer, found {}", brief(v))),
        },
        ShapeKind::BigDecimal => expect(v.is_number(), "a number", v),
        ShapeKind::Timestamp => match v {
            Value::Number(n) if n.as_f64().is_some_and(f64::is_finite) => Ok(()),
            Value::String(s) if is_date_time(s) => Ok(()),
            _ => Err(format!(
                "expected epoch seconds (a number) or an RFC 3339 date-time string, found {}",
                brief(v)
            )),
        },
        ShapeKind::Blob => match v.as_str() {
            Some(s) if is_base64(s) => Ok(()),
            _ => Err(format!("expected a base64 string, found {}", brief(v))),
        },
        ShapeKind::Document => Ok(()),
        ShapeKind::List => expect(
            v.as_array().is_some_and(Vec::is_empty),
            "an empty list []",
            v,
        ),
        ShapeKind::Map => expect(
            v.as_object().is_some_and(|o| o.is_empty()),
            "an empty map {}",
            v,
        ),
        ShapeKind::Enum | ShapeKind::IntEnum => {
            let values = enum_values(target);
            let found = match v {
                Value::String(s) if target.kind == ShapeKind::Enum => values.contains(s),
                Value::Number(n) if target.kind == ShapeKind::IntEnum => {
                    values.contains(&n.to_string())
                }
                _ => false,
            };
            if found {
                Ok(())
            } else {
                let _ = model;
                Err(format!(
                    "not one of the enum's values ({})",
                    values.join(", ")
                ))
            }
        }
        ShapeKind::Structure
        | ShapeKind::Union
        | ShapeKind::Service
        | ShapeKind::Resource
        | ShapeKind::Operation => Err(format!(
            "a {} cannot have a default value",
            target.kind.as_str()
        )),
    }
}

fn expect(ok: bool, what: &str, v: &Value) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!("expected {what}, found {}", brief(v)))
    }
}

/// The wire values of an enum or intEnum (member name when there is no `@enumValue`).
fn enum_values(shape: &Shape) -> Vec<String> {
    shape
        .members
        .iter()
        .map(|m| match m.traits.get(t::ENUM_VALUE) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => m.name.clone(),
        })
        .collect()
}

fn is_integer_text(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// RFC 3339 `date-time` as Smithy writes timestamps: `YYYY-MM-DDThh:mm:ss[.f…](Z|±hh:mm)`.
fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    if b.len() < 20
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
        || !matches!(b[10], b'T' | b't')
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    let zone = rest.as_bytes();
    matches!(rest, "Z" | "z")
        || (zone.len() == 6
            && matches!(zone[0], b'+' | b'-')
            && zone[1..3].iter().all(u8::is_ascii_digit)
            && zone[3] == b':'
            && zone[4..6].iter().all(u8::is_ascii_digit))
}

/// Standard base64 with padding (what Smithy's blob defaults are written in).
fn is_base64(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    s.len().is_multiple_of(4)
        && s.len() - body.len() <= 2
        && body
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/')
}
