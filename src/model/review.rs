//! The reviewer's edits as values, and applying the ones the clerk accepts.
//!
//! A township sends its report to the county as a Word file; the reviewer changes numbers and
//! sentences (directly or as tracked changes, 修订) and adds comments (批注). Reading the returned
//! file (`crate::import::review`) compares it with the report *as it was exported* — the snapshot
//! the file carries — and gives a [`Review`]: the [`Change`]s, each as [`Edit`]s with what the
//! report held there ([`Expected`]), and the [`Comment`]s.
//!
//! The clerk may have edited the report since the export. [`apply`] therefore applies a chosen
//! subset of the changes to the clerk's *current* report and checks each one first: an edit
//! whose old value is no longer what the report holds there is a conflict and is left out, never
//! applied blindly. A paragraph that moved (the clerk inserted one before it) is found by its
//! text. The whole call is meant to be one undo step of the editor.
//!
//! A change is expressed as the editor's [`Edit`]s (set a cell, a field, the date, a heading, a
//! paragraph's text; insert or delete paragraphs) with what the report held there when exported
//! ([`Expected`]) as the condition for applying it; [`plan`] aims them at the current report and
//! [`apply`] makes them through [`edit::apply`].

use std::collections::HashSet;

use super::checks::Location;
use super::edit::{self, BlockRef, Edit, Field, List};
use super::report::{Block, Date, Report};
use super::standard::NUMERALS;
use super::tables::{CellId, TableId};

/// The name of a title-block field in messages (文号, 标题, 落款机关, 联系地址 …).
pub fn field_label(field: Field) -> &'static str {
    match field {
        Field::DocNumber => "文号",
        Field::Agency => "机关名称",
        Field::Title => "标题",
        Field::Signer => "落款机关",
        Field::Address => "联系地址",
        Field::Phone => "联系电话",
        Field::Postcode => "邮编",
    }
}

/// What the report held where a change applies, when it was exported: the condition for applying
/// the change to a report that may have changed since.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expected {
    /// The text of the field, heading, paragraph or sub-heading (printed lines, joined by line
    /// breaks).
    Text(String),
    /// The value the cell showed.
    Cell(Option<u64>),
    /// The signing date.
    Date(Option<Date>),
    /// For added paragraphs: the text of the block just before them (`None`: at the start of the
    /// list).
    After(Option<String>),
}

/// Whether a tracked change inserted or deleted text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RevisionKind {
    /// 插入.
    Inserted,
    /// 删除.
    Deleted,
}

/// One tracked change (修订) of the returned file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    /// Inserted or deleted.
    pub kind: RevisionKind,
    /// Who made it (as Word records it; may be empty).
    pub author: String,
    /// When, as Word records it (`2025-03-01T10:20:00Z`), if it does.
    pub date: Option<String>,
    /// The text inserted or deleted.
    pub text: String,
}

impl Revision {
    /// The date for display: `2025-03-01 10:20`.
    pub fn when(&self) -> String {
        self.date.as_deref().map(display_time).unwrap_or_default()
    }

    /// `张三 2025-03-01 10:20 插入“…”`.
    pub fn describe(&self) -> String {
        let what = match self.kind {
            RevisionKind::Inserted => "插入",
            RevisionKind::Deleted => "删除",
        };
        let who = if self.author.trim().is_empty() { "（未署名）" } else { self.author.trim() };
        let when = self.when();
        let sep = if when.is_empty() { "" } else { " " };
        format!("{who}{sep}{when} {what}“{}”", super::number::excerpt(&self.text, 40))
    }
}

/// A Word time stamp for display: `2025-03-01T10:20:00Z` → `2025-03-01 10:20`.
pub fn display_time(stamp: &str) -> String {
    let s = stamp.trim();
    match s.split_once('T') {
        Some((d, t)) => format!("{d} {}", t.get(..5).unwrap_or(t)),
        None => s.to_owned(),
    }
}

