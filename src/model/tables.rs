//! The three official tables of 国办公开办函〔2021〕30号, declared once, as data.
//!
//! Every label, key and merged-header span of tables 二, 三 and 四 is written here and nowhere
//! else. From this declaration the model derives:
//! - the list of the 200 numeric cells ([`cells`]): key, row and column labels, kind, whether
//!   the cell is derived (a formula);
//! - the printed grid of each table ([`grid`]): header rows, label cells and value cells with
//!   their row and column spans, exactly as in the official Word template.
//!
//! The checks, the RON file format, the editor grid and the PDF all read these.

use std::sync::LazyLock;

use super::number::ValueKind;

/// One of the three statistical tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableId {
    /// 表二：主动公开政府信息情况.
    T2,
    /// 表三：收到和处理政府信息公开申请情况.
    T3,
    /// 表四：政府信息公开行政复议、行政诉讼情况.
    T4,
}

impl TableId {
    /// All tables, in report order.
    pub const ALL: [Self; 3] = [Self::T2, Self::T3, Self::T4];

    /// The Chinese numeral used in messages: 二, 三, 四.
    pub fn numeral(self) -> &'static str {
        match self {
            Self::T2 => "二",
            Self::T3 => "三",
            Self::T4 => "四",
        }
    }

    /// The key prefix: `t2`, `t3`, `t4`.
    pub fn key(self) -> &'static str {
        match self {
            Self::T2 => "t2",
            Self::T3 => "t3",
            Self::T4 => "t4",
        }
    }

    /// The section (1-based) whose heading the table follows.
    pub fn section(self) -> usize {
        match self {
            Self::T2 => 2,
            Self::T3 => 3,
            Self::T4 => 4,
        }
    }

    /// The cells of this table, in storage order.
    pub fn cells(self) -> &'static [CellDecl] {
        let all = cells();
        let range = &TABLE_RANGES[self as usize];
        &all[range.0..range.1]
    }
}

/// A node of a row or column header tree. A leaf is a row or column of numbers; a group is a
/// merged label over its children.
#[derive(Debug)]
pub struct Node {
    /// Key used in cell keys (`natural`, `R3_3_1`, `review`); empty for groups that add no
    /// key segment.
    pub key: &'static str,
    /// The label exactly as printed.
    pub label: &'static str,
    /// Children; empty for a leaf.
    pub children: &'static [Node],
    /// Whether this group's label is part of the name of its leaves in messages
    /// (“（三）不予公开—1.属于国家秘密”, “行政复议—总计”).
    pub qualifies: bool,
}

const fn leaf(key: &'static str, label: &'static str) -> Node {
    Node { key, label, children: &[], qualifies: false }
}

const fn group(key: &'static str, label: &'static str, qualifies: bool, children: &'static [Node]) -> Node {
    Node { key, label, children, qualifies }
}

// ---------------------------------------------------------------------------------------------
// Table 二

/// The header of the label column of every block of table 二.
pub const T2_CONTENT_HEADER: &str = "信息内容";
const T2_DECISIONS: &str = "本年处理决定数量";

/// One numbered item (第二十条第（N）项) of table 二: a title row, a header row and value rows.
#[derive(Debug)]
pub struct T2Item {
    /// The title row, spanning the whole table.
    pub title: &'static str,
    /// The value columns; one column with an empty key spans all three value columns.
    pub columns: &'static [Node],
    /// The value rows.
    pub rows: &'static [Node],
    /// What the cells of this item hold.
    pub kind: ValueKind,
}

