//! Reports with varied, consistent numbers, for tests and benchmarks that need many distinct
//! reports (the import corpus, the review desk's 500-report folder).

use crate::model::Report;
use crate::model::tables::{CellId, TableId, t3, t4};

/// Replaces every table cell of `report` with a non-zero number drawn from `seed`
/// (deterministic: the same seed gives the same numbers). Table 三's 勾稽关系 holds in every
/// column, and one count (行政许可) is above 1 000, so thousands separators get exercised.
pub fn fill_consistent_tables(report: &mut Report, seed: u64) {
    // xorshift64; the odd start keeps the state from being 0.
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407) | 1;
    let mut next = |lo: u64, hi: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        lo + state % (hi - lo + 1)
    };
    let tables = &mut report.tables;
    for c in TableId::T2.cells() {
        let v = if c.key == "t2.fee_wan_yuan" { next(1, 999) * 125 } else { next(1, 60) };
        tables.set(c.id, Some(v));
    }
    if let Some(licensing) = CellId::from_key("t2.licensing") {
        tables.set(licensing, Some(1_000 + next(1, 8_999)));
    }
    for col in t3::PARTS {
        let mut results = 0;
        for row in t3::RESULT_ROWS {
            let v = next(1, 9);
            results += v;
            tables.set(CellId::t3(row, col), Some(v));
        }
        let carry = next(1, 5);
        let last_year = next(1, 5);
        tables.set(CellId::t3(t3::R4, col), Some(carry));
        tables.set(CellId::t3(t3::R2, col), Some(last_year));
        tables.set(CellId::t3(t3::R1, col), Some(results + carry - last_year));
    }
    for g in 0..t4::GROUPS {
        for c in 0..t4::TOTAL {
            tables.set(CellId::t4(g, c), Some(next(1, 9)));
        }
    }
    tables.normalize_overrides();
}

#[cfg(test)]
mod tests {
    use super::fill_consistent_tables;
    use crate::model::tables::TableId;

    #[test]
    fn the_numbers_are_non_zero_consistent_and_repeatable() {
        let mut a = crate::model::Report::default();
        fill_consistent_tables(&mut a, 7);
        let mut b = crate::model::Report::default();
        fill_consistent_tables(&mut b, 7);
        assert_eq!(a.tables, b.tables, "the same seed gives the same numbers");
        for t in [TableId::T2, TableId::T3, TableId::T4] {
            for c in t.cells() {
                assert!(a.tables.get(c.id).is_some_and(|v| v > 0), "{} is filled", c.key);
            }
        }
        let table_errors = crate::model::check(&a, None).into_iter().filter(|f| f.rule.starts_with("T3")).count();
        assert_eq!(table_errors, 0, "table 三 adds up");
    }
}
