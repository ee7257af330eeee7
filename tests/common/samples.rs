//! Reports the export tests share: one with a non-zero number in every input cell, and ones
//! whose headings lost their numerals or whose section is missing.

use nianbao::model::tables::{TableId, cells, t3, t4};
use nianbao::model::{AgencyLevel, CellId, Report, ValueKind};

use super::example;

/// The example with a different, non-zero number in every input cell that keeps every sum
/// (勾稽关系) true: a county department (规章 may be non-zero), 收费 1.2345 万元.
pub fn nonzero() -> Report {
    let mut r = example();
    r.level = AgencyLevel::CountyDepartment;
    let v = &mut r.tables;
    for c in TableId::T2.cells() {
        let raw = match c.kind {
            ValueKind::Count => 3 + c.id.0 as u64,
            ValueKind::Amount => 12_345,
        };
        v.set(c.id, Some(raw));
    }
    for col in t3::PARTS {
        let k = col as u64 + 1;
        // Results (一)…(六): 21 rows of k + row; carry-over R4 = k; last year R2 = 2k.
        let mut results = 0;
        for row in t3::RESULT_ROWS {
            let val = k + (row - t3::R3_1) as u64 % 3;
            v.set(CellId::t3(row, col), Some(val));
            results += val;
        }
        v.set(CellId::t3(t3::R4, col), Some(k));
        v.set(CellId::t3(t3::R2, col), Some(2 * k));
        v.set(CellId::t3(t3::R1, col), Some(results + k - 2 * k));
    }
    for g in 0..t4::GROUPS {
        for col in 0..t4::TOTAL {
            v.set(CellId::t4(g, col), Some((g * 4 + col + 1) as u64));
        }
    }
    debug_assert!(cells().iter().all(|c| c.derived || v.get(c.id).is_some_and(|x| x > 0)));
    r
}

/// The example whose section 二 heading lost its numeral (主动公开政府信息情况): table 二 stays
/// with the section at its position.
pub fn lost_numeral() -> Report {
    let mut r = example();
    r.sections[1].heading = "主动公开政府信息情况".into();
    r.sections[2].heading = "三．收到和处理政府信息公开申请情况".into();
    r
}

/// The example without section 四: table 四 is printed under its standard heading at the end.
pub fn missing_section() -> Report {
    let mut r = example();
    r.sections.remove(3);
    r
}
