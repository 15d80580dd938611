//! JMESPath tokens, read from an expression in one pass.

use super::ParseError;
use serde_json::Value;

/// Longest expression accepted, in tokens. Waiter paths are a few dozen tokens; the cap bounds
/// the parser's work and the depth of the syntax tree (each token adds at most one level).
pub const MAX_TOKENS: usize = 512;

/// One token and the byte offset where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// What it is.
    pub kind: Tok,
    /// Byte offset in the expression.
    pub at: usize,
}

/// Token kinds.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// `foo` (unquoted) or `"foo"` (quoted; `true`).
    Ident(String, bool),
    /// An integer inside brackets.
    Number(i64),
    /// `` `json` `` or `'raw string'`.
    Literal(Value),
    /// `.`
    Dot,
    /// `*`
    Star,
    /// `[]`
    Flatten,
    /// `[?`
    Filter,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `,`
    Comma,
    /// `:`
    Colon,
    /// `|`
    Pipe,
    /// `||`
    Or,
    /// `&&`
    And,
    /// `&` (expression reference)
    Ampersand,
    /// `!`
    Not,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `@`
    At,
    /// End of input.
    Eof,
}

/// Splits `text` into tokens, ending with [`Tok::Eof`].
pub fn tokenize(text: &str) -> Result<Vec<Token>, ParseError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if out.len() >= MAX_TOKENS {
            return Err(ParseError::new(
                i,
                format!("expression longer than {MAX_TOKENS} tokens"),
            ));
        }
        let at = i;
        let c = bytes[i];
        let two = |next: u8| bytes.get(i + 1) == Some(&next);
        let (kind, len) = match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'.' => (Tok::Dot, 1),
            b'*' => (Tok::Star, 1),
            b'[' if two(b']') => (Tok::Flatten, 2),
            b'[' if two(b'?') => (Tok::Filter, 2),
            b'[' => (Tok::LBracket, 1),
            b']' => (Tok::RBracket, 1),
            b'{' => (Tok::LBrace, 1),
            b'}' => (Tok::RBrace, 1),
            b'(' => (Tok::LParen, 1),
            b')' => (Tok::RParen, 1),
            b',' => (Tok::Comma, 1),
            b':' => (Tok::Colon, 1),
            b'@' => (Tok::At, 1),
            b'|' if two(b'|') => (Tok::Or, 2),
            b'|' => (Tok::Pipe, 1),
            b'&' if two(b'&') => (Tok::And, 2),
            b'&' => (Tok::Ampersand, 1),
            b'!' if two(b'=') => (Tok::Ne, 2),
            b'!' => (Tok::Not, 1),
            b'=' if two(b'=') => (Tok::Eq, 2),
            b'<' if two(b'=') => (Tok::Le, 2),
            b'<' => (Tok::Lt, 1),
            b'>' if two(b'=') => (Tok::Ge, 2),
            b'>' => (Tok::Gt, 1),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let end = scan(bytes, i, |b| b.is_ascii_alphanumeric() || b == b'_');
                (Tok::Ident(text[i..end].to_string(), false), end - i)
            }
            b'-' | b'0'..=b'9' => {
                let end = scan(bytes, i + 1, |b| b.is_ascii_digit());
                let digits = &text[i..end];
                let n = digits
                    .parse::<i64>()
                    .map_err(|_| ParseError::new(at, format!("invalid number `{digits}`")))?;
                (Tok::Number(n), end - i)
            }
            b'"' => {
                let end = closing(bytes, i, b'"')
                    .ok_or_else(|| ParseError::new(at, "unterminated quoted identifier"))?;
                let name: String = serde_json::from_str(&text[i..=end])
                    .map_err(|e| ParseError::new(at, format!("invalid quoted identifier: {e}")))?;
                (Tok::Ident(name, true), end + 1 - i)
            }
            b'\'' => {
                let end = closing(bytes, i, b'\'')
                    .ok_or_else(|| ParseError::new(at, "unterminated raw string"))?;
                let raw = text[i + 1..end].replace("\\'", "'");
                (Tok::Literal(Value::String(raw)), end + 1 - i)
            }
            b'`' => {
                let end = closing(bytes, i, b'`')
                    .ok_or_else(|| ParseError::new(at, "unterminated literal"))?;
                let body = text[i + 1..end].replace("\\`", "`");
                let value = serde_json::from_str(&body)
                    .map_err(|e| ParseError::new(at, format!("literal is not valid JSON: {e}")))?;
                (Tok::Literal(value), end + 1 - i)
            }
            _ => {
                let ch = text[i..].chars().next().unwrap_or('?');
                let why = if c == b'=' {
                    "`=` is not an operator (use `==`)".to_string()
                } else {
                    format!("unexpected character `{ch}`")
                };
                return Err(ParseError::new(at, why));
            }
        };
        out.push(Token { kind, at });
        i += len;
    }
    out.push(Token {
        kind: Tok::Eof,
        at: text.len(),
    });
    Ok(out)
}

/// The first index at or after `from` whose byte does not satisfy `keep`.
fn scan(bytes: &[u8], from: usize, keep: impl Fn(u8) -> bool) -> usize {
    let mut end = from;
    while end < bytes.len() && keep(bytes[end]) {
        end += 1;
    }
    end
}

/// The index of the `quote` closing the one at `open`, skipping backslash escapes.
fn closing(bytes: &[u8], open: usize, quote: u8) -> Option<usize> {
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return Some(i),
            _ => i += 1,
        }
    }
    None
}
