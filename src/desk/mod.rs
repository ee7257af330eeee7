//! The county's review desk (审核台): every report in a folder read and checked at once, one
//! submission per unit, the tables rolled up, the reviewer's marks kept, and a workbook written.
//!
//! - [`gather`]: walk the folders, read every file (in parallel), take one submission per unit;
//! - [`run`]: gather, match last year's reports and the roster, check (in parallel), find 雷同
//!   prose between units, apply the marks, roll up;
//! - [`rollup`]: tables 二/三/四 summed cell by cell (A01, A02);
//! - [`workbook`] and [`html`]: the .xlsx and the web page;
//! - [`feedback`]: one 审核意见单 per unit (PDF and .docx);
//! - [`marks`]: the marks file, 审核记录.ron.
//!
//! No GUI here: the editor's 汇总审核 view (`src/ui/desk.rs`) and `nianbao review` share it.

pub mod feedback;
pub mod html;
pub mod marks;
pub mod names;
pub mod rollup;
pub mod roster;
pub mod similar;
pub mod workbook;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::model::{self, AgencyLevel, Finding, Report, Severity};

pub use marks::{Mark, Marks, MarksPlace, UnitMarks, Verdict, blocks_publication};
pub use names::unit_key;
pub use rollup::Rollup;
pub use roster::RosterEntry;

/// The default name of the workbook, in the first folder.
pub const WORKBOOK_NAME: &str = "审核结果.xlsx";
/// The folder (inside the first reviewed folder) where the feedback sheets go.
pub const FEEDBACK_DIR: &str = "审核意见单";

/// Whether a file or folder name is one of the desk's own outputs, which a review skips.
pub fn is_desk_output(name: &str) -> bool {
    name.starts_with("审核结果") || name == marks::MARKS_FILE || name == FEEDBACK_DIR || name.starts_with("逐级汇总")
}

/// The order of preference of submission formats: lower is preferred.
fn format_rank(ext: &str) -> Option<u8> {
    Some(match ext {
        "ron" => 0,
        "docx" => 1,
        "html" | "htm" | "mht" | "mhtml" => 2,
        "pdf" => 3,
        "doc" | "wps" | "rtf" => 4,
        "txt" => 5,
        _ => return None,
    })
}

fn extension(path: &Path) -> String {
    path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase()
}

/// Every report file in the folders (and their sub-folders), the desk's own outputs, backups,
/// hidden files and Word's lock files (`~$…`) left out; sorted for a stable order.
pub fn report_files(dirs: &[PathBuf]) -> (Vec<PathBuf>, Vec<Unreadable>) {
    let mut files = Vec::new();
    let mut bad = Vec::new();
    let mut stack: Vec<PathBuf> = dirs.to_vec();
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                bad.push(Unreadable {
                    file: dir.clone(),
                    reason: format!("无法打开文件夹：{}", crate::io::describe_io(&e)),
                });
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name.starts_with("~$") || is_desk_output(&name) {
                continue;
            }
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                stack.push(path);
            } else if format_rank(&extension(&path)).is_some() {
                files.push(path);
            }
        }
    }
    files.sort();
    files.dedup();
    (files, bad)
}

/// A file that could not be read, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    /// The file.
    pub file: PathBuf,
    /// Why, in Chinese.
    pub reason: String,
}

/// A report read from a file.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The file.
    pub file: PathBuf,
    /// The report.
    pub report: Report,
    /// What the importer could not map (empty for a project file).
    pub gaps: Vec<String>,
}

/// Reads one report file: a project file through [`crate::io`], anything else through the
/// importer.
pub fn load_file(path: &Path) -> Result<Loaded, String> {
    if extension(path) == "ron" {
        let report = crate::io::load(path).map_err(|e| e.to_string())?;
        return Ok(Loaded { file: path.to_owned(), report, gaps: Vec::new() });
    }
    let imported = crate::import::import_file(path).map_err(|e| e.to_string())?;
    Ok(Loaded { file: path.to_owned(), report: imported.report, gaps: imported.gaps })
}

/// Runs `f` over `items` on every core, in order of the results; `done` is told how many are
/// finished after each one.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync, done: &(dyn Fn(usize) + Sync)) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(items.len().max(1));
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        out.push((i, f(item)));
                        done(finished.fetch_add(1, Ordering::Relaxed) + 1);
                    }
                    out
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_default()).collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Why a file was not taken as its unit's submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CopyKind {
    /// The same report in another format beside it (`x.docx` beside `x.ron`): the .ron was saved
    /// from it and supersedes it.
    Superseded,
    /// Another file for the same unit and year (重复).
    Duplicate,
}

