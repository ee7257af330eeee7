//! A published PDF with a text layer (most reports were saved from Word, WPS or nianbao itself).
//!
//! The PDF is read with `lopdf` (pure Rust, already in the tree through printpdf: no system tool,
//! works offline on Windows). A PDF encrypted with an empty user password, as portals often
//! publish them, is decrypted on loading; one that needs a password is refused with the reason.
//!
//! Each page's content is interpreted for what matters here: text runs with their positions
//! (text matrix, current transformation, font size, character spacing and glyph widths; the
//! text from the fonts' `ToUnicode` maps, or GBK for the old predefined Chinese encodings) and
//! the straight lines and thin rectangles that rule tables. Form XObjects are followed.
//!
//! - **Tables** come from their rules: connected horizontal and vertical lines form a table; its
//!   rows are the bands between horizontal rules, its cells the spans between the vertical rules
//!   that cross each band, and a cell whose top rule is missing continues the cell above (a
//!   merged cell, as Word stores it). Text inside goes to its cell. A table that continues on the
//!   next page, with its header repeated, gives two tables that the table mapping joins again.
//! - **Prose** is the text outside tables, read as lines (runs on one baseline) and joined into
//!   paragraphs: a line that ends short of the right margin ends its paragraph; an indented,
//!   centred, differently sized or differently set line starts one. Page numbers (“— 3 —”,
//!   “第3页”), lines repeated in the margins of every page, and rotated text (the draft
//!   watermark) are not part of the report.
//! - A PDF without text (a scan) is refused with advice: ask for the Word file.
//!
//! Every limit is bounded: pages, operators, decompressed stream sizes, XObject depth.

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, LoadOptions, Object, ObjectId};

use super::source::{Cell, Piece, SourceError};

/// More pages than this is not an annual report (they have 5–30).
const MAX_PAGES: usize = 500;
/// The limit on one decompressed stream (a page's content, a font's map).
const MAX_STREAM: usize = 32 * 1024 * 1024;
/// The limit on content operators over the whole document.
const MAX_OPERATORS: usize = 5_000_000;
/// How deep form XObjects may nest.
const MAX_FORM_DEPTH: usize = 8;

/// The advice for a PDF nianbao cannot read the text of.
const ASK_FOR_WORD: &str = "请向起草单位索取 Word 原文件（.docx）后导入，或在编辑器中新建年报后录入。";

/// Reads the pages of a PDF into paragraphs and tables.
pub fn read_pdf(bytes: &[u8]) -> Result<Vec<Piece>, SourceError> {
    read(bytes).map(|(pieces, _)| pieces)
}

/// Reads a PDF: its paragraphs and tables, and the metadata document nianbao puts in the PDFs it
/// writes ([`crate::export::pdf_meta`]), if any.
pub fn read(bytes: &[u8]) -> Result<(Vec<Piece>, Option<String>), SourceError> {
    let options = LoadOptions { max_decompressed_size: Some(MAX_STREAM), ..Default::default() };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| {
        let detail = match e {
            lopdf::Error::Decompress(_) => "其中的压缩数据过大或已损坏".to_owned(),
            lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => "文件已加密，需要密码才能打开".to_owned(),
            other => format!("文件已损坏或不是 PDF（{}）", crate::model::number::excerpt(&other.to_string(), 60)),
        };
        SourceError::Text(format!("无法读取这个 PDF：{detail}。{ASK_FOR_WORD}"))
    })?;
    if doc.trailer.get(b"Encrypt").is_ok() {
        return Err(SourceError::Text(format!("这个 PDF 设置了打开密码，无法读取。{ASK_FOR_WORD}")));
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(SourceError::Text(format!("这个 PDF 没有页面。{ASK_FOR_WORD}")));
    }
    if pages.len() > MAX_PAGES {
        return Err(SourceError::Text(format!("这个 PDF 有 {} 页，不像是一份年度报告，未导入。", pages.len())));
    }
    let mut reader =
        Reader { doc: &doc, fonts: Vec::new(), font_keys: HashMap::new(), operators: 0, images: 0, undecodable: 0 };
    let mut read = Vec::with_capacity(pages.len());
    for id in pages.values() {
        read.push(reader.page(*id)?);
    }
    let chars: usize =
        read.iter().flat_map(|p| &p.runs).map(|r| r.text.chars().filter(|c| !c.is_whitespace()).count()).sum();
    let cjk: usize = read.iter().flat_map(|p| &p.runs).map(|r| r.text.chars().filter(|c| is_cjk(*c)).count()).sum();
    if chars < 20 {
        let why = if reader.images > 0 { "可能是扫描件或图片" } else { "页面上没有文字" };
        return Err(SourceError::Text(format!("这个 PDF 没有可读取的文字层（{why}），无法导入。{ASK_FOR_WORD}")));
    }
    if cjk < 10 || reader.undecodable * 2 > chars {
        return Err(SourceError::Text(format!(
            "这个 PDF 的文字无法识别为中文（字体没有字符对照表），无法导入。{ASK_FOR_WORD}"
        )));
    }
    Ok((assemble(read), crate::export::pdf_meta::xml_in(&doc)))
}

/// Whether bytes are a PDF.
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-")
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

// ---------------------------------------------------------------------------------------------
// Content interpretation

