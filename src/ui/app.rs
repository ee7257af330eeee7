//! The editor: its state, the frame, and the one place where what the user asked for is done.
//!
//! A frame draws the menu, the outline, the page (title block or a section with its table), the
//! checks and the open dialog; each of them returns [`Action`]s. After everything is drawn,
//! [`Editor::apply`] carries the actions out, one by one: that is the only place where the report,
//! the files and the editor's state change.
//!
//! No panic may cost the clerk the report. A panic inside an action (an importer or a font bug)
//! is caught around that action, and one inside the drawing around the frame's content (a panic
//! that unwinds out of the window procedure aborts the process on Windows). Either way the
//! report stays, a recovery copy is written, and a Chinese message says what happened. After
//! several failed frames in a row the editor draws only a minimal page with 保存 and 另存为.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use egui::RichText;

use super::action::{Action, Output};
use super::checks_panel::checks_ui;
use super::clipboard::{HtmlClipboard, SystemClipboard};
use super::command::{Command, Menu};
use super::dialogs::{Dialog, PathPurpose, Pending};
use super::document::Document;
use super::files::FileDialogs;
use super::grid::GridState;
use super::guard::{FailPoint, Guard, panic_message};
use super::import_dialog::Listing;
use super::outline::outline_ui;
use super::paragraphs::Paragraphs;
use super::recovery::{self, Autosave, Recovered};
use super::review_dialog::ReviewDialog;
use super::section_editor::section_ui;
use super::settings::{Paths, Settings, log_line};
use super::style::colors;
use super::title_form::TitleForm;
use super::widgets::Cx;
use crate::export::{self, ExportError, ExportOptions, FontPolicy, Format};
use crate::launch::Renderer;
use crate::model::edit::{self, BlockRef, Edit, List};
use crate::model::review::{self, Change, Comment};
use crate::model::standard::{self, headings_deviate, new_report};
use crate::model::{AgencyLevel, CellId, Finding, Location, Report, checks};

/// Which part of the report the centre shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum View {
    /// 标题、前言与落款.
    TitleBlock,
    /// A section (index in `Report::sections`), with its table for 二–四.
    Section(usize),
}

/// 查找 (Ctrl+F): the text sought and which of its places is shown.
#[derive(Debug, Default)]
pub struct Find {
    /// The text sought.
    pub query: String,
    /// The place shown (index in the places found).
    pub current: Option<usize>,
    /// Give the search box the keyboard on the next frame.
    focus: bool,
    /// The places found for (query, document revision): searched again only when either changes,
    /// not every frame.
    found: Option<(String, u64, Vec<crate::model::Location>)>,
}

/// The editor.
pub struct Editor {
    /// The open report.
    pub doc: Document,
    /// What the centre shows.
    pub view: View,
    /// The table grids' cursor.
    pub grid: GridState,
    /// The paragraph lists (ids of the text boxes, the paragraph bar).
    pub paragraphs: Paragraphs,
    title_form: TitleForm,
    /// The open dialog.
    pub dialog: Option<Dialog>,
    /// The status line.
    pub status: String,
    /// A paragraph or field to highlight (reached from the checks panel).
    pub highlight: Option<Location>,
    /// Scroll to the highlight on the next frame.
    pub scroll_to_highlight: bool,
    /// Show last year's numbers in the table cells.
    pub show_previous: bool,
    /// The find bar, when open.
    pub find: Option<Find>,
    /// Show the bundled example's note (“这是示例年报…”) with the ways to start.
    pub example_banner: bool,
    /// Whether the outline and the checks panel are open (either can be folded away on a
    /// small screen).
    pub panels_open: (bool, bool),
    pub(crate) paths: Paths,
    pub(crate) settings: Settings,
    pub(crate) dialogs: Box<dyn FileDialogs>,
    clipboard: Box<dyn HtmlClipboard>,
    autosave: Autosave,
    /// Recovery copies of windows that are gone, still to be offered.
    pending_recoveries: Vec<Recovered>,
    last_title: String,
    allow_close: bool,
    /// Close after this many frames (`--exit-after-first-frame`).
    pub exit_after_frames: Option<u64>,
    frames: u64,
    /// Set when the window should close (tests read it; the app sends the viewport command).
    pub close_requested: bool,
    /// Give the keyboard to the field or paragraph at this place on the next frame.
    focus: Option<Location>,
    /// Whether the highlight is a finding's place (it goes when the finding is fixed).
    highlight_is_finding: bool,
    /// The page's text boxes in the order drawn last frame (Tab goes round them).
    tab_order: Vec<egui::Id>,
    /// Take the keyboard from any text box on the next frame (the grid gets the keys).
    release_focus: bool,
    guard: Guard,
    /// 汇总审核: the review desk, while it is open (`src/ui/desk.rs`).
    pub desk: Option<super::desk::Desk>,
    /// The reviewer's marks on the unit the desk opened in the editor (shown in the checks
    /// panel); `None` when the editor has its own document.
    pub desk_marks: Option<crate::desk::UnitMarks>,
    /// The last paragraphs Enter split, so that undo and redo put the keyboard where the clerk
    /// was (the report before and after each split, the paragraph, the caret).
    splits: Vec<SplitMark>,
}

/// A paragraph Enter split: Ctrl+Z that gives back `before` puts the caret at the join, Ctrl+Y
/// that gives back `after` puts it at the start of the new paragraph.
struct SplitMark {
    before: Report,
    after: Report,
    at: BlockRef,
    caret: usize,
}

/// How many splits are remembered for undo and redo.
const SPLITS_KEPT: usize = 20;

impl Editor {
    /// An editor on a report. `paths` holds its settings and recovery copy; a recovery copy
    /// found there is offered first.
    pub fn new(doc: Document, paths: Paths, dialogs: Box<dyn FileDialogs>) -> Self {
        let settings = Settings::load(&paths);
        let autosave = Autosave::start(&paths, doc.revision());
        let mut recovered = recovery::orphans(&paths);
        let mut e = Self {
            doc,
            view: View::TitleBlock,
            grid: GridState::default(),
            paragraphs: Paragraphs::default(),
            title_form: TitleForm::default(),
            dialog: None,
            status: String::new(),
            highlight: None,
            scroll_to_highlight: false,
            show_previous: false,
            find: None,
            example_banner: false,
            panels_open: (true, true),
            paths,
            settings,
            dialogs,
            clipboard: Box::new(SystemClipboard::default()),
            autosave,
            pending_recoveries: Vec::new(),
            last_title: String::new(),
            allow_close: false,
            exit_after_frames: None,
            frames: 0,
            close_requested: false,
            focus: None,
            highlight_is_finding: false,
            tab_order: Vec::new(),
            release_focus: false,
            guard: Guard::default(),
            desk: None,
            desk_marks: None,
            splits: Vec::new(),
        };
        e.show_previous = e.doc.report.previous.is_some();
        if !recovered.is_empty() {
            let first = recovered.remove(0);
            e.dialog = Some(Dialog::Recovery(Box::new(first)));
            e.pending_recoveries = recovered;
        }
        e
    }