/// A file not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Copy {
    /// The file.
    pub file: PathBuf,
    /// Why.
    pub kind: CopyKind,
}

/// A finding of a unit with the reviewer's mark.
#[derive(Clone, Debug)]
pub struct UnitFinding {
    /// The finding.
    pub finding: Finding,
    /// The reviewer's mark, if any.
    pub mark: Option<Mark>,
}

impl UnitFinding {
    /// Whether it stops publication: an error not marked 不采纳.
    pub fn blocks_publication(&self) -> bool {
        blocks_publication(&self.finding, self.mark.as_ref())
    }

    /// Whether the unit must fix it: blocks publication, or a warning the reviewer confirmed.
    pub fn must_fix(&self) -> bool {
        self.blocks_publication() || self.mark.as_ref().is_some_and(|m| m.verdict == Verdict::Confirmed)
    }
}

/// One unit's submission, checked.
#[derive(Clone, Debug)]
pub struct Unit {
    /// The key the unit is matched by.
    pub key: String,
    /// Its name (the report's agency).
    pub agency: String,
    /// The file taken.
    pub file: PathBuf,
    /// The report.
    pub report: Report,
    /// What the importer could not map.
    pub gaps: Vec<String>,
    /// The other files of this unit and year.
    pub copies: Vec<Copy>,
    /// Last year's file, when one matched.
    pub previous_file: Option<PathBuf>,
    /// The findings, with marks, in the order of the checks.
    pub findings: Vec<UnitFinding>,
    /// Confirmed marks whose finding is gone: 已整改.
    pub fixed: Vec<Mark>,
    /// Whether the report is of another year than the review year (left out of the roll-up).
    pub other_year: bool,
    /// Whether it is on the roster (`None`: no roster given).
    pub on_roster: Option<bool>,
}

impl Unit {
    /// (errors, warnings, infos).
    pub fn counts(&self) -> (usize, usize, usize) {
        self.findings.iter().fold((0, 0, 0), |(e, w, i), f| match f.finding.severity {
            Severity::Error => (e + 1, w, i),
            Severity::Warning => (e, w + 1, i),
            Severity::Info => (e, w, i + 1),
        })
    }

    /// Whether the report may be published: no error-level finding, except those marked 不采纳.
    pub fn may_publish(&self) -> bool {
        !self.findings.iter().any(UnitFinding::blocks_publication)
    }

    /// The errors that fail T3/T4 (A02), those the reviewer marked 不采纳 left out (as for
    /// whether the report may be published).
    pub fn table_errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| {
                f.blocks_publication() && (f.finding.rule.starts_with("T3-") || f.finding.rule.starts_with("T4-"))
            })
            .count()
    }

    /// The level shown for the unit.
    pub fn level(&self) -> AgencyLevel {
        self.report.level
    }

    /// The status in words: 可以公开 / 需修改 / 非本年度.
    pub fn status(&self) -> &'static str {
        if self.other_year {
            "非本年度"
        } else if self.may_publish() {
            "可以公开"
        } else {
            "需修改"
        }
    }
}

/// What to review.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// The folders of this year's reports.
    pub dirs: Vec<PathBuf>,
    /// Last year's reports.
    pub previous: Option<PathBuf>,
    /// The roster.
    pub roster: Option<PathBuf>,
    /// The review year; `None`: the year most reports have.
    pub year: Option<u16>,
}

/// How far a review has come (for the progress bar and stderr).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Files read so far, of all.
    Reading(usize, usize),
    /// Reports checked so far, of all.
    Checking(usize, usize),
}

impl std::fmt::Display for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Reading(n, of) => write!(f, "已读取 {n}/{of}"),
            Self::Checking(n, of) => write!(f, "已检查 {n}/{of}"),
        }
    }
}

/// A roster unit without a submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    /// The roster's name.
    pub name: String,
    /// Its level per the roster.
    pub level: Option<AgencyLevel>,
}

