//! The modal dialogs. A dialog draws itself from its own fields and returns what the user chose
//! as [`Action`]s; it never changes the report or the files itself.

use std::path::PathBuf;

use egui::RichText;

use super::action::{Action, Output};
use super::document::Document;
use super::import_dialog::Listing;
use super::recovery::Recovered;
use super::review_dialog::ReviewDialog;
use super::style::colors;
use super::widgets::severity_color;
use crate::model::edit::{BlockRef, Edit, List};
use crate::model::{AgencyLevel, Finding, Report};

/// What waits for the answer to “save changes?”.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Close the window.
    Close,
    /// Start a new report.
    New,
    /// Next year's report from last year's file.
    NextYear,
    /// Import a report (`None`: ask which file).
    Import(Option<PathBuf>),
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
        /// 报告年度 (text, read on 创建).
        year: String,
        /// 机关类型.
        level: AgencyLevel,
        /// Why 创建 was refused.
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
    ExportBlocked {
        /// What was to be made.
        to: Output,
        /// The table errors.
        findings: Vec<Finding>,
    },
    /// Before an official export: what is unfinished (the errors that do not block it and the
    /// warnings that keep the report untidy), each with 去修改; the clerk may still go ahead.
    ExportConfirm {
        /// What was to be made.
        to: Output,
        /// What is unfinished, errors first ([`crate::model::checks::unfinished`]).
        findings: Vec<Finding>,
    },
    /// A report to read and copy: the import report, or what became of the reviewer's changes.
    Listing(Box<Listing>),
    /// The reviewer's edits, to choose from (导入审核意见).
    Review(Box<ReviewDialog>),
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
    /// 关于: version, date and where the editor keeps its files (given).
    About(String),
    /// The licences (one click further than 关于).
    Licences,
    /// 帮助 → 使用说明: the user guide shipped in the program.
    Guide,
    /// A path typed by hand, when the system's file dialog cannot open (no dialog service on
    /// some Linux desktops).
    PathEntry {
        /// What the path is for.
        purpose: PathPurpose,
        /// The path as typed.
        text: String,
        /// Why the last try was refused.
        error: Option<String>,
    },
}

/// What a path typed by hand is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathPurpose {
    /// 打开 a `.ron` file.
    Open,
    /// 导入 a report in another format.
    Import,
    /// 以上年报告新建: last year's `.ron` file.
    NextYear,
}

/// The user guide (`docs/使用说明.md`), shipped in the program.
pub const GUIDE: &str = include_str!("../../docs/使用说明.md");

/// Whether 新建年报's fields can make a report: the year, or what to fix.
fn new_report_fields(agency: &str, year: &str) -> Result<u16, String> {
    if agency.trim().is_empty() {
        return Err("请填写机关全称（与标题中一致）。".into());
    }
    Report::parse_year(year).ok_or_else(|| format!("报告年度应为四位数字，{}。", Report::year_hint()))
}

/// What a dialog did this frame.
#[derive(Debug, Default)]
pub struct DialogOutcome {
    /// The dialog is done.
    pub close: bool,
    /// What the user chose.
    pub actions: Vec<Action>,
}

impl DialogOutcome {
    /// Closes the dialog, with what the user chose.
    pub fn done(&mut self, action: Option<Action>) {
        self.close = true;
        self.actions.extend(action);
    }
}

impl Dialog {
    /// Draws the dialog over the window.
    pub fn show(&mut self, ui: &mut egui::Ui, doc: &Document) -> DialogOutcome {
        let mut out = DialogOutcome::default();
        let modal = egui::Modal::new(egui::Id::unique("dialog")).show(ui.ctx(), |ui| {
            let wide = matches!(self, Self::Listing(_) | Self::Review(_) | Self::Guide);
            ui.set_max_width(if wide { 760.0 } else { 560.0 });
            if wide {
                ui.set_min_width(620.0);
            }
            self.contents_ui(ui, doc, &mut out);
        });
        // Esc or a click beside the dialog cancels it, except the recovery question: closing
        // the program then keeps the copy for next time.
        if modal.should_close() && !matches!(self, Self::Recovery(_)) {
            out.close = true;
        }
        out
    }

