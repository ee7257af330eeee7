//! Export: report → checks (gating) → composition ([`compose`]: the content in reading order) →
//! a writer: the PDF (layout as pages of positioned boxes, plain data, then printpdf), Word
//! ([`docx`]) or a web page ([`html`]). The gating is the same for all three (CONTRACT §2).

pub mod compose;
pub mod docx;
pub mod fonts;
pub mod html;
pub mod layout;
pub mod meta;
mod pdf;
pub mod pdf_meta;
pub mod text;
pub mod units;

use std::time::{SystemTime, UNIX_EPOCH};

pub use compose::{Content, Item, Source, compose};
pub use fonts::{FontPolicy, FontSet, Origin, Role};
pub use layout::{Layout, LayoutOptions, MAX_PAGES, lay_out, layout};
pub use pdf::WATERMARK;

use crate::model::{Finding, Gate, PreviousYear, Report, check};

/// How to export.
#[derive(Clone, Copy, Debug, Default)]
pub struct ExportOptions {
    /// A draft: always exported, blank cells empty, “草稿” across every page.
    pub draft: bool,
    /// Export despite errors that only need a confirmation (CONTRACT §2: `--force`).
    pub force: bool,
    /// Which fonts may be used.
    pub fonts: FontPolicy,
    /// Creation time to record (seconds since 1970); `None` = now, or `SOURCE_DATE_EPOCH`.
    pub created: Option<i64>,
}

/// The output formats.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// PDF, print-ready.
    #[default]
    Pdf,
    /// Word (.docx), for the review.
    Docx,
    /// A web page (.html), for the portal.
    Html,
}

impl Format {
    /// All formats.
    pub const ALL: [Self; 3] = [Self::Pdf, Self::Docx, Self::Html];

    /// The key on the command line (`--format`) and the file extension.
    pub fn key(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Html => "html",
        }
    }

    /// The format of a key (`pdf`, `docx`, `html`).
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The format a file extension means (case-insensitive; `.htm` is HTML).
    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext.to_ascii_lowercase().as_str() {
            "htm" => Some(Self::Html),
            e => Self::from_key(e),
        }
    }

    /// The Chinese name (PDF, Word, 网页).
    pub fn label(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Docx => "Word",
            Self::Html => "网页",
        }
    }
}

/// Why a file was not written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Table errors block a final export.
    #[error("表格存在错误，不能导出正式版本（可导出草稿）：\n{}", list(.0))]
    Blocked(Vec<Finding>),
    /// Other errors need a confirmation.
    #[error("报告存在以下错误，确认无误后才能导出（命令行加 --force）：\n{}", list(.0))]
    NeedsConfirmation(Vec<Finding>),
    /// Characters that no font can draw.
    #[error("以下字符没有任何可用字体能够显示，为避免打印出空白方框，已停止导出：\n{}", missing_list(.0))]
    MissingGlyphs(Vec<layout::MissingGlyph>),
    /// The layout ran past the page limit.
    #[error(
        "排版超过 {0} 页的上限（正常的年度报告不足 20 页），已停止导出。请检查是否有异常长的段落或字段（例如误粘贴的大段内容）。"
    )]
    TooManyPages(usize),
    /// Characters that cannot be written into a Word file or web page.
    #[error("以下控制字符不能写入文件，请删除后再导出：\n{}", control_list(.0))]
    ControlCharacters(Vec<layout::MissingGlyph>),
    /// A writer failed.
    #[error("{0}")]
    Write(String),
    /// A font could not be used.
    #[error("字体错误：{0}")]
    Font(String),
}

fn list(findings: &[Finding]) -> String {
    findings.iter().map(|f| format!("  {} {} {}", f.rule, f.location.key(), f.message)).collect::<Vec<_>>().join("\n")
}

fn missing_list(m: &[layout::MissingGlyph]) -> String {
    m.iter().map(|g| format!("  “{}”（U+{:04X}）位于{}", g.ch, g.ch as u32, g.place)).collect::<Vec<_>>().join("\n")
}

fn control_list(m: &[layout::MissingGlyph]) -> String {
    m.iter().map(|g| format!("  U+{:04X} 位于{}", g.ch as u32, g.place)).collect::<Vec<_>>().join("\n")
}

/// A written file and what went into it.
#[derive(Debug)]
pub struct Exported {
    /// The file.
    pub bytes: Vec<u8>,
    /// Number of pages (PDF; 0 for Word and web pages, which the reader lays out).
    pub pages: usize,
    /// Which font served each role used (PDF; empty otherwise).
    pub fonts: Vec<(Role, String, Origin)>,
    /// The findings at export time.
    pub findings: Vec<Finding>,
}

