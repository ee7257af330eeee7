//! The laid-out pages as a PDF, through printpdf. This is the only module that knows printpdf.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm as PdfMm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, PdfWarnMsg, Point, Pt, TextItem, TextMatrix,
};

use super::fonts::{FontSet, Role};
use super::layout::{Layout, PAGE_H, PAGE_W};
use super::units::{Mm, Pt as Points};

/// The text of the draft watermark.
pub const WATERMARK: &str = "草稿";
const WATERMARK_PT: Points = Points(120.0);
/// The face of the watermark.
const WATERMARK_FACE: Role = Role::Heading;

/// Document information.
#[derive(Clone, Debug)]
pub struct Metadata {
    /// Title.
    pub title: String,
    /// Author: the agency.
    pub author: String,
    /// Creation time, seconds since 1970 (UTC).
    pub created: i64,
}

fn pt(mm: Mm) -> Pt {
    Pt(mm.pt().0)
}

fn pdf_mm(mm: Mm) -> PdfMm {
    PdfMm(mm.0)
}

/// Writes the PDF. Fails only if a font cannot be subset or parsed.
pub fn write(layout: &Layout, fonts: &FontSet, meta: &Metadata) -> Result<Vec<u8>, String> {
    let mut doc = PdfDocument::new(&meta.title);
    // The characters each face must carry.
    let mut chars: BTreeMap<Role, BTreeSet<char>> = BTreeMap::new();
    for page in &layout.pages {
        for run in &page.runs {
            chars.entry(run.face).or_default().extend(run.text.chars());
        }
    }
    if layout.draft {
        chars.entry(WATERMARK_FACE).or_default().extend(WATERMARK.chars());
    }
    let mut ids: BTreeMap<Role, FontId> = BTreeMap::new();
    for (role, set) in &chars {
        let face = fonts.face(*role).ok_or_else(|| format!("没有可用于“{}”的字体", role.label()))?;
        let list: Vec<char> = set.iter().copied().collect();
        let (bytes, name) = face.subset(&list).map_err(|e| format!("字体 {} 子集化失败：{e}", face.name))?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or_else(|| format!("字体 {} 的子集无法读取", face.name))?;
        parsed.font_name = Some(name);
        ids.insert(*role, doc.add_font(&parsed));
    }

    for page in &layout.pages {
        let mut ops = Vec::with_capacity(page.runs.len() * 6 + page.rules.len() * 2 + 8);
        if layout.draft {
            watermark(&mut ops, &ids, fonts);
        }
        if !page.rules.is_empty() {
            ops.push(Op::SaveGraphicsState);
            ops.push(Op::SetOutlineColor { col: Color::Greyscale(Greyscale::new(0.0, None)) });
            if let Some(first) = page.rules.first() {
                ops.push(Op::SetOutlineThickness { pt: Pt(first.width.0) });
            }
            for r in &page.rules {
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint { p: Point::new(pdf_mm(r.x1), pdf_mm(PAGE_H - r.y1)), bezier: false },
                            LinePoint { p: Point::new(pdf_mm(r.x2), pdf_mm(PAGE_H - r.y2)), bezier: false },
                        ],
                        is_closed: false,
                    },
                });
            }
            ops.push(Op::RestoreGraphicsState);
        }
        ops.push(Op::SetFillColor { col: Color::Greyscale(Greyscale::new(0.0, None)) });
        for run in &page.runs {
            let Some(id) = ids.get(&run.face) else { continue };
            ops.push(Op::StartTextSection);
            ops.push(Op::SetFont { font: PdfFontHandle::External(id.clone()), size: Pt(run.size.0) });
            ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(pt(run.x), pt(PAGE_H - run.baseline)) });
            ops.push(Op::SetCharacterSpacing { multiplier: run.spacing.pt().0 });
            ops.push(Op::ShowText { items: vec![TextItem::Text(run.text.clone())] });
            ops.push(Op::EndTextSection);
        }
        doc.pages.push(PdfPage::new(pdf_mm(PAGE_W), pdf_mm(PAGE_H), ops));
    }

    let info = &mut doc.metadata.info;
    info.document_title = meta.title.clone();
    info.author = meta.author.clone();
    info.creator = format!("年报编辑器 nianbao {}", crate::build_info::VERSION_LINE);
    info.producer = "nianbao (printpdf)".into();
    info.subject = "政府信息公开工作年度报告".into();
    info.keywords = vec!["政府信息公开".into(), "年度报告".into()];
    let date = printpdf::OffsetDateTime::from_unix_timestamp(meta.created)
        .unwrap_or_else(|_| printpdf::OffsetDateTime::epoch());
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;

    let mut warnings: Vec<PdfWarnMsg> = Vec::new();
    let mut lo = doc.to_lopdf_document(&PdfSaveOptions::default(), &mut warnings);
    for w in &warnings {
        log::warn!("printpdf: {w:?}");
    }
    // printpdf labels every file PDF/X (GTS_PDFXVersion); this one does not claim conformance
    // it has not been checked for.
    if let Ok(id) = lo.trailer.get(b"Info").and_then(|o| o.as_reference())
        && let Ok(info) = lo.get_object_mut(id).and_then(|o| o.as_dict_mut())
    {
        for key in [&b"GTS_PDFXVersion"[..], b"Identifier", b"Trapped"] {
            info.remove(key);
        }
    }
    lo.version = "1.7".into();
    lo.compress();
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes).map_err(|e| format!("PDF 写入失败：{e}"))?;
    Ok(bytes)
}

/// A light grey “草稿” across the page, 45°.
fn watermark(ops: &mut Vec<Op>, ids: &BTreeMap<Role, FontId>, fonts: &FontSet) {
    let Some(id) = ids.get(&WATERMARK_FACE) else { return };
    let em = WATERMARK_PT.mm();
    let width =
        fonts.face(WATERMARK_FACE).map_or(2.0, |f| WATERMARK.chars().filter_map(|c| f.advance_em(c)).sum::<f32>()) * em;
    let (s, c) = std::f32::consts::FRAC_PI_4.sin_cos();
    let (cx, cy) = (PAGE_W / 2.0, PAGE_H / 2.0);
    // Start point so that the text's centre lands on the page centre.
    let x0 = cx - width / 2.0 * c + 0.35 * em * s;
    let y0 = cy - width / 2.0 * s - 0.35 * em * c;
    ops.push(Op::SaveGraphicsState);
    ops.push(Op::SetFillColor { col: Color::Greyscale(Greyscale::new(0.85, None)) });
    ops.push(Op::StartTextSection);
    ops.push(Op::SetFont { font: PdfFontHandle::External(id.clone()), size: Pt(WATERMARK_PT.0) });
    ops.push(Op::SetTextMatrix { matrix: TextMatrix::TranslateRotate(pt(x0), pt(y0), 45.0) });
    ops.push(Op::ShowText { items: vec![TextItem::Text(WATERMARK.into())] });
    ops.push(Op::EndTextSection);
    ops.push(Op::RestoreGraphicsState);
}
