//! The checks panel (right): every finding, errors first; a click goes to its place. While the
//! unit was opened from 汇总审核, a finding the reviewer marked carries its mark (“已确认” /
//! “不采纳：理由”), and an error marked 不采纳 is greyed and left out of the error count.

use egui::{RichText, Sense};

use super::action::Action;
use super::style::colors;
use super::widgets::{Cx, severity_color};
use crate::desk::Mark;
use crate::model::{Finding, Severity};

/// How many findings of one rule are listed before the rest are folded (a fresh year has a
/// blank cell per S05).
const SHOWN: usize = 3;

/// The reviewer's mark on a finding, while the unit was opened from 汇总审核.
fn mark_of<'a>(cx: &Cx<'a>, f: &Finding) -> Option<&'a Mark> {
    cx.marks.and_then(|m| m.of(f))
}

/// Whether the reviewer set this error aside (不采纳): it no longer counts as an error.
fn set_aside(cx: &Cx<'_>, f: &Finding) -> bool {
    f.severity == Severity::Error && !crate::desk::blocks_publication(f, mark_of(cx, f))
}

/// Errors (without those marked 不采纳), warnings, infos, and the errors marked 不采纳.
pub(crate) fn counts(cx: &Cx<'_>) -> (usize, usize, usize, usize) {
    let findings = &cx.doc.derived().findings;
    let (e, w, i) = crate::model::checks::counts(findings);
    let aside = findings.iter().filter(|f| set_aside(cx, f)).count();
    (e - aside, w, i, aside)
}

/// Draws the findings.
pub fn checks_ui(ui: &mut egui::Ui, cx: &Cx<'_>, out: &mut Vec<Action>) {
    let derived = cx.doc.derived();
    let (e, w, i, aside) = counts(cx);
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new("校验结果").strong());
        let errors =
            if aside > 0 { format!("错误 {e}（另有 {aside} 处不采纳）") } else { format!("错误 {e}") };
        ui.label(RichText::new(errors).color(colors::ERROR));
        ui.label(RichText::new(format!("警告 {w}")).color(colors::WARNING));
        ui.label(RichText::new(format!("提示 {i}")).color(colors::INFO));
    });
    ui.separator();
    if derived.findings.is_empty() {
        ui.label("没有发现问题。");
        return;
    }
    let mut findings: Vec<&Finding> = derived.sorted().collect();
    // Errors set aside (不采纳) after the rest; the sort is stable, so a rule's findings stay
    // together.
    findings.sort_by_key(|f| set_aside(cx, f));
    egui::ScrollArea::vertical().id_salt("checks").auto_shrink(false).show(ui, |ui| {
        let mut i = 0;
        while i < findings.len() {
            let rule = findings[i].rule;
            let n = findings[i..].iter().take_while(|f| f.rule == rule).count();
            let group = &findings[i..i + n];
            for f in group.iter().take(if n > SHOWN + 1 { SHOWN } else { n }) {
                finding_ui(ui, cx, f, out);
            }
            if n > SHOWN + 1 {
                egui::CollapsingHeader::new(
                    RichText::new(format!("另有 {} 条 {rule}", n - SHOWN)).color(severity_color(group[0].severity)),
                )
                .id_salt(("more", rule))
                .show(ui, |ui| {
                    for f in &group[SHOWN..] {
                        finding_ui(ui, cx, f, out);
                    }
                });
            }
            i += n;
        }
    });
}

fn finding_ui(ui: &mut egui::Ui, cx: &Cx<'_>, f: &Finding, out: &mut Vec<Action>) {
    // The place in words tells apart findings with the same message (three S09).
    let place = f.location.describe(&cx.doc.report);
    let said = super::widgets::place_and_message(f, &cx.doc.report);
    let text = RichText::new(format!("{} {}  {said}", f.severity.label(), f.rule));
    let color = if set_aside(cx, f) { egui::Color32::GRAY } else { severity_color(f.severity) };
    let clicked = match mark_of(cx, f) {
        // The reviewer's mark first, so that the tags stand in one column down the list.
        Some(m) => {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("【{}】", m.tag())).strong()).on_hover_text("汇总审核中的审核标记");
                ui.add(egui::Label::new(text.color(color)).wrap().sense(Sense::click()))
                    .on_hover_text(format!("点击转到{place}"))
                    .clicked()
            })
            .inner
        }
        None => ui
            .add(egui::Label::new(text.color(color)).wrap().sense(Sense::click()))
            .on_hover_text(format!("点击转到{place}"))
            .clicked(),
    };
    if clicked {
        out.push(Action::GoTo(f.location, f.cells.clone()));
    }
    ui.add_space(2.0);
}
