use tokio::io::AsyncReadExt as _;

use super::*;

#[tokio::test]
async fn in_memory_streams_know_their_length_and_collect() {
    let s = ByteStream::from("hello");
    assert_eq!(s.content_length(), Some(5));
    assert_eq!(s.bytes(), Some(&b"hello"[..]));
    assert_eq!(s.collect().await.unwrap().into_bytes(), "hello");
    let err = ByteStream::from(vec![0u8; 10])
        .collect_with_limit(9)
        .await
        .unwrap_err();
    assert!(err.is_too_large(), "{err}");
    assert_eq!(ByteStream::default().collect().await.unwrap().to_vec(), b"");
}

#[tokio::test]
async fn from_reader_yields_exactly_the_declared_length_in_chunks() {
    let data: Vec<u8> = (0..200_000u32).map(|i| i as u8).collect();
    let mut s = ByteStream::from_reader(std::io::Cursor::new(data.clone()), 150_000);
    assert_eq!(s.content_length(), Some(150_000));
    let mut got = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = s.next().await {
        let chunk = chunk.unwrap();
        assert!(chunk.len() <= CHUNK_SIZE);
        got.extend_from_slice(&chunk);
        chunks += 1;
    }
    assert_eq!(got, data[..150_000]);
    assert!(chunks >= 3);
}

#[tokio::test]
async fn a_reader_shorter_than_declared_is_an_error() {
    let s = ByteStream::from_reader(std::io::Cursor::new(vec![1u8; 10]), 11);
    let err = s.collect().await.unwrap_err();
    let io: std::io::Error = err.into();
    assert_eq!(io.kind(), std::io::ErrorKind::UnexpectedEof);
}

#[tokio::test]
async fn from_path_is_re_readable() {
    let dir = std::env::temp_dir().join(format!("byte-stream-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("data.bin");
    std::fs::write(&path, vec![7u8; 100_000]).unwrap();
    let s = ByteStream::from_path(&path).await.unwrap();
    assert_eq!(s.content_length(), Some(100_000));
    let copy = ByteStream::new(s.into_inner().try_clone().unwrap());
    let again = ByteStream::new(copy.into_inner().try_clone().unwrap());
    assert_eq!(again.collect().await.unwrap().to_vec(), vec![7u8; 100_000]);
    let missing = ByteStream::from_path(dir.join("missing"))
        .await
        .unwrap_err();
    assert!(missing.to_string().contains("missing"), "{missing}");
    let not_a_file = ByteStream::from_path(&dir).await.unwrap_err();
    assert!(not_a_file.to_string().contains("not a regular file"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn into_async_read_reads_everything() {
    let s = ByteStream::from_reader(std::io::Cursor::new(vec![3u8; 70_000]), 70_000);
    let mut out = Vec::new();
    s.into_async_read().read_to_end(&mut out).await.unwrap();
    assert_eq!(out, vec![3u8; 70_000]);
}
