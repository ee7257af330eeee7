//! The editor, driven like a user would (egui_kittest, no GPU): cells, paste, input methods,
//! undo, files, the unsaved-changes prompt, autosave and recovery, export.

mod common;

use std::path::PathBuf;

use common::{TempDir, example};
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use nianbao::model::edit::{Edit, Field};
use nianbao::model::{CellId, Report};
use nianbao::ui::files::ScriptedDialogs;
use nianbao::ui::settings::Paths;
use nianbao::ui::{Dialog, Document, Editor, Pending, View, cell_label};

fn editor_with(report: Report, path: Option<PathBuf>, dir: &TempDir, dialogs: ScriptedDialogs) -> Editor {
    Editor::new(Document::new(report, path), Paths::under(&dir.0), Box::new(dialogs))
}

fn harness(editor: Editor) -> Harness<'static, Editor> {
    common::kit::build(common::kit::builder(), editor)
}

/// Changes the report as the editor does (one undo step).
fn edit(h: &mut Harness<'_, Editor>, e: &Edit) {
    h.state_mut().doc.apply(e).expect("edit applies");
}

fn cell(key: &str) -> CellId {
    CellId::from_key(key).unwrap_or_else(|| panic!("{key}"))
}

fn value(h: &Harness<'_, Editor>, key: &str) -> Option<u64> {
    h.state().doc.report.tables.get(cell(key))
}

/// Shows section 三 and clicks a cell.
fn click_cell(h: &mut Harness<'_, Editor>, key: &str) {
    let c = cell(key);
    let section = h.state().doc.report.table_section(c.decl().table).expect("section");
    h.state_mut().view = View::Section(section);
    h.run();
    h.get_by_role_and_label(egui::Role::Cell, &cell_label(c)).click_accesskit();
    h.run();
}

fn type_text(h: &mut Harness<'_, Editor>, text: &str) {
    h.event(Event::Text(text.into()));
    h.run();
}

fn press(h: &mut Harness<'_, Editor>, key: Key) {
    h.key_press(key);
    h.run();
}

fn has_finding(h: &Harness<'_, Editor>, rule: &str) -> bool {
    h.query_all_by_label_contains(&format!(" {rule} ")).next().is_some()
}

#[test]
fn typing_into_a_cell_updates_the_model_the_totals_and_the_checks() {
    let dir = TempDir::new("ed-type");
    let mut h = harness(editor_with(example(), None, &dir, ScriptedDialogs::default()));
    h.run();
    click_cell(&mut h, "t3.R1.natural");
    assert_eq!(h.state().grid.selected, Some(cell("t3.R1.natural")));
    type_text(&mut h, "5");
    assert!(h.state().grid.editing.is_some(), "typing starts editing");
    press(&mut h, Key::Enter);
    assert_eq!(value(&h, "t3.R1.natural"), Some(5));
    assert_eq!(value(&h, "t3.R1.total"), Some(5), "the derived total follows");
    assert_eq!(h.state().grid.selected, Some(cell("t3.R2.natural")), "Enter moves down");
    // The broken 勾稽 rule is listed in the checks panel …
    assert!(has_finding(&h, "T3-01"));
    // … and disappears once the result row accounts for the request.
    click_cell(&mut h, "t3.R3_1.natural");
    type_text(&mut h, "5");
    press(&mut h, Key::Enter);
    assert_eq!(value(&h, "t3.R3_7.natural"), Some(5));
    assert!(!has_finding(&h, "T3-01"));
}

#[test]
fn tab_and_arrows_move_between_cells() {
    let dir = TempDir::new("ed-nav");
    let mut h = harness(editor_with(example(), None, &dir, ScriptedDialogs::default()));
    h.run();
    click_cell(&mut h, "t3.R1.other_org");
    press(&mut h, Key::Tab);
    // The 总计 column is computed: Tab skips it to the next row.
    assert_eq!(h.state().grid.selected, Some(cell("t3.R2.natural")));
    press(&mut h, Key::ArrowRight);
    assert_eq!(h.state().grid.selected, Some(cell("t3.R2.commercial")));
    press(&mut h, Key::ArrowUp);
    assert_eq!(h.state().grid.selected, Some(cell("t3.R1.commercial")));
    h.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
    h.run();
    assert_eq!(h.state().grid.selected, Some(cell("t3.R1.natural")));
    // Tab while editing commits and moves on.
    type_text(&mut h, "3");
    press(&mut h, Key::Tab);
    assert_eq!(value(&h, "t3.R1.natural"), Some(3));
    assert_eq!(h.state().grid.selected, Some(cell("t3.R1.commercial")));
}

