//! File names that Windows accepts.
//!
//! A suggested save name is built from the agency's name (`金砂镇人民政府2024年政府信息公开工作年度报告.ron`),
//! and an agency name may contain characters that Windows forbids in file names (`\/:*?"<>|`,
//! as in “住房和城乡建设局/城市管理局”). [`safe_file_name`] replaces them with their full-width
//! forms, which read the same to a Chinese clerk and are allowed everywhere.

/// The longest file name suggested (characters; Windows allows 255 UTF-16 units per name).
pub const MAX_NAME_CHARS: usize = 120;

/// `name` (with its extension) made acceptable as a file name on Windows: forbidden characters
/// become full-width (`/` → `／`, `:` → `：`, `?` → `？` …), control characters and line breaks
/// are dropped, trailing dots and spaces (which Windows strips) are removed, reserved device names
/// (`CON`, `NUL`, `COM1` …) get a `_` in front, and a very long stem is shortened. An empty result
/// becomes `年报` with the extension.
pub fn safe_file_name(name: &str) -> String {
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 && name[i + 1..].chars().all(|c| c.is_ascii_alphanumeric()) => (&name[..i], &name[i..]),
        _ => (name, ""),
    };
    let mut clean: String = stem
        .chars()
        .filter_map(|c| match c {
            '\\' => Some('＼'),
            '/' => Some('／'),
            ':' => Some('：'),
            '*' => Some('＊'),
            '?' => Some('？'),
            '"' => Some('＂'),
            '<' => Some('＜'),
            '>' => Some('＞'),
            '|' => Some('｜'),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    clean = clean.trim().trim_end_matches(['.', ' ']).to_owned();
    if clean.chars().count() > MAX_NAME_CHARS {
        clean = clean.chars().take(MAX_NAME_CHARS).collect::<String>().trim_end_matches(['.', ' ']).to_owned();
    }
    if clean.is_empty() {
        clean = "年报".to_owned();
    }
    let device = clean.split('.').next().unwrap_or("").trim_end().to_ascii_uppercase();
    let reserved = matches!(device.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (device.len() == 4
            && (device.starts_with("COM") || device.starts_with("LPT"))
            && device.as_bytes()[3].is_ascii_digit());
    if reserved {
        clean.insert(0, '_');
    }
    format!("{clean}{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_become_full_width() {
        assert_eq!(
            safe_file_name("县住房和城乡建设局/城市管理局2024年政府信息公开工作年度报告.ron"),
            "县住房和城乡建设局／城市管理局2024年政府信息公开工作年度报告.ron"
        );
        assert_eq!(safe_file_name(r#"a\b:c*d?e"f<g>h|i.pdf"#), "a＼b：c＊d？e＂f＜g＞h｜i.pdf");
        for bad in ['\\', '/', ':', '*', '?', '"', '<', '>', '|'] {
            let name = safe_file_name(&format!("甲{bad}乙（草稿）.pdf"));
            assert!(!name.contains(bad), "{name}");
            assert!(name.ends_with("乙（草稿）.pdf"), "{name}");
        }
    }

    #[test]
    fn names_windows_would_refuse_or_change_are_repaired() {
        assert_eq!(safe_file_name("金砂镇\n人民政府.ron"), "金砂镇人民政府.ron");
        assert_eq!(safe_file_name("金砂镇. .ron"), "金砂镇.ron");
        assert_eq!(safe_file_name("  .ron"), "年报.ron");
        assert_eq!(safe_file_name("con.ron"), "_con.ron");
        assert_eq!(safe_file_name("LPT1.pdf"), "_LPT1.pdf");
        assert_eq!(safe_file_name("CONSOLE.pdf"), "CONSOLE.pdf");
        let long = format!("{}.ron", "政".repeat(300));
        let cut = safe_file_name(&long);
        assert_eq!(cut.chars().count(), MAX_NAME_CHARS + 4);
        assert!(cut.ends_with(".ron"));
        assert_eq!(
            safe_file_name("金砂镇人民政府2024年政府信息公开工作年度报告.ron"),
            "金砂镇人民政府2024年政府信息公开工作年度报告.ron"
        );
    }
}
