//! The open report: its file, whether it changed since it was saved, undo and redo, and the
//! findings of the checks (recomputed only when the report changes).
//!
//! Undo is snapshot-based: every committed edit (a cell, a paste, moving a paragraph, finishing
//! a text edit) stores the report as it was before. A report is about 20 KB, so a snapshot costs
//! microseconds, and nothing is cloned on frames where nothing changes. While a text box has
//! the keyboard, its own undo (Ctrl+Z inside the box) works on the text; the document's undo
//! takes over when the box is left.

use std::path::PathBuf;

use crate::model::{Finding, Report, check};

/// How many steps of undo are kept.
pub const UNDO_LIMIT: usize = 200;

/// The report being edited.
#[derive(Clone, Debug)]
pub struct Document {
    /// The report.
    pub report: Report,
    /// Its file, once it has one.
    pub path: Option<PathBuf>,
    revision: u64,
    saved_revision: u64,
    undo: Vec<(Report, u64)>,
    redo: Vec<(Report, u64)>,
    findings: Vec<Finding>,
    findings_revision: u64,
}

impl Document {
    /// A document for a report, with or without a file.
    pub fn new(report: Report, path: Option<PathBuf>) -> Self {
        let findings = check(&report, None);
        Self {
            report,
            path,
            revision: 1,
            saved_revision: 1,
            undo: Vec::new(),
            redo: Vec::new(),
            findings,
            findings_revision: 1,
        }
    }

    /// A document that has never been saved (the bundled example, a new report): it counts as
    /// changed until it is saved.
    pub fn unsaved(report: Report) -> Self {
        let mut d = Self::new(report, None);
        d.saved_revision = 0;
        d
    }

    /// Whether there are changes that are not saved.
    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    /// A counter that changes with every change of the report.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Marks the current state as saved (to `path`).
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.saved_revision = self.revision;
    }

    /// Applies an edit as one undo step. Returns what the closure returns.
    pub fn edit<R>(&mut self, f: impl FnOnce(&mut Report) -> R) -> R {
        let before = self.report.clone();
        let r = f(&mut self.report);
        if self.report != before {
            self.push_undo(before);
            self.revision += 1;
        }
        r
    }

    /// Records an undo step for a change that was already made in place (a text box edits its
    /// field directly): `before` is the report as it was when the box took the keyboard.
    pub fn commit_in_place(&mut self, before: Report) {
        if before != self.report {
            self.push_undo(before);
        }
    }

    /// Notes that the report was changed in place (every keystroke in a text box), so that the
    /// checks run again; the undo step is recorded by [`Self::commit_in_place`].
    pub fn touch(&mut self) {
        self.revision += 1;
    }

    fn push_undo(&mut self, before: Report) {
        self.undo.push((before, self.revision));
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undoes the last step.
    pub fn undo(&mut self) -> bool {
        let Some((report, _)) = self.undo.pop() else { return false };
        let current = std::mem::replace(&mut self.report, report);
        self.redo.push((current, self.revision));
        self.revision += 1;
        true
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self) -> bool {
        let Some((report, _)) = self.redo.pop() else { return false };
        let current = std::mem::replace(&mut self.report, report);
        self.undo.push((current, self.revision));
        self.revision += 1;
        true
    }

    /// The findings for the current report (rerun only after a change).
    pub fn findings(&mut self) -> &[Finding] {
        if self.findings_revision != self.revision {
            self.findings = check(&self.report, None);
            self.findings_revision = self.revision;
        }
        &self.findings
    }

    /// The file name for titles: `金砂镇2025.ron`, or “永定区金砂镇2024年报（未保存）” for a report
    /// without a file.
    pub fn display_name(&self) -> String {
        match self.path.as_ref().and_then(|p| p.file_name()) {
            Some(n) => n.to_string_lossy().into_owned(),
            None => format!("{}{}年报（未保存）", self.report.agency.trim(), self.report.year),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::standard::new_report;
    use crate::model::{AgencyLevel, CellId};

    fn doc() -> Document {
        Document::new(new_report("某镇人民政府", 2025, AgencyLevel::Township), Some("x.ron".into()))
    }

    #[test]
    fn edits_undo_and_redo() {
        let mut d = doc();
        assert!(!d.is_dirty());
        let cell = CellId::from_key("t3.R1.natural").unwrap_or(CellId(0));
        d.edit(|r| r.tables.set(cell, Some(5)));
        assert!(d.is_dirty());
        assert_eq!(d.report.tables.get(cell), Some(5));
        assert!(d.undo());
        assert_eq!(d.report.tables.get(cell), Some(0));
        assert!(d.redo());
        assert_eq!(d.report.tables.get(cell), Some(5));
        // A new edit clears redo.
        d.undo();
        d.edit(|r| r.title.push('x'));
        assert!(!d.can_redo());
    }

    #[test]
    fn edits_that_change_nothing_leave_no_step() {
        let mut d = doc();
        d.edit(|r| r.year = 2025);
        assert!(!d.can_undo());
        assert!(!d.is_dirty());
    }

    #[test]
    fn in_place_text_edits_are_one_step() {
        let mut d = doc();
        let before = d.report.clone();
        for c in "新的段落".chars() {
            d.report.preamble[0].push(c);
            d.touch();
        }
        d.commit_in_place(before);
        assert!(d.undo());
        assert!(!d.report.preamble[0].contains("新的段落"));
        assert!(!d.can_undo());
    }

    #[test]
    fn findings_follow_the_report() {
        let mut d = doc();
        assert!(d.findings().iter().all(|f| f.rule != "T3-01"));
        d.edit(|r| r.tables.set(CellId::from_key("t3.R1.natural").unwrap_or(CellId(0)), Some(5)));
        assert!(d.findings().iter().any(|f| f.rule == "T3-01"));
    }

    #[test]
    fn undo_is_bounded() {
        let mut d = doc();
        for i in 0..(UNDO_LIMIT + 20) {
            d.edit(|r| r.title = format!("{i}"));
        }
        let mut n = 0;
        while d.undo() {
            n += 1;
        }
        assert_eq!(n, UNDO_LIMIT);
    }
}
