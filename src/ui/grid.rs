//! The official tables as editable grids: drawn from the table declaration (merged headers,
//! row labels as painted cells), one text box for the active cell, Excel habits for the keys.
//!
//! Ready mode (a cell is selected): arrows, Tab / Shift+Tab and Enter move; typing replaces the
//! value; F2 or a double click edits it; Delete clears it; Ctrl+V pastes a block copied from
//! Excel or WPS from the selected cell; Ctrl+C copies the value. Edit mode (the text box has the
//! keyboard): Enter commits and moves down, Tab / Shift+Tab commit and move across, Esc
//! cancels. Text that is not a valid number is refused with the reason; nothing is clamped or
//! dropped. Derived cells (合计) are shown, kept up to date and read-only.

use egui::{Align2, FontId, Key, Modifiers, Rect, RichText, Sense, Stroke, StrokeKind, pos2, vec2};

use super::document::CellMarks;
use super::style::colors;
use super::tsv;
use crate::model::checks::cell_text_finding;
use crate::model::edit::Edit;
use crate::model::tables::{Grid, GridCell, GridContent, LabelRole, TableId, grid};
use crate::model::{CellId, Severity, TableValues};

const PAD: f32 = 5.0;
const VALUE_ROW_MIN: f32 = 28.0;
const LABEL_PT: f32 = 13.5;
const VALUE_PT: f32 = 15.0;

/// The accessible name of a cell (tests find cells by it): 表三“…”×“自然人”.
pub fn cell_label(id: CellId) -> String {
    let d = id.decl();
    let row = if d.row_label.is_empty() { String::new() } else { format!("“{}”×", d.row_label) };
    format!("表{}{row}“{}”", d.table.numeral(), d.col_label)
}

/// A direction to move the cell cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// ↑.
    Up,
    /// ↓.
    Down,
    /// ←.
    Left,
    /// →.
    Right,
    /// Tab: the next cell to fill, in reading order.
    Next,
    /// Shift+Tab.
    Previous,
}

/// The input cells of a table in reading order, with their grid positions.
fn input_cells(g: &Grid) -> Vec<&GridCell> {
    g.cells.iter().filter(|c| matches!(c.content, GridContent::Value(id) if !id.decl().derived)).collect()
}

/// The cell the cursor reaches from `from`.
pub fn neighbour(t: TableId, from: CellId, m: Move) -> Option<CellId> {
    let g = grid(t);
    let cells = input_cells(g);
    let here = g.value_cell(from)?;
    let id = |c: &GridCell| match c.content {
        GridContent::Value(id) => Some(id),
        GridContent::Label { .. } => None,
    };
    let overlaps = |c: &GridCell| c.col < here.col + here.colspan && here.col < c.col + c.colspan;
    let pick = match m {
        Move::Up => {
            cells.iter().filter(|c| c.row < here.row && overlaps(c)).max_by_key(|c| (c.row, usize::MAX - c.col))
        }
        Move::Down => cells.iter().filter(|c| c.row > here.row && overlaps(c)).min_by_key(|c| (c.row, c.col)),
        Move::Left => cells.iter().filter(|c| c.row == here.row && c.col < here.col).max_by_key(|c| c.col),
        Move::Right => cells.iter().filter(|c| c.row == here.row && c.col > here.col).min_by_key(|c| c.col),
        Move::Next => cells.iter().find(|c| (c.row, c.col) > (here.row, here.col)),
        Move::Previous => cells.iter().rev().find(|c| (c.row, c.col) < (here.row, here.col)),
    };
    pick.and_then(|c| id(c))
}

/// The value cells of a table as rows (derived ones included), for pasting blocks.
fn value_rows(g: &Grid) -> Vec<Vec<CellId>> {
    let mut rows: Vec<(usize, Vec<(usize, CellId)>)> = Vec::new();
    for c in &g.cells {
        if let GridContent::Value(id) = c.content {
            match rows.iter_mut().find(|(r, _)| *r == c.row) {
                Some((_, v)) => v.push((c.col, id)),
                None => rows.push((c.row, vec![(c.col, id)])),
            }
        }
    }
    rows.sort_by_key(|(r, _)| *r);
    rows.into_iter()
        .map(|(_, mut v)| {
            v.sort_by_key(|(c, _)| *c);
            v.into_iter().map(|(_, id)| id).collect()
        })
        .collect()
}

/// What a paste would do: every cell and its new value, or why it is refused.
pub fn plan_paste(t: TableId, at: CellId, text: &str) -> Result<Vec<(CellId, Option<u64>)>, String> {
    let rows = value_rows(grid(t));
    let block = tsv::parse(text);
    if block.is_empty() {
        return Err("剪贴板里没有内容。".into());
    }
    let (r0, c0) = rows
        .iter()
        .enumerate()
        .find_map(|(r, row)| row.iter().position(|c| *c == at).map(|c| (r, c)))
        .ok_or("请先选中要粘贴到的单元格。")?;
    let height = block.len();
    let width = block.iter().map(Vec::len).max().unwrap_or(0);
    let mut plan = Vec::new();
    for (i, fields) in block.iter().enumerate() {
        let Some(row) = rows.get(r0 + i) else {
            return Err(format!(
                "粘贴的内容有{height}行{width}列，从所选单元格起超出了表{}的范围（下面只有{}行），未粘贴。",
                t.numeral(),
                rows.len() - r0
            ));
        };
        for (j, field) in fields.iter().enumerate() {
            let Some(&cell) = row.get(c0 + j) else {
                return Err(format!(
                    "粘贴的内容有{height}行{width}列，第{}行从所选单元格起超出了表{}的范围（这一行右边只有{}格），未粘贴。",
                    i + 1,
                    t.numeral(),
                    row.len() - c0
                ));
            };
            let value = cell_text_finding(cell, field)
                .map_err(|f| format!("第{}行第{}列的“{}”无法粘贴：{}", i + 1, j + 1, field.trim(), f.message))?;
            plan.push((cell, value));
        }
    }
    Ok(plan)
}

