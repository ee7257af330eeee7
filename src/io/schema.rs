//! The RON project file, version 1: what is read (serde) and how it becomes a [`Report`].
//!
//! The tables are read through the declaration in [`crate::model::tables`]: a table field is a
//! struct whose fields are the row keys (`R1`, `reg`) or, for table 四, the group keys
//! (`review`), each holding the named cells. Unknown, duplicate and missing rows or cells are
//! refused with a Chinese message at the position where they occur.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};

use crate::model::checks::{missing_t3_row_message, old_t2_term_message};
use crate::model::number::{Amount, MAX_AMOUNT, MAX_COUNT, ValueKind};
use crate::model::report::{AgencyLevel, Block, Contact, Date, PreviousYear, Report, Section};
use crate::model::tables::{CellDecl, TableId};
use crate::model::values::TableValues;

/// The version this program writes. Version 1 kept only a few of last year's figures; version 2
/// keeps last year's tables whole (see [`PreviousV1`] for the migration).
pub const CURRENT_VERSION: u32 = 2;

/// Just the version, read before anything else.
#[derive(Deserialize)]
pub struct VersionProbe {
    /// The `format_version` field.
    pub format_version: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum LevelV1 {
    Township,
    CountyDepartment,
    Government,
    Other,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactV1 {
    #[serde(default)]
    address: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    postcode: String,
}

#[derive(Deserialize)]
enum BlockV1 {
    Sub(String),
    Para(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionV1 {
    heading: String,
    #[serde(default)]
    blocks: Vec<BlockV1>,
}

/// A date written as `"2025-01-02"`.
struct DateV1(Date);

impl<'de> Deserialize<'de> for DateV1 {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s)
            .map(DateV1)
            .ok_or_else(|| de::Error::custom(format!("日期“{s}”无效，应写成 \"2025-01-02\" 的形式")))
    }
}

/// Last year's figures as format version 1 stored them: a few numbers only.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviousV1 {
    year: u16,
    #[serde(default)]
    incomplete: bool,
    t2_valid: [Option<u64>; 2],
    t3_carry_over: [Option<u64>; 7],
    t3_new_total: Option<u64>,
    t4_totals: [Option<u64>; 3],
    #[serde(default)]
    section1_text: String,
    #[serde(default)]
    section5_text: String,
}

/// Last year's report as format version 2 stores it: the three tables whole.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviousV2 {
    year: u16,
    #[serde(default)]
    incomplete: bool,
    table2: TableV1<2>,
    table3: TableV1<3>,
    table4: TableV1<4>,
    #[serde(default)]
    section1_text: String,
    #[serde(default)]
    section5_text: String,
}

/// How a stored `previous` becomes the model's.
pub trait IntoPrevious {
    /// The model's last-year figures.
    fn into_previous(self) -> PreviousYear;
}

impl IntoPrevious for PreviousV2 {
    fn into_previous(self) -> PreviousYear {
        PreviousYear {
            year: self.year,
            incomplete: self.incomplete,
            tables: tables_from([self.table2.0, self.table3.0, self.table4.0]),
            section1_text: self.section1_text,
            section5_text: self.section5_text,
        }
    }
}

impl IntoPrevious for PreviousV1 {
    /// Migration 1 → 2: the few figures version 1 kept go into their cells; every other cell of
    /// last year's tables is unknown (blank). Totals without their parts are kept as stored
    /// values.
    fn into_previous(self) -> PreviousYear {
        use crate::model::tables::{CellId, t3, t4};
        let mut t = TableValues::blank();
        for (key, v) in [("reg.valid", self.t2_valid[0]), ("norm.valid", self.t2_valid[1])] {
            if let Some(id) = CellId::t2(key) {
                t.set(id, v);
            }
        }
        for (c, v) in self.t3_carry_over.iter().enumerate() {
            t.set(CellId::t3(t3::R4, c), *v);
        }
        t.set(CellId::t3(t3::R1, t3::TOTAL), self.t3_new_total);
        for (g, v) in self.t4_totals.iter().enumerate() {
            t.set(CellId::t4(g, t4::TOTAL), *v);
        }
        t.normalize_overrides();
        PreviousYear {
            year: self.year,
            incomplete: self.incomplete,
            tables: t,
            section1_text: self.section1_text,
            section5_text: self.section5_text,
        }
    }
}

fn tables_from(parts: [Vec<(crate::model::tables::CellId, Option<u64>)>; 3]) -> TableValues {
    let mut tables = TableValues::blank();
    for t in parts {
        for (id, v) in t {
            tables.set(id, v);
        }
    }
    tables.normalize_overrides();
    tables
}

/// The project file; `P` is how its version stores last year's figures ([`PreviousV1`],
/// [`PreviousV2`]). Everything else is the same in versions 1 and 2.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "P: Deserialize<'de>"))]
pub struct FileBody<P> {
    #[allow(dead_code)]
    format_version: u32,
    agency: String,
    year: u16,
    level: LevelV1,
    #[serde(default)]
    doc_number: String,
    title: String,
    #[serde(default)]
    preamble: Vec<String>,
    #[serde(default)]
    contact: Option<ContactV1>,
    sections: Vec<SectionV1>,
    table2: TableV1<2>,
    table3: TableV1<3>,
    table4: TableV1<4>,
    #[serde(default)]
    signer: String,
    #[serde(default)]
    date: Option<DateV1>,
    #[serde(default = "none")]
    previous: Option<P>,
}

