//! The composition stage: what the document says, in reading order, for every output.
//!
//! [`compose`] turns a [`Report`] into [`Content`]: the 文号, the title, the preamble, the contact
//! block, each section's heading, sub-headings and paragraphs, the three tables at their places,
//! the signature and the date. It decides *what* appears and in which order — which blocks are
//! empty and left out, that a line break typed inside a paragraph starts a new paragraph, where a
//! table goes when its section heading lost its numeral (the section at its position) and that a
//! table whose section is missing is still printed, under its standard heading, after the last
//! section. The writers (the PDF layout, the Word writer, the HTML writer) decide only *how*, so
//! they can never disagree about order, fallbacks or which blocks appear.
//!
//! Every block says where it comes from ([`Source`]), so a writer can name a place in a message
//! (“第一部分第3段”) and a reader of an exported file can map it back to the report.

use std::borrow::Cow;

use crate::model::checks::limits::is_forbidden_char;
use crate::model::report::{Block, Report};
use crate::model::standard::HEADINGS;
use crate::model::tables::{CellId, TableId};
use crate::model::values::TableValues;
use crate::model::{Date, Location};

/// Where a block of the content comes from in the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// The 文号.
    DocNumber,
    /// The title.
    Title,
    /// A preamble paragraph (0-based).
    Preamble(usize),
    /// The heading line of the contact block (联系方式：).
    ContactHeading,
    /// A line of the contact block: 0 地址, 1 电话, 2 邮编.
    Contact(usize),
    /// The heading of a section (0-based index in `Report::sections`).
    Heading(usize),
    /// A sub-heading or paragraph of a section (section, block; 0-based).
    Block(usize, usize),
    /// The standard heading printed over a table whose section is missing.
    StandardHeading(TableId),
    /// A table.
    Table(TableId),
    /// The signature block.
    Signature,
}

impl Source {
    /// Where it is, in Chinese, for messages (标题, 第一部分第3段, 前言第1段, …).
    pub fn place(self) -> String {
        match self {
            Self::DocNumber => "文号".into(),
            Self::Title => "标题".into(),
            Self::Preamble(i) => format!("前言第{}段", i + 1),
            Self::ContactHeading | Self::Contact(_) => "联系方式".into(),
            Self::Heading(s) => format!("第{}部分标题", s + 1),
            Self::Block(s, b) => format!("第{}部分第{}段", s + 1, b + 1),
            Self::StandardHeading(t) => format!("第{}部分标题", t.section()),
            Self::Table(t) => format!("表{}", t.numeral()),
            Self::Signature => "落款".into(),
        }
    }

    /// The report location of the checks (`section.N.pN`, `title`, …), where there is one.
    pub fn location(self) -> Option<Location> {
        match self {
            Self::DocNumber => Some(Location::DocNumber),
            Self::Title => Some(Location::Title),
            Self::Preamble(i) => Some(Location::Preamble(i)),
            Self::Heading(s) => Some(Location::Section(s)),
            Self::Block(s, b) => Some(Location::Block(s, b)),
            Self::Table(t) => Some(Location::Table(t)),
            Self::Signature => Some(Location::Signer),
            Self::ContactHeading | Self::Contact(_) | Self::StandardHeading(_) => None,
        }
    }
}

/// A block of text with where it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text<'r> {
    /// The text, trimmed.
    pub text: Cow<'r, str>,
    /// Where it comes from.
    pub source: Source,
}

