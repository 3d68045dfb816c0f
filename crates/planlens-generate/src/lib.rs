//! Synthetic national-scale plans for benchmarks and scale tests (issue #5).
//!
//! [`generate`] writes one `planlens/1` plan shaped like China's divisions: the nation
//! (`cn`), 34 provinces (their real GB/T 2260 codes and names), prefectures (ids: the
//! province code and two digits) and counties (the prefecture id and two digits). At
//! scale 1 a province has 6–14 prefectures and a prefecture 5–11 counties (about 3,100
//! areas); scale `s` multiplies both ranges by about √s (so the number of areas grows
//! about `s`-fold), each level capped at 99 children so ids keep two digits per level.
//!
//! Every area gets a target for every indicator and year (years from 2021). The
//! counties' values are random; every parent's value is the exact sum of its children's.
//! Then up to `perturb` county values are changed by a known amount. A changed county
//! makes exactly its prefecture's `area_sum` fail (higher levels sum their children's
//! stated targets, which are unchanged), with the difference `parts − expected` equal to
//! the change; no two changes hit the same prefecture, indicator and year. Everything
//! else passes.
//!
//! The generator is pure and deterministic: its own splitmix64 generator, integer
//! arithmetic only, output written straight into one `String` (about 40 MB for
//! 20 indicators × 10 years at scale 1, in a fraction of a second). Values and
//! changes come from two separate streams, so the same seed gives the same base values
//! whatever `perturb` is.

use planlens::num::{fmt_dec, Dec};
use std::collections::HashSet;
use std::fmt::Write as _;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub seed: u64,
    /// Indicators (all additive). The first 20 have distinct names and units; beyond
    /// that the list repeats with a numeric suffix.
    pub indicators: u32,
    /// Years from 2021 on; at most 100 (more are capped).
    pub years: u32,
    /// 1, 4, 16, …: multiplies the number of areas (more prefectures and counties). 0
    /// counts as 1.
    pub scale: u32,
    /// How many county values to change (fewer when there are not that many
    /// prefecture × indicator × year slots).
    pub perturb: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed: 1,
            indicators: 20,
            years: 10,
            scale: 1,
            perturb: 50,
        }
    }
}

/// One planted failure: the `area_sum` finding the report must show as `fail`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Planted {
    pub indicator: String,
    /// The parent (a prefecture) whose `area_sum` fails.
    pub area: String,
    pub year: i32,
    /// The parts' sum minus the parent's value (the report's `difference`, see
    /// `check::Finding::difference`): the amount the county was changed by.
    pub difference: Dec,
    /// The county whose value was changed.
    pub leaf: String,
}

/// The first year of every generated plan.
pub const FIRST_YEAR: i32 = 2021;

/// The 34 provincial-level divisions: code, name.
const PROVINCES: [(&str, &str); 34] = [
    ("11", "北京市"),
    ("12", "天津市"),
    ("13", "河北省"),
    ("14", "山西省"),
    ("15", "内蒙古自治区"),
    ("21", "辽宁省"),
    ("22", "吉林省"),
    ("23", "黑龙江省"),
    ("31", "上海市"),
    ("32", "江苏省"),
    ("33", "浙江省"),
    ("34", "安徽省"),
    ("35", "福建省"),
    ("36", "江西省"),
    ("37", "山东省"),
    ("41", "河南省"),
    ("42", "湖北省"),
    ("43", "湖南省"),
    ("44", "广东省"),
    ("45", "广西壮族自治区"),
    ("46", "海南省"),
    ("50", "重庆市"),
    ("51", "四川省"),
    ("52", "贵州省"),
    ("53", "云南省"),
    ("54", "西藏自治区"),
    ("61", "陕西省"),
    ("62", "甘肃省"),
    ("63", "青海省"),
    ("64", "宁夏回族自治区"),
    ("65", "新疆维吾尔自治区"),
    ("71", "台湾省"),
    ("81", "香港特别行政区"),
    ("82", "澳门特别行政区"),
];

/// An indicator template: id, name, unit, decimal places, a county's typical value in
/// units of the last decimal place, yearly growth in per mille.
struct IndTemplate {
    id: &'static str,
    name: &'static str,
    unit: &'static str,
    dp: u32,
    base: u64,
    growth: u64,
}

const fn t(
    id: &'static str,
    name: &'static str,
    unit: &'static str,
    dp: u32,
    base: u64,
    growth: u64,
) -> IndTemplate {
    IndTemplate {
        id,
        name,
        unit,
        dp,
        base,
        growth,
    }
}

