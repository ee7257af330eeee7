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

/// The standard text of a heading at a position, for 恢复标准标题: section `n` (1…6) or, with
/// `sub = Some(k)`, the k-th (0-based) sub-heading of section 一.
pub fn standard_heading(n: usize, sub: Option<usize>) -> Option<&'static str> {
    match sub {
        None => HEADINGS.get(n.checked_sub(1)?).copied(),
        Some(k) if n == 1 => SECTION1_SUBHEADINGS.get(k).copied(),
        Some(_) => None,
    }
}
