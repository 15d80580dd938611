//! HTTP bindings, auth lists and operations left out (ported from the `protocol` branch's
//! planner tests).

use super::*;

const REST_SERVICE: &str = r#"
    "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Get"}],
        "traits": {"aws.protocols#restJson1": {}, "smithy.api#httpBearerAuth": {},
                   "aws.auth#sigv4": {"name": "svc"}}},
    "ex#GetInput": {"type": "structure", "traits": {"smithy.api#input": {}}, "members": {
        "Key": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}},
        "Id": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}},
        "Limit": {"target": "smithy.api#Integer", "traits": {"smithy.api#httpQuery": "limit"}},
        "Tag": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "X-Tag"}},
        "Name": {"target": "smithy.api#String", "traits": {"smithy.api#jsonName": "name"}}
    }},
"#;

#[test]
fn rest_bindings_are_planned_from_the_traits() {
    let plan = plan_json(&format!(
        r#"{REST_SERVICE}
        "ex#Get": {{"type": "operation", "input": {{"target": "ex#GetInput"}},
            "traits": {{"smithy.api#http": {{"method": "PUT", "uri": "/things/{{Id}}/{{Key+}}?x=1", "code": 201}}}}}}"#
    ))
    .unwrap();
    let op = &plan.operations[0];
    assert_eq!(op.http.method, "PUT");
    assert_eq!(op.http.code, 201);
    assert_eq!(op.http.query, "x=1");
    assert_eq!(
        op.http.path,
        vec![
            UriPart::Literal("/things/".into()),
            UriPart::Label {
                member: "Id".into(),
                greedy: false
            },
            UriPart::Literal("/".into()),
            UriPart::Label {
                member: "Key".into(),
                greedy: true
            },
        ]
    );
    let location = |name: &str| {
        op.input
            .members
            .iter()
            .find(|m| m.wire_name == name)
            .map(|m| m.location.clone())
    };
    assert_eq!(location("Key"), Some(Location::Label { greedy: true }));
    assert_eq!(location("Limit"), Some(Location::Query("limit".into())));
    assert_eq!(location("Tag"), Some(Location::Header("X-Tag".into())));
    assert_eq!(location("Name"), Some(Location::Body));
    // No `@auth`: every auth trait of the service, sorted by shape id.
    assert_eq!(
        auth_ids(op),
        ["aws.auth#sigv4", "smithy.api#httpBearerAuth"]
    );
}

#[test]
fn a_label_missing_from_the_uri_is_an_error() {
    let err = plan_json(&format!(
        r#"{REST_SERVICE}
        "ex#Get": {{"type": "operation", "input": {{"target": "ex#GetInput"}},
            "traits": {{"smithy.api#http": {{"method": "GET", "uri": "/things/{{Id}}"}}}}}}"#
    ))
    .unwrap_err();
    assert!(err.to_string().contains("ex#GetInput$Key"), "{err}");
}

#[test]
fn operation_auth_replaces_the_service_list_and_optional_auth_adds_anonymous() {
    let plan = plan_json(&format!(
        r#"{REST_SERVICE}
        "ex#Get": {{"type": "operation", "input": {{"target": "ex#GetInput"}},
            "traits": {{"smithy.api#http": {{"method": "GET", "uri": "/things/{{Id}}/{{Key}}"}},
                        "smithy.api#auth": ["smithy.api#httpBearerAuth"],
                        "smithy.api#optionalAuth": {{}}}}}}"#
    ))
    .unwrap();
    assert_eq!(
        auth_ids(&plan.operations[0]),
        ["smithy.api#httpBearerAuth", "smithy.api#noAuth"]
    );
}

#[test]
fn rpc_protocols_put_every_member_in_the_body() {
    let plan = plan_json(
        r#"
        "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Get"}],
            "traits": {"aws.protocols#awsJson1_0": {}}},
        "ex#Get": {"type": "operation", "input": {"target": "ex#GetInput"},
            "traits": {"smithy.api#auth": []}},
        "ex#GetInput": {"type": "structure", "traits": {"smithy.api#input": {}}, "members": {
            "Tag": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "X-Tag"}}
        }}"#,
    )
    .unwrap();
    let op = &plan.operations[0];
    assert_eq!(op.input.members[0].location, Location::Body);
    assert_eq!(op.http.method, "POST");
    assert_eq!(auth_ids(op), ["smithy.api#noAuth"]);
}

/// Input and output event streams are generated for the JSON protocols (the member is taken
/// out of the input or output struct); for the others the operation is left out with a
/// warning naming it.
#[test]
fn event_streams_of_json_protocols_are_planned_and_others_left_out_with_a_warning() {
    let service = |protocol: &str, io: &str| {
        format!(
            r#"
        "ex#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "ex#Sub"}}],
            "traits": {{"{protocol}": {{}}}}}},
        "ex#Sub": {{"type": "operation", "{io}": {{"target": "ex#SubIo"}},
            "traits": {{"smithy.api#http": {{"method": "POST", "uri": "/"}}}}}},
        "ex#SubIo": {{"type": "structure", "members": {{
            "Events": {{"target": "ex#Events"}}
        }}}},
        "ex#Events": {{"type": "union", "traits": {{"smithy.api#streaming": {{}}}}, "members": {{
            "A": {{"target": "ex#A"}}
        }}}},
        "ex#A": {{"type": "structure", "members": {{}}}}"#
        )
    };
    let json_output = plan_json(&service("aws.protocols#restJson1", "output")).unwrap();
    assert_eq!(json_output.operations.len(), 1);
    assert!(json_output.operations[0].output_stream.is_some());
    assert!(
        json_output.warnings.is_empty(),
        "{:?}",
        json_output.warnings
    );

    let json_input = plan_json(&service("aws.protocols#restJson1", "input")).unwrap();
    assert_eq!(json_input.operations.len(), 1);
    let op = &json_input.operations[0];
    let stream = op.input_stream.as_ref().expect("an input stream");
    assert_eq!(stream.member.wire_name, "Events");
    assert!(
        !stream.initial_message,
        "restJson1 binds the initial request to HTTP"
    );
    assert!(op.input.members.iter().all(|m| m.wire_name != "Events"));
    assert!(json_input.warnings.is_empty(), "{:?}", json_input.warnings);
    let aws_json = plan_json(&service("aws.protocols#awsJson1_1", "input")).unwrap();
    let stream = aws_json.operations[0]
        .input_stream
        .as_ref()
        .expect("an input stream");
    assert!(
        stream.initial_message,
        "awsJson sends an initial-request event"
    );

    for (protocol, io) in [
        ("aws.protocols#restXml", "output"),
        ("aws.protocols#restXml", "input"),
    ] {
        let plan = plan_json(&service(protocol, io)).unwrap();
        assert!(plan.operations.is_empty(), "{protocol} {io}");
        assert_eq!(plan.warnings.len(), 1, "{protocol} {io}");
        assert!(
            plan.warnings[0].to_string().contains("ex#Sub"),
            "{:?}",
            plan.warnings
        );
    }
}

/// The shape ids of an operation's planned auth schemes, in order.
fn auth_ids(op: &crate::plan::OperationPlan) -> Vec<&str> {
    op.auth.iter().map(crate::plan::AuthPlan::id).collect()
}