    fn contents_ui(&mut self, ui: &mut egui::Ui, doc: &Document, out: &mut DialogOutcome) {
        match self {
            Self::Unsaved(then) => {
                ui.heading("保存修改？");
                ui.label(format!("“{}”有未保存的修改。", doc.display_name()));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("保存").clicked() {
                        out.done(Some(Action::SaveThen(then.clone())));
                    }
                    if ui.button("不保存").clicked() {
                        out.done(Some(Action::DiscardThen(then.clone())));
                    }
                    if ui.button("取消").clicked() {
                        out.done(None);
                    }
                });
            }
            Self::NewReport { agency, year, level, error } => {
                ui.heading("新建年报");
                egui::Grid::new("new_report").num_columns(2).spacing([10.0, 8.0]).show(ui, |ui| {
                    let l = ui.label("机关全称：");
                    ui.add(egui::TextEdit::singleline(agency).hint_text("如：金砂镇人民政府").desired_width(300.0))
                        .labelled_by(l.id);
                    ui.end_row();
                    let l = ui.label("报告年度：");
                    ui.add(egui::TextEdit::singleline(year).desired_width(80.0)).labelled_by(l.id);
                    ui.end_row();
                    let l = ui.label("机关类型：");
                    ui.label_inputs_by(l.id, |ui| {
                        egui::ComboBox::from_id_salt("level").selected_text(level.label()).show_ui(ui, |ui| {
                            for l in AgencyLevel::ALL {
                                ui.selectable_value(level, l, l.label());
                            }
                        });
                    });
                    ui.end_row();
                });
                // An error goes as soon as the field is fixed.
                if error.is_some() {
                    *error = new_report_fields(agency, year).err();
                }
                if let Some(e) = error.as_ref() {
                    ui.colored_label(colors::ERROR, e);
                }
                ui.add_space(8.0);
                // Enter in the form creates the report, as the 创建 button does.
                let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    if ui.button("创建").clicked() || enter {
                        match new_report_fields(agency, year) {
                            Err(e) => *error = Some(e),
                            Ok(y) => out.done(Some(Action::NewReport {
                                agency: agency.trim().to_owned(),
                                year: y,
                                level: *level,
                            })),
                        }
                    }
                    if ui.button("取消").clicked() {
                        out.done(None);
                    }
                });
            }
            Self::Error(message) => {
                ui.heading(RichText::new("出错了").color(colors::ERROR));
                ui.label(message.as_str());
                ui.add_space(8.0);
                if ui.button("确定").clicked() {
                    out.done(None);
                }
            }
            Self::Info { message, reveal } => {
                ui.heading("完成");
                ui.label(message.as_str());
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if let Some(p) = reveal
                        && ui.button("打开所在文件夹").clicked()
                    {
                        out.done(Some(Action::Reveal(p.clone())));
                    }
                    if ui.button("确定").clicked() {
                        out.done(None);
                    }
                });
            }
            Self::ExportBlocked { to, findings } => {
                let to = *to;
                let (heading, advice, button) = match to {
                    Output::Clipboard => (
                        "表格有错误，不能复制正式版".to_owned(),
                        "请先改正以下错误。需要内部审阅时，可以复制顶部带“草稿”字样的网页版。".to_owned(),
                        "复制草稿",
                    ),
                    Output::File(f) => (
                        format!("表格有错误，不能导出正式版{}", to.label()),
                        format!("请先改正以下错误。需要内部审阅时，可以导出{}。", draft_kind(f)),
                        "导出草稿…",
                    ),
                };
                ui.heading(RichText::new(heading).color(colors::ERROR));
                ui.label(advice);
                findings_list(ui, doc, findings, out);
                ui.horizontal(|ui| {
                    if ui.button(button).clicked() {
                        out.done(Some(Action::Export { to, draft: true, force: true }));
                    }
                    if ui.button("取消").clicked() {
                        out.done(None);
                    }
                });
            }
            Self::ExportConfirm { to, findings } => {
                let (what, button) = match to {
                    Output::Clipboard => ("复制", "仍然复制"),
                    Output::File(_) => ("导出", "仍然导出…"),
                };
                ui.heading(
                    RichText::new(format!("{what}正式版之前：还有 {} 处没有完成", findings.len()))
                        .color(colors::WARNING),
                );
                let errors = findings.iter().filter(|f| f.severity == crate::model::Severity::Error).count();
                let why = if errors > 0 {
                    format!("其中 {errors} 处是错误，可能被检查通报；其余是没有填完的地方，会原样出现在正式版中。")
                } else {
                    "这些是没有填完的地方（例如“（文字描述）”、没有编号的文号、过期的落款日期），会原样出现在正式版中。"
                        .to_owned()
                };
                let go_on = button.trim_end_matches('…');
                ui.label(format!("{why}点“去修改”转到该处；确认无误后，也可以点“{go_on}”。"));
                ui.add_space(4.0);
                unfinished_list(ui, doc, findings, out);
                ui.horizontal(|ui| {
                    if ui.button(button).clicked() {
                        out.done(Some(Action::Export { to: *to, draft: false, force: true }));
                    }
                    if ui.button("取消").clicked() {
                        out.done(None);
                    }
                });
            }
            Self::Listing(listing) => listing.ui(ui, out),
            Self::Review(review) => review.ui(ui, out),
            Self::Recovery(r) => {
                ui.heading("发现未保存的内容");
                // The report is named by its agency and year: a clerk knows it by those.
                let agency = r.report.agency.trim();
                let name = if agency.is_empty() {
                    format!("{}年度年报", r.report.year)
                } else {
                    format!("{agency}{}年度年报", r.report.year)
                };
                let file = r
                    .info
                    .original
                    .as_ref()
                    .map_or_else(|| "（尚未保存为文件）".to_owned(), |p| format!("（文件 {}）", p.display()));
                ui.label(format!(
                    "上次编辑“{name}”{file}时程序没有正常关闭（例如停电）。自动保存的内容（{}）可以恢复。",
                    format_time(r.info.written_at)
                ));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("恢复").clicked() {
                        out.done(Some(Action::Recover(r.clone())));
                    }
                    if ui.button("丢弃").clicked() {
                        out.done(Some(Action::DiscardRecovery(r.id.clone())));
                    }
                });
            }
            Self::EditHeading { section, block, text } => {
                ui.heading("修改标题");
                ui.label("国办格式规定了标准标题；修改后校验会给出提示，可用“恢复标准标题”改回。");
                let l = ui.label("标题：");
                ui.add(egui::TextEdit::singleline(text).desired_width(480.0)).labelled_by(l.id);
                ui.horizontal(|ui| {
                    if ui.button("确定").clicked() {
                        let text = text.trim().to_owned();
                        let edit = match *block {
                            None => Edit::SetHeading { section: *section, text },
                            Some(b) => Edit::SetText { at: BlockRef::new(List::Section(*section), b), text },
                        };
                        out.done(Some(Action::Edit(edit)));
                    }
                    if ui.button("取消").clicked() {
                        out.done(None);
                    }
                });
            }
            Self::About(files) => {
                ui.heading("年报编辑器");
                ui.label("用于编写、校验和打印政府信息公开工作年度报告，格式依据国办公开办函〔2021〕30号。");
                ui.add_space(4.0);
                ui.label(format!("版本：{}（{}）", env!("CARGO_PKG_VERSION"), crate::build_info::VERSION_LINE));
                ui.label(files.as_str());
                ui.label("年报本身保存在您选择的 .ron 文件中；本程序不连接网络，不上传任何内容。");
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("许可与字体…").clicked() {
                        *self = Self::Licences;
                    } else if ui.button("确定").clicked() {
                        out.done(None);
                    }
                });
            }
            Self::Licences => {
                ui.heading("许可与字体");
                ui.label("程序代码：MIT 或 Apache-2.0 许可。");
                ui.label("字体：Fandol（GPL，含字体例外）、文泉驿微米黑（Apache-2.0 / GPL）。");
                ui.label("所用开源组件的许可随程序一同分发。");
                ui.add_space(8.0);
                if ui.button("确定").clicked() {
                    out.done(None);
                }
            }
            Self::Guide => {
                ui.set_min_width(620.0);
                ui.heading("使用说明");
                egui::ScrollArea::vertical().max_height(ui.ctx().content_rect().height() * 0.7).show(ui, |ui| {
                    guide_ui(ui);
                });
                ui.add_space(8.0);
                if ui.button("关闭").clicked() {
                    out.done(None);
                }
            }
            Self::PathEntry { purpose, text, error } => {
                let what = match purpose {
                    PathPurpose::Open => "打开年报",
                    PathPurpose::Import => "导入年报",
                    PathPurpose::NextYear => "以上年报告新建",
                };
                ui.heading(what);
                ui.label("系统的文件选择窗口没有打开（有些电脑上缺少这项服务）。请在下面输入或粘贴文件的完整路径：");
                let resp = ui.add(
                    egui::TextEdit::singleline(text)
                        .hint_text("如 /home/user/文档/金砂镇2025.ron 或 D:\\年报\\金砂镇2025.ron")
                        .desired_width(520.0),
                );
                if !resp.has_focus() && text.is_empty() {
                    resp.request_focus();
                }
                if let Some(e) = error.as_ref() {
                    ui.colored_label(colors::ERROR, e);
                }
                let enter = resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    if ui.button("确定").clicked() || enter {
                        let path = PathBuf::from(text.trim().trim_matches('"'));
                        if text.trim().is_empty() {
                            *error = Some("请输入文件路径。".into());
                        } else if !path.is_file() {
                            *error = Some(format!("找不到文件“{}”，请检查路径。", path.display()));
                        } else {
                            out.done(Some(Action::PathChosen(*purpose, path)));
                        }
                    }
                    if ui.button("取消").clicked() {
                        out.done(None);
                    }
                });
            }
        }
    }
}

