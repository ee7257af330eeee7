//! 导入审核意见: the reviewer's edits in the returned Word file, shown change by change (old →
//! new, with the tracked changes 修订 that make it and who made them), the comments 批注 as a
//! list, and what cannot be taken explained (the clerk changed that place since the export, or
//! the report already says it). The clerk ticks the changes to take; 采纳所选 hands them to the
//! editor, which applies them as one undo step ([`crate::model::review::plan`]).

use std::path::PathBuf;

use egui::RichText;

use super::action::Action;
use super::dialogs::DialogOutcome;
use super::import_dialog::comment_line;
use super::style::colors;
use crate::model::Report;
use crate::model::review::{Change, Outcome, Review, plan};

/// Whether a change can be taken into the clerk's current report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// It can.
    Ready,
    /// The report already says what the reviewer wrote.
    AlreadyThere,
    /// It cannot: why, in Chinese.
    Blocked(String),
}

/// The review dialog's state.
#[derive(Clone, Debug)]
pub struct ReviewDialog {
    /// The returned file.
    pub file: PathBuf,
    /// What it says.
    pub review: Review,
    /// Whether each change is ticked.
    pub accepted: Vec<bool>,
    /// Whether each change can be taken, against the report as it was when the file was read.
    pub status: Vec<Status>,
    /// Whether the clerk changed the report since the export.
    pub edited_since: bool,
}

impl ReviewDialog {
    /// The dialog for a review, measured against the clerk's current report: each change that
    /// can be taken starts ticked.
    pub fn new(file: PathBuf, review: Review, current: &Report) -> Self {
        let status: Vec<Status> = review
            .changes
            .iter()
            .map(|c| match plan(current, &[c]).1.first() {
                Some(Outcome::Applied) => Status::Ready,
                Some(Outcome::AlreadyThere) => Status::AlreadyThere,
                Some(o) => Status::Blocked(o.message(c)),
                None => Status::Blocked(format!("{}：无法采纳", c.place)),
            })
            .collect();
        let accepted = status.iter().map(|s| *s == Status::Ready).collect();
        let edited_since = review.snapshot != *current;
        Self { file, review, accepted, status, edited_since }
    }

    /// The ticked changes.
    pub fn chosen(&self) -> Vec<Change> {
        self.review.changes.iter().zip(&self.accepted).filter(|(_, a)| **a).map(|(c, _)| c.clone()).collect()
    }

    fn file_name(&self) -> String {
        self.file.file_name().map_or_else(|| self.file.display().to_string(), |n| n.to_string_lossy().into_owned())
    }

    /// Draws the dialog.
    pub fn ui(&mut self, ui: &mut egui::Ui, out: &mut DialogOutcome) {
        let (n, m) = (self.review.changes.len(), self.review.comments.len());
        ui.heading(format!("审核意见：{}", self.file_name()));
        if n == 0 && m == 0 {
            ui.label("这份文件与导出时相同：审核人没有修改，也没有批注。");
        } else {
            let tracked = self.review.changes.iter().filter(|c| !c.revisions.is_empty()).count();
            ui.label(format!(
                "与导出时的年报相比，审核人修改了 {n} 处（其中以修订方式 {tracked} 处），批注 {m} 条。勾选要采纳的修改，点“采纳所选”一次完成；采纳后可用“撤销”整体撤回。"
            ));
        }
        if self.edited_since {
            ui.label(
                RichText::new("导出后您又修改过这份年报：审核人改动的地方如果您也改过，不会被覆盖，已在下方注明。")
                    .color(colors::WARNING),
            );
        }
        ui.add_space(4.0);
        egui::ScrollArea::vertical().max_height(300.0).auto_shrink([false, true]).show(ui, |ui| {
            if n > 0 {
                ui.label(RichText::new(format!("修改（{n} 处）")).strong());
            }
            for (i, c) in self.review.changes.iter().enumerate() {
                change_ui(ui, c, &self.status[i], &mut self.accepted[i]);
            }
            if m > 0 {
                ui.add_space(6.0);
                ui.label(RichText::new(format!("批注（{m} 条）")).strong());
                for c in &self.review.comments {
                    ui.label(format!("· {}", comment_line(c)));
                }
            }
            if !self.review.notes.is_empty() {
                ui.add_space(6.0);
                ui.label(RichText::new("说明").strong());
                for note in &self.review.notes {
                    ui.label(RichText::new(format!("· {note}")).color(colors::INFO));
                }
            }
        });
        ui.add_space(8.0);
        let k = self.accepted.iter().filter(|a| **a).count();
        ui.horizontal(|ui| {
            if n > 0 {
                if ui.button("全选").clicked() {
                    for (a, s) in self.accepted.iter_mut().zip(&self.status) {
                        *a = *s == Status::Ready;
                    }
                }
                if ui.button("全不选").clicked() {
                    self.accepted.fill(false);
                }
                let apply = ui.add_enabled(k > 0, egui::Button::new(format!("采纳所选（{k} 处）")));
                if apply.clicked() {
                    out.done(Some(Action::ApplyReview {
                        file: self.file.clone(),
                        changes: self.chosen(),
                        comments: self.review.comments.clone(),
                    }));
                }
            }
            if ui.button("复制清单").on_hover_text("把修改和批注的清单复制到剪贴板").clicked() {
                ui.ctx().copy_text(self.review.summary());
            }
            if ui.button(if n > 0 { "取消" } else { "确定" }).clicked() {
                out.done(None);
            }
        });
    }
}

/// One change: a tick box with the place, old → new, who made it, and why it cannot be taken.
fn change_ui(ui: &mut egui::Ui, c: &Change, status: &Status, accepted: &mut bool) {
    ui.separator();
    let ready = *status == Status::Ready;
    ui.add_enabled(ready, egui::Checkbox::new(accepted, RichText::new(&c.place).strong()));
    let (old, new) = c.brief();
    ui.horizontal_wrapped(|ui| {
        ui.add_space(24.0);
        if old.is_empty() {
            ui.label(RichText::new("新增").color(colors::INFO));
        } else {
            ui.label(RichText::new(old).strikethrough().color(colors::ERROR));
        }
        ui.label("→");
        if new.is_empty() {
            ui.label(RichText::new("删除").color(colors::INFO));
        } else {
            ui.label(RichText::new(new).color(colors::SELECTED));
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.add_space(24.0);
        ui.label(RichText::new(c.origin()).small());
        for r in &c.revisions {
            ui.label(RichText::new(r.describe()).small().color(colors::INFO));
        }
    });
    match (status, &c.edits) {
        (_, Err(why)) => {
            ui.horizontal_wrapped(|ui| {
                ui.add_space(24.0);
                ui.label(RichText::new(format!("不能采纳：{why}")).color(colors::WARNING));
            });
        }
        (Status::AlreadyThere, _) => {
            ui.horizontal_wrapped(|ui| {
                ui.add_space(24.0);
                ui.label(RichText::new("报告中已是这样，无需修改").color(colors::INFO));
            });
        }
        (Status::Blocked(why), _) => {
            ui.horizontal_wrapped(|ui| {
                ui.add_space(24.0);
                ui.label(RichText::new(why).color(colors::WARNING));
            });
        }
        (Status::Ready, Ok(_)) => {}
    }
}