    /// The report to open at start: the file given, else the last file, else the bundled
    /// example (which must be saved under a name of its own). A file that cannot be read gives
    /// the example and the error.
    pub fn initial_document(file: Option<&Path>, settings: &Settings) -> (Document, Option<String>) {
        let target = file.map(Path::to_path_buf).or_else(|| settings.last_file().cloned());
        if let Some(path) = target {
            match crate::io::load(&path) {
                Ok(r) => return (Document::new(r, Some(path)), None),
                Err(e) => return (example_document(), Some(format!("无法打开“{}”：{e}", path.display()))),
            }
        }
        (example_document(), None)
    }

    /// The window title: file name, a mark for unsaved changes, the program.
    pub fn window_title(&self) -> String {
        let mark = if self.doc.is_dirty() { " ●" } else { "" };
        format!("{}{mark} — 年报编辑器", self.doc.display_name())
    }

    /// Puts the web page of 复制网页版 somewhere else than the system clipboard (tests).
    pub fn set_clipboard(&mut self, clipboard: Box<dyn HtmlClipboard>) {
        self.clipboard = clipboard;
    }

    /// Makes the editor panic at `at`, as an importer or font bug would (tests of the panic
    /// boundary).
    pub fn inject_panic(&mut self, at: FailPoint) {
        self.guard.inject(at);
    }

    /// Whether only the minimal page is drawn, after repeated failures of the frame.
    pub fn in_safe_mode(&self) -> bool {
        self.guard.safe_mode()
    }

    // -----------------------------------------------------------------------------------------
    // The frame

