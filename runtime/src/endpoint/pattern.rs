//! A deliberately small regular-expression matcher for partition `regionRegex` values.
//!
//! Partition data only ever uses anchors, literals, escapes such as `\-`, `\w` and `\d`,
//! alternation groups and `+`/`*`/`?`. Pulling in a full regex crate for that would add a
//! dependency to every generated client, so this module compiles the supported subset to a
//! Thompson NFA and runs it Pike-VM style: linear in the input, no backtracking and no
//! recursion on the input, so a hostile region string cannot blow the stack or take
//! exponential time. Matching is whole-string (like Java's `Matcher::matches`, which is what
//! the reference implementation uses), so `^`/`$` are accepted but not required.

use std::fmt;

/// Longest pattern accepted; partition regexes are a few dozen characters.
const MAX_PATTERN_LEN: usize = 1024;
/// Deepest group nesting accepted, so that parsing a pattern cannot exhaust the stack.
const MAX_GROUP_DEPTH: usize = 16;

/// A compiled pattern.
#[derive(Clone)]
pub(crate) struct Pattern {
    source: String,
    program: Vec<Inst>,
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

#[derive(Clone, Debug)]
enum ClassItem {
    Range(char, char),
    Digit,
    Word,
    Space,
}

#[derive(Clone, Debug)]
enum Matcher {
    Any,
    Set {
        negated: bool,
        items: Vec<ClassItem>,
    },
}

impl Matcher {
    fn literal(c: char) -> Matcher {
        Matcher::Set {
            negated: false,
            items: vec![ClassItem::Range(c, c)],
        }
    }

    fn single(item: ClassItem, negated: bool) -> Matcher {
        Matcher::Set {
            negated,
            items: vec![item],
        }
    }

    fn matches(&self, c: char) -> bool {
        match self {
            Matcher::Any => c != '\n',
            Matcher::Set { negated, items } => {
                let hit = items.iter().any(|item| match item {
                    ClassItem::Range(lo, hi) => (*lo..=*hi).contains(&c),
                    ClassItem::Digit => c.is_ascii_digit(),
                    ClassItem::Word => c.is_ascii_alphanumeric() || c == '_',
                    ClassItem::Space => c.is_ascii_whitespace(),
                });
                hit != *negated
            }
        }
    }
}

#[derive(Clone, Debug)]
enum Node {
    Empty,
    Char(Matcher),
    Start,
    End,
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Star(Box<Node>),
    Plus(Box<Node>),
    Quest(Box<Node>),
}

#[derive(Clone, Debug)]
enum Inst {
    Char(Matcher),
    Split(usize, usize),
    Jmp(usize),
    AssertStart,
    AssertEnd,
    Match,
}

impl Pattern {
    /// Compiles `source`, or explains which construct is unsupported.
    pub(crate) fn new(source: &str) -> Result<Pattern, String> {
        if source.len() > MAX_PATTERN_LEN {
            return Err(format!("pattern longer than {MAX_PATTERN_LEN} bytes"));
        }
        let chars: Vec<char> = source.chars().collect();
        let mut parser = Parser {
            chars: &chars,
            pos: 0,
            depth: 0,
        };
        let node = parser.alternation()?;
        if parser.pos != chars.len() {
            return Err(format!(
                "unexpected `{}` at offset {}",
                chars.get(parser.pos).copied().unwrap_or(' '),
                parser.pos
            ));
        }
        let mut program = Vec::new();
        compile(&node, &mut program);
        program.push(Inst::Match);
        Ok(Pattern {
            source: source.to_owned(),
            program,
        })
    }

    /// The pattern text as given.
    pub(crate) fn as_str(&self) -> &str {
        &self.source
    }

