//! The editor a clerk cannot get lost in (issue 13, items 3–17), driven as a clerk would
//! (egui_kittest, no GPU): the grid keeps the cursor in view, refused entries are said beside
//! the cell, the keyboard follows F8 and finding clicks, Enter starts a paragraph, places are
//! said in words, the export lists are clickable, right-click menus, 查找, the 新建年报 form and
//! Tab that never reaches the menu bar.

mod common;

use common::{TempDir, example};
use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use nianbao::model::edit::{BlockRef, Edit, List};
use nianbao::model::{Block, CellId, Location, Report, Severity};
use nianbao::ui::action::Action;
use nianbao::ui::command::Command;
use nianbao::ui::files::ScriptedDialogs;
use nianbao::ui::settings::Paths;
use nianbao::ui::{Dialog, Document, Editor, View, cell_label};

const HEIGHT: f32 = 768.0;

fn harness_with(report: Report, dir: &TempDir, dialogs: ScriptedDialogs) -> Harness<'static, Editor> {
    let editor = Editor::new(Document::new(report, None), Paths::under(&dir.0), Box::new(dialogs));
    let mut h = common::kit::build(common::kit::builder().with_size([1366.0, HEIGHT]).with_step_dt(1.0 / 60.0), editor);
    h.run();
    h
}

fn harness(report: Report, dir: &TempDir) -> Harness<'static, Editor> {
    harness_with(report, dir, ScriptedDialogs::default())
}

fn cell(key: &str) -> CellId {
    CellId::from_key(key).unwrap_or_else(|| panic!("{key}"))
}

fn cell_rect(h: &Harness<'_, Editor>, key: &str) -> egui::Rect {
    h.get_by_role_and_label(egui::Role::Cell, &cell_label(cell(key))).rect()
}

fn click_cell(h: &mut Harness<'_, Editor>, key: &str) {
    let c = cell(key);
    let section = h.state().doc.report.table_section(c.decl().table).expect("section");
    h.state_mut().view = View::Section(section);
    h.run();
    h.get_by_role_and_label(egui::Role::Cell, &cell_label(c)).click_accesskit();
    h.run();
}

fn press(h: &mut Harness<'_, Editor>, key: Key) {
    h.key_press(key);
    h.run();
}

fn type_text(h: &mut Harness<'_, Editor>, text: &str) {
    h.event(Event::Text(text.into()));
    h.run();
}

fn click_at(h: &mut Harness<'_, Editor>, pos: Pos2, button: PointerButton) {
    {
        let ev = &mut h.input_mut().events;
        ev.push(Event::PointerMoved(pos));
        for pressed in [true, false] {
            ev.push(Event::PointerButton { pos, button, pressed, modifiers: Modifiers::NONE });
        }
    }
    h.run();
}

fn on_screen(r: egui::Rect) -> bool {
    r.top() >= 0.0 && r.bottom() <= HEIGHT
}

fn texts(h: &Harness<'_, Editor>, s: usize) -> Vec<String> {
    h.state().doc.report.sections[s].blocks.iter().map(|b| b.text().to_owned()).collect()
}

fn text_box(h: &Harness<'_, Editor>, text: &str) -> egui::Rect {
    h.query_all_by_value(text)
        .find(|n| n.accesskit_node().role() == egui::Role::MultilineTextInput)
        .map(|n| n.rect())
        .unwrap_or_else(|| panic!("no text box shows “{text}”"))
}

/// The example with blank cells in each table: S05 errors in reading order.
fn with_errors() -> Report {
    let mut r = example();
    for k in ["t2.reg.made", "t3.R1.natural", "t4.review.total"] {
        r.tables.set(cell(k), None);
    }
    r
}

/// The example with section 六 replaced by `blocks`, shown.
fn section_six(blocks: Vec<Block>, dir: &TempDir) -> Harness<'static, Editor> {
    let mut r = example();
    r.sections[5].blocks = blocks;
    let mut h = harness(r, dir);
    h.state_mut().view = View::Section(5);
    h.run();
    h
}

fn end_of(h: &mut Harness<'_, Editor>, text: &str) {
    let at = text_box(h, text).center();
    click_at(h, at, PointerButton::Primary);
    common::kit::key_event(h, Key::End, Modifiers::COMMAND);
    h.run();
}

// ---------------------------------------------------------------------------------------------
// 3. The grid keeps the cursor in view; the outline's 表三 shows the table's top.

fn selected_rect(h: &Harness<'_, Editor>) -> (egui::Rect, String) {
    let sel = h.state().grid.selected.expect("a cell is selected");
    (h.get_by_role_and_label(egui::Role::Cell, &cell_label(sel)).rect(), sel.decl().key.clone())
}

