//! The outline of an imported document, recovered by meaning.
//!
//! A careful reviewer is not fooled by a report's numbering. The six official sections are found
//! by what they are: the words of their headings (the standard titles and their usual variants,
//! [`crate::model::outline`]), the tables that follow 二, 三 and 四, their order, and only then
//! their numerals. Every importer produces the same [`Piece`]s, so every importer (and the review
//! desk, which reads other people's reports through them) gets the same recovery.
//!
//! Each deviation from the format's outline is recognised and reported with its own finding:
//! - the sub-topics of 总体情况 numbered with the top level (`二、依申请公开` inside section 一);
//! - numbering that restarts, or mixes systems (`一、`, then `2、`, then `（三）`);
//! - sections shifted by one (二–六 written as 一–五);
//! - a numeral that does not match the heading's meaning (`四、存在的主要问题及改进情况`);
//! - a heading without a numeral, and a numeral without its heading text.
//!
//! The import then puts each piece where it belongs and stores the headings with the right
//! numerals; the finding says what the document had and what was stored. A line numbered like a
//! section that is none of the six stays a heading (a sub-heading of the section it stands in,
//! with a finding): headings are never merged into paragraphs silently.

use std::collections::BTreeMap;

use super::source::{Cell, Piece};
use crate::model::Severity;
use crate::model::outline::{
    Numbered, Numbering, Strength, chinese_numeral, section_meaning, split_numbering, topic_meaning,
};
use crate::model::standard::{HEADINGS, NUMERALS};
use crate::model::tables::TableId;

/// Where a section starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionStart {
    /// The official section number, 1…6.
    pub number: usize,
    /// The piece of its heading; for a section whose heading is missing but whose table is
    /// there, the piece of that table.
    pub piece: usize,
    /// The heading to store (the document's own, with the numeral put right).
    pub heading: String,
    /// Whether the heading was missing and the standard one was supplied.
    pub synthetic: bool,
}

/// A deviation of the document's outline from the format, with what was done about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deviation {
    /// The rule of CHECKS.md it breaks in the document as written (S01: sections and their
    /// numbering; S02: heading text and sub-headings).
    pub rule: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// The piece it is about.
    pub piece: usize,
    /// The message: what the document has, what it should have, what the import stored.
    pub message: String,
}

/// The outline of a document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline {
    /// The sections found, in document order (numbers increasing).
    pub sections: Vec<SectionStart>,
    /// The paragraphs that are sub-headings: piece → the text to store.
    pub subheadings: BTreeMap<usize, String>,
    /// The sections not found (1…6).
    pub missing: Vec<usize>,
    /// What deviates from the format's outline, and the repairs made.
    pub deviations: Vec<Deviation>,
}

impl Outline {
    /// The pieces of the body of the `k`-th section found (after its heading, up to the next
    /// section's).
    pub fn body(&self, k: usize, pieces: usize) -> std::ops::Range<usize> {
        let Some(s) = self.sections.get(k) else { return 0..0 };
        let start = if s.synthetic { s.piece } else { s.piece + 1 };
        let end = self.sections.get(k + 1).map_or(pieces, |n| n.piece);
        start..end.max(start)
    }

    /// Where the front matter (title, preamble) ends: the first section's heading.
    pub fn front_end(&self, pieces: usize) -> usize {
        self.sections.first().map_or(pieces, |s| s.piece)
    }
}

/// Which official table a table of the document is, by its labels.
pub fn table_kind(rows: &[Vec<Cell>]) -> Option<TableId> {
    let all: String = rows.iter().flatten().map(|c| c.text.as_str()).collect();
    if all.contains("第二十条") {
        Some(TableId::T2)
    } else if all.contains("申请人情况") || all.contains("本年新收") {
        Some(TableId::T3)
    } else if all.contains("行政复议") && all.contains("诉讼") {
        Some(TableId::T4)
    } else {
        None
    }
}

