//! Reading a Word report (`.docx`) or a plain-text dump of one (`.txt`) into paragraphs and
//! tables of cells, with Word's noise (bookmarks, fields, deleted revisions) left out and merged
//! cells understood.

/// A table cell as found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    /// Its text (the lines of a cell joined without a separator: Word splits labels such as
    /// “商业\n企业” across lines).
    pub text: String,
    /// Columns covered.
    pub colspan: usize,
    /// Whether it continues a cell merged from the row above (it shows nothing of its own).
    pub continues: bool,
}

/// A piece of the document, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// A paragraph (one line of text).
    Para(String),
    /// A table: rows of cells.
    Table(Vec<Vec<Cell>>),
}

/// Why a file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// Not a Word document.
    #[error("不是有效的 Word 文档（.docx）：{0}。如果是旧版 .doc 文件，请在 Word/WPS 中“另存为”.docx 后再导入。")]
    NotDocx(String),
    /// Not text.
    #[error("{0}")]
    Text(String),
}

/// Removes Word's `[bookmark: …]` markers (seen in text dumps) and trailing spaces, in one pass
/// over the line (a line of 200 000 markers takes as long as reading it).
pub fn clean_line(line: &str) -> String {
    const MARK: &str = "[bookmark:";
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(a) = rest.find(MARK) {
        match rest[a..].find(']') {
            Some(b) => {
                out.push_str(&rest[..a]);
                rest = &rest[a + b + 1..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out.truncate(out.trim_end().len());
    out
}

/// The most paragraphs and table rows a document may have: a report has a few hundred; a
/// document of more is not one, and reading it would only fill memory.
pub const MAX_PIECES: usize = 100_000;

/// The most cells a table row may have (the widest official table has 8 columns).
pub const MAX_ROW_CELLS: usize = 1_000;

/// The widest span a cell may claim (`gridSpan`, `colspan`).
pub const MAX_COLSPAN: usize = 64;

fn too_many_pieces() -> SourceError {
    SourceError::Text(format!(
        "文档的段落和表格行超过 {MAX_PIECES} 个，远多于任何一份年度报告（通常只有几百个），不像是年报，未导入。"
    ))
}

/// A plain-text dump: paragraphs are lines; a table cell is a line starting with a tab, rows
/// are separated by empty lines, and a line right after a cell (no empty line between)
/// continues that cell's label.
pub fn read_text(text: &str) -> Result<Vec<Piece>, SourceError> {
    let mut pieces = Vec::new();
    let mut table: Vec<Vec<Cell>> = Vec::new();
    let mut row: Vec<Cell> = Vec::new();
    let mut last_was_cell = false;
    let mut in_table = false;
    let flush_row = |row: &mut Vec<Cell>, table: &mut Vec<Vec<Cell>>| {
        if !row.is_empty() {
            table.push(std::mem::take(row));
        }
    };
    let mut count = 0usize;
    for raw in text.lines() {
        let line = clean_line(raw);
        count += 1;
        if count > MAX_PIECES {
            return Err(too_many_pieces());
        }
        if let Some(cell) = line.strip_prefix('\t') {
            in_table = true;
            let t = cell.trim().to_owned();
            row.push(Cell { continues: t.is_empty(), text: t, colspan: 1 });
            last_was_cell = true;
            continue;
        }
        if line.trim().is_empty() {
            if in_table {
                flush_row(&mut row, &mut table);
            }
            last_was_cell = false;
            continue;
        }
        if last_was_cell && let Some(c) = row.last_mut() {
            // A label Word split across lines.
            c.text.push_str(line.trim());
            c.continues = false;
            continue;
        }
        if in_table {
            flush_row(&mut row, &mut table);
            pieces.push(Piece::Table(std::mem::take(&mut table)));
            in_table = false;
        }
        pieces.push(Piece::Para(line.trim().to_owned()));
    }
    if in_table {
        flush_row(&mut row, &mut table);
        pieces.push(Piece::Table(table));
    }
    Ok(pieces)
}

/// The limit on `word/document.xml` unpacked (a report's is about 200 KB; one with pictures
/// keeps them in other parts).
const MAX_XML: u64 = 16 * 1024 * 1024;

/// The most XML nodes read from `word/document.xml` (the shape check already bounds the tags:
/// [`crate::export::meta::XML_MAX_MARKUP`]): a report has tens of thousands.
const MAX_XML_NODES: u32 = 1_000_000;

use crate::export::meta::{xml_error_zh, zip_error_zh};

/// Reads one XML part of a zip (at most `max` bytes unpacked) as text, and checks its shape
/// ([`crate::export::meta::check_xml_shape`]: nesting and attributes bounded) before any parser
/// sees it. `None` when the part is missing.
pub fn read_zip_xml<R: std::io::Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    max: u64,
) -> Result<Option<String>, SourceError> {
    use crate::export::meta::PartError;
    let xml = crate::export::meta::read_zip_part(zip, name, max).map_err(|e| {
        SourceError::NotDocx(match e {
            PartError::TooLarge { stated: true } => {
                format!("“{name}”解压后超过 {} MB，远大于任何一份年度报告", max / 1024 / 1024)
            }
            PartError::TooLarge { stated: false } => format!("“{name}”解压后超过 {} MB", max / 1024 / 1024),
            PartError::Unreadable(why) => format!("“{name}”无法读取：{why}"),
            PartError::NotUtf8 => format!("“{name}”中的文字不是有效的 UTF-8 编码，文件可能已损坏"),
        })
    })?;
    if let Some(xml) = &xml {
        crate::export::meta::check_xml_shape(xml).map_err(|e| SourceError::NotDocx(format!("“{name}”{e}")))?;
    }
    Ok(xml)
}

/// A Word document.
pub fn read_docx(bytes: &[u8]) -> Result<Vec<Piece>, SourceError> {
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| SourceError::NotDocx(zip_error_zh(&e)))?;
    let xml = read_zip_xml(&mut zip, "word/document.xml", MAX_XML)?
        .ok_or_else(|| SourceError::NotDocx("缺少正文部分 word/document.xml".into()))?;
    let opts = roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: MAX_XML_NODES };
    let doc = roxmltree::Document::parse_with_options(&xml, opts)
        .map_err(|e| SourceError::NotDocx(format!("正文部分 word/document.xml {}", xml_error_zh(&e))))?;
    let body = doc
        .descendants()
        .find(|n| n.tag_name().name() == "body")
        .ok_or_else(|| SourceError::NotDocx("没有正文".into()))?;
    let mut pieces = Vec::new();
    block_children(body, &mut pieces)?;
    Ok(pieces)
}

fn is(n: &roxmltree::Node<'_, '_>, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name
}

fn attr<'a>(n: &roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == name).map(|a| a.value())
}

