//! Headings read by meaning, as a careful reader reads them.
//!
//! A heading line is two things: the numbering it carries (`一、`, `（一）`, `1.`, `（1）`,
//! `第一部分`) and the words after it. The numbering says where the writer *put* the heading;
//! the words say what it *is*. [`split_numbering`] separates the two, [`section_meaning`] says
//! which of the six official sections the words name (with how sure it is), and
//! [`topic_meaning`] which of the five sub-topics of section 一 they name.
//!
//! One place for these rules: the importer recovers a document's outline with them
//! (`import::outline`), and S01 uses them to name a numbering problem instead of a missing
//! section (`checks::structure`).

use super::standard::NUMERALS;

/// A numbering system of headings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Numbering {
    /// `一、` (also `一．`, `一.`, `一，`): the system of the six sections.
    Top,
    /// `（一）` or `(一)`: the system of sub-headings.
    Paren,
    /// `1、`, `1.`, `1．`.
    Arabic,
    /// `（1）` or `(1)`.
    ParenArabic,
    /// `第一部分`, `第一章`.
    Part,
}

impl Numbering {
    /// How a number `n` is written in this system (`二、`, `（二）`, `2.`, …).
    pub fn write(self, n: usize) -> String {
        let cn = chinese_numeral(n);
        match self {
            Self::Top => format!("{cn}、"),
            Self::Paren => format!("（{cn}）"),
            Self::Arabic => format!("{n}."),
            Self::ParenArabic => format!("（{n}）"),
            Self::Part => format!("第{cn}部分"),
        }
    }
}

/// A heading line split into its numbering and its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Numbered<'a> {
    /// The numbering system, `None` when the line carries no numbering.
    pub system: Option<Numbering>,
    /// The number written (1 for `一、`); 0 without numbering.
    pub value: usize,
    /// The numbering as written (`二．`, `(三)`), empty without numbering.
    pub label: &'a str,
    /// The words after the numbering, trimmed.
    pub words: &'a str,
}

/// The Chinese numeral of `n` (1…99): 一, 十, 十二, 二十三.
pub fn chinese_numeral(n: usize) -> String {
    let digit = |d: usize| NUMERALS_TO_NINE.get(d.wrapping_sub(1)).copied().unwrap_or("");
    match n {
        1..=9 => digit(n).to_owned(),
        10 => "十".to_owned(),
        11..=19 => format!("十{}", digit(n - 10)),
        20..=99 => format!("{}十{}", digit(n / 10), if n.is_multiple_of(10) { "" } else { digit(n % 10) }),
        _ => n.to_string(),
    }
}

const NUMERALS_TO_NINE: [&str; 9] = ["一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// A Chinese numeral (一 … 九十九) at the start of `s`: its value and its length in bytes.
fn leading_chinese(s: &str) -> Option<(usize, usize)> {
    let digit = |c: char| "一二三四五六七八九".chars().position(|d| d == c).map(|p| p + 1);
    let mut tens: Option<usize> = None;
    let mut units: Option<usize> = None;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        if c == '十' && tens.is_none() {
            tens = Some(units.take().unwrap_or(1));
        } else if let Some(d) = digit(c) {
            if units.is_some() {
                break;
            }
            units = Some(d);
        } else {
            break;
        }
        end = i + c.len_utf8();
    }
    let value = tens.unwrap_or(0) * 10 + units.unwrap_or(0);
    (value > 0).then_some((value, end))
}

/// ASCII or full-width digits at the start of `s`: value and length in bytes.
fn leading_digits(s: &str) -> Option<(usize, usize)> {
    let mut value: usize = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let d = match c {
            '0'..='9' => c as usize - '0' as usize,
            '０'..='９' => c as usize - '０' as usize,
            _ => break,
        };
        value = value.saturating_mul(10).saturating_add(d);
        end = i + c.len_utf8();
    }
    (end > 0 && end <= 6).then_some((value, end))
}

/// The separators that may follow a top-level numeral (`一、` and the variants seen).
const TOP_SEPARATORS: [char; 7] = ['、', '．', '.', '，', ',', ' ', '\u{3000}'];

