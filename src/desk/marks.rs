//! The reviewer's marks on findings (`审核记录.ron` in the folder): 已确认 (the unit must fix it)
//! or 不采纳 (with a reason). A mark follows its finding by unit, rule and location, never by the
//! message text, so it survives a re-check as long as the finding is there; a confirmed finding
//! that a new upload no longer has is shown as 已整改.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::Finding;

/// The marks file's name, in the reviewed folder.
pub const MARKS_FILE: &str = "审核记录.ron";

/// What the reviewer decided about a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// 已确认: the unit must fix it.
    Confirmed,
    /// 不采纳: not a problem (the reason says why).
    Rejected,
}

impl Verdict {
    /// 已确认 / 不采纳.
    pub fn label(self) -> &'static str {
        match self {
            Self::Confirmed => "已确认",
            Self::Rejected => "不采纳",
        }
    }
}

/// One mark.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// The unit's key ([`super::names::unit_key`]).
    pub unit: String,
    /// The unit's name as shown when marked.
    pub agency: String,
    /// The rule (`T3-01`).
    pub rule: String,
    /// The location key (`t3.R1.natural`).
    pub location: String,
    /// The decision.
    pub verdict: Verdict,
    /// Why (required for 不采纳).
    #[serde(default)]
    pub reason: String,
    /// The message when it was marked (shown for a finding that has been fixed since).
    #[serde(default)]
    pub message: String,
}

impl Mark {
    /// Whether it marks this finding of this unit.
    pub fn matches(&self, unit: &str, rule: &str, location: &str) -> bool {
        self.unit == unit && self.rule == rule && self.location == location
    }

    /// Whether this mark belongs to a finding of `unit` (by rule and location, never message).
    pub fn is_of(&self, unit: &str, f: &Finding) -> bool {
        self.matches(unit, f.rule, &f.location.key())
    }

    /// The tag shown beside the marked finding, without its brackets: “已确认”, “不采纳”, or
    /// “不采纳：理由” (the desk and the editor's checks panel show the same).
    pub fn tag(&self) -> String {
        if self.verdict == Verdict::Rejected && !self.reason.is_empty() {
            format!("{}：{}", self.verdict.label(), self.reason)
        } else {
            self.verdict.label().to_owned()
        }
    }
}

/// Whether a finding with this mark stops publication: an error not marked 不采纳 (the one rule
/// the desk, the workbook and the editor's checks panel share).
pub fn blocks_publication(f: &Finding, mark: Option<&Mark>) -> bool {
    f.severity == crate::model::Severity::Error && mark.is_none_or(|m| m.verdict != Verdict::Rejected)
}

/// The marks of one folder.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marks {
    /// Format version.
    #[serde(default)]
    pub version: u32,
    /// The marks.
    #[serde(default)]
    pub marks: Vec<Mark>,
}

/// The marks of the unit open in the editor from the desk.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnitMarks {
    /// The unit's key.
    pub unit: String,
    /// Its marks.
    pub marks: Marks,
}

impl UnitMarks {
    /// The mark of one of the unit's findings.
    pub fn of(&self, f: &Finding) -> Option<&Mark> {
        self.marks.of_finding(&self.unit, f)
    }
}

/// Where the marks of a folder are kept, and whether that is the folder itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarksPlace {
    /// The file.
    pub path: PathBuf,
    /// `false` when the folder is read-only and the marks live in nianbao's data folder.
    pub in_folder: bool,
}

impl Marks {
    /// The mark of a finding.
    pub fn find(&self, unit: &str, rule: &str, location: &str) -> Option<&Mark> {
        self.marks.iter().find(|m| m.matches(unit, rule, location))
    }

    /// The mark of a finding of a unit, matched by rule and location (never by message): the
    /// one match the desk, the workbook and the editor's checks panel share.
    pub fn of_finding(&self, unit: &str, f: &Finding) -> Option<&Mark> {
        self.find(unit, f.rule, &f.location.key())
    }

    /// The marks of one unit (what the editor shows while the desk has the unit open).
    pub fn of_unit(&self, unit: &str) -> UnitMarks {
        UnitMarks {
            unit: unit.to_owned(),
            marks: Self {
                version: self.version,
                marks: self.marks.iter().filter(|m| m.unit == unit).cloned().collect(),
            },
        }
    }

    /// Sets (or replaces) the mark of a finding; `None` removes it.
    pub fn set(&mut self, mark: Mark) {
        self.marks.retain(|m| !m.matches(&mark.unit, &mark.rule, &mark.location));
        self.marks.push(mark);
    }

