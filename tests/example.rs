//! The bundled example reproduces the Jinsha 2024 report and checks to exactly the findings
//! that CONTRACT §4 and CHECKS.md §I expect, plus X17 (issue 12) on the seed's own half-width
//! comma.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::example;
use nianbao::model::tables::{GridContent, TableId, cells, grid};
use nianbao::model::{Contact, Severity, check};

/// The text dump of the real report, as given in `../shared/seed/`.
const SEED: &str = "tests/fixtures/seed-jinsha-2024.txt";

fn seed_text() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED);
    std::fs::read_to_string(p).expect("seed fixture")
}

/// The seed with CONTRACT §4's normalisations: bookmarks removed, trailing spaces trimmed.
fn seed_lines(seed: &str) -> Vec<String> {
    seed.lines()
        .map(|l| {
            let mut l = l.to_owned();
            while let (Some(a), Some(b)) = (l.find("[bookmark: "), l.find(']')) {
                if b < a {
                    break;
                }
                l.replace_range(a..=b, "");
            }
            l.trim_end().to_owned()
        })
        .collect()
}

#[test]
fn checks_report_exactly_the_expected_rules() {
    let findings = check(&example(), None);
    let rules: BTreeSet<(&str, Severity)> = findings.iter().map(|f| (f.rule, f.severity)).collect();
    let expected: BTreeSet<(&str, Severity)> = [
        ("S02", Severity::Warning),
        ("X12", Severity::Warning),
        ("S09", Severity::Warning),
        ("X10", Severity::Warning),
        ("X13", Severity::Info),
        ("Y04", Severity::Info),
        // The seed itself has a half-width comma in Chinese prose (“申请,也没有”): X17 rightly
        // points at it (issue 12).
        ("X17", Severity::Info),
    ]
    .into_iter()
    .collect();
    assert_eq!(rules, expected);
    let x17: Vec<_> = findings.iter().filter(|f| f.rule == "X17").collect();
    assert_eq!(x17.len(), 1);
    assert_eq!(x17[0].location.key(), "section.1.p7");
    assert!(x17[0].message.contains("“公开申请,也没有申”→“公开申请，也没有申”"), "{}", x17[0].message);
    // The S02 finding CHECKS.md §I names, and the 文号 placeholder.
    assert!(findings.iter().any(|f| f.rule == "S02" && f.location.key() == "section.2"));
    assert!(findings.iter().any(|f| f.rule == "S09" && f.location.key() == "doc_number"));
}

#[test]
fn prose_is_the_seed_word_for_word() {
    let seed = seed_text();
    let r = example();
    // The prose lines of the seed: everything outside the tables (table cells start with a tab).
    let lines = seed_lines(&seed);
    let mut prose: Vec<String> = Vec::new();
    for l in &lines {
        if l.starts_with('\t') || l.trim().is_empty() {
            continue;
        }
        // Lines that continue a split table label ("企业" after "\t商业") are table text too.
        if ["企业", "机构", "纠正", "结果", "审结", "维持"].contains(&l.trim()) {
            continue;
        }
        prose.push(l.trim_start().to_owned());
    }
    // The title's two lines are joined (CONTRACT §4).
    let title_at = prose.iter().position(|l| l.starts_with("永定区金砂镇2024年")).expect("title line");
    let second = prose.remove(title_at + 1);
    prose[title_at].push_str(&second);

    let mut model: Vec<String> = vec![r.doc_number.clone(), r.title.clone()];
    model.extend(r.preamble.iter().cloned());
    let contact = r.contact.clone().unwrap_or_default();
    model.push(Contact::HEADING.to_owned());
    model.extend(contact.lines());
    for s in &r.sections {
        model.push(s.heading.clone());
        model.extend(s.blocks.iter().map(|b| b.text().to_owned()));
    }
    model.push(r.signer.clone());
    model.push(r.date.map(|d| d.to_string()).unwrap_or_default());
    assert_eq!(model, prose);
    // Deviations kept, as CONTRACT §4 requires.
    assert!(r.sections[4].blocks.iter().any(|b| b.text().contains("一下问题")));
    assert!(r.sections[0].blocks.iter().any(|b| b.text() == "(二)依申请公开"));
    assert_eq!(r.doc_number, "金政〔2025〕 号");
}

#[test]
fn tables_are_the_seed_cell_for_cell() {
    let seed = seed_text();
    let lines = seed_lines(&seed);
    // Join labels split across lines: a line without a leading tab continues the cell above.
    let mut cells_text: Vec<String> = Vec::new();
    let mut in_table = false;
    for l in &lines {
        if l.starts_with("二、") {
            in_table = true;
            continue;
        }
        if l.starts_with("五、") {
            break;
        }
        if !in_table || l.starts_with("三、") || l.starts_with("四、") {
            continue;
        }
        if let Some(cell) = l.strip_prefix('\t') {
            cells_text.push(cell.trim().to_owned());
        } else if !l.trim().is_empty()
            && let Some(last) = cells_text.last_mut()
        {
            last.push_str(l.trim());
        }
    }
    let numbers: Vec<&String> = cells_text.iter().filter(|c| c.parse::<u64>().is_ok()).collect();
    assert_eq!(numbers.len(), 200, "10 + 175 + 15 numeric cells");
    assert!(numbers.iter().all(|n| n.as_str() == "0"));
    let r = example();
    assert!(cells().iter().all(|c| r.tables.get(c.id) == Some(0)));
    // Every label of the seed's tables is a label of the declaration.
    let mut declared: BTreeSet<&str> = BTreeSet::new();
    for t in TableId::ALL {
        for c in &grid(t).cells {
            if let GridContent::Label { text, .. } = c.content {
                declared.insert(text);
            }
        }
    }
    let labels: BTreeSet<&str> =
        cells_text.iter().filter(|c| !c.is_empty() && c.parse::<u64>().is_err()).map(String::as_str).collect();
    let unknown: Vec<&&str> = labels.iter().filter(|l| !declared.contains(**l)).collect();
    assert!(unknown.is_empty(), "labels not in the declaration: {unknown:?}");
    assert_eq!(labels.len(), declared.len(), "every declared label appears in the seed");
}
