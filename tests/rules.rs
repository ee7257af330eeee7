//! Every rule of CHECKS.md with a passing and a failing case (the worked examples at least).

mod common;

use common::{errors, rule, set, template};
use nianbao::model::checks::{ObservedTables, check_observed_tables, crossyear::similarity};
use nianbao::model::standard::HEADINGS;
use nianbao::model::tables::{T3_NOTE, t3_rows};
use nianbao::model::{AgencyLevel, Block, CellId, Date, Gate, Location, Severity, check};

/// The small table 三 of CHECKS.md §B (rows not shown are 0).
fn worked_t3() -> nianbao::model::Report {
    let mut r = template();
    for (row, values) in [
        ("R1", [6, 2, 0, 0, 1, 0]),
        ("R2", [1, 0, 0, 0, 0, 0]),
        ("R3_1", [2, 1, 0, 0, 1, 0]),
        ("R3_2", [1, 0, 0, 0, 0, 0]),
        ("R3_3_4", [1, 0, 0, 0, 0, 0]),
        ("R3_4_1", [1, 1, 0, 0, 0, 0]),
        ("R4", [2, 0, 0, 0, 0, 0]),
    ] {
        for (col, v) in
            ["natural", "commercial", "research", "social_welfare", "legal_service", "other_org"].iter().zip(values)
        {
            set(&mut r, &format!("t3.{row}.{col}"), v);
        }
    }
    r
}

#[test]
fn template_passes_every_error_level_check() {
    let r = template();
    assert_eq!(errors(&r), vec![], "the template must pass");
}

#[test]
fn t3_worked_example_passes_and_totals_are_derived() {
    let r = worked_t3();
    assert_eq!(r.tables.get(CellId::from_key("t3.R1.total").unwrap()), Some(9));
    assert_eq!(r.tables.get(CellId::from_key("t3.R3_7.natural").unwrap()), Some(5));
    assert_eq!(r.tables.get(CellId::from_key("t3.R3_7.total").unwrap()), Some(8));
    for id in ["T3-01", "T3-02", "T3-03"] {
        assert!(rule(&r, id).is_empty(), "{id}");
    }
}

#[test]
fn t3_01_fails_with_the_documented_message() {
    let mut r = worked_t3();
    set(&mut r, "t3.R4.natural", 1);
    let f = rule(&r, "T3-01");
    // Column 自然人 and the 总计 column both break.
    assert_eq!(f.len(), 2);
    assert_eq!(
        f[0].message,
        "表三“自然人”列勾稽关系不成立：本年新收(6)＋上年结转(1)＝7，但办理结果总计(5)＋结转下年度继续办理(1)＝6，相差1。"
    );
    assert_eq!(f[0].location.key(), "t3.R1.natural");
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].gate(), Gate::Block);
    assert_eq!(f[0].cells.len(), 4);
    assert!(f[1].message.starts_with("表三“总计”列勾稽关系不成立：本年新收(9)＋上年结转(1)＝10"));
}

#[test]
fn t3_02_fails_on_a_stored_total_that_disagrees() {
    let mut r = worked_t3();
    set(&mut r, "t3.R3_7.natural", 6);
    let f = rule(&r, "T3-02");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].message, "表三“自然人”列：（一）至（六）各项之和为5，与“（七）总计”6不一致。");
    assert_eq!(f[0].location.key(), "t3.R3_7.natural");
    // 按公式重算 clears it.
    r.tables.recompute();
    assert!(rule(&r, "T3-02").is_empty());
}

#[test]
fn t3_03_fails_on_a_row_total_that_disagrees() {
    let mut r = worked_t3();
    set(&mut r, "t3.R1.total", 8);
    let f = rule(&r, "T3-03");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].message, "表三“一、本年新收政府信息公开申请数量”：各申请人类别之和为9，与“总计”列8不一致。");
    assert_eq!(f[0].location.key(), "t3.R1.total");
}

