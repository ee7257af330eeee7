//! Cell values: counts (件) and the 万元 amount, and how typed or pasted text becomes one.
//!
//! Counts are non-negative integers. The only amount in the report, table 二 行政事业性收费,
//! is an exact decimal in 万元 with at most four places, kept as an integer number of
//! ten-thousandths (never a float). Text from the keyboard, an input method or a spreadsheet
//! is normalised first (full-width digits and punctuation, thousands separators, spaces).

use std::fmt;

/// Largest count a cell accepts. Far above anything a real report holds, small enough that
/// sums of every cell of a table never overflow.
pub const MAX_COUNT: u64 = 9_999_999;

/// Largest amount (万元) a cell accepts, in ten-thousandths: 9 999 999 万元.
pub const MAX_AMOUNT: u64 = 9_999_999 * Amount::SCALE;

/// An exact non-negative amount in 万元 with up to four decimal places.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(u64);

impl Amount {
    /// Ten-thousandths per unit.
    pub const SCALE: u64 = 10_000;

    /// An amount from a number of ten-thousandths of a 万元.
    pub const fn from_ten_thousandths(v: u64) -> Self {
        Self(v)
    }

    /// A whole number of 万元.
    pub const fn from_units(v: u64) -> Self {
        Self(v * Self::SCALE)
    }

    /// The amount in ten-thousandths.
    pub const fn ten_thousandths(self) -> u64 {
        self.0
    }

    /// Whether the amount has no fractional part.
    pub const fn is_whole(self) -> bool {
        self.0.is_multiple_of(Self::SCALE)
    }

    /// The whole part.
    pub const fn units(self) -> u64 {
        self.0 / Self::SCALE
    }
}

impl fmt::Display for Amount {
    /// `0`, `12`, `12.5`, `0.0125`: no trailing zeros, no exponent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / Self::SCALE;
        let frac = self.0 % Self::SCALE;
        if frac == 0 {
            write!(f, "{whole}")
        } else {
            let digits = format!("{frac:04}");
            write!(f, "{whole}.{}", digits.trim_end_matches('0'))
        }
    }
}

/// What kind of number a cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// A count of documents, decisions, requests or cases (件).
    Count,
    /// An amount in 万元 with up to four decimals.
    Amount,
}

/// Why a piece of text is not a valid cell value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// Negative, fractional or not a number at all, in a count cell.
    NotCount,
    /// Negative, too many decimals or not a number, in the amount cell.
    NotAmount,
    /// A valid number that is larger than any report can hold.
    TooLarge,
    /// A dash, slash or 无: "nothing" must be written as 0.
    Placeholder,
}

/// Who wrote the text, which decides how much is read into it. One parser serves every use, so
/// that a value means the same in a project file, in the editor and in an imported table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseMode {
    /// Project files: plain ASCII decimal digits only (the amount: digits, optionally a point and
    /// one to four more digits). No sign, no separators, no spaces, no full-width digits: a file
    /// holds what nianbao wrote or what a person must fix.
    Strict,
    /// Typed or pasted in the editor: full-width digits and punctuation from an input method,
    /// surrounding spaces, well-formed thousands separators (`1,234`) and `.5` / `3.` are read.
    Editor,
    /// Cells of an imported document: as [`Self::Editor`], and also a unit after the number
    /// (`0件`, `12万元`) and a footnote mark (`3*`, `5①`). Every such reading carries a note.
    Import,
}

/// A value read from text: the raw stored units (`None`: blank) and, when the text was not a
/// plain number, how it was read (for the import report).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    /// The count, or the amount in ten-thousandths of a 万元; `None` for an empty cell.
    pub raw: Option<u64>,
    /// How the text was read when it was not a plain number (`“0件”读作 0`).
    pub note: Option<String>,
}

/// Turns full-width digits and punctuation from an input method into ASCII, and drops
/// spaces (also the ideographic space and no-break space).
pub fn normalize_number_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = fold_width(c);
        if is_space(c) {
            continue;
        }
        out.push(c);
    }
    out
}

