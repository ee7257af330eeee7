#![allow(dead_code)]
//! Reports for the tests beyond the example: one with a non-zero number in every cell and prose
//! that states its numbers the ways published reports do, and text dumps of any report.

use nianbao::model::standard::{new_report, preamble};
use nianbao::model::tables::{cells, t3, t4};
use nianbao::model::{AgencyLevel, Block, CellId, Date, Report};

use super::docx::W;

/// Sets a cell by key.
fn put(r: &mut Report, key: &str, v: u64) {
    let id = CellId::from_key(key).unwrap_or_else(|| panic!("no cell {key}"));
    r.tables.set(id, Some(v));
}

/// A 2025 report of a city government (规章 are allowed at that level) with a non-zero number
/// in every cell of tables 二, 三 and 四, every sum right, and prose that states its numbers:
/// applications received, concluded and carried over, 行政复议 and 行政诉讼, 规范性文件, fees, a
/// web address, an e-mail address, decimals and thousands separators. Every rule is silent on it.
pub fn numbers_everywhere() -> Report {
    let mut r = new_report("龙岩市人民政府", 2025, AgencyLevel::Government);
    r.doc_number = "龙政〔2026〕5号".into();
    r.date = Date::new(2026, 1, 20);
    r.preamble = vec![preamble(2025)];
    for (k, v) in [
        ("t2.reg.made", 2),
        ("t2.reg.repealed", 1),
        ("t2.reg.valid", 15),
        ("t2.norm.made", 6),
        ("t2.norm.repealed", 2),
        ("t2.norm.valid", 48),
        ("t2.licensing", 1350),
        ("t2.punishment", 86),
        ("t2.coercion", 12),
    ] {
        put(&mut r, k, v);
    }
    r.tables.set(CellId::from_key("t2.fee_wan_yuan").expect("fee cell"), Some(12_500));
    for c in t3::PARTS {
        let c64 = c as u64;
        let mut results = 0;
        for row in t3::RESULT_ROWS {
            let v = 1 + (row as u64 + c64) % 3;
            r.tables.set(CellId::t3(row, c), Some(v));
            results += v;
        }
        let (r2, r4) = (c64 + 2, c64 + 1);
        r.tables.set(CellId::t3(t3::R2, c), Some(r2));
        r.tables.set(CellId::t3(t3::R4, c), Some(r4));
        r.tables.set(CellId::t3(t3::R1, c), Some(results + r4 - r2));
    }
    for g in 0..t4::GROUPS {
        for (k, v) in [g + 1, g + 2, 1, 2].into_iter().enumerate() {
            r.tables.set(CellId::t4(g, k), Some(v as u64));
        }
    }
    for c in cells().iter().filter(|c| c.derived) {
        r.tables.set(c.id, None);
    }
    let t = |row, col| r.tables.t3(row, col).expect("filled");
    let (r1, r2, r37, r4) = (t(t3::R1, t3::TOTAL), t(t3::R2, t3::TOTAL), t(t3::R3_7, t3::TOTAL), t(t3::R4, t3::TOTAL));
    let natural = t(t3::R1, 0);
    let review = r.tables.t4(0, t4::TOTAL).expect("filled");
    let suits = r.tables.t4(1, t4::TOTAL).expect("filled") + r.tables.t4(2, t4::TOTAL).expect("filled");
    let p = |s: String| Block::Paragraph(s);
    let sub = |s: &str| Block::Subheading(s.to_owned());
    r.sections[0].blocks = vec![
        p(format!("2025年，龙岩市人民政府认真贯彻《中华人民共和国政府信息公开条例》，全年主动公开政府信息3,268条，办理政府信息公开申请{}件，各项工作有序推进。", r1 + r2)),
        sub("（一）主动公开"),
        p("全年在门户网站发布政策文件、工作动态等信息3,268条，其中行政许可1350件、行政处罚86件、行政强制12件；本年度制发行政规范性文件6件，废止2件。".into()),
        sub("（二）依申请公开"),
        p(format!("本年度共收到政府信息公开申请{r1}件，其中自然人提出{natural}件；上年结转{r2}件。已办结{r37}件，结转下年度继续办理{r4}件。上年结转的{r2}件申请已全部办结。")),
        sub("（三）政府信息管理"),
        p("严格落实保密审查制度，全年审查拟公开信息3,300余条，审查覆盖率100%，平均审查时间1.5个工作日。".into()),
        sub("（四）政府信息公开平台建设"),
        p("优化政府门户网站（https://www.example.gov.cn/xxgk/）政府信息公开专栏，全年访问量约120万人次；开通依申请公开电子邮箱xxgk@example.gov.cn。".into()),
        sub("（五）监督保障"),
        p("将政务公开纳入年度绩效考核，开展社会评议2次，全年未发生责任追究情况。".into()),
    ];
    r.sections[3].blocks = vec![p(format!("本年度因政府信息公开被申请行政复议{review}件，提起行政诉讼{suits}件。"))];
    r.sections[4].blocks = vec![
        sub("（一）存在的主要问题"),
        p("一是部分栏目更新不够及时；二是政策解读形式较为单一，图解、视频解读占比仅为12.5%；三是基层工作人员业务能力有待提高。".into()),
        sub("（二）改进情况"),
        p("针对上年度报告指出的问题，已完成整改：建立栏目更新台账，每月通报；全年组织业务培训4期，培训180人次。".into()),
    ];
    r.sections[5].blocks = vec![p(
        "本年度依据《政府信息公开信息处理费管理办法》发出收费通知3件，总金额1,200元；实际收取信息处理费600元。".into(),
    )];
    r
}

/// A plain-text dump of a document, in the seed's form: a paragraph a line; a table cell a line
/// starting with a tab, rows followed by an empty line.
pub fn text_dump(blocks: &[W]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            W::P(s) => {
                out.push_str(s);
                out.push('\n');
            }
            W::T(rows) => {
                for row in rows {
                    for (text, _, _) in row {
                        out.push('\t');
                        out.push_str(text);
                        out.push('\n');
                    }
                    out.push('\n');
                }
            }
        }
    }
    out
}