#[test]
fn arithmetic_is_silent_while_operands_are_blank() {
    let mut r = worked_t3();
    set(&mut r, "t3.R4.natural", 1); // would break T3-01 …
    r.tables.set(CellId::from_key("t3.R2.natural").unwrap(), None); // … but R2 is blank
    let f = check(&r, None);
    assert!(f.iter().all(|f| f.rule != "T3-01" || !f.message.contains("自然人")));
    let s05: Vec<_> = f.iter().filter(|f| f.rule == "S05").collect();
    assert_eq!(s05.len(), 1);
    assert_eq!(
        s05[0].message,
        "表三“二、上年结转政府信息公开申请数量”×“自然人”为空。没有数据请填写0，不得留空或填“/”。"
    );
    assert_eq!(s05[0].location.key(), "t3.R2.natural");
    assert_eq!(s05[0].gate(), Gate::Block);
}

#[test]
fn t4_rules_pass_and_fail_as_documented() {
    let mut r = template();
    for (group, parts) in [("review", [2, 1, 0, 1]), ("lit_direct", [1, 0, 1, 0]), ("lit_after_review", [0, 1, 0, 2])] {
        for (col, v) in ["upheld", "corrected", "other", "pending"].iter().zip(parts) {
            set(&mut r, &format!("t4.{group}.{col}"), v);
        }
    }
    assert_eq!(r.tables.get(CellId::from_key("t4.review.total").unwrap()), Some(4));
    for id in ["T4-01", "T4-02", "T4-03"] {
        assert!(rule(&r, id).is_empty());
    }
    set(&mut r, "t4.review.total", 0);
    set(&mut r, "t4.lit_direct.total", 3);
    set(&mut r, "t4.lit_after_review.total", 2);
    assert_eq!(
        rule(&r, "T4-01")[0].message,
        "表四“行政复议”：结果维持(2)＋结果纠正(1)＋其他结果(0)＋尚未审结(1)＝4，与总计(0)不一致。"
    );
    assert_eq!(rule(&r, "T4-02")[0].message, "表四“行政诉讼—未经复议直接起诉”：各项之和2与总计3不一致。");
    assert_eq!(rule(&r, "T4-03")[0].message, "表四“行政诉讼—复议后起诉”：各项之和3与总计2不一致。");
    assert_eq!(rule(&r, "T4-03")[0].location.key(), "t4.lit_after_review.total");
}

#[test]
fn t2_01_valid_at_least_made_minus_repealed() {
    let mut r = template();
    set(&mut r, "t2.norm.made", 4);
    set(&mut r, "t2.norm.repealed", 1);
    set(&mut r, "t2.norm.valid", 12);
    assert!(rule(&r, "T2-01").is_empty());
    set(&mut r, "t2.norm.valid", 2);
    let f = rule(&r, "T2-01");
    assert_eq!(f[0].message, "表二“行政规范性文件”：本年制发4件、废止1件，现行有效仅2件，数据可能有误。");
    assert_eq!(f[0].severity, Severity::Warning);
}

#[test]
fn t2_02_continuity_needs_last_year() {
    let mut last = template();
    last.year = 2024;
    set(&mut last, "t2.norm.valid", 10);
    let mut r = template();
    set(&mut r, "t2.norm.made", 4);
    set(&mut r, "t2.norm.repealed", 1);
    set(&mut r, "t2.norm.valid", 13);
    let prev = last.as_previous();
    assert!(check(&r, Some(&prev)).iter().all(|f| f.rule != "T2-02"));
    assert!(check(&r, None).iter().all(|f| f.rule != "T2-02"), "not evaluated without last year");
    set(&mut r, "t2.norm.valid", 14);
    let f: Vec<_> = check(&r, Some(&prev)).into_iter().filter(|f| f.rule == "T2-02").collect();
    assert_eq!(
        f[0].message,
        "表二“行政规范性文件”：上年现行有效10件＋本年制发4件－本年废止1件＝13件，与本年现行有效14件不一致，请核实（如有修订、清理请在正文说明）。"
    );
}

