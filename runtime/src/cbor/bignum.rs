//! Conversions between decimal text and the big-endian magnitudes of CBOR bignums (tags 2 and 3,
//! RFC 8949 §3.4.3), used for `bigInteger` and the mantissa of `bigDecimal` (tag 4).
//!
//! Schoolbook arithmetic is quadratic, so decoding caps a bignum at [`MAX_BIGNUM_BYTES`]: a
//! hostile body cannot make a few kilobytes cost seconds of CPU.

/// Longest bignum magnitude accepted when decoding (about 9,860 decimal digits, the same order as
/// the JSON reader's bound on expanded exponents).
pub(crate) const MAX_BIGNUM_BYTES: usize = 4096;

/// Big-endian magnitude of a string of ASCII decimal digits (leading zeros allowed).
pub(crate) fn digits_to_bytes(digits: &str) -> Vec<u8> {
    // Little-endian while computing, reversed at the end.
    let mut le: Vec<u8> = Vec::with_capacity(digits.len() / 2 + 1);
    for d in digits.bytes() {
        let mut carry = u32::from(d.wrapping_sub(b'0'));
        for byte in le.iter_mut() {
            let v = u32::from(*byte) * 10 + carry;
            *byte = (v & 0xff) as u8;
            carry = v >> 8;
        }
        while carry > 0 {
            le.push((carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    le.reverse();
    le
}

/// Decimal text of a big-endian magnitude (no sign, no leading zeros, `"0"` for zero).
pub(crate) fn bytes_to_digits(bytes: &[u8]) -> String {
    const CHUNK: u64 = 1_000_000_000;
    let mut number: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
    // Groups of nine digits, least significant first.
    let mut groups: Vec<u32> = Vec::new();
    while !number.is_empty() {
        let mut rem: u64 = 0;
        for byte in number.iter_mut() {
            let cur = (rem << 8) | u64::from(*byte);
            *byte = (cur / CHUNK) as u8;
            rem = cur % CHUNK;
        }
        groups.push(rem as u32);
        let zeros = number.iter().take_while(|b| **b == 0).count();
        number.drain(..zeros);
    }
    let mut out = String::with_capacity(groups.len() * 9 + 1);
    match groups.split_last() {
        None => out.push('0'),
        Some((most, rest)) => {
            out.push_str(&most.to_string());
            for g in rest.iter().rev() {
                out.push_str(&format!("{g:09}"));
            }
        }
    }
    out
}

/// `n + 1` for a big-endian magnitude (tag 3 stores `-1 - value`).
pub(crate) fn increment(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for byte in out.iter_mut().rev() {
        let (v, overflow) = byte.overflowing_add(1);
        *byte = v;
        if !overflow {
            return out;
        }
    }
    out.insert(0, 1);
    out
}

/// `n - 1` for a non-zero big-endian magnitude (leading zero bytes removed).
pub(crate) fn decrement(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for byte in out.iter_mut().rev() {
        let (v, borrow) = byte.overflowing_sub(1);
        *byte = v;
        if !borrow {
            break;
        }
    }
    let zeros = out.iter().take_while(|b| **b == 0).count();
    out.drain(..zeros);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for digits in [
            "0",
            "1",
            "255",
            "256",
            "18446744073709551615",
            "18446744073709551616",
            "123456789012345678901234567890123456789",
        ] {
            let bytes = digits_to_bytes(digits);
            assert_eq!(bytes_to_digits(&bytes), digits);
        }
        assert_eq!(digits_to_bytes("256"), [1, 0]);
        assert_eq!(digits_to_bytes("0"), Vec::<u8>::new());
        assert_eq!(bytes_to_digits(&[0, 0, 1]), "1");
        assert_eq!(bytes_to_digits(&[]), "0");
        assert_eq!(increment(&[0xff, 0xff]), [1, 0, 0]);
        assert_eq!(decrement(&[1, 0, 0]), [0xff, 0xff]);
        assert_eq!(decrement(&[1]), Vec::<u8>::new());
    }
}
