//! The reviewer's edits in a Word file that comes back from the county (导入审核意见).
//!
//! nianbao's Word export carries a snapshot of the report as exported ([`crate::export::meta`]).
//! [`read_review`] compares the returned file with that snapshot — not with the clerk's report as
//! it is now, so that the clerk's own edits since the export are never taken for the reviewer's —
//! and gives a [`Review`]:
//!
//! - the changed cells, paragraphs, sub-headings, headings and title-block fields, old → new, with
//!   a Chinese place (“表三 一、本年新收政府信息公开申请数量 × 自然人”, “第一部分（一）第2段”),
//!   paragraphs the reviewer added or removed included;
//! - for each, the tracked changes (修订: `w:ins`/`w:del`, also inside table cells, and moves)
//!   that make it up, with the reviewer's name and date, and whether the file was also edited
//!   directly;
//! - the comments (批注, `word/comments.xml`) with their author, date, text, the text they mark and
//!   the paragraph or cell they are anchored to.
//!
//! The file's text is read twice in one pass: with the tracked changes accepted (what the reviewer
//! proposes) and as it was before them. Paragraphs are matched to the snapshot's printed lines by a
//! longest-common-subsequence alignment on their text; what is left between two matches is paired
//! by similarity, so an edited sentence is a change of its paragraph while a new one is an
//! insertion. Tables are compared cell by cell on the official grid the export wrote.
//!
//! Applying a chosen subset to the clerk's current report is [`crate::model::review::apply`].
//!
//! Hostile files are expected: the size of the file and of each part, the number of zip entries,
//! of XML nodes and of attributes of one element, the nesting depth and the number of paragraphs
//! are limited, every limit with a Chinese message; no recursion follows the file's nesting.

use std::collections::HashMap;
use std::path::Path;

use roxmltree::Node;

use crate::export::compose::{Item, Source, compose};
use crate::export::meta;
use crate::model::Location;
use crate::model::edit::{BlockRef, Edit, Field, List};
use crate::model::number::{NumberError, ParseMode, excerpt, read_value};
use crate::model::report::{Block, Date, Report};
use crate::model::review::{
    Change, Comment, Expected, Review, Revision, RevisionKind, block_place, cell_place, field_label, printed,
    table_place,
};
use crate::model::standard::NUMERALS;
use crate::model::tables::{CellId, GridContent, TableId, grid};

/// The largest returned file read (as for any import).
pub const MAX_FILE_BYTES: u64 = super::MAX_IMPORT_BYTES;
/// The largest `word/document.xml` read (a report's is about 200 KB).
pub const MAX_XML_BYTES: u64 = 32 * 1024 * 1024;
/// The largest `word/comments.xml` read.
pub const MAX_COMMENTS_BYTES: u64 = 8 * 1024 * 1024;
/// The most parts of the package (a report has about 20).
pub const MAX_ZIP_ENTRIES: usize = 10_000;
/// The most XML nodes of one part.
pub const MAX_NODES: u32 = 4_000_000;
/// The most attributes of one element (the XML parser checks duplicates in quadratic time).
pub const MAX_ATTRIBUTES: usize = meta::XML_MAX_ATTRIBUTES;
/// The deepest element nesting followed (Word's own stays under 40).
pub const MAX_DEPTH: usize = meta::XML_MAX_DEPTH;
/// The most paragraphs of the returned file (the example has about 80).
pub const MAX_PARAGRAPHS: usize = 20_000;
/// The largest alignment (paragraphs of the file × printed lines of the snapshot).
const MAX_ALIGNMENT: usize = 8_000_000;

/// Why a returned file cannot be read for the reviewer's edits.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The file could not be read.
    #[error("无法读取“{path}”：{reason}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// Not a Word document.
    #[error("不是有效的 Word 文档（.docx）：{0}。")]
    NotDocx(String),
    /// A Word file that nianbao did not export: there is nothing to compare with.
    #[error(
        "这份 Word 文件不是年报编辑器导出的（文件中没有导出时的年报），无法分辨审核人改了什么。请用“导入 Word 年报”读取它。"
    )]
    NoSnapshot,
    /// The snapshot is there but cannot be read.
    #[error("文件中导出时的年报无法读取（{0}），无法分辨审核人改了什么。")]
    Snapshot(String),
    /// Far beyond any real report.
    #[error("{0}，不像是审核后退回的年度报告，未读取。")]
    TooLarge(String),
}

/// Reads the reviewer's edits from a returned Word file.
pub fn read_review_file(path: &Path) -> Result<Review, ReviewError> {
    let io = |reason: String| ReviewError::Io { path: path.display().to_string(), reason };
    let meta = crate::io::regular_file(path).map_err(io)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(io(format!("文件过大（超过 {} MB）", MAX_FILE_BYTES / 1024 / 1024)));
    }
    let bytes = std::fs::read(path).map_err(|e| io(crate::io::describe_io(&e)))?;
    read_review(&bytes)
}

/// Reads the reviewer's edits from the bytes of a returned Word file: the changes against the
/// snapshot it carries, with the tracked changes and the comments.
pub fn read_review(bytes: &[u8]) -> Result<Review, ReviewError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReviewError::TooLarge(format!("文件超过 {} MB", MAX_FILE_BYTES / 1024 / 1024)));
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|_| ReviewError::NotDocx("文件已损坏，或不是 .docx 格式".into()))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(ReviewError::TooLarge(format!("压缩包中的文件超过 {MAX_ZIP_ENTRIES} 个")));
    }
    let snapshot = match meta::from_docx(bytes) {
        None => return Err(ReviewError::NoSnapshot),
        Some(Err(e)) => return Err(ReviewError::Snapshot(e.to_string())),
        Some(Ok(m)) => match (m.snapshot, m.snapshot_error) {
            (Some(s), _) => s,
            (None, Some(e)) => return Err(ReviewError::Snapshot(e)),
            (None, None) => return Err(ReviewError::NoSnapshot),
        },
    };
    let document = read_part(&mut zip, "word/document.xml", MAX_XML_BYTES)?
        .ok_or_else(|| ReviewError::NotDocx("缺少正文部分“word/document.xml”".into()))?;
    let comments_xml = read_part(&mut zip, "word/comments.xml", MAX_COMMENTS_BYTES)?;
    let doc = read_document(&document)?;
    let notes = match &comments_xml {
        Some(xml) => read_comments(xml)?,
        None => Vec::new(),
    };
    Ok(compare(snapshot, doc, &notes))
}

