//! The reviewer's edits come back: a Word file exported by nianbao, edited as Word would edit
//! it (a number changed in a cell, a sentence changed, tracked insertions and deletions with the
//! reviewer's name, also inside a cell, a paragraph added and one removed as tracked changes,
//! comments on a paragraph and on a cell), read against the snapshot it carries, and applied to
//! the clerk's current report with conflicts reported. Also after LibreOffice has saved the edited
//! file again (a stand-in for Word rewriting the whole file).

mod common;

use std::io::{Read, Write};
use std::process::Command;

use common::returned::{
    REVIEWER, WHEN, comment_marks, del, edit_cell, edit_paragraph, exported as docx, ins, next_id, part, rewrite,
    tracked_replace, with_comments,
};
use common::samples::{lost_numeral, missing_section, nonzero};
use common::{TempDir, example};
use nianbao::import::review::{ReviewError, read_review};
use nianbao::model::edit::{BlockRef, Edit, Field, List};
use nianbao::model::review::{Change, Expected, Outcome, Review, RevisionKind, apply};
use nianbao::model::tables::t3;
use nianbao::model::{Block, CellId, Location, Report};

/// The example as a reviewer returns it: what Word writes for each kind of edit.
fn reviewed(exported: &Report) -> Vec<u8> {
    let bytes = docx(exported);
    let mut xml = part(&bytes, "word/document.xml");
    // A number changed directly in a cell of table 三.
    xml = edit_cell(&xml, CellId::t3(t3::R1, 0), |run| comment_marks("1", &run.replace(">0</w:t>", ">2</w:t>")));
    // A tracked change inside a cell of table 四.
    xml = edit_cell(&xml, CellId::t4(0, 0), |_| format!("{}{}", del("0"), ins("1")));
    // A sentence changed directly.
    xml = edit_paragraph(&xml, "主动公开政府信息7条", |p| p.replace("7条", "8条"));
    // A tracked correction of the typo, with a comment on the paragraph.
    xml = edit_paragraph(&xml, "还存在一下问题", |p| {
        let p = tracked_replace(p, "一下", "以下");
        let open = p.find("<w:r>").expect("a run");
        let close = p.rfind("</w:p>").expect("end");
        format!("{}{}</w:p>", &p[..open], comment_marks("2", &p[open..close]))
    });
    // A paragraph added as a tracked change after 三是…, and 二是… removed as one.
    xml = edit_paragraph(&xml, "三是队伍力量建设", |p| {
        format!(
            "{p}<w:p><w:pPr><w:pStyle w:val=\"BodyText\"/><w:rPr><w:ins w:id=\"{}\" w:author=\"{REVIEWER}\" w:date=\"{WHEN}\"/></w:rPr></w:pPr>{}</w:p>",
            next_id(),
            ins("四是信息公开培训不够深入。")
        )
    });
    xml = edit_paragraph(&xml, "二是部分公开信息分类不准确", |_| {
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"BodyText\"/><w:rPr><w:del w:id=\"{}\" w:author=\"{REVIEWER}\" w:date=\"{WHEN}\"/></w:rPr></w:pPr>{}</w:p>",
            next_id(),
            del("二是部分公开信息分类不准确，信息公开的流程还有待进一步规范。")
        )
    });
    with_comments(&bytes, xml, &[("1", "本年新收申请数请与登记台账核对。"), ("2", "错别字已改。")])
}

fn find<'a>(review: &'a Review, place: &str) -> &'a Change {
    review.changes.iter().find(|c| c.place == place).unwrap_or_else(|| {
        panic!("no change at {place}: {:#?}", review.changes.iter().map(|c| &c.place).collect::<Vec<_>>())
    })
}

