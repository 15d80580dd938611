use bytes::Bytes;
use http::HeaderMap;

use super::*;
use crate::ByteStream;
use crate::transport::SdkBody;

/// The catalogue check values of each CRC over `123456789`, and the digests of the same text.
const VECTORS: [(ChecksumAlgorithm, &str); 5] = [
    (ChecksumAlgorithm::Crc32, "y/Q5Jg=="),
    (ChecksumAlgorithm::Crc32c, "4waSgw=="),
    (ChecksumAlgorithm::Crc64Nvme, "rosUhgp5mIg="),
    (ChecksumAlgorithm::Sha1, "98O8HYCOBHMq32eZZczDTKeuNEE="),
    (
        ChecksumAlgorithm::Sha256,
        "FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=",
    ),
];

#[test]
fn every_algorithm_matches_its_check_value_whole_and_in_chunks() {
    for (alg, want) in VECTORS {
        assert_eq!(alg.checksum_base64(b"123456789"), want, "{alg}");
        let mut h = alg.hasher();
        for chunk in [&b"1234"[..], b"", b"56789"] {
            h.update(chunk);
        }
        assert_eq!(h.finalize_base64(), want, "{alg} in chunks");
        assert_eq!(
            ChecksumAlgorithm::from_name(&alg.as_str().to_lowercase()),
            Ok(alg)
        );
        assert!(alg.header_name().ends_with(&alg.as_str().to_lowercase()));
    }
    assert!(ChecksumAlgorithm::from_name("MD5").is_err());
}

#[test]
fn settings_parse_case_insensitively_and_reject_typos() {
    assert_eq!(
        "WHEN_REQUIRED".parse::<RequestChecksumCalculation>(),
        Ok(RequestChecksumCalculation::WhenRequired)
    );
    assert_eq!(
        " when_supported ".parse::<ResponseChecksumValidation>(),
        Ok(ResponseChecksumValidation::WhenSupported)
    );
    let e = "always".parse::<RequestChecksumCalculation>().unwrap_err();
    assert!(e.to_string().contains("when_required"), "{e}");
}

static PUT: HttpChecksum =
    HttpChecksum::new().request_algorithm_member(Some("x-amz-sdk-checksum-algorithm"));
static REQUIRED: HttpChecksum = HttpChecksum::new().request_checksum_required();
static GET: HttpChecksum = HttpChecksum::new()
    .request_validation_mode_member(Some("x-amz-checksum-mode"))
    .response_algorithms(&[
        ChecksumAlgorithm::Crc32,
        ChecksumAlgorithm::Crc32c,
        ChecksumAlgorithm::Crc64Nvme,
        ChecksumAlgorithm::Sha1,
        ChecksumAlgorithm::Sha256,
    ]);

fn apply(
    call: &RequestChecksum,
    calc: RequestChecksumCalculation,
    validation: ResponseChecksumValidation,
    headers: &mut HeaderMap,
) -> Option<ChecksumAlgorithm> {
    apply_request_checksum(call, calc, validation, headers, Some(b"123456789")).unwrap()
}

const SUPPORTED: RequestChecksumCalculation = RequestChecksumCalculation::WhenSupported;
const REQUIRED_ONLY: RequestChecksumCalculation = RequestChecksumCalculation::WhenRequired;
const VALIDATE: ResponseChecksumValidation = ResponseChecksumValidation::WhenSupported;

#[test]
fn crc32_by_default_when_supported_with_the_algorithm_announced() {
    let mut h = HeaderMap::new();
    let used = apply(&RequestChecksum::new(&PUT), SUPPORTED, VALIDATE, &mut h);
    assert_eq!(used, Some(ChecksumAlgorithm::Crc32));
    assert_eq!(h["x-amz-checksum-crc32"], "y/Q5Jg==");
    assert_eq!(h["x-amz-sdk-checksum-algorithm"], "CRC32");
}

#[test]
fn when_required_computes_only_for_required_or_chosen() {
    let mut h = HeaderMap::new();
    assert_eq!(
        apply(&RequestChecksum::new(&PUT), REQUIRED_ONLY, VALIDATE, &mut h),
        None
    );
    assert!(h.is_empty(), "{h:?}");
    let chosen = RequestChecksum::new(&PUT).algorithm(Some("SHA256"));
    assert_eq!(
        apply(&chosen, REQUIRED_ONLY, VALIDATE, &mut h),
        Some(ChecksumAlgorithm::Sha256)
    );
    assert_eq!(h["x-amz-checksum-sha256"], VECTORS[4].1);
    let mut h = HeaderMap::new();
    let used = apply(
        &RequestChecksum::new(&REQUIRED),
        REQUIRED_ONLY,
        VALIDATE,
        &mut h,
    );
    assert_eq!(used, Some(ChecksumAlgorithm::Crc32));
    assert!(!h.contains_key("x-amz-sdk-checksum-algorithm"));
}

#[test]
fn a_checksum_the_caller_set_is_kept_and_nothing_computed() {
    let mut h = HeaderMap::new();
    h.insert("x-amz-checksum-crc32c", "callerValue".parse().unwrap());
    let call = RequestChecksum::new(&PUT).algorithm(Some("CRC32C"));
    assert_eq!(apply(&call, SUPPORTED, VALIDATE, &mut h), None);
    assert_eq!(h["x-amz-checksum-crc32c"], "callerValue");
    assert_eq!(h.len(), 1);
}

