//! Agency names as a county writes them, reduced to one key per unit.

/// The key of an agency name: the same unit under its usual variants gives the same key.
///
/// Spaces (half- and full-width) go; full-width brackets and letters become half-width, 〔〕【】
/// become (); 人民政府 is read as 政府 and 街道办事处 as 街道; ASCII letters are lower-cased.
/// A title that slipped into the name (“…2024年度政府信息公开工作年度报告”) is cut off.
pub fn unit_key(name: &str) -> String {
    let mut s: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' | '〔' | '【' | '[' | '［' => '(',
            '）' | '〕' | '】' | ']' | '］' => ')',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c.to_ascii_lowercase(),
        })
        .collect();
    if let Some(i) = s.find(crate::model::standard::TITLE_TAIL) {
        s.truncate(i);
        // “金砂镇人民政府2024年度” → “金砂镇人民政府”.
        let trimmed = s.trim_end_matches("年度").trim_end_matches(|c: char| c.is_ascii_digit());
        s = trimmed.to_owned();
    }
    s = s.replace("人民政府", "政府").replace("街道办事处", "街道");
    s
}

/// How wide a text shows in a spreadsheet column (a Chinese character counts two).
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| if (c as u32) < 0x1100 { 1 } else { 2 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_share_a_key() {
        let k = unit_key("金砂镇人民政府");
        assert_eq!(unit_key("金砂镇 政府"), k);
        assert_eq!(unit_key("　金砂镇人民政府 "), k);
        assert_eq!(unit_key("金砂镇人民政府2024年度政府信息公开工作年度报告"), k);
        assert_eq!(unit_key("永定区（本级）"), unit_key("永定区(本级)"));
        assert_eq!(unit_key("西溪街道办事处"), unit_key("西溪街道"));
        assert_ne!(unit_key("金砂镇人民政府"), unit_key("银砂镇人民政府"));
        assert_eq!(unit_key("ＡＢＣ局"), unit_key("abc局"));
    }

    #[test]
    fn widths() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("金砂镇"), 6);
    }
}