/// One block of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item<'r> {
    /// The 文号, centred above the title.
    DocNumber(Text<'r>),
    /// The title.
    Title(Text<'r>),
    /// A body paragraph. `part` counts the paragraphs made from one stored paragraph by line
    /// breaks typed inside it (0 for the first).
    Paragraph {
        /// The text.
        text: Text<'r>,
        /// Which part of the stored paragraph.
        part: usize,
    },
    /// A section heading (一、总体情况). Its text may be empty (a hand-edited file); the
    /// heading still marks where the section starts.
    Heading(Text<'r>),
    /// A sub-heading （一）主动公开.
    Subheading(Text<'r>),
    /// One of the three tables, by reference: its labels come from the declaration, its numbers
    /// from [`Content::cell_text`].
    Table(TableId),
    /// The signing agency and the date (at least one of them is there).
    Signature {
        /// The signing agency (may be empty).
        signer: Cow<'r, str>,
        /// The date.
        date: Option<Date>,
    },
}

impl Item<'_> {
    /// Where the block comes from.
    pub fn source(&self) -> Source {
        match self {
            Item::DocNumber(t) | Item::Title(t) | Item::Heading(t) | Item::Subheading(t) => t.source,
            Item::Paragraph { text, .. } => text.source,
            Item::Table(t) => Source::Table(*t),
            Item::Signature { .. } => Source::Signature,
        }
    }
}

/// The document's content in reading order.
#[derive(Clone, Debug)]
pub struct Content<'r> {
    /// The report it was composed from.
    pub report: &'r Report,
    /// The blocks, in reading order.
    pub items: Vec<Item<'r>>,
    /// A draft: it carries 草稿 and may have blank cells (printed empty).
    pub draft: bool,
}

impl<'r> Content<'r> {
    /// The numbers of the tables.
    pub fn values(&self) -> &'r TableValues {
        &self.report.tables
    }

    /// A cell as printed: its value, or nothing when blank.
    pub fn cell_text(&self, id: CellId) -> String {
        self.report.tables.display(id)
    }

    /// The title's text.
    pub fn title(&self) -> &str {
        self.items.iter().find_map(|i| if let Item::Title(t) = i { Some(t.text.as_ref()) } else { None }).unwrap_or("")
    }

    /// Characters that a Word file or web page cannot hold (control characters other than tab
    /// and line break, and Unicode noncharacters), with where they are.
    pub fn control_characters(&self) -> Vec<super::layout::MissingGlyph> {
        let mut out: Vec<super::layout::MissingGlyph> = Vec::new();
        let mut scan = |text: &str, source: Source| {
            for ch in text.chars().filter(|c| is_forbidden_char(*c)) {
                let place = source.place();
                if !out.iter().any(|m| m.ch == ch && m.place == place) {
                    out.push(super::layout::MissingGlyph { ch, place });
                }
            }
        };
        for item in &self.items {
            match item {
                Item::DocNumber(t) | Item::Title(t) | Item::Heading(t) | Item::Subheading(t) => scan(&t.text, t.source),
                Item::Paragraph { text, .. } => scan(&text.text, text.source),
                Item::Signature { signer, .. } => scan(signer, Source::Signature),
                Item::Table(_) => {}
            }
        }
        out
    }

    /// The author recorded in a file's properties: the signing agency, else the agency.
    pub fn author(&self) -> &'r str {
        let r = self.report;
        if r.signer.trim().is_empty() { r.agency.trim() } else { r.signer.trim() }
    }
}

fn text(t: &str, source: Source) -> Text<'_> {
    Text { text: Cow::Borrowed(t.trim()), source }
}

/// Body paragraphs from a stored paragraph: one per typed line, empty lines left out.
fn paragraphs<'r>(stored: &'r str, source: Source, out: &mut Vec<Item<'r>>) {
    for (part, line) in stored.split('\n').filter(|p| !p.trim().is_empty()).enumerate() {
        out.push(Item::Paragraph { text: text(line, source), part });
    }
}

