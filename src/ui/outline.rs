//! The outline (left): the title block and the six sections with their tables, each with its
//! count of errors and warnings.

use egui::RichText;

use super::View;
use super::action::Action;
use super::style::colors;
use super::widgets::Cx;
use crate::model::tables::TableId;

fn counts_badge(ui: &mut egui::Ui, (errors, warnings): (usize, usize)) {
    if errors > 0 {
        ui.label(RichText::new(format!("错{errors}")).small().color(colors::ERROR));
    }
    if warnings > 0 {
        ui.label(RichText::new(format!("警{warnings}")).small().color(colors::WARNING));
    }
}

/// Draws the outline; a click shows that part.
pub fn outline_ui(ui: &mut egui::Ui, cx: &Cx<'_>, view: View, out: &mut Vec<Action>) {
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    ui.add_space(4.0);
    ui.label(RichText::new("目录").strong());
    ui.separator();
    let r = &cx.doc.report;
    let counts = &cx.doc.derived().counts;
    let count = |part: usize| counts.get(part).copied().unwrap_or((0, 0));
    egui::ScrollArea::vertical().id_salt("outline").show(ui, |ui| {
        let entry = |ui: &mut egui::Ui, v: View, label: &str, part: usize, out: &mut Vec<Action>| {
            ui.horizontal(|ui| {
                let badge = 56.0;
                let w_label = (ui.available_width() - badge).max(60.0);
                // Left-aligned (the grow atom after the text takes the rest of the width): on a
                // wide outline a short heading is not centred away from the others.
                let button = egui::Button::selectable(view == v, (label, egui::Atom::grow()))
                    .wrap()
                    .gap(0.0)
                    .min_size(egui::vec2(w_label, 22.0));
                let resp = ui.allocate_ui(egui::vec2(w_label, 22.0), |ui| ui.add(button)).inner;
                if resp.clicked() {
                    out.push(Action::Show(v));
                }
                counts_badge(ui, count(part));
            });
        };
        entry(ui, View::TitleBlock, "标题、前言与落款", 0, out);
        for (i, s) in r.sections.iter().enumerate() {
            entry(ui, View::Section(i), &s.heading, i + 1, out);
            for t in TableId::ALL {
                if r.table_section(t) == Some(i) {
                    ui.horizontal(|ui| {
                        ui.add_space(18.0);
                        if ui.selectable_label(false, RichText::new(format!("表{}", t.numeral())).small()).clicked() {
                            // The table's top, not the section's.
                            out.push(Action::GoTo(crate::model::Location::Table(t), Vec::new()));
                        }
                    });
                }
            }
        }
    });
}
