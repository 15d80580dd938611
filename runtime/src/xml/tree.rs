//! The parsed form of an XML response: an arena of elements built by [`parse`].
//!
//! Only what the AWS XML protocols use is kept: element names (local name, prefix, resolved
//! namespace), attributes, child elements in document order, and the element's own text
//! (character data, CDATA and references concatenated, line ends normalised as XML requires).
//! Comments, processing instructions and the XML declaration are skipped. Whitespace-only text
//! of an element that has child elements is indentation and is dropped; in a leaf element any
//! text, whitespace included, is data.

use std::collections::HashMap;
use std::fmt;

use quick_xml::NsReader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;

use super::error::{XmlError, XmlErrorKind};
use crate::json::preview;

/// Bounds that [`parse_with_limits`] enforces before it copies anything, so memory stays
/// proportional to the body and no input can exhaust the stack or the heap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XmlLimits {
    /// Deepest element nesting accepted (the root is depth 1). The parser itself never
    /// recurses; the limit exists because real AWS documents nest a few dozen levels at most,
    /// and generated deserializers recurse once per nested structure.
    pub max_depth: usize,
    /// Longest text of one element or one attribute value, in bytes (checked on the raw
    /// text before decoding, so a 100 MB text node is rejected without being copied).
    pub max_text_len: usize,
    /// Most elements plus attributes in one document. Each costs a fixed-size arena entry,
    /// so this caps the amplification of documents like `<a/><a/><a/>...`.
    pub max_nodes: usize,
}

impl XmlLimits {
    /// The limits [`parse`] uses: depth 128 (as the JSON parser), 16 MiB of text per node
    /// (large base64 blobs such as IAM credential reports fit), 4 million nodes (an EC2
    /// DescribeInstances page of 1000 instances has a few hundred thousand).
    pub const DEFAULT: Self = Self {
        max_depth: 128,
        max_text_len: 16 << 20,
        max_nodes: 4_000_000,
    };
}

impl Default for XmlLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// A byte range of [`Document::strings`]; `u32` keeps nodes small (bodies over 4 GiB are
/// rejected).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Span {
    start: u32,
    end: u32,
}

/// Longest namespace URI accepted; real ones are a few dozen bytes.
const MAX_NAMESPACE_LEN: usize = 1024;

/// "No node" in the index links.
const NONE: u32 = u32::MAX;

#[derive(Debug, Clone)]
struct Node {
    /// `prefix:local` or `local`.
    qname: Span,
    /// Length of the prefix in bytes, 0 when there is none.
    prefix_len: u32,
    /// The resolved namespace URI, empty when unbound.
    namespace: Span,
    text: Span,
    attrs_start: u32,
    attrs_end: u32,
    first_child: u32,
    next_sibling: u32,
}

#[derive(Debug, Clone)]
struct AttrNode {
    qname: Span,
    value: Span,
}

/// A parsed XML document. Element 0 is the root; [`Document::root`] gives access to it.
///
/// Everything lives in three flat vectors, so dropping a document of any shape is
/// non-recursive, and [`Element`] handles are plain indices.
pub struct Document {
    strings: String,
    nodes: Vec<Node>,
    attrs: Vec<AttrNode>,
}

impl fmt::Debug for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Document")
            .field("root", &self.root().qualified_name())
            .field("elements", &self.nodes.len())
            .finish()
    }
}

impl Document {
    fn str(&self, span: Span) -> &str {
        // Spans are only ever created from ranges of `strings` on char boundaries.
        self.strings
            .get(span.start as usize..span.end as usize)
            .unwrap_or_default()
    }

    /// The root element.
    pub fn root(&self) -> Element<'_> {
        Element {
            doc: self,
            index: 0,
        }
    }

    /// The root element if its local name (or qualified name, when `name` has a prefix) is
    /// `name`; otherwise an [`XmlErrorKind::UnexpectedElement`] error naming both.
    pub fn expect_root(&self, name: &str) -> Result<Element<'_>, XmlError> {
        let root = self.root();
        if root.is_named(name) {
            Ok(root)
        } else {
            Err(
                XmlError::new(XmlErrorKind::UnexpectedElement).with_detail(format!(
                    "expected the root element <{name}>, found <{}>",
                    preview_name(root.qualified_name())
                )),
            )
        }
    }
}

