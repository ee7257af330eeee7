//! The hostile and broken inputs of issue 8, made in one place: the tests
//! (`tests/reliability.rs`) and the before/after run of the command line
//! (`examples/hostile_inputs.rs`, `scripts/hostile-before-after.sh`) use the same ones.
//!
//! Each generator makes a small input (the big ones are generated, never committed). [`cases`]
//! lists one command per item of the issue with the files it needs, as a clerk would run it.

use std::io::Write;

/// The bundled example project file, the base of the project-file cases.
pub const EXAMPLE: &str = include_str!("../../assets/examples/jinsha-2024.ron");

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A .docx whose `word/document.xml` is `xml`, compressed (`deflate`) or stored. Writing into
/// memory does not fail; an empty vector would (and the tests would say so).
pub fn docx_with(xml: &[u8], deflate: bool) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let written = (|| -> zip::result::ZipResult<()> {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = if deflate {
            zip::write::SimpleFileOptions::default().compression_level(Some(1))
        } else {
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored)
        };
        z.start_file("[Content_Types].xml", opts)?;
        z.write_all(
            b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
        )?;
        z.start_file("word/document.xml", opts)?;
        z.write_all(xml)?;
        z.finish()?;
        Ok(())
    })();
    if written.is_err() { Vec::new() } else { buf.into_inner() }
}

/// A `word/document.xml` whose body holds `inner`.
pub fn word_body(inner: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"{W_NS}\"><w:body>{inner}</w:body></w:document>"
    )
}

fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// Item 1: a paragraph inside `depth` nested content controls (a 42 KB file at 20 000 overflowed
/// the stack of the old importer).
pub fn deep_content_controls(depth: usize) -> Vec<u8> {
    let inner = format!(
        "{}{}{}",
        "<w:sdt><w:sdtContent>".repeat(depth),
        para("一、总体情况"),
        "</w:sdtContent></w:sdt>".repeat(depth)
    );
    docx_with(word_body(&inner).as_bytes(), true)
}

/// Item 1: one paragraph whose text sits `depth` runs deep.
pub fn deep_runs(depth: usize) -> Vec<u8> {
    let inner = format!("<w:p>{}<w:t>x</w:t>{}</w:p>", "<w:r>".repeat(depth), "</w:r>".repeat(depth));
    docx_with(word_body(&inner).as_bytes(), true)
}

/// Item 2: a paragraph element with `n` attributes (100 000 took the old importer 29 s).
pub fn many_attributes(n: usize) -> Vec<u8> {
    let attrs: String = (0..n).map(|i| format!(" a{i}=\"1\"")).collect();
    let inner = format!("<w:p{attrs}><w:r><w:t>一、总体情况</w:t></w:r></w:p>");
    docx_with(word_body(&inner).as_bytes(), true)
}

/// Item 2: one line of a text dump followed by `n` bookmark markers, as Word's “save as text”
/// leaves them.
pub fn bookmark_line(n: usize) -> String {
    format!("一、总体情况{}", "[bookmark: _GoBack]".repeat(n))
}

/// Item 2: a text dump of `n` short lines that each start like a sub-heading: the outline
/// repair searched on from every one of them (20 000 took 19 s in a debug build).
pub fn many_subheadings(n: usize) -> String {
    format!("一、总体情况\n{}", "（一）xxxxxxxxxx\n".repeat(n))
}

/// Items 2 and 3: `n` empty tables (a million are 8 MB of XML in a 43 KB file, and took the old
/// importer 120 MB). Returns the file and the size of its XML.
pub fn empty_tables(n: usize) -> (Vec<u8>, usize) {
    let xml = word_body(&"<w:tbl/>".repeat(n));
    (docx_with(xml.as_bytes(), true), xml.len())
}

/// Item 3: a Word file of `n` empty paragraphs (3 000 000 are 18 MB of XML in 40 KB).
pub fn empty_paragraphs(n: usize) -> Vec<u8> {
    docx_with(word_body(&"<w:p/>".repeat(n)).as_bytes(), true)
}

/// Item 3: a text dump of `lines` one-character lines.
pub fn text_dump(lines: usize) -> String {
    "甲\n".repeat(lines)
}

