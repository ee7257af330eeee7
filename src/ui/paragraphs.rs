//! The paragraphs of the preamble and of each section: one text box per paragraph, the
//! sub-headings, and the paragraph bar.
//!
//! Two habits keep the clerk's text safe:
//! - every block has an id of its own that follows it when it moves and dies with it, so a text
//!   box's own undo (Ctrl+Z inside the box) belongs to its paragraph, never to its place on the
//!   screen; undo, redo and a new document give every box a fresh id (their text may have
//!   changed under them);
//! - the buttons that move, insert and delete stand in a bar at a fixed place above the page
//!   and act on the paragraph the clerk is in (上移 twice moves the same paragraph twice), so no
//!   button slides under the pointer between two clicks. A deletion says how to undo it.

use std::collections::HashMap;

use egui::RichText;

use super::Dialog;
use super::action::Action;
use super::style::colors;
use super::widgets::Cx;
use crate::model::edit::{self, BlockRef, Edit, List};
use crate::model::standard::standard_subheading;
use crate::model::{Block, Report};

/// The state of the paragraph lists: the blocks' ids and the paragraph the bar acts on.
#[derive(Debug, Default)]
pub struct Paragraphs {
    ids: HashMap<List, Vec<u64>>,
    next_id: u64,
    /// The block the paragraph bar acts on: the one the clerk last clicked or typed in.
    pub current: Option<BlockRef>,
    /// Give this block's text box the keyboard on the next frame.
    focus: Option<BlockRef>,
    /// Where its caret goes then (in characters; `None`: where egui puts it).
    caret: Option<usize>,
    /// The paragraph Enter just split and where (the caret, in characters), taken by the
    /// editor when it applies the split: Ctrl+Z puts the keyboard back at the join.
    split_at: Option<(BlockRef, usize)>,
    /// What the last paragraph action did (“已删除段落（Ctrl+Z 恢复）”), shown in the bar.
    pub note: Option<String>,
    /// An input method composition is in progress in a paragraph (its Enter stays inside).
    composing: bool,
}

/// How wide prose is set: about 40 Chinese characters a line, as on the printed page.
const MEASURE_CHARS: f32 = 42.0;

