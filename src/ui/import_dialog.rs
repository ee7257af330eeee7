//! A report the clerk reads after an import or after taking the reviewer's edits: what was
//! imported and how each unusual cell was read, what was not imported and why, the outline and
//! table problems of the file as written; or which of the reviewer's changes were taken. Every
//! line can be selected, and 复制全文 copies it all (to send to a colleague, or to keep).

use std::path::Path;

use egui::RichText;

use super::dialogs::DialogOutcome;
use super::style::colors;
use crate::import::Imported;
use crate::model::review::{Change, Comment, Outcome, display_time};
use crate::model::{Report, check};

/// How a group of lines is coloured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Plain information.
    Plain,
    /// Something to look at.
    Warning,
    /// Something missing.
    Error,
}

/// A group of lines under a heading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// The heading (“未能导入”).
    pub heading: String,
    /// Its colour.
    pub tone: Tone,
    /// The lines.
    pub lines: Vec<String>,
}

/// A report in a dialog: a title, an introduction and groups of lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
    /// The dialog's title.
    pub title: String,
    /// What happened, in a few sentences.
    pub intro: String,
    /// The details.
    pub groups: Vec<Group>,
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

impl Listing {
    /// The import report of a file. `next`: the report of the following year made from it (以上年
    /// 报告新建), else the imported report itself is now in the editor.
    pub fn import(path: &Path, imported: &Imported, next: Option<&Report>) -> Self {
        let complete = imported.is_complete() && imported.structure.iter().all(|f| f.rule == "S11");
        let name = file_name(path);
        let last = &imported.report;
        let mut intro = match next {
            Some(n) => format!(
                "已导入上一年度的年报“{name}”（{}年度），并以它为基础新建了{}年度的年报：年份已顺延，上年结转已按上年“结转下年度继续办理”填入，其余数字待填写；正文沿用上年，请逐段修改。上年的各项数字已留作跨年度校验和“显示上年数”。",
                last.year, n.year
            ),
            None => format!("已导入“{name}”（{}年度）。", last.year),
        };
        intro.push_str(if complete {
            "\n原文件的内容已全部导入。"
        } else {
            "\n有未能导入或需要核对的内容，见下方，请对照原文件补填。"
        });
        let findings = check(next.unwrap_or(last), None);
        let (e, w, i) = crate::model::checks::counts(&findings);
        intro.push_str(&format!(
            "\n导入后校验：错误 {e} 项、警告 {w} 项、提示 {i} 项（见右侧“校验结果”）。请核对后保存。"
        ));
        let mut groups = Vec::new();
        let mut push = |heading: &str, tone: Tone, lines: Vec<String>| {
            if !lines.is_empty() {
                groups.push(Group { heading: heading.to_owned(), tone, lines });
            }
        };
        push("未能导入（请对照原文件补填）", Tone::Error, imported.gaps.clone());
        push(
            "原文件的写法问题（已按国办格式导入）",
            Tone::Warning,
            imported.structure.iter().map(|f| format!("{} {}", f.rule, f.message)).collect(),
        );
        push("单元格的读法（不是纯数字的单元格）", Tone::Plain, imported.readings.clone());
        push("已导入", Tone::Plain, imported.mapped.clone());
        let title = if next.is_some() { "以上年报告新建：导入报告" } else { "导入报告" };
        Self { title: title.to_owned(), intro, groups }
    }

    /// What became of the reviewer's changes the clerk chose, with the comments to act on.
    pub fn review_outcome(path: &Path, changes: &[Change], outcomes: &[Outcome], comments: &[Comment]) -> Self {
        let applied = outcomes.iter().filter(|o| **o == Outcome::Applied).count();
        let mut intro = format!("已采纳“{}”中的审核意见 {applied} 处。", file_name(path));
        if applied > 0 {
            intro.push_str("这些修改是一步操作，可用“撤销”（Ctrl+Z）整体撤回。");
        }
        if applied < outcomes.len() {
            intro.push_str(&format!("\n另有 {} 处没有改动报告，原因见下。", outcomes.len() - applied));
        }
        intro.push_str("\n请保存年报，并按审核意见重新导出。");
        let lines = |keep: fn(&Outcome) -> bool| -> Vec<String> {
            changes.iter().zip(outcomes).filter(|(_, o)| keep(o)).map(|(c, o)| o.message(c)).collect()
        };
        let mut groups = Vec::new();
        for (heading, tone, l) in [
            ("未采纳", Tone::Warning, lines(|o| !matches!(o, Outcome::Applied | Outcome::AlreadyThere))),
            ("已采纳", Tone::Plain, lines(|o| *o == Outcome::Applied)),
            ("无需修改", Tone::Plain, lines(|o| *o == Outcome::AlreadyThere)),
            ("审核人的批注（请逐条处理）", Tone::Plain, comments.iter().map(comment_line).collect()),
        ] {
            if !l.is_empty() {
                groups.push(Group { heading: heading.to_owned(), tone, lines: l });
            }
        }
        Self { title: "导入审核意见：结果".to_owned(), intro, groups }
    }

    /// The whole report as text (复制全文).
    pub fn text(&self) -> String {
        let mut out = format!("{}\n{}\n", self.title, self.intro);
        for g in &self.groups {
            out.push_str(&format!("\n{}（{} 项）\n", g.heading, g.lines.len()));
            for l in &g.lines {
                out.push_str(&format!("  {l}\n"));
            }
        }
        out
    }

    /// Draws the report with 复制全文 and 确定.
    pub fn ui(&self, ui: &mut egui::Ui, out: &mut DialogOutcome) {
        ui.heading(&self.title);
        ui.label(&self.intro);
        ui.add_space(6.0);
        egui::ScrollArea::vertical().max_height(320.0).auto_shrink([false, true]).show(ui, |ui| {
            for g in &self.groups {
                let color = match g.tone {
                    Tone::Plain => ui.visuals().text_color(),
                    Tone::Warning => colors::WARNING,
                    Tone::Error => colors::ERROR,
                };
                ui.add_space(4.0);
                ui.label(RichText::new(format!("{}（{} 项）", g.heading, g.lines.len())).strong().color(color));
                for l in &g.lines {
                    ui.label(RichText::new(format!("· {l}")).color(color));
                }
            }
        });
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("复制全文").on_hover_text("把以上内容复制到剪贴板").clicked() {
                ui.ctx().copy_text(self.text());
            }
            if ui.button("确定").clicked() {
                out.done(None);
            }
        });
    }
}

/// A comment as one line: `第五部分（一）第1段：错别字已改。（李审 2026-01-05 09:30；所指文字“以下问题”）`.
pub fn comment_line(c: &Comment) -> String {
    let when = c.date.as_deref().map(display_time).unwrap_or_default();
    let who = c.author.trim();
    let mut about = [who, when.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
    if !c.quoted.trim().is_empty() {
        if !about.is_empty() {
            about.push('；');
        }
        about.push_str(&format!("所指文字“{}”", crate::model::number::excerpt(c.quoted.trim(), 30)));
    }
    let text = c.text.replace('\n', " ");
    if about.is_empty() { format!("{}：{text}", c.place) } else { format!("{}：{text}（{about}）", c.place) }
}