#[test]
fn t2_03_regulations_by_agency_level() {
    let mut r = template();
    assert!(rule(&r, "T2-03").is_empty());
    set(&mut r, "t2.reg.valid", 2);
    let f = rule(&r, "T2-03");
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].gate(), Gate::Confirm);
    assert!(f[0].message.contains("现行有效件数2"));
    r.level = AgencyLevel::CountyDepartment;
    assert_eq!(rule(&r, "T2-03")[0].severity, Severity::Warning);
    r.level = AgencyLevel::Government;
    assert!(rule(&r, "T2-03").is_empty());
}

#[test]
fn t2_04_fee_unit_plausibility() {
    let mut r = template();
    let fee = CellId::from_key("t2.fee_wan_yuan").unwrap();
    r.tables.set(fee, Some(125_000)); // 12.5 万元
    assert!(rule(&r, "T2-04").is_empty());
    r.tables.set(fee, Some(35_000 * 10_000)); // 35000 万元: yuan typed in
    let f = rule(&r, "T2-04");
    assert_eq!(f[0].message, "行政事业性收费单位为“万元”，当前填写35000万元，请确认是否误按“元”填写。");
    r.level = AgencyLevel::Government;
    assert!(rule(&r, "T2-04").is_empty(), "a county government may collect 35000 万元");
}

fn set_paragraph(r: &mut nianbao::model::Report, section: usize, text: &str) {
    r.sections[section - 1].blocks.push(Block::Paragraph(text.into()));
}

#[test]
fn t2_05_text_and_table_normative_documents() {
    let mut r = template();
    set(&mut r, "t2.norm.made", 3);
    set_paragraph(&mut r, 1, "本年度共制定行政规范性文件3件，均按规定公开。");
    assert!(rule(&r, "T2-05").is_empty());
    let mut r2 = template();
    set(&mut r2, "t2.norm.made", 2);
    set_paragraph(&mut r2, 1, "本年度未制定行政规范性文件。");
    let f = rule(&r2, "T2-05");
    assert_eq!(f[0].message, "正文称本年制定行政规范性文件0件，表二为2件，请核对。");
}

#[test]
fn s01_and_s02_sections_and_headings() {
    let mut r = template();
    assert!(rule(&r, "S01").is_empty());
    assert!(rule(&r, "S02").is_empty());
    r.sections[1].heading = "二、行政机关主动公开政府信息情况".into();
    let f = rule(&r, "S02");
    assert_eq!(
        f[0].message,
        "第二部分标题“二、行政机关主动公开政府信息情况”与国办格式“二、主动公开政府信息情况”不一致，建议改为标准标题。"
    );
    assert_eq!(f[0].location, Location::Section(1));
    r.sections.remove(3);
    let f = rule(&r, "S01");
    assert!(
        f.iter().any(|f| f.message.starts_with("缺少或顺序错误：第四部分应为“四、政府信息公开行政复议、行政诉讼情况”"))
    );
    assert_eq!(f[0].gate(), Gate::Confirm);
    // A half-width sub-heading in section 一.
    let mut r = template();
    if let Block::Subheading(t) = &mut r.sections[0].blocks[3] {
        *t = "(二)依申请公开".into();
    }
    let f = rule(&r, "S02");
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("全角"));
    assert_eq!(f[0].location.key(), "section.1.p4");
}

#[test]
fn s05_to_s07_cell_text() {
    use nianbao::model::checks::cell_text_finding;
    let count = CellId::from_key("t3.R1.natural").unwrap();
    let fee = CellId::from_key("t2.fee_wan_yuan").unwrap();
    assert_eq!(cell_text_finding(count, "１２"), Ok(Some(12)));
    assert_eq!(cell_text_finding(count, ""), Ok(None));
    let e = cell_text_finding(count, "1.5").unwrap_err();
    assert_eq!(e.rule, "S06");
    assert_eq!(e.message, "表三“一、本年新收政府信息公开申请数量”×“自然人”应为非负整数，当前为“1.5”。");
    assert_eq!(cell_text_finding(count, "-2").unwrap_err().rule, "S06");
    assert_eq!(cell_text_finding(count, "abc").unwrap_err().rule, "S06");
    assert_eq!(cell_text_finding(count, "/").unwrap_err().rule, "S05");
    assert_eq!(cell_text_finding(fee, "12.5"), Ok(Some(125_000)));
    let e = cell_text_finding(fee, "12.34567").unwrap_err();
    assert_eq!(e.rule, "S07");
    assert_eq!(e.message, "“行政事业性收费”金额应为非负数（单位：万元），当前为“12.34567”。");
    assert_eq!(cell_text_finding(fee, "-1").unwrap_err().rule, "S07");
}

