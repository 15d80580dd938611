//! The single identifier policy: every Rust name the generator emits comes from here.
//!
//! Casing uses `heck`; escaping follows one rule set (prost-build style): raw identifiers for
//! keywords that allow them, a trailing underscore for the few that do not (`self`, `crate`,
//! `super`, `extern`... ), `SelfValue` for the type name `Self`.
//!
//! Distinct Smithy names can collapse to one Rust name (`A_B` and `A__B` both become the variant
//! `AB`; `fooBar` and `foo_bar` the field `foo_bar`). That is valid Smithy, so such
//! names are made unique ([`unique_variants`], [`unique_union_variants`], [`unique_fields`],
//! [`unique_type_renames`]) by one deterministic rule: of the members (shapes) sharing a Rust
//! name, the one whose Smithy name (shape id) sorts first, in byte order, keeps it, and the
//! others, in that order, get the lowest free number appended from 2 on (`AB2`, `AB3`; fields
//! `foo_bar_2`; types `FooBar2`), never reusing a name already taken. Fields also keep clear of
//! the `set_`/`get_` methods of other fields.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Keywords of Rust 2024 (strict and reserved), all of which need escaping as identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers (`r#self` is rejected by rustc).
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "extern", "_"];

/// Method names every generated struct, builder or fluent builder defines itself; a member with
/// one of these names would shadow it, so it gets a `_value` suffix (smithy-rs does the same).
pub const RESERVED_MEMBER_NAMES: &[&str] = &[
    "build",
    "build_unchecked",
    "builder",
    "default",
    "send",
    "send_with",
    "meta",
    "customize",
    "as_input",
    "options",
    "into_paginator",
    "request_id",
    "error_message",
    // Inherent methods with these names would shadow the std traits the types implement
    // (`value.clone()` must stay `Clone::clone`).
    "clone",
    "fmt",
    "eq",
    "ne",
    "hash",
    "into",
    "from",
    "to_string",
    "to_owned",
    "as_ref",
    "borrow",
    "type_id",
];

/// Methods of the generated `Client` (and trait methods it has) that an operation must not
/// shadow; such operations get an `_operation` suffix.
pub const RESERVED_CLIENT_METHODS: &[&str] = &[
    "new", "from_env", "config", "handle", "clone", "fmt", "to_owned", "type_id", "borrow", "into",
];

/// Variant names the generator adds to enums and unions itself.
pub const RESERVED_VARIANT_NAMES: &[&str] = &["Unknown"];

/// Variant name the generator adds to every operation error enum.
pub const UNHANDLED_VARIANT: &str = "Unhandled";

/// `UpperCamelCase` type name for a Smithy shape name.
pub fn type_name(shape_name: &str) -> String {
    let name = shape_name.to_upper_camel_case();
    escape_type(name)
}

/// `snake_case` field or method name for a Smithy member name.
pub fn field_name(member_name: &str) -> String {
    let name = member_name.to_snake_case();
    let name = if name.is_empty() {
        "_".to_string()
    } else {
        name
    };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    };
    if RESERVED_MEMBER_NAMES.contains(&name.as_str()) {
        return format!("{name}_value");
    }
    name
}

/// `snake_case` module name of an operation, also its client method name. The module's file
/// is `<name>.rs`, so names that cannot be a raw identifier, and `mod` (whose file would be the
/// parent's `mod.rs`), get a trailing underscore.
pub fn operation_module(op_name: &str) -> String {
    let name = op_name.to_snake_case();
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() {
        format!("_{name}")
    } else {
        name
    };
    if RESERVED_CLIENT_METHODS.contains(&name.as_str()) {
        return format!("{name}_operation");
    }
    if NOT_RAW.contains(&name.as_str()) || name == "mod" {
        return format!("{name}_");
    }
    name
}

/// Private module (and file stem) holding one shared type: `_` + snake case, which is never a
/// keyword and never collides with the `error` and `builders` modules next to it.
pub fn type_module(type_name: &str) -> String {
    format!("_{}", type_name.to_snake_case())
}

