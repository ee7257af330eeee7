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

/// Turns full-width digits and punctuation from an input method into ASCII, and drops
/// spaces (also the ideographic space and no-break space).
pub fn normalize_number_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            '－' | '−' | '﹣' => '-',
            '＋' => '+',
            '，' => ',',
            '／' => '/',
            c => c,
        };
        if c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' {
            continue;
        }
        out.push(c);
    }
    out
}

/// The placeholders that published reports use instead of 0.
fn is_placeholder(s: &str) -> bool {
    matches!(s, "/" | "-" | "--" | "—" | "——" | "–" | "无" | "空" | "null" | "N/A" | "n/a")
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

/// Parses a count cell. Empty text is `Ok(None)` (the cell is not filled in).
pub fn parse_count(text: &str) -> Result<Option<u32>, NumberError> {
    let s = normalize_number_text(text);
    if s.is_empty() {
        return Ok(None);
    }
    if is_placeholder(&s) {
        return Err(NumberError::Placeholder);
    }
    let s = strip_thousands(&s).ok_or(NumberError::NotCount)?;
    let s = s.strip_prefix('+').unwrap_or(&s);
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
    Ok(Some(v as u32))
}

/// Parses an amount in 万元. Empty text is `Ok(None)`.
pub fn parse_amount(text: &str) -> Result<Option<Amount>, NumberError> {
    let s = normalize_number_text(text);
    if s.is_empty() {
        return Ok(None);
    }
    if is_placeholder(&s) {
        return Err(NumberError::Placeholder);
    }
    let s = strip_thousands(&s).ok_or(NumberError::NotAmount)?;
    let s = s.strip_prefix('+').unwrap_or(&s);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    let int = if int.is_empty() && !frac.is_empty() { "0" } else { int };
    if int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || (s.contains('.') && frac.is_empty() && int.is_empty())
    {
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
    Ok(Some(Amount(v)))
}

/// Parses text for a cell of the given kind into its raw stored units (count, or
/// ten-thousandths of a 万元).
pub fn parse_value(kind: ValueKind, text: &str) -> Result<Option<u64>, NumberError> {
    match kind {
        ValueKind::Count => parse_count(text).map(|v| v.map(u64::from)),
        ValueKind::Amount => parse_amount(text).map(|v| v.map(Amount::ten_thousandths)),
    }
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
    fn amount_display() {
        assert_eq!(Amount::from_ten_thousandths(10_001).to_string(), "1.0001");
        assert_eq!(Amount::from_units(7).to_string(), "7");
    }
}
