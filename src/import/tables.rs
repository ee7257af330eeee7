//! The three statistical tables of an imported document, found by their labels and mapped
//! row by row onto the official tables.

use crate::model::checks::{ObservedTables, cell_text_finding, normalize_label as norm};
use crate::model::tables::{CellId, T2_ITEMS, TableId, t3_rows, t4};
use crate::model::values::TableValues;

use super::source::Cell;

/// Finds tables 二, 三 and 四 among the document's tables by their labels and maps them. What
/// was mapped and what was not goes to `mapped` and `gaps`.
pub(super) fn map_tables(
    tables: &[&Vec<Vec<Cell>>],
    mapped: &mut Vec<String>,
    gaps: &mut Vec<String>,
) -> (TableValues, ObservedTables) {
    let mut values = TableValues::blank();
    let mut observed = ObservedTables::default();
    let mut found = [false; 3];
    for t in tables {
        let all: String = t.iter().flatten().map(|c| c.text.as_str()).collect();
        let kind = if all.contains("第二十条") {
            Some(TableId::T2)
        } else if all.contains("申请人情况") || all.contains("本年新收") {
            Some(TableId::T3)
        } else if all.contains("行政复议") && all.contains("诉讼") {
            Some(TableId::T4)
        } else {
            None
        };
        match kind {
            Some(TableId::T2) if !found[0] => {
                found[0] = true;
                observed.t2_found = true;
                observed.t2_labels = labels(t);
                map_t2(t, &mut values, mapped, gaps);
            }
            Some(TableId::T3) if !found[1] => {
                found[1] = true;
                observed.t3_found = true;
                observed.t3_labels = labels(t);
                map_t3(t, &mut values, mapped, gaps);
            }
            Some(TableId::T4) if !found[2] => {
                found[2] = true;
                map_t4(t, &mut values, mapped, gaps);
            }
            Some(_) => gaps.push("文档中有重复的统计表，只导入了第一张".into()),
            None => gaps.push(format!("一张无法识别的表格（{}行）未导入", t.len())),
        }
    }
    for (t, f) in TableId::ALL.iter().zip(found) {
        if !f {
            gaps.push(format!("没有找到表{}，其单元格留空", t.numeral()));
        }
    }
    values.normalize_overrides();
    (values, observed)
}

fn labels(t: &[Vec<Cell>]) -> Vec<String> {
    t.iter().flatten().filter(|c| !c.text.is_empty() && !is_value(&c.text)).map(|c| c.text.clone()).collect()
}

/// Whether a cell holds a value (a number or a placeholder for one) rather than a label.
fn is_value(text: &str) -> bool {
    let t = crate::model::number::normalize_number_text(text);
    !t.is_empty()
        && (t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
            || matches!(t.as_str(), "/" | "-" | "—" | "——" | "无"))
}

/// Stores one imported value; a placeholder or a bad value leaves the cell blank, noted.
fn put(values: &mut TableValues, id: CellId, text: &str, gaps: &mut Vec<String>) {
    match cell_text_finding(id, text) {
        Ok(v) => values.set(id, v),
        Err(f) => {
            values.set(id, None);
            gaps.push(format!("{}（原文“{}”）", f.message, text.trim()));
        }
    }
}

/// The value cells of a row after its last label.
fn values_after_label(row: &[Cell], label_at: usize) -> Vec<&Cell> {
    row[label_at + 1..].iter().collect()
}

