//! Import of last year's report from whatever is left of it: the Word file (`.docx`, or an old
//! `.doc`/`.wps` through LibreOffice), the page published on the portal (`.html`, `.mht`), the
//! published PDF (its text layer) or a plain-text dump (`.txt`, UTF-8 or GBK).
//!
//! Each reader turns its format into the same pieces (paragraphs and tables of cells) that one
//! mapping reads. The title, 文号, preamble, contact block, the six sections (found by their
//! meaning, see [`outline`]), the signature and the three tables are recognised; the tables are
//! found by their labels, not by
//! their position, and their rows by their row labels, with merged cells understood. A table in
//! the 2019 trial format, or one with missing rows, is imported as far as it maps, and the import
//! notes say exactly what was mapped, what was not, and why. Blank cells stay blank; a stored
//! total that disagrees with its parts is kept (the checks report it). Nothing is dropped
//! silently.

mod html;
pub mod meta;
mod office;
pub mod outline;
mod pdf;
pub mod review;
mod source;
mod tables;

use std::path::Path;

pub use html::{read_html, read_mht};
pub use office::find_soffice;
pub use pdf::read_pdf;
pub use source::{Cell, Piece, SourceError, read_docx, read_text};

use crate::model::checks::check_observed_tables;
use crate::model::report::{AgencyLevel, Block, Contact, Date, Report, Section};
use crate::model::standard::{HEADINGS, NUMERALS, TITLE_TAIL};
use crate::model::{Finding, Location};

/// Files larger than this are refused (a Word report with pictures is a few MB).
pub const MAX_IMPORT_BYTES: u64 = 50 * 1024 * 1024;

/// The extensions `import_file` reads (for the file dialog's filter), lower case, without the dot.
pub const ACCEPTED_EXTENSIONS: [&str; 10] = ["docx", "doc", "wps", "rtf", "pdf", "html", "htm", "mht", "mhtml", "txt"];

/// How an import went.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The report.
    pub report: Report,
    /// What could not be mapped, and why (empty: complete).
    pub gaps: Vec<String>,
    /// What was mapped (for the import report).
    pub mapped: Vec<String>,
    /// Each table cell whose text was not a plain number, and how it was read (`“0件”读作 0`).
    pub readings: Vec<String>,
    /// Findings about the document as written that the imported report no longer shows: its
    /// outline (S01, S02: numbering found wrong and repaired, see [`outline`]), the shape of its
    /// tables (S03, S04, S10) and their labels written otherwise than the official ones (S11).
    pub structure: Vec<Finding>,
    /// The headings the outline recovery stored otherwise than the document wrote them.
    pub rewritten: Vec<Rewritten>,
}

/// A heading or sub-heading stored otherwise than the document wrote it (outline repair).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rewritten {
    /// Where it is in the imported report: `Section(k)` for a heading, `Block(k, b)` for a
    /// sub-heading.
    pub location: Location,
    /// The text as written; `None` for a heading the document does not have (supplied from the
    /// table that follows it).
    pub written: Option<String>,
}

impl Imported {
    /// Whether everything mapped.
    pub fn is_complete(&self) -> bool {
        self.gaps.is_empty()
    }

    /// The report with its headings as the document wrote them, before the outline repairs
    /// (a supplied heading removed, its paragraphs back in the section before): what the file
    /// shows, to compare with what nianbao exported.
    pub fn as_written(&self) -> Report {
        let mut r = self.report.clone();
        for rw in &self.rewritten {
            match (rw.location, &rw.written) {
                (Location::Section(k), Some(t)) => {
                    if let Some(s) = r.sections.get_mut(k) {
                        s.heading.clone_from(t);
                    }
                }
                (Location::Block(k, b), Some(t)) => {
                    if let Some(block) = r.sections.get_mut(k).and_then(|s| s.blocks.get_mut(b)) {
                        *block.text_mut() = t.clone();
                    }
                }
                _ => {}
            }
        }
        let mut supplied: Vec<usize> = self
            .rewritten
            .iter()
            .filter_map(|rw| match (rw.location, &rw.written) {
                (Location::Section(k), None) => Some(k),
                _ => None,
            })
            .collect();
        supplied.sort_unstable();
        for k in supplied.into_iter().rev() {
            if k >= r.sections.len() {
                continue;
            }
            let s = r.sections.remove(k);
            if let Some(before) = k.checked_sub(1).and_then(|p| r.sections.get_mut(p)) {
                before.blocks.extend(s.blocks);
            }
        }
        r
    }

