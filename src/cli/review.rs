//! `nianbao review`: the county's review desk on the command line (CONTRACT §1): exit 0 when every
//! unit may be published, 1 when some unit has errors, is missing or cannot be read, 2 when
//! nothing could be read or the workbook cannot be written.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::desk::{self, Mark, Progress, Request, Review, Verdict};
use crate::export::FontPolicy;
use crate::model::AgencyLevel;

/// The command's arguments.
pub struct Args {
    pub dirs: Vec<PathBuf>,
    pub previous: Option<PathBuf>,
    pub roster: Option<PathBuf>,
    pub output: Option<PathBuf>,
    pub year: Option<u16>,
    pub feedback: bool,
    pub rollup: Option<PathBuf>,
    pub org: Option<String>,
    pub level: String,
    pub confirm: Vec<String>,
    pub reject: Vec<String>,
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("错误：{message}");
    ExitCode::from(2)
}

/// Progress lines on stderr: on a terminal one line rewritten in place, else every 5 %.
fn progress_printer() -> impl Fn(Progress) + Sync {
    let tty = std::io::stderr().is_terminal();
    let last = AtomicUsize::new(usize::MAX);
    move |p: Progress| {
        let (n, of) = match p {
            Progress::Reading(n, of) | Progress::Checking(n, of) => (n, of),
        };
        let step = (of / 20).max(1);
        if n != of && n % step != 0 {
            return;
        }
        let tag = n + if matches!(p, Progress::Checking(..)) { 1 << 40 } else { 0 };
        if last.swap(tag, Ordering::Relaxed) == tag {
            return;
        }
        if tty {
            eprint!("\r{p}    ");
            if n == of {
                eprintln!();
            }
        } else {
            eprintln!("{p}");
        }
    }
}

/// `单位:规则:位置` (and `=理由`) → the mark, checked against the review's findings.
fn parse_mark(review: &Review, spec: &str, verdict: Verdict) -> Result<Mark, String> {
    let (target, reason) = match verdict {
        Verdict::Rejected => match spec.split_once('=') {
            Some((t, r)) if !r.trim().is_empty() => (t, r.trim().to_owned()),
            _ => return Err(format!("“{spec}”：不采纳须写明理由，格式为 单位:规则:位置=理由")),
        },
        Verdict::Confirmed => (spec, String::new()),
    };
    let mut parts = target.rsplitn(3, ':');
    let (Some(location), Some(rule), Some(unit)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!("“{spec}”的格式应为 单位:规则:位置，如 金砂镇人民政府:T3-01:t3.R1.natural"));
    };
    let key = desk::unit_key(unit);
    let Some(u) = review.units.iter().find(|u| u.key == key) else {
        return Err(format!("没有名为“{unit}”的单位"));
    };
    let Some(f) =
        u.findings.iter().find(|f| f.finding.rule == rule.trim() && f.finding.location.key() == location.trim())
    else {
        return Err(format!(
            "{}的报告中没有位于 {location} 的 {rule} 问题（nianbao check 可列出全部问题及位置）",
            u.agency
        ));
    };
    Ok(Mark {
        unit: u.key.clone(),
        agency: u.agency.clone(),
        rule: f.finding.rule.to_owned(),
        location: f.finding.location.key(),
        verdict,
        reason,
        message: f.finding.message.clone(),
    })
}