#[test]
fn s03_s04_s10_on_imported_table_shapes() {
    // A complete 2021 table 三 with its note: nothing to report.
    let mut obs = ObservedTables { t3_found: true, t2_found: true, ..Default::default() };
    obs.t3_labels = t3_rows().iter().map(|(_, l)| (*l).to_owned()).collect();
    obs.t3_labels.push(T3_NOTE.into());
    obs.t2_labels =
        vec!["第二十条第（一）项".into(), "信息内容".into(), "本年制发件数".into(), "行政规范性文件".into()];
    assert!(check_observed_tables(&obs).is_empty());
    // The 2019 table 三: one （六）其他处理 row, no sub-rows, and the note missing.
    obs.t3_labels.retain(|l| {
        !l.starts_with("1.申请人无正当理由") && !l.starts_with("2.申请人逾期") && l != "3.其他" && l != T3_NOTE
    });
    let f = check_observed_tables(&obs);
    let s03: Vec<_> = f.iter().filter(|f| f.rule == "S03").collect();
    assert_eq!(s03.len(), 3);
    assert!(s03[0].message.starts_with("表三缺少“1.申请人无正当理由逾期不补正"));
    assert!(f.iter().any(|f| f.rule == "S10" && f.severity == Severity::Info));
    // The 2019 table 二.
    obs.t2_labels = vec!["本年新制作数量".into(), "规范性文件".into(), "第二十条第（九）项".into()];
    let s04: Vec<_> = check_observed_tables(&obs).into_iter().filter(|f| f.rule == "S04").collect();
    assert_eq!(s04.len(), 3);
    assert_eq!(
        s04[0].message,
        "表二仍为2019年旧格式（含“本年新制作数量”），应使用“本年制发件数/本年废止件数/现行有效件数”等2021年栏目。"
    );
    assert_eq!(s04[0].gate(), Gate::Block);
}

#[test]
fn s08_title() {
    let mut r = template();
    assert!(rule(&r, "S08").is_empty());
    r.title = "金砂镇人民政府2025年政府信息公开工作告年度报".into();
    let f = rule(&r, "S08");
    assert_eq!(
        f[0].message,
        "报告标题应为“金砂镇人民政府2025年政府信息公开工作年度报告”，当前为“金砂镇人民政府2025年政府信息公开工作告年度报”。"
    );
    assert!(rule(&r, "X13").iter().any(|f| f.location == Location::Title));
}

#[test]
fn s09_placeholders() {
    let mut r = template();
    r.sections.iter_mut().for_each(|s| s.blocks.retain(|b| !b.text().contains("文字描述")));
    assert!(rule(&r, "S09").is_empty());
    r.doc_number = "金政〔2025〕 号".into();
    assert_eq!(rule(&r, "S09")[0].message, "正文中仍有未填写的占位内容“〔2025〕 号”。");
    r.doc_number = "金政〔2025〕3号".into();
    assert!(rule(&r, "S09").is_empty());
    set_paragraph(&mut r, 1, "我镇共公开信息XX条。");
    assert!(rule(&r, "S09")[0].message.contains("XX"));
}

#[test]
fn x01_years_in_the_text() {
    let mut r = template();
    set_paragraph(&mut r, 1, "2025年，我镇公开信息10条，同比2024年增加2条。");
    assert!(rule(&r, "X01").is_empty(), "comparison with last year is fine");
    set_paragraph(&mut r, 1, "2023年，我镇在区政府门户网站主动公开信息。");
    let f = rule(&r, "X01");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Warning);
    assert_eq!(f[0].message, "报告年度为2025年，但正文出现“2023年”，疑似沿用往年模板。");
    // The statistics period of last year's report: an error.
    let mut r = template();
    r.preamble[0] = r.preamble[0].replace("2025年1月1日", "2024年1月1日").replace("2025年12月31日", "2024年12月31日");
    let f = rule(&r, "X01");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].gate(), Gate::Confirm);
    assert!(f[0].message.contains("统计期限自2024年1月1日起至2024年12月31日止"));
}

