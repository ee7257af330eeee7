//! The import corpus: the example and reports with a non-zero number in every cell, written the
//! ways last year's report reaches a clerk, imported back and compared cell by cell with the
//! truth. Every cell must be right or left blank with a reason; none may be wrong.
//!
//! Run with `--nocapture` to see the table of cells right / wrong / left blank per source kind
//! (the README quotes it).

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use common::corpus::{
    Mess, Tally, gbk_page, is_placeholder_form, mht, nonzero_report, portal_page, tally, word_blocks,
};
use common::docx::docx;
use common::{TempDir, example};
use nianbao::export::{ExportOptions, FontPolicy, export};
use nianbao::import::{Imported, find_soffice, import_bytes};
use nianbao::model::tables::cells;
use nianbao::model::{Report, Severity};

/// One input of the corpus.
struct Source {
    kind: &'static str,
    report: &'static str,
    ext: &'static str,
    bytes: Vec<u8>,
    truth: Report,
    /// Cells written as “—”, “/” or “无”: expected blank.
    placeholders: usize,
    /// Whether the whole report must come back unchanged (a clean source).
    exact: bool,
}

fn placeholders(r: &Report) -> usize {
    cells().iter().filter(|c| is_placeholder_form(c.id, r)).count()
}

fn pdf(r: &Report, draft: bool) -> Vec<u8> {
    let opts = ExportOptions { fonts: FontPolicy::BundledOnly, created: Some(1_735_776_000), draft, force: true };
    export(r, None, opts).unwrap_or_else(|e| panic!("export: {e}")).bytes
}

fn import(s: &Source) -> Imported {
    import_bytes(&s.bytes, s.ext).unwrap_or_else(|e| panic!("{} {}: {e}", s.kind, s.report))
}

/// LibreOffice's conversions of Word files (to `pdf` or `doc`), with the 公文 font names mapped
/// to the bundled Fandol fonts as `shared/tools/docx-look.sh` does; `None` when LibreOffice is
/// not installed.
fn libreoffice(files: &[(String, Vec<u8>)], to: &str, dir: &TempDir) -> Option<Vec<(String, Vec<u8>)>> {
    let soffice = find_soffice()?;
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts/fandol");
    let conf = dir.path("fonts.conf");
    let mut aliases = String::new();
    for (family, fandol) in [
        ("仿宋_GB2312", "FandolFang"),
        ("仿宋", "FandolFang"),
        ("FangSong", "FandolFang"),
        ("宋体", "FandolSong"),
        ("SimSun", "FandolSong"),
        ("方正小标宋简体", "FandolSong"),
        ("楷体_GB2312", "FandolKai"),
        ("楷体", "FandolKai"),
        ("黑体", "FandolHei"),
    ] {
        aliases.push_str(&format!(
            "<alias binding=\"strong\"><family>{family}</family><prefer><family>{fandol}</family></prefer></alias>"
        ));
    }
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?><!DOCTYPE fontconfig SYSTEM \"fonts.dtd\"><fontconfig>\
             <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include><dir>{}</dir><cachedir>{}</cachedir>{aliases}</fontconfig>",
            fonts.display(),
            dir.path("fc-cache").display()
        ),
    )
    .expect("fonts.conf");
    let out = dir.path(&format!("out-{to}"));
    std::fs::create_dir_all(&out).expect("out dir");
    let mut inputs = Vec::new();
    for (name, bytes) in files {
        let p = dir.path(&format!("{name}.docx"));
        std::fs::write(&p, bytes).expect("write docx");
        inputs.push(p);
    }
    let status = Command::new(&soffice)
        .env("FONTCONFIG_FILE", &conf)
        .arg(format!("-env:UserInstallation=file://{}", dir.path(&format!("profile-{to}")).display()))
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(&out)
        .args(&inputs)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run soffice");
    assert!(status.success(), "soffice --convert-to {to} failed");
    Some(
        files
            .iter()
            .map(|(name, _)| {
                let p = out.join(format!("{name}.{to}"));
                (name.clone(), std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
            })
            .collect(),
    )
}

