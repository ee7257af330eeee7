//! The outline read by meaning (issue 12): a corpus generated from the example and from a report
//! with numbers everywhere, with every outline deviation a township report makes, written as a
//! Word document and as a text dump. Each imports to the same six sections as the clean document,
//! with the deviation reported and the import marked as written with gaps.

mod common;

use std::process::Command;

use common::docx::{W, docx, report_blocks};
use common::reports::{numbers_everywhere, text_dump};
use common::{TempDir, example};
use nianbao::import::{Imported, import_docx, import_text};
use nianbao::model::checks::normalize_label;
use nianbao::model::outline::split_numbering;
use nianbao::model::standard::HEADINGS;
use nianbao::model::{Block, Location, Report, Severity, check};

/// A section heading written with another numbering (`label` before its words).
fn relabel(heading: &str, label: &str) -> String {
    format!("{label}{}", split_numbering(heading).words)
}

/// Sub-heading `k` (0-based, counting sub-headings only) of a section.
fn subheading_mut(section: &mut nianbao::model::Section, k: usize) -> &mut String {
    section.blocks.iter_mut().filter(|b| !b.is_paragraph()).nth(k).map(Block::text_mut).expect("sub-heading")
}

/// One deviation: its name, how it changes a clean report's headings, and the rule and words of
/// each finding it must produce.
struct Deviation {
    name: &'static str,
    apply: fn(&mut Report),
    expect: &'static [(&'static str, &'static str, usize)],
    /// Whether the deviation changed a heading's words (then headings are compared by numeral
    /// and meaning).
    words_changed: bool,
}

const TOP: [&str; 6] = ["一、", "二、", "三、", "四、", "五、", "六、"];

