//! Where the editor keeps its own files (settings, the recovery copy, the log) and what it
//! remembers between runs (recent files, choices). These are preferences, never the report:
//! reports live in the user's `.ron` files.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The editor's folders.
#[derive(Clone, Debug)]
pub struct Paths {
    /// Settings (Windows: `%LOCALAPPDATA%\nianbao`, beside the data: recent files and this PC's
    /// choices belong to this PC, not to a roaming profile).
    pub config: PathBuf,
    /// Recovery copies and the log (Windows: `%LOCALAPPDATA%\nianbao`).
    pub data: PathBuf,
}

impl Paths {
    /// The folders of this platform. `NIANBAO_HOME` puts both in one folder (portable use on a
    /// USB stick, tests).
    pub fn platform() -> Self {
        if let Some(home) = std::env::var_os("NIANBAO_HOME") {
            let home = PathBuf::from(home);
            return Self { config: home.clone(), data: home };
        }
        let env = |k: &str| std::env::var_os(k).map(PathBuf::from);
        if cfg!(windows) {
            // Never beside the program: it may sit in a read-only folder or on a USB stick.
            let local = env("LOCALAPPDATA")
                .or_else(|| env("USERPROFILE").map(|p| p.join("AppData").join("Local")))
                .or_else(|| env("APPDATA"))
                .unwrap_or_else(std::env::temp_dir);
            let dir = local.join("nianbao");
            Self { config: dir.clone(), data: dir }
        } else {
            let home = env("HOME").unwrap_or_else(|| PathBuf::from("."));
            let config = env("XDG_CONFIG_HOME").unwrap_or_else(|| home.join(".config"));
            let data = env("XDG_DATA_HOME").unwrap_or_else(|| home.join(".local/share"));
            Self { config: config.join("nianbao"), data: data.join("nianbao") }
        }
    }

    /// Both folders inside one directory.
    pub fn under(dir: &Path) -> Self {
        Self { config: dir.join("config"), data: dir.join("data") }
    }

    /// The settings file.
    pub fn settings_file(&self) -> PathBuf {
        self.config.join("settings.ron")
    }

    /// The log of start-up decisions (renderer, fonts).
    pub fn log_file(&self) -> PathBuf {
        self.data.join("nianbao.log")
    }
}

/// Remembered between runs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Recently opened files, newest first.
    pub recent: Vec<PathBuf>,
    /// Export with the bundled fonts only.
    pub bundled_fonts_only: bool,
}

/// How many recent files are listed.
pub const RECENT_LIMIT: usize = 8;

impl Settings {
    /// Reads the settings; a missing or damaged file gives the defaults (and is logged).
    pub fn load(paths: &Paths) -> Self {
        let path = paths.settings_file();
        match std::fs::read_to_string(&path) {
            Ok(text) => ron::from_str(&text).unwrap_or_else(|e| {
                log::warn!("settings file {} unreadable ({e}); using defaults", path.display());
                Self::default()
            }),
            Err(_) => Self::default(),
        }
    }

    /// Writes the settings (atomically); failures are logged, never shown: they are preferences.
    pub fn save(&self, paths: &Paths) {
        let text = match ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default()) {
            Ok(t) => t,
            Err(e) => {
                log::warn!("settings not saved: {e}");
                return;
            }
        };
        if let Err(e) = std::fs::create_dir_all(&paths.config)
            .and_then(|()| crate::io::write_atomic(&paths.settings_file(), text.as_bytes(), false))
        {
            log::warn!("settings not saved: {e}");
        }
    }

    /// Puts a file at the top of the recent list.
    pub fn add_recent(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_LIMIT);
    }

    /// The last file opened, if it still exists.
    pub fn last_file(&self) -> Option<&PathBuf> {
        self.recent.first().filter(|p| p.is_file())
    }
}

/// Appends a line to the editor's log file (start-up decisions that a support person may ask
/// about: which renderer started, which fonts were used).
pub fn log_line(paths: &Paths, line: &str) {
    use std::io::Write;
    log::info!("{line}");
    if std::fs::create_dir_all(&paths.data).is_err() {
        return;
    }
    if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(paths.log_file()) {
        let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        writeln!(f, "[{secs}] {line}").ok();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_unique_and_bounded() {
        let mut s = Settings::default();
        for i in 0..12 {
            s.add_recent(Path::new(&format!("/nonexistent/{i}.ron")));
        }
        s.add_recent(Path::new("/nonexistent/5.ron"));
        assert_eq!(s.recent.len(), RECENT_LIMIT);
        assert_eq!(s.recent[0], PathBuf::from("/nonexistent/5.ron"));
        assert_eq!(s.recent.iter().filter(|p| p.ends_with("5.ron")).count(), 1);
        assert_eq!(s.last_file(), None, "the last file no longer exists");
    }

    #[test]
    fn settings_round_trip_and_survive_damage() {
        let dir = std::env::temp_dir().join(format!("nianbao-settings-{}", std::process::id()));
        let paths = Paths::under(&dir);
        let s = Settings { recent: vec!["/a.ron".into()], bundled_fonts_only: true };
        s.save(&paths);
        assert_eq!(Settings::load(&paths), s);
        // Settings written by an older version (with the renderer, now in renderer.ron) still load.
        std::fs::write(
            paths.settings_file(),
            "(recent: [\"/a.ron\"], bundled_fonts_only: true, renderer: Some(\"glow\"))",
        )
        .ok();
        assert_eq!(Settings::load(&paths), s);
        std::fs::write(paths.settings_file(), "(recent: [").ok();
        assert_eq!(Settings::load(&paths), Settings::default());
        std::fs::remove_dir_all(&dir).ok();
    }
}