#[test]
fn x02_statistics_period_present() {
    let mut r = template();
    assert!(rule(&r, "X02").is_empty());
    r.preamble = vec!["本报告依据《条例》编制。".into()];
    assert_eq!(rule(&r, "X02")[0].message, "请在报告开头写明数据统计期限：自2025年1月1日起至2025年12月31日止。");
}

#[test]
fn x03_publication_date() {
    let mut r = template();
    r.date = Date::new(2026, 1, 20);
    assert!(rule(&r, "X03").is_empty());
    r.date = Date::new(2026, 2, 10);
    let f = rule(&r, "X03");
    assert_eq!(f[0].severity, Severity::Warning);
    assert_eq!(
        f[0].message,
        "按《政府信息公开条例》第四十九条，2025年度报告应于2026年1月31日前向社会公布；当前落款日期为2026年2月10日。"
    );
    r.level = AgencyLevel::Government;
    assert!(rule(&r, "X03").is_empty(), "a government report may run to 3月31日");
    r.date = Date::new(2025, 12, 20);
    assert_eq!(rule(&r, "X03")[0].severity, Severity::Error);
    r.date = None;
    assert_eq!(rule(&r, "X03")[0].severity, Severity::Warning);
}

#[test]
fn x04_fee_statement_in_section_six() {
    let mut r = template();
    assert!(rule(&r, "X04").is_empty());
    r.sections[5].blocks = vec![Block::Paragraph("无。".into())];
    let f = rule(&r, "X04");
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].location, Location::Section(5));
    r.sections[5].blocks.clear();
    assert_eq!(rule(&r, "X04").len(), 1, "an empty section 六 fails too");
    r.sections[5].blocks = vec![Block::Paragraph("本年度未收取信息处理费。".into())];
    assert!(rule(&r, "X04").is_empty());
}

#[test]
fn x05_and_x06_request_counts_in_the_text() {
    let mut r = template();
    set(&mut r, "t3.R1.natural", 12);
    set(&mut r, "t3.R3_1.natural", 12);
    set_paragraph(&mut r, 1, "本年度共收到政府信息公开申请12件，均已按时答复。");
    assert!(rule(&r, "X05").is_empty());
    assert!(rule(&r, "X06").is_empty());
    r.sections[0].blocks.pop();
    set_paragraph(&mut r, 1, "本年度共收到政府信息公开申请15件。");
    assert_eq!(
        rule(&r, "X05")[0].message,
        "正文称收到政府信息公开申请15件，表三本年新收为12件（含上年结转为12件），请核对口径。"
    );
    r.sections[0].blocks.pop();
    set_paragraph(&mut r, 1, "2025年，我镇没有受理政府公开申请。");
    let f = rule(&r, "X06");
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(
        f[0].message,
        "正文表述“2025年，我镇没有受理政府公开申请”与表三数据（本年新收12件、上年结转0件）相矛盾。"
    );
    // A count stated while the table is all 0.
    let mut r = template();
    set_paragraph(&mut r, 1, "全年共受理政府信息公开申请3件。");
    assert_eq!(rule(&r, "X06").len(), 1);
}

