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
    /// The place whose text box gets the keyboard this frame (after F8, a finding click, a
    /// search), taken by the component that draws it.
    pub focus: &'a mut Option<Location>,
    /// The text boxes of the page in the order drawn (Tab goes round them, never into the menus).
    pub tab_order: &'a mut Vec<egui::Id>,
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

impl Cx<'_> {
    /// Whether the text box of `location` is to take the keyboard now (once).
    pub fn take_focus(&mut self, location: Location) -> bool {
        if *self.focus == Some(location) {
            *self.focus = None;
            true
        } else {
            false
        }
    }

    /// Notes a text box of the page for Tab, and gives it the keyboard if it is `location`'s.
    pub fn text_box(&mut self, resp: &egui::Response, location: Option<Location>) {
        self.tab_order.push(resp.id);
        if location.is_some_and(|l| self.take_focus(l)) {
            resp.request_focus();
        }
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

/// What the input method did this frame: whether a candidate was committed, and whether a
/// composition is now going on (`None`: no IME event this frame, the state is unchanged). The
/// Enter that commits a candidate must not also move the cursor or start a paragraph.
pub fn ime_events(ui: &egui::Ui) -> (bool, Option<bool>) {
    ui.input(|i| {
        let commit = i.events.iter().any(|e| matches!(e, egui::Event::Ime(egui::ImeEvent::Commit(_))));
        let composing = i.events.iter().rev().find_map(|e| match e {
            egui::Event::Ime(egui::ImeEvent::Preedit { text, .. }) => Some(!text.is_empty()),
            egui::Event::Ime(egui::ImeEvent::Commit(_)) => Some(false),
            _ => None,
        });
        (commit, composing)
    })
}

/// Whether Ctrl+Z pressed in the focused text box `id`, which shows `text`, is the report's
/// undo rather than the box's own: the box has no earlier text to go back to (only caret
/// positions, or nothing at all). The key is then taken from the box.
pub fn undo_falls_through(ui: &egui::Ui, id: egui::Id, text: &str) -> bool {
    if !ui.memory(|m| m.has_focus(id)) {
        return false;
    }
    let is_undo = |e: &egui::Event| {
        matches!(e, egui::Event::Key { key: egui::Key::Z, pressed: true, modifiers, .. }
            if modifiers.command && !modifiers.shift && !modifiers.alt)
    };
    let Some(at) = ui.input(|i| i.events.iter().position(is_undo)) else { return false };
    if box_can_undo_text(ui.ctx(), id, text) {
        return false;
    }
    ui.input_mut(|i| {
        if i.events.get(at).is_some_and(is_undo) {
            i.events.remove(at);
        }
    });
    true
}

/// Whether the text box `id`'s own undo would change its text (now `text`).
fn box_can_undo_text(ctx: &egui::Context, id: egui::Id, text: &str) -> bool {
    let Some(state) = egui::TextEdit::load_state(ctx, id) else { return false };
    let mut undoer = state.undoer();
    let mut current = (state.cursor.char_range().unwrap_or_default(), text.to_owned());
    // Each step pops one undo point; the stack is bounded (egui keeps at most 100).
    for _ in 0..1000 {
        let Some(earlier) = undoer.undo(&current).cloned() else { return false };
        if earlier.1 != text {
            return true;
        }
        if earlier == current {
            return false;
        }
        current = earlier;
    }
    false
}