/// What a draft of a format carries, for the blocked-export dialog.
fn draft_kind(f: crate::export::Format) -> &'static str {
    use crate::export::Format;
    match f {
        Format::Pdf => "带“草稿”水印的 PDF",
        Format::Docx => "每页页眉带“草稿”的 Word 文档",
        Format::Html => "顶部带“草稿”字样的网页",
    }
}

/// A piece of the user guide as it is drawn.
#[derive(Debug, PartialEq, Eq)]
enum GuideBlock {
    /// A heading and its level (1 = `#`).
    Heading(usize, String),
    /// A paragraph.
    Paragraph(String),
    /// A list item and its depth (0, or 1 for an indented item).
    Item(usize, String),
    /// A line kept as it is (a numbered step, a table row).
    Line(String),
}

/// The user guide, parsed once (it is drawn every frame while its dialog is open).
static GUIDE_BLOCKS: std::sync::LazyLock<Vec<GuideBlock>> = std::sync::LazyLock::new(|| parse_guide(GUIDE));

fn guide_ui(ui: &mut egui::Ui) {
    for block in GUIDE_BLOCKS.iter() {
        match block {
            GuideBlock::Heading(level, text) => {
                let size = match level {
                    1 => 20.0,
                    2 => 17.0,
                    _ => 15.5,
                };
                ui.add_space(6.0);
                ui.label(RichText::new(text).strong().size(size));
            }
            GuideBlock::Paragraph(text) => {
                ui.add(egui::Label::new(text).wrap());
                ui.add_space(4.0);
            }
            GuideBlock::Item(depth, text) => {
                ui.horizontal_wrapped(|ui| {
                    ui.add_space(18.0 * *depth as f32);
                    ui.label(if *depth == 0 { "•" } else { "◦" });
                    ui.add(egui::Label::new(text).wrap());
                });
            }
            GuideBlock::Line(text) => {
                ui.add(egui::Label::new(text).wrap());
            }
        }
    }
}

