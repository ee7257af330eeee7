//! Errors of reading and writing project files, worded for the user (Chinese).

use std::io;
use std::path::PathBuf;

/// Why a project file could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read at all.
    #[error("无法读取文件“{}”：{reason}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why, in Chinese.
        reason: String,
    },
    /// The file is larger than any report can be.
    #[error(
        "文件过大（{size_mb:.1} MB）：年报项目文件一般只有几十 KB，超过 {limit_mb} MB 的文件不予打开（可能选错了文件）。"
    )]
    TooLarge {
        /// Its size in MB.
        size_mb: f64,
        /// The limit in MB.
        limit_mb: u64,
    },
    /// The file is empty.
    #[error("文件是空的（没有内容），可能在保存时被中断。请打开同一文件夹中的备份文件（.ron.bak）。")]
    Empty,
    /// The bytes are not UTF-8 text.
    #[error("文件不是 UTF-8 编码的文本（第 {line} 行附近有无法识别的字节）。{hint}")]
    Encoding {
        /// Line of the first bad byte.
        line: usize,
        /// What probably happened.
        hint: &'static str,
    },
    /// The file ends inside a UTF-8 character: it was cut off (a copy or download interrupted).
    #[error(
        "文件在第 {line} 行末尾被截断（最后一个字符不完整），可能复制或下载时中断。请打开同一文件夹中的备份文件（.ron.bak）或重新获取该文件。"
    )]
    Truncated {
        /// Line of the cut.
        line: usize,
    },
    /// The text is not valid RON, or a value is of the wrong kind.
    #[error("第 {line} 行第 {column} 列：{message}{}", snippet_suffix(snippet))]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column (characters).
        column: usize,
        /// What is wrong, in Chinese.
        message: String,
        /// The offending line, trimmed.
        snippet: String,
    },
    /// The file has no or an unknown format version.
    #[error("{0}")]
    Version(String),
    /// The content is well-formed but not acceptable, at a place in the text.
    #[error("第 {line} 行第 {column} 列：{field}：{message}{}", snippet_suffix(snippet))]
    InvalidAt {
        /// 1-based line.
        line: usize,
        /// 1-based column (characters).
        column: usize,
        /// Which field, in Chinese.
        field: String,
        /// What is wrong.
        message: String,
        /// The line, trimmed and cut short.
        snippet: String,
    },
    /// The content is well-formed but not acceptable (a year of 1066, a 10 MB paragraph …).
    #[error("{field}：{message}")]
    Invalid {
        /// Which field, in Chinese.
        field: String,
        /// What is wrong.
        message: String,
    },
}

fn snippet_suffix(snippet: &str) -> String {
    if snippet.is_empty() { String::new() } else { format!("\n    该行内容：{snippet}") }
}

/// Why a project file could not be saved. The previous file on disk, if there was one, is
/// untouched.
#[derive(Debug, thiserror::Error)]
#[error("保存“{}”失败：{reason}。{}", path.display(), kept_note(*.previous_kept))]
pub struct SaveError {
    /// The file.
    pub path: PathBuf,
    /// Why, in Chinese.
    pub reason: String,
    /// The underlying error kind.
    pub kind: io::ErrorKind,
    /// Whether a file was already at `path` (and so is kept as it was); the message says so
    /// only then.
    pub previous_kept: bool,
}

fn kept_note(previous_kept: bool) -> &'static str {
    if previous_kept { "原有文件未被改动。" } else { "没有写出任何文件。" }
}

/// An I/O error in words a clerk understands.
pub fn describe_io(e: &io::Error) -> String {
    use io::ErrorKind as K;
    if is_locked_by_another_program(e) {
        return format!("文件正被其他程序（如 Word、WPS）打开并锁定，请先在那个程序中关闭它再试（{e}）");
    }
    let what = match e.kind() {
        K::NotFound => "文件或文件夹不存在",
        K::PermissionDenied => "没有写入权限（文件夹可能是只读的，或文件正被其他程序如 WPS 打开）",
        K::StorageFull => "磁盘空间已满",
        K::ReadOnlyFilesystem => "磁盘或U盘处于只读状态",
        K::IsADirectory => "这是一个文件夹，不是文件",
        K::AlreadyExists => "文件已存在",
        K::WriteZero | K::UnexpectedEof => "写入未完成",
        K::InvalidFilename => "文件名无效",
        _ => "",
    };
    if what.is_empty() { format!("系统错误：{e}") } else { format!("{what}（{e}）") }
}

/// Windows refuses to open a file that another program holds open without sharing (Word with the
/// `.docx`, Excel): ERROR_SHARING_VIOLATION (32) or ERROR_LOCK_VIOLATION (33). The standard library
/// gives these no kind of their own.
fn is_locked_by_another_program(e: &io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_locked_by_another_program_is_named_as_such_on_windows() {
        let locked = io::Error::from_raw_os_error(32);
        let text = describe_io(&locked);
        assert_eq!(text.contains("正被其他程序"), cfg!(windows), "{text}");
        let missing = io::Error::from(io::ErrorKind::NotFound);
        assert!(describe_io(&missing).starts_with("文件或文件夹不存在"));
    }
}
