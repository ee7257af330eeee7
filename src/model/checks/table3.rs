//! Table 三 arithmetic: T3-01, T3-02, T3-03 (T3-05 and T3-06 read the prose, in `text`).

use super::{Finding, Location, Severity};
use crate::model::report::Report;
use crate::model::tables::{CellId, t3};

pub(super) fn check(report: &Report, out: &mut Vec<Finding>) {
    let t = &report.tables;
    let get = |r: usize, c: usize| t.t3(r, c);

    // T3-01: R1 + R2 = R3_7 + R4, column by column.
    for c in 0..t3::COLS {
        let (Some(r1), Some(r2), Some(r37), Some(r4)) =
            (get(t3::R1, c), get(t3::R2, c), get(t3::R3_7, c), get(t3::R4, c))
        else {
            continue;
        };
        let (l, r) = (r1 + r2, r37 + r4);
        if l != r {
            let col = &CellId::t3(t3::R1, c).decl().col_label;
            out.push(
                Finding::new(
                    "T3-01",
                    Severity::Error,
                    Location::Cell(CellId::t3(t3::R1, c)),
                    format!(
                        "表三“{col}”列勾稽关系不成立：本年新收({r1})＋上年结转({r2})＝{l}，但办理结果总计({r37})＋结转下年度继续办理({r4})＝{r}，相差{}。",
                        l as i64 - r as i64
                    ),
                )
                .with_cells([t3::R1, t3::R2, t3::R3_7, t3::R4].iter().map(|&r| CellId::t3(r, c)).collect()),
            );
        }
    }

    // T3-02: （七）总计 = the sum of the result rows, column by column.
    for c in 0..t3::COLS {
        let Some(total) = get(t3::R3_7, c) else { continue };
        let parts: Option<Vec<u64>> = t3::RESULT_ROWS.map(|r| get(r, c)).collect();
        let Some(parts) = parts else { continue };
        let sum: u64 = parts.iter().sum();
        if sum != total {
            let col = &CellId::t3(t3::R3_7, c).decl().col_label;
            let mut cells: Vec<CellId> = t3::RESULT_ROWS.map(|r| CellId::t3(r, c)).collect();
            cells.push(CellId::t3(t3::R3_7, c));
            out.push(
                Finding::new(
                    "T3-02",
                    Severity::Error,
                    Location::Cell(CellId::t3(t3::R3_7, c)),
                    format!("表三“{col}”列：（一）至（六）各项之和为{sum}，与“（七）总计”{total}不一致。"),
                )
                .with_cells(cells),
            );
        }
    }

    // T3-03: 总计 = the sum of the applicant columns, row by row.
    for r in 0..t3::ROWS {
        let Some(total) = get(r, t3::TOTAL) else { continue };
        let parts: Option<Vec<u64>> = t3::PARTS.map(|c| get(r, c)).collect();
        let Some(parts) = parts else { continue };
        let sum: u64 = parts.iter().sum();
        if sum != total {
            let row = &CellId::t3(r, 0).decl().row_label;
            out.push(
                Finding::new(
                    "T3-03",
                    Severity::Error,
                    Location::Cell(CellId::t3(r, t3::TOTAL)),
                    format!("表三“{row}”：各申请人类别之和为{sum}，与“总计”列{total}不一致。"),
                )
                .with_cells((0..t3::COLS).map(|c| CellId::t3(r, c)).collect()),
            );
        }
    }
}
