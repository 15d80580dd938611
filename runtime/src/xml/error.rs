//! The error type of the XML parser and envelope helpers.

use std::fmt;

use crate::json::DeserializeError;

/// Why an XML document was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum XmlErrorKind {
    /// The body is empty or only whitespace.
    Empty,
    /// The body is not valid UTF-8 (AWS XML is always UTF-8; other encodings are not decoded).
    InvalidUtf8,
    /// The document has a `<!DOCTYPE>`. DTDs are never processed, so entity-expansion attacks
    /// ("billion laughs") and external fetches cannot happen; AWS services never send one.
    DtdNotAllowed,
    /// An entity reference other than `&amp; &lt; &gt; &apos; &quot;` or a character reference.
    UnknownEntity,
    /// Elements nest deeper than [`XmlLimits::max_depth`](super::XmlLimits::max_depth).
    TooDeep,
    /// One text node or attribute value is longer than
    /// [`XmlLimits::max_text_len`](super::XmlLimits::max_text_len).
    TextTooLong,
    /// More elements and attributes than [`XmlLimits::max_nodes`](super::XmlLimits::max_nodes).
    TooManyNodes,
    /// The body is larger than the tree can index (4 GiB).
    TooLarge,
    /// The document ends before its root element is closed.
    Truncated,
    /// Not well-formed XML (mismatched tags, bad syntax, text outside the root, ...).
    Malformed,
    /// The root element (or an envelope element) is not the expected one.
    UnexpectedElement,
}

impl XmlErrorKind {
    fn describe(self) -> &'static str {
        match self {
            Self::Empty => "empty XML document",
            Self::InvalidUtf8 => "XML is not valid UTF-8",
            Self::DtdNotAllowed => "XML document type declarations (DTDs) are not allowed",
            Self::UnknownEntity => "unknown XML entity reference",
            Self::TooDeep => "XML nesting exceeds the depth limit",
            Self::TextTooLong => "XML text exceeds the length limit",
            Self::TooManyNodes => "XML document has too many elements and attributes",
            Self::TooLarge => "XML document is too large",
            Self::Truncated => "XML document is truncated",
            Self::Malformed => "malformed XML",
            Self::UnexpectedElement => "unexpected XML element",
        }
    }
}

/// An XML document could not be parsed, or does not have the expected envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    kind: XmlErrorKind,
    /// 1-based line and column (in characters) of the problem, when known.
    position: Option<(usize, usize)>,
    detail: Option<String>,
}

impl XmlError {
    /// An error of `kind` without position or detail.
    pub fn new(kind: XmlErrorKind) -> Self {
        Self {
            kind,
            position: None,
            detail: None,
        }
    }

    /// Adds a detail message (kept short by the callers: network text is previewed).
    pub(crate) fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Adds the line:column of byte `offset` in `text`.
    pub(crate) fn at_offset(mut self, text: &str, offset: usize) -> Self {
        self.position = Some(line_column(text, offset));
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> XmlErrorKind {
        self.kind
    }

    /// 1-based line and column of the problem, when known.
    pub fn position(&self) -> Option<(usize, usize)> {
        self.position
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.describe())?;
        if let Some((line, column)) = self.position {
            write!(f, " at {line}:{column}")?;
        }
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        Ok(())
    }
}

impl std::error::Error for XmlError {}

/// Generated deserializers return [`DeserializeError`]; a parse failure becomes one at `$`.
impl From<XmlError> for DeserializeError {
    fn from(e: XmlError) -> Self {
        DeserializeError::new(e.to_string())
    }
}

/// 1-based line and column (counted in characters) of byte `offset`. Only called on the error
/// path, so the linear scan costs nothing in the common case.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_kind_position_and_detail() {
        let e = XmlError::new(XmlErrorKind::Malformed)
            .at_offset("<a>\n  <b>", 6)
            .with_detail("boom");
        assert_eq!(e.to_string(), "malformed XML at 2:3: boom");
        assert_eq!(e.kind(), XmlErrorKind::Malformed);
        assert_eq!(e.position(), Some((2, 3)));
        let d: DeserializeError = XmlError::new(XmlErrorKind::Empty).into();
        assert_eq!(d.to_string(), "empty XML document at `$`");
    }

    #[test]
    fn line_column_counts_characters_and_clamps() {
        assert_eq!(line_column("é\né", 5), (2, 2));
        assert_eq!(line_column("é\né", 4), (2, 1));
        assert_eq!(line_column("ab", 99), (1, 3));
        assert_eq!(line_column("é", 1), (1, 1));
    }
}
