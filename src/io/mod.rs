//! Project files: RON text in, [`Report`] out, and back, atomically.
//!
//! The format is documented in `docs/file-format.md`. Loading never panics: every problem is a
//! [`LoadError`] with a Chinese message (line and column where the text is at fault). Saving
//! writes a temporary file, flushes it, keeps the previous version as `FILE.ron.bak` and renames
//! the new file into place.

mod atomic;
mod error;
mod names;
mod ron_zh;
mod scan;
mod schema;
mod write;

use std::fs::File;
use std::io::Read;
use std::path::Path;

pub use atomic::{STALE_TEMP_AGE, backup_path, remove_stale_temporaries, write_atomic, write_atomic_with, write_new};
pub use error::{LoadError, SaveError, describe_io};
pub use names::{MAX_NAME_CHARS, safe_file_name};
pub use schema::CURRENT_VERSION;
pub use write::to_ron;

use crate::model::report::Report;

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// The longest text field accepted (characters): a paragraph of 20 000 characters is ten pages.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// Reads a project file.
pub fn load(path: &Path) -> Result<Report, LoadError> {
    let io_err = |e: std::io::Error| LoadError::Io { path: path.to_owned(), reason: describe_io(&e) };
    // Look before opening: opening a named pipe blocks until someone writes to it.
    regular_file(path).map_err(|reason| LoadError::Io { path: path.to_owned(), reason })?;
    let file = File::open(path).map_err(io_err)?;
    let meta = file.metadata().map_err(io_err)?;
    if !meta.is_file() {
        return Err(LoadError::Io { path: path.to_owned(), reason: not_regular(&meta) });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Read at most one byte past the limit, in case the file grows while we read it.
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(io_err)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    load_bytes(&bytes)
}

/// Refuses what is not a regular file (a folder, a named pipe, a device) without opening it,
/// in Chinese; follows symbolic links. Every command and the editor read their inputs through
/// this check, so that a pipe can never make them wait forever.
pub fn regular_file(path: &Path) -> Result<std::fs::Metadata, String> {
    let meta = std::fs::metadata(path).map_err(|e| describe_io(&e))?;
    if meta.is_file() { Ok(meta) } else { Err(not_regular(&meta)) }
}

fn not_regular(meta: &std::fs::Metadata) -> String {
    if meta.is_dir() {
        return "这是一个文件夹，不是文件".into();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "这是一个命名管道（FIFO），不是普通文件，不予读取".into();
        }
        if t.is_char_device() || t.is_block_device() {
            return "这是一个设备，不是普通文件，不予读取".into();
        }
        if t.is_socket() {
            return "这是一个套接字，不是普通文件，不予读取".into();
        }
    }
    "这不是普通文件，不予读取".into()
}

fn too_large(bytes: u64) -> LoadError {
    LoadError::TooLarge { size_mb: bytes as f64 / 1024.0 / 1024.0, limit_mb: MAX_FILE_BYTES / 1024 / 1024 }
}

/// Decodes file bytes: UTF-8 (with or without a byte-order mark, as Notepad writes it) or
/// UTF-16 with a byte-order mark.
pub fn decode(bytes: &[u8]) -> Result<String, LoadError> {
    if bytes.is_empty() {
        return Err(LoadError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode_utf8(rest);
    }
    let utf16 = |le: bool, rest: &[u8]| -> Result<String, LoadError> {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| {
                if c.len() == 2 {
                    if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) }
                } else {
                    0xFFFD
                }
            })
            .collect();
        String::from_utf16(&units)
            .map_err(|_| LoadError::Encoding { line: 1, hint: "文件以 UTF-16 标记开头，但内容已损坏。" })
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(true, rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(false, rest);
    }
    decode_utf8(bytes)
}

fn decode_utf8(bytes: &[u8]) -> Result<String, LoadError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            if e.error_len().is_none() {
                // The bytes end inside a character: a cut-off file, not another encoding.
                return Err(LoadError::Truncated { line });
            }
            let hint = if bytes.contains(&0) {
                "这似乎不是文本文件（可能选错了文件，例如 Word 文档或图片）。"
            } else {
                "可能是用记事本以“ANSI/GBK”编码保存的，请另存为“UTF-8”编码后再打开。"
            };
            Err(LoadError::Encoding { line, hint })
        }
    }
}

/// Reads a project file from its bytes.
pub fn load_bytes(bytes: &[u8]) -> Result<Report, LoadError> {
    let text = decode(bytes)?;
    load_str(&text)
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME).with_recursion_limit(64)
}