    /// True when the whole of `input` matches.
    pub(crate) fn is_match(&self, input: &str) -> bool {
        let chars: Vec<char> = input.chars().collect();
        let n = self.program.len();
        let mut current: Vec<usize> = Vec::with_capacity(n);
        let mut next: Vec<usize> = Vec::with_capacity(n);
        // `seen[pc] == generation` marks a state already added for the current step, which
        // both deduplicates threads and stops empty loops such as `(a*)*` from spinning.
        let mut seen: Vec<usize> = vec![usize::MAX; n];
        let mut stack: Vec<usize> = Vec::new();
        self.add_thread(0, 0, chars.len(), 0, &mut seen, &mut stack, &mut current);
        for (pos, &c) in chars.iter().enumerate() {
            if current.is_empty() {
                return false;
            }
            next.clear();
            let generation = pos + 1;
            for &pc in &current {
                if let Some(Inst::Char(m)) = self.program.get(pc)
                    && m.matches(c)
                {
                    self.add_thread(
                        pc + 1,
                        pos + 1,
                        chars.len(),
                        generation,
                        &mut seen,
                        &mut stack,
                        &mut next,
                    );
                }
            }
            std::mem::swap(&mut current, &mut next);
        }
        current
            .iter()
            .any(|&pc| matches!(self.program.get(pc), Some(Inst::Match)))
    }

    /// Adds `pc` and everything reachable from it without consuming input.
    // A private hot helper; bundling the scratch buffers into a struct would buy nothing.
    #[allow(clippy::too_many_arguments)]
    fn add_thread(
        &self,
        pc: usize,
        pos: usize,
        len: usize,
        generation: usize,
        seen: &mut [usize],
        stack: &mut Vec<usize>,
        out: &mut Vec<usize>,
    ) {
        stack.clear();
        stack.push(pc);
        while let Some(pc) = stack.pop() {
            let Some(mark) = seen.get_mut(pc) else {
                continue;
            };
            if *mark == generation {
                continue;
            }
            *mark = generation;
            match self.program.get(pc) {
                Some(Inst::Jmp(to)) => stack.push(*to),
                Some(Inst::Split(a, b)) => {
                    // Push in reverse so `a` is explored first; order does not affect the
                    // answer for whole-string matching, only which thread is recorded first.
                    stack.push(*b);
                    stack.push(*a);
                }
                Some(Inst::AssertStart) if pos == 0 => stack.push(pc + 1),
                Some(Inst::AssertEnd) if pos == len => stack.push(pc + 1),
                Some(Inst::Char(_)) | Some(Inst::Match) => out.push(pc),
                // A failed assertion ends the thread.
                Some(Inst::AssertStart) | Some(Inst::AssertEnd) | None => {}
            }
        }
    }
}

fn compile(node: &Node, prog: &mut Vec<Inst>) {
    match node {
        Node::Empty => {}
        Node::Char(m) => prog.push(Inst::Char(m.clone())),
        Node::Start => prog.push(Inst::AssertStart),
        Node::End => prog.push(Inst::AssertEnd),
        Node::Concat(parts) => parts.iter().for_each(|p| compile(p, prog)),
        Node::Alt(alts) => {
            // split L1, next; L1: alt0; jmp end; next: split L2, next2; ...
            let mut jumps = Vec::new();
            let count = alts.len();
            for (i, alt) in alts.iter().enumerate() {
                if i + 1 < count {
                    let split = prog.len();
                    prog.push(Inst::Split(split + 1, 0));
                    compile(alt, prog);
                    jumps.push(prog.len());
                    prog.push(Inst::Jmp(0));
                    let after = prog.len();
                    if let Some(Inst::Split(_, b)) = prog.get_mut(split) {
                        *b = after;
                    }
                } else {
                    compile(alt, prog);
                }
            }
            let end = prog.len();
            for j in jumps {
                if let Some(Inst::Jmp(to)) = prog.get_mut(j) {
                    *to = end;
                }
            }
        }
        Node::Star(inner) => {
            let split = prog.len();
            prog.push(Inst::Split(split + 1, 0));
            compile(inner, prog);
            prog.push(Inst::Jmp(split));
            let after = prog.len();
            if let Some(Inst::Split(_, b)) = prog.get_mut(split) {
                *b = after;
            }
        }
        Node::Plus(inner) => {
            let start = prog.len();
            compile(inner, prog);
            let after = prog.len() + 1;
            prog.push(Inst::Split(start, after));
        }
        Node::Quest(inner) => {
            let split = prog.len();
            prog.push(Inst::Split(split + 1, 0));
            compile(inner, prog);
            let after = prog.len();
            if let Some(Inst::Split(_, b)) = prog.get_mut(split) {
                *b = after;
            }
        }
    }
}

struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    fn alternation(&mut self) -> Result<Node, String> {
        let mut alts = vec![self.concat()?];
        while self.peek() == Some('|') {
            self.pos += 1;
            alts.push(self.concat()?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(alts)
        })
    }