impl Paragraphs {
    fn fresh(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// The id of a block's text box.
    fn id(&mut self, r: &Report, at: BlockRef) -> egui::Id {
        let len = edit::list_len(r, at.list).unwrap_or(0);
        if self.ids.get(&at.list).map(Vec::len) != Some(len) {
            // The list changed in a way these ids did not follow: start afresh.
            let ids = (0..len).map(|_| self.fresh()).collect();
            self.ids.insert(at.list, ids);
        }
        let n = self.ids.get(&at.list).and_then(|ids| ids.get(at.index)).copied().unwrap_or(0);
        egui::Id::unique(("block", n))
    }

    /// Follows an edit that was applied: ids move with their blocks, the bar's paragraph too.
    pub fn follow(&mut self, e: &Edit) {
        let at = match e {
            Edit::Insert { at, .. } | Edit::Delete(at) | Edit::MoveUp(at) | Edit::MoveDown(at) => *at,
            _ => return,
        };
        let fresh = self.fresh();
        let ids = self.ids.get_mut(&at.list);
        let i = at.index;
        self.note = None;
        match e {
            Edit::Insert { block, .. } => {
                if let Some(v) = ids {
                    v.insert(i.min(v.len()), fresh);
                }
                self.current = Some(at);
                if block.is_paragraph() {
                    self.focus = Some(at);
                }
            }
            Edit::Delete(_) => {
                if let Some(v) = ids.filter(|v| i < v.len()) {
                    v.remove(i);
                }
                self.current = None;
            }
            Edit::MoveUp(_) => {
                if let Some(v) = ids.filter(|v| i > 0 && i < v.len()) {
                    v.swap(i - 1, i);
                }
                self.current = Some(BlockRef::new(at.list, i.saturating_sub(1)));
            }
            _ => {
                if let Some(v) = ids.filter(|v| i + 1 < v.len()) {
                    v.swap(i, i + 1);
                }
                self.current = Some(BlockRef::new(at.list, i + 1));
            }
        }
    }

    /// Forgets every id and the bar's paragraph (after undo or redo, or with another report):
    /// every text box starts afresh.
    pub fn reset(&mut self) {
        self.ids.clear();
        self.current = None;
        self.focus = None;
        self.caret = None;
        self.note = None;
    }

    /// Puts the bar on a block (reached from the checks panel).
    pub fn select(&mut self, at: BlockRef) {
        self.current = Some(at);
    }

    /// Gives a paragraph's text box the keyboard on the next frame.
    pub fn focus_on(&mut self, at: BlockRef) {
        self.current = Some(at);
        self.focus = Some(at);
    }

    /// Gives a paragraph's text box the keyboard on the next frame, with the caret before the
    /// `caret`-th character.
    pub fn focus_at(&mut self, at: BlockRef, caret: usize) {
        self.focus_on(at);
        self.caret = Some(caret);
    }

    /// The paragraph Enter split in this frame and the caret where it was split.
    pub fn take_split(&mut self) -> Option<(BlockRef, usize)> {
        self.split_at.take()
    }

    /// The paragraph bar for `list`, at a fixed place above the page.
    pub fn bar_ui(&mut self, ui: &mut egui::Ui, r: &Report, list: List, out: &mut Vec<Action>) {
        let len = edit::list_len(r, list).unwrap_or(0);
        let current = self.current.filter(|c| c.list == list && c.index < len);
        let sub = current.is_some_and(|c| edit::is_subheading(r, c));
        let after = BlockRef::new(list, current.map_or(len, |c| c.index + 1));
        ui.horizontal(|ui| {
            ui.label(RichText::new("段落：").strong());
            let button = |ui: &mut egui::Ui, enabled: bool, label: &str, tip: &str| {
                ui.add_enabled(enabled, egui::Button::new(label)).on_hover_text(tip).clicked()
            };
            if let Some(c) = current {
                if button(ui, c.index > 0, "上移", "把所在的段落上移一段") {
                    out.push(Action::Edit(Edit::MoveUp(c)));
                }
                if button(ui, c.index + 1 < len, "下移", "把所在的段落下移一段") {
                    out.push(Action::Edit(Edit::MoveDown(c)));
                }
                if button(ui, true, "删除", "删除所在的段落（可用 Ctrl+Z 恢复）") {
                    out.push(Action::Edit(Edit::Delete(c)));
                }
            } else {
                let tip = "先在要移动或删除的段落中单击";
                button(ui, false, "上移", tip);
                button(ui, false, "下移", tip);
                button(ui, false, "删除", tip);
            }
            ui.separator();
            let place = if current.is_some() { "所在段落之后" } else { "末尾" };
            if button(ui, true, "插入段落", &format!("在{place}插入一个新段落")) {
                out.push(Action::Edit(Edit::Insert { at: after, block: Block::Paragraph(String::new()) }));
            }
            if button(ui, list != List::Preamble, "插入小标题", &format!("在{place}插入一个小标题")) {
                out.push(Action::Edit(Edit::Insert { at: after, block: Block::Subheading("（）".into()) }));
            }
            ui.separator();
            // Text that changes stands after the buttons, so that they never move.
            let what = if sub { "小标题" } else { "段" };
            match (&self.note, current) {
                (Some(note), _) => {
                    ui.label(RichText::new(note).color(colors::WARNING));
                }
                (None, Some(c)) => {
                    ui.label(RichText::new(format!("第{}{what}", c.index + 1)).weak());
                }
                (None, None) => {
                    ui.label(RichText::new("在段落中单击后可移动或删除").weak());
                }
            }
        });
    }

    /// The blocks of a list, each editable.
    pub fn list_ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>, list: List, out: &mut Vec<Action>) {
        let doc = cx.doc;
        let r = &doc.report;
        let len = edit::list_len(r, list).unwrap_or(0);
        if len == 0 {
            ui.label(RichText::new("（这一部分没有文字。可用上方的“插入段落”添加。）").weak());
        }
        for index in 0..len {
            let at = BlockRef::new(list, index);
            let id = self.id(r, at);
            let current = self.current == Some(at);
            let text = edit::block_text(r, at).unwrap_or_default();
            let sub = edit::is_subheading(r, at);
            let bar = if current { colors::SELECTED } else { egui::Color32::TRANSPARENT };
            let focus_now = cx.take_focus(at.location());
            let mut ids = Vec::new();
            cx.highlighted(ui, at.location(), |ui| {
                ui.horizontal(|ui| {
                    // A mark beside the paragraph the bar acts on.
                    let (mark, _) = ui.allocate_exact_size(egui::vec2(3.0, 24.0), egui::Sense::hover());
                    ui.painter().rect_filled(mark, 1.0, bar);
                    if sub {
                        let label = ui
                            .add(egui::Label::new(RichText::new(text).strong().size(16.0)).sense(egui::Sense::click()));
                        if label.clicked() {
                            self.current = Some(at);
                            self.note = None;
                        }
                        if ui.small_button("修改小标题").clicked() {
                            self.current = Some(at);
                            if let List::Section(section) = list {
                                out.push(Action::Dialog(Dialog::EditHeading {
                                    section,
                                    block: Some(index),
                                    text: text.to_owned(),
                                }));
                            }
                        }
                        if let Some(std) = standard_subheading(r, at)
                            && ui.small_button("恢复标准写法").on_hover_text(std).clicked()
                        {
                            out.push(Action::Edit(Edit::RestoreSubheading(at)));
                        }
                    } else {
                        let mut buffer = text.to_owned();
                        let composing = self.ime_state(ui, id);
                        // Ctrl+Z in a box that has no typing of its own to undo (the new
                        // paragraph Enter made, a box just entered) undoes the report's last
                        // step instead of doing nothing: Enter then Ctrl+Z joins the paragraph.
                        // Ctrl+Y likewise redoes the report's step when the box has nothing.
                        if let Some(c) = super::widgets::history_falls_through(ui, id, &buffer) {
                            out.push(Action::Command(c));
                        }
                        let measure =
                            ui.style().text_styles.get(&egui::TextStyle::Body).map_or(15.0, |f| f.size) * MEASURE_CHARS;
                        let resp = ui.add(
                            egui::TextEdit::multiline(&mut buffer)
                                .id(id)
                                .desired_width(ui.available_width().min(measure))
                                .desired_rows(2)
                                // Enter starts a new paragraph (as in Word); Shift+Enter breaks the line.
                                .return_key(egui::KeyboardShortcut::new(egui::Modifiers::SHIFT, egui::Key::Enter))
                                .hint_text("（在此输入段落内容；Enter 新起一段，Shift+Enter 换行）"),
                        );
                        if self.focus == Some(at) || focus_now {
                            self.focus = None;
                            resp.request_focus();
                            if let Some(caret) = self.caret.take() {
                                super::widgets::set_caret(ui.ctx(), id, caret);
                            }
                        }
                        if resp.has_focus() && !current {
                            self.current = Some(at);
                            self.note = None;
                        }
                        if resp.changed() {
                            out.push(Action::Type(Edit::SetText { at, text: buffer.clone() }));
                        }
                        if resp.has_focus()
                            && !composing
                            && ui.input(|i| i.key_pressed(egui::Key::Enter) && i.modifiers.is_none())
                        {
                            self.split(ui, id, at, &buffer, out);
                        }
                        if resp.lost_focus() {
                            out.push(Action::EndTyping);
                        }
                        self.menu(&resp, at, &buffer, len, out);
                        ids.push(resp.id);
                    }
                });
            });
            cx.tab_order.extend(ids);
        }
    }