/// Table 二, item by item.
pub static T2_ITEMS: [T2Item; 4] = [
    T2Item {
        title: "第二十条第（一）项",
        columns: &[leaf("made", "本年制发件数"), leaf("repealed", "本年废止件数"), leaf("valid", "现行有效件数")],
        rows: &[leaf("reg", "规章"), leaf("norm", "行政规范性文件")],
        kind: ValueKind::Count,
    },
    T2Item {
        title: "第二十条第（五）项",
        columns: &[leaf("", T2_DECISIONS)],
        rows: &[leaf("licensing", "行政许可")],
        kind: ValueKind::Count,
    },
    T2Item {
        title: "第二十条第（六）项",
        columns: &[leaf("", T2_DECISIONS)],
        rows: &[leaf("punishment", "行政处罚"), leaf("coercion", "行政强制")],
        kind: ValueKind::Count,
    },
    T2Item {
        title: "第二十条第（八）项",
        columns: &[leaf("", "本年收费金额（单位：万元）")],
        rows: &[leaf("fee_wan_yuan", "行政事业性收费")],
        kind: ValueKind::Amount,
    },
];

/// Number of value columns of table 二.
const T2_VALUE_COLUMNS: usize = 3;

// ---------------------------------------------------------------------------------------------
// Table 三

/// The 勾稽 note in the top-left corner of table 三.
pub const T3_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// Columns of table 三 (申请人情况).
pub static T3_COLUMNS: [Node; 1] = [group(
    "",
    "申请人情况",
    false,
    &[
        leaf("natural", "自然人"),
        group(
            "",
            "法人或其他组织",
            false,
            &[
                leaf("commercial", "商业企业"),
                leaf("research", "科研机构"),
                leaf("social_welfare", "社会公益组织"),
                leaf("legal_service", "法律服务机构"),
                leaf("other_org", "其他"),
            ],
        ),
        leaf("total", "总计"),
    ],
)];

