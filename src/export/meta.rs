//! What an exported Word file or web page carries besides its visible content.
//!
//! The printed report does not show everything the project file holds: the agency's level, last
//! year's tables (kept by `nianbao next` for the cross-year checks), the agency and year as
//! stored. So that importing an exported file gives back the same report, the writers embed a
//! small XML document: the level, and a snapshot of the whole report *as exported*, in the
//! project-file format (RON, versioned and migrated like any project file). The Word file keeps
//! it as a custom XML part (`customXml/item1.xml`, which Word and LibreOffice keep when they save
//! the file again); the web page keeps it, XML-escaped, in the `data-nianbao-metadata` attribute
//! of a hidden element (no script).
//!
//! The snapshot also lets the reviewer's edits be told apart from the clerk's: the returned file
//! is compared with the report as it was sent, not as it is now. When reading back, the visible
//! content always wins over the metadata.

use crate::model::{AgencyLevel, PreviousYear, Report};

/// The XML namespace of the metadata document.
pub const NAMESPACE: &str = "urn:nianbao:report-metadata:1";

/// The HTML attribute that carries the metadata.
pub const HTML_ATTRIBUTE: &str = "data-nianbao-metadata";

/// The metadata read back from an exported file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Metadata {
    /// The agency's level.
    pub level: AgencyLevel,
    /// The report as exported, when the snapshot could be read.
    pub snapshot: Option<Report>,
    /// Why the snapshot could not be read (a newer program wrote it, or it was damaged).
    pub snapshot_error: Option<String>,
}

impl Metadata {
    /// Last year's figures, from the snapshot.
    pub fn previous(&self) -> Option<&PreviousYear> {
        self.snapshot.as_ref().and_then(|s| s.previous.as_ref())
    }
}

/// Why the metadata could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MetaError {
    /// Not well-formed XML.
    #[error("文件中的年报编辑器元数据已损坏（{0}），已忽略")]
    Xml(String),
    /// Not ours.
    #[error("文件中的元数据不是年报编辑器写入的，已忽略")]
    Foreign,
}

/// Escapes text for XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

/// The metadata document of a report.
pub fn to_xml(report: &Report) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<nianbao xmlns=\"{NAMESPACE}\"><level>{}</level><snapshot format=\"ron\" version=\"{}\">{}</snapshot></nianbao>",
        report.level.key(),
        crate::io::CURRENT_VERSION,
        escape(&crate::io::to_ron(report)),
    )
}

/// The deepest element nesting of XML that nianbao parses with roxmltree, which parses nested
/// elements recursively (a file nested 100 000 deep would overflow the stack).
pub const XML_MAX_DEPTH: usize = 1_000;
/// The most attributes of one element (roxmltree checks duplicates in quadratic time).
pub const XML_MAX_ATTRIBUTES: usize = 256;

/// Why XML is refused before it is parsed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum XmlShapeError {
    /// Nested deeper than [`XML_MAX_DEPTH`].
    #[error("的结构嵌套超过 {XML_MAX_DEPTH} 层")]
    TooDeep,
    /// An element with more than [`XML_MAX_ATTRIBUTES`] attributes.
    #[error("中有元素的属性超过 {XML_MAX_ATTRIBUTES} 个")]
    TooManyAttributes,
    /// More than [`XML_MAX_MARKUP`] tags or attributes in all.
    #[error("的标记（元素或属性）超过 {XML_MAX_MARKUP} 个，远多于任何一份年度报告")]
    TooMuchMarkup,
}

/// The most `<` (and twice as many `=`) an XML document may hold: roxmltree reserves memory for
/// a node per `<` and an attribute per `=` before it parses (about 80 bytes each), so these
/// counts bound its memory. A report's `document.xml` has some tens of thousands.
pub const XML_MAX_MARKUP: usize = 500_000;

