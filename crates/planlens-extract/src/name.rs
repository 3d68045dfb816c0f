//! Indicator names from the words around a figure.
//!
//! `X达到N单位` is named after its subject X (the clause before the figure); `N单位Y` after
//! its object Y (the words after it), with X in front when Y follows a 的
//! (`园区50%的建设进度` → 园区建设进度). Years, adverbs and verbs at the edges are trimmed.

use super::scan::Text;
use super::Candidate;

/// Words at the start of a clause that are time, adverbs or links, not a name.
const LEAD: &[&str] = &[
    "年底前",
    "年底",
    "年末",
    "年内",
    "全年",
    "上半年",
    "下半年",
    "底前",
    "以及",
    "其中",
    "同时",
    "并且",
    "力争",
    "争取",
    "确保",
    "计划",
    "预计",
    "基本",
    "初步",
    "进一步",
    "重点",
    "积极",
    "到",
    "至",
    "于",
    "在",
    "并",
    "还",
    "将",
    "使",
    "和",
    "及",
    "与",
    "底",
    "末",
    "前",
    "内",
    "共",
    "、",
    "对",
];

/// Verbs at the start of a subject (`完成投资` → 投资), kept when nothing else remains.
const VERBS: &[&str] = &[
    "组织实施完成",
    "组织实施",
    "引进或组建",
    "完成",
    "实现",
    "开发出",
    "引进",
    "引入",
    "培育",
    "推进",
    "启动",
    "建成",
    "组建",
    "续建",
    "拥有",
    "达到",
    "形成",
    "扶持",
    "支持",
    "打造",
    "创建",
    "落实",
    "推广",
    "举办",
    "签署",
    "申报",
    "设立",
    "建立",
    "组织",
    "开展",
    "建设",
];

/// Words at the end of a subject that belong to the predicate.
const TAIL: &[&str] = &[
    "累计达到",
    "均达到",
    "达到",
    "提高到",
    "提高至",
    "增加到",
    "降低到",
    "下降到",
    "控制在",
    "保持在",
    "稳定在",
    "调整为",
    "调整到",
    "完成至",
    "不低于",
    "不少于",
    "不超过",
    "约为",
    "大约",
    "超过",
    "至少",
    "突破",
    "完成",
    "实现",
    "累计",
    "力争",
    "争取",
    "增至",
    "降至",
    "达",
    "为",
    "是",
    "超",
    "约",
    "至",
    "在",
    "共",
    "均",
    "的",
    "了",
    "等",
    "占",
];

/// Words after an object that end its name.
const POST_CUT: &[&str] = &[
    "进驻",
    "入驻",
    "落户",
    "挂牌",
    "在",
    "进行",
    "的建设",
    "建设",
    "的设立",
    "的筹建",
    "的立项",
    "工作",
    "等",
    "并",
];

/// Conjunctions that join list items: an object after one of them names the next item.
const CONJ: &[&str] = &["以及", "和", "及", "与", "或", "并", "等"];

fn is_punct(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ',' | '.' | ';' | ':' | '、' | '。' | '!' | '?' | '·' | '&' | '\'' | '-' | '―' | '—'
        )
}

/// Trims spaces and punctuation at both ends, and brackets or quotes left unpaired.
fn trim(s: &str) -> String {
    let mut v: Vec<char> = s.chars().collect();
    loop {
        let before = v.len();
        while v.first().is_some_and(|&c| is_punct(c)) {
            v.remove(0);
        }
        while v.last().is_some_and(|&c| is_punct(c)) {
            v.pop();
        }
        for (open, close) in [('(', ')'), ('“', '”'), ('"', '"')] {
            let opens = v.iter().filter(|&&c| c == open).count();
            let closes = v.iter().filter(|&&c| c == close).count();
            let unpaired = if open == close {
                (opens % 2 == 1).then_some(open)
            } else if opens > closes {
                Some(open)
            } else if closes > opens {
                Some(close)
            } else {
                None
            };
            if let Some(x) = unpaired {
                if v.first() == Some(&x) {
                    v.remove(0);
                } else if v.last() == Some(&x) {
                    v.pop();
                }
            }
        }
        if v.len() == before {
            break;
        }
    }
    v.into_iter().collect()
}

