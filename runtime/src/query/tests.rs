//! Expected bodies are the official awsQuery/ec2Query protocol-test bodies
//! (`smithy-protocol-tests/awsQuery/input*.smithy`, `ec2Query/input*.smithy`).

use super::*;

const PREFIX: &str = "Action=QueryLists&Version=2020-01-08";

fn body(action: &str, f: impl FnOnce(&mut QueryWriter)) -> String {
    let mut w = QueryWriter::new(action, "2020-01-08");
    f(&mut w);
    w.into_string()
}

#[test]
fn scalars_and_encoding() {
    let b = body("SimpleInputParams", |w| {
        w.key("Foo").string("val1");
        w.key("Baz").boolean(true);
        w.key("Bam").integer(10);
        w.key("Boo").double(10.8);
        w.key("Qux").blob(&Blob::new(b"value".to_vec()));
        w.key("FloatValue").float(f32::NAN);
        w.key("Inf").double(f64::NEG_INFINITY);
        w.key("Sp").string("a b+c/é=&~");
        w.key("Big").big_integer(&"12".parse().unwrap());
        w.key("Dec").big_decimal(&"1.5".parse().unwrap());
    });
    assert_eq!(
        b,
        "Action=SimpleInputParams&Version=2020-01-08&Foo=val1&Baz=true&Bam=10&Boo=10.8\
         &Qux=dmFsdWU%3D&FloatValue=NaN&Inf=-Infinity&Sp=a%20b%2Bc%2F%C3%A9%3D%26~&Big=12&Dec=1.5"
    );
}

#[test]
fn timestamps() {
    let t = DateTime::from_secs(1_422_172_800);
    let b = body("QueryTimestamps", |w| {
        w.key("normalFormat")
            .timestamp(&t, TimestampFormat::DateTime);
        w.key("epochMember")
            .timestamp(&t, TimestampFormat::EpochSeconds);
        w.key("http").timestamp(&t, TimestampFormat::HttpDate);
    });
    assert_eq!(
        b,
        "Action=QueryTimestamps&Version=2020-01-08&normalFormat=2015-01-25T08%3A00%3A00Z\
         &epochMember=1422172800&http=Sun%2C%2025%20Jan%202015%2008%3A00%3A00%20GMT"
    );
}

#[test]
fn nested_structures() {
    let b = body("NestedStructures", |w| {
        let mut nested = w.key("Nested");
        nested.field("StringArg").string("foo");
        nested.field("OtherArg").boolean(true);
        nested
            .field("RecursiveArg")
            .field("StringArg")
            .string("baz");
    });
    assert_eq!(
        b,
        "Action=NestedStructures&Version=2020-01-08&Nested.StringArg=foo&Nested.OtherArg=true\
         &Nested.RecursiveArg.StringArg=baz"
    );
}

#[test]
fn lists_wrapped_flattened_renamed_empty_and_nested() {
    let b = body("QueryLists", |w| {
        let mut list = w.key("ListArg").list(Some("member"));
        for s in ["foo", "bar", "baz"] {
            list.item().string(s);
        }
        let mut complex = w.key("ComplexListArg").list(Some("member"));
        complex.item().field("hi").string("hello");
        complex.item().field("hi").string("hola");
    });
    assert_eq!(
        b,
        format!(
            "{PREFIX}&ListArg.member.1=foo&ListArg.member.2=bar&ListArg.member.3=baz\
             &ComplexListArg.member.1.hi=hello&ComplexListArg.member.2.hi=hola"
        )
    );
    assert_eq!(
        body("QueryLists", |w| w.key("ListArg").empty()),
        format!("{PREFIX}&ListArg=")
    );
    let b = body("QueryLists", |w| {
        let mut flat = w.key("FlattenedListArg").list(None);
        flat.item().string("A");
        flat.item().string("B");
        let mut renamed = w.key("ListArgWithXmlNameMember").list(Some("item"));
        renamed.item().string("A");
        let mut nested = w.key("NestedWithList");
        let mut inner = nested.field("ListArg").list(Some("member"));
        inner.item().string("A");
    });
    assert_eq!(
        b,
        format!(
            "{PREFIX}&FlattenedListArg.1=A&FlattenedListArg.2=B&ListArgWithXmlNameMember.item.1=A\
             &NestedWithList.ListArg.member.1=A"
        )
    );
    // An empty list written through `list` sends nothing (the ec2Query rule).
    assert_eq!(
        body("QueryLists", |w| drop(w.key("ListArg").list(None))),
        PREFIX
    );
}

#[test]
fn maps_wrapped_flattened_renamed_and_of_lists() {
    let input: HashMap<&str, &str> = [("foo", "Foo"), ("bar", "Bar")].into();
    let b = body("QueryMaps", |w| {
        let mut map = w.key("MapArg").map(false, "key", "value");
        for (k, v) in sorted(&input) {
            map.entry(k).string(v);
        }
        let mut renamed = w.key("MapWithXmlMemberName").map(false, "K", "V");
        renamed.entry("bar").string("Bar");
        let mut flat = w.key("FlattenedMap").map(true, "key", "value");
        flat.entry("bar").string("Bar");
        let mut of_lists = w.key("MapOfLists").map(false, "key", "value");
        let mut list = of_lists.entry("bar").list(Some("member"));
        list.item().string("C");
        list.item().string("D");
        let mut complex = w.key("ComplexMapArg").map(false, "key", "value");
        complex.entry("bar").field("hi").string("Bar");
    });
    assert_eq!(
        b,
        "Action=QueryMaps&Version=2020-01-08\
         &MapArg.entry.1.key=bar&MapArg.entry.1.value=Bar&MapArg.entry.2.key=foo&MapArg.entry.2.value=Foo\
         &MapWithXmlMemberName.entry.1.K=bar&MapWithXmlMemberName.entry.1.V=Bar\
         &FlattenedMap.1.key=bar&FlattenedMap.1.value=Bar\
         &MapOfLists.entry.1.key=bar&MapOfLists.entry.1.value.member.1=C&MapOfLists.entry.1.value.member.2=D\
         &ComplexMapArg.entry.1.key=bar&ComplexMapArg.entry.1.value.hi=Bar"
    );
}

#[test]
fn ec2_style_lists_and_key_accessor() {
    let mut w = QueryWriter::new("Ec2 Op", "v");
    {
        let mut list = w.key("ListArg").list(None);
        let item = list.item();
        assert_eq!(item.key(), "ListArg.1");
        item.string("a");
    }
    assert_eq!(w.as_str(), "Action=Ec2%20Op&Version=v&ListArg.1=a");
    assert_eq!(w.error(), None);
    w.key("U").field("X").invalid("unknown union member");
    w.invalid("later");
    assert_eq!(w.as_str(), "Action=Ec2%20Op&Version=v&ListArg.1=a");
    assert_eq!(w.error(), Some("unknown union member"));
    assert_eq!(w.into_bytes(), b"Action=Ec2%20Op&Version=v&ListArg.1=a");
}
