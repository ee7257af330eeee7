//! The reviewer's edits as values, and applying the ones the clerk accepts.
//!
//! A township sends its report to the county as a Word file; the reviewer changes numbers and
//! sentences (directly or as tracked changes, 修订) and adds comments (批注). Reading the returned
//! file (`crate::import::review`) compares it with the report *as it was exported* — the snapshot
//! the file carries — and gives a [`Review`]: the [`Change`]s, each an [`Op`] with the value it
//! replaces, and the [`Comment`]s.
//!
//! The clerk may have edited the report since the export. [`apply`] therefore applies a chosen
//! subset of the changes to the clerk's *current* report and checks each one first: an edit
//! whose old value is no longer what the report holds there is a conflict and is left out, never
//! applied blindly. A paragraph that moved (the clerk inserted one before it) is found by its
//! text. The whole call is meant to be one undo step of the editor.
//!
//! An [`Op`] corresponds one to one to the editor's edits (set a cell, a field, the date, a
//! heading, a paragraph's text; insert or delete paragraphs) with the old value as a
//! precondition.

use std::collections::HashSet;

use super::checks::Location;
use super::report::{Block, Contact, Date, Report};
use super::standard::NUMERALS;
use super::tables::{CellId, TableId};

/// A one-line text field of the title block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// 文号.
    DocNumber,
    /// 标题.
    Title,
    /// 落款机关.
    Signer,
    /// 联系地址.
    Address,
    /// 联系电话.
    Phone,
    /// 邮编.
    Postcode,
}

impl Field {
    /// The field's name in messages.
    pub fn label(self) -> &'static str {
        match self {
            Self::DocNumber => "文号",
            Self::Title => "标题",
            Self::Signer => "落款机关",
            Self::Address => "联系地址",
            Self::Phone => "联系电话",
            Self::Postcode => "邮编",
        }
    }

    /// The field's text in a report (empty when the contact block is absent).
    pub fn get(self, r: &Report) -> &str {
        let contact = |f: fn(&Contact) -> &String| r.contact.as_ref().map_or("", |c| f(c).as_str());
        match self {
            Self::DocNumber => &r.doc_number,
            Self::Title => &r.title,
            Self::Signer => &r.signer,
            Self::Address => contact(|c| &c.address),
            Self::Phone => contact(|c| &c.phone),
            Self::Postcode => contact(|c| &c.postcode),
        }
    }

    fn get_mut(self, r: &mut Report) -> &mut String {
        match self {
            Self::DocNumber => &mut r.doc_number,
            Self::Title => &mut r.title,
            Self::Signer => &mut r.signer,
            Self::Address => &mut r.contact.get_or_insert_with(Contact::default).address,
            Self::Phone => &mut r.contact.get_or_insert_with(Contact::default).phone,
            Self::Postcode => &mut r.contact.get_or_insert_with(Contact::default).postcode,
        }
    }

    /// Where findings about the field point.
    pub fn location(self) -> Location {
        match self {
            Self::DocNumber => Location::DocNumber,
            Self::Title => Location::Title,
            Self::Signer => Location::Signer,
            Self::Address | Self::Phone | Self::Postcode => Location::Report,
        }
    }
}

/// A list of paragraphs: the preamble, or the blocks (sub-headings and paragraphs) of a section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum List {
    /// The paragraphs before section 一.
    Preamble,
    /// The blocks of a section (index in [`Report::sections`]).
    Section(usize),
}

/// A block in a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BlockRef {
    /// The list.
    pub list: List,
    /// The position in it (0-based).
    pub index: usize,
}

impl BlockRef {
    /// Block `index` of `list`.
    pub fn new(list: List, index: usize) -> Self {
        Self { list, index }
    }

    /// Where findings about this block point.
    pub fn location(self) -> Location {
        match self.list {
            List::Preamble => Location::Preamble(self.index),
            List::Section(s) => Location::Block(s, self.index),
        }
    }
}