/// What a reading of the reviewed example must find.
fn assert_finds_the_reviewers_edits(review: &Review, exported: &Report) {
    assert_eq!(&review.snapshot, exported, "compared with the report as exported");
    // The direct change in table 三.
    let c = find(review, "表三 一、本年新收政府信息公开申请数量 × 自然人");
    assert_eq!((c.old.as_str(), c.new.as_str()), ("0", "2"));
    assert_eq!(c.edits, Ok(vec![Edit::SetCell { cell: CellId::t3(t3::R1, 0), value: Some(2) }]));
    assert_eq!(c.expected, Expected::Cell(Some(0)));
    assert!(c.direct && c.revisions.is_empty());
    assert_eq!(c.origin(), "直接修改");
    // The tracked change in table 四.
    let c = review
        .changes
        .iter()
        .find(|c| c.location() == Some(Location::Cell(CellId::t4(0, 0))))
        .expect("the tracked change in table 四");
    assert!(c.place.starts_with("表四 行政复议"), "{}", c.place);
    assert_eq!(c.edits, Ok(vec![Edit::SetCell { cell: CellId::t4(0, 0), value: Some(1) }]));
    assert_eq!(c.expected, Expected::Cell(Some(0)));
    assert!(!c.direct, "only tracked");
    assert!(c.revisions.iter().any(|r| r.kind == RevisionKind::Inserted && r.author == REVIEWER && r.text == "1"));
    assert!(c.revisions.iter().any(|r| r.kind == RevisionKind::Deleted && r.text == "0"));
    // The direct sentence change in section 一 (一).
    let c = find(review, "第一部分（一）第1段");
    assert!(c.old.contains("7条") && c.new.contains("8条") && c.direct);
    assert_eq!(c.brief(), ("…公开政府信息7条，内容涵盖…".into(), "…公开政府信息8条，内容涵盖…".into()));
    assert!(matches!(c.edits.as_deref(), Ok([Edit::SetText { at, .. }]) if *at == BlockRef::new(List::Section(0), 2)));
    // The tracked correction in section 五 (一).
    let c = find(review, "第五部分（一）第1段");
    assert!(c.old.contains("一下问题") && c.new.contains("以下问题"), "{c:?}");
    assert!(!c.direct);
    assert_eq!(c.origin(), format!("修订：{REVIEWER}（2026-01-05 09:30）"));
    // The tracked insertion after 三是… and the tracked deletion of 二是….
    let c = find(review, "第五部分（一）第4段之后（新增）");
    assert_eq!(c.new, "四是信息公开培训不够深入。");
    assert!(!c.direct && c.revisions.iter().all(|r| r.author == REVIEWER));
    assert!(matches!(&c.expected, Expected::After(Some(a)) if a.starts_with("三是")));
    let added = Edit::Insert {
        at: BlockRef::new(List::Section(4), 5),
        block: Block::Paragraph("四是信息公开培训不够深入。".into()),
    };
    assert_eq!(c.edits, Ok(vec![added]));
    let c = find(review, "第五部分（一）第3段");
    assert_eq!(c.edits, Ok(vec![Edit::Delete(BlockRef::new(List::Section(4), 3))]));
    assert!(matches!(&c.expected, Expected::Text(old) if old.starts_with("二是部分公开信息")), "{c:?}");
    assert!(!c.direct && c.revisions.iter().any(|r| r.kind == RevisionKind::Deleted));
    assert_eq!(review.changes.len(), 6, "nothing else: {:#?}", review.changes);
    // The comments, anchored to their cell and paragraph.
    assert_eq!(review.comments.len(), 2);
    let on_cell = &review.comments[0];
    assert_eq!(on_cell.text, "本年新收申请数请与登记台账核对。");
    assert_eq!(on_cell.author, REVIEWER);
    assert_eq!(on_cell.place, "表三 一、本年新收政府信息公开申请数量 × 自然人");
    assert_eq!(on_cell.location, Some(Location::Cell(CellId::t3(t3::R1, 0))));
    assert_eq!(on_cell.quoted, "2");
    let on_para = &review.comments[1];
    assert_eq!(on_para.place, "第五部分（一）第1段");
    assert_eq!(on_para.location, Some(Location::Block(4, 1)));
    assert!(on_para.quoted.contains("以下问题"), "{}", on_para.quoted);
    assert!(review.notes.is_empty(), "{:?}", review.notes);
    let summary = review.summary();
    assert!(
        summary.contains("修改 表三 一、本年新收政府信息公开申请数量 × 自然人：“0” → “2”（直接修改）"),
        "{summary}"
    );
    assert!(
        summary.contains("修改 第五部分（一）第4段之后（新增）：新增“四是信息公开培训不够深入。”（修订："),
        "{summary}"
    );
    assert!(
        summary.contains("批注 第五部分（一）第1段（县政务公开办 李审 2026-01-05 09:30）：错别字已改。"),
        "{summary}"
    );
}