/// Splits a heading line into numbering and words. `一是…`, `一年来…` and `1.5万元` carry no
/// numbering.
pub fn split_numbering(line: &str) -> Numbered<'_> {
    let t = line.trim();
    let none = Numbered { system: None, value: 0, label: "", words: t };
    let done = |system, value, end: usize| Numbered {
        system: Some(system),
        value,
        label: &t[..end],
        words: t[end..].trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}'),
    };
    let first = t.chars().next();
    // （一） (一) （1） (1)
    if let Some(open @ ('（' | '(')) = first {
        let inner = &t[open.len_utf8()..];
        let (system, found) = match leading_chinese(inner) {
            Some(f) => (Numbering::Paren, Some(f)),
            None => (Numbering::ParenArabic, leading_digits(inner)),
        };
        if let Some((value, len)) = found {
            let after = &inner[len..];
            if let Some(close @ ('）' | ')')) = after.chars().next() {
                return done(system, value, open.len_utf8() + len + close.len_utf8());
            }
        }
        return none;
    }
    // 第一部分 第一章
    if let Some(rest) = t.strip_prefix('第')
        && let Some((value, len)) = leading_chinese(rest)
    {
        let after = &rest[len..];
        for unit in ["部分", "章", "节"] {
            if let Some(tail) = after.strip_prefix(unit) {
                let sep = tail.chars().next().filter(|c| matches!(c, '、' | '：' | ':' | '，' | ' ' | '\u{3000}'));
                let end = '第'.len_utf8() + len + unit.len() + sep.map_or(0, char::len_utf8);
                return done(Numbering::Part, value, end);
            }
        }
        return none;
    }
    // 一、
    if let Some((value, len)) = leading_chinese(t)
        && let Some(sep) = t[len..].chars().next().filter(|c| TOP_SEPARATORS.contains(c))
    {
        return done(Numbering::Top, value, len + sep.len_utf8());
    }
    // 1、 1. 1．(not 1.5万元)
    if let Some((value, len)) = leading_digits(t)
        && let Some(sep) = t[len..].chars().next().filter(|c| matches!(c, '、' | '.' | '．' | '，' | ','))
    {
        let next = t[len + sep.len_utf8()..].chars().next();
        if !next.is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
            return done(Numbering::Arabic, value, len + sep.len_utf8());
        }
    }
    none
}

/// How surely words name a section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Strength {
    /// The words could name it, or something else (“主动公开” is also a sub-topic of 一).
    Weak,
    /// The words name it: the standard title or one of its usual variants.
    Strong,
}

/// The words of a heading as compared: no whitespace, no trailing colon or full stop,
/// no 的.
fn compact(words: &str) -> String {
    words
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}' && *c != '的')
        .collect::<String>()
        .trim_end_matches(['：', ':', '。', '.'])
        .to_owned()
}

/// Which of the six sections (1…6) the words of a heading name, and how surely. Numbering is
/// not looked at: pass [`Numbered::words`].
pub fn section_meaning(words: &str) -> Option<(usize, Strength)> {
    let w = compact(words);
    let has = |keys: &[&str]| keys.iter().any(|k| w.contains(k));
    if w.is_empty() {
        return None;
    }
    // Order matters: 复议/诉讼 before 申请 (四's title has neither), 问题 before 其他.
    if has(&["行政复议", "行政诉讼"]) || (w.contains("复议") && w.contains("诉讼")) {
        return Some((4, Strength::Strong));
    }
    if has(&["存在主要问题", "主要问题及改进", "主要问题和改进", "存在问题及改进", "存在问题和改进", "问题及改进情况"])
    {
        return Some((5, Strength::Strong));
    }
    if has(&["其他需要报告", "其他需报告", "其他需要说明", "其他报告事项"]) || w == "其他事项"
    {
        return Some((6, Strength::Strong));
    }
    if has(&["主动公开政府信息", "政府信息主动公开"]) {
        return Some((2, Strength::Strong));
    }
    if w.contains("申请") && has(&["收到", "受理", "处理", "办理"]) {
        return Some((3, Strength::Strong));
    }
    if has(&["总体情况", "总体概况", "基本情况", "工作概况", "概述", "总体工作情况"]) {
        return Some((1, Strength::Strong));
    }
    if has(&["主要问题", "存在问题", "改进措施", "改进情况", "整改情况"]) {
        return Some((5, Strength::Weak));
    }
    if w.contains("主动公开") {
        return Some((2, Strength::Weak));
    }
    if has(&["依申请公开", "公开申请"]) {
        return Some((3, Strength::Weak));
    }
    if w.starts_with("其他") {
        return Some((6, Strength::Weak));
    }
    None
}