/// The reminder that Word's automatic numbering is not part of the text an importer reads.
const AUTO_NUMBERING: &str = "如果原文用的是 Word 自动编号，导入时读不到编号，请核对原文";

/// A line that may be a heading: short, no sentence inside. A numbered line may have a comma
/// in words that name a section (“四、政府信息公开行政复议，行政诉讼情况”; “一、加强领导，提高认识”
/// is prose); an unnumbered line is a heading only as a bare title: no punctuation, no figures.
fn heading_like(t: &str, num: &Numbered<'_>) -> bool {
    let n = t.chars().count();
    if num.system.is_none() {
        return n > 0
            && n <= 30
            && !t.contains(['，', ',', '。', '；', ';', '！', '？', '：', ':'])
            && !t.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    }
    let body = t.trim_end_matches(['。', '.']);
    let comma_ok = section_meaning(num.words).is_some_and(|(_, s)| s == Strength::Strong);
    n <= 40 && !body.contains(['。', '；', ';', '！', '？']) && (comma_ok || !body.contains(['，', ',']))
}

/// A sub-heading as the format writes them: `（一）…` (or `(一)…`), short.
fn paren_subheading(t: &str) -> bool {
    t.chars().count() <= 40 && split_numbering(t).system == Some(Numbering::Paren)
}

/// A paragraph that might head a section.
struct Candidate<'a> {
    piece: usize,
    text: &'a str,
    num: Numbered<'a>,
    meaning: Option<(usize, Strength)>,
    topic: Option<usize>,
    /// The first official table after it, before the next line that could head a section.
    table_after: Option<TableId>,
    /// A line with a report title's words (“…年度报告”) never heads a section.
    title_like: bool,
}

impl Candidate<'_> {
    /// Numbered like a section (`一、`, `第一部分`), or named like one without numbering: a line
    /// that ends the search for the table that follows a heading.
    fn section_like(&self) -> bool {
        matches!(self.num.system, Some(Numbering::Top | Numbering::Part))
            || (self.num.system.is_none() && self.meaning.is_some_and(|(_, s)| s == Strength::Strong))
    }

    /// How well this line fits as the heading of section `n`; `None` when it cannot be.
    fn score(&self, n: usize, tables: &[Option<usize>; 3]) -> Option<i32> {
        if self.title_like {
            return None;
        }
        let strength = self.meaning.filter(|(m, _)| *m == n).map(|(_, s)| s);
        let strong = strength == Some(Strength::Strong);
        // Words that name another section.
        if self.meaning.is_some_and(|(m, s)| m != n && s == Strength::Strong) {
            return None;
        }
        // Unnumbered lines and lines in a sub-heading system head a section only by their words.
        if !strong && !matches!(self.num.system, Some(Numbering::Top | Numbering::Part)) {
            return None;
        }
        // Section n stands before the tables of sections ≥ n and after the others.
        for (t, at) in TableId::ALL.iter().zip(tables) {
            if let Some(at) = at
                && ((n <= t.section() && self.piece > *at) || (n > t.section() && self.piece < *at))
            {
                return None;
            }
        }
        let table_here = self.table_after.map(TableId::section);
        if table_here.is_some_and(|t| t != n) && !strong {
            return None;
        }
        let mut s = match strength {
            Some(Strength::Strong) => 8,
            Some(Strength::Weak) => 3,
            None => 0,
        };
        if self.topic.is_some() && !strong && table_here != Some(n) {
            s -= 6;
        }
        if self.num.value == n {
            s += if matches!(self.num.system, Some(Numbering::Top | Numbering::Part)) { 4 } else { 2 };
        }
        if table_here == Some(n) {
            s += 5;
        }
        (s > 0).then_some(s)
    }
}

