//! A report saved from its web page: `.html`/`.htm`, and the single-file `.mht`/`.mhtml` saves
//! of a browser or of Word.
//!
//! The page is decoded as it declares (a byte-order mark, `<meta charset>` or
//! `content="text/html; charset=gb2312"`; without a declaration UTF-8 when the bytes are UTF-8,
//! else GB18030, which reads GBK and GB2312), then read in one pass by a small tolerant tokenizer:
//! block elements and `<br>` end paragraphs, tables become [`Piece::Table`] with `colspan` and
//! `rowspan` understood (a cell covered from above is a continuation cell, as in Word), and a table
//! used for the page's layout (a cell holding another table or a long text) is read as the flow of
//! its cells. Scripts, styles, the `<head>`, navigation and hidden elements are skipped.
//!
//! A portal page shows the report between its own header, menus and footer. The report is cut out
//! of it: from the report's title (with a 文号 or a first title line just before it) to the
//! signature date after the last section; portal lines inside that range (发布时间, 字号, 打印,
//! 分享到 …) are dropped.
//!
//! Time and memory are linear in the size of the page; nesting depth costs nothing but a counter,
//! except for nested tables, which cost one small frame each.

use super::source::{Cell, Piece, SourceError};
use crate::model::report::Date;

/// Pages larger than this are refused (a saved report page is a few hundred KB).
pub const MAX_HTML_BYTES: usize = 20 * 1024 * 1024;

/// The refusal of a page too large to be a report.
fn too_large() -> SourceError {
    SourceError::Text("网页文件过大（超过 20 MB），不像是一份年报网页，未导入。".into())
}

/// The text of a web page, decoded as it declares.
pub fn page(bytes: &[u8]) -> Result<String, SourceError> {
    if bytes.len() > MAX_HTML_BYTES {
        return Err(too_large());
    }
    Ok(decode_page(bytes, None))
}

/// The text of the page in a single-file web archive (`.mht`/`.mhtml`): its first HTML part.
pub fn mht_page(bytes: &[u8]) -> Result<String, SourceError> {
    let (html, charset) = mht_html_part(bytes)
        .ok_or_else(|| SourceError::Text("这个 .mht 文件里没有找到网页内容（text/html 部分），未导入。".into()))?;
    if html.len() > MAX_HTML_BYTES {
        return Err(too_large());
    }
    Ok(decode_page(&html, charset.as_deref()))
}

/// The report in a page's text: its paragraphs and tables, the portal around it cut away.
pub fn read_page(text: &str) -> Vec<Piece> {
    trim_to_report(parse(text))
}

/// Reads a web page.
pub fn read_html(bytes: &[u8]) -> Result<Vec<Piece>, SourceError> {
    Ok(read_page(&page(bytes)?))
}

/// Reads a single-file web archive.
pub fn read_mht(bytes: &[u8]) -> Result<Vec<Piece>, SourceError> {
    Ok(read_page(&mht_page(bytes)?))
}

/// Whether bytes look like a web page (for files without a telling extension).
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head: Vec<u8> = bytes.iter().take(1024).map(u8::to_ascii_lowercase).collect();
    let head = String::from_utf8_lossy(&head);
    let t = head.trim_start_matches('\u{feff}').trim_start();
    t.starts_with("<!doctype html") || t.starts_with("<html") || head.contains("<html") || head.contains("<body")
}

/// Whether bytes look like a MIME web archive.
pub fn looks_like_mht(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    head.contains("mime-version:") && head.contains("multipart/related")
}

// ---------------------------------------------------------------------------------------------
// Encodings

/// Decodes text in the encoding it declares (`declared`, a BOM, a `charset=` in the first
/// kilobytes), else UTF-8 if it is valid UTF-8, else GB18030 (a superset of GBK and GB2312).
pub fn decode_page(bytes: &[u8], declared: Option<&str>) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc.decode_without_bom_handling(&bytes[bom..]).0.into_owned();
    }
    let label = declared.map(str::to_owned).or_else(|| charset_in(&bytes[..bytes.len().min(4096)]));
    if let Some(enc) = label.and_then(|l| encoding_rs::Encoding::for_label(l.trim().as_bytes())) {
        // A page that says UTF-16 in its text cannot be UTF-16 (it would need a BOM).
        if enc != encoding_rs::UTF_16LE && enc != encoding_rs::UTF_16BE {
            return enc.decode_without_bom_handling(bytes).0.into_owned();
        }
    }
    decode_guess(bytes)
}

