//! Parser: tokens -> the statements of one IDL file ([`IdlFile`]), shape ids still as written.
//! Inline operation input/output (`:=`) becomes a separate structure here already.

use super::lexer::{Tok, Token};
use super::node::Node;
use super::{Pos, SyntaxError, is_identifier};

/// A shape id as written, with its position.
#[derive(Clone, Debug)]
pub struct IdRef {
    /// The text (`Foo`, `ns#Foo`, `Foo$bar`).
    pub text: String,
    /// Where it is.
    pub pos: Pos,
}

/// One trait application.
#[derive(Clone, Debug)]
pub struct TraitApp {
    /// The trait's shape id as written.
    pub id: IdRef,
    /// `None` for an annotation (`@foo` or `@foo()`).
    pub value: Option<Node>,
}

/// Documentation comment and traits in front of a shape or member.
#[derive(Clone, Debug, Default)]
pub struct Traits {
    /// `///` text.
    pub doc: Option<String>,
    /// `@...` in order.
    pub list: Vec<TraitApp>,
}

/// A member of a structure, union, list, map, enum or intEnum.
#[derive(Clone, Debug)]
pub struct MemberDef {
    /// The member name.
    pub name: String,
    /// Where the name is.
    pub pos: Pos,
    /// `None` when elided (`$name`).
    pub target: Option<IdRef>,
    /// Traits and documentation.
    pub traits: Traits,
    /// `= value` (a default, or an enum value).
    pub value: Option<Node>,
}

/// What follows a shape's name.
#[derive(Clone, Debug)]
pub enum Body {
    /// Simple shapes.
    None,
    /// Structure, union, list, map, enum and intEnum members.
    Members(Vec<MemberDef>),
    /// Service and resource properties.
    Object(Vec<(String, Pos, Node)>),
    /// Operation properties.
    Operation {
        /// `input`.
        input: Option<IdRef>,
        /// `output`.
        output: Option<IdRef>,
        /// `errors`.
        errors: Option<Vec<IdRef>>,
    },
}

/// A shape statement.
#[derive(Clone, Debug)]
pub struct ShapeDef {
    /// The shape type keyword (`structure`, `set`, ...).
    pub kind: String,
    /// The shape's name (relative to the file's namespace).
    pub name: String,
    /// Where the name is.
    pub pos: Pos,
    /// Traits and documentation.
    pub traits: Traits,
    /// `with [...]`.
    pub mixins: Vec<IdRef>,
    /// `for Resource`.
    pub for_resource: Option<IdRef>,
    /// The body.
    pub body: Body,
    /// Defined inline in an operation (`input :=` / `output :=`).
    pub inline: bool,
}

/// An `apply` statement.
#[derive(Clone, Debug)]
pub struct ApplyDef {
    /// The target as written.
    pub target: IdRef,
    /// The traits.
    pub traits: Vec<TraitApp>,
}

/// One parsed IDL file.
#[derive(Clone, Debug, Default)]
pub struct IdlFile {
    /// `$version`, when given.
    pub version: Option<(String, Pos)>,
    /// `metadata key = value`.
    pub metadata: Vec<(String, Pos, Node)>,
    /// `namespace`.
    pub namespace: Option<String>,
    /// `use` statements.
    pub uses: Vec<IdRef>,
    /// Shapes, inline input/output structures included.
    pub shapes: Vec<ShapeDef>,
    /// `apply` statements.
    pub applies: Vec<ApplyDef>,
}

/// A cursor over the tokens of one file.
pub struct Parser {
    tokens: Vec<Token>,
    at: usize,
    input_suffix: String,
    output_suffix: String,
}

const SHAPE_KINDS: &[&str] = &[
    "blob",
    "boolean",
    "document",
    "string",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "timestamp",
    "enum",
    "intEnum",
    "list",
    "set",
    "map",
    "structure",
    "union",
    "service",
    "operation",
    "resource",
];

