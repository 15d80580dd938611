//! Redaction decisions (`docs/ARCHITECTURE.md`, "Sensitive data").

use super::*;

#[test]
fn members_targeting_sensitive_shapes_or_collections_of_them_are_redacted() {
    let plan = plan_fixture("sensitive");
    let input = &plan.operations[0].input.members;
    assert!(member(input, "password").sensitive);
    assert!(member(input, "oldPasswords").sensitive);
    assert!(!member(input, "user").sensitive);
}

#[test]
fn a_sensitive_structure_is_redacted_whole() {
    let plan = plan_fixture("sensitive");
    assert!(structure(&plan, "Card").sensitive);
    assert!(member(&plan.operations[0].input.members, "card").sensitive);
}

#[test]
fn an_error_with_a_sensitive_message_never_shows_it() {
    let plan = plan_fixture("sensitive");
    let errors = &plan.operations[0].errors;
    let sensitive_message = |code: &str| {
        errors
            .iter()
            .find(|e| e.info.code == code)
            .map(|e| e.sensitive_message)
    };
    assert_eq!(sensitive_message("BadPassword"), Some(true));
    assert_eq!(sensitive_message("Locked"), Some(false));
}