/// One change the reviewer made, as found in the returned file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Where, in Chinese: “表三 一、本年新收政府信息公开申请数量 × 自然人”, “第一部分（一）第2段”.
    pub place: String,
    /// What the report said when exported (for display).
    pub old: String,
    /// What the reviewer's file says (for display).
    pub new: String,
    /// The edits that make it, in the report as exported (one, or one per added paragraph), or
    /// why it cannot be applied (a cell that does not hold a number, a date that is not a date).
    pub edits: Result<Vec<Edit>, String>,
    /// What the report held there when exported.
    pub expected: Expected,
    /// The tracked changes (修订) that make up this change, with their authors and dates.
    pub revisions: Vec<Revision>,
    /// Whether the file also differs from the export outside tracked changes (a direct edit).
    pub direct: bool,
}

impl Change {
    /// Where it points in the report as exported (for the editor to show it).
    pub fn location(&self) -> Option<Location> {
        match self.edits.as_ref().ok()?.first()? {
            Edit::SetField { field, .. } => Some(field.location()),
            Edit::SetDate(_) => Some(Location::Date),
            Edit::SetHeading { section, .. } => Some(Location::Section(*section)),
            Edit::SetText { at, .. } | Edit::Delete(at) => Some(at.location()),
            Edit::Insert { at, .. } => Some(match at.list {
                List::Preamble => Location::Preamble(at.index.saturating_sub(1)),
                List::Section(s) if at.index == 0 => Location::Section(s),
                List::Section(s) => Location::Block(s, at.index - 1),
            }),
            Edit::SetCell { cell, .. } => Some(Location::Cell(*cell)),
            _ => None,
        }
    }

    /// Old and new text around what changed, for a list (a few characters of context).
    pub fn brief(&self) -> (String, String) {
        difference(&self.old, &self.new, 6)
    }

    /// Who made it: `修订：张三（2025-03-01 10:20）`, `直接修改`, or both.
    pub fn origin(&self) -> String {
        let mut parts = Vec::new();
        let mut seen: Vec<(String, String)> = Vec::new();
        for r in &self.revisions {
            let key = (r.author.trim().to_owned(), r.when());
            if !seen.contains(&key) {
                seen.push(key);
            }
        }
        if !seen.is_empty() {
            let who: Vec<String> = seen
                .iter()
                .map(|(a, w)| {
                    let a = if a.is_empty() { "未署名" } else { a.as_str() };
                    if w.is_empty() { a.to_owned() } else { format!("{a}（{w}）") }
                })
                .collect();
            parts.push(format!("修订：{}", who.join("、")));
        }
        if self.direct || self.revisions.is_empty() {
            parts.push("直接修改".to_owned());
        }
        parts.join("；")
    }
}

/// The part of a text that an edit replaces, with `context` characters around it and “…” where
/// text is left out: `("…信息7条，内容…", "…信息8条，内容…")` for a long paragraph.
pub fn difference(old: &str, new: &str, context: usize) -> (String, String) {
    let (a, b): (Vec<char>, Vec<char>) = (old.chars().collect(), new.chars().collect());
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let max_suf = a.len().min(b.len()) - pre;
    let suf = a.iter().rev().zip(b.iter().rev()).take(max_suf).take_while(|(x, y)| x == y).count();
    let cut = |s: &[char]| {
        let start = pre.saturating_sub(context);
        let end = (s.len() - suf + context).min(s.len());
        let mut out = String::new();
        if start > 0 {
            out.push('…');
        }
        out.extend(&s[start..end]);
        if end < s.len() {
            out.push('…');
        }
        out
    };
    (cut(&a), cut(&b))
}

/// A comment (批注) of the returned file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// Who wrote it.
    pub author: String,
    /// When, as Word records it, if it does.
    pub date: Option<String>,
    /// Its text (paragraphs joined by line breaks).
    pub text: String,
    /// Where it is anchored, in Chinese (the paragraph or cell), or 位置不明.
    pub place: String,
    /// Where it is anchored in the report as exported, when that is a place of the report.
    pub location: Option<Location>,
    /// The text it marks (may be empty).
    pub quoted: String,
}