    /// Removes the mark of a finding.
    pub fn clear(&mut self, unit: &str, rule: &str, location: &str) {
        self.marks.retain(|m| !m.matches(unit, rule, location));
    }

    /// Reads the marks of a folder: its own file, else the copy in the data folder; none yet is
    /// an empty set.
    pub fn load(folder: &Path) -> Result<(Self, MarksPlace), String> {
        let own = folder.join(MARKS_FILE);
        let fallback = fallback_path(folder);
        for (path, in_folder) in [(own.clone(), true), (fallback, false)] {
            if path.is_file() {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("无法读取审核记录“{}”：{}", path.display(), crate::io::describe_io(&e)))?;
                let marks: Self = ron::from_str(&text)
                    .map_err(|e| format!("审核记录“{}”已损坏（{e}），请修复或删除后再试", path.display()))?;
                return Ok((marks, MarksPlace { path, in_folder }));
            }
        }
        Ok((Self::default(), MarksPlace { path: own, in_folder: true }))
    }

    /// Writes the marks atomically into the folder; when the folder is read-only, into nianbao's
    /// data folder instead (the returned place says which).
    pub fn save(&self, folder: &Path) -> Result<MarksPlace, String> {
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(|e| format!("无法保存审核记录：{e}"))?;
        let own = folder.join(MARKS_FILE);
        match crate::io::write_atomic(&own, text.as_bytes(), false) {
            Ok(()) => {
                // The folder is writable again: an older copy elsewhere is stale.
                std::fs::remove_file(fallback_path(folder)).ok();
                Ok(MarksPlace { path: own, in_folder: true })
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
                ) =>
            {
                let path = fallback_path(folder);
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).ok();
                }
                crate::io::write_atomic(&path, text.as_bytes(), false)
                    .map_err(|e| format!("无法保存审核记录“{}”：{}", path.display(), crate::io::describe_io(&e)))?;
                Ok(MarksPlace { path, in_folder: false })
            }
            Err(e) => Err(format!("无法保存审核记录“{}”：{}", own.display(), crate::io::describe_io(&e))),
        }
    }
}

/// The marks of a read-only folder, in nianbao's data folder: one file per folder, named after
/// a hash of its full path.
pub fn fallback_path(folder: &Path) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let full = folder.canonicalize().unwrap_or_else(|_| folder.to_owned());
    // FNV-1a: stable across runs and versions (std's hasher is not).
    struct Fnv(u64);
    impl Hasher for Fnv {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, bytes: &[u8]) {
            for b in bytes {
                self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
            }
        }
    }
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    full.to_string_lossy().as_bytes().hash(&mut h);
    let name = full.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    crate::ui::settings::Paths::platform().data.join("审核记录").join(format!("{name}-{:016x}.ron", h.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_replaces_and_round_trips() {
        let mut m = Marks::default();
        let mk = |v, reason: &str| Mark {
            unit: "金砂镇政府".into(),
            agency: "金砂镇人民政府".into(),
            rule: "T3-01".into(),
            location: "t3.R1.natural".into(),
            verdict: v,
            reason: reason.into(),
            message: String::new(),
        };
        m.set(mk(Verdict::Confirmed, ""));
        m.set(mk(Verdict::Rejected, "已核实"));
        assert_eq!(m.marks.len(), 1);
        assert_eq!(m.find("金砂镇政府", "T3-01", "t3.R1.natural").map(|x| x.verdict), Some(Verdict::Rejected));
        let text = ron::to_string(&m).unwrap_or_default();
        let back: Marks = ron::from_str(&text).unwrap_or_default();
        assert_eq!(back, m);
    }

    #[test]
    fn tag_and_blocking_follow_the_verdict() {
        use crate::model::{Location, Severity};
        let mk = |v, reason: &str| Mark {
            unit: "u".into(),
            agency: "a".into(),
            rule: "T3-01".into(),
            location: "report".into(),
            verdict: v,
            reason: reason.into(),
            message: String::new(),
        };
        assert_eq!(mk(Verdict::Confirmed, "").tag(), "已确认");
        assert_eq!(mk(Verdict::Rejected, "").tag(), "不采纳");
        assert_eq!(mk(Verdict::Rejected, "已核实").tag(), "不采纳：已核实");
        let error = Finding::new("T3-01", Severity::Error, Location::Report, String::new());
        let warning = Finding::new("S05", Severity::Warning, Location::Report, String::new());
        assert!(blocks_publication(&error, None));
        assert!(blocks_publication(&error, Some(&mk(Verdict::Confirmed, ""))));
        assert!(!blocks_publication(&error, Some(&mk(Verdict::Rejected, "已核实"))));
        assert!(!blocks_publication(&warning, None));
    }
}
