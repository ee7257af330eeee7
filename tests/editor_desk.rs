//! 汇总审核 in the editor (egui_kittest): loading a folder, marks surviving a re-check, opening a
//! unit in the editor and coming back to the list with its selection.

mod common;

use common::TempDir;
use common::corpus::nonzero_report;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use nianbao::desk::Verdict;
use nianbao::model::tables::{CellId, t3};
use nianbao::model::{Report, standard};
use nianbao::ui::desk::{Desk, DeskAction};
use nianbao::ui::files::ScriptedDialogs;
use nianbao::ui::settings::Paths;
use nianbao::ui::{Document, Editor};

fn unit(name: &str, seed: u64, broken: bool) -> Report {
    let mut r = nonzero_report(seed);
    r.agency = name.into();
    r.signer = name.into();
    r.title = standard::title(name, r.year);
    if broken {
        let id = CellId::t3(t3::R1, 0);
        r.tables.set(id, Some(r.tables.get(id).unwrap_or(0) + 5));
    }
    r
}

fn folder() -> TempDir {
    let dir = TempDir::new("editor-desk");
    nianbao::io::save(&dir.path("甲.ron"), &unit("甲镇人民政府", 1, false)).expect("save");
    nianbao::io::save(&dir.path("乙.ron"), &unit("乙镇人民政府", 2, true)).expect("save");
    dir
}

fn harness(dir: &TempDir) -> Harness<'static, Editor> {
    let home = TempDir::new("editor-desk-home");
    let editor = Editor::new(
        Document::new(common::example(), None),
        Paths::under(&home.0),
        Box::new(ScriptedDialogs::default()),
    );
    std::mem::forget(home);
    let mut h = common::kit::build(common::kit::builder(), editor);
    let mut desk = Desk::with_folder(&dir.0);
    desk.load_now().expect("the folder loads");
    h.state_mut().desk = Some(desk);
    h.run();
    h
}

#[test]
fn the_desk_lists_the_units_and_the_rollup() {
    let dir = folder();
    let mut h = harness(&dir);
    h.get_by_label("甲镇人民政府");
    h.get_by_label("乙镇人民政府");
    // Worst first: 乙镇 (an error) before 甲镇.
    let rows = h.state().desk.as_ref().map(Desk::rows).unwrap_or_default();
    let review = h.state().desk.as_ref().and_then(|d| d.review.as_ref()).expect("review");
    assert_eq!(review.units[rows[0]].agency, "乙镇人民政府");
    // The filter.
    h.state_mut().desk.as_mut().expect("desk").only_errors = true;
    h.run();
    let d = h.state().desk.as_ref().expect("desk");
    let review = d.review.as_ref().expect("review");
    let with_errors = review.units.iter().filter(|u| u.counts().0 > 0).count();
    assert_eq!(d.rows().len(), with_errors);
    assert!(d.rows().iter().all(|&i| review.units[i].counts().0 > 0));
    // The roll-up of table 三, read-only.
    h.get_by_label("表三汇总").click();
    h.run();
    h.get_by_label("表三汇总");
    assert!(h.query_all_by_label_contains("本年新收").count() > 0, "table 三's labels are drawn");
}

