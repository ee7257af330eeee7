//! The Word file: its parts as Word reads them (styles, fonts, page, grid, footers with a PAGE
//! field, draft header, tables with the official merges, repeated header rows, rows that do not
//! split, metadata), gating, and the round trip through `nianbao import`, also after LibreOffice
//! has saved the file again.

mod common;

use std::io::Read;
use std::process::Command;

use common::samples::{lost_numeral, missing_section, nonzero};
use common::{TempDir, example, set};
use nianbao::export::{ExportError, ExportOptions, FontPolicy, Format, export_as, meta};
use nianbao::import::import_docx;
use nianbao::model::tables::{GridContent, TableId, grid};
use nianbao::model::{AgencyLevel, Report};

fn opts() -> ExportOptions {
    ExportOptions {
        fonts: FontPolicy::BundledOnly,
        created: Some(1_735_776_000),
        force: true,
        ..ExportOptions::default()
    }
}

fn docx(r: &Report, draft: bool) -> Vec<u8> {
    export_as(r, None, Format::Docx, ExportOptions { draft, ..opts() }).expect("export").bytes
}

fn part(bytes: &[u8], name: &str) -> Option<String> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut f = z.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf-8");
    Some(s)
}

fn w<'a, 'i>(n: &roxmltree::Node<'a, 'i>, name: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    n.children().filter(|c| c.is_element() && c.tag_name().name() == name).collect()
}

fn val<'a>(n: &roxmltree::Node<'a, '_>, child: &str) -> Option<&'a str> {
    n.children()
        .find(|c| c.tag_name().name() == child)
        .and_then(|c| c.attributes().find(|a| a.name() == "val"))
        .map(|a| a.value())
}

#[test]
fn every_part_is_well_formed_and_listed() {
    let bytes = docx(&example(), true);
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("zip");
    let names: Vec<String> = z.file_names().map(str::to_owned).collect();
    for n in &names {
        let mut s = String::new();
        z.by_name(n).expect("part").read_to_string(&mut s).expect("utf-8");
        roxmltree::Document::parse(&s).unwrap_or_else(|e| panic!("{n}: {e}"));
    }
    let types = part(&bytes, "[Content_Types].xml").expect("content types");
    for n in names.iter().filter(|n| n.ends_with(".xml") && !n.contains("_rels") && *n != "[Content_Types].xml") {
        if n.starts_with("customXml/item1") {
            continue; // plain application/xml by the default entry
        }
        assert!(types.contains(&format!("PartName=\"/{n}\"")), "{n} has a content type");
    }
    // A final document has no header part.
    let final_doc = docx(&example(), false);
    assert!(part(&final_doc, "word/header1.xml").is_none());
    assert!(!part(&final_doc, "[Content_Types].xml").expect("types").contains("header1"));
}