#[test]
fn the_grid_scrolls_to_the_selected_cell_and_the_outline_shows_a_tables_top() {
    let dir = TempDir::new("ux-scroll");
    let mut h = harness(example(), &dir);
    // Arrows: 20 rows down 表三, the cursor stays in view at every step.
    click_cell(&mut h, "t3.R1.natural");
    for i in 0..20 {
        press(&mut h, Key::ArrowDown);
        let (r, key) = selected_rect(&h);
        assert!(on_screen(r), "after {} ↓ the selected cell {key} is on screen: {r:?}", i + 1);
    }
    let (_, key) = selected_rect(&h);
    assert!(cell(&key).decl().row >= 15, "the cursor went down the table: {key}");
    // Jumps (a finding click, 查找) both ways.
    for target in ["t3.R1.natural", "t3.R4.other_org", "t3.R1.natural"] {
        h.state_mut().apply(Action::GoTo(Location::Cell(cell(target)), vec![]));
        h.run();
        assert!(on_screen(cell_rect(&h, target)), "a jump to {target} shows it: {:?}", cell_rect(&h, target));
    }
    // Enter in the cell's text box: type a number, Enter, down the column.
    for i in 0..20 {
        type_text(&mut h, "7");
        press(&mut h, Key::Enter);
        let (r, key) = selected_rect(&h);
        assert!(on_screen(r), "after {} entries the selected cell {key} is on screen: {r:?}", i + 1);
    }
    assert_eq!(h.state().doc.report.tables.get(cell("t3.R3_5_5.natural")), Some(7), "the 20th entry was stored");
    // Tab: across the rows, in reading order, from the top.
    h.state_mut().apply(Action::GoTo(Location::Cell(cell("t3.R1.natural")), vec![]));
    h.run();
    for i in 0..100 {
        press(&mut h, Key::Tab);
        let (r, key) = selected_rect(&h);
        assert!(on_screen(r), "after {} Tab the selected cell {key} is on screen: {r:?}", i + 1);
    }
    let (_, key) = selected_rect(&h);
    assert!(cell(&key).decl().row >= 12, "Tab went down the table: {key}");
    // The outline's 表三 shows the top of the table: its title and header rows above the first
    // row, all in view.
    h.state_mut().view = View::TitleBlock;
    h.run();
    h.get_by_label("表三").click();
    h.run();
    assert_eq!(h.state().view, View::Section(2));
    let first = cell_rect(&h, "t3.R1.natural");
    // The outline's entry is the leftmost 表三; the table's title is to its right.
    let mut all: Vec<egui::Rect> = h.query_all_by_label("表三").map(|n| n.rect()).collect();
    all.sort_by(|a, b| a.left().total_cmp(&b.left()));
    let titles = &all[1..];
    assert!(!titles.is_empty(), "the table's own title 表三 is drawn");
    assert!(titles.iter().all(|t| t.top() >= 0.0 && t.bottom() < first.top()), "{titles:?} above {first:?}");
    assert!(on_screen(first) && first.top() < HEIGHT * 0.6, "the table's first row is in view: {first:?}");
}

#[test]
fn a_click_on_the_sticky_header_does_not_select_the_cell_hidden_under_it() {
    let dir = TempDir::new("ux-sticky-click");
    let mut h = harness(example(), &dir);
    click_cell(&mut h, "t3.R1.natural");
    // Unscrolled: the page starts at the section's heading; the header rows lie between the
    // table's title and its first row.
    // (The outline names the section too: the page's heading is the rightmost.)
    let page_top = h
        .query_all_by_label("三、收到和处理政府信息公开申请情况")
        .map(|n| n.rect())
        .max_by(|a, b| a.left().total_cmp(&b.left()))
        .expect("the heading")
        .top();
    let mut titles: Vec<egui::Rect> = h.query_all_by_label("表三").map(|n| n.rect()).collect();
    titles.sort_by(|a, b| a.left().total_cmp(&b.left()));
    let title = titles.last().copied().expect("the table's title");
    let header_h = cell_rect(&h, "t3.R1.natural").top() - title.bottom();
    assert!(header_h > 40.0, "{header_h}");
    for _ in 0..20 {
        press(&mut h, Key::ArrowDown);
    }
    let before = h.state().grid.selected;
    let title_now = h.query_all_by_label("表三").map(|n| n.rect()).max_by(|a, b| a.left().total_cmp(&b.left()));
    assert!(title_now.is_none_or(|t| t.bottom() <= page_top), "the table's top is scrolled away: {title_now:?}");
    // The header rows stand at the top of the page now: click in the middle of “自然人”.
    let x = cell_rect(&h, "t3.R1.natural").center().x;
    click_at(&mut h, Pos2::new(x, page_top + header_h / 2.0), PointerButton::Primary);
    assert_eq!(h.state().grid.selected, before, "no cell under the header was selected");
    // A cell clicked half under the header comes fully into view.
    let visible: Vec<(String, egui::Rect)> = (0..nianbao::model::tables::t3::ROWS)
        .map(|r| CellId::t3(r, 0))
        .filter(|c| !c.decl().derived)
        .map(|c| (c.decl().key.clone(), h.get_by_role_and_label(egui::Role::Cell, &cell_label(c)).rect()))
        .filter(|(_, r)| r.bottom() > page_top + header_h + 4.0)
        .collect();
    let (key, first) = visible.first().cloned().expect("a row below the header");
    assert!(first.top() < page_top + header_h, "{key} is half under the header: {first:?}");
    click_at(&mut h, Pos2::new(x, first.bottom() - 2.0), PointerButton::Primary);
    assert_eq!(h.state().grid.selected, Some(cell(&key)));
    let now = cell_rect(&h, &key);
    assert!(now.top() >= page_top + header_h - 1.0, "{key} came out from under the header: {now:?}");
}

