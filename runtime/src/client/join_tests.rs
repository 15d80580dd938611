//! `join_endpoint`: the endpoint and the operation's path and query.

use super::join_endpoint;

#[test]
fn an_empty_operation_path_is_the_endpoint_path() {
    let base = "https://s3.us-west-2.amazonaws.com/";
    assert_eq!(
        join_endpoint(base, "/k?x=1"),
        "https://s3.us-west-2.amazonaws.com/k?x=1"
    );
    assert_eq!(
        join_endpoint(base, "?list-type=2"),
        "https://s3.us-west-2.amazonaws.com/?list-type=2"
    );
    assert_eq!(
        join_endpoint(base, ""),
        "https://s3.us-west-2.amazonaws.com/"
    );
    let path_style = "https://s3.us-west-2.amazonaws.com/bucket/";
    assert_eq!(
        join_endpoint(path_style, "?list-type=2"),
        "https://s3.us-west-2.amazonaws.com/bucket?list-type=2"
    );
    assert_eq!(
        join_endpoint(path_style, ""),
        "https://s3.us-west-2.amazonaws.com/bucket"
    );
    assert_eq!(
        join_endpoint(path_style, "/key"),
        "https://s3.us-west-2.amazonaws.com/bucket/key"
    );
    // RPC protocols on a custom path keep the `/` their operation path gives.
    assert_eq!(
        join_endpoint("https://example.com/custom/", "/"),
        "https://example.com/custom/"
    );
}
