#![allow(dead_code)]
//! A Word file as it comes back from the county's reviewer: nianbao's export, edited as Word
//! writes each kind of edit (a changed run, tracked insertions and deletions with the
//! reviewer's name, comments with their anchors). For the editor's tests of 导入审核意见; the
//! reader's own tests are in `review_edits.rs`.

use std::io::{Read, Write};

use nianbao::export::{ExportOptions, FontPolicy, Format, export_as};
use nianbao::model::tables::{GridContent, TableId, grid};
use nianbao::model::{CellId, Report};

/// The reviewer's name, as Word records it.
pub const REVIEWER: &str = "县政务公开办 李审";
/// When the reviewer edited.
pub const WHEN: &str = "2026-01-05T09:30:00Z";

/// The report exported as Word (final, bundled fonts, a fixed time).
pub fn exported(r: &Report) -> Vec<u8> {
    let opts = ExportOptions {
        fonts: FontPolicy::BundledOnly,
        created: Some(1_735_776_000),
        force: true,
        ..ExportOptions::default()
    };
    export_as(r, None, Format::Docx, opts).expect("export").bytes
}

/// A part of the package, as text.
pub fn part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut f = z.by_name(name).expect("part");
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf-8");
    s
}

/// The package with some parts replaced and some added.
pub fn rewrite(bytes: &[u8], replace: &[(&str, String)]) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default();
        let mut done = Vec::new();
        for i in 0..z.len() {
            let mut f = z.by_index(i).expect("entry");
            let name = f.name().to_owned();
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("read");
            w.start_file(name.clone(), opts).expect("entry");
            match replace.iter().find(|(n, _)| *n == name) {
                Some((n, text)) => {
                    w.write_all(text.as_bytes()).expect("write");
                    done.push(*n);
                }
                None => w.write_all(&data).expect("write"),
            }
        }
        for (n, text) in replace.iter().filter(|(n, _)| !done.contains(n)) {
            w.start_file(*n, opts).expect("entry");
            w.write_all(text.as_bytes()).expect("write");
        }
        w.finish().expect("finish");
    }
    out.into_inner()
}

fn text_of(p: roxmltree::Node<'_, '_>) -> String {
    p.descendants().filter(|n| n.tag_name().name() == "t").filter_map(|n| n.text()).collect()
}

/// Replaces the body paragraph (outside tables) whose text contains `needle`.
pub fn edit_paragraph(xml: &str, needle: &str, f: impl Fn(&str) -> String) -> String {
    let doc = roxmltree::Document::parse(xml).expect("xml");
    let body = doc.root_element().first_element_child().expect("body");
    let p = body
        .children()
        .find(|n| n.tag_name().name() == "p" && text_of(*n).contains(needle))
        .unwrap_or_else(|| panic!("no paragraph with “{needle}”"));
    let r = p.range();
    format!("{}{}{}", &xml[..r.start], f(&xml[r.clone()]), &xml[r.end..])
}

/// Replaces the run of a table cell (the cell's only run, as exported).
pub fn edit_cell(xml: &str, id: CellId, f: impl Fn(&str) -> String) -> String {
    let doc = roxmltree::Document::parse(xml).expect("xml");
    let body = doc.root_element().first_element_child().expect("body");
    let t = id.decl().table;
    let tbl = body
        .children()
        .filter(|n| n.tag_name().name() == "tbl")
        .nth(TableId::ALL.iter().position(|x| *x == t).expect("table"))
        .expect("table in the file");
    let g = grid(t);
    let gc = g.cells.iter().find(|c| c.content == GridContent::Value(id)).expect("grid cell");
    let tr = tbl.children().filter(|n| n.tag_name().name() == "tr").nth(gc.row).expect("row");
    let mut col = 0;
    for tc in tr.children().filter(|n| n.tag_name().name() == "tc") {
        let span: usize = tc
            .descendants()
            .find(|n| n.tag_name().name() == "gridSpan")
            .and_then(|n| n.attributes().find(|a| a.name() == "val"))
            .and_then(|a| a.value().parse().ok())
            .unwrap_or(1);
        if col == gc.col {
            let run = tc.descendants().find(|n| n.tag_name().name() == "r").expect("a run in the cell");
            let r = run.range();
            return format!("{}{}{}", &xml[..r.start], f(&xml[r.clone()]), &xml[r.end..]);
        }
        col += span;
    }
    panic!("cell not found")
}

pub fn next_id() -> u32 {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(700);
    N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// A tracked insertion.
pub fn ins(text: &str) -> String {
    format!(
        "<w:ins w:id=\"{}\" w:author=\"{REVIEWER}\" w:date=\"{WHEN}\"><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:ins>",
        next_id()
    )
}

/// A tracked deletion.
pub fn del(text: &str) -> String {
    format!(
        "<w:del w:id=\"{}\" w:author=\"{REVIEWER}\" w:date=\"{WHEN}\"><w:r><w:delText xml:space=\"preserve\">{text}</w:delText></w:r></w:del>",
        next_id()
    )
}

/// A run (or paragraph) with `word` replaced by `new` as a tracked change.
pub fn tracked_replace(xml: &str, word: &str, new: &str) -> String {
    assert!(xml.contains(word), "“{word}” not in {xml}");
    xml.replacen(word, &format!("</w:t></w:r>{}{}<w:r><w:t xml:space=\"preserve\">", del(word), ins(new)), 1)
}

/// Marks `inner` as the text a comment is about.
pub fn comment_marks(id: &str, inner: &str) -> String {
    format!(
        "<w:commentRangeStart w:id=\"{id}\"/>{inner}<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:commentReference w:id=\"{id}\"/></w:r>"
    )
}

/// The returned package: `document.xml` replaced and the comments added, with their part
/// registered as Word does.
pub fn with_comments(bytes: &[u8], document: String, comments: &[(&str, &str)]) -> Vec<u8> {
    let mut c = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:comments xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    );
    for (id, text) in comments {
        c.push_str(&format!(
            "<w:comment w:id=\"{id}\" w:author=\"{REVIEWER}\" w:date=\"{WHEN}\" w:initials=\"李\"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>"
        ));
    }
    c.push_str("</w:comments>");
    let types = part(bytes, "[Content_Types].xml").replace(
        "</Types>",
        "<Override PartName=\"/word/comments.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/></Types>",
    );
    let rels = part(bytes, "word/_rels/document.xml.rels").replace(
        "</Relationships>",
        "<Relationship Id=\"rIdComments\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"comments.xml\"/></Relationships>",
    );
    rewrite(
        bytes,
        &[
            ("word/document.xml", document),
            ("[Content_Types].xml", types),
            ("word/_rels/document.xml.rels", rels),
            ("word/comments.xml", c),
        ],
    )
}
