//! Import of last year's Word report (`.docx`) or a plain-text dump of it (`.txt`).
//!
//! The title, 文号, preamble, contact block, the six sections (found by their meaning, see
//! [`outline`]), the signature and the three tables are recognised; the tables are found by their labels, not by
//! their position, and their rows by their row labels, with merged cells understood. A table in
//! the 2019 trial format, or one with missing rows, is imported as far as it maps, and the import
//! notes say exactly what was mapped, what was not, and why. Blank cells stay blank; a stored
//! total that disagrees with its parts is kept (the checks report it). Nothing is dropped
//! silently.

pub mod meta;
pub mod outline;
mod source;
mod tables;

use std::path::Path;

pub use source::{Cell, Piece, SourceError, read_docx, read_text};

use crate::model::checks::check_observed_tables;
use crate::model::report::{AgencyLevel, Block, Contact, Date, Report, Section};
use crate::model::standard::{HEADINGS, NUMERALS, TITLE_TAIL};
use crate::model::{Finding, Location};

/// Files larger than this are refused (a Word report with pictures is a few MB).
pub const MAX_IMPORT_BYTES: u64 = 50 * 1024 * 1024;

/// How an import went.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The report.
    pub report: Report,
    /// What could not be mapped, and why (empty: complete).
    pub gaps: Vec<String>,
    /// What was mapped (for the import report).
    pub mapped: Vec<String>,
    /// Findings about the document as written that the imported report no longer shows: its
    /// outline (S01, S02: numbering found wrong and repaired, see [`outline`]) and the shape of
    /// its tables (S03, S04, S10).
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

    /// The import report as text: what was mapped, what was not.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for m in &self.mapped {
            out.push_str(&format!("已导入：{m}\n"));
        }
        for g in &self.gaps {
            out.push_str(&format!("未导入：{g}\n"));
        }
        for f in &self.structure {
            out.push_str(&format!("格式问题 {} {}\n", f.rule, f.message));
        }
        out
    }
}

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

/// Imports a `.docx` or `.txt` file.
pub fn import_file(path: &Path) -> Result<Imported, ImportError> {
    let io =
        |e: std::io::Error| ImportError::Io { path: path.display().to_string(), reason: crate::io::describe_io(&e) };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::Io {
            path: path.display().to_string(), reason: "文件过大（超过 50 MB）".into()
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let pieces = if is_zip {
        read_docx(&bytes)?
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(SourceError::NotDocx("这是旧版 Word 97-2003 文档（.doc）".into()).into());
    } else {
        let text = crate::io::decode(&bytes).map_err(|e| SourceError::Text(format!("文本文件无法读取：{e}")))?;
        read_text(&text)
    };
    let mut imported = map(&pieces)?;
    if is_zip {
        meta::apply_docx(&bytes, &mut imported);
    }
    Ok(imported)
}

/// Imports text (a plain-text dump of a report).
pub fn import_text(text: &str) -> Result<Imported, ImportError> {
    map(&read_text(text))
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
        if let Some(Block::Paragraph(t)) = last.blocks.last()
            && let Some(d) = Date::parse(t.trim())
        {
            report.date = Some(d);
            last.blocks.pop();
        }
        if let Some(Block::Paragraph(t)) = last.blocks.last()
            && t.chars().count() <= 40
            && !t.ends_with(['。', '；', '：', '，'])
            && (t.ends_with("政府")
                || t.ends_with("办事处")
                || t.ends_with('局')
                || t.ends_with('委')
                || t.ends_with('办')
                || report.date.is_some())
        {
            report.signer = t.trim().to_owned();
            last.blocks.pop();
        }
    }
    if report.date.is_none() {
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
    if !(1990..=2100).contains(&report.year) {
        gaps.push("无法确定报告年度".into());
        report.year = 2000;
    }
    report.level = guess_level(&report.agency, &report.signer);
    mapped.push(format!("机关类型按名称推断为“{}”，请核对", report.level.label()));

    // Tables, found by their labels.
    let (values, observed) = tables::map_tables(&tables, &mut mapped, &mut gaps);
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
    Ok(Imported { report, gaps, mapped, structure, rewritten })
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
