//! XML for the restXml, awsQuery and ec2Query protocols: a hardened parser into a small owned
//! tree, typed readers over it, the error-document and response-envelope shapes of the three
//! protocols, and a writer for request bodies.
//!
//! # Why a tree and not a streaming cursor
//!
//! Response bodies are already fully buffered when they are deserialized (the transport caps
//! them), and XML members may come in any order, so generated code would have to buffer or
//! re-scan with a cursor anyway. A tree lets each generated deserializer be one loop over the
//! children of an element, matching names, and lets the error helpers look at a document
//! without consuming it. The tree is an arena ([`Document`]): flat vectors of nodes linked by
//! index, with every name and text in one string. Dropping it frees a handful of vectors (no
//! recursion), walking it follows indices (no recursion), and its memory is a small constant
//! times the body length.
//!
//! # Hostile input
//!
//! [`parse`] never expands an entity other than the five predefined ones and numeric character
//! references, rejects any DTD (`<!DOCTYPE`), never fetches anything, validates UTF-8 up front,
//! and enforces [`XmlLimits`] (depth, text length, node count) before copying anything. Every
//! failure is an [`XmlError`] with an [`XmlErrorKind`] and a line:column.
//!
//! # Layout
//! - [`tree`]: [`parse`], [`Document`], [`Element`], [`XmlLimits`].
//! - [`de`]: typed values from element text (numbers, timestamps, blobs, ...), lists and maps.
//! - [`envelope`]: error documents (restXml, awsQuery, ec2Query) and awsQuery/ec2Query output
//!   wrappers.
//! - [`writer`]: [`XmlWriter`] for request bodies, with the escaping the protocols expect.

pub mod de;
pub mod envelope;
mod error;
#[cfg(test)]
mod hostile_tests;
pub mod tree;
pub mod writer;

pub use error::{XmlError, XmlErrorKind};
pub use tree::{Attribute, Children, Document, Element, XmlLimits, parse, parse_with_limits};
pub use writer::{StartTag, XmlWriter};
