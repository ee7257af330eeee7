//! The report as a Word document (.docx), written as WordprocessingML on the `zip` crate.
//!
//! It opens in Word, WPS and LibreOffice as an official document typed by hand would: A4 with the
//! GB/T 9704 margins of the PDF, a document grid of 28 characters × 22 lines, real styles (正文,
//! 标题 1/2 for the navigation pane, 标题, 文号, 表格文字, 落款), the 公文 fonts by their Windows
//! family names (whatever this machine has: the reviewer's PC has them), the three tables as real
//! Word tables with the official merged cells, header rows that repeat on every page and rows that
//! never break, page numbers “— N —” as a PAGE field in the footer (odd pages right, even pages
//! left), 草稿 in the header of every page of a draft, and the metadata of [`super::meta`] as a
//! custom XML part.
//!
//! Why by hand: the crates made for writing .docx either cannot express the document grid,
//! odd/even footers, fields and custom XML parts, or pull in an image library and an older zip;
//! the markup needed here is small, fixed and tested.

use std::fmt::Write as _;
use std::io::Write as _;

use super::compose::{Content, Item};
use super::layout::{self, BODY_PT, CHARS_PER_LINE, PAGE_NO_PT, TABLE_PT, TITLE_PT};
use super::meta::{self, escape};
use super::units::Mm;
use crate::model::standard::TITLE_TAIL;
use crate::model::tables::{Grid, GridCell, GridContent, LabelRole, TableId, grid};

/// The body font: 仿宋_GB2312 (Windows XP-era 公文 font), with 仿宋 as its alternative.
pub const FONT_BODY: (&str, &str) = ("仿宋_GB2312", "仿宋");
/// The title font: 方正小标宋简体, with 宋体.
pub const FONT_TITLE: (&str, &str) = ("方正小标宋简体", "宋体");
/// The heading font: 黑体.
pub const FONT_HEADING: (&str, &str) = ("黑体", "SimHei");
/// The sub-heading font: 楷体_GB2312, with 楷体.
pub const FONT_SUBHEADING: (&str, &str) = ("楷体_GB2312", "楷体");

/// Twips (1/20 pt) of a length.
fn twips(l: Mm) -> i64 {
    (l.pt().0 * 20.0).round() as i64
}

/// Page geometry in twips (A4; margins 37/35/28/26 mm).
const PAGE_W: i64 = 11906;
const PAGE_H: i64 = 16838;
const MARGIN_TOP: i64 = 2098;
const MARGIN_BOTTOM: i64 = 1984;
const MARGIN_LEFT: i64 = 1587;
const MARGIN_RIGHT: i64 = 1474;
/// The text width.
const TEXT_W: i64 = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT;
/// The line pitch of the grid: 22 lines in the text height.
const LINE_PITCH: i64 = (PAGE_H - MARGIN_TOP - MARGIN_BOTTOM) / 22;

/// Character spacing of body text, in twips (−0.25 pt): 28 characters of 3号 to a line.
const CONDENSE: i64 = -5;

/// Half-points of a size in points.
fn half_points(pt: f32) -> i64 {
    (pt * 2.0).round() as i64
}

/// The character pitch of the grid relative to the body size, in 1/4096 pt (Word's charSpace).
fn char_space() -> i64 {
    let pitch_pt = TEXT_W as f64 / 20.0 / f64::from(CHARS_PER_LINE);
    ((pitch_pt - f64::from(BODY_PT.0)) * 4096.0).round() as i64
}

/// A text run: characters escaped, tabs as `w:tab`, line breaks as `w:br`.
fn run(out: &mut String, text: &str, rpr: &str) {
    let mut segment = String::new();
    let flush = |out: &mut String, segment: &mut String| {
        if !segment.is_empty() {
            write!(out, "<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>", escape(segment)).ok();
            segment.clear();
        }
    };
    for c in text.chars() {
        match c {
            '\t' => {
                flush(out, &mut segment);
                write!(out, "<w:r>{rpr}<w:tab/></w:r>").ok();
            }
            '\n' => {
                flush(out, &mut segment);
                write!(out, "<w:r>{rpr}<w:br/></w:r>").ok();
            }
            c => segment.push(c),
        }
    }
    flush(out, &mut segment);
}