/// Recovers the outline of a document from its pieces.
pub fn recover(pieces: &[Piece]) -> Outline {
    // The official tables, by their labels (the first of each kind).
    let mut tables: [Option<usize>; 3] = [None; 3];
    for (i, p) in pieces.iter().enumerate() {
        if let Piece::Table(rows) = p
            && let Some(kind) = table_kind(rows)
        {
            let k = TableId::ALL.iter().position(|t| *t == kind).unwrap_or(0);
            tables[k].get_or_insert(i);
        }
    }
    let mut cands: Vec<Candidate<'_>> = Vec::new();
    for (i, p) in pieces.iter().enumerate() {
        let Piece::Para(text) = p else { continue };
        let t = text.trim();
        let num = split_numbering(t);
        if !heading_like(t, &num) {
            continue;
        }
        let meaning = section_meaning(num.words);
        let topic = topic_meaning(num.words);
        // Without numbering, only a bare title (“其他需要报告的事项”) or a sub-topic (“主动公开”),
        // never a sentence that mentions a section's subject.
        let titled = meaning.is_some_and(|(_, s)| s == Strength::Strong)
            && ["情况", "事项", "概况", "概述", "问题"]
                .iter()
                .any(|e| num.words.trim_end_matches(['：', ':']).ends_with(e));
        if num.system.is_none() && topic.is_none() && !titled {
            continue;
        }
        let title_like = num.words.contains("年度报告") || num.words.contains("工作报告");
        cands.push(Candidate { piece: i, text: t, num, meaning, topic, table_after: None, title_like });
    }
    // The first official table after each candidate, before the next section-like line: found
    // in one backward pass each (a search from every candidate was quadratic: 20 000 lines
    // like “（一）…” took 19 s in a debug build).
    let mut next_table: Vec<Option<(usize, TableId)>> = vec![None; pieces.len() + 1];
    for (i, p) in pieces.iter().enumerate().rev() {
        next_table[i] = match p {
            Piece::Table(rows) => table_kind(rows).map(|k| (i, k)).or(next_table[i + 1]),
            Piece::Para(_) => next_table[i + 1],
        };
    }
    let mut stop = pieces.len();
    for c in (0..cands.len()).rev() {
        cands[c].table_after = next_table[cands[c].piece + 1].filter(|&(at, _)| at < stop).map(|(_, k)| k);
        if cands[c].section_like() {
            stop = cands[c].piece;
        }
    }
    let chosen = assign(&cands, &tables);

    let mut outline = Outline::default();
    for &(n, c) in &chosen {
        let cand = &cands[c];
        let words = cand.num.words;
        let right = cand.num.system == Some(Numbering::Top) && cand.num.value == n;
        let heading = if words.is_empty() {
            HEADINGS[n - 1].to_owned()
        } else if right {
            cand.text.to_owned()
        } else {
            format!("{}、{words}", NUMERALS[n - 1])
        };
        outline.sections.push(SectionStart { number: n, piece: cand.piece, heading, synthetic: false });
    }
    // A section whose heading is missing but whose table is there starts at its table.
    for (t, at) in TableId::ALL.iter().zip(tables) {
        let n = t.section();
        let Some(at) = at else { continue };
        if outline.sections.iter().any(|s| s.number == n) {
            continue;
        }
        let before = outline.sections.iter().filter(|s| s.number < n).all(|s| s.piece < at);
        let after = outline.sections.iter().filter(|s| s.number > n).all(|s| s.piece > at);
        if before && after {
            outline.sections.push(SectionStart {
                number: n,
                piece: at,
                heading: HEADINGS[n - 1].to_owned(),
                synthetic: true,
            });
            outline.deviations.push(Deviation {
                rule: "S01",
                severity: Severity::Error,
                piece: at,
                message: format!(
                    "表{}前没有找到第{}部分的标题，已按表{}补上标准标题“{}”。",
                    t.numeral(),
                    NUMERALS[n - 1],
                    t.numeral(),
                    HEADINGS[n - 1]
                ),
            });
        }
    }
    outline.sections.sort_by_key(|s| s.piece);
    outline.missing = (1..=6).filter(|n| !outline.sections.iter().any(|s| s.number == *n)).collect();
    section_deviations(&cands, &chosen, &mut outline);
    body_headings(pieces, &cands, &mut outline);
    outline.deviations.sort_by_key(|d| d.piece);
    outline
}