/// Checks, in one linear scan, that XML is safe to give roxmltree: no nesting deeper than
/// [`XML_MAX_DEPTH`], no element with more than [`XML_MAX_ATTRIBUTES`] attributes. Comments,
/// CDATA sections and processing instructions are skipped.
pub fn check_xml_shape(xml: &str) -> Result<(), XmlShapeError> {
    fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
        hay.windows(needle.len()).position(|w| w == needle)
    }
    let b = xml.as_bytes();
    if b.iter().filter(|&&c| c == b'<').count() > XML_MAX_MARKUP
        || b.iter().filter(|&&c| c == b'=').count() > 2 * XML_MAX_MARKUP
    {
        return Err(XmlShapeError::TooMuchMarkup);
    }
    let (mut i, mut depth) = (0, 0usize);
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let at = i + off;
        let rest = &b[at..];
        let skip_to = |end: &[u8]| find(rest, end).map_or(b.len(), |e| at + e + end.len());
        if rest.starts_with(b"<!--") {
            i = skip_to(b"-->");
        } else if rest.starts_with(b"<![CDATA[") {
            i = skip_to(b"]]>");
        } else if rest.starts_with(b"<?") {
            i = skip_to(b"?>");
        } else if rest.starts_with(b"<!") {
            i = skip_to(b">");
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            i = skip_to(b">");
        } else {
            // A start tag: to its '>' outside quoted values.
            let (mut j, mut quote, mut attrs) = (at + 1, 0u8, 0usize);
            while j < b.len() {
                let c = b[j];
                if quote != 0 {
                    if c == quote {
                        quote = 0;
                    }
                } else if c == b'"' || c == b'\'' {
                    quote = c;
                } else if c == b'=' {
                    attrs += 1;
                    if attrs > XML_MAX_ATTRIBUTES {
                        return Err(XmlShapeError::TooManyAttributes);
                    }
                } else if c == b'>' {
                    break;
                }
                j += 1;
            }
            if b.get(j.wrapping_sub(1)) != Some(&b'/') {
                depth += 1;
                if depth > XML_MAX_DEPTH {
                    return Err(XmlShapeError::TooDeep);
                }
            }
            i = j + 1;
        }
        if i >= b.len() {
            break;
        }
    }
    Ok(())
}

/// A zip error in words a clerk understands.
pub fn zip_error_zh(e: &zip::result::ZipError) -> String {
    use zip::result::ZipError as Z;
    match e {
        Z::FileNotFound => "缺少必需的部分".into(),
        Z::UnsupportedArchive(what) if what.contains("ompression") => {
            "文件使用了本程序不支持的压缩方式（可能由非 Word/WPS 的程序生成），请在 Word/WPS 中打开后另存为 .docx 再导入".into()
        }
        Z::UnsupportedArchive(what) if what.contains("ncrypt") || what.contains("assword") => {
            "文件已加密（设置了密码），请在 Word/WPS 中取消密码后再导入".into()
        }
        Z::UnsupportedArchive(_) => "文件使用了本程序不支持的压缩包格式".into(),
        Z::InvalidArchive(_) => "文件已损坏（不是完整的压缩包，可能下载或复制时被截断）".into(),
        Z::Io(io) => zip_io_zh(io),
        _ => "文件已损坏，无法读取".into(),
    }
}

/// An error while unpacking a zip entry (the zip crate reports a bad checksum or a broken
/// deflate stream as an I/O error with an English text).
pub fn zip_io_zh(e: &std::io::Error) -> String {
    let text = e.to_string();
    if text.contains("checksum") {
        "文件已损坏（校验和不符，可能下载或复制时出错）".into()
    } else if e.kind() == std::io::ErrorKind::InvalidData && text.contains("UTF-8") {
        "文件中的文字不是有效的 UTF-8 编码，文件可能已损坏".into()
    } else if matches!(
        e.kind(),
        std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput
    ) {
        "文件已损坏（压缩数据无法解开，可能下载或复制时被截断）".into()
    } else {
        crate::io::describe_io(e)
    }
}

