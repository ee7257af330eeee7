//! The editor: state, frame loop, menus, shortcuts, files, autosave and the modal dialogs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use egui::{Color32, RichText};

use super::command::{Command, Menu};
use super::document::Document;
use super::files::FileDialogs;
use super::recovery::{self, Instance, Recovered};
use super::settings::{Paths, Settings};
use super::style::colors;
use crate::export::{self, ExportError, ExportOptions, FontPolicy};
use crate::model::standard::{self, new_report};
use crate::model::tables::TableId;
use crate::model::{AgencyLevel, Block, CellId, Finding, Location, Report, Severity};

/// Seconds after a change before the recovery copy is written.
pub const AUTOSAVE_DELAY: f64 = 3.0;

/// Which part of the report the centre shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// 标题、前言与落款.
    TitleBlock,
    /// A section (index in `Report::sections`), with its table for 二–四.
    Section(usize),
}

/// What waits for the answer to “save changes?”.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Close the window.
    Close,
    /// Start a new report.
    New,
    /// Next year's report from last year's file.
    NextYear,
    /// Import a Word report.
    Import,
    /// Open a file (`None`: ask which).
    Open(Option<PathBuf>),
}

/// A modal dialog.
#[derive(Clone, Debug)]
pub enum Dialog {
    /// 保存 / 不保存 / 取消.
    Unsaved(Pending),
    /// The new-report form.
    NewReport {
        /// 机关全称.
        agency: String,
        /// 报告年度 (text, validated on OK).
        year: String,
        /// 机关类型.
        level: AgencyLevel,
        /// Why OK was refused.
        error: Option<String>,
    },
    /// An error message.
    Error(String),
    /// A message, optionally with 打开所在文件夹.
    Info {
        /// The message.
        message: String,
        /// A file to reveal.
        reveal: Option<PathBuf>,
    },
    /// Table errors block a final export.
    ExportBlocked(Vec<Finding>),
    /// Other errors need a confirmation.
    ExportConfirm(Vec<Finding>),
    /// A recovery copy was found at start.
    Recovery(Box<Recovered>),
    /// Changing a heading (an explicit action: headings are fixed by the format).
    EditHeading {
        /// Section index.
        section: usize,
        /// Block index for a sub-heading, `None` for the section heading.
        block: Option<usize>,
        /// The text being edited.
        text: String,
    },
    /// 关于.
    About,
}

/// The active cell of a table grid and its editor.
#[derive(Clone, Debug, Default)]
pub struct GridState {
    /// The selected cell.
    pub selected: Option<CellId>,
    /// The cell being edited and its text.
    pub editing: Option<(CellId, String)>,
    /// Why the last entry was refused (shown under the grid and on the cell).
    pub error: Option<String>,
    /// Give the editor the keyboard on the next frame.
    pub focus_pending: bool,
    /// Scroll the selected cell into view on the next frame.
    pub scroll_pending: bool,
    /// An input method composition is in progress (its Enter must not move the cursor).
    pub composing: bool,
}

/// How cells are marked: the worst severity and the messages.
pub type CellMarks = HashMap<CellId, (Severity, Vec<String>)>;

/// The editor.
pub struct Editor {
    /// The open report.
    pub doc: Document,
    /// What the centre shows.
    pub view: View,
    /// The table grids.
    pub grid: GridState,
    /// The open dialog.
    pub dialog: Option<Dialog>,
    /// The status line.
    pub status: String,
    /// A paragraph or field to highlight (reached from the checks panel).
    pub highlight: Option<Location>,
    /// Scroll to the highlight on the next frame.
    pub scroll_to_highlight: bool,
    /// The report as it was when a text box took the keyboard (for its undo step).
    pub text_before: Option<Report>,
    /// Show last year's numbers in the table cells.
    pub show_previous: bool,
    pub(crate) paths: Paths,
    pub(crate) settings: Settings,
    pub(crate) dialogs: Box<dyn FileDialogs>,
    instance: Instance,
    /// Recovery copies of windows that are gone, still to be offered.
    pending_recoveries: Vec<Recovered>,
    marks: std::rc::Rc<CellMarks>,
    marks_revision: u64,
    last_title: String,
    autosave_due: Option<f64>,
    autosaved_revision: u64,
    allow_close: bool,
    /// Close after this many frames (`--exit-after-first-frame`).
    pub exit_after_frames: Option<u64>,
    frames: u64,
    /// Set when the window should close (tests read it; the app sends the viewport command).
    pub close_requested: bool,
    finding_cursor: usize,
}

