//! Files written by nianbao carry metadata ([`crate::export::meta`]): the agency's level and a
//! snapshot of the report as exported. Importing such a file gives back the same report: the
//! visible content is read as for any file, then
//!
//! - when it is exactly what the snapshot prints (same text in the same order, same numbers),
//!   the snapshot itself is the result — with the fields that are not printed (level, last year's
//!   tables, agency and year as stored, line breaks inside paragraphs);
//! - otherwise the visible content wins, part by part: a part (title, 文号, preamble, contact,
//!   a section, signer) that prints as in the snapshot takes the snapshot's stored value, a
//!   changed part keeps what the file shows; the level and last year's tables come from the
//!   metadata.

use crate::export::compose::{Item, Source, compose};
use crate::export::meta::{self, Metadata};
use crate::model::report::{Report, Section};
use crate::model::tables::cells;

use super::Imported;

/// The printed texts of a report, in reading order, without tables. `stored_only` leaves out
/// the standard headings that the composition adds over a table whose section is missing: an
/// imported report holds what the file showed, nothing added.
fn texts(r: &Report, stored_only: bool) -> Vec<String> {
    let mut out = Vec::new();
    for item in compose(r, false).items {
        if stored_only && matches!(item.source(), Source::StandardHeading(_)) {
            continue;
        }
        match item {
            Item::DocNumber(t) | Item::Title(t) | Item::Heading(t) | Item::Subheading(t) => {
                out.push(t.text.into_owned())
            }
            Item::Paragraph { text, .. } => out.push(text.text.into_owned()),
            Item::Table(_) => {}
            Item::Signature { signer, date } => {
                out.push(signer.into_owned());
                out.extend(date.map(|d| d.to_string()));
            }
        }
    }
    out
}

/// Text with all white space removed (Word and the importer may split and join lines).
fn squeeze(parts: &[String]) -> String {
    parts.iter().flat_map(|p| p.chars()).filter(|c| !c.is_whitespace()).collect()
}

/// Whether an imported report holds exactly what another report prints: the same text in the
/// same order and the same numbers.
pub fn prints_the_same(imported: &Report, printed: &Report) -> bool {
    let (a, b) = (imported, printed);
    squeeze(&texts(a, true)) == squeeze(&texts(b, false))
        && cells().iter().all(|c| a.tables.display(c.id) == b.tables.display(c.id))
}

/// The printed texts of a section (heading, sub-headings, paragraphs split at line breaks).
fn section_texts(s: &Section) -> Vec<String> {
    let mut out = vec![s.heading.trim().to_owned()];
    for b in &s.blocks {
        out.extend(b.text().split('\n').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned));
    }
    out
}

fn lines(paragraphs: &[String]) -> Vec<String> {
    paragraphs.iter().flat_map(|p| p.split('\n')).map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

/// Applies the metadata to an imported report.
pub fn apply(imported: &mut Imported, meta: &Metadata) {
    // The headings as the file writes them (the outline repairs undone) are what it shows.
    let as_written = imported.as_written();
    let r = &mut imported.report;
    imported.mapped.retain(|m| !m.starts_with("机关类型按名称推断"));
    r.level = meta.level;
    imported.mapped.push(format!("机关类型取自文件中的元数据：{}", r.level.label()));
    if let Some(e) = &meta.snapshot_error {
        imported.mapped.push(format!("文件中导出时的年报快照无法读取（{e}），只按可见内容导入"));
    }
    let Some(s) = &meta.snapshot else { return };
    if r.previous.is_none() && s.previous.is_some() {
        r.previous = s.previous.clone();
        imported.mapped.push("上年数据取自文件中的元数据".into());
    }
    if prints_the_same(&as_written, s) {
        *r = s.clone();
        imported.gaps.clear();
        imported.structure.clear();
        imported.mapped.push("内容与导出时完全一致，已按导出时的年报还原（含未打印的字段）".into());
        return;
    }
    // The visible content wins; unchanged parts keep what was stored.
    let same = |a: &str, b: &str| squeeze(&[a.to_owned()]) == squeeze(&[b.to_owned()]);
    if same(&r.title, &s.title) {
        r.title.clone_from(&s.title);
        r.agency.clone_from(&s.agency);
        r.year = s.year;
    }
    if same(&r.doc_number, &s.doc_number) {
        r.doc_number.clone_from(&s.doc_number);
    }
    if squeeze(&r.preamble) == squeeze(&lines(&s.preamble)) {
        r.preamble.clone_from(&s.preamble);
    }
    let contact = |c: &Option<crate::model::Contact>| c.as_ref().map(|c| squeeze(&c.lines())).unwrap_or_default();
    if contact(&r.contact) == contact(&s.contact) {
        r.contact.clone_from(&s.contact);
    }
    for (i, section) in r.sections.iter_mut().enumerate() {
        if let Some(old) = s.sections.get(i)
            && squeeze(&section_texts(section)) == squeeze(&section_texts(old))
        {
            *section = old.clone();
        }
    }
    if same(&r.signer, &s.signer) {
        r.signer.clone_from(&s.signer);
    }
    imported.mapped.push("内容与导出时不同，以文件中可见的内容为准；未改动的部分按导出时的年报还原".into());
}

/// Applies the metadata of a Word file written by nianbao, if it has any.
pub fn apply_docx(bytes: &[u8], imported: &mut Imported) {
    match meta::from_docx(bytes) {
        Some(Ok(m)) => apply(imported, &m),
        Some(Err(e)) => imported.mapped.push(e.to_string()),
        None => {}
    }
}

/// Applies the metadata of a web page written by nianbao, if it has any.
pub fn apply_html(html: &str, imported: &mut Imported) {
    match meta::from_html(html) {
        Some(Ok(m)) => apply(imported, &m),
        Some(Err(e)) => imported.mapped.push(e.to_string()),
        None => {}
    }
}
