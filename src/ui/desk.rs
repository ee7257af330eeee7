//! 汇总审核 in the editor: the county's review desk over a folder ([`crate::desk`]).
//!
//! 文件 → 汇总审核… shows a form (this year's folder, optionally last year's folder and the
//! roster), then a list of the units like the workbook's summary sheet: loaded in the background
//! with a progress bar, sortable by clicking a column header, filtered to the units with
//! errors. Selecting a unit lists its findings, each of which can be marked 已确认 or 不采纳 (with
//! a reason); marks go to `审核记录.ron` at once. 打开 shows the unit's report in the normal
//! editor (the desk keeps its list, selection and scroll position) and 返回汇总审核 comes back;
//! a Word unit is saved as a `.ron` beside it. The roll-up tables are shown read-only with the
//! editor's table grid. What `nianbao review` writes is a button each: the workbook, the
//! 审核意见单 (in the background) and the 逐级汇总 report, into the folder, signed by the office
//! named in the desk.

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};

use egui::{Color32, RichText};

use super::app::Editor;
use super::dialogs::Dialog;
use super::document::{CellMarks, Document};
use super::grid::{GridState, TableGrid};
use super::style::colors;
use super::widgets::severity_color;
use crate::desk::{self, Mark, Progress, Request, Review, Verdict};
use crate::model::tables::TableId;
use crate::model::{Severity, TableValues};

/// What the desk shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// The list of units.
    Units,
    /// A roll-up table.
    Rollup(TableId),
}

/// The column the list is sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// Worst first (the workbook's order).
    Worst,
    /// By name.
    Name,
    /// By errors.
    Errors,
    /// By warnings.
    Warnings,
    /// By file.
    File,
}

/// A path field of the desk's form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// This year's folder.
    Folder,
    /// Last year's folder.
    Previous,
    /// The roster file.
    Roster,
}

impl Field {
    /// The field's label (also the title of its dialog).
    pub fn label(self) -> &'static str {
        match self {
            Self::Folder => "本年度年报文件夹",
            Self::Previous => "上年度年报文件夹（可选）",
            Self::Roster => "单位名单（可选）",
        }
    }
}

/// A row of the unit list: the unit and the counts its columns show, worked out once per order.
#[derive(Clone, Copy, Debug)]
struct Row {
    unit: usize,
    errors: usize,
    warnings: usize,
    may_publish: bool,
}

/// The list's rows for one sort, filter and state of the review.
struct RowCache {
    key: ((SortKey, bool), bool, u64),
    rows: Vec<Row>,
}

/// A review being loaded in the background.
struct Loading {
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
    checking: Arc<AtomicUsize>,
    result: Receiver<Review>,
}

/// What the user asked for in the desk this frame.
#[derive(Clone, Debug, PartialEq)]
pub enum DeskAction {
    /// Start (or redo) the review.
    Load,
    /// 浏览… beside a path field: the editor's file dialogs fill it.
    Browse(Field),
    /// Open a unit in the editor.
    Open(usize),
    /// Mark a finding of a unit (`None`: remove the mark).
    Mark {
        /// The unit (index in the review's units).
        unit: usize,
        /// The finding (index in the unit's findings).
        finding: usize,
        /// The mark; `None` removes it.
        verdict: Option<Verdict>,
    },
    /// 写出审核结果: the workbook (.xlsx) into the folder.
    SaveWorkbook,
    /// 生成审核意见单: a PDF and a .docx for every unit, in the folder's `审核意见单`.
    WriteFeedback,
    /// 保存逐级汇总: the roll-up as a report file in the folder.
    SaveRollup,
    /// Leave the desk.
    Close,
}