/// The content of a report, in reading order.
pub fn compose(report: &Report, draft: bool) -> Content<'_> {
    let r = report;
    let mut items = Vec::with_capacity(64);
    if !r.doc_number.trim().is_empty() {
        items.push(Item::DocNumber(text(&r.doc_number, Source::DocNumber)));
    }
    items.push(Item::Title(text(&r.title, Source::Title)));
    for (i, p) in r.preamble.iter().enumerate() {
        paragraphs(p, Source::Preamble(i), &mut items);
    }
    if let Some(c) = r.contact.as_ref().filter(|c| !c.is_empty()) {
        items.push(Item::Paragraph {
            text: Text { text: Cow::Borrowed(crate::model::Contact::HEADING), source: Source::ContactHeading },
            part: 0,
        });
        let fields = [("地址：", &c.address), ("电话：", &c.phone), ("邮编：", &c.postcode)];
        for (k, (label, value)) in fields.into_iter().enumerate() {
            if !value.trim().is_empty() {
                let line = format!("{label}{value}");
                items.push(Item::Paragraph {
                    text: Text { text: Cow::Owned(line.trim().to_owned()), source: Source::Contact(k) },
                    part: 0,
                });
            }
        }
    }
    for (s, section) in r.sections.iter().enumerate() {
        items.push(Item::Heading(text(&section.heading, Source::Heading(s))));
        for (b, block) in section.blocks.iter().enumerate() {
            match block {
                Block::Subheading(t) => items.push(Item::Subheading(text(t, Source::Block(s, b)))),
                Block::Paragraph(t) => paragraphs(t, Source::Block(s, b), &mut items),
            }
        }
        // The table numbered for this section, or — when its heading lost its numeral — the
        // one at its position (`Report::table_section`).
        if let Some(t) = TableId::ALL.into_iter().find(|t| r.table_section(*t) == Some(s)) {
            items.push(Item::Table(t));
        }
    }
    // A table whose section is missing (S01) is still printed, under its standard heading:
    // nothing of the report is dropped.
    for t in TableId::ALL.into_iter().filter(|t| r.table_section(*t).is_none()) {
        items.push(Item::Heading(Text {
            text: Cow::Borrowed(HEADINGS[t.section() - 1]),
            source: Source::StandardHeading(t),
        }));
        items.push(Item::Table(t));
    }
    if !r.signer.trim().is_empty() || r.date.is_some() {
        items.push(Item::Signature { signer: Cow::Borrowed(r.signer.trim()), date: r.date });
    }
    Content { report, items, draft }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::report::{Contact, Section};

    fn report() -> Report {
        let mut r = crate::model::standard::new_report("金砂镇人民政府", 2025, crate::model::AgencyLevel::Township);
        r.doc_number = "金政〔2026〕1号".into();
        r.contact = Some(Contact { address: "新街30号".into(), phone: String::new(), postcode: "364100".into() });
        r
    }

    fn kinds(c: &Content<'_>) -> Vec<String> {
        c.items
            .iter()
            .map(|i| match i {
                Item::DocNumber(_) => "文号".into(),
                Item::Title(_) => "标题".into(),
                Item::Paragraph { text, .. } => format!("段:{:?}", text.source),
                Item::Heading(t) => format!("标题:{:?}", t.source),
                Item::Subheading(_) => "小标题".into(),
                Item::Table(t) => format!("表{}", t.numeral()),
                Item::Signature { .. } => "落款".into(),
            })
            .collect()
    }

    #[test]
    fn reading_order_and_tables_at_their_sections() {
        let r = report();
        let c = compose(&r, false);
        let k = kinds(&c);
        assert_eq!(k[..2], ["文号", "标题"]);
        assert!(k.contains(&"段:Contact(0)".to_owned()) && !k.contains(&"段:Contact(1)".to_owned()));
        let pos = |s: &str| k.iter().position(|x| x == s).unwrap_or(usize::MAX);
        assert!(pos("标题:Heading(1)") < pos("表二") && pos("表二") < pos("标题:Heading(2)"));
        assert!(pos("表三") < pos("标题:Heading(3)") && pos("表四") < pos("标题:Heading(4)"));
        assert_eq!(k.last().map(String::as_str), Some("落款"));
        assert_eq!(c.title(), r.title);
    }

    #[test]
    fn a_table_whose_heading_lost_its_numeral_stays_at_its_position() {
        let mut r = report();
        r.sections[2].heading = "收到和处理政府信息公开申请情况".into();
        let k = kinds(&compose(&r, false));
        let pos = |s: &str| k.iter().position(|x| x == s).unwrap_or(usize::MAX);
        assert!(pos("标题:Heading(2)") < pos("表三") && pos("表三") < pos("标题:Heading(3)"));
    }

    #[test]
    fn a_table_whose_section_is_missing_goes_at_the_end_under_its_standard_heading() {
        let mut r = report();
        r.sections.truncate(3);
        let c = compose(&r, false);
        let k = kinds(&c);
        let at = k.iter().position(|x| x == "标题:StandardHeading(T4)").expect("standard heading");
        assert_eq!(k[at + 1], "表四");
        assert_eq!(k[at + 2], "落款");
        assert!(c.items.iter().any(|i| matches!(i, Item::Heading(t) if t.text == HEADINGS[3])));
    }

    #[test]
    fn line_breaks_make_paragraphs_and_empty_ones_are_left_out() {
        let mut r = report();
        r.sections = vec![Section {
            heading: " 一、总体情况 ".into(),
            blocks: vec![Block::Paragraph("第一行。\n\n 第二行。".into()), Block::Paragraph("  ".into())],
        }];
        r.signer.clear();
        r.date = None;
        let c = compose(&r, true);
        let paras: Vec<(&str, usize, Source)> = c
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Paragraph { text, part } if matches!(text.source, Source::Block(..)) => {
                    Some((text.text.as_ref(), *part, text.source))
                }
                _ => None,
            })
            .collect();
        assert_eq!(paras, [("第一行。", 0, Source::Block(0, 0)), ("第二行。", 1, Source::Block(0, 0))]);
        assert!(c.items.iter().any(|i| matches!(i, Item::Heading(t) if t.text == "一、总体情况")));
        assert!(!c.items.iter().any(|i| matches!(i, Item::Signature { .. })));
        assert!(c.draft);
    }

    #[test]
    fn places_and_locations() {
        assert_eq!(Source::Block(0, 2).place(), "第1部分第3段");
        assert_eq!(Source::Preamble(0).location().map(|l| l.key()), Some("preamble.p1".into()));
        assert_eq!(Source::Block(4, 1).location().map(|l| l.key()), Some("section.5.p2".into()));
    }
}
