//! Boxing: only where a cycle needs indirection.

use super::*;

#[test]
fn a_direct_cycle_is_boxed_and_a_list_is_indirection_enough() {
    let plan = plan_fixture("recursion");
    let tree = structure(&plan, "Tree");
    assert!(member(&tree.members, "parent").boxed);
    assert!(!member(&tree.members, "children").boxed);
    assert!(!member(&tree.members, "label").boxed);
}

#[test]
fn a_cycle_through_a_union_and_a_structure_is_boxed() {
    let plan = plan_fixture("recursion");
    let expr = plan
        .unions
        .iter()
        .find(|u| u.path.name == "Expr")
        .expect("union Expr");
    let negation = structure(&plan, "Negation");
    let boxed = [
        member(&expr.members, "neg").boxed,
        member(&negation.members, "operand").boxed,
    ];
    assert!(
        boxed.contains(&true),
        "the cycle Expr -> Negation -> Expr has no Box"
    );
    assert!(!member(&expr.members, "literal").boxed);
}