#[test]
fn marks_survive_a_recheck() {
    let dir = folder();
    let mut h = harness(&dir);
    let (unit, finding) = {
        let review = h.state().desk.as_ref().and_then(|d| d.review.as_ref()).expect("review");
        let u = review.units.iter().position(|u| u.agency == "乙镇人民政府").expect("乙镇");
        let f = review.units[u]
            .findings
            .iter()
            .position(|f| f.finding.severity == nianbao::model::Severity::Error)
            .expect("an error");
        (u, f)
    };
    let ctx = h.ctx.clone();
    h.state_mut().desk.as_mut().expect("desk").reason = "已电话核实".into();
    h.state_mut().desk_apply(DeskAction::Mark { unit, finding, verdict: Some(Verdict::Rejected) }, &ctx);
    assert!(dir.path(nianbao::desk::marks::MARKS_FILE).is_file());
    // A new desk over the same folder (a re-check) finds the mark again.
    let mut again = Desk::with_folder(&dir.0);
    again.load_now().expect("loads");
    let review = again.review.as_ref().expect("review");
    let u = review.units.iter().find(|u| u.agency == "乙镇人民政府").expect("乙镇");
    let marked: Vec<_> = u.findings.iter().filter_map(|f| f.mark.as_ref()).collect();
    assert_eq!(marked.len(), 1);
    assert_eq!(marked[0].verdict, Verdict::Rejected);
    assert_eq!(marked[0].reason, "已电话核实");
}

#[test]
fn opening_a_unit_and_coming_back_keeps_the_selection() {
    let dir = folder();
    let mut h = harness(&dir);
    let own_title = h.state().doc.report.title.clone();
    let i = {
        let review = h.state().desk.as_ref().and_then(|d| d.review.as_ref()).expect("review");
        review.units.iter().position(|u| u.agency == "甲镇人民政府").expect("甲镇")
    };
    h.get_by_label("甲镇人民政府").click();
    h.run();
    assert_eq!(h.state().desk.as_ref().and_then(|d| d.selected), Some(i));
    h.get_by_label("打开").click();
    h.run();
    assert_eq!(h.state().doc.report.agency, "甲镇人民政府", "the unit is in the editor");
    assert_eq!(h.state().doc.path.as_deref(), Some(dir.path("甲.ron").as_path()));
    h.get_by_label("← 返回汇总审核").click();
    h.run();
    assert_eq!(h.state().doc.report.title, own_title, "the editor's own report is back");
    let d = h.state().desk.as_ref().expect("desk");
    assert_eq!(d.open_unit, None);
    // The folder is checked again in the background; the selection stays on 甲镇.
    for _ in 0..200 {
        if !h.state().desk.as_ref().is_some_and(Desk::is_loading) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run();
    }
    let d = h.state().desk.as_ref().expect("desk");
    let review = d.review.as_ref().expect("review");
    assert_eq!(d.selected.map(|s| review.units[s].agency.as_str()), Some("甲镇人民政府"));
}

#[test]
fn the_folder_fields_are_wide_enough_to_read_a_path() {
    let dir = folder();
    let home = TempDir::new("editor-desk-form-home");
    let editor = Editor::new(
        Document::new(common::example(), None),
        Paths::under(&home.0),
        Box::new(ScriptedDialogs::default()),
    );
    let mut h = common::kit::build(common::kit::builder(), editor);
    // Not loaded yet: the form is open.
    h.state_mut().desk = Some(Desk::with_folder(&dir.0));
    h.run();
    h.run();
    for label in ["本年度年报文件夹", "上年度年报文件夹（可选）", "单位名单（可选）"] {
        let field = h.get_by_role_and_label(egui::Role::TextInput, label);
        // A grid column starts as narrow as a button: the field must not stay a sliver.
        assert!(field.rect().width() >= 400.0, "{label}: {:?}", field.rect());
    }
    h.get_by_label("开始检查");
}

#[test]
fn an_opened_unit_does_not_carry_the_example_banner() {
    let dir = folder();
    let mut h = harness(&dir);
    h.state_mut().example_banner = true;
    h.run();
    h.get_by_label("甲镇人民政府").click();
    h.run();
    h.get_by_label("打开").click();
    h.run();
    assert_eq!(h.state().doc.report.agency, "甲镇人民政府");
    assert!(!h.state().example_banner, "the unit is not the example");
    assert!(h.query_by_label_contains("这是示例年报").is_none());
    h.get_by_label("← 返回汇总审核").click();
    h.run();
    assert!(h.state().example_banner, "the editor's own example gets its banner back");
    assert_eq!(h.state().status, "已返回汇总审核");
}

