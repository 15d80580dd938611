use super::de::{self, *};
use super::*;
use crate::primitives::{BigDecimal, BigInteger, Blob, DateTime};

/// Bytes from hex text (spaces allowed), for readable CBOR vectors.
fn hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
        .collect()
}

fn parse_hex(text: &str) -> Value {
    parse_value(&hex(text)).unwrap()
}

fn kind(bytes: &[u8]) -> ParseErrorKind {
    parse_value(bytes).unwrap_err().kind()
}

#[test]
fn writer_round_trips_through_parser_and_readers() {
    let mut w = CborWriter::new();
    w.begin_map();
    w.key("name");
    w.string("héllo");
    w.key("count");
    w.integer(-300);
    w.key("big");
    w.integer(i64::MAX);
    w.key("ok");
    w.boolean(true);
    w.key("ratio");
    w.float(0.25);
    w.key("f");
    w.float32(1.1);
    w.key("data");
    w.blob(&Blob::new(b"\x00\x01".to_vec()));
    w.key("when");
    w.timestamp(&DateTime::from_secs(1_576_540_098));
    w.key("whenFrac");
    w.timestamp(&DateTime::from_secs_and_nanos(1_576_540_098, 520_000_000));
    w.key("list");
    w.begin_list_with_len(2);
    w.string("a");
    w.null();
    w.end_list();
    w.key("map");
    w.begin_map_with_len(1);
    w.key("k");
    w.integer(7);
    w.end_map();
    w.end_map();
    assert_eq!(w.error(), None);
    let bytes = w.into_bytes();
    assert_eq!(bytes[0], 0xbf, "structures are indefinite-length maps");
    assert_eq!(bytes.last(), Some(&0xff));

    let v = de::parse(&bytes).unwrap();
    let mut seen = Vec::new();
    for (k, item) in object(&v).unwrap() {
        seen.push(k);
        match k {
            "name" => assert_eq!(string(item).unwrap(), "héllo"),
            "count" => assert_eq!(integer(item).unwrap(), -300),
            "big" => assert_eq!(long(item).unwrap(), i64::MAX),
            "ok" => assert!(boolean(item).unwrap()),
            "ratio" => assert_eq!(double(item).unwrap(), 0.25),
            "f" => assert_eq!(float(item).unwrap(), 1.1f32),
            "data" => assert_eq!(blob(item).unwrap().as_ref(), b"\x00\x01"),
            "when" => assert_eq!(timestamp(item).unwrap(), DateTime::from_secs(1_576_540_098)),
            "whenFrac" => assert_eq!(
                timestamp(item).unwrap(),
                DateTime::from_secs_and_nanos(1_576_540_098, 520_000_000)
            ),
            "list" => assert_eq!(
                sparse_list(item, string).unwrap(),
                [Some("a".to_owned()), None]
            ),
            "map" => assert_eq!(map(item, integer).unwrap()["k"], 7),
            other => panic!("unexpected key {other}"),
        }
    }
    assert_eq!(seen.len(), 11);
}

#[test]
fn writer_uses_smallest_integers_and_tags() {
    let mut w = CborWriter::new();
    w.begin_list_with_len(6);
    w.integer(1);
    w.integer(-1);
    w.integer(255);
    w.integer(-257);
    w.timestamp(&DateTime::from_secs(1));
    w.timestamp(&DateTime::from_secs_and_nanos(1, 500_000_000));
    w.end_list();
    assert_eq!(
        w.into_bytes(),
        hex("86 01 20 18ff 390100 c1 01 c1 fb3ff8000000000000")
    );
    let mut w = CborWriter::new();
    ().serialize_cbor(&mut w);
    assert_eq!(w.into_bytes(), [0xbf, 0xff]);
}

#[test]
fn writer_invalid_keeps_output_well_formed() {
    let mut w = CborWriter::new();
    w.begin_list();
    w.invalid("unknown union member");
    w.invalid("second reason is ignored");
    w.end_list();
    assert_eq!(w.error(), Some("unknown union member"));
    assert!(parse_value(w.as_bytes()).is_ok());
}

