//! The county's review desk (`nianbao review`, `nianbao::desk`): a folder of mixed .ron/.docx
//! reports with varied numbers, a copy, a duplicate, another year's report, an unreadable file
//! and a roster with a unit that did not report. The workbook is read back and its roll-up
//! compared with the sum computed here from the reports.

mod common;

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::TempDir;
use common::corpus::nonzero_report;
use nianbao::desk::{self, Request};
use nianbao::export::{ExportOptions, FontPolicy, Format, export_as};
use nianbao::model::tables::{CellId, GridContent, TableId, cells, grid, t3};
use nianbao::model::{Block, Report, standard};

fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .env("NIANBAO_HOME", std::env::temp_dir().join("nianbao-desk-home"))
        .output()
        .expect("run nianbao")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A unit's report: varied numbers, its own name, prose of its own.
fn unit_report(name: &str, seed: u64, year: u16) -> Report {
    let mut r = nonzero_report(seed);
    r.agency = name.to_owned();
    r.signer = name.to_owned();
    r.year = year;
    r.title = standard::title(name, year);
    r.preamble = vec![standard::preamble(year)];
    r.doc_number.clear();
    r.date = nianbao::model::Date::new(year + 1, 1, 15);
    for (s, section) in r.sections.iter_mut().enumerate() {
        for b in &mut section.blocks {
            if let Block::Paragraph(t) = b {
                *t = format!("{name}第{}部分情况说明，编号{seed}。", s + 1);
            }
        }
    }
    r
}

const COPIED: &str = "一年来，我们坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，紧紧围绕中心工作，持续加强政府信息公开平台建设，切实保障人民群众知情权、参与权、表达权和监督权，政务公开工作取得新成效。";

fn docx_bytes(r: &Report) -> Vec<u8> {
    let opts = ExportOptions { draft: true, force: true, fonts: FontPolicy::BundledOnly, created: Some(0) };
    export_as(r, None, Format::Docx, opts).expect("docx export").bytes
}

struct Folder {
    dir: TempDir,
    /// The reports that must be summed (this year, one per unit).
    counted: Vec<Report>,
}

fn folder() -> Folder {
    let dir = TempDir::new("desk");
    let mut counted = Vec::new();
    let names = ["甲镇人民政府", "乙镇人民政府", "丙镇人民政府", "丁镇人民政府", "戊镇人民政府", "己街道办事处"];
    for (i, name) in names.iter().enumerate() {
        let mut r = unit_report(name, i as u64 + 1, 2025);
        if i < 2 {
            // 雷同: the same long paragraph in two units.
            r.sections[0].blocks.push(Block::Paragraph(COPIED.into()));
        }
        match i {
            0..=2 => nianbao::io::save(&dir.path(&format!("{name}.ron")), &r).expect("save"),
            3 | 4 => std::fs::write(dir.path(&format!("{name}.docx")), docx_bytes(&r)).expect("write docx"),
            _ => {
                // A .ron saved from the Word file beside it supersedes it; the Word file is older.
                let mut older = r.clone();
                older.tables.set(CellId::t3(t3::R1, 0), Some(999_999));
                std::fs::write(dir.path(&format!("{name}.docx")), docx_bytes(&older)).expect("write docx");
                nianbao::io::save(&dir.path(&format!("{name}.ron")), &r).expect("save");
            }
        }
        counted.push(r);
    }
    // A duplicate of 甲镇 under another file name, in a sub-folder, with other numbers.
    std::fs::create_dir_all(dir.path("补报")).expect("mkdir");
    let mut dup = unit_report("甲镇 人民政府", 77, 2025);
    dup.tables.set(CellId::t3(t3::R1, 0), Some(5_000));
    nianbao::io::save(&dir.0.join("补报").join("甲镇（重报）.ron"), &dup).expect("save");
    // Another year's report.
    nianbao::io::save(&dir.path("庚镇人民政府2024.ron"), &unit_report("庚镇人民政府", 9, 2024)).expect("save");
    // An unreadable file and the desk's own outputs (skipped).
    std::fs::write(dir.path("损坏的报告.docx"), b"PK\x03\x04 this is not a zip").expect("write");
    std::fs::write(dir.path("审核结果.html"), b"<html>old</html>").expect("write");
    Folder { dir, counted }
}