/// An element of a [`Document`]: a cheap, copyable handle.
#[derive(Clone, Copy)]
pub struct Element<'a> {
    doc: &'a Document,
    index: u32,
}

impl fmt::Debug for Element<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Element")
            .field("name", &self.qualified_name())
            .field("text", &preview(self.text()))
            .finish_non_exhaustive()
    }
}

impl<'a> Element<'a> {
    fn node(&self) -> &'a Node {
        // Handles are only created for indices that exist.
        &self.doc.nodes[self.index as usize]
    }

    /// The name as written, `prefix:local` or `local`.
    pub fn qualified_name(&self) -> &'a str {
        self.doc.str(self.node().qname)
    }

    /// The local name (without prefix), which is what Smithy `@xmlName`s match.
    pub fn name(&self) -> &'a str {
        let node = self.node();
        let qname = self.doc.str(node.qname);
        if node.prefix_len == 0 {
            qname
        } else {
            qname
                .get(node.prefix_len as usize + 1..)
                .unwrap_or_default()
        }
    }

    /// The prefix, if the name has one.
    pub fn prefix(&self) -> Option<&'a str> {
        let node = self.node();
        (node.prefix_len != 0)
            .then(|| self.qualified_name().get(..node.prefix_len as usize))
            .flatten()
    }

    /// The namespace URI the element's name resolves to, if any.
    pub fn namespace(&self) -> Option<&'a str> {
        let span = self.node().namespace;
        (span.start != span.end).then(|| self.doc.str(span))
    }

    /// True when `name` matches: a name with a prefix (`xsi:type`) is compared with the
    /// qualified name, a plain name with the local name.
    pub fn is_named(&self, name: &str) -> bool {
        if name.contains(':') {
            self.qualified_name() == name
        } else {
            self.name() == name
        }
    }

    /// The element's text: character data, CDATA and references concatenated, `""` for
    /// `<a/>` and `<a></a>`. Text between child elements is included only if it is not all
    /// whitespace.
    pub fn text(&self) -> &'a str {
        self.doc.str(self.node().text)
    }

    /// The attributes in document order (namespace declarations included).
    pub fn attributes(&self) -> impl Iterator<Item = Attribute<'a>> + 'a {
        let node = self.node();
        let doc = self.doc;
        doc.attrs[node.attrs_start as usize..node.attrs_end as usize]
            .iter()
            .map(move |a| Attribute {
                qualified_name: doc.str(a.qname),
                value: doc.str(a.value),
            })
    }

    /// The value of the attribute with qualified name `name` (e.g. `xsi:type`, `id`).
    pub fn attr(&self, name: &str) -> Option<&'a str> {
        self.attributes()
            .find(|a| a.qualified_name == name)
            .map(|a| a.value)
    }

    /// The child elements in document order.
    pub fn children(&self) -> Children<'a> {
        Children {
            doc: self.doc,
            next: self.node().first_child,
        }
    }

    /// True when the element has at least one child element.
    pub fn has_children(&self) -> bool {
        self.node().first_child != NONE
    }

    /// The first child element named `name` (see [`is_named`](Self::is_named)).
    pub fn child(&self, name: &str) -> Option<Element<'a>> {
        self.children().find(|c| c.is_named(name))
    }

    /// The child elements named `name`, e.g. the items of a flattened list.
    pub fn children_named<'n>(&self, name: &'n str) -> impl Iterator<Item = Element<'a>> + 'n
    where
        'a: 'n,
    {
        self.children().filter(move |c| c.is_named(name))
    }

    /// The first child element named `name`, or an [`XmlErrorKind::UnexpectedElement`] error
    /// (for envelope elements that must be present).
    pub fn expect_child(&self, name: &str) -> Result<Element<'a>, XmlError> {
        self.child(name).ok_or_else(|| {
            XmlError::new(XmlErrorKind::UnexpectedElement).with_detail(format!(
                "<{}> has no child <{name}>",
                preview_name(self.qualified_name())
            ))
        })
    }
}

/// An attribute of an [`Element`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribute<'a> {
    /// The name as written (`xsi:type`, `xmlns:s3`, `id`).
    pub qualified_name: &'a str,
    /// The value with references decoded and whitespace normalised as XML requires.
    pub value: &'a str,
}

