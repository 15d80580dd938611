//! The layout `prettyplease` does not make, so generated files read like hand-written ones:
//! a blank line between items (top-level items, and the members of `impl`, `trait` and inline
//! `mod` blocks), and no empty `///` or `//!` line at the start or end of a doc comment.
//!
//! It works on the printed text, line by line, because `prettyplease` keeps no blank lines and
//! offers no hook. That is safe because the printer's layout is regular: items start at column
//! 0 and members of a block one indent (four spaces) deeper. The only text that could look like
//! code without being code is the inside of a string literal spanning lines, so a small lexer
//! tracks string literals across lines and such lines are never touched. Blank lines and
//! dropped empty doc lines change no token (`#[doc = ""]` at the edge of a doc comment renders
//! to nothing in rustdoc), which `tests::tokens_are_unchanged` checks.

/// Lays out `printed`, the output of `prettyplease::unparse`.
pub fn tidy(printed: &str) -> String {
    let lines: Vec<&str> = printed.lines().collect();
    let in_literal = literal_continuations(&lines);
    let keep = kept_doc_lines(&lines, &in_literal);
    let mut out = String::with_capacity(printed.len() + printed.len() / 16);
    // The last kept line, unless it is inside a literal.
    let mut prev: Option<&str> = None;
    // Whether the column-0 item being printed is an `impl`, `trait` or `mod` block.
    let mut in_container = false;
    for (i, line) in lines.iter().enumerate() {
        if !keep[i] {
            continue;
        }
        if in_literal[i] {
            out.push_str(line);
            out.push('\n');
            prev = None;
            continue;
        }
        let indent = line.len() - trim_start(line).len();
        if indent == 0
            && let Some(word) = item_keyword(line)
        {
            in_container = matches!(word, "impl" | "trait" | "mod");
        }
        let item_level = indent == 0 || (indent == 4 && in_container);
        if item_level
            && let Some(p) = prev
            && starts_new_item(p, line)
        {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        prev = Some(line);
    }
    out
}

/// Whether a blank line goes between `prev` and `line`, two lines at the same item level.
fn starts_new_item(prev: &str, line: &str) -> bool {
    let indent = line.len() - trim_start(line).len();
    if prev.len() - trim_start(prev).len() != indent {
        return false;
    }
    let (p, l) = (prev.trim(), line.trim());
    if l.is_empty() || p.is_empty() {
        return false;
    }
    // After the module's inner docs and attributes.
    let inner = |s: &str| s.starts_with("//!") || s.starts_with("#![");
    if inner(p) {
        return !inner(l);
    }
    // Docs and attributes belong to the item they precede.
    if p.starts_with("//") || p.starts_with('#') {
        return false;
    }
    // A closing brace, or the rest of a header (`where`, `{` on its own line).
    if l.starts_with(['}', ')', ']', '{']) || l.starts_with("where") {
        return false;
    }
    if !(p.ends_with('}') || p.ends_with(';')) {
        return false;
    }
    // A run of plain `use`/`mod` declarations stays one group.
    !(is_declaration(p) && is_declaration(l))
}

/// `use …;`, `mod …;` and `extern crate …;` on one line, with or without visibility.
fn is_declaration(line: &str) -> bool {
    matches!(item_keyword(line), Some("use" | "mod" | "extern")) && line.trim_end().ends_with(';')
}

/// The keyword a line starting an item begins with (after visibility and qualifiers), if the
/// line starts an item.
fn item_keyword(line: &str) -> Option<&str> {
    let mut rest = trim_start(line);
    if let Some(r) = rest.strip_prefix("pub") {
        rest = match r.strip_prefix('(') {
            Some(r) => r.split_once(')')?.1,
            None => r,
        };
        rest = rest.trim_start();
    }
    for qualifier in ["default ", "const unsafe ", "async ", "unsafe "] {
        if let Some(r) = rest.strip_prefix(qualifier) {
            rest = r.trim_start();
        }
    }
    let word_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '!'))
        .unwrap_or(rest.len());
    let word = &rest[..word_end];
    matches!(
        word,
        "fn" | "struct"
            | "enum"
            | "union"
            | "const"
            | "static"
            | "type"
            | "use"
            | "mod"
            | "impl"
            | "trait"
            | "extern"
            | "macro_rules!"
    )
    .then_some(word)
}

/// `str::trim_start`, with a fast path for what `prettyplease` indents with: spaces followed
/// by a visible ASCII character. Anything else (a tab in a block comment's text, a non-ASCII
/// character) takes the general path, so the result is always `trim_start`'s.
fn trim_start(line: &str) -> &str {
    let spaces = line.bytes().take_while(|&b| b == b' ').count();
    match line.as_bytes().get(spaces) {
        Some(&b) if b.is_ascii_graphic() => &line[spaces..],
        None => "",
        Some(_) => line.trim_start(),
    }
}

/// Which lines start inside a string literal opened on an earlier line.
fn literal_continuations(lines: &[&str]) -> Vec<bool> {
    let mut state = Lex::Code;
    lines
        .iter()
        .map(|line| {
            let inside = state != Lex::Code;
            state = lex_line(line, state);
            inside
        })
        .collect()
}

/// Lexer state at a line boundary.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lex {
    Code,
    /// In `"…"` (or `b"…"`).
    Str,
    /// In `r#…"…"#…` with this many `#`.
    Raw(usize),
}

