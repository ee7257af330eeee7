//! The table grid as a widget: it draws what it is given and returns the edits; it changes
//! nothing itself, and read-only it only views (the review desk's roll-up).

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use nianbao::model::edit::Edit;
use nianbao::model::tables::TableId;
use nianbao::model::{CellId, TableValues};
use nianbao::ui::document::CellMarks;
use nianbao::ui::{GridState, TableGrid, cell_label, style};

struct Page {
    values: TableValues,
    marks: CellMarks,
    state: GridState,
    read_only: bool,
    edits: Vec<Edit>,
}

fn harness(read_only: bool) -> Harness<'static, Page> {
    let page = Page {
        values: TableValues::zero(),
        marks: CellMarks::new(),
        state: GridState::default(),
        read_only,
        edits: vec![],
    };
    Harness::builder().with_size([1200.0, 500.0]).with_context_setup(style::install).build_ui_state(
        |ui, p: &mut Page| {
            let out = TableGrid::new(TableId::T4, &p.values, &p.marks).read_only(p.read_only).show(ui, &mut p.state);
            p.edits.extend(out.edits);
        },
        page,
    )
}

fn cell(key: &str) -> CellId {
    CellId::from_key(key).unwrap_or_else(|| panic!("{key}"))
}

fn click(h: &mut Harness<'_, Page>, key: &str) {
    h.get_by_role_and_label(egui::Role::Cell, &cell_label(cell(key))).click_accesskit();
    h.run();
}

#[test]
fn the_grid_returns_edits_and_leaves_the_values_alone() {
    let mut h = harness(false);
    h.run();
    click(&mut h, "t4.review.upheld");
    h.event(egui::Event::Text("7".into()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().edits, [Edit::SetCell { cell: cell("t4.review.upheld"), value: Some(7) }]);
    assert_eq!(h.state().values.get(cell("t4.review.upheld")), Some(0), "the widget changed nothing itself");
    assert_eq!(h.state().state.selected, Some(cell("t4.review.corrected")), "Enter moved on");
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(h.state().edits.last(), Some(&Edit::SetCell { cell: cell("t4.review.corrected"), value: None }));
}

#[test]
fn read_only_the_grid_views_and_selects_but_never_edits() {
    let mut h = harness(true);
    h.state_mut().values.set(cell("t4.review.upheld"), Some(3));
    h.run();
    click(&mut h, "t4.review.upheld");
    assert_eq!(h.state().state.selected, Some(cell("t4.review.upheld")));
    let label = cell_label(cell("t4.review.upheld"));
    let shown = h.get_by_role_and_label(egui::Role::Cell, &label).accesskit_node().value().map(|v| v.to_string());
    assert_eq!(shown.as_deref(), Some("3"), "it shows what it is given");
    h.event(egui::Event::Text("9".into()));
    h.run();
    h.key_press(Key::Delete);
    h.run();
    h.key_press(Key::F2);
    h.run();
    h.event(egui::Event::Paste("1\t2".into()));
    h.run();
    assert!(h.state().edits.is_empty(), "{:?}", h.state().edits);
    assert!(h.state().state.editing.is_none());
    h.key_press(Key::ArrowRight);
    h.run();
    assert_eq!(h.state().state.selected, Some(cell("t4.review.corrected")), "the cursor still moves");
}
