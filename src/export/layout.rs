//! The content laid out on A4 pages as positioned boxes, in millimetres from the top-left corner.
//!
//! The layout consumes the [`Content`] of the composition stage and decides only *how* it is
//! placed; it is plain data, and tests read it directly. The page follows GB/T 9704-2012
//! (党政机关公文格式): margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; body in 3号
//! (16 pt) FangSong on a grid of 28 characters × 22 lines; the title in 2号 (22 pt) bold Song,
//! centred; 一、 headings in HeiTi and （一） sub-headings in KaiTi; a two-character first-line
//! indent; the signing agency and date at the end; page numbers “— N —” in 4号 below the text
//! block, odd pages right, even pages left. Tables are ruled grids with the official merged
//! headers; a row never splits across pages and header rows repeat on the next page.
//!
//! A layout stops at [`MAX_PAGES`] pages and says so ([`Layout::overflow`]): no real report comes
//! near it, and an absurd one (a megabyte pasted into a field) stays bounded in time and memory,
//! draft or not.

use std::collections::HashSet;

use super::compose::{Content, Item, compose};
use super::fonts::{FontSet, Role};
use super::text::{Glyph, LineSpan, break_lines, shape};
use super::units::{Mm, Pt};
use crate::model::Date;
use crate::model::report::Report;
use crate::model::tables::{Grid, GridContent, LabelRole, TableId, grid};

/// Page width (A4).
pub const PAGE_W: Mm = Mm(210.0);
/// Page height (A4).
pub const PAGE_H: Mm = Mm(297.0);
/// Top margin.
pub const TOP: Mm = Mm(37.0);
/// Bottom edge of the text block (297 − 35).
pub const BOTTOM: Mm = Mm(PAGE_H.0 - 35.0);
/// Left margin.
pub const LEFT: Mm = Mm(28.0);
/// Right edge of the text block (210 − 26).
pub const RIGHT: Mm = Mm(PAGE_W.0 - 26.0);
/// Width of the text block.
pub const WIDTH: Mm = Mm(RIGHT.0 - LEFT.0);

/// Body size, 3号.
pub const BODY_PT: Pt = Pt(16.0);
/// Title size, 2号.
pub const TITLE_PT: Pt = Pt(22.0);
/// Table text size, 5号.
pub const TABLE_PT: Pt = Pt(10.5);
/// Page number size, 4号.
pub const PAGE_NO_PT: Pt = Pt(14.0);
/// Characters per body line.
pub const CHARS_PER_LINE: f32 = 28.0;
/// Lines per page.
pub const LINES_PER_PAGE: f32 = 22.0;
/// The body line pitch: 225 mm / 22 lines.
pub const LINE: Mm = Mm((BOTTOM.0 - TOP.0) / LINES_PER_PAGE);
/// The body character pitch: 156 mm / 28 characters.
pub const CHAR: Mm = Mm(WIDTH.0 / CHARS_PER_LINE);
/// Title line pitch.
pub const TITLE_LINE: Mm = Mm(12.5);
/// Table text line pitch.
pub const TABLE_LINE: Mm = Mm(TABLE_PT.0 * super::units::MM_PER_PT * 1.3);
/// Cell padding, horizontal.
const PAD_X: Mm = Mm(1.2);
/// Cell padding, vertical.
const PAD_Y: Mm = Mm(1.0);
/// Smallest table row.
const ROW_MIN: Mm = Mm(7.0);
/// Rule thickness of table lines.
pub const RULE_PT: Pt = Pt(0.5);
/// The most pages a layout makes. A real report has fewer than 20.
pub const MAX_PAGES: usize = 200;

/// Options of a layout.
#[derive(Clone, Copy, Debug, Default)]
pub struct LayoutOptions {
    /// A draft: blank cells print empty and every page carries a “草稿” watermark.
    pub draft: bool,
}

/// A run of text in one face, on one baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct TextRun {
    /// Left edge of the first character.
    pub x: Mm,
    /// Baseline.
    pub baseline: Mm,
    /// Font size.
    pub size: Pt,
    /// The role whose face draws the run.
    pub face: Role,
    /// The characters.
    pub text: String,
    /// Extra space after every character but the last (justification, grid tracking).
    pub spacing: Mm,
    /// The drawn width.
    pub width: Mm,
}

