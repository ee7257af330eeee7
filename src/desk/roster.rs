//! The list of units that must report: a text file (one name a line, optionally a tab and the
//! level; UTF-8, UTF-16 or GBK) or the first sheet of a .xlsx (column A the name, B the level).

use std::io::Read;
use std::path::Path;

use crate::model::AgencyLevel;

/// One unit that must report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterEntry {
    /// The name as the roster writes it.
    pub name: String,
    /// Its level, when the roster gives one.
    pub level: Option<AgencyLevel>,
}

/// Reads a roster file.
pub fn read(path: &Path) -> Result<Vec<RosterEntry>, String> {
    let bytes = std::fs::read(path)
        .map_err(|e| format!("无法读取单位名单“{}”：{}", path.display(), crate::io::describe_io(&e)))?;
    if bytes.starts_with(b"PK") {
        return read_xlsx(&bytes).map_err(|e| format!("单位名单“{}”无法读取：{e}", path.display()));
    }
    let text = match crate::io::decode(&bytes) {
        Ok(t) => t,
        Err(_) => {
            let (t, _, bad) = encoding_rs::GBK.decode(&bytes);
            if bad {
                return Err(format!("单位名单“{}”不是 UTF-8 或 GBK 文本", path.display()));
            }
            t.into_owned()
        }
    };
    Ok(parse_lines(text.lines().map(|l| {
        let mut parts = l.splitn(2, '\t');
        (parts.next().unwrap_or("").to_owned(), parts.next().unwrap_or("").to_owned())
    })))
}

fn parse_lines(rows: impl Iterator<Item = (String, String)>) -> Vec<RosterEntry> {
    let mut out: Vec<RosterEntry> = Vec::new();
    for (name, level) in rows {
        let name = name.trim();
        if name.is_empty() || name.starts_with('#') || matches!(name, "单位" | "单位名称" | "名称" | "机关名称")
        {
            continue;
        }
        let key = super::names::unit_key(name);
        if out.iter().any(|e| super::names::unit_key(&e.name) == key) {
            continue;
        }
        out.push(RosterEntry { name: name.to_owned(), level: parse_level(level.trim()) });
    }
    out
}

/// A level as a roster writes it: the key (`township`) or Chinese (乡镇, 街道, 部门, 政府).
pub fn parse_level(text: &str) -> Option<AgencyLevel> {
    if text.is_empty() {
        return None;
    }
    if let Some(l) = AgencyLevel::from_key(text) {
        return Some(l);
    }
    if let Some(l) = AgencyLevel::ALL.into_iter().find(|l| l.label() == text) {
        return Some(l);
    }
    if text.contains("乡") || text.contains("镇") || text.contains("街道") {
        Some(AgencyLevel::Township)
    } else if text.contains("部门") {
        Some(AgencyLevel::CountyDepartment)
    } else if text.contains("政府") {
        Some(AgencyLevel::Government)
    } else {
        Some(AgencyLevel::Other)
    }
}

/// Column A and B of the first worksheet of a .xlsx.
fn read_xlsx(bytes: &[u8]) -> Result<Vec<RosterEntry>, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| "不是有效的 .xlsx 文件".to_owned())?;
    let mut read_entry = |name: &str| -> Option<String> {
        let mut f = zip.by_name(name).ok()?;
        let mut s = String::new();
        f.read_to_string(&mut s).ok()?;
        Some(s)
    };
    let shared = read_entry("xl/sharedStrings.xml").unwrap_or_default();
    let sheet = read_entry("xl/worksheets/sheet1.xml").ok_or("找不到第一个工作表")?;
    let strings = shared_strings(&shared)?;
    let rows = sheet_cells(&sheet, &strings)?;
    Ok(parse_lines(rows.into_iter()))
}

/// The shared strings of a workbook, in order.
pub fn shared_strings(xml: &str) -> Result<Vec<String>, String> {
    if xml.is_empty() {
        return Ok(Vec::new());
    }
    let doc = roxmltree::Document::parse(xml).map_err(|e| format!("共享字符串表损坏：{e}"))?;
    Ok(doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("si"))
        .map(|si| si.descendants().filter(|n| n.has_tag_name("t")).filter_map(|t| t.text()).collect())
        .collect())
}

/// Every cell of a worksheet as (reference, text), in order.
pub fn sheet_cell_texts(xml: &str, strings: &[String]) -> Result<Vec<(String, String)>, String> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| format!("工作表损坏：{e}"))?;
    let mut out = Vec::new();
    for c in doc.descendants().filter(|n| n.has_tag_name("c")) {
        let r = c.attribute("r").unwrap_or("").to_owned();
        let v = c.children().find(|n| n.has_tag_name("v")).and_then(|v| v.text()).unwrap_or("");
        let text = match c.attribute("t") {
            Some("s") => v.parse::<usize>().ok().and_then(|i| strings.get(i)).cloned().unwrap_or_default(),
            Some("inlineStr") => c.descendants().filter(|n| n.has_tag_name("t")).filter_map(|t| t.text()).collect(),
            _ => v.to_owned(),
        };
        out.push((r, text));
    }
    Ok(out)
}

fn sheet_cells(xml: &str, strings: &[String]) -> Result<Vec<(String, String)>, String> {
    let mut rows: Vec<(u32, String, String)> = Vec::new();
    for (r, text) in sheet_cell_texts(xml, strings)? {
        let col: String = r.chars().take_while(char::is_ascii_alphabetic).collect();
        let Ok(row) = r[col.len()..].parse::<u32>() else { continue };
        let at = match rows.iter().position(|(n, _, _)| *n == row) {
            Some(i) => i,
            None => {
                rows.push((row, String::new(), String::new()));
                rows.len() - 1
            }
        };
        match col.as_str() {
            "A" => rows[at].1 = text,
            "B" => rows[at].2 = text,
            _ => {}
        }
    }
    Ok(rows.into_iter().map(|(_, a, b)| (a, b)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_with_levels() {
        let rows =
            ["单位名称\t类型", "金砂镇人民政府\t乡镇", "县财政局\tcounty_department", "", "金砂镇 政府", "西溪街道"];
        let got = parse_lines(rows.iter().map(|l| {
            let mut p = l.splitn(2, '\t');
            (p.next().unwrap_or("").to_owned(), p.next().unwrap_or("").to_owned())
        }));
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].level, Some(AgencyLevel::Township));
        assert_eq!(got[1].level, Some(AgencyLevel::CountyDepartment));
        assert_eq!(got[2].level, None);
    }
}