fn roster(dir: &Path) -> PathBuf {
    let p = dir.join("名单.txt");
    let text = "单位名称\t类型\n甲镇人民政府\t乡镇\n乙镇政府\n丙镇人民政府\n丁镇人民政府\n戊镇人民政府\n己街道\n辛镇人民政府\t乡镇\n";
    // GBK, as Notepad on a Chinese Windows saves it.
    let (bytes, _, _) = encoding_rs::GBK.encode(text);
    std::fs::write(&p, &bytes).expect("roster");
    p
}

/// The sheets of a workbook: name → cells (reference → text).
fn read_xlsx(path: &Path) -> HashMap<String, HashMap<String, String>> {
    let bytes = std::fs::read(path).expect("read xlsx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("xlsx is a zip");
    let mut entry = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap_or_else(|_| panic!("{name} in xlsx")).read_to_string(&mut s).expect("utf-8");
        s
    };
    let shared = entry("xl/sharedStrings.xml");
    let strings = nianbao::desk::roster::shared_strings(&shared).expect("shared strings");
    let wb = entry("xl/workbook.xml");
    let doc = roxmltree::Document::parse(&wb).expect("workbook.xml");
    let names: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("sheet"))
        .map(|n| n.attribute("name").unwrap_or("").to_owned())
        .collect();
    let mut out = HashMap::new();
    for (i, name) in names.into_iter().enumerate() {
        let xml = entry(&format!("xl/worksheets/sheet{}.xml", i + 1));
        let cells = nianbao::desk::roster::sheet_cell_texts(&xml, &strings).expect("sheet");
        out.insert(name, cells.into_iter().collect());
    }
    out
}

fn col_name(c: usize) -> String {
    let mut c = c + 1;
    let mut s = String::new();
    while c > 0 {
        let r = (c - 1) % 26;
        s.insert(0, (b'A' + r as u8) as char);
        c = (c - 1) / 26;
    }
    s
}

/// The first row (1-based) whose column A holds `text`.
fn row_of(sheet: &HashMap<String, String>, text: &str) -> Option<usize> {
    sheet
        .iter()
        .filter(|(r, v)| r.starts_with('A') && r[1..].chars().all(|c| c.is_ascii_digit()) && v.as_str() == text)
        .filter_map(|(r, _)| r[1..].parse().ok())
        .min()
}

fn expected_sums(reports: &[Report]) -> Vec<u64> {
    cells().iter().map(|c| reports.iter().map(|r| r.tables.get(c.id).unwrap_or(0)).sum()).collect()
}