/// A straight rule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rule {
    /// Start x.
    pub x1: Mm,
    /// Start y.
    pub y1: Mm,
    /// End x.
    pub x2: Mm,
    /// End y.
    pub y2: Mm,
    /// Thickness.
    pub width: Pt,
}

/// One page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// Text.
    pub runs: Vec<TextRun>,
    /// Rules (table borders).
    pub rules: Vec<Rule>,
}

/// What a typeset line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// 文号.
    DocNumber,
    /// The title.
    Title,
    /// A paragraph line.
    Body,
    /// A 一、 heading.
    Heading,
    /// A （一） sub-heading.
    Subheading,
    /// A line inside a table cell.
    TableCell,
    /// The signing agency or date.
    Signature,
    /// A page number.
    PageNumber,
}

/// A typeset line, for tests and diagnostics.
#[derive(Clone, Debug, PartialEq)]
pub struct LineInfo {
    /// 0-based page.
    pub page: usize,
    /// What it is.
    pub kind: LineKind,
    /// Its text.
    pub text: String,
    /// Left edge.
    pub x: Mm,
    /// Baseline.
    pub baseline: Mm,
    /// Drawn width.
    pub width: Mm,
    /// Whether it was stretched to the full measure (justified).
    pub justified: bool,
}

/// A table row as placed, for tests.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RowInfo {
    /// 0-based page.
    pub page: usize,
    /// The table.
    pub table: TableId,
    /// The grid row.
    pub row: usize,
    /// Whether this is a header row repeated after a page break.
    pub repeated: bool,
    /// Top edge.
    pub top: Mm,
    /// Bottom edge.
    pub bottom: Mm,
}

/// A character no font can draw, and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingGlyph {
    /// The character.
    pub ch: char,
    /// Where it is, in Chinese (标题, 第一部分第3段, …).
    pub place: String,
}

/// The laid-out document.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// The pages.
    pub pages: Vec<Page>,
    /// Every typeset line.
    pub lines: Vec<LineInfo>,
    /// Every placed table row.
    pub rows: Vec<RowInfo>,
    /// Characters that no available font can draw.
    pub missing: Vec<MissingGlyph>,
    /// Whether this is a draft.
    pub draft: bool,
    /// The content needed more than [`MAX_PAGES`] pages: the layout stopped there and is
    /// incomplete.
    pub overflow: bool,
}

/// How the lines of a paragraph sit in the measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Full lines stretched to the measure, the last line flush left.
    Justify,
    /// Flush left.
    Left,
    /// Centred.
    Center,
}

/// How a paragraph is set: face, size, first-line indent, alignment, line pitch.
#[derive(Clone, Copy, Debug)]
pub struct ParagraphStyle {
    /// The face.
    pub role: Role,
    /// The size.
    pub size: Pt,
    /// The first-line indent.
    pub indent: Mm,
    /// The alignment.
    pub align: Align,
    /// The line pitch.
    pub pitch: Mm,
    /// What its lines are, for [`LineInfo`].
    pub kind: LineKind,
}

/// Body text: 3号 FangSong on the grid, indented two characters, justified.
pub const BODY: ParagraphStyle = ParagraphStyle {
    role: Role::Body,
    size: BODY_PT,
    indent: Mm(2.0 * CHAR.0),
    align: Align::Justify,
    pitch: LINE,
    kind: LineKind::Body,
};
/// 一、 headings: HeiTi, indented two characters.
pub const HEADING: ParagraphStyle =
    ParagraphStyle { role: Role::Heading, align: Align::Left, kind: LineKind::Heading, ..BODY };
/// （一） sub-headings: KaiTi, indented two characters.
pub const SUBHEADING: ParagraphStyle =
    ParagraphStyle { role: Role::Subheading, align: Align::Left, kind: LineKind::Subheading, ..BODY };
/// The 文号: body face, centred.
pub const DOC_NUMBER: ParagraphStyle =
    ParagraphStyle { indent: Mm::ZERO, align: Align::Center, kind: LineKind::DocNumber, ..BODY };

struct Builder<'a> {
    fonts: &'a FontSet,
    out: Layout,
    y: Mm,
}

