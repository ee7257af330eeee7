//! The report as a web page for the government portal.
//!
//! One self-contained UTF-8 file: `lang="zh-CN"`, no scripts, no external requests, CSS inside
//! the page that also prints on A4 with the margins of the PDF. Accessible as GB/T 37668 and
//! WCAG 2.1 AA ask: the title is the `h1`, sections `h2`, sub-headings `h3`, paragraphs `p`; each
//! table is a real `<table>` with a `<caption>` naming it, `<th>` with `scope` for every row and
//! column label, the official `rowspan`/`colspan`, and on every number cell a `headers` list of the
//! labels that name it (table 三 has three levels of column and row labels, where `scope` alone is
//! ambiguous); numbers are text; black on white; it reflows at 200 % zoom (wide tables scroll
//! inside their box). A draft carries a visible 草稿 banner at the top. The metadata of
//! [`super::meta`] sits in a hidden element.
//!
//! The clipboard fragment ([`fragment`]) is the same markup with inline styles, because the
//! editors of portal CMSs drop `<style>` blocks, plus a plain-text alternative.

use std::fmt::Write as _;

use super::compose::{Content, Item};
use super::meta::{self, escape};
use crate::model::tables::{Grid, GridCell, GridContent, LabelRole, TableId, grid};

/// How elements get their look: classes and a style sheet (the file), or inline styles (the
/// clipboard).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Styling {
    Classes,
    Inline,
}

/// The style rules, by class. The page's style sheet and the inline styles of the clipboard
/// fragment both come from this one table.
const RULES: &[(&str, &str)] = &[
    (
        "report",
        "max-width:46em;margin:0 auto;padding:1.5em 1em;color:#000;background:#fff;font-family:'仿宋_GB2312','仿宋',FangSong,STFangsong,serif;font-size:16pt;line-height:1.75",
    ),
    (
        "draft",
        "margin:0 0 1em;padding:.4em .8em;border:2px solid #a00000;color:#a00000;background:#fff;font-family:'黑体',SimHei,sans-serif;font-size:18pt;text-align:center",
    ),
    ("doc-number", "margin:0 0 1em;text-align:center;text-indent:0"),
    (
        "title",
        "margin:0 0 1em;font-family:'方正小标宋简体','宋体',SimSun,serif;font-size:22pt;font-weight:normal;line-height:1.5;text-align:center",
    ),
    ("h2", "margin:0;font-family:'黑体',SimHei,sans-serif;font-size:16pt;font-weight:normal;text-indent:2em"),
    (
        "h3",
        "margin:0;font-family:'楷体_GB2312','楷体',KaiTi,STKaiti,serif;font-size:16pt;font-weight:normal;text-indent:2em",
    ),
    ("p", "margin:0;text-indent:2em;text-align:justify"),
    ("signer", "margin:2em 0 0;text-align:right;text-indent:0;padding-right:2em"),
    ("date", "margin:0;text-align:right;text-indent:0;padding-right:4em"),
    ("table-wrap", "overflow-x:auto;margin:.5em 0 1em"),
    ("table", "width:100%;border-collapse:collapse;font-size:10.5pt;line-height:1.4"),
    ("caption", "caption-side:top;padding:.2em 0;font-size:10.5pt;text-align:left"),
    ("th", "border:.5pt solid #000;padding:.2em .3em;font-weight:normal;text-align:center;vertical-align:middle"),
    ("th-left", "border:.5pt solid #000;padding:.2em .3em;font-weight:normal;text-align:left;vertical-align:middle"),
    ("td", "border:.5pt solid #000;padding:.2em .3em;text-align:center;vertical-align:middle"),
];

/// The rules that only the style sheet can carry: printing on A4. A row never splits across
/// pages — through its cells, not `tr`: Chromium keeps a whole row together with every row its
/// row-spanning label covers, which pushed table 三's 23 rows of 三、本年度办理结果 to a new page
/// and left most of a page empty.
const PRINT_RULES: &str = "@page{size:A4;margin:37mm 26mm 35mm 28mm}\
@media print{.report{max-width:none;padding:0}.table-wrap{overflow:visible}td,th:not([rowspan]){break-inside:avoid}thead{display:table-header-group}h2,h3{break-after:avoid}}";

fn css(class: &str) -> &'static str {
    RULES.iter().find(|(c, _)| *c == class).map_or("", |(_, r)| r)
}

/// The `class` or `style` attribute of an element.
fn look(styling: Styling, class: &str) -> String {
    match styling {
        Styling::Classes => format!(" class=\"{class}\""),
        Styling::Inline => format!(" style=\"{}\"", escape(css(class))),
    }
}

/// The caption of a table.
pub fn caption(t: TableId) -> &'static str {
    match t {
        TableId::T2 => "表二：主动公开政府信息情况",
        TableId::T3 => "表三：收到和处理政府信息公开申请情况",
        TableId::T4 => "表四：政府信息公开行政复议、行政诉讼情况",
    }
}