    /// The import report as text: what was mapped, what was not. Each list shows at most
    /// [`MAX_LISTED`] lines, each line at most [`MAX_LINE_CHARS`] characters, and says how many
    /// more there are: the report stays readable (and small) whatever the document holds.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        let mut list = |label: &str, lines: &mut dyn ExactSizeIterator<Item = String>| {
            let total = lines.len();
            for line in lines.take(MAX_LISTED) {
                out.push_str(label);
                out.push_str(&crate::model::number::excerpt(&line, MAX_LINE_CHARS));
                out.push('\n');
            }
            if total > MAX_LISTED {
                out.push_str(&format!("{label}另有 {} 条从略\n", total - MAX_LISTED));
            }
        };
        list("已导入：", &mut self.mapped.iter().cloned());
        list("读数：", &mut self.readings.iter().cloned());
        list("未导入：", &mut self.gaps.iter().cloned());
        list("格式问题 ", &mut self.structure.iter().map(|f| format!("{} {}", f.rule, f.message)));
        out
    }
}

/// The most lines of one kind that the import report lists.
pub const MAX_LISTED: usize = 200;

/// The longest line of the import report (characters).
pub const MAX_LINE_CHARS: usize = 300;

/// Why nothing could be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("无法读取“{path}”：{reason}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// Not a document nianbao can read.
    #[error("{0}")]
    Source(#[from] SourceError),
    /// Readable, but not an annual report.
    #[error("没有找到年度报告的内容（既没有“一、…六、”各部分，也没有统计表），未导入。")]
    NotAReport,
}

/// What kind of file a report is, by its content (and, where the content does not tell, by
/// its extension).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// Word 2007+ (`.docx`).
    Docx,
    /// Old binary Word or WPS (`.doc`, `.wps`), or RTF: converted through LibreOffice.
    Office,
    /// PDF with a text layer.
    Pdf,
    /// A web page (`.html`, `.htm`).
    Html,
    /// A single-file web archive (`.mht`, `.mhtml`).
    Mht,
    /// Plain text (UTF-8, UTF-16 or GBK).
    Text,
}

/// Tells the kind of a file from its first bytes and its extension.
pub fn source_kind(bytes: &[u8], ext: &str) -> SourceKind {
    let ext = ext.to_ascii_lowercase();
    if bytes.starts_with(b"PK\x03\x04") {
        SourceKind::Docx
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) || bytes.starts_with(b"{\\rtf") {
        SourceKind::Office
    } else if pdf::looks_like_pdf(bytes) {
        SourceKind::Pdf
    } else if html::looks_like_mht(bytes) || ext == "mht" || ext == "mhtml" {
        SourceKind::Mht
    } else if html::looks_like_html(bytes) || ext == "html" || ext == "htm" {
        SourceKind::Html
    } else if matches!(ext.as_str(), "doc" | "wps" | "rtf") {
        SourceKind::Office
    } else {
        SourceKind::Text
    }
}

/// Imports a report file: `.docx`, `.doc`/`.wps`/`.rtf` (through LibreOffice), `.pdf` (text
/// layer), `.html`/`.htm`, `.mht`/`.mhtml` and `.txt` (UTF-8, UTF-16 or GBK), told apart by
/// their content first, then by their extension.
pub fn import_file(path: &Path) -> Result<Imported, ImportError> {
    let io =
        |e: std::io::Error| ImportError::Io { path: path.display().to_string(), reason: crate::io::describe_io(&e) };
    let meta =
        crate::io::regular_file(path).map_err(|reason| ImportError::Io { path: path.display().to_string(), reason })?;
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::Io {
            path: path.display().to_string(),
            reason: "文件过大（超过 50 MB），不像是一份年度报告".into(),
        });
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if matches!(ext.as_str(), "html" | "htm") && meta.len() > html::MAX_HTML_BYTES as u64 {
        return Err(SourceError::Text("网页文件过大（超过 20 MB），不像是一份年报网页，未导入。".into()).into());
    }
    let bytes = std::fs::read(path).map_err(io)?;
    import_bytes(&bytes, &ext)
}

