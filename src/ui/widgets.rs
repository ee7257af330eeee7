//! What every component is given for a frame, and small pieces they share.

use egui::Color32;

use super::document::Document;
use super::style::colors;
use crate::model::{Location, Severity};

/// What the components read in a frame: the document (with what is derived from it) and where
/// the checks panel last pointed. Components never change the report; they push actions.
pub struct Cx<'a> {
    /// The open report.
    pub doc: &'a Document,
    /// A paragraph or field to highlight (reached from the checks panel).
    pub highlight: Option<Location>,
    /// Scroll the highlight into view (taken by the component that draws it).
    pub scroll_to_highlight: &'a mut bool,
    /// Show last year's figures in the table cells.
    pub show_previous: bool,
    /// Whether keys go to the page (not while a dialog is open).
    pub keyboard: bool,
}

impl Cx<'_> {
    /// Draws `add` inside a highlight frame when `location` is the highlight, and scrolls it
    /// into view once.
    pub fn highlighted<R>(&mut self, ui: &mut egui::Ui, location: Location, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
        let on = self.highlight == Some(location);
        let frame = if on { egui::Frame::new().fill(colors::HIGHLIGHT_BG).inner_margin(4) } else { egui::Frame::new() };
        let inner = frame.show(ui, add);
        if on && std::mem::take(self.scroll_to_highlight) {
            inner.response.scroll_to_me(Some(egui::Align::Center));
        }
        inner.inner
    }
}

/// The colour of a severity.
pub fn severity_color(s: Severity) -> Color32 {
    match s {
        Severity::Error => colors::ERROR,
        Severity::Warning => colors::WARNING,
        Severity::Info => colors::INFO,
    }
}