#[test]
fn pasting_a_block_from_excel_fills_the_right_cells() {
    let dir = TempDir::new("ed-paste");
    let mut h = harness(editor_with(example(), None, &dir, ScriptedDialogs::default()));
    h.run();
    click_cell(&mut h, "t3.R1.natural");
    h.event(Event::Paste("1\t2\t0\r\n3\t4\t0\r\n".into()));
    h.run();
    assert_eq!(value(&h, "t3.R1.natural"), Some(1));
    assert_eq!(value(&h, "t3.R1.commercial"), Some(2));
    assert_eq!(value(&h, "t3.R2.natural"), Some(3));
    assert_eq!(value(&h, "t3.R2.commercial"), Some(4));
    assert_eq!(value(&h, "t3.R2.total"), Some(7));
    // One undo step for the whole block.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(value(&h, "t3.R1.natural"), Some(0));
    assert_eq!(value(&h, "t3.R2.commercial"), Some(0));
    // A block with a word in it is refused as a whole, with the reason.
    h.event(Event::Paste("1\t2\r\n3\t四件\r\n".into()));
    h.run();
    assert_eq!(value(&h, "t3.R1.natural"), Some(0));
    let error = h.state().grid.error.clone().unwrap_or_default();
    assert!(error.contains("第2行第2列的“四件”无法粘贴"), "{error}");
    // A block that does not fit is refused too.
    click_cell(&mut h, "t3.R4.natural");
    h.event(Event::Paste("1\n2\n".into()));
    h.run();
    assert_eq!(value(&h, "t3.R4.natural"), Some(0));
    assert!(h.state().grid.error.clone().unwrap_or_default().contains("超出了表三的范围"));
}

#[test]
fn full_width_digits_are_accepted_and_letters_refused() {
    let dir = TempDir::new("ed-digits");
    let mut h = harness(editor_with(example(), None, &dir, ScriptedDialogs::default()));
    h.run();
    click_cell(&mut h, "t3.R1.natural");
    type_text(&mut h, "１２");
    press(&mut h, Key::Enter);
    assert_eq!(value(&h, "t3.R1.natural"), Some(12));
    click_cell(&mut h, "t3.R1.commercial");
    type_text(&mut h, "ab");
    press(&mut h, Key::Enter);
    assert_eq!(value(&h, "t3.R1.commercial"), Some(0), "refused, not clamped");
    let error = h.state().grid.error.clone().unwrap_or_default();
    assert!(error.contains("应为非负整数，当前为“ab”"), "{error}");
    assert!(h.state().grid.editing.is_some(), "the editor stays open with the text");
    assert!(h.query_by_label_contains("应为非负整数").is_some(), "the message is on screen");
    press(&mut h, Key::Escape);
    assert!(h.state().grid.editing.is_none());
    // A derived cell cannot be typed into.
    click_cell(&mut h, "t3.R1.total");
    type_text(&mut h, "9");
    assert!(h.state().grid.editing.is_none());
    assert!(h.state().grid.error.clone().unwrap_or_default().contains("自动计算"));
}

#[test]
fn enter_that_commits_an_input_method_candidate_does_not_move_the_cursor() {
    let dir = TempDir::new("ed-ime");
    let mut h = harness(editor_with(example(), None, &dir, ScriptedDialogs::default()));
    h.run();
    click_cell(&mut h, "t3.R1.natural");
    press(&mut h, Key::F2);
    assert!(h.state().grid.editing.is_some());
    // Composition, then the candidate committed with Enter, all in one frame.
    common::kit::ime_commit_with_enter(&mut h, "shier", "１２");
    h.run();
    assert_eq!(h.state().grid.selected, Some(cell("t3.R1.natural")), "the cursor stays");
    assert!(h.state().grid.editing.is_some(), "still editing");
    // The next Enter commits.
    press(&mut h, Key::Enter);
    assert_eq!(value(&h, "t3.R1.natural"), Some(12));
    assert_eq!(h.state().grid.selected, Some(cell("t3.R2.natural")));
}

