//! Reading a Word report (`.docx`) or a plain-text dump of one (`.txt`) into paragraphs and
//! tables of cells, with Word's noise (bookmarks, fields, deleted revisions) left out and merged
//! cells understood.

use std::io::Read;

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

/// Removes Word's `[bookmark: …]` markers (seen in text dumps) and trailing spaces.
pub fn clean_line(line: &str) -> String {
    let mut s = line.to_owned();
    while let Some(a) = s.find("[bookmark:") {
        match s[a..].find(']') {
            Some(b) => s.replace_range(a..a + b + 1, ""),
            None => break,
        }
    }
    s.trim_end().to_owned()
}

/// A plain-text dump: paragraphs are lines; a table cell is a line starting with a tab, rows
/// are separated by empty lines, and a line right after a cell (no empty line between)
/// continues that cell's label.
pub fn read_text(text: &str) -> Vec<Piece> {
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
    for raw in text.lines() {
        let line = clean_line(raw);
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
    pieces
}

/// The limit on `word/document.xml` (a report's is about 200 KB; a picture-heavy one a few MB).
const MAX_XML: u64 = 50 * 1024 * 1024;

/// A Word document.
pub fn read_docx(bytes: &[u8]) -> Result<Vec<Piece>, SourceError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| SourceError::NotDocx(e.to_string()))?;
    let mut file =
        zip.by_name("word/document.xml").map_err(|_| SourceError::NotDocx("缺少 word/document.xml".into()))?;
    if file.size() > MAX_XML {
        return Err(SourceError::NotDocx("正文部分过大".into()));
    }
    let mut xml = String::new();
    file.by_ref().take(MAX_XML).read_to_string(&mut xml).map_err(|e| SourceError::NotDocx(e.to_string()))?;
    let doc = roxmltree::Document::parse(&xml).map_err(|e| SourceError::NotDocx(format!("XML 无法解析（{e}）")))?;
    let body = doc
        .descendants()
        .find(|n| n.tag_name().name() == "body")
        .ok_or_else(|| SourceError::NotDocx("没有正文".into()))?;
    let mut pieces = Vec::new();
    block_children(body, &mut pieces);
    Ok(pieces)
}

fn is(n: &roxmltree::Node<'_, '_>, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name
}

fn attr<'a>(n: &roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == name).map(|a| a.value())
}

/// Paragraphs and tables inside a container (body, content control, cell).
fn block_children(node: roxmltree::Node<'_, '_>, out: &mut Vec<Piece>) {
    for child in node.children().filter(roxmltree::Node::is_element) {
        match child.tag_name().name() {
            "p" => {
                for line in paragraph_text(child).split('\n') {
                    out.push(Piece::Para(line.trim().to_owned()));
                }
            }
            "tbl" => out.push(Piece::Table(table(child))),
            "sdt" | "sdtContent" | "customXml" => block_children(child, out),
            _ => {}
        }
    }
}

/// The text of a paragraph: runs, tabs, line breaks; not deleted text, not field codes.
fn paragraph_text(p: roxmltree::Node<'_, '_>) -> String {
    let mut s = String::new();
    for n in p.descendants() {
        // Deleted revisions and field codes are not text; a drawing's text is stored twice
        // (mc:Choice and mc:Fallback) and text boxes are not part of the running text.
        if n.ancestors().any(|a| ["del", "instrText", "delText", "Fallback", "txbxContent"].iter().any(|t| is(&a, t))) {
            continue;
        }
        match n.tag_name().name() {
            "t" if n.is_element() => s.push_str(n.text().unwrap_or("")),
            "tab" if n.is_element() && n.parent().is_some_and(|p| is(&p, "r")) => s.push('\t'),
            "br" | "cr" if n.is_element() => s.push('\n'),
            _ => {}
        }
    }
    s
}

fn table(tbl: roxmltree::Node<'_, '_>) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    for tr in tbl.children().filter(|n| is(n, "tr")) {
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
                .and_then(|v| v.parse().ok())
                .unwrap_or(1);
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
        }
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_dump_tables_and_split_labels() {
        let text = "二、标题\n\t信息内容\n\t商业\n企业\n\n\t规章\n\t0\n\n三、下一部分\n正文[bookmark: _GoBack]  \n";
        let p = read_text(text);
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