#[test]
fn an_unknown_algorithm_is_a_construction_error() {
    let call = RequestChecksum::new(&PUT).algorithm(Some("MD5"));
    let e = apply_request_checksum(&call, SUPPORTED, VALIDATE, &mut HeaderMap::new(), Some(b""))
        .unwrap_err();
    assert!(e.to_string().contains("MD5"), "{e}");
}

#[test]
fn validation_mode_is_enabled_when_supported_only() {
    let mut h = HeaderMap::new();
    assert_eq!(
        apply(&RequestChecksum::new(&GET), SUPPORTED, VALIDATE, &mut h),
        None
    );
    assert_eq!(h["x-amz-checksum-mode"], "ENABLED");
    let mut h = HeaderMap::new();
    let off = ResponseChecksumValidation::WhenRequired;
    apply(&RequestChecksum::new(&GET), SUPPORTED, off, &mut h);
    assert!(h.is_empty(), "{h:?}");
}

fn response_headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (k, v) in pairs {
        h.insert(*k, v.parse().unwrap());
    }
    h
}

#[test]
fn the_response_checksum_is_picked_in_priority_order() {
    let call = RequestChecksum::new(&GET);
    let h = response_headers(&[
        ("x-amz-checksum-sha256", VECTORS[4].1),
        ("x-amz-checksum-crc32", VECTORS[0].1),
        ("x-amz-checksum-crc64nvme", VECTORS[2].1),
    ]);
    let get = http::Method::GET;
    let e = expected_response_checksum(&call, VALIDATE, &get, 200, &h).unwrap();
    assert_eq!(e.algorithm(), ChecksumAlgorithm::Crc64Nvme);
    assert!(e.validate(b"123456789").is_ok());
    let bad = e.validate(b"12345678").unwrap_err();
    assert_eq!(bad.expected(), VECTORS[2].1);
    // Skipped: HEAD, 304, errors, multipart composites, validation off and not asked for.
    assert!(expected_response_checksum(&call, VALIDATE, &http::Method::HEAD, 200, &h).is_none());
    assert!(expected_response_checksum(&call, VALIDATE, &get, 304, &h).is_none());
    let multipart = response_headers(&[("x-amz-checksum-crc32", "y/Q5Jg==-12")]);
    assert!(expected_response_checksum(&call, VALIDATE, &get, 200, &multipart).is_none());
    let off = ResponseChecksumValidation::WhenRequired;
    assert!(expected_response_checksum(&call, off, &get, 200, &h).is_none());
    let asked = RequestChecksum::new(&GET).validation_enabled(true);
    assert!(expected_response_checksum(&asked, off, &get, 200, &h).is_some());
    // An operation without responseAlgorithms never validates.
    let put = RequestChecksum::new(&PUT);
    assert!(expected_response_checksum(&put, VALIDATE, &get, 200, &h).is_none());
}

fn chunks(parts: &'static [&'static [u8]]) -> SdkBody {
    struct Parts(std::slice::Iter<'static, &'static [u8]>);
    impl futures_core::Stream for Parts {
        type Item = Result<Bytes, crate::transport::BoxError>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.next().map(|b| Ok(Bytes::from_static(b))))
        }
    }
    SdkBody::from_stream(Box::pin(Parts(parts.iter())), None)
}

#[tokio::test]
async fn a_streamed_download_is_checked_at_its_end() {
    let good = ExpectedChecksum::new(ChecksumAlgorithm::Crc32c, VECTORS[1].1);
    let body = ByteStream::new(good.clone().wrap(chunks(&[b"1234", b"56789"])));
    assert_eq!(body.collect().await.unwrap().to_vec(), b"123456789");

    let mut body = ByteStream::new(good.wrap(chunks(&[b"1234", b"5678X"])));
    // The bytes flow as they come; the mismatch is the last item.
    assert_eq!(&body.next().await.unwrap().unwrap()[..], b"1234");
    assert_eq!(&body.next().await.unwrap().unwrap()[..], b"5678X");
    let err = body.next().await.unwrap().unwrap_err();
    let mismatch = err.checksum_mismatch().expect("typed mismatch");
    assert_eq!(mismatch.algorithm(), ChecksumAlgorithm::Crc32c);
    assert!(err.to_string().contains("CRC32C checksum"), "{err}");
    assert!(body.next().await.is_none());
}

#[tokio::test]
async fn a_file_body_is_checksummed_in_chunks_and_a_one_shot_stream_refused() {
    let dir = std::env::temp_dir().join(format!("checksum-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("body");
    std::fs::write(&path, b"123456789").unwrap();
    let file = ByteStream::from_path(&path).await.unwrap().into_inner();
    let got = checksum_of_body(ChecksumAlgorithm::Sha256, &file)
        .await
        .unwrap();
    assert_eq!(got, VECTORS[4].1);
    std::fs::remove_dir_all(&dir).unwrap();
    let once = chunks(&[b"123456789"]);
    let e = checksum_of_body(ChecksumAlgorithm::Crc32, &once)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("one-shot"), "{e}");
}
