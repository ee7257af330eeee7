//! The title block: 文号, agency, year and level, title, preamble, contact, signature.

use egui::RichText;

use super::action::Action;
use super::paragraphs::Paragraphs;
use super::style::colors;
use super::widgets::Cx;
use crate::model::edit::{Edit, Field, List};
use crate::model::report::Date;
use crate::model::standard;
use crate::model::{AgencyLevel, Location, Report};

/// The title-block form. Year and date are typed as text and read when the field is left.
#[derive(Debug, Default)]
pub struct TitleForm {
    /// The year as typed, while its field has the keyboard.
    year: Option<String>,
    /// The date as typed, while it is being edited or cannot be read.
    date: Option<String>,
}

impl TitleForm {
    /// Forgets text typed into the year and date fields (another report).
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    /// Draws the form.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>, paragraphs: &mut Paragraphs, out: &mut Vec<Action>) {
        egui::ScrollArea::vertical().id_salt("title_block").auto_shrink(false).show(ui, |ui| {
            let doc = cx.doc;
            let r = &doc.report;
            ui.heading("标题、前言与落款");
            ui.add_space(6.0);
            egui::Grid::new("title_form").num_columns(2).spacing([10.0, 8.0]).min_col_width(90.0).show(ui, |ui| {
                field_ui(ui, cx, "文号：", Field::DocNumber, out);
                field_ui(ui, cx, "机关名称：", Field::Agency, out);
                let l = ui.label("报告年度：");
                ui.horizontal(|ui| {
                    let year = self.year_ui(ui, r, l.id, out);
                    cx.tab_order.push(year);
                    let l = ui.label("机关类型：");
                    let mut level = r.level;
                    ui.label_inputs_by(l.id, |ui| {
                        egui::ComboBox::from_id_salt("level_form").selected_text(level.label()).show_ui(ui, |ui| {
                            for l in AgencyLevel::ALL {
                                ui.selectable_value(&mut level, l, l.label());
                            }
                        });
                    });
                    if level != r.level {
                        out.push(Action::Edit(Edit::SetLevel(level)));
                    }
                });
                ui.end_row();
                field_ui(ui, cx, "标题：", Field::Title, out);
                ui.label("");
                let expected = standard::title(r.agency.trim(), r.year);
                ui.add_enabled_ui(r.title != expected, |ui| {
                    if ui.button("按机关名称和年度生成标题").on_hover_text(&expected).clicked() {
                        out.push(Action::Edit(Edit::SetField { field: Field::Title, text: expected.clone() }));
                    }
                });
                ui.end_row();
            });
            ui.add_space(10.0);
            ui.label(RichText::new("前言").strong());
            paragraphs.list_ui(ui, cx, List::Preamble, out);
            ui.add_space(10.0);
            let doc = cx.doc;
            let r = &doc.report;
            let mut has_contact = r.contact.is_some();
            if ui.checkbox(&mut has_contact, "联系方式（地址、电话、邮编，可选）").changed() {
                out.push(Action::Edit(Edit::SetContact(has_contact)));
            }
            if r.contact.is_some() {
                egui::Grid::new("contact").num_columns(2).spacing([10.0, 8.0]).min_col_width(90.0).show(ui, |ui| {
                    field_ui(ui, cx, "地址：", Field::Address, out);
                    field_ui(ui, cx, "电话：", Field::Phone, out);
                    field_ui(ui, cx, "邮编：", Field::Postcode, out);
                });
            }
            ui.add_space(10.0);
            ui.label(RichText::new("落款").strong());
            egui::Grid::new("signature").num_columns(2).spacing([10.0, 8.0]).min_col_width(90.0).show(ui, |ui| {
                field_ui(ui, cx, "落款机关：", Field::Signer, out);
                self.date_ui(ui, cx, out);
            });
        });
    }

    fn year_ui(&mut self, ui: &mut egui::Ui, r: &Report, label: egui::Id, out: &mut Vec<Action>) -> egui::Id {
        let mut year = self.year.clone().unwrap_or_else(|| r.year.to_string());
        let resp = ui.add(egui::TextEdit::singleline(&mut year).desired_width(70.0).char_limit(8)).labelled_by(label);
        if resp.has_focus() || resp.changed() {
            self.year = Some(year.clone());
        }
        if resp.lost_focus() {
            self.year = None;
            match Report::parse_year(&year) {
                Some(y) if y != r.year => out.push(Action::Edit(Edit::SetYear(y))),
                Some(_) => {}
                None => out.push(Action::Status(format!(
                    "报告年度“{}”无效：应为四位数字，{}。",
                    year.trim(),
                    Report::year_hint()
                ))),
            }
        }
        resp.id
    }

    fn date_ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx<'_>, out: &mut Vec<Action>) {
        let l = ui.label("落款日期：");
        let stored = cx.doc.report.date;
        let mut text = self.date.clone().unwrap_or_else(|| stored.map(|d| d.to_string()).unwrap_or_default());
        // The hint shows a date of the right year: the report is signed early the next year.
        let hint = format!("如 {}年1月20日", cx.doc.report.year.saturating_add(1));
        let focus_now = cx.take_focus(Location::Date);
        let id = cx.highlighted(ui, Location::Date, |ui| {
            ui.horizontal(|ui| {
                let resp = ui
                    .add(egui::TextEdit::singleline(&mut text).hint_text(hint).desired_width(160.0))
                    .labelled_by(l.id);
                if focus_now {
                    resp.request_focus();
                }
                let parsed = Date::parse(&text);
                if resp.has_focus() || resp.changed() {
                    self.date = Some(text.clone());
                }
                if resp.lost_focus() {
                    if text.trim().is_empty() {
                        self.date = None;
                        out.push(Action::Edit(Edit::SetDate(None)));
                    } else if let Some(d) = parsed {
                        self.date = None;
                        out.push(Action::Edit(Edit::SetDate(Some(d))));
                    } else {
                        out.push(Action::Status(format!(
                            "日期“{}”无法识别，请写成“2025年1月20日”或“2025-01-20”。",
                            text.trim()
                        )));
                    }
                }
                if !text.trim().is_empty() && parsed.is_none() {
                    ui.colored_label(colors::ERROR, "日期无法识别");
                }
                resp.id
            })
            .inner
        });
        cx.tab_order.push(id);
        ui.end_row();
    }
}

