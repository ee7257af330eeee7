//! A look at the source text of a project file that the RON parser does not give: the exact
//! spelling of every number (RON reads `0x10`, `0b1`, `1_000` and `+1` as integers before any
//! of our code sees them), and where a value is (for errors found after parsing: a year of
//! 1989, a paragraph too long), as line and column.
//!
//! The scanner knows RON's lexical shape: strings (with escapes), raw strings `r#"…"#`, char
//! literals, line and (nested) block comments, identifiers, numbers and brackets. It never
//! recurses and is linear in the text.

use crate::model::number::excerpt;

/// A place in the text: 1-based line and column (characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// One step of a path to a value: a field of a structure, or an element of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'a> {
    /// `name: value`.
    Key(&'a str),
    /// The n-th element (0-based) of a list or of a tuple's contents.
    Index(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok<'a> {
    Ident(&'a str),
    Number(&'a str),
    Str,
    Open(u8),
    Close,
    Comma,
    Colon,
    Other,
}

struct Lexer<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    line: usize,
    line_start: usize,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, b: text.as_bytes(), i: 0, line: 1, line_start: 0 }
    }

    fn place(&self, at: usize) -> Place {
        let column = self.text.get(self.line_start..at).map_or(1, |s| s.chars().count() + 1);
        Place { line: self.line, column }
    }

    /// Moves past byte `at`, counting lines.
    fn advance_to(&mut self, to: usize) {
        let to = to.min(self.b.len());
        for (k, &c) in self.b[self.i..to].iter().enumerate() {
            if c == b'\n' {
                self.line += 1;
                self.line_start = self.i + k + 1;
            }
        }
        self.i = to;
    }

    fn find_from(&self, from: usize, pred: impl Fn(u8) -> bool) -> usize {
        self.b[from.min(self.b.len())..].iter().position(|&c| pred(c)).map_or(self.b.len(), |p| from + p)
    }

    /// The end of a quoted string starting at `start` (on the quote), past the closing quote.
    fn string_end(&self, start: usize, quote: u8) -> usize {
        let mut j = start + 1;
        while j < self.b.len() {
            match self.b[j] {
                b'\\' => j += 2,
                c if c == quote => return j + 1,
                _ => j += 1,
            }
        }
        self.b.len()
    }

    /// The next token and where it starts; `None` at the end.
    fn next(&mut self) -> Option<(Tok<'a>, usize)> {
        loop {
            let start = self.find_from(self.i, |c| !c.is_ascii_whitespace());
            self.advance_to(start);
            let b = self.b;
            let &c = b.get(start)?;
            let peek = |k: usize| b.get(start + k).copied().unwrap_or(0);
            if c == b'/' && peek(1) == b'/' {
                let end = self.find_from(start, |c| c == b'\n');
                self.advance_to(end);
                continue;
            }
            if c == b'/' && peek(1) == b'*' {
                let (mut j, mut depth) = (start + 2, 1usize);
                while j < b.len() && depth > 0 {
                    if b[j] == b'/' && b.get(j + 1) == Some(&b'*') {
                        depth += 1;
                        j += 2;
                    } else if b[j] == b'*' && b.get(j + 1) == Some(&b'/') {
                        depth -= 1;
                        j += 2;
                    } else {
                        j += 1;
                    }
                }
                self.advance_to(j);
                continue;
            }
            let (tok, end) = match c {
                b'"' => (Tok::Str, self.string_end(start, b'"')),
                b'\'' => (Tok::Str, self.string_end(start, b'\'')),
                b'r' if peek(1) == b'"' || (peek(1) == b'#' && matches!(peek(2), b'"' | b'#')) => {
                    // A raw string: r##"…"## (closed by a quote and as many hashes).
                    let hashes = b[start + 1..].iter().take_while(|&&c| c == b'#').count();
                    let body = start + 1 + hashes + 1;
                    let mut close = b"\"".to_vec();
                    close.extend(std::iter::repeat_n(b'#', hashes));
                    let end = b[body.min(b.len())..]
                        .windows(close.len())
                        .position(|w| w == close.as_slice())
                        .map_or(b.len(), |p| body + p + close.len());
                    (Tok::Str, end)
                }
                b'b' if peek(1) == b'"' => (Tok::Str, self.string_end(start + 1, b'"')),
                c if c.is_ascii_alphabetic() || c == b'_' || (c == b'r' && peek(1) == b'#') => {
                    let from = if c == b'r' && peek(1) == b'#' { start + 2 } else { start };
                    let end = self.find_from(from, |c| !(c.is_ascii_alphanumeric() || c == b'_'));
                    (Tok::Ident(&self.text[start..end]), end)
                }
                c if c.is_ascii_digit() || (matches!(c, b'+' | b'-' | b'.') && peek(1).is_ascii_digit()) => {
                    let mut j = start + 1;
                    while j < b.len() {
                        let d = b[j];
                        let exp_sign = matches!(d, b'+' | b'-') && matches!(b[j - 1], b'e' | b'E');
                        if d.is_ascii_alphanumeric() || d == b'_' || d == b'.' || exp_sign {
                            j += 1;
                        } else {
                            break;
                        }
                    }
                    (Tok::Number(&self.text[start..j]), j)
                }
                b'(' | b'[' | b'{' => (Tok::Open(c), start + 1),
                b')' | b']' | b'}' => (Tok::Close, start + 1),
                b',' => (Tok::Comma, start + 1),
                b':' => (Tok::Colon, start + 1),
                _ => {
                    // One character (a whole UTF-8 sequence).
                    let len = self.text[start..].chars().next().map_or(1, char::len_utf8);
                    (Tok::Other, start + len)
                }
            };
            self.advance_to(end);
            return Some((tok, start));
        }
    }
}