fn read_part(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
    limit: u64,
) -> Result<Option<String>, ReviewError> {
    meta::read_zip_part(zip, name, limit).map_err(|e| match e {
        meta::PartError::TooLarge { .. } => {
            ReviewError::TooLarge(format!("“{name}”解压后超过 {} MB", limit / 1024 / 1024))
        }
        meta::PartError::Unreadable(why) => ReviewError::NotDocx(format!("“{name}”无法读取：{why}")),
        meta::PartError::NotUtf8 => ReviewError::NotDocx(format!("“{name}”不是有效的 UTF-8 文本")),
    })
}

/// Refuses what the XML parser cannot take safely ([`meta::check_xml_shape`]).
fn check_markup(xml: &str, part: &str) -> Result<(), ReviewError> {
    meta::check_xml_shape(xml).map_err(|e| ReviewError::TooLarge(format!("“{part}”{e}")))
}

fn parse<'x>(xml: &'x str, part: &str) -> Result<roxmltree::Document<'x>, ReviewError> {
    check_markup(xml, part)?;
    let opts = roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: MAX_NODES };
    roxmltree::Document::parse_with_options(xml, opts).map_err(|e| match e {
        roxmltree::Error::NodesLimitReached => ReviewError::TooLarge(format!("“{part}”的 XML 节点超过 {MAX_NODES} 个")),
        e => ReviewError::NotDocx(format!("“{part}”的 XML 无法解析：{}", meta::xml_error_zh(&e))),
    })
}

fn is(n: &Node<'_, '_>, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name
}

fn attr<'a>(n: &Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == name).map(|a| a.value())
}

fn too_deep() -> ReviewError {
    ReviewError::TooLarge(format!("正文部分的结构嵌套超过 {MAX_DEPTH} 层"))
}

// ---------------------------------------------------------------------------------------------
// The returned file as read

/// A paragraph (or a table cell's text) read both ways.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Line {
    /// With the tracked changes accepted.
    accepted: String,
    /// As it was before the tracked changes.
    original: String,
    /// The tracked changes in it.
    revisions: Vec<Revision>,
    /// The comments anchored in it (their ids).
    comments: Vec<String>,
}

impl Line {
    fn append(&mut self, other: Line) {
        self.accepted.push_str(&other.accepted);
        self.original.push_str(&other.original);
        self.revisions.extend(other.revisions);
        self.comments.extend(other.comments);
    }
}

/// A table cell of the returned file.
#[derive(Clone, Debug, Default)]
struct RCell {
    colspan: usize,
    continues: bool,
    text: Line,
}

/// A table row: the grid columns skipped before it, and its cells.
#[derive(Clone, Debug, Default)]
struct RRow {
    before: usize,
    cells: Vec<RCell>,
}

/// A block of the returned file.
#[derive(Clone, Debug)]
enum RBlock {
    Para(Line),
    Table(Vec<RRow>),
}

/// The body of the returned file.
#[derive(Debug, Default)]
struct Doc {
    blocks: Vec<RBlock>,
    /// What each open comment range marks (by comment id).
    quoted: HashMap<String, String>,
}

/// The reader's state across paragraphs: open comment ranges and comments waiting for the next
/// paragraph (a range that starts between paragraphs).
#[derive(Default)]
struct Walk {
    open: Vec<String>,
    pending: Vec<String>,
    quoted: HashMap<String, String>,
    paragraphs: usize,
}

/// The most characters of marked text kept for a comment.
const MAX_QUOTE: usize = 200;

impl Walk {
    fn quote(&mut self, text: &str) {
        for id in &self.open {
            let q = self.quoted.entry(id.clone()).or_default();
            if q.chars().count() < MAX_QUOTE {
                q.extend(text.chars().take(MAX_QUOTE));
            }
        }
    }

    fn comment_mark(&mut self, n: &Node<'_, '_>, line: Option<&mut Line>) {
        let Some(id) = attr(n, "id") else { return };
        let name = n.tag_name().name();
        if name == "commentRangeEnd" {
            self.open.retain(|x| x != id);
            return;
        }
        if name == "commentRangeStart" && !self.open.iter().any(|x| x == id) {
            self.open.push(id.to_owned());
        }
        match line {
            Some(l) if !l.comments.iter().any(|x| x == id) => l.comments.push(id.to_owned()),
            Some(_) => {}
            None => {
                if !self.pending.iter().any(|x| x == id) {
                    self.pending.push(id.to_owned());
                }
            }
        }
    }

    /// Reads a paragraph: its text both ways, its tracked changes, the comments in it, and
    /// whether its paragraph mark was deleted as a tracked change.
    fn paragraph(&mut self, p: Node<'_, '_>, depth: usize) -> Result<(Line, bool), ReviewError> {
        self.paragraphs += 1;
        if self.paragraphs > MAX_PARAGRAPHS {
            return Err(ReviewError::TooLarge(format!("文件中的段落超过 {MAX_PARAGRAPHS} 个")));
        }
        let mut line = Line { comments: std::mem::take(&mut self.pending), ..Line::default() };
        let mut mark_deleted = false;
        // (node, depth, inside deleted text, inside inserted text, the revision it belongs to)
        let mut stack: Vec<(Node<'_, '_>, usize, bool, bool, Option<usize>)> =
            p.children().rev().map(|c| (c, depth + 1, false, false, None)).collect();
        while let Some((n, d, del, ins, rev)) = stack.pop() {
            if d > MAX_DEPTH {
                return Err(too_deep());
            }
            if !n.is_element() {
                continue;
            }
            let push_children = |del: bool, ins: bool, rev: Option<usize>, stack: &mut Vec<_>| {
                stack.extend(n.children().rev().map(|c| (c, d + 1, del, ins, rev)));
            };
            match n.tag_name().name() {
                "pPr" => {
                    // The paragraph mark's own revision marks.
                    if let Some(rpr) = n.children().find(|c| is(c, "rPr")) {
                        mark_deleted |= rpr.children().any(|c| is(&c, "del") || is(&c, "moveFrom"));
                    }
                }
                "rPr" | "instrText" | "delInstrText" | "Fallback" | "txbxContent" | "footnoteReference"
                | "endnoteReference" => {}
                name @ ("ins" | "moveTo" | "del" | "moveFrom") => {
                    let kind =
                        if matches!(name, "ins" | "moveTo") { RevisionKind::Inserted } else { RevisionKind::Deleted };
                    line.revisions.push(Revision {
                        kind,
                        author: attr(&n, "author").unwrap_or("").to_owned(),
                        date: attr(&n, "date").map(str::to_owned),
                        text: String::new(),
                    });
                    let idx = line.revisions.len() - 1;
                    let is_del = kind == RevisionKind::Deleted;
                    push_children(del || is_del, ins || !is_del, Some(idx), &mut stack);
                }
                name @ ("t" | "delText" | "tab" | "br" | "cr") => {
                    let text = match name {
                        "t" | "delText" => n.text().unwrap_or(""),
                        "tab" if n.parent().is_some_and(|p| is(&p, "r")) => "\t",
                        "br" if matches!(attr(&n, "type"), Some("page" | "column")) => "",
                        "br" | "cr" => "\n",
                        _ => "",
                    };
                    if text.is_empty() {
                        continue;
                    }
                    // Deleted text only before the changes; inserted text only after.
                    let deleted = del || name == "delText";
                    if !deleted {
                        line.accepted.push_str(text);
                        self.quote(text);
                    }
                    if !ins {
                        line.original.push_str(text);
                    }
                    if let Some(r) = rev.and_then(|i| line.revisions.get_mut(i)) {
                        r.text.push_str(text);
                    }
                }
                "commentRangeStart" | "commentRangeEnd" | "commentReference" => self.comment_mark(&n, Some(&mut line)),
                _ => push_children(del, ins, rev, &mut stack),
            }
        }
        line.revisions.retain(|r| !r.text.trim().is_empty());
        Ok((line, mark_deleted))
    }

