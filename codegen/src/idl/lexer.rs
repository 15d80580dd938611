//! Tokenizer: IDL text -> tokens with line:column positions. Commas, spaces and comments are
//! whitespace; `///` lines that start a line are kept as documentation for the next token.

use super::text;
use super::{Pos, SyntaxError};

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// An identifier or a shape id as written (`Foo`, `smithy.api#String`, `Foo$bar`); checked
    /// by the parser where a shape id is required.
    Word(String),
    /// `$name` (control statements and elided member targets).
    Dollar(String),
    /// A quoted string, already decoded.
    Str(String),
    /// A text block, already decoded (a value, never an object key).
    TextBlock(String),
    /// A number exactly as written.
    Number(String),
    /// One of `{ } [ ] ( ) : = @` or `:=`.
    Punct(&'static str),
    /// The end of the file.
    Eof,
}

impl Tok {
    /// How the token is named in "expected X, found Y" messages.
    pub fn describe(&self) -> String {
        match self {
            Tok::Word(w) => format!("`{w}`"),
            Tok::Dollar(w) => format!("`${w}`"),
            Tok::Str(_) => "a string".into(),
            Tok::TextBlock(_) => "a text block".into(),
            Tok::Number(n) => format!("number `{n}`"),
            Tok::Punct(p) => format!("`{p}`"),
            Tok::Eof => "the end of the file".into(),
        }
    }
}

/// A token, where it starts, and the documentation comment lines right before it.
#[derive(Clone, Debug)]
pub struct Token {
    /// The token.
    pub tok: Tok,
    /// Where it starts.
    pub pos: Pos,
    /// `///` lines (joined with `\n`) between the previous token and this one.
    pub doc: Option<String>,
}

struct Cursor<'a> {
    src: &'a str,
    at: usize,
    line: u32,
    col: u32,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.src[self.at..].chars().next()
    }
    fn peek_at(&self, n: usize) -> Option<char> {
        self.src[self.at..].chars().nth(n)
    }
    fn rest(&self) -> &str {
        &self.src[self.at..]
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            col: self.col,
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '#' | '$')
}

/// Splits `src` into tokens; the last one is always [`Tok::Eof`].
pub fn tokenize(src: &str) -> Result<Vec<Token>, SyntaxError> {
    let mut cur = Cursor {
        src,
        at: 0,
        line: 1,
        col: 1,
    };
    let mut out = Vec::new();
    let mut doc: Vec<String> = Vec::new();
    // Whether a token has been seen on the current line: `///` only documents when it is the
    // first thing on its line.
    let mut token_on_line = false;
    loop {
        let Some(c) = cur.peek() else {
            out.push(Token {
                tok: Tok::Eof,
                pos: cur.pos(),
                doc: None,
            });
            return Ok(out);
        };
        let start = cur.pos();
        match c {
            '\n' => {
                cur.bump();
                token_on_line = false;
            }
            ' ' | '\t' | '\r' | ',' => {
                cur.bump();
            }
            '/' if cur.rest().starts_with("//") => {
                let is_doc = cur.rest().starts_with("///") && !token_on_line;
                let line_start = cur.at;
                while cur.peek().is_some_and(|c| c != '\n') {
                    cur.bump();
                }
                if is_doc {
                    let line = &src[line_start + 3..cur.at];
                    let line = line.strip_suffix('\r').unwrap_or(line);
                    doc.push(line.strip_prefix(' ').unwrap_or(line).to_string());
                }
            }
            '"' => {
                let tok = if cur.rest().starts_with("\"\"\"") {
                    Tok::TextBlock(text_block(&mut cur)?)
                } else {
                    Tok::Str(quoted(&mut cur)?)
                };
                push(&mut out, &mut doc, tok, start, &mut token_on_line);
            }
            '-' | '0'..='9' => {
                let n = number(&mut cur)?;
                push(
                    &mut out,
                    &mut doc,
                    Tok::Number(n),
                    start,
                    &mut token_on_line,
                );
            }
            '$' => {
                cur.bump();
                let from = cur.at;
                while cur
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    cur.bump();
                }
                if from == cur.at {
                    return Err(SyntaxError::new(
                        start,
                        "an identifier after `$`",
                        found_char(cur.peek()),
                    ));
                }
                let w = src[from..cur.at].to_string();
                push(
                    &mut out,
                    &mut doc,
                    Tok::Dollar(w),
                    start,
                    &mut token_on_line,
                );
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let from = cur.at;
                while cur.peek().is_some_and(is_word_char) {
                    cur.bump();
                }
                let w = src[from..cur.at].to_string();
                push(&mut out, &mut doc, Tok::Word(w), start, &mut token_on_line);
            }
            ':' if cur.peek_at(1) == Some('=') => {
                cur.bump();
                cur.bump();
                push(
                    &mut out,
                    &mut doc,
                    Tok::Punct(":="),
                    start,
                    &mut token_on_line,
                );
            }
            '{' | '}' | '[' | ']' | '(' | ')' | ':' | '=' | '@' => {
                cur.bump();
                let p = match c {
                    '{' => "{",
                    '}' => "}",
                    '[' => "[",
                    ']' => "]",
                    '(' => "(",
                    ')' => ")",
                    ':' => ":",
                    '=' => "=",
                    _ => "@",
                };
                push(&mut out, &mut doc, Tok::Punct(p), start, &mut token_on_line);
            }
            other => {
                return Err(SyntaxError::new(
                    start,
                    "a token",
                    format!("unexpected character {}", describe_char(other)),
                ));
            }
        }
    }
}