fn deviations() -> Vec<Deviation> {
    vec![
        Deviation {
            name: "总体情况的小标题用了一级编号（问题报告中的例子）",
            apply: |r| {
                for (k, b) in r.sections[0].blocks.iter_mut().filter(|b| !b.is_paragraph()).enumerate() {
                    *b.text_mut() = relabel(b.text(), TOP[k]);
                }
            },
            expect: &[("S01", "“总体情况”的小标题“一、主动公开”", 1)],
            words_changed: false,
        },
        Deviation {
            name: "编号体系混用",
            apply: |r| {
                r.sections[1].heading = relabel(&r.sections[1].heading, "2、");
                r.sections[2].heading = relabel(&r.sections[2].heading, "（三）");
            },
            expect: &[("S01", "编号体系不统一：“2、", 1), ("S01", "编号体系不统一：“（三）", 1)],
            words_changed: false,
        },
        Deviation {
            name: "编号重新开始",
            apply: |r| {
                r.sections[4].heading = relabel(&r.sections[4].heading, "一、");
                r.sections[5].heading = relabel(&r.sections[5].heading, "二、");
            },
            expect: &[("S01", "第五至第六部分的编号重新从“一、”开始", 1)],
            words_changed: false,
        },
        Deviation {
            name: "二至六写成一至五（总体情况没有编号）",
            apply: |r| {
                r.sections[0].heading = relabel(&r.sections[0].heading, "");
                for k in 1..6 {
                    r.sections[k].heading = relabel(&r.sections[k].heading, TOP[k - 1]);
                }
            },
            expect: &[("S01", "标题“总体情况”前没有编号", 1), ("S01", "第二至第六部分的编号整体错了一位", 1)],
            words_changed: false,
        },
        Deviation {
            name: "编号与内容不符",
            apply: |r| r.sections[4].heading = relabel(&r.sections[4].heading, "四、"),
            expect: &[("S01", "编号应为“五、”而不是“四、”", 1)],
            words_changed: false,
        },
        Deviation {
            name: "标题没有编号",
            apply: |r| r.sections[5].heading = relabel(&r.sections[5].heading, ""),
            expect: &[("S01", "标题“其他需要报告的事项”前没有编号", 1)],
            words_changed: false,
        },
        Deviation {
            name: "标题中的顿号写成逗号（标题文字不同，编号正确：不是大纲问题）",
            apply: |r| r.sections[3].heading = r.sections[3].heading.replace('、', "，").replacen('，', "、", 1),
            expect: &[],
            words_changed: true,
        },
        Deviation {
            name: "只有编号没有标题文字",
            apply: |r| r.sections[2].heading = "三、".into(),
            expect: &[("S02", "第三部分的标题只有编号“三、”，没有标题文字；已按其后的表三补为", 1)],
            words_changed: false,
        },
        Deviation {
            name: "小标题编号体系混用",
            apply: |r| {
                let s = subheading_mut(&mut r.sections[0], 1);
                *s = relabel(s, "2、");
            },
            expect: &[("S02", "第一部分小标题的编号体系不统一：“2、依申请公开”", 1)],
            words_changed: false,
        },
        Deviation {
            name: "第五部分内的一级编号",
            apply: |r| {
                let s = subheading_mut(&mut r.sections[4], 1);
                *s = relabel(s, "二、");
            },
            expect: &[("S01", "用了一级标题的编号，但不是国办格式的六个部分之一", 1)],
            words_changed: false,
        },
        Deviation {
            name: "标题都没有编号（Word 自动编号）",
            apply: |r| {
                for s in &mut r.sections {
                    s.heading = relabel(&s.heading, "");
                }
                for b in r.sections[0].blocks.iter_mut().filter(|b| !b.is_paragraph()) {
                    *b.text_mut() = relabel(b.text(), "");
                }
            },
            expect: &[("S01", "前没有编号；按标题内容已导入为“一、总体情况”", 1), ("S02", "小标题", 5)],
            words_changed: false,
        },
        Deviation {
            name: "六个部分都用（一）式编号，小标题用1.",
            apply: |r| {
                for (k, s) in r.sections.iter_mut().enumerate() {
                    s.heading = relabel(&s.heading, &format!("（{}）", &TOP[k][..TOP[k].len() - "、".len()]));
                }
                for (k, b) in r.sections[0].blocks.iter_mut().filter(|b| !b.is_paragraph()).enumerate() {
                    *b.text_mut() = relabel(b.text(), &format!("{}.", k + 1));
                }
            },
            expect: &[("S01", "式编号，六个部分的标题应使用“一、”至“六、”", 6), ("S02", "小标题的编号体系不统一", 5)],
            words_changed: false,
        },
        Deviation {
            name: "错位加小标题一级编号",
            apply: |r| {
                for (k, b) in r.sections[0].blocks.iter_mut().filter(|b| !b.is_paragraph()).enumerate() {
                    *b.text_mut() = relabel(b.text(), TOP[k]);
                }
                r.sections[0].heading = relabel(&r.sections[0].heading, "");
                for k in 1..6 {
                    r.sections[k].heading = relabel(&r.sections[k].heading, TOP[k - 1]);
                }
            },
            expect: &[
                ("S01", "标题“总体情况”前没有编号", 1),
                ("S01", "“总体情况”的小标题“一、主动公开”", 1),
                ("S01", "第二至第六部分的编号整体错了一位", 1),
            ],
            words_changed: false,
        },
    ]
}

/// Both formats of a report: (name, import).
fn imports(r: &Report) -> Vec<(&'static str, Imported)> {
    let blocks = report_blocks(r);
    vec![
        ("docx", import_docx(&docx(&blocks)).expect("docx imports")),
        ("txt", import_text(&text_dump(&blocks)).expect("txt imports")),
    ]
}

/// The same six sections, headings, sub-headings and paragraphs (sub-headings compared with
/// full-width brackets: a repaired one is written “（二）”), the same tables and title block.
fn same_report(got: &Report, want: &Report, words_changed: bool) -> Result<(), String> {
    if got.sections.len() != want.sections.len() {
        return Err(format!("{} sections, want {}", got.sections.len(), want.sections.len()));
    }
    for (k, (g, w)) in got.sections.iter().zip(&want.sections).enumerate() {
        let meaning = |h: &str| {
            let n = split_numbering(h);
            (n.label.to_owned(), nianbao::model::outline::section_meaning(n.words))
        };
        let same = if words_changed { meaning(&g.heading) == meaning(&w.heading) } else { g.heading == w.heading };
        if !same {
            return Err(format!("section {}: heading “{}”, want “{}”", k + 1, g.heading, w.heading));
        }
        let kinds = |s: &nianbao::model::Section| -> Vec<(bool, String)> {
            s.blocks.iter().map(|b| (b.is_paragraph(), normalize_label(b.text()))).collect()
        };
        if kinds(g) != kinds(w) {
            return Err(format!("section {}: blocks {:?}\nwant {:?}", k + 1, kinds(g), kinds(w)));
        }
    }
    if got.tables != want.tables {
        return Err("tables differ".into());
    }
    if (&got.title, &got.preamble, &got.signer, got.date) != (&want.title, &want.preamble, &want.signer, want.date) {
        return Err("title block differs".into());
    }
    Ok(())
}

