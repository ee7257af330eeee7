//! The command line: the same work as the editor, without a window.
//!
//! Exit codes (CONTRACT §1): `check` 0 = no error-level finding, 1 = errors, 2 = a file cannot
//! be read; `new` and `next` 0 / 2; `import` 0 complete, 1 written with gaps, 2 nothing written.
//! `next` and `check --previous` take last year's report in any format the importer reads.

mod review;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::export::{self as exporter, ExportError, ExportOptions, FontPolicy, Format, Origin};
use crate::io;
use crate::model::{self, AgencyLevel, Finding, Report, Severity};

/// nianbao（年报编辑器）：政府信息公开工作年度报告的离线编辑、校验与排版工具。
#[derive(Debug, Parser)]
#[command(name = "nianbao", version = crate::build_info::VERSION_LINE, about, long_about = None)]
pub struct Cli {
    /// 要打开的年报项目文件（.ron）；不指定时打开上次的文件或内置示例。
    pub file: Option<PathBuf>,
    /// 绘制第一帧后立即退出（启动测速、冒烟测试）。
    #[arg(long)]
    pub exit_after_first_frame: bool,
    /// 渲染器：glow（OpenGL）或 wgpu（Windows 上为 DirectX 12）；不指定时自动选择，启动失败时换用另一种。
    #[arg(long, value_name = "RENDERER")]
    pub renderer: Option<String>,
    /// Started by the supervisor (`src/launch.rs`): print a line once the first frame is painted.
    #[arg(long, hide = true)]
    pub first_frame_signal: bool,
    /// Windows: associate `.ron` files with this program for the current user (what 设置 → 关联
    /// .ron 文件 does; also for IT staff setting up many PCs).
    #[arg(long, hide = true, conflicts_with = "unregister_ron")]
    pub register_ron: bool,
    /// Windows: remove that association.
    #[arg(long, hide = true)]
    pub unregister_ron: bool,
    /// 子命令。
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Commands that run without a window.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 校验年报，逐行列出问题（严重程度 规则 位置 消息）。
    Check {
        /// 年报项目文件。
        file: PathBuf,
        /// 上年度的年报（用于跨年度校验，优先于文件中保存的上年数据）：项目文件 .ron，或导入能读取的
        /// 任何格式（.docx、.doc、.wps、.pdf、.html、.mht、.txt）。
        #[arg(long, value_name = "LAST")]
        previous: Option<PathBuf>,
        /// 以 JSON 数组输出。
        #[arg(long)]
        json: bool,
    },
    /// 导出 PDF（A4，公文格式）、Word（.docx，送审）或网页（.html，公开发布）。
    Export {
        /// 年报项目文件。
        file: PathBuf,
        /// 输出文件，格式按扩展名（.pdf、.docx、.html）确定（默认：与项目文件同名的 .pdf）。
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 输出格式：pdf、docx 或 html（优先于输出文件的扩展名）。
        #[arg(long, value_name = "FORMAT", value_parser = ["pdf", "docx", "html"])]
        format: Option<String>,
        /// 导出草稿：即使有错误也导出，每页加“草稿”水印。
        #[arg(long)]
        draft: bool,
        /// 确认导出：忽略需要确认的错误（表格错误仍然阻止导出）。
        #[arg(long)]
        force: bool,
        /// 只用程序自带的字体（输出在每台电脑上都相同）。
        #[arg(long)]
        bundled_fonts: bool,
    },
    /// 以上年报告新建下一年度的年报（结转、年份、上年数据）。
    Next {
        /// 上一年度的年报：项目文件 .ron，或导入能读取的任何格式（.docx、.doc、.wps、.pdf、.html、.mht、.txt），
        /// 先导入再新建。
        last: PathBuf,
        /// 输出文件。
        #[arg(short, long)]
        output: PathBuf,
    },
    /// 导入上年的年报：Word（.docx；.doc/.wps 需安装 LibreOffice）、PDF、网页（.html/.mht）或文本（.txt）。
    Import {
        /// 年报文件（.docx、.doc、.wps、.rtf、.pdf、.html、.htm、.mht、.mhtml 或 .txt）。
        report: PathBuf,
        /// 输出的年报项目文件。
        #[arg(short, long)]
        output: PathBuf,
    },
    /// 汇总审核：检查文件夹中的全部年报，汇总表二、三、四，写出审核结果工作簿（.xlsx 或 .html）。
    Review {
        /// 存放各单位年报的文件夹（可多个）：.ron、.docx、.html、.pdf 等导入能读取的格式。
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// 上年度各单位年报所在的文件夹（按单位名称匹配，进行跨年度校验）。
        #[arg(long, value_name = "DIR")]
        previous: Option<PathBuf>,
        /// 应报送单位名单：文本文件（每行一个单位，可用 Tab 隔开写类型；UTF-8 或 GBK）或 .xlsx（A 列单位、B 列类型）。
        #[arg(long, value_name = "FILE")]
        roster: Option<PathBuf>,
        /// 审核结果：.xlsx（默认：第一个文件夹中的“审核结果.xlsx”）或 .html。
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 审核年度（默认：多数报告的年度）。
        #[arg(long)]
        year: Option<u16>,
        /// 同时为每个单位生成审核意见单（PDF 和 Word），放在第一个文件夹的“审核意见单”子文件夹中。
        #[arg(long)]
        feedback: bool,
        /// 把汇总结果另存为年报项目文件（逐级汇总，供上级审核），不会覆盖已有文件。
        #[arg(long, value_name = "OUT.ron")]
        rollup: Option<PathBuf>,
        /// 审核单位（汇总年报的机关名称、审核意见单的落款），如“永定区人民政府办公室”。
        #[arg(long)]
        org: Option<String>,
        /// 汇总年报的机关类型（默认 government）。
        #[arg(long, default_value = "government")]
        level: String,
        /// 标记问题为“已确认”（须由单位整改）：单位:规则:位置，如 金砂镇人民政府:T3-01:t3.R1.natural。可多次使用。
        #[arg(long, value_name = "单位:规则:位置")]
        confirm: Vec<String>,
        /// 标记问题为“不采纳”：单位:规则:位置=理由。可多次使用。
        #[arg(long, value_name = "单位:规则:位置=理由")]
        reject: Vec<String>,
    },
    /// 按国办格式模板新建年报。
    New {
        /// 机关全称，与标题中一致，如“金砂镇人民政府”。
        #[arg(long)]
        org: String,
        /// 报告年度，如 2025。
        #[arg(long)]
        year: u16,
        /// 机关类型：township（乡镇/街道，默认）、county_department、government、other。
        #[arg(long, default_value = "township")]
        level: String,
        /// 输出文件。
        #[arg(short, long)]
        output: PathBuf,
    },
}

