//! Model documentation carried past `syn` and `prettyplease` as text.
//!
//! Every doc line as a `#[doc = "..."]` attribute costs a token group, a `syn` attribute and
//! expression parse and a `prettyplease` print, only to come out as `/// text`. Model docs are
//! about a tenth of the lines of a generated crate (a fifth of its bytes), so while a file is
//! emitted and rendered inside a [`scope`], [`doc_attrs`](crate::emit::types::doc_attrs) puts
//! one placeholder attribute per doc block instead (`#[doc = "\0<n>"]`, printed as the line
//! `///\0<n>`), and [`expand`] replaces each placeholder line by the block's lines after
//! printing, exactly as `prettyplease` would have printed them: `///` and the line with its
//! trailing spaces removed, at the placeholder's indentation.
//!
//! Outside a scope (unit tests that look at tokens) nothing changes. A block that
//! `prettyplease` would not print as plain `///` lines (a line holding `\r`), or that contains
//! the marker `\0` itself, keeps one attribute per line, so model text can never forge a
//! placeholder.

use std::cell::RefCell;

/// Starts a placeholder line in the printed text (after the indentation).
const MARKER: &str = "///\u{0}";

thread_local! {
    /// The blocks of the current scope, by placeholder number; `None` outside a scope.
    static BLOCKS: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// While the returned guard lives, doc blocks emitted on this thread become placeholders that
/// [`expand`] (called by [`render`](crate::render::render) on the same thread) resolves. Emit
/// and render a file inside one scope: the blocks are dropped with the guard.
pub fn scope() -> Scope {
    let previous = BLOCKS.with(|b| b.replace(Some(Vec::new())));
    Scope { previous }
}

/// Ends a [`scope`] on drop (restoring an enclosing one, if any).
pub struct Scope {
    previous: Option<Vec<String>>,
}

impl Drop for Scope {
    fn drop(&mut self) {
        let previous = self.previous.take();
        BLOCKS.with(|b| *b.borrow_mut() = previous);
    }
}

/// The placeholder text for `docs` (the model's doc text, lines separated by `\n`), or `None`
/// when there is no scope or the block must stay one attribute per line.
pub fn placeholder(docs: &str) -> Option<String> {
    if docs.contains(['\r', '\0']) {
        return None;
    }
    BLOCKS.with(|b| {
        let mut blocks = b.borrow_mut();
        let blocks = blocks.as_mut()?;
        blocks.push(docs.to_string());
        Some(format!("\u{0}{}", blocks.len() - 1))
    })
}

/// Replaces every placeholder line of `printed` by its block's `///` lines. Text without
/// placeholders (or outside a scope) comes back unchanged.
pub fn expand(printed: String) -> String {
    BLOCKS
        .with(|b| {
            let blocks = b.borrow();
            match blocks.as_ref() {
                Some(blocks) if !blocks.is_empty() => expand_with(&printed, blocks),
                _ => None,
            }
        })
        .unwrap_or(printed)
}

fn expand_with(printed: &str, blocks: &[String]) -> Option<String> {
    // A block is seldom more than a few hundred bytes: reserve a little more than the input.
    let mut out = String::with_capacity(printed.len() + printed.len() / 2);
    let mut found = false;
    for line in printed.split_inclusive('\n') {
        let body = line.trim_start_matches(' ');
        let block = body
            .strip_prefix(MARKER)
            .map(|rest| rest.trim_end_matches('\n'))
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| blocks.get(n));
        let Some(block) = block else {
            out.push_str(line);
            continue;
        };
        found = true;
        let indent = &line[..line.len() - body.len()];
        for doc_line in block.lines() {
            out.push_str(indent);
            out.push_str("///");
            // `doc_attrs` writes ` {line}` (an empty line stays empty) and `prettyplease`
            // trims trailing spaces: a line of spaces prints as a bare `///`.
            let text = doc_line.trim_end_matches(' ');
            if !text.is_empty() {
                out.push(' ');
                out.push_str(text);
            }
            out.push('\n');
        }
    }
    found.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::types::doc_attrs;
    use crate::render::render;
    use quote::quote;

    fn rendered(docs: &str, scoped: bool) -> String {
        let _scope = scoped.then(scope);
        let attrs = doc_attrs(Some(docs));
        let tokens = quote! {
            #attrs
            pub struct S {
                #attrs
                pub f: i32,
            }
            impl S {
                #attrs
                pub fn f(&self) {}
            }
        };
        render("test.rs", tokens, "test/").unwrap_or_else(|e| panic!("{docs:?}: {e}"))
    }

    /// A block placeholder must print exactly what one attribute per line prints, whatever the
    /// lines hold and wherever the block sits (item, field, method: different indentation).
    #[test]
    fn placeholders_render_like_attributes() {
        let blocks = [
            "one line",
            "two\nlines",
            "\nleading and trailing empty lines\n\n",
            "trailing spaces   \n   \n\tand a tab\t",
            "a \"quoted\" word, \"## hashes, \\ backslashes",
            "/ a slash\n// two\n*/ closes",
            "unicode: é ✓ \u{200b}",
            "carriage\rreturn",
            "a NUL \u{0}0 forging a placeholder",
            "    indented code\n    block",
        ];
        for docs in blocks {
            assert_eq!(rendered(docs, true), rendered(docs, false), "docs {docs:?}");
        }
    }

    #[test]
    fn no_scope_no_placeholder() {
        assert_eq!(placeholder("text"), None);
        let _scope = scope();
        assert_eq!(placeholder("text").as_deref(), Some("\u{0}0"));
        assert_eq!(placeholder("with \u{0}"), None);
        assert_eq!(placeholder("with \r"), None);
    }

    #[test]
    fn scopes_nest_and_end() {
        let outer = scope();
        assert_eq!(placeholder("a").as_deref(), Some("\u{0}0"));
        {
            let _inner = scope();
            assert_eq!(placeholder("b").as_deref(), Some("\u{0}0"));
        }
        assert_eq!(placeholder("c").as_deref(), Some("\u{0}1"));
        drop(outer);
        assert_eq!(placeholder("d"), None);
    }
}