#[test]
fn x07_reviews_and_lawsuits_in_the_text() {
    let mut r = template();
    set_paragraph(&mut r, 1, "本年度没有因政府信息公开被申请行政复议、提起行政诉讼的情况。");
    assert!(rule(&r, "X07").is_empty());
    set(&mut r, "t4.review.upheld", 2);
    let f = rule(&r, "X07");
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].gate(), Gate::Confirm);
    let mut r = template();
    set(&mut r, "t4.review.upheld", 2);
    set(&mut r, "t4.lit_direct.upheld", 1);
    set(&mut r, "t4.lit_after_review.pending", 2);
    set_paragraph(&mut r, 1, "本年度发生政府信息公开行政复议2件、行政诉讼3件。");
    assert!(rule(&r, "X07").is_empty());
    r.sections[0].blocks.pop();
    set_paragraph(&mut r, 1, "本年度发生政府信息公开行政复议1件。");
    let f = rule(&r, "X07");
    assert_eq!(f[0].severity, Severity::Warning);
    assert_eq!(f[0].message, "正文称行政复议1件，表四行政复议总计为2件，请核对。");
}

#[test]
fn x08_and_y04_section_five() {
    let mut r = template();
    r.sections[4].blocks = vec![Block::Paragraph("无".into())];
    assert_eq!(rule(&r, "X08").len(), 1);
    assert_eq!(rule(&r, "Y04").len(), 1);
    r.sections[4].blocks = vec![
        Block::Subheading("五、存在的主要问题及改进情况".into()),
        Block::Paragraph(
            "针对上年报告指出的信息更新不及时问题，我镇已建立每周更新制度并完成整改。本年度仍存在公开内容不够具体、政策解读形式单一等问题，下一步将加强培训，丰富解读形式。".into(),
        ),
    ];
    assert!(rule(&r, "X08").is_empty());
    assert!(rule(&r, "Y04").is_empty());
    // Keyword rules do not read headings: a sub-heading alone does not satisfy Y04.
    r.sections[4].blocks = vec![Block::Subheading("（二）上年问题整改情况".into()), Block::Paragraph("x".repeat(60))];
    assert_eq!(rule(&r, "Y04").len(), 1);
}

#[test]
fn x09_section_one_coverage_counts_sub_headings() {
    let r = template();
    assert!(rule(&r, "X09").is_empty(), "the standard sub-headings cover all five topics");
    let mut r = template();
    r.sections[0].blocks.retain(|b| !b.text().contains("监督保障") && !b.text().contains("平台建设"));
    let f = rule(&r, "X09");
    assert_eq!(
        f[0].message,
        "第一部分建议包含“政府信息公开平台建设、监督保障”方面的内容（国办格式：主动公开、依申请公开、政府信息管理、平台建设、监督保障）。"
    );
}

#[test]
fn x10_government_reports_name_assessment_results() {
    let mut r = template();
    assert_eq!(rule(&r, "X10").len(), 1);
    set_paragraph(&mut r, 1, "本年度将政务公开纳入绩效考核，开展社会评议，未发生责任追究情况。");
    assert!(rule(&r, "X10").is_empty());
    let mut r = template();
    r.level = AgencyLevel::CountyDepartment;
    assert!(rule(&r, "X10").is_empty(), "only 人民政府");
}

#[test]
fn x11_fees_not_confused() {
    let mut r = template();
    assert!(rule(&r, "X11").is_empty());
    set_paragraph(&mut r, 6, "本年度行政事业性收费即信息处理费共0.5万元。");
    assert_eq!(rule(&r, "X11")[0].severity, Severity::Info);
}

#[test]
fn x12_citation_of_the_format_notice() {
    let r = template();
    assert!(rule(&r, "X12").is_empty(), "the template cites 30号 correctly");
    let mut r = template();
    r.preamble[0] = "本报告依据《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2021〕30号）编制。".into();
    assert_eq!(rule(&r, "X12").len(), 1);
    r.preamble[0] = "本报告依据国办公开办函[2019]60号编制。".into();
    assert_eq!(rule(&r, "X12").len(), 1);
}

#[test]
fn x13_typos() {
    let mut r = template();
    assert!(rule(&r, "X13").is_empty());
    set_paragraph(&mut r, 5, "还存在一下问题。");
    assert_eq!(rule(&r, "X13")[0].message, "疑似错别字：“一下问题”，建议改为“以下问题”。");
}

