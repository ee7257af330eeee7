//! Wording hints over the prose: X16 (a word written twice in a row) and X17 (half-width
//! punctuation in Chinese prose). Both are hints (提示): they never block anything.

use super::text::prose;
use super::{Finding, Severity};
use crate::model::report::Report;

pub(super) fn check(report: &Report, out: &mut Vec<Finding>) {
    for p in prose(report) {
        for (word, _) in repeated_words(p.text) {
            out.push(Finding::new(
                "X16",
                Severity::Info,
                p.location,
                format!("疑似重复用词：“{word}{word}”，建议改为“{word}”。"),
            ));
        }
        // Headings are S02's: “(二)依申请公开” is reported there, with the bracket hint.
        if p.heading {
            continue;
        }
        let marks = half_width_marks(p.text);
        if !marks.is_empty() {
            out.push(Finding::new("X17", Severity::Info, p.location, half_width_message(p.text, &marks)));
        }
    }
}

/// A CJK ideograph.
fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

/// Characters of a written number (一二三, 十百千万).
fn is_numeral(c: char) -> bool {
    "〇零一二两三四五六七八九十百千万亿".contains(c)
}

// X16 -----------------------------------------------------------------------------------------

/// Real reduplications, not typos. A doubled single character (常常, 人人, 天天, 谢谢, 看看, 一一,
/// 层层, 处处, and word boundaries such as “及及时”, “了了解”) is never read as a repeated word;
/// these are the doubled words of two characters or more that are meant (研究研究, 雪白雪白).
pub const REDUPLICATIONS: [&str; 30] = [
    "研究研究",
    "讨论讨论",
    "学习学习",
    "商量商量",
    "考虑考虑",
    "了解了解",
    "检查检查",
    "整理整理",
    "交流交流",
    "沟通沟通",
    "休息休息",
    "活动活动",
    "锻炼锻炼",
    "打扫打扫",
    "收拾收拾",
    "准备准备",
    "介绍介绍",
    "比较比较",
    "总结总结",
    "体验体验",
    "雪白雪白",
    "通红通红",
    "冰凉冰凉",
    "笔直笔直",
    "火热火热",
    "碧绿碧绿",
    "热闹热闹",
    "高兴高兴",
    "明白明白",
    "清楚清楚",
];

/// Words of 2–8 characters written twice in a row, with their byte offset. Not a doubled single
/// character, not a number (“一二一二”), not “一个一个” (a measure word counted one by one), not
/// inside a title in 《》, not a listed reduplication.
pub fn repeated_words(text: &str) -> Vec<(String, usize)> {
    if text.chars().nth(3).is_none() {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut in_title = vec![false; if text.contains('《') { chars.len() } else { 0 }];
    let mut depth = 0usize;
    for (k, (_, c)) in chars.iter().enumerate().take(in_title.len()) {
        match c {
            '《' => depth += 1,
            '》' => depth = depth.saturating_sub(1),
            _ => {}
        }
        in_title[k] = depth > 0;
    }
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let mut advanced = false;
        for len in 2..=8 {
            if i + 2 * len > chars.len() {
                break;
            }
            if chars[i + len].1 != chars[i].1 {
                continue;
            }
            let a = &chars[i..i + len];
            let b = &chars[i + len..i + 2 * len];
            if a.iter().zip(b).any(|((_, x), (_, y))| x != y) {
                continue;
            }
            let word: String = a.iter().map(|(_, c)| c).collect();
            let all_han = a.iter().all(|(_, c)| is_han(*c));
            let number = a.iter().all(|(_, c)| is_numeral(*c));
            let one_by_one = len == 2 && a[0].1 == '一';
            let titled = in_title.get(i..i + 2 * len).is_some_and(|t| t.iter().any(|t| *t));
            let allowed = REDUPLICATIONS.contains(&format!("{word}{word}").as_str());
            if all_han && !number && !one_by_one && !titled && !allowed {
                if !out.iter().any(|(w, _)| *w == word) {
                    out.push((word, chars[i].0));
                }
                i += 2 * len;
                advanced = true;
            }
            break;
        }
        if !advanced {
            i += 1;
        }
    }
    out
}

// X17 -----------------------------------------------------------------------------------------

/// The full-width form of a half-width mark.
fn full_width(c: char) -> char {
    match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '(' => '（',
        ')' => '）',
        c => c,
    }
}

/// Chinese on that side of a mark: an ideograph, or Chinese punctuation that belongs with one.
fn chinese_side(c: Option<char>) -> bool {
    c.is_some_and(|c| is_han(c) || "，。、；：？！“”‘’《》（）〔〕【】…—".contains(c))
}

/// Byte ranges of web addresses and e-mail addresses (marks inside them are not prose).
fn addresses(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    for start_marker in ["http://", "https://", "www."] {
        for (at, _) in text.match_indices(start_marker) {
            let end =
                text[at..].find(|c: char| !c.is_ascii() || c.is_ascii_whitespace()).map_or(text.len(), |e| at + e);
            out.push(at..end);
        }
    }
    for (at, _) in text.match_indices('@') {
        let is_mail = |c: char| c.is_ascii_alphanumeric() || "._-".contains(c);
        let start = text[..at].rfind(|c: char| !is_mail(c)).map_or(0, |s| s + 1);
        let end = text[at + 1..].find(|c: char| !is_mail(c)).map_or(text.len(), |e| at + 1 + e);
        out.push(start..end);
    }
    out
}