    /// Whether an input method is composing in the text box `id` (or committed this frame):
    /// the Enter that commits a candidate stays inside the paragraph.
    fn ime_state(&mut self, ui: &egui::Ui, id: egui::Id) -> bool {
        if !ui.memory(|m| m.has_focus(id)) {
            return false;
        }
        let (commit, preedit) = super::widgets::ime_events(ui);
        if let Some(p) = preedit {
            self.composing = p;
        }
        commit || self.composing
    }

    /// Enter in a paragraph: the text after the caret becomes a new paragraph below (at the end
    /// of the paragraph, an empty one), and the keyboard goes there.
    fn split(&mut self, ui: &egui::Ui, id: egui::Id, at: BlockRef, text: &str, out: &mut Vec<Action>) {
        let chars = text.chars().count();
        let caret = egui::TextEdit::load_state(ui.ctx(), id)
            .and_then(|s| s.cursor.char_range())
            .map_or(chars, |r| usize::from(r.primary.index).min(chars));
        let split = text.char_indices().nth(caret).map_or(text.len(), |(b, _)| b);
        let (before, after) = text.split_at(split);
        let mut edits = Vec::new();
        if !after.is_empty() {
            edits.push(Edit::SetText { at, text: before.trim_end().to_owned() });
        }
        let next = BlockRef::new(at.list, at.index + 1);
        edits.push(Edit::Insert { at: next, block: Block::Paragraph(after.trim_start().to_owned()) });
        // One undo step: one Ctrl+Z gives back the paragraph as it was before Enter.
        out.push(Action::Edits(edits));
        self.split_at = Some((at, caret));
    }

