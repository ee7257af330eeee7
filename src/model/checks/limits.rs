//! Natural sizes (L01–L03) and characters that no report holds (C01).
//!
//! A field far beyond its natural length is almost always a paste gone wrong (a whole document in
//! the phone field); these are error-level findings that a final export needs confirmed (CONTRACT
//! §2 “other errors”: 导出 asks, the CLI needs `--force`), each naming its limit. Text is never
//! cut: the clerk decides. A control character (other than tab and line break, which are
//! normalised when a file is read or imported) is reported with its code and place; export
//! refuses it.

use super::{Finding, Location, Severity};
use crate::model::report::Report;

/// The longest phone field (characters): several numbers with labels still fit.
pub const MAX_PHONE: usize = 60;
/// The longest postcode field.
pub const MAX_POSTCODE: usize = 20;
/// The longest address.
pub const MAX_ADDRESS: usize = 120;
/// The longest title.
pub const MAX_TITLE: usize = 100;
/// The longest agency or signer name.
pub const MAX_AGENCY: usize = 80;
/// The longest 文号.
pub const MAX_DOC_NUMBER: usize = 50;
/// The longest section heading or sub-heading.
pub const MAX_HEADING: usize = 100;
/// The longest paragraph (characters): about three printed pages.
pub const MAX_PARAGRAPH: usize = 5_000;
/// The most paragraphs in the preamble or in one section.
pub const MAX_PARAGRAPHS: usize = 300;

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn too_long(rule: &'static str, location: Location, what: &str, n: usize, max: usize) -> Finding {
    Finding::new(
        rule,
        Severity::Error,
        location,
        format!("{what}过长：{n} 字，超过上限 {max} 字（可能误粘贴了其他内容）。文字未被删改，请检查后修改。"),
    )
}

/// L01–L03 and C01.
pub fn check(report: &Report, out: &mut Vec<Finding>) {
    let none = String::new();
    let (phone, postcode, address) = match &report.contact {
        Some(c) => (&c.phone, &c.postcode, &c.address),
        None => (&none, &none, &none),
    };
    for (what, text, max) in
        [("电话", phone, MAX_PHONE), ("邮编", postcode, MAX_POSTCODE), ("地址", address, MAX_ADDRESS)]
    {
        let n = chars(text);
        if n > max {
            out.push(too_long("L01", Location::Report, &format!("联系方式中的{what}"), n, max));
        }
    }
    for (what, location, text, max) in [
        ("标题", Location::Title, &report.title, MAX_TITLE),
        ("机关名称", Location::Report, &report.agency, MAX_AGENCY),
        ("落款机关", Location::Signer, &report.signer, MAX_AGENCY),
        ("文号", Location::DocNumber, &report.doc_number, MAX_DOC_NUMBER),
    ] {
        let n = chars(text);
        if n > max {
            out.push(too_long("L02", location, what, n, max));
        }
    }
    for (s, section) in report.sections.iter().enumerate() {
        let n = chars(&section.heading);
        if n > MAX_HEADING {
            out.push(too_long("L02", Location::Section(s), &format!("第 {} 部分的标题", s + 1), n, MAX_HEADING));
        }
    }
    let count = |n: usize, location: Location, what: &str, out: &mut Vec<Finding>| {
        if n > MAX_PARAGRAPHS {
            out.push(Finding::new(
                "L03",
                Severity::Error,
                location,
                format!("{what}共有 {n} 段，超过上限 {MAX_PARAGRAPHS} 段（可能误粘贴了其他内容）。请检查后修改。"),
            ));
        }
    };
    count(report.preamble.len(), Location::Preamble(0), "前言", out);
    for (p, text) in report.preamble.iter().enumerate() {
        let n = chars(text);
        if n > MAX_PARAGRAPH {
            out.push(too_long("L03", Location::Preamble(p), &format!("前言第 {} 段", p + 1), n, MAX_PARAGRAPH));
        }
    }
    for (s, section) in report.sections.iter().enumerate() {
        count(section.blocks.len(), Location::Section(s), &format!("第 {} 部分", s + 1), out);
        for (b, block) in section.blocks.iter().enumerate() {
            let n = chars(block.text());
            let (what, max) =
                if block.is_paragraph() { ("段", MAX_PARAGRAPH) } else { ("段（小标题）", MAX_HEADING) };
            if n > max {
                out.push(too_long(
                    "L03",
                    Location::Block(s, b),
                    &format!("第 {} 部分第 {} {what}", s + 1, b + 1),
                    n,
                    max,
                ));
            }
        }
    }
    control_characters(report, out);
}