/// One edit with the value it replaces (in the snapshot: the report as exported).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// Sets a field of the title block.
    SetField {
        /// The field.
        field: Field,
        /// Its text as exported.
        old: String,
        /// The reviewer's text.
        new: String,
    },
    /// Sets or clears the signing date.
    SetDate {
        /// As exported.
        old: Option<Date>,
        /// The reviewer's date.
        new: Option<Date>,
    },
    /// Replaces a section's heading.
    SetHeading {
        /// The section (index in [`Report::sections`]).
        section: usize,
        /// As exported.
        old: String,
        /// The reviewer's heading.
        new: String,
    },
    /// Replaces the text of a preamble paragraph, sub-heading or paragraph (its kind stays).
    SetText {
        /// The block (in the snapshot).
        at: BlockRef,
        /// As exported (printed lines, joined by line breaks).
        old: String,
        /// The reviewer's text.
        new: String,
    },
    /// Sets a table cell (`None`: not filled in; on a derived cell an override, which is dropped
    /// when it agrees with the formula).
    SetCell {
        /// The cell.
        cell: CellId,
        /// The value shown when exported.
        old: Option<u64>,
        /// The reviewer's value.
        new: Option<u64>,
    },
    /// Inserts blocks the reviewer added.
    Insert {
        /// Where the first one goes (in the snapshot: the index it takes).
        at: BlockRef,
        /// The text of the block just before, as exported (`None`: at the start of the list).
        after: Option<String>,
        /// The new blocks, in order.
        blocks: Vec<Block>,
    },
    /// Deletes a block the reviewer removed.
    Delete {
        /// The block (in the snapshot).
        at: BlockRef,
        /// Its text as exported.
        old: String,
    },
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
    /// The edit, or why it cannot be applied (a cell that does not hold a number, a date that is
    /// not a date, text at a place the report has no field for).
    pub op: Result<Op, String>,
    /// The tracked changes (修订) that make up this change, with their authors and dates.
    pub revisions: Vec<Revision>,
    /// Whether the file also differs from the export outside tracked changes (a direct edit).
    pub direct: bool,
}

