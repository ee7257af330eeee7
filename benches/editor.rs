//! Editor costs that must stay small on an old office PC: a committed edit with its undo
//! snapshot (target: well under 0.5 ms), and a whole frame of the table-三 view.
//! `cargo bench --bench editor`.

use divan::{Bencher, black_box};
use nianbao::model::CellId;
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
        doc.edit(|r| r.tables.set(cell, Some(n % 50)));
    });
}

/// Undo then redo of one step.
#[divan::bench]
fn undo_redo(b: Bencher) {
    let mut doc = Document::new(example(), None);
    let cell = CellId::from_key("t3.R1.natural").expect("cell");
    doc.edit(|r| r.tables.set(cell, Some(3)));
    b.bench_local(|| {
        doc.undo();
        doc.redo();
    });
}

/// A whole frame of the editor showing table 三 (layout and painting into shapes, no GPU).
#[divan::bench(sample_count = 50)]
fn frame_table_three(b: Bencher) {
    let dir = std::env::temp_dir().join(format!("nianbao-bench-{}", std::process::id()));
    let mut editor =
        Editor::new(Document::new(example(), None), Paths::under(&dir), Box::new(ScriptedDialogs::default()));
    editor.view = View::Section(2);
    editor.grid.selected = CellId::from_key("t3.R1.natural");
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