#[test]
fn big_numbers_round_trip() {
    for text in [
        "0",
        "42",
        "-1",
        "18446744073709551615",
        "-18446744073709551616",
        "18446744073709551616",
        "-18446744073709551617",
        "123456789012345678901234567890123456789",
        "-123456789012345678901234567890123456789",
    ] {
        let mut w = CborWriter::new();
        w.big_integer(&text.parse::<BigInteger>().unwrap());
        let v = parse_value(w.as_bytes()).unwrap();
        assert_eq!(big_integer(&v).unwrap().as_str(), text, "{text}");
    }
    // Values within 64 bits use plain integers, beyond them bignum tags.
    let mut w = CborWriter::new();
    w.big_integer(&"-18446744073709551616".parse().unwrap());
    assert_eq!(w.into_bytes(), hex("3b ffffffffffffffff"));
    let mut w = CborWriter::new();
    w.big_integer(&"18446744073709551616".parse().unwrap());
    assert_eq!(w.into_bytes(), hex("c2 49 010000000000000000"));

    for (text, back) in [
        ("1.25", "1.25"),
        ("-0.005", "-0.005"),
        ("3", "3"),
        ("1e3", "1E3"),
        ("12.5E-3", "0.0125"),
        (
            "3.14159265358979323846264338327950288419716939937510",
            "3.14159265358979323846264338327950288419716939937510",
        ),
    ] {
        let mut w = CborWriter::new();
        w.big_decimal(&text.parse::<BigDecimal>().unwrap());
        assert_eq!(w.error(), None);
        let v = parse_value(w.as_bytes()).unwrap();
        assert_eq!(big_decimal(&v).unwrap().as_str(), back, "{text}");
    }
    let mut w = CborWriter::new();
    w.big_decimal(&"1.25".parse().unwrap());
    assert_eq!(w.into_bytes(), hex("c4 82 21 187d"));
    // Huge exponents stay in exponent form.
    assert_eq!(
        big_decimal(&parse_hex("c4 82 3a000f4240 01"))
            .unwrap()
            .as_str(),
        "1E-1000001"
    );
    // Oversized bignums are refused before any quadratic work.
    let mut huge = hex("c2 5a 00002001");
    huge.extend(std::iter::repeat_n(1u8, 0x2001));
    assert!(big_integer(&parse_value(&huge).unwrap()).is_err());
}

#[test]
fn integers_of_every_width_with_range_checks() {
    // 1 as every width, including non-minimal encodings.
    for h in ["01", "1801", "190001", "1a00000001", "1b0000000000000001"] {
        let v = parse_hex(h);
        assert_eq!(byte(&v).unwrap(), 1, "{h}");
        assert_eq!(long(&v).unwrap(), 1, "{h}");
    }
    for h in ["20", "3800", "390000", "3a00000000", "3b0000000000000000"] {
        assert_eq!(short(&parse_hex(h)).unwrap(), -1, "{h}");
    }
    assert_eq!(byte(&parse_hex("387f")).unwrap(), i8::MIN);
    assert!(byte(&parse_hex("1880")).is_err());
    assert!(byte(&parse_hex("3880")).is_err());
    assert_eq!(integer(&parse_hex("1a7fffffff")).unwrap(), i32::MAX);
    assert!(integer(&parse_hex("1a80000000")).is_err());
    assert_eq!(long(&parse_hex("3b7fffffffffffffff")).unwrap(), i64::MIN);
    let e = long(&parse_hex("3bffffffffffffffff")).unwrap_err().at("N");
    assert_eq!(
        e.to_string(),
        "integer -18446744073709551616 out of range at `$.N`"
    );
    assert!(long(&parse_hex("1bffffffffffffffff")).is_err());
    assert!(
        integer(&parse_hex("f93c00")).is_err(),
        "floats are not integers"
    );
    let e = integer(&parse_hex("61 61")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "expected an integer, found a text string at `$`"
    );
}