#[test]
fn t3_05_fee_notices_and_section_six() {
    let mut r = template();
    set(&mut r, "t3.R1.natural", 1);
    set(&mut r, "t3.R3_6_2.natural", 1);
    assert!(rule(&r, "T3-05").is_empty());
    r.sections[5].blocks = vec![Block::Paragraph("本年度未发出收费通知，未收取信息处理费。".into())];
    let f = rule(&r, "T3-05");
    assert_eq!(
        f[0].message,
        "表三“申请人逾期未按收费通知要求缴纳费用”为1件，说明本年发出过收费通知，但第六部分写明未发出收费通知，请核实。"
    );
}

#[test]
fn t3_06_carry_over_and_all_settled() {
    let mut r = template();
    set(&mut r, "t3.R1.natural", 3);
    set(&mut r, "t3.R3_1.natural", 2);
    set(&mut r, "t3.R4.natural", 1);
    assert!(rule(&r, "T3-06").is_empty());
    set_paragraph(&mut r, 1, "所有申请均已办结。");
    assert_eq!(rule(&r, "T3-06")[0].message, "表三结转下年度继续办理1件，与正文“均已办结”表述不一致。");
}

#[test]
fn y01_carry_over_from_last_year() {
    let mut last = template();
    last.year = 2024;
    set(&mut last, "t3.R1.natural", 2);
    set(&mut last, "t3.R4.natural", 2);
    let mut r = template();
    set(&mut r, "t3.R2.natural", 1);
    set(&mut r, "t3.R4.natural", 1);
    let prev = last.as_previous();
    let f: Vec<_> = check(&r, Some(&prev)).into_iter().filter(|f| f.rule == "Y01").collect();
    assert_eq!(f[0].message, "表三“自然人”上年结转1件，与2024年度报告“结转下年度继续办理”2件不一致。");
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].gate(), Gate::Confirm);
    set(&mut r, "t3.R2.natural", 2);
    set(&mut r, "t3.R4.natural", 2);
    assert!(check(&r, Some(&prev)).iter().all(|f| f.rule != "Y01"));
    // Stored in the file instead of passed in; incomplete data only warns.
    let mut stored = prev.clone();
    stored.incomplete = true;
    set(&mut r, "t3.R2.natural", 5);
    set(&mut r, "t3.R4.natural", 5);
    r.previous = Some(stored);
    let f: Vec<_> = check(&r, None).into_iter().filter(|f| f.rule == "Y01").collect();
    assert_eq!(f[0].severity, Severity::Warning);
}

#[test]
fn y02_large_jumps() {
    let mut last = template();
    last.year = 2024;
    set(&mut last, "t3.R1.natural", 10);
    set(&mut last, "t3.R3_1.natural", 10);
    let mut r = template();
    set(&mut r, "t3.R1.natural", 40);
    set(&mut r, "t3.R3_1.natural", 40);
    let prev = last.as_previous();
    assert!(check(&r, Some(&prev)).iter().all(|f| f.rule != "Y02"));
    set(&mut r, "t3.R1.natural", 60);
    set(&mut r, "t3.R3_1.natural", 60);
    let f: Vec<_> = check(&r, Some(&prev)).into_iter().filter(|f| f.rule == "Y02").collect();
    assert_eq!(f[0].severity, Severity::Info);
    assert_eq!(f[0].message, "本年新收政府信息公开申请总数由2024年的10变为60，变化较大，请确认数据无误。");
}

#[test]
fn y03_copied_text() {
    let last = common::example();
    let mut r = common::example();
    r.year = 2025;
    assert!(check(&r, Some(&last.as_previous())).iter().any(|f| f.rule == "Y03" && f.location == Location::Section(0)));
    // A rewritten section 一 passes.
    r.sections[0].blocks = vec![Block::Paragraph("今年我镇重点推进乡村振兴领域信息公开，新增便民服务事项清单，全年在门户网站发布各类信息三十余条，开展政策解读活动四次。".into())];
    let f: Vec<_> = check(&r, Some(&last.as_previous())).into_iter().filter(|f| f.rule == "Y03").collect();
    assert!(f.iter().all(|f| f.location != Location::Section(0)));
    assert!(similarity("政务公开工作取得一定成效", "政务公开工作取得一定成效") > 0.99);
    assert!(similarity("政务公开工作取得一定成效", "今年新增便民服务清单") < 0.2);
}

