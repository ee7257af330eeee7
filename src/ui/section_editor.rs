//! A section: its heading (changed only through an explicit action), its paragraphs, and the
//! table that belongs to it (二–四).

use super::Dialog;
use super::action::Action;
use super::grid::{GridState, TableGrid};
use super::paragraphs::Paragraphs;
use super::widgets::Cx;
use crate::model::Location;
use crate::model::edit::{Edit, List};
use crate::model::standard::standard_heading_for;
use crate::model::tables::TableId;

/// Draws section `s` (an index in `Report::sections` that exists).
pub fn section_ui(
    ui: &mut egui::Ui,
    cx: &mut Cx<'_>,
    s: usize,
    paragraphs: &mut Paragraphs,
    grid: &mut GridState,
    out: &mut Vec<Action>,
) {
    let doc = cx.doc;
    let r = &doc.report;
    let Some(section) = r.sections.get(s) else { return };
    let table = TableId::ALL.into_iter().find(|t| r.table_section(*t) == Some(s));
    egui::ScrollArea::vertical().id_salt(("section", s)).auto_shrink(false).show(ui, |ui| {
        let heading = &section.heading;
        cx.highlighted(ui, Location::Section(s), |ui| {
            ui.horizontal(|ui| {
                ui.heading(heading);
                if ui.small_button("修改标题").clicked() {
                    out.push(Action::Dialog(Dialog::EditHeading { section: s, block: None, text: heading.clone() }));
                }
                if let Some(std) = standard_heading_for(heading).filter(|h| h != heading)
                    && ui.small_button("恢复标准标题").on_hover_text(std).clicked()
                {
                    out.push(Action::Edit(Edit::RestoreHeading(s)));
                }
            });
        });
        ui.add_space(6.0);
        paragraphs.list_ui(ui, cx, List::Section(s), out);
        if let Some(t) = table {
            ui.add_space(10.0);
            let doc = cx.doc;
            let r = &doc.report;
            let previous = r.previous.as_ref().filter(|_| cx.show_previous).map(|p| (p.year, &p.tables));
            let done = TableGrid::new(t, &r.tables, &doc.derived().marks)
                .previous(previous)
                .keyboard(cx.keyboard)
                .show(ui, grid);
            out.extend(done.edits.into_iter().map(Action::Edit));
            out.extend(done.status.map(Action::Status));
        }
    });
}
