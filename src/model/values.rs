//! The numbers of the three tables: what was entered, and what the model derives.
//!
//! Every cell is "not filled in" (`None`) or a value. For the derived cells (table 三's 总计
//! column and （七）总计 row, table 四's 总计) the stored value is an *override*: normally
//! `None`, so that the model computes the cell, and `Some` only when a file carried a value that
//! disagrees with the formula (an import or a hand edit). An override is kept and shown, and the
//! checks report it; [`TableValues::recompute`] (按公式重算) drops it.

use super::number::{Amount, ValueKind, format_value};
use super::tables::{CELL_COUNT, CellId, TableId, cells, t3, t4};

/// What a cell shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellValue {
    /// Not filled in.
    Blank,
    /// A count.
    Count(u64),
    /// An amount in 万元.
    Amount(Amount),
}

impl CellValue {
    /// The value as it is printed; blank is empty.
    pub fn display(self) -> String {
        match self {
            Self::Blank => String::new(),
            Self::Count(v) => v.to_string(),
            Self::Amount(a) => a.to_string(),
        }
    }

    /// Raw units (count, or ten-thousandths for an amount), `None` when blank.
    pub fn raw(self) -> Option<u64> {
        match self {
            Self::Blank => None,
            Self::Count(v) => Some(v),
            Self::Amount(a) => Some(a.ten_thousandths()),
        }
    }
}

/// The stored numbers of all 200 cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableValues {
    cells: Vec<Option<u64>>,
}

impl Default for TableValues {
    fn default() -> Self {
        Self::blank()
    }
}

impl TableValues {
    /// Every cell not filled in.
    pub fn blank() -> Self {
        Self { cells: vec![None; CELL_COUNT] }
    }

    /// Every input cell 0 (derived cells follow).
    pub fn zero() -> Self {
        let mut v = Self::blank();
        for c in cells() {
            if !c.derived {
                v.cells[c.id.0 as usize] = Some(0);
            }
        }
        v
    }

    /// What is stored for a cell: its value for an input cell, its override for a derived one.
    pub fn stored(&self, id: CellId) -> Option<u64> {
        self.cells[id.0 as usize]
    }

    /// Stores a raw value (count, or ten-thousandths of a 万元). For a derived cell this sets an
    /// override, except that a value equal to the formula's result clears it: the cell then
    /// simply follows the formula again.
    pub fn set(&mut self, id: CellId, raw: Option<u64>) {
        self.cells[id.0 as usize] = raw;
        if id.decl().derived && raw.is_some() && raw == self.computed(id) {
            self.cells[id.0 as usize] = None;
        }
    }

    /// Drops every override that now agrees with its formula. Call after a batch of edits.
    pub fn normalize_overrides(&mut self) {
        for c in cells() {
            if c.derived {
                let i = c.id.0 as usize;
                if self.cells[i].is_some() && self.cells[i] == self.computed(c.id) {
                    self.cells[i] = None;
                }
            }
        }
    }

    /// Whether a derived cell carries a value that disagrees with its formula.
    pub fn has_override(&self, id: CellId) -> bool {
        id.decl().derived && self.cells[id.0 as usize].is_some()
    }