/// What a returned file says: the report as exported, the changes and the comments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review {
    /// The report as it was exported (the snapshot the file carries).
    pub snapshot: Report,
    /// The changes, in reading order.
    pub changes: Vec<Change>,
    /// The comments, in the order of the file.
    pub comments: Vec<Comment>,
    /// What could not be compared, and why (parts of the file that are not part of the report).
    pub notes: Vec<String>,
}

impl Review {
    /// The review as text, one change, comment or note a line (for a log or a plain list).
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for c in &self.changes {
            let (old, new) = c.brief();
            let what = match (&c.edits, old.is_empty(), new.is_empty()) {
                (Err(why), ..) => format!("“{old}” → “{new}”（{why}，不能采纳）"),
                (Ok(_), true, _) => format!("新增“{new}”"),
                (Ok(_), _, true) => format!("删除“{old}”"),
                (Ok(_), false, false) => format!("“{old}” → “{new}”"),
            };
            out.push_str(&format!("修改 {}：{what}（{}）\n", c.place, c.origin()));
        }
        for c in &self.comments {
            let when = c.date.as_deref().map(display_time).unwrap_or_default();
            let sep = if when.is_empty() { "" } else { " " };
            out.push_str(&format!(
                "批注 {}（{}{sep}{when}）：{}\n",
                c.place,
                c.author.trim(),
                c.text.replace('\n', " ")
            ));
        }
        for n in &self.notes {
            out.push_str(&format!("说明 {n}\n"));
        }
        out
    }
}

/// What became of one chosen change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Applied.
    Applied,
    /// The report already says what the reviewer wrote: nothing to do.
    AlreadyThere,
    /// The report no longer holds the exported value there; not applied.
    Conflict {
        /// What the report holds there now (empty when the place is gone).
        current: String,
    },
    /// The change cannot be applied (why).
    NotApplicable(String),
}

impl Outcome {
    /// The outcome in Chinese, for the list of results.
    pub fn message(&self, change: &Change) -> String {
        match self {
            Self::Applied => format!("{}：已采纳", change.place),
            Self::AlreadyThere => format!("{}：报告中已是“{}”，无需修改", change.place, short(&change.new)),
            Self::Conflict { current } if current.is_empty() => {
                format!("{}：导出后此处已被修改或删除，与审核时的“{}”不一致，未采纳", change.place, short(&change.old))
            }
            Self::Conflict { current } => format!(
                "{}：导出后此处已改为“{}”，与审核时的“{}”不一致，未采纳",
                change.place,
                short(current),
                short(&change.old)
            ),
            Self::NotApplicable(why) => format!("{}：{why}，未采纳", change.place),
        }
    }
}

fn short(s: &str) -> String {
    super::number::excerpt(s, 30)
}