/// A paragraph with a style and extra paragraph properties.
fn paragraph(out: &mut String, style: &str, ppr: &str, text: &str) {
    write!(out, "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>{ppr}</w:pPr>").ok();
    run(out, text, "");
    out.push_str("</w:p>");
}

/// Width of a text in em, counting half-width characters as half.
fn em_width(text: &str) -> f32 {
    text.chars().map(|c| if (c as u32) < 0x2E80 || ('\u{ff61}'..='\u{ffdc}').contains(&c) { 0.5 } else { 1.0 }).sum()
}

/// The title: broken before 政府信息公开工作年度报告 as the PDF does when it needs two lines.
fn title(out: &mut String, text: &str) {
    let per_line = layout::WIDTH / TITLE_PT.mm();
    let text = match text.find(TITLE_TAIL) {
        Some(at) if at > 0 && em_width(text) > per_line && em_width(&text[..at]) <= per_line => {
            format!("{}\n{}", &text[..at], &text[at..])
        }
        _ => text.to_owned(),
    };
    paragraph(out, "ReportTitle", "", &text);
}

/// The signing agency centred over the date, the date four characters in from the right, two
/// blank lines above for the seal (as in the PDF).
fn signature(out: &mut String, signer: &str, date: Option<String>) {
    let date_w = date.as_deref().map_or(0.0, em_width);
    let mut first = true;
    let seal = format!("<w:spacing w:before=\"{}\" w:line=\"{LINE_PITCH}\" w:lineRule=\"exact\"/>", 2 * LINE_PITCH);
    let mut before = || if std::mem::take(&mut first) { seal.clone() } else { String::new() };
    if !signer.is_empty() {
        let sw = em_width(signer);
        let right = if date.is_some() && sw <= CHARS_PER_LINE - 2.0 {
            // Centre over the date; never closer than two characters to the right edge.
            (4.0 + (date_w - sw) / 2.0).max(2.0)
        } else {
            2.0
        };
        let keep = if date.is_some() { "<w:keepNext/>" } else { "" };
        let ppr = format!(
            "{keep}{}<w:ind w:rightChars=\"{}\" w:right=\"0\" w:firstLineChars=\"0\" w:firstLine=\"0\"/>",
            before(),
            (right * 100.0).round() as i64
        );
        paragraph(out, "Signature", &ppr, signer);
    }
    if let Some(d) = date {
        let ppr =
            format!("{}<w:ind w:rightChars=\"400\" w:right=\"0\" w:firstLineChars=\"0\" w:firstLine=\"0\"/>", before());
        paragraph(out, "Signature", &ppr, &d);
    }
}

/// Column widths in twips, filling the text width exactly.
fn column_twips(t: TableId) -> Vec<i64> {
    let widths = layout::column_widths(t, grid(t));
    let mut tw: Vec<i64> = widths.iter().map(|w| twips(*w)).collect();
    let diff = TEXT_W - tw.iter().sum::<i64>();
    if let Some(last) = tw.last_mut() {
        *last += diff;
    }
    tw
}