/// The best assignment of sections to candidates, in order: (section number, candidate).
fn assign(cands: &[Candidate<'_>], tables: &[Option<usize>; 3]) -> Vec<(usize, usize)> {
    // best[j][n-1]: the best total with section n headed by candidate j (and only earlier
    // sections at earlier candidates); from[j][n-1]: the previous choice.
    let m = cands.len();
    let mut best: Vec<[Option<i32>; 6]> = vec![[None; 6]; m];
    let mut from: Vec<[Option<(usize, usize)>; 6]> = vec![[None; 6]; m];
    for j in 0..m {
        for n in 1..=6 {
            let Some(s) = cands[j].score(n, tables) else { continue };
            let mut prev = 0;
            let mut link = None;
            for (j2, row) in best.iter().enumerate().take(j) {
                for (n2, v) in row.iter().enumerate().take(n - 1) {
                    if let Some(v) = *v
                        && v > prev
                    {
                        prev = v;
                        link = Some((j2, n2 + 1));
                    }
                }
            }
            best[j][n - 1] = Some(s + prev);
            from[j][n - 1] = link;
        }
    }
    let mut end = None;
    let mut top = 0;
    for (j, row) in best.iter().enumerate() {
        for (n, v) in row.iter().enumerate() {
            if let Some(v) = *v
                && v > top
            {
                top = v;
                end = Some((j, n + 1));
            }
        }
    }
    let mut out = Vec::new();
    while let Some((j, n)) = end {
        out.push((n, j));
        end = from[j][n - 1];
    }
    out.reverse();
    out
}

/// `“一、主动公开”“二、依申请公开”` for a message.
fn quoted(texts: &[&str]) -> String {
    texts.iter().map(|t| format!("“{t}”")).collect()
}

/// The findings about the section headings as written.
fn section_deviations(cands: &[Candidate<'_>], chosen: &[(usize, usize)], outline: &mut Outline) {
    let heading_of =
        |n: usize| outline.sections.iter().find(|s| s.number == n).map(|s| s.heading.clone()).unwrap_or_default();
    // Sections 二–六 (or a run of them) written one numeral too low.
    let shifted: Vec<(usize, usize)> = chosen
        .iter()
        .copied()
        .filter(|&(n, c)| cands[c].num.system == Some(Numbering::Top) && cands[c].num.value + 1 == n)
        .collect();
    let shift = shifted.len() >= 2;
    if shift && let (Some(&(a, ca)), Some(&(b, _))) = (shifted.first(), shifted.last()) {
        let written: Vec<&str> = shifted.iter().map(|&(_, c)| cands[c].text).collect();
        outline.deviations.push(Deviation {
            rule: "S01",
            severity: Severity::Error,
            piece: cands[ca].piece,
            message: format!(
                "第{}至第{}部分的编号整体错了一位：{}应依次为“{}、”至“{}、”（按各部分的标题内容判断）；已按正确编号导入。",
                NUMERALS[a - 1],
                NUMERALS[b - 1],
                quoted(&written),
                NUMERALS[a - 1],
                NUMERALS[b - 1]
            ),
        });
    }
    // Headings without numbering (Word's automatic numbering is not text: reported together).
    let unnumbered: Vec<(usize, usize)> =
        chosen.iter().copied().filter(|&(_, c)| cands[c].num.system.is_none()).collect();
    if unnumbered.len() >= 2
        && let Some(&(_, first)) = unnumbered.first()
    {
        let written: Vec<&str> = unnumbered.iter().map(|&(_, c)| cands[c].text).collect();
        let stored: Vec<String> = unnumbered.iter().map(|&(n, _)| heading_of(n)).collect();
        let stored: Vec<&str> = stored.iter().map(String::as_str).collect();
        outline.deviations.push(Deviation {
            rule: "S01",
            severity: Severity::Error,
            piece: cands[first].piece,
            message: format!(
                "标题{}前没有编号；按标题内容已导入为{}（{AUTO_NUMBERING}）。",
                quoted(&written),
                quoted(&stored)
            ),
        });
    }
    // Another system beside 一、 (mixed), or another system throughout.
    let mixed = chosen.iter().any(|&(_, c)| cands[c].num.system == Some(Numbering::Top));
    // Numbering that starts again from 一、 after a later numeral: the runs, reported together.
    let mut restarts: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut previous_written: Option<usize> = None;
    for &(n, c) in chosen {
        let cand = &cands[c];
        let (system, value, label) = (cand.num.system, cand.num.value, cand.num.label);
        let stored = heading_of(n);
        let why = if table_after_of(cand, n) {
            format!("标题内容和其后的表{}", NUMERALS[n - 1])
        } else {
            "标题内容".to_owned()
        };
        let top = system == Some(Numbering::Top);
        let continues_restart = restarts.last().and_then(|run| run.last()).is_some_and(|&(m, c2)| {
            m + 1 == n && cands[c2].num.value + 1 == value && previous_written == Some(cands[c2].num.value)
        });
        let message = match system {
            _ if top && value == n => None,
            None if unnumbered.len() >= 2 => None,
            None => Some(format!(
                "标题“{}”前没有编号；按{why}，这是第{}部分，已导入为“{stored}”（{AUTO_NUMBERING}）。",
                cand.text,
                NUMERALS[n - 1]
            )),
            Some(Numbering::Top) if shift && value + 1 == n => None,
            Some(Numbering::Top) if continues_restart => {
                if let Some(run) = restarts.last_mut() {
                    run.push((n, c));
                }
                None
            }
            Some(Numbering::Top) if value == 1 && previous_written.is_some_and(|p| p >= 1) => {
                restarts.push(vec![(n, c)]);
                None
            }
            Some(Numbering::Top) => Some(format!(
                "标题“{}”的编号与内容不符：按{why}，这是第{}部分，编号应为“{}、”而不是“{label}”，已导入为“{stored}”。",
                cand.text,
                NUMERALS[n - 1],
                NUMERALS[n - 1]
            )),
            Some(_) if mixed => Some(format!(
                "各部分标题的编号体系不统一：“{}”用了“{label}”，六个部分应统一用“一、”至“六、”；按{why}，这是第{}部分，已导入为“{stored}”。",
                cand.text,
                NUMERALS[n - 1]
            )),
            Some(_) => Some(format!(
                "标题“{}”用了“{label}”式编号，六个部分的标题应使用“一、”至“六、”；按{why}，这是第{}部分，已导入为“{stored}”。",
                cand.text,
                NUMERALS[n - 1]
            )),
        };
        if let Some(message) = message {
            outline.deviations.push(Deviation { rule: "S01", severity: Severity::Error, piece: cand.piece, message });
        }
        if cand.num.words.is_empty() {
            outline.deviations.push(Deviation {
                rule: "S02",
                severity: Severity::Warning,
                piece: cand.piece,
                message: format!(
                    "第{}部分的标题只有编号“{}”，没有标题文字；已按{}补为“{stored}”。",
                    NUMERALS[n - 1],
                    cand.text,
                    if table_after_of(cand, n) {
                        format!("其后的表{}", NUMERALS[n - 1])
                    } else {
                        "位置".to_owned()
                    }
                ),
            });
        }
        if system.is_some() {
            previous_written = Some(value);
        }
    }
    for run in restarts {
        let (Some(&(a, first)), Some(&(b, _))) = (run.first(), run.last()) else { continue };
        let written: Vec<&str> = run.iter().map(|&(_, c)| cands[c].text).collect();
        let right: Vec<String> = run.iter().map(|&(n, _)| format!("“{}、”", NUMERALS[n - 1])).collect();
        let parts = if a == b {
            format!("第{}部分", NUMERALS[a - 1])
        } else {
            format!("第{}至第{}部分", NUMERALS[a - 1], NUMERALS[b - 1])
        };
        outline.deviations.push(Deviation {
            rule: "S01",
            severity: Severity::Error,
            piece: cands[first].piece,
            message: format!(
                "{parts}的编号重新从“一、”开始：{}应为{}（按标题内容判断）；已按正确编号导入。",
                quoted(&written),
                right.concat()
            ),
        });
    }
}

fn table_after_of(c: &Candidate<'_>, n: usize) -> bool {
    c.table_after.is_some_and(|t| t.section() == n)
}

/// Sub-headings inside the sections: `（一）…` lines as written, and the lines numbered like
/// something else that are sub-headings by their meaning or their place, repaired.
fn body_headings(pieces: &[Piece], cands: &[Candidate<'_>], outline: &mut Outline) {
    let cand_at: BTreeMap<usize, &Candidate<'_>> = cands.iter().map(|c| (c.piece, c)).collect();
    let mut deviations = Vec::new();
    for k in 0..outline.sections.len() {
        let n = outline.sections[k].number;
        let mut top_topics: Vec<(usize, &str, String)> = Vec::new();
        let body = outline.body(k, pieces.len());
        for i in body.clone() {
            let Piece::Para(text) = &pieces[i] else { continue };
            let t = text.trim();
            if t.is_empty() {
                continue;
            }
            if paren_subheading(t) {
                outline.subheadings.insert(i, t.to_owned());
                continue;
            }
            let Some(c) = cand_at.get(&i) else { continue };
            let (system, value, words) = (c.num.system, c.num.value, c.num.words);
            let as_sub = |v: usize| format!("（{}）{words}", chinese_numeral(v));
            match system {
                Some(Numbering::Top | Numbering::Part) if n == 1 && c.topic.is_some() => {
                    let stored = as_sub(value);
                    top_topics.push((i, c.text, stored.clone()));
                    outline.subheadings.insert(i, stored);
                }
                Some(Numbering::Top | Numbering::Part) => {
                    let stored = if words.is_empty() { t.to_owned() } else { as_sub(value) };
                    deviations.push(Deviation {
                        rule: "S01",
                        severity: Severity::Warning,
                        piece: i,
                        message: format!(
                            "“{t}”用了一级标题的编号，但不是国办格式的六个部分之一，无法确定其位置；已作为第{}部分的小标题“{stored}”导入，请核对。",
                            NUMERALS[n - 1]
                        ),
                    });
                    outline.subheadings.insert(i, stored);
                }
                Some(Numbering::Arabic) if n == 1 && c.topic == Some(value) => {
                    let stored = as_sub(value);
                    deviations.push(Deviation {
                        rule: "S02",
                        severity: Severity::Warning,
                        piece: i,
                        message: format!(
                            "第一部分小标题的编号体系不统一：“{t}”用了“{}”，小标题应为“（一）”式编号；已导入为“{stored}”。",
                            c.num.label
                        ),
                    });
                    outline.subheadings.insert(i, stored);
                }
                None if n == 1 && c.topic.is_some() => {
                    // Numbered by its place among the section's sub-headings.
                    let ordinal = outline.subheadings.range(body.start..i).count() + 1;
                    let stored = as_sub(ordinal);
                    deviations.push(Deviation {
                        rule: "S02",
                        severity: Severity::Warning,
                        piece: i,
                        message: format!(
                            "第一部分的小标题“{t}”没有编号；已作为小标题“{stored}”导入（{AUTO_NUMBERING}）。"
                        ),
                    });
                    outline.subheadings.insert(i, stored);
                }
                _ => {}
            }
        }
        if let Some(&(first, _, _)) = top_topics.first() {
            let written: Vec<&str> = top_topics.iter().map(|(_, t, _)| *t).collect();
            let stored: Vec<&str> = top_topics.iter().map(|(_, _, s)| s.as_str()).collect();
            deviations.push(Deviation {
                rule: "S01",
                severity: Severity::Error,
                piece: first,
                message: format!(
                    "“总体情况”的小标题{}用了一级标题的编号“一、二、…”，会被当作报告的第二至第六部分；已按内容作为第一部分的小标题导入：{}。",
                    quoted(&written),
                    quoted(&stored)
                ),
            });
        }
    }
    outline.deviations.extend(deviations);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pieces from lines; `[二]`, `[三]`, `[四]` stand for the official tables.
    fn pieces(lines: &[&str]) -> Vec<Piece> {
        let table = |label: &str| Piece::Table(vec![vec![Cell { text: label.into(), colspan: 1, continues: false }]]);
        lines
            .iter()
            .map(|l| match *l {
                "[二]" => table("第二十条第（一）项"),
                "[三]" => table("申请人情况"),
                "[四]" => table("行政复议行政诉讼"),
                l => Piece::Para(l.into()),
            })
            .collect()
    }

    fn headings(o: &Outline) -> Vec<(usize, &str)> {
        o.sections.iter().map(|s| (s.number, s.heading.as_str())).collect()
    }

    const CLEAN: [&str; 14] = [
        "标题",
        "一、总体情况",
        "正文。",
        "二、主动公开政府信息情况",
        "[二]",
        "三、收到和处理政府信息公开申请情况",
        "[三]",
        "四、政府信息公开行政复议、行政诉讼情况",
        "[四]",
        "五、存在的主要问题及改进情况",
        "问题。",
        "六、其他需要报告的事项",
        "无收费。",
        "落款",
    ];

    #[test]
    fn a_clean_outline_has_no_deviation() {
        let o = recover(&pieces(&CLEAN));
        assert_eq!(o.sections.len(), 6);
        assert!(o.deviations.is_empty() && o.missing.is_empty(), "{o:?}");
        assert_eq!(o.front_end(14), 1);
        assert_eq!(o.body(4, 14), 10..11);
    }

    #[test]
    fn lines_that_name_a_section_inside_another_do_not_take_its_place() {
        let mut lines = CLEAN.to_vec();
        // A sub-heading of section 三 that names it, and a sentence about 复议 before table 四.
        lines.insert(6, "（一）收到申请情况");
        lines.insert(9, "本年度没有因政府信息公开被申请行政复议");
        let o = recover(&pieces(&lines));
        assert_eq!(headings(&o), headings(&recover(&pieces(&CLEAN))));
        assert!(o.deviations.is_empty(), "{:?}", o.deviations);
        assert_eq!(o.subheadings.get(&6).map(String::as_str), Some("（一）收到申请情况"));
    }

    #[test]
    fn a_missing_heading_is_supplied_from_its_table() {
        let mut lines = CLEAN.to_vec();
        lines.remove(5); // 三、收到和处理…
        let o = recover(&pieces(&lines));
        let s3 = o.sections.iter().find(|s| s.number == 3).expect("section 三");
        assert!(s3.synthetic);
        assert_eq!(s3.piece, 5, "at table 三");
        assert_eq!(o.deviations.len(), 1);
        assert_eq!(
            o.deviations[0].message,
            "表三前没有找到第三部分的标题，已按表三补上标准标题“三、收到和处理政府信息公开申请情况”。"
        );
    }

    #[test]
    fn without_tables_the_words_and_order_still_decide() {
        let lines: Vec<&str> = CLEAN.iter().copied().filter(|l| !l.starts_with('[')).collect();
        let mut shifted = lines.clone();
        shifted[1] = "总体情况";
        shifted[3] = "一、主动公开政府信息情况";
        let o = recover(&pieces(&shifted));
        assert_eq!(o.sections.len(), 6);
        assert_eq!(o.sections[1].heading, "二、主动公开政府信息情况");
        // A document with no section at all has no outline.
        let o = recover(&pieces(&["标题", "正文。", "一是加强领导。"]));
        assert!(o.sections.is_empty());
        assert_eq!(o.missing, vec![1, 2, 3, 4, 5, 6]);
    }
}
