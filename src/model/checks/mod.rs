//! The rules of `CHECKS.md`: a report in, findings out.
//!
//! Every finding has a stable rule id (`T3-01`), a severity, a location the editor can
//! highlight (a cell key such as `t3.R1.natural`, `section.5.p3`, `title`, …), the cells that
//! take part in it, and the Chinese message of `CHECKS.md` with the numbers filled in.
//!
//! Rules over table cells stay silent while one of their operands is blank: S05 lists the blank
//! cells instead. Keyword rules read section bodies only, never headings (one exception: X09
//! counts the sub-headings of section 一, CONTRACT §3).

pub mod crossyear;
pub mod limits;
pub mod narrative;
mod structure;
mod table2;
mod table3;
mod table4;
pub mod text;
pub mod wording;

use std::fmt;

use super::report::{PreviousYear, Report};
use super::tables::{CellId, TableId};

pub use structure::{
    LabelDeviation, NumberlessDocNumber, OLD_T2_TERMS, ObservedTables, check_observed_tables, missing_t3_row_message,
    normalize_label, numberless_doc_numbers, old_t2_term_message, standard_subheadings,
};
pub use table2::cell_text_finding;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The report contradicts the format or its arithmetic.
    Error,
    /// Probably wrong or non-standard.
    Warning,
    /// A hint.
    Info,
}

impl Severity {
    /// 错误 / 警告 / 提示.
    pub fn label(self) -> &'static str {
        match self {
            Self::Error => "错误",
            Self::Warning => "警告",
            Self::Info => "提示",
        }
    }

    /// `error` / `warning` / `info`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

/// Where a finding points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Location {
    /// The whole report.
    Report,
    /// The title.
    Title,
    /// The 文号.
    DocNumber,
    /// The signing agency.
    Signer,
    /// The signing date.
    Date,
    /// A preamble paragraph (0-based).
    Preamble(usize),
    /// A section (0-based index in `Report::sections`).
    Section(usize),
    /// A block of a section (0-based section index, 0-based block index).
    Block(usize, usize),
    /// A table as a whole.
    Table(TableId),
    /// A numeric cell.
    Cell(CellId),
}

impl Location {
    /// The key of `CONTRACT.md` §1: `t3.R1.natural`, `section.5.p3`, `title`, … (1-based
    /// section and paragraph numbers).
    pub fn key(&self) -> String {
        match self {
            Self::Report => "report".into(),
            Self::Title => "title".into(),
            Self::DocNumber => "doc_number".into(),
            Self::Signer => "signer".into(),
            Self::Date => "date".into(),
            Self::Preamble(p) => format!("preamble.p{}", p + 1),
            Self::Section(s) => format!("section.{}", s + 1),
            Self::Block(s, b) => format!("section.{}.p{}", s + 1, b + 1),
            Self::Table(t) => t.key().into(),
            Self::Cell(c) => c.decl().key.clone(),
        }
    }
}

impl Location {
    /// Where it is, in words a clerk understands: “第一部分（一）第2段”, “表三 一、本年新收政府信息
    /// 公开申请数量 × 自然人”, “前言第1段”, “落款日期”. The editor's checks panel and the CLI both
    /// say it; it never shows a key such as `section.1.p6`.
    pub fn describe(&self, r: &Report) -> String {
        let part = |s: usize| match super::standard::NUMERALS.get(s) {
            Some(n) => format!("第{n}部分"),
            None => format!("第{}部分", s + 1),
        };
        match *self {
            Self::Report => "整份年报".into(),
            Self::Title => "标题".into(),
            Self::DocNumber => "文号".into(),
            Self::Signer => "落款机关".into(),
            Self::Date => "落款日期".into(),
            Self::Preamble(p) => format!("前言第{}段", p + 1),
            Self::Section(s) => format!("{}标题", part(s)),
            Self::Block(s, b) => {
                let blocks = r.sections.get(s).map_or(&[][..], |x| x.blocks.as_slice());
                // The sub-heading the block stands under, and its number (“（一）”).
                let under = blocks.iter().take(b + 1).rposition(|x| matches!(x, super::report::Block::Subheading(_)));
                let numbering = |i: usize| {
                    let text = blocks.get(i).map_or("", |x| x.text()).trim();
                    subheading_number(text)
                        .unwrap_or_else(|| format!("“{}”", text.chars().take(12).collect::<String>()))
                };
                match under {
                    Some(i) if i == b => format!("{}小标题{}", part(s), numbering(i)),
                    Some(i) => format!("{}{}第{}段", part(s), numbering(i), b - i),
                    None => format!("{}第{}段", part(s), b + 1),
                }
            }
            Self::Table(t) => format!("表{}", t.numeral()),
            Self::Cell(c) => {
                let d = c.decl();
                if d.row_label.is_empty() {
                    format!("表{} {}", d.table.numeral(), d.col_label)
                } else {
                    format!("表{} {} × {}", d.table.numeral(), d.row_label, d.col_label)
                }
            }
        }
    }