/// Enum or union variant name from a Smithy member name (never from the enum value).
pub fn variant_name(member_name: &str) -> String {
    let name = member_name.to_upper_camel_case();
    let name = if name.is_empty() {
        "Value".to_string()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else {
        name
    };
    if RESERVED_VARIANT_NAMES.contains(&name.as_str()) {
        return format!("{name}Value");
    }
    escape_type(name)
}

fn escape_type(name: String) -> String {
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else if name.is_empty() {
        "Unnamed".to_string()
    } else {
        name
    };
    if name == "Self" {
        "SelfValue".to_string()
    } else {
        name
    }
}

/// The variant names of enum or union members (`smithy` names, in model order), unique.
pub fn unique_variants<'a>(smithy: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let smithy: Vec<&str> = smithy.into_iter().collect();
    let names = smithy.iter().map(|m| variant_name(m)).collect();
    make_unique(names, &smithy, "", ident_text)
}

/// Like [`unique_variants`], for unions: their `as_<variant>`/`is_<variant>` helpers must differ
/// too, so variants count as the same when their snake-case forms are (`AB` and `Ab`).
pub fn unique_union_variants<'a>(smithy: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let smithy: Vec<&str> = smithy.into_iter().collect();
    let names = smithy.iter().map(|m| variant_name(m)).collect();
    make_unique(names, &smithy, "", |n| n.to_snake_case())
}

/// The field names of structure or union members (`smithy` names, in model order), unique
/// together with the `set_`/`get_` builder methods derived from them: members are taken
/// without a `set_`/`get_` prefix first, then the others, each group in Smithy-name order, and
/// each keeps its name unless the name or its `set_`/`get_` forms are taken, in which case it
/// gets the lowest free number from 2 on (`foo_bar_2`; `set_x` next to `x` becomes `set_x_2`).
pub fn unique_fields<'a>(smithy: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let smithy: Vec<&str> = smithy.into_iter().collect();
    let base: Vec<String> = smithy.iter().map(|m| field_name(m)).collect();
    let accessor = |f: &str| f.starts_with("set_") || f.starts_with("get_");
    let mut order: Vec<usize> = (0..base.len()).collect();
    order.sort_by_key(|&i| (accessor(&base[i]), smithy[i]));
    let mut used: std::collections::BTreeSet<String> = Default::default();
    let mut out = base.clone();
    for i in order {
        let mut n = 1usize;
        loop {
            let candidate = if n == 1 {
                base[i].clone()
            } else {
                format!("{}_{n}", base[i])
            };
            let methods = [
                ident_text(&candidate),
                ident_text(&format!("set_{candidate}")),
                ident_text(&format!("get_{candidate}")),
            ];
            if methods.iter().all(|m| !used.contains(m)) {
                used.extend(methods);
                out[i] = candidate;
                break;
            }
            n += 1;
        }
    }
    out
}

/// The rule of the module documentation: `names[i]` was derived from `smithy[i]`; two names
/// clash when their `key`s are equal.
fn make_unique(
    mut names: Vec<String>,
    smithy: &[&str],
    separator: &str,
    key: fn(&str) -> String,
) -> Vec<String> {
    let mut groups: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for (i, name) in names.iter().enumerate() {
        groups.entry(key(name)).or_default().push(i);
    }
    let mut taken: std::collections::BTreeSet<String> = groups.keys().cloned().collect();
    for (_, mut members) in groups.into_iter().filter(|(_, g)| g.len() > 1) {
        members.sort_by_key(|&i| smithy.get(i).copied().unwrap_or(""));
        for &i in members.iter().skip(1) {
            let base = names[i].clone();
            let mut n = 2usize;
            loop {
                let candidate = format!("{base}{separator}{n}");
                if taken.insert(key(&candidate)) {
                    names[i] = candidate;
                    break;
                }
                n += 1;
            }
        }
    }
    names
}

