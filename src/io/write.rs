//! Writes a report as a RON project file, by hand rather than through serde, so that the file
//! reads well: one table row per line with its label as a comment, and the fields in a fixed,
//! documented order.

use std::fmt::Write;

use super::schema::CURRENT_VERSION;
use crate::model::number::format_value;
use crate::model::report::{Block, Report};
use crate::model::tables::{CellDecl, TableId};
use crate::model::values::TableValues;

/// A RON string literal.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The project file text of a report.
pub fn to_ron(r: &Report) -> String {
    let mut o = String::with_capacity(16 * 1024);
    let w = &mut o;
    // Writing to a String cannot fail.
    let _ = write_report(w, r);
    o
}

fn write_report(o: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(o, "#![enable(implicit_some)]")?;
    writeln!(o, "// 年报编辑器（nianbao）项目文件：政府信息公开工作年度报告。格式说明见 docs/file-format.md。")?;
    writeln!(o, "// 未填写的单元格写 None；数字 0 表示“无”。合计（总计）由程序计算。")?;
    writeln!(o, "(")?;
    writeln!(o, "    format_version: {CURRENT_VERSION},")?;
    writeln!(o, "    agency: {},", quote(&r.agency))?;
    writeln!(o, "    year: {},", r.year)?;
    writeln!(o, "    level: {}, // {}", r.level.key(), r.level.label())?;
    writeln!(o, "    doc_number: {},", quote(&r.doc_number))?;
    writeln!(o, "    title: {},", quote(&r.title))?;
    writeln!(o, "    preamble: [")?;
    for p in &r.preamble {
        writeln!(o, "        {},", quote(p))?;
    }
    writeln!(o, "    ],")?;
    match &r.contact {
        None => writeln!(o, "    contact: None,")?,
        Some(c) => {
            writeln!(o, "    contact: (")?;
            writeln!(o, "        address: {},", quote(&c.address))?;
            writeln!(o, "        phone: {},", quote(&c.phone))?;
            writeln!(o, "        postcode: {},", quote(&c.postcode))?;
            writeln!(o, "    ),")?;
        }
    }
    writeln!(o, "    sections: [")?;
    for s in &r.sections {
        writeln!(o, "        (")?;
        writeln!(o, "            heading: {},", quote(&s.heading))?;
        writeln!(o, "            blocks: [")?;
        for b in &s.blocks {
            match b {
                Block::Subheading(t) => writeln!(o, "                Sub({}),", quote(t))?,
                Block::Paragraph(t) => writeln!(o, "                Para({}),", quote(t))?,
            }
        }
        writeln!(o, "            ],")?;
        writeln!(o, "        ),")?;
    }
    writeln!(o, "    ],")?;
    for table in TableId::ALL {
        write_table(o, &r.tables, table, "    ")?;
    }
    writeln!(o, "    signer: {},", quote(&r.signer))?;
    match r.date {
        Some(d) => writeln!(o, "    date: {},", quote(&d.iso()))?,
        None => writeln!(o, "    date: None,")?,
    }
    match &r.previous {
        None => writeln!(o, "    previous: None,")?,
        Some(p) => {
            writeln!(o, "    // 上年（{}年度）报告的数据，供跨年度校验和对照使用。", p.year)?;
            writeln!(o, "    previous: (")?;
            writeln!(o, "        year: {},", p.year)?;
            writeln!(o, "        incomplete: {},", p.incomplete)?;
            for table in TableId::ALL {
                write_table(o, &p.tables, table, "        ")?;
            }
            writeln!(o, "        section1_text: {},", quote(&p.section1_text))?;
            writeln!(o, "        section5_text: {},", quote(&p.section5_text))?;
            writeln!(o, "    ),")?;
        }
    }
    writeln!(o, ")")
}

fn write_table(o: &mut String, values: &TableValues, table: TableId, indent: &str) -> std::fmt::Result {
    let title = match table {
        TableId::T2 => "主动公开政府信息情况",
        TableId::T3 => "收到和处理政府信息公开申请情况",
        TableId::T4 => "政府信息公开行政复议、行政诉讼情况",
    };
    writeln!(o, "{indent}// 表{}：{title}", table.numeral())?;
    writeln!(o, "{indent}table{}: (", table as u8 + 2)?;
    let cells = table.cells();
    let mut i = 0;
    while i < cells.len() {
        let field = cells[i].file_path.0;
        let group: Vec<&CellDecl> = cells[i..].iter().take_while(|c| c.file_path.0 == field).collect();
        i += group.len();
        let value = |c: &CellDecl| -> String {
            match values.get(c.id) {
                None => "None".into(),
                Some(v) => match c.kind {
                    crate::model::number::ValueKind::Amount => quote(&format_value(c.kind, v)),
                    crate::model::number::ValueKind::Count => v.to_string(),
                },
            }
        };
        let label = match table {
            TableId::T4 => group[0].col_label.rsplit_once('—').map_or("", |(g, _)| g).to_owned(),
            _ => group[0].row_label.clone(),
        };
        let label = if group[0].kind == crate::model::number::ValueKind::Amount {
            format!("{label}（万元）")
        } else {
            label
        };
        if group[0].file_path.1.is_none() {
            writeln!(o, "{indent}    {field}: {}, // {label}", value(group[0]))?;
        } else {
            let inner: Vec<String> =
                group.iter().map(|c| format!("{}: {}", c.file_path.1.unwrap_or_default(), value(c))).collect();
            writeln!(o, "{indent}    {field}: ({}), // {label}", inner.join(", "))?;
        }
    }
    writeln!(o, "{indent}),")
}
