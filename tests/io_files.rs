//! Project files: round trips, malformed input (never a panic, always a Chinese message),
//! size limits, encodings and atomic saving.

mod common;

use common::{TempDir, example, example_path};
use nianbao::io::{self, LoadError, backup_path, load, load_bytes, load_str, save, to_ron, write_atomic_with};
use nianbao::model::tables::cells;
use nianbao::model::{AgencyLevel, Block, CellId, Contact, Date, PreviousYear, Report, Section, TableValues};
use proptest::prelude::*;

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn example_round_trips_through_text() {
    let r = example();
    let text = to_ron(&r);
    let back = load_str(&text).expect("reload");
    assert_eq!(back, r);
    // The bundled file is exactly what the writer produces: no hand-made drift.
    let on_disk = std::fs::read_to_string(example_path()).expect("read");
    assert_eq!(on_disk, text);
}

#[test]
fn overrides_survive_a_round_trip_and_agreeing_totals_do_not_become_overrides() {
    let mut r = example();
    r.tables.set(CellId::from_key("t4.review.upheld").unwrap(), Some(2));
    r.tables.set(CellId::from_key("t4.review.total").unwrap(), Some(0)); // the published-report error
    let back = load_str(&to_ron(&r)).expect("reload");
    assert!(back.tables.has_override(CellId::from_key("t4.review.total").unwrap()));
    assert_eq!(back.tables.get(CellId::from_key("t4.review.total").unwrap()), Some(0));
    assert_eq!(back.tables.overrides().count(), 1);
}

