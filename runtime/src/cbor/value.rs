//! The parsed form of a CBOR body, and its parser.
//!
//! minicbor reads one item head at a time (integers of every width, floats, tags, bounds-checked
//! zero-copy string slices with UTF-8 validation); this file assembles those items into a tree
//! with an explicit stack, so the input never controls the depth of Rust recursion. Limits:
//! - nesting deeper than [`MAX_DEPTH`] (arrays, maps and tags all count) is an error;
//! - a declared length is never trusted: a string longer than the bytes that remain, or an array
//!   or map declaring more items than the remaining bytes could hold (each item takes at least one
//!   byte), is an error before anything is allocated, and collection capacity is only reserved up
//!   to a small bound and grows with the items actually read;
//! - so memory stays proportional to the input's length.

use std::fmt;

use minicbor::Decoder;
use minicbor::data::Type;

/// Arrays, maps and tags nested deeper than this are rejected (the JSON reader uses the same
/// bound; no Smithy model nests anywhere near it).
pub const MAX_DEPTH: usize = 128;

/// Collections reserve at most this many slots up front; beyond it they grow as items arrive.
const MAX_PREALLOCATED_ITEMS: usize = 1024;

/// A parsed CBOR data item. Read it with the [`de`](super::de) helpers; generated code never
/// matches on it directly.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Value {
    /// `null`, and also `undefined` (simple value 23), which rpcv2Cbor reads as null.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Major type 0: a non-negative integer, whatever width it was encoded with.
    Unsigned(u64),
    /// Major type 1: the integer `-1 - n` for the stored `n`, so all of `-2^64..=-1` fits.
    Negative(u64),
    /// A half-, single- or double-precision float, widened to `f64` (exactly).
    Float(f64),
    /// A byte string (definite, or the concatenated chunks of an indefinite one).
    Bytes(Vec<u8>),
    /// A text string (definite, or the concatenated chunks of an indefinite one).
    Text(String),
    /// An array.
    Array(Vec<Value>),
    /// A map's pairs in wire order (any key type; duplicates kept, readers let the last win).
    Map(Vec<(Value, Value)>),
    /// A tagged item: the tag number and the item.
    Tag(u64, Box<Value>),
    /// Another simple value (not false, true, null or undefined).
    Simple(u8),
}

impl Value {
    /// Whether this is `null` (or `undefined`, which the parser reads as null).
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The text, if this is a text string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The value of a map's text key; the last one wins when a key repeats.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(pairs) => pairs
                .iter()
                .rev()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// A short description of the item's type for error messages ("a text string", ...).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Unsigned(_) | Value::Negative(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Bytes(_) => "a byte string",
            Value::Text(_) => "a text string",
            Value::Array(_) => "an array",
            Value::Map(_) => "a map",
            Value::Tag(..) => "a tagged item",
            Value::Simple(_) => "a simple value",
        }
    }
}

/// What is wrong with a CBOR document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The input ends inside an item.
    Truncated,
    /// A string, array or map declares more content than the remaining input could hold.
    LengthExceedsInput,
    /// Arrays, maps and tags are nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// A text string is not valid UTF-8.
    InvalidUtf8,
    /// A reserved initial byte, a misplaced break, or a chunk of the wrong type inside an
    /// indefinite-length string.
    Malformed,
    /// Bytes follow the single top-level item.
    TrailingData,
}

/// Why a body is not well-formed CBOR, with the byte offset where reading stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    kind: ParseErrorKind,
    offset: usize,
    detail: String,
}

impl ParseError {
    fn new(kind: ParseErrorKind, offset: usize, detail: impl Into<String>) -> Self {
        Self {
            kind,
            offset,
            detail: detail.into(),
        }
    }

    /// The kind of problem.
    pub fn kind(&self) -> ParseErrorKind {
        self.kind
    }

    /// The byte offset of the item where reading stopped.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.detail, self.offset)
    }
}

impl std::error::Error for ParseError {}