/// Iterator over the child elements of an [`Element`].
#[derive(Clone)]
pub struct Children<'a> {
    doc: &'a Document,
    next: u32,
}

impl<'a> Iterator for Children<'a> {
    type Item = Element<'a>;

    fn next(&mut self) -> Option<Element<'a>> {
        if self.next == NONE {
            return None;
        }
        let element = Element {
            doc: self.doc,
            index: self.next,
        };
        self.next = element.node().next_sibling;
        Some(element)
    }
}

fn preview_name(name: &str) -> &str {
    crate::json::truncated(name, 64).0
}

/// Parses a response body with [`XmlLimits::DEFAULT`].
pub fn parse(body: &[u8]) -> Result<Document, XmlError> {
    parse_with_limits(body, &XmlLimits::DEFAULT)
}

/// Parses a response body: exactly one root element, optionally preceded by an XML
/// declaration, comments and processing instructions, and a UTF-8 byte order mark.
pub fn parse_with_limits(body: &[u8], limits: &XmlLimits) -> Result<Document, XmlError> {
    if u32::try_from(body.len()).is_err() {
        return Err(XmlError::new(XmlErrorKind::TooLarge));
    }
    let text = std::str::from_utf8(body).map_err(|e| {
        let valid = &body[..e.valid_up_to()];
        let prefix = std::str::from_utf8(valid).unwrap_or_default();
        XmlError::new(XmlErrorKind::InvalidUtf8).at_offset(prefix, prefix.len())
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_ascii().is_empty() {
        return Err(XmlError::new(XmlErrorKind::Empty));
    }
    let mut reader = NsReader::from_str(text);
    // Defaults, spelled out because they matter: end tags must match their start tags, and
    // `&` must start a reference.
    reader.config_mut().check_end_names = true;
    reader.config_mut().allow_dangling_amp = false;
    let mut builder = Builder::new(text, limits);
    loop {
        // Problems found in an event are reported at its start.
        let offset = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let offset = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                return Err(quick_xml_error(&e).at_offset(text, offset));
            }
        };
        let at = |e: XmlError| e.at_offset(text, offset);
        match event {
            Event::Start(start) => {
                let (namespace, _) = reader.resolver().resolve_element(start.name());
                builder.open(&start, &namespace).map_err(at)?;
            }
            Event::Empty(start) => {
                let (namespace, _) = reader.resolver().resolve_element(start.name());
                builder.open(&start, &namespace).map_err(at)?;
                builder.close();
            }
            Event::End(_) => builder.close(),
            // Raw length first: nothing is copied or normalised beyond the limit.
            Event::Text(t) => {
                builder.reserve_text(t.len()).map_err(at)?;
                builder.push_text(&t.xml10_content()).map_err(at)?;
            }
            Event::CData(t) => {
                builder.reserve_text(t.len()).map_err(at)?;
                builder.push_text(&t.xml10_content()).map_err(at)?;
            }
            Event::GeneralRef(r) => {
                let c = resolve_reference(&r).map_err(at)?;
                builder.push_text(c.encode_utf8(&mut [0; 4])).map_err(at)?;
            }
            Event::DocType(_) => return Err(at(XmlError::new(XmlErrorKind::DtdNotAllowed))),
            Event::Comment(_) | Event::PI(_) | Event::Decl(_) => {}
            Event::Eof => break,
        }
    }
    builder.finish()
}

/// The replacement of a reference: a character reference, or one of the five predefined
/// entities. Anything else is an error: without a DTD no other entity can be defined.
fn resolve_reference(r: &BytesRef<'_>) -> Result<char, XmlError> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => return Ok(c),
        Ok(None) => {}
        Err(e) => {
            return Err(XmlError::new(XmlErrorKind::Malformed)
                .with_detail(format!("invalid character reference: {e}")));
        }
    }
    match &**r {
        "amp" => Ok('&'),
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "apos" => Ok('\''),
        "quot" => Ok('"'),
        other => Err(XmlError::new(XmlErrorKind::UnknownEntity)
            .with_detail(format!("&{};", preview_name(other)))),
    }
}