/// The state after `line`, starting in `state`.
fn lex_line(line: &str, mut state: Lex) -> Lex {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match state {
            Lex::Str => match b[i] {
                b'\\' => i += 1,
                b'"' => state = Lex::Code,
                _ => {}
            },
            Lex::Raw(n) => {
                if b[i] == b'"' && b[i + 1..].iter().take(n).filter(|&&c| c == b'#').count() == n {
                    state = Lex::Code;
                    i += n;
                }
            }
            Lex::Code => match b[i] {
                b'/' if b.get(i + 1) == Some(&b'/') => return Lex::Code,
                b'"' => state = Lex::Str,
                b'r' if starts_token(b, i)
                    || (i > 0 && b[i - 1] == b'b' && starts_token(b, i - 1)) =>
                {
                    let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                    if b.get(i + 1 + hashes) == Some(&b'"') {
                        state = Lex::Raw(hashes);
                        i += 1 + hashes;
                    }
                }
                // A char literal ('x', '\n', '"'), not a lifetime: skip it whole.
                b'\'' => {
                    if b.get(i + 1) == Some(&b'\\') {
                        // Past the quote, the backslash and the escaped character.
                        i += 3;
                        while i < b.len() && b[i] != b'\'' {
                            i += 1;
                        }
                    } else if let Some(c) = line[i + 1..].chars().next()
                        && line[i + 1 + c.len_utf8()..].starts_with('\'')
                    {
                        i += c.len_utf8() + 1;
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
    state
}

/// Whether the byte at `i` starts a token (is not inside an identifier).
fn starts_token(b: &[u8], i: usize) -> bool {
    i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
}

/// Which lines to keep: all but empty `///`/`//!` lines at the start or end of a doc comment.
fn kept_doc_lines(lines: &[&str], in_literal: &[bool]) -> Vec<bool> {
    let mut keep = vec![true; lines.len()];
    let doc_kind = |i: usize| -> Option<&'static str> {
        if in_literal[i] {
            return None;
        }
        let t = trim_start(lines[i]);
        if t.starts_with("////") {
            None
        } else if t.starts_with("///") {
            Some("///")
        } else if t.starts_with("//!") {
            Some("//!")
        } else {
            None
        }
    };
    let mut i = 0;
    while i < lines.len() {
        let Some(kind) = doc_kind(i) else {
            i += 1;
            continue;
        };
        let start = i;
        while i < lines.len() && doc_kind(i) == Some(kind) {
            i += 1;
        }
        let empty = |j: usize| lines[j].trim() == kind;
        let (mut a, mut b) = (start, i);
        while a < b && empty(a) {
            keep[a] = false;
            a += 1;
        }
        while b > a && empty(b - 1) {
            keep[b - 1] = false;
            b -= 1;
        }
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> String {
        let file: syn::File = syn::parse_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        quote::quote!(#file).to_string()
    }

    const SAMPLE: &str = r####"//! Module docs.
//!
#![allow(unused)]
use a::b;
use c::d;
pub mod x;
/// A struct.
///
#[derive(Debug)]
pub struct S {
    /// A field.
    pub a: u8,
    pub b: u8,
}
impl S {
    ///
    /// Makes one.
    pub fn new() -> Self {
        let a = 1;
        let b = 2;
        Self { a, b }
    }
    const C: u8 = 1;
    pub fn text() -> &'static str {
        "a { b;
}
impl X {
fn f() {}"
    }
    pub fn raw() -> &'static str {
        r#"x "y" }
pub fn not_an_item() {}
"#
    }
    fn chars() -> [char; 3] {
        ['"', '\'', '}']
    }
}
impl<T> Trait for S
where
    T: Clone,
{
    type Out = T;
}
static X: u8 = 1;
"####;

    const EXPECTED: &str = r####"//! Module docs.
#![allow(unused)]

use a::b;
use c::d;
pub mod x;

/// A struct.
#[derive(Debug)]
pub struct S {
    /// A field.
    pub a: u8,
    pub b: u8,
}

impl S {
    /// Makes one.
    pub fn new() -> Self {
        let a = 1;
        let b = 2;
        Self { a, b }
    }

    const C: u8 = 1;

    pub fn text() -> &'static str {
        "a { b;
}
impl X {
fn f() {}"
    }

    pub fn raw() -> &'static str {
        r#"x "y" }
pub fn not_an_item() {}
"#
    }

    fn chars() -> [char; 3] {
        ['"', '\'', '}']
    }
}

impl<T> Trait for S
where
    T: Clone,
{
    type Out = T;
}

static X: u8 = 1;
"####;

    #[test]
    fn blank_lines_between_items_and_no_empty_doc_edges() {
        assert_eq!(tidy(SAMPLE), EXPECTED);
    }

    #[test]
    fn tokens_are_unchanged() {
        // Empty doc lines at the edges are `#[doc = ""]` tokens: compare without them.
        let without_empty_docs: String = SAMPLE
            .lines()
            .filter(|l| !matches!(l.trim(), "///" | "//!"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(tokens(&tidy(SAMPLE)), tokens(&without_empty_docs));
    }

    #[test]
    fn tidy_is_idempotent() {
        assert_eq!(tidy(EXPECTED), EXPECTED);
    }

    #[test]
    fn fast_trim_start_is_trim_start() {
        for line in [
            "",
            " ",
            "    ",
            "x",
            "    fn f() {}",
            "  \tx",
            "\t x",
            "   \u{a0}x",
            "  é",
            "  \u{2003}y",
            "    /// doc",
            "\r\n",
            " \n",
        ] {
            assert_eq!(trim_start(line), line.trim_start(), "{line:?}");
        }
    }
}
