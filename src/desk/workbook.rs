//! The review workbook (.xlsx, through `rust_xlsxwriter`): a summary sheet (one row per unit,
//! worst first), a findings sheet, a files sheet (unreadable files, copies, other years, last
//! year's matches) and the roll-up of tables 二, 三 and 四 in the official merged layout.
//!
//! The rows are built once ([`summary_rows`], [`finding_rows`], [`file_rows`]) and written both
//! here and by [`super::html`].

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::names::display_width;
use super::rollup::VALID_NOTE;
use super::{CopyKind, Review};
use crate::model::tables::{GridContent, TableId, grid};

/// A cell of a listing: text or a whole number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Text.
    Text(String),
    /// A count.
    Number(u64),
}

impl Value {
    /// As text.
    pub fn text(&self) -> String {
        match self {
            Self::Text(t) => t.clone(),
            Self::Number(n) => n.to_string(),
        }
    }
}

fn t(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

/// The sheet names, in order.
pub const SHEETS: [&str; 6] = ["汇总", "问题清单", "文件情况", "表二汇总", "表三汇总", "表四汇总"];

/// The summary sheet's header.
pub const SUMMARY_HEADER: [&str; 11] =
    ["单位", "类型", "年度", "文件", "状态", "错误", "警告", "提示", "可否公开", "主要问题", "审核标记"];

/// The findings sheet's header.
pub const FINDINGS_HEADER: [&str; 8] = ["单位", "规则", "严重程度", "位置", "问题", "审核标记", "理由", "文件"];

/// The files sheet's header.
pub const FILES_HEADER: [&str; 3] = ["文件或单位", "情况", "说明"];

fn file_name(p: &std::path::Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| p.display().to_string())
}

/// One row per unit, worst first; then the roster's missing units and the unreadable files.
pub fn summary_rows(review: &Review) -> Vec<Vec<Value>> {
    let mut rows = Vec::new();
    for f in &review.unreadable {
        rows.push(vec![
            t(""),
            t(""),
            t(""),
            t(file_name(&f.file)),
            t("无法读取"),
            t(""),
            t(""),
            t(""),
            t("否"),
            t(f.reason.clone()),
            t(""),
        ]);
    }
    for m in &review.missing {
        rows.push(vec![
            t(m.name.clone()),
            t(m.level.map(|l| l.label()).unwrap_or("")),
            t(review.year.to_string()),
            t(""),
            t("未提交"),
            t(""),
            t(""),
            t(""),
            t("否"),
            t("名单中的单位未提交年度报告"),
            t(""),
        ]);
    }
    for i in review.worst_first() {
        let u = &review.units[i];
        let (e, w, n) = u.counts();
        let first: Vec<String> = u
            .findings
            .iter()
            .filter(|f| f.must_fix())
            .chain(u.findings.iter().filter(|f| !f.must_fix()))
            .take(3)
            .map(|f| format!("{} {}", f.finding.rule, f.finding.message))
            .collect();
        let confirmed = u
            .findings
            .iter()
            .filter(|f| f.mark.as_ref().is_some_and(|m| m.verdict == super::Verdict::Confirmed))
            .count();
        let rejected = u
            .findings
            .iter()
            .filter(|f| f.mark.as_ref().is_some_and(|m| m.verdict == super::Verdict::Rejected))
            .count();
        let mut marks = Vec::new();
        if confirmed > 0 {
            marks.push(format!("已确认{confirmed}项"));
        }
        if rejected > 0 {
            marks.push(format!("不采纳{rejected}项"));
        }
        if !u.fixed.is_empty() {
            marks.push(format!("已整改{}项", u.fixed.len()));
        }
        let mut status = u.status().to_owned();
        if u.copies.iter().any(|c| c.kind == CopyKind::Duplicate) {
            status.push_str("（重复）");
        }
        if u.on_roster == Some(false) {
            status.push_str("（不在名单中）");
        }
        rows.push(vec![
            t(u.agency.clone()),
            t(u.level().label()),
            Value::Number(u64::from(u.report.year)),
            t(file_name(&u.file)),
            t(status),
            Value::Number(e as u64),
            Value::Number(w as u64),
            Value::Number(n as u64),
            t(if u.other_year {
                "—"
            } else if u.may_publish() {
                "是"
            } else {
                "否"
            }),
            t(first.join("\n")),
            t(marks.join("，")),
        ]);
    }
    rows
}