/// Rows of table 三.
pub static T3_ROWS: [Node; 4] = [
    leaf("R1", "一、本年新收政府信息公开申请数量"),
    leaf("R2", "二、上年结转政府信息公开申请数量"),
    group(
        "",
        "三、本年度办理结果",
        false,
        &[
            leaf("R3_1", "（一）予以公开"),
            leaf("R3_2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
            group(
                "",
                "（三）不予公开",
                true,
                &[
                    leaf("R3_3_1", "1.属于国家秘密"),
                    leaf("R3_3_2", "2.其他法律行政法规禁止公开"),
                    leaf("R3_3_3", "3.危及“三安全一稳定”"),
                    leaf("R3_3_4", "4.保护第三方合法权益"),
                    leaf("R3_3_5", "5.属于三类内部事务信息"),
                    leaf("R3_3_6", "6.属于四类过程性信息"),
                    leaf("R3_3_7", "7.属于行政执法案卷"),
                    leaf("R3_3_8", "8.属于行政查询事项"),
                ],
            ),
            group(
                "",
                "（四）无法提供",
                true,
                &[
                    leaf("R3_4_1", "1.本机关不掌握相关政府信息"),
                    leaf("R3_4_2", "2.没有现成信息需要另行制作"),
                    leaf("R3_4_3", "3.补正后申请内容仍不明确"),
                ],
            ),
            group(
                "",
                "（五）不予处理",
                true,
                &[
                    leaf("R3_5_1", "1.信访举报投诉类申请"),
                    leaf("R3_5_2", "2.重复申请"),
                    leaf("R3_5_3", "3.要求提供公开出版物"),
                    leaf("R3_5_4", "4.无正当理由大量反复申请"),
                    leaf("R3_5_5", "5.要求行政机关确认或重新出具已获取信息"),
                ],
            ),
            group(
                "",
                "（六）其他处理",
                true,
                &[
                    leaf("R3_6_1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
                    leaf("R3_6_2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
                    leaf("R3_6_3", "3.其他"),
                ],
            ),
            leaf("R3_7", "（七）总计"),
        ],
    ),
    leaf("R4", "四、结转下年度继续办理"),
];

/// Row indices of table 三, in declaration order.
pub mod t3 {
    /// 一、本年新收.
    pub const R1: usize = 0;
    /// 二、上年结转.
    pub const R2: usize = 1;
    /// （一）予以公开: the first result row.
    pub const R3_1: usize = 2;
    /// （二）部分公开.
    pub const R3_2: usize = 3;
    /// （六）2.申请人逾期未按收费通知要求缴纳费用.
    pub const R3_6_2: usize = 21;
    /// （七）总计 (derived).
    pub const R3_7: usize = 23;
    /// 四、结转下年度继续办理.
    pub const R4: usize = 24;
    /// Number of rows.
    pub const ROWS: usize = 25;
    /// The result rows （一）…（六） that add up to （七）总计.
    pub const RESULT_ROWS: std::ops::Range<usize> = R3_1..R3_7;
    /// Number of columns.
    pub const COLS: usize = 7;
    /// The 总计 column (derived).
    pub const TOTAL: usize = 6;
    /// The applicant columns that add up to 总计.
    pub const PARTS: std::ops::Range<usize> = 0..TOTAL;
}

// ---------------------------------------------------------------------------------------------
// Table 四

static T4_RESULTS: [Node; 5] = [
    leaf("upheld", "结果维持"),
    leaf("corrected", "结果纠正"),
    leaf("other", "其他结果"),
    leaf("pending", "尚未审结"),
    leaf("total", "总计"),
];

/// Columns of table 四 (its single row has no label).
pub static T4_COLUMNS: [Node; 2] = [
    group("review", "行政复议", true, &T4_RESULTS),
    group(
        "",
        "行政诉讼",
        true,
        &[
            group("lit_direct", "未经复议直接起诉", true, &T4_RESULTS),
            group("lit_after_review", "复议后起诉", true, &T4_RESULTS),
        ],
    ),
];

/// Column indices of table 四.
pub mod t4 {
    /// The three groups (行政复议, 未经复议直接起诉, 复议后起诉), each of 5 columns.
    pub const GROUPS: usize = 3;
    /// Columns per group; the last is 总计 (derived).
    pub const PER_GROUP: usize = 5;
    /// Index of 总计 within a group.
    pub const TOTAL: usize = 4;
}

// ---------------------------------------------------------------------------------------------
// Cells

/// Identifies one numeric cell of the report: an index into [`cells`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellId(pub u16);

impl CellId {
    /// Its declaration.
    pub fn decl(self) -> &'static CellDecl {
        &cells()[self.0 as usize]
    }

    /// Table 三, by row and column index (see [`t3`]).
    pub fn t3(row: usize, col: usize) -> Self {
        debug_assert!(row < t3::ROWS && col < t3::COLS);
        Self((TABLE_RANGES[1].0 + row * t3::COLS + col) as u16)
    }

    /// Table 四, by group (0…2) and column within the group (0…4).
    pub fn t4(group: usize, col: usize) -> Self {
        debug_assert!(group < t4::GROUPS && col < t4::PER_GROUP);
        Self((TABLE_RANGES[2].0 + group * t4::PER_GROUP + col) as u16)
    }

    /// Table 二, by its key without the `t2.` prefix (`reg.made`, `licensing`).
    pub fn t2(key: &str) -> Option<Self> {
        TableId::T2.cells().iter().find(|c| c.local_key() == key).map(|c| c.id)
    }

    /// Looks a cell up by its full key (`t3.R3_7.natural`).
    pub fn from_key(key: &str) -> Option<Self> {
        cells().iter().find(|c| c.key == key).map(|c| c.id)
    }
}

/// Everything known about one numeric cell.
#[derive(Debug)]
pub struct CellDecl {
    /// Its id (index in [`cells`]).
    pub id: CellId,
    /// The table it belongs to.
    pub table: TableId,
    /// Full key: `t2.reg.made`, `t3.R1.natural`, `t4.review.total`.
    pub key: String,
    /// Row key (`reg`, `R3_3_1`; empty for table 四).
    pub row_key: &'static str,
    /// Column key (`made`, `natural`, `review.total`; empty for single-column table-二 items).
    pub col_key: String,
    /// Row index within the table's rows (table 二: 0…5; table 三: 0…24; table 四: 0).
    pub row: usize,
    /// Column index within the row (table 二: within its item).
    pub col: usize,
    /// The row as named in messages (“（三）不予公开—1.属于国家秘密”).
    pub row_label: String,
    /// The column as named in messages (“自然人”, “行政复议—总计”).
    pub col_label: String,
    /// Count or amount.
    pub kind: ValueKind,
    /// Whether the model computes this cell (总计 column, （七）总计 row, table 四 总计).
    pub derived: bool,
    /// Where the cell sits in a project file: the field of the table (`R1`, `reg`, `review`)
    /// and, unless the cell is the whole field, the field inside it (`natural`, `made`).
    pub file_path: (&'static str, Option<&'static str>),
}

impl CellDecl {
    /// The key without the table prefix.
    pub fn local_key(&self) -> &str {
        self.key.split_once('.').map_or("", |(_, rest)| rest)
    }
}

/// Start and end (exclusive) in [`cells`] of tables 二, 三 and 四.
const TABLE_RANGES: [(usize, usize); 3] = [(0, 10), (10, 185), (185, 200)];

/// Total number of numeric cells.
pub const CELL_COUNT: usize = 200;

/// A leaf of a header tree with the labels of the groups above it.
struct FlatLeaf {
    key: String,
    label: String,
    /// The leaf's own key.
    leaf_key: &'static str,
    /// The key of the nearest ancestor group that has one (table 四: `review`).
    group_key: &'static str,
}

fn flatten(nodes: &'static [Node], out: &mut Vec<FlatLeaf>) {
    fn walk(
        node: &'static Node,
        keys: &mut Vec<&'static str>,
        labels: &mut Vec<&'static str>,
        out: &mut Vec<FlatLeaf>,
    ) {
        if node.children.is_empty() {
            let mut key_parts: Vec<&str> = keys.iter().copied().filter(|k| !k.is_empty()).collect();
            if !node.key.is_empty() {
                key_parts.push(node.key);
            }
            let mut label_parts = labels.clone();
            label_parts.push(node.label);
            let group_key = keys.iter().rev().copied().find(|k| !k.is_empty()).unwrap_or("");
            out.push(FlatLeaf {
                key: key_parts.join("."),
                label: label_parts.join("—"),
                leaf_key: node.key,
                group_key,
            });
            return;
        }
        keys.push(node.key);
        if node.qualifies {
            labels.push(node.label);
        }
        for child in node.children {
            walk(child, keys, labels, out);
        }
        keys.pop();
        if node.qualifies {
            labels.pop();
        }
    }
    for node in nodes {
        walk(node, &mut Vec::new(), &mut Vec::new(), out);
    }
}

/// All 200 numeric cells: table 二 (10), table 三 (175, row by row), table 四 (15).
pub fn cells() -> &'static [CellDecl] {
    static CELLS: LazyLock<Vec<CellDecl>> = LazyLock::new(build_cells);
    &CELLS
}

fn build_cells() -> Vec<CellDecl> {
    let mut out = Vec::with_capacity(CELL_COUNT);
    let mut push = |table: TableId,
                    row_key: &'static str,
                    col_key: String,
                    row: usize,
                    col: usize,
                    row_label: String,
                    col_label: String,
                    kind: ValueKind,
                    derived: bool,
                    file_path: (&'static str, Option<&'static str>)| {
        let mut key = table.key().to_owned();
        for part in [row_key, col_key.as_str()] {
            if !part.is_empty() {
                key.push('.');
                key.push_str(part);
            }
        }
        let id = CellId(out.len() as u16);
        out.push(CellDecl {
            id,
            table,
            key,
            row_key,
            col_key,
            row,
            col,
            row_label,
            col_label,
            kind,
            derived,
            file_path,
        });
    };

    // Table 二.
    let mut row = 0;
    for item in &T2_ITEMS {
        for r in item.rows {
            for (c, column) in item.columns.iter().enumerate() {
                push(
                    TableId::T2,
                    r.key,
                    column.key.to_owned(),
                    row,
                    c,
                    r.label.to_owned(),
                    column.label.to_owned(),
                    item.kind,
                    false,
                    (r.key, (!column.key.is_empty()).then_some(column.key)),
                );
            }
            row += 1;
        }
    }

    // Table 三.
    let mut rows = Vec::new();
    flatten(&T3_ROWS, &mut rows);
    let mut columns = Vec::new();
    flatten(&T3_COLUMNS, &mut columns);
    for (r, row) in rows.iter().enumerate() {
        for (c, column) in columns.iter().enumerate() {
            let row_key = row.leaf_key;
            push(
                TableId::T3,
                row_key,
                column.key.clone(),
                r,
                c,
                row.label.clone(),
                column.label.clone(),
                ValueKind::Count,
                r == t3::R3_7 || c == t3::TOTAL,
                (row_key, Some(column.leaf_key)),
            );
        }
    }

    // Table 四.
    let mut columns = Vec::new();
    flatten(&T4_COLUMNS, &mut columns);
    for (c, column) in columns.iter().enumerate() {
        push(
            TableId::T4,
            "",
            column.key.clone(),
            0,
            c,
            String::new(),
            column.label.clone(),
            ValueKind::Count,
            c % t4::PER_GROUP == t4::TOTAL,
            (column.group_key, Some(column.leaf_key)),
        );
    }
    out
}

/// The leaf rows of table 三: (key, label as printed in its own cell).
pub fn t3_rows() -> Vec<(&'static str, &'static str)> {
    fn walk(nodes: &'static [Node], out: &mut Vec<(&'static str, &'static str)>) {
        for n in nodes {
            if n.children.is_empty() {
                out.push((n.key, n.label));
            } else {
                walk(n.children, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&T3_ROWS, &mut out);
    out
}

/// The leaf columns of a header tree: (key path, label as printed).
pub fn leaf_columns(nodes: &'static [Node]) -> Vec<(String, &'static str)> {
    let mut flat = Vec::new();
    flatten(nodes, &mut flat);
    let mut labels = Vec::new();
    fn walk(nodes: &'static [Node], out: &mut Vec<&'static str>) {
        for n in nodes {
            if n.children.is_empty() {
                out.push(n.label);
            } else {
                walk(n.children, out);
            }
        }
    }
    walk(nodes, &mut labels);
    flat.into_iter().zip(labels).map(|(f, l)| (f.key, l)).collect()
}

// ---------------------------------------------------------------------------------------------
// The printed grid

/// What a grid cell shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GridContent {
    /// A fixed label.
    Label {
        /// The text as printed.
        text: &'static str,
        /// Its role, for styling.
        role: LabelRole,
    },
    /// A numeric cell.
    Value(CellId),
}

/// The role of a label cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelRole {
    /// The top-left corner of table 三 with the 勾稽 note.
    Corner,
    /// A column header.
    ColumnHeader,
    /// A row label.
    RowHeader,
    /// A title row of table 二 (第二十条第（一）项).
    ItemTitle,
}

/// A cell of the printed table, placed on the grid with its spans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GridCell {
    /// First grid row (0-based, over all rows of the table).
    pub row: usize,
    /// First grid column.
    pub col: usize,
    /// Rows covered.
    pub rowspan: usize,
    /// Columns covered.
    pub colspan: usize,
    /// What it shows.
    pub content: GridContent,
}

/// The printed layout of one table, as an HTML-like grid with spans.
#[derive(Debug)]
pub struct Grid {
    /// Which table.
    pub table: TableId,
    /// Number of grid columns.
    pub columns: usize,
    /// Number of grid rows.
    pub rows: usize,
    /// Number of leading rows that form the repeated header (0 for table 二).
    pub header_rows: usize,
    /// Number of leading label columns (3 for table 三, 1 for table 二, 0 for table 四).
    pub label_columns: usize,
    /// The cells, in reading order (row by row, left to right).
    pub cells: Vec<GridCell>,
    /// Rows that must stay on the same page as the next row (table 二 titles and headers).
    pub keep_with_next: Vec<bool>,
}

impl Grid {
    /// The cells that start on grid row `row`.
    pub fn cells_starting_in_row(&self, row: usize) -> impl Iterator<Item = &GridCell> {
        self.cells.iter().filter(move |c| c.row == row)
    }

    /// The grid cell that shows a numeric cell.
    pub fn value_cell(&self, id: CellId) -> Option<&GridCell> {
        self.cells.iter().find(|c| c.content == GridContent::Value(id))
    }
}

/// The printed grid of a table.
pub fn grid(table: TableId) -> &'static Grid {
    static GRIDS: LazyLock<[Grid; 3]> =
        LazyLock::new(|| [build_t2_grid(), build_tree_grid(TableId::T3), build_tree_grid(TableId::T4)]);
    &GRIDS[table as usize]
}

