//! Fuzz targets and a small mutation engine, shared by the driver (`examples/fuzz.rs`, run by
//! `scripts/fuzz.sh`) and the replay of the regression files (`tests/fuzz_regressions.rs`); and
//! the hand-made hostile inputs of issue 8 ([`hostile`]).
//!
//! Every target takes bytes and must return (with an error or not) without panicking, hanging
//! or allocating without bound. The mutator is deterministic: a seed and an iteration number
//! give the same input again.

use std::io::{Read, Write};

pub mod hostile;
pub mod varied;

/// What is fuzzed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The project-file loader.
    Ron,
    /// The Word importer.
    Docx,
    /// The plain-text importer.
    Txt,
    /// The web-page importer.
    Html,
    /// The PDF importer (its text layer and the metadata nianbao writes).
    Pdf,
    /// Loading a mutated project file and, when it loads, checking it and exporting it as a
    /// draft in every format.
    Export,
}

impl Target {
    /// Every target.
    pub const ALL: [Self; 6] = [Self::Ron, Self::Docx, Self::Txt, Self::Html, Self::Pdf, Self::Export];

    /// Its name on the command line and in regression file names.
    pub fn name(self) -> &'static str {
        match self {
            Self::Ron => "ron",
            Self::Docx => "docx",
            Self::Txt => "txt",
            Self::Html => "html",
            Self::Pdf => "pdf",
            Self::Export => "export",
        }
    }

    /// The extension of its inputs.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Ron | Self::Export => "ron",
            Self::Docx => "docx",
            Self::Txt => "txt",
            Self::Html => "html",
            Self::Pdf => "pdf",
        }
    }

    /// The target named `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The target of a regression file, from its name (`docx-…`, `export-…`).
    pub fn of_file(file_name: &str) -> Option<Self> {
        Self::from_name(file_name.split(['-', '.']).next()?)
    }

    /// Runs the target on one input and says whether it went all the way (loaded or imported;
    /// for `export`, loaded and exported in at least one format): how deep the mutants reach.
    /// Only a panic, a hang or a runaway allocation is a failure.
    pub fn run(self, bytes: &[u8]) -> bool {
        let import = |ext| crate::import::import_bytes(bytes, ext).map(|i| i.summary()).is_ok();
        match self {
            Self::Ron => match crate::io::load_bytes(bytes) {
                Ok(r) => {
                    let _ = crate::model::check(&r, None);
                    let _ = crate::io::to_ron(&r);
                    true
                }
                Err(_) => false,
            },
            Self::Docx => import("docx"),
            Self::Txt => import("txt"),
            Self::Html => import("html"),
            Self::Pdf => import("pdf"),
            Self::Export => {
                let Ok(r) = crate::io::load_bytes(bytes) else { return false };
                use crate::export::{ExportOptions, FontPolicy, Format, export_as};
                let opts = ExportOptions {
                    draft: true,
                    fonts: FontPolicy::BundledOnly,
                    created: Some(0),
                    ..Default::default()
                };
                let mut any = false;
                for format in [Format::Pdf, Format::Docx, Format::Html] {
                    any |= export_as(&r, None, format, opts).is_ok();
                }
                any
            }
        }
    }

    /// The well-formed inputs mutation starts from: the bundled example in the target's format.
    pub fn seeds(self) -> Vec<Vec<u8>> {
        let example = include_str!("../assets/examples/jinsha-2024.ron");
        let report = crate::io::load_str(example).ok();
        let exported = |format| {
            use crate::export::{ExportOptions, FontPolicy, export_as};
            let opts =
                ExportOptions { draft: true, fonts: FontPolicy::BundledOnly, created: Some(0), ..Default::default() };
            report.as_ref().and_then(|r| export_as(r, None, format, opts).ok()).map(|e| e.bytes)
        };
        match self {
            Self::Ron | Self::Export => vec![example.as_bytes().to_vec()],
            Self::Docx => exported(crate::export::Format::Docx).into_iter().collect(),
            Self::Html => exported(crate::export::Format::Html).into_iter().collect(),
            Self::Pdf => {
                // As written, and with its streams unpacked so that mutations reach the text.
                let pdf = exported(crate::export::Format::Pdf);
                let plain = pdf.as_ref().and_then(|b| {
                    let mut doc = lopdf::Document::load_mem(b).ok()?;
                    doc.decompress();
                    let mut out = Vec::new();
                    doc.save_to(&mut out).ok()?;
                    Some(out)
                });
                pdf.into_iter().chain(plain).collect()
            }
            Self::Txt => vec![include_bytes!("../tests/fixtures/seed-jinsha-2024.txt").to_vec()],
        }
    }
}

