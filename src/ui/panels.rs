//! The outline (left), the checks panel (right), the title-block form and the section editor.

use egui::{RichText, Sense};

use super::app::{Dialog, Editor, View, severity_color};
use super::style::colors;
use crate::model::report::{Contact, Date};
use crate::model::standard::{self, SECTION1_SUBHEADINGS};
use crate::model::tables::TableId;
use crate::model::{AgencyLevel, Block, Location, Severity};

/// Which outline entry a location belongs to.
fn view_of(location: Location, r: &crate::model::Report) -> Option<View> {
    match location {
        Location::Cell(c) => r.table_section(c.decl().table).map(View::Section),
        Location::Table(t) => r.table_section(t).map(View::Section),
        Location::Section(s) | Location::Block(s, _) => Some(View::Section(s)),
        Location::Report => None,
        Location::Title | Location::DocNumber | Location::Signer | Location::Date | Location::Preamble(_) => {
            Some(View::TitleBlock)
        }
    }
}

fn counts_badge(ui: &mut egui::Ui, errors: usize, warnings: usize) {
    if errors > 0 {
        ui.label(RichText::new(format!("错{errors}")).small().color(colors::ERROR));
    }
    if warnings > 0 {
        ui.label(RichText::new(format!("警{warnings}")).small().color(colors::WARNING));
    }
}

impl Editor {
    pub(crate) fn outline_ui(&mut self, ui: &mut egui::Ui) {
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
        ui.add_space(4.0);
        ui.label(RichText::new("目录").strong());
        ui.separator();
        let findings = self.doc.findings().to_vec();
        let r = &self.doc.report;
        let count = |v: View| {
            findings.iter().filter(|f| view_of(f.location, r) == Some(v)).fold((0, 0), |(e, w), f| match f.severity {
                Severity::Error => (e + 1, w),
                Severity::Warning => (e, w + 1),
                Severity::Info => (e, w),
            })
        };
        let mut entries: Vec<(View, String)> = vec![(View::TitleBlock, "标题、前言与落款".into())];
        for (i, s) in r.sections.iter().enumerate() {
            entries.push((View::Section(i), s.heading.clone()));
        }
        let mut go = None;
        egui::ScrollArea::vertical().id_salt("outline").show(ui, |ui| {
            for (view, label) in entries {
                let (e, w) = count(view);
                ui.horizontal(|ui| {
                    let selected = self.view == view;
                    let badge = 56.0;
                    let w_label = (ui.available_width() - badge).max(60.0);
                    let resp = ui.add_sized([w_label, 22.0], egui::Button::selectable(selected, label).wrap());
                    if resp.clicked() {
                        go = Some(view);
                    }
                    counts_badge(ui, e, w);
                });
                if let View::Section(i) = view {
                    for t in TableId::ALL {
                        if r.table_section(t) == Some(i) {
                            ui.horizontal(|ui| {
                                ui.add_space(18.0);
                                if ui
                                    .selectable_label(false, RichText::new(format!("表{}", t.numeral())).small())
                                    .clicked()
                                {
                                    go = Some(view);
                                }
                            });
                        }
                    }
                }
            }
        });
        if let Some(v) = go {
            self.finish_text_edit();
            if self.finish_cell_edit() {
                self.view = v;
            }
        }
    }

