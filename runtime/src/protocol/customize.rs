//! Request additions particular services need beyond their models (the code generator's
//! customization table decides which operations call them).

use sha2::{Digest as _, Sha256};

use super::SerializedRequest;
use crate::error::ConstructionError;

/// Glacier tree hashes are built from 1 MiB chunks.
const TREE_HASH_CHUNK: usize = 1 << 20;

/// Glacier: `X-Amz-Content-Sha256` (SHA-256 of the body) and `X-Amz-Sha256-Tree-Hash` (the
/// root of a binary tree of the SHA-256 of each 1 MiB chunk), unless the caller set them.
pub fn glacier_checksums(request: &mut SerializedRequest) -> Result<(), ConstructionError> {
    let body = request.body_bytes().clone();
    if !request.has_header("x-amz-content-sha256") {
        let digest = Sha256::digest(&body);
        request.header("x-amz-content-sha256", &hex(&digest))?;
    }
    if !request.has_header("x-amz-sha256-tree-hash") {
        request.header("x-amz-sha256-tree-hash", &hex(&tree_hash(&body)))?;
    }
    Ok(())
}

/// The Glacier tree hash of `body` (an empty body hashes as one empty chunk).
fn tree_hash(body: &[u8]) -> Vec<u8> {
    let mut level: Vec<Vec<u8>> = if body.is_empty() {
        vec![Sha256::digest(body).to_vec()]
    } else {
        body.chunks(TREE_HASH_CHUNK)
            .map(|chunk| Sha256::digest(chunk).to_vec())
            .collect()
    };
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