    /// The blocks of a container (body, content control), in order.
    fn blocks(&mut self, body: Node<'_, '_>, out: &mut Vec<RBlock>) -> Result<(), ReviewError> {
        let mut stack: Vec<(Node<'_, '_>, usize)> = body.children().rev().map(|c| (c, 2)).collect();
        // A paragraph whose mark was deleted joins the next one once the changes are accepted.
        let mut carry: Option<Line> = None;
        while let Some((n, d)) = stack.pop() {
            if d > MAX_DEPTH {
                return Err(too_deep());
            }
            if !n.is_element() {
                continue;
            }
            match n.tag_name().name() {
                "p" => {
                    let (mut line, mark_deleted) = self.paragraph(n, d)?;
                    if let Some(mut before) = carry.take() {
                        before.append(line);
                        line = before;
                    }
                    // A paragraph deleted as a whole stays a line of its own (with nothing
                    // accepted), so that its deletion keeps the reviewer's name.
                    if mark_deleted && !squeeze(&line.accepted).is_empty() {
                        carry = Some(line);
                    } else {
                        out.push(RBlock::Para(line));
                    }
                }
                "tbl" => {
                    if let Some(line) = carry.take() {
                        out.push(RBlock::Para(line));
                    }
                    out.push(RBlock::Table(self.table(n, d)?));
                }
                "sdt" | "sdtContent" | "customXml" | "smartTag" | "ins" | "moveTo" => {
                    stack.extend(n.children().rev().map(|c| (c, d + 1)));
                }
                "commentRangeStart" | "commentRangeEnd" => self.comment_mark(&n, None),
                _ => {}
            }
        }
        if let Some(line) = carry {
            out.push(RBlock::Para(line));
        }
        Ok(())
    }

    /// The elements named `name` inside `node`, looking through content controls and custom
    /// XML wrappers.
    fn unwrap<'a, 'i>(node: Node<'a, 'i>, name: &str, depth: usize) -> Result<Vec<(Node<'a, 'i>, usize)>, ReviewError> {
        let mut out = Vec::new();
        let mut stack: Vec<(Node<'a, 'i>, usize)> = node.children().rev().map(|c| (c, depth + 1)).collect();
        while let Some((n, d)) = stack.pop() {
            if d > MAX_DEPTH {
                return Err(too_deep());
            }
            if is(&n, name) {
                out.push((n, d));
            } else if ["sdt", "sdtContent", "customXml", "smartTag"].iter().any(|w| is(&n, w)) {
                stack.extend(n.children().rev().map(|c| (c, d + 1)));
            }
        }
        Ok(out)
    }