/// Runs the command.
pub fn review(args: &Args) -> ExitCode {
    for d in &args.dirs {
        if !d.is_dir() {
            return fail(format!("“{}”不是文件夹", d.display()));
        }
    }
    let Some(first) = args.dirs.first() else { return fail("请指定至少一个文件夹") };
    let output = args.output.clone().unwrap_or_else(|| first.join(desk::WORKBOOK_NAME));
    let ext = output.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let html = match ext.as_str() {
        "xlsx" => false,
        "html" | "htm" => true,
        _ => return fail(format!("审核结果“{}”应为 .xlsx 或 .html 文件", output.display())),
    };
    // The workbook never replaces a report it reads (nor its .bak): `-o 某单位.html` in the
    // folder would put the workbook where that unit's submission was (issue 8, item 8).
    let mut inputs = desk::report_files(&args.dirs).0;
    if let Some(p) = &args.previous {
        inputs.extend(desk::report_files(std::slice::from_ref(p)).0);
    }
    inputs.extend(args.roster.iter().cloned());
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    for out in std::iter::once(output.as_path()).chain(args.rollup.as_deref()) {
        if let Err(e) = super::output_is_input(out, &inputs) {
            return fail(e);
        }
    }
    let level = match AgencyLevel::from_key(&args.level) {
        Some(l) => l,
        None => {
            return fail(format!(
                "未知的机关类型“{}”，应为 township、county_department、government 或 other",
                args.level
            ));
        }
    };
    let req = Request {
        dirs: args.dirs.clone(),
        previous: args.previous.clone(),
        roster: args.roster.clone(),
        year: args.year,
    };
    let printer = progress_printer();
    let mut review = desk::run(&req, &printer);
    for n in &review.notes {
        eprintln!("注意：{n}");
    }
    if review.units.is_empty() {
        for u in &review.unreadable {
            eprintln!("无法读取：{}：{}", u.file.display(), u.reason);
        }
        return fail("文件夹中没有能读取的年度报告");
    }

    // Marks given on the command line.
    if !args.confirm.is_empty() || !args.reject.is_empty() {
        let specs = args
            .confirm
            .iter()
            .map(|s| (s, Verdict::Confirmed))
            .chain(args.reject.iter().map(|s| (s, Verdict::Rejected)));
        for (spec, verdict) in specs {
            match parse_mark(&review, spec, verdict) {
                Ok(m) => review.set_mark(m),
                Err(e) => return fail(e),
            }
        }
        match review.marks.save(first) {
            Ok(place) => {
                if place.in_folder {
                    eprintln!("审核标记已保存：{}", place.path.display());
                } else {
                    eprintln!("文件夹是只读的，审核标记已改存到：{}", place.path.display());
                }
                review.marks_place = Some(place);
            }
            Err(e) => return fail(e),
        }
    } else if let Some(p) = review.marks_place.as_ref().filter(|p| !p.in_folder) {
        eprintln!("注意：审核标记保存在 {}（文件夹是只读的）", p.path.display());
    }

    let written = if html { desk::save_html(&review, &output) } else { desk::save_workbook(&review, &output) };
    if let Err(e) = written {
        return fail(e);
    }

    let reviewer = args.org.clone().unwrap_or_else(|| "政务公开工作主管部门".to_owned());
    if args.feedback {
        let dir = first.join(desk::FEEDBACK_DIR);
        let (written, problems) = desk::feedback::write_all(&review, &dir, &reviewer, FontPolicy::SystemFirst);
        for p in &problems {
            eprintln!("注意：{p}");
        }
        eprintln!("已生成审核意见单 {} 个文件：{}", written.len(), dir.display());
    }
    if let Some(out) = &args.rollup
        && let Err(e) = write_rollup(&review, out, args.org.as_deref(), level)
    {
        return fail(e);
    }

    summary(&review, &output);
    if review.all_clear() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// 逐级汇总: the roll-up as a report file; an existing file is never replaced, it is compared
/// with the sums instead (A01).
fn write_rollup(review: &Review, out: &Path, org: Option<&str>, level: AgencyLevel) -> Result<(), String> {
    match desk::save_rollup(review, out, org.unwrap_or(""), level)? {
        desk::RollupSaved::Written(n) => eprintln!("已保存汇总年报：{}（{n}个单位）", out.display()),
        desk::RollupSaved::Compared(diff) => {
            eprintln!("“{}”已存在，未覆盖；与本次汇总比较：", out.display());
            if diff.is_empty() {
                eprintln!("  各单元格与下级单位合计一致。");
            }
            for f in diff {
                eprintln!("  {}", f.line());
            }
        }
    }
    Ok(())
}

fn summary(review: &Review, output: &Path) {
    let current = review.current().count();
    let ok = review.current().filter(|u| u.may_publish()).count();
    eprintln!(
        "{}年度：{}个单位，可以公开{}个，需修改{}个；无法读取{}个文件；未提交{}个单位。",
        review.year,
        current,
        ok,
        current - ok,
        review.unreadable.len(),
        review.missing.len()
    );
    for u in &review.unreadable {
        eprintln!("  无法读取：{}：{}", u.file.display(), u.reason);
    }
    for m in &review.missing {
        eprintln!("  未提交：{}", m.name);
    }
    for u in review.units.iter().filter(|u| u.other_year) {
        eprintln!("  非本年度：{}（{}年度，{}）", u.agency, u.report.year, u.file.display());
    }
    for u in &review.units {
        for c in u.copies.iter().filter(|c| c.kind == desk::CopyKind::Duplicate) {
            eprintln!("  重复：{}（已采用 {}）", c.file.display(), u.file.display());
        }
    }
    let incomplete = review.rollup.incomplete_cells();
    if incomplete > 0 {
        eprintln!("  汇总表有{incomplete}个单元格不完整（部分单位未填写）。");
    }
    eprintln!("已写出审核结果：{}", output.display());
}
