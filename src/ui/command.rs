//! Every command of the editor in one table: its Chinese label, its shortcut and the menu it
//! belongs to. Menus and keyboard shortcuts both read from here; whether a command is enabled
//! is decided in one place too ([`super::Editor::is_enabled`]).

use egui::{Key, KeyboardShortcut, Modifiers};

/// A command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    /// 新建年报.
    New,
    /// 打开.
    Open,
    /// 以上年报告新建.
    NextYear,
    /// 导入年报 (any format the importer reads).
    Import,
    /// 导入审核意见: the reviewer's edits in the returned Word file.
    ImportReview,
    /// 保存.
    Save,
    /// 另存为.
    SaveAs,
    /// 导出 PDF.
    ExportPdf,
    /// 导出 Word.
    ExportWord,
    /// 导出网页版.
    ExportHtml,
    /// 导出草稿 PDF.
    ExportDraft,
    /// 导出草稿 Word.
    ExportWordDraft,
    /// 导出草稿网页版.
    ExportHtmlDraft,
    /// 汇总审核 (the county's review desk).
    ReviewDesk,
    /// 退出.
    Quit,
    /// 撤销.
    Undo,
    /// 重做.
    Redo,
    /// 空白单元格填0.
    FillBlanks,
    /// 按公式重算.
    Recompute,
    /// 恢复标准标题.
    RestoreHeadings,
    /// 下一个问题.
    NextFinding,
    /// 显示上年数.
    ShowPrevious,
    /// 复制网页版: the report on the clipboard as HTML, for a portal's editor.
    CopyHtml,
    /// 设置 → 显示方式：自动（DirectX 12，启动失败时 OpenGL）.
    DisplayAuto,
    /// 设置 → 显示方式：DirectX 12.
    DisplayWgpu,
    /// 设置 → 显示方式：OpenGL.
    DisplayGlow,
    /// 设置 → 关联 .ron 文件 (Windows, current user), or remove the association.
    AssociateRon,
    /// 查找 (Ctrl+F).
    Find,
    /// 帮助 → 使用说明.
    Guide,
    /// 关于.
    About,
}

/// The menus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    /// 文件.
    File,
    /// 编辑.
    Edit,
    /// 设置.
    Settings,
    /// 帮助.
    Help,
}

impl Menu {
    /// All menus, left to right.
    pub const ALL: [Self; 4] = [Self::File, Self::Edit, Self::Settings, Self::Help];

    /// The menu title.
    pub fn label(self) -> &'static str {
        match self {
            Self::File => "文件",
            Self::Edit => "编辑",
            Self::Settings => "设置",
            Self::Help => "帮助",
        }
    }
}