/// The edit that stores `text` typed into `cell`, or why it is refused (the message of the
/// rule that refuses it).
pub fn cell_edit(cell: CellId, text: &str) -> Result<Edit, String> {
    if cell.decl().derived {
        return Err(DERIVED.into());
    }
    let value = cell_text_finding(cell, text).map_err(|f| f.message)?;
    Ok(Edit::SetCell { cell, value })
}

const DERIVED: &str = "“总计”由系统根据分项自动计算，不能直接填写；请修改分项。";

/// The cursor of a table grid and its editor: which cell is selected, the text being typed
/// into it, and why the last entry was refused. One state serves every table the editor shows
/// (the cursor is in one table at a time).
#[derive(Clone, Debug, Default)]
pub struct GridState {
    /// The selected cell.
    pub selected: Option<CellId>,
    /// The cell being edited and its text.
    pub editing: Option<(CellId, String)>,
    /// Why the last entry was refused (shown beside the grid).
    pub error: Option<String>,
    /// Give the editor the keyboard on the next frame.
    pub focus_pending: bool,
    /// Scroll the selected cell into view when the grid is next drawn: nearest (the arrows,
    /// Tab, Enter) or centred (a jump from a finding, F8, 查找).
    pub scroll_pending: Option<Reveal>,
    /// An input method composition is in progress (its Enter must not move the cursor).
    pub composing: bool,
    /// Show this table's top on the next frame (the outline's 表三).
    pub scroll_to_table: Option<TableId>,
}

/// How far the view scrolls to show the selected cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reveal {
    /// Just enough to bring it into view (the cursor moved to a neighbour: as in Excel, the
    /// page does not jump at every key).
    Nearest,
    /// Into the middle of the view (a jump from elsewhere).
    Centre,
}

impl GridState {
    /// Selects a cell (a jump: a finding, F8, 查找) and scrolls it into the middle of the view.
    pub fn select(&mut self, cell: Option<CellId>) {
        self.selected = cell;
        self.scroll_pending = Some(Reveal::Centre);
    }

    /// Starts editing a cell with `text` (typing replaces the value).
    pub fn start_edit(&mut self, cell: CellId, text: String) {
        if cell.decl().derived {
            self.error = Some(DERIVED.into());
            return;
        }
        self.selected = Some(cell);
        self.editing = Some((cell, text));
        self.focus_pending = true;
    }

    /// Moves the cell cursor.
    pub fn move_cursor(&mut self, m: Move) {
        let Some(cell) = self.selected else { return };
        if let Some(next) = neighbour(cell.decl().table, cell, m) {
            self.selected = Some(next);
            self.scroll_pending = Some(Reveal::Nearest);
        }
    }

    /// Enter: down, or on to the next cell at the bottom of a column.
    fn move_down_or_next(&mut self) {
        let before = self.selected;
        self.move_cursor(Move::Down);
        if self.selected == before {
            self.move_cursor(Move::Next);
        }
    }

    /// Ends an edit in progress (a click elsewhere, a command, closing): `Ok` with the edit to
    /// apply (if a cell was being edited), or `Err` with the reason the text is refused — the
    /// editor then stays open and shows it.
    pub fn commit(&mut self) -> Result<Option<Edit>, String> {
        let Some((cell, text)) = self.editing.clone() else { return Ok(None) };
        match cell_edit(cell, &text) {
            Ok(e) => {
                self.editing = None;
                self.error = None;
                Ok(Some(e))
            }
            Err(e) => {
                self.error = Some(e.clone());
                self.focus_pending = true;
                Err(e)
            }
        }
    }

    /// Drops the edit in progress (Esc, undo).
    pub fn cancel(&mut self) {
        self.editing = None;
        self.error = None;
    }