/// Imports the bytes of a report file whose extension is `ext` (see [`import_file`]); a file that
/// nianbao wrote gives back the report with the fields it does not print, from its metadata.
pub fn import_bytes(bytes: &[u8], ext: &str) -> Result<Imported, ImportError> {
    match source_kind(bytes, ext) {
        SourceKind::Docx => {
            let mut imported = map(&read_docx(bytes)?)?;
            meta::apply_docx(bytes, &mut imported);
            Ok(imported)
        }
        SourceKind::Office => {
            let kind = match ext {
                "wps" => "WPS 文字文档（.wps）",
                "rtf" => "RTF 文档",
                _ if bytes.starts_with(b"{\\rtf") => "RTF 文档",
                _ => "旧版 Word 97-2003 文档（.doc）",
            };
            let docx = office::convert_to_docx(bytes, ext, kind)?;
            let mut imported = map(&read_docx(&docx)?)?;
            meta::apply_docx(&docx, &mut imported);
            Ok(imported)
        }
        SourceKind::Pdf => {
            let (pieces, xml) = pdf::read(bytes)?;
            let mut imported = map(&pieces)?;
            match xml.map(|x| crate::export::meta::from_xml(&x)) {
                Some(Ok(m)) => meta::apply(&mut imported, &m),
                Some(Err(e)) => imported.mapped.push(e.to_string()),
                None => {}
            }
            Ok(imported)
        }
        kind @ (SourceKind::Html | SourceKind::Mht) => {
            let page = match kind {
                SourceKind::Mht => html::mht_page(bytes)?,
                _ => html::page(bytes)?,
            };
            let mut imported = map(&html::read_page(&page))?;
            meta::apply_html(&page, &mut imported);
            Ok(imported)
        }
        SourceKind::Text => {
            let mut cut = false;
            let text = match crate::io::decode(bytes) {
                Ok(t) => t,
                // UTF-8 cut inside its last character: the text is UTF-8 (not GBK); the broken
                // character is left out and said so.
                Err(crate::io::LoadError::Truncated { .. }) => {
                    cut = true;
                    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
                    String::from_utf8_lossy(body).trim_end_matches('\u{FFFD}').to_owned()
                }
                Err(_) if !bytes.contains(&0) => html::decode_guess(bytes),
                Err(e) => return Err(SourceError::Text(format!("文本文件无法读取：{e}")).into()),
            };
            let mut imported = map(&read_text(&text)?)?;
            if cut {
                imported.gaps.push("文件末尾被截断（最后一个字符不完整，已略去），请核对报告末尾的内容".into());
            }
            Ok(imported)
        }
    }
}

/// Imports text (a plain-text dump of a report).
pub fn import_text(text: &str) -> Result<Imported, ImportError> {
    map(&read_text(text)?)
}

/// Imports the bytes of a `.docx` (with the metadata of a file nianbao wrote, if any).
pub fn import_docx(bytes: &[u8]) -> Result<Imported, ImportError> {
    let mut imported = map(&read_docx(bytes)?)?;
    meta::apply_docx(bytes, &mut imported);
    Ok(imported)
}