    /// The right-click menu of a paragraph: 剪切, 复制, 粘贴, 上移, 下移, 删除, 下方插入.
    fn menu(&mut self, resp: &egui::Response, at: BlockRef, text: &str, len: usize, out: &mut Vec<Action>) {
        resp.context_menu(|ui| {
            if ui.button("剪切").on_hover_text("复制这一段并删除（Ctrl+Z 恢复）").clicked() {
                ui.ctx().copy_text(text.to_owned());
                out.push(Action::Edit(Edit::Delete(at)));
                ui.close();
            }
            if ui.button("复制").on_hover_text("复制这一段的文字").clicked() {
                ui.ctx().copy_text(text.to_owned());
                out.push(Action::Status("已复制这一段".into()));
                ui.close();
            }
            if ui.button("粘贴").on_hover_text("把剪贴板中的文字粘贴到光标处").clicked() {
                self.focus = Some(at);
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::RequestPaste);
                ui.close();
            }
            ui.separator();
            if ui.add_enabled(at.index > 0, egui::Button::new("上移")).clicked() {
                out.push(Action::Edit(Edit::MoveUp(at)));
                ui.close();
            }
            if ui.add_enabled(at.index + 1 < len, egui::Button::new("下移")).clicked() {
                out.push(Action::Edit(Edit::MoveDown(at)));
                ui.close();
            }
            if ui.button("删除").on_hover_text("删除这一段（Ctrl+Z 恢复）").clicked() {
                out.push(Action::Edit(Edit::Delete(at)));
                ui.close();
            }
            if ui.button("下方插入").on_hover_text("在这一段下面插入一个新段落").clicked() {
                out.push(Action::Edit(Edit::Insert {
                    at: BlockRef::new(at.list, at.index + 1),
                    block: Block::Paragraph(String::new()),
                }));
                ui.close();
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AgencyLevel;
    use crate::model::standard::new_report;

    #[test]
    fn ids_follow_their_blocks() {
        let mut r = new_report("某镇人民政府", 2025, AgencyLevel::Township);
        let mut p = Paragraphs::default();
        let list = List::Section(0);
        let at = |i| BlockRef::new(list, i);
        let before: Vec<egui::Id> = (0..3).map(|i| p.id(&r, at(i))).collect();
        for e in [Edit::MoveUp(at(2)), Edit::Delete(at(0))] {
            edit::apply(&mut r, &e).unwrap();
            p.follow(&e);
        }
        // [0 1 2] → [0 2 1] → [2 1]
        assert_eq!(p.id(&r, at(0)), before[2]);
        assert_eq!(p.id(&r, at(1)), before[1]);
        let e = Edit::Insert { at: at(1), block: Block::Paragraph(String::new()) };
        edit::apply(&mut r, &e).unwrap();
        p.follow(&e);
        let new = p.id(&r, at(1));
        assert!(!before.contains(&new), "an inserted paragraph's box starts afresh");
        assert_eq!(p.current, Some(at(1)));
        assert_eq!(p.id(&r, at(2)), before[1]);
        p.reset();
        assert!(!before.contains(&p.id(&r, at(0))), "after undo every box starts afresh");
    }
}
