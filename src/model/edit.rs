//! Changes to a report as values.
//!
//! Every change the editor makes — a cell, a pasted block, a paragraph typed, moved, inserted or
//! deleted, a heading restored — is an [`Edit`], applied by [`apply`]. The same values serve the
//! editor's undo, the review desk and scripts: whoever holds an `Edit` can apply it to any report,
//! check it, or show it. `apply` either makes the whole change or, with an [`EditError`], none of
//! it.

use super::checks::Location;
use super::report::{AgencyLevel, Block, Contact, Date, Report};
use super::standard;
use super::tables::CellId;

/// A list of paragraphs: the preamble, or the blocks (sub-headings and paragraphs) of a section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum List {
    /// The paragraphs before section 一.
    Preamble,
    /// The blocks of a section (index in [`Report::sections`]).
    Section(usize),
}

/// A block in a list: a preamble paragraph, or a sub-heading or paragraph of a section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BlockRef {
    /// The list.
    pub list: List,
    /// The position in it.
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

    /// The block a finding points at, if it points at one.
    pub fn from_location(location: Location) -> Option<Self> {
        match location {
            Location::Preamble(p) => Some(Self::new(List::Preamble, p)),
            Location::Block(s, b) => Some(Self::new(List::Section(s), b)),
            _ => None,
        }
    }
}

/// A one-line text field of the title block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// 文号.
    DocNumber,
    /// 机关名称.
    Agency,
    /// 标题.
    Title,
    /// 落款机关.
    Signer,
    /// 联系地址 (creates the contact block when there is none).
    Address,
    /// 联系电话.
    Phone,
    /// 邮编.
    Postcode,
}

impl Field {
    /// Where findings about this field point.
    pub fn location(self) -> Location {
        match self {
            Self::DocNumber => Location::DocNumber,
            Self::Agency | Self::Title => Location::Title,
            Self::Signer => Location::Signer,
            Self::Address | Self::Phone | Self::Postcode => Location::Report,
        }
    }

    /// The field's text in a report (empty when the contact block is absent).
    pub fn get(self, r: &Report) -> &str {
        let contact = |f: fn(&Contact) -> &String| r.contact.as_ref().map_or("", |c| f(c).as_str());
        match self {
            Self::DocNumber => &r.doc_number,
            Self::Agency => &r.agency,
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
            Self::Agency => &mut r.agency,
            Self::Title => &mut r.title,
            Self::Signer => &mut r.signer,
            Self::Address => &mut r.contact.get_or_insert_with(Contact::default).address,
            Self::Phone => &mut r.contact.get_or_insert_with(Contact::default).phone,
            Self::Postcode => &mut r.contact.get_or_insert_with(Contact::default).postcode,
        }
    }
}

/// One change to a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Sets a table cell (`None`: not filled in). On a derived cell this stores an override.
    SetCell {
        /// The cell.
        cell: CellId,
        /// Its new raw value.
        value: Option<u64>,
    },
    /// Sets several cells at once (a pasted block).
    SetCells(Vec<(CellId, Option<u64>)>),
    /// 空白单元格填0.
    FillBlanks,
    /// 按公式重算: drops every derived cell's override.
    Recompute,
    /// Sets a one-line field of the title block.
    SetField {
        /// The field.
        field: Field,
        /// Its new text.
        text: String,
    },
    /// Sets the report year (within [`Report::YEARS`]).
    SetYear(u16),
    /// Sets the kind of agency.
    SetLevel(AgencyLevel),
    /// Sets or clears the signing date.
    SetDate(Option<Date>),
    /// Adds an empty contact block, or removes it.
    SetContact(bool),
    /// Replaces the text of a paragraph or sub-heading (its kind stays).
    SetText {
        /// The block.
        at: BlockRef,
        /// Its new text.
        text: String,
    },
    /// Replaces a section's heading.
    SetHeading {
        /// The section (index in [`Report::sections`]).
        section: usize,
        /// The new heading.
        text: String,
    },
    /// Inserts a block so that it stands at `at` (`at.index` may be the list's length).
    Insert {
        /// Where the new block goes.
        at: BlockRef,
        /// The block (the preamble takes paragraphs only).
        block: Block,
    },
    /// Deletes a block.
    Delete(BlockRef),
    /// Swaps a block with the one before it.
    MoveUp(BlockRef),
    /// Swaps a block with the one after it.
    MoveDown(BlockRef),
    /// 恢复标准标题: every section heading found by its numeral, and the sub-headings of section
    /// 一 that name a standard topic in another form.
    RestoreHeadings,
    /// Restores one section's heading to the standard text for its numeral.
    RestoreHeading(usize),
    /// Restores one sub-heading of section 一 to the standard wording of its topic.
    RestoreSubheading(BlockRef),
}