/// Paragraphs and tables inside a container (body, content control, cell), without recursion
/// (the nesting is bounded by the shape check, but a walk with its own stack needs no bound).
fn block_children(node: roxmltree::Node<'_, '_>, out: &mut Vec<Piece>) -> Result<(), SourceError> {
    let mut stack = vec![node.children()];
    while let Some(iter) = stack.last_mut() {
        let Some(child) = iter.next() else {
            stack.pop();
            continue;
        };
        if !child.is_element() {
            continue;
        }
        match child.tag_name().name() {
            "p" => {
                for line in paragraph_text(child).split('\n') {
                    out.push(Piece::Para(line.trim().to_owned()));
                }
            }
            "tbl" => out.push(Piece::Table(table(child)?)),
            "sdt" | "sdtContent" | "customXml" => stack.push(child.children()),
            _ => {}
        }
        if out.len() > MAX_PIECES {
            return Err(too_many_pieces());
        }
    }
    Ok(())
}

/// Elements whose content is not running text: deleted revisions and field codes; a drawing's
/// text is stored twice (mc:Choice and mc:Fallback) and text boxes are not part of the running
/// text.
const NOT_TEXT: [&str; 5] = ["del", "instrText", "delText", "Fallback", "txbxContent"];

/// The text of a paragraph: runs, tabs, line breaks; not deleted text, not field codes. One
/// walk over the paragraph's nodes, skipping what is not text as a whole (linear in the size of
/// the paragraph, whatever its nesting).
fn paragraph_text(p: roxmltree::Node<'_, '_>) -> String {
    let mut s = String::new();
    let mut stack = vec![p];
    while let Some(n) = stack.pop() {
        if !n.is_element() {
            continue;
        }
        let name = n.tag_name().name();
        if NOT_TEXT.contains(&name) {
            continue;
        }
        match name {
            "t" => s.push_str(n.text().unwrap_or("")),
            "tab" if n.parent().is_some_and(|p| is(&p, "r")) => s.push('\t'),
            "br" | "cr" => s.push('\n'),
            _ => {}
        }
        // Children in document order: pushed last to first.
        let first = stack.len();
        stack.extend(n.children().filter(roxmltree::Node::is_element));
        stack[first..].reverse();
    }
    s
}