fn syntax_error(text: &str, e: &ron::error::SpannedError) -> LoadError {
    let line = e.span.start.line.max(1);
    let column = e.span.start.col.max(1);
    LoadError::Syntax { line, column, message: ron_zh::message(&e.code), snippet: snippet(text, line) }
}

/// The line of an error, trimmed and cut to a short excerpt.
fn snippet(text: &str, line: usize) -> String {
    crate::model::number::excerpt(text.lines().nth(line.saturating_sub(1)).unwrap_or("").trim(), 80)
}

/// A finding of [`validate`] placed in the text it came from.
fn placed(text: &str, e: Invalid) -> LoadError {
    let steps: Vec<scan::Step<'_>> = e
        .path
        .iter()
        .map(|s| match s {
            PathStep::Key(k) => scan::Step::Key(k),
            PathStep::Index(i) => scan::Step::Index(*i),
        })
        .collect();
    match scan::locate(text, &steps) {
        Some(at) => LoadError::InvalidAt {
            line: at.line,
            column: at.column,
            field: e.field,
            message: e.message,
            snippet: snippet(text, at.line),
        },
        None => LoadError::Invalid { field: e.field, message: e.message },
    }
}

/// Reads a project file from its text.
pub fn load_str(text: &str) -> Result<Report, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::Empty);
    }
    if let Some((at, message)) = scan::bad_number(text) {
        return Err(LoadError::Syntax { line: at.line, column: at.column, message, snippet: snippet(text, at.line) });
    }
    let probe: schema::VersionProbe = ron_options().from_str(text).map_err(|e| {
        // A file that is not even well-formed RON: report the syntax error itself.
        syntax_error(text, &e)
    })?;
    match probe.format_version {
        None => Err(LoadError::Version(
            "文件中没有“format_version”（格式版本）字段：这不是年报编辑器的项目文件，或文件已损坏。".into(),
        )),
        // Each version is read in its own shape and migrated to the model; every older version
        // has a fixture under tests/fixtures/.
        Some(2) => {
            let file: schema::FileBody<schema::PreviousV2> =
                ron_options().from_str(text).map_err(|e| syntax_error(text, &e))?;
            let mut report = file.into_report();
            crate::model::checks::limits::normalize_report_controls(&mut report);
            check_limits(&report).map_err(|e| placed(text, e))?;
            Ok(report)
        }
        Some(1) => {
            let file: schema::FileBody<schema::PreviousV1> =
                ron_options().from_str(text).map_err(|e| syntax_error(text, &e))?;
            let mut report = file.into_report();
            crate::model::checks::limits::normalize_report_controls(&mut report);
            check_limits(&report).map_err(|e| placed(text, e))?;
            Ok(report)
        }
        Some(v) if v > i64::from(CURRENT_VERSION) => Err(LoadError::Version(format!(
            "此文件由更新版本的年报编辑器保存（格式版本 {v}），本程序只能打开格式版本 {CURRENT_VERSION} 及以前的文件。请升级年报编辑器后再打开；文件本身没有被改动。"
        ))),
        Some(v) => Err(LoadError::Version(format!("不支持的格式版本 {v}：格式版本从 1 开始，此文件可能已损坏。"))),
    }
}

/// A limit broken, with the path of the value in the file.
struct Invalid {
    field: String,
    message: String,
    path: Vec<PathStep>,
}