/// Extra `rename`s (shape id to new name) that keep the generated types, builders, modules and
/// files of distinct shapes apart when their names collapse (`FooBar` and `Foo_Bar` both give
/// `FooBar` and `foo_bar`). `shapes` holds each generated shape's id, the module it goes to
/// (names only clash within one: `types`, `types::error`, `operation`) and its name in the
/// service (after the service's own `rename`). Same rule as for members, by shape id: the id
/// that sorts first keeps the name, the others get the lowest free number from 2 on (`FooBar2`).
pub fn unique_type_renames<'a>(
    shapes: impl IntoIterator<Item = (&'a str, &'a str, String)>,
) -> std::collections::BTreeMap<String, String> {
    let key = |home: &str, name: &str| (home.to_string(), type_name(name).to_snake_case());
    type Key = (String, String);
    let mut groups: std::collections::BTreeMap<Key, Vec<(&str, String)>> = Default::default();
    for (id, home, name) in shapes {
        groups.entry(key(home, &name)).or_default().push((id, name));
    }
    let mut taken: std::collections::BTreeSet<Key> = groups.keys().cloned().collect();
    let mut renames = std::collections::BTreeMap::new();
    for ((home, _), mut group) in groups.into_iter().filter(|(_, g)| g.len() > 1) {
        group.sort();
        for (id, name) in group.into_iter().skip(1) {
            let base = type_name(&name);
            let mut n = 2usize;
            loop {
                let candidate = format!("{base}{n}");
                if taken.insert(key(&home, &candidate)) {
                    renames.insert(id.to_string(), candidate);
                    break;
                }
                n += 1;
            }
        }
    }
    renames
}

/// The variant of an operation error enum for an error shape: its type name, except that the
/// generated catch-all's name becomes `UnhandledValue` (as a member `Unknown` becomes
/// `UnknownValue`).
pub fn error_variant(shape_name: &str) -> String {
    let name = type_name(shape_name);
    if name == UNHANDLED_VARIANT {
        format!("{name}Value")
    } else {
        name
    }
}

/// Turns an escaped-or-not name into an [`Ident`], using a raw identifier for keywords.
pub fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// The indefinite article for `word` in generated prose ("a `Foo`", "an `AccessDenied`"): "an"
/// before a vowel letter. By letter, not by sound ("an `Unicode…`"), so it is deterministic
/// and needs no dictionary; names that start with a vowel letter read with a vowel sound far
/// more often than not.
pub fn article(word: &str) -> &'static str {
    match word.trim_start_matches(['`', '_']).chars().next() {
        Some(c) if "aeiouAEIOU".contains(c) => "an",
        _ => "a",
    }
}

/// The text form of [`ident`], for collision checks and messages.
pub fn ident_text(name: &str) -> String {
    ident(name).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(ident(&field_name("Type")).to_string(), "r#type");
        assert_eq!(ident(&field_name("gen")).to_string(), "r#gen");
        assert_eq!(ident(&field_name("self")).to_string(), "self_");
        assert_eq!(ident(&type_name("Self")).to_string(), "SelfValue");
        assert_eq!(ident(&field_name("build")).to_string(), "build_value");
    }

    #[test]
    fn casing() {
        assert_eq!(
            type_name("AWSPartnerCentralSelling"),
            "AwsPartnerCentralSelling"
        );
        assert_eq!(
            field_name("ResourceSnapshotJobIdentifier"),
            "resource_snapshot_job_identifier"
        );
        assert_eq!(
            variant_name("LOST_TO_COMPETITOR_GOOGLE"),
            "LostToCompetitorGoogle"
        );
        assert_eq!(variant_name("Unknown"), "UnknownValue");
        assert_eq!(variant_name("1X"), "V1x");
        assert_eq!(field_name("2fa"), "_2fa");
        assert_eq!(operation_module("Mod"), "mod_");
        assert_eq!(operation_module("Self"), "self_");
        assert_eq!(operation_module("Config"), "config_operation");
        assert_eq!(type_module("Error"), "_error");
    }

    #[test]
    fn collapsing_names_are_numbered_in_smithy_name_order() {
        assert_eq!(unique_variants(["A__B", "A_B", "AB"]), ["AB2", "AB", "Ab"]);
        assert_eq!(
            unique_variants(["A_B", "A__B", "A_B_2"]),
            ["AB", "AB3", "AB2"]
        );
        assert_eq!(
            unique_variants(["Unknown", "UnknownValue"]),
            ["UnknownValue", "UnknownValue2"]
        );
        assert_eq!(
            unique_fields(["fooBar", "foo_bar", "type"]),
            ["foo_bar", "foo_bar_2", "type"]
        );
    }
}