#[test]
fn page_grid_styles_and_fonts() {
    let bytes = docx(&example(), false);
    let doc = part(&bytes, "word/document.xml").expect("document");
    let d = roxmltree::Document::parse(&doc).expect("xml");
    let sect = d.descendants().find(|n| n.tag_name().name() == "sectPr").expect("sectPr");
    let attr = |n: &str, a: &str| {
        sect.children()
            .find(|c| c.tag_name().name() == n)
            .and_then(|c| c.attributes().find(|x| x.name() == a))
            .map(|x| x.value().to_owned())
    };
    assert_eq!(attr("pgSz", "w").as_deref(), Some("11906"));
    assert_eq!(attr("pgSz", "h").as_deref(), Some("16838"));
    // 37 / 35 / 28 / 26 mm.
    assert_eq!(
        ["top", "bottom", "left", "right"].map(|a| attr("pgMar", a).unwrap_or_default()),
        ["2098", "1984", "1587", "1474"]
    );
    assert_eq!(attr("docGrid", "type").as_deref(), Some("linesAndChars"));
    assert_eq!(attr("docGrid", "linePitch").as_deref(), Some("579"));
    let footers: Vec<(String, String)> = w(&sect, "footerReference")
        .iter()
        .map(|f| {
            let get =
                |a: &str| f.attributes().find(|x| x.name() == a).map(|x| x.value().to_owned()).unwrap_or_default();
            (get("type"), get("id"))
        })
        .collect();
    assert_eq!(footers.len(), 2);
    assert!(footers.iter().any(|(t, _)| t == "default") && footers.iter().any(|(t, _)| t == "even"));
    let settings = part(&bytes, "word/settings.xml").expect("settings");
    assert!(settings.contains("<w:evenAndOddHeaders/>"));
    // Page numbers: “— PAGE —”, odd pages right, even pages left, 4号.
    let odd = part(&bytes, "word/footer1.xml").expect("odd footer");
    let even = part(&bytes, "word/footer2.xml").expect("even footer");
    for (f, jc) in [(&odd, "right"), (&even, "left")] {
        assert!(f.contains("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"), "{f}");
        assert!(f.contains("fldCharType=\"begin\"") && f.contains("fldCharType=\"end\""));
        assert!(f.contains("— ") && f.contains(" —"));
        assert!(f.contains(&format!("<w:jc w:val=\"{jc}\"/>")), "{f}");
    }
    let styles = part(&bytes, "word/styles.xml").expect("styles");
    let s = roxmltree::Document::parse(&styles).expect("xml");
    let style = |id: &str| {
        s.descendants()
            .find(|n| {
                n.tag_name().name() == "style" && n.attributes().any(|a| a.name() == "styleId" && a.value() == id)
            })
            .unwrap_or_else(|| panic!("style {id}"))
    };
    let font = |id: &str| {
        style(id)
            .descendants()
            .find(|n| n.tag_name().name() == "rFonts")
            .and_then(|n| n.attributes().find(|a| a.name() == "eastAsia"))
            .map(|a| a.value().to_owned())
    };
    assert_eq!(font("BodyText").as_deref(), Some("仿宋_GB2312"));
    assert_eq!(font("Heading1").as_deref(), Some("黑体"));
    assert_eq!(font("Heading2").as_deref(), Some("楷体_GB2312"));
    assert_eq!(font("ReportTitle").as_deref(), Some("方正小标宋简体"));
    // Headings are outline levels 1 and 2 (Word's navigation pane), with Word's own names.
    for (id, name, level) in [("Heading1", "heading 1", "0"), ("Heading2", "heading 2", "1")] {
        let st = style(id);
        assert_eq!(val(&st, "name"), Some(name));
        let ppr = st.children().find(|c| c.tag_name().name() == "pPr").expect("pPr");
        assert_eq!(val(&ppr, "outlineLvl"), Some(level));
    }
    let fonts = part(&bytes, "word/fontTable.xml").expect("fonts");
    assert!(fonts.contains("w:name=\"仿宋_GB2312\"><w:altName w:val=\"仿宋\"/>"));
    assert!(fonts.contains("w:name=\"方正小标宋简体\"><w:altName w:val=\"宋体\"/>"));
    // Paragraphs use the styles: every section heading is a Heading1 paragraph.
    let headings: Vec<String> = d
        .descendants()
        .filter(|p| p.tag_name().name() == "p")
        .filter(|p| {
            p.descendants().any(|n| n.tag_name().name() == "pStyle" && n.attributes().any(|a| a.value() == "Heading1"))
        })
        .map(|p| p.descendants().filter(|n| n.tag_name().name() == "t").filter_map(|n| n.text()).collect())
        .collect();
    let expected: Vec<String> = example().sections.iter().map(|s| s.heading.clone()).collect();
    assert_eq!(headings, expected);
    let core = part(&bytes, "docProps/core.xml").expect("core");
    assert!(core.contains("<dc:title>永定区金砂镇2024年政府信息公开工作年度报告</dc:title>"));
}