fn fold_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' | '。' => '.',
        '－' | '−' | '﹣' => '-',
        '＋' => '+',
        '，' => ',',
        '／' => '/',
        c => c,
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' || c == '\u{feff}' || c == '\u{200b}'
}

/// The placeholders that published reports use instead of 0.
fn is_placeholder(s: &str) -> bool {
    matches!(s, "/" | "-" | "--" | "—" | "——" | "–" | "无" | "空" | "null" | "N/A" | "n/a" | "×" | "\\")
}

/// Whether `text` is one of the placeholders (`—`, `/`, `无` …) that reports write instead of 0.
pub fn is_placeholder_text(text: &str) -> bool {
    is_placeholder(&normalize_number_text(text))
}

/// Drops thousands separators: `1,234` and `1，234` (already normalised to `,`).
fn strip_thousands(s: &str) -> Option<String> {
    if !s.contains(',') {
        return Some(s.to_owned());
    }
    // Accept only well-formed groups: 1,234 or 12,345,678.
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let mut groups = int.split(',');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 {
        return None;
    }
    let mut out = first.to_owned();
    for g in groups {
        if g.len() != 3 {
            return None;
        }
        out.push_str(g);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

/// Units that follow a count in published tables.
const COUNT_UNITS: [&str; 6] = ["件次", "件", "个", "项", "次", "条"];

/// Footnote marks after a number: `3*`, `5①`, `7※`, `2注`.
fn strip_footnote(s: &str) -> Option<&str> {
    let trimmed = s.trim_end_matches(|c: char| matches!(c, '*' | '※' | '#' | '△' | '▲' | '①'..='⑳' | '⑴'..='⒇'));
    let trimmed = trimmed.strip_suffix('注').unwrap_or(trimmed);
    (trimmed.len() < s.len()).then_some(trimmed)
}

/// Reads the text of a cell of the given kind, as `mode` allows. Empty text (after trimming) is
/// `Ok` with no value: the cell is not filled in.
pub fn read_value(kind: ValueKind, text: &str, mode: ParseMode) -> Result<Reading, NumberError> {
    let bad = || match kind {
        ValueKind::Count => NumberError::NotCount,
        ValueKind::Amount => NumberError::NotAmount,
    };
    let outer = text.trim_matches(is_space);
    if outer.is_empty() {
        return Ok(Reading::default());
    }
    if mode == ParseMode::Strict {
        return digits_value(kind, outer, true).map(|raw| Reading { raw: Some(raw), note: None });
    }
    let folded: String = outer.chars().map(fold_width).collect();
    if is_placeholder(&folded) {
        return Err(NumberError::Placeholder);
    }
    let mut s = folded.as_str();
    let mut notes: Vec<&str> = Vec::new();
    if mode == ParseMode::Import {
        if let Some(rest) = strip_footnote(s) {
            s = rest.trim_end_matches(is_space);
            notes.push("去掉了数字后的注释符号");
        }
        match kind {
            ValueKind::Count => {
                if let Some(rest) = COUNT_UNITS.iter().find_map(|u| s.strip_suffix(u)) {
                    s = rest.trim_end_matches(is_space);
                    notes.push("去掉了单位");
                }
            }
            ValueKind::Amount => {
                if let Some(rest) = s.strip_suffix("万元") {
                    s = rest.trim_end_matches(is_space);
                    notes.push("去掉了单位“万元”");
                }
            }
        }
    }
    if s.contains(is_space) {
        return Err(bad());
    }
    let plain = strip_thousands(s).ok_or_else(bad)?;
    if plain.len() != s.len() {
        notes.push("去掉了千位分隔符");
    }
    if folded != outer {
        notes.push("全角数字或标点已转换");
    }
    let raw = digits_value(kind, &plain, false)?;
    let note = if mode == ParseMode::Import && !notes.is_empty() {
        Some(format!("“{}”读作 {}（{}）", excerpt(outer, 20), format_value(kind, raw), notes.join("，")))
    } else {
        None
    };
    Ok(Reading { raw: Some(raw), note })
}

/// Reads ASCII digits (and for the amount one point): the shared core of every mode. `strict`
/// refuses `.5` and `3.`.
fn digits_value(kind: ValueKind, s: &str, strict: bool) -> Result<u64, NumberError> {
    match kind {
        ValueKind::Count => {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(NumberError::NotCount);
            }
            let digits = s.trim_start_matches('0');
            if digits.len() > 10 {
                return Err(NumberError::TooLarge);
            }
            let v: u64 = if digits.is_empty() { 0 } else { digits.parse().map_err(|_| NumberError::TooLarge)? };
            if v > MAX_COUNT {
                return Err(NumberError::TooLarge);
            }
            Ok(v)
        }
        ValueKind::Amount => {
            let (int, frac, point) = match s.split_once('.') {
                Some((i, f)) => (i, f, true),
                None => (s, "", false),
            };
            let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
            if !digits(int) || !digits(frac) || (int.is_empty() && frac.is_empty()) {
                return Err(NumberError::NotAmount);
            }
            if strict && point && (int.is_empty() || frac.is_empty()) {
                return Err(NumberError::NotAmount);
            }
            let frac = frac.trim_end_matches('0');
            if frac.len() > 4 {
                return Err(NumberError::NotAmount);
            }
            let int = int.trim_start_matches('0');
            if int.len() > 8 {
                return Err(NumberError::TooLarge);
            }
            let whole: u64 = if int.is_empty() { 0 } else { int.parse().map_err(|_| NumberError::TooLarge)? };
            let mut frac_v: u64 = if frac.is_empty() { 0 } else { frac.parse().map_err(|_| NumberError::NotAmount)? };
            for _ in frac.len()..4 {
                frac_v *= 10;
            }
            let v = whole * Amount::SCALE + frac_v;
            if v > MAX_AMOUNT {
                return Err(NumberError::TooLarge);
            }
            Ok(v)
        }
    }
}

/// At most `max` characters of `text`, with “…” when cut: error messages quote a bad value, never
/// all of it.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// Parses a count cell as the editor reads it. Empty text is `Ok(None)`.
pub fn parse_count(text: &str) -> Result<Option<u32>, NumberError> {
    read_value(ValueKind::Count, text, ParseMode::Editor).map(|r| r.raw.map(|v| v as u32))
}

/// Parses an amount in 万元 as the editor reads it. Empty text is `Ok(None)`.
pub fn parse_amount(text: &str) -> Result<Option<Amount>, NumberError> {
    read_value(ValueKind::Amount, text, ParseMode::Editor).map(|r| r.raw.map(Amount))
}

/// Parses text for a cell of the given kind into its raw stored units (count, or
/// ten-thousandths of a 万元), as the editor reads it.
pub fn parse_value(kind: ValueKind, text: &str) -> Result<Option<u64>, NumberError> {
    read_value(kind, text, ParseMode::Editor).map(|r| r.raw)
}

/// Formats raw stored units of a cell of the given kind.
pub fn format_value(kind: ValueKind, raw: u64) -> String {
    match kind {
        ValueKind::Count => raw.to_string(),
        ValueKind::Amount => Amount(raw).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(parse_count("0"), Ok(Some(0)));
        assert_eq!(parse_count(" 12 "), Ok(Some(12)));
        assert_eq!(parse_count("１２"), Ok(Some(12)));
        assert_eq!(parse_count("1,234"), Ok(Some(1234)));
        assert_eq!(parse_count("1，234"), Ok(Some(1234)));
        assert_eq!(parse_count(""), Ok(None));
        assert_eq!(parse_count("\u{3000}"), Ok(None));
        assert_eq!(parse_count("-1"), Err(NumberError::NotCount));
        assert_eq!(parse_count("－1"), Err(NumberError::NotCount));
        assert_eq!(parse_count("1.5"), Err(NumberError::NotCount));
        assert_eq!(parse_count("abc"), Err(NumberError::NotCount));
        assert_eq!(parse_count("1,23"), Err(NumberError::NotCount));
        assert_eq!(parse_count("/"), Err(NumberError::Placeholder));
        assert_eq!(parse_count("无"), Err(NumberError::Placeholder));
        assert_eq!(parse_count("99999999999999999999"), Err(NumberError::TooLarge));
        assert_eq!(parse_count("10000000"), Err(NumberError::TooLarge));
        assert_eq!(parse_count("0000000000000000007"), Ok(Some(7)));
    }

    #[test]
    fn amounts() {
        let a = |s: &str| parse_amount(s).map(|v| v.map(|a| a.to_string()));
        assert_eq!(a("0"), Ok(Some("0".into())));
        assert_eq!(a("12.5"), Ok(Some("12.5".into())));
        assert_eq!(a("１２．５０"), Ok(Some("12.5".into())));
        assert_eq!(a("0.0125"), Ok(Some("0.0125".into())));
        assert_eq!(a(".5"), Ok(Some("0.5".into())));
        assert_eq!(a("3."), Ok(Some("3".into())));
        assert_eq!(a("1.23456"), Err(NumberError::NotAmount));
        assert_eq!(a("-3"), Err(NumberError::NotAmount));
        assert_eq!(a("1e3"), Err(NumberError::NotAmount));
        assert_eq!(a("."), Err(NumberError::NotAmount));
        assert_eq!(a("1.2.3"), Err(NumberError::NotAmount));
        assert_eq!(a(""), Ok(None));
        assert_eq!(parse_amount("12.5").ok().flatten().map(Amount::ten_thousandths), Some(125_000));
    }

    #[test]
    fn strict_mode_reads_plain_digits_only() {
        let c = |s: &str| read_value(ValueKind::Count, s, ParseMode::Strict).map(|r| r.raw);
        let a = |s: &str| read_value(ValueKind::Amount, s, ParseMode::Strict).map(|r| r.raw);
        assert_eq!(c("12"), Ok(Some(12)));
        assert_eq!(c(""), Ok(None));
        for bad in ["+1", "-0", "1_000", "0x10", "1,000", "１２", "1 2", "1.0"] {
            assert_eq!(c(bad), Err(NumberError::NotCount), "{bad}");
        }
        assert_eq!(a("12.5"), Ok(Some(125_000)));
        for bad in ["1,000", "12 .5", ".5", "3.", "+1", "１", "1e3"] {
            assert_eq!(a(bad), Err(NumberError::NotAmount), "{bad}");
        }
    }

    #[test]
    fn editor_mode_accepts_what_an_input_method_types() {
        let c = |s: &str| read_value(ValueKind::Count, s, ParseMode::Editor).map(|r| r.raw);
        assert_eq!(c("１，２３４"), Ok(Some(1234)));
        assert_eq!(c(" 7 "), Ok(Some(7)));
        for bad in ["+1", "-0", "1_000", "0x10", "1 2", "0件", "3*"] {
            assert!(c(bad).is_err(), "{bad}");
        }
        assert_eq!(read_value(ValueKind::Amount, "12 .5", ParseMode::Editor), Err(NumberError::NotAmount));
    }

    #[test]
    fn import_mode_reads_units_and_footnotes_with_a_note() {
        let r = |s: &str| read_value(ValueKind::Count, s, ParseMode::Import);
        for (text, v) in [("0件", 0), ("1,234", 1234), ("１２", 12), ("3*", 3), ("5①", 5), ("12 件", 12)] {
            let got = r(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert_eq!(got.raw, Some(v), "{text}");
            assert!(got.note.as_deref().is_some_and(|n| n.contains(text.trim())), "{text}: {:?}", got.note);
        }
        assert_eq!(r("12").map(|x| x.note), Ok(None));
        assert_eq!(r("—"), Err(NumberError::Placeholder));
        assert_eq!(r("无"), Err(NumberError::Placeholder));
        assert_eq!(r("若干"), Err(NumberError::NotCount));
        let a = read_value(ValueKind::Amount, "1.5万元", ParseMode::Import);
        assert_eq!(a.map(|x| x.raw), Ok(Some(15_000)));
    }

    #[test]
    fn excerpts_are_short() {
        assert_eq!(excerpt("abc", 5), "abc");
        assert_eq!(excerpt(&"数".repeat(100), 3), "数数数…");
    }

    #[test]
    fn amount_display() {
        assert_eq!(Amount::from_ten_thousandths(10_001).to_string(), "1.0001");
        assert_eq!(Amount::from_units(7).to_string(), "7");
    }
}