#[test]
fn undo_and_redo_restore_values() {
    let dir = TempDir::new("ed-undo");
    let mut h = harness(editor_with(example(), None, &dir, ScriptedDialogs::default()));
    h.run();
    click_cell(&mut h, "t4.review.upheld");
    type_text(&mut h, "2");
    press(&mut h, Key::Enter);
    assert_eq!(value(&h, "t4.review.total"), Some(2));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(value(&h, "t4.review.upheld"), Some(0));
    assert_eq!(value(&h, "t4.review.total"), Some(0));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(value(&h, "t4.review.upheld"), Some(2));
    // Through the menu as well.
    h.get_by_label("编辑").click();
    h.run();
    h.get_by_label("撤销 Ctrl+Z").click();
    h.run();
    assert_eq!(value(&h, "t4.review.upheld"), Some(0));
}

#[test]
fn text_edits_are_one_undo_step_and_do_not_fight_the_text_box() {
    let dir = TempDir::new("ed-text");
    let mut h = harness(editor_with(example(), None, &dir, ScriptedDialogs::default()));
    h.run();
    // An earlier document edit that must survive Ctrl+Z pressed inside a text box.
    edit(&mut h, &Edit::SetCell { cell: cell("t2.licensing"), value: Some(7) });
    h.state_mut().view = View::TitleBlock;
    h.run();
    let before = h.state().doc.report.preamble[1].clone();
    let at = h
        .query_all_by_value(&before)
        .find(|n| n.accesskit_node().role() == egui::Role::MultilineTextInput)
        .map(|n| n.rect().center())
        .expect("the paragraph's text box");
    {
        let ev = &mut h.input_mut().events;
        ev.push(Event::PointerMoved(at));
        ev.push(Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::NONE,
        });
        ev.push(Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::NONE,
        });
    }
    h.run();
    h.event(Event::Key {
        key: Key::End,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND,
    });
    h.event(Event::Text("补充".into()));
    h.run();
    assert!(h.state().doc.report.preamble[1].ends_with("补充"), "typed into the report");
    // Ctrl+Z inside the box undoes the typing there and leaves the document's history alone.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().doc.report.preamble[1], before, "the text box's own undo");
    assert_eq!(value(&h, "t2.licensing"), Some(7), "the document undo did not fire");
    // Typing again and leaving the box makes the change one undo step of the document.
    h.event(Event::Text("再补充".into()));
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().doc.report.preamble[1].contains("再补充"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().doc.report.preamble[1], before);
    assert_eq!(value(&h, "t2.licensing"), Some(7), "one step: only the text");
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let dir = TempDir::new("ed-close");
    let path = dir.path("r.ron");
    nianbao::io::save(&path, &example()).unwrap();
    let mut h = harness(editor_with(example(), Some(path.clone()), &dir, ScriptedDialogs::default()));
    h.run();
    click_cell(&mut h, "t2.licensing");
    type_text(&mut h, "3");
    press(&mut h, Key::Enter);
    assert!(h.state().doc.is_dirty());
    assert!(h.state().window_title().contains('●'));
    h.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().events.push(egui::ViewportEvent::Close);
    h.run();
    assert!(matches!(h.state().dialog, Some(Dialog::Unsaved(Pending::Close))));
    assert!(h.query_by_label("不保存").is_some());
    h.get_by_label("取消").click();
    h.run();
    assert!(h.state().dialog.is_none());
    assert!(!h.state().close_requested);
    // 保存 writes the file, then closes.
    h.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().events.push(egui::ViewportEvent::Close);
    h.run();
    h.get_by_label("保存").click();
    h.step();
    assert_eq!(nianbao::io::load(&path).unwrap().tables.get(cell("t2.licensing")), Some(3));
    assert!(!h.state().doc.is_dirty());
}

#[test]
fn new_and_open_ask_about_unsaved_changes() {
    let dir = TempDir::new("ed-new");
    let mut h = harness(editor_with(example(), None, &dir, ScriptedDialogs::default()));
    h.run();
    edit(&mut h, &Edit::SetField { field: Field::Title, text: "x".into() });
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    assert!(matches!(h.state().dialog, Some(Dialog::Unsaved(Pending::New))));
    h.get_by_label("不保存").click();
    h.run();
    assert!(matches!(h.state().dialog, Some(Dialog::NewReport { .. })));
    h.get_by_label("机关全称：").click();
    h.run();
    h.get_by_label("机关全称：").type_text("金砂镇人民政府");
    h.run();
    h.get_by_label("创建").click();
    h.run();
    assert!(h.state().dialog.is_none());
    let r = &h.state().doc.report;
    assert_eq!(r.title, format!("金砂镇人民政府{}年政府信息公开工作年度报告", r.year));
}