fn push(out: &mut Vec<Token>, doc: &mut Vec<String>, tok: Tok, pos: Pos, token_on_line: &mut bool) {
    *token_on_line = true;
    let doc = (!doc.is_empty()).then(|| std::mem::take(doc).join("\n"));
    out.push(Token { tok, pos, doc });
}

fn describe_char(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("`{c}`")
    }
}

fn found_char(c: Option<char>) -> String {
    match c {
        Some(c) => describe_char(c),
        None => "the end of the file".into(),
    }
}

fn number(cur: &mut Cursor<'_>) -> Result<String, SyntaxError> {
    let from = cur.at;
    let start = cur.pos();
    if cur.peek() == Some('-') {
        cur.bump();
    }
    let digits = |cur: &mut Cursor<'_>| {
        let n = cur.at;
        while cur.peek().is_some_and(|c| c.is_ascii_digit()) {
            cur.bump();
        }
        cur.at - n
    };
    let int_at = cur.at;
    if digits(cur) == 0 {
        return Err(SyntaxError::new(start, "a digit", found_char(cur.peek())));
    }
    if cur.src[int_at..].starts_with('0') && cur.at - int_at > 1 {
        return Err(SyntaxError::new(
            start,
            "a number",
            "a number with a leading zero",
        ));
    }
    if cur.peek() == Some('.') {
        cur.bump();
        if digits(cur) == 0 {
            let at = cur.pos();
            return Err(SyntaxError::new(
                at,
                "a digit after `.`",
                found_char(cur.peek()),
            ));
        }
    }
    if matches!(cur.peek(), Some('e' | 'E')) {
        cur.bump();
        if matches!(cur.peek(), Some('+' | '-')) {
            cur.bump();
        }
        if digits(cur) == 0 {
            let at = cur.pos();
            return Err(SyntaxError::new(
                at,
                "a digit in the exponent",
                found_char(cur.peek()),
            ));
        }
    }
    if cur
        .peek()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
    {
        let at = cur.pos();
        return Err(SyntaxError::new(
            at,
            "whitespace or punctuation after a number",
            found_char(cur.peek()),
        ));
    }
    Ok(cur.src[from..cur.at].to_string())
}

/// Checks one escape sequence right after a backslash (the cursor is on the escaped char).
fn check_escape(cur: &mut Cursor<'_>, backslash: Pos) -> Result<(), SyntaxError> {
    match cur.bump() {
        Some('"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't' | '\n') => Ok(()),
        Some('\r') => {
            if cur.peek() == Some('\n') {
                cur.bump();
            }
            Ok(())
        }
        Some('u') => {
            for _ in 0..4 {
                match cur.peek() {
                    Some(c) if c.is_ascii_hexdigit() => {
                        cur.bump();
                    }
                    other => {
                        return Err(SyntaxError::new(
                            backslash,
                            "four hex digits after `\\u`",
                            found_char(other),
                        ));
                    }
                }
            }
            Ok(())
        }
        Some(c) => Err(SyntaxError::new(
            backslash,
            "a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX or an escaped newline)",
            format!("`\\{c}`"),
        )),
        None => Err(SyntaxError::new(
            backslash,
            "a closing `\"`",
            "the end of the file",
        )),
    }
}

fn quoted(cur: &mut Cursor<'_>) -> Result<String, SyntaxError> {
    let start = cur.pos();
    cur.bump();
    let from = cur.at;
    loop {
        let at = cur.pos();
        match cur.bump() {
            None => {
                return Err(SyntaxError::new(
                    start,
                    "a closing `\"` for this string",
                    "the end of the file",
                ));
            }
            Some('"') => break,
            Some('\\') => check_escape(cur, at)?,
            Some(_) => {}
        }
    }
    let raw = &cur.src[from..cur.at - 1];
    text::unescape(&text::normalize_newlines(raw), start)
}

fn text_block(cur: &mut Cursor<'_>) -> Result<String, SyntaxError> {
    let start = cur.pos();
    for _ in 0..3 {
        cur.bump();
    }
    while matches!(cur.peek(), Some(' ' | '\t')) {
        cur.bump();
    }
    match cur.peek() {
        Some('\n') => {
            cur.bump();
        }
        Some('\r') if cur.peek_at(1) == Some('\n') => {
            cur.bump();
            cur.bump();
        }
        other => {
            let at = cur.pos();
            return Err(SyntaxError::new(
                at,
                "a new line after the opening `\"\"\"` of a text block",
                found_char(other),
            ));
        }
    }
    let from = cur.at;
    loop {
        let at = cur.pos();
        if cur.rest().starts_with("\"\"\"") {
            let raw = &cur.src[from..cur.at];
            for _ in 0..3 {
                cur.bump();
            }
            return text::text_block(raw, start);
        }
        match cur.bump() {
            None => {
                return Err(SyntaxError::new(
                    start,
                    "a closing `\"\"\"` for this text block",
                    "the end of the file",
                ));
            }
            Some('\\') => check_escape(cur, at)?,
            Some(_) => {}
        }
    }
}
