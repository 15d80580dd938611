//! Model documentation -> rustdoc Markdown.
//!
//! Smithy documentation is CommonMark; AWS models put HTML in it. Whatever comes in, rustdoc must
//! not warn: square brackets would become (broken) intra-doc links and bare URLs trigger
//! `rustdoc::bare_urls`, so both are neutralised here.

/// Converts one documentation string.
pub fn to_rustdoc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.trim().lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&escape_line(line.trim_end()));
    }
    out
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(url_len) = bare_url_len(rest) {
            let already_wrapped = out.ends_with('<') || out.ends_with('(');
            if already_wrapped {
                out.push_str(&rest[..url_len]);
            } else {
                out.push('<');
                out.push_str(&rest[..url_len]);
                out.push('>');
            }
            rest = &rest[url_len..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        match c {
            '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn bare_url_len(s: &str) -> Option<usize> {
    if !(s.starts_with("https://") || s.starts_with("http://")) {
        return None;
    }
    let end = s
        .find(|c: char| c.is_whitespace() || matches!(c, '>' | ')' | '"' | '\'' | '<'))
        .unwrap_or(s.len());
    let url = s[..end].trim_end_matches(['.', ',', ';', ':']);
    Some(url.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_and_urls_are_safe() {
        assert_eq!(to_rustdoc("a [b] c"), "a \\[b\\] c");
        assert_eq!(to_rustdoc("see https://x.y/z."), "see <https://x.y/z>.");
        assert_eq!(to_rustdoc("  one\n  two  "), "one\n  two");
    }
}