/// A table as a Word table: the official grid with its merges.
fn table(out: &mut String, content: &Content<'_>, t: TableId) {
    let g: &Grid = grid(t);
    let cols = column_twips(t);
    let border = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"";
    write!(
        out,
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"ReportTable\"/><w:tblW w:w=\"{TEXT_W}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>\
         <w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders>\
         <w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar>\
         <w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
    ).ok();
    for w in &cols {
        write!(out, "<w:gridCol w:w=\"{w}\"/>").ok();
    }
    out.push_str("</w:tblGrid>");
    for row in 0..g.rows {
        out.push_str("<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val=\"397\" w:hRule=\"atLeast\"/>");
        if row < g.header_rows {
            out.push_str("<w:tblHeader/>");
        }
        out.push_str("</w:trPr>");
        let keep = g.keep_with_next.get(row).copied().unwrap_or(false);
        let mut col = 0;
        while col < g.columns {
            let Some(c) = g.cells.iter().find(|c| c.col == col && c.row <= row && row < c.row + c.rowspan) else {
                col += 1;
                continue;
            };
            cell(out, content, c, row, &cols, keep);
            col += c.colspan;
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

fn cell(out: &mut String, content: &Content<'_>, c: &GridCell, row: usize, cols: &[i64], keep: bool) {
    let width: i64 = cols[c.col..c.col + c.colspan].iter().sum();
    write!(out, "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>").ok();
    if c.colspan > 1 {
        write!(out, "<w:gridSpan w:val=\"{}\"/>", c.colspan).ok();
    }
    if c.rowspan > 1 {
        out.push_str(if c.row == row { "<w:vMerge w:val=\"restart\"/>" } else { "<w:vMerge/>" });
    }
    out.push_str("<w:vAlign w:val=\"center\"/></w:tcPr>");
    let keep = if keep { "<w:keepNext/>" } else { "" };
    if c.row != row {
        write!(out, "<w:p><w:pPr><w:pStyle w:val=\"TableText\"/>{keep}</w:pPr></w:p></w:tc>").ok();
        return;
    }
    let (text, align) = match c.content {
        GridContent::Label { text, role } => {
            let left = matches!(role, LabelRole::RowHeader) && (c.rowspan == 1 || c.colspan > 1);
            (text.to_owned(), if left { "left" } else { "center" })
        }
        GridContent::Value(id) => (content.cell_text(id), "center"),
    };
    paragraph(out, "TableText", &format!("{keep}<w:jc w:val=\"{align}\"/>"), &text);
    out.push_str("</w:tc>");
}

/// The body of `word/document.xml`.
fn body(content: &Content<'_>) -> String {
    let mut out = String::with_capacity(96 * 1024);
    let mut last_was_table = false;
    for (i, item) in content.items.iter().enumerate() {
        last_was_table = false;
        // The last text keeps with the signature: a page with only the signature on it is not
        // allowed (GB/T 9704).
        let keep = if matches!(content.items.get(i + 1), Some(Item::Signature { .. })) { "<w:keepNext/>" } else { "" };
        match item {
            Item::DocNumber(t) => paragraph(&mut out, "DocNumber", "", &t.text),
            Item::Title(t) => title(&mut out, &t.text),
            Item::Paragraph { text, .. } => paragraph(&mut out, "BodyText", keep, &text.text),
            Item::Heading(t) if t.text.is_empty() => {}
            Item::Heading(t) => paragraph(&mut out, "Heading1", "", &t.text),
            Item::Subheading(t) => paragraph(&mut out, "Heading2", "", &t.text),
            Item::Table(t) => {
                table(&mut out, content, *t);
                last_was_table = true;
            }
            Item::Signature { signer, date } => signature(&mut out, signer, date.map(|d| d.to_string())),
        }
    }
    if last_was_table {
        // Word wants a paragraph after a table at the end of the body.
        out.push_str("<w:p><w:pPr><w:pStyle w:val=\"BodyText\"/></w:pPr></w:p>");
    }
    out
}

const W_NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

fn document_xml(content: &Content<'_>) -> String {
    let headers = if content.draft {
        "<w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/><w:headerReference w:type=\"even\" r:id=\"rIdHeader\"/>"
    } else {
        ""
    };
    format!(
        "{XML_DECL}<w:document {W_NS}><w:body>{}<w:sectPr>{headers}\
         <w:footerReference w:type=\"default\" r:id=\"rIdFooterOdd\"/><w:footerReference w:type=\"even\" r:id=\"rIdFooterEven\"/>\
         <w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\"/>\
         <w:pgMar w:top=\"{MARGIN_TOP}\" w:right=\"{MARGIN_RIGHT}\" w:bottom=\"{MARGIN_BOTTOM}\" w:left=\"{MARGIN_LEFT}\" w:header=\"851\" w:footer=\"1304\" w:gutter=\"0\"/>\
         <w:cols w:space=\"425\"/><w:docGrid w:type=\"linesAndChars\" w:linePitch=\"{LINE_PITCH}\" w:charSpace=\"{}\"/></w:sectPr></w:body></w:document>",
        body(content),
        char_space(),
    )
}

/// Run properties in the order of the schema (Word refuses elements out of order).
#[derive(Default)]
struct RPr<'a> {
    font: Option<&'a str>,
    snap_off: bool,
    color: Option<&'a str>,
    spacing: Option<i64>,
    size_pt: Option<f32>,
}

impl RPr<'_> {
    fn xml(&self) -> String {
        let mut s = String::from("<w:rPr>");
        if let Some(f) = self.font {
            write!(
                s,
                "<w:rFonts w:ascii=\"{f}\" w:eastAsia=\"{f}\" w:hAnsi=\"{f}\" w:cs=\"{f}\" w:hint=\"eastAsia\"/>"
            )
            .ok();
        }
        if self.snap_off {
            s.push_str("<w:snapToGrid w:val=\"0\"/>");
        }
        if let Some(c) = self.color {
            write!(s, "<w:color w:val=\"{c}\"/>").ok();
        }
        if let Some(v) = self.spacing {
            write!(s, "<w:spacing w:val=\"{v}\"/>").ok();
        }
        if let Some(pt) = self.size_pt {
            let hp = half_points(pt);
            write!(s, "<w:sz w:val=\"{hp}\"/><w:szCs w:val=\"{hp}\"/>").ok();
        }
        s.push_str("</w:rPr>");
        s
    }
}

/// Paragraph properties in the order of the schema.
#[derive(Default)]
struct PPr<'a> {
    keep_next: bool,
    keep_lines: bool,
    snap_off: bool,
    /// (before, after, exact line pitch) in twips.
    spacing: Option<(i64, i64, Option<i64>)>,
    /// First-line indent in characters (hundredths).
    first_line_chars: Option<i64>,
    jc: Option<&'a str>,
    outline: Option<u8>,
}

