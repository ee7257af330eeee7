//! Structure and completeness: S01–S05, S08–S10.

use super::{Finding, Location, Severity};
use crate::model::outline::{Numbering, Strength, section_label, section_meaning, split_numbering};
use crate::model::report::Report;
use crate::model::standard::{HEADINGS, NUMERALS, SECTION1_SUBHEADINGS, title};
use crate::model::tables::{T3_NOTE, TableId, cells, t3_rows};

pub(super) fn check(report: &Report, out: &mut Vec<Finding>) {
    sections(report, out);
    blanks(report, out);
    title_rule(report, out);
    placeholders(report, out);
}

/// S01 (six sections, in order) and S02 (standard heading text).
fn sections(report: &Report, out: &mut Vec<Finding>) {
    for (i, standard) in HEADINGS.iter().enumerate() {
        let prefix = format!("{}、", NUMERALS[i]);
        match report.sections.get(i) {
            Some(s) if s.heading.trim().starts_with(&prefix) => {
                let actual = s.heading.trim();
                if actual != *standard {
                    out.push(Finding::new(
                        "S02",
                        Severity::Warning,
                        Location::Section(i),
                        format!("第{}部分标题“{actual}”与国办格式“{standard}”不一致，建议改为标准标题。", NUMERALS[i]),
                    ));
                }
            }
            Some(s) if let Some(message) = numbering_problem(i + 1, s.heading.trim()) => {
                out.push(Finding::new("S01", Severity::Error, Location::Section(i), message));
            }
            _ => {
                let location = if i < report.sections.len() { Location::Section(i) } else { Location::Report };
                out.push(Finding::new(
                    "S01",
                    Severity::Error,
                    location,
                    format!(
                        "缺少或顺序错误：第{}部分应为“{standard}”。国办公开办函〔2021〕30号规定年度报告由六部分组成，不能遗漏。",
                        NUMERALS[i]
                    ),
                ));
            }
        }
    }
    for (i, s) in report.sections.iter().enumerate().skip(HEADINGS.len()) {
        out.push(Finding::new(
            "S01",
            Severity::Error,
            Location::Section(i),
            format!("多出的第{}部分“{}”：国办公开办函〔2021〕30号规定年度报告由六部分组成。", i + 1, s.heading.trim()),
        ));
    }
    // Sub-headings of section 一 that are the standard topics, written differently ("(二)" with
    // half-width brackets, "…管理情况"). A sub-heading of the agency's own wording is not a
    // deviation (X09 looks after the topics).
    if let Some(s) = report.sections.first().filter(|s| s.heading.trim().starts_with("一、")) {
        for (b, standard) in standard_subheadings(&s.blocks) {
            let actual = s.blocks[b].text().trim();
            let hint = match split_numbering(actual).system {
                Some(Numbering::Paren) if actual.contains(['(', ')']) => "（括号应为全角“（）”）",
                Some(Numbering::Paren) => "",
                _ => "（小标题应使用“（一）”式编号，“一、”是六个部分的编号）",
            };
            out.push(Finding::new(
                "S02",
                Severity::Warning,
                Location::Block(0, b),
                format!("第一部分小标题“{actual}”与标准写法“{standard}”不一致{hint}，建议改为标准写法。"),
            ));
        }
    }
}

/// S01 for a section that is there but numbered wrong: the heading at position `n` (1…6) names
/// section `n` by its words, but its numbering is missing, another numeral or another system.
fn numbering_problem(n: usize, actual: &str) -> Option<String> {
    let num = split_numbering(actual);
    if section_meaning(num.words) != Some((n, Strength::Strong)) {
        return None;
    }
    let right = format!("{}{}", section_label(n), num.words);
    Some(match num.system {
        None => format!("第{}部分标题“{actual}”没有编号，应为“{right}”（各部分都在，只是编号不对）。", NUMERALS[n - 1]),
        Some(_) => format!(
            "第{}部分标题“{actual}”的编号“{}”有误，按内容和位置应为“{right}”（各部分都在，只是编号不对）。",
            NUMERALS[n - 1],
            num.label
        ),
    })
}

/// The sub-headings of section 一 that name a standard topic but are written differently:
/// (block index, standard text). 恢复标准标题 replaces exactly these.
pub fn standard_subheadings(blocks: &[crate::model::report::Block]) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    for (b, block) in blocks.iter().enumerate().filter(|(_, b)| !b.is_paragraph()) {
        let actual = block.text().trim();
        // The same number (in any numbering: “（二）”, “(二)”, “二、”, “2.”) and the topic's words.
        let num = split_numbering(actual);
        let words = normalize_label(num.words);
        let topic = SECTION1_SUBHEADINGS.iter().enumerate().find_map(|(k, std)| {
            let std_words = normalize_label(split_numbering(std).words);
            (num.system.is_some() && num.value == k + 1 && words.contains(&std_words)).then_some(std)
        });
        if let Some(std) = topic
            && actual != *std
        {
            out.push((b, *std));
        }
    }
    out
}

