//! Rules that read the prose: X01–X13, T2-05, T3-05, T3-06, Y04.
//!
//! Keyword rules look only at the paragraphs of section bodies, never at headings, the title
//! block or the tables (CHECKS.md §H), so that “五、存在的主要问题及改进情况” cannot satisfy
//! Y04 by itself. X09 also counts the sub-headings of section 一 (CONTRACT §3).

use super::{Finding, Location, Severity};
use crate::model::number::normalize_number_text;
use crate::model::report::{AgencyLevel, Date, Report};
use crate::model::standard::{FORMAT_NOTICE_NUMBER, OLD_NOTICE_TITLE};
use crate::model::tables::{CellId, t3, t4};

/// A piece of prose with where it is.
#[derive(Clone, Copy, Debug)]
pub struct Prose<'a> {
    /// Where it is.
    pub location: Location,
    /// The text.
    pub text: &'a str,
    /// Whether it is a heading or sub-heading.
    pub heading: bool,
    /// The standard section number (1…6) it belongs to; `None` for the preamble.
    pub section: Option<usize>,
}

/// The preamble paragraphs and every block of every section, in reading order.
pub fn prose(report: &Report) -> Vec<Prose<'_>> {
    let mut out = Vec::new();
    for (p, text) in report.preamble.iter().enumerate() {
        out.push(Prose { location: Location::Preamble(p), text, heading: false, section: None });
    }
    for (s, section) in report.sections.iter().enumerate() {
        let n = crate::model::standard::section_number(&section.heading);
        for (b, block) in section.blocks.iter().enumerate() {
            out.push(Prose {
                location: Location::Block(s, b),
                text: block.text(),
                heading: !block.is_paragraph(),
                section: n,
            });
        }
    }
    out
}

/// The body paragraphs of section `n` (1…6).
fn body<'a>(all: &'a [Prose<'a>], n: usize) -> impl Iterator<Item = Prose<'a>> + 'a {
    all.iter().copied().filter(move |p| p.section == Some(n) && !p.heading)
}

/// The body paragraphs of all sections.
fn bodies<'a>(all: &'a [Prose<'a>]) -> impl Iterator<Item = Prose<'a>> + 'a {
    all.iter().copied().filter(|p| p.section.is_some() && !p.heading)
}

/// Splits text into sentences (at 。！？；, line breaks).
pub fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split(['。', '！', '？', '；', ';', '\n', '!', '?']).filter(|s| !s.trim().is_empty())
}

/// A number written with digits (ASCII or full-width) or simple Chinese numerals at the start
/// of `s`: its value and its length in bytes.
pub fn leading_number(s: &str) -> Option<(u64, usize)> {
    let mut value: u64 = 0;
    let mut len = 0;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u64 - '0' as u64,
            '０'..='９' => c as u64 - '０' as u64,
            _ => break,
        };
        value = value.saturating_mul(10).saturating_add(d);
        len += c.len_utf8();
    }
    if len > 0 {
        return Some((value, len));
    }
    // Chinese numerals up to 99: 零 一 两 三 … 十 十二 二十 二十三.
    let digit =
        |c: char| "零一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u64).or((c == '两').then_some(2));
    let chars = s.char_indices().peekable();
    let mut tens: Option<u64> = None;
    let mut units: Option<u64> = None;
    let mut end = 0;
    for (i, c) in chars {
        if c == '十' && tens.is_none() {
            tens = Some(units.take().unwrap_or(1));
            end = i + c.len_utf8();
        } else if let Some(d) = digit(c) {
            if units.is_some() {
                break;
            }
            units = Some(d);
            end = i + c.len_utf8();
        } else {
            break;
        }
    }
    if tens.is_none() && units.is_none() {
        return None;
    }
    Some((tens.unwrap_or(0) * 10 + units.unwrap_or(0), end))
}

/// The text after the first occurrence of any of `keys`.
fn after_any<'a>(s: &'a str, keys: &[&str]) -> Option<&'a str> {
    keys.iter().filter_map(|k| s.find(k).map(|i| i + k.len())).min().map(|i| &s[i..])
}

