//! Atomic file replacement: a crash, a full disk or a pulled USB stick never leaves a
//! half-written project file behind.
//!
//! The new content goes to a temporary file in the same folder, is flushed to disk, and is then
//! renamed over the target. The previous version is first copied to `FILE.bak` (for
//! `x.ron`, `x.ron.bak`). If any step fails, the temporary file is removed and the target is
//! exactly as it was.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// The backup path of a file: `name.ron` → `name.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".bak");
    PathBuf::from(s)
}

fn temp_path(path: &Path, tag: &str) -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    dir.join(format!(".{name}.{tag}-{}-{n}", std::process::id()))
}

/// Writes `bytes` to `path` atomically, keeping the previous version as a backup when
/// `keep_backup` is set.
pub fn write_atomic(path: &Path, bytes: &[u8], keep_backup: bool) -> io::Result<()> {
    write_atomic_with(path, bytes, keep_backup, |f, b| f.write_all(b))
}

/// [`write_atomic`] with the write step supplied by the caller (tests inject failures here).
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    keep_backup: bool,
    write: impl FnOnce(&mut File, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    if path.is_dir() {
        return Err(io::Error::new(io::ErrorKind::IsADirectory, "目标是文件夹"));
    }
    remove_stale_temporaries(path);
    let tmp = temp_path(path, "tmp");
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        write(&mut f, bytes)?;
        f.flush()?;
        f.sync_all()?;
        drop(f);
        if keep_backup && path.is_file() {
            // Copy, not rename: the target must exist at every moment.
            let bak_tmp = temp_path(path, "bak");
            let copied = fs::copy(path, &bak_tmp).and_then(|_| fs::rename(&bak_tmp, backup_path(path)));
            if copied.is_err() {
                fs::remove_file(&bak_tmp).ok();
            }
            copied?;
        }
        fs::rename(&tmp, path)?;
        sync_dir(path);
        Ok(())
    })();
    if result.is_err() {
        fs::remove_file(&tmp).ok();
    }
    result
}

/// Writes `bytes` to a new file at `path`, atomically, and never over an existing file: the
/// `.ron` outputs of `new`, `next` and `import`. The content goes to a temporary file first and
/// is then linked to its name, which fails if the name exists (also when another program
/// created it a moment ago). Where the file system has no hard links (FAT on some USB
/// sticks), the check and the rename are two steps.
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if path.symlink_metadata().is_ok() {
        return Err(io::Error::new(io::ErrorKind::AlreadyExists, "文件已存在"));
    }
    remove_stale_temporaries(path);
    let tmp = temp_path(path, "tmp");
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.flush()?;
        f.sync_all()?;
        drop(f);
        match fs::hard_link(&tmp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
            Err(_) => {
                if path.symlink_metadata().is_ok() {
                    return Err(io::Error::new(io::ErrorKind::AlreadyExists, "文件已存在"));
                }
                fs::rename(&tmp, path)
            }
        }?;
        sync_dir(path);
        Ok(())
    })();
    fs::remove_file(&tmp).ok();
    result
}

/// How old a temporary file of ours must be before another process may remove it even though a
/// process with its number is running (numbers are reused).
pub const STALE_TEMP_AGE: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Whether `name` is one of our temporary names, `.NAME.tmp-PID-N` or `.NAME.bak-PID-N`; its PID.
fn temporary_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?;
    let (head, n) = rest.rsplit_once('-')?;
    let (head, pid) = head.rsplit_once('-')?;
    let base = head.strip_suffix(".tmp").or_else(|| head.strip_suffix(".bak"))?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 10 && s.bytes().all(|b| b.is_ascii_digit());
    if base.is_empty() || !digits(n) || !digits(pid) {
        return None;
    }
    pid.parse().ok()
}

/// Whether the process `pid` is running. Where this cannot be told (no `/proc`, Windows), it is
/// assumed to be, and only the age of a file decides.
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    if cfg!(target_os = "linux") && proc.join("self").exists() { proc.join(pid.to_string()).exists() } else { true }
}

/// Removes the temporary files that an interrupted write (a crash, a power cut, a killed
/// process) left in `path`'s folder: only names of exactly our pattern, and only when their
/// process is gone or they are older than [`STALE_TEMP_AGE`]. Errors are ignored: this is
/// housekeeping, never a reason to refuse a write.
pub fn remove_stale_temporaries(path: &Path) {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten().take(100_000) {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temporary_pid) else { continue };
        // This process's own temporaries belong to a write that may be under way (another
        // window of it saving into the same folder).
        if pid == std::process::id() {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        // The age counts from the later of creation and last write: a `.bak-…` copy keeps its
        // source's write time on Windows, so a fresh copy can carry an old one.
        let newest = [meta.created().ok(), meta.modified().ok()].into_iter().flatten().max();
        let old = newest.and_then(|m| m.elapsed().ok()).is_some_and(|age| age > STALE_TEMP_AGE);
        if old || !process_alive(pid) {
            fs::remove_file(entry.path()).ok();
        }
    }
}

/// Makes the rename durable (Unix needs the directory flushed; Windows does not allow it).
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Ok(d) = File::open(dir)
    {
        d.sync_all().ok();
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_exact_temporary_names_are_recognised() {
        assert_eq!(temporary_pid(".report.pdf.tmp-1234-0"), Some(1234));
        assert_eq!(temporary_pid(".年报.ron.bak-77-12"), Some(77));
        for other in ["report.pdf.tmp-1234-0", ".report.pdf.tmp-12a-0", ".report.pdf.tmp-1-", ".tmp-1-0", ".x.old-1-0"]
        {
            assert_eq!(temporary_pid(other), None, "{other}");
        }
    }
}