#[test]
fn every_rule_id_is_known() {
    // The rule ids the checks can produce are exactly those of CHECKS.md.
    let known = [
        "S01", "S02", "S03", "S04", "S05", "S06", "S07", "S08", "S09", "S10", "T3-01", "T3-02", "T3-03", "T3-05",
        "T3-06", "T4-01", "T4-02", "T4-03", "T2-01", "T2-02", "T2-03", "T2-04", "T2-05", "X01", "X02", "X03", "X04",
        "X05", "X06", "X07", "X08", "X09", "X10", "X11", "X12", "X13", "X14", "X15", "X16", "X17", "Y01", "Y02", "Y03",
        "Y04",
    ];
    let r = nianbao::model::Report {
        sections: HEADINGS.iter().map(|h| nianbao::model::Section { heading: (*h).into(), blocks: vec![] }).collect(),
        ..Default::default()
    };
    for f in check(&r, None) {
        assert!(known.contains(&f.rule), "{}", f.rule);
    }
}

/// Ordinary report sentences that must not be read as contradictions (errors block an export
/// behind a confirmation, so a false one costs the clerk).
#[test]
fn text_rules_do_not_misread_ordinary_sentences() {
    let with = |text: &str, cells: &[(&str, u64)]| {
        let mut r = template();
        for (k, v) in cells {
            set(&mut r, k, *v);
        }
        set_paragraph(&mut r, 1, text);
        check(&r, None)
    };
    let r1 = [("t3.R1.natural", 5), ("t3.R3_1.natural", 5)];
    for (text, cells) in [
        ("本年度共受理政府信息公开申请5件，均按时答复，未收到申请人投诉。", &r1[..]),
        ("本年度共收到政府信息公开申请5件，没有收到因申请答复引起的投诉举报。", &r1[..]),
        ("对受理的申请，均在20个工作日内予以答复。", &[][..]),
    ] {
        let f = with(text, cells);
        assert!(f.iter().all(|f| f.rule != "X06" && f.rule != "X05"), "{text}: {f:?}");
    }
    let reviews = [("t4.review.upheld", 2)];
    for text in ["本年度无行政复议被纠错的情况。", "行政复议结果均为维持，没有被纠错的情况。"]
    {
        let f = with(text, &reviews);
        assert!(f.iter().all(|f| f.rule != "X07"), "{text}: {f:?}");
    }
    // Counts are read clause by clause.
    let f = with("本年度未发生行政复议案件，行政诉讼1件。", &[("t4.lit_direct.upheld", 1)]);
    assert!(f.iter().all(|f| f.rule != "X07"), "{f:?}");
    // Wording variants of the statistics period.
    for period in ["统计期限自2025年1月1日起至12月31日止", "统计期限为2025年01月01日至2025年12月31日"]
    {
        let mut r = template();
        r.preamble = vec![format!("本报告所列数据{period}。")];
        let f = check(&r, None);
        assert!(f.iter().all(|f| f.rule != "X01" && f.rule != "X02"), "{period}: {f:?}");
    }
    // Last year's report named in section 五 is the wording Y04 asks for.
    let f = with("针对2024年度报告中指出的信息更新不及时问题，已完成整改。", &[]);
    assert!(f.iter().all(|f| f.rule != "X01"), "{f:?}");
    // “管理制度1个” is not a number of normative documents.
    let f = with("本年度印发规范性文件管理制度1个。", &[]);
    assert!(f.iter().all(|f| f.rule != "T2-05"), "{f:?}");
}

#[test]
fn custom_sub_headings_are_not_deviations() {
    let mut r = template();
    if let Block::Subheading(t) = &mut r.sections[0].blocks[1] {
        *t = "（一）加强组织领导".into();
    }
    assert!(rule(&r, "S02").is_empty());
    if let Block::Subheading(t) = &mut r.sections[0].blocks[3] {
        *t = "(二)依申请公开".into();
    }
    assert_eq!(rule(&r, "S02").len(), 1);
}