/// Whether a character is one no report text may hold: a control character other than the line
/// break (tab is turned into a space when text comes in), or a Unicode noncharacter.
pub fn is_forbidden_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t'))
        || matches!(c as u32, 0xFDD0..=0xFDEF)
        || (c as u32 & 0xFFFE) == 0xFFFE
}

/// Tab becomes a space and vertical tab or form feed a line break; other characters are kept
/// (C01 reports them). Returns whether anything changed.
pub fn normalize_controls(text: &mut String) -> bool {
    if !text.contains(['\t', '\u{0B}', '\u{0C}', '\r']) {
        return false;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' => out.push(' '),
            '\u{0B}' | '\u{0C}' => out.push('\n'),
            '\r' => {
                // CR LF and a lone CR are both one line break.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            c => out.push(c),
        }
    }
    *text = out;
    true
}

/// Every text field of a report, normalised ([`normalize_controls`]).
pub fn normalize_report_controls(report: &mut Report) {
    let r = report;
    for t in [&mut r.agency, &mut r.title, &mut r.doc_number, &mut r.signer] {
        normalize_controls(t);
    }
    if let Some(c) = &mut r.contact {
        for t in [&mut c.address, &mut c.phone, &mut c.postcode] {
            normalize_controls(t);
        }
    }
    for p in &mut r.preamble {
        normalize_controls(p);
    }
    for s in &mut r.sections {
        normalize_controls(&mut s.heading);
        for b in &mut s.blocks {
            normalize_controls(b.text_mut());
        }
    }
}

/// C01: each forbidden character once per field, as U+XXXX with its place.
fn control_characters(report: &Report, out: &mut Vec<Finding>) {
    let mut scan = |text: &str, location: Location, what: &str| {
        let mut seen: Vec<char> = Vec::new();
        for (i, c) in text.chars().enumerate() {
            if is_forbidden_char(c) && !seen.contains(&c) {
                seen.push(c);
                if seen.len() > 8 {
                    break;
                }
                out.push(Finding::new(
                    "C01",
                    Severity::Error,
                    location,
                    format!(
                        "{what}第 {} 个字符是不可见的控制字符 U+{:04X}，不能打印或写入文件，请删除。",
                        i + 1,
                        c as u32
                    ),
                ));
            }
        }
    };
    scan(&report.title, Location::Title, "标题");
    scan(&report.agency, Location::Report, "机关名称");
    scan(&report.doc_number, Location::DocNumber, "文号");
    scan(&report.signer, Location::Signer, "落款机关");
    if let Some(c) = &report.contact {
        scan(&c.address, Location::Report, "地址");
        scan(&c.phone, Location::Report, "电话");
        scan(&c.postcode, Location::Report, "邮编");
    }
    for (p, text) in report.preamble.iter().enumerate() {
        scan(text, Location::Preamble(p), &format!("前言第 {} 段", p + 1));
    }
    for (s, section) in report.sections.iter().enumerate() {
        scan(&section.heading, Location::Section(s), &format!("第 {} 部分标题", s + 1));
        for (b, block) in section.blocks.iter().enumerate() {
            scan(block.text(), Location::Block(s, b), &format!("第 {} 部分第 {} 段", s + 1, b + 1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_and_vertical_tabs_are_normalised_and_others_kept() {
        let mut s = "a\tb\u{0B}c\r\nd\u{1}e".to_owned();
        assert!(normalize_controls(&mut s));
        assert_eq!(s, "a b\nc\nd\u{1}e");
        let mut plain = "没有控制字符".to_owned();
        assert!(!normalize_controls(&mut plain));
    }
}
