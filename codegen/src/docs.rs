//! Model documentation -> rustdoc Markdown.
//!
//! Smithy documentation is CommonMark, and AWS models put HTML in it. HTML goes through `htmd`
//! (an HTML-to-Markdown converter) so rustdoc sees Markdown, not stray tags. Then two rustdoc
//! hazards are neutralised: square brackets that are not Markdown links would be taken for
//! intra-doc links, and bare URLs trigger `rustdoc::bare_urls`. Code fences that rustdoc would
//! run as doctests become `text`, and characters a doc comment cannot hold (bare carriage
//! returns, bidirectional overrides, other controls) are replaced ([`sanitize`]).

use std::collections::HashMap;

/// Converts one documentation string.
pub fn to_rustdoc(text: &str) -> String {
    let markdown = if looks_like_html(text) && html_nesting(text) <= MAX_HTML_NESTING {
        // Building a converter costs more than most conversions: keep one per thread.
        thread_local! {
            static CONVERTER: htmd::HtmlToMarkdown = htmd::HtmlToMarkdown::builder().build();
        }
        CONVERTER
            .with(|c| c.convert(text))
            .unwrap_or_else(|_| text.to_string())
    } else {
        text.to_string()
    };
    // Tabs become four spaces (the width `indent_columns` gives them): clippy's
    // `tabs_in_doc_comments` warns on every tab in a generated crate's docs.
    let markdown = sanitize(&markdown).replace('\t', "    ");
    let mut out = String::with_capacity(markdown.len());
    // The open fence's marker character and length: only the same marker, at least as long,
    // closes it (a ```` ``` ```` line inside a `~~~` block is content).
    let mut fence: Option<(char, usize)> = None;
    let mut first = true;
    // Indented code blocks (four spaces after a blank line, outside a list) are doctests to
    // rustdoc too: they are turned into `text` fences.
    let mut indented = false;
    let mut prev_blank = true;
    let mut in_list = false;
    for line in markdown.trim().lines() {
        let line = line.trim_end();
        if !first {
            out.push('\n');
        }
        first = false;
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if fence.is_none() {
            let columns = indent_columns(line);
            if indented && !trimmed.is_empty() && columns < 4 {
                out.push_str("```\n");
                indented = false;
            } else if !indented && prev_blank && !in_list && columns >= 4 {
                out.push_str("```text\n");
                indented = true;
            }
            prev_blank = trimmed.is_empty();
            if indented {
                out.push_str(strip_columns(line, 4));
                continue;
            }
            if !trimmed.is_empty() && columns < 4 {
                in_list = is_list_item(trimmed);
            }
        }
        let marker = trimmed.chars().next().filter(|c| matches!(c, '`' | '~'));
        let run = marker.map_or(0, |m| trimmed.chars().take_while(|&c| c == m).count());
        match (fence, marker) {
            (None, Some(m)) if run >= 3 && indent < 4 => {
                fence = Some((m, run));
                out.push_str(&line[..indent]);
                out.push_str(&opening_fence(m, run, &trimmed[run..]));
                continue;
            }
            (Some((m, len)), Some(c))
                if c == m && run >= len && trimmed[run..].trim().is_empty() =>
            {
                fence = None;
                out.push_str(line);
                continue;
            }
            _ => {}
        }
        if fence.is_some() {
            out.push_str(line);
        } else {
            out.push_str(&escape_line(line));
        }
    }
    if let Some((m, len)) = fence {
        out.push('\n');
        out.extend(std::iter::repeat_n(m, len));
    }
    if indented {
        out.push_str("\n```");
    }
    out
}

