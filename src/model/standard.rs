//! The standard wording of the 2021 format, and the template a new report starts from.

use super::report::{AgencyLevel, Block, Report, Section};
use super::values::TableValues;

/// Section numerals, 一 … 六.
pub const NUMERALS: [&str; 6] = ["一", "二", "三", "四", "五", "六"];

/// The six headings, exactly as in 国办公开办函〔2021〕30号.
pub const HEADINGS: [&str; 6] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
];

/// The five standard sub-headings of section 一.
pub const SECTION1_SUBHEADINGS: [&str; 5] =
    ["（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障"];

/// The sub-headings a new report gives section 五 (common practice, not part of the format).
pub const SECTION5_SUBHEADINGS: [&str; 2] = ["（一）存在的主要问题", "（二）改进情况"];

/// The number and exact title of the format notice.
pub const FORMAT_NOTICE_NUMBER: &str = "国办公开办函〔2021〕30号";
/// The exact title of 国办公开办函〔2021〕30号.
pub const FORMAT_NOTICE_TITLE: &str =
    "国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知";
/// The title of the *2019* notice (国办公开办函〔2019〕60号), often cited with the wrong number.
pub const OLD_NOTICE_TITLE: &str = "关于政府信息公开工作年度报告有关事项的通知";

/// The placeholder the official Word template uses for prose to be written.
pub const PLACEHOLDER: &str = "（文字描述）";

/// The fixed end of every title.
pub const TITLE_TAIL: &str = "政府信息公开工作年度报告";

/// The standard title for an agency and year.
pub fn title(agency: &str, year: u16) -> String {
    format!("{agency}{year}年{TITLE_TAIL}")
}

/// The statistics-period sentence.
pub fn statistics_period(year: u16) -> String {
    format!("本报告所列数据统计期限自{year}年1月1日起至{year}年12月31日止。")
}

/// The standard preamble paragraph.
pub fn preamble(year: u16) -> String {
    format!(
        "本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《{FORMAT_NOTICE_TITLE}》（{FORMAT_NOTICE_NUMBER}）要求编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。{}",
        statistics_period(year)
    )
}

/// The section 六 sentence on 信息处理费 for a year in which none was charged.
pub fn no_fee_sentence(year: u16) -> String {
    format!(
        "{year}年度，本机关依据《政府信息公开信息处理费管理办法》发出收费通知0件，总金额0元；实际收取信息处理费0元。"
    )
}

/// A new report from the template: standard title, preamble and headings, placeholders for
/// the prose, the fee sentence, and every table cell 0 (CONTRACT §3: a township with nothing
/// to report is the common case, and the template must pass every error-level check).
pub fn new_report(agency: &str, year: u16, level: AgencyLevel) -> Report {
    let para = |t: &str| Block::Paragraph(t.to_owned());
    let sub = |t: &str| Block::Subheading(t.to_owned());
    let mut section1 = vec![para(PLACEHOLDER)];
    for s in SECTION1_SUBHEADINGS {
        section1.push(sub(s));
        section1.push(para(PLACEHOLDER));
    }
    let section5 =
        vec![sub(SECTION5_SUBHEADINGS[0]), para(PLACEHOLDER), sub(SECTION5_SUBHEADINGS[1]), para(PLACEHOLDER)];
    let sections = HEADINGS
        .iter()
        .enumerate()
        .map(|(i, h)| Section {
            heading: (*h).to_owned(),
            blocks: match i {
                0 => section1.clone(),
                4 => section5.clone(),
                5 => vec![para(&no_fee_sentence(year))],
                _ => Vec::new(),
            },
        })
        .collect();
    Report {
        agency: agency.to_owned(),
        year,
        level,
        doc_number: String::new(),
        title: title(agency, year),
        preamble: vec![preamble(year)],
        contact: None,
        sections,
        tables: TableValues::zero(),
        signer: agency.to_owned(),
        date: None,
        previous: None,
    }
}

/// The number (1…6) of a section heading, read from its numeral: “三、收到和处理…” → 3. Every
/// place that finds a section by its numeral asks this.
pub fn section_number(heading: &str) -> Option<usize> {
    let h = heading.trim_start();
    NUMERALS.iter().position(|n| h.strip_prefix(n).is_some_and(|rest| rest.starts_with('、'))).map(|i| i + 1)
}

/// The standard heading for a heading's numeral (恢复标准标题 of one section).
pub fn standard_heading_for(heading: &str) -> Option<&'static str> {
    HEADINGS.get(section_number(heading)? - 1).copied()
}

/// The standard wording of a sub-heading of section 一 that names a standard topic in another
/// form (S02): “(二)依申请公开” → “（二）依申请公开”. `None` for any other block.
pub fn standard_subheading(r: &Report, at: super::edit::BlockRef) -> Option<&'static str> {
    let super::edit::List::Section(s) = at.list else { return None };
    if r.section_index(1) != Some(s) {
        return None;
    }
    super::checks::standard_subheadings(&r.sections[s].blocks).into_iter().find(|(b, _)| *b == at.index).map(|(_, t)| t)
}

