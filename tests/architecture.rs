//! The layering of STYLE.md: the model is pure (no GUI, PDF or file access) and the file
//! format code knows nothing of the GUI or the PDF.

use std::path::Path;

fn sources(dir: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut stack = vec![root];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push((p.display().to_string(), std::fs::read_to_string(&p).expect("read")));
            }
        }
    }
    out
}

fn assert_free_of(dir: &str, forbidden: &[&str]) {
    for (path, text) in sources(dir) {
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for f in forbidden {
                assert!(!line.contains(f), "{path} uses {f}: {line}");
            }
        }
    }
}

#[test]
fn model_is_pure() {
    assert_free_of("src/model", &["egui", "eframe", "printpdf", "rfd::", "std::fs", "std::io::", "std::env"]);
}

#[test]
fn io_knows_nothing_of_gui_or_pdf() {
    assert_free_of("src/io", &["egui", "eframe", "printpdf", "rfd::"]);
}

#[test]
fn no_placeholders_in_shipped_code() {
    for (path, text) in sources("src") {
        for bad in ["todo!(", "unimplemented!("] {
            assert!(!text.contains(bad), "{path} contains {bad}");
        }
    }
}

#[test]
fn printpdf_appears_in_the_pdf_writer_only() {
    for (path, text) in sources("src") {
        if path.ends_with("export/pdf.rs") {
            continue;
        }
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            assert!(!line.contains("printpdf"), "{path}: {line}");
        }
    }
}

#[test]
fn export_layout_knows_nothing_of_the_gui() {
    assert_free_of("src/export", &["egui", "eframe", "rfd::"]);
}