#[test]
fn every_deviation_imports_to_the_clean_outline_with_its_finding() {
    let mut failures = Vec::new();
    for (base_name, base) in [("example", example()), ("numbers", numbers_everywhere())] {
        let clean = imports(&base);
        for (format, c) in &clean {
            assert!(c.is_complete() && c.structure.is_empty(), "{base_name} {format}: {}", c.summary());
            assert_eq!(c.report.sections.len(), 6);
        }
        for d in deviations() {
            let mut deviated = base.clone();
            (d.apply)(&mut deviated);
            for ((format, got), (_, want)) in imports(&deviated).into_iter().zip(&clean) {
                let case = format!("{base_name} {format} {}", d.name);
                if let Err(e) = same_report(&got.report, &want.report, d.words_changed) {
                    failures.push(format!("{case}: {e}\n{}", got.summary()));
                    continue;
                }
                // Undoing the repairs gives back the headings as the document wrote them.
                let texts = |r: &Report| -> Vec<(String, Vec<String>)> {
                    r.sections
                        .iter()
                        .map(|s| (s.heading.clone(), s.blocks.iter().map(|b| b.text().to_owned()).collect()))
                        .collect()
                };
                if texts(&got.as_written()) != texts(&deviated) {
                    failures.push(format!("{case}: as_written differs from the document"));
                }
                for (rule, words, count) in d.expect {
                    let n = got.structure.iter().filter(|f| f.rule == *rule && f.message.contains(words)).count();
                    if n != *count {
                        failures.push(format!("{case}: {n} × {rule} “{words}”, want {count}\n{}", got.summary()));
                    }
                }
                // Only these outline findings.
                let outline = got.structure.iter().filter(|f| ["S01", "S02"].contains(&f.rule)).count();
                let expected: usize = d.expect.iter().map(|e| e.2).sum();
                if outline != expected {
                    failures.push(format!("{case}: {outline} outline findings, want {expected}\n{}", got.summary()));
                }
                // A repaired outline is not a clean import (exit 1), and the report checks as
                // the clean one does (but for S02 on a sub-heading the repair wrote “（二）”
                // where the example has “(二)”, and on a heading whose words were changed).
                if got.structure.is_empty() != d.expect.is_empty() {
                    failures.push(format!("{case}: complete: {}", got.structure.is_empty()));
                }
                let rules = |r: &Report| {
                    check(r, None)
                        .into_iter()
                        .filter(|f| !(f.rule == "S02" && matches!(f.location, Location::Block(..))))
                        .filter(|f| !(f.rule == "S02" && d.words_changed))
                        .map(|f| (f.rule, f.location))
                        .collect::<Vec<_>>()
                };
                if rules(&got.report) != rules(&want.report) {
                    failures.push(format!("{case}: checks differ from the clean import"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_issue_case_no_longer_turns_sections_into_paragraphs() {
    // The seed's text dump with the sub-topics of 总体情况 numbered 一、…五、 (issue 12).
    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed-jinsha-2024.txt"),
    )
    .expect("seed");
    let varied = seed
        .replace("（一）主动公开", "一、主动公开")
        .replace("(二)依申请公开", "二、依申请公开")
        .replace("（三）政府信息管理情况", "三、政府信息管理情况")
        .replace("(四)政府信息公开平台建设", "四、政府信息公开平台建设")
        .replace("(五)监督保障", "五、监督保障");
    let imported = import_text(&varied).expect("import");
    let r = &imported.report;
    let headings: Vec<&str> = r.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(headings, example().sections.iter().map(|s| s.heading.as_str()).collect::<Vec<_>>());
    // No heading of the document ended up as a paragraph.
    for s in &r.sections {
        for p in s.paragraphs() {
            assert!(!HEADINGS.iter().any(|h| p.contains(&h["一、".len()..])) || p.chars().count() > 40, "{p}");
        }
    }
    assert_eq!(r.sections[0].subheadings().count(), 5);
    let f = &imported.structure[0];
    assert_eq!((f.rule, f.severity, f.location.key().as_str()), ("S01", Severity::Error, "section.1.p2"));
    assert_eq!(
        f.message,
        "“总体情况”的小标题“一、主动公开”“二、依申请公开”“三、政府信息管理情况”“四、政府信息公开平台建设”“五、监督保障”用了一级标题的编号“一、二、…”，会被当作报告的第二至第六部分；已按内容作为第一部分的小标题导入：“（一）主动公开”“（二）依申请公开”“（三）政府信息管理情况”“（四）政府信息公开平台建设”“（五）监督保障”。"
    );
    assert!(!imported.is_complete() || !imported.structure.is_empty());
    // After the repair the report checks like the example (no S01).
    assert!(check(r, None).iter().all(|f| f.rule != "S01"));
}

#[test]
fn a_repaired_outline_is_written_with_gaps_on_the_command_line() {
    let dir = TempDir::new("outline-cli");
    let mut r = numbers_everywhere();
    r.sections[4].heading = relabel(&r.sections[4].heading, "四、");
    let blocks = report_blocks(&r);
    for (name, bytes) in [("shifted.docx", docx(&blocks)), ("shifted.txt", text_dump(&blocks).into_bytes())] {
        let src = dir.path(name);
        std::fs::write(&src, bytes).expect("write");
        let out = dir.path(&format!("{name}.ron"));
        let o = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(["import", src.to_str().expect("path"), "-o", out.to_str().expect("path")])
            .output()
            .expect("run");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains("格式问题 S01 标题“四、存在的主要问题及改进情况”的编号与内容不符"), "{err}");
        let saved = nianbao::io::load(&out).expect("written");
        assert_eq!(saved.sections[4].heading, HEADINGS[4]);
    }
}

#[test]
fn a_document_without_recognisable_sections_keeps_its_text() {
    // Numbered lines that are none of the six sections: kept as written, nothing invented.
    let text = "某镇2025年政府信息公开工作年度报告\n一、加强组织领导\n成立工作专班，明确责任分工。\n二、完善制度建设\n修订信息发布审核制度。\n";
    let imported = import_text(text).expect("import");
    let all: Vec<String> =
        imported
            .report
            .preamble
            .iter()
            .cloned()
            .chain(
                imported.report.sections.iter().flat_map(|s| {
                    std::iter::once(s.heading.clone()).chain(s.blocks.iter().map(|b| b.text().to_owned()))
                }),
            )
            .collect();
    for line in ["成立工作专班，明确责任分工。", "修订信息发布审核制度。"] {
        assert!(all.iter().any(|l| l == line), "{line} kept: {all:?}");
    }
    assert!(!imported.is_complete(), "{}", imported.summary());
}

#[test]
fn a_missing_heading_is_supplied_from_its_table() {
    let r = example();
    let blocks: Vec<W> =
        report_blocks(&r).into_iter().filter(|b| !matches!(b, W::P(p) if p.as_str() == HEADINGS[2])).collect();
    let got = import_docx(&docx(&blocks)).expect("import");
    assert_eq!(got.report.sections.len(), 6);
    assert_eq!(got.report.sections[2].heading, HEADINGS[2]);
    assert_eq!(got.report.tables, r.tables);
    let f: Vec<&str> = got.structure.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(f, ["表三前没有找到第三部分的标题，已按表三补上标准标题“三、收到和处理政府信息公开申请情况”。"]);
    assert_eq!(got.structure[0].location.key(), "section.3");
    // As written, the document has five headings.
    let written = got.as_written();
    assert_eq!(written.sections.len(), 5);
    assert_eq!(written.sections[2].heading, HEADINGS[3]);
}
