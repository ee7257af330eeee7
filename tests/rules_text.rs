//! The checks of issue 12 (X14–X17, and S01 naming a numbering problem), each with passing and
//! failing cases, and the proof that they raise no false alarm on the example and on a report
//! with numbers everywhere.

mod common;

use common::reports::numbers_everywhere;
use common::{example, rule, set, template};
use nianbao::model::standard::HEADINGS;
use nianbao::model::{Block, Location, Report, Severity, check};

const NEW_RULES: [&str; 4] = ["X14", "X15", "X16", "X17"];

/// A report with the CHECKS.md §B worked table 三: R1 9, R2 1, （七）总计 8, R4 2 (总计 column).
fn worked() -> Report {
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

fn with_paragraph(mut r: Report, section: usize, text: &str) -> Report {
    r.sections[section - 1].blocks.push(Block::Paragraph(text.into()));
    r
}

#[test]
fn no_false_alarm_on_the_example_or_a_report_with_numbers_everywhere() {
    // The example: only X17, on the seed's own half-width comma (tests/example.rs).
    let f = check(&example(), None);
    assert!(f.iter().all(|f| !["X14", "X15", "X16"].contains(&f.rule)), "{f:?}");
    assert_eq!(f.iter().filter(|f| f.rule == "X17").count(), 1);
    // Numbers everywhere, stated in the prose: not a single finding of any rule.
    let r = numbers_everywhere();
    assert!(r.tables.is_complete());
    assert!(nianbao::model::tables::cells().iter().all(|c| r.tables.get(c.id).is_some_and(|v| v > 0)));
    let f = check(&r, None);
    let lines: Vec<String> = f.iter().map(|f| f.line()).collect();
    assert!(lines.is_empty(), "a consistent report with numbers everywhere checks clean: {lines:#?}");
    // The template: none of the new rules.
    let rules: Vec<&str> = check(&template(), None).iter().map(|f| f.rule).collect();
    assert!(rules.iter().all(|r| !NEW_RULES.contains(r)), "{rules:?}");
    // Next year's report carries this year's prose over: X14 rightly points at the stated
    // 上年结转 (27, this year's R2) that no longer matches next year's R2 (21, this year's R4).
    let next = nianbao::model::standard::next_report(&r);
    let x14: Vec<String> = check(&next, None).into_iter().filter(|f| f.rule == "X14").map(|f| f.message).collect();
    assert_eq!(x14, ["正文称上年结转27件，表三“二、上年结转政府信息公开申请数量”总计为21件，请核对。"]);
}

#[test]
fn x14_counts_of_concluded_and_carried_over_applications() {
    // Agreeing counts, in the forms reports use.
    let ok = with_paragraph(
        worked(),
        1,
        "本年度收到政府信息公开申请9件，上年结转1件；已办结8件，结转下年度继续办理2件。其中8件已按时答复。",
    );
    assert!(rule(&ok, "X14").is_empty(), "{:?}", rule(&ok, "X14"));
    // Each count against its cell.
    for (text, message, cell) in [
        (
            "本年度已办结政府信息公开申请7件。",
            "正文称办结（答复）政府信息公开申请7件，表三“（七）总计”为8件，请核对。",
            "t3.R3_7.total",
        ),
        (
            "对收到的申请，共答复申请人9件。",
            "正文称办结（答复）政府信息公开申请9件，表三“（七）总计”为8件，请核对。",
            "t3.R3_7.total",
        ),
        (
            "另有1件申请结转下年度继续办理。",
            "正文称结转下年度继续办理1件，表三“四、结转下年度继续办理”总计为2件，请核对。",
            "t3.R4.total",
        ),
        (
            "上年结转的政府信息公开申请3件已全部办结。",
            "正文称上年结转3件，表三“二、上年结转政府信息公开申请数量”总计为1件，请核对。",
            "t3.R2.total",
        ),
    ] {
        let r = with_paragraph(worked(), 1, text);
        let f = rule(&r, "X14");
        assert_eq!(f.len(), 1, "{text}: {f:?}");
        assert_eq!(f[0].message, message);
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[0].location, Location::Block(0, r.sections[0].blocks.len() - 1), "at the paragraph");
        assert_eq!(f[0].cells[0].decl().key, cell);
    }
    // Counts of something else, or of a part, are not read; a blank cell keeps the rule silent.
    for text in [
        "本年度延期答复申请1件，书面答复3件。",
        "办结人大代表建议和政协委员提案12件。",
        "对受理的申请，均在20个工作日内予以答复。",
        "全年结转资金30万元。",
        "行政复议案件已办结1件。",
    ] {
        let r = with_paragraph(worked(), 1, text);
        assert!(rule(&r, "X14").is_empty(), "{text}: {:?}", rule(&r, "X14"));
    }
    let mut blank = with_paragraph(worked(), 1, "已办结政府信息公开申请7件。");
    blank.tables.set(nianbao::model::CellId::from_key("t3.R3_1.natural").unwrap(), None);
    assert!(rule(&blank, "X14").is_empty());
}