#[test]
fn the_reviewers_edits_tracked_changes_and_comments_are_found() {
    let exported = example();
    let review = read_review(&reviewed(&exported)).expect("reads");
    assert_finds_the_reviewers_edits(&review, &exported);
}

#[test]
fn an_unchanged_file_has_no_changes() {
    let r = example();
    let review = read_review(&docx(&r)).expect("reads");
    assert!(review.changes.is_empty(), "{:#?}", review.changes);
    assert!(review.comments.is_empty() && review.notes.is_empty());
}

#[test]
fn chosen_changes_apply_to_the_current_report_and_conflicts_are_reported() {
    let exported = example();
    let review = read_review(&reviewed(&exported)).expect("reads");
    // Since the export the clerk fixed the typo too, changed the cell the reviewer changed, and
    // inserted a paragraph at the start of section 五.
    let mut current = exported.clone();
    for b in &mut current.sections[4].blocks {
        *b.text_mut() = b.text().replace("一下问题", "以下问题");
    }
    current.tables.set(CellId::t3(t3::R1, 0), Some(1));
    current.sections[4].blocks.insert(0, Block::Paragraph("职员补充的段落。".into()));
    let before = current.clone();
    let chosen: Vec<&Change> = review.changes.iter().collect();
    let outcomes = apply(&mut current, &chosen);
    let outcome = |place: &str| {
        let i = review.changes.iter().position(|c| c.place == place).expect("change");
        (&outcomes[i], &review.changes[i])
    };
    let (o, c) = outcome("表三 一、本年新收政府信息公开申请数量 × 自然人");
    assert_eq!(o, &Outcome::Conflict { current: "1".into() });
    assert!(o.message(c).contains("未采纳"), "{}", o.message(c));
    assert_eq!(outcome("第五部分（一）第1段").0, &Outcome::AlreadyThere);
    assert_eq!(outcome("第一部分（一）第1段").0, &Outcome::Applied);
    assert_eq!(outcome("第五部分（一）第4段之后（新增）").0, &Outcome::Applied);
    assert_eq!(outcome("第五部分（一）第3段").0, &Outcome::Applied);
    assert_eq!(current.tables.get(CellId::t3(t3::R1, 0)), Some(1), "the clerk's value stays");
    assert_eq!(current.tables.get(CellId::t4(0, 0)), Some(1));
    assert!(current.sections[0].blocks[2].text().contains("8条"));
    let five: Vec<&str> = current.sections[4].blocks.iter().map(Block::text).collect();
    assert_eq!(five[0], "职员补充的段落。");
    assert!(five.iter().all(|t| !t.starts_with("二是部分公开信息")));
    let third = five.iter().position(|t| t.starts_with("三是")).expect("三是");
    assert_eq!(five[third + 1], "四是信息公开培训不够深入。");
    assert_eq!(five.len(), before.sections[4].blocks.len());
    // Only what was chosen: nothing else changed.
    let mut untouched = before.clone();
    untouched.sections = current.sections.clone();
    untouched.tables = current.tables.clone();
    assert_eq!(current, untouched);
}

/// LibreOffice opens each file and saves it again, rewriting the whole document (a stand-in for
/// Word on the reviewer's PC); one run for all of them.
fn resave_with_libreoffice(dir: &TempDir, files: &[(&str, Vec<u8>)]) -> Vec<Vec<u8>> {
    let src_dir = dir.path("in");
    let out_dir = dir.path("out");
    std::fs::create_dir_all(&src_dir).expect("dir");
    let mut args = Vec::new();
    for (name, bytes) in files {
        let src = src_dir.join(format!("{name}.docx"));
        std::fs::write(&src, bytes).expect("write");
        args.push(src);
    }
    let profile = format!("-env:UserInstallation=file://{}", dir.path("profile").display());
    let o = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir"])
        .arg(&out_dir)
        .args(&args)
        .output()
        .expect("LibreOffice (soffice) is needed for this test: scripts/test.sh installs it");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    files
        .iter()
        .map(|(name, _)| std::fs::read(out_dir.join(format!("{name}.docx"))).expect("LibreOffice wrote the file"))
        .collect()
}