#[test]
fn corpus_every_cell_right_or_blank_never_wrong() {
    let reports: Vec<(&'static str, Report)> =
        vec![("金砂镇2024", example()), ("非零甲", nonzero_report(1)), ("非零乙", nonzero_report(2))];
    let retyped = Mess::ALL;
    let portal_mess = Mess { typos: true, cell_forms: true, chinese_date: true, ..Mess::default() };
    let mut sources = Vec::new();
    for (name, r) in &reports {
        let mut add = |kind, ext, bytes, placeholders, exact| {
            sources.push(Source { kind, report: name, ext, bytes, truth: r.clone(), placeholders, exact });
        };
        add("Word .docx", "docx", docx(&word_blocks(r, Mess::default())), 0, true);
        add("Word .docx 重新录入", "docx", docx(&word_blocks(r, retyped)), placeholders(r), false);
        add("网页 UTF-8", "html", portal_page(r, "utf-8", Mess::default()).into_bytes(), 0, true);
        add("网页 GBK 重新录入", "htm", gbk_page(r, portal_mess), placeholders(r), false);
        add("网页 .mht（GBK）", "mht", mht(r, Mess::default()), 0, true);
        add("PDF nianbao", "pdf", pdf(r, false), 0, true);
        add("PDF nianbao 草稿", "pdf", pdf(r, true), 0, true);
    }
    let dir = TempDir::new("corpus");
    let words: Vec<(String, Vec<u8>)> =
        reports.iter().enumerate().map(|(i, (_, r))| (format!("r{i}"), docx(&word_blocks(r, retyped)))).collect();
    match (libreoffice(&words, "pdf", &dir), libreoffice(&words, "doc", &dir)) {
        (Some(pdfs), Some(docs)) => {
            for (i, (name, r)) in reports.iter().enumerate() {
                for (kind, ext, converted) in
                    [("PDF LibreOffice", "pdf", &pdfs), ("Word .doc LibreOffice", "doc", &docs)]
                {
                    sources.push(Source {
                        kind,
                        report: name,
                        ext,
                        bytes: converted[i].1.clone(),
                        truth: r.clone(),
                        placeholders: placeholders(r),
                        exact: false,
                    });
                }
            }
        }
        _ => eprintln!("LibreOffice 未安装：跳过 LibreOffice 转换的 PDF 和 .doc（scripts/test.sh 会安装它）"),
    }

    // NIANBAO_CORPUS_DIR=folder keeps the inputs, to look at them.
    if let Some(keep) = std::env::var_os("NIANBAO_CORPUS_DIR") {
        let keep = Path::new(&keep);
        std::fs::create_dir_all(keep).expect("corpus dir");
        for (i, s) in sources.iter().enumerate() {
            std::fs::write(keep.join(format!("{i:02}-{}-{}.{}", s.report, s.kind.replace(' ', "_"), s.ext)), &s.bytes)
                .expect("write corpus file");
        }
        for (name, bytes) in &words {
            std::fs::write(keep.join(format!("{name}-retyped.docx")), bytes).expect("write docx");
        }
    }
    let mut by_kind: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut failures = Vec::new();
    for s in &sources {
        let imported = import(s);
        let (t, wrong) = tally(&s.truth, &imported.report);
        *by_kind.entry(s.kind).or_default() += t;
        if t.wrong > 0 {
            failures.push(format!("{} {}: wrong cells {wrong:?}", s.kind, s.report));
        }
        if t.blank != s.placeholders {
            failures.push(format!(
                "{} {}: {} cells blank, expected {} (the “—”/“/”/“无” cells)\n{}",
                s.kind,
                s.report,
                t.blank,
                s.placeholders,
                imported.summary()
            ));
        }
        if s.exact && imported.report != s.truth {
            let mut diff = String::new();
            let (a, b) = (&imported.report, &s.truth);
            for (field, x, y) in [
                ("title", format!("{:?}", a.title), format!("{:?}", b.title)),
                ("doc_number", format!("{:?}", a.doc_number), format!("{:?}", b.doc_number)),
                ("preamble", format!("{:?}", a.preamble), format!("{:?}", b.preamble)),
                ("contact", format!("{:?}", a.contact), format!("{:?}", b.contact)),
                ("sections", format!("{:?}", a.sections), format!("{:?}", b.sections)),
                ("signer/date", format!("{:?} {:?}", a.signer, a.date), format!("{:?} {:?}", b.signer, b.date)),
                ("level", format!("{:?}", a.level), format!("{:?}", b.level)),
            ] {
                if x != y {
                    diff.push_str(&format!("  {field}:\n    got  {x}\n    want {y}\n"));
                }
            }
            failures.push(format!("{} {}: not the same report\n{diff}", s.kind, s.report));
        }
        if !s.exact {
            // Every typo that was matched is reported as S11 with the standard text.
            let s11: Vec<_> = imported.structure.iter().filter(|f| f.rule == "S11").collect();
            if s.kind.contains("重新录入") && s11.is_empty() {
                failures.push(format!("{} {}: no S11 for the retyped labels", s.kind, s.report));
            }
            assert!(s11.iter().all(|f| f.severity == Severity::Warning));
        }
    }
    eprintln!("\n导入语料：每种来源的单元格（每份报告 200 个）");
    eprintln!("{:<28} {:>6} {:>6} {:>6}", "来源", "正确", "错误", "留空");
    let mut total = Tally::default();
    for (kind, t) in &by_kind {
        eprintln!("{kind:<28} {:>6} {:>6} {:>6}", t.right, t.wrong, t.blank);
        total += *t;
    }
    eprintln!("{:<28} {:>6} {:>6} {:>6}", "合计", total.right, total.wrong, total.blank);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(total.wrong, 0);
}