/// How many columns the line's leading whitespace takes (a tab counts as four).
fn indent_columns(line: &str) -> usize {
    line.chars()
        .take_while(|c| matches!(c, ' ' | '\t'))
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// The line without its first `columns` columns of indentation.
fn strip_columns(line: &str, columns: usize) -> &str {
    let mut seen = 0;
    for (i, c) in line.char_indices() {
        if seen >= columns || !matches!(c, ' ' | '\t') {
            return &line[i..];
        }
        seen += if c == '\t' { 4 } else { 1 };
    }
    ""
}

/// Whether a line starts a Markdown list item (`- `, `* `, `+ `, `1. `, `1) `).
fn is_list_item(trimmed: &str) -> bool {
    if trimmed.starts_with("- ") || trimmed.starts_with("* ") || trimmed.starts_with("+ ") {
        return true;
    }
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && (trimmed[digits..].starts_with(". ") || trimmed[digits..].starts_with(") "))
}

/// Rustdoc compiles and runs a fenced block as a doctest unless its info string names a
/// language other than Rust. Model examples are never meant to run, so a fence that is (or
/// could be) Rust becomes `text`; `json`, `xml`... are kept for highlighting.
fn opening_fence(marker: char, len: usize, info: &str) -> String {
    const RUSTDOC_WORDS: &[&str] = &[
        "rust",
        "ignore",
        "should_panic",
        "no_run",
        "compile_fail",
        "test_harness",
        "standalone_crate",
        "allow_fail",
    ];
    let names_other_language = info
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .any(|w| {
            !RUSTDOC_WORDS.contains(&w)
                && !w.starts_with("edition")
                && !w.starts_with('{')
                && !w.starts_with('.')
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
        });
    let fence: String = std::iter::repeat_n(marker, len).collect();
    if names_other_language {
        format!("{fence}{}", info.trim())
    } else {
        format!("{fence}text")
    }
}

/// Makes model text safe in a doc comment: line endings become `\n` (a bare carriage return
/// is an error in a doc comment), bidirectional-override and isolate characters (which rustc
/// refuses in comments and literals, as they can make code read differently from how it
/// compiles) are shown as their code point, and other control characters are dropped.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            c if is_bidi_control(c) => out.push_str(&format!("U+{:04X}", u32::from(c))),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The characters rustc's `text_direction_codepoint_in_comment`/`_in_literal` lints refuse.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Converts many documentation strings at once, each distinct text once, on as many threads as
/// the machine offers: HTML conversion is most of the planning step, which otherwise runs before
/// (and alone, not beside) the parallel emit and render. Same results as [`to_rustdoc`].
pub fn convert_all<'t>(texts: impl IntoIterator<Item = &'t str>) -> HashMap<&'t str, String> {
    let mut texts: Vec<&str> = texts.into_iter().collect();
    texts.sort_unstable();
    texts.dedup();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(texts.len().div_ceil(16));
    if threads <= 1 {
        return texts.into_iter().map(|t| (t, to_rustdoc(t))).collect();
    }
    // Interleaved shares, so long and short texts (sorted by content, not size) spread evenly.
    let texts = &texts;
    let share = |first: usize| {
        texts
            .iter()
            .skip(first)
            .step_by(threads)
            .map(|&t| (t, to_rustdoc(t)))
            .collect::<Vec<_>>()
    };
    std::thread::scope(|scope| {
        // As in `generate`: a main thread's stack (HTML parsing recurses), the calling thread
        // takes share 0, and a share whose thread cannot be started is done here.
        let helpers: Vec<_> = (1..threads)
            .map(|first| {
                let spawned = std::thread::Builder::new()
                    .stack_size(8 << 20)
                    .spawn_scoped(scope, move || share(first));
                (first, spawned.ok())
            })
            .collect();
        let mut done: HashMap<&str, String> = share(0).into_iter().collect();
        for (first, helper) in helpers {
            let out = match helper.map(|h| h.join()) {
                Some(Ok(out)) => out,
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                None => share(first),
            };
            done.extend(out);
        }
        done
    })
}

/// HTML nested deeper than this is left as text: the converter walks the element tree
/// recursively, so a hostile model could otherwise overflow the stack. Real documentation
/// nests a handful of elements.
const MAX_HTML_NESTING: usize = 256;

