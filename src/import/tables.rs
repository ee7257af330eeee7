//! The three statistical tables of an imported document, found by their labels and mapped
//! row by row onto the official tables.
//!
//! A row is matched by its label: exactly (after [`norm`]), or, when the label has a typo (a
//! dropped, added or swapped character, a missing “1.”), by the closest standard label *that its
//! position allows*: a standard row between those matched exactly before and after it. Such a
//! match is noted and observed as a label deviation (S11). Two rows that compete for one
//! standard row, a label close to no standard row, and a row without a label are left unmapped,
//! with their numbers listed: nothing is guessed and nothing disappears.
//!
//! A table split across two document tables (a page break typed by hand, a PDF page with its
//! repeated header) is joined again; a table whose header rows were deleted is recognised by
//! its row labels, table 四 by its row of fifteen numbers.
//!
//! Every cell is read with the import mode of the one number parser (`0件`, `1,234`, `１２`,
//! `3*`); each reading that was not a plain number is listed. “—”, “/”, “无” and text that is not
//! a number leave the cell blank, with the text noted.

use crate::model::checks::{LabelDeviation, OLD_T2_TERMS, ObservedTables, normalize_label as norm};
use crate::model::number::{NumberError, ParseMode, excerpt, read_value};
use crate::model::tables::{CellId, GridContent, T2_ITEMS, TableId, grid, t3_rows, t4};
use crate::model::values::TableValues;

use super::source::Cell;

/// What the table mapping tells the import report.
#[derive(Debug, Default)]
pub(super) struct Notes {
    /// What was mapped.
    pub mapped: Vec<String>,
    /// What was not, and why.
    pub gaps: Vec<String>,
    /// Each cell text that was not a plain number, and how it was read.
    pub readings: Vec<String>,
}

/// Finds tables 二, 三 and 四 among the document's tables by their labels and maps them.
pub(super) fn map_tables(tables: &[&Vec<Vec<Cell>>], notes: &mut Notes) -> (TableValues, ObservedTables) {
    let mut values = TableValues::blank();
    let mut observed = ObservedTables::default();
    let parts = join_parts(tables, notes);
    let mut found = [false; 3];
    for (kind, rows) in parts {
        match kind {
            TableId::T2 => {
                found[0] = true;
                observed.t2_found = true;
                observed.t2_labels = labels(&rows);
                map_t2(&rows, &mut values, notes, &mut observed);
            }
            TableId::T3 => {
                found[1] = true;
                observed.t3_found = true;
                observed.t3_labels = labels(&rows);
                map_t3(&rows, &mut values, notes, &mut observed);
            }
            TableId::T4 => {
                found[2] = true;
                map_t4(&rows, &mut values, notes, &mut observed);
            }
        }
    }
    for (t, f) in TableId::ALL.iter().zip(found) {
        if !f {
            notes.gaps.push(format!("没有找到表{}，其单元格留空", t.numeral()));
        }
    }
    values.normalize_overrides();
    (values, observed)
}

