//! The editor's files beyond the project file (issues 9 and 10), driven like a user would
//! (egui_kittest, no GPU): 导出 Word / 网页版 with the PDF's gating, 复制网页版 onto a clipboard
//! that records, 导入审核意见 from a returned Word file with tracked changes, comments and
//! conflicts, 导入年报 from any format with its import report, 以上年报告新建 from last year's
//! Word file or web page, and files dropped on the window.

mod common;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use common::corpus::{Mess, nonzero_report, word_blocks};
use common::returned;
use common::{TempDir, example};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nianbao::export::{ExportOptions, FontPolicy, Format, export_as};
use nianbao::model::edit::Edit;
use nianbao::model::tables::t3;
use nianbao::model::{CellId, Report};
use nianbao::ui::clipboard::RecordingClipboard;
use nianbao::ui::command::Command;
use nianbao::ui::files::{FileDialogs, ScriptedDialogs};
use nianbao::ui::settings::Paths;
use nianbao::ui::{Dialog, Document, Editor, Output};

fn editor_with(report: Report, dir: &TempDir, dialogs: impl FileDialogs + 'static) -> Editor {
    Editor::new(Document::new(report, None), Paths::under(&dir.0), Box::new(dialogs))
}

fn harness(editor: Editor) -> Harness<'static, Editor> {
    common::kit::build(common::kit::builder(), editor)
}

fn cell(key: &str) -> CellId {
    CellId::from_key(key).unwrap_or_else(|| panic!("{key}"))
}

fn shown(h: &Harness<'_, Editor>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

/// File dialogs that record what the editor suggested and answer with that name in a folder
/// (as a clerk who just clicks 保存 would).
#[derive(Clone, Default)]
struct Recorder {
    dir: PathBuf,
    open: Arc<Mutex<Vec<PathBuf>>>,
    asked: Arc<Mutex<Vec<(String, String, String)>>>,
    revealed: Arc<Mutex<Vec<PathBuf>>>,
}

impl FileDialogs for Recorder {
    fn pick_open(&mut self) -> Option<PathBuf> {
        let mut open = self.open.lock().expect("lock");
        if open.is_empty() { None } else { Some(open.remove(0)) }
    }

    fn pick_import(&mut self) -> Option<PathBuf> {
        self.pick_open()
    }

    fn pick_save(&mut self, suggested_name: &str, extension: &str, filter_label: &str) -> Option<PathBuf> {
        self.asked.lock().expect("lock").push((suggested_name.into(), extension.into(), filter_label.into()));
        Some(self.dir.join(nianbao::io::safe_file_name(suggested_name)))
    }

    fn reveal(&mut self, path: &Path) {
        self.revealed.lock().expect("lock").push(path.to_owned());
    }
}

fn zip_part(bytes: &[u8], prefix: &str) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut all = String::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        if f.name().starts_with(prefix) {
            f.read_to_string(&mut all).expect("utf-8");
        }
    }
    all
}

/// The example with its 文号's number filled in: nothing unfinished is listed before an official
/// export, which goes straight to the file.
fn tidy_example() -> Report {
    let mut r = example();
    r.doc_number = "金政〔2025〕3号".into();
    r
}