/// Maps the pieces of a document onto a report.
pub fn map(pieces: &[Piece]) -> Result<Imported, ImportError> {
    let mut gaps = Vec::new();
    let mut mapped = Vec::new();
    // The six sections, found by what they are (outline.rs), not by the first numeral.
    let outline = outline::recover(pieces);
    let tables: Vec<&Vec<Vec<Cell>>> =
        pieces.iter().filter_map(|p| if let Piece::Table(t) = p { Some(t) } else { None }).collect();
    if outline.sections.is_empty() && tables.is_empty() {
        return Err(ImportError::NotAReport);
    }
    for &n in &outline.missing {
        gaps.push(format!("没有找到第{}部分（“{}”）", NUMERALS[n - 1], HEADINGS[n - 1]));
    }

    // Front matter: 文号, title, preamble, contact.
    let front_end = outline.front_end(pieces.len());
    let front: Vec<&str> = pieces[..front_end]
        .iter()
        .filter_map(|p| if let Piece::Para(t) = p { Some(t.as_str()) } else { None })
        .filter(|t| !t.is_empty())
        .collect();
    let mut report = Report::default();
    let mut k = 0;
    // The red header of a numbered document (“金砂镇人民政府文件”) is not part of the report.
    while front.get(k).is_some_and(|l| l.ends_with("文件") && l.chars().count() <= 30) {
        mapped.push(format!("版头“{}”未作为正文导入", front[k]));
        k += 1;
    }
    if let Some(line) = front.get(k)
        && looks_like_doc_number(line)
    {
        report.doc_number = (*line).to_owned();
        k += 1;
    }
    // The title: lines joined until one ends with 报告 (Word breaks long titles).
    let mut title = String::new();
    for (j, line) in front.iter().enumerate().skip(k).take(3) {
        title.push_str(line);
        if line.ends_with("报告") || line.ends_with("年报") {
            k = j + 1;
            break;
        }
        if j + 1 == front.len().min(k + 3) {
            // No line ends like a title: take only the first as the title.
            title = front.get(k).map(|s| (*s).to_owned()).unwrap_or_default();
            k += 1;
        }
    }
    if title.is_empty() {
        gaps.push("没有找到报告标题".into());
    }
    report.title = title;
    let mut contact = Contact::default();
    let mut in_contact = false;
    for line in &front[k.min(front.len())..] {
        let l = line.trim();
        if l.starts_with("联系方式") {
            in_contact = true;
            continue;
        }
        let field = |prefixes: &[&str]| prefixes.iter().find_map(|p| l.strip_prefix(p)).map(|v| v.trim().to_owned());
        if let Some(v) = field(&["地址：", "地址:", "通讯地址："]) {
            contact.address = v;
            in_contact = true;
        } else if let Some(v) = field(&["电话：", "电话:", "联系电话："]) {
            contact.phone = v;
            in_contact = true;
        } else if let Some(v) = field(&["邮编：", "邮编:", "邮政编码："]) {
            contact.postcode = v;
            in_contact = true;
        } else if !in_contact {
            report.preamble.push(l.to_owned());
        } else {
            gaps.push(format!("联系方式中的“{l}”不是地址、电话或邮编，未导入"));
        }
    }
    if !contact.is_empty() || in_contact {
        report.contact = Some(contact);
    }

    // Sections, and the signature at the end of the last one. Where each piece went, for the
    // outline findings.
    let mut month_only = false;
    let mut placed: std::collections::HashMap<usize, Location> = std::collections::HashMap::new();
    let mut rewritten = Vec::new();
    for (k, start) in outline.sections.iter().enumerate() {
        placed.insert(start.piece, Location::Section(k));
        let written = match &pieces[start.piece] {
            Piece::Para(t) if !start.synthetic => Some(t.trim()),
            _ => None,
        };
        if written != Some(start.heading.as_str()) {
            rewritten.push(Rewritten { location: Location::Section(k), written: written.map(str::to_owned) });
        }
        let mut blocks = Vec::new();
        for i in outline.body(k, pieces.len()) {
            let Piece::Para(t) = &pieces[i] else { continue };
            let t = t.trim();
            if t.is_empty() {
                continue;
            }
            let at = Location::Block(k, blocks.len());
            placed.insert(i, at);
            blocks.push(match outline.subheadings.get(&i) {
                Some(sub) => {
                    if sub != t {
                        rewritten.push(Rewritten { location: at, written: Some(t.to_owned()) });
                    }
                    Block::Subheading(sub.clone())
                }
                None => Block::Paragraph(t.to_owned()),
            });
        }
        report.sections.push(Section { heading: start.heading.clone(), blocks });
    }
    if let Some(last) = report.sections.last_mut() {
        if let Some(Block::Paragraph(t)) = last.blocks.last() {
            if let Some(d) = Date::parse(t.trim()) {
                report.date = Some(d);
                last.blocks.pop();
            } else if let Some((y, m)) = Date::parse_month(t.trim()) {
                gaps.push(format!("落款日期“{}”没有写明日（{y}年{m}月），日期留空，请补全", t.trim()));
                last.blocks.pop();
                month_only = true;
            }
        }
        if let Some(Block::Paragraph(t)) = last.blocks.last()
            && t.chars().count() <= 40
            && !t.ends_with(['。', '；', '：', '，'])
            && (t.ends_with("政府")
                || t.ends_with("办事处")
                || t.ends_with('局')
                || t.ends_with('委')
                || t.ends_with('办')
                || report.date.is_some()
                || month_only)
        {
            report.signer = t.trim().to_owned();
            last.blocks.pop();
        }
    }
    if report.date.is_none() && !month_only {
        gaps.push("没有找到落款日期".into());
    }

    // Agency and year from the title.
    let compact: String = report.title.chars().filter(|c| !c.is_whitespace()).collect();
    let year_in_title = compact.find(&format!("年{TITLE_TAIL}")).and_then(|i| {
        let digits: String = compact[..i].chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
        digits.parse::<u16>().ok().map(|y| (y, compact[..i - digits.len()].to_owned()))
    });
    match year_in_title {
        Some((y, agency)) => {
            report.year = y;
            report.agency = agency;
        }
        None => {
            report.agency = report.signer.clone();
            report.year = report.date.map_or(0, |d| d.year.saturating_sub(1));
            gaps.push(format!("标题不是“{{机关}}{{年度}}年{TITLE_TAIL}”的形式，机关名称和年度按落款推断，请核对"));
        }
    }
    if !Report::YEARS.contains(&report.year) {
        gaps.push("无法确定报告年度".into());
        report.year = 2000;
    }
    report.level = guess_level(&report.agency, &report.signer);
    mapped.push(format!("机关类型按名称推断为“{}”，请核对", report.level.label()));

    // Tables, found by their labels.
    let mut notes = tables::Notes::default();
    let (values, observed) = tables::map_tables(&tables, &mut notes);
    mapped.append(&mut notes.mapped);
    gaps.append(&mut notes.gaps);
    report.tables = values;
    let mut structure: Vec<Finding> = outline
        .deviations
        .iter()
        .map(|d| {
            let location = placed.get(&d.piece).copied().unwrap_or(Location::Report);
            Finding::new(d.rule, d.severity, location, d.message.clone())
        })
        .collect();
    structure.extend(check_observed_tables(&observed));
    crate::model::checks::limits::normalize_report_controls(&mut report);
    Ok(Imported { report, gaps, mapped, readings: notes.readings, structure, rewritten })
}

fn looks_like_doc_number(line: &str) -> bool {
    let t = line.trim();
    t.chars().count() <= 30
        && t.ends_with('号')
        && ['〔', '[', '［', '（'].iter().any(|c| t.contains(*c))
        && !t.contains("办函")
}

/// 乡镇/街道 by name, else a 人民政府, else a department.
fn guess_level(agency: &str, signer: &str) -> AgencyLevel {
    let name = if signer.is_empty() { agency } else { signer };
    let name = name.trim_end_matches("人民政府");
    if agency.ends_with('镇')
        || agency.ends_with('乡')
        || name.ends_with('镇')
        || name.ends_with('乡')
        || name.contains("街道")
    {
        AgencyLevel::Township
    } else if signer.ends_with("人民政府") || agency.ends_with("人民政府") {
        AgencyLevel::Government
    } else if ["局", "委", "办", "委员会", "中心"].iter().any(|s| name.ends_with(s)) {
        AgencyLevel::CountyDepartment
    } else {
        AgencyLevel::Other
    }
}