/// UTF-8 when valid, else GB18030.
pub fn decode_guess(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// The `charset=` value in a page's first bytes.
fn charset_in(head: &[u8]) -> Option<String> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let at = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let value: String = lower[at..]
        .iter()
        .skip_while(|b| **b == b'"' || **b == b'\'' || **b == b' ')
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b'_')
        .map(|b| *b as char)
        .collect();
    (!value.is_empty()).then_some(value)
}

// ---------------------------------------------------------------------------------------------
// MHT

/// The first `text/html` part of a MIME archive, decoded from its transfer encoding, with the
/// charset its header declares.
fn mht_html_part(bytes: &[u8]) -> Option<(Vec<u8>, Option<String>)> {
    let (headers, body) = split_headers(bytes)?;
    let content_type = header(&headers, "content-type").unwrap_or_default();
    let lower = content_type.to_ascii_lowercase();
    if lower.starts_with("multipart/") {
        let boundary = param(&content_type, "boundary")?;
        let delimiter = format!("--{boundary}");
        let mut rest = body;
        // Parts lie between delimiter lines.
        while let Some(at) = find(rest, delimiter.as_bytes()) {
            rest = &rest[at + delimiter.len()..];
            if rest.starts_with(b"--") {
                break;
            }
            let end = find(rest, delimiter.as_bytes()).unwrap_or(rest.len());
            let part = &rest[..end];
            if let Some((h, b)) = split_headers(trim_line_start(part)) {
                let ct = header(&h, "content-type").unwrap_or_default();
                if ct.to_ascii_lowercase().starts_with("text/html") {
                    let encoding = header(&h, "content-transfer-encoding").unwrap_or_default();
                    return Some((transfer_decode(b, &encoding), param(&ct, "charset")));
                }
            }
        }
        None
    } else if lower.starts_with("text/html") {
        let encoding = header(&headers, "content-transfer-encoding").unwrap_or_default();
        Some((transfer_decode(body, &encoding), param(&content_type, "charset")))
    } else {
        None
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_line_start(b: &[u8]) -> &[u8] {
    let mut b = b;
    while let [b'\r' | b'\n', rest @ ..] = b {
        b = rest;
    }
    b
}

/// Header lines of a MIME entity: (lower-case name, value).
type Headers = Vec<(String, String)>;

/// Splits a MIME entity into its header lines (continuations unfolded) and its body.
fn split_headers(bytes: &[u8]) -> Option<(Headers, &[u8])> {
    let (end, skip) = match (find(bytes, b"\r\n\r\n"), find(bytes, b"\n\n")) {
        (Some(a), Some(b)) if b < a => (b, 2),
        (Some(a), _) => (a, 4),
        (None, Some(b)) => (b, 2),
        (None, None) => return None,
    };
    let text = String::from_utf8_lossy(&bytes[..end]);
    let mut headers: Headers = Vec::new();
    for line in text.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = headers.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
        } else if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
    Some((headers, &bytes[end + skip..]))
}

fn header(headers: &[(String, String)], name: &str) -> Option<String> {
    headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

/// A parameter of a header value: `boundary="----=_NextPart"`, `charset=gb2312`.
fn param(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case(name)).then(|| v.trim().trim_matches('"').to_owned())
    })
}

fn transfer_decode(body: &[u8], encoding: &str) -> Vec<u8> {
    match encoding.trim().to_ascii_lowercase().as_str() {
        "quoted-printable" => quoted_printable(body),
        "base64" => base64(body),
        _ => body.to_vec(),
    }
}