#[test]
fn word_and_web_exports_are_gated_written_and_offer_the_folder() {
    let dir = TempDir::new("edf-export");
    let rec = Recorder { dir: dir.0.clone(), ..Default::default() };
    let r = tidy_example();
    let mut h = harness(editor_with(r.clone(), &dir, rec.clone()));
    h.run();
    h.state_mut().run(Command::ExportWord);
    h.run();
    let (name, ext, filter) = rec.asked.lock().unwrap()[0].clone();
    assert_eq!((ext.as_str(), filter.as_str()), ("docx", "Word 文档"));
    assert!(name.ends_with("年政府信息公开工作年度报告.docx"), "{name}");
    let docx = dir.path(&nianbao::io::safe_file_name(&name));
    match &h.state().dialog {
        Some(Dialog::Info { message, reveal }) => {
            assert!(message.contains("已导出正式版Word 文档") && message.contains("导入审核意见"), "{message}");
            assert_eq!(reveal.as_deref(), Some(docx.as_path()));
        }
        other => panic!("{other:?}"),
    }
    h.get_by_label("打开所在文件夹").click();
    h.run();
    assert_eq!(*rec.revealed.lock().unwrap(), vec![docx.clone()]);
    // The file is the library's Word export: it imports back to the same report.
    let back = nianbao::import::import_file(&docx).expect("imports");
    assert_eq!(back.report, r);
    assert!(!zip_part(&std::fs::read(&docx).unwrap(), "word/header").contains("草稿"));

    h.state_mut().run(Command::ExportHtml);
    h.run();
    let (name, ext, filter) = rec.asked.lock().unwrap()[1].clone();
    assert_eq!((ext.as_str(), filter.as_str()), ("html", "网页"));
    let page = std::fs::read_to_string(dir.path(&nianbao::io::safe_file_name(&name))).expect("page written");
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("lang=\"zh-CN\"") && !page.contains("本页面为草稿"));
    h.get_by_label("确定").click();
    h.run();

    // A table error blocks the final version and offers a draft, with 草稿 in every header.
    h.state_mut().doc.apply(&Edit::SetCell { cell: cell("t4.review.total"), value: Some(4) }).unwrap();
    h.state_mut().run(Command::ExportWord);
    h.run();
    assert!(
        matches!(&h.state().dialog, Some(Dialog::ExportBlocked { to: Output::File(Format::Docx), .. })),
        "{:?}",
        h.state().dialog
    );
    assert!(shown(&h, "每页页眉带“草稿”的 Word 文档"));
    assert!(shown(&h, "T4-01"));
    assert_eq!(rec.asked.lock().unwrap().len(), 2, "no file is asked for a blocked export");
    h.get_by_label("导出草稿…").click();
    h.run();
    let (name, ..) = rec.asked.lock().unwrap()[2].clone();
    assert!(name.ends_with("（草稿）.docx"), "{name}");
    let draft = std::fs::read(dir.path(&nianbao::io::safe_file_name(&name))).expect("draft written");
    assert!(zip_part(&draft, "word/header").contains("草稿"));

    // 导出草稿网页版 needs no error at all, and says so at the top of the page.
    h.state_mut().dialog = None;
    h.state_mut().run(Command::ExportHtmlDraft);
    h.run();
    let (name, ..) = rec.asked.lock().unwrap()[3].clone();
    let page = std::fs::read_to_string(dir.path(&nianbao::io::safe_file_name(&name))).expect("draft page");
    assert!(page.contains("本页面为草稿"));
}

#[test]
fn an_output_that_cannot_be_written_is_an_error_and_leaves_no_file() {
    let dir = TempDir::new("edf-unwritable");
    let target = dir.path("没有这个文件夹").join("年报.docx");
    let dialogs = ScriptedDialogs { save: vec![Some(target.clone())], ..Default::default() };
    let mut h = harness(editor_with(tidy_example(), &dir, dialogs));
    h.run();
    h.state_mut().run(Command::ExportWord);
    h.run();
    match &h.state().dialog {
        Some(Dialog::Error(m)) => assert!(m.contains("无法写入"), "{m}"),
        other => panic!("{other:?}"),
    }
    assert!(!target.exists());
}

#[test]
fn copying_the_web_page_puts_inline_styled_html_and_text_on_the_clipboard() {
    let dir = TempDir::new("edf-copy");
    let mut h = harness(editor_with(tidy_example(), &dir, ScriptedDialogs::default()));
    let clip = RecordingClipboard::default();
    let copied = clip.copied.clone();
    h.state_mut().set_clipboard(Box::new(clip));
    h.run();
    h.state_mut().run(Command::CopyHtml);
    h.run();
    {
        let copied = copied.lock().unwrap();
        assert_eq!(copied.len(), 1);
        let (html, text) = &copied[0];
        assert!(html.starts_with("<div style=\""), "{}", &html[..80.min(html.len())]);
        assert!(!html.contains("<style") && !html.contains("<html") && !html.contains("class=\""));
        assert!(html.contains("<table") && html.contains("<caption") && html.contains("scope=\""));
        assert!(html.contains("rowspan=\"") && html.contains("colspan=\""));
        assert!(!html.contains("草稿"));
        assert!(text.contains("2024年政府信息公开工作年度报告"), "{text}");
        assert!(
            text.lines().any(|l| l.starts_with("一、本年新收政府信息公开申请数量\t")),
            "table rows as tab-separated cells"
        );
    }
    assert!(h.state().status.contains("已复制正式版网页版"), "{}", h.state().status);
    assert!(h.state().dialog.is_none());

    // Gated like the files: a table error offers a draft copy only.
    h.state_mut().doc.apply(&Edit::SetCell { cell: cell("t4.review.total"), value: Some(4) }).unwrap();
    h.state_mut().run(Command::CopyHtml);
    h.run();
    assert!(matches!(&h.state().dialog, Some(Dialog::ExportBlocked { to: Output::Clipboard, .. })));
    assert!(shown(&h, "表格有错误，不能复制正式版"));
    assert_eq!(copied.lock().unwrap().len(), 1, "nothing copied yet");
    h.get_by_label("复制草稿").click();
    h.run();
    let copied = copied.lock().unwrap();
    assert_eq!(copied.len(), 2);
    assert!(copied[1].0.contains("本页面为草稿"));
}