/// A number written otherwise than as plain decimal digits, with its place: the project file
/// holds what nianbao wrote, and `0x10`, `1_000`, `+1`, `-0` or `1e3` are not that.
pub fn bad_number(text: &str) -> Option<(Place, String)> {
    let mut lx = Lexer::new(text);
    while let Some((tok, at)) = lx.next() {
        if let Tok::Number(n) = tok
            && !n.bytes().all(|b| b.is_ascii_digit())
        {
            // A number has no line break: the lexer is still on its line.
            let place = lx.place(at);
            return Some((
                place,
                format!(
                    "数字“{}”的写法不被接受：项目文件中的数只能由 0–9 组成（不带正负号、小数点、下划线或十六进制写法；收费金额写成字符串，如 \"12.5\"）",
                    excerpt(n, 24)
                ),
            ));
        }
    }
    None
}

/// Where the value at `path` starts (its first token), if the text has it.
pub fn locate(text: &str, path: &[Step<'_>]) -> Option<Place> {
    let mut lx = Lexer::new(text);
    // The top-level value: the report's structure.
    let (mut tok, mut at) = lx.next()?;
    // `#![enable(…)]` attributes come first.
    while tok == Tok::Other && text[at..].starts_with('#') {
        let mut depth = 0usize;
        loop {
            let (t, _) = lx.next()?;
            match t {
                Tok::Open(_) => depth += 1,
                Tok::Close => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
        (tok, at) = lx.next()?;
    }
    for step in path {
        // Skip a structure or variant name before its bracket.
        if let Tok::Ident(_) = tok {
            let (t, a) = lx.next()?;
            if !matches!(t, Tok::Open(_)) {
                return None;
            }
            tok = t;
            let _ = a;
        }
        if !matches!(tok, Tok::Open(_)) {
            return None;
        }
        (tok, at) = find_in_container(&mut lx, *step)?;
    }
    let line_start = text[..at].rfind('\n').map_or(0, |p| p + 1);
    let line = text[..at].bytes().filter(|&b| b == b'\n').count() + 1;
    Some(Place { line, column: text[line_start..at].chars().count() + 1 })
}

/// Inside an open bracket (just consumed): the first token of the value that `step` names.
fn find_in_container<'a>(lx: &mut Lexer<'a>, step: Step<'_>) -> Option<(Tok<'a>, usize)> {
    let mut index = 0usize;
    let mut depth = 0usize;
    let mut at_value_start = true;
    let mut prev_ident: Option<&str> = None;
    loop {
        let (tok, at) = lx.next()?;
        if depth == 0 {
            match (step, tok) {
                (_, Tok::Close) => return None,
                (Step::Index(n), _) if at_value_start && index == n && tok != Tok::Comma => return Some((tok, at)),
                (Step::Key(k), Tok::Colon) if prev_ident == Some(k) => return lx.next(),
                _ => {}
            }
            at_value_start = false;
            prev_ident = if let Tok::Ident(s) = tok { Some(s) } else { None };
            match tok {
                Tok::Comma => {
                    index += 1;
                    at_value_start = true;
                }
                Tok::Open(_) => depth += 1,
                _ => {}
            }
        } else {
            match tok {
                Tok::Open(_) => depth += 1,
                Tok::Close => depth -= 1,
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "#![enable(implicit_some)]\n// 注释 (\n(\n    year: 1989,\n    preamble: [\"甲\", r#\"乙\"#, \"丙)\"],\n    sections: [\n        (heading: \"一\", blocks: [Para(\"a\"), Sub(\"b\")]),\n        (heading: \"二\", blocks: [])\n    ],\n)\n";

    #[test]
    fn values_are_found_by_their_path() {
        let at = |path: &[Step<'_>]| locate(TEXT, path).map(|p| (p.line, p.column));
        assert_eq!(at(&[Step::Key("year")]), Some((4, 11)));
        assert_eq!(at(&[Step::Key("preamble"), Step::Index(2)]), Some((5, 29)));
        assert_eq!(at(&[Step::Key("sections"), Step::Index(1), Step::Key("heading")]), Some((8, 19)));
        assert_eq!(at(&[Step::Key("sections"), Step::Index(0), Step::Key("blocks"), Step::Index(1)]), Some((7, 44)));
        assert_eq!(at(&[Step::Key("title")]), None);
        assert_eq!(at(&[Step::Key("sections"), Step::Index(5)]), None);
    }

    #[test]
    fn numbers_must_be_plain_digits_but_identifiers_and_strings_are_not_numbers() {
        assert_eq!(bad_number("(a: 10, R3_1: (x: 0), s: \"0x10\", c: '1', r#\"-1\"#, /* +1 */ // 1_0\n)"), None);
        for (text, col) in
            [("(a: 0x10)", 5), ("(a: 1_000)", 5), ("(a: +1)", 5), ("(a: -0)", 5), ("(a: 1.5)", 5), ("(a: 0b1)", 5)]
        {
            let (place, msg) = bad_number(text).expect(text);
            assert_eq!((place.line, place.column), (1, col), "{text}");
            assert!(msg.contains("0–9"), "{msg}");
        }
        let (place, _) = bad_number("(\n  中文: \"x\",\n  b: 1e3,\n)").expect("1e3");
        assert_eq!((place.line, place.column), (3, 6));
    }
}