#[test]
fn f8_to_a_cell_at_the_bottom_of_a_table_scrolls_it_into_view() {
    let dir = TempDir::new("ux-scroll-f8");
    let mut r = example();
    r.tables.set(cell("t3.R4.natural"), None);
    let mut h = harness(r, &dir);
    h.state_mut().view = View::Section(2);
    h.run();
    h.key_press(Key::F8);
    h.run();
    assert_eq!(h.state().grid.selected, Some(cell("t3.R4.natural")), "F8 went to the blank cell: {}", h.state().status);
    let r = cell_rect(&h, "t3.R4.natural");
    assert!(on_screen(r), "and it is on screen: {r:?}");
}

// ---------------------------------------------------------------------------------------------
// 4. A refused entry is said beside the cell and in the status bar; the table does not move.

#[test]
fn a_refused_entry_is_shown_beside_the_cell_without_moving_the_table() {
    let dir = TempDir::new("ux-refused");
    let mut h = harness(example(), &dir);
    click_cell(&mut h, "t3.R2.natural");
    let before = cell_rect(&h, "t3.R1.natural");
    let at = cell_rect(&h, "t3.R2.natural");
    type_text(&mut h, "十二");
    press(&mut h, Key::Enter);
    let error = h.state().grid.error.clone().expect("the entry is refused");
    assert_eq!(h.state().doc.report.tables.get(cell("t3.R2.natural")), Some(0), "nothing stored");
    let notes: Vec<egui::Rect> = h.query_all_by_label(&error).map(|n| n.rect()).collect();
    assert!(!notes.is_empty(), "the reason is shown: {error}");
    assert!(
        notes.iter().any(|n| (n.top() - at.bottom()).abs() < 30.0 && n.left() < at.right()),
        "the reason stands right under the cell {at:?}: {notes:?}"
    );
    assert!(h.query_all_by_label_contains("未接受：").next().is_some(), "and in the status bar");
    assert_eq!(cell_rect(&h, "t3.R1.natural"), before, "the table did not move");
}

// ---------------------------------------------------------------------------------------------
// 5. The keyboard follows F8 and finding clicks; F8 goes in reading order, errors first.

#[test]
fn after_a_finding_click_typing_goes_to_that_paragraph_or_cell() {
    let dir = TempDir::new("ux-focus");
    let mut h = section_six(vec![Block::Paragraph("甲段。".into()), Block::Paragraph("乙段。".into())], &dir);
    h.state_mut().view = View::TitleBlock;
    h.run();
    h.state_mut().apply(Action::GoTo(Location::Block(5, 1), vec![]));
    h.run();
    h.run();
    assert_eq!(h.state().view, View::Section(5));
    common::kit::key_event(&mut h, Key::End, Modifiers::COMMAND);
    type_text(&mut h, "补");
    assert_eq!(texts(&h, 5), ["甲段。", "乙段。补"], "typing went into the paragraph reached");
    // A cell reached: typing goes into the cell, not into the paragraph that had the keyboard.
    h.state_mut().apply(Action::GoTo(Location::Cell(cell("t3.R2.natural")), vec![]));
    h.run();
    h.run();
    type_text(&mut h, "4");
    press(&mut h, Key::Enter);
    assert_eq!(h.state().doc.report.tables.get(cell("t3.R2.natural")), Some(4));
    assert_eq!(texts(&h, 5), ["甲段。", "乙段。补"]);
}