/// The gate of a set of findings: blocking ones, then ones that need a confirmation.
pub fn gate(findings: &[Finding]) -> (Vec<Finding>, Vec<Finding>) {
    let block = findings.iter().filter(|f| f.gate() == Gate::Block).cloned().collect();
    let confirm = findings.iter().filter(|f| f.gate() == Gate::Confirm).cloned().collect();
    (block, confirm)
}

fn now() -> i64 {
    if let Some(v) = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.parse().ok()) {
        return v;
    }
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// The checks and the gate of CONTRACT §2, the same for every format: the findings, or why the
/// export is refused.
pub fn checked(
    report: &Report,
    previous: Option<&PreviousYear>,
    opts: ExportOptions,
) -> Result<Vec<Finding>, ExportError> {
    let findings = check(report, previous);
    if !opts.draft {
        let (block, confirm) = gate(&findings);
        if !block.is_empty() {
            return Err(ExportError::Blocked(block));
        }
        if !confirm.is_empty() && !opts.force {
            return Err(ExportError::NeedsConfirmation(confirm));
        }
    }
    Ok(findings)
}

/// Checks and writes a report in a format.
pub fn export_as(
    report: &Report,
    previous: Option<&PreviousYear>,
    format: Format,
    opts: ExportOptions,
) -> Result<Exported, ExportError> {
    if format == Format::Pdf {
        return export(report, previous, opts);
    }
    let findings = checked(report, previous, opts)?;
    let content = writable_content(report, opts.draft)?;
    let bytes = match format {
        Format::Docx => docx::write(&content, opts.created.unwrap_or_else(now)).map_err(ExportError::Write)?,
        _ => html::write(&content).into_bytes(),
    };
    Ok(Exported { bytes, pages: 0, fonts: Vec::new(), findings })
}

/// The composed report, refused when it holds characters no output may carry (C01: control
/// characters, noncharacters), naming each with its place.
fn writable_content(report: &Report, draft: bool) -> Result<Content<'_>, ExportError> {
    let content = compose(report, draft);
    let bad = content.control_characters();
    if bad.is_empty() { Ok(content) } else { Err(ExportError::ControlCharacters(bad)) }
}

/// Checks, lays out and writes a report as PDF.
pub fn export(report: &Report, previous: Option<&PreviousYear>, opts: ExportOptions) -> Result<Exported, ExportError> {
    let findings = checked(report, previous, opts)?;
    let fonts = FontSet::new(opts.fonts);
    let content = writable_content(report, opts.draft)?;
    let laid = lay_out(&content, &fonts);
    if laid.overflow {
        return Err(ExportError::TooManyPages(MAX_PAGES));
    }
    if !laid.missing.is_empty() {
        return Err(ExportError::MissingGlyphs(laid.missing));
    }
    let meta = pdf::Metadata {
        title: report.title.clone(),
        author: if report.signer.trim().is_empty() { report.agency.clone() } else { report.signer.clone() },
        created: opts.created.unwrap_or_else(now),
    };
    let bytes = pdf_meta::embed(pdf::write(&laid, &fonts, &meta).map_err(ExportError::Font)?, report);
    let used: std::collections::BTreeSet<Role> =
        laid.pages.iter().flat_map(|p| p.runs.iter().map(|r| r.face)).collect();
    let fonts_used = fonts
        .loaded()
        .into_iter()
        .filter(|(r, _)| used.contains(r))
        .map(|(r, f)| (r, f.name.clone(), f.origin.clone()))
        .collect();
    Ok(Exported { bytes, pages: laid.pages.len(), fonts: fonts_used, findings })
}

/// Lays out and writes content composed by another part of nianbao (the review desk's
/// 审核意见单) as a PDF, with the same fonts and page style as a report: its bytes and page
/// count. No report metadata is embedded.
pub fn content_pdf(
    content: &Content<'_>,
    policy: FontPolicy,
    title: &str,
    author: &str,
    created: Option<i64>,
) -> Result<(Vec<u8>, usize), ExportError> {
    let fonts = FontSet::new(policy);
    let laid = lay_out(content, &fonts);
    if laid.overflow {
        return Err(ExportError::TooManyPages(MAX_PAGES));
    }
    if !laid.missing.is_empty() {
        return Err(ExportError::MissingGlyphs(laid.missing));
    }
    let meta =
        pdf::Metadata { title: title.to_owned(), author: author.to_owned(), created: created.unwrap_or_else(now) };
    let bytes = pdf::write(&laid, &fonts, &meta).map_err(ExportError::Font)?;
    Ok((bytes, laid.pages.len()))
}

/// Today's date (local time is not known without a time-zone database: UTC+8, China's time).
pub fn today() -> Option<crate::model::Date> {
    let secs = now() + 8 * 3600;
    let days = secs.div_euclid(86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    crate::model::Date::new(u16::try_from(y).ok()?, u8::try_from(m).ok()?, u8::try_from(d).ok()?)
}
