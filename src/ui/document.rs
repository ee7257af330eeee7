//! The open report: its file, whether it changed since it was saved, undo and redo, and what
//! is derived from it (findings, cell marks, outline counts), computed once per change.
//!
//! Every change is an [`Edit`]. Undo is snapshot-based: each step stores the report as it was
//! before (a report is about 20 KB, so a snapshot costs microseconds, and nothing is copied on
//! frames where nothing changes). Typing in a text box is one session: the report is copied at
//! the box's first change, every keystroke is applied at once (so the checks follow), and the
//! session becomes one undo step when the box is left ([`Document::end_typing`]). While a text
//! box has the keyboard, its own undo (Ctrl+Z inside the box) works on the text.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::model::edit::{self, Edit, EditError};
use crate::model::standard::headings_deviate;
use crate::model::{CellId, Finding, Location, Report, Severity, check};

/// How many steps of undo are kept.
pub const UNDO_LIMIT: usize = 200;

/// How cells are marked: the worst severity and the messages.
pub type CellMarks = HashMap<CellId, (Severity, Vec<String>)>;

/// What is computed from a report after each change, and shared by every frame until the next.
#[derive(Clone, Debug, Default)]
pub struct Derived {
    /// The findings, in the order of the checks.
    pub findings: Vec<Finding>,
    /// Indices into `findings`, errors first, then warnings, then hints (stable).
    pub by_severity: Vec<usize>,
    /// The cells that take part in a finding.
    pub marks: CellMarks,
    /// Errors and warnings per part: index 0 is the title block, `1 + s` section `s`.
    pub counts: Vec<(usize, usize)>,
    /// Whether 恢复标准标题 would change anything.
    pub headings_deviate: bool,
}

impl Derived {
    fn of(report: &Report) -> Self {
        let findings = check(report, None);
        let mut by_severity: Vec<usize> = (0..findings.len()).collect();
        by_severity.sort_by_key(|&i| findings[i].severity);
        let marks = cell_marks(&findings);
        let mut counts = vec![(0, 0); report.sections.len() + 1];
        for f in &findings {
            if let Some(part) = part_of(f.location, report)
                && let Some(n) = counts.get_mut(part)
            {
                match f.severity {
                    Severity::Error => n.0 += 1,
                    Severity::Warning => n.1 += 1,
                    Severity::Info => {}
                }
            }
        }
        Self { findings, by_severity, marks, counts, headings_deviate: headings_deviate(report) }
    }

    /// The findings, errors first.
    pub fn sorted(&self) -> impl Iterator<Item = &Finding> {
        self.by_severity.iter().map(|&i| &self.findings[i])
    }
}

/// The marks of the cells that take part in the findings (for [`super::TableGrid`]): the worst
/// severity of each cell and its messages.
pub fn cell_marks(findings: &[Finding]) -> CellMarks {
    let mut marks: CellMarks = HashMap::new();
    for f in findings {
        let here = match f.location {
            Location::Cell(c) if !f.cells.contains(&c) => Some(c),
            _ => None,
        };
        for &c in f.cells.iter().chain(here.iter()) {
            let e = marks.entry(c).or_insert((f.severity, Vec::new()));
            e.0 = e.0.min(f.severity);
            if !e.1.contains(&f.message) {
                e.1.push(f.message.clone());
            }
        }
    }
    marks
}

/// The part of the report (as in [`Derived::counts`]) that a location belongs to.
pub fn part_of(location: Location, r: &Report) -> Option<usize> {
    match location {
        Location::Cell(c) => r.table_section(c.decl().table).map(|s| s + 1),
        Location::Table(t) => r.table_section(t).map(|s| s + 1),
        Location::Section(s) | Location::Block(s, _) => Some(s + 1),
        Location::Report => None,
        Location::Title | Location::DocNumber | Location::Signer | Location::Date | Location::Preamble(_) => Some(0),
    }
}

/// The report being edited.
#[derive(Clone, Debug)]
pub struct Document {
    /// The report. Change it through [`Self::apply`] and [`Self::type_edit`].
    pub report: Report,
    /// Its file, once it has one.
    pub path: Option<PathBuf>,
    revision: u64,
    saved_revision: u64,
    undo: Vec<Report>,
    redo: Vec<Report>,
    /// The report as it was before the text box being typed in changed it.
    typing: Option<Report>,
    derived: Derived,
    derived_revision: u64,
}