#[test]
fn floats_of_every_precision() {
    let f = |h: &str| double(&parse_hex(h)).unwrap();
    assert_eq!(f("f93c00"), 1.0);
    assert_eq!(f("f9c400"), -4.0);
    assert_eq!(f("f97bff"), 65504.0);
    assert_eq!(f("f90001"), 5.960_464_477_539_063e-8, "smallest subnormal");
    assert_eq!(f("f903ff"), 6.097_555_160_522_461e-5, "largest subnormal");
    assert_eq!(f("f97c00"), f64::INFINITY);
    assert_eq!(f("f9fc00"), f64::NEG_INFINITY);
    assert!(f("f97e00").is_nan());
    assert!(f("f97c01").is_nan(), "NaN with the low payload bit");
    assert!(f("f9fe00").is_nan());
    assert_eq!(f("f98000").to_bits(), (-0.0f64).to_bits());
    assert_eq!(f("fa47c35000"), 100_000.0);
    assert_eq!(f("fa7f800000"), f64::INFINITY);
    assert_eq!(f("fb3ff199999999999a"), 1.1);
    assert_eq!(f("18ff"), 255.0, "integers are accepted for floats");
    assert_eq!(f("3863"), -100.0);
    assert_eq!(float(&parse_hex("fa3f8ccccd")).unwrap(), 1.1f32);
    assert!(double(&parse_hex("f5")).is_err());
}

#[test]
fn indefinite_lengths_and_nonminimal_heads() {
    // (_ "str", "ing"), (_ h'01', h'0203'), [_ 1, [_ ]], {_ "a": 1}
    let v = parse_hex("84 7f 63737472 63696e67 ff 5f 4101 420203 ff 9f 01 9f ff ff bf 6161 01 ff");
    let Value::Array(items) = &v else {
        panic!("{v:?}")
    };
    assert_eq!(string(&items[0]).unwrap(), "string");
    assert_eq!(blob(&items[1]).unwrap().as_ref(), [1, 2, 3]);
    assert_eq!(
        items[2],
        Value::Array(vec![Value::Unsigned(1), Value::Array(vec![])])
    );
    assert_eq!(map(&items[3], integer).unwrap()["a"], 1);
    // Empty indefinite strings, and a map with a non-minimal length head (B9 00 02).
    assert_eq!(string(&parse_hex("7fff")).unwrap(), "");
    assert_eq!(blob(&parse_hex("5fff")).unwrap().as_ref(), b"");
    let v = parse_hex("b90002 6161 01 6162 02");
    assert_eq!(map(&v, integer).unwrap().len(), 2);
    // An indefinite string inside a definite list.
    assert_eq!(
        list(&parse_hex("82 7f 6161 ff 6162"), string).unwrap(),
        ["a", "b"]
    );
}

#[test]
fn tags_simple_values_and_undefined() {
    // Tag 1 around an integer, a double and a half float.
    assert_eq!(
        timestamp(&parse_hex("c1 1a5df80a82")).unwrap(),
        DateTime::from_secs(1_576_536_706)
    );
    assert_eq!(
        timestamp(&parse_hex("c1 fb41d77e02a0a147ae")).unwrap(),
        DateTime::from_secs_and_nanos(1_576_536_706, 520_000_000)
    );
    assert_eq!(
        timestamp(&parse_hex("c1 f93e00")).unwrap(),
        DateTime::from_secs_and_nanos(1, 500_000_000)
    );
    assert_eq!(
        timestamp(&parse_hex("c1 20")).unwrap(),
        DateTime::from_secs(-1)
    );
    assert!(timestamp(&parse_hex("c1 f97c00")).is_err());
    assert!(timestamp(&parse_hex("c1 fb7fefffffffffffff")).is_err());
    assert!(timestamp(&parse_hex("c1 6161")).is_err());
    assert!(timestamp(&parse_hex("c1 3bffffffffffffffff")).is_err());
    // Unknown tags are looked through.
    assert_eq!(string(&parse_hex("d820 6161")).unwrap(), "a");
    // undefined reads as null, and nulls are not members.
    let v = parse_hex("a2 6161 f7 6162 f6");
    assert_eq!(object(&v).unwrap().count(), 0);
    assert_eq!(parse_hex("f0"), Value::Simple(16));
    assert_eq!(parse_hex("f8ff"), Value::Simple(255));
}

