//! Import from every format last year's report may come in, through the command line too:
//! typo'd tables, Chinese-numeral dates, readings of cell texts, web pages in GBK, PDFs (also
//! encrypted with an empty password), old Word files without LibreOffice, `next` and
//! `check --previous` from any format, and hostile files refused quickly in Chinese.

mod common;

use std::process::Command;
use std::time::Instant;

use common::corpus::{Mess, gbk_page, nonzero_report, portal_page, word_blocks};
use common::docx::{W, docx};
use common::{TempDir, example, template};
use nianbao::export::{ExportOptions, FontPolicy, export};
use nianbao::import::{ACCEPTED_EXTENSIONS, import_bytes as import_any, import_file};
use nianbao::model::standard::next_report;
use nianbao::model::tables::CellId;
use nianbao::model::{Date, Report, Severity};

fn nianbao(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().expect("run")
}

fn pdf_of(r: &Report) -> Vec<u8> {
    let opts = ExportOptions {
        fonts: FontPolicy::BundledOnly,
        created: Some(1_735_776_000),
        force: true,
        ..Default::default()
    };
    export(r, None, opts).expect("export").bytes
}

fn import_bytes(bytes: &[u8], ext: &str) -> nianbao::import::Imported {
    import_any(bytes, ext).expect("import")
}

#[test]
fn typos_are_matched_by_label_and_position_and_reported_with_the_standard_text() {
    let r = nonzero_report(7);
    let imported = import_bytes(&docx(&word_blocks(&r, Mess { typos: true, ..Mess::default() })), "docx");
    assert_eq!(imported.report.tables, r.tables, "{}", imported.summary());
    assert!(imported.is_complete(), "{}", imported.summary());
    let s11: Vec<_> = imported.structure.iter().filter(|f| f.rule == "S11").collect();
    assert!(
        s11.iter().any(|f| f.message
            == "表三中的“5.属于三类内部事物信息”与国办格式“5.属于三类内部事务信息”不一致，已按“5.属于三类内部事务信息”导入，建议改为标准写法。"),
        "{s11:?}"
    );
    assert!(s11.iter().any(|f| f.message.contains("“社会公益机构”") && f.message.contains("“社会公益组织”")));
    assert!(s11.iter().any(|f| f.message.contains("“行政强治”")));
    assert!(s11.iter().all(|f| f.severity == Severity::Warning));
    // No S03 for rows that were found under a typo.
    assert!(imported.structure.iter().all(|f| f.rule != "S03"), "{:?}", imported.structure);
    assert!(imported.summary().contains("表三“2.重申复请”按标准行“2.重复申请”导入"));
}

#[test]
fn competing_and_unmatchable_rows_are_left_unmapped_with_their_numbers() {
    let r = nonzero_report(3);
    let mut blocks = word_blocks(&r, Mess::default());
    for b in &mut blocks {
        if let W::T(rows) = b {
            for row in rows.iter_mut() {
                for cell in row.iter_mut() {
                    // Two rows that both look like 6.属于四类过程性信息, and a row of the agency's own.
                    if cell.0 == "5.属于三类内部事务信息" {
                        cell.0 = "6.属于四类过程性信".into();
                    }
                    if cell.0 == "6.属于四类过程性信息" {
                        cell.0 = "6.属于四类过程信息".into();
                    }
                    if cell.0 == "2.重复申请" {
                        cell.0 = "本镇自行增加的统计项".into();
                    }
                }
            }
        }
    }
    let imported = import_bytes(&docx(&blocks), "docx");
    let summary = imported.summary();
    let t = &imported.report.tables;
    for row in ["R3_3_5", "R3_3_6", "R3_5_2"] {
        for col in ["natural", "total"] {
            let id = CellId::from_key(&format!("t3.{row}.{col}")).expect("cell");
            assert_eq!(t.stored(id), None, "{row}.{col} must not be guessed");
        }
    }
    assert!(summary.contains("与另一行同时对应标准行“6.属于四类过程性信息”"), "{summary}");
    let natural = r.tables.t3(16, 0).expect("value").to_string();
    assert!(
        summary.contains(&format!("表三“本镇自行增加的统计项”行与标准行都对应不上，未导入（数值：{natural}、")),
        "{summary}"
    );
    // Everything else is right.
    let other = CellId::from_key("t3.R3_3_4.natural").expect("cell");
    assert_eq!(t.stored(other), r.tables.stored(other));
    assert!(!imported.is_complete());
}

