//! Rules that need last year's figures: T2-02, Y01, Y02, Y03.

use std::collections::HashMap;

use super::{Finding, Location, Severity};
use crate::model::report::{PreviousYear, Report};
use crate::model::tables::{CellId, t3, t4};

pub(super) fn check(report: &Report, prev: &PreviousYear, out: &mut Vec<Finding>) {
    let t = &report.tables;

    // T2-02: 现行有效(Y) = 现行有效(Y−1) + 本年制发 − 本年废止.
    for (i, (row, label)) in [("reg", "规章"), ("norm", "行政规范性文件")].into_iter().enumerate() {
        let get = |col: &str| t.t2(&format!("{row}.{col}"));
        if let (Some(p), Some(m), Some(r), Some(v)) = (prev.t2_valid(i), get("made"), get("repealed"), get("valid")) {
            let expected = (p + m).checked_sub(r);
            if expected != Some(v) {
                let e = (p + m) as i64 - r as i64;
                let id = CellId::t2(&format!("{row}.valid"));
                out.push(
                    Finding::new(
                        "T2-02",
                        Severity::Warning,
                        id.map_or(Location::Report, Location::Cell),
                        format!(
                            "表二“{label}”：上年现行有效{p}件＋本年制发{m}件－本年废止{r}件＝{e}件，与本年现行有效{v}件不一致，请核实（如有修订、清理请在正文说明）。"
                        ),
                    )
                    .with_cells(id.into_iter().collect()),
                );
            }
        }
    }

    // Y01: 上年结转 = last year's 结转下年度继续办理, column by column.
    for c in 0..t3::COLS {
        let id = CellId::t3(t3::R2, c);
        if let (Some(a), Some(b)) = (t.get(id), prev.carry_over(c))
            && a != b
        {
            let col = &id.decl().col_label;
            out.push(
                Finding::new(
                    "Y01",
                    if prev.incomplete { Severity::Warning } else { Severity::Error },
                    Location::Cell(id),
                    format!("表三“{col}”上年结转{a}件，与{}年度报告“结转下年度继续办理”{b}件不一致。", prev.year),
                )
                .with_cells(vec![id]),
            );
        }
    }

    // Y02: large year-over-year jumps.
    let metrics = [
        ("本年新收政府信息公开申请总数", CellId::t3(t3::R1, t3::TOTAL), prev.new_total()),
        ("行政复议总计", CellId::t4(0, t4::TOTAL), prev.t4_total(0)),
        ("行政诉讼（未经复议直接起诉）总计", CellId::t4(1, t4::TOTAL), prev.t4_total(1)),
        ("行政诉讼（复议后起诉）总计", CellId::t4(2, t4::TOTAL), prev.t4_total(2)),
    ];
    for (name, id, before) in metrics {
        if let (Some(a), Some(b)) = (before, t.get(id))
            && a >= 10
            && b >= 10
            && (b > a * 5 || b * 5 < a)
        {
            out.push(
                Finding::new(
                    "Y02",
                    Severity::Info,
                    Location::Cell(id),
                    format!("{name}由{}年的{a}变为{b}，变化较大，请确认数据无误。", prev.year),
                )
                .with_cells(vec![id]),
            );
        }
    }

    // Y03: 内容雷同 in sections 一 and 五.
    for (n, numeral, before) in [(1, "一", &prev.section1_text), (5, "五", &prev.section5_text)] {
        let Some(i) = report.section_index(n) else { continue };
        let now: String = report.sections[i].paragraphs().collect::<Vec<_>>().join("\n");
        if now.chars().count() < 20 || before.chars().count() < 20 {
            continue;
        }
        let p = similarity(&now, before);
        if p > 0.8 {
            out.push(Finding::new(
                "Y03",
                Severity::Warning,
                Location::Section(i),
                format!(
                    "第{numeral}部分与{}年报告内容高度相似（{}%），国办格式要求避免“内容雷同”，请结合本年度实际修改。",
                    prev.year,
                    (p * 100.0).round() as u32
                ),
            ));
        }
    }
}

/// Similarity of two texts, 0…1: the Dice coefficient of their character bigrams (ignoring
/// whitespace, punctuation and digits, so that a changed year or count does not hide a copy).
pub fn similarity(a: &str, b: &str) -> f64 {
    fn bigrams(s: &str) -> HashMap<(char, char), u32> {
        let chars: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
        let mut m = HashMap::new();
        for w in chars.windows(2) {
            *m.entry((w[0], w[1])).or_insert(0) += 1;
        }
        m
    }
    let (x, y) = (bigrams(a), bigrams(b));
    let total: u32 = x.values().sum::<u32>() + y.values().sum::<u32>();
    if total == 0 {
        return 0.0;
    }
    let common: u32 = x.iter().map(|(k, n)| (*n).min(y.get(k).copied().unwrap_or(0))).sum();
    f64::from(2 * common) / f64::from(total)
}
