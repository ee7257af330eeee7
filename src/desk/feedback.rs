//! 审核意见单: for each unit, a one-page feedback sheet in the 公文 style listing what must be
//! fixed (errors not marked 不采纳, and warnings the reviewer confirmed), then the other
//! suggestions. Written through the export's composition stage, so the PDF and the .docx look
//! like the reports themselves.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::{Review, Unit};
use crate::export::{self, Content, FontPolicy, Item, Source, compose::Text};
use crate::model::{Report, Severity};

/// The most suggestions listed (the sheet stays about one page).
pub const MAX_SUGGESTIONS: usize = 8;

fn para(text: String, n: usize) -> Item<'static> {
    Item::Paragraph { text: Text { text: Cow::Owned(text), source: Source::Preamble(n) }, part: 0 }
}

fn heading(text: &'static str, n: usize) -> Item<'static> {
    Item::Heading(Text { text: Cow::Borrowed(text), source: Source::Heading(n) })
}

/// The title of a unit's sheet.
pub fn title(unit: &Unit) -> String {
    format!("关于{}{}年政府信息公开工作年度报告的审核意见", unit.agency, unit.report.year)
}

/// The content of a unit's sheet, with at most `suggestions` of the other suggestions (what must
/// be fixed is always listed in full). `reviewer` signs it.
pub fn content<'a>(unit: &Unit, reviewer: &str, holder: &'a Report, suggestions: usize) -> Content<'a> {
    let mut items = vec![Item::Title(Text { text: Cow::Owned(title(unit)), source: Source::Title })];
    let mut n = 0;
    let mut next = || {
        n += 1;
        n
    };
    items.push(para(format!("{}：", unit.agency), next()));
    let file = unit.file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let must: Vec<_> = unit.findings.iter().filter(|f| f.must_fix()).collect();
    let others: Vec<_> = unit
        .findings
        .iter()
        .filter(|f| !f.must_fix() && f.finding.severity != Severity::Info)
        .filter(|f| f.mark.is_none())
        .collect();
    if must.is_empty() {
        items.push(para(
            format!(
                "经审核，你单位报送的{}年政府信息公开工作年度报告（{file}）未发现必须修改的问题，可按程序公开。",
                unit.report.year
            ),
            next(),
        ));
    } else {
        items.push(para(
            format!(
                "经审核，你单位报送的{}年政府信息公开工作年度报告（{file}）存在以下{}个问题，请修改后重新报送。",
                unit.report.year,
                must.len()
            ),
            next(),
        ));
        items.push(heading("一、必须修改的问题", 0));
        for (i, f) in must.iter().enumerate() {
            let place = super::place(&unit.report, &f.finding);
            items.push(para(format!("{}. {place}：{}", i + 1, f.finding.message), next()));
        }
    }
    if !unit.fixed.is_empty() {
        items.push(heading(if must.is_empty() { "一、已整改的问题" } else { "二、已整改的问题" }, 1));
        for m in &unit.fixed {
            items.push(para(format!("{}（{}）：已整改。", m.message, m.rule), next()));
        }
    }
    if !others.is_empty() {
        items.push(heading("其他建议（供参考）", 2));
        for (i, f) in others.iter().take(suggestions).enumerate() {
            items.push(para(format!("{}. {}", i + 1, f.finding.message), next()));
        }
        if others.len() > suggestions {
            items.push(para(format!("另有{}条建议，详见审核结果工作簿。", others.len() - suggestions), next()));
        }
    }
    items.push(Item::Signature { signer: Cow::Owned(reviewer.to_owned()), date: export::today() });
    Content { report: holder, items, draft: false }
}

/// The sheet with as many suggestions as keep it on one page (at most [`MAX_SUGGESTIONS`]; the
/// rest are counted and left to the workbook). What must be fixed is never left out, even when
/// it alone takes more than a page.
pub fn one_page<'a>(unit: &Unit, reviewer: &str, holder: &'a Report, fonts: &export::FontSet) -> Content<'a> {
    let mut n = MAX_SUGGESTIONS;
    loop {
        let c = content(unit, reviewer, holder, n);
        if n == 0 || export::lay_out(&c, fonts).pages.len() <= 1 {
            return c;
        }
        n -= 1;
    }
}

/// A file name for a unit's sheet: its name made safe.
pub fn file_stem(unit: &Unit) -> String {
    crate::io::safe_file_name(&format!("{}-审核意见单", unit.agency))
}

/// Writes the PDF and .docx sheets of every unit of the review year into `dir` (created when
/// needed). Returns the files written; a unit whose sheet cannot be written is reported and
/// skipped.
pub fn write_all(review: &Review, dir: &Path, reviewer: &str, fonts: FontPolicy) -> (Vec<PathBuf>, Vec<String>) {
    let mut written = Vec::new();
    let mut problems = Vec::new();
    if let Err(e) = std::fs::create_dir_all(dir) {
        problems.push(format!("无法创建文件夹“{}”：{}", dir.display(), crate::io::describe_io(&e)));
        return (written, problems);
    }
    let holder = Report::default();
    let font_set = export::FontSet::new(fonts);
    for u in review.current() {
        let c = one_page(u, reviewer, &holder, &font_set);
        let stem = file_stem(u);
        let t = title(u);
        match export::content_pdf(&c, fonts, &t, reviewer, None) {
            Ok((bytes, _)) => {
                let path = dir.join(format!("{stem}.pdf"));
                match crate::io::write_atomic(&path, &bytes, false) {
                    Ok(()) => written.push(path),
                    Err(e) => problems.push(format!("无法写入“{}”：{}", path.display(), crate::io::describe_io(&e))),
                }
            }
            Err(e) => problems.push(format!("{}的审核意见单（PDF）未生成：{e}", u.agency)),
        }
        match export::docx::write(&c, export_created()) {
            Ok(bytes) => {
                let path = dir.join(format!("{stem}.docx"));
                match crate::io::write_atomic(&path, &bytes, false) {
                    Ok(()) => written.push(path),
                    Err(e) => problems.push(format!("无法写入“{}”：{}", path.display(), crate::io::describe_io(&e))),
                }
            }
            Err(e) => problems.push(format!("{}的审核意见单（Word）未生成：{e}", u.agency)),
        }
    }
    (written, problems)
}

fn export_created() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
    })
}