/// Classifies the document's tables and joins the parts of a split table: a table of the same
/// kind right after another (no other table between them) that repeats none of its data rows.
fn join_parts<'a>(tables: &[&'a Vec<Vec<Cell>>], notes: &mut Notes) -> Vec<(TableId, Vec<&'a [Cell]>)> {
    let mut parts: Vec<(TableId, Vec<&'a [Cell]>)> = Vec::new();
    let mut joined = [0usize; 3];
    let mut previous: Option<TableId> = None;
    for t in tables {
        let rows: Vec<&[Cell]> = t.iter().map(Vec::as_slice).filter(|r| r.iter().any(|c| !c.text.is_empty())).collect();
        if rows.is_empty() {
            // An empty piece (the empty rest of a row broken across a page) joins nothing.
            continue;
        }
        let Some(kind) = classify(&rows) else {
            notes.gaps.push(format!("一张无法识别的表格（{}行，开头为“{}”）未导入", rows.len(), first_text(&rows)));
            previous = None;
            continue;
        };
        let seen = parts.iter().position(|(k, _)| *k == kind);
        match seen {
            Some(i) if previous == Some(kind) && !repeats_rows(kind, &parts[i].1, &rows) => {
                joined[kind as usize] += 1;
                parts[i].1.extend(rows);
            }
            Some(_) => notes.gaps.push(format!("文档中有重复的表{}，只导入了第一张", kind.numeral())),
            None => parts.push((kind, rows)),
        }
        previous = Some(kind);
    }
    for (kind, n) in TableId::ALL.iter().zip(joined) {
        if n > 0 {
            notes.mapped.push(format!("表{}分成了{}部分（分页或手工拆分），已合并", kind.numeral(), n + 1));
        }
    }
    parts
}

fn first_text(rows: &[&[Cell]]) -> String {
    rows.iter().flat_map(|r| r.iter()).find(|c| !c.text.is_empty()).map_or(String::new(), |c| excerpt(&c.text, 12))
}

/// Whether `more` repeats a data row of `first` (then it is a second copy, not a continuation).
fn repeats_rows(kind: TableId, first: &[&[Cell]], more: &[&[Cell]]) -> bool {
    let data = |rows: &[&[Cell]]| -> Vec<String> {
        rows.iter().map(|r| doc_row(kind, r)).filter(|r| r.has_values).filter_map(|r| r.label.map(norm)).collect()
    };
    let a = data(first);
    data(more).iter().any(|l| a.contains(l))
}

/// Which official table a document table is, by its words, its row labels or its shape.
fn classify(rows: &[&[Cell]]) -> Option<TableId> {
    let all: String = rows.iter().flat_map(|r| r.iter()).map(|c| norm(&c.text)).collect();
    if all.contains("第二十条") {
        return Some(TableId::T2);
    }
    if all.contains("申请人情况") || all.contains("本年新收") || all.contains("勾稽关系") {
        return Some(TableId::T3);
    }
    if all.contains("行政复议") && all.contains("诉讼") {
        return Some(TableId::T4);
    }
    // No title or header: count the rows whose labels are (close to) a standard row's.
    let t2 = t2_standard();
    let t3 = t3_standard();
    let close_to = |label: &str, standard: &[String]| standard.iter().any(|s| close(label, s).is_some());
    let mut counts = [0usize; 2];
    for r in rows {
        for kind in [TableId::T2, TableId::T3] {
            let row = doc_row(kind, r);
            if let Some(l) = row.label.map(norm) {
                let standard = if kind == TableId::T2 { &t2[..] } else { t3 };
                if close_to(&l, standard) || (kind == TableId::T2 && l == "规范性文件") {
                    counts[kind as usize] += 1;
                }
            }
        }
    }
    if counts[1] >= 2 && counts[1] > counts[0] {
        return Some(TableId::T3);
    }
    if counts[0] >= 1 {
        return Some(TableId::T2);
    }
    if counts[1] >= 1 {
        return Some(TableId::T3);
    }
    // Table 四 without its header: a row of fifteen numbers and no label.
    let t4_row = |r: &&[Cell]| {
        let cells: Vec<&Cell> = r.iter().filter(|c| !c.continues).collect();
        cells.len() == t4::GROUPS * t4::PER_GROUP && cells.iter().all(|c| c.text.is_empty() || is_value(&c.text))
    };
    rows.iter().any(t4_row).then_some(TableId::T4)
}

fn labels(t: &[&[Cell]]) -> Vec<String> {
    t.iter()
        .flat_map(|r| r.iter())
        .filter(|c| !c.text.is_empty() && !is_value(&c.text))
        .map(|c| c.text.clone())
        .collect()
}

/// Whether a cell holds a value (a number, possibly with a unit or footnote mark, or a
/// placeholder for one) rather than a label.
pub(super) fn is_value(text: &str) -> bool {
    matches!(
        read_value(crate::model::number::ValueKind::Count, text, ParseMode::Import),
        Ok(_) | Err(NumberError::Placeholder)
    ) || read_value(crate::model::number::ValueKind::Amount, text, ParseMode::Import).is_ok()
}

/// How far apart two normalised labels are (edit distance over characters), if close enough to
/// count as the same label written with a typo: at most one edit in three characters, and at
/// least one edit always allowed.
fn close(a: &str, b: &str) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let longest = a.len().max(b.len());
    let limit = (longest / 3).max(1);
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let d = edit_distance(&a, &b);
    (d <= limit).then_some(d)
}