/// The review desk's state (kept while a unit is open in the editor).
pub struct Desk {
    /// This year's folder (text field).
    pub folder: String,
    /// Last year's folder (optional).
    pub previous: String,
    /// The roster file (optional).
    pub roster: String,
    /// The result, once loaded.
    pub review: Option<Review>,
    loading: Option<Loading>,
    /// What is shown.
    pub tab: Tab,
    /// Sort column and direction.
    pub sort: (SortKey, bool),
    /// Only units with errors.
    pub only_errors: bool,
    /// The selected unit (index in `review.units`).
    pub selected: Option<usize>,
    /// The unit open in the editor, and the editor's own document while it is.
    pub open_unit: Option<usize>,
    /// The editor's own document and whether it showed the example's banner.
    stash: Option<(Document, bool)>,
    /// The reason typed for 不采纳.
    pub reason: String,
    /// The reviewing office (signs the 审核意见单, names the roll-up report).
    pub org: String,
    /// 审核意见单 being written in the background: the message when done.
    feedback: Option<Receiver<String>>,
    /// The desk's status line.
    pub status: String,
    grid: GridState,
    /// Bumped whenever the review or its marks change (the rows' order is kept until then).
    generation: u64,
    /// The rows in display order, for the sort, filter and generation they were made for (the
    /// list is drawn every frame; counting each unit's findings inside a sort is not).
    row_cache: RefCell<Option<RowCache>>,
}

impl Default for Desk {
    fn default() -> Self {
        Self {
            folder: String::new(),
            previous: String::new(),
            roster: String::new(),
            review: None,
            loading: None,
            tab: Tab::Units,
            sort: (SortKey::Worst, false),
            only_errors: false,
            selected: None,
            open_unit: None,
            stash: None,
            reason: String::new(),
            org: String::new(),
            feedback: None,
            status: String::new(),
            grid: GridState::default(),
            generation: 0,
            row_cache: RefCell::new(None),
        }
    }
}

/// The progress bar's text: what is being done, how far, and the share done (“已读取 100/500
/// （20%）”). The bar's own percentage would replace the text, so it is written here.
pub fn progress_text(p: Progress) -> String {
    let (n, of) = match p {
        Progress::Reading(n, of) | Progress::Checking(n, of) => (n, of),
    };
    if of == 0 {
        return "正在查找文件夹中的年报…".into();
    }
    format!("{p}（{}%）", n * 100 / of)
}

fn opt_path(s: &str) -> Option<PathBuf> {
    let t = s.trim();
    (!t.is_empty()).then(|| PathBuf::from(t))
}

impl Desk {
    /// A desk over a folder (not loaded yet).
    pub fn with_folder(folder: &std::path::Path) -> Self {
        Self { folder: folder.display().to_string(), ..Self::default() }
    }

    /// Test hook for screenshots and scripted checks under Xvfb, where no folder dialog can
    /// open: `NIANBAO_OPEN_DESK=DIR` opens 汇总审核 on DIR when the editor starts and begins
    /// checking it (a folder that is not one shows its message in the desk). No effect when unset.
    pub fn from_env(ctx: &egui::Context) -> Option<Self> {
        let folder = std::env::var_os("NIANBAO_OPEN_DESK").filter(|f| !f.is_empty())?;
        let mut desk = Self::with_folder(std::path::Path::new(&folder));
        if let Err(e) = desk.start(ctx) {
            desk.status = e;
        }
        Some(desk)
    }

    /// The request the form describes, or why it cannot run.
    pub fn request(&self) -> Result<Request, String> {
        let folder = opt_path(&self.folder).ok_or("请选择存放各单位年报的文件夹")?;
        if !folder.is_dir() {
            return Err(format!("“{}”不是文件夹", folder.display()));
        }
        Ok(Request {
            dirs: vec![folder],
            previous: opt_path(&self.previous),
            roster: opt_path(&self.roster),
            year: None,
        })
    }

    /// Runs the review now, on this thread (tests; small folders).
    pub fn load_now(&mut self) -> Result<(), String> {
        let req = self.request()?;
        self.finish(desk::run(&req, &|_| {}));
        Ok(())
    }