#[test]
fn f8_goes_to_the_next_error_in_reading_order_before_any_warning() {
    let dir = TempDir::new("ux-f8");
    let mut h = harness(with_errors(), &dir);
    let r = h.state().doc.report.clone();
    let findings = nianbao::model::check(&r, None);
    assert!(findings.iter().any(|f| f.severity == Severity::Error), "the report has errors");
    let mut seen = Vec::new();
    for _ in 0..3 {
        h.state_mut().run(Command::NextFinding);
        h.run();
        let status = h.state().status.clone();
        assert!(status.starts_with("错误"), "errors first: {status}");
        assert!(!status.contains("section."), "{status}");
        seen.push(status);
    }
    // Each F8 goes on from where the last one went: not the same place again and again.
    assert_ne!(seen[0], seen[1]);
}

// ---------------------------------------------------------------------------------------------
// 6. Enter starts a new paragraph, Shift+Enter breaks the line, the IME's Enter stays inside.

#[test]
fn enter_starts_a_paragraph_shift_enter_breaks_the_line_and_the_ime_enter_stays() {
    let dir = TempDir::new("ux-enter");
    let mut h = section_six(vec![Block::Paragraph("甲段。".into()), Block::Paragraph("乙段。".into())], &dir);
    end_of(&mut h, "甲段。");
    press(&mut h, Key::Enter);
    assert_eq!(texts(&h, 5), ["甲段。", "", "乙段。"], "Enter at the end starts a paragraph below");
    h.run();
    type_text(&mut h, "新段");
    assert_eq!(texts(&h, 5), ["甲段。", "新段", "乙段。"], "and the keyboard is in it");
    h.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    h.run();
    type_text(&mut h, "续");
    assert_eq!(texts(&h, 5), ["甲段。", "新段\n续", "乙段。"], "Shift+Enter breaks the line");
    // The Enter that commits an input-method candidate stays inside the paragraph: the
    // composition, the commit and its Enter in one frame, as egui-winit delivers them.
    common::kit::ime_commit_with_enter(&mut h, "ni", "你");
    h.run();
    let t = texts(&h, 5);
    assert_eq!(t.len(), 3, "no paragraph from the IME's Enter: {t:?}");
    assert!(t[1].ends_with('你'), "{t:?}");
}