impl Editor {
    /// An editor on a report. `paths` holds its settings and recovery copy; a recovery copy
    /// found there is offered first.
    pub fn new(doc: Document, paths: Paths, dialogs: Box<dyn FileDialogs>) -> Self {
        let settings = Settings::load(&paths);
        let instance = Instance::start(&paths);
        let mut recovered = recovery::orphans(&paths);
        let mut e = Self {
            doc,
            view: View::TitleBlock,
            grid: GridState::default(),
            dialog: None,
            status: String::new(),
            highlight: None,
            scroll_to_highlight: false,
            text_before: None,
            show_previous: false,
            paths,
            settings,
            dialogs,
            instance,
            pending_recoveries: Vec::new(),
            marks: std::rc::Rc::default(),
            marks_revision: 0,
            last_title: String::new(),
            autosave_due: None,
            autosaved_revision: 0,
            allow_close: false,
            exit_after_frames: None,
            frames: 0,
            close_requested: false,
            finding_cursor: 0,
        };
        e.autosaved_revision = e.doc.revision();
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

    /// The marks of the cells (recomputed when the report changes; shared, not copied, by the
    /// frames in between).
    pub fn cell_marks(&mut self) -> std::rc::Rc<CellMarks> {
        if self.marks_revision != self.doc.revision() {
            let mut marks: CellMarks = HashMap::new();
            for f in self.doc.findings() {
                let mut cells = f.cells.clone();
                if let Location::Cell(c) = f.location
                    && !cells.contains(&c)
                {
                    cells.push(c);
                }
                for c in cells {
                    let e = marks.entry(c).or_insert((f.severity, Vec::new()));
                    e.0 = e.0.min(f.severity);
                    if !e.1.contains(&f.message) {
                        e.1.push(f.message.clone());
                    }
                }
            }
            self.marks = std::rc::Rc::new(marks);
            self.marks_revision = self.doc.revision();
        }
        std::rc::Rc::clone(&self.marks)
    }

    // -----------------------------------------------------------------------------------------
    // Commands

    /// Whether a command can run now.
    pub fn is_enabled(&self, c: Command) -> bool {
        match c {
            Command::Undo => self.doc.can_undo(),
            Command::Redo => self.doc.can_redo(),
            Command::FillBlanks => !self.doc.report.tables.is_complete(),
            Command::ShowPrevious => self.doc.report.previous.is_some(),
            Command::Recompute => self.doc.report.tables.overrides().next().is_some(),
            Command::RestoreHeadings => headings_deviate(&self.doc.report),
            _ => true,
        }
    }

    /// Runs a command.
    pub fn run(&mut self, c: Command) {
        if !self.is_enabled(c) {
            return;
        }
        self.finish_text_edit();
        // A number typed into a cell but not yet confirmed belongs to the report first.
        if !matches!(c, Command::Undo | Command::Redo) && !self.finish_cell_edit() {
            return;
        }
        match c {
            Command::New => self.guard(Pending::New),
            Command::Open => self.guard(Pending::Open(None)),
            Command::NextYear => self.guard(Pending::NextYear),
            Command::Import => self.guard(Pending::Import),
            Command::ShowPrevious => {
                self.show_previous = !self.show_previous;
            }
            Command::Save => {
                self.save();
            }
            Command::SaveAs => {
                self.save_as();
            }
            Command::ExportPdf => self.export_pdf(),
            Command::ExportDraft => self.export_to_file(true, true),
            Command::Quit => self.guard(Pending::Close),
            Command::Undo => {
                self.grid.editing = None;
                if self.doc.undo() {
                    self.status = "已撤销".into();
                }
            }
            Command::Redo => {
                self.grid.editing = None;
                if self.doc.redo() {
                    self.status = "已重做".into();
                }
            }
            Command::FillBlanks => {
                let n = self.doc.edit(|r| r.tables.fill_blanks_with_zero());
                self.status = format!("已将 {n} 个空白单元格填为0");
            }
            Command::Recompute => {
                let n = self.doc.report.tables.overrides().count();
                self.doc.edit(|r| r.tables.recompute());
                self.status = format!("已按公式重算 {n} 个合计单元格");
            }
            Command::RestoreHeadings => {
                self.doc.edit(restore_headings);
                self.status = "已恢复标准标题".into();
            }
            Command::NextFinding => self.next_finding(),
            Command::About => self.dialog = Some(Dialog::About),
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
                self.instance.finish(&self.paths);
                self.allow_close = true;
                self.close_requested = true;
            }
            Pending::New => {
                let year = standard_year();
                self.dialog = Some(Dialog::NewReport {
                    agency: String::new(),
                    year: year.to_string(),
                    level: AgencyLevel::Township,
                    error: None,
                });
            }
            Pending::NextYear => {
                let Some(path) = self.dialogs.pick_open() else { return };
                match crate::io::load(&path) {
                    Ok(last) => {
                        let next = standard::next_report(&last);
                        self.status = format!(
                            "已以{}年度年报为基础新建{}年度年报：上年结转已填入，其余数字待填写；正文沿用上年，请逐段修改。",
                            last.year, next.year
                        );
                        self.doc = Document::unsaved(next);
                        self.reset_view();
                        self.show_previous = true;
                        self.instance.clear(&self.paths);
                    }
                    Err(e) => {
                        self.dialog = Some(Dialog::Error(format!(
                            "无法打开“{}”：\n{e}\n\n当前的年报没有受到影响。",
                            path.display()
                        )));
                    }
                }
            }
            Pending::Import => {
                let Some(path) = self.dialogs.pick_import() else { return };
                match crate::import::import_file(&path) {
                    Ok(imported) => {
                        let summary = imported.summary();
                        let complete = imported.is_complete() && imported.structure.is_empty();
                        self.doc = Document::unsaved(imported.report);
                        self.reset_view();
                        self.instance.clear(&self.paths);
                        self.dialog = Some(Dialog::Info {
                            message: format!(
                                "已导入“{}”{}。\n\n{summary}\n请核对后保存；如需据此编写下一年度的年报，保存后使用“以上年报告新建”。",
                                path.display(),
                                if complete { "（完整）" } else { "（有未能导入的内容，见下）" }
                            ),
                            reveal: None,
                        });
                    }
                    Err(e) => self.dialog = Some(Dialog::Error(format!("导入失败：{e}\n\n当前的年报没有受到影响。"))),
                }
            }
            Pending::Open(path) => {
                let path = path.or_else(|| self.dialogs.pick_open());
                if let Some(p) = path {
                    self.open(&p);
                }
            }
        }
    }

