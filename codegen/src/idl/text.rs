//! String literals: escapes, newline normalisation and the text-block rules for incidental
//! whitespace (Smithy IDL "Text blocks", which follow Java's JEP 355).

use super::{Pos, SyntaxError};

/// CR LF and lone CR become LF, so strings are the same on every platform.
pub fn normalize_newlines(raw: &str) -> String {
    if !raw.contains('\r') {
        return raw.to_string();
    }
    raw.replace("\r\n", "\n").replace('\r', "\n")
}

/// Expands escapes in `raw` (already checked by the lexer; `at` is where the literal starts and
/// is only used should a surrogate pair be broken).
pub fn unescape(raw: &str, at: Pos) -> Result<String, SyntaxError> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    let mut pending_high: Option<u32> = None;
    while let Some(c) = chars.next() {
        if c != '\\' {
            if pending_high.take().is_some() {
                return Err(lone_surrogate(at));
            }
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            return Err(lone_backslash(at));
        };
        let unit = match e {
            'u' => {
                let hex: String = chars.by_ref().take(4).collect();
                u32::from_str_radix(&hex, 16).map_err(|_| lone_backslash(at))?
            }
            _ => {
                if pending_high.take().is_some() {
                    return Err(lone_surrogate(at));
                }
                match e {
                    '"' => out.push('"'),
                    '\\' => out.push('\\'),
                    '/' => out.push('/'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    // An escaped new line expands to nothing.
                    '\n' => {}
                    _ => return Err(lone_backslash(at)),
                }
                continue;
            }
        };
        // `\uXXXX` is a UTF-16 code unit: a high surrogate must be followed by a low one.
        match (pending_high.take(), unit) {
            (None, 0xD800..=0xDBFF) => pending_high = Some(unit),
            (None, 0xDC00..=0xDFFF) => return Err(lone_surrogate(at)),
            (None, u) => out.push(char::from_u32(u).ok_or_else(|| lone_surrogate(at))?),
            (Some(high), 0xDC00..=0xDFFF) => {
                let c = 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00);
                out.push(char::from_u32(c).ok_or_else(|| lone_surrogate(at))?);
            }
            (Some(_), _) => return Err(lone_surrogate(at)),
        }
    }
    if pending_high.is_some() {
        return Err(lone_surrogate(at));
    }
    Ok(out)
}

fn lone_surrogate(at: Pos) -> SyntaxError {
    SyntaxError::new(
        at,
        "a string with valid \\u escapes",
        "a UTF-16 surrogate without its pair",
    )
}

fn lone_backslash(at: Pos) -> SyntaxError {
    SyntaxError::new(at, "a valid escape", "an incomplete escape")
}

/// The value of a text block whose content (between the new line after the opening `"""` and
/// the closing `"""`) is `raw`: incidental whitespace removed, then escapes expanded.
pub fn text_block(raw: &str, at: Pos) -> Result<String, SyntaxError> {
    let raw = normalize_newlines(raw);
    let lines: Vec<&str> = raw.split('\n').collect();
    let last = lines.len() - 1;
    let indent = |l: &str| l.chars().take_while(|c| *c == ' ' || *c == '\t').count();
    // The common prefix ignores blank lines, except the closing delimiter's own line, which
    // lets the delimiter decide how much indentation is removed.
    let common = lines
        .iter()
        .enumerate()
        .filter(|(i, l)| *i == last || !l.trim_matches([' ', '\t']).is_empty())
        .map(|(_, l)| indent(l))
        .min()
        .unwrap_or(0);
    let stripped: Vec<&str> = lines
        .iter()
        .map(|l| {
            let cut: usize = l.chars().take(common).map(char::len_utf8).sum();
            l[cut.min(l.len())..].trim_end_matches([' ', '\t'])
        })
        .collect();
    unescape(&stripped.join("\n"), at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tb(raw: &str) -> String {
        text_block(raw, Pos { line: 1, col: 1 }).expect("valid")
    }

    #[test]
    fn spec_examples() {
        assert_eq!(
            tb("        <div>\n            <p>Hello!</p>\n        </div>\n        "),
            "<div>\n    <p>Hello!</p>\n</div>\n"
        );
        assert_eq!(
            tb("    Foo\n        Baz\n\n  \n    Bar\n    "),
            "Foo\n    Baz\n\n\nBar\n"
        );
        assert_eq!(
            tb("           Foo\n               Baz\n           Bar\n       "),
            "    Foo\n        Baz\n    Bar\n"
        );
        assert_eq!(tb("    Foo \\\n    Baz \\\n    Bam"), "Foo Baz Bam");
        assert_eq!(tb("    foo \\\"\"\"\n    baz"), "foo \"\"\"\nbaz");
        assert_eq!(tb("  <p>Hi\\n    bar</p>\n  "), "<p>Hi\n    bar</p>\n");
    }

    #[test]
    fn escapes() {
        let at = Pos { line: 1, col: 1 };
        assert_eq!(
            unescape(r"a\u00e9\ud83d\ude00\t", at).expect("ok"),
            "aé😀\t"
        );
        assert!(unescape(r"\ud83d", at).is_err());
    }
}