/// The grid of a Word table: (row, col, rowspan, colspan, text) of every cell that starts there.
fn word_grid(tbl: &roxmltree::Node<'_, '_>) -> Vec<(usize, usize, usize, usize, String)> {
    let mut cells: Vec<(usize, usize, usize, usize, String)> = Vec::new();
    for (r, tr) in w(tbl, "tr").iter().enumerate() {
        let mut col = 0;
        for tc in w(tr, "tc") {
            let pr = tc.children().find(|c| c.tag_name().name() == "tcPr").expect("tcPr");
            let span: usize = val(&pr, "gridSpan").map_or(1, |v| v.parse().expect("span"));
            let vmerge = pr.children().find(|c| c.tag_name().name() == "vMerge");
            let text: String =
                tc.descendants().filter(|n| n.tag_name().name() == "t").filter_map(|n| n.text()).collect();
            match vmerge {
                Some(v) if v.attributes().all(|a| a.value() != "restart") => {
                    let above = cells.iter_mut().find(|c| c.1 == col && c.0 + c.2 == r).expect("merged from above");
                    above.2 += 1;
                }
                _ => cells.push((r, col, 1, span, text)),
            }
            col += span;
        }
    }
    cells
}

#[test]
fn tables_have_the_official_merges_repeat_their_headers_and_never_split_a_row() {
    let r = nonzero();
    let bytes = docx(&r, false);
    let doc = part(&bytes, "word/document.xml").expect("document");
    let d = roxmltree::Document::parse(&doc).expect("xml");
    let tables: Vec<_> = d.descendants().filter(|n| n.tag_name().name() == "tbl").collect();
    assert_eq!(tables.len(), 3);
    for (tbl, t) in tables.iter().zip(TableId::ALL) {
        let g = grid(t);
        let rows = w(tbl, "tr");
        assert_eq!(rows.len(), g.rows, "{t:?}");
        for (i, tr) in rows.iter().enumerate() {
            let pr = tr.children().find(|c| c.tag_name().name() == "trPr").expect("trPr");
            assert!(pr.children().any(|c| c.tag_name().name() == "cantSplit"), "{t:?} row {i} may split");
            let header = pr.children().any(|c| c.tag_name().name() == "tblHeader");
            assert_eq!(header, i < g.header_rows, "{t:?} row {i}");
        }
        let mut expected: Vec<(usize, usize, usize, usize, String)> = g
            .cells
            .iter()
            .map(|c| {
                let text = match c.content {
                    GridContent::Label { text, .. } => text.to_owned(),
                    GridContent::Value(id) => r.tables.display(id),
                };
                (c.row, c.col, c.rowspan, c.colspan, text)
            })
            .collect();
        let mut found = word_grid(tbl);
        expected.sort();
        found.sort();
        assert_eq!(found, expected, "{t:?}");
        // Numbers are centred.
        assert_eq!(w(tbl, "tblGrid")[0].children().filter(|c| c.is_element()).count(), g.columns);
    }
    // Table 三: 3 header rows, the corner note over 3 × 3 cells, 三、本年度办理结果 down 22 rows.
    let t3 = word_grid(&tables[1]);
    assert!(t3.iter().any(|c| (c.0, c.1, c.2, c.3) == (0, 0, 3, 3) && c.4.starts_with("（本列数据的勾稽关系")));
    assert!(t3.iter().any(|c| (c.0, c.1, c.2, c.3) == (5, 0, 22, 1) && c.4 == "三、本年度办理结果"));
    // Single 0.5 pt borders.
    assert!(doc.contains("<w:insideH w:val=\"single\" w:sz=\"4\""));
}