fn contains_any(s: &str, keys: &[&str]) -> bool {
    keys.iter().any(|k| s.contains(k))
}

/// A short fragment of `text` starting at byte `start`, for messages.
fn fragment(text: &str, start: usize, max_chars: usize) -> String {
    text[start..].chars().take_while(|c| !matches!(c, '。' | '，' | '；' | '\n' | '、')).take(max_chars).collect()
}

pub(super) fn check(report: &Report, out: &mut Vec<Finding>) {
    let all = prose(report);
    years(report, &all, out);
    date(report, out);
    fee_statement(report, &all, out);
    requests(report, &all, out);
    reviews(report, &all, out);
    section5(report, &all, out);
    coverage(report, &all, out);
    citation(&all, out);
    typos(&all, out);
    title_typos(&report.title, out);
    normative_documents(report, &all, out);
    fee_notices(report, &all, out);
    carry_over(report, &all, out);
}

// X01, X02 ------------------------------------------------------------------------------------

/// Markers of a comparison with an earlier year (X01 allows earlier years there).
const COMPARISON: [&str; 14] =
    ["同比", "上年", "上一年", "去年", "较", "相比", "对比", "结转", "以来", "分别", "报告", "整改", "问题", "改进"];

/// The statistics period stated in a text: (start year, end year, byte offset of the phrase).
/// “自2024年1月1日起至2024年12月31日止”, “2024年01月01日至2024年12月31日”, and an end without its
/// year (“至12月31日止”, the start year then).
fn statistics_period(text: &str) -> Option<(Option<u16>, Option<u16>, usize)> {
    let start =
        ["统计期限", "统计时间", "统计期间", "统计时段", "统计区间"].iter().filter_map(|k| text.find(k)).min()?;
    let window: String = text[start..].chars().take(60).collect();
    let norm = normalize_number_text(&window)
        .replace("01月01日", "1月1日")
        .replace("年01月", "年1月")
        .replace("月01日", "月1日");
    let year_before = |marker: &str| -> Option<Option<u16>> {
        let i = norm.find(marker)?;
        let head = &norm[..i];
        let digits: String =
            head.chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
        Some(digits.parse().ok())
    };
    let from = year_before("年1月1日").flatten();
    let to = match year_before("年12月31日") {
        Some(y) => y,
        None => norm.contains("12月31日").then_some(from).flatten(),
    };
    Some((from, to, start))
}

fn years(report: &Report, all: &[Prose<'_>], out: &mut Vec<Finding>) {
    let y = report.year;
    let mut period_found = false;
    let mut seen = Vec::new();
    for p in all {
        let mut period_range = None;
        if let Some((from, to, at)) = statistics_period(p.text) {
            period_found |= from.is_some() && to.is_some();
            // An error only for a year that is stated and wrong.
            let wrong = |v: Option<u16>| v.is_some_and(|v| v != y);
            if wrong(from) || wrong(to) {
                let frag: String = p.text[at..].chars().take_while(|c| !matches!(c, '。' | '\n')).take(40).collect();
                out.push(Finding::new(
                    "X01",
                    Severity::Error,
                    p.location,
                    format!("报告年度为{y}年，但正文出现“{frag}”，疑似沿用往年模板。"),
                ));
                period_range = Some(at..at + frag.len());
            }
        }
        for sentence in sentences(p.text) {
            let offset = sentence.as_ptr() as usize - p.text.as_ptr() as usize;
            for (i, c) in sentence.char_indices() {
                if !(c.is_ascii_digit() || ('０'..='９').contains(&c)) {
                    continue;
                }
                let Some((v, len)) = leading_number(&sentence[i..]) else { continue };
                let prev = sentence[..i].chars().next_back();
                if prev.is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
                    continue;
                }
                let rest = &sentence[i + len..];
                if len < 4 || !(1990..=2099).contains(&v) || !rest.starts_with('年') {
                    continue;
                }
                let v = v as u16;
                if v == y || v == y + 1 {
                    continue;
                }
                let absolute = offset + i;
                if period_range.as_ref().is_some_and(|r| r.contains(&absolute)) {
                    continue;
                }
                let in_title = sentence[..i].matches('《').count() > sentence[..i].matches('》').count();
                let citation =
                    ["修订", "修正", "印发", "颁布", "第"].iter().any(|k| rest['年'.len_utf8()..].starts_with(k));
                if v < y && (contains_any(sentence, &COMPARISON) || in_title || citation) {
                    continue;
                }
                let frag = fragment(sentence, i, 16);
                if seen.contains(&frag) {
                    continue;
                }
                seen.push(frag.clone());
                out.push(Finding::new(
                    "X01",
                    Severity::Warning,
                    p.location,
                    format!("报告年度为{y}年，但正文出现“{frag}”，疑似沿用往年模板。"),
                ));
            }
        }
    }
    if !period_found {
        out.push(Finding::new(
            "X02",
            Severity::Warning,
            Location::Preamble(0),
            format!("请在报告开头写明数据统计期限：自{y}年1月1日起至{y}年12月31日止。"),
        ));
    }
}