/// Parses a whole file.
pub fn parse(tokens: Vec<Token>) -> Result<IdlFile, SyntaxError> {
    let mut p = Parser {
        tokens,
        at: 0,
        input_suffix: "Input".into(),
        output_suffix: "Output".into(),
    };
    p.file()
}

impl Parser {
    /// The current token.
    pub fn peek(&self) -> &Token {
        let last = self.tokens.len().saturating_sub(1);
        &self.tokens[self.at.min(last)]
    }

    fn peek_tok(&self, n: usize) -> Option<&Tok> {
        self.tokens.get(self.at + n).map(|t| &t.tok)
    }

    /// Moves past the current token, returning it without a copy (its text is not needed again).
    pub fn take(&mut self) -> Tok {
        let last = self.tokens.len().saturating_sub(1);
        let at = self.at.min(last);
        let tok = match self.tokens.get_mut(at) {
            Some(t) if t.tok != Tok::Eof => std::mem::replace(&mut t.tok, Tok::Punct("")),
            _ => Tok::Eof,
        };
        self.bump();
        tok
    }

    /// Moves past the current token (never past the end).
    pub fn bump(&mut self) {
        if self.at + 1 < self.tokens.len() {
            self.at += 1;
        }
    }

    /// Whether the current token is the punctuation `p`.
    pub fn at_punct(&self, p: &str) -> bool {
        matches!(self.peek().tok, Tok::Punct(q) if q == p)
    }

    fn at_word(&self, w: &str) -> bool {
        matches!(&self.peek().tok, Tok::Word(x) if x == w)
    }

    /// `expected <what>, found <the current token>`.
    pub fn expected(&self, what: &str) -> SyntaxError {
        let t = self.peek();
        SyntaxError::new(t.pos, what, t.tok.describe())
    }

    /// Consumes the punctuation `p` or fails.
    pub fn expect_punct(&mut self, p: &str) -> Result<(), SyntaxError> {
        if self.at_punct(p) {
            self.bump();
            Ok(())
        } else {
            Err(self.expected(&format!("`{p}`")))
        }
    }

    /// Statements end at a line break: the next token may not share the previous one's line.
    fn line_break(&self) -> Result<(), SyntaxError> {
        let next = self.peek();
        let prev_line = self.tokens.get(self.at.wrapping_sub(1)).map(|t| t.pos.line);
        if next.tok != Tok::Eof && prev_line == Some(next.pos.line) {
            return Err(self.expected("a line break after the statement"));
        }
        Ok(())
    }

    fn identifier(&mut self, what: &str) -> Result<(String, Pos), SyntaxError> {
        let t = self.peek().clone();
        match &t.tok {
            Tok::Word(w) if is_identifier(w) => {
                self.bump();
                Ok((w.clone(), t.pos))
            }
            _ => Err(self.expected(what)),
        }
    }

    fn shape_id(&mut self) -> Result<IdRef, SyntaxError> {
        let t = self.peek().clone();
        match &t.tok {
            Tok::Word(w) if super::is_shape_id_syntax(w) => {
                self.bump();
                Ok(IdRef {
                    text: w.clone(),
                    pos: t.pos,
                })
            }
            _ => Err(self.expected("a shape id")),
        }
    }