    fn table(&mut self, tbl: Node<'_, '_>, depth: usize) -> Result<Vec<RRow>, ReviewError> {
        let mut rows = Vec::new();
        for (tr, d) in Self::unwrap(tbl, "tr", depth)? {
            let before = tr
                .children()
                .find(|c| is(c, "trPr"))
                .and_then(|p| p.children().find(|c| is(c, "gridBefore")))
                .and_then(|g| attr(&g, "val"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0usize)
                .min(63);
            let mut row = RRow { before, cells: Vec::new() };
            for (tc, d) in Self::unwrap(tr, "tc", d)? {
                let props = tc.children().find(|c| is(c, "tcPr"));
                let colspan = props
                    .and_then(|p| p.children().find(|c| is(c, "gridSpan")))
                    .and_then(|g| attr(&g, "val"))
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(1usize)
                    .clamp(1, 63);
                let continues = props
                    .and_then(|p| p.children().find(|c| is(c, "vMerge")))
                    .is_some_and(|v| attr(&v, "val").is_none_or(|x| x == "continue"));
                let mut text = Line { comments: std::mem::take(&mut self.pending), ..Line::default() };
                for (p, d) in Self::unwrap(tc, "p", d)? {
                    let (line, _) = self.paragraph(p, d)?;
                    text.append(line);
                }
                row.cells.push(RCell { colspan, continues, text });
            }
            rows.push(row);
        }
        Ok(rows)
    }
}

fn read_document(xml: &str) -> Result<Doc, ReviewError> {
    let doc = parse(xml, "word/document.xml")?;
    let body = doc
        .root_element()
        .children()
        .find(|n| is(n, "body"))
        .ok_or_else(|| ReviewError::NotDocx("正文部分没有正文".into()))?;
    let mut walk = Walk::default();
    let mut blocks = Vec::new();
    walk.blocks(body, &mut blocks)?;
    Ok(Doc { blocks, quoted: walk.quoted })
}

/// A comment as stored in `word/comments.xml`.
struct RawComment {
    id: String,
    author: String,
    date: Option<String>,
    text: String,
}

fn read_comments(xml: &str) -> Result<Vec<RawComment>, ReviewError> {
    let doc = parse(xml, "word/comments.xml")?;
    let mut out = Vec::new();
    for c in doc.root_element().children().filter(|n| is(n, "comment")) {
        let mut paragraphs = Vec::new();
        for p in c.descendants().filter(|n| is(n, "p")) {
            let text: String = p
                .descendants()
                .filter(|n| is(n, "t") && !n.ancestors().take(4).any(|a| is(&a, "del")))
                .filter_map(|n| n.text())
                .collect();
            if !text.trim().is_empty() {
                paragraphs.push(text.trim().to_owned());
            }
        }
        out.push(RawComment {
            id: attr(&c, "id").unwrap_or("").to_owned(),
            author: attr(&c, "author").unwrap_or("").to_owned(),
            date: attr(&c, "date").map(str::to_owned),
            text: paragraphs.join("\n"),
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// The snapshot as printed

/// Something stored in the report that prints as one or more lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Unit {
    Field(Field),
    Date,
    Preamble(usize),
    Heading(usize),
    Block(usize, usize),
    /// 联系方式： (printed, not stored).
    ContactHeading,
    /// The standard heading printed over a table whose section is missing (not stored).
    StandardHeading,
}

/// A printed line of the snapshot.
struct SLine {
    unit: Unit,
    text: String,
}

enum SItem {
    Line(SLine),
    Table(TableId),
}

fn snapshot_items(r: &Report) -> Vec<SItem> {
    fn line(out: &mut Vec<SItem>, unit: Unit, text: &str) {
        if !squeeze(text).is_empty() {
            out.push(SItem::Line(SLine { unit, text: text.trim().to_owned() }));
        }
    }
    let mut out = Vec::new();
    for item in compose(r, false).items {
        match item {
            Item::DocNumber(t) => line(&mut out, Unit::Field(Field::DocNumber), &t.text),
            Item::Title(t) => line(&mut out, Unit::Field(Field::Title), &t.text),
            Item::Heading(t) | Item::Subheading(t) | Item::Paragraph { text: t, .. } => {
                let unit = match t.source {
                    Source::Preamble(i) => Unit::Preamble(i),
                    Source::Heading(s) => Unit::Heading(s),
                    Source::Block(s, b) => Unit::Block(s, b),
                    Source::Contact(0) => Unit::Field(Field::Address),
                    Source::Contact(1) => Unit::Field(Field::Phone),
                    Source::Contact(_) => Unit::Field(Field::Postcode),
                    Source::ContactHeading => Unit::ContactHeading,
                    _ => Unit::StandardHeading,
                };
                line(&mut out, unit, &t.text);
            }
            Item::Table(t) => out.push(SItem::Table(t)),
            Item::Signature { signer, date } => {
                line(&mut out, Unit::Field(Field::Signer), &signer);
                if let Some(d) = date {
                    line(&mut out, Unit::Date, &d.to_string());
                }
            }
        }
    }
    out
}

/// Text with all white space removed (Word and LibreOffice may split, join and pad lines).
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

// ---------------------------------------------------------------------------------------------
// Alignment

/// How an element of the snapshot and one of the file correspond.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pair {
    /// The same (or an edited) element.
    Both(usize, usize),
    /// Only in the snapshot: removed.
    Left(usize),
    /// Only in the file: added.
    Right(usize),
}

/// What the alignment compares.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Key {
    Table,
    Text(String),
}

/// Similarity of two texts (Dice coefficient of character pairs), 0…1.
fn similarity(a: &str, b: &str) -> f32 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a.len() < 2 || b.len() < 2 {
        return if a == b { 1.0 } else { 0.0 };
    }
    let mut grams: HashMap<(char, char), i32> = HashMap::new();
    for w in a.windows(2) {
        *grams.entry((w[0], w[1])).or_default() += 1;
    }
    let mut common = 0;
    for w in b.windows(2) {
        if let Some(n) = grams.get_mut(&(w[0], w[1]))
            && *n > 0
        {
            *n -= 1;
            common += 1;
        }
    }
    2.0 * common as f32 / (a.len() + b.len() - 2) as f32
}

/// Below this similarity an edited paragraph is taken for a removed one and an added one.
const SAME_PARAGRAPH: f32 = 0.3;

/// Aligns the snapshot's elements with the file's: exact matches by longest common subsequence,
/// then what lies between two matches paired by similarity (`sim`, `None`: cannot pair).
fn align(left: &[Key], right: &[Key], sim: &dyn Fn(usize, usize) -> Option<f32>) -> Vec<Pair> {
    let (n, m) = (left.len(), right.len());
    // Common start and end first: the table stays small.
    let mut pre = 0;
    while pre < n && pre < m && left[pre] == right[pre] {
        pre += 1;
    }
    let mut suf = 0;
    while suf < n - pre && suf < m - pre && left[n - 1 - suf] == right[m - 1 - suf] {
        suf += 1;
    }
    let (l, r) = (&left[pre..n - suf], &right[pre..m - suf]);
    let (a, b) = (l.len(), r.len());
    let w = b + 1;
    let mut lcs = vec![0u32; (a + 1) * w];
    for i in (0..a).rev() {
        for j in (0..b).rev() {
            lcs[i * w + j] =
                if l[i] == r[j] { lcs[(i + 1) * w + j + 1] + 1 } else { lcs[(i + 1) * w + j].max(lcs[i * w + j + 1]) };
        }
    }
    let mut out: Vec<Pair> = (0..pre).map(|i| Pair::Both(i, i)).collect();
    let (mut i, mut j) = (0, 0);
    let (mut hi, mut hj) = (0, 0);
    while i < a || j < b {
        if i < a && j < b && l[i] == r[j] {
            out.extend(pair_hunk(hi..i, hj..j, pre, sim));
            out.push(Pair::Both(pre + i, pre + j));
            i += 1;
            j += 1;
            (hi, hj) = (i, j);
        } else if j < b && (i == a || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j]) {
            j += 1;
        } else {
            i += 1;
        }
    }
    out.extend(pair_hunk(hi..a, hj..b, pre, sim));
    out.extend((0..suf).map(|k| Pair::Both(n - suf + k, m - suf + k)));
    out
}