fn quoted_printable(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i] == b'=' {
            match (body.get(i + 1), body.get(i + 2)) {
                (Some(b'\r'), Some(b'\n')) => i += 3,
                (Some(b'\n'), _) => i += 2,
                (Some(h), Some(l)) if h.is_ascii_hexdigit() && l.is_ascii_hexdigit() => {
                    let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
                    out.push(hex(*h) * 16 + hex(*l));
                    i += 3;
                }
                _ => {
                    out.push(b'=');
                    i += 1;
                }
            }
        } else {
            out.push(body[i]);
            i += 1;
        }
    }
    out
}

fn base64(body: &[u8]) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(body.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0;
    for &c in body {
        if c == b'=' {
            break;
        }
        let Some(v) = value(c) else { continue };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The tokenizer and the flow of pieces

/// An open table: finished rows, the row and the cell being read.
#[derive(Default)]
struct TableFrame {
    rows: Vec<Vec<HtmlCell>>,
    row: Option<Vec<HtmlCell>>,
    cell: Option<HtmlCell>,
}

/// A table cell as read: its own flow (paragraphs and nested tables) and its spans.
#[derive(Default)]
struct HtmlCell {
    flow: Flow,
    colspan: usize,
    rowspan: usize,
}

/// Paragraphs and tables in reading order, with the paragraph being read.
#[derive(Default)]
struct Flow {
    pieces: Vec<Piece>,
    para: String,
    /// Whitespace seen since the last character: `Some(true)` when it held a line break.
    pending_space: Option<bool>,
}

impl Flow {
    fn text(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() && c != '\u{a0}' && c != '\u{3000}' {
                let newline = c == '\n' || c == '\r';
                self.pending_space = Some(self.pending_space.unwrap_or(false) || newline);
                continue;
            }
            if let Some(newline) = self.pending_space.take()
                && let Some(prev) = self.para.chars().next_back()
            {
                // A line break in the source between Chinese characters is no space (Word's
                // HTML wraps long lines anywhere); between Latin words it is one.
                let latin = |c: char| c.is_ascii_alphanumeric() || c.is_ascii_punctuation();
                if !newline || (latin(prev) && latin(c)) {
                    self.para.push(' ');
                }
            }
            self.para.push(if c == '\u{a0}' { ' ' } else { c });
        }
    }

    fn end_paragraph(&mut self) {
        self.pending_space = None;
        let t = self.para.trim();
        if !t.is_empty() {
            self.pieces.push(Piece::Para(t.to_owned()));
        }
        self.para.clear();
    }
}

/// Elements whose content is never report text.
const SKIPPED: [&str; 12] = [
    "head", "script", "style", "noscript", "template", "nav", "select", "button", "iframe", "object", "svg", "caption",
];

/// Elements that start or end a paragraph.
const BLOCKS: [&str; 28] = [
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "center",
    "section",
    "article",
    "main",
    "aside",
    "header",
    "footer",
    "figure",
    "figcaption",
    "pre",
    "address",
    "hr",
];

/// Void elements: never closed.
const VOID: [&str; 12] = ["br", "img", "input", "meta", "link", "hr", "area", "base", "col", "embed", "source", "wbr"];

/// A tag as read.
struct Tag<'a> {
    name: String,
    closing: bool,
    attrs: &'a str,
    self_closing: bool,
}

fn parse_tag(inner: &str) -> Option<Tag<'_>> {
    let (closing, rest) = match inner.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, inner),
    };
    // A tag name is ASCII letters, digits, “-” and “:”; it ends at anything else.
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':')).unwrap_or(rest.len());
    let name = rest[..end].to_ascii_lowercase();
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let attrs = &rest[end..];
    Some(Tag { name, closing, self_closing: attrs.trim_end().ends_with('/'), attrs })
}

/// The value of an attribute (`colspan="2"`, `style='display:none'`, `id=x`).
fn attribute(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || lower[..at].ends_with(|c: char| c.is_whitespace() || c == '"' || c == '\'');
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let offset = attrs.len() - rest.len() + 1;
        let value = attrs[offset..].trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or("").to_owned(),
            _ => value.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or("").to_owned(),
        });
    }
    None
}