    /// Starts the review in the background.
    pub fn start(&mut self, ctx: &egui::Context) -> Result<(), String> {
        let req = self.request()?;
        let done = Arc::new(AtomicUsize::new(0));
        let total = Arc::new(AtomicUsize::new(0));
        let checking = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = channel();
        let (d, t, c, ctx) = (done.clone(), total.clone(), checking.clone(), ctx.clone());
        std::thread::spawn(move || {
            let review = desk::run(&req, &|p| {
                let (n, of, ch) = match p {
                    Progress::Reading(n, of) => (n, of, 0),
                    Progress::Checking(n, of) => (n, of, 1),
                };
                d.store(n, Ordering::Relaxed);
                t.store(of, Ordering::Relaxed);
                c.store(ch, Ordering::Relaxed);
                ctx.request_repaint();
            });
            tx.send(review).ok();
            ctx.request_repaint();
        });
        self.loading = Some(Loading { done, total, checking, result: rx });
        Ok(())
    }

    fn finish(&mut self, review: Review) {
        let current = review.current().count();
        let ok = review.current().filter(|u| u.may_publish()).count();
        self.status = format!(
            "{}年度：{}个单位，可以公开{}个；无法读取{}个文件；未提交{}个单位。",
            review.year,
            current,
            ok,
            review.unreadable.len(),
            review.missing.len()
        );
        if let Some(p) = review.marks_place.as_ref().filter(|p| !p.in_folder) {
            self.status.push_str(&format!("（文件夹只读，审核标记保存在 {}）", p.path.display()));
        }
        // Keep the selection on the same unit across a re-check.
        let key = self.selected.and_then(|i| self.review.as_ref().and_then(|r| r.units.get(i)).map(|u| u.key.clone()));
        self.selected = key.and_then(|k| review.units.iter().position(|u| u.key == k));
        self.review = Some(review);
        self.generation += 1;
    }

    /// Whether a review is loading.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// Picks up a finished background review or batch of 审核意见单.
    fn poll(&mut self) {
        if let Some(l) = &self.loading
            && let Ok(review) = l.result.try_recv()
        {
            self.loading = None;
            self.finish(review);
        }
        if let Some(rx) = &self.feedback
            && let Ok(message) = rx.try_recv()
        {
            self.feedback = None;
            self.status = message;
        }
    }

    /// Whether 审核意见单 are being written.
    pub fn is_writing_feedback(&self) -> bool {
        self.feedback.is_some()
    }

    fn loaded(&self) -> Result<(&Review, &std::path::Path), String> {
        let review = self.review.as_ref().ok_or("请先检查文件夹")?;
        let folder = review.folder().ok_or("请先检查文件夹")?;
        Ok((review, folder))
    }

    /// 写出审核结果: the workbook into the folder (`审核结果.xlsx`, as `nianbao review` writes it).
    pub fn save_workbook(&mut self) -> Result<PathBuf, String> {
        let (review, folder) = self.loaded()?;
        let out = folder.join(desk::WORKBOOK_NAME);
        desk::save_workbook(review, &out)?;
        self.status = format!("已写出审核结果：{}", out.display());
        Ok(out)
    }

    /// 保存逐级汇总: the roll-up as a report of the office in the folder
    /// (`逐级汇总-2025.ron`); an existing one is compared instead of replaced.
    pub fn save_rollup(&mut self) -> Result<PathBuf, String> {
        let (review, folder) = self.loaded()?;
        let out = folder.join(desk::rollup_name(review.year));
        self.status = match desk::save_rollup(review, &out, &self.org, crate::model::AgencyLevel::Government)? {
            desk::RollupSaved::Written(n) => format!("已保存汇总年报：{}（{n}个单位）", out.display()),
            desk::RollupSaved::Compared(diff) if diff.is_empty() => {
                format!("“{}”已存在，未覆盖；各单元格与下级单位合计一致。", out.display())
            }
            desk::RollupSaved::Compared(diff) => format!(
                "“{}”已存在，未覆盖；有{}个单元格与下级单位合计不一致：{}",
                out.display(),
                diff.len(),
                diff.iter().map(|f| f.message.as_str()).take(3).collect::<Vec<_>>().join("；")
            ),
        };
        Ok(out)
    }