#[test]
fn save_keeps_a_backup_and_load_reads_it_back() {
    let dir = TempDir::new("save");
    let path = dir.path("年报.ron");
    let mut r = example();
    save(&path, &r).expect("first save");
    assert!(!backup_path(&path).exists(), "no backup of nothing");
    let first = std::fs::read(&path).expect("read");
    r.title.push('x');
    save(&path, &r).expect("second save");
    assert_eq!(std::fs::read(backup_path(&path)).expect("bak"), first);
    assert_eq!(load(&path).expect("load"), r);
    // No temporary files are left behind.
    let names: Vec<String> =
        std::fs::read_dir(&dir.0).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn a_failed_write_leaves_the_old_file_byte_identical() {
    let dir = TempDir::new("fail");
    let path = dir.path("report.ron");
    save(&path, &example()).expect("save");
    let before = std::fs::read(&path).unwrap();
    // The disk fills up half-way through writing the new version.
    let result = write_atomic_with(&path, b"(format_version: 1, agency: \"new", true, |f, b| {
        use std::io::Write;
        f.write_all(&b[..b.len() / 2])?;
        Err(std::io::Error::new(std::io::ErrorKind::StorageFull, "no space left on device"))
    });
    let err = result.expect_err("must fail");
    assert_eq!(err.kind(), std::io::ErrorKind::StorageFull);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(&dir.0).unwrap().collect();
    assert_eq!(names.len(), 1, "the temporary file is removed");
    // The user-facing message.
    let e = nianbao::io::SaveError {
        path: path.clone(),
        reason: io::describe_io(&err),
        kind: err.kind(),
        previous_kept: path.is_file(),
    };
    let msg = e.to_string();
    assert!(msg.contains("磁盘空间已满") && msg.contains("原有文件未被改动"), "{msg}");
}

#[test]
fn saving_into_a_missing_folder_or_over_a_folder_fails_cleanly() {
    let dir = TempDir::new("nofolder");
    let e = save(&dir.path("no/such/folder/x.ron"), &example()).expect_err("missing folder");
    assert!(e.to_string().contains("不存在"), "{e}");
    std::fs::create_dir(dir.path("a.ron")).unwrap();
    let e = save(&dir.path("a.ron"), &example()).expect_err("a folder");
    assert!(has_cjk(&e.to_string()));
    assert!(dir.path("a.ron").is_dir());
}

#[cfg(unix)]
#[test]
fn saving_into_a_read_only_folder_keeps_the_old_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("ro");
    let path = dir.path("report.ron");
    save(&path, &example()).expect("save");
    let before = std::fs::read(&path).unwrap();
    std::fs::set_permissions(&dir.0, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = std::fs::File::create(dir.path("probe"));
    if probe.is_ok() {
        // Running as root: permissions are not enforced, nothing to test here.
        std::fs::remove_file(dir.path("probe")).ok();
    } else {
        let e = save(&path, &example()).expect_err("read-only");
        assert!(e.to_string().contains("没有写入权限"), "{e}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
    std::fs::set_permissions(&dir.0, std::fs::Permissions::from_mode(0o755)).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Malformed files

/// The example's text with one substitution.
fn edited(from: &str, to: &str) -> String {
    let text = to_ron(&example());
    assert!(text.contains(from), "fixture text not found: {from}");
    text.replacen(from, to, 1)
}

fn expect_err(bytes: &[u8], fragment: &str) -> LoadError {
    match load_bytes(bytes) {
        Ok(_) => panic!("expected an error containing “{fragment}”"),
        Err(e) => {
            let msg = e.to_string();
            assert!(has_cjk(&msg), "not Chinese: {msg}");
            assert!(msg.contains(fragment), "“{fragment}” not in: {msg}");
            e
        }
    }
}

fn expect_syntax(text: &str, fragment: &str) {
    match expect_err(text.as_bytes(), fragment) {
        LoadError::Syntax { line, column, .. } => assert!(line >= 1 && column >= 1),
        other => panic!("expected a positioned error, got {other:?}"),
    }
}

const R1_ZEROS: &str =
    "R1: (natural: 0, commercial: 0, research: 0, social_welfare: 0, legal_service: 0, other_org: 0, total: 0)";

#[test]
fn malformed_files_get_clear_chinese_errors() {
    let example_text = to_ron(&example());
    // 1–2: empty.
    expect_err(b"", "空的");
    expect_err(b"  \n\n ", "空的");
    // 3: truncated in the middle.
    let cut = (0..=example_text.len() / 2).rev().find(|i| example_text.is_char_boundary(*i)).unwrap_or(0);
    expect_syntax(&example_text[..cut], "");
    // 4: GBK bytes (Notepad “ANSI”).
    let mut gbk = b"(format_version: 1, agency: \"".to_vec();
    gbk.extend([0xbd, 0xf0, 0xc9, 0xb0]); // 金砂 in GBK
    gbk.extend(b"\")");
    expect_err(&gbk, "GBK");
    // 5: binary (a .docx is a zip with NUL bytes).
    expect_err(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe", "不是文本文件");
    // 6–7: wrong types.
    expect_syntax(&edited("year: 2024,", "year: \"2024\","), "应为整数");
    expect_syntax(&edited("title: \"", "title: 12, old_title: \""), "");
    // 8: a negative count.
    expect_syntax(&edited("R1: (natural: 0,", "R1: (natural: -1,"), "数字“-1”的写法不被接受");
    // 9–10: overflowing numbers.
    expect_syntax(&edited("R1: (natural: 0,", "R1: (natural: 99999999999999999999999999,"), "");
    expect_syntax(&edited("R1: (natural: 0,", "R1: (natural: 10000000000,"), "过大");
    // 11: a float in a count.
    expect_syntax(&edited("R1: (natural: 0,", "R1: (natural: 1.5,"), "数字“1.5”的写法不被接受");
    // 12: an unknown field.
    expect_syntax(&edited("year: 2024,", "year: 2024, colour: \"red\","), "未知字段“colour”");
    // 13: a missing field.
    expect_syntax(&edited("year: 2024,\n", ""), "缺少字段“year”（报告年度）");
    // 14: a missing table.
    let no_t3 = {
        let start = example_text.find("    // 表三").unwrap();
        let end = example_text.find("    // 表四").unwrap();
        format!("{}{}", &example_text[..start], &example_text[end..])
    };
    expect_syntax(&no_t3, "缺少字段“table3”（表三）");
    // 15: a wrong row count (the three 其他处理 rows missing).
    let no_rows: String =
        example_text.lines().filter(|l| !l.trim_start().starts_with("R3_6_")).map(|l| format!("{l}\n")).collect();
    expect_syntax(&no_rows, "表三缺少");
    // 16: the 2019 table 三 with one （六）其他处理 row.
    let t3_2019 = example_text.replacen("        R3_6_1:", "        R3_6: (natural: 0, commercial: 0, research: 0, social_welfare: 0, legal_service: 0, other_org: 0, total: 0),\n        R3_6_1:", 1);
    expect_syntax(&t3_2019, "2019年");
    // 17: the 2019 table 二 with 政府集中采购.
    expect_syntax(&edited("        licensing: 0,", "        purchase: 0,\n        licensing: 0,"), "2019年旧格式");
    // 18–19: unknown and missing columns.
    expect_syntax(
        &edited(
            R1_ZEROS,
            "R1: (natural: 0, person: 0, commercial: 0, research: 0, social_welfare: 0, legal_service: 0, other_org: 0, total: 0)",
        ),
        "没有名为“person”的栏目",
    );
    expect_syntax(
        &edited(
            R1_ZEROS,
            "R1: (natural: 0, commercial: 0, research: 0, social_welfare: 0, legal_service: 0, other_org: 0)",
        ),
        "缺少栏目：total",
    );
    // 20: a duplicate row.
    expect_syntax(&edited(R1_ZEROS, &format!("{R1_ZEROS},\n        {R1_ZEROS}")), "出现了两次");
    // 21: deep nesting.
    let deep = format!("(format_version: 1, agency: {}0{})", "(".repeat(500), ")".repeat(500));
    expect_syntax(&deep, "嵌套层数过深");
    // 22: a huge string.
    let huge = edited("title: \"", &format!("title: \"{}", "长".repeat(30_000)));
    expect_err(huge.as_bytes(), "内容过长");
    // 23–25: versions.
    expect_err(edited("format_version: 2,", "format_version: 99,").as_bytes(), "更新版本");
    expect_err(edited("format_version: 2,\n", "").as_bytes(), "format_version");
    expect_err(edited("format_version: 2,", "format_version: 0,").as_bytes(), "不支持的格式版本");
    // 26: an impossible date.
    expect_syntax(&edited("date: \"2025-01-02\"", "date: \"2025-02-30\""), "日期“2025-02-30”无效");
    // 27: an unknown agency level.
    expect_syntax(&edited("level: township,", "level: city,"), "“city”不是可用的取值");
    // 28: an unknown block kind.
    expect_syntax(&edited("Sub(\"（一）主动公开\")", "Heading(\"（一）主动公开\")"), "“Heading”不是可用的取值");
    // 29: the fee as a bare float.
    expect_syntax(&edited("fee_wan_yuan: \"0\"", "fee_wan_yuan: 12.5"), "字符串");
    // 30: the fee with five decimals.
    expect_syntax(&edited("fee_wan_yuan: \"0\"", "fee_wan_yuan: \"1.23456\""), "行政事业性收费");
    // 31: an unreasonable year.
    expect_err(edited("year: 2024,", "year: 1066,").as_bytes(), "不是合理的年份");
    // 32: trailing garbage.
    expect_syntax(&format!("{example_text}\n多余"), "多余的内容");
    // 33: an unclosed string.
    expect_syntax(&edited("signer: \"龙岩市永定区金砂镇人民政府\",", "signer: \"龙岩市永定区金砂镇人民政府,"), "");
    // 34: a wrong array length in last year's data (a version-1 file).
    let v1 = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1-with-previous.ron"),
    )
    .unwrap();
    expect_syntax(&v1.replace("t3_carry_over: (1, 0, 0, 0, 0, 0, 1)", "t3_carry_over: (1, 0, 0, 0, 0, 0)"), "个数不符");
    // 35: JSON instead of RON.
    expect_err(br#"{"format_version": 1, "agency": "x"}"#, "");
    // 36: a boolean in a count.
    expect_syntax(&edited("licensing: 0,", "licensing: true,"), "应为非负整数，当前为“true”");
    // 37: a list where a row belongs.
    expect_syntax(&edited(R1_ZEROS, "R1: [0, 0, 0, 0, 0, 0, 0]"), "");
}

#[test]
fn size_limit_is_checked_before_reading() {
    let dir = TempDir::new("big");
    let path = dir.path("big.ron");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(io::MAX_FILE_BYTES + 1).unwrap(); // sparse: no 10 MB written
    let e = load(&path).expect_err("too large");
    assert!(matches!(e, LoadError::TooLarge { .. }));
    assert!(e.to_string().contains("过大"));
    let e = load(&dir.path("none.ron")).expect_err("missing");
    assert!(e.to_string().contains("不存在"), "{e}");
    let e = load(&dir.0).expect_err("folder");
    assert!(e.to_string().contains("文件夹"), "{e}");
}

#[test]
fn byte_order_marks_and_utf16_are_accepted() {
    let text = to_ron(&example());
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(text.as_bytes());
    assert_eq!(load_bytes(&bom).expect("utf-8 bom"), example());
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    assert_eq!(load_bytes(&utf16).expect("utf-16le"), example());
}

#[test]
fn hand_written_minimal_file_loads() {
    // Optional fields may be left out; blanks are None; implicit Some without the header.
    let cells = |keys: &[&str]| keys.iter().map(|k| format!("{k}: None")).collect::<Vec<_>>().join(", ");
    let t3_cols =
        cells(&["natural", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]);
    let t3: Vec<String> = nianbao::model::tables::t3_rows().iter().map(|(k, _)| format!("{k}: ({t3_cols})")).collect();
    let t4_cols = cells(&["upheld", "corrected", "other", "pending", "total"]);
    let text = format!(
        "(format_version: 1, agency: \"某镇人民政府\", year: 2025, level: township, title: \"某镇人民政府2025年政府信息公开工作年度报告\",\n\
         sections: [],\n\
         table2: (reg: (made: 1, repealed: None, valid: None), norm: (made: None, repealed: None, valid: None), licensing: None, punishment: None, coercion: None, fee_wan_yuan: \"0.0125\"),\n\
         table3: ({}),\n\
         table4: (review: ({t4_cols}), lit_direct: ({t4_cols}), lit_after_review: ({t4_cols})))",
        t3.join(", ")
    );
    let r = load_str(&text).expect("minimal file");
    assert_eq!(r.tables.t2("reg.made"), Some(1));
    assert_eq!(r.tables.t2("fee_wan_yuan"), Some(125));
    assert_eq!(r.tables.t2("norm.made"), None);
    assert_eq!(r.contact, None);
    assert_eq!(r.date, None);
}

#[test]
fn random_damage_never_panics() {
    let text = to_ron(&example());
    let bytes = text.as_bytes();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..300 {
        let mut b = bytes.to_vec();
        match next() % 3 {
            0 => b.truncate((next() as usize) % b.len()),
            1 => {
                let i = (next() as usize) % b.len();
                b[i] ^= 1 << (next() % 8);
            }
            _ => {
                let i = (next() as usize) % b.len();
                let j = (i + (next() as usize) % 64).min(b.len());
                b.drain(i..j);
            }
        }
        if let Err(e) = load_bytes(&b) {
            assert!(!e.to_string().is_empty());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Property test: any report survives save → load.

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::char::range('\u{4e00}', '\u{9fa5}'),
            2 => prop::char::range(' ', '~'),
            1 => prop::sample::select(vec!['“', '”', '（', '）', '、', '。', '\n', '\t', '"', '\\', '\u{3000}', '〔', '〕', '\u{1}', '𠮷']),
        ],
        0..40,
    )
    .prop_map(|v| v.into_iter().collect())
}

fn block_strategy() -> impl Strategy<Value = Block> {
    prop_oneof![text_strategy().prop_map(Block::Paragraph), text_strategy().prop_map(Block::Subheading)]
}

fn tables_strategy() -> impl Strategy<Value = TableValues> {
    prop::collection::vec(prop_oneof![1 => Just(None), 4 => (0u64..2_000).prop_map(Some)], cells().len()).prop_map(
        |values| {
            let mut t = TableValues::blank();
            for (c, v) in cells().iter().zip(values) {
                // Derived cells: mostly follow the formula, sometimes carry a disagreeing value.
                if c.derived && v.is_some_and(|v| v % 5 != 0) {
                    continue;
                }
                t.set(c.id, v);
            }
            t.normalize_overrides();
            t
        },
    )
}

fn report_strategy() -> impl Strategy<Value = Report> {
    (
        (text_strategy(), 1991u16..2100, 0usize..4, text_strategy(), text_strategy()),
        prop::collection::vec(text_strategy(), 0..3),
        prop::option::of((text_strategy(), text_strategy(), text_strategy())),
        prop::collection::vec((text_strategy(), prop::collection::vec(block_strategy(), 0..5)), 0..7),
        tables_strategy(),
        (text_strategy(), prop::option::of((2000u16..2100, 1u8..13, 1u8..29))),
        prop::option::of((2000u16..2100, any::<bool>(), tables_strategy(), text_strategy())),
    )
        .prop_map(
            |((agency, year, level, doc_number, title), preamble, contact, sections, tables, (signer, date), prev)| {
                Report {
                    agency,
                    year,
                    level: AgencyLevel::ALL[level],
                    doc_number,
                    title,
                    preamble,
                    contact: contact.map(|(address, phone, postcode)| Contact { address, phone, postcode }),
                    sections: sections.into_iter().map(|(heading, blocks)| Section { heading, blocks }).collect(),
                    tables,
                    signer,
                    date: date.and_then(|(y, m, d)| Date::new(y, m, d)),
                    previous: prev.map(|(_, incomplete, tables, text)| PreviousYear {
                        year: year - 1,
                        incomplete,
                        tables,
                        section1_text: text.clone(),
                        section5_text: text,
                    }),
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_report_round_trips(report in report_strategy()) {
        let text = to_ron(&report);
        let back = load_str(&text);
        prop_assert!(back.is_ok(), "{:?}\n{}", back.err(), text);
        // Loading normalises control characters (tab → space, CR/VT/FF → line break).
        let mut want = report;
        nianbao::model::checks::limits::normalize_report_controls(&mut want);
        prop_assert_eq!(back.ok(), Some(want));
    }
}

#[test]
fn the_documented_example_is_what_new_writes_and_it_loads() {
    let doc =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/file-format.md")).unwrap();
    let start = doc.find("## A complete file").unwrap();
    let block = &doc[start..];
    let begin = block.find("```ron\n").unwrap() + "```ron\n".len();
    let end = block[begin..].find("```").unwrap() + begin;
    let text = &block[begin..end];
    let r = load_str(text).expect("the documented file loads");
    let template = nianbao::model::standard::new_report("金砂镇人民政府", 2025, AgencyLevel::Township);
    assert_eq!(r, template);
    assert!(text == to_ron(&template), "docs/file-format.md is out of date: regenerate its example with `nianbao new`");
}

#[test]
fn version_1_files_are_migrated() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1-with-previous.ron");
    let r = load(&path).expect("a version-1 file loads");
    let p = r.previous.as_ref().expect("last year's figures");
    assert_eq!(p.year, 2024);
    assert_eq!(p.t2_valid(0), Some(0));
    assert_eq!(p.t2_valid(1), Some(3));
    assert_eq!(p.carry_over(0), Some(1));
    assert_eq!(p.carry_over(6), Some(1));
    assert_eq!(p.new_total(), Some(9));
    assert_eq!(p.t4_total(0), Some(2));
    assert_eq!(p.t4_total(2), Some(1));
    assert_eq!(p.tables.t3(nianbao::model::tables::t3::R1, 0), None, "version 1 did not keep it");
    // Saved again, it is a version-2 file that reads back the same.
    let text = to_ron(&r);
    assert!(text.contains(&format!("format_version: {},", io::CURRENT_VERSION)));
    assert_eq!(load_str(&text).expect("reload"), r);
}

#[test]
fn a_refused_save_says_whether_a_previous_file_was_kept() {
    let dir = TempDir::new("keptnote");
    let mut bad = example();
    bad.year = 1066;
    // Nothing was there: the message must not promise an old file.
    let fresh = dir.path("new.ron");
    let msg = save(&fresh, &bad).expect_err("year out of range").to_string();
    assert!(msg.contains("没有写出任何文件") && !msg.contains("原有文件"), "{msg}");
    assert!(!fresh.exists());
    // A file was there: it is kept, and the message says so.
    let old = dir.path("old.ron");
    save(&old, &example()).expect("the example saves");
    let before = std::fs::read(&old).unwrap();
    let msg = save(&old, &bad).expect_err("year out of range").to_string();
    assert!(msg.contains("原有文件未被改动"), "{msg}");
    assert_eq!(std::fs::read(&old).unwrap(), before);
}
