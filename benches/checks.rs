//! How long the checks take: the editor reruns them on every keystroke, so they must stay well
//! under a millisecond. `cargo bench --bench checks`.

use std::path::Path;

use divan::{Bencher, black_box};
use nianbao::model::{AgencyLevel, check, standard::new_report};

fn main() {
    divan::main();
}

fn example() -> nianbao::model::Report {
    nianbao::io::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/jinsha-2024.ron")).expect("example")
}

/// All rules over the Jinsha example.
#[divan::bench]
fn check_example(b: Bencher) {
    let r = example();
    b.bench(|| check(black_box(&r), None));
}

/// All rules including the cross-year ones (Y03 compares texts).
#[divan::bench]
fn check_example_with_previous_year(b: Bencher) {
    let r = example();
    let prev = r.as_previous();
    b.bench(|| check(black_box(&r), Some(&prev)));
}

/// A fresh template report.
#[divan::bench]
fn check_template(b: Bencher) {
    let r = new_report("金砂镇人民政府", 2025, AgencyLevel::Township);
    b.bench(|| check(black_box(&r), None));
}

/// Reading the example's project file.
#[divan::bench]
fn load_example(b: Bencher) {
    let text = nianbao::io::to_ron(&example());
    b.bench(|| nianbao::io::load_str(black_box(&text)));
}