fn span(attrs: &str, name: &str) -> usize {
    attribute(attrs, name).and_then(|v| v.trim().parse::<usize>().ok()).map_or(1, |v| v.clamp(1, 1000))
}

fn hidden(attrs: &str) -> bool {
    let style = attribute(attrs, "style").unwrap_or_default().to_ascii_lowercase().replace(' ', "");
    style.contains("display:none") || style.contains("visibility:hidden") || attribute(attrs, "hidden").is_some()
}

/// Decodes the character references of a text.
fn entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '#')).map(|e| e + 1);
        let Some(end) = end.filter(|e| *e <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let c = if let Some(num) = name.strip_prefix('#') {
            let v = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse::<u32>().ok(),
            };
            v.and_then(char::from_u32)
        } else {
            named_entity(name)
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" => '\u{a0}',
        "mdash" => '—',
        "ndash" => '–',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "hellip" => '…',
        "middot" => '·',
        "times" => '×',
        "deg" => '°',
        "copy" => '©',
        "reg" => '®',
        _ => return None,
    })
}

/// Reads the page into pieces.
fn parse(html: &str) -> Vec<Piece> {
    let mut root = Flow::default();
    let mut tables: Vec<TableFrame> = Vec::new();
    // A skipped element: its name and how deep we are inside elements of that name.
    let mut skip: Option<(String, usize)> = None;
    let mut rest = html;
    macro_rules! flow {
        () => {
            match tables.last_mut().and_then(|t| t.cell.as_mut()) {
                Some(cell) => &mut cell.flow,
                None => &mut root,
            }
        };
    }
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if skip.is_none() {
                flow!().text(&entities(rest));
            }
            break;
        };
        if lt > 0 && skip.is_none() {
            flow!().text(&entities(&rest[..lt]));
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |e| &rest[e + 1..]);
            continue;
        }
        // A tag starts with a letter (or “/” and a letter); anything else is a “<” in text, told
        // at once: searching for its “>” first made a page full of them quadratic.
        let after = &rest[1..];
        let tag_start = after.strip_prefix('/').unwrap_or(after).starts_with(|c: char| c.is_ascii_alphabetic());
        let gt = if tag_start { rest.find('>') } else { Some(0) };
        let Some(gt) = gt else {
            break;
        };
        let parsed = if tag_start { parse_tag(&rest[1..gt]) } else { None };
        let Some(tag) = parsed else {
            // A lone “<” in text.
            if skip.is_none() {
                flow!().text("<");
            }
            rest = &rest[1..];
            continue;
        };
        rest = &rest[gt + 1..];
        let name = tag.name.as_str();
        // Raw text elements: jump to their end tag.
        if !tag.closing && matches!(name, "script" | "style" | "textarea" | "title" | "xmp") {
            let close = format!("</{name}");
            let lower_at = ascii_find_ci(rest, &close);
            rest = lower_at.map_or("", |i| rest[i..].find('>').map_or("", |e| &rest[i + e + 1..]));
            continue;
        }
        if let Some((skipped, depth)) = &mut skip {
            if skipped == name && !VOID.contains(&name) {
                if tag.closing {
                    *depth -= 1;
                    if *depth == 0 {
                        skip = None;
                    }
                } else if !tag.self_closing {
                    *depth += 1;
                }
            }
            continue;
        }
        if !tag.closing && !tag.self_closing && !VOID.contains(&name) && (SKIPPED.contains(&name) || hidden(tag.attrs))
        {
            skip = Some((name.to_owned(), 1));
            continue;
        }
        match (name, tag.closing) {
            ("table", false) => {
                flow!().end_paragraph();
                tables.push(TableFrame::default());
            }
            ("table", true) => {
                if let Some(mut t) = tables.pop() {
                    close_row(&mut t);
                    let pieces = finish_table(t.rows);
                    let target = flow!();
                    target.end_paragraph();
                    target.pieces.extend(pieces);
                }
            }
            ("tr", false) => {
                if let Some(t) = tables.last_mut() {
                    close_row(t);
                    t.row = Some(Vec::new());
                }
            }
            ("tr", true) => {
                if let Some(t) = tables.last_mut() {
                    close_row(t);
                }
            }
            ("td" | "th", false) => {
                if let Some(t) = tables.last_mut() {
                    close_cell(t);
                    t.row.get_or_insert_with(Vec::new);
                    t.cell = Some(HtmlCell {
                        flow: Flow::default(),
                        colspan: span(tag.attrs, "colspan"),
                        rowspan: span(tag.attrs, "rowspan"),
                    });
                }
            }
            ("td" | "th", true) => {
                if let Some(t) = tables.last_mut() {
                    close_cell(t);
                }
            }
            _ if BLOCKS.contains(&name) => flow!().end_paragraph(),
            _ => {}
        }
    }
    // Unclosed tables at the end of a broken page.
    while let Some(mut t) = tables.pop() {
        close_row(&mut t);
        let pieces = finish_table(t.rows);
        let target = flow!();
        target.end_paragraph();
        target.pieces.extend(pieces);
    }
    root.end_paragraph();
    root.pieces
}

