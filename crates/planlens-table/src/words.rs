//! The words tables use for their roles: total rows, header words, notes, 其中 rows
//! and units. Every function here takes cell text as written (full-width forms, inner
//! spaces) and folds it itself.

/// Folds full-width ASCII (`１２３`, `％`, `（`, `：`) to ASCII and the ideographic and
/// no-break spaces to a plain space.
pub(crate) fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{A0}' => ' ',
        _ => c,
    }
}

/// The text folded (see [`fold_char`]) and trimmed.
pub(crate) fn fold(s: &str) -> String {
    s.chars()
        .map(fold_char)
        .collect::<String>()
        .trim()
        .to_string()
}

/// The text folded with every whitespace character removed: `全  市` is `全市`. Area
/// ids and word comparisons use this form.
pub(crate) fn squeeze(s: &str) -> String {
    s.chars()
        .map(fold_char)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Whether a row label names the whole of the table's areas: 全市, 全省, 全区, 全县,
/// 全国, 合计, 总计, 全市合计 and the like.
pub(crate) fn is_total(label: &str) -> bool {
    let s = squeeze(label);
    let mut cs = s.chars();
    let whole = matches!(
        (cs.next(), cs.next(), cs.next()),
        (
            Some('全'),
            Some('市' | '省' | '区' | '县' | '国' | '州' | '盟' | '旗' | '镇' | '乡'),
            None
        )
    );
    whole || s.ends_with("合计") || s.ends_with("总计") || s == "总体"
}

/// What a header cell says about its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeaderWord {
    /// 地区, 区域, 单位: the column names areas.
    Area,
    /// 指标, 项目: the column names indicators.
    Indicator,
    /// 年份, 年度: the column holds years.
    Year,
    /// 数值, 目标值: the column holds the figures.
    Value,
    /// 计量单位: the column holds units.
    Unit,
    /// 序号, 备注: the column is not about figures.
    Ignore,
}

const AREA_WORDS: &[&str] = &[
    "地区",
    "区域",
    "单位",
    "区",
    "县",
    "市",
    "省",
    "各区",
    "各区(新区)",
    "区(新区)",
    "辖区",
    "行政区",
    "区县",
    "县区",
    "县(市、区)",
    "县(市,区)",
    "地市",
    "城市",
    "市州",
    "省份",
    "地区名称",
    "区域名称",
    "单位名称",
    "地方",
    "片区",
];
const INDICATOR_WORDS: &[&str] = &[
    "指标",
    "指标名称",
    "主要指标",
    "项目",
    "产业",
    "类别",
    "行业",
    "领域",
    "名称",
    "内容",
];
const YEAR_WORDS: &[&str] = &["年份", "年度", "年", "时间", "目标年", "目标年份"];
const VALUE_WORDS: &[&str] = &[
    "数值",
    "目标值",
    "目标",
    "值",
    "数量",
    "规划目标",
    "计划目标",
    "指标值",
    "目标数",
    "分解目标",
    "目标任务",
    "任务",
    "预期目标",
    "计划",
    "规划值",
];
const UNIT_WORDS: &[&str] = &["计量单位", "单位(计量)"];
const IGNORE_WORDS: &[&str] = &[
    "序号",
    "编号",
    "序",
    "排名",
    "备注",
    "说明",
    "责任单位",
    "牵头单位",
    "属性",
];

/// The role a header cell names, if it is one of the header words. A diagonal corner
/// (`地区\项目`, `项目/地区`) names the area role when one of its parts does.
pub(crate) fn header_word(label: &str) -> Option<HeaderWord> {
    let s = squeeze(label);
    let mut found = None;
    for part in s.split(['\\', '/', '|']) {
        let w = word(part);
        if w == Some(HeaderWord::Area) {
            return w;
        }
        found = found.or(w);
    }
    found
}

