//! Arbitrary bytes as an rpcv2Cbor response body: the parser and every typed reader must return
//! errors, never panic, and stay within bounded memory (the parser's depth and length limits).
#![no_main]

use libfuzzer_sys::fuzz_target;
use smithy_client_runtime::cbor::{Value, de};

/// Runs every reader on every item of the tree (an explicit stack: the tree may be as deep as
/// the parser allows).
fn read_everything(root: &Value) {
    let mut stack = vec![root];
    while let Some(v) = stack.pop() {
        let _ = de::string(v);
        let _ = de::boolean(v);
        let _ = de::byte(v);
        let _ = de::short(v);
        let _ = de::integer(v);
        let _ = de::long(v);
        let _ = de::float(v);
        let _ = de::double(v);
        let _ = de::timestamp(v);
        let _ = de::blob(v);
        let _ = de::big_integer(v);
        let _ = de::big_decimal(v);
        let _ = de::union_member(v);
        let _ = de::list(v, de::string);
        let _ = de::sparse_list(v, de::long);
        let _ = de::map(v, de::double);
        let _ = de::sparse_map(v, de::timestamp);
        if let Ok(members) = de::object(v) {
            let _ = members.count();
        }
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Map(pairs) => {
                for (k, item) in pairs {
                    stack.push(k);
                    stack.push(item);
                }
            }
            Value::Tag(_, item) => stack.push(item),
            _ => {}
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = de::parse(data) {
        read_everything(&value);
    }
});