/// The result of a review.
#[derive(Clone, Debug, Default)]
pub struct Review {
    /// The folders reviewed.
    pub dirs: Vec<PathBuf>,
    /// The review year.
    pub year: u16,
    /// One entry per unit (and per other-year report), in file order.
    pub units: Vec<Unit>,
    /// Files that could not be read.
    pub unreadable: Vec<Unreadable>,
    /// Roster units with no submission (未提交).
    pub missing: Vec<Missing>,
    /// Units without last year's report (only when `--previous` was given).
    pub unmatched_previous: Vec<String>,
    /// Whether last year's folder was given.
    pub has_previous: bool,
    /// Whether a roster was given.
    pub has_roster: bool,
    /// Problems with last year's folder or the roster (reported, never fatal).
    pub notes: Vec<String>,
    /// The marks and where they are kept.
    pub marks: Marks,
    /// Where the marks are kept.
    pub marks_place: Option<MarksPlace>,
    /// The roll-up of this year's units.
    pub rollup: Rollup,
}

impl Review {
    /// Whether every unit of the review year may be published and nothing is missing or
    /// unreadable (exit 0). A report of another year is listed, not counted; a review with no
    /// report of its year (a wrong folder or `--year`) is not clear.
    pub fn all_clear(&self) -> bool {
        self.current().next().is_some()
            && self.unreadable.is_empty()
            && self.missing.is_empty()
            && self.units.iter().all(|u| u.other_year || u.may_publish())
    }

    /// The units in the roll-up (this year's).
    pub fn current(&self) -> impl Iterator<Item = &Unit> {
        self.units.iter().filter(|u| !u.other_year)
    }

    /// The indices of the units, worst first: most errors, then warnings, then by name.
    pub fn worst_first(&self) -> Vec<usize> {
        // Each unit's counts once, not in every comparison.
        let keys: Vec<(bool, usize, usize)> = self
            .units
            .iter()
            .map(|u| {
                let (e, w, _) = u.counts();
                (u.may_publish(), e, w)
            })
            .collect();
        let mut order: Vec<usize> = (0..self.units.len()).collect();
        order.sort_by(|&a, &b| {
            let ((pa, ea, wa), (pb, eb, wb)) = (keys[a], keys[b]);
            pa.cmp(&pb).then(eb.cmp(&ea)).then(wb.cmp(&wa)).then(self.units[a].agency.cmp(&self.units[b].agency))
        });
        order
    }

    /// The folder whose marks file this review uses (the first folder).
    pub fn folder(&self) -> Option<&Path> {
        self.dirs.first().map(PathBuf::as_path)
    }

    /// Sets a mark and re-applies the marks to the units (the caller saves them).
    pub fn set_mark(&mut self, mark: Mark) {
        self.marks.set(mark);
        self.apply_marks();
    }

    /// Re-applies the marks to every unit's findings.
    pub fn apply_marks(&mut self) {
        for u in &mut self.units {
            apply_marks(u, &self.marks);
        }
        self.rollup = rollup::roll_up(self);
    }
}