/// The id of a label cell (its index in the grid).
fn id(t: TableId, index: usize) -> String {
    format!("{}-h{}", t.key(), index)
}

/// Which grid cell covers each position, row by row.
fn coverage(g: &Grid) -> Vec<Vec<usize>> {
    let mut cover = vec![vec![usize::MAX; g.columns]; g.rows];
    for (i, c) in g.cells.iter().enumerate() {
        for row in cover.iter_mut().skip(c.row).take(c.rowspan) {
            for slot in row.iter_mut().skip(c.col).take(c.colspan) {
                *slot = i;
            }
        }
    }
    cover
}

/// The labels that name a value cell: the row labels beside it, left to right, then the column
/// labels above it, top to bottom (in table 二, up to the item's title row).
fn headers(g: &Grid, cover: &[Vec<usize>], cell: &GridCell) -> Vec<usize> {
    let role = |i: usize| match g.cells.get(i).map(|c| c.content) {
        Some(GridContent::Label { role, .. }) => Some(role),
        _ => None,
    };
    let mut out: Vec<usize> = Vec::new();
    for &i in &cover[cell.row][..cell.col] {
        if role(i) == Some(LabelRole::RowHeader) && !out.contains(&i) {
            out.push(i);
        }
    }
    let mut cols: Vec<usize> = Vec::new();
    for r in (0..cell.row).rev() {
        let i = cover[r][cell.col];
        match role(i) {
            Some(LabelRole::ColumnHeader) if !cols.contains(&i) => cols.push(i),
            Some(LabelRole::ItemTitle) => {
                cols.push(i);
                break;
            }
            _ => {}
        }
    }
    cols.reverse();
    out.extend(cols);
    out
}

fn table(out: &mut String, content: &Content<'_>, t: TableId, styling: Styling) {
    let g = grid(t);
    let cover = coverage(g);
    write!(
        out,
        "<div{}><table{}><caption{}>{}</caption>",
        look(styling, "table-wrap"),
        look(styling, "table"),
        look(styling, "caption"),
        caption(t)
    )
    .ok();
    for row in 0..g.rows {
        if row == 0 && g.header_rows > 0 {
            out.push_str("<thead>");
        }
        if row == g.header_rows {
            out.push_str("<tbody>");
        }
        out.push_str("<tr>");
        for (i, c) in g.cells.iter().enumerate().filter(|(_, c)| c.row == row) {
            let mut span = String::new();
            if c.rowspan > 1 {
                write!(span, " rowspan=\"{}\"", c.rowspan).ok();
            }
            if c.colspan > 1 {
                write!(span, " colspan=\"{}\"", c.colspan).ok();
            }
            match c.content {
                GridContent::Label { text, role: LabelRole::Corner } => {
                    write!(out, "<td{span}{}>{}</td>", look(styling, "td"), escape(text)).ok();
                }
                GridContent::Label { text, role } => {
                    let scope = if role == LabelRole::RowHeader { "row" } else { "col" };
                    let left = role == LabelRole::RowHeader && (c.rowspan == 1 || c.colspan > 1);
                    write!(
                        out,
                        "<th id=\"{}\" scope=\"{scope}\"{span}{}>{}</th>",
                        id(t, i),
                        look(styling, if left { "th-left" } else { "th" }),
                        escape(text)
                    )
                    .ok();
                }
                GridContent::Value(v) => {
                    let names: Vec<String> = headers(g, &cover, c).into_iter().map(|h| id(t, h)).collect();
                    write!(
                        out,
                        "<td headers=\"{}\"{span}{}>{}</td>",
                        names.join(" "),
                        look(styling, "td"),
                        escape(&content.cell_text(v))
                    )
                    .ok();
                }
            }
        }
        out.push_str("</tr>");
        if row + 1 == g.header_rows {
            out.push_str("</thead>");
        }
    }
    out.push_str("</tbody></table></div>\n");
}

/// The report's markup (the inside of the `.report` element).
fn report_markup(content: &Content<'_>, styling: Styling) -> String {
    let mut out = String::with_capacity(64 * 1024);
    if content.draft {
        writeln!(
            out,
            "<p role=\"note\"{}>{}（本页面为草稿，不是正式发布的版本）</p>",
            look(styling, "draft"),
            super::WATERMARK
        )
        .ok();
    }
    let p = |out: &mut String, class: &str, text: &str| {
        writeln!(out, "<p{}>{}</p>", look(styling, class), escape(text)).ok();
    };
    for item in &content.items {
        match item {
            Item::DocNumber(t) => p(&mut out, "doc-number", &t.text),
            Item::Title(t) => {
                writeln!(out, "<h1{}>{}</h1>", look(styling, "title"), escape(&t.text)).ok();
            }
            Item::Paragraph { text, .. } => p(&mut out, "p", &text.text),
            Item::Heading(t) if t.text.is_empty() => {}
            Item::Heading(t) => {
                writeln!(out, "<h2{}>{}</h2>", look(styling, "h2"), escape(&t.text)).ok();
            }
            Item::Subheading(t) => {
                writeln!(out, "<h3{}>{}</h3>", look(styling, "h3"), escape(&t.text)).ok();
            }
            Item::Table(t) => table(&mut out, content, *t, styling),
            Item::Signature { signer, date } => {
                if !signer.is_empty() {
                    p(&mut out, "signer", signer);
                }
                if let Some(d) = date {
                    p(&mut out, if signer.is_empty() { "signer" } else { "date" }, &d.to_string());
                }
            }
        }
    }
    out
}

