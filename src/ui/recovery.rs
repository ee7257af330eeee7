//! The recovery copy: a few seconds after every change the report is written, atomically, to
//! the editor's data folder. A power cut gives no chance to save on exit; the next start finds
//! the copy and offers to restore it. A successful save, or closing without keeping the changes,
//! removes it.
//!
//! Every running editor window has copies of its own (`recovery-<id>.ron`) and holds a lock on
//! `recovery-<id>.lock` while it runs. At start, only copies whose lock nobody holds — their
//! window is gone — are offered; two windows side by side never take each other's copy.

use std::fs::File;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::document::Document;
use super::settings::Paths;
use crate::model::Report;

/// What a recovery copy belongs to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecoveryInfo {
    /// The file the report was opened from, if any.
    pub original: Option<PathBuf>,
    /// When the copy was written (seconds since 1970).
    pub written_at: u64,
}

/// A recovery copy left by a window that is gone.
#[derive(Clone, Debug)]
pub struct Recovered {
    /// The report.
    pub report: Report,
    /// Its file and time.
    pub info: RecoveryInfo,
    /// The window it came from.
    pub id: String,
}

/// This window's claim on its recovery copies.
#[derive(Debug)]
pub struct Instance {
    id: String,
    lock: Option<File>,
}

fn report_file(paths: &Paths, id: &str) -> PathBuf {
    paths.data.join(format!("recovery-{id}.ron"))
}

fn info_file(paths: &Paths, id: &str) -> PathBuf {
    paths.data.join(format!("recovery-{id}.info"))
}

fn lock_file(paths: &Paths, id: &str) -> PathBuf {
    paths.data.join(format!("recovery-{id}.lock"))
}

impl Instance {
    /// Claims a fresh id and locks it for as long as the window lives.
    pub fn start(paths: &Paths) -> Self {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let id = format!("{}-{nanos}", std::process::id());
        let lock = std::fs::create_dir_all(&paths.data)
            .and_then(|()| File::create(lock_file(paths, &id)))
            .and_then(|f| f.try_lock().map(|()| f).map_err(std::io::Error::other));
        match lock {
            Ok(f) => Self { id, lock: Some(f) },
            Err(e) => {
                log::warn!("recovery lock not taken ({e}); copies of this window may be offered to another");
                Self { id, lock: None }
            }
        }
    }

    /// Writes this window's recovery copy.
    pub fn write(&self, paths: &Paths, report: &Report, original: Option<&PathBuf>) -> std::io::Result<()> {
        std::fs::create_dir_all(&paths.data)?;
        let info = RecoveryInfo {
            original: original.cloned(),
            written_at: SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()),
        };
        crate::io::write_atomic(&report_file(paths, &self.id), crate::io::to_ron(report).as_bytes(), false)?;
        let meta = ron::to_string(&info).map_err(std::io::Error::other)?;
        crate::io::write_atomic(&info_file(paths, &self.id), meta.as_bytes(), false)
    }

    /// Removes this window's recovery copy (after a save, or when its changes are dropped).
    pub fn clear(&self, paths: &Paths) {
        std::fs::remove_file(report_file(paths, &self.id)).ok();
        std::fs::remove_file(info_file(paths, &self.id)).ok();
    }

    /// Whether this window has a recovery copy on disk.
    pub fn has_copy(&self, paths: &Paths) -> bool {
        report_file(paths, &self.id).is_file()
    }

    /// Removes the copy and the lock file (a clean exit).
    pub fn finish(&mut self, paths: &Paths) {
        self.clear(paths);
        // Close the handle first: Windows does not delete a file that is open.
        self.lock = None;
        std::fs::remove_file(lock_file(paths, &self.id)).ok();
    }
}

/// Seconds after a change before the recovery copy is written.
pub const AUTOSAVE_DELAY: f64 = 3.0;

/// This window's recovery copy over time: written a few seconds after a change (and at once
/// after a panic), removed when the report is saved or replaced.
#[derive(Debug)]
pub struct Autosave {
    instance: Instance,
    /// When the pending change is to be written (editor time, seconds).
    due: Option<f64>,
    /// The revision the copy (or the file) holds.
    written: u64,
}

impl Autosave {
    /// Claims this window's copies; `revision` is what the file already holds.
    pub fn start(paths: &Paths, revision: u64) -> Self {
        Self { instance: Instance::start(paths), due: None, written: revision }
    }