impl PPr<'_> {
    fn xml(&self) -> String {
        let mut s = String::new();
        if self.keep_next {
            s.push_str("<w:keepNext/>");
        }
        if self.keep_lines {
            s.push_str("<w:keepLines/>");
        }
        if self.snap_off {
            s.push_str("<w:snapToGrid w:val=\"0\"/>");
        }
        if let Some((before, after, line)) = self.spacing {
            write!(s, "<w:spacing w:before=\"{before}\" w:after=\"{after}\"").ok();
            match line {
                Some(l) => write!(s, " w:line=\"{l}\" w:lineRule=\"exact\"/>").ok(),
                None => write!(s, " w:line=\"240\" w:lineRule=\"auto\"/>").ok(),
            };
        }
        if let Some(c) = self.first_line_chars {
            let twips = c * BODY_PT.0 as i64 * 20 / 100;
            write!(s, "<w:ind w:firstLineChars=\"{c}\" w:firstLine=\"{twips}\"/>").ok();
        }
        if let Some(j) = self.jc {
            write!(s, "<w:jc w:val=\"{j}\"/>").ok();
        }
        if let Some(o) = self.outline {
            write!(s, "<w:outlineLvl w:val=\"{o}\"/>").ok();
        }
        format!("<w:pPr>{s}</w:pPr>")
    }
}

fn style(id: &str, name: &str, builtin: bool, ui_priority: Option<u8>, ppr: &PPr<'_>, rpr: &RPr<'_>) -> String {
    let mut s = format!(
        "<w:style w:type=\"paragraph\" w:customStyle=\"{}\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"BodyText\"/><w:next w:val=\"BodyText\"/>",
        u8::from(!builtin)
    );
    if let Some(p) = ui_priority {
        write!(s, "<w:uiPriority w:val=\"{p}\"/>").ok();
    }
    s.push_str("<w:qFormat/>");
    s.push_str(&ppr.xml());
    s.push_str(&rpr.xml());
    s.push_str("</w:style>");
    s
}