/// Levenshtein distance with adjacent transpositions (a swapped pair is one edit).
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (j, v) in d.iter_mut().enumerate().take(w) {
        *v = j;
    }
    for i in 1..=a.len() {
        d[i * w] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1).min(d[i * w + j - 1] + 1).min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// A row of a document table as the mapping sees it.
struct DocRow<'a> {
    /// The label that names the row (table 二: the first label; table 三: the last label, the
    /// group labels before it being merged cells).
    label: Option<&'a str>,
    /// The cells after the label (merged continuation cells left out).
    values: Vec<&'a Cell>,
    /// Whether the cells after the label hold numbers or are empty (a data row, not a header).
    has_values: bool,
}

fn doc_row(kind: TableId, row: &[Cell]) -> DocRow<'_> {
    let cells: Vec<&Cell> = row.iter().filter(|c| !c.continues).collect();
    let is_label = |c: &&Cell| !c.text.is_empty() && !is_value(&c.text);
    let at = match kind {
        TableId::T2 => cells.iter().position(is_label),
        _ => {
            // The last label, unless an earlier one is exactly a standard row's (then the text
            // after it is a value that is not a number).
            let exact = cells.iter().rposition(|c| is_label(c) && t3_standard().contains(&norm(&c.text)));
            exact.or_else(|| cells.iter().rposition(is_label))
        }
    };
    let (label, values) = match at {
        Some(i) => (Some(cells[i].text.as_str()), cells[i + 1..].to_vec()),
        None => (None, cells.into_iter().filter(|c| !c.text.is_empty()).collect()),
    };
    let has_values = !values.is_empty() && values.iter().all(|c| c.text.is_empty() || is_value(&c.text))
        || values.iter().any(|c| is_value(&c.text));
    DocRow { label, values, has_values }
}

/// How a document row was matched to the standard rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RowMatch {
    /// Its label is the standard label.
    Exact(usize),
    /// Its label is close to this standard label, the only one its position allows.
    Close(usize),
    /// Another row claims the same standard row.
    Competing(usize),
    /// Close to no standard row its position allows (or to two equally).
    Unmatched,
    /// Not a data row (a title or header row).
    Header,
}

/// Matches document rows (normalised labels, whether they hold values) to the standard rows.
fn match_rows(rows: &[(Option<String>, bool)], standard: &[String]) -> Vec<RowMatch> {
    let mut out: Vec<RowMatch> = rows
        .iter()
        .map(|(label, has_values)| match label {
            Some(l) => match standard.iter().position(|s| s == l) {
                Some(k) => RowMatch::Exact(k),
                None if *has_values => RowMatch::Unmatched,
                None => RowMatch::Header,
            },
            None if *has_values => RowMatch::Unmatched,
            None => RowMatch::Header,
        })
        .collect();
    let exact: Vec<usize> =
        out.iter().filter_map(|m| if let RowMatch::Exact(k) = m { Some(*k) } else { None }).collect();
    for i in 0..rows.len() {
        let (Some(label), RowMatch::Unmatched) = (&rows[i].0, out[i]) else { continue };
        // The standard rows this position allows: after the last exact match above, before
        // the first exact match below.
        let lo = out[..i].iter().filter_map(|m| if let RowMatch::Exact(k) = m { Some(*k) } else { None }).max();
        let hi = out[i + 1..].iter().filter_map(|m| if let RowMatch::Exact(k) = m { Some(*k) } else { None }).min();
        let mut best: Option<(usize, usize)> = None;
        let mut tie = false;
        for (k, s) in standard.iter().enumerate() {
            if lo.is_some_and(|lo| k <= lo) || hi.is_some_and(|hi| k >= hi) || exact.contains(&k) {
                continue;
            }
            if let Some(d) = close(label, s) {
                match best {
                    Some((_, bd)) if d == bd => tie = true,
                    Some((_, bd)) if d > bd => {}
                    _ => {
                        best = Some((k, d));
                        tie = false;
                    }
                }
            }
        }
        if let (Some((k, _)), false) = (best, tie) {
            out[i] = RowMatch::Close(k);
        }
    }
    // Two rows that claim one standard row (exact duplicates are the caller's to judge).
    for k in 0..standard.len() {
        let claims: Vec<usize> = (0..out.len()).filter(|&i| out[i] == RowMatch::Close(k)).collect();
        if claims.len() > 1 {
            for i in claims {
                out[i] = RowMatch::Competing(k);
            }
        }
    }
    out
}