fn quick_xml_error(e: &quick_xml::Error) -> XmlError {
    use quick_xml::errors::{IllFormedError, SyntaxError};
    use quick_xml::escape::EscapeError;
    let kind = match e {
        quick_xml::Error::Syntax(SyntaxError::InvalidBangMarkup) => XmlErrorKind::Malformed,
        // Every other syntax error is an unclosed construct, which the slice reader only
        // reports when the input ends inside it.
        quick_xml::Error::Syntax(_) => XmlErrorKind::Truncated,
        quick_xml::Error::IllFormed(IllFormedError::MissingEndTag(_)) => XmlErrorKind::Truncated,
        quick_xml::Error::Escape(EscapeError::UnrecognizedEntity(..)) => {
            XmlErrorKind::UnknownEntity
        }
        _ => XmlErrorKind::Malformed,
    };
    let detail = e.to_string();
    XmlError::new(kind).with_detail(crate::json::truncated(&detail, 200).0)
}

struct Frame {
    node: u32,
    last_child: u32,
    /// Where this element's text starts in `Builder::text`.
    text_start: usize,
}

/// Builds the arena. Text of open elements accumulates in one buffer used as a stack: a
/// child's text sits after its parent's and is moved out when the child closes, so the
/// parent's text stays contiguous without a buffer per element.
struct Builder<'l> {
    doc: Document,
    stack: Vec<Frame>,
    text: String,
    namespaces: HashMap<String, Span>,
    last_namespace: Span,
    limits: &'l XmlLimits,
    closed_root: bool,
}

impl<'l> Builder<'l> {
    fn new(input: &str, limits: &'l XmlLimits) -> Self {
        Self {
            doc: Document {
                // Names and text are never longer than the input they came from.
                strings: String::with_capacity(input.len().min(1 << 20)),
                nodes: Vec::new(),
                attrs: Vec::new(),
            },
            stack: Vec::new(),
            text: String::new(),
            namespaces: HashMap::new(),
            last_namespace: Span::default(),
            limits,
            closed_root: false,
        }
    }

    fn store(&mut self, s: &str) -> Span {
        // The input is under 4 GiB and the arena only holds text taken from it, so the
        // offsets fit; saturate rather than wrap if that ever stopped being true.
        let start = u32::try_from(self.doc.strings.len()).unwrap_or(u32::MAX);
        self.doc.strings.push_str(s);
        let end = u32::try_from(self.doc.strings.len()).unwrap_or(u32::MAX);
        Span { start, end }
    }

    fn count_node(&self) -> Result<(), XmlError> {
        if self.doc.nodes.len() + self.doc.attrs.len() >= self.limits.max_nodes {
            return Err(
                XmlError::new(XmlErrorKind::TooManyNodes).with_detail(format!(
                    "more than {} elements and attributes",
                    self.limits.max_nodes
                )),
            );
        }
        Ok(())
    }

