//! The checks panel (right): every finding, errors first; a click goes to its place.

use egui::{RichText, Sense};

use super::action::Action;
use super::style::colors;
use super::widgets::{Cx, severity_color};
use crate::model::Finding;

/// How many findings of one rule are listed before the rest are folded (a fresh year has a
/// blank cell per S05).
const SHOWN: usize = 3;

/// Draws the findings.
pub fn checks_ui(ui: &mut egui::Ui, cx: &Cx<'_>, out: &mut Vec<Action>) {
    let derived = cx.doc.derived();
    let (e, w, i) = crate::model::checks::counts(&derived.findings);
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new("校验结果").strong());
        ui.label(RichText::new(format!("错误 {e}")).color(colors::ERROR));
        ui.label(RichText::new(format!("警告 {w}")).color(colors::WARNING));
        ui.label(RichText::new(format!("提示 {i}")).color(colors::INFO));
    });
    ui.separator();
    if derived.findings.is_empty() {
        ui.label("没有发现问题。");
        return;
    }
    let findings: Vec<&Finding> = derived.sorted().collect();
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
    let response = ui
        .add(egui::Label::new(text.color(severity_color(f.severity))).wrap().sense(Sense::click()))
        .on_hover_text(format!("点击转到{place}"));
    if response.clicked() {
        out.push(Action::GoTo(f.location, f.cells.clone()));
    }
    ui.add_space(2.0);
}
