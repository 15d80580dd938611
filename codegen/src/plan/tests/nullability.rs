//! CLIENT-mode nullability (`docs/ARCHITECTURE.md`, "Nullability").

use super::*;

#[test]
fn every_input_member_is_optional_and_required_ones_are_checked_at_send() {
    let plan = plan_fixture("nullability");
    let input = &plan.operations[0].input.members;
    for name in ["name", "count", "note"] {
        assert!(member(input, name).optional, "input member {name}");
    }
    assert!(member(input, "name").required);
    assert!(!member(input, "note").required);
}

#[test]
fn outside_inputs_required_and_default_members_are_plain_values() {
    let plan = plan_fixture("nullability");
    let output = &plan.operations[0].output.members;
    assert!(!member(output, "name").optional, "@required");
    assert!(!member(output, "count").optional, "@default");
    assert_eq!(
        member(output, "count").default,
        Some(serde_json::Value::from(1))
    );
    assert!(member(output, "note").optional, "neither");
}

#[test]
fn client_optional_keeps_a_required_member_optional() {
    let plan = plan_fixture("nullability");
    let token = member(&plan.operations[0].output.members, "token");
    assert!(token.required);
    assert!(token.optional);
}