/// Runs a headless command and returns its exit code.
pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Check { file, previous, json } => check(&file, previous.as_deref(), json),
        Command::New { org, year, level, output } => new(&org, year, &level, &output),
        Command::Next { last, output } => next(&last, &output),
        Command::Import { report, output } => import(&report, &output),
        Command::Review { dirs, previous, roster, output, year, feedback, rollup, org, level, confirm, reject } => {
            review::review(&review::Args {
                dirs,
                previous,
                roster,
                output,
                year,
                feedback,
                rollup,
                org,
                level,
                confirm,
                reject,
            })
        }
        Command::Export { file, output, format, draft, force, bundled_fonts } => {
            let policy = if bundled_fonts { FontPolicy::BundledOnly } else { FontPolicy::SystemFirst };
            let opts = ExportOptions { draft, force, fonts: policy, created: None };
            export(&file, output.as_deref(), format.as_deref(), opts)
        }
    }
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("错误：{message}");
    ExitCode::from(2)
}

fn load(path: &Path) -> Result<model::Report, String> {
    io::load(path).map_err(|e| format!("无法打开“{}”：{e}", path.display()))
}

/// Last year's report: a project file, or any file the importer reads (imported on the fly,
/// with its import report on stderr).
fn load_last_year(path: &Path) -> Result<model::Report, String> {
    let is_project = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron"));
    if is_project {
        return load(path);
    }
    let imported =
        crate::import::import_file(path).map_err(|e| format!("无法导入上年的年报“{}”：{e}", path.display()))?;
    eprintln!("已导入上年的年报 {}：", path.display());
    for line in imported.summary().lines() {
        eprintln!("  {line}");
    }
    Ok(imported.report)
}

fn check(file: &Path, previous: Option<&Path>, json: bool) -> ExitCode {
    let report = match load(file) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let prev = match previous.map(load_last_year).transpose() {
        Ok(p) => p.map(|p| p.as_previous()),
        Err(e) => return fail(e),
    };
    if let Some(p) = &prev
        && p.year + 1 != report.year
    {
        eprintln!("注意：--previous 指定的是{}年度的年报，本年报为{}年度，跨年度校验按此进行。", p.year, report.year);
    }
    let findings = model::check(&report, prev.as_ref());
    let mut out = std::io::stdout().lock();
    let written = if json {
        writeln!(out, "{}", findings_json(&findings))
    } else {
        findings.iter().try_for_each(|f| writeln!(out, "{}", f.line()))
    };
    if written.is_err() {
        return ExitCode::from(2);
    }
    if findings.iter().any(|f| f.severity == Severity::Error) { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// The `--json` form of findings.
pub fn findings_json(findings: &[Finding]) -> String {
    let list: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "rule": f.rule,
                "severity": f.severity.key(),
                "location": f.location.key(),
                "message": f.message,
            })
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into())
}

