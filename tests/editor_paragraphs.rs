//! Paragraph editing that must never lose the clerk's text (issue 13, items 1 and 2): a text
//! box's own undo belongs to its paragraph, not to its place on the screen, and the paragraph
//! buttons never move under the pointer between two clicks.

mod common;

use common::{TempDir, example};
use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use nianbao::model::{Block, Report};
use nianbao::ui::files::ScriptedDialogs;
use nianbao::ui::settings::Paths;
use nianbao::ui::{Document, Editor, View};

const FIRST: &str = "甲：第一段原文，讲主动公开的数量。";
const SECOND: &str = "乙：第二段原文，讲依申请公开的情况。";

fn harness(report: Report, dir: &TempDir) -> Harness<'static, Editor> {
    let editor = Editor::new(Document::new(report, None), Paths::under(&dir.0), Box::new(ScriptedDialogs::default()));
    let mut h = common::kit::build(
        // Frames at 60 Hz, as on a real screen: a clerk types within a second of clicking, before
        // a text box's own undo takes a snapshot of its own.
        common::kit::builder().with_step_dt(1.0 / 60.0),
        editor,
    );
    h.run();
    // Section 六 holds the paragraphs under test.
    h.state_mut().view = View::Section(5);
    h.run();
    h
}

/// The example with section 六 replaced by `blocks`.
fn report_with(blocks: Vec<Block>) -> Report {
    let mut r = example();
    r.sections[5].blocks = blocks;
    r
}

fn texts(h: &Harness<'_, Editor>) -> Vec<String> {
    h.state().doc.report.sections[5].blocks.iter().map(|b| b.text().to_owned()).collect()
}

/// The centre of the text box showing `text`.
fn text_box(h: &Harness<'_, Editor>, text: &str) -> Pos2 {
    h.query_all_by_value(text)
        .find(|n| n.accesskit_node().role() == egui::Role::MultilineTextInput)
        .map(|n| n.rect().center())
        .unwrap_or_else(|| panic!("no text box shows “{text}”"))
}

fn click_at(h: &mut Harness<'_, Editor>, pos: Pos2) {
    {
        let ev = &mut h.input_mut().events;
        ev.push(Event::PointerMoved(pos));
        for pressed in [true, false] {
            ev.push(Event::PointerButton { pos, button: PointerButton::Primary, pressed, modifiers: Modifiers::NONE });
        }
    }
    h.run();
}

/// Clicks into a paragraph's text box and puts the caret at its end.
fn edit_at_end(h: &mut Harness<'_, Editor>, text: &str) {
    let at = text_box(h, text);
    click_at(h, at);
    common::kit::key_event(h, Key::End, Modifiers::COMMAND);
    h.run();
}

/// Where the button labelled `label` that acts on the paragraph at `near` is: the nearest one.
fn button_near(h: &Harness<'_, Editor>, label: &str, near: Pos2) -> Pos2 {
    h.query_all_by_label(label)
        .filter(|n| n.accesskit_node().role() == egui::Role::Button)
        .map(|n| n.rect().center())
        .min_by(|a, b| (a.y - near.y).abs().total_cmp(&(b.y - near.y).abs()))
        .unwrap_or_else(|| panic!("no button {label}"))
}

#[test]
fn a_text_boxs_undo_belongs_to_its_paragraph_not_its_place() {
    let dir = TempDir::new("para-undo");
    let mut h = harness(report_with(vec![Block::Paragraph(FIRST.into()), Block::Paragraph(SECOND.into())]), &dir);
    // The clerk edits the second paragraph and leaves the box …
    edit_at_end(&mut h, SECOND);
    h.event(Event::Text("补".into()));
    h.run();
    h.key_press(Key::Escape);
    h.run();
    let second = format!("{SECOND}补");
    assert_eq!(texts(&h), [FIRST, second.as_str()]);
    // … moves it up …
    let at = text_box(&h, &second);
    let up = button_near(&h, "上移", at);
    click_at(&mut h, up);
    assert_eq!(texts(&h), [second.as_str(), FIRST], "moved up");
    // … types in the paragraph that took its old place and presses Ctrl+Z there.
    edit_at_end(&mut h, FIRST);
    h.event(Event::Text("新".into()));
    h.run();
    assert_eq!(texts(&h)[1], format!("{FIRST}新"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    // The box undoes its own typing; it never shows the other paragraph's text.
    assert_eq!(texts(&h), [second.as_str(), FIRST], "Ctrl+Z in the box undid only the typing there");
}

#[test]
fn after_the_documents_undo_a_text_box_still_undoes_only_its_own_typing() {
    let dir = TempDir::new("para-undo-move");
    let mut h = harness(report_with(vec![Block::Paragraph(FIRST.into()), Block::Paragraph(SECOND.into())]), &dir);
    edit_at_end(&mut h, SECOND);
    h.event(Event::Text("补".into()));
    h.run();
    let second = format!("{SECOND}补");
    let up = button_near(&h, "上移", text_box(&h, &second));
    click_at(&mut h, up);
    // The document's undo (no text box has the keyboard) puts the paragraphs back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(texts(&h), [FIRST, second.as_str()]);
    // Typing in the first box and pressing Ctrl+Z there gives back the first paragraph.
    edit_at_end(&mut h, FIRST);
    h.event(Event::Text("新".into()));
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(texts(&h), [FIRST, second.as_str()]);
}

#[test]
fn clicking_up_twice_never_deletes_a_paragraph() {
    let dir = TempDir::new("para-up-twice");
    let long = "乙：这一段很长。".repeat(40);
    let blocks =
        vec![Block::Subheading("（一）小标题".into()), Block::Paragraph(long.clone()), Block::Paragraph(FIRST.into())];
    let mut h = harness(report_with(blocks), &dir);
    // The clerk works in the long paragraph, then clicks 上移 twice without moving the mouse.
    edit_at_end(&mut h, &long);
    h.key_press(Key::Escape);
    h.run();
    let at = text_box(&h, &long);
    let up = button_near(&h, "上移", at);
    click_at(&mut h, up);
    assert_eq!(texts(&h)[0], long, "the first click moved the paragraph up");
    click_at(&mut h, up);
    let t = texts(&h);
    assert_eq!(t.len(), 3, "nothing was deleted: {t:?}");
    assert_eq!(t, [long.as_str(), "（一）小标题", FIRST]);
}

#[test]
fn a_deletion_says_how_to_undo_it() {
    let dir = TempDir::new("para-delete");
    let mut h = harness(report_with(vec![Block::Paragraph(FIRST.into()), Block::Paragraph(SECOND.into())]), &dir);
    edit_at_end(&mut h, SECOND);
    h.key_press(Key::Escape);
    h.run();
    let at = text_box(&h, SECOND);
    let delete = button_near(&h, "删除", at);
    click_at(&mut h, delete);
    assert_eq!(texts(&h), [FIRST]);
    assert!(h.query_all_by_label_contains("已删除段落（Ctrl+Z 恢复）").next().is_some(), "the deletion is announced");
    // A second click at the same place deletes nothing more.
    click_at(&mut h, delete);
    assert_eq!(texts(&h), [FIRST]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(texts(&h), [FIRST, SECOND], "Ctrl+Z brings it back");
}