/// Removes a leading month or quarter (`6月底`, `第四季度`).
fn strip_month(s: &str) -> Option<&str> {
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 {
        let rest = s.get(digits..)?.strip_prefix('月')?;
        let rest = ["底前", "底", "份", "前", "初", "中", "末"]
            .iter()
            .find_map(|w| rest.strip_prefix(w))
            .unwrap_or(rest);
        return Some(rest);
    }
    let rest = s.strip_prefix('第')?;
    let k = rest.find("季度")?;
    rest.get(k + "季度".len()..)
}

/// Cleans the words before a figure into a subject.
fn subject_words(s: &str, unit: &str) -> String {
    let mut s = trim(s);
    loop {
        let before = s.len();
        if let Some(r) = strip_month(&s) {
            s = trim(r);
        }
        if let Some(w) = LEAD.iter().find(|w| s.starts_with(**w)) {
            s = trim(s.get(w.len()..).unwrap_or(""));
        }
        if let Some(w) = VERBS.iter().find(|w| s.starts_with(**w)) {
            let rest = s.get(w.len()..).unwrap_or("");
            if rest.is_empty() || rest.chars().count() >= 2 {
                s = trim(rest);
            }
        }
        if s.len() == before {
            break;
        }
    }
    loop {
        let before = s.len();
        if let Some(w) = TAIL.iter().find(|w| s.ends_with(**w)) {
            s.truncate(s.len() - w.len());
            s = trim(&s);
        }
        if s.len() == before {
            break;
        }
    }
    if unit == "%" && s.ends_with("增长") {
        s.push('率');
    }
    s
}

/// The name of the figure at `lead..end`, from its clause: `floor` is where its words
/// may start (after the year, the previous figure or the sentence start), `next` the
/// start of the next figure, `stop` the end of the sentence.
pub(super) fn name(
    t: &Text,
    floor: usize,
    lead: usize,
    end: usize,
    next: Option<usize>,
    stop: usize,
    unit: &str,
) -> String {
    let boundary = |c: char| matches!(c, ',' | ';' | ':' | '、' | '。');
    let floor = floor.max(lead.saturating_sub(super::REACH));
    let mut pre_start = lead;
    while pre_start > floor && !boundary(t.ch(pre_start - 1)) {
        pre_start -= 1;
    }
    let mut pre = t.folded(pre_start, lead);
    if CONJ.iter().any(|c| pre.ends_with(c) && *c != "等") {
        pre.clear(); // 和2家上市公司: the words before belong to the previous item
    }
    let after = t.ch(end);
    let predicate = end >= stop
        || boundary(after)
        || matches!(after, '(' | ')' | ' ' | '\0' | '\n' | '?' | '!')
        || t.word_at(end, CONJ).is_some()
        || t.word_at(end, &["作为", "用于", "投入", "进行"]).is_some();
    let subject = subject_words(&pre, unit);
    if predicate {
        return subject;
    }
    let mut clause_end = end;
    let stop = stop.min(end + super::REACH);
    while clause_end < stop && !matches!(t.ch(clause_end), ',' | ';' | ':' | '。') {
        clause_end += 1;
    }
    let reaches_next = next.is_some_and(|n| n <= clause_end);
    let post_end = next.map_or(clause_end, |n| n.min(clause_end));
    let raw = t.folded(end, post_end);
    let had_de = raw.starts_with('的');
    let mut post = raw.trim_start_matches('的').to_string();
    if reaches_next {
        // the last link before the next figure: 5家以上教育、医疗类…中心、35个以上
        if let Some(k) = CONJ
            .iter()
            .chain(&["、"])
            .filter_map(|w| post.rfind(w))
            .filter(|&k| k > 0)
            .max()
        {
            post.truncate(k);
        }
    }
    if let Some(k) = POST_CUT
        .iter()
        .filter_map(|w| post.find(w))
        .filter(|&k| k > 0)
        .min()
    {
        post.truncate(k);
    }
    if post.chars().count() > 30 {
        if let Some(k) = post.rfind('的') {
            post = post.get(k + '的'.len_utf8()..).unwrap_or("").to_string();
        }
    }
    let post = trim(&post);
    if post.is_empty() {
        subject
    } else if had_de && !subject.is_empty() {
        subject + &post
    } else {
        post
    }
}