#[test]
fn a_draft_says_so_in_every_page_header_and_blank_cells_stay_empty() {
    let mut r = example();
    r.tables.set(nianbao::model::CellId::from_key("t3.R2.natural").expect("key"), None);
    // Blocked as a final document (S05), written as a draft.
    let final_doc = export_as(&r, None, Format::Docx, ExportOptions { force: true, ..opts() });
    assert!(matches!(final_doc, Err(ExportError::Blocked(_))));
    let bytes = docx(&r, true);
    let header = part(&bytes, "word/header1.xml").expect("header");
    assert!(header.contains(">草稿<"));
    let doc = part(&bytes, "word/document.xml").expect("document");
    assert!(doc.contains("<w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/>"));
    assert!(doc.contains("<w:headerReference w:type=\"even\" r:id=\"rIdHeader\"/>"));
    // The blank cell is empty, not 0, and comes back blank.
    let back = import_docx(&bytes).expect("import");
    assert_eq!(back.report.tables.stored(nianbao::model::CellId::from_key("t3.R2.natural").expect("key")), None);
}

#[test]
fn the_metadata_travels_in_a_custom_xml_part() {
    let mut r = example();
    r.level = AgencyLevel::Government;
    let mut last = r.as_previous();
    last.year = 2023;
    r.previous = Some(last);
    let bytes = docx(&r, false);
    let m = meta::from_docx(&bytes).expect("present").expect("readable");
    assert_eq!(m.level, AgencyLevel::Government);
    assert_eq!(m.snapshot.as_ref(), Some(&r));
    let rels = part(&bytes, "word/_rels/document.xml.rels").expect("rels");
    assert!(rels.contains("relationships/customXml\" Target=\"../customXml/item1.xml\""));
}

#[test]
fn import_gives_back_the_same_report() {
    for (name, mut r) in [
        ("example", example()),
        ("nonzero", nonzero()),
        ("lost numeral", lost_numeral()),
        ("missing section", missing_section()),
    ] {
        // A field the page does not show and one it shows only in part.
        r.level = AgencyLevel::CountyDepartment;
        let mut last = r.as_previous();
        last.year = r.year - 1;
        r.previous = Some(last);
        let last = r.sections.len() - 1;
        r.sections[last].blocks.push(nianbao::model::Block::Paragraph("第一行。\n第二行。".into()));
        let back = import_docx(&docx(&r, false)).expect("import");
        assert_eq!(back.report, r, "{name}: {}", back.summary());
        assert!(back.is_complete() && back.structure.is_empty(), "{name}: {}", back.summary());
    }
}

#[test]
fn the_visible_content_alone_gives_back_every_printed_field() {
    // Without the metadata part (a tool that drops it): every cell, paragraph, heading, title
    // block, contact, signature and date is still read from what the page shows.
    for r in [example(), nonzero()] {
        let bytes = docx(&r, false);
        let stripped = strip_metadata(&bytes);
        assert!(meta::from_docx(&stripped).is_none());
        let back = import_docx(&stripped).expect("import").report;
        assert!(nianbao::import::meta::prints_the_same(&back, &r));
        assert_eq!(back.tables, r.tables);
        assert_eq!(
            (&back.title, &back.doc_number, &back.preamble, &back.contact),
            (&r.title, &r.doc_number, &r.preamble, &r.contact)
        );
        assert_eq!((&back.signer, back.date, &back.sections), (&r.signer, r.date, &r.sections));
    }
}

fn strip_metadata(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut wz = zip::ZipWriter::new(&mut out);
        for i in 0..z.len() {
            let mut f = z.by_index(i).expect("entry");
            let name = f.name().to_owned();
            if name.starts_with("customXml/") {
                continue;
            }
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("read");
            wz.start_file(name, zip::write::SimpleFileOptions::default()).expect("entry");
            wz.write_all(&data).expect("write");
        }
        wz.finish().expect("finish");
    }
    out.into_inner()
}