    fn file(&mut self) -> Result<IdlFile, SyntaxError> {
        let mut file = IdlFile::default();
        let mut seen_controls: Vec<String> = Vec::new();
        // Control section.
        while let Tok::Dollar(name) = self.peek().tok.clone() {
            let pos = self.peek().pos;
            self.bump();
            self.same_line("`:`")?;
            self.expect_punct(":")?;
            self.same_line("the value")?;
            let value = self.node(0)?;
            self.line_break()?;
            if seen_controls.contains(&name) {
                return Err(SyntaxError::new(
                    pos,
                    "each control statement at most once",
                    format!("a second `${name}`"),
                ));
            }
            seen_controls.push(name.clone());
            let text = match &value {
                Node::Str(s) => Some(s.clone()),
                _ => None,
            };
            match (name.as_str(), text) {
                ("version", Some(v)) => file.version = Some((v, pos)),
                ("operationInputSuffix", Some(v)) => self.input_suffix = v,
                ("operationOutputSuffix", Some(v)) => self.output_suffix = v,
                ("version" | "operationInputSuffix" | "operationOutputSuffix", None) => {
                    return Err(SyntaxError::new(
                        pos,
                        format!("a string value for `${name}`"),
                        "another kind of value",
                    ));
                }
                // Unknown control statements are ignored, as the spec requires.
                _ => {}
            }
        }
        // Metadata section.
        while self.at_word("metadata") {
            self.bump();
            self.same_line("the metadata key")?;
            let t = self.peek().clone();
            let key = match &t.tok {
                Tok::Word(w) if is_identifier(w) => w.clone(),
                Tok::Str(s) => s.clone(),
                _ => return Err(self.expected("a metadata key")),
            };
            self.bump();
            self.same_line("`=`")?;
            self.expect_punct("=")?;
            self.same_line("the value")?;
            let value = self.node(0)?;
            self.line_break()?;
            file.metadata.push((key, t.pos, value));
        }
        if self.peek().tok == Tok::Eof {
            return Ok(file);
        }
        if !self.at_word("namespace") {
            return Err(self.expected("`namespace`, `metadata` or the end of the file"));
        }
        self.bump();
        self.same_line("the namespace")?;
        let t = self.peek().clone();
        match &t.tok {
            Tok::Word(w) if super::is_namespace(w) => file.namespace = Some(w.clone()),
            _ => return Err(self.expected("a namespace")),
        }
        self.bump();
        self.line_break()?;
        while self.at_word("use") {
            self.bump();
            self.same_line("the shape id to use")?;
            let id = self.shape_id()?;
            if !id.text.contains('#') || id.text.contains('$') {
                return Err(SyntaxError::new(
                    id.pos,
                    "an absolute shape id without a member (`namespace#Name`)",
                    format!("`{}`", id.text),
                ));
            }
            self.line_break()?;
            file.uses.push(id);
        }
        loop {
            if self.peek().tok == Tok::Eof {
                return Ok(file);
            }
            if self.at_word("apply") {
                self.bump();
                self.same_line("the shape id to apply traits to")?;
                let target = self.shape_id()?;
                let traits = if self.at_punct("{") {
                    self.bump();
                    let t = self.traits()?;
                    self.expect_punct("}")?;
                    t.list
                } else if self.at_punct("@") {
                    vec![self.one_trait()?]
                } else {
                    return Err(self.expected("`@` or `{` after the apply target"));
                };
                self.line_break()?;
                file.applies.push(ApplyDef { target, traits });
                continue;
            }
            if matches!(self.peek().tok, Tok::Word(ref w) if w == "metadata" || w == "namespace" || w == "use")
            {
                return Err(self.expected("a shape or `apply` statement"));
            }
            let traits = self.traits()?;
            self.shape(traits, &mut file.shapes)?;
            self.line_break()?;
        }
    }

    /// Documentation (from the first token) and `@trait` applications.
    fn traits(&mut self) -> Result<Traits, SyntaxError> {
        let doc = self.peek().doc.clone();
        let mut list = Vec::new();
        while self.at_punct("@") {
            list.push(self.one_trait()?);
        }
        Ok(Traits { doc, list })
    }

    fn one_trait(&mut self) -> Result<TraitApp, SyntaxError> {
        self.expect_punct("@")?;
        let id = self.shape_id()?;
        if !self.at_punct("(") {
            return Ok(TraitApp { id, value: None });
        }
        self.bump();
        if self.at_punct(")") {
            self.bump();
            return Ok(TraitApp { id, value: None });
        }
        // `key: value` pairs make a structure; anything else is one node value.
        let is_struct = matches!(self.peek().tok, Tok::Word(_) | Tok::Str(_))
            && self.peek_tok(1) == Some(&Tok::Punct(":"));
        let value = if is_struct {
            Node::Object(self.object_entries(")", 1)?)
        } else {
            self.node(0)?
        };
        self.expect_punct(")")?;
        Ok(TraitApp {
            id,
            value: Some(value),
        })
    }