const INDICATORS: [IndTemplate; 20] = [
    t("gdp", "地区生产总值", "亿元", 2, 30000, 55),
    t("industry_va", "规模以上工业增加值", "亿元", 2, 10000, 60),
    t("fixed_invest", "固定资产投资", "亿元", 2, 20000, 50),
    t("retail", "社会消费品零售总额", "亿元", 2, 12000, 65),
    t("fiscal_rev", "一般公共预算收入", "亿元", 2, 2500, 45),
    t("rd_spend", "研究与试验发展经费支出", "亿元", 2, 600, 90),
    t("exports", "出口总额", "亿美元", 2, 1500, 40),
    t("hitech_firms", "高新技术企业数", "家", 0, 120, 80),
    t("patents", "发明专利授权量", "件", 0, 300, 85),
    t("new_jobs", "城镇新增就业", "万人", 1, 15, 10),
    t("population", "常住人口", "万人", 1, 450, 5),
    t("energy", "能源消费总量", "万吨标准煤", 1, 1500, 20),
    t("afforestation", "新增造林面积", "万亩", 1, 30, 15),
    t("grain", "粮食产量", "万吨", 1, 300, 10),
    t("freight", "货运量", "万吨", 1, 8000, 35),
    t("tourism", "旅游总收入", "亿元", 2, 4000, 70),
    t("housing", "保障性住房建设", "套", 0, 2000, 30),
    t("broadband", "固定宽带用户", "万户", 1, 200, 40),
    t("ev_stock", "新能源汽车保有量", "辆", 0, 5000, 250),
    t("hospital_beds", "医疗卫生机构床位", "张", 0, 2500, 25),
];

/// splitmix64: small, fast, and good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi.saturating_sub(lo).saturating_add(1))
    }
}

struct AreaGen {
    id: String,
    name: String,
    parent: Option<usize>,
    is_leaf: bool,
    /// A county's size in per mille of the typical county.
    size: u64,
}

/// Integer square root (for the per-level multipliers).
fn isqrt(n: u32) -> u32 {
    let mut r = 0u32;
    while (r + 1).saturating_mul(r + 1) <= n {
        r += 1;
    }
    r
}

/// The areas in breadth-first order (every parent before its children).
fn areas(opts: &Options, rng: &mut Rng) -> Vec<AreaGen> {
    let scale = opts.scale.max(1);
    let a = u64::from(isqrt(scale).max(1));
    let b = u64::from(scale).div_ceil(a).max(1);
    let (pref_lo, pref_hi) = ((6 * a).min(99), (14 * a).min(99));
    let (county_lo, county_hi) = ((5 * b).min(99), (11 * b).min(99));
    let mut out = vec![AreaGen {
        id: "cn".to_string(),
        name: "全国".to_string(),
        parent: None,
        is_leaf: false,
        size: 0,
    }];
    for (code, name) in PROVINCES {
        out.push(AreaGen {
            id: code.to_string(),
            name: name.to_string(),
            parent: Some(0),
            is_leaf: false,
            size: 0,
        });
    }
    let provinces = 1..out.len();
    let mut prefectures = Vec::new();
    for p in provinces {
        let n = rng.range(pref_lo, pref_hi);
        for k in 1..=n {
            let (id, name) = match out.get(p) {
                Some(pa) => (format!("{}{k:02}", pa.id), format!("{}第{k}市", pa.name)),
                None => continue,
            };
            prefectures.push(out.len());
            out.push(AreaGen {
                id,
                name,
                parent: Some(p),
                is_leaf: false,
                size: 0,
            });
        }
    }
    for p in prefectures {
        let n = rng.range(county_lo, county_hi);
        for k in 1..=n {
            let (id, name) = match out.get(p) {
                Some(pa) => (format!("{}{k:02}", pa.id), format!("{}第{k}县", pa.name)),
                None => continue,
            };
            // Skewed sizes: most counties are small, a few are large.
            let u = rng.range(200, 1800);
            let size = u * u / 1000;
            out.push(AreaGen {
                id,
                name,
                parent: Some(p),
                is_leaf: true,
                size,
            });
        }
    }
    out
}