    /// Everything the editor draws and does in one frame. `App::ui` calls this; tests call it
    /// through egui_kittest. It never panics: a panic in the content is caught here.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.frames += 1;
        let result = catch_unwind(AssertUnwindSafe(|| self.frame(ui)));
        self.guard.frame_ended(result.is_err());
        if let Err(panic) = result {
            self.after_panic(panic.as_ref(), "界面绘制");
            ui.ctx().request_repaint();
        }
        self.window_commands(ui);
    }

    fn frame(&mut self, ui: &mut egui::Ui) {
        self.guard.frame_starts();
        if self.guard.safe_mode() {
            let mut out = Vec::new();
            self.safe_mode_ui(ui, &mut out);
            self.apply_all(ui, out);
            return;
        }
        if let View::Section(s) = self.view
            && s >= self.doc.report.sections.len()
        {
            self.view = View::TitleBlock;
        }
        self.doc.refresh();
        let mut out = Vec::new();
        // While the cell cursor is in a grid on screen, Tab and the arrows move it, not egui's
        // widget focus (egui reads them before any widget is drawn).
        let grid_on_screen = self
            .grid
            .selected
            .is_some_and(|c| self.doc.report.table_section(c.decl().table).map(View::Section) == Some(self.view));
        if grid_on_screen && self.dialog.is_none() && (self.grid.editing.is_some() || !ui.egui_wants_keyboard_input()) {
            ui.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        }
        self.files_dropped(ui, &mut out);
        if ui.input(|i| i.viewport().close_requested()) && !self.allow_close {
            ui.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            out.push(Action::Command(Command::Quit));
        }
        if self.dialog.is_none() {
            self.tab_round(ui);
            self.shortcuts(ui, &mut out);
        }
        if std::mem::take(&mut self.release_focus) {
            ui.memory_mut(|m| {
                if let Some(f) = m.focused() {
                    m.surrender_focus(f);
                }
            });
        }
        self.clear_stale_highlight();
        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui, &mut out));
        if self.find.is_some() {
            egui::Panel::top("find").show(ui, |ui| self.find_bar(ui));
        }
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        if self.desk_frame(ui) {
            self.apply_all(ui, out);
            return;
        }
        let view = self.view;
        let keyboard = self.dialog.is_none();
        let mut tab_order = Vec::new();
        let mut cx = Cx {
            doc: &self.doc,
            highlight: self.highlight,
            scroll_to_highlight: &mut self.scroll_to_highlight,
            show_previous: self.show_previous,
            keyboard,
            focus: &mut self.focus,
            tab_order: &mut tab_order,
            marks: self.desk_marks.as_ref(),
        };
        // The side panels fit the screen: narrower on a small one (every table column stays
        // reachable), the outline wider on a large one; either folds away to a thin strip.
        // The window's size class is part of the panels' ids: a panel keeps the width the
        // clerk dragged it to, but a window that opens small and is then maximised (or moved to
        // a larger screen) gets the widths of its new size.
        let width = ui.ctx().content_rect().width();
        let (class, outline_w, checks_w) = if width < 1200.0 {
            (0, 150.0, 220.0)
        } else if width < 1600.0 {
            (1, (width * 0.13).clamp(190.0, 300.0), 280.0)
        } else {
            (2, (width * 0.13).clamp(240.0, 300.0), 320.0)
        };
        let (outline_open, checks_open) = &mut self.panels_open;
        if *outline_open {
            egui::Panel::left(egui::Id::unique(("outline", class)))
                .resizable(true)
                .default_size(outline_w)
                .size_range(130.0..=360.0)
                .show(ui, |ui| {
                    if fold_button(ui, "收起目录", "«") {
                        *outline_open = false;
                    }
                    outline_ui(ui, &cx, view, &mut out);
                });
        } else {
            egui::Panel::left("outline_folded").resizable(false).exact_size(30.0).show(ui, |ui| {
                if strip_button(ui, "目\n录", "展开目录") {
                    *outline_open = true;
                }
            });
        }
        if *checks_open {
            egui::Panel::right(egui::Id::unique(("checks", class)))
                .resizable(true)
                .default_size(checks_w)
                .size_range(180.0..=520.0)
                .show(ui, |ui| {
                    if fold_button(ui, "收起校验结果", "»") {
                        *checks_open = false;
                    }
                    checks_ui(ui, &cx, &mut out);
                });
        } else {
            egui::Panel::right("checks_folded").resizable(false).exact_size(30.0).show(ui, |ui| {
                let (e, w, _, _) = super::checks_panel::counts(&cx);
                if strip_button(ui, &format!("校\n验\n\n错\n{e}\n警\n{w}"), "展开校验结果") {
                    *checks_open = true;
                }
            });
        }
        let example_banner = &mut self.example_banner;
        egui::CentralPanel::default().show(ui, |ui| {
            if *example_banner {
                example_note(ui, &cx.doc.report, example_banner, &mut out);
            }
            let list = match view {
                View::TitleBlock => List::Preamble,
                View::Section(s) => List::Section(s),
            };
            self.paragraphs.bar_ui(ui, &cx.doc.report, list, &mut out);
            ui.separator();
            match view {
                View::TitleBlock => self.title_form.ui(ui, &mut cx, &mut self.paragraphs, &mut out),
                View::Section(s) => section_ui(ui, &mut cx, s, &mut self.paragraphs, &mut self.grid, &mut out),
            }
        });
        // A place to focus that was not drawn this frame is not waited for.
        self.focus = None;
        self.tab_order = tab_order;
        if let Some(mut dialog) = self.dialog.take() {
            let outcome = dialog.show(ui, &self.doc);
            if !outcome.close {
                self.dialog = Some(dialog);
            }
            out.extend(outcome.actions);
        }
        self.apply_all(ui, out);
        if self.dialog.is_none() && !self.pending_recoveries.is_empty() {
            let r = self.pending_recoveries.remove(0);
            self.dialog = Some(Dialog::Recovery(Box::new(r)));
        }
        self.autosave(ui);
    }

    /// The find bar: the text, how many places have it, 上一处 / 下一处 (F3, Enter), 关闭 (Esc).
    fn find_bar(&mut self, ui: &mut egui::Ui) {
        let Some(find) = self.find.as_mut() else { return };
        let revision = self.doc.revision();
        let stale = !find.found.as_ref().is_some_and(|(q, r, _)| *q == find.query && *r == revision);
        if stale {
            let places = crate::model::find::find(&self.doc.report, &find.query);
            // An edit may have removed the place shown: never “第 5 / 3 处”.
            find.current = find.current.filter(|&i| i < places.len());
            find.found = Some((find.query.clone(), revision, places));
        }
        let places = find.found.as_ref().map(|(_, _, p)| p.clone()).unwrap_or_default();
        let mut step: Option<bool> = None;
        let mut close = false;
        ui.horizontal(|ui| {
            let l = ui.label("查找：");
            let resp = ui
                .add(
                    egui::TextEdit::singleline(&mut find.query)
                        .id(egui::Id::unique("find_box"))
                        .hint_text("正文、标题或表格栏目中的文字")
                        .desired_width(240.0),
                )
                .labelled_by(l.id);
            if std::mem::take(&mut find.focus) {
                resp.request_focus();
            }
            if resp.changed() {
                find.current = None;
            }
            let (enter, escape) = ui.input(|i| (i.key_pressed(egui::Key::Enter), i.key_pressed(egui::Key::Escape)));
            if resp.lost_focus() && enter {
                step = Some(!ui.input(|i| i.modifiers.shift));
                resp.request_focus();
            }
            if (resp.has_focus() || resp.lost_focus()) && escape {
                close = true;
            }
            if ui.input_mut(|i| i.consume_key(egui::Modifiers::SHIFT, egui::Key::F3)) {
                step = Some(false);
            } else if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::F3)) {
                step = Some(true);
            }
            let n = places.len();
            let count = match (find.query.trim().is_empty(), n, find.current) {
                (true, _, _) => String::new(),
                (false, 0, _) => "没有找到".to_owned(),
                (false, _, Some(i)) => format!("第 {} / {n} 处", i + 1),
                (false, _, None) => format!("共 {n} 处"),
            };
            let color = if n == 0 && !find.query.trim().is_empty() { colors::ERROR } else { ui.visuals().text_color() };
            ui.label(RichText::new(count).color(color));
            if ui.add_enabled(n > 0, egui::Button::new("上一处")).on_hover_text("Shift+F3").clicked() {
                step = Some(false);
            }
            if ui.add_enabled(n > 0, egui::Button::new("下一处")).on_hover_text("F3 或 Enter").clicked() {
                step = Some(true);
            }
            if ui.button("关闭").on_hover_text("Esc").clicked() {
                close = true;
            }
        });
        if close {
            self.find = None;
            self.highlight = None;
            return;
        }
        let n = places.len();
        let Some(forward) = step.filter(|_| n > 0) else { return };
        let i = match (find.current, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        find.current = Some(i);
        let place = places[i];
        self.status = format!("找到：{}", place.describe(&self.doc.report));
        self.reach(place, &[], false);
    }

    /// Tab and Shift+Tab in a text box of the page go round the page's text boxes (from the last
    /// one to the first), never into the menu bar.
    fn tab_round(&mut self, ui: &egui::Ui) {
        if self.grid.editing.is_some() || self.tab_order.is_empty() {
            return;
        }
        let Some(here) = ui.memory(|m| m.focused()) else { return };
        let Some(i) = self.tab_order.iter().position(|id| *id == here) else { return };
        let back = ui.input_mut(|i| i.consume_key(egui::Modifiers::SHIFT, egui::Key::Tab));
        let forward = !back && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Tab));
        if !back && !forward {
            return;
        }
        let n = self.tab_order.len();
        let next = self.tab_order[if back { (i + n - 1) % n } else { (i + 1) % n }];
        ui.memory_mut(|m| {
            m.move_focus(egui::FocusDirection::None);
            m.request_focus(next);
        });
    }

    /// The highlight of a finding goes when the finding is fixed or the clerk moves elsewhere.
    fn clear_stale_highlight(&mut self) {
        let Some(h) = self.highlight else { return };
        let fixed = self.highlight_is_finding && !self.doc.derived().findings.iter().any(|f| f.location == h);
        let view = match h {
            Location::Section(s) | Location::Block(s, _) => View::Section(s),
            _ => View::TitleBlock,
        };
        let moved = view != self.view
            || BlockRef::from_location(h).is_some_and(|at| self.paragraphs.current.is_some_and(|c| c != at));
        if fixed || moved {
            self.highlight = None;
        }
    }

    /// The window's title and closing, after the content (whatever happened in it).
    fn window_commands(&mut self, ui: &egui::Ui) {
        let title = self.window_title();
        if title != self.last_title {
            ui.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }
        if let Some(n) = self.exit_after_frames
            && self.frames >= n
        {
            self.allow_close = true;
            self.close_requested = true;
        }
        if self.close_requested {
            ui.send_viewport_cmd(egui::ViewportCommand::Close);
            self.close_requested = false;
        }
    }

    /// The page drawn after repeated failures: the message and the ways to keep the work.
    fn safe_mode_ui(&mut self, ui: &mut egui::Ui, out: &mut Vec<Action>) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading(RichText::new("程序内部出错，界面无法正常显示").color(colors::ERROR));
            ui.label(format!(
                "您的年报“{}”仍在编辑器中，没有丢失，并已写入恢复副本。请先保存，然后关闭程序重新打开。",
                self.doc.display_name()
            ));
            ui.label(RichText::new(&self.status).small());
            ui.horizontal(|ui| {
                for c in [Command::Save, Command::SaveAs, Command::Quit] {
                    if ui.button(c.label()).clicked() {
                        out.push(Action::Command(c));
                    }
                }
                if ui.button("重试正常界面").clicked() {
                    self.guard.leave_safe_mode();
                }
            });
        });
    }

    fn status_bar(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let path = self.doc.path.as_ref().map_or_else(|| "未保存的年报".to_owned(), |p| p.display().to_string());
            ui.label(RichText::new(path).small());
            if self.doc.is_dirty() {
                ui.label(RichText::new("● 有未保存的修改").small().color(colors::WARNING));
            }
            ui.separator();
            match &self.grid.error {
                // A refused entry is said here too (the cell may be scrolled away from its note).
                Some(e) if self.grid.selected.is_some() => {
                    let _ = e;
                    ui.label(
                        RichText::new("未接受：输入的内容不符合要求，原因见所选单元格下方")
                            .small()
                            .color(colors::ERROR),
                    );
                }
                _ => {
                    ui.label(RichText::new(&self.status).small());
                }
            }
        });
    }

    /// A file dropped on the window: a project file opens, a report in any format the importer
    /// reads is imported (after asking to save unsaved changes either way); others are named in
    /// the status line.
    fn files_dropped(&self, ui: &egui::Ui, out: &mut Vec<Action>) {
        let dropped: Vec<PathBuf> = ui.input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).collect());
        let ext = |p: &Path| p.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        if let Some(path) = dropped.iter().find(|p| ext(p) == "ron") {
            out.push(Action::Open(path.clone()));
        } else if let Some(path) =
            dropped.iter().find(|p| crate::import::ACCEPTED_EXTENSIONS.contains(&ext(p).as_str()))
        {
            out.push(Action::Import(path.clone()));
        } else if let Some(path) = dropped.first() {
            out.push(Action::Status(format!(
                "不能打开“{}”：可以拖入年报项目文件（.ron），或可导入的年报（{}）",
                path.display(),
                crate::import::ACCEPTED_EXTENSIONS.map(|e| format!(".{e}")).join(" ")
            )));
        }
    }

    fn shortcuts(&self, ui: &egui::Ui, out: &mut Vec<Action>) {
        let typing = ui.egui_wants_keyboard_input();
        // Ctrl+Shift+S before Ctrl+S: matching ignores extra modifiers.
        let mut order: Vec<Command> = Command::ALL.to_vec();
        order.sort_by_key(|c| c.shortcut().map_or(0, |s| if s.modifiers.shift { 0 } else { 1 }));
        for c in order {
            let Some(s) = c.shortcut() else { continue };
            if typing && !c.works_in_text() {
                continue;
            }
            if ui.input_mut(|i| i.consume_shortcut(&s)) {
                out.push(Action::Command(c));
            }
        }
    }

    fn menu_bar(&self, ui: &mut egui::Ui, out: &mut Vec<Action>) {
        egui::MenuBar::new().ui(ui, |ui| {
            for menu in Menu::ALL {
                ui.menu_button(menu.label(), |ui| {
                    for c in Command::ALL.into_iter().filter(|c| c.menu() == menu) {
                        if matches!(
                            c,
                            Command::Quit
                                | Command::ExportPdf
                                | Command::ExportDraft
                                | Command::ImportReview
                                | Command::CopyHtml
                                | Command::FillBlanks
                                | Command::Open
                                | Command::NextFinding
                        ) {
                            ui.separator();
                        }
                        if c == Command::AssociateRon {
                            ui.separator();
                        }
                        let mut button = match self.is_checked(c) {
                            Some(on) => egui::Button::selectable(on, c.label()),
                            None => egui::Button::new(c.label()),
                        };
                        if let Some(s) = c.shortcut() {
                            button = button.shortcut_text(ui.ctx().format_shortcut(&s));
                        }
                        if ui.add_enabled(self.is_enabled(c), button).on_hover_text(c.tooltip()).clicked() {
                            out.push(Action::Command(c));
                            ui.close();
                        }
                        if c == Command::Open && menu == Menu::File {
                            self.recent_menu(ui, out);
                        }
                    }
                });
            }
        });
    }

    fn recent_menu(&self, ui: &mut egui::Ui, out: &mut Vec<Action>) {
        let recent = &self.settings.recent;
        ui.add_enabled_ui(!recent.is_empty(), |ui| {
            ui.menu_button("最近打开", |ui| {
                for p in recent {
                    let name =
                        p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned());
                    if ui.button(name).on_hover_text(p.display().to_string()).clicked() {
                        out.push(Action::Open(p.clone()));
                        ui.close();
                    }
                }
            });
        });
    }

    // -----------------------------------------------------------------------------------------
    // Actions: the one place where things change

    fn apply_all(&mut self, ui: &egui::Ui, actions: Vec<Action>) {
        if actions.is_empty() {
            return;
        }
        // What was typed belongs to the report as it was drawn, before a button in the same
        // frame moves the paragraphs.
        let (typed, rest): (Vec<Action>, Vec<Action>) =
            actions.into_iter().partition(|a| matches!(a, Action::Type(_) | Action::EndTyping));
        for a in typed.into_iter().chain(rest) {
            self.apply(a);
        }
        ui.ctx().request_repaint();
    }

    /// Carries out an action. A panic inside it is caught here: the report stays, a recovery
    /// copy is written and the clerk is told.
    pub fn apply(&mut self, action: Action) {
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| self.apply_unguarded(action))) {
            self.after_panic(panic.as_ref(), "刚才的操作");
        }
    }

    fn apply_unguarded(&mut self, action: Action) {
        self.guard.action_starts();
        match action {
            Action::Type(e) => {
                if let Err(err) = self.doc.type_edit(&e) {
                    self.status = format!("未能修改：{err}");
                }
                return;
            }
            Action::EndTyping => {
                self.doc.end_typing();
                return;
            }
            _ => self.doc.end_typing(),
        }
        match action {
            Action::Type(_) | Action::EndTyping => {}
            Action::Command(c) => self.run_command(c),
            Action::Edit(e) => self.edit(&e),
            Action::Edits(es) => self.edit_all(&es),
            Action::Show(v) => {
                if self.commit_grid() {
                    self.view = v;
                }
            }
            Action::GoTo(location, cells) => self.go_to(location, &cells),
            Action::Dialog(d) => self.dialog = Some(d),
            Action::Status(s) => self.status = s,
            Action::Open(p) => self.guard(Pending::Open(Some(p))),
            Action::Import(p) => self.guard(Pending::Import(Some(p))),
            Action::SaveThen(then) => {
                if self.save() {
                    self.proceed(then);
                }
            }
            Action::DiscardThen(then) => {
                self.autosave.clear(&self.paths);
                self.proceed(then);
            }
            Action::NewReport { agency, year, level } => {
                self.replace(Document::unsaved(new_report(&agency, year, level)));
                self.status = format!("已新建 {year} 年度年报，请填写各部分内容后保存。");
            }
            Action::Recover(r) => {
                let mut doc = Document::unsaved(r.report.clone());
                doc.path.clone_from(&r.info.original);
                self.replace(doc);
                // It is this window's work now: its own autosave takes over.
                recovery::discard(&self.paths, &r.id);
                self.status = "已恢复自动保存的内容，请检查后保存。".into();
            }
            Action::DiscardRecovery(id) => recovery::discard(&self.paths, &id),
            Action::Export { to, draft, force } => self.export_now(to, draft, force),
            Action::Reveal(p) => self.dialogs.reveal(&p),
            Action::PathChosen(purpose, p) => self.path_chosen(purpose, &p),
            Action::ApplyReview { file, changes, comments } => self.apply_review(&file, &changes, &comments),
        }
    }

    /// Applies an edit as one undo step; the paragraph ids follow it.
    fn edit(&mut self, e: &Edit) {
        let note = match e {
            Edit::Delete(at) if edit::is_subheading(&self.doc.report, *at) => Some("已删除小标题（Ctrl+Z 恢复）"),
            Edit::Delete(_) => Some("已删除段落（Ctrl+Z 恢复）"),
            _ => None,
        };
        match self.doc.apply(e) {
            Ok(true) => {
                self.paragraphs.follow(e);
                if let Some(note) = note {
                    self.status = note.to_owned();
                    self.paragraphs.note = Some(note.to_owned());
                }
            }
            Ok(false) => {}
            Err(err) => self.status = format!("未能修改：{err}"),
        }
    }

    /// Applies edits together as one undo step (all or none); the paragraph ids follow each.
    fn edit_all(&mut self, es: &[Edit]) {
        let split = self.paragraphs.take_split();
        let before = split.map(|_| self.doc.report.clone());
        match self.doc.apply_all(es) {
            Ok(true) => {
                es.iter().for_each(|e| self.paragraphs.follow(e));
                if let (Some((at, caret)), Some(before)) = (split, before) {
                    if self.splits.len() >= SPLITS_KEPT {
                        self.splits.remove(0);
                    }
                    self.splits.push(SplitMark { before, after: self.doc.report.clone(), at, caret });
                }
            }
            Ok(false) => {}
            Err(err) => self.status = format!("未能修改：{err}"),
        }
    }

    /// After undo or redo: when the step was Enter splitting a paragraph on this page, the
    /// keyboard goes back to it: undo puts the caret at the join (where Enter was pressed), redo
    /// at the start of the new paragraph.
    fn focus_after_split(&mut self, undo: bool) {
        let r = &self.doc.report;
        let Some(m) = self.splits.iter().rev().find(|m| if undo { m.before == *r } else { m.after == *r }) else {
            return;
        };
        let shown = match self.view {
            View::TitleBlock => List::Preamble,
            View::Section(s) => List::Section(s),
        };
        if m.at.list != shown {
            return;
        }
        if undo {
            self.paragraphs.focus_at(m.at, m.caret);
        } else {
            self.paragraphs.focus_at(BlockRef::new(m.at.list, m.at.index + 1), 0);
        }
    }

    /// Stores a number typed into a cell but not yet confirmed. `false` when it is refused: the
    /// cell editor stays open with the reason, and what was asked waits.
    fn commit_grid(&mut self) -> bool {
        match self.grid.commit() {
            Ok(Some(e)) => {
                self.edit(&e);
                true
            }
            Ok(None) => true,
            Err(_) => false,
        }
    }

    /// After a panic: keep the report, write the recovery copy, tell the clerk.
    fn after_panic(&mut self, panic: &(dyn Any + Send), what: &str) {
        let detail = panic_message(panic);
        log_line(&self.paths, &format!("panic in {what}: {detail}"));
        let copy = if !self.doc.is_dirty() {
            "文件中的内容是最新的。".to_owned()
        } else {
            // Writing the copy must not fail the same way: it is guarded too.
            let written = catch_unwind(AssertUnwindSafe(|| self.autosave_now()))
                .unwrap_or_else(|_| Err(std::io::Error::other("写入时程序内部出错")));
            match written {
                Ok(()) => "已写入一份恢复副本。".to_owned(),
                Err(e) => {
                    log_line(&self.paths, &format!("recovery copy not written after the panic: {e}"));
                    format!("恢复副本没能写入（{}），请尽快保存。", crate::io::describe_io(&e))
                }
            }
        };
        self.status = "程序内部出错，年报没有丢失。".into();
        self.dialog = Some(Dialog::Error(format!(
            "程序内部出错，{what}没有完成（{detail}）。\n\n您的年报仍在编辑器中，没有丢失；{copy}请先保存（Ctrl+S）再继续。如果问题反复出现，请把日志文件“{}”发给技术支持。",
            self.paths.log_file().display()
        )));
    }

    // -----------------------------------------------------------------------------------------
    // Commands

    /// Whether a command that is a choice is on (`None`: not a choice). The display and
    /// association settings are read from where they are kept, only while the menu is open.
    pub fn is_checked(&self, c: Command) -> Option<bool> {
        let display = || crate::launch::RendererMemory::load(&self.paths).choice;
        match c {
            Command::ShowPrevious => Some(self.show_previous),
            Command::DisplayAuto => Some(display().is_none()),
            Command::DisplayWgpu => Some(display() == Some(Renderer::Wgpu)),
            Command::DisplayGlow => Some(display() == Some(Renderer::Glow)),
            Command::AssociateRon => Some(crate::association::is_registered()),
            _ => None,
        }
    }

    /// Whether a command can run now.
    pub fn is_enabled(&self, c: Command) -> bool {
        match c {
            Command::DisplayWgpu => Renderer::available().contains(&Renderer::Wgpu),
            Command::AssociateRon => cfg!(windows),
            Command::Undo => self.doc.can_undo(),
            Command::Redo => self.doc.can_redo(),
            Command::FillBlanks => !self.doc.report.tables.is_complete(),
            Command::ShowPrevious => self.doc.report.previous.is_some(),
            Command::Recompute => self.doc.report.tables.overrides().next().is_some(),
            Command::RestoreHeadings => headings_deviate(&self.doc.report),
            _ => true,
        }
    }

    /// Runs a command (through [`Self::apply`], so a panic in it is caught).
    pub fn run(&mut self, c: Command) {
        self.apply(Action::Command(c));
    }

    fn run_command(&mut self, c: Command) {
        if !self.is_enabled(c) {
            return;
        }
        // A number typed into a cell but not yet confirmed belongs to the report first.
        if !matches!(c, Command::Undo | Command::Redo) && !self.commit_grid() {
            return;
        }
        match c {
            Command::New => self.guard(Pending::New),
            Command::Open => self.guard(Pending::Open(None)),
            Command::NextYear => self.guard(Pending::NextYear),
            Command::Import => self.guard(Pending::Import(None)),
            Command::ImportReview => self.import_review(),
            Command::ShowPrevious => self.show_previous = !self.show_previous,
            Command::ReviewDesk => {
                // A number typed but not yet confirmed is stored first (or, refused, keeps the
                // editor where it is), as switching views does.
                if self.desk.is_none() && self.commit_grid() {
                    self.desk = Some(super::desk::Desk::default());
                }
            }
            Command::Save => {
                self.save();
            }
            Command::SaveAs => {
                self.save_as();
            }
            Command::ExportPdf => self.export(Output::File(Format::Pdf)),
            Command::ExportWord => self.export(Output::File(Format::Docx)),
            Command::ExportHtml => self.export(Output::File(Format::Html)),
            Command::CopyHtml => self.export(Output::Clipboard),
            Command::ExportDraft => self.export_now(Output::File(Format::Pdf), true, true),
            Command::ExportWordDraft => self.export_now(Output::File(Format::Docx), true, true),
            Command::ExportHtmlDraft => self.export_now(Output::File(Format::Html), true, true),
            Command::Quit => self.guard(Pending::Close),
            Command::Undo | Command::Redo => {
                self.grid.cancel();
                let done = if c == Command::Undo { self.doc.undo() } else { self.doc.redo() };
                if done {
                    // The paragraphs may have moved under the text boxes: every box starts afresh.
                    self.paragraphs.reset();
                    self.focus_after_split(c == Command::Undo);
                    self.status = if c == Command::Undo { "已撤销" } else { "已重做" }.into();
                }
            }
            Command::FillBlanks => {
                let n = crate::model::tables::cells()
                    .iter()
                    .filter(|d| !d.derived && self.doc.report.tables.stored(d.id).is_none())
                    .count();
                self.edit(&Edit::FillBlanks);
                self.status = format!("已将 {n} 个空白单元格填为0");
            }
            Command::Recompute => {
                let n = self.doc.report.tables.overrides().count();
                self.edit(&Edit::Recompute);
                self.status = format!("已按公式重算 {n} 个合计单元格");
            }
            Command::RestoreHeadings => {
                self.edit(&Edit::RestoreHeadings);
                self.status = "已恢复标准标题".into();
            }
            Command::NextFinding => self.next_finding(),
            Command::DisplayAuto | Command::DisplayWgpu | Command::DisplayGlow => {
                let choice = match c {
                    Command::DisplayWgpu => Some(Renderer::Wgpu),
                    Command::DisplayGlow => Some(Renderer::Glow),
                    _ => None,
                };
                let mut memory = crate::launch::RendererMemory::load(&self.paths);
                memory.choose(choice);
                memory.save(&self.paths);
                log_line(&self.paths, &format!("display chosen: {}", memory.describe()));
                self.dialog = Some(Dialog::Info {
                    message: format!("{}\n下次启动时生效。", memory.describe()),
                    reveal: None,
                });
            }
            Command::AssociateRon => {
                let registered = crate::association::is_registered();
                let done = if registered { crate::association::unregister() } else { crate::association::register() };
                self.dialog = Some(match done {
                    Ok(()) if registered => Dialog::Info {
                        message: "已取消 .ron 文件与年报编辑器的关联。".into(),
                        reveal: None,
                    },
                    Ok(()) => Dialog::Info {
                        message:
                            "已关联：双击 .ron 文件即用年报编辑器打开（仅当前用户）。\n若移动了程序文件，请重新关联。"
                                .into(),
                        reveal: None,
                    },
                    Err(e) => Dialog::Error(e.to_string()),
                });
            }
            Command::About => {
                let files = format!(
                    "程序自己的文件（设置、自动保存的恢复副本、日志）保存在：\n{}{}",
                    self.paths.data.display(),
                    if self.paths.config == self.paths.data {
                        String::new()
                    } else {
                        format!("\n{}", self.paths.config.display())
                    }
                );
                self.dialog = Some(Dialog::About(files));
            }
            Command::Guide => self.dialog = Some(Dialog::Guide),
            Command::Find => {
                let find = self.find.get_or_insert_with(Find::default);
                find.focus = true;
            }
        }
    }

    /// Runs `then` now, or after asking to save unsaved changes.
    fn guard(&mut self, then: Pending) {
        if self.doc.is_dirty() {
            self.dialog = Some(Dialog::Unsaved(then));
        } else {
            self.proceed(then);
        }
    }

    fn proceed(&mut self, then: Pending) {
        match then {
            Pending::Close => {
                self.autosave.finish(&self.paths);
                self.allow_close = true;
                self.close_requested = true;
            }
            Pending::New => {
                self.dialog = Some(Dialog::NewReport {
                    agency: String::new(),
                    year: standard_year().to_string(),
                    level: AgencyLevel::Township,
                    error: None,
                });
            }
            Pending::NextYear => {
                let Some(path) = self.pick(PathPurpose::NextYear) else { return };
                self.next_year_from(&path);
            }
            Pending::Import(path) => {
                let Some(path) = path.or_else(|| self.pick(PathPurpose::Import)) else { return };
                self.import(&path);
            }
            Pending::Open(path) => {
                let path = path.or_else(|| self.pick(PathPurpose::Open));
                if let Some(p) = path {
                    self.open(&p);
                }
            }
        }
    }

    /// Asks for a file to read. When the system's dialog cannot open, a path field is offered
    /// instead of doing nothing (its answer comes back as [`Action::PathChosen`]).
    fn pick(&mut self, purpose: PathPurpose) -> Option<PathBuf> {
        let p = match purpose {
            PathPurpose::Import => self.dialogs.pick_import(),
            PathPurpose::Open => self.dialogs.pick_open(),
            PathPurpose::NextYear => self.dialogs.pick_last_year(),
        };
        if p.is_none() && self.dialogs.unavailable() {
            self.dialog = Some(Dialog::PathEntry { purpose, text: String::new(), error: None });
        }
        p
    }

    /// A path typed by hand: the unsaved-changes question was answered before the field opened.
    fn path_chosen(&mut self, purpose: PathPurpose, path: &Path) {
        match purpose {
            PathPurpose::Open => self.open(path),
            PathPurpose::Import => self.import(path),
            PathPurpose::NextYear => self.next_year_from(path),
        }
    }

    fn import(&mut self, path: &Path) {
        match crate::import::import_file(path) {
            Ok(imported) => {
                let listing = Listing::import(path, &imported, None);
                self.replace(Document::unsaved(imported.report));
                self.status = format!("已导入 {}，请核对后保存", path.display());
                self.dialog = Some(Dialog::Listing(Box::new(listing)));
            }
            Err(e) => {
                self.dialog =
                    Some(Dialog::Error(format!("无法导入“{}”：\n{e}\n\n当前的年报没有受到影响。", path.display())));
            }
        }
    }

    /// Puts another report in the editor: a fresh view, and this window's recovery copy goes.
    fn replace(&mut self, doc: Document) {
        self.doc = doc;
        self.view = View::TitleBlock;
        self.grid = GridState::default();
        self.paragraphs.reset();
        self.splits.clear();
        self.title_form.reset();
        self.highlight = None;
        self.focus = None;
        self.example_banner = false;
        // The desk's marks belong to the unit it opened, not to this report.
        self.desk_marks = None;
        self.show_previous = self.doc.report.previous.is_some();
        self.autosave.settled(&self.paths, self.doc.revision());
    }

    /// Opens a file. On failure the current report stays and the reason is shown.
    pub fn open(&mut self, path: &Path) {
        match crate::io::load(path) {
            Ok(report) => {
                self.replace(Document::new(report, Some(path.to_owned())));
                self.settings.add_recent(path);
                self.settings.save(&self.paths);
                self.status = format!("已打开 {}", path.display());
            }
            Err(e) => {
                self.dialog =
                    Some(Dialog::Error(format!("无法打开“{}”：\n{e}\n\n当前的年报没有受到影响。", path.display())));
            }
        }
    }

    /// Saves to the current file, or asks for one. Returns whether it was saved.
    pub fn save(&mut self) -> bool {
        match self.doc.path.clone() {
            Some(p) => self.save_to(&p),
            None => self.save_as(),
        }
    }

    fn save_as(&mut self) -> bool {
        let r = &self.doc.report;
        let suggested = format!("{}{}年政府信息公开工作年度报告.ron", r.agency.trim(), r.year);
        match self.dialogs.pick_save(&suggested, "ron", "年报项目文件") {
            Some(p) => self.save_to(&p),
            None => false,
        }
    }

    fn save_to(&mut self, path: &Path) -> bool {
        match crate::io::save(path, &self.doc.report) {
            Ok(()) => {
                self.doc.mark_saved(path.to_owned());
                self.settings.add_recent(path);
                self.settings.save(&self.paths);
                self.autosave.settled(&self.paths, self.doc.revision());
                self.status = format!("已保存 {}", path.display());
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Error(e.to_string()));
                false
            }
        }
    }

    fn export_options(&self, draft: bool, force: bool) -> ExportOptions {
        let fonts = if self.settings.bundled_fonts_only { FontPolicy::BundledOnly } else { FontPolicy::SystemFirst };
        ExportOptions { draft, force, fonts, created: None }
    }

    /// 导出 PDF / Word / 网页版, 复制网页版: gating first (CONTRACT §2: table errors block the
    /// final version and offer a draft), then one list of what is unfinished — every other
    /// error and the warnings that keep the report untidy (placeholders, a 文号 without its
    /// number, a late or missing date), each with 去修改 — which the clerk may still go past;
    /// then the file or the clipboard.
    pub fn export(&mut self, to: Output) {
        let findings = self.doc.findings().to_vec();
        let (block, _) = export::gate(&findings);
        let unfinished = checks::unfinished(&self.doc.report, &findings);
        if !block.is_empty() {
            self.dialog = Some(Dialog::ExportBlocked { to, findings: block });
        } else if !unfinished.is_empty() {
            self.dialog = Some(Dialog::ExportConfirm { to, findings: unfinished });
        } else {
            self.export_now(to, false, false);
        }
    }

    /// 导出 PDF (kept for callers of the PDF-only editor).
    pub fn export_pdf(&mut self) {
        self.export(Output::File(Format::Pdf));
    }

    fn export_now(&mut self, to: Output, draft: bool, force: bool) {
        match to {
            Output::File(format) => self.export_to_file(format, draft, force),
            Output::Clipboard => self.copy_html(draft, force),
        }
    }

    fn export_to_file(&mut self, format: Format, draft: bool, force: bool) {
        let r = &self.doc.report;
        let stem = self.doc.path.as_ref().and_then(|p| p.file_stem()).map_or_else(
            || format!("{}{}年政府信息公开工作年度报告", r.agency.trim(), r.year),
            |s| s.to_string_lossy().into_owned(),
        );
        let ext = format.key();
        let suggested = if draft { format!("{stem}（草稿）.{ext}") } else { format!("{stem}.{ext}") };
        let filter = match format {
            Format::Pdf => "PDF 文件",
            Format::Docx => "Word 文档",
            Format::Html => "网页",
        };
        let Some(path) = self.dialogs.pick_save(&suggested, ext, filter) else { return };
        let opts = self.export_options(draft, force);
        match export::export_as(&self.doc.report, None, format, opts) {
            Ok(done) => match crate::io::write_atomic(&path, &done.bytes, false) {
                Ok(()) => {
                    let kind = if draft { "草稿" } else { "正式版" };
                    let what = Output::File(format).label();
                    self.status = format!("已导出{kind}{what}：{}", path.display());
                    let detail = match format {
                        Format::Pdf => format!("（{} 页）", done.pages),
                        Format::Docx => {
                            "。可发送给县政务公开办审核；审核人改过退回后，用“文件 → 导入审核意见”取回修改".into()
                        }
                        Format::Html => {
                            "。可上传到政府网站的年报栏目；也可用“编辑 → 复制网页版”粘贴到网站编辑器中".into()
                        }
                    };
                    self.dialog = Some(Dialog::Info {
                        message: format!("已导出{kind}{what}{detail}：\n{}", path.display()),
                        reveal: Some(path),
                    });
                }
                Err(e) => {
                    self.dialog =
                        Some(Dialog::Error(format!("无法写入“{}”：{}", path.display(), crate::io::describe_io(&e))));
                }
            },
            Err(e) => self.export_failed(Output::File(format), e),
        }
    }

    /// 复制网页版: the report as an HTML fragment with inline styles (portal editors drop style
    /// sheets) and a plain-text alternative.
    fn copy_html(&mut self, draft: bool, force: bool) {
        let opts = self.export_options(draft, force);
        let report = &self.doc.report;
        let made = export::checked(report, None, opts).and_then(|_| {
            let content = export::compose(report, draft);
            let bad = content.control_characters();
            if bad.is_empty() { Ok(export::html::fragment(&content)) } else { Err(ExportError::ControlCharacters(bad)) }
        });
        let (html, text) = match made {
            Ok(made) => made,
            Err(e) => {
                self.export_failed(Output::Clipboard, e);
                return;
            }
        };
        match self.clipboard.set_html(&html, &text) {
            Ok(()) => {
                let kind = if draft { "草稿" } else { "正式版" };
                self.status = format!("已复制{kind}网页版：可在政府网站的编辑器中粘贴（Ctrl+V），表格随之粘贴");
            }
            Err(e) => {
                self.dialog = Some(Dialog::Error(format!(
                    "{e}，网页版没有复制。\n\n可改用“文件 → 导出网页版…”保存为网页文件后上传。"
                )));
            }
        }
    }

    fn export_failed(&mut self, to: Output, e: ExportError) {
        self.dialog = Some(match e {
            ExportError::Blocked(findings) => Dialog::ExportBlocked { to, findings },
            ExportError::NeedsConfirmation(findings) => Dialog::ExportConfirm { to, findings },
            e => Dialog::Error(e.to_string()),
        });
    }

    /// 以上年报告新建 from a file: a project file is loaded, any other format imported (its import
    /// report is shown); next year's report starts from it, with last year's tables kept for the
    /// cross-year checks.
    fn next_year_from(&mut self, path: &Path) {
        let is_project = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron"));
        let (last, imported) = if is_project {
            match crate::io::load(path) {
                Ok(r) => (r, None),
                Err(e) => {
                    self.dialog =
                        Some(Dialog::Error(format!("无法打开“{}”：\n{e}\n\n当前的年报没有受到影响。", path.display())));
                    return;
                }
            }
        } else {
            match crate::import::import_file(path) {
                Ok(i) => (i.report.clone(), Some(i)),
                Err(e) => {
                    self.dialog = Some(Dialog::Error(format!(
                        "无法导入上一年度的年报“{}”：\n{e}\n\n当前的年报没有受到影响。",
                        path.display()
                    )));
                    return;
                }
            }
        };
        let next = standard::next_report(&last);
        let status = format!(
            "已以{}年度年报为基础新建{}年度年报：上年结转已填入，其余数字待填写；正文沿用上年，请逐段修改。",
            last.year, next.year
        );
        let listing = imported.map(|i| Listing::import(path, &i, Some(&next)));
        self.replace(Document::unsaved(next));
        self.status = status;
        if let Some(l) = listing {
            self.dialog = Some(Dialog::Listing(Box::new(l)));
        }
    }

    /// 导入审核意见: reads the returned Word file against the snapshot it carries and shows the
    /// reviewer's changes and comments to choose from.
    fn import_review(&mut self) {
        let Some(path) = self.dialogs.pick_review() else { return };
        match crate::import::review::read_review_file(&path) {
            Ok(review) => {
                self.status = format!("已读取审核意见：{}", path.display());
                self.dialog = Some(Dialog::Review(Box::new(ReviewDialog::new(path, review, &self.doc.report))));
            }
            Err(e) => {
                self.dialog = Some(Dialog::Error(format!("无法读取审核意见：\n{e}\n\n当前的年报没有受到影响。")));
            }
        }
    }

    /// Applies the reviewer's changes the clerk accepted, as one undo step; what could not be
    /// taken (the clerk changed that place since the export) is left out and listed.
    fn apply_review(&mut self, file: &Path, changes: &[Change], comments: &[Comment]) {
        let chosen: Vec<&Change> = changes.iter().collect();
        let (edits, outcomes) = review::plan(&self.doc.report, &chosen);
        match self.doc.apply_all(&edits) {
            Ok(_) => {
                self.paragraphs.reset();
                self.grid.cancel();
                let n = outcomes.iter().filter(|o| **o == review::Outcome::Applied).count();
                self.status = format!("已采纳审核意见 {n} 处（Ctrl+Z 可整体撤销）");
                self.dialog =
                    Some(Dialog::Listing(Box::new(Listing::review_outcome(file, changes, &outcomes, comments))));
            }
            Err(e) => {
                self.dialog = Some(Dialog::Error(format!("审核意见没有采纳：{e}。\n\n年报没有改动。")));
            }
        }
    }

    /// Goes to the place a finding points at; the keyboard goes there too.
    pub fn go_to(&mut self, location: Location, cells: &[CellId]) {
        self.reach(location, cells, true);
    }

    /// Shows a place (highlighted, scrolled into view); with `keyboard`, its text box or cell
    /// takes the keyboard (a search keeps it in the search box).
    fn reach(&mut self, location: Location, cells: &[CellId], keyboard: bool) {
        if !self.commit_grid() {
            return;
        }
        let r = &self.doc.report;
        match location {
            Location::Cell(c) => {
                if let Some(s) = r.table_section(c.decl().table) {
                    self.view = View::Section(s);
                }
                self.grid.select(Some(c));
                self.highlight = None;
                // Typing goes to the cell: no text box keeps the keyboard.
                self.release_focus = keyboard;
            }
            Location::Table(t) => {
                if let Some(s) = r.table_section(t) {
                    self.view = View::Section(s);
                }
                match cells.first() {
                    Some(c) => self.grid.select(Some(*c)),
                    None => self.grid.scroll_to_table = Some(t),
                }
                self.highlight = None;
                self.release_focus = keyboard;
            }
            Location::Section(s) | Location::Block(s, _) => {
                self.view = View::Section(s);
                self.highlight = Some(location);
                self.scroll_to_highlight = true;
            }
            Location::Report => {}
            Location::Title | Location::DocNumber | Location::Signer | Location::Date | Location::Preamble(_) => {
                self.view = View::TitleBlock;
                self.highlight = Some(location);
                self.scroll_to_highlight = true;
            }
        }
        match BlockRef::from_location(location) {
            Some(at) => self.paragraphs.select(at),
            None => self.paragraphs.current = None,
        }
        self.highlight_is_finding = self.doc.derived().findings.iter().any(|f| f.location == location);
        // The keyboard follows: typing goes into the paragraph or field reached.
        self.focus = match location {
            Location::Cell(_) | Location::Table(_) | Location::Report => None,
            _ if !keyboard => None,
            _ => Some(location),
        };
    }

    /// Where the clerk is, for F8: the highlighted place, the selected cell on screen, the
    /// paragraph the bar acts on, else the start of the part shown.
    fn current_place(&self) -> Location {
        if let Some(h) = self.highlight {
            return h;
        }
        if let Some(c) = self.grid.selected
            && self.doc.report.table_section(c.decl().table).map(View::Section) == Some(self.view)
        {
            return Location::Cell(c);
        }
        if let Some(at) = self.paragraphs.current {
            return at.location();
        }
        match self.view {
            View::TitleBlock => Location::Report,
            View::Section(s) => Location::Section(s),
        }
    }

    /// F8: the next finding after the clerk's place in reading order, errors before warnings
    /// (warnings once no error is left, hints once no warning is left), round again at the end.
    fn next_finding(&mut self) {
        self.doc.refresh();
        let here = self.current_place();
        let r = &self.doc.report;
        let findings = &self.doc.derived().findings;
        let Some(worst) = findings.iter().map(|f| f.severity).min() else {
            self.status = "没有发现问题".into();
            return;
        };
        let mut of_worst: Vec<&Finding> = findings.iter().filter(|f| f.severity == worst).collect();
        of_worst.sort_by_key(|f| f.location.reading_order(r));
        let from = here.reading_order(r);
        let Some(f) = of_worst.iter().find(|f| f.location.reading_order(r) > from).or(of_worst.first()).copied() else {
            return;
        };
        let f = f.clone();
        let n = of_worst.len();
        self.status = format!(
            "{} {} {}（{}共{n}条）",
            f.severity.label(),
            f.rule,
            super::widgets::place_and_message(&f, r),
            f.severity.label()
        );
        self.go_to(f.location, &f.cells);
    }

    // -----------------------------------------------------------------------------------------
    // Autosave

    fn autosave(&mut self, ui: &egui::Ui) {
        let now = ui.input(|i| i.time);
        if let Some(wait) = self.autosave.tick(&self.paths, now, &self.doc) {
            ui.request_repaint_after(std::time::Duration::from_secs_f64(wait));
        }
    }

    /// The settings (tests change them directly).
    pub fn settings_mut_for_tests(&mut self) -> &mut Settings {
        &mut self.settings
    }

    /// Writes the recovery copy now (tests, and after a panic; the frame loop does it after a
    /// delay).
    pub fn autosave_now(&mut self) -> std::io::Result<()> {
        self.autosave.write(&self.paths, &self.doc)
    }
}