/// The example as the reviewer returns it: a cell changed directly (with a comment on it), a
/// sentence changed directly, the typo corrected as a tracked change, a tracked change in a cell
/// of table 四.
fn returned_file(exported: &Report) -> Vec<u8> {
    let bytes = returned::exported(exported);
    let mut xml = returned::part(&bytes, "word/document.xml");
    xml = returned::edit_cell(&xml, CellId::t3(t3::R1, 0), |run| {
        returned::comment_marks("1", &run.replace(">0</w:t>", ">2</w:t>"))
    });
    xml = returned::edit_paragraph(&xml, "主动公开政府信息7条", |p| p.replace("7条", "8条"));
    xml = returned::edit_paragraph(&xml, "还存在一下问题", |p| returned::tracked_replace(p, "一下", "以下"));
    xml = returned::edit_cell(&xml, CellId::t4(0, 0), |_| format!("{}{}", returned::del("0"), returned::ins("1")));
    returned::with_comments(&bytes, xml, &[("1", "本年新收申请数请与登记台账核对。")])
}

#[test]
fn the_reviewers_edits_are_shown_chosen_and_applied_as_one_undo_step() {
    let dir = TempDir::new("edf-review");
    let exported = example();
    let file = dir.path("金砂镇2024（审核后）.docx");
    std::fs::write(&file, returned_file(&exported)).unwrap();
    // Since the export the clerk fixed the typo too and reworded the sentence the reviewer
    // changed.
    let mut current = exported.clone();
    for s in &mut current.sections {
        for b in &mut s.blocks {
            let t = b.text().replace("一下问题", "以下问题").replace("主动公开政府信息7条", "主动公开政府信息共7条");
            *b.text_mut() = t;
        }
    }
    let dialogs = ScriptedDialogs { open: vec![Some(file.clone())], ..Default::default() };
    let mut h = harness(editor_with(current.clone(), &dir, dialogs));
    h.run();
    h.state_mut().run(Command::ImportReview);
    h.run();
    let Some(Dialog::Review(d)) = &h.state().dialog else { panic!("{:?}", h.state().dialog) };
    assert_eq!(d.review.changes.len(), 4, "{:#?}", d.review.changes);
    assert_eq!(d.accepted.iter().filter(|a| **a).count(), 2, "only what can be taken starts ticked");
    // Each change with its place and old → new, the tracked ones with the reviewer's name.
    assert!(shown(&h, "审核人修改了 4 处（其中以修订方式 2 处），批注 1 条"));
    assert!(shown(&h, "导出后您又修改过这份年报"));
    assert!(shown(&h, "表三 一、本年新收政府信息公开申请数量 × 自然人"));
    assert!(shown(&h, "县政务公开办 李审 2026-01-05 09:30 插入“以下”"));
    assert!(shown(&h, "修订：县政务公开办 李审（2026-01-05 09:30）"));
    // The conflicts explained.
    assert!(shown(&h, "第一部分（一）第1段：导出后此处已改为"), "the clerk's rewording is not overwritten");
    assert!(shown(&h, "报告中已是这样，无需修改"));
    // The comment, with where it is and what it marks.
    assert!(shown(&h, "本年新收申请数请与登记台账核对。（县政务公开办 李审 2026-01-05 09:30；所指文字“2”）"));
    h.get_by_label("采纳所选（2 处）").click();
    h.run();
    let r = &h.state().doc.report;
    assert_eq!(r.tables.get(CellId::t3(t3::R1, 0)), Some(2));
    assert_eq!(r.tables.get(CellId::t4(0, 0)), Some(1));
    assert!(r.sections[0].blocks.iter().any(|b| b.text().contains("主动公开政府信息共7条")), "the clerk's text stays");
    assert!(h.state().status.contains("已采纳审核意见 2 处"), "{}", h.state().status);
    let Some(Dialog::Listing(l)) = &h.state().dialog else { panic!("{:?}", h.state().dialog) };
    let text = l.text();
    assert!(text.contains("已采纳（2 项）") && !text.contains("未采纳"), "{text}");
    assert!(text.contains("审核人的批注（请逐条处理）（1 项）"), "{text}");
    assert!(shown(&h, "已采纳“金砂镇2024（审核后）.docx”中的审核意见 2 处"));
    h.get_by_label("确定").click();
    h.run();
    // One undo step takes all of it back.
    h.state_mut().run(Command::Undo);
    h.run();
    assert_eq!(h.state().doc.report, current);
    assert!(!h.state().doc.can_undo());
}