#[test]
fn a_units_findings_list_what_must_be_fixed_first_with_their_place() {
    let dir = folder();
    let mut h = harness(&dir);
    h.get_by_label("乙镇人民政府").click();
    h.run();
    // The first finding line shown is an error, and its place in the tables is named (a label
    // keeps its text in its accesskit value).
    let mut lines: Vec<(f32, String)> = ["错误 ", "警告 ", "提示 "]
        .iter()
        .flat_map(|p| h.query_all_by_label_contains(p).collect::<Vec<_>>())
        .filter_map(|n| n.accesskit_node().value().map(|l| (n.rect().top(), l.to_string())))
        .collect();
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(lines.iter().any(|(_, l)| l.starts_with("警告 ")), "{lines:?}");
    assert!(lines.first().is_some_and(|(_, l)| l.starts_with("错误 ")), "errors come first: {lines:?}");
    assert!(lines.iter().any(|(_, l)| l.starts_with("错误 T3-")), "{lines:?}");
    assert!(h.query_all_by_label_contains("表三“").count() > 0, "the place of a table finding is shown");
}

#[test]
fn the_progress_bar_says_what_it_is_doing_and_how_far() {
    use nianbao::desk::Progress;
    use nianbao::ui::desk::progress_text;
    assert_eq!(progress_text(Progress::Reading(100, 500)), "已读取 100/500（20%）");
    assert_eq!(progress_text(Progress::Checking(500, 500)), "已检查 500/500（100%）");
    assert_eq!(progress_text(Progress::Reading(0, 0)), "正在查找文件夹中的年报…");
}

#[test]
fn the_desk_writes_the_workbook_the_rollup_report_and_the_feedback_sheets() {
    let dir = folder();
    let mut h = harness(&dir);
    h.state_mut().desk.as_mut().expect("desk").org = "某县人民政府".into();
    h.get_by_label("写出审核结果").click();
    h.run();
    assert!(dir.path(nianbao::desk::WORKBOOK_NAME).is_file(), "{}", h.state().desk.as_ref().expect("desk").status);

    let (year, sum) = {
        let review = h.state().desk.as_ref().and_then(|d| d.review.as_ref()).expect("review");
        (review.year, review.rollup.sum(CellId::t3(t3::R1, 0)))
    };
    h.get_by_label("保存逐级汇总").click();
    h.run();
    let path = dir.path(&nianbao::desk::rollup_name(year));
    let r = nianbao::io::load(&path).expect("the roll-up report loads");
    assert_eq!(r.agency, "某县人民政府");
    assert_eq!(r.tables.get(CellId::t3(t3::R1, 0)), Some(sum));
    // Never replaced: a second click compares.
    let before = std::fs::read(&path).expect("read");
    h.get_by_label("保存逐级汇总").click();
    h.run();
    let status = h.state().desk.as_ref().expect("desk").status.clone();
    assert!(status.contains("未覆盖") && status.contains("一致"), "{status}");
    assert_eq!(std::fs::read(&path).expect("read"), before);

    h.get_by_label("生成审核意见单").click();
    h.run();
    for _ in 0..600 {
        if !h.state().desk.as_ref().is_some_and(Desk::is_writing_feedback) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.run();
    }
    let status = h.state().desk.as_ref().expect("desk").status.clone();
    assert!(status.starts_with("已生成审核意见单 4 个文件"), "{status}");
    let sheets = dir.path(nianbao::desk::FEEDBACK_DIR);
    assert_eq!(std::fs::read_dir(&sheets).expect("feedback folder").count(), 4, "a PDF and a .docx for each unit");

    // A re-check skips what the desk wrote.
    let mut again = Desk::with_folder(&dir.0);
    again.load_now().expect("loads");
    let review = again.review.as_ref().expect("review");
    assert_eq!(review.units.len(), 2);
    assert!(review.unreadable.is_empty(), "{:?}", review.unreadable);
}

