//! The counts the prose states about applications, against table 三 and against itself: X14
//! (办结/答复 and 结转 counts) and X15 (“全部办结” beside a non-zero 结转 in the text).
//!
//! A count is read clause by clause, the number that belongs to its keyword (“已办结4件”,
//! “4件已办结”, “结转下年度继续办理1件”), as X05–X07 do. Counts of something else (人大代表建议,
//! 信访, 复议, 资金), counts of a part (“延期答复1件”, “书面答复2件”, “予以公开答复3件”) and
//! numbers of days are not read.

use super::text::{Prose, clauses, count_with, leading_number, prose, sentences};
use super::{Finding, Severity};
use crate::model::report::Report;
use crate::model::tables::{CellId, t3};

pub(super) fn check(report: &Report, out: &mut Vec<Finding>) {
    let all = prose(report);
    let bodies: Vec<Prose<'_>> = all.into_iter().filter(|p| p.section.is_some() && !p.heading).collect();
    counts(report, &bodies, out);
    self_contradiction(report, &bodies, out);
}

/// What a stated count is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stated {
    /// Applications concluded or answered this year (table 三 （七）总计).
    Concluded,
    /// Carried over to next year (table 三 四、结转下年度继续办理).
    CarriedForward,
    /// Carried over from last year (table 三 二、上年结转).
    CarriedIn,
}

impl Stated {
    /// The 总计 cell of table 三 the count is compared with.
    pub fn cell(self) -> CellId {
        CellId::t3(
            match self {
                Self::Concluded => t3::R3_7,
                Self::CarriedForward => t3::R4,
                Self::CarriedIn => t3::R2,
            },
            t3::TOTAL,
        )
    }
}

/// Statements that every application was concluded (T3-06 and X15).
pub const ALL_SETTLED: [&str; 8] =
    ["均已办结", "全部办结", "均已按时办结", "全部按时办结", "均按时办结", "均已按期办结", "全部按期办结", "均办结"];

/// Words of a count that is not about this year's applications.
const OTHER_MATTERS: [&str; 14] =
    ["建议", "提案", "信访", "来信", "来访", "复议", "诉讼", "投诉", "举报", "咨询", "热线", "留言", "资金", "经费"];

/// Keywords of a count of concluded applications.
const CONCLUDED: [&str; 5] = ["办结", "答复", "已办理", "办理完毕", "处理完毕"];

/// Words just before 答复/办结 that make the count a part (“延期答复1件”, “予以公开答复”).
const PART_OF: [&str; 19] = [
    "延期", "逾期", "超期", "按时", "按期", "书面", "电话", "当面", "口头", "网上", "在线", "邮寄", "现场", "邮件",
    "公开", "不予", "无法", "告知", "其他",
];

/// Markers of last year's carry-over (二、上年结转) before 结转.
const LAST_YEAR: [&str; 5] = ["上年", "上一年", "去年", "上年度", "往年"];

/// Whether a sentence says that every application was concluded; not when it is about last
/// year's carry-over (“上年结转的1件已全部办结”) or about something else (人大代表建议).
pub fn settles_all(sentence: &str, year: u16) -> bool {
    ALL_SETTLED.iter().any(|k| sentence.contains(k))
        && !sentence.match_indices("结转").any(|(at, _)| carried_in(sentence, at, year))
        && !OTHER_MATTERS.iter().any(|k| sentence.contains(k))
}

/// Whether the 结转 at byte `at` is last year's carry-over (上年结转, 2024年结转 in the 2025
/// report, 结转自上年).
fn carried_in(text: &str, at: usize, year: u16) -> bool {
    let head = &text[..at];
    LAST_YEAR.iter().any(|k| head.contains(k))
        || head.contains(&format!("{}年", year.saturating_sub(1)))
        || text[at..].starts_with("结转自")
}

/// A count written right before `s` ends: `…4件` (with 已/均/全部 between it and the keyword
/// stripped by the caller).
fn trailing_count(s: &str) -> Option<u64> {
    let s = s.strip_suffix('件').or_else(|| s.strip_suffix('宗'))?;
    let start = s
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || ('０'..='９').contains(c) || "零一二两三四五六七八九十".contains(*c))
        .last()
        .map(|(i, _)| i)?;
    leading_number(&s[start..]).filter(|(_, len)| start + len == s.len()).map(|(v, _)| v)
}

/// The count that belongs to a keyword at byte `at` (of length `len`) in a clause: written
/// after it (“办结4件”), or right before it (“4件已办结”).
fn count_at(clause: &str, at: usize, len: usize) -> Option<u64> {
    if let Some(n) = count_with(&clause[at + len..], &['件', '宗']) {
        return Some(n);
    }
    // “4件已办结”, “1件申请结转下年度”, “2件政府信息公开申请均已答复”.
    let mut before = &clause[..at];
    for _ in 0..3 {
        match ["已经", "均已", "全部", "已", "均", "都"].iter().find_map(|f| before.strip_suffix(f)) {
            Some(b) => before = b,
            None => break,
        }
    }
    for noun in ["政府信息公开申请", "申请"] {
        if let Some(b) = before.strip_suffix(noun) {
            before = b;
            break;
        }
    }
    trailing_count(before)
}