    /// A frame's turn at `now`: writes the copy once a change is [`AUTOSAVE_DELAY`] seconds
    /// old. Returns the seconds until the next write is due, if one is pending.
    pub fn tick(&mut self, paths: &Paths, now: f64, doc: &Document) -> Option<f64> {
        if !doc.is_dirty() || doc.revision() == self.written {
            self.due = None;
            return None;
        }
        let due = *self.due.get_or_insert(now + AUTOSAVE_DELAY);
        if now < due {
            return Some(due - now);
        }
        if let Err(e) = self.write(paths, doc) {
            log::warn!("recovery copy not written: {e}");
        }
        self.due = None;
        None
    }

    /// Writes the copy now.
    pub fn write(&mut self, paths: &Paths, doc: &Document) -> std::io::Result<()> {
        self.instance.write(paths, &doc.report, doc.path.as_ref())?;
        self.written = doc.revision();
        Ok(())
    }

    /// The report is safe elsewhere (saved, or replaced by another): the copy goes.
    pub fn settled(&mut self, paths: &Paths, revision: u64) {
        self.instance.clear(paths);
        self.written = revision;
        self.due = None;
    }

    /// The changes are given up (不保存): the copy goes.
    pub fn clear(&mut self, paths: &Paths) {
        self.instance.clear(paths);
    }

    /// A clean exit: the copy and the lock go.
    pub fn finish(&mut self, paths: &Paths) {
        self.instance.finish(paths);
    }
}

/// The copies left by windows that are gone, newest first. A damaged copy is removed (and
/// logged), never offered.
pub fn orphans(paths: &Paths) -> Vec<Recovered> {
    let Ok(entries) = std::fs::read_dir(&paths.data) else { return Vec::new() };
    let mut found = Vec::new();
    let entries: Vec<_> = entries.flatten().collect();
    // Lock files of windows that ended without a copy (a crash before any change).
    for e in &entries {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(id) = name.strip_prefix("recovery-").and_then(|n| n.strip_suffix(".lock"))
            && !report_file(paths, id).exists()
            && File::options().write(true).open(e.path()).is_ok_and(|f| f.try_lock().is_ok())
        {
            std::fs::remove_file(e.path()).ok();
        }
    }
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(id) = name.strip_prefix("recovery-").and_then(|n| n.strip_suffix(".ron")) else { continue };
        // A window that still runs holds its lock.
        let lock = File::options().create(true).truncate(false).write(true).open(lock_file(paths, id));
        let alive = match &lock {
            Ok(f) => f.try_lock().is_err(),
            Err(_) => false,
        };
        if alive {
            continue;
        }
        match crate::io::load(&e.path()) {
            Ok(report) => {
                let info = std::fs::read_to_string(info_file(paths, id))
                    .ok()
                    .and_then(|t| ron::from_str(&t).ok())
                    .unwrap_or_default();
                found.push(Recovered { report, info, id: id.to_owned() });
            }
            Err(err) => {
                log::warn!("recovery copy {name} unusable ({err}); removed");
                drop(lock);
                discard(paths, id);
            }
        }
    }
    found.sort_by_key(|r| std::cmp::Reverse(r.info.written_at));
    found
}

/// Removes a copy left by a window that is gone (restored or 丢弃).
pub fn discard(paths: &Paths, id: &str) {
    std::fs::remove_file(report_file(paths, id)).ok();
    std::fs::remove_file(info_file(paths, id)).ok();
    std::fs::remove_file(lock_file(paths, id)).ok();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AgencyLevel;
    use crate::model::standard::new_report;

    #[test]
    fn only_copies_of_windows_that_are_gone_are_offered() {
        let dir = std::env::temp_dir().join(format!("nianbao-recovery-{}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        let paths = Paths::under(&dir);
        let r = new_report("某镇人民政府", 2025, AgencyLevel::Township);
        let running = Instance::start(&paths);
        running.write(&paths, &r, Some(&PathBuf::from("/x/2025.ron"))).expect("write");
        assert!(orphans(&paths).is_empty(), "a live window's copy is not offered");
        drop(running); // the window dies: its lock is released, its copy stays
        let found = orphans(&paths);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].report, r);
        assert_eq!(found[0].info.original, Some(PathBuf::from("/x/2025.ron")));
        discard(&paths, &found[0].id);
        assert!(orphans(&paths).is_empty());
        // A damaged copy is dropped, not offered.
        let dead = Instance::start(&paths);
        std::fs::write(report_file(&paths, &dead.id), "(format_version: 1, agen").ok();
        let id = dead.id.clone();
        drop(dead);
        assert!(orphans(&paths).is_empty());
        assert!(!report_file(&paths, &id).exists());
        // A clean exit leaves nothing behind.
        let mut clean = Instance::start(&paths);
        clean.write(&paths, &r, None).expect("write");
        clean.finish(&paths);
        assert_eq!(std::fs::read_dir(&paths.data).map(|d| d.count()).unwrap_or(0), 0);
        std::fs::remove_dir_all(&dir).ok();
    }
}