#[test]
fn a_malformed_file_shows_an_error_and_keeps_the_current_report() {
    let dir = TempDir::new("ed-bad");
    let bad = dir.path("bad.ron");
    std::fs::write(&bad, "(format_version: 1, agency: \"x\", year: -5)").unwrap();
    let dialogs = ScriptedDialogs { open: vec![Some(bad.clone())], ..Default::default() };
    let mut h = harness(editor_with(example(), None, &dir, dialogs));
    h.run();
    let before = h.state().doc.report.clone();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    match &h.state().dialog {
        Some(Dialog::Error(m)) => {
            assert!(m.contains("无法打开") && m.contains("第 1 行") && m.contains("当前的年报没有受到影响"), "{m}")
        }
        other => panic!("expected an error dialog, got {other:?}"),
    }
    assert_eq!(h.state().doc.report, before);
    h.get_by_label("确定").click();
    h.run();
    assert!(h.state().dialog.is_none());
}

#[test]
fn dropping_a_file_opens_it() {
    #[derive(Debug)]
    struct Dropped(PathBuf);
    impl egui::DroppedFile for Dropped {
        fn path(&self) -> &std::path::Path {
            &self.0
        }
        fn bytes(&self) -> Result<Vec<u8>, String> {
            std::fs::read(&self.0).map_err(|e| e.to_string())
        }
    }
    let dir = TempDir::new("ed-drop");
    let other = dir.path("2025.ron");
    let mut r = example();
    r.year = 2025;
    nianbao::io::save(&other, &r).unwrap();
    let mut h = harness(editor_with(example(), None, &dir, ScriptedDialogs::default()));
    h.run();
    h.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(other.clone())));
    h.run();
    assert_eq!(h.state().doc.report.year, 2025);
    assert_eq!(h.state().doc.path.as_deref(), Some(other.as_path()));
}

#[test]
fn save_as_writes_the_file_and_clears_the_mark() {
    let dir = TempDir::new("ed-saveas");
    let target = dir.path("金砂镇2024");
    let dialogs = ScriptedDialogs { save: vec![Some(target.clone())], ..Default::default() };
    let mut h = harness(editor_with(example(), None, &dir, dialogs));
    h.run();
    edit(&mut h, &Edit::SetField { field: Field::DocNumber, text: "金政〔2025〕3号".into() });
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let written = dir.path("金砂镇2024.ron");
    assert_eq!(nianbao::io::load(&written).unwrap().doc_number, "金政〔2025〕3号");
    assert!(!h.state().doc.is_dirty());
    assert!(h.state().window_title().starts_with("金砂镇2024.ron — "));
}

#[test]
fn autosave_and_recovery_after_a_crash() {
    let dir = TempDir::new("ed-recover");
    {
        let mut h = harness(editor_with(example(), None, &dir, ScriptedDialogs::default()));
        h.run();
        edit(&mut h, &Edit::SetField { field: Field::Signer, text: "停电前的修改".into() });
        // The frame loop writes the recovery copy a few seconds after the change.
        for _ in 0..20 {
            h.step();
        }
        let copies = std::fs::read_dir(&Paths::under(&dir.0).data)
            .map(|d| d.flatten().filter(|e| e.file_name().to_string_lossy().ends_with(".ron")).count())
            .unwrap_or(0);
        assert_eq!(copies, 1, "written without any exit");
        // The process dies here: no save, no clean exit.
    }
    let mut h = harness(editor_with(example(), None, &dir, ScriptedDialogs::default()));
    h.run();
    assert!(matches!(h.state().dialog, Some(Dialog::Recovery(_))));
    h.get_by_label("恢复").click();
    h.run();
    assert_eq!(h.state().doc.report.signer, "停电前的修改");
    assert!(h.state().doc.is_dirty(), "restored work must still be saved");
}