    /// 生成审核意见单: for every unit, in the background (a PDF takes a moment each).
    pub fn start_feedback(&mut self, ctx: &egui::Context) -> Result<(), String> {
        let (review, folder) = self.loaded()?;
        let (review, dir) = (review.clone(), folder.join(desk::FEEDBACK_DIR));
        let org = if self.org.trim().is_empty() {
            "政务公开工作主管部门".to_owned()
        } else {
            self.org.trim().to_owned()
        };
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let (written, problems) =
                desk::feedback::write_all(&review, &dir, &org, crate::export::FontPolicy::SystemFirst);
            let mut message = format!("已生成审核意见单 {} 个文件：{}", written.len(), dir.display());
            if !problems.is_empty() {
                message.push_str(&format!("；{}", problems.join("；")));
            }
            tx.send(message).ok();
            ctx.request_repaint();
        });
        self.feedback = Some(rx);
        self.status = "正在生成审核意见单…".into();
        Ok(())
    }

    /// Sets or clears a mark and saves the marks file.
    pub fn mark(&mut self, unit: usize, finding: usize, verdict: Option<Verdict>) -> Result<(), String> {
        let Some(review) = self.review.as_mut() else { return Ok(()) };
        let Some(u) = review.units.get(unit) else { return Ok(()) };
        let Some(f) = u.findings.get(finding) else { return Ok(()) };
        let (key, rule, location) = (u.key.clone(), f.finding.rule.to_owned(), f.finding.location.key());
        match verdict {
            Some(v) => {
                let reason = self.reason.trim().to_owned();
                if v == Verdict::Rejected && reason.is_empty() {
                    return Err("不采纳须写明理由（在“理由”框中填写）".into());
                }
                let mark = Mark {
                    unit: key,
                    agency: u.agency.clone(),
                    rule,
                    location,
                    verdict: v,
                    reason: if v == Verdict::Rejected { reason } else { String::new() },
                    message: f.finding.message.clone(),
                };
                review.set_mark(mark);
            }
            None => {
                review.marks.clear(&key, &rule, &location);
                review.apply_marks();
            }
        }
        // A mark can change whether the unit may be published, and so its place in the list.
        self.generation += 1;
        let folder = review.folder().map(std::path::Path::to_path_buf).unwrap_or_default();
        let place = review.marks.save(&folder)?;
        self.status = if place.in_folder {
            format!("审核标记已保存：{}", place.path.display())
        } else {
            format!("文件夹是只读的，审核标记已改存到：{}", place.path.display())
        };
        review.marks_place = Some(place);
        Ok(())
    }

    /// The units shown, in display order.
    pub fn rows(&self) -> Vec<usize> {
        self.sorted_rows().iter().map(|r| r.unit).collect()
    }

    /// The rows shown, in display order: made again only when the sort, the filter or the
    /// review (loaded, marked) changed.
    fn sorted_rows(&self) -> Vec<Row> {
        let key = (self.sort, self.only_errors, self.generation);
        if let Some(c) = self.row_cache.borrow().as_ref().filter(|c| c.key == key) {
            return c.rows.clone();
        }
        let rows = self.make_rows();
        *self.row_cache.borrow_mut() = Some(RowCache { key, rows: rows.clone() });
        rows
    }

    fn make_rows(&self) -> Vec<Row> {
        let Some(r) = &self.review else { return Vec::new() };
        let all: Vec<Row> = r
            .units
            .iter()
            .enumerate()
            .map(|(unit, u)| {
                let (errors, warnings, _) = u.counts();
                Row { unit, errors, warnings, may_publish: u.may_publish() }
            })
            .collect();
        let mut rows: Vec<Row> = r.worst_first().into_iter().map(|i| all[i]).collect();
        let (key, desc) = self.sort;
        match key {
            SortKey::Worst => {}
            SortKey::Name => rows.sort_by(|a, b| r.units[a.unit].agency.cmp(&r.units[b.unit].agency)),
            SortKey::Errors => rows.sort_by_key(|x| std::cmp::Reverse(x.errors)),
            SortKey::Warnings => rows.sort_by_key(|x| std::cmp::Reverse(x.warnings)),
            SortKey::File => rows.sort_by(|a, b| r.units[a.unit].file.cmp(&r.units[b.unit].file)),
        }
        if desc {
            rows.reverse();
        }
        if self.only_errors {
            rows.retain(|x| x.errors > 0);
        }
        rows
    }

    /// Draws the desk; returns what the user asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui) -> Vec<DeskAction> {
        self.poll();
        let mut out = Vec::new();
        ui.horizontal(|ui| {
            ui.heading("汇总审核");
            if ui.button("关闭汇总审核").clicked() {
                out.push(DeskAction::Close);
            }
        });
        self.form_ui(ui, &mut out);
        if let Some(l) = &self.loading {
            let (n, of) = (l.done.load(Ordering::Relaxed), l.total.load(Ordering::Relaxed));
            let p = if l.checking.load(Ordering::Relaxed) == 1 {
                Progress::Checking(n, of)
            } else {
                Progress::Reading(n, of)
            };
            ui.add(egui::ProgressBar::new(n as f32 / of.max(1) as f32).text(progress_text(p)));
            ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
            return out;
        }
        if !self.status.is_empty() {
            ui.label(&self.status);
        }
        if self.review.is_none() {
            return out;
        }
        self.outputs_ui(ui, &mut out);
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.tab, Tab::Units, "单位列表");
            for t in TableId::ALL {
                ui.selectable_value(&mut self.tab, Tab::Rollup(t), format!("表{}汇总", t.numeral()));
            }
        });
        ui.separator();
        match self.tab {
            Tab::Units => self.units_ui(ui, &mut out),
            Tab::Rollup(t) => self.rollup_ui(ui, t),
        }
        out
    }

    fn form_ui(&mut self, ui: &mut egui::Ui, out: &mut Vec<DeskAction>) {
        // Once a folder is loaded the form folds away (the list and the tables need the room);
        // the folder stays named in its header.
        let loaded = self.review.is_some();
        let header = if loaded {
            format!("检查的文件夹：{}", self.folder.trim())
        } else {
            "选择要检查的文件夹".to_owned()
        };
        egui::CollapsingHeader::new(header)
            .id_salt(("desk-form", loaded))
            .default_open(!loaded)
            .show(ui, |ui| self.form_fields(ui, out));
        let label = if loaded { "重新检查" } else { "开始检查" };
        if ui.add_enabled(!self.is_loading(), egui::Button::new(label)).clicked() {
            out.push(DeskAction::Load);
        }
    }

    fn form_fields(&mut self, ui: &mut egui::Ui, out: &mut Vec<DeskAction>) {
        egui::Grid::new("desk-form").num_columns(3).show(ui, |ui| {
            for field in [Field::Folder, Field::Previous, Field::Roster] {
                let label = field.label();
                let l = ui.label(label);
                // Sized explicitly: a grid column starts as narrow as a button and a text field
                // only takes the width its column had the frame before, so it would stay a sliver.
                let size = egui::vec2(420.0, ui.spacing().interact_size.y);
                ui.add_sized(size, egui::TextEdit::singleline(self.field_mut(field)).id_salt(label)).labelled_by(l.id);
                if ui.button("浏览…").on_hover_text("选择文件夹或文件").clicked() {
                    out.push(DeskAction::Browse(field));
                }
                ui.end_row();
            }
        });
    }

    /// The text of a path field.
    pub fn field_mut(&mut self, field: Field) -> &mut String {
        match field {
            Field::Folder => &mut self.folder,
            Field::Previous => &mut self.previous,
            Field::Roster => &mut self.roster,
        }
    }

    /// The office's name and what the desk writes into the folder.
    fn outputs_ui(&mut self, ui: &mut egui::Ui, out: &mut Vec<DeskAction>) {
        ui.horizontal_wrapped(|ui| {
            let l = ui.label("本机关名称：");
            ui.add(egui::TextEdit::singleline(&mut self.org).desired_width(220.0).hint_text("如 某县人民政府办公室"))
                .labelled_by(l.id)
                .on_hover_text("用于审核意见单的落款和汇总年报的机关名称");
            if ui.button("写出审核结果").on_hover_text("在文件夹中生成“审核结果.xlsx”，用 Excel 或 WPS 打开").clicked()
            {
                out.push(DeskAction::SaveWorkbook);
            }
            let idle = !self.is_writing_feedback();
            if ui
                .add_enabled(idle, egui::Button::new("生成审核意见单"))
                .on_hover_text("为每个单位生成一页审核意见（PDF 和 Word），放在文件夹的“审核意见单”中")
                .clicked()
            {
                out.push(DeskAction::WriteFeedback);
            }
            if ui
                .button("保存逐级汇总")
                .on_hover_text(
                    "把汇总的表格保存为一份年报项目文件（逐级汇总-年度.ron），交上一级审核；已有的文件不覆盖，只比较",
                )
                .clicked()
            {
                out.push(DeskAction::SaveRollup);
            }
        });
    }

    fn units_ui(&mut self, ui: &mut egui::Ui, out: &mut Vec<DeskAction>) {
        ui.checkbox(&mut self.only_errors, "只看有错误的单位");
        let rows = self.sorted_rows();
        let Some(review) = &self.review else { return };
        let mut sort_click = None;
        egui::ScrollArea::vertical().id_salt("desk-units").max_height(ui.available_height() * 0.55).show(ui, |ui| {
            egui::Grid::new("desk-units-grid").striped(true).num_columns(8).show(ui, |ui| {
                for (label, key) in [
                    ("单位", Some(SortKey::Name)),
                    ("类型", None),
                    ("年度", None),
                    ("文件", Some(SortKey::File)),
                    ("状态", Some(SortKey::Worst)),
                    ("错误", Some(SortKey::Errors)),
                    ("警告", Some(SortKey::Warnings)),
                    ("可否公开", None),
                ] {
                    match key {
                        Some(k) => {
                            let arrow = if self.sort.0 == k { if self.sort.1 { " ▲" } else { " ▼" } } else { "" };
                            if ui.button(RichText::new(format!("{label}{arrow}")).strong()).clicked() {
                                sort_click = Some(k);
                            }
                        }
                        None => {
                            ui.label(RichText::new(label).strong());
                        }
                    }
                }
                ui.end_row();
                for row in &rows {
                    let (i, e, w) = (row.unit, row.errors, row.warnings);
                    let u = &review.units[i];
                    let selected = self.selected == Some(i);
                    if ui.selectable_label(selected, &u.agency).clicked() {
                        self.selected = Some(i);
                    }
                    ui.label(u.level().label());
                    ui.label(u.report.year.to_string());
                    ui.label(u.file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default());
                    ui.label(u.status());
                    ui.label(RichText::new(e.to_string()).color(if e > 0 { colors::ERROR } else { Color32::GRAY }));
                    ui.label(w.to_string());
                    ui.label(if u.other_year {
                        "—"
                    } else if row.may_publish {
                        "是"
                    } else {
                        "否"
                    });
                    ui.end_row();
                }
                for m in &review.missing {
                    ui.label(&m.name);
                    ui.label(m.level.map(|l| l.label()).unwrap_or(""));
                    ui.label(review.year.to_string());
                    ui.label("");
                    ui.label(RichText::new("未提交").color(colors::ERROR));
                    ui.end_row();
                }
                for f in &review.unreadable {
                    ui.label("");
                    ui.label("");
                    ui.label("");
                    ui.label(f.file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default());
                    ui.label(RichText::new("无法读取").color(colors::ERROR)).on_hover_text(&f.reason);
                    ui.end_row();
                }
            });
        });
        if let Some(k) = sort_click {
            self.sort = if self.sort.0 == k { (k, !self.sort.1) } else { (k, false) };
        }
        ui.separator();
        let Some(i) = self.selected else {
            ui.label("选择一个单位，查看它的问题并标记。");
            return;
        };
        let Some(u) = review.units.get(i) else { return };
        ui.horizontal(|ui| {
            ui.strong(&u.agency);
            if ui.button("打开").on_hover_text("在编辑器中打开这份年报（Word 文件另存为同名 .ron）").clicked()
            {
                out.push(DeskAction::Open(i));
            }
            let l = ui.label("不采纳的理由：");
            ui.add(egui::TextEdit::singleline(&mut self.reason).desired_width(240.0).id_salt("desk-reason"))
                .labelled_by(l.id);
        });
        egui::ScrollArea::vertical().id_salt("desk-findings").show(ui, |ui| {
            // What the unit must fix first (errors, confirmed warnings), then by severity; the
            // marks still address the finding by its index.
            let mut order: Vec<usize> = (0..u.findings.len()).collect();
            order.sort_by_key(|&k| (!u.findings[k].must_fix(), u.findings[k].finding.severity));
            for k in order {
                let f = &u.findings[k];
                ui.horizontal_wrapped(|ui| {
                    // The buttons first, so that they stand in one column down the list.
                    if ui.button("已确认").on_hover_text("须由单位整改").clicked() {
                        out.push(DeskAction::Mark { unit: i, finding: k, verdict: Some(Verdict::Confirmed) });
                    }
                    if ui.button("不采纳").on_hover_text("写明理由后点此").clicked() {
                        out.push(DeskAction::Mark { unit: i, finding: k, verdict: Some(Verdict::Rejected) });
                    }
                    let color = severity_color(f.finding.severity);
                    ui.label(RichText::new(format!("{} {}", f.finding.severity.label(), f.finding.rule)).color(color));
                    ui.label(RichText::new(desk::place(&u.report, &f.finding)).weak());
                    if let Some(m) = &f.mark {
                        ui.label(RichText::new(format!("【{}】", m.tag())).strong());
                        if ui.small_button("清除标记").clicked() {
                            out.push(DeskAction::Mark { unit: i, finding: k, verdict: None });
                        }
                    }
                    ui.label(&f.finding.message);
                });
            }
            for m in &u.fixed {
                ui.label(RichText::new(format!("已整改 {} {}", m.rule, m.message)).color(colors::OK));
            }
        });
    }

    fn rollup_ui(&mut self, ui: &mut egui::Ui, t: TableId) {
        let Some(review) = &self.review else { return };
        for line in desk::workbook::rollup_lines(review, t) {
            ui.label(line);
        }
        if t == TableId::T2 {
            ui.label(desk::rollup::VALID_NOTE);
        }
        let r = &review.rollup;
        let mut values = TableValues::blank();
        for c in t.cells() {
            values.set(c.id, Some(r.sum(c.id)));
        }
        let mut marks: CellMarks = CellMarks::new();
        for c in t.cells().iter().filter(|c| r.incomplete(c.id)) {
            marks.insert(
                c.id,
                (Severity::Warning, vec![format!("{}个单位未填写，合计不完整", r.missing[c.id.0 as usize])]),
            );
        }
        egui::ScrollArea::both().id_salt(("desk-rollup", t as u8)).show(ui, |ui| {
            TableGrid::new(t, &values, &marks)
                .id_salt(("desk-rollup-grid", t as u8))
                .read_only(true)
                .keyboard(false)
                .show(ui, &mut self.grid);
        });
    }
}