/// One row per finding (and per 已整改 mark), units worst first.
pub fn finding_rows(review: &Review) -> Vec<Vec<Value>> {
    let mut rows = Vec::new();
    for i in review.worst_first() {
        let u = &review.units[i];
        for f in &u.findings {
            rows.push(vec![
                t(u.agency.clone()),
                t(f.finding.rule),
                t(f.finding.severity.label()),
                t(super::place(&u.report, &f.finding)),
                t(f.finding.message.clone()),
                t(f.mark.as_ref().map(|m| m.verdict.label()).unwrap_or("")),
                t(f.mark.as_ref().map(|m| m.reason.clone()).unwrap_or_default()),
                t(file_name(&u.file)),
            ]);
        }
        for m in &u.fixed {
            rows.push(vec![
                t(u.agency.clone()),
                t(m.rule.clone()),
                t(""),
                t(m.location.clone()),
                t(m.message.clone()),
                t("已整改"),
                t(m.reason.clone()),
                t(file_name(&u.file)),
            ]);
        }
    }
    rows
}

/// Unreadable files, copies, other-year reports, last year's matches, notes.
pub fn file_rows(review: &Review) -> Vec<Vec<Value>> {
    let mut rows = Vec::new();
    for f in &review.unreadable {
        rows.push(vec![t(f.file.display().to_string()), t("无法读取"), t(f.reason.clone())]);
    }
    for m in &review.missing {
        rows.push(vec![t(m.name.clone()), t("未提交"), t("单位名单中有此单位，但文件夹中没有它的年度报告")]);
    }
    for u in &review.units {
        for c in &u.copies {
            let (what, why) = match c.kind {
                CopyKind::Superseded => ("副本", format!("与{}是同一份报告的不同格式，以后者为准", file_name(&u.file))),
                CopyKind::Duplicate => {
                    ("重复", format!("{}{}年度已有报告{}，本文件未计入", u.agency, u.report.year, file_name(&u.file)))
                }
            };
            rows.push(vec![t(c.file.display().to_string()), t(what), t(why)]);
        }
        if u.other_year {
            rows.push(vec![
                t(u.file.display().to_string()),
                t("非本年度"),
                t(format!("{}年度的报告（本次审核{}年度），未计入汇总", u.report.year, review.year)),
            ]);
        }
        if u.on_roster == Some(false) {
            rows.push(vec![t(u.agency.clone()), t("不在名单中"), t("单位名单中没有此单位，请核对名称")]);
        }
        if !u.gaps.is_empty() {
            rows.push(vec![t(u.file.display().to_string()), t("导入不完整"), t(u.gaps.join("；"))]);
        }
    }
    for name in &review.unmatched_previous {
        rows.push(vec![t(name.clone()), t("无上年报告"), t("上年的文件夹中没有此单位的报告，跨年度校验未进行")]);
    }
    for u in review.current() {
        if let Some(p) = &u.previous_file {
            rows.push(vec![t(u.agency.clone()), t("上年报告"), t(p.display().to_string())]);
        }
    }
    for n in &review.notes {
        rows.push(vec![t(""), t("说明"), t(n.clone())]);
    }
    rows
}

/// The lines printed above a roll-up table: units, completeness, A02.
pub fn rollup_lines(review: &Review, table: TableId) -> Vec<String> {
    let r = &review.rollup;
    let mut lines = vec![format!("{}年度 {}个单位汇总（不含非本年度的报告）", review.year, r.units)];
    let incomplete = table.cells().iter().filter(|c| r.incomplete(c.id)).count();
    if incomplete > 0 {
        lines.push(format!("有{incomplete}个单元格因部分单位未填写而不完整（以黄色标出，数字为已填写单位之和）。"));
    }
    lines.extend(r.warnings.iter().cloned());
    lines
}

struct Styles {
    header: Format,
    wrap: Format,
    plain: Format,
    count: Format,
    label: Format,
    number: Format,
    amount: Format,
    incomplete: Format,
    incomplete_amount: Format,
    title: Format,
    bad: Format,
}