/// A one-line field with its label, as a row of a two-column grid.
fn field_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>, label: &str, field: Field, out: &mut Vec<Action>) {
    let l = ui.label(label);
    let mut text = field.get(&cx.doc.report).to_owned();
    let resp = cx.highlighted(ui, field.location(), |ui| {
        ui.add(egui::TextEdit::singleline(&mut text).desired_width(f32::INFINITY).char_limit(200)).labelled_by(l.id)
    });
    // 去修改 on a 文号 without its number: the caret goes where the number goes (the blank
    // before “号” selected), so typing fills it in.
    if cx.text_box(&resp, Some(field.location()))
        && field == Field::DocNumber
        && let Some(slot) = number_slot(&text)
    {
        super::widgets::select_chars(ui.ctx(), resp.id, slot);
    }
    if resp.changed() {
        out.push(Action::Type(Edit::SetField { field, text }));
    }
    if resp.lost_focus() {
        out.push(Action::EndTyping);
    }
    ui.end_row();
}

/// Where the number of a 文号 without one goes, in characters: the blanks between the year's
/// bracket and “号” (“金政〔2025〕 号”: the space; “金政〔2025〕号”: the empty place before
/// “号”). `None` when the 文号 has its number. The rule is the model's (S09).
fn number_slot(doc_number: &str) -> Option<std::ops::Range<usize>> {
    crate::model::checks::numberless_doc_numbers(doc_number).into_iter().next().map(|m| m.slot)
}

#[cfg(test)]
mod tests {
    use super::number_slot;

    #[test]
    fn the_number_goes_before_hao() {
        assert_eq!(number_slot("金政〔2025〕 号"), Some(8..9), "the blank is selected");
        assert_eq!(number_slot("金政〔2025〕号"), Some(8..8), "the caret before 号");
        assert_eq!(number_slot("金政[２０２５]\u{3000}\u{3000}号"), Some(8..10));
        assert_eq!(number_slot("金政〔2025〕3号"), None, "it has its number");
        assert_eq!(number_slot(""), None);
        assert_eq!(number_slot("〔2025〕"), None);
    }
}