impl Change {
    /// Where it points in the report as exported (for the editor to show it).
    pub fn location(&self) -> Option<Location> {
        match self.op.as_ref().ok()? {
            Op::SetField { field, .. } => Some(field.location()),
            Op::SetDate { .. } => Some(Location::Date),
            Op::SetHeading { section, .. } => Some(Location::Section(*section)),
            Op::SetText { at, .. } | Op::Delete { at, .. } => Some(at.location()),
            Op::Insert { at, .. } => Some(match at.list {
                List::Preamble => Location::Preamble(at.index.saturating_sub(1)),
                List::Section(s) if at.index == 0 => Location::Section(s),
                List::Section(s) => Location::Block(s, at.index - 1),
            }),
            Op::SetCell { cell, .. } => Some(Location::Cell(*cell)),
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
            let what = match (&c.op, old.is_empty(), new.is_empty()) {
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
    match list {
        List::Preamble => r.preamble.get(i).map(|t| printed(t)),
        List::Section(s) => r.sections.get(s)?.blocks.get(i).map(|b| printed(b.text())),
    }
}

fn list_len(r: &Report, list: List) -> Option<usize> {
    match list {
        List::Preamble => Some(r.preamble.len()),
        List::Section(s) => r.sections.get(s).map(|x| x.blocks.len()),
    }
}

/// The block at `at` when it still reads `old`, else the only block of the list that does.
fn find_block(r: &Report, at: BlockRef, old: &str) -> Option<usize> {
    if block_text(r, at.list, at.index).as_deref() == Some(old) {
        return Some(at.index);
    }
    let n = list_len(r, at.list)?;
    let mut found = (0..n).filter(|i| block_text(r, at.list, *i).as_deref() == Some(old));
    match (found.next(), found.next()) {
        (Some(i), None) => Some(i),
        _ => None,
    }
}

/// A change resolved against the current report.
enum Step {
    Field(Field, String),
    Date(Option<Date>),
    Heading(usize, String),
    Text(List, usize, String),
    Cell(CellId, Option<u64>),
    Insert(List, usize, Vec<Block>),
    Delete(List, usize),
}

/// Checks one op against the current report: the step to take, `Ok(None)` when the report already
/// says it, or the outcome that stops it.
fn resolve(r: &Report, op: &Op) -> Result<Option<Step>, Outcome> {
    let conflict = |current: &str| Outcome::Conflict { current: current.to_owned() };
    match op {
        Op::SetField { field, old, new } => {
            let cur = printed(field.get(r));
            if cur == printed(new) {
                Ok(None)
            } else if cur == printed(old) {
                Ok(Some(Step::Field(*field, new.clone())))
            } else {
                Err(conflict(&cur))
            }
        }
        Op::SetDate { old, new } => {
            if r.date == *new {
                Ok(None)
            } else if r.date == *old {
                Ok(Some(Step::Date(*new)))
            } else {
                Err(conflict(&r.date.map(|d| d.to_string()).unwrap_or_default()))
            }
        }
        Op::SetHeading { section, old, new } => {
            let Some(s) = r.sections.get(*section) else {
                return Err(conflict(""));
            };
            let cur = printed(&s.heading);
            if cur == printed(new) {
                Ok(None)
            } else if cur == printed(old) {
                Ok(Some(Step::Heading(*section, new.clone())))
            } else {
                Err(conflict(&cur))
            }
        }
        Op::SetText { at, old, new } => {
            let (old, new) = (printed(old), printed(new));
            if let Some(i) = find_block(r, *at, &old) {
                return Ok(Some(Step::Text(at.list, i, new)));
            }
            // The clerk may have made the same edit (and moved the paragraph).
            if find_block(r, *at, &new).is_some() {
                return Ok(None);
            }
            Err(conflict(&block_text(r, at.list, at.index).unwrap_or_default()))
        }
        Op::SetCell { cell, old, new } => {
            let cur = r.tables.get(*cell);
            if cur == *new {
                Ok(None)
            } else if cur == *old {
                Ok(Some(Step::Cell(*cell, *new)))
            } else {
                Err(conflict(&r.tables.display(*cell)))
            }
        }
        Op::Insert { at, after, blocks } => {
            let Some(n) = list_len(r, at.list) else {
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
            if there { Ok(None) } else { Ok(Some(Step::Insert(at.list, pos, blocks.clone()))) }
        }
        Op::Delete { at, old } => match find_block(r, *at, &printed(old)) {
            Some(i) => Ok(Some(Step::Delete(at.list, i))),
            None => Err(conflict(&block_text(r, at.list, at.index).unwrap_or_default())),
        },
    }
}

/// Applies the chosen changes to the clerk's current report: each one whose old value is still
/// what the report holds (or, for a paragraph, the only paragraph of its list with that text);
/// the others are left out with the reason. Returns one outcome per change, in order. The
/// report changes only through the applied ones.
pub fn apply(report: &mut Report, chosen: &[&Change]) -> Vec<Outcome> {
    let mut outcomes = Vec::with_capacity(chosen.len());
    let mut steps = Vec::new();
    // A block may be the target of one step only (two changes found the same paragraph).
    let mut claimed: HashSet<(List, usize)> = HashSet::new();
    for change in chosen {
        let step = match &change.op {
            Err(why) => Err(Outcome::NotApplicable(why.clone())),
            Ok(op) => resolve(report, op),
        };
        let outcome = match step {
            Ok(Some(step)) => {
                let target = match &step {
                    Step::Text(l, i, _) | Step::Delete(l, i) => Some((*l, *i)),
                    _ => None,
                };
                if let Some(t) = target
                    && !claimed.insert(t)
                {
                    Outcome::Conflict { current: block_text(report, t.0, t.1).unwrap_or_default() }
                } else {
                    steps.push(step);
                    Outcome::Applied
                }
            }
            Ok(None) => Outcome::AlreadyThere,
            Err(o) => o,
        };
        outcomes.push(outcome);
    }
    // Values first, while the indices still hold; then inserts and deletes from the end of each
    // list, so that none moves a block another one points at.
    let mut structural = Vec::new();
    let mut cells = false;
    for step in steps {
        match step {
            Step::Field(f, text) => *f.get_mut(report) = text,
            Step::Date(d) => report.date = d,
            Step::Heading(s, text) => {
                if let Some(x) = report.sections.get_mut(s) {
                    x.heading = text;
                }
            }
            Step::Text(List::Preamble, i, text) => {
                if let Some(p) = report.preamble.get_mut(i) {
                    *p = text;
                }
            }
            Step::Text(List::Section(s), i, text) => {
                if let Some(b) = report.sections.get_mut(s).and_then(|x| x.blocks.get_mut(i)) {
                    *b.text_mut() = text;
                }
            }
            Step::Cell(c, v) => {
                report.tables.set(c, v);
                cells = true;
            }
            s @ (Step::Insert(..) | Step::Delete(..)) => structural.push(s),
        }
    }
    if cells {
        report.tables.normalize_overrides();
    }
    let key = |s: &Step| match s {
        // At the same index a delete goes first: the insert then takes the freed place.
        Step::Delete(l, i) => (*l, *i, 1),
        Step::Insert(l, i, _) => (*l, *i, 0),
        _ => (List::Preamble, 0, 0),
    };
    structural.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        list_order(ka.0).cmp(&list_order(kb.0)).then(kb.1.cmp(&ka.1)).then(kb.2.cmp(&ka.2))
    });
    for step in structural {
        match step {
            Step::Delete(List::Preamble, i) if i < report.preamble.len() => {
                report.preamble.remove(i);
            }
            Step::Delete(List::Section(s), i) => {
                if let Some(x) = report.sections.get_mut(s).filter(|x| i < x.blocks.len()) {
                    x.blocks.remove(i);
                }
            }
            Step::Insert(List::Preamble, i, blocks) => {
                let at = i.min(report.preamble.len());
                for (k, b) in blocks.into_iter().enumerate() {
                    report.preamble.insert(at + k, b.text().to_owned());
                }
            }
            Step::Insert(List::Section(s), i, blocks) => {
                if let Some(x) = report.sections.get_mut(s) {
                    let at = i.min(x.blocks.len());
                    for (k, b) in blocks.into_iter().enumerate() {
                        x.blocks.insert(at + k, b);
                    }
                }
            }
            _ => {}
        }
    }
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

    fn change(op: Op) -> Change {
        Change {
            place: "某处".into(),
            old: String::new(),
            new: String::new(),
            op: Ok(op),
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
            change(Op::SetText {
                at: BlockRef::new(List::Section(0), 0), old: p.clone(), new: "审核改写。".into()
            }),
            change(Op::SetCell { cell: CellId::t3(t3::R1, 0), old: Some(0), new: Some(5) }),
            change(Op::SetCell { cell: CellId::t3(t3::R1, 1), old: Some(0), new: Some(4) }),
            change(Op::SetField { field: Field::DocNumber, old: String::new(), new: "金政〔2026〕1号".into() }),
            change(Op::SetDate { old: exported.date, new: Date::new(2026, 1, 20) }),
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
            change(Op::SetText {
                at: BlockRef::new(List::Section(4), s - 1),
                old: last.clone(),
                new: "审核改写。".into(),
            }),
            change(Op::Insert {
                at: BlockRef::new(List::Section(4), 1),
                after: Some(first.clone()),
                blocks: vec![Block::Paragraph("审核新增一。".into()), Block::Paragraph("审核新增二。".into())],
            }),
            change(Op::Delete { at: BlockRef::new(List::Section(4), 0), old: first.clone() }),
            change(Op::Delete { at: BlockRef::new(List::Section(4), 0), old: "不存在的段落".into() }),
        ];
        let chosen: Vec<&Change> = changes.iter().collect();
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
        let mut bad = change(Op::SetDate { old: None, new: None });
        bad.op = Err("“二〇二六年”不是有效的日期".into());
        let sub = change(Op::Insert {
            at: BlockRef::new(List::Preamble, 0),
            after: None,
            blocks: vec![Block::Subheading("（一）x".into())],
        });
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
        let mut c = change(Op::SetField { field: Field::Title, old: "a".into(), new: "b".into() });
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