/// Composes and lays out a report.
pub fn layout(report: &Report, fonts: &FontSet, opts: LayoutOptions) -> Layout {
    lay_out(&compose(report, opts.draft), fonts)
}

/// Lays out composed content.
pub fn lay_out(content: &Content<'_>, fonts: &FontSet) -> Layout {
    let mut b = Builder { fonts, out: Layout { draft: content.draft, ..Layout::default() }, y: TOP };
    b.out.pages.push(Page::default());
    b.document(content);
    b.page_numbers();
    b.out
}

impl Builder<'_> {
    fn page_index(&self) -> usize {
        self.out.pages.len() - 1
    }

    fn new_page(&mut self) {
        if self.out.pages.len() >= MAX_PAGES {
            // The layout stops here; what follows is drawn over the last page, and the caller
            // refuses the result.
            self.out.overflow = true;
        } else {
            self.out.pages.push(Page::default());
        }
        self.y = TOP;
    }

    /// Starts a new page unless `h` still fits on this one.
    fn ensure(&mut self, h: Mm) {
        if self.y + h > BOTTOM + Mm(0.01) && self.y > TOP + Mm(0.01) {
            self.new_page();
        }
    }

    fn shape(&mut self, role: Role, size: Pt, tracking: Mm, text: &str, place: &dyn Fn() -> String) -> Vec<Glyph> {
        let (g, missing) = shape(self.fonts, role, size, tracking, text);
        if !missing.is_empty() {
            let place = place();
            for ch in missing {
                if !self.out.missing.iter().any(|m| m.ch == ch && m.place == place) {
                    self.out.missing.push(MissingGlyph { ch, place: place.clone() });
                }
            }
        }
        g
    }

    /// Emits one line of glyphs at `x`, splitting it into runs by face.
    fn emit_line(&mut self, g: &[Glyph], x: Mm, baseline: Mm, size: Pt, spacing: Mm) -> Mm {
        let page = self.page_index();
        let mut cursor = x;
        let mut i = 0;
        while i < g.len() {
            let face = g[i].face;
            let j = g[i..].iter().position(|x| x.face != face).map_or(g.len(), |k| i + k);
            let text: String = g[i..j].iter().map(|x| x.ch).collect();
            let natural: Mm = g[i..j].iter().map(|x| x.advance).sum();
            let width = natural + spacing * (j - i).saturating_sub(1) as f32;
            self.out.pages[page].runs.push(TextRun { x: cursor, baseline, size, face, text, spacing, width });
            cursor += width + if j < g.len() { spacing } else { Mm::ZERO };
            i = j;
        }
        cursor - x
    }

    /// Places one line in a line box of height `pitch` at the current position (glyphs centred
    /// vertically in the box), records it, and moves down.
    fn place_line(&mut self, g: &[Glyph], x: Mm, size: Pt, pitch: Mm, spacing: Mm, kind: LineKind) {
        let baseline = self.y + pitch / 2.0 + Pt(0.38 * size.0).mm();
        let width = self.emit_line(g, x, baseline, size, spacing);
        self.out.lines.push(LineInfo {
            page: self.page_index(),
            kind,
            text: g.iter().map(|x| x.ch).collect(),
            x,
            baseline,
            width,
            justified: spacing > Mm::ZERO,
        });
        self.y += pitch;
    }

    /// A paragraph in the text block.
    fn paragraph(&mut self, text: &str, style: &ParagraphStyle, place: &dyn Fn() -> String) {
        let em = style.size.mm();
        // Body text sits on the 28-character grid: full-width characters are drawn one grid
        // pitch apart.
        let tracking = if (style.size.0 - BODY_PT.0).abs() < 0.01 { CHAR - em } else { Mm::ZERO };
        let g = self.shape(style.role, style.size, tracking, text.trim(), place);
        if g.is_empty() {
            return;
        }
        let spans = break_lines(&g, WIDTH - style.indent, WIDTH);
        let count = spans.len();
        for (k, span) in spans.iter().enumerate() {
            self.ensure(style.pitch);
            if self.out.overflow {
                return;
            }
            let line = &g[span.start..span.end];
            let line_indent = if k == 0 { style.indent } else { Mm::ZERO };
            let avail = WIDTH - line_indent;
            let last = k + 1 == count;
            let (x, spacing) = match style.align {
                Align::Justify if !last && line.len() > 1 => {
                    (LEFT + line_indent, (avail - span.width).max(Mm::ZERO) / (trimmed_len(line) - 1).max(1) as f32)
                }
                Align::Justify | Align::Left => (LEFT + line_indent, Mm::ZERO),
                Align::Center => (LEFT + (WIDTH - span.width) / 2.0, Mm::ZERO),
            };
            self.place_line(&line[..trimmed_len(line)], x, style.size, style.pitch, spacing, style.kind);
        }
    }

    fn blank_line(&mut self) {
        self.y += LINE;
    }

    fn document(&mut self, c: &Content<'_>) {
        // A table prepared ahead, to keep the heading before it on the same page.
        let mut prepared: Option<PreparedTable> = None;
        for (i, item) in c.items.iter().enumerate() {
            if self.out.overflow {
                break;
            }
            match item {
                Item::DocNumber(t) => {
                    self.paragraph(&t.text, &DOC_NUMBER, &|| t.source.place());
                    self.blank_line();
                }
                Item::Title(t) => {
                    self.title(&t.text);
                    self.blank_line();
                }
                Item::Paragraph { text: t, .. } => self.paragraph(&t.text, &BODY, &|| t.source.place()),
                Item::Heading(t) => {
                    // Keep the heading with what follows it: a line of text, or the start of
                    // a table.
                    let next = match c.items.get(i + 1) {
                        Some(Item::Table(table)) => {
                            let p = self.prepare_table(c, *table);
                            let h = p.start_height();
                            prepared = Some(p);
                            h
                        }
                        _ => LINE,
                    };
                    self.ensure(LINE + next);
                    self.paragraph(&t.text, &HEADING, &|| t.source.place());
                }
                Item::Subheading(t) => {
                    self.ensure(2.0 * LINE);
                    self.paragraph(&t.text, &SUBHEADING, &|| t.source.place());
                }
                Item::Table(table) => {
                    let p = match prepared.take() {
                        Some(p) if p.table == *table => p,
                        _ => self.prepare_table(c, *table),
                    };
                    self.place_table(&p);
                }
                Item::Signature { signer, date } => self.signature(signer, *date),
            }
        }
    }

    /// The title, centred. A title too long for one line is broken where the words allow and
    /// the lines are balanced, the upper line not shorter than the lower (梯形, GB/T 9704).
    fn title(&mut self, title: &str) {
        let title = title.trim();
        let g = self.shape(Role::Title, TITLE_PT, Mm::ZERO, title, &|| "标题".into());
        for span in break_title(&g, title) {
            self.ensure(TITLE_LINE);
            let x = LEFT + (WIDTH - span.width) / 2.0;
            self.place_line(&g[span.start..span.end], x, TITLE_PT, TITLE_LINE, Mm::ZERO, LineKind::Title);
        }
    }

    fn signature(&mut self, signer: &str, date: Option<Date>) {
        let date = date.map(|d| d.to_string()).unwrap_or_default();
        if signer.trim().is_empty() && date.is_empty() {
            return;
        }
        let tracking = CHAR - BODY_PT.mm();
        let signer = self.shape(Role::Body, BODY_PT, tracking, signer.trim(), &|| "落款".into());
        let date_g = self.shape(Role::Body, BODY_PT, tracking, &date, &|| "落款日期".into());
        let w = |g: &[Glyph]| g.iter().map(|x| x.advance).sum::<Mm>();
        // The agency centred over the date, the date four characters in from the right (GB/T
        // 9704 §7.3.5.1); an agency too long for that is broken into right-aligned lines.
        let dw = w(&date_g);
        let date_x = RIGHT - 4.0 * CHAR - dw;
        let centre = date_x + dw / 2.0;
        let signer_lines =
            if signer.is_empty() { Vec::new() } else { break_lines(&signer, WIDTH - 2.0 * CHAR, WIDTH - 2.0 * CHAR) };
        let lines = signer_lines.len() + usize::from(!date_g.is_empty());
        // Two blank lines for the seal; fewer if that keeps the signature on the page of the
        // last text (a page with only a signature on it is not allowed).
        let blank = (0..=2).rev().find(|b| self.y + LINE * (*b + lines) as f32 <= BOTTOM + Mm(0.01));
        match blank {
            Some(b) => self.y += LINE * b as f32,
            None => self.new_page(),
        }
        let place =
            |me: &mut Self, g: &[Glyph], x: Mm| me.place_line(g, x, BODY_PT, LINE, Mm::ZERO, LineKind::Signature);
        let single = signer_lines.len() == 1;
        for span in &signer_lines {
            let line = &signer[span.start..span.end];
            let x = if single {
                (centre - span.width / 2.0).min(RIGHT - 2.0 * CHAR - span.width).max(LEFT)
            } else {
                RIGHT - 2.0 * CHAR - span.width
            };
            place(self, line, x);
        }
        if !date_g.is_empty() {
            place(self, &date_g, date_x);
        }
    }

    fn page_numbers(&mut self) {
        let em = PAGE_NO_PT.mm();
        for p in 0..self.out.pages.len() {
            let n = p + 1;
            let text = format!("— {n} —");
            let (g, _) = shape(self.fonts, Role::Body, PAGE_NO_PT, Mm::ZERO, &text);
            let w: Mm = g.iter().map(|x| x.advance).sum();
            // The dash line's top edge sits 7 mm below the text block; one character in from
            // the outside edge.
            let x = if n % 2 == 1 { RIGHT - em - w } else { LEFT + em };
            let baseline = BOTTOM + Mm(7.0) + 0.8 * em;
            let runs = &mut self.out.pages[p].runs;
            let mut cursor = x;
            let mut i = 0;
            while i < g.len() {
                let face = g[i].face;
                let j = g[i..].iter().position(|x| x.face != face).map_or(g.len(), |k| i + k);
                let width: Mm = g[i..j].iter().map(|x| x.advance).sum();
                runs.push(TextRun {
                    x: cursor,
                    baseline,
                    size: PAGE_NO_PT,
                    face,
                    text: g[i..j].iter().map(|x| x.ch).collect(),
                    spacing: Mm::ZERO,
                    width,
                });
                cursor += width;
                i = j;
            }
            self.out.lines.push(LineInfo {
                page: p,
                kind: LineKind::PageNumber,
                text,
                x,
                baseline,
                width: w,
                justified: false,
            });
        }
    }

    // -----------------------------------------------------------------------------------------
    // Tables

    fn prepare_table(&mut self, content: &Content<'_>, t: TableId) -> PreparedTable {
        let grid = grid(t);
        let widths = column_widths(t, grid);
        let mut xs = vec![LEFT];
        for w in &widths {
            xs.push(xs.last().copied().unwrap_or(LEFT) + *w);
        }
        let mut cells = Vec::with_capacity(grid.cells.len());
        for c in &grid.cells {
            let (text, align) = match c.content {
                GridContent::Label { text, role } => {
                    let align = match role {
                        LabelRole::RowHeader if c.rowspan == 1 || c.colspan > 1 => Align::Left,
                        _ => Align::Center,
                    };
                    (text.to_owned(), align)
                }
                GridContent::Value(id) => (content.cell_text(id), Align::Center),
            };
            let place = || match c.content {
                GridContent::Value(id) => format!("表{}“{}”", t.numeral(), id.decl().key),
                GridContent::Label { .. } => format!("表{}表头", t.numeral()),
            };
            let inner = xs[c.col + c.colspan] - xs[c.col] - 2.0 * PAD_X;
            let mut size = TABLE_PT;
            let mut glyphs = self.shape(Role::Body, size, Mm::ZERO, &text, &place);
            if matches!(c.content, GridContent::Value(_)) {
                // A number is never broken: a long one is set smaller until it fits.
                let natural: Mm = glyphs.iter().map(|g| g.advance).sum();
                if natural > inner {
                    size = Pt((TABLE_PT.0 * inner.0 / natural.0).max(5.0));
                    glyphs = self.shape(Role::Body, size, Mm::ZERO, &text, &place);
                }
            }
            let lines = break_lines(&glyphs, if size < TABLE_PT { Mm(f32::INFINITY) } else { inner }, inner);
            let need = TABLE_LINE * lines.len().max(1) as f32 + 2.0 * PAD_Y;
            cells.push(PreparedCell { glyphs, lines, align, need, size });
        }
        // Row heights: single rows first, then spans get what they still lack.
        let mut heights = vec![ROW_MIN; grid.rows];
        for (c, p) in grid.cells.iter().zip(&cells) {
            if c.rowspan == 1 {
                heights[c.row] = heights[c.row].max(p.need);
            }
        }
        for (c, p) in grid.cells.iter().zip(&cells) {
            if c.rowspan > 1 {
                let have: Mm = heights[c.row..c.row + c.rowspan].iter().sum();
                if have < p.need {
                    let extra = (p.need - have) / c.rowspan as f32;
                    heights[c.row..c.row + c.rowspan].iter_mut().for_each(|h| *h += extra);
                }
            }
        }
        PreparedTable { table: t, grid, xs, cells, heights }
    }

    fn place_table(&mut self, p: &PreparedTable) {
        let g = p.grid;
        let header: Vec<usize> = (0..g.header_rows).collect();
        self.ensure(p.start_height());
        let mut segment: Vec<(usize, Mm, bool)> = Vec::new();
        let mut y = self.y;
        for &r in &header {
            segment.push((r, y, false));
            y += p.heights[r];
        }
        let mut r = g.header_rows;
        while r < g.rows {
            // A row and the rows that must stay with it.
            let mut end = r;
            while end + 1 < g.rows && g.keep_with_next[end] {
                end += 1;
            }
            // A merged label that starts here must get room for its text on this page.
            for (c, cell) in g.cells.iter().zip(&p.cells) {
                if c.row == r && c.rowspan > 1 {
                    let mut k = r;
                    let mut h = p.heights[k];
                    while h < cell.need && k + 1 < c.row + c.rowspan {
                        k += 1;
                        h += p.heights[k];
                    }
                    end = end.max(k);
                }
            }
            let need: Mm = p.heights[r..=end].iter().sum();
            let on_page_already = segment.iter().any(|(row, _, _)| *row >= g.header_rows);
            if y + need > BOTTOM + Mm(0.01) && on_page_already {
                self.y = y;
                self.draw_segment(p, &segment);
                self.new_page();
                segment.clear();
                y = self.y;
                for &h in &header {
                    segment.push((h, y, true));
                    y += p.heights[h];
                }
            }
            for row in r..=end {
                segment.push((row, y, false));
                y += p.heights[row];
            }
            r = end + 1;
        }
        self.y = y;
        self.draw_segment(p, &segment);
        self.y += LINE / 2.0;
    }

    /// Draws the rows of one page of a table: cell borders and text.
    fn draw_segment(&mut self, p: &PreparedTable, rows: &[(usize, Mm, bool)]) {
        let page = self.page_index();
        let em = TABLE_PT.mm();
        let mut rules: HashSet<[i32; 4]> = HashSet::new();
        for &(row, top, repeated) in rows {
            self.out.rows.push(RowInfo { page, table: p.table, row, repeated, top, bottom: top + p.heights[row] });
        }
        for (c, cell) in p.grid.cells.iter().zip(&p.cells) {
            // The rows of this cell that are on this page.
            let part: Vec<&(usize, Mm, bool)> =
                rows.iter().filter(|(r, _, _)| *r >= c.row && *r < c.row + c.rowspan).collect();
            let (Some(first), Some(last)) = (part.first(), part.last()) else { continue };
            let top = first.1;
            let bottom = last.1 + p.heights[last.0];
            let (x1, x2) = (p.xs[c.col], p.xs[c.col + c.colspan]);
            for e in [[x1, top, x2, top], [x1, bottom, x2, bottom], [x1, top, x1, bottom], [x2, top, x2, bottom]] {
                rules.insert(e.map(|v| (v.0 * 100.0).round() as i32));
            }
            // Text, vertically centred in the part of the cell on this page. A merged cell split
            // by a page break repeats its text where it fits.
            let n = cell.lines.len() as f32;
            let block = TABLE_LINE * n;
            if bottom - top + Mm(0.01) < block && part.len() < c.rowspan && part.first().is_some_and(|f| f.0 > c.row) {
                continue;
            }
            let mut line_top = top + ((bottom - top) - block) / 2.0;
            for span in &cell.lines {
                let line = &cell.glyphs[span.start..span.end];
                let len = trimmed_len(line);
                let x = match cell.align {
                    Align::Center => (x1 + x2 - span.width) / 2.0,
                    Align::Left | Align::Justify => x1 + PAD_X,
                };
                let baseline = line_top + TABLE_LINE / 2.0 + Mm(0.38 * em.0 * cell.size.0 / TABLE_PT.0);
                let width = self.emit_line(&line[..len], x, baseline, cell.size, Mm::ZERO);
                self.out.lines.push(LineInfo {
                    page,
                    kind: LineKind::TableCell,
                    text: line.iter().map(|g| g.ch).collect(),
                    x,
                    baseline,
                    width,
                    justified: false,
                });
                line_top += TABLE_LINE;
            }
        }
        let mut rules: Vec<[i32; 4]> = rules.into_iter().collect();
        rules.sort_unstable();
        self.out.pages[page].rules.extend(rules.into_iter().map(|[a, b, c, d]| Rule {
            x1: Mm(a as f32 / 100.0),
            y1: Mm(b as f32 / 100.0),
            x2: Mm(c as f32 / 100.0),
            y2: Mm(d as f32 / 100.0),
            width: RULE_PT,
        }));
    }
}