#[test]
fn splitting_a_paragraph_with_enter_is_one_undo_step() {
    let dir = TempDir::new("ux-split-undo");
    let mut h = section_six(vec![Block::Paragraph("甲段。乙段。".into()), Block::Paragraph("丙段。".into())], &dir);
    end_of(&mut h, "甲段。乙段。");
    for _ in 0..3 {
        press(&mut h, Key::ArrowLeft);
    }
    press(&mut h, Key::Enter);
    h.run();
    assert_eq!(texts(&h, 5), ["甲段。", "乙段。", "丙段。"], "Enter split the paragraph at the caret");
    // One Ctrl+Z, at once (the keyboard is in the new paragraph), joins it again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(texts(&h, 5), ["甲段。乙段。", "丙段。"], "one Ctrl+Z restores the unsplit paragraph");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(texts(&h, 5), ["甲段。", "乙段。", "丙段。"], "and Ctrl+Y splits it again, in one step too");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(texts(&h, 5), ["甲段。乙段。", "丙段。"]);
    // Typing, then Enter at the end: one Ctrl+Z takes the new paragraph away and keeps the
    // typing (its own step).
    end_of(&mut h, "丙段。");
    type_text(&mut h, "补");
    press(&mut h, Key::Enter);
    h.run();
    assert_eq!(texts(&h, 5), ["甲段。乙段。", "丙段。补", ""]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(texts(&h, 5), ["甲段。乙段。", "丙段。补"], "the new paragraph went, the typing stayed");
}

#[test]
fn after_ctrl_z_joins_a_split_paragraph_typing_goes_to_the_join() {
    let dir = TempDir::new("ux-split-undo-caret");
    let mut h = section_six(vec![Block::Paragraph("甲段。乙段。".into()), Block::Paragraph("丙段。".into())], &dir);
    end_of(&mut h, "甲段。乙段。");
    for _ in 0..3 {
        press(&mut h, Key::ArrowLeft);
    }
    press(&mut h, Key::Enter);
    h.run();
    assert_eq!(texts(&h, 5), ["甲段。", "乙段。", "丙段。"]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.run();
    assert_eq!(texts(&h, 5), ["甲段。乙段。", "丙段。"]);
    // The keyboard is back in the rejoined paragraph, the caret where Enter split it.
    let joined = h
        .query_all_by_value("甲段。乙段。")
        .find(|n| n.accesskit_node().role() == egui::Role::MultilineTextInput)
        .expect("the rejoined paragraph's box");
    assert!(joined.is_focused(), "the rejoined paragraph has the keyboard");
    type_text(&mut h, "＋");
    assert_eq!(texts(&h, 5), ["甲段。＋乙段。", "丙段。"], "typing goes to the join point");
    // Ctrl+Z then takes the typing away first (the box's own undo).
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(texts(&h, 5), ["甲段。乙段。", "丙段。"]);
}

#[test]
fn ctrl_y_after_a_rejoin_splits_again_with_the_keyboard_in_the_new_paragraph() {
    let dir = TempDir::new("ux-split-redo-caret");
    let mut h = section_six(vec![Block::Paragraph("甲段。乙段。".into())], &dir);
    end_of(&mut h, "甲段。乙段。");
    for _ in 0..3 {
        press(&mut h, Key::ArrowLeft);
    }
    press(&mut h, Key::Enter);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    h.run();
    assert_eq!(texts(&h, 5), ["甲段。", "乙段。"]);
    type_text(&mut h, "＋");
    assert_eq!(texts(&h, 5), ["甲段。", "＋乙段。"], "typing goes to the start of the new paragraph");
}

#[test]
fn the_guide_inside_says_so_and_keeps_a_list_item_in_one_piece() {
    let dir = TempDir::new("ux-guide-split");
    let mut h = harness(example(), &dir);
    h.state_mut().run(Command::Guide);
    h.run();
    // The item's first line and its continuation lines are one bullet, not a bullet and a
    // paragraph after it.
    let item = h.get_by_label_contains("分段分错了，马上按一次 Ctrl+Z");
    let text = item.accesskit_node().value().unwrap_or_default();
    assert!(text.starts_with("和 Word 一样") && text.contains("再按 Ctrl+Y 又分开"), "{text}");
    assert!(h.query_by_label_contains("还有 N 处没有完成").is_some(), "the list before an export is explained");
}

// ---------------------------------------------------------------------------------------------
// 7. Places in words.

#[test]
fn findings_say_their_place_in_words() {
    let dir = TempDir::new("ux-words");
    let r = with_errors();
    let h = harness(r.clone(), &dir);
    let findings = nianbao::model::check(&r, None);
    let blank = (findings.iter())
        .find(|f| f.rule == "S05" && f.location == Location::Cell(cell("t3.R1.natural")))
        .expect("S05 on the blank cell");
    let place = blank.location.describe(&r);
    assert!(place.starts_with("表三") && place.contains("自然人"), "{place}");
    assert!(!place.contains("t3."), "{place}");
    // The message already says the place in words (“表三“一、本年新收…”×“自然人”为空。”): the
    // checks panel says it once, not “place：message” with the place twice.
    assert!(blank.message.starts_with("表三“一、本年新收政府信息公开申请数量”×“自然人”"), "{}", blank.message);
    let line = h
        .query_all_by_label_contains(&blank.message)
        .map(|n| n.accesskit_node().value().unwrap_or_default().to_string())
        .next()
        .expect("the checks panel lists the blank cell");
    assert_eq!(line, format!("错误 S05  {}", blank.message), "the place is said once");
    assert!(h.query_all_by_label_contains(&place).next().is_none(), "not “{place}：…” as well");
    // A paragraph's place: 第六部分第1段, never section.6.p1.
    let para = Location::Block(5, 0).describe(&r);
    assert!(para.contains("第六部分") && !para.contains("section."), "{para}");
}

// ---------------------------------------------------------------------------------------------
// 8 and 9. The export lists: unfinished things before an official export, clickable errors.

#[test]
fn the_blocked_export_list_goes_to_each_error() {
    let dir = TempDir::new("ux-blocked");
    let mut h = harness(example(), &dir);
    h.state_mut().doc.apply(&Edit::SetCell { cell: cell("t4.review.total"), value: Some(4) }).expect("edit");
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    let Some(Dialog::ExportBlocked { findings: list, .. }) = h.state().dialog.clone() else { panic!("blocked") };
    let first = list[0].clone();
    // The T4-01 message begins with its place (“表四“行政复议”：…”): said once, after the rule.
    assert!(first.message.starts_with("表四"), "{}", first.message);
    assert!(h.query_by_label(&format!("{} {}", first.rule, first.message)).is_some(), "{first:?}");
    let place = first.location.describe(&h.state().doc.report);
    assert!(h.query_all_by_label_contains(&format!("{place}：")).next().is_none(), "not after “{place}：”");
    h.get_all_by_label("去修改").next().expect("a 去修改 button").click();
    h.run();
    h.run();
    assert!(h.state().dialog.is_none(), "the dialog closed");
    if let Location::Cell(c) = first.location {
        assert_eq!(h.state().grid.selected, Some(c));
    }
    assert_eq!(h.state().view, View::Section(3), "table 四's section is shown");
}

#[test]
fn an_official_export_first_lists_what_is_unfinished_and_can_still_go_ahead() {
    let dir = TempDir::new("ux-unfinished");
    let pdf = dir.path("out.pdf");
    let dialogs = ScriptedDialogs { save: vec![Some(pdf.clone())], ..Default::default() };
    let mut r = example();
    r.sections[5].blocks = vec![Block::Paragraph("（文字描述）".into())];
    let mut h = harness_with(r, &dir, dialogs);
    h.state_mut().settings_mut_for_tests().bundled_fonts_only = true;
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    assert!(matches!(h.state().dialog, Some(Dialog::ExportConfirm { .. })), "{:?}", h.state().dialog);
    assert!(h.query_all_by_label_contains("（文字描述）").next().is_some(), "the placeholder is listed");
    assert!(h.query_all_by_label_contains("第六部分第1段").next().is_some(), "with its place in words");
    h.get_by_label("仍然导出…").click();
    h.run();
    assert!(pdf.exists(), "the clerk can still export");
}

#[test]
fn before_exporting_the_example_its_doc_number_is_listed_goes_there_and_can_be_passed() {
    let dir = TempDir::new("ux-unfinished-example");
    let pdf = dir.path("example.pdf");
    let dialogs = ScriptedDialogs { save: vec![Some(pdf.clone())], ..Default::default() };
    let mut h = harness_with(example(), &dir, dialogs);
    h.state_mut().settings_mut_for_tests().bundled_fonts_only = true;
    h.state_mut().run(Command::ExportPdf);
    h.run();
    // The example's 文号 “金政〔2025〕 号” has no number (S09): listed before anything is written.
    let Some(Dialog::ExportConfirm { findings, .. }) = h.state().dialog.clone() else {
        panic!("the list before the export: {:?}", h.state().dialog)
    };
    let listed: Vec<(&str, Location)> = findings.iter().map(|f| (f.rule, f.location)).collect();
    assert_eq!(listed, [("S09", Location::DocNumber)]);
    assert!(h.query_by_label_contains("还有 1 处没有完成").is_some(), "the heading counts them");
    // In plain words: 待完善, its place, the message (no rule id).
    assert!(h.query_by_label("待完善　文号：正文中仍有未填写的占位内容“〔2025〕 号”。").is_some());
    assert!(!pdf.exists(), "nothing is written before the clerk decides");
    // 去修改: the dialog closes, the 文号 field is shown and has the keyboard.
    h.get_by_label("去修改").click();
    h.run();
    h.run();
    assert!(h.state().dialog.is_none());
    assert_eq!(h.state().view, View::TitleBlock);
    assert_eq!(h.state().highlight, Some(Location::DocNumber));
    assert!(h.get_by_role_and_label(egui::Role::TextInput, "文号：").is_focused(), "the 文号 field has the keyboard");
    assert!(!pdf.exists());
    // Asked again, the clerk goes ahead: 仍然导出 writes the official PDF.
    h.state_mut().run(Command::ExportPdf);
    h.run();
    h.get_by_label("仍然导出…").click();
    h.run();
    assert!(pdf.exists(), "仍然导出 wrote the file");
    assert!(
        matches!(&h.state().dialog, Some(Dialog::Info { message, .. }) if message.contains("已导出正式版")),
        "the official version, not a draft: {:?}",
        h.state().dialog
    );
}

#[test]
fn go_to_a_doc_number_without_its_number_puts_the_caret_where_the_number_goes() {
    for (doc_number, filled) in [("金政〔2025〕 号", "金政〔2025〕12号"), ("金政〔2025〕号", "金政〔2025〕12号")]
    {
        let dir = TempDir::new("ux-doc-number-caret");
        let mut r = example();
        r.doc_number = doc_number.into();
        let mut h = harness(r, &dir);
        h.state_mut().run(Command::ExportPdf);
        h.run();
        assert!(matches!(h.state().dialog, Some(Dialog::ExportConfirm { .. })), "{:?}", h.state().dialog);
        h.get_by_label("去修改").click();
        h.run();
        h.run();
        assert!(h.get_by_role_and_label(egui::Role::TextInput, "文号：").is_focused());
        // Typing fills in the number before “号” (the blank there is replaced).
        type_text(&mut h, "1");
        type_text(&mut h, "2");
        assert_eq!(h.state().doc.report.doc_number, filled, "from “{doc_number}”");
    }
}

#[test]
fn a_tidy_report_exports_without_a_list() {
    let dir = TempDir::new("ux-tidy");
    let pdf = dir.path("tidy.pdf");
    let dialogs = ScriptedDialogs { save: vec![Some(pdf.clone())], ..Default::default() };
    let mut r = example();
    r.doc_number = "金政〔2025〕3号".into();
    let mut h = harness_with(r, &dir, dialogs);
    h.state_mut().settings_mut_for_tests().bundled_fonts_only = true;
    h.state_mut().run(Command::ExportPdf);
    h.run();
    assert!(matches!(h.state().dialog, Some(Dialog::Info { .. })), "{:?}", h.state().dialog);
    assert!(pdf.exists());
}

// ---------------------------------------------------------------------------------------------
// 13. Right-click menus.

#[test]
fn right_click_menus_on_cells_and_paragraphs() {
    let dir = TempDir::new("ux-menus");
    let mut h = section_six(vec![Block::Paragraph("甲段。".into())], &dir);
    h.state_mut().doc.apply(&Edit::SetCell { cell: cell("t3.R2.natural"), value: None }).expect("edit");
    h.state_mut().view = View::Section(2);
    h.run();
    h.get_by_role_and_label(egui::Role::Cell, &cell_label(cell("t3.R2.natural"))).click_secondary();
    h.run();
    h.get_by_label("填0").click();
    h.run();
    assert_eq!(h.state().doc.report.tables.get(cell("t3.R2.natural")), Some(0));
    h.get_by_role_and_label(egui::Role::Cell, &cell_label(cell("t3.R2.natural"))).click_secondary();
    h.run();
    h.get_by_label("清空").click();
    h.run();
    assert_eq!(h.state().doc.report.tables.stored(cell("t3.R2.natural")), None);
    // A paragraph's menu.
    h.state_mut().view = View::Section(5);
    h.run();
    let at = text_box(&h, "甲段。").center();
    click_at(&mut h, at, PointerButton::Secondary);
    // 上移, 下移 and 删除 are on the 段落 bar too: the menu adds a second one.
    for (label, n) in [("剪切", 1), ("复制", 1), ("粘贴", 1), ("上移", 2), ("下移", 2), ("删除", 2)] {
        assert!(h.query_all_by_label(label).count() >= n, "{label} in the menu");
    }
    // The menu is drawn last, over the page.
    h.get_all_by_label("下方插入").last().expect("下方插入 in the menu").click();
    h.run();
    assert_eq!(texts(&h, 5), ["甲段。", ""]);
    let at = text_box(&h, "甲段。").center();
    click_at(&mut h, at, PointerButton::Secondary);
    h.get_all_by_label("删除").last().expect("删除 in the menu").click();
    h.run();
    assert_eq!(texts(&h, 5), [""]);
}

// ---------------------------------------------------------------------------------------------
// 14. 查找.

#[test]
fn ctrl_f_finds_text_everywhere_and_steps_through_it() {
    let dir = TempDir::new("ux-find");
    let mut r = example();
    r.sections[5].blocks = vec![Block::Paragraph("第一处乌龙茶。".into()), Block::Paragraph("第二处乌龙茶。".into())];
    r.preamble = vec!["前言里的乌龙茶。".into()];
    let mut h = harness(r, &dir);
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.run();
    type_text(&mut h, "乌龙茶");
    assert!(h.query_by_label("共 3 处").is_some(), "the count is shown");
    press(&mut h, Key::Enter);
    assert!(h.query_by_label("第 1 / 3 处").is_some());
    assert_eq!(h.state().highlight, Some(Location::Preamble(0)));
    press(&mut h, Key::Enter);
    assert_eq!(h.state().highlight, Some(Location::Block(5, 0)));
    assert_eq!(h.state().view, View::Section(5));
    press(&mut h, Key::F3);
    assert_eq!(h.state().highlight, Some(Location::Block(5, 1)));
    press(&mut h, Key::F3);
    assert_eq!(h.state().highlight, Some(Location::Preamble(0)), "round again");
    // An edit that removes places: the count follows the report, and the place shown is not one
    // beyond them (never “第 3 / 2 处”).
    press(&mut h, Key::F3);
    press(&mut h, Key::F3);
    assert!(h.query_by_label("第 3 / 3 处").is_some());
    let edit = Edit::SetText { at: BlockRef::new(List::Section(5), 1), text: "第二处红茶。".into() };
    h.state_mut().doc.apply(&edit).expect("edit");
    h.run();
    assert!(h.query_by_label("共 2 处").is_some(), "the count follows the edit");
    // Labels of the tables are found too.
    h.state_mut().find.as_mut().expect("open").query = "不予公开".into();
    h.run();
    press(&mut h, Key::F3);
    assert!(matches!(h.state().grid.selected, Some(c) if c.decl().table == nianbao::model::TableId::T3));
    press(&mut h, Key::Escape);
    h.run();
}

// ---------------------------------------------------------------------------------------------
// 15. The 新建年报 form.

#[test]
fn the_new_report_form_creates_on_enter_and_its_error_goes_when_fixed() {
    let dir = TempDir::new("ux-new");
    let mut h = harness(example(), &dir);
    h.state_mut().run(Command::New);
    h.run();
    h.get_by_label("创建").click();
    h.run();
    assert!(h.query_by_label("请填写机关全称（与标题中一致）。").is_some());
    if let Some(Dialog::NewReport { agency, .. }) = h.state_mut().dialog.as_mut() {
        *agency = "青山乡人民政府".into();
    }
    h.run();
    assert!(h.query_by_label("请填写机关全称（与标题中一致）。").is_none(), "the error went once fixed");
    press(&mut h, Key::Enter);
    assert!(h.state().dialog.is_none(), "Enter created the report");
    assert_eq!(h.state().doc.report.agency, "青山乡人民政府");
}

// ---------------------------------------------------------------------------------------------
// 16. Small and large screens.

/// The width of the outline's first entry (the leftmost “标题、前言与落款”; the page may show the
/// same words as its heading).
fn outline_entry_width(h: &Harness<'_, Editor>) -> f32 {
    let mut all: Vec<egui::Rect> = h.query_all_by_label("标题、前言与落款").map(|n| n.rect()).collect();
    all.sort_by(|a, b| a.left().total_cmp(&b.left()));
    all.first().expect("the outline entry").width()
}

#[test]
fn the_outline_widens_on_a_large_screen_and_every_column_fits_a_small_one() {
    let dir = TempDir::new("ux-sizes");
    let mut h = harness(example(), &dir);
    let at_1366 = outline_entry_width(&h);
    // Opened at 1366 and then maximised on a 1920×1080 screen: the outline widens.
    h.set_size(egui::vec2(1920.0, 1080.0));
    h.run();
    let at_1920 = outline_entry_width(&h);
    assert!(at_1920 > at_1366 + 40.0, "the outline widens: {at_1366} → {at_1920}");
    // At 1024×700 the widest table (表四, 15 columns) fits between the side panels: its last
    // column stands left of the checks panel.
    h.set_size(egui::vec2(1024.0, 700.0));
    h.run();
    click_cell(&mut h, "t4.lit_after_review.pending");
    let last = cell_rect(&h, "t4.lit_after_review.total");
    let checks = h.get_by_label_contains("校验结果").rect();
    assert!(last.right() <= checks.left(), "表四's last column {last:?} is left of the checks panel {checks:?}");
    assert!(last.left() > 0.0);
}

// ---------------------------------------------------------------------------------------------
// 17. Tab goes round the form, never into the menu bar; the F8 highlight clears.

#[test]
fn tab_from_the_last_field_goes_to_the_first_not_the_menu_bar() {
    let dir = TempDir::new("ux-tab");
    let mut h = harness(example(), &dir);
    h.state_mut().apply(Action::GoTo(Location::Date, vec![]));
    h.run();
    h.run();
    assert!(
        h.query_all_by_role(egui::Role::TextInput).last().is_some_and(|n| n.is_focused()),
        "the date field has the keyboard"
    );
    press(&mut h, Key::Tab);
    assert!(
        h.query_all_by_role(egui::Role::TextInput).next().is_some_and(|n| n.is_focused()),
        "Tab from the last field went round to the first, not into the menu bar"
    );
}

#[test]
fn the_f8_highlight_clears_when_its_finding_is_fixed() {
    let dir = TempDir::new("ux-highlight");
    let mut h = section_six(vec![Block::Paragraph("（文字描述）".into())], &dir);
    let place = Location::Block(5, 0);
    h.state_mut().apply(Action::GoTo(place, vec![]));
    h.run();
    assert_eq!(h.state().highlight, Some(place));
    h.state_mut()
        .doc
        .apply(&Edit::SetText {
            at: BlockRef::new(List::Section(5), 0), text: "本机关无其他需要报告的事项。".into()
        })
        .expect("edit");
    h.run();
    h.run();
    assert_eq!(h.state().highlight, None, "fixed: the highlight is gone");
}