    /// Opens a file. On failure the current report stays and the reason is shown.
    pub fn open(&mut self, path: &Path) {
        match crate::io::load(path) {
            Ok(report) => {
                self.doc = Document::new(report, Some(path.to_owned()));
                self.reset_view();
                self.show_previous = self.doc.report.previous.is_some();
                self.settings.add_recent(path);
                self.settings.save(&self.paths);
                self.instance.clear(&self.paths);
                self.autosaved_revision = self.doc.revision();
                self.status = format!("已打开 {}", path.display());
            }
            Err(e) => {
                self.dialog =
                    Some(Dialog::Error(format!("无法打开“{}”：\n{e}\n\n当前的年报没有受到影响。", path.display())));
            }
        }
    }

    fn reset_view(&mut self) {
        self.view = View::TitleBlock;
        self.grid = GridState::default();
        self.highlight = None;
        self.text_before = None;
        self.finding_cursor = 0;
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
                self.instance.clear(&self.paths);
                self.autosaved_revision = self.doc.revision();
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

    /// 导出 PDF: gating first (CONTRACT §2), then the file.
    pub fn export_pdf(&mut self) {
        let findings = self.doc.findings().to_vec();
        let (block, confirm) = export::gate(&findings);
        if !block.is_empty() {
            self.dialog = Some(Dialog::ExportBlocked(block));
        } else if !confirm.is_empty() {
            self.dialog = Some(Dialog::ExportConfirm(confirm));
        } else {
            self.export_to_file(false, false);
        }
    }

    fn export_to_file(&mut self, draft: bool, force: bool) {
        let r = &self.doc.report;
        let stem = self.doc.path.as_ref().and_then(|p| p.file_stem()).map_or_else(
            || format!("{}{}年政府信息公开工作年度报告", r.agency.trim(), r.year),
            |s| s.to_string_lossy().into_owned(),
        );
        let suggested = if draft { format!("{stem}（草稿）.pdf") } else { format!("{stem}.pdf") };
        let Some(path) = self.dialogs.pick_save(&suggested, "pdf", "PDF 文件") else { return };
        match export::export(&self.doc.report, None, self.export_options(draft, force)) {
            Ok(done) => match crate::io::write_atomic(&path, &done.bytes, false) {
                Ok(()) => {
                    let kind = if draft { "草稿" } else { "正式版" };
                    self.status = format!("已导出{kind} PDF：{}", path.display());
                    self.dialog = Some(Dialog::Info {
                        message: format!("已导出{kind} PDF（{} 页）：\n{}", done.pages, path.display()),
                        reveal: Some(path),
                    });
                }
                Err(e) => {
                    self.dialog =
                        Some(Dialog::Error(format!("无法写入“{}”：{}", path.display(), crate::io::describe_io(&e))));
                }
            },
            Err(ExportError::Blocked(f)) => self.dialog = Some(Dialog::ExportBlocked(f)),
            Err(ExportError::NeedsConfirmation(f)) => self.dialog = Some(Dialog::ExportConfirm(f)),
            Err(e) => self.dialog = Some(Dialog::Error(e.to_string())),
        }
    }

    /// Goes to the place a finding points at.
    pub fn go_to(&mut self, location: Location, cells: &[CellId]) {
        self.finish_text_edit();
        if !self.finish_cell_edit() {
            return;
        }
        let section_of_table = |t: TableId, r: &Report| r.table_section(t);
        match location {
            Location::Cell(c) => {
                if let Some(s) = section_of_table(c.decl().table, &self.doc.report) {
                    self.view = View::Section(s);
                }
                self.grid.selected = Some(c);
                self.grid.scroll_pending = true;
                self.highlight = None;
            }
            Location::Table(t) => {
                if let Some(s) = section_of_table(t, &self.doc.report) {
                    self.view = View::Section(s);
                }
                self.grid.selected = cells.first().copied();
                self.grid.scroll_pending = true;
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
    }

    fn next_finding(&mut self) {
        let findings = self.doc.findings().to_vec();
        if findings.is_empty() {
            self.status = "没有发现问题".into();
            return;
        }
        let mut order: Vec<&Finding> = findings.iter().collect();
        order.sort_by_key(|f| f.severity);
        let f = order[self.finding_cursor % order.len()];
        self.finding_cursor += 1;
        self.status = format!("{} {}：{}", f.severity.label(), f.rule, f.message);
        self.go_to(f.location, &f.cells);
    }

    /// Ends a text box's editing session: records its undo step.
    pub fn finish_text_edit(&mut self) {
        if let Some(before) = self.text_before.take() {
            self.doc.commit_in_place(before);
        }
    }

    // -----------------------------------------------------------------------------------------
    // The frame

    /// Everything the editor draws and does in one frame. `App::ui` calls this; tests call it
    /// through egui_kittest.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.frames += 1;
        // While the cell cursor is in a grid on screen, Tab and the arrows move it, not egui's
        // widget focus (egui reads them before any widget is drawn).
        let grid_on_screen = self
            .grid
            .selected
            .is_some_and(|c| self.doc.report.table_section(c.decl().table).map(View::Section) == Some(self.view));
        if grid_on_screen && self.dialog.is_none() && (self.grid.editing.is_some() || !ui.egui_wants_keyboard_input()) {
            ui.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        }
        self.handle_files_dropped(ui);
        self.handle_close_request(ui);
        if self.dialog.is_none() {
            self.shortcuts(ui);
        }
        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        egui::Panel::left("outline")
            .resizable(true)
            .default_size(190.0)
            .size_range(150.0..=320.0)
            .show(ui, |ui| self.outline_ui(ui));
        egui::Panel::right("checks")
            .resizable(true)
            .default_size(280.0)
            .size_range(200.0..=520.0)
            .show(ui, |ui| self.checks_ui(ui));
        egui::CentralPanel::default().show(ui, |ui| match self.view {
            View::TitleBlock => self.title_block_ui(ui),
            View::Section(s) => self.section_ui(ui, s),
        });
        self.dialog_ui(ui);
        self.autosave(ui);
        self.update_window_title(ui);
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

    fn update_window_title(&mut self, ui: &egui::Ui) {
        let title = self.window_title();
        if title != self.last_title {
            ui.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }
    }

    fn handle_close_request(&mut self, ui: &egui::Ui) {
        if ui.input(|i| i.viewport().close_requested()) && !self.allow_close {
            ui.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.finish_text_edit();
            if !self.finish_cell_edit() {
                // The refused entry stays on screen with its reason.
                return;
            }
            if self.doc.is_dirty() {
                self.dialog = Some(Dialog::Unsaved(Pending::Close));
            } else {
                self.proceed(Pending::Close);
            }
        }
    }

    fn handle_files_dropped(&mut self, ui: &egui::Ui) {
        let dropped: Vec<PathBuf> = ui.input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).collect());
        if let Some(path) = dropped.into_iter().find(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron"))) {
            self.guard(Pending::Open(Some(path)));
        }
    }

    fn shortcuts(&mut self, ui: &egui::Ui) {
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
                self.run(c);
            }
        }
    }

    fn menu_bar(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            for menu in Menu::ALL {
                ui.menu_button(menu.label(), |ui| {
                    for c in Command::ALL.into_iter().filter(|c| c.menu() == menu) {
                        if matches!(
                            c,
                            Command::Quit
                                | Command::ExportPdf
                                | Command::FillBlanks
                                | Command::Open
                                | Command::NextFinding
                        ) {
                            ui.separator();
                        }
                        let mut button = if c == Command::ShowPrevious {
                            egui::Button::selectable(self.show_previous, c.label())
                        } else {
                            egui::Button::new(c.label())
                        };
                        if let Some(s) = c.shortcut() {
                            button = button.shortcut_text(ui.ctx().format_shortcut(&s));
                        }
                        if ui.add_enabled(self.is_enabled(c), button).on_hover_text(c.tooltip()).clicked() {
                            self.run(c);
                            ui.close();
                        }
                        if c == Command::Open && menu == Menu::File {
                            self.recent_menu(ui);
                        }
                    }
                });
            }
        });
    }

    fn recent_menu(&mut self, ui: &mut egui::Ui) {
        let recent = self.settings.recent.clone();
        ui.add_enabled_ui(!recent.is_empty(), |ui| {
            ui.menu_button("最近打开", |ui| {
                for p in recent {
                    let name =
                        p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned());
                    if ui.button(name).on_hover_text(p.display().to_string()).clicked() {
                        self.guard(Pending::Open(Some(p)));
                        ui.close();
                    }
                }
            });
        });
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let path = self.doc.path.as_ref().map_or_else(|| "未保存的年报".to_owned(), |p| p.display().to_string());
            ui.label(RichText::new(path).small());
            if self.doc.is_dirty() {
                ui.label(RichText::new("● 有未保存的修改").small().color(colors::WARNING));
            }
            ui.separator();
            ui.label(RichText::new(&self.status).small());
        });
    }

    fn autosave(&mut self, ui: &egui::Ui) {
        if !self.doc.is_dirty() || self.doc.revision() == self.autosaved_revision {
            self.autosave_due = None;
            return;
        }
        let now = ui.input(|i| i.time);
        let due = *self.autosave_due.get_or_insert(now + AUTOSAVE_DELAY);
        if now >= due {
            match self.instance.write(&self.paths, &self.doc.report, self.doc.path.as_ref()) {
                Ok(()) => self.autosaved_revision = self.doc.revision(),
                Err(e) => log::warn!("recovery copy not written: {e}"),
            }
            self.autosave_due = None;
        } else {
            ui.request_repaint_after(std::time::Duration::from_secs_f64(due - now));
        }
    }

    /// The settings (tests change them directly).
    pub fn settings_mut_for_tests(&mut self) -> &mut Settings {
        &mut self.settings
    }

    /// Writes the recovery copy now (tests; the frame loop does it after a delay).
    pub fn autosave_now(&mut self) -> std::io::Result<()> {
        self.instance.write(&self.paths, &self.doc.report, self.doc.path.as_ref())?;
        self.autosaved_revision = self.doc.revision();
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // Dialogs

    fn dialog_ui(&mut self, ui: &mut egui::Ui) {
        let Some(dialog) = self.dialog.take() else { return };
        let original = dialog.clone();
        // A dialog with fields comes back with what was typed.
        let mut next: Option<Dialog> = None;
        let id = egui::Id::unique("dialog");
        let mut close = false;
        let modal = egui::Modal::new(id).show(ui.ctx(), |ui| {
            ui.set_max_width(560.0);
            match dialog {
                Dialog::Unsaved(then) => {
                    ui.heading("保存修改？");
                    ui.label(format!("“{}”有未保存的修改。", self.doc.display_name()));
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("保存").clicked() {
                            close = true;
                            if self.save() {
                                self.proceed(then.clone());
                            }
                        }
                        if ui.button("不保存").clicked() {
                            close = true;
                            self.instance.clear(&self.paths);
                            self.proceed(then.clone());
                        }
                        if ui.button("取消").clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::NewReport { mut agency, mut year, mut level, error } => {
                    ui.heading("新建年报");
                    let mut ok = false;
                    egui::Grid::new("new_report").num_columns(2).spacing([10.0, 8.0]).show(ui, |ui| {
                        let l = ui.label("机关全称：");
                        ui.add(egui::TextEdit::singleline(&mut agency).hint_text("如：金砂镇人民政府").desired_width(300.0))
                            .labelled_by(l.id);
                        ui.end_row();
                        let l = ui.label("报告年度：");
                        ui.add(egui::TextEdit::singleline(&mut year).desired_width(80.0)).labelled_by(l.id);
                        ui.end_row();
                        let l = ui.label("机关类型：");
                        ui.label_inputs_by(l.id, |ui| {
                            egui::ComboBox::from_id_salt("level").selected_text(level.label()).show_ui(ui, |ui| {
                                for l in AgencyLevel::ALL {
                                    ui.selectable_value(&mut level, l, l.label());
                                }
                            });
                        });
                        ui.end_row();
                    });
                    if let Some(e) = &error {
                        ui.colored_label(colors::ERROR, e);
                    }
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        ok = ui.button("创建").clicked();
                        if ui.button("取消").clicked() {
                            close = true;
                        }
                    });
                    let mut error = error;
                    if ok {
                        let y = crate::model::number::normalize_number_text(&year).parse::<u16>().ok().filter(|y| (1990..=2100).contains(y));
                        match (agency.trim().is_empty(), y) {
                            (true, _) => error = Some("请填写机关全称（与标题中一致）。".into()),
                            (false, None) => error = Some("报告年度应为 1990 至 2100 之间的四位数字。".into()),
                            (false, Some(y)) => {
                                self.doc = Document::unsaved(new_report(agency.trim(), y, level));
                                self.reset_view();
                                self.instance.clear(&self.paths);
                                self.status = format!("已新建 {y} 年度年报，请填写各部分内容后保存。");
                                close = true;
                            }
                        }
                    }
                    next = Some(Dialog::NewReport { agency, year, level, error });
                }
                Dialog::Error(message) => {
                    ui.heading(RichText::new("出错了").color(colors::ERROR));
                    ui.label(message);
                    ui.add_space(8.0);
                    if ui.button("确定").clicked() {
                        close = true;
                    }
                }
                Dialog::Info { message, reveal } => {
                    ui.heading("完成");
                    ui.label(message);
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if let Some(p) = &reveal
                            && ui.button("打开所在文件夹").clicked()
                        {
                            self.dialogs.reveal(p);
                            close = true;
                        }
                        if ui.button("确定").clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::ExportBlocked(findings) => {
                    ui.heading(RichText::new("表格有错误，不能导出正式版").color(colors::ERROR));
                    ui.label("请先改正以下错误。需要内部审阅时，可以导出带“草稿”水印的 PDF。");
                    findings_list(ui, &findings);
                    ui.horizontal(|ui| {
                        if ui.button("导出草稿…").clicked() {
                            close = true;
                            self.export_to_file(true, true);
                        }
                        if ui.button("取消").clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::ExportConfirm(findings) => {
                    ui.heading(RichText::new("报告中还有错误").color(colors::WARNING));
                    ui.label("以下问题不影响表格，但可能被检查通报。确认无误后仍可导出。");
                    findings_list(ui, &findings);
                    ui.horizontal(|ui| {
                        if ui.button("仍然导出…").clicked() {
                            close = true;
                            self.export_to_file(false, true);
                        }
                        if ui.button("取消").clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::Recovery(r) => {
                    ui.heading("发现未保存的内容");
                    let when = r.info.written_at;
                    let file = r.info.original.as_ref().map_or_else(|| "未保存的年报".to_owned(), |p| p.display().to_string());
                    ui.label(format!(
                        "上次编辑“{file}”时程序没有正常关闭（例如停电）。自动保存的内容（{}）可以恢复。",
                        format_time(when)
                    ));
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("恢复").clicked() {
                            let mut doc = Document::unsaved(r.report.clone());
                            doc.path = r.info.original.clone();
                            self.doc = doc;
                            self.reset_view();
                            self.show_previous = self.doc.report.previous.is_some();
                            // It is this window's work now: its own autosave takes over.
                            recovery::discard(&self.paths, &r.id);
                            self.status = "已恢复自动保存的内容，请检查后保存。".into();
                            close = true;
                        }
                        if ui.button("丢弃").clicked() {
                            recovery::discard(&self.paths, &r.id);
                            close = true;
                        }
                    });
                }
                Dialog::EditHeading { section, block, mut text } => {
                    ui.heading("修改标题");
                    ui.label("国办格式规定了标准标题；修改后校验会给出提示，可用“恢复标准标题”改回。");
                    let l = ui.label("标题：");
                    ui.add(egui::TextEdit::singleline(&mut text).desired_width(480.0)).labelled_by(l.id);
                    ui.horizontal(|ui| {
                        if ui.button("确定").clicked() {
                            let t = text.trim().to_owned();
                            self.doc.edit(|r| {
                                if let Some(s) = r.sections.get_mut(section) {
                                    match block {
                                        None => s.heading = t,
                                        Some(b) => {
                                            if let Some(Block::Subheading(h)) = s.blocks.get_mut(b) {
                                                *h = t;
                                            }
                                        }
                                    }
                                }
                            });
                            close = true;
                        }
                        if ui.button("取消").clicked() {
                            close = true;
                        }
                    });
                    next = Some(Dialog::EditHeading { section, block, text });
                }
                Dialog::About => {
                    ui.heading("年报编辑器（nianbao）");
                    ui.label(format!("版本 {}", crate::build_info::VERSION_LINE));
                    ui.label("政府信息公开工作年度报告的离线编辑、校验与排版工具，格式依据国办公开办函〔2021〕30号。");
                    ui.label("代码许可：MIT 或 Apache-2.0。字体：Fandol（GPL，含字体例外）、文泉驿微米黑（Apache-2.0 / GPL）。");
                    ui.label("本程序不连接网络。");
                    if ui.button("确定").clicked() {
                        close = true;
                    }
                }
            }
        });
        if modal.should_close() && !matches!(original, Dialog::Recovery(_)) {
            close = true;
        }
        // An action may have opened another dialog (an error after 保存, the result of an
        // export): that one is shown next.
        if self.dialog.is_none() && !close {
            self.dialog = Some(next.unwrap_or(original));
        }
        if self.dialog.is_none() && !self.pending_recoveries.is_empty() {
            let r = self.pending_recoveries.remove(0);
            self.dialog = Some(Dialog::Recovery(Box::new(r)));
        }
    }
}

/// The findings in a dialog, at most a screenful.
fn findings_list(ui: &mut egui::Ui, findings: &[Finding]) {
    egui::ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
        for f in findings {
            ui.label(RichText::new(format!("{} {}", f.rule, f.message)).color(severity_color(f.severity)));
        }
    });
    ui.add_space(8.0);
}

/// The colour of a severity.
pub fn severity_color(s: Severity) -> Color32 {
    match s {
        Severity::Error => colors::ERROR,
        Severity::Warning => colors::WARNING,
        Severity::Info => colors::INFO,
    }
}

fn format_time(secs: u64) -> String {
    // Local time is not known without a time-zone database; show Beijing time (UTC+8).
    let t = secs + 8 * 3600;
    let days = t / 86_400;
    let (h, m) = ((t % 86_400) / 3600, (t % 3600) / 60);
    // Civil date from days since 1970 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(mo <= 2);
    format!("{y}年{mo}月{d}日 {h:02}:{m:02}")
}

/// The year a report is usually written for: last year.
fn standard_year() -> u16 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let year = 1970 + (secs / 31_556_952) as u16;
    year.saturating_sub(1).clamp(1990, 2100)
}

/// The bundled example, as a document without a file: 保存 asks for a name.
pub fn example_document() -> Document {
    let report =
        crate::io::load_str(EXAMPLE).unwrap_or_else(|_| new_report("示例镇人民政府", 2024, AgencyLevel::Township));
    Document::new(report, None)
}

/// The bundled example report (金砂镇 2024), embedded in the binary.
pub const EXAMPLE: &str = include_str!("../../assets/examples/jinsha-2024.ron");

/// Whether a heading or standard sub-heading differs from the format.
pub fn headings_deviate(r: &Report) -> bool {
    let mut copy = r.clone();
    restore_headings(&mut copy);
    copy != *r
}

/// Puts the standard headings back: the six section headings (matched by numeral) and the
/// sub-headings of section 一 that name a standard topic in another form (S02).
pub fn restore_headings(r: &mut Report) {
    for (n, h) in standard::HEADINGS.iter().enumerate() {
        if let Some(i) = r.section_index(n + 1) {
            r.sections[i].heading = (*h).to_owned();
        }
    }
    if let Some(i) = r.section_index(1) {
        for (b, std) in crate::model::checks::standard_subheadings(&r.sections[i].blocks) {
            *r.sections[i].blocks[b].text_mut() = std.to_owned();
        }
    }
}