fn styles() -> Styles {
    let font = "宋体";
    let base = Format::new().set_font_name(font).set_font_size(11);
    let cell = base.clone().set_border(FormatBorder::Thin).set_text_wrap();
    let header = cell
        .clone()
        .set_bold()
        .set_background_color(Color::RGB(0xDDE6F0))
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let number = base.clone().set_border(FormatBorder::Thin).set_num_format("0");
    let amount = base.clone().set_border(FormatBorder::Thin).set_num_format("0.0000");
    Styles {
        header,
        wrap: base.clone().set_text_wrap().set_align(FormatAlign::Top),
        plain: base.clone(),
        // At the top of its row, as the wrapped texts beside it are.
        count: base.clone().set_align(FormatAlign::Top),
        label: cell.clone().set_align(FormatAlign::VerticalCenter),
        incomplete: number.clone().set_background_color(Color::RGB(0xFFF2A8)),
        incomplete_amount: amount.clone().set_background_color(Color::RGB(0xFFF2A8)),
        number,
        amount,
        title: base.clone().set_bold().set_font_size(14),
        bad: base.set_font_color(Color::RGB(0xC00000)),
    }
}

/// The height of one line of 11-point 宋体 text, in points, with the cell's padding.
pub const LINE_HEIGHT: f64 = 15.0;

/// How many lines `text` takes in a wrapping cell `width` characters wide (Excel's unit: the
/// width of a “0”; a Chinese character takes two).
pub fn wrapped_lines(text: &str, width: f64) -> usize {
    // A character of room is lost to the cell's margins.
    let room = (width - 1.0).max(1.0);
    text.lines().map(|l| ((display_width(l) as f64 / room).ceil() as usize).max(1)).sum::<usize>().max(1)
}

/// The height a row needs for its wrapped cells, when more than one line (Excel and WPS fit
/// rows to wrapped text on opening, LibreOffice Calc does not: without an explicit height the
/// lines are drawn over the next row).
fn row_height(lines: usize) -> Option<f64> {
    // Excel refuses rows taller than 409 pt; a longer cell scrolls inside its row.
    (lines > 1).then_some((LINE_HEIGHT * lines as f64 + 2.0).min(409.0))
}

/// Printing: A4 landscape, one page wide, `header_rows` repeated on every page.
fn print_setup(ws: &mut Worksheet, header_rows: Option<(u32, u32)>) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    if let Some((first, last)) = header_rows {
        ws.set_repeat_rows(first, last)?;
    }
    Ok(())
}

fn write_listing(
    ws: &mut Worksheet,
    header: &[&str],
    rows: &[Vec<Value>],
    st: &Styles,
    max_width: usize,
) -> Result<(), XlsxError> {
    let mut widths: Vec<usize> = header.iter().map(|h| display_width(h) + 4).collect();
    for row in rows {
        for (c, v) in row.iter().enumerate() {
            if let Value::Text(s) = v {
                let w = s.lines().map(display_width).max().unwrap_or(0);
                widths[c] = widths[c].max(w + 2);
            }
        }
    }
    let widths: Vec<f64> = widths.into_iter().map(|w| w.min(max_width) as f64).collect();
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &st.header)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        let mut lines = 1;
        for (c, v) in row.iter().enumerate() {
            let c16 = c as u16;
            match v {
                Value::Text(s) => {
                    ws.write_string_with_format(r, c16, s, &st.wrap)?;
                    lines = lines.max(wrapped_lines(s, widths[c]));
                }
                Value::Number(n) => {
                    ws.write_number_with_format(r, c16, *n as f64, &st.count)?;
                }
            }
        }
        if let Some(h) = row_height(lines) {
            ws.set_row_height(r, h)?;
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.len() as u32, header.len() as u16 - 1)?;
    print_setup(ws, Some((0, 0)))
}