/// A revision number never given before in this process: a revision names one state of one
/// document, so what is kept by revision (the autosave's last copy, the find results) is never
/// taken for another document's.
fn next_revision() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Document {
    /// A document for a report, with or without a file.
    pub fn new(report: Report, path: Option<PathBuf>) -> Self {
        let derived = Derived::of(&report);
        let revision = next_revision();
        Self {
            report,
            path,
            revision,
            saved_revision: revision,
            undo: Vec::new(),
            redo: Vec::new(),
            typing: None,
            derived,
            derived_revision: revision,
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

    /// Changes with every change of the report; unique across documents.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Marks the current state as saved (to `path`).
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.saved_revision = self.revision;
    }

    /// Applies an edit as one undo step (ending a typing session first). `Ok(false)` when it
    /// changed nothing. A refused edit, or one that panics, leaves the report as it was.
    pub fn apply(&mut self, e: &Edit) -> Result<bool, EditError> {
        self.apply_all(std::slice::from_ref(e))
    }

    /// Applies edits in order as one undo step (the reviewer's accepted changes): all of them
    /// or, when one is refused or panics, none. `Ok(false)` when together they changed nothing.
    pub fn apply_all(&mut self, edits: &[Edit]) -> Result<bool, EditError> {
        self.end_typing();
        let before = self.report.clone();
        for e in edits {
            self.change(e, &before)?;
        }
        if self.report == before {
            return Ok(false);
        }
        self.push_undo(before);
        self.revision = next_revision();
        Ok(true)
    }

    /// Applies an edit typed into a text box: part of the box's session, which becomes one undo
    /// step at [`Self::end_typing`].
    pub fn type_edit(&mut self, e: &Edit) -> Result<(), EditError> {
        // The text edits ([`Edit::SetText`], [`Edit::SetField`]) replace one string: they are
        // refused before anything changes, and cannot stop halfway.
        if self.typing.is_none() {
            self.typing = Some(self.report.clone());
        }
        edit::apply(&mut self.report, e)?;
        self.revision = next_revision();
        Ok(())
    }

    /// Ends a typing session: its changes become one undo step.
    pub fn end_typing(&mut self) {
        if let Some(before) = self.typing.take()
            && before != self.report
        {
            self.push_undo(before);
        }
    }

    /// Applies `e`; on a refusal or a panic the report goes back to `before`.
    fn change(&mut self, e: &Edit, before: &Report) -> Result<(), EditError> {
        let report = &mut self.report;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| edit::apply(report, e)));
        match result {
            Ok(Ok(())) => Ok(()),
            Ok(Err(err)) => {
                self.report.clone_from(before);
                Err(err)
            }
            Err(panic) => {
                self.report.clone_from(before);
                std::panic::resume_unwind(panic)
            }
        }
    }

    fn push_undo(&mut self, before: Report) {
        self.undo.push(before);
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty() || self.typing.as_ref().is_some_and(|b| *b != self.report)
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undoes the last step.
    pub fn undo(&mut self) -> bool {
        self.end_typing();
        let Some(report) = self.undo.pop() else { return false };
        let current = std::mem::replace(&mut self.report, report);
        self.redo.push(current);
        self.revision = next_revision();
        true
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self) -> bool {
        self.end_typing();
        let Some(report) = self.redo.pop() else { return false };
        let current = std::mem::replace(&mut self.report, report);
        self.undo.push(current);
        self.revision = next_revision();
        true
    }

    /// Brings what is derived from the report up to date (once per change; call before drawing).
    pub fn refresh(&mut self) {
        if self.derived_revision != self.revision {
            self.derived = Derived::of(&self.report);
            self.derived_revision = self.revision;
        }
    }

    /// What is derived from the report, as of the last [`Self::refresh`].
    pub fn derived(&self) -> &Derived {
        &self.derived
    }

    /// The findings for the current report.
    pub fn findings(&mut self) -> &[Finding] {
        self.refresh();
        &self.derived.findings
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
    use crate::model::AgencyLevel;
    use crate::model::edit::{BlockRef, Field, List};
    use crate::model::standard::new_report;

    fn doc() -> Document {
        Document::new(new_report("某镇人民政府", 2025, AgencyLevel::Township), Some("x.ron".into()))
    }

    fn cell(key: &str) -> CellId {
        CellId::from_key(key).unwrap()
    }

    fn set(key: &str, v: u64) -> Edit {
        Edit::SetCell { cell: cell(key), value: Some(v) }
    }

    #[test]
    fn edits_undo_and_redo() {
        let mut d = doc();
        assert!(!d.is_dirty());
        assert_eq!(d.apply(&set("t3.R1.natural", 5)), Ok(true));
        assert!(d.is_dirty());
        assert_eq!(d.report.tables.get(cell("t3.R1.natural")), Some(5));
        assert!(d.undo());
        assert_eq!(d.report.tables.get(cell("t3.R1.natural")), Some(0));
        assert!(d.redo());
        assert_eq!(d.report.tables.get(cell("t3.R1.natural")), Some(5));
        // A new edit clears redo.
        d.undo();
        d.apply(&Edit::SetField { field: Field::Title, text: "x".into() }).unwrap();
        assert!(!d.can_redo());
    }

    #[test]
    fn edits_that_change_nothing_leave_no_step() {
        let mut d = doc();
        assert_eq!(d.apply(&Edit::SetYear(2025)), Ok(false));
        assert!(!d.can_undo());
        assert!(!d.is_dirty());
    }

    #[test]
    fn a_refused_edit_leaves_no_trace() {
        let mut d = doc();
        let before = d.report.clone();
        assert!(d.apply(&Edit::Delete(BlockRef::new(List::Section(5), 9))).is_err());
        assert_eq!(d.report, before);
        assert!(!d.can_undo() && !d.is_dirty());
    }

    #[test]
    fn typing_is_one_step() {
        let mut d = doc();
        let at = BlockRef::new(List::Preamble, 0);
        let start = d.report.preamble[0].clone();
        let mut text = start.clone();
        for c in "新的段落".chars() {
            text.push(c);
            d.type_edit(&Edit::SetText { at, text: text.clone() }).unwrap();
        }
        assert!(d.report.preamble[0].ends_with("新的段落"));
        assert!(d.findings().iter().all(|f| f.rule != "S05"), "the checks follow every keystroke");
        d.end_typing();
        assert!(d.undo());
        assert_eq!(d.report.preamble[0], start);
        assert!(!d.can_undo());
        // Another edit ends a session too.
        d.type_edit(&Edit::SetText { at, text: "甲".into() }).unwrap();
        d.apply(&set("t3.R1.natural", 1)).unwrap();
        assert!(d.undo());
        assert_eq!(d.report.preamble[0], "甲", "the cell was its own step");
        assert!(d.undo());
        assert_eq!(d.report.preamble[0], start);
    }

    #[test]
    fn derived_state_follows_the_report() {
        let mut d = doc();
        d.refresh();
        assert!(d.derived().findings.iter().all(|f| f.rule != "T3-01"));
        d.apply(&set("t3.R1.natural", 5)).unwrap();
        d.refresh();
        let derived = d.derived();
        assert!(derived.findings.iter().any(|f| f.rule == "T3-01"));
        assert!(derived.marks.contains_key(&cell("t3.R1.natural")));
        let section3 = d.report.section_index(3).unwrap();
        assert!(derived.counts[section3 + 1].0 > 0, "the outline counts the error under section 三");
        let first = derived.sorted().next().map(|f| f.severity);
        assert_eq!(first, Some(Severity::Error));
    }

    #[test]
    fn several_edits_are_one_step_and_all_or_nothing() {
        let mut d = doc();
        let both = [set("t3.R1.natural", 2), Edit::SetField { field: Field::Signer, text: "某镇".into() }];
        assert_eq!(d.apply_all(&both), Ok(true));
        assert_eq!(d.report.tables.get(cell("t3.R1.natural")), Some(2));
        assert_eq!(d.report.signer, "某镇");
        assert!(d.undo());
        assert_eq!(d.report.tables.get(cell("t3.R1.natural")), Some(0), "one undo takes both back");
        assert!(!d.can_undo());
        let before = d.report.clone();
        let refused = [set("t3.R1.natural", 3), Edit::Delete(BlockRef::new(List::Section(5), 99))];
        assert!(d.apply_all(&refused).is_err());
        assert_eq!(d.report, before, "the first edit is taken back too");
        assert!(!d.can_undo());
    }

    #[test]
    fn undo_is_bounded() {
        let mut d = doc();
        for i in 0..(UNDO_LIMIT + 20) {
            d.apply(&Edit::SetField { field: Field::Title, text: format!("{i}") }).unwrap();
        }
        let mut n = 0;
        while d.undo() {
            n += 1;
        }
        assert_eq!(n, UNDO_LIMIT);
    }
}