/// Item 3: a Word file whose table 3 repeats its first row `rows` times with a unit after every
/// number: each cell is a line of the import report (6 000 rows: a 13 KB file, a 1 MB report
/// before the cap).
pub fn many_readings(rows: usize) -> Vec<u8> {
    let cell = |t: &str| format!("<w:tc>{}</w:tc>", para(t));
    let row = |cells: &[&str]| format!("<w:tr>{}</w:tr>", cells.iter().map(|c| cell(c)).collect::<String>());
    let mut label_row = vec!["一、本年新收政府信息公开申请数量"];
    label_row.extend(["5件"; 7]);
    let inner = format!(
        "{}<w:tbl>{}{}</w:tbl>",
        para("一、总体情况"),
        row(&["本年新收政府信息公开申请数量"]),
        row(&label_row).repeat(rows)
    );
    docx_with(word_body(&inner).as_bytes(), true)
}

/// Item 2: a Word table 3 whose header row is repeated `rows` times (as a fuzzed file had it):
/// the header check compared every cell with every row label.
pub fn repeated_header_rows(rows: usize) -> Vec<u8> {
    let cell = |t: &str| format!("<w:tc>{}</w:tc>", para(t));
    let row = |cells: &[&str]| format!("<w:tr>{}</w:tr>", cells.iter().map(|c| cell(c)).collect::<String>());
    let header = row(&["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]);
    let inner = format!(
        "{}<w:tbl>{}{}{}</w:tbl>",
        para("一、总体情况"),
        row(&["本年新收政府信息公开申请数量"]),
        header.repeat(rows),
        row(&["一、本年新收政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1"])
    );
    docx_with(word_body(&inner).as_bytes(), true)
}

/// The example with the first `from` replaced by `to`; the example unchanged when it has no
/// `from` (the tests check that each edit applies).
pub fn example_with(from: &str, to: &str) -> String {
    EXAMPLE.replacen(from, to, 1)
}

/// Item 4 and 6: the example with its fee (`fee_wan_yuan`, a string) written as `value` (with
/// its quotes, or without them).
pub fn with_fee(value: &str) -> String {
    example_with("fee_wan_yuan: \"0\"", &format!("fee_wan_yuan: {value}"))
}

/// Item 6: the example with its count of licences (line 81, column 20) written as `value`.
pub fn with_count(value: &str) -> String {
    example_with("licensing: 0,", &format!("licensing: {value},"))
}

/// Item 9: the example with its phone number (a string) written as `value`.
pub fn with_phone(value: &str) -> String {
    example_with("phone: \"0597-5771168\"", &format!("phone: \"{value}\""))
}

/// Item 9: the example with `n` more preamble paragraphs.
pub fn with_preamble_paragraphs(n: usize) -> String {
    example_with("preamble: [\n", &format!("preamble: [\n{}", "\"段\",".repeat(n)))
}

/// Items 5 and 11: the example whose first paragraph starts with `prefix` instead of “2024年金砂镇”.
pub fn with_first_paragraph(prefix: &str) -> String {
    example_with("Para(\"2024年金砂镇", &format!("Para(\"{prefix}"))
}

/// Item 5: the example cut inside its last-but-some character: a UTF-8 file truncated.
pub fn cut_inside_a_character() -> Vec<u8> {
    let mut bytes = EXAMPLE.as_bytes().to_vec();
    bytes.truncate(bytes.len().saturating_sub(40));
    bytes.extend_from_slice(&"中".as_bytes()[..2]);
    bytes
}

/// Item 5: a Word file whose XML has a byte that is not UTF-8.
pub fn docx_not_utf8() -> Vec<u8> {
    let mut xml = word_body(&para("一、总体情况")).into_bytes();
    let at = xml.len() - 30;
    xml[at] = 0xFF;
    docx_with(&xml, true)
}

/// Item 5: a Word file stored without compression whose XML was changed after its checksum was
/// computed.
pub fn docx_bad_checksum() -> Vec<u8> {
    let mut zip = docx_with(word_body(&para("一、总体情况")).as_bytes(), false);
    if let Some(pos) = zip.windows(8).position(|w| w == b"<w:body>") {
        zip[pos + 1] = b'x';
    }
    zip
}

/// Item 5: a Word file whose entries say they are compressed with bzip2 (method 12), which the
/// importer does not unpack. Returns the file and how many headers were changed (4).
pub fn docx_unsupported_compression() -> (Vec<u8>, usize) {
    let mut zip = docx_with(word_body(&para("一、总体情况")).as_bytes(), false);
    let mut patched = 0;
    for sig in [&b"PK\x03\x04"[..], &b"PK\x01\x02"[..]] {
        // The method is at offset 8 of a local header, 10 of a central directory entry.
        let field = if sig[2] == 3 { 8 } else { 10 };
        let mut from = 0;
        while let Some(p) = zip[from..].windows(4).position(|w| w == sig) {
            let at = from + p;
            zip[at + field] = 12;
            zip[at + field + 1] = 0;
            patched += 1;
            from = at + 4;
        }
    }
    (zip, patched)
}

/// Item 5: a PDF whose one page has an array nested `depth` deep: the PDF reader refuses the
/// object (and logs it, in English, which the clerk must not see).
pub fn pdf_deep_nesting(depth: usize) -> Vec<u8> {
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /X {nested} >>"),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// Item 8: the example exported as a web page (a unit's submission in a review folder).
pub fn example_as_web_page() -> Vec<u8> {
    use crate::export::{ExportOptions, FontPolicy, Format, export_as};
    let opts = ExportOptions { draft: true, fonts: FontPolicy::BundledOnly, created: Some(0), ..Default::default() };
    crate::io::load_str(EXAMPLE)
        .ok()
        .and_then(|r| export_as(&r, None, Format::Html, opts).ok())
        .map(|e| e.bytes)
        .unwrap_or_default()
}

/// Item 5: the example exported as Word (a file to be returned by a reviewer), with its
/// `word/document.xml` made malformed: a closing tag that does not match.
pub fn returned_word_with_broken_xml() -> Vec<u8> {
    use crate::export::{ExportOptions, FontPolicy, Format, export_as};
    let opts = ExportOptions { draft: true, fonts: FontPolicy::BundledOnly, created: Some(0), ..Default::default() };
    let Some(docx) = crate::io::load_str(EXAMPLE).ok().and_then(|r| export_as(&r, None, Format::Docx, opts).ok())
    else {
        return Vec::new();
    };
    let Some(mut parts) = super::unzip(&docx.bytes) else { return Vec::new() };
    for (name, bytes) in &mut parts {
        if name == "word/document.xml" {
            let xml = String::from_utf8_lossy(bytes).replacen("</w:body>", "</w:bodx>", 1);
            *bytes = xml.into_bytes();
        }
    }
    super::zip_parts(&parts).unwrap_or_default()
}

/// Item 10: names of temporary files an interrupted write of ours left next to `report.pdf`
/// and `report.ron`, from a process that cannot be running (above Linux's PID_MAX_LIMIT).
pub const STALE_TEMPORARIES: [&str; 3] =
    [".report.pdf.tmp-4194999-0", ".report.ron.bak-4194999-3", ".其他.docx.tmp-4194998-12"];

/// One command a clerk runs on one hostile input.
#[derive(Clone, Debug)]
pub struct Case {
    /// Item of the issue and a letter: `1a`, `5c`.
    pub id: &'static str,
    /// What the input is, in a few words.
    pub what: &'static str,
    /// The files the command needs, by name, in its working folder.
    pub files: Vec<(String, Vec<u8>)>,
    /// A named pipe to make in the working folder first (item 7).
    pub fifo: Option<&'static str>,
    /// The arguments of `nianbao`, paths relative to the working folder.
    pub args: Vec<&'static str>,
}

const MB: usize = 1024 * 1024;

/// Every item of the issue as the command line meets it, with the sizes the issue names.
pub fn cases() -> Vec<Case> {
    let case = |id, what, files: Vec<(&str, Vec<u8>)>, args: &[&'static str]| Case {
        id,
        what,
        files: files.into_iter().map(|(n, b)| (n.to_owned(), b)).collect(),
        fifo: None,
        args: args.to_vec(),
    };
    let import = |name: &'static str| -> Vec<&'static str> { vec!["import", name, "-o", "out.ron"] };
    let check = |name: &'static str| -> Vec<&'static str> { vec!["check", name] };
    let example = || ("report.ron", EXAMPLE.as_bytes().to_vec());
    let huge = "9".repeat(9 * MB);
    let long = "很".repeat(crate::io::MAX_TEXT_CHARS + 1);
    vec![
        case(
            "1a",
            "20 000 nested content controls (.docx)",
            vec![("deep.docx", deep_content_controls(20_000))],
            &import("deep.docx"),
        ),
        case("1b", "a run 20 000 deep (.docx)", vec![("deep.docx", deep_runs(20_000))], &import("deep.docx")),
        case(
            "2a",
            "100 000 attributes on one element (.docx)",
            vec![("attrs.docx", many_attributes(100_000))],
            &import("attrs.docx"),
        ),
        case(
            "2b",
            "200 000 bookmark markers (.txt)",
            vec![("marks.txt", bookmark_line(200_000).into_bytes())],
            &import("marks.txt"),
        ),
        case(
            "2c",
            "60 000 lines like sub-headings (.txt)",
            vec![("subs.txt", many_subheadings(60_000).into_bytes())],
            &import("subs.txt"),
        ),
        case(
            "3a",
            "1 000 000 empty tables (.docx)",
            vec![("tables.docx", empty_tables(1_000_000).0)],
            &import("tables.docx"),
        ),
        case(
            "3b",
            "3 000 000 empty paragraphs (.docx)",
            vec![("paras.docx", empty_paragraphs(3_000_000))],
            &import("paras.docx"),
        ),
        case(
            "3c",
            "8 MB text dump, 2 000 000 lines (.txt)",
            vec![("dump.txt", text_dump(2_000_000).into_bytes())],
            &import("dump.txt"),
        ),
        case(
            "3d",
            "6 000 table rows with units (.docx): the import report",
            vec![("units.docx", many_readings(6_000))],
            &import("units.docx"),
        ),
        case(
            "4a",
            "a field name of 9 MB",
            vec![("r.ron", example_with("licensing: 0", &format!("l{huge}: 0")).into_bytes())],
            &check("r.ron"),
        ),
        case(
            "4b",
            "a level of 9 MB",
            vec![("r.ron", example_with("level: township", &format!("level: t{huge}")).into_bytes())],
            &check("r.ron"),
        ),
        case("4c", "a fee of 9 MB", vec![("r.ron", with_fee(&format!("\"{huge}x\"")).into_bytes())], &check("r.ron")),
        case(
            "5a",
            "a struct name (Report(…))",
            vec![("r.ron", example_with("\n(\n", "\nReport(\n").into_bytes())],
            &check("r.ron"),
        ),
        case(
            "5b",
            "a dotted field name",
            vec![("r.ron", example_with("licensing: 0", "leg.l_service: 0").into_bytes())],
            &check("r.ron"),
        ),
        case(
            "5c",
            "a bad escape \\u{zzzz}",
            vec![("r.ron", example_with("\"永定区金砂镇\"", "\"永定区\\u{zzzz}金砂镇\"").into_bytes())],
            &check("r.ron"),
        ),
        case(
            "5d",
            "year 1989",
            vec![("r.ron", example_with("year: 2024", "year: 1989").into_bytes())],
            &check("r.ron"),
        ),
        case(
            "5e",
            "a paragraph of 20 001 characters",
            vec![("r.ron", with_first_paragraph(&long).into_bytes())],
            &check("r.ron"),
        ),
        case("5f", "UTF-8 cut inside a character", vec![("r.ron", cut_inside_a_character())], &check("r.ron")),
        case(
            "5g",
            "a byte that is not UTF-8 in the XML (.docx)",
            vec![("bad.docx", docx_not_utf8())],
            &import("bad.docx"),
        ),
        case("5h", "a wrong checksum (.docx)", vec![("bad.docx", docx_bad_checksum())], &import("bad.docx")),
        case(
            "5i",
            "bzip2-compressed entries (.docx)",
            vec![("bad.docx", docx_unsupported_compression().0)],
            &import("bad.docx"),
        ),
        case(
            "5j",
            "an array nested 100 000 deep (.pdf)",
            vec![("deep.pdf", pdf_deep_nesting(100_000))],
            &import("deep.pdf"),
        ),
        case("6a", "a count written 0x10", vec![("r.ron", with_count("0x10").into_bytes())], &check("r.ron")),
        case("6b", "a count written 1_000", vec![("r.ron", with_count("1_000").into_bytes())], &check("r.ron")),
        case("6c", "a fee written \"1,000\"", vec![("r.ron", with_fee("\"1,000\"").into_bytes())], &check("r.ron")),
        Case { fifo: Some("pipe.ron"), ..case("7", "a named pipe as the project file", vec![], &check("pipe.ron")) },
        case(
            "8a",
            "next year's report written to the input's .bak",
            vec![example()],
            &["next", "report.ron", "-o", "report.ron.bak"],
        ),
        case(
            "8b",
            "a PDF written over the input",
            vec![example()],
            &["export", "report.ron", "-o", "./report.ron", "--format", "pdf"],
        ),
        case(
            "8c",
            "a new project over an existing one",
            vec![example()],
            &["new", "--org", "金砂镇人民政府", "--year", "2025", "-o", "report.ron"],
        ),
        case(
            "8d",
            "a review whose workbook is one of the reports it reads",
            vec![("reports/a.ron", EXAMPLE.as_bytes().to_vec()), ("reports/b.html", example_as_web_page())],
            &["review", "reports", "-o", "reports/b.html"],
        ),
        case(
            "9a",
            "a 9 MB phone number",
            vec![("r.ron", with_phone(&"1".repeat(9 * MB)).into_bytes())],
            &check("r.ron"),
        ),
        case(
            "9b",
            "a 9 MB phone number, exported as a draft",
            vec![("r.ron", with_phone(&"1".repeat(9 * MB)).into_bytes())],
            &["export", "r.ron", "--draft", "-o", "r.pdf"],
        ),
        case(
            "9c",
            "a phone number of 100 characters",
            vec![("r.ron", with_phone(&"0597-5771168，".repeat(8)).into_bytes())],
            &check("r.ron"),
        ),
        case(
            "9d",
            "100 000 preamble paragraphs",
            vec![("r.ron", with_preamble_paragraphs(100_000).into_bytes())],
            &check("r.ron"),
        ),
        case(
            "10",
            "stale temporaries of a killed export",
            std::iter::once(example()).chain(STALE_TEMPORARIES.iter().map(|n| (*n, b"x".to_vec()))).collect(),
            &["export", "report.ron", "--draft", "-o", "report.pdf"],
        ),
        case(
            "11",
            "U+0001 in a paragraph, exported as a draft",
            vec![("r.ron", with_first_paragraph("2024年\\u{1}金砂镇").into_bytes())],
            &["export", "r.ron", "--draft", "-o", "r.pdf"],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_edit_of_the_example_applies_and_every_case_has_its_files() {
        for edited in [
            with_fee("\"1\""),
            with_count("1"),
            with_phone("1"),
            with_preamble_paragraphs(1),
            with_first_paragraph("x"),
            example_with("\n(\n", "\nReport(\n"),
            example_with("year: 2024", "year: 1989"),
            example_with("licensing: 0", "x: 0"),
            example_with("\"永定区金砂镇\"", "\"x\""),
        ] {
            assert_ne!(edited, EXAMPLE);
        }
        assert_eq!(docx_unsupported_compression().1, 4);
        let cases = cases();
        assert!(cases.len() >= 11);
        for c in &cases {
            assert!(c.fifo.is_some() || !c.files.is_empty(), "{}", c.id);
            assert!(c.files.iter().all(|(_, b)| !b.is_empty()), "{}", c.id);
        }
        for item in 1..=11 {
            assert!(
                cases.iter().any(|c| c.id.trim_end_matches(char::is_alphabetic) == item.to_string()),
                "item {item} has no case"
            );
        }
    }
}
