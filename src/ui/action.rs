//! What the panels, the grid and the dialogs ask the editor to do.
//!
//! A component draws from what it is given and pushes [`Action`]s; the editor applies them in
//! one place, once per frame, after everything is drawn ([`super::Editor`]'s `apply`). That is
//! also where a panic in an action is caught, so that no action can take the report with it.

use std::path::PathBuf;

use super::dialogs::PathPurpose;
use super::recovery::Recovered;
use super::{Dialog, Pending, View};
use crate::export::Format;
use crate::model::edit::Edit;
use crate::model::review::{Change, Comment};
use crate::model::{AgencyLevel, CellId, Location};
use crate::ui::command::Command;

/// Where an export goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Output {
    /// A file (PDF, Word, web page).
    File(Format),
    /// The clipboard, as HTML with a plain-text alternative (复制网页版).
    Clipboard,
}

impl Output {
    /// What is made, in messages: PDF, Word 文档, 网页版.
    pub fn label(self) -> &'static str {
        match self {
            Self::File(Format::Pdf) => "PDF",
            Self::File(Format::Docx) => "Word 文档",
            Self::File(Format::Html) => "网页版",
            Self::Clipboard => "网页版",
        }
    }
}

/// Something the user asked for.
#[derive(Clone, Debug)]
pub enum Action {
    /// A command of the menus and shortcuts.
    Command(Command),
    /// A change to the report: one undo step.
    Edit(Edit),
    /// Changes to the report applied together as one undo step (Enter splitting a paragraph:
    /// its text cut at the caret and the new paragraph below), all or none.
    Edits(Vec<Edit>),
    /// A change typed into a text box: the changes of one box's session become one undo step
    /// when the box is left ([`Action::EndTyping`]) or anything else happens.
    Type(Edit),
    /// The text box was left.
    EndTyping,
    /// Show a part of the report.
    Show(View),
    /// Go to the place a finding points at.
    GoTo(Location, Vec<CellId>),
    /// Open a dialog.
    Dialog(Dialog),
    /// A message in the status bar.
    Status(String),
    /// Open a file, after asking to save unsaved changes.
    Open(PathBuf),
    /// Import a report file (any format the importer reads), after asking to save unsaved changes.
    Import(PathBuf),
    /// 保存, then go on with what waited.
    SaveThen(Pending),
    /// 不保存: drop the changes and go on.
    DiscardThen(Pending),
    /// Start a new report from the template.
    NewReport {
        /// 机关全称.
        agency: String,
        /// 报告年度.
        year: u16,
        /// 机关类型.
        level: AgencyLevel,
    },
    /// Restore a recovery copy.
    Recover(Box<Recovered>),
    /// Throw a recovery copy away.
    DiscardRecovery(String),
    /// Write the PDF, Word file or web page, or copy the web page (after the gate's dialogs).
    Export {
        /// Where it goes.
        to: Output,
        /// With the 草稿 watermark.
        draft: bool,
        /// Past the confirmation of non-table errors.
        force: bool,
    },
    /// Show a file in the file manager.
    Reveal(PathBuf),
    /// A path typed by hand because the file dialog could not open (after the unsaved-changes
    /// question, which was already answered).
    PathChosen(PathPurpose, PathBuf),
    /// Apply the reviewer's changes the clerk accepted (导入审核意见), as one undo step.
    ApplyReview {
        /// The returned file (for the messages).
        file: PathBuf,
        /// The accepted changes.
        changes: Vec<Change>,
        /// The reviewer's comments (listed again with the result).
        comments: Vec<Comment>,
    },
}