/// One indicator as written: id, name, unit, template.
fn indicator(i: u32) -> (String, String, &'static IndTemplate) {
    let n = INDICATORS.len() as u32;
    let tpl = INDICATORS.get((i % n) as usize).unwrap_or(&INDICATORS[0]);
    let round = i / n;
    if round == 0 {
        (tpl.id.to_string(), tpl.name.to_string(), tpl)
    } else {
        (
            format!("{}_{}", tpl.id, round + 1),
            format!("{}（{}）", tpl.name, round + 1),
            tpl,
        )
    }
}

/// Appends `v / 10^dp` with exactly `dp` decimal places.
fn push_fixed(out: &mut String, v: i64, dp: u32) {
    if dp == 0 {
        let _ = write!(out, "{v}");
        return;
    }
    let p = 10i64.pow(dp);
    if v < 0 {
        out.push('-');
    }
    let a = v.unsigned_abs();
    let p = p.unsigned_abs();
    let _ = write!(out, "{}.{:0w$}", a / p, a % p, w = dp as usize);
}

/// A change drawn before the values: which county, indicator and year, and a random
/// word that decides its size and sign once the value is known.
struct Change {
    ind: u32,
    year: u32,
    leaf: usize,
    word: u64,
}

/// Generates the plan text (compact JSON, one area, indicator or target per line) and
/// the planted failures, sorted as the report sorts its failures (indicator, then area,
/// in definition order, then year).
pub fn generate(opts: &Options) -> (String, Vec<Planted>) {
    let years = opts.years.min(100);
    let mut rng = Rng(opts.seed ^ 0x05EE_D0FA_2EA5);
    let areas = areas(opts, &mut rng);
    let leaves: Vec<usize> = (0..areas.len())
        .filter(|&i| areas.get(i).is_some_and(|a| a.is_leaf))
        .collect();

    // The changes: distinct (prefecture, indicator, year).
    let mut prng = Rng(opts.seed.rotate_left(17) ^ 0xC4A6_3E5D_0B1F_2A97);
    let mut changes: Vec<Change> = Vec::new();
    if opts.indicators > 0 && years > 0 && !leaves.is_empty() {
        let parents: HashSet<usize> = leaves
            .iter()
            .filter_map(|&l| areas.get(l).and_then(|a| a.parent))
            .collect();
        let slots = parents.len() as u64 * u64::from(opts.indicators) * u64::from(years);
        let want = u64::from(opts.perturb).min(slots);
        let mut used: HashSet<(usize, u32, u32)> = HashSet::new();
        let mut attempts = 0u64;
        while (changes.len() as u64) < want && attempts < 64 * want + 1024 {
            attempts += 1;
            let ind = prng.below(u64::from(opts.indicators)) as u32;
            let year = prng.below(u64::from(years)) as u32;
            let leaf = leaves
                .get(prng.below(leaves.len() as u64) as usize)
                .copied()
                .unwrap_or(0);
            let word = prng.next();
            let Some(parent) = areas.get(leaf).and_then(|a| a.parent) else {
                continue;
            };
            if used.insert((parent, ind, year)) {
                changes.push(Change {
                    ind,
                    year,
                    leaf,
                    word,
                });
            }
        }
    }
    changes.sort_by_key(|c| (c.ind, c.year, c.leaf));

    let per_target = 72usize;
    let cap = areas.len() * opts.indicators as usize * years as usize * per_target
        + areas.len() * 96
        + opts.indicators as usize * 96
        + 1024;
    let mut out = String::with_capacity(cap);
    let _ = write!(
        out,
        "{{\"format\":\"planlens/1\",\n\"plan\":{{\"id\":\"synthetic-cn-s{}\",\"title\":\"合成全国规划（规模 {}）\",\"issuer\":\"planlens generate\",\"source\":\"synthetic: seed {}, {} indicators × {} years, scale {}, {} changed county values\"}},\n\"areas\":[",
        opts.scale.max(1),
        opts.scale.max(1),
        opts.seed,
        opts.indicators,
        years,
        opts.scale.max(1),
        changes.len()
    );
    for (i, a) in areas.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        let _ = write!(out, "{{\"id\":\"{}\",\"name\":\"{}\"", a.id, a.name);
        if let Some(p) = a.parent.and_then(|p| areas.get(p)) {
            let _ = write!(out, ",\"parent\":\"{}\"", p.id);
        }
        out.push('}');
    }
    out.push_str("],\n\"indicators\":[");
    let inds: Vec<(String, String, &IndTemplate)> = (0..opts.indicators).map(indicator).collect();
    for (i, (id, name, tpl)) in inds.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        let _ = write!(
            out,
            "{{\"id\":\"{id}\",\"name\":\"{name}\",\"unit\":\"{}\"}}",
            tpl.unit
        );
    }
    out.push_str("],\n\"targets\":[");

    let mut planted = Vec::with_capacity(changes.len());
    let mut values = vec![0i64; areas.len()];
    let mut next_change = changes.iter().peekable();
    let mut first = true;
    for (ii, (ind_id, _, tpl)) in inds.iter().enumerate() {
        let prefix = format!("{{\"indicator\":\"{ind_id}\",\"area\":\"");
        for y in 0..years {
            let year = FIRST_YEAR + y as i32;
            let mid = format!("\",\"year\":{year},\"value\":");
            // County values: size × yearly growth, plus noise; parents sum up.
            let trend = 1000 + tpl.growth * u64::from(y);
            for (v, a) in values.iter_mut().zip(&areas) {
                *v = if a.is_leaf {
                    let base = tpl.base * a.size / 1000 * trend / 1000;
                    let noise = rng.below(tpl.base / 5 + 1);
                    (base + noise).max(1) as i64
                } else {
                    0
                };
            }
            for i in (1..areas.len()).rev() {
                let (Some(v), Some(p)) =
                    (values.get(i).copied(), areas.get(i).and_then(|a| a.parent))
                else {
                    continue;
                };
                if let Some(pv) = values.get_mut(p) {
                    *pv += v;
                }
            }
            while let Some(c) = next_change.next_if(|c| c.ind == ii as u32 && c.year == y) {
                let Some(v) = values.get_mut(c.leaf) else {
                    continue;
                };
                // A quarter of the changes are one unit of the last decimal place
                // (0.01 亿元): exactness matters.
                let mag = if c.word % 4 == 0 {
                    1
                } else {
                    1 + ((c.word >> 8) % (*v as u64 / 20).max(1)) as i64
                };
                let delta = if (c.word >> 2) & 1 == 1 && *v - mag > 0 {
                    -mag
                } else {
                    mag
                };
                *v += delta;
                let (Some(leaf), Some(parent)) = (
                    areas.get(c.leaf),
                    areas
                        .get(c.leaf)
                        .and_then(|a| a.parent)
                        .and_then(|p| areas.get(p)),
                ) else {
                    continue;
                };
                planted.push((
                    ii,
                    leaf.parent.unwrap_or(0),
                    Planted {
                        indicator: ind_id.clone(),
                        area: parent.id.clone(),
                        year,
                        difference: Dec::new(delta, tpl.dp),
                        leaf: leaf.id.clone(),
                    },
                ));
            }
            for (a, &v) in areas.iter().zip(&values) {
                out.push_str(if first { "\n" } else { ",\n" });
                first = false;
                out.push_str(&prefix);
                out.push_str(&a.id);
                out.push_str(&mid);
                push_fixed(&mut out, v, tpl.dp);
                out.push('}');
            }
        }
    }
    out.push_str("]}\n");
    planted.sort_by_key(|p| (p.0, p.1, p.2.year));
    (out, planted.into_iter().map(|p| p.2).collect())
}

