//! A RON value tree that keeps enum and variant names (RON's own `Value` drops them), with
//! the byte offset of every value, so patches can edit content of any type and problems can
//! be located in the mod file that caused them.

use std::fmt;

/// One RON value and where it starts in its text.
#[derive(Debug, Clone)]
pub struct Node {
    pub at: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub enum Kind {
    /// A number, string, boolean, char or unit variant, as written.
    Atom(String),
    /// `Name(a, b)` or `(a, b)`.
    Tuple(Option<String>, Vec<Node>),
    /// `Name(field: v)` or `(field: v)`.
    Struct(Option<String>, Vec<(String, Node)>),
    List(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    pub fn new(kind: Kind) -> Node {
        Node { at: 0, kind }
    }

    /// `Some(x)` stands for `x` (content is read with implicit `Some`).
    pub fn unwrap_some(&self) -> &Node {
        match &self.kind {
            Kind::Tuple(Some(n), items) if n == "Some" && items.len() == 1 => &items[0],
            _ => self,
        }
    }

    /// The text of a string atom, without its quotes.
    pub fn as_str(&self) -> Option<&str> {
        match &self.unwrap_some().kind {
            Kind::Atom(a) if a.len() >= 2 && a.starts_with('"') && a.ends_with('"') => {
                Some(&a[1..a.len() - 1])
            }
            _ => None,
        }
    }

    /// The value of a numeric atom.
    pub fn as_number(&self) -> Option<f64> {
        match &self.unwrap_some().kind {
            Kind::Atom(a) => a.parse().ok(),
            _ => None,
        }
    }

    /// The key naming an element of a list: its `id`, `good` or `dimension` field, or its
    /// first item when it is a tuple (a bond's first member).
    pub fn key(&self) -> Option<&str> {
        match &self.kind {
            Kind::Struct(_, fields) => ["id", "good", "dimension"].iter().find_map(|k| {
                fields
                    .iter()
                    .find(|(f, _)| f == k)
                    .and_then(|(_, v)| v.as_str())
            }),
            _ => self.as_str(),
        }
    }

    /// Structural equality, ignoring offsets, `Some(…)` wrappers and how numbers are written.
    pub fn same(&self, other: &Node) -> bool {
        let (a, b) = (self.unwrap_some(), other.unwrap_some());
        match (&a.kind, &b.kind) {
            (Kind::Atom(x), Kind::Atom(y)) => {
                x == y || matches!((x.parse::<f64>(), y.parse::<f64>()), (Ok(p), Ok(q)) if p == q)
            }
            (Kind::Tuple(n, xs), Kind::Tuple(m, ys)) => {
                n == m && xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| x.same(y))
            }
            (Kind::Struct(n, xs), Kind::Struct(m, ys)) => {
                n == m
                    && xs.len() == ys.len()
                    && xs
                        .iter()
                        .all(|(f, x)| ys.iter().any(|(g, y)| f == g && x.same(y)))
            }
            (Kind::List(xs), Kind::List(ys)) => {
                xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| x.same(y))
            }
            (Kind::Map(xs), Kind::Map(ys)) => {
                xs.len() == ys.len()
                    && xs
                        .iter()
                        .all(|(k, x)| ys.iter().any(|(l, y)| k.same(l) && x.same(y)))
            }
            _ => false,
        }
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn list<T>(
            f: &mut fmt::Formatter<'_>,
            items: &[T],
            mut one: impl FnMut(&mut fmt::Formatter<'_>, &T) -> fmt::Result,
        ) -> fmt::Result {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                one(f, item)?;
            }
            Ok(())
        }
        match &self.kind {
            Kind::Atom(a) => f.write_str(a),
            Kind::Tuple(name, items) => {
                write!(f, "{}(", name.as_deref().unwrap_or(""))?;
                list(f, items, |f, n| write!(f, "{n}"))?;
                f.write_str(")")
            }
            Kind::Struct(name, fields) => {
                write!(f, "{}(", name.as_deref().unwrap_or(""))?;
                list(f, fields, |f, (k, v)| write!(f, "{k}: {v}"))?;
                f.write_str(")")
            }
            Kind::List(items) => {
                f.write_str("[")?;
                list(f, items, |f, n| write!(f, "{n}"))?;
                f.write_str("]")
            }
            Kind::Map(entries) => {
                f.write_str("{")?;
                list(f, entries, |f, (k, v)| write!(f, "{k}: {v}"))?;
                f.write_str("}")
            }
        }
    }
}

