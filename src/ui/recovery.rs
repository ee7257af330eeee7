//! The recovery copy: a few seconds after every change the report is written, atomically, to
//! the editor's data folder. A power cut gives no chance to save on exit; the next start finds
//! the copy and offers to restore it. A successful save, or closing without keeping the changes,
//! removes it.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

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

/// A recovery copy found at start.
#[derive(Clone, Debug)]
pub struct Recovered {
    /// The report.
    pub report: Report,
    /// Its file and time.
    pub info: RecoveryInfo,
}

/// Writes the recovery copy.
pub fn write(paths: &Paths, report: &Report, original: Option<&PathBuf>) -> std::io::Result<()> {
    std::fs::create_dir_all(&paths.data)?;
    let info = RecoveryInfo {
        original: original.cloned(),
        written_at: SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()),
    };
    crate::io::write_atomic(&paths.recovery_file(), crate::io::to_ron(report).as_bytes(), false)?;
    let meta = ron::to_string(&info).map_err(std::io::Error::other)?;
    crate::io::write_atomic(&paths.recovery_meta(), meta.as_bytes(), false)
}

/// Reads the recovery copy, if there is a usable one. A damaged copy is removed (and logged).
pub fn read(paths: &Paths) -> Option<Recovered> {
    let path = paths.recovery_file();
    if !path.is_file() {
        return None;
    }
    match crate::io::load(&path) {
        Ok(report) => {
            let info = std::fs::read_to_string(paths.recovery_meta())
                .ok()
                .and_then(|t| ron::from_str(&t).ok())
                .unwrap_or_default();
            Some(Recovered { report, info })
        }
        Err(e) => {
            log::warn!("recovery copy unusable ({e}); removed");
            clear(paths);
            None
        }
    }
}

/// Removes the recovery copy.
pub fn clear(paths: &Paths) {
    std::fs::remove_file(paths.recovery_file()).ok();
    std::fs::remove_file(paths.recovery_meta()).ok();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AgencyLevel;
    use crate::model::standard::new_report;

    #[test]
    fn write_read_clear() {
        let dir = std::env::temp_dir().join(format!("nianbao-recovery-{}", std::process::id()));
        let paths = Paths::under(&dir);
        assert!(read(&paths).is_none());
        let r = new_report("某镇人民政府", 2025, AgencyLevel::Township);
        write(&paths, &r, Some(&PathBuf::from("/x/2025.ron"))).expect("write");
        let got = read(&paths).expect("read");
        assert_eq!(got.report, r);
        assert_eq!(got.info.original, Some(PathBuf::from("/x/2025.ron")));
        clear(&paths);
        assert!(read(&paths).is_none());
        // A damaged copy is dropped, not offered.
        std::fs::create_dir_all(&paths.data).ok();
        std::fs::write(paths.recovery_file(), "(format_version: 1, agen").ok();
        assert!(read(&paths).is_none());
        assert!(!paths.recovery_file().exists());
        std::fs::remove_dir_all(&dir).ok();
    }
}