fn ascii_find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    hay.as_bytes().windows(n.len()).position(|w| w.eq_ignore_ascii_case(n))
}

fn close_cell(t: &mut TableFrame) {
    if let Some(mut cell) = t.cell.take() {
        cell.flow.end_paragraph();
        t.row.get_or_insert_with(Vec::new).push(cell);
    }
}

fn close_row(t: &mut TableFrame) {
    close_cell(t);
    if let Some(row) = t.row.take()
        && !row.is_empty()
    {
        t.rows.push(row);
    }
}

/// A finished table: a data table becomes one [`Piece::Table`] with continuation cells where a
/// `rowspan` covers a row; a layout table (a cell holding a table or a long text) gives the flow
/// of its cells, row by row.
fn finish_table(rows: Vec<Vec<HtmlCell>>) -> Vec<Piece> {
    let layout = rows.iter().flatten().any(|c| {
        c.flow.pieces.iter().any(|p| matches!(p, Piece::Table(_)))
            || c.flow.pieces.iter().map(|p| if let Piece::Para(t) = p { t.chars().count() } else { 0 }).sum::<usize>()
                > 120
    });
    if layout {
        return rows.into_iter().flatten().flat_map(|c| c.flow.pieces).collect();
    }
    // Lay the cells on a grid to know which positions a rowspan from above covers.
    let mut covered: Vec<(usize, usize, usize)> = Vec::new(); // (first column, colspan, rows left)
    let mut out = Vec::new();
    for row in rows {
        let mut cells = Vec::new();
        let mut col = 0;
        let mut incoming = row.into_iter().peekable();
        loop {
            if let Some(c) = covered.iter_mut().find(|c| c.0 == col && c.2 > 0) {
                c.2 -= 1;
                cells.push(Cell { text: String::new(), colspan: c.1, continues: true });
                col += c.1;
                continue;
            }
            let Some(cell) = incoming.next() else {
                // Covered positions after the last cell of the row.
                let mut tail: Vec<&mut (usize, usize, usize)> =
                    covered.iter_mut().filter(|c| c.0 >= col && c.2 > 0).collect();
                tail.sort_by_key(|c| c.0);
                for c in tail {
                    c.2 -= 1;
                    cells.push(Cell { text: String::new(), colspan: c.1, continues: true });
                }
                break;
            };
            let text: String = cell
                .flow
                .pieces
                .iter()
                .filter_map(|p| if let Piece::Para(t) = p { Some(t.as_str()) } else { None })
                .collect::<Vec<_>>()
                .concat()
                .split_whitespace()
                .collect();
            if cell.rowspan > 1 {
                covered.retain(|c| c.2 > 0);
                covered.push((col, cell.colspan, cell.rowspan - 1));
            }
            cells.push(Cell { text, colspan: cell.colspan, continues: false });
            col += cell.colspan;
        }
        covered.retain(|c| c.2 > 0);
        out.push(cells);
    }
    vec![Piece::Table(out)]
}

// ---------------------------------------------------------------------------------------------
// Cutting the report out of the portal page

