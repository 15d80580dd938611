//! The tree's normal behaviour, and every hostile response of issue 13 item 6 as a test:
//! each yields a typed [`XmlErrorKind`], never a panic, expansion or unbounded allocation.
//! (Peak heap use for the 100 MB text node is measured in `runtime/tests/xml_memory.rs`,
//! which needs its own counting allocator.)

use super::*;

fn kind(body: &[u8]) -> XmlErrorKind {
    match parse(body) {
        Ok(doc) => panic!("parsed: {doc:?}"),
        Err(e) => e.kind(),
    }
}

#[test]
fn tree_names_namespaces_attributes_and_text() {
    let body = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c -->\
        <s3:Root xmlns:s3=\"urn:s3\" xmlns=\"urn:default\" id=\"a &amp; b\" \
        xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n  \
        <Child xsi:type=\"Group\">x<![CDATA[<y>]]>&#x7A;&lt;</Child>\n  <Empty/>\n  \
        <?pi ignored?><Other xmlns=\"\">  </Other>\n</s3:Root>";
    let doc = parse(body.as_bytes()).unwrap();
    let root = doc.root();
    assert_eq!(root.name(), "Root");
    assert_eq!(root.qualified_name(), "s3:Root");
    assert_eq!(root.prefix(), Some("s3"));
    assert_eq!(root.namespace(), Some("urn:s3"));
    assert_eq!(root.attr("id"), Some("a & b"));
    assert_eq!(root.text(), "", "indentation between children is dropped");
    assert!(root.is_named("Root") && root.is_named("s3:Root") && !root.is_named("x:Root"));
    assert_eq!(doc.expect_root("Root").unwrap().name(), "Root");
    let names: Vec<&str> = root.children().map(|c| c.name()).collect();
    assert_eq!(names, ["Child", "Empty", "Other"]);
    let child = root.child("Child").unwrap();
    assert_eq!(child.text(), "x<y>z<");
    assert_eq!(child.namespace(), Some("urn:default"));
    assert_eq!(child.prefix(), None);
    assert_eq!(child.attr("xsi:type"), Some("Group"));
    assert!(!child.has_children() && root.has_children());
    let other = root.child("Other").unwrap();
    assert_eq!(other.text(), "  ", "whitespace in a leaf is data");
    assert_eq!(other.namespace(), None);
    assert_eq!(root.children_named("Empty").count(), 1);
    assert!(format!("{doc:?} {child:?}").contains("Child"));
    // A namespace declared on a self-closing element does not leak to its siblings.
    let doc = parse(b"<r xmlns:p='urn:p'><a xmlns='urn:a'/><b/><p:c/></r>").unwrap();
    let ns: Vec<Option<&str>> = doc.root().children().map(|c| c.namespace()).collect();
    assert_eq!(ns, [Some("urn:a"), None, Some("urn:p")]);
    // Attribute values are normalised (line ends become spaces) unless escaped.
    let doc = parse(b"<a v='1\n2&#xA;3'/>").unwrap();
    assert_eq!(doc.root().attr("v"), Some("1 2\n3"));
    // CR LF in text is normalised to LF, an escaped CR survives.
    let doc = parse(b"<a>1\r\n2&#xD;</a>").unwrap();
    assert_eq!(doc.root().text(), "1\n2\r");
}