/// A Markdown text read simply: headings, paragraphs, lists (an item's indented continuation
/// lines belong to it; an indented item is a sub-item), tables as plain rows.
fn parse_guide(text: &str) -> Vec<GuideBlock> {
    let plain = |s: &str| s.replace("**", "").replace('`', "");
    let mut out = Vec::new();
    // What is being gathered: a paragraph, or a list item with its depth.
    let mut paragraph = String::new();
    let mut item: Option<(usize, String)> = None;
    let flush = |out: &mut Vec<GuideBlock>, p: &mut String, item: &mut Option<(usize, String)>| {
        if let Some((depth, text)) = item.take() {
            out.push(GuideBlock::Item(depth, plain(&text)));
        }
        if !p.is_empty() {
            out.push(GuideBlock::Paragraph(plain(p)));
            p.clear();
        }
    };
    for line in text.lines() {
        let t = line.trim();
        let indent = line.len() - line.trim_start().len();
        if t.is_empty() {
            flush(&mut out, &mut paragraph, &mut item);
        } else if let Some(h) = t.strip_prefix('#') {
            flush(&mut out, &mut paragraph, &mut item);
            let level = 1 + h.chars().take_while(|c| *c == '#').count();
            out.push(GuideBlock::Heading(level, plain(h.trim_start_matches('#').trim())));
        } else if let Some(text) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
            flush(&mut out, &mut paragraph, &mut item);
            item = Some((usize::from(indent >= 2), text.to_owned()));
        } else if t.starts_with('|') {
            flush(&mut out, &mut paragraph, &mut item);
            if t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
                continue;
            }
            let cells: Vec<String> = t.trim_matches('|').split('|').map(|c| plain(c.trim())).collect();
            out.push(GuideBlock::Line(cells.join("　｜　")));
        } else if t.chars().next().is_some_and(|c| c.is_ascii_digit()) && t.contains(". ") {
            flush(&mut out, &mut paragraph, &mut item);
            out.push(GuideBlock::Line(plain(t)));
        } else if let Some((_, text)) = item.as_mut().filter(|_| indent > 0) {
            // A list item's continuation line.
            text.push_str(t);
        } else {
            if item.is_some() {
                // A paragraph after a list (the paragraph being gathered is empty then).
                flush(&mut out, &mut paragraph, &mut item);
            }
            paragraph.push_str(t);
        }
    }
    flush(&mut out, &mut paragraph, &mut item);
    out
}