#[test]
fn readings_placeholders_and_chinese_dates_are_listed() {
    let r = nonzero_report(5);
    let imported =
        import_bytes(&docx(&word_blocks(&r, Mess { cell_forms: true, chinese_date: true, ..Mess::default() })), "docx");
    assert_eq!(imported.report.date, Date::new(2026, 1, 15));
    let s = imported.summary();
    assert!(s.contains("读数：表二“行政许可”×“本年处理决定数量”：“"), "{s}");
    assert!(s.contains("（去掉了千位分隔符）"), "{s}");
    assert!(s.contains("（去掉了单位）"), "{s}");
    assert!(s.contains("（去掉了数字后的注释符号）"), "{s}");
    assert!(s.contains("全角数字或标点已转换"), "{s}");
    assert!(s.contains("为“—”，按空白导入"), "{s}");
    // The checks still report the placeholders as blank cells (S05).
    let findings = nianbao::model::check(&imported.report, None);
    assert!(findings.iter().any(|f| f.rule == "S05"));
}

#[test]
fn a_month_only_date_is_not_guessed() {
    let r = template();
    let mut blocks = word_blocks(&r, Mess::default());
    blocks.push(W::P("2025年元月".into()));
    let imported = import_bytes(&docx(&blocks), "docx");
    assert_eq!(imported.report.date, None);
    assert!(imported.summary().contains("落款日期“2025年元月”没有写明日（2025年1月）"), "{}", imported.summary());
}

#[test]
fn text_dumps_in_gbk_import() {
    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed-jinsha-2024.txt"),
    )
    .expect("seed");
    // GBK has no no-break space; Notepad writes a space.
    let seed = seed.replace('\u{a0}', " ");
    let (gbk, _, bad) = encoding_rs::GBK.encode(&seed);
    assert!(!bad);
    let dir = TempDir::new("gbk-txt");
    let src = dir.path("金砂镇年报.txt");
    std::fs::write(&src, &gbk).expect("write");
    let imported = import_file(&src).expect("import");
    assert_eq!(imported.report, example());
}

#[test]
fn web_pages_keep_the_report_and_drop_the_portal() {
    let r = example();
    let imported = import_bytes(portal_page(&r, "utf-8", Mess::default()).as_bytes(), "html");
    assert_eq!(imported.report, r, "{}", imported.summary());
    let gbk = import_bytes(&gbk_page(&r, Mess::default()), "htm");
    assert_eq!(gbk.report, r);
    // Nothing of the portal is left in the report.
    let all = format!("{:?}", gbk.report);
    for chrome in
        ["首页", "当前位置", "发布时间", "浏览次数", "字体", "打印本页", "版权所有", "ICP备", "索引号", "不是正文"]
    {
        assert!(!all.contains(chrome), "{chrome}");
    }
}

#[test]
fn nianbao_pdf_round_trips_and_an_empty_password_pdf_is_read() {
    let r = nonzero_report(11);
    let bytes = pdf_of(&r);
    let imported = import_bytes(&bytes, "pdf");
    assert_eq!(imported.report, r, "{}", imported.summary());
    // Encrypted with an empty user password, as portals publish them.
    let mut doc = lopdf::Document::load_mem(&bytes).expect("load");
    if doc.trailer.get(b"ID").is_err() {
        let id = lopdf::Object::String(b"0123456789abcdef".to_vec(), lopdf::StringFormat::Hexadecimal);
        doc.trailer.set("ID", lopdf::Object::Array(vec![id.clone(), id]));
    }
    let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner-secret",
        user_password: "",
        key_length: 128,
        permissions: lopdf::Permissions::PRINTABLE,
    })
    .expect("encryption");
    doc.encrypt(&state).expect("encrypt");
    let mut encrypted = Vec::new();
    doc.save_to(&mut encrypted).expect("save");
    assert!(encrypted.windows(8).any(|w| w == b"/Encrypt"));
    let imported = import_bytes(&encrypted, "pdf");
    assert_eq!(imported.report.tables, r.tables);
}

#[test]
fn a_pdf_without_text_is_refused_with_advice() {
    let mut doc = lopdf::Document::load_mem(&pdf_of(&template())).expect("load");
    let pages: Vec<_> = doc.get_pages().values().copied().collect();
    for p in pages {
        let content = lopdf::Stream::new(lopdf::Dictionary::new(), b"q 100 0 0 100 0 0 cm Q".to_vec());
        let id = doc.add_object(content);
        doc.get_dictionary_mut(p).expect("page").set("Contents", lopdf::Object::Reference(id));
    }
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    let e = import_any(&bytes, "pdf").expect_err("refused").to_string();
    assert!(e.contains("没有可读取的文字层") && e.contains("Word"), "{e}");
}

