//! Model documentation -> rustdoc Markdown.
//!
//! Smithy documentation is CommonMark, and AWS models put HTML in it. HTML goes through `htmd`
//! (an HTML-to-Markdown converter) so rustdoc sees Markdown, not stray tags. Then two rustdoc
//! hazards are neutralised: square brackets that are not Markdown links would be taken for
//! intra-doc links, and bare URLs trigger `rustdoc::bare_urls`.

use std::collections::HashMap;

/// Converts one documentation string.
pub fn to_rustdoc(text: &str) -> String {
    let markdown = if looks_like_html(text) {
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
    let mut out = String::with_capacity(markdown.len());
    let mut in_code_block = false;
    let mut first = true;
    for line in markdown.trim().lines() {
        let line = line.trim_end();
        if !first {
            out.push('\n');
        }
        first = false;
        if line.trim_start().starts_with("```") {
            in_code_block = !in_code_block;
            // Model examples are rarely Rust: never let rustdoc compile them.
            if in_code_block && line.trim_start() == "```" {
                out.push_str(&line.replace("```", "```text"));
            } else {
                out.push_str(line);
            }
            continue;
        }
        if in_code_block {
            out.push_str(line);
        } else {
            out.push_str(&escape_line(line));
        }
    }
    if in_code_block {
        out.push_str("\n```");
    }
    out
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