fn none<P>() -> Option<P> {
    None
}

impl<P: IntoPrevious> FileBody<P> {
    /// The report it holds.
    pub fn into_report(self) -> Report {
        let tables = tables_from([self.table2.0, self.table3.0, self.table4.0]);
        Report {
            agency: self.agency,
            year: self.year,
            level: match self.level {
                LevelV1::Township => AgencyLevel::Township,
                LevelV1::CountyDepartment => AgencyLevel::CountyDepartment,
                LevelV1::Government => AgencyLevel::Government,
                LevelV1::Other => AgencyLevel::Other,
            },
            doc_number: self.doc_number,
            title: self.title,
            preamble: self.preamble,
            contact: self.contact.map(|c| Contact { address: c.address, phone: c.phone, postcode: c.postcode }),
            sections: self
                .sections
                .into_iter()
                .map(|s| Section {
                    heading: s.heading,
                    blocks: s
                        .blocks
                        .into_iter()
                        .map(|b| match b {
                            BlockV1::Sub(t) => Block::Subheading(t),
                            BlockV1::Para(t) => Block::Paragraph(t),
                        })
                        .collect(),
                })
                .collect(),
            tables,
            signer: self.signer,
            date: self.date.map(|d| d.0),
            previous: self.previous.map(IntoPrevious::into_previous),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tables

/// The cells of one table as read: (cell, raw value). `N` is the table number (2, 3, 4).
pub struct TableV1<const N: u8>(Vec<(crate::model::tables::CellId, Option<u64>)>);

fn table_id(n: u8) -> TableId {
    match n {
        2 => TableId::T2,
        3 => TableId::T3,
        _ => TableId::T4,
    }
}

/// How a field of a table is named in messages: `R3_6_2`（（六）其他处理—2.…）.
fn describe_field(decl: &CellDecl) -> String {
    let label = match decl.table {
        TableId::T4 => decl.col_label.rsplit_once('—').map_or(decl.col_label.as_str(), |(g, _)| g).to_owned(),
        _ => decl.row_label.clone(),
    };
    format!("{}（{label}）", decl.file_path.0)
}

impl<'de, const N: u8> Deserialize<'de> for TableV1<N> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_struct("", &[], TableVisitor(table_id(N))).map(TableV1)
    }
}

struct TableVisitor(TableId);

impl<'de> Visitor<'de> for TableVisitor {
    type Value = Vec<(crate::model::tables::CellId, Option<u64>)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "表{}的各行", self.0.numeral())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let table = self.0;
        let cells = table.cells();
        let mut out = Vec::with_capacity(cells.len());
        let mut seen: Vec<&'static str> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let members: Vec<&CellDecl> = cells.iter().filter(|c| c.file_path.0 == key).collect();
            let Some(first) = members.first() else {
                return Err(de::Error::custom(unknown_row_message(table, &key)));
            };
            let field = first.file_path.0;
            if seen.contains(&field) {
                return Err(de::Error::custom(format!("表{}的“{key}”出现了两次", table.numeral())));
            }
            seen.push(field);
            if first.file_path.1.is_none() {
                let v = map.next_value_seed(CellSeed(first))?;
                out.push((first.id, v));
            } else {
                let row = map.next_value_seed(RowSeed(members))?;
                out.extend(row);
            }
        }
        let mut missing: Vec<&CellDecl> = Vec::new();
        for c in cells {
            if !seen.contains(&c.file_path.0) && !missing.iter().any(|m| m.file_path.0 == c.file_path.0) {
                missing.push(c);
            }
        }
        if let Some(m) = missing.first() {
            let names: Vec<String> = missing.iter().map(|m| describe_field(m)).collect();
            let message = if table == TableId::T3 {
                format!("{}共缺少{}行：{}", missing_t3_row_message(&m.row_label), missing.len(), names.join("、"))
            } else {
                format!(
                    "表{}缺少{}：{}",
                    table.numeral(),
                    if table == TableId::T4 { "栏目" } else { "行" },
                    names.join("、")
                )
            };
            return Err(de::Error::custom(message));
        }
        Ok(out)
    }
}

fn unknown_row_message(table: TableId, key: &str) -> String {
    let expected: Vec<&str> = {
        let mut v: Vec<&str> = Vec::new();
        for c in table.cells() {
            if !v.contains(&c.file_path.0) {
                v.push(c.file_path.0);
            }
        }
        v
    };
    let old = match (table, key) {
        (TableId::T2, "purchase" | "procurement" | "gov_procurement") => Some(old_t2_term_message("政府集中采购")),
        (TableId::T2, "other_services") => Some(old_t2_term_message("其他对外管理服务事项")),
        (TableId::T3, "R3_6") => Some(missing_t3_row_message("（六）其他处理 1.–3.")),
        _ => None,
    };
    let base = format!("表{}没有名为“{key}”的行，应为：{}", table.numeral(), expected.join("、"));
    match old {
        Some(o) => format!("{base}。{o}"),
        None => base,
    }
}