/// A container being filled, on the explicit stack.
enum Frame {
    /// Items so far; `remaining` is `None` for an indefinite-length array.
    Array {
        items: Vec<Value>,
        remaining: Option<u64>,
    },
    /// Pairs so far, the key waiting for its value, and the pairs still to come.
    Map {
        pairs: Vec<(Value, Value)>,
        key: Option<Value>,
        remaining: Option<u64>,
    },
    /// A tag waiting for its item.
    Tag(u64),
}

/// What reading one head produced.
enum Step {
    /// A complete item.
    Item(Value),
    /// A container or tag was opened (pushed on the stack).
    Opened,
    /// A break stop code.
    Break,
}

/// Parses exactly one CBOR data item spanning all of `input`.
pub fn parse_value(input: &[u8]) -> Result<Value, ParseError> {
    let mut d = Decoder::new(input);
    let mut stack: Vec<Frame> = Vec::new();
    loop {
        let offset = d.position();
        let mut item = match read_head(&mut d, &mut stack)? {
            Step::Opened => continue,
            Step::Item(v) => v,
            Step::Break => close_indefinite(&mut stack, offset)?,
        };
        // Hand the finished item to the enclosing containers, closing every one it completes.
        loop {
            match stack.pop() {
                None => {
                    if d.position() != input.len() {
                        return Err(ParseError::new(
                            ParseErrorKind::TrailingData,
                            d.position(),
                            "unexpected data after the top-level item",
                        ));
                    }
                    return Ok(item);
                }
                Some(Frame::Tag(tag)) => item = Value::Tag(tag, Box::new(item)),
                Some(Frame::Array {
                    mut items,
                    mut remaining,
                }) => {
                    items.push(item);
                    if !count_down(&mut remaining) {
                        stack.push(Frame::Array { items, remaining });
                        break;
                    }
                    item = Value::Array(items);
                }
                Some(Frame::Map {
                    mut pairs,
                    key,
                    mut remaining,
                }) => {
                    let Some(key) = key else {
                        stack.push(Frame::Map {
                            pairs,
                            key: Some(item),
                            remaining,
                        });
                        break;
                    };
                    pairs.push((key, item));
                    if !count_down(&mut remaining) {
                        stack.push(Frame::Map {
                            pairs,
                            key: None,
                            remaining,
                        });
                        break;
                    }
                    item = Value::Map(pairs);
                }
            }
        }
    }
}

/// Counts one item off a definite length; true when the container is now complete.
fn count_down(remaining: &mut Option<u64>) -> bool {
    match remaining {
        Some(n) => {
            *n -= 1;
            *n == 0
        }
        None => false,
    }
}

/// A break: closes the innermost indefinite-length array or map.
fn close_indefinite(stack: &mut Vec<Frame>, offset: usize) -> Result<Value, ParseError> {
    match stack.pop() {
        Some(Frame::Array {
            items,
            remaining: None,
        }) => Ok(Value::Array(items)),
        Some(Frame::Map {
            pairs,
            key: None,
            remaining: None,
        }) => Ok(Value::Map(pairs)),
        Some(Frame::Map { key: Some(_), .. }) => Err(ParseError::new(
            ParseErrorKind::Malformed,
            offset,
            "break after a map key without its value",
        )),
        _ => Err(ParseError::new(
            ParseErrorKind::Malformed,
            offset,
            "break outside an indefinite-length array or map",
        )),
    }
}

fn push(stack: &mut Vec<Frame>, frame: Frame, offset: usize) -> Result<Step, ParseError> {
    if stack.len() >= MAX_DEPTH {
        return Err(ParseError::new(
            ParseErrorKind::TooDeep,
            offset,
            format!("items nested deeper than {MAX_DEPTH} levels"),
        ));
    }
    stack.push(frame);
    Ok(Step::Opened)
}