fn build_t2_grid() -> Grid {
    let mut cells = Vec::new();
    let mut keep = Vec::new();
    let mut row = 0;
    let mut value_row = 0;
    let table_cells = TableId::T2.cells();
    let label = |text, role| GridContent::Label { text, role };
    for item in &T2_ITEMS {
        cells.push(GridCell {
            row,
            col: 0,
            rowspan: 1,
            colspan: 1 + T2_VALUE_COLUMNS,
            content: label(item.title, LabelRole::ItemTitle),
        });
        keep.push(true);
        row += 1;
        let span = T2_VALUE_COLUMNS / item.columns.len();
        cells.push(GridCell {
            row,
            col: 0,
            rowspan: 1,
            colspan: 1,
            content: label(T2_CONTENT_HEADER, LabelRole::ColumnHeader),
        });
        for (c, column) in item.columns.iter().enumerate() {
            cells.push(GridCell {
                row,
                col: 1 + c * span,
                rowspan: 1,
                colspan: span,
                content: label(column.label, LabelRole::ColumnHeader),
            });
        }
        keep.push(true);
        row += 1;
        for r in item.rows {
            cells.push(GridCell { row, col: 0, rowspan: 1, colspan: 1, content: label(r.label, LabelRole::RowHeader) });
            for c in 0..item.columns.len() {
                let id =
                    table_cells.iter().find(|d| d.row == value_row && d.col == c).map(|d| d.id).unwrap_or(CellId(0));
                cells.push(GridCell {
                    row,
                    col: 1 + c * span,
                    rowspan: 1,
                    colspan: span,
                    content: GridContent::Value(id),
                });
            }
            keep.push(false);
            row += 1;
            value_row += 1;
        }
    }
    Grid {
        table: TableId::T2,
        columns: 1 + T2_VALUE_COLUMNS,
        rows: row,
        header_rows: 0,
        label_columns: 1,
        cells,
        keep_with_next: keep,
    }
}