    fn concat(&mut self) -> Result<Node, String> {
        let mut parts = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            parts.push(self.quantified(atom)?);
        }
        Ok(Node::Concat(parts))
    }

    fn quantified(&mut self, mut node: Node) -> Result<Node, String> {
        while let Some(c) = self.peek() {
            node = match c {
                '*' => Node::Star(Box::new(node)),
                '+' => Node::Plus(Box::new(node)),
                '?' => Node::Quest(Box::new(node)),
                '{' => return Err("counted repetition `{n,m}` is not supported".to_owned()),
                _ => break,
            };
            self.pos += 1;
        }
        Ok(node)
    }

    fn atom(&mut self) -> Result<Node, String> {
        let Some(c) = self.bump() else {
            return Err("unexpected end of pattern".to_owned());
        };
        match c {
            '(' => {
                self.depth += 1;
                if self.depth > MAX_GROUP_DEPTH {
                    return Err("groups nested too deeply".to_owned());
                }
                // Capturing is irrelevant for a yes/no match, so `(?:` is just a group.
                if self.peek() == Some('?') {
                    if self.chars.get(self.pos + 1) == Some(&':') {
                        self.pos += 2;
                    } else {
                        return Err("only `(?:` group modifiers are supported".to_owned());
                    }
                }
                let inner = self.alternation()?;
                if self.bump() != Some(')') {
                    return Err("unclosed `(`".to_owned());
                }
                self.depth -= 1;
                Ok(inner)
            }
            '[' => self.class(),
            '.' => Ok(Node::Char(Matcher::Any)),
            '^' => Ok(Node::Start),
            '$' => Ok(Node::End),
            '\\' => self.escape().map(Node::Char),
            '*' | '+' | '?' => Err(format!("nothing to repeat before `{c}`")),
            ')' => Err("unmatched `)`".to_owned()),
            other => Ok(Node::Char(Matcher::literal(other))),
        }
    }

    fn escape(&mut self) -> Result<Matcher, String> {
        let Some(c) = self.bump() else {
            return Err("dangling `\\`".to_owned());
        };
        Ok(match c {
            'd' => Matcher::single(ClassItem::Digit, false),
            'D' => Matcher::single(ClassItem::Digit, true),
            'w' => Matcher::single(ClassItem::Word, false),
            'W' => Matcher::single(ClassItem::Word, true),
            's' => Matcher::single(ClassItem::Space, false),
            'S' => Matcher::single(ClassItem::Space, true),
            'n' => Matcher::literal('\n'),
            't' => Matcher::literal('\t'),
            c if c.is_ascii_alphanumeric() => return Err(format!("unsupported escape `\\{c}`")),
            c => Matcher::literal(c),
        })
    }

    fn class(&mut self) -> Result<Node, String> {
        let mut negated = false;
        if self.peek() == Some('^') {
            negated = true;
            self.pos += 1;
        }
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let Some(c) = self.bump() else {
                return Err("unclosed `[`".to_owned());
            };
            if c == ']' && !first {
                break;
            }
            first = false;
            let lo = if c == '\\' {
                match self.escape()? {
                    Matcher::Set {
                        negated: false,
                        items: mut escaped,
                    } if escaped.len() == 1 => match escaped.pop() {
                        Some(ClassItem::Range(a, _)) => a,
                        Some(other) => {
                            items.push(other);
                            continue;
                        }
                        None => continue,
                    },
                    _ => return Err("negated escapes inside `[...]` are not supported".to_owned()),
                }
            } else {
                c
            };
            if self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|&n| n != ']') {
                self.pos += 1;
                let Some(mut hi) = self.bump() else {
                    return Err("unclosed `[`".to_owned());
                };
                if hi == '\\' {
                    match self.escape()? {
                        Matcher::Set {
                            negated: false,
                            items,
                        } => match items.as_slice() {
                            [ClassItem::Range(a, _)] => hi = *a,
                            _ => return Err("class escape cannot end a range".to_owned()),
                        },
                        Matcher::Set { .. } | Matcher::Any => {
                            return Err("class escape cannot end a range".to_owned());
                        }
                    }
                }
                if hi < lo {
                    return Err(format!("invalid range `{lo}-{hi}`"));
                }
                items.push(ClassItem::Range(lo, hi));
            } else {
                items.push(ClassItem::Range(lo, lo));
            }
        }
        Ok(Node::Char(Matcher::Set { negated, items }))
    }
}