fn styles_xml() -> String {
    let (body_font, _) = FONT_BODY;
    let defaults = RPr { font: Some(body_font), size_pt: Some(BODY_PT.0), ..RPr::default() }.xml();
    // No text snaps to the document grid: LibreOffice gives a character larger than the grid
    // pitch two cells of the character grid. Instead the lines have the grid's exact pitch and
    // full-width characters are set a little closer than their size, so that 28 fit a line in
    // Word, WPS and LibreOffice alike.
    let normal_ppr = format!(
        "<w:pPr><w:autoSpaceDE w:val=\"0\"/><w:autoSpaceDN w:val=\"0\"/><w:snapToGrid w:val=\"0\"/><w:spacing w:line=\"{LINE_PITCH}\" w:lineRule=\"exact\"/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:jc w:val=\"both\"/></w:pPr>"
    );
    let normal_rpr =
        RPr { font: Some(body_font), spacing: Some(CONDENSE), size_pt: Some(BODY_PT.0), ..RPr::default() }.xml();
    let mut s = format!(
        "{XML_DECL}<w:styles {W_NS}><w:docDefaults><w:rPrDefault>{defaults}</w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl/><w:autoSpaceDE w:val=\"0\"/><w:autoSpaceDN w:val=\"0\"/><w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"BodyText\"><w:name w:val=\"Normal\"/><w:qFormat/>{normal_ppr}{normal_rpr}</w:style>\
         <w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>\
         <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:semiHidden/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
         <w:style w:type=\"table\" w:customStyle=\"1\" w:styleId=\"ReportTable\"><w:name w:val=\"统计表\"/><w:basedOn w:val=\"TableNormal\"/></w:style>"
    );
    let heading = |level: u8| PPr {
        keep_next: true,
        keep_lines: true,
        first_line_chars: Some(200),
        jc: Some("left"),
        outline: Some(level),
        ..PPr::default()
    };
    let no_indent = Some(0);
    s.push_str(&style(
        "Heading1",
        "heading 1",
        true,
        Some(9),
        &heading(0),
        &RPr { font: Some(FONT_HEADING.0), ..RPr::default() },
    ));
    s.push_str(&style(
        "Heading2",
        "heading 2",
        true,
        Some(9),
        &heading(1),
        &RPr { font: Some(FONT_SUBHEADING.0), ..RPr::default() },
    ));
    s.push_str(&style(
        "ReportTitle",
        "Title",
        true,
        Some(10),
        &PPr {
            keep_next: true,
            spacing: Some((0, LINE_PITCH, Some(twips(layout::TITLE_LINE)))),
            first_line_chars: no_indent,
            jc: Some("center"),
            ..PPr::default()
        },
        &RPr { font: Some(FONT_TITLE.0), size_pt: Some(TITLE_PT.0), ..RPr::default() },
    ));
    s.push_str(&style(
        "DocNumber",
        "文号",
        false,
        None,
        &PPr {
            spacing: Some((0, LINE_PITCH, Some(LINE_PITCH))),
            first_line_chars: no_indent,
            jc: Some("center"),
            ..PPr::default()
        },
        &RPr::default(),
    ));
    s.push_str(&style(
        "TableText",
        "表格文字",
        false,
        None,
        &PPr {
            snap_off: true,
            spacing: Some((0, 0, None)),
            first_line_chars: no_indent,
            jc: Some("center"),
            ..PPr::default()
        },
        &RPr { snap_off: true, spacing: Some(0), size_pt: Some(TABLE_PT.0), ..RPr::default() },
    ));
    s.push_str(&style(
        "Signature",
        "落款",
        false,
        None,
        &PPr { keep_lines: true, first_line_chars: no_indent, jc: Some("right"), ..PPr::default() },
        &RPr::default(),
    ));
    s.push_str(&style(
        "PageNumber",
        "页码",
        false,
        None,
        &PPr { snap_off: true, spacing: Some((0, 0, None)), first_line_chars: no_indent, ..PPr::default() },
        &RPr { spacing: Some(0), size_pt: Some(PAGE_NO_PT.0), ..RPr::default() },
    ));
    s.push_str(&style(
        "DraftMark",
        "草稿标记",
        false,
        None,
        &PPr {
            snap_off: true,
            spacing: Some((0, 0, None)),
            first_line_chars: no_indent,
            jc: Some("right"),
            ..PPr::default()
        },
        &RPr {
            font: Some(FONT_HEADING.0),
            color: Some("C00000"),
            spacing: Some(0),
            size_pt: Some(PAGE_NO_PT.0),
            ..RPr::default()
        },
    ));
    s.push_str("</w:styles>");
    s
}