/// S05: every input cell is filled in.
fn blanks(report: &Report, out: &mut Vec<Finding>) {
    for c in cells() {
        if !c.derived && report.tables.stored(c.id).is_none() {
            out.push(
                Finding::new("S05", Severity::Error, Location::Cell(c.id), blank_message(c.id)).with_cells(vec![c.id]),
            );
        }
    }
}

/// The S05 message for a cell.
pub(crate) fn blank_message(id: crate::model::tables::CellId) -> String {
    let d = id.decl();
    let row = if d.row_label.is_empty() { String::new() } else { format!("“{}”×", d.row_label) };
    format!("表{}{row}“{}”为空。没有数据请填写0，不得留空或填“/”。", d.table.numeral(), d.col_label)
}

/// S08: the title is agency + year + 年政府信息公开工作年度报告.
fn title_rule(report: &Report, out: &mut Vec<Finding>) {
    let expected = title(report.agency.trim(), report.year);
    let actual: String = report.title.chars().filter(|c| !c.is_whitespace()).collect();
    if actual != expected {
        out.push(Finding::new(
            "S08",
            Severity::Warning,
            Location::Title,
            format!("报告标题应为“{expected}”，当前为“{}”。", report.title.trim()),
        ));
    }
}

/// Template placeholders (S09): the fragments found in a text.
pub(crate) fn find_placeholders(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for p in ["（文字描述）", "(文字描述)", "XX", "ＸＸ", "××", "xx", "__", "＿＿"] {
        // “XX镇” is a placeholder; “xxgk@…”, a web or mail address (信息公开), is not.
        let latin = p.is_ascii() && p.chars().all(|c| c.is_ascii_alphabetic());
        let placeholder = text.match_indices(p).any(|(at, _)| {
            if !latin {
                return true;
            }
            let word = |c: &char| c.is_ascii_alphanumeric();
            let before = text[..at].chars().rev().take_while(word);
            let after = text[at..].chars().take_while(word);
            before.chain(after).all(|c| c == 'x' || c == 'X')
        });
        if placeholder && !found.iter().any(|f: &String| f.contains(p)) {
            found.push(p.to_owned());
        }
    }
    // 〔2025〕号 / 〔2025〕 号 / [2025]号 without a number.
    found.extend(numberless_doc_numbers(text).into_iter().map(|m| m.fragment));
    found
}

/// A 文号 written without its number (“金政〔2025〕 号”).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberlessDocNumber {
    /// The text from the year's opening bracket to “号”: “〔2025〕 号”.
    pub fragment: String,
    /// Where the number goes, in characters of the whole text: the blanks between the closing
    /// bracket and “号” (empty when there are none: the place just before “号”).
    pub slot: std::ops::Range<usize>,
}

/// Every “〔year〕 号” without a number in `text`: a four-digit year (ASCII or full-width digits)
/// in 〔〕, [], ［］, () or （）, then only blanks before “号”. S09 reports them; the editor puts
/// the caret in `slot` when it goes to one.
pub fn numberless_doc_numbers(text: &str) -> Vec<NumberlessDocNumber> {
    let chars: Vec<char> = text.chars().collect();
    let digit = |c: &char| c.is_ascii_digit() || ('０'..='９').contains(c);
    let mut found = Vec::new();
    for (i, &open) in chars.iter().enumerate() {
        let close = match open {
            '〔' => '〕',
            '[' => ']',
            '［' => '］',
            '(' => ')',
            '（' => '）',
            _ => continue,
        };
        let is_year = chars.get(i + 1..i + 5).is_some_and(|d| d.iter().all(digit));
        if !is_year || chars.get(i + 5) != Some(&close) {
            continue;
        }
        // `char::is_whitespace` includes the ideographic space U+3000.
        let start = i + 6;
        let end = start + chars[start..].iter().take_while(|c| c.is_whitespace()).count();
        if chars.get(end) == Some(&'号') {
            found.push(NumberlessDocNumber { fragment: chars[i..=end].iter().collect(), slot: start..end });
        }
    }
    found
}

fn placeholders(report: &Report, out: &mut Vec<Finding>) {
    let mut push = |location: Location, text: &str| {
        for fragment in find_placeholders(text) {
            out.push(Finding::new(
                "S09",
                Severity::Warning,
                location,
                format!("正文中仍有未填写的占位内容“{fragment}”。"),
            ));
        }
    };
    push(Location::DocNumber, &report.doc_number);
    push(Location::Title, &report.title);
    for (p, text) in report.preamble.iter().enumerate() {
        push(Location::Preamble(p), text);
    }
    for (s, section) in report.sections.iter().enumerate() {
        for (b, block) in section.blocks.iter().enumerate() {
            push(Location::Block(s, b), block.text());
        }
    }
    push(Location::Signer, &report.signer);
}