#[cfg(test)]
mod tests {
    use super::Pattern;

    fn m(p: &str, s: &str) -> bool {
        Pattern::new(p).expect("pattern compiles").is_match(s)
    }

    #[test]
    fn partition_style_patterns() {
        let aws = r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$";
        assert!(m(aws, "us-east-1"));
        assert!(m(aws, "mx-central-1"));
        assert!(m(aws, "ap-southeast-12"));
        assert!(!m(aws, "us-gov-west-1"), "\\w does not match `-`");
        assert!(!m(aws, "cn-north-1"));
        assert!(!m(aws, "us-east-1x"));
        assert!(!m(aws, "xus-east-1"));
        assert!(!m(aws, ""));
        let gov = r"^us\-gov\-\w+\-\d+$";
        assert!(m(gov, "us-gov-west-1"));
        assert!(!m(gov, "us-gov-west"));
        let eusc = r"^eusc\-(de)\-\w+\-\d+$";
        assert!(m(eusc, "eusc-de-east-1"));
        assert!(!m(eusc, "eusc-fr-east-1"));
    }

    #[test]
    fn general_constructs() {
        assert!(m("a*b", "aaab"));
        assert!(m("a*b", "b"));
        assert!(m("(a|b)+c?", "abba"));
        assert!(m("(?:ab)+", "abab"));
        assert!(!m("(?:ab)+", "aba"));
        assert!(m("[a-c0-9_]+", "ab0_c"));
        assert!(!m("[^a-c]", "b"));
        assert!(m("x.z", "xyz"));
        assert!(m("(a*)*", "aaaa"));
        assert!(m("", ""));
        assert!(!m("", "a"));
        assert!(m("é+", "éé"), "non-ASCII literals are compared as chars");
    }

    #[test]
    fn rejects_unsupported_syntax_without_panicking() {
        for bad in ["a{2}", "(", ")", "[a-", "\\", "*a", "(?=a)", "\\p", "[z-a]"] {
            assert!(Pattern::new(bad).is_err(), "{bad} should be rejected");
        }
        let deep = "(".repeat(100) + &")".repeat(100);
        assert!(Pattern::new(&deep).is_err());
    }

    #[test]
    fn long_input_is_linear_and_safe() {
        let p = Pattern::new(r"^(us|eu)\-\w+\-\d+$").expect("compiles");
        let long = format!("us-{}-1", "a".repeat(200_000));
        assert!(p.is_match(&long));
        assert!(!p.is_match(&"a".repeat(200_000)));
    }
}
