//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod corpus;
pub mod docx;
pub mod kit;
pub mod reports;
pub mod returned;
pub mod samples;

use std::path::{Path, PathBuf};

use nianbao::model::standard::new_report;
use nianbao::model::{AgencyLevel, CellId, Finding, Report, Severity, check};

/// The bundled example.
pub fn example_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/jinsha-2024.ron")
}

/// The bundled example, loaded.
pub fn example() -> Report {
    nianbao::io::load(&example_path()).expect("the bundled example loads")
}

/// A new township report for 2025 (all cells 0).
pub fn template() -> Report {
    new_report("金砂镇人民政府", 2025, AgencyLevel::Township)
}

/// Sets a cell by key.
pub fn set(r: &mut Report, key: &str, v: u64) {
    let id = CellId::from_key(key).unwrap_or_else(|| panic!("no cell {key}"));
    r.tables.set(id, Some(v));
}

/// Findings of one rule.
pub fn of<'a>(findings: &'a [Finding], rule: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.rule == rule).collect()
}

/// Runs the checks and returns the findings of one rule.
pub fn rule(r: &Report, id: &str) -> Vec<Finding> {
    check(r, None).into_iter().filter(|f| f.rule == id).collect()
}

/// The error-level findings.
pub fn errors(r: &Report) -> Vec<Finding> {
    check(r, None).into_iter().filter(|f| f.severity == Severity::Error).collect()
}

/// A temporary directory removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let p = std::env::temp_dir().join(format!("nianbao-test-{tag}-{}-{n}", std::process::id()));
        std::fs::remove_dir_all(&p).ok();
        std::fs::create_dir_all(&p).expect("temp dir");
        Self(p)
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}