/// The button that folds a side panel away.
fn fold_button(ui: &mut egui::Ui, tip: &str, arrow: &str) -> bool {
    ui.horizontal(|ui| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.add(egui::Button::new(arrow).small().frame(false)).on_hover_text(tip).clicked()
        })
        .inner
    })
    .inner
}

/// The thin strip of a folded side panel: one click opens it again.
fn strip_button(ui: &mut egui::Ui, text: &str, tip: &str) -> bool {
    ui.add_space(6.0);
    ui.add(egui::Button::new(RichText::new(text).small()).frame(false)).on_hover_text(tip).clicked()
}

/// The note over the bundled example at first start: what it is and the three ways to begin.
fn example_note(ui: &mut egui::Ui, r: &Report, open: &mut bool, out: &mut Vec<Action>) {
    egui::Frame::new()
        .fill(egui::Color32::from_rgb(0xFF, 0xF8, 0xE1))
        .stroke(egui::Stroke::new(1.0, egui::Color32::from_rgb(0xE0, 0xC0, 0x70)))
        .inner_margin(8)
        .corner_radius(4)
        .show(ui, |ui| {
            let place = r.agency.trim().trim_end_matches("人民政府");
            ui.label(
                RichText::new(format!(
                    "这是示例年报：{place}{}年。新建或导入您的年报，或在示例上试用各项功能（示例不会被覆盖）。",
                    r.year
                ))
                .strong(),
            );
            ui.horizontal_wrapped(|ui| {
                for (label, c) in [
                    ("新建年报…", Command::New),
                    ("以上年报告新建…", Command::NextYear),
                    ("导入往年年报…", Command::Import),
                ] {
                    if ui.button(label).on_hover_text(c.tooltip()).clicked() {
                        out.push(Action::Command(c));
                    }
                }
                if ui.button("先看看示例").clicked() {
                    *open = false;
                }
            });
        });
    ui.add_space(4.0);
}

/// The year a report is usually written for: last year.
fn standard_year() -> u16 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let year = 1970 + (secs / 31_556_952) as u16;
    year.saturating_sub(1).clamp(*Report::YEARS.start(), *Report::YEARS.end())
}

/// The bundled example, as a document without a file: 保存 asks for a name.
pub fn example_document() -> Document {
    let report =
        crate::io::load_str(EXAMPLE).unwrap_or_else(|_| new_report("示例镇人民政府", 2024, AgencyLevel::Township));
    Document::new(report, None)
}

/// The bundled example report (金砂镇 2024), embedded in the binary.
pub const EXAMPLE: &str = include_str!("../../assets/examples/jinsha-2024.ron");