#[test]
fn x15_all_concluded_and_a_carry_over_in_the_same_text() {
    // The table says nothing is carried over; the text says both.
    let mut r = template();
    set(&mut r, "t3.R1.natural", 3);
    set(&mut r, "t3.R3_1.natural", 3);
    let r = with_paragraph(r, 1, "本年度收到的申请均已按时办结。");
    assert!(rule(&r, "X15").is_empty());
    let r = with_paragraph(r, 3, "另有1件申请结转下年度继续办理。");
    let f = rule(&r, "X15");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].message, "正文称“本年度收到的申请均已按时办结”，又称结转下年度继续办理1件，前后矛盾，请核对。");
    assert_eq!(f[0].location, Location::Block(0, r.sections[0].blocks.len() - 1), "at the 均已办结 paragraph");
    // Last year's carry-over all concluded is not a contradiction.
    let mut r = template();
    set(&mut r, "t3.R2.natural", 1);
    set(&mut r, "t3.R3_1.natural", 1);
    let r = with_paragraph(r, 1, "上年结转的1件申请已全部办结，无结转下年度的申请。");
    assert!(rule(&r, "X15").is_empty());
    assert!(rule(&r, "X14").is_empty());
    // A non-zero 结转 in the table is T3-06's finding, not a second one.
    let r = with_paragraph(with_paragraph(worked(), 1, "申请均已办结。"), 1, "结转下年度继续办理2件。");
    assert!(rule(&r, "X15").is_empty());
    assert_eq!(rule(&r, "T3-06").len(), 1);
}

#[test]
fn t3_06_reads_last_years_carry_over_as_such() {
    // “上年结转的1件已全部办结” beside a non-zero 结转下年度 is not “均已办结”.
    let r = with_paragraph(worked(), 1, "上年结转的1件申请已全部办结。");
    assert!(rule(&r, "T3-06").is_empty());
    let r = with_paragraph(worked(), 1, "本年度申请全部办结。");
    assert_eq!(rule(&r, "T3-06").len(), 1);
}

#[test]
fn x16_repeated_words() {
    let r = with_paragraph(template(), 1, "进一步加强财政资金资金监管，做好政府信息公开政府信息公开工作。");
    let f = rule(&r, "X16");
    let messages: Vec<&str> = f.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "疑似重复用词：“资金资金”，建议改为“资金”。",
            "疑似重复用词：“政府信息公开政府信息公开”，建议改为“政府信息公开”。"
        ]
    );
    assert!(f.iter().all(|f| f.severity == Severity::Info && f.location == Location::Block(0, 11)));
    // Real reduplications, doubled single characters, numbers, names in 《》.
    let r = with_paragraph(
        template(),
        1,
        "工作人员常常深入村居，人人参与，天天更新，层层落实，处处留心，一一核对，逐项研究研究，一个一个地核对，确保信息完整性及及时性；学习《条例条例》。",
    );
    assert!(rule(&r, "X16").is_empty(), "{:?}", rule(&r, "X16"));
    let r = with_paragraph(template(), 1, "统计期为二〇二五二〇二五年度，编号2025年2025年。");
    assert!(rule(&r, "X16").is_empty());
}

#[test]
fn x17_half_width_punctuation_in_chinese_prose() {
    let r = with_paragraph(template(), 5, "一是栏目更新不及时;二是解读形式单一,需加强:各村(社区)公开栏更新。");
    let f = rule(&r, "X17");
    assert_eq!(f.len(), 1, "once per paragraph");
    assert_eq!(f[0].severity, Severity::Info);
    assert_eq!(f[0].location, Location::Block(4, 4));
    assert_eq!(
        f[0].message,
        "中文正文中使用了半角标点，应改为全角：“新不及时;二是解读形式单一,需加强:各村(社区)公开栏更”→“新不及时；二是解读形式单一，需加强：各村（社区）公开栏更”。"
    );
    // Numbers, times, addresses, Latin words and full-width marks are left alone; headings are
    // S02's.
    for text in [
        "全年公开信息1,268条，时间为10:30。",
        "网址为https://www.example.gov.cn/a,b(c)，邮箱xxgk@example.gov.cn。",
        "提供PDF(Portable Document Format)格式文件。",
        "全角标点，；：（）不提示。",
    ] {
        let r = with_paragraph(template(), 1, text);
        assert!(rule(&r, "X17").is_empty(), "{text}: {:?}", rule(&r, "X17"));
    }
    let mut r = template();
    r.sections[0].blocks[1] = Block::Subheading("(一)主动公开".into());
    assert!(rule(&r, "X17").is_empty());
    assert_eq!(rule(&r, "S02").len(), 1);
}

