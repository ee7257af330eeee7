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