#[test]
fn unknown_members_and_unions() {
    // {"known": 1, "extra": {_ "deep": [_ (_ "x") ]}, 5: 6}: the unknown member holds nested
    // indefinite data, and an integer key cannot name a member.
    let v = parse_hex("a3 656b6e6f776e 01 656578747261 bf 6464656570 9f 7f 6178 ff ff ff 05 06");
    let members: Vec<&str> = object(&v).unwrap().map(|(k, _)| k).collect();
    assert_eq!(members, ["known", "extra"]);
    assert!(map(&v, integer).is_err(), "maps need text keys");

    let u = parse_hex("a3 665f5f74797065 6161 6161 f6 6162 01");
    let (k, item) = union_member(&u).unwrap().unwrap();
    assert_eq!((k, integer(item).unwrap()), ("b", 1));
    assert!(union_member(&parse_hex("a2 6161 01 6162 02")).is_err());
    assert_eq!(union_member(&parse_hex("a0")).unwrap(), None);
    assert_eq!(parse_hex("a1 6161 01").get("a"), Some(&Value::Unsigned(1)));
}

#[test]
fn empty_body_is_empty_map_and_errors_have_paths() {
    assert_eq!(de::parse(b"").unwrap(), Value::Map(Vec::new()));
    let e = list(&parse_hex("82 6161 01"), string)
        .unwrap_err()
        .at("Names");
    assert_eq!(
        e.to_string(),
        "expected a text string, found an integer at `$.Names[1]`"
    );
    assert!(
        de::parse(&[0xff])
            .unwrap_err()
            .to_string()
            .starts_with("invalid CBOR")
    );
}

#[test]
fn hostile_nesting_is_a_typed_error() {
    for opener in [0x81u8, 0x9f, 0xa1, 0xc1] {
        let mut deep = vec![opener; 10_000];
        if opener == 0xa1 {
            // {"": {"": ...}}: key then nested map.
            deep = [0xa1, 0x60].repeat(10_000);
        }
        deep.push(0x00);
        let e = parse_value(&deep).unwrap_err();
        assert_eq!(e.kind(), ParseErrorKind::TooDeep, "{opener:#x}: {e}");
    }
    let ok = [vec![0x81; MAX_DEPTH], vec![0x00]].concat();
    assert!(parse_value(&ok).is_ok());
    let too_deep = [vec![0x81; MAX_DEPTH + 1], vec![0x00]].concat();
    assert_eq!(kind(&too_deep), ParseErrorKind::TooDeep);
}

#[test]
fn hostile_declared_lengths_do_not_allocate() {
    // 2^63 and 2^64-1 as the length of a byte string, text string, array and map.
    for head in [0x5bu8, 0x7b, 0x9b, 0xbb] {
        for len in [1u64 << 63, u64::MAX] {
            let mut bytes = vec![head];
            bytes.extend_from_slice(&len.to_be_bytes());
            bytes.extend_from_slice(b"abc");
            let e = parse_value(&bytes).unwrap_err();
            assert_eq!(
                e.kind(),
                ParseErrorKind::LengthExceedsInput,
                "{head:#x}: {e}"
            );
        }
    }
    // Inside an indefinite string too.
    let mut chunked = hex("7f 7b");
    chunked.extend_from_slice(&(1u64 << 63).to_be_bytes());
    assert_eq!(kind(&chunked), ParseErrorKind::LengthExceedsInput);
    // A map of three pairs needs at least six bytes.
    assert_eq!(
        kind(&hex("a3 01 02 03 04")),
        ParseErrorKind::LengthExceedsInput
    );
}

#[test]
fn truncation_is_a_typed_error_at_every_cut() {
    let mut w = CborWriter::new();
    w.begin_map();
    w.key("a");
    w.begin_list_with_len(3);
    w.float(1.5);
    w.blob(&Blob::new(vec![7; 40]));
    w.timestamp(&DateTime::from_secs(1_000_000));
    w.end_list();
    w.key("bb");
    w.string("some text");
    w.end_map();
    let full = w.into_bytes();
    assert!(parse_value(&full).is_ok());
    for cut in 0..full.len() {
        let e = parse_value(&full[..cut]).unwrap_err();
        assert!(
            matches!(
                e.kind(),
                ParseErrorKind::Truncated | ParseErrorKind::LengthExceedsInput
            ),
            "cut at {cut}: {e}"
        );
    }
    assert_eq!(kind(&hex("f9 3c")), ParseErrorKind::Truncated);
    assert_eq!(kind(&hex("fb 3ff0")), ParseErrorKind::Truncated);
    assert_eq!(kind(&hex("19 01")), ParseErrorKind::Truncated);
    assert_eq!(kind(&hex("9f 01")), ParseErrorKind::Truncated);
}

