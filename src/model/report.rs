//! The report: title block, six sections of prose, three tables, signature.

use std::fmt;

use super::values::TableValues;

/// The kind of agency, which decides some rules (T2-03, X03, X10).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AgencyLevel {
    /// 乡镇人民政府 / 街道办事处.
    #[default]
    Township,
    /// 县级人民政府部门.
    CountyDepartment,
    /// 县级以上人民政府本级.
    Government,
    /// Any other organ.
    Other,
}

impl AgencyLevel {
    /// All levels, in the order a form offers them.
    pub const ALL: [Self; 4] = [Self::Township, Self::CountyDepartment, Self::Government, Self::Other];

    /// The key used on the command line and in files.
    pub fn key(self) -> &'static str {
        match self {
            Self::Township => "township",
            Self::CountyDepartment => "county_department",
            Self::Government => "government",
            Self::Other => "other",
        }
    }

    /// Parses [`Self::key`].
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.key() == key)
    }

    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Township => "乡镇人民政府/街道办事处",
            Self::CountyDepartment => "县级人民政府部门",
            Self::Government => "县级以上人民政府本级",
            Self::Other => "其他行政机关",
        }
    }

    /// Whether the organ is a 人民政府 (第五十条 asks it for 工作考核、社会评议和责任追究结果).
    pub fn is_government(self) -> bool {
        matches!(self, Self::Township | Self::Government)
    }
}

/// A calendar date (the 落款 date).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1…12.
    pub month: u8,
    /// Day, 1…31.
    pub day: u8,
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1900..=2999).contains(&year) && (1..=days).contains(&day)).then_some(Self { year, month, day })
    }

    /// Parses a date as written in a report: `2025-01-02`, `2025年1月2日`, with full-width digits
    /// (`２０２５年１月２日`) or Chinese numerals (`二〇二五年一月二日`, `二○二五年元月二日`).
    pub fn parse(text: &str) -> Option<Self> {
        let (year, month, day) = parse_parts(text)?;
        Self::new(year, month, day?)
    }

    /// A date written without its day (`2025年元月`, `二〇二五年一月`): the year and month.
    pub fn parse_month(text: &str) -> Option<(u16, u8)> {
        match parse_parts(text)? {
            (year, month, None) if (1900..=2999).contains(&year) && (1..=12).contains(&month) => Some((year, month)),
            _ => None,
        }
    }

    /// `2025-01-02`, the form stored in files.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Year, month and (when written) day of a date in any of the forms [`Date::parse`] reads.
fn parse_parts(text: &str) -> Option<(u16, u8, Option<u8>)> {
    let s = super::number::normalize_number_text(text);
    if s.contains('年') {
        let (y, rest) = s.split_once('年')?;
        let year = chinese_year(y)?;
        let (m, rest) = rest.split_once('月')?;
        let month = if m == "元" || m == "正" { 1 } else { small_number(m)? };
        let month = u8::try_from(month).ok()?;
        if rest.is_empty() {
            return Some((year, month, None));
        }
        let d = rest.strip_suffix('日').or_else(|| rest.strip_suffix('号'))?;
        let day = u8::try_from(small_number(d)?).ok()?;
        return Some((year, month, Some(day)));
    }
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    Some((parts[0].parse().ok()?, parts[1].parse().ok()?, Some(parts[2].parse().ok()?)))
}

/// The value of one Chinese digit (〇/○/零 … 九).
fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' | 'Ｏ' | 'O' | 'o' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        c => c.to_digit(10)?,
    })
}

/// A year written digit by digit: `2025` or `二〇二五`.
fn chinese_year(text: &str) -> Option<u16> {
    if text.chars().count() != 4 {
        return None;
    }
    let mut year = 0u32;
    for c in text.chars() {
        year = year * 10 + chinese_digit(c)?;
    }
    u16::try_from(year).ok()
}

/// A month or day in Arabic or Chinese numerals: `12`, `十二`, `二十一`, `三十`, `十`.
fn small_number(text: &str) -> Option<u32> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return if text.len() <= 2 { text.parse().ok() } else { None };
    }
    let chars: Vec<char> = text.chars().collect();
    let value = match chars.as_slice() {
        ['十'] => 10,
        [d] => chinese_digit(*d)?,
        ['十', d] => 10 + chinese_digit(*d)?,
        [t, '十'] => chinese_digit(*t)? * 10,
        [t, '十', d] => chinese_digit(*t)? * 10 + chinese_digit(*d)?,
        _ => return None,
    };
    (value > 0).then_some(value)
}