#[test]
fn export_pdf_is_gated_and_offers_the_folder() {
    let dir = TempDir::new("ed-export");
    let pdf = dir.path("out.pdf");
    let draft = dir.path("draft.pdf");
    let dialogs = ScriptedDialogs { save: vec![Some(pdf.clone()), Some(draft.clone())], ..Default::default() };
    // A tidy report (the example's 文号 with its number): nothing unfinished is listed first.
    let mut r = example();
    r.doc_number = "金政〔2025〕3号".into();
    let mut h = harness(editor_with(r, None, &dir, dialogs));
    h.run();
    h.state_mut().settings_mut_for_tests().bundled_fonts_only = true;
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    assert!(matches!(h.state().dialog, Some(Dialog::Info { .. })), "{:?}", h.state().dialog);
    assert!(pdf.exists());
    h.get_by_label("打开所在文件夹").click();
    h.run();
    // A table error blocks the final version and offers a draft.
    edit(&mut h, &Edit::SetCell { cell: cell("t4.review.total"), value: Some(4) });
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    assert!(matches!(h.state().dialog, Some(Dialog::ExportBlocked { .. })));
    assert!(h.query_all_by_label_contains("T4-01").count() >= 1);
    h.get_by_label("导出草稿…").click();
    h.run();
    assert!(draft.exists());
}

#[test]
fn headings_change_only_through_an_explicit_action_and_can_be_restored() {
    let dir = TempDir::new("ed-heading");
    let mut h = harness(editor_with(example(), None, &dir, ScriptedDialogs::default()));
    h.run();
    assert!(h.state().is_enabled(nianbao::ui::command::Command::RestoreHeadings));
    h.state_mut().run(nianbao::ui::command::Command::RestoreHeadings);
    h.run();
    assert_eq!(h.state().doc.report.sections[1].heading, "二、主动公开政府信息情况");
    assert!(!h.query_all_by_label_contains(" S02 ").any(|_| true));
    h.state_mut().doc.undo();
    h.run();
    assert!(has_finding(&h, "S02"));
}

#[test]
fn next_year_from_last_years_file_and_cross_year_checks_while_editing() {
    let dir = TempDir::new("ed-next");
    let last_path = dir.path("2024.ron");
    let mut last = example();
    common::set(&mut last, "t3.R1.natural", 2);
    common::set(&mut last, "t3.R3_1.natural", 1);
    common::set(&mut last, "t3.R4.natural", 1);
    nianbao::io::save(&last_path, &last).unwrap();
    let dialogs = ScriptedDialogs { open: vec![Some(last_path.clone())], ..Default::default() };
    let mut h = harness(editor_with(example(), None, &dir, dialogs));
    h.run();
    h.state_mut().run(nianbao::ui::command::Command::NextYear);
    h.run();
    let r = &h.state().doc.report;
    assert_eq!(r.year, 2025);
    assert_eq!(r.tables.get(cell("t3.R2.natural")), Some(1), "上年结转 from last year's row 四");
    assert_eq!(r.tables.get(cell("t3.R1.natural")), None);
    assert!(h.state().show_previous);
    assert!(h.state().doc.is_dirty());
    // Changing 上年结转 breaks Y01 at once.
    click_cell(&mut h, "t3.R2.natural");
    type_text(&mut h, "3");
    press(&mut h, Key::Enter);
    assert!(has_finding(&h, "Y01"));
    // Last year's numbers are there to be shown beside this year's.
    let prev = h.state().doc.report.previous.clone().expect("last year");
    assert_eq!(prev.tables.display(cell("t3.R4.natural")), "1");
    assert_eq!(prev.tables.display(cell("t3.R1.total")), "2");
}