fn name_of(report: &Report, file: &Path) -> String {
    let a = report.agency.trim();
    if !a.is_empty() {
        return a.to_owned();
    }
    let s = report.signer.trim();
    if !s.is_empty() {
        return s.to_owned();
    }
    file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Reads every file and takes one submission per unit and year. Returns the submissions (with
/// their copies) and the files that could not be read.
///
/// `skip`: files in the folders that are not reports (the roster kept beside them); they are
/// neither read nor listed.
pub fn gather(
    dirs: &[PathBuf],
    skip: &[PathBuf],
    progress: &(dyn Fn(Progress) + Sync),
) -> (Vec<(Loaded, Vec<Copy>)>, Vec<Unreadable>) {
    let (mut files, mut unreadable) = report_files(dirs);
    let skipped = |p: &Path| skip.iter().any(|s| crate::io::same_file(p, s));
    files.retain(|f| !skipped(f));
    unreadable.retain(|u| !skipped(&u.file));
    let total = files.len();
    let loaded = par_map(&files, |f| load_file(f), &|n| progress(Progress::Reading(n, total)));
    let mut groups: BTreeMap<(String, u16), Vec<Loaded>> = BTreeMap::new();
    for (file, r) in files.iter().zip(loaded) {
        match r {
            Ok(l) => {
                let key = (unit_key(&name_of(&l.report, &l.file)), l.report.year);
                groups.entry(key).or_default().push(l);
            }
            Err(reason) => unreadable.push(Unreadable { file: file.clone(), reason }),
        }
    }
    let mut out = Vec::new();
    for (_, mut group) in groups {
        group.sort_by_key(|l| (format_rank(&extension(&l.file)).unwrap_or(9), l.file.clone()));
        let mut it = group.into_iter();
        let Some(first) = it.next() else { continue };
        let stem = |p: &Path| p.with_extension("");
        let copies = it
            .map(|l| {
                let kind = if stem(&l.file) == stem(&first.file) { CopyKind::Superseded } else { CopyKind::Duplicate };
                Copy { file: l.file, kind }
            })
            .collect();
        out.push((first, copies));
    }
    out.sort_by(|a, b| a.0.file.cmp(&b.0.file));
    (out, unreadable)
}

fn apply_marks(unit: &mut Unit, marks: &Marks) {
    for f in &mut unit.findings {
        f.mark = marks.of_finding(&unit.key, &f.finding).cloned();
    }
    unit.fixed = marks
        .marks
        .iter()
        .filter(|m| m.unit == unit.key && m.verdict == Verdict::Confirmed)
        .filter(|m| !unit.findings.iter().any(|f| m.is_of(&unit.key, &f.finding)))
        .cloned()
        .collect();
}

/// Runs a whole review. Never stops at a bad file: what cannot be read is listed.
pub fn run(req: &Request, progress: &(dyn Fn(Progress) + Sync)) -> Review {
    // A roster kept in the reviewed folder is not a report.
    let (subs, unreadable) = gather(&req.dirs, req.roster.as_slice(), progress);
    let mut notes = Vec::new();
    // The review year: given, else the one most reports have (the later one on a tie).
    let year = req.year.unwrap_or_else(|| {
        let mut count: HashMap<u16, usize> = HashMap::new();
        for (l, _) in &subs {
            *count.entry(l.report.year).or_default() += 1;
        }
        count.into_iter().max_by_key(|(y, n)| (*n, *y)).map_or(0, |(y, _)| y)
    });
    // Last year's reports, by unit key.
    let mut previous: HashMap<String, (PathBuf, model::PreviousYear)> = HashMap::new();
    if let Some(dir) = &req.previous {
        if dir.is_dir() {
            let (prev, bad) = gather(std::slice::from_ref(dir), &[], &|_| {});
            for b in bad {
                notes.push(format!("上年的年报“{}”无法读取：{}", b.file.display(), b.reason));
            }
            for (l, _) in prev {
                let key = unit_key(&name_of(&l.report, &l.file));
                let better = previous.get(&key).is_none_or(|(_, p)| l.report.year > p.year);
                if better {
                    previous.insert(key, (l.file, l.report.as_previous()));
                }
            }
        } else {
            notes.push(format!("上年的年报文件夹“{}”不存在或不是文件夹", dir.display()));
        }
    }
    let roster = match &req.roster {
        Some(p) => match roster::read(p) {
            Ok(r) => Some(r),
            Err(e) => {
                notes.push(e);
                None
            }
        },
        None => None,
    };
    let total = subs.len();
    let checked = par_map(
        &subs,
        |(l, _)| {
            let key = unit_key(&name_of(&l.report, &l.file));
            let prev = previous.get(&key).filter(|(_, p)| p.year < l.report.year);
            model::check(&l.report, prev.map(|(_, p)| p))
        },
        &|n| progress(Progress::Checking(n, total)),
    );
    let mut units: Vec<Unit> = subs
        .into_iter()
        .zip(checked)
        .map(|((l, copies), findings)| {
            let agency = name_of(&l.report, &l.file);
            let key = unit_key(&agency);
            let previous_file = previous.get(&key).filter(|(_, p)| p.year < l.report.year).map(|(f, _)| f.clone());
            let on_roster = roster.as_ref().map(|r| r.iter().any(|e| unit_key(&e.name) == key));
            Unit {
                other_year: l.report.year != year,
                key,
                agency,
                file: l.file,
                gaps: l.gaps,
                copies,
                previous_file,
                findings: findings.into_iter().map(|finding| UnitFinding { finding, mark: None }).collect(),
                fixed: Vec::new(),
                on_roster,
                report: l.report,
            }
        })
        .collect();
    // 雷同 between this year's units.
    let texts: Vec<Option<&Report>> = units.iter().map(|u| (!u.other_year).then_some(&u.report)).collect();
    let names: Vec<&str> = units.iter().map(|u| u.agency.as_str()).collect();
    let shared = similar::shared_paragraphs(&texts, &names);
    for (i, found) in shared.into_iter().enumerate() {
        units[i].findings.extend(found.into_iter().map(|finding| UnitFinding { finding, mark: None }));
    }
    let missing = roster
        .as_ref()
        .map(|r| {
            r.iter()
                .filter(|e| {
                    let k = unit_key(&e.name);
                    !units.iter().any(|u| !u.other_year && u.key == k)
                })
                .map(|e| Missing { name: e.name.clone(), level: e.level })
                .collect()
        })
        .unwrap_or_default();
    let unmatched_previous = if req.previous.is_some() {
        units.iter().filter(|u| !u.other_year && u.previous_file.is_none()).map(|u| u.agency.clone()).collect()
    } else {
        Vec::new()
    };
    let (marks, marks_place) = match req.dirs.first().map(|d| Marks::load(d)) {
        Some(Ok((m, p))) => (m, Some(p)),
        Some(Err(e)) => {
            notes.push(e);
            (Marks::default(), None)
        }
        None => (Marks::default(), None),
    };
    let mut review = Review {
        dirs: req.dirs.clone(),
        year,
        units,
        unreadable,
        missing,
        unmatched_previous,
        has_previous: req.previous.is_some(),
        has_roster: roster.is_some(),
        notes,
        marks,
        marks_place,
        rollup: Rollup::default(),
    };
    review.apply_marks();
    review
}

/// What [`save_rollup`] did.
#[derive(Clone, Debug)]
pub enum RollupSaved {
    /// The roll-up report was written, summing this many units.
    Written(usize),
    /// A file was already there: it is kept, and these are the cells that differ from the sums
    /// (A01; empty when they all agree).
    Compared(Vec<Finding>),
}

/// The default name of the roll-up report, in the first folder: `逐级汇总-2025.ron`.
pub fn rollup_name(year: u16) -> String {
    format!("逐级汇总-{year}.ron")
}

/// 逐级汇总: saves the roll-up as a report file of `org` (`汇总` when empty) at `level`, so that
/// the next level up reviews it like any unit's report. An existing file is never replaced; it
/// is compared with the sums instead.
pub fn save_rollup(review: &Review, out: &Path, org: &str, level: AgencyLevel) -> Result<RollupSaved, String> {
    if out.exists() {
        let existing = crate::io::load(out).map_err(|e| format!("“{}”已存在且无法读取：{e}", out.display()))?;
        return Ok(RollupSaved::Compared(review.rollup.compare(&existing)));
    }
    let agency = if org.trim().is_empty() { "汇总" } else { org.trim() };
    let names: Vec<String> = review.current().map(|u| u.agency.clone()).collect();
    let report = review.rollup.as_report(agency, level, review.year, &names);
    crate::io::save(out, &report).map_err(|e| e.to_string())?;
    Ok(RollupSaved::Written(names.len()))
}

/// Writes the review workbook (.xlsx) atomically; a workbook open in Excel or WPS is said so.
pub fn save_workbook(review: &Review, out: &Path) -> Result<(), String> {
    let bytes = workbook::write(review)?;
    write_result(out, &bytes)
}

/// Writes the review as a web page (.html) atomically.
pub fn save_html(review: &Review, out: &Path) -> Result<(), String> {
    write_result(out, html::write(review).as_bytes())
}

fn write_result(out: &Path, bytes: &[u8]) -> Result<(), String> {
    crate::io::write_atomic(out, bytes, false)
        .map_err(|e| format!("无法写入审核结果“{}”：{}", out.display(), crate::io::describe_io(&e)))
}

/// Where a finding is, in Chinese (表三“…”×“…”, 第一部分第2段, 标题).
pub fn place(report: &Report, f: &Finding) -> String {
    use model::Location as L;
    match f.location {
        L::Cell(c) => {
            let d = c.decl();
            format!("表{}“{}”×“{}”", d.table.numeral(), d.row_label, d.col_label).replace("“”×", "").replace("×“”", "")
        }
        L::Table(t) => format!("表{}", t.numeral()),
        L::Block(s, b) => {
            let n = report.sections.get(s).and_then(|x| model::standard::section_number(&x.heading)).unwrap_or(s + 1);
            format!("第{}部分第{}段", model::standard::NUMERALS.get(n - 1).copied().unwrap_or("?"), b + 1)
        }
        L::Section(s) => {
            let n = report.sections.get(s).and_then(|x| model::standard::section_number(&x.heading)).unwrap_or(s + 1);
            format!("第{}部分", model::standard::NUMERALS.get(n - 1).copied().unwrap_or("?"))
        }
        L::Preamble(p) => format!("前言第{}段", p + 1),
        L::Title => "标题".into(),
        L::DocNumber => "文号".into(),
        L::Signer => "落款".into(),
        L::Date => "成文日期".into(),
        L::Report => "全文".into(),
    }
}