/// The sub-topics of section 一 (国办格式: 主动公开、依申请公开、政府信息管理、政府信息公开平台建设、
/// 监督保障) and the words that name each.
const TOPICS: [&[&str]; 5] = [
    &["主动公开", "政府信息主动公开", "主动公开政府信息"],
    &["依申请公开", "依申请公开政府信息", "政府信息依申请公开"],
    &["政府信息管理", "信息管理", "政府信息公开管理"],
    &["政府信息公开平台建设", "平台建设", "公开平台建设", "信息公开平台建设", "政务公开平台建设", "政府信息公开平台"],
    &["监督保障", "监督和保障", "监督与保障", "监督保障机制"],
];

/// Which of the five sub-topics of section 一 (1…5) the words of a heading name exactly
/// (“主动公开”, “政府信息管理情况”, “监督保障工作”), or `None`.
pub fn topic_meaning(words: &str) -> Option<usize> {
    let mut w = compact(words);
    for suffix in ["情况", "工作", "方面"] {
        if let Some(s) = w.strip_suffix(suffix) {
            w = s.to_owned();
        }
    }
    TOPICS.iter().position(|forms| forms.contains(&w.as_str())).map(|k| k + 1)
}

/// The numeral of section `n` as the format writes it: `二、`.
pub fn section_label(n: usize) -> String {
    NUMERALS.get(n.wrapping_sub(1)).map_or_else(String::new, |c| format!("{c}、"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_is_split_from_the_words() {
        let n = split_numbering("二、行政机关主动公开政府信息情况");
        assert_eq!(
            (n.system, n.value, n.label, n.words),
            (Some(Numbering::Top), 2, "二、", "行政机关主动公开政府信息情况")
        );
        let n = split_numbering("(二)依申请公开");
        assert_eq!((n.system, n.value, n.words), (Some(Numbering::Paren), 2, "依申请公开"));
        let n = split_numbering("（12）其他");
        assert_eq!((n.system, n.value), (Some(Numbering::ParenArabic), 12));
        let n = split_numbering("3、收到和处理政府信息公开申请情况");
        assert_eq!((n.system, n.value), (Some(Numbering::Arabic), 3));
        let n = split_numbering("第五部分　存在的主要问题及改进情况");
        assert_eq!((n.system, n.value, n.words), (Some(Numbering::Part), 5, "存在的主要问题及改进情况"));
        let n = split_numbering("十二、其他");
        assert_eq!((n.system, n.value), (Some(Numbering::Top), 12));
        assert_eq!(split_numbering("三、").words, "");
        // Not numbering.
        for line in ["一是强化体系建设", "一年来，我镇严格按照规定", "1.5万元", "2024年", "总体情况"]
        {
            assert_eq!(split_numbering(line).system, None, "{line}");
        }
        assert_eq!(Numbering::Paren.write(3), "（三）");
        assert_eq!(chinese_numeral(12), "十二");
        assert_eq!(chinese_numeral(20), "二十");
    }

    #[test]
    fn the_words_say_which_section() {
        use Strength::*;
        let cases = [
            ("总体情况", Some((1, Strong))),
            ("主动公开政府信息情况", Some((2, Strong))),
            ("行政机关主动公开政府信息情况", Some((2, Strong))),
            ("收到和处理政府信息公开申请情况", Some((3, Strong))),
            ("政府信息公开行政复议、行政诉讼情况", Some((4, Strong))),
            ("存在的主要问题及改进情况", Some((5, Strong))),
            ("政府信息公开工作存在的主要问题及改进情况", Some((5, Strong))),
            ("其他需要报告的事项", Some((6, Strong))),
            ("主动公开", Some((2, Weak))),
            ("依申请公开", Some((3, Weak))),
            ("主要问题", Some((5, Weak))),
            ("永定区金砂镇2024年政府信息公开工作年度报告", None),
            ("", None),
        ];
        for (words, want) in cases {
            assert_eq!(section_meaning(words), want, "{words}");
        }
    }

    #[test]
    fn the_words_say_which_sub_topic() {
        assert_eq!(topic_meaning("主动公开"), Some(1));
        assert_eq!(topic_meaning("依申请公开"), Some(2));
        assert_eq!(topic_meaning("政府信息管理情况"), Some(3));
        assert_eq!(topic_meaning("政府信息公开平台建设"), Some(4));
        assert_eq!(topic_meaning("监督保障"), Some(5));
        assert_eq!(topic_meaning("主动公开政府信息数量"), None);
        assert_eq!(topic_meaning("线上公开平台建设情况"), None);
    }
}
