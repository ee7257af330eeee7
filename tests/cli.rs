//! The command line, as a script would use it: output format and exit codes.

mod common;

use std::process::{Command, Output};

use common::{TempDir, example_path};

fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().expect("run nianbao")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_on_the_example_prints_one_finding_a_line_and_exits_0() {
    let o = nianbao(&["check", example_path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(!lines.is_empty());
    for l in &lines {
        let parts: Vec<&str> = l.splitn(4, ' ').collect();
        assert_eq!(parts.len(), 4, "{l}");
        assert!(["错误", "警告", "提示"].contains(&parts[0]), "{l}");
    }
    assert!(out.contains("警告 S02 section.2 第二部分标题“二、行政机关主动公开政府信息情况”"));
    assert!(out.contains("提示 X13 "));
}

#[test]
fn check_json_has_exactly_the_four_keys() {
    let o = nianbao(&["check", example_path().to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let list = v.as_array().expect("array");
    assert!(list.len() >= 6);
    for item in list {
        let obj = item.as_object().expect("object");
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["location", "message", "rule", "severity"]);
        assert!(["error", "warning", "info"].contains(&obj["severity"].as_str().unwrap()));
    }
    assert!(list.iter().any(|i| i["rule"] == "S09" && i["location"] == "doc_number"));
}

#[test]
fn check_exits_1_on_errors_and_2_on_unreadable_files() {
    let dir = TempDir::new("cli");
    let mut r = common::example();
    common::set(&mut r, "t3.R1.natural", 3); // R1 + R2 ≠ R3_7 + R4
    let bad = dir.path("bad.ron");
    nianbao::io::save(&bad, &r).unwrap();
    let o = nianbao(&["check", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("错误 T3-01 t3.R1.natural"));

    let o = nianbao(&["check", dir.path("missing.ron").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("不存在"), "{}", stderr(&o));

    let broken = dir.path("broken.ron");
    std::fs::write(&broken, "(format_version: 1, agency: ").unwrap();
    let o = nianbao(&["check", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("第 1 行"), "{}", stderr(&o));

    let o = nianbao(&["check", example_path().to_str().unwrap(), "--previous", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn check_previous_overrides_the_stored_year() {
    let dir = TempDir::new("prev");
    let mut last = common::example();
    common::set(&mut last, "t3.R1.natural", 2);
    common::set(&mut last, "t3.R4.natural", 2);
    let last_path = dir.path("2024.ron");
    nianbao::io::save(&last_path, &last).unwrap();
    let mut now = common::example();
    now.year = 2025;
    let now_path = dir.path("2025.ron");
    nianbao::io::save(&now_path, &now).unwrap();
    let o = nianbao(&["check", now_path.to_str().unwrap(), "--previous", last_path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "Y01 is an error");
    assert!(
        stdout(&o)
            .contains("错误 Y01 t3.R2.natural 表三“自然人”上年结转0件，与2024年度报告“结转下年度继续办理”2件不一致。")
    );
}

#[test]
fn new_creates_a_report_that_passes_and_never_overwrites() {
    let dir = TempDir::new("new");
    let out = dir.path("2025.ron");
    let o = nianbao(&["new", "--org", "金砂镇人民政府", "--year", "2025", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = nianbao::io::load(&out).expect("load");
    assert_eq!(r.title, "金砂镇人民政府2025年政府信息公开工作年度报告");
    assert!(r.preamble[0].contains("自2025年1月1日起至2025年12月31日止"));
    assert!(
        r.preamble[0]
            .contains("关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）")
    );
    let o = nianbao(&["check", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let before = std::fs::read(&out).unwrap();
    let o = nianbao(&["new", "--org", "别的镇", "--year", "2025", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&out).unwrap(), before);
    let o = nianbao(&[
        "new",
        "--org",
        "某局",
        "--year",
        "2025",
        "--level",
        "county",
        "-o",
        dir.path("x.ron").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("未知的机关类型"));
    let o = nianbao(&[
        "new",
        "--org",
        "某局",
        "--year",
        "2025",
        "--level",
        "county_department",
        "-o",
        dir.path("y.ron").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(nianbao::io::load(&dir.path("y.ron")).unwrap().level, nianbao::model::AgencyLevel::CountyDepartment);
}

#[test]
fn version_names_the_commit() {
    let o = nianbao(&["--version"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.starts_with(&format!("nianbao {} (", env!("CARGO_PKG_VERSION"))), "{out}");
}

#[test]
fn export_writes_a_pdf_and_refuses_reports_with_table_errors() {
    let dir = TempDir::new("export");
    let ron = dir.path("report.ron");
    nianbao::io::save(&ron, &common::example()).unwrap();
    let o = nianbao(&["export", ron.to_str().unwrap(), "--bundled-fonts"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pdf = std::fs::read(dir.path("report.pdf")).expect("default output next to the file");
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(stderr(&o).contains("正文（仿宋）：FandolFang-Regular"), "{}", stderr(&o));

    let mut bad = common::example();
    common::set(&mut bad, "t4.review.total", 3); // T4-01
    nianbao::io::save(&ron, &bad).unwrap();
    let out = dir.path("out.pdf");
    let o = nianbao(&["export", ron.to_str().unwrap(), "-o", out.to_str().unwrap(), "--bundled-fonts"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("T4-01"), "{}", stderr(&o));
    assert!(!out.exists());
    let o = nianbao(&["export", ron.to_str().unwrap(), "-o", out.to_str().unwrap(), "--draft", "--bundled-fonts"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(out.exists());

    let o = nianbao(&["export", dir.path("none.ron").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let o =
        nianbao(&["export", ron.to_str().unwrap(), "--draft", "-o", dir.path("no/such/dir/x.pdf").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "cannot write the output");
}

#[test]
fn export_needs_force_for_other_errors() {
    let dir = TempDir::new("force");
    let ron = dir.path("r.ron");
    let mut r = common::example();
    r.sections[5].blocks = vec![nianbao::model::Block::Paragraph("无。".into())]; // X04
    nianbao::io::save(&ron, &r).unwrap();
    let o = nianbao(&["export", ron.to_str().unwrap(), "--bundled-fonts"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    let o = nianbao(&["export", ron.to_str().unwrap(), "--bundled-fonts", "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn next_carries_over_and_passes_once_numbers_are_entered() {
    let dir = TempDir::new("next");
    let last_path = dir.path("2024.ron");
    let mut last = common::example();
    // Last year: 3 requests, 2 answered, 1 carried over.
    common::set(&mut last, "t3.R1.natural", 3);
    common::set(&mut last, "t3.R3_1.natural", 2);
    common::set(&mut last, "t3.R4.natural", 1);
    nianbao::io::save(&last_path, &last).unwrap();
    let new_path = dir.path("2025.ron");
    let o = nianbao(&["next", last_path.to_str().unwrap(), "-o", new_path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut r = nianbao::io::load(&new_path).unwrap();
    assert_eq!(r.year, 2025);
    assert_eq!(r.previous.as_ref().map(|p| p.year), Some(2024));
    // Row 二 equals last year's row 四, column by column.
    for col in ["natural", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"] {
        let now = r.tables.get(nianbao::model::CellId::from_key(&format!("t3.R2.{col}")).unwrap());
        let before = last.tables.get(nianbao::model::CellId::from_key(&format!("t3.R4.{col}")).unwrap());
        assert_eq!(now, before, "{col}");
    }
    // Blank numbers: S05 errors until filled in.
    let o = nianbao(&["check", new_path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("错误 S05"));
    // Numbers entered consistently (the carried-over request settled), the carried-over prose
    // revised (it said no request was received: X06 finds that), date set: no errors.
    r.tables.fill_blanks_with_zero();
    for s in &mut r.sections {
        s.blocks.retain(|b| !b.text().contains("没有受理"));
    }
    common::set(&mut r, "t3.R3_1.natural", 1);
    r.date = nianbao::model::Date::new(2026, 1, 20);
    r.preamble = last
        .preamble
        .iter()
        .map(|p| p.replace("2024年1月1日", "2025年1月1日").replace("2024年12月31日", "2025年12月31日"))
        .collect();
    nianbao::io::save(&new_path, &r).unwrap();
    let o = nianbao(&["check", new_path.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(!out.contains("错误"), "{out}");
    assert_eq!(o.status.code(), Some(0));
    // Y01 holds; a wrong carry-over is an error.
    common::set(&mut r, "t3.R2.natural", 2);
    common::set(&mut r, "t3.R3_1.natural", 2);
    nianbao::io::save(&new_path, &r).unwrap();
    let o = nianbao(&["check", new_path.to_str().unwrap()]);
    assert!(stdout(&o).contains("错误 Y01 t3.R2.natural"));
    // Never overwrite.
    let o = nianbao(&["next", last_path.to_str().unwrap(), "-o", new_path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn nianbao_never_writes_a_file_it_would_refuse_to_open() {
    let dir = TempDir::new("limits");
    let long = "龙岩市永定区金砂镇人民政府".repeat(16);
    let out = dir.path("long.ron");
    let o = nianbao(&["new", "--org", &long, "--year", "2025", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("内容过长"), "{}", stderr(&o));
    assert!(!out.exists());
    let last = dir.path("2100.ron");
    let o = nianbao(&["new", "--org", "某镇", "--year", "2100", "-o", last.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let o = nianbao(&["next", last.to_str().unwrap(), "-o", dir.path("2101.ron").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("不是合理的年份"), "{}", stderr(&o));
}
