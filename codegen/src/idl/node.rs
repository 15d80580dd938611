//! Node values (the IDL's JSON-like values for traits, metadata and service/resource bodies),
//! parsed with a depth limit so hostile nesting is an error, not a stack overflow.

use super::lexer::Tok;
use super::parser::Parser;
use super::{Pos, SyntaxError};

/// How deep arrays and objects may nest. Real models stay below ten.
pub const MAX_DEPTH: usize = 64;

/// A node value as written; unquoted strings stay shape ids until lowering resolves them.
#[derive(Clone, Debug)]
pub enum Node {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number exactly as written.
    Number(String),
    /// A quoted string or text block.
    Str(String),
    /// An unquoted shape id, resolved when lowering.
    ShapeId(String, Pos),
    /// `[ ... ]`.
    Array(Vec<Node>),
    /// `{ key: value ... }` in source order, keys unique.
    Object(Vec<(String, Pos, Node)>),
}

impl Parser {
    /// Parses one node value.
    pub fn node(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        let pos = self.peek().pos;
        match &self.peek().tok {
            Tok::Punct("[") => {
                self.depth_check(depth, pos)?;
                self.bump();
                let mut items = Vec::new();
                while !self.at_punct("]") {
                    if self.peek().tok == Tok::Eof {
                        return Err(self.expected("`]`"));
                    }
                    items.push(self.node(depth + 1)?);
                }
                self.bump();
                Ok(Node::Array(items))
            }
            Tok::Punct("{") => {
                self.depth_check(depth, pos)?;
                self.bump();
                let entries = self.object_entries("}", depth + 1)?;
                self.expect_punct("}")?;
                Ok(Node::Object(entries))
            }
            Tok::Number(_) | Tok::Str(_) | Tok::TextBlock(_) | Tok::Word(_) => {
                Ok(match self.take() {
                    Tok::Number(n) => Node::Number(n),
                    Tok::Str(s) | Tok::TextBlock(s) => Node::Str(s),
                    Tok::Word(w) => match w.as_str() {
                        "true" => Node::Bool(true),
                        "false" => Node::Bool(false),
                        "null" => Node::Null,
                        _ => Node::ShapeId(w, pos),
                    },
                    _ => Node::Null,
                })
            }
            _ => Err(self.expected("a node value")),
        }
    }

    fn depth_check(&self, depth: usize, pos: Pos) -> Result<(), SyntaxError> {
        if depth >= MAX_DEPTH {
            return Err(SyntaxError::new(
                pos,
                format!("node values nested at most {MAX_DEPTH} deep"),
                "deeper nesting",
            ));
        }
        Ok(())
    }

    /// `key: value` pairs up to (not including) the punctuation `close`.
    pub fn object_entries(
        &mut self,
        close: &str,
        depth: usize,
    ) -> Result<Vec<(String, Pos, Node)>, SyntaxError> {
        let mut entries: Vec<(String, Pos, Node)> = Vec::new();
        while !self.at_punct(close) {
            let token = self.peek().clone();
            let key = match &token.tok {
                Tok::Word(w) if super::is_identifier(w) => w.clone(),
                Tok::Str(s) => s.clone(),
                _ => return Err(self.expected(&format!("an object key or `{close}`"))),
            };
            self.bump();
            if !self.at_punct(":") {
                // Most often a missing closing bracket: say so rather than "expected `:`".
                return Err(SyntaxError::new(
                    token.pos,
                    format!("`{close}` or `key: value`"),
                    token.tok.describe(),
                ));
            }
            self.bump();
            let value = self.node(depth)?;
            if entries.iter().any(|(k, _, _)| *k == key) {
                return Err(SyntaxError::new(
                    token.pos,
                    "unique object keys",
                    format!("a second \"{key}\""),
                ));
            }
            entries.push((key, token.pos, value));
        }
        Ok(entries)
    }
}