/// A 2D affine matrix `[a b c d e f]` in PDF's row-vector convention.
#[derive(Clone, Copy, Debug)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Self = Self([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn translate(x: f32, y: f32) -> Self {
        Self([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// `self` then `other`.
    fn then(self, other: Self) -> Self {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Self([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn apply(self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// Whether the matrix turns text away from horizontal.
    fn rotated(self) -> bool {
        let [a, b, c, d, ..] = self.0;
        b.abs() > 0.01 * a.abs().max(d.abs()) || c.abs() > 0.01 * a.abs().max(d.abs()) || a <= 0.0 || d <= 0.0
    }
}

/// A piece of text as placed on the page (PDF units, y upwards).
#[derive(Clone, Debug)]
struct Run {
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    text: String,
    /// Which font set it (an index into the reader's fonts).
    font: usize,
}

/// A horizontal or vertical rule.
#[derive(Clone, Copy, Debug)]
struct Seg {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

impl Seg {
    fn horizontal(&self) -> bool {
        (self.y1 - self.y0).abs() < 0.5
    }
}

/// What one page holds.
struct Page {
    runs: Vec<Run>,
    segs: Vec<Seg>,
    height: f32,
}

/// A font as the reader needs it: how to decode its strings and how wide its glyphs are.
struct Font<'a> {
    encoding: Option<Encoding<'a>>,
    /// Bytes per character code (2 for Type0 fonts with a two-byte CMap).
    two_byte: bool,
    /// GBK-encoded text (the predefined GBK CMaps without a usable ToUnicode map).
    gbk: bool,
    widths: HashMap<u32, f32>,
    default_width: f32,
}

impl Font<'_> {
    fn decode(&self, bytes: &[u8]) -> Option<String> {
        if let Some(enc) = &self.encoding
            && let Ok(s) = enc.bytes_to_string(bytes)
        {
            return Some(s);
        }
        if self.gbk {
            return Some(encoding_rs::GBK.decode_without_bom_handling(bytes).0.into_owned());
        }
        None
    }

    /// Character codes of a string, with whether each is a single-byte space.
    fn codes(&self, bytes: &[u8]) -> Vec<(u32, bool)> {
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let double = if self.gbk { b >= 0x81 } else { self.two_byte };
            if double && i + 1 < bytes.len() {
                out.push((u32::from(b) << 8 | u32::from(bytes[i + 1]), false));
                i += 2;
            } else {
                out.push((u32::from(b), b == b' '));
                i += 1;
            }
        }
        out
    }

    fn width(&self, code: u32) -> f32 {
        self.widths.get(&code).copied().unwrap_or(self.default_width) / 1000.0
    }
}

/// The text state of a text object.
#[derive(Clone, Copy)]
struct TextState {
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
    rise: f32,
    size: f32,
}

impl Default for TextState {
    fn default() -> Self {
        Self { char_spacing: 0.0, word_spacing: 0.0, scale: 1.0, leading: 0.0, rise: 0.0, size: 0.0 }
    }
}

struct Reader<'a> {
    doc: &'a Document,
    /// The fonts loaded so far (a run names its font by index here).
    fonts: Vec<Font<'a>>,
    /// Where each font dictionary (by object id, or by address for a direct one) is in `fonts`.
    font_keys: HashMap<usize, usize>,
    operators: usize,
    images: usize,
    undecodable: usize,
}

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn numbers(ops: &[Object]) -> Vec<f32> {
    ops.iter().filter_map(number).collect()
}

impl<'a> Reader<'a> {
    fn page(&mut self, id: ObjectId) -> Result<Page, SourceError> {
        let doc = self.doc;
        let page = doc.get_dictionary(id).map_err(|_| SourceError::Text("PDF 的页面结构已损坏。".into()))?;
        let height = page
            .get(b"MediaBox")
            .and_then(Object::as_array)
            .ok()
            .and_then(|b| Some(number(b.get(3)?)? - number(b.get(1)?)?))
            .unwrap_or(842.0);
        let content = doc
            .get_page_content_with_limit(id, MAX_STREAM)
            .map_err(|_| SourceError::Text(format!("这个 PDF 的页面内容过大或已损坏，无法导入。{ASK_FOR_WORD}")))?;
        let (resources, inherited) = doc.get_page_resources(id).unwrap_or((None, Vec::new()));
        let mut res: Vec<&'a Dictionary> = resources.into_iter().collect();
        res.extend(inherited.iter().filter_map(|r| doc.get_dictionary(*r).ok()));
        let mut out = Page { runs: Vec::new(), segs: Vec::new(), height };
        self.content(&content, &res, Matrix::IDENTITY, 0, &mut out)?;
        Ok(out)
    }

    /// The named resource of a kind (`Font`, `XObject`) in the first dictionary that has it.
    fn resource(&self, res: &[&'a Dictionary], kind: &[u8], name: &[u8]) -> Option<(usize, &'a Object)> {
        let doc = self.doc;
        for r in res {
            let Ok(group) = r.get(kind) else { continue };
            let group = match group {
                Object::Reference(id) => doc.get_dictionary(*id).ok(),
                Object::Dictionary(d) => Some(d),
                _ => None,
            };
            let Some(entry) = group.and_then(|g| g.get(name).ok()) else { continue };
            return match entry {
                Object::Reference(id) => doc.get_object(*id).ok().map(|o| ((id.0 as usize) << 16 | id.1 as usize, o)),
                other => Some((std::ptr::from_ref(other) as usize, other)),
            };
        }
        None
    }

    fn font(&mut self, res: &[&'a Dictionary], name: &[u8]) -> Option<usize> {
        let (key, obj) = self.resource(res, b"Font", name)?;
        if let Some(index) = self.font_keys.get(&key) {
            return Some(*index);
        }
        let dict = obj.as_dict().ok()?;
        let font = self.load_font(dict);
        self.fonts.push(font);
        self.font_keys.insert(key, self.fonts.len() - 1);
        Some(self.fonts.len() - 1)
    }

    fn load_font(&self, dict: &'a Dictionary) -> Font<'a> {
        let doc = self.doc;
        let subtype = dict.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"");
        let encoding_name = dict.get(b"Encoding").and_then(Object::as_name).unwrap_or(b"").to_vec();
        let encoding = dict.get_font_encoding_with_limit(doc, MAX_STREAM).ok();
        let gbk = encoding_name.starts_with(b"GB") || encoding_name.starts_with(b"GBK");
        let mut widths = HashMap::new();
        let mut default_width = 1000.0;
        if subtype == b"Type0" {
            let descendant = dict
                .get_deref(b"DescendantFonts", doc)
                .and_then(Object::as_array)
                .ok()
                .and_then(|a| a.first())
                .and_then(|d| doc.dereference(d).ok())
                .and_then(|(_, d)| d.as_dict().ok());
            if let Some(d) = descendant {
                default_width = d.get(b"DW").ok().and_then(number).unwrap_or(1000.0);
                if let Ok(w) = d.get_deref(b"W", doc).and_then(Object::as_array) {
                    let mut i = 0;
                    while i < w.len() {
                        let Some(first) = number(&w[i]) else { break };
                        match w.get(i + 1).map(|o| doc.dereference(o).map(|(_, o)| o)) {
                            Some(Ok(Object::Array(list))) => {
                                for (k, v) in list.iter().enumerate().take(65_536) {
                                    if let Some(v) = number(v) {
                                        widths.insert(first as u32 + k as u32, v);
                                    }
                                }
                                i += 2;
                            }
                            Some(Ok(last)) => {
                                let (Some(last), Some(v)) = (number(last), w.get(i + 2).and_then(number)) else {
                                    break;
                                };
                                let (first, last) = (first as u32, (last as u32).min(first as u32 + 65_535));
                                for c in first..=last {
                                    widths.insert(c, v);
                                }
                                i += 3;
                            }
                            _ => break,
                        }
                    }
                }
            }
        } else {
            let first = dict.get(b"FirstChar").ok().and_then(number).unwrap_or(0.0) as u32;
            if let Ok(w) = dict.get_deref(b"Widths", doc).and_then(Object::as_array) {
                for (k, v) in w.iter().enumerate().take(256) {
                    if let Some(v) = doc.dereference(v).ok().and_then(|(_, o)| number(o)) {
                        widths.insert(first + k as u32, v);
                    }
                }
            }
            default_width = dict
                .get_deref(b"FontDescriptor", doc)
                .and_then(Object::as_dict)
                .ok()
                .and_then(|d| d.get(b"MissingWidth").ok().and_then(number))
                .unwrap_or(500.0);
        }
        Font { encoding, two_byte: subtype == b"Type0", gbk, widths, default_width }
    }

    #[allow(clippy::too_many_lines)]
    fn content(
        &mut self,
        bytes: &[u8],
        res: &[&'a Dictionary],
        base: Matrix,
        depth: usize,
        out: &mut Page,
    ) -> Result<(), SourceError> {
        let Ok(content) = Content::decode(bytes) else {
            // A content stream that does not parse gives nothing on this page.
            return Ok(());
        };
        self.operators += content.operations.len();
        if self.operators > MAX_OPERATORS {
            return Err(SourceError::Text(format!("这个 PDF 的页面内容过于复杂，无法导入。{ASK_FOR_WORD}")));
        }
        let mut ctm = base;
        let mut stack: Vec<(Matrix, TextState)> = Vec::new();
        let mut ts = TextState::default();
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        let mut font: Option<usize> = None;
        // The path being built, in page space: segments and the current point.
        let mut path: Vec<Seg> = Vec::new();
        let mut thin_rects: Vec<Seg> = Vec::new();
        let mut start = (0.0f32, 0.0f32);
        let mut current = (0.0f32, 0.0f32);
        for op in &content.operations {
            let o = &op.operands;
            match op.operator.as_str() {
                "q" if stack.len() < 256 => stack.push((ctm, ts)),
                "Q" => {
                    if let Some((m, t)) = stack.pop() {
                        ctm = m;
                        ts.char_spacing = t.char_spacing;
                        ts.word_spacing = t.word_spacing;
                        ts.scale = t.scale;
                        ts.leading = t.leading;
                        ts.rise = t.rise;
                    }
                }
                "cm" => {
                    if let [a, b, c, d, e, f] = numbers(o)[..] {
                        ctm = Matrix([a, b, c, d, e, f]).then(ctm);
                    }
                }
                "BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                "Tf" => {
                    if let (Some(Object::Name(n)), Some(size)) = (o.first(), o.get(1).and_then(number)) {
                        font = self.font(res, n);
                        ts.size = size;
                    }
                }
                "Tc" => ts.char_spacing = o.first().and_then(number).unwrap_or(0.0),
                "Tw" => ts.word_spacing = o.first().and_then(number).unwrap_or(0.0),
                "Tz" => ts.scale = o.first().and_then(number).unwrap_or(100.0) / 100.0,
                "TL" => ts.leading = o.first().and_then(number).unwrap_or(0.0),
                "Ts" => ts.rise = o.first().and_then(number).unwrap_or(0.0),
                "Td" | "TD" => {
                    if let [x, y] = numbers(o)[..] {
                        if op.operator == "TD" {
                            ts.leading = -y;
                        }
                        tlm = Matrix::translate(x, y).then(tlm);
                        tm = tlm;
                    }
                }
                "Tm" => {
                    if let [a, b, c, d, e, f] = numbers(o)[..] {
                        tlm = Matrix([a, b, c, d, e, f]);
                        tm = tlm;
                    }
                }
                "T*" => {
                    tlm = Matrix::translate(0.0, -ts.leading).then(tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    if op.operator == "'" || op.operator == "\"" {
                        if op.operator == "\""
                            && let [aw, ac, ..] = numbers(o)[..]
                        {
                            ts.word_spacing = aw;
                            ts.char_spacing = ac;
                        }
                        tlm = Matrix::translate(0.0, -ts.leading).then(tlm);
                        tm = tlm;
                    }
                    let items: Vec<&Object> = match op.operator.as_str() {
                        "TJ" => {
                            o.first().and_then(|a| a.as_array().ok()).map(|a| a.iter().collect()).unwrap_or_default()
                        }
                        _ => o.last().into_iter().collect(),
                    };
                    if let Some(f) = font {
                        tm = self.show(&items, f, ts, tm, ctm, out);
                    }
                }
                "m" => {
                    if let [x, y] = numbers(o)[..] {
                        current = ctm.apply(x, y);
                        start = current;
                    }
                }
                "l" => {
                    if let [x, y] = numbers(o)[..] {
                        let p = ctm.apply(x, y);
                        path.push(Seg { x0: current.0, y0: current.1, x1: p.0, y1: p.1 });
                        current = p;
                    }
                }
                "h" => {
                    path.push(Seg { x0: current.0, y0: current.1, x1: start.0, y1: start.1 });
                    current = start;
                }
                "c" | "v" | "y" => {
                    let n = numbers(o);
                    if n.len() >= 2 {
                        current = ctm.apply(n[n.len() - 2], n[n.len() - 1]);
                    }
                }
                "re" => {
                    if let [x, y, w, h] = numbers(o)[..] {
                        let p = [ctm.apply(x, y), ctm.apply(x + w, y), ctm.apply(x + w, y + h), ctm.apply(x, y + h)];
                        let (xs, ys) = (p.iter().map(|q| q.0), p.iter().map(|q| q.1));
                        let (x0, x1) = (xs.clone().fold(f32::MAX, f32::min), xs.fold(f32::MIN, f32::max));
                        let (y0, y1) = (ys.clone().fold(f32::MAX, f32::min), ys.fold(f32::MIN, f32::max));
                        // A thin filled rectangle is a rule; a stroked one is four.
                        if y1 - y0 < 2.5 && x1 - x0 > 2.5 {
                            thin_rects.push(Seg { x0, y0: (y0 + y1) / 2.0, x1, y1: (y0 + y1) / 2.0 });
                        } else if x1 - x0 < 2.5 && y1 - y0 > 2.5 {
                            thin_rects.push(Seg { x0: (x0 + x1) / 2.0, y0, x1: (x0 + x1) / 2.0, y1 });
                        }
                        for k in 0..4 {
                            path.push(Seg { x0: p[k].0, y0: p[k].1, x1: p[(k + 1) % 4].0, y1: p[(k + 1) % 4].1 });
                        }
                        current = p[0];
                        start = p[0];
                    }
                }
                "S" | "s" | "B" | "B*" | "b" | "b*" => {
                    out.segs.extend(path.drain(..).filter_map(rule));
                    out.segs.append(&mut thin_rects);
                }
                "f" | "F" | "f*" => {
                    out.segs.append(&mut thin_rects);
                    path.clear();
                }
                "n" => {
                    path.clear();
                    thin_rects.clear();
                }
                "Do" => {
                    if let Some(Object::Name(n)) = o.first() {
                        self.xobject(res, n, ctm, depth, out)?;
                    }
                }
                "BI" | "ID" => self.images += 1,
                _ => {}
            }
        }
        Ok(())
    }

    fn xobject(
        &mut self,
        res: &[&'a Dictionary],
        name: &[u8],
        ctm: Matrix,
        depth: usize,
        out: &mut Page,
    ) -> Result<(), SourceError> {
        let Some((_, obj)) = self.resource(res, b"XObject", name) else { return Ok(()) };
        let Ok(stream) = obj.as_stream() else { return Ok(()) };
        match stream.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => self.images += 1,
            Ok(b"Form") if depth < MAX_FORM_DEPTH => {
                let m = stream
                    .dict
                    .get(b"Matrix")
                    .and_then(Object::as_array)
                    .ok()
                    .map(|a| numbers(a))
                    .filter(|n| n.len() == 6)
                    .map_or(Matrix::IDENTITY, |n| Matrix([n[0], n[1], n[2], n[3], n[4], n[5]]));
                let Ok(bytes) = stream.get_plain_content_with_limit(MAX_STREAM) else { return Ok(()) };
                let mut inner: Vec<&'a Dictionary> = Vec::new();
                if let Ok(r) = stream.dict.get_deref(b"Resources", self.doc).and_then(Object::as_dict) {
                    inner.push(r);
                }
                inner.extend_from_slice(res);
                self.content(&bytes, &inner, m.then(ctm), depth + 1, out)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Shows strings (a `TJ` array or one string) and returns the advanced text matrix.
    fn show(
        &mut self,
        items: &[&Object],
        font: usize,
        ts: TextState,
        mut tm: Matrix,
        ctm: Matrix,
        out: &mut Page,
    ) -> Matrix {
        let Some(f) = self.fonts.get(font) else { return tm };
        let mut pending: Option<Run> = None;
        let mut undecodable = 0;
        for item in items {
            match item {
                Object::String(bytes, _) => {
                    let trm = Matrix([ts.size * ts.scale, 0.0, 0.0, ts.size, 0.0, ts.rise]).then(tm).then(ctm);
                    let (x, y) = trm.apply(0.0, 0.0);
                    let size = (trm.0[3].powi(2) + trm.0[2].powi(2)).sqrt();
                    let mut advance = 0.0;
                    for (code, space) in f.codes(bytes) {
                        let w = f.width(code) * ts.size + ts.char_spacing + if space { ts.word_spacing } else { 0.0 };
                        advance += w * ts.scale;
                    }
                    let text = f.decode(bytes).unwrap_or_else(|| {
                        undecodable += bytes.len();
                        String::new()
                    });
                    let rotated = trm.rotated();
                    tm = Matrix::translate(advance, 0.0).then(tm);
                    let (x_end, _) = Matrix([ts.size * ts.scale, 0.0, 0.0, ts.size, 0.0, ts.rise])
                        .then(tm)
                        .then(ctm)
                        .apply(0.0, 0.0);
                    if rotated || text.is_empty() {
                        continue;
                    }
                    match &mut pending {
                        Some(run) if (run.y - y).abs() < 0.1 * size && (x - run.x1).abs() < 0.8 * size => {
                            run.text.push_str(&text);
                            run.x1 = x_end;
                        }
                        _ => {
                            if let Some(done) = pending.take() {
                                out.runs.push(done);
                            }
                            pending = Some(Run { x0: x, x1: x_end, y, size, text, font });
                        }
                    }
                }
                other => {
                    if let Some(n) = number(other) {
                        let shift = -n / 1000.0 * ts.size * ts.scale;
                        tm = Matrix::translate(shift, 0.0).then(tm);
                    }
                }
            }
        }
        if let Some(done) = pending {
            out.runs.push(done);
        }
        self.undecodable += undecodable;
        tm
    }
}

/// A stroked path segment as a rule, when it is horizontal or vertical and long enough.
fn rule(s: Seg) -> Option<Seg> {
    let (dx, dy) = ((s.x1 - s.x0).abs(), (s.y1 - s.y0).abs());
    if dy < 0.5 && dx > 2.5 {
        Some(Seg { x0: s.x0.min(s.x1), x1: s.x0.max(s.x1), y0: s.y0, y1: s.y0 })
    } else if dx < 0.5 && dy > 2.5 {
        Some(Seg { x0: s.x0, x1: s.x0, y0: s.y0.min(s.y1), y1: s.y0.max(s.y1) })
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Tables from rules

/// A table found on a page: its box, and its rows of cells.
struct FoundTable {
    top: f32,
    x0: f32,
    x1: f32,
    bottom: f32,
    rows: Vec<Vec<Cell>>,
}

/// Values within `tol` of each other, as one (their mean), sorted.
fn cluster(mut values: Vec<f32>, tol: f32) -> Vec<f32> {
    values.sort_by(f32::total_cmp);
    let mut out: Vec<(f32, usize)> = Vec::new();
    for v in values {
        match out.last_mut() {
            Some((mean, n)) if (v - *mean).abs() <= tol => {
                *mean = (*mean * *n as f32 + v) / (*n + 1) as f32;
                *n += 1;
            }
            _ => out.push((v, 1)),
        }
    }
    out.into_iter().map(|(m, _)| m).collect()
}

/// Groups rules into tables: rules that touch are of one table.
fn tables(segs: &[Seg], runs: &[Run]) -> Vec<FoundTable> {
    const TOL: f32 = 2.0;
    let n = segs.len();
    // A report page has a few hundred rules; thousands are not a table to read (and would make
    // the pairwise grouping slow).
    if n > 5_000 {
        return Vec::new();
    }
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    // Sort by x0 to bound the pairs compared.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| segs[*a].x0.total_cmp(&segs[*b].x0));
    for (oi, &i) in order.iter().enumerate() {
        let a = segs[i];
        for &j in &order[oi + 1..] {
            let b = segs[j];
            if b.x0 > a.x1 + TOL {
                break;
            }
            let touch = b.x0 <= a.x1 + TOL && a.x0 <= b.x1 + TOL && b.y0 <= a.y1 + TOL && a.y0 <= b.y1 + TOL;
            if touch {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                parent[ri] = rj;
            }
        }
    }
    let mut groups: HashMap<usize, Vec<Seg>> = HashMap::new();
    for (i, s) in segs.iter().enumerate() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(*s);
    }
    let mut out: Vec<FoundTable> = groups.into_values().filter_map(|g| grid_table(&g, runs)).collect();
    out.sort_by(|a, b| b.top.total_cmp(&a.top));
    out
}

/// The cells of one table from its rules and the text inside.
fn grid_table(segs: &[Seg], runs: &[Run]) -> Option<FoundTable> {
    const TOL: f32 = 2.0;
    let hs: Vec<Seg> = segs.iter().copied().filter(Seg::horizontal).collect();
    let vs: Vec<Seg> = segs.iter().copied().filter(|s| !s.horizontal()).collect();
    let ys = cluster(hs.iter().map(|s| s.y0).collect(), TOL);
    let xs = cluster(vs.iter().map(|s| s.x0).collect(), TOL);
    if ys.len() < 2 || xs.len() < 2 {
        return None;
    }
    let (x0, x1) = (xs[0], xs[xs.len() - 1]);
    let (bottom, top) = (ys[0], ys[ys.len() - 1]);
    // Bands from the top.
    let bands: Vec<(f32, f32)> = (0..ys.len() - 1).rev().map(|i| (ys[i], ys[i + 1])).collect();
    let v_covers = |x: f32, y: f32| vs.iter().any(|s| (s.x0 - x).abs() <= TOL && s.y0 - TOL <= y && y <= s.y1 + TOL);
    let h_covers = |y: f32, x: f32| hs.iter().any(|s| (s.y0 - y).abs() <= TOL && s.x0 - TOL <= x && x <= s.x1 + TOL);
    // Per band: the cells (x range) and whether each continues the cell above.
    let mut layout: Vec<Vec<(f32, f32, bool)>> = Vec::with_capacity(bands.len());
    for (b, &(_, band_top)) in bands.iter().enumerate() {
        let mid = (bands[b].0 + band_top) / 2.0;
        let mut edges: Vec<f32> = vec![x0];
        edges.extend(xs[1..xs.len() - 1].iter().copied().filter(|x| v_covers(*x, mid)));
        edges.push(x1);
        let cells = edges
            .windows(2)
            .map(|w| {
                let cx = (w[0] + w[1]) / 2.0;
                (w[0], w[1], b > 0 && !h_covers(band_top, cx))
            })
            .collect();
        layout.push(cells);
    }
    // Text into cells (a merged cell's text goes to its first band).
    let mut texts: Vec<Vec<Vec<(f32, f32, String)>>> = layout.iter().map(|r| vec![Vec::new(); r.len()]).collect();
    for run in runs {
        let cx = (run.x0 + run.x1.max(run.x0)) / 2.0;
        let cy = run.y + run.size * 0.3;
        if cx < x0 || cx > x1 || cy < bottom || cy > top {
            continue;
        }
        let Some(mut b) = bands.iter().position(|(lo, hi)| cy >= *lo && cy <= *hi) else { continue };
        let find = |b: usize| layout[b].iter().position(|(a, z, _)| cx >= *a && cx <= *z);
        let Some(mut c) = find(b) else { continue };
        while layout[b][c].2 && b > 0 {
            b -= 1;
            match find(b) {
                Some(k) => c = k,
                None => break,
            }
        }
        texts[b][c].push((run.y, run.x0, run.text.clone()));
    }
    let widths: Vec<f32> = xs.windows(2).map(|w| w[1] - w[0]).collect();
    let rows = layout
        .iter()
        .zip(texts)
        .map(|(cells, texts)| {
            cells
                .iter()
                .zip(texts)
                .map(|(&(a, z, continues), mut t)| {
                    // Lines from the top, then left to right.
                    t.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.total_cmp(&q.1)));
                    let mut lines: Vec<(f32, Vec<(f32, String)>)> = Vec::new();
                    for (y, x, s) in t {
                        match lines.last_mut() {
                            Some((ly, items)) if (*ly - y).abs() < 2.0 => items.push((x, s)),
                            _ => lines.push((y, vec![(x, s)])),
                        }
                    }
                    let text: String = lines
                        .into_iter()
                        .flat_map(|(_, mut items)| {
                            items.sort_by(|p, q| p.0.total_cmp(&q.0));
                            items.into_iter().map(|(_, s)| s)
                        })
                        .collect::<String>()
                        .split_whitespace()
                        .collect();
                    let colspan = xs
                        .windows(2)
                        .enumerate()
                        .filter(|(k, w)| w[0] >= a - TOL && w[1] <= z + TOL && widths[*k] > 0.0)
                        .count()
                        .max(1);
                    Cell { text: if continues { String::new() } else { text }, colspan, continues }
                })
                .collect()
        })
        .collect();
    Some(FoundTable { top, x0, x1, bottom, rows })
}

// ---------------------------------------------------------------------------------------------
// Lines and paragraphs

/// A line of prose.
#[derive(Clone, Debug)]
struct Line {
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    text: String,
    font: usize,
    page: usize,
}

enum Item {
    Line(Line),
    Table(Vec<Vec<Cell>>),
}

/// Runs on one baseline, left to right.
fn lines_of(runs: Vec<Run>, page: usize) -> Vec<Line> {
    let mut runs = runs;
    runs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut groups: Vec<Vec<Run>> = Vec::new();
    for r in runs {
        match groups.last_mut() {
            Some(g) if (g[0].y - r.y).abs() < 0.35 * g[0].size.max(r.size) => g.push(r),
            _ => groups.push(vec![r]),
        }
    }
    groups
        .into_iter()
        .filter_map(|mut g| {
            g.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let mut text = String::new();
            let mut prev: Option<&Run> = None;
            for r in &g {
                if let Some(p) = prev {
                    let gap = r.x0 - p.x1;
                    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                    if gap > 0.25 * r.size && latin(text.chars().next_back()) && latin(r.text.chars().next()) {
                        text.push(' ');
                    }
                }
                text.push_str(&r.text);
                prev = Some(r);
            }
            let text = text.trim().to_owned();
            if text.is_empty() {
                return None;
            }
            // The font and size that set most of the line.
            let mut by_font: HashMap<usize, usize> = HashMap::new();
            for r in &g {
                *by_font.entry(r.font).or_default() += r.text.chars().count();
            }
            let font = by_font.into_iter().max_by_key(|(f, n)| (*n, usize::MAX - f)).map_or(0, |(f, _)| f);
            let size = g.iter().max_by_key(|r| r.text.chars().count()).map_or(0.0, |r| r.size);
            Some(Line {
                x0: g[0].x0,
                x1: g.iter().map(|r| r.x1).fold(f32::MIN, f32::max),
                y: g[0].y,
                size,
                text,
                font,
                page,
            })
        })
        .collect()
}

/// A page number: “— 3 —”, “-3-”, “3”, “第3页”, “第 3 页 共 7 页”.
fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let inner = t.trim_matches(|c| matches!(c, '—' | '–' | '-' | '－' | '─' | '·'));
    if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) && inner.len() <= 4 {
        return true;
    }
    let rest = t.strip_prefix('第').and_then(|r| r.split_once('页'));
    matches!(rest, Some((n, tail)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
        && (tail.is_empty() || tail.starts_with('共')))
}

/// Whether a line starts like a heading (一、 （一）).
fn starts_like_heading(text: &str) -> bool {
    let numerals = "一二三四五六七八九十";
    let mut chars = text.chars();
    match chars.next() {
        Some('（' | '(') => {
            let n: String = chars.clone().take_while(|c| numerals.contains(*c)).collect();
            !n.is_empty() && matches!(chars.nth(n.chars().count()), Some('）' | ')'))
        }
        Some(c) if numerals.contains(c) => {
            let n: String = text.chars().take_while(|c| numerals.contains(*c)).collect();
            text[n.len()..].starts_with(['、', '．'])
        }
        _ => false,
    }
}

/// The most frequent value (rounded to `step`), weighted.
fn mode(values: impl Iterator<Item = (f32, usize)>, step: f32) -> Option<f32> {
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for (v, w) in values {
        *counts.entry((v / step).round() as i64).or_default() += w;
    }
    counts.into_iter().max_by_key(|(k, n)| (*n, -k)).map(|(k, _)| k as f32 * step)
}

/// Pages of runs and rules into the pieces of the document.
fn assemble(pages: Vec<Page>) -> Vec<Piece> {
    let mut items: Vec<Item> = Vec::new();
    let mut all_lines: Vec<Line> = Vec::new();
    let mut per_page: Vec<Vec<(f32, Item)>> = Vec::new();
    for (p, page) in pages.into_iter().enumerate() {
        let found = tables(&page.segs, &page.runs);
        let inside = |r: &Run| {
            let cx = (r.x0 + r.x1.max(r.x0)) / 2.0;
            let cy = r.y + r.size * 0.3;
            found.iter().any(|t| cx >= t.x0 && cx <= t.x1 && cy >= t.bottom && cy <= t.top)
        };
        let prose: Vec<Run> = page.runs.iter().filter(|r| !inside(r)).cloned().collect();
        let mut lines = lines_of(prose, p);
        // Page numbers in the top or bottom margin.
        let margin = page.height * 0.12;
        lines.retain(|l| !(is_page_number(&l.text) && (l.y < margin || l.y > page.height - margin)));
        let mut entries: Vec<(f32, Item)> = lines.iter().cloned().map(|l| (l.y, Item::Line(l))).collect();
        all_lines.extend(lines);
        entries.extend(found.into_iter().map(|t| (t.top, Item::Table(t.rows))));
        entries.sort_by(|a, b| b.0.total_cmp(&a.0));
        per_page.push(entries);
    }
    // Lines repeated in the same place on several pages are running headers or footers.
    let pages_n = per_page.len();
    let key = |l: &Line| (l.text.clone(), (l.y / 4.0).round() as i64);
    let mut repeats: HashMap<(String, i64), usize> = HashMap::new();
    for l in &all_lines {
        *repeats.entry(key(l)).or_default() += 1;
    }
    let repeated = |l: &Line| pages_n >= 3 && repeats.get(&key(l)).copied().unwrap_or(0) >= 3;
    for entries in per_page {
        for (_, item) in entries {
            match item {
                Item::Line(l) if repeated(&l) => {}
                other => items.push(other),
            }
        }
    }
    // The body's size, left margin and right edge.
    let body_size = mode(all_lines.iter().map(|l| (l.size, l.text.chars().count())), 0.5).unwrap_or(12.0);
    let body: Vec<&Line> = all_lines.iter().filter(|l| (l.size - body_size).abs() < 0.6).collect();
    let left = mode(body.iter().map(|l| (l.x0, 1)), 1.0).unwrap_or(0.0);
    let mut ends: Vec<f32> = body.iter().map(|l| l.x1).collect();
    ends.sort_by(f32::total_cmp);
    let right = ends.get(ends.len() * 9 / 10).copied().unwrap_or(f32::MAX);
    let mut pieces = Vec::new();
    let mut para = String::new();
    let mut prev: Option<Line> = None;
    for item in items {
        match item {
            Item::Table(mut rows) => {
                flush(&mut para, &mut pieces);
                prev = None;
                if let Some(Piece::Table(above)) = pieces.last_mut() {
                    join_broken_row(above, &mut rows);
                }
                pieces.push(Piece::Table(rows));
            }
            Item::Line(l) => {
                let starts_new = match &prev {
                    None => true,
                    Some(p) => {
                        let em = p.size.max(1.0);
                        let ended_short = p.x1 < right - 2.0 * em;
                        let indented = l.x0 > left + 0.8 * l.size;
                        let other_size = (l.size - p.size).abs() > 0.1 * p.size;
                        let other_font = l.font != p.font;
                        let gap = l.page == p.page && p.y - l.y > 2.2 * em;
                        let heading = starts_like_heading(&l.text) && l.x1 < right - 2.0 * em;
                        ended_short || indented || other_size || other_font || gap || heading
                    }
                };
                if starts_new {
                    flush(&mut para, &mut pieces);
                }
                para.push_str(&l.text);
                prev = Some(l);
            }
        }
    }
    flush(&mut para, &mut pieces);
    pieces
}

/// A row that Word or LibreOffice broke across a page: the rest of its labels start the table
/// on the next page, beside empty value cells. Joined back into the row above, cell by cell.
fn join_broken_row(above: &mut [Vec<Cell>], below: &mut Vec<Vec<Cell>>) {
    let (Some(last), Some(first)) = (above.last_mut(), below.first()) else { return };
    let fragment = first.len() == last.len()
        && first.iter().any(|c| !c.text.is_empty())
        && first.iter().all(|c| c.text.is_empty() || !super::tables::is_value(&c.text))
        && first
            .iter()
            .zip(last.iter())
            .all(|(b, a)| b.text.is_empty() || (!a.text.is_empty() && !super::tables::is_value(&a.text)));
    if fragment {
        for (a, b) in last.iter_mut().zip(first) {
            a.text.push_str(&b.text);
        }
        below.remove(0);
    }
}

fn flush(para: &mut String, pieces: &mut Vec<Piece>) {
    let t = para.trim();
    if !t.is_empty() {
        pieces.push(Piece::Para(t.to_owned()));
    }
    para.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        for t in ["— 3 —", "—3—", "-12-", "3", "第3页", "第 3 页 共 7 页"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["2025年", "一、总体情况", "第三页", "— 三 —"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn headings() {
        assert!(starts_like_heading("一、总体情况"));
        assert!(starts_like_heading("（二）依申请公开"));
        assert!(starts_like_heading("(四)政府信息公开平台建设"));
        assert!(!starts_like_heading("一是强化体系建设"));
        assert!(!starts_like_heading("2024年，我镇"));
    }

    #[test]
    fn a_ruled_grid_with_a_merged_cell() {
        // Two columns, three bands; the left cell of bands 2 and 3 is merged (no rule between).
        let h = |y: f32, x0: f32, x1: f32| Seg { x0, x1, y0: y, y1: y };
        let v = |x: f32, y0: f32, y1: f32| Seg { x0: x, x1: x, y0, y1 };
        let segs = vec![
            h(300.0, 0.0, 200.0),
            h(280.0, 0.0, 200.0),
            h(260.0, 100.0, 200.0),
            h(240.0, 0.0, 200.0),
            v(0.0, 240.0, 300.0),
            v(100.0, 240.0, 300.0),
            v(200.0, 240.0, 300.0),
        ];
        let run = |x: f32, y: f32, t: &str| Run {
            x0: x,
            x1: x + 10.0 * t.chars().count() as f32,
            y,
            size: 10.0,
            text: t.into(),
            font: 0,
        };
        let runs = vec![
            run(10.0, 285.0, "标题"),
            run(120.0, 285.0, "数"),
            run(10.0, 255.0, "合并"),
            run(120.0, 265.0, "1"),
            run(120.0, 245.0, "2"),
        ];
        let t = tables(&segs, &runs);
        assert_eq!(t.len(), 1);
        let rows = &t[0].rows;
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0][0].text, "标题");
        assert_eq!(rows[1][0].text, "合并");
        assert!(rows[2][0].continues);
        assert_eq!(rows[2][1].text, "2");
    }

    #[test]
    fn garbage_is_refused_in_chinese() {
        let e = read_pdf(b"%PDF-1.4 nothing else").unwrap_err().to_string();
        assert!(e.contains("PDF"), "{e}");
    }
}
