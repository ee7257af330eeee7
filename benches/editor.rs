//! Editor costs that must stay small on an old office PC: a committed edit with its undo
//! snapshot (target: well under 0.5 ms), and whole frames of the three kinds of page (table 三,
//! section 一 with its paragraphs, the title block).
//! `cargo bench --bench editor`.

use divan::{Bencher, black_box};
use nianbao::model::CellId;
use nianbao::model::edit::Edit;
use nianbao::ui::files::ScriptedDialogs;
use nianbao::ui::settings::Paths;
use nianbao::ui::{Document, Editor, View, style};

fn main() {
    divan::main();
}

fn example() -> nianbao::model::Report {
    nianbao::io::load_str(nianbao::ui::app::EXAMPLE).expect("example")
}

/// One committed cell edit: snapshot for undo, change, comparison.
#[divan::bench]
fn edit_with_undo_snapshot(b: Bencher) {
    let mut doc = Document::new(example(), None);
    let cell = CellId::from_key("t3.R1.natural").expect("cell");
    let mut n = 0u64;
    b.bench_local(|| {
        n += 1;
        doc.apply(&Edit::SetCell { cell, value: Some(n % 50) }).ok();
    });
}

/// Undo then redo of one step.
#[divan::bench]
fn undo_redo(b: Bencher) {
    let mut doc = Document::new(example(), None);
    let cell = CellId::from_key("t3.R1.natural").expect("cell");
    doc.apply(&Edit::SetCell { cell, value: Some(3) }).ok();
    b.bench_local(|| {
        doc.undo();
        doc.redo();
    });
}

fn editor_on(view: View, dir: &std::path::Path) -> Editor {
    let mut editor =
        Editor::new(Document::new(example(), None), Paths::under(dir), Box::new(ScriptedDialogs::default()));
    editor.view = view;
    editor.grid.selected = CellId::from_key("t3.R1.natural");
    editor
}

/// Frames of the editor showing `view` (layout and painting into shapes, no GPU).
fn frames(b: Bencher, view: View, tag: &str) {
    let dir = std::env::temp_dir().join(format!("nianbao-bench-{tag}-{}", std::process::id()));
    let mut editor = editor_on(view, &dir);
    let ctx = egui::Context::default();
    style::install(&ctx);
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1366.0, 768.0))),
        ..Default::default()
    };
    // Warm up: fonts and galleys.
    for _ in 0..3 {
        let _ = ctx.run_ui(input(), |ui| editor.show(ui));
    }
    b.bench_local(|| black_box(ctx.run_ui(input(), |ui| editor.show(ui))));
    std::fs::remove_dir_all(&dir).ok();
}

/// A whole frame of the editor showing table 三.
#[divan::bench(sample_count = 50)]
fn frame_table_three(b: Bencher) {
    frames(b, View::Section(2), "t3");
}

/// A whole frame of section 一 (fourteen paragraphs and sub-headings, a text box each).
#[divan::bench(sample_count = 50)]
fn frame_section_one(b: Bencher) {
    frames(b, View::Section(0), "s1");
}

/// A whole frame of the title block (the form and the preamble).
#[divan::bench(sample_count = 50)]
fn frame_title_block(b: Bencher) {
    frames(b, View::TitleBlock, "title");
}
