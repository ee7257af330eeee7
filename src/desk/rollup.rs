//! 逐级汇总: tables 二, 三 and 四 of this year's units summed cell by cell.
//!
//! Sums are exact integers in the model's raw units (a count, or ten-thousandths of a 万元 for
//! the fee), so the fee total is an exact decimal. A cell that some unit left blank is summed
//! over the units that filled it and marked incomplete (the count of units missing it is
//! kept). 现行有效 is summed like every cell, with a note that a document reported by two units
//! is counted twice. The units that fail T3/T4 are named (A02), and when the county's own roll-up
//! report exists, every cell that differs from the sum is reported (A01).

use crate::model::report::Report;
use crate::model::standard;
use crate::model::tables::{CELL_COUNT, CellId, TableId, cells};
use crate::model::values::TableValues;
use crate::model::{AgencyLevel, Date, Finding, Location, Severity};

/// The note printed under the roll-up of table 二.
pub const VALID_NOTE: &str =
    "注：“现行有效件数”为各单位填报数之和；同一件规章或规范性文件由多个单位填报时会被重复计算，仅供参考。";

/// The sum of the units' tables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rollup {
    /// Σ of each cell over the units that filled it (raw units).
    pub sums: Vec<u64>,
    /// For each cell, how many units left it blank (0: complete).
    pub missing: Vec<usize>,
    /// How many units are summed.
    pub units: usize,
    /// The units failing T3/T4 (name, number of T3/T4 errors): A02.
    pub failing: Vec<(String, usize)>,
    /// A02 messages (failing units and missing roster units).
    pub warnings: Vec<String>,
}

impl Default for Rollup {
    fn default() -> Self {
        Self {
            sums: vec![0; CELL_COUNT],
            missing: vec![0; CELL_COUNT],
            units: 0,
            failing: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

impl Rollup {
    /// The sum of a cell (raw units).
    pub fn sum(&self, id: CellId) -> u64 {
        self.sums[id.0 as usize]
    }

    /// Whether some unit left the cell blank.
    pub fn incomplete(&self, id: CellId) -> bool {
        self.missing[id.0 as usize] > 0
    }

    /// The sum as printed (the fee with its decimals, exactly).
    pub fn display(&self, id: CellId) -> String {
        crate::model::number::format_value(id.decl().kind, self.sum(id))
    }

    /// The sums as table values: input cells summed, derived cells following their formulas
    /// (their sums are kept where they differ, as overrides); an incomplete cell is left blank.
    pub fn values(&self) -> TableValues {
        let mut v = TableValues::blank();
        for c in cells().iter().filter(|c| !c.derived) {
            v.set(c.id, (!self.incomplete(c.id)).then(|| self.sum(c.id)));
        }
        for c in cells().iter().filter(|c| c.derived) {
            if !self.incomplete(c.id) {
                v.set(c.id, Some(self.sum(c.id)));
            }
        }
        v.normalize_overrides();
        v
    }

    /// How many cells are incomplete.
    pub fn incomplete_cells(&self) -> usize {
        self.missing.iter().filter(|m| **m > 0).count()
    }

    /// The roll-up as a report of the reviewing office (逐级汇总): its agency, level and year, the
    /// standard text, and the summed tables, so that the next level up can review it like any
    /// unit's report.
    pub fn as_report(&self, agency: &str, level: AgencyLevel, year: u16, units: &[String]) -> Report {
        let mut r = standard::new_report(agency, year, level);
        r.tables = self.values();
        r.date = None::<Date>;
        if let Some(s) = r.sections.get_mut(0) {
            s.blocks.insert(
                0,
                crate::model::Block::Paragraph(format!(
                    "本报告表格数据为{}个单位{}年度报告的汇总：{}。",
                    units.len(),
                    year,
                    units.join("、")
                )),
            );
        }
        r
    }

    /// A01: the cells of an existing roll-up report that differ from the sum.
    pub fn compare(&self, report: &Report) -> Vec<Finding> {
        let mut out = Vec::new();
        for c in cells() {
            if self.incomplete(c.id) {
                continue;
            }
            let Some(v) = report.tables.get(c.id) else { continue };
            let s = self.sum(c.id);
            if v != s {
                let fmt = |x| crate::model::number::format_value(c.kind, x);
                out.push(Finding {
                    rule: "A01",
                    severity: Severity::Warning,
                    location: Location::Cell(c.id),
                    message: format!(
                        "汇总表“{}”×“{}”为{}，下级单位合计为{}。",
                        c.row_label,
                        c.col_label,
                        fmt(v),
                        fmt(s)
                    ),
                    cells: vec![c.id],
                });
            }
        }
        out
    }
}

/// Sums this year's units of a review.
pub fn roll_up(review: &super::Review) -> Rollup {
    let mut r = Rollup::default();
    for u in review.current() {
        r.units += 1;
        for c in cells() {
            let i = c.id.0 as usize;
            match u.report.tables.get(c.id) {
                Some(v) => r.sums[i] += v,
                None => r.missing[i] += 1,
            }
        }
        let n = u.table_errors();
        if n > 0 {
            r.failing.push((u.agency.clone(), n));
        }
    }
    r.failing.sort();
    for (name, n) in &r.failing {
        r.warnings.push(format!("{name}的统计表尚未通过校验（表格有{n}项错误），汇总结果可能不准确。"));
    }
    for m in &review.missing {
        r.warnings.push(format!("{}未提交年度报告，汇总结果不含该单位。", m.name));
    }
    r
}

/// The tables in roll-up order, for writers.
pub const TABLES: [TableId; 3] = TableId::ALL;