/// Why an edit cannot be applied. The report is left as it was.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The section does not exist.
    #[error("报告中没有第 {} 个部分", .0 + 1)]
    NoSection(usize),
    /// The block does not exist.
    #[error("{}没有第 {} 段", list_name(.0.list), .0.index + 1)]
    NoBlock(BlockRef),
    /// The preamble has paragraphs only.
    #[error("前言中只能有段落，不能有小标题")]
    SubheadingInPreamble,
    /// A block at the start cannot move up, one at the end cannot move down.
    #[error("这一段已在{}，无法再移动", if *.0 { "最前面" } else { "最后面" })]
    CannotMove(bool),
    /// The year is outside [`Report::YEARS`].
    #[error("报告年度 {0} {hint}", hint = Report::year_hint())]
    Year(u16),
    /// A heading has no standard form to go back to.
    #[error("这个标题没有对应的国办格式标准写法")]
    NoStandard,
}

fn list_name(list: List) -> String {
    match list {
        List::Preamble => "前言".to_owned(),
        List::Section(s) => match standard::NUMERALS.get(s) {
            Some(n) => format!("第{n}部分"),
            None => format!("第 {} 个部分", s + 1),
        },
    }
}

/// The number of blocks in a list (`None` when the section does not exist).
pub fn list_len(r: &Report, list: List) -> Option<usize> {
    match list {
        List::Preamble => Some(r.preamble.len()),
        List::Section(s) => r.sections.get(s).map(|x| x.blocks.len()),
    }
}

/// The text of a block.
pub fn block_text(r: &Report, at: BlockRef) -> Option<&str> {
    match at.list {
        List::Preamble => r.preamble.get(at.index).map(String::as_str),
        List::Section(s) => r.sections.get(s)?.blocks.get(at.index).map(Block::text),
    }
}

/// Whether a block is a sub-heading.
pub fn is_subheading(r: &Report, at: BlockRef) -> bool {
    match at.list {
        List::Preamble => false,
        List::Section(s) => r.sections.get(s).and_then(|x| x.blocks.get(at.index)).is_some_and(|b| !b.is_paragraph()),
    }
}

