//! Native file dialogs behind a trait: rfd in the program, a script in tests (rfd must never run
//! in a test: it would block or need a desktop).

use std::path::{Path, PathBuf};

/// The file dialogs the editor needs.
pub trait FileDialogs {
    /// 打开: a `.ron` file to open.
    fn pick_open(&mut self) -> Option<PathBuf>;
    /// 导入年报: a report in any format the importer reads ([`crate::import::ACCEPTED_EXTENSIONS`]).
    fn pick_import(&mut self) -> Option<PathBuf>;
    /// 以上年报告新建: last year's report, a project file or any format the importer reads.
    fn pick_last_year(&mut self) -> Option<PathBuf> {
        self.pick_open()
    }
    /// 导入审核意见: the Word file the reviewer sent back.
    fn pick_review(&mut self) -> Option<PathBuf> {
        self.pick_open()
    }
    /// 汇总审核's 浏览… for a folder (this year's or last year's reports); `title` names the field.
    fn pick_folder(&mut self, _title: &str) -> Option<PathBuf> {
        None
    }
    /// 汇总审核's 浏览… for the roster (单位名单, `.txt` or `.xlsx`); `title` names the field.
    fn pick_roster(&mut self, _title: &str) -> Option<PathBuf> {
        self.pick_open()
    }
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

/// The filters of the dialog that picks a report to import: every format together first, then
/// each kind on its own (the clerk may look for one kind in a crowded folder).
pub fn import_filters() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        ("所有可导入的年报", crate::import::ACCEPTED_EXTENSIONS.to_vec()),
        ("Word 文档（.docx .doc .wps .rtf）", vec!["docx", "doc", "wps", "rtf"]),
        ("PDF（有文字层）", vec!["pdf"]),
        ("网页（.html .htm .mht .mhtml）", vec!["html", "htm", "mht", "mhtml"]),
        ("文本（.txt）", vec!["txt"]),
    ]
}

impl NativeDialogs {
    fn pick(&mut self, title: &str, filters: &[(&str, Vec<&str>)]) -> Option<PathBuf> {
        let mut d = rfd::FileDialog::new().set_title(title);
        for (label, extensions) in filters {
            d = d.add_filter(*label, extensions);
        }
        if let Some(dir) = &self.last_dir {
            d = d.set_directory(dir);
        }
        self.run(|| d.pick_file())
    }
}

impl FileDialogs for NativeDialogs {
    fn pick_open(&mut self) -> Option<PathBuf> {
        self.pick("打开年报", &[("年报项目文件", vec!["ron"])])
    }

    fn pick_import(&mut self) -> Option<PathBuf> {
        self.pick("导入年报", &import_filters())
    }

    fn pick_last_year(&mut self) -> Option<PathBuf> {
        let mut all = vec!["ron"];
        all.extend(crate::import::ACCEPTED_EXTENSIONS);
        let mut filters = vec![("上一年度的年报（项目文件或可导入的格式）", all), ("年报项目文件", vec!["ron"])];
        filters.extend(import_filters().into_iter().skip(1));
        self.pick("选择上一年度的年报", &filters)
    }

    fn pick_review(&mut self) -> Option<PathBuf> {
        self.pick("选择审核后退回的 Word 文件", &[("Word 文档", vec!["docx"])])
    }

    fn pick_folder(&mut self, title: &str) -> Option<PathBuf> {
        let mut d = rfd::FileDialog::new().set_title(title);
        if let Some(dir) = &self.last_dir {
            d = d.set_directory(dir);
        }
        self.run(|| d.pick_folder())
    }

    fn pick_roster(&mut self, title: &str) -> Option<PathBuf> {
        self.pick(title, &[("单位名单", vec!["txt", "xlsx"])])
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
    /// Answers to `pick_open`, `pick_import`, `pick_last_year`, `pick_review` and `pick_roster`,
    /// in order.
    pub open: Vec<Option<PathBuf>>,
    /// Answers to `pick_folder`, in order.
    pub folders: Vec<Option<PathBuf>>,
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

    fn pick_folder(&mut self, _title: &str) -> Option<PathBuf> {
        if self.folders.is_empty() { None } else { self.folders.remove(0) }
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

    #[test]
    fn the_import_filter_lists_every_format_the_importer_reads() {
        let filters = import_filters();
        assert_eq!(filters[0].1, crate::import::ACCEPTED_EXTENSIONS.to_vec());
        for ext in crate::import::ACCEPTED_EXTENSIONS {
            assert!(filters[1..].iter().any(|(_, e)| e.contains(&ext)), "{ext} has a filter of its own");
        }
    }
}