/// The planted list as JSON, one object a line:
/// `{"indicator":…,"area":…,"year":…,"difference":"-0.01","leaf":…}`. The difference is
/// a string holding the exact decimal (normalised: no trailing zeros), so that no
/// reader turns it into a binary float.
pub fn planted_json(planted: &[Planted]) -> String {
    let mut out = String::with_capacity(planted.len() * 96 + 4);
    out.push('[');
    for (i, p) in planted.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        let _ = write!(
            out,
            "{{\"indicator\":\"{}\",\"area\":\"{}\",\"year\":{},\"difference\":\"{}\",\"leaf\":\"{}\"}}",
            p.indicator,
            p.area,
            p.year,
            fmt_dec(p.difference),
            p.leaf
        );
    }
    out.push_str("\n]\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use planlens::check::{self, CheckKind, Status};
    use planlens::plan::{Model, SourceFile};

    fn small(seed: u64, perturb: u32) -> Options {
        Options {
            seed,
            indicators: 3,
            years: 2,
            scale: 1,
            perturb,
        }
    }

    /// The failing findings of the generated plan as planted entries (without the leaf).
    fn failing(text: &str) -> (Vec<(String, String, i32, Dec)>, usize) {
        let model = Model::load(&[SourceFile {
            name: "gen.json".into(),
            text: text.to_string(),
        }])
        .unwrap();
        let report = check::run(&model, &check::Options::default()).unwrap();
        let mut fails = Vec::new();
        let mut ok = 0;
        for f in &report.findings {
            assert_eq!(f.check, CheckKind::AreaSum, "only area sums: {f:?}");
            match f.status {
                Status::Fail => fails.push((
                    model.indicator(f.ind).unwrap().id.clone(),
                    model.area(f.area).unwrap().id.clone(),
                    f.year,
                    f.difference.unwrap(),
                )),
                Status::Ok => ok += 1,
                s => panic!("unexpected status {s:?} in {f:?}"),
            }
        }
        (fails, ok)
    }

    #[test]
    fn deterministic() {
        let a = generate(&small(7, 10));
        let b = generate(&small(7, 10));
        assert!(a == b, "same seed, different output");
        let c = generate(&small(8, 10));
        assert_ne!(a.0, c.0);
        // The perturbation count does not change which areas there are.
        let d = generate(&small(7, 0));
        let areas = |s: &str| {
            let from = s.find("\"areas\"").unwrap();
            let to = s.find("\"targets\"").unwrap();
            s[from..to].to_string()
        };
        assert!(areas(&a.0) == areas(&d.0), "areas differ");
        assert!(d.1.is_empty());
    }

    #[test]
    fn shape_and_counts() {
        let (text, planted) = generate(&small(1, 5));
        assert_eq!(planted.len(), 5);
        let model = Model::load(&[SourceFile {
            name: "gen.json".into(),
            text,
        }])
        .unwrap();
        let n = model.areas.len();
        assert!((2000..4500).contains(&n), "{n} areas");
        assert_eq!(model.figures.len(), n * 3 * 2);
        assert_eq!(model.children(model.area_id("cn").unwrap()).len(), 34);
        assert_eq!(model.indicators.len(), 3);
        // Scale 4 has about four times as many areas.
        let (t4, _) = generate(&Options {
            scale: 4,
            indicators: 1,
            years: 1,
            ..small(1, 0)
        });
        let m4 = Model::load(&[SourceFile {
            name: "gen4.json".into(),
            text: t4,
        }])
        .unwrap();
        let ratio = m4.areas.len() as f64 / n as f64;
        assert!((3.0..5.0).contains(&ratio), "ratio {ratio}");
    }

    #[test]
    fn planted_equals_failing_set() {
        for seed in [1, 2, 3] {
            let (text, planted) = generate(&small(seed, 40));
            assert_eq!(planted.len(), 40);
            let (fails, ok) = failing(&text);
            let want: Vec<(String, String, i32, Dec)> = planted
                .iter()
                .map(|p| (p.indicator.clone(), p.area.clone(), p.year, p.difference))
                .collect();
            // Same order too: the planted list is sorted as the report sorts failures.
            assert_eq!(fails, want);
            assert!(ok > 0);
            assert!(planted.iter().all(|p| !p.difference.is_zero()));
            // One-unit changes are there, to test exactness.
            assert!(planted.iter().any(|p| p.difference.abs() <= Dec::new(1, 0)));
        }
    }

    #[test]
    fn more_changes_than_slots() {
        let opts = Options {
            indicators: 1,
            years: 1,
            ..small(5, 100_000)
        };
        let (text, planted) = generate(&opts);
        let (fails, _) = failing(&text);
        assert_eq!(fails.len(), planted.len());
        assert!(planted.len() > 300);
        let distinct: HashSet<&str> = planted.iter().map(|p| p.area.as_str()).collect();
        assert_eq!(distinct.len(), planted.len());
    }

    #[test]
    fn planted_json_is_exact() {
        let p = Planted {
            indicator: "gdp".into(),
            area: "1101".into(),
            year: 2021,
            difference: Dec::new(-10, 2),
            leaf: "110103".into(),
        };
        let s = planted_json(&[p]);
        assert!(s.contains("\"difference\":\"-0.1\""), "{s}");
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v.as_array().unwrap().len(), 1);
    }

    #[test]
    fn empty_options() {
        let (text, planted) = generate(&Options {
            indicators: 0,
            years: 0,
            scale: 0,
            perturb: 10,
            seed: 0,
        });
        assert!(planted.is_empty());
        Model::load(&[SourceFile {
            name: "e.json".into(),
            text,
        }])
        .unwrap();
    }
}