/// Tokens that mutations splice in: the syntax of each format, numbers people write, the
/// characters that break parsers.
const DICTIONARY: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "\\",
    "r#\"",
    "\"#",
    "//",
    "/*",
    "*/",
    "None",
    "Some(",
    "0x10",
    "1_000",
    "+1",
    "-0",
    "1e9",
    "99999999999999999999",
    "\"1,000\"",
    "\".5\"",
    "\u{0}",
    "\u{1}",
    "\t",
    "\u{b}",
    "\u{7f}",
    "\u{feff}",
    "\u{fffe}",
    "中",
    "<",
    ">",
    "</",
    "/>",
    "<w:p>",
    "</w:p>",
    "<w:tbl>",
    "</w:tbl>",
    "<w:tr>",
    "<w:tc>",
    "<w:t>",
    "</w:t>",
    "<w:sdt>",
    "&amp;",
    "&#0;",
    "&#x10FFFF;",
    "<!DOCTYPE a [<!ENTITY x \"y\">]>",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<table>",
    "<tr>",
    "<td colspan=\"9999\">",
    "<td rowspan=\"9999\">",
    "</td>",
    "[bookmark: x]",
    "\n",
    "\r\n",
    "一、",
    "（一）",
    "表三",
    "总计",
    "0件",
    "—",
    "PK\u{3}\u{4}",
];

/// A deterministic mutator (xorshift).
#[derive(Clone, Debug)]
pub struct Mutator {
    state: u64,
}

impl Mutator {
    /// A mutator from a seed.
    pub fn new(seed: u64) -> Self {
        Self { state: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1 }
    }

    fn next(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.state = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }

    /// A mutation of `input`: one to eight edits (flip, insert, delete, duplicate, splice a
    /// token, repeat a piece many times to grow nesting or size).
    pub fn mutate(&mut self, input: &[u8]) -> Vec<u8> {
        let mut v = input.to_vec();
        for _ in 0..1 + self.below(8) {
            let len = v.len();
            let at = self.below(len + 1);
            match self.below(9) {
                0 if len > 0 => {
                    let i = self.below(len);
                    v[i] ^= 1 << self.below(8);
                }
                1 if len > 0 => {
                    let i = self.below(len);
                    v[i] = self.next() as u8;
                }
                2 => {
                    let end = (at + 1 + self.below(64)).min(len);
                    v.drain(at.min(end)..end);
                }
                3 if len > 0 => {
                    let start = self.below(len);
                    let end = (start + 1 + self.below(256)).min(len);
                    let piece = v[start..end].to_vec();
                    let at = self.below(v.len() + 1);
                    v.splice(at..at, piece);
                }
                4 | 5 => {
                    let token = DICTIONARY[self.below(DICTIONARY.len())].as_bytes();
                    v.splice(at..at, token.iter().copied());
                }
                6 if len > 0 => {
                    // Repeat a short piece many times: deep nesting, long lines, many items.
                    let start = self.below(len);
                    let end = (start + 1 + self.below(24)).min(len);
                    let piece = v[start..end].to_vec();
                    let most = if self.below(4) == 0 { 20_000 } else { 200 };
                    let times = 1 + self.below(most);
                    let grown: Vec<u8> = piece.iter().copied().cycle().take(piece.len() * times).collect();
                    v.splice(end..end, grown);
                }
                7 => v.truncate(at),
                _ => {
                    // Replace a run of digits with another number.
                    if let Some(d) = v.iter().skip(at).position(u8::is_ascii_digit) {
                        let i = at + d;
                        let numbers: [&[u8]; 6] = [b"0", b"9999999", b"10000000", b"4294967296", b"-1", b"007"];
                        let n = numbers[self.below(numbers.len())];
                        v.splice(i..i + 1, n.iter().copied());
                    }
                }
            }
            if v.len() > 8 * 1024 * 1024 {
                v.truncate(8 * 1024 * 1024);
            }
        }
        v
    }

    /// A mutation of a project file that keeps it loadable most of the time: text spliced into
    /// its strings (tokens without quotes or backslashes, long repeats, line breaks, control
    /// characters), so that the checks and the export see strange content, not only the loader.
    pub fn mutate_strings(&mut self, input: &[u8]) -> Vec<u8> {
        let mut v = input.to_vec();
        for _ in 0..1 + self.below(2) {
            let at = self.below(v.len() + 1);
            // Just after the next opening quote of a string value (`("`, `: "`, `["`, `, "`).
            let Some(q) = v[at.min(v.len())..]
                .windows(2)
                .position(|w| matches!(w[0], b'(' | b' ' | b'[') && w[1] == b'"')
                .map(|p| at + p + 2)
            else {
                continue;
            };
            let token = loop {
                let t = DICTIONARY[self.below(DICTIONARY.len())];
                if !t.contains(['"', '\\']) {
                    break t;
                }
            };
            // Mostly within the load limits (20 000 characters a text), sometimes beyond.
            let piece: String = match self.below(5) {
                0 => token.repeat(1 + self.below(500)),
                1 => {
                    let most = if self.below(8) == 0 { 30_000 } else { 6_000 };
                    "很".repeat(1 + self.below(most))
                }
                2 => "\n".repeat(1 + self.below(300)),
                _ => token.to_owned(),
            };
            v.splice(q..q, piece.bytes());
        }
        v
    }