/// The cell texts of a row as listed in a gap (“3、空、—”).
fn shown(values: &[&Cell]) -> String {
    if values.is_empty() {
        return "没有数值".into();
    }
    let list: Vec<String> =
        values.iter().map(|c| if c.text.is_empty() { "空".to_owned() } else { excerpt(&c.text, 12) }).collect();
    format!("数值：{}", list.join("、"))
}

/// The name of a cell in the import report: 表三“一、本年新收…”×“自然人”.
fn cell_name(id: CellId) -> String {
    let d = id.decl();
    let row = if d.row_label.is_empty() { String::new() } else { format!("“{}”×", d.row_label) };
    format!("表{}{row}“{}”", d.table.numeral(), d.col_label)
}

/// Stores one imported value as the import mode reads it; a placeholder or text that is not a
/// number leaves the cell blank, noted.
fn put(values: &mut TableValues, id: CellId, text: &str, notes: &mut Notes) {
    let kind = id.decl().kind;
    match read_value(kind, text, ParseMode::Import) {
        Ok(r) => {
            values.set(id, r.raw);
            if let Some(n) = r.note {
                notes.readings.push(format!("{}：{n}", cell_name(id)));
            }
        }
        Err(NumberError::Placeholder) => {
            values.set(id, None);
            notes.gaps.push(format!(
                "{}为“{}”，按空白导入（没有数据应填0，不得填“/”“—”或“无”）",
                cell_name(id),
                excerpt(text.trim(), 8)
            ));
        }
        Err(e) => {
            values.set(id, None);
            let why = if e == NumberError::TooLarge { "数值过大" } else { "不是数字" };
            notes.gaps.push(format!("{}的内容“{}”{why}，留空", cell_name(id), excerpt(text.trim(), 20)));
        }
    }
}

/// Notes a label matched with a typo, and the deviation for S11.
fn deviation(table: TableId, actual: &str, standard: &'static str, notes: &mut Notes, obs: &mut ObservedTables) {
    notes.mapped.push(format!(
        "表{}“{}”按标准行“{standard}”导入（标签与标准写法不一致）",
        table.numeral(),
        actual.trim()
    ));
    obs.deviations.push(LabelDeviation { table, actual: actual.trim().to_owned(), standard });
}

/// Header and group labels (not the row labels, which the row matching judges) that are close
/// to one official label of the table but not equal to it.
fn header_deviations(
    table: TableId,
    rows: &[&[Cell]],
    row_labels: &[&str],
    notes: &mut Notes,
    obs: &mut ObservedTables,
) {
    let known: Vec<&'static str> = grid(table)
        .cells
        .iter()
        .filter_map(|c| if let GridContent::Label { text, .. } = c.content { Some(text) } else { None })
        .collect();
    let known_norm: Vec<String> = known.iter().map(|k| norm(k)).collect();
    // Normalised once, looked up by hash: a table of 1 600 rows normalised every row label for
    // every cell (4 s for a fuzzed 80 KB file in a debug build).
    let row_norm: std::collections::HashSet<String> = row_labels.iter().map(|r| norm(r)).collect();
    let old_norm: Vec<String> = OLD_T2_TERMS.iter().map(|t| norm(t)).collect();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for c in rows.iter().flat_map(|r| r.iter()) {
        if c.text.is_empty() || is_value(&c.text) {
            continue;
        }
        let l = norm(&c.text);
        if row_norm.contains(&l)
            || known_norm.contains(&l)
            || seen.contains(&l)
            || old_norm.iter().any(|t| l.contains(t.as_str()))
            || l == "规范性文件"
            || l.contains("处理决定数量")
        {
            continue;
        }
        let mut best: Option<(usize, usize)> = None;
        let mut tie = false;
        for (k, s) in known_norm.iter().enumerate() {
            if let Some(d) = close(&l, s) {
                match best {
                    Some((bk, bd)) if d == bd && known[bk] != known[k] => tie = true,
                    Some((_, bd)) if d >= bd => {}
                    _ => {
                        best = Some((k, d));
                        tie = false;
                    }
                }
            }
        }
        if let (Some((k, _)), false) = (best, tie) {
            seen.insert(l);
            notes.mapped.push(format!(
                "表{}栏目“{}”即标准栏目“{}”（写法不一致）",
                table.numeral(),
                c.text.trim(),
                known[k]
            ));
            obs.deviations.push(LabelDeviation { table, actual: c.text.trim().to_owned(), standard: known[k] });
        }
    }
}