    /// Pastes clipboard text at the selected cell: one edit, or the reason in `error`.
    fn paste(&mut self, values: &TableValues, text: &str, out: &mut GridOutput) {
        let Some(at) = self.selected else { return };
        let t = at.decl().table;
        match plan_paste(t, at, text) {
            Ok(plan) => {
                let (derived, inputs): (Vec<_>, Vec<_>) = plan.into_iter().partition(|(c, _)| c.decl().derived);
                // What the pasted totals are compared with: the sums after the paste.
                let mut after = values.clone();
                for (c, v) in &inputs {
                    after.set(*c, *v);
                }
                let differing: Vec<String> = derived
                    .iter()
                    .filter(|(c, v)| v.is_some() && after.get(*c) != *v)
                    .map(|(c, v)| {
                        format!("{}（粘贴{}，分项之和{}）", cell_label(*c), v.unwrap_or(0), after.display(*c))
                    })
                    .collect();
                self.error = (!differing.is_empty()).then(|| {
                    format!(
                        "粘贴内容中有 {} 个合计与分项之和不一致，合计已按公式计算：{}",
                        differing.len(),
                        differing.join("；")
                    )
                });
                out.status = Some(format!("已粘贴 {} 个单元格。", inputs.len()));
                out.edits.push(Edit::SetCells(inputs));
            }
            Err(e) => self.error = Some(e),
        }
    }
}

/// What the user did in a grid this frame.
#[derive(Debug, Default)]
pub struct GridOutput {
    /// Changes to the report, in order.
    pub edits: Vec<Edit>,
    /// A message for the status bar.
    pub status: Option<String>,
}

/// A table drawn from its declaration (merged headers, row labels as painted cells) with the
/// values, marks and last year's figures it is given. It changes nothing itself: it returns
/// the edits the user made ([`GridOutput`]). Read-only, it is a viewer (a roll-up, a report
/// under review): cells can be selected and copied.
pub struct TableGrid<'a> {
    table: TableId,
    id: egui::Id,
    values: &'a TableValues,
    marks: &'a CellMarks,
    previous: Option<(u16, &'a TableValues)>,
    read_only: bool,
    keyboard: bool,
}

impl<'a> TableGrid<'a> {
    /// A grid of `table` showing `values`, with cells in `marks` coloured by severity.
    pub fn new(table: TableId, values: &'a TableValues, marks: &'a CellMarks) -> Self {
        Self {
            table,
            id: egui::Id::unique(("grid", table as u8)),
            values,
            marks,
            previous: None,
            read_only: false,
            keyboard: true,
        }
    }

    /// Tells apart grids of the same table on one page (two units side by side in a review).
    pub fn id_salt(mut self, salt: impl egui::AsIdSalt) -> Self {
        self.id = self.id.with(salt);
        self
    }

