//! RON and serde error messages in Chinese.

use ron::error::Error;

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
        _ => return e.to_owned(),
    };
    zh.to_owned()
}

fn found_zh(found: &str) -> String {
    let f = found.trim();
    if let Some(rest) = f.strip_prefix("the string ") {
        return format!("字符串 {rest}");
    }
    for (p, zh) in [
        ("the unsigned integer ", "整数 "),
        ("the signed integer ", "整数 "),
        ("the floating point number ", "小数 "),
        ("the boolean ", "布尔值 "),
        ("the UTF-8 character ", "字符 "),
    ] {
        if let Some(rest) = f.strip_prefix(p) {
            return format!("{zh}{}", rest.trim_matches('`'));
        }
    }
    match f {
        "a sequence" => "列表".into(),
        "a map" => "映射 { … }".into(),
        "a unit value" => "空值 ()".into(),
        "an optional value" => "可选值".into(),
        _ => f.to_owned(),
    }
}

/// A RON error as a Chinese sentence.
pub fn message(e: &Error) -> String {
    match e {
        Error::Message(m) => translate_message(m),
        Error::Eof => "文件意外结束：内容不完整（可能被截断），缺少结尾的括号".into(),
        Error::Io(s) => format!("读取错误：{s}"),
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
        Error::ExpectedDifferentStructName { expected, found } => format!("结构名应为“{expected}”，实际为“{found}”"),
        Error::ExpectedUnit => "此处应为 ()".into(),
        Error::ExpectedString | Error::ExpectedStringEnd => {
            "此处应为用英文双引号括起来的字符串，或字符串缺少结尾的引号".into()
        }
        Error::ExpectedByteString => "此处应为字节串".into(),
        Error::ExpectedIdentifier => "此处应为字段名".into(),
        Error::InvalidEscape(what) => format!("字符串中的转义符“\\”用法有误（{what}）"),
        Error::IntegerOutOfBounds => "数值超出允许范围（过大或为负数）".into(),
        Error::InvalidIntegerDigit { digit, .. } => format!("数字中出现非法字符“{digit}”"),
        Error::NoSuchExtension(x) => format!("未知的扩展“{x}”"),
        Error::UnclosedBlockComment => "注释“/* … */”没有结束".into(),
        Error::UnclosedLineComment => "注释没有结束".into(),
        Error::UnderscoreAtBeginning => "数字不能以下划线开头".into(),
        Error::UnexpectedChar(c) => format!("此处出现了意外的字符“{c}”"),
        Error::Utf8Error(_) => "文本不是有效的 UTF-8 编码".into(),
        Error::TrailingCharacters => "文件结尾之后还有多余的内容".into(),
        Error::InvalidValueForType { expected, found } => {
            format!("类型不符：应为{}，实际为{}", expected_zh(expected), found_zh(found))
        }
        Error::ExpectedDifferentLength { expected, found } => {
            format!(
                "个数不符：应为{}，实际有{found}个",
                expected.replace("an array of length ", "").replace("a tuple of size ", "")
            )
        }
        Error::NoSuchEnumVariant { expected, found, .. } => {
            format!("“{found}”不是可用的取值，应为：{}", expected.join("、"))
        }
        Error::NoSuchStructField { expected, found, .. } => {
            format!("未知字段“{found}”（可能拼写错误，或文件来自其他程序），可用字段：{}", expected.join("、"))
        }
        Error::MissingStructField { field, .. } => format!("缺少字段{}", field_name(field)),
        Error::DuplicateStructField { field, .. } => format!("字段{}出现了两次", field_name(field)),
        Error::InvalidIdentifier(s) => format!("字段名“{s}”无效"),
        Error::SuggestRawIdentifier(s) => format!("字段名“{s}”需要写成 r#{s}"),
        Error::ExpectedRawValue => "此处应为原始值".into(),
        Error::ExceededRecursionLimit => "括号嵌套层数过深，文件结构不正确".into(),
        Error::ExpectedStructName(s) => format!("缺少结构名“{s}”"),
        Error::ExpectedRangeSyntax => "范围写法有误".into(),
        Error::Fmt => "格式化错误".into(),
        other => format!("文件格式错误：{other}"),
    }
}

/// Our own messages are already Chinese; serde's few English ones are translated.
fn translate_message(m: &str) -> String {
    if let Some(rest) = m.strip_prefix("invalid length ") {
        return format!("个数不符（{rest}）");
    }
    m.to_owned()
}