#[test]
fn importing_a_word_report_replaces_the_report_and_shows_what_was_mapped() {
    let dir = TempDir::new("ed-import");
    let src = dir.path("2024年报.docx");
    std::fs::write(&src, common::docx::docx(&common::docx::report_blocks(&example()))).unwrap();
    let dialogs = ScriptedDialogs { open: vec![Some(src)], ..Default::default() };
    let mut start = example();
    start.year = 2030;
    let mut h = harness(editor_with(start, None, &dir, dialogs));
    h.run();
    h.state_mut().run(nianbao::ui::command::Command::Import);
    h.run();
    assert_eq!(h.state().doc.report, example());
    match &h.state().dialog {
        Some(Dialog::Listing(l)) => assert!(l.text().contains("表三：25行中已导入25行"), "{}", l.text()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn closing_while_recovery_is_offered_keeps_the_copy() {
    let dir = TempDir::new("ed-recover-close");
    {
        let mut h = harness(editor_with(example(), None, &dir, ScriptedDialogs::default()));
        h.run();
        edit(&mut h, &Edit::SetField { field: Field::Signer, text: "未保存的修改".into() });
        h.state_mut().autosave_now().expect("autosave");
    }
    {
        let mut h = harness(editor_with(example(), None, &dir, ScriptedDialogs::default()));
        h.run();
        assert!(matches!(h.state().dialog, Some(Dialog::Recovery(_))));
        // The clerk is unsure and closes the program.
        h.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().events.push(egui::ViewportEvent::Close);
        h.step();
    }
    let mut h = harness(editor_with(example(), None, &dir, ScriptedDialogs::default()));
    h.run();
    assert!(matches!(h.state().dialog, Some(Dialog::Recovery(_))), "still offered next time");
}

#[test]
fn two_windows_do_not_take_each_others_copy() {
    let dir = TempDir::new("ed-two");
    let mut a = harness(editor_with(example(), None, &dir, ScriptedDialogs::default()));
    a.run();
    edit(&mut a, &Edit::SetField { field: Field::Signer, text: "窗口一".into() });
    a.state_mut().autosave_now().expect("autosave");
    // A second window started while the first runs offers nothing.
    let mut b = harness(editor_with(example(), None, &dir, ScriptedDialogs::default()));
    b.run();
    assert!(b.state().dialog.is_none());
}

#[test]
fn a_number_typed_but_not_confirmed_is_saved_with_the_report() {
    let dir = TempDir::new("ed-pending");
    let path = dir.path("r.ron");
    nianbao::io::save(&path, &example()).unwrap();
    let mut h = harness(editor_with(example(), Some(path.clone()), &dir, ScriptedDialogs::default()));
    h.run();
    click_cell(&mut h, "t2.licensing");
    type_text(&mut h, "3");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert_eq!(nianbao::io::load(&path).unwrap().tables.get(cell("t2.licensing")), Some(3));
    // A refused entry blocks the command and stays on screen.
    click_cell(&mut h, "t2.punishment");
    type_text(&mut h, "x");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(h.state().grid.editing.is_some());
    assert!(h.state().grid.error.clone().unwrap_or_default().contains("应为非负整数"));
    // Switching parts in the outline commits too.
    press(&mut h, Key::Escape);
    click_cell(&mut h, "t2.coercion");
    type_text(&mut h, "4");
    h.get_by_label("标题、前言与落款").click();
    h.run();
    assert_eq!(value(&h, "t2.coercion"), Some(4));
}

#[test]
fn the_report_year_can_be_typed() {
    let dir = TempDir::new("ed-year");
    let mut h = harness(editor_with(example(), None, &dir, ScriptedDialogs::default()));
    h.run();
    h.get_by_label("报告年度：").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_label("报告年度：").type_text("2025");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().doc.report.year, 2025);
}

/// Issue 12: the text checks' findings lead to their paragraph. The example's X17 (the seed's own
/// “申请,也没有”) and an X16 put into another section are clicked in the checks panel.
#[test]
fn clicking_a_text_finding_goes_to_its_paragraph() {
    use nianbao::model::checks::{Location, check};
    let dir = TempDir::new("ed-text-finding");
    let mut report = example();
    // A repeated word (X16) in a paragraph of section 五.
    let s = 4;
    let block = (report.sections[s].blocks.iter())
        .position(|b| b.is_paragraph() && b.text().contains("工作"))
        .expect("a paragraph in 五 that says 工作");
    let text = report.sections[s].blocks[block].text().to_owned();
    let doubled = text.replacen("工作", "工作工作", 1);
    assert_ne!(doubled, text, "the paragraph has a word to double");
    *report.sections[s].blocks[block].text_mut() = doubled;
    let findings = check(&report, None);
    let at =
        |rule: &str| findings.iter().find(|f| f.rule == rule).map(|f| f.location).unwrap_or_else(|| panic!("{rule}"));
    let (x17, x16) = (at("X17"), at("X16"));
    assert!(matches!(x17, Location::Block(0, _)), "{x17:?}");
    assert_eq!(x16, Location::Block(s, block));

    let mut h = harness(editor_with(report, None, &dir, ScriptedDialogs::default()));
    h.run();
    for (rule, want, section) in [("X17", x17, 0), ("X16", x16, s)] {
        h.get_by_label_contains(&format!(" {rule} ")).click_accesskit();
        h.run();
        assert_eq!(h.state().view, View::Section(section), "{rule}");
        assert_eq!(h.state().highlight, Some(want), "{rule}");
    }
}