/// Parse RON text into a tree; the error is a byte offset and what was expected there.
pub fn parse(text: &str) -> Result<Node, (usize, String)> {
    let mut p = Parser { text, pos: 0 };
    let node = p.value()?;
    p.skip();
    if p.pos < text.len() {
        return Err((p.pos, "expected the end of the value".into()));
    }
    Ok(node)
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// Skip whitespace and comments.
    fn skip(&mut self) {
        loop {
            let r = self.rest();
            let trimmed = r.trim_start();
            let ws = r.len() - trimmed.len();
            let comment = if trimmed.starts_with("//") {
                trimmed.find('\n').unwrap_or(trimmed.len())
            } else if trimmed.starts_with("/*") {
                trimmed.find("*/").map_or(trimmed.len(), |i| i + 2)
            } else {
                0
            };
            self.pos += ws + comment;
            if comment == 0 {
                return;
            }
        }
    }

    fn expect(&mut self, c: char) -> Result<(), (usize, String)> {
        self.skip();
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            Ok(())
        } else {
            Err((self.pos, format!("expected `{c}`")))
        }
    }

    /// Comma-separated items up to `close`, a trailing comma allowed.
    fn items<T>(
        &mut self,
        close: char,
        mut item: impl FnMut(&mut Self) -> Result<T, (usize, String)>,
    ) -> Result<Vec<T>, (usize, String)> {
        let mut out = Vec::new();
        loop {
            self.skip();
            if self.peek() == Some(close) {
                self.pos += 1;
                return Ok(out);
            }
            out.push(item(self)?);
            self.skip();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(c) if c == close => {}
                _ => return Err((self.pos, format!("expected `,` or `{close}`"))),
            }
        }
    }

    fn ident(&mut self) -> &str {
        let start = self.pos;
        let len = self
            .rest()
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(self.rest().len());
        self.pos += len;
        &self.text[start..self.pos]
    }

    /// After `(`: a struct when the first item is `name:`, otherwise a tuple.
    fn group(&mut self, name: Option<String>, at: usize) -> Result<Node, (usize, String)> {
        self.skip();
        let save = self.pos;
        let first = self.ident().to_string();
        self.skip();
        let is_struct =
            !first.is_empty() && self.peek() == Some(':') && !self.rest().starts_with("::");
        self.pos = save;
        let kind = if is_struct {
            Kind::Struct(
                name,
                self.items(')', |p| {
                    p.skip();
                    let field = p.ident().to_string();
                    if field.is_empty() {
                        return Err((p.pos, "expected a field name".into()));
                    }
                    p.expect(':')?;
                    Ok((field, p.value()?))
                })?,
            )
        } else {
            Kind::Tuple(name, self.items(')', Self::value)?)
        };
        Ok(Node { at, kind })
    }

    fn value(&mut self) -> Result<Node, (usize, String)> {
        self.skip();
        let at = self.pos;
        let atom = |p: &mut Self, len: usize| {
            p.pos += len;
            Ok(Node {
                at,
                kind: Kind::Atom(p.text[at..p.pos].to_string()),
            })
        };
        match self.peek() {
            None => Err((at, "expected a value".into())),
            Some('[') => {
                self.pos += 1;
                let items = self.items(']', Self::value)?;
                Ok(Node {
                    at,
                    kind: Kind::List(items),
                })
            }
            Some('{') => {
                self.pos += 1;
                let entries = self.items('}', |p| {
                    let k = p.value()?;
                    p.expect(':')?;
                    Ok((k, p.value()?))
                })?;
                Ok(Node {
                    at,
                    kind: Kind::Map(entries),
                })
            }
            Some('(') => {
                self.pos += 1;
                self.group(None, at)
            }
            Some('"') => match string_len(self.rest()) {
                Some(len) => atom(self, len),
                None => Err((at, "this string is not closed".into())),
            },
            Some('r') if self.rest()[1..].starts_with(['"', '#']) => {
                let hashes = self.rest()[1..].chars().take_while(|&c| c == '#').count();
                let close = format!("\"{}", "#".repeat(hashes));
                let open = 2 + hashes;
                match self.rest().get(open..).and_then(|r| r.find(&close)) {
                    Some(i) => atom(self, open + i + close.len()),
                    None => Err((at, "this raw string is not closed".into())),
                }
            }
            Some('\'') => {
                let len = self.rest()[1..].find('\'').map_or(1, |i| i + 2);
                atom(self, len)
            }
            Some(c) if c.is_alphabetic() || c == '_' => {
                let name = self.ident().to_string();
                self.skip();
                if self.peek() == Some('(') {
                    self.pos += 1;
                    self.group(Some(name), at)
                } else {
                    Ok(Node {
                        at,
                        kind: Kind::Atom(name),
                    })
                }
            }
            Some(_) => {
                let len = self
                    .rest()
                    .find(|c: char| c.is_whitespace() || ",)]}:".contains(c))
                    .unwrap_or(self.rest().len());
                if len == 0 {
                    return Err((at, "expected a value".into()));
                }
                atom(self, len)
            }
        }
    }
}

/// Length of the string literal `s` starts with (quotes included), if it is closed.
fn string_len(s: &str) -> Option<usize> {
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => return Some(i + 1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_names_and_round_trips() {
        let text = r#"[Business("priya"), (a: 1, b: [Low]), {"x": 2.5}, Some(3), All([Not(VenueOpen("g"))]), ()]"#;
        let n = parse(text).unwrap();
        assert_eq!(n.to_string(), text);
        let Kind::List(items) = &n.kind else {
            panic!("a list")
        };
        assert_eq!(items[1].at, 20);
        assert!(items[3].same(&parse("3.0").unwrap()));
    }

    #[test]
    fn comments_and_errors_are_located() {
        let n = parse("// c\n( id: \"a\", /* x */ n: 2, )").unwrap();
        assert_eq!(n.key(), Some("a"));
        assert_eq!(parse("[1, 2").unwrap_err().0, 5);
        assert_eq!(parse("(a: \"open)").unwrap_err().0, 4);
    }
}