/// The whole web page.
pub fn write(content: &Content<'_>) -> String {
    let mut style = String::new();
    for (class, rule) in RULES {
        write!(style, ".{class}{{{rule}}}").ok();
    }
    style.push_str(PRINT_RULES);
    let title = if content.draft { format!("{}（草稿）", content.title()) } else { content.title().to_owned() };
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<meta name=\"author\" content=\"{}\">\n<meta name=\"generator\" content=\"年报编辑器 nianbao {}\">\n<style>{style}</style>\n</head>\n<body>\n<main{}>\n{}</main>\n{}\n</body>\n</html>\n",
        escape(&title),
        escape(content.author()),
        escape(env!("CARGO_PKG_VERSION")),
        look(Styling::Classes, "report"),
        report_markup(content, Styling::Classes),
        meta::html_element(content.report),
    )
}

/// The report for the clipboard: an HTML fragment with inline styles (CMS editors drop style
/// sheets) and the same content as plain text (table cells separated by tabs).
pub fn fragment(content: &Content<'_>) -> (String, String) {
    let html = format!("<div{}>\n{}</div>\n", look(Styling::Inline, "report"), report_markup(content, Styling::Inline));
    (html, plain_text(content))
}

/// The content as plain text: one paragraph a line, table rows as tab-separated cells.
pub fn plain_text(content: &Content<'_>) -> String {
    let mut out = String::new();
    for item in &content.items {
        match item {
            Item::DocNumber(t) | Item::Title(t) | Item::Heading(t) | Item::Subheading(t) => {
                if !t.text.is_empty() {
                    out.push_str(&t.text);
                    out.push('\n');
                }
            }
            Item::Paragraph { text, .. } => {
                out.push_str(&text.text);
                out.push('\n');
            }
            Item::Table(t) => {
                let g = grid(*t);
                for row in 0..g.rows {
                    let cells: Vec<String> = g
                        .cells
                        .iter()
                        .filter(|c| c.row == row)
                        .map(|c| match c.content {
                            GridContent::Label { text, .. } => text.to_owned(),
                            GridContent::Value(v) => content.cell_text(v),
                        })
                        .collect();
                    out.push_str(&cells.join("\t"));
                    out.push('\n');
                }
            }
            Item::Signature { signer, date } => {
                if !signer.is_empty() {
                    out.push_str(signer);
                    out.push('\n');
                }
                if let Some(d) = date {
                    out.push_str(&d.to_string());
                    out.push('\n');
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tables::CellId;

    #[test]
    fn table_three_cells_are_named_by_all_their_labels() {
        let g = grid(TableId::T3);
        let label = |i: usize| match g.cells[i].content {
            GridContent::Label { text, .. } => text,
            GridContent::Value(_) => "",
        };
        let cell = g.value_cell(CellId::from_key("t3.R3_3_1.commercial").expect("key")).expect("cell");
        let names: Vec<&str> = headers(g, &coverage(g), cell).into_iter().map(label).collect();
        assert_eq!(
            names,
            ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "申请人情况", "法人或其他组织", "商业企业"]
        );
        let cell = g.value_cell(CellId::from_key("t3.R1.natural").expect("key")).expect("cell");
        let names: Vec<&str> = headers(g, &coverage(g), cell).into_iter().map(label).collect();
        assert_eq!(names, ["一、本年新收政府信息公开申请数量", "申请人情况", "自然人"]);
    }

    #[test]
    fn table_two_cells_stop_at_their_item() {
        let g = grid(TableId::T2);
        let label = |i: usize| match g.cells[i].content {
            GridContent::Label { text, .. } => text,
            GridContent::Value(_) => "",
        };
        let cell = g.value_cell(CellId::from_key("t2.punishment").expect("key")).expect("cell");
        let names: Vec<&str> = headers(g, &coverage(g), cell).into_iter().map(label).collect();
        assert_eq!(names, ["行政处罚", "第二十条第（六）项", "本年处理决定数量"]);
    }

    #[test]
    fn inline_styles_come_from_the_same_rules() {
        assert_eq!(look(Styling::Classes, "td"), " class=\"td\"");
        assert!(look(Styling::Inline, "td").starts_with(" style=\"border:.5pt solid #000"));
    }
}