impl fmt::Display for Date {
    /// `2025年1月2日`, the form printed in the report.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}年{}月{}日", self.year, self.month, self.day)
    }
}

/// The optional contact block after the preamble (联系方式).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contact {
    /// 地址.
    pub address: String,
    /// 电话.
    pub phone: String,
    /// 邮编.
    pub postcode: String,
}

impl Contact {
    /// The heading line of the block.
    pub const HEADING: &'static str = "联系方式：";

    /// The printed lines (`地址：…`), skipping empty fields.
    pub fn lines(&self) -> Vec<String> {
        [("地址：", &self.address), ("电话：", &self.phone), ("邮编：", &self.postcode)]
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("{k}{v}"))
            .collect()
    }

    /// Whether every field is empty.
    pub fn is_empty(&self) -> bool {
        self.lines().is_empty()
    }
}

/// A piece of a section's body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A second-level heading: （一）主动公开.
    Subheading(String),
    /// A paragraph of prose.
    Paragraph(String),
}

impl Block {
    /// Its text.
    pub fn text(&self) -> &str {
        match self {
            Self::Subheading(t) | Self::Paragraph(t) => t,
        }
    }

    /// Its text, mutably.
    pub fn text_mut(&mut self) -> &mut String {
        match self {
            Self::Subheading(t) | Self::Paragraph(t) => t,
        }
    }

    /// Whether it is a paragraph.
    pub fn is_paragraph(&self) -> bool {
        matches!(self, Self::Paragraph(_))
    }
}

/// One of the six numbered sections.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading, e.g. 一、总体情况 (stored; S02 compares it with the standard).
    pub heading: String,
    /// Sub-headings and paragraphs. In sections 二–四 they stand before the table.
    pub blocks: Vec<Block>,
}

impl Section {
    /// The paragraphs only (keyword rules read these, not the headings).
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().filter(|b| b.is_paragraph()).map(Block::text)
    }

    /// The sub-headings only.
    pub fn subheadings(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().filter(|b| !b.is_paragraph()).map(Block::text)
    }
}

/// Last year's report as this year's needs it (T2-02, Y01–Y03, and the figures shown beside
/// this year's cells): its tables and the prose of sections 一 and 五. Kept in this year's file,
/// so that the cross-year rules need nothing else.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PreviousYear {
    /// Last year's report year.
    pub year: u16,
    /// Whether the user marked last year's data as incomplete (Y01 then only warns).
    pub incomplete: bool,
    /// Last year's tables (blank where unknown).
    pub tables: TableValues,
    /// The prose of section 一 (for 内容雷同, Y03).
    pub section1_text: String,
    /// The prose of section 五.
    pub section5_text: String,
}

impl PreviousYear {
    /// 现行有效件数 of 规章 (0) or 行政规范性文件 (1).
    pub fn t2_valid(&self, row: usize) -> Option<u64> {
        self.tables.t2(if row == 0 { "reg.valid" } else { "norm.valid" })
    }

    /// Table 三 row 四 (结转下年度继续办理), column `c`.
    pub fn carry_over(&self, c: usize) -> Option<u64> {
        self.tables.t3(super::tables::t3::R4, c)
    }

    /// Table 三 row 一 总计.
    pub fn new_total(&self) -> Option<u64> {
        self.tables.t3(super::tables::t3::R1, super::tables::t3::TOTAL)
    }

    /// Table 四 总计 of group `g` (行政复议, 直接起诉, 复议后起诉).
    pub fn t4_total(&self, g: usize) -> Option<u64> {
        self.tables.t4(g, super::tables::t4::TOTAL)
    }
}

/// A whole 政府信息公开工作年度报告.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The agency as named in the title (永定区金砂镇, 金砂镇人民政府).
    pub agency: String,
    /// The report year (the year whose work it reports).
    pub year: u16,
    /// The kind of agency.
    pub level: AgencyLevel,
    /// 文号, e.g. 金政〔2025〕3号; empty when the report has none.
    pub doc_number: String,
    /// The title (stored; S08 compares it with agency + year).
    pub title: String,
    /// The paragraphs before section 一.
    pub preamble: Vec<String>,
    /// The optional contact block after the preamble.
    pub contact: Option<Contact>,
    /// The six sections (a hand-edited file may have fewer or more; S01 reports it).
    pub sections: Vec<Section>,
    /// Tables 二, 三 and 四.
    pub tables: TableValues,
    /// The signing agency (落款), usually the full name.
    pub signer: String,
    /// The signing date (落款日期).
    pub date: Option<Date>,
    /// Last year's figures, when known.
    pub previous: Option<PreviousYear>,
}

