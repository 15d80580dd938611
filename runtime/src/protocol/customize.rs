//! Request additions particular services need beyond their models (the code generator's
//! customization table decides which operations call them).

use futures_core::Stream;
use http::{HeaderMap, HeaderName, HeaderValue};
use sha2::{Digest as _, Sha256};

use super::SerializedRequest;
use crate::error::ConstructionError;
use crate::transport::SdkBody;

/// Glacier tree hashes are built from 1 MiB chunks.
const TREE_HASH_CHUNK: usize = 1 << 20;

/// Glacier: `X-Amz-Content-Sha256` (SHA-256 of the body) and `X-Amz-Sha256-Tree-Hash` (the
/// root of a binary tree of the SHA-256 of each 1 MiB chunk), unless the caller set them.
///
/// Computed by the client over the body it sends (a streamed body is attached after
/// serialization): bytes at once, a file read once more in chunks (bounded memory); a one-shot
/// stream cannot be read twice, so it fails before sending when a hash is missing.
pub fn glacier_checksums(request: &mut SerializedRequest) -> Result<(), ConstructionError> {
    request.request_tree_hash_headers();
    Ok(())
}

/// Adds the Glacier hashes (see [`glacier_checksums`]) of `body` to `headers`; `body` is
/// `None` for a one-shot stream.
pub(crate) async fn add_tree_hash_headers(
    headers: &mut HeaderMap,
    body: Option<SdkBody>,
) -> Result<(), ConstructionError> {
    const SHA256: &str = "x-amz-content-sha256";
    const TREE: &str = "x-amz-sha256-tree-hash";
    if headers.contains_key(SHA256) && headers.contains_key(TREE) {
        return Ok(());
    }
    let body = body.ok_or_else(|| {
        ConstructionError::new(
            "Glacier needs the SHA-256 and tree hash of the body before sending it, and a \
             one-shot stream cannot be read twice: send a file (ByteStream::from_path) or bytes, \
             or set both hash headers yourself",
        )
    })?;
    let mut hasher = TreeHasher::default();
    let mut body = std::pin::pin!(body);
    while let Some(chunk) = std::future::poll_fn(|cx| body.as_mut().poll_next(cx)).await {
        let chunk = chunk.map_err(|e| {
            ConstructionError::new(format!("reading the body to hash it failed: {e}"))
        })?;
        hasher.update(&chunk);
    }
    let (whole, tree) = hasher.finish();
    for (name, value) in [(SHA256, whole), (TREE, tree)] {
        if !headers.contains_key(name) {
            let value = HeaderValue::from_str(&hex(&value))
                .map_err(|_| ConstructionError::new("invalid hash header"))?;
            headers.insert(HeaderName::from_static(name), value);
        }
    }
    Ok(())
}

/// The SHA-256 and the Glacier tree hash of a body fed in pieces, holding at most one 1 MiB
/// chunk and one 32-byte hash per chunk.
#[derive(Default)]
struct TreeHasher {
    whole: Sha256,
    chunk: Vec<u8>,
    leaves: Vec<Vec<u8>>,
}

impl TreeHasher {
    fn update(&mut self, mut data: &[u8]) {
        self.whole.update(data);
        while !data.is_empty() {
            let take = (TREE_HASH_CHUNK - self.chunk.len()).min(data.len());
            self.chunk.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.chunk.len() == TREE_HASH_CHUNK {
                self.leaves.push(Sha256::digest(&self.chunk).to_vec());
                self.chunk.clear();
            }
        }
    }

    fn finish(mut self) -> (Vec<u8>, Vec<u8>) {
        if !self.chunk.is_empty() || self.leaves.is_empty() {
            self.leaves.push(Sha256::digest(&self.chunk).to_vec());
        }
        (self.whole.finalize().to_vec(), combine(self.leaves))
    }
}

/// The Glacier tree hash of `body` (an empty body hashes as one empty chunk).
#[cfg(test)]
fn tree_hash(body: &[u8]) -> Vec<u8> {
    let mut hasher = TreeHasher::default();
    hasher.update(body);
    hasher.finish().1
}

/// The root of the tree over `level`'s leaf hashes.
fn combine(mut level: Vec<Vec<u8>>) -> Vec<u8> {
    // Pairs are combined until one hash is left; an odd one out moves up unchanged.
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [a, b] => {
                    let mut h = Sha256::new();
                    h.update(a);
                    h.update(b);
                    h.finalize().to_vec()
                }
                [a] => a.clone(),
                _ => Vec::new(),
            })
            .collect();
    }
    level.pop().unwrap_or_default()
}

fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_bodies_hash_like_their_sha256() {
        let body = b"hello world";
        assert_eq!(hex(&tree_hash(body)), hex(&Sha256::digest(body)));
        assert_eq!(
            hex(&tree_hash(body)),
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        );
    }

    #[test]
    fn three_chunks_combine_pairwise() {
        let body = vec![7u8; 2 * TREE_HASH_CHUNK + 10];
        let leaves: Vec<Vec<u8>> = body
            .chunks(TREE_HASH_CHUNK)
            .map(|c| Sha256::digest(c).to_vec())
            .collect();
        let mut h = Sha256::new();
        h.update(&leaves[0]);
        h.update(&leaves[1]);
        let left = h.finalize().to_vec();
        let mut h = Sha256::new();
        h.update(&left);
        h.update(&leaves[2]);
        assert_eq!(tree_hash(&body), h.finalize().to_vec());
    }
}