/// Title lines: one if it fits; otherwise, break before the fixed words
/// “政府信息公开工作年度报告” when both parts fit (“永定区金砂镇2024年” / “政府信息公开…”), else
/// the narrowest measure that keeps the same number of lines (balanced).
fn break_title(g: &[Glyph], title: &str) -> Vec<LineSpan> {
    let full = break_lines(g, WIDTH, WIDTH);
    if full.len() <= 1 {
        return full;
    }
    let total: Mm = g.iter().map(|x| x.advance).sum();
    if let Some(byte) = title.find(crate::model::standard::TITLE_TAIL) {
        let at = title[..byte].chars().count();
        let head: Mm = g[..at.min(g.len())].iter().map(|x| x.advance).sum();
        if at > 0 && at < g.len() && head <= WIDTH && total - head <= WIDTH {
            return vec![
                LineSpan { start: 0, end: at, width: head },
                LineSpan { start: at, end: g.len(), width: total - head },
            ];
        }
    }
    let n = full.len();
    let (mut lo, mut hi) = (total / n as f32, WIDTH);
    for _ in 0..20 {
        let mid = (lo + hi) / 2.0;
        if break_lines(g, mid, mid).len() <= n { hi = mid } else { lo = mid }
    }
    break_lines(g, hi, hi)
}