// X03 -----------------------------------------------------------------------------------------

fn date(report: &Report, out: &mut Vec<Finding>) {
    let y = report.year;
    let (deadline, deadline_text) = if report.level == AgencyLevel::Government {
        (Date::new(y + 1, 3, 31), "3月31日")
    } else {
        (Date::new(y + 1, 1, 31), "1月31日")
    };
    let base = format!("按《政府信息公开条例》第四十九条，{y}年度报告应于{}年{deadline_text}前向社会公布", y + 1);
    match report.date {
        None => {
            out.push(Finding::new("X03", Severity::Warning, Location::Date, format!("{base}；当前未填写落款日期。")))
        }
        Some(d) => {
            let year_end = Date::new(y, 12, 31);
            if year_end.is_some_and(|e| d <= e) {
                out.push(Finding::new(
                    "X03",
                    Severity::Error,
                    Location::Date,
                    format!("{base}；当前落款日期为{d}，早于报告年度结束。"),
                ));
            } else if deadline.is_some_and(|dl| d > dl) {
                out.push(Finding::new(
                    "X03",
                    Severity::Warning,
                    Location::Date,
                    format!("{base}；当前落款日期为{d}。"),
                ));
            }
        }
    }
}

// X04 -----------------------------------------------------------------------------------------