#[test]
fn malformed_input_is_a_typed_error() {
    assert_eq!(kind(&hex("62 fffe")), ParseErrorKind::InvalidUtf8);
    assert_eq!(kind(&hex("7f 61ff ff")), ParseErrorKind::InvalidUtf8);
    assert_eq!(kind(&hex("ff")), ParseErrorKind::Malformed, "lone break");
    assert_eq!(
        kind(&hex("82 01 ff")),
        ParseErrorKind::Malformed,
        "break in a definite array"
    );
    assert_eq!(
        kind(&hex("bf 6161 ff")),
        ParseErrorKind::Malformed,
        "key without value"
    );
    assert_eq!(
        kind(&hex("7f 4161 ff")),
        ParseErrorKind::Malformed,
        "bytes chunk in text"
    );
    assert_eq!(
        kind(&hex("5f 7f ff ff")),
        ParseErrorKind::Malformed,
        "nested indefinite"
    );
    for reserved in ["1c", "3d", "5e", "7c", "9e", "bc", "dc", "fc"] {
        assert_eq!(
            kind(&hex(reserved)),
            ParseErrorKind::Malformed,
            "{reserved}"
        );
    }
    assert_eq!(kind(&hex("01 02")), ParseErrorKind::TrailingData);
    let e = parse_value(&hex("01 02")).unwrap_err();
    assert_eq!(e.offset(), 1);
    assert_eq!(
        e.to_string(),
        "unexpected data after the top-level item at byte 1"
    );
}

#[test]
fn half_float_conversion_matches_f32_for_every_pattern() {
    // Every binary16 value is exactly representable as f32; compare against a second,
    // independent route: build the f32 bits directly.
    for bits in 0..=u16::MAX {
        let ours = super::value::f16_to_f64(bits);
        let sign = u32::from(bits >> 15) << 31;
        let exp = u32::from((bits >> 10) & 0x1f);
        let mant = u32::from(bits & 0x3ff);
        let reference = match exp {
            0 => {
                let m = (mant as f32) * 2f32.powi(-24);
                if sign != 0 { -m } else { m }
            }
            31 => f32::from_bits(sign | 0x7f80_0000 | (mant << 13)),
            e => f32::from_bits(sign | ((e + 112) << 23) | (mant << 13)),
        };
        if reference.is_nan() {
            assert!(ours.is_nan(), "{bits:#06x}");
        } else {
            assert_eq!(ours, f64::from(reference), "{bits:#06x}");
        }
    }
}

/// `shared/smithy-protocol-tests`, looked up from this crate upwards (the repository and the
/// shared data sit side by side in CI and in the main checkout).
fn protocol_tests_dir() -> Option<std::path::PathBuf> {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared/smithy-protocol-tests"))
        .find(|dir| dir.is_dir())
}

#[test]
fn every_rpcv2_cbor_protocol_test_body_parses() {
    use base64::Engine as _;
    let Some(dir) = protocol_tests_dir() else {
        eprintln!("skipped: shared/smithy-protocol-tests not found above CARGO_MANIFEST_DIR");
        return;
    };
    let mut parsed = 0;
    for sub in ["rpcv2Cbor", "aws-rpcv2Cbor"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for entry in entries.flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for line in text.lines() {
                let Some(b64) = line
                    .trim()
                    .strip_prefix("body: \"")
                    .and_then(|rest| rest.strip_suffix('"'))
                else {
                    continue;
                };
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .unwrap();
                if let Err(e) = de::parse(&bytes) {
                    panic!("{}: {b64}: {e}", entry.path().display());
                }
                parsed += 1;
            }
        }
    }
    assert!(parsed >= 80, "only {parsed} bodies found");
}
