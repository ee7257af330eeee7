//! Chinese line breaking: characters with their fonts and advances, and where lines may end.
//!
//! A line may break between any two CJK characters. Runs of Latin letters and digits (a phone
//! number, “12.5%”) stay whole. The line-start and line-end prohibitions of Chinese typesetting
//! hold: no line starts with a closing mark such as ，。、；：？！）》”, none ends with an opening
//! mark such as （《“, and a two-em dash or ellipsis is never split.

use super::fonts::{FontSet, Role};
use super::units::{Mm, Pt};

/// A character with the face that draws it and its advance.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Glyph {
    /// The character.
    pub ch: char,
    /// The role whose face draws it: the requested role, or [`Role::Fallback`].
    pub face: Role,
    /// Advance, tracking included.
    pub advance: Mm,
}

/// Characters that may not begin a line (行首禁则).
pub fn no_line_start(c: char) -> bool {
    "，。、；：？！）】》」』”’〕〉〗…—·％‰,.;:?!)]}%'\"～~-".contains(c)
}

/// Characters that may not end a line (行尾禁则).
pub fn no_line_end(c: char) -> bool {
    "（【《「『“‘〔〈〖([{".contains(c)
}

/// Characters that belong to an unbreakable Latin or number run.
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || ('０'..='９').contains(&c)
        || matches!(c, '.' | ',' | '%' | '-' | '/' | ':' | '_' | '@' | '+' | '#' | '&' | '\'')
}

/// Whether a line may break before `g[b]`.
pub fn may_break_before(g: &[Glyph], b: usize) -> bool {
    if b == 0 || b >= g.len() {
        return true;
    }
    let (prev, next) = (g[b - 1].ch, g[b].ch);
    if no_line_start(next) || no_line_end(prev) {
        return false;
    }
    if is_word(prev) && is_word(next) {
        return false;
    }
    !(prev == next && matches!(prev, '—' | '…' | '·'))
}

/// Characters of a text with their faces. Characters that neither the role's face nor the
/// fallback face can draw are returned separately (and left out).
pub fn shape(fonts: &FontSet, role: Role, size: Pt, tracking: Mm, text: &str) -> (Vec<Glyph>, Vec<char>) {
    let em = size.mm();
    let primary = fonts.face(role);
    let mut out = Vec::with_capacity(text.len() / 3 + 1);
    let mut missing = Vec::new();
    for ch in text.chars() {
        if ch == '\n' || ch == '\r' {
            continue;
        }
        let ch = if ch == '\t' || ch == '\u{a0}' { ' ' } else { ch };
        let found = primary.and_then(|f| f.advance_em(ch).map(|a| (role, a))).or_else(|| {
            if role == Role::Fallback {
                return None;
            }
            fonts.face(Role::Fallback).and_then(|f| f.advance_em(ch).map(|a| (Role::Fallback, a)))
        });
        match found {
            Some((face, adv)) => {
                let full_width = adv >= 0.9;
                out.push(Glyph { ch, face, advance: em * adv + if full_width { tracking } else { Mm::ZERO } });
            }
            None if ch == ' ' => out.push(Glyph { ch, face: role, advance: em / 3.0 }),
            None => missing.push(ch),
        }
    }
    (out, missing)
}

/// One line: glyphs `start..end`, their natural width.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LineSpan {
    /// First glyph.
    pub start: usize,
    /// One past the last glyph.
    pub end: usize,
    /// Natural width (without trailing spaces).
    pub width: Mm,
}

fn width(g: &[Glyph]) -> Mm {
    let trimmed = g.iter().rposition(|x| x.ch != ' ').map_or(0, |i| i + 1);
    g[..trimmed].iter().map(|x| x.advance).sum()
}

/// Breaks glyphs into lines: the first line is `first` wide, the others `rest`.
pub fn break_lines(g: &[Glyph], first: Mm, rest: Mm) -> Vec<LineSpan> {
    let mut lines = Vec::new();
    let mut s = 0;
    let n = g.len();
    while s < n {
        while s < n && g[s].ch == ' ' && !lines.is_empty() {
            s += 1;
        }
        if s >= n {
            break;
        }
        let avail = if lines.is_empty() { first } else { rest };
        let mut w = Mm::ZERO;
        let mut e = s;
        while e < n && (w + g[e].advance <= avail + Mm(0.01) || g[e].ch == ' ') {
            w += g[e].advance;
            e += 1;
        }
        if e >= n {
            lines.push(LineSpan { start: s, end: n, width: width(&g[s..n]) });
            break;
        }
        let mut b = e;
        while b > s && !may_break_before(g, b) {
            b -= 1;
        }
        if b == s {
            // No legal break inside the width (a very long number): break where it overflows.
            b = e.max(s + 1);
        }
        lines.push(LineSpan { start: s, end: b, width: width(&g[s..b]) });
        s = b;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(s: &str) -> Vec<Glyph> {
        s.chars().map(|ch| Glyph { ch, face: Role::Body, advance: Mm(if ch.is_ascii() { 0.5 } else { 1.0 }) }).collect()
    }

    fn lines(s: &str, w: f32) -> Vec<String> {
        let g = glyphs(s);
        break_lines(&g, Mm(w), Mm(w)).iter().map(|l| g[l.start..l.end].iter().map(|x| x.ch).collect()).collect()
    }

    #[test]
    fn breaks_between_ideographs() {
        assert_eq!(lines("政府信息公开工作", 3.0), ["政府信", "息公开", "工作"]);
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        // “，” would start line 2: “开” moves down with it.
        let l = lines("政府信息公开，工作", 6.0);
        assert_eq!(l, ["政府信息公", "开，工作"]);
        for line in lines("本年度，我镇没有受理申请。一年来，我镇严格按照规定公开政务信息。", 5.0)
        {
            assert!(!line.starts_with(no_line_start), "{line}");
        }
    }

    #[test]
    fn no_line_ends_with_opening_punctuation() {
        let l = lines("依据《条例》编制", 3.0);
        for line in &l {
            assert!(!line.ends_with(no_line_end), "{l:?}");
        }
    }

    #[test]
    fn numbers_stay_whole() {
        let l = lines("电话：0597-5771168", 7.0);
        assert!(l.iter().any(|x| x.contains("0597-5771168")), "{l:?}");
        let l = lines("增长了12.5%左右", 4.0);
        assert!(l.iter().any(|x| x.contains("12.5%")), "{l:?}");
    }

    #[test]
    fn overlong_words_are_broken_rather_than_lost() {
        let l = lines("12345678901234567890", 3.0);
        assert_eq!(l.concat(), "12345678901234567890");
        assert!(l.len() > 1);
    }
}