#[test]
fn malformed_documents_are_typed_errors() {
    assert_eq!(kind(b""), XmlErrorKind::Empty);
    assert_eq!(kind(b" \n "), XmlErrorKind::Empty);
    assert_eq!(kind(b"<!-- only -->"), XmlErrorKind::Malformed);
    assert_eq!(kind(b"<a></b>"), XmlErrorKind::Malformed);
    assert_eq!(kind(b"<a/><b/>"), XmlErrorKind::Malformed);
    assert_eq!(kind(b"<a/>text"), XmlErrorKind::Malformed);
    assert_eq!(kind(b"text<a/>"), XmlErrorKind::Malformed);
    assert_eq!(kind(b"<a x='1' x='2'/>"), XmlErrorKind::Malformed);
    assert_eq!(kind(b"<a>&#0;</a>"), XmlErrorKind::Malformed);
    assert_eq!(kind(b"<a>& b</a>"), XmlErrorKind::Malformed);
    assert_eq!(kind(b"<a>&nbsp;</a>"), XmlErrorKind::UnknownEntity);
    let e = parse(b"<a>\n &nbsp;</a>").unwrap_err();
    assert_eq!(e.to_string(), "unknown XML entity reference at 2:2: &nbsp;");
    assert_eq!(kind(b"<a v='&nbsp;'/>"), XmlErrorKind::UnknownEntity);
    let e = parse(b"<a>\n  <b></c></a>").unwrap_err();
    assert_eq!(e.position().map(|p| p.0), Some(2), "{e}");
}

#[test]
fn hostile_namespace_declarations_are_bounded() {
    // quick-xml caps bindings in scope (128), which bounds prefix resolution.
    let decls: String = (0..200).map(|i| format!(" xmlns:p{i}='urn:{i}'")).collect();
    let many = format!("<a{decls}/>");
    assert_eq!(kind(many.as_bytes()), XmlErrorKind::Malformed);
    // A huge namespace URI is not hashed once per element.
    let long = format!("<a xmlns='{}'><b/></a>", "u".repeat(2000));
    assert_eq!(kind(long.as_bytes()), XmlErrorKind::TextTooLong);
    let ok = format!(
        "<a xmlns='{}'>{}</a>",
        "u".repeat(1000),
        "<b/>".repeat(1000)
    );
    let doc = parse(ok.as_bytes()).unwrap();
    assert!(
        doc.root()
            .children()
            .all(|b| b.namespace() == doc.root().namespace())
    );
}

#[test]
fn hostile_dtd_with_entity_expansion_is_rejected() {
    let billion_laughs = br#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol9;</lolz>"#;
    let e = parse(billion_laughs).unwrap_err();
    assert_eq!(e.kind(), XmlErrorKind::DtdNotAllowed);
    assert!(e.to_string().contains("DTD"), "{e}");
    // External entities: rejected at the DOCTYPE, nothing is fetched.
    let xxe = br#"<!DOCTYPE a [<!ENTITY x SYSTEM "http://127.0.0.1:1/x">]><a>&x;</a>"#;
    assert_eq!(kind(xxe), XmlErrorKind::DtdNotAllowed);
    // An undeclared entity without a DTD is not expanded either.
    assert_eq!(kind(b"<lolz>&lol9;</lolz>"), XmlErrorKind::UnknownEntity);
    // A DOCTYPE after the root is rejected too.
    assert_eq!(kind(b"<a/><!DOCTYPE a>"), XmlErrorKind::DtdNotAllowed);
}

#[test]
fn hostile_nesting_100_000_deep_is_rejected_without_recursion() {
    let deep = "<a>".repeat(100_000) + &"</a>".repeat(100_000);
    let e = parse(deep.as_bytes()).unwrap_err();
    assert_eq!(e.kind(), XmlErrorKind::TooDeep);
    assert!(e.to_string().contains("128"), "{e}");
    // Exactly at the limit is fine; self-closing elements count too.
    let ok = "<a>".repeat(127) + "<a/>" + &"</a>".repeat(127);
    assert!(parse(ok.as_bytes()).is_ok());
    let over = "<a>".repeat(128) + "<a/>" + &"</a>".repeat(128);
    assert_eq!(kind(over.as_bytes()), XmlErrorKind::TooDeep);
    // A wide tree within limits drops without recursion (flat arena).
    let wide = "<r>".to_owned() + &"<a><b/></a>".repeat(100_000) + "</r>";
    let doc = parse(wide.as_bytes()).unwrap();
    assert_eq!(doc.root().children().count(), 100_000);
}

