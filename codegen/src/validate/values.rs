//! The shapes of trait values, written as small static schemas, and the check of a JSON value
//! against one. The schemas follow the trait definitions of the Smithy prelude and of the AWS
//! trait packages; only what a client generator reads is spelled out (unknown fields pass, as
//! Smithy only warns about them).

use serde_json::Value;

/// The expected JSON form of a trait value.
#[derive(Debug)]
pub enum Ty {
    /// Anything (checked elsewhere, or opaque to the generator).
    Any,
    /// An annotation trait: an object (normally `{}`).
    Object,
    /// A string.
    Str,
    /// A non-empty string.
    NonEmptyStr,
    /// An integer in the range.
    Int(i64, i64),
    /// A boolean.
    Bool,
    /// A list of values of one form.
    List(&'static Ty),
    /// An object with string values (a map of strings).
    StrMap,
    /// An object with these fields.
    Fields(&'static [Field]),
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// An absolute shape id.
    ShapeId,
}

/// A field of a structure-valued trait.
#[derive(Debug)]
pub struct Field {
    /// The field name.
    pub name: &'static str,
    /// Its form.
    pub ty: Ty,
    /// Whether the trait definition marks it `@required`.
    pub required: bool,
}

/// `name: ty` (optional).
pub const fn opt(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: false,
    }
}

/// `@required name: ty`.
pub const fn req(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: true,
    }
}

/// `Ok` when `v` has the form `ty`, else what is wrong (with the field path).
pub fn check(ty: &Ty, v: &Value) -> Result<(), String> {
    let ok = |b: bool, what: &str| {
        if b {
            Ok(())
        } else {
            Err(format!("expected {what}, found {}", brief(v)))
        }
    };
    match ty {
        Ty::Any => Ok(()),
        Ty::Object => ok(v.is_object(), "an object such as {}"),
        Ty::Str => ok(v.is_string(), "a string"),
        Ty::NonEmptyStr => ok(
            v.as_str().is_some_and(|s| !s.is_empty()),
            "a non-empty string",
        ),
        Ty::Int(lo, hi) => ok(
            v.as_i64().is_some_and(|n| (*lo..=*hi).contains(&n)),
            &format!("an integer from {lo} to {hi}"),
        ),
        Ty::Bool => ok(v.is_boolean(), "a boolean"),
        Ty::ShapeId => ok(
            v.as_str().is_some_and(crate::model::is_valid_shape_id),
            "an absolute shape id",
        ),
        Ty::OneOf(options) => ok(
            v.as_str().is_some_and(|s| options.contains(&s)),
            &format!("one of {}", quoted(options)),
        ),
        Ty::StrMap => ok(
            v.as_object()
                .is_some_and(|o| o.values().all(Value::is_string)),
            "an object of strings",
        ),
        Ty::List(item) => {
            let Some(items) = v.as_array() else {
                return ok(false, "a list");
            };
            for (i, item_value) in items.iter().enumerate() {
                check(item, item_value).map_err(|e| format!("item {i}: {e}"))?;
            }
            Ok(())
        }
        Ty::Fields(fields) => {
            let Some(obj) = v.as_object() else {
                return ok(false, "an object");
            };
            for f in *fields {
                match obj.get(f.name) {
                    None if f.required => {
                        return Err(format!("the required field \"{}\" is missing", f.name));
                    }
                    None => {}
                    Some(fv) => {
                        check(&f.ty, fv).map_err(|e| format!("field \"{}\": {e}", f.name))?
                    }
                }
            }
            Ok(())
        }
    }
}

/// `"a", "b"`.
pub fn quoted(options: &[&str]) -> String {
    options
        .iter()
        .map(|o| format!("\"{o}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A value for a message: short, on one line.
pub fn brief(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}