#[test]
fn a_word_unit_fixed_in_the_editor_is_saved_as_ron_beside_it_and_counts_after_the_recheck() {
    let dir = folder();
    // 丙镇 reports in Word, with a broken 勾稽关系.
    let bad = unit("丙镇人民政府", 3, true);
    let opts = nianbao::export::ExportOptions {
        draft: true,
        force: true,
        fonts: nianbao::export::FontPolicy::BundledOnly,
        created: Some(0),
    };
    let word = nianbao::export::export_as(&bad, None, nianbao::export::Format::Docx, opts).expect("docx").bytes;
    std::fs::write(dir.path("丙.docx"), &word).expect("write docx");
    let mut h = harness(&dir);
    let i = {
        let review = h.state().desk.as_ref().and_then(|d| d.review.as_ref()).expect("review");
        let u = review.units.iter().position(|u| u.agency == "丙镇人民政府").expect("丙镇 read from Word");
        assert!(review.units[u].findings.iter().any(|f| f.finding.rule.starts_with("T3-")), "the broken 勾稽关系");
        u
    };
    h.state_mut().desk.as_mut().expect("desk").selected = Some(i);
    h.run();
    h.get_by_label("打开").click();
    h.run();
    assert_eq!(
        h.state().doc.path.as_deref(),
        Some(dir.path("丙.ron").as_path()),
        "saved beside, never over the Word file"
    );
    // The reviewer fixes the number (as the grid would) and saves.
    let id = CellId::t3(t3::R1, 0);
    let good = h.state().doc.report.tables.get(id).map(|v| v - 5);
    h.state_mut().doc.apply(&nianbao::model::edit::Edit::SetCell { cell: id, value: good }).expect("edit");
    assert!(h.state_mut().save(), "{}", h.state().status);
    assert_eq!(std::fs::read(dir.path("丙.docx")).expect("docx"), word, "the Word file is untouched");
    h.get_by_label("← 返回汇总审核").click();
    h.run();
    for _ in 0..200 {
        if !h.state().desk.as_ref().is_some_and(Desk::is_loading) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run();
    }
    let review = h.state().desk.as_ref().and_then(|d| d.review.as_ref()).expect("review");
    let u = review.units.iter().find(|u| u.agency == "丙镇人民政府").expect("丙镇");
    assert!(u.file.ends_with("丙.ron"), "the saved .ron supersedes the Word file: {:?}", u.file);
    assert_eq!(u.copies.len(), 1, "the Word file is listed as its copy");
    assert!(
        !u.findings.iter().any(|f| f.finding.rule.starts_with("T3-")),
        "the fix counts: {:?}",
        u.findings.iter().map(|f| f.finding.line()).collect::<Vec<_>>()
    );
}