    fn open(
        &mut self,
        start: &BytesStart<'_>,
        namespace: &ResolveResult<'_>,
    ) -> Result<(), XmlError> {
        if self.closed_root {
            return Err(
                XmlError::new(XmlErrorKind::Malformed).with_detail("more than one root element")
            );
        }
        if self.stack.len() >= self.limits.max_depth {
            return Err(XmlError::new(XmlErrorKind::TooDeep)
                .with_detail(format!("deeper than {} levels", self.limits.max_depth)));
        }
        self.count_node()?;
        let name = start.name();
        let qname_text: &str = name.as_ref();
        let prefix_len = qname_text.find(':').unwrap_or(0);
        let qname = self.store(qname_text);
        let namespace = match namespace {
            ResolveResult::Bound(ns) => self.intern_namespace(ns.0)?,
            ResolveResult::Unbound | ResolveResult::Unknown(_) => Span::default(),
        };
        let attrs_start = u32::try_from(self.doc.attrs.len()).unwrap_or(NONE);
        for attr in start.attributes() {
            let attr = attr.map_err(|e| {
                XmlError::new(XmlErrorKind::Malformed).with_detail(format!("bad attribute: {e}"))
            })?;
            self.count_node()?;
            if attr.value.len() > self.limits.max_text_len {
                return Err(self.text_too_long());
            }
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| quick_xml_error(&e))?;
            let key: &str = attr.key.as_ref();
            let qname = self.store(key);
            let value = self.store(&value);
            self.doc.attrs.push(AttrNode { qname, value });
        }
        let attrs_end = u32::try_from(self.doc.attrs.len()).unwrap_or(NONE);
        let index = u32::try_from(self.doc.nodes.len()).unwrap_or(NONE);
        self.doc.nodes.push(Node {
            qname,
            prefix_len: u32::try_from(prefix_len).unwrap_or(0),
            namespace,
            text: Span::default(),
            attrs_start,
            attrs_end,
            first_child: NONE,
            next_sibling: NONE,
        });
        if let Some(parent) = self.stack.last_mut() {
            if parent.last_child == NONE {
                self.doc.nodes[parent.node as usize].first_child = index;
            } else {
                self.doc.nodes[parent.last_child as usize].next_sibling = index;
            }
            parent.last_child = index;
        }
        self.stack.push(Frame {
            node: index,
            last_child: NONE,
            text_start: self.text.len(),
        });
        Ok(())
    }

    /// The span of `uri`, stored once per distinct URI. Every element in a namespace resolves
    /// it again, so the length cap and the same-as-last check keep a long URI from being
    /// hashed once per element.
    fn intern_namespace(&mut self, uri: &str) -> Result<Span, XmlError> {
        if uri.len() > MAX_NAMESPACE_LEN {
            return Err(
                XmlError::new(XmlErrorKind::TextTooLong).with_detail(format!(
                    "namespace URI longer than {MAX_NAMESPACE_LEN} bytes"
                )),
            );
        }
        if self.doc.str(self.last_namespace) == uri {
            return Ok(self.last_namespace);
        }
        let span = match self.namespaces.get(uri) {
            Some(span) => *span,
            None => {
                let span = self.store(uri);
                self.namespaces.insert(uri.to_owned(), span);
                span
            }
        };
        self.last_namespace = span;
        Ok(span)
    }

    fn text_too_long(&self) -> XmlError {
        XmlError::new(XmlErrorKind::TextTooLong)
            .with_detail(format!("longer than {} bytes", self.limits.max_text_len))
    }

    /// Fails if `additional` more bytes would make the current element's text too long.
    fn reserve_text(&self, additional: usize) -> Result<(), XmlError> {
        let current = self
            .stack
            .last()
            .map_or(0, |frame| self.text.len() - frame.text_start);
        if current.saturating_add(additional) > self.limits.max_text_len {
            return Err(self.text_too_long());
        }
        Ok(())
    }

    fn push_text(&mut self, s: &str) -> Result<(), XmlError> {
        if self.stack.is_empty() {
            // Outside the root only whitespace may appear.
            if s.trim_ascii().is_empty() {
                return Ok(());
            }
            return Err(XmlError::new(XmlErrorKind::Malformed)
                .with_detail(format!("text outside the root element: {}", preview(s))));
        }
        self.reserve_text(s.len())?;
        self.text.push_str(s);
        Ok(())
    }

    fn close(&mut self) {
        // quick-xml checks that every end tag matches an open start tag, so the stack is
        // never empty here; ignoring a stray one keeps this function total.
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let node = frame.node as usize;
        let own = self.text.get(frame.text_start..).unwrap_or_default();
        let indentation = self.doc.nodes[node].first_child != NONE && own.trim_ascii().is_empty();
        if !indentation && !own.is_empty() {
            let start = u32::try_from(self.doc.strings.len()).unwrap_or(u32::MAX);
            self.doc.strings.push_str(own);
            let end = u32::try_from(self.doc.strings.len()).unwrap_or(u32::MAX);
            self.doc.nodes[node].text = Span { start, end };
        }
        self.text.truncate(frame.text_start);
        if self.stack.is_empty() {
            self.closed_root = true;
        }
    }

    fn finish(self) -> Result<Document, XmlError> {
        if !self.stack.is_empty() {
            return Err(XmlError::new(XmlErrorKind::Truncated)
                .with_detail(format!("{} element(s) left open", self.stack.len())));
        }
        if self.doc.nodes.is_empty() {
            return Err(XmlError::new(XmlErrorKind::Malformed).with_detail("no root element"));
        }
        Ok(self.doc)
    }
}