/// The counts a clause states: (what, count).
pub fn stated_counts(clause: &str, year: u16) -> Vec<(Stated, u64)> {
    let mut out = Vec::new();
    if OTHER_MATTERS.iter().any(|k| clause.contains(k)) {
        return out;
    }
    // 结转: to next year unless last year's markers stand before it.
    if let Some(at) = clause.find("结转") {
        if let Some(n) = count_at(clause, at, "结转".len()) {
            out.push((if carried_in(clause, at, year) { Stated::CarriedIn } else { Stated::CarriedForward }, n));
        }
        return out;
    }
    for key in CONCLUDED {
        for (at, _) in clause.match_indices(key) {
            let head: String = clause[..at].chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
            if PART_OF.iter().any(|p| head.contains(p)) {
                continue;
            }
            if let Some(n) = count_at(clause, at, key.len()) {
                out.push((Stated::Concluded, n));
                return out;
            }
        }
    }
    out
}

/// The counts stated in a paragraph, sentence by sentence; only sentences about applications
/// (申请) are read.
fn paragraph_counts(text: &str, year: u16) -> Vec<(Stated, u64)> {
    let mut out = Vec::new();
    for sentence in sentences(text) {
        if !sentence.contains("申请") && !sentence.contains("结转") {
            continue;
        }
        for clause in clauses(sentence) {
            out.extend(stated_counts(clause, year));
        }
    }
    out
}

// X14 -----------------------------------------------------------------------------------------

fn counts(report: &Report, bodies: &[Prose<'_>], out: &mut Vec<Finding>) {
    for p in bodies {
        let mut seen = Vec::new();
        for (what, n) in paragraph_counts(p.text, report.year) {
            let cell = what.cell();
            let Some(t) = report.tables.get(cell) else { continue };
            if n == t || seen.contains(&(what, n)) {
                continue;
            }
            seen.push((what, n));
            let message = match what {
                Stated::Concluded => {
                    format!("正文称办结（答复）政府信息公开申请{n}件，表三“（七）总计”为{t}件，请核对。")
                }
                Stated::CarriedForward => {
                    format!("正文称结转下年度继续办理{n}件，表三“四、结转下年度继续办理”总计为{t}件，请核对。")
                }
                Stated::CarriedIn => {
                    format!("正文称上年结转{n}件，表三“二、上年结转政府信息公开申请数量”总计为{t}件，请核对。")
                }
            };
            out.push(Finding::new("X14", Severity::Warning, p.location, message).with_cells(vec![cell]));
        }
    }
}

// X15 -----------------------------------------------------------------------------------------

fn self_contradiction(report: &Report, bodies: &[Prose<'_>], out: &mut Vec<Finding>) {
    // A non-zero 结转 in table 三 is T3-06's finding at the same paragraph.
    if report.tables.get(Stated::CarriedForward.cell()).is_some_and(|n| n > 0) {
        return;
    }
    let Some(carried) = bodies
        .iter()
        .flat_map(|p| paragraph_counts(p.text, report.year))
        .find_map(|(what, n)| (what == Stated::CarriedForward && n > 0).then_some(n))
    else {
        return;
    };
    for p in bodies {
        let Some(sentence) = sentences(p.text).find(|s| settles_all(s, report.year)) else { continue };
        out.push(Finding::new(
            "X15",
            Severity::Warning,
            p.location,
            format!("正文称“{}”，又称结转下年度继续办理{carried}件，前后矛盾，请核对。", sentence.trim()),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_belong_to_their_keyword() {
        use Stated::*;
        let cases: [(&str, &[(Stated, u64)]); 15] = [
            ("已办结4件", &[(Concluded, 4)]),
            ("其中4件已办结", &[(Concluded, 4)]),
            ("另有1件申请结转下年度继续办理", &[(CarriedForward, 1)]),
            ("2024年结转的申请1件", &[(CarriedIn, 1)]),
            ("结转至2026年继续办理2件", &[(CarriedForward, 2)]),
            ("共答复申请人5件", &[(Concluded, 5)]),
            ("结转下年度继续办理1件", &[(CarriedForward, 1)]),
            ("1件结转下年度办理", &[(CarriedForward, 1)]),
            ("上年结转的政府信息公开申请2件", &[(CarriedIn, 2)]),
            ("上年结转的1件申请已全部办结", &[(CarriedIn, 1)]),
            ("延期答复1件", &[]),
            ("书面答复2件", &[]),
            ("均在20个工作日内予以答复", &[]),
            ("办结人大代表建议12件", &[]),
            ("收到申请5件并已全部办结", &[]),
        ];
        for (clause, want) in cases {
            assert_eq!(stated_counts(clause, 2025), want.to_vec(), "{clause}");
        }
    }

    #[test]
    fn what_settles_all() {
        assert!(settles_all("本年度收到的申请均已按时办结", 2025));
        assert!(!settles_all("上年结转的1件申请已全部办结", 2025));
        assert!(!settles_all("2024年结转的1件申请已全部办结", 2025));
        assert!(!settles_all("人大代表建议和政协委员提案均已办结", 2025));
        assert!(!settles_all("按时答复", 2025));
        assert!(settles_all("申请均已办结，无结转下年度的申请", 2025));
    }
}