#[test]
fn hostile_truncated_documents_are_rejected() {
    let full = "<?xml version=\"1.0\"?><R a=\"1\"><!-- c --><x><![CDATA[d]]></x><y>t&amp;</y></R>";
    assert!(parse(full.as_bytes()).is_ok());
    for end in 1..full.len() {
        let e = parse(&full.as_bytes()[..end]).unwrap_err();
        assert!(
            matches!(
                e.kind(),
                XmlErrorKind::Truncated | XmlErrorKind::Malformed | XmlErrorKind::Empty
            ),
            "{end}: {e}"
        );
    }
    assert_eq!(kind(b"<a><b>text"), XmlErrorKind::Truncated);
    assert_eq!(kind(b"<a><b"), XmlErrorKind::Truncated);
    assert_eq!(kind(b"<a><![CDATA[x"), XmlErrorKind::Truncated);
    assert_eq!(kind(b"<a attr=\"x"), XmlErrorKind::Truncated);
}

#[test]
fn hostile_invalid_utf8_is_rejected_with_position() {
    let e = parse(b"<a>\n  ok \xff\xfe</a>").unwrap_err();
    assert_eq!(e.kind(), XmlErrorKind::InvalidUtf8);
    assert_eq!(e.position(), Some((2, 6)));
    assert_eq!(kind(b"<a>\xc3</a>"), XmlErrorKind::InvalidUtf8);
    // UTF-16 is not decoded.
    assert_eq!(kind(b"\xff\xfe<\0a\0/\0>\0"), XmlErrorKind::InvalidUtf8);
}

/// `<a>xxx…xxx</a>`, 100 MiB in all.
pub(crate) fn hundred_mb_text_node() -> Vec<u8> {
    let mut body = vec![b'x'; 100 << 20];
    body[..3].copy_from_slice(b"<a>");
    let end = body.len() - 4;
    body[end..].copy_from_slice(b"</a>");
    body
}

#[test]
fn hostile_100_mb_text_node_is_rejected() {
    let body = hundred_mb_text_node();
    let e = parse(&body).unwrap_err();
    assert_eq!(e.kind(), XmlErrorKind::TextTooLong);
    // The limit is a parameter; text split by references and CDATA counts as one node.
    let limits = XmlLimits {
        max_text_len: 10,
        ..XmlLimits::DEFAULT
    };
    assert!(parse_with_limits(b"<a>0123456789</a>", &limits).is_ok());
    let split = b"<a>01234&amp;<![CDATA[6789]]></a>";
    assert!(parse_with_limits(split, &limits).is_ok());
    let split = b"<a>012345&amp;<![CDATA[6789]]></a>";
    let e = parse_with_limits(split, &limits).unwrap_err();
    assert_eq!(e.kind(), XmlErrorKind::TextTooLong);
    let long_attr = b"<a v='01234567890'/>";
    assert_eq!(
        parse_with_limits(long_attr, &limits).unwrap_err().kind(),
        XmlErrorKind::TextTooLong
    );
    let limits = XmlLimits {
        max_nodes: 3,
        ..XmlLimits::DEFAULT
    };
    assert!(parse_with_limits(b"<a x='1'><b/></a>", &limits).is_ok());
    assert_eq!(
        parse_with_limits(b"<a><b/><c/><d/></a>", &limits)
            .unwrap_err()
            .kind(),
        XmlErrorKind::TooManyNodes
    );
}

#[test]
fn hostile_wrong_root_element_is_rejected() {
    let doc = parse(b"<html><body>Service Unavailable</body></html>").unwrap();
    let e = doc.expect_root("GetObjectOutput").unwrap_err();
    assert_eq!(e.kind(), XmlErrorKind::UnexpectedElement);
    assert_eq!(
        e.to_string(),
        "unexpected XML element: expected the root element <GetObjectOutput>, found <html>"
    );
    let long = format!("<{0}/>", "n".repeat(10_000));
    let doc = parse(long.as_bytes()).unwrap();
    assert!(doc.expect_root("x").unwrap_err().to_string().len() < 200);
}