/// Reads the cells of one row (or one table-四 group).
struct RowSeed<'a>(Vec<&'a CellDecl>);

impl<'de> DeserializeSeed<'de> for RowSeed<'_> {
    type Value = Vec<(crate::model::tables::CellId, Option<u64>)>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_struct("", &[], self)
    }
}

impl<'de> Visitor<'de> for RowSeed<'_> {
    type Value = Vec<(crate::model::tables::CellId, Option<u64>)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("一行单元格，如 (natural: 0, …)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(self.0.len());
        let row = self.0.first().map(|c| describe_field(c)).unwrap_or_default();
        while let Some(key) = map.next_key::<String>()? {
            let Some(cell) = self.0.iter().find(|c| c.file_path.1 == Some(key.as_str())) else {
                let expected: Vec<&str> = self.0.iter().filter_map(|c| c.file_path.1).collect();
                return Err(de::Error::custom(format!(
                    "“{row}”中没有名为“{key}”的栏目，应为：{}",
                    expected.join("、")
                )));
            };
            if out.iter().any(|(id, _)| *id == cell.id) {
                return Err(de::Error::custom(format!("“{row}”中的“{key}”出现了两次")));
            }
            let v = map.next_value_seed(CellSeed(cell))?;
            out.push((cell.id, v));
        }
        let missing: Vec<&str> =
            self.0.iter().filter(|c| !out.iter().any(|(id, _)| *id == c.id)).filter_map(|c| c.file_path.1).collect();
        if !missing.is_empty() {
            return Err(de::Error::custom(format!(
                "“{row}”缺少栏目：{}（未填写的单元格请写 None）",
                missing.join("、")
            )));
        }
        Ok(out)
    }
}

/// Reads one cell: `None`, a non-negative integer, or for the 万元 amount also a decimal
/// string such as `"12.5"`.
struct CellSeed<'a>(&'a CellDecl);

impl CellSeed<'_> {
    fn name(&self) -> String {
        let d = self.0;
        let row = if d.row_label.is_empty() { String::new() } else { format!("“{}”×", d.row_label) };
        format!("表{}{row}“{}”", d.table.numeral(), d.col_label)
    }

    fn bad<E: de::Error>(&self, shown: &str) -> E {
        let shown = crate::model::number::excerpt(shown, 24);
        match self.0.kind {
            ValueKind::Count => E::custom(format!("{}应为非负整数，当前为“{shown}”", self.name())),
            ValueKind::Amount => E::custom(format!(
                "“行政事业性收费”金额应为非负数（单位：万元，最多4位小数，写成字符串如 \"12.5\"），当前为“{shown}”"
            )),
        }
    }

    fn check_range<E: de::Error>(&self, v: u64) -> Result<u64, E> {
        let max = if self.0.kind == ValueKind::Amount { MAX_AMOUNT / Amount::SCALE } else { MAX_COUNT };
        if v > max {
            return Err(E::custom(format!("{}的数值{v}过大", self.name())));
        }
        Ok(if self.0.kind == ValueKind::Amount { v * Amount::SCALE } else { v })
    }
}

impl<'de> DeserializeSeed<'de> for CellSeed<'_> {
    type Value = Option<u64>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for CellSeed<'_> {
    type Value = Option<u64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("非负整数或 None")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(CellValueVisitor(self.0)).map(Some)
    }
}

struct CellValueVisitor<'a>(&'a CellDecl);

impl<'de> Visitor<'de> for CellValueVisitor<'_> {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("非负整数")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
        CellSeed(self.0).check_range(v)
    }

    // Signs, fractions and exponents never get here from `load_str`: `scan::bad_number` owns
    // that rule and refuses them first; the negative and fractional branches below are a backstop.
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(CellSeed(self.0).bad(&v.to_string())),
        }
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<u64, E> {
        Err(E::custom(format!("{}的数值{v}过大", CellSeed(self.0).name())))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<u64, E> {
        if v < 0 { Err(CellSeed(self.0).bad(&v.to_string())) } else { self.visit_u128(v as u128) }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<u64, E> {
        Err(CellSeed(self.0).bad(&v.to_string()))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<u64, E> {
        if self.0.kind == ValueKind::Amount {
            use crate::model::number::{ParseMode, read_value};
            match read_value(ValueKind::Amount, s, ParseMode::Strict).map(|r| r.raw) {
                Ok(Some(a)) => return Ok(a),
                Ok(None) => return Err(E::custom("金额为空：未填写请写 None")),
                Err(crate::model::number::NumberError::TooLarge) => {
                    return Err(E::custom(format!(
                        "“行政事业性收费”金额“{}”万元过大",
                        crate::model::number::excerpt(s, 24)
                    )));
                }
                Err(_) => {}
            }
        }
        Err(CellSeed(self.0).bad(s))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<u64, E> {
        Err(CellSeed(self.0).bad(&v.to_string()))
    }
}
