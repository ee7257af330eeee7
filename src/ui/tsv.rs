//! Blocks of cells copied from Excel or WPS: tab-separated fields, one row a line, with Excel's
//! quoting (a field with a tab, line break or quote is wrapped in "…", inner quotes doubled).

/// Splits clipboard text into rows of fields. A trailing line break (Excel always adds one)
/// does not make an empty last row.
pub fn parse(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut at_field_start = true;
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                at_field_start = false;
            }
            '\t' => {
                row.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                at_field_start = true;
            }
            c => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// Whether pasted text is a block (several cells) rather than a single value.
pub fn is_block(text: &str) -> bool {
    let t = text.trim_end_matches(['\r', '\n']);
    t.contains('\t') || t.contains('\n')
}

/// Cells as clipboard text for Excel.
pub fn format(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        let fields: Vec<String> = row
            .iter()
            .map(|f| if f.contains(['\t', '\n', '"']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f.clone() })
            .collect();
        out.push_str(&fields.join("\t"));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_blocks() {
        assert_eq!(parse("1\t2\t3\r\n4\t5\t6\r\n"), vec![vec!["1", "2", "3"], vec!["4", "5", "6"]]);
        assert_eq!(parse("1\t\t3"), vec![vec!["1", "", "3"]]);
        assert_eq!(parse("\"a\tb\"\t\"say \"\"hi\"\"\"\n"), vec![vec!["a\tb", "say \"hi\""]]);
        assert_eq!(parse("\"two\nlines\"\t2\n"), vec![vec!["two\nlines", "2"]]);
        assert_eq!(parse("７"), vec![vec!["７"]]);
        assert!(parse("").is_empty());
        assert!(is_block("1\t2"));
        assert!(is_block("1\n2\n"));
        assert!(!is_block("12\r\n"));
    }

    #[test]
    fn round_trip() {
        let rows = vec![vec!["1".to_owned(), "a\tb".to_owned()], vec!["x\"y".to_owned(), String::new()]];
        assert_eq!(parse(&format(&rows)), rows);
    }
}