    /// Shows last year's figures (of `year`) in the corner of every cell.
    pub fn previous(mut self, previous: Option<(u16, &'a TableValues)>) -> Self {
        self.previous = previous;
        self
    }

    /// Whether the values can be changed.
    pub fn read_only(mut self, read_only: bool) -> Self {
        self.read_only = read_only;
        self
    }

    /// Whether the grid takes keys this frame (not while a dialog is open).
    pub fn keyboard(mut self, keyboard: bool) -> Self {
        self.keyboard = keyboard;
        self
    }

    /// Draws the grid and returns what the user did.
    pub fn show(self, ui: &mut egui::Ui, state: &mut GridState) -> GridOutput {
        let mut out = GridOutput::default();
        if self.keyboard {
            self.input(ui, state, &mut out);
        }
        let t = self.table;
        let g = grid(t);
        let avail = ui.available_width();
        let label_font = FontId::proportional(LABEL_PT);
        let text_color = ui.visuals().text_color();
        let fonts = ui.painter().clone();
        let measure = |text: &str| fonts.layout_no_wrap(text.to_owned(), label_font.clone(), text_color).size().x;
        let widths = column_px(t, g, avail, &measure);
        let mut xs = vec![0.0];
        for w in &widths {
            xs.push(xs.last().copied().unwrap_or(0.0) + w);
        }
        let value_font = FontId::proportional(VALUE_PT);
        // Row heights: what the labels need, single rows first, then merged cells.
        let mut heights = vec![VALUE_ROW_MIN; g.rows];
        // A header breaks between its words (商业/企业, not 商业企/业), other labels anywhere.
        let galley = |ui: &egui::Ui, text: &str, width: f32| {
            let wrap = (width - 2.0 * PAD).max(10.0);
            let text = break_between_words(text, wrap, &measure);
            ui.painter().layout(text, label_font.clone(), text_color, wrap)
        };
        for pass in [false, true] {
            for c in &g.cells {
                if (c.rowspan > 1) != pass {
                    continue;
                }
                if let GridContent::Label { text, .. } = c.content {
                    let need = galley(ui, text, xs[c.col + c.colspan] - xs[c.col]).size().y + 2.0 * PAD;
                    let have: f32 = heights[c.row..c.row + c.rowspan].iter().sum();
                    if need > have {
                        let extra = (need - have) / c.rowspan as f32;
                        heights[c.row..c.row + c.rowspan].iter_mut().for_each(|h| *h += extra);
                    }
                }
            }
        }
        let mut ys = vec![0.0];
        for h in &heights {
            ys.push(ys.last().copied().unwrap_or(0.0) + h);
        }
        let size = vec2(*xs.last().unwrap_or(&0.0), *ys.last().unwrap_or(&0.0));

        // The refused entry is shown beside its cell (below), never here: nothing above the
        // table changes height and pushes it down.
        let title = ui.label(RichText::new(format!("表{}", t.numeral())).strong());
        if state.scroll_to_table == Some(t) {
            state.scroll_to_table = None;
            title.scroll_to_me(Some(egui::Align::Min));
        }
        // Where the selected cell is to be scrolled to, found while drawing: the vertical scroll
        // is asked for after the horizontal area has ended (see below).
        let mut reveal: Option<(Rect, Reveal)> = None;
        let header_h = ys[g.header_rows.min(g.rows)];
        egui::ScrollArea::horizontal()
            .id_salt(self.id)
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
            .show(ui, |ui| {
                let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
                let painter = ui.painter_at(rect.expand(2.0));
                let cell_rect = |c: &GridCell| {
                    Rect::from_min_max(
                        pos2(rect.left() + xs[c.col], rect.top() + ys[c.row]),
                        pos2(rect.left() + xs[c.col + c.colspan], rect.top() + ys[c.row + c.rowspan]),
                    )
                };
                // While the sticky header rows cover the top of the view, a click there is on
                // the header, not on the cell scrolled under it.
                let clip = ui.clip_rect();
                let sticky_on =
                    g.header_rows > 0 && rect.top() < clip.top() && rect.bottom() > clip.top() + header_h * 2.0;
                let covered_to = if sticky_on { clip.top() + header_h } else { f32::NEG_INFINITY };
                for c in &g.cells {
                    let r = cell_rect(c);
                    match c.content {
                        GridContent::Label { text, role } => {
                            let fill = if role == LabelRole::RowHeader {
                                egui::Color32::from_rgb(0xF7, 0xF8, 0xFA)
                            } else {
                                colors::HEADER_BG
                            };
                            painter.rect_filled(r, 0.0, fill);
                            let gal = galley(ui, text, r.width());
                            let centred = role != LabelRole::RowHeader || (c.rowspan > 1 && c.colspan == 1);
                            let x = if centred { r.center().x - gal.size().x / 2.0 } else { r.left() + PAD };
                            let pos = pos2(x, r.center().y - gal.size().y / 2.0);
                            painter.galley(pos, gal, text_color);
                        }
                        GridContent::Value(id) => {
                            self.value_cell(ui, &painter, r, covered_to, id, &value_font, state, &mut out)
                        }
                    }
                    painter.rect_stroke(r, 0.0, Stroke::new(1.0, colors::GRID), StrokeKind::Middle);
                }
                // The selection and the editor on top of the lines.
                let mut selected_rect = None;
                if let Some(sel) = state.selected.filter(|c| c.decl().table == t)
                    && let Some(c) = g.value_cell(sel)
                {
                    let r = cell_rect(c);
                    selected_rect = Some(r);
                    painter.rect_stroke(r.shrink(1.0), 0.0, Stroke::new(2.5, colors::SELECTED), StrokeKind::Inside);
                    if let Some(how) = state.scroll_pending.take() {
                        // Sideways: this (horizontal) area scrolls. An egui ScrollArea takes
                        // the scroll targets of BOTH axes when it ends, whichever it scrolls
                        // itself, so the vertical one is asked for again after it (below).
                        ui.scroll_to_rect_animation(r.expand(8.0), None, egui::style::ScrollAnimation::none());
                        reveal = Some((r, how));
                    }
                    if !self.read_only {
                        cell_editor(ui, self.id.with("editor"), r, sel, &value_font, state, &mut out);
                    }
                }
                // Sticky header: while the table's top is scrolled away, its column headers stay at
                // the top of the view.
                if sticky_on {
                    let dy = clip.top() - rect.top();
                    let sticky = ui
                        .painter()
                        .clone()
                        .with_layer_id(egui::LayerId::new(egui::Order::Middle, self.id.with("sticky")));
                    let sticky = sticky.with_clip_rect(clip);
                    for c in g.cells.iter().filter(|c| c.row + c.rowspan <= g.header_rows) {
                        let r = cell_rect(c).translate(vec2(0.0, dy));
                        if let GridContent::Label { text, .. } = c.content {
                            sticky.rect_filled(r, 0.0, colors::HEADER_BG);
                            let gal = galley(ui, text, r.width());
                            let pos = pos2(r.center().x - gal.size().x / 2.0, r.center().y - gal.size().y / 2.0);
                            sticky.galley(pos, gal, text_color);
                            sticky.rect_stroke(r, 0.0, Stroke::new(1.0, colors::GRID), StrokeKind::Middle);
                        }
                    }
                    let bottom = clip.top() + header_h;
                    sticky.hline(rect.x_range(), bottom + 1.0, Stroke::new(2.0, egui::Color32::from_black_alpha(40)));
                }
                // A refused entry: the reason right under the cell, over the table (it moves
                // nothing).
                if let (Some(r), Some(e)) = (selected_rect, state.error.as_ref()) {
                    egui::Area::new(self.id.with("refused"))
                        .order(egui::Order::Middle)
                        .fixed_pos(r.left_bottom() + vec2(0.0, 2.0))
                        .interactable(false)
                        .show(ui.ctx(), |ui| {
                            egui::Frame::popup(ui.style()).fill(egui::Color32::from_rgb(0xFF, 0xF1, 0xF0)).show(
                                ui,
                                |ui| {
                                    ui.set_max_width(360.0);
                                    ui.label(RichText::new(e).color(colors::ERROR));
                                },
                            );
                        });
                }
            });
        // Up and down: the page (the section's vertical ScrollArea) scrolls, now that the grid's
        // own horizontal area has ended. No animation: the cell is where the keys put it at once
        // (and its text box, drawn there, keeps the keyboard). Below the sticky header rows,
        // not under them.
        if let Some((r, how)) = reveal {
            let (target, align) = match how {
                Reveal::Nearest => (
                    Rect::from_min_max(pos2(r.left(), r.top() - header_h - 8.0), pos2(r.right(), r.bottom() + 8.0)),
                    None,
                ),
                Reveal::Centre => (r.expand2(vec2(0.0, header_h / 2.0 + 8.0)), Some(egui::Align::Center)),
            };
            ui.scroll_to_rect_animation(target, align, egui::style::ScrollAnimation::none());
        }
        if !self.read_only {
            ui.label(RichText::new("提示：单击选中，直接输入数字，Enter/Tab 换格；可从 Excel/WPS 复制一块数字后 Ctrl+V 粘贴。灰色“总计”由系统计算。").small().weak());
        }
        out
    }

    /// Keys and clipboard (before the grid is drawn, so that the keys are the grid's).
    fn input(&self, ui: &mut egui::Ui, state: &mut GridState, out: &mut GridOutput) {
        let t = self.table;
        let Some(selected) = state.selected.filter(|c| c.decl().table == t) else { return };
        if let Some((cell, text)) = state.editing.clone() {
            // A block pasted into the cell editor is a block paste, not text.
            let block = ui.input_mut(|i| {
                let pos = i.events.iter().position(|e| matches!(e, egui::Event::Paste(p) if tsv::is_block(p)))?;
                match i.events.remove(pos) {
                    egui::Event::Paste(p) => Some(p),
                    _ => None,
                }
            });
            if let Some(p) = block {
                state.editing = None;
                state.paste(self.values, &p, out);
                return;
            }
            let back = ui.input_mut(|i| i.consume_key(Modifiers::SHIFT, Key::Tab));
            let tab = ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Tab));
            if tab || back {
                match cell_edit(cell, &text) {
                    Ok(e) => {
                        out.edits.push(e);
                        state.cancel();
                        state.move_cursor(if back { Move::Previous } else { Move::Next });
                    }
                    Err(e) => {
                        state.error = Some(e);
                        state.focus_pending = true;
                    }
                }
            }
            return;
        }
        if ui.egui_wants_keyboard_input() {
            return;
        }
        let moves = [
            (Modifiers::NONE, Key::ArrowUp, Move::Up),
            (Modifiers::NONE, Key::ArrowDown, Move::Down),
            (Modifiers::NONE, Key::ArrowLeft, Move::Left),
            (Modifiers::NONE, Key::ArrowRight, Move::Right),
            (Modifiers::SHIFT, Key::Tab, Move::Previous),
            (Modifiers::NONE, Key::Tab, Move::Next),
            (Modifiers::NONE, Key::Enter, Move::Down),
        ];
        for (mods, key, m) in moves {
            if ui.input_mut(|i| i.consume_key(mods, key)) {
                if m == Move::Down { state.move_down_or_next() } else { state.move_cursor(m) }
            }
        }
        let copy = ui.input_mut(|i| {
            let n = i.events.len();
            i.events.retain(|e| !matches!(e, egui::Event::Copy));
            i.events.len() != n
        });
        if copy {
            ui.ctx().copy_text(self.values.display(selected));
        }
        if self.read_only {
            return;
        }
        if ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F2)) {
            state.start_edit(selected, self.values.display(selected));
            return;
        }
        if ui.input_mut(|i| {
            i.consume_key(Modifiers::NONE, Key::Delete) || i.consume_key(Modifiers::NONE, Key::Backspace)
        }) {
            if selected.decl().derived {
                state.error = Some("“总计”由系统自动计算，不能清除。".into());
            } else {
                out.edits.push(Edit::SetCell { cell: selected, value: None });
            }
        }
        // Typing (or an input method's committed text) starts editing with what was typed.
        let (typed, paste) = ui.input_mut(|i| {
            let mut typed = None;
            let mut paste = None;
            i.events.retain(|e| match e {
                egui::Event::Text(t) if typed.is_none() && !t.trim().is_empty() => {
                    typed = Some(t.clone());
                    false
                }
                egui::Event::Ime(egui::ImeEvent::Commit(t)) if typed.is_none() && !t.is_empty() => {
                    typed = Some(t.clone());
                    false
                }
                egui::Event::Paste(p) => {
                    paste = Some(p.clone());
                    false
                }
                _ => true,
            });
            (typed, paste)
        });
        if let Some(t) = typed {
            state.start_edit(selected, t);
        }
        if let Some(p) = paste {
            state.paste(self.values, &p, out);
        }
    }

    /// The right-click menu of a cell: 复制, 粘贴, 清空, 填0.
    fn cell_menu(&self, resp: &egui::Response, id: CellId, shown: &str, state: &mut GridState, out: &mut GridOutput) {
        let writable = !self.read_only && !id.decl().derived;
        resp.context_menu(|ui| {
            if ui.button("复制").clicked() {
                ui.ctx().copy_text(shown.to_owned());
                out.status = Some(format!("已复制 {}", cell_label(id)));
                ui.close();
            }
            if ui
                .add_enabled(writable, egui::Button::new("粘贴"))
                .on_hover_text("从这一格起粘贴剪贴板中的数字")
                .clicked()
            {
                state.selected = Some(id);
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::RequestPaste);
                ui.close();
            }
            if ui.add_enabled(writable, egui::Button::new("清空")).clicked() {
                out.edits.push(Edit::SetCell { cell: id, value: None });
                ui.close();
            }
            if ui.add_enabled(writable, egui::Button::new("填0")).on_hover_text("没有数据应填0").clicked() {
                out.edits.push(Edit::SetCell { cell: id, value: Some(0) });
                ui.close();
            }
            if id.decl().derived {
                ui.label(RichText::new("“总计”由系统计算").small().weak());
            }
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn value_cell(
        &self,
        ui: &mut egui::Ui,
        painter: &egui::Painter,
        r: Rect,
        covered_to: f32,
        id: CellId,
        font: &FontId,
        state: &mut GridState,
        out: &mut GridOutput,
    ) {
        let d = id.decl();
        let mark = self.marks.get(&id);
        let fill = match mark.map(|m| m.0) {
            Some(Severity::Error) => colors::ERROR_BG,
            Some(Severity::Warning) => colors::WARNING_BG,
            _ if state.selected == Some(id) => colors::SELECTED_BG,
            _ if d.derived => colors::DERIVED_BG,
            _ => egui::Color32::WHITE,
        };
        painter.rect_filled(r, 0.0, fill);
        // A cell that is only blank (S05) is tinted, not outlined: a fresh year has many.
        let only_blank = mark.is_some_and(|(_, m)| m.len() == 1) && self.values.get(id).is_none();
        if let Some((sev, _)) = mark
            && *sev != Severity::Info
            && !only_blank
        {
            let color = if *sev == Severity::Error { colors::ERROR } else { colors::WARNING };
            painter.rect_stroke(r.shrink(1.5), 0.0, Stroke::new(1.5, color), StrokeKind::Inside);
        }
        let shown = self.values.display(id);
        let editing = state.editing.as_ref().is_some_and(|(c, _)| *c == id);
        if !editing {
            let color = if d.derived { egui::Color32::from_gray(70) } else { ui.visuals().text_color() };
            painter.text(r.center(), Align2::CENTER_CENTER, &shown, font.clone(), color);
        }
        let previous = self.previous.map(|(year, p)| (year, p.display(id)));
        if let Some((_, p)) = previous.as_ref().filter(|(_, p)| !p.is_empty()) {
            painter.text(
                r.right_top() + vec2(-3.0, 2.0),
                Align2::RIGHT_TOP,
                p,
                FontId::proportional(10.5),
                egui::Color32::from_rgb(0x6A, 0x7B, 0x8C),
            );
        }
        // The part of the cell not under the sticky header takes the clicks.
        let open = Rect::from_min_max(pos2(r.left(), r.top().max(covered_to)), r.max);
        let (hit, sense) = if open.height() > 0.0 { (open, Sense::click()) } else { (r, Sense::hover()) };
        let resp = ui.interact(hit, ui.make_persistent_id(("cell", id.0)), sense);
        let label = cell_label(id);
        resp.widget_info(|| {
            let mut info = egui::WidgetInfo::labeled(egui::Role::Cell, true, &label);
            info.current_text_value = Some(shown.clone());
            info
        });
        let mut hover: Vec<String> = mark.map(|(_, m)| m.clone()).unwrap_or_default();
        if d.derived {
            hover.push("由系统按公式计算".into());
        }
        if let Some((year, p)) = &previous {
            hover.push(format!("{year}年度：{}", if p.is_empty() { "未知" } else { p }));
        }
        let resp = if hover.is_empty() { resp } else { resp.on_hover_text(hover.join("\n")) };
        if resp.secondary_clicked() && state.editing.is_none() {
            state.selected = Some(id);
            state.error = None;
        }
        self.cell_menu(&resp, id, &shown, state, out);
        let clicked = resp.clicked() || resp.double_clicked();
        if !clicked {
            return;
        }
        // A number being typed elsewhere is stored first; a refused one keeps the cursor there.
        match state.commit() {
            Ok(Some(e)) => out.edits.push(e),
            Ok(None) => {}
            Err(_) => return,
        }
        state.selected = Some(id);
        state.error = None;
        // A cell clicked half under the header or the edge comes fully into view.
        state.scroll_pending = Some(Reveal::Nearest);
        if resp.double_clicked() && !self.read_only {
            state.start_edit(id, shown);
        }
    }
}

/// The one text box of a grid, over the cell being edited.
fn cell_editor(
    ui: &mut egui::Ui,
    edit_id: egui::Id,
    r: Rect,
    sel: CellId,
    font: &FontId,
    state: &mut GridState,
    out: &mut GridOutput,
) {
    let Some((cell, mut text)) = state.editing.clone().filter(|(c, _)| *c == sel) else { return };
    let (commit_ime, composing) = super::widgets::ime_events(ui);
    if let Some(p) = composing {
        state.composing = p;
    }
    let resp = ui.put(
        r.shrink(2.0),
        egui::TextEdit::singleline(&mut text)
            .id(edit_id)
            .font(font.clone())
            .align(egui::Align2::CENTER_CENTER)
            .cursor_at_end(true)
            .frame(egui::Frame::NONE),
    );
    let resp = resp.accessible_name(format!("编辑{}", cell_label(cell)));
    if std::mem::take(&mut state.focus_pending) {
        resp.request_focus();
    }
    if let Some(e) = state.editing.as_mut() {
        e.1.clone_from(&text);
    }
    if resp.lost_focus() {
        let (enter, escape) = ui.input(|i| (i.key_pressed(Key::Enter), i.key_pressed(Key::Escape)));
        if escape {
            state.cancel();
        } else if enter && (commit_ime || state.composing) {
            // The Enter that committed an input-method candidate: keep editing.
            resp.request_focus();
            state.composing = false;
        } else {
            match cell_edit(cell, &text) {
                Ok(e) => {
                    out.edits.push(e);
                    state.cancel();
                    if enter {
                        state.move_down_or_next();
                        // Drawn already this frame: the next one scrolls to the new cell.
                        ui.ctx().request_repaint();
                    }
                }
                Err(e) => {
                    state.error = Some(e);
                    state.focus_pending = true;
                    ui.ctx().request_repaint();
                }
            }
        }
    }
}

/// Column widths in points, filling the available width (with a sensible minimum: the grid
/// scrolls sideways on a narrow window instead of squeezing the labels). A column is never
/// narrower than the longest word of its header (`measure`: a text's width), so headers break
/// between words; the other columns give up the room.
fn column_px(t: TableId, g: &Grid, avail: f32, measure: &dyn Fn(&str) -> f32) -> Vec<f32> {
    let weights: Vec<f32> = match t {
        TableId::T3 => [48.0, 72.0, 180.0].into_iter().chain(std::iter::repeat_n(54.0, 7)).collect(),
        TableId::T2 => vec![200.0, 160.0, 160.0, 160.0],
        TableId::T4 => vec![1.0; g.columns],
    };
    // Small enough that at 1024×700 (side panels narrowed) every column fits without scrolling.
    let min_total = match t {
        TableId::T3 => 600.0,
        TableId::T2 => 520.0,
        TableId::T4 => 15.0 * 40.0,
    };
    let mut mins = vec![0.0_f32; weights.len()];
    let columns = mins.len();
    for c in g.cells.iter().filter(|c| c.colspan == 1 && c.col < columns) {
        if let GridContent::Label { text, role: LabelRole::ColumnHeader } = c.content {
            let word = header_words(text).iter().map(|w| measure(w)).fold(0.0, f32::max);
            mins[c.col] = mins[c.col].max((word + 2.0 * PAD + 1.0).ceil());
        }
    }
    let width = (avail - 4.0).max(min_total).max(mins.iter().sum());
    // The label columns keep their share when the value columns can be fitted within theirs
    // (the row labels then wrap no more than before); else every column gives up room.
    let labels = g.label_columns.min(weights.len());
    let label_share = weights[..labels].iter().sum::<f32>() / weights.iter().sum::<f32>() * width;
    let fits = |range: std::ops::Range<usize>, room: f32| mins[range].iter().sum::<f32>() <= room;
    if fits(0..labels, label_share) && fits(labels..weights.len(), width - label_share) {
        let mut out = share(&weights[..labels], &mins[..labels], label_share);
        out.extend(share(&weights[labels..], &mins[labels..], width - label_share));
        out
    } else {
        share(&weights, &mins, width)
    }
}

/// Shares `width` among columns by `weights`, none below its minimum: a column that would be
/// narrower gets its minimum and the others share what is left.
fn share(weights: &[f32], mins: &[f32], width: f32) -> Vec<f32> {
    let mut pinned = vec![false; weights.len()];
    loop {
        let free_weight: f32 = weights.iter().zip(&pinned).filter(|(_, p)| !**p).map(|(w, _)| w).sum();
        let free_width = width - mins.iter().zip(&pinned).filter(|(_, p)| **p).map(|(m, _)| m).sum::<f32>();
        let mut more = false;
        for i in 0..weights.len() {
            if !pinned[i] && free_weight > 0.0 && weights[i] / free_weight * free_width < mins[i] {
                pinned[i] = true;
                more = true;
            }
        }
        if !more {
            return (0..weights.len())
                .map(|i| if pinned[i] || free_weight <= 0.0 { mins[i] } else { weights[i] / free_weight * free_width })
                .collect();
        }
    }
}

/// Headers with the places where they may break, as a clerk reads them (a header wraps between
/// these words, never inside one).
const HEADER_WORDS: &[&[&str]] = &[
    // 表二
    &["本年", "制发", "件数"],
    &["本年", "废止", "件数"],
    &["现行", "有效", "件数"],
    &["本年", "收费", "金额", "（单位：", "万元）"],
    &["信息", "内容"],
    // 表三
    &["自然人"],
    &["商业", "企业"],
    &["科研", "机构"],
    &["社会公益", "组织"],
    &["法律服务", "机构"],
    &["法人或", "其他组织"],
    &["申请人", "情况"],
    // 表三's row groups (they stand in a narrow column too)
    &["（三）", "不予公开"],
    &["（四）", "无法提供"],
    &["（五）", "不予处理"],
    &["（六）", "其他处理"],
    // 表四
    &["结果", "维持"],
    &["结果", "纠正"],
    &["其他", "结果"],
    &["尚未", "审结"],
    &["行政", "复议"],
    &["行政", "诉讼"],
    &["未经复议", "直接起诉"],
    &["复议后", "起诉"],
];

/// The words of a header (the whole label when it has no break points of its own).
fn header_words(text: &str) -> Vec<&str> {
    // Compared piece by piece: drawn for every header every frame, so nothing is allocated.
    let spells = |words: &[&str]| {
        let mut rest = text;
        words.iter().all(|w| rest.strip_prefix(w).map(|r| rest = r).is_some()) && rest.is_empty()
    };
    let words = HEADER_WORDS.iter().find(|w| spells(w));
    words.map_or_else(|| vec![text], |w| w.to_vec())
}

/// A header laid out to break only between its words: the words are put on lines of at most
/// `width` (`measure`: a text's width), joined by line breaks. Other labels are returned as
/// they are (they wrap anywhere); a word wider than `width` still wraps inside itself.
fn break_between_words(text: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> String {
    let words = header_words(text);
    if words.len() < 2 || measure(text) <= width {
        return text.to_owned();
    }
    let mut lines: Vec<String> = Vec::new();
    for w in words {
        match lines.last_mut() {
            Some(line) if measure(&format!("{line}{w}")) <= width => line.push_str(w),
            _ => lines.push(w.to_owned()),
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Chinese character is as wide as the label font's size; ASCII half that.
    fn measure(text: &str) -> f32 {
        text.chars().map(|c| if c.is_ascii() { LABEL_PT / 2.0 } else { LABEL_PT }).sum()
    }

    #[test]
    fn every_header_with_break_points_is_a_label_of_the_tables() {
        // A label renamed in the model would otherwise silently lose its break points.
        let labels: Vec<&str> = [TableId::T2, TableId::T3, TableId::T4]
            .into_iter()
            .flat_map(|t| grid(t).cells.iter())
            .filter_map(|c| if let GridContent::Label { text, .. } = c.content { Some(text) } else { None })
            .collect();
        for words in HEADER_WORDS {
            let text = words.concat();
            assert!(labels.contains(&text.as_str()), "{text} is no label of the tables");
            assert_eq!(header_words(&text), words.to_vec());
        }
        assert_eq!(header_words("1.属于国家秘密"), ["1.属于国家秘密"]);
    }

    #[test]
    fn headers_break_between_their_words() {
        let chars = |n: f32| n * LABEL_PT + 0.5;
        assert_eq!(break_between_words("商业企业", chars(3.0), &measure), "商业\n企业");
        assert_eq!(break_between_words("社会公益组织", chars(5.0), &measure), "社会公益\n组织");
        assert_eq!(break_between_words("法律服务机构", chars(4.0), &measure), "法律服务\n机构");
        assert_eq!(break_between_words("本年制发件数", chars(4.0), &measure), "本年制发\n件数");
        assert_eq!(break_between_words("未经复议直接起诉", chars(7.0), &measure), "未经复议\n直接起诉");
        assert_eq!(break_between_words("社会公益组织", chars(6.0), &measure), "社会公益组织", "it fits: one line");
        // A label without break points is left to wrap as before.
        assert_eq!(break_between_words("1.属于国家秘密", chars(3.0), &measure), "1.属于国家秘密");
    }

    #[test]
    fn a_column_is_as_wide_as_the_longest_word_of_its_header() {
        // 表三 and 表四 at 1024×700: about 627 points between the side panels.
        for t in [TableId::T2, TableId::T3, TableId::T4] {
            let g = grid(t);
            let widths = column_px(t, g, 627.0, &measure);
            for c in g.cells.iter().filter(|c| c.colspan == 1) {
                if let GridContent::Label { text, role: LabelRole::ColumnHeader } = c.content {
                    for w in header_words(text) {
                        assert!(measure(w) + 2.0 * PAD <= widths[c.col], "表{} “{w}” in {:?}", t.numeral(), widths);
                    }
                }
            }
            let total: f32 = widths.iter().sum();
            assert!(total <= 623.5, "表{} still fits without scrolling: {total}", t.numeral());
        }
        // 表三's label columns keep their share (the row labels wrap no more than before).
        let widths = column_px(TableId::T3, grid(TableId::T3), 627.0, &measure);
        let share = |w: f32| w / 678.0 * 623.0;
        for (i, w) in [48.0, 72.0, 180.0].into_iter().enumerate() {
            assert!((widths[i] - share(w)).abs() < 0.01, "{widths:?}");
        }
    }

    #[test]
    fn sharing_keeps_minimums_and_the_total() {
        let w = share(&[1.0, 1.0, 1.0, 1.0], &[10.0, 60.0, 0.0, 0.0], 200.0);
        assert_eq!(w, [140.0 / 3.0, 60.0, 140.0 / 3.0, 140.0 / 3.0]);
        let w = share(&[1.0, 1.0], &[150.0, 100.0], 200.0);
        assert_eq!(w, [150.0, 100.0], "too narrow: the minimums (the table scrolls)");
    }
}