fn fee_statement(report: &Report, all: &[Prose<'_>], out: &mut Vec<Finding>) {
    // No section 六 at all is S01's finding.
    let Some(i) = report.section_index(6) else { return };
    let text: String = body(all, 6).map(|p| p.text).collect();
    let stripped: String =
        text.chars().filter(|c| !c.is_whitespace() && !matches!(c, '。' | '.' | '：' | ':')).collect();
    let ok = !stripped.is_empty() && stripped != "无" && (text.contains("信息处理费") || text.contains("收费"));
    if !ok {
        out.push(Finding::new(
            "X04",
            Severity::Error,
            Location::Section(i),
            "第六部分未说明收取信息处理费情况。按国办格式应报告依据《政府信息公开信息处理费管理办法》收取信息处理费的情况（发出收费通知的件数和总金额、实际收取的总金额），没有也应写明“未收取”。".into(),
        ));
    }
}

// X05, X06 ------------------------------------------------------------------------------------

const RECEIVE: [&str; 5] = ["收到", "受理", "接收", "接到", "收悉"];
const NEGATION: [&str; 6] = ["没有", "尚未", "从未", "不曾", "未", "无"];

/// Splits a sentence into clauses (at ，；: a count and a denial may share a sentence).
pub fn clauses(sentence: &str) -> impl Iterator<Item = &str> {
    sentence.split(['，', ',', '；', ';', '：', ':']).filter(|c| !c.trim().is_empty())
}

/// The first count written as `N件` (or with another of `units`) in `s`, not a number of days
/// (“20个工作日”).
pub fn count_with(s: &str, units: &[char]) -> Option<u64> {
    for (i, _) in s.char_indices() {
        let Some((v, len)) = leading_number(&s[i..]) else { continue };
        let prev = s[..i].chars().next_back();
        if prev.is_some_and(|p| leading_number(p.encode_utf8(&mut [0; 4])).is_some()) {
            continue;
        }
        let rest = s[i + len..].trim_start();
        if rest.starts_with(units) && !rest[rest.chars().next().map_or(0, char::len_utf8)..].starts_with("工作日") {
            return Some(v);
        }
    }
    None
}

/// The first count of documents, requests or cases (`N件`, `N起`, `N宗`).
pub fn first_count(s: &str) -> Option<u64> {
    count_with(s, &['件', '起', '宗'])
}

/// Whether a clause says no requests were received: a negation right before the verb, and the
/// request as its object (“没有受理政府公开申请”, not “未收到申请人投诉”).
fn denies_requests(clause: &str) -> bool {
    if contains_any(clause, &["复议", "诉讼", "投诉", "举报"]) {
        return false;
    }
    if contains_any(
        clause,
        &["无政府信息公开申请", "没有政府信息公开申请", "无依申请公开", "申请数量为0", "申请数量为零"],
    ) {
        return true;
    }
    for verb in RECEIVE {
        for (i, _) in clause.match_indices(verb) {
            let negated = NEGATION.iter().any(|n| clause[..i].ends_with(n) || clause[..i].ends_with(&format!("{n}有")));
            let object = &clause[i + verb.len()..];
            let is_request = object.match_indices("申请").any(|(j, _)| !object[j + "申请".len()..].starts_with('人'));
            if negated && is_request {
                return true;
            }
        }
    }
    false
}

/// A stated number of requests received in a clause (“共收到政府信息公开申请12件”).
fn stated_requests(clause: &str) -> Option<u64> {
    if !clause.contains("申请") || contains_any(clause, &["复议", "诉讼", "结转", "投诉", "举报"]) {
        return None;
    }
    let at = RECEIVE.iter().filter_map(|v| clause.find(v).map(|i| i + v.len())).min()?;
    count_with(&clause[at..], &['件', '宗'])
}

fn requests(report: &Report, all: &[Prose<'_>], out: &mut Vec<Finding>) {
    let t = &report.tables;
    let (Some(r1), Some(r2)) = (t.t3(t3::R1, t3::TOTAL), t.t3(t3::R2, t3::TOTAL)) else { return };
    let cells = vec![CellId::t3(t3::R1, t3::TOTAL), CellId::t3(t3::R2, t3::TOTAL)];
    let contradiction =
        |sentence: &str| format!("正文表述“{}”与表三数据（本年新收{r1}件、上年结转{r2}件）相矛盾。", sentence.trim());
    for p in bodies(all) {
        for sentence in sentences(p.text) {
            let stated: Option<u64> = clauses(sentence).find_map(stated_requests);
            if let Some(n) = stated {
                if n > 0 && r1 + r2 == 0 {
                    out.push(
                        Finding::new("X06", Severity::Error, p.location, contradiction(sentence))
                            .with_cells(cells.clone()),
                    );
                } else if n != r1 && n != r1 + r2 {
                    out.push(
                        Finding::new(
                            "X05",
                            Severity::Warning,
                            p.location,
                            format!(
                                "正文称收到政府信息公开申请{n}件，表三本年新收为{r1}件（含上年结转为{}件），请核对口径。",
                                r1 + r2
                            ),
                        )
                        .with_cells(cells.clone()),
                    );
                }
                continue;
            }
            if clauses(sentence).any(denies_requests) && r1 + r2 > 0 {
                out.push(
                    Finding::new("X06", Severity::Error, p.location, contradiction(sentence)).with_cells(cells.clone()),
                );
            }
        }
    }
}

// X07 -----------------------------------------------------------------------------------------

const CASE_NEGATION: [&str; 10] =
    ["没有", "未发生", "未出现", "未被", "未收到", "未有", "无行政复议", "无行政诉讼", "无复议", "无诉讼"];
/// Words about the outcome of a case: “没有被纠错” does not deny that there were cases.
const OUTCOME: [&str; 6] = ["纠错", "纠正", "维持", "撤销", "败诉", "胜诉"];

fn reviews(report: &Report, all: &[Prose<'_>], out: &mut Vec<Finding>) {
    let t = &report.tables;
    let (Some(review), Some(direct), Some(after)) = (t.t4(0, t4::TOTAL), t.t4(1, t4::TOTAL), t.t4(2, t4::TOTAL)) else {
        return;
    };
    let lawsuits = direct + after;
    let review_cells = vec![CellId::t4(0, t4::TOTAL)];
    let lawsuit_cells = vec![CellId::t4(1, t4::TOTAL), CellId::t4(2, t4::TOTAL)];
    for p in bodies(all) {
        for sentence in sentences(p.text) {
            for clause in clauses(sentence) {
                let mentions_review = clause.contains("复议");
                let mentions_suit = clause.contains("诉讼") || clause.contains("起诉");
                if !mentions_review && !mentions_suit {
                    continue;
                }
                let review_n = after_any(clause, &["行政复议"]).and_then(first_count);
                let suit_n = after_any(clause, &["行政诉讼"]).and_then(first_count);
                if review_n.is_none()
                    && suit_n.is_none()
                    && contains_any(clause, &CASE_NEGATION)
                    && !contains_any(clause, &OUTCOME)
                {
                    let mut denied = 0;
                    let mut cells = Vec::new();
                    if mentions_review {
                        denied += review;
                        cells.extend(review_cells.iter().copied());
                    }
                    if mentions_suit {
                        denied += lawsuits;
                        cells.extend(lawsuit_cells.iter().copied());
                    }
                    if denied > 0 {
                        out.push(
                            Finding::new(
                                "X07",
                                Severity::Error,
                                p.location,
                                format!(
                                    "正文表述“{}”与表四数据（行政复议总计{review}件、行政诉讼总计{lawsuits}件）相矛盾。",
                                    sentence.trim()
                                ),
                            )
                            .with_cells(cells),
                        );
                    }
                    continue;
                }
                if let Some(n) = review_n
                    && n != review
                {
                    out.push(
                        Finding::new(
                            "X07",
                            Severity::Warning,
                            p.location,
                            format!("正文称行政复议{n}件，表四行政复议总计为{review}件，请核对。"),
                        )
                        .with_cells(review_cells.clone()),
                    );
                }
                if let Some(n) = suit_n
                    && n != lawsuits
                {
                    out.push(
                        Finding::new(
                            "X07",
                            Severity::Warning,
                            p.location,
                            format!(
                                "正文称行政诉讼{n}件，表四行政诉讼总计（直接起诉＋复议后起诉）为{lawsuits}件，请核对。"
                            ),
                        )
                        .with_cells(lawsuit_cells.clone()),
                    );
                }
            }
        }
    }
}

// X08, Y04 ------------------------------------------------------------------------------------

fn section5(report: &Report, all: &[Prose<'_>], out: &mut Vec<Finding>) {
    let Some(i) = report.section_index(5) else { return };
    section5_at(&body(all, 5).map(|p| p.text).collect::<Vec<_>>().join(""), Location::Section(i), out);
}

fn section5_at(text: &str, location: Location, out: &mut Vec<Finding>) {
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    let trimmed: String = text.chars().filter(|c| !c.is_whitespace() && !matches!(c, '。' | '.')).collect();
    if chars < 50 || trimmed == "无" {
        out.push(Finding::new(
            "X08",
            Severity::Warning,
            location,
            "第五部分“存在的主要问题及改进情况”内容过少，请具体写明问题和改进措施。".into(),
        ));
    }
    if !contains_any(text, &["上年", "上一年度", "整改", "改进情况"]) {
        out.push(Finding::new(
            "Y04",
            Severity::Info,
            location,
            "建议在第五部分说明上一年度报告所列问题的改进情况。".into(),
        ));
    }
}

// X09, X10 ------------------------------------------------------------------------------------

/// The five topics of section 一 and the words that show each is covered.
const SECTION1_TOPICS: [(&str, &[&str]); 5] = [
    ("主动公开", &["主动公开"]),
    ("依申请公开", &["依申请公开", "公开申请"]),
    ("政府信息管理", &["政府信息管理", "信息管理"]),
    ("政府信息公开平台建设", &["平台建设", "公开平台"]),
    ("监督保障", &["监督保障"]),
];

fn coverage(report: &Report, all: &[Prose<'_>], out: &mut Vec<Finding>) {
    let Some(s1) = report.section_index(1) else { return };
    // X09: body and sub-headings of section 一.
    let text: String = all.iter().filter(|p| p.section == Some(1)).map(|p| p.text).collect::<Vec<_>>().join("\n");
    let missing: Vec<&str> =
        SECTION1_TOPICS.iter().filter(|(_, words)| !contains_any(&text, words)).map(|(name, _)| *name).collect();
    if !missing.is_empty() {
        out.push(Finding::new(
            "X09",
            Severity::Warning,
            Location::Section(s1),
            format!(
                "第一部分建议包含“{}”方面的内容（国办格式：主动公开、依申请公开、政府信息管理、平台建设、监督保障）。",
                missing.join("、")
            ),
        ));
    }
    // X10: 人民政府 only; bodies of sections 一 and 五.
    if report.level.is_government() {
        let text: String = body(all, 1).chain(body(all, 5)).map(|p| p.text).collect::<Vec<_>>().join("\n");
        if !(text.contains("考核") && text.contains("评议") && text.contains("责任追究")) {
            out.push(Finding::new(
                "X10",
                Severity::Warning,
                Location::Section(s1),
                "人民政府年度报告应报告工作考核、社会评议和责任追究结果情况（《条例》第五十条），请在“监督保障”中补充。".into(),
            ));
        }
    }
}

// X11, X12, X13 -------------------------------------------------------------------------------

fn normalize_brackets(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '[' | '［' | '【' | '(' | '（' => '〔',
            ']' | '］' | '】' | ')' | '）' => '〕',
            c => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn citation(all: &[Prose<'_>], out: &mut Vec<Finding>) {
    let number = normalize_brackets(FORMAT_NOTICE_NUMBER);
    let number_short = number.trim_start_matches("国办公开办函").to_owned();
    for p in all.iter().filter(|p| !p.heading) {
        let text = normalize_brackets(&normalize_number_text(p.text));
        let wrong_title = text.contains(&number_short) && text.contains(OLD_NOTICE_TITLE);
        let old_number = text.contains("〔2019〕60号");
        if wrong_title || old_number {
            out.push(Finding::new(
                "X12",
                Severity::Warning,
                p.location,
                "国办公开办函〔2021〕30号的标题为《关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》，请更正引用。".into(),
            ));
        }
        if bodies_sentence_mixes_fees(p) {
            out.push(Finding::new(
                "X11",
                Severity::Info,
                p.location,
                "“行政事业性收费”（表二，万元）与“信息处理费”（第六部分）是不同事项，请勿混淆。".into(),
            ));
        }
    }
}

fn bodies_sentence_mixes_fees(p: &Prose<'_>) -> bool {
    p.section.is_some() && sentences(p.text).any(|s| s.contains("行政事业性收费") && s.contains("信息处理费"))
}

/// Typos in fixed phrases (X13): (wrong, right).
pub const TYPOS: [(&str, &str); 5] = [
    ("一下问题", "以下问题"),
    ("工作告年度报", "工作年度报告"),
    ("其他法律行政止公开", "其他法律行政法规禁止公开"),
    ("信息公开工作年度报年", "信息公开工作年度报告"),
    ("政府信息公条例", "政府信息公开条例"),
];

fn typos(all: &[Prose<'_>], out: &mut Vec<Finding>) {
    for p in all {
        for (wrong, right) in TYPOS {
            if p.text.contains(wrong) {
                out.push(Finding::new(
                    "X13",
                    Severity::Info,
                    p.location,
                    format!("疑似错别字：“{wrong}”，建议改为“{right}”。"),
                ));
            }
        }
    }
}

/// X13 over the title, which is not prose.
fn title_typos(title: &str, out: &mut Vec<Finding>) {
    for (wrong, right) in TYPOS {
        if title.contains(wrong) {
            out.push(Finding::new(
                "X13",
                Severity::Info,
                Location::Title,
                format!("疑似错别字：“{wrong}”，建议改为“{right}”。"),
            ));
        }
    }
}

// T2-05 ---------------------------------------------------------------------------------------

const MAKE: [&str; 5] = ["制定", "制发", "出台", "印发", "发布"];

fn normative_documents(report: &Report, all: &[Prose<'_>], out: &mut Vec<Finding>) {
    let Some(id) = CellId::t2("norm.made") else { return };
    let Some(y) = report.tables.get(id) else { return };
    for p in bodies(all) {
        for sentence in sentences(p.text) {
            if !sentence.contains("规范性文件") || !contains_any(sentence, &MAKE) {
                continue;
            }
            let stated = if let Some(after) = after_any(sentence, &["规范性文件"]).filter(|a| first_count(a).is_some())
            {
                first_count(after)
            } else if let Some(after) = after_any(sentence, &MAKE) {
                first_count(after)
            } else {
                None
            };
            let denied = MAKE.iter().any(|m| {
                sentence.match_indices(m).any(|(i, _)| {
                    let before: String = sentence[..i].chars().rev().take(3).collect();
                    before.contains('未') || before.contains("有没") || before.starts_with('无')
                })
            });
            let x = match (stated, denied) {
                (Some(n), _) => n,
                (None, true) => 0,
                (None, false) => continue,
            };
            if x != y {
                out.push(
                    Finding::new(
                        "T2-05",
                        Severity::Warning,
                        p.location,
                        format!("正文称本年制定行政规范性文件{x}件，表二为{y}件，请核对。"),
                    )
                    .with_cells(vec![id]),
                );
            }
        }
    }
}

// T3-05, T3-06 --------------------------------------------------------------------------------

fn fee_notices(report: &Report, all: &[Prose<'_>], out: &mut Vec<Finding>) {
    let id = CellId::t3(t3::R3_6_2, t3::TOTAL);
    let Some(n) = report.tables.get(id).filter(|n| *n > 0) else { return };
    let phrases = [
        "未发出收费通知",
        "无发出收费通知",
        "没有发出收费通知",
        "未发出过收费通知",
        "未发收费通知",
        "无收费",
        "未收费",
        "不收费",
    ];
    for p in body(all, 6) {
        if contains_any(p.text, &phrases) {
            out.push(
                Finding::new(
                    "T3-05",
                    Severity::Warning,
                    p.location,
                    format!("表三“申请人逾期未按收费通知要求缴纳费用”为{n}件，说明本年发出过收费通知，但第六部分写明未发出收费通知，请核实。"),
                )
                .with_cells(vec![id]),
            );
        }
    }
}

fn carry_over(report: &Report, all: &[Prose<'_>], out: &mut Vec<Finding>) {
    let id = CellId::t3(t3::R4, t3::TOTAL);
    let Some(n) = report.tables.get(id).filter(|n| *n > 0) else { return };
    for p in bodies(all) {
        if sentences(p.text).any(|s| super::narrative::settles_all(s, report.year)) {
            out.push(
                Finding::new(
                    "T3-06",
                    Severity::Warning,
                    p.location,
                    format!("表三结转下年度继续办理{n}件，与正文“均已办结”表述不一致。"),
                )
                .with_cells(vec![id]),
            );
        }
    }
}