#[test]
fn the_visible_content_wins_over_the_metadata() {
    let mut r = example();
    r.level = AgencyLevel::Government;
    let bytes = docx(&r, false);
    // A reviewer changes a sentence in Word.
    let doc = part(&bytes, "word/document.xml").expect("document");
    let edited = doc.replace("还存在一下问题", "还存在以下问题");
    assert_ne!(doc, edited);
    let back = import_docx(&replace_part(&bytes, "word/document.xml", &edited)).expect("import").report;
    assert!(back.sections[4].blocks.iter().any(|b| b.text().contains("还存在以下问题")));
    assert_eq!(back.level, AgencyLevel::Government, "the level still comes from the metadata");
    assert_eq!(back.tables, r.tables);
    assert_eq!(back.agency, r.agency);
}

fn replace_part(bytes: &[u8], name: &str, text: &str) -> Vec<u8> {
    use std::io::Write;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut wz = zip::ZipWriter::new(&mut out);
        for i in 0..z.len() {
            let mut f = z.by_index(i).expect("entry");
            let n = f.name().to_owned();
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("read");
            wz.start_file(n.clone(), zip::write::SimpleFileOptions::default()).expect("entry");
            wz.write_all(if n == name { text.as_bytes() } else { &data }).expect("write");
        }
        wz.finish().expect("finish");
    }
    out.into_inner()
}

/// LibreOffice opens the file and saves it again, rewriting the whole document (a stand-in for
/// Word on a reviewer's PC).
fn resave_with_libreoffice(dir: &TempDir, bytes: &[u8]) -> Vec<u8> {
    let src_dir = dir.path("in");
    let out_dir = dir.path("out");
    std::fs::create_dir_all(&src_dir).expect("dir");
    let src = src_dir.join("report.docx");
    std::fs::write(&src, bytes).expect("write");
    let profile = format!("-env:UserInstallation=file://{}", dir.path("profile").display());
    let status = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir"])
        .arg(&out_dir)
        .arg(&src)
        .output()
        .expect("LibreOffice (soffice) is needed for this test: scripts/test.sh installs libreoffice-writer-nogui");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    std::fs::read(out_dir.join("report.docx")).expect("LibreOffice wrote the file")
}

#[test]
fn a_file_saved_again_by_libreoffice_imports_to_the_same_report() {
    let dir = TempDir::new("lo-resave");
    let mut r = nonzero();
    r.level = AgencyLevel::Other;
    let again = resave_with_libreoffice(&dir, &docx(&r, false));
    let back = import_docx(&again).expect("import");
    assert!(nianbao::import::meta::prints_the_same(&back.report, &r), "{}", back.summary());
    assert_eq!(back.report.tables, r.tables);
    assert_eq!(back.report, r, "with the metadata kept by LibreOffice: {}", back.summary());
}

#[test]
fn command_line_round_trip() {
    let dir = TempDir::new("docx-cli");
    let src = dir.path("r.ron");
    let mut r = nonzero();
    set(&mut r, "t2.licensing", 41);
    nianbao::io::save(&src, &r).expect("save");
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().expect("run");
    let out = dir.path("r.docx");
    let o = run(&["export", src.to_str().unwrap(), "-o", out.to_str().unwrap(), "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let back = dir.path("back.ron");
    let o = run(&["import", out.to_str().unwrap(), "-o", back.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(nianbao::io::load(&back).expect("load"), r);
    // --format overrides the extension; an unknown extension is refused; never over an input.
    let o = run(&["export", src.to_str().unwrap(), "-o", dir.path("x.dat").to_str().unwrap(), "--force"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("扩展名"));
    let o = run(&[
        "export",
        src.to_str().unwrap(),
        "-o",
        dir.path("x.dat").to_str().unwrap(),
        "--format",
        "docx",
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(import_docx(&std::fs::read(dir.path("x.dat")).expect("written")).is_ok());
    let o = run(&["export", src.to_str().unwrap(), "-o", src.to_str().unwrap(), "--format", "html", "--force"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(nianbao::io::load(&src).expect("the input is untouched"), r);
    let o = run(&["export", src.to_str().unwrap(), "--format", "html", "--force"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(dir.path("r.html").exists(), "default output: the input's name with the format's extension");
}
