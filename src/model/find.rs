//! 查找 (Ctrl+F): where a text occurs in a report, in reading order — the title block, the
//! preamble, every section's heading and paragraphs, and the labels of the tables.

use super::checks::Location;
use super::report::Report;
use super::tables::{GridContent, TableId, grid};

/// Every place where `query` occurs (once per place, however often it occurs there), in
/// reading order. Case is ignored for Latin letters; an empty query finds nothing.
pub fn find(r: &Report, query: &str) -> Vec<Location> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let has = |text: &str| text.to_lowercase().contains(&q);
    let mut found = Vec::new();
    if has(&r.doc_number) {
        found.push(Location::DocNumber);
    }
    if has(&r.title) {
        found.push(Location::Title);
    }
    found.extend(r.preamble.iter().enumerate().filter(|(_, p)| has(p)).map(|(i, _)| Location::Preamble(i)));
    for (s, section) in r.sections.iter().enumerate() {
        if has(&section.heading) {
            found.push(Location::Section(s));
        }
        found.extend(
            section.blocks.iter().enumerate().filter(|(_, b)| has(b.text())).map(|(b, _)| Location::Block(s, b)),
        );
        for t in TableId::ALL.into_iter().filter(|t| r.table_section(*t) == Some(s)) {
            found.extend(table_labels(t, &has));
        }
    }
    if has(&r.signer) {
        found.push(Location::Signer);
    }
    found.dedup();
    found
}

/// The places of a table's labels that match: a row label is reached at the first number of
/// its row, a column header at the first number below it, else the table.
fn table_labels(t: TableId, has: &impl Fn(&str) -> bool) -> Vec<Location> {
    let g = grid(t);
    let mut found = Vec::new();
    for c in &g.cells {
        let GridContent::Label { text, .. } = c.content else { continue };
        if !has(text) {
            continue;
        }
        let in_row = g.cells.iter().find_map(|v| match v.content {
            GridContent::Value(id) if v.row >= c.row && v.row < c.row + c.rowspan => Some(id),
            _ => None,
        });
        let below = || {
            g.cells.iter().find_map(|v| match v.content {
                GridContent::Value(id) if v.col >= c.col && v.col < c.col + c.colspan && v.row > c.row => Some(id),
                _ => None,
            })
        };
        let at = in_row.or_else(below).map_or(Location::Table(t), Location::Cell);
        if !found.contains(&at) {
            found.push(at);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AgencyLevel;
    use crate::model::report::Block;
    use crate::model::standard::new_report;
    use crate::model::tables::{CellId, t3};

    #[test]
    fn finds_prose_and_table_labels_in_reading_order() {
        let mut r = new_report("某镇人民政府", 2025, AgencyLevel::Township);
        r.sections[0].blocks = vec![Block::Paragraph("本年新收申请3件。".into())];
        r.preamble = vec!["前言提到申请。".into()];
        let found = find(&r, "申请");
        assert_eq!(found.first(), Some(&Location::Preamble(0)));
        assert!(found.contains(&Location::Block(0, 0)));
        // A row label of table 三 is reached at the first number of its row.
        let r1 = Location::Cell(CellId::t3(t3::R1, 0));
        assert!(find(&r, "本年新收政府信息公开").contains(&r1), "{:?}", find(&r, "本年新收政府信息公开"));
        assert!(find(&r, "   ").is_empty());
        assert!(find(&r, "不会出现的词语").is_empty());
    }
}
