//! Area names by their form: 南山区, 光明新区, 大通县, 深圳市, 观澜镇, 南园街道, and the
//! words for the whole (全市, 全省, 全区, 全县).
//!
//! A name is a short run of CJK characters (its stem) and a suffix. Words with those
//! suffixes that name no place (园区, 示范区, 高新区, 城市, 上市, 城镇, 贫困县 …) are
//! refused by their stem: too short, holding a word such as 级 or 的, or ending in a
//! generic word. Levels order the suffixes: 1 province, 2 city, 3 district or county,
//! 4 town or street; a part must be of a lower level than its whole (a 市 under a
//! city only in a 其中 list, where county-level cities are named).

use super::scan::is_cjk;

/// Province, city, district or county, town or street.
pub(super) type Level = u8;

/// The words for the whole plan area, with their level.
const WHOLE: [(&str, Level); 4] = [("全省", 1), ("全市", 2), ("全区", 3), ("全县", 3)];

/// Characters after a whole word that make it another word (全市场, 全市民, 全区域).
const NOT_AFTER_WHOLE: &str = "场民域份县区镇乡";

/// A word for the whole at the start of `s` (全市生物产业规模 → 全市): its length in
/// bytes and its level.
pub(super) fn whole(s: &str) -> Option<(usize, Level)> {
    let (w, level) = WHOLE.iter().copied().find(|(w, _)| s.starts_with(w))?;
    let next = s.get(w.len()..)?.chars().next();
    if next.is_some_and(|c| NOT_AFTER_WHOLE.contains(c)) {
        return None;
    }
    Some((w.len(), level))
}

/// Suffixes, longest first, with their level, the shortest stem and the stem endings
/// that make the word generic.
const SUFFIXES: &[(&str, Level, usize, &[&str])] = &[
    ("自治区", 1, 2, &[]),
    ("街道", 4, 2, &["各", "本", "该", "全", "镇", "乡"]),
    (
        "区",
        3,
        2,
        &[
            "园", "片", "示范", "集聚", "聚集", "开发", "试验", "实验", "功能", "保护", "产业",
            "工业", "商务", "商业", "核心", "起步", "拓展", "先行", "城", "市", "社", "景", "校",
            "街", "特", "辖", "地", "灾", "库", "矿", "林", "牧", "老", "保税", "高新", "合作",
            "服务", "物流", "住宅", "居住", "生活", "经济", "综合", "中心", "风景", "旅游", "度假",
            "贸易", "自贸", "办公", "展", "聚", "带", "县", "贫困", "郊", "城乡", "新城", "老城",
            "主城", "城中",
        ],
    ),
    (
        "县",
        3,
        1,
        &[
            "区", "市", "州", "郡", "各", "本", "该", "全", "邻", "强", "郊", "贫困", "示范",
            "试点", "先进", "达标", "重点", "大",
        ],
    ),
    (
        "市",
        2,
        2,
        &[
            "城", "超", "股", "都", "辖", "上", "夜", "集", "门", "楼", "车", "债", "黑", "闹",
            "菜", "花", "鸟", "期", "汇",
        ],
    ),
    (
        "镇",
        4,
        2,
        &[
            "乡", "城", "集", "重", "名", "小", "强", "建制", "特色", "示范", "中心", "古", "试点",
            "重点",
        ],
    ),
    (
        "省",
        1,
        2,
        &["各", "本", "外", "节", "反", "兄弟", "大", "强"],
    ),
];

/// Characters a stem never holds: 国家级园区, 有关的区, 各个县.
const NOT_IN_STEM: &str = "的级等个之各每其或与及这那该本此全我";

fn stem_ok(stem: &str, min: usize, generic: &[&str]) -> bool {
    let n = stem.chars().count();
    (min..=8).contains(&n)
        && stem.chars().all(is_cjk)
        && !stem
            .chars()
            .enumerate()
            .any(|(k, c)| NOT_IN_STEM.contains(c) || (k > 0 && c == '和'))
        && !generic.iter().any(|g| stem.ends_with(g))
}

/// The level an area name has by its form, when the whole of `s` is one.
pub(super) fn level_of(s: &str) -> Option<Level> {
    SUFFIXES.iter().find_map(|(suffix, level, min, generic)| {
        let stem = s.strip_suffix(suffix)?;
        stem_ok(stem, *min, generic).then_some(*level)
    })
}

/// The shortest area name by form at the start of `s` (南山区生物产业 → 南山区): its
/// length in bytes and its level.
pub(super) fn by_form(s: &str) -> Option<(usize, Level)> {
    for (k, c) in s.char_indices().take(12) {
        if !is_cjk(c) {
            return None;
        }
        let end = k + c.len_utf8();
        if let Some(level) = s.get(..end).and_then(level_of) {
            return Some((end, level));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        for (s, level) in [
            ("南山区", 3),
            ("光明新区", 3),
            ("大通县", 3),
            ("沛县", 3),
            ("深圳市", 2),
            ("石家庄市", 2),
            ("观澜镇", 4),
            ("南园街道", 4),
            ("广东省", 1),
            ("和平区", 3),
            ("广西壮族自治区", 1),
        ] {
            assert_eq!(level_of(s), Some(level), "{s}");
        }
        for s in [
            "园区",
            "产业园区",
            "示范区",
            "国家级园区",
            "高新区",
            "保税区",
            "新区",
            "城区",
            "市区",
            "城市",
            "创新型城市",
            "上市",
            "县级市",
            "城镇",
            "特色小镇",
            "贫困县",
            "区县",
            "各街道",
            "国家级",
            "非农业人口",
        ] {
            assert_eq!(level_of(s), None, "{s}");
        }
        assert_eq!(by_form("南山区生物产业规模"), Some(("南山区".len(), 3)));
        assert_eq!(by_form("深圳市生物产业规模"), Some(("深圳市".len(), 2)));
        assert_eq!(by_form("城镇人口"), None);
        assert_eq!(whole("全市生物产业规模"), Some(("全市".len(), 2)));
        assert_eq!(whole("全市场"), None);
    }
}
