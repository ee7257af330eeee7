//! 雷同 between units of the same year: long paragraphs that two or more units wrote identically
//! (rule A03, a warning like Y03). The standard wording of the format (the preamble, the fee
//! sentence, the template's placeholder) is boilerplate everyone shares and is left out.

use std::collections::HashMap;

use crate::model::report::Report;
use crate::model::standard;
use crate::model::{Finding, Location, Severity};

/// The rule id of 雷同 between units.
pub const RULE: &str = "A03";

/// Paragraphs shorter than this (in letters, after normalising) are never flagged.
pub const MIN_CHARS: usize = 60;

/// A paragraph reduced to its letters: spaces, punctuation and digits go, so that a changed
/// count or year does not hide a copy.
fn normalise(text: &str) -> String {
    text.chars().filter(|c| c.is_alphabetic()).collect()
}

fn boilerplate() -> Vec<String> {
    [
        standard::preamble(2000),
        standard::no_fee_sentence(2000),
        standard::statistics_period(2000),
        standard::PLACEHOLDER.to_owned(),
    ]
    .iter()
    .map(|t| normalise(t))
    .collect()
}

/// For each report (`None`: not compared, e.g. another year), the A03 findings: every long
/// paragraph of its sections that another report has too.
pub fn shared_paragraphs(reports: &[Option<&Report>], names: &[&str]) -> Vec<Vec<Finding>> {
    let standard = boilerplate();
    // normalised paragraph → (report, section, block), first occurrence per report.
    let mut seen: HashMap<String, Vec<(usize, usize, usize)>> = HashMap::new();
    for (i, r) in reports.iter().enumerate() {
        let Some(r) = r else { continue };
        for (s, section) in r.sections.iter().enumerate() {
            for (b, block) in section.blocks.iter().enumerate() {
                if !block.is_paragraph() {
                    continue;
                }
                let n = normalise(block.text());
                if n.chars().count() < MIN_CHARS
                    || standard.iter().any(|s| n.contains(s.as_str()) && s.len() * 2 > n.len())
                {
                    continue;
                }
                let list = seen.entry(n).or_default();
                if !list.iter().any(|(j, _, _)| *j == i) {
                    list.push((i, s, b));
                }
            }
        }
    }
    let mut out = vec![Vec::new(); reports.len()];
    let mut groups: Vec<_> = seen.into_iter().filter(|(_, l)| l.len() > 1).collect();
    groups.sort_by(|a, b| a.1.cmp(&b.1));
    for (text, list) in groups {
        let len = text.chars().count();
        for &(i, s, b) in &list {
            let others: Vec<&str> = list.iter().filter(|(j, _, _)| *j != i).map(|(j, _, _)| names[*j]).collect();
            let shown = if others.len() > 3 {
                format!("{}等{}个单位", others[..3].join("、"), others.len())
            } else {
                others.join("、")
            };
            let where_ =
                match reports[i].and_then(|r| r.sections.get(s)).and_then(|x| standard::section_number(&x.heading)) {
                    Some(n) => format!("第{}部分第{}段", standard::NUMERALS[n - 1], b + 1),
                    None => format!("第{}部分第{}段", s + 1, b + 1),
                };
            out[i].push(Finding {
                rule: RULE,
                severity: Severity::Warning,
                location: Location::Block(s, b),
                message: format!(
                    "{where_}与{shown}报告中的段落完全相同（{len}字），国办格式要求避免“内容雷同”，请结合本单位实际撰写。"
                ),
                cells: Vec::new(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AgencyLevel, Block};

    #[test]
    fn identical_long_paragraphs_are_flagged_boilerplate_is_not() {
        let mut a = standard::new_report("甲镇人民政府", 2024, AgencyLevel::Township);
        let mut b = standard::new_report("乙镇人民政府", 2024, AgencyLevel::Township);
        let c = standard::new_report("丙镇人民政府", 2024, AgencyLevel::Township);
        let copied = "本年度我镇坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，紧紧围绕镇党委、镇政府中心工作，不断加强政府信息公开平台建设，切实保障人民群众知情权、参与权、表达权和监督权。";
        a.sections[0].blocks.push(Block::Paragraph(copied.into()));
        b.sections[0].blocks.push(Block::Paragraph(format!(" {copied}")));
        let found =
            shared_paragraphs(&[Some(&a), Some(&b), Some(&c)], &["甲镇人民政府", "乙镇人民政府", "丙镇人民政府"]);
        assert_eq!(found[0].len(), 1, "{:?}", found[0]);
        assert!(found[0][0].message.contains("乙镇人民政府"), "{}", found[0][0].message);
        assert_eq!(found[1].len(), 1);
        assert!(found[2].is_empty(), "template text is boilerplate: {:?}", found[2]);
        let skip = shared_paragraphs(&[Some(&a), None], &["甲", "乙"]);
        assert!(skip[0].is_empty());
    }
}