/// Puts the standard headings back (恢复标准标题): the six section headings, each found by its
/// numeral, and the sub-headings of section 一 that name a standard topic in another form (S02).
pub fn restore_headings(r: &mut Report) {
    for s in &mut r.sections {
        if let Some(h) = standard_heading_for(&s.heading) {
            h.clone_into(&mut s.heading);
        }
    }
    if let Some(i) = r.section_index(1) {
        for (b, std) in super::checks::standard_subheadings(&r.sections[i].blocks) {
            std.clone_into(r.sections[i].blocks[b].text_mut());
        }
    }
}

/// Whether [`restore_headings`] would change anything.
pub fn headings_deviate(r: &Report) -> bool {
    r.sections.iter().any(|s| standard_heading_for(&s.heading).is_some_and(|h| h != s.heading))
        || r.section_index(1).is_some_and(|i| !super::checks::standard_subheadings(&r.sections[i].blocks).is_empty())
}

/// Next year's report from last year's (以上年报告新建): the year moves on by one; the
/// statistics period, the 文号 year and the years in the standard sentences follow; the prose is
/// carried over for revision; table 三 row 二 (上年结转) is filled from last year's row 四
/// (结转下年度继续办理), column by column; every other number starts as not filled in; last year's
/// figures are kept for the cross-year rules. The signing date is left empty.
pub fn next_report(last: &Report) -> Report {
    use super::tables::{CellId, t3};
    let (y0, y1) = (last.year, last.year.saturating_add(1));
    let mut r = last.clone();
    r.year = y1;
    r.title = if last.title == title(last.agency.trim(), y0) {
        title(last.agency.trim(), y1)
    } else {
        last.title.replacen(&format!("{y0}年"), &format!("{y1}年"), 1)
    };
    r.doc_number = next_doc_number(&last.doc_number, y0);
    let period = |s: &str| {
        s.replace(&format!("{y0}年1月1日"), &format!("{y1}年1月1日"))
            .replace(&format!("{y0}年12月31日"), &format!("{y1}年12月31日"))
    };
    for p in &mut r.preamble {
        *p = period(p);
    }
    for s in &mut r.sections {
        for b in &mut s.blocks {
            let t = b.text_mut();
            if *t == no_fee_sentence(y0) {
                *t = no_fee_sentence(y1);
            } else {
                *t = period(t);
            }
        }
    }
    r.date = None;
    r.tables = TableValues::blank();
    for c in t3::PARTS {
        r.tables.set(CellId::t3(t3::R2, c), last.tables.t3(t3::R4, c));
    }
    r.previous = Some(last.as_previous());
    r
}

/// 金政〔2025〕3号 → 金政〔2026〕 号: next year's number is not known yet (S09 reminds).
fn next_doc_number(doc: &str, y0: u16) -> String {
    for year in [y0 + 1, y0] {
        for (open, close) in [("〔", "〕"), ("[", "]"), ("［", "］"), ("（", "）")] {
            let needle = format!("{open}{year}{close}");
            if let Some(i) = doc.find(&needle) {
                return format!("{}{open}{}{close} 号", &doc[..i], year + 1);
            }
        }
    }
    doc.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tables::{CellId, t3};

    #[test]
    fn next_year_moves_everything_on() {
        let mut last = new_report("某镇人民政府", 2024, AgencyLevel::Township);
        last.doc_number = "某政〔2025〕3号".into();
        for (c, v) in [(0, 2), (1, 1)] {
            last.tables.set(CellId::t3(t3::R1, c), Some(v + 1));
            last.tables.set(CellId::t3(t3::R3_1, c), Some(1));
            last.tables.set(CellId::t3(t3::R4, c), Some(v));
        }
        let r = next_report(&last);
        assert_eq!(r.year, 2025);
        assert_eq!(r.title, "某镇人民政府2025年政府信息公开工作年度报告");
        assert_eq!(r.doc_number, "某政〔2026〕 号");
        assert!(r.preamble[0].contains("自2025年1月1日起至2025年12月31日止"));
        assert_eq!(r.sections[5].blocks[0].text(), no_fee_sentence(2025));
        assert_eq!(r.tables.t3(t3::R2, 0), Some(2));
        assert_eq!(r.tables.t3(t3::R2, 1), Some(1));
        assert_eq!(r.tables.t3(t3::R2, t3::TOTAL), Some(3));
        assert_eq!(r.tables.t3(t3::R1, 0), None, "this year's numbers are not filled in");
        assert_eq!(r.previous.as_ref().map(|p| p.year), Some(2024));
        assert_eq!(r.date, None);
    }
}
