#![allow(dead_code)]
//! Minimal Word documents for the import tests, written by the tests themselves: paragraphs and
//! tables with merged cells (gridSpan, vMerge), as Word stores them.

use std::io::Write;

use nianbao::model::tables::{GridContent, TableId, grid};
use nianbao::model::{Contact, Report};

/// A block of a document to write.
pub enum W {
    /// A paragraph.
    P(String),
    /// A table: rows of (text, colspan, vmerge) where vmerge is None, Some(true) = restart,
    /// Some(false) = continue.
    T(Vec<Vec<(String, usize, Option<bool>)>>),
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Run properties of the body text: 仿宋_GB2312, 三号 (16 pt), as a 公文 sets it.
const RUN: &str = "<w:rPr><w:rFonts w:ascii=\"仿宋_GB2312\" w:hAnsi=\"仿宋_GB2312\" w:eastAsia=\"仿宋_GB2312\"/><w:sz w:val=\"32\"/></w:rPr>";

fn para(s: &str) -> String {
    // A bookmark and a split run, as Word writes them, to be ignored and joined.
    let mid = s.char_indices().nth(s.chars().count() / 2).map_or(s.len(), |(i, _)| i);
    format!(
        "<w:p><w:pPr><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/></w:pPr><w:bookmarkStart w:id=\"0\" w:name=\"_GoBack\"/><w:r>{RUN}<w:t xml:space=\"preserve\">{}</w:t></w:r><w:bookmarkEnd w:id=\"0\"/><w:r>{RUN}<w:t>{}</w:t></w:r></w:p>",
        esc(&s[..mid]),
        esc(&s[mid..]),
        RUN = RUN
    )
}

/// The document.xml of a list of blocks.
pub fn document_xml(blocks: &[W]) -> String {
    let mut body = String::new();
    for b in blocks {
        match b {
            W::P(s) => body.push_str(&para(s)),
            W::T(rows) => {
                // Ruled, full width, equal grid columns, as a 公文 table is set.
                let columns = rows.iter().map(|r| r.iter().map(|c| c.1).sum::<usize>()).max().unwrap_or(1).max(1);
                body.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>");
                for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
                    body.push_str(&format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"));
                }
                body.push_str("</w:tblBorders></w:tblPr><w:tblGrid>");
                for _ in 0..columns {
                    body.push_str(&format!("<w:gridCol w:w=\"{}\"/>", 8_800 / columns));
                }
                body.push_str("</w:tblGrid>");
                for row in rows {
                    body.push_str("<w:tr>");
                    for (text, span, vmerge) in row {
                        body.push_str("<w:tc><w:tcPr>");
                        if *span > 1 {
                            body.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
                        }
                        match vmerge {
                            Some(true) => body.push_str("<w:vMerge w:val=\"restart\"/>"),
                            Some(false) => body.push_str("<w:vMerge/>"),
                            None => {}
                        }
                        body.push_str("</w:tcPr>");
                        // Word splits long labels into lines; one paragraph per 4 characters.
                        let chars: Vec<char> = text.chars().collect();
                        if chars.is_empty() {
                            body.push_str("<w:p/>");
                        }
                        for chunk in chars.chunks(4) {
                            body.push_str(&format!(
                                "<w:p><w:r><w:t>{}</w:t></w:r></w:p>",
                                esc(&chunk.iter().collect::<String>())
                            ));
                        }
                        body.push_str("</w:tc>");
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
            }
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    )
}

/// A .docx file with that body.
pub fn docx(blocks: &[W]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        let files = [
            ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_owned()),
            ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_owned()),
            ("word/document.xml", document_xml(blocks)),
        ];
        for (name, content) in files {
            z.start_file(name, opts).expect("zip entry");
            z.write_all(content.as_bytes()).expect("zip write");
        }
        z.finish().expect("zip finish");
    }
    buf.into_inner()
}

/// A table as Word would store it, from the official declaration and the report's values.
pub fn table(r: &Report, t: TableId) -> W {
    let g = grid(t);
    let mut rows = Vec::new();
    for row in 0..g.rows {
        let mut cells = Vec::new();
        let mut col = 0;
        while col < g.columns {
            let Some(c) = g.cells.iter().find(|c| c.col == col && c.row <= row && row < c.row + c.rowspan) else {
                col += 1;
                continue;
            };
            let text = match c.content {
                GridContent::Label { text, .. } => text.to_owned(),
                GridContent::Value(id) => r.tables.display(id),
            };
            let vmerge = if c.rowspan > 1 { Some(c.row == row) } else { None };
            cells.push((if c.row == row { text } else { String::new() }, c.colspan, vmerge));
            col += c.colspan;
        }
        rows.push(cells);
    }
    W::T(rows)
}

/// A whole report as a Word document (title in two lines, as the Jinsha file has it).
pub fn report_blocks(r: &Report) -> Vec<W> {
    let mut b = Vec::new();
    if !r.doc_number.is_empty() {
        b.push(W::P(r.doc_number.clone()));
    }
    let split = r.title.find("政府信息公开").unwrap_or(r.title.len());
    b.push(W::P(r.title[..split].to_owned()));
    if split < r.title.len() {
        b.push(W::P(r.title[split..].to_owned()));
    }
    for p in &r.preamble {
        b.push(W::P(p.clone()));
    }
    if let Some(c) = &r.contact {
        b.push(W::P(Contact::HEADING.into()));
        for l in c.lines() {
            b.push(W::P(l));
        }
    }
    for (i, s) in r.sections.iter().enumerate() {
        b.push(W::P(s.heading.clone()));
        for block in &s.blocks {
            b.push(W::P(block.text().to_owned()));
        }
        if let Some(t) = TableId::ALL.into_iter().find(|t| t.section() == i + 1) {
            b.push(table(r, t));
        }
    }
    b.push(W::P(r.signer.clone()));
    if let Some(d) = r.date {
        b.push(W::P(d.to_string()));
    }
    b
}