/// An XML parse error in Chinese, with its line and column.
pub fn xml_error_zh(e: &roxmltree::Error) -> String {
    use roxmltree::Error as X;
    let pos = e.pos();
    let what = match e {
        X::NoRootNode | X::UnclosedRootNode => "没有完整的根元素（文件可能被截断）".to_owned(),
        X::NodesLimitReached => "内容过多（XML 节点超过上限）".to_owned(),
        X::AttributesLimitReached => "属性过多".to_owned(),
        X::EntityReferenceLoop(_) => "实体引用循环".to_owned(),
        X::DtdDetected => "含有 DTD 声明（Word 文档不使用），出于安全原因不予读取".to_owned(),
        X::DuplicatedAttribute(..) => "同一元素上有重复的属性".to_owned(),
        X::UnexpectedCloseTag(..) | X::UnexpectedEntityCloseTag(..) => "标记没有正确配对".to_owned(),
        X::UnknownEntityReference(..) => "使用了未知的实体引用".to_owned(),
        X::UnknownNamespace(..) => "使用了未声明的命名空间前缀".to_owned(),
        X::MalformedEntityReference(..) => "实体引用写法有误".to_owned(),
        X::InvalidChar(..) | X::NonXmlChar(..) => "含有 XML 中不允许的字符".to_owned(),
        X::UnexpectedEndOfStream => "内容意外结束（文件可能被截断）".to_owned(),
        _ => "XML 结构有误".to_owned(),
    };
    if matches!(e, X::NodesLimitReached | X::AttributesLimitReached | X::NoRootNode | X::DtdDetected) {
        return what;
    }
    format!("第 {} 行第 {} 列：{what}", pos.row, pos.col)
}

/// Why one part of a zip package could not be read ([`read_zip_part`]); each reader words it
/// in its own error.
#[derive(Debug, PartialEq, Eq)]
pub enum PartError {
    /// Larger than the limit unpacked: `stated` when the package says so, otherwise found while
    /// unpacking.
    TooLarge {
        /// Whether the size the package states was over the limit.
        stated: bool,
    },
    /// Damaged, encrypted, not unpackable: why, in Chinese.
    Unreadable(String),
    /// Not UTF-8 text.
    NotUtf8,
}

/// Reads one part of a zip package as text, at most `max` bytes unpacked (whatever size the
/// package states). `None` when the part is missing.
pub fn read_zip_part<R: std::io::Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    max: u64,
) -> Result<Option<String>, PartError> {
    use std::io::Read;
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(PartError::Unreadable(zip_error_zh(&e))),
    };
    if file.size() > max {
        return Err(PartError::TooLarge { stated: true });
    }
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes).map_err(|e| PartError::Unreadable(zip_io_zh(&e)))?;
    if bytes.len() as u64 > max {
        return Err(PartError::TooLarge { stated: false });
    }
    String::from_utf8(bytes).map(Some).map_err(|_| PartError::NotUtf8)
}

/// The most XML nodes of a metadata document (it has a handful; the snapshot is one text).
const META_MAX_NODES: u32 = 10_000;

/// Reads a metadata document.
pub fn from_xml(xml: &str) -> Result<Metadata, MetaError> {
    check_xml_shape(xml).map_err(|e| MetaError::Xml(format!("元数据{e}")))?;
    let opts = roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: META_MAX_NODES };
    let doc = roxmltree::Document::parse_with_options(xml, opts).map_err(|e| MetaError::Xml(xml_error_zh(&e)))?;
    let root = doc.root_element();
    if root.tag_name().name() != "nianbao" || root.tag_name().namespace() != Some(NAMESPACE) {
        return Err(MetaError::Foreign);
    }
    let child = |name: &str| root.children().find(|n| n.is_element() && n.tag_name().name() == name);
    let snapshot_text = child("snapshot").map(|n| n.text().unwrap_or(""));
    let (snapshot, snapshot_error) = match snapshot_text.map(crate::io::load_str) {
        Some(Ok(r)) => (Some(r), None),
        Some(Err(e)) => (None, Some(e.to_string())),
        None => (None, None),
    };
    let level = child("level")
        .and_then(|n| n.text())
        .and_then(|t| AgencyLevel::from_key(t.trim()))
        .or_else(|| snapshot.as_ref().map(|s| s.level))
        .unwrap_or_default();
    Ok(Metadata { level, snapshot, snapshot_error })
}

/// Whether an XML part is our metadata (by its namespace), without parsing it.
pub fn is_ours(xml: &str) -> bool {
    let mut end = xml.len().min(512);
    while !xml.is_char_boundary(end) {
        end -= 1;
    }
    xml[..end].contains(NAMESPACE)
}

/// The hidden element of a web page that carries the metadata.
pub fn html_element(report: &Report) -> String {
    format!("<div hidden id=\"nianbao-metadata\" {HTML_ATTRIBUTE}=\"{}\"></div>", escape(&to_xml(report)))
}