    pub(crate) fn checks_ui(&mut self, ui: &mut egui::Ui) {
        let mut findings = self.doc.findings().to_vec();
        findings.sort_by_key(|f| f.severity);
        let (e, w, i) = crate::model::checks::counts(&findings);
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.label(RichText::new("校验结果").strong());
            ui.label(RichText::new(format!("错误 {e}")).color(colors::ERROR));
            ui.label(RichText::new(format!("警告 {w}")).color(colors::WARNING));
            ui.label(RichText::new(format!("提示 {i}")).color(colors::INFO));
        });
        ui.separator();
        if findings.is_empty() {
            ui.label("没有发现问题。");
            return;
        }
        let mut go = None;
        // Many findings of one rule (a fresh year has a blank cell per S05) are folded after the
        // first few.
        const SHOWN: usize = 3;
        egui::ScrollArea::vertical().id_salt("checks").auto_shrink(false).show(ui, |ui| {
            let mut i = 0;
            while i < findings.len() {
                let rule = findings[i].rule;
                let n = findings[i..].iter().take_while(|f| f.rule == rule).count();
                let group = &findings[i..i + n];
                let finding_ui = |ui: &mut egui::Ui, f: &crate::model::Finding, go: &mut Option<_>| {
                    let text = RichText::new(format!("{} {}  {}", f.severity.label(), f.rule, f.message));
                    let response = ui
                        .add(egui::Label::new(text.color(severity_color(f.severity))).wrap().sense(Sense::click()))
                        .on_hover_text(format!("位置：{}（点击跳转）", f.location.key()));
                    if response.clicked() {
                        *go = Some((f.location, f.cells.clone()));
                    }
                    ui.add_space(2.0);
                };
                for f in group.iter().take(if n > SHOWN + 1 { SHOWN } else { n }) {
                    finding_ui(ui, f, &mut go);
                }
                if n > SHOWN + 1 {
                    egui::CollapsingHeader::new(
                        RichText::new(format!("另有 {} 条 {rule}", n - SHOWN)).color(severity_color(group[0].severity)),
                    )
                    .id_salt(("more", rule))
                    .show(ui, |ui| {
                        for f in &group[SHOWN..] {
                            finding_ui(ui, f, &mut go);
                        }
                    });
                }
                i += n;
            }
        });
        if let Some((location, cells)) = go {
            self.go_to(location, &cells);
        }
    }

    /// Tracks a text box's editing session: the report as it was before the box's first change
    /// becomes one undo step when the box is left; every change reruns the checks. `old` is the
    /// field's text before this frame, so the report is copied once per session, not per frame.
    fn track_text(
        &mut self,
        response: &egui::Response,
        old: String,
        restore: impl FnOnce(&mut crate::model::Report, String),
    ) {
        if response.changed() {
            if self.text_before.is_none() {
                let mut before = self.doc.report.clone();
                restore(&mut before, old);
                self.text_before = Some(before);
            }
            self.doc.touch();
        }
        if response.lost_focus() {
            self.finish_text_edit();
        }
    }

    fn highlighted(&mut self, ui: &mut egui::Ui, location: Location, add: impl FnOnce(&mut Self, &mut egui::Ui)) {
        let on = self.highlight == Some(location);
        let frame = if on { egui::Frame::new().fill(colors::HIGHLIGHT_BG).inner_margin(4) } else { egui::Frame::new() };
        let r = frame.show(ui, |ui| add(self, ui)).response;
        if on && std::mem::take(&mut self.scroll_to_highlight) {
            r.scroll_to_me(Some(egui::Align::Center));
        }
    }

    fn single_field(
        &mut self,
        ui: &mut egui::Ui,
        label: &str,
        location: Location,
        get: fn(&mut crate::model::Report) -> &mut String,
    ) {
        let l = ui.label(label);
        self.highlighted(ui, location, |me, ui| {
            let old = get(&mut me.doc.report).clone();
            let resp = ui
                .add(egui::TextEdit::singleline(get(&mut me.doc.report)).desired_width(f32::INFINITY).char_limit(200))
                .labelled_by(l.id);
            me.track_text(&resp, old, |r, old| *get(r) = old);
        });
        ui.end_row();
    }

    pub(crate) fn title_block_ui(&mut self, ui: &mut egui::Ui) {
        egui::ScrollArea::vertical().id_salt("title_block").auto_shrink(false).show(ui, |ui| {
            ui.heading("标题、前言与落款");
            ui.add_space(6.0);
            egui::Grid::new("title_form").num_columns(2).spacing([10.0, 8.0]).min_col_width(90.0).show(ui, |ui| {
                self.single_field(ui, "文号：", Location::DocNumber, |r| &mut r.doc_number);
                self.single_field(ui, "机关名称：", Location::Title, |r| &mut r.agency);
                // Year and level.
                let l = ui.label("报告年度：");
                let year_id = egui::Id::unique("year_field");
                let mut year: String =
                    ui.data(|d| d.get_temp::<String>(year_id)).unwrap_or_else(|| self.doc.report.year.to_string());
                ui.horizontal(|ui| {
                    let resp = ui
                        .add(egui::TextEdit::singleline(&mut year).desired_width(70.0).char_limit(8))
                        .labelled_by(l.id);
                    if resp.has_focus() || resp.changed() {
                        ui.data_mut(|d| d.insert_temp(year_id, year.clone()));
                    }
                    if resp.lost_focus() {
                        ui.data_mut(|d| d.remove::<String>(year_id));
                        match crate::model::number::normalize_number_text(&year).parse::<u16>() {
                            Ok(y) if (1990..=2100).contains(&y) => {
                                if y != self.doc.report.year {
                                    self.doc.edit(|r| r.year = y);
                                }
                            }
                            _ => {
                                self.status =
                                    format!("报告年度“{}”无效，应为 1990 至 2100 之间的四位数字。", year.trim())
                            }
                        }
                    }
                    let l = ui.label("机关类型：");
                    let mut level = self.doc.report.level;
                    ui.label_inputs_by(l.id, |ui| {
                        egui::ComboBox::from_id_salt("level_form").selected_text(level.label()).show_ui(ui, |ui| {
                            for l in AgencyLevel::ALL {
                                ui.selectable_value(&mut level, l, l.label());
                            }
                        });
                    });
                    if level != self.doc.report.level {
                        self.doc.edit(|r| r.level = level);
                    }
                });
                ui.end_row();
                self.single_field(ui, "标题：", Location::Title, |r| &mut r.title);
                ui.label("");
                let expected = standard::title(self.doc.report.agency.trim(), self.doc.report.year);
                ui.add_enabled_ui(self.doc.report.title != expected, |ui| {
                    if ui.button("按机关名称和年度生成标题").on_hover_text(expected.clone()).clicked() {
                        self.doc.edit(|r| r.title = expected);
                    }
                });
                ui.end_row();
            });
            ui.add_space(10.0);
            ui.label(RichText::new("前言").strong());
            self.paragraph_list(ui, None);
            ui.add_space(10.0);
            let mut has_contact = self.doc.report.contact.is_some();
            if ui.checkbox(&mut has_contact, "联系方式（地址、电话、邮编，可选）").changed() {
                self.doc.edit(|r| r.contact = if has_contact { Some(Contact::default()) } else { None });
            }
            if self.doc.report.contact.is_some() {
                egui::Grid::new("contact").num_columns(2).spacing([10.0, 8.0]).min_col_width(90.0).show(ui, |ui| {
                    self.single_field(ui, "地址：", Location::Report, |r| {
                        &mut r.contact.get_or_insert_with(Contact::default).address
                    });
                    self.single_field(ui, "电话：", Location::Report, |r| {
                        &mut r.contact.get_or_insert_with(Contact::default).phone
                    });
                    self.single_field(ui, "邮编：", Location::Report, |r| {
                        &mut r.contact.get_or_insert_with(Contact::default).postcode
                    });
                });
            }
            ui.add_space(10.0);
            ui.label(RichText::new("落款").strong());
            egui::Grid::new("signature").num_columns(2).spacing([10.0, 8.0]).min_col_width(90.0).show(ui, |ui| {
                self.single_field(ui, "落款机关：", Location::Signer, |r| &mut r.signer);
                self.date_field(ui);
            });
        });
    }

    fn date_field(&mut self, ui: &mut egui::Ui) {
        let l = ui.label("落款日期：");
        let id = egui::Id::unique("date_field");
        let mut text: String = ui
            .data(|d| d.get_temp::<String>(id))
            .unwrap_or_else(|| self.doc.report.date.map(|d| d.to_string()).unwrap_or_default());
        self.highlighted(ui, Location::Date, |me, ui| {
            ui.horizontal(|ui| {
                let resp = ui
                    .add(egui::TextEdit::singleline(&mut text).hint_text("如 2025年1月20日").desired_width(160.0))
                    .labelled_by(l.id);
                let parsed = Date::parse(&text);
                if resp.has_focus() || resp.changed() {
                    ui.data_mut(|d| d.insert_temp(id, text.clone()));
                }
                if resp.lost_focus() {
                    ui.data_mut(|d| d.remove::<String>(id));
                    if text.trim().is_empty() {
                        me.doc.edit(|r| r.date = None);
                    } else if let Some(d) = parsed {
                        me.doc.edit(|r| r.date = Some(d));
                    } else {
                        me.status = format!("日期“{}”无法识别，请写成“2025年1月20日”或“2025-01-20”。", text.trim());
                    }
                }
                if !text.trim().is_empty() && parsed.is_none() {
                    ui.colored_label(colors::ERROR, "日期无法识别");
                }
            });
        });
        ui.end_row();
    }

    /// The paragraphs of the preamble (`section = None`) or the blocks of a section, each
    /// editable, with buttons to move, insert and delete.
    fn paragraph_list(&mut self, ui: &mut egui::Ui, section: Option<usize>) {
        #[derive(Clone, Copy)]
        enum Action {
            Up(usize),
            Down(usize),
            Delete(usize),
            InsertAfter(usize, bool),
            EditHeading(usize),
            RestoreSub(usize, &'static str),
        }
        let mut action = None;
        let count = match section {
            None => self.doc.report.preamble.len(),
            Some(s) => self.doc.report.sections.get(s).map_or(0, |x| x.blocks.len()),
        };
        let width = ui.available_width();
        let mut sub_index = 0;
        for b in 0..count {
            let location = match section {
                None => Location::Preamble(b),
                Some(s) => Location::Block(s, b),
            };
            let is_sub = section.is_some_and(|s| !self.doc.report.sections[s].blocks[b].is_paragraph());
            let standard_sub =
                if is_sub && section.is_some_and(|s| self.doc.report.sections[s].heading.starts_with("一、")) {
                    let k = sub_index;
                    sub_index += 1;
                    SECTION1_SUBHEADINGS.get(k).copied()
                } else {
                    None
                };
            self.highlighted(ui, location, |me, ui| {
                ui.horizontal(|ui| {
                    if is_sub {
                        let text = me.doc.report.sections[section.unwrap_or(0)].blocks[b].text().to_owned();
                        ui.label(RichText::new(&text).strong().size(16.0));
                        if ui.small_button("修改小标题").clicked() {
                            action = Some(Action::EditHeading(b));
                        }
                        if let Some(std) = standard_sub.filter(|s| *s != text)
                            && ui.small_button("恢复标准写法").on_hover_text(std).clicked()
                        {
                            action = Some(Action::RestoreSub(b, std));
                        }
                    } else {
                        let text = block_text(&mut me.doc.report, section, b);
                        let old = text.clone();
                        let resp = ui.add(
                            egui::TextEdit::multiline(text)
                                .desired_width((width - 150.0).max(200.0))
                                .desired_rows(2)
                                .hint_text("（在此输入段落内容）"),
                        );
                        me.track_text(&resp, old, |r, old| *block_text(r, section, b) = old);
                    }
                    let moves = |ui: &mut egui::Ui, action: &mut Option<Action>| {
                        if ui.add_enabled(b > 0, egui::Button::new("上移").small()).clicked() {
                            *action = Some(Action::Up(b));
                        }
                        if ui.add_enabled(b + 1 < count, egui::Button::new("下移").small()).clicked() {
                            *action = Some(Action::Down(b));
                        }
                    };
                    let edits = |ui: &mut egui::Ui, action: &mut Option<Action>| {
                        if ui.small_button("删除").clicked() {
                            *action = Some(Action::Delete(b));
                        }
                        if ui.small_button("下方插入").on_hover_text("在这一段之后插入新段落").clicked()
                        {
                            *action = Some(Action::InsertAfter(b, false));
                        }
                    };
                    if is_sub {
                        moves(ui, &mut action);
                        edits(ui, &mut action);
                    } else {
                        // Two rows beside the text box, so that the text keeps its width.
                        ui.vertical(|ui| {
                            ui.horizontal(|ui| moves(ui, &mut action));
                            ui.horizontal(|ui| edits(ui, &mut action));
                        });
                    }
                });
            });
        }
        ui.horizontal(|ui| {
            if ui.button("添加段落").clicked() {
                action = Some(Action::InsertAfter(count, false));
            }
            if section.is_some() && ui.button("添加小标题").clicked() {
                action = Some(Action::InsertAfter(count, true));
            }
        });
        let Some(action) = action else { return };
        self.finish_text_edit();
        match action {
            Action::EditHeading(b) => {
                if let Some(s) = section {
                    let text = self.doc.report.sections[s].blocks[b].text().to_owned();
                    self.dialog = Some(Dialog::EditHeading { section: s, block: Some(b), text });
                }
            }
            Action::RestoreSub(b, std) => {
                if let Some(s) = section {
                    self.doc.edit(|r| *r.sections[s].blocks[b].text_mut() = std.to_owned());
                }
            }
            other => {
                self.doc.edit(|r| match section {
                    None => edit_list(&mut r.preamble, other_to_op(other), String::new),
                    Some(s) => {
                        let sub = matches!(other, Action::InsertAfter(_, true));
                        edit_list(&mut r.sections[s].blocks, other_to_op(other), || {
                            if sub { Block::Subheading("（）".into()) } else { Block::Paragraph(String::new()) }
                        });
                    }
                });
            }
        }
        fn other_to_op(a: Action) -> ListOp {
            match a {
                Action::Up(b) => ListOp::Up(b),
                Action::Down(b) => ListOp::Down(b),
                Action::Delete(b) => ListOp::Delete(b),
                Action::InsertAfter(b, _) => ListOp::Insert(b),
                Action::EditHeading(_) | Action::RestoreSub(..) => ListOp::None,
            }
        }
    }

    pub(crate) fn section_ui(&mut self, ui: &mut egui::Ui, s: usize) {
        if s >= self.doc.report.sections.len() {
            self.view = View::TitleBlock;
            return;
        }
        let table = TableId::ALL.into_iter().find(|t| self.doc.report.table_section(*t) == Some(s));
        egui::ScrollArea::vertical().id_salt(("section", s)).auto_shrink(false).show(ui, |ui| {
            let heading = self.doc.report.sections[s].heading.clone();
            let standard = standard::NUMERALS
                .iter()
                .position(|n| heading.starts_with(&format!("{n}、")))
                .and_then(|i| standard::HEADINGS.get(i).copied());
            self.highlighted(ui, Location::Section(s), |me, ui| {
                ui.horizontal(|ui| {
                    ui.heading(&heading);
                    if ui.small_button("修改标题").clicked() {
                        me.dialog = Some(Dialog::EditHeading { section: s, block: None, text: heading.clone() });
                    }
                    if let Some(std) = standard.filter(|h| *h != heading)
                        && ui.small_button("恢复标准标题").on_hover_text(std).clicked()
                    {
                        me.doc.edit(|r| r.sections[s].heading = std.to_owned());
                    }
                });
            });
            ui.add_space(6.0);
            self.paragraph_list(ui, Some(s));
            if let Some(t) = table {
                ui.add_space(10.0);
                self.table_ui(ui, t);
            }
        });
    }
}

/// The text of a preamble paragraph (`section = None`) or of a section's block.
fn block_text(r: &mut crate::model::Report, section: Option<usize>, b: usize) -> &mut String {
    match section {
        None => &mut r.preamble[b],
        Some(s) => r.sections[s].blocks[b].text_mut(),
    }
}

/// A change to a list of paragraphs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListOp {
    /// Nothing.
    None,
    /// Move item up.
    Up(usize),
    /// Move item down.
    Down(usize),
    /// Delete item.
    Delete(usize),
    /// Insert a new item after item (or at the end when the index is the length).
    Insert(usize),
}

/// Applies a list change.
pub fn edit_list<T>(list: &mut Vec<T>, op: ListOp, new: impl FnOnce() -> T) {
    match op {
        ListOp::None => {}
        ListOp::Up(i) if i > 0 && i < list.len() => list.swap(i - 1, i),
        ListOp::Down(i) if i + 1 < list.len() => list.swap(i, i + 1),
        ListOp::Delete(i) if i < list.len() => {
            list.remove(i);
        }
        ListOp::Insert(i) => list.insert((i + 1).min(list.len()), new()),
        _ => {}
    }
}