/// Whether a line is the report's title (not a breadcrumb that ends with it).
fn is_title(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t.chars().count() <= 60
        && (t.contains("政府信息公开工作年度报告") || t.contains("政府信息公开年度报告") || t.ends_with("年度报告"))
        && !t.contains(['>', '＞', '»', '|'])
        && !t.contains("位置")
}

fn is_section_one(line: &str) -> bool {
    let t = line.trim();
    t.chars().count() <= 40 && ["一、", "一．", "一.", "一，"].iter().any(|p| t.starts_with(p))
}

fn is_section_six(line: &str) -> bool {
    let t = line.trim();
    t.chars().count() <= 40 && ["六、", "六．", "六.", "六，"].iter().any(|p| t.starts_with(p))
}

/// Portal lines that can sit inside the article (meta data, tools).
fn is_portal_line(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    const STARTS: [&str; 19] = [
        "发布时间",
        "发布日期",
        "发文日期",
        "来源：",
        "来源:",
        "信息来源",
        "浏览次数",
        "访问次数",
        "点击数",
        "阅读次数",
        "字号",
        "【字体",
        "字体：",
        "【打印",
        "打印本页",
        "【关闭",
        "关闭窗口",
        "分享到",
        "索引号",
    ];
    STARTS.iter().any(|s| t.starts_with(s)) || t == "【大中小】" || t == "[大中小]" || t == "打印" || t == "关闭"
}

/// Lines that begin a portal's footer.
fn is_footer(line: &str) -> bool {
    const MARKS: [&str; 13] = [
        "版权所有",
        "主办单位",
        "承办单位",
        "网站标识码",
        "ICP备",
        "公网安备",
        "网站地图",
        "联系我们",
        "上一篇",
        "下一篇",
        "相关链接",
        "扫一扫",
        "您是第",
    ];
    MARKS.iter().any(|m| line.contains(m))
}

