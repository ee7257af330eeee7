//! Table 二 (T2-01, T2-03, T2-04; T2-05 is in `text`), and S06/S07 for typed or imported text.

use super::{Finding, Location, Severity};
use crate::model::number::{Amount, NumberError, ValueKind, parse_value};
use crate::model::report::{AgencyLevel, Report};
use crate::model::tables::{CellId, TableId};

pub(super) fn check(report: &Report, out: &mut Vec<Finding>) {
    let t = &report.tables;
    // T2-01: 现行有效 ≥ 本年制发 − 本年废止.
    for (row, label) in [("reg", "规章"), ("norm", "行政规范性文件")] {
        let get = |col: &str| t.t2(&format!("{row}.{col}"));
        if let (Some(m), Some(r), Some(v)) = (get("made"), get("repealed"), get("valid"))
            && v + r < m
        {
            out.push(
                Finding::new(
                    "T2-01",
                    Severity::Warning,
                    cell(&format!("{row}.valid")),
                    format!("表二“{label}”：本年制发{m}件、废止{r}件，现行有效仅{v}件，数据可能有误。"),
                )
                .with_cells(cells_of(row)),
            );
        }
    }
    // T2-03: no 规章 below the level that may make them.
    let severity = match report.level {
        AgencyLevel::Township => Some(Severity::Error),
        AgencyLevel::CountyDepartment => Some(Severity::Warning),
        AgencyLevel::Government | AgencyLevel::Other => None,
    };
    if let Some(severity) = severity {
        let values: Vec<(CellId, u64)> = ["made", "repealed", "valid"]
            .iter()
            .filter_map(|c| CellId::t2(&format!("reg.{c}")))
            .filter_map(|id| t.get(id).map(|v| (id, v)))
            .collect();
        if values.iter().any(|(_, v)| *v > 0) {
            let text: Vec<String> = values.iter().map(|(id, v)| format!("{}{v}", id.decl().col_label)).collect();
            let first = values.iter().find(|(_, v)| *v > 0).map(|(id, _)| *id).unwrap_or(values[0].0);
            out.push(
                Finding::new(
                    "T2-03",
                    severity,
                    Location::Cell(first),
                    format!("乡镇人民政府（县级机关）无规章制定权，表二“规章”各栏应为0，当前为{}。", text.join("、")),
                )
                .with_cells(cells_of("reg")),
            );
        }
    }
    // T2-04: a yuan amount typed into the 万元 cell.
    if let Some(id) = CellId::t2("fee_wan_yuan")
        && let Some(raw) = t.get(id)
    {
        let fee = Amount::from_ten_thousandths(raw);
        let limit = if report.level == AgencyLevel::Township { 1_000 } else { 100_000 };
        let looks_like_yuan = report.level == AgencyLevel::Township && fee.is_whole() && fee.units() >= 10_000;
        if fee > Amount::from_units(limit) || looks_like_yuan {
            out.push(
                Finding::new(
                    "T2-04",
                    Severity::Warning,
                    Location::Cell(id),
                    format!("行政事业性收费单位为“万元”，当前填写{fee}万元，请确认是否误按“元”填写。"),
                )
                .with_cells(vec![id]),
            );
        }
    }
}

fn cell(local: &str) -> Location {
    CellId::t2(local).map_or(Location::Table(TableId::T2), Location::Cell)
}

fn cells_of(row: &str) -> Vec<CellId> {
    ["made", "repealed", "valid"].iter().filter_map(|c| CellId::t2(&format!("{row}.{c}"))).collect()
}

/// Checks text typed, pasted or imported into a cell. `Ok` gives the raw value to store (`None`
/// for an empty cell); `Err` is the finding that says why the text is refused: S06 for a count,
/// S07 for the amount, S05 for a placeholder such as “/”.
pub fn cell_text_finding(id: CellId, text: &str) -> Result<Option<u64>, Finding> {
    let d = id.decl();
    let shown = text.trim();
    match parse_value(d.kind, text) {
        Ok(v) => Ok(v),
        Err(NumberError::Placeholder) => {
            Err(Finding::new("S05", Severity::Error, Location::Cell(id), super::structure::blank_message(id))
                .with_cells(vec![id]))
        }
        Err(e) => {
            let mut message = match d.kind {
                ValueKind::Amount => format!("“行政事业性收费”金额应为非负数（单位：万元），当前为“{shown}”。"),
                ValueKind::Count => {
                    let row = if d.row_label.is_empty() { String::new() } else { format!("“{}”×", d.row_label) };
                    format!("表{}{row}“{}”应为非负整数，当前为“{shown}”。", d.table.numeral(), d.col_label)
                }
            };
            if e == NumberError::TooLarge {
                message.push_str("数值过大。")
            }
            let rule = if d.kind == ValueKind::Amount { "S07" } else { "S06" };
            Err(Finding::new(rule, Severity::Error, Location::Cell(id), message).with_cells(vec![id]))
        }
    }
}