impl Editor {
    /// Draws the desk when it is open and no unit is: returns `true` when it took the frame.
    pub(crate) fn desk_frame(&mut self, ui: &mut egui::Ui) -> bool {
        let Some(mut d) = self.desk.take() else { return false };
        if d.open_unit.is_some() {
            // A unit is open in the editor: a bar to come back.
            let mut back = false;
            egui::Panel::top("desk-back").show(ui, |ui| {
                ui.horizontal(|ui| {
                    if ui.button("← 返回汇总审核").clicked() {
                        back = true;
                    }
                    ui.label("正在查看汇总审核中的一个单位；修改后按 Ctrl+S 保存（Word 文件另存为同名 .ron）。");
                });
            });
            self.desk = Some(d);
            if back {
                self.desk_back(ui.ctx());
            }
            return false;
        }
        let mut out = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| out = d.ui(ui));
        self.desk = Some(d);
        for a in out {
            self.desk_apply(a, ui.ctx());
        }
        true
    }

    /// Applies a desk action.
    #[allow(
        clippy::needless_pass_by_value,
        reason = "actions are values taken from the frame's list, as in `Editor::apply`"
    )]
    pub fn desk_apply(&mut self, a: DeskAction, ctx: &egui::Context) {
        let Some(d) = self.desk.as_mut() else { return };
        match a {
            DeskAction::Load => {
                if let Err(e) = d.start(ctx) {
                    d.status = e;
                }
            }
            DeskAction::Browse(field) => {
                let title = field.label();
                let picked = match field {
                    Field::Folder | Field::Previous => self.dialogs.pick_folder(title),
                    Field::Roster => self.dialogs.pick_roster(title),
                };
                match picked {
                    Some(p) => *d.field_mut(field) = p.display().to_string(),
                    // No dialog service: the field itself takes a typed path.
                    None if self.dialogs.unavailable() => {
                        d.status = format!(
                            "系统的文件选择窗口没有打开（有些电脑上缺少这项服务）。请在“{title}”框中输入或粘贴完整路径。"
                        );
                    }
                    None => {}
                }
            }
            DeskAction::Close => self.desk = None,
            DeskAction::SaveWorkbook => {
                if let Err(e) = d.save_workbook() {
                    d.status = e;
                }
            }
            DeskAction::SaveRollup => {
                if let Err(e) = d.save_rollup() {
                    d.status = e;
                }
            }
            DeskAction::WriteFeedback => {
                if let Err(e) = d.start_feedback(ctx) {
                    d.status = e;
                }
            }
            DeskAction::Mark { unit, finding, verdict } => {
                if let Err(e) = d.mark(unit, finding, verdict) {
                    d.status = e;
                }
            }
            DeskAction::Open(i) => {
                // The clerk's own report is set aside while a unit is open; while it has unsaved
                // changes it is not (closing the window or an autosave would then only see the
                // unit, and the own report's changes could be lost).
                if self.doc.is_dirty() {
                    self.dialog = Some(Dialog::Error(
                        "编辑器中的年报有未保存的修改：请先关闭汇总审核并保存（Ctrl+S），再打开单位的年报。".into(),
                    ));
                    return;
                }
                let Some(u) = d.review.as_ref().and_then(|r| r.units.get(i)) else { return };
                // A Word unit is saved as a .ron beside it, never over the Word file.
                let is_ron = u.file.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron"));
                let path = if is_ron { u.file.clone() } else { u.file.with_extension("ron") };
                let doc = Document::new(u.report.clone(), Some(path));
                // The unit is not the example: its banner (if the editor showed the example) waits
                // for the editor's own document.
                let banner = std::mem::replace(&mut self.example_banner, false);
                d.stash = Some((std::mem::replace(&mut self.doc, doc), banner));
                d.open_unit = Some(i);
                self.desk_marks = d.review.as_ref().map(|r| r.marks.of_unit(&u.key));
                self.paragraphs.reset();
                self.grid = GridState::default();
                self.view = super::app::View::TitleBlock;
                self.status = format!("汇总审核：{}", u.agency);
            }
        }
    }

    /// 返回汇总审核: the editor's own document comes back and the folder is checked again.
    pub fn desk_back(&mut self, ctx: &egui::Context) {
        if self.doc.is_dirty() {
            self.dialog =
                Some(Dialog::Error("这份年报有未保存的修改：请先保存（Ctrl+S）或撤销修改，再返回汇总审核。".into()));
            return;
        }
        let Some(d) = self.desk.as_mut() else { return };
        if let Some((doc, banner)) = d.stash.take() {
            self.doc = doc;
            self.example_banner = banner;
        }
        self.status = "已返回汇总审核".into();
        d.open_unit = None;
        self.desk_marks = None;
        self.paragraphs.reset();
        self.grid = GridState::default();
        self.view = super::app::View::TitleBlock;
        if let Err(e) = d.start(ctx) {
            d.status = e;
        }
    }
}