    /// `with [A, B]`. In a shape statement `with` must stay on the line of the shape's name
    /// (`same_line`); after `:=` it may start a new line.
    fn mixins(&mut self, same_line: bool) -> Result<Vec<IdRef>, SyntaxError> {
        if !self.at_word("with") || (same_line && !self.on_previous_line()) {
            return Ok(Vec::new());
        }
        self.bump();
        self.expect_punct("[")?;
        if self.at_punct("]") {
            return Err(self.expected("at least one mixin shape id"));
        }
        let mut out = Vec::new();
        while !self.at_punct("]") {
            out.push(self.shape_id()?);
        }
        self.bump();
        Ok(out)
    }

    /// Whether the current token starts on the line of the previous one.
    fn on_previous_line(&self) -> bool {
        let prev = self.tokens.get(self.at.wrapping_sub(1)).map(|t| t.pos.line);
        prev == Some(self.peek().pos.line)
    }

    /// The current token must be on the previous token's line (the grammar allows only spaces
    /// there, e.g. between `namespace` and its name, or around `=` in an assignment).
    fn same_line(&self, what: &str) -> Result<(), SyntaxError> {
        if self.on_previous_line() {
            Ok(())
        } else {
            Err(self.expected(&format!("{what} on the same line")))
        }
    }

    fn shape(&mut self, traits: Traits, shapes: &mut Vec<ShapeDef>) -> Result<(), SyntaxError> {
        let t = self.peek().clone();
        let kind = match &t.tok {
            Tok::Word(w) if SHAPE_KINDS.contains(&w.as_str()) => w.clone(),
            Tok::Word(w) if w == "apply" => {
                return Err(SyntaxError::new(
                    t.pos,
                    "a shape definition after traits",
                    "`apply` (traits cannot be applied to an apply statement)",
                ));
            }
            Tok::Word(w) if is_identifier(w) => {
                return Err(SyntaxError::new(
                    t.pos,
                    "a shape type (structure, string, list, ...)",
                    format!("unknown shape type `{w}`"),
                ));
            }
            _ => return Err(self.expected("a shape definition or `apply`")),
        };
        self.bump();
        self.same_line("the shape name")?;
        let (name, pos) = self.identifier("a shape name")?;
        let for_resource = if matches!(
            kind.as_str(),
            "structure" | "union" | "list" | "set" | "map"
        ) && self.at_word("for")
        {
            self.bump();
            Some(self.shape_id()?)
        } else {
            None
        };
        let mixins = self.mixins(true)?;
        let mut def = ShapeDef {
            kind: kind.clone(),
            name,
            pos,
            traits,
            mixins,
            for_resource,
            body: Body::None,
            inline: false,
        };
        def.body = match kind.as_str() {
            "structure" | "union" | "list" | "set" | "map" => Body::Members(self.members(&kind)?),
            "enum" | "intEnum" => Body::Members(self.members(&kind)?),
            "service" | "resource" => {
                self.expect_punct("{")?;
                let entries = self.object_entries("}", 1)?;
                self.bump();
                Body::Object(entries)
            }
            "operation" => self.operation(&def.name, shapes)?,
            _ => Body::None,
        };
        shapes.push(def);
        Ok(())
    }