fn map_t2(t: &[Vec<Cell>], values: &mut TableValues, mapped: &mut Vec<String>, gaps: &mut Vec<String>) {
    let old_columns = t.iter().flatten().any(|c| {
        ["本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量"]
            .iter()
            .any(|o| norm(&c.text).contains(o))
    });
    let mut done = Vec::new();
    for row in t {
        let Some((at, label)) = row.iter().enumerate().find(|(_, c)| !c.text.is_empty() && !is_value(&c.text)) else {
            continue;
        };
        let label = norm(&label.text);
        for item in &T2_ITEMS {
            for r in item.rows {
                let matches = norm(r.label) == label || (r.key == "norm" && label == "规范性文件");
                if !matches || done.contains(&r.key) {
                    continue;
                }
                let cells = values_after_label(row, at);
                let ids: Vec<CellId> = item
                    .columns
                    .iter()
                    .filter_map(|c| {
                        CellId::t2(&if c.key.is_empty() { r.key.to_owned() } else { format!("{}.{}", r.key, c.key) })
                    })
                    .collect();
                if old_columns && (r.key == "reg" || r.key == "norm" || r.key == "fee_wan_yuan") {
                    gaps.push(format!("表二“{}”行是2019年试行格式的栏目，与2021年格式含义不同，未导入", r.label));
                    done.push(r.key);
                    continue;
                }
                // 2019 (五)(六): 上一年项目数量 / 本年增减 / 处理决定数量 — the last is this year's.
                let cells: Vec<&Cell> = if old_columns && cells.len() >= 3 && ids.len() == 1 {
                    cells[cells.len() - 1..].to_vec()
                } else {
                    cells
                };
                if cells.len() < ids.len() {
                    gaps.push(format!("表二“{}”行只有{}个数值，应为{}个", r.label, cells.len(), ids.len()));
                }
                for (id, c) in ids.iter().zip(cells) {
                    put(values, *id, &c.text, gaps);
                }
                if old_columns && ids.len() == 1 {
                    mapped.push(format!("表二“{}”：取2019年格式的“处理决定数量”", r.label));
                }
                done.push(r.key);
            }
        }
        if ["政府集中采购", "其他对外管理服务事项"].iter().any(|o| label.contains(o)) {
            gaps.push(format!("表二“{label}”是2019年试行格式的行，2021年格式已取消，未导入"));
        }
    }
    let all: Vec<&str> = T2_ITEMS.iter().flat_map(|i| i.rows.iter().map(|r| r.key)).collect();
    let missing: Vec<&str> = all.iter().copied().filter(|k| !done.contains(k)).collect();
    mapped.push(format!("表二：{}行中已导入{}行", all.len(), all.len() - missing.len()));
    for k in missing {
        let label = T2_ITEMS.iter().flat_map(|i| i.rows.iter()).find(|r| r.key == k).map_or(k, |r| r.label);
        gaps.push(format!("表二缺少“{label}”行，留空"));
    }
}

fn map_t3(t: &[Vec<Cell>], values: &mut TableValues, mapped: &mut Vec<String>, gaps: &mut Vec<String>) {
    let rows = t3_rows();
    let keys: Vec<String> = rows.iter().map(|(_, l)| norm(l)).collect();
    let mut done = vec![false; rows.len()];
    let mut single_other = false;
    for row in t {
        // The last label of the row names it (the group labels before it are merged cells).
        let Some((at, label)) = row.iter().enumerate().rev().find(|(_, c)| !c.text.is_empty() && !is_value(&c.text))
        else {
            continue;
        };
        let label = norm(&label.text);
        let Some(r) = keys.iter().position(|k| *k == label) else {
            if label == norm("（六）其他处理") {
                single_other = true;
                gaps.push(
                    "表三“（六）其他处理”只有一行（2019年试行格式），无法对应到2021年格式的三个子项，已留空".into(),
                );
            }
            continue;
        };
        if done[r] {
            continue;
        }
        done[r] = true;
        let cells = values_after_label(row, at);
        if cells.len() < 7 {
            gaps.push(format!("表三“{}”行只有{}个数值，应为7个", rows[r].1, cells.len()));
        }
        for (c, cell) in cells.iter().take(7).enumerate() {
            put(values, CellId::t3(r, c), &cell.text, gaps);
        }
    }
    let n = done.iter().filter(|d| **d).count();
    mapped.push(format!("表三：{}行中已导入{n}行", rows.len()));
    for (i, d) in done.iter().enumerate() {
        let explained = single_other && rows[i].0.starts_with("R3_6_");
        if !*d && !explained {
            gaps.push(format!("表三缺少“{}”行，留空", rows[i].1));
        }
    }
}

fn map_t4(t: &[Vec<Cell>], values: &mut TableValues, mapped: &mut Vec<String>, gaps: &mut Vec<String>) {
    // The data row: the last row with values.
    let Some(row) = t.iter().rev().find(|r| r.iter().filter(|c| is_value(&c.text) || c.text.is_empty()).count() >= 15)
    else {
        gaps.push("表四没有找到15个数值的数据行，留空".into());
        return;
    };
    let cells: Vec<&Cell> = row.iter().filter(|c| !c.continues || c.text.is_empty()).collect();
    let cells = &cells[cells.len().saturating_sub(15)..];
    for (k, c) in cells.iter().enumerate() {
        put(values, CellId::t4(k / t4::PER_GROUP, k % t4::PER_GROUP), &c.text, gaps);
    }
    mapped.push("表四：15个数值已导入".into());
}
