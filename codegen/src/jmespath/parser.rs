//! A Pratt parser over the tokens of [`super::lexer`], with the binding powers of the JMESPath
//! grammar. Recursion is bounded twice: by the token cap of the lexer and by [`MAX_DEPTH`].

use super::ParseError;
use super::ast::{Ast, Cmp};
use super::lexer::{Tok, Token, tokenize};

/// Deepest nesting of sub-expressions the parser follows before giving up with an error.
pub const MAX_DEPTH: usize = 64;

/// Tokens whose binding power is below this end a projection's right-hand side.
const PROJECTION_STOP: u8 = 10;

/// Parses a whole expression.
pub fn parse(text: &str) -> Result<Ast, ParseError> {
    let tokens = tokenize(text)?;
    let mut p = Parser {
        tokens,
        pos: 0,
        depth: 0,
    };
    let ast = p.expression(0)?;
    match p.peek() {
        Tok::Eof => Ok(ast),
        other => Err(p.unexpected(other.clone())),
    }
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
}

fn binding_power(t: &Tok) -> u8 {
    match t {
        Tok::Pipe => 1,
        Tok::Or => 2,
        Tok::And => 3,
        Tok::Eq | Tok::Ne | Tok::Lt | Tok::Le | Tok::Gt | Tok::Ge => 5,
        Tok::Flatten => 9,
        Tok::Star => 20,
        Tok::Filter => 21,
        Tok::Dot => 40,
        Tok::Not => 45,
        Tok::LBrace => 50,
        Tok::LBracket => 55,
        Tok::LParen => 60,
        _ => 0,
    }
}

impl Parser {
    fn peek(&self) -> &Tok {
        self.peek_at(0)
    }

    fn peek_at(&self, n: usize) -> &Tok {
        self.tokens
            .get(self.pos + n)
            .or(self.tokens.last())
            .map_or(&Tok::Eof, |t| &t.kind)
    }

    fn at(&self) -> usize {
        self.tokens.get(self.pos).map_or(0, |t| t.at)
    }

    fn next(&mut self) -> Tok {
        let t = self.peek().clone();
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
        t
    }

    fn expect(&mut self, want: Tok, what: &str) -> Result<(), ParseError> {
        if *self.peek() == want {
            self.next();
            Ok(())
        } else {
            Err(ParseError::new(
                self.at(),
                format!("expected {what}, found {}", describe(self.peek())),
            ))
        }
    }

    fn unexpected(&self, t: Tok) -> ParseError {
        ParseError::new(self.at(), format!("unexpected {}", describe(&t)))
    }

