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
    LabelDeviation, OLD_T2_TERMS, ObservedTables, check_observed_tables, missing_t3_row_message, normalize_label,
    old_t2_term_message, standard_subheadings,
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
