//! Arbitrary bytes as an XML response body (restXml, awsQuery, ec2Query): the hardened parser,
//! the three error-document readers, the awsQuery/ec2Query output unwrapping and the typed
//! value readers on every element must return values or errors, never panic, recurse without
//! bound or allocate beyond the limits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smithy_client_runtime::TimestampFormat;
use smithy_client_runtime::xml::{self, de, envelope};

fuzz_target!(|data: &[u8]| {
    // Small limits so that the fuzzer reaches them often.
    let limits = xml::XmlLimits {
        max_depth: 16,
        max_text_len: 4096,
        max_nodes: 10_000,
    };
    let Ok(doc) = xml::parse_with_limits(data, &limits) else {
        return;
    };
    let _ = envelope::rest_xml_error(&doc);
    let _ = envelope::aws_query_error(&doc);
    let _ = envelope::ec2_query_error(&doc);
    let _ = envelope::is_error_document(&doc);
    let root = doc.root();
    let _ = envelope::aws_query_result(&doc, root.name().trim_end_matches("Response"));
    let _ = envelope::aws_query_request_id(&doc);
    let _ = envelope::ec2_query_output(&doc, "Op");
    let _ = envelope::ec2_query_request_id(&doc);

    // Every element through every reader, walked with an explicit stack.
    let mut stack = vec![root];
    while let Some(e) = stack.pop() {
        let _ = (
            de::boolean(e),
            de::byte(e),
            de::short(e),
            de::integer(e),
            de::long(e),
        );
        let _ = (de::float(e), de::double(e), de::blob(e));
        let _ = (de::big_integer(e), de::big_decimal(e));
        for format in [
            TimestampFormat::DateTime,
            TimestampFormat::EpochSeconds,
            TimestampFormat::HttpDate,
        ] {
            let _ = de::timestamp(e, format);
        }
        let _ = de::list(e, "member", de::string);
        let _ = de::flattened_list(e, "member", de::integer);
        let _ = de::map(e, de::MapNames::DEFAULT, de::string);
        let _ = de::flattened_map(e, "entry", de::MapNames::DEFAULT, de::double);
        let _ = (
            e.prefix(),
            e.namespace(),
            e.attr("xsi:type"),
            e.child("Code"),
        );
        let _ = e.attributes().count();
        stack.extend(e.children());
    }
});
