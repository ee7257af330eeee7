//! How long the county's review desk takes over a folder (target: 500 reports, half of them Word
//! files, in ≤ 3 s on 2 cores, peak memory ≤ 300 MiB, release build). `cargo bench --bench review`.
//!
//! The folder is made once, before the measurements: the Jinsha example 500 times under other
//! names, each with its own numbers (table 三's 勾稽关系 kept), 250 saved as `.ron` and 250
//! exported as `.docx`. It is made in a temporary folder and removed at the end; with
//! `NIANBAO_REVIEW_BENCH_DIR=/tmp/r500` it is made there and kept, for timing the command itself:
//! `/usr/bin/time -v target/release/nianbao review /tmp/r500` (wall time and peak memory).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::{Bencher, black_box};
use nianbao::desk::{self, Request};
use nianbao::export::{ExportOptions, FontPolicy, Format, export_as};
use nianbao::model::Report;

/// How many reports the folder holds.
const REPORTS: u64 = 500;

fn main() {
    divan::main();
    if std::env::var_os("NIANBAO_REVIEW_BENCH_DIR").is_none()
        && let Some(dir) = FOLDER.get()
    {
        std::fs::remove_dir_all(dir).ok();
    }
}

fn example() -> Report {
    nianbao::io::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/jinsha-2024.ron")).expect("example")
}

/// The example's tables replaced by numbers from `seed`: every cell non-zero, table 三's
/// 勾稽关系 holding in every column, one count above 1 000.
fn varied(example: &Report, seed: u64) -> Report {
    let mut r = example.clone();
    nianbao::fuzz::varied::fill_consistent_tables(&mut r, seed);
    r
}

static FOLDER: OnceLock<PathBuf> = OnceLock::new();

/// The benchmark's folder, made on first use.
fn folder() -> &'static Path {
    FOLDER.get_or_init(|| {
        let dir = std::env::var_os("NIANBAO_REVIEW_BENCH_DIR").map_or_else(
            || std::env::temp_dir().join(format!("nianbao-bench-review-{}", std::process::id())),
            PathBuf::from,
        );
        std::fs::remove_dir_all(&dir).ok();
        std::fs::create_dir_all(&dir).expect("benchmark folder");
        let example = example();
        let opts = ExportOptions { draft: true, force: true, fonts: FontPolicy::BundledOnly, created: Some(0) };
        for i in 0..REPORTS {
            let mut r = varied(&example, i + 1);
            let name = format!("第{i}镇人民政府");
            r.agency.clone_from(&name);
            r.title = nianbao::model::standard::title(&name, r.year);
            r.signer = name;
            if i % 2 == 0 {
                nianbao::io::save(&dir.join(format!("{i:03}.ron")), &r).expect("save");
            } else {
                let docx = export_as(&r, None, Format::Docx, opts).expect("docx export").bytes;
                std::fs::write(dir.join(format!("{i:03}.docx")), docx).expect("write docx");
            }
        }
        dir
    })
}

fn request() -> Request {
    Request { dirs: vec![folder().to_path_buf()], ..Request::default() }
}

/// The whole review, as `nianbao review DIR` does it: reading and checking the 500 reports on
/// every core, 雷同, the roll-up, and the workbook written into the folder.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn review_500_reports(b: Bencher) {
    let req = request();
    let out = folder().join(desk::WORKBOOK_NAME);
    b.bench(|| {
        let review = desk::run(black_box(&req), &|_| {});
        desk::save_workbook(&review, &out).expect("write workbook");
        review.units.len()
    });
}

/// Reading the 500 files alone (one submission per unit taken), on every core.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn read_500_reports(b: Bencher) {
    let dirs = vec![folder().to_path_buf()];
    b.bench(|| desk::gather(black_box(&dirs), &[], &|_| {}).0.len());
}

/// Writing the workbook of a review of the 500 reports.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn workbook_of_500_reports(b: Bencher) {
    let review = desk::run(&request(), &|_| {});
    b.bench(|| desk::workbook::write(black_box(&review)).map(|w| w.len()));
}