// ---------------------------------------------------------------------------------------------
// S03, S04, S10: the shape of a table found in an imported document.

/// What an importer saw of tables 二 and 三 in a document (labels after whitespace
/// normalisation). The model's own tables have a fixed shape, so these rules only ever fire
/// on imported documents.
#[derive(Clone, Debug, Default)]
pub struct ObservedTables {
    /// Every label cell of table 二 (titles, headers, row labels).
    pub t2_labels: Vec<String>,
    /// Every label cell of table 三.
    pub t3_labels: Vec<String>,
    /// Whether table 三 was found at all.
    pub t3_found: bool,
    /// Whether table 二 was found at all.
    pub t2_found: bool,
    /// Labels written differently from the official ones that the importer still matched (by
    /// closeness and position): S11.
    pub deviations: Vec<LabelDeviation>,
}

/// A table label in a document that differs from the official label it was matched to (a typo,
/// a dropped or swapped character, a missing “1.”).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelDeviation {
    /// The table.
    pub table: TableId,
    /// The label as written.
    pub actual: String,
    /// The official label.
    pub standard: &'static str,
}

/// The 2019 trial format's table-二 terms (FORMAT.md §9).
pub const OLD_T2_TERMS: [&str; 10] = [
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "其他对外管理服务事项",
    "第二十条第（九）项",
    "政府集中采购",
    "采购项目数量",
    "采购总金额",
];

/// The S03 message for a missing table-三 row.
pub fn missing_t3_row_message(label: &str) -> String {
    format!("表三缺少“{label}”行（疑似使用2019年试行版旧表格），请按2021年格式补齐，无数据填0。")
}

/// The S04 message for an old table-二 term.
pub fn old_t2_term_message(term: &str) -> String {
    format!("表二仍为2019年旧格式（含“{term}”），应使用“本年制发件数/本年废止件数/现行有效件数”等2021年栏目。")
}

/// A table label as compared with the declaration: no whitespace (Word splits labels across
/// lines), full-width brackets, one kind of quote, ASCII full stop.
pub fn normalize_label(s: &str) -> String {
    let mut out: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            '．' => '.',
            '"' | '＂' | '”' => '“',
            ',' => '，',
            ':' => '：',
            _ => c,
        })
        .collect();
    // “1、属于国家秘密” is written for “1.属于国家秘密”.
    if let Some(first) = out.chars().next()
        && first.is_ascii_digit()
        && out[first.len_utf8()..].starts_with('、')
    {
        out.replace_range(first.len_utf8()..first.len_utf8() + '、'.len_utf8(), ".");
    }
    out
}

/// S03, S04, S10 and S11 over what an importer found.
pub fn check_observed_tables(obs: &ObservedTables) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in &obs.deviations {
        out.push(Finding::new(
            "S11",
            Severity::Warning,
            Location::Table(d.table),
            format!(
                "表{}中的“{}”与国办格式“{}”不一致，已按“{}”导入，建议改为标准写法。",
                d.table.numeral(),
                d.actual,
                d.standard,
                d.standard
            ),
        ));
    }
    let t3: Vec<String> = obs.t3_labels.iter().map(|l| normalize_label(l)).collect();
    if obs.t3_found {
        for (_, label) in t3_rows() {
            let want = normalize_label(label);
            if !t3.contains(&want) {
                out.push(Finding::new(
                    "S03",
                    Severity::Error,
                    Location::Table(TableId::T3),
                    missing_t3_row_message(label),
                ));
            }
        }
        if !t3.iter().any(|l| *l == normalize_label(T3_NOTE)) {
            out.push(Finding::new(
                "S10",
                Severity::Info,
                Location::Table(TableId::T3),
                format!("表三左上角应保留说明“{T3_NOTE}”。"),
            ));
        }
    }
    if obs.t2_found {
        let t2: Vec<String> = obs.t2_labels.iter().map(|l| normalize_label(l)).collect();
        let mut terms: Vec<String> = OLD_T2_TERMS
            .iter()
            .filter(|t| {
                let t = normalize_label(t);
                t2.iter().any(|l| l.contains(&t))
            })
            .map(|t| (*t).to_owned())
            .collect();
        if t2.iter().any(|l| l == "规范性文件") {
            terms.push("规范性文件".into());
        }
        for term in terms {
            out.push(Finding::new("S04", Severity::Error, Location::Table(TableId::T2), old_t2_term_message(&term)));
        }
    }
    out
}