#[test]
fn review_of_a_folder_writes_the_workbook_with_the_right_sums_and_exits_1() {
    let f = folder();
    let roster = roster(&f.dir.0);
    let out = f.dir.path("审核结果.xlsx");
    let o = nianbao(&[
        "review",
        f.dir.0.to_str().unwrap(),
        "--roster",
        roster.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("已检查 "), "progress on stderr: {err}");
    assert!(err.contains("无法读取：") && err.contains("损坏的报告.docx"), "{err}");
    assert!(err.contains("未提交：辛镇人民政府"), "{err}");
    assert!(err.contains("非本年度：庚镇人民政府"), "{err}");
    assert!(err.contains("重复：") && err.contains("甲镇（重报）.ron"), "{err}");

    let book = read_xlsx(&out);
    for s in desk::workbook::SHEETS {
        assert!(book.contains_key(s), "sheet {s}: {:?}", book.keys());
    }
    let summary = &book["汇总"];
    let texts: Vec<&String> = summary.values().collect();
    for name in ["甲镇人民政府", "丁镇人民政府", "己街道办事处", "辛镇人民政府", "庚镇人民政府"]
    {
        assert!(texts.iter().any(|t| t.as_str() == name), "{name} in the summary sheet");
    }
    assert!(texts.iter().any(|t| t.as_str() == "未提交"));
    assert!(texts.iter().any(|t| t.as_str() == "无法读取"));
    let files = &book["文件情况"];
    assert!(files.values().any(|t| t.ends_with("己街道办事处.docx")), "the superseded Word file is listed");
    assert!(files.values().any(|t| t == "副本") && files.values().any(|t| t == "重复"));
    // 雷同 between 甲镇 and 乙镇.
    let findings = &book["问题清单"];
    assert!(findings.values().any(|t| t == "A03"), "雷同 is listed");

    // The roll-up, cell by cell, against the sum of the six counted reports.
    let sums = expected_sums(&f.counted);
    for t in TableId::ALL {
        let sheet = &book[&format!("表{}汇总", t.numeral())];
        let g = grid(t);
        let GridContent::Label { text: first, .. } = g.cells[0].content else { panic!("grid starts with a label") };
        let top = row_of(sheet, first).unwrap_or_else(|| panic!("table {} header in its sheet", t.numeral()));
        let mut checked = 0;
        for cell in &g.cells {
            if let GridContent::Value(id) = cell.content {
                let at = format!("{}{}", col_name(cell.col), top + cell.row);
                let got = sheet.get(&at).unwrap_or_else(|| panic!("{at} for {}", id.decl().key));
                let want = sums[id.0 as usize];
                let got_raw = if id.decl().kind == nianbao::model::ValueKind::Amount {
                    // The exact decimal: ten-thousandths.
                    let v: f64 = got.parse().expect("number");
                    (v * 10_000.0).round() as u64
                } else {
                    got.parse().expect("count")
                };
                assert_eq!(got_raw, want, "{} at {at}", id.decl().key);
                checked += 1;
            }
        }
        assert_eq!(checked, t.cells().len());
    }
    // The T3 total of row 一 is not 999 999-polluted: the superseded Word file is not summed.
    assert!(sums[CellId::t3(t3::R1, 0).0 as usize] < 999_999);
}

#[test]
fn the_library_takes_one_submission_per_unit_and_flags_the_rest() {
    let f = folder();
    let req = Request { dirs: vec![f.dir.0.clone()], roster: Some(roster(&f.dir.0)), ..Request::default() };
    let review = desk::run(&req, &|_| {});
    assert_eq!(review.year, 2025);
    assert_eq!(review.current().count(), 6, "{:?}", review.units.iter().map(|u| &u.file).collect::<Vec<_>>());
    assert_eq!(review.units.iter().filter(|u| u.other_year).count(), 1);
    assert_eq!(review.unreadable.len(), 1, "{:?}", review.unreadable);
    assert!(review.unreadable[0].file.ends_with("损坏的报告.docx"));
    assert_eq!(review.missing.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["辛镇人民政府"]);
    let jia = review.units.iter().find(|u| u.agency == "甲镇人民政府").expect("甲镇");
    assert!(jia.file.ends_with("甲镇人民政府.ron"), "the .ron at the top wins by name order: {:?}", jia.file);
    assert_eq!(jia.copies.len(), 1);
    assert_eq!(jia.copies[0].kind, desk::CopyKind::Duplicate);
    let ji = review.units.iter().find(|u| u.agency == "己街道办事处").expect("己街道");
    assert!(ji.file.ends_with("己街道办事处.ron"));
    assert_eq!(ji.copies.iter().map(|c| &c.kind).collect::<Vec<_>>(), [&desk::CopyKind::Superseded]);
    let a03 = |name: &str| {
        review
            .units
            .iter()
            .find(|u| u.agency == name)
            .map_or(0, |u| u.findings.iter().filter(|f| f.finding.rule == "A03").count())
    };
    assert_eq!((a03("甲镇人民政府"), a03("乙镇人民政府"), a03("丙镇人民政府")), (1, 1, 0));
    assert!(!review.all_clear());
    // The roll-up's fee is the exact sum of ten-thousandths.
    let fee = CellId::t2("fee_wan_yuan").expect("fee cell");
    let want: u64 = f.counted.iter().map(|r| r.tables.get(fee).unwrap_or(0)).sum();
    assert_eq!(review.rollup.sum(fee), want);
    assert_eq!(review.rollup.units, 6);
}

#[test]
fn a_blank_cell_makes_its_roll_up_cell_incomplete() {
    let dir = TempDir::new("desk-blank");
    let a = unit_report("甲镇人民政府", 1, 2025);
    let mut b = unit_report("乙镇人民政府", 2, 2025);
    let id = CellId::t3(t3::R3_1, 0);
    b.tables.set(id, None);
    nianbao::io::save(&dir.path("甲.ron"), &a).expect("save");
    nianbao::io::save(&dir.path("乙.ron"), &b).expect("save");
    let review = desk::run(&Request { dirs: vec![dir.0.clone()], ..Request::default() }, &|_| {});
    assert!(review.rollup.incomplete(id));
    assert_eq!(review.rollup.sum(id), a.tables.get(id).unwrap_or(0));
    assert!(review.rollup.incomplete(CellId::t3(t3::R3_7, 0)), "the derived total over a blank is incomplete too");
    assert!(!review.rollup.incomplete(CellId::t3(t3::R1, 0)));
    // The roll-up report leaves it blank, so that S05 names it at the next level.
    let r = review.rollup.as_report("某县人民政府", nianbao::model::AgencyLevel::Government, 2025, &[]);
    assert_eq!(r.tables.get(id), None);
    assert_eq!(
        r.tables.get(CellId::t3(t3::R1, 0)),
        Some(a.tables.get(CellId::t3(t3::R1, 0)).unwrap_or(0) + b.tables.get(CellId::t3(t3::R1, 0)).unwrap_or(0))
    );
}

#[test]
fn marks_survive_a_recheck_and_a_fixed_finding_shows_as_fixed() {
    let dir = TempDir::new("desk-marks");
    let good = unit_report("甲镇人民政府", 1, 2025);
    let mut bad = unit_report("乙镇人民政府", 2, 2025);
    let r1 = CellId::t3(t3::R1, 0);
    bad.tables.set(r1, Some(bad.tables.get(r1).unwrap_or(0) + 3));
    nianbao::io::save(&dir.path("甲.ron"), &good).expect("save");
    nianbao::io::save(&dir.path("乙.ron"), &bad).expect("save");
    let review = desk::run(&Request { dirs: vec![dir.0.clone()], ..Request::default() }, &|_| {});
    let unit = review.units.iter().find(|u| u.agency == "乙镇人民政府").expect("乙镇");
    let errors: Vec<_> =
        unit.findings.iter().filter(|f| f.finding.severity == nianbao::model::Severity::Error).collect();
    assert!(!errors.is_empty(), "the broken 勾稽关系 is an error");
    let t3 = errors.iter().find(|f| f.finding.rule.starts_with("T3-")).expect("a T3 error");
    let target = format!("乙镇人民政府:{}:{}", t3.finding.rule, t3.finding.location.key());
    let d = dir.0.to_str().unwrap();

    // Confirm it: stored in 审核记录.ron, the unit may not be published.
    let o = nianbao(&["review", d, "--confirm", &target]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(dir.path(desk::marks::MARKS_FILE).is_file());
    // A re-check without options keeps the mark.
    let o = nianbao(&["review", d, "-o", dir.path("审核结果.xlsx").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let book = read_xlsx(&dir.path("审核结果.xlsx"));
    assert!(book["问题清单"].values().any(|t| t == "已确认"), "the mark is in the findings sheet");

    // Every error marked 不采纳 → may be published, exit 0.
    let mut args: Vec<String> = vec!["review".into(), d.into()];
    for u in &review.units {
        for e in u.findings.iter().filter(|f| f.finding.severity == nianbao::model::Severity::Error) {
            args.push("--reject".into());
            args.push(format!("{}:{}:{}=已电话核实，数字无误", u.agency, e.finding.rule, e.finding.location.key()));
        }
    }
    let o = nianbao(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let review = desk::run(&Request { dirs: vec![dir.0.clone()], ..Request::default() }, &|_| {});
    assert!(review.units.iter().all(|u| u.may_publish()));

    // Confirm again, then the unit uploads a corrected report: 已整改.
    let o = nianbao(&["review", d, "--confirm", &target]);
    assert_eq!(o.status.code(), Some(1));
    let mut fixed = bad.clone();
    fixed.tables.set(r1, good_value(&bad, r1));
    nianbao::io::save(&dir.path("乙.ron"), &fixed).expect("save");
    let review = desk::run(&Request { dirs: vec![dir.0.clone()], ..Request::default() }, &|_| {});
    let unit = review.units.iter().find(|u| u.agency == "乙镇人民政府").expect("乙镇");
    assert_eq!(unit.fixed.len(), 1, "{:?}", unit.findings.iter().map(|f| f.finding.line()).collect::<Vec<_>>());
    let o = nianbao(&["review", d]);
    let book = read_xlsx(&dir.path("审核结果.xlsx"));
    assert!(book["问题清单"].values().any(|t| t == "已整改"), "{}", stderr(&o));
}

#[test]
fn a_table_error_marked_rejected_no_longer_names_its_unit_above_the_rollup() {
    let dir = TempDir::new("desk-a02");
    let mut bad = unit_report("乙镇人民政府", 2, 2025);
    let r1 = CellId::t3(t3::R1, 0);
    bad.tables.set(r1, Some(bad.tables.get(r1).unwrap_or(0) + 3));
    nianbao::io::save(&dir.path("甲.ron"), &unit_report("甲镇人民政府", 1, 2025)).expect("save");
    nianbao::io::save(&dir.path("乙.ron"), &bad).expect("save");
    let mut review = desk::run(&Request { dirs: vec![dir.0.clone()], ..Request::default() }, &|_| {});
    let named =
        |r: &desk::Review| r.rollup.warnings.iter().any(|w| w.contains("乙镇人民政府") && w.contains("尚未通过校验"));
    assert!(named(&review), "{:?}", review.rollup.warnings);
    let u = review.units.iter().find(|u| u.agency == "乙镇人民政府").expect("乙镇");
    let marks: Vec<desk::Mark> = u
        .findings
        .iter()
        .filter(|f| f.finding.severity == nianbao::model::Severity::Error && f.finding.rule.starts_with("T3-"))
        .map(|f| desk::Mark {
            unit: u.key.clone(),
            agency: u.agency.clone(),
            rule: f.finding.rule.to_owned(),
            location: f.finding.location.key(),
            verdict: desk::Verdict::Rejected,
            reason: "已电话核实".into(),
            message: f.finding.message.clone(),
        })
        .collect();
    assert!(!marks.is_empty());
    for m in marks {
        review.set_mark(m);
    }
    assert!(!named(&review), "every T3 error was marked 不采纳: {:?}", review.rollup.warnings);
}

/// The value of a table-三 row-一 cell that makes the 勾稽关系 hold again.
fn good_value(r: &Report, id: CellId) -> Option<u64> {
    let col = id.decl().col;
    let results: u64 = t3::RESULT_ROWS.map(|row| r.tables.get(CellId::t3(row, col)).unwrap_or(0)).sum();
    let carry = r.tables.get(CellId::t3(t3::R4, col)).unwrap_or(0);
    let last = r.tables.get(CellId::t3(t3::R2, col)).unwrap_or(0);
    Some(results + carry - last)
}

#[test]
fn html_output_rollup_report_and_feedback_sheets() {
    let f = folder();
    let d = f.dir.0.to_str().unwrap();
    let html = f.dir.path("审核结果.html");
    let rollup = f.dir.path("逐级汇总-2025.ron");
    let o = nianbao(&[
        "review",
        d,
        "-o",
        html.to_str().unwrap(),
        "--rollup",
        rollup.to_str().unwrap(),
        "--org",
        "某县人民政府",
        "--feedback",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let page = std::fs::read_to_string(&html).expect("html");
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("lang=\"zh-CN\""));
    assert!(page.contains("<caption>") && page.contains("scope=\"col\"") && page.contains("rowspan="));
    assert!(!page.contains("<script"));
    // The roll-up report: the county's totals as its tables.
    let r = nianbao::io::load(&rollup).expect("roll-up report loads");
    assert_eq!(r.agency, "某县人民政府");
    assert_eq!(r.year, 2025);
    let sums = expected_sums(&f.counted);
    for c in cells() {
        assert_eq!(r.tables.get(c.id), Some(sums[c.id.0 as usize]), "{}", c.key);
    }
    // Never replaced: a second run compares instead.
    let before = std::fs::read(&rollup).expect("read");
    let o = nianbao(&["review", d, "-o", html.to_str().unwrap(), "--rollup", rollup.to_str().unwrap()]);
    assert!(stderr(&o).contains("未覆盖"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&rollup).expect("read"), before);
    // The roll-up file in the folder is not reviewed as a unit (逐级汇总*), nor are the sheets.
    let review = desk::run(&Request { dirs: vec![f.dir.0.clone()], ..Request::default() }, &|_| {});
    assert_eq!(review.current().count(), 6);
    let sheets = f.dir.0.join(desk::FEEDBACK_DIR);
    let n = std::fs::read_dir(&sheets).expect("feedback dir").count();
    assert_eq!(n, 12, "a PDF and a .docx for each of the six units");
    let pdf = sheets.join("乙镇人民政府-审核意见单.pdf");
    assert!(std::fs::read(&pdf).expect("pdf").starts_with(b"%PDF"));
}

#[test]
fn a_feedback_sheet_stays_on_one_page() {
    // The example as two townships' reports, with many suggestions each (headings, wording).
    let dir = TempDir::new("desk-feedback-page");
    for name in ["湖雷镇人民政府", "高头乡人民政府"] {
        let mut r = common::example();
        r.agency = name.to_owned();
        r.signer = name.to_owned();
        nianbao::io::save(&dir.path(&format!("{name}.ron")), &r).expect("save");
    }
    let o = nianbao(&["review", dir.0.to_str().unwrap(), "--feedback", "--org", "某县人民政府办公室"]);
    assert!(o.status.code().is_some_and(|c| c < 2), "{}", stderr(&o));
    let review = desk::run(&Request { dirs: vec![dir.0.clone()], ..Request::default() }, &|_| {});
    for u in review.current() {
        let suggestions =
            u.findings.iter().filter(|f| !f.must_fix() && f.finding.severity != nianbao::model::Severity::Info).count();
        assert!(suggestions > desk::feedback::MAX_SUGGESTIONS, "{}: {suggestions} suggestions", u.agency);
        // Eight suggestions took a second page; as many as fit are listed, the rest counted.
        let pdf = dir.0.join(desk::FEEDBACK_DIR).join(format!("{}.pdf", desk::feedback::file_stem(u)));
        let doc = lopdf::Document::load(&pdf).expect("the sheet is a PDF");
        assert_eq!(doc.get_pages().len(), 1, "{}", pdf.display());
        let holder = nianbao::model::Report::default();
        let fonts = nianbao::export::FontSet::new(FontPolicy::SystemFirst);
        let c = desk::feedback::one_page(u, "某县人民政府办公室", &holder, &fonts);
        let listed = c.items.len();
        let full =
            desk::feedback::content(u, "某县人民政府办公室", &holder, desk::feedback::MAX_SUGGESTIONS).items.len();
        assert!(listed < full, "{}: some suggestions were left to the workbook", u.agency);
    }
}

#[test]
fn an_empty_folder_or_an_unwritable_workbook_exits_2() {
    let dir = TempDir::new("desk-empty");
    let o = nianbao(&["review", dir.0.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("没有能读取的年度报告"), "{}", stderr(&o));
    nianbao::io::save(&dir.path("甲.ron"), &unit_report("甲镇人民政府", 1, 2025)).expect("save");
    let o = nianbao(&["review", dir.0.to_str().unwrap(), "-o", dir.path("无此文件夹/审核结果.xlsx").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("无法写入审核结果"), "{}", stderr(&o));
    let o = nianbao(&["review", dir.0.to_str().unwrap(), "-o", dir.path("x.csv").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}

/// A worksheet's XML by its position (1-based, as the sheets are written).
fn sheet_xml(path: &Path, n: usize) -> String {
    let bytes = std::fs::read(path).expect("read xlsx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("xlsx is a zip");
    let mut s = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{n}.xml")).expect("sheet").read_to_string(&mut s).expect("utf-8");
    s
}

#[test]
fn wrapped_rows_are_tall_enough_and_every_sheet_prints_one_page_wide() {
    let f = folder();
    let out = f.dir.path("审核结果.xlsx");
    let o = nianbao(&["review", f.dir.0.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let book = read_xlsx(&out);
    let mut multi_line_rows = 0;
    for (n, name) in desk::workbook::SHEETS.iter().enumerate() {
        let xml = sheet_xml(&out, n + 1);
        let doc = roxmltree::Document::parse(&xml).expect("sheet xml");
        // Printed on A4 landscape, one page wide (Calc and Excel scale the columns to fit).
        let setup = doc.descendants().find(|e| e.has_tag_name("pageSetup")).expect("pageSetup");
        assert_eq!(setup.attribute("orientation"), Some("landscape"), "{name}");
        assert_eq!(setup.attribute("paperSize"), Some("9"), "{name}");
        assert_eq!(setup.attribute("fitToHeight"), Some("0"), "{name}");
        assert!(doc.descendants().any(|e| e.has_tag_name("pageSetUpPr") && e.attribute("fitToPage") == Some("1")));
        if n >= 3 {
            continue; // the roll-ups: merged labels, checked by eye in Calc
        }
        // The listings: a row is as tall as its most wrapped cell, since Calc does not fit rows
        // to wrapped text when it opens a workbook.
        let widths: HashMap<usize, f64> = doc
            .descendants()
            .filter(|e| e.has_tag_name("col"))
            .flat_map(|e| {
                let w: f64 = e.attribute("width").and_then(|w| w.parse().ok()).unwrap_or(8.43);
                let min: usize = e.attribute("min").and_then(|v| v.parse().ok()).unwrap_or(1);
                let max: usize = e.attribute("max").and_then(|v| v.parse().ok()).unwrap_or(min);
                (min..=max).map(move |c| (c - 1, w))
            })
            .collect();
        let heights: HashMap<usize, f64> = doc
            .descendants()
            .filter(|e| e.has_tag_name("row"))
            .filter_map(|e| Some((e.attribute("r")?.parse().ok()?, e.attribute("ht")?.parse().ok()?)))
            .collect();
        for (at, text) in &book[*name] {
            let col: String = at.chars().take_while(char::is_ascii_alphabetic).collect();
            let row: usize = at[col.len()..].parse().expect("row");
            let c = col.bytes().fold(0, |n, b| n * 26 + usize::from(b - b'A' + 1)) - 1;
            let lines = desk::workbook::wrapped_lines(text, widths.get(&c).copied().unwrap_or(8.43) - 0.71);
            if lines > 1 {
                multi_line_rows += 1;
                let ht = heights.get(&row).copied().unwrap_or(15.0);
                assert!(
                    ht >= lines as f64 * desk::workbook::LINE_HEIGHT,
                    "{name}!{at}: {lines} lines in a row {ht} pt tall: {text}"
                );
            }
        }
    }
    assert!(multi_line_rows > 3, "the folder's findings wrap: {multi_line_rows}");
}

#[test]
fn libreoffice_calc_opens_the_workbook() {
    if std::process::Command::new("soffice").arg("--version").output().is_err() {
        panic!("LibreOffice (soffice) is needed: scripts/test.sh installs libreoffice-calc-nogui");
    }
    let f = folder();
    let out = f.dir.path("审核结果.xlsx");
    let o = nianbao(&["review", f.dir.0.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let conv = TempDir::new("desk-soffice");
    let profile = format!("-env:UserInstallation=file://{}", conv.path("profile").display());
    let s = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            conv.0.to_str().unwrap(),
            out.to_str().unwrap(),
        ])
        .output()
        .expect("soffice");
    let pdf = conv.path("审核结果.pdf");
    assert!(pdf.is_file(), "Calc converted the workbook: {}", String::from_utf8_lossy(&s.stderr));
    let text = Command::new("pdftotext").args([pdf.to_str().unwrap(), "-"]).output().expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("甲镇人民政府"), "{text}");

    // The sums as Calc reads them: every sheet to CSV (UTF-8; the last option, -1, writes each
    // sheet to its own file), then each roll-up cell against the sum computed from the reports.
    let s = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            conv.0.to_str().unwrap(),
            out.to_str().unwrap(),
        ])
        .output()
        .expect("soffice");
    let sums = expected_sums(&f.counted);
    for t in TableId::ALL {
        let csv = conv.path(&format!("审核结果-表{}汇总.csv", t.numeral()));
        let text = std::fs::read_to_string(&csv)
            .unwrap_or_else(|e| panic!("{}: {e}; {}", csv.display(), String::from_utf8_lossy(&s.stderr)));
        let rows: Vec<Vec<String>> = text.lines().map(csv_fields).collect();
        let g = grid(t);
        let GridContent::Label { text: first, .. } = g.cells[0].content else { panic!("grid starts with a label") };
        let top =
            rows.iter().position(|r| r.first().is_some_and(|c| c == first)).expect("table header in Calc's sheet");
        let mut checked = 0;
        for cell in &g.cells {
            if let GridContent::Value(id) = cell.content {
                let got = rows.get(top + cell.row).and_then(|r| r.get(cell.col)).expect("a value in Calc's sheet");
                let got_raw = if id.decl().kind == nianbao::model::ValueKind::Amount {
                    let v: f64 = got.parse().unwrap_or_else(|_| panic!("{} is a number: {got}", id.decl().key));
                    (v * 10_000.0).round() as u64
                } else {
                    got.parse().unwrap_or_else(|_| panic!("{} is a count: {got}", id.decl().key))
                };
                assert_eq!(got_raw, sums[id.0 as usize], "Calc's {}", id.decl().key);
                checked += 1;
            }
        }
        assert_eq!(checked, t.cells().len());
    }
}

/// The fields of one CSV line (quotes doubled inside quoted fields; no line breaks in cells of
/// the roll-up sheets).
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().expect("a field").push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            _ => out.last_mut().expect("a field").push(c),
        }
    }
    out
}

#[test]
fn a_roster_in_the_folder_is_never_a_report_and_a_review_of_no_report_of_its_year_is_not_clear() {
    let dir = TempDir::new("desk-roster-skip");
    nianbao::io::save(&dir.path("甲.ron"), &unit_report("甲镇人民政府", 1, 2025)).expect("save");
    // A roster that reads as a text report: it must not become a unit.
    let list = dir.path("名单.txt");
    std::fs::write(&list, "甲镇人民政府\n").expect("roster");
    let req = Request { dirs: vec![dir.0.clone()], roster: Some(list.clone()), ..Request::default() };
    let review = desk::run(&req, &|_| {});
    assert!(review.units.iter().all(|u| !u.file.ends_with("名单.txt")), "the roster is no unit");
    assert!(review.unreadable.iter().all(|u| !u.file.ends_with("名单.txt")), "nor unreadable");
    // A roster path with a typo skips nothing else: a broken file stays listed as unreadable.
    std::fs::write(dir.path("坏.docx"), b"not a zip").expect("broken");
    let typo = Request { dirs: vec![dir.0.clone()], roster: Some(dir.path("无此名单.txt")), ..Request::default() };
    let review = desk::run(&typo, &|_| {});
    assert!(review.unreadable.iter().any(|u| u.file.ends_with("坏.docx")), "{:?}", review.unreadable);
    std::fs::remove_file(dir.path("坏.docx")).expect("remove");
    // Only reports of another year: nothing was reviewed, so it is not clear (exit 1).
    let other = Request { dirs: vec![dir.0.clone()], year: Some(2026), ..Request::default() };
    let review = desk::run(&other, &|_| {});
    assert_eq!(review.current().count(), 0);
    assert!(!review.all_clear());
}