#[test]
fn old_word_files_without_libreoffice_say_save_as_docx() {
    let dir = TempDir::new("doc-no-lo");
    let src = dir.path("2024年报.doc");
    std::fs::write(&src, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).expect("write");
    let out = dir.path("out.ron");
    let o = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .env("NIANBAO_SOFFICE", "")
        .args(["import", src.to_str().expect("path"), "-o", out.to_str().expect("path")])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("没有找到 LibreOffice") && err.contains("另存为") && err.contains(".docx"), "{err}");
    assert!(!out.exists());
}

#[test]
fn the_accepted_extensions_cover_every_reader() {
    for ext in ["docx", "doc", "wps", "pdf", "html", "htm", "mht", "mhtml", "txt"] {
        assert!(ACCEPTED_EXTENSIONS.contains(&ext), "{ext}");
    }
}

#[test]
fn next_and_check_previous_take_last_years_report_in_any_format() {
    let last = nonzero_report(9);
    let dir = TempDir::new("next-any");
    let sources = [
        ("last.docx", docx(&word_blocks(&last, Mess::default()))),
        ("last.pdf", pdf_of(&last)),
        ("last.html", portal_page(&last, "utf-8", Mess::default()).into_bytes()),
    ];
    let expected = next_report(&last);
    for (name, bytes) in &sources {
        let src = dir.path(name);
        std::fs::write(&src, bytes).expect("write");
        let out = dir.path(&format!("{name}.next.ron"));
        let o = nianbao(&["next", src.to_str().expect("path"), "-o", out.to_str().expect("path")]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{name}: {err}");
        assert!(err.contains("已导入上年的年报"), "{err}");
        let next = nianbao::io::load(&out).expect("load");
        assert_eq!(next, expected, "{name}");
        assert_eq!(
            next.tables.t3(nianbao::model::tables::t3::R2, 0),
            last.tables.t3(nianbao::model::tables::t3::R4, 0)
        );
        // check --previous with the same file in its original format.
        let o = nianbao(&["check", out.to_str().expect("path"), "--previous", src.to_str().expect("path"), "--json"]);
        assert!(matches!(o.status.code(), Some(0 | 1)), "{name}");
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        assert!(json.as_array().is_some_and(|a| a.iter().any(|f| f["rule"] == "Y03")), "{name}");
    }
    // An unreadable last year's file: exit 2, nothing written.
    let bad = dir.path("bad.pdf");
    std::fs::write(&bad, b"%PDF-1.7 broken").expect("write");
    let out = dir.path("bad.ron");
    let o = nianbao(&["next", bad.to_str().expect("path"), "-o", out.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("无法导入上年的年报"));
    assert!(!out.exists());
}

/// A guard against a hang or a walk that grows with the square of the input (those take minutes
/// on these inputs), not a speed test: the test binary is a debug build on a shared machine. The
/// speeds are measured in release by `cargo bench --bench import` (README).
fn bounded(t: Instant) {
    assert!(t.elapsed().as_secs() < 60, "{:?}", t.elapsed());
}

#[test]
fn hostile_files_are_refused_quickly_in_chinese() {
    // 100 000 nested elements: read in linear time, nothing lost from the report around them.
    let r = example();
    let page = portal_page(&r, "utf-8", Mess::default());
    let deep = format!("{}{}", "<div><span>".repeat(100_000), "</span></div>".repeat(100_000));
    let hostile = page.replacen("<div class=\"content\">", &format!("<div class=\"content\">{deep}"), 1);
    let t = Instant::now();
    let imported = import_bytes(hostile.as_bytes(), "html");
    bounded(t);
    assert_eq!(imported.report.tables, r.tables);
    // 100 000 nested tables.
    let tables = format!("{}x{}", "<table><tr><td>".repeat(100_000), "</td></tr></table>".repeat(100_000));
    let t = Instant::now();
    // Read without panicking or stack overflow: no report in it.
    let read = import_any(tables.as_bytes(), "html");
    assert!(read.is_err() || read.is_ok_and(|i| !i.is_complete()));
    bounded(t);
    // A 50 MB page.
    let dir = TempDir::new("hostile");
    let big = dir.path("big.html");
    std::fs::write(&big, "<p>填充</p>".repeat(50 * 1024 * 1024 / 13)).expect("write");
    let t = Instant::now();
    let e = import_file(&big).expect_err("refused").to_string();
    assert!(e.contains("过大"), "{e}");
    bounded(t);
    // A PDF whose page content inflates without bound.
    let mut doc = lopdf::Document::load_mem(&pdf_of(&template())).expect("load");
    let page = *doc.get_pages().values().next().expect("page");
    let mut bomb = lopdf::Stream::new(lopdf::Dictionary::new(), vec![b' '; 64 * 1024 * 1024]);
    bomb.compress().expect("compress");
    let id = doc.add_object(bomb);
    doc.get_dictionary_mut(page).expect("page").set("Contents", lopdf::Object::Reference(id));
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    assert!(bytes.len() < 2 * 1024 * 1024);
    let t = Instant::now();
    let e = import_any(&bytes, "pdf").expect_err("refused").to_string();
    assert!(e.contains("过大") && e.contains("PDF"), "{e}");
    bounded(t);
}

#[test]
fn nianbaos_own_web_page_imports_back_with_and_without_its_metadata() {
    use nianbao::export::{Format, export_as};
    let opts =
        ExportOptions { fonts: FontPolicy::BundledOnly, created: Some(1_735_776_000), draft: false, force: true };
    for r in [example(), nonzero_report(13)] {
        let page = String::from_utf8(export_as(&r, None, Format::Html, opts).expect("export").bytes).expect("utf-8");
        assert_eq!(import_bytes(page.as_bytes(), "html").report, r);
        // Without the metadata the visible page alone gives the same report (the level is
        // guessed from the name, right for these townships).
        let start = page.find("<div hidden id=\"nianbao-metadata\"").expect("metadata");
        let end = start + page[start..].find("</div>").expect("end") + "</div>".len();
        let bare = format!("{}{}", &page[..start], &page[end..]);
        let imported = import_bytes(bare.as_bytes(), "html");
        assert_eq!(imported.report.tables, r.tables, "{}", imported.summary());
        assert_eq!(imported.report, r, "{}", imported.summary());
    }
}

#[test]
fn nianbaos_pdf_carries_the_fields_it_does_not_print() {
    // A department's report with last year's tables: neither is printed.
    let mut r = next_report(&nonzero_report(17));
    r.level = nianbao::model::AgencyLevel::CountyDepartment;
    r.tables = nonzero_report(18).tables;
    r.date = Date::new(2027, 1, 20);
    let bytes = pdf_of(&r);
    let imported = import_bytes(&bytes, "pdf");
    assert_eq!(imported.report, r, "{}", imported.summary());
    assert!(imported.report.previous.is_some());
    // The metadata is an update appended to what printpdf wrote; readers see the same pages.
    let dir = TempDir::new("pdf-meta");
    let path = dir.path("r.pdf");
    std::fs::write(&path, &bytes).expect("write");
    let o = Command::new("pdfinfo").arg(&path).output().expect("pdfinfo (apt-get install poppler-utils)");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("Pages:"));
}

#[test]
fn a_word_file_with_broken_metadata_is_noted_in_chinese() {
    use nianbao::export::{Format, export_as};
    use std::io::{Read, Write};
    let opts =
        ExportOptions { fonts: FontPolicy::BundledOnly, created: Some(1_735_776_000), draft: false, force: true };
    let r = example();
    let bytes = export_as(&r, None, Format::Docx, opts).expect("export").bytes;
    // The metadata part cut short, then closed by a tag that does not match.
    let broken = format!("<nianbao xmlns=\"{}\"><level>government</snapshot>", nianbao::export::meta::NAMESPACE);
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).expect("zip");
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut wz = zip::ZipWriter::new(&mut out);
        for i in 0..z.len() {
            let mut f = z.by_index(i).expect("entry");
            let name = f.name().to_owned();
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("read");
            if name == "customXml/item1.xml" {
                data = broken.clone().into_bytes();
            }
            wz.start_file(name, zip::write::SimpleFileOptions::default()).expect("entry");
            wz.write_all(&data).expect("write");
        }
        wz.finish().expect("finish");
    }
    let imported = import_bytes(&out.into_inner(), "docx");
    let note = imported.mapped.iter().find(|m| m.contains("元数据已损坏")).expect("the broken metadata is noted");
    assert!(note.contains("第 1 行"), "{note}");
    assert!(!note.chars().any(|c| c.is_ascii_alphabetic()), "English in the note: {note}");
    // The visible content is still imported.
    assert_eq!(imported.report.title, r.title);
}
