//! How long an import takes: a 10-page PDF and a 1 MB web page must import in ≤ 200 ms.
//! `cargo bench --bench import`.

use std::fmt::Write as _;
use std::path::Path;

use divan::{Bencher, black_box};
use nianbao::export::{ExportOptions, FontPolicy, FontSet, LayoutOptions, export, layout};
use nianbao::import::import_bytes;
use nianbao::model::tables::{GridContent, TableId, grid};
use nianbao::model::{Block, Report};

fn main() {
    divan::main();
}

fn example() -> Report {
    nianbao::io::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/jinsha-2024.ron")).expect("example")
}

/// The example with its prose repeated until it lays out on ten pages.
fn ten_pages() -> Report {
    let mut r = example();
    let fonts = FontSet::new(FontPolicy::BundledOnly);
    let extra: Vec<Block> = r.sections[0].blocks.iter().filter(|b| b.is_paragraph()).cloned().collect();
    while layout(&r, &fonts, LayoutOptions::default()).pages.len() < 10 {
        r.sections[4].blocks.extend(extra.iter().cloned());
    }
    r
}

fn pdf_bytes(r: &Report) -> Vec<u8> {
    let opts =
        ExportOptions { fonts: FontPolicy::BundledOnly, created: Some(1_735_776_000), draft: false, force: true };
    export(r, None, opts).expect("export").bytes
}

/// A portal page of about 1 MB: the report, its tables, and a long article list around it.
fn one_megabyte_page() -> String {
    let r = example();
    let mut h = String::from("<html><head><meta charset=\"utf-8\"><title>年报</title></head><body><ul class=\"nav\">");
    while h.len() < 700 * 1024 {
        h.push_str("<li><a href=\"/zwgk/t20250120_123456.html\">关于印发某某镇2025年政务公开工作要点的通知</a><span>2025-01-20</span></li>");
    }
    h.push_str("</ul><h1>");
    h.push_str(&r.title);
    h.push_str("</h1>");
    for p in &r.preamble {
        let _ = write!(h, "<p>{p}</p>");
    }
    for (i, s) in r.sections.iter().enumerate() {
        let _ = write!(h, "<p>{}</p>", s.heading);
        for b in &s.blocks {
            let _ = write!(h, "<p>{}</p>", b.text());
        }
        if let Some(t) = TableId::ALL.into_iter().find(|t| t.section() == i + 1) {
            h.push_str("<table>");
            let g = grid(t);
            for row in 0..g.rows {
                h.push_str("<tr>");
                for c in g.cells_starting_in_row(row) {
                    let text = match c.content {
                        GridContent::Label { text, .. } => text.to_owned(),
                        GridContent::Value(id) => r.tables.display(id),
                    };
                    let _ = write!(h, "<td rowspan=\"{}\" colspan=\"{}\">{text}</td>", c.rowspan, c.colspan);
                }
                h.push_str("</tr>");
            }
            h.push_str("</table>");
        }
    }
    let _ = write!(h, "<p>{}</p><p>{}</p>", r.signer, r.date.map(|d| d.to_string()).unwrap_or_default());
    while h.len() < 1024 * 1024 {
        h.push_str(
            "<p class=\"footer\">版权所有：某某区人民政府 主办单位：某某区人民政府办公室 网站标识码：3508220001</p>",
        );
    }
    h.push_str("</body></html>");
    h
}

/// A 10-page PDF exported by nianbao (text layer, ruled tables).
#[divan::bench]
fn pdf_ten_pages(b: Bencher) {
    let bytes = pdf_bytes(&ten_pages());
    b.bench(|| import_bytes(black_box(&bytes), "pdf").expect("import"));
}

/// A 1 MB portal page.
#[divan::bench]
fn html_one_megabyte(b: Bencher) {
    let page = one_megabyte_page();
    assert!(page.len() >= 1024 * 1024);
    b.bench(|| import_bytes(black_box(page.as_bytes()), "html").expect("import"));
}

/// The example's seed text dump.
#[divan::bench]
fn text_seed(b: Bencher) {
    let seed =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed-jinsha-2024.txt")).expect("seed");
    b.bench(|| import_bytes(black_box(&seed), "txt").expect("import"));
}

/// A hostile page: 100 000 nested tables (tests/import_formats.rs checks that it is refused or
/// read without a report; this measures how long that takes).
#[divan::bench(sample_count = 5)]
fn html_hundred_thousand_nested_tables(b: Bencher) {
    let page = format!("{}x{}", "<table><tr><td>".repeat(100_000), "</td></tr></table>".repeat(100_000));
    b.bench(|| {
        let read = import_bytes(black_box(page.as_bytes()), "html");
        assert!(!read.as_ref().is_ok_and(|i| i.is_complete()));
    });
}