fn depth(nodes: &'static [Node]) -> usize {
    nodes.iter().map(|n| if n.children.is_empty() { 1 } else { 1 + depth(n.children) }).max().unwrap_or(0)
}

fn leaf_count(node: &Node) -> usize {
    if node.children.is_empty() { 1 } else { node.children.iter().map(leaf_count).sum() }
}

/// Tables 三 and 四: a column tree over the value columns, a row tree down the label columns.
fn build_tree_grid(table: TableId) -> Grid {
    let (columns, rows, corner): (&'static [Node], &'static [Node], Option<&'static str>) = match table {
        TableId::T3 => (&T3_COLUMNS, &T3_ROWS, Some(T3_NOTE)),
        _ => (&T4_COLUMNS, &[], None),
    };
    let header_rows = depth(columns);
    let label_columns = depth(rows);
    let value_columns: usize = columns.iter().map(leaf_count).sum();
    let mut cells = Vec::new();

    if let Some(note) = corner {
        cells.push(GridCell {
            row: 0,
            col: 0,
            rowspan: header_rows,
            colspan: label_columns,
            content: GridContent::Label { text: note, role: LabelRole::Corner },
        });
    }

    // Column headers.
    fn place_columns(
        nodes: &'static [Node],
        level: usize,
        col: &mut usize,
        max: usize,
        base: usize,
        out: &mut Vec<GridCell>,
    ) {
        for n in nodes {
            let span = leaf_count(n);
            let rowspan = if n.children.is_empty() { max - level } else { 1 };
            out.push(GridCell {
                row: level,
                col: base + *col,
                rowspan,
                colspan: span,
                content: GridContent::Label { text: n.label, role: LabelRole::ColumnHeader },
            });
            if n.children.is_empty() {
                *col += 1;
            } else {
                let mut inner = *col;
                place_columns(n.children, level + 1, &mut inner, max, base, out);
                *col += span;
            }
        }
    }
    let mut col = 0;
    place_columns(columns, 0, &mut col, header_rows, label_columns, &mut cells);

    // Body rows: row labels (with rowspans) and values.
    let table_cells = table.cells();
    let mut body_row = 0;
    fn place_rows(
        nodes: &'static [Node],
        level: usize,
        row: &mut usize,
        max: usize,
        header_rows: usize,
        out: &mut Vec<(usize, GridCell)>,
    ) {
        for n in nodes {
            let span = leaf_count(n);
            let colspan = if n.children.is_empty() { max - level } else { 1 };
            out.push((
                *row,
                GridCell {
                    row: header_rows + *row,
                    col: level,
                    rowspan: span,
                    colspan,
                    content: GridContent::Label { text: n.label, role: LabelRole::RowHeader },
                },
            ));
            if n.children.is_empty() {
                *row += 1;
            } else {
                let mut inner = *row;
                place_rows(n.children, level + 1, &mut inner, max, header_rows, out);
                *row += span;
            }
        }
    }
    let mut labels = Vec::new();
    place_rows(rows, 0, &mut body_row, label_columns, header_rows, &mut labels);
    let body_rows = if rows.is_empty() { 1 } else { body_row };
    for r in 0..body_rows {
        for (_, cell) in labels.iter().filter(|(start, _)| *start == r) {
            cells.push(*cell);
        }
        for d in table_cells.iter().filter(|d| d.row == r) {
            cells.push(GridCell {
                row: header_rows + r,
                col: label_columns + d.col,
                rowspan: 1,
                colspan: 1,
                content: GridContent::Value(d.id),
            });
        }
    }
    let total_rows = header_rows + body_rows;
    Grid {
        table,
        columns: label_columns + value_columns,
        rows: total_rows,
        header_rows,
        label_columns,
        cells,
        keep_with_next: vec![false; total_rows],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_counts_and_keys() {
        assert_eq!(cells().len(), CELL_COUNT);
        assert_eq!(TableId::T2.cells().len(), 10);
        assert_eq!(TableId::T3.cells().len(), 175);
        assert_eq!(TableId::T4.cells().len(), 15);
        let keys: Vec<&str> = TableId::T2.cells().iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "t2.reg.made",
                "t2.reg.repealed",
                "t2.reg.valid",
                "t2.norm.made",
                "t2.norm.repealed",
                "t2.norm.valid",
                "t2.licensing",
                "t2.punishment",
                "t2.coercion",
                "t2.fee_wan_yuan"
            ]
        );
        assert_eq!(CellId::t3(t3::R1, 0).decl().key, "t3.R1.natural");
        assert_eq!(CellId::t3(t3::R3_7, t3::TOTAL).decl().key, "t3.R3_7.total");
        assert_eq!(CellId::t3(t3::R3_6_2, 0).decl().key, "t3.R3_6_2.natural");
        assert_eq!(CellId::t3(t3::R4, 5).decl().key, "t3.R4.other_org");
        assert_eq!(CellId::t4(0, 4).decl().key, "t4.review.total");
        assert_eq!(CellId::t4(1, 0).decl().key, "t4.lit_direct.upheld");
        assert_eq!(CellId::t4(2, 3).decl().key, "t4.lit_after_review.pending");
        for (i, c) in cells().iter().enumerate() {
            assert_eq!(c.id.0 as usize, i);
            assert_eq!(CellId::from_key(&c.key), Some(c.id));
        }
    }

    #[test]
    fn labels_for_messages() {
        assert_eq!(CellId::t3(4, 0).decl().row_label, "（三）不予公开—1.属于国家秘密");
        assert_eq!(CellId::t3(t3::R1, 0).decl().row_label, "一、本年新收政府信息公开申请数量");
        assert_eq!(CellId::t3(t3::R1, 1).decl().col_label, "商业企业");
        assert_eq!(CellId::t4(1, 4).decl().col_label, "行政诉讼—未经复议直接起诉—总计");
        assert_eq!(CellId::t4(0, 0).decl().col_label, "行政复议—结果维持");
        assert_eq!(CellId::t2("fee_wan_yuan").map(|c| c.decl().kind), Some(ValueKind::Amount));
    }

    #[test]
    fn derived_cells() {
        let derived: Vec<&str> = cells().iter().filter(|c| c.derived).map(|c| c.key.as_str()).collect();
        // 25 row totals + 6 more in （七）总计 + 3 table-四 totals.
        assert_eq!(derived.len(), 25 + 6 + 3);
        assert!(derived.contains(&"t3.R3_7.natural"));
        assert!(derived.contains(&"t4.lit_after_review.total"));
    }

    #[test]
    fn t3_grid_matches_the_official_spans() {
        let g = grid(TableId::T3);
        assert_eq!((g.columns, g.rows, g.header_rows, g.label_columns), (10, 28, 3, 3));
        let find = |text: &str| {
            g.cells.iter().find(|c| matches!(c.content, GridContent::Label { text: t, .. } if t == text)).copied()
        };
        let corner = find(T3_NOTE).expect("corner");
        assert_eq!((corner.row, corner.col, corner.rowspan, corner.colspan), (0, 0, 3, 3));
        let top = find("申请人情况").expect("top");
        assert_eq!((top.row, top.col, top.rowspan, top.colspan), (0, 3, 1, 7));
        let natural = find("自然人").expect("natural");
        assert_eq!((natural.row, natural.rowspan), (1, 2));
        let org = find("法人或其他组织").expect("org");
        assert_eq!((org.row, org.col, org.colspan), (1, 4, 5));
        let result = find("三、本年度办理结果").expect("result");
        assert_eq!((result.row, result.col, result.rowspan, result.colspan), (5, 0, 22, 1));
        let r1 = find("一、本年新收政府信息公开申请数量").expect("R1");
        assert_eq!((r1.row, r1.colspan), (3, 3));
        let withheld = find("（三）不予公开").expect("（三）");
        assert_eq!((withheld.rowspan, withheld.col), (8, 1));
        let other = find("（六）其他处理").expect("（六）");
        assert_eq!(other.rowspan, 3);
        let total = find("（七）总计").expect("（七）");
        assert_eq!((total.col, total.colspan), (1, 2));
        // Every grid position is covered exactly once.
        let mut covered = vec![0u8; g.rows * g.columns];
        for c in &g.cells {
            for r in c.row..c.row + c.rowspan {
                for k in c.col..c.col + c.colspan {
                    covered[r * g.columns + k] += 1;
                }
            }
        }
        assert!(covered.iter().all(|&n| n == 1));
    }

    #[test]
    fn t4_and_t2_grids_cover_every_position_once() {
        for table in [TableId::T2, TableId::T4] {
            let g = grid(table);
            let mut covered = vec![0u8; g.rows * g.columns];
            for c in &g.cells {
                for r in c.row..c.row + c.rowspan {
                    for k in c.col..c.col + c.colspan {
                        covered[r * g.columns + k] += 1;
                    }
                }
            }
            assert!(covered.iter().all(|&n| n == 1), "{table:?}");
        }
        let g = grid(TableId::T4);
        assert_eq!((g.columns, g.rows, g.header_rows), (15, 4, 3));
        let g = grid(TableId::T2);
        assert_eq!((g.columns, g.rows), (4, 14));
        let values = g.cells.iter().filter(|c| matches!(c.content, GridContent::Value(_))).count();
        assert_eq!(values, 10);
    }
}