fn write_rollup(ws: &mut Worksheet, review: &Review, table: TableId, st: &Styles) -> Result<(), XlsxError> {
    let g = grid(table);
    let r = &review.rollup;
    let mut row = 0u32;
    ws.write_string_with_format(
        row,
        0,
        format!("表{}（汇总）{}", table.numeral(), super::html::caption_of(table)),
        &st.title,
    )?;
    row += 1;
    for line in rollup_lines(review, table) {
        // One line each, running over the empty cells to its right (a wrapping cell would
        // fold it into the narrow first column).
        let f = if line.contains("尚未通过校验") || line.contains("未提交") { &st.bad } else { &st.plain };
        ws.write_string_with_format(row, 0, line, f)?;
        row += 1;
    }
    row += 1;
    let top = row;
    let widths: Vec<f64> = match table {
        TableId::T2 => vec![28.0, 16.0, 16.0, 16.0],
        TableId::T3 => {
            let mut w = vec![10.0, 10.0, 30.0];
            w.extend(std::iter::repeat_n(9.0, g.columns.saturating_sub(3)));
            w
        }
        TableId::T4 => vec![9.0; g.columns],
    };
    // The lines each grid row needs for its one-row labels (a label spanning rows has their room).
    let mut lines = vec![1usize; g.rows];
    for cell in &g.cells {
        if let GridContent::Label { text, .. } = cell.content
            && cell.rowspan == 1
        {
            let width: f64 = widths.iter().skip(cell.col).take(cell.colspan).sum();
            lines[cell.row] = lines[cell.row].max(wrapped_lines(text, width));
        }
    }
    for (i, n) in lines.iter().enumerate() {
        if let Some(h) = row_height(*n) {
            ws.set_row_height(top + i as u32, h)?;
        }
    }
    for cell in &g.cells {
        let (r0, c0) = (top + cell.row as u32, cell.col as u16);
        let (r1, c1) = (r0 + cell.rowspan as u32 - 1, c0 + cell.colspan as u16 - 1);
        match cell.content {
            GridContent::Label { text, .. } => {
                let f = if (cell.row) < g.header_rows { &st.header } else { &st.label };
                if r1 > r0 || c1 > c0 {
                    ws.merge_range(r0, c0, r1, c1, text, f)?;
                } else {
                    ws.write_string_with_format(r0, c0, text, f)?;
                }
            }
            GridContent::Value(id) => {
                let amount = id.decl().kind == crate::model::ValueKind::Amount;
                let f = match (r.incomplete(id), amount) {
                    (true, true) => &st.incomplete_amount,
                    (true, false) => &st.incomplete,
                    (false, true) => &st.amount,
                    (false, false) => &st.number,
                };
                // The sum is exact (integers of ten-thousandths); Excel shows it with 4 decimals.
                let v = r.sum(id) as f64 / if amount { crate::model::Amount::SCALE as f64 } else { 1.0 };
                if r1 > r0 || c1 > c0 {
                    ws.merge_range(r0, c0, r1, c1, "", f)?;
                }
                ws.write_number_with_format(r0, c0, v, f)?;
            }
        }
    }
    row = top + g.rows as u32 + 1;
    if table == TableId::T2 {
        ws.write_string_with_format(row, 0, VALID_NOTE, &st.plain)?;
    }
    for (c, w) in widths.into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    print_setup(ws, (g.header_rows > 0).then(|| (top, top + g.header_rows as u32 - 1)))
}

/// The workbook's bytes.
pub fn write(review: &Review) -> Result<Vec<u8>, String> {
    build(review).map_err(|e| format!("生成审核结果工作簿失败：{e}"))
}

fn build(review: &Review) -> Result<Vec<u8>, XlsxError> {
    let st = styles();
    let mut wb = Workbook::new();
    write_listing(wb.add_worksheet().set_name(SHEETS[0])?, &SUMMARY_HEADER, &summary_rows(review), &st, 60)?;
    write_listing(wb.add_worksheet().set_name(SHEETS[1])?, &FINDINGS_HEADER, &finding_rows(review), &st, 70)?;
    write_listing(wb.add_worksheet().set_name(SHEETS[2])?, &FILES_HEADER, &file_rows(review), &st, 80)?;
    for (i, table) in TableId::ALL.into_iter().enumerate() {
        write_rollup(wb.add_worksheet().set_name(SHEETS[3 + i])?, review, table, &st)?;
    }
    wb.save_to_buffer()
}