#[test]
fn an_opened_unit_shows_the_reviewers_marks_in_the_checks_panel() {
    use nianbao::model::Severity;
    let dir = folder();
    let mut h = harness(&dir);
    let (unit, error, warning) = {
        let review = h.state().desk.as_ref().and_then(|d| d.review.as_ref()).expect("review");
        let u = review.units.iter().position(|u| u.agency == "乙镇人民政府").expect("乙镇");
        let of = |s| review.units[u].findings.iter().position(|f| f.finding.severity == s);
        (u, of(Severity::Error).expect("an error"), of(Severity::Warning).expect("a warning"))
    };
    let ctx = h.ctx.clone();
    h.state_mut().desk.as_mut().expect("desk").reason = "已电话核实".into();
    h.state_mut().desk_apply(DeskAction::Mark { unit, finding: error, verdict: Some(Verdict::Rejected) }, &ctx);
    h.state_mut().desk_apply(DeskAction::Mark { unit, finding: warning, verdict: Some(Verdict::Confirmed) }, &ctx);
    h.state_mut().desk.as_mut().expect("desk").selected = Some(unit);
    h.run();
    h.get_by_label("打开").click();
    h.run();
    assert_eq!(h.state().doc.report.agency, "乙镇人民政府");
    let errors = h.state().doc.derived().findings.iter().filter(|f| f.severity == Severity::Error).count();
    assert!(errors >= 1);
    // The tags, next to their findings.
    assert_eq!(h.query_all_by_label("【不采纳：已电话核实】").count(), 1);
    assert_eq!(h.query_all_by_label("【已确认】").count(), 1);
    // The error set aside is not counted; the heading says it is there.
    h.get_by_label(&format!("错误 {}（另有 1 处不采纳）", errors - 1));
    // The error set aside comes after the findings that still count.
    let top = |label: &str| h.get_by_label_contains(label).rect().top();
    assert!(top("【不采纳：已电话核实】") > top("【已确认】"), "set aside last");
    // Unmarked findings carry no tag: exactly the two marked ones have one.
    assert_eq!(h.query_all_by_label_contains("【").count(), 2);

    // Another report opened over the unit does not carry the unit's marks.
    h.state_mut().open(&dir.path("甲.ron"));
    h.run();
    assert_eq!(h.state().doc.report.agency, "甲镇人民政府");
    assert!(h.query_by_label_contains("【").is_none(), "no tags on another report");
    h.state_mut().open(&dir.path("乙.ron"));
    h.run();
    assert!(h.query_by_label_contains("【").is_none(), "the marks went with the desk's unit");

    // Back to the desk, then the editor's own report (the example): no marks.
    h.get_by_label("← 返回汇总审核").click();
    h.run();
    assert!(h.state().desk_marks.is_none(), "the marks go with the unit");
    h.get_by_label("关闭汇总审核").click();
    h.run();
    assert!(h.state().desk.is_none());
    assert_eq!(h.state().doc.report.agency, common::example().agency);
    h.get_by_label("校验结果");
    assert!(h.query_by_label_contains("处不采纳").is_none());
    assert!(h.query_by_label_contains("【").is_none(), "no tags on the editor's own report");
}

#[test]
fn a_unit_is_not_opened_over_the_clerks_unsaved_report() {
    let dir = folder();
    let mut h = harness(&dir);
    let edit = nianbao::model::edit::Edit::SetField {
        field: nianbao::model::edit::Field::Title,
        text: "我自己的年报（未保存）".into(),
    };
    h.state_mut().doc.apply(&edit).expect("the title is set");
    assert!(h.state().doc.is_dirty());
    let ctx = h.ctx.clone();
    h.state_mut().desk_apply(DeskAction::Open(0), &ctx);
    h.run();
    // Closing the window or an autosave would only see the unit: the unit stays closed, and the
    // clerk is told to save first.
    assert_eq!(h.state().doc.report.title, "我自己的年报（未保存）", "the own report stays in the editor");
    assert_eq!(h.state().desk.as_ref().and_then(|d| d.open_unit), None);
    assert!(matches!(&h.state().dialog, Some(nianbao::ui::Dialog::Error(m)) if m.contains("未保存")));
}

#[test]
fn opening_the_desk_stores_a_number_typed_but_not_confirmed() {
    let home = TempDir::new("editor-desk-typed");
    let editor = Editor::new(
        Document::new(common::example(), None),
        Paths::under(&home.0),
        Box::new(ScriptedDialogs::default()),
    );
    let mut h = common::kit::build(common::kit::builder(), editor);
    h.run();
    let cell = CellId::t3(t3::R1, 0);
    h.state_mut().grid.selected = Some(cell);
    h.state_mut().grid.editing = Some((cell, "7".into()));
    h.state_mut().apply(nianbao::ui::action::Action::Command(nianbao::ui::command::Command::ReviewDesk));
    h.run();
    assert!(h.state().desk.is_some(), "the desk opens");
    assert_eq!(h.state().doc.report.tables.get(cell), Some(7), "the typed number is kept");
}