/// Decodes the character references of an attribute value (`&amp;`, `&#10;`, `&#x4e2d;`).
fn unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';')? + at;
        let entity = &rest[at + 1..end];
        let ch = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x").or_else(|| entity.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok()?
                } else {
                    entity.strip_prefix('#')?.parse().ok()?
                };
                char::from_u32(code)?
            }
        };
        out.push(ch);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// The metadata of a web page written by nianbao; `None` when the page has none.
pub fn from_html(html: &str) -> Option<Result<Metadata, MetaError>> {
    let key = format!("{HTML_ATTRIBUTE}=\"");
    let start = html.find(&key)? + key.len();
    let len = html[start..].find('"')?;
    let value = &html[start..start + len];
    Some(unescape(value).ok_or_else(|| MetaError::Xml("字符引用无效".into())).and_then(|xml| from_xml(&xml)))
}

/// The metadata of a Word file written by nianbao; `None` when the file has none.
pub fn from_docx(bytes: &[u8]) -> Option<Result<Metadata, MetaError>> {
    /// A snapshot is tens of KB; a part larger than this is not ours.
    const MAX_PART: u64 = 16 * 1024 * 1024;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let names: Vec<String> = zip
        .file_names()
        .filter(|n| n.starts_with("customXml/") && n.ends_with(".xml") && !n.contains("Props") && !n.contains("_rels"))
        .map(str::to_owned)
        .collect();
    for name in names {
        let Ok(Some(xml)) = read_zip_part(&mut zip, &name, MAX_PART) else { continue };
        if is_ours(&xml) {
            return Some(from_xml(&xml));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Report {
        let mut r = crate::model::standard::new_report("金砂镇人民政府", 2025, AgencyLevel::CountyDepartment);
        let mut last = r.as_previous();
        last.year = 2024;
        r.previous = Some(last);
        r.preamble.push("引号\"与<尖括号>&\n换行".into());
        r
    }

    #[test]
    fn xml_round_trip() {
        let r = report();
        let m = from_xml(&to_xml(&r)).expect("reads");
        assert_eq!(m.level, AgencyLevel::CountyDepartment);
        assert_eq!(m.snapshot_error, None);
        assert_eq!(m.snapshot.as_ref(), Some(&r));
        assert!(m.previous().is_some());
        assert!(is_ours(&to_xml(&r)));
    }

    #[test]
    fn html_round_trip() {
        let r = report();
        let page = format!("<html><body><p>x</p>{}</body></html>", html_element(&r));
        let m = from_html(&page).expect("found").expect("reads");
        assert_eq!(m.snapshot, Some(r));
        assert!(from_html("<html></html>").is_none());
        assert_eq!(unescape("&#x4e2d;&#25991;&amp;"), Some("中文&".into()));
    }

    #[test]
    fn deeply_nested_metadata_is_refused_without_overflowing_the_stack() {
        let deep =
            format!("<nianbao xmlns=\"{NAMESPACE}\">{}{}</nianbao>", "<a>".repeat(100_000), "</a>".repeat(100_000));
        assert!(matches!(from_xml(&deep), Err(MetaError::Xml(m)) if m.contains("嵌套")));
        let attrs: String = (0..300).map(|i| format!(" a{i}=\"x\"")).collect();
        assert_eq!(check_xml_shape(&format!("<a{attrs}/>")), Err(XmlShapeError::TooManyAttributes));
        assert_eq!(check_xml_shape("<a b=\"=\" c='>'><!-- <x> --><![CDATA[<y>]]><?p <z>?></a>"), Ok(()));
    }

    #[test]
    fn damaged_or_foreign_metadata_is_reported() {
        assert!(matches!(from_xml("<nianbao"), Err(MetaError::Xml(_))));
        assert_eq!(from_xml("<other xmlns=\"urn:x\"/>"), Err(MetaError::Foreign));
        let xml = format!("<nianbao xmlns=\"{NAMESPACE}\"><level>government</level><snapshot>(</snapshot></nianbao>");
        let m = from_xml(&xml).expect("the level is still read");
        assert_eq!(m.level, AgencyLevel::Government);
        assert!(m.snapshot.is_none() && m.snapshot_error.is_some());
    }
}