enum PathStep {
    Key(&'static str),
    Index(usize),
}

/// Limits that the types alone do not express. Checked when a file is read and before one is
/// written, so that nianbao never writes a file it would refuse to open.
pub fn validate(report: &Report) -> Result<(), LoadError> {
    check_limits(report).map_err(|e| LoadError::Invalid { field: e.field, message: e.message })
}

fn check_limits(report: &Report) -> Result<(), Invalid> {
    use PathStep::{Index, Key};
    let invalid =
        |field: &str, message: String, path: Vec<PathStep>| Err(Invalid { field: field.to_owned(), message, path });
    if !Report::YEARS.contains(&report.year) {
        return invalid(
            "报告年度",
            format!("{} 不是合理的年份（{}）", report.year, Report::year_hint()),
            vec![Key("year")],
        );
    }
    let check_len = |field: String, text: &str, path: Vec<PathStep>| -> Result<(), Invalid> {
        let n = text.chars().count();
        if n > MAX_TEXT_CHARS {
            return Err(Invalid {
                field,
                message: format!("内容过长（{n} 字），单个字段最多 {MAX_TEXT_CHARS} 字；请分成多个段落"),
                path,
            });
        }
        Ok(())
    };
    for (name, key, text) in [
        ("机关名称", "agency", &report.agency),
        ("标题", "title", &report.title),
        ("文号", "doc_number", &report.doc_number),
        ("落款机关", "signer", &report.signer),
    ] {
        let n = text.chars().count();
        if n > MAX_NAME_FIELD_CHARS {
            return invalid(name, format!("内容过长（{n} 字），此项最多 {MAX_NAME_FIELD_CHARS} 字"), vec![Key(key)]);
        }
    }
    if let Some(c) = &report.contact {
        for (name, key, text) in
            [("地址", "address", &c.address), ("电话", "phone", &c.phone), ("邮编", "postcode", &c.postcode)]
        {
            let n = text.chars().count();
            if n > MAX_NAME_FIELD_CHARS {
                return invalid(
                    name,
                    format!("内容过长（{n} 字），此项最多 {MAX_NAME_FIELD_CHARS} 字"),
                    vec![Key("contact"), Key(key)],
                );
            }
        }
    }
    if report.preamble.len() > MAX_BLOCKS {
        return invalid(
            "前言",
            format!("段落过多（{} 段），最多 {MAX_BLOCKS} 段", report.preamble.len()),
            vec![Key("preamble")],
        );
    }
    for (i, p) in report.preamble.iter().enumerate() {
        check_len(format!("前言第 {} 段", i + 1), p, vec![Key("preamble"), Index(i)])?;
    }
    if let Some(p) = &report.previous
        && p.year >= report.year
    {
        return invalid(
            "上年数据",
            format!("上年数据的年度（{}）应早于报告年度（{}）", p.year, report.year),
            vec![Key("previous")],
        );
    }
    if report.sections.len() > 20 {
        return invalid(
            "正文各部分",
            format!("共有 {} 个部分，年度报告只有六个部分（最多接受 20 个）", report.sections.len()),
            vec![Key("sections"), Index(20)],
        );
    }
    for (s, section) in report.sections.iter().enumerate() {
        let at = |rest: Vec<PathStep>| {
            let mut p = vec![Key("sections"), Index(s)];
            p.extend(rest);
            p
        };
        check_len(format!("第 {} 部分标题", s + 1), &section.heading, at(vec![Key("heading")]))?;
        if section.blocks.len() > MAX_BLOCKS {
            return invalid(
                &format!("第 {} 部分", s + 1),
                format!("段落过多（{} 段），每部分最多 {MAX_BLOCKS} 段", section.blocks.len()),
                at(vec![Key("blocks"), Index(MAX_BLOCKS)]),
            );
        }
        for (b, block) in section.blocks.iter().enumerate() {
            check_len(format!("第 {} 部分第 {} 段", s + 1, b + 1), block.text(), at(vec![Key("blocks"), Index(b)]))?;
        }
    }
    Ok(())
}

/// The longest name-like field accepted when a file is read (characters): the agency, title,
/// 文号, signer and the contact lines. The check's L01/L02 limits are far lower; this one only
/// keeps a broken file from reaching the layout.
pub const MAX_NAME_FIELD_CHARS: usize = 200;

/// The most paragraphs in the preamble or in one section that a file may hold.
pub const MAX_BLOCKS: usize = 2000;

/// Whether two paths name the same file (either may not exist yet: then its folder
/// is compared, canonicalised, and its name).
pub fn same_file(a: &Path, b: &Path) -> bool {
    let canon = |p: &Path| {
        p.canonicalize().ok().or_else(|| {
            let parent = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            parent.canonicalize().ok().zip(p.file_name()).map(|(d, n)| d.join(n))
        })
    };
    match (canon(a), canon(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Writes a new project file (`new`, `next`, `import`): atomically, and never over an existing
/// file.
pub fn save_new(path: &Path, report: &Report) -> Result<(), SaveError> {
    save_with(path, report, write_new)
}

/// Writes a project file atomically, keeping the previous version as `FILE.ron.bak`.
pub fn save(path: &Path, report: &Report) -> Result<(), SaveError> {
    save_with(path, report, |p, bytes| write_atomic(p, bytes, true))
}

/// Validates the report, then writes its text with `write`; errors name the file.
fn save_with(
    path: &Path,
    report: &Report,
    write: impl FnOnce(&Path, &[u8]) -> std::io::Result<()>,
) -> Result<(), SaveError> {
    // Writing is atomic, so whatever file was at `path` before a failure is still there after it.
    validate(report).map_err(|e| SaveError {
        path: path.to_owned(),
        reason: e.to_string(),
        kind: std::io::ErrorKind::InvalidData,
        previous_kept: path.is_file(),
    })?;
    let text = to_ron(report);
    write(path, text.as_bytes()).map_err(|e| SaveError {
        path: path.to_owned(),
        reason: describe_io(&e),
        kind: e.kind(),
        previous_kept: path.is_file(),
    })
}