const fn ctrl(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

impl Command {
    /// All commands, in menu order.
    pub const ALL: [Self; 30] = [
        Self::New,
        Self::NextYear,
        Self::Import,
        Self::Open,
        Self::Save,
        Self::SaveAs,
        Self::ExportPdf,
        Self::ExportWord,
        Self::ExportHtml,
        Self::ExportDraft,
        Self::ExportWordDraft,
        Self::ExportHtmlDraft,
        Self::ImportReview,
        Self::ReviewDesk,
        Self::Quit,
        Self::Undo,
        Self::Redo,
        Self::FillBlanks,
        Self::Recompute,
        Self::RestoreHeadings,
        Self::NextFinding,
        Self::Find,
        Self::ShowPrevious,
        Self::CopyHtml,
        Self::DisplayAuto,
        Self::DisplayWgpu,
        Self::DisplayGlow,
        Self::AssociateRon,
        Self::Guide,
        Self::About,
    ];

    /// The label in menus.
    pub fn label(self) -> &'static str {
        match self {
            Self::New => "新建年报…",
            Self::Open => "打开…",
            Self::NextYear => "以上年报告新建…",
            Self::Import => "导入年报…",
            Self::ImportReview => "导入审核意见…",
            Self::Save => "保存",
            Self::SaveAs => "另存为…",
            Self::ExportPdf => "导出 PDF…",
            Self::ExportWord => "导出 Word…",
            Self::ExportHtml => "导出网页版…",
            Self::ExportDraft => "导出草稿 PDF…",
            Self::ExportWordDraft => "导出草稿 Word…",
            Self::ExportHtmlDraft => "导出草稿网页版…",
            Self::ReviewDesk => "汇总审核…",
            Self::Quit => "退出",
            Self::Undo => "撤销",
            Self::Redo => "重做",
            Self::FillBlanks => "空白单元格填0",
            Self::Recompute => "按公式重算合计",
            Self::RestoreHeadings => "恢复标准标题",
            Self::NextFinding => "转到下一个问题",
            Self::ShowPrevious => "显示上年数",
            Self::CopyHtml => "复制网页版",
            Self::DisplayAuto => "显示方式：自动",
            Self::DisplayWgpu => "显示方式：DirectX 12",
            Self::DisplayGlow => "显示方式：OpenGL",
            Self::AssociateRon => "关联 .ron 文件",
            Self::Find => "查找…",
            Self::Guide => "使用说明",
            Self::About => "关于年报编辑器",
        }
    }

    /// What it does, for tooltips.
    pub fn tooltip(self) -> &'static str {
        match self {
            Self::New => "按国办格式模板新建一份年报",
            Self::Open => "打开年报项目文件（.ron）",
            Self::NextYear => {
                "选择上一年度的年报（项目文件 .ron，或 Word、网页、PDF 等任何可导入的格式），新建下一年度的年报：年份顺延，上年结转自动填入，正文保留供修改，上年数字留作跨年度校验"
            }
            Self::Import => {
                "导入一份年报：Word（.docx、.doc、.wps）、RTF、PDF（有文字层的）、网页（.html、.htm、.mht、.mhtml）或文本（.txt）；表格按标签识别，导入报告列出每一处读法和未能导入的内容"
            }
            Self::ImportReview => {
                "选择审核人改过后退回的 Word 文件（本程序导出的 .docx），逐处查看修改（含修订）和批注，勾选后一步采纳"
            }
            Self::Save => "保存到当前文件（原文件备份为 .ron.bak）",
            Self::SaveAs => "保存到新的文件",
            Self::ExportPdf => "导出可打印的 A4 PDF（表格有错误时不能导出正式版）",
            Self::ExportWord => "导出 Word 文档（.docx），送县政务公开办审核（表格有错误时不能导出正式版）",
            Self::ExportHtml => "导出网页（.html），供上传到政府网站年报栏目（表格有错误时不能导出正式版）",
            Self::ExportDraft => "导出带“草稿”水印的 PDF，供内部审阅",
            Self::ExportWordDraft => "导出每页页眉带“草稿”的 Word 文档，供内部审阅",
            Self::ExportHtmlDraft => "导出顶部带“草稿”字样的网页，供内部审阅",
            Self::ReviewDesk => "县政务公开办用：一次检查一个文件夹中各单位的年报，标记问题，汇总表格",
            Self::Quit => "关闭年报编辑器",
            Self::Undo => "撤销上一步修改",
            Self::Redo => "恢复撤销的修改",
            Self::FillBlanks => "把所有未填写的单元格填为0（没有数据应填0）",
            Self::Recompute => "用分项之和替换与公式不符的“总计”",
            Self::RestoreHeadings => "把各部分标题和第一部分小标题恢复为国办格式的标准写法",
            Self::NextFinding => "跳到校验结果中的下一个问题",
            Self::ShowPrevious => "在表格的每个单元格旁显示上一年度的数字（需要上年数据）",
            Self::CopyHtml => {
                "把年报以网页格式（带表格）复制到剪贴板，可直接粘贴到政府网站的编辑器中（表格有错误时只能复制草稿）"
            }
            Self::DisplayAuto => "先用 DirectX 12，启动失败或崩溃时自动改用 OpenGL 并记住（下次启动时生效）",
            Self::DisplayWgpu => "总是先用 DirectX 12（下次启动时生效；仍会在失败时改用 OpenGL）",
            Self::DisplayGlow => "总是先用 OpenGL：老电脑、远程桌面、虚拟机（下次启动时生效）",
            Self::AssociateRon => "双击 .ron 文件时用年报编辑器打开（仅当前用户，无需管理员权限）；再点一次取消关联",
            Self::Find => "在整份年报（正文、标题、表格栏目）中查找文字，F3 或 Enter 转到下一处",
            Self::Guide => "在程序中阅读使用说明",
            Self::About => "版本、文件保存位置与许可",
        }
    }

    /// Its keyboard shortcut.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        match self {
            Self::New => Some(ctrl(Key::N)),
            Self::Open => Some(ctrl(Key::O)),
            Self::Save => Some(ctrl(Key::S)),
            Self::SaveAs => Some(KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S)),
            Self::ExportPdf => Some(ctrl(Key::P)),
            Self::Undo => Some(ctrl(Key::Z)),
            Self::Redo => Some(ctrl(Key::Y)),
            Self::NextFinding => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F8)),
            Self::Find => Some(ctrl(Key::F)),
            Self::Guide => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F1)),
            Self::ExportDraft
            | Self::ExportWord
            | Self::ExportHtml
            | Self::ExportWordDraft
            | Self::ExportHtmlDraft
            | Self::ImportReview
            | Self::CopyHtml
            | Self::ReviewDesk
            | Self::NextYear
            | Self::Import
            | Self::ShowPrevious
            | Self::Quit
            | Self::FillBlanks
            | Self::Recompute
            | Self::RestoreHeadings
            | Self::DisplayAuto
            | Self::DisplayWgpu
            | Self::DisplayGlow
            | Self::AssociateRon
            | Self::About => None,
        }
    }

    /// The menu it is in.
    pub fn menu(self) -> Menu {
        match self {
            Self::New
            | Self::NextYear
            | Self::Import
            | Self::Open
            | Self::Save
            | Self::SaveAs
            | Self::ExportPdf
            | Self::ExportWord
            | Self::ExportHtml
            | Self::ExportDraft
            | Self::ExportWordDraft
            | Self::ExportHtmlDraft
            | Self::ImportReview
            | Self::ReviewDesk
            | Self::Quit => Menu::File,
            Self::Undo
            | Self::Redo
            | Self::FillBlanks
            | Self::Recompute
            | Self::RestoreHeadings
            | Self::NextFinding
            | Self::Find
            | Self::ShowPrevious
            | Self::CopyHtml => Menu::Edit,
            Self::DisplayAuto | Self::DisplayWgpu | Self::DisplayGlow | Self::AssociateRon => Menu::Settings,
            Self::Guide | Self::About => Menu::Help,
        }
    }

    /// Whether the shortcut also works while a text box has the keyboard (saving must, undo
    /// must not: the text box has its own).
    pub fn works_in_text(self) -> bool {
        matches!(
            self,
            Self::New
                | Self::Open
                | Self::Save
                | Self::SaveAs
                | Self::ExportPdf
                | Self::NextFinding
                | Self::Find
                | Self::Guide
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_are_unique() {
        let mut seen = Vec::new();
        for c in Command::ALL {
            if let Some(s) = c.shortcut() {
                assert!(!seen.contains(&s), "{c:?}");
                seen.push(s);
            }
        }
    }
}
