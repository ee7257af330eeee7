//! Golden output of the PDF: what `pdftotext` reads from it, its page count, and every text run
//! and rule of the layout (positions to 0.01 mm), for the example, a report with a non-zero number
//! in every cell, a report whose headings lost their numerals and one whose section 四 is
//! missing. They guard refactoring: the PDF must not change unless a golden file is updated on
//! purpose (`UPDATE_GOLDEN=1 cargo test --test export_golden`, then review the diff).

mod common;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

use common::samples::{lost_numeral, missing_section, nonzero};
use common::{TempDir, example};
use nianbao::export::{ExportOptions, FontPolicy, FontSet, LayoutOptions, export, layout};
use nianbao::model::Report;

fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name)
}

/// Compares with a golden file, or writes it when `UPDATE_GOLDEN` is set.
fn compare(name: &str, actual: &str) {
    let path = golden_path(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write the golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
    if expected != actual {
        let diff = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .map(|(i, (a, b))| format!("first difference at line {}:\n  golden: {a}\n  now:    {b}", i + 1))
            .unwrap_or_else(|| {
                format!("lengths differ: {} vs {} lines", expected.lines().count(), actual.lines().count())
            });
        panic!("{name} differs from the golden file: {diff}");
    }
}

/// Every run and rule of the layout, one a line.
fn layout_dump(r: &Report) -> String {
    let l = layout(r, &FontSet::new(FontPolicy::BundledOnly), LayoutOptions::default());
    let mut out = String::new();
    for (p, page) in l.pages.iter().enumerate() {
        writeln!(out, "page {}", p + 1).ok();
        for run in &page.runs {
            writeln!(
                out,
                "  text {:.2} {:.2} {:.1}pt {:?} +{:.3} w{:.2} {}",
                run.x.0, run.baseline.0, run.size.0, run.face, run.spacing.0, run.width.0, run.text
            )
            .ok();
        }
        for rule in &page.rules {
            writeln!(
                out,
                "  rule {:.2} {:.2} {:.2} {:.2} {:.1}pt",
                rule.x1.0, rule.y1.0, rule.x2.0, rule.y2.0, rule.width.0
            )
            .ok();
        }
    }
    out
}

fn pdftotext(r: &Report) -> String {
    let dir = TempDir::new("golden");
    let opts = ExportOptions {
        fonts: FontPolicy::BundledOnly,
        created: Some(1_735_776_000),
        force: true,
        ..ExportOptions::default()
    };
    let done = export(r, None, opts).expect("export");
    let path = dir.path("g.pdf");
    std::fs::write(&path, &done.bytes).expect("write the PDF");
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext is needed for this test (apt-get install poppler-utils)");
    assert!(out.status.success());
    format!("pages: {}\n{}", done.pages, String::from_utf8_lossy(&out.stdout))
}

fn golden(name: &str, r: &Report) {
    compare(&format!("{name}.pdftotext.txt"), &pdftotext(r));
    compare(&format!("{name}.layout.txt"), &layout_dump(r));
}

#[test]
fn example_pdf_is_unchanged() {
    golden("example", &example());
}

#[test]
fn nonzero_pdf_is_unchanged() {
    golden("nonzero", &nonzero());
}

#[test]
fn lost_numeral_pdf_is_unchanged() {
    golden("lost-numeral", &lost_numeral());
}

#[test]
fn missing_section_pdf_is_unchanged() {
    golden("missing-section", &missing_section());
}