/// Applies an edit: all of it, or nothing and the reason.
pub fn apply(r: &mut Report, edit: &Edit) -> Result<(), EditError> {
    match edit {
        Edit::SetCell { cell, value } => r.tables.set(*cell, *value),
        Edit::SetCells(cells) => {
            for (cell, value) in cells {
                r.tables.set(*cell, *value);
            }
            r.tables.normalize_overrides();
        }
        Edit::FillBlanks => {
            r.tables.fill_blanks_with_zero();
        }
        Edit::Recompute => r.tables.recompute(),
        Edit::SetField { field, text } => {
            if field.get(r) != text {
                *field.get_mut(r) = text.clone();
            }
        }
        Edit::SetYear(y) => {
            if !Report::YEARS.contains(y) {
                return Err(EditError::Year(*y));
            }
            r.year = *y;
        }
        Edit::SetLevel(l) => r.level = *l,
        Edit::SetDate(d) => r.date = *d,
        Edit::SetContact(on) => match (on, r.contact.is_some()) {
            (true, false) => r.contact = Some(Contact::default()),
            (false, true) => r.contact = None,
            _ => {}
        },
        Edit::SetText { at, text } => *text_mut(r, *at)? = text.clone(),
        Edit::SetHeading { section, text } => {
            r.sections.get_mut(*section).ok_or(EditError::NoSection(*section))?.heading = text.clone();
        }
        Edit::Insert { at, block } => insert(r, *at, block.clone())?,
        Edit::Delete(at) => {
            check_block(r, *at)?;
            match at.list {
                List::Preamble => {
                    r.preamble.remove(at.index);
                }
                List::Section(s) => {
                    r.sections[s].blocks.remove(at.index);
                }
            }
        }
        Edit::MoveUp(at) => {
            check_block(r, *at)?;
            if at.index == 0 {
                return Err(EditError::CannotMove(true));
            }
            swap(r, at.list, at.index - 1);
        }
        Edit::MoveDown(at) => {
            check_block(r, *at)?;
            if Some(at.index + 1) >= list_len(r, at.list) {
                return Err(EditError::CannotMove(false));
            }
            swap(r, at.list, at.index);
        }
        Edit::RestoreHeadings => standard::restore_headings(r),
        Edit::RestoreHeading(s) => {
            let section = r.sections.get_mut(*s).ok_or(EditError::NoSection(*s))?;
            section.heading = standard::standard_heading_for(&section.heading).ok_or(EditError::NoStandard)?.to_owned();
        }
        Edit::RestoreSubheading(at) => {
            check_block(r, *at)?;
            let std = standard::standard_subheading(r, *at).ok_or(EditError::NoStandard)?;
            *text_mut(r, *at)? = std.to_owned();
        }
    }
    Ok(())
}

/// The length of a list that exists.
fn existing_len(r: &Report, list: List) -> Result<usize, EditError> {
    match list {
        List::Preamble => Ok(r.preamble.len()),
        List::Section(s) => r.sections.get(s).map(|x| x.blocks.len()).ok_or(EditError::NoSection(s)),
    }
}

fn check_block(r: &Report, at: BlockRef) -> Result<(), EditError> {
    if at.index < existing_len(r, at.list)? { Ok(()) } else { Err(EditError::NoBlock(at)) }
}

fn text_mut(r: &mut Report, at: BlockRef) -> Result<&mut String, EditError> {
    check_block(r, at)?;
    Ok(match at.list {
        List::Preamble => &mut r.preamble[at.index],
        List::Section(s) => r.sections[s].blocks[at.index].text_mut(),
    })
}

fn swap(r: &mut Report, list: List, i: usize) {
    match list {
        List::Preamble => r.preamble.swap(i, i + 1),
        List::Section(s) => r.sections[s].blocks.swap(i, i + 1),
    }
}

