//! Crash-safe editing (issue 8): a panic in an action or in the drawing of a frame never costs
//! the clerk the report. It is caught, the report stays, a recovery copy is written, and a
//! Chinese message says what happened; the editor goes on working.

mod common;

use common::{TempDir, example};
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nianbao::model::CellId;
use nianbao::model::edit::{Edit, Field};
use nianbao::ui::command::Command;
use nianbao::ui::files::ScriptedDialogs;
use nianbao::ui::settings::Paths;
use nianbao::ui::{Dialog, Document, Editor, FailPoint, View, cell_label};

fn harness(dir: &TempDir, dialogs: ScriptedDialogs) -> Harness<'static, Editor> {
    let editor = Editor::new(Document::new(example(), None), Paths::under(&dir.0), Box::new(dialogs));
    let mut h = common::kit::build(common::kit::builder(), editor);
    h.run();
    h
}

/// The recovery copies written into the editor's data folder.
fn recovery_copies(dir: &TempDir) -> Vec<nianbao::model::Report> {
    std::fs::read_dir(Paths::under(&dir.0).data)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                .filter_map(|p| nianbao::io::load(&p).ok())
                .collect()
        })
        .unwrap_or_default()
}

fn error_message(h: &Harness<'_, Editor>) -> String {
    match &h.state().dialog {
        Some(Dialog::Error(m)) => m.clone(),
        other => panic!("expected the error dialog, got {other:?}"),
    }
}

fn sign(h: &mut Harness<'_, Editor>, text: &str) {
    h.state_mut().doc.apply(&Edit::SetField { field: Field::Signer, text: text.into() }).expect("edit");
}

#[test]
fn a_panic_in_an_action_keeps_the_report_and_writes_the_recovery_copy() {
    let dir = TempDir::new("panic-action");
    let src = dir.path("去年.docx");
    std::fs::write(&src, b"not a zip").unwrap();
    let mut h = harness(&dir, ScriptedDialogs { open: vec![Some(src)], ..Default::default() });
    sign(&mut h, "尚未保存的落款");
    // The importer has a bug: the action panics halfway.
    h.state_mut().inject_panic(FailPoint::NextAction);
    h.state_mut().run(Command::Import);
    h.run();
    assert_eq!(h.state().doc.report.signer, "尚未保存的落款", "the report is still there");
    assert!(h.state().doc.is_dirty(), "and still counts as unsaved");
    let m = error_message(&h);
    assert!(m.contains("程序内部出错") && m.contains("没有丢失") && m.contains("恢复副本"), "{m}");
    assert!(h.query_by_label_contains("您的年报仍在编辑器中").is_some(), "the message is on screen");
    let copies = recovery_copies(&dir);
    assert_eq!(copies.len(), 1, "a recovery copy was written at once");
    assert_eq!(copies[0].signer, "尚未保存的落款");
    // The editor goes on: the dialog closes and the next edit works.
    h.get_by_label("确定").click();
    h.run();
    assert!(h.state().dialog.is_none());
    h.state_mut().view = View::Section(1);
    h.run();
    let cell = CellId::from_key("t2.licensing").unwrap();
    h.get_by_role_and_label(egui::Role::Cell, &cell_label(cell)).click_accesskit();
    h.run();
    h.event(egui::Event::Text("6".into()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().doc.report.tables.get(cell), Some(6));
}

#[test]
fn a_panic_while_drawing_a_frame_is_caught_and_reported() {
    let dir = TempDir::new("panic-frame");
    let mut h = harness(&dir, ScriptedDialogs::default());
    sign(&mut h, "画面出错前的修改");
    h.state_mut().inject_panic(FailPoint::Frames(1));
    // `show` returns normally: nothing unwinds into the window procedure.
    h.step();
    h.run();
    assert_eq!(h.state().doc.report.signer, "画面出错前的修改");
    assert!(error_message(&h).contains("界面绘制没有完成"));
    assert_eq!(recovery_copies(&dir).first().map(|r| r.signer.clone()).as_deref(), Some("画面出错前的修改"));
    assert!(!h.state().in_safe_mode(), "one failure: the normal page comes back");
    assert!(h.query_by_label("目录").is_some());
}

#[test]
fn repeated_failures_leave_a_page_that_can_still_save() {
    let dir = TempDir::new("panic-safe");
    let target = dir.path("救回的年报.ron");
    let mut h = harness(&dir, ScriptedDialogs { save: vec![Some(target.clone())], ..Default::default() });
    sign(&mut h, "反复出错时的修改");
    h.state_mut().inject_panic(FailPoint::Frames(5));
    for _ in 0..5 {
        h.step();
    }
    assert!(h.state().in_safe_mode());
    h.run();
    assert!(h.query_by_label_contains("仍在编辑器中，没有丢失").is_some(), "the minimal page says the work is safe");
    h.get_by_label("保存").click();
    h.run();
    assert_eq!(nianbao::io::load(&target).unwrap().signer, "反复出错时的修改");
    h.get_by_label("重试正常界面").click();
    h.run();
    assert!(!h.state().in_safe_mode());
    assert!(h.query_by_label("目录").is_some());
}