    fn members(&mut self, kind: &str) -> Result<Vec<MemberDef>, SyntaxError> {
        self.expect_punct("{")?;
        let mut out: Vec<MemberDef> = Vec::new();
        let is_enum = kind == "enum" || kind == "intEnum";
        loop {
            let traits = self.traits()?;
            if self.at_punct("}") {
                if !traits.list.is_empty() {
                    return Err(self.expected("a member after its traits"));
                }
                self.bump();
                return Ok(out);
            }
            let t = self.peek().clone();
            let (name, target) = match &t.tok {
                Tok::Dollar(n) if !is_enum => {
                    self.bump();
                    (n.clone(), None)
                }
                Tok::Word(w) if is_identifier(w) => {
                    self.bump();
                    if is_enum {
                        (w.clone(), None)
                    } else {
                        self.expect_punct(":")?;
                        (w.clone(), Some(self.shape_id()?))
                    }
                }
                _ => return Err(self.expected("a member name or `}`")),
            };
            let value = if self.at_punct("=") {
                if kind == "union" || kind == "list" || kind == "set" || kind == "map" {
                    return Err(self.expected("a member (only structure members take defaults)"));
                }
                self.same_line("`=`")?;
                self.bump();
                self.same_line("the value")?;
                let value = self.node(0)?;
                self.line_break()?;
                Some(value)
            } else {
                None
            };
            if out.iter().any(|m| m.name == name) {
                return Err(SyntaxError::new(
                    t.pos,
                    "unique member names",
                    format!("a second member `{name}`"),
                ));
            }
            let allowed: &[&str] = match kind {
                "list" | "set" => &["member"],
                "map" => &["key", "value"],
                _ => &[],
            };
            if !allowed.is_empty() && !allowed.contains(&name.as_str()) {
                return Err(SyntaxError::new(
                    t.pos,
                    format!("{} member", allowed.join(" or ")),
                    format!("`{name}`"),
                ));
            }
            out.push(MemberDef {
                name,
                pos: t.pos,
                target,
                traits,
                value,
            });
        }
    }

    fn operation(&mut self, op: &str, shapes: &mut Vec<ShapeDef>) -> Result<Body, SyntaxError> {
        self.expect_punct("{")?;
        let (mut input, mut output, mut errors) = (None, None, None);
        loop {
            if self.at_punct("}") {
                self.bump();
                return Ok(Body::Operation {
                    input,
                    output,
                    errors,
                });
            }
            let (key, pos) = self.identifier("`input`, `output`, `errors` or `}`")?;
            let dup = match key.as_str() {
                "input" => input.is_some(),
                "output" => output.is_some(),
                "errors" => errors.is_some(),
                _ => {
                    return Err(SyntaxError::new(
                        pos,
                        "`input`, `output` or `errors`",
                        format!("`{key}`"),
                    ));
                }
            };
            if dup {
                return Err(SyntaxError::new(
                    pos,
                    "each operation property at most once",
                    format!("a second `{key}`"),
                ));
            }
            if key == "errors" {
                self.expect_punct(":")?;
                self.expect_punct("[")?;
                let mut list = Vec::new();
                while !self.at_punct("]") {
                    list.push(self.shape_id()?);
                }
                self.bump();
                errors = Some(list);
                continue;
            }
            let target = if self.at_punct(":=") {
                let at = self.peek().pos;
                self.bump();
                let suffix = if key == "input" {
                    &self.input_suffix
                } else {
                    &self.output_suffix
                };
                let name = format!("{op}{suffix}");
                let mut traits = self.traits()?;
                // The inline structure is marked @input / @output.
                traits.list.push(TraitApp {
                    id: IdRef {
                        text: format!("smithy.api#{key}"),
                        pos: at,
                    },
                    value: None,
                });
                // `for` and `with` in either order (Smithy's parser reads `with` first here).
                let mut mixins = self.mixins(false)?;
                let for_resource = if self.at_word("for") {
                    self.bump();
                    Some(self.shape_id()?)
                } else {
                    None
                };
                if mixins.is_empty() {
                    mixins = self.mixins(false)?;
                }
                let members = self.members("structure")?;
                shapes.push(ShapeDef {
                    kind: "structure".into(),
                    name: name.clone(),
                    pos: at,
                    traits,
                    mixins,
                    for_resource,
                    body: Body::Members(members),
                    inline: true,
                });
                IdRef {
                    text: name,
                    pos: at,
                }
            } else {
                self.expect_punct(":")?;
                self.shape_id()?
            };
            if key == "input" {
                input = Some(target);
            } else {
                output = Some(target);
            }
        }
    }
}
