//! Native file dialogs behind a trait: rfd in the program, a script in tests (rfd must never run
//! in a test: it would block or need a desktop).

use std::path::{Path, PathBuf};

/// The file dialogs the editor needs.
pub trait FileDialogs {
    /// 打开: a `.ron` file to open.
    fn pick_open(&mut self) -> Option<PathBuf>;
    /// 导入: a Word report (`.docx`) or its text (`.txt`).
    fn pick_import(&mut self) -> Option<PathBuf>;
    /// 另存为 / 导出: where to write, with a suggested file name and the one extension allowed.
    fn pick_save(&mut self, suggested_name: &str, extension: &str, filter_label: &str) -> Option<PathBuf>;
    /// Shows a file in the system's file manager (打开所在文件夹).
    fn reveal(&mut self, path: &Path);
    /// Whether the last dialog could not open at all (no dialog service), as opposed to being
    /// cancelled: the editor then offers a path field.
    fn unavailable(&self) -> bool {
        false
    }
}

/// A dialog that gives nothing back this fast did not open: nobody cancels a file dialog
/// within a third of a second.
const TOO_FAST: std::time::Duration = std::time::Duration::from_millis(350);

/// The native dialogs (rfd): the Windows file dialog, the XDG portal on Linux.
#[derive(Debug, Default)]
pub struct NativeDialogs {
    /// Where the last dialog was.
    pub last_dir: Option<PathBuf>,
    /// The last dialog gave nothing back at once (it could not open).
    failed: bool,
}

impl NativeDialogs {
    /// Runs a dialog and notes whether it could not open: on Linux without a desktop portal
    /// (no session bus), or when it returns nothing at once.
    fn run(&mut self, pick: impl FnOnce() -> Option<PathBuf>) -> Option<PathBuf> {
        let no_bus =
            cfg!(all(unix, not(target_os = "macos"))) && std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none();
        let started = std::time::Instant::now();
        let p = if no_bus { None } else { pick() };
        self.failed = p.is_none() && (no_bus || started.elapsed() < TOO_FAST);
        if let Some(dir) = p.as_ref().and_then(|p| p.parent()) {
            self.last_dir = Some(dir.to_path_buf());
        }
        p
    }
}

impl FileDialogs for NativeDialogs {
    fn pick_open(&mut self) -> Option<PathBuf> {
        let mut d = rfd::FileDialog::new().add_filter("年报项目文件", &["ron"]).set_title("打开年报");
        if let Some(dir) = &self.last_dir {
            d = d.set_directory(dir);
        }
        self.run(|| d.pick_file())
    }

    fn pick_import(&mut self) -> Option<PathBuf> {
        let mut d = rfd::FileDialog::new().add_filter("Word 年报或文本", &["docx", "txt"]).set_title("导入 Word 年报");
        if let Some(dir) = &self.last_dir {
            d = d.set_directory(dir);
        }
        self.run(|| d.pick_file())
    }

    fn pick_save(&mut self, suggested_name: &str, extension: &str, filter_label: &str) -> Option<PathBuf> {
        // An agency name may hold characters Windows forbids in file names (“…局/…局”).
        let suggested = crate::io::safe_file_name(suggested_name);
        let mut d = rfd::FileDialog::new().add_filter(filter_label, &[extension]).set_file_name(&suggested);
        if let Some(dir) = &self.last_dir {
            d = d.set_directory(dir);
        }
        let p = self.run(|| d.save_file())?;
        Some(with_extension(p, extension))
    }

    fn unavailable(&self) -> bool {
        self.failed
    }

    fn reveal(&mut self, path: &Path) {
        let folder = path.parent().unwrap_or(path);
        let result = if cfg!(windows) {
            std::process::Command::new("explorer").arg(format!("/select,{}", path.display())).spawn()
        } else if cfg!(target_os = "macos") {
            std::process::Command::new("open").arg("-R").arg(path).spawn()
        } else {
            std::process::Command::new("xdg-open").arg(folder).spawn()
        };
        if let Err(e) = result {
            log::warn!("cannot open the folder {}: {e}", folder.display());
        }
    }
}

/// Adds the extension when the dialog did not (GTK and the portal do not).
pub fn with_extension(path: PathBuf, extension: &str) -> PathBuf {
    let has = path.extension().is_some_and(|e| e.eq_ignore_ascii_case(extension));
    if has {
        path
    } else {
        let mut s = path.into_os_string();
        s.push(".");
        s.push(extension);
        PathBuf::from(s)
    }
}

/// Answers given in advance, for tests.
#[derive(Debug, Default)]
pub struct ScriptedDialogs {
    /// Answers to `pick_open` and `pick_import`, in order.
    pub open: Vec<Option<PathBuf>>,
    /// Answers to `pick_save`, in order.
    pub save: Vec<Option<PathBuf>>,
    /// Files revealed.
    pub revealed: Vec<PathBuf>,
    /// Act as if no dialog could open (a desktop without a dialog service).
    pub unavailable: bool,
}

impl FileDialogs for ScriptedDialogs {
    fn pick_open(&mut self) -> Option<PathBuf> {
        if self.open.is_empty() { None } else { self.open.remove(0) }
    }

    fn pick_import(&mut self) -> Option<PathBuf> {
        self.pick_open()
    }

    fn pick_save(&mut self, _suggested_name: &str, extension: &str, _filter_label: &str) -> Option<PathBuf> {
        if self.save.is_empty() { None } else { self.save.remove(0).map(|p| with_extension(p, extension)) }
    }

    fn reveal(&mut self, path: &Path) {
        self.revealed.push(path.to_owned());
    }

    fn unavailable(&self) -> bool {
        self.unavailable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_is_added_once() {
        assert_eq!(with_extension("a/年报".into(), "ron"), PathBuf::from("a/年报.ron"));
        assert_eq!(with_extension("a/年报.RON".into(), "ron"), PathBuf::from("a/年报.RON"));
        assert_eq!(with_extension("a/2025.v2".into(), "pdf"), PathBuf::from("a/2025.v2.pdf"));
    }
}