#[test]
fn browse_fills_the_fields_from_the_editors_dialogs() {
    let dir = folder();
    let roster = dir.path("名单.txt");
    let home = TempDir::new("editor-desk-browse-home");
    let dialogs = ScriptedDialogs {
        folders: vec![Some(dir.0.clone()), Some(dir.path("上年度"))],
        open: vec![Some(roster.clone())],
        ..Default::default()
    };
    let editor = Editor::new(Document::new(common::example(), None), Paths::under(&home.0), Box::new(dialogs));
    let mut h = common::kit::build(common::kit::builder(), editor);
    h.state_mut().desk = Some(Desk::default());
    h.run();
    for (n, want) in [(0, dir.0.clone()), (1, dir.path("上年度")), (2, roster)] {
        h.get_all_by_label("浏览…").nth(n).expect("a 浏览… button per field").click();
        h.run();
        let desk = h.state().desk.as_ref().expect("the desk stays open");
        let got = match n {
            0 => &desk.folder,
            1 => &desk.previous,
            _ => &desk.roster,
        };
        assert_eq!(got, &want.display().to_string(), "field {n}");
    }
}

#[test]
fn browse_without_a_dialog_service_asks_for_a_typed_path() {
    let home = TempDir::new("editor-desk-browse-none-home");
    let dialogs = ScriptedDialogs { unavailable: true, ..Default::default() };
    let editor = Editor::new(Document::new(common::example(), None), Paths::under(&home.0), Box::new(dialogs));
    let mut h = common::kit::build(common::kit::builder(), editor);
    h.state_mut().desk = Some(Desk::default());
    h.run();
    h.get_all_by_label("浏览…").next().expect("a 浏览… button").click();
    h.run();
    let desk = h.state().desk.as_ref().expect("the desk stays open");
    assert!(desk.folder.is_empty());
    assert!(desk.status.contains("请在“本年度年报文件夹”框中输入或粘贴完整路径"), "{}", desk.status);
    h.get_by_label_contains("输入或粘贴完整路径");
}

#[test]
fn the_list_order_follows_a_mark_and_a_sort() {
    let dir = folder();
    nianbao::io::save(&dir.path("丙.ron"), &unit("丙镇人民政府", 3, true)).expect("save");
    let mut d = Desk::with_folder(&dir.0);
    d.load_now().expect("the folder loads");
    let names = |d: &Desk| -> Vec<String> {
        let review = d.review.as_ref().expect("review");
        d.rows().iter().map(|&i| review.units[i].agency.clone()).collect()
    };
    let unit_of = |d: &Desk, name: &str| {
        d.review.as_ref().and_then(|r| r.units.iter().position(|u| u.agency == name)).expect("unit")
    };
    // Worst first: the two broken ones (as many errors), by name, then 甲镇 (fewer errors).
    assert_eq!(names(&d), ["丙镇人民政府", "乙镇人民政府", "甲镇人民政府"]);
    // Every error of 丙镇 set aside: it may be published, so it moves after those that may not
    // (the order worked out before the marks must not be kept).
    let bing = unit_of(&d, "丙镇人民政府");
    let errors: Vec<usize> = d.review.as_ref().expect("review").units[bing]
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.blocks_publication())
        .map(|(k, _)| k)
        .collect();
    assert!(!errors.is_empty());
    d.reason = "已核实".into();
    for k in errors {
        d.mark(bing, k, Some(Verdict::Rejected)).expect("marked");
    }
    assert_eq!(names(&d), ["乙镇人民政府", "甲镇人民政府", "丙镇人民政府"]);
    // Clicking 单位 sorts by name.
    d.sort = (nianbao::ui::desk::SortKey::Name, true);
    assert_eq!(names(&d), ["甲镇人民政府", "乙镇人民政府", "丙镇人民政府"]);
}