#[test]
fn after_libreoffice_saved_the_files_again_the_edits_are_the_same_and_untouched_files_have_none() {
    let dir = TempDir::new("review-lo");
    let exported = example();
    let untouched =
        [("example", example()), ("nonzero", nonzero()), ("lost", lost_numeral()), ("missing", missing_section())];
    let mut files: Vec<(&str, Vec<u8>)> = vec![("reviewed", reviewed(&exported))];
    files.extend(untouched.iter().map(|(n, r)| (*n, docx(r))));
    let again = resave_with_libreoffice(&dir, &files);
    let review = read_review(&again[0]).expect("reads");
    assert_finds_the_reviewers_edits(&review, &exported);
    for ((name, r), bytes) in untouched.iter().zip(&again[1..]) {
        let review = read_review(bytes).expect("reads");
        assert_eq!(&review.snapshot, r);
        assert!(review.changes.is_empty(), "{name}: {:#?}", review.changes);
        assert!(review.comments.is_empty() && review.notes.is_empty(), "{name}: {:?}", review.notes);
    }
}

#[test]
fn a_word_file_without_the_snapshot_is_refused_with_a_reason() {
    assert!(matches!(read_review(b"not a zip"), Err(ReviewError::NotDocx(_))));
    let bytes = docx(&example());
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).expect("zip");
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        for i in 0..z.len() {
            let mut f = z.by_index(i).expect("entry");
            let name = f.name().to_owned();
            if name.starts_with("customXml/") {
                continue;
            }
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("read");
            w.start_file(name, zip::write::SimpleFileOptions::default()).expect("entry");
            w.write_all(&data).expect("write");
        }
        w.finish().expect("finish");
    }
    let err = read_review(&out.into_inner()).expect_err("no snapshot");
    assert!(matches!(err, ReviewError::NoSnapshot));
    assert!(err.to_string().contains("不是年报编辑器导出的"));
}

#[test]
fn title_block_fields_cells_that_are_not_numbers_and_new_contact_lines() {
    let mut exported = example();
    exported.contact.as_mut().expect("contact").phone.clear();
    let bytes = docx(&exported);
    let mut xml = part(&bytes, "word/document.xml");
    xml =
        edit_paragraph(&xml, "2024年政府信息公开工作年度报告", |p| p.replace("金砂镇", "金砂镇人民政府"));
    xml = edit_paragraph(&xml, "地址：", |p| format!("{p}<w:p><w:r><w:t>电话：0597-5771168</w:t></w:r></w:p>"));
    xml = edit_cell(&xml, CellId::t3(t3::R2, 0), |run| run.replace(">0</w:t>", ">两件</w:t>"));
    let date = exported.date.expect("a date").to_string();
    xml = edit_paragraph(&xml, &date, |p| p.replace(&date, "2025年2月30日"));
    let review = read_review(&rewrite(&bytes, &[("word/document.xml", xml)])).expect("reads");
    let c = find(&review, "标题");
    assert!(
        matches!(c.edits.as_deref(), Ok([Edit::SetField { field: Field::Title, text }]) if text.contains("金砂镇人民政府"))
    );
    let c = find(&review, "联系电话");
    assert_eq!(c.edits, Ok(vec![Edit::SetField { field: Field::Phone, text: "0597-5771168".into() }]));
    assert_eq!(c.expected, Expected::Text(String::new()));
    let c = find(&review, "表三 二、上年结转政府信息公开申请数量 × 自然人");
    assert!(matches!(&c.edits, Err(why) if why.contains("不是有效的数字")), "{c:?}");
    let d = find(&review, "落款日期");
    assert!(matches!(&d.edits, Err(why) if why.contains("不是有效的日期")), "{d:?}");
    let mut r = exported.clone();
    let out = apply(&mut r, &[c]);
    assert!(matches!(&out[0], Outcome::NotApplicable(_)));
    assert_eq!(r, exported);
}
