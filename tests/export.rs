//! PDF export: the layout as data, the PDF as a reader's tools see it, gating and fonts.

mod common;

use std::process::Command;

use common::{TempDir, example, set};
use nianbao::export::layout::{BOTTOM, CHAR, LEFT, LineKind, PAGE_H, RIGHT, TOP, WIDTH, layout};
use nianbao::export::text::{no_line_end, no_line_start};
use nianbao::export::units::{Mm, Pt};

const E: Mm = Mm(0.01);
use nianbao::export::{ExportError, ExportOptions, FontPolicy, FontSet, LayoutOptions, Role, WATERMARK, export};
use nianbao::model::tables::{TableId, grid};
use nianbao::model::{Block, Report};

fn bundled() -> FontSet {
    FontSet::new(FontPolicy::BundledOnly)
}

fn opts() -> ExportOptions {
    ExportOptions { fonts: FontPolicy::BundledOnly, created: Some(1_735_776_000), ..ExportOptions::default() }
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed for this test (apt-get install poppler-utils): {e}"));
    assert!(out.status.success(), "{name} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn example_layout_page_count_and_margins() {
    let l = layout(&example(), &bundled(), LayoutOptions::default());
    assert_eq!(l.pages.len(), 7);
    assert!(l.missing.is_empty());
    for (p, page) in l.pages.iter().enumerate() {
        for r in &page.runs {
            let is_page_number = r.baseline > BOTTOM;
            assert!(r.x >= LEFT - E && r.x + r.width <= RIGHT + E, "page {p}: {r:?}");
            if is_page_number {
                assert!(r.baseline < PAGE_H - Mm(10.0));
            } else {
                assert!(r.baseline - r.size.mm() >= TOP - E && r.baseline <= BOTTOM + E, "page {p}: {r:?}");
            }
        }
        for rule in &page.rules {
            for (x, y) in [(rule.x1, rule.y1), (rule.x2, rule.y2)] {
                assert!((LEFT - E..=RIGHT + E).contains(&x) && (TOP - E..=BOTTOM + E).contains(&y), "{rule:?}");
            }
        }
    }
}

#[test]
fn line_start_and_end_prohibitions_hold() {
    let l = layout(&example(), &bundled(), LayoutOptions::default());
    let body: Vec<_> = l.lines.iter().filter(|x| matches!(x.kind, LineKind::Body | LineKind::TableCell)).collect();
    assert!(body.len() > 100);
    for line in body {
        let first = line.text.chars().next().unwrap_or(' ');
        let last = line.text.trim_end().chars().last().unwrap_or(' ');
        assert!(!no_line_start(first), "line starts with {first}: {}", line.text);
        assert!(!no_line_end(last), "line ends with {last}: {}", line.text);
    }
}

#[test]
fn body_lines_are_justified_on_the_grid() {
    let l = layout(&example(), &bundled(), LayoutOptions::default());
    let justified: Vec<_> = l.lines.iter().filter(|x| x.kind == LineKind::Body && x.justified).collect();
    assert!(justified.len() > 50);
    for line in &justified {
        let right = line.x + line.width;
        assert!((right - RIGHT).abs() < Mm(0.05), "{} ends at {right}", line.text);
    }
    // 28 characters to a full line of ideographs.
    let full =
        justified.iter().filter(|x| x.text.chars().count() == 28 && x.text.chars().all(|c| !c.is_ascii())).count();
    assert!(full > 10, "{full} lines of exactly 28 characters");
    // The first line of a paragraph is indented two characters.
    let first = l.lines.iter().find(|x| x.text.starts_with("本报告依据")).unwrap();
    assert!((first.x - (LEFT + 2.0 * CHAR)).abs() < E);
    let _ = WIDTH;
}

#[test]
fn title_is_centred_in_two_balanced_lines() {
    let l = layout(&example(), &bundled(), LayoutOptions::default());
    let title: Vec<_> = l.lines.iter().filter(|x| x.kind == LineKind::Title).collect();
    assert_eq!(title.len(), 2);
    assert_eq!(title[0].text, "永定区金砂镇2024年");
    assert_eq!(title[1].text, "政府信息公开工作年度报告");
    for t in title {
        let centre = t.x + t.width / 2.0;
        assert!((centre - (LEFT + RIGHT) / 2.0).abs() < Mm(0.1));
    }
}

#[test]
fn page_numbers_alternate_sides() {
    let l = layout(&example(), &bundled(), LayoutOptions::default());
    let numbers: Vec<_> = l.lines.iter().filter(|x| x.kind == LineKind::PageNumber).collect();
    assert_eq!(numbers.len(), l.pages.len());
    for n in &numbers {
        assert_eq!(n.text, format!("— {} —", n.page + 1));
        if (n.page + 1) % 2 == 1 {
            assert!(n.x + n.width > RIGHT - Mm(8.0), "odd pages on the right");
        } else {
            assert!(n.x < LEFT + Mm(8.0), "even pages on the left");
        }
    }
}

/// A report long enough that table 三 must break across pages.
fn long_report() -> Report {
    let mut r = example();
    for _ in 0..6 {
        r.sections[2].blocks.push(Block::Paragraph(
            "本年度，本机关严格落实政府信息公开申请登记、审核、办理、答复、归档等各环节工作要求，确保依法按时答复。"
                .into(),
        ));
    }
    r
}

#[test]
fn table_rows_never_split_and_headers_repeat() {
    for r in [example(), long_report()] {
        let l = layout(&r, &bundled(), LayoutOptions::default());
        for t in TableId::ALL {
            let g = grid(t);
            let rows: Vec<_> = l.rows.iter().filter(|x| x.table == t).collect();
            // Every grid row placed once (repeats aside), whole, inside the text block.
            for row in 0..g.rows {
                let placed: Vec<_> = rows.iter().filter(|x| x.row == row && !x.repeated).collect();
                assert_eq!(placed.len(), 1, "{t:?} row {row}");
            }
            for x in &rows {
                assert!(x.top >= TOP - E && x.bottom <= BOTTOM + E, "{x:?}");
            }
            // A page the table continues on starts with the header rows, repeated.
            let pages: std::collections::BTreeSet<usize> = rows.iter().map(|x| x.page).collect();
            for (k, page) in pages.iter().enumerate() {
                let on_page: Vec<_> = rows.iter().filter(|x| x.page == *page).collect();
                if k > 0 && g.header_rows > 0 {
                    let first: Vec<usize> = on_page.iter().take(g.header_rows).map(|x| x.row).collect();
                    assert_eq!(first, (0..g.header_rows).collect::<Vec<_>>(), "{t:?} page {page}");
                    assert!(on_page.iter().take(g.header_rows).all(|x| x.repeated));
                }
            }
        }
        let t3_pages: std::collections::BTreeSet<usize> =
            l.rows.iter().filter(|x| x.table == TableId::T3).map(|x| x.page).collect();
        assert!(t3_pages.len() >= 2, "table 三 spans pages in both reports");
    }
}

#[test]
fn pdf_text_round_trips_and_fonts_are_subsets() {
    let dir = TempDir::new("pdf");
    let r = example();
    let done = export(&r, None, opts()).expect("export");
    assert_eq!(done.pages, 7);
    let path = dir.path("jinsha.pdf");
    std::fs::write(&path, &done.bytes).unwrap();
    // Page numbers (“— 1 —”) stand between the parts of a paragraph split by a page break.
    let raw = tool("pdftotext", &[path.to_str().unwrap(), "-"]);
    let text: String = raw.lines().filter(|l| !(l.starts_with('—') && l.ends_with('—'))).map(squeeze).collect();
    // Every prose paragraph of the report, in order.
    let mut at = 0;
    let mut paragraphs: Vec<String> = vec![r.doc_number.clone(), r.title.clone()];
    paragraphs.extend(r.preamble.iter().cloned());
    for s in &r.sections {
        paragraphs.push(s.heading.clone());
        paragraphs.extend(s.blocks.iter().map(|b| b.text().to_owned()));
    }
    paragraphs.push(r.signer.clone());
    for p in paragraphs {
        let p = squeeze(&p);
        let found = text[at..].find(&p).unwrap_or_else(|| panic!("not found in order: {p}"));
        at += found + p.len();
    }
    // Every table label: its typeset lines are in the PDF text, and together they are the label.
    let laid = layout(&r, &bundled(), LayoutOptions::default());
    let cell_lines: Vec<String> =
        laid.lines.iter().filter(|x| x.kind == LineKind::TableCell).map(|x| squeeze(&x.text)).collect();
    for line in &cell_lines {
        assert!(text.contains(line.as_str()), "table text {line}");
    }
    let all_cells: String = cell_lines.concat();
    for t in TableId::ALL {
        for c in &grid(t).cells {
            if let nianbao::model::tables::GridContent::Label { text: label, .. } = c.content {
                assert!(all_cells.contains(&squeeze(label)), "label {label}");
            }
        }
    }
    assert!(text.contains("2025年1月2日"));
    let fonts = tool("pdffonts", &[path.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 4, "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+', "subset tag: {row}");
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "emb sub uni: {row}");
    }
    let info = tool("pdfinfo", &[path.to_str().unwrap()]);
    assert!(info.contains("Title:           永定区金砂镇2024年政府信息公开工作年度报告"), "{info}");
    assert!(info.contains("Author:          龙岩市永定区金砂镇人民政府"));
    assert!(info.contains("A4"));
    assert!(!info.contains("PDF/X"));
    assert_eq!(done.fonts.len(), 4);
    assert!(done.fonts.iter().any(|(role, name, _)| *role == Role::Body && name == "FandolFang-Regular"));
}

#[test]
fn table_numbers_are_in_the_pdf() {
    let dir = TempDir::new("numbers");
    let mut r = example();
    set(&mut r, "t3.R1.natural", 7);
    set(&mut r, "t3.R3_1.natural", 6);
    set(&mut r, "t3.R4.natural", 1);
    set(&mut r, "t4.review.upheld", 3);
    set(&mut r, "t2.norm.made", 4);
    set(&mut r, "t2.norm.valid", 11);
    r.tables.set(nianbao::model::CellId::from_key("t2.fee_wan_yuan").unwrap(), Some(12_500));
    r.sections[0].blocks.retain(|b| !b.text().contains("没有受理"));
    let done = export(&r, None, ExportOptions { force: true, ..opts() }).expect("export");
    let path = dir.path("n.pdf");
    std::fs::write(&path, &done.bytes).unwrap();
    let layout_text = tool("pdftotext", &["-layout", path.to_str().unwrap(), "-"]);
    assert!(layout_text.contains("1.25"), "the 万元 amount");
    let row = layout_text.lines().find(|l| l.contains("一、本年新收政府信息公开申请数量")).unwrap();
    assert_eq!(row.split_whitespace().skip(1).collect::<Vec<_>>(), ["7", "0", "0", "0", "0", "0", "7"]);
    let row = layout_text.lines().find(|l| l.contains("四、结转下年度继续办理")).unwrap();
    assert_eq!(row.split_whitespace().skip(1).collect::<Vec<_>>(), ["1", "0", "0", "0", "0", "0", "1"]);
}

#[test]
fn a_character_no_font_has_is_refused_by_name() {
    let mut r = example();
    r.sections[0].blocks.push(Block::Paragraph("联系人：张三😀".into()));
    match export(&r, None, opts()) {
        Err(ExportError::MissingGlyphs(m)) => {
            assert_eq!(m.len(), 1);
            assert_eq!(m[0].ch, '😀');
            assert_eq!(m[0].place, "第1部分第15段");
            let msg = ExportError::MissingGlyphs(m).to_string();
            assert!(msg.contains("“😀”（U+1F600）位于第1部分第15段"), "{msg}");
        }
        other => panic!("expected MissingGlyphs, got {other:?}"),
    }
}

#[test]
fn rare_characters_fall_back_per_character() {
    let dir = TempDir::new("fallback");
    let mut r = example();
    // 丄 is in GBK but not in Fandol: WenQuanYi draws it, and only it.
    r.sections[0].blocks.push(Block::Paragraph("丄村村委会已按要求设立公开栏。".into()));
    let done = export(&r, None, opts()).expect("export");
    assert!(done.fonts.iter().any(|(role, name, _)| *role == Role::Fallback && name == "WenQuanYiMicroHei"));
    let path = dir.path("f.pdf");
    std::fs::write(&path, &done.bytes).unwrap();
    assert!(squeeze(&tool("pdftotext", &[path.to_str().unwrap(), "-"])).contains("丄村村委会已按要求设立公开栏。"));
    let l = layout(&r, &bundled(), LayoutOptions::default());
    let fallback: String =
        l.pages.iter().flat_map(|p| &p.runs).filter(|x| x.face == Role::Fallback).map(|x| x.text.as_str()).collect();
    assert_eq!(fallback, "丄");
}

#[test]
fn table_errors_block_a_final_export_but_not_a_draft() {
    let dir = TempDir::new("gate");
    let mut r = example();
    set(&mut r, "t3.R1.natural", 2); // T3-01
    match export(&r, None, opts()) {
        Err(ExportError::Blocked(f)) => assert!(f.iter().all(|f| f.rule.starts_with("T3-01"))),
        other => panic!("expected Blocked, got {other:?}"),
    }
    assert!(matches!(export(&r, None, ExportOptions { force: true, ..opts() }), Err(ExportError::Blocked(_))));
    let draft = export(&r, None, ExportOptions { draft: true, ..opts() }).expect("a draft always exports");
    let path = dir.path("draft.pdf");
    std::fs::write(&path, &draft.bytes).unwrap();
    let text = tool("pdftotext", &[path.to_str().unwrap(), "-"]);
    // Rotated, the two characters come out on lines of their own: one pair per page.
    for ch in WATERMARK.chars() {
        assert_eq!(text.matches(ch).count(), draft.pages, "a watermark on every page");
    }
}

#[test]
fn other_errors_need_a_confirmation() {
    let mut r = example();
    r.sections[5].blocks = vec![Block::Paragraph("无。".into())]; // X04
    match export(&r, None, opts()) {
        Err(ExportError::NeedsConfirmation(f)) => assert_eq!(f[0].rule, "X04"),
        other => panic!("expected NeedsConfirmation, got {other:?}"),
    }
    assert!(export(&r, None, ExportOptions { force: true, ..opts() }).is_ok());
}

#[test]
fn draft_prints_blank_cells_empty() {
    let mut r = example();
    r.tables.set(nianbao::model::CellId::from_key("t3.R2.natural").unwrap(), None);
    let l = layout(&r, &bundled(), LayoutOptions { draft: true });
    let zeros = l.lines.iter().filter(|x| x.kind == LineKind::TableCell && x.text == "0").count();
    // 200 cells, one blank; its row total is blank too.
    assert_eq!(zeros, 198);
}

#[test]
fn a_table_is_never_dropped_from_the_pdf() {
    // The heading lost its numeral (修改标题 with a full-width dot): the table stays with it.
    let mut r = example();
    r.sections[1].heading = "二．主动公开政府信息情况".into();
    let l = layout(&r, &bundled(), LayoutOptions::default());
    assert!(l.rows.iter().any(|x| x.table == TableId::T2));
    // The whole section is gone: the table is still printed, under its standard heading.
    let mut r = example();
    r.sections.remove(3);
    let l = layout(&r, &bundled(), LayoutOptions::default());
    assert_eq!(l.rows.iter().filter(|x| x.table == TableId::T4 && !x.repeated).count(), grid(TableId::T4).rows);
    assert!(l.lines.iter().any(|x| x.kind == LineKind::Heading && x.text == "四、政府信息公开行政复议、行政诉讼情况"));
}

#[test]
fn a_line_break_inside_a_paragraph_starts_a_new_paragraph() {
    let mut r = example();
    r.sections[5].blocks =
        vec![Block::Paragraph("收取信息处理费的情况：本年度未收取。\n其他需要报告的事项：无。".into())];
    let l = layout(&r, &bundled(), LayoutOptions::default());
    let second = l.lines.iter().find(|x| x.text.starts_with("其他需要报告的事项")).expect("its own line");
    assert!((second.x - (LEFT + 2.0 * CHAR)).abs() < E, "indented as a paragraph");
}

#[test]
fn a_long_signing_agency_is_wrapped_inside_the_margins() {
    let mut r = example();
    r.signer = "中共龙岩市永定区金砂镇委员会龙岩市永定区金砂镇人民政府党政综合办公室".into();
    let l = layout(&r, &bundled(), LayoutOptions::default());
    let sig: Vec<_> = l.lines.iter().filter(|x| x.kind == LineKind::Signature).collect();
    assert!(sig.len() >= 3, "wrapped signer plus the date");
    for s in &sig {
        assert!(s.x >= LEFT - E && s.x + s.width <= RIGHT + E, "{s:?}");
    }
    assert_eq!(sig.iter().map(|s| s.text.as_str()).take(sig.len() - 1).collect::<String>(), r.signer);
    // Never a page with only the signature on it.
    let last_page = sig[0].page;
    assert!(l.lines.iter().any(|x| x.page == last_page && x.kind == LineKind::Body), "text above the signature");
}

#[test]
fn long_numbers_are_set_smaller_never_broken() {
    let mut r = example();
    for c in nianbao::model::tables::cells() {
        match (c.derived, c.kind) {
            (false, nianbao::model::ValueKind::Count) => r.tables.set(c.id, Some(9_999_999)),
            (false, nianbao::model::ValueKind::Amount) => r.tables.set(c.id, Some(9_999_999 * 10_000)),
            _ => {}
        }
    }
    let l = layout(&r, &bundled(), LayoutOptions::default());
    for line in l.lines.iter().filter(|x| x.kind == LineKind::TableCell && x.text.chars().all(|c| c.is_ascii_digit())) {
        assert!(line.text.len() >= 7, "a number split across lines: {}", line.text);
    }
    // The 21 × 9 999 999 of （七）总计 is there whole.
    assert!(l.lines.iter().any(|x| x.text == "209999979"));
    let shrunk = l.pages.iter().flat_map(|p| &p.runs).any(|r| r.text == "209999979" && r.size < Pt(10.5));
    assert!(shrunk);
}

#[test]
fn an_absurd_report_stops_at_the_page_limit_even_as_a_draft() {
    let mut r = example();
    // About 400 pages of text in one field, as if pasted by mistake.
    r.contact.as_mut().unwrap().phone = "0597-5771168，".repeat(25_000);
    let started = std::time::Instant::now();
    let l = layout(&r, &bundled(), LayoutOptions { draft: true });
    assert!(l.overflow);
    assert_eq!(l.pages.len(), nianbao::export::MAX_PAGES);
    match export(&r, None, ExportOptions { draft: true, ..opts() }) {
        Err(e @ ExportError::TooManyPages(200)) => assert!(e.to_string().contains("200 页的上限"), "{e}"),
        other => panic!("expected TooManyPages, got {other:?}"),
    }
    assert!(started.elapsed().as_secs() < 30, "bounded: {:?}", started.elapsed());
    // The example is far from it.
    assert!(!layout(&example(), &bundled(), LayoutOptions::default()).overflow);
}