/// The subject of a name for the next figure of its clause (`全市科技进步贡献率比“十五”期末提高`
/// → 全市科技进步贡献率).
pub(super) fn subject(name: &str) -> String {
    let s = match name.find('比') {
        Some(k) if k > 0 => name.get(..k).unwrap_or(name),
        _ => name,
    };
    let s = ["提高", "增长率", "增长", "增加", "下降", "降低"]
        .iter()
        .find_map(|w| s.strip_suffix(w))
        .unwrap_or(s);
    trim(s)
}

/// When one name, unit and year comes from different sentences (超亿元企业 for the
/// biological and the internet industry), prefixes each with the topic of its sentence:
/// the nearest earlier figure named …规模, without 规模 (生物产业规模 → 生物产业).
pub(super) fn disambiguate(c: &mut [Candidate]) {
    // The topic of a figure: the nearest figure before it in the same paragraph-like
    // stretch whose name ends with 规模 (生物产业规模 → 生物产业).
    let topics: Vec<Option<String>> = (0..c.len())
        .map(|i| {
            let me = c.get(i)?;
            let start = i.saturating_sub(12);
            let head = c
                .get(start..i)?
                .iter()
                .rev()
                .find(|x| x.indicator.ends_with("规模"))?;
            let t = head.indicator.strip_suffix("规模")?;
            (!t.is_empty() && !me.indicator.starts_with(t)).then(|| t.to_string())
        })
        .collect();
    // groups of the same indicator name, unit, area, year and hidden year; the parts
    // of an allocation take their whole's name afterwards
    let mut index = super::Index::default();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, x) in c.iter().enumerate().filter(|(_, x)| x.part_of.is_none()) {
        let key = super::key(
            &[&x.indicator, &x.unit, x.year_text.as_deref().unwrap_or("")],
            &[Some(x.area as i64), x.year.map(i64::from)],
        );
        match index.get(key.as_str()) {
            Some(&g) => {
                if let Some(members) = groups.get_mut(g as usize) {
                    members.push(i);
                }
            }
            None => {
                index.insert(key, groups.len() as u32);
                groups.push(vec![i]);
            }
        }
    }
    let topic = |j: usize| topics.get(j).and_then(Option::as_ref);
    let mut rename: Vec<(usize, String)> = Vec::new();
    for members in &groups {
        let Some(&m0) = members.first() else { continue };
        let sentence = |j: usize| c.get(j).map(|b| b.sentence);
        // from at least two sentences, with at least two topics
        let sentences = members.iter().any(|&j| sentence(j) != sentence(m0));
        let distinct = members.iter().any(|&j| topic(j) != topic(m0));
        if !(sentences && distinct) {
            continue;
        }
        for &j in members {
            if let (Some(tp), Some(x)) = (topic(j), c.get(j)) {
                rename.push((j, [tp.as_str(), &x.indicator].concat()));
            }
        }
    }
    for (i, name) in rename {
        if let Some(x) = c.get_mut(i) {
            x.indicator = name;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects() {
        assert_eq!(subject_words("生物产业规模达到", "亿元"), "生物产业规模");
        assert_eq!(subject_words("完成投资", "亿元"), "投资");
        assert_eq!(
            subject_words("高新技术产业增加值年均增长", "%"),
            "高新技术产业增加值年均增长率"
        );
        assert_eq!(subject_words("力争年内引进互联网企业", "家"), "互联网企业");
        assert_eq!(subject_words("6月底前完成大楼", "层"), "大楼");
        assert_eq!(subject_words("“深圳市", "家"), "深圳市");
        assert_eq!(
            subject("全市科技进步贡献率比“十五”期末提高"),
            "全市科技进步贡献率"
        );
    }
}