impl Report {
    /// The report years nianbao accepts, in files, forms and on the command line.
    pub const YEARS: std::ops::RangeInclusive<u16> = 1990..=2100;

    /// What a year must be, for messages: “应在 1990 至 2100 之间”.
    pub fn year_hint() -> String {
        format!("应在 {} 至 {} 之间", Self::YEARS.start(), Self::YEARS.end())
    }

    /// Reads a year typed by a person (full-width digits too): `None` unless it is a number in
    /// [`Self::YEARS`].
    pub fn parse_year(text: &str) -> Option<u16> {
        super::number::normalize_number_text(text).parse::<u16>().ok().filter(|y| Self::YEARS.contains(y))
    }

    /// The section with the given number (1…6), found by its numeral prefix.
    pub fn section(&self, n: usize) -> Option<&Section> {
        self.section_index(n).map(|i| &self.sections[i])
    }

    /// The index in [`Self::sections`] of section `n` (1…6).
    pub fn section_index(&self, n: usize) -> Option<usize> {
        self.sections.iter().position(|s| super::standard::section_number(&s.heading) == Some(n))
    }

    /// The section a table belongs to: the one numbered for it (二、 for table 二), else — when
    /// a hand-edited heading lost its numeral — the section at its position, unless that one
    /// is numbered for another part. `None` when the report has no such section (S01).
    pub fn table_section(&self, t: super::tables::TableId) -> Option<usize> {
        let n = t.section();
        self.section_index(n).or_else(|| {
            let s = self.sections.get(n - 1)?;
            super::standard::section_number(&s.heading).is_none().then_some(n - 1)
        })
    }

    /// The figures of this report that next year's report needs.
    pub fn as_previous(&self) -> PreviousYear {
        let prose = |n| self.section(n).map(|s| s.paragraphs().collect::<Vec<_>>().join("\n")).unwrap_or_default();
        PreviousYear {
            year: self.year,
            incomplete: !self.tables.is_complete(),
            tables: self.tables.clone(),
            section1_text: prose(1),
            section5_text: prose(5),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(Date::parse("2025年1月2日"), Date::new(2025, 1, 2));
        assert_eq!(Date::parse("２０２５年１月２日"), Date::new(2025, 1, 2));
        assert_eq!(Date::parse("2025-01-02"), Date::new(2025, 1, 2));
        assert_eq!(Date::parse("2025-02-30"), None);
        assert_eq!(Date::parse("2024-02-29").map(|d| d.to_string()), Some("2024年2月29日".into()));
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2025年13月2日"), None);
        assert_eq!(Date::parse("昨天"), None);
        assert_eq!(Date::new(2025, 1, 2).map(Date::iso), Some("2025-01-02".into()));
    }

    #[test]
    fn dates_in_chinese_numerals() {
        let jan2 = Date::new(2025, 1, 2);
        for text in
            ["二〇二五年一月二日", "二○二五年元月二日", "二零二五年一月二号", "２０２５年元月２日", "2025 年 1 月 2 日"]
        {
            assert_eq!(Date::parse(text), jan2, "{text}");
        }
        assert_eq!(Date::parse("二〇二四年十二月三十一日"), Date::new(2024, 12, 31));
        assert_eq!(Date::parse("二〇二五年二月十日"), Date::new(2025, 2, 10));
        assert_eq!(Date::parse("二〇二五年二月二十日"), Date::new(2025, 2, 20));
        assert_eq!(Date::parse("二〇二五年十一月十五日"), Date::new(2025, 11, 15));
        assert_eq!(Date::parse("二〇二五年二月三十日"), None);
        assert_eq!(Date::parse("二〇二五年十三月一日"), None);
        assert_eq!(Date::parse("二〇二五年一月零日"), None);
        assert_eq!(Date::parse("二〇二五年一月一十一十日"), None);
        assert_eq!(Date::parse("二五年一月二日"), None);
        assert_eq!(Date::parse("2025年元月"), None);
        assert_eq!(Date::parse_month("2025年元月"), Some((2025, 1)));
        assert_eq!(Date::parse_month("二〇二五年一月"), Some((2025, 1)));
        assert_eq!(Date::parse_month("2025年1月2日"), None);
        assert_eq!(Date::parse_month("2025年"), None);
    }
}