#[test]
fn s01_names_the_numbering_when_every_section_is_there() {
    // Sections 二–六 numbered 一–五 and section 一 without a numeral: all six are there.
    let mut r = template();
    r.sections[0].heading = "总体情况".into();
    for (i, s) in r.sections.iter_mut().enumerate().skip(1) {
        s.heading = format!("{}、{}", ["一", "二", "三", "四", "五"][i - 1], &HEADINGS[i]["二、".len()..]);
    }
    let f = rule(&r, "S01");
    assert_eq!(f.len(), 6, "{f:?}");
    assert!(f.iter().all(|f| !f.message.contains("缺少")), "{f:?}");
    assert_eq!(f[0].message, "第一部分标题“总体情况”没有编号，应为“一、总体情况”（各部分都在，只是编号不对）。");
    assert_eq!(
        f[4].message,
        "第五部分标题“四、存在的主要问题及改进情况”的编号“四、”有误，按内容和位置应为“五、存在的主要问题及改进情况”（各部分都在，只是编号不对）。"
    );
    assert_eq!(f[4].location, Location::Section(4));
    // A section that is really missing is still reported as missing.
    let mut r = template();
    r.sections.remove(4);
    let f = rule(&r, "S01");
    assert!(f.iter().any(|f| f.message.starts_with("缺少或顺序错误：第五部分")), "{f:?}");
}

#[test]
fn every_rule_id_is_known() {
    let known = [
        "S01", "S02", "S03", "S04", "S05", "S06", "S07", "S08", "S09", "S10", "T3-01", "T3-02", "T3-03", "T3-05",
        "T3-06", "T4-01", "T4-02", "T4-03", "T2-01", "T2-02", "T2-03", "T2-04", "T2-05", "X01", "X02", "X03", "X04",
        "X05", "X06", "X07", "X08", "X09", "X10", "X11", "X12", "X13", "X14", "X15", "X16", "X17", "Y01", "Y02", "Y03",
        "Y04",
    ];
    let mut r = with_paragraph(worked(), 1, "已办结7件，均已办结，工作工作,监管。");
    r.sections[1].blocks.push(Block::Paragraph("结转下年度5件。".into()));
    r.tables.set(nianbao::model::CellId::from_key("t3.R4.natural").unwrap(), Some(0));
    let f = check(&r, None);
    for id in NEW_RULES {
        assert!(f.iter().any(|f| f.rule == id), "{id} fires here: {f:?}");
    }
    for f in f {
        assert!(known.contains(&f.rule), "{}", f.rule);
    }
}

#[test]
fn s09_placeholders_but_not_addresses() {
    let r = with_paragraph(template(), 6, "咨询邮箱xxgk@example.gov.cn，网址www.example.gov.cn/xxgk/。");
    assert!(rule(&r, "S09").iter().all(|f| f.location != Location::Block(5, 1)), "{:?}", rule(&r, "S09"));
    for text in ["XX镇人民政府", "联系人：xx", "XXX街道"] {
        let r = with_paragraph(template(), 6, text);
        assert!(rule(&r, "S09").iter().any(|f| f.location == Location::Block(5, 1)), "{text}");
    }
}

#[test]
fn s02_sub_topics_of_section_one_in_another_numbering() {
    for (written, hint) in [
        ("二、依申请公开", "（小标题应使用“（一）”式编号，“一、”是六个部分的编号）"),
        ("2.依申请公开", "（小标题应使用“（一）”式编号，“一、”是六个部分的编号）"),
        ("(二)依申请公开", "（括号应为全角“（）”）"),
    ] {
        let mut r = template();
        *r.sections[0].blocks[3].text_mut() = written.into();
        let f = rule(&r, "S02");
        assert_eq!(f.len(), 1, "{written}");
        assert_eq!(
            f[0].message,
            format!("第一部分小标题“{written}”与标准写法“（二）依申请公开”不一致{hint}，建议改为标准写法。")
        );
        assert_eq!(nianbao::model::checks::standard_subheadings(&r.sections[0].blocks), [(3, "（二）依申请公开")]);
    }
    // Another number, or the agency's own topic, is not this deviation.
    for written in ["三、依申请公开", "（二）加强组织领导"] {
        let mut r = template();
        *r.sections[0].blocks[3].text_mut() = written.into();
        assert!(rule(&r, "S02").is_empty(), "{written}");
    }
}
