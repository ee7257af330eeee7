//! How long the exports take (targets for the example, release build: PDF ≤ 100 ms with the fonts,
//! Word ≤ 50 ms, web page ≤ 10 ms, whole process). `cargo bench --bench export`. Peak memory is measured on the command line:
//! `/usr/bin/time -v target/release/nianbao export assets/examples/jinsha-2024.ron --bundled-fonts`.

use std::path::Path;

use divan::{Bencher, black_box};
use nianbao::export::{ExportOptions, FontPolicy, FontSet, LayoutOptions, export, layout};

fn main() {
    divan::main();
}

fn example() -> nianbao::model::Report {
    nianbao::io::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/jinsha-2024.ron")).expect("example")
}

/// The whole export: checks, layout, subsetting four fonts, writing the PDF.
#[divan::bench(sample_count = 30)]
fn export_example(b: Bencher) {
    let r = example();
    let opts = ExportOptions { fonts: FontPolicy::BundledOnly, created: Some(0), ..ExportOptions::default() };
    b.bench(|| export(black_box(&r), None, opts).map(|e| e.bytes.len()));
}

/// The layout alone.
#[divan::bench(sample_count = 30)]
fn layout_example(b: Bencher) {
    let r = example();
    let fonts = FontSet::new(FontPolicy::BundledOnly);
    b.bench(|| layout(black_box(&r), &fonts, LayoutOptions::default()).pages.len());
}

/// The Word file (target: ≤ 50 ms for the example, whole process).
#[divan::bench(sample_count = 30)]
fn docx_example(b: Bencher) {
    let r = example();
    let opts = ExportOptions { created: Some(0), ..ExportOptions::default() };
    b.bench(|| {
        nianbao::export::export_as(black_box(&r), None, nianbao::export::Format::Docx, opts).map(|e| e.bytes.len())
    });
}

/// The web page (target: ≤ 10 ms for the example, whole process).
#[divan::bench(sample_count = 30)]
fn html_example(b: Bencher) {
    let r = example();
    let opts = ExportOptions { created: Some(0), ..ExportOptions::default() };
    b.bench(|| {
        nianbao::export::export_as(black_box(&r), None, nianbao::export::Format::Html, opts).map(|e| e.bytes.len())
    });
}