/// The half-width `,` `;` `:` `(` `)` that stand in Chinese prose, as byte offsets: between
/// Chinese on both sides (spaces skipped), and brackets around Chinese words next to Chinese
/// text. Not inside numbers (“1,000”, “10:30”), web or e-mail addresses, or Latin words.
pub fn half_width_marks(text: &str) -> Vec<usize> {
    if !text.contains([',', ';', ':', '(', ')']) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let skip = addresses(text);
    let neighbour = |k: usize, step: isize| -> Option<char> {
        let mut j = k as isize + step;
        while j >= 0 && (j as usize) < chars.len() {
            let c = chars[j as usize].1;
            if c != ' ' {
                return Some(c);
            }
            j += step;
        }
        None
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (at, c) = chars[k];
        if skip.iter().any(|r| r.contains(&at)) {
            k += 1;
            continue;
        }
        match c {
            ',' | ';' | ':' if chinese_side(neighbour(k, -1)) && chinese_side(neighbour(k, 1)) => out.push(at),
            '(' => {
                // The matching ')' (or a full-width '）' typed by mistake for it).
                let close = chars[k + 1..].iter().position(|(_, d)| matches!(d, ')' | '）' | '(' | '（'));
                let close = close.map(|p| k + 1 + p).filter(|&j| matches!(chars[j].1, ')' | '）'));
                let inner_end = close.unwrap_or(chars.len());
                let chinese_inside = chars[k + 1..inner_end].iter().any(|(_, d)| is_han(*d));
                let before = neighbour(k, -1);
                let after = close.and_then(|j| neighbour(j, 1));
                let outside = before.is_none() || chinese_side(before) || chinese_side(after);
                if chinese_inside && outside {
                    out.push(at);
                    if let Some(j) = close.filter(|&j| chars[j].1 == ')') {
                        out.push(chars[j].0);
                    }
                }
                k = close.map_or(k + 1, |j| j + 1);
                continue;
            }
            ')' if chinese_side(neighbour(k, -1)) && chinese_side(neighbour(k, 1)) => out.push(at),
            _ => {}
        }
        k += 1;
    }
    out.sort_unstable();
    out
}

/// X17's message: each place with a few characters around it (places close together shown
/// as one), as written and corrected.
fn half_width_message(text: &str, marks: &[usize]) -> String {
    const SHOWN: usize = 4;
    let mut windows: Vec<(usize, usize)> = Vec::new();
    for &at in marks {
        let start = text[..at].char_indices().rev().nth(3).map_or(0, |(i, _)| i);
        let end = text[at..].char_indices().nth(5).map_or(text.len(), |(i, _)| at + i);
        match windows.last_mut() {
            Some(last) if start <= last.1 => last.1 = end,
            _ => windows.push((start, end)),
        }
    }
    let n = windows.len();
    let list: Vec<String> = windows
        .iter()
        .take(SHOWN)
        .map(|&(start, end)| {
            let written = &text[start..end];
            let corrected: String = written
                .char_indices()
                .map(|(i, c)| if marks.contains(&(start + i)) { full_width(c) } else { c })
                .collect();
            format!("“{written}”→“{corrected}”")
        })
        .collect();
    let more = if n > SHOWN { format!("等{n}处") } else { String::new() };
    format!("中文正文中使用了半角标点，应改为全角：{}{more}。", list.join("；"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_words_and_what_is_not_one() {
        let words = |t: &str| repeated_words(t).into_iter().map(|(w, _)| w).collect::<Vec<_>>();
        assert_eq!(words("加强财政资金资金监管"), ["资金"]);
        assert_eq!(words("政府信息公开政府信息公开工作"), ["政府信息公开"]);
        for fine in [
            "完整性及及时性",
            "常常、人人、天天、层层落实、处处留心、一一对应",
            "一个一个地核对",
            "二〇二四二〇二四",
            "《研究报告研究报告》",
            "请大家研究研究",
            "2024年2024年",
            "认认真真、扎扎实实",
        ] {
            assert_eq!(words(fine), Vec::<String>::new(), "{fine}");
        }
    }

    #[test]
    fn half_width_marks_in_chinese_prose() {
        let t = "没有受理政府公开申请,也没有申请处理情况";
        assert_eq!(half_width_marks(t), vec![t.find(',').unwrap_or(0)]);
        assert_eq!(half_width_marks("各村(社区)活动室").len(), 2);
        assert_eq!(half_width_marks("(一)加强领导").len(), 2);
        assert_eq!(half_width_marks("依据条例(2019年修订)执行").len(), 2);
        for fine in [
            "金额为1,000元",
            "时间10:30",
            "网址https://www.example.gov.cn/a,b:c(d)",
            "发送至xxgk@example.gov.cn",
            "使用PDF(Portable)格式",
            "以下几点:(1)加强",
            "全角的，；：（）不提示",
        ] {
            assert_eq!(half_width_marks(fine), Vec::<usize>::new(), "{fine}");
        }
        let msg = half_width_message(t, &half_width_marks(t));
        assert_eq!(msg, "中文正文中使用了半角标点，应改为全角：“公开申请,也没有申”→“公开申请，也没有申”。");
    }
}