    /// Its place in reading order (文号、标题、前言, the sections with their paragraphs and then
    /// their table, 落款): F8 goes to the next finding after the clerk's place in this order.
    pub fn reading_order(&self, r: &Report) -> (usize, usize, usize) {
        const BEFORE: usize = 0;
        let section = |s: usize| 10 + s;
        let end = 10 + r.sections.len().max(6) + 1;
        match *self {
            Self::Report => (BEFORE, 0, 0),
            Self::DocNumber => (1, 0, 0),
            Self::Title => (2, 0, 0),
            Self::Preamble(p) => (3, p, 0),
            Self::Section(s) => (section(s), 0, 0),
            Self::Block(s, b) => (section(s), 1 + b, 0),
            Self::Table(t) => (r.table_section(t).map_or(end - 1, section), usize::MAX - 1, 0),
            Self::Cell(c) => {
                let g = super::tables::grid(c.decl().table);
                let at = g.value_cell(c).map_or(0, |x| x.row * 100 + x.col);
                (r.table_section(c.decl().table).map_or(end - 1, section), usize::MAX, at)
            }
            Self::Signer => (end, 0, 0),
            Self::Date => (end, 1, 0),
        }
    }
}

/// The number at the start of a sub-heading: “（一）” of “（一）主动公开”.
fn subheading_number(text: &str) -> Option<String> {
    let t = text.trim_start();
    let (open, close) = if t.starts_with('（') {
        ('（', '）')
    } else if t.starts_with('(') {
        ('(', ')')
    } else {
        return None;
    };
    let end = t.find(close)?;
    let inner = &t[open.len_utf8()..end];
    (!inner.is_empty() && inner.chars().count() <= 3).then(|| format!("（{inner}）"))
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

/// One result of a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule id of `CHECKS.md` (`S05`, `T3-01`, …).
    pub rule: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// Where it points.
    pub location: Location,
    /// The message shown to the user.
    pub message: String,
    /// The cells that take part (for highlighting); may be empty.
    pub cells: Vec<CellId>,
}

impl Finding {
    pub(crate) fn new(rule: &'static str, severity: Severity, location: Location, message: String) -> Self {
        Self { rule, severity, location, message, cells: Vec::new() }
    }

    pub(crate) fn with_cells(mut self, cells: Vec<CellId>) -> Self {
        self.cells = cells;
        self
    }

    /// What the finding means for a final export (CONTRACT §2).
    pub fn gate(&self) -> Gate {
        if self.severity != Severity::Error {
            return Gate::None;
        }
        if TABLE_ERROR_RULES.contains(&self.rule) { Gate::Block } else { Gate::Confirm }
    }

    /// One line of `nianbao check`: `严重程度 规则 位置 消息`.
    pub fn line(&self) -> String {
        format!("{} {} {} {}", self.severity.label(), self.rule, self.location.key(), self.message)
    }
}

/// The table errors that block a final export.
pub const TABLE_ERROR_RULES: [&str; 11] =
    ["S03", "S04", "S05", "S06", "S07", "T3-01", "T3-02", "T3-03", "T4-01", "T4-02", "T4-03"];

/// The warnings that keep a report from being tidy enough to publish: a template placeholder
/// left in the text or a 文号 without its number (S09), and a 落款 date that is missing or past
/// the deadline of 条例 第四十九条 (X03). The editor lists them, with every error, before an
/// official export ([`unfinished`]); they never block it (CONTRACT §2).
pub const UNFINISHED_WARNING_RULES: [&str; 2] = ["S09", "X03"];

impl Finding {
    /// Whether it is listed as unfinished before an official export: every error, and the
    /// warnings of [`UNFINISHED_WARNING_RULES`].
    pub fn is_unfinished(&self) -> bool {
        match self.severity {
            Severity::Error => true,
            Severity::Warning => UNFINISHED_WARNING_RULES.contains(&self.rule),
            Severity::Info => false,
        }
    }
}

/// What is unfinished in a report before an official export ([`Finding::is_unfinished`]):
/// errors first, then the warnings, each in reading order.
pub fn unfinished(report: &Report, findings: &[Finding]) -> Vec<Finding> {
    let mut list: Vec<Finding> = findings.iter().filter(|f| f.is_unfinished()).cloned().collect();
    list.sort_by_key(|f| (f.severity != Severity::Error, f.location.reading_order(report)));
    list
}

/// What a finding does to a final export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gate {
    /// Nothing.
    None,
    /// Allowed after a confirmation that lists it (CLI: `--force`).
    Confirm,
    /// Blocked until fixed (a draft is still possible).
    Block,
}

/// Runs every rule. `previous` overrides the last-year figures stored in the report.
pub fn check(report: &Report, previous: Option<&PreviousYear>) -> Vec<Finding> {
    let mut out = Vec::new();
    structure::check(report, &mut out);
    table2::check(report, &mut out);
    table3::check(report, &mut out);
    table4::check(report, &mut out);
    text::check(report, &mut out);
    narrative::check(report, &mut out);
    wording::check(report, &mut out);
    limits::check(report, &mut out);
    if let Some(prev) = previous.or(report.previous.as_ref()) {
        crossyear::check(report, prev, &mut out);
    }
    out
}