/// Text as printed: each line trimmed, empty lines left out, joined by line breaks.
pub fn printed(text: &str) -> String {
    text.split('\n').map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

fn numeral(s: usize) -> String {
    NUMERALS.get(s).map_or_else(|| format!("{}", s + 1), |n| (*n).to_owned())
}

/// The numeral prefix of a sub-heading: `（一）` of `（一）主动公开`, if it has one.
fn subheading_numeral(text: &str) -> Option<&str> {
    let t = text.trim();
    let open = t.chars().next().filter(|c| matches!(c, '（' | '('))?;
    let end = t.find(['）', ')'])?;
    let inner = &t[open.len_utf8()..end];
    (!inner.is_empty() && inner.chars().all(|c| "一二三四五六七八九十".contains(c)))
        .then(|| &t[..end + t[end..].chars().next().map_or(0, char::len_utf8)])
}

/// Where a block is, in Chinese: “前言第1段”, “第一部分（一）第2段”, “第五部分小标题（二）”.
pub fn block_place(r: &Report, at: BlockRef) -> String {
    match at.list {
        List::Preamble => format!("前言第{}段", at.index + 1),
        List::Section(s) => {
            let part = format!("第{}部分", numeral(s));
            let Some(blocks) = r.sections.get(s).map(|x| &x.blocks) else {
                return format!("{part}第{}段", at.index + 1);
            };
            if let Some(Block::Subheading(t)) = blocks.get(at.index) {
                return match subheading_numeral(t) {
                    Some(n) => format!("{part}小标题{n}"),
                    None => format!("{part}小标题“{}”", short(t)),
                };
            }
            // Paragraphs count from the sub-heading they stand under.
            let mut under = None;
            let mut n = 0;
            for b in blocks.iter().take(at.index.min(blocks.len())) {
                match b {
                    Block::Subheading(t) => {
                        under = Some(subheading_numeral(t).map_or_else(|| format!("“{}”下", short(t)), str::to_owned));
                        n = 0;
                    }
                    Block::Paragraph(_) => n += 1,
                }
            }
            format!("{part}{}第{}段", under.unwrap_or_default(), n + 1)
        }
    }
}

/// Where a cell is, in Chinese: “表三 一、本年新收政府信息公开申请数量 × 自然人”.
pub fn cell_place(cell: CellId) -> String {
    let d = cell.decl();
    let table = format!("表{}", d.table.numeral());
    match (d.row_label.is_empty(), d.col_label.is_empty()) {
        (true, _) => format!("{table} {}", d.col_label),
        (false, true) => format!("{table} {}", d.row_label),
        (false, false) => format!("{table} {} × {}", d.row_label, d.col_label),
    }
}

/// Where a table is, in Chinese (表三).
pub fn table_place(t: TableId) -> String {
    format!("表{}", t.numeral())
}

/// The printed text of a block of a list, if it exists.
fn block_text(r: &Report, list: List, i: usize) -> Option<String> {
    edit::block_text(r, BlockRef::new(list, i)).map(printed)
}

/// The block at `at` when it still reads `old`, else the only block of the list that does.
fn find_block(r: &Report, at: BlockRef, old: &str) -> Option<usize> {
    if block_text(r, at.list, at.index).as_deref() == Some(old) {
        return Some(at.index);
    }
    let n = edit::list_len(r, at.list)?;
    let mut found = (0..n).filter(|i| block_text(r, at.list, *i).as_deref() == Some(old));
    match (found.next(), found.next()) {
        (Some(i), None) => Some(i),
        _ => None,
    }
}

/// A change checked against the current report: its edits aimed at where the block is now, and,
/// for an insertion or deletion, where (list, index, deletion first) to order it.
struct Planned {
    edits: Vec<Edit>,
    at: Option<(List, usize, u8)>,
}

impl Planned {
    fn value(edits: &[Edit]) -> Option<Self> {
        Some(Self { edits: edits.to_vec(), at: None })
    }
}

/// Checks one change against the current report: the edits to make, `Ok(None)` when the report
/// already says what the reviewer wrote, or the outcome that stops it.
fn resolve(r: &Report, change: &Change) -> Result<Option<Planned>, Outcome> {
    let edits = change.edits.as_ref().map_err(|why| Outcome::NotApplicable(why.clone()))?;
    let conflict = |current: &str| Outcome::Conflict { current: current.to_owned() };
    let unknown = || Outcome::NotApplicable("这项修改无法与报告核对".into());
    let first = edits.first().ok_or_else(unknown)?;
    match (first, &change.expected) {
        (Edit::SetField { field, text }, Expected::Text(old)) => {
            let cur = printed(field.get(r));
            if cur == printed(text) {
                Ok(None)
            } else if cur == printed(old) {
                Ok(Planned::value(edits))
            } else {
                Err(conflict(&cur))
            }
        }
        (Edit::SetDate(new), Expected::Date(old)) => {
            if r.date == *new {
                Ok(None)
            } else if r.date == *old {
                Ok(Planned::value(edits))
            } else {
                Err(conflict(&r.date.map(|d| d.to_string()).unwrap_or_default()))
            }
        }
        (Edit::SetHeading { section, text }, Expected::Text(old)) => {
            let Some(s) = r.sections.get(*section) else {
                return Err(conflict(""));
            };
            let cur = printed(&s.heading);
            if cur == printed(text) {
                Ok(None)
            } else if cur == printed(old) {
                Ok(Planned::value(edits))
            } else {
                Err(conflict(&cur))
            }
        }
        (Edit::SetText { at, text }, Expected::Text(old)) => {
            let (old, new) = (printed(old), printed(text));
            if let Some(i) = find_block(r, *at, &old) {
                let edits = vec![Edit::SetText { at: BlockRef::new(at.list, i), text: text.clone() }];
                return Ok(Some(Planned { edits, at: None }));
            }
            // The clerk may have made the same edit (and moved the paragraph).
            if find_block(r, *at, &new).is_some() {
                return Ok(None);
            }
            Err(conflict(&block_text(r, at.list, at.index).unwrap_or_default()))
        }
        (Edit::SetCell { cell, value }, Expected::Cell(old)) => {
            let cur = r.tables.get(*cell);
            if cur == *value {
                Ok(None)
            } else if cur == *old {
                Ok(Planned::value(edits))
            } else {
                Err(conflict(&r.tables.display(*cell)))
            }
        }
        (Edit::Insert { at, .. }, Expected::After(after)) => {
            let blocks: Vec<&Block> = edits
                .iter()
                .filter_map(|e| if let Edit::Insert { block, .. } = e { Some(block) } else { None })
                .collect();
            let Some(n) = edit::list_len(r, at.list) else {
                return Err(conflict(""));
            };
            if at.list == List::Preamble && blocks.iter().any(|b| !b.is_paragraph()) {
                return Err(Outcome::NotApplicable("前言中只能有段落，不能有小标题".into()));
            }
            let pos = match after {
                None => 0,
                Some(a) => match find_block(r, BlockRef::new(at.list, at.index.saturating_sub(1)), &printed(a)) {
                    Some(i) => i + 1,
                    None => return Err(conflict("")),
                },
            };
            let there = blocks.iter().enumerate().all(|(k, b)| {
                pos + k < n && block_text(r, at.list, pos + k).as_deref() == Some(printed(b.text()).as_str())
            });
            if there {
                return Ok(None);
            }
            let edits = blocks
                .iter()
                .enumerate()
                .map(|(k, b)| Edit::Insert { at: BlockRef::new(at.list, pos + k), block: (*b).clone() })
                .collect();
            Ok(Some(Planned { edits, at: Some((at.list, pos, 0)) }))
        }
        (Edit::Delete(at), Expected::Text(old)) => match find_block(r, *at, &printed(old)) {
            Some(i) => {
                Ok(Some(Planned { edits: vec![Edit::Delete(BlockRef::new(at.list, i))], at: Some((at.list, i, 1)) }))
            }
            None => Err(conflict(&block_text(r, at.list, at.index).unwrap_or_default())),
        },
        _ => Err(unknown()),
    }
}

/// The edits that apply the chosen changes to the clerk's current report, in the order to apply
/// them ([`edit::apply`], one after the other), and one outcome per change. A change is taken
/// when its old value is still what the report holds (for a paragraph: at its place, or the only
/// paragraph of its list with that text); the others are left out with the reason. Values come
/// first (the cells as one [`Edit::SetCells`], so that totals follow), then insertions and
/// deletions from the end of each list, so that none moves a block another one points at.
pub fn plan(report: &Report, chosen: &[&Change]) -> (Vec<Edit>, Vec<Outcome>) {
    let mut outcomes = Vec::with_capacity(chosen.len());
    let mut values = Vec::new();
    let mut cells = Vec::new();
    let mut structural = Vec::new();
    // A block may be the target of one change only.
    let mut claimed: HashSet<(List, usize)> = HashSet::new();
    for change in chosen {
        let outcome = match resolve(report, change) {
            Ok(Some(p)) => {
                let target = p.edits.iter().find_map(|e| match e {
                    Edit::SetText { at, .. } | Edit::Delete(at) => Some((at.list, at.index)),
                    _ => None,
                });
                if let Some(t) = target
                    && !claimed.insert(t)
                {
                    Outcome::Conflict { current: block_text(report, t.0, t.1).unwrap_or_default() }
                } else {
                    match p.at {
                        Some(at) => structural.push((at, p.edits)),
                        None => {
                            for e in p.edits {
                                match e {
                                    Edit::SetCell { cell, value } => cells.push((cell, value)),
                                    e => values.push(e),
                                }
                            }
                        }
                    }
                    Outcome::Applied
                }
            }
            Ok(None) => Outcome::AlreadyThere,
            Err(o) => o,
        };
        outcomes.push(outcome);
    }
    if !cells.is_empty() {
        values.push(Edit::SetCells(cells));
    }
    // At the same index a deletion goes first: the insertion then takes the freed place.
    structural.sort_by(|((la, ia, ka), _), ((lb, ib, kb), _)| {
        list_order(*la).cmp(&list_order(*lb)).then(ib.cmp(ia)).then(kb.cmp(ka))
    });
    values.extend(structural.into_iter().flat_map(|(_, e)| e));
    (values, outcomes)
}

/// Applies the chosen changes to the clerk's current report ([`plan`], then [`edit::apply`]):
/// one outcome per change, in order. The report changes only through the applied ones.
pub fn apply(report: &mut Report, chosen: &[&Change]) -> Vec<Outcome> {
    let (edits, outcomes) = plan(report, chosen);
    let mut next = report.clone();
    // The plan was checked against this report: an edit that still fails leaves it untouched.
    for e in &edits {
        if let Err(err) = edit::apply(&mut next, e) {
            return outcomes
                .into_iter()
                .map(|o| if o == Outcome::Applied { Outcome::NotApplicable(err.to_string()) } else { o })
                .collect();
        }
    }
    *report = next;
    outcomes
}

fn list_order(l: List) -> usize {
    match l {
        List::Preamble => 0,
        List::Section(s) => s + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AgencyLevel;
    use crate::model::tables::t3;

    fn report() -> Report {
        crate::model::standard::new_report("金砂镇人民政府", 2025, AgencyLevel::Township)
    }

    fn change(edits: Vec<Edit>, expected: Expected) -> Change {
        Change {
            place: "某处".into(),
            old: String::new(),
            new: String::new(),
            edits: Ok(edits),
            expected,
            revisions: Vec::new(),
            direct: true,
        }
    }

    fn text_of(r: &Report, s: usize, b: usize) -> &str {
        r.sections[s].blocks[b].text()
    }

    #[test]
    fn places() {
        let r = report();
        // Section 一 of the template: a paragraph, then （一）… with a paragraph each.
        let sub = r.sections[0].blocks.iter().position(|b| !b.is_paragraph()).expect("a sub-heading");
        assert_eq!(block_place(&r, BlockRef::new(List::Section(0), sub)), "第一部分小标题（一）");
        assert_eq!(block_place(&r, BlockRef::new(List::Section(0), sub + 1)), "第一部分（一）第1段");
        assert_eq!(block_place(&r, BlockRef::new(List::Section(0), 0)), "第一部分第1段");
        assert_eq!(block_place(&r, BlockRef::new(List::Preamble, 1)), "前言第2段");
        assert_eq!(cell_place(CellId::t3(t3::R1, 0)), "表三 一、本年新收政府信息公开申请数量 × 自然人");
        assert_eq!(display_time("2025-03-01T10:20:00Z"), "2025-03-01 10:20");
        assert_eq!(subheading_numeral("(二)改进情况"), Some("(二)"));
        assert_eq!(subheading_numeral("（文字描述）"), None);
    }

    #[test]
    fn applies_what_still_matches_and_reports_conflicts() {
        let exported = report();
        let mut current = exported.clone();
        // The clerk changed one paragraph and one cell after the export.
        current.sections[1].blocks.push(Block::Paragraph("职员新增。".into()));
        current.tables.set(CellId::t3(t3::R1, 1), Some(3));
        let p = text_of(&exported, 0, 0).to_owned();
        let changes = [
            change(
                vec![Edit::SetText { at: BlockRef::new(List::Section(0), 0), text: "审核改写。".into() }],
                Expected::Text(p.clone()),
            ),
            change(vec![Edit::SetCell { cell: CellId::t3(t3::R1, 0), value: Some(5) }], Expected::Cell(Some(0))),
            change(vec![Edit::SetCell { cell: CellId::t3(t3::R1, 1), value: Some(4) }], Expected::Cell(Some(0))),
            change(
                vec![Edit::SetField { field: Field::DocNumber, text: "金政〔2026〕1号".into() }],
                Expected::Text(String::new()),
            ),
            change(vec![Edit::SetDate(Date::new(2026, 1, 20))], Expected::Date(exported.date)),
        ];
        let chosen: Vec<&Change> = changes.iter().collect();
        let out = apply(&mut current, &chosen);
        assert_eq!(out[0], Outcome::Applied);
        assert_eq!(out[1], Outcome::Applied);
        assert_eq!(out[2], Outcome::Conflict { current: "3".into() });
        assert!(out[2].message(&changes[2]).contains("已改为“3”"));
        assert_eq!(out[3], Outcome::Applied);
        assert_eq!(out[4], Outcome::Applied);
        assert_eq!(text_of(&current, 0, 0), "审核改写。");
        assert_eq!(current.tables.t3(t3::R1, 0), Some(5));
        assert_eq!(current.tables.t3(t3::R1, 1), Some(3), "the clerk's value stays");
        assert_eq!(current.tables.t3(t3::R1, t3::TOTAL), Some(8), "the total follows");
        assert_eq!(current.doc_number, "金政〔2026〕1号");
        assert_eq!(current.date, Date::new(2026, 1, 20));
        assert_eq!(current.sections[1].blocks.last().map(Block::text), Some("职员新增。"));
        // Applying again changes nothing: everything is already there, the conflict stays.
        let again = apply(&mut current, &chosen);
        assert_eq!(again[0], Outcome::AlreadyThere);
        assert_eq!(again[1], Outcome::AlreadyThere);
        assert!(matches!(again[2], Outcome::Conflict { .. }));
    }

    #[test]
    fn a_paragraph_that_moved_is_found_by_its_text_and_inserts_and_deletes_keep_their_places() {
        let mut exported = report();
        *exported.sections[4].blocks[1].text_mut() = "问题甲。".into();
        *exported.sections[4].blocks[3].text_mut() = "改进乙。".into();
        let s = exported.sections[4].blocks.len();
        assert!(s >= 2);
        let first = text_of(&exported, 4, 0).to_owned();
        let last = text_of(&exported, 4, s - 1).to_owned();
        let mut current = exported.clone();
        // The clerk inserted a paragraph at the start of section 五 after the export.
        current.sections[4].blocks.insert(0, Block::Paragraph("职员补充。".into()));
        let changes = [
            change(
                vec![Edit::SetText { at: BlockRef::new(List::Section(4), s - 1), text: "审核改写。".into() }],
                Expected::Text(last.clone()),
            ),
            change(
                vec![
                    Edit::Insert {
                        at: BlockRef::new(List::Section(4), 1),
                        block: Block::Paragraph("审核新增一。".into()),
                    },
                    Edit::Insert {
                        at: BlockRef::new(List::Section(4), 2),
                        block: Block::Paragraph("审核新增二。".into()),
                    },
                ],
                Expected::After(Some(first.clone())),
            ),
            change(vec![Edit::Delete(BlockRef::new(List::Section(4), 0))], Expected::Text(first.clone())),
            change(vec![Edit::Delete(BlockRef::new(List::Section(4), 0))], Expected::Text("不存在的段落".into())),
        ];
        // The plan aims every edit at the current report: the values first, then from the end.
        let chosen: Vec<&Change> = changes.iter().collect();
        let (edits, _) = plan(&current, &chosen);
        assert_eq!(edits[0], Edit::SetText { at: BlockRef::new(List::Section(4), s), text: "审核改写。".into() });
        assert_eq!(
            edits[1],
            Edit::Insert {
                at: BlockRef::new(List::Section(4), 2), block: Block::Paragraph("审核新增一。".into())
            }
        );
        assert_eq!(edits[3], Edit::Delete(BlockRef::new(List::Section(4), 1)));
        let out = apply(&mut current, &chosen);
        assert_eq!(out[..3], [Outcome::Applied, Outcome::Applied, Outcome::Applied]);
        assert!(matches!(out[3], Outcome::Conflict { .. }));
        let texts: Vec<&str> = current.sections[4].blocks.iter().map(Block::text).collect();
        assert_eq!(texts[0], "职员补充。");
        assert_eq!(texts[1..3], ["审核新增一。", "审核新增二。"]);
        assert!(!texts.contains(&first.as_str()));
        assert_eq!(texts.last(), Some(&"审核改写。"));
        assert_eq!(texts.len(), s + 2);
    }

    #[test]
    fn unreadable_changes_and_sub_headings_in_the_preamble_are_not_applied() {
        let mut r = report();
        let before = r.clone();
        let mut bad = change(Vec::new(), Expected::Date(None));
        bad.edits = Err("“二〇二六年”不是有效的日期".into());
        let sub = change(
            vec![Edit::Insert { at: BlockRef::new(List::Preamble, 0), block: Block::Subheading("（一）x".into()) }],
            Expected::After(None),
        );
        let out = apply(&mut r, &[&bad, &sub]);
        assert!(matches!(&out[0], Outcome::NotApplicable(m) if m.contains("不是有效的日期")));
        assert!(matches!(&out[1], Outcome::NotApplicable(_)));
        assert_eq!(r, before);
    }

    #[test]
    fn the_difference_keeps_a_little_context() {
        let old = "2024年，我镇在区政府门户网站信息公开专栏上主动公开政府信息7条，内容涵盖了政府机构职能。";
        let new = old.replace("7条", "8条");
        assert_eq!(difference(old, &new, 4), ("…政府信息7条，内容…".into(), "…政府信息8条，内容…".into()));
        assert_eq!(difference("0", "12", 6), ("0".into(), "12".into()));
        assert_eq!(difference("甲乙", "甲乙丙", 1), ("…乙".into(), "…乙丙".into()));
        assert_eq!(difference("", "新段落", 3), (String::new(), "新段落".into()));
        assert_eq!(difference("同样", "同样", 1), ("…样".into(), "…样".into()));
    }

    #[test]
    fn origin_names_the_reviewers() {
        let mut c = change(vec![Edit::SetField { field: Field::Title, text: "b".into() }], Expected::Text("a".into()));
        c.direct = false;
        c.revisions = vec![Revision {
            kind: RevisionKind::Inserted,
            author: "县政务公开办 李审".into(),
            date: Some("2026-01-05T09:30:00Z".into()),
            text: "b".into(),
        }];
        assert_eq!(c.origin(), "修订：县政务公开办 李审（2026-01-05 09:30）");
        c.direct = true;
        assert!(c.origin().ends_with("；直接修改"));
        assert!(c.revisions[0].describe().contains("插入“b”"));
    }
}
