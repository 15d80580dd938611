//! Rust names: keywords escaped, collapsing names numbered (`docs/ARCHITECTURE.md`, "Names
//! that collapse").

use super::*;

#[test]
fn keywords_are_escaped() {
    let plan = plan_fixture("naming");
    let input = &plan.operations[0].input.members;
    assert_eq!(
        crate::naming::ident_text(&member(input, "type").field),
        "r#type"
    );
    // `self` cannot be a raw identifier: it gets a suffix instead.
    assert_eq!(
        crate::naming::ident_text(&member(input, "self").field),
        "self_"
    );
    let mode = plan
        .enums
        .iter()
        .find(|e| e.path.name == "Mode")
        .expect("enum Mode");
    assert!(
        mode.variants.iter().any(|v| v.name == "Match"),
        "{:?}",
        mode.variants
    );
}

#[test]
fn collapsing_member_names_are_numbered_in_smithy_name_order() {
    let plan = plan_fixture("naming");
    let input = &plan.operations[0].input.members;
    // `fooBar` sorts before `foo_bar` in byte order, so it keeps the plain name.
    assert_eq!(member(input, "fooBar").field, "foo_bar");
    assert_eq!(member(input, "foo_bar").field, "foo_bar_2");
}

#[test]
fn a_member_named_like_another_members_setter_is_renamed() {
    let plan = plan_fixture("naming");
    let input = &plan.operations[0].input.members;
    let x = member(input, "x");
    let set_x = member(input, "set_x");
    assert_eq!(x.setter, "set_x");
    assert_ne!(set_x.field, x.setter, "{set_x:?}");
}

#[test]
fn collapsing_enum_variants_are_numbered() {
    let plan = plan_fixture("naming");
    let mode = plan
        .enums
        .iter()
        .find(|e| e.path.name == "Mode")
        .expect("enum Mode");
    let names: Vec<(&str, &str)> = mode
        .variants
        .iter()
        .map(|v| (v.value.as_str(), v.name.as_str()))
        .collect();
    assert!(names.contains(&("A_B", "AB")), "{names:?}");
    assert!(names.contains(&("A__B", "AB2")), "{names:?}");
}