/// Pairs the elements between two exact matches: edit distance where pairing two elements costs
/// 2 × (1 − similarity) and leaving one out costs 1.
fn pair_hunk(
    left: std::ops::Range<usize>,
    right: std::ops::Range<usize>,
    offset: usize,
    sim: &dyn Fn(usize, usize) -> Option<f32>,
) -> Vec<Pair> {
    let (a, b) = (left.len(), right.len());
    if a == 0 || b == 0 {
        return left.map(|i| Pair::Left(offset + i)).chain(right.map(|j| Pair::Right(offset + j))).collect();
    }
    let w = b + 1;
    let mut cost = vec![0f32; (a + 1) * w];
    for i in (0..=a).rev() {
        for j in (0..=b).rev() {
            cost[i * w + j] = if i == a {
                (b - j) as f32
            } else if j == b {
                (a - i) as f32
            } else {
                let mut c = (cost[(i + 1) * w + j] + 1.0).min(cost[i * w + j + 1] + 1.0);
                if let Some(s) = sim(offset + left.start + i, offset + right.start + j) {
                    c = c.min(cost[(i + 1) * w + j + 1] + 2.0 * (1.0 - s));
                }
                c
            };
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a || j < b {
        let here = cost[i * w + j];
        let paired = if i < a && j < b {
            sim(offset + left.start + i, offset + right.start + j)
                .filter(|s| (cost[(i + 1) * w + j + 1] + 2.0 * (1.0 - s) - here).abs() < 1e-4)
        } else {
            None
        };
        if paired.is_some() {
            out.push(Pair::Both(offset + left.start + i, offset + right.start + j));
            i += 1;
            j += 1;
        } else if i < a && (j == b || (cost[(i + 1) * w + j] + 1.0 - here).abs() < 1e-4) {
            out.push(Pair::Left(offset + left.start + i));
            i += 1;
        } else {
            out.push(Pair::Right(offset + right.start + j));
            j += 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Comparison

/// Where a comment is anchored.
#[derive(Clone, Debug)]
struct Anchor {
    place: String,
    location: Option<Location>,
}

/// What the comparison finds, each change with its position in reading order.
#[derive(Default)]
struct Out {
    changes: Vec<((usize, usize), Change)>,
    anchors: HashMap<String, Anchor>,
    notes: Vec<String>,
}

impl Out {
    fn change(&mut self, pos: usize, change: Change) {
        let sub = self.changes.len();
        self.changes.push(((pos, sub), change));
    }

    /// Anchors the comments of the given lines (the first anchor of a comment wins).
    fn anchor(&mut self, comments: impl IntoIterator<Item = String>, anchor: &Anchor) {
        for id in comments {
            self.anchors.entry(id).or_insert_with(|| anchor.clone());
        }
    }
}

/// The printed lines of one stored unit and the file's lines paired with them.
struct Gathered {
    unit: Unit,
    /// Where it first appears in the alignment.
    pos: usize,
    old: Vec<String>,
    new: Vec<usize>,
}

/// What an insertion follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Prev {
    Unit(Unit),
    Table(TableId),
}

fn compare(snapshot: Report, doc: Doc, raw_comments: &[RawComment]) -> Review {
    let items = snapshot_items(&snapshot);
    let mut out = Out::default();
    // The file's paragraphs that carry text (or deleted text, or comments), and its tables.
    let mut lines: Vec<Line> = Vec::new();
    let mut tables: Vec<Vec<RRow>> = Vec::new();
    let mut right: Vec<Key> = Vec::new();
    let mut right_ref: Vec<usize> = Vec::new();
    for block in doc.blocks {
        match block {
            RBlock::Para(l) => {
                if squeeze(&l.accepted).is_empty() && squeeze(&l.original).is_empty() && l.comments.is_empty() {
                    continue;
                }
                right.push(Key::Text(squeeze(&l.accepted)));
                right_ref.push(lines.len());
                lines.push(l);
            }
            RBlock::Table(t) => {
                right.push(Key::Table);
                right_ref.push(tables.len());
                tables.push(t);
            }
        }
    }
    let left: Vec<Key> = items
        .iter()
        .map(|i| match i {
            SItem::Line(l) => Key::Text(squeeze(&l.text)),
            SItem::Table(_) => Key::Table,
        })
        .collect();
    if left.len().saturating_mul(right.len()) > MAX_ALIGNMENT {
        out.notes.push(format!("文件有 {} 段，远多于导出时的 {} 段，无法逐段比较", right.len(), left.len()));
        return finish(snapshot, out, raw_comments, &doc.quoted);
    }
    let sim = |i: usize, j: usize| -> Option<f32> {
        match (&items[i], &right[j]) {
            (SItem::Table(_), Key::Table) => Some(1.0),
            (SItem::Line(s), Key::Text(_)) => {
                let l = &lines[right_ref[j]];
                let s = squeeze(&s.text);
                let best = similarity(&s, &squeeze(&l.accepted)).max(similarity(&s, &squeeze(&l.original)));
                (best >= SAME_PARAGRAPH).then_some(best)
            }
            _ => None,
        }
    };
    let pairs = align(&left, &right, &sim);

    // Walk the alignment: each stored unit gathers the file's lines paired with its printed lines
    // (and lines added between two of them); lines added elsewhere are an insertion after the
    // last unit or table seen.
    let mut gathered: Vec<Gathered> = Vec::new();
    let mut index: HashMap<Unit, usize> = HashMap::new();
    let mut prev: Option<Prev> = None;
    let mut pending: Vec<usize> = Vec::new();
    let mut pending_pos = 0;
    let mut inserts: Vec<(usize, Option<Prev>, Vec<usize>)> = Vec::new();
    for (pos, pair) in pairs.into_iter().enumerate() {
        let (i, j) = match pair {
            Pair::Both(i, j) => (Some(i), Some(j)),
            Pair::Left(i) => (Some(i), None),
            Pair::Right(j) => (None, Some(j)),
        };
        let Some(i) = i else {
            if let Some(j) = j {
                match &right[j] {
                    Key::Table => out.notes.push("审核后的文件中多了一个表格，未比较".into()),
                    Key::Text(_) => {
                        if pending.is_empty() {
                            pending_pos = pos;
                        }
                        pending.push(right_ref[j]);
                    }
                }
            }
            continue;
        };
        match &items[i] {
            SItem::Table(t) => {
                if !pending.is_empty() {
                    inserts.push((pending_pos, prev, std::mem::take(&mut pending)));
                }
                match j {
                    Some(j) => compare_table(&snapshot, *t, &tables[right_ref[j]], pos, &mut out),
                    None => out.notes.push(format!("审核后的文件中没有{}，未比较", table_place(*t))),
                }
                prev = Some(Prev::Table(*t));
            }
            SItem::Line(s) => {
                let k = *index.entry(s.unit).or_insert_with(|| {
                    gathered.push(Gathered { unit: s.unit, pos, old: Vec::new(), new: Vec::new() });
                    gathered.len() - 1
                });
                if !pending.is_empty() {
                    if prev == Some(Prev::Unit(s.unit)) {
                        // Added between two printed lines of one stored paragraph.
                        gathered[k].new.append(&mut pending);
                    } else {
                        inserts.push((pending_pos, prev, std::mem::take(&mut pending)));
                    }
                }
                gathered[k].old.push(s.text.clone());
                if let Some(j) = j {
                    gathered[k].new.push(right_ref[j]);
                }
                prev = Some(Prev::Unit(s.unit));
            }
        }
    }
    if !pending.is_empty() {
        inserts.push((pending_pos, prev, pending));
    }
    for g in &gathered {
        unit_change(&snapshot, g, &lines, &mut out);
    }
    for (pos, prev, idx) in inserts {
        insertion(&snapshot, pos, prev, &idx, &lines, &mut out);
    }
    finish(snapshot, out, raw_comments, &doc.quoted)
}

fn join_accepted(lines: &[Line], idx: &[usize], sep: &str) -> String {
    idx.iter().map(|&k| lines[k].accepted.trim().to_owned()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(sep)
}

fn revisions_of(lines: &[Line], idx: &[usize]) -> Vec<Revision> {
    idx.iter().flat_map(|&k| lines[k].revisions.iter().cloned()).collect()
}

fn comments_of(lines: &[Line], idx: &[usize]) -> Vec<String> {
    idx.iter().flat_map(|&k| lines[k].comments.iter().cloned()).collect()
}

/// The value of a contact line (`电话：0597-1234567` → `0597-1234567`).
fn field_value(field: Field, line: &str) -> String {
    let labels: &[&str] = match field {
        Field::Address => &["地址：", "地址:", "通讯地址：", "通讯地址:"],
        Field::Phone => &["电话：", "电话:", "联系电话：", "联系电话:"],
        Field::Postcode => &["邮编：", "邮编:", "邮政编码：", "邮政编码:"],
        _ => &[],
    };
    let t = line.trim();
    labels.iter().find_map(|l| t.strip_prefix(l)).unwrap_or(t).trim().to_owned()
}

/// The place and location of a unit, for changes and comments.
fn unit_anchor(r: &Report, unit: Unit) -> Anchor {
    match unit {
        Unit::Field(f) => Anchor { place: field_label(f).into(), location: Some(f.location()) },
        Unit::Date => Anchor { place: "落款日期".into(), location: Some(Location::Date) },
        Unit::Preamble(i) => {
            let at = BlockRef::new(List::Preamble, i);
            Anchor { place: block_place(r, at), location: Some(at.location()) }
        }
        Unit::Heading(s) => Anchor {
            place: format!("第{}部分标题", NUMERALS.get(s).map_or_else(|| (s + 1).to_string(), |n| (*n).to_owned())),
            location: Some(Location::Section(s)),
        },
        Unit::Block(s, b) => {
            let at = BlockRef::new(List::Section(s), b);
            Anchor { place: block_place(r, at), location: Some(at.location()) }
        }
        Unit::ContactHeading | Unit::StandardHeading => Anchor { place: "固定文字".into(), location: None },
    }
}

fn unit_change(r: &Report, g: &Gathered, lines: &[Line], out: &mut Out) {
    let anchor = unit_anchor(r, g.unit);
    out.anchor(comments_of(lines, &g.new), &anchor);
    let old_joined = g.old.join("\n");
    let single = !matches!(g.unit, Unit::Preamble(_) | Unit::Block(..));
    let new = join_accepted(lines, &g.new, if single { "" } else { "\n" });
    if squeeze(&old_joined) == squeeze(&new) {
        return;
    }
    let original: String = g.new.iter().map(|&k| squeeze(&lines[k].original)).collect();
    let direct = original != squeeze(&old_joined);
    let revisions = revisions_of(lines, &g.new);
    let (old, new, edits, expected) = match g.unit {
        Unit::ContactHeading | Unit::StandardHeading => {
            out.notes.push(format!("“{}”是固定文字，不对应年报中的内容，其修改未列出", excerpt(&old_joined, 20)));
            return;
        }
        Unit::Field(f) => {
            let old = printed(f.get(r));
            let new = match f {
                Field::Address | Field::Phone | Field::Postcode => field_value(f, &new),
                _ => new,
            };
            if squeeze(&old) == squeeze(&new) {
                return;
            }
            let edit = Edit::SetField { field: f, text: new.clone() };
            (old.clone(), new, Ok(vec![edit]), Expected::Text(old))
        }
        Unit::Date => {
            let edits = if new.is_empty() {
                Ok(vec![Edit::SetDate(None)])
            } else {
                match Date::parse(&new) {
                    Some(d) if Some(d) == r.date => return,
                    Some(d) => Ok(vec![Edit::SetDate(Some(d))]),
                    None => Err(format!("“{}”不是有效的日期", excerpt(&new, 20))),
                }
            };
            (old_joined, new, edits, Expected::Date(r.date))
        }
        Unit::Heading(s) => {
            let old = printed(r.sections.get(s).map_or("", |x| x.heading.as_str()));
            let edit = Edit::SetHeading { section: s, text: new.clone() };
            (old.clone(), new, Ok(vec![edit]), Expected::Text(old))
        }
        Unit::Preamble(i) | Unit::Block(_, i) => {
            let list = match g.unit {
                Unit::Block(s, _) => List::Section(s),
                _ => List::Preamble,
            };
            let at = BlockRef::new(list, i);
            let edit = if new.is_empty() { Edit::Delete(at) } else { Edit::SetText { at, text: new.clone() } };
            (old_joined.clone(), new, Ok(vec![edit]), Expected::Text(old_joined))
        }
    };
    out.change(g.pos, Change { place: anchor.place, old, new, edits, expected, revisions, direct });
}

/// Whether a line reads as a sub-heading （一）….
fn looks_like_subheading(t: &str) -> bool {
    let t = t.trim();
    let mut chars = t.chars();
    if !matches!(chars.next(), Some('（' | '(')) || t.chars().count() > 40 {
        return false;
    }
    let numeral: String = chars.clone().take_while(|c| "一二三四五六七八九十".contains(*c)).collect();
    !numeral.is_empty() && matches!(chars.nth(numeral.chars().count()), Some('）' | ')'))
}

/// A field the reviewer filled in by adding a line (文号 before the title, a contact line the
/// export left out because it was empty).
fn added_field(r: &Report, pos: usize, field: Field, k: usize, lines: &[Line], out: &mut Out) {
    let anchor = Anchor { place: field_label(field).into(), location: Some(field.location()) };
    out.anchor(lines[k].comments.iter().cloned(), &anchor);
    let new = field_value(field, &lines[k].accepted);
    let old = printed(field.get(r));
    out.change(
        pos,
        Change {
            place: anchor.place,
            old: old.clone(),
            new: new.clone(),
            edits: Ok(vec![Edit::SetField { field, text: new }]),
            expected: Expected::Text(old),
            revisions: lines[k].revisions.clone(),
            direct: !squeeze(&lines[k].original).is_empty(),
        },
    );
}

/// Lines the reviewer added after `prev`.
fn insertion(r: &Report, pos: usize, prev: Option<Prev>, idx: &[usize], lines: &[Line], out: &mut Out) {
    let idx: Vec<usize> = idx.iter().copied().filter(|&k| !squeeze(&lines[k].accepted).is_empty()).collect();
    if idx.is_empty() {
        return;
    }
    let texts: Vec<String> = idx.iter().map(|&k| lines[k].accepted.trim().to_owned()).collect();
    let unplaced = |out: &mut Out, where_: &str| {
        for t in &texts {
            out.notes.push(format!("{where_}新增的“{}”不对应年报中的任何部分，未列出，请手动处理", excerpt(t, 30)));
        }
    };
    // Where the new blocks go: the list and the index the first one takes.
    let (list, index) = match prev {
        None if r.doc_number.trim().is_empty() && idx.len() == 1 => {
            return added_field(r, pos, Field::DocNumber, idx[0], lines, out);
        }
        None => return unplaced(out, "标题前"),
        Some(Prev::Unit(Unit::Field(Field::Title))) => (List::Preamble, 0),
        Some(Prev::Unit(Unit::Preamble(i))) => (List::Preamble, i + 1),
        Some(Prev::Unit(Unit::Heading(s))) => (List::Section(s), 0),
        Some(Prev::Unit(Unit::Block(s, b))) => (List::Section(s), b + 1),
        Some(Prev::Table(t)) => match r.table_section(t) {
            Some(s) => (List::Section(s), r.sections.get(s).map_or(0, |x| x.blocks.len())),
            None => return unplaced(out, &format!("{}后", table_place(t))),
        },
        Some(Prev::Unit(Unit::Field(Field::Address | Field::Phone | Field::Postcode) | Unit::ContactHeading)) => {
            for (&k, t) in idx.iter().zip(&texts) {
                let field = [(Field::Address, "地址"), (Field::Phone, "电话"), (Field::Postcode, "邮编")]
                    .into_iter()
                    .find(|(f, label)| t.starts_with(label) && f.get(r).trim().is_empty())
                    .map(|(f, _)| f);
                match field {
                    Some(f) => added_field(r, pos, f, k, lines, out),
                    None => out.notes.push(format!("联系方式中新增的“{}”不是地址、电话或邮编，未列出", excerpt(t, 30))),
                }
            }
            return;
        }
        Some(Prev::Unit(Unit::Field(Field::DocNumber))) => return unplaced(out, "文号后"),
        Some(Prev::Unit(Unit::StandardHeading)) => return unplaced(out, "补充的标准标题后"),
        Some(Prev::Unit(_)) => return unplaced(out, "落款后"),
    };
    let blocks: Vec<Block> = texts
        .iter()
        .map(|t| match list {
            List::Section(_) if looks_like_subheading(t) => Block::Subheading(t.clone()),
            _ => Block::Paragraph(t.clone()),
        })
        .collect();
    let after = index.checked_sub(1).and_then(|i| match list {
        List::Preamble => r.preamble.get(i).map(|t| printed(t)),
        List::Section(s) => r.sections.get(s).and_then(|x| x.blocks.get(i)).map(|b| printed(b.text())),
    });
    let place = match (list, index) {
        (List::Preamble, 0) => "前言开头（新增）".to_owned(),
        (List::Section(s), 0) => {
            format!("第{}部分开头（新增）", NUMERALS.get(s).map_or_else(|| (s + 1).to_string(), |n| (*n).to_owned()))
        }
        (_, i) => format!("{}之后（新增）", block_place(r, BlockRef::new(list, i - 1))),
    };
    out.anchor(comments_of(lines, &idx), &Anchor { place: place.clone(), location: None });
    out.change(
        pos,
        Change {
            place,
            old: String::new(),
            new: texts.join("\n"),
            edits: Ok(blocks
                .into_iter()
                .enumerate()
                .map(|(k, block)| Edit::Insert { at: BlockRef::new(list, index + k), block })
                .collect()),
            expected: Expected::After(after),
            revisions: revisions_of(lines, &idx),
            direct: idx.iter().any(|&k| !squeeze(&lines[k].original).is_empty()),
        },
    );
}

/// Compares a table of the file with the snapshot's, cell by cell on the official grid.
fn compare_table(r: &Report, t: TableId, rows: &[RRow], pos: usize, out: &mut Out) {
    let g = grid(t);
    if rows.len() != g.rows {
        let anchor = Anchor { place: table_place(t), location: Some(Location::Table(t)) };
        for cell in rows.iter().flat_map(|r| &r.cells) {
            out.anchor(cell.text.comments.iter().cloned(), &anchor);
        }
        out.notes.push(format!(
            "审核后的{}有 {} 行，导出时是 {} 行（增删了行），未逐格比较",
            table_place(t),
            rows.len(),
            g.rows
        ));
        return;
    }
    let mut labels_changed = false;
    for (row, rrow) in rows.iter().enumerate() {
        let mut col = rrow.before;
        for cell in &rrow.cells {
            let at = col;
            col += cell.colspan;
            if cell.continues {
                continue;
            }
            let Some(gc) = g.cells.iter().find(|c| c.row == row && c.col == at) else {
                labels_changed = true;
                continue;
            };
            match gc.content {
                GridContent::Label { text, .. } => {
                    let anchor = Anchor {
                        place: format!("{}表头“{}”", table_place(t), excerpt(text, 20)),
                        location: Some(Location::Table(t)),
                    };
                    out.anchor(cell.text.comments.iter().cloned(), &anchor);
                    if squeeze(&cell.text.accepted) != squeeze(text) {
                        labels_changed = true;
                    }
                }
                GridContent::Value(id) => cell_change(r, id, &cell.text, pos, out),
            }
        }
    }
    if labels_changed {
        out.notes.push(format!("审核人修改了{}的表头或表格结构；表头是国办格式规定的，其修改不导入", table_place(t)));
    }
}

fn cell_change(r: &Report, id: CellId, text: &Line, pos: usize, out: &mut Out) {
    let anchor = Anchor { place: cell_place(id), location: Some(Location::Cell(id)) };
    out.anchor(text.comments.iter().cloned(), &anchor);
    let old = r.tables.display(id);
    let new = squeeze(&text.accepted);
    if squeeze(&old) == new {
        return;
    }
    let current = r.tables.get(id);
    let edits = match read_value(id.decl().kind, &new, ParseMode::Import) {
        Ok(reading) if reading.raw == current => return,
        Ok(reading) => Ok(vec![Edit::SetCell { cell: id, value: reading.raw }]),
        // “—”, “/”, “无” are kept blank, as on import (CONTRACT §5a).
        Err(NumberError::Placeholder) => Ok(vec![Edit::SetCell { cell: id, value: None }]),
        Err(NumberError::TooLarge) => Err(format!("“{}”超出了单元格能容纳的数值", excerpt(&new, 20))),
        Err(_) => Err(format!("“{}”不是有效的数字", excerpt(&new, 20))),
    };
    let direct = squeeze(&text.original) != squeeze(&old);
    let expected = Expected::Cell(current);
    out.change(
        pos,
        Change { place: anchor.place, old, new, edits, expected, revisions: text.revisions.clone(), direct },
    );
}

fn finish(snapshot: Report, mut out: Out, raw: &[RawComment], quoted: &HashMap<String, String>) -> Review {
    out.changes.sort_by_key(|(k, _)| *k);
    let comments = raw
        .iter()
        .map(|c| {
            let anchor = out.anchors.get(&c.id);
            Comment {
                author: c.author.clone(),
                date: c.date.clone(),
                text: c.text.clone(),
                place: anchor.map_or_else(|| "位置不明".to_owned(), |a| a.place.clone()),
                location: anchor.and_then(|a| a.location),
                quoted: quoted.get(&c.id).map(|q| excerpt(q.trim(), MAX_QUOTE)).unwrap_or_default(),
            }
        })
        .collect();
    Review { snapshot, changes: out.changes.into_iter().map(|(_, c)| c).collect(), comments, notes: out.notes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alignment_pairs_edits_and_finds_insertions_and_removals() {
        let k = |s: &str| Key::Text(s.to_owned());
        let left = [k("甲乙丙丁"), k("戊己庚辛壬癸"), Key::Table, k("子丑寅卯")];
        let right = [k("甲乙丙丁"), k("戊己庚辛壬癸甲"), k("完全不同的新段落"), Key::Table];
        let texts = |keys: &[Key], i: usize| match &keys[i] {
            Key::Text(t) => Some(t.clone()),
            Key::Table => None,
        };
        let sim = |i: usize, j: usize| match (texts(&left, i), texts(&right, j)) {
            (Some(a), Some(b)) => Some(similarity(&a, &b)).filter(|s| *s >= SAME_PARAGRAPH),
            (None, None) => Some(1.0),
            _ => None,
        };
        let pairs = align(&left, &right, &sim);
        assert_eq!(pairs, [Pair::Both(0, 0), Pair::Both(1, 1), Pair::Right(2), Pair::Both(2, 3), Pair::Left(3)]);
    }

    #[test]
    fn similarity_is_a_dice_coefficient() {
        assert!((similarity("本年新收申请", "本年新收申请") - 1.0).abs() < 1e-6);
        assert!(similarity("本年新收申请", "完全无关") < 0.01);
        assert!(similarity("我镇严格执行条例。", "我镇认真执行条例。") > 0.5);
    }

    #[test]
    fn an_element_with_too_many_attributes_is_refused_before_parsing() {
        let attrs: String = (0..300).map(|i| format!(" a{i}=\"x\"")).collect();
        let xml = format!("<w:document{attrs}/>");
        assert!(matches!(check_markup(&xml, "x"), Err(ReviewError::TooLarge(_))));
        assert!(check_markup("<a b=\"=\" c='>'/>", "x").is_ok());
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let depth = 5_000;
        let xml = format!(
            "<w:document xmlns:w=\"w\"><w:body><w:p>{}{}</w:p></w:body></w:document>",
            "<w:r>".repeat(depth),
            "</w:r>".repeat(depth)
        );
        assert!(matches!(read_document(&xml), Err(ReviewError::TooLarge(m)) if m.contains("嵌套")));
        // Just under the limit, with comments and CDATA that hold markup characters, it reads.
        let depth = MAX_DEPTH - 10;
        let xml = format!(
            "<w:document xmlns:w=\"w\"><!-- <a> --><w:body><w:p>{}<w:t><![CDATA[<b>]]></w:t>{}</w:p></w:body></w:document>",
            "<w:r>".repeat(depth),
            "</w:r>".repeat(depth)
        );
        assert!(read_document(&xml).is_ok());
    }

    #[test]
    fn far_too_many_paragraphs_are_refused() {
        let xml =
            format!("<w:document xmlns:w=\"w\"><w:body>{}</w:body></w:document>", "<w:p/>".repeat(MAX_PARAGRAPHS + 1));
        assert!(matches!(read_document(&xml), Err(ReviewError::TooLarge(m)) if m.contains("段落")));
    }

    #[test]
    fn a_paragraph_is_read_with_and_without_its_tracked_changes() {
        let xml = "<w:document xmlns:w=\"w\"><w:body>\
            <w:p><w:commentRangeStart w:id=\"7\"/><w:r><w:t>本年共</w:t></w:r>\
            <w:del w:author=\"李审\" w:date=\"2026-01-05T09:30:00Z\"><w:r><w:delText>3</w:delText></w:r></w:del>\
            <w:ins w:author=\"李审\" w:date=\"2026-01-05T09:30:00Z\"><w:r><w:t>5</w:t></w:r></w:ins>\
            <w:r><w:t>件。</w:t></w:r><w:commentRangeEnd w:id=\"7\"/><w:r><w:commentReference w:id=\"7\"/></w:r></w:p>\
            <w:p><w:pPr><w:rPr><w:del w:author=\"李审\"/></w:rPr></w:pPr><w:del w:author=\"李审\"><w:r><w:delText>删去的段落。</w:delText></w:r></w:del></w:p>\
            <w:p><w:pPr><w:rPr><w:del w:author=\"李审\"/></w:rPr></w:pPr><w:r><w:t>前半</w:t></w:r></w:p>\
            <w:p><w:r><w:t>后半。</w:t></w:r></w:p></w:body></w:document>";
        let doc = read_document(xml).expect("reads");
        let RBlock::Para(first) = &doc.blocks[0] else { panic!("a paragraph") };
        assert_eq!(first.accepted, "本年共5件。");
        assert_eq!(first.original, "本年共3件。");
        assert_eq!(first.revisions.len(), 2);
        assert_eq!(first.revisions[0].kind, RevisionKind::Deleted);
        assert_eq!(first.revisions[0].author, "李审");
        assert_eq!(first.comments, ["7"]);
        assert_eq!(doc.quoted.get("7").map(String::as_str), Some("本年共5件。"));
        // A paragraph deleted as a whole stays a line, with its deletion.
        let RBlock::Para(second) = &doc.blocks[1] else { panic!("a paragraph") };
        assert_eq!((second.accepted.as_str(), second.original.as_str()), ("", "删去的段落。"));
        assert_eq!(second.revisions[0].text, "删去的段落。");
        // A deleted paragraph mark joins two paragraphs once the changes are accepted.
        let RBlock::Para(third) = &doc.blocks[2] else { panic!("a paragraph") };
        assert_eq!(third.accepted, "前半后半。");
        assert_eq!(doc.blocks.len(), 3);
    }
}