fn new(org: &str, year: u16, level: &str, output: &Path) -> ExitCode {
    let org = org.trim();
    if org.is_empty() {
        return fail("机关名称（--org）不能为空");
    }
    if !Report::YEARS.contains(&year) {
        return fail(format!("报告年度 {year} 不合理（{}）", Report::year_hint()));
    }
    let Some(level) = AgencyLevel::from_key(level) else {
        return fail(format!("未知的机关类型“{level}”，应为 township、county_department、government 或 other"));
    };
    if let Err(e) = new_project_output(output, &[]) {
        return fail(e);
    }
    let report = model::standard::new_report(org, year, level);
    match io::save_new(output, &report) {
        Ok(()) => {
            eprintln!("已新建 {year} 年度年报：{}", output.display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// The format of an export: `--format`, else the output's extension, else PDF.
fn export_format(output: Option<&Path>, format: Option<&str>) -> Result<Format, String> {
    if let Some(f) = format {
        return Format::from_key(f).ok_or_else(|| format!("未知的导出格式“{f}”，应为 pdf、docx 或 html"));
    }
    let Some(out) = output else { return Ok(Format::Pdf) };
    let ext = out.extension().and_then(|e| e.to_str()).unwrap_or("");
    Format::from_extension(ext).ok_or_else(|| {
        format!(
            "无法从输出文件“{}”的扩展名判断导出格式：请使用 .pdf、.docx 或 .html，或用 --format pdf|docx|html 指定",
            out.display()
        )
    })
}

/// Refuses an output that is one of the inputs or an input's backup (CONTRACT §2), in Chinese.
fn output_is_input(out: &Path, inputs: &[&Path]) -> Result<(), String> {
    for input in inputs {
        if io::same_file(out, input) || io::same_file(out, &io::backup_path(input)) {
            return Err(format!(
                "输出文件“{}”是输入文件“{}”（或其备份 .bak），不能覆盖，请换一个文件名",
                out.display(),
                input.display()
            ));
        }
    }
    Ok(())
}

/// A `.ron` output (`new`, `next`, `import`): never an input, never an existing file.
fn new_project_output(out: &Path, inputs: &[&Path]) -> Result<(), String> {
    output_is_input(out, inputs)?;
    if out.symlink_metadata().is_ok() {
        return Err(format!("“{}”已存在，为免覆盖已有年报，请换一个文件名", out.display()));
    }
    Ok(())
}

fn export(file: &Path, output: Option<&Path>, format: Option<&str>, opts: ExportOptions) -> ExitCode {
    let format = match export_format(output, format) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    let out = output.map_or_else(|| file.with_extension(format.key()), Path::to_path_buf);
    if let Err(e) = output_is_input(&out, &[file]) {
        return fail(e);
    }
    let report = match load(file) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    match exporter::export_as(&report, None, format, opts) {
        Ok(done) => {
            if let Err(e) = io::write_atomic(&out, &done.bytes, false) {
                return fail(format!("无法写入“{}”：{}", out.display(), io::describe_io(&e)));
            }
            let kind = if opts.draft { "草稿" } else { "正式版" };
            let size = done.bytes.len().div_ceil(1024);
            if format == Format::Pdf {
                eprintln!("已导出{kind}：{}（{} 页，{size} KB）", out.display(), done.pages);
            } else {
                eprintln!("已导出{}{kind}：{}（{size} KB）", format.label(), out.display());
            }
            for (role, name, origin) in &done.fonts {
                let from = match origin {
                    Origin::Bundled(f) => format!("程序自带 {f}"),
                    Origin::System(p) => format!("系统字体 {}", p.display()),
                };
                eprintln!("  {}：{name}（{from}）", role.label());
            }
            ExitCode::SUCCESS
        }
        Err(
            e @ (ExportError::Blocked(_)
            | ExportError::NeedsConfirmation(_)
            | ExportError::MissingGlyphs(_)
            | ExportError::ControlCharacters(_)
            | ExportError::TooManyPages(_)),
        ) => {
            eprintln!("未导出：{e}");
            ExitCode::from(1)
        }
        Err(e) => fail(e),
    }
}

fn next(last: &Path, output: &Path) -> ExitCode {
    if let Err(e) = new_project_output(output, &[last]) {
        return fail(e);
    }
    let report = match load_last_year(last) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let next = model::standard::next_report(&report);
    match io::save_new(output, &next) {
        Ok(()) => {
            eprintln!(
                "已以{}年度年报为基础新建{}年度年报：{}（上年结转已按上年“结转下年度继续办理”填入，其余数字待填写）",
                report.year,
                next.year,
                output.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn import(source: &Path, output: &Path) -> ExitCode {
    if let Err(e) = new_project_output(output, &[source]) {
        return fail(e);
    }
    let imported = match crate::import::import_file(source) {
        Ok(i) => i,
        Err(e) => return fail(e),
    };
    if let Err(e) = io::save_new(output, &imported.report) {
        return fail(e);
    }
    eprintln!("已导入 {} → {}", source.display(), output.display());
    eprint!("{}", imported.summary());
    let findings = model::check(&imported.report, None);
    let (e, w, i) = model::checks::counts(&findings);
    eprintln!("导入后校验：错误 {e} 项、警告 {w} 项、提示 {i} 项（nianbao check 查看）");
    // A label written otherwise but imported under the official one (S11) is no gap.
    let shape = imported.structure.iter().any(|f| f.rule != "S11");
    if imported.is_complete() && !shape { ExitCode::SUCCESS } else { ExitCode::from(1) }
}