/// Counts of findings by severity: (errors, warnings, infos).
pub fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    findings.iter().fold((0, 0, 0), |(e, w, i), f| match f.severity {
        Severity::Error => (e + 1, w, i),
        Severity::Warning => (e, w + 1, i),
        Severity::Info => (e, w, i + 1),
    })
}

#[cfg(test)]
mod place_tests {
    use super::*;
    use crate::model::AgencyLevel;
    use crate::model::report::{Block, Date};
    use crate::model::standard::new_report;
    use crate::model::tables::t3;

    #[test]
    fn places_are_said_in_words() {
        let mut r = new_report("某镇人民政府", 2025, AgencyLevel::Township);
        r.sections[0].blocks = vec![
            Block::Subheading("（一）主动公开".into()),
            Block::Paragraph("甲".into()),
            Block::Paragraph("乙".into()),
            Block::Subheading("（二）依申请公开".into()),
            Block::Paragraph("丙".into()),
        ];
        assert_eq!(Location::Block(0, 2).describe(&r), "第一部分（一）第2段");
        assert_eq!(Location::Block(0, 3).describe(&r), "第一部分小标题（二）");
        assert_eq!(Location::Block(0, 4).describe(&r), "第一部分（二）第1段");
        r.sections[5].blocks = vec![Block::Paragraph("丁".into())];
        assert_eq!(Location::Block(5, 0).describe(&r), "第六部分第1段");
        assert_eq!(Location::Preamble(0).describe(&r), "前言第1段");
        assert_eq!(
            Location::Cell(CellId::t3(t3::R1, 0)).describe(&r),
            "表三 一、本年新收政府信息公开申请数量 × 自然人"
        );
        assert!(!Location::Block(0, 2).describe(&r).contains("section"));
    }

    fn example() -> Report {
        crate::io::load_str(include_str!("../../../assets/examples/jinsha-2024.ron")).expect("the example reads")
    }

    #[test]
    fn the_example_is_unfinished_only_for_its_doc_number() {
        let r = example();
        let list = unfinished(&r, &check(&r, None));
        let rules: Vec<(&str, Location)> = list.iter().map(|f| (f.rule, f.location)).collect();
        assert_eq!(rules, [("S09", Location::DocNumber)], "{list:?}");
        // Its other warnings (S02, X12, X10) and hints are not on the list.
        assert!(check(&r, None).iter().any(|f| f.rule == "S02" && !f.is_unfinished()));
    }

    #[test]
    fn errors_placeholders_and_a_late_date_are_unfinished_errors_first() {
        let mut r = example();
        r.doc_number = "金政〔2025〕3号".into();
        assert!(unfinished(&r, &check(&r, None)).is_empty(), "numbered: nothing unfinished");
        r.date = Date::new(2025, 2, 20);
        r.sections[5].blocks = vec![Block::Paragraph("（文字描述）".into())];
        let list = unfinished(&r, &check(&r, None));
        let rules: Vec<&str> = list.iter().map(|f| f.rule).collect();
        assert!(rules.contains(&"X03") && rules.contains(&"S09"), "{rules:?}");
        let late = list.iter().find(|f| f.rule == "X03").expect("late date");
        assert_eq!((late.severity, late.location), (Severity::Warning, Location::Date));
        // Section 六 without the fee statement is an error (X04): listed before the warnings.
        assert_eq!(list[0].severity, Severity::Error, "{list:?}");
        let first_warning = list.iter().position(|f| f.severity == Severity::Warning).expect("warnings");
        assert!(list[first_warning..].iter().all(|f| f.severity == Severity::Warning));
        // The placeholder (第六部分) comes before the date (落款) in reading order.
        let s09 = list.iter().position(|f| f.rule == "S09").expect("S09");
        let x03 = list.iter().position(|f| f.rule == "X03").expect("X03");
        assert!(s09 < x03);
        // A missing date is unfinished too.
        r.date = None;
        assert!(unfinished(&r, &check(&r, None)).iter().any(|f| f.rule == "X03"));
    }

    #[test]
    fn reading_order_follows_the_printed_report() {
        let r = new_report("某镇人民政府", 2025, AgencyLevel::Township);
        let order = [
            Location::DocNumber,
            Location::Title,
            Location::Preamble(0),
            Location::Block(0, 3),
            Location::Block(2, 0),
            Location::Cell(CellId::t3(t3::R1, 0)),
            Location::Cell(CellId::t3(t3::R2, 0)),
            Location::Block(3, 0),
            Location::Date,
        ];
        for w in order.windows(2) {
            assert!(w[0].reading_order(&r) < w[1].reading_order(&r), "{:?} before {:?}", w[0], w[1]);
        }
    }
}