/// An upper bound of how deep the text's HTML elements nest: open tags minus close tags, at
/// the deepest point (void and self-closing tags only make it larger, which errs safe).
fn html_nesting(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for (i, _) in text.match_indices('<') {
        let rest = &text[i + 1..];
        if rest.starts_with('/') {
            depth = depth.saturating_sub(1);
        } else if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// Whether the text contains an HTML tag (as opposed to, say, `a < b`).
fn looks_like_html(text: &str) -> bool {
    text.match_indices('<').any(|(i, _)| {
        let rest = &text[i + 1..];
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        rest.starts_with(|c: char| c.is_ascii_alphabetic())
    })
}

/// Escapes one line outside code blocks: brackets that are not part of a Markdown link, bare
/// URLs, and characters rustdoc would read as HTML.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut in_code = false;
    while i < line.len() {
        let rest = &line[i..];
        let c = rest.chars().next().unwrap_or(' ');
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        if c == '\\' && i + 1 < bytes.len() {
            // Keep existing escapes as they are.
            let next = rest[1..].chars().next().unwrap_or(' ');
            out.push('\\');
            out.push(next);
            i += 1 + next.len_utf8();
            continue;
        }
        if c == '[' {
            if let Some(len) = link_len(rest) {
                out.push_str(&rest[..len]);
                i += len;
                continue;
            }
            out.push_str("\\[");
            i += 1;
            continue;
        }
        if c == ']' {
            out.push_str("\\]");
            i += 1;
            continue;
        }
        if c == '<' {
            // An autolink `<https://...>` stays; anything else is text, not a tag.
            if (rest.starts_with("<http://") || rest.starts_with("<https://"))
                && let Some(end) = rest.find('>')
            {
                out.push_str(&rest[..=end]);
                i += end + 1;
                continue;
            }
            out.push_str("&lt;");
            i += 1;
            continue;
        }
        if let Some(len) = bare_url_len(rest) {
            out.push('<');
            out.push_str(&rest[..len]);
            out.push('>');
            i += len;
            continue;
        }
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// Length of a Markdown inline link `[text](url)` at the start of `s`, if there is one.
fn link_len(s: &str) -> Option<usize> {
    let close = s.find("](")?;
    if s[1..close].contains(['[', ']']) {
        return None;
    }
    let end = s[close + 2..].find(')')?;
    let url = &s[close + 2..close + 2 + end];
    if url.is_empty() || url.contains(char::is_whitespace) && !url.contains('"') {
        return None;
    }
    Some(close + 2 + end + 1)
}

fn bare_url_len(s: &str) -> Option<usize> {
    if !(s.starts_with("https://") || s.starts_with("http://")) {
        return None;
    }
    let end = s
        .find(|c: char| c.is_whitespace() || matches!(c, '>' | ')' | '"' | '\'' | '<' | '`'))
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
        assert_eq!(to_rustdoc("[docs](https://x.y)"), "[docs](https://x.y)");
        assert_eq!(to_rustdoc("`a[0]` and x < y"), "`a[0]` and x &lt; y");
    }

    #[test]
    fn fences_never_become_doctests() {
        assert_eq!(
            to_rustdoc("```rust\nfn main() {}\n```"),
            "```text\nfn main() {}\n```"
        );
        assert_eq!(to_rustdoc("```\nx\n```"), "```text\nx\n```");
        assert_eq!(to_rustdoc("```no_run,ignore\nx"), "```text\nx\n```");
        assert_eq!(to_rustdoc("```json\n{}\n```"), "```json\n{}\n```");
        assert_eq!(to_rustdoc("~~~\n```rust\n~~~"), "~~~text\n```rust\n~~~");
    }

    #[test]
    fn deep_html_is_converted_or_kept_as_text_without_overflow() {
        for depth in [MAX_HTML_NESTING, MAX_HTML_NESTING + 1, 100_000] {
            let html = format!(
                "{}deep{}",
                "<div><b>".repeat(depth / 2),
                "</b></div>".repeat(depth / 2)
            );
            assert!(to_rustdoc(&html).contains("deep"));
        }
    }

    #[test]
    fn indented_code_becomes_text() {
        assert_eq!(
            to_rustdoc("Example:\n\n    let x = 1;\n    x\n\nAfter."),
            "Example:\n\n```text\nlet x = 1;\nx\n\n```\nAfter."
        );
        // Inside a list, indentation continues the item.
        assert_eq!(to_rustdoc("- one\n\n    more"), "- one\n\n    more");
        // Without a blank line before, it continues the paragraph.
        assert_eq!(to_rustdoc("text\n    more"), "text\n    more");
    }

    #[test]
    fn tabs_become_spaces() {
        assert_eq!(
            to_rustdoc("a\tb\n\n\tcode"),
            to_rustdoc("a    b\n\n    code")
        );
        assert!(!to_rustdoc("x\ty").contains('\t'));
    }

    #[test]
    fn control_characters_are_safe() {
        assert_eq!(to_rustdoc("a\rb\r\nc"), "a\nb\nc");
        assert_eq!(to_rustdoc("x\u{202E}y\u{7}"), "xU+202Ey");
    }

    #[test]
    fn html_becomes_markdown() {
        let md = to_rustdoc(
            "<p>Use <code>Foo</code> with <a href=\"https://example.com/a\">the guide</a>.</p><ul><li>one</li><li>two</li></ul>",
        );
        assert!(md.contains("`Foo`"), "{md}");
        assert!(md.contains("[the guide](https://example.com/a)"), "{md}");
        assert!(!md.contains("<p>") && !md.contains("<li>"), "{md}");
        let md = to_rustdoc("<p>Submitted by \"Role <janedoe@example.com>\".</p>");
        assert!(!md.contains("<janedoe"), "{md}");
    }
}