    /// The derived cells that carry an override.
    pub fn overrides(&self) -> impl Iterator<Item = CellId> + '_ {
        cells().iter().filter(|c| c.derived && self.cells[c.id.0 as usize].is_some()).map(|c| c.id)
    }

    /// Drops all overrides (按公式重算).
    pub fn recompute(&mut self) {
        for c in cells() {
            if c.derived {
                self.cells[c.id.0 as usize] = None;
            }
        }
    }

    /// The value a cell shows, in raw units: its input, its override, or its formula's result.
    pub fn get(&self, id: CellId) -> Option<u64> {
        let stored = self.cells[id.0 as usize];
        if id.decl().derived { stored.or_else(|| self.computed(id)) } else { stored }
    }

    /// The value a cell shows.
    pub fn value(&self, id: CellId) -> CellValue {
        let d = id.decl();
        match (self.get(id), d.kind) {
            (None, _) => CellValue::Blank,
            (Some(v), ValueKind::Count) => CellValue::Count(v),
            (Some(v), ValueKind::Amount) => CellValue::Amount(Amount::from_ten_thousandths(v)),
        }
    }

    /// The value as printed (empty when blank).
    pub fn display(&self, id: CellId) -> String {
        self.get(id).map(|v| format_value(id.decl().kind, v)).unwrap_or_default()
    }

    /// What the formula of a derived cell gives from the input cells: `None` for an input cell
    /// or when an input it covers is blank.
    pub fn computed(&self, id: CellId) -> Option<u64> {
        let d = id.decl();
        if !d.derived {
            return None;
        }
        let input = |c: CellId| self.cells[c.0 as usize];
        match d.table {
            TableId::T3 => {
                let rows: Vec<usize> = if d.row == t3::R3_7 { t3::RESULT_ROWS.collect() } else { vec![d.row] };
                let cols: Vec<usize> = if d.col == t3::TOTAL { t3::PARTS.collect() } else { vec![d.col] };
                let mut sum = 0u64;
                for &r in &rows {
                    for &c in &cols {
                        sum += input(CellId::t3(r, c))?;
                    }
                }
                Some(sum)
            }
            TableId::T4 => {
                let g = d.col / t4::PER_GROUP;
                let mut sum = 0u64;
                for c in 0..t4::TOTAL {
                    sum += input(CellId::t4(g, c))?;
                }
                Some(sum)
            }
            TableId::T2 => None,
        }
    }

    /// Whether every input cell is filled in.
    pub fn is_complete(&self) -> bool {
        cells().iter().all(|c| c.derived || self.cells[c.id.0 as usize].is_some())
    }

    /// Fills every blank input cell with 0 (空白单元格填0). Returns how many were filled.
    pub fn fill_blanks_with_zero(&mut self) -> usize {
        let mut n = 0;
        for c in cells() {
            if !c.derived && self.cells[c.id.0 as usize].is_none() {
                self.cells[c.id.0 as usize] = Some(0);
                n += 1;
            }
        }
        n
    }

    /// Shorthand: table 三 cell by row and column index.
    pub fn t3(&self, row: usize, col: usize) -> Option<u64> {
        self.get(CellId::t3(row, col))
    }

    /// Shorthand: table 四 cell by group and column.
    pub fn t4(&self, group: usize, col: usize) -> Option<u64> {
        self.get(CellId::t4(group, col))
    }

    /// Shorthand: table 二 cell by local key (`reg.made`).
    pub fn t2(&self, key: &str) -> Option<u64> {
        CellId::t2(key).and_then(|id| self.get(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_cells_follow_inputs() {
        let mut v = TableValues::zero();
        v.set(CellId::t3(t3::R1, 0), Some(6));
        v.set(CellId::t3(t3::R1, 1), Some(2));
        assert_eq!(v.t3(t3::R1, t3::TOTAL), Some(8));
        v.set(CellId::t3(t3::R3_1, 0), Some(4));
        v.set(CellId::t3(t3::R3_2, 1), Some(1));
        assert_eq!(v.t3(t3::R3_7, 0), Some(4));
        assert_eq!(v.t3(t3::R3_7, t3::TOTAL), Some(5));
        v.set(CellId::t4(0, 0), Some(2));
        v.set(CellId::t4(0, 3), Some(1));
        assert_eq!(v.t4(0, t4::TOTAL), Some(3));
        assert_eq!(v.overrides().count(), 0);
    }

    #[test]
    fn overrides_are_kept_until_recomputed() {
        let mut v = TableValues::zero();
        v.set(CellId::t4(0, 0), Some(2));
        v.set(CellId::t4(0, t4::TOTAL), Some(0));
        assert_eq!(v.t4(0, t4::TOTAL), Some(0));
        assert!(v.has_override(CellId::t4(0, t4::TOTAL)));
        // An override equal to the formula is dropped.
        v.set(CellId::t4(0, t4::TOTAL), Some(2));
        assert!(!v.has_override(CellId::t4(0, t4::TOTAL)));
        v.set(CellId::t4(0, t4::TOTAL), Some(9));
        v.recompute();
        assert_eq!(v.t4(0, t4::TOTAL), Some(2));
    }

    #[test]
    fn blanks_propagate() {
        let mut v = TableValues::zero();
        v.set(CellId::t3(t3::R2, 3), None);
        assert_eq!(v.t3(t3::R2, t3::TOTAL), None);
        assert_eq!(v.t3(t3::R2, 0), Some(0));
        assert!(!v.is_complete());
        assert_eq!(v.fill_blanks_with_zero(), 1);
        assert!(v.is_complete());
    }
}