fn word(s: &str) -> Option<HeaderWord> {
    let lists: [(&[&str], HeaderWord); 6] = [
        (AREA_WORDS, HeaderWord::Area),
        (INDICATOR_WORDS, HeaderWord::Indicator),
        (YEAR_WORDS, HeaderWord::Year),
        (VALUE_WORDS, HeaderWord::Value),
        (UNIT_WORDS, HeaderWord::Unit),
        (IGNORE_WORDS, HeaderWord::Ignore),
    ];
    lists
        .iter()
        .find(|(words, _)| words.contains(&s))
        .map(|(_, w)| *w)
}

/// Whether a row (its first non-empty cell) is a note: 说明：…, 注：…, 备注, 资料来源.
pub(crate) fn is_note(text: &str) -> bool {
    let s = squeeze(text);
    [
        "说明",
        "注:",
        "注1",
        "注①",
        "注释",
        "备注",
        "资料来源",
        "数据来源",
        "来源:",
    ]
    .iter()
    .any(|w| s.starts_with(w))
        || s == "注"
}

/// The name of a 其中 row without its marker (`其中：西乡` → `西乡`), or `None` when the
/// label does not start with 其中.
pub(crate) fn nested(label: &str) -> Option<String> {
    let s = squeeze(label);
    let rest = s.strip_prefix("其中")?;
    Some(rest.trim_start_matches([':', ',', '、']).to_string())
}

/// Scale prefixes of units, longest first.
const SCALES: [&str; 8] = ["万亿", "千万", "百万", "亿", "万", "千", "百", "十"];

/// Base words of units (see docs/FORMAT.md, *Units*). A unit is an optional scale and
/// one of these, or two such units divided (`万元/人`).
const BASES: &[&str] = &[
    "%",
    "‰",
    "百分点",
    "个百分点",
    "千分点",
    "元",
    "美元",
    "港元",
    "欧元",
    "人",
    "人次",
    "人份",
    "名",
    "家",
    "个",
    "项",
    "件",
    "所",
    "只",
    "套",
    "辆",
    "台",
    "片",
    "份",
    "块",
    "层",
    "平方公里",
    "平方米",
    "平米",
    "公顷",
    "亩",
    "公里",
    "千米",
    "米",
    "吨标煤",
    "吨标准煤",
    "吨",
    "千瓦时",
    "度",
    "千瓦",
    "瓦",
    "千克",
    "公斤",
    "克",
    "立方米",
    "户",
    "座",
    "条",
    "处",
    "批",
    "种",
    "篇",
    "场",
    "次",
    "期",
    "位",
    "款",
    "张",
    "株",
    "倍",
    "床",
    "间",
    "栋",
    "套房",
    "标准箱",
    "标箱",
    "TEU",
    "PB",
    "TB",
    "GB",
    "kW",
    "KW",
    "MW",
    "GW",
    "kWh",
];

/// Whether `text` is a unit planlens knows: 亿元, 万人, %, 家, 万元/人.
pub(crate) fn is_unit(text: &str) -> bool {
    let s = squeeze(text);
    if s.is_empty() {
        return false;
    }
    s.split('/').all(simple_unit)
}

fn simple_unit(s: &str) -> bool {
    if BASES.contains(&s) {
        return true;
    }
    SCALES
        .iter()
        .filter_map(|p| s.strip_prefix(p))
        .any(|rest| !rest.is_empty() && simple_unit(rest))
}

/// The unit a text states with 单位 (`单位：亿元`, `（单位：万人）`, `计量单位:个`): the
/// words after the colon up to a closing bracket or punctuation. It may be an unknown
/// unit; the caller decides.
pub(crate) fn unit_statement(text: &str) -> Option<String> {
    let s = squeeze(text);
    // 单位 starts the text or a bracket or clause, or follows 计量; 责任单位 is no unit.
    let at = s.match_indices("单位").map(|(at, _)| at).find(|&at| {
        let before = s.get(..at).unwrap_or_default();
        before.is_empty()
            || before.ends_with(['(', '[', '【', ',', ';', '。', ':'])
            || before.ends_with("计量")
    })?;
    let rest = s.get(at + "单位".len()..)?;
    let rest = rest.strip_prefix([':', '为'])?;
    let unit: String = rest
        .chars()
        .take_while(|c| !matches!(c, ')' | ']' | '】' | ',' | ';' | '。' | '、'))
        .collect();
    (!unit.is_empty()).then_some(unit)
}