fn insert(r: &mut Report, at: BlockRef, block: Block) -> Result<(), EditError> {
    if at.index > existing_len(r, at.list)? {
        return Err(EditError::NoBlock(at));
    }
    match (at.list, block) {
        (List::Preamble, Block::Paragraph(t)) => r.preamble.insert(at.index, t),
        (List::Preamble, Block::Subheading(_)) => return Err(EditError::SubheadingInPreamble),
        (List::Section(s), b) => r.sections[s].blocks.insert(at.index, b),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::standard::new_report;

    fn report() -> Report {
        let mut r = new_report("某镇人民政府", 2025, AgencyLevel::Township);
        r.sections[5].blocks =
            vec![Block::Paragraph("甲".into()), Block::Subheading("（一）乙".into()), Block::Paragraph("丙".into())];
        r
    }

    fn texts(r: &Report) -> Vec<&str> {
        r.sections[5].blocks.iter().map(Block::text).collect()
    }

    const SIX: List = List::Section(5);

    #[test]
    fn blocks_move_insert_and_delete() {
        let mut r = report();
        apply(&mut r, &Edit::MoveUp(BlockRef::new(SIX, 2))).unwrap();
        assert_eq!(texts(&r), ["甲", "丙", "（一）乙"]);
        apply(&mut r, &Edit::MoveDown(BlockRef::new(SIX, 0))).unwrap();
        assert_eq!(texts(&r), ["丙", "甲", "（一）乙"]);
        apply(&mut r, &Edit::Insert { at: BlockRef::new(SIX, 3), block: Block::Paragraph("丁".into()) }).unwrap();
        assert_eq!(texts(&r), ["丙", "甲", "（一）乙", "丁"]);
        apply(&mut r, &Edit::Delete(BlockRef::new(SIX, 1))).unwrap();
        assert_eq!(texts(&r), ["丙", "（一）乙", "丁"]);
        apply(&mut r, &Edit::SetText { at: BlockRef::new(SIX, 1), text: "（一）戊".into() }).unwrap();
        assert!(!r.sections[5].blocks[1].is_paragraph(), "a sub-heading stays one");
    }

    #[test]
    fn a_refused_edit_changes_nothing() {
        let mut r = report();
        let before = r.clone();
        for (edit, message) in [
            (Edit::MoveUp(BlockRef::new(SIX, 0)), "已在最前面"),
            (Edit::MoveDown(BlockRef::new(SIX, 2)), "已在最后面"),
            (Edit::Delete(BlockRef::new(SIX, 3)), "第六部分没有第 4 段"),
            (Edit::SetText { at: BlockRef::new(List::Section(9), 0), text: "x".into() }, "没有第 10 个部分"),
            (Edit::Insert { at: BlockRef::new(SIX, 5), block: Block::Paragraph("x".into()) }, "没有第 6 段"),
            (Edit::Insert { at: BlockRef::new(List::Preamble, 0), block: Block::Subheading("x".into()) }, "前言"),
            (Edit::SetYear(1989), "1990 至 2100"),
            (Edit::RestoreSubheading(BlockRef::new(SIX, 1)), "标准写法"),
        ] {
            let e = apply(&mut r, &edit).expect_err("refused");
            assert!(e.to_string().contains(message), "{edit:?}: {e}");
            assert_eq!(r, before, "{edit:?} changed the report");
        }
    }

    #[test]
    fn headings_are_restored_by_numeral() {
        let mut r = report();
        r.sections[1].heading = "二、行政机关主动公开政府信息情况".into();
        r.sections[0].blocks[1] = Block::Subheading("(一)主动公开".into());
        assert!(standard::headings_deviate(&r));
        apply(&mut r, &Edit::RestoreHeading(1)).unwrap();
        assert_eq!(r.sections[1].heading, "二、主动公开政府信息情况");
        apply(&mut r, &Edit::RestoreSubheading(BlockRef::new(List::Section(0), 1))).unwrap();
        assert_eq!(r.sections[0].blocks[1].text(), "（一）主动公开");
        assert!(!standard::headings_deviate(&r));
        r.sections[2].heading = "收到和处理申请".into();
        assert_eq!(apply(&mut r, &Edit::RestoreHeading(2)), Err(EditError::NoStandard));
    }

    #[test]
    fn fields_cells_and_contact() {
        let mut r = report();
        apply(&mut r, &Edit::SetField { field: Field::Phone, text: "0597-1".into() }).unwrap();
        assert_eq!(r.contact.as_ref().map(|c| c.phone.as_str()), Some("0597-1"));
        assert_eq!(Field::Phone.get(&r), "0597-1");
        apply(&mut r, &Edit::SetContact(false)).unwrap();
        assert_eq!(r.contact, None);
        let cell = CellId::from_key("t3.R1.natural").unwrap();
        let total = CellId::from_key("t3.R1.total").unwrap();
        apply(&mut r, &Edit::SetCells(vec![(cell, Some(4)), (total, Some(4))])).unwrap();
        assert_eq!(r.tables.get(total), Some(4));
        assert!(!r.tables.has_override(total), "a pasted total equal to the formula is no override");
        apply(&mut r, &Edit::SetCell { cell, value: None }).unwrap();
        assert_eq!(r.tables.get(cell), None);
        assert_eq!(BlockRef::from_location(BlockRef::new(SIX, 2).location()), Some(BlockRef::new(SIX, 2)));
    }
}