/// The standard row labels of table 三, normalised, in order.
fn t3_standard() -> &'static [String] {
    static LABELS: std::sync::LazyLock<Vec<String>> =
        std::sync::LazyLock::new(|| t3_rows().iter().map(|(_, l)| norm(l)).collect());
    &LABELS
}

/// The standard row labels of table 二, normalised, in order.
fn t2_standard() -> Vec<String> {
    T2_ITEMS.iter().flat_map(|i| i.rows.iter()).map(|r| norm(r.label)).collect()
}

/// Reports rows that could not be mapped, with their numbers.
fn unmapped(table: TableId, row: &DocRow<'_>, m: RowMatch, standard: &[&'static str], notes: &mut Notes) {
    let t = table.numeral();
    let nums = shown(&row.values);
    match (m, row.label) {
        (RowMatch::Competing(k), Some(l)) => notes.gaps.push(format!(
            "表{t}“{}”与另一行同时对应标准行“{}”，无法确定，未导入（{nums}）",
            l.trim(),
            standard[k]
        )),
        (_, Some(l)) => {
            notes.gaps.push(format!("表{t}“{}”行与标准行都对应不上，未导入（{nums}）", excerpt(l.trim(), 40)))
        }
        (_, None) => notes.gaps.push(format!("表{t}中有一行没有行名，未导入（{nums}）")),
    }
}

fn map_t2(t: &[&[Cell]], values: &mut TableValues, notes: &mut Notes, obs: &mut ObservedTables) {
    let old_columns = t.iter().flat_map(|r| r.iter()).any(|c| {
        ["本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量"]
            .iter()
            .any(|o| norm(&c.text).contains(o))
    });
    let standard_rows: Vec<(&'static str, &'static str, usize)> =
        T2_ITEMS.iter().enumerate().flat_map(|(i, item)| item.rows.iter().map(move |r| (r.key, r.label, i))).collect();
    let standard_norm = t2_standard();
    let rows: Vec<DocRow<'_>> = t.iter().map(|r| doc_row(TableId::T2, r)).collect();
    let mut keys: Vec<(Option<String>, bool)> = Vec::new();
    for r in &rows {
        let label = r.label.map(norm);
        // 2019 rows and the 2019 “规范性文件” label are judged apart (S04), never as typos.
        let old_row = label.as_deref().is_some_and(|l| {
            ["政府集中采购", "其他对外管理服务事项"].iter().any(|o| l.contains(o)) || l == "规范性文件"
        });
        if let Some(l) = label.as_deref().filter(|_| old_row) {
            if l == "规范性文件" {
                keys.push((Some(standard_norm[1].clone()), r.has_values));
            } else {
                notes.gaps.push(format!("表二“{l}”是2019年试行格式的行，2021年格式已取消，未导入"));
                keys.push((None, false));
            }
            continue;
        }
        keys.push((label, r.has_values));
    }
    let matches = match_rows(&keys, &standard_norm);
    let mut done: Vec<usize> = Vec::new();
    let labels: Vec<&'static str> = standard_rows.iter().map(|r| r.1).collect();
    for (row, m) in rows.iter().zip(&matches) {
        let k = match *m {
            RowMatch::Exact(k) | RowMatch::Close(k) => k,
            RowMatch::Header => continue,
            other => {
                unmapped(TableId::T2, row, other, &labels, notes);
                continue;
            }
        };
        if done.contains(&k) {
            duplicate(TableId::T2, row, labels[k], notes);
            continue;
        }
        done.push(k);
        let (key, label, item_index) = standard_rows[k];
        if let (RowMatch::Close(_), Some(actual)) = (m, row.label) {
            deviation(TableId::T2, actual, label, notes, obs);
        }
        let item = &T2_ITEMS[item_index];
        let ids: Vec<CellId> = item
            .columns
            .iter()
            .filter_map(|c| CellId::t2(&if c.key.is_empty() { key.to_owned() } else { format!("{key}.{}", c.key) }))
            .collect();
        if old_columns && (key == "reg" || key == "norm" || key == "fee_wan_yuan") {
            notes.gaps.push(format!("表二“{label}”行是2019年试行格式的栏目，与2021年格式含义不同，未导入"));
            continue;
        }
        let cells = &row.values;
        // 2019 (五)(六): 上一年项目数量 / 本年增减 / 处理决定数量: the last is this year's.
        let cells: Vec<&Cell> = if old_columns && cells.len() >= 3 && ids.len() == 1 {
            cells[cells.len() - 1..].to_vec()
        } else {
            cells.clone()
        };
        if cells.len() < ids.len() {
            notes.gaps.push(format!("表二“{label}”行只有{}个数值，应为{}个", cells.len(), ids.len()));
        } else if cells.len() > ids.len() {
            notes.gaps.push(format!(
                "表二“{label}”行有{}个数值，应为{}个，只导入了前{}个（{}）",
                cells.len(),
                ids.len(),
                ids.len(),
                shown(&cells)
            ));
        }
        for (id, c) in ids.iter().zip(cells) {
            put(values, *id, &c.text, notes);
        }
        if old_columns && ids.len() == 1 {
            notes.mapped.push(format!("表二“{label}”：取2019年格式的“处理决定数量”"));
        }
    }
    let row_labels: Vec<&str> = rows.iter().filter_map(|r| r.label).collect();
    header_deviations(TableId::T2, t, &row_labels, notes, obs);
    notes.mapped.push(format!("表二：{}行中已导入{}行", standard_rows.len(), done.len()));
    for (k, (_, label, _)) in standard_rows.iter().enumerate() {
        if !done.contains(&k) {
            notes.gaps.push(format!("表二缺少“{label}”行，留空"));
        }
    }
}

