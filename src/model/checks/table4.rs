//! Table 四: T4-01 … T4-03.

use super::{Finding, Location, Severity};
use crate::model::report::Report;
use crate::model::tables::{CellId, t4};

pub(super) fn check(report: &Report, out: &mut Vec<Finding>) {
    let t = &report.tables;
    for g in 0..t4::GROUPS {
        let parts: Option<Vec<u64>> = (0..t4::TOTAL).map(|c| t.t4(g, c)).collect();
        let (Some(parts), Some(total)) = (parts, t.t4(g, t4::TOTAL)) else { continue };
        let sum: u64 = parts.iter().sum();
        if sum == total {
            continue;
        }
        let (rule, message) = match g {
            0 => (
                "T4-01",
                format!(
                    "表四“行政复议”：结果维持({})＋结果纠正({})＋其他结果({})＋尚未审结({})＝{sum}，与总计({total})不一致。",
                    parts[0], parts[1], parts[2], parts[3]
                ),
            ),
            1 => ("T4-02", format!("表四“行政诉讼—未经复议直接起诉”：各项之和{sum}与总计{total}不一致。")),
            _ => ("T4-03", format!("表四“行政诉讼—复议后起诉”：各项之和{sum}与总计{total}不一致。")),
        };
        out.push(
            Finding::new(rule, Severity::Error, Location::Cell(CellId::t4(g, t4::TOTAL)), message)
                .with_cells((0..t4::PER_GROUP).map(|c| CellId::t4(g, c)).collect()),
        );
    }
}
