//! RON and serde error messages in Chinese.

use ron::error::Error;

use crate::model::number::excerpt;

/// How much of a value from the file a message quotes.
const QUOTE: usize = 24;

/// Whether a text is (mostly) ours: it has Chinese in it. English from a library is never shown.
fn is_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The Chinese name of a file field, for messages.
pub fn field_name(field: &str) -> String {
    let zh = match field {
        "format_version" => "格式版本",
        "agency" => "机关名称",
        "year" => "报告年度",
        "level" => "机关类型",
        "doc_number" => "文号",
        "title" => "标题",
        "preamble" => "前言",
        "contact" => "联系方式",
        "address" => "地址",
        "phone" => "电话",
        "postcode" => "邮编",
        "sections" => "正文各部分",
        "heading" => "部分标题",
        "blocks" => "段落",
        "table2" => "表二",
        "table3" => "表三",
        "table4" => "表四",
        "signer" => "落款机关",
        "date" => "落款日期",
        "previous" => "上年数据",
        _ => "",
    };
    let field = excerpt(field, QUOTE);
    if zh.is_empty() { format!("“{field}”") } else { format!("“{field}”（{zh}）") }
}

fn expected_zh(expected: &str) -> String {
    let e = expected.trim();
    let zh = match e {
        "a string" | "string" => "字符串（用英文双引号括起来）",
        "u8" | "u16" | "u32" | "u64" | "i64" | "i32" | "usize" => "非负整数",
        "a boolean" | "bool" => "true 或 false",
        "a sequence" => "列表 [ … ]",
        "option" | "an optional value" => "值或 None",
        _ if e.starts_with("struct ") => "结构 ( … )",
        _ if e.starts_with("enum ") => "取值之一",
        _ if e.starts_with("an array of length") || e.starts_with("a tuple of size") || e.contains("array") => {
            "固定个数的列表 ( … )"
        }
        _ if is_chinese(e) => return excerpt(e, 60),
        _ => "符合要求的值",
    };
    zh.to_owned()
}

fn found_zh(found: &str) -> String {
    let f = found.trim();
    if let Some(rest) = f.strip_prefix("the string ") {
        return format!("字符串 {}", excerpt(rest, QUOTE));
    }
    for (p, zh) in [
        ("the unsigned integer ", "整数 "),
        ("the signed integer ", "整数 "),
        ("the floating point number ", "小数 "),
        ("the boolean ", "布尔值 "),
        ("the UTF-8 character ", "字符 "),
    ] {
        if let Some(rest) = f.strip_prefix(p) {
            return format!("{zh}{}", excerpt(rest.trim_matches('`'), QUOTE));
        }
    }
    match f {
        "a sequence" => "列表".into(),
        "a map" => "映射 { … }".into(),
        "a unit value" => "空值 ()".into(),
        "an optional value" => "可选值".into(),
        _ if is_chinese(f) => excerpt(f, 60),
        _ => "其他内容".into(),
    }
}