/// The report part of a page: from its title to the date after its last section.
pub(crate) fn trim_to_report(pieces: Vec<Piece>) -> Vec<Piece> {
    fn para(p: &Piece) -> Option<&str> {
        if let Piece::Para(t) = p { Some(t.as_str()) } else { None }
    }
    let first_section = pieces.iter().position(|p| para(p).is_some_and(is_section_one)).unwrap_or(pieces.len());
    let mut start = pieces[..first_section].iter().rposition(|p| para(p).is_some_and(is_title)).unwrap_or(0);
    // A title broken over two lines, a 文号 above it.
    if start > 0
        && let Some(prev) = para(&pieces[start - 1])
    {
        let p = prev.trim();
        if p.chars().count() <= 30 && (p.ends_with('年') || p.ends_with("年度")) && !is_title(p) {
            start -= 1;
        }
    }
    if start > 0
        && let Some(prev) = para(&pieces[start - 1])
    {
        let p = prev.trim();
        if p.chars().count() <= 30 && p.ends_with('号') && p.contains(['〔', '[', '［', '（']) {
            start -= 1;
        }
    }
    let six =
        pieces.iter().rposition(|p| para(p).is_some_and(is_section_six)).unwrap_or(first_section.min(pieces.len()));
    let end = pieces
        .iter()
        .enumerate()
        .skip(six)
        .find(|(_, p)| {
            para(p).is_some_and(|t| Date::parse(t.trim()).is_some() || Date::parse_month(t.trim()).is_some())
        })
        .map(|(i, _)| i + 1)
        .or_else(|| pieces.iter().enumerate().skip(six).find(|(_, p)| para(p).is_some_and(is_footer)).map(|(i, _)| i))
        .unwrap_or(pieces.len());
    pieces.into_iter().take(end).skip(start).filter(|p| !para(p).is_some_and(is_portal_line)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(pieces: &[Piece]) -> Vec<&str> {
        pieces.iter().filter_map(|p| if let Piece::Para(t) = p { Some(t.as_str()) } else { None }).collect()
    }

    #[test]
    fn paragraphs_entities_and_line_breaks() {
        let p = parse(
            "<p>本报告&nbsp;依据\n条例</p><div>第二行<br>第三行 &amp; more\ntext</div><script>var a='<p>x</p>';</script>",
        );
        assert_eq!(paras(&p), ["本报告 依据条例", "第二行", "第三行 & more text"]);
    }

    #[test]
    fn tables_with_spans() {
        let html = "<table><tr><td rowspan=2>三、本年度办理结果</td><td>（一）予以公开</td><td>1</td></tr>\
                    <tr><td>（二）部分公开</td><td>2</td></tr></table>";
        let p = parse(html);
        let Piece::Table(rows) = &p[0] else { panic!("{p:?}") };
        assert_eq!(rows[0].len(), 3);
        assert_eq!(rows[1][0], Cell { text: String::new(), colspan: 1, continues: true });
        assert_eq!(rows[1][1].text, "（二）部分公开");
    }

    #[test]
    fn layout_tables_are_flattened() {
        let long = "正文".repeat(100);
        let html = format!(
            "<table><tr><td>菜单</td><td><p>{long}</p><table><tr><td>规章</td><td>0</td></tr></table></td></tr></table>"
        );
        let p = parse(&html);
        assert_eq!(paras(&p)[0], "菜单");
        assert!(p.iter().any(|x| matches!(x, Piece::Table(r) if r[0][0].text == "规章")));
    }

    #[test]
    fn skipped_and_hidden_elements() {
        let html = "<head><title>标题</title></head><nav><ul><li>首页</li><nav>x</nav><li>公开</li></nav>\
                    <p style=\"display: none\">隐藏</p><p>正文</p>";
        assert_eq!(paras(&parse(html)), ["正文"]);
    }

    #[test]
    fn gbk_pages_decode_as_declared() {
        let (bytes, _, _) = encoding_rs::GBK.encode("<meta charset=\"gb2312\"><p>金砂镇</p>");
        assert_eq!(paras(&parse(&decode_page(&bytes, None))), ["金砂镇"]);
        // Undeclared, not UTF-8: GB18030.
        let (bytes, _, _) = encoding_rs::GBK.encode("<p>金砂镇</p>");
        assert_eq!(decode_page(&bytes, None), "<p>金砂镇</p>");
    }

    #[test]
    fn mht_parts_and_transfer_encodings() {
        let (gbk, _, _) = encoding_rs::GBK.encode("<p>金砂镇</p>");
        let qp: String = gbk
            .iter()
            .map(|b| if b.is_ascii_alphanumeric() { (*b as char).to_string() } else { format!("={b:02X}") })
            .collect();
        let mht = format!(
            "MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\tboundary=\"----=_X\"\r\n\r\n------=_X\r\nContent-Type: text/html; charset=\"gb2312\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{qp}\r\n------=_X--\r\n"
        );
        let (html, charset) = mht_html_part(mht.as_bytes()).expect("part");
        assert_eq!(charset.as_deref(), Some("gb2312"));
        assert_eq!(decode_page(&html, charset.as_deref()).trim(), "<p>金砂镇</p>");
        assert_eq!(base64(b"5Lit5paH"), "中文".as_bytes());
    }

    #[test]
    fn the_report_is_cut_out_of_the_portal() {
        let p = |s: &str| Piece::Para(s.into());
        let pieces = vec![
            p("首页"),
            p("当前位置：首页 > 政务公开 > 金砂镇2024年政府信息公开工作年度报告"),
            p("金砂镇2024年"),
            p("政府信息公开工作年度报告"),
            p("发布时间：2025-01-20 来源：金砂镇"),
            p("本报告依据……"),
            p("一、总体情况"),
            p("六、其他需要报告的事项"),
            p("无。"),
            p("金砂镇人民政府"),
            p("2025年1月2日"),
            p("版权所有：永定区人民政府"),
        ];
        let kept = trim_to_report(pieces);
        assert_eq!(
            paras(&kept),
            [
                "金砂镇2024年",
                "政府信息公开工作年度报告",
                "本报告依据……",
                "一、总体情况",
                "六、其他需要报告的事项",
                "无。",
                "金砂镇人民政府",
                "2025年1月2日"
            ]
        );
    }
}