fn font_table_xml() -> String {
    let mut s = format!("{XML_DECL}<w:fonts {W_NS}>");
    for (name, alt) in [
        FONT_BODY,
        FONT_TITLE,
        FONT_HEADING,
        FONT_SUBHEADING,
        ("仿宋", "FangSong"),
        ("楷体", "KaiTi"),
        ("宋体", "SimSun"),
    ] {
        write!(
            s,
            "<w:font w:name=\"{name}\"><w:altName w:val=\"{alt}\"/><w:charset w:val=\"86\"/><w:family w:val=\"{}\"/><w:pitch w:val=\"fixed\"/></w:font>",
            if name.contains('黑') { "modern" } else { "roman" }
        ).ok();
    }
    s.push_str("</w:fonts>");
    s
}

fn settings_xml() -> String {
    format!(
        "{XML_DECL}<w:settings {W_NS}><w:zoom w:percent=\"100\"/><w:evenAndOddHeaders/><w:defaultTabStop w:val=\"420\"/>\
         <w:drawingGridVerticalSpacing w:val=\"{}\"/><w:characterSpacingControl w:val=\"compressPunctuation\"/>\
         <w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/>\
         <w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
         <w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/><w:decimalSymbol w:val=\".\"/><w:listSeparator w:val=\",\"/></w:settings>",
        LINE_PITCH / 2
    )
}

/// A footer with “— PAGE —”, right-aligned (odd pages) or left-aligned (even pages), one
/// character in from the outer edge.
fn footer_xml(odd: bool) -> String {
    let em = half_points(PAGE_NO_PT.0) * 10;
    let (jc, ind) = if odd {
        ("right", format!("<w:ind w:right=\"{em}\" w:firstLineChars=\"0\" w:firstLine=\"0\"/>"))
    } else {
        ("left", format!("<w:ind w:left=\"{em}\" w:firstLineChars=\"0\" w:firstLine=\"0\"/>"))
    };
    format!(
        "{XML_DECL}<w:ftr {W_NS}><w:p><w:pPr><w:pStyle w:val=\"PageNumber\"/>{ind}<w:jc w:val=\"{jc}\"/></w:pPr>\
         <w:r><w:t xml:space=\"preserve\">— </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
         <w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>\
         <w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>"
    )
}

fn header_xml() -> String {
    format!(
        "{XML_DECL}<w:hdr {W_NS}><w:p><w:pPr><w:pStyle w:val=\"DraftMark\"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p></w:hdr>",
        super::WATERMARK
    )
}

/// An ISO 8601 time (UTC) from seconds since 1970.
fn w3c_time(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

fn core_xml(content: &Content<'_>, created: i64) -> String {
    let t = w3c_time(created);
    format!(
        "{XML_DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:subject>政府信息公开工作年度报告</dc:subject><dc:creator>{}</dc:creator><cp:keywords>政府信息公开,年度报告</cp:keywords>\
         <dc:language>zh-CN</dc:language><dcterms:created xsi:type=\"dcterms:W3CDTF\">{t}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{t}</dcterms:modified></cp:coreProperties>",
        escape(content.title()),
        escape(content.author()),
    )
}

fn app_xml() -> String {
    format!(
        "{XML_DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>年报编辑器 nianbao {}</Application></Properties>",
        escape(crate::build_info::VERSION_LINE)
    )
}

const CONTENT_TYPES: &str = "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
<Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>\
<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>\
<Override PartName=\"/word/footer2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>\
<Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>\
<Override PartName=\"/customXml/itemProps1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.customXmlProperties+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>";

const ROOT_RELS: &str = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>";

fn document_rels(draft: bool) -> String {
    let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let header = if draft {
        format!("<Relationship Id=\"rIdHeader\" Type=\"{r}/header\" Target=\"header1.xml\"/>")
    } else {
        String::new()
    };
    format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rIdStyles\" Type=\"{r}/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rIdSettings\" Type=\"{r}/settings\" Target=\"settings.xml\"/>\
         <Relationship Id=\"rIdFonts\" Type=\"{r}/fontTable\" Target=\"fontTable.xml\"/>\
         <Relationship Id=\"rIdFooterOdd\" Type=\"{r}/footer\" Target=\"footer1.xml\"/>\
         <Relationship Id=\"rIdFooterEven\" Type=\"{r}/footer\" Target=\"footer2.xml\"/>{header}\
         <Relationship Id=\"rIdMeta\" Type=\"{r}/customXml\" Target=\"../customXml/item1.xml\"/></Relationships>"
    )
}