/// An exact repeat of a row already mapped: kept once when the numbers agree, else reported.
fn duplicate(table: TableId, row: &DocRow<'_>, standard: &str, notes: &mut Notes) {
    notes.gaps.push(format!(
        "表{}“{standard}”行出现了两次，只导入了第一次（另一行{}）",
        table.numeral(),
        shown(&row.values)
    ));
}

fn map_t3(t: &[&[Cell]], values: &mut TableValues, notes: &mut Notes, obs: &mut ObservedTables) {
    let standard = t3_rows();
    let standard_norm = t3_standard();
    let labels: Vec<&'static str> = standard.iter().map(|(_, l)| *l).collect();
    let rows: Vec<DocRow<'_>> = t.iter().map(|r| doc_row(TableId::T3, r)).collect();
    let mut single_other = false;
    let keys: Vec<(Option<String>, bool)> = rows
        .iter()
        .map(|r| {
            let label = r.label.map(norm);
            if label.as_deref() == Some(&norm("（六）其他处理")) {
                single_other = true;
                notes.gaps.push(
                    "表三“（六）其他处理”只有一行（2019年试行格式），无法对应到2021年格式的三个子项，已留空".into(),
                );
                return (None, false);
            }
            (label, r.has_values)
        })
        .collect();
    let matches = match_rows(&keys, standard_norm);
    let mut done = vec![false; standard.len()];
    for (row, m) in rows.iter().zip(&matches) {
        let r = match *m {
            RowMatch::Exact(k) | RowMatch::Close(k) => k,
            RowMatch::Header => continue,
            other => {
                unmapped(TableId::T3, row, other, &labels, notes);
                continue;
            }
        };
        if done[r] {
            duplicate(TableId::T3, row, labels[r], notes);
            continue;
        }
        done[r] = true;
        if let (RowMatch::Close(_), Some(actual)) = (m, row.label) {
            deviation(TableId::T3, actual, labels[r], notes, obs);
            obs.t3_labels.push(labels[r].to_owned());
        }
        let cells = &row.values;
        if cells.len() < 7 {
            notes.gaps.push(format!("表三“{}”行只有{}个数值，应为7个", labels[r], cells.len()));
        } else if cells.len() > 7 {
            notes.gaps.push(format!(
                "表三“{}”行有{}个数值，应为7个，只导入了前7个（{}）",
                labels[r],
                cells.len(),
                shown(cells)
            ));
        }
        for (c, cell) in cells.iter().take(7).enumerate() {
            put(values, CellId::t3(r, c), &cell.text, notes);
        }
    }
    let row_labels: Vec<&str> = rows.iter().filter_map(|r| r.label).collect();
    header_deviations(TableId::T3, t, &row_labels, notes, obs);
    let n = done.iter().filter(|d| **d).count();
    notes.mapped.push(format!("表三：{}行中已导入{n}行", standard.len()));
    for (i, d) in done.iter().enumerate() {
        let explained = single_other && standard[i].0.starts_with("R3_6_");
        if !*d && !explained {
            notes.gaps.push(format!("表三缺少“{}”行，留空", labels[i]));
        }
    }
}

