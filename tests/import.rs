//! Import of Word reports and their text dumps: the Jinsha report round trip, non-zero tables,
//! merged cells, a 2019-format table, and real-world errors the checks must then find.

mod common;

use std::process::Command;

use common::docx::{W, docx, report_blocks, table};
use common::{TempDir, example, set, template};
use nianbao::import::{import_docx, import_file, import_text};
use nianbao::model::tables::TableId;
use nianbao::model::{Block, Severity, check};

fn nianbao(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().expect("run")
}

#[test]
fn the_seed_text_imports_to_the_example_exactly() {
    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed-jinsha-2024.txt"),
    )
    .unwrap();
    let imported = import_text(&seed).expect("import");
    assert_eq!(imported.report, example());
    assert!(imported.is_complete(), "{}", imported.summary());
    assert!(imported.structure.is_empty());
}

#[test]
fn a_docx_made_from_the_example_imports_to_the_example() {
    let r = example();
    let bytes = docx(&report_blocks(&r));
    let imported = import_docx(&bytes).expect("import");
    assert_eq!(imported.report, r, "{}", imported.summary());
    assert!(imported.is_complete());
    // Through the command line: complete, exit 0.
    let dir = TempDir::new("imp-cli");
    let src = dir.path("金砂镇2024年报.docx");
    std::fs::write(&src, &bytes).unwrap();
    let out = dir.path("2024.ron");
    let o = nianbao(&["import", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(nianbao::io::load(&out).unwrap(), r);
}

#[test]
fn non_zero_tables_and_merged_cells_map_cell_for_cell() {
    let mut r = template();
    r.date = nianbao::model::Date::new(2026, 1, 15);
    for (k, v) in [
        ("t2.reg.made", 0),
        ("t2.norm.made", 4),
        ("t2.norm.repealed", 1),
        ("t2.norm.valid", 12),
        ("t2.licensing", 35),
        ("t2.punishment", 6),
        ("t2.coercion", 2),
        ("t3.R1.natural", 6),
        ("t3.R1.commercial", 2),
        ("t3.R1.legal_service", 1),
        ("t3.R2.natural", 1),
        ("t3.R3_1.natural", 2),
        ("t3.R3_1.commercial", 1),
        ("t3.R3_1.legal_service", 1),
        ("t3.R3_2.natural", 1),
        ("t3.R3_3_4.natural", 1),
        ("t3.R3_4_1.natural", 1),
        ("t3.R3_4_1.commercial", 1),
        ("t3.R3_6_3.natural", 1),
        ("t3.R4.natural", 1),
        ("t4.review.upheld", 2),
        ("t4.review.corrected", 1),
        ("t4.lit_direct.other", 1),
    ] {
        set(&mut r, k, v);
    }
    r.tables.set(nianbao::model::CellId::from_key("t2.fee_wan_yuan").unwrap(), Some(12_500));
    let imported = import_docx(&docx(&report_blocks(&r))).expect("import");
    assert_eq!(imported.report.tables, r.tables);
    assert!(imported.is_complete(), "{}", imported.summary());
}

#[test]
fn a_2019_format_table_is_imported_as_far_as_it_maps() {
    let r = template();
    let mut blocks = report_blocks(&r);
    // Replace table 二 with the 2019 trial format.
    let old_t2 = W::T(vec![
        vec![("第二十条第（一）项".into(), 4, None)],
        vec![
            ("信息内容".into(), 1, None),
            ("本年新制作数量".into(), 1, None),
            ("本年新公开数量".into(), 1, None),
            ("对外公开总数量".into(), 1, None),
        ],
        vec![("规章".into(), 1, None), ("0".into(), 1, None), ("0".into(), 1, None), ("0".into(), 1, None)],
        vec![("规范性文件".into(), 1, None), ("2".into(), 1, None), ("2".into(), 1, None), ("9".into(), 1, None)],
        vec![("第二十条第（五）项".into(), 4, None)],
        vec![
            ("信息内容".into(), 1, None),
            ("上一年项目数量".into(), 1, None),
            ("本年增/减".into(), 1, None),
            ("处理决定数量".into(), 1, None),
        ],
        vec![("行政许可".into(), 1, None), ("10".into(), 1, None), ("+2".into(), 1, None), ("17".into(), 1, None)],
        vec![
            ("其他对外管理服务事项".into(), 1, None),
            ("1".into(), 1, None),
            ("0".into(), 1, None),
            ("1".into(), 1, None),
        ],
        vec![("第二十条第（九）项".into(), 4, None)],
        vec![("政府集中采购".into(), 1, None), ("3".into(), 1, None), ("120".into(), 2, None)],
    ]);
    // And table 三 with one （六）其他处理 row.
    let mut t3 = match table(&r, TableId::T3) {
        W::T(rows) => rows,
        W::P(_) => unreachable!(),
    };
    // Grid rows 24–26 are （六）1.–3.: keep one row labelled （六）其他处理.
    let six: Vec<(String, usize, Option<bool>)> = std::iter::once(("".to_owned(), 1, Some(false)))
        .chain(std::iter::once(("（六）其他处理".to_owned(), 2, None)))
        .chain((0..7).map(|_| ("0".to_owned(), 1, None)))
        .collect();
    t3.splice(24..27, [six]);
    for b in &mut blocks {
        if let W::T(rows) = b {
            let text: String = rows.iter().flatten().map(|c| c.0.as_str()).collect();
            if text.contains("第二十条") {
                *b = W::P(String::new());
            }
        }
    }
    let t2_at = blocks.iter().position(|b| matches!(b, W::P(p) if p.starts_with("二、"))).unwrap();
    blocks.insert(t2_at + 1, old_t2);
    for b in &mut blocks {
        if let W::T(rows) = b
            && rows.iter().flatten().any(|c| c.0.contains("申请人情况"))
        {
            *rows = t3.clone();
        }
    }
    let imported = import_docx(&docx(&blocks)).expect("import");
    let summary = imported.summary();
    assert!(!imported.is_complete());
    assert!(summary.contains("“行政规范性文件”行是2019年试行格式的栏目"), "{summary}");
    assert!(summary.contains("“（六）其他处理”只有一行"), "{summary}");
    assert!(summary.contains("政府集中采购"), "{summary}");
    // What maps is there: 行政许可's 处理决定数量, and table 三's other rows.
    assert_eq!(imported.report.tables.t2("licensing"), Some(17));
    assert_eq!(imported.report.tables.t2("norm.made"), None);
    assert_eq!(imported.report.tables.t3(0, 0), Some(0));
    // The structure findings name the old format.
    let rules: Vec<&str> = imported.structure.iter().map(|f| f.rule).collect();
    assert!(rules.contains(&"S04"), "{rules:?}");
    assert!(rules.contains(&"S03"), "{rules:?}");
    // The command line: written with gaps, exit 1, gaps on stderr.
    let dir = TempDir::new("imp-2019");
    let src = dir.path("2019.docx");
    std::fs::write(&src, docx(&blocks)).unwrap();
    let out = dir.path("out.ron");
    let o = nianbao(&["import", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("未导入") && err.contains("S04"), "{err}");
    assert!(out.exists());
}

#[test]
fn published_errors_are_found_after_import() {
    // Table 四 totals of 0 beside non-zero parts, and a text count that contradicts table 三.
    let mut r = template();
    r.sections[0].blocks.push(Block::Paragraph("本年度共收到政府信息公开申请5件，均已按时办结。".into()));
    set(&mut r, "t4.review.upheld", 2);
    set(&mut r, "t4.review.pending", 1);
    let mut blocks = report_blocks(&r);
    for b in &mut blocks {
        if let W::T(rows) = b
            && rows.iter().flatten().any(|c| c.0 == "行政复议")
        {
            let last = rows.last_mut().unwrap();
            last[4].0 = "0".into(); // 行政复议 总计 left at 0
        }
    }
    let imported = import_docx(&docx(&blocks)).expect("import");
    let findings = check(&imported.report, None);
    let t4 = findings.iter().find(|f| f.rule == "T4-01").expect("T4-01");
    assert_eq!(t4.severity, Severity::Error);
    assert!(t4.message.contains("＝3，与总计(0)不一致"), "{}", t4.message);
    assert!(findings.iter().any(|f| f.rule == "X06"), "the text says 5 requests, the table 0");
}

#[test]
fn unreadable_files_write_nothing() {
    let dir = TempDir::new("imp-bad");
    let out = dir.path("out.ron");
    for (name, bytes) in [
        ("garbage.docx", b"PK\x03\x04 broken".to_vec()),
        ("old.doc", vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]),
        ("empty.txt", b"\n\n".to_vec()),
    ] {
        let src = dir.path(name);
        std::fs::write(&src, bytes).unwrap();
        let o = nianbao(&["import", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(!out.exists(), "{name}");
        assert!(!String::from_utf8_lossy(&o.stderr).is_empty());
    }
    let e = import_file(&dir.path("old.doc")).unwrap_err().to_string();
    assert!(e.contains(".docx"), "{e}");
}

#[test]
fn common_variants_of_labels_and_headings_still_map() {
    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed-jinsha-2024.txt"),
    )
    .unwrap();
    let varied = seed
        .replace("3.危及“三安全一稳定”", "3.危及\"三安全一稳定\"")
        .replace("1.属于国家秘密", "1、属于国家秘密")
        .replace(
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
        )
        .replace("（七）总计", "(七)总计 ")
        .replace("二、行政机关主动公开政府信息情况", "二．行政机关主动公开政府信息情况")
        .replace("金政〔2025〕 号", "金砂镇人民政府文件\n金政〔2025〕 号");
    let imported = import_text(&varied).expect("import");
    assert!(imported.is_complete(), "{}", imported.summary());
    let r = &imported.report;
    assert_eq!(r.sections.len(), 6);
    assert_eq!(r.sections[1].heading, "二．行政机关主动公开政府信息情况");
    assert_eq!(r.doc_number, "金政〔2025〕 号");
    assert_eq!(r.title, "永定区金砂镇2024年政府信息公开工作年度报告");
    assert_eq!(r.tables, example().tables);
}