fn trimmed_len(g: &[Glyph]) -> usize {
    g.iter().rposition(|x| x.ch != ' ').map_or(0, |i| i + 1)
}

struct PreparedCell {
    glyphs: Vec<Glyph>,
    lines: Vec<LineSpan>,
    align: Align,
    need: Mm,
    /// Font size (smaller than 5号 only for a number too long for its cell).
    size: Pt,
}

struct PreparedTable {
    table: TableId,
    grid: &'static Grid,
    xs: Vec<Mm>,
    cells: Vec<PreparedCell>,
    heights: Vec<Mm>,
}

impl PreparedTable {
    /// The height that must fit for the table to start on a page: the header and the first
    /// body row (with the rows that stay with it).
    fn start_height(&self) -> Mm {
        let g = self.grid;
        let mut end = g.header_rows;
        while end + 1 < g.rows && g.keep_with_next[end] {
            end += 1;
        }
        self.heights[..=end.min(g.rows - 1)].iter().sum()
    }
}

/// Column widths of a table, filling the text width (the Word writer uses the same proportions).
pub fn column_widths(t: TableId, g: &Grid) -> Vec<Mm> {
    let weights: Vec<f32> = match t {
        // 1st-level label, 2nd-level label, 3rd-level label, then seven value columns.
        TableId::T3 => [11.0, 17.0, 44.0].into_iter().chain(std::iter::repeat_n(12.0, 7)).collect(),
        TableId::T2 => vec![44.0, 37.0, 37.0, 37.0],
        TableId::T4 => vec![1.0; g.columns],
    };
    let total: f32 = weights.iter().sum();
    weights.iter().map(|w| Mm(w / total * WIDTH.0)).collect()
}
