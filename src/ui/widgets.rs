//! What every component is given for a frame, and small pieces they share.

use egui::Color32;

use super::document::Document;
use super::style::colors;
use crate::model::{Finding, Location, Report, Severity};

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
    /// The reviewer's marks, while the unit was opened from 汇总审核.
    pub marks: Option<&'a crate::desk::UnitMarks>,
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

    /// Notes a text box of the page for Tab, and gives it the keyboard if it is `location`'s
    /// (then `true`).
    pub fn text_box(&mut self, resp: &egui::Response, location: Option<Location>) -> bool {
        self.tab_order.push(resp.id);
        let focus = location.is_some_and(|l| self.take_focus(l));
        if focus {
            resp.request_focus();
        }
        focus
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

/// Whether Ctrl+Z (or Ctrl+Y, Ctrl+Shift+Z) pressed in the focused text box `id`, which shows
/// `text`, is the report's undo (redo) rather than the box's own: the box has no other text to
/// go back (forward) to, only caret positions or nothing at all. The key is then taken from
/// the box and the report's command returned.
pub fn history_falls_through(ui: &egui::Ui, id: egui::Id, text: &str) -> Option<super::command::Command> {
    use super::command::Command;
    if !ui.memory(|m| m.has_focus(id)) {
        return None;
    }
    let which = |e: &egui::Event| match e {
        egui::Event::Key { key, pressed: true, modifiers, .. } if modifiers.command && !modifiers.alt => {
            match (key, modifiers.shift) {
                (egui::Key::Z, false) => Some(Command::Undo),
                (egui::Key::Z, true) | (egui::Key::Y, false) => Some(Command::Redo),
                _ => None,
            }
        }
        _ => None,
    };
    let (at, command) = ui.input(|i| i.events.iter().enumerate().find_map(|(n, e)| which(e).map(|c| (n, c))))?;
    if box_can_change_text(ui.ctx(), id, text, command == Command::Undo) {
        return None;
    }
    ui.input_mut(|i| {
        if i.events.get(at).and_then(which) == Some(command) {
            i.events.remove(at);
        }
    });
    Some(command)
}

/// Whether the text box `id`'s own undo (`undo`) or redo would change its text (now `text`).
fn box_can_change_text(ctx: &egui::Context, id: egui::Id, text: &str, undo: bool) -> bool {
    let Some(state) = egui::TextEdit::load_state(ctx, id) else { return false };
    let mut undoer = state.undoer();
    let mut current = (state.cursor.char_range().unwrap_or_default(), text.to_owned());
    // Each step pops one point; the stacks are bounded (egui keeps at most 100).
    for _ in 0..1000 {
        let step = if undo { undoer.undo(&current) } else { undoer.redo(&current) };
        let Some(other) = step.cloned() else { return false };
        if other.1 != text {
            return true;
        }
        if other == current {
            return false;
        }
        current = other;
    }
    false
}

/// Puts the caret of the text box `id` before the `caret`-th character (the box reads it the
/// next time it is drawn; a caret past the end is put at the end).
pub fn set_caret(ctx: &egui::Context, id: egui::Id, caret: usize) {
    select_chars(ctx, id, caret..caret);
}

/// Selects the characters `range` of the text box `id` (an empty range: the caret there).
pub fn select_chars(ctx: &egui::Context, id: egui::Id, range: std::ops::Range<usize>) {
    use egui::text::{CCursor, CCursorRange};
    let mut state = egui::TextEdit::load_state(ctx, id).unwrap_or_default();
    let range = CCursorRange::two(CCursor::new(range.start), CCursor::new(range.end));
    state.cursor.set_char_range(Some(range));
    egui::TextEdit::store_state(ctx, id, state);
}

/// A finding as the checks panel and the export lists say it: “place：message”, or only the
/// message when it already begins with the place (“表三“一、本年新收…”×“自然人”为空。”, not
/// “表三 一、本年新收… × 自然人：表三“…”×“自然人”为空。”). The CLI keeps its own form.
pub fn place_and_message(f: &Finding, r: &Report) -> String {
    let place = f.location.describe(r);
    if names_its_place(f, &place) { f.message.clone() } else { format!("{place}：{}", f.message) }
}

/// Whether a finding's message begins with its place (`place`, in words): a table's findings
/// begin with “表三…” (then the row and column in quotes), a part's with “第五部分…”, a
/// sub-heading's with “第一部分小标题“…””.
fn names_its_place(f: &Finding, place: &str) -> bool {
    let lead = match f.location {
        Location::Cell(c) => format!("表{}", c.decl().table.numeral()),
        Location::Table(t) => format!("表{}", t.numeral()),
        Location::Section(s) => match crate::model::standard::NUMERALS.get(s) {
            Some(n) => format!("第{n}部分"),
            None => return false,
        },
        // “第一部分小标题（二）”: the message quotes the sub-heading itself.
        Location::Block(..) => match place.find("小标题") {
            Some(i) => format!("{}“", &place[..i + "小标题".len()]),
            None => return false,
        },
        _ => return false,
    };
    f.message.starts_with(&lead)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tables::{CellId, TableId, t3};

    #[test]
    fn a_message_that_names_its_place_is_said_once() {
        let r = crate::model::standard::new_report("某镇人民政府", 2025, crate::model::AgencyLevel::Township);
        let cell = CellId::t3(t3::R1, 0);
        let blank = Finding::new(
            "S05",
            Severity::Error,
            Location::Cell(cell),
            "表三“一、本年新收政府信息公开申请数量”×“自然人”为空。".into(),
        );
        assert_eq!(place_and_message(&blank, &r), blank.message);
        let table = Finding::new("S03", Severity::Error, Location::Table(TableId::T3), "表三左上角应保留说明。".into());
        assert_eq!(place_and_message(&table, &r), table.message);
        let part = Finding::new("X08", Severity::Warning, Location::Section(4), "第五部分内容过少。".into());
        assert_eq!(place_and_message(&part, &r), part.message);
        // Another table's name, or a message that does not begin with the place: both said.
        let other = Finding::new("X", Severity::Error, Location::Cell(cell), "表二“规章”各栏应为0。".into());
        assert_eq!(place_and_message(&other, &r), format!("{}：{}", Location::Cell(cell).describe(&r), other.message));
        let fee = Finding::new("S07", Severity::Warning, Location::Cell(cell), "行政事业性收费单位为“万元”。".into());
        assert!(place_and_message(&fee, &r).starts_with("表三 一、本年新收"), "{}", place_and_message(&fee, &r));
        let first_sub = r.sections[0].blocks.iter().position(|b| matches!(b, crate::model::Block::Subheading(_)));
        let sub = Location::Block(0, first_sub.expect("the template's part 一 has sub-headings"));
        assert!(sub.describe(&r).starts_with("第一部分小标题"), "{}", sub.describe(&r));
        let heading = Finding::new("S02", Severity::Warning, sub, "第一部分小标题“(一)概述”与标准写法不一致。".into());
        assert_eq!(place_and_message(&heading, &r), heading.message);
        let para =
            Finding::new("S09", Severity::Warning, Location::Block(0, 1), "正文中仍有未填写的占位内容“XX”。".into());
        assert!(place_and_message(&para, &r).starts_with("第一部分"), "{}", place_and_message(&para, &r));
        let date = Finding::new("X03", Severity::Warning, Location::Date, "落款日期未填写。".into());
        assert_eq!(place_and_message(&date, &r), "落款日期：落款日期未填写。", "only cells, tables and parts");
    }
}