/// A RON error as a Chinese sentence.
pub fn message(e: &Error) -> String {
    match e {
        Error::Message(m) => translate_message(m),
        Error::Eof => "文件意外结束：内容不完整（可能被截断），缺少结尾的括号".into(),
        Error::Io(_) => "读取文件时出错".into(),
        Error::ExpectedArray => "此处应为列表，以“[”开始".into(),
        Error::ExpectedArrayEnd => "列表未正确结束：缺少“]”或逗号".into(),
        Error::ExpectedAttribute | Error::ExpectedAttributeEnd => "文件开头的 #![enable(...)] 写法有误".into(),
        Error::ExpectedBoolean => "此处应为 true 或 false".into(),
        Error::ExpectedComma => "此处缺少逗号".into(),
        Error::ExpectedChar | Error::ExpectedByteLiteral => "此处应为字符".into(),
        Error::ExpectedFloat | Error::FloatUnderscore => "数字格式有误".into(),
        Error::ExpectedInteger => "此处应为整数".into(),
        Error::ExpectedOption => "此处应为数值或 None".into(),
        Error::ExpectedOptionEnd | Error::ExpectedStructLikeEnd => "缺少右括号“)”或逗号".into(),
        Error::ExpectedMap => "此处应为“{”".into(),
        Error::ExpectedMapColon => "此处缺少冒号“:”".into(),
        Error::ExpectedMapEnd => "缺少“}”".into(),
        Error::ExpectedStructLike | Error::ExpectedNamedStructLike(_) => "此处应为以“(”开始的结构".into(),
        Error::ExpectedDifferentStructName { found, .. } => {
            format!("此处的结构名“{}”不对：项目文件中的结构不写名字，直接以“(”开始", excerpt(found, QUOTE))
        }
        Error::ExpectedUnit => "此处应为 ()".into(),
        Error::ExpectedString | Error::ExpectedStringEnd => {
            "此处应为用英文双引号括起来的字符串，或字符串缺少结尾的引号".into()
        }
        Error::ExpectedByteString => "此处应为字节串".into(),
        Error::ExpectedIdentifier => "此处应为字段名".into(),
        Error::InvalidEscape(_) => {
            "字符串中的反斜杠“\\”用法有误：要写反斜杠本身，请写两个（\\\\）；要写引号，请写 \\\"".into()
        }
        Error::IntegerOutOfBounds => "数值超出允许范围（过大或为负数）".into(),
        Error::InvalidIntegerDigit { digit, .. } => format!("数字中出现非法字符“{digit}”"),
        Error::NoSuchExtension(x) => format!("未知的扩展“{}”", excerpt(x, QUOTE)),
        Error::UnclosedBlockComment => "注释“/* … */”没有结束".into(),
        Error::UnclosedLineComment => "注释没有结束".into(),
        Error::UnderscoreAtBeginning => "数字不能以下划线开头".into(),
        Error::UnexpectedChar(c) => format!("此处出现了意外的字符“{}”（U+{:04X}）", c.escape_debug(), *c as u32),
        Error::Utf8Error(_) => "文本不是有效的 UTF-8 编码".into(),
        Error::TrailingCharacters => "文件结尾之后还有多余的内容".into(),
        Error::InvalidValueForType { expected, found } => {
            format!("类型不符：应为{}，实际为{}", expected_zh(expected), found_zh(found))
        }
        Error::ExpectedDifferentLength { expected, found } => {
            let n: String = expected.chars().filter(char::is_ascii_digit).collect();
            if n.is_empty() {
                format!("个数不符：实际有{found}个")
            } else {
                format!("个数不符：应为{n}个，实际有{found}个")
            }
        }
        Error::NoSuchEnumVariant { expected, found, .. } => {
            format!("“{}”不是可用的取值，应为：{}", excerpt(found, QUOTE), expected.join("、"))
        }
        Error::NoSuchStructField { expected, found, .. } => {
            format!(
                "未知字段“{}”（可能拼写错误，或文件来自其他程序），可用字段：{}",
                excerpt(found, QUOTE),
                expected.join("、")
            )
        }
        Error::MissingStructField { field, .. } => format!("缺少字段{}", field_name(field)),
        Error::DuplicateStructField { field, .. } => format!("字段{}出现了两次", field_name(field)),
        Error::InvalidIdentifier(s) => format!("字段名“{}”无效", excerpt(s, QUOTE)),
        Error::SuggestRawIdentifier(s) => {
            format!("字段名“{}”写法有误：字段名只能由英文字母、数字和下划线组成", excerpt(s, QUOTE))
        }
        Error::ExpectedRawValue => "此处应为原始值".into(),
        Error::ExceededRecursionLimit => "括号嵌套层数过深，文件结构不正确".into(),
        Error::ExpectedStructName(_) => "此处应为以“(”开始的结构".into(),
        Error::ExpectedRangeSyntax => "范围写法有误".into(),
        Error::Fmt => "格式化错误".into(),
        _ => "文件格式错误：此处的写法无法识别".into(),
    }
}

/// Our own messages are already Chinese; serde's few English ones are translated.
fn translate_message(m: &str) -> String {
    if let Some(rest) = m.strip_prefix("invalid length ") {
        let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
        return format!("个数不符（实际有 {n} 个）");
    }
    if is_chinese(m) {
        // Ours: already quotes at most an excerpt; cut anyway.
        return excerpt(m, 300);
    }
    "此处的值不符合要求".into()
}