/// Reads one head (and, for strings, their content).
fn read_head(d: &mut Decoder<'_>, stack: &mut Vec<Frame>) -> Result<Step, ParseError> {
    let offset = d.position();
    let remaining = d.input().len() - offset;
    let ty = d.datatype().map_err(|e| convert(e, offset))?;
    let item = match ty {
        Type::Bool => Value::Bool(d.bool().map_err(|e| convert(e, offset))?),
        Type::Null | Type::Undefined => {
            d.set_position(offset + 1);
            Value::Null
        }
        Type::U8 | Type::U16 | Type::U32 | Type::U64 => {
            Value::Unsigned(d.u64().map_err(|e| convert(e, offset))?)
        }
        Type::I8 | Type::I16 | Type::I32 | Type::I64 | Type::Int => {
            let n = i128::from(d.int().map_err(|e| convert(e, offset))?);
            // Major type 1 holds -1 - n for n in 0..2^64, so this cannot fail.
            Value::Negative(u64::try_from(-1 - n).unwrap_or(u64::MAX))
        }
        Type::F16 => {
            let bits = d.input().get(offset + 1..offset + 3).ok_or_else(|| {
                ParseError::new(
                    ParseErrorKind::Truncated,
                    offset,
                    "input ends inside an item",
                )
            })?;
            d.set_position(offset + 3);
            Value::Float(f16_to_f64(u16::from_be_bytes([bits[0], bits[1]])))
        }
        Type::F32 | Type::F64 => Value::Float(d.f64().map_err(|e| convert(e, offset))?),
        Type::Simple => Value::Simple(d.simple().map_err(|e| convert(e, offset))?),
        Type::Bytes => {
            check_declared_len(d.input(), offset)?;
            Value::Bytes(d.bytes().map_err(|e| convert(e, offset))?.to_vec())
        }
        Type::String => {
            check_declared_len(d.input(), offset)?;
            Value::Text(read_str(d, offset)?.to_owned())
        }
        Type::BytesIndef => {
            d.set_position(offset + 1);
            let mut out = Vec::new();
            while next_chunk(d, Type::Bytes)? {
                check_declared_len(d.input(), d.position())?;
                let at = d.position();
                out.extend_from_slice(d.bytes().map_err(|e| convert(e, at))?);
            }
            Value::Bytes(out)
        }
        Type::StringIndef => {
            d.set_position(offset + 1);
            let mut out = String::new();
            while next_chunk(d, Type::String)? {
                check_declared_len(d.input(), d.position())?;
                let at = d.position();
                out.push_str(read_str(d, at)?);
            }
            Value::Text(out)
        }
        Type::Array | Type::ArrayIndef => {
            let len = d.array().map_err(|e| convert(e, offset))?;
            if let Some(n) = len {
                // Every item takes at least one byte.
                if n > (remaining as u64) {
                    return Err(too_long(offset, "array", n));
                }
                if n == 0 {
                    return Ok(Step::Item(Value::Array(Vec::new())));
                }
            }
            let items = Vec::with_capacity(preallocation(len));
            let frame = Frame::Array {
                items,
                remaining: len,
            };
            return push(stack, frame, offset);
        }
        Type::Map | Type::MapIndef => {
            let len = d.map().map_err(|e| convert(e, offset))?;
            if let Some(n) = len {
                // Every pair takes at least two bytes.
                if n > (remaining as u64) / 2 {
                    return Err(too_long(offset, "map", n));
                }
                if n == 0 {
                    return Ok(Step::Item(Value::Map(Vec::new())));
                }
            }
            let frame = Frame::Map {
                pairs: Vec::with_capacity(preallocation(len)),
                key: None,
                remaining: len,
            };
            return push(stack, frame, offset);
        }
        Type::Tag => {
            let tag = d.tag().map_err(|e| convert(e, offset))?;
            return push(stack, Frame::Tag(u64::from(tag)), offset);
        }
        Type::Break => {
            d.set_position(offset + 1);
            return Ok(Step::Break);
        }
        other => {
            return Err(ParseError::new(
                ParseErrorKind::Malformed,
                offset,
                format!("invalid CBOR item ({other})"),
            ));
        }
    };
    Ok(Step::Item(item))
}