#[test]
fn a_word_file_that_nianbao_did_not_export_is_refused_with_the_reason() {
    let dir = TempDir::new("edf-review-foreign");
    let file = dir.path("别人的.docx");
    std::fs::write(&file, common::docx::docx(&common::docx::report_blocks(&example()))).unwrap();
    let dialogs = ScriptedDialogs { open: vec![Some(file)], ..Default::default() };
    let mut h = harness(editor_with(example(), &dir, dialogs));
    h.run();
    h.state_mut().run(Command::ImportReview);
    h.run();
    match &h.state().dialog {
        Some(Dialog::Error(m)) => assert!(m.contains("不是年报编辑器导出的") && m.contains("没有受到影响"), "{m}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(h.state().doc.report, example());
}

#[test]
fn importing_a_retyped_word_file_shows_an_import_report_to_read_and_copy() {
    let dir = TempDir::new("edf-import");
    let truth = nonzero_report(3);
    let src = dir.path("上年年报（重新录入）.docx");
    std::fs::write(&src, common::docx::docx(&word_blocks(&truth, Mess::ALL))).unwrap();
    let dialogs = ScriptedDialogs { open: vec![Some(src)], ..Default::default() };
    let mut h = harness(editor_with(example(), &dir, dialogs));
    h.run();
    h.state_mut().run(Command::Import);
    h.run();
    assert_eq!(h.state().doc.report.year, truth.year);
    assert_eq!(h.state().doc.report.tables.get(cell("t3.R1.natural")), truth.tables.get(cell("t3.R1.natural")));
    assert!(h.state().doc.is_dirty() && h.state().doc.path.is_none(), "an import is saved under a name of its own");
    let Some(Dialog::Listing(l)) = &h.state().dialog else { panic!("{:?}", h.state().dialog) };
    assert_eq!(l.title, "导入报告");
    let heads: Vec<&str> = l.groups.iter().map(|g| g.heading.as_str()).collect();
    assert!(heads.contains(&"单元格的读法（不是纯数字的单元格）"), "{heads:?}");
    assert!(heads.contains(&"原文件的写法问题（已按国办格式导入）"), "typos are reported: {heads:?}");
    assert!(shown(&h, "导入后校验：错误"));
    assert!(shown(&h, "单元格的读法"));
    h.get_by_label("复制全文").click();
    h.step();
    let copied: Vec<String> = h
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(copied.len(), 1, "复制全文 copies once");
    assert!(copied[0].starts_with("导入报告\n已导入“上年年报（重新录入）.docx”"), "{}", copied[0]);
    assert!(copied[0].contains("单元格的读法"));
}

fn html_of(r: &Report) -> Vec<u8> {
    let opts = ExportOptions { fonts: FontPolicy::BundledOnly, force: true, ..ExportOptions::default() };
    export_as(r, None, Format::Html, opts).expect("html").bytes
}

#[test]
fn next_year_starts_from_last_years_word_file_in_one_step() {
    let dir = TempDir::new("edf-next-docx");
    let last = nonzero_report(5);
    let src = dir.path("2025年报.docx");
    std::fs::write(&src, common::docx::docx(&word_blocks(&last, Mess::default()))).unwrap();
    let dialogs = ScriptedDialogs { open: vec![Some(src)], ..Default::default() };
    let mut h = harness(editor_with(example(), &dir, dialogs));
    h.run();
    h.state_mut().run(Command::NextYear);
    h.run();
    let r = &h.state().doc.report;
    assert_eq!(r.year, last.year + 1);
    for c in t3::PARTS {
        assert_eq!(r.tables.get(CellId::t3(t3::R2, c)), last.tables.get(CellId::t3(t3::R4, c)), "上年结转");
    }
    assert_eq!(r.tables.get(cell("t3.R1.natural")), None, "this year's numbers wait");
    let prev = r.previous.as_ref().expect("last year's tables are kept for the cross-year checks");
    assert_eq!(prev.tables.display(cell("t2.licensing")), last.tables.display(cell("t2.licensing")));
    assert!(h.state().show_previous);
    let Some(Dialog::Listing(l)) = &h.state().dialog else { panic!("{:?}", h.state().dialog) };
    assert_eq!(l.title, "以上年报告新建：导入报告");
    assert!(l.intro.contains(&format!("（{}年度），并以它为基础新建了{}年度的年报", last.year, last.year + 1)));
    assert!(shown(&h, "上年的各项数字已留作跨年度校验"));
}

#[test]
fn next_year_from_a_saved_web_page_and_a_project_file_still_opens_directly() {
    let dir = TempDir::new("edf-next-html");
    let last = nonzero_report(7);
    let page = dir.path("门户网站上的年报.html");
    std::fs::write(&page, html_of(&last)).unwrap();
    let ron = dir.path("2025.ron");
    nianbao::io::save(&ron, &last).unwrap();
    let dialogs = ScriptedDialogs { open: vec![Some(page), Some(ron)], ..Default::default() };
    let mut h = harness(editor_with(example(), &dir, dialogs));
    h.run();
    h.state_mut().run(Command::NextYear);
    h.run();
    let from_page = h.state().doc.report.clone();
    assert_eq!(from_page.year, last.year + 1);
    assert!(matches!(h.state().dialog, Some(Dialog::Listing(_))));
    h.get_by_label("确定").click();
    h.run();
    // The same from the project file, without an import report.
    h.state_mut().doc.mark_saved(dir.path("x.ron"));
    h.state_mut().run(Command::NextYear);
    h.run();
    assert!(h.state().dialog.is_none(), "{:?}", h.state().dialog);
    assert_eq!(h.state().doc.report, from_page, "the web page gives what the project file gives");
}

#[test]
fn dropped_files_open_import_or_are_named() {
    #[derive(Debug)]
    struct Dropped(PathBuf);
    impl egui::DroppedFile for Dropped {
        fn path(&self) -> &Path {
            &self.0
        }
        fn bytes(&self) -> Result<Vec<u8>, String> {
            std::fs::read(&self.0).map_err(|e| e.to_string())
        }
    }
    let dir = TempDir::new("edf-drop");
    let mut last = example();
    last.year = 2023;
    let page = dir.path("2023.HTML");
    std::fs::write(&page, html_of(&last)).unwrap();
    let other = dir.path("照片.jpg");
    std::fs::write(&other, b"\xFF\xD8").unwrap();
    let mut h = harness(editor_with(example(), &dir, ScriptedDialogs::default()));
    h.run();
    h.input_mut().dropped_files.push(Arc::new(Dropped(other)));
    h.run();
    assert!(h.state().status.contains("不能打开") && h.state().status.contains(".mhtml"), "{}", h.state().status);
    assert_eq!(h.state().doc.report, example());
    h.input_mut().dropped_files.push(Arc::new(Dropped(page)));
    h.run();
    assert_eq!(h.state().doc.report, last, "a web page nianbao wrote imports to the same report");
    assert!(matches!(h.state().dialog, Some(Dialog::Listing(_))));
    // With unsaved changes a dropped file waits for the answer to “save changes?”.
    h.get_by_label("确定").click();
    h.run();
    let again = dir.path("again.htm");
    std::fs::write(&again, html_of(&example())).unwrap();
    h.input_mut().dropped_files.push(Arc::new(Dropped(again)));
    h.run();
    assert!(matches!(h.state().dialog, Some(Dialog::Unsaved(_))));
    h.get_by_label("不保存").click();
    h.run();
    assert_eq!(h.state().doc.report, example());
}
