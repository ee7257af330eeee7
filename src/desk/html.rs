//! The review workbook as one accessible web page: the same sheets as the .xlsx, as tables with
//! captions, `th` with `scope`, and the official merged headers (`rowspan`/`colspan`). One
//! self-contained UTF-8 file, no scripts, no external requests.

use super::Review;
use super::rollup::VALID_NOTE;
use super::workbook::{self, FILES_HEADER, FINDINGS_HEADER, SUMMARY_HEADER, Value};
use crate::export::meta::escape;
use crate::model::tables::{GridContent, LabelRole, TableId, grid};

/// The caption of a roll-up table.
pub fn caption_of(t: TableId) -> &'static str {
    crate::export::html::caption(t).split_once('：').map_or("", |(_, c)| c)
}

const STYLE: &str = "body{font-family:\"Microsoft YaHei\",\"PingFang SC\",\"Noto Sans CJK SC\",sans-serif;margin:1.5em;color:#111}\
table{border-collapse:collapse;margin:0.5em 0 1.5em}caption{text-align:left;font-weight:bold;font-size:1.1em;padding:0.3em 0}\
th,td{border:1px solid #888;padding:0.25em 0.5em;vertical-align:top}thead th{background:#dde6f0}\
td.n{text-align:right}td.incomplete{background:#fff2a8}.bad{color:#b00000}td{white-space:pre-wrap}\
nav a{margin-right:1em}";

fn listing(out: &mut String, id: &str, caption: &str, header: &[&str], rows: &[Vec<Value>]) {
    out.push_str(&format!("<table id=\"{id}\"><caption>{}</caption><thead><tr>", escape(caption)));
    for h in header {
        out.push_str(&format!("<th scope=\"col\">{}</th>", escape(h)));
    }
    out.push_str("</tr></thead><tbody>");
    if rows.is_empty() {
        out.push_str(&format!("<tr><td colspan=\"{}\">（无）</td></tr>", header.len()));
    }
    for row in rows {
        out.push_str("<tr>");
        for (c, v) in row.iter().enumerate() {
            match v {
                Value::Number(n) => out.push_str(&format!("<td class=\"n\">{n}</td>")),
                Value::Text(s) if c == 0 && !s.is_empty() => {
                    out.push_str(&format!("<th scope=\"row\">{}</th>", escape(s).replace("&#10;", "<br>")));
                }
                Value::Text(s) => out.push_str(&format!("<td>{}</td>", escape(s).replace("&#10;", "<br>"))),
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>\n");
}

fn rollup_table(out: &mut String, review: &Review, table: TableId) {
    let g = grid(table);
    let r = &review.rollup;
    out.push_str(&format!("<h2 id=\"{}\">表{}汇总</h2>", table.key(), table.numeral()));
    for line in workbook::rollup_lines(review, table) {
        let bad = line.contains("尚未通过校验") || line.contains("未提交");
        out.push_str(&format!("<p{}>{}</p>", if bad { " class=\"bad\"" } else { "" }, escape(&line)));
    }
    out.push_str(&format!("<table><caption>{}（汇总）</caption>", escape(crate::export::html::caption(table))));
    for row in 0..g.rows {
        if row == 0 && g.header_rows > 0 {
            out.push_str("<thead>");
        }
        if row == g.header_rows {
            out.push_str(if g.header_rows > 0 { "</thead><tbody>" } else { "<tbody>" });
        }
        out.push_str("<tr>");
        for cell in g.cells_starting_in_row(row) {
            let span = format!(
                "{}{}",
                if cell.rowspan > 1 { format!(" rowspan=\"{}\"", cell.rowspan) } else { String::new() },
                if cell.colspan > 1 { format!(" colspan=\"{}\"", cell.colspan) } else { String::new() }
            );
            match cell.content {
                GridContent::Label { text, role } => {
                    let scope = match role {
                        LabelRole::RowHeader => "row",
                        LabelRole::ItemTitle => "colgroup",
                        _ if cell.colspan > 1 => "colgroup",
                        _ => "col",
                    };
                    out.push_str(&format!("<th scope=\"{scope}\"{span}>{}</th>", escape(text)));
                }
                GridContent::Value(id) => {
                    let class = if r.incomplete(id) { "n incomplete" } else { "n" };
                    let title = if r.incomplete(id) {
                        format!(" title=\"{}个单位未填写\"", r.missing[id.0 as usize])
                    } else {
                        String::new()
                    };
                    out.push_str(&format!("<td class=\"{class}\"{span}{title}>{}</td>", r.display(id)));
                }
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>\n");
    if table == TableId::T2 {
        out.push_str(&format!("<p>{}</p>", escape(VALID_NOTE)));
    }
}

/// The page.
pub fn write(review: &Review) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let title = format!("{}年度政府信息公开工作年度报告审核结果", review.year);
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>\n<h1>{}</h1>\n",
        escape(&title),
        escape(&title)
    ));
    out.push_str("<nav><a href=\"#summary\">汇总</a><a href=\"#findings\">问题清单</a><a href=\"#files\">文件情况</a><a href=\"#t2\">表二汇总</a><a href=\"#t3\">表三汇总</a><a href=\"#t4\">表四汇总</a></nav>\n");
    let publishable = review.current().filter(|u| u.may_publish()).count();
    out.push_str(&format!(
        "<p>共{}个单位（本年度{}个，其中可以公开{}个），无法读取的文件{}个，未提交{}个。</p>\n",
        review.units.len(),
        review.current().count(),
        publishable,
        review.unreadable.len(),
        review.missing.len()
    ));
    listing(&mut out, "summary", "汇总（问题最多的单位在前）", &SUMMARY_HEADER, &workbook::summary_rows(review));
    listing(&mut out, "findings", "问题清单", &FINDINGS_HEADER, &workbook::finding_rows(review));
    listing(&mut out, "files", "文件情况", &FILES_HEADER, &workbook::file_rows(review));
    for t in TableId::ALL {
        rollup_table(&mut out, review, t);
    }
    out.push_str("</body></html>\n");
    out
}