    fn expression(&mut self, bp: u8) -> Result<Ast, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError::new(
                self.at(),
                format!("expression nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        let result = self.expression_inner(bp);
        self.depth -= 1;
        result
    }

    fn expression_inner(&mut self, bp: u8) -> Result<Ast, ParseError> {
        let start = self.at();
        let token = self.next();
        let mut left = self.nud(token, start)?;
        while bp < binding_power(self.peek()) {
            let token = self.next();
            left = self.led(token, left)?;
        }
        Ok(left)
    }

    fn nud(&mut self, token: Tok, start: usize) -> Result<Ast, ParseError> {
        Ok(match token {
            Tok::Literal(v) => Ast::Literal(v),
            Tok::Ident(name, quoted) => {
                if quoted && *self.peek() == Tok::LParen {
                    return Err(ParseError::new(
                        start,
                        "a quoted identifier cannot name a function",
                    ));
                }
                Ast::Field(name)
            }
            Tok::Star => {
                let right = if *self.peek() == Tok::RBracket {
                    Ast::Identity
                } else {
                    self.projection_rhs(binding_power(&Tok::Star))?
                };
                Ast::ValueProjection(Box::new(Ast::Identity), Box::new(right))
            }
            Tok::Filter => self.filter(Ast::Identity)?,
            Tok::LBrace => self.multi_hash()?,
            Tok::Flatten => {
                let left = Ast::Flatten(Box::new(Ast::Identity));
                let right = self.projection_rhs(binding_power(&Tok::Flatten))?;
                Ast::Projection(Box::new(left), Box::new(right))
            }
            Tok::LParen => {
                let e = self.expression(0)?;
                self.expect(Tok::RParen, "`)`")?;
                e
            }
            Tok::Not => Ast::Not(Box::new(self.expression(binding_power(&Tok::Not))?)),
            Tok::LBracket => match self.peek() {
                Tok::Number(_) | Tok::Colon => {
                    let index = self.index_expression()?;
                    self.project_if_slice(Ast::Identity, index)?
                }
                Tok::Star if *self.peek_at(1) == Tok::RBracket => {
                    self.next();
                    self.next();
                    let right = self.projection_rhs(binding_power(&Tok::Star))?;
                    Ast::Projection(Box::new(Ast::Identity), Box::new(right))
                }
                _ => self.multi_list()?,
            },
            Tok::At => Ast::Identity,
            Tok::Ampersand => Ast::ExpRef(Box::new(self.expression(0)?)),
            other => {
                return Err(ParseError::new(
                    start,
                    format!("unexpected {}", describe(&other)),
                ));
            }
        })
    }

    fn led(&mut self, token: Tok, left: Ast) -> Result<Ast, ParseError> {
        let bp = binding_power(&token);
        let b = Box::new;
        Ok(match token {
            Tok::Dot => {
                if *self.peek() == Tok::Star {
                    self.next();
                    let right = self.projection_rhs(bp)?;
                    Ast::ValueProjection(b(left), b(right))
                } else {
                    let right = self.dot_rhs(bp)?;
                    Ast::Subexpr(b(left), b(right))
                }
            }
            Tok::Pipe => Ast::Pipe(b(left), b(self.expression(bp)?)),
            Tok::Or => Ast::Or(b(left), b(self.expression(bp)?)),
            Tok::And => Ast::And(b(left), b(self.expression(bp)?)),
            Tok::LParen => {
                let Ast::Field(name) = left else {
                    return Err(ParseError::new(
                        self.at(),
                        "only a plain name can be called as a function",
                    ));
                };
                let mut args = Vec::new();
                while *self.peek() != Tok::RParen {
                    args.push(self.expression(0)?);
                    if *self.peek() == Tok::Comma {
                        self.next();
                    } else if *self.peek() != Tok::RParen {
                        return Err(self.unexpected(self.peek().clone()));
                    }
                }
                self.next();
                Ast::Function(name, args)
            }
            Tok::Filter => self.filter(left)?,
            Tok::Eq | Tok::Ne | Tok::Lt | Tok::Le | Tok::Gt | Tok::Ge => {
                let op = match token {
                    Tok::Eq => Cmp::Eq,
                    Tok::Ne => Cmp::Ne,
                    Tok::Lt => Cmp::Lt,
                    Tok::Le => Cmp::Le,
                    Tok::Gt => Cmp::Gt,
                    _ => Cmp::Ge,
                };
                Ast::Comparison(op, b(left), b(self.expression(bp)?))
            }
            Tok::Flatten => {
                let right = self.projection_rhs(bp)?;
                Ast::Projection(b(Ast::Flatten(b(left))), b(right))
            }
            Tok::LBracket => match self.peek() {
                Tok::Number(_) | Tok::Colon => {
                    let index = self.index_expression()?;
                    self.project_if_slice(left, index)?
                }
                _ => {
                    self.expect(Tok::Star, "`*`, a number or `:` after `[`")?;
                    self.expect(Tok::RBracket, "`]`")?;
                    let right = self.projection_rhs(binding_power(&Tok::Star))?;
                    Ast::Projection(b(left), b(right))
                }
            },
            other => return Err(self.unexpected(other)),
        })
    }

    /// `[?cond]` already consumed up to the condition.
    fn filter(&mut self, left: Ast) -> Result<Ast, ParseError> {
        let cond = self.expression(0)?;
        self.expect(Tok::RBracket, "`]` closing the filter")?;
        let right = if *self.peek() == Tok::Flatten {
            Ast::Identity
        } else {
            self.projection_rhs(binding_power(&Tok::Filter))?
        };
        Ok(Ast::FilterProjection(
            Box::new(left),
            Box::new(cond),
            Box::new(right),
        ))
    }

    fn project_if_slice(&mut self, left: Ast, index: Ast) -> Result<Ast, ParseError> {
        let is_slice = matches!(index, Ast::Slice(..));
        let indexed = Ast::Subexpr(Box::new(left), Box::new(index));
        if is_slice {
            let right = self.projection_rhs(binding_power(&Tok::Star))?;
            Ok(Ast::Projection(Box::new(indexed), Box::new(right)))
        } else {
            Ok(indexed)
        }
    }

    /// `n]` or `start:stop:step]` after a `[`.
    fn index_expression(&mut self) -> Result<Ast, ParseError> {
        if *self.peek_at(1) != Tok::Colon && *self.peek() != Tok::Colon {
            let Tok::Number(n) = self.next() else {
                return Err(ParseError::new(self.at(), "expected an index"));
            };
            self.expect(Tok::RBracket, "`]`")?;
            return Ok(Ast::Index(n));
        }
        let mut parts = [None, None, None];
        let mut i = 0;
        loop {
            match self.peek().clone() {
                Tok::RBracket => {
                    self.next();
                    break;
                }
                Tok::Colon if i < 2 => {
                    self.next();
                    i += 1;
                }
                Tok::Number(n) if parts[i].is_none() => {
                    self.next();
                    parts[i] = Some(n);
                }
                other => return Err(self.unexpected(other)),
            }
        }
        if parts[2] == Some(0) {
            return Err(ParseError::new(self.at(), "a slice step cannot be 0"));
        }
        Ok(Ast::Slice(parts[0], parts[1], parts[2]))
    }

    fn projection_rhs(&mut self, bp: u8) -> Result<Ast, ParseError> {
        let next = self.peek().clone();
        if binding_power(&next) < PROJECTION_STOP {
            return Ok(Ast::Identity);
        }
        match next {
            Tok::LBracket | Tok::Filter => self.expression(bp),
            Tok::Dot => {
                self.next();
                self.dot_rhs(bp)
            }
            other => Err(self.unexpected(other)),
        }
    }

    fn dot_rhs(&mut self, bp: u8) -> Result<Ast, ParseError> {
        match self.peek() {
            Tok::Ident(..) | Tok::Star => self.expression(bp),
            Tok::LBracket => {
                self.next();
                self.multi_list()
            }
            Tok::LBrace => {
                self.next();
                self.multi_hash()
            }
            other => Err(ParseError::new(
                self.at(),
                format!(
                    "expected a name, `*`, `[` or `{{` after `.`, found {}",
                    describe(other)
                ),
            )),
        }
    }

    /// `a, b]` after a `[`.
    fn multi_list(&mut self) -> Result<Ast, ParseError> {
        let mut items = Vec::new();
        loop {
            items.push(self.expression(0)?);
            match self.next() {
                Tok::Comma => continue,
                Tok::RBracket => break,
                other => return Err(self.unexpected(other)),
            }
        }
        Ok(Ast::MultiList(items))
    }

    /// `k: a, j: b}` after a `{`.
    fn multi_hash(&mut self) -> Result<Ast, ParseError> {
        let mut pairs = Vec::new();
        loop {
            let Tok::Ident(key, _) = self.next() else {
                return Err(ParseError::new(self.at(), "expected a key name in `{...}`"));
            };
            self.expect(Tok::Colon, "`:`")?;
            pairs.push((key, self.expression(0)?));
            match self.next() {
                Tok::Comma => continue,
                Tok::RBrace => break,
                other => return Err(self.unexpected(other)),
            }
        }
        Ok(Ast::MultiHash(pairs))
    }
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Ident(name, _) => format!("name `{name}`"),
        Tok::Number(n) => format!("number `{n}`"),
        Tok::Literal(v) => format!("literal `{v}`"),
        Tok::Eof => "end of expression".into(),
        other => format!("`{}`", symbol(other)),
    }
}

fn symbol(t: &Tok) -> &'static str {
    match t {
        Tok::Dot => ".",
        Tok::Star => "*",
        Tok::Flatten => "[]",
        Tok::Filter => "[?",
        Tok::LBracket => "[",
        Tok::RBracket => "]",
        Tok::LBrace => "{",
        Tok::RBrace => "}",
        Tok::LParen => "(",
        Tok::RParen => ")",
        Tok::Comma => ",",
        Tok::Colon => ":",
        Tok::Pipe => "|",
        Tok::Or => "||",
        Tok::And => "&&",
        Tok::Ampersand => "&",
        Tok::Not => "!",
        Tok::Eq => "==",
        Tok::Ne => "!=",
        Tok::Lt => "<",
        Tok::Le => "<=",
        Tok::Gt => ">",
        Tok::Ge => ">=",
        Tok::At => "@",
        _ => "?",
    }
}