    /// A mutation of a Word file: most often of its `word/document.xml`, packed again (so the
    /// XML reader is reached), sometimes of the zip bytes themselves.
    pub fn mutate_docx(&mut self, docx: &[u8]) -> Vec<u8> {
        if self.below(4) == 0 {
            return self.mutate(docx);
        }
        let Some(parts) = unzip(docx) else { return self.mutate(docx) };
        let target = parts.iter().position(|(n, _)| n == "word/document.xml").unwrap_or(0);
        // Half the time the XML stays well-formed, so that the reader and the mapping see it.
        let well_formed = self.below(2) == 0;
        let parts: Vec<(String, Vec<u8>)> = parts
            .into_iter()
            .enumerate()
            .map(|(i, (n, b))| match (i == target, well_formed) {
                (true, true) => (n, self.mutate_word_xml(&b)),
                (true, false) => (n, self.mutate(&b)),
                (false, _) if self.below(10) == 0 => (n, self.mutate(&b)),
                (false, _) => (n, b),
            })
            .collect();
        zip_parts(&parts).unwrap_or_else(|| docx.to_vec())
    }

    /// A mutation of a Word `document.xml` that keeps it well-formed: text spliced into a
    /// `<w:t>` (without markup characters), or a paragraph or table row repeated.
    pub fn mutate_word_xml(&mut self, xml: &[u8]) -> Vec<u8> {
        let mut v = xml.to_vec();
        for _ in 0..1 + self.below(3) {
            let at = self.below(v.len() + 1);
            let find = |v: &[u8], from: usize, what: &[u8]| {
                v[from.min(v.len())..].windows(what.len()).position(|w| w == what).map(|p| from + p)
            };
            if self.below(2) == 0 {
                // Into the text of the next run.
                let Some(t) = find(&v, at, b"<w:t") else { continue };
                let Some(gt) = find(&v, t, b">") else { continue };
                if v.get(gt.wrapping_sub(1)) == Some(&b'/') {
                    continue;
                }
                let token = DICTIONARY[self.below(DICTIONARY.len())];
                let token: String = token.chars().filter(|c| !matches!(c, '<' | '>' | '&' | '"')).collect();
                let piece = match self.below(3) {
                    0 => token.repeat(1 + self.below(500)),
                    1 => "很".repeat(1 + self.below(6_000)),
                    _ => token,
                };
                v.splice(gt + 1..gt + 1, piece.bytes());
            } else {
                // Repeat the next paragraph or table row.
                let (open, close): (&[u8], &[u8]) =
                    if self.below(2) == 0 { (b"<w:p>", b"</w:p>") } else { (b"<w:tr>", b"</w:tr>") };
                let Some(start) = find(&v, at, open) else { continue };
                let Some(end) = find(&v, start, close).map(|e| e + close.len()) else { continue };
                let piece = v[start..end].to_vec();
                let most = if self.below(8) == 0 { 2_000 } else { 20 };
                let times = 1 + self.below(most);
                let grown: Vec<u8> = piece.iter().copied().cycle().take(piece.len() * times).collect();
                v.splice(end..end, grown);
            }
            if v.len() > 8 * 1024 * 1024 {
                v.truncate(8 * 1024 * 1024);
            }
        }
        v
    }
}

/// The entries of a zip (for mutation), or `None`.
pub fn unzip(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut out = Vec::new();
    for i in 0..z.len().min(64) {
        let mut f = z.by_index(i).ok()?;
        let mut b = Vec::new();
        f.by_ref().take(16 * 1024 * 1024).read_to_end(&mut b).ok()?;
        out.push((f.name().to_owned(), b));
    }
    Some(out)
}

/// A zip of `parts` (deflated).
pub fn zip_parts(parts: &[(String, Vec<u8>)]) -> Option<Vec<u8>> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_level(Some(1));
        for (name, bytes) in parts {
            z.start_file(name.as_str(), opts).ok()?;
            z.write_all(bytes).ok()?;
        }
        z.finish().ok()?;
    }
    Some(buf.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mutator_is_deterministic_and_targets_have_seeds() {
        let a = Mutator::new(7).mutate(b"(year: 2024)");
        let b = Mutator::new(7).mutate(b"(year: 2024)");
        assert_eq!(a, b);
        assert_eq!(Target::of_file("docx-00ab.docx"), Some(Target::Docx));
        assert_eq!(Target::of_file("export-1.ron"), Some(Target::Export));
        assert_eq!(Target::of_file("pdf-deep-nesting.pdf"), Some(Target::Pdf));
        // Every target has seeds (Word, web and PDF seeds are exports of the example: an export
        // that broke would silently leave those targets with nothing to mutate).
        for t in Target::ALL {
            assert!(!t.seeds().is_empty(), "{t:?}");
        }
    }
}