/// Splits a trailing bracketed unit off a header (`生物（亿元）` → `生物`, `亿元`).
/// Brackets holding anything but a known unit or a unit statement stay in the name
/// (`生物（含医药）`). The unit may be an unknown one when it is stated with 单位.
pub(crate) fn split_unit(label: &str) -> (String, Option<String>) {
    let s = fold(label);
    let Some(inner) = s.strip_suffix(')') else {
        return (s, None);
    };
    let Some(open) = inner.rfind('(') else {
        return (s, None);
    };
    let (name, unit) = match (inner.get(..open), inner.get(open + 1..)) {
        (Some(name), Some(unit)) => (name.trim().to_string(), unit),
        _ => return (s, None),
    };
    if let Some(stated) = unit_statement(unit) {
        return (name, Some(stated));
    }
    if is_unit(unit) {
        return (name, Some(squeeze(unit)));
    }
    (s, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals() {
        for t in [
            "全  市",
            "全市",
            "全省",
            "合计",
            "总计",
            "全市合计",
            "全　国",
        ] {
            assert!(is_total(t), "{t}");
        }
        for t in ["福田区", "全市场", "合计数据表述", "市"] {
            assert!(!is_total(t), "{t}");
        }
    }

    #[test]
    fn header_words() {
        assert_eq!(header_word("地区"), Some(HeaderWord::Area));
        assert_eq!(header_word(" 区　域 "), Some(HeaderWord::Area));
        assert_eq!(header_word("项目\\地区"), Some(HeaderWord::Area));
        assert_eq!(header_word("指标"), Some(HeaderWord::Indicator));
        assert_eq!(header_word("年份"), Some(HeaderWord::Year));
        assert_eq!(header_word("目标值"), Some(HeaderWord::Value));
        assert_eq!(header_word("序号"), Some(HeaderWord::Ignore));
        assert_eq!(header_word("地区生产总值"), None);
        assert_eq!(header_word("2011年"), None);
    }

    #[test]
    fn units() {
        for u in [
            "亿元",
            "万人",
            "%",
            "％",
            "家",
            "万元/人",
            "万千瓦",
            "个百分点",
            "万亿元",
        ] {
            assert!(is_unit(u), "{u}");
        }
        for u in ["", "生物", "箩筐", "亿", "年"] {
            assert!(!is_unit(u), "{u}");
        }
        assert_eq!(unit_statement("单位：亿元"), Some("亿元".into()));
        assert_eq!(
            unit_statement("各区目标分解表（单位：万人）"),
            Some("万人".into())
        );
        assert_eq!(unit_statement("单位"), None);
        assert_eq!(unit_statement("责任单位：市发改委"), None);
        assert_eq!(unit_statement("计量单位：个"), Some("个".into()));
        assert_eq!(
            split_unit("生物（亿元）"),
            ("生物".into(), Some("亿元".into()))
        );
        assert_eq!(
            split_unit("企业(单位:家)"),
            ("企业".into(), Some("家".into()))
        );
        assert_eq!(split_unit("生物（含医药）"), ("生物(含医药)".into(), None));
        assert_eq!(split_unit("生物（单位：箩筐）").1, Some("箩筐".into()));
        assert_eq!(split_unit("(亿元"), ("(亿元".into(), None));
    }

    #[test]
    fn notes_and_nesting() {
        assert!(is_note("　　说明：生物产业数据按产值发生地统计"));
        assert!(is_note("注：单位亿元"));
        assert!(!is_note("注册企业"));
        assert_eq!(nested("其中：西乡"), Some("西乡".into()));
        assert_eq!(nested("  其中 光明"), Some("光明".into()));
        assert_eq!(nested("福田区"), None);
    }
}