fn map_t4(t: &[&[Cell]], values: &mut TableValues, notes: &mut Notes, obs: &mut ObservedTables) {
    let n = t4::GROUPS * t4::PER_GROUP;
    // The data row: the last row of (at least) fifteen values.
    let data = |r: &&&[Cell]| {
        let cells: Vec<&Cell> = r.iter().filter(|c| !c.continues).collect();
        cells.iter().filter(|c| c.text.is_empty() || is_value(&c.text)).count() >= n
            && cells.iter().any(|c| is_value(&c.text))
    };
    let rows: Vec<&&[Cell]> = t.iter().filter(data).collect();
    header_deviations(TableId::T4, t, &[], notes, obs);
    let Some(row) = rows.last() else {
        notes.gaps.push("表四没有找到15个数值的数据行，留空".into());
        return;
    };
    if rows.len() > 1 {
        notes.gaps.push(format!("表四有{}行数值，只导入了最后一行", rows.len()));
    }
    let cells: Vec<&Cell> = row.iter().filter(|c| !c.continues).collect();
    let cells = &cells[cells.len().saturating_sub(n)..];
    for (k, c) in cells.iter().enumerate() {
        put(values, CellId::t4(k / t4::PER_GROUP, k % t4::PER_GROUP), &c.text, notes);
    }
    notes.mapped.push("表四：15个数值已导入".into());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn std_t3() -> Vec<String> {
        t3_rows().iter().map(|(_, l)| norm(l)).collect()
    }

    fn keys(labels: &[&str]) -> Vec<(Option<String>, bool)> {
        labels.iter().map(|l| (Some(norm(l)), true)).collect()
    }

    #[test]
    fn distances() {
        let d = |a: &str, b: &str| edit_distance(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>());
        assert_eq!(d("属于三类内部事物信息", "属于三类内部事务信息"), 1);
        assert_eq!(d("重复申请", "重申复请"), 1);
        assert_eq!(d("属于国家秘密", "1.属于国家秘密"), 2);
        assert!(close("社会公益机构", "社会公益组织").is_some());
        assert!(close("行政许可", "行政处罚").is_none());
        assert!(close("其他", "总计").is_none());
    }

    #[test]
    fn typos_match_by_label_and_position() {
        let s = std_t3();
        let m = match_rows(
            &keys(&["4.保护第三方合法权益", "5.属于三类内部事物信息", "属于四类过程性信息", "7.属于行政执法案卷"]),
            &s,
        );
        assert_eq!(m, vec![RowMatch::Exact(7), RowMatch::Close(8), RowMatch::Close(9), RowMatch::Exact(10)]);
    }

    #[test]
    fn competing_and_far_rows_stay_unmapped() {
        let s = std_t3();
        // Two typo'd copies of one row between the same anchors.
        let m = match_rows(
            &keys(&[
                "4.保护第三方合法权益",
                "5.属于三类内部事物信息",
                "5.属于三类内部事误信息",
                "6.属于四类过程性信息",
            ]),
            &s,
        );
        assert_eq!(m[1], RowMatch::Competing(8));
        assert_eq!(m[2], RowMatch::Competing(8));
        // Close to nothing.
        let m = match_rows(&keys(&["一、本年新收政府信息公开申请数量", "本镇自定义统计项目", "（一）予以公开"]), &s);
        assert_eq!(m[1], RowMatch::Unmatched);
        // A typo that is closest to a row its position excludes is not forced there.
        let m = match_rows(&keys(&["2.重复申请", "1.信访举报投诉类申情", "3.要求提供公开出版物"]), &s);
        assert_eq!(m[1], RowMatch::Unmatched);
    }
}