/// The item id of the metadata part (fixed: one per document).
const META_ITEM_ID: &str = "{5E0C4A1B-7F3D-4C8E-9A2B-6D1E3F4A5B6C}";

fn item_props() -> String {
    format!(
        "{XML_DECL}<ds:datastoreItem ds:itemID=\"{META_ITEM_ID}\" xmlns:ds=\"http://schemas.openxmlformats.org/officeDocument/2006/customXml\"><ds:schemaRefs><ds:schemaRef ds:uri=\"{}\"/></ds:schemaRefs></ds:datastoreItem>",
        meta::NAMESPACE
    )
}

const ITEM_RELS: &str = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps\" Target=\"itemProps1.xml\"/></Relationships>";

/// Writes the .docx of composed content. `created` is the time recorded in the properties
/// (seconds since 1970).
pub fn write(content: &Content<'_>, created: i64) -> Result<Vec<u8>, String> {
    let mut parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", format!("{XML_DECL}{CONTENT_TYPES}")),
        ("_rels/.rels", format!("{XML_DECL}{ROOT_RELS}")),
        ("word/document.xml", document_xml(content)),
        ("word/_rels/document.xml.rels", document_rels(content.draft)),
        ("word/styles.xml", styles_xml()),
        ("word/settings.xml", settings_xml()),
        ("word/fontTable.xml", font_table_xml()),
        ("word/footer1.xml", footer_xml(true)),
        ("word/footer2.xml", footer_xml(false)),
        ("customXml/item1.xml", meta::to_xml(content.report)),
        ("customXml/itemProps1.xml", item_props()),
        ("customXml/_rels/item1.xml.rels", format!("{XML_DECL}{ITEM_RELS}")),
        ("docProps/core.xml", core_xml(content, created)),
        ("docProps/app.xml", app_xml()),
    ];
    if content.draft {
        parts.push(("word/header1.xml", header_xml()));
    } else {
        // The content types list header1.xml; a final document has no such part, so the
        // override is dropped.
        parts[0].1 = parts[0].1.replace(
            "<Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>",
            "",
        );
    }
    let mut buf = std::io::Cursor::new(Vec::with_capacity(64 * 1024));
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, text) in &parts {
            z.start_file(*name, opts).map_err(|e| format!("Word 文件写入失败：{e}"))?;
            z.write_all(text.as_bytes()).map_err(|e| format!("Word 文件写入失败：{e}"))?;
        }
        z.finish().map_err(|e| format!("Word 文件写入失败：{e}"))?;
    }
    Ok(buf.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geometry() {
        assert_eq!(TEXT_W, 8845);
        assert_eq!(LINE_PITCH, 579);
        // 28 characters of 3号 in the text width.
        assert_eq!(char_space(), -841);
        assert_eq!(twips(Mm(25.4)), 1440);
    }

    #[test]
    fn times() {
        assert_eq!(w3c_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(w3c_time(1_735_776_000), "2025-01-02T00:00:00Z");
        assert_eq!(w3c_time(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn runs_escape_and_keep_tabs_and_breaks() {
        let mut s = String::new();
        run(&mut s, "a<b>&\tc\nd", "");
        assert_eq!(
            s,
            "<w:r><w:t xml:space=\"preserve\">a&lt;b&gt;&amp;</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t xml:space=\"preserve\">c</w:t></w:r><w:r><w:br/></w:r><w:r><w:t xml:space=\"preserve\">d</w:t></w:r>"
        );
    }

    #[test]
    fn long_titles_break_before_the_fixed_words() {
        let mut s = String::new();
        title(&mut s, "永定区金砂镇2024年政府信息公开工作年度报告");
        assert!(s.contains("2024年</w:t></w:r><w:r><w:br/></w:r><w:r><w:t xml:space=\"preserve\">政府信息公开"), "{s}");
        let mut s = String::new();
        title(&mut s, "金砂镇2024年政府信息公开工作年度报告");
        assert!(!s.contains("<w:br/>"));
    }
}