/// The findings in a dialog, at most a screenful, each with its place in words and a 去修改
/// button that closes the dialog and goes there.
fn findings_list(ui: &mut egui::Ui, doc: &Document, findings: &[Finding], out: &mut DialogOutcome) {
    egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
        for (i, f) in findings.iter().enumerate() {
            ui.horizontal(|ui| {
                if ui.small_button("去修改").on_hover_text("关闭此对话框，转到该处").clicked() {
                    out.done(Some(Action::GoTo(f.location, f.cells.clone())));
                }
                let said = super::widgets::place_and_message(f, &doc.report);
                ui.add(
                    egui::Label::new(RichText::new(format!("{} {said}", f.rule)).color(severity_color(f.severity)))
                        .wrap(),
                )
                .on_hover_text(f.severity.label());
            });
            if i + 1 < findings.len() {
                ui.add_space(2.0);
            }
        }
    });
    ui.add_space(8.0);
}

/// The list before an official export, in plain words: each line 去修改, then 错误 or 待完善,
/// the place and the message (the rule's id only in the tooltip).
fn unfinished_list(ui: &mut egui::Ui, doc: &Document, findings: &[Finding], out: &mut DialogOutcome) {
    let max = (ui.ctx().content_rect().height() * 0.5).clamp(160.0, 420.0);
    egui::ScrollArea::vertical().max_height(max).auto_shrink([false, true]).show(ui, |ui| {
        for f in findings {
            ui.horizontal(|ui| {
                if ui.small_button("去修改").on_hover_text("关闭此对话框，转到该处").clicked() {
                    out.done(Some(Action::GoTo(f.location, f.cells.clone())));
                }
                let kind = if f.severity == crate::model::Severity::Error { "错误" } else { "待完善" };
                let said = super::widgets::place_and_message(f, &doc.report);
                ui.add(
                    egui::Label::new(RichText::new(format!("{kind}　{said}")).color(severity_color(f.severity))).wrap(),
                )
                .on_hover_text(format!("规则 {}（{}）", f.rule, f.severity.label()));
            });
            ui.add_space(2.0);
        }
    });
    ui.add_space(8.0);
}

/// A time (seconds since 1970) as Beijing time: 2025年1月20日 09:30.
pub fn format_time(secs: u64) -> String {
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

#[cfg(test)]
mod guide_tests {
    use super::{GuideBlock, parse_guide};

    #[test]
    fn the_guide_reads_headings_items_with_their_continuations_and_paragraphs() {
        let text = "# 标题\n\n- 第一项，\n  接着写\n  - 子项\n\n正文**一段**。\n\n| 甲 | 乙 |\n|---|---|\n1. 第一步\n";
        assert_eq!(
            parse_guide(text),
            [
                GuideBlock::Heading(1, "标题".into()),
                GuideBlock::Item(0, "第一项，接着写".into()),
                GuideBlock::Item(1, "子项".into()),
                GuideBlock::Paragraph("正文一段。".into()),
                GuideBlock::Line("甲　｜　乙".into()),
                GuideBlock::Line("1. 第一步".into()),
            ]
        );
    }
}