fn preallocation(len: Option<u64>) -> usize {
    len.map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX))
        .min(MAX_PREALLOCATED_ITEMS)
}

fn too_long(offset: usize, what: &str, n: u64) -> ParseError {
    ParseError::new(
        ParseErrorKind::LengthExceedsInput,
        offset,
        format!("{what} declares {n} items, more than the remaining input can hold"),
    )
}

/// Inside an indefinite-length string: true if a chunk of type `chunk` follows, false at the
/// break (which is consumed).
fn next_chunk(d: &mut Decoder<'_>, chunk: Type) -> Result<bool, ParseError> {
    let at = d.position();
    match d.datatype().map_err(|e| convert(e, at))? {
        Type::Break => {
            d.set_position(at + 1);
            Ok(false)
        }
        t if t == chunk => Ok(true),
        other => Err(ParseError::new(
            ParseErrorKind::Malformed,
            at,
            format!("indefinite-length string holds a chunk of another type ({other})"),
        )),
    }
}

/// A definite text string; after [`check_declared_len`] the only error left is bad UTF-8.
fn read_str<'b>(d: &mut Decoder<'b>, offset: usize) -> Result<&'b str, ParseError> {
    d.str().map_err(|e| {
        if e.is_end_of_input() {
            convert(e, offset)
        } else {
            ParseError::new(
                ParseErrorKind::InvalidUtf8,
                offset,
                "text string is not valid UTF-8",
            )
        }
    })
}

/// Rejects a definite string whose declared length exceeds the rest of the input, reading the
/// length from the head at `offset` (minicbor would report it only as end of input).
fn check_declared_len(input: &[u8], offset: usize) -> Result<(), ParseError> {
    let truncated = || {
        ParseError::new(
            ParseErrorKind::Truncated,
            offset,
            "input ends inside an item",
        )
    };
    let initial = *input.get(offset).ok_or_else(truncated)?;
    let width = match initial & 0x1f {
        info @ 0..=23 => return check_len(input, offset + 1, u64::from(info), offset),
        24 => 1,
        25 => 2,
        26 => 4,
        27 => 8,
        // Reserved or indefinite: minicbor reports those.
        _ => return Ok(()),
    };
    let bytes = input
        .get(offset + 1..offset + 1 + width)
        .ok_or_else(truncated)?;
    let len = bytes.iter().fold(0u64, |n, b| (n << 8) | u64::from(*b));
    check_len(input, offset + 1 + width, len, offset)
}

fn check_len(
    input: &[u8],
    content_start: usize,
    len: u64,
    offset: usize,
) -> Result<(), ParseError> {
    let available = input.len().saturating_sub(content_start);
    if len > available as u64 {
        return Err(ParseError::new(
            ParseErrorKind::LengthExceedsInput,
            offset,
            format!("string declares {len} bytes but only {available} remain"),
        ));
    }
    Ok(())
}

fn convert(e: minicbor::decode::Error, offset: usize) -> ParseError {
    let offset = e.position().unwrap_or(offset);
    if e.is_end_of_input() {
        ParseError::new(
            ParseErrorKind::Truncated,
            offset,
            "input ends inside an item",
        )
    } else {
        ParseError::new(
            ParseErrorKind::Malformed,
            offset,
            format!("invalid CBOR: {e}"),
        )
    }
}

/// IEEE 754 binary16 to f64, exactly (RFC 8949 Appendix D). Written out instead of depending
/// on the `half` crate, which would bring zerocopy and a proc-macro into every client build.
pub(crate) fn f16_to_f64(bits: u16) -> f64 {
    let exponent = i32::from((bits >> 10) & 0x1f);
    let mantissa = f64::from(bits & 0x3ff);
    let magnitude = match exponent {
        0 => mantissa * 2f64.powi(-24),
        31 if mantissa == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        e => (1024.0 + mantissa) * 2f64.powi(e - 25),
    };
    if bits & 0x8000 != 0 {
        -magnitude
    } else {
        magnitude
    }
}
