//! Old binary Word and WPS documents (`.doc`, `.wps`, and `.rtf`) through an installed
//! LibreOffice: converted to `.docx` headless, then read like any Word report.
//!
//! `soffice` is looked for on the `PATH` and in LibreOffice's usual install folders on Windows.
//! The conversion runs on a copy of the file in a private temporary folder with its own user
//! profile, so that a LibreOffice the clerk has open does not take the job over (it would, with
//! the shared profile, and the command would return at once with nothing converted), and it is
//! stopped after [`TIMEOUT`]. Without LibreOffice, or when it cannot convert the file, the
//! message tells the clerk to 另存为 `.docx` in Word or WPS.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::source::SourceError;

/// How long a conversion may take (a first start of LibreOffice with a new profile takes a few
/// seconds; a report converts in one or two more).
pub const TIMEOUT: Duration = Duration::from_secs(90);

/// The advice when nianbao cannot convert the file itself.
const SAVE_AS: &str =
    "请在 Word 或 WPS 中打开它，“文件 → 另存为”选择“Word 文档（*.docx）”格式，再导入保存好的 .docx 文件。";

/// Where LibreOffice is, if anywhere: `NIANBAO_SOFFICE` (a path, or empty for none), the `PATH`,
/// then the usual install folders on Windows.
pub fn find_soffice() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("NIANBAO_SOFFICE") {
        return (!p.is_empty()).then(|| PathBuf::from(p)).filter(|p| p.is_file());
    }
    let names: &[&str] = if cfg!(windows) { &["soffice.exe", "soffice.com"] } else { &["soffice", "libreoffice"] };
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            for n in names {
                let p = dir.join(n);
                if p.is_file() {
                    return Some(p);
                }
            }
        }
    }
    if cfg!(windows) {
        let mut roots: Vec<PathBuf> = ["ProgramFiles", "ProgramFiles(x86)", "ProgramW6432", "LOCALAPPDATA"]
            .iter()
            .filter_map(|v| std::env::var_os(v).map(PathBuf::from))
            .collect();
        roots.push(PathBuf::from(r"C:\Program Files"));
        roots.push(PathBuf::from(r"C:\Program Files (x86)"));
        for root in roots {
            for folder in ["LibreOffice", "LibreOffice 7", "LibreOffice 24", "LibreOffice 25", "Programs\\LibreOffice"]
            {
                let p = root.join(folder).join("program").join("soffice.exe");
                if p.is_file() {
                    return Some(p);
                }
            }
        }
    }
    None
}

/// A `file://` URL for a local folder (LibreOffice's `-env:UserInstallation` wants one).
fn file_url(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut out = String::from(if s.starts_with('/') { "file://" } else { "file:///" });
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A temporary folder removed on drop.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// Converts an old Word/WPS document to the bytes of a `.docx` with LibreOffice. `ext` is the
/// file's extension (`doc`, `wps`, `rtf`; LibreOffice's format detection uses it), `kind` names the
/// format in messages (“旧版 Word 文档（.doc）”).
pub fn convert_to_docx(bytes: &[u8], ext: &str, kind: &str) -> Result<Vec<u8>, SourceError> {
    let Some(soffice) = find_soffice() else {
        return Err(SourceError::Text(format!(
            "这是{kind}，需要 LibreOffice 才能转换，本机没有找到 LibreOffice。{SAVE_AS}"
        )));
    };
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("nianbao-convert-{}-{n}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    let failed = |why: String| SourceError::Text(format!("这是{kind}，用 LibreOffice 转换失败（{why}）。{SAVE_AS}"));
    std::fs::create_dir_all(&dir).map_err(|e| failed(crate::io::describe_io(&e)))?;
    let scratch = Scratch(dir);
    let ext = if ext.bytes().all(|b| b.is_ascii_alphanumeric()) && !ext.is_empty() { ext } else { "doc" };
    let input = scratch.0.join(format!("report.{ext}"));
    std::fs::write(&input, bytes).map_err(|e| failed(crate::io::describe_io(&e)))?;
    let profile = scratch.0.join("profile");
    let mut child = Command::new(&soffice)
        .arg(format!("-env:UserInstallation={}", file_url(&profile)))
        .args(["--headless", "--norestore", "--nologo", "--convert-to", "docx", "--outdir"])
        .arg(&scratch.0)
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| failed(format!("无法启动 {}：{}", soffice.display(), crate::io::describe_io(&e))))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIMEOUT => {
                child.kill().ok();
                child.wait().ok();
                return Err(failed(format!("超过 {} 秒没有完成", TIMEOUT.as_secs())));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(failed(crate::io::describe_io(&e))),
        }
    };
    let output = scratch.0.join("report.docx");
    match std::fs::read(&output) {
        Ok(docx) if !docx.is_empty() => Ok(docx),
        _ if !status.success() => Err(failed(format!("LibreOffice 退出码 {}", status.code().unwrap_or(-1)))),
        _ => Err(failed("LibreOffice 无法打开这个文件".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_for_profiles() {
        assert_eq!(file_url(Path::new("/tmp/a b/profile")), "file:///tmp/a%20b/profile");
        assert_eq!(file_url(Path::new(r"C:\Users\李\Temp")), "file:///C:/Users/%E6%9D%8E/Temp");
    }
}