fn table(tbl: roxmltree::Node<'_, '_>) -> Result<Vec<Vec<Cell>>, SourceError> {
    let mut rows = Vec::new();
    for tr in tbl.children().filter(|n| is(n, "tr")) {
        if rows.len() >= MAX_PIECES {
            return Err(too_many_pieces());
        }
        let mut row = Vec::new();
        for tc in tr.children().filter(|n| is(n, "tc") || is(n, "sdt")) {
            let tc = if is(&tc, "sdt") {
                match tc.descendants().find(|n| is(n, "tc")) {
                    Some(c) => c,
                    None => continue,
                }
            } else {
                tc
            };
            let props = tc.children().find(|n| is(n, "tcPr"));
            let colspan = props
                .and_then(|p| p.children().find(|n| is(n, "gridSpan")))
                .and_then(|g| attr(&g, "val"))
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(1)
                .clamp(1, MAX_COLSPAN);
            let continues = props
                .and_then(|p| p.children().find(|n| is(n, "vMerge")))
                .is_some_and(|v| attr(&v, "val").is_none_or(|x| x == "continue"));
            let text: String = tc
                .children()
                .filter(|n| is(n, "p"))
                .map(paragraph_text)
                .collect::<Vec<_>>()
                .concat()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join("");
            row.push(Cell { text, colspan, continues });
            if row.len() > MAX_ROW_CELLS {
                return Err(SourceError::NotDocx(format!("表格的一行超过 {MAX_ROW_CELLS} 个单元格，不像是年报的表格")));
            }
        }
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_dump_tables_and_split_labels() {
        let text = "二、标题\n\t信息内容\n\t商业\n企业\n\n\t规章\n\t0\n\n三、下一部分\n正文[bookmark: _GoBack]  \n";
        let p = read_text(text).expect("a small dump");
        assert_eq!(p[0], Piece::Para("二、标题".into()));
        match &p[1] {
            Piece::Table(rows) => {
                assert_eq!(rows.len(), 2);
                assert_eq!(rows[0][1].text, "商业企业");
                assert_eq!(rows[1][1].text, "0");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(p[2], Piece::Para("三、下一部分".into()));
        assert_eq!(p[3], Piece::Para("正文".into()));
    }

    #[test]
    fn bookmarks_are_removed() {
        assert_eq!(clean_line("[bookmark: OLE_LINK1]一是强化 "), "一是强化");
    }

    #[test]
    fn garbage_is_not_a_docx() {
        assert!(matches!(read_docx(b"not a zip"), Err(SourceError::NotDocx(_))));
    }
}
